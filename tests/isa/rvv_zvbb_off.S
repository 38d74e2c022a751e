/* V without Zvbb (`--cpu max,zvbb=off` on rvkvm; QEMU 7.2 has no Zvbb):
 * every Zvbb encoding raises an illegal-instruction exception (mtval =
 * the instruction bits), while V's instructions beside them still run:
 * vadd.vv, and vzext.vf2 of the VXUNARY0 row Zvbb's unary forms share. */
#include "isa.h"
.option arch, +v

/* OP-V words (binutils 2.40 has no Zvbb mnemonics): vm = 1 unmasked. */
#define OPV(f6, vm, vs2, vs1, f3, vd) \
        (((f6) << 26) | ((vm) << 25) | ((vs2) << 20) | ((vs1) << 15) | ((f3) << 12) | ((vd) << 7) | 0x57)
/* ILLEGAL(n, bits): the instruction's encoding traps as illegal. */
#define ILLEGAL(n, insn_bits) \
        TESTCASE(n); ARM_TRAP; .word insn_bits; EXPECT_TRAP(CAUSE_ILLEGAL_INSN, insn_bits)

ISA_BEGIN
        INSTALL_TRAP
        li t0, 0x200; csrs mstatus, t0   /* mstatus.VS = Initial */
        la a1, src; vl2re8.v v16, (a1)   /* v16, v17 */
        li t1, 16; vsetvli zero, t1, e8, m1, tu, mu
        li a2, 5

        /* V itself: vadd.vv v8, v16, v17 */
        TESTCASE(1)
        ARM_TRAP
        vadd.vv v8, v16, v17
        EXPECT_NO_TRAP
        la a1, vres; vs1r.v v8, (a1)
        ld a0, 0(a1); EXPECT(a0, 0x0f0d0b0907050301)
        ld a0, 8(a1); EXPECT(a0, 0x1f1d1b1917151311)

        ILLEGAL(2, OPV(0x01, 1, 16, 17, 0, 8))   /* vandn.vv v8, v16, v17 */
        ILLEGAL(3, OPV(0x01, 0, 16, 12, 4, 8))   /* vandn.vx v8, v16, a2, v0.t */
        ILLEGAL(4, OPV(0x15, 1, 16, 17, 0, 8))   /* vrol.vv v8, v16, v17 */
        ILLEGAL(5, OPV(0x15, 1, 16, 12, 4, 8))   /* vrol.vx v8, v16, a2 */
        ILLEGAL(6, OPV(0x14, 1, 16, 17, 0, 8))   /* vror.vv v8, v16, v17 */
        ILLEGAL(7, OPV(0x14, 1, 16, 12, 4, 8))   /* vror.vx v8, v16, a2 */
        ILLEGAL(8, OPV(0x14, 1, 16, 3, 3, 8))    /* vror.vi v8, v16, 3 */
        ILLEGAL(9, OPV(0x15, 1, 16, 3, 3, 8))    /* vror.vi v8, v16, 35 */
        ILLEGAL(10, OPV(0x35, 1, 16, 17, 0, 8))  /* vwsll.vv v8, v16, v17 */
        ILLEGAL(11, OPV(0x35, 1, 16, 12, 4, 8))  /* vwsll.vx v8, v16, a2 */
        ILLEGAL(12, OPV(0x35, 1, 16, 2, 3, 8))   /* vwsll.vi v8, v16, 2 */
        ILLEGAL(13, OPV(0x12, 1, 16, 8, 2, 8))   /* vbrev8.v v8, v16 */
        ILLEGAL(14, OPV(0x12, 1, 16, 9, 2, 8))   /* vrev8.v v8, v16 */
        ILLEGAL(15, OPV(0x12, 1, 16, 10, 2, 8))  /* vbrev.v v8, v16 */
        ILLEGAL(16, OPV(0x12, 1, 16, 12, 2, 8))  /* vclz.v v8, v16 */
        ILLEGAL(17, OPV(0x12, 1, 16, 13, 2, 8))  /* vctz.v v8, v16 */
        ILLEGAL(18, OPV(0x12, 0, 16, 14, 2, 8))  /* vcpop.v v8, v16, v0.t */

        /* vzext.vf2 v8, v16 (e16): VXUNARY0 with vs1 = 00110 is V's */
        TESTCASE(19)
        li t1, 8; vsetvli zero, t1, e16, m1, tu, mu
        ARM_TRAP
        vzext.vf2 v8, v16
        EXPECT_NO_TRAP
        la a1, vres; vs1r.v v8, (a1)
        ld a0, 0(a1); EXPECT(a0, 0x0004000300020001)
        ld a0, 8(a1); EXPECT(a0, 0x0008000700060005)
ISA_END

        .data
        .align 4
vres: .zero 16
src:  .byte 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16
      .byte 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
