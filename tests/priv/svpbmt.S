/* Svpbmt, page-based memory types (priv spec, "Svpbmt" chapter; machine-
 * level "menvcfg"): PTE bits 62:61 (PBMT: 0 PMA, 1 NC, 2 IO, 3 reserved),
 * available to S-level translation only while menvcfg.PBMTE = 1.  In
 * non-leaf PTEs they stay reserved.  rvkvm's memory is coherent, so NC and
 * IO on RAM behave as ordinary memory: loads, stores, AMOs and fetches
 * work.  The checks QEMU 7.2 fails (PBMTE = 0 making PBMT reserved, PBMT =
 * 3, bits 60:54 with Svpbmt) are in svpbmt_strict.S; the VS and G stages
 * in tests/hext/svpbmt_h.S.  QEMU runs this with -cpu
 * rv64,svpbmt=true,svnapot=true (rules.mk). */
#include "priv.h"

#define MENVCFG_PBMTE 0x4000000000000000
#define PBMT_NC   0x2000000000000000
#define PBMT_IO   0x4000000000000000
#define PTE_N     0x8000000000000000

#define PG(i)   (0x40000000 + (i) * 0x1000)
#define VA_2M   0x40200000              /* 2 MiB leaf -> 0x8000_0000 */
#define F(x)    (PTE_V | PTE_A | PTE_D | (x))
#define VPROBE(mode, op, va)                            \
        li a0, va; mv s0, a0;                           \
        li a1, op; li a2, 0x77; li a3, mode; call priv_probe
#define OK        EXPECT(s9, -1)
#define FAULT(c)  EXPECT(s9, c); EXPECT_REG(s10, s0)
/* Rewrite the PTE at (reg) as base | bits (t0, t1 clobbered). */
#define SET_PTE(reg, base, bits)                        \
        li t0, bits; or t0, t0, base; sd t0, 0(reg)

PRIV_BEGIN
        li   a0, 3
        call pt_new
        mv   s7, a0
        li   a1, PG(0)
        lla  a2, priv_page_a
        li   a3, F(PTE_R | PTE_W)
        li   a4, 0
        call pt_map
        mv   s1, a0             /* s1 = PG(0)'s leaf PTE */
        ld   s2, 0(s1)          /* s2 = its PBMT = 0 value */
        li   a1, PG(1)
        lla  a2, priv_page_c
        li   a3, F(PTE_R | PTE_W)
        li   a4, 0
        call pt_map
        mv   s3, a0             /* s3 = PG(1)'s leaf PTE (scratch page) */
        ld   s4, 0(s3)
        li   a1, PG(2)
        lla  a2, priv_exec_page
        li   a3, F(PTE_X)
        li   a4, 0
        call pt_map
        mv   s5, a0             /* s5 = PG(2)'s leaf PTE (code) */
        ld   s6, 0(s5)
        li   a1, VA_2M
        li   a2, 0x80000000
        li   a3, F(PTE_R | PTE_W | PTE_X) | PBMT_NC
        li   a4, 1
        call pt_map
        csrw satp, s7
        sfence.vma

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
