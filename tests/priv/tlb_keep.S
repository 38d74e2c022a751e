/* What rvkvm's TLB keeps where the spec lets it (privileged spec 4.1.11:
 * a satp write fences nothing; 4.2.1: an address fence covers the leaf PTE
 * that maps the address, an ASID fence leaves global mappings; 4.3.1: a
 * global mapping is in every address space).  Each check remaps a page
 * with no fence that covers it and still sees the old translation: the
 * entry was kept, so a context switch or a page fence does not cost the
 * kernel its TLB.  rvkvm only: another hart may drop more.  What must go
 * is checked in tlb.S (and again here after each keep). */
#include "priv.h"

#define PG(i)  (0x40000000 + (i) * 0x1000)
#define VA_2M  0x40200000
/* a6 = a leaf PTE for priv_page_b with flags (t0 clobbered) */
#define PTE_B(flags) lla a6, priv_page_b; srli a6, a6, 12; slli a6, a6, 10; li t0, F(flags); or a6, a6, t0

PRIV_BEGIN
        /* Space 1 (ASID 1): PG(0) non-global, PG(1) global, a 2 MiB
         * superpage; space 2 (ASID 2) maps none of them. */
        li   a0, 3
        call pt_new
        mv   s7, a0
        MAP_L(PG(0), priv_page_a, F(PTE_R | PTE_W), 0)
        lla  t0, pte_pg0
        sd   a0, 0(t0)
        MAP_L(PG(1), priv_page_a, F(PTE_R | PTE_W | PTE_G), 0)
        lla  t0, pte_pg1
        sd   a0, 0(t0)
        MAP_P(VA_2M, 0x80000000, F(PTE_R | PTE_W), 1)
        lla  t0, pte_2m
        sd   a0, 0(t0)
        li   a0, 3
        call pt_new_more
        mv   s6, a0
        li   t0, 1 << 44
        or   s7, s7, t0
        li   t0, 2 << 44
        or   s6, s6, t0
        csrw satp, s7
        sfence.vma

/* 1: a global entry survives a switch to another ASID (space 2 does not
 * map PG(1): a walk there would fault). */
        TC(1)
        li   a1, PG(1)
        lla  t0, pte_pg1
        ld   a4, 0(t0)
        ld   a5, 0(a4)
        PTE_B(PTE_R | PTE_W | PTE_G)
        RUN_IN(PRV_S, 2f, 1f)
2:      ld   a0, 0(a1)
        sd   a6, 0(a4)
        csrw satp, s6
        ld   a2, 0(a1)
        csrw satp, s7
        ld   a3, 0(a1)
        ecall
1:      sd   a5, 0(a4)
        sfence.vma
        EXPECT_CAUSE(CAUSE_ECALL_S)
        EXPECT(a0, MAGIC_A)
        EXPECT(a2, MAGIC_A)
        EXPECT(a3, MAGIC_A)

/* 2: an ASID fence keeps global entries; a full fence drops them. */
        TC(2)
        li   a1, PG(1)
        li   a3, 1
        PTE_B(PTE_R | PTE_W | PTE_G)
        RUN_IN(PRV_S, 2f, 1f)
2:      ld   a0, 0(a1)
        sd   a6, 0(a4)
        sfence.vma x0, a3
        ld   a2, 0(a1)
        sfence.vma
        ld   a3, 0(a1)
        ecall
1:      sd   a5, 0(a4)
        sfence.vma
        EXPECT_CAUSE(CAUSE_ECALL_S)
        EXPECT(a0, MAGIC_A)
        EXPECT(a2, MAGIC_A)
        EXPECT(a3, MAGIC_B)

/* 3: a fence by another ASID, and a satp write of the same value, keep
 * the current space's entries; a fence by its ASID drops them. */
        TC(3)
        li   a1, PG(0)
        lla  t0, pte_pg0
        ld   a4, 0(t0)
        ld   a5, 0(a4)
        li   a3, 7
        PTE_B(PTE_R | PTE_W)
        RUN_IN(PRV_S, 2f, 1f)
2:      ld   a0, 0(a1)
        sd   a6, 0(a4)
        sfence.vma x0, a3
        csrw satp, s7
        ld   a2, 0(a1)
        li   a3, 1
        sfence.vma x0, a3
        ld   a3, 0(a1)
        ecall
1:      sd   a5, 0(a4)
        sfence.vma
        EXPECT_CAUSE(CAUSE_ECALL_S)
        EXPECT(a0, MAGIC_A)
        EXPECT(a2, MAGIC_A)
        EXPECT(a3, MAGIC_B)

/* 4: a fence of a 4 KiB page keeps the entries of a superpage elsewhere;
 * a fence of another address in the superpage drops them (tlb.S 7). */
        TC(4)
        OFF(a1, priv_page_a)
        li   t0, VA_2M
        add  a1, a1, t0         /* VA of priv_page_a in the superpage */
        lla  t0, pte_2m
        ld   a4, 0(t0)
        ld   a5, 0(a4)
        andi a6, a5, ~PTE_V
        li   a3, PG(0)
        li   a7, VA_2M + 0x1ff000
        RUN_IN(PRV_S, 2f, 1f)
2:      ld   a0, 0(a1)
        sd   a6, 0(a4)
        sfence.vma a3, x0
        ld   a2, 8(a1)
        sfence.vma a7, x0
        ld   a3, 16(a1)
        ecall
1:      sd   a5, 0(a4)
        sfence.vma
        EXPECT_CAUSE(CAUSE_LOAD_PAGE)
        EXPECT(a0, MAGIC_A)
        EXPECT(a2, MAGIC_A + 1)
        addi a1, a1, 16
        EXPECT_REG(s10, a1)

        csrw satp, zero
        sfence.vma
PRIV_END

        .data
        .balign 8
pte_pg0: .dword 0
pte_pg1: .dword 0
pte_2m:  .dword 0
