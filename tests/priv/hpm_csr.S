/* Sscofpmf's CSR side, where QEMU 7.2 (-cpu rv64,sscofpmf=true) agrees
 * with rvkvm: LCOFI (interrupt 13) in mideleg, mie, mip, sie and sip, its
 * delivery in M and, delegated, in S with the right cause, its priority
 * below the standard interrupts, mhpmevent's OF and filter bits, a
 * stopped counter keeping what was written, and scountovf in S through
 * mcounteren.  The counting itself is in hpm.S (rvkvm-only: QEMU 7.2
 * counts host ticks for events 1 and 2 and filters no mode). */
#include "priv.h"

#define CSR_SCOUNTOVF 0xda0
#define IRQ_LCOFI     13
#define MIP_LCOFIP    (1 << IRQ_LCOFI)
#define EV_INSTRET    2
#define HPM_OF        0x8000000000000000
#define HPM_MINH      0x4000000000000000
#define HPM_SINH      0x2000000000000000
#define HPM_UINH      0x1000000000000000

PRIV_BEGIN

/* 1: mideleg, mie and mip have a writable bit 13 in M. */
        TC(1)
        li   t0, MIP_LCOFIP
        csrs mideleg, t0
        EXPECT_CSR_BITS(mideleg, MIP_LCOFIP, MIP_LCOFIP)
        csrc mideleg, t0
        EXPECT_CSR_BITS(mideleg, MIP_LCOFIP, 0)
        csrs mie, t0
        EXPECT_CSR_BITS(mie, MIP_LCOFIP, MIP_LCOFIP)
        csrc mie, t0
        csrs mip, t0
        EXPECT_CSR_BITS(mip, MIP_LCOFIP, MIP_LCOFIP)
        csrc mip, t0
        EXPECT_CSR_BITS(mip, MIP_LCOFIP, 0)

/* 2: sip/sie show bit 13 only while it is delegated; S clears a pending
 * LCOFIP through sip. */
        TC(2)
        li   t0, MIP_LCOFIP
        csrs mip, t0
        csrs mie, t0
        EXPECT_CSR_BITS(sip, MIP_LCOFIP, 0)
        EXPECT_CSR_BITS(sie, MIP_LCOFIP, 0)
        csrs mideleg, t0
        EXPECT_CSR_BITS(sip, MIP_LCOFIP, MIP_LCOFIP)
        EXPECT_CSR_BITS(sie, MIP_LCOFIP, MIP_LCOFIP)
        RUN_IN(PRV_S, 2f, 1f)
2:      li   t0, MIP_LCOFIP
        csrc sip, t0
        csrr a0, sip
        ecall
1:      EXPECT_CAUSE(CAUSE_ECALL_S)
        EXPECT_BITS(a0, MIP_LCOFIP, 0)
        EXPECT_CSR_BITS(mip, MIP_LCOFIP, 0)
        csrw mie, zero
        csrw mideleg, zero

/* 3: a pending, enabled LCOFI is taken in M with mcause interrupt | 13. */
        TC(3)
        li   t0, MIP_LCOFIP
        csrs mie, t0
        TRY(1f)
        csrs mip, t0
        csrsi mstatus, MSTATUS_MIE
        WAIT_FOR_TRAP
1:      EXPECT_CAUSE(INTR_(IRQ_LCOFI))
        li   t0, MIP_LCOFIP
        csrc mip, t0
        csrc mie, t0

/* 4: delegated, it is taken in S with scause interrupt | 13 (and not in
 * M, whose MIE is set meanwhile). */
        TC(4)
        li   t0, MIP_LCOFIP
        csrs mideleg, t0
        csrs mie, t0
        csrs mip, t0
        li   t0, MSTATUS_MPIE
        csrs mstatus, t0
        RUN_IN(PRV_S, 2f, 3f)
2:      lla  s8, 1f
        csrsi sstatus, MSTATUS_SIE
        nop
        nop
1:      S_SAVE_AND_ECALL(3f)
3:      EXPECT_CAUSE(CAUSE_ECALL_S)
        EXPECT(s0, INTR_(IRQ_LCOFI))
        li   t0, MIP_LCOFIP
        csrc mip, t0

/* 5: LCOFI comes after the standard interrupts: with SSIP and STIP
 * pending too, S takes SSI, then STI, then LCOFI. */
        TC(5)
        li   t0, MIP_SSIP | MIP_STIP | MIP_LCOFIP
        csrs mideleg, t0
        csrs mie, t0
        li   t0, MIP_SSIP | MIP_STIP | MIP_LCOFIP
        csrs mip, t0
        li   s4, -1
        li   s5, -1
        RUN_IN(PRV_S, 2f, 3f)
2:      lla  s8, 4f
        csrsi sstatus, MSTATUS_SIE
        nop
4:      mv   s4, s9                     /* the first taken */
        csrci sip, MIP_SSIP
        lla  s8, 5f
        csrsi sstatus, MSTATUS_SIE
        nop
5:      mv   s5, s9                     /* the second */
        S_SAVE_AND_ECALL(3f)
3:      EXPECT_CAUSE(CAUSE_ECALL_S)
        EXPECT(s4, INTR_(IRQ_SSI))
        EXPECT(s5, INTR_(IRQ_STI))
        li   t0, MIP_STIP
        csrc mip, t0
        li   t0, MIP_LCOFIP
        csrs mideleg, t0
        RUN_IN(PRV_S, 2f, 3f)
2:      lla  s8, 4f
        csrsi sstatus, MSTATUS_SIE
        nop
4:      S_SAVE_AND_ECALL(3f)
3:      EXPECT_CAUSE(CAUSE_ECALL_S)
        EXPECT(s0, INTR_(IRQ_LCOFI))
        li   t0, MIP_LCOFIP
        csrc mip, t0
        csrw mie, zero
        csrw mideleg, zero

/* 6: mhpmevent holds OF and the filter bits with the event; a counter
 * stopped by mcountinhibit keeps the value written. */
        TC(6)
        li   t0, 8
        csrw mcountinhibit, t0
        li   t0, HPM_OF | HPM_MINH | HPM_SINH | HPM_UINH | EV_INSTRET
        csrw mhpmevent3, t0
        EXPECT_CSR(mhpmevent3, HPM_OF | HPM_MINH | HPM_SINH | HPM_UINH | EV_INSTRET)
        li   t0, 0x5555
        csrw mhpmcounter3, t0
        li   t1, 100
1:      addi t1, t1, -1
        bnez t1, 1b
        EXPECT_CSR(mhpmcounter3, 0x5555)

/* 7: scountovf in S: the OF bits mcounteren lets through. */
        TC(7)
        li   t0, HPM_OF | HPM_MINH
        csrw mhpmevent4, t0
        csrw mhpmevent5, t0
        li   t0, 0x38
        csrw mcounteren, t0
        CSR_READ_IN(PRV_S, CSR_SCOUNTOVF, CAUSE_ECALL_S)
        EXPECT(a0, 0x38)
        li   t0, 0x10
        csrw mcounteren, t0
        CSR_READ_IN(PRV_S, CSR_SCOUNTOVF, CAUSE_ECALL_S)
        EXPECT(a0, 0x10)
        csrw mcounteren, zero
        CSR_READ_IN(PRV_S, CSR_SCOUNTOVF, CAUSE_ECALL_S)
        EXPECT(a0, 0)
        CSR_READ_IN(PRV_U, CSR_SCOUNTOVF, CAUSE_ILLEGAL)
        csrw mhpmevent3, zero
        csrw mhpmevent4, zero
        csrw mhpmevent5, zero
        csrw mcountinhibit, zero

PRIV_END
