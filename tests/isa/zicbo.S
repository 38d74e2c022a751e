/* Zicbom / Zicboz (unprivileged spec, "Cache-Block Operations"): what the
 * operations do and how they fault; the xenvcfg enables are
 * zicbo_envcfg.S.  rvkvm's cache block is 64 bytes (the device tree's
 * riscv,cbom-block-size / riscv,cboz-block-size).
 *   - cbo.zero zeroes exactly the 64-byte block holding rs1 (rs1 need not
 *     be aligned); cbo.clean/flush/inval change nothing (coherent memory);
 *   - faults are store faults with tval = rs1 (not the block's base): an
 *     address nothing backs gives a store access fault (7); a VA with no
 *     mapping a store page fault (15); cbo.zero needs write permission,
 *     the management operations load permission (a read-only page is
 *     fine); A is checked (fault with menvcfg.ADUE = 0, else set), and D
 *     only by cbo.zero; PMP denial is a store access fault;
 *   - cbo.zero over code: the new bytes are what runs after FENCE.I.
 * Translated accesses use MPRV with MPP = S and an Sv39 table of
 * gigapages (M-mode code, S-mode data):
 *   VA 0x4000_0000 -> 0x8000_0000 read-only (R, A)
 *   VA 0x8000_0000 -> 0x8000_0000 RWX (A, D): the test's own data
 *   VA 0xC000_0000    nothing
 *   VA 0x1_0000_0000 -> 0x8000_0000 RW without A and D
 * Not run on QEMU 7.2 (no Zicbom/Zicboz). */
#include "hext.h"

        .option arch, +zicbom, +zicboz

#define PATTERN 0xa5a5a5a55a5a5a5a
#define VA_RO    0x40000000
#define VA_NONE  0xc0000000
#define VA_NOAD  0x100000000
#define PA_BASE  0x80000000
#define GIGA_PTE(flags) ((PA_BASE >> 12) << 10 | (flags))

/* MPRV = 1 with MPP = S: loads, stores and CMOs translate as S-mode's. */
#define MPRV_S                                          \
        li t0, MSTATUS_MPP; csrc mstatus, t0;           \
        li t0, MSTATUS_MPRV | (PRV_S << 11); csrs mstatus, t0
#define MPRV_OFF li t0, MSTATUS_MPRV; csrc mstatus, t0

/* Fill the 3 blocks at blocks with PATTERN (a0, a1 clobbered). */
#define FILL                                            \
        lla a0, blocks; li a1, PATTERN;                 \
        .rept 24; sd a1, 0(a0); addi a0, a0, 8; .endr

/* Check the 24 doublewords: block b (0..2) zero, the others PATTERN
 * (a0, a2, a3, a4 clobbered). */
#define CHECK_BLOCKS(zb)                                \
        lla a0, blocks; li a4, 0;                       \
1:      ld a2, 0(a0); li a3, PATTERN;                   \
        srli t0, a4, 3; li t1, zb; bne t0, t1, 2f; li a3, 0; \
2:      EXPECT_REG(a2, a3);                             \
        addi a0, a0, 8; addi a4, a4, 1; li t0, 24; bltu a4, t0, 1b

/* A CMO at rs1 = a1 expected to fault with cause c, tval = a1. */
#define FAULTS(c, insn)                                 \
        HTRY(8f); insn; 8: EXPECT_CAUSE(c); EXPECT_REG(s10, a1)
#define NO_FAULT(insn) HTRY(8f); insn; 8: EXPECT_NO_TRAP

HEXT_BEGIN
/* 1: the encodings (rs1 = a1) */
        TC(1)
        lla a1, enc
        lwu a0, 0(a1); EXPECT(a0, 0x0015a00f)
        lwu a0, 4(a1); EXPECT(a0, 0x0025a00f)
        lwu a0, 8(a1); EXPECT(a0, 0x0005a00f)
        lwu a0, 12(a1); EXPECT(a0, 0x0045a00f)

/* 2: cbo.zero with rs1 inside the middle block zeroes that block only */
        TC(2)
        FILL
        lla a1, blocks + 64 + 0x27
        cbo.zero (a1)
        CHECK_BLOCKS(1)
/* 3: the block's first and last bytes name the same block */
        TC(3)
        FILL
        lla a1, blocks + 128
        cbo.zero (a1)
        CHECK_BLOCKS(2)
        FILL
        lla a1, blocks + 63
        cbo.zero (a1)
        CHECK_BLOCKS(0)
/* 4: clean, flush, inval leave memory as it is */
        TC(4)
        FILL
        lla a1, blocks + 64 + 8
        cbo.clean (a1)
        cbo.flush (a1)
        cbo.inval (a1)
        CHECK_BLOCKS(3)

/* 5: in M-mode, an address nothing backs: store access fault, tval = rs1
 * (unaligned, so not the block's base) */
        TC(5)
        li a1, ADDR_UNMAPPED + 0x48
        FAULTS(CAUSE_STORE_ACCESS, cbo.zero (a1))
        FAULTS(CAUSE_STORE_ACCESS, cbo.clean (a1))
        FAULTS(CAUSE_STORE_ACCESS, cbo.flush (a1))
        FAULTS(CAUSE_STORE_ACCESS, cbo.inval (a1))

