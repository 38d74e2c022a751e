/* Interrupts: ACLINT machine software/timer interrupts, software-set SSIP,
 * global enables per privilege, priority order, WFI and mstatus.TW
 * (priv spec 1.12, 3.1.6.1, 3.1.9, 3.2.1, 3.3.3). */
#include "priv.h"

PRIV_BEGIN

/* 1: MSIP set through the ACLINT shows in mip.MSIP; enabled in mie but not
 * taken in M while mstatus.MIE=0; taken as soon as MIE=1. */
        TC(1)
        li   t0, ACLINT_MSIP
        li   t1, 1
        sw   t1, 0(t0)
        lw   t1, 0(t0)
        EXPECT(t1, 1)
        EXPECT_CSR_BITS(mip, MIP_MSIP, MIP_MSIP)
        li   t0, MIP_MSIP
        csrw mie, t0
        TRY(2f)
        nop
        nop
        nop
2:      EXPECT_NO_TRAP
        TRY(1f)
        csrsi mstatus, MSTATUS_MIE
msi_next:
        nop
        nop
        j    fail
1:      EXPECT_CAUSE(INTR_(IRQ_MSI))
        EXPECT_NEAR(s11, msi_next, 4)
        EXPECT_TVAL(0)
        EXPECT_CSR_BITS(mstatus, MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_MPP, MSTATUS_MPIE | MSTATUS_MPP)

/* 2: mip.MSIP is read-only to CSR writes; clearing the ACLINT bit clears it. */
        TC(2)
        csrci mip, MIP_MSIP
        EXPECT_CSR_BITS(mip, MIP_MSIP, MIP_MSIP)
        li   t0, ACLINT_MSIP
        sw   zero, 0(t0)
        lw   t1, 0(t0)
        EXPECT(t1, 0)
        EXPECT_CSR_BITS(mip, MIP_MSIP, 0)

/* 3: mtime advances.  (The time CSR is checked in time_csr.S.) */
        TC(3)
        li   t0, ACLINT_MTIME
        ld   a0, 0(t0)
        li   t1, 2000
2:      addi t1, t1, -1
        bnez t1, 2b
        ld   a2, 0(t0)
        bgeu a0, a2, fail

/* 4: machine timer: MTIP follows mtime >= mtimecmp; the interrupt is taken
 * with cause 7; mip.MTIP is read-only to CSR writes; a later mtimecmp
 * clears it. */
        TC(4)
        /* 100 s ahead: a host that stalls this thread must not make the
         * "not yet pending" checks race the deadline (CI saw it). */
        li   a0, 1000000000
        call priv_timer_in
        EXPECT_CSR_BITS(mip, MIP_MTIP, 0)
        li   t0, MIP_MTIP
        csrs mip, t0
        EXPECT_CSR_BITS(mip, MIP_MTIP, 0)
        li   a0, 2000
        call priv_timer_in
        li   t0, MIP_MTIP
        csrw mie, t0
        TRY(1f)
        csrsi mstatus, MSTATUS_MIE
        WAIT_FOR_TRAP
1:      EXPECT_CAUSE(INTR_(IRQ_MTI))
        EXPECT_CSR_BITS(mip, MIP_MTIP, MIP_MTIP)
        li   t0, MIP_MTIP
        csrc mip, t0
        EXPECT_CSR_BITS(mip, MIP_MTIP, MIP_MTIP)
        li   t0, ACLINT_MTIMECMP
        li   t1, -1
        sd   t1, 0(t0)
        EXPECT_CSR_BITS(mip, MIP_MTIP, 0)
        csrw mie, zero

/* 5-6: M-level interrupts are always enabled in S and U, whatever
 * mstatus.MIE (3.1.6.1); mepc = the first lower-mode instruction. */
        TC(5)
        li   t0, ACLINT_MSIP
        li   t1, 1
        sw   t1, 0(t0)
        li   t0, MIP_MSIP
        csrw mie, t0
        li   t0, MSTATUS_MPIE
        csrc mstatus, t0        /* MRET leaves MIE = 0 */
        RUN_IN(PRV_S, msi_s, 1f)
msi_s:
        nop
        nop
        li   s8, 0
        ecall
1:      EXPECT_CAUSE(INTR_(IRQ_MSI))
        EXPECT_NEAR(s11, msi_s, 4)
        EXPECT_CSR_BITS(mstatus, MSTATUS_MPP | MSTATUS_MPIE, PRV_S << 11)

        TC(6)
        li   t0, MSTATUS_MPIE
        csrc mstatus, t0
        RUN_IN(PRV_U, msi_u, 1f)
