/* Helpers for the hypervisor-extension tests (tests/hext/*.S), on top of
 * tests/priv/priv.h.  Written from the RISC-V privileged spec, chapter
 * "H" Extension for Hypervisor Support, version 1.0.
 *
 * A test file:   #include "hext.h"
 *                HEXT_BEGIN
 *                  TC(1) ... HTRY(1f); GOTO_VS(2f) ... EXPECT_TRAP(HX_HS, 22)
 *                HEXT_END
 *
 * Register conventions (on top of priv.h's: gp = check number, t4-t6
 * reserved, sp = M stack, s8 = resume address of the next expected trap)
 *   tp            where the last expected trap was taken: HX_M, HX_HS or
 *                 HX_VS (0 = none yet; HTRY clears it)
 *   s9, s10, s11  cause, tval, epc of that trap, as the level that took it
 *                 saw them (mcause/mtval/mepc, scause/stval/sepc or
 *                 vscause/vstval/vsepc); s9 = -1: nothing trapped
 *
 * Every expected trap ends in M-mode at s8, whichever level took it:
 *   - into M: hx_mtrap records mcause/mtval/mepc, tp = HX_M;
 *   - into HS: hx_hstrap records scause/stval/sepc, tp = HX_HS, then ECALLs
 *     to M, which sees tp != 0 and keeps the record;
 *   - into VS: hx_vstrap (vstvec, runs in VS) records vscause/vstval/vsepc
 *     (through the S CSR names), tp = HX_VS, then ECALLs (to M, or to HS
 *     when medeleg[10] is set, whose handler passes it on).
 * The other CSRs written by the trap (mstatus.MPV/GVA, mtval2, mtinst,
 * hstatus, htval, htinst, sstatus.SPP, vsstatus) are read afterwards from
 * M-mode: the forwarding ECALLs change only mepc/mcause/mtval/mstatus's
 * M fields.  Do not read mtval2/mtinst/mstatus.GVA after an HS or VS trap
 * (the forwarding ECALL rewrote them).
 *
 * Exit status and messages as in priv.h.
 */
#ifndef RVKVM_HEXT_H
#define RVKVM_HEXT_H

#include "priv.h"

        .option arch, +h

/* ---- CSRs the assembler does not name ---- */
#define CSR_MTINST 0x34a
#define CSR_MTVAL2 0x34b

/* ---- mstatus additions (H 1.0, "Machine Status Registers") ---- */
#define MSTATUS_GVA   (1 << 38)
#define MSTATUS_MPV   (1 << 39)

/* ---- hstatus ---- */
#define HSTATUS_VSBE  0x20
#define HSTATUS_GVA   0x40
#define HSTATUS_SPV   0x80
#define HSTATUS_SPVP  0x100
#define HSTATUS_HU    0x200
#define HSTATUS_VGEIN 0x3f000
#define HSTATUS_VTVM  0x100000
#define HSTATUS_VTW   0x200000
#define HSTATUS_VTSR  0x400000
#define HSTATUS_VSXL  0x300000000
#define HSTATUS_VSXL64 0x200000000

/* ---- interrupts added by H ---- */
#define IRQ_VSSI  2
#define IRQ_VSTI  6
#define IRQ_VSEI  10
#define IRQ_SGEI  12
#define MIP_VSSIP (1 << IRQ_VSSI)
#define MIP_VSTIP (1 << IRQ_VSTI)
#define MIP_VSEIP (1 << IRQ_VSEI)
#define MIP_SGEIP (1 << IRQ_SGEI)
#define VS_IRQS   (MIP_VSSIP | MIP_VSTIP | MIP_VSEIP)

/* ---- exception codes added by H ---- */
#define CAUSE_ECALL_VS       10
#define CAUSE_FETCH_GUEST    20
#define CAUSE_LOAD_GUEST     21
#define CAUSE_VIRTUAL        22
#define CAUSE_STORE_GUEST    23

/* ---- hgatp / vsatp ---- */
#define HGATP_SV39X4 0x8000000000000000
#define HGATP_SV48X4 0x9000000000000000
#define HGATP_SV57X4 0xA000000000000000
#define HGATP_VMID_SHIFT 44
#define HGATP_VMID   0x03fff00000000000
#define HGATP_PPN    0x00000fffffffffff

/* ---- envcfg ---- */
#define HENVCFG_FIOM 0x1
#define HENVCFG_ADUE 0x2000000000000000
#define HENVCFG_STCE 0x8000000000000000

/* ---- htinst pseudo-instructions for VS-stage PTE accesses (RV64) ---- */
#define TINST_PTE_READ  0x00003000
#define TINST_PTE_WRITE 0x00003020

/* ---- where a trap was taken (tp) ---- */
#define HX_M  3
#define HX_HS 1
#define HX_VS 5

/* ---- expected traps ---- */
#define HTRY(label) lla s8, label; li s9, -1; li s10, -1; li s11, -1; li tp, 0
/* The trap was taken at `level` with cause `c`. */
#define EXPECT_TRAP(level, c)  li s8, 0; EXPECT(tp, level); EXPECT(s9, c)
#define EXPECT_NONE            li s8, 0; EXPECT(s9, -1)

/* ---- privilege changes from M ----
 * GOTO_x(label): MRET into mode x at label (t0 clobbered). */
#define HX_MRET(mpv, mode, label)                       \
        li t0, MSTATUS_MPP | MSTATUS_MPV; csrc mstatus, t0; \
        li t0, ((mode) << 11) | ((mpv) << 39); csrs mstatus, t0; \
        lla t0, label; csrw mepc, t0; mret
#define GOTO_U(label)   HX_MRET(0, PRV_U, label)
#define GOTO_HS(label)  HX_MRET(0, PRV_S, label)
#define GOTO_VU(label)  HX_MRET(1, PRV_U, label)
#define GOTO_VS(label)  HX_MRET(1, PRV_S, label)
/* Run the code at `label` in a mode; it ends by trapping (usually ECALL),
 * and execution continues at `back` in M-mode. */
#define RUN_U(label, back)   HTRY(back); GOTO_U(label)
#define RUN_HS(label, back)  HTRY(back); GOTO_HS(label)
#define RUN_VU(label, back)  HTRY(back); GOTO_VU(label)
#define RUN_VS(label, back)  HTRY(back); GOTO_VS(label)

/* Run one instruction `insn` in a mode (label numbers 9001/9002 used):
 * afterwards s9 = -1 if it completed and the ECALL after it came back,
 * else the trap record.  An ECALL back is recognised by its cause. */
#define INSN_IN(goto, ...)                              \
        HTRY(9002f); goto(9001f);                       \
9001:   __VA_ARGS__; ecall;                                    \
9002:   call hx_ecall_ok

/* The same without the ECALL check: for instructions that are expected
 * to trap (including ECALL itself). */
#define TRAP_IN(goto, ...)                              \
        HTRY(9002f); goto(9001f);                       \
9001:   __VA_ARGS__; ecall;                             \
9002:

/* Expect: the instruction completed / raised `c` at `level`, with tval =
 * the instruction bits when given. */
#define EXPECT_OK              EXPECT(s9, -1)

/* ---- misc ---- */
/* Clear the VS-level interrupt sources and enables (t0 clobbered). */
#define VIRQ_QUIET                                      \
        csrw hvip, zero; csrw hie, zero; csrw hideleg, zero

#define HEXT_BEGIN  PRIV_BEGIN; call hx_init
#define HEXT_END    PRIV_END

/* =====================================================================
 * Library code and data.
 * ===================================================================== */
        .text

/* hx_init: on top of priv_init's machine state: the recording handlers
 * at every level, nothing delegated past HS, VS state zeroed, both
 * translation stages Bare, tp = 0. */
hx_init:
        lla  t0, hx_mtrap
        csrw mtvec, t0
        lla  t0, hx_hstrap
        csrw stvec, t0
        lla  t0, hx_vstrap
        csrw vstvec, t0
        li   t0, MSTATUS_MPV | MSTATUS_GVA
        csrc mstatus, t0
        csrw hstatus, zero
        csrw hedeleg, zero
        csrw hideleg, zero
        csrw hvip, zero
        csrw hie, zero
        csrw hcounteren, zero
        csrw henvcfg, zero
        /* Smstateen: VS and VU reach senvcfg and sstateen (as priv_init
         * lets HS); skipped where hstateen0 does not exist. */
        lla  s8, 1f
        li   t0, -1
        csrw hstateen0, t0
        csrw hstateen1, t0
        csrw hstateen2, t0
        csrw hstateen3, t0
1:      li   s8, 0
        li   s9, -1
        csrw hgatp, zero
        csrw vsatp, zero
        csrw vsstatus, zero
        csrw vsie, zero
        csrw vsscratch, zero
        hfence.gvma x0, x0
        hfence.vvma x0, x0
        li   tp, 0
        lla  t0, hx_pool
        lla  t1, hx_next
        sd   t0, 0(t1)
        ret

