/* Zfhmin (unpriv spec ch. "Zfh and Zfhmin"): FLH, FSH, FMV.X.H, FMV.H.X
 * and the conversions FCVT.S.H, FCVT.H.S, FCVT.D.H, FCVT.H.D.  NaN-boxing
 * of halves in the 64-bit f registers (all ones above bit 15; anything
 * else reads as the canonical NaN 0x7e00), transfers that move the low
 * 16 bits untouched, exact widening, narrowing in every rounding mode with
 * overflow, underflow (tininess after rounding) and no double rounding,
 * NaN canonicalisation, reserved rounding modes and mstatus.FS.
 * Expected values worked out by hand (bit patterns in the comments). */
#include "isa.h"

        .option arch, +zfh

/* binary16 patterns */
#define H_ONE   0x3c00
#define H_MONE  0xbc00
#define H_TWO   0x4000
#define H_HALF  0x3800
#define H_INF   0x7c00
#define H_NINF  0xfc00
#define H_QNAN  0x7e00          /* canonical NaN */
#define H_SNAN  0x7c01
#define H_MAX   0x7bff          /* 65504 */
#define H_NMAX  0xfbff
#define H_MINN  0x0400          /* 2^-14, smallest normal */
#define H_MINS  0x0001          /* 2^-24, smallest subnormal */
#define H_PZ    0x0000
#define H_NZ    0x8000

#define FLI_H(f, v)       li t0, v; fmv.h.x f, t0
#define EXPECT_F_H(f, v)  fmv.x.d a0, f; EXPECT(a0, 0xffffffffffff0000 | (v))
#define BOX_H(v)          (0xffffffffffff0000 | (v))
#define FRM(k)            li t0, k; csrw frm, t0

/* fcvt.h.s / fcvt.h.d with a static rm: LD the source loader */
#define CVT_TO_H(n, LD, op, rm, fl, res, v1)                    \
        TESTCASE(n); LD(fa1, v1); CLEAR_FLAGS;                  \
        op fa0, fa1, rm; EXPECT_FLAGS(fl); EXPECT_F_H(fa0, res)

