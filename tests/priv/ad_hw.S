/* Hardware A/D updating (Svadu with menvcfg.ADUE=1; priv spec 4.3.2 step
 * 7, 3.1.18): a permitted access to a page with A=0 sets A, a permitted
 * store with D=0 sets D, in the PTE in memory; a faulting access sets
 * nothing.  (QEMU 7.2 always behaves like this; it has no ADUE bit.) */
#include "priv.h"

PRIV_BEGIN
#include "ad_common.inc"
        li   t0, MENVCFG_ADUE
        csrs menvcfg, t0
        sfence.vma              /* required after changing ADUE */

/* 1: a load sets A only. */
        TC(1)
        VPROBE(PRV_S, PROBE_LD, PG(0))
        OK
        EXPECT_AD(s1, PTE_A)

/* 2: then a store sets D. */
        TC(2)
        VPROBE(PRV_S, PROBE_SD, PG(0) + 8)
        OK
        EXPECT_AD(s1, PTE_A | PTE_D)

/* 3: a fetch sets A. */
        TC(3)
        VPROBE(PRV_S, PROBE_EXEC, PG(1))
        OK
        EXPECT(a0, EXEC_MAGIC)
        EXPECT_AD(s2, PTE_A)

/* 4: a store to a page with A=1, D=0 sets D. */
        TC(4)
        VPROBE(PRV_U, PROBE_SD, PG(2) + 16)
        FAULT(CAUSE_STORE_PAGE)         /* not a U page: no update... */
        EXPECT_AD(s3, PTE_A)
        VPROBE(PRV_S, PROBE_SD, PG(2) + 16)
        OK
        EXPECT_AD(s3, PTE_A | PTE_D)

/* 5: a store that faults on permissions (read-only page) sets neither A
 * nor D; a load there then sets A. */
        TC(5)
        VPROBE(PRV_S, PROBE_SD, PG(3))
        FAULT(CAUSE_STORE_PAGE)
        EXPECT_AD(s4, 0)
        VPROBE(PRV_S, PROBE_LD, PG(3))
        OK
        EXPECT_AD(s4, PTE_A)

/* 6: an MPRV store from M sets A and D. */
        TC(6)
        li   a0, PG(4) + 24
        li   a1, PROBE_SD
        li   a2, 0x66
        li   a3, PRV_S
        call priv_mprv_probe
        OK
        EXPECT_AD(s5, PTE_A | PTE_D)
        lla  t0, priv_page_c
        ld   a0, 24(t0)
        EXPECT(a0, 0x66)

/* 7: superpage leaves are updated the same way. */
        TC(7)
        li   a0, VA_2M
        lla  t0, priv_page_c
        add  a0, a0, t0
        li   t0, 0x80000000
        sub  a0, a0, t0
        li   a1, PROBE_SD
        li   a3, PRV_S
        call priv_probe
        OK
        EXPECT_AD(s6, PTE_A | PTE_D)

        csrw satp, zero
        sfence.vma
PRIV_END
