/* Sscofpmf with the H extension: the VSINH/VUINH filters, scountovf in
 * VS (mcounteren and hcounteren), and LCOFI delegated to VS by hideleg
 * bit 13 (Shlcofideleg: vsip.LCOFIP/vsie.LCOFIE are then sip.LCOFIP/
 * sie.LCOFIE, and VS takes it as interrupt 13, unshifted).  rvkvm-only
 * (QEMU 7.2 filters no mode and has no Shlcofideleg); the M/S side is
 * tests/priv/hpm.S. */
#include "hext.h"

#define CSR_SCOUNTOVF 0xda0
#define IRQ_LCOFI     13
#define MIP_LCOFIP    (1 << IRQ_LCOFI)
#define EV_INSTRET    2
#define HPM_OF        0x8000000000000000
#define HPM_MINH      0x4000000000000000
#define HPM_SINH      0x2000000000000000
#define HPM_UINH      0x1000000000000000
#define HPM_VSINH     0x0800000000000000
#define HPM_VUINH     0x0400000000000000

#define NOPS(n) .rept n; addi a6, a6, 1; .endr

/* Count EV_INSTRET with `filter` while 10 instructions run in a mode
 * (then ECALL, which does not retire); counter 3 then holds `want`. */
#define FILTER_RUN(goto, filter, want)                  \
        li   t0, EV_INSTRET | (filter);                 \
        csrw mhpmevent3, t0;                            \
        csrw mhpmcounter3, zero;                        \
        HTRY(9004f); goto(9003f);                       \
9003:   NOPS(10);                                       \
        ecall;                                          \
9004:   csrr a0, mhpmcounter3;                          \
        EXPECT(a0, want)

/* Spin in the current mode, then ECALL (no interrupt came). */
#define SPIN_ECALL  li t1, 50000; 8: addi t1, t1, -1; bnez t1, 8b; ecall

HEXT_BEGIN
        csrw mie, zero
        csrw mcountinhibit, zero

/* 1: hideleg bit 13 is writable (with the VS-level bits); hvip has no
 * bit 13 (no AIA: the VS-level LCOFI is the hart's own, delegated). */
        TC(1)
        li   t0, -1
        csrw hideleg, t0
        EXPECT_CSR(hideleg, VS_IRQS | MIP_LCOFIP)
        csrw hideleg, zero
        li   t0, -1
        csrw hvip, t0
        EXPECT_CSR(hvip, VS_IRQS)
        csrw hvip, zero

/* 2-4: the VS and VU filters, apart from the S and U ones. */
        TC(2)                                   /* V=1 only */
        FILTER_RUN(GOTO_VS, HPM_MINH | HPM_SINH | HPM_UINH, 10)
        FILTER_RUN(GOTO_VU, HPM_MINH | HPM_SINH | HPM_UINH, 10)
        FILTER_RUN(GOTO_HS, HPM_MINH | HPM_SINH | HPM_UINH, 0)
        FILTER_RUN(GOTO_U, HPM_MINH | HPM_SINH | HPM_UINH, 0)
        TC(3)                                   /* VS only */
        FILTER_RUN(GOTO_VS, HPM_MINH | HPM_SINH | HPM_UINH | HPM_VUINH, 10)
        FILTER_RUN(GOTO_VU, HPM_MINH | HPM_SINH | HPM_UINH | HPM_VUINH, 0)
        TC(4)                                   /* VU only */
        FILTER_RUN(GOTO_VU, HPM_MINH | HPM_SINH | HPM_UINH | HPM_VSINH, 10)
        FILTER_RUN(GOTO_VS, HPM_MINH | HPM_SINH | HPM_UINH | HPM_VSINH, 0)
        FILTER_RUN(GOTO_HS, HPM_MINH | HPM_UINH | HPM_VSINH | HPM_VUINH, 10)

