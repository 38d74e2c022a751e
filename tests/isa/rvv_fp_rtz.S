/* V 1.0 conversions with a static rounding mode: vfcvt.rtz.*,
 * vfwcvt.rtz.*, vfncvt.rtz.* (round toward zero, frm ignored even when
 * reserved) and vfncvt.rod.f.f.w (round to odd), 13.17-13.19.
 * QEMU 7.2 aborts translating these (translate.c decode_save_opc
 * assertion), so on QEMU this file cannot pass.  VLEN = 128. */
#include "isa.h"
.option arch, +v

#define LDW(vr, sym)  la t0, sym; vl1re32.v vr, (t0)
#define OUT(vr)       la a5, out; vs1r.v vr, (a5)
#define H(i, val)     lhu a0, (2 * (i))(a5); EXPECT(a0, val)
#define W(i, val)     lwu a0, (4 * (i))(a5); EXPECT(a0, val)
#define D(i, val)     ld a0, (8 * (i))(a5); EXPECT(a0, val)

ISA_BEGIN
        li t0, 0x2200
        csrs mstatus, t0

        /* e32 {2.5, -2.5, 1e10, qNaN}, frm = rup: still truncates */
        TESTCASE(1)
        fsrmi zero, 3
        vsetivli zero, 4, e32, m1, tu, mu
        LDW(v1, cx)
        CLEAR_FLAGS
        vfcvt.rtz.x.f.v v2, v1
        EXPECT_FLAGS(NV | NX)
        OUT(v2); W(0, 2); W(1, 0xfffffffe); W(2, 0x7fffffff); W(3, 0x7fffffff)
        TESTCASE(2)
        vfcvt.rtz.xu.f.v v2, v1
        OUT(v2); W(0, 2); W(1, 0); W(2, 0xffffffff); W(3, 0xffffffff)
        /* a reserved frm does not matter */
        TESTCASE(3)
        fsrmi zero, 5
        vfcvt.rtz.x.f.v v2, v1
        fsrmi zero, 0
        OUT(v2); W(0, 2)
        /* e64 {-1.5, 2^63} */
        TESTCASE(4)
        vsetivli zero, 2, e64, m1, tu, mu
        LDW(v1, dcx)
        vfcvt.rtz.x.f.v v2, v1
        OUT(v2); D(0, 0xffffffffffffffff); D(1, 0x7fffffffffffffff)
        /* widening e32 {-2.5, 3e9} */
        TESTCASE(5)
        vsetivli zero, 2, e32, mf2, tu, mu
        LDW(v1, wfx)
        vfwcvt.rtz.x.f.v v2, v1
        OUT(v2); D(0, 0xfffffffffffffffe); D(1, 3000000000)
        CLEAR_FLAGS
        vfwcvt.rtz.xu.f.v v2, v1
        EXPECT_FLAGS(NV)
        OUT(v2); D(0, 0); D(1, 3000000000)
        /* narrowing f32 -> u16/i16 {70000, -0.25, 65535.4, -1} */
        TESTCASE(6)
        vsetivli zero, 4, e16, mf2, tu, mu
        LDW(v1, nhu)
        CLEAR_FLAGS
        vfncvt.rtz.xu.f.w v2, v1
        EXPECT_FLAGS(NV | NX)
        OUT(v2); H(0, 0xffff); H(1, 0); H(2, 0xffff); H(3, 0)
        vfncvt.rtz.x.f.w v2, v1
        OUT(v2); H(0, 0x7fff); H(1, 0); H(2, 0x7fff); H(3, 0xffff)
        /* f64 -> u32 {-2.5, 1e10} */
        TESTCASE(7)
        vsetivli zero, 2, e32, mf2, tu, mu
        LDW(v1, nfi)
        vfncvt.rtz.xu.f.w v2, v1
        OUT(v2); W(0, 0); W(1, 0xffffffff)
        vfncvt.rtz.x.f.w v2, v1
        OUT(v2); W(0, 0xfffffffe); W(1, 0x7fffffff)
        /* round to odd f64 -> f32 {1 + 2^-30, 1e300}; exact stays exact */
        TESTCASE(8)
        LDW(v1, nff)
        CLEAR_FLAGS
        vfncvt.rod.f.f.w v2, v1
        EXPECT_FLAGS(OF | NX)
        OUT(v2); W(0, 0x3f800001); W(1, 0x7f7fffff)
        TESTCASE(9)
        LDW(v1, nfe)
        CLEAR_FLAGS
        vfncvt.rod.f.f.w v2, v1
        EXPECT_FLAGS(0)
        OUT(v2); W(0, 0x3fc00000); W(1, 0xc0400000)
ISA_END

.data
.align 4
cx:     .word 0x40200000, 0xc0200000, 0x501502f9, 0x7fc00000
dcx:    .dword 0xbff8000000000000, 0x43e0000000000000
wfx:    .word 0xc0200000, 0x4f32d05e, 0, 0
nhu:    .word 0x4788b800, 0xbe800000, 0x477fff66, 0xbf800000
nfi:    .dword 0xc004000000000000, 0x4202a05f20000000
nff:    .dword 0x3ff0000000400000, 0x7e37e43c8800759c
nfe:    .dword 0x3ff8000000000000, 0xc008000000000000
.align 4
out:    .space 64
