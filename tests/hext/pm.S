/* Pointer masking with the H extension (Ssnpm, "Pointer Masking
 * Extensions"): henvcfg.PMM masks VS-mode, senvcfg.PMM VU-mode; a VS/VU
 * access with vsatp Bare is physical (zero-extended); vsstatus.MXR turns
 * it off for V=1; HLV/HSV as though in VS use henvcfg.PMM, as though in
 * VU senvcfg.PMM from HS/M and hstatus.HUPMM (bits 49:48) from U-mode;
 * HLVX is never masked.  Both stages Bare here.  QEMU 7.2 has no pointer
 * masking: rvkvm only (rules.mk). */
#include "hext.h"

#define PMM_7   (2 << 32)
#define PMM     (3 << 32)
#define HUPMM_7 (2 << 48)
#define HUPMM_RSV (1 << 48)
#define HUPMM   (3 << 48)
#define TAG7    0xFE00000000000000
#define M_HX(...)  HTRY(9f); __VA_ARGS__; li s9, -1; li s8, 0; 9:
#define TAGGED(reg) li reg, TAG7; lla t0, pm_data; add reg, reg, t0

HEXT_BEGIN
        lla  t0, pm_data
        li   t1, 0x3333
        sd   t1, 0(t0)
        TAGGED(s0)

/* 1: VS, henvcfg.PMM off: the tagged address is out of range (an access
 * fault, taken in M). */
        TC(1)
        RUN_VS(2f, 3f)
2:      ld   a0, 0(s0)
        ecall
3:      EXPECT_TRAP(HX_M, CAUSE_LOAD_ACCESS)
        EXPECT_REG(s10, s0)

/* 2: henvcfg.PMM = PMLEN 7: VS loads and stores through it. */
        TC(2)
        li   t0, PMM_7
        csrs henvcfg, t0
        EXPECT_CSR_BITS(henvcfg, PMM, PMM_7)
        li   a0, 0
        RUN_VS(2f, 3f)
2:      ld   a0, 0(s0)
        sd   a0, 8(s0)
        ecall
3:      EXPECT_TRAP(HX_M, CAUSE_ECALL_VS)
        EXPECT(a0, 0x3333)
        lla  t0, pm_data
        ld   a0, 8(t0)
        EXPECT(a0, 0x3333)

/* 3: vsstatus.MXR turns it off. */
        TC(3)
        li   t0, MSTATUS_MXR
        csrs vsstatus, t0
        RUN_VS(2f, 3f)
2:      ld   a0, 0(s0)
        ecall
3:      EXPECT_TRAP(HX_M, CAUSE_LOAD_ACCESS)
        li   t0, MSTATUS_MXR
        csrc vsstatus, t0

/* 4: VU follows senvcfg, not henvcfg. */
        TC(4)
        RUN_VU(2f, 3f)
2:      ld   a0, 0(s0)
        ecall
3:      EXPECT_TRAP(HX_M, CAUSE_LOAD_ACCESS)
        li   t0, PMM_7
        csrw senvcfg, t0
        RUN_VU(2f, 3f)
2:      ld   a0, 0(s0)
        ecall
3:      EXPECT_TRAP(HX_M, 8)
        EXPECT(a0, 0x3333)

/* 5: HLV from M: as though VS (SPVP=1) henvcfg.PMM, as though VU (SPVP=0)
 * senvcfg.PMM; HLVX is never masked. */
        TC(5)
        csrw senvcfg, zero
        li   t0, HSTATUS_SPVP
        csrs hstatus, t0
        M_HX(hlv.d a0, (s0))
        EXPECT(s9, -1)
        EXPECT(a0, 0x3333)
        M_HX(hlvx.wu a0, (s0))
        EXPECT_TRAP(HX_M, CAUSE_LOAD_ACCESS)
        li   t0, HSTATUS_SPVP
        csrc hstatus, t0
        M_HX(hlv.d a0, (s0))
        EXPECT_TRAP(HX_M, CAUSE_LOAD_ACCESS)
        li   t0, PMM_7
        csrw senvcfg, t0
        M_HX(hlv.d a0, (s0))
        EXPECT(s9, -1)
        EXPECT(a0, 0x3333)

/* 6: HSV/HLV from U-mode (hstatus.HU): as though VU, hstatus.HUPMM
 * decides, not senvcfg; the reserved HUPMM 01 keeps the old value. */
        TC(6)
        li   t0, HSTATUS_HU
        csrs hstatus, t0
        RUN_U(2f, 3f)
2:      hlv.d a0, (s0)
        ecall
3:      EXPECT_TRAP(HX_M, CAUSE_LOAD_ACCESS)
        csrw senvcfg, zero
        li   t0, HUPMM_7
        csrs hstatus, t0
        EXPECT_CSR_BITS(hstatus, HUPMM, HUPMM_7)
        li   t0, HUPMM
        csrc hstatus, t0
        li   t0, HUPMM_RSV
        csrs hstatus, t0
        EXPECT_CSR_BITS(hstatus, HUPMM, 0)
        li   t0, HUPMM_7
        csrs hstatus, t0
        li   a1, 0x4444
        RUN_U(2f, 3f)
2:      addi a2, s0, 16
        hsv.d a1, (a2)
        hlv.d a0, (a2)
        ecall
3:      EXPECT_TRAP(HX_M, 8)
        EXPECT(a0, 0x4444)
        lla  t0, pm_data
        ld   a0, 16(t0)
        EXPECT(a0, 0x4444)
        li   t0, HUPMM | HSTATUS_HU
        csrc hstatus, t0
        csrw senvcfg, zero
        csrw henvcfg, zero
HEXT_END

        .data
        .balign 64
pm_data:
        .fill 8, 8, 0
