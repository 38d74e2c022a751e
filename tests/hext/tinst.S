/* mtinst / htinst on guest-page faults (H 1.0, "Transformed Instruction or
 * Pseudoinstruction for mtinst or htinst"): for a load, store, AMO, LR/SC
 * or HLV/HSV, the transformed instruction: the trapping instruction with
 * its immediate offset fields zeroed and the rs1 field replaced by the
 * address offset (0 here, the accesses are aligned); a compressed
 * instruction is first expanded to its 32-bit equivalent, then bit 1 is
 * cleared.  Fetch faults and non-memory traps write 0.
 *
 * Each case runs the access in VS (VS stage Bare, G stage Sv39x4 with
 * nothing at GPA_MISS) and compares mtinst with the expected transformed
 * instruction, assembled below it as the same instruction with rs1 = x0
 * and offset 0.
 * Writing 0 instead is allowed by the spec; rvkvm writes the
 * transformation (QEMU 7.2 writes 0: rvkvm only, see rules.mk). */
#include "hext.h"

#define GPA_MISS  0x100005000           /* unmapped in the G stage */

/* `insn` (address in a0, sp for the sp-based forms) must raise `cause`
 * into M with mtinst = `expect` with bits `clear` cleared.  (A GAS macro:
 * the instructions are passed as quoted strings.) */
        .macro tcase cause, clear, insn, expect
        li a0, GPA_MISS; mv s0, a0
        TRAP_IN(GOTO_VS, \insn)
        lla sp, priv_stack_top          /* the sp-based cases moved it */
        EXPECT_TRAP(HX_M, \cause)
        lla a7, 9003f; lwu a7, 0(a7); li t0, ~(\clear); and a7, a7, t0
        csrr a6, CSR_MTINST; EXPECT_REG(a6, a7)
        j 9004f
        .option push; .option norvc; .balign 4
9003:   \expect
        .option pop
9004:
        .endm
#define LOAD(insn, expect)    tcase CAUSE_LOAD_GUEST, 0, insn, expect
#define STORE(insn, expect)   tcase CAUSE_STORE_GUEST, 0, insn, expect
#define C_LOAD(insn, expect)  tcase CAUSE_LOAD_GUEST, 2, insn, expect
#define C_STORE(insn, expect) tcase CAUSE_STORE_GUEST, 2, insn, expect

HEXT_BEGIN
        li   a0, 3
        call hx_gstage_new
        csrw hgatp, a0
        csrw vsatp, zero
        hfence.gvma x0, x0
        /* FP on in both mstatus and vsstatus */
        li   t0, MSTATUS_FS
        csrs mstatus, t0
        csrs vsstatus, t0
        .option norvc

/* 1: integer loads: funct3, rd, opcode kept; imm and rs1 zero. */
        TC(1)
        LOAD("lb a1, 0x7f(a0)", "lb a1, 0(zero)")
        LOAD("lbu a2, -1(a0)", "lbu a2, 0(zero)")
        LOAD("lh a3, 0x102(a0)", "lh a3, 0(zero)")
        LOAD("lhu a4, 6(a0)", "lhu a4, 0(zero)")
        LOAD("lw a5, -0x800(a0)", "lw a5, 0(zero)")
        LOAD("lwu s1, 0x7fc(a0)", "lwu s1, 0(zero)")
        LOAD("ld t3, 8(a0)", "ld t3, 0(zero)")

/* 2: integer stores: rs2, funct3, opcode kept. */
        TC(2)
        STORE("sb a1, 1(a0)", "sb a1, 0(zero)")
        STORE("sh a2, -2(a0)", "sh a2, 0(zero)")
        STORE("sw a3, 0x404(a0)", "sw a3, 0(zero)")
        STORE("sd t3, -8(a0)", "sd t3, 0(zero)")

/* 3: FP loads and stores. */
        TC(3)
        LOAD("flw fa1, 4(a0)", "flw fa1, 0(zero)")
        LOAD("fld fs2, 0x10(a0)", "fld fs2, 0(zero)")
        STORE("fsw fa3, -4(a0)", "fsw fa3, 0(zero)")
        STORE("fsd ft4, 0x18(a0)", "fsd ft4, 0(zero)")

/* 4: compressed forms: the 32-bit equivalent, bit 1 cleared. */
        TC(4)
        .option rvc
        C_LOAD("c.lw a1, 4(a0)", "lw a1, 0(zero)")
        C_LOAD("c.ld a2, 8(a0)", "ld a2, 0(zero)")
        C_STORE("c.sw a3, 12(a0)", "sw a3, 0(zero)")
        C_STORE("c.sd a4, 16(a0)", "sd a4, 0(zero)")
        C_LOAD("c.fld fa5, 24(a0)", "fld fa5, 0(zero)")
        C_STORE("c.fsd fa1, 32(a0)", "fsd fa1, 0(zero)")
        .option norvc

