/* V 1.0 3.7: with vstart >= vl an arithmetic instruction writes no element
 * (nor mask bit, nor vxsat) and still resets vstart to 0.  Each case checks
 * the destination (after clearing vstart itself), then, as a separate check
 * number, that the instruction left vstart at 0.
 * QEMU 7.2 skips such instructions entirely and leaves vstart unchanged:
 * the vstart checks (2, 4, 6, 8) fail there; the data checks pass. */
#include "isa.h"
.option arch, +v

ISA_BEGIN
        li t0, 0x200; csrs mstatus, t0   /* mstatus.VS = Initial */

        /* vstart (5) >= vl (3): nothing is written (3.7) */
        TESTCASE(1)
        la a1, d1_8_0; li t1, 16; vsetvli zero, t1, e8, m1, tu, mu; vle8.v v8, (a1)
        la a1, d1_16_1; li t1, 16; vsetvli zero, t1, e8, m1, tu, mu; vle8.v v16, (a1)
        la a1, d1_24_2; li t1, 16; vsetvli zero, t1, e8, m1, tu, mu; vle8.v v24, (a1)
        li t1, 3; vsetvli zero, t1, e8, m1, tu, mu
        li t1, 5; csrw vstart, t1
        vadd.vv v8, v16, v24
        csrr s2, vstart; csrw vstart, zero
        li t1, 16; vsetvli zero, t1, e8, m1, tu, mu; la a1, vres; vse8.v v8, (a1)
        ld a0, 0(a1); EXPECT(a0, 0xba03c5bc78ff80d2)
        ld a0, 8(a1); EXPECT(a0, 0xce5c5501ba81aee9)
        /* vstart was reset to 0 (3.7) */
        TESTCASE(2)
        EXPECT(s2, 0)

        /* vmseq with vstart >= vl: no mask bit written */
        TESTCASE(3)
        la a1, d3_4_0; li t1, 16; vsetvli zero, t1, e8, m1, tu, mu; vle8.v v4, (a1)
        la a1, d3_16_1; li t1, 16; vsetvli zero, t1, e8, m1, tu, mu; vle8.v v16, (a1)
        la a1, d3_24_2; li t1, 16; vsetvli zero, t1, e8, m1, tu, mu; vle8.v v24, (a1)
        li t1, 3; vsetvli zero, t1, e8, m1, tu, mu
        li t1, 4; csrw vstart, t1
        vmseq.vv v4, v16, v24
        csrr s2, vstart; csrw vstart, zero
        li t1, 16; vsetvli zero, t1, e8, m1, tu, mu; la a1, vres; vse8.v v4, (a1)
        ld a0, 0(a1); EXPECT(a0, 0x80159db311760b18)
        ld a0, 8(a1); EXPECT(a0, 0x7a727ae8d1ca7fe4)
        /* vstart was reset to 0 (3.7) */
        TESTCASE(4)
        EXPECT(s2, 0)

        /* vwaddu with vstart == vl: nothing written */
        TESTCASE(5)
        la a1, d5_8_0; li t1, 32; vsetvli zero, t1, e8, m2, tu, mu; vle8.v v8, (a1)
        la a1, d5_16_1; li t1, 16; vsetvli zero, t1, e8, m1, tu, mu; vle8.v v16, (a1)
        la a1, d5_24_2; li t1, 16; vsetvli zero, t1, e8, m1, tu, mu; vle8.v v24, (a1)
        li t1, 2; vsetvli zero, t1, e8, m1, tu, mu
        li t1, 2; csrw vstart, t1
        vwaddu.vv v8, v16, v24
        csrr s2, vstart; csrw vstart, zero
        li t1, 32; vsetvli zero, t1, e8, m2, tu, mu; la a1, vres; vse8.v v8, (a1)
        ld a0, 0(a1); EXPECT(a0, 0x6dd9fffe2e8dffff)
        ld a0, 8(a1); EXPECT(a0, 0xffffedb4a07a)
        ld a0, 16(a1); EXPECT(a0, 0xa9f2b5ffff0003)
        ld a0, 24(a1); EXPECT(a0, 0xc469dc9cfffe1eb2)
        /* vstart was reset to 0 (3.7) */
        TESTCASE(6)
        EXPECT(s2, 0)

        /* vsaddu with vstart >= vl: vxsat untouched, nothing written */
        TESTCASE(7)
        la a1, d7_8_0; li t1, 32; vsetvli zero, t1, e8, m2, tu, mu; vle8.v v8, (a1)
        la a1, d7_16_1; li t1, 32; vsetvli zero, t1, e8, m2, tu, mu; vle8.v v16, (a1)
        la a1, d7_0_2; li t1, 16; vsetvli zero, t1, e8, m1, tu, mu; vle8.v v0, (a1)
        li t1, 1; vsetvli zero, t1, e64, m2, tu, mu
        li a2, 0xffffffffffffffff
        csrwi vxrm, 0
        csrwi vxsat, 0
        li t1, 3; csrw vstart, t1
        vsaddu.vx v8, v16, a2, v0.t
        csrr a0, vxsat; EXPECT(a0, 0)
        csrr s2, vstart; csrw vstart, zero
        li t1, 32; vsetvli zero, t1, e8, m2, tu, mu; la a1, vres; vse8.v v8, (a1)
        ld a0, 0(a1); EXPECT(a0, 0x2)
        ld a0, 8(a1); EXPECT(a0, 0x2eeb3dbb598ce6e9)
        ld a0, 16(a1); EXPECT(a0, 0x3884471da3a6aa6a)
        ld a0, 24(a1); EXPECT(a0, 0x8c077fafe3cfb76e)
        /* vstart was reset to 0 (3.7) */
        TESTCASE(8)
        EXPECT(s2, 0)
