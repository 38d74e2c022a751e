/* Svadu with menvcfg.ADUE=0, i.e. Svade behaviour (priv spec 4.3.2 step 7,
 * 3.1.18): an access to a page with A=0, or a store to a page with D=0,
 * raises a page fault for the access type and leaves the PTE unchanged.
 * rvkvm only: QEMU 7.2 has no ADUE bit and always updates A/D. */
#include "priv.h"

PRIV_BEGIN
#include "ad_common.inc"

/* 1: menvcfg.ADUE is writable. */
        TC(1)
        li   t0, MENVCFG_ADUE
        csrs menvcfg, t0
        EXPECT_CSR_BITS(menvcfg, MENVCFG_ADUE, MENVCFG_ADUE)
        csrc menvcfg, t0
        EXPECT_CSR_BITS(menvcfg, MENVCFG_ADUE, 0)
        sfence.vma

/* 2: A=0: load, store and fetch fault; nothing is written. */
        TC(2)
        VPROBE(PRV_S, PROBE_LD, PG(0))
        FAULT(CAUSE_LOAD_PAGE)
        VPROBE(PRV_S, PROBE_SD, PG(0) + 8)
        FAULT(CAUSE_STORE_PAGE)
        EXPECT_AD(s1, 0)
        VPROBE(PRV_S, PROBE_EXEC, PG(1))
        FAULT(CAUSE_FETCH_PAGE)
        EXPECT_REG(s11, s0)
        EXPECT_AD(s2, 0)

/* 3: A=1, D=0: loads work, stores fault. */
        TC(3)
        VPROBE(PRV_S, PROBE_LD, PG(2))
        OK
        VPROBE(PRV_S, PROBE_SD, PG(2) + 16)
        FAULT(CAUSE_STORE_PAGE)
        EXPECT_AD(s3, PTE_A)

/* 4: the same for MPRV accesses and superpages. */
        TC(4)
        li   a0, PG(4)
        mv   s0, a0
        li   a1, PROBE_LD
        li   a3, PRV_S
        call priv_mprv_probe
        FAULT(CAUSE_LOAD_PAGE)
        li   a0, VA_2M + 0x100
        mv   s0, a0
        li   a1, PROBE_LD
        li   a3, PRV_S
        call priv_probe
        FAULT(CAUSE_LOAD_PAGE)
        EXPECT_AD(s5, 0)
        EXPECT_AD(s6, 0)

/* 5: software sets A and D (and fences): the accesses then work. */
        TC(5)
        ld   t0, 0(s1)
        ori  t0, t0, PTE_A | PTE_D
        sd   t0, 0(s1)
        ld   t0, 0(s3)
        ori  t0, t0, PTE_D
        sd   t0, 0(s3)
        sfence.vma
        VPROBE(PRV_S, PROBE_SD, PG(0) + 8)
        OK
        VPROBE(PRV_S, PROBE_SD, PG(2) + 16)
        OK

/* 6: ADUE=1 (with SFENCE.VMA) switches to hardware updating. */
        TC(6)
        li   t0, MENVCFG_ADUE
        csrs menvcfg, t0
        sfence.vma
        VPROBE(PRV_S, PROBE_EXEC, PG(1))
        OK
        EXPECT_AD(s2, PTE_A)
        li   t0, MENVCFG_ADUE
        csrc menvcfg, t0

        csrw satp, zero
        sfence.vma
PRIV_END