msi_u:
        nop
        nop
        li   s8, 0
        ecall
1:      EXPECT_CAUSE(INTR_(IRQ_MSI))
        EXPECT_NEAR(s11, msi_u, 4)
        EXPECT_CSR_BITS(mstatus, MSTATUS_MPP, PRV_U << 11)
        IRQ_QUIET

/* 7: SSIP written by M-mode software, not delegated: taken in M. */
        TC(7)
        li   t0, MIP_SSIP
        csrw mie, t0
        csrsi mip, MIP_SSIP
        EXPECT_CSR_BITS(mip, MIP_SSIP, MIP_SSIP)
        TRY(1f)
        csrsi mstatus, MSTATUS_MIE
        nop
        nop
        j    fail
1:      EXPECT_CAUSE(INTR_(IRQ_SSI))
        IRQ_QUIET

/* (Priority order among pending interrupts: irq_priority.S.) */

/* 8: in S, a pending M-level interrupt (not delegated) goes before a
 * pending S-level one that is delegated and enabled. */
        TC(8)
        li   t0, MIP_SSIP
        csrw mideleg, t0
        li   t0, MIP_SSIP | MIP_MSIP
        csrw mie, t0
        csrsi mip, MIP_SSIP
        li   t0, ACLINT_MSIP
        li   t1, 1
        sw   t1, 0(t0)
        li   t0, MSTATUS_SPIE   /* nothing stops the SSI in S but priority */
        csrs mstatus, t0
        RUN_IN(PRV_S, 2f, 1f)
2:      csrsi sstatus, MSTATUS_SIE
        nop
        li   s8, 0
        ecall
1:      EXPECT_CAUSE(INTR_(IRQ_MSI))
        IRQ_QUIET
        csrw mideleg, zero

/* 9: WFI with mstatus.MIE=0 still wakes up when an enabled interrupt
 * becomes pending (3.3.3), and the interrupt is not taken.  WFI may also
 * return early (it may be a NOP), hence the loop; it must not hang. */
        TC(9)
        li   t0, MIP_MTIP
        csrw mie, t0
        csrci mstatus, MSTATUS_MIE
        li   a0, 2000
        call priv_timer_in
        TRY(1f)
2:      wfi
        csrr t0, mip
        andi t0, t0, MIP_MTIP
        beqz t0, 2b
1:      EXPECT_NO_TRAP
        IRQ_QUIET

/* 10: mstatus.TW=1 does not affect WFI in M. */
        TC(10)
        li   t0, MSTATUS_TW
        csrs mstatus, t0
        li   t0, MIP_MTIP
        csrw mie, t0
        li   a0, 100
        call priv_timer_in
        TRY(1f)
2:      wfi
        csrr t0, mip
        andi t0, t0, MIP_MTIP
        beqz t0, 2b
1:      EXPECT_NO_TRAP
        IRQ_QUIET
        li   t0, MSTATUS_TW
        csrc mstatus, t0

/* 11: WFI in S (TW=0) and an M timer interrupt: the trap is taken with
 * mepc = the instruction after the WFI (3.3.3).  The WFI is followed by a
 * self-loop so that a WFI that returns at once gives the same mepc. */
        TC(11)
        li   t0, MIP_MTIP
        csrw mie, t0
        li   a0, 20000
        call priv_timer_in
        RUN_IN(PRV_S, wfi_s, 1f)
wfi_s:
        wfi
2:      j    2b
1:      EXPECT_CAUSE(INTR_(IRQ_MTI))
        /* The self-loop, or the WFI itself when a stalled host let the
         * deadline pass before it ran. */
        EXPECT_NEAR(s11, wfi_s, 4)
        IRQ_QUIET

/* 12: with TW=1, WFI in S is illegal.  No interrupt is enabled, so the
 * WFI can never complete and must trap (3.1.6.5); mtval = the instruction. */
        TC(12)
        li   t0, MSTATUS_TW
        csrs mstatus, t0
        RUN_IN(PRV_S, wfi_tw, 1f)
wfi_tw:
        wfi
        j    wfi_tw
1:      EXPECT_CAUSE(CAUSE_ILLEGAL)
        EXPECT_EPC_AT(wfi_tw)
        EXPECT_TVAL(INSN_WFI)
        li   t0, MSTATUS_TW
        csrc mstatus, t0

PRIV_END
