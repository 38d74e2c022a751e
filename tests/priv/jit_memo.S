/* Loads and stores in hot loops after the translation they used changes.
 * rvkvm's JIT keeps, per load/store in a compiled loop, the last page it
 * touched and that page's host address (a page memo); every TLB flush and
 * every change of data context must make those stale.  Each check runs a
 * loop kernel 50 times (compiled from then on, its memo filled), changes
 * what the address means, and runs it once more:
 *   1: PTE changed, SFENCE.VMA of the address: the new page;
 *   2: PTE changed back, SFENCE.VMA of everything: the old page;
 *   3: PTE changed, SFENCE.VMA of the current ASID: the new page;
 *   4: satp switched to another ASID mapping the address elsewhere;
 *   5: a store loop, PTE changed, SFENCE.VMA of the address: the store
 *      lands in the new page only;
 *   6: a load loop on a U page with SUM set, then SUM cleared: it faults;
 *   7: a load loop run on aligned addresses, then on one that crosses
 *      into the next page, mapped to a page that does not follow in
 *      memory: its bytes come from the right page;
 *   8: as 1, for a page in the upper half of the address space (a fence
 *      drops memos only when one holds a page of its half);
 *   9: a load outside any loop in U-mode code (which has memos at every
 *      load and store), its page remapped between runs.
 * The same program passes on QEMU. */
#include "priv.h"

#define PG0  0x40000000
#define PG1  0x40001000
#define PG_U 0x40002000
#define PG5  0x40005000
#define PG6  0x40006000
#define PGNEG (-(1 << 38) + 0x5000)  /* Sv39's upper half */
#define WARM 50

/* a6 = a leaf PTE for label with flags (t0 clobbered) */
#define PTE_TO(label, flags) lla a6, label; srli a6, a6, 12; slli a6, a6, 10; li t0, F(flags); or a6, a6, t0
/* WARM calls of kernel k with a1 = va, a3 = value, a2 = 4 each (s1 clobbered) */
#define WARM_UP(k) li s1, WARM; 9001: li a2, 4; call k; addi s1, s1, -1; bnez s1, 9001b

/* In S: kload warmed up at va (page a: s2 = 4 * MAGIC_A, mod 2^64), its
 * leaf PTE (address in pte) pointed at page b, the address fenced, kload
 * once more (s3 = MAGIC_B) */
#define FENCED_REMAP(va, pte)                                           \
        li a1, va; PTE_TO(priv_page_b, PTE_R | PTE_W);                  \
        RUN_IN(PRV_S, 9002f, 9003f);                                    \
9002:   WARM_UP(kload); mv s2, a0; sd a6, 0(pte); sfence.vma a1, x0;    \
        li a2, 1; call kload; mv s3, a0; ecall;                         \
9003:   EXPECT_CAUSE(CAUSE_ECALL_S); EXPECT(s2, 0x8282828000000000);    \
        EXPECT(s3, MAGIC_B)

PRIV_BEGIN
        /* Space 1 (ASID 1): PG0 -> page a, PG1 -> scratch x, PG_U (U) ->
         * page a.  Space 2 (ASID 2): PG0 -> page b. */
        li   a0, 3
        call pt_new
        mv   s7, a0
        lla  t0, pt_ident_pte   /* space 1's identity gigapage PTE */
        ld   t1, 0(t0)
        lla  t0, pte_ident
        sd   t1, 0(t0)
        MAP_L(PG0, priv_page_a, F(PTE_R | PTE_W), 0)
        lla  t0, pte_pg0
        sd   a0, 0(t0)
        MAP_L(PG1, scratch_x, F(PTE_R | PTE_W), 0)
        lla  t0, pte_pg1
        sd   a0, 0(t0)
        MAP_L(PG_U, priv_page_a, F(PTE_U | PTE_R | PTE_W), 0)
        lla  t0, pte_u
        sd   a0, 0(t0)
        MAP_L(PG5, priv_page_a, F(PTE_R | PTE_W), 0)
        MAP_L(PG6, priv_page_a, F(PTE_R | PTE_W), 0)
        MAP_L(PGNEG, priv_page_a, F(PTE_R | PTE_W), 0)
        lla  t0, pte_neg
        sd   a0, 0(t0)
        li   a0, 3
        call pt_new_more
        mv   s6, a0
        MAP_L(PG0, priv_page_b, F(PTE_R | PTE_W), 0)
        li   t0, 1 << 44
        or   s7, s7, t0
        li   t0, 2 << 44
        or   s6, s6, t0
        csrw satp, s7
        sfence.vma
        lla  t0, pte_pg0
        ld   s5, 0(t0)          /* s5 = address of PG0's PTE in space 1 */

/* 1: a fence of the address */
        TC(1)
        FENCED_REMAP(PG0, s5)

/* 2: a fence of everything */
        TC(2)
        li   a1, PG0
        PTE_TO(priv_page_a, PTE_R | PTE_W)
        RUN_IN(PRV_S, 2f, 1f)
2:      WARM_UP(kload)
        sd   a6, 0(s5)
        sfence.vma
        li   a2, 1
        call kload
        mv   s3, a0
        ecall
1:      EXPECT_CAUSE(CAUSE_ECALL_S)
        EXPECT(s3, MAGIC_A)

/* 3: a fence of the current ASID (PG0 is not global) */
        TC(3)
        li   a1, PG0
        li   a4, 1
        PTE_TO(priv_page_b, PTE_R | PTE_W)
        RUN_IN(PRV_S, 2f, 1f)
2:      WARM_UP(kload)
        sd   a6, 0(s5)
        sfence.vma x0, a4
        li   a2, 1
        call kload
        mv   s3, a0
        ecall
1:      EXPECT_CAUSE(CAUSE_ECALL_S)
        EXPECT(s3, MAGIC_B)

