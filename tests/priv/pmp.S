/* Physical memory protection (priv spec 1.12, 3.7): NAPOT, NA4 and TOR
 * regions for S/U loads, stores and fetches (access faults 5/7/1 with
 * mtval = the address), priority of the lowest-numbered entry, partial
 * matches, no-match rules, PMP on page-table walks, and locked entries.
 * priv_init leaves entry 15 granting RWX on everything; entries 0..14 take
 * priority over it.  Locked entries last: they stay until reset. */
#include "priv.h"

/* pmpaddr value for the 4 KiB page at `label` (t0) */
#define NAPOT_PAGE(label) lla t0, label; srli t0, t0, 2; ori t0, t0, 0x1ff
/* Write pmpcfg0 (entries 0..7) and synchronise. */
#define SET_PMPCFG0(v)    li t0, v; csrw pmpcfg0, t0; PMP_SYNC

/* One access at label+off (s0 = the address; s0 is clobbered) in `mode`: expect success, or `cause` with
 * mtval = the address. */
#define PROBE_OK(mode, op, label, off)                  \
        lla a0, label; li t0, off; add a0, a0, t0;       \
        li a1, op; li a2, 0x5a; li a3, mode;            \
        call priv_probe; EXPECT(s9, -1)
#define PROBE_FAULT(mode, op, label, off, cause)        \
        lla a0, label; li t0, off; add a0, a0, t0;       \
        mv s0, a0;                                      \
        li a1, op; li a2, 0x5a; li a3, mode;            \
        call priv_probe; EXPECT(s9, cause);             \
        EXPECT_REG(s10, s0)

PRIV_BEGIN

/* 1: unlocked entries read back as written. */
        TC(1)
        NAPOT_PAGE(priv_page_c)
        csrw pmpaddr0, t0
        mv   s0, t0
        csrr a0, pmpaddr0
        EXPECT_REG(a0, s0)
        li   t0, (PMP_NAPOT | PMP_R) | ((PMP_TOR | PMP_X) << 8)
        csrw pmpcfg0, t0
        EXPECT_CSR_BITS(pmpcfg0, 0xffff, (PMP_NAPOT | PMP_R) | ((PMP_TOR | PMP_X) << 8))
        SET_PMPCFG0(0)

/* 2: with only the catch-all entry, S and U can load, store, execute. */
        TC(2)
        PROBE_OK(PRV_S, PROBE_LD, priv_page_c, 0)
        PROBE_OK(PRV_U, PROBE_SD, priv_page_c, 8)
        PROBE_OK(PRV_U, PROBE_EXEC, priv_exec_page, 0)
        EXPECT(a0, EXEC_MAGIC)

/* 3: a NAPOT page with no permissions: S/U loads and stores fault with
 * the address in mtval; the bytes around the page are not covered; M is
 * not affected by an unlocked entry. */
        TC(3)
        NAPOT_PAGE(priv_page_c)
        csrw pmpaddr0, t0
        SET_PMPCFG0(PMP_NAPOT)
        PROBE_FAULT(PRV_S, PROBE_LD, priv_page_c, 0, CAUSE_LOAD_ACCESS)
        PROBE_FAULT(PRV_S, PROBE_SD, priv_page_c, 0x800, CAUSE_STORE_ACCESS)
        PROBE_FAULT(PRV_U, PROBE_LD, priv_page_c, 0xff8, CAUSE_LOAD_ACCESS)
        PROBE_FAULT(PRV_U, PROBE_SB, priv_page_c, 0x123, CAUSE_STORE_ACCESS)
        PROBE_OK(PRV_S, PROBE_LD, priv_page_c, -8)
        PROBE_OK(PRV_S, PROBE_LD, priv_page_c, 4096)
        lla  a0, priv_page_c
        TRY(1f)
        ld   a1, 0(a0)
        sd   a1, 0(a0)
1:      EXPECT_NO_TRAP

/* 4: read-only: loads work, stores fault. */
        TC(4)
        SET_PMPCFG0(PMP_NAPOT | PMP_R)
        PROBE_OK(PRV_S, PROBE_LD, priv_page_c, 16)
        PROBE_FAULT(PRV_S, PROBE_SD, priv_page_c, 16, CAUSE_STORE_ACCESS)
        PROBE_FAULT(PRV_U, PROBE_SW, priv_page_c, 20, CAUSE_STORE_ACCESS)

