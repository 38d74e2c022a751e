/* uart_rx_irq.S in FIFO mode: 43 bytes, more than the 16-byte FIFO holds,
 * with the trigger level at 8, so interrupts report received data (IIR
 * 0xc4) or a character timeout (0xcc) for the tail.  Run with
 * "the quick brown fox jumps over the lazy dog" on stdin after "R" (not
 * before: enabling the FIFO clears it, as on a 16550); the program checks
 * every byte in order and echoes the line. */
#include "virt.h"

#define NBYTES 43

VIRT_BEGIN
        la   t0, handler
        csrw mtvec, t0
        li   s0, UART
        li   a0, 0x03                  /* 8N1 */
        sb   a0, UART_LCR(s0)
        li   a0, 0x87                  /* FIFOs on, cleared, trigger 8 */
        sb   a0, UART_FCR(s0)
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
        la   s3, expect
        li   s4, 0
        CHECK(2)
3:      add  t0, s2, s4
        lbu  a0, 0(t0)
        add  t0, s3, s4
        lbu  t1, 0(t0)
        bne  a0, t1, fail
        addi s4, s4, 1
        li   t0, NBYTES
        blt  s4, t0, 3b
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
        li   t1, 0xc4                  /* received data */
        beq  t0, t1, 2f
        li   t1, 0xcc                  /* character timeout */
        beq  t0, t1, 2f
        li   t1, 0xc1                  /* none (see uart_rx_irq.S) */
        beq  t0, t1, 2f
        la   t1, bad
        sw   t0, 0(t1)
2:      lbu  t0, UART_LSR(t2)
        andi t0, t0, LSR_DR
        beqz t0, 3f
        lbu  a0, UART_RBR(t2)
        la   t1, count
        lw   a2, 0(t1)
        li   t0, 64
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
buf:    .skip 64
        .section .rodata
expect: .ascii "the quick brown fox jumps over the lazy dog"
