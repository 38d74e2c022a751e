/* Hypervisor virtual-machine loads and stores (H 1.0, "Hypervisor
 * Virtual-Machine Load and Store Instructions"): HLV.{B,BU,H,HU,W,WU,D},
 * HLVX.{HU,WU}, HSV.{B,H,W,D}.
 *   - valid in M and HS, and in U when hstatus.HU = 1 (else illegal);
 *     virtual instruction in VS and VU;
 *   - the access is made as though V = 1, with both translation stages,
 *     at privilege hstatus.SPVP (0: VU, 1: VS); vsstatus.SUM applies, the
 *     HS-level SUM does not; MPRV does not affect it;
 *   - HLVX needs execute permission instead of read, in both stages;
 *   - faults report tval = the guest virtual address with GVA = 1 (and
 *     SPV = 0 when taken into HS from HS). */
#include "hext.h"
#include "hlv.inc"

HEXT_BEGIN
        HLV_MAPS
        VMAP_P(VP(11), GP(7), VF(PTE_R | PTE_X), 0)   /* R and X in both */
        csrw vsatp, s4
        hfence.gvma x0, x0
        hfence.vvma x0, x0
        SPVP(1)

/* 1: every HLV width and signedness, from M, through both stages.
 * priv_page_a's dword 0 is 0xa0a0a0a0_00000000: its high byte, half and
 * word are negative. */
        TC(1)
        li   a0, VP(0)
        hlv.d a1, (a0)
        EXPECT(a1, MAGIC_A)
        addi a2, a0, 7
        hlv.b a1, (a2)
        EXPECT(a1, 0xffffffffffffffa0)
        hlv.bu a1, (a2)
        EXPECT(a1, 0xa0)
        addi a2, a0, 6
        hlv.h a1, (a2)
        EXPECT(a1, 0xffffffffffffa0a0)
        hlv.hu a1, (a2)
        EXPECT(a1, 0xa0a0)
        addi a2, a0, 4
        hlv.w a1, (a2)
        EXPECT(a1, 0xffffffffa0a0a0a0)
        hlv.wu a1, (a2)
        EXPECT(a1, 0xa0a0a0a0)
        addi a2, a0, 8
        hlv.d a1, (a2)
        EXPECT(a1, MAGIC_A + 1)

/* 2: every HSV width lands in the page the guest mapping names. */
        TC(2)
        li   a0, VP(1) + 0x100
        li   a1, 0x1122334455667788
        hsv.d a1, (a0)
        li   a1, 0x99aabbcc
        addi a2, a0, 8
        hsv.w a1, (a2)
        li   a1, 0xddee
        addi a2, a0, 12
        hsv.h a1, (a2)
        li   a1, 0xff
        addi a2, a0, 14
        hsv.b a1, (a2)
        lla  t0, priv_page_c + 0x100
        ld   a1, 0(t0)
        EXPECT(a1, 0x1122334455667788)
        ld   a1, 8(t0)
        EXPECT(a1, 0x00ffddee99aabbcc)
        sd   zero, 0(t0)
        sd   zero, 8(t0)

/* 3: guest-page faults: a G-stage miss (21 / 23, mtval2 = GPA >> 2),
 * MPV = 0 (taken from M).  (mstatus.GVA = 1 there, and VS-stage page
 * faults from HLV/HSV: hlv_strict.S; QEMU 7.2 leaves GVA 0 and reports
 * VS-stage faults as access faults.) */
        TC(3)
        li   a0, VP(2) + 0x20
        mv   s0, a0
        M_HX(hlv.w a1, (a0))
        TOOK_M(CAUSE_LOAD_GUEST)
        EXPECT_CSR(CSR_MTVAL2, (GP(5) + 0x20) >> 2)
        EXPECT_CSR_BITS(mstatus, MSTATUS_MPV, 0)
        M_HX(hsv.b a1, (a0))
        TOOK_M(CAUSE_STORE_GUEST)
        EXPECT_CSR(CSR_MTVAL2, (GP(5) + 0x20) >> 2)

/* 4: HLVX reads a page executable in both stages.  (Execute-only pages,
 * and faults when execute permission is missing: hlv_strict.S; QEMU 7.2
 * checks read permission for HLVX.) */
        TC(4)
        li   a0, VP(11)
        hlvx.wu a1, (a0)
        EXPECT(a1, 0x5ec00513)          /* li a0, EXEC_MAGIC */
        hlvx.hu a1, (a0)
        EXPECT(a1, 0x0513)
        addi a2, a0, 2
        hlvx.hu a1, (a2)
        EXPECT(a1, 0x5ec0)

