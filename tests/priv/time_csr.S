/* The time CSR (Zicntr) and its gating by mcounteren/scounteren.TM
 * (priv spec 1.12, 3.1.11; unpriv "Zicntr").  time reads the ACLINT mtime.
 * rvkvm only: QEMU 7.2's spike machine gives the hart no time source, so
 * the time CSR raises illegal instruction there (firmware emulates it). */
#include "priv.h"

PRIV_BEGIN

/* 1: time in M lies between two mtime reads around it. */
        TC(1)
        li   t0, ACLINT_MTIME
        ld   a0, 0(t0)
        li   t1, 2000
2:      addi t1, t1, -1
        bnez t1, 2b
        csrr a1, time
        ld   a2, 0(t0)
        bltu a1, a0, fail
        bltu a2, a1, fail

/* 2: time is read-only: a write is illegal. */
        TC(2)
        TRY(1f)
        csrw time, zero
1:      EXPECT_CAUSE(CAUSE_ILLEGAL)

/* 3: S-mode: illegal with mcounteren.TM=0, readable with TM=1. */
        TC(3)
        csrw mcounteren, zero
        RUN_IN(PRV_S, 2f, 1f)
2:      csrr a1, time
        ecall
1:      EXPECT_CAUSE(CAUSE_ILLEGAL)
        li   t0, COUNT_TM
        csrw mcounteren, t0
        li   t0, ACLINT_MTIME
        ld   a0, 0(t0)
        RUN_IN(PRV_S, 2f, 1f)
2:      csrr a1, time
        ecall
1:      EXPECT_CAUSE(CAUSE_ECALL_S)
        li   t0, ACLINT_MTIME
        ld   a2, 0(t0)
        bltu a1, a0, fail
        bltu a2, a1, fail

/* 4: U-mode needs both mcounteren.TM and scounteren.TM. */
        TC(4)
        csrw scounteren, zero
        RUN_IN(PRV_U, 2f, 1f)
2:      csrr a1, time
        ecall
1:      EXPECT_CAUSE(CAUSE_ILLEGAL)
        li   t0, COUNT_TM
        csrw scounteren, t0
        RUN_IN(PRV_U, 2f, 1f)
2:      csrr a1, time
        ecall
1:      EXPECT_CAUSE(CAUSE_ECALL_U)
        csrw mcounteren, zero
        RUN_IN(PRV_U, 2f, 1f)
2:      csrr a1, time
        ecall
1:      EXPECT_CAUSE(CAUSE_ILLEGAL)
        csrw scounteren, zero

PRIV_END
