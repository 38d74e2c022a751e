/* V 1.0 single-width FP arithmetic (13.2-13.6, 13.11, 13.12) at SEW 32
 * and 64: values, masking (inactive and tail elements undisturbed), frm
 * rounding, fflags, NaN canonicalization, signed zeros in min/max, the
 * fused forms.  VLEN = 128.  Vectors go in with vl1re*.v / vle*.v and
 * come out whole with vs1r.v (so tails are checked too). */
#include "isa.h"
.option arch, +v

#define LDV32(vr, sym) la t0, sym; vle32.v vr, (t0)
#define LDV64(vr, sym) la t0, sym; vle64.v vr, (t0)
#define LDW(vr, sym)  la t0, sym; vl1re32.v vr, (t0)
#define OUT(vr)       la a5, out; vs1r.v vr, (a5)
#define W(i, val)     lwu a0, (4 * (i))(a5); EXPECT(a0, val)
#define D(i, val)     ld a0, (8 * (i))(a5); EXPECT(a0, val)
#define E32(n)        vsetivli zero, n, e32, m1, tu, mu
#define E64(n)        vsetivli zero, n, e64, m1, tu, mu
#define PAT32 0xdeadbeef
#define PAT64 0xdeadbeefcafef00d

/* binary32 */
#define S1   0x3f800000
#define S2   0x40000000
#define S3   0x40400000
#define SH   0x3f000000
#define SM1  0xbf800000
#define S15  0x3fc00000
#define SINF 0x7f800000
#define SQN  0x7fc00000
/* binary64 */
#define D1   0x3ff0000000000000
#define D2   0x4000000000000000
#define D3   0x4008000000000000
#define DH   0x3fe0000000000000
#define DINF 0x7ff0000000000000
#define DQN  0x7ff8000000000000

