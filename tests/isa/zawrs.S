/* Zawrs (unprivileged spec, "Zawrs"): WRS.NTO (0x00d00073) and WRS.STO
 * (0x01d00073) wait for a store to the reservation set, an interrupt or,
 * for STO, a short timeout; rvkvm's complete at once (the spec lets them
 * complete at any time).  Both are usable in every mode, U included.
 * WRS.NTO below M with mstatus.TW = 1 raises an illegal-instruction
 * exception, and in VS/VU with hstatus.VTW = 1 and TW = 0 a virtual-
 * instruction exception, when it does not complete within a bounded time:
 * rvkvm's bound is zero, as for WFI (raise at once).  WRS.STO never
 * traps.  tval = the instruction bits.  Not run on QEMU 7.2 (no Zawrs). */
#include "hext.h"

        .option arch, +zawrs

#define TRAPS_IN(goto, cause, ...)                      \
        TRAP_IN(goto, __VA_ARGS__);                     \
        EXPECT_TRAP(HX_M, cause);                       \
        lla a7, 9001b; EXPECT_REG(s11, a7);             \
        lwu a7, 0(a7); EXPECT_REG(s10, a7)
#define WORKS_IN(goto, ...)  INSN_IN(goto, __VA_ARGS__); EXPECT_OK
#define GOTO_M(label) j label

HEXT_BEGIN
/* 1: the encodings */
        TC(1)
        lla a1, enc
        lwu a0, 0(a1); EXPECT(a0, 0x00d00073)
        lwu a0, 4(a1); EXPECT(a0, 0x01d00073)

/* 2: with TW = VTW = 0 both complete in every mode (U and VU included,
 * unlike WFI). */
        TC(2)
        WORKS_IN(GOTO_U, wrs.nto)
        WORKS_IN(GOTO_U, wrs.sto)
        WORKS_IN(GOTO_HS, wrs.nto)
        WORKS_IN(GOTO_HS, wrs.sto)
        WORKS_IN(GOTO_VS, wrs.nto)
        WORKS_IN(GOTO_VU, wrs.nto)
        WORKS_IN(GOTO_VU, wrs.sto)
        /* in M, straight */
        wrs.nto
        wrs.sto

/* 3: after LR (a valid reservation set), in M and U */
        TC(3)
        lla a1, word
        lr.d a0, (a1)
        wrs.nto
        lr.w a0, (a1)
        wrs.sto
        WORKS_IN(GOTO_U, lr.d a0, (a1); wrs.nto)

/* 4: mstatus.TW = 1: WRS.NTO illegal in U, HS, VS, VU (VTW or not);
 * WRS.STO completes; M is not affected. */
        TC(4)
        li   t0, MSTATUS_TW
        csrs mstatus, t0
        TRAPS_IN(GOTO_U, CAUSE_ILLEGAL, wrs.nto)
        TRAPS_IN(GOTO_HS, CAUSE_ILLEGAL, wrs.nto)
        TRAPS_IN(GOTO_VS, CAUSE_ILLEGAL, wrs.nto)
        TRAPS_IN(GOTO_VU, CAUSE_ILLEGAL, wrs.nto)
        WORKS_IN(GOTO_U, wrs.sto)
        WORKS_IN(GOTO_VS, wrs.sto)
        wrs.nto
        li   t0, HSTATUS_VTW
        csrs hstatus, t0
        TRAPS_IN(GOTO_VS, CAUSE_ILLEGAL, wrs.nto)
        TRAPS_IN(GOTO_VU, CAUSE_ILLEGAL, wrs.nto)
        li   t0, MSTATUS_TW
        csrc mstatus, t0

/* 5: hstatus.VTW = 1, TW = 0: WRS.NTO a virtual instruction in VS and
 * VU; HS and U are not affected; WRS.STO completes. */
        TC(5)
        TRAPS_IN(GOTO_VS, CAUSE_VIRTUAL, wrs.nto)
        TRAPS_IN(GOTO_VU, CAUSE_VIRTUAL, wrs.nto)
        WORKS_IN(GOTO_VS, wrs.sto)
        WORKS_IN(GOTO_VU, wrs.sto)
        WORKS_IN(GOTO_HS, wrs.nto)
        WORKS_IN(GOTO_U, wrs.nto)
        li   t0, HSTATUS_VTW
        csrc hstatus, t0
HEXT_END

        .text
enc:    wrs.nto
        wrs.sto
        .data
        .balign 8
word:   .dword 0