/* 5: MPRV does not affect HLV/HSV: with MPRV = 1, MPP = U, MPV = 0, HLV
 * still reads a non-U VS page at SPVP = 1. */
        TC(5)
        li   t0, MSTATUS_MPP | MSTATUS_MPV
        csrc mstatus, t0
        li   a0, VP(0) + 0x28
        li   t1, MSTATUS_MPRV
        HTRY(1f)
        csrs mstatus, t1
        hlv.d a1, (a0)
        csrc mstatus, t1
1:      li   t1, MSTATUS_MPRV
        csrc mstatus, t1
        EXPECT_NONE
        EXPECT(a1, MAGIC_A + 5)

/* 6: from HS: works; a fault taken into HS has SPV = 0 (V was 0),
 * GVA = 1, stval = the guest address, htval = GPA >> 2. */
        TC(6)
        li   a0, VP(0) + 0x30
        INSN_IN(GOTO_HS, hlv.d a1, (a0))
        EXPECT_OK
        EXPECT(a1, MAGIC_A + 6)
        li   t0, 1 << CAUSE_LOAD_GUEST
        csrw medeleg, t0
        li   t0, HSTATUS_SPV
        csrs hstatus, t0
        li   a0, VP(2) + 0x38
        mv   s0, a0
        TRAP_IN(GOTO_HS, hlv.d a1, (a0))
        EXPECT_TRAP(HX_HS, CAUSE_LOAD_GUEST)
        EXPECT_REG(s10, s0)
        EXPECT_CSR(htval, (GP(5) + 0x38) >> 2)
        EXPECT_CSR_BITS(hstatus, HSTATUS_GVA | HSTATUS_SPV | HSTATUS_SPVP, HSTATUS_GVA | HSTATUS_SPVP)
        csrw medeleg, zero

/* 7: from U: illegal with hstatus.HU = 0, allowed with HU = 1.  (mtval =
 * the instruction there: hlv_strict.S; QEMU 7.2 writes 0.) */
        TC(7)
        li   a0, VP(0) + 0x40
        TRAP_IN(GOTO_U, hlv.d a1, (a0))
        EXPECT_TRAP(HX_M, CAUSE_ILLEGAL)
        TRAP_IN(GOTO_U, hsv.w a1, (a0))
        EXPECT_TRAP(HX_M, CAUSE_ILLEGAL)
        TRAP_IN(GOTO_U, hlvx.hu a1, (a0))
        EXPECT_TRAP(HX_M, CAUSE_ILLEGAL)
        li   t0, HSTATUS_HU
        csrs hstatus, t0
        INSN_IN(GOTO_U, hlv.d a1, (a0))
        EXPECT_OK
        EXPECT(a1, MAGIC_A + 8)
        li   t0, HSTATUS_HU
        csrc hstatus, t0

/* 8: from VS and VU: virtual instruction (also with HU = 1).  (tval =
 * the instruction: hlv_strict.S; QEMU 7.2 writes 0.) */
        TC(8)
        csrw vsatp, zero                /* VU runs from the identity map */
        hfence.vvma x0, x0
        li   a0, VP(0)
        TRAP_IN(GOTO_VS, hlv.d a1, (a0))
        EXPECT_TRAP(HX_M, CAUSE_VIRTUAL)
        TRAP_IN(GOTO_VS, hsv.d a1, (a0))
        EXPECT_TRAP(HX_M, CAUSE_VIRTUAL)
        TRAP_IN(GOTO_VS, hlvx.wu a1, (a0))
        EXPECT_TRAP(HX_M, CAUSE_VIRTUAL)
        TRAP_IN(GOTO_VU, hlv.b a1, (a0))
        EXPECT_TRAP(HX_M, CAUSE_VIRTUAL)
        li   t0, HSTATUS_HU
        csrs hstatus, t0
        TRAP_IN(GOTO_VU, hlv.bu a1, (a0))
        EXPECT_TRAP(HX_M, CAUSE_VIRTUAL)
        li   t0, HSTATUS_HU
        csrc hstatus, t0

/* 9: with vsatp Bare the guest address is the guest physical one. */
        TC(9)
        csrw vsatp, zero
        hfence.vvma x0, x0
        li   a0, GP(0) + 0x48
        hlv.d a1, (a0)
        EXPECT(a1, MAGIC_A + 9)

        csrw hgatp, zero
        hfence.gvma x0, x0
HEXT_END
