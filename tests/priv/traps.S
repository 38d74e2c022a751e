/* Traps: synchronous exceptions and their CSR state, xRET stacking,
 * vectored mtvec (priv spec 1.12, 3.1.6.1, 3.1.7, 3.1.14-16, 3.3.2). */
#include "priv.h"

PRIV_BEGIN

/* 1-3: ECALL from M, S and U: causes 11, 9, 8; mepc = the ECALL; mtval = 0;
 * MPP = the mode the trap came from. */
        TC(1)
        li   t0, 0x1234
        csrw mtval, t0
        TRY(1f)
ecall_m:
        ecall
1:      EXPECT_CAUSE(CAUSE_ECALL_M)
        EXPECT_EPC_AT(ecall_m)
        EXPECT_TVAL(0)
        EXPECT_CSR_BITS(mstatus, MSTATUS_MPP, PRV_M << 11)

        TC(2)
        RUN_IN(PRV_S, ecall_s, 1f)
ecall_s:
        ecall
1:      EXPECT_CAUSE(CAUSE_ECALL_S)
        EXPECT_EPC_AT(ecall_s)
        EXPECT_TVAL(0)
        EXPECT_CSR_BITS(mstatus, MSTATUS_MPP, PRV_S << 11)

        TC(3)
        RUN_IN(PRV_U, ecall_u, 1f)
ecall_u:
        ecall
1:      EXPECT_CAUSE(CAUSE_ECALL_U)
        EXPECT_EPC_AT(ecall_u)
        EXPECT_TVAL(0)
        EXPECT_CSR_BITS(mstatus, MSTATUS_MPP, PRV_U << 11)

/* 4-6: EBREAK (32-bit and compressed), cause 3, mepc = the instruction.
 * Spec 3.1.16: mtval is either 0 or (if written) the virtual address of
 * the breakpoint, so accept both. */
        TC(4)
        TRY(1f)
        .option push
        .option norvc
ebreak_m:
        ebreak
        .option pop
1:      EXPECT_CAUSE(CAUSE_BREAKPOINT)
        EXPECT_EPC_AT(ebreak_m)
        beqz s10, 2f
        EXPECT_REG(s10, s11)
2:
        TC(5)
        TRY(1f)
        .option push
        .option rvc
cebreak_m:
        c.ebreak
        .option pop
1:      EXPECT_CAUSE(CAUSE_BREAKPOINT)
        EXPECT_EPC_AT(cebreak_m)
        beqz s10, 2f
        EXPECT_REG(s10, s11)
2:
        TC(6)
        RUN_IN(PRV_U, ebreak_u, 1f)
ebreak_u:
        ebreak
1:      EXPECT_CAUSE(CAUSE_BREAKPOINT)
        EXPECT_EPC_AT(ebreak_u)
        EXPECT_CSR_BITS(mstatus, MSTATUS_MPP, PRV_U << 11)

/* 7-10: illegal instructions; mtval = the instruction bits (3.1.16: the
 * shorter of the instruction and ILEN/MXLEN, right-justified). */
        TC(7)                   /* LOAD with funct3=7: reserved on RV64 */
        TRY(1f)
illegal32:
        .4byte 0x00007003
1:      EXPECT_CAUSE(CAUSE_ILLEGAL)
        EXPECT_EPC_AT(illegal32)
        EXPECT_TVAL(0x00007003)

        TC(8)                   /* c.fldsp f0, 0(sp) with mstatus.FS=Off */
        li   t0, MSTATUS_FS
        csrc mstatus, t0
        TRY(1f)
illegal16:
        .2byte 0x2002
1:      EXPECT_CAUSE(CAUSE_ILLEGAL)
        EXPECT_EPC_AT(illegal16)
        EXPECT_TVAL(0x2002)

        TC(9)                   /* c.unimp (all zeros): defined illegal */
        TRY(1f)
cunimp:
        .2byte 0x0000
1:      EXPECT_CAUSE(CAUSE_ILLEGAL)
        EXPECT_EPC_AT(cunimp)
        EXPECT_TVAL(0)

        TC(10)                  /* fld f1, 0(sp) with FS=Off */
        TRY(1f)
illegal_fld:
        .4byte 0x00013087
1:      EXPECT_CAUSE(CAUSE_ILLEGAL)
        EXPECT_EPC_AT(illegal_fld)
        EXPECT_TVAL(0x00013087)

/* 11-12: xRET above the current privilege is illegal. */
        TC(11)
        RUN_IN(PRV_S, mret_s, 1f)
mret_s:
        mret
1:      EXPECT_CAUSE(CAUSE_ILLEGAL)
        EXPECT_EPC_AT(mret_s)
        EXPECT_TVAL(INSN_MRET)
        EXPECT_CSR_BITS(mstatus, MSTATUS_MPP, PRV_S << 11)

        TC(12)
        RUN_IN(PRV_U, sret_u, 1f)
sret_u:
        sret
1:      EXPECT_CAUSE(CAUSE_ILLEGAL)
        EXPECT_EPC_AT(sret_u)
        EXPECT_TVAL(INSN_SRET)

/* 13-15: CSR access above the current privilege (2.1: bits 9:8 of the CSR
 * number give the lowest privilege that may access it). */
        TC(13)                  /* csrr a0, mstatus in S */
        RUN_IN(PRV_S, csr_m_from_s, 1f)
csr_m_from_s:
        .4byte 0x30002573
1:      EXPECT_CAUSE(CAUSE_ILLEGAL)
        EXPECT_EPC_AT(csr_m_from_s)
        EXPECT_TVAL(0x30002573)

        TC(14)                  /* csrr a0, sstatus in U */
        RUN_IN(PRV_U, csr_s_from_u, 1f)
csr_s_from_u:
        .4byte 0x10002573
1:      EXPECT_CAUSE(CAUSE_ILLEGAL)
        EXPECT_TVAL(0x10002573)

        TC(15)                  /* csrw mscratch, a0 in U */
        RUN_IN(PRV_U, csr_mscratch_u, 1f)
csr_mscratch_u:
        .4byte 0x34051073
1:      EXPECT_CAUSE(CAUSE_ILLEGAL)
        EXPECT_TVAL(0x34051073)

/* 16-19: read-only CSRs (bits 11:10 = 3): writes are illegal, reads that
 * do not write (CSRRS/CSRRC with rs1=x0, CSRRSI/CSRRCI with uimm=0) are not
 * (Zicsr, table "Conditions determining whether a CSR instruction reads or
 * writes"). */
        TC(16)                  /* csrw mhartid, zero */
        TRY(1f)
csrw_mhartid:
        .4byte 0xF1401073
1:      EXPECT_CAUSE(CAUSE_ILLEGAL)
        EXPECT_EPC_AT(csrw_mhartid)
        EXPECT_TVAL(0xF1401073)

        TC(17)
        TRY(1f)
        csrrs a0, mvendorid, x0
        csrrc a0, marchid, x0
        csrrsi a0, mimpid, 0
        csrrci a0, mhartid, 0
1:      EXPECT_NO_TRAP

        TC(18)                  /* csrrwi a0, mhartid, 0: always writes */
        TRY(1f)
        csrrwi a0, mhartid, 0
1:      EXPECT_CAUSE(CAUSE_ILLEGAL)

        TC(19)                  /* csrw cycle, zero: user counters are RO */
        TRY(1f)
        .4byte 0xC0001073
1:      EXPECT_CAUSE(CAUSE_ILLEGAL)
        EXPECT_TVAL(0xC0001073)

/* 20-23: access faults on an address nothing backs; mtval = the address
 * (3.1.16). */
        TC(20)
        li   a0, ADDR_UNMAPPED + 0x10
        TRY(1f)
load_fault:
        ld   a1, 0(a0)
1:      EXPECT_CAUSE(CAUSE_LOAD_ACCESS)
        EXPECT_EPC_AT(load_fault)
        EXPECT_TVAL(ADDR_UNMAPPED + 0x10)

        TC(21)
        li   a0, ADDR_UNMAPPED + 0x20
        TRY(1f)
store_fault:
        sw   a1, 0(a0)
1:      EXPECT_CAUSE(CAUSE_STORE_ACCESS)
        EXPECT_EPC_AT(store_fault)
        EXPECT_TVAL(ADDR_UNMAPPED + 0x20)

        TC(22)                  /* fetch: mepc = mtval = the target */
        li   a0, ADDR_UNMAPPED + 0x40
        TRY(1f)
        jr   a0
1:      EXPECT_CAUSE(CAUSE_FETCH_ACCESS)
        EXPECT_TVAL(ADDR_UNMAPPED + 0x40)
        EXPECT(s11, ADDR_UNMAPPED + 0x40)

        TC(23)                  /* the same from S and U (satp Bare) */
        li   a0, ADDR_UNMAPPED + 0x8
        li   a1, PROBE_LD
        li   a3, PRV_S
        call priv_probe
        EXPECT(s9, CAUSE_LOAD_ACCESS)
        EXPECT(s10, ADDR_UNMAPPED + 0x8)
        li   a0, ADDR_UNMAPPED + 0x18
        li   a1, PROBE_SD
        li   a3, PRV_U
        call priv_probe
        EXPECT(s9, CAUSE_STORE_ACCESS)
        EXPECT(s10, ADDR_UNMAPPED + 0x18)
        li   a0, ADDR_UNMAPPED
        li   a1, PROBE_EXEC
        li   a3, PRV_U
        call priv_probe
        EXPECT(s9, CAUSE_FETCH_ACCESS)
        EXPECT(s10, ADDR_UNMAPPED)
        EXPECT(s11, ADDR_UNMAPPED)

/* 24-25: a trap into M stacks MIE into MPIE and clears MIE (3.1.6.1).
 * mie is 0 throughout, so MIE=1 lets nothing in. */
        TC(24)
        li   t0, MSTATUS_MPIE
        csrc mstatus, t0
        csrsi mstatus, MSTATUS_MIE
        TRY(1f)
        ecall
1:      EXPECT_CAUSE(CAUSE_ECALL_M)
        EXPECT_CSR_BITS(mstatus, MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_MPP, MSTATUS_MPIE | MSTATUS_MPP)

        TC(25)
        csrci mstatus, MSTATUS_MIE
        TRY(1f)
        ecall
1:      EXPECT_CAUSE(CAUSE_ECALL_M)
        EXPECT_CSR_BITS(mstatus, MSTATUS_MIE | MSTATUS_MPIE, 0)

/* 26-27: MRET: MIE = MPIE, MPIE = 1, MPP = U (least privileged mode),
 * privilege = old MPP (3.1.6.1, 3.3.2). */
        TC(26)
        SET_MPP(PRV_M)
        li   t0, MSTATUS_MPIE
        csrs mstatus, t0
        csrci mstatus, MSTATUS_MIE
        lla  t0, 1f
        csrw mepc, t0
        mret
1:      EXPECT_CSR_BITS(mstatus, MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_MPP, MSTATUS_MIE | MSTATUS_MPIE)

        TC(27)
        SET_MPP(PRV_M)
        li   t0, MSTATUS_MPIE
        csrc mstatus, t0
        lla  t0, 1f
        csrw mepc, t0
        mret
1:      EXPECT_CSR_BITS(mstatus, MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_MPP, MSTATUS_MPIE)

/* 28: MRET into S with MPIE=1 leaves MIE=1 there; the ECALL back stacks
 * it into MPIE again. */
        TC(28)
        li   t0, MSTATUS_MPIE
        csrs mstatus, t0
        RUN_IN(PRV_S, 2f, 1f)
2:      ecall
1:      EXPECT_CAUSE(CAUSE_ECALL_S)
        EXPECT_CSR_BITS(mstatus, MSTATUS_MIE | MSTATUS_MPIE, MSTATUS_MPIE)

/* (MRET/SRET clearing MPRV: xret_mprv.S; QEMU 7.2 lacks it.) */

/* 29: SRET in S with SPP=S: SIE = SPIE, SPIE = 1, SPP = U, stays in S
 * (4.1.1, 3.3.2). */
        TC(29)
        RUN_IN(PRV_S, 2f, 1f)