/* 4: another address space (space 1 maps PG0 to page a again first) */
        TC(4)
        PTE_TO(priv_page_a, PTE_R | PTE_W)
        sd   a6, 0(s5)
        sfence.vma
        li   a1, PG0
        RUN_IN(PRV_S, 2f, 1f)
2:      WARM_UP(kload)
        mv   s2, a0
        csrw satp, s6
        li   a2, 1
        call kload
        mv   s3, a0
        csrw satp, s7
        li   a2, 1
        call kload
        mv   s4, a0
        ecall
1:      EXPECT_CAUSE(CAUSE_ECALL_S)
        EXPECT(s2, 0x8282828000000000)
        EXPECT(s3, MAGIC_B)
        EXPECT(s4, MAGIC_A)

/* 5: stores: PG1 moves from scratch x to scratch y */
        TC(5)
        lla  t0, pte_pg1
        ld   s4, 0(t0)
        li   a1, PG1
        PTE_TO(scratch_y, PTE_R | PTE_W)
        RUN_IN(PRV_S, 2f, 1f)
2:      li   a3, 0x11
        WARM_UP(kstore)
        sd   a6, 0(s4)
        sfence.vma a1, x0
        li   a3, 0x22
        li   a2, 1
        call kstore
        ecall
1:      EXPECT_CAUSE(CAUSE_ECALL_S)
        lla  t0, scratch_x
        ld   a0, 0(t0)
        EXPECT(a0, 0x11)
        lla  t0, scratch_y
        ld   a0, 0(t0)
        EXPECT(a0, 0x22)

/* 6: SUM cleared between runs of a loop loading from a U page */
        TC(6)
        li   a1, PG_U
        RUN_IN(PRV_S, 2f, 1f)
2:      li   t0, MSTATUS_SUM
        csrs sstatus, t0
        WARM_UP(kload)
        mv   s4, a0
        li   t0, MSTATUS_SUM
        csrc sstatus, t0
        lla  s8, 4f
        li   a2, 1
        call kload
        li   s0, -1               /* not taken */
        lla  s8, 1f
        ecall
4:      S_SAVE_AND_ECALL(1f)
1:      EXPECT(s4, 0x8282828000000000)
        EXPECT(s0, CAUSE_LOAD_PAGE)
        EXPECT(s1, PG_U)
        lla  t0, kload_ld
        EXPECT_REG(s2, t0)

/* 7: an 8-byte load 2 bytes before PG6 (page a's last two bytes, then
 * its first six; page b follows page a in memory) */
        TC(7)
        RUN_IN(PRV_S, 2f, 1f)
2:      li   s1, WARM
3:      li   a1, PG6 - 16
        li   a2, 2
        call kwalk
        addi s1, s1, -1
        bnez s1, 3b
        mv   s2, a0
        li   a1, PG6 - 2
        li   a2, 1
        call kwalk
        mv   s3, a0
        ecall
1:      EXPECT_CAUSE(CAUSE_ECALL_S)
        EXPECT(s2, 1)             /* (MAGIC_A + 510) ^ (MAGIC_A + 511) */
        EXPECT(s3, 0xa0a000000000a0a0)

/* 8: a fence of an upper-half page */
        TC(8)
        sfence.vma              /* no memo holds a lower-half page now */
        lla  t0, pte_neg
        ld   s4, 0(t0)
        FENCED_REMAP(PGNEG, s4)

/* 9: U-mode: a load outside a loop, PG_U remapped from page a to b */
        TC(9)
        lla  t0, pte_ident      /* the identity gigapage (this code) for U */
        ld   s5, 0(t0)
        ld   t1, 0(s5)
        ori  t1, t1, PTE_U
        sd   t1, 0(s5)
        sfence.vma
        lla  t0, pte_u
        ld   s4, 0(t0)
        li   a1, PG_U
        RUN_IN(PRV_U, 2f, 1f)
2:      WARM_UP(kld1)
        ecall
1:      EXPECT_CAUSE(CAUSE_ECALL_U)
        EXPECT(a0, MAGIC_A)
        PTE_TO(priv_page_b, PTE_U | PTE_R | PTE_W)
        sd   a6, 0(s4)
        sfence.vma a1, x0
        RUN_IN(PRV_U, 2f, 1f)
2:      call kld1
        ecall
1:      EXPECT_CAUSE(CAUSE_ECALL_U)
        EXPECT(a0, MAGIC_B)
        ld   t1, 0(s5)
        andi t1, t1, ~PTE_U
        sd   t1, 0(s5)

        csrw satp, zero
        sfence.vma
        j    done

/* a0 = the sum of a2 (> 0) loads of 0(a1) */
kload:  li   a0, 0
kload_ld:
        ld   t0, 0(a1)
        add  a0, a0, t0
        addi a2, a2, -1
        bnez a2, kload_ld
        ret

/* a0 = the dword at 0(a1) */
kld1:   ld   a0, 0(a1)
        ret

/* a3 stored to 0(a1) a2 (> 0) times */
kstore: sd   a3, 0(a1)
        addi a2, a2, -1
        bnez a2, kstore
        ret

/* a0 = the xor of a2 (> 0) loads of 8 bytes from a1 on, 8 apart */
kwalk:  li   a0, 0
1:      ld   t0, 0(a1)
        xor  a0, a0, t0
        addi a1, a1, 8
        addi a2, a2, -1
        bnez a2, 1b
        ret

done:
PRIV_END

        .data
        .balign 8
pte_pg0: .dword 0
pte_pg1: .dword 0
pte_neg: .dword 0
pte_u:   .dword 0
pte_ident: .dword 0
        .balign 4096
scratch_x: .fill 4096, 1, 0
scratch_y: .fill 4096, 1, 0
