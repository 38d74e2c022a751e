/* RV64D (unpriv spec ch. "D" Standard Extension): a representative set per
 * instruction, as rv64f.S does for singles, plus the conversions between
 * formats (FCVT.S.D / FCVT.D.S), FMV.X.D / FMV.D.X and FLD / FSD.  Values
 * are bit patterns; fflags is checked after every operation. */
#include "isa.h"

#define ONE   0x3ff0000000000000
#define TWO   0x4000000000000000
#define THREE 0x4008000000000000
#define TEN   0x4024000000000000
#define HALF  0x3fe0000000000000
#define MONE  0xbff0000000000000
#define MTWO  0xc000000000000000
#define INF   0x7ff0000000000000
#define NINF  0xfff0000000000000
#define QNAN  0x7ff8000000000000        /* canonical NaN */
#define SNAN  0x7ff0000000000001
#define MAXD  0x7fefffffffffffff
#define NMAXD 0xffefffffffffffff
#define MINN  0x0010000000000000
#define MINS  0x0000000000000001
#define PZ    0x0000000000000000
#define NZ    0x8000000000000000
#define EPS53 0x3ca0000000000000        /* 2^-53: half an ulp of 1.0 */
#define ONEP  0x3ff0000002000000        /* 1 + 2^-27 */

#define S_QNAN 0x7fc00000
#define FRM(k) li t0, k; csrw frm, t0

