/* Zvbb, vector basic bit-manipulation (vector cryptography 1.0; Zvbb
 * includes Zvkb): vandn.vv/vx, vbrev.v, vbrev8.v, vrev8.v, vclz.v, vctz.v,
 * vcpop.v, vrol.vv/vx, vror.vv/vx/vi (a 6-bit immediate, funct6 bit 0 is
 * imm[5]) and vwsll.vv/vx/vi (2*SEW destination), at SEW 8, 16, 32 and 64,
 * masked and unmasked; tails, masked-off and pre-vstart elements stay
 * undisturbed (every byte of the destination group is checked).  Then the
 * illegal forms: vwsll at SEW 64, EMUL > 8 and the overlaps V 1.0 5.2
 * forbids, misaligned groups, masked writes of v0, the reserved vs1 values
 * of VXUNARY0.  VLEN = 128.  The expected values were worked out from the
 * instructions' definitions in the specification (not from rvkvm).
 * rvkvm only: QEMU 7.2 has no Zvbb (tests/isa/rules.mk). */
#include "isa.h"
.option arch, +v

/* binutils 2.40 has no Zvbb mnemonics: the OP-V words, with register
 * numbers (vm = 1 unmasked, 0 for v0.t; rs1 is an x register number). */
#define OPV(f6, vm, vs2, vs1, f3, vd) \
        .word (((f6) << 26) | ((vm) << 25) | ((vs2) << 20) | ((vs1) << 15) | ((f3) << 12) | ((vd) << 7) | 0x57)
#define VANDN_VV(vd, vs2, vs1, vm) OPV(0x01, vm, vs2, vs1, 0, vd)   /* vandn.vv vd, vs2, vs1 */
#define VANDN_VX(vd, vs2, rs1, vm) OPV(0x01, vm, vs2, rs1, 4, vd)   /* vandn.vx vd, vs2, rs1 */
#define VROR_VV(vd, vs2, vs1, vm)  OPV(0x14, vm, vs2, vs1, 0, vd)   /* vror.vv */
#define VROR_VX(vd, vs2, rs1, vm)  OPV(0x14, vm, vs2, rs1, 4, vd)   /* vror.vx */
#define VROR_VI(vd, vs2, imm, vm)  OPV(0x14 | ((imm) >> 5), vm, vs2, (imm) & 31, 3, vd) /* vror.vi */
#define VROL_VV(vd, vs2, vs1, vm)  OPV(0x15, vm, vs2, vs1, 0, vd)   /* vrol.vv */
#define VROL_VX(vd, vs2, rs1, vm)  OPV(0x15, vm, vs2, rs1, 4, vd)   /* vrol.vx */
#define VWSLL_VV(vd, vs2, vs1, vm) OPV(0x35, vm, vs2, vs1, 0, vd)   /* vwsll.vv */
#define VWSLL_VX(vd, vs2, rs1, vm) OPV(0x35, vm, vs2, rs1, 4, vd)   /* vwsll.vx */
#define VWSLL_VI(vd, vs2, imm, vm) OPV(0x35, vm, vs2, imm, 3, vd)   /* vwsll.vi (uimm5) */
/* VXUNARY0 (OPMVV funct6 010010) selected by vs1 */
#define VXUNARY0(sel, vd, vs2, vm) OPV(0x12, vm, vs2, sel, 2, vd)
#define VBREV8_V(vd, vs2, vm)      VXUNARY0(8, vd, vs2, vm)         /* vbrev8.v */
#define VREV8_V(vd, vs2, vm)       VXUNARY0(9, vd, vs2, vm)         /* vrev8.v */
#define VBREV_V(vd, vs2, vm)       VXUNARY0(10, vd, vs2, vm)        /* vbrev.v */
#define VCLZ_V(vd, vs2, vm)        VXUNARY0(12, vd, vs2, vm)        /* vclz.v */
#define VCTZ_V(vd, vs2, vm)        VXUNARY0(13, vd, vs2, vm)        /* vctz.v */
#define VCPOP_V(vd, vs2, vm)       VXUNARY0(14, vd, vs2, vm)        /* vcpop.v */

/* v8..v15 (every destination) back to the pattern in dest */
#define RESET_DEST la a1, dest; vl8re8.v v8, (a1)