/* 6: translated (Sv39 via MPRV, MPP = S) */
        TC(6)
        lla a0, root
        li a1, GIGA_PTE(PTE_V | PTE_R | PTE_A); sd a1, 8(a0)
        li a1, GIGA_PTE(PTE_V | PTE_R | PTE_W | PTE_X | PTE_A | PTE_D); sd a1, 16(a0)
        sd zero, 24(a0)
        li a1, GIGA_PTE(PTE_V | PTE_R | PTE_W); sd a1, 32(a0)
        srli a0, a0, 12
        li a1, SATP_SV39; or a0, a0, a1
        csrw satp, a0
        sfence.vma
        /* a VA with no mapping: store page fault for all four */
        li a1, VA_NONE + 0x28
        MPRV_S; FAULTS(CAUSE_STORE_PAGE, cbo.clean (a1))
        MPRV_S; FAULTS(CAUSE_STORE_PAGE, cbo.flush (a1))
        MPRV_S; FAULTS(CAUSE_STORE_PAGE, cbo.inval (a1))
        MPRV_S; FAULTS(CAUSE_STORE_PAGE, cbo.zero (a1))
        /* read-only page: management allowed, cbo.zero a store page fault */
        li a1, VA_RO + 0x1010
        MPRV_S; NO_FAULT(cbo.clean (a1))
        MPRV_S; NO_FAULT(cbo.flush (a1))
        MPRV_S; NO_FAULT(cbo.inval (a1))
        MPRV_S; FAULTS(CAUSE_STORE_PAGE, cbo.zero (a1))
        MPRV_OFF
/* 7: through the identity mapping, cbo.zero zeroes the block */
        TC(7)
        FILL
        lla a1, blocks + 128 + 5
        MPRV_S; NO_FAULT(cbo.zero (a1))
        MPRV_OFF
        CHECK_BLOCKS(2)

/* 8: A and D (the page at VA_NOAD has neither): with menvcfg.ADUE = 0 the
 * management operations fault on A; with ADUE = 1 they set A but not D,
 * and cbo.zero sets both. */
        TC(8)
        csrw menvcfg, zero
        lla a1, blocks
        li t0, VA_NOAD - PA_BASE; add a1, a1, t0
        MPRV_S; FAULTS(CAUSE_STORE_PAGE, cbo.clean (a1))
        MPRV_S; FAULTS(CAUSE_STORE_PAGE, cbo.zero (a1))
        li t0, MENVCFG_ADUE; csrw menvcfg, t0
        sfence.vma
        MPRV_S; NO_FAULT(cbo.flush (a1))
        MPRV_OFF
        lla a0, root; ld a0, 32(a0)
        EXPECT_BITS(a0, PTE_A | PTE_D, PTE_A)
        FILL
        lla a1, blocks
        li t0, VA_NOAD - PA_BASE; add a1, a1, t0
        MPRV_S; NO_FAULT(cbo.zero (a1))
        MPRV_OFF
        lla a0, root; ld a0, 32(a0)
        EXPECT_BITS(a0, PTE_A | PTE_D, PTE_A | PTE_D)
        CHECK_BLOCKS(0)
        csrw menvcfg, zero

/* 9: PMP: S-level accesses to a 4 KiB region PMP grants nothing: store
 * access fault for every CMO (entry 0 has priority over priv_init's 15). */
        TC(9)
        lla a0, pmp_page
        srli a0, a0, 2; ori a0, a0, (4096 >> 3) - 1
        csrw pmpaddr0, a0
        li t0, PMP_NAPOT; csrw pmpcfg0, t0
        PMP_SYNC
        lla a1, pmp_page + 0x44
        MPRV_S; FAULTS(CAUSE_STORE_ACCESS, cbo.clean (a1))
        MPRV_S; FAULTS(CAUSE_STORE_ACCESS, cbo.inval (a1))
        MPRV_S; FAULTS(CAUSE_STORE_ACCESS, cbo.zero (a1))
        MPRV_OFF
        csrw pmpcfg0, zero
        PMP_SYNC
        csrw satp, zero
        sfence.vma

/* 10: cbo.zero over code that has run: after FENCE.I the zeroed block
 * (all-zero bits: an illegal instruction) is what executes. */
        TC(10)
        call code_block
        EXPECT(a0, 1)
        lla a1, code_block
        cbo.zero (a1)
        fence.i
        HTRY(8f)
        call code_block
8:      EXPECT_CAUSE(CAUSE_ILLEGAL)
HEXT_END

        .text
enc:    cbo.clean (a1)
        cbo.flush (a1)
        cbo.inval (a1)
        cbo.zero (a1)
        .balign 64
code_block:
        li a0, 1
        ret
        .balign 64

        .data
        .balign 4096
root:   .skip 4096
pmp_page: .skip 4096
        .balign 64
blocks: .skip 192
