/* V 1.0 integer/fixed-point encodings that must raise illegal instruction:
 * misaligned register groups (3.4.2), EMUL > 8 and SEW 64 for widening
 * and narrowing, the overlaps 5.2 forbids, masked ops writing v0 (5.3),
 * reserved vm/vs2 values (vadc/vsbc, vmv.v.*), funct3/funct6 pairs that
 * are not instructions; plus the overlaps 5.2 allows, which must not trap. */
#include "isa.h"
.option arch, +v

ISA_BEGIN
        li t0, 0x200; csrs mstatus, t0   /* mstatus.VS = Initial */
        INSTALL_TRAP

        /* vd not aligned to LMUL 2 (3.4.2) */
        TESTCASE(1)
        li t1, 4; vsetvli zero, t1, e8, m2, tu, mu
        ARM_TRAP
        vadd.vv v9, v16, v24
        EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)

        /* vs2 not aligned to LMUL 2 */
        TESTCASE(2)
        li t1, 4; vsetvli zero, t1, e8, m2, tu, mu
        ARM_TRAP
        vadd.vv v8, v17, v24
        EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)

        /* vs1 not aligned to LMUL 4 */
        TESTCASE(3)
        li t1, 4; vsetvli zero, t1, e64, m4, tu, mu
        ARM_TRAP
        vand.vv v8, v16, v26
        EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)

        /* aligned LMUL 8 groups: legal */
        TESTCASE(4)
        li t1, 4; vsetvli zero, t1, e16, m8, tu, mu
        ARM_TRAP
        vadd.vi v8, v16, 1
        EXPECT_NO_TRAP

        /* masked with vd = v0 (5.3) */
        TESTCASE(5)
        li t1, 4; vsetvli zero, t1, e8, m1, tu, mu
        ARM_TRAP
        vadd.vv v0, v16, v24, v0.t
        EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)

        /* masked vmul with vd = v0 */
        TESTCASE(6)
        li t1, 4; vsetvli zero, t1, e8, m1, tu, mu
        ARM_TRAP
        vmul.vx v0, v16, a2, v0.t
        EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)

        /* widening at SEW 64 (11.2) */
        TESTCASE(7)
        li t1, 4; vsetvli zero, t1, e64, m1, tu, mu
        ARM_TRAP
        vwadd.vv v8, v16, v24
        EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)

        /* widening with EMUL 16 */
        TESTCASE(8)
        li t1, 4; vsetvli zero, t1, e8, m8, tu, mu
        ARM_TRAP
        vwaddu.vv v8, v16, v24
        EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)

        /* widening vd not aligned to 2*LMUL */
        TESTCASE(9)
        li t1, 4; vsetvli zero, t1, e8, m1, tu, mu
        ARM_TRAP
        vwaddu.vv v9, v16, v24
        EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)

        /* widening: vs2 in the low half of vd (5.2) */
        TESTCASE(10)
        li t1, 4; vsetvli zero, t1, e8, m1, tu, mu
        ARM_TRAP
        vwadd.vv v8, v8, v24
        EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)

        /* widening: vs1 in the low half of vd */
        TESTCASE(11)
        li t1, 4; vsetvli zero, t1, e8, m1, tu, mu
        ARM_TRAP
        vwadd.vv v8, v16, v8
        EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)

        /* widening: vs1 in the high half of vd: legal */
        TESTCASE(12)
        li t1, 4; vsetvli zero, t1, e8, m1, tu, mu
        ARM_TRAP
        vwadd.vv v8, v16, v9
        EXPECT_NO_TRAP

        /* widening at LMUL 1/2: any overlap is illegal (source EMUL < 1) */
        TESTCASE(13)
        li t1, 4; vsetvli zero, t1, e8, mf2, tu, mu
        ARM_TRAP
        vwadd.vv v8, v8, v24
        EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)

        /* vwadd.wv: vs2 (2*SEW) not aligned to 4 */
        TESTCASE(14)
        li t1, 4; vsetvli zero, t1, e16, m2, tu, mu
        ARM_TRAP
        vwadd.wv v8, v10, v24
        EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)

        /* masked widening with vd = v0 */
        TESTCASE(15)
        li t1, 4; vsetvli zero, t1, e32, m1, tu, mu
        ARM_TRAP
        vwmaccu.vx v0, a2, v16, v0.t
        EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)

        /* narrowing: vs2 (2*SEW) not aligned to 2 */
        TESTCASE(16)
        li t1, 4; vsetvli zero, t1, e16, m1, tu, mu
        ARM_TRAP
        vnsrl.wv v8, v17, v24
        EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)

        /* narrowing: vd in the high half of vs2 (5.2) */
        TESTCASE(17)
        li t1, 4; vsetvli zero, t1, e16, m1, tu, mu
        ARM_TRAP
        vnsrl.wi v9, v8, 1
        EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)

        /* narrowing: vd == vs2 (low half): legal */
        TESTCASE(18)
        li t1, 4; vsetvli zero, t1, e16, m1, tu, mu
        ARM_TRAP
        vnsrl.wi v8, v8, 1
        EXPECT_NO_TRAP

        /* narrowing at SEW 64 */
        TESTCASE(19)
        li t1, 4; vsetvli zero, t1, e64, m1, tu, mu
        ARM_TRAP
        vnsra.wi v8, v16, 1
        EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)

        /* narrowing with a source EMUL of 16 */
        TESTCASE(20)
        li t1, 4; vsetvli zero, t1, e8, m8, tu, mu
        ARM_TRAP
        vnclipu.wi v8, v16, 1
        EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)

        /* masked narrowing with vd = v0 */
        TESTCASE(21)
        li t1, 4; vsetvli zero, t1, e8, m1, tu, mu
        ARM_TRAP
        vnclip.wi v0, v16, 1, v0.t
        EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)

        /* vadc with vd = v0 (11.4) */
        TESTCASE(22)
        li t1, 4; vsetvli zero, t1, e8, m1, tu, mu
        ARM_TRAP
        vadc.vvm v0, v16, v24, v0
        EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)

        /* vadc with vm = 1 (reserved) */
        TESTCASE(23)
        li t1, 4; vsetvli zero, t1, e8, m1, tu, mu
        ARM_TRAP
        .word 0x430c0457
        EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)

        /* vsbc.vx with vm = 1 (reserved) */
        TESTCASE(24)
        li t1, 4; vsetvli zero, t1, e8, m1, tu, mu
        ARM_TRAP
        .word 0x4b0c4457
        EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)

        /* vmadc: vd == vs2 (mask destination, 5.2): legal */
        TESTCASE(25)
        li t1, 4; vsetvli zero, t1, e8, m1, tu, mu
        ARM_TRAP
        vmadc.vv v16, v16, v24
        EXPECT_NO_TRAP

        /* vmadc: vd inside the vs2 group but not its base */
        TESTCASE(26)
        li t1, 4; vsetvli zero, t1, e8, m2, tu, mu
        ARM_TRAP
        vmadc.vvm v17, v16, v24, v0
        EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)

        /* vmerge with vd = v0 */
        TESTCASE(27)
        li t1, 4; vsetvli zero, t1, e8, m1, tu, mu
        ARM_TRAP
        vmerge.vvm v0, v16, v24, v0
        EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)

        /* vmv.v.v with vs2 != 0 (reserved) */
        TESTCASE(28)
        li t1, 4; vsetvli zero, t1, e8, m1, tu, mu
        ARM_TRAP
        .word 0x5f0c0457
        EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)

        /* vmv.v.i with vs2 != 0 (reserved) */
        TESTCASE(29)
        li t1, 4; vsetvli zero, t1, e8, m1, tu, mu
        ARM_TRAP
        .word 0x5e403457
        EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)

        /* compare: vd overlaps vs2 group (not its base) */
        TESTCASE(30)
        li t1, 4; vsetvli zero, t1, e8, m2, tu, mu
        ARM_TRAP
        vmseq.vv v17, v16, v24
        EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)

        /* compare: vd overlaps vs1 group (not its base) */
        TESTCASE(31)
        li t1, 4; vsetvli zero, t1, e8, m2, tu, mu
        ARM_TRAP
        vmslt.vv v25, v16, v24
        EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)

        /* compare: vd == vs2 base: legal */
        TESTCASE(32)
        li t1, 4; vsetvli zero, t1, e8, m2, tu, mu
        ARM_TRAP
        vmseq.vv v16, v16, v24
        EXPECT_NO_TRAP

        /* compare: vd == vs1 base, masked: legal */
        TESTCASE(33)
        li t1, 4; vsetvli zero, t1, e8, m2, tu, mu
        ARM_TRAP
        vmsltu.vv v24, v16, v24, v0.t
        EXPECT_NO_TRAP

        /* vzext: vd == vs2 */
        TESTCASE(34)
        li t1, 4; vsetvli zero, t1, e16, m1, tu, mu
        ARM_TRAP
        vzext.vf2 v8, v8
        EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)

        /* vzext.vf4 at SEW 16: source EEW 4 */
        TESTCASE(35)
        li t1, 4; vsetvli zero, t1, e16, m1, tu, mu
        ARM_TRAP
        vzext.vf4 v8, v16
        EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)

        /* vsext.vf8 at SEW 32 */
        TESTCASE(36)
        li t1, 4; vsetvli zero, t1, e32, m1, tu, mu
        ARM_TRAP
        vsext.vf8 v8, v16
        EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)

        /* vsext.vf2 m8: source in the low half of vd */
        TESTCASE(37)
        li t1, 4; vsetvli zero, t1, e16, m8, tu, mu
        ARM_TRAP
        vsext.vf2 v8, v8
        EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)

        /* vsext.vf2 m8: source in the high half of vd: legal */
        TESTCASE(38)
        li t1, 4; vsetvli zero, t1, e16, m8, tu, mu
        ARM_TRAP
        vsext.vf2 v8, v12
        EXPECT_NO_TRAP

        /* vzext.vf2 m4: source (m2) not aligned */
        TESTCASE(39)
        li t1, 4; vsetvli zero, t1, e32, m4, tu, mu
        ARM_TRAP
        vzext.vf2 v8, v9
        EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)

        /* masked vzext with vd = v0 */
        TESTCASE(40)
        li t1, 4; vsetvli zero, t1, e16, m1, tu, mu
        ARM_TRAP
        vzext.vf2 v0, v16, v0.t
        EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)

        /* VXUNARY0 with vs1 = 1 (reserved) */
        TESTCASE(41)
        li t1, 4; vsetvli zero, t1, e8, m1, tu, mu
        ARM_TRAP
        .word 0x4b00a457
        EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)

        /* vrsub.vv does not exist */
        TESTCASE(42)
        li t1, 4; vsetvli zero, t1, e8, m1, tu, mu
        ARM_TRAP
        .word 0x0f0c0457
        EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)

        /* vmsgtu.vv does not exist */
        TESTCASE(43)
        li t1, 4; vsetvli zero, t1, e8, m1, tu, mu
        ARM_TRAP
        .word 0x7b0c0457
        EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)

        /* vsub.vi does not exist */
        TESTCASE(44)
        li t1, 4; vsetvli zero, t1, e8, m1, tu, mu
        ARM_TRAP
        .word 0x0b00b457
        EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)

        /* vwmaccus.vv does not exist */
        TESTCASE(45)
        li t1, 4; vsetvli zero, t1, e8, m1, tu, mu
        ARM_TRAP
        .word 0xfb0c2457
        EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)

        /* vmsltu.vi does not exist */
        TESTCASE(46)
        li t1, 4; vsetvli zero, t1, e8, m1, tu, mu
        ARM_TRAP
        .word 0x6b00b457
        EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)

        /* vssubu.vi does not exist */
        TESTCASE(47)
        li t1, 4; vsetvli zero, t1, e8, m1, tu, mu
        ARM_TRAP
        .word 0x8b00b457
        EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)

        /* vtype.vill: every arithmetic instruction is illegal (3.4.4) */
        TESTCASE(48)
        li t1, -1; vsetvl zero, zero, t1
        ARM_TRAP
        vadd.vv v8, v16, v24
        EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)

        /* mstatus.VS off: illegal (3.2) */
        TESTCASE(49)
        li t1, 4; vsetvli zero, t1, e8, m1, tu, mu
        li t0, 0x600; csrc mstatus, t0
        ARM_TRAP
        vwadd.vv v8, v16, v24
        EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)
        li t0, 0x200; csrs mstatus, t0
        UNINSTALL_TRAP
ISA_END

        .data
        .align 4
vres: .zero 128

