/* Sstc with the H extension, what QEMU 7.2 does not follow (rvkvm only;
 * see rules.mk): with henvcfg.STCE = 0, vstimecmp no longer drives
 * hip.VSTIP (which is then just hvip.VSTIP). */
#include "hext.h"

HEXT_BEGIN
        li   t0, MENVCFG_STCE
        csrw menvcfg, t0
        csrw htimedelta, zero

/* 1: STCE = 1: vstimecmp = 0 (in the past) raises VSTIP. */
        TC(1)
        li   t0, HENVCFG_STCE
        csrw henvcfg, t0
        csrw vstimecmp, zero
        EXPECT_CSR_BITS(hip, MIP_VSTIP, MIP_VSTIP)

/* 2: STCE = 0: it does not; hvip.VSTIP still does. */
        TC(2)
        csrw henvcfg, zero
        EXPECT_CSR_BITS(hip, MIP_VSTIP, 0)
        li   t0, MIP_VSTIP
        csrw hvip, t0
        EXPECT_CSR_BITS(hip, MIP_VSTIP, MIP_VSTIP)
        csrw hvip, zero
        EXPECT_CSR_BITS(hip, MIP_VSTIP, 0)

        li   t0, -1
        csrw vstimecmp, t0
        csrw menvcfg, zero
HEXT_END
