/* The interrupt registers of the H extension and how they alias each
 * other (H 1.0, "Hypervisor Interrupt Registers", "Virtual Supervisor
 * Interrupt Registers", "Machine Interrupt Registers"):
 *   - hvip: VSEIP, VSTIP, VSSIP writable, nothing else;
 *   - hip.VSSIP is hvip.VSSIP (writable); hip.VSTIP/VSEIP are read-only
 *     ORs of hvip's bit and other sources; mip's VS bits are hip's;
 *   - hie's VS bits are mie's;
 *   - sip/sie (HS) never show the VS bits;
 *   - vsip/vsie bit i-1 is hip/hie bit i when hideleg bit i is set, else
 *     read-only zero.
 * No interrupt is taken: everything runs in M with MIE = 0. */
#include "hext.h"

HEXT_BEGIN

/* 1: hvip's writable bits are exactly the three VS-level ones. */
        TC(1)
        li   t0, -1
        csrw hvip, t0
        EXPECT_CSR(hvip, VS_IRQS)
        csrw hvip, zero
        EXPECT_CSR(hvip, 0)

/* 2: hvip.VSSIP, hip.VSSIP and mip.VSSIP are one bit, writable through
 * each of the three names. */
        TC(2)
        csrsi hvip, MIP_VSSIP
        EXPECT_CSR_BITS(hip, VS_IRQS, MIP_VSSIP)
        EXPECT_CSR_BITS(mip, VS_IRQS, MIP_VSSIP)
        csrci hip, MIP_VSSIP
        EXPECT_CSR(hvip, 0)
        EXPECT_CSR_BITS(mip, VS_IRQS, 0)
        csrsi hip, MIP_VSSIP
        EXPECT_CSR(hvip, MIP_VSSIP)
        csrci mip, MIP_VSSIP
        EXPECT_CSR(hvip, 0)
        EXPECT_CSR_BITS(hip, VS_IRQS, 0)
        csrsi mip, MIP_VSSIP
        EXPECT_CSR(hvip, MIP_VSSIP)
        csrw hvip, zero

/* 3: hip.VSTIP and VSEIP follow hvip and cannot be written through hip.
 * (Nor through mip: csr_strict.S.) */
        TC(3)
        li   t0, -1
        csrw hip, t0
        EXPECT_CSR_BITS(hip, VS_IRQS | MIP_SGEIP, MIP_VSSIP)
        EXPECT_CSR(hvip, MIP_VSSIP)
        li   t0, MIP_VSTIP | MIP_VSEIP
        csrw hvip, t0
        EXPECT_CSR_BITS(hip, VS_IRQS, MIP_VSTIP | MIP_VSEIP)
        EXPECT_CSR_BITS(mip, VS_IRQS, MIP_VSTIP | MIP_VSEIP)
        csrc hip, t0
        EXPECT_CSR_BITS(hip, VS_IRQS, MIP_VSTIP | MIP_VSEIP)
        EXPECT_CSR(hvip, MIP_VSTIP | MIP_VSEIP)
        csrw hvip, zero
        EXPECT_CSR_BITS(hip, VS_IRQS, 0)

/* 4: hie's VS bits are writable and are mie's; its S bits are zero. */
        TC(4)
        li   t0, -1
        csrw hie, t0
        EXPECT_CSR_BITS(hie, VS_IRQS | MIP_SSIP | MIP_STIP | MIP_SEIP, VS_IRQS)
        EXPECT_CSR_BITS(mie, VS_IRQS, VS_IRQS)
        csrw hie, zero
        EXPECT_CSR_BITS(mie, VS_IRQS, 0)
        li   t0, MIP_VSEIP
        csrs mie, t0
        EXPECT_CSR_BITS(hie, VS_IRQS, MIP_VSEIP)
        li   t0, MIP_VSTIP
        csrs hie, t0
        EXPECT_CSR_BITS(mie, VS_IRQS, MIP_VSEIP | MIP_VSTIP)
        csrw hie, zero
        EXPECT_CSR_BITS(mie, VS_IRQS, 0)

