/* PLIC register probe (RISC-V PLIC spec 1.0.0): priorities are WARL with
 * 3 bits, source 0 does not exist, the pending array is read-only,
 * enable bits are per context with bit 0 (source 0) hardwired to zero,
 * thresholds are per context, claims with nothing pending return 0,
 * reserved registers and contexts of absent harts read as zero.
 * QEMU 7.2 does not hardwire enable bit 0 (the oracle build accepts it). */
#include "virt.h"
VIRT_BEGIN
        /* priorities: WARL, 3 bits (7 levels, as QEMU virt) */
        W32(PLIC_PRIO(1), 0xffffffff)
        EXPECT32(1, PLIC_PRIO(1), 7)
        W32(PLIC_PRIO(95), 0xffffffff)
        EXPECT32(2, PLIC_PRIO(95), 7)
        W32(PLIC_PRIO(1), 5)
        EXPECT32(3, PLIC_PRIO(1), 5)
        EXPECT32(4, PLIC_PRIO(95), 7)
        W32(PLIC_PRIO(1), 0)
        W32(PLIC_PRIO(95), 0)
        EXPECT32(5, PLIC_PRIO(1), 0)
        EXPECT32(6, PLIC_PRIO(95), 0)
        W32(PLIC_PRIO(0), 7)            /* source 0 does not exist */
        EXPECT32(7, PLIC_PRIO(0), 0)

        /* nothing is asserted: the pending array is zero */
        EXPECT32(10, PLIC_PENDING(0), 0)
        EXPECT32(11, PLIC_PENDING(1), 0)
        EXPECT32(12, PLIC_PENDING(2), 0)

        /* enables: per context, source 0 hardwired to zero */
        W32(PLIC_ENABLE(CTX_M, 0), 0xffffffff)
        EXPECT32(20, PLIC_ENABLE(CTX_M, 0), SPEC_OR_QEMU(0xfffffffe, 0xffffffff))
        W32(PLIC_ENABLE(CTX_M, 1), 0x12345678)
        EXPECT32(21, PLIC_ENABLE(CTX_M, 1), 0x12345678)
        W32(PLIC_ENABLE(CTX_M, 2), 0xffffffff)    /* sources 64..95 exist */
        EXPECT32(22, PLIC_ENABLE(CTX_M, 2), 0xffffffff)
        EXPECT32(23, PLIC_ENABLE(CTX_S, 0), 0)
        EXPECT32(24, PLIC_ENABLE(CTX_S, 2), 0)
        W32(PLIC_ENABLE(CTX_S, 0), 0x400)
        EXPECT32(25, PLIC_ENABLE(CTX_S, 0), 0x400)
        EXPECT32(26, PLIC_ENABLE(CTX_M, 0), SPEC_OR_QEMU(0xfffffffe, 0xffffffff))
        W32(PLIC_ENABLE(CTX_M, 0), 0)
        W32(PLIC_ENABLE(CTX_M, 1), 0)
        W32(PLIC_ENABLE(CTX_M, 2), 0)
        W32(PLIC_ENABLE(CTX_S, 0), 0)
        EXPECT32(27, PLIC_ENABLE(CTX_M, 0), 0)
        EXPECT32(28, PLIC_ENABLE(CTX_M, 2), 0)
        EXPECT32(29, PLIC_ENABLE(CTX_S, 0), 0)

        /* thresholds: per context */
        W32(PLIC_THRESHOLD(CTX_M), 7)
        EXPECT32(30, PLIC_THRESHOLD(CTX_M), 7)
        EXPECT32(31, PLIC_THRESHOLD(CTX_S), 0)
        W32(PLIC_THRESHOLD(CTX_S), 3)
        EXPECT32(32, PLIC_THRESHOLD(CTX_S), 3)
        EXPECT32(33, PLIC_THRESHOLD(CTX_M), 7)
        W32(PLIC_THRESHOLD(CTX_M), 0)
        W32(PLIC_THRESHOLD(CTX_S), 0)
        EXPECT32(34, PLIC_THRESHOLD(CTX_M), 0)
        EXPECT32(35, PLIC_THRESHOLD(CTX_S), 0)

        /* claims with nothing pending return 0; completing 0 is harmless */
        EXPECT32(40, PLIC_CLAIM(CTX_M), 0)
        EXPECT32(41, PLIC_CLAIM(CTX_S), 0)
        W32(PLIC_CLAIM(CTX_M), 0)
        W32(PLIC_CLAIM(CTX_M), 10)      /* not enabled: ignored */
        EXPECT32(42, PLIC_CLAIM(CTX_M), 0)

        /* reserved registers, and contexts of harts that do not exist
         * (one hart: contexts 0 and 1 only), read as zero */
        EXPECT32(60, PLIC + 0x200008, 0)
        EXPECT32(61, PLIC + 0x200ffc, 0)
        EXPECT32(62, PLIC_PENDING(3), 0)
        W32(PLIC_ENABLE(2, 0), 0x400)
        EXPECT32(63, PLIC_ENABLE(2, 0), 0)
        W32(PLIC_THRESHOLD(2), 3)
        EXPECT32(64, PLIC_THRESHOLD(2), 0)
        EXPECT32(65, PLIC_CLAIM(2), 0)
        EXPECT32(66, PLIC + 0x5ffffc, 0)
        W32(PLIC_ENABLE(CTX_M, 3), 0xffffffff)    /* sources 96.. do not exist */
        EXPECT32(67, PLIC_ENABLE(CTX_M, 3), 0)
        W32(PLIC_PENDING(0), 0xffffffff)          /* read-only */
        EXPECT32(68, PLIC_PENDING(0), 0)

        /* no external interrupt is signalled */
        EXPECT_MIP(50, MIP_MEIP | MIP_SEIP, 0)
VIRT_END