ISA_BEGIN
        li t0, 0x2200           /* VS and FS on */
        csrs mstatus, t0
        fsrmi zero, 0

        /* vfadd.vv e32: {1,2,3,.5} + {2,1,-1,1.5} */
        TESTCASE(1)
        E32(4); LDV32(v1, sa); LDV32(v2, sb)
        CLEAR_FLAGS
        vfadd.vv v3, v1, v2
        EXPECT_FLAGS(0)
        OUT(v3); W(0, S3); W(1, S3); W(2, S2); W(3, S2)

        /* masked (v0 = 0b0101), vl = 3: elements 1 and 3 keep the pattern */
        TESTCASE(2)
        LDW(v3, pat32); LDW(v0, m0101)
        E32(3)
        vfadd.vv v3, v1, v2, v0.t
        OUT(v3); W(0, S3); W(1, PAT32); W(2, S2); W(3, PAT32)

        /* vfsub.vf: vs2 - f, f = 1.0 */
        TESTCASE(3)
        E32(4); FLI_S(fa0, S1)
        vfsub.vf v3, v1, fa0
        OUT(v3); W(0, 0); W(1, S1); W(2, S2); W(3, 0xbf000000)

        /* vfrsub.vf: f - vs2, with frm = rdn 1 - 1 = -0 */
        TESTCASE(4)
        fsrmi zero, 2
        vfrsub.vf v3, v1, fa0
        fsrmi zero, 0
        OUT(v3); W(0, 0x80000000); W(1, SM1); W(2, 0xc0000000); W(3, SH)

        /* vfmul.vv */
        TESTCASE(5)
        vfmul.vv v3, v1, v2
        OUT(v3); W(0, S2); W(1, S2); W(2, 0xc0400000); W(3, 0x3f400000)

        /* vfdiv.vv: .5/1.5 = 1/3 inexact, rne then rtz */
        TESTCASE(6)
        CLEAR_FLAGS
        vfdiv.vv v3, v1, v2
        EXPECT_FLAGS(NX)
        OUT(v3); W(0, SH); W(1, S2); W(2, 0xc0400000); W(3, 0x3eaaaaab)
        TESTCASE(7)
        fsrmi zero, 1
        vfdiv.vv v3, v1, v2
        fsrmi zero, 0
        OUT(v3); W(3, 0x3eaaaaaa)

        /* vfrdiv.vf: 1 / vs2 */
        TESTCASE(8)
        vfrdiv.vf v3, v2, fa0
        OUT(v3); W(0, SH); W(1, S1); W(2, SM1); W(3, 0x3f2aaaab)

        /* divide by zero: DZ only, signed infinities */
        TESTCASE(9)
        fmv.w.x fa1, zero
        CLEAR_FLAGS
        vfdiv.vf v3, v2, fa1
        EXPECT_FLAGS(DZ)
        OUT(v3); W(0, SINF); W(2, 0xff800000)

        /* inf - inf: canonical NaN, NV; sNaN + 1: NV; non-canonical qNaN: no flag */
        TESTCASE(10)
        LDV32(v4, snan_ops)
        FLI_S(fa2, SINF)
        CLEAR_FLAGS
        vfsub.vf v3, v4, fa2      /* {inf, sNaN, qNaN', 1} - inf */
        EXPECT_FLAGS(NV)
        OUT(v3); W(0, SQN); W(1, SQN); W(2, SQN); W(3, 0xff800000)
        TESTCASE(11)
        E32(1)
        la t0, snan_ops; addi t0, t0, 8; vle32.v v5, (t0)
        CLEAR_FLAGS
        vfadd.vf v3, v5, fa0      /* qNaN 0x7fc00001 + 1 */
        EXPECT_FLAGS(0)
        OUT(v3); W(0, SQN)

        /* vfmin/vfmax: -0 < +0, a NaN operand gives the other, sNaN NV */
        TESTCASE(12)
        E32(4); LDV32(v4, mm_a); LDV32(v5, mm_b)
        CLEAR_FLAGS
        vfmin.vv v3, v4, v5
        EXPECT_FLAGS(NV)
        OUT(v3); W(0, 0x80000000); W(1, S1); W(2, S2); W(3, SQN)
        TESTCASE(13)
        CLEAR_FLAGS
        vfmax.vv v3, v4, v5
        EXPECT_FLAGS(NV)
        OUT(v3); W(0, 0); W(1, S1); W(2, S2); W(3, SQN)
        TESTCASE(14)
        CLEAR_FLAGS
        vfmax.vf v3, v4, fa0      /* max(x, 1) */
        EXPECT_FLAGS(NV)
        OUT(v3); W(0, S1); W(1, S1); W(2, S1); W(3, S1)

        /* sign injection */
        TESTCASE(15)
        vfsgnj.vv v3, v1, v2
        OUT(v3); W(0, S1); W(1, S2); W(2, 0xc0400000); W(3, SH)
        TESTCASE(16)
        vfsgnjn.vv v3, v1, v2
        OUT(v3); W(0, SM1); W(1, 0xc0000000); W(2, S3); W(3, 0xbf000000)
        TESTCASE(17)
        vfsgnjx.vv v3, v2, v2     /* vfabs */
        OUT(v3); W(0, S2); W(1, S1); W(2, S1); W(3, S15)
        TESTCASE(18)
        FLI_S(fa3, SM1)
        vfsgnjx.vf v3, v2, fa3    /* negate */
        OUT(v3); W(0, 0xc0000000); W(1, SM1); W(2, S1); W(3, 0xbfc00000)

        /* FMA family, vs1 = a {1,2,3,.5}, vs2 = b {2,1,-1,1.5}, vd = 1 */
