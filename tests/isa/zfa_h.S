/* Zfa's half-precision forms (with Zfh; unpriv spec ch. "Zfa"): FLI.H
 * (all 32 entries: 2^-16 and 2^-15 are subnormal, 2^16 loads +inf),
 * FMINM.H/FMAXM.H, FROUND.H/FROUNDNX.H in every rounding mode, FLEQ.H/
 * FLTQ.H, NaN-boxed operands and boxed results, reserved encodings.
 * Spelled with .insn (binutils 2.40 has no Zfa).  Expected values worked
 * out by hand. */
#include "isa.h"

        .option arch, +zfh

#define RNE 0
#define RTZ 1
#define RDN 2
#define RUP 3
#define RMM 4
#define DYN 7
#define F7_MINMAX_H 0x16
#define F7_CMP_H    0x52
#define F7_ROUND_H  0x22
#define F3_FMINM 2
#define F3_FMAXM 3
#define F3_FLEQ  4
#define F3_FLTQ  5
#define FROUND   x4
#define FROUNDNX x5

#define H_ONE   0x3c00
#define H_MONE  0xbc00
#define H_TWO   0x4000
#define H_INF   0x7c00
#define H_NINF  0xfc00
#define H_QNAN  0x7e00
#define H_SNAN  0x7c01
#define H_PZ    0x0000
#define H_NZ    0x8000

#define FLI_H(f, v)       li t0, v; fmv.h.x f, t0
#define EXPECT_F_H(f, v)  fmv.x.d a0, f; EXPECT(a0, 0xffffffffffff0000 | (v))
#define FRM(k)            li t0, k; csrw frm, t0

#define FLI_INSN_H(rd, k) .insn r 0x53, 0, 0x7a, rd, x##k, x1
#define TEST_FLI(n, FMT, k, val)                                \
        TESTCASE(n); FLI_D(fa0, 0); CLEAR_FLAGS;                \
        FLI_INSN_##FMT(fa0, k); EXPECT_FLAGS(0); EXPECT_F_##FMT(fa0, val)
#define ZFA_OP2(n, LD, f3, fl, res, v1, v2)                     \
        TESTCASE(n); LD(fa1, v1); LD(fa2, v2); CLEAR_FLAGS;     \
        .insn r 0x53, f3, F7_MINMAX_H, fa0, fa1, fa2; EXPECT_FLAGS(fl); EXPECT_F_H(fa0, res)
#define ZFA_CMP(n, LD, f3, fl, res, v1, v2)                     \
        TESTCASE(n); LD(fa1, v1); LD(fa2, v2); CLEAR_FLAGS;     \
        .insn r 0x53, f3, F7_CMP_H, a0, fa1, fa2; EXPECT_FLAGS(fl); EXPECT(a0, res)
#define ZFA_RND(n, LD, op, rm, fl, res, v1)                     \
        TESTCASE(n); LD(fa1, v1); CLEAR_FLAGS;                  \
        .insn r 0x53, rm, F7_ROUND_H, fa0, fa1, op; EXPECT_FLAGS(fl); EXPECT_F_H(fa0, res)
#define MINMAX_H(n, ...) ZFA_OP2(n, FLI_H, __VA_ARGS__)
#define CMP_H(n, ...)    ZFA_CMP(n, FLI_H, __VA_ARGS__)
#define RND_H(n, ...)    ZFA_RND(n, FLI_H, __VA_ARGS__)

