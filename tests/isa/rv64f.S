/* RV64F (unpriv spec ch. "F" Standard Extension): a representative set per
 * instruction.  Static rounding modes and dynamic (frm), fflags after each
 * operation, canonical NaN results, NaN-boxing of singles in 64-bit f
 * registers, FMIN/FMAX with NaNs and signed zeros, FCVT saturation, FCLASS,
 * sign injection, moves, loads/stores, comparisons with NaNs, fused
 * multiply-add with a single rounding, and mstatus.FS (priv spec): an FP
 * instruction with FS=Off is illegal, and writing FP state sets FS=Dirty. */
#include "isa.h"

#define ONE   0x3f800000
#define TWO   0x40000000
#define THREE 0x40400000
#define HALF  0x3f000000
#define MONE  0xbf800000
#define MTWO  0xc0000000
#define INF   0x7f800000
#define NINF  0xff800000
#define QNAN  0x7fc00000        /* canonical NaN */
#define SNAN  0x7f800001
#define MAXF  0x7f7fffff
#define NMAXF 0xff7fffff
#define MINN  0x00800000        /* smallest normal */
#define MINS  0x00000001        /* smallest subnormal */
#define PZ    0x00000000
#define NZ    0x80000000
#define EPS24 0x33800000        /* 2^-24: half an ulp of 1.0 */
#define ONEP  0x3f800800        /* 1 + 2^-12 */

/* an improperly NaN-boxed single: upper half not all ones */
#define UNBOXED_ONE 0x000000003f800000
#define B_ONE  0xffffffff3f800000
#define B_MONE 0xffffffffbf800000

#define FRM(k) li t0, k; csrw frm, t0

