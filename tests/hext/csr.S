/* Hypervisor CSRs: which mode may access them, and what V=1 redirects
 * (H 1.0, "Hypervisor and Virtual Supervisor CSRs", "Trap Cause Codes":
 * the virtual-instruction rules for CSRs), plus the WARL fields every
 * implementation shares.  Whole-register masks that depend on rvkvm's
 * choices are in csr_warl.S.
 *   - U-mode: hypervisor and VS CSRs are illegal (cause 2);
 *   - HS-mode: they are accessible; M CSRs are not;
 *   - VS/VU: hypervisor and VS CSRs raise virtual instruction (22) with
 *     tval = the instruction; VU also for supervisor CSRs; M CSRs stay
 *     illegal, and so does a write to a read-only CSR;
 *   - V=1: the supervisor CSR names reach the VS CSRs. */
#include "hext.h"

/* `insn` in a mode must trap to M with `cause`, tval = its encoding and
 * epc = its address. */
#define TRAPS_IN(goto, cause, ...)                      \
        INSN_IN(goto, __VA_ARGS__);                            \
        EXPECT_TRAP(HX_M, cause);                       \
        lla a7, 9001b; EXPECT_REG(s11, a7);             \
        lwu a7, 0(a7); EXPECT_REG(s10, a7)
#define WORKS_IN(goto, ...)  INSN_IN(goto, __VA_ARGS__); EXPECT_OK

HEXT_BEGIN

/* 1: misa.H (bit 7) is set. */
        TC(1)
        EXPECT_CSR_BITS(misa, 0x80, 0x80)

/* 2: hstatus.VSXL reads 2 (VSXLEN = 64) whatever is written. */
        TC(2)
        EXPECT_CSR_BITS(hstatus, HSTATUS_VSXL, HSTATUS_VSXL64)
        li   t0, HSTATUS_VSXL
        csrc hstatus, t0
        EXPECT_CSR_BITS(hstatus, HSTATUS_VSXL, HSTATUS_VSXL64)

/* 3: the hstatus control fields are writable. */
        TC(3)
#define HS_FIELDS (HSTATUS_GVA | HSTATUS_SPV | HSTATUS_SPVP | HSTATUS_HU | HSTATUS_VTVM | HSTATUS_VTW | HSTATUS_VTSR)
        li   t0, HS_FIELDS
        csrs hstatus, t0
        EXPECT_CSR_BITS(hstatus, HS_FIELDS, HS_FIELDS)
        li   t0, HSTATUS_SPVP | HSTATUS_VTW
        csrc hstatus, t0
        EXPECT_CSR_BITS(hstatus, HS_FIELDS, HS_FIELDS & ~(HSTATUS_SPVP | HSTATUS_VTW))
        li   t0, HS_FIELDS
        csrc hstatus, t0
        EXPECT_CSR_BITS(hstatus, HS_FIELDS, 0)

/* 4: mstatus.MPV and GVA are writable in M and are not part of sstatus. */
        TC(4)
        li   t0, MSTATUS_MPV | MSTATUS_GVA
        csrs mstatus, t0
        EXPECT_CSR_BITS(mstatus, MSTATUS_MPV | MSTATUS_GVA, MSTATUS_MPV | MSTATUS_GVA)
        EXPECT_CSR_BITS(sstatus, MSTATUS_MPV | MSTATUS_GVA, 0)
        li   t0, MSTATUS_MPV
        csrc mstatus, t0
        EXPECT_CSR_BITS(mstatus, MSTATUS_MPV | MSTATUS_GVA, MSTATUS_GVA)
        li   t0, MSTATUS_GVA
        csrc mstatus, t0
        EXPECT_CSR_BITS(mstatus, MSTATUS_MPV | MSTATUS_GVA, 0)

/* 5: hedeleg: the exceptions the spec requires writable (1-8, 12, 13,
 * 15) are; ECALLs from HS/VS/M (9-11), guest-page faults (20, 21, 23) and
 * virtual instruction (22) are read-only zero. */
        TC(5)
#define HEDELEG_REQ  0xb1fe
#define HEDELEG_ZERO ((1 << 9) | (1 << 10) | (1 << 11) | (0xf << 20))
        li   t0, -1
        csrw hedeleg, t0
        EXPECT_CSR_BITS(hedeleg, HEDELEG_REQ | HEDELEG_ZERO, HEDELEG_REQ)
        csrw hedeleg, zero
        EXPECT_CSR(hedeleg, 0)

