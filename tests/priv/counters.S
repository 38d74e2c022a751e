/* Counters (Zicntr/Zihpm and their M-mode controls): mcycle/minstret are
 * writable, mcountinhibit stops them, mcounteren/scounteren gate the
 * user-level shadows, hpm counters read 0 (priv spec 1.12, 3.1.10-3.1.13).
 * Only properties that hold for counters counting anything monotonic are
 * checked here; exact instret counting is in counters_exact.S, the time CSR
 * in time_csr.S. */
#include "priv.h"

PRIV_BEGIN

/* 1-2: mcycle and minstret are writable and count up from the value
 * written (mcountinhibit = 0). */
        TC(1)
        csrw mcountinhibit, zero
        li   s0, 0x100000000000
        csrw mcycle, s0
        csrr a0, mcycle
        bltu a0, s0, fail
        li   t0, 0x100000000
        add  t0, s0, t0
        bgeu a0, t0, fail
        li   t1, 200
2:      addi t1, t1, -1
        bnez t1, 2b
        csrr a1, mcycle
        bgeu a0, a1, fail

        TC(2)
        li   s0, 0x200000000000
        csrw minstret, s0
        csrr a0, minstret
        bltu a0, s0, fail
        li   t0, 0x100000000
        add  t0, s0, t0
        bgeu a0, t0, fail
        li   t1, 200
2:      addi t1, t1, -1
        bnez t1, 2b
        csrr a1, minstret
        bgeu a0, a1, fail

/* 3: mcountinhibit.CY/IR stop the counters: while stopped, a written
 * value stays, in mcycle/minstret and in cycle/instret.  (That they stop
 * at the value they had is checked in counters_exact.S: QEMU 7.2 snaps an
 * inhibited counter back to the last value written.) */
        TC(3)
        li   t0, COUNT_CY | COUNT_IR
        csrw mcountinhibit, t0
        EXPECT_CSR_BITS(mcountinhibit, COUNT_CY | COUNT_IR, COUNT_CY | COUNT_IR)
        li   t0, 0x1234567
        csrw mcycle, t0
        li   t0, 0x7654321
        csrw minstret, t0
        li   t1, 200
2:      addi t1, t1, -1
        bnez t1, 2b
        EXPECT_CSR(mcycle, 0x1234567)
        EXPECT_CSR(minstret, 0x7654321)
        EXPECT_CSR(cycle, 0x1234567)
        EXPECT_CSR(instret, 0x7654321)

/* 4: mcountinhibit only stops counting; the CSRs stay accessible from S
 * through mcounteren. */
        TC(4)
        li   t0, COUNT_CY | COUNT_IR
        csrw mcounteren, t0
        RUN_IN(PRV_S, 2f, 1f)
2:      csrr a0, cycle
        csrr a1, instret
        ecall
1:      EXPECT_CAUSE(CAUSE_ECALL_S)
        EXPECT(a0, 0x1234567)
        EXPECT(a1, 0x7654321)
        csrw mcounteren, zero

/* 5: clearing the inhibit bits starts them again. */
        TC(5)
        csrw mcountinhibit, zero
        li   t1, 200
2:      addi t1, t1, -1
        bnez t1, 2b
        csrr a0, mcycle
        csrr a1, minstret
        li   t0, 0x1234567
        bgeu t0, a0, fail
        li   t0, 0x7654321
        bgeu t0, a1, fail

/* 6-8: mcounteren gates cycle/instret/hpmcounter3 in S (3.1.11). */
        TC(6)
        csrw mcounteren, zero
        CSR_READ_IN(PRV_S, cycle, CAUSE_ILLEGAL)
        CSR_READ_IN(PRV_S, instret, CAUSE_ILLEGAL)
        CSR_READ_IN(PRV_S, hpmcounter3, CAUSE_ILLEGAL)
        EXPECT_TVAL(0xC0302573)         /* csrr a0, hpmcounter3 */

        TC(7)
        li   t0, COUNT_CY | COUNT_IR | 0x8
        csrw mcounteren, t0
        EXPECT_CSR_BITS(mcounteren, COUNT_CY | COUNT_IR | 0x8, COUNT_CY | COUNT_IR | 0x8)
        CSR_READ_IN(PRV_S, cycle, CAUSE_ECALL_S)
        CSR_READ_IN(PRV_S, instret, CAUSE_ECALL_S)
        CSR_READ_IN(PRV_S, hpmcounter3, CAUSE_ECALL_S)

        TC(8)                   /* one bit gates one counter */
        li   t0, COUNT_IR
        csrw mcounteren, t0
        CSR_READ_IN(PRV_S, cycle, CAUSE_ILLEGAL)
        CSR_READ_IN(PRV_S, instret, CAUSE_ECALL_S)

/* 9-10: U-mode needs the bit in both mcounteren and scounteren. */
        TC(9)
        li   t0, COUNT_CY | COUNT_IR
        csrw mcounteren, t0
        csrw scounteren, zero
        CSR_READ_IN(PRV_U, cycle, CAUSE_ILLEGAL)
        CSR_READ_IN(PRV_U, instret, CAUSE_ILLEGAL)
        li   t0, COUNT_CY | COUNT_IR
        csrw scounteren, t0
        EXPECT_CSR_BITS(scounteren, COUNT_CY | COUNT_IR, COUNT_CY | COUNT_IR)
        CSR_READ_IN(PRV_U, cycle, CAUSE_ECALL_U)
        CSR_READ_IN(PRV_U, instret, CAUSE_ECALL_U)

        TC(10)
        csrw mcounteren, zero
        CSR_READ_IN(PRV_U, cycle, CAUSE_ILLEGAL)
        CSR_READ_IN(PRV_U, instret, CAUSE_ILLEGAL)
        csrw scounteren, zero

/* 11: scounteren does not gate S itself. */
        TC(11)
        li   t0, COUNT_CY
        csrw mcounteren, t0
        csrw scounteren, zero
        CSR_READ_IN(PRV_S, cycle, CAUSE_ECALL_S)
        csrw mcounteren, zero

/* 12: hpm counters and event selectors that count nothing read 0. */
        TC(12)
        EXPECT_CSR(mhpmcounter3, 0)
        EXPECT_CSR(mhpmcounter4, 0)
        EXPECT_CSR(mhpmcounter10, 0)
        EXPECT_CSR(mhpmevent3, 0)
        EXPECT_CSR(hpmcounter3, 0)
        EXPECT_CSR(hpmcounter4, 0)

/* 13: user counters are read-only, also in M. */
        TC(13)
        TRY(1f)
        csrw instret, zero
1:      EXPECT_CAUSE(CAUSE_ILLEGAL)
        TRY(1f)
        csrw hpmcounter3, zero
1:      EXPECT_CAUSE(CAUSE_ILLEGAL)

PRIV_END
