/* Zfh (unpriv spec ch. "Zfh and Zfhmin"): half-precision arithmetic,
 * fused multiply-add, sign injection, min/max, compares, classify and the
 * integer conversions.  Every rounding mode (static and frm), ties,
 * subnormal inputs and results (underflow detected after rounding),
 * overflow, the invalid/divide-by-zero cases, canonical NaN results and
 * NaN-boxed operands.  Zfhmin's moves, loads, stores and FP conversions
 * are in zfhmin.S.  Expected values worked out by hand. */
#include "isa.h"

        .option arch, +zfh

#define H_ONE   0x3c00
#define H_MONE  0xbc00
#define H_TWO   0x4000
#define H_MTWO  0xc000
#define H_THREE 0x4200
#define H_FOUR  0x4400
#define H_FIVE  0x4500
#define H_HALF  0x3800
#define H_INF   0x7c00
#define H_NINF  0xfc00
#define H_QNAN  0x7e00          /* canonical NaN */
#define H_SNAN  0x7c01
#define H_MAX   0x7bff          /* 65504 */
#define H_NMAX  0xfbff
#define H_MINN  0x0400          /* 2^-14 */
#define H_MINS  0x0001          /* 2^-24 */
#define H_PZ    0x0000
#define H_NZ    0x8000
#define H_EPS11 0x1000          /* 2^-11: half an ulp of 1.0 */
#define H_ONEP  0x3c01          /* 1 + 2^-10 */

#define UNBOXED_ONE 0x0000000000003c00
#define B_ONE       0xffffffffffff3c00

#define FLI_H(f, v)       li t0, v; fmv.h.x f, t0
#define EXPECT_F_H(f, v)  fmv.x.d a0, f; EXPECT(a0, 0xffffffffffff0000 | (v))
#define FRM(k)            li t0, k; csrw frm, t0

#define TEST_FP_OP2_H(n, ...)  FP_OP2(n, FLI_H, EXPECT_F_H, __VA_ARGS__)
#define TEST_FP_OP2N_H(n, ...) FP_OP2N(n, FLI_H, EXPECT_F_H, __VA_ARGS__)
#define TEST_FP_OP1_H(n, ...)  FP_OP1(n, FLI_H, EXPECT_F_H, __VA_ARGS__)
#define TEST_FP_OP3_H(n, ...)  FP_OP3(n, FLI_H, EXPECT_F_H, __VA_ARGS__)
#define TEST_FP_CMP_H(n, ...)  FP_CMP(n, FLI_H, __VA_ARGS__)
#define TEST_FP_TO_INT_H(n, ...)   FP_TO_INT(n, FLI_H, __VA_ARGS__)
#define TEST_FP_FROM_INT_H(n, ...) FP_FROM_INT(n, EXPECT_F_H, __VA_ARGS__)
#define TEST_FCLASS_H(n, res, v1)  FP_CLASS(n, FLI_H, fclass.h, res, v1)

