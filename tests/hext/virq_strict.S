/* Priority among VS-level interrupts (rvkvm only; see rules.mk: QEMU 7.2
 * without AIA takes the lowest-numbered pending interrupt first):
 *   - into HS: VSEI (10) > VSSI (2) > VSTI (6);
 *   - into VS (delegated): the S-level order, SEI (9) > SSI (1) > STI (5);
 *   - HS-level STI before VSEI (SEI > SSI > STI > SGEI > VSEI > ...). */
#include "hext.h"

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

/* 1: into HS from VS: VSEI, then VSSI, then VSTI. */
        TC(1)
        VIRQ(VS_IRQS, 0, VS_IRQS)
        RUN_WAIT(GOTO_VS)
        EXPECT_TRAP(HX_HS, INTR_(IRQ_VSEI))
        VIRQ(MIP_VSSIP | MIP_VSTIP, 0, VS_IRQS)
        RUN_WAIT(GOTO_VS)
        EXPECT_TRAP(HX_HS, INTR_(IRQ_VSSI))
        VIRQ(MIP_VSTIP, 0, VS_IRQS)
        RUN_WAIT(GOTO_VS)
        EXPECT_TRAP(HX_HS, INTR_(IRQ_VSTI))

/* 2: into VS: SEI, then SSI, then STI. */
        TC(2)
        VIRQ(VS_IRQS, VS_IRQS, VS_IRQS)
        li   t0, MSTATUS_SIE
        csrw vsstatus, t0
        RUN_WAIT(GOTO_VS)
        EXPECT_TRAP(HX_VS, INTR_(IRQ_SEI))
        VIRQ(MIP_VSSIP | MIP_VSTIP, VS_IRQS, VS_IRQS)
        li   t0, MSTATUS_SIE
        csrw vsstatus, t0
        RUN_WAIT(GOTO_VS)
        EXPECT_TRAP(HX_VS, INTR_(IRQ_SSI))

/* 3: an HS-level STI (mip.STIP, delegated) before a VSEI. */
        TC(3)
        li   t0, MIP_STIP
        csrw mideleg, t0
        csrs mie, t0
        csrs mip, t0
        VIRQ(MIP_VSEIP, 0, VS_IRQS)
        RUN_WAIT(GOTO_VS)
        EXPECT_TRAP(HX_HS, INTR_(IRQ_STI))
        li   t0, MIP_STIP
        csrc mip, t0
        csrc mie, t0
        csrw mideleg, zero

        VIRQ(0, 0, 0)
        csrw vsstatus, zero
HEXT_END
