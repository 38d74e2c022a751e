/* The CMO enables (unprivileged spec, "Cache-Block Operations", "Control
 * and Status Register State"; privileged spec menvcfg/senvcfg, H's
 * henvcfg): CBIE (bits 5:4) for cbo.inval, CBCFE (bit 6) for cbo.clean
 * and cbo.flush, CBZE (bit 7) for cbo.zero.  For each:
 *   - M-mode: always allowed;
 *   - below M with the menvcfg field clear: illegal instruction;
 *   - U with the senvcfg field clear: illegal instruction;
 *   - VS with the henvcfg field clear, VU with the henvcfg or the senvcfg
 *     field clear: virtual instruction;
 * tval = the instruction bits.  CBIE is WARL: 00 off, 01 flush, 11
 * invalidate, the reserved 10 reads back as 00 in rvkvm.  One field does
 * not enable another's instructions.  Not run on QEMU 7.2 (no Zicbom). */
#include "hext.h"

        .option arch, +zicbom, +zicboz

#define CBIE_FLUSH 0x10
#define CBIE_INVAL 0x30
#define CBCFE      0x40
#define CBZE       0x80
#define ALL        (CBIE_INVAL | CBCFE | CBZE)

#define TRAPS_IN(goto, cause, ...)                      \
        TRAP_IN(goto, __VA_ARGS__);                     \
        EXPECT_TRAP(HX_M, cause);                       \
        lla a7, 9001b; EXPECT_REG(s11, a7);             \
        lwu a7, 0(a7); EXPECT_REG(s10, a7)
#define WORKS_IN(goto, ...)  INSN_IN(goto, __VA_ARGS__); EXPECT_OK
#define ENVCFG(m, s, h)                                 \
        li t0, m; csrw menvcfg, t0;                     \
        li t0, s; csrw senvcfg, t0;                     \
        li t0, h; csrw henvcfg, t0

/* The four CMOs at a1 in a mode: all complete / all raise `cause`. */
#define ALL_WORK(goto)                                  \
        WORKS_IN(goto, cbo.clean (a1)); WORKS_IN(goto, cbo.flush (a1)); \
        WORKS_IN(goto, cbo.inval (a1)); WORKS_IN(goto, cbo.zero (a1))
#define ALL_TRAP(goto, cause)                           \
        TRAPS_IN(goto, cause, cbo.clean (a1)); TRAPS_IN(goto, cause, cbo.flush (a1)); \
        TRAPS_IN(goto, cause, cbo.inval (a1)); TRAPS_IN(goto, cause, cbo.zero (a1))

HEXT_BEGIN
        lla a1, buf + 0x18

/* 1: the fields are writable in all three registers; CBIE = 10 is not kept */
        TC(1)
        ENVCFG(ALL, ALL, ALL)
        EXPECT_CSR_BITS(menvcfg, 0xf0, ALL)
        EXPECT_CSR_BITS(senvcfg, 0xf0, ALL)
        EXPECT_CSR_BITS(henvcfg, 0xf0, ALL)
        ENVCFG(CBIE_FLUSH, CBIE_FLUSH, CBIE_FLUSH)
        EXPECT_CSR_BITS(menvcfg, 0xf0, CBIE_FLUSH)
        EXPECT_CSR_BITS(senvcfg, 0xf0, CBIE_FLUSH)
        EXPECT_CSR_BITS(henvcfg, 0xf0, CBIE_FLUSH)
        ENVCFG(0x20, 0x20, 0x20)
        EXPECT_CSR_BITS(menvcfg, 0x30, 0)
        EXPECT_CSR_BITS(senvcfg, 0x30, 0)
        EXPECT_CSR_BITS(henvcfg, 0x30, 0)

/* 2: M-mode needs no enable */
        TC(2)
        ENVCFG(0, 0, 0)
        cbo.clean (a1)
        cbo.flush (a1)
        cbo.inval (a1)
        cbo.zero (a1)

