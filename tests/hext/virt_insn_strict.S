/* Virtual-instruction rules QEMU 7.2 does not follow (rvkvm only; see
 * rules.mk).  tval = the instruction bits in every case.
 *   - mstatus.TSR does not affect SRET in VS (QEMU: illegal);
 *   - SRET, SFENCE.VMA and HFENCE in VU: virtual instruction (QEMU:
 *     illegal);
 *   - WFI in VU with mstatus.TW = 1: illegal, not virtual (QEMU: 22);
 *   - satp in VS with hstatus.VTVM = 1: virtual instruction (QEMU: no
 *     trap). */
#include "hext.h"

#define TRAPS_IN(goto, cause, ...)                      \
        TRAP_IN(goto, __VA_ARGS__);                     \
        EXPECT_TRAP(HX_M, cause);                       \
        lla a7, 9001b; EXPECT_REG(s11, a7);             \
        lwu a7, 0(a7); EXPECT_REG(s10, a7)

HEXT_BEGIN

/* 1: mstatus.TSR does not affect VS: SRET there returns (to VS, SPP = 1)
 * as usual. */
        TC(1)
        li   t0, MSTATUS_TSR
        csrs mstatus, t0
        li   t0, MSTATUS_SPP
        csrw vsstatus, t0
        lla  t0, 3f
        csrw vsepc, t0
        RUN_VS(2f, 1f)
2:      sret
        j    2b
3:      ecall
1:      EXPECT_TRAP(HX_M, CAUSE_ECALL_VS)
        lla  a7, 3b
        EXPECT_REG(s11, a7)
        li   t0, MSTATUS_TSR
        csrc mstatus, t0

/* 2: SRET, SFENCE.VMA, HFENCE.VVMA/GVMA in VU: virtual instruction. */
        TC(2)
        TRAPS_IN(GOTO_VU, CAUSE_VIRTUAL, sret)
        TRAPS_IN(GOTO_VU, CAUSE_VIRTUAL, sfence.vma)
        TRAPS_IN(GOTO_VU, CAUSE_VIRTUAL, sfence.vma a0, a1)
        TRAPS_IN(GOTO_VU, CAUSE_VIRTUAL, hfence.vvma x0, x0)
        TRAPS_IN(GOTO_VU, CAUSE_VIRTUAL, hfence.gvma a0, x0)

/* 3: WFI in VU with mstatus.TW = 1 is illegal (the virtual case needs
 * TW = 0). */
        TC(3)
        li   t0, MSTATUS_TW
        csrs mstatus, t0
        TRAPS_IN(GOTO_VU, CAUSE_ILLEGAL, wfi)
        li   t0, MSTATUS_TW
        csrc mstatus, t0

/* 4: hstatus.VTVM = 1: satp in VS raises virtual instruction (read and
 * write); without VTVM it is vsatp. */
        TC(4)
        li   t0, HSTATUS_VTVM
        csrs hstatus, t0
        TRAPS_IN(GOTO_VS, CAUSE_VIRTUAL, csrr a0, satp)
        TRAPS_IN(GOTO_VS, CAUSE_VIRTUAL, csrw satp, zero)
        li   t0, HSTATUS_VTVM
        csrc hstatus, t0
        INSN_IN(GOTO_VS, csrr a0, satp)
        EXPECT_OK
HEXT_END