/* 5: LR is a load for PMP; an AMO works with R and W.  (AMO faults are
 * in amo_faults.S.) */
        TC(5)
        PROBE_OK(PRV_S, PROBE_LR, priv_page_c, 0x30)
        SET_PMPCFG0(PMP_NAPOT)
        PROBE_FAULT(PRV_U, PROBE_LR, priv_page_c, 0x38, CAUSE_LOAD_ACCESS)
        SET_PMPCFG0(PMP_NAPOT | PMP_R | PMP_W)
        PROBE_OK(PRV_U, PROBE_AMO, priv_page_c, 0x38)
        lla  t0, priv_page_c
        sd   zero, 0x38(t0)

/* 6: fetch needs X: mepc = mtval = the target, cause 1; X alone does not
 * allow loads. */
        TC(6)
        NAPOT_PAGE(priv_exec_page)
        csrw pmpaddr0, t0
        SET_PMPCFG0(PMP_NAPOT | PMP_R | PMP_W)
        PROBE_FAULT(PRV_S, PROBE_EXEC, priv_exec_page, 0, CAUSE_FETCH_ACCESS)
        EXPECT_REG(s11, s0)
        PROBE_FAULT(PRV_U, PROBE_EXEC, priv_exec_page, 0, CAUSE_FETCH_ACCESS)
        PROBE_OK(PRV_U, PROBE_LD, priv_exec_page, 0)
        SET_PMPCFG0(PMP_NAPOT | PMP_X)
        PROBE_OK(PRV_S, PROBE_EXEC, priv_exec_page, 0)
        EXPECT(a0, EXEC_MAGIC)
        PROBE_FAULT(PRV_S, PROBE_LD, priv_exec_page, 0, CAUSE_LOAD_ACCESS)

/* 7: TOR: entry 1 covers [pmpaddr0, pmpaddr1) (entry 0 off). */
        TC(7)
        lla  t0, priv_page_c
        srli t0, t0, 2
        csrw pmpaddr0, t0
        lla  t0, priv_page_c + 4096
        srli t0, t0, 2
        csrw pmpaddr1, t0
        SET_PMPCFG0(PMP_TOR << 8)
        PROBE_FAULT(PRV_S, PROBE_LD, priv_page_c, 0, CAUSE_LOAD_ACCESS)
        PROBE_FAULT(PRV_U, PROBE_SD, priv_page_c, 4088, CAUSE_STORE_ACCESS)
        PROBE_OK(PRV_S, PROBE_LD, priv_page_c, -8)
        PROBE_OK(PRV_S, PROBE_LD, priv_page_c, 4096)

/* 8: TOR with pmpaddr(i-1) >= pmpaddr(i) matches nothing. */
        TC(8)
        lla  t0, priv_page_c + 4096
        srli t0, t0, 2
        csrw pmpaddr0, t0
        lla  t0, priv_page_c
        srli t0, t0, 2
        csrw pmpaddr1, t0
        SET_PMPCFG0(PMP_TOR << 8)
        PROBE_OK(PRV_S, PROBE_LD, priv_page_c, 0)
        PROBE_OK(PRV_S, PROBE_LD, priv_page_c, 4088)

/* 9: NA4 covers exactly 4 bytes (granularity G=0). */
        TC(9)
        lla  t0, priv_page_c + 8
        srli t0, t0, 2
        csrw pmpaddr0, t0
        SET_PMPCFG0(PMP_NA4)
        PROBE_FAULT(PRV_S, PROBE_LW, priv_page_c, 8, CAUSE_LOAD_ACCESS)
        PROBE_FAULT(PRV_S, PROBE_LBU, priv_page_c, 11, CAUSE_LOAD_ACCESS)
        PROBE_FAULT(PRV_U, PROBE_SW, priv_page_c, 8, CAUSE_STORE_ACCESS)
        PROBE_OK(PRV_S, PROBE_LW, priv_page_c, 4)
        PROBE_OK(PRV_S, PROBE_LW, priv_page_c, 12)

