/* Bare-metal test environment for the QEMU-virt devices (PLIC, ns16550a,
 * goldfish RTC): the same ELF runs on rvkvm and on
 *   qemu-system-riscv64 -M virt -bios none -nographic -kernel T.elf
 * so it exits through the sifive,test1 finisher at 0x10_0000 (which both
 * have; QEMU virt has no HTIF): 0x5555 = pass, code << 16 | 0x3333 = exit
 * status code.  No `tohost` is defined.
 *
 * A test file:   #include "virt.h"
 *                VIRT_BEGIN
 *                  CHECK(3) ... FAIL_IF_NE(a0, t1) ... CHECK_EQ(4, a0, 7)
 *                VIRT_END
 * Exit status: 0 pass; TESTNUM (gp, 1..127) = the failing check;
 * 0x80 + mcause for an unexpected exception, 0xc0 + cause for an
 * unexpected interrupt (virt_trap, left in mtvec on entry).
 * Registers: gp = TESTNUM; t3-t6 scratch of the macros; sp = a stack.
 */
#ifndef RVKVM_TESTS_PLIC_VIRT_H
#define RVKVM_TESTS_PLIC_VIRT_H

#define TESTNUM gp

/* ---- the QEMU virt layout ---- */
#define FINISHER   0x100000
#define RTC_BASE   0x101000
#define ACLINT     0x2000000
#define MTIMECMP   (ACLINT + 0x4000)
#define MTIME      (ACLINT + 0xbff8)
#define PLIC       0xc000000
#define UART       0x10000000
#define UART_IRQ   10
#define RTC_IRQ    11

/* PLIC registers (RISC-V PLIC spec 1.0.0, "Memory Map") */
#define PLIC_PRIO(s)        (PLIC + 4 * (s))
#define PLIC_PENDING(w)     (PLIC + 0x1000 + 4 * (w))
#define PLIC_ENABLE(c, w)   (PLIC + 0x2000 + 0x80 * (c) + 4 * (w))
#define PLIC_THRESHOLD(c)   (PLIC + 0x200000 + 0x1000 * (c))
#define PLIC_CLAIM(c)       (PLIC + 0x200004 + 0x1000 * (c))
#define CTX_M 0   /* hart 0, M-mode */
#define CTX_S 1   /* hart 0, S-mode */

/* ns16550a register offsets and bits */
#define UART_RBR 0
#define UART_THR 0
#define UART_IER 1
#define UART_IIR 2
#define UART_FCR 2
#define UART_LCR 3
#define UART_MCR 4
#define UART_LSR 5
#define UART_SCR 7
#define IER_ERBFI 0x01
#define IER_ETBEI 0x02
#define IER_ELSI  0x04
#define LSR_DR    0x01
#define LSR_OE    0x02
#define LSR_THRE  0x20

/* goldfish RTC register offsets */
#define RTC_TIME_LOW        0x00
#define RTC_TIME_HIGH       0x04
#define RTC_ALARM_LOW       0x08
#define RTC_ALARM_HIGH      0x0c
#define RTC_IRQ_ENABLED     0x10
#define RTC_CLEAR_ALARM     0x14
#define RTC_ALARM_STATUS    0x18
#define RTC_CLEAR_INTERRUPT 0x1c

/* mstatus / mip bits */
#define MSTATUS_SIE  0x2
#define MSTATUS_MIE  0x8
#define MSTATUS_SPP  0x100
#define MSTATUS_MPP  0x1800
#define MIP_SEIP     (1 << 9)
#define MIP_MTIP     (1 << 7)
#define MIP_MEIP     (1 << 11)
#define CAUSE_INT    (1 << 63)
#define CAUSE_MEI    0x800000000000000b
#define CAUSE_SEI    0x8000000000000009
#define CAUSE_MTI    0x8000000000000007

/* Where QEMU 7.2 (the oracle) deviates from the PLIC specification, the
 * oracle build (-DQEMU_ORACLE, run only on QEMU) expects QEMU's value:
 * SPEC_OR_QEMU(value the spec requires, value QEMU 7.2 gives). */
#ifdef QEMU_ORACLE
#define SPEC_OR_QEMU(spec, qemu) qemu
#else
#define SPEC_OR_QEMU(spec, qemu) spec
#endif
/* QEMU 7.2 does not re-evaluate its interrupt outputs after an enable
 * write; the oracle build nudges it with a harmless write (the priority of
 * the unused source 95) before looking at mip. */
