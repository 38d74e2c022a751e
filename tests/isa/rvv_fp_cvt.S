/* V 1.0 FP conversions (13.17 vfcvt, 13.18 vfwcvt, 13.19 vfncvt) at SEW
 * 32 and 64, the Zvfhmin binary16 ones (vfwcvt.f.f.v / vfncvt.f.f.w at
 * SEW 16), rounding by frm, saturation and fflags (the rtz and rod forms:
 * rvv_fp_rtz.S),
 * masking, the register rules of widening/narrowing (5.2) and the illegal
 * cases (reserved frm, unsupported widths).  VLEN = 128. */
#include "isa.h"
.option arch, +v

#define LDW(vr, sym)  la t0, sym; vl1re32.v vr, (t0)
#define OUT(vr)       la a5, out; vs1r.v vr, (a5)
#define H(i, val)     lhu a0, (2 * (i))(a5); EXPECT(a0, val)
#define W(i, val)     lwu a0, (4 * (i))(a5); EXPECT(a0, val)
#define D(i, val)     ld a0, (8 * (i))(a5); EXPECT(a0, val)
#define PAT32 0xdeadbeef

ISA_BEGIN
        li t0, 0x2200
        csrs mstatus, t0
        fsrmi zero, 0

        /* vfcvt.x.f.v e32 {2.5, -2.5, 1e10, qNaN}: rne, rdn, rup */
        TESTCASE(1)
        vsetivli zero, 4, e32, m1, tu, mu
        LDW(v1, cx)
        CLEAR_FLAGS
        vfcvt.x.f.v v2, v1
        EXPECT_FLAGS(NV | NX)
        OUT(v2); W(0, 2); W(1, 0xfffffffe); W(2, 0x7fffffff); W(3, 0x7fffffff)
        TESTCASE(2)
        fsrmi zero, 2
        vfcvt.x.f.v v2, v1
        OUT(v2); W(0, 2); W(1, 0xfffffffd)
        fsrmi zero, 3
        vfcvt.x.f.v v2, v1
        OUT(v2); W(0, 3); W(1, 0xfffffffe)
        fsrmi zero, 0
        TESTCASE(4)
        CLEAR_FLAGS
        vfcvt.xu.f.v v2, v1
        EXPECT_FLAGS(NV | NX)
        OUT(v2); W(0, 2); W(1, 0); W(2, 0xffffffff); W(3, 0xffffffff)
        /* vfcvt.f.x.v / f.xu.v e32 {-7, 2^24 + 1, -1, 0} */
        TESTCASE(6)
        LDW(v1, ix)
        CLEAR_FLAGS
        vfcvt.f.x.v v2, v1
        EXPECT_FLAGS(NX)
        OUT(v2); W(0, 0xc0e00000); W(1, 0x4b800000); W(2, 0xbf800000); W(3, 0)
        TESTCASE(7)
        fsrmi zero, 3
        vfcvt.f.x.v v2, v1
        fsrmi zero, 0
        OUT(v2); W(1, 0x4b800001)
        TESTCASE(8)
        vfcvt.f.xu.v v2, v1
        OUT(v2); W(0, 0x4f800000); W(1, 0x4b800000); W(2, 0x4f800000); W(3, 0)
        /* masked, vl = 3, mask 0101 */
        TESTCASE(9)
        LDW(v0, m0101); LDW(v1, cx); LDW(v2, pat32)
        vsetivli zero, 3, e32, m1, tu, mu
        vfcvt.x.f.v v2, v1, v0.t
        OUT(v2); W(0, 2); W(1, PAT32); W(2, 0x7fffffff); W(3, PAT32)

        /* SEW 64 */
        TESTCASE(10)
        vsetivli zero, 2, e64, m1, tu, mu
        LDW(v1, dcx)
        CLEAR_FLAGS
        vfcvt.x.f.v v2, v1
        EXPECT_FLAGS(NV | NX)
        OUT(v2); D(0, 0xfffffffffffffffe); D(1, 0x7fffffffffffffff)
        TESTCASE(11)
        CLEAR_FLAGS
        vfcvt.xu.f.v v2, v1
        EXPECT_FLAGS(NV)
        OUT(v2); D(0, 0); D(1, 0x8000000000000000)
        TESTCASE(12)
        LDW(v1, dix)
        CLEAR_FLAGS
        vfcvt.f.x.v v2, v1
        EXPECT_FLAGS(NX)
        OUT(v2); D(0, 0xbff0000000000000); D(1, 0x4340000000000000)
        fsrmi zero, 3
        vfcvt.f.x.v v2, v1
        fsrmi zero, 0
        OUT(v2); D(1, 0x4340000000000001)

        /* ---- widening ---- */
        /* vfwcvt.f.f.v e32 -> f64 {1.5, sNaN} */
        TESTCASE(13)
        vsetivli zero, 2, e32, mf2, tu, mu
        LDW(v1, wff)
        CLEAR_FLAGS
        vfwcvt.f.f.v v2, v1
        EXPECT_FLAGS(NV)
        OUT(v2); D(0, 0x3ff8000000000000); D(1, 0x7ff8000000000000)
        /* vfwcvt.x.f.v / xu / rtz: {-2.5, 3e9} */
        TESTCASE(14)
        LDW(v1, wfx)
        CLEAR_FLAGS
        vfwcvt.x.f.v v2, v1
        EXPECT_FLAGS(NX)
        OUT(v2); D(0, 0xfffffffffffffffe); D(1, 3000000000)
        TESTCASE(15)
        CLEAR_FLAGS
        vfwcvt.xu.f.v v2, v1
        EXPECT_FLAGS(NV)
        OUT(v2); D(0, 0); D(1, 3000000000)
        /* vfwcvt.f.x.v e32 {-3, 2^31 - 1} -> f64 */
        TESTCASE(17)
        LDW(v1, wix)
        CLEAR_FLAGS
        vfwcvt.f.x.v v2, v1
        EXPECT_FLAGS(0)
        OUT(v2); D(0, 0xc008000000000000); D(1, 0x41dfffffffc00000)
        vfwcvt.f.xu.v v2, v1
        OUT(v2); D(0, 0x41efffffffa00000); D(1, 0x41dfffffffc00000)
        /* e16 -> f32: {-3, 0x7fff, 0x8000, 1} */
        TESTCASE(18)
        vsetivli zero, 4, e16, mf2, tu, mu
        LDW(v1, hix)
        vfwcvt.f.x.v v2, v1
        OUT(v2); W(0, 0xc0400000); W(1, 0x46fffe00); W(2, 0xc7000000); W(3, 0x3f800000)
        vfwcvt.f.xu.v v2, v1
        OUT(v2); W(0, 0x477ffd00); W(1, 0x46fffe00); W(2, 0x47000000); W(3, 0x3f800000)
        /* Zvfhmin: binary16 -> binary32 {1, inf, 2^-24, sNaN} */
        TESTCASE(19)
        LDW(v1, hff)
        CLEAR_FLAGS
        vfwcvt.f.f.v v2, v1
        EXPECT_FLAGS(NV)
        OUT(v2); W(0, 0x3f800000); W(1, 0x7f800000); W(2, 0x33800000); W(3, 0x7fc00000)
        /* masked widening: mask 0101 */
        TESTCASE(20)
        LDW(v2, pat32)
        vfwcvt.f.f.v v2, v1, v0.t
        OUT(v2); W(0, 0x3f800000); W(1, PAT32); W(2, 0x33800000); W(3, PAT32)

        /* ---- narrowing ---- */
        /* Zvfhmin: binary32 -> binary16 {1, 65520, 0.3, sNaN} */
        TESTCASE(21)
        LDW(v1, nhf)
        CLEAR_FLAGS
        vfncvt.f.f.w v2, v1
        EXPECT_FLAGS(NV | OF | NX)
        OUT(v2); H(0, 0x3c00); H(1, 0x7c00); H(2, 0x34cd); H(3, 0x7e00)
        TESTCASE(22)
        fsrmi zero, 1
        vfncvt.f.f.w v2, v1
        fsrmi zero, 0
        OUT(v2); H(0, 0x3c00); H(1, 0x7bff); H(2, 0x34cc)
        /* f32 -> i16 {40000, -1.5, 32767.5, qNaN} and u16 {70000, -0.25, 65535.4, -1} */
        TESTCASE(23)
        LDW(v1, nhi)
        CLEAR_FLAGS
        vfncvt.x.f.w v2, v1
        EXPECT_FLAGS(NV | NX)
        OUT(v2); H(0, 0x7fff); H(1, 0xfffe); H(2, 0x7fff); H(3, 0x7fff)
        TESTCASE(24)
        LDW(v1, nhu)
        CLEAR_FLAGS
        vfncvt.xu.f.w v2, v1
        EXPECT_FLAGS(NV | NX)
        OUT(v2); H(0, 0xffff); H(1, 0); H(2, 0xffff); H(3, 0)
        /* f64 -> f32 {1 + 2^-30, 1e300}: rne, rod */
        TESTCASE(26)
        vsetivli zero, 2, e32, mf2, tu, mu
        LDW(v1, nff)
        CLEAR_FLAGS
        vfncvt.f.f.w v2, v1
        EXPECT_FLAGS(OF | NX)
        OUT(v2); W(0, 0x3f800000); W(1, 0x7f800000)
        /* f64 -> i32 {-2.5, 1e10} */
        TESTCASE(28)
        LDW(v1, nfi)
        CLEAR_FLAGS
        vfncvt.x.f.w v2, v1
        EXPECT_FLAGS(NV | NX)
        OUT(v2); W(0, 0xfffffffe); W(1, 0x7fffffff)
        /* i64 -> f32 {2^53 + 1, -1}, u64 */
        TESTCASE(29)
        LDW(v1, nif)
        CLEAR_FLAGS
        vfncvt.f.x.w v2, v1
        EXPECT_FLAGS(NX)
        OUT(v2); W(0, 0x5a000000); W(1, 0xbf800000)
        vfncvt.f.xu.w v2, v1
        OUT(v2); W(0, 0x5a000000); W(1, 0x5f800000)
        /* narrowing in place (vd = vs2) is allowed, m1 */
        TESTCASE(30)
        vsetivli zero, 4, e32, m1, tu, mu
        LDW(v2, dcx2); LDW(v3, dcx2)
        vfncvt.f.f.w v2, v2
        OUT(v2); W(0, 0xbfc00000); W(1, 0x40400000); W(2, 0xbfc00000); W(3, 0x40400000)

        /* ---- illegal ---- */
        INSTALL_TRAP
        /* reserved frm: rounding conversions trap */
        TESTCASE(31)
        vsetivli zero, 4, e32, m1, tu, mu
        fsrmi zero, 5
        ARM_TRAP
        vfcvt.x.f.v v2, v1
        EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)
        fsrmi zero, 0
        /* widening to 128 bits, narrowing from 128 bits */
        TESTCASE(32)
        vsetivli zero, 2, e64, m1, tu, mu
        ARM_TRAP
        vfwcvt.f.f.v v2, v1
        EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)
        ARM_TRAP
        vfncvt.f.f.w v2, v4
        EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)
        /* SEW 8: no binary8 */
        TESTCASE(33)
        vsetivli zero, 2, e8, mf2, tu, mu
        ARM_TRAP
        vfwcvt.f.f.v v2, v1
        EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)
        /* widening m1: vd = v2..v3; vs2 = v3 (its high part) is legal,
         * vs2 = v2 (the low part) and a misaligned vd are not */
        TESTCASE(34)
        vsetivli zero, 4, e32, m1, tu, mu
        ARM_TRAP
        vfwcvt.f.f.v v2, v3
        EXPECT_NO_TRAP
        ARM_TRAP
        vfwcvt.f.f.v v2, v2
        EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)
        ARM_TRAP
        vfwcvt.f.f.v v3, v4
        EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)
        /* narrowing m1: vs2 misaligned; vd in the high part of vs2 */
        TESTCASE(35)
        ARM_TRAP
        vfncvt.f.f.w v2, v3
        EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)
        ARM_TRAP
        vfncvt.f.f.w v5, v4
        EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)
        /* masked with vd = v0 */
        TESTCASE(36)
        ARM_TRAP
        vfcvt.x.f.v v0, v1, v0.t
        EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)
        /* FS off */
        TESTCASE(37)
        FP_DISABLE
        ARM_TRAP
        vfcvt.x.f.v v2, v1
        EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)
        FP_ENABLE
        UNINSTALL_TRAP
