/* V 1.0: FP compares (13.13, mask results), vfclass (13.14), vfmerge /
 * vfmv.v.f (13.15, 13.16), vfsqrt / vfrsqrt7 / vfrec7 (13.8-13.10),
 * widening arithmetic (13.3, 13.5, 13.7), FP reductions (14.3), vfmv.f.s /
 * vfmv.s.f (16.2), vfslide1up/down (16.3), and the illegal cases (SEW 8,
 * reserved frm, register rules; SEW 16 in rvv_fp_zvfh.S).
 * VLEN = 128. */
#include "isa.h"
.option arch, +v

#define LDW(vr, sym)  la t0, sym; vl1re32.v vr, (t0)
#define OUT(vr)       la a5, out; vs1r.v vr, (a5)
#define B(i, val)     lbu a0, (i)(a5); EXPECT(a0, val)
#define W(i, val)     lwu a0, (4 * (i))(a5); EXPECT(a0, val)
#define D(i, val)     ld a0, (8 * (i))(a5); EXPECT(a0, val)
#define PAT32 0xdeadbeef
#define PAT64 0xdeadbeefcafef00d

ISA_BEGIN
        li t0, 0x2200
        csrs mstatus, t0
        fsrmi zero, 0

        /* compares e32: a = {1, qNaN, -0, 2}, b = {2, 1, +0, 1} */
        TESTCASE(1)
        vsetivli zero, 4, e32, m1, tu, mu
        LDW(v1, ca); LDW(v2, cb); LDW(v3, pat32)
        CLEAR_FLAGS
        vmfeq.vv v3, v1, v2       /* {0, 0, 1, 0}: quiet */
        EXPECT_FLAGS(0)
        OUT(v3); B(0, 0xe4); B(1, 0xbe)   /* tail bits 4..7 of 0xef kept */
        TESTCASE(2)
        CLEAR_FLAGS
        vmflt.vv v3, v1, v2       /* {1, 0, 0, 0}, NaN signals */
        EXPECT_FLAGS(NV)
        OUT(v3); B(0, 0xe1)
        TESTCASE(3)
        vmfle.vv v3, v1, v2       /* {1, 0, 1, 0} */
        OUT(v3); B(0, 0xe5)
        vmfne.vv v3, v1, v2       /* {1, 1, 0, 1} */
        OUT(v3); B(0, 0xeb)
        /* .vf against 1.0: gt {0,0,0,1}, ge {1,0,0,1} */
        TESTCASE(4)
        FLI_S(fa0, 0x3f800000)
        vmfgt.vf v3, v1, fa0
        OUT(v3); B(0, 0xe8)
        vmfge.vf v3, v1, fa0
        OUT(v3); B(0, 0xe9)
        vmfeq.vf v3, v1, fa0
        OUT(v3); B(0, 0xe1)
        /* masked (v0 = 0b0110), vd may be v0 for a mask result */
        TESTCASE(5)
        LDW(v0, m0110)
        vmfne.vv v0, v1, v2, v0.t /* bits 1, 2 from {1,1,0,1}: 0b0010 */
        OUT(v0); B(0, 0x2)
        /* e64 */
        TESTCASE(6)
        vsetivli zero, 2, e64, m1, tu, mu
        LDW(v1, dca); LDW(v3, pat32)
        FLI_D(fa1, 0x3ff0000000000000)
        vmflt.vf v3, v1, fa1      /* {-1, 3} < 1: {1, 0} */
        OUT(v3); B(0, 0xed)

        /* vfclass e32 {-inf, -0, +subnormal, sNaN} */
        TESTCASE(7)
        vsetivli zero, 4, e32, m1, tu, mu
        LDW(v1, cls)
        vfclass.v v3, v1
        OUT(v3); W(0, 1); W(1, 8); W(2, 0x20); W(3, 0x100)
        vsetivli zero, 2, e64, m1, tu, mu
        LDW(v1, dcls)
        vfclass.v v3, v1
        OUT(v3); D(0, 0x40); D(1, 0x200)

        /* vfmv.v.f, vfmerge.vfm e32 (v0 = 0b0110), vl = 3 */
        TESTCASE(8)
        vsetivli zero, 3, e32, m1, tu, mu
        LDW(v3, pat32); LDW(v1, ca)
        vfmv.v.f v3, fa0
        OUT(v3); W(0, 0x3f800000); W(2, 0x3f800000); W(3, PAT32)
        TESTCASE(9)
        LDW(v3, pat32); LDW(v0, m0110)
        vfmerge.vfm v3, v1, fa0, v0
        OUT(v3); W(0, 0x3f800000); W(1, 0x3f800000); W(2, 0x3f800000); W(3, PAT32)
        TESTCASE(10)
        LDW(v1, cb)
        vfmerge.vfm v3, v1, fa0, v0  /* {2, f, f} */
        OUT(v3); W(0, 0x40000000); W(1, 0x3f800000)
        /* a single not NaN-boxed reads as the canonical NaN */
        TESTCASE(11)
        FLI_D(fa2, 0x000000003f800000)
        vfmv.v.f v3, fa2
        OUT(v3); W(0, 0x7fc00000)

        /* vfsqrt e32 {4, 2, -1, +0} */
        TESTCASE(12)
        vsetivli zero, 4, e32, m1, tu, mu
        LDW(v1, sq)
        CLEAR_FLAGS
        vfsqrt.v v3, v1
        EXPECT_FLAGS(NV | NX)
        OUT(v3); W(0, 0x40000000); W(1, 0x3fb504f3); W(2, 0x7fc00000); W(3, 0)
        TESTCASE(13)
        fsrmi zero, 3
        vfsqrt.v v3, v1
        fsrmi zero, 0
        OUT(v3); W(1, 0x3fb504f4)
        /* vfrsqrt7 / vfrec7 (the spec's examples), e32 */
        TESTCASE(14)
        LDW(v1, est)
        CLEAR_FLAGS
        vfrsqrt7.v v3, v1
        EXPECT_FLAGS(DZ)
        OUT(v3); W(0, 0x5f080000); W(1, 0x1f820000); W(2, 0x7f800000); W(3, 0)
        TESTCASE(15)
        CLEAR_FLAGS
        vfrec7.v v3, v1
        EXPECT_FLAGS(DZ)
        OUT(v3); W(0, 0x7e900000); W(1, 0x00214000); W(2, 0x7f800000); W(3, 0)
        /* vfrec7 of a tiny subnormal: overflow, inf or max by frm */
        TESTCASE(16)
        LDW(v1, tiny)
        CLEAR_FLAGS
        vfrec7.v v3, v1
        EXPECT_FLAGS(OF | NX)
        OUT(v3); W(0, 0x7f800000); W(1, 0xff800000)
        fsrmi zero, 1
        vfrec7.v v3, v1
        fsrmi zero, 0
        OUT(v3); W(0, 0x7f7fffff); W(1, 0xff7fffff)
        TESTCASE(17)
        vsetivli zero, 2, e64, m1, tu, mu
        LDW(v1, dest)
        vfrsqrt7.v v3, v1         /* 1/sqrt(4): 2^-2 * (1 + 127/128) */
        OUT(v3); D(0, 0x3fdfe00000000000); D(1, 0x7ff8000000000000)
        vfrec7.v v3, v1           /* 1/4: 2^-3 * (1 + 127/128) */
        OUT(v3); D(0, 0x3fcfe00000000000); D(1, 0xbfefe00000000000)
        vfsqrt.v v3, v1
        OUT(v3); D(0, 0x4000000000000000)

        /* widening e32 -> f64 {1.5, 3} (+, -, *) {2, .5} */
        TESTCASE(18)
        vsetivli zero, 2, e32, mf2, tu, mu
        LDW(v1, wa); LDW(v2, wb)
        vfwadd.vv v4, v1, v2
        OUT(v4); D(0, 0x400c000000000000); D(1, 0x400c000000000000)
        vfwsub.vv v4, v1, v2
        OUT(v4); D(0, 0xbfe0000000000000); D(1, 0x4004000000000000)
        vfwmul.vv v4, v1, v2
        OUT(v4); D(0, 0x4008000000000000); D(1, 0x3ff8000000000000)
        /* f32 max * f32 max is finite in f64 */
        TESTCASE(19)
        FLI_S(fa3, 0x7f7fffff)
        CLEAR_FLAGS
        vfwmul.vf v4, v1, fa3
        EXPECT_FLAGS(0)
        OUT(v4); D(0, 0x47f7ffffe8000000)
        /* .wf / .wv: {1, 3}(f64) + f32 */
        TESTCASE(20)
        LDW(v6, wd)
        FLI_S(fa4, 0x40000000)
        vfwadd.wf v4, v6, fa4
        OUT(v4); D(0, 0x4008000000000000); D(1, 0x4014000000000000)
        vfwsub.wv v4, v6, v1
        OUT(v4); D(0, 0xbfe0000000000000); D(1, 0)
        /* widening FMA: vd(f64) = {1, 3} */
        TESTCASE(21)
        LDW(v4, wd)
        vfwmacc.vv v4, v1, v2     /* 1.5*2 + 1, 3*.5 + 3 */
        OUT(v4); D(0, 0x4010000000000000); D(1, 0x4012000000000000)
        LDW(v4, wd)
        vfwnmacc.vf v4, fa4, v2   /* -(2*2) - 1, -(2*.5) - 3 */
        OUT(v4); D(0, 0xc014000000000000); D(1, 0xc010000000000000)
        LDW(v4, wd)
        vfwmsac.vv v4, v1, v2     /* 3 - 1, 1.5 - 3 */
        OUT(v4); D(0, 0x4000000000000000); D(1, 0xbff8000000000000)
        LDW(v4, wd)
        vfwnmsac.vv v4, v1, v2    /* -3 + 1, -1.5 + 3 */
        OUT(v4); D(0, 0xc000000000000000); D(1, 0x3ff8000000000000)
        /* widening sNaN: NV once, canonical NaN */
        TESTCASE(22)
        LDW(v2, wsn)
        CLEAR_FLAGS
        vfwadd.vv v4, v1, v2
        EXPECT_FLAGS(NV)
        OUT(v4); D(0, 0x7ff8000000000000); D(1, 0x4016000000000000)
        /* masked widening: element 1 only */
        TESTCASE(23)
        LDW(v0, m0110); LDW(v4, pat32)
        vfwadd.vv v4, v1, v1, v0.t
        OUT(v4); W(0, PAT32); W(1, PAT32); D(1, 0x4018000000000000)

        /* reductions e32: vs2 = {1, 2, 3, .5}, vs1[0] = 10 */
        TESTCASE(24)
        vsetivli zero, 4, e32, m1, tu, mu
        LDW(v1, ra); LDW(v2, rten); LDW(v3, pat32)
        vfredosum.vs v3, v1, v2
        OUT(v3); W(0, 0x41840000); W(1, PAT32)
        vfredusum.vs v3, v1, v2
        OUT(v3); W(0, 0x41840000)
        TESTCASE(25)
        vfredmin.vs v3, v1, v2
        OUT(v3); W(0, 0x3f000000)
        vfredmax.vs v3, v1, v2
        OUT(v3); W(0, 0x41200000)
        /* masked (0b0110): 10 + 2 + 3 */
        TESTCASE(26)
        vfredosum.vs v3, v1, v2, v0.t
        OUT(v3); W(0, 0x41700000)
        /* vl = 0: vd untouched */
        TESTCASE(27)
        LDW(v3, pat32)
        vsetivli zero, 0, e32, m1, tu, mu
        vfredosum.vs v3, v1, v2
        OUT(v3); W(0, PAT32)
        /* widening: 10.0 (f64) + {1, 2, 3, .5} */
        TESTCASE(28)
        vsetivli zero, 4, e32, m1, tu, mu
        LDW(v2, rdten)
        vfwredosum.vs v3, v1, v2
        OUT(v3); D(0, 0x4030800000000000); D(1, PAT32 | (PAT32 << 32))
        vfwredusum.vs v3, v1, v2
        OUT(v3); D(0, 0x4030800000000000)
        /* e64 min with -0/+0 and a qNaN start */
        TESTCASE(29)
        vsetivli zero, 2, e64, m1, tu, mu
        LDW(v1, rdz); LDW(v2, rdqn)
        CLEAR_FLAGS
        vfredmin.vs v3, v1, v2
        EXPECT_FLAGS(0)
        OUT(v3); D(0, 0x8000000000000000)
        vfredmax.vs v3, v1, v2
        OUT(v3); D(0, 0)
        /* inexact sum, rdn vs rup, e64: 1 + 2^-60 + 2^-60 */
        TESTCASE(30)
        LDW(v1, rsmall); LDW(v2, rdone)
        fsrmi zero, 3
        vfredosum.vs v3, v1, v2
        fsrmi zero, 0
        OUT(v3); D(0, 0x3ff0000000000002)
        CLEAR_FLAGS
        vfredosum.vs v3, v1, v2
        EXPECT_FLAGS(NX)
        OUT(v3); D(0, 0x3ff0000000000000)

        /* vfmv.f.s / vfmv.s.f */
        TESTCASE(31)
        vsetivli zero, 4, e32, m1, tu, mu
        LDW(v1, ra)
        vfmv.f.s fa5, v1
        EXPECT_F_S(fa5, 0x3f800000)
        vsetivli zero, 0, e64, m1, tu, mu
        vfmv.f.s fa5, v1          /* vl = 0 still reads element 0 */
        EXPECT_F_D(fa5, 0x400000003f800000)
        TESTCASE(32)
        LDW(v3, pat32)
        vfmv.s.f v3, fa0          /* vl = 0: nothing */
        OUT(v3); W(0, PAT32)
        vsetivli zero, 4, e32, m1, tu, mu
        vfmv.s.f v3, fa0
        OUT(v3); W(0, 0x3f800000); W(1, PAT32)

        /* vfslide1up / vfslide1down e32, vl = 3 */
        TESTCASE(33)
        vsetivli zero, 3, e32, m1, tu, mu
        LDW(v3, pat32)
        vfslide1up.vf v3, v1, fa0
        OUT(v3); W(0, 0x3f800000); W(1, 0x3f800000); W(2, 0x40000000); W(3, PAT32)
        TESTCASE(34)
        LDW(v3, pat32)
        vfslide1down.vf v3, v1, fa0
        OUT(v3); W(0, 0x40000000); W(1, 0x40400000); W(2, 0x3f800000); W(3, PAT32)
        /* e64 slide1down in place */
        TESTCASE(35)
        vsetivli zero, 2, e64, m1, tu, mu
        LDW(v3, dca)
        vfslide1down.vf v3, v3, fa1
        OUT(v3); D(0, 0x4008000000000000); D(1, 0x3ff0000000000000)

        /* ---- illegal ---- */
        INSTALL_TRAP
        /* (SEW 16 arithmetic without Zvfh: rvv_fp_zvfh.S) */
        TESTCASE(37)
        vsetivli zero, 4, e8, m1, tu, mu
        ARM_TRAP
        vfadd.vv v3, v1, v2
        EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)
        /* reserved frm */
        TESTCASE(38)
        vsetivli zero, 4, e32, m1, tu, mu
        fsrmi zero, 6
        ARM_TRAP
        vfadd.vv v3, v1, v2
        EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)
        fsrmi zero, 0
        /* widening at SEW 64; misaligned group; vd = v0 masked */
        TESTCASE(39)
        vsetivli zero, 2, e64, m1, tu, mu
        ARM_TRAP
        vfwadd.vv v4, v1, v2
        EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)
        vsetivli zero, 4, e32, m2, tu, mu
        ARM_TRAP
        vfadd.vv v3, v2, v4
        EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)
        ARM_TRAP
        vfadd.vv v0, v2, v4, v0.t
        EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)
        /* reduction with vstart != 0; vfslide1up with vd = vs2 */
        TESTCASE(40)
        vsetivli zero, 4, e32, m1, tu, mu
        li t0, 1
        csrw vstart, t0
        ARM_TRAP
        vfredosum.vs v3, v1, v2
        EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)
        csrw vstart, zero
        ARM_TRAP
        vfslide1up.vf v3, v3, fa0
        EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)
        UNINSTALL_TRAP