/* 3: menvcfg clear: illegal in HS, U, VS, VU whatever senvcfg/henvcfg say */
        TC(3)
        ENVCFG(0, ALL, ALL)
        ALL_TRAP(GOTO_HS, CAUSE_ILLEGAL)
        ALL_TRAP(GOTO_U, CAUSE_ILLEGAL)
        ALL_TRAP(GOTO_VS, CAUSE_ILLEGAL)
        ALL_TRAP(GOTO_VU, CAUSE_ILLEGAL)

/* 4: everything enabled: every mode may */
        TC(4)
        ENVCFG(ALL, ALL, ALL)
        ALL_WORK(GOTO_HS)
        ALL_WORK(GOTO_U)
        ALL_WORK(GOTO_VS)
        ALL_WORK(GOTO_VU)

/* 5: senvcfg clear: U illegal, VU virtual; HS and VS unaffected */
        TC(5)
        ENVCFG(ALL, 0, ALL)
        ALL_WORK(GOTO_HS)
        ALL_WORK(GOTO_VS)
        ALL_TRAP(GOTO_U, CAUSE_ILLEGAL)
        ALL_TRAP(GOTO_VU, CAUSE_VIRTUAL)

/* 6: henvcfg clear: VS and VU virtual; HS and U unaffected */
        TC(6)
        ENVCFG(ALL, ALL, 0)
        ALL_WORK(GOTO_HS)
        ALL_WORK(GOTO_U)
        ALL_TRAP(GOTO_VS, CAUSE_VIRTUAL)
        ALL_TRAP(GOTO_VU, CAUSE_VIRTUAL)

/* 7: henvcfg and senvcfg clear: VU virtual (not illegal), U illegal */
        TC(7)
        ENVCFG(ALL, 0, 0)
        ALL_TRAP(GOTO_VU, CAUSE_VIRTUAL)
        ALL_TRAP(GOTO_U, CAUSE_ILLEGAL)

/* 8: one field each: CBZE alone enables cbo.zero only */
        TC(8)
        ENVCFG(CBZE, CBZE, CBZE)
        WORKS_IN(GOTO_VU, cbo.zero (a1))
        TRAPS_IN(GOTO_HS, CAUSE_ILLEGAL, cbo.clean (a1))
        TRAPS_IN(GOTO_HS, CAUSE_ILLEGAL, cbo.flush (a1))
        TRAPS_IN(GOTO_HS, CAUSE_ILLEGAL, cbo.inval (a1))
/* 9: CBCFE alone: clean and flush */
        TC(9)
        ENVCFG(CBCFE, CBCFE, CBCFE)
        WORKS_IN(GOTO_VU, cbo.clean (a1))
        WORKS_IN(GOTO_VU, cbo.flush (a1))
        TRAPS_IN(GOTO_U, CAUSE_ILLEGAL, cbo.inval (a1))
        TRAPS_IN(GOTO_U, CAUSE_ILLEGAL, cbo.zero (a1))
/* 10: CBIE = 01 (flush) enables cbo.inval, as 11 does; nothing else */
        TC(10)
        ENVCFG(CBIE_FLUSH, CBIE_FLUSH, CBIE_FLUSH)
        WORKS_IN(GOTO_VU, cbo.inval (a1))
        WORKS_IN(GOTO_U, cbo.inval (a1))
        TRAPS_IN(GOTO_VS, CAUSE_ILLEGAL, cbo.zero (a1))
        TRAPS_IN(GOTO_VS, CAUSE_ILLEGAL, cbo.clean (a1))
/* 11: the per-field split between levels: menvcfg CBZE only, henvcfg all:
 * VS cbo.clean illegal (menvcfg first), cbo.zero works */
        TC(11)
        ENVCFG(CBZE, ALL, ALL)
        TRAPS_IN(GOTO_VS, CAUSE_ILLEGAL, cbo.clean (a1))
        WORKS_IN(GOTO_VS, cbo.zero (a1))
        ENVCFG(ALL, ALL, CBCFE)
        TRAPS_IN(GOTO_VS, CAUSE_VIRTUAL, cbo.zero (a1))
        TRAPS_IN(GOTO_VS, CAUSE_VIRTUAL, cbo.inval (a1))
        WORKS_IN(GOTO_VS, cbo.flush (a1))
        ENVCFG(0, 0, 0)
HEXT_END

        .data
        .balign 64
buf:    .skip 128