ISA_BEGIN
        /* ---- FS=Off makes D instructions illegal too ---- */
        INSTALL_TRAP
        FP_DISABLE
        TESTCASE(1); ARM_TRAP; fadd.d fa0, fa1, fa2; EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)
        TESTCASE(2); la a1, ddata; ARM_TRAP; fld fa0, 0(a1); EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)
        TESTCASE(3); ARM_TRAP; fmv.x.d a0, fa0; EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)
        TESTCASE(4); ARM_TRAP; fcvt.d.w fa0, x0; EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)
        UNINSTALL_TRAP
        FP_ENABLE
        csrw fcsr, x0

        /* ---- rounding modes ---- */
        TEST_FP_OP2_D(5, fdiv.d, rne, NX, 0xbfd5555555555555, MONE, THREE)
        TEST_FP_OP2_D(6, fdiv.d, rtz, NX, 0xbfd5555555555555, MONE, THREE)
        TEST_FP_OP2_D(7, fdiv.d, rdn, NX, 0xbfd5555555555556, MONE, THREE)
        TEST_FP_OP2_D(8, fdiv.d, rup, NX, 0xbfd5555555555555, MONE, THREE)
        TEST_FP_OP2_D(9, fdiv.d, rmm, NX, 0xbfd5555555555555, MONE, THREE)
        TEST_FP_OP2_D(10, fdiv.d, rne, NX, 0x3fb999999999999a, ONE, TEN)
        TEST_FP_OP2_D(11, fdiv.d, rtz, NX, 0x3fb9999999999999, ONE, TEN)
        TEST_FP_OP2_D(12, fdiv.d, rdn, NX, 0x3fb9999999999999, ONE, TEN)
        TEST_FP_OP2_D(13, fdiv.d, rup, NX, 0x3fb999999999999a, ONE, TEN)
        TEST_FP_OP2_D(14, fdiv.d, rmm, NX, 0x3fb999999999999a, ONE, TEN)
        TEST_FP_OP2_D(15, fadd.d, rne, NX, ONE, ONE, EPS53)          /* tie */
        TEST_FP_OP2_D(16, fadd.d, rtz, NX, ONE, ONE, EPS53)
        TEST_FP_OP2_D(17, fadd.d, rdn, NX, ONE, ONE, EPS53)
        TEST_FP_OP2_D(18, fadd.d, rup, NX, 0x3ff0000000000001, ONE, EPS53)
        TEST_FP_OP2_D(19, fadd.d, rmm, NX, 0x3ff0000000000001, ONE, EPS53)
        TEST_FP_OP2_D(20, fadd.d, rne, NX, 0x3ff0000000000002, 0x3ff0000000000001, EPS53)
        TEST_FP_OP2_D(21, fsub.d, rne, 0, HALF, ONE, HALF)
        TEST_FP_OP2_D(22, fsub.d, rne, 0, PZ, TWO, TWO)
        TEST_FP_OP2_D(23, fsub.d, rdn, 0, NZ, TWO, TWO)
        TEST_FP_OP2_D(24, fmul.d, rne, 0, 0x4018000000000000, TWO, THREE)
        TEST_FP_OP2_D(25, fmul.d, rdn, NX, 0x3ff0000000000002, 0x3ff0000000000001, 0x3ff0000000000001)
        TEST_FP_OP2_D(26, fmul.d, rup, NX, 0x3ff0000000000003, 0x3ff0000000000001, 0x3ff0000000000001)
        /* dynamic */
        FRM(0); TEST_FP_OP2_D(27, fdiv.d, dyn, NX, 0xbfd5555555555555, MONE, THREE)
        FRM(1); TEST_FP_OP2_D(28, fdiv.d, dyn, NX, 0x3fb9999999999999, ONE, TEN)
        FRM(2); TEST_FP_OP2_D(29, fdiv.d, dyn, NX, 0xbfd5555555555556, MONE, THREE)
        FRM(3); TEST_FP_OP2_D(30, fdiv.d, dyn, NX, 0x3fb999999999999a, ONE, TEN)
        FRM(4); TEST_FP_OP2_D(31, fadd.d, dyn, NX, 0x3ff0000000000001, ONE, EPS53)
        FRM(0)
        /* reserved rounding modes trap (see rv64f.S for the spec wording) */
        INSTALL_TRAP
        TESTCASE(32); FRM(5); ARM_TRAP; fadd.d fa0, fa1, fa2, dyn; EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)
        TESTCASE(33); FRM(7); ARM_TRAP; fcvt.s.d fa0, fa1, dyn; EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)
        FRM(0)
        TESTCASE(34); ARM_TRAP; .insn r 0x53, 5, 0x01, fa0, fa1, fa2; EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)
        UNINSTALL_TRAP

        /* ---- flags / special values ---- */
        TEST_FP_OP2_D(35, fadd.d, rne, NV, QNAN, SNAN, ONE)
        TEST_FP_OP2_D(36, fadd.d, rne, 0, QNAN, 0x7ff8000000012345, ONE)
        TEST_FP_OP2_D(37, fadd.d, rne, 0, QNAN, 0xffffffff3f800000, ONE)   /* a boxed single is a NaN */
        TEST_FP_OP2_D(38, fsub.d, rne, NV, QNAN, INF, INF)
        TEST_FP_OP2_D(39, fmul.d, rne, NV, QNAN, NZ, NINF)
        TEST_FP_OP2_D(40, fdiv.d, rne, NV, QNAN, PZ, NZ)
        TEST_FP_OP2_D(41, fdiv.d, rne, DZ, INF, ONE, PZ)
        TEST_FP_OP2_D(42, fdiv.d, rne, DZ, INF, MONE, NZ)
        TEST_FP_OP2_D(43, fmul.d, rne, OF | NX, INF, MAXD, TWO)
        TEST_FP_OP2_D(44, fmul.d, rtz, OF | NX, MAXD, MAXD, TWO)
        TEST_FP_OP2_D(45, fmul.d, rup, OF | NX, NMAXD, NMAXD, TWO)
        TEST_FP_OP2_D(46, fmul.d, rdn, OF | NX, NINF, NMAXD, TWO)
        TEST_FP_OP2_D(47, fmul.d, rne, 0, 0x0008000000000000, MINN, HALF)
        TEST_FP_OP2_D(48, fmul.d, rne, UF | NX, PZ, MINS, HALF)
        TEST_FP_OP2_D(49, fmul.d, rup, UF | NX, MINS, MINS, HALF)
        TEST_FP_OP2_D(50, fmul.d, rne, UF | NX, PZ, MINN, MINN)
        TEST_FP_OP2_D(51, fadd.d, rne, 0, 0x0000000000000002, MINS, MINS)

        /* ---- FSQRT.D ---- */
        TEST_FP_OP1_D(52, fsqrt.d, rne, 0, TWO, 0x4010000000000000)
        TEST_FP_OP1_D(53, fsqrt.d, rne, NX, 0x3ff6a09e667f3bcd, TWO)
        TEST_FP_OP1_D(54, fsqrt.d, rtz, NX, 0x3ff6a09e667f3bcc, TWO)
        TEST_FP_OP1_D(55, fsqrt.d, rne, 0, NZ, NZ)
        TEST_FP_OP1_D(56, fsqrt.d, rne, NV, QNAN, MONE)
        TEST_FP_OP1_D(57, fsqrt.d, rne, 0, INF, INF)
        TEST_FP_OP1_D(58, fsqrt.d, rne, NV, QNAN, SNAN)

        /* ---- FMIN.D / FMAX.D ---- */
        TEST_FP_OP2N_D(59, fmin.d, 0, ONE, ONE, TWO)
        TEST_FP_OP2N_D(60, fmax.d, 0, TWO, ONE, TWO)
        TEST_FP_OP2N_D(61, fmin.d, 0, NZ, PZ, NZ)
        TEST_FP_OP2N_D(62, fmax.d, 0, PZ, NZ, PZ)
        TEST_FP_OP2N_D(63, fmin.d, 0, ONE, QNAN, ONE)
        TEST_FP_OP2N_D(64, fmax.d, NV, MONE, MONE, SNAN)
        TEST_FP_OP2N_D(65, fmin.d, 0, QNAN, 0xfff8000000000001, 0x7ff8000000000002)
        TEST_FP_OP2N_D(66, fmax.d, NV, QNAN, SNAN, SNAN)
        TEST_FP_OP2N_D(67, fmin.d, 0, NINF, NINF, MAXD)

        /* ---- FCVT to integer ---- */
        TEST_FP_TO_INT_D(68, fcvt.w.d, rtz, NX, 0x7fffffff, 0x41dfffffffe00000)    /* 2^31-0.5 */
        TEST_FP_TO_INT_D(69, fcvt.w.d, rne, NV, 0x7fffffff, 0x41dfffffffe00000)    /* rounds to 2^31 */
        TEST_FP_TO_INT_D(70, fcvt.w.d, rtz, NX, 0xffffffff80000000, 0xc1e0000000100000) /* -2^31-0.5 */
        TEST_FP_TO_INT_D(71, fcvt.w.d, rdn, NV, 0xffffffff80000000, 0xc1e0000000100000)
        TEST_FP_TO_INT_D(72, fcvt.w.d, rtz, NV, 0x7fffffff, QNAN)
        TEST_FP_TO_INT_D(73, fcvt.w.d, rtz, NV, 0x7fffffff, INF)
        TEST_FP_TO_INT_D(74, fcvt.w.d, rtz, NV, 0xffffffff80000000, NINF)
        TEST_FP_TO_INT_D(75, fcvt.w.d, rne, NX, -2, 0xbff8000000000000)  /* -1.5 */
        TEST_FP_TO_INT_D(76, fcvt.wu.d, rtz, NX, -1, 0x41effffffff00000) /* 2^32-0.5 -> 0xffffffff */
        TEST_FP_TO_INT_D(77, fcvt.wu.d, rup, NV, -1, 0x41effffffff00000)
        TEST_FP_TO_INT_D(78, fcvt.wu.d, rtz, 0, 0x7fffffff, 0x41dfffffffc00000)
        TEST_FP_TO_INT_D(79, fcvt.wu.d, rtz, NV, 0, MONE)
        TEST_FP_TO_INT_D(80, fcvt.wu.d, rtz, NX, 0, 0xbfeccccccccccccd)  /* -0.9 */
        TEST_FP_TO_INT_D(81, fcvt.wu.d, rtz, NV, -1, QNAN)
        TEST_FP_TO_INT_D(82, fcvt.wu.d, rtz, NV, 0, NINF)
        TEST_FP_TO_INT_D(83, fcvt.l.d, rtz, 0, 0x7ffffffffffffc00, 0x43dfffffffffffff)
        TEST_FP_TO_INT_D(84, fcvt.l.d, rtz, NV, 0x7fffffffffffffff, 0x43e0000000000000)
        TEST_FP_TO_INT_D(85, fcvt.l.d, rtz, 0, 0x8000000000000000, 0xc3e0000000000000)
        TEST_FP_TO_INT_D(86, fcvt.l.d, rtz, NV, 0x7fffffffffffffff, SNAN)
        TEST_FP_TO_INT_D(87, fcvt.l.d, rtz, NV, 0x8000000000000000, NINF)
        TEST_FP_TO_INT_D(88, fcvt.l.d, rtz, NV, 0x7fffffffffffffff, INF)
        TEST_FP_TO_INT_D(89, fcvt.l.d, rmm, NX, -3, 0xc004000000000000)  /* -2.5 */
        TEST_FP_TO_INT_D(90, fcvt.lu.d, rtz, 0, 0xfffffffffffff800, 0x43efffffffffffff)
        TEST_FP_TO_INT_D(91, fcvt.lu.d, rtz, NV, -1, 0x43f0000000000000)
        TEST_FP_TO_INT_D(92, fcvt.lu.d, rtz, NV, 0, MONE)
        TEST_FP_TO_INT_D(93, fcvt.lu.d, rtz, NV, -1, QNAN)
        TEST_FP_TO_INT_D(94, fcvt.lu.d, rtz, NV, 0, NINF)
        TEST_FP_TO_INT_D(95, fcvt.lu.d, rup, NX, 1, MINS)

        /* ---- FCVT from integer ---- */
        FP_FROM_INTX(96, EXPECT_F_D, fcvt.d.w, 0, MONE, -1)
        FP_FROM_INTX(97, EXPECT_F_D, fcvt.d.w, 0, 0xc1e0000000000000, 0x80000000)
        FP_FROM_INTX(98, EXPECT_F_D, fcvt.d.w, 0, MONE, 0x12345678ffffffff)      /* low 32 bits */
        FP_FROM_INTX(99, EXPECT_F_D, fcvt.d.wu, 0, 0x41efffffffe00000, 0xffffffff)
        FP_FROM_INTX(100, EXPECT_F_D, fcvt.d.wu, 0, ONE, 0xffffffff00000001)
        TEST_FP_FROM_INT_D(101, fcvt.d.l, rne, NX, 0x43e0000000000000, 0x7fffffffffffffff)
        TEST_FP_FROM_INT_D(102, fcvt.d.l, rtz, NX, 0x43dfffffffffffff, 0x7fffffffffffffff)
        TEST_FP_FROM_INT_D(103, fcvt.d.l, rne, NX, 0x4340000000000000, 9007199254740993)
        TEST_FP_FROM_INT_D(104, fcvt.d.l, rup, NX, 0x4340000000000001, 9007199254740993)
        TEST_FP_FROM_INT_D(105, fcvt.d.l, rne, 0, 0xc3e0000000000000, 0x8000000000000000)
        TEST_FP_FROM_INT_D(106, fcvt.d.lu, rne, NX, 0x43f0000000000000, -1)
        TEST_FP_FROM_INT_D(107, fcvt.d.lu, rtz, NX, 0x43efffffffffffff, -1)
        TEST_FP_FROM_INT_D(108, fcvt.d.lu, rne, 0, PZ, 0)

        /* ---- FCVT.S.D / FCVT.D.S ---- */
        FP_OP1(109, FLI_D, EXPECT_F_S, fcvt.s.d, rne, NX, 0x3eaaaaab, 0x3fd5555555555555)
        FP_OP1(110, FLI_D, EXPECT_F_S, fcvt.s.d, rtz, NX, 0x3eaaaaaa, 0x3fd5555555555555)
        FP_OP1(111, FLI_D, EXPECT_F_S, fcvt.s.d, rne, OF | NX, 0x7f800000, MAXD)
        FP_OP1(112, FLI_D, EXPECT_F_S, fcvt.s.d, rtz, OF | NX, 0x7f7fffff, MAXD)
        FP_OP1(113, FLI_D, EXPECT_F_S, fcvt.s.d, rne, UF | NX, 0, 0x358dee7a4ad4b81f)  /* 1e-50 */
        FP_OP1(114, FLI_D, EXPECT_F_S, fcvt.s.d, rne, NV, S_QNAN, SNAN)
        FP_OP1(115, FLI_D, EXPECT_F_S, fcvt.s.d, rne, 0, S_QNAN, 0x7ff8000012345678)
        FP_OP1(116, FLI_D, EXPECT_F_S, fcvt.s.d, rne, 0, 0x80000000, NZ)
        FP_OP1(117, FLI_D, EXPECT_F_S, fcvt.s.d, rne, 0, 0xff800000, NINF)
        FP_OP1(118, FLI_D, EXPECT_F_S, fcvt.s.d, rne, 0, 0x3f800000, ONE)
        FP_OP1X(119, FLI_S, EXPECT_F_D, fcvt.d.s, 0, 0x3fd5555560000000, 0x3eaaaaab)
        FP_OP1X(120, FLI_S, EXPECT_F_D, fcvt.d.s, NV, QNAN, 0x7f800001)
        FP_OP1X(121, FLI_S, EXPECT_F_D, fcvt.d.s, 0, QNAN, 0xffc12345)
        FP_OP1X(122, FLI_S, EXPECT_F_D, fcvt.d.s, 0, 0x36a0000000000000, 0x00000001)
        FP_OP1X(123, FLI_S, EXPECT_F_D, fcvt.d.s, 0, NINF, 0xff800000)
        FP_OP1X(124, FLI_D, EXPECT_F_D, fcvt.d.s, 0, QNAN, 0x000000003f800000)  /* unboxed */

        /* ---- FCLASS.D ---- */
        TEST_FCLASS_D(125, 0x001, NINF)
        TEST_FCLASS_D(126, 0x002, MONE)
        TEST_FCLASS_D(127, 0x004, 0x800fffffffffffff)
        TEST_FCLASS_D(128, 0x008, NZ)
        TEST_FCLASS_D(129, 0x010, PZ)
        TEST_FCLASS_D(130, 0x020, MINS)
        TEST_FCLASS_D(131, 0x040, MAXD)
        TEST_FCLASS_D(132, 0x080, INF)
        TEST_FCLASS_D(133, 0x100, SNAN)
        TEST_FCLASS_D(134, 0x200, QNAN)
        TEST_FCLASS_D(135, 0x200, 0xffffffff3f800000)   /* a boxed single as a double */

        /* ---- sign injection ---- */
        TEST_FP_OP2N_D(136, fsgnj.d, 0, MONE, ONE, MTWO)
        TEST_FP_OP2N_D(137, fsgnj.d, 0, ONE, MONE, TWO)
        TEST_FP_OP2N_D(138, fsgnjn.d, 0, ONE, ONE, MTWO)
        TEST_FP_OP2N_D(139, fsgnjn.d, 0, MONE, ONE, TWO)
        TEST_FP_OP2N_D(140, fsgnjx.d, 0, ONE, MONE, MTWO)
        TEST_FP_OP2N_D(141, fsgnjx.d, 0, MONE, MONE, TWO)
        TEST_FP_OP2N_D(142, fsgnjn.d, 0, 0xfff0000000000001, SNAN, SNAN)

        /* ---- comparisons ---- */
        TEST_FP_CMP_D(143, feq.d, 0, 1, ONE, ONE)
        TEST_FP_CMP_D(144, feq.d, 0, 0, ONE, 0x3ff0000000000001)
        TEST_FP_CMP_D(145, flt.d, 0, 1, MTWO, MONE)
        TEST_FP_CMP_D(146, flt.d, 0, 0, ONE, ONE)
        TEST_FP_CMP_D(147, fle.d, 0, 1, ONE, ONE)
        TEST_FP_CMP_D(148, fle.d, 0, 0, TWO, ONE)
        TEST_FP_CMP_D(149, feq.d, 0, 1, PZ, NZ)
        TEST_FP_CMP_D(150, fle.d, 0, 1, PZ, NZ)
        TEST_FP_CMP_D(151, feq.d, 0, 0, QNAN, QNAN)
        TEST_FP_CMP_D(152, feq.d, NV, 0, ONE, SNAN)
        TEST_FP_CMP_D(153, flt.d, NV, 0, QNAN, ONE)
        TEST_FP_CMP_D(154, fle.d, NV, 0, ONE, QNAN)

        /* ---- fused multiply-add ----
         * (1+2^-27)^2 = 1 + 2^-26 + 2^-54: a separate rounding drops 2^-54 */
        TEST_FP_OP3_D(155, fmadd.d, rne, 0, 0x3e50000001000000, ONEP, ONEP, MONE)
        TEST_FP_OP3_D(156, fmsub.d, rne, 0, 0x3e50000001000000, ONEP, ONEP, ONE)
        TEST_FP_OP3_D(157, fnmsub.d, rne, 0, 0xbe50000001000000, ONEP, ONEP, ONE)
        TEST_FP_OP3_D(158, fnmadd.d, rne, 0, 0xbe50000001000000, ONEP, ONEP, MONE)
        TEST_FP_OP3_D(159, fmadd.d, rne, 0, 0x401c000000000000, TWO, THREE, ONE)     /* 7 */
        TEST_FP_OP3_D(160, fnmadd.d, rne, 0, 0xc01c000000000000, TWO, THREE, ONE)    /* -7 */
        TEST_FP_OP3_D(161, fmsub.d, rne, 0, 0x4014000000000000, TWO, THREE, ONE)     /* 5 */
        TEST_FP_OP3_D(162, fnmsub.d, rne, 0, 0xc014000000000000, TWO, THREE, ONE)    /* -5 */
        TEST_FP_OP3_D(163, fmadd.d, rup, NX, 0x3ff0000000000001, ONE, ONE, EPS53)
        TEST_FP_OP3_D(164, fmadd.d, rne, NV, QNAN, PZ, NINF, QNAN)
        TEST_FP_OP3_D(165, fmadd.d, rdn, 0, NZ, ONE, MONE, ONE)

        /* ---- moves, loads, stores ---- */
        TESTCASE(166); li a1, 0x7ff0000000000001; fmv.d.x fa0, a1; CLEAR_FLAGS
        fmv.x.d a0, fa0; EXPECT(a0, 0x7ff0000000000001); EXPECT_FLAGS(0)
        TESTCASE(167); li a1, 0x0123456789abcdef; fmv.d.x fa0, a1; fmv.x.d a0, fa0
        EXPECT(a0, 0x0123456789abcdef)
        TESTCASE(168); la a1, ddata; fld fa0, 0(a1); EXPECT_F_D(fa0, 0xfff0000000000001)
        TESTCASE(169); la a1, ddata; fld fa0, 8(a1); EXPECT_F_D(fa0, 0x400921fb54442d18)
        TESTCASE(170); lla a1, ddata+16; fld fa0, -8(a1); EXPECT_F_D(fa0, 0x400921fb54442d18)
        TESTCASE(171)
        la a1, dbuf; li a2, -1; sd a2, 0(a1); sd a2, 8(a1); sd a2, 16(a1)
        FLI_D(fa0, 0x1122334455667788); fsd fa0, 8(a1)
        ld a0, 0(a1); EXPECT(a0, -1)
        ld a0, 8(a1); EXPECT(a0, 0x1122334455667788)
        ld a0, 16(a1); EXPECT(a0, -1)
        TESTCASE(172); lla a1, dbuf+16; FLI_S(fa0, 0x3f800000); fsd fa0, -16(a1)  /* boxed single */
        la a1, dbuf; ld a0, 0(a1); EXPECT(a0, 0xffffffff3f800000)
        TESTCASE(173); la a1, dbuf; FLI_D(fa0, SNAN); fsd fa0, 0(a1); fld fa1, 0(a1)
        EXPECT_F_D(fa1, SNAN)
ISA_END

        .data
        .align 4
ddata:  .dword 0xfff0000000000001, 0x400921fb54442d18
dbuf:   .dword 0, 0, 0