#define FMA_CASE(n, op, r0, r1, r2, r3) \
        TESTCASE(n); LDV32(v3, ones32); op v3, v1, v2; \
        OUT(v3); W(0, r0); W(1, r1); W(2, r2); W(3, r3)
        FMA_CASE(19, vfmacc.vv,  S3, S3, 0xc0000000, 0x3fe00000)
        FMA_CASE(20, vfnmacc.vv, 0xc0400000, 0xc0400000, S2, 0xbfe00000)
        FMA_CASE(21, vfmsac.vv,  S1, S1, 0xc0800000, 0xbe800000)
        FMA_CASE(22, vfnmsac.vv, SM1, SM1, 0x40800000, 0x3e800000)
        FMA_CASE(23, vfmadd.vv,  S3, S3, S2, S2)
        FMA_CASE(24, vfnmadd.vv, 0xc0400000, 0xc0400000, 0xc0000000, 0xc0000000)
        FMA_CASE(25, vfmsub.vv,  SM1, S1, 0x40800000, 0xbf800000)
        FMA_CASE(26, vfnmsub.vv, S1, SM1, 0xc0800000, S1)
        /* .vf: vd = 2 * vs2 + vd */
        TESTCASE(27)
        FLI_S(fa4, S2); LDV32(v3, ones32)
        vfmacc.vf v3, fa4, v2
        OUT(v3); W(0, 0x40a00000); W(1, S3); W(2, SM1); W(3, 0x40800000)
        /* masked vfmadd.vf, vl = 3, mask 0101: vd = 2 * vd + vs2 */
        TESTCASE(28)
        LDV32(v3, ones32); E32(3)
        vfmadd.vf v3, fa4, v2, v0.t
        OUT(v3); W(0, 0x40800000); W(1, S1); W(2, S1); W(3, S1)
        /* fused: (1 + 2^-12)^2 - 1 = 2^-11 + 2^-24 exactly (two roundings
         * would give 2^-11) */
        TESTCASE(29)
        E32(1); LDV32(v4, s_1p); LDV32(v5, s_m1)
        CLEAR_FLAGS
        vfmacc.vv v5, v4, v4
        EXPECT_FLAGS(0)
        OUT(v5); W(0, 0x3a000400)

        /* ---- SEW = 64 ---- */
        TESTCASE(30)
        E64(2); LDV64(v1, da); LDV64(v2, db)
        CLEAR_FLAGS
        vfadd.vv v3, v1, v2
        EXPECT_FLAGS(0)
        OUT(v3); D(0, D3); D(1, 0x400c000000000000)
        /* masked (element 0 only), vl = 1: element 1 is tail */
        TESTCASE(31)
        LDW(v3, pat64); E64(1)
        vfmul.vv v3, v1, v2, v0.t
        OUT(v3); D(0, D2); D(1, PAT64)
        TESTCASE(32)
        LDW(v3, pat64); LDW(v0, m0010); E64(2)
        vfmul.vv v3, v1, v2, v0.t
        OUT(v3); D(0, PAT64); D(1, 0x3ff8000000000000)
        /* 1/3: rne, rup, rdn */
        TESTCASE(33)
        FLI_D(fa5, D3)
        CLEAR_FLAGS
        vfrdiv.vf v3, v1, fa5     /* 3 / {1, 3} */
        EXPECT_FLAGS(0)
        OUT(v3); D(0, D3); D(1, D1)
        TESTCASE(34)
        CLEAR_FLAGS
        vfdiv.vf v3, v1, fa5      /* {1, 3} / 3 */
        EXPECT_FLAGS(NX)
        OUT(v3); D(0, 0x3fd5555555555555); D(1, D1)
        TESTCASE(35)
        fsrmi zero, 3
        vfdiv.vf v3, v1, fa5
        OUT(v3); D(0, 0x3fd5555555555556)
        fsrmi zero, 2
        vfdiv.vf v3, v1, fa5
        fsrmi zero, 0
        OUT(v3); D(0, 0x3fd5555555555555)
        /* min/max with signed zeros and a qNaN */
        TESTCASE(36)
        LDV64(v4, dmm_a); LDV64(v5, dmm_b)
        CLEAR_FLAGS
        vfmin.vv v3, v4, v5
        EXPECT_FLAGS(0)
        OUT(v3); D(0, 0x8000000000000000); D(1, D2)
        TESTCASE(37)
        vfmax.vv v3, v5, v4
        OUT(v3); D(0, 0); D(1, D2)
        /* sNaN * 2: NV, canonical NaN; overflow: OF NX, inf */
        TESTCASE(38)
        LDV64(v4, dspecial); FLI_D(fa6, D2)
        CLEAR_FLAGS
        vfmul.vf v3, v4, fa6
        EXPECT_FLAGS(NV | OF | NX)
        OUT(v3); D(0, DQN); D(1, DINF)
        /* overflow with rtz: the largest finite */
        TESTCASE(39)
        E64(2); fsrmi zero, 1
        vfmul.vf v3, v4, fa6
        fsrmi zero, 0
        OUT(v3); D(1, 0x7fefffffffffffff)
        /* FMA at SEW 64: vfnmsac.vf vd = -(f * vs2) + vd */
        TESTCASE(40)
        LDV64(v3, da)
        vfnmsac.vf v3, fa6, v2    /* {1, 3} - 2 * {2, .5} */
        OUT(v3); D(0, 0xc008000000000000); D(1, D2)
        TESTCASE(41)
        vfsgnjn.vv v3, v1, v1
        OUT(v3); D(0, 0xbff0000000000000); D(1, 0xc008000000000000)
        /* vfsub.vv, vfrsub.vf */
        TESTCASE(42)
        vfsub.vv v3, v1, v2
        OUT(v3); D(0, 0xbff0000000000000); D(1, 0x4004000000000000)
        vfrsub.vf v3, v1, fa6
        OUT(v3); D(0, D1); D(1, 0xbff0000000000000)

        /* vstart >= vl: nothing written */
        TESTCASE(43)
        LDW(v3, pat64); E64(1)
        li t0, 1
        csrw vstart, t0
        vfadd.vv v3, v1, v2
        csrw vstart, zero       /* QEMU 7.2 leaves vstart set here */
        OUT(v3); D(0, PAT64); D(1, PAT64)
        /* vstart = 1 < vl = 2: element 0 untouched */
        TESTCASE(44)
        E64(2)
        li t0, 1
        csrw vstart, t0
        vfadd.vv v3, v1, v2
        OUT(v3); D(0, PAT64); D(1, 0x400c000000000000)

        /* LMUL = 2, e32: 8 elements */
        TESTCASE(45)
        vsetivli zero, 8, e32, m2, tu, mu
        la t0, eight32; vle32.v v4, (t0)
        vfadd.vv v6, v4, v4
        la a5, out; vs2r.v v6, (a5)
        W(0, S2); W(5, 0x41400000); W(7, 0x41800000)
ISA_END

.data
.align 4
sa:     .word S1, S2, S3, SH
sb:     .word S2, S1, SM1, S15
ones32: .word S1, S1, S1, S1
pat32:  .word PAT32, PAT32, PAT32, PAT32
m0101:  .dword 5, 0
m0010:  .dword 2, 0
snan_ops: .word SINF, 0x7f800001, 0x7fc00001, S1
mm_a:   .word 0x80000000, 0x7fc00000, 0x7f800001, 0x7fc00000
mm_b:   .word 0, S1, S2, 0x7fc00000
s_1p:   .word 0x3f800800
s_m1:   .word SM1
eight32: .word S1, S2, S3, 0x40800000, 0x40a00000, 0x40c00000, 0x40e00000, 0x41000000
.align 4
da:     .dword D1, D3
db:     .dword D2, DH
pat64:  .dword PAT64, PAT64
dmm_a:  .dword 0x8000000000000000, DQN
dmm_b:  .dword 0, D2
dspecial: .dword 0x7ff0000000000001, 0x7fe0000000000000
.align 4
out:    .space 64
