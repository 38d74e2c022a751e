/* Traps from VS and VU and where they go (H 1.0, "Trap Entry", "Trap
 * Return", hstatus SPV/SPVP/GVA, mstatus MPV/GVA):
 *   - not delegated: M, with mstatus.MPV = 1 and MPP = the nominal mode;
 *   - medeleg only: HS, with hstatus.SPV = 1, SPVP = sstatus.SPP = the
 *     nominal mode, htval = 0 (not a guest-page fault);
 *   - medeleg and hedeleg: VS, with vscause/vsepc/vstval and vsstatus
 *     SPP/SPIE/SIE; V stays 1 and the HS registers are left alone;
 *   - ECALL from VS is cause 10 and is never delegated to VS;
 *   - GVA (both levels) is 1 exactly when the trap value is a guest
 *     virtual address;
 *   - SRET in HS returns to V = SPV and clears SPV; SRET in VS uses
 *     vsstatus; MRET returns to V = MPV unless MPP = M, and clears MPV.
 * Both stages of translation are Bare: a guest address is a physical one.
 * (Page and guest-page faults: gstage*.S; virtual instruction: virt_insn.S.) */
#include "hext.h"

#define ILLEGAL_INSN 0x00007003         /* LOAD with funct3 = 7: reserved */
#define BAD_ADDR     (ADDR_UNMAPPED + 0x108)

/* Where the trap was taken, its cause, and epc = the instruction. */
#define TOOK(level, cause)                              \
        EXPECT_TRAP(level, cause);                      \
        lla a7, 9001b; EXPECT_REG(s11, a7)
/* mstatus MPV / MPP / GVA after a trap into M */
#define M_STATE(mpv, mpp, gva)                          \
        EXPECT_CSR_BITS(mstatus, MSTATUS_MPV | MSTATUS_MPP | MSTATUS_GVA, \
            ((mpv) << 39) | ((mpp) << 11) | ((gva) << 38))
/* the same without GVA, for traps with no guest address in mtval: QEMU
 * 7.2 sets GVA for some of those and never clears it; traps_strict.S
 * checks GVA = 0 there */
#define M_STATE_NOGVA(mpv, mpp)                         \
        EXPECT_CSR_BITS(mstatus, MSTATUS_MPV | MSTATUS_MPP, \
            ((mpv) << 39) | ((mpp) << 11))
/* hstatus SPV / SPVP / GVA and sstatus.SPP after a trap into HS */
#define HS_STATE(spv, spvp, gva, spp)                   \
        EXPECT_CSR_BITS(hstatus, HSTATUS_SPV | HSTATUS_SPVP | HSTATUS_GVA, \
            ((spv) << 7) | ((spvp) << 8) | ((gva) << 6)); \
        EXPECT_CSR_BITS(mstatus, MSTATUS_SPP, (spp) << 8)
/* Route set-up */
#define DELEG(med, hed)  li t0, med; csrw medeleg, t0; li t0, hed; csrw hedeleg, t0
/* HS registers a trap into VS must not touch */
#define HS_SENTINEL                                     \
        li t0, 0x77; csrw scause, t0; csrw stval, t0;   \
        li t0, HSTATUS_SPV | HSTATUS_GVA | HSTATUS_SPVP; csrc hstatus, t0
#define HS_UNTOUCHED                                    \
        EXPECT_CSR(scause, 0x77); EXPECT_CSR(stval, 0x77); \
        EXPECT_CSR_BITS(hstatus, HSTATUS_SPV | HSTATUS_GVA | HSTATUS_SPVP, 0)
/* The VS handler passed its record on by an ECALL from VS-mode itself:
 * V stayed 1 and the handler ran in VS. */
#define RAN_IN_VS                                       \
        EXPECT_CSR(mcause, CAUSE_ECALL_VS);             \
        M_STATE_NOGVA(1, PRV_S)

HEXT_BEGIN

/* 1-2: ECALL from VS is cause 10, from VU cause 8; to M by default. */
        TC(1)
        TRAP_IN(GOTO_VS, ecall)
        TOOK(HX_M, CAUSE_ECALL_VS)
        EXPECT(s10, 0)
        M_STATE_NOGVA(1, PRV_S)
        TC(2)
        TRAP_IN(GOTO_VU, ecall)
        TOOK(HX_M, CAUSE_ECALL_U)
        M_STATE_NOGVA(1, PRV_U)