ISA_BEGIN
        /* ---- mstatus.FS ---- */
        INSTALL_TRAP
        FP_DISABLE
        TESTCASE(1); ARM_TRAP; fadd.s fa0, fa1, fa2; EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)
        TESTCASE(2); ARM_TRAP; fmv.w.x fa0, x0;      EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)
        TESTCASE(3); la a1, fdata; ARM_TRAP; flw fa0, 0(a1); EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)
        TESTCASE(4); ARM_TRAP; csrr a0, fflags;      EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)
        ARM_TRAP; csrr a0, frm;  EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)
        ARM_TRAP; csrr a0, fcsr; EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)
        TESTCASE(5); ARM_TRAP; fmv.x.w a0, fa0;      EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)
        ARM_TRAP; fsw fa0, 0(a1); EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)
        ARM_TRAP; feq.s a0, fa0, fa0; EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)
        /* FS = Initial: usable; a write makes it Dirty (and sets SD) */
        TESTCASE(6)
        li t0, MSTATUS_FS_INIT; csrs mstatus, t0
        ARM_TRAP
        fmv.w.x fa0, x0
        EXPECT_NO_TRAP
        csrr a0, mstatus
        srli a1, a0, 13; andi a1, a1, 3; EXPECT(a1, 3)
        srli a1, a0, 63; EXPECT(a1, 1)
        UNINSTALL_TRAP
        FP_ENABLE

        /* ---- fcsr / frm / fflags ---- */
        TESTCASE(7)
        li a1, 0xff; csrw fcsr, a1
        csrr a0, frm;    EXPECT(a0, 7)
        csrr a0, fflags; EXPECT(a0, 0x1f)
        csrr a0, fcsr;   EXPECT(a0, 0xff)
        TESTCASE(8)                 /* fcsr bits above 7 read as zero */
        li a1, 0xfffffffffffffe25; csrw fcsr, a1
        csrr a0, fcsr;   EXPECT(a0, 0x25)
        csrr a0, frm;    EXPECT(a0, 1)
        csrr a0, fflags; EXPECT(a0, 5)
        TESTCASE(9)                 /* frm / fflags are views of fcsr */
        csrw fcsr, x0
        li a1, 3; fsrm a0, a1; EXPECT(a0, 0)
        frrm a0; EXPECT(a0, 3)
        fsflagsi 0x0a
        csrr a0, fcsr; EXPECT(a0, 0x6a)
        fsflags a0, x0; EXPECT(a0, 0x0a)
        csrr a0, fcsr; EXPECT(a0, 0x60)
        csrw fcsr, x0
        TESTCASE(10)                /* flags are sticky (accrued) */
        FLI_S(fa1, ONE); FLI_S(fa2, THREE); FLI_S(fa3, PZ)
        CLEAR_FLAGS
        fdiv.s fa0, fa1, fa2        /* NX */
        fdiv.s fa0, fa1, fa3        /* DZ */
        fadd.s fa0, fa1, fa1        /* exact: no flags, none cleared */
        EXPECT_FLAGS(NX | DZ)

        /* ---- static rounding modes ---- */
        TEST_FP_OP2_S(11, fdiv.s, rne, NX, 0x3eaaaaab, ONE, THREE)
        TEST_FP_OP2_S(12, fdiv.s, rtz, NX, 0x3eaaaaaa, ONE, THREE)
        TEST_FP_OP2_S(13, fdiv.s, rdn, NX, 0x3eaaaaaa, ONE, THREE)
        TEST_FP_OP2_S(14, fdiv.s, rup, NX, 0x3eaaaaab, ONE, THREE)
        TEST_FP_OP2_S(15, fdiv.s, rmm, NX, 0x3eaaaaab, ONE, THREE)
        TEST_FP_OP2_S(16, fdiv.s, rne, NX, 0xbeaaaaab, MONE, THREE)
        TEST_FP_OP2_S(17, fdiv.s, rtz, NX, 0xbeaaaaaa, MONE, THREE)
        TEST_FP_OP2_S(18, fdiv.s, rdn, NX, 0xbeaaaaab, MONE, THREE)
        TEST_FP_OP2_S(19, fdiv.s, rup, NX, 0xbeaaaaaa, MONE, THREE)
        TEST_FP_OP2_S(20, fdiv.s, rmm, NX, 0xbeaaaaab, MONE, THREE)
        /* ties: 1 + 2^-24 is halfway between 1.0 and 1 + 2^-23 */
        TEST_FP_OP2_S(21, fadd.s, rne, NX, ONE, ONE, EPS24)
        TEST_FP_OP2_S(22, fadd.s, rtz, NX, ONE, ONE, EPS24)
        TEST_FP_OP2_S(23, fadd.s, rdn, NX, ONE, ONE, EPS24)
        TEST_FP_OP2_S(24, fadd.s, rup, NX, 0x3f800001, ONE, EPS24)
        TEST_FP_OP2_S(25, fadd.s, rmm, NX, 0x3f800001, ONE, EPS24)
        TEST_FP_OP2_S(26, fadd.s, rne, NX, 0x3f800002, 0x3f800001, EPS24)
        TEST_FP_OP2_S(27, fadd.s, rtz, NX, 0x3f800001, 0x3f800001, EPS24)
        TEST_FP_OP2_S(28, fsub.s, rne, 0, 0x3f000000, ONE, HALF)
        TEST_FP_OP2_S(29, fsub.s, rne, 0, MONE, ONE, TWO)
        TEST_FP_OP2_S(30, fmul.s, rne, 0, 0x40c00000, TWO, THREE)
        TEST_FP_OP2_S(31, fmul.s, rdn, NX, 0x3f800002, 0x3f800001, 0x3f800001)
        TEST_FP_OP2_S(32, fmul.s, rup, NX, 0x3f800003, 0x3f800001, 0x3f800001)
        /* x - x is +0 except in RDN, where it is -0 */
        TEST_FP_OP2_S(33, fsub.s, rne, 0, PZ, ONE, ONE)
        TEST_FP_OP2_S(34, fsub.s, rdn, 0, NZ, ONE, ONE)

        /* ---- dynamic rounding mode (frm) ---- */
        FRM(0); TEST_FP_OP2_S(35, fdiv.s, dyn, NX, 0xbeaaaaab, MONE, THREE)
        FRM(1); TEST_FP_OP2_S(36, fdiv.s, dyn, NX, 0xbeaaaaaa, MONE, THREE)
        FRM(2); TEST_FP_OP2_S(37, fdiv.s, dyn, NX, 0xbeaaaaab, MONE, THREE)
        FRM(3); TEST_FP_OP2_S(38, fdiv.s, dyn, NX, 0xbeaaaaaa, MONE, THREE)
        FRM(4); TEST_FP_OP2_S(39, fadd.s, dyn, NX, 0x3f800001, ONE, EPS24)
        FRM(2)                      /* the default rm the assembler picks is dyn */
        TESTCASE(40); FLI_S(fa1, ONE); fsub.s fa0, fa1, fa1; EXPECT_F_S(fa0, NZ)
        FRM(0)
        /* Reserved rounding modes: F 2.2 (ratified) mandates illegal
         * instruction for dyn with frm = 5..7; the current manual calls the
         * behaviour with any reserved mode (static 5/6, dynamic 5..7)
         * reserved, illegal instruction remaining valid.  rvkvm, like QEMU
         * and the Sail model, traps in all cases, which these checks pin. */
        INSTALL_TRAP
        TESTCASE(41); FRM(5); ARM_TRAP; fadd.s fa0, fa1, fa2, dyn; EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)
        TESTCASE(42); FRM(6); ARM_TRAP; fmul.s fa0, fa1, fa2, dyn; EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)
        TESTCASE(43); FRM(7); ARM_TRAP; fsqrt.s fa0, fa1, dyn; EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)
        FRM(0)
        TESTCASE(44); ARM_TRAP; .insn r 0x53, 5, 0x00, fa0, fa1, fa2; EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)
        TESTCASE(45); ARM_TRAP; .insn r 0x53, 6, 0x08, fa0, fa1, fa2; EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)
        TESTCASE(46); ARM_TRAP; .insn r 0x53, 0, 0x00, fa0, fa1, fa2; EXPECT_NO_TRAP
        UNINSTALL_TRAP

        /* ---- exception flags and special results ---- */
        TEST_FP_OP2_S(47, fadd.s, rne, NV, QNAN, SNAN, ONE)      /* sNaN: invalid */
        TEST_FP_OP2_S(48, fadd.s, rne, 0, QNAN, 0x7fc12345, ONE) /* qNaN: quiet, canonical */
        TEST_FP_OP2_S(49, fmul.s, rne, NV, QNAN, 0xff800123, TWO)
        TEST_FP_OP2_S(50, fadd.s, rne, NV, QNAN, INF, NINF)      /* inf - inf */
        TEST_FP_OP2_S(51, fmul.s, rne, NV, QNAN, PZ, INF)        /* 0 * inf */
        TEST_FP_OP2_S(52, fdiv.s, rne, NV, QNAN, PZ, PZ)         /* 0 / 0 */
        TEST_FP_OP2_S(53, fdiv.s, rne, NV, QNAN, INF, NINF)      /* inf / inf */
        TEST_FP_OP2_S(54, fdiv.s, rne, DZ, INF, ONE, PZ)
        TEST_FP_OP2_S(55, fdiv.s, rne, DZ, NINF, MONE, PZ)
        TEST_FP_OP2_S(56, fdiv.s, rne, DZ, NINF, ONE, NZ)
        TEST_FP_OP2_S(57, fdiv.s, rne, 0, INF, INF, PZ)          /* exact: no DZ */
        TEST_FP_OP2_S(58, fmul.s, rne, OF | NX, INF, MAXF, TWO)
        TEST_FP_OP2_S(59, fmul.s, rtz, OF | NX, MAXF, MAXF, TWO)
        TEST_FP_OP2_S(60, fmul.s, rdn, OF | NX, MAXF, MAXF, TWO)
        TEST_FP_OP2_S(61, fmul.s, rup, OF | NX, INF, MAXF, TWO)
        TEST_FP_OP2_S(62, fmul.s, rmm, OF | NX, INF, MAXF, TWO)
        TEST_FP_OP2_S(63, fmul.s, rdn, OF | NX, NINF, NMAXF, TWO)
        TEST_FP_OP2_S(64, fmul.s, rup, OF | NX, NMAXF, NMAXF, TWO)
        TEST_FP_OP2_S(65, fadd.s, rne, OF | NX, INF, MAXF, MAXF)
        TEST_FP_OP2_S(66, fmul.s, rne, 0, 0x00400000, MINN, HALF)       /* tiny but exact */
        TEST_FP_OP2_S(67, fmul.s, rne, UF | NX, PZ, MINS, HALF)
        TEST_FP_OP2_S(68, fmul.s, rup, UF | NX, MINS, MINS, HALF)
        TEST_FP_OP2_S(69, fmul.s, rne, UF | NX, PZ, MINN, MINN)
        TEST_FP_OP2_S(70, fmul.s, rne, UF | NX, 0x00400000, 0x00800001, HALF)
        TEST_FP_OP2_S(71, fmul.s, rup, UF | NX, 0x00400001, 0x00800001, HALF)
        TEST_FP_OP2_S(72, fadd.s, rne, 0, 0x00000002, MINS, MINS)       /* subnormal inputs */
        TEST_FP_OP2_S(73, fsub.s, rne, 0, MINS, MINN, 0x007fffff)
        TEST_FP_OP2_S(74, fadd.s, rne, 0, INF, INF, ONE)
        TEST_FP_OP2_S(75, fdiv.s, rne, 0, PZ, ONE, INF)

        /* ---- FSQRT.S ---- */
        TEST_FP_OP1_S(76, fsqrt.s, rne, 0, TWO, 0x40800000)
        TEST_FP_OP1_S(77, fsqrt.s, rne, NX, 0x3fb504f3, TWO)
        TEST_FP_OP1_S(78, fsqrt.s, rup, NX, 0x3fb504f4, TWO)
        TEST_FP_OP1_S(79, fsqrt.s, rne, 0, NZ, NZ)
        TEST_FP_OP1_S(80, fsqrt.s, rne, NV, QNAN, MONE)
        TEST_FP_OP1_S(81, fsqrt.s, rne, 0, INF, INF)
        TEST_FP_OP1_S(82, fsqrt.s, rne, NV, QNAN, NINF)
        TEST_FP_OP1_S(83, fsqrt.s, rne, 0, QNAN, 0x7fc0dead)
        TEST_FP_OP1_S(84, fsqrt.s, rne, NX, 0x1a3504f3, MINS)

        /* ---- FMIN.S / FMAX.S ---- */
        TEST_FP_OP2N_S(85, fmin.s, 0, ONE, ONE, TWO)
        TEST_FP_OP2N_S(86, fmax.s, 0, TWO, ONE, TWO)
        TEST_FP_OP2N_S(87, fmin.s, 0, MTWO, MONE, MTWO)
        TEST_FP_OP2N_S(88, fmin.s, 0, NZ, NZ, PZ)               /* -0 < +0 */
        TEST_FP_OP2N_S(89, fmin.s, 0, NZ, PZ, NZ)
        TEST_FP_OP2N_S(90, fmax.s, 0, PZ, NZ, PZ)
        TEST_FP_OP2N_S(91, fmax.s, 0, PZ, PZ, NZ)
        TEST_FP_OP2N_S(92, fmin.s, 0, ONE, QNAN, ONE)           /* one NaN: the other */
        TEST_FP_OP2N_S(93, fmax.s, 0, ONE, ONE, 0x7fc12345)
        TEST_FP_OP2N_S(94, fmin.s, NV, ONE, SNAN, ONE)          /* sNaN signals */
        TEST_FP_OP2N_S(95, fmax.s, NV, MONE, MONE, SNAN)
        TEST_FP_OP2N_S(96, fmax.s, 0, QNAN, 0x7fc12345, 0xffc00001)  /* both NaN: canonical */
        TEST_FP_OP2N_S(97, fmin.s, NV, QNAN, SNAN, QNAN)
        TEST_FP_OP2N_S(98, fmin.s, 0, NINF, NINF, ONE)
        TEST_FP_OP2N_S(99, fmax.s, 0, INF, MAXF, INF)

        /* ---- FCVT.W.S / FCVT.WU.S / FCVT.L.S / FCVT.LU.S ---- */
        TEST_FP_TO_INT_S(100, fcvt.w.s, rtz, 0, 1, ONE)
        TEST_FP_TO_INT_S(101, fcvt.w.s, rne, NX, 2, 0x3fc00000)          /* 1.5 */
        TEST_FP_TO_INT_S(102, fcvt.w.s, rne, NX, 2, 0x40200000)          /* 2.5 tie: even */
        TEST_FP_TO_INT_S(103, fcvt.w.s, rmm, NX, 3, 0x40200000)
        TEST_FP_TO_INT_S(104, fcvt.w.s, rtz, NX, -1, 0xbfc00000)         /* -1.5 */
        TEST_FP_TO_INT_S(105, fcvt.w.s, rdn, NX, -2, 0xbfc00000)
        TEST_FP_TO_INT_S(106, fcvt.w.s, rup, NX, 2, 0x3f8ccccd)          /* 1.1 */
        TEST_FP_TO_INT_S(107, fcvt.w.s, rne, NX, 0, 0xbf000000)          /* -0.5 */
        TEST_FP_TO_INT_S(108, fcvt.w.s, rtz, 0, 0xffffffff80000000, 0xcf000000) /* -2^31 exact */
        TEST_FP_TO_INT_S(109, fcvt.w.s, rtz, NV, 0x7fffffff, 0x4f000000) /* 2^31 */
        TEST_FP_TO_INT_S(110, fcvt.w.s, rtz, NV, 0x7fffffff, 0x4f32d05e) /* 3e9 */
        TEST_FP_TO_INT_S(111, fcvt.w.s, rtz, NV, 0xffffffff80000000, 0xcf32d05e)
        TEST_FP_TO_INT_S(112, fcvt.w.s, rtz, NV, 0x7fffffff, INF)
        TEST_FP_TO_INT_S(113, fcvt.w.s, rtz, NV, 0xffffffff80000000, NINF)
        TEST_FP_TO_INT_S(114, fcvt.w.s, rtz, NV, 0x7fffffff, QNAN)
        TEST_FP_TO_INT_S(115, fcvt.w.s, rtz, NV, 0x7fffffff, 0xffc00000) /* negative NaN too */
        TEST_FP_TO_INT_S(116, fcvt.w.s, rtz, NV, 0xffffffff80000000, 0xcf000001)
        TEST_FP_TO_INT_S(117, fcvt.wu.s, rtz, 0, 1, ONE)
        TEST_FP_TO_INT_S(118, fcvt.wu.s, rtz, 0, 0xffffffffb2d05e00, 0x4f32d05e)  /* sign-extended */
        TEST_FP_TO_INT_S(119, fcvt.wu.s, rtz, 0, 0xffffffffffffff00, 0x4f7fffff)
        TEST_FP_TO_INT_S(120, fcvt.wu.s, rtz, NV, -1, 0x4f800000)       /* 2^32 */
        TEST_FP_TO_INT_S(121, fcvt.wu.s, rtz, NV, -1, 0x4f9502f9)       /* 5e9 */
        TEST_FP_TO_INT_S(122, fcvt.wu.s, rtz, NV, 0, MONE)
        TEST_FP_TO_INT_S(123, fcvt.wu.s, rtz, NX, 0, 0xbf000000)        /* -0.5 -> 0: inexact only */
        TEST_FP_TO_INT_S(124, fcvt.wu.s, rdn, NV, 0, 0xbf000000)        /* -0.5 -> -1: invalid */
        TEST_FP_TO_INT_S(125, fcvt.wu.s, rtz, NV, -1, INF)
        TEST_FP_TO_INT_S(126, fcvt.wu.s, rtz, NV, 0, NINF)
        TEST_FP_TO_INT_S(127, fcvt.wu.s, rtz, NV, -1, QNAN)
        TEST_FP_TO_INT_S(128, fcvt.l.s, rtz, 0, 3000000000, 0x4f32d05e)
        TEST_FP_TO_INT_S(129, fcvt.l.s, rne, NX, -2, 0xbfc00000)
        TEST_FP_TO_INT_S(130, fcvt.l.s, rtz, 0, 0x4000000000000000, 0x5e800000)  /* 2^62 */
        TEST_FP_TO_INT_S(131, fcvt.l.s, rtz, 0, 0x8000000000000000, 0xdf000000)  /* -2^63 exact */
        TEST_FP_TO_INT_S(132, fcvt.l.s, rtz, NV, 0x7fffffffffffffff, 0x5f000000) /* 2^63 */
        TEST_FP_TO_INT_S(133, fcvt.l.s, rtz, NV, 0x7fffffffffffffff, INF)
        TEST_FP_TO_INT_S(134, fcvt.l.s, rtz, NV, 0x8000000000000000, NINF)
        TEST_FP_TO_INT_S(135, fcvt.l.s, rtz, NV, 0x7fffffffffffffff, SNAN)
        TEST_FP_TO_INT_S(136, fcvt.l.s, rtz, NV, 0x8000000000000000, 0xdf000001)
        TEST_FP_TO_INT_S(137, fcvt.lu.s, rtz, 0, 0x8000000000000000, 0x5f000000)
        TEST_FP_TO_INT_S(138, fcvt.lu.s, rtz, 0, 0xffffff0000000000, 0x5f7fffff)
        TEST_FP_TO_INT_S(139, fcvt.lu.s, rtz, NV, -1, 0x5f800000)       /* 2^64 */
        TEST_FP_TO_INT_S(140, fcvt.lu.s, rtz, NV, 0, MONE)
        TEST_FP_TO_INT_S(141, fcvt.lu.s, rtz, NV, -1, INF)
        TEST_FP_TO_INT_S(142, fcvt.lu.s, rtz, NV, 0, NINF)
        TEST_FP_TO_INT_S(143, fcvt.lu.s, rtz, NV, -1, QNAN)
        TEST_FP_TO_INT_S(144, fcvt.lu.s, rup, NX, 1, 0x3e800000)       /* 0.25 up */

        /* ---- FCVT.S.W / WU / L / LU ---- */
        TEST_FP_FROM_INT_S(145, fcvt.s.w, rne, 0, MONE, -1)
        TEST_FP_FROM_INT_S(146, fcvt.s.w, rne, 0, PZ, 0)
        TEST_FP_FROM_INT_S(147, fcvt.s.w, rne, NX, 0x4f000000, 0x7fffffff)
        TEST_FP_FROM_INT_S(148, fcvt.s.w, rtz, NX, 0x4effffff, 0x7fffffff)
        TEST_FP_FROM_INT_S(149, fcvt.s.w, rne, 0, MONE, 0x00000000ffffffff) /* low 32 bits */
        TEST_FP_FROM_INT_S(150, fcvt.s.w, rne, NX, 0x4b800000, 16777217)
        TEST_FP_FROM_INT_S(151, fcvt.s.w, rup, NX, 0x4b800001, 16777217)
        TEST_FP_FROM_INT_S(152, fcvt.s.w, rne, 0, 0xcf000000, 0x80000000)
        TEST_FP_FROM_INT_S(153, fcvt.s.wu, rne, NX, 0x4f800000, 0xffffffff)
        TEST_FP_FROM_INT_S(154, fcvt.s.wu, rtz, NX, 0x4f7fffff, 0xffffffff)
        TEST_FP_FROM_INT_S(155, fcvt.s.wu, rne, 0, ONE, 0xffffffff00000001)
        TEST_FP_FROM_INT_S(156, fcvt.s.l, rne, 0, 0xdf000000, 0x8000000000000000)
        TEST_FP_FROM_INT_S(157, fcvt.s.l, rne, 0, MONE, -1)
        TEST_FP_FROM_INT_S(158, fcvt.s.l, rne, NX, 0x5f000000, 0x7fffffffffffffff)
        TEST_FP_FROM_INT_S(159, fcvt.s.lu, rne, NX, 0x5f800000, -1)
        TEST_FP_FROM_INT_S(160, fcvt.s.lu, rtz, NX, 0x5f7fffff, -1)
        TEST_FP_FROM_INT_S(161, fcvt.s.lu, rne, 0, ONE, 1)

        /* ---- FCLASS.S ---- */
        TEST_FCLASS_S(162, 0x001, NINF)
        TEST_FCLASS_S(163, 0x002, MONE)
        TEST_FCLASS_S(164, 0x004, 0x80000001)
        TEST_FCLASS_S(165, 0x008, NZ)
        TEST_FCLASS_S(166, 0x010, PZ)
        TEST_FCLASS_S(167, 0x020, 0x007fffff)
        TEST_FCLASS_S(168, 0x040, ONE)
        TEST_FCLASS_S(169, 0x080, INF)
        TEST_FCLASS_S(170, 0x100, SNAN)
        TEST_FCLASS_S(171, 0x200, QNAN)
        TEST_FCLASS_S(172, 0x100, 0xffbfffff)   /* negative sNaN */

        /* ---- FSGNJ.S / FSGNJN.S / FSGNJX.S (no flags, NaNs untouched) ---- */
        TEST_FP_OP2N_S(173, fsgnj.s, 0, MONE, ONE, MTWO)
        TEST_FP_OP2N_S(174, fsgnj.s, 0, ONE, MONE, TWO)
        TEST_FP_OP2N_S(175, fsgnjn.s, 0, ONE, ONE, MTWO)
        TEST_FP_OP2N_S(176, fsgnjn.s, 0, MONE, ONE, TWO)
        TEST_FP_OP2N_S(177, fsgnjx.s, 0, ONE, MONE, MTWO)
        TEST_FP_OP2N_S(178, fsgnjx.s, 0, MONE, MONE, TWO)
        TEST_FP_OP2N_S(179, fsgnjx.s, 0, MONE, ONE, MTWO)
        TEST_FP_OP2N_S(180, fsgnjn.s, 0, 0xff800001, SNAN, SNAN)
        TEST_FP_OP2N_S(181, fsgnj.s, 0, 0xffc12345, 0x7fc12345, MONE)

        /* ---- FMV.X.W / FMV.W.X ---- */
        TESTCASE(182); FLI_S(fa0, 0x80000000); fmv.x.w a0, fa0; EXPECT(a0, 0xffffffff80000000)
        TESTCASE(183); FLI_S(fa0, 0x7f800000); fmv.x.w a0, fa0; EXPECT(a0, 0x7f800000)
        TESTCASE(184); li a1, 0x123456783f800000; fmv.w.x fa0, a1; EXPECT_F_S(fa0, ONE)
        TESTCASE(185); CLEAR_FLAGS; FLI_S(fa0, SNAN); fmv.x.w a0, fa0; EXPECT(a0, SNAN)
        EXPECT_FLAGS(0)

        /* ---- FLW / FSW ---- */
        TESTCASE(186); la a1, fdata; flw fa0, 0(a1); EXPECT_F_S(fa0, MONE)
        TESTCASE(187); la a1, fdata; flw fa0, 4(a1); EXPECT_F_S(fa0, SNAN)  /* no canonicalisation */
        TESTCASE(188); lla a1, fdata+16; flw fa0, -12(a1); EXPECT_F_S(fa0, SNAN)
        TESTCASE(189)
        la a1, fbuf; li a2, -1; sd a2, 0(a1)
        FLI_S(fa0, 0x12345678); fsw fa0, 4(a1)
        ld a0, 0(a1); EXPECT(a0, 0x12345678ffffffff)
        TESTCASE(190)               /* FSW stores the low 32 bits, boxed or not */
        la a1, fbuf; sd x0, 0(a1)
        FLI_D(fa0, 0x00000000c0490fdb); fsw fa0, 0(a1)
        ld a0, 0(a1); EXPECT(a0, 0xc0490fdb)
        TESTCASE(191); lla a1, fbuf+8; FLI_S(fa0, QNAN); fsw fa0, -8(a1); lwu a0, -8(a1); EXPECT(a0, QNAN)

        /* ---- NaN-boxing: an improperly boxed single reads as canonical NaN ---- */
        FP_OP2(192, FLI_D, EXPECT_F_S, fadd.s, rne, 0, QNAN, UNBOXED_ONE, B_ONE) /* no NV: quiet NaN */
        FP_OP2N(193, FLI_D, EXPECT_F_S, fsgnj.s, 0, QNAN, UNBOXED_ONE, UNBOXED_ONE)
        FP_OP2N(194, FLI_D, EXPECT_F_S, fsgnj.s, 0, ONE, B_ONE, UNBOXED_ONE)      /* sign of canonical NaN is 0 */
        FP_OP2N(195, FLI_D, EXPECT_F_S, fsgnjn.s, 0, QNAN, UNBOXED_ONE, B_MONE)
        FP_OP2N(196, FLI_D, EXPECT_F_S, fsgnj.s, 0, QNAN, 0xfffffffe3f800000, B_ONE) /* one zero bit spoils the box */
        FP_OP2N(197, FLI_D, EXPECT_F_S, fmax.s, 0, ONE, UNBOXED_ONE, B_ONE)
        TESTCASE(198); FLI_D(fa1, UNBOXED_ONE); CLEAR_FLAGS; feq.s a0, fa1, fa1
        EXPECT(a0, 0); EXPECT_FLAGS(0)
        TESTCASE(199); FLI_D(fa1, UNBOXED_ONE); FLI_S(fa2, ONE); CLEAR_FLAGS; flt.s a0, fa1, fa2
        EXPECT(a0, 0); EXPECT_FLAGS(NV)
        TESTCASE(200); FLI_D(fa1, UNBOXED_ONE); fclass.s a0, fa1; EXPECT(a0, 0x200)
        TESTCASE(201); FLI_D(fa1, UNBOXED_ONE); CLEAR_FLAGS; fcvt.w.s a0, fa1, rtz
        EXPECT(a0, 0x7fffffff); EXPECT_FLAGS(NV)
        /* transfers out ignore the upper half */
        TESTCASE(202); FLI_D(fa1, 0x123456783f800000); fmv.x.w a0, fa1; EXPECT(a0, ONE)
        TESTCASE(203); FLI_D(fa1, 0x12345678bf800000); fmv.x.w a0, fa1; EXPECT(a0, 0xffffffffbf800000)
        /* results of single ops are boxed */
        TESTCASE(204); FLI_D(fa1, 0); fcvt.s.w fa0, x0; EXPECT_F_S(fa0, PZ)
        TESTCASE(205); FLI_D(fa0, 0); la a1, fdata; flw fa0, 0(a1); EXPECT_F_S(fa0, MONE)

        /* ---- FEQ.S / FLT.S / FLE.S ---- */
        TEST_FP_CMP_S(206, feq.s, 0, 1, ONE, ONE)
        TEST_FP_CMP_S(207, feq.s, 0, 0, ONE, TWO)
        TEST_FP_CMP_S(208, flt.s, 0, 1, ONE, TWO)
        TEST_FP_CMP_S(209, flt.s, 0, 0, TWO, ONE)
        TEST_FP_CMP_S(210, fle.s, 0, 1, TWO, TWO)
        TEST_FP_CMP_S(211, fle.s, 0, 0, TWO, ONE)
        TEST_FP_CMP_S(212, feq.s, 0, 1, NZ, PZ)
        TEST_FP_CMP_S(213, flt.s, 0, 0, NZ, PZ)
        TEST_FP_CMP_S(214, fle.s, 0, 1, NZ, PZ)
        TEST_FP_CMP_S(215, flt.s, 0, 1, NINF, INF)
        TEST_FP_CMP_S(216, flt.s, 0, 0, MONE, MTWO)
        TEST_FP_CMP_S(217, feq.s, 0, 0, QNAN, ONE)          /* FEQ: quiet on qNaN */
        TEST_FP_CMP_S(218, feq.s, 0, 0, QNAN, QNAN)
        TEST_FP_CMP_S(219, feq.s, NV, 0, SNAN, ONE)         /* ...signals on sNaN */
        TEST_FP_CMP_S(220, flt.s, NV, 0, QNAN, ONE)         /* FLT/FLE signal on any NaN */
        TEST_FP_CMP_S(221, fle.s, NV, 0, ONE, QNAN)
        TEST_FP_CMP_S(222, flt.s, NV, 0, SNAN, ONE)
        TEST_FP_CMP_S(223, fle.s, NV, 0, QNAN, QNAN)

        /* ---- fused multiply-add: one rounding ----
         * (1+2^-12)^2 = 1 + 2^-11 + 2^-24; rounding the product first would
         * lose the 2^-24 term. */
        TEST_FP_OP3_S(224, fmadd.s, rne, 0, 0x3a000400, ONEP, ONEP, MONE)
        TEST_FP_OP3_S(225, fmsub.s, rne, 0, 0x3a000400, ONEP, ONEP, ONE)
        TEST_FP_OP3_S(226, fnmsub.s, rne, 0, 0xba000400, ONEP, ONEP, ONE)
        TEST_FP_OP3_S(227, fnmadd.s, rne, 0, 0xba000400, ONEP, ONEP, MONE)
        TEST_FP_OP3_S(228, fmadd.s, rne, NX, ONE, ONE, ONE, EPS24)
        TEST_FP_OP3_S(229, fmadd.s, rmm, NX, 0x3f800001, ONE, ONE, EPS24)
        TEST_FP_OP3_S(230, fnmadd.s, rne, 0, 0xc0e00000, TWO, THREE, ONE)   /* -(6)-1 */
        TEST_FP_OP3_S(231, fnmsub.s, rne, 0, PZ, ONE, ONE, ONE)   /* -(1)+1 = +0 */
        TEST_FP_OP3_S(232, fnmsub.s, rdn, 0, NZ, ONE, ONE, ONE)   /* ...-0 in RDN */
        TEST_FP_OP3_S(233, fmadd.s, rne, NV, QNAN, INF, PZ, QNAN) /* inf*0 + qNaN: invalid */
        TEST_FP_OP3_S(234, fmadd.s, rne, NV, QNAN, ONE, ONE, SNAN)
        TEST_FP_OP3_S(235, fmsub.s, rne, NV, QNAN, INF, ONE, INF)
        TEST_FP_OP3_S(236, fmadd.s, rne, OF | NX, INF, MAXF, TWO, MONE)
        TEST_FP_OP3_S(237, fmadd.s, rne, 0, 0x40e00000, TWO, THREE, ONE)
ISA_END

        .data
        .align 4
fdata:  .word 0xbf800000, 0x7f800001, 0, 0
fbuf:   .dword 0, 0