ISA_BEGIN
        li t0, 0x200; csrs mstatus, t0   /* mstatus.VS = Initial */
        /* Sources: v16 = srcA, v17 = srcB, v18 = srcR (shift and rotate
         * amounts), v19 = srcZ (zero elements); v0 = the mask. */
        la a1, srcA; vl4re8.v v16, (a1)
        la a1, mask; vl1re8.v v0, (a1)

        /* --- SEW 8 ------------------------------------------------------ */
        /* vandn.vv v8, v16, v17 e8 m1 vl=16 */
        TESTCASE(1)
        RESET_DEST
        li t1, 16; vsetvli zero, t1, e8, m1, tu, mu
        VANDN_VV(8, 16, 17, 1)
        la a1, vres; vs1r.v v8, (a1)
        ld a0, 0(a1); EXPECT(a0, 0x48542412000f8000)
        ld a0, 8(a1); EXPECT(a0, 0x401466010881aa00)

        /* vandn.vx v8, v16, a2, v0.t e8 m1 vl=13 */
        TESTCASE(2)
        RESET_DEST
        li a2, 0xf
        li t1, 13; vsetvli zero, t1, e8, m1, tu, mu
        VANDN_VX(8, 16, 12, 0)
        la a1, vres; vs1r.v v8, (a1)
        ld a0, 0(a1); EXPECT(a0, 0x4a50e01076000c00)
        ld a0, 8(a1); EXPECT(a0, 0xf2bd885350e9f07f)

        /* vbrev.v v8, v16 e8 m1 vl=16 */
        TESTCASE(3)
        RESET_DEST
        li t1, 16; vsetvli zero, t1, e8, m1, tu, mu
        VBREV_V(8, 16, 1)
        la a1, vres; vs1r.v v8, (a1)
        ld a0, 0(a1); EXPECT(a0, 0x1e6a2c480ff00180)
        ld a0, 8(a1); EXPECT(a0, 0xc33c7e815aa5ff00)

        /* vbrev8.v v8, v16, v0.t e8 m1 vl=16 */
        TESTCASE(4)
        RESET_DEST
        li t1, 16; vsetvli zero, t1, e8, m1, tu, mu
        VBREV8_V(8, 16, 0)
        la a1, vres; vs1r.v v8, (a1)
        ld a0, 0(a1); EXPECT(a0, 0x4a6ae04876f00c80)
        ld a0, 8(a1); EXPECT(a0, 0xc3bd7e535ae9ff7f)

        /* vrev8.v v8, v16 e8 m1 vl=11 */
        TESTCASE(5)
        RESET_DEST
        li t1, 11; vsetvli zero, t1, e8, m1, tu, mu
        VREV8_V(8, 16, 1)
        la a1, vres; vs1r.v v8, (a1)
        ld a0, 0(a1); EXPECT(a0, 0x78563412f00f8001)
        ld a0, 8(a1); EXPECT(a0, 0xf2bd88531ea5ff00)

        /* vclz.v v8, v16 e8 m1 vl=16 */
        TESTCASE(6)
        RESET_DEST
        li t1, 16; vsetvli zero, t1, e8, m1, tu, mu
        VCLZ_V(8, 16, 1)
        la a1, vres; vs1r.v v8, (a1)
        ld a0, 0(a1); EXPECT(a0, 0x101020300040007)
        ld a0, 8(a1); EXPECT(a0, 0x2010001000008)

        /* vctz.v v8, v16, v0.t e8 m1 vl=16 */
        TESTCASE(7)
        RESET_DEST
        li t1, 16; vsetvli zero, t1, e8, m1, tu, mu
        VCTZ_V(8, 16, 0)
        la a1, vres; vs1r.v v8, (a1)
        ld a0, 0(a1); EXPECT(a0, 0x4a01e00176000c00)
        ld a0, 8(a1); EXPECT(a0, 0xbd015301e9007f)

        /* vcpop.v v8, v16 e8 m1 vl=16 */
        TESTCASE(8)
        RESET_DEST
        li t1, 16; vsetvli zero, t1, e8, m1, tu, mu
        VCPOP_V(8, 16, 1)
        la a1, vres; vs1r.v v8, (a1)
        ld a0, 0(a1); EXPECT(a0, 0x404030204040101)
        ld a0, 8(a1); EXPECT(a0, 0x404060204040800)

        /* vrol.vv v8, v16, v17 e8 m1 vl=16 */
        TESTCASE(9)
        RESET_DEST
        li t1, 16; vsetvli zero, t1, e8, m1, tu, mu
        VROL_VV(8, 16, 17, 1)
        la a1, vres; vs1r.v v8, (a1)
        ld a0, 0(a1); EXPECT(a0, 0xc3596812780f4008)
        ld a0, 8(a1); EXPECT(a0, 0x1ef0fc812d69ff00)

        /* vrol.vx v8, v16, a2, v0.t e8 m1 vl=16 */
        TESTCASE(10)
        RESET_DEST
        li a2, 0xfb
        li t1, 16; vsetvli zero, t1, e8, m1, tu, mu
        VROL_VX(8, 16, 12, 0)
        la a1, vres; vs1r.v v8, (a1)
        ld a0, 0(a1); EXPECT(a0, 0x4ab2e09076780c08)
        ld a0, 8(a1); EXPECT(a0, 0x1ebdf353d2e9ff7f)

        /* vror.vv v8, v16, v17 e8 m1 vl=15 */
        TESTCASE(11)
        RESET_DEST
        li t1, 15; vsetvli zero, t1, e8, m1, tu, mu
        VROR_VV(8, 16, 17, 1)
        la a1, vres; vs1r.v v8, (a1)
        ld a0, 0(a1); EXPECT(a0, 0xf951a12e10f0120)
        ld a0, 8(a1); EXPECT(a0, 0xf20f3f81b496ff00)

        /* vror.vx v8, v16, a2 e8 m1 vl=16 */
        TESTCASE(12)
        RESET_DEST
        li a2, 0x21
        li t1, 16; vsetvli zero, t1, e8, m1, tu, mu
        VROR_VX(8, 16, 12, 1)
        la a1, vres; vs1r.v v8, (a1)
        ld a0, 0(a1); EXPECT(a0, 0x3c2b1a0978874080)
        ld a0, 8(a1); EXPECT(a0, 0xe11e3fc02dd2ff00)

        /* vror.vi v8, v16, 3 e8 m1 vl=16 */
        TESTCASE(13)
        RESET_DEST
        li t1, 16; vsetvli zero, t1, e8, m1, tu, mu
        VROR_VI(8, 16, 3, 1)
        la a1, vres; vs1r.v v8, (a1)
        ld a0, 0(a1); EXPECT(a0, 0xfca86421ee11020)
        ld a0, 8(a1); EXPECT(a0, 0x7887cf304bb4ff00)

        /* vror.vi v8, v16, 45, v0.t e8 m1 vl=16 (imm[5] set: 45 & 7 = 5) */
        TESTCASE(14)
        RESET_DEST
        li t1, 16; vsetvli zero, t1, e8, m1, tu, mu
        VROR_VI(8, 16, 45, 0)
        la a1, vres; vs1r.v v8, (a1)
        ld a0, 0(a1); EXPECT(a0, 0x4ab2e09076780c08)
        ld a0, 8(a1); EXPECT(a0, 0x1ebdf353d2e9ff7f)

        /* --- SEW 16 ----------------------------------------------------- */
        /* vandn.vv v8, v16, v17, v0.t e16 m1 vl=8 */
        TESTCASE(15)
        RESET_DEST
        li t1, 8; vsetvli zero, t1, e16, m1, tu, mu
        VANDN_VV(8, 16, 17, 0)
        la a1, vres; vs1r.v v8, (a1)
        ld a0, 0(a1); EXPECT(a0, 0x4a15241276418000)
        ld a0, 8(a1); EXPECT(a0, 0xf2bd66011ee9aa00)

        /* vandn.vx v8, v16, a2 e16 m1 vl=8 */
        TESTCASE(16)
        RESET_DEST
        li a2, 0xffffffffffff00ff
        li t1, 8; vsetvli zero, t1, e16, m1, tu, mu
        VANDN_VX(8, 16, 12, 1)
        la a1, vres; vs1r.v v8, (a1)
        ld a0, 0(a1); EXPECT(a0, 0x78003400f0008000)
        ld a0, 8(a1); EXPECT(a0, 0xc3007e005a00ff00)

        /* vbrev.v v8, v16, v0.t e16 m1 vl=8 */
        TESTCASE(17)
        RESET_DEST
        li t1, 8; vsetvli zero, t1, e16, m1, tu, mu
        VBREV_V(8, 16, 0)
        la a1, vres; vs1r.v v8, (a1)
        ld a0, 0(a1); EXPECT(a0, 0x4a15482c76418001)
        ld a0, 8(a1); EXPECT(a0, 0xf2bd817e1ee900ff)

        /* vbrev8.v v8, v16 e16 m1 vl=8 */
        TESTCASE(18)
        RESET_DEST
        li t1, 8; vsetvli zero, t1, e16, m1, tu, mu
        VBREV8_V(8, 16, 1)
        la a1, vres; vs1r.v v8, (a1)
        ld a0, 0(a1); EXPECT(a0, 0x1e6a2c480ff00180)
        ld a0, 8(a1); EXPECT(a0, 0xc33c7e815aa5ff00)

        /* vrev8.v v8, v16, v0.t e16 m1 vl=8 */
        TESTCASE(19)
        RESET_DEST
        li t1, 8; vsetvli zero, t1, e16, m1, tu, mu
        VREV8_V(8, 16, 0)
        la a1, vres; vs1r.v v8, (a1)
        ld a0, 0(a1); EXPECT(a0, 0x4a15123476410180)
        ld a0, 8(a1); EXPECT(a0, 0xf2bd817e1ee900ff)

        /* vclz.v v8, v19 e16 m1 vl=8 */
        TESTCASE(20)
        RESET_DEST
        li t1, 8; vsetvli zero, t1, e16, m1, tu, mu
        VCLZ_V(8, 19, 1)
        la a1, vres; vs1r.v v8, (a1)
        ld a0, 0(a1); EXPECT(a0, 0x10001000100010)
        ld a0, 8(a1); EXPECT(a0, 0x10000000100007)

        /* vctz.v v8, v16 e16 m1 vl=8 */
        TESTCASE(21)
        RESET_DEST
        li t1, 8; vsetvli zero, t1, e16, m1, tu, mu
        VCTZ_V(8, 16, 1)
        la a1, vres; vs1r.v v8, (a1)
        ld a0, 0(a1); EXPECT(a0, 0x1000100000000)
        ld a0, 8(a1); EXPECT(a0, 0x2000000000008)

        /* vcpop.v v8, v16, v0.t e16 m1 vl=6 */
        TESTCASE(22)
        RESET_DEST
        li t1, 6; vsetvli zero, t1, e16, m1, tu, mu
        VCPOP_V(8, 16, 0)
        la a1, vres; vs1r.v v8, (a1)
        ld a0, 0(a1); EXPECT(a0, 0x4a15000576410002)
        ld a0, 8(a1); EXPECT(a0, 0xf2bd88531ee90008)

        /* vrol.vv v8, v16, v17 e16 m1 vl=8 */
        TESTCASE(23)
        RESET_DEST
        li t1, 8; vsetvli zero, t1, e16, m1, tu, mu
        VROL_VV(8, 16, 17, 1)
        la a1, vres; vs1r.v v8, (a1)
        ld a0, 0(a1); EXPECT(a0, 0xe1593412f00f000c)
        ld a0, 8(a1); EXPECT(a0, 0xf30c817ea956f00f)

        /* vrol.vx v8, v16, a2 e16 m1 vl=8 */
        TESTCASE(24)
        RESET_DEST
        li a2, 0x13
        li t1, 8; vsetvli zero, t1, e16, m1, tu, mu
        VROL_VX(8, 16, 12, 1)
        la a1, vres; vs1r.v v8, (a1)
        ld a0, 0(a1); EXPECT(a0, 0xc2b3a091807f000c)
        ld a0, 8(a1); EXPECT(a0, 0x19e6f40bd52af807)

        /* vror.vv v8, v16, v17, v0.t e16 m1 vl=8 */
        TESTCASE(25)
        RESET_DEST
        li t1, 8; vsetvli zero, t1, e16, m1, tu, mu
        VROR_VV(8, 16, 17, 0)
        la a1, vres; vs1r.v v8, (a1)
        ld a0, 0(a1); EXPECT(a0, 0x4a15341276413000)
        ld a0, 8(a1); EXPECT(a0, 0xf2bd817e1ee90ff0)

        /* vror.vx v8, v16, a2 e16 m1 vl=8 */
        TESTCASE(26)
        RESET_DEST
        li a2, 0x1c
        li t1, 8; vsetvli zero, t1, e16, m1, tu, mu
        VROR_VX(8, 16, 12, 1)
        la a1, vres; vs1r.v v8, (a1)
        ld a0, 0(a1); EXPECT(a0, 0x8567412300ff0018)
        ld a0, 8(a1); EXPECT(a0, 0x33cce817aa55f00f)

        /* vror.vi v8, v16, 4 e16 m1 vl=8 */
        TESTCASE(27)
        RESET_DEST
        li t1, 8; vsetvli zero, t1, e16, m1, tu, mu
        VROR_VI(8, 16, 4, 1)
        la a1, vres; vs1r.v v8, (a1)
        ld a0, 0(a1); EXPECT(a0, 0x67852341ff001800)
        ld a0, 8(a1); EXPECT(a0, 0xcc3317e855aa0ff0)

        /* vror.vi v8, v16, 60 e16 m1 vl=8 (60 & 15 = 12) */
        TESTCASE(28)
        RESET_DEST
        li t1, 8; vsetvli zero, t1, e16, m1, tu, mu
        VROR_VI(8, 16, 60, 1)
        la a1, vres; vs1r.v v8, (a1)
        ld a0, 0(a1); EXPECT(a0, 0x8567412300ff0018)
        ld a0, 8(a1); EXPECT(a0, 0x33cce817aa55f00f)

        /* --- SEW 32 ----------------------------------------------------- */
        /* vandn.vv v8, v16, v17 e32 m1 vl=4 */
        TESTCASE(29)
        RESET_DEST
        li t1, 4; vsetvli zero, t1, e32, m1, tu, mu
        VANDN_VV(8, 16, 17, 1)
        la a1, vres; vs1r.v v8, (a1)
        ld a0, 0(a1); EXPECT(a0, 0x48542412000f8000)
        ld a0, 8(a1); EXPECT(a0, 0x401466010881aa00)

        /* vandn.vx v8, v16, a2, v0.t e32 m1 vl=4 */
        TESTCASE(30)
        RESET_DEST
        li a2, 0xffffffff80000001
        li t1, 4; vsetvli zero, t1, e32, m1, tu, mu
        VANDN_VX(8, 16, 12, 0)
        la a1, vres; vs1r.v v8, (a1)
        ld a0, 0(a1); EXPECT(a0, 0x4a15e0ab700f8000)
        ld a0, 8(a1); EXPECT(a0, 0xf2bd88535aa5ff00)

        /* vbrev.v v8, v16 e32 m1 vl=4 */
        TESTCASE(31)
        RESET_DEST
        li t1, 4; vsetvli zero, t1, e32, m1, tu, mu
        VBREV_V(8, 16, 1)
        la a1, vres; vs1r.v v8, (a1)
        ld a0, 0(a1); EXPECT(a0, 0x482c6a1e8001f00f)
        ld a0, 8(a1); EXPECT(a0, 0x817e3cc300ffa55a)

        /* vbrev8.v v8, v16, v0.t e32 m1 vl=4 */
        TESTCASE(32)
        RESET_DEST
        li t1, 4; vsetvli zero, t1, e32, m1, tu, mu
        VBREV8_V(8, 16, 0)
        la a1, vres; vs1r.v v8, (a1)
        ld a0, 0(a1); EXPECT(a0, 0x4a15e0ab0ff00180)
        ld a0, 8(a1); EXPECT(a0, 0xf2bd88535aa5ff00)

        /* vrev8.v v8, v16 e32 m1 vl=4 */
        TESTCASE(33)
        RESET_DEST
        li t1, 4; vsetvli zero, t1, e32, m1, tu, mu
        VREV8_V(8, 16, 1)
        la a1, vres; vs1r.v v8, (a1)
        ld a0, 0(a1); EXPECT(a0, 0x1234567801800ff0)
        ld a0, 8(a1); EXPECT(a0, 0x817e3cc300ffa55a)

        /* vclz.v v8, v19, v0.t e32 m1 vl=4 */
        TESTCASE(34)
        RESET_DEST
        li t1, 4; vsetvli zero, t1, e32, m1, tu, mu
        VCLZ_V(8, 19, 0)
        la a1, vres; vs1r.v v8, (a1)
        ld a0, 0(a1); EXPECT(a0, 0x4a15e0ab00000020)
        ld a0, 8(a1); EXPECT(a0, 0xf2bd885300000017)

        /* vctz.v v8, v19, v0.t e32 m1 vl=4 */
        TESTCASE(35)
        RESET_DEST
        li t1, 4; vsetvli zero, t1, e32, m1, tu, mu
        VCTZ_V(8, 19, 0)
        la a1, vres; vs1r.v v8, (a1)
        ld a0, 0(a1); EXPECT(a0, 0x4a15e0ab00000020)
        ld a0, 8(a1); EXPECT(a0, 0xf2bd885300000008)

        /* vcpop.v v8, v16 e32 m1 vl=4 */
        TESTCASE(36)
        RESET_DEST
        li t1, 4; vsetvli zero, t1, e32, m1, tu, mu
        VCPOP_V(8, 16, 1)
        la a1, vres; vs1r.v v8, (a1)
        ld a0, 0(a1); EXPECT(a0, 0xd0000000a)
        ld a0, 8(a1); EXPECT(a0, 0x1000000010)

        /* vrol.vv v8, v16, v18, v0.t e32 m1 vl=4 */
        TESTCASE(37)
        RESET_DEST
        li t1, 4; vsetvli zero, t1, e32, m1, tu, mu
        VROL_VV(8, 16, 18, 0)
        la a1, vres; vs1r.v v8, (a1)
        ld a0, 0(a1); EXPECT(a0, 0x4a15e0ab07c000f8)
        ld a0, 8(a1); EXPECT(a0, 0xf2bd885354bfe00b)

        /* vrol.vx v8, v16, a2 e32 m1 vl=4 */
        TESTCASE(38)
        RESET_DEST
        li a2, 0x3f
        li t1, 4; vsetvli zero, t1, e32, m1, tu, mu
        VROL_VX(8, 16, 12, 1)
        la a1, vres; vs1r.v v8, (a1)
        ld a0, 0(a1); EXPECT(a0, 0x3c2b1a09f807c000)
        ld a0, 8(a1); EXPECT(a0, 0xe19e3f402d52ff80)

        /* vror.vv v8, v16, v18, v0.t e32 m1 vl=4 */
        TESTCASE(39)
        RESET_DEST
        li t1, 4; vsetvli zero, t1, e32, m1, tu, mu
        VROR_VV(8, 16, 18, 0)
        la a1, vres; vs1r.v v8, (a1)
        ld a0, 0(a1); EXPECT(a0, 0x4a15e0ab03e01f00)
        ld a0, 8(a1); EXPECT(a0, 0xf2bd885302d52ff8)

        /* vror.vx v8, v16, a2 e32 m1 vl=3 */
        TESTCASE(40)
        RESET_DEST
        li a2, 0x28
        li t1, 3; vsetvli zero, t1, e32, m1, tu, mu
        VROR_VX(8, 16, 12, 1)
        la a1, vres; vs1r.v v8, (a1)
        ld a0, 0(a1); EXPECT(a0, 0x1278563401f00f80)
        ld a0, 8(a1); EXPECT(a0, 0xf2bd8853005aa5ff)

        /* vror.vi v8, v16, 33 e32 m1 vl=4 (33 & 31 = 1) */
        TESTCASE(41)
        RESET_DEST
        li t1, 4; vsetvli zero, t1, e32, m1, tu, mu
        VROR_VI(8, 16, 33, 1)
        la a1, vres; vs1r.v v8, (a1)
        ld a0, 0(a1); EXPECT(a0, 0x3c2b1a09f807c000)
        ld a0, 8(a1); EXPECT(a0, 0xe19e3f402d52ff80)

        /* vror.vi v8, v16, 31 e32 m1 vl=4 */
        TESTCASE(42)
        RESET_DEST
        li t1, 4; vsetvli zero, t1, e32, m1, tu, mu
        VROR_VI(8, 16, 31, 1)
        la a1, vres; vs1r.v v8, (a1)
        ld a0, 0(a1); EXPECT(a0, 0xf0ac6824e01f0003)
        ld a0, 8(a1); EXPECT(a0, 0x8678fd03b54bfe00)

        /* --- SEW 64 ----------------------------------------------------- */
        /* vandn.vv v8, v16, v17 e64 m1 vl=2 */
        TESTCASE(43)
        RESET_DEST
        li t1, 2; vsetvli zero, t1, e64, m1, tu, mu
        VANDN_VV(8, 16, 17, 1)
        la a1, vres; vs1r.v v8, (a1)
        ld a0, 0(a1); EXPECT(a0, 0x48542412000f8000)
        ld a0, 8(a1); EXPECT(a0, 0x401466010881aa00)

        /* vandn.vx v8, v16, a2, v0.t e64 m1 vl=2 */
        TESTCASE(44)
        RESET_DEST
        li a2, 0xff00ff00ff00ff
        li t1, 2; vsetvli zero, t1, e64, m1, tu, mu
        VANDN_VX(8, 16, 12, 0)
        la a1, vres; vs1r.v v8, (a1)
        ld a0, 0(a1); EXPECT(a0, 0x78003400f0008000)
        ld a0, 8(a1); EXPECT(a0, 0xf2bd88531ee9b47f)

        /* vbrev.v v8, v16 e64 m1 vl=2 */
        TESTCASE(45)
        RESET_DEST
        li t1, 2; vsetvli zero, t1, e64, m1, tu, mu
        VBREV_V(8, 16, 1)
        la a1, vres; vs1r.v v8, (a1)
        ld a0, 0(a1); EXPECT(a0, 0x8001f00f482c6a1e)
        ld a0, 8(a1); EXPECT(a0, 0xffa55a817e3cc3)

        /* vbrev8.v v8, v16 e64 m1 vl=2 */
        TESTCASE(46)
        RESET_DEST
        li t1, 2; vsetvli zero, t1, e64, m1, tu, mu
        VBREV8_V(8, 16, 1)
        la a1, vres; vs1r.v v8, (a1)
        ld a0, 0(a1); EXPECT(a0, 0x1e6a2c480ff00180)
        ld a0, 8(a1); EXPECT(a0, 0xc33c7e815aa5ff00)

        /* vrev8.v v8, v16 e64 m1 vl=2 */
        TESTCASE(47)
        RESET_DEST
        li t1, 2; vsetvli zero, t1, e64, m1, tu, mu
        VREV8_V(8, 16, 1)
        la a1, vres; vs1r.v v8, (a1)
        ld a0, 0(a1); EXPECT(a0, 0x1800ff012345678)
        ld a0, 8(a1); EXPECT(a0, 0xffa55a817e3cc3)

        /* vclz.v v8, v19 e64 m1 vl=2 */
        TESTCASE(48)
        RESET_DEST
        li t1, 2; vsetvli zero, t1, e64, m1, tu, mu
        VCLZ_V(8, 19, 1)
        la a1, vres; vs1r.v v8, (a1)
        ld a0, 0(a1); EXPECT(a0, 0x40)
        ld a0, 8(a1); EXPECT(a0, 0x10)

        /* vclz.v v8, v16, v0.t e64 m1 vl=2 */
        TESTCASE(49)
        RESET_DEST
        li t1, 2; vsetvli zero, t1, e64, m1, tu, mu
        VCLZ_V(8, 16, 0)
        la a1, vres; vs1r.v v8, (a1)
        ld a0, 0(a1); EXPECT(a0, 0x1)
        ld a0, 8(a1); EXPECT(a0, 0xf2bd88531ee9b47f)

        /* vctz.v v8, v19 e64 m1 vl=2 */
        TESTCASE(50)
        RESET_DEST
        li t1, 2; vsetvli zero, t1, e64, m1, tu, mu
        VCTZ_V(8, 19, 1)
        la a1, vres; vs1r.v v8, (a1)
        ld a0, 0(a1); EXPECT(a0, 0x40)
        ld a0, 8(a1); EXPECT(a0, 0x8)

        /* vcpop.v v8, v16 e64 m1 vl=2 */
        TESTCASE(51)
        RESET_DEST
        li t1, 2; vsetvli zero, t1, e64, m1, tu, mu
        VCPOP_V(8, 16, 1)
        la a1, vres; vs1r.v v8, (a1)
        ld a0, 0(a1); EXPECT(a0, 0x17)
        ld a0, 8(a1); EXPECT(a0, 0x20)

        /* vcpop.v v8, v18, v0.t e64 m1 vl=2 */
        TESTCASE(52)
        RESET_DEST
        li t1, 2; vsetvli zero, t1, e64, m1, tu, mu
        VCPOP_V(8, 18, 0)
        la a1, vres; vs1r.v v8, (a1)
        ld a0, 0(a1); EXPECT(a0, 0x23)
        ld a0, 8(a1); EXPECT(a0, 0xf2bd88531ee9b47f)

        /* vrol.vv v8, v16, v18 e64 m1 vl=2 */
        TESTCASE(53)
        RESET_DEST
        li t1, 2; vsetvli zero, t1, e64, m1, tu, mu
        VROL_VV(8, 16, 18, 1)
        la a1, vres; vs1r.v v8, (a1)
        ld a0, 0(a1); EXPECT(a0, 0x2b1a097807c000bc)
        ld a0, 8(a1); EXPECT(a0, 0x54bfe018678fd02b)

        /* vrol.vx v8, v16, a2, v0.t e64 m1 vl=2 */
        TESTCASE(54)
        RESET_DEST
        li a2, 0x7f
        li t1, 2; vsetvli zero, t1, e64, m1, tu, mu
        VROL_VX(8, 16, 12, 0)
        la a1, vres; vs1r.v v8, (a1)
        ld a0, 0(a1); EXPECT(a0, 0xbc2b1a097807c000)
        ld a0, 8(a1); EXPECT(a0, 0xf2bd88531ee9b47f)

        /* vror.vv v8, v16, v18, v0.t e64 m1 vl=2 */
        TESTCASE(55)
        RESET_DEST
        li t1, 2; vsetvli zero, t1, e64, m1, tu, mu
        VROR_VV(8, 16, 18, 0)
        la a1, vres; vs1r.v v8, (a1)
        ld a0, 0(a1); EXPECT(a0, 0x2f0ac6825e01f00)
        ld a0, 8(a1); EXPECT(a0, 0xf2bd88531ee9b47f)

        /* vror.vx v8, v16, a2 e64 m1 vl=2 */
        TESTCASE(56)
        RESET_DEST
        li a2, 0x20
        li t1, 2; vsetvli zero, t1, e64, m1, tu, mu
        VROR_VX(8, 16, 12, 1)
        la a1, vres; vs1r.v v8, (a1)
        ld a0, 0(a1); EXPECT(a0, 0xf00f800178563412)
        ld a0, 8(a1); EXPECT(a0, 0x5aa5ff00c33c7e81)

        /* vror.vi v8, v16, 40 e64 m1 vl=2 (imm[5] set) */
        TESTCASE(57)
        RESET_DEST
        li t1, 2; vsetvli zero, t1, e64, m1, tu, mu
        VROR_VI(8, 16, 40, 1)
        la a1, vres; vs1r.v v8, (a1)
        ld a0, 0(a1); EXPECT(a0, 0x12f00f8001785634)
        ld a0, 8(a1); EXPECT(a0, 0x815aa5ff00c33c7e)

        /* vror.vi v8, v16, 63 e64 m1 vl=2 */
        TESTCASE(58)
        RESET_DEST
        li t1, 2; vsetvli zero, t1, e64, m1, tu, mu
        VROR_VI(8, 16, 63, 1)
        la a1, vres; vs1r.v v8, (a1)
        ld a0, 0(a1); EXPECT(a0, 0xf0ac6825e01f0002)
        ld a0, 8(a1); EXPECT(a0, 0x8678fd02b54bfe01)

        /* vror.vi v8, v16, 1 e64 m1 vl=1 */
        TESTCASE(59)
        RESET_DEST
        li t1, 1; vsetvli zero, t1, e64, m1, tu, mu
        VROR_VI(8, 16, 1, 1)
        la a1, vres; vs1r.v v8, (a1)
        ld a0, 0(a1); EXPECT(a0, 0xbc2b1a097807c000)
        ld a0, 8(a1); EXPECT(a0, 0xf2bd88531ee9b47f)

        /* --- vstart, LMUL != 1 ----------------------------------------- */
        /* vcpop.v v8, v16 e8 m1 vl=16 vstart=3 */
        TESTCASE(60)
        RESET_DEST
        li t1, 16; vsetvli zero, t1, e8, m1, tu, mu
        li t1, 3; csrw vstart, t1
        VCPOP_V(8, 16, 1)
        csrr a0, vstart; EXPECT(a0, 0)
        la a1, vres; vs1r.v v8, (a1)
        ld a0, 0(a1); EXPECT(a0, 0x404030204410cd7)
        ld a0, 8(a1); EXPECT(a0, 0x404060204040800)

        /* vror.vi v8, v16, 16, v0.t e32 m1 vl=4 vstart=1 */
        TESTCASE(61)
        RESET_DEST
        li t1, 4; vsetvli zero, t1, e32, m1, tu, mu
        li t1, 1; csrw vstart, t1
        VROR_VI(8, 16, 16, 0)
        csrr a0, vstart; EXPECT(a0, 0)
        la a1, vres; vs1r.v v8, (a1)
        ld a0, 0(a1); EXPECT(a0, 0x4a15e0ab76410cd7)
        ld a0, 8(a1); EXPECT(a0, 0xf2bd8853ff005aa5)

        /* vclz.v v8, v16 e32 m2 vl=7 */
        TESTCASE(62)
        RESET_DEST
        li t1, 7; vsetvli zero, t1, e32, m2, tu, mu
        VCLZ_V(8, 16, 1)
        la a1, vres; vs2r.v v8, (a1)
        ld a0, 0(a1); EXPECT(a0, 0x100000000)
        ld a0, 8(a1); EXPECT(a0, 0x1)
        ld a0, 16(a1); EXPECT(a0, 0x200000000)
        ld a0, 24(a1); EXPECT(a0, 0x430cd9a200000001)

        /* vandn.vv v8, v16, v17 e16 mf2 vl=3 */
        TESTCASE(63)
        RESET_DEST
        li t1, 3; vsetvli zero, t1, e16, mf2, tu, mu
        VANDN_VV(8, 16, 17, 1)
        la a1, vres; vs1r.v v8, (a1)
        ld a0, 0(a1); EXPECT(a0, 0x4a152412000f8000)
        ld a0, 8(a1); EXPECT(a0, 0xf2bd88531ee9b47f)

        /* vrol.vx v8, v16, a2 e8 m4 vl=60 */
        TESTCASE(64)
        RESET_DEST
        li a2, 0x6
        li t1, 60; vsetvli zero, t1, e8, m4, tu, mu
        VROL_VX(8, 16, 12, 1)
        la a1, vres; vs4r.v v8, (a1)
        ld a0, 0(a1); EXPECT(a0, 0x1e950d843cc32040)
        ld a0, 8(a1); EXPECT(a0, 0xf00f9f609669ff00)
        ld a0, 16(a1); EXPECT(a0, 0xcc884400ff3cc3c0)
        ld a0, 24(a1); EXPECT(a0, 0xeeaa6622dd995511)
        ld a0, 32(a1); EXPECT(a0, 0x200000c7fffffff1)
        ld a0, 40(a1); EXPECT(a0, 0x4000000049)
        ld a0, 48(a1); EXPECT(a0, 0x0)
        ld a0, 56(a1); EXPECT(a0, 0xe1ae7b4000004000)

        /* vctz.v v8, v16, v0.t e64 m4 vl=7 */
        TESTCASE(65)
        RESET_DEST
        li t1, 7; vsetvli zero, t1, e64, m4, tu, mu
        VCTZ_V(8, 16, 0)
        la a1, vres; vs4r.v v8, (a1)
        ld a0, 0(a1); EXPECT(a0, 0x0)
        ld a0, 8(a1); EXPECT(a0, 0xf2bd88531ee9b47f)
        ld a0, 16(a1); EXPECT(a0, 0x0)
        ld a0, 24(a1); EXPECT(a0, 0x430cd9a26f3805ce)
        ld a0, 32(a1); EXPECT(a0, 0x0)
        ld a0, 40(a1); EXPECT(a0, 0x905f2af1bc8b561d)
        ld a0, 48(a1); EXPECT(a0, 0x40)
        ld a0, 56(a1); EXPECT(a0, 0xe1ae7b400ddaa76c)

        /* --- vwsll: 2*SEW destination ------------------------------------ */
        /* vwsll.vv v8, v16, v17 e8 m1 vl=16 */
        TESTCASE(66)
        RESET_DEST
        li t1, 16; vsetvli zero, t1, e8, m1, tu, mu
        VWSLL_VV(8, 16, 17, 1)
        la a1, vres; vs2r.v v8, (a1)
        ld a0, 0(a1); EXPECT(a0, 0xf00000008)
        ld a0, 8(a1); EXPECT(a0, 0x3c0015800680012)
        ld a0, 16(a1); EXPECT(a0, 0x2d0029401fe00000)
        ld a0, 24(a1); EXPECT(a0, 0x1800f000fc008100)

        /* vwsll.vx v8, v16, a2, v0.t e8 m1 vl=13 */
        TESTCASE(67)
        RESET_DEST
        li a2, 0xb
        li t1, 13; vsetvli zero, t1, e8, m1, tu, mu
        VWSLL_VX(8, 16, 12, 0)
        la a1, vres; vs2r.v v8, (a1)
        ld a0, 0(a1); EXPECT(a0, 0x4a15780076410800)
        ld a0, 8(a1); EXPECT(a0, 0xf2bdb0001ee99000)
        ld a0, 16(a1); EXPECT(a0, 0xd00031faf8005d26)
        ld a0, 24(a1); EXPECT(a0, 0x430cd9a26f3805ce)

        /* vwsll.vi v8, v16, 9 e8 mf2 vl=5 */
        TESTCASE(68)
        RESET_DEST
        li t1, 5; vsetvli zero, t1, e8, mf2, tu, mu
        VWSLL_VI(8, 16, 9, 1)
        la a1, vres; vs1r.v v8, (a1)
        ld a0, 0(a1); EXPECT(a0, 0xe0001e0000000200)
        ld a0, 8(a1); EXPECT(a0, 0xf2bd88531ee92400)

        /* vwsll.vv v8, v16, v18, v0.t e16 m1 vl=8 */
        TESTCASE(69)
        RESET_DEST
        li t1, 8; vsetvli zero, t1, e16, m1, tu, mu
        VWSLL_VV(8, 16, 18, 0)
        la a1, vres; vs2r.v v8, (a1)
        ld a0, 0(a1); EXPECT(a0, 0x4a15e0ab00400080)
        ld a0, 8(a1); EXPECT(a0, 0xf2bd885300000000)
        ld a0, 16(a1); EXPECT(a0, 0x9b6431fa001fe000)
        ld a0, 24(a1); EXPECT(a0, 0x430cd9a20000fd02)

        /* vwsll.vx v8, v16, a2 e16 m1 vl=8 */
        TESTCASE(70)
        RESET_DEST
        li a2, 0x1f
        li t1, 8; vsetvli zero, t1, e16, m1, tu, mu
        VWSLL_VX(8, 16, 12, 1)
        la a1, vres; vs2r.v v8, (a1)
        ld a0, 0(a1); EXPECT(a0, 0x8000000080000000)
        ld a0, 8(a1); EXPECT(a0, 0x0)
        ld a0, 16(a1); EXPECT(a0, 0x8000000000000000)
        ld a0, 24(a1); EXPECT(a0, 0x80000000)

        /* vwsll.vi v8, v16, 17 e16 m2 vl=11 */
        TESTCASE(71)
        RESET_DEST
        li t1, 11; vsetvli zero, t1, e16, m2, tu, mu
        VWSLL_VI(8, 16, 17, 1)
        la a1, vres; vs4r.v v8, (a1)
        ld a0, 0(a1); EXPECT(a0, 0xe01e000000020000)
        ld a0, 8(a1); EXPECT(a0, 0xf0ac000068240000)
        ld a0, 16(a1); EXPECT(a0, 0xb54a0000fe000000)
        ld a0, 24(a1); EXPECT(a0, 0x86780000fd020000)
        ld a0, 32(a1); EXPECT(a0, 0xffe000001e060000)
        ld a0, 40(a1); EXPECT(a0, 0x905f2af122000000)
        ld a0, 48(a1); EXPECT(a0, 0x3906d3986532ffc4)
        ld a0, 56(a1); EXPECT(a0, 0xe1ae7b400ddaa76c)

        /* vwsll.vv v8, v16, v18 e32 m1 vl=4 */
        TESTCASE(72)
        RESET_DEST
        li t1, 4; vsetvli zero, t1, e32, m1, tu, mu
        VWSLL_VV(8, 16, 18, 1)
        la a1, vres; vs2r.v v8, (a1)
        ld a0, 0(a1); EXPECT(a0, 0x7807c00080)
        ld a0, 8(a1); EXPECT(a0, 0x3c2b1a0900000000)
        ld a0, 16(a1); EXPECT(a0, 0x54bfe00000000000)
        ld a0, 24(a1); EXPECT(a0, 0x18678fd02)

        /* vwsll.vx v8, v16, a2, v0.t e32 m1 vl=4 */
        TESTCASE(73)
        RESET_DEST
        li a2, 0x3f
        li t1, 4; vsetvli zero, t1, e32, m1, tu, mu
        VWSLL_VX(8, 16, 12, 0)
        la a1, vres; vs2r.v v8, (a1)
        ld a0, 0(a1); EXPECT(a0, 0x8000000000000000)
        ld a0, 8(a1); EXPECT(a0, 0xf2bd88531ee9b47f)
        ld a0, 16(a1); EXPECT(a0, 0x0)
        ld a0, 24(a1); EXPECT(a0, 0x430cd9a26f3805ce)

        /* vwsll.vi v8, v16, 31 e32 m1 vl=3 */
        TESTCASE(74)
        RESET_DEST
        li t1, 3; vsetvli zero, t1, e32, m1, tu, mu
        VWSLL_VI(8, 16, 31, 1)
        la a1, vres; vs2r.v v8, (a1)
        ld a0, 0(a1); EXPECT(a0, 0x7807c00080000000)
        ld a0, 8(a1); EXPECT(a0, 0x3c2b1a0900000000)
        ld a0, 16(a1); EXPECT(a0, 0x2d52ff8000000000)
        ld a0, 24(a1); EXPECT(a0, 0x430cd9a26f3805ce)

        /* vwsll.vi v8, v16, 20 e32 mf2 vl=2 */
        TESTCASE(75)
        RESET_DEST
        li t1, 2; vsetvli zero, t1, e32, mf2, tu, mu
        VWSLL_VI(8, 16, 20, 1)
        la a1, vres; vs1r.v v8, (a1)
        ld a0, 0(a1); EXPECT(a0, 0xf00f800100000)
        ld a0, 8(a1); EXPECT(a0, 0x7856341200000)

        /* --- register overlap allowed for vwsll (5.2) --------------------- */
        /* vwsll.vx v8, v9, a2 e8 m1 vl=16: vs2 is the high half of vd's group */
        TESTCASE(76)
        RESET_DEST
        vmv1r.v v9, v16
        li a2, 3
        li t1, 16; vsetvli zero, t1, e8, m1, tu, mu
        VWSLL_VX(8, 9, 12, 1)
        la a1, vres; vs2r.v v8, (a1)
        ld a0, 0(a1); EXPECT(a0, 0x780007804000008)
        ld a0, 8(a1); EXPECT(a0, 0x3c002b001a00090)
        ld a0, 16(a1); EXPECT(a0, 0x2d0052807f80000)
        ld a0, 24(a1); EXPECT(a0, 0x61801e003f00408)

        /* vwsll.vv v8, v16, v9 e8 m1 vl=16: vs1 is the high half */
        TESTCASE(77)
        RESET_DEST
        vmv1r.v v9, v17
        li t1, 16; vsetvli zero, t1, e8, m1, tu, mu
        VWSLL_VV(8, 16, 9, 1)
        la a1, vres; vs2r.v v8, (a1)
        ld a0, 0(a1); EXPECT(a0, 0xf00000008)
        ld a0, 8(a1); EXPECT(a0, 0x3c0015800680012)
        ld a0, 16(a1); EXPECT(a0, 0x2d0029401fe00000)
        ld a0, 24(a1); EXPECT(a0, 0x1800f000fc008100)

        /* vl = 0: nothing written */
        TESTCASE(78)
        RESET_DEST
        vsetivli zero, 0, e8, m1, tu, mu
        VANDN_VV(8, 16, 17, 1)
        VCLZ_V(8, 16, 1)
        VWSLL_VI(8, 16, 1, 1)
        la a1, vres; vs2r.v v8, (a1)
        ld a0, 0(a1); EXPECT(a0, 0x4a15e0ab76410cd7)
        ld a0, 8(a1); EXPECT(a0, 0xf2bd88531ee9b47f)
        ld a0, 16(a1); EXPECT(a0, 0x9b6431fac7905d26)
        ld a0, 24(a1); EXPECT(a0, 0x430cd9a26f3805ce)

        /* --- illegal encodings ------------------------------------------- */
        INSTALL_TRAP
