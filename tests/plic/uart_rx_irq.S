/* Interrupt-driven UART input through the PLIC's M-mode context.
 * Run with "abc" on the VMM's stdin, sent after the program prints "R"
 * (ready), or at once (rvkvm then holds the bytes in the UART until the
 * guest reads them).  The program enables the UART's received-data interrupt
 * (16450 mode: one byte at a time), source 10 for context 0 with priority
 * 1 > threshold 0 and mie.MEIE, and sleeps in WFI (letting the interrupt
 * in by setting mstatus.MIE only between WFI and the next test).  Each
 * machine external interrupt claims 10, checks IIR, drains RBR while
 * LSR.DR, and completes (IIR may already show nothing: a byte received
 * while the previous interrupt was serviced can leave a request that
 * finds the device idle, which the PLIC spec allows; QEMU does this).
 * After three bytes it checks "abc" and echoes it:
 * the expected output is "Rabc".  A machine timer after 5 s fails it. */
#include "virt.h"

#define NBYTES 3

VIRT_BEGIN
        la   t0, handler
        csrw mtvec, t0
        li   s0, UART
        li   a0, 0x03                  /* 8N1 */
        sb   a0, UART_LCR(s0)
        li   a0, IER_ERBFI
        sb   a0, UART_IER(s0)
        W32(PLIC_PRIO(UART_IRQ), 1)
        W32(PLIC_THRESHOLD(CTX_M), 0)
        W32(PLIC_ENABLE(CTX_M, 0), 1 << UART_IRQ)
        W32(PLIC_ENABLE(CTX_S, 0), 0)
        ARM_WATCHDOG(5)
        li   t0, MIP_MEIP | MIP_MTIP
        csrw mie, t0
        li   a0, 'R'
        PUTC(a0)
        /* Wait without a lost wake-up: test with interrupts off, WFI
         * (it wakes on a pending enabled interrupt even then), and let
         * the interrupt in only between the two. */
        la   s1, count
1:      lw   a0, 0(s1)
        li   t0, NBYTES
        bge  a0, t0, 2f
        wfi
        csrsi mstatus, MSTATUS_MIE
        csrci mstatus, MSTATUS_MIE
        j    1b
2:

        CHECK_EQ(1, a0, NBYTES)        /* no extra byte */
        la   s2, buf
        lbu  a0, 0(s2)
        CHECK_EQ(2, a0, 'a')
        lbu  a0, 1(s2)
        CHECK_EQ(3, a0, 'b')
        lbu  a0, 2(s2)
        CHECK_EQ(4, a0, 'c')
        RX_REPORT_AND_ECHO
VIRT_END

        .align 2
handler:
        csrr t0, mcause
        li   t1, CAUSE_MEI
        beq  t0, t1, 1f
        li   t1, CAUSE_MTI
        li   TESTNUM, 90               /* watchdog: no input arrived */
        beq  t0, t1, fail
        j    virt_trap
1:      la   t2, irqs
        lw   t0, 0(t2)
        addi t0, t0, 1
        sw   t0, 0(t2)
        li   t2, PLIC_CLAIM(CTX_M)
        lw   a1, 0(t2)
        li   t1, UART_IRQ
        li   TESTNUM, 91               /* claim returned another source */
        bne  a1, t1, fail
        li   t2, UART
        lbu  t0, UART_IIR(t2)
        li   t1, 0x04                  /* received data, 16450 mode */
        beq  t0, t1, 2f
        li   t1, 0x01                  /* none: a byte that arrived while the */
        beq  t0, t1, 2f                /* last one was serviced (spec allows) */
        la   t1, bad
        sw   t0, 0(t1)
2:      lbu  t0, UART_LSR(t2)
        andi t0, t0, LSR_DR
        beqz t0, 3f
        lbu  a0, UART_RBR(t2)
        la   t1, count
        lw   a2, 0(t1)
        li   t0, 16
        bgeu a2, t0, 2b                /* keep the buffer in bounds */
        la   t0, buf
        add  t0, t0, a2
        sb   a0, 0(t0)
        addi a2, a2, 1
        sw   a2, 0(t1)
        j    2b
3:      li   t2, PLIC_CLAIM(CTX_M)
        sw   a1, 0(t2)                 /* complete */
        mret

        .data
        .align 3
count:  .word 0
irqs:   .word 0
bad:    .word 0
buf:    .skip 16