/* 6: hideleg: bits 10, 6, 2 writable; 12, 9, 5, 1 read-only zero. */
        TC(6)
        li   t0, -1
        csrw hideleg, t0
        EXPECT_CSR_BITS(hideleg, 0x1666, VS_IRQS)
        csrw hideleg, zero
        EXPECT_CSR_BITS(hideleg, 0x1666, 0)

/* 7: mideleg: the VS-level interrupts are read-only one (always
 * delegated to HS); the S-level bits stay writable.  (SGEI, bit 12, is
 * read-only one only when GEILEN > 0: QEMU 7.2 always sets it; csr_strict
 * checks rvkvm's GEILEN = 0 rule.) */
        TC(7)
        csrw mideleg, zero
        EXPECT_CSR_BITS(mideleg, VS_IRQS | MIP_SSIP | MIP_STIP | MIP_SEIP, VS_IRQS)
        li   t0, -1
        csrw mideleg, t0
        EXPECT_CSR_BITS(mideleg, VS_IRQS | MIP_SSIP | MIP_STIP | MIP_SEIP, VS_IRQS | MIP_SSIP | MIP_STIP | MIP_SEIP)
        csrw mideleg, zero
        li   t0, MIP_SSIP | MIP_STIP | MIP_SEIP
        csrw mideleg, t0
        EXPECT_CSR_BITS(mideleg, VS_IRQS | MIP_SSIP | MIP_STIP | MIP_SEIP, VS_IRQS | MIP_SSIP | MIP_STIP | MIP_SEIP)
        csrw mideleg, zero

/* 8: hcounteren CY/TM/IR are writable. */
        TC(8)
        li   t0, 7
        csrw hcounteren, t0
        EXPECT_CSR_BITS(hcounteren, 7, 7)
        csrw hcounteren, zero
        EXPECT_CSR_BITS(hcounteren, 7, 0)

/* 9: henvcfg.FIOM is writable; ADUE not while menvcfg.ADUE = 0; STCE
 * when menvcfg.STCE = 1 (Sstc).  (STCE read-only zero under
 * menvcfg.STCE = 0: csr_warl.S.) */
        TC(9)
        csrw menvcfg, zero
        li   t0, HENVCFG_FIOM | HENVCFG_ADUE
        csrw henvcfg, t0
        EXPECT_CSR_BITS(henvcfg, HENVCFG_FIOM | HENVCFG_ADUE, HENVCFG_FIOM)
        li   t0, MENVCFG_STCE
        csrw menvcfg, t0
        li   t0, HENVCFG_STCE
        csrw henvcfg, t0
        EXPECT_CSR_BITS(henvcfg, HENVCFG_FIOM | HENVCFG_STCE, HENVCFG_STCE)
        csrw henvcfg, zero
        csrw menvcfg, zero

/* 10: hgatp takes Sv39x4 with a 16 KiB-aligned root; Bare reads back as
 * written (zero). */
        TC(10)
        lla  t1, hgatp_root
        srli t1, t1, 12
        li   t0, HGATP_SV39X4
        or   t0, t0, t1
        csrw hgatp, t0
        csrr a0, hgatp
        EXPECT_REG(a0, t0)
        csrw hgatp, zero
        EXPECT_CSR(hgatp, 0)

/* 11: with GEILEN = 0 there is no guest external interrupt: hgeie and
 * hgeip read zero. */
        TC(11)
        li   t0, -1
        csrw hgeie, t0
        EXPECT_CSR(hgeie, 0)
        EXPECT_CSR(hgeip, 0)

/* 12: the VS CSRs hold what M writes. */
        TC(12)
        li   a0, 0x1234560
        csrw vsscratch, a0
        EXPECT_CSR(vsscratch, 0x1234560)
        csrw vsepc, a0
        EXPECT_CSR(vsepc, 0x1234560)
        csrw vstval, a0
        EXPECT_CSR(vstval, 0x1234560)
        li   a0, 13
        csrw vscause, a0
        EXPECT_CSR(vscause, 13)
        li   t0, MSTATUS_SPP | MSTATUS_SUM
        csrw vsstatus, t0
        EXPECT_CSR_BITS(vsstatus, MSTATUS_SPP | MSTATUS_SUM | MSTATUS_SIE, MSTATUS_SPP | MSTATUS_SUM)
        EXPECT_CSR_BITS(mstatus, MSTATUS_SPP | MSTATUS_SUM, 0)
        csrw vsstatus, zero
        lla  a0, hx_vstrap
        csrw vstvec, a0

