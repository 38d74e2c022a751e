/* A stand-in for OpenSBI fw_dynamic (M-mode, at 0x80000000): checks the
 * boot registers and OpenSBI's struct fw_dynamic_info (a2), opens PMP and
 * the counters to S-mode, delegates illegal instructions, then enters
 * info->next_addr in S-mode (mret) with a0 = hart id, a1 = device tree.
 * The info fields go to the kernel in a2..a6, with a7 = "FAKE" to say so.
 *
 * Reports through the sifive,test device at 0x100000 (QEMU virt has it
 * too): failing check N -> exit N; unexpected trap -> exit 0x80 + mcause. */
#define TEST_DEV   0x100000
#define FW_MAGIC   0x4942534f
#define FAKE_MAGIC 0x454b4146   /* "FAKE" */

#define CHECK(n)   li gp, n

        .section .text.init, "ax"
        .globl _start
_start:
        la   t0, trap
        csrw mtvec, t0
        CHECK(1)                    /* a0 = this hart's id */
        csrr t0, mhartid
        bne  a0, t0, fail
        CHECK(2)                    /* a1: an 8-byte aligned device tree in RAM */
        andi t0, a1, 7
        bnez t0, fail
        li   t0, 0x80000000
        bltu a1, t0, fail
        CHECK(3)                    /* a2: fw_dynamic_info */
        beqz a2, fail
        andi t0, a2, 7
        bnez t0, fail
        CHECK(4)
        ld   t0, 0(a2)              /* magic */
        li   t1, FW_MAGIC
        bne  t0, t1, fail
        CHECK(5)
        ld   t0, 8(a2)              /* version 1 or 2 */
        beqz t0, fail
        li   t1, 2
        bgtu t0, t1, fail
        CHECK(6)
        ld   t0, 24(a2)             /* next_mode: S */
        li   t1, 1
        bne  t0, t1, fail

        /* Like fw_dynamic with boot_hart = -1: one hart boots the kernel,
         * the others (which passed the same register checks) park. */
        csrr t0, mhartid
        bnez t0, park

        /* PMP: one NAPOT entry over all memory, RWX for S and U. */
        li   t0, -1
        csrw pmpaddr0, t0
        li   t0, 0x1f
        csrw pmpcfg0, t0
        li   t0, -1
        csrw mcounteren, t0
        li   t0, 1 << 2             /* illegal instruction to S (the kernel probes with it) */
        csrw medeleg, t0
        li   t0, 0x1800             /* mstatus.MPP = S */
        csrc mstatus, t0
        li   t0, 0x0800
        csrs mstatus, t0
        ld   t0, 16(a2)             /* next_addr */
        csrw mepc, t0

        ld   a3, 8(a2)              /* version */
        ld   a4, 24(a2)             /* next_mode */
        ld   a5, 32(a2)             /* options */
        ld   a6, 40(a2)             /* boot_hart */
        li   a7, FAKE_MAGIC
        ld   a2, 16(a2)             /* next_addr */
        mret

        .align 2
trap:
        csrr gp, mcause
        addi gp, gp, 0x80
fail:
        slli gp, gp, 16
        li   t0, 0x3333
        or   gp, gp, t0
        li   t0, TEST_DEV
        sw   gp, 0(t0)
1:      wfi
        j    1b

park:   wfi
        j    park
