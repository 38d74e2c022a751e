/* SBI of rvkvm's core, checked from inside a hypervisor guest (VS-mode,
 * `rvkvm run --kernel sbi.elf --cpus 2`): every call's error and value
 * against the SBI specification v2.0, the HSM state machine (start, stop,
 * restart, status, bad arguments), IPIs, fences, SRST argument checks, a
 * forwarded DBCN write and a virtual instruction redirected as illegal.
 * Prints HYP-SBI-OK and powers off (exit 0), or prints FAIL <n> (n = the
 * failing check) and reports a system failure through SRST (exit 1).
 * Also the STA extension: record address checks, updates, switching off. */
#include "hyp.inc"

        HYP_HEADER
entry:
        la   sp, stack0_top
        la   t0, trap
        csrw stvec, t0
        mv   s0, a0                      /* our hart id (0) */

        /* BASE (chapter 4) */
        SBI(EXT_BASE, 0)
        CHECK(1, a0, 0)
        CHECK(2, a1, 0x2000000)          /* v2.0 */
        li a0, EXT_HSM
        SBI(EXT_BASE, 3)
        CHECK(3, a1, 1)
        li a0, EXT_PMU
        SBI(EXT_BASE, 3)
        CHECK(4, a1, 1)                  /* offered (Sscofpmf counters) */
        SBI(0x12345, 0)
        CHECK(5, a0, -2)                 /* SBI_ERR_NOT_SUPPORTED */
        SBI(EXT_BASE, 77)
        CHECK(6, a0, -2)

        /* HSM (chapter 9): hart 1 starts stopped */
        li a0, 1
        SBI(EXT_HSM, 2)
        CHECK(10, a0, 0)
        CHECK(11, a1, 1)                 /* STOPPED */
        li a0, 5
        SBI(EXT_HSM, 2)
        CHECK(12, a0, -3)                /* no such hart */
        li a0, 1; li a1, 0x1000; li a2, 0
        SBI(EXT_HSM, 0)
        CHECK(13, a0, -5)                /* not RAM: INVALID_ADDRESS */
        li a0, 1; la a1, secondary; addi a1, a1, 1; li a2, 0
        SBI(EXT_HSM, 0)
        CHECK(14, a0, -5)                /* misaligned */
        li a0, 0; la a1, secondary; li a2, 0
        SBI(EXT_HSM, 0)
        CHECK(15, a0, -6)                /* ALREADY_AVAILABLE: we run */
        li a0, 9; la a1, secondary; li a2, 0
        SBI(EXT_HSM, 0)
        CHECK(16, a0, -3)

        li s1, 0                         /* round: start hart 1 twice */
start_round:
        la t0, flag
        sd zero, 0(t0)
        li a0, 1; la a1, secondary; li a2, 0x55
        add a2, a2, s1
        SBI(EXT_HSM, 0)
        CHECK(20, a0, 0)
        li t1, 10000000                  /* wait for its flag (bounded) */
1:      ld t2, flag
        bnez t2, 2f
        addi t1, t1, -1
        bnez t1, 1b
        li s11, 21
        j fail
2:      ld t3, seen_a0
        CHECK(22, t3, 1)                 /* a0 = its hart id */
        ld t3, seen_a1
        li t4, 0x55
        add t4, t4, s1
        li s11, 23
        bne t3, t4, fail                 /* a1 = the opaque value */
        li t1, 10000000                  /* it stops itself: poll status */
3:      li a0, 1
        SBI(EXT_HSM, 2)
        li t2, 1
        beq a1, t2, 4f
        addi t1, t1, -1
        bnez t1, 3b
        li s11, 24
        j fail