ISA_BEGIN
        /* ---- mstatus.FS = Off ---- */
        INSTALL_TRAP
        FP_DISABLE
        TESTCASE(1); ARM_TRAP; fadd.h fa0, fa1, fa2;        EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)
        TESTCASE(2); ARM_TRAP; fmadd.h fa0, fa1, fa2, fa3;  EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)
        TESTCASE(3); ARM_TRAP; feq.h a0, fa1, fa2;          EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)
        TESTCASE(4); ARM_TRAP; fclass.h a0, fa1;            EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)
        TESTCASE(5); ARM_TRAP; fcvt.h.w fa0, a1;            EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)
        TESTCASE(6); ARM_TRAP; fsgnj.h fa0, fa1, fa2;       EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)
        UNINSTALL_TRAP
        FP_ENABLE

        /* ---- FADD.H / FSUB.H: rounding modes and ties ---- */
        TEST_FP_OP2_H(7, fadd.h, rne, 0, H_THREE, H_ONE, H_TWO)
        TEST_FP_OP2_H(8, fadd.h, rne, NX, H_ONE, H_ONE, H_EPS11)      /* tie: to even */
        TEST_FP_OP2_H(9, fadd.h, rtz, NX, H_ONE, H_ONE, H_EPS11)
        TEST_FP_OP2_H(10, fadd.h, rdn, NX, H_ONE, H_ONE, H_EPS11)
        TEST_FP_OP2_H(11, fadd.h, rup, NX, H_ONEP, H_ONE, H_EPS11)
        TEST_FP_OP2_H(12, fadd.h, rmm, NX, H_ONEP, H_ONE, H_EPS11)
        TEST_FP_OP2_H(13, fadd.h, rne, NX, 0x3c02, H_ONEP, H_EPS11)    /* tie: to even (up) */
        TEST_FP_OP2_H(14, fadd.h, rtz, NX, H_ONEP, H_ONEP, H_EPS11)
        TEST_FP_OP2_H(15, fsub.h, rne, NX, H_MONE, H_MONE, H_EPS11)    /* -(1 + 2^-11) */
        TEST_FP_OP2_H(16, fsub.h, rdn, NX, 0xbc01, H_MONE, H_EPS11)
        TEST_FP_OP2_H(17, fsub.h, rup, NX, H_MONE, H_MONE, H_EPS11)
        TEST_FP_OP2_H(18, fsub.h, rmm, NX, 0xbc01, H_MONE, H_EPS11)
        TEST_FP_OP2_H(19, fsub.h, rne, 0, H_HALF, H_ONE, H_HALF)
        TEST_FP_OP2_H(20, fsub.h, rne, 0, H_PZ, H_ONE, H_ONE)          /* x - x = +0 ... */
        TEST_FP_OP2_H(21, fsub.h, rdn, 0, H_NZ, H_ONE, H_ONE)          /* ... -0 in RDN */
        TEST_FP_OP2_H(22, fadd.h, rne, 0, H_NZ, H_NZ, H_NZ)
        TEST_FP_OP2_H(23, fadd.h, rne, 0, H_PZ, H_NZ, H_PZ)
        TEST_FP_OP2_H(24, fadd.h, rne, 0, 0x0002, H_MINS, H_MINS)     /* subnormals: exact */
        TEST_FP_OP2_H(25, fsub.h, rne, 0, H_MINS, H_MINN, 0x03ff)
        TEST_FP_OP2_H(26, fadd.h, rne, 0, H_MINN, 0x0200, 0x0200)
        TEST_FP_OP2_H(27, fadd.h, rne, OF | NX, H_INF, H_MAX, H_MAX)
        TEST_FP_OP2_H(28, fadd.h, rtz, OF | NX, H_MAX, H_MAX, H_MAX)
        TEST_FP_OP2_H(29, fadd.h, rne, NX, H_MAX, H_MAX, 0x4b80)       /* 65504 + 15: below the tie */
        TEST_FP_OP2_H(30, fadd.h, rne, OF | NX, H_INF, H_MAX, 0x5000)  /* 65504 + 32: 65536 */
        TEST_FP_OP2_H(31, fadd.h, rne, 0, H_INF, H_INF, H_MAX)
        TEST_FP_OP2_H(32, fadd.h, rne, NV, H_QNAN, H_INF, H_NINF)      /* inf - inf */
        TEST_FP_OP2_H(33, fsub.h, rne, NV, H_QNAN, H_INF, H_INF)
        TEST_FP_OP2_H(34, fadd.h, rne, NV, H_QNAN, H_SNAN, H_ONE)      /* sNaN: invalid */
        TEST_FP_OP2_H(35, fadd.h, rne, 0, H_QNAN, 0xfe12, H_ONE)       /* qNaN: canonical */
        /* 1 - 2^-12 needs 12 bits: RNE to 1.0, RDN just below */
        TEST_FP_OP2_H(36, fsub.h, rne, NX, H_ONE, H_ONE, 0x0c00)
        TEST_FP_OP2_H(37, fsub.h, rdn, NX, 0x3bff, H_ONE, 0x0c00)

        /* ---- dynamic rounding mode; reserved modes ---- */
        FRM(3); TEST_FP_OP2_H(38, fadd.h, dyn, NX, H_ONEP, H_ONE, H_EPS11)
        FRM(2); TEST_FP_OP2_H(39, fsub.h, dyn, NX, 0xbc01, H_MONE, H_EPS11)
        FRM(4); TEST_FP_OP2_H(40, fadd.h, dyn, NX, H_ONEP, H_ONE, H_EPS11)
        FRM(1); TEST_FP_OP2_H(41, fadd.h, dyn, OF | NX, H_MAX, H_MAX, H_MAX)
        FRM(0)
        INSTALL_TRAP
        TESTCASE(42); FRM(5); ARM_TRAP; fadd.h fa0, fa1, fa2, dyn; EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)
        TESTCASE(43); FRM(6); ARM_TRAP; fmadd.h fa0, fa1, fa2, fa3, dyn; EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)
        TESTCASE(44); FRM(7); ARM_TRAP; fcvt.w.h a0, fa1, dyn; EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)
        FRM(0)
        TESTCASE(45); ARM_TRAP; .insn r 0x53, 5, 0x02, fa0, fa1, fa2; EXPECT_CAUSE(CAUSE_ILLEGAL_INSN) /* fadd.h */
        TESTCASE(46); ARM_TRAP; .insn r 0x53, 6, 0x0e, fa0, fa1, fa2; EXPECT_CAUSE(CAUSE_ILLEGAL_INSN) /* fdiv.h */
        TESTCASE(47); ARM_TRAP; .insn r4 0x43, 5, 2, fa0, fa1, fa2, fa3; EXPECT_CAUSE(CAUSE_ILLEGAL_INSN) /* fmadd.h */
        TESTCASE(48); ARM_TRAP; .insn r 0x53, 6, 0x6a, fa0, a1, f0; EXPECT_CAUSE(CAUSE_ILLEGAL_INSN) /* fcvt.h.w */
        TESTCASE(49); ARM_TRAP; .insn r 0x53, 5, 0x2e, fa0, fa1, f0; EXPECT_CAUSE(CAUSE_ILLEGAL_INSN) /* fsqrt.h */
        TESTCASE(50); ARM_TRAP; .insn r 0x53, 3, 0x12, fa0, fa1, fa2; EXPECT_CAUSE(CAUSE_ILLEGAL_INSN) /* fsgnj funct3 3 */
        TESTCASE(51); ARM_TRAP; .insn r 0x53, 0, 0x2e, fa0, fa1, f1; EXPECT_CAUSE(CAUSE_ILLEGAL_INSN) /* fsqrt rs2 != 0 */
        TESTCASE(52); ARM_TRAP; .insn r 0x53, 0, 0x62, a0, fa1, f4; EXPECT_CAUSE(CAUSE_ILLEGAL_INSN) /* fcvt.?.h rs2 4 */
        TESTCASE(53); ARM_TRAP; .insn r4 0x43, 0, 3, fa0, fa1, fa2, fa3; EXPECT_CAUSE(CAUSE_ILLEGAL_INSN) /* fmt Q */
        TESTCASE(54); ARM_TRAP; .insn r 0x53, 4, 0x02, fa0, fa1, fa2; EXPECT_NO_TRAP
        UNINSTALL_TRAP

        /* ---- FMUL.H ---- */
        TEST_FP_OP2_H(55, fmul.h, rne, 0, 0x4600, H_TWO, H_THREE)       /* 6 */
        TEST_FP_OP2_H(56, fmul.h, rne, NX, 0x3c02, H_ONEP, H_ONEP)      /* 1 + 2^-9 + 2^-20 */
        TEST_FP_OP2_H(57, fmul.h, rup, NX, 0x3c03, H_ONEP, H_ONEP)
        TEST_FP_OP2_H(58, fmul.h, rdn, NX, 0xbc03, H_ONEP, 0xbc01)
        TEST_FP_OP2_H(59, fmul.h, rne, OF | NX, H_INF, H_MAX, H_TWO)
        TEST_FP_OP2_H(60, fmul.h, rtz, OF | NX, H_MAX, H_MAX, H_TWO)
        TEST_FP_OP2_H(61, fmul.h, rdn, OF | NX, H_MAX, H_MAX, H_TWO)
        TEST_FP_OP2_H(62, fmul.h, rup, OF | NX, H_INF, H_MAX, H_TWO)
        TEST_FP_OP2_H(63, fmul.h, rmm, OF | NX, H_INF, H_MAX, H_TWO)
        TEST_FP_OP2_H(64, fmul.h, rdn, OF | NX, H_NINF, H_NMAX, H_TWO)
        TEST_FP_OP2_H(65, fmul.h, rup, OF | NX, H_NMAX, H_NMAX, H_TWO)
        TEST_FP_OP2_H(66, fmul.h, rne, 0, 0x0200, H_MINN, H_HALF)       /* tiny but exact */
        TEST_FP_OP2_H(67, fmul.h, rne, UF | NX, H_PZ, H_MINS, H_HALF)   /* 2^-25: tie to 0 */
        TEST_FP_OP2_H(68, fmul.h, rup, UF | NX, H_MINS, H_MINS, H_HALF)
        TEST_FP_OP2_H(69, fmul.h, rmm, UF | NX, H_MINS, H_MINS, H_HALF)
        TEST_FP_OP2_H(70, fmul.h, rdn, UF | NX, 0x8001, 0x8001, H_HALF)
        TEST_FP_OP2_H(71, fmul.h, rne, UF | NX, H_PZ, H_MINN, H_MINN)   /* 2^-28 */
        TEST_FP_OP2_H(72, fmul.h, rne, UF | NX, 0x0002, 0x0003, H_HALF) /* 1.5: tie to even 2 */
        /* 2047 * 2^-25 = 1023.5 * 2^-24 rounds up to 2^-14 but is tiny
         * with an unbounded exponent (exactly 2^-15 * (2 - 2^-10)): UF */
        TEST_FP_OP2_H(73, fmul.h, rne, UF | NX, H_MINN, 0x07ff, H_HALF)
        TEST_FP_OP2_H(74, fmul.h, rtz, UF | NX, 0x03ff, 0x07ff, H_HALF)
        /* 0x03ff * (1 + 2^-10) = 2^-14 - 2^-34: rounds (unbounded too) to
         * 2^-14: not tiny, NX only */
        TEST_FP_OP2_H(75, fmul.h, rne, NX, H_MINN, 0x03ff, H_ONEP)
        TEST_FP_OP2_H(76, fmul.h, rtz, UF | NX, 0x03ff, 0x03ff, H_ONEP)
        TEST_FP_OP2_H(77, fmul.h, rne, NV, H_QNAN, H_PZ, H_INF)         /* 0 * inf */
        TEST_FP_OP2_H(78, fmul.h, rne, 0, H_NINF, H_INF, H_MONE)
        TEST_FP_OP2_H(79, fmul.h, rne, 0, H_NZ, H_PZ, H_MONE)
        TEST_FP_OP2_H(80, fmul.h, rne, NV, H_QNAN, 0xfc01, H_ONE)

        /* ---- FDIV.H ---- */
        TEST_FP_OP2_H(81, fdiv.h, rne, NX, 0x3555, H_ONE, H_THREE)      /* 1/3 */
        TEST_FP_OP2_H(82, fdiv.h, rtz, NX, 0x3555, H_ONE, H_THREE)
        TEST_FP_OP2_H(83, fdiv.h, rdn, NX, 0x3555, H_ONE, H_THREE)
        TEST_FP_OP2_H(84, fdiv.h, rup, NX, 0x3556, H_ONE, H_THREE)
        TEST_FP_OP2_H(85, fdiv.h, rmm, NX, 0x3555, H_ONE, H_THREE)
        TEST_FP_OP2_H(86, fdiv.h, rdn, NX, 0xb556, H_MONE, H_THREE)
        TEST_FP_OP2_H(87, fdiv.h, rne, NX, 0x3955, H_TWO, H_THREE)      /* 2/3 */
        TEST_FP_OP2_H(88, fdiv.h, rne, 0, H_HALF, H_ONE, H_TWO)
        TEST_FP_OP2_H(89, fdiv.h, rne, DZ, H_INF, H_ONE, H_PZ)
        TEST_FP_OP2_H(90, fdiv.h, rne, DZ, H_NINF, H_ONE, H_NZ)
        TEST_FP_OP2_H(91, fdiv.h, rne, NV, H_QNAN, H_PZ, H_PZ)
        TEST_FP_OP2_H(92, fdiv.h, rne, NV, H_QNAN, H_INF, H_NINF)
        TEST_FP_OP2_H(93, fdiv.h, rne, 0, H_INF, H_INF, H_PZ)           /* exact: no DZ */
        TEST_FP_OP2_H(94, fdiv.h, rne, 0, H_NZ, H_MONE, H_INF)
        TEST_FP_OP2_H(95, fdiv.h, rne, OF | NX, H_INF, H_MAX, H_HALF)
        TEST_FP_OP2_H(96, fdiv.h, rne, UF | NX, H_MINN, 0x07ff, H_TWO)  /* as check 73 */
        TEST_FP_OP2_H(97, fdiv.h, rne, 0, H_MINS, H_MINN, 0x6400)       /* 2^-14 / 1024 */
        TEST_FP_OP2_H(98, fdiv.h, rne, UF | NX, H_PZ, H_MINS, H_FOUR)

        /* ---- FSQRT.H ---- */
        TEST_FP_OP1_H(99, fsqrt.h, rne, 0, H_TWO, H_FOUR)
        TEST_FP_OP1_H(100, fsqrt.h, rne, NX, 0x3da8, H_TWO)             /* 1.41421 */
        TEST_FP_OP1_H(101, fsqrt.h, rup, NX, 0x3da9, H_TWO)
        TEST_FP_OP1_H(102, fsqrt.h, rtz, NX, 0x3da8, H_TWO)
        TEST_FP_OP1_H(103, fsqrt.h, rne, 0, 0x0c00, H_MINS)             /* sqrt(2^-24) = 2^-12 */
        TEST_FP_OP1_H(104, fsqrt.h, rne, 0, H_NZ, H_NZ)
        TEST_FP_OP1_H(105, fsqrt.h, rne, NV, H_QNAN, H_MONE)
        TEST_FP_OP1_H(106, fsqrt.h, rne, 0, H_INF, H_INF)
        TEST_FP_OP1_H(107, fsqrt.h, rne, NV, H_QNAN, H_NINF)
        TEST_FP_OP1_H(108, fsqrt.h, rne, NV, H_QNAN, H_SNAN)
        TEST_FP_OP1_H(109, fsqrt.h, rne, NX, 0x5bff, H_MAX)             /* 255.94 */

        /* ---- FMIN.H / FMAX.H ---- */
        TEST_FP_OP2N_H(110, fmin.h, 0, H_ONE, H_ONE, H_TWO)
        TEST_FP_OP2N_H(111, fmax.h, 0, H_TWO, H_ONE, H_TWO)
        TEST_FP_OP2N_H(112, fmin.h, 0, H_MTWO, H_MONE, H_MTWO)
        TEST_FP_OP2N_H(113, fmin.h, 0, H_NZ, H_PZ, H_NZ)                /* -0 < +0 */
        TEST_FP_OP2N_H(114, fmax.h, 0, H_PZ, H_NZ, H_PZ)
        TEST_FP_OP2N_H(115, fmin.h, 0, H_ONE, H_QNAN, H_ONE)            /* one NaN: the other */
        TEST_FP_OP2N_H(116, fmax.h, 0, H_ONE, H_ONE, 0x7e55)
        TEST_FP_OP2N_H(117, fmin.h, NV, H_ONE, H_SNAN, H_ONE)
        TEST_FP_OP2N_H(118, fmax.h, NV, H_MONE, H_MONE, H_SNAN)
        TEST_FP_OP2N_H(119, fmax.h, 0, H_QNAN, 0x7e55, 0xfe00)          /* both NaN: canonical */
        TEST_FP_OP2N_H(120, fmin.h, NV, H_QNAN, H_SNAN, H_QNAN)
        TEST_FP_OP2N_H(121, fmin.h, 0, H_NINF, H_NINF, H_MAX)
        TEST_FP_OP2N_H(122, fmax.h, 0, H_MINS, H_MINS, 0x8001)

        /* ---- FSGNJ.H / FSGNJN.H / FSGNJX.H ---- */
        TEST_FP_OP2N_H(123, fsgnj.h, 0, H_MONE, H_ONE, H_MTWO)
        TEST_FP_OP2N_H(124, fsgnj.h, 0, H_ONE, H_MONE, H_TWO)
        TEST_FP_OP2N_H(125, fsgnjn.h, 0, H_ONE, H_ONE, H_MTWO)
        TEST_FP_OP2N_H(126, fsgnjn.h, 0, H_MONE, H_ONE, H_TWO)
        TEST_FP_OP2N_H(127, fsgnjx.h, 0, H_ONE, H_MONE, H_MTWO)
        TEST_FP_OP2N_H(128, fsgnjx.h, 0, H_MONE, H_ONE, H_MTWO)
        TEST_FP_OP2N_H(129, fsgnjn.h, 0, 0xfc01, H_SNAN, H_SNAN)        /* NaNs untouched */

        /* ---- NaN-boxed operands: anything but all ones above bit 15
         * reads as the canonical NaN ---- */
        FP_OP2(130, FLI_D, EXPECT_F_H, fadd.h, rne, 0, H_QNAN, UNBOXED_ONE, B_ONE)
        FP_OP2N(131, FLI_D, EXPECT_F_H, fsgnjn.h, 0, 0xfe00, 0xffffffff00003c00, B_ONE)
        FP_OP2N(132, FLI_D, EXPECT_F_H, fsgnj.h, 0, H_ONE, B_ONE, UNBOXED_ONE)  /* canonical NaN is positive */
        FP_OP2N(133, FLI_D, EXPECT_F_H, fsgnjx.h, 0, H_QNAN, 0x7fffffffffff3c00, B_ONE)
        FP_OP2N(134, FLI_D, EXPECT_F_H, fmin.h, 0, H_ONE, UNBOXED_ONE, B_ONE)
        FP_OP3(135, FLI_D, EXPECT_F_H, fmadd.h, rne, 0, H_QNAN, B_ONE, B_ONE, 0xffffffff3f800000)
        TESTCASE(136); FLI_D(fa1, UNBOXED_ONE); fclass.h a0, fa1; EXPECT(a0, 0x200)
        TESTCASE(137); FLI_D(fa1, UNBOXED_ONE); CLEAR_FLAGS; feq.h a0, fa1, fa1
        EXPECT(a0, 0); EXPECT_FLAGS(0)
        TESTCASE(138); FLI_D(fa1, UNBOXED_ONE); CLEAR_FLAGS; fcvt.w.h a0, fa1, rtz
        EXPECT(a0, 0x7fffffff); EXPECT_FLAGS(NV)
        TESTCASE(139); FLI_D(fa0, 0); fcvt.h.w fa0, x0; EXPECT_F_H(fa0, H_PZ)  /* results boxed */

        /* ---- fused multiply-add: one rounding ----
         * (1 + 2^-10)^2 - 1 = 2^-9 + 2^-20: rounding the product first
         * would give 2^-9 exactly. */
        TEST_FP_OP3_H(140, fmadd.h, rne, 0, H_FIVE, H_TWO, H_ONE, H_THREE)
        TEST_FP_OP3_H(141, fmadd.h, rne, NX, 0x1800, H_ONEP, H_ONEP, H_MONE)
        TEST_FP_OP3_H(142, fmadd.h, rup, NX, 0x1801, H_ONEP, H_ONEP, H_MONE)
        TEST_FP_OP3_H(143, fmsub.h, rne, 0, H_MONE, H_ONE, H_TWO, H_THREE)
        TEST_FP_OP3_H(144, fnmsub.h, rne, 0, H_ONE, H_ONE, H_TWO, H_THREE)
        TEST_FP_OP3_H(145, fnmadd.h, rne, 0, 0xc500, H_ONE, H_TWO, H_THREE)
        TEST_FP_OP3_H(146, fmsub.h, rdn, NX, 0x1800, H_ONEP, H_ONEP, H_ONE)
        TEST_FP_OP3_H(147, fnmsub.h, rne, NX, 0x9800, H_ONEP, H_ONEP, H_ONE)
        TEST_FP_OP3_H(148, fnmadd.h, rup, NX, 0x9800, H_ONEP, H_ONEP, H_MONE)
        /* 2^-48 + 1024: the exact sum needs 59 bits (more than a double
         * holds): RNE gives 1024, directed modes see the 2^-48 */
        TEST_FP_OP3_H(149, fmadd.h, rne, NX, 0x6400, H_MINS, H_MINS, 0x6400)
        TEST_FP_OP3_H(150, fmadd.h, rup, NX, 0x6401, H_MINS, H_MINS, 0x6400)
        TEST_FP_OP3_H(151, fmadd.h, rtz, NX, 0x6400, H_MINS, H_MINS, 0x6400)
        TEST_FP_OP3_H(152, fmsub.h, rdn, NX, 0xe400, H_MINS, H_MINS, 0x6400)   /* 2^-48 - 1024 */
        TEST_FP_OP3_H(153, fmsub.h, rup, NX, 0xe3ff, H_MINS, H_MINS, 0x6400)   /* -1023.5 */
        TEST_FP_OP3_H(154, fnmadd.h, rmm, NX, 0xe400, H_MINS, H_MINS, 0x6400)
        /* 1024 + 0.5 (1 + 2^-10)^2: above the tie at 1024.5, to 1025 */
        TEST_FP_OP3_H(155, fmadd.h, rne, NX, 0x6401, 0x3801, H_ONEP, 0x6400)
        TEST_FP_OP3_H(156, fmadd.h, rne, NX, 0x6400, H_HALF, H_ONE, 0x6400)    /* the tie: even */
        TEST_FP_OP3_H(157, fmadd.h, rmm, NX, 0x6401, H_HALF, H_ONE, 0x6400)
        /* exact cancellation: +0, or -0 in RDN */
        TEST_FP_OP3_H(158, fmadd.h, rne, 0, H_PZ, H_ONE, H_ONE, H_MONE)
        TEST_FP_OP3_H(159, fmadd.h, rdn, 0, H_NZ, H_ONE, H_ONE, H_MONE)
        TEST_FP_OP3_H(160, fmadd.h, rne, 0, H_NZ, H_NZ, H_ONE, H_NZ)
        TEST_FP_OP3_H(161, fmadd.h, rne, NV, H_QNAN, H_INF, H_PZ, H_QNAN)      /* inf*0 + qNaN */
        TEST_FP_OP3_H(162, fmadd.h, rne, NV, H_QNAN, H_ONE, H_ONE, H_SNAN)
        TEST_FP_OP3_H(163, fmadd.h, rne, 0, H_QNAN, H_ONE, H_ONE, 0x7e01)
        TEST_FP_OP3_H(164, fmsub.h, rne, NV, H_QNAN, H_INF, H_ONE, H_INF)      /* inf - inf */
        TEST_FP_OP3_H(165, fmadd.h, rne, 0, H_NINF, H_NINF, H_ONE, H_MAX)
        TEST_FP_OP3_H(166, fmadd.h, rne, OF | NX, H_INF, H_MAX, H_TWO, H_MONE)
        TEST_FP_OP3_H(167, fmadd.h, rtz, OF | NX, H_MAX, H_MAX, H_MAX, H_NMAX)
        /* 256 * 256 - 65504 = 32: the product alone would overflow */
        TEST_FP_OP3_H(168, fmsub.h, rne, 0, 0x5000, 0x5c00, 0x5c00, H_MAX)
        /* subnormal result: tiny product plus tiny addend, exact */
        TEST_FP_OP3_H(169, fmadd.h, rne, 0, 0x0003, H_MINS, H_ONE, 0x0002)
        TEST_FP_OP3_H(170, fmadd.h, rne, UF | NX, 0x0002, H_MINS, H_HALF, H_MINS) /* 1.5 * 2^-24: tie, to 2 */

        /* ---- FEQ.H / FLT.H / FLE.H ---- */
        TEST_FP_CMP_H(171, feq.h, 0, 1, H_ONE, H_ONE)
        TEST_FP_CMP_H(172, feq.h, 0, 0, H_ONE, H_TWO)
        TEST_FP_CMP_H(173, flt.h, 0, 1, H_ONE, H_TWO)
        TEST_FP_CMP_H(174, flt.h, 0, 0, H_TWO, H_ONE)
        TEST_FP_CMP_H(175, fle.h, 0, 1, H_TWO, H_TWO)
        TEST_FP_CMP_H(176, fle.h, 0, 0, H_TWO, H_ONE)
        TEST_FP_CMP_H(177, feq.h, 0, 1, H_NZ, H_PZ)
        TEST_FP_CMP_H(178, flt.h, 0, 0, H_NZ, H_PZ)
        TEST_FP_CMP_H(179, fle.h, 0, 1, H_NZ, H_PZ)
        TEST_FP_CMP_H(180, flt.h, 0, 1, H_NINF, H_INF)
        TEST_FP_CMP_H(181, flt.h, 0, 1, H_MTWO, H_MONE)
        TEST_FP_CMP_H(182, flt.h, 0, 1, 0x8001, H_MINS)
        TEST_FP_CMP_H(183, feq.h, 0, 0, H_QNAN, H_ONE)
        TEST_FP_CMP_H(184, feq.h, NV, 0, H_SNAN, H_ONE)
        TEST_FP_CMP_H(185, flt.h, NV, 0, H_QNAN, H_ONE)
        TEST_FP_CMP_H(186, fle.h, NV, 0, H_ONE, H_QNAN)
        TEST_FP_CMP_H(187, fle.h, NV, 0, H_SNAN, H_SNAN)

        /* ---- FCLASS.H ---- */
        TEST_FCLASS_H(188, 0x001, H_NINF)
        TEST_FCLASS_H(189, 0x002, H_MONE)
        TEST_FCLASS_H(190, 0x004, 0x83ff)
        TEST_FCLASS_H(191, 0x008, H_NZ)
        TEST_FCLASS_H(192, 0x010, H_PZ)
        TEST_FCLASS_H(193, 0x020, H_MINS)
        TEST_FCLASS_H(194, 0x040, H_MINN)
        TEST_FCLASS_H(195, 0x080, H_INF)
        TEST_FCLASS_H(196, 0x100, H_SNAN)
        TEST_FCLASS_H(197, 0x200, H_QNAN)
        TEST_FCLASS_H(198, 0x100, 0xfdff)       /* negative sNaN */

        /* ---- FCVT.{W,WU,L,LU}.H ---- */
        TEST_FP_TO_INT_H(199, fcvt.w.h, rne, NX, 2, 0x3e00)              /* 1.5 */
        TEST_FP_TO_INT_H(200, fcvt.w.h, rtz, NX, 1, 0x3e00)
        TEST_FP_TO_INT_H(201, fcvt.w.h, rne, NX, 2, 0x4100)              /* 2.5: even */
        TEST_FP_TO_INT_H(202, fcvt.w.h, rmm, NX, 3, 0x4100)
        TEST_FP_TO_INT_H(203, fcvt.w.h, rdn, NX, -2, 0xbe00)             /* -1.5 */
        TEST_FP_TO_INT_H(204, fcvt.w.h, rup, NX, -1, 0xbe00)
        TEST_FP_TO_INT_H(205, fcvt.w.h, rtz, 0, 65504, H_MAX)
        TEST_FP_TO_INT_H(206, fcvt.w.h, rtz, 0, -65504, H_NMAX)
        TEST_FP_TO_INT_H(207, fcvt.w.h, rup, NX, 1, H_MINS)
        TEST_FP_TO_INT_H(208, fcvt.w.h, rne, NX, 0, H_MINS)
        TEST_FP_TO_INT_H(209, fcvt.w.h, rtz, NV, 0x7fffffff, H_INF)
        TEST_FP_TO_INT_H(210, fcvt.w.h, rtz, NV, 0xffffffff80000000, H_NINF)
        TEST_FP_TO_INT_H(211, fcvt.w.h, rtz, NV, 0x7fffffff, 0xfe00)     /* NaN: largest */
        TEST_FP_TO_INT_H(212, fcvt.wu.h, rtz, 0, 65504, H_MAX)
        TEST_FP_TO_INT_H(213, fcvt.wu.h, rtz, NV, 0, H_MONE)
        TEST_FP_TO_INT_H(214, fcvt.wu.h, rtz, NX, 0, 0xb800)             /* -0.5 -> 0: NX only */
        TEST_FP_TO_INT_H(215, fcvt.wu.h, rdn, NV, 0, 0xb800)             /* -0.5 -> -1: NV */
        TEST_FP_TO_INT_H(216, fcvt.wu.h, rtz, NV, -1, H_INF)             /* sign-extended max */
        TEST_FP_TO_INT_H(217, fcvt.wu.h, rtz, NV, -1, H_SNAN)
        TEST_FP_TO_INT_H(218, fcvt.l.h, rtz, 0, -65504, H_NMAX)
        TEST_FP_TO_INT_H(219, fcvt.l.h, rmm, NX, -3, 0xc100)             /* -2.5 */
        TEST_FP_TO_INT_H(220, fcvt.l.h, rtz, NV, 0x8000000000000000, H_NINF)
        TEST_FP_TO_INT_H(221, fcvt.l.h, rtz, NV, 0x7fffffffffffffff, H_QNAN)
        TEST_FP_TO_INT_H(222, fcvt.lu.h, rtz, 0, 2048, 0x6800)
        TEST_FP_TO_INT_H(223, fcvt.lu.h, rtz, NV, -1, H_INF)
        TEST_FP_TO_INT_H(224, fcvt.lu.h, rtz, NV, 0, H_NINF)
        TEST_FP_TO_INT_H(225, fcvt.lu.h, rup, NX, 1, 0x3400)             /* 0.25 up */

        /* ---- FCVT.H.{W,WU,L,LU} ---- */
        TEST_FP_FROM_INT_H(226, fcvt.h.w, rne, 0, H_MONE, -1)
        TEST_FP_FROM_INT_H(227, fcvt.h.w, rne, 0, H_THREE, 0x1234567800000003)  /* low 32 bits */
        TEST_FP_FROM_INT_H(228, fcvt.h.w, rne, NX, 0x6800, 2049)         /* tie: even */
        TEST_FP_FROM_INT_H(229, fcvt.h.w, rne, NX, 0x6802, 2051)
        TEST_FP_FROM_INT_H(230, fcvt.h.w, rup, NX, 0x6801, 2049)
        TEST_FP_FROM_INT_H(231, fcvt.h.w, rne, NX, H_MAX, 65519)
        TEST_FP_FROM_INT_H(232, fcvt.h.w, rne, OF | NX, H_INF, 65520)   /* tie: to 2^16 */
        TEST_FP_FROM_INT_H(233, fcvt.h.w, rtz, NX, H_MAX, 65520)
        TEST_FP_FROM_INT_H(234, fcvt.h.w, rtz, OF | NX, H_MAX, 65536)
        TEST_FP_FROM_INT_H(235, fcvt.h.w, rdn, OF | NX, H_NINF, -65536)
        TEST_FP_FROM_INT_H(236, fcvt.h.wu, rne, OF | NX, H_INF, 0xffffffff)
        TEST_FP_FROM_INT_H(237, fcvt.h.l, rup, OF | NX, H_NMAX, 0x8000000000000000)
        TEST_FP_FROM_INT_H(238, fcvt.h.lu, rne, OF | NX, H_INF, 0x8000000000000000)
        TEST_FP_FROM_INT_H(239, fcvt.h.l, rne, 0, H_PZ, 0)
ISA_END
