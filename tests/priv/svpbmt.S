/* Svpbmt, page-based memory types (priv spec, "Svpbmt" chapter; machine-
 * level "menvcfg"): PTE bits 62:61 (PBMT: 0 PMA, 1 NC, 2 IO, 3 reserved),
 * available to S-level translation only while menvcfg.PBMTE = 1.  In
 * non-leaf PTEs they stay reserved.  rvkvm's memory is coherent, so NC and
 * IO on RAM behave as ordinary memory: loads, stores, AMOs and fetches
 * work.  The checks QEMU 7.2 fails (PBMTE = 0 making PBMT reserved, PBMT =
 * 3, bits 60:54 with Svpbmt) are in svpbmt_strict.S; the VS and G stages
 * in tests/hext/svext.S.  QEMU runs this with -cpu
 * rv64,svpbmt=true,svnapot=true (rules.mk). */
#include "svpbmt.inc"

/* 1: menvcfg.PBMTE (bit 62) is writable. */
        TC(1)
        li   t0, MENVCFG_PBMTE
        csrs menvcfg, t0
        EXPECT_CSR_BITS(menvcfg, MENVCFG_PBMTE, MENVCFG_PBMTE)
        li   t0, MENVCFG_PBMTE
        csrc menvcfg, t0
        EXPECT_CSR_BITS(menvcfg, MENVCFG_PBMTE, 0)

/* 2: PBMTE = 1: NC pages are memory: load, store, AMO, fetch. */
        TC(2)
        li   t0, MENVCFG_PBMTE
        csrs menvcfg, t0
        SET_PTE(s1, s2, PBMT_NC)
        VPROBE(PRV_S, PROBE_LD, PG(0) + 0x18)
        OK
        EXPECT(a0, MAGIC_A + 3)
        SET_PTE(s3, s4, PBMT_NC)
        VPROBE(PRV_S, PROBE_SD, PG(1) + 0x20)
        OK
        lla  t0, priv_page_c
        ld   a0, 0x20(t0)
        EXPECT(a0, 0x77)
        VPROBE(PRV_S, PROBE_AMO, PG(1) + 0x20)
        OK
        EXPECT(a0, 0x77)
        lla  t0, priv_page_c
        ld   a0, 0x20(t0)
        EXPECT(a0, 0xee)
        sd   zero, 0x20(t0)
        SET_PTE(s5, s6, PBMT_NC)
        VPROBE(PRV_S, PROBE_EXEC, PG(2))
        OK
        EXPECT(a0, EXEC_MAGIC)

/* 3: PBMTE = 1: IO pages (on RAM) too. */
        TC(3)
        SET_PTE(s1, s2, PBMT_IO)
        VPROBE(PRV_S, PROBE_LD, PG(0) + 0x28)
        OK
        EXPECT(a0, MAGIC_A + 5)
        VPROBE(PRV_S, PROBE_LW, PG(0) + 0x28)
        OK
        SET_PTE(s3, s4, PBMT_IO)
        VPROBE(PRV_S, PROBE_SD, PG(1) + 0x30)
        OK
        lla  t0, priv_page_c
        ld   a0, 0x30(t0)
        EXPECT(a0, 0x77)
        sd   zero, 0x30(t0)

/* 4: a PBMT superpage (the NC megapage) maps its whole range. */
        TC(4)
        lla  a0, priv_page_b + 0x38
        li   t0, 0x80000000
        sub  a0, a0, t0
        li   t0, VA_2M
        add  a0, a0, t0
        mv   s0, a0
        li   a1, PROBE_LD
        li   a3, PRV_S
        call priv_probe
        OK
        EXPECT(a0, MAGIC_B + 7)

/* 5: with PBMTE = 1, PBMT in a non-leaf PTE is reserved: the level-1
 * pointer, then the root pointer, of PG(0)'s walk. */
        TC(5)
        li   t0, MENVCFG_PBMTE
        csrs menvcfg, t0
        csrr t0, satp
        slli t0, t0, 20
        srli t0, t0, 8          /* root table */
        addi s4, t0, 8          /* s4 = root PTE for VA 0x4000_0000 (index 1) */
        ld   s6, 0(s4)
        srli t0, s6, 10
        slli s5, t0, 12         /* s5 = level-1 PTE (index 0) */
        ld   s3, 0(s5)
        SET_PTE(s5, s3, PBMT_NC)
        VPROBE(PRV_S, PROBE_LD, PG(0))
        FAULT(CAUSE_LOAD_PAGE)
        SET_PTE(s5, s3, PBMT_IO)
        VPROBE(PRV_S, PROBE_SD, PG(0))
        FAULT(CAUSE_STORE_PAGE)
        sd   s3, 0(s5)
        SET_PTE(s4, s6, PBMT_NC)
        VPROBE(PRV_S, PROBE_LD, PG(0))
        FAULT(CAUSE_LOAD_PAGE)
        sd   s6, 0(s4)
        VPROBE(PRV_S, PROBE_LD, PG(0))
        OK
        EXPECT(a0, MAGIC_A)

        csrw satp, zero
        csrw menvcfg, zero
        sfence.vma
PRIV_END