/* 10: "The matching PMP entry must match all bytes of an access, or the
 * access fails, irrespective of the L, R, W, and X bits" (3.7.1): an
 * 8-byte load half inside an RWX NA4 entry fails although the catch-all
 * entry would allow it. */
        TC(10)
        lla  t0, priv_page_c + 12
        srli t0, t0, 2
        csrw pmpaddr0, t0
        SET_PMPCFG0(PMP_NA4 | PMP_R | PMP_W | PMP_X)
        PROBE_OK(PRV_S, PROBE_LW, priv_page_c, 12)
        PROBE_FAULT(PRV_S, PROBE_LD, priv_page_c, 8, CAUSE_LOAD_ACCESS)
        PROBE_FAULT(PRV_U, PROBE_SD, priv_page_c, 8, CAUSE_STORE_ACCESS)
        PROBE_OK(PRV_S, PROBE_LD, priv_page_c, 0)

/* 11: the lowest-numbered matching entry decides. */
        TC(11)
        NAPOT_PAGE(priv_page_c)
        csrw pmpaddr0, t0
        csrw pmpaddr1, t0
        SET_PMPCFG0((PMP_NAPOT | PMP_R) | ((PMP_NAPOT | PMP_R | PMP_W) << 8))
        PROBE_FAULT(PRV_S, PROBE_SD, priv_page_c, 0, CAUSE_STORE_ACCESS)
        SET_PMPCFG0((PMP_NAPOT | PMP_R | PMP_W) | (PMP_NAPOT << 8))
        PROBE_OK(PRV_S, PROBE_SD, priv_page_c, 0)
        PROBE_OK(PRV_U, PROBE_LD, priv_page_c, 0)
        /* an NA4 inside the page, in front of it, wins for its 4 bytes */
        lla  t0, priv_page_c + 32
        srli t0, t0, 2
        csrw pmpaddr0, t0
        SET_PMPCFG0((PMP_NA4 | PMP_R) | (PMP_NAPOT << 8))
        PROBE_OK(PRV_S, PROBE_LW, priv_page_c, 32)
        PROBE_FAULT(PRV_S, PROBE_LW, priv_page_c, 36, CAUSE_LOAD_ACCESS)
        SET_PMPCFG0(0)

/* 12: "If no PMP entry matches an S-mode or U-mode access, but at least one
 * PMP entry is implemented, the access fails" (3.7.1); M-mode accesses that
 * match nothing succeed.  Entry 0 covers the first 8 MiB of RAM (this
 * program), the catch-all is off, 0x8080_0000 is RAM no entry covers. */
        TC(12)
        li   t0, PMP_NAPOT_ADDR(0x80000000, 0x800000)
        csrw pmpaddr0, t0
        SET_PMPCFG0(PMP_NAPOT | PMP_R | PMP_W | PMP_X)
        csrw pmpcfg2, zero
        PMP_SYNC
        PROBE_OK(PRV_S, PROBE_LD, priv_page_a, 0)
        li   a0, 0x80800000
        li   a1, PROBE_LD
        li   a3, PRV_S
        call priv_probe
        EXPECT(s9, CAUSE_LOAD_ACCESS)
        EXPECT(s10, 0x80800000)
        li   a0, 0x80800008
        li   a1, PROBE_SD
        li   a3, PRV_U
        call priv_probe
        EXPECT(s9, CAUSE_STORE_ACCESS)
        li   a0, 0x80800000
        TRY(1f)
        sd   zero, 0(a0)
        ld   a1, 0(a0)
1:      EXPECT_NO_TRAP
        li   t0, (PMP_NAPOT | PMP_R | PMP_W | PMP_X) << 56
        csrw pmpcfg2, t0
        SET_PMPCFG0(0)

