/* Sstc: the S-mode timer stimecmp (CSR 0x14D), enabled for S by
 * menvcfg.STCE (bit 63) (priv spec: Sstc; 3.1.9 mip.STIP; 3.1.18 menvcfg).
 * rvkvm only: QEMU 7.2's spike machine has no time source for the hart,
 * which QEMU's Sstc needs, so stimecmp is an illegal CSR there. */
#include "priv.h"

PRIV_BEGIN

/* 1: menvcfg.STCE is writable; stimecmp is read/write in M. */
        TC(1)
        li   t0, MENVCFG_STCE
        csrs menvcfg, t0
        EXPECT_CSR_BITS(menvcfg, MENVCFG_STCE, MENVCFG_STCE)
        li   t0, 0x123456789
        csrw stimecmp, t0
        EXPECT_CSR(stimecmp, 0x123456789)

/* 2: with STCE=0, stimecmp is illegal in S (even with mcounteren.TM=1). */
        TC(2)
        li   t0, MENVCFG_STCE
        csrc menvcfg, t0
        li   t0, COUNT_TM
        csrw mcounteren, t0
        RUN_IN(PRV_S, 2f, 1f)
2:      csrr a0, stimecmp
        ecall
1:      EXPECT_CAUSE(CAUSE_ILLEGAL)

/* 3: with STCE=1 and TM=1, S may access stimecmp; U never may. */
        TC(3)
        li   t0, MENVCFG_STCE
        csrs menvcfg, t0
        li   t0, -1
        csrw stimecmp, t0
        CSR_READ_IN(PRV_S, stimecmp, CAUSE_ECALL_S)
        EXPECT(a0, -1)
        li   t0, COUNT_TM
        csrw scounteren, t0
        CSR_READ_IN(PRV_U, stimecmp, CAUSE_ILLEGAL)
        csrw scounteren, zero

/* 4: with STCE=1, mip.STIP is read-only and reflects time >= stimecmp. */
        TC(4)
        li   t0, MENVCFG_STCE
        csrs menvcfg, t0
        li   t0, -1
        csrw stimecmp, t0
        EXPECT_CSR_BITS(mip, MIP_STIP, 0)
        li   t0, MIP_STIP
        csrs mip, t0
        EXPECT_CSR_BITS(mip, MIP_STIP, 0)
        csrw stimecmp, zero
        EXPECT_CSR_BITS(mip, MIP_STIP, MIP_STIP)
        li   t0, MIP_STIP
        csrc mip, t0
        EXPECT_CSR_BITS(mip, MIP_STIP, MIP_STIP)
        li   t0, -1
        csrw stimecmp, t0
        EXPECT_CSR_BITS(mip, MIP_STIP, 0)

/* 5: S-mode programs its own timer: delegated STI taken in S with
 * scause = interrupt 5; writing stimecmp past time clears sip.STIP. */
        TC(5)
        li   t0, MIP_STIP
        csrw mideleg, t0
        csrw mie, t0
        lla  s8, 3f
        GOTO_MODE(PRV_S, 2f)
2:      csrr a0, stimecmp
        csrr t0, time
        li   t1, 2000
        add  t0, t0, t1
        csrw stimecmp, t0
        csrsi sstatus, MSTATUS_SIE
        li   t1, 5000000        /* ~0.5 s of time at 10 MHz */
        add  t1, t0, t1
4:      csrr t0, time
        bltu t0, t1, 4b
        li   s8, 0
        ecall
3:      li   t0, -1
        csrw stimecmp, t0
        csrr a1, sip
        S_SAVE_AND_ECALL(1f)
1:      EXPECT_CAUSE(CAUSE_ECALL_S)
        EXPECT(s0, INTR_(IRQ_STI))
        EXPECT_BITS(a1, MIP_STIP, 0)
        csrw mideleg, zero

/* 6: not delegated, the same interrupt goes to M. */
        TC(6)
        li   t0, MIP_STIP
        csrw mie, t0
        csrw stimecmp, zero
        TRY(1f)
        csrsi mstatus, MSTATUS_MIE
        WAIT_FOR_TRAP
1:      EXPECT_CAUSE(INTR_(IRQ_STI))
        li   t0, -1
        csrw stimecmp, t0
        csrw mie, zero

/* 7: STCE=0 again: STIP is M-writable and stimecmp no longer drives it. */
        TC(7)
        csrw stimecmp, zero
        li   t0, MENVCFG_STCE
        csrc menvcfg, t0
        li   t0, MIP_STIP
        csrc mip, t0
        EXPECT_CSR_BITS(mip, MIP_STIP, 0)
        csrs mip, t0
        EXPECT_CSR_BITS(mip, MIP_STIP, MIP_STIP)
        csrc mip, t0
        li   t0, -1
        csrw stimecmp, t0

PRIV_END
