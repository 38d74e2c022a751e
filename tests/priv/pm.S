/* Pointer masking (Ssnpm/Smnpm/Smmpm, "Pointer Masking Extensions"): PMM
 * in senvcfg (U), menvcfg (S), mseccfg (M) at bits 33:32 (00 off, 01
 * reserved, 10 PMLEN 7, 11 PMLEN 16).  Explicit accesses ignore the top
 * PMLEN bits: sign-extended for a virtual address, zero-extended for a
 * physical one (Bare, M-mode); not where MXR is in effect; MPRV uses the
 * effective mode's setting; a fault's tval is the transformed address.
 * QEMU 7.2 has no pointer masking: rvkvm only (rules.mk). */
#include "priv.h"
        .option arch, +v, +zicboz

#define MENVCFG_CBZE 0x80

#define CSR_MSECCFG 0x747
#define PMM_7   (2 << 32)
#define PMM_16  (3 << 32)
#define PMM_RSV (1 << 32)
#define PMM     (3 << 32)
#define TAG7    0xFE00000000000000      /* bits 63..57 */
#define TAG16   0x5A5A000000000000      /* bits 63..48, bit 47 clear */
#define TAG16N  0x1234800000000000      /* bits 63..48 and bit 47 set */
/* Sv57: a canonical VA that PMLEN 16 changes (bit 48 set, bit 47 clear),
 * and the VA it becomes. */
#define VA_HI   0x0001000040000000
#define VA_LO   0x0000000040000000

/* Set (or clear) the U bit of the identity gigapage, so that U-mode code
 * runs there (t0, t1 clobbered). */
#define IDENT_U(on)                                      \
        lla t0, pt_ident_pte; ld t0, 0(t0);              \
        ld t1, 0(t0); andi t1, t1, ~PTE_U;               \
        .if on; ori t1, t1, PTE_U; .endif;               \
        sd t1, 0(t0); sfence.vma x0, x0
#define OK        EXPECT(s9, -1)
#define PROBE(mode, op, addr)                            \
        li a0, addr; lla t0, pm_data; add a0, a0, t0;    \
        li a1, op; li a2, 0x99; li a3, mode; call priv_probe

PRIV_BEGIN
        lla  t0, pm_data
        li   t1, 0x1111
        sd   t1, 0(t0)
        li   t1, 0x2222
        sd   t1, 8(t0)

/* 1: the PMM fields are writable; the reserved 01 keeps the old value. */
        TC(1)
        li   t0, PMM_7
        csrs menvcfg, t0
        EXPECT_CSR_BITS(menvcfg, PMM, PMM_7)
        li   t0, PMM
        csrc menvcfg, t0
        li   t0, PMM_RSV
        csrs menvcfg, t0
        EXPECT_CSR_BITS(menvcfg, PMM, 0)
        li   t0, PMM_16
        csrw senvcfg, t0
        EXPECT_CSR_BITS(senvcfg, PMM, PMM_16)
        li   t0, PMM_RSV
        csrw senvcfg, t0
        EXPECT_CSR_BITS(senvcfg, PMM, PMM_16)
        li   t0, PMM_16
        csrw CSR_MSECCFG, t0
        csrr a0, CSR_MSECCFG
        EXPECT(a0, PMM_16)
        li   t0, PMM_RSV
        csrw CSR_MSECCFG, t0
        csrr a0, CSR_MSECCFG
        EXPECT(a0, PMM_16)
        csrw CSR_MSECCFG, zero
        csrw senvcfg, zero

/* 2: S-mode, Bare, PMM off: a tagged physical address is out of range. */
        TC(2)
        PROBE(PRV_S, PROBE_LD, TAG7)
        EXPECT(s9, CAUSE_LOAD_ACCESS)
        li   t0, TAG7
        lla  t1, pm_data
        add  t0, t0, t1
        EXPECT_REG(s10, t0)

/* 3: menvcfg.PMM = PMLEN 7: loads, stores, AMOs and LR through the tagged
 * physical address reach the untagged one. */
        TC(3)
        li   t0, PMM_7
        csrs menvcfg, t0
        PROBE(PRV_S, PROBE_LD, TAG7)
        OK
        EXPECT(a0, 0x1111)
        PROBE(PRV_S, PROBE_SD, TAG7 + 8)
        OK
        lla  t0, pm_data
        ld   a0, 8(t0)
        EXPECT(a0, 0x99)
        PROBE(PRV_S, PROBE_AMO, TAG7 + 8)
        OK
        EXPECT(a0, 0x99)
        lla  t0, pm_data
        ld   a0, 8(t0)
        EXPECT(a0, 0x132)
        PROBE(PRV_S, PROBE_LR, TAG7)
        OK
        EXPECT(a0, 0x1111)
        PROBE(PRV_S, PROBE_LBU, TAG7 + 1)
        OK
        EXPECT(a0, 0x11)
        /* U is governed by senvcfg, which is off. */
        PROBE(PRV_U, PROBE_LD, TAG7)
        EXPECT(s9, CAUSE_LOAD_ACCESS)