/* 13: implicit page-table accesses are checked by PMP as S-mode accesses
 * (3.7.1; 4.3.2 step 2): a walk through a table PMP denies raises an
 * access fault for the original access type, mtval = the virtual address. */
        TC(13)
        li   a0, 3
        call pt_new
        mv   s1, a0
        li   a1, 0x40000000
        lla  a2, priv_page_a
        li   a3, PTE_LEAF
        li   a4, 0
        call pt_map
        srli t0, a0, 12         /* the last-level table holding the PTE */
        slli t0, t0, 12
        srli t0, t0, 2
        ori  t0, t0, 0x1ff
        csrw pmpaddr0, t0
        csrw satp, s1
        SET_PMPCFG0(PMP_NAPOT | PMP_R | PMP_W)
        li   a0, 0x40000000
        li   a1, PROBE_LD
        li   a3, PRV_S
        call priv_probe
        EXPECT(s9, -1)
        li   t0, MAGIC_A
        EXPECT_REG(a0, t0)
        SET_PMPCFG0(PMP_NAPOT)
        li   a0, 0x40000008
        li   a1, PROBE_LD
        li   a3, PRV_S
        call priv_probe
        EXPECT(s9, CAUSE_LOAD_ACCESS)
        EXPECT(s10, 0x40000008)
        li   a0, 0x40000010
        li   a1, PROBE_SD
        li   a3, PRV_S
        call priv_probe
        EXPECT(s9, CAUSE_STORE_ACCESS)
        EXPECT(s10, 0x40000010)
        /* the final physical access is checked too: a PMP-denied page
         * behind a valid translation gives an access fault, mtval = VA */
        li   a1, 0x40001000
        lla  a2, priv_page_c
        li   a3, PTE_LEAF
        li   a4, 0
        call pt_map
        NAPOT_PAGE(priv_page_c)
        csrw pmpaddr0, t0
        SET_PMPCFG0(PMP_NAPOT)
        li   a0, 0x40001018
        li   a1, PROBE_LD
        li   a3, PRV_S
        call priv_probe
        EXPECT(s9, CAUSE_LOAD_ACCESS)
        EXPECT(s10, 0x40001018)
        li   a0, 0x40001020
        li   a1, PROBE_SW
        li   a3, PRV_U          /* not a U page: translation fails */
        call priv_probe         /* first, so a page fault, not PMP's */
        EXPECT(s9, CAUSE_STORE_PAGE)
        csrw satp, zero
        SET_PMPCFG0(0)

/* 14: a locked entry binds M-mode too: read-only page, M store faults,
 * M load works (3.7.1.2). */
        TC(14)
        NAPOT_PAGE(priv_page_c)
        csrw pmpaddr2, t0
        mv   s1, t0
        SET_PMPCFG0((PMP_L | PMP_NAPOT | PMP_R) << 16)
        lla  a0, priv_page_c + 0x40
        TRY(1f)
        ld   a1, 0(a0)
1:      EXPECT_NO_TRAP
        TRY(1f)
        sd   a1, 0(a0)
1:      EXPECT_CAUSE(CAUSE_STORE_ACCESS)
        lla  t0, priv_page_c + 0x40
        EXPECT_REG(s10, t0)
        PROBE_FAULT(PRV_U, PROBE_SD, priv_page_c, 0, CAUSE_STORE_ACCESS)

/* 15: a locked entry's pmpcfg and pmpaddr ignore writes. */
        TC(15)
        li   t0, -1
        csrw pmpaddr2, t0
        csrr a0, pmpaddr2
        EXPECT_REG(a0, s1)
        SET_PMPCFG0((PMP_NAPOT | PMP_R | PMP_W | PMP_X) << 16)
        EXPECT_CSR_BITS(pmpcfg0, 0xff0000, (PMP_L | PMP_NAPOT | PMP_R) << 16)
        lla  a0, priv_page_c + 0x40
        TRY(1f)
        sd   a1, 0(a0)
1:      EXPECT_CAUSE(CAUSE_STORE_ACCESS)

/* 16: a locked TOR entry also locks pmpaddr(i-1). */
        TC(16)
        lla  t0, priv_page_b
        srli t0, t0, 2
        csrw pmpaddr3, t0
        mv   s0, t0
        lla  t0, priv_page_c
        srli t0, t0, 2
        csrw pmpaddr4, t0
        SET_PMPCFG0((PMP_L | PMP_NAPOT | PMP_R) << 16 | (PMP_L | PMP_TOR | PMP_R | PMP_W | PMP_X) << 32)
        li   t0, 0x1000
        csrw pmpaddr3, t0
        csrr a0, pmpaddr3
        EXPECT_REG(a0, s0)

/* 17: locked without X: an M-mode fetch faults, mepc = mtval = target. */
        TC(17)
        NAPOT_PAGE(priv_exec_page)
        csrw pmpaddr5, t0
        SET_PMPCFG0((PMP_L | PMP_NAPOT | PMP_R) << 16 | (PMP_L | PMP_TOR | PMP_R | PMP_W | PMP_X) << 32 | (PMP_L | PMP_NAPOT | PMP_R) << 40)
        lla  a0, priv_exec_page
        TRY(1f)
        jalr a0
1:      EXPECT_CAUSE(CAUSE_FETCH_ACCESS)
        lla  t0, priv_exec_page
        EXPECT_REG(s10, t0)
        EXPECT_REG(s11, t0)

PRIV_END