/* 5: scountovf in VS: bit X with mcounteren and hcounteren bit X; VU
 * may not read it (a virtual instruction: HS could). */
        TC(5)
        li   t0, HPM_OF
        csrw mhpmevent3, t0
        csrw mhpmevent4, t0
        csrw mhpmevent5, t0
        li   t0, 0x18
        csrw mcounteren, t0
        li   t0, 0x30
        csrw hcounteren, t0
        INSN_IN(GOTO_VS, csrr a0, CSR_SCOUNTOVF)
        EXPECT_OK
        EXPECT(a0, 0x10)
        INSN_IN(GOTO_HS, csrr a0, CSR_SCOUNTOVF)
        EXPECT_OK
        EXPECT(a0, 0x18)
        TRAP_IN(GOTO_VU, csrr a0, CSR_SCOUNTOVF)
        EXPECT_TRAP(HX_M, CAUSE_VIRTUAL)
        csrw mcounteren, zero
        csrw hcounteren, zero
        csrw mhpmevent4, zero
        csrw mhpmevent5, zero

/* 6: vsip.LCOFIP and vsie.LCOFIE read 0 while hideleg bit 13 is clear,
 * and are sip.LCOFIP / sie.LCOFIE (unshifted) once it is set. */
        TC(6)
        li   t0, MIP_LCOFIP
        csrs mideleg, t0
        csrs mie, t0
        csrs mip, t0
        EXPECT_CSR_BITS(vsip, MIP_LCOFIP, 0)
        EXPECT_CSR_BITS(vsie, MIP_LCOFIP, 0)
        csrw hideleg, t0
        EXPECT_CSR_BITS(vsip, MIP_LCOFIP, MIP_LCOFIP)
        EXPECT_CSR_BITS(vsie, MIP_LCOFIP, MIP_LCOFIP)
        csrc vsip, t0
        EXPECT_CSR_BITS(mip, MIP_LCOFIP, 0)
        csrc vsie, t0
        EXPECT_CSR_BITS(mie, MIP_LCOFIP, 0)
        csrs vsie, t0
        EXPECT_CSR_BITS(mie, MIP_LCOFIP, MIP_LCOFIP)

/* 7: an overflow while the guest runs, delegated to VS (mideleg and
 * hideleg bit 13): taken in VS as interrupt 13, soon after it. */
        TC(7)
        li   t0, EV_INSTRET | HPM_MINH | HPM_SINH | HPM_UINH | HPM_VUINH
        csrw mhpmevent3, t0
        li   t0, -300
        csrw mhpmcounter3, t0
        li   t0, MSTATUS_SIE
        csrw vsstatus, t0
        HTRY(9002f); GOTO_VS(9001f)
9001:   SPIN_ECALL
9002:   csrr a0, mhpmcounter3
        EXPECT_TRAP(HX_VS, INTR_(IRQ_LCOFI))
        EXPECT_NEAR(s11, 8b, 4)
        EXPECT_CSR(vscause, INTR_(IRQ_LCOFI))
        li   t0, 100
        bgeu a0, t0, fail
        EXPECT_CSR(mhpmevent3, HPM_OF | EV_INSTRET | HPM_MINH | HPM_SINH | HPM_UINH | HPM_VUINH)
        li   t0, MIP_LCOFIP
        csrc mip, t0

/* 8: with hideleg bit 13 clear it goes to HS (taken from V=1 whatever
 * sstatus.SIE says), as interrupt 13. */
        TC(8)
        csrw hideleg, zero
        li   t0, EV_INSTRET | HPM_MINH | HPM_SINH | HPM_UINH | HPM_VUINH
        csrw mhpmevent3, t0
        li   t0, -300
        csrw mhpmcounter3, t0
        HTRY(9002f); GOTO_VS(9001f)
9001:   SPIN_ECALL
9002:   EXPECT_TRAP(HX_HS, INTR_(IRQ_LCOFI))
        EXPECT_CSR_BITS(hstatus, HSTATUS_SPV, HSTATUS_SPV)
        li   t0, MIP_LCOFIP
        csrc mip, t0
        csrc mie, t0
        csrc mideleg, t0
        csrw mhpmevent3, zero

HEXT_END
