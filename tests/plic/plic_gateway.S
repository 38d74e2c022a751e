/* PLIC claim order and gateway semantics with two guest-controlled
 * sources: 10 (UART THR empty: IER.ETBEI 0 -> 1 raises it, an IIR read or
 * IER = 0 lowers it) and 11 (RTC alarm in the past with IRQ_ENABLED: held
 * until CLEAR_INTERRUPT).  Interrupts stay off; the test claims by hand.
 * Part 1 (QEMU too): claims return the highest priority first, the lowest
 * ID on ties; EIP follows the best pending priority against the threshold.
 * Part 2 (the spec, not QEMU 7.2, whose pending bit follows the line and
 * whose claim applies the threshold):
 *   - a claim is not affected by the threshold;
 *   - a request is never retracted: a line that drops leaves IP set;
 *   - while a source is in service, its line changes set no IP bit; the
 *     completion forwards a new request if the line is still high;
 *   - a completion for a source not enabled in the context is ignored;
 *     one through another context that enables the source completes it. */
#include "virt.h"

#define RAISE_10  sb zero, UART_IER(s0); li a0, IER_ETBEI; sb a0, UART_IER(s0)
#define LOWER_10  sb zero, UART_IER(s0)
#define RAISE_11  sw zero, RTC_ALARM_HIGH(s1); sw zero, RTC_ALARM_LOW(s1)
#define LOWER_11  li a0, 1; sw a0, RTC_CLEAR_INTERRUPT(s1)

VIRT_BEGIN
        li   s0, UART
        li   s1, RTC_BASE
        li   a0, 0x03
        sb   a0, UART_LCR(s0)
        li   a0, 1
        sw   a0, RTC_IRQ_ENABLED(s1)
        W32(PLIC_ENABLE(CTX_M, 0), (1 << UART_IRQ) | (1 << RTC_IRQ))
        W32(PLIC_ENABLE(CTX_S, 0), 0)
        W32(PLIC_THRESHOLD(CTX_M), 0)
        W32(PLIC_PRIO(UART_IRQ), 2)
        W32(PLIC_PRIO(RTC_IRQ), 5)
        RAISE_10
        RAISE_11
        EXPECT32(1, PLIC_PENDING(0), (1 << UART_IRQ) | (1 << RTC_IRQ))
        EXPECT_MIP(2, MIP_MEIP, MIP_MEIP)
        W32(PLIC_THRESHOLD(CTX_M), 4)       /* 11 (5) still above it */
        EXPECT_MIP(3, MIP_MEIP, MIP_MEIP)
        W32(PLIC_THRESHOLD(CTX_M), 5)
        EXPECT_MIP(4, MIP_MEIP, 0)
        W32(PLIC_THRESHOLD(CTX_M), 1)
        EXPECT32(5, PLIC_CLAIM(CTX_M), RTC_IRQ)  /* highest priority first */
        EXPECT_MIP(6, MIP_MEIP, MIP_MEIP)        /* 10 (2) > 1 still pending */
        EXPECT32(7, PLIC_CLAIM(CTX_M), UART_IRQ)
        EXPECT_MIP(8, MIP_MEIP, 0)
        EXPECT32(9, PLIC_CLAIM(CTX_M), 0)
        LOWER_10
        LOWER_11
        W32(PLIC_CLAIM(CTX_M), RTC_IRQ)
        W32(PLIC_CLAIM(CTX_M), UART_IRQ)
        EXPECT32(10, PLIC_PENDING(0), 0)

        /* equal priorities: the lower ID first */
        W32(PLIC_PRIO(UART_IRQ), 3)
        W32(PLIC_PRIO(RTC_IRQ), 3)
        RAISE_11
        RAISE_10
        EXPECT32(11, PLIC_CLAIM(CTX_M), UART_IRQ)
        EXPECT32(12, PLIC_CLAIM(CTX_M), RTC_IRQ)
        LOWER_10
        LOWER_11
        W32(PLIC_CLAIM(CTX_M), UART_IRQ)
        W32(PLIC_CLAIM(CTX_M), RTC_IRQ)
        /* 11 above 10, the other way round */
        W32(PLIC_PRIO(UART_IRQ), 6)
        RAISE_11
        RAISE_10
        EXPECT32(13, PLIC_CLAIM(CTX_M), UART_IRQ)
        EXPECT32(14, PLIC_CLAIM(CTX_M), RTC_IRQ)
        LOWER_10
        LOWER_11
        W32(PLIC_CLAIM(CTX_M), UART_IRQ)
        W32(PLIC_CLAIM(CTX_M), RTC_IRQ)
        EXPECT32(15, PLIC_PENDING(0), 0)
        EXPECT_MIP(16, MIP_MEIP, 0)