/* 13: U-mode (V=0): hypervisor and VS CSRs are illegal. */
        TC(13)
        TRAPS_IN(GOTO_U, CAUSE_ILLEGAL, csrr a0, hstatus)
        TRAPS_IN(GOTO_U, CAUSE_ILLEGAL, csrr a0, hgatp)
        TRAPS_IN(GOTO_U, CAUSE_ILLEGAL, csrr a0, vsstatus)
        TRAPS_IN(GOTO_U, CAUSE_ILLEGAL, csrw vsatp, zero)
        TRAPS_IN(GOTO_U, CAUSE_ILLEGAL, csrr a0, hvip)

/* 14: HS-mode reaches the hypervisor and VS CSRs, not the M ones. */
        TC(14)
        WORKS_IN(GOTO_HS, csrr a0, hstatus)
        WORKS_IN(GOTO_HS, csrr a0, hedeleg)
        WORKS_IN(GOTO_HS, csrr a0, hgatp)
        WORKS_IN(GOTO_HS, csrr a0, vsstatus)
        WORKS_IN(GOTO_HS, csrw vsscratch, a0)
        WORKS_IN(GOTO_HS, csrr a0, htinst)
        WORKS_IN(GOTO_HS, csrr a0, hgeip)
        TRAPS_IN(GOTO_HS, CAUSE_ILLEGAL, csrr a0, CSR_MTINST)
        TRAPS_IN(GOTO_HS, CAUSE_ILLEGAL, csrr a0, CSR_MTVAL2)
        TRAPS_IN(GOTO_HS, CAUSE_ILLEGAL, csrr a0, mstatus)

/* 15: HS writes reach the VS registers. */
        TC(15)
        li   a1, 0xabc0
        INSN_IN(GOTO_HS, csrw vsscratch, a1)
        EXPECT_OK
        EXPECT_CSR(vsscratch, 0xabc0)

/* 16-17: VS-mode: every hypervisor and VS CSR raises virtual instruction. */
        TC(16)
        TRAPS_IN(GOTO_VS, CAUSE_VIRTUAL, csrr a0, hstatus)
        TRAPS_IN(GOTO_VS, CAUSE_VIRTUAL, csrw hstatus, zero)
        TRAPS_IN(GOTO_VS, CAUSE_VIRTUAL, csrr a0, hedeleg)
        TRAPS_IN(GOTO_VS, CAUSE_VIRTUAL, csrr a0, hideleg)
        TRAPS_IN(GOTO_VS, CAUSE_VIRTUAL, csrr a0, hie)
        TRAPS_IN(GOTO_VS, CAUSE_VIRTUAL, csrr a0, hcounteren)
        TRAPS_IN(GOTO_VS, CAUSE_VIRTUAL, csrr a0, hgeie)
        TRAPS_IN(GOTO_VS, CAUSE_VIRTUAL, csrr a0, htval)
        TRAPS_IN(GOTO_VS, CAUSE_VIRTUAL, csrr a0, hip)
        TRAPS_IN(GOTO_VS, CAUSE_VIRTUAL, csrs hvip, a0)
        TRAPS_IN(GOTO_VS, CAUSE_VIRTUAL, csrr a0, htinst)
        TRAPS_IN(GOTO_VS, CAUSE_VIRTUAL, csrr a0, hgatp)
        TRAPS_IN(GOTO_VS, CAUSE_VIRTUAL, csrr a0, henvcfg)
        TRAPS_IN(GOTO_VS, CAUSE_VIRTUAL, csrr a0, hgeip)
        TC(17)
        TRAPS_IN(GOTO_VS, CAUSE_VIRTUAL, csrr a0, vsstatus)
        TRAPS_IN(GOTO_VS, CAUSE_VIRTUAL, csrr a0, vsie)
        TRAPS_IN(GOTO_VS, CAUSE_VIRTUAL, csrr a0, vstvec)
        TRAPS_IN(GOTO_VS, CAUSE_VIRTUAL, csrw vsscratch, a0)
        TRAPS_IN(GOTO_VS, CAUSE_VIRTUAL, csrr a0, vsepc)
        TRAPS_IN(GOTO_VS, CAUSE_VIRTUAL, csrr a0, vscause)
        TRAPS_IN(GOTO_VS, CAUSE_VIRTUAL, csrr a0, vstval)
        TRAPS_IN(GOTO_VS, CAUSE_VIRTUAL, csrr a0, vsip)
        TRAPS_IN(GOTO_VS, CAUSE_VIRTUAL, csrr a0, vsatp)

