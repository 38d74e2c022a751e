/* Exact minstret semantics (Zicsr 2.x "CSR instructions"; priv spec 1.12,
 * 3.1.10-3.1.13): a CSR instruction reads the counter as it was before the
 * instruction; a value it writes is what the next instruction reads (the
 * write replaces that instruction's own increment); trapping instructions
 * do not retire; inhibited counters stop where they are.
 * rvkvm only: QEMU 7.2 without -icount makes minstret count host ticks, and
 * snaps an inhibited counter back to the last value written. */
#include "priv.h"

PRIV_BEGIN
        csrw mcountinhibit, zero

/* 1: "a value written to instret by one instruction will be the value read
 * by the following instruction" */
        TC(1)
        li   t0, 1000
        csrw minstret, t0
        csrr a0, minstret
        EXPECT(a0, 1000)

/* 2: each retired instruction counts one. */
        TC(2)
        li   t0, 1000
        csrw minstret, t0
        nop
        nop
        csrr a0, minstret
        EXPECT(a0, 1002)
        csrr a0, minstret
        csrr a1, minstret
        addi a0, a0, 1
        EXPECT_REG(a1, a0)

/* 3: a loop: li + 10 x (addi, bnez) = 21 instructions. */
        TC(3)
        csrw minstret, zero
        li   t1, 10
2:      addi t1, t1, -1
        bnez t1, 2b
        csrr a0, minstret
        EXPECT(a0, 21)

/* 4: CSRRW returns the value before the instruction and writes the new. */
        TC(4)
        li   t0, 500
        csrw minstret, t0
        li   t1, 700          /* one instruction (12-bit immediate) */
        csrrw a0, minstret, t1
        csrr a1, minstret
        EXPECT(a0, 501)
        EXPECT(a1, 700)

/* 5: ECALL and an illegal instruction trap and do not retire (unpriv
 * 2.8: "they are not considered to retire"). */
        TC(5)
        lla  t0, count_handler
        csrw mtvec, t0
        csrw minstret, zero
        ecall
        EXPECT(a0, 0)
        csrw minstret, zero
        .4byte 0x00007003
        EXPECT(a0, 0)
        lla  t0, priv_mtrap
        csrw mtvec, t0

/* 6: mcountinhibit.IR freezes minstret at its current count (the write to
 * mcountinhibit itself may or may not count). */
        TC(6)
        li   t0, 100
        csrw minstret, t0
        csrwi mcountinhibit, COUNT_IR
        csrr a0, minstret
        li   t1, 50
2:      addi t1, t1, -1
        bnez t1, 2b
        csrr a1, minstret
        EXPECT_REG(a1, a0)
        li   t0, 100
        bltu a0, t0, fail
        li   t0, 101
        bltu t0, a0, fail

/* 7: ...and clearing it resumes counting from there. */
        TC(7)
        li   t0, 100
        csrw minstret, t0
        csrwi mcountinhibit, 0
        nop
        csrr a0, minstret
        li   t0, 101
        bltu a0, t0, fail
        li   t0, 102
        bltu t0, a0, fail

/* 8: mcountinhibit.CY freezes mcycle where it is (no snapping back). */
        TC(8)
        csrw mcycle, zero
        li   t1, 100
2:      addi t1, t1, -1
        bnez t1, 2b
        csrwi mcountinhibit, COUNT_CY
        csrr a0, mcycle
        li   t1, 100
2:      addi t1, t1, -1
        bnez t1, 2b
        csrr a1, mcycle
        EXPECT_REG(a1, a0)
        beqz a0, fail
        csrwi mcountinhibit, 0

/* 9: mcountinhibit bit 1 (there is no time inhibit) is read-only zero
 * (3.1.13, figure "Counter-inhibit mcountinhibit register"). */
        TC(9)
        csrwi mcountinhibit, COUNT_CY | COUNT_TM | COUNT_IR
        EXPECT_CSR_BITS(mcountinhibit, COUNT_TM, 0)
        csrwi mcountinhibit, 0

/* 10: hot (compiled) code that goes on through jumps, looping where it
 * runs into its own code (tests/priv/jal_cont.S): jal + kcount's li, j,
 * 5 x (addi, beq), 4 x (j, addi), ret = 22 instructions. */
        TC(10)
        li   s1, 60
1:      li   a1, 5
        jal  ra, kcount
        addi s1, s1, -1
        bnez s1, 1b
        li   a1, 5
        csrw minstret, zero
        jal  ra, kcount
        csrr a0, minstret
        EXPECT(a0, 22)

PRIV_END

        .balign 64
kcount: li   a0, 0
        j    kcount_loop
kcount_pre:
        addi a2, a2, 1
kcount_loop:
        addi a0, a0, 1
        beq  a0, a1, 1f
        j    kcount_pre
1:      ret

/* Trap handler for 5: a0 = minstret at the handler, resume after. */
        .balign 4
count_handler:
        csrr a0, minstret
        csrr t0, mepc
        addi t0, t0, 4
        csrw mepc, t0
        mret
