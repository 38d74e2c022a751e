/* Zfa (unpriv spec ch. "Zfa"), single and double precision: FLI.S/FLI.D
 * (all 32 table entries, no flags), FMINM/FMAXM (IEEE 754-2019 minimum
 * and maximum: a NaN operand gives the canonical NaN), FROUND/FROUNDNX
 * (round to integral in every rounding mode; only FROUNDNX raises NX),
 * FCVTMOD.W.D (truncate, keep bits 31:0; FCVT.W.D's flags), FLEQ/FLTQ
 * (quiet comparisons), NaN-boxed single operands, and the encodings that
 * stay reserved: FMVH.X.D and FMVP.D.X (RV32 only), FCVTMOD.W.D with an
 * rm other than RTZ, reserved rounding modes.  The half-precision forms
 * are in zfa_h.S.  binutils 2.40 has no Zfa, so the instructions are
 * spelled with .insn.  Expected values worked out by hand. */
#include "isa.h"

/* rounding-mode field values */
#define RNE 0
#define RTZ 1
#define RDN 2
#define RUP 3
#define RMM 4
#define DYN 7

/* funct7 of the S/D/H formats for each group */
#define F7_MINMAX_S 0x14
#define F7_MINMAX_D 0x15
#define F7_CMP_S    0x50
#define F7_CMP_D    0x51
#define F7_ROUND_S  0x20
#define F7_ROUND_D  0x21
#define F3_FMINM 2
#define F3_FMAXM 3
#define F3_FLEQ  4
#define F3_FLTQ  5
#define FROUND   x4             /* the rs2 field */
#define FROUNDNX x5

#define FLI_INSN_S(rd, k) .insn r 0x53, 0, 0x78, rd, x##k, x1
#define FLI_INSN_D(rd, k) .insn r 0x53, 0, 0x79, rd, x##k, x1
#define EXPECT_F_S_(f, v) EXPECT_F_S(f, v)

/* FLI.fmt fa0, entry k: no flags, the table's value */
#define TEST_FLI(n, FMT, k, val)                                \
        TESTCASE(n); FLI_D(fa0, 0); CLEAR_FLAGS;                \
        FLI_INSN_##FMT(fa0, k); EXPECT_FLAGS(0); EXPECT_F_##FMT(fa0, val)
/* two-operand ops with a result in fa0 / a comparison result in a0 */
#define ZFA_OP2(n, LD, EX, f7, f3, fl, res, v1, v2)             \
        TESTCASE(n); LD(fa1, v1); LD(fa2, v2); CLEAR_FLAGS;     \
        .insn r 0x53, f3, f7, fa0, fa1, fa2; EXPECT_FLAGS(fl); EX(fa0, res)
#define ZFA_CMP(n, LD, f7, f3, fl, res, v1, v2)                 \
        TESTCASE(n); LD(fa1, v1); LD(fa2, v2); CLEAR_FLAGS;     \
        .insn r 0x53, f3, f7, a0, fa1, fa2; EXPECT_FLAGS(fl); EXPECT(a0, res)
/* FROUND/FROUNDNX (op) with rounding mode rm */
#define ZFA_RND(n, LD, EX, f7, op, rm, fl, res, v1)             \
        TESTCASE(n); LD(fa1, v1); CLEAR_FLAGS;                  \
        .insn r 0x53, rm, f7, fa0, fa1, op; EXPECT_FLAGS(fl); EX(fa0, res)
#define FCVTMOD(n, fl, res, v1)                                 \
        TESTCASE(n); FLI_D(fa1, v1); CLEAR_FLAGS;               \
        .insn r 0x53, RTZ, 0x61, a0, fa1, x8; EXPECT_FLAGS(fl); EXPECT(a0, res)

#define MINMAX_S(n, ...) ZFA_OP2(n, FLI_S, EXPECT_F_S, F7_MINMAX_S, __VA_ARGS__)
#define MINMAX_D(n, ...) ZFA_OP2(n, FLI_D, EXPECT_F_D, F7_MINMAX_D, __VA_ARGS__)
#define CMP_S(n, ...)    ZFA_CMP(n, FLI_S, F7_CMP_S, __VA_ARGS__)
#define CMP_D(n, ...)    ZFA_CMP(n, FLI_D, F7_CMP_D, __VA_ARGS__)
#define RND_S(n, ...)    ZFA_RND(n, FLI_S, EXPECT_F_S, F7_ROUND_S, __VA_ARGS__)
#define RND_D(n, ...)    ZFA_RND(n, FLI_D, EXPECT_F_D, F7_ROUND_D, __VA_ARGS__)