#ifndef QEMU_ORACLE
        W32(PLIC_PRIO(UART_IRQ), 3)
        W32(PLIC_ENABLE(CTX_M, 0), 1 << UART_IRQ)
        /* a claim ignores the threshold */
        W32(PLIC_THRESHOLD(CTX_M), 7)
        RAISE_10
        EXPECT_MIP(20, MIP_MEIP, 0)
        EXPECT32(21, PLIC_CLAIM(CTX_M), UART_IRQ)
        LOWER_10
        W32(PLIC_CLAIM(CTX_M), UART_IRQ)
        W32(PLIC_THRESHOLD(CTX_M), 0)
        EXPECT32(22, PLIC_PENDING(0), 0)

        /* no retraction: the line drops, the request stays */
        RAISE_10
        LOWER_10
        EXPECT32(30, PLIC_PENDING(0), 1 << UART_IRQ)
        EXPECT_MIP(31, MIP_MEIP, MIP_MEIP)
        EXPECT32(32, PLIC_CLAIM(CTX_M), UART_IRQ)
        W32(PLIC_CLAIM(CTX_M), UART_IRQ)    /* line low: nothing new */
        EXPECT32(33, PLIC_PENDING(0), 0)
        EXPECT_MIP(34, MIP_MEIP, 0)

        /* in service: the gateway forwards nothing until the completion */
        RAISE_10
        EXPECT32(40, PLIC_CLAIM(CTX_M), UART_IRQ)
        LOWER_10
        RAISE_10
        EXPECT32(41, PLIC_PENDING(0), 0)
        EXPECT32(42, PLIC_CLAIM(CTX_M), 0)
        W32(PLIC_CLAIM(CTX_M), UART_IRQ)    /* line high: a new request */
        EXPECT32(43, PLIC_PENDING(0), 1 << UART_IRQ)

        /* a completion for a source the context does not enable is
         * ignored; through a context that enables it, it counts */
        EXPECT32(50, PLIC_CLAIM(CTX_M), UART_IRQ)
        W32(PLIC_ENABLE(CTX_M, 0), 0)
        W32(PLIC_CLAIM(CTX_M), UART_IRQ)    /* ignored: still in service */
        W32(PLIC_ENABLE(CTX_M, 0), 1 << UART_IRQ)
        RAISE_10
        EXPECT32(51, PLIC_PENDING(0), 0)
        W32(PLIC_CLAIM(CTX_S), UART_IRQ)    /* context 1 does not enable it */
        EXPECT32(52, PLIC_PENDING(0), 0)
        W32(PLIC_ENABLE(CTX_S, 0), 1 << UART_IRQ)
        W32(PLIC_CLAIM(CTX_S), UART_IRQ)    /* completes; line high */
        EXPECT32(53, PLIC_PENDING(0), 1 << UART_IRQ)
        EXPECT_MIP(54, MIP_MEIP | MIP_SEIP, MIP_MEIP | MIP_SEIP)
        W32(PLIC_ENABLE(CTX_S, 0), 0)
        EXPECT_MIP(55, MIP_MEIP | MIP_SEIP, MIP_MEIP)
        EXPECT32(56, PLIC_CLAIM(CTX_M), UART_IRQ)
        LOWER_10
        W32(PLIC_CLAIM(CTX_M), UART_IRQ)
        EXPECT32(57, PLIC_PENDING(0), 0)
        EXPECT32(58, PLIC_CLAIM(CTX_M), 0)
        /* completing what was never claimed changes nothing */
        W32(PLIC_CLAIM(CTX_M), UART_IRQ)
        EXPECT32(59, PLIC_PENDING(0), 0)
#endif
        sw   zero, RTC_IRQ_ENABLED(s1)
VIRT_END