2:      li   t0, MSTATUS_SPP | MSTATUS_SPIE
        csrs sstatus, t0
        csrci sstatus, MSTATUS_SIE
        lla  t0, 3f
        csrw sepc, t0
        sret
3:      csrr a0, sstatus
        ecall
1:      EXPECT_CAUSE(CAUSE_ECALL_S)
        EXPECT_BITS(a0, MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP, MSTATUS_SIE | MSTATUS_SPIE)

/* 30: SRET in S with SPP=U and SPIE=0 goes to U with SIE=0. */
        TC(30)
        RUN_IN(PRV_S, 2f, 1f)
2:      li   t0, MSTATUS_SPP | MSTATUS_SPIE
        csrc sstatus, t0
        csrsi sstatus, MSTATUS_SIE
        lla  t0, 3f
        csrw sepc, t0
        sret
3:      ecall
1:      EXPECT_CAUSE(CAUSE_ECALL_U)
        EXPECT_CSR_BITS(mstatus, MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP, MSTATUS_SPIE)

/* 31: SRET from M-mode is legal and goes to SPP (here S). */
        TC(31)
        li   t0, MSTATUS_SPP
        csrs mstatus, t0
        lla  t0, 2f
        csrw sepc, t0
        TRY(1f)
        sret
2:      ecall
1:      EXPECT_CAUSE(CAUSE_ECALL_S)
        EXPECT_EPC_AT(2b)

/* 32-34: vectored mtvec (3.1.7): exceptions go to BASE, interrupts to
 * BASE + 4 * cause.  The table records the slot number in s10. */
        TC(32)
        lla  t0, vec_table
        ori  t0, t0, 1
        csrw mtvec, t0
        TRY(1f)
        ecall
1:      EXPECT_CAUSE(CAUSE_ECALL_M)
        EXPECT(s10, 0)

        TC(33)                  /* machine software interrupt -> slot 3 */
        li   t0, MIP_MSIP
        csrw mie, t0
        li   t0, ACLINT_MSIP
        li   t1, 1
        sw   t1, 0(t0)
        TRY(1f)
        csrsi mstatus, MSTATUS_MIE
        WAIT_FOR_TRAP
1:      EXPECT_CAUSE(INTR_(IRQ_MSI))
        EXPECT(s10, 3)
        li   t0, ACLINT_MSIP
        sw   zero, 0(t0)

        TC(34)                  /* machine timer interrupt -> slot 7 */
        li   t0, MIP_MTIP
        csrw mie, t0
        li   a0, 100
        call priv_timer_in
        TRY(1f)
        csrsi mstatus, MSTATUS_MIE
        WAIT_FOR_TRAP
1:      EXPECT_CAUSE(INTR_(IRQ_MTI))
        EXPECT(s10, 7)
        li   t0, ACLINT_MTIMECMP
        li   t1, -1
        sd   t1, 0(t0)
        csrw mie, zero
        lla  t0, priv_mtrap
        csrw mtvec, t0

/* 35: mscratch, mepc, mcause, mtval are read/write by software. */
        TC(35)
        li   t0, 0x0123456789abcdef
        csrw mscratch, t0
        EXPECT_CSR(mscratch, 0x0123456789abcdef)
        li   t0, 0x80001234
        csrw mepc, t0
        EXPECT_CSR(mepc, 0x80001234)
        li   t0, 0x8000000000000005
        csrw mcause, t0
        EXPECT_CSR(mcause, 0x8000000000000005)
        li   t0, 0xfedcba98
        csrw mtval, t0
        EXPECT_CSR(mtval, 0xfedcba98)

PRIV_END

/* Vector table: slot n jumps to code that records n in s10. */
        .text
        .balign 256
        .option push
        .option norvc
vec_table:
        .irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
        j    vec_slot_\n
        .endr
        .irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
vec_slot_\n:
        li   t6, \n
        j    vec_common
        .endr
        .option pop
vec_common:
        beqz s8, priv_unexpected
        mv   s10, t6
        csrr s9, mcause
        csrr s11, mepc
        mv   t6, s8
        li   s8, 0
        jr   t6
