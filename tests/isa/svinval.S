/* Svinval (privileged spec, "Svinval"): SINVAL.VMA, HINVAL.VVMA and
 * HINVAL.GVMA have the permissions, exceptions and (in rvkvm, done at
 * once) effect of SFENCE.VMA, HFENCE.VVMA and HFENCE.GVMA; SFENCE.W.INVAL
 * and SFENCE.INVAL.IR only order them:
 *   - U: all five illegal;
 *   - VU: all five a virtual instruction; VS: HINVAL.* a virtual
 *     instruction, SINVAL.VMA too when hstatus.VTVM = 1;
 *   - S/HS with mstatus.TVM = 1: SINVAL.VMA and HINVAL.GVMA illegal;
 *   - SFENCE.W.INVAL / SFENCE.INVAL.IR ignore TVM and VTVM.
 * Checks QEMU 7.2 fails (VU's fences illegal, TVM ignored for
 * HINVAL.GVMA, SFENCE.W.INVAL / SFENCE.INVAL.IR allowed in U, tval 0)
 * are in svinval_strict.S. */
#include "hext.h"

        .option arch, +svinval

/* cause and epc; tval (the instruction bits in rvkvm, 0 in QEMU 7.2 for
 * these: both allowed) is checked in svinval_strict.S. */
#define TRAPS_IN(goto, cause, ...)                      \
        TRAP_IN(goto, __VA_ARGS__);                     \
        EXPECT_TRAP(HX_M, cause);                       \
        lla a7, 9001b; EXPECT_REG(s11, a7)
#define WORKS_IN(goto, ...)  INSN_IN(goto, __VA_ARGS__); EXPECT_OK

HEXT_BEGIN
/* 1: the encodings (rs1 = a1, rs2 = a2) */
        TC(1)
        lla a3, enc
        lwu a0, 0(a3); EXPECT(a0, 0x16c58073)
        lwu a0, 4(a3); EXPECT(a0, 0x18000073)
        lwu a0, 8(a3); EXPECT(a0, 0x18100073)
        lwu a0, 12(a3); EXPECT(a0, 0x26c58073)
        lwu a0, 16(a3); EXPECT(a0, 0x66c58073)

/* 2: M and HS may execute all five */
        TC(2)
        li a1, 0x1000; li a2, 0
        sfence.w.inval; sinval.vma a1, a2; hinval.vvma a1, a2; hinval.gvma a1, a2; sfence.inval.ir
        WORKS_IN(GOTO_HS, sinval.vma a1, a2)
        WORKS_IN(GOTO_HS, sinval.vma x0, x0)
        WORKS_IN(GOTO_HS, sfence.w.inval)
        WORKS_IN(GOTO_HS, sfence.inval.ir)
        WORKS_IN(GOTO_HS, hinval.vvma a1, a2)
        WORKS_IN(GOTO_HS, hinval.gvma x0, x0)

/* 3: U: illegal (SFENCE.W.INVAL / SFENCE.INVAL.IR: svinval_strict.S) */
        TC(3)
        TRAPS_IN(GOTO_U, CAUSE_ILLEGAL, sinval.vma a1, a2)
        TRAPS_IN(GOTO_U, CAUSE_ILLEGAL, hinval.vvma a1, a2)
        TRAPS_IN(GOTO_U, CAUSE_ILLEGAL, hinval.gvma a1, a2)

/* 4: VS: SINVAL.VMA and the orderings work, HINVAL.* are virtual */
        TC(4)
        WORKS_IN(GOTO_VS, sinval.vma a1, a2)
        WORKS_IN(GOTO_VS, sfence.w.inval)
        WORKS_IN(GOTO_VS, sfence.inval.ir)
        TRAPS_IN(GOTO_VS, CAUSE_VIRTUAL, hinval.vvma a1, a2)
        TRAPS_IN(GOTO_VS, CAUSE_VIRTUAL, hinval.gvma a1, a2)

/* 5: hstatus.VTVM: SINVAL.VMA in VS virtual, the orderings still work */
        TC(5)
        li t0, HSTATUS_VTVM; csrs hstatus, t0
        TRAPS_IN(GOTO_VS, CAUSE_VIRTUAL, sinval.vma a1, a2)
        WORKS_IN(GOTO_VS, sfence.w.inval)
        WORKS_IN(GOTO_VS, sfence.inval.ir)
        WORKS_IN(GOTO_HS, sinval.vma a1, a2)
        li t0, HSTATUS_VTVM; csrc hstatus, t0

/* 6: mstatus.TVM: SINVAL.VMA illegal in HS; the orderings work */
        TC(6)
        li t0, MSTATUS_TVM; csrs mstatus, t0
        TRAPS_IN(GOTO_HS, CAUSE_ILLEGAL, sinval.vma a1, a2)
        WORKS_IN(GOTO_HS, sfence.w.inval)
        WORKS_IN(GOTO_HS, sfence.inval.ir)
        li t0, MSTATUS_TVM; csrc mstatus, t0

/* 7: the effect: after SFENCE.W.INVAL; SINVAL.VMA; SFENCE.INVAL.IR a
 * changed PTE is seen (Sv39 through MPRV with MPP = S: a gigapage at VA
 * 0x4000_0000 read, then unmapped). */
        TC(7)
        lla a0, root
        li a1, (0x80000000 >> 12) << 10 | PTE_V | PTE_R | PTE_W | PTE_X | PTE_A | PTE_D
        sd a1, 16(a0)
        sd a1, 8(a0)
        srli a0, a0, 12; li a1, SATP_SV39; or a0, a0, a1
        csrw satp, a0
        sfence.vma
        li a1, 0x40000000
        lla t0, root; li t1, 0x80000000; sub t0, t0, t1; add a1, a1, t0  /* VA of root */
        li t0, MSTATUS_MPP; csrc mstatus, t0; li t0, MSTATUS_MPRV | (PRV_S << 11); csrs mstatus, t0
        ld a3, 16(a1)            /* through the mapping: the identity PTE */
        li t0, MSTATUS_MPRV; csrc mstatus, t0
        srli a3, a3, 10; EXPECT(a3, 0x80000)
        lla a0, root; sd zero, 8(a0)
        sfence.w.inval
        sinval.vma a1, x0
        sfence.inval.ir
        li t0, MSTATUS_MPP; csrc mstatus, t0; li t0, MSTATUS_MPRV | (PRV_S << 11); csrs mstatus, t0
        HTRY(8f)
        ld a3, 16(a1)
8:      li t0, MSTATUS_MPRV; csrc mstatus, t0
        EXPECT_TRAP(HX_M, CAUSE_LOAD_PAGE)
        csrw satp, zero
        sfence.vma
HEXT_END

        .text
enc:    sinval.vma a1, a2
        sfence.w.inval
        sfence.inval.ir
        hinval.vvma a1, a2
        hinval.gvma a1, a2

        .data
        .balign 4096
root:   .skip 4096