#define ILLEGAL(n, sew, lmul, insn) \
        TESTCASE(n); li t1, 4; vsetvli zero, t1, sew, lmul, tu, mu; \
        ARM_TRAP; insn; EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)
        ILLEGAL(79, e64, m1, VWSLL_VV(8, 16, 17, 1))    /* vwsll: 2*SEW = 128 > ELEN */
        ILLEGAL(80, e64, m1, VWSLL_VI(8, 16, 3, 1))
        ILLEGAL(81, e64, m1, VWSLL_VX(8, 16, 12, 0))
        ILLEGAL(82, e8, m1, VWSLL_VX(8, 8, 12, 1))      /* vs2 in the low half of vd */
        ILLEGAL(83, e8, m1, VWSLL_VV(8, 16, 8, 1))      /* vs1 in the low half of vd */
        ILLEGAL(84, e8, mf2, VWSLL_VI(8, 8, 1, 1))      /* fractional source overlapping vd */
        ILLEGAL(85, e8, m1, VWSLL_VI(9, 16, 1, 1))      /* vd not aligned to EMUL 2 */
        ILLEGAL(86, e8, m8, VWSLL_VX(8, 16, 12, 1))     /* EMUL 16 */
        ILLEGAL(87, e8, m4, VWSLL_VV(8, 18, 20, 1))     /* vs2 not aligned to LMUL 4 */
        ILLEGAL(88, e8, m1, VWSLL_VX(0, 16, 12, 0))     /* masked, vd = v0 */
        ILLEGAL(89, e8, m1, VANDN_VV(0, 16, 17, 0))     /* masked, vd = v0 */
        ILLEGAL(90, e16, m1, VCLZ_V(0, 16, 0))
        ILLEGAL(91, e32, m1, VROR_VI(0, 16, 35, 0))
        ILLEGAL(92, e32, m2, VROR_VI(9, 16, 1, 1))      /* vd not aligned to LMUL 2 */
        ILLEGAL(93, e16, m2, VCPOP_V(8, 17, 1))         /* vs2 not aligned */
        ILLEGAL(94, e8, m4, VROL_VV(8, 16, 18, 1))      /* vs1 not aligned to LMUL 4 */
        ILLEGAL(95, e8, m1, VXUNARY0(11, 8, 16, 1))     /* reserved vs1 values */
        ILLEGAL(96, e8, m1, VXUNARY0(15, 8, 16, 1))
        ILLEGAL(97, e8, m1, VXUNARY0(1, 8, 16, 1))
        /* vtype.vill set: illegal */
        TESTCASE(98)
        li t2, 4; vsetvl zero, zero, t2          /* reserved LMUL: vill */
        csrr a0, vtype; srli a0, a0, 63; EXPECT(a0, 1)
        ARM_TRAP; VBREV8_V(8, 16, 1); EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)
        ARM_TRAP; VANDN_VX(8, 16, 12, 1); EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)
        /* the legal forms beside them do not trap; VXUNARY0's V forms are
         * still V's */
        TESTCASE(99)
        li t1, 4; vsetvli zero, t1, e8, m1, tu, mu
        ARM_TRAP; VWSLL_VX(8, 9, 12, 1); EXPECT_NO_TRAP   /* vs2 in vd's high half */
        ARM_TRAP; VXUNARY0(7, 8, 16, 1); EXPECT_CAUSE(CAUSE_ILLEGAL_INSN) /* vsext.vf2 at SEW 8 */
        li t1, 4; vsetvli zero, t1, e16, m1, tu, mu
        ARM_TRAP
        VXUNARY0(6, 8, 16, 1)                   /* vzext.vf2 */
        VCPOP_V(8, 16, 1)
        EXPECT_NO_TRAP
