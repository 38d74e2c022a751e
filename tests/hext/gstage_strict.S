/* Two-stage translation rules QEMU 7.2 does not follow (rvkvm only; see
 * rules.mk), G-stage Sv39x4 with VS-stage Sv39:
 *   - the whole 41-bit GPA is usable: bit 40 set selects root entries
 *     1024-2047 (QEMU 7.2 treats the GPA as sign-extended from bit 40);
 *   - a G-stage fault on a VS-stage page-table access is reported with
 *     the cause of the original access (store 23, fetch 20);
 *   - vsstatus.MXR acts on the VS stage only, mstatus.MXR on both;
 *   - MPRV with MPV = 1: faults are those of V=1 accesses (guest-page
 *     faults with mtval2 and GVA; VS-stage U-bit faults are page faults);
 *   - Svadu: without menvcfg.ADUE / henvcfg.ADUE, a missing A or D bit is
 *     a (guest-)page fault; with them the hardware sets it, and a G-stage
 *     fault on that PTE write reports the "64-bit write" pseudo-
 *     instruction (QEMU 7.2 always updates A/D). */
#include "hext.h"

#define GPA_BASE  0x100000000
#define GP(i)     (GPA_BASE + (i) * 0x1000)
#define GPA_TBL   (GPA_BASE + 0x100000)
#define GPA_TOP   0x10000000000         /* bit 40: root entry 1024 */
#define VP(i)     (0x40000000 + (i) * 0x1000)
#define VA_T      0x40200000

#define VLOAD(goto, addr)   li a0, addr; mv s0, a0; INSN_IN(goto, ld a0, 0(a0))
#define VSTORE(goto, addr)  li a0, addr; mv s0, a0; li a1, 0x77; INSN_IN(goto, sd a1, 0(a0))
#define VEXEC(goto, addr)   li a0, addr; mv s0, a0; INSN_IN(goto, jalr a0)
#define OK_VAL(v)           EXPECT_OK; EXPECT(a0, v)
#define GFAULT(cause, gpa)                              \
        EXPECT_TRAP(HX_M, cause); EXPECT_REG(s10, s0);  \
        EXPECT_CSR(CSR_MTVAL2, (gpa) >> 2);             \
        EXPECT_CSR_BITS(mstatus, MSTATUS_GVA | MSTATUS_MPV, MSTATUS_GVA | MSTATUS_MPV)
#define VFAULT(cause)                                   \
        EXPECT_TRAP(HX_M, cause); EXPECT_REG(s10, s0);  \
        EXPECT_CSR(CSR_MTVAL2, 0)
#define FENCES  hfence.gvma x0, x0; hfence.vvma x0, x0
/* PTE value for a page (PA or GPA constant / label) with flags */
#define PTE_OF_L(reg, label, flags) lla reg, label; srli reg, reg, 12; slli reg, reg, 10; ori reg, reg, flags

HEXT_BEGIN
        li   a0, 3
        call hx_gstage_new
        csrw hgatp, a0
        GMAP_L(GP(0), priv_page_a, GF(PTE_R | PTE_W), 0)
        GMAP_L(GP(2), priv_exec_page, GF(PTE_X), 0)
        GMAP_L(GP(7), priv_page_a, GF(PTE_X), 0)
        GMAP_L(GP(9), priv_page_b, GF(PTE_R | PTE_W) & ~(PTE_A | PTE_D), 0)
        mv   s6, a0             /* s6 = G-stage PTE of GP(9): no A, no D */
        GMAP_P(GPA_TOP, 0x80000000, GF(PTE_R | PTE_W | PTE_X), 2)
        li   a0, 3
        call hx_vs_new
        mv   s4, a0
        VMAP_P(VP(0), GP(0), VF(PTE_R | PTE_W), 0)
        VMAP_P(VP(4), GP(7), VF(PTE_R), 0)
        VMAP_P(VP(6), GP(7), VF(PTE_X), 0)
        VMAP_P(VP(12), GP(0), VF(PTE_R | PTE_W) & ~(PTE_A | PTE_D), 0)
        mv   s5, a0             /* s5 = VS-stage PTE of VP(12): no A, no D */
        VMAP_P(VA_T, GPA_TBL, PTE_V, 1)
        li   a0, 1
        call hx_alloc
        mv   s3, a0             /* s3 = PA of the VS table at GPA_TBL */
        li   t0, (GP(0) >> 12 << 10) | VF(PTE_R | PTE_W)
        sd   t0, 5 * 8(s3)
        li   t0, (GP(2) >> 12 << 10) | VF(PTE_X)
        sd   t0, 6 * 8(s3)
        li   t0, (GP(0) >> 12 << 10) | VF(PTE_R | PTE_W) & ~(PTE_A | PTE_D)
        sd   t0, 7 * 8(s3)
        csrw vsatp, zero
        FENCES

