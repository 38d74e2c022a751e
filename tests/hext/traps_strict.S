/* Trap rules of the H extension that QEMU 7.2 gets wrong (rvkvm only; see
 * rules.mk):
 *   - mstatus.GVA is written on every trap into M: 0 unless mtval holds a
 *     guest virtual address (an illegal instruction's bits are not one);
 *   - exceptions 2 and 6 delegated to VS keep their codes (only the VS
 *     interrupt codes 2/6/10 are translated to 1/5/9);
 *   - a misaligned AMO raises store/AMO address misaligned (6) with
 *     tval = the guest address (misaligned loads and stores complete);
 *   - HFENCE.GVMA and hgatp in HS with mstatus.TVM = 1 are illegal;
 *     HFENCE.VVMA, vsatp, and VS's SFENCE.VMA / satp are not affected. */
#include "hext.h"

#define ILLEGAL_INSN 0x00007003
#define BAD_ADDR     (ADDR_UNMAPPED + 0x108)
#define TOOK(level, cause)                              \
        EXPECT_TRAP(level, cause);                      \
        lla a7, 9001b; EXPECT_REG(s11, a7)
#define M_STATE(mpv, mpp, gva)                          \
        EXPECT_CSR_BITS(mstatus, MSTATUS_MPV | MSTATUS_MPP | MSTATUS_GVA, \
            ((mpv) << 39) | ((mpp) << 11) | ((gva) << 38))
#define DELEG(med, hed)  li t0, med; csrw medeleg, t0; li t0, hed; csrw hedeleg, t0

HEXT_BEGIN

/* 1: GVA = 0 after an ECALL from VS even when it was 1 before. */
        TC(1)
        li   t0, MSTATUS_GVA
        csrs mstatus, t0
        TRAP_IN(GOTO_VS, ecall)
        TOOK(HX_M, CAUSE_ECALL_VS)
        M_STATE(1, PRV_S, 0)

/* 2: a load access fault from VU sets GVA; the next trap (illegal
 * instruction, mtval = its bits) clears it. */
        TC(2)
        li   a0, BAD_ADDR
        TRAP_IN(GOTO_VU, ld a1, 0(a0))
        TOOK(HX_M, CAUSE_LOAD_ACCESS)
        M_STATE(1, PRV_U, 1)
        TRAP_IN(GOTO_VU, .4byte ILLEGAL_INSN)
        TOOK(HX_M, CAUSE_ILLEGAL)
        EXPECT(s10, ILLEGAL_INSN)
        M_STATE(1, PRV_U, 0)
        TRAP_IN(GOTO_VS, .4byte ILLEGAL_INSN)
        TOOK(HX_M, CAUSE_ILLEGAL)
        M_STATE(1, PRV_S, 0)

/* 3: virtual instruction into M: GVA = 0. */
        TC(3)
        TRAP_IN(GOTO_VS, csrr a0, hstatus)
        TOOK(HX_M, CAUSE_VIRTUAL)
        M_STATE(1, PRV_S, 0)

/* 4: illegal instruction delegated to VS: vscause 2 (from VS and VU). */
        TC(4)
        DELEG(1 << CAUSE_ILLEGAL, 1 << CAUSE_ILLEGAL)
        csrw vsstatus, zero
        TRAP_IN(GOTO_VS, .4byte ILLEGAL_INSN)
        TOOK(HX_VS, CAUSE_ILLEGAL)
        EXPECT(s10, ILLEGAL_INSN)
        EXPECT_CSR(vscause, CAUSE_ILLEGAL)
        EXPECT_CSR_BITS(vsstatus, MSTATUS_SPP, MSTATUS_SPP)
        TRAP_IN(GOTO_VU, .4byte ILLEGAL_INSN)
        TOOK(HX_VS, CAUSE_ILLEGAL)
        EXPECT_CSR_BITS(vsstatus, MSTATUS_SPP, 0)

/* 5: a misaligned AMO from VS: cause 6, tval = the address, GVA = 1; to
 * VS when delegated, still cause 6. */
        TC(5)
        DELEG(0, 0)
        lla  a0, priv_page_c + 2
        TRAP_IN(GOTO_VS, amoadd.d a1, a1, (a0))
        TOOK(HX_M, CAUSE_STORE_MISALIGNED)
        EXPECT_REG(s10, a0)
        M_STATE(1, PRV_S, 1)
        DELEG(1 << CAUSE_STORE_MISALIGNED, 1 << CAUSE_STORE_MISALIGNED)
        TRAP_IN(GOTO_VU, amoadd.w a1, a1, (a0))
        TOOK(HX_VS, CAUSE_STORE_MISALIGNED)
        EXPECT_REG(s10, a0)
        EXPECT_CSR(vscause, CAUSE_STORE_MISALIGNED)

/* 6: misaligned ordinary loads and stores from VS complete. */
        TC(6)
        DELEG(0, 0)
        lla  a0, priv_page_a + 3
        INSN_IN(GOTO_VS, ld a1, 0(a0); sd a1, 8(a0))
        EXPECT_OK
        li   t0, ((MAGIC_A + 1) << 40) | (MAGIC_A >> 24)
        EXPECT_REG(a1, t0)

/* 7: HFENCE.GVMA and hgatp in HS with mstatus.TVM = 1 are illegal (tval
 * = the instruction); in M they are not. */
        TC(7)
        DELEG(0, 0)
        li   t0, MSTATUS_TVM
        csrs mstatus, t0
        TRAP_IN(GOTO_HS, hfence.gvma x0, x0)
        TOOK(HX_M, CAUSE_ILLEGAL)
        lla  a7, 9001b
        lwu  a7, 0(a7)
        EXPECT_REG(s10, a7)
        TRAP_IN(GOTO_HS, csrr a0, hgatp)
        TOOK(HX_M, CAUSE_ILLEGAL)
        TRAP_IN(GOTO_HS, csrw hgatp, zero)
        TOOK(HX_M, CAUSE_ILLEGAL)
        hfence.gvma x0, x0
        csrr a0, hgatp
        /* ...while HFENCE.VVMA and vsatp stay allowed in HS, and VS's
         * SFENCE.VMA and satp are not affected */
        INSN_IN(GOTO_HS, hfence.vvma x0, x0)
        EXPECT_OK
        INSN_IN(GOTO_HS, csrr a0, vsatp)
        EXPECT_OK
        INSN_IN(GOTO_VS, sfence.vma)
        EXPECT_OK
        INSN_IN(GOTO_VS, csrr a0, satp)
        EXPECT_OK
        li   t0, MSTATUS_TVM
        csrc mstatus, t0

        DELEG(0, 0)
HEXT_END
