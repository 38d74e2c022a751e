/* Address-translation caching rules (priv spec 1.12, 4.2.1, 4.3.2), Sv39.
 * What the spec does not allow to be stale, checked with no SFENCE.VMA
 * where none is required:
 *   - "Changes to the sstatus fields SUM and MXR take effect immediately"
 *   - "Changing satp.MODE from Bare to other modes and vice versa also
 *     takes effect immediately"; "changes to satp.ASID take effect
 *     immediately"
 *   - permissions depend on the effective privilege of each access
 * and what SFENCE.VMA must remove: with rs1 = any address inside a
 * superpage, the superpage's translation; with rs2 = an ASID, that
 * address space's translations. */
#include "priv.h"

#define PG(i)  (0x40000000 + (i) * 0x1000)
#define VA_2M  0x40200000
#define VA_1G  0x100000000
#define VA_UNB ADDR_UNMAPPED            /* unbacked as a physical address */
/* a load / store from M with MPRV=1 and MPP=mode, no fence */
#define MPRV_ON(mode)   SET_MPP(mode); li t0, MSTATUS_MPRV; csrs mstatus, t0
#define MPRV_OFF        li t0, MSTATUS_MPRV; csrc mstatus, t0

PRIV_BEGIN
        /* Address space 1 */
        li   a0, 3
        call pt_new
        mv   s7, a0
        MAP_L(PG(0), priv_page_a, F(PTE_R | PTE_W), 0)
        lla  t0, pte_pg0
        sd   a0, 0(t0)
        MAP_L(PG(1), priv_page_a, F(PTE_U | PTE_R | PTE_W), 0)
        MAP_L(PG(2), priv_exec_page, F(PTE_X), 0)
        MAP_L(PG(3), priv_page_c, F(PTE_R | PTE_W), 0)
        lla  t0, pte_pg3
        sd   a0, 0(t0)
        MAP_L(VA_UNB, priv_page_a, F(PTE_R | PTE_W), 0)
        MAP_P(VA_2M, 0x80000000, F(PTE_R | PTE_W), 1)
        lla  t0, pte_2m
        sd   a0, 0(t0)
        MAP_P(VA_1G, 0x80000000, F(PTE_R | PTE_W), 2)
        lla  t0, pte_1g
        sd   a0, 0(t0)
        /* Address space 2: PG(0) is priv_page_b there */
        li   a0, 3
        call pt_new_more
        mv   s6, a0
        MAP_L(PG(0), priv_page_b, F(PTE_R | PTE_W), 0)
        /* The identity gigapage of space 2 is the one priv_probe would
         * manage; both are S-only (U=0). */
        csrw satp, s7
        sfence.vma

/* 1: SUM takes effect at once: S loads a U page with SUM=1, clears SUM
 * itself, and the same load faults. */
        TC(1)
        li   a1, PG(1)
        RUN_IN(PRV_S, 2f, 1f)
2:      li   t0, MSTATUS_SUM
        csrs sstatus, t0
        ld   a0, 0(a1)
        csrc sstatus, t0
        ld   a2, 8(a1)
        ecall
1:      EXPECT_CAUSE(CAUSE_LOAD_PAGE)
        EXPECT(s10, PG(1) + 8)
        EXPECT(a0, MAGIC_A)

/* 2: MXR likewise, on an execute-only page. */
        TC(2)
        li   a1, PG(2)
        RUN_IN(PRV_S, 2f, 1f)
2:      li   t0, MSTATUS_MXR
        csrs sstatus, t0
        ld   a0, 0(a1)
        csrc sstatus, t0
        ld   a2, 8(a1)
        ecall
1:      EXPECT_CAUSE(CAUSE_LOAD_PAGE)
        EXPECT(s10, PG(2) + 8)

/* 3: the privilege of each access counts, whatever was cached for an
 * earlier access at another privilege (MPRV switches it with no fence). */
        TC(3)
        li   a1, PG(1)
        MPRV_ON(PRV_U)
        ld   a0, 0(a1)          /* U may read the U page */
        MPRV_OFF
        EXPECT(a0, MAGIC_A)
        TRY(1f)
        MPRV_ON(PRV_S)
        ld   a0, 8(a1)          /* S without SUM may not */
1:      MPRV_OFF
        EXPECT_CAUSE(CAUSE_LOAD_PAGE)
        EXPECT(s10, PG(1) + 8)
        li   a1, PG(0)
        MPRV_ON(PRV_S)
        ld   a0, 0(a1)          /* S may read the S page */
        MPRV_OFF
        EXPECT(a0, MAGIC_A)
        TRY(1f)
        MPRV_ON(PRV_U)
        ld   a0, 16(a1)         /* U may not */
1:      MPRV_OFF
        EXPECT_CAUSE(CAUSE_LOAD_PAGE)
        EXPECT(s10, PG(0) + 16)

/* 4: satp.MODE Sv39 -> Bare from S-mode itself: the next access is
 * physical (an access fault at an unbacked address). */
        TC(4)
        li   a1, VA_UNB
        RUN_IN(PRV_S, 2f, 1f)
2:      ld   a0, 0(a1)
        csrw satp, zero
        ld   a2, 8(a1)
        ecall
1:      EXPECT_CAUSE(CAUSE_LOAD_ACCESS)
        EXPECT(s10, VA_UNB + 8)
        EXPECT(a0, MAGIC_A)

/* 5: ...and Bare -> Sv39: the access that faulted physically now
 * translates. */
        TC(5)
        csrw satp, zero
        li   a1, VA_UNB
        RUN_IN(PRV_S, 2f, 1f)