/* 18: VS-mode: M CSRs stay illegal; so does writing a read-only CSR
 * (not allowed in HS either). */
        TC(18)
        TRAPS_IN(GOTO_VS, CAUSE_ILLEGAL, csrr a0, mstatus)
        TRAPS_IN(GOTO_VS, CAUSE_ILLEGAL, csrr a0, CSR_MTINST)
        TRAPS_IN(GOTO_VS, CAUSE_ILLEGAL, csrr a0, mscratch)
        TRAPS_IN(GOTO_VS, CAUSE_ILLEGAL, csrw hgeip, a0)

/* 19: VS-mode reads and writes the supervisor CSRs (they are the VS
 * ones) without trapping. */
        TC(19)
        WORKS_IN(GOTO_VS, csrr a0, sstatus)
        WORKS_IN(GOTO_VS, csrr a0, sie)
        WORKS_IN(GOTO_VS, csrr a0, sip)
        WORKS_IN(GOTO_VS, csrr a0, sscratch)
        WORKS_IN(GOTO_VS, csrr a0, satp)
        WORKS_IN(GOTO_VS, csrr a0, scounteren)
        WORKS_IN(GOTO_VS, csrr a0, senvcfg)

/* 20: VU-mode: hypervisor and VS CSRs raise virtual instruction; M CSRs
 * stay illegal.  (Supervisor CSRs from VU: csr_warl.S.) */
        TC(20)
        TRAPS_IN(GOTO_VU, CAUSE_VIRTUAL, csrr a0, hstatus)
        TRAPS_IN(GOTO_VU, CAUSE_VIRTUAL, csrr a0, hgatp)
        TRAPS_IN(GOTO_VU, CAUSE_VIRTUAL, csrr a0, vsstatus)
        TRAPS_IN(GOTO_VU, CAUSE_VIRTUAL, csrr a0, vsatp)
        TRAPS_IN(GOTO_VU, CAUSE_ILLEGAL, csrr a0, mstatus)
        TRAPS_IN(GOTO_VU, CAUSE_ILLEGAL, csrr a0, CSR_MTVAL2)
/* 21: the same CSRs from U-mode (V=0) are illegal, not virtual. */
        TC(21)
        TRAPS_IN(GOTO_U, CAUSE_ILLEGAL, csrr a0, sstatus)
        TRAPS_IN(GOTO_U, CAUSE_ILLEGAL, csrr a0, satp)

/* 22: virtual-instruction traps delegated by medeleg[22] go to HS with
 * stval = the instruction and hstatus.SPV = 1. */
        TC(22)
        li   t0, 1 << CAUSE_VIRTUAL
        csrw medeleg, t0
        INSN_IN(GOTO_VS, csrr a0, hstatus)
        EXPECT_TRAP(HX_HS, CAUSE_VIRTUAL)
        lla  a7, 9001b
        EXPECT_REG(s11, a7)
        lwu  a7, 0(a7)
        EXPECT_REG(s10, a7)
        EXPECT_CSR_BITS(hstatus, HSTATUS_SPV | HSTATUS_GVA, HSTATUS_SPV)
        csrw medeleg, zero

/* 23-24: V=1 redirects sscratch/sepc/scause/stval/stvec/sstatus to the
 * VS registers: VS writes through the S names, M reads the VS names and
 * finds the HS registers untouched; and VS reads what M put in the VS
 * registers. */
        TC(23)
        li   t0, 0x1110
        csrw sscratch, t0
        csrw sepc, t0
        csrw stval, t0
        li   t0, 3
        csrw scause, t0
        lla  t0, hx_hstrap
        csrw stvec, t0
        li   t0, MSTATUS_SUM
        csrc mstatus, t0
        li   a1, 0x2220
        lla  a2, hx_vstrap + 0x40
        RUN_VS(2f, 1f)
2:      csrw sscratch, a1
        csrw sepc, a1
        csrw stval, a1
        li   t0, 5
        csrw scause, t0
        csrw stvec, a2
        li   t0, MSTATUS_SUM
        csrs sstatus, t0
        ecall
