/* Svpbmt checks QEMU 7.2 fails (rvkvm only; the rest: svpbmt.S):
 *   - with menvcfg.PBMTE = 0 the implementation "behaves as though Svpbmt
 *     were not implemented" (machine-level "menvcfg"): PBMT bits 62:61
 *     are reserved again, a page fault (QEMU 7.2 looks at the extension,
 *     not at PBMTE);
 *   - PBMT = 3 in a leaf is reserved, a page fault ("Svpbmt" chapter);
 *   - bits 60:54 stay reserved with Svpbmt and Svnapot (supervisor "Sv39":
 *     QEMU 7.2 ignores them once either extension is on). */
#include "svpbmt.inc"

/* 1: PBMTE = 0: the PBMT field is reserved: NC or IO fault as the
 * access, on a 4 KiB page and on a megapage (PBMT = 0 works). */
        TC(1)
        csrw menvcfg, zero
        VPROBE(PRV_S, PROBE_LD, PG(0) + 8)
        OK
        EXPECT(a0, MAGIC_A + 1)
        SET_PTE(s1, s2, PBMT_NC)
        VPROBE(PRV_S, PROBE_LD, PG(0) + 8)
        FAULT(CAUSE_LOAD_PAGE)
        SET_PTE(s1, s2, PBMT_IO)
        VPROBE(PRV_S, PROBE_LD, PG(0) + 8)
        FAULT(CAUSE_LOAD_PAGE)
        VPROBE(PRV_S, PROBE_SD, PG(0) + 8)
        FAULT(CAUSE_STORE_PAGE)
        SET_PTE(s5, s6, PBMT_NC)
        VPROBE(PRV_S, PROBE_EXEC, PG(2))
        FAULT(CAUSE_FETCH_PAGE)
        VPROBE(PRV_S, PROBE_LD, VA_2M + 0x10)
        FAULT(CAUSE_LOAD_PAGE)

/* 2: the same PTEs work once PBMTE = 1, and fault again when it is
 * cleared (the setting is not kept in cached translations: priv_probe
 * fences, as the spec asks after a change of PBMTE). */
        TC(2)
        li   t0, MENVCFG_PBMTE
        csrs menvcfg, t0
        VPROBE(PRV_S, PROBE_LD, PG(0) + 0x28)
        OK
        EXPECT(a0, MAGIC_A + 5)
        VPROBE(PRV_S, PROBE_EXEC, PG(2))
        OK
        EXPECT(a0, EXEC_MAGIC)
        li   t0, MENVCFG_PBMTE
        csrc menvcfg, t0
        VPROBE(PRV_S, PROBE_LD, PG(0) + 0x28)
        FAULT(CAUSE_LOAD_PAGE)
        VPROBE(PRV_S, PROBE_EXEC, PG(2))
        FAULT(CAUSE_FETCH_PAGE)

/* 3: PBMT = 3 is reserved even with PBMTE = 1. */
        TC(3)
        li   t0, MENVCFG_PBMTE
        csrs menvcfg, t0
        SET_PTE(s1, s2, PBMT_NC | PBMT_IO)
        VPROBE(PRV_S, PROBE_LD, PG(0) + 0x30)
        FAULT(CAUSE_LOAD_PAGE)
        VPROBE(PRV_S, PROBE_SD, PG(0) + 0x30)
        FAULT(CAUSE_STORE_PAGE)
        SET_PTE(s5, s6, PBMT_NC | PBMT_IO)
        VPROBE(PRV_S, PROBE_EXEC, PG(2))
        FAULT(CAUSE_FETCH_PAGE)
        SET_PTE(s1, s2, 0)
        VPROBE(PRV_S, PROBE_LD, PG(0) + 0x30)
        OK
        EXPECT(a0, MAGIC_A + 6)

/* 4: with PBMTE = 1, each of bits 54..60 alone still faults, on a PBMT =
 * NC leaf too. */
        TC(4)
        li   s3, 54
4:      li   t0, 1
        sll  t0, t0, s3
        or   t0, t0, s2
        sd   t0, 0(s1)
        VPROBE(PRV_S, PROBE_LD, PG(0) + 8)
        FAULT(CAUSE_LOAD_PAGE)
        li   t0, 1
        sll  t0, t0, s3
        li   t1, PBMT_NC
        or   t0, t0, t1
        or   t0, t0, s2
        sd   t0, 0(s1)
        VPROBE(PRV_S, PROBE_LD, PG(0) + 8)
        FAULT(CAUSE_LOAD_PAGE)
        addi s3, s3, 1
        li   t0, 61
        bltu s3, t0, 4b
        SET_PTE(s1, s2, PBMT_NC)
        VPROBE(PRV_S, PROBE_LD, PG(0) + 8)
        OK
        EXPECT(a0, MAGIC_A + 1)

        csrw satp, zero
        csrw menvcfg, zero
        sfence.vma
PRIV_END