ISA_BEGIN
        /* ---- mstatus.FS = Off: every Zfhmin instruction is illegal ---- */
        INSTALL_TRAP
        FP_DISABLE
        la a1, hdata
        TESTCASE(1); ARM_TRAP; flh fa0, 0(a1);       EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)
        TESTCASE(2); ARM_TRAP; fsh fa0, 0(a1);       EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)
        TESTCASE(3); ARM_TRAP; fmv.h.x fa0, x0;      EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)
        TESTCASE(4); ARM_TRAP; fmv.x.h a0, fa0;      EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)
        TESTCASE(5); ARM_TRAP; fcvt.s.h fa0, fa1;    EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)
        TESTCASE(6); ARM_TRAP; fcvt.h.s fa0, fa1;    EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)
        TESTCASE(7); ARM_TRAP; fcvt.d.h fa0, fa1;    EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)
        TESTCASE(8); ARM_TRAP; fcvt.h.d fa0, fa1;    EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)
        /* FS = Initial: FLH works and makes FS Dirty */
        TESTCASE(9)
        li t0, MSTATUS_FS_INIT; csrs mstatus, t0
        ARM_TRAP
        flh fa0, 0(a1)
        EXPECT_NO_TRAP
        csrr a0, mstatus
        srli a2, a0, 13; andi a2, a2, 3; EXPECT(a2, 3)
        UNINSTALL_TRAP
        FP_ENABLE

        /* ---- FLH: boxes the half, no canonicalisation ---- */
        TESTCASE(10); la a1, hdata; flh fa0, 0(a1); EXPECT_F_H(fa0, H_ONE)
        TESTCASE(11); la a1, hdata; flh fa0, 2(a1); EXPECT_F_H(fa0, H_MONE)
        TESTCASE(12); la a1, hdata; flh fa0, 4(a1); EXPECT_F_H(fa0, H_SNAN)
        TESTCASE(13); lla a1, hdata+8; flh fa0, -2(a1); EXPECT_F_H(fa0, 0xfe01)
        TESTCASE(14); la a1, hdata; FLI_D(fa0, 0); flh fa0, 0(a1); EXPECT_F_H(fa0, H_ONE)

        /* ---- FSH: stores the low 16 bits, boxed or not ---- */
        TESTCASE(15)
        la a1, hbuf; li a2, -1; sd a2, 0(a1)
        FLI_H(fa0, 0x1234); fsh fa0, 2(a1)
        ld a0, 0(a1); EXPECT(a0, 0xffffffff1234ffff)
        TESTCASE(16)
        la a1, hbuf; sd x0, 0(a1)
        FLI_D(fa0, 0x1122334455667788); fsh fa0, 6(a1)
        ld a0, 0(a1); EXPECT(a0, 0x7788000000000000)
        TESTCASE(17)
        lla a1, hbuf+8; FLI_H(fa0, H_SNAN); fsh fa0, -4(a1); lhu a0, -4(a1); EXPECT(a0, H_SNAN)

        /* ---- FMV.H.X boxes the low 16 bits; FMV.X.H sign-extends them ---- */
        TESTCASE(18); li a1, 0x123456789abc3c00; fmv.h.x fa0, a1; EXPECT_F_H(fa0, H_ONE)
        TESTCASE(19); li a1, 0x7c01; CLEAR_FLAGS; fmv.h.x fa0, a1; EXPECT_FLAGS(0); EXPECT_F_H(fa0, H_SNAN)
        TESTCASE(20); FLI_H(fa0, H_MONE); fmv.x.h a0, fa0; EXPECT(a0, 0xffffffffffffbc00)
        TESTCASE(21); FLI_H(fa0, H_ONE); fmv.x.h a0, fa0; EXPECT(a0, H_ONE)
        TESTCASE(22); FLI_D(fa0, 0x123456789abcdef0); fmv.x.h a0, fa0; EXPECT(a0, 0xffffffffffffdef0)
        TESTCASE(23); FLI_D(fa0, 0x0000000000003c00); fmv.x.h a0, fa0; EXPECT(a0, H_ONE)
        TESTCASE(24); FLI_H(fa0, H_SNAN); CLEAR_FLAGS; fmv.x.h a0, fa0; EXPECT_FLAGS(0); EXPECT(a0, H_SNAN)
        TESTCASE(25); fmv.h.x fa0, x0; EXPECT_F_H(fa0, H_PZ)

        /* ---- FCVT.S.H: exact ---- */
        FP_OP1X(26, FLI_H, EXPECT_F_S, fcvt.s.h, 0, 0x3f800000, H_ONE)
        FP_OP1X(27, FLI_H, EXPECT_F_S, fcvt.s.h, 0, 0xbf800000, H_MONE)
        FP_OP1X(28, FLI_H, EXPECT_F_S, fcvt.s.h, 0, 0x477fe000, H_MAX)      /* 65504 */
        FP_OP1X(29, FLI_H, EXPECT_F_S, fcvt.s.h, 0, 0x38800000, H_MINN)     /* 2^-14 */
        FP_OP1X(30, FLI_H, EXPECT_F_S, fcvt.s.h, 0, 0x33800000, H_MINS)     /* 2^-24 */
        FP_OP1X(31, FLI_H, EXPECT_F_S, fcvt.s.h, 0, 0x387fc000, 0x03ff)     /* 1023 * 2^-24 */
        FP_OP1X(32, FLI_H, EXPECT_F_S, fcvt.s.h, 0, 0xb3800000, 0x8001)
        FP_OP1X(33, FLI_H, EXPECT_F_S, fcvt.s.h, 0, 0x80000000, H_NZ)
        FP_OP1X(34, FLI_H, EXPECT_F_S, fcvt.s.h, 0, 0x7f800000, H_INF)
        FP_OP1X(35, FLI_H, EXPECT_F_S, fcvt.s.h, 0, 0xff800000, H_NINF)
        FP_OP1X(36, FLI_H, EXPECT_F_S, fcvt.s.h, NV, 0x7fc00000, H_SNAN)    /* sNaN: invalid */
        FP_OP1X(37, FLI_H, EXPECT_F_S, fcvt.s.h, 0, 0x7fc00000, 0xfe01)     /* qNaN: canonical */
        FP_OP1X(38, FLI_H, EXPECT_F_S, fcvt.s.h, 0, 0x3eaaa000, 0x3555)     /* 0.333251953125 */
        /* an improperly boxed half is the canonical NaN (quiet: no NV) */
        FP_OP1X(39, FLI_D, EXPECT_F_S, fcvt.s.h, 0, 0x7fc00000, 0x0000000000003c00)
        FP_OP1X(40, FLI_D, EXPECT_F_S, fcvt.s.h, 0, 0x7fc00000, 0xffffffff00003c00)
        FP_OP1X(41, FLI_D, EXPECT_F_S, fcvt.s.h, 0, 0x7fc00000, 0xfffeffffffff3c00)
        FP_OP1X(42, FLI_D, EXPECT_F_S, fcvt.s.h, 0, 0x3f800000, 0xffffffffffff3c00)

        /* ---- FCVT.D.H: exact ---- */
        FP_OP1X(43, FLI_H, EXPECT_F_D, fcvt.d.h, 0, 0x3ff0000000000000, H_ONE)
        FP_OP1X(44, FLI_H, EXPECT_F_D, fcvt.d.h, 0, 0x40effc0000000000, H_MAX)
        FP_OP1X(45, FLI_H, EXPECT_F_D, fcvt.d.h, 0, 0x3e70000000000000, H_MINS)
        FP_OP1X(46, FLI_H, EXPECT_F_D, fcvt.d.h, 0, 0xbf0ff80000000000, 0x83ff)   /* -1023 * 2^-24 */
        FP_OP1X(47, FLI_H, EXPECT_F_D, fcvt.d.h, 0, 0x8000000000000000, H_NZ)
        FP_OP1X(48, FLI_H, EXPECT_F_D, fcvt.d.h, 0, 0xfff0000000000000, H_NINF)
        FP_OP1X(49, FLI_H, EXPECT_F_D, fcvt.d.h, NV, 0x7ff8000000000000, 0xfc01)
        FP_OP1X(50, FLI_H, EXPECT_F_D, fcvt.d.h, 0, 0x7ff8000000000000, 0x7fff)
        FP_OP1X(51, FLI_D, EXPECT_F_D, fcvt.d.h, 0, 0x7ff8000000000000, 0xffffffff3f800000)

        /* ---- FCVT.H.S: rounding ---- */
        CVT_TO_H(52, FLI_S, fcvt.h.s, rne, 0, H_ONE, 0x3f800000)
        CVT_TO_H(53, FLI_S, fcvt.h.s, rne, 0, H_MAX, 0x477fe000)
        /* 1/3 = 0x3eaaaaab: 1.0101010101|01... x 2^-2 */
        CVT_TO_H(54, FLI_S, fcvt.h.s, rne, NX, 0x3555, 0x3eaaaaab)
        CVT_TO_H(55, FLI_S, fcvt.h.s, rtz, NX, 0x3555, 0x3eaaaaab)
        CVT_TO_H(56, FLI_S, fcvt.h.s, rdn, NX, 0x3555, 0x3eaaaaab)
        CVT_TO_H(57, FLI_S, fcvt.h.s, rup, NX, 0x3556, 0x3eaaaaab)
        CVT_TO_H(58, FLI_S, fcvt.h.s, rmm, NX, 0x3555, 0x3eaaaaab)
        CVT_TO_H(59, FLI_S, fcvt.h.s, rdn, NX, 0xb556, 0xbeaaaaab)
        CVT_TO_H(60, FLI_S, fcvt.h.s, rup, NX, 0xb555, 0xbeaaaaab)
        /* ties: 1 + 2^-11 (0x3f801000) is halfway between 0x3c00 and 0x3c01 */
        CVT_TO_H(61, FLI_S, fcvt.h.s, rne, NX, 0x3c00, 0x3f801000)
        CVT_TO_H(62, FLI_S, fcvt.h.s, rmm, NX, 0x3c01, 0x3f801000)
        CVT_TO_H(63, FLI_S, fcvt.h.s, rtz, NX, 0x3c00, 0x3f801000)
        CVT_TO_H(64, FLI_S, fcvt.h.s, rup, NX, 0x3c01, 0x3f801000)
        /* 1 + 3*2^-11: halfway between 0x3c01 and 0x3c02: to even */
        CVT_TO_H(65, FLI_S, fcvt.h.s, rne, NX, 0x3c02, 0x3f803000)
        CVT_TO_H(66, FLI_S, fcvt.h.s, rmm, NX, 0x3c02, 0x3f803000)
        CVT_TO_H(67, FLI_S, fcvt.h.s, rdn, NX, 0xbc01, 0xbf801001)   /* -(1 + 2^-11 + 2^-23) */
        /* overflow: 65520 (0x477ff000) is halfway between 65504 and 2^16 */
        CVT_TO_H(68, FLI_S, fcvt.h.s, rne, OF | NX, H_INF, 0x477ff000)
        /* RTZ/RDN round 65520 (unbounded) to 65504: no overflow */
        CVT_TO_H(69, FLI_S, fcvt.h.s, rtz, NX, H_MAX, 0x477ff000)
        CVT_TO_H(70, FLI_S, fcvt.h.s, rdn, NX, H_MAX, 0x477ff000)
        CVT_TO_H(71, FLI_S, fcvt.h.s, rup, OF | NX, H_INF, 0x477ff000)
        CVT_TO_H(72, FLI_S, fcvt.h.s, rmm, OF | NX, H_INF, 0x477ff000)
        CVT_TO_H(73, FLI_S, fcvt.h.s, rne, NX, H_MAX, 0x477fefff)      /* just below: no overflow */
        CVT_TO_H(74, FLI_S, fcvt.h.s, rup, OF | NX, H_INF, 0x477fe001)
        CVT_TO_H(75, FLI_S, fcvt.h.s, rdn, OF | NX, H_NINF, 0xc77fe001)
        CVT_TO_H(76, FLI_S, fcvt.h.s, rup, OF | NX, H_NMAX, 0xc7800000)
        CVT_TO_H(77, FLI_S, fcvt.h.s, rne, OF | NX, H_INF, 0x7f7fffff)
        CVT_TO_H(78, FLI_S, fcvt.h.s, rne, 0, H_INF, 0x7f800000)      /* infinity is exact */
        /* underflow: subnormal results, tininess after rounding */
        CVT_TO_H(79, FLI_S, fcvt.h.s, rne, 0, 0x0200, 0x38000000)     /* 2^-15: exact */
        CVT_TO_H(80, FLI_S, fcvt.h.s, rne, 0, H_MINS, 0x33800000)     /* 2^-24: exact */
        CVT_TO_H(81, FLI_S, fcvt.h.s, rne, UF | NX, H_PZ, 0x33000000) /* 2^-25: tie to 0 */
        CVT_TO_H(82, FLI_S, fcvt.h.s, rup, UF | NX, H_MINS, 0x33000000)
        CVT_TO_H(83, FLI_S, fcvt.h.s, rmm, UF | NX, H_MINS, 0x33000000)
        CVT_TO_H(84, FLI_S, fcvt.h.s, rne, UF | NX, H_MINS, 0x33400000) /* 1.5 * 2^-25 */
        CVT_TO_H(85, FLI_S, fcvt.h.s, rdn, UF | NX, 0x8001, 0xb3000001)
        CVT_TO_H(86, FLI_S, fcvt.h.s, rtz, UF | NX, H_NZ, 0xb3000001)
        CVT_TO_H(87, FLI_S, fcvt.h.s, rne, UF | NX, H_PZ, 0x00000001)
        CVT_TO_H(88, FLI_S, fcvt.h.s, rup, UF | NX, H_MINS, 0x00000001)
        /* 1023.5 * 2^-24 (0x387fe000) is tiny even rounded with an
         * unbounded exponent (2^-15 * (2 - 2^-10), exact), so rounding it up
         * to the smallest normal still raises UF; 1023.75 * 2^-24
         * (0x387ff000) rounds (unbounded) to 2^-14: not tiny, no UF. */
        CVT_TO_H(89, FLI_S, fcvt.h.s, rne, UF | NX, H_MINN, 0x387fe000)
        CVT_TO_H(90, FLI_S, fcvt.h.s, rne, NX, H_MINN, 0x387ff000)
        CVT_TO_H(91, FLI_S, fcvt.h.s, rtz, UF | NX, 0x03ff, 0x387ff000)
        CVT_TO_H(92, FLI_S, fcvt.h.s, rup, UF | NX, H_MINN, 0x387fe000)
        CVT_TO_H(93, FLI_S, fcvt.h.s, rup, NX, H_MINN, 0x387ff000)
        CVT_TO_H(94, FLI_S, fcvt.h.s, rdn, UF | NX, 0x03ff, 0x387ff000)
        CVT_TO_H(95, FLI_S, fcvt.h.s, rne, 0, 0x03ff, 0x387fc000)     /* exact subnormal */
        /* NaNs and signed zeros */
        CVT_TO_H(96, FLI_S, fcvt.h.s, rne, NV, H_QNAN, 0x7f800001)
        CVT_TO_H(97, FLI_S, fcvt.h.s, rne, 0, H_QNAN, 0xffc12345)
        CVT_TO_H(98, FLI_S, fcvt.h.s, rne, 0, H_NZ, 0x80000000)
        CVT_TO_H(99, FLI_D, fcvt.h.s, rne, 0, H_QNAN, 0x000000003f800000) /* unboxed single */
        /* dynamic rounding mode */
        TESTCASE(100); FRM(3); FLI_S(fa1, 0x3eaaaaab); fcvt.h.s fa0, fa1, dyn; EXPECT_F_H(fa0, 0x3556)
        TESTCASE(101); FRM(1); FLI_S(fa1, 0x477ff000); fcvt.h.s fa0, fa1, dyn; EXPECT_F_H(fa0, H_MAX)
        FRM(0)

        /* ---- FCVT.H.D: one rounding from double ---- */
        CVT_TO_H(102, FLI_D, fcvt.h.d, rne, 0, H_ONE, 0x3ff0000000000000)
        CVT_TO_H(103, FLI_D, fcvt.h.d, rne, NX, 0x3555, 0x3fd5555555555555)
        CVT_TO_H(104, FLI_D, fcvt.h.d, rup, NX, 0x3556, 0x3fd5555555555555)
        /* 1 + 2^-11 + 2^-40 is just above the tie: rounding to single first
         * would make it the tie and round to even (0x3c00). */
        CVT_TO_H(105, FLI_D, fcvt.h.d, rne, NX, 0x3c01, 0x3ff0020000001000)
        CVT_TO_H(106, FLI_D, fcvt.h.d, rne, NX, 0x3c00, 0x3ff0020000000000)  /* the tie itself */
        CVT_TO_H(107, FLI_D, fcvt.h.d, rne, NX, 0x3c00, 0x3ff001ffffffffff)
        CVT_TO_H(108, FLI_D, fcvt.h.d, rne, OF | NX, H_INF, 0x40effe0000000000)  /* 65520 */
        CVT_TO_H(109, FLI_D, fcvt.h.d, rtz, NX, H_MAX, 0x40effe0000000000)
        CVT_TO_H(110, FLI_D, fcvt.h.d, rne, NX, H_MAX, 0x40effdffffffffff)
        CVT_TO_H(111, FLI_D, fcvt.h.d, rne, OF | NX, H_NINF, 0xfe00000000000000)
        CVT_TO_H(112, FLI_D, fcvt.h.d, rdn, OF | NX, H_MAX, 0x7fefffffffffffff)
        CVT_TO_H(113, FLI_D, fcvt.h.d, rne, UF | NX, H_PZ, 0x0000000000000001)
        CVT_TO_H(114, FLI_D, fcvt.h.d, rup, UF | NX, H_MINS, 0x0000000000000001)
        CVT_TO_H(115, FLI_D, fcvt.h.d, rne, UF | NX, H_MINS, 0x3e60000000000001)  /* 2^-25 (1 + 2^-52) */
        CVT_TO_H(116, FLI_D, fcvt.h.d, rne, UF | NX, H_PZ, 0x3e60000000000000)    /* 2^-25: tie to 0 */
        CVT_TO_H(117, FLI_D, fcvt.h.d, rne, UF | NX, H_MINN, 0x3f0ffc0000000000)  /* 1023.5 * 2^-24 */
        CVT_TO_H(118, FLI_D, fcvt.h.d, rne, UF | NX, H_MINN, 0x3f0ffc0000000001)  /* still tiny unbounded */
        CVT_TO_H(119, FLI_D, fcvt.h.d, rne, 0, 0x8100, 0xbef0000000000000)        /* -2^-16 */
        CVT_TO_H(120, FLI_D, fcvt.h.d, rne, NV, H_QNAN, 0x7ff0000000000001)
        CVT_TO_H(121, FLI_D, fcvt.h.d, rne, 0, H_QNAN, 0xfff8000000000000)
        CVT_TO_H(122, FLI_D, fcvt.h.d, rne, 0, H_NINF, 0xfff0000000000000)
        CVT_TO_H(123, FLI_D, fcvt.h.d, rne, 0, H_PZ, 0x0000000000000000)

        /* ---- reserved rounding modes ---- */
        INSTALL_TRAP
        TESTCASE(124); ARM_TRAP; .insn r 0x53, 5, 0x22, fa0, fa1, f0; EXPECT_CAUSE(CAUSE_ILLEGAL_INSN) /* fcvt.h.s */
        TESTCASE(125); ARM_TRAP; .insn r 0x53, 6, 0x22, fa0, fa1, f1; EXPECT_CAUSE(CAUSE_ILLEGAL_INSN) /* fcvt.h.d */
        TESTCASE(126); ARM_TRAP; .insn r 0x53, 5, 0x20, fa0, fa1, f2; EXPECT_CAUSE(CAUSE_ILLEGAL_INSN) /* fcvt.s.h */
        TESTCASE(127); ARM_TRAP; .insn r 0x53, 6, 0x21, fa0, fa1, f2; EXPECT_CAUSE(CAUSE_ILLEGAL_INSN) /* fcvt.d.h */
        TESTCASE(128); FRM(5); ARM_TRAP; fcvt.h.s fa0, fa1, dyn; EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)
        TESTCASE(129); FRM(7); ARM_TRAP; fcvt.h.d fa0, fa1, dyn; EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)
        FRM(0)
        TESTCASE(130); ARM_TRAP; .insn r 0x53, 4, 0x22, fa0, fa1, f0; EXPECT_NO_TRAP   /* rmm */
        /* FLH/FSH are LOAD-FP/STORE-FP width 1; FMV.X.H needs funct3 0 */
        TESTCASE(131); ARM_TRAP; .insn r 0x53, 2, 0x72, a0, fa1, f0; EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)
        TESTCASE(132); ARM_TRAP; .insn r 0x53, 0, 0x7a, fa0, a1, f2; EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)
        TESTCASE(133); ARM_TRAP; .insn r 0x53, 0, 0x22, fa0, fa1, f3; EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)
        UNINSTALL_TRAP

        /* ---- results are boxed, whatever the register held ---- */
        TESTCASE(134); FLI_D(fa0, 0); FLI_S(fa1, 0x3f800000); fcvt.h.s fa0, fa1; EXPECT_F_H(fa0, H_ONE)
        TESTCASE(135); FLI_D(fa0, 0x1234); FLI_D(fa1, 0xbff0000000000000); fcvt.h.d fa0, fa1
        EXPECT_F_H(fa0, H_MONE)
        /* writes through x0 are dropped; FMV.X.H to x0 */
        TESTCASE(136); FLI_H(fa0, H_ONE); fmv.x.h x0, fa0; EXPECT(x0, 0)
        /* 1023.75 * 2^-24: the unbounded rounding is a tie, to even 2^-14 */
        CVT_TO_H(137, FLI_D, fcvt.h.d, rne, NX, H_MINN, 0x3f0ffe0000000000)
        CVT_TO_H(138, FLI_D, fcvt.h.d, rne, NX, H_MINN, 0x3f0ffe0000000001)
        CVT_TO_H(139, FLI_D, fcvt.h.d, rtz, UF | NX, 0x03ff, 0x3f0ffe0000000001)
ISA_END

        .data
        .align 4
hdata:  .half 0x3c00, 0xbc00, 0x7c01, 0xfe01
hbuf:   .dword 0, 0