/* 4: PMLEN 16 zero-extends a physical address: a tag in bits 63..48
 * works, bit 47 is kept (out of range, tval the transformed address). */
        TC(4)
        li   t0, PMM_16
        csrs menvcfg, t0
        PROBE(PRV_S, PROBE_LD, TAG16)
        OK
        EXPECT(a0, 0x1111)
        PROBE(PRV_S, PROBE_LD, TAG16N)
        EXPECT(s9, CAUSE_LOAD_ACCESS)
        li   t0, 0x0000800000000000
        lla  t1, pm_data
        add  t0, t0, t1
        EXPECT_REG(s10, t0)
        /* PMLEN 7 does not ignore bits 56..48. */
        li   t0, PMM
        csrc menvcfg, t0
        li   t0, PMM_7
        csrs menvcfg, t0
        PROBE(PRV_S, PROBE_SD, TAG16)
        EXPECT(s9, CAUSE_STORE_ACCESS)
        li   t0, 0x005A000000000000
        lla  t1, pm_data
        add  t0, t0, t1
        EXPECT_REG(s10, t0)
        li   t0, PMM
        csrc menvcfg, t0

/* 5: Sv39, senvcfg.PMM = PMLEN 16 for U: the VA is sign-extended from
 * bit 47.  S (menvcfg off) still faults on the tag. */
        TC(5)
        li   a0, 3
        call pt_new
        csrw satp, a0
        li   t0, PMM_16
        csrw senvcfg, t0
        PROBE(PRV_U, PROBE_LD, TAG16)
        OK
        EXPECT(a0, 0x1111)
        PROBE(PRV_U, PROBE_SW, TAG16 + 8)
        OK
        lla  t0, pm_data
        ld   a0, 8(t0)
        EXPECT(a0, 0x99)
        PROBE(PRV_S, PROBE_LD, TAG16)
        EXPECT(s9, CAUSE_LOAD_PAGE)
        li   t0, TAG16
        lla  t1, pm_data
        add  t0, t0, t1
        EXPECT_REG(s10, t0)
        /* bit 47 set: 0xffff8000... is not canonical for Sv39; tval is it */
        PROBE(PRV_U, PROBE_LD, TAG16N)
        EXPECT(s9, CAUSE_LOAD_PAGE)
        li   t0, 0xFFFF800000000000
        lla  t1, pm_data
        add  t0, t0, t1
        EXPECT_REG(s10, t0)

/* 6: MXR in effect: no masking. */
        TC(6)
        li   t0, MSTATUS_MXR
        csrs mstatus, t0
        PROBE(PRV_U, PROBE_LD, TAG16)
        EXPECT(s9, CAUSE_LOAD_PAGE)
        li   t0, MSTATUS_MXR
        csrc mstatus, t0
        PROBE(PRV_U, PROBE_LD, TAG16)
        OK

/* 7: MPRV: M-mode loads as U use senvcfg's PMM; M's own (mseccfg off)
 * does not mask. */
        TC(7)
        IDENT_U(1)
        li   a0, TAG16
        lla  t0, pm_data
        add  a0, a0, t0
        li   a1, PROBE_LD
        li   a3, PRV_U
        call priv_mprv_probe
        OK
        EXPECT(a0, 0x1111)
        li   t0, TAG16
        lla  t1, pm_data
        add  s0, t0, t1
        TRY(1f)
        ld   a0, 0(s0)
1:      EXPECT_CAUSE(CAUSE_LOAD_ACCESS)

/* 8: mseccfg.PMM: M-mode's accesses are physical (zero-extended). */
        TC(8)
        li   t0, PMM_16
        csrw CSR_MSECCFG, t0
        li   t0, TAG16
        lla  t1, pm_data
        add  s0, t0, t1
        TRY(1f)
        ld   a0, 0(s0)
1:      EXPECT_NO_TRAP
        EXPECT(a0, 0x1111)
        li   t0, TAG16N
        lla  t1, pm_data
        add  s0, t0, t1
        TRY(1f)
        ld   a0, 0(s0)