#define FRM(k) li t0, k; csrw frm, t0

/* singles */
#define S_ONE  0x3f800000
#define S_MONE 0xbf800000
#define S_TWO  0x40000000
#define S_QNAN 0x7fc00000
#define S_SNAN 0x7f800001
#define S_INF  0x7f800000
#define S_NINF 0xff800000
#define S_PZ   0x00000000
#define S_NZ   0x80000000
/* doubles */
#define D_ONE  0x3ff0000000000000
#define D_MONE 0xbff0000000000000
#define D_TWO  0x4000000000000000
#define D_QNAN 0x7ff8000000000000
#define D_SNAN 0x7ff0000000000001
#define D_INF  0x7ff0000000000000
#define D_NINF 0xfff0000000000000
#define D_PZ   0x0000000000000000
#define D_NZ   0x8000000000000000

ISA_BEGIN
        /* ---- mstatus.FS = Off ---- */
        INSTALL_TRAP
        FP_DISABLE
        TESTCASE(1); ARM_TRAP; FLI_INSN_S(fa0, 16); EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)
        TESTCASE(2); ARM_TRAP; FLI_INSN_D(fa0, 16); EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)
        TESTCASE(3); ARM_TRAP; .insn r 0x53, F3_FMINM, F7_MINMAX_S, fa0, fa1, fa2; EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)
        TESTCASE(4); ARM_TRAP; .insn r 0x53, RNE, F7_ROUND_D, fa0, fa1, FROUND; EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)
        TESTCASE(5); ARM_TRAP; .insn r 0x53, RTZ, 0x61, a0, fa1, x8; EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)
        TESTCASE(6); ARM_TRAP; .insn r 0x53, F3_FLTQ, F7_CMP_D, a0, fa1, fa2; EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)
        /* FS = Initial: FLI writes an f register, so FS becomes Dirty */
        TESTCASE(7)
        li t0, MSTATUS_FS_INIT; csrs mstatus, t0
        ARM_TRAP
        FLI_INSN_S(fa0, 16)
        EXPECT_NO_TRAP
        csrr a0, mstatus
        srli a1, a0, 13; andi a1, a1, 3; EXPECT(a1, 3)
        UNINSTALL_TRAP
        FP_ENABLE
        /* FLI's rs1 is the table index, not a register: x0's entry 0 is -1.0 */
        TESTCASE(8); li t0, 0; .insn r 0x53, 0, 0x78, fa0, x0, x1; EXPECT_F_S(fa0, S_MONE)
        TESTCASE(9); FLI_INSN_D(f31, 31); EXPECT_F_D(f31, D_QNAN)

        /* ---- FLI.S / FLI.D: the whole table ---- */
        TEST_FLI(10, S, 0, 0xbf800000)
        TEST_FLI(11, S, 1, 0x00800000)
        TEST_FLI(12, S, 2, 0x37800000)
        TEST_FLI(13, S, 3, 0x38000000)
        TEST_FLI(14, S, 4, 0x3b800000)
        TEST_FLI(15, S, 5, 0x3c000000)
        TEST_FLI(16, S, 6, 0x3d800000)
        TEST_FLI(17, S, 7, 0x3e000000)
        TEST_FLI(18, S, 8, 0x3e800000)
        TEST_FLI(19, S, 9, 0x3ea00000)
        TEST_FLI(20, S, 10, 0x3ec00000)
        TEST_FLI(21, S, 11, 0x3ee00000)
        TEST_FLI(22, S, 12, 0x3f000000)
        TEST_FLI(23, S, 13, 0x3f200000)
        TEST_FLI(24, S, 14, 0x3f400000)
        TEST_FLI(25, S, 15, 0x3f600000)
        TEST_FLI(26, S, 16, 0x3f800000)
        TEST_FLI(27, S, 17, 0x3fa00000)
        TEST_FLI(28, S, 18, 0x3fc00000)
        TEST_FLI(29, S, 19, 0x3fe00000)
        TEST_FLI(30, S, 20, 0x40000000)
        TEST_FLI(31, S, 21, 0x40200000)
        TEST_FLI(32, S, 22, 0x40400000)
        TEST_FLI(33, S, 23, 0x40800000)
        TEST_FLI(34, S, 24, 0x41000000)
        TEST_FLI(35, S, 25, 0x41800000)
        TEST_FLI(36, S, 26, 0x43000000)
        TEST_FLI(37, S, 27, 0x43800000)
        TEST_FLI(38, S, 28, 0x47000000)
        TEST_FLI(39, S, 29, 0x47800000)
        TEST_FLI(40, S, 30, 0x7f800000)
        TEST_FLI(41, S, 31, 0x7fc00000)
        TEST_FLI(42, D, 0, 0xbff0000000000000)
        TEST_FLI(43, D, 1, 0x0010000000000000)
        TEST_FLI(44, D, 2, 0x3ef0000000000000)
        TEST_FLI(45, D, 3, 0x3f00000000000000)
        TEST_FLI(46, D, 4, 0x3f70000000000000)
        TEST_FLI(47, D, 5, 0x3f80000000000000)
        TEST_FLI(48, D, 6, 0x3fb0000000000000)
        TEST_FLI(49, D, 7, 0x3fc0000000000000)
        TEST_FLI(50, D, 8, 0x3fd0000000000000)
        TEST_FLI(51, D, 9, 0x3fd4000000000000)
        TEST_FLI(52, D, 10, 0x3fd8000000000000)
        TEST_FLI(53, D, 11, 0x3fdc000000000000)
        TEST_FLI(54, D, 12, 0x3fe0000000000000)
        TEST_FLI(55, D, 13, 0x3fe4000000000000)
        TEST_FLI(56, D, 14, 0x3fe8000000000000)
        TEST_FLI(57, D, 15, 0x3fec000000000000)
        TEST_FLI(58, D, 16, 0x3ff0000000000000)
        TEST_FLI(59, D, 17, 0x3ff4000000000000)
        TEST_FLI(60, D, 18, 0x3ff8000000000000)
        TEST_FLI(61, D, 19, 0x3ffc000000000000)
        TEST_FLI(62, D, 20, 0x4000000000000000)
        TEST_FLI(63, D, 21, 0x4004000000000000)
        TEST_FLI(64, D, 22, 0x4008000000000000)
        TEST_FLI(65, D, 23, 0x4010000000000000)
        TEST_FLI(66, D, 24, 0x4020000000000000)
        TEST_FLI(67, D, 25, 0x4030000000000000)
        TEST_FLI(68, D, 26, 0x4060000000000000)
        TEST_FLI(69, D, 27, 0x4070000000000000)
        TEST_FLI(70, D, 28, 0x40e0000000000000)
        TEST_FLI(71, D, 29, 0x40f0000000000000)
        TEST_FLI(72, D, 30, 0x7ff0000000000000)
        TEST_FLI(73, D, 31, 0x7ff8000000000000)

        /* ---- FMINM / FMAXM ---- */
        MINMAX_S(74, F3_FMINM, 0, S_ONE, S_ONE, S_TWO)
        MINMAX_S(75, F3_FMAXM, 0, S_TWO, S_ONE, S_TWO)
        MINMAX_S(76, F3_FMINM, 0, S_NZ, S_PZ, S_NZ)             /* -0 < +0 */
        MINMAX_S(77, F3_FMINM, 0, S_NZ, S_NZ, S_PZ)
        MINMAX_S(78, F3_FMAXM, 0, S_PZ, S_NZ, S_PZ)
        MINMAX_S(79, F3_FMAXM, 0, S_PZ, S_PZ, S_NZ)
        MINMAX_S(80, F3_FMINM, 0, S_QNAN, 0x7fc12345, S_ONE)   /* a NaN: canonical NaN */
        MINMAX_S(81, F3_FMAXM, 0, S_QNAN, S_ONE, 0xffc00000)
        MINMAX_S(82, F3_FMINM, NV, S_QNAN, S_SNAN, S_ONE)       /* sNaN signals */
        MINMAX_S(83, F3_FMAXM, NV, S_QNAN, S_ONE, S_SNAN)
        MINMAX_S(84, F3_FMAXM, 0, S_QNAN, S_QNAN, S_QNAN)
        MINMAX_S(85, F3_FMINM, 0, S_NINF, S_NINF, S_INF)
        MINMAX_S(86, F3_FMAXM, 0, S_INF, S_NINF, S_INF)
        MINMAX_S(87, F3_FMINM, 0, 0x80000001, 0x00000001, 0x80000001)
        /* an improperly boxed single is a NaN operand too */
        ZFA_OP2(88, FLI_D, EXPECT_F_S, F7_MINMAX_S, F3_FMINM, 0, S_QNAN, 0x000000003f800000, 0xffffffff40000000)
        ZFA_OP2(89, FLI_D, EXPECT_F_S, F7_MINMAX_S, F3_FMAXM, 0, S_TWO, 0xffffffff3f800000, 0xffffffff40000000)
        MINMAX_D(90, F3_FMINM, 0, D_ONE, D_ONE, D_TWO)
        MINMAX_D(91, F3_FMAXM, 0, D_TWO, D_ONE, D_TWO)
        MINMAX_D(92, F3_FMINM, 0, D_NZ, D_PZ, D_NZ)
        MINMAX_D(93, F3_FMAXM, 0, D_PZ, D_NZ, D_PZ)
        MINMAX_D(94, F3_FMINM, 0, D_QNAN, D_ONE, 0x7ff8000000000123)
        MINMAX_D(95, F3_FMAXM, 0, D_QNAN, 0xfff8000000000000, D_MONE)
        MINMAX_D(96, F3_FMAXM, NV, D_QNAN, D_SNAN, D_ONE)
        MINMAX_D(97, F3_FMINM, NV, D_QNAN, D_QNAN, D_SNAN)
        MINMAX_D(98, F3_FMINM, 0, D_MONE, D_MONE, D_INF)

        /* ---- FROUND.S / FROUNDNX.S ---- */
        RND_S(99, FROUND, RNE, 0, S_TWO, 0x3fc00000)            /* 1.5 */
        RND_S(100, FROUNDNX, RNE, NX, S_TWO, 0x3fc00000)
        RND_S(101, FROUND, RTZ, 0, S_ONE, 0x3fc00000)
        RND_S(102, FROUNDNX, RDN, NX, S_ONE, 0x3fc00000)
        RND_S(103, FROUNDNX, RUP, NX, S_TWO, 0x3fc00000)
        RND_S(104, FROUNDNX, RMM, NX, S_TWO, 0x3fc00000)
        RND_S(105, FROUNDNX, RNE, NX, S_TWO, 0x40200000)        /* 2.5: even */
        RND_S(106, FROUNDNX, RMM, NX, 0x40400000, 0x40200000)   /* 2.5: away */
        RND_S(107, FROUNDNX, RNE, NX, 0xc0000000, 0xbfc00000)   /* -1.5 */
        RND_S(108, FROUNDNX, RTZ, NX, S_MONE, 0xbfc00000)
        RND_S(109, FROUNDNX, RDN, NX, 0xc0000000, 0xbfc00000)
        RND_S(110, FROUNDNX, RUP, NX, S_MONE, 0xbfc00000)
        RND_S(111, FROUNDNX, RMM, NX, 0xc0000000, 0xbfc00000)
        RND_S(112, FROUND, RUP, 0, S_NZ, 0xbe99999a)             /* -0.3: -0 */
        RND_S(113, FROUNDNX, RNE, NX, S_NZ, 0xbe99999a)
        RND_S(114, FROUNDNX, RDN, NX, S_MONE, 0xbe99999a)
        RND_S(115, FROUNDNX, RNE, NX, S_PZ, 0x3f000000)          /* 0.5: even */
        RND_S(116, FROUNDNX, RMM, NX, S_ONE, 0x3f000000)
        RND_S(117, FROUNDNX, RTZ, NX, S_PZ, 0x3f333333)          /* 0.7 */
        RND_S(118, FROUNDNX, RNE, NX, S_ONE, 0x3f333333)
        RND_S(119, FROUNDNX, RNE, 0, 0x40400000, 0x40400000)     /* integral: exact */
        RND_S(120, FROUNDNX, RUP, 0, 0x4b000001, 0x4b000001)     /* 2^23 + 1 */
        RND_S(121, FROUNDNX, RNE, 0, 0x7149f2ca, 0x7149f2ca)     /* 1e30 */
        RND_S(122, FROUNDNX, RNE, NX, 0x4b000000, 0x4affffff)    /* 2^23 - 0.5: even */
        RND_S(123, FROUNDNX, RTZ, NX, 0x4afffffe, 0x4affffff)
        RND_S(124, FROUNDNX, RUP, NX, S_ONE, 0x00000001)         /* subnormal */
        RND_S(125, FROUND, RUP, 0, S_ONE, 0x00000001)
        RND_S(126, FROUNDNX, RNE, NX, S_PZ, 0x00000001)
        RND_S(127, FROUNDNX, RDN, NX, S_MONE, 0x80000001)
        RND_S(128, FROUNDNX, RNE, 0, S_INF, S_INF)               /* infinities, zeros unchanged */
        RND_S(129, FROUND, RTZ, 0, S_NINF, S_NINF)
        RND_S(130, FROUNDNX, RDN, 0, S_NZ, S_NZ)
        RND_S(131, FROUNDNX, RUP, 0, S_PZ, S_PZ)
        RND_S(132, FROUNDNX, RNE, 0, S_QNAN, 0xffc12345)         /* qNaN: canonical, quiet */
        RND_S(133, FROUND, RNE, NV, S_QNAN, S_SNAN)              /* sNaN: NV */
        RND_S(134, FROUNDNX, RNE, NV, S_QNAN, S_SNAN)
        ZFA_RND(135, FLI_D, EXPECT_F_S, F7_ROUND_S, FROUNDNX, RNE, 0, S_QNAN, 0x000000003fc00000)  /* unboxed */
        FRM(RUP); RND_S(136, FROUNDNX, DYN, NX, S_TWO, 0x3fc00000)
        FRM(RTZ); RND_S(137, FROUND, DYN, 0, S_ONE, 0x3fc00000)
        FRM(RNE)

        /* ---- FROUND.D / FROUNDNX.D ---- */
        RND_D(138, FROUNDNX, RNE, NX, D_TWO, 0x3ff8000000000000) /* 1.5 */
        RND_D(139, FROUND, RTZ, 0, D_ONE, 0x3ff8000000000000)
        RND_D(140, FROUNDNX, RNE, NX, 0xc000000000000000, 0xc004000000000000)  /* -2.5 */
        RND_D(141, FROUNDNX, RMM, NX, 0xc008000000000000, 0xc004000000000000)
        RND_D(142, FROUNDNX, RUP, NX, 0xc000000000000000, 0xc004000000000000)
        RND_D(143, FROUNDNX, RDN, NX, 0xc008000000000000, 0xc004000000000000)
        RND_D(144, FROUNDNX, RNE, NX, 0x4330000000000000, 0x432fffffffffffff)  /* 2^52 - 0.5 */
        RND_D(145, FROUNDNX, RTZ, NX, 0x432ffffffffffffe, 0x432fffffffffffff)
        RND_D(146, FROUNDNX, RNE, 0, 0x4330000000000001, 0x4330000000000001)   /* 2^52 + 1 */
        RND_D(147, FROUNDNX, RNE, 0, 0x7e37e43c8800759c, 0x7e37e43c8800759c)   /* 1e300 */
        RND_D(148, FROUNDNX, RUP, NX, D_ONE, 0x0000000000000001)
        RND_D(149, FROUND, RUP, 0, D_NZ, 0xbfd3333333333333)                  /* -0.3 */
        RND_D(150, FROUNDNX, RDN, NX, D_MONE, 0xbfd3333333333333)
        RND_D(151, FROUNDNX, RNE, NV, D_QNAN, D_SNAN)
        RND_D(152, FROUNDNX, RNE, 0, D_QNAN, 0xfff8000000000001)
        RND_D(153, FROUNDNX, RNE, 0, D_NINF, D_NINF)
        RND_D(154, FROUNDNX, RNE, 0, D_NZ, D_NZ)
        RND_D(155, FROUNDNX, RNE, 0, 0xc059000000000000, 0xc059000000000000)   /* -100 */
        RND_D(156, FROUNDNX, RMM, NX, 0x4059000000000000, 0x4058e00000000000)  /* 99.5: away */
        RND_D(157, FROUNDNX, RNE, NX, 0x4059000000000000, 0x4058e00000000000)  /* 99.5: even */

        /* ---- FCVTMOD.W.D: truncate, low 32 bits; FCVT.W.D's flags ---- */
        FCVTMOD(158, 0, 1, D_ONE)
        FCVTMOD(159, NX, -1, 0xbff8000000000000)                 /* -1.5 */
        FCVTMOD(160, NX, -7, 0xc01f99999999999a)                 /* -7.9 */
        FCVTMOD(161, NX, 0, 0x3feccccccccccccd)                  /* 0.9 */
        FCVTMOD(162, NX, 0, 0x0000000000000001)
        FCVTMOD(163, 0, 0, D_NZ)
        FCVTMOD(164, 0, 0x7fffffff, 0x41dfffffffc00000)          /* 2^31 - 1 */
        FCVTMOD(165, NX, 0x7fffffff, 0x41dfffffffe00000)         /* 2^31 - 0.5 */
        FCVTMOD(166, NV, 0xffffffff80000000, 0x41e0000000000000) /* 2^31: wraps */
        FCVTMOD(167, 0, 0xffffffff80000000, 0xc1e0000000000000)  /* -2^31 */
        FCVTMOD(168, NX, 0xffffffff80000000, 0xc1e0000000100000) /* -2^31 - 0.5 */
        FCVTMOD(169, NV, 0x7fffffff, 0xc1e0000000200000)         /* -2^31 - 1 */
        FCVTMOD(170, NV, 5, 0x41f0000000500000)                  /* 2^32 + 5 */
        FCVTMOD(171, NV, 0xffffffff89abcdef, 0x4330000089abcdef) /* 2^52 + 0x89abcdef */
        FCVTMOD(172, NV, 0x76543211, 0xc330000089abcdef)         /* its negation */
        FCVTMOD(173, NV, 0, 0x43e0000000000000)                  /* 2^63 */
        FCVTMOD(174, NV, 0x10000000, 0x44f0000000000001)         /* 2^80 + 2^28 */
        FCVTMOD(175, NV, 0xffffffff80000000, 0x4520000000000001) /* 2^83 + 2^31 */
        FCVTMOD(176, NV, 0, 0x4530000000000001)                  /* 2^84 + 2^32 */
        FCVTMOD(177, NV, 0, 0x7fefffffffffffff)
        FCVTMOD(178, NV, 0, D_INF)                               /* inf, NaN -> 0 */
        FCVTMOD(179, NV, 0, D_NINF)
        FCVTMOD(180, NV, 0, D_QNAN)
        FCVTMOD(181, NV, 0, D_SNAN)
        FCVTMOD(182, NX, 0xfffffffffffffffd, 0xc00a000000000000) /* -3.25 */

        /* ---- FLEQ / FLTQ: quiet unless a NaN is signaling ---- */
        CMP_S(183, F3_FLEQ, 0, 1, S_ONE, S_ONE)
        CMP_S(184, F3_FLTQ, 0, 0, S_ONE, S_ONE)
        CMP_S(185, F3_FLTQ, 0, 1, S_ONE, S_TWO)
        CMP_S(186, F3_FLEQ, 0, 0, S_TWO, S_ONE)
        CMP_S(187, F3_FLEQ, 0, 1, S_NZ, S_PZ)
        CMP_S(188, F3_FLTQ, 0, 0, S_NZ, S_PZ)
        CMP_S(189, F3_FLTQ, 0, 1, S_NINF, S_MONE)
        CMP_S(190, F3_FLTQ, 0, 0, S_QNAN, S_ONE)
        CMP_S(191, F3_FLEQ, 0, 0, S_ONE, S_QNAN)
        CMP_S(192, F3_FLEQ, 0, 0, S_QNAN, S_QNAN)
        CMP_S(193, F3_FLTQ, NV, 0, S_SNAN, S_ONE)
        CMP_S(194, F3_FLEQ, NV, 0, S_QNAN, S_SNAN)
        ZFA_CMP(195, FLI_D, F7_CMP_S, F3_FLEQ, 0, 0, 0x000000003f800000, 0xffffffff3f800000)
        CMP_D(196, F3_FLEQ, 0, 1, D_ONE, D_ONE)
        CMP_D(197, F3_FLTQ, 0, 0, D_ONE, D_ONE)
        CMP_D(198, F3_FLTQ, 0, 1, D_MONE, D_ONE)
        CMP_D(199, F3_FLEQ, 0, 1, D_NZ, D_PZ)
        CMP_D(200, F3_FLTQ, 0, 0, D_PZ, D_NZ)
        CMP_D(201, F3_FLTQ, 0, 0, D_ONE, D_QNAN)
        CMP_D(202, F3_FLEQ, 0, 0, 0xfff8000000000000, D_ONE)
        CMP_D(203, F3_FLTQ, NV, 0, D_ONE, D_SNAN)
        CMP_D(204, F3_FLEQ, NV, 0, D_SNAN, D_SNAN)
        /* the FLT/FLE counterparts still signal on a quiet NaN */
        TESTCASE(205); FLI_S(fa1, S_QNAN); FLI_S(fa2, S_ONE); CLEAR_FLAGS; flt.s a0, fa1, fa2; EXPECT_FLAGS(NV)

        /* ---- reserved encodings ---- */
        INSTALL_TRAP
        TESTCASE(206); ARM_TRAP; .insn r 0x53, 0, 0x71, a0, fa1, x1; EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)    /* fmvh.x.d: RV32 only */
        TESTCASE(207); ARM_TRAP; .insn r 0x53, 0, 0x59, fa0, a1, a2; EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)    /* fmvp.d.x: RV32 only */
        TESTCASE(208); ARM_TRAP; .insn r 0x53, 0, 0x73, a0, fa1, x1; EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)    /* fmvh.x.q: no Q */
        TESTCASE(209); ARM_TRAP; .insn r 0x53, RNE, 0x61, a0, fa1, x8; EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)  /* fcvtmod: rm != RTZ */
        TESTCASE(210); ARM_TRAP; .insn r 0x53, DYN, 0x61, a0, fa1, x8; EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)
        TESTCASE(211); ARM_TRAP; .insn r 0x53, RTZ, 0x60, a0, fa1, x8; EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)  /* no fcvtmod.w.s */
        TESTCASE(212); ARM_TRAP; .insn r 0x53, 1, 0x78, fa0, x0, x1; EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)    /* fli: funct3 0 only */
        TESTCASE(213); ARM_TRAP; .insn r 0x53, 0, 0x78, fa0, x0, x2; EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)    /* rs2 2 */
        TESTCASE(214); ARM_TRAP; .insn r 0x53, 5, F7_ROUND_S, fa0, fa1, FROUND; EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)
        TESTCASE(215); ARM_TRAP; .insn r 0x53, 6, F7_ROUND_D, fa0, fa1, FROUNDNX; EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)
        TESTCASE(216); FRM(5); ARM_TRAP; .insn r 0x53, DYN, F7_ROUND_S, fa0, fa1, FROUND; EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)
        FRM(RNE)
        TESTCASE(217); ARM_TRAP; .insn r 0x53, 0, F7_ROUND_S, fa0, fa1, x6; EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)      /* rs2 6 */
        TESTCASE(218); ARM_TRAP; .insn r 0x53, 4, F7_MINMAX_S, fa0, fa1, fa2; EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)
        TESTCASE(219); ARM_TRAP; .insn r 0x53, 6, F7_CMP_D, a0, fa1, fa2; EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)
        TESTCASE(220); ARM_TRAP; .insn r 0x53, 3, F7_CMP_S, a0, fa1, fa2; EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)
        TESTCASE(221); ARM_TRAP; .insn r 0x53, RTZ, 0x61, a0, fa1, x8; EXPECT_NO_TRAP
        UNINSTALL_TRAP
        /* results to x0 are dropped */
        TESTCASE(222); FLI_D(fa1, 0x4014000000000000); .insn r 0x53, RTZ, 0x61, x0, fa1, x8; EXPECT(x0, 0)
ISA_END
