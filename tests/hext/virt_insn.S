/* Virtual-instruction exceptions (cause 22) and the cases that stay
 * illegal (H 1.0, "Trap Cause Codes", hstatus VTW/VTSR, hcounteren).
 * tval = the instruction bits in every case.
 *   - counters: VS needs hcounteren, VU hcounteren and scounteren, where
 *     mcounteren allows the counter (22); mcounteren = 0: illegal;
 *   - WFI: VS with hstatus.VTW = 1 and VU: 22; mstatus.TW = 1: illegal
 *     in VS; with nothing set, WFI in VS completes (here an interrupt is
 *     pending and enabled, but globally disabled, so it does at once);
 *   - SRET in VS with hstatus.VTSR = 1: 22;
 *   - stay illegal: writes to read-only CSRs, FP with vsstatus.FS = 0.
 * (Hypervisor CSRs: csr.S; HLV/HSV: hlv.S; HFENCE/SFENCE and VTVM:
 * hfence.S; what QEMU 7.2 gets wrong: virt_insn_strict.S.) */
#include "hext.h"

#define TRAPS_IN(goto, cause, ...)                      \
        TRAP_IN(goto, __VA_ARGS__);                     \
        EXPECT_TRAP(HX_M, cause);                       \
        lla a7, 9001b; EXPECT_REG(s11, a7);             \
        lwu a7, 0(a7); EXPECT_REG(s10, a7)
#define WORKS_IN(goto, ...)  INSN_IN(goto, __VA_ARGS__); EXPECT_OK
#define COUNTEREN(m, h, s)                              \
        li t0, m; csrw mcounteren, t0;                  \
        li t0, h; csrw hcounteren, t0;                  \
        li t0, s; csrw scounteren, t0

HEXT_BEGIN

/* 1: VS: mcounteren allows, hcounteren does not: virtual instruction;
 * both allow: the read works; mcounteren does not: illegal. */
        TC(1)
        COUNTEREN(COUNT_CY | COUNT_IR, 0, COUNT_CY | COUNT_IR)
        TRAPS_IN(GOTO_VS, CAUSE_VIRTUAL, rdcycle a0)
        TRAPS_IN(GOTO_VS, CAUSE_VIRTUAL, rdinstret a0)
        COUNTEREN(COUNT_CY | COUNT_IR, COUNT_CY, 0)
        WORKS_IN(GOTO_VS, rdcycle a0)
        TRAPS_IN(GOTO_VS, CAUSE_VIRTUAL, rdinstret a0)
        COUNTEREN(COUNT_IR, COUNT_CY | COUNT_IR, COUNT_CY | COUNT_IR)
        TRAPS_IN(GOTO_VS, CAUSE_ILLEGAL, rdcycle a0)
        WORKS_IN(GOTO_VS, rdinstret a0)

/* 2: VU needs both hcounteren and scounteren. */
        TC(2)
        COUNTEREN(COUNT_CY, COUNT_CY, 0)
        TRAPS_IN(GOTO_VU, CAUSE_VIRTUAL, rdcycle a0)
        COUNTEREN(COUNT_CY, 0, COUNT_CY)
        TRAPS_IN(GOTO_VU, CAUSE_VIRTUAL, rdcycle a0)
        COUNTEREN(COUNT_CY, COUNT_CY, COUNT_CY)
        WORKS_IN(GOTO_VU, rdcycle a0)
        COUNTEREN(0, COUNT_CY, COUNT_CY)
        TRAPS_IN(GOTO_VU, CAUSE_ILLEGAL, rdcycle a0)
        /* V=0 U-mode: scounteren alone decides (hcounteren does not) */
        COUNTEREN(COUNT_CY, 0, COUNT_CY)
        WORKS_IN(GOTO_U, rdcycle a0)
        COUNTEREN(0, 0, 0)

/* 3: WFI: VS with VTW = 1 and VU raise virtual instruction. */
        TC(3)
        li   t0, HSTATUS_VTW
        csrs hstatus, t0
        TRAPS_IN(GOTO_VS, CAUSE_VIRTUAL, wfi)
        li   t0, HSTATUS_VTW
        csrc hstatus, t0
        TRAPS_IN(GOTO_VU, CAUSE_VIRTUAL, wfi)

/* 4: mstatus.TW = 1 makes WFI illegal in VS (VTW or not). */
        TC(4)
        li   t0, MSTATUS_TW
        csrs mstatus, t0
        TRAPS_IN(GOTO_VS, CAUSE_ILLEGAL, wfi)
        li   t0, HSTATUS_VTW
        csrs hstatus, t0
        TRAPS_IN(GOTO_VS, CAUSE_ILLEGAL, wfi)
        li   t0, HSTATUS_VTW
        csrc hstatus, t0
        li   t0, MSTATUS_TW
        csrc mstatus, t0

/* 5: WFI in VS with VTW = 0 completes: a VS interrupt is pending and
 * enabled in vsie but vsstatus.SIE = 0, so it wakes the hart at once and
 * is not taken. */
        TC(5)
        li   t0, MIP_VSSIP
        csrw hideleg, t0
        csrw hie, t0
        csrw hvip, t0
        csrw vsstatus, zero
        WORKS_IN(GOTO_VS, wfi)
        csrw hvip, zero
        csrw hie, zero
        csrw hideleg, zero

/* 6: SRET in VS with VTSR = 1: virtual instruction. */
        TC(6)
        li   t0, HSTATUS_VTSR
        csrs hstatus, t0
        TRAPS_IN(GOTO_VS, CAUSE_VIRTUAL, sret)
        li   t0, HSTATUS_VTSR
        csrc hstatus, t0

/* 7: VTW, VTSR, VTVM do not affect HS. */
        TC(7)
        li   t0, HSTATUS_VTSR | HSTATUS_VTVM | HSTATUS_VTW
        csrs hstatus, t0
        WORKS_IN(GOTO_HS, sfence.vma)
        WORKS_IN(GOTO_HS, csrr a0, satp)
        csrw hstatus, zero

/* 8: instructions not allowed in HS either stay illegal in VS: writing a
 * read-only counter, M CSRs; FP with vsstatus.FS = 0 (even though the
 * HS-level FS is on). */
        TC(8)
        COUNTEREN(COUNT_CY, COUNT_CY, 0)
        TRAPS_IN(GOTO_VS, CAUSE_ILLEGAL, csrw cycle, zero)
        TRAPS_IN(GOTO_VS, CAUSE_ILLEGAL, csrr a0, mcounteren)
        li   t0, MSTATUS_FS
        csrs mstatus, t0
        csrc vsstatus, t0
        TRAPS_IN(GOTO_VS, CAUSE_ILLEGAL, fmv.x.d a0, fa0)
        csrs vsstatus, t0
        WORKS_IN(GOTO_VS, fmv.x.d a0, fa0)
        COUNTEREN(0, 0, 0)

/* 9: virtual-instruction traps go to HS with medeleg[22] and never to
 * VS (hedeleg[22] is read-only zero). */
        TC(9)
        li   t0, 1 << CAUSE_VIRTUAL
        csrw medeleg, t0
        li   t0, -1
        csrw hedeleg, t0
        TRAP_IN(GOTO_VU, wfi)
        EXPECT_TRAP(HX_HS, CAUSE_VIRTUAL)
        lla  a7, 9001b
        lwu  a7, 0(a7)
        EXPECT_REG(s10, a7)
        EXPECT_CSR_BITS(hstatus, HSTATUS_SPV | HSTATUS_SPVP, HSTATUS_SPV)
        csrw medeleg, zero
        csrw hedeleg, zero
HEXT_END