1:      EXPECT_CAUSE(CAUSE_LOAD_ACCESS)
        li   t0, 0x0000800000000000
        lla  t1, pm_data
        add  t0, t0, t1
        EXPECT_REG(s10, t0)
        csrw CSR_MSECCFG, zero

/* 9: a misaligned AMO reports the transformed address; FP loads and
 * cbo.zero are masked too (U, PMLEN 16). */
        TC(9)
        li   t0, MSTATUS_FS
        csrs mstatus, t0
        li   t0, MENVCFG_CBZE
        csrs menvcfg, t0
        csrs senvcfg, t0
        IDENT_U(1)
        li   s0, TAG16 + 4
        lla  t0, pm_data
        add  s0, s0, t0
        RUN_IN(PRV_U, 2f, 3f)
2:      amoadd.d a0, a2, (s0)
        ecall
3:      EXPECT(s9, CAUSE_STORE_MISALIGNED)
        lla  t0, pm_data + 4
        EXPECT_REG(s10, t0)
        addi s0, s0, -4
        RUN_IN(PRV_U, 2f, 3f)
2:      fld  fa0, 0(s0)
        fmv.x.d a0, fa0
        addi s1, s0, 64
        cbo.zero (s1)
        ecall
3:      EXPECT(s9, CAUSE_ECALL_U)
        EXPECT(a0, 0x1111)
        lla  t0, pm_data
        li   t1, -1
        sd   t1, 64(t0)
        sd   t1, 120(t0)
        RUN_IN(PRV_U, 2f, 3f)
2:      addi s1, s0, 64
        cbo.zero (s1)
        ecall
3:      EXPECT(s9, CAUSE_ECALL_U)
        lla  t0, pm_data
        ld   a0, 64(t0)
        EXPECT(a0, 0)
        ld   a0, 120(t0)
        EXPECT(a0, 0)

/* 10: vector loads and stores through a tagged pointer (U, PMLEN 16). */
        TC(10)
        li   t0, (1 << 9)       /* mstatus.VS = Initial */
        csrs mstatus, t0
        RUN_IN(PRV_U, 2f, 3f)
2:      vsetivli zero, 2, e64, m1, ta, ma
        vle64.v v1, (s0)
        vadd.vi v1, v1, 1
        addi s1, s0, 16
        vse64.v v1, (s1)
        ecall
3:      EXPECT(s9, CAUSE_ECALL_U)
        lla  t0, pm_data
        ld   a0, 16(t0)
        EXPECT(a0, 0x1112)
        ld   a0, 24(t0)
        EXPECT(a0, 0x9a)

/* 11: Sv57, where PMLEN 16 changes canonical addresses: VA_HI maps page X,
 * VA_LO page Y.  U loads VA_HI (page X, now cached), then M turns masking
 * on without a fence: the same load now reaches VA_LO's page Y. */
        TC(11)
        csrw senvcfg, zero
        li   a0, 5
        call pt_new
        mv   s7, a0
        li   a1, VA_HI
        lla  a2, pm_page_x
        li   a3, PTE_V | PTE_R | PTE_W | PTE_U | PTE_A | PTE_D
        li   a4, 0
        call pt_map
        li   a1, VA_LO
        lla  a2, pm_page_y
        li   a3, PTE_V | PTE_R | PTE_W | PTE_U | PTE_A | PTE_D
        li   a4, 0
        call pt_map
        csrw satp, s7
        IDENT_U(1)
        li   s0, VA_HI
        RUN_IN(PRV_U, 2f, 3f)
2:      ld   a0, 0(s0)
        ld   a0, 0(s0)
        ecall
3:      EXPECT(s9, CAUSE_ECALL_U)
        EXPECT(a0, 0xaaaa)
        li   t0, PMM_16
        csrw senvcfg, t0
        RUN_IN(PRV_U, 2f, 3f)
2:      ld   a0, 0(s0)
        ecall
3:      EXPECT(s9, CAUSE_ECALL_U)
        EXPECT(a0, 0xbbbb)
        /* and off again: page X */
        csrw senvcfg, zero
        RUN_IN(PRV_U, 2f, 3f)
2:      ld   a0, 0(s0)
        ecall
3:      EXPECT(s9, CAUSE_ECALL_U)
        EXPECT(a0, 0xaaaa)

        csrw satp, zero
PRIV_END

        .data
        .balign 4096
pm_data:
        .fill 512, 8, 0
pm_page_x:
        .dword 0xaaaa
        .fill 511, 8, 0
pm_page_y:
        .dword 0xbbbb
        .fill 511, 8, 0