4:      addi s1, s1, 1
        li t0, 2
        blt s1, t0, start_round

        /* IPI (chapter 7) to ourselves: sip.SSIP, cleared through sip */
        li a0, 1; li a1, 0
        SBI(EXT_IPI, 0)
        CHECK(30, a0, 0)
        csrr t0, sip
        andi t0, t0, 2
        CHECK(31, t0, 2)
        csrc sip, 2
        csrr t0, sip
        andi t0, t0, 2
        CHECK(32, t0, 0)
        li a0, 1; li a1, 5
        SBI(EXT_IPI, 0)
        CHECK(33, a0, -3)                /* hart 5 does not exist */

        /* TIME (chapter 6): a deadline in the past is pending at once */
        li a0, 0
        SBI(EXT_TIME, 0)
        CHECK(40, a0, 0)
        csrr t0, sip
        andi t0, t0, 0x20
        CHECK(41, t0, 0x20)
        li a0, -1
        SBI(EXT_TIME, 0)
        csrr t0, sip
        andi t0, t0, 0x20
        CHECK(42, t0, 0)

        /* RFENCE (chapter 8) */
        li a0, 0; li a1, -1; li a2, 0; li a3, -1
        SBI(EXT_RFENCE, 1)
        CHECK(50, a0, 0)
        li a0, 3; li a1, 0
        SBI(EXT_RFENCE, 0)
        CHECK(51, a0, 0)
        li a0, 1; li a1, 0
        SBI(EXT_RFENCE, 3)
        CHECK(52, a0, -2)                /* HFENCE: no H in the guest */
        li a0, 1; li a1, 40
        SBI(EXT_RFENCE, 0)
        CHECK(53, a0, -3)

        /* SRST (chapter 10) argument checks */
        li a0, 5; li a1, 0
        SBI(EXT_SRST, 0)
        CHECK(60, a0, -3)
        li a0, 0; li a1, 7
        SBI(EXT_SRST, 0)
        CHECK(61, a0, -3)
        li a0, 0xF0000000; li a1, 0
        SBI(EXT_SRST, 0)
        CHECK(62, a0, -2)

        /* DBCN (chapter 12), forwarded to the VMM's console */
        li a0, 8; la a1, dbcn_msg; li a2, 0
        SBI(EXT_DBCN, 0)
        CHECK(70, a0, 0)
        CHECK(71, a1, 8)
        li a0, 8; li a1, 0x1000; li a2, 0
        SBI(EXT_DBCN, 0)
        CHECK(72, a0, -3)                /* outside RAM */

        /* A hypervisor CSR from VS: a virtual instruction, seen by the
         * guest as an illegal instruction with the bits in stval. */
        la t0, traps
        sd zero, 0(t0)
        csrr t1, hstatus
        ld t0, traps
        CHECK(80, t0, 1)
        ld t0, last_cause
        CHECK(81, t0, 2)
        ld t0, last_tval
        li t6, 0x60002373                /* csrr t1, hstatus */
        li s11, 82
        bne t0, t6, fail

        /* STA (chapter 15): a steal-time record the core keeps up to date */
        li a0, EXT_STA
        SBI(EXT_BASE, 3)
        CHECK(100, a1, 1)
        la a0, sta_rec; addi a0, a0, 8; li a1, 0; li a2, 0
        SBI(EXT_STA, 0)
        CHECK(101, a0, -3)               /* not 64-byte aligned */
        li a0, 0x1000; li a1, 0; li a2, 0
        SBI(EXT_STA, 0)
        CHECK(102, a0, -5)               /* not RAM */
        la a0, sta_rec; li a1, 1; li a2, 0
        SBI(EXT_STA, 0)
        CHECK(103, a0, -5)               /* above 64 bits */
        la a0, sta_rec; li a1, 0; li a2, 1
        SBI(EXT_STA, 0)
        CHECK(104, a0, -3)               /* flags must be 0 */
        la t0, sta_rec
        li t1, -1
        sd t1, 0(t0)                     /* set_shmem zeroes the record */
        la a0, sta_rec; li a1, 0; li a2, 0
        SBI(EXT_STA, 0)
        CHECK(105, a0, 0)
        ld t1, sta_rec + 8
        CHECK(106, t1, 0)                /* steal starts at 0 */
        rdtime s2                        /* ~5 ms of guest time with exits */
        li t0, 50000
        add s2, s2, t0
1:      SBI(EXT_BASE, 0)
        rdtime t0
        bltu t0, s2, 1b
        lwu t1, sta_rec
        andi t2, t1, 1
        CHECK(107, t2, 0)                /* not mid-update */
        li s11, 108
        beqz t1, fail                    /* updated at least once */
        li a0, -1; li a1, -1; li a2, 0
        SBI(EXT_STA, 0)
        CHECK(109, a0, 0)                /* reporting off */
        lwu s3, sta_rec
        rdtime s2
        li t0, 30000
        add s2, s2, t0
1:      SBI(EXT_BASE, 0)
        rdtime t0
        bltu t0, s2, 1b
        lwu t1, sta_rec
        li s11, 110
        bne t1, s3, fail                 /* no longer written */

        la a0, ok_msg
        call puts
        li a0, 0; li a1, 0
        SBI(EXT_SRST, 0)                 /* power off: exit status 0 */
        j .

        HYP_REPORT

/* Secondary: record a0/a1, raise the flag, stop itself (no return). */
secondary:
        la t0, seen_a0
        sd a0, 0(t0)
        la t0, seen_a1
        sd a1, 0(t0)
        fence
        li t1, 1
        la t0, flag
        sd t1, 0(t0)
        SBI(EXT_HSM, 1)
        li s11, 90                       /* hart_stop returned */
        j fail

/* stvec: count, record scause/stval, skip the instruction. */
        .balign 4
trap:   csrrw sp, sscratch, sp
        la sp, trapstack_top
        sd t0, 0(sp)
        sd t1, 8(sp)
        la t0, traps
        ld t1, 0(t0)
        addi t1, t1, 1
        sd t1, 0(t0)
        csrr t1, scause
        la t0, last_cause
        sd t1, 0(t0)
        csrr t1, stval
        la t0, last_tval
        sd t1, 0(t0)
        csrr t1, sepc
        addi t1, t1, 4
        csrw sepc, t1
        ld t0, 0(sp)
        ld t1, 8(sp)
        sret

        .section .rodata
dbcn_msg: .ascii "DBCN-OK\n"
ok_msg:   .asciz "HYP-SBI-OK\n"

        .data
        .balign 64
sta_rec:    .space 64
flag:       .dword 0
seen_a0:    .dword 0
seen_a1:    .dword 0
traps:      .dword 0
last_cause: .dword 0
last_tval:  .dword 0

        .bss
        .balign 16
        .space 8192
stack0_top:
        .space 1024
trapstack_top:
