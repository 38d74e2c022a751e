/* CSR rules of the privileged spec 1.12 that QEMU 7.2 does not follow;
 * rvkvm only (QEMU's behaviour noted at each check). */
#include "priv.h"

PRIV_BEGIN

/* 1: MPP is WARL and 2 is reserved (3.1.6.1): writing 2 leaves a legal
 * mode (0, 1 or 3).  QEMU 7.2 stores 2. */
        TC(1)
        SET_MPP(2)
        csrr a0, mstatus
        li   t0, MSTATUS_MPP
        and  a0, a0, t0
        li   t0, 2 << 11
        beq  a0, t0, priv_fail_mpp
        SET_MPP(PRV_U)

/* 2: UXL is read-only 2 here (RV64 only): writing 3 through mstatus or
 * sstatus changes nothing.  QEMU 7.2 stores 3. */
        TC(2)
        li   t0, MSTATUS_UXL
        csrs mstatus, t0
        EXPECT_CSR_BITS(mstatus, MSTATUS_UXL | MSTATUS_SXL, 0xA00000000)
        csrs sstatus, t0
        EXPECT_CSR_BITS(mstatus, MSTATUS_UXL | MSTATUS_SXL, 0xA00000000)

/* 3: CSRRS/CSRRC with rs1 != x0 write the CSR even when the register
 * holds 0 (Zicsr table "CSR instructions that read or write"), so on a
 * read-only CSR they are illegal.  QEMU 7.2 decides by the value. */
        TC(3)
        li   a1, 0
        TRY(1f)
        csrrs a0, mhartid, a1
1:      EXPECT_CAUSE(CAUSE_ILLEGAL)
        TRY(1f)
        csrrc a0, cycle, a1
1:      EXPECT_CAUSE(CAUSE_ILLEGAL)

/* 4: mepc[0] and sepc[0] are always zero (3.1.14, 4.1.7); with C, bit 1
 * is kept.  QEMU 7.2 keeps bit 0 as written. */
        TC(4)
        li   t0, 0x80000003
        csrw mepc, t0
        EXPECT_CSR(mepc, 0x80000002)
        li   t0, 0x80000003
        csrw sepc, t0
        EXPECT_CSR(sepc, 0x80000002)

PRIV_END

priv_fail_mpp:
        li   t4, 2 << 11
        mv   t5, a0
        j    priv_fail_val
