/* Interrupt priority (priv spec 1.12, 3.1.9): "Multiple simultaneous
 * interrupts destined for M-mode are handled in the following decreasing
 * priority order: MEI, MSI, MTI, SEI, SSI, STI", and the same order among
 * those destined for S-mode (4.1.3).
 * rvkvm only: QEMU 7.2 without AIA takes the lowest-numbered pending
 * interrupt (SSI before MSI). */
#include "priv.h"

PRIV_BEGIN

/* 1: priority for interrupts taken into M (3.1.9): MEI > MSI > MTI > SEI >
 * SSI > STI.  MSI, MTI, SEI, SSI and STI all pending; each is cleared after
 * it is taken and the next one must be the next in that order.  (STIP is
 * writable in mip while menvcfg.STCE=0.) */
        TC(1)
        li   t0, ACLINT_MSIP
        li   t1, 1
        sw   t1, 0(t0)
        li   t0, ACLINT_MTIMECMP
        sd   zero, 0(t0)
        li   t0, MIP_SEIP | MIP_SSIP | MIP_STIP
        csrs mip, t0
        EXPECT_CSR_BITS(mip, MIP_MSIP | MIP_MTIP | MIP_SEIP | MIP_SSIP | MIP_STIP, MIP_MSIP | MIP_MTIP | MIP_SEIP | MIP_SSIP | MIP_STIP)
        li   t0, MIP_MSIP | MIP_MTIP | MIP_SEIP | MIP_SSIP | MIP_STIP
        csrw mie, t0

        TRY(1f)
        csrsi mstatus, MSTATUS_MIE
        j    fail
1:      EXPECT_CAUSE(INTR_(IRQ_MSI))
        li   t0, ACLINT_MSIP
        sw   zero, 0(t0)

        TRY(1f)
        csrsi mstatus, MSTATUS_MIE
        j    fail
1:      EXPECT_CAUSE(INTR_(IRQ_MTI))
        li   t0, ACLINT_MTIMECMP
        li   t1, -1
        sd   t1, 0(t0)

        TRY(1f)
        csrsi mstatus, MSTATUS_MIE
        j    fail
1:      EXPECT_CAUSE(INTR_(IRQ_SEI))
        li   t0, MIP_SEIP
        csrc mip, t0

        TRY(1f)
        csrsi mstatus, MSTATUS_MIE
        j    fail
1:      EXPECT_CAUSE(INTR_(IRQ_SSI))
        csrci mip, MIP_SSIP

        TRY(1f)
        csrsi mstatus, MSTATUS_MIE
        j    fail
1:      EXPECT_CAUSE(INTR_(IRQ_STI))
        li   t0, MIP_STIP
        csrc mip, t0
        IRQ_QUIET

/* 2: the same order among interrupts delegated to S, taken in S:
 * SEI > SSI > STI.  M clears each source after S reports it. */
#define S_PRIO_STEP(expect, clearmask)                  \
        lla s8, 3f; GOTO_MODE(PRV_S, 2f);                \
2:      csrsi sstatus, MSTATUS_SIE; nop; nop;           \
        li s8, 0; ecall;                                \
3:      S_SAVE_AND_ECALL(1f);                           \
1:      EXPECT_CAUSE(CAUSE_ECALL_S);                    \
        EXPECT(s0, expect);                             \
        li t0, clearmask; csrc mip, t0

        TC(2)
        li   t0, MIP_SEIP | MIP_SSIP | MIP_STIP
        csrw mideleg, t0
        csrw mie, t0
        csrs mip, t0
        S_PRIO_STEP(INTR_(IRQ_SEI), MIP_SEIP)
        S_PRIO_STEP(INTR_(IRQ_SSI), MIP_SSIP)
        S_PRIO_STEP(INTR_(IRQ_STI), MIP_STIP)
        IRQ_QUIET

PRIV_END
