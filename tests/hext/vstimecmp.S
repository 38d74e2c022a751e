/* Time in a guest (H 1.0 htimedelta; Sstc vstimecmp): the time CSR read
 * with V=1 is time + htimedelta; vstimecmp is compared with that sum and
 * drives hip.VSTIP; the VS timer interrupt it raises wakes WFI in VS.
 * Needs a time source: on QEMU this runs on the virt machine (built with
 * -DPRIV_QEMU_VIRT, see rules.mk). */
#include "hext.h"

#define DELTA  0x10000000000            /* 2^40 ticks ahead */
/* Spin 0.1 s of (guest) time, then ECALL: "no interrupt came". */
#define SPIN_ECALL  rdtime t2; li t1, 1000000; add t2, t2, t1; 8: rdtime t1; bltu t1, t2, 8b; ecall

HEXT_BEGIN
        li   t0, COUNT_TM
        csrw mcounteren, t0
        csrw hcounteren, t0
        csrw scounteren, t0
        li   t0, MENVCFG_STCE
        csrw menvcfg, t0
        li   t0, HENVCFG_STCE
        csrw henvcfg, t0
        li   t0, -1
        csrw vstimecmp, t0
        csrw stimecmp, t0
        csrw mie, zero

/* 1: htimedelta is a plain 64-bit register. */
        TC(1)
        li   t0, DELTA
        csrw htimedelta, t0
        EXPECT_CSR(htimedelta, DELTA)

/* 2: VS and VU read time + htimedelta; HS reads time. */
        TC(2)
        rdtime s1
        INSN_IN(GOTO_VS, rdtime a0)
        EXPECT_OK
        sub  a0, a0, s1
        li   t0, DELTA
        sub  a0, a0, t0         /* elapsed ticks: small and not negative */
        li   t0, 10000000
        bltu a0, t0, 1f
        EXPECT(a0, 0)
1:      rdtime s1
        INSN_IN(GOTO_VU, rdtime a0)
        EXPECT_OK
        sub  a0, a0, s1
        li   t0, DELTA
        sub  a0, a0, t0
        li   t0, 10000000
        bltu a0, t0, 1f
        EXPECT(a0, 0)
1:      rdtime s1
        INSN_IN(GOTO_HS, rdtime a0)
        EXPECT_OK
        sub  a0, a0, s1
        li   t0, 10000000
        bltu a0, t0, 1f
        EXPECT(a0, 0)
1:

/* 3: vstimecmp compares with time + htimedelta: a value just below the
 * guest's time (far above the host's) raises hip.VSTIP, one above the
 * guest's does not; -1 clears it. */
        TC(3)
        rdtime t1
        li   t0, DELTA - 10
        add  t0, t0, t1
        csrw vstimecmp, t0
        EXPECT_CSR_BITS(hip, MIP_VSTIP, MIP_VSTIP)
        EXPECT_CSR_BITS(mip, MIP_VSTIP, MIP_VSTIP)
        rdtime t1
        li   t0, DELTA + 1000000000     /* 100 s ahead of the guest */
        add  t0, t0, t1
        csrw vstimecmp, t0
        EXPECT_CSR_BITS(hip, MIP_VSTIP, 0)
        li   t0, -1
        csrw vstimecmp, t0
        EXPECT_CSR_BITS(hip, MIP_VSTIP, 0)

/* 4: VS's stimecmp is vstimecmp: VS sets it 20000 ticks ahead and takes
 * the VS timer interrupt (INTR|5) while spinning. */
        TC(4)
        li   t0, VS_IRQS
        csrw hideleg, t0
        li   t0, MIP_VSTIP
        csrw hie, t0
        li   t0, MSTATUS_SIE
        csrw vsstatus, t0
        RUN_VS(2f, 1f)
2:      rdtime t0
        li   t1, 20000
        add  t0, t0, t1
        csrw stimecmp, t0
        SPIN_ECALL
1:      EXPECT_TRAP(HX_VS, INTR_(IRQ_STI))
        csrr a0, vstimecmp
        li   t0, DELTA
        bgeu a0, t0, 1f
        EXPECT(a0, -1)          /* VS wrote guest time: >= DELTA */
1:      li   t0, -1
        csrw vstimecmp, t0

/* 5: WFI in VS (VTW = 0) is woken by the VS timer interrupt, which is
 * then taken: vsepc = the instruction after the WFI. */
        TC(5)
        li   t0, MSTATUS_SIE
        csrw vsstatus, t0
        RUN_VS(2f, 1f)
2:      rdtime t0
        li   t1, 20000
        add  t0, t0, t1
        csrw stimecmp, t0
        wfi
3:      SPIN_ECALL
1:      EXPECT_TRAP(HX_VS, INTR_(IRQ_STI))
        EXPECT_NEAR(s11, 3b, 12)
        li   t0, -1
        csrw vstimecmp, t0

/* 6: not delegated: the VS timer interrupt goes to HS as cause 6. */
        TC(6)
        csrw hideleg, zero
        rdtime t1
        li   t0, DELTA - 10
        add  t0, t0, t1
        csrw vstimecmp, t0
        RUN_VS(2f, 1f)
2:      SPIN_ECALL
1:      EXPECT_TRAP(HX_HS, INTR_(IRQ_VSTI))
        li   t0, -1
        csrw vstimecmp, t0

/* 7: henvcfg.STCE = 0: stimecmp in VS raises virtual instruction.
 * (hip.VSTIP no longer driven by vstimecmp then: vstimecmp_strict.S;
 * QEMU 7.2 keeps it.) */
        TC(7)
        csrw henvcfg, zero
        INSN_IN(GOTO_VS, csrr a0, stimecmp)
        EXPECT_TRAP(HX_M, CAUSE_VIRTUAL)

        csrw hie, zero
        csrw hideleg, zero
        csrw htimedelta, zero
        csrw menvcfg, zero
HEXT_END