/* 1: GPA bit 40 (the top of Sv39x4's 41 bits) is a valid address. */
        TC(1)
        lla  a0, priv_page_a + 0x40
        li   t0, 0x80000000
        sub  a0, a0, t0
        li   t0, GPA_TOP
        add  a0, a0, t0
        mv   s0, a0
        INSN_IN(GOTO_VS, ld a0, 0(a0))
        OK_VAL(MAGIC_A + 8)
        VLOAD(GOTO_VS, 0x20000000000)   /* bit 41: beyond the width */
        GFAULT(CAUSE_LOAD_GUEST, 0x20000000000)

        csrw vsatp, s4
        FENCES

/* 2: the VS table is not mapped by the G stage: a store reports 23, a
 * fetch 20, each with mtval2 = the PTE's GPA >> 2 and mtinst = 0x3000. */
        TC(2)
        VSTORE(GOTO_VS, VA_T + 0x5010)
        GFAULT(CAUSE_STORE_GUEST, GPA_TBL + 5 * 8)
        EXPECT_CSR(CSR_MTINST, TINST_PTE_READ)
        VEXEC(GOTO_VS, VA_T + 0x6000)
        GFAULT(CAUSE_FETCH_GUEST, GPA_TBL + 6 * 8)
        EXPECT_CSR(CSR_MTINST, TINST_PTE_READ)
        EXPECT_REG(s11, s0)

/* 3: vsstatus.MXR does not make a G-stage execute-only page readable;
 * mstatus.MXR makes both stages' execute-only pages readable. */
        TC(3)
        li   t0, MSTATUS_MXR
        csrs vsstatus, t0
        VLOAD(GOTO_VS, VP(4) + 8)
        GFAULT(CAUSE_LOAD_GUEST, GP(7) + 8)
        VLOAD(GOTO_VS, VP(6) + 8)
        GFAULT(CAUSE_LOAD_GUEST, GP(7) + 8)
        li   t0, MSTATUS_MXR
        csrc vsstatus, t0
        csrs mstatus, t0
        VLOAD(GOTO_VS, VP(4) + 0x10)
        OK_VAL(MAGIC_A + 2)
        VLOAD(GOTO_VS, VP(6) + 0x18)
        OK_VAL(MAGIC_A + 3)
        li   t0, MSTATUS_MXR
        csrc mstatus, t0

/* 4: MPRV with MPV = 1 and MPP = S: the VS walk misses at the G stage:
 * load guest-page fault, mtval2 = the PTE's GPA >> 2, GVA; with MPP = U,
 * a non-U VS page is a load page fault. */
#define MPRV_LOAD(mpp, addr)                            \
        li t0, MSTATUS_MPP; csrc mstatus, t0;           \
        li t0, ((mpp) << 11) | MSTATUS_MPV; csrs mstatus, t0; \
        li s0, addr; li t1, MSTATUS_MPRV;               \
        HTRY(1f); csrs mstatus, t1; ld a0, 0(s0);       \
1:      li t1, MSTATUS_MPRV; csrc mstatus, t1
        TC(4)
        MPRV_LOAD(PRV_S, VA_T + 0x5008)
        EXPECT_TRAP(HX_M, CAUSE_LOAD_GUEST)
        EXPECT_REG(s10, s0)
        EXPECT_CSR(CSR_MTVAL2, (GPA_TBL + 5 * 8) >> 2)
        EXPECT_CSR(CSR_MTINST, TINST_PTE_READ)
        EXPECT_CSR_BITS(mstatus, MSTATUS_GVA | MSTATUS_MPV, MSTATUS_GVA)
        MPRV_LOAD(PRV_U, VP(0) + 8)
        VFAULT(CAUSE_LOAD_PAGE)
        MPRV_LOAD(PRV_S, VP(0) + 8)
        EXPECT_NONE
        EXPECT(a0, MAGIC_A + 1)

/* 5: menvcfg.ADUE = 0: a G-stage leaf without A is a guest-page fault for
 * any access, one without D for stores (VS stage Bare here). */
        TC(5)
        csrw vsatp, zero
        csrw menvcfg, zero
        FENCES
        VLOAD(GOTO_VS, GP(9) + 8)
        GFAULT(CAUSE_LOAD_GUEST, GP(9) + 8)
        ld   t0, 0(s6)
        ori  t0, t0, PTE_A
        sd   t0, 0(s6)
        hfence.gvma x0, x0
        VLOAD(GOTO_VS, GP(9) + 8)
        OK_VAL(MAGIC_B + 1)
        VSTORE(GOTO_VS, GP(9) + 0x800)
        GFAULT(CAUSE_STORE_GUEST, GP(9) + 0x800)

