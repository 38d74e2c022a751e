/* mstatus.TVM and TSR (priv spec 1.12, 3.1.6.5): with TVM=1, satp accesses
 * and SFENCE.VMA in S-mode are illegal; with TSR=1, SRET in S-mode is
 * illegal.  Neither affects M-mode.  (TW is in interrupts.S.) */
#include "priv.h"

PRIV_BEGIN

/* 1: TVM=0: S may read and write satp and fence. */
        TC(1)
        RUN_IN(PRV_S, 2f, 1f)
2:      csrr a0, satp
        csrw satp, zero
        sfence.vma
        ecall
1:      EXPECT_CAUSE(CAUSE_ECALL_S)

/* 2: TVM=1: csrr satp, csrw satp, sfence.vma are illegal in S, mtval =
 * the instruction. */
        TC(2)
        li   t0, MSTATUS_TVM
        csrs mstatus, t0
        RUN_IN(PRV_S, 2f, 1f)
2:      .4byte 0x18002573       /* csrr a0, satp */
1:      EXPECT_CAUSE(CAUSE_ILLEGAL)
        EXPECT_EPC_AT(2b)
        EXPECT_TVAL(0x18002573)
        RUN_IN(PRV_S, 2f, 1f)
2:      .4byte 0x18001073       /* csrw satp, zero */
1:      EXPECT_CAUSE(CAUSE_ILLEGAL)
        EXPECT_TVAL(0x18001073)
        RUN_IN(PRV_S, 2f, 1f)
2:      .4byte 0x12000073       /* sfence.vma zero, zero */
1:      EXPECT_CAUSE(CAUSE_ILLEGAL)
        EXPECT_EPC_AT(2b)
        EXPECT_TVAL(0x12000073)

/* 3: TVM=1 does not affect M. */
        TC(3)
        TRY(1f)
        csrr a0, satp
        csrw satp, zero
        sfence.vma
1:      EXPECT_NO_TRAP
        li   t0, MSTATUS_TVM
        csrc mstatus, t0

/* 4: TSR=1: SRET in S is illegal (mtval = the instruction). */
        TC(4)
        li   t0, MSTATUS_TSR
        csrs mstatus, t0
        RUN_IN(PRV_S, 2f, 1f)
2:      lla  t0, 3f
        csrw sepc, t0
sret_tsr:
        sret
3:      ecall
1:      EXPECT_CAUSE(CAUSE_ILLEGAL)
        EXPECT_EPC_AT(sret_tsr)
        EXPECT_TVAL(INSN_SRET)

/* 5: TSR=1 does not affect SRET in M. */
        TC(5)
        li   t0, MSTATUS_SPP
        csrs mstatus, t0
        lla  t0, 2f
        csrw sepc, t0
        TRY(1f)
        sret
2:      ecall
1:      EXPECT_CAUSE(CAUSE_ECALL_S)

/* 6: TSR=0 again: SRET in S works. */
        TC(6)
        li   t0, MSTATUS_TSR
        csrc mstatus, t0
        RUN_IN(PRV_S, 2f, 1f)
2:      li   t0, MSTATUS_SPP
        csrs sstatus, t0
        lla  t0, 3f
        csrw sepc, t0
        sret
3:      ecall
1:      EXPECT_CAUSE(CAUSE_ECALL_S)

PRIV_END
