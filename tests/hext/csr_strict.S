/* Hypervisor CSR rules that QEMU 7.2 does not follow (rvkvm only; see
 * rules.mk), and whole-register WARL masks for rvkvm's choices (RV64,
 * GEILEN = 0, VMIDLEN = 14, no VSBE, Svadu and Sstc gated by menvcfg):
 *   - hstatus keeps only its implemented fields (VGEIN read-only zero
 *     with GEILEN = 0, VSXL = 2);
 *   - hgatp: VMID[13:0] writable, PPN[1:0] read-only zero, MODE always one
 *     of the supported values (a write is WARL, not ignored as for satp);
 *   - henvcfg.STCE / ADUE read-only zero unless enabled in menvcfg;
 *   - VU-mode accesses to supervisor CSRs raise virtual instruction (22);
 *   - VS reads sie/sip as vsie/vsip;
 *   - mip.VSTIP/VSEIP are read-only (aliases of hip's);
 *   - vsip.STIP/SEIP are hip.VSTIP/VSEIP when delegated by hideleg. */
#include "hext.h"

#define TRAPS_IN(goto, cause, ...)                      \
        INSN_IN(goto, __VA_ARGS__);                     \
        EXPECT_TRAP(HX_M, cause);                       \
        lla a7, 9001b; EXPECT_REG(s11, a7);             \
        lwu a7, 0(a7); EXPECT_REG(s10, a7)

HEXT_BEGIN

/* 1: hstatus: all ones reads back as exactly the implemented fields. */
        TC(1)
        li   t0, -1
        csrw hstatus, t0
        EXPECT_CSR(hstatus, HSTATUS_VSXL64 | HSTATUS_GVA | HSTATUS_SPV | HSTATUS_SPVP | HSTATUS_HU | HSTATUS_VTVM | HSTATUS_VTW | HSTATUS_VTSR | (3 << 48))
        csrw hstatus, zero
        EXPECT_CSR(hstatus, HSTATUS_VSXL64)

/* 2: hstatus.VGEIN is read-only zero (GEILEN = 0). */
        TC(2)
        li   t0, 1 << 12
        csrs hstatus, t0
        EXPECT_CSR_BITS(hstatus, HSTATUS_VGEIN, 0)

/* 3: hgatp: VMIDLEN = 14 and PPN[1:0] read-only zero in each paged mode. */
        TC(3)
        li   t0, HGATP_SV39X4 | HGATP_VMID | HGATP_PPN
        csrw hgatp, t0
        EXPECT_CSR_BITS(hgatp, 0xfc00000000000003, HGATP_SV39X4)
        EXPECT_CSR_BITS(hgatp, HGATP_VMID | 0xfffc, HGATP_VMID | 0xfffc)
        li   t0, HGATP_SV48X4 | (0x1555 << HGATP_VMID_SHIFT) | 0x12347
        csrw hgatp, t0
        EXPECT_CSR(hgatp, HGATP_SV48X4 | (0x1555 << HGATP_VMID_SHIFT) | 0x12344)
        li   t0, HGATP_SV57X4 | (0x2aaa << HGATP_VMID_SHIFT) | 0x4000
        csrw hgatp, t0
        EXPECT_CSR(hgatp, HGATP_SV57X4 | (0x2aaa << HGATP_VMID_SHIFT) | 0x4000)
        csrw hgatp, zero
        EXPECT_CSR(hgatp, 0)

/* 4: a reserved MODE leaves a supported one (0, 8, 9 or 10). */
        TC(4)
        li   t0, (1 << 60) | 0x4000
        csrw hgatp, t0
        csrr a0, hgatp
        srli a0, a0, 60
        beqz a0, 1f
        addi a0, a0, -8
        li   t0, 3
        bltu a0, t0, 1f
        EXPECT(a0, 0)
1:      li   t0, (11 << 60) | 0x4000
        csrw hgatp, t0
        csrr a0, hgatp
        srli a0, a0, 60
        beqz a0, 1f
        addi a0, a0, -8
        li   t0, 3
        bltu a0, t0, 1f
        EXPECT(a0, 0)
1:      csrw hgatp, zero

/* 5: henvcfg: STCE and ADUE are read-only zero while menvcfg's are zero,
 * writable when they are set; nothing else but FIOM, the CMO enables
 * (Zicbom/Zicboz) and PMM (Ssnpm, bits 33:32) is. */
        TC(5)
        csrw menvcfg, zero
        li   t0, -1
        csrw henvcfg, t0
        /* FIOM and the CMO enables (CBIE = 11, CBCFE, CBZE: 0xf0) do not
         * depend on menvcfg */
        EXPECT_CSR(henvcfg, HENVCFG_FIOM | 0xf0 | (3 << 32))
        li   t0, MENVCFG_STCE | MENVCFG_ADUE
        csrw menvcfg, t0
        li   t0, -1
        csrw henvcfg, t0
        EXPECT_CSR(henvcfg, HENVCFG_FIOM | 0xf0 | (3 << 32) | HENVCFG_ADUE | HENVCFG_STCE)
        /* clearing menvcfg's bit makes henvcfg's read zero */
        csrw menvcfg, zero
        EXPECT_CSR_BITS(henvcfg, HENVCFG_ADUE | HENVCFG_STCE, 0)
        csrw henvcfg, zero