ISA_END

.data
.align 4
cx:     .word 0x40200000, 0xc0200000, 0x501502f9, 0x7fc00000
ix:     .word -7, 16777217, -1, 0
pat32:  .word PAT32, PAT32, PAT32, PAT32
m0101:  .dword 5, 0
dcx:    .dword 0xbff8000000000000, 0x43e0000000000000
dix:    .dword -1, 0x20000000000001
wff:    .word 0x3fc00000, 0x7f800001, 0, 0
wfx:    .word 0xc0200000, 0x4f32d05e, 0, 0
wix:    .word -3, 0x7fffffff, 0, 0
hix:    .half -3, 0x7fff, 0x8000, 1, 0, 0, 0, 0
hff:    .half 0x3c00, 0x7c00, 0x0001, 0x7d00, 0, 0, 0, 0
nhf:    .word 0x3f800000, 0x477ff000, 0x3e99999a, 0x7f800001
nhi:    .word 0x471c4000, 0xbfc00000, 0x46ffff00, 0x7fc00000
nhu:    .word 0x4788b800, 0xbe800000, 0x477fff66, 0xbf800000
nff:    .dword 0x3ff0000000400000, 0x7e37e43c8800759c
nfi:    .dword 0xc004000000000000, 0x4202a05f20000000
nif:    .dword 0x20000000000001, -1
dcx2:   .dword 0xbff8000000000000, 0x4008000000000000
.align 4
out:    .space 64
