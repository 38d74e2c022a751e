/* Address-translation fences and caching with two stages (H 1.0,
 * "Hypervisor Memory-Management Fence Instructions", "Memory-Management
 * Fences"; priv 1.12 4.2.1 for what may not be stale):
 *   - HFENCE.VVMA (M/HS) and SFENCE.VMA in VS order VS-stage PTE stores;
 *   - HFENCE.GVMA orders G-stage PTE stores (all, or one GPA >> 2);
 *   - vsatp.MODE changes made in VS take effect at once; switching
 *     hgatp.VMID between two fenced VMs switches at once;
 *   - (mstatus.TVM: traps_strict.S); SFENCE.VMA and satp in VS with
 *     hstatus.VTVM = 1 raise virtual instruction; HFENCE in VS/VU is a
 *     virtual instruction, in U illegal.
 * (The checks that need caching are meaningful only for an
 * implementation that caches; they are what must hold regardless.) */
#include "hext.h"

#define GPA_BASE  0x100000000
#define GP(i)     (GPA_BASE + (i) * 0x1000)
#define VP(i)     (0x40000000 + (i) * 0x1000)
#define PTE_TO(reg, label, flags)                       \
        lla reg, label; srli reg, reg, 12; slli reg, reg, 10; ori reg, reg, flags
#define TRAPS_IN(goto, cause, ...)                      \
        TRAP_IN(goto, __VA_ARGS__);                     \
        EXPECT_TRAP(HX_M, cause);                       \
        lla a7, 9001b; EXPECT_REG(s11, a7);             \
        lwu a7, 0(a7); EXPECT_REG(s10, a7)
#define WORKS_IN(goto, ...)  INSN_IN(goto, __VA_ARGS__); EXPECT_OK

HEXT_BEGIN
        li   a0, 3
        call hx_gstage_new
        mv   s7, a0             /* s7 = hgatp of VM 1 (VMID 1) */
        li   t0, 1 << HGATP_VMID_SHIFT
        or   s7, s7, t0
        GMAP_L(GP(0), priv_page_a, GF(PTE_R | PTE_W), 0)
        GMAP_L(GP(8), priv_page_b, GF(PTE_R | PTE_W), 0)
        mv   s6, a0             /* s6 = G-stage PTE of GP(8) */
        li   a0, 3
        call hx_vs_new
        mv   s4, a0             /* s4 = vsatp */
        VMAP_P(VP(0), GP(0), VF(PTE_R | PTE_W), 0)
        mv   s5, a0             /* s5 = VS PTE of VP(0) */
        VMAP_P(VP(1), GP(8), VF(PTE_R | PTE_W), 0)
        csrw hgatp, s7
        csrw vsatp, s4
        hfence.gvma x0, x0
        hfence.vvma x0, x0

/* 1: HFENCE.VVMA (all) from M after changing a VS PTE: VS sees the new
 * page; the one-address form too. */
        TC(1)
        li   a1, VP(0)
        INSN_IN(GOTO_VS, ld a0, 0(a1))
        EXPECT_OK
        EXPECT(a0, MAGIC_A)
        li   t0, (GP(8) >> 12 << 10) | VF(PTE_R | PTE_W)
        sd   t0, 0(s5)
        hfence.vvma x0, x0
        INSN_IN(GOTO_VS, ld a0, 0(a1))
        EXPECT_OK
        EXPECT(a0, MAGIC_B)
        li   t0, (GP(0) >> 12 << 10) | VF(PTE_R | PTE_W)
        sd   t0, 0(s5)
        hfence.vvma a1, x0
        INSN_IN(GOTO_VS, ld a0, 0(a1))
        EXPECT_OK
        EXPECT(a0, MAGIC_A)

/* 2: SFENCE.VMA in VS orders the guest's own PTE stores (made through
 * its identity map): one-address and global forms. */
        TC(2)
        li   a1, VP(0)
        li   a4, (GP(8) >> 12 << 10) | VF(PTE_R | PTE_W)
        li   a5, (GP(0) >> 12 << 10) | VF(PTE_R | PTE_W)
        RUN_VS(2f, 1f)
2:      ld   a0, 0(a1)
        sd   a4, 0(s5)
        sfence.vma a1, x0
        ld   a2, 0(a1)
        sd   a5, 0(s5)
        sfence.vma
        ld   a3, 0(a1)
        ecall
1:      EXPECT_TRAP(HX_M, CAUSE_ECALL_VS)
        EXPECT(a0, MAGIC_A)
        EXPECT(a2, MAGIC_B)
        EXPECT(a3, MAGIC_A)

/* 3: HFENCE.VVMA from HS. */
        TC(3)
        li   a1, VP(0)
        INSN_IN(GOTO_VS, ld a0, 0(a1))
        li   a4, (GP(8) >> 12 << 10) | VF(PTE_R | PTE_W)
        RUN_HS(2f, 1f)
2:      sd   a4, 0(s5)
        hfence.vvma a1, x0
        ecall
1:      EXPECT_TRAP(HX_M, CAUSE_ECALL_S)
        INSN_IN(GOTO_VS, ld a0, 0(a1))
        EXPECT_OK
        EXPECT(a0, MAGIC_B)
        li   t0, (GP(0) >> 12 << 10) | VF(PTE_R | PTE_W)
        sd   t0, 0(s5)
        hfence.vvma x0, x0

