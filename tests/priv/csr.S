/* CSR fields and their WARL behaviour (priv spec 1.12, 2.3, 3.1, 4.1):
 * misa, ids, mstatus (SXL/UXL, FS/SD, MPP), satp MODE, mtvec/stvec MODE,
 * mepc alignment, PMP address granularity, envcfg. */
#include "priv.h"

#define MISA_EXT(c) (1 << ((c) - 'A'))
#define MISA_NEEDED (MISA_EXT('I') | MISA_EXT('M') | MISA_EXT('A') | MISA_EXT('F') | MISA_EXT('D') | MISA_EXT('C') | MISA_EXT('S') | MISA_EXT('U'))

PRIV_BEGIN

/* 1: misa: MXL = 2 (64-bit), I M A F D C S U present, E absent. */
        TC(1)
        csrr s0, misa
        srli a0, s0, 62
        EXPECT(a0, 2)
        EXPECT_BITS(s0, MISA_NEEDED, MISA_NEEDED)
        EXPECT_BITS(s0, MISA_EXT('E'), 0)

/* 2: writing misa's own value back is harmless. */
        TC(2)
        csrw misa, s0
        csrr a0, misa
        EXPECT_REG(a0, s0)

/* 3: mhartid = 0 on a one-hart machine; the id CSRs read; mconfigptr = 0
 * (no configuration structure). */
        TC(3)
        EXPECT_CSR(mhartid, 0)
        TRY(1f)
        csrr a0, mvendorid
        csrr a0, marchid
        csrr a0, mimpid
        csrr a0, mconfigptr
        mv   s0, a0
1:      EXPECT_NO_TRAP
        EXPECT(s0, 0)

/* 4: mstatus.SXL = UXL = 2: S and U are 64-bit. */
        TC(4)
        EXPECT_CSR_BITS(mstatus, MSTATUS_SXL | MSTATUS_UXL, 0xA00000000)

/* 5: SD summarises FS (XS, VS are 0): SD = (FS == Dirty). */
        TC(5)
        li   t1, MSTATUS_FS
        csrc mstatus, t1
        li   t0, 0x2000         /* Initial */
        csrs mstatus, t0
        EXPECT_CSR_BITS(mstatus, MSTATUS_FS | MSTATUS_SD, 0x2000)
        csrc mstatus, t1
        li   t0, 0x4000         /* Clean */
        csrs mstatus, t0
        EXPECT_CSR_BITS(mstatus, MSTATUS_FS | MSTATUS_SD, 0x4000)
        csrs mstatus, t1        /* Dirty */
        EXPECT_CSR_BITS(mstatus, MSTATUS_FS | MSTATUS_SD, MSTATUS_FS | MSTATUS_SD)

/* 6: an FP register write from FS=Initial makes FS Dirty (3.1.6.6). */
        TC(6)
        li   t1, MSTATUS_FS
        csrc mstatus, t1
        li   t0, 0x2000
        csrs mstatus, t0
        fmv.d.x f1, zero
        EXPECT_CSR_BITS(mstatus, MSTATUS_FS | MSTATUS_SD, MSTATUS_FS | MSTATUS_SD)

/* 7: FS=Off: FP instructions and fcsr are illegal. */
        TC(7)
        li   t1, MSTATUS_FS
        csrc mstatus, t1
        TRY(1f)
        fmv.d.x f1, zero
1:      EXPECT_CAUSE(CAUSE_ILLEGAL)
        TRY(1f)
        csrr a0, fcsr
1:      EXPECT_CAUSE(CAUSE_ILLEGAL)

/* 8: MPP holds each supported mode; SPP both. */
        TC(8)
        SET_MPP(PRV_S)
        EXPECT_CSR_BITS(mstatus, MSTATUS_MPP, PRV_S << 11)
        SET_MPP(PRV_M)
        EXPECT_CSR_BITS(mstatus, MSTATUS_MPP, PRV_M << 11)
        SET_MPP(PRV_U)
        EXPECT_CSR_BITS(mstatus, MSTATUS_MPP, 0)
        li   t0, MSTATUS_SPP
        csrs mstatus, t0
        EXPECT_CSR_BITS(mstatus, MSTATUS_SPP, MSTATUS_SPP)
        csrc mstatus, t0
        EXPECT_CSR_BITS(mstatus, MSTATUS_SPP, 0)

/* 9: mstatus TVM, TW, TSR, SUM, MXR, MPRV are writable (S-mode exists). */
        TC(9)
        li   t0, MSTATUS_TVM | MSTATUS_TW | MSTATUS_TSR | MSTATUS_SUM | MSTATUS_MXR
        csrs mstatus, t0
        EXPECT_CSR_BITS(mstatus, MSTATUS_TVM | MSTATUS_TW | MSTATUS_TSR | MSTATUS_SUM | MSTATUS_MXR, MSTATUS_TVM | MSTATUS_TW | MSTATUS_TSR | MSTATUS_SUM | MSTATUS_MXR)
        csrc mstatus, t0
        EXPECT_CSR_BITS(mstatus, MSTATUS_TVM | MSTATUS_TW | MSTATUS_TSR | MSTATUS_SUM | MSTATUS_MXR, 0)

