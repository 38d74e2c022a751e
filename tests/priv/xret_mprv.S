/* xRET and mstatus.MPRV (priv spec 1.12, 3.1.6.3): "An MRET or SRET
 * instruction that changes the privilege mode to a mode less privileged
 * than M also sets MPRV=0."  (Rule added in 1.12; QEMU 7.2 does not
 * implement it, so this test runs on rvkvm only.)  satp is Bare and PMP
 * entry 15 allows everything, so MPRV=1 with MPP=S/U is harmless in M. */
#include "priv.h"

PRIV_BEGIN

        TC(1)                   /* MRET to S */
        SET_MPP(PRV_S)
        li   t0, MSTATUS_MPRV
        csrs mstatus, t0
        RUN_IN(PRV_S, 2f, 1f)
2:      ecall
1:      EXPECT_CAUSE(CAUSE_ECALL_S)
        EXPECT_CSR_BITS(mstatus, MSTATUS_MPRV, 0)

        TC(2)                   /* MRET to U */
        SET_MPP(PRV_U)
        li   t0, MSTATUS_MPRV
        csrs mstatus, t0
        RUN_IN(PRV_U, 2f, 1f)
2:      ecall
1:      EXPECT_CAUSE(CAUSE_ECALL_U)
        EXPECT_CSR_BITS(mstatus, MSTATUS_MPRV, 0)

        TC(3)                   /* MRET to M leaves MPRV alone */
        SET_MPP(PRV_M)
        li   t0, MSTATUS_MPRV
        csrs mstatus, t0
        lla  t0, 1f
        csrw mepc, t0
        mret
1:      EXPECT_CSR_BITS(mstatus, MSTATUS_MPRV, MSTATUS_MPRV)
        li   t0, MSTATUS_MPRV
        csrc mstatus, t0

        TC(4)                   /* SRET executed in M, to S */
        SET_MPP(PRV_S)
        li   t0, MSTATUS_MPRV | MSTATUS_SPP
        csrs mstatus, t0
        lla  t0, 2f
        csrw sepc, t0
        TRY(1f)
        sret
2:      ecall
1:      EXPECT_CAUSE(CAUSE_ECALL_S)
        EXPECT_CSR_BITS(mstatus, MSTATUS_MPRV, 0)

PRIV_END
