/* Trap delegation: medeleg/mideleg route traps to S-mode (scause, sepc,
 * stval, SPP/SPIE/SIE); traps taken in M are never delegated; sstatus,
 * sie and sip are views of mstatus, mie and mip (priv spec 1.12, 3.1.8,
 * 3.1.9, 4.1.1, 4.1.3).
 *
 * Flow of a delegated trap: s8 = an S-mode landing label, go to U/S; the
 * trap reaches priv_strap, which jumps to the landing label in S-mode;
 * S_SAVE_AND_ECALL copies the record to s0-s3 and ECALLs back to M. */
#include "priv.h"

/* The S-level interrupts.  Other mideleg bits are compared through this
 * mask: with the H extension, the VS-level and SGEI bits of mideleg are
 * read-only one (8.4.2), so whole-register compares would depend on H. */
#define S_IRQS (MIP_SSIP | MIP_STIP | MIP_SEIP)

PRIV_BEGIN

/* 1: the delegable exception and interrupt bits used below are writable. */
        TC(1)
        li   t0, (1 << CAUSE_ILLEGAL) | (1 << CAUSE_BREAKPOINT) | (1 << CAUSE_LOAD_ACCESS) | (1 << CAUSE_ECALL_U)
        csrw medeleg, t0
        EXPECT_CSR(medeleg, (1 << CAUSE_ILLEGAL) | (1 << CAUSE_BREAKPOINT) | (1 << CAUSE_LOAD_ACCESS) | (1 << CAUSE_ECALL_U))
        li   t0, MIP_SSIP | MIP_STIP | MIP_SEIP
        csrw mideleg, t0
        EXPECT_CSR_BITS(mideleg, S_IRQS, S_IRQS)
        csrw medeleg, zero
        csrw mideleg, zero

/* 2: ECALL from U delegated: scause 8, sepc = the ECALL, stval 0, SPP=U,
 * SPIE = the old SIE (1), SIE = 0.  The handler runs in S: its own ECALL
 * reaches M as cause 9. */
        TC(2)
        li   t0, 1 << CAUSE_ECALL_U
        csrw medeleg, t0
        li   t0, 0x5555
        csrw stval, t0
        li   t0, MSTATUS_SPP
        csrs mstatus, t0
        csrsi mstatus, MSTATUS_SIE
        lla  s8, 3f
        GOTO_MODE(PRV_U, 2f)
2:      ecall
3:      S_SAVE_AND_ECALL(1f)
1:      EXPECT_CAUSE(CAUSE_ECALL_S)
        EXPECT(s0, CAUSE_ECALL_U)
        EXPECT(s1, 0)
        lla  a0, 2b
        EXPECT_REG(s2, a0)
        EXPECT_BITS(s3, MSTATUS_SPP | MSTATUS_SPIE | MSTATUS_SIE, MSTATUS_SPIE)
        EXPECT_CSR_BITS(mstatus, MSTATUS_MPP, PRV_S << 11)

/* 3: illegal instruction in U delegated: stval = the instruction bits. */
        TC(3)
        li   t0, 1 << CAUSE_ILLEGAL
        csrw medeleg, t0
        lla  s8, 3f
        GOTO_MODE(PRV_U, 2f)
2:      .4byte 0x00007003
3:      S_SAVE_AND_ECALL(1f)
1:      EXPECT_CAUSE(CAUSE_ECALL_S)
        EXPECT(s0, CAUSE_ILLEGAL)
        EXPECT(s1, 0x00007003)
        lla  a0, 2b
        EXPECT_REG(s2, a0)

/* 4: load access fault in U delegated: stval = the address. */
        TC(4)
        li   t0, 1 << CAUSE_LOAD_ACCESS
        csrw medeleg, t0
        li   a0, ADDR_UNMAPPED + 0x100
        lla  s8, 3f
        GOTO_MODE(PRV_U, 2f)
2:      ld   a1, 0(a0)
3:      S_SAVE_AND_ECALL(1f)
1:      EXPECT_CAUSE(CAUSE_ECALL_S)
        EXPECT(s0, CAUSE_LOAD_ACCESS)
        EXPECT(s1, ADDR_UNMAPPED + 0x100)

/* 5: a delegated trap taken in S stays in S: SPP = S. */
        TC(5)
        li   t0, 1 << CAUSE_ILLEGAL
        csrw medeleg, t0
        lla  s8, 3f
        GOTO_MODE(PRV_S, 2f)
2:      .4byte 0x30002573       /* csrr a0, mstatus */
3:      S_SAVE_AND_ECALL(1f)
1:      EXPECT_CAUSE(CAUSE_ECALL_S)
        EXPECT(s0, CAUSE_ILLEGAL)
        EXPECT(s1, 0x30002573)
        EXPECT_BITS(s3, MSTATUS_SPP, MSTATUS_SPP)

/* 6: traps taken in M are never delegated (3.1.8). */
        TC(6)
        li   t0, (1 << CAUSE_ILLEGAL) | (1 << CAUSE_BREAKPOINT) | (1 << CAUSE_LOAD_ACCESS)
        csrw medeleg, t0
        li   t0, 0x77
        csrw scause, t0
        TRY(1f)
        .4byte 0x00007003
1:      EXPECT_CAUSE(CAUSE_ILLEGAL)
        TRY(1f)
        ebreak
1:      EXPECT_CAUSE(CAUSE_BREAKPOINT)
        li   a0, ADDR_UNMAPPED
        TRY(1f)
        ld   a0, 0(a0)
1:      EXPECT_CAUSE(CAUSE_LOAD_ACCESS)
        EXPECT_CSR(scause, 0x77)

/* 7: a trap whose medeleg bit is clear goes to M even from U. */
        TC(7)
        li   t0, 1 << CAUSE_ECALL_U
        csrw medeleg, t0
        RUN_IN(PRV_U, 2f, 1f)
2:      .4byte 0x00007003
1:      EXPECT_CAUSE(CAUSE_ILLEGAL)
        EXPECT_CSR_BITS(mstatus, MSTATUS_MPP, PRV_U << 11)
        csrw medeleg, zero

/* 8-10: sstatus is a restricted view of mstatus (4.1.1). */
        TC(8)
        csrw sstatus, zero
        csrsi sstatus, MSTATUS_SIE
        EXPECT_CSR_BITS(mstatus, MSTATUS_SIE, MSTATUS_SIE)
        li   t0, MSTATUS_SUM | MSTATUS_MXR | MSTATUS_SPP | MSTATUS_SPIE
        csrs sstatus, t0
        EXPECT_CSR_BITS(mstatus, MSTATUS_SUM | MSTATUS_MXR | MSTATUS_SPP | MSTATUS_SPIE, MSTATUS_SUM | MSTATUS_MXR | MSTATUS_SPP | MSTATUS_SPIE)
        csrw sstatus, zero
        EXPECT_CSR_BITS(mstatus, MSTATUS_SIE | MSTATUS_SUM | MSTATUS_MXR | MSTATUS_SPP | MSTATUS_SPIE, 0)

        TC(9)                   /* M-only fields: invisible and unwritable */
        csrw mstatus, zero
        li   t0, ~MSTATUS_UXL   /* (QEMU 7.2 lets UXL be written; see csr_legalize) */
        csrw sstatus, t0
        EXPECT_CSR_BITS(mstatus, MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_MPP | MSTATUS_MPRV | MSTATUS_TVM | MSTATUS_TW | MSTATUS_TSR, 0)
        csrw sstatus, zero
        li   t0, MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_MPP | MSTATUS_TVM
        csrs mstatus, t0
        EXPECT_CSR_BITS(sstatus, MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_MPP | MSTATUS_TVM, 0)
        csrc mstatus, t0

        TC(10)                  /* UXL = 2 and SD/FS are visible in sstatus */
        EXPECT_CSR_BITS(sstatus, MSTATUS_UXL, 0x200000000)
        li   t0, MSTATUS_FS
        csrs mstatus, t0
        EXPECT_CSR_BITS(sstatus, MSTATUS_FS | MSTATUS_SD, MSTATUS_FS | MSTATUS_SD)
        csrc mstatus, t0

/* 11-12: sie is mie masked by mideleg (3.1.9: the bits of interrupts not
 * delegated are read-only zero in sip/sie). */
        TC(11)
        csrw mideleg, zero
        li   t0, MIP_SSIP | MIP_STIP | MIP_SEIP
        csrw mie, t0
        EXPECT_CSR_BITS(sie, S_IRQS, 0)
        li   t0, MIP_SSIP
        csrw mideleg, t0
        EXPECT_CSR_BITS(sie, S_IRQS, MIP_SSIP)
        li   t0, MIP_SSIP | MIP_STIP | MIP_SEIP
        csrw mideleg, t0
        EXPECT_CSR_BITS(sie, S_IRQS, S_IRQS)

        TC(12)                  /* writes reach only delegated bits */
        li   t0, MIP_SSIP
        csrw mideleg, t0
        csrw sie, zero
        EXPECT_CSR_BITS(mie, S_IRQS, MIP_STIP | MIP_SEIP)
        csrw mie, zero
        li   t0, MIP_SSIP | MIP_STIP | MIP_SEIP
        csrw sie, t0
        EXPECT_CSR_BITS(mie, S_IRQS, MIP_SSIP)
        csrw mie, zero

/* 13-14: sip is mip masked by mideleg; SSIP is writable there, STIP and
 * SEIP are not (4.1.3). */
        TC(13)
        csrw mideleg, zero
        csrsi mip, MIP_SSIP
        EXPECT_CSR_BITS(sip, MIP_SSIP, 0)
        csrci sip, MIP_SSIP
        EXPECT_CSR_BITS(mip, MIP_SSIP, MIP_SSIP)
        li   t0, MIP_SSIP
        csrw mideleg, t0
        EXPECT_CSR_BITS(sip, MIP_SSIP, MIP_SSIP)
        csrci sip, MIP_SSIP
        EXPECT_CSR_BITS(mip, MIP_SSIP, 0)
        csrsi sip, MIP_SSIP
        EXPECT_CSR_BITS(mip, MIP_SSIP, MIP_SSIP)
        csrci mip, MIP_SSIP

        TC(14)
        li   t0, MIP_SSIP | MIP_STIP | MIP_SEIP
        csrw mideleg, t0
        li   t0, MIP_STIP | MIP_SEIP
        csrs sip, t0
        EXPECT_CSR_BITS(mip, MIP_STIP | MIP_SEIP, 0)

/* 15: a delegated SSI is taken in S when sie.SSIE and sstatus.SIE are set:
 * scause = interrupt 1, sepc = the next instruction, SPP = S, SPIE = 1. */
        TC(15)
        li   t0, MIP_SSIP
        csrw mideleg, t0
        csrw mie, t0
        lla  s8, 3f
        GOTO_MODE(PRV_S, 2f)
2:      csrsi sstatus, MSTATUS_SIE
        csrsi sip, MIP_SSIP
ssi_next:
        nop
        nop
        j    priv_unexpected_s
3:      csrci sip, MIP_SSIP
        S_SAVE_AND_ECALL(1f)
1:      EXPECT_CAUSE(CAUSE_ECALL_S)
        EXPECT(s0, INTR_(IRQ_SSI))
        EXPECT_NEAR(s2, ssi_next, 4)
        EXPECT_BITS(s3, MSTATUS_SPP | MSTATUS_SPIE | MSTATUS_SIE, MSTATUS_SPP | MSTATUS_SPIE)

/* 16: a delegated interrupt is never taken in M, even with MIE=1. */
        TC(16)
        csrsi mip, MIP_SSIP
        csrsi mstatus, MSTATUS_MIE | MSTATUS_SIE
        TRY(1f)
        li   t0, 100
2:      addi t0, t0, -1
        bnez t0, 2b
1:      EXPECT_NO_TRAP
        csrci mstatus, MSTATUS_MIE | MSTATUS_SIE

/* 17: ... nor in S with SIE=0, but always in U (4.1.3: S-level interrupts
 * are globally enabled in U regardless of SIE). */
        TC(17)
        li   t0, MSTATUS_SPIE
        csrc mstatus, t0
        lla  s8, 3f
        GOTO_MODE(PRV_S, 2f)
2:      li   t0, 100
4:      addi t0, t0, -1
        bnez t0, 4b
        li   t0, MSTATUS_SPP
        csrc sstatus, t0
        lla  t0, ssi_user
        csrw sepc, t0
        sret
ssi_user:
        nop
        nop
        j    priv_unexpected_s
3:      csrci sip, MIP_SSIP
        S_SAVE_AND_ECALL(1f)
1:      EXPECT_CAUSE(CAUSE_ECALL_S)
        EXPECT(s0, INTR_(IRQ_SSI))
        EXPECT_BITS(s3, MSTATUS_SPP | MSTATUS_SPIE, 0)
        EXPECT_NEAR(s2, ssi_user, 4)

/* 18: an interrupt that is not delegated is taken in M from S, even with
 * mstatus.MIE=0 (3.1.6.1). */
        TC(18)
        csrw mideleg, zero
        li   t0, MIP_SSIP
        csrw mie, t0
        csrci mstatus, MSTATUS_MIE
        li   t0, MSTATUS_MPIE
        csrc mstatus, t0
        csrsi mip, MIP_SSIP
        RUN_IN(PRV_S, 2f, 1f)
2:      nop
        j    priv_unexpected_s
1:      EXPECT_CAUSE(INTR_(IRQ_SSI))
        EXPECT_CSR_BITS(mstatus, MSTATUS_MPP, PRV_S << 11)
        csrci mip, MIP_SSIP
        csrw mie, zero

/* 19-20: vectored stvec (4.1.2): delegated interrupts go to BASE +
 * 4 * cause, delegated exceptions to BASE (the slot lands in s1). */
        TC(19)
        lla  t0, svec_table
        ori  t0, t0, 1
        csrw stvec, t0
        li   t0, MIP_SSIP
        csrw mideleg, t0
        csrw mie, t0
        lla  s8, 3f
        GOTO_MODE(PRV_S, 2f)
2:      csrsi sstatus, MSTATUS_SIE
        csrsi sip, MIP_SSIP
        nop
        nop
        j    priv_unexpected_s
3:      csrci sip, MIP_SSIP
        S_SAVE_AND_ECALL(1f)
1:      EXPECT_CAUSE(CAUSE_ECALL_S)
        EXPECT(s0, INTR_(IRQ_SSI))
        EXPECT(s1, 1)
        csrw mie, zero
        csrw mideleg, zero

        TC(20)
        li   t0, 1 << CAUSE_ECALL_U
        csrw medeleg, t0
        lla  s8, 3f
        GOTO_MODE(PRV_U, 2f)
2:      ecall
3:      S_SAVE_AND_ECALL(1f)
1:      EXPECT_CAUSE(CAUSE_ECALL_S)
        EXPECT(s0, CAUSE_ECALL_U)
        EXPECT(s1, 0)
        csrw medeleg, zero
        lla  t0, priv_strap
        csrw stvec, t0

PRIV_END

/* A place S/U code jumps to when an expected interrupt did not come. */
priv_unexpected_s:
        li   s8, 0
        ecall

/* S-mode vector table: slot n records n in s10 (in place of stval). */
        .text
        .balign 256
        .option push
        .option norvc
svec_table:
        .irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
        j    svec_slot_\n
        .endr
        .irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
svec_slot_\n:
        li   t6, \n
        j    svec_common
        .endr
        .option pop
svec_common:
        beqz s8, priv_unexpected_s
        mv   s10, t6
        csrr s9, scause
        csrr s11, sepc
        mv   t6, s8
        li   s8, 0
        jr   t6