/* 3: medeleg[10]: ECALL from VS goes to HS: SPV = 1, SPVP = SPP = 1. */
        TC(3)
        DELEG(1 << CAUSE_ECALL_VS, 0)
        li   t0, HSTATUS_GVA
        csrs hstatus, t0
        li   t0, 0x55
        csrw htval, t0
        TRAP_IN(GOTO_VS, ecall)
        TOOK(HX_HS, CAUSE_ECALL_VS)
        EXPECT(s10, 0)
        HS_STATE(1, 1, 0, 1)
        EXPECT_CSR(htval, 0)

/* 4: ...and hedeleg cannot send it on to VS (bit 10 is read-only 0). */
        TC(4)
        DELEG(1 << CAUSE_ECALL_VS, -1)
        TRAP_IN(GOTO_VS, ecall)
        TOOK(HX_HS, CAUSE_ECALL_VS)

/* 5: medeleg[8]: ECALL from VU goes to HS: SPV = 1, SPVP = SPP = 0. */
        TC(5)
        DELEG(1 << CAUSE_ECALL_U, 0)
        li   t0, HSTATUS_SPVP
        csrs hstatus, t0
        TRAP_IN(GOTO_VU, ecall)
        TOOK(HX_HS, CAUSE_ECALL_U)
        HS_STATE(1, 0, 0, 0)

/* 6: medeleg[8] + hedeleg[8]: to VS: vscause 8, vsepc, vstval 0, SPP = 0,
 * SPIE = the old SIE, SIE = 0; HS registers untouched; V stays 1. */
        TC(6)
        DELEG(1 << CAUSE_ECALL_U, 1 << CAUSE_ECALL_U)
        li   t0, MSTATUS_SPP | MSTATUS_SIE
        csrw vsstatus, t0
        li   t0, 0x99
        csrw vstval, t0
        HS_SENTINEL
        TRAP_IN(GOTO_VU, ecall)
        TOOK(HX_VS, CAUSE_ECALL_U)
        EXPECT(s10, 0)
        EXPECT_CSR(vscause, CAUSE_ECALL_U)
        EXPECT_CSR(vstval, 0)
        EXPECT_CSR_BITS(vsstatus, MSTATUS_SPP | MSTATUS_SPIE | MSTATUS_SIE, MSTATUS_SPIE)
        HS_UNTOUCHED
        RAN_IN_VS

/* 7: hedeleg without medeleg does nothing: the trap goes to M. */
        TC(7)
        DELEG(0, 1 << CAUSE_ECALL_U)
        TRAP_IN(GOTO_VU, ecall)
        TOOK(HX_M, CAUSE_ECALL_U)
        M_STATE_NOGVA(1, PRV_U)

/* 8: illegal instruction from VS: M / HS, tval = the instruction.  (Into
 * VS: traps_strict.S; QEMU 7.2 reports causes 2, 6 and 10 taken into VS
 * as 1, 5 and 9, as if they were interrupts.) */
        TC(8)
        DELEG(0, 0)
        TRAP_IN(GOTO_VS, .4byte ILLEGAL_INSN)
        TOOK(HX_M, CAUSE_ILLEGAL)
        EXPECT(s10, ILLEGAL_INSN)
        M_STATE_NOGVA(1, PRV_S)
        DELEG(1 << CAUSE_ILLEGAL, 0)
        TRAP_IN(GOTO_VS, .4byte ILLEGAL_INSN)
        TOOK(HX_HS, CAUSE_ILLEGAL)
        EXPECT(s10, ILLEGAL_INSN)
        HS_STATE(1, 1, 0, 1)
/* 9: breakpoint from VU: M, then HS, then VS. */
        TC(9)
        DELEG(0, 0)
        TRAP_IN(GOTO_VU, ebreak)
        TOOK(HX_M, CAUSE_BREAKPOINT)
        EXPECT_CSR_BITS(mstatus, MSTATUS_MPV | MSTATUS_MPP, MSTATUS_MPV)
        DELEG(1 << CAUSE_BREAKPOINT, 0)
        TRAP_IN(GOTO_VU, ebreak)
        TOOK(HX_HS, CAUSE_BREAKPOINT)
        EXPECT_CSR_BITS(hstatus, HSTATUS_SPV | HSTATUS_SPVP, HSTATUS_SPV)
        DELEG(1 << CAUSE_BREAKPOINT, 1 << CAUSE_BREAKPOINT)
        TRAP_IN(GOTO_VU, ebreak)
        TOOK(HX_VS, CAUSE_BREAKPOINT)
        RAN_IN_VS

