/* AMO fault causes (priv spec 1.12, 4.3.1 and 3.7.1): an AMO needs read
 * and write permission and reports a failure as a store/AMO fault —
 * "AMOs never raise load page-fault exceptions. Since any unreadable page
 * is also unwritable, attempting to perform an AMO on an unreadable page
 * always raises a store page-fault exception."  The same for PMP access
 * faults (cause 7).
 * rvkvm only: QEMU 7.2 raises load faults (13 / 5) for these. */
#include "priv.h"

#define PG(i) (0x40000000 + (i) * 0x1000)
#define PROBE(mode, op, va)                             \
        li a0, va; mv s0, a0;                           \
        li a1, op; li a2, 1; li a3, mode; call priv_probe
#define FAULT(c)  EXPECT(s9, c); EXPECT_REG(s10, s0)
/* pmpaddr of the 4 KiB page at label (t0) */
#define NAPOT_PAGE(label) lla t0, label; srli t0, t0, 2; ori t0, t0, 0x1ff

PRIV_BEGIN

/* 1-2: page faults (Sv39). */
        li   a0, 3
        call pt_new
        mv   s7, a0
        MAP_L(PG(0), priv_page_c, F(PTE_X), 0)
        MAP_L(PG(1), priv_page_c, F(PTE_R | PTE_W) & ~PTE_V, 0)
        MAP_L(PG(2), priv_page_c, F(PTE_U | PTE_R | PTE_W), 0)
        MAP_L(PG(3), priv_page_c, F(PTE_R), 0)
        MAP_L(PG(4), priv_page_c, F(PTE_R | PTE_W), 0)
        csrw satp, s7

        TC(1)                   /* unreadable: X-only, invalid */
        PROBE(PRV_S, PROBE_AMO, PG(0) + 8)
        FAULT(CAUSE_STORE_PAGE)
        PROBE(PRV_S, PROBE_AMO, PG(1) + 16)
        FAULT(CAUSE_STORE_PAGE)

        TC(2)                   /* U rules: S without SUM, U on S page */
        PROBE(PRV_S, PROBE_AMO, PG(2))
        FAULT(CAUSE_STORE_PAGE)
        PROBE(PRV_U, PROBE_AMO, PG(4))
        FAULT(CAUSE_STORE_PAGE)
        PROBE(PRV_S, PROBE_AMO, PG(3))  /* readable, not writable */
        FAULT(CAUSE_STORE_PAGE)
        csrw satp, zero
        sfence.vma

/* 3: PMP access faults: no permission, or R only. */
        TC(3)
        NAPOT_PAGE(priv_page_c)
        csrw pmpaddr0, t0
        li   t0, PMP_NAPOT
        csrw pmpcfg0, t0
        PMP_SYNC
        lla  a0, priv_page_c
        mv   s0, a0
        li   a1, PROBE_AMO
        li   a3, PRV_S
        call priv_probe
        FAULT(CAUSE_STORE_ACCESS)
        li   t0, PMP_NAPOT | PMP_R
        csrw pmpcfg0, t0
        PMP_SYNC
        lla  a0, priv_page_c + 8
        mv   s0, a0
        li   a1, PROBE_AMO
        li   a3, PRV_U
        call priv_probe
        FAULT(CAUSE_STORE_ACCESS)
        csrw pmpcfg0, zero
        PMP_SYNC

/* 4: an AMO to an address nothing backs: store/AMO access fault. */
        TC(4)
        li   a0, ADDR_UNMAPPED
        mv   s0, a0
        TRY(1f)
        amoadd.d a1, a1, (a0)
1:      EXPECT_CAUSE(CAUSE_STORE_ACCESS)
        EXPECT_REG(s10, s0)

PRIV_END
