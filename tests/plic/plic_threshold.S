/* PLIC notification logic with a source the guest controls: the UART's
 * THR-empty interrupt (IER.ETBEI with the transmitter idle holds source 10
 * high until IIR is read).  Interrupts stay disabled (mstatus.MIE = 0,
 * SIE = 0); the test watches mip.MEIP / mip.SEIP:
 *   - EIP needs pending & enabled & priority > threshold (priority 0 never
 *     interrupts), per context (M: MEIP, S: SEIP);
 *   - a claim returns the source and clears its IP bit (EIP drops), a
 *     second claim returns 0;
 *   - a completion while the line is still high makes it pending again;
 *   - claim, lower the line, complete: nothing is pending.
 * The oracle build (QEMU 7.2) runs the checks up to the first completion. */
#include "virt.h"
VIRT_BEGIN
        li   s0, UART
        li   a0, 0x03                  /* 8N1, 16450 mode */
        sb   a0, UART_LCR(s0)
        sb   zero, UART_FCR(s0)
        W32(PLIC_PRIO(UART_IRQ), 3)
        W32(PLIC_THRESHOLD(CTX_M), 3)
        W32(PLIC_THRESHOLD(CTX_S), 0)
        W32(PLIC_ENABLE(CTX_M, 0), 1 << UART_IRQ)
        W32(PLIC_ENABLE(CTX_S, 0), 0)
        li   t0, MIP_MEIP | MIP_SEIP
        csrs mie, t0
        EXPECT32(1, PLIC_PENDING(0), 0)
        EXPECT_MIP(2, MIP_MEIP | MIP_SEIP, 0)

        /* raise source 10: THRE interrupt, transmitter idle */
        li   a0, IER_ETBEI
        sb   a0, UART_IER(s0)
        EXPECT32(3, PLIC_PENDING(0), 1 << UART_IRQ)
        EXPECT_MIP(4, MIP_MEIP | MIP_SEIP, 0)       /* priority 3 <= threshold 3 */
        W32(PLIC_THRESHOLD(CTX_M), 2)
        EXPECT_MIP(5, MIP_MEIP | MIP_SEIP, MIP_MEIP)
        W32(PLIC_THRESHOLD(CTX_M), 7)
        EXPECT_MIP(6, MIP_MEIP, 0)
        W32(PLIC_THRESHOLD(CTX_M), 0)
        EXPECT_MIP(7, MIP_MEIP, MIP_MEIP)
        W32(PLIC_PRIO(UART_IRQ), 0)                 /* priority 0: never */
        EXPECT_MIP(8, MIP_MEIP, 0)
        W32(PLIC_PRIO(UART_IRQ), 1)
        EXPECT_MIP(9, MIP_MEIP, MIP_MEIP)
        W32(PLIC_ENABLE(CTX_M, 0), 0)               /* disabled in the context */
        QEMU_SYNC
        EXPECT_MIP(10, MIP_MEIP, 0)
        W32(PLIC_ENABLE(CTX_M, 0), 1 << UART_IRQ)
        QEMU_SYNC
        EXPECT_MIP(11, MIP_MEIP, MIP_MEIP)

        /* the S context drives SEIP, independently */
        W32(PLIC_ENABLE(CTX_S, 0), 1 << UART_IRQ)
        QEMU_SYNC
        EXPECT_MIP(12, MIP_MEIP | MIP_SEIP, MIP_MEIP | MIP_SEIP)
        W32(PLIC_THRESHOLD(CTX_S), 1)
        EXPECT_MIP(13, MIP_MEIP | MIP_SEIP, MIP_MEIP)
        W32(PLIC_THRESHOLD(CTX_S), 0)
        W32(PLIC_ENABLE(CTX_M, 0), 0)
        QEMU_SYNC
        EXPECT_MIP(14, MIP_MEIP | MIP_SEIP, MIP_SEIP)
        W32(PLIC_ENABLE(CTX_S, 0), 0)
        W32(PLIC_ENABLE(CTX_M, 0), 1 << UART_IRQ)
        QEMU_SYNC
        EXPECT_MIP(15, MIP_MEIP | MIP_SEIP, MIP_MEIP)

        /* claim: the source, its IP bit clears and EIP drops */
        EXPECT32(20, PLIC_CLAIM(CTX_M), UART_IRQ)
        EXPECT32(21, PLIC_PENDING(0), 0)
        EXPECT_MIP(22, MIP_MEIP, 0)
        EXPECT32(23, PLIC_CLAIM(CTX_M), 0)
#ifndef QEMU_ORACLE
        /* The rest is the gateway of the spec ("Interrupt Gateways"), which
         * QEMU 7.2 does not model: it forwards nothing on completion (it
         * waits for the device to signal again), so the oracle stops here. */
        /* complete with the line still high: pending again */
        W32(PLIC_CLAIM(CTX_M), UART_IRQ)
        EXPECT32(24, PLIC_PENDING(0), 1 << UART_IRQ)
        EXPECT_MIP(25, MIP_MEIP, MIP_MEIP)

        /* claim, service the device (reading IIR clears THRE), complete:
         * nothing is pending any more */
        EXPECT32(30, PLIC_CLAIM(CTX_M), UART_IRQ)
        CHECK(31)
        lbu  a0, UART_IIR(s0)
        li   t1, 0x02                  /* THR empty, 16450 mode */
        FAIL_IF_NE(a0, t1)
        CHECK(32)
        lbu  a0, UART_IIR(s0)
        li   t1, 0x01                  /* no interrupt */
        FAIL_IF_NE(a0, t1)
        W32(PLIC_CLAIM(CTX_M), UART_IRQ)
        EXPECT32(33, PLIC_PENDING(0), 0)
        EXPECT_MIP(34, MIP_MEIP, 0)
        EXPECT32(35, PLIC_CLAIM(CTX_M), 0)

        /* the same with the device's enable: IER = 0 lowers the line */
        li   a0, IER_ETBEI
        sb   zero, UART_IER(s0)
        sb   a0, UART_IER(s0)          /* ETBEI 0 -> 1: THRE raised again */
        EXPECT32(40, PLIC_PENDING(0), 1 << UART_IRQ)
        EXPECT_MIP(41, MIP_MEIP, MIP_MEIP)
        EXPECT32(42, PLIC_CLAIM(CTX_M), UART_IRQ)
        sb   zero, UART_IER(s0)
        W32(PLIC_CLAIM(CTX_M), UART_IRQ)
        EXPECT32(43, PLIC_PENDING(0), 0)
        EXPECT_MIP(44, MIP_MEIP, 0)
        EXPECT32(45, PLIC_CLAIM(CTX_M), 0)
#endif
VIRT_END