/* 10: load access fault from VS: tval = the guest virtual address, so
 * GVA = 1 (M, then HS); htval / mtval2 = 0 (not a guest-page fault). */
        TC(10)
        DELEG(0, 0)
        li   a0, BAD_ADDR
        li   t0, 0x55
        csrw CSR_MTVAL2, t0
        TRAP_IN(GOTO_VS, ld a1, 0(a0))
        TOOK(HX_M, CAUSE_LOAD_ACCESS)
        EXPECT(s10, BAD_ADDR)
        M_STATE(1, PRV_S, 1)
        EXPECT_CSR(CSR_MTVAL2, 0)
        DELEG(1 << CAUSE_LOAD_ACCESS, 0)
        li   t0, 0x55
        csrw htval, t0
        TRAP_IN(GOTO_VS, ld a1, 0(a0))
        TOOK(HX_HS, CAUSE_LOAD_ACCESS)
        EXPECT(s10, BAD_ADDR)
        HS_STATE(1, 1, 1, 1)
        EXPECT_CSR(htval, 0)
        DELEG(1 << CAUSE_LOAD_ACCESS, 1 << CAUSE_LOAD_ACCESS)
        HS_SENTINEL
        TRAP_IN(GOTO_VS, ld a1, 0(a0))
        TOOK(HX_VS, CAUSE_LOAD_ACCESS)
        EXPECT(s10, BAD_ADDR)
        EXPECT_CSR(vstval, BAD_ADDR)
        HS_UNTOUCHED

/* 11: store access fault from VU to HS: GVA = 1, SPVP = 0. */
        TC(11)
        DELEG(1 << CAUSE_STORE_ACCESS, 0)
        li   a0, BAD_ADDR + 0x10
        li   t0, HSTATUS_SPVP
        csrs hstatus, t0
        TRAP_IN(GOTO_VU, sd a1, 0(a0))
        TOOK(HX_HS, CAUSE_STORE_ACCESS)
        EXPECT(s10, BAD_ADDR + 0x10)
        HS_STATE(1, 0, 1, 0)

/* 12: fetch access fault from VS to M: mepc = mtval = the target, GVA. */
        TC(12)
        DELEG(0, 0)
        li   a0, BAD_ADDR
        HTRY(1f)
        GOTO_VS(2f)
2:      jr   a0
1:      EXPECT_TRAP(HX_M, CAUSE_FETCH_ACCESS)
        EXPECT(s10, BAD_ADDR)
        EXPECT(s11, BAD_ADDR)
        M_STATE(1, PRV_S, 1)
        DELEG(1 << CAUSE_FETCH_ACCESS, 0)
        HTRY(1f)
        GOTO_VS(2f)
2:      jr   a0
1:      EXPECT_TRAP(HX_HS, CAUSE_FETCH_ACCESS)
        EXPECT(s10, BAD_ADDR)
        HS_STATE(1, 1, 1, 1)

/* 13: V=0 traps: from U into HS, SPV = 0, GVA = 0 (stval is not a guest
 * address) and SPVP is left as it was (1, then 0). */
        TC(13)
        DELEG(1 << CAUSE_LOAD_ACCESS, 0)
        li   a0, BAD_ADDR
        li   t0, HSTATUS_SPVP | HSTATUS_SPV | HSTATUS_GVA
        csrs hstatus, t0
        TRAP_IN(GOTO_U, ld a1, 0(a0))
        TOOK(HX_HS, CAUSE_LOAD_ACCESS)
        HS_STATE(0, 1, 0, 0)
        li   t0, HSTATUS_SPVP
        csrc hstatus, t0
        TRAP_IN(GOTO_HS, ld a1, 0(a0))
        TOOK(HX_HS, CAUSE_LOAD_ACCESS)
        HS_STATE(0, 0, 0, 1)

/* 14: ...and into M from HS: MPV = 0, GVA = 0.  (GVA cleared by a trap
 * after being 1: traps_strict.S.) */
        TC(14)
        DELEG(0, 0)
        li   t0, MSTATUS_MPV
        csrs mstatus, t0
        TRAP_IN(GOTO_HS, ld a1, 0(a0))
        TOOK(HX_M, CAUSE_LOAD_ACCESS)
        M_STATE_NOGVA(0, PRV_S)