#ifdef QEMU_ORACLE
#define QEMU_SYNC W32(PLIC_PRIO(95), 0)
#else
#define QEMU_SYNC
#endif

/* Exit with the status in code_reg (0 = pass). */
#define VIRT_EXIT(code_reg)                             \
        li t5, 0x5555; beqz code_reg, 8f;               \
        slli code_reg, code_reg, 16; li t5, 0x3333;     \
        or t5, t5, code_reg;                            \
8:      li t6, FINISHER; sw t5, 0(t6);                  \
1:      j 1b

#define VIRT_BEGIN                        \
        .section .text.init;              \
        .globl _start;                    \
_start:                                   \
        la   t0, virt_trap;               \
        csrw mtvec, t0;                   \
        la   sp, virt_stack_top;          \
        li   TESTNUM, 0;                  \
        j    test_main;                   \
        .align 2;                         \
virt_trap:                                \
        csrr t6, mcause;                  \
        bltz t6, 2f;                      \
        andi t6, t6, 0x3f;                \
        addi t6, t6, 0x80;                \
        VIRT_EXIT(t6);                    \
2:      andi t6, t6, 0x3f;                \
        addi t6, t6, 0xc0;                \
        VIRT_EXIT(t6);                    \
        .text;                            \
test_main:

#define VIRT_PASS  li t6, 0; VIRT_EXIT(t6)
#define VIRT_FAIL  mv t6, TESTNUM; bnez t6, 3f; li t6, 0x7f; 3: VIRT_EXIT(t6)

#define VIRT_END                          \
        VIRT_PASS;                        \
fail:   VIRT_FAIL;                        \
        .bss; .align 4;                   \
virt_stack: .skip 4096;                   \
virt_stack_top:;                          \
        .text

#define CHECK(n)              li TESTNUM, n
#define FAIL_IF_NE(a, b)      bne a, b, fail
#define CHECK_EQ(n, reg, val) li TESTNUM, n; li t4, val; bne reg, t4, fail

/* 32-bit MMIO helpers (clobber t4, t5) */
#define W32(addr, val)        li t4, addr; li t5, val; sw t5, 0(t4)
#define R32(reg, addr)        li t4, addr; lw reg, 0(t4)
/* Expect a 32-bit register value (zero-extended compare). */
#define EXPECT32(n, addr, val) CHECK(n); R32(t3, addr); slli t3, t3, 32; srli t3, t3, 32; \
                               li t4, val; bne t3, t4, fail
/* Expect (mip & mask) == val */
#define EXPECT_MIP(n, mask, val) CHECK(n); csrr t3, mip; li t4, mask; and t3, t3, t4; \
                               li t4, val; bne t3, t4, fail

/* Polled UART output of the byte in reg (clobbers t4, t5). */
#define PUTC(reg)                         \
        li t4, UART;                      \
9:      lbu t5, UART_LSR(t4);             \
        andi t5, t5, LSR_THRE;            \
        beqz t5, 9b;                      \
        sb reg, UART_THR(t4)

/* The end of the UART receive tests: check 5 (at least one interrupt was
 * taken, counted in `irqs`) and 6 (the handler saw nothing unexpected:
 * `bad` is 0), echo the NBYTES received bytes at s2 over the UART (base in
 * s0), and wait until the echo has left before the caller powers off. */
#define RX_REPORT_AND_ECHO                \
        lw   a0, irqs;                    \
        CHECK(5);                         \
        beqz a0, fail;                    \
        lw   a0, bad;                     \
        CHECK_EQ(6, a0, 0);               \
        li   s3, 0;                       \
8:      add  t0, s2, s3;                  \
        lbu  a0, 0(t0);                   \
        PUTC(a0);                         \
        addi s3, s3, 1;                   \
        li   t0, NBYTES;                  \
        blt  s3, t0, 8b;                  \
7:      lbu  t0, UART_LSR(s0);            \
        andi t0, t0, 0x40;                \
        beqz t0, 7b

/* Arm a fail-safe: a machine timer interrupt after `sec` seconds (10 MHz
 * timebase on both machines); the handler treats it as a failure. */
#define ARM_WATCHDOG(sec)                 \
        li t4, MTIME; ld t5, 0(t4);       \
        li t4, (sec) * 10000000;          \
        add t5, t5, t4;                   \
        li t4, MTIMECMP; sd t5, 0(t4)

#endif
