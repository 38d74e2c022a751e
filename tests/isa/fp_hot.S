/* F and D in hot code: a kernel of FP loads, stores, arithmetic (static
 * and dynamic rounding), sign injection, compares, moves and conversions,
 * called often enough that rvkvm compiles it (JIT_HOT), then run on
 * inputs that take each way through the compiled code: exact results with
 * NX clear, NX already set with frm RNE (the host computes the result
 * itself) and frm RUP (it must not), overflow, underflow, signaling NaN;
 * mstatus.FS Off and a reserved frm (illegal instruction, the next call
 * compiled again); FS becoming Dirty, or staying Clean for FCLASS/FMV.X.
 * Expected values: the host's IEEE arithmetic (C, fesetround, fma), and
 * the same program passes on QEMU. */
#include "isa.h"

#define ONE   0x3ff0000000000000
#define TWO   0x4000000000000000
#define THREE 0x4008000000000000
#define HALF  0x3fe0000000000000
#define TINY  0x3c30000000000000        /* 2^-60 */
#define MAXD  0x7fefffffffffffff
#define INF   0x7ff0000000000000
#define QNAN  0x7ff8000000000000
#define SNAN  0x7ff0000000000001
#define SENT  0x5a5a5a5a5a5a5a5a

/* kernel area: in a, b, c; out at 24.. (see kern) */
#define SETIN(a, b, c) li t0, a; sd t0, 0(s0); li t0, b; sd t0, 8(s0); li t0, c; sd t0, 16(s0)
#define CHK(off, v)    ld t1, off(s0); EXPECT(t1, v)
#define FFLAGS_IS(v)   csrr t1, fflags; EXPECT(t1, v)
#define CALL_KERN      mv a0, s0; call kern
#define FS_IS(v)       csrr t1, mstatus; li t2, MSTATUS_FS; and t1, t1, t2; EXPECT(t1, v)

ISA_BEGIN
        FP_ENABLE
        csrw fcsr, x0
        la   s0, area
        SETIN(ONE, TWO, HALF)
        li   t0, 0x401000003fc00000   /* singles 1.5f, 2.25f */
        sd   t0, 96(s0)
        li   t0, 7
        sd   t0, 120(s0)
        li   s1, 40                   /* warm up: compiled from here on */
