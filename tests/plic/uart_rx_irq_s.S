/* Interrupt-driven UART input through the PLIC's S-mode context (hart 0,
 * context 1) with the supervisor external interrupt delegated
 * (mideleg.SEI).  M-mode opens all memory to S-mode (PMP entry 0, NAPOT
 * over everything), enables source 10 for context 1 only (priority 2 >
 * threshold 1), sets mie.SEIE and MTIE (the watchdog stays in M-mode),
 * and enters S-mode.  S-mode prints "R", sets sstatus.SIE and sleeps in
 * WFI; its handler sees scause = supervisor external interrupt with
 * sip.SEIP set, claims 10 from context 1, drains RBR and completes.
 * After "abc" it checks the bytes and echoes them: output "Rabc". */
#include "virt.h"

#define NBYTES 3

VIRT_BEGIN
        la   t0, mhandler
        csrw mtvec, t0
        li   t0, -1                    /* PMP: S-mode may access everything */
        csrw pmpaddr0, t0
        li   t0, 0x1f                  /* NAPOT, R, W, X */
        csrw pmpcfg0, t0
        li   t0, MIP_SEIP
        csrw mideleg, t0
        csrw medeleg, zero
        la   t0, shandler
        csrw stvec, t0

        li   s0, UART
        li   a0, 0x03
        sb   a0, UART_LCR(s0)
        li   a0, IER_ERBFI
        sb   a0, UART_IER(s0)
        W32(PLIC_PRIO(UART_IRQ), 2)
        W32(PLIC_THRESHOLD(CTX_S), 1)
        W32(PLIC_ENABLE(CTX_S, 0), 1 << UART_IRQ)
        W32(PLIC_ENABLE(CTX_M, 0), 0)
        ARM_WATCHDOG(5)
        li   t0, MIP_SEIP | MIP_MTIP
        csrw mie, t0
        csrsi mstatus, MSTATUS_MIE     /* M interrupts: the watchdog */

        /* enter S-mode at smain */
        li   t0, MSTATUS_MPP
        csrc mstatus, t0
        li   t0, 0x800                 /* MPP = S */
        csrs mstatus, t0
        la   t0, smain
        csrw mepc, t0
        mret

smain:
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
        csrsi sstatus, MSTATUS_SIE
        csrci sstatus, MSTATUS_SIE
        j    1b
2:

        CHECK_EQ(1, a0, NBYTES)
        la   s2, buf
        lbu  a0, 0(s2)
        CHECK_EQ(2, a0, 'a')
        lbu  a0, 1(s2)
        CHECK_EQ(3, a0, 'b')
        lbu  a0, 2(s2)
        CHECK_EQ(4, a0, 'c')
        RX_REPORT_AND_ECHO
VIRT_END

        /* M-mode: the watchdog, or anything unexpected (an M external
         * interrupt would mean context 0 fired) */
        .align 2
mhandler:
        csrr t0, mcause
        li   t1, CAUSE_MTI
        li   TESTNUM, 90
        beq  t0, t1, fail
        j    virt_trap

        .align 2
shandler:
        csrr t0, scause
        li   t1, CAUSE_SEI
        li   TESTNUM, 92               /* an unexpected S-mode trap */
        bne  t0, t1, fail
        la   t2, irqs
        lw   t0, 0(t2)
        addi t0, t0, 1
        sw   t0, 0(t2)
        li   TESTNUM, 93               /* sip.SEIP not set */
        csrr t0, sip
        andi t0, t0, 0x200
        beqz t0, fail
        li   t2, PLIC_CLAIM(CTX_S)
        lw   a1, 0(t2)
        li   t1, UART_IRQ
        li   TESTNUM, 91
        bne  a1, t1, fail
        li   t2, UART
        lbu  t0, UART_IIR(t2)
        li   t1, 0x04                  /* received data */
        beq  t0, t1, 2f
        li   t1, 0x01                  /* none left (see uart_rx_irq.S) */
        beq  t0, t1, 2f
        la   t1, bad
        sw   t0, 0(t1)
2:      lbu  t0, UART_LSR(t2)
        andi t0, t0, LSR_DR
        beqz t0, 3f
        lbu  a0, UART_RBR(t2)
        la   t1, count
        lw   a2, 0(t1)
        li   t0, 16
        bgeu a2, t0, 2b
        la   t0, buf
        add  t0, t0, a2
        sb   a0, 0(t0)
        addi a2, a2, 1
        sw   a2, 0(t1)
        j    2b
3:      li   t2, PLIC_CLAIM(CTX_S)
        sw   a1, 0(t2)
        sret

        .data
        .align 3
count:  .word 0
irqs:   .word 0
bad:    .word 0
buf:    .skip 16