ISA_END

.data
.align 4
ca:     .word 0x3f800000, 0x7fc00000, 0x80000000, 0x40000000
cb:     .word 0x40000000, 0x3f800000, 0, 0x3f800000
pat32:  .word PAT32, PAT32, PAT32, PAT32
m0110:  .dword 6, 0
dca:    .dword 0xbff0000000000000, 0x4008000000000000
cls:    .word 0xff800000, 0x80000000, 0x00000001, 0x7f800001
dcls:   .dword 0x3ff0000000000000, 0x7ff8000000000000
sq:     .word 0x40800000, 0x40000000, 0xbf800000, 0
est:    .word 0x00718abc, 0x7f765432, 0, 0x7f800000
tiny:   .word 0x00000001, 0x80000001, 0x3f800000, 0x3f800000
dest:   .dword 0x4010000000000000, 0xbff0000000000000
wa:     .word 0x3fc00000, 0x40400000, 0, 0
wb:     .word 0x40000000, 0x3f000000, 0, 0
wd:     .dword 0x3ff0000000000000, 0x4008000000000000
wsn:    .word 0x7f800001, 0x40200000, 0, 0
ra:     .word 0x3f800000, 0x40000000, 0x40400000, 0x3f000000
rten:   .word 0x41200000, 0, 0, 0
rdten:  .dword 0x4024000000000000, 0
rdz:    .dword 0, 0x8000000000000000
rdqn:   .dword 0x7ff8000000000000, 0
rsmall: .dword 0x3c30000000000000, 0x3c30000000000000
rdone:  .dword 0x3ff0000000000000, 0
.align 4
out:    .space 64
