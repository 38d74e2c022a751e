/* VS-level interrupts injected through hvip (H 1.0, "Hypervisor
 * Interrupt Registers", "Trap Entry"):
 *   - delegated by hideleg: taken into VS with the S-level code (VSSI 2
 *     -> 1, VSTI 6 -> 5, VSEI 10 -> 9) when V=1 and either in VU or in VS
 *     with vsstatus.SIE = 1 and the vsie bit set; never while V=0;
 *   - not delegated: taken into HS with codes 2/6/10, always from V=1,
 *     from HS only with sstatus.SIE = 1;
 *   - HS-level S interrupts come before the VS ones; M-level interrupts
 *     before all of them.
 * Code waiting for an interrupt spins a bounded loop and then ECALLs:
 * "no interrupt" shows up as an ECALL cause.  (The order among VS-level
 * interrupts: virq_strict.S.) */
#include "hext.h"

/* Spin ~50k iterations in the current mode, then ECALL. */
#define SPIN_ECALL  li t1, 50000; 8: addi t1, t1, -1; bnez t1, 8b; ecall
#define RUN_WAIT(goto)  HTRY(9002f); goto(9001f); 9001: SPIN_ECALL; 9002:
#define VIRQ(hvip_bits, hideleg_bits, hie_bits)         \
        li t0, hideleg_bits; csrw hideleg, t0;          \
        li t0, hie_bits; csrw hie, t0;                  \
        li t0, hvip_bits; csrw hvip, t0

HEXT_BEGIN
        csrw mie, zero
        li   t0, MSTATUS_SIE
        csrc mstatus, t0

/* 1: VSSI delegated, VS with SIE = 1: taken in VS as S software (INTR|1);
 * vsstatus.SPP = 1, SPIE = 1, SIE = 0; vsepc in the loop. */
        TC(1)
        VIRQ(MIP_VSSIP, VS_IRQS, VS_IRQS)
        li   t0, MSTATUS_SIE
        csrw vsstatus, t0
        RUN_WAIT(GOTO_VS)
        EXPECT_TRAP(HX_VS, INTR_(IRQ_SSI))
        EXPECT_NEAR(s11, 9001b, 16)
        EXPECT_CSR(vscause, INTR_(IRQ_SSI))
        EXPECT_CSR_BITS(vsstatus, MSTATUS_SPP | MSTATUS_SPIE | MSTATUS_SIE, MSTATUS_SPP | MSTATUS_SPIE)

/* 2: ...VSTI as S timer (INTR|5), VSEI as S external (INTR|9). */
        TC(2)
        VIRQ(MIP_VSTIP, VS_IRQS, VS_IRQS)
        li   t0, MSTATUS_SIE
        csrw vsstatus, t0
        RUN_WAIT(GOTO_VS)
        EXPECT_TRAP(HX_VS, INTR_(IRQ_STI))
        VIRQ(MIP_VSEIP, VS_IRQS, VS_IRQS)
        li   t0, MSTATUS_SIE
        csrw vsstatus, t0
        RUN_WAIT(GOTO_VS)
        EXPECT_TRAP(HX_VS, INTR_(IRQ_SEI))

/* 3: VS with vsstatus.SIE = 0: not taken; VU: taken whatever SIE is. */
        TC(3)
        VIRQ(MIP_VSSIP, VS_IRQS, VS_IRQS)
        csrw vsstatus, zero
        RUN_WAIT(GOTO_VS)
        EXPECT_TRAP(HX_M, CAUSE_ECALL_VS)
        RUN_WAIT(GOTO_VU)
        EXPECT_TRAP(HX_VS, INTR_(IRQ_SSI))
        EXPECT_CSR_BITS(vsstatus, MSTATUS_SPP, 0)

/* 4: the vsie bit (hie) gates it: disabled, not taken even in VU. */
        TC(4)
        VIRQ(MIP_VSSIP, VS_IRQS, MIP_VSTIP | MIP_VSEIP)
        RUN_WAIT(GOTO_VU)
        EXPECT_TRAP(HX_M, CAUSE_ECALL_U)