2:      ld   a0, 0(a1)
        ecall
1:      EXPECT_CAUSE(CAUSE_LOAD_ACCESS)
        RUN_IN(PRV_S, 2f, 1f)
2:      csrw satp, s7
        ld   a0, 0(a1)
        ecall
1:      EXPECT_CAUSE(CAUSE_ECALL_S)
        EXPECT(a0, MAGIC_A)

/* 6: switching satp.ASID switches address spaces at once (only when ASIDs
 * are implemented: with ASIDLEN = 0 both spaces would be ASID 0 and a
 * fence would be needed). */
        TC(6)
        li   t0, 0xffff << 44
        or   t0, s7, t0
        csrw satp, t0
        csrr a0, satp
        csrw satp, s7
        srli a0, a0, 44
        andi a0, a0, 3
        li   t0, 3
        bne  a0, t0, 3f         /* fewer than 2 ASID bits: skip */
        li   t0, 1 << 44
        or   s7, s7, t0         /* space 1 = ASID 1 */
        li   t0, 2 << 44
        or   s6, s6, t0         /* space 2 = ASID 2 */
        csrw satp, s7
        sfence.vma
        li   a1, PG(0)
        RUN_IN(PRV_S, 2f, 1f)
2:      ld   a0, 0(a1)
        csrw satp, s6
        ld   a2, 0(a1)
        csrw satp, s7
        ld   a3, 0(a1)
        ecall
1:      EXPECT_CAUSE(CAUSE_ECALL_S)
        EXPECT(a0, MAGIC_A)
        EXPECT(a2, MAGIC_B)
        EXPECT(a3, MAGIC_A)
3:      csrw satp, s7

/* 7: SFENCE.VMA with rs1 = another address inside a 2 MiB superpage
 * removes the superpage's translation (4.2.1: it orders the leaf PTE that
 * maps rs1).  S invalidates the leaf through the identity map. */
        TC(7)
        OFF(a1, priv_page_a)
        li   t0, VA_2M
        add  a1, a1, t0         /* VA of priv_page_a in the superpage */
        li   a3, VA_2M + 0x100000
        lla  t0, pte_2m
        ld   a4, 0(t0)
        ld   a5, 0(a4)
        andi a6, a5, ~PTE_V
        RUN_IN(PRV_S, 2f, 1f)
2:      ld   a0, 0(a1)
        sd   a6, 0(a4)
        sfence.vma a3, x0
        ld   a2, 8(a1)
        ecall
1:      sd   a5, 0(a4)
        EXPECT_CAUSE(CAUSE_LOAD_PAGE)
        EXPECT(a0, MAGIC_A)
        addi a1, a1, 8
        EXPECT_REG(s10, a1)

/* 8: the same for a 1 GiB superpage. */
        TC(8)
        sfence.vma
        OFF(a1, priv_page_b)
        li   t0, VA_1G
        add  a1, a1, t0
        li   a3, VA_1G + 0x20000000
        lla  t0, pte_1g
        ld   a4, 0(t0)
        ld   a5, 0(a4)
        andi a6, a5, ~PTE_V
        RUN_IN(PRV_S, 2f, 1f)
2:      ld   a0, 0(a1)
        sd   a6, 0(a4)
        sfence.vma a3, x0
        ld   a2, 8(a1)
        ecall
1:      sd   a5, 0(a4)
        EXPECT_CAUSE(CAUSE_LOAD_PAGE)
        EXPECT(a0, MAGIC_B)

/* 9: a write permission taken away (fence on another offset of the same
 * page) is gone for the next store. */
        TC(9)
        sfence.vma
        li   a1, PG(3)
        li   a3, PG(3) + 0x800
        lla  t0, pte_pg3
        ld   a4, 0(t0)
        ld   a5, 0(a4)
        andi a6, a5, ~PTE_W
        RUN_IN(PRV_S, 2f, 1f)
2:      sd   zero, 0(a1)
        sd   a6, 0(a4)
        sfence.vma a3, x0
        ld   a0, 0(a1)
        sd   zero, 8(a1)
        ecall
1:      sd   a5, 0(a4)
        EXPECT_CAUSE(CAUSE_STORE_PAGE)
        EXPECT(s10, PG(3) + 8)

/* 10: SFENCE.VMA x0, rs2=ASID of the current space removes its
 * (non-global) translations: a remapped page is seen. */
        TC(10)
        sfence.vma
        srli a3, s7, 44         /* current ASID (0 if not implemented) */
        li   t0, 0xffff
        and  a3, a3, t0
        li   a1, PG(0)
        lla  t0, pte_pg0
        ld   a4, 0(t0)
        ld   a5, 0(a4)
        lla  a6, priv_page_b
        srli a6, a6, 12
        slli a6, a6, 10
        ori  a6, a6, F(PTE_R | PTE_W)
        RUN_IN(PRV_S, 2f, 1f)
2:      ld   a0, 0(a1)
        sd   a6, 0(a4)
        sfence.vma x0, a3
        ld   a2, 0(a1)
        ecall
1:      sd   a5, 0(a4)
        EXPECT_CAUSE(CAUSE_ECALL_S)
        EXPECT(a0, MAGIC_A)
        EXPECT(a2, MAGIC_B)

        csrw satp, zero
        sfence.vma
PRIV_END

        .data
        .balign 8
pte_pg0: .dword 0
pte_pg3: .dword 0
pte_2m:  .dword 0
pte_1g:  .dword 0