/* 6: menvcfg.ADUE = 1: the hardware sets the G-stage D bit (and A). */
        TC(6)
        li   t0, MENVCFG_ADUE
        csrw menvcfg, t0
        ld   t0, 0(s6)
        andi t0, t0, ~(PTE_A | PTE_D)
        sd   t0, 0(s6)
        hfence.gvma x0, x0
        VLOAD(GOTO_VS, GP(9) + 0x10)
        OK_VAL(MAGIC_B + 2)
        ld   t0, 0(s6)
        EXPECT_BITS(t0, PTE_A | PTE_D, PTE_A)
        VSTORE(GOTO_VS, GP(9) + 0x800)
        EXPECT_OK
        ld   t0, 0(s6)
        EXPECT_BITS(t0, PTE_A | PTE_D, PTE_A | PTE_D)
        lla  t0, priv_page_b + 0x800
        li   t1, MAGIC_B + 256
        sd   t1, 0(t0)

/* 7: henvcfg.ADUE = 0: a VS-stage leaf without A is a page fault (13),
 * without D a store page fault (15). */
        TC(7)
        csrw henvcfg, zero
        csrw vsatp, s4
        FENCES
        VLOAD(GOTO_VS, VP(12) + 8)
        VFAULT(CAUSE_LOAD_PAGE)
        ld   t0, 0(s5)
        ori  t0, t0, PTE_A
        sd   t0, 0(s5)
        hfence.vvma x0, x0
        VLOAD(GOTO_VS, VP(12) + 8)
        OK_VAL(MAGIC_A + 1)
        VSTORE(GOTO_VS, VP(12) + 0x808)
        VFAULT(CAUSE_STORE_PAGE)

/* 8: henvcfg.ADUE = 1 (with menvcfg.ADUE = 1): the hardware sets the VS
 * PTE's A and D. */
        TC(8)
        li   t0, HENVCFG_ADUE
        csrw henvcfg, t0
        ld   t0, 0(s5)
        andi t0, t0, ~(PTE_A | PTE_D)
        sd   t0, 0(s5)
        hfence.vvma x0, x0
        VLOAD(GOTO_VS, VP(12) + 0x18)
        OK_VAL(MAGIC_A + 3)
        ld   t0, 0(s5)
        EXPECT_BITS(t0, PTE_A | PTE_D, PTE_A)
        VSTORE(GOTO_VS, VP(12) + 0x808)
        EXPECT_OK
        ld   t0, 0(s5)
        EXPECT_BITS(t0, PTE_A | PTE_D, PTE_A | PTE_D)
        lla  t0, priv_page_a + 0x808
        li   t1, MAGIC_A + 257
        sd   t1, 0(t0)

/* 9: the VS table is read-only at the G stage: reading the PTE works,
 * setting its A bit is a G-stage write fault, reported for the original
 * access (a load: 21) with mtval2 = the PTE's GPA >> 2 and mtinst = the
 * "64-bit write" pseudo-instruction. */
        TC(9)
        li   a1, GPA_TBL
        mv   a2, s3
        li   a3, GF(PTE_R)
        li   a4, 0
        call hx_gmap
        mv   s2, a0
        FENCES
        VLOAD(GOTO_VS, VA_T + 0x5020)
        OK_VAL(MAGIC_A + 4)
        VLOAD(GOTO_VS, VA_T + 0x7028)
        GFAULT(CAUSE_LOAD_GUEST, GPA_TBL + 7 * 8)
        EXPECT_CSR(CSR_MTINST, TINST_PTE_WRITE)
        /* ...to HS: htval / htinst */
        li   t0, 1 << CAUSE_LOAD_GUEST
        csrw medeleg, t0
        VLOAD(GOTO_VS, VA_T + 0x7030)
        EXPECT_TRAP(HX_HS, CAUSE_LOAD_GUEST)
        EXPECT_CSR(htval, (GPA_TBL + 7 * 8) >> 2)
        EXPECT_CSR(htinst, TINST_PTE_WRITE)
        csrw medeleg, zero
        /* writable at the G stage: the A bit gets set */
        ld   t0, 0(s2)
        ori  t0, t0, PTE_W
        sd   t0, 0(s2)
        FENCES
        VLOAD(GOTO_VS, VA_T + 0x7038)
        OK_VAL(MAGIC_A + 7)
        ld   t0, 7 * 8(s3)
        EXPECT_BITS(t0, PTE_A, PTE_A)

        csrw henvcfg, zero
        csrw menvcfg, zero
        csrw vsatp, zero
        csrw hgatp, zero
        FENCES
HEXT_END