/* 5: sp-based compressed forms (rs1 = x2 becomes 0 too). */
        TC(5)
        .option rvc
        C_LOAD("mv sp, a0; c.ldsp a3, 0(sp)", "ld a3, 0(zero)")
        C_STORE("mv sp, a0; c.sdsp a5, 0(sp)", "sd a5, 0(zero)")
        C_LOAD("mv sp, a0; c.lwsp a1, 0(sp)", "lw a1, 0(zero)")
        .option norvc

/* 6: LR, SC and AMOs: every field kept but rs1. */
        TC(6)
        LOAD("lr.d a1, (a0)", "lr.d a1, (zero)")
        LOAD("lr.w.aq a2, (a0)", "lr.w.aq a2, (zero)")
        STORE("sc.d a3, a4, (a0)", "sc.d a3, a4, (zero)")
        STORE("amoadd.d a1, a2, (a0)", "amoadd.d a1, a2, (zero)")
        STORE("amoswap.w.aqrl a3, a4, (a0)", "amoswap.w.aqrl a3, a4, (zero)")
        STORE("amomaxu.d t3, t4, (a0)", "amomaxu.d t3, t4, (zero)")
        STORE("amoor.w s1, a5, (a0)", "amoor.w s1, a5, (zero)")

/* 7: taken to HS: htinst holds the same transformation. */
        TC(7)
        li   t0, (1 << CAUSE_LOAD_GUEST) | (1 << CAUSE_STORE_GUEST)
        csrw medeleg, t0
        li   a0, GPA_MISS
        TRAP_IN(GOTO_VS, ld a2, 0x18(a0))
        EXPECT_TRAP(HX_HS, CAUSE_LOAD_GUEST)
        csrr a6, htinst
        lla  a7, 2f
        lwu  a7, 0(a7)
        EXPECT_REG(a6, a7)
        TRAP_IN(GOTO_VU, amoand.d a3, a4, (a0))
        EXPECT_TRAP(HX_HS, CAUSE_STORE_GUEST)
        csrr a6, htinst
        lla  a7, 3f
        lwu  a7, 0(a7)
        EXPECT_REG(a6, a7)
        csrw medeleg, zero
        j    1f
        .balign 4
2:      ld   a2, 0(zero)
3:      amoand.d a3, a4, (zero)
1:

/* 8: a fetch guest-page fault writes mtinst = 0; so does an ECALL. */
        TC(8)
        li   t0, 0x1234
        csrw CSR_MTINST, t0
        li   a0, GPA_MISS
        TRAP_IN(GOTO_VS, jalr a0)
        EXPECT_TRAP(HX_M, CAUSE_FETCH_GUEST)
        EXPECT_CSR(CSR_MTINST, 0)
        li   t0, 0x1234
        csrw CSR_MTINST, t0
        TRAP_IN(GOTO_VS, ecall)
        EXPECT_TRAP(HX_M, CAUSE_ECALL_VS)
        EXPECT_CSR(CSR_MTINST, 0)

/* 9: HLV / HSV from M: the transformed instruction keeps all but rs1. */
        TC(9)
        li   a0, GPA_MISS
        mv   s0, a0
        HTRY(1f)
        hlv.d a1, (a0)
1:      EXPECT_TRAP(HX_M, CAUSE_LOAD_GUEST)
        EXPECT_REG(s10, s0)
        csrr a6, CSR_MTINST
        lla  a7, 2f
        lwu  a7, 0(a7)
        EXPECT_REG(a6, a7)
        HTRY(1f)
        hsv.w a2, (a0)
1:      EXPECT_TRAP(HX_M, CAUSE_STORE_GUEST)
        csrr a6, CSR_MTINST
        lla  a7, 3f
        lwu  a7, 0(a7)
        EXPECT_REG(a6, a7)
        HTRY(1f)
        hlvx.hu a3, (a0)
1:      EXPECT_TRAP(HX_M, CAUSE_LOAD_GUEST)
        csrr a6, CSR_MTINST
        lla  a7, 4f
        lwu  a7, 0(a7)
        EXPECT_REG(a6, a7)
        j    1f
        .balign 4
2:      hlv.d a1, (zero)
3:      hsv.w a2, (zero)
4:      hlvx.hu a3, (zero)
1:
        csrw hgatp, zero
        hfence.gvma x0, x0
HEXT_END