/* Called after an INSN_IN: an ECALL that came back from the mode the
 * instruction ran in (8, 9 or 10 into M) means "completed": s9 = -1. */
hx_ecall_ok:
        li   t0, HX_M
        bne  tp, t0, 1f
        li   t0, CAUSE_ECALL_U
        beq  s9, t0, 2f
        li   t0, CAUSE_ECALL_S
        beq  s9, t0, 2f
        li   t0, CAUSE_ECALL_VS
        beq  s9, t0, 2f
1:      ret
2:      li   s9, -1
        li   tp, 0
        ret

/* M-mode handler.  tp != 0: a lower level recorded the trap and ECALLed
 * here; keep its record. */
        .balign 4
hx_mtrap:
        beqz s8, priv_unexpected
        bnez tp, 1f
        csrr s9, mcause
        csrr s10, mtval
        csrr s11, mepc
        li   tp, HX_M
1:      mv   t6, s8
        li   s8, 0
        jr   t6

/* HS-mode handler (stvec). */
        .balign 4
hx_hstrap:
        beqz s8, 1f
        bnez tp, 1f             /* passing a VS record on to M */
        csrr s9, scause
        csrr s10, stval
        csrr s11, sepc
        li   tp, HX_HS
1:      ecall

/* VS-mode handler (vstvec): the S CSR names reach the VS CSRs. */
        .balign 4
hx_vstrap:
        beqz s8, 1f
        csrr s9, scause
        csrr s10, stval
        csrr s11, sepc
        li   tp, HX_VS
1:      ecall

/* ---- page tables for both stages ----
 * hx_alloc: a0 = number of 4 KiB pages (1 or 4); returns a0 = that many
 * zeroed pages, aligned to their total size (16 KiB G-stage roots). */
hx_alloc:
        slli t0, a0, 12         /* size */
        lla  t1, hx_next
        ld   t2, 0(t1)
        addi t3, t0, -1
        add  t2, t2, t3
        not  t3, t3
        and  t2, t2, t3         /* aligned start */
        add  t3, t2, t0         /* end */
        lla  a0, hx_pool_end
        bgtu t3, a0, 2f
        sd   t3, 0(t1)
        mv   a0, t2
1:      sd   zero, 0(t2)
        addi t2, t2, 8
        bltu t2, t3, 1b
        ret
2:      PRINT(hx_msg_pool)
        j    fail

/* hx_map: a0 = root table, a1 = VA (or GPA), a2 = PA (or GPA), a3 = PTE
 * flags, a4 = leaf level (0 = 4 KiB ... 4), a5 = levels (3/4/5), a6 = 2
 * for a G-stage (x4) root with 2 extra index bits, else 0.  Creates
 * next-level tables (pointer PTEs: V only) where a PTE is invalid.
 * Returns a0 = address of the leaf PTE.  Clobbers t0-t3, a5-a7. */
hx_map:
        addi sp, sp, -32
        sd   ra, 0(sp)
        sd   s0, 8(sp)
        sd   s1, 16(sp)
        mv   s0, a0             /* current table */
        addi a5, a5, -1         /* current level */
        li   s1, 1              /* at the root */
1:      li   t1, 9
        mul  t1, t1, a5
        addi t1, t1, 12
        srl  t2, a1, t1
        li   t0, 511
        beqz s1, 4f
        li   t0, 1
        addi t3, a6, 9
        sll  t0, t0, t3
        addi t0, t0, -1         /* root index mask: 9 or 11 bits */
4:      and  t2, t2, t0
        li   s1, 0
        slli t2, t2, 3
        add  a7, s0, t2         /* PTE address at this level */
        beq  a5, a4, 3f
        ld   t3, 0(a7)
        andi t0, t3, PTE_V
        bnez t0, 2f
        li   a0, 1
        call hx_alloc
        srli t3, a0, 12
        slli t3, t3, 10
        ori  t3, t3, PTE_V
        sd   t3, 0(a7)
2:      srli s0, t3, 10
        slli s0, s0, 12
        addi a5, a5, -1
        j    1b
3:      srli t3, a2, 12
        slli t3, t3, 10
        or   t3, t3, a3
        sd   t3, 0(a7)
        mv   a0, a7
        ld   ra, 0(sp)
        ld   s0, 8(sp)
        ld   s1, 16(sp)
        addi sp, sp, 32
        ret