/* 6: exact delegation masks: hedeleg 0-8, 12, 13, 15; hideleg 2, 6, 10
 * and 13 (LCOFI, Shlcofideleg); medeleg also takes 10 (ECALL from VS)
 * and 20-23. */
        TC(6)
        li   t0, -1
        csrw hedeleg, t0
        EXPECT_CSR(hedeleg, 0xb1ff)
        csrw hedeleg, zero
        csrw hideleg, t0
        EXPECT_CSR(hideleg, VS_IRQS | (1 << 13))
        csrw hideleg, zero
        csrw medeleg, t0
        EXPECT_CSR_BITS(medeleg, (1 << 10) | (0xf << 20), (1 << 10) | (0xf << 20))
        csrw medeleg, zero

/* 7: VU-mode: supervisor CSRs raise virtual instruction (allowed in
 * HS-mode), not illegal instruction. */
        TC(7)
        TRAPS_IN(GOTO_VU, CAUSE_VIRTUAL, csrr a0, sstatus)
        TRAPS_IN(GOTO_VU, CAUSE_VIRTUAL, csrr a0, sie)
        TRAPS_IN(GOTO_VU, CAUSE_VIRTUAL, csrw stvec, a0)
        TRAPS_IN(GOTO_VU, CAUSE_VIRTUAL, csrr a0, sscratch)
        TRAPS_IN(GOTO_VU, CAUSE_VIRTUAL, csrr a0, sepc)
        TRAPS_IN(GOTO_VU, CAUSE_VIRTUAL, csrr a0, scause)
        TRAPS_IN(GOTO_VU, CAUSE_VIRTUAL, csrr a0, stval)
        TRAPS_IN(GOTO_VU, CAUSE_VIRTUAL, csrr a0, sip)
        TRAPS_IN(GOTO_VU, CAUSE_VIRTUAL, csrr a0, satp)
        TRAPS_IN(GOTO_VU, CAUSE_VIRTUAL, csrr a0, scounteren)
        TRAPS_IN(GOTO_VU, CAUSE_VIRTUAL, csrr a0, senvcfg)
        /* ...also with mstatus.TVM = 1 (the rule assumes TVM = 0) */
        li   t0, MSTATUS_TVM
        csrs mstatus, t0
        TRAPS_IN(GOTO_VU, CAUSE_VIRTUAL, csrr a0, satp)
        li   t0, MSTATUS_TVM
        csrc mstatus, t0

/* 8: VS reads sie/sip as vsie/vsip (hideleg delegating all three). */
        TC(8)
        li   t0, VS_IRQS
        csrw hideleg, t0
        li   t0, MIP_VSSIP | MIP_VSTIP
        csrw hie, t0
        li   t0, MIP_VSSIP
        csrw hvip, t0
        csrw vsstatus, zero
        RUN_VS(2f, 1f)
2:      csrr a0, sie
        csrr a1, sip
        ecall
1:      EXPECT_TRAP(HX_M, CAUSE_ECALL_VS)
        EXPECT(a0, MIP_SSIP | MIP_STIP)
        EXPECT(a1, MIP_SSIP)
        csrw hvip, zero
        csrw hie, zero
        csrw hideleg, zero

/* 9: mip.VSTIP and VSEIP are hip's read-only bits: clearing them through
 * mip leaves them (and hvip) set; setting them does nothing. */
        TC(9)
        li   t0, MIP_VSTIP | MIP_VSEIP
        csrw hvip, t0
        csrc mip, t0
        EXPECT_CSR_BITS(mip, VS_IRQS, MIP_VSTIP | MIP_VSEIP)
        EXPECT_CSR(hvip, MIP_VSTIP | MIP_VSEIP)
        csrw hvip, zero
        li   t0, MIP_VSTIP | MIP_VSEIP
        csrs mip, t0
        EXPECT_CSR_BITS(mip, VS_IRQS, 0)
        EXPECT_CSR(hvip, 0)

/* 10: vsip bits 5 and 9 show hip.VSTIP and VSEIP (set through hvip) when
 * hideleg delegates them, and only then. */
        TC(10)
        li   t0, VS_IRQS
        csrw hvip, t0
        csrw hideleg, t0
        EXPECT_CSR(vsip, MIP_SSIP | MIP_STIP | MIP_SEIP)
        li   t0, MIP_VSTIP
        csrw hideleg, t0
        EXPECT_CSR(vsip, MIP_STIP)
        li   t0, MIP_VSEIP
        csrw hideleg, t0
        EXPECT_CSR(vsip, MIP_SEIP)
        csrw hideleg, zero
        csrw hvip, zero

/* 11: with no guest external interrupt lines (GEILEN = 0) SGEI does not
 * exist: mideleg bit 12 reads 0 (it is read-only one only when GEILEN > 0),
 * and mie/hie.SGEIE, hip.SGEIP and hgeie are read-only zero. */
        TC(11)
        li   t0, -1
        csrw mideleg, t0
        EXPECT_CSR_BITS(mideleg, MIP_SGEIP, 0)
        csrw mideleg, zero
        li   t0, MIP_SGEIP
        csrs mie, t0
        EXPECT_CSR_BITS(mie, MIP_SGEIP, 0)
        csrs hie, t0
        EXPECT_CSR_BITS(hie, MIP_SGEIP, 0)
        li   t0, -1
        csrw hgeie, t0
        EXPECT_CSR(hgeie, 0)
        EXPECT_CSR_BITS(hip, MIP_SGEIP, 0)
        csrw mie, zero
HEXT_END