/* 5: delegated VS interrupts are never taken while V=0: HS with
 * sstatus.SIE = 1, and U. */
        TC(5)
        VIRQ(VS_IRQS, VS_IRQS, VS_IRQS)
        li   t0, MSTATUS_SIE
        csrs mstatus, t0
        RUN_WAIT(GOTO_HS)
        EXPECT_TRAP(HX_M, CAUSE_ECALL_S)
        RUN_WAIT(GOTO_U)
        EXPECT_TRAP(HX_M, CAUSE_ECALL_U)
        li   t0, MSTATUS_SIE
        csrc mstatus, t0

/* 6: not delegated (hideleg = 0): into HS with the VS codes 2/6/10, from
 * VS even with vsstatus.SIE = 0 and sstatus.SIE = 0; SPV = 1. */
        TC(6)
        VIRQ(MIP_VSSIP, 0, VS_IRQS)
        csrw vsstatus, zero
        RUN_WAIT(GOTO_VS)
        EXPECT_TRAP(HX_HS, INTR_(IRQ_VSSI))
        EXPECT_CSR_BITS(hstatus, HSTATUS_SPV | HSTATUS_SPVP, HSTATUS_SPV | HSTATUS_SPVP)
        VIRQ(MIP_VSTIP, 0, VS_IRQS)
        RUN_WAIT(GOTO_VU)
        EXPECT_TRAP(HX_HS, INTR_(IRQ_VSTI))
        VIRQ(MIP_VSEIP, 0, VS_IRQS)
        RUN_WAIT(GOTO_VS)
        EXPECT_TRAP(HX_HS, INTR_(IRQ_VSEI))

/* 7: ...and from HS only with sstatus.SIE = 1. */
        TC(7)
        VIRQ(MIP_VSSIP, 0, VS_IRQS)
        RUN_WAIT(GOTO_HS)
        EXPECT_TRAP(HX_M, CAUSE_ECALL_S)
        li   t0, MSTATUS_SIE
        csrs mstatus, t0
        RUN_WAIT(GOTO_HS)
        EXPECT_TRAP(HX_HS, INTR_(IRQ_VSSI))
        EXPECT_CSR_BITS(hstatus, HSTATUS_SPV, 0)
        li   t0, MSTATUS_SIE
        csrc mstatus, t0

/* 8: an HS-level S interrupt (SSIP, delegated by mideleg) comes before a
 * pending VS one, in VS. */
        TC(8)
        li   t0, MIP_SSIP
        csrw mideleg, t0
        csrs mie, t0
        csrs mip, t0
        VIRQ(VS_IRQS, 0, VS_IRQS)
        RUN_WAIT(GOTO_VS)
        EXPECT_TRAP(HX_HS, INTR_(IRQ_SSI))
        li   t0, MIP_SSIP
        csrc mip, t0
        csrc mie, t0
        csrw mideleg, zero

/* 9: an M-level interrupt (MSI) comes before VS ones, and is taken in M
 * from VS. */
        TC(9)
        VIRQ(VS_IRQS, VS_IRQS, VS_IRQS)
        li   t0, MSTATUS_SIE
        csrw vsstatus, t0
        li   t0, MIP_MSIP
        csrs mie, t0
        li   t0, ACLINT_MSIP
        li   t1, 1
        sw   t1, 0(t0)
        RUN_WAIT(GOTO_VS)
        EXPECT_TRAP(HX_M, INTR_(IRQ_MSI))
        EXPECT_CSR_BITS(mstatus, MSTATUS_MPV, MSTATUS_MPV)
        li   t0, ACLINT_MSIP
        sw   zero, 0(t0)
        csrw mie, zero

/* 10: clearing hvip withdraws the interrupt. */
        TC(10)
        VIRQ(0, VS_IRQS, VS_IRQS)
        li   t0, MSTATUS_SIE
        csrw vsstatus, t0
        RUN_WAIT(GOTO_VS)
        EXPECT_TRAP(HX_M, CAUSE_ECALL_VS)

        VIRQ(0, 0, 0)
        csrw vsstatus, zero
HEXT_END