1:      EXPECT_TRAP(HX_M, CAUSE_ECALL_VS)
        EXPECT_CSR(vsscratch, 0x2220)
        EXPECT_CSR(vsepc, 0x2220)
        EXPECT_CSR(vstval, 0x2220)
        EXPECT_CSR(vscause, 5)
        csrr a0, vstvec
        EXPECT_REG(a0, a2)
        EXPECT_CSR_BITS(vsstatus, MSTATUS_SUM, MSTATUS_SUM)
        EXPECT_CSR(sscratch, 0x1110)
        EXPECT_CSR(sepc, 0x1110)
        EXPECT_CSR(stval, 0x1110)
        EXPECT_CSR(scause, 3)
        csrr a0, stvec
        lla  a7, hx_hstrap
        EXPECT_REG(a0, a7)
        EXPECT_CSR_BITS(mstatus, MSTATUS_SUM, 0)
        lla  t0, hx_vstrap
        csrw vstvec, t0
        csrw vsstatus, zero
        TC(24)
        lla  t0, hx_vstrap
        csrw vstvec, t0
        li   t0, 0x3330
        csrw vsscratch, t0
        csrw vsepc, t0
        li   t0, 7
        csrw vscause, t0
        li   t0, MSTATUS_SPP
        csrw vsstatus, t0
        RUN_VS(2f, 1f)
2:      csrr a0, sscratch
        csrr a1, sepc
        csrr a2, scause
        csrr a3, sstatus
        csrr a4, stvec
        ecall
1:      EXPECT_TRAP(HX_M, CAUSE_ECALL_VS)
        EXPECT(a0, 0x3330)
        EXPECT(a1, 0x3330)
        EXPECT(a2, 7)
        EXPECT_BITS(a3, MSTATUS_SPP, MSTATUS_SPP)
        lla  t0, hx_vstrap
        EXPECT_REG(a4, t0)
        csrw vsstatus, zero

/* 25: satp in VS is vsatp: VS installs an identity VS-stage table (it
 * keeps running), M finds it in vsatp and satp untouched. */
        TC(25)
        li   a0, 3
        call hx_vs_new
        mv   a1, a0
        csrw vsatp, zero
        csrw satp, zero
        RUN_VS(2f, 1f)
2:      csrw satp, a1
        sfence.vma
        csrr a2, satp
        ecall
1:      EXPECT_TRAP(HX_M, CAUSE_ECALL_VS)
        EXPECT_REG(a2, a1)
        csrr a0, vsatp
        EXPECT_REG(a0, a1)
        EXPECT_CSR(satp, 0)
        csrw vsatp, zero

/* 26: sie/sip in VS are vsie/vsip: with hideleg delegating VSSI, VS sets
 * SSIE and SSIP (bit 1), which are hie.VSSIE and hvip.VSSIP (bit 2).
 * (Reading them back in VS: csr_strict.S.) */
        TC(26)
        li   t0, MIP_VSSIP
        csrw hideleg, t0
        csrw hie, zero
        csrw hvip, zero
        csrw mie, zero
        RUN_VS(2f, 1f)
2:      csrci sstatus, MSTATUS_SIE
        csrsi sie, MIP_SSIP
        csrsi sip, MIP_SSIP
        ecall
1:      EXPECT_TRAP(HX_M, CAUSE_ECALL_VS)
        EXPECT_CSR_BITS(hie, VS_IRQS, MIP_VSSIP)
        EXPECT_CSR_BITS(mie, VS_IRQS | MIP_SSIP, MIP_VSSIP)
        EXPECT_CSR_BITS(hvip, VS_IRQS, MIP_VSSIP)
        EXPECT_CSR_BITS(mip, VS_IRQS | MIP_SSIP, MIP_VSSIP)
        EXPECT_CSR_BITS(vsie, 0x222, MIP_SSIP)
        EXPECT_CSR_BITS(vsip, 0x222, MIP_SSIP)
        RUN_VS(2f, 1f)
2:      csrci sip, MIP_SSIP
        csrci sie, MIP_SSIP
        ecall
1:      EXPECT_TRAP(HX_M, CAUSE_ECALL_VS)
        EXPECT_CSR_BITS(hie, VS_IRQS, 0)
        EXPECT_CSR_BITS(hvip, VS_IRQS, 0)
        csrw hideleg, zero
HEXT_END

        .bss
        .balign 16384
hgatp_root:
        .skip 16384