ISA_BEGIN
        /* ---- mstatus.FS = Off ---- */
        INSTALL_TRAP
        FP_DISABLE
        TESTCASE(1); ARM_TRAP; FLI_INSN_H(fa0, 16); EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)
        TESTCASE(2); ARM_TRAP; .insn r 0x53, F3_FMAXM, F7_MINMAX_H, fa0, fa1, fa2; EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)
        TESTCASE(3); ARM_TRAP; .insn r 0x53, RNE, F7_ROUND_H, fa0, fa1, FROUNDNX; EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)
        TESTCASE(4); ARM_TRAP; .insn r 0x53, F3_FLEQ, F7_CMP_H, a0, fa1, fa2; EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)
        UNINSTALL_TRAP
        FP_ENABLE

        /* ---- FLI.H: the whole table ---- */
        TEST_FLI(10, H, 0, 0xbc00)
        TEST_FLI(11, H, 1, 0x0400)
        TEST_FLI(12, H, 2, 0x0100)
        TEST_FLI(13, H, 3, 0x0200)
        TEST_FLI(14, H, 4, 0x1c00)
        TEST_FLI(15, H, 5, 0x2000)
        TEST_FLI(16, H, 6, 0x2c00)
        TEST_FLI(17, H, 7, 0x3000)
        TEST_FLI(18, H, 8, 0x3400)
        TEST_FLI(19, H, 9, 0x3500)
        TEST_FLI(20, H, 10, 0x3600)
        TEST_FLI(21, H, 11, 0x3700)
        TEST_FLI(22, H, 12, 0x3800)
        TEST_FLI(23, H, 13, 0x3900)
        TEST_FLI(24, H, 14, 0x3a00)
        TEST_FLI(25, H, 15, 0x3b00)
        TEST_FLI(26, H, 16, 0x3c00)
        TEST_FLI(27, H, 17, 0x3d00)
        TEST_FLI(28, H, 18, 0x3e00)
        TEST_FLI(29, H, 19, 0x3f00)
        TEST_FLI(30, H, 20, 0x4000)
        TEST_FLI(31, H, 21, 0x4100)
        TEST_FLI(32, H, 22, 0x4200)
        TEST_FLI(33, H, 23, 0x4400)
        TEST_FLI(34, H, 24, 0x4800)
        TEST_FLI(35, H, 25, 0x4c00)
        TEST_FLI(36, H, 26, 0x5800)
        TEST_FLI(37, H, 27, 0x5c00)
        TEST_FLI(38, H, 28, 0x7800)
        TEST_FLI(39, H, 29, 0x7c00)
        TEST_FLI(40, H, 30, 0x7c00)
        TEST_FLI(41, H, 31, 0x7e00)

        /* ---- FMINM.H / FMAXM.H ---- */
        MINMAX_H(42, F3_FMINM, 0, H_ONE, H_ONE, H_TWO)
        MINMAX_H(43, F3_FMAXM, 0, H_TWO, H_ONE, H_TWO)
        MINMAX_H(44, F3_FMINM, 0, H_NZ, H_PZ, H_NZ)
        MINMAX_H(45, F3_FMAXM, 0, H_PZ, H_PZ, H_NZ)
        MINMAX_H(46, F3_FMINM, 0, H_QNAN, 0x7e55, H_ONE)
        MINMAX_H(47, F3_FMAXM, 0, H_QNAN, H_ONE, 0xfe00)
        MINMAX_H(48, F3_FMAXM, NV, H_QNAN, H_ONE, H_SNAN)
        MINMAX_H(49, F3_FMINM, NV, H_QNAN, H_SNAN, H_QNAN)
        MINMAX_H(50, F3_FMINM, 0, 0x8001, 0x0001, 0x8001)
        MINMAX_H(51, F3_FMAXM, 0, H_INF, H_NINF, H_INF)
        ZFA_OP2(52, FLI_D, F3_FMAXM, 0, H_QNAN, 0xffffffff00003c00, 0xffffffffffff4000)  /* unboxed */
        ZFA_OP2(53, FLI_D, F3_FMINM, 0, H_ONE, 0xffffffffffff3c00, 0xffffffffffff4000)

        /* ---- FROUND.H / FROUNDNX.H ---- */
        RND_H(54, FROUND, RNE, 0, H_TWO, 0x3e00)               /* 1.5 */
        RND_H(55, FROUNDNX, RNE, NX, H_TWO, 0x3e00)
        RND_H(56, FROUNDNX, RTZ, NX, H_ONE, 0x3e00)
        RND_H(57, FROUNDNX, RDN, NX, H_ONE, 0x3e00)
        RND_H(58, FROUNDNX, RUP, NX, H_TWO, 0x3e00)
        RND_H(59, FROUNDNX, RMM, NX, H_TWO, 0x3e00)
        RND_H(60, FROUNDNX, RNE, NX, H_TWO, 0x4100)            /* 2.5: even */
        RND_H(61, FROUNDNX, RMM, NX, 0x4200, 0x4100)           /* 2.5: away */
        RND_H(62, FROUNDNX, RDN, NX, 0xc000, 0xbe00)           /* -1.5 */
        RND_H(63, FROUNDNX, RUP, NX, H_MONE, 0xbe00)
        RND_H(64, FROUND, RUP, 0, H_NZ, 0xb4cd)                /* -0.3: -0 */
        RND_H(65, FROUNDNX, RDN, NX, H_MONE, 0xb4cd)
        RND_H(66, FROUNDNX, RNE, NX, H_PZ, 0x3800)             /* 0.5: even */
        RND_H(67, FROUNDNX, RMM, NX, H_ONE, 0x3800)
        RND_H(68, FROUNDNX, RNE, NX, 0x6400, 0x63ff)           /* 1023.5: 1024 */
        RND_H(69, FROUNDNX, RTZ, NX, 0x63fe, 0x63ff)
        RND_H(70, FROUNDNX, RNE, 0, 0x6401, 0x6401)            /* 1025: integral */
        RND_H(71, FROUNDNX, RDN, 0, 0xfbff, 0xfbff)            /* -65504 */
        RND_H(72, FROUNDNX, RUP, NX, H_ONE, 0x0001)            /* subnormal */
        RND_H(73, FROUND, RUP, 0, H_ONE, 0x0001)
        RND_H(74, FROUNDNX, RDN, NX, H_MONE, 0x8001)
        RND_H(75, FROUNDNX, RNE, NX, H_NZ, 0x83ff)
        RND_H(76, FROUNDNX, RNE, 0, H_INF, H_INF)
        RND_H(77, FROUNDNX, RNE, 0, H_NZ, H_NZ)
        RND_H(78, FROUNDNX, RNE, 0, H_QNAN, 0xfe01)
        RND_H(79, FROUND, RNE, NV, H_QNAN, H_SNAN)
        ZFA_RND(80, FLI_D, FROUNDNX, RNE, 0, H_QNAN, 0x0000000000003e00)  /* unboxed */
        FRM(RUP); RND_H(81, FROUNDNX, DYN, NX, H_TWO, 0x3e00)
        FRM(RTZ); RND_H(82, FROUND, DYN, 0, H_ONE, 0x3e00)
        FRM(RNE)

        /* ---- FLEQ.H / FLTQ.H ---- */
        CMP_H(83, F3_FLEQ, 0, 1, H_ONE, H_ONE)
        CMP_H(84, F3_FLTQ, 0, 0, H_ONE, H_ONE)
        CMP_H(85, F3_FLTQ, 0, 1, H_ONE, H_TWO)
        CMP_H(86, F3_FLEQ, 0, 0, H_TWO, H_ONE)
        CMP_H(87, F3_FLEQ, 0, 1, H_NZ, H_PZ)
        CMP_H(88, F3_FLTQ, 0, 0, H_NZ, H_PZ)
        CMP_H(89, F3_FLTQ, 0, 1, 0x8001, 0x0001)
        CMP_H(90, F3_FLTQ, 0, 0, H_QNAN, H_ONE)
        CMP_H(91, F3_FLEQ, 0, 0, H_ONE, 0xfe00)
        CMP_H(92, F3_FLTQ, NV, 0, H_SNAN, H_ONE)
        CMP_H(93, F3_FLEQ, NV, 0, H_QNAN, H_SNAN)
        ZFA_CMP(94, FLI_D, F3_FLEQ, 0, 0, 0x0000000000003c00, 0xffffffffffff3c00)  /* unboxed: quiet NaN */

        /* ---- reserved encodings ---- */
        INSTALL_TRAP
        TESTCASE(95); ARM_TRAP; .insn r 0x53, 1, 0x7a, fa0, x0, x1; EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)      /* fli.h funct3 */
        TESTCASE(96); ARM_TRAP; .insn r 0x53, 5, F7_ROUND_H, fa0, fa1, FROUND; EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)
        TESTCASE(97); FRM(6); ARM_TRAP; .insn r 0x53, DYN, F7_ROUND_H, fa0, fa1, FROUNDNX; EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)
        FRM(RNE)
        TESTCASE(98); ARM_TRAP; .insn r 0x53, 4, F7_MINMAX_H, fa0, fa1, fa2; EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)
        TESTCASE(99); ARM_TRAP; .insn r 0x53, 7, F7_CMP_H, a0, fa1, fa2; EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)
        TESTCASE(100); ARM_TRAP; .insn r 0x53, RTZ, 0x62, a0, fa1, x8; EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)   /* no fcvtmod.w.h */
        TESTCASE(101); ARM_TRAP; .insn r 0x53, RMM, F7_ROUND_H, fa0, fa1, FROUND; EXPECT_NO_TRAP
        UNINSTALL_TRAP
ISA_END