/* 4: HFENCE.GVMA from HS after changing a G-stage PTE: global, then
 * rs1 = GPA >> 2 with rs2 = the VMID. */
        TC(4)
        li   a1, VP(1)
        INSN_IN(GOTO_VS, ld a0, 0(a1))
        EXPECT_OK
        EXPECT(a0, MAGIC_B)
        PTE_TO(a4, priv_page_a, GF(PTE_R | PTE_W))
        RUN_HS(2f, 1f)
2:      sd   a4, 0(s6)
        hfence.gvma x0, x0
        ecall
1:      EXPECT_TRAP(HX_M, CAUSE_ECALL_S)
        INSN_IN(GOTO_VS, ld a0, 0(a1))
        EXPECT_OK
        EXPECT(a0, MAGIC_A)
        PTE_TO(a4, priv_page_b, GF(PTE_R | PTE_W))
        li   a2, GP(8) >> 2
        li   a3, 1              /* VMID 1 */
        RUN_HS(2f, 1f)
2:      sd   a4, 0(s6)
        hfence.gvma a2, a3
        ecall
1:      EXPECT_TRAP(HX_M, CAUSE_ECALL_S)
        INSN_IN(GOTO_VS, ld a0, 0(a1))
        EXPECT_OK
        EXPECT(a0, MAGIC_B)

/* 5: vsatp.MODE changed in VS takes effect at once: Sv39 -> Bare (VP(0)
 * is then an unmapped GPA: guest-page fault), Bare -> Sv39. */
        TC(5)
        li   a1, VP(0)
        RUN_VS(2f, 1f)
2:      ld   a0, 0(a1)
        csrw satp, zero
        ld   a2, 8(a1)
        ecall
1:      EXPECT_TRAP(HX_M, CAUSE_LOAD_GUEST)
        EXPECT(s10, VP(0) + 8)
        EXPECT(a0, MAGIC_A)
        RUN_VS(2f, 1f)
2:      csrw satp, s4
        ld   a0, 0(a1)
        ecall
1:      EXPECT_TRAP(HX_M, CAUSE_ECALL_VS)
        EXPECT(a0, MAGIC_A)

/* 6: hgatp Sv39x4 -> Bare and back, each followed by HFENCE.GVMA as the
 * spec requires for a MODE change: GP(0) is unbacked physically. */
        TC(6)
        csrw vsatp, zero
        hfence.vvma x0, x0
        csrw hgatp, zero
        hfence.gvma x0, x0
        li   a1, GP(0)
        mv   s0, a1
        TRAP_IN(GOTO_VS, ld a0, 0(a1))
        EXPECT_TRAP(HX_M, CAUSE_LOAD_ACCESS)
        csrw hgatp, s7
        hfence.gvma x0, x0
        INSN_IN(GOTO_VS, ld a0, 0(a1))
        EXPECT_OK
        EXPECT(a0, MAGIC_A)

/* 7: two VMs with different VMIDs, both fenced: switching hgatp switches
 * the guest physical memory at once (VM 2 maps GP(0) to priv_page_b). */
        TC(7)
        li   a0, 3
        call hx_gstage_new
        li   t0, 2 << HGATP_VMID_SHIFT
        or   s3, a0, t0         /* s3 = hgatp of VM 2 (VMID 2) */
        GMAP_L(GP(0), priv_page_b, GF(PTE_R | PTE_W), 0)
        csrw hgatp, s3
        hfence.gvma x0, x0
        csrw hgatp, s7
        li   a1, GP(0) + 8
        INSN_IN(GOTO_VS, ld a0, 0(a1))
        EXPECT(a0, MAGIC_A + 1)
        csrw hgatp, s3
        INSN_IN(GOTO_VS, ld a0, 0(a1))
        EXPECT(a0, MAGIC_B + 1)
        csrw hgatp, s7
        INSN_IN(GOTO_VS, ld a0, 0(a1))
        EXPECT(a0, MAGIC_A + 1)
        csrw vsatp, s4
        hfence.vvma x0, x0

/* 8: hstatus.VTVM = 1: SFENCE.VMA in VS raises virtual instruction (tval
 * = the instruction); HS is unaffected.  (satp under VTVM:
 * virt_insn_strict.S; QEMU 7.2 does not trap it.) */
        TC(8)
        li   t0, HSTATUS_VTVM
        csrs hstatus, t0
        TRAPS_IN(GOTO_VS, CAUSE_VIRTUAL, sfence.vma)
        TRAPS_IN(GOTO_VS, CAUSE_VIRTUAL, sfence.vma a1, x0)
        WORKS_IN(GOTO_HS, sfence.vma)
        WORKS_IN(GOTO_HS, csrr a0, satp)
        li   t0, HSTATUS_VTVM
        csrc hstatus, t0

/* 9: HFENCE.VVMA / GVMA in VS: virtual instruction; in U: illegal.
 * (In VU, and SFENCE.VMA in VU, virtual instruction: virt_insn_strict.S;
 * QEMU 7.2 raises illegal instruction.) */
        TC(9)
        csrw vsatp, zero        /* VU runs from the identity map */
        hfence.vvma x0, x0
        TRAPS_IN(GOTO_VS, CAUSE_VIRTUAL, hfence.vvma x0, x0)
        TRAPS_IN(GOTO_VS, CAUSE_VIRTUAL, hfence.gvma x0, x0)
        TRAPS_IN(GOTO_U, CAUSE_ILLEGAL, hfence.vvma x0, x0)
        TRAPS_IN(GOTO_U, CAUSE_ILLEGAL, hfence.gvma x0, x0)

        csrw hgatp, zero
        hfence.gvma x0, x0
HEXT_END