ISA_END

        .data
        .align 4
vres: .zero 128
/* the four sources, loaded into v16..v19 */
srcA: .byte 0x01,0x80,0x0f,0xf0,0x12,0x34,0x56,0x78,0x00,0xff,0xa5,0x5a,0x81,0x7e,0x3c,0xc3
srcB: .byte 0x03,0x0f,0xf0,0xff,0x00,0x11,0x22,0x33,0x44,0x55,0x66,0x77,0x88,0x99,0xaa,0xbb
srcR: .byte 0xc7,0xff,0xff,0xff,0x1f,0x00,0x00,0x80,0x25,0x00,0x00,0x00,0x01,0x00,0x00,0x00
srcZ: .byte 0x00,0x00,0x00,0x00,0x00,0x00,0x00,0x00,0x00,0x01,0x00,0x00,0x00,0x80,0x00,0x00
mask: .byte 0x55,0xaa,0x0f,0xf0,0x00,0x00,0x00,0x00,0x00,0x00,0x00,0x00,0x00,0x00,0x00,0x00
/* the old contents of v8..v15 */
dest:
        .byte 0xd7,0x0c,0x41,0x76,0xab,0xe0,0x15,0x4a,0x7f,0xb4,0xe9,0x1e,0x53,0x88,0xbd,0xf2
        .byte 0x26,0x5d,0x90,0xc7,0xfa,0x31,0x64,0x9b,0xce,0x05,0x38,0x6f,0xa2,0xd9,0x0c,0x43
        .byte 0x75,0xae,0xe3,0x14,0x49,0x82,0xb7,0xe8,0x1d,0x56,0x8b,0xbc,0xf1,0x2a,0x5f,0x90
        .byte 0xc4,0xff,0x32,0x65,0x98,0xd3,0x06,0x39,0x6c,0xa7,0xda,0x0d,0x40,0x7b,0xae,0xe1
        .byte 0x13,0x48,0x85,0xb2,0xef,0x24,0x51,0x8e,0xbb,0xf0,0x2d,0x5a,0x97,0xcc,0xf9,0x36
        .byte 0x62,0x99,0xd4,0x03,0x3e,0x75,0xa0,0xdf,0x0a,0x41,0x7c,0xab,0xe6,0x1d,0x48,0x87
        .byte 0xb1,0xea,0x27,0x50,0x8d,0xc6,0xf3,0x2c,0x59,0x92,0xcf,0xf8,0x35,0x6e,0x9b,0xd4
        .byte 0x00,0x3b,0x76,0xa1,0xdc,0x17,0x42,0x7d,0xa8,0xe3,0x1e,0x49,0x84,0xbf,0xea,0x25