/* hx_gstage_new: a0 = levels (3 Sv39x4, 4 Sv48x4, 5 Sv57x4).  A new
 * G-stage: 16 KiB root, GPA 0x8000_0000 (1 GiB) mapped to itself (U, RWX,
 * A, D).  Returns a0 = the hgatp value (VMID 0). */
hx_gstage_new:
        addi sp, sp, -16
        sd   ra, 0(sp)
        lla  t0, hx_glevels
        sd   a0, 0(t0)
        li   a0, 4
        call hx_alloc
        lla  t0, hx_groot
        sd   a0, 0(t0)
        li   a1, 0x80000000
        li   a2, 0x80000000
        li   a3, PTE_LEAF | PTE_U
        li   a4, 2
        lla  t0, hx_glevels
        ld   a5, 0(t0)
        li   a6, 2
        call hx_map
        lla  t0, hx_groot
        ld   a0, 0(t0)
        srli a0, a0, 12
        lla  t0, hx_glevels
        ld   t1, 0(t0)
        addi t1, t1, 5
        slli t1, t1, 60
        or   a0, a0, t1
        ld   ra, 0(sp)
        addi sp, sp, 16
        ret

/* hx_vs_new: a0 = levels (3 Sv39 ...).  A new VS-stage: GVA 0x8000_0000
 * (1 GiB) mapped to GPA 0x8000_0000 (RWX, A, D, not U).  Returns a0 =
 * the vsatp value (ASID 0). */
hx_vs_new:
        addi sp, sp, -16
        sd   ra, 0(sp)
        lla  t0, hx_vlevels
        sd   a0, 0(t0)
        li   a0, 1
        call hx_alloc
        lla  t0, hx_vroot
        sd   a0, 0(t0)
        li   a1, 0x80000000
        li   a2, 0x80000000
        li   a3, PTE_LEAF
        li   a4, 2
        lla  t0, hx_vlevels
        ld   a5, 0(t0)
        li   a6, 0
        call hx_map
        lla  t0, hx_vident
        sd   a0, 0(t0)
        lla  t0, hx_vroot
        ld   a0, 0(t0)
        srli a0, a0, 12
        lla  t0, hx_vlevels
        ld   t1, 0(t0)
        addi t1, t1, 5
        slli t1, t1, 60
        or   a0, a0, t1
        ld   ra, 0(sp)
        addi sp, sp, 16
        ret

/* hx_gmap / hx_vmap: a1 = address, a2 = target, a3 = flags, a4 = level,
 * in the current G-stage / VS-stage tables.  Returns a0 = leaf PTE. */
hx_gmap:
        lla  t0, hx_groot
        ld   a0, 0(t0)
        lla  t0, hx_glevels
        ld   a5, 0(t0)
        li   a6, 2
        j    hx_map
hx_vmap:
        lla  t0, hx_vroot
        ld   a0, 0(t0)
        lla  t0, hx_vlevels
        ld   a5, 0(t0)
        li   a6, 0
        j    hx_map

/* GMAP / VMAP(address, label or constant, flags, level) */
#define GMAP_L(gpa, label, flags, level)                \
        li a1, gpa; lla a2, label; li a3, flags; li a4, level; call hx_gmap
#define GMAP_P(gpa, pa, flags, level)                   \
        li a1, gpa; li a2, pa; li a3, flags; li a4, level; call hx_gmap
#define VMAP_L(va, label, flags, level)                 \
        li a1, va; lla a2, label; li a3, flags; li a4, level; call hx_vmap
#define VMAP_P(va, gpa, flags, level)                   \
        li a1, va; li a2, gpa; li a3, flags; li a4, level; call hx_vmap
/* Leaf flags with V, A, D (and U for the G-stage, which needs it). */
#define GF(x)  (PTE_V | PTE_A | PTE_D | PTE_U | (x))
#define VF(x)  (PTE_V | PTE_A | PTE_D | (x))

        .section .rodata
hx_msg_pool: .asciz "hext: page-table pool exhausted\n"

        .data
        .balign 8
hx_next:    .dword 0
hx_groot:   .dword 0
hx_glevels: .dword 0
hx_vroot:   .dword 0
hx_vlevels: .dword 0
hx_vident:  .dword 0    /* address of the VS-stage identity gigapage PTE */

        .bss
        .balign 16384
hx_pool:
        .skip 4096 * 48
hx_pool_end:

        .text
#endif