/* 5: HS-level sip/sie never show the VS bits. */
        TC(5)
        li   t0, VS_IRQS
        csrw hvip, t0
        csrw hie, t0
        EXPECT_CSR_BITS(sip, VS_IRQS, 0)
        EXPECT_CSR_BITS(sie, VS_IRQS, 0)
        li   t0, -1
        csrw sie, t0
        EXPECT_CSR(hie, VS_IRQS)
        csrw sie, zero
        EXPECT_CSR(hie, VS_IRQS)
        EXPECT_CSR_BITS(mie, VS_IRQS, VS_IRQS)

/* 6: with hideleg = 0, vsip and vsie are read-only zero. */
        TC(6)
        csrw hideleg, zero
        EXPECT_CSR(vsip, 0)
        EXPECT_CSR(vsie, 0)
        li   t0, -1
        csrw vsie, t0
        csrw vsip, t0
        EXPECT_CSR(vsie, 0)
        EXPECT_CSR(hie, VS_IRQS)
        EXPECT_CSR(hvip, VS_IRQS)

/* 7: with hideleg = all three, vsie bits 1, 5, 9 are hie bits 2, 6, 10
 * and vsip.SSIP is hip.VSSIP (writable).  (vsip.STIP/SEIP showing
 * hip.VSTIP/VSEIP: csr_strict.S.) */
        TC(7)
        li   t0, VS_IRQS
        csrw hideleg, t0
        EXPECT_CSR_BITS(vsip, MIP_SSIP, MIP_SSIP)
        EXPECT_CSR(vsie, MIP_SSIP | MIP_STIP | MIP_SEIP)
        csrci vsie, MIP_SSIP
        EXPECT_CSR(hie, MIP_VSTIP | MIP_VSEIP)
        li   t0, MIP_STIP
        csrc vsie, t0
        EXPECT_CSR(hie, MIP_VSEIP)
        csrsi vsie, MIP_SSIP
        EXPECT_CSR(hie, MIP_VSEIP | MIP_VSSIP)
        EXPECT_CSR(vsie, MIP_SEIP | MIP_SSIP)
        /* vsip.SSIP is writable (hvip.VSSIP); STIP/SEIP are not */
        csrci vsip, MIP_SSIP
        EXPECT_CSR(hvip, MIP_VSTIP | MIP_VSEIP)
        EXPECT_CSR_BITS(vsip, MIP_SSIP, 0)
        li   t0, MIP_STIP | MIP_SEIP
        csrc vsip, t0
        EXPECT_CSR(hvip, MIP_VSTIP | MIP_VSEIP)
        csrsi vsip, MIP_SSIP
        EXPECT_CSR(hvip, VS_IRQS)

/* 8: one bit of hideleg opens only its own bit of vsip/vsie. */
        TC(8)
        li   t0, MIP_VSTIP
        csrw hideleg, t0
        EXPECT_CSR_BITS(vsip, MIP_SSIP | MIP_SEIP, 0)
        li   t0, VS_IRQS
        csrw hie, t0
        EXPECT_CSR(vsie, MIP_STIP)
        csrw vsie, zero
        EXPECT_CSR(hie, MIP_VSSIP | MIP_VSEIP)
        csrw vsip, zero
        EXPECT_CSR(hvip, VS_IRQS)
        li   t0, MIP_VSSIP
        csrw hideleg, t0
        EXPECT_CSR(vsip, MIP_SSIP)
        EXPECT_CSR(vsie, MIP_SSIP)
        csrw vsip, zero
        EXPECT_CSR(hvip, MIP_VSTIP | MIP_VSEIP)

/* 9: SGEIP is zero with no guest external interrupt lines. */
        TC(9)
        EXPECT_CSR_BITS(hip, MIP_SGEIP, 0)
        EXPECT_CSR_BITS(mip, MIP_SGEIP, 0)

        csrw hvip, zero
        csrw hie, zero
        csrw hideleg, zero
HEXT_END
