/* V with VLEN 512 (`--cpu max,vlen=512`; QEMU: vlen=512): vlenb, VLMAX
 * for several SEW/LMUL, and instructions over the longer registers (a
 * 64-byte load/add/store, vid + vredsum over 256 elements, a slide).  The
 * other vector tests assume VLEN 128, the default. */
#include "isa.h"
.option arch, +v

ISA_BEGIN
        li t0, 0x200
        csrs mstatus, t0
        TESTCASE(1)
        csrr a0, vlenb; EXPECT(a0, 64)
        TESTCASE(2)
        vsetvli a0, zero, e8, m8, ta, ma; EXPECT(a0, 512)
        TESTCASE(3)
        vsetvli a0, zero, e64, m1, ta, ma; EXPECT(a0, 8)
        TESTCASE(4)
        vsetvli a0, zero, e8, mf8, ta, ma; EXPECT(a0, 8)
        TESTCASE(5)
        li a1, 1000; vsetvli a0, a1, e32, m4, ta, ma; EXPECT(a0, 64)
        /* 64 bytes: load, add 1, store */
        TESTCASE(6)
        li a1, 64; vsetvli a0, a1, e8, m1, ta, ma; EXPECT(a0, 64)
        la a2, src; la a3, dst
        vle8.v v1, (a2); vadd.vi v1, v1, 1; vse8.v v1, (a3)
        lbu a0, 0(a3); EXPECT(a0, 1)
        lbu a0, 63(a3); EXPECT(a0, 64)
        lbu a0, 64(a3); EXPECT(a0, 0xee)   /* past vl: untouched */
        /* vid over 256 halfwords (e16, m8), summed */
        TESTCASE(7)
        li a1, 256; vsetvli a0, a1, e16, m8, ta, ma; EXPECT(a0, 256)
        vid.v v8
        vsetvli zero, zero, e16, m8, ta, ma
        vmv.s.x v0, zero
        vsetvli zero, a1, e16, m8, ta, ma
        vwredsumu.vs v16, v8, v0
        vsetivli zero, 1, e32, m1, ta, ma
        vmv.x.s a0, v16; EXPECT(a0, 32640)
        /* slide down by 60 within 64 bytes */
        TESTCASE(8)
        li a1, 64; vsetvli zero, a1, e8, m1, ta, ma
        vle8.v v1, (a2)
        vslidedown.vi v2, v1, 30
        vmv.x.s a0, v2; EXPECT(a0, 30)
        li a4, 60; vslidedown.vx v2, v1, a4
        vmv.x.s a0, v2; EXPECT(a0, 60)
ISA_END

        .data
        .align 6
src:    .set i, 0
        .rept 64
        .byte i
        .set i, i + 1
        .endr
dst:    .fill 128, 1, 0xee