/* 10-11: satp (4.1.11): Sv39/Sv48/Sv57 are accepted; "If satp is written
 * with an unsupported MODE, the entire write has no effect; no fields in
 * satp are modified." */
        TC(10)
        li   s0, SATP_SV39 | 0x80123
        csrw satp, s0
        csrr a0, satp
        EXPECT_REG(a0, s0)
        li   s1, SATP_SV48 | 0x80124
        csrw satp, s1
        csrr a0, satp
        EXPECT_REG(a0, s1)
        li   s1, SATP_SV57 | 0x80125
        csrw satp, s1
        csrr a0, satp
        EXPECT_REG(a0, s1)
        csrw satp, s0

        TC(11)
        .irp mode, 1, 2, 3, 4, 5, 6, 7, 11, 12, 13, 14, 15
        li   t0, (\mode << 60) | 0x80999
        csrw satp, t0
        csrr a0, satp
        EXPECT_REG(a0, s0)
        .endr
        csrw satp, zero
        EXPECT_CSR(satp, 0)

/* 12: mtvec MODE: Direct and Vectored are kept with the base; a reserved
 * MODE (2, 3) is never accepted (3.1.7, WARL): the mode stays as it was. */
        TC(12)
        lla  s0, priv_mtrap
        csrw mtvec, s0
        csrr a0, mtvec
        EXPECT_REG(a0, s0)
        lla  s1, vec_base
        ori  s1, s1, 1
        csrw mtvec, s1
        csrr a0, mtvec
        EXPECT_REG(a0, s1)
        ori  t0, s0, 2
        csrw mtvec, t0
        EXPECT_CSR_BITS(mtvec, 3, 1)
        csrw mtvec, s0
        ori  t0, s0, 3
        csrw mtvec, t0
        EXPECT_CSR_BITS(mtvec, 3, 0)
        csrw mtvec, s0

/* 13: stvec likewise (4.1.2). */
        TC(13)
        lla  s0, priv_strap
        lla  s1, vec_base
        ori  s1, s1, 1
        csrw stvec, s1
        csrr a0, stvec
        EXPECT_REG(a0, s1)
        ori  t0, s0, 2
        csrw stvec, t0
        EXPECT_CSR_BITS(stvec, 3, 1)
        csrw stvec, s0
        csrr a0, stvec
        EXPECT_REG(a0, s0)

/* 14: PMP granularity G = 0 (4 bytes): with the entry off, writing all
 * ones to pmpaddr0 reads back with bit 0 set (3.7.1); NA4 is selectable. */
        TC(14)
        csrw pmpcfg0, zero
        li   t0, -1
        csrw pmpaddr0, t0
        csrr a0, pmpaddr0
        EXPECT_BITS(a0, 1, 1)
        li   t0, 0x003fffffffffffff     /* bits 55:2 of an address */
        EXPECT_BITS(a0, 0x003fffffffffffff, 0x003fffffffffffff)
        li   t0, ADDR_UNMAPPED >> 2
        csrw pmpaddr0, t0
        li   t0, PMP_NA4
        csrw pmpcfg0, t0
        EXPECT_CSR_BITS(pmpcfg0, 0xff, PMP_NA4)
        csrw pmpcfg0, zero
        csrw pmpaddr0, zero
        PMP_SYNC

/* 15: on RV64 the odd pmpcfg registers do not exist (3.7.1). */
        TC(15)
        TRY(1f)
        csrr a0, pmpcfg1
1:      EXPECT_CAUSE(CAUSE_ILLEGAL)
        TRY(1f)
        csrr a0, pmpcfg3
1:      EXPECT_CAUSE(CAUSE_ILLEGAL)

/* 16: mie: all standard M and S interrupt enables are writable. */
        TC(16)
        li   t0, MIP_SSIP | MIP_MSIP | MIP_STIP | MIP_MTIP | MIP_SEIP | MIP_MEIP
        csrw mie, t0
        EXPECT_CSR_BITS(mie, MIP_SSIP | MIP_MSIP | MIP_STIP | MIP_MTIP | MIP_SEIP | MIP_MEIP, MIP_SSIP | MIP_MSIP | MIP_STIP | MIP_MTIP | MIP_SEIP | MIP_MEIP)
        csrw mie, zero

/* 17: menvcfg.FIOM and senvcfg.FIOM are writable; senvcfg is an S CSR. */
        TC(17)
        csrwi menvcfg, MENVCFG_FIOM
        EXPECT_CSR_BITS(menvcfg, MENVCFG_FIOM, MENVCFG_FIOM)
        csrwi menvcfg, 0
        EXPECT_CSR_BITS(menvcfg, MENVCFG_FIOM, 0)
        RUN_IN(PRV_S, 2f, 1f)
2:      csrwi senvcfg, 1
        csrr a0, senvcfg
        csrwi senvcfg, 0
        csrr a1, senvcfg
        ecall
1:      EXPECT_CAUSE(CAUSE_ECALL_S)
        EXPECT_BITS(a0, 1, 1)
        EXPECT_BITS(a1, 1, 0)
        CSR_READ_IN(PRV_U, senvcfg, CAUSE_ILLEGAL)
        CSR_READ_IN(PRV_S, menvcfg, CAUSE_ILLEGAL)

/* 18: S-level trap CSRs are read/write from S. */
        TC(18)
        RUN_IN(PRV_S, 2f, 1f)
2:      li   t0, 0x1111
        csrw sscratch, t0
        csrr a0, sscratch
        li   t0, 0x80002222
        csrw sepc, t0
        csrr a1, sepc
        li   t0, 13
        csrw scause, t0
        csrr a2, scause
        li   t0, 0x3333
        csrw stval, t0
        csrr a3, stval
        ecall
1:      EXPECT_CAUSE(CAUSE_ECALL_S)
        EXPECT(a0, 0x1111)
        EXPECT(a1, 0x80002222)
        EXPECT(a2, 13)
        EXPECT(a3, 0x3333)

/* mepc[0]/sepc[0] and other rules QEMU 7.2 misses: csr_strict.S. */

PRIV_END

        .text
        .balign 256
vec_base:
        j    priv_mtrap