ISA_END

        .data
        .align 4
vres: .zero 128
d1_8_0: .byte 0xd2,0x80,0xff,0x78,0xbc,0xc5,0x03,0xba,0xe9,0xae,0x81,0xba,0x01,0x55,0x5c,0xce
d1_16_1: .byte 0x1d,0x44,0x7f,0x39,0x7f,0xe0,0x03,0xff,0x02,0xab,0x4e,0x87,0x20,0x7d,0xfe,0xff
d1_24_2: .byte 0xed,0xfb,0xe1,0x7c,0x03,0x7d,0xfe,0xa2,0x52,0x29,0xec,0xb1,0x51,0xf9,0xcb,0x80
d3_4_0: .byte 0x18,0x0b,0x76,0x11,0xb3,0x9d,0x15,0x80,0xe4,0x7f,0xca,0xd1,0xe8,0x7a,0x72,0x7a
d3_16_1: .byte 0x01,0x22,0x7e,0x20,0x81,0x2f,0x26,0xff,0xd9,0x39,0xb2,0xe9,0xff,0xfe,0x00,0x91
d3_24_2: .byte 0x0f,0xc9,0xc3,0xec,0x17,0xb9,0x0f,0x03,0x01,0x2d,0x00,0xad,0x6c,0x49,0x7f,0x81
d5_8_0: .byte 0xff,0xff,0x8d,0x2e,0xfe,0xff,0xd9,0x6d,0x7a,0xa0,0xb4,0xed,0xff,0xff,0x00,0x00,0x03,0x00,0xff,0xff,0xb5,0xf2,0xa9,0x00,0xb2,0x1e,0xfe,0xff,0x9c,0xdc,0x69,0xc4
d5_16_1: .byte 0xf4,0x81,0x7c,0xe2,0xd7,0x63,0xa6,0xf7,0xff,0xff,0x81,0x01,0x01,0x02,0x7f,0xff
d5_24_2: .byte 0xff,0xc3,0x67,0xf2,0xd6,0x03,0xe4,0xf8,0x81,0x12,0x66,0xcb,0xf9,0x70,0x81,0x4b
d7_8_0: .byte 0x02,0x00,0x00,0x00,0x00,0x00,0x00,0x00,0xe9,0xe6,0x8c,0x59,0xbb,0x3d,0xeb,0x2e,0x6a,0xaa,0xa6,0xa3,0x1d,0x47,0x84,0x38,0x6e,0xb7,0xcf,0xe3,0xaf,0x7f,0x07,0x8c
d7_16_1: .byte 0x51,0x53,0xe2,0xf8,0x3f,0x1c,0x70,0x0e,0xd1,0xca,0xdc,0xa4,0x2f,0x0d,0xf4,0x80,0x9c,0x5b,0x99,0x40,0x1d,0x11,0x66,0x85,0x02,0x00,0x00,0x00,0x00,0x00,0x00,0x00
d7_0_2: .byte 0x81,0x81,0x01,0xfe,0x2d,0x5a,0x80,0x58,0x97,0xd5,0xbd,0x03,0x41,0x3d,0xeb,0x81