/* 15: SRET in HS with SPV = 1, SPP = 1 enters VS (its ECALL is cause 10
 * from V=1) and clears SPV. */
        TC(15)
        li   t0, HSTATUS_SPV
        csrs hstatus, t0
        li   t0, MSTATUS_SPP
        csrs mstatus, t0
        lla  t0, 3f
        csrw sepc, t0
        RUN_HS(2f, 1f)
2:      sret
3:      ecall
1:      EXPECT_TRAP(HX_M, CAUSE_ECALL_VS)
        lla  a7, 3b
        EXPECT_REG(s11, a7)
        M_STATE_NOGVA(1, PRV_S)
        EXPECT_CSR_BITS(hstatus, HSTATUS_SPV, 0)

/* 16: SRET in HS with SPV = 1, SPP = 0 enters VU. */
        TC(16)
        li   t0, HSTATUS_SPV
        csrs hstatus, t0
        li   t0, MSTATUS_SPP
        csrc mstatus, t0
        lla  t0, 3f
        csrw sepc, t0
        RUN_HS(2f, 1f)
2:      sret
3:      ecall
1:      EXPECT_TRAP(HX_M, CAUSE_ECALL_U)
        M_STATE_NOGVA(1, PRV_U)
        EXPECT_CSR_BITS(hstatus, HSTATUS_SPV, 0)

/* 17: SRET in HS with SPV = 0 stays at V = 0 (U). */
        TC(17)
        li   t0, HSTATUS_SPV
        csrc hstatus, t0
        lla  t0, 3f
        csrw sepc, t0
        RUN_HS(2f, 1f)
2:      sret
3:      ecall
1:      EXPECT_TRAP(HX_M, CAUSE_ECALL_U)
        M_STATE_NOGVA(0, PRV_U)

/* 18: SRET in VS follows vsstatus (SPP = 0: VU) and vsepc, and updates
 * vsstatus: SPP = 0, SIE = SPIE, SPIE = 1; the HS-level sstatus and
 * hstatus are not used. */
        TC(18)
        li   t0, MSTATUS_SPIE
        csrw vsstatus, t0
        li   t0, MSTATUS_SPP | MSTATUS_SPIE | MSTATUS_SIE
        csrc mstatus, t0
        li   t0, HSTATUS_SPV
        csrc hstatus, t0
        lla  t0, 3f
        csrw vsepc, t0
        csrw sepc, zero
        RUN_VS(2f, 1f)
2:      sret
3:      ecall
1:      EXPECT_TRAP(HX_M, CAUSE_ECALL_U)
        lla  a7, 3b
        EXPECT_REG(s11, a7)
        M_STATE_NOGVA(1, PRV_U)
        EXPECT_CSR_BITS(vsstatus, MSTATUS_SPP | MSTATUS_SPIE | MSTATUS_SIE, MSTATUS_SPIE | MSTATUS_SIE)
        EXPECT_CSR_BITS(mstatus, MSTATUS_SPIE | MSTATUS_SIE, 0)
        csrw vsstatus, zero

/* 19: SRET in VS with SPP = 1 stays in VS. */
        TC(19)
        li   t0, MSTATUS_SPP
        csrw vsstatus, t0
        lla  t0, 3f
        csrw vsepc, t0
        RUN_VS(2f, 1f)
2:      sret
3:      ecall
1:      EXPECT_TRAP(HX_M, CAUSE_ECALL_VS)
        M_STATE_NOGVA(1, PRV_S)
        EXPECT_CSR_BITS(vsstatus, MSTATUS_SPP, 0)

/* 20: MRET with MPV = 1 but MPP = M stays in M (V = 0) and clears MPV. */
        TC(20)
        li   t0, MSTATUS_MPV | MSTATUS_MPP
        csrs mstatus, t0
        lla  t0, 2f
        csrw mepc, t0
        mret
2:      EXPECT_CSR_BITS(mstatus, MSTATUS_MPV, 0)
        csrr a0, mscratch       /* still M-mode: no trap */

/* 21: MRET into VS clears MPV (seen by the next trap from V=0 HS, whose
 * MPV is 0). */
        TC(21)
        RUN_VS(2f, 1f)
2:      ecall
1:      M_STATE_NOGVA(1, PRV_S)
        RUN_HS(2f, 1f)
2:      ecall
1:      EXPECT_TRAP(HX_M, CAUSE_ECALL_S)
        M_STATE_NOGVA(0, PRV_S)

        DELEG(0, 0)
HEXT_END