1:      CALL_KERN
        call kclean
        addi s1, s1, -1
        bnez s1, 1b

        /* 1: exact results, NX clear: flags stay 0 */
        TESTCASE(1); csrw fcsr, x0; SETIN(ONE, TWO, HALF); CALL_KERN
        FFLAGS_IS(0)
        CHK(24, THREE); CHK(32, 0x4004000000000000); CHK(40, TWO); CHK(48, HALF); CHK(56, ONE)
        CHK(64, 0xbff0000000000000); CHK(72, 1); CHK(80, 1)
        lwu  t1, 104(s0); EXPECT(t1, 0x40700000)          /* 1.5f + 2.25f */
        CHK(112, ONE); CHK(128, 0x401c000000000000)        /* fmv.x.d, fcvt.d.l 7 */

        /* 2: NX set, frm RNE */
        TESTCASE(2); csrw fcsr, x0; csrw fflags, NX; SETIN(ONE, THREE, TINY); CALL_KERN
        FFLAGS_IS(NX)
        CHK(24, 0x4010000000000000); CHK(32, THREE); CHK(40, THREE)
        CHK(48, 0x3fd5555555555555); CHK(56, ONE)

        /* 12: NX clear, inexact: the division sets it */
        TESTCASE(12); csrw fcsr, x0; CALL_KERN
        FFLAGS_IS(NX)
        CHK(48, 0x3fd5555555555555)

        /* 3: NX set, frm RUP: the dynamic ones round up, fmul (static RNE) not */
        TESTCASE(3); li t0, 3; csrw frm, t0; csrw fflags, NX; CALL_KERN
        FFLAGS_IS(NX)
        CHK(24, 0x4010000000000000); CHK(32, 0x4008000000000001); CHK(40, THREE)
        CHK(48, 0x3fd5555555555556); CHK(56, ONE)

        /* 4: overflow (fcvt.l.d of MAXD is invalid) */
        TESTCASE(4); csrw fcsr, x0; csrw fflags, NX; SETIN(MAXD, TWO, TINY); CALL_KERN
        FFLAGS_IS(NX | OF | NV)
        CHK(24, MAXD); CHK(32, INF); CHK(40, INF); CHK(48, 0x7fdfffffffffffff)
        CHK(56, 0x5fefffffffffffff); CHK(72, 0); CHK(80, 0x7fffffffffffffff)

        /* 5: underflow: subnormal inexact results */
        TESTCASE(5); csrw fcsr, x0; csrw fflags, NX; SETIN(0x0010000000000001, HALF, 0); CALL_KERN
        FFLAGS_IS(NX | UF)
        CHK(24, HALF); CHK(32, 0x0008000000000000); CHK(40, 0x0008000000000000)
        CHK(48, 0x0020000000000001); CHK(56, 0x2000000000000000); CHK(72, 1); CHK(80, 0)

        /* 6: a signaling NaN, NX clear */
        TESTCASE(6); csrw fcsr, x0; SETIN(SNAN, ONE, ONE); CALL_KERN
        FFLAGS_IS(NV)
        CHK(24, QNAN); CHK(32, QNAN); CHK(40, QNAN); CHK(48, QNAN); CHK(56, QNAN)
        CHK(64, 0xfff0000000000001); CHK(72, 0); CHK(80, 0x7fffffffffffffff)

        /* 7: FS Off: every FP instruction of the kernel is illegal, no store happens */
        INSTALL_TRAP
        TESTCASE(7); SETIN(ONE, TWO, HALF); li t0, SENT; sd t0, 24(s0); sd t0, 40(s0)
        FP_DISABLE; ARM_TRAP; CALL_KERN; FP_ENABLE
        EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)
        CHK(24, SENT); CHK(40, SENT)

        /* 8: frm 5 (reserved): the dynamic ones are illegal, the static ones run
         * (the stores of the dynamic ones' registers store stale values) */
        TESTCASE(8); csrw fcsr, x0; li t0, 5; csrw frm, t0; ARM_TRAP; CALL_KERN
        EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)
        csrw frm, x0
        CHK(40, TWO); CHK(64, 0xbff0000000000000); CHK(80, 1)
        UNINSTALL_TRAP

        /* 9: and compiled again afterwards */
        TESTCASE(9); csrw fcsr, x0; csrw fflags, NX; SETIN(ONE, THREE, TINY); CALL_KERN
        FFLAGS_IS(NX)
        CHK(24, 0x4010000000000000); CHK(32, THREE); CHK(48, 0x3fd5555555555555)

        /* 10: FS Initial -> Dirty after the kernel; Clean stays Clean after
         * FMV.X.D and FCLASS.D (no FP register or fflags written) */
        TESTCASE(10); FP_DISABLE; li t0, MSTATUS_FS_INIT; csrs mstatus, t0; CALL_KERN
        FS_IS(MSTATUS_FS)
        TESTCASE(11); FP_DISABLE; li t0, 0x4000; csrs mstatus, t0; call kclean
        FS_IS(0x4000)
        EXPECT(a2, 1 << 6)                                  /* fclass: positive normal */
        FP_ENABLE
ISA_END

/* a0 = area: in 0 a, 8 b, 16 c (doubles), 96/100 two singles, 120 an
 * integer; out 24 a+b (dyn), 32 a*b+c (dyn), 40 a*b (rne), 48 a/b (dyn),
 * 56 sqrt a (dyn), 64 fsgnjn a,b, 72 a<b, 80 fcvt.l.d a (rtz), 104 single
 * sum (dyn), 112 fmv.x.d a, 128 fcvt.d.l of the integer. */
        .text
        .align 2
kern:
        fld     fa1, 0(a0)
        fld     fa2, 8(a0)
        fld     fa3, 16(a0)
        fadd.d  fa0, fa1, fa2, dyn
        fmadd.d fa4, fa1, fa2, fa3, dyn
        fmul.d  fa5, fa1, fa2, rne
        fdiv.d  fa6, fa1, fa2, dyn
        fsqrt.d fa7, fa1, dyn
        fsgnjn.d ft0, fa1, fa2
        fsd     fa0, 24(a0)
        fsd     fa4, 32(a0)
        fsd     fa5, 40(a0)
        fsd     fa6, 48(a0)
        fsd     fa7, 56(a0)
        fsd     ft0, 64(a0)
        flt.d   t0, fa1, fa2
        sd      t0, 72(a0)
        fcvt.l.d t0, fa1, rtz
        sd      t0, 80(a0)
        flw     ft1, 96(a0)
        flw     ft2, 100(a0)
        fadd.s  ft3, ft1, ft2, dyn
        fsw     ft3, 104(a0)
        fmv.x.d t0, fa1
        sd      t0, 112(a0)
        ld      t0, 120(a0)
        fcvt.d.l ft4, t0
        fsd     ft4, 128(a0)
        ret

/* Reads FP state only: a1 = fmv.x.d fa5, a2 = fclass.d fa5 (fa5 = 2.0 from
 * the last kernel call's fmul when FS was on). */
kclean:
        fmv.x.d  a1, fa5
        fclass.d a2, fa5
        ret

        .data
        .align 3
area:   .zero 160
