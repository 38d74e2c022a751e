/* HLV/HLVX/HSV rules QEMU 7.2 does not follow (rvkvm only; see
 * rules.mk): QEMU 7.2 reports VS-stage page faults of these instructions
 * as access faults, ignores hstatus.SPVP = 0 (VU privilege) and
 * vsstatus.SUM for them, and lets HLVX read pages that are not
 * executable.
 *   - SPVP = 0: VU privilege (non-U pages fault); SPVP = 1 needs
 *     vsstatus.SUM for U pages, the HS-level SUM does not count;
 *   - VS-stage faults are page faults 13 / 15; any fault of these
 *     instructions taken into M sets mstatus.GVA;
 *   - HLVX needs X in both stages (13 / 21 otherwise), MXR or not;
 *   - HLV on an execute-only VS page needs vsstatus.MXR or mstatus.MXR. */
#include "hext.h"
#include "hlv.inc"

HEXT_BEGIN
        HLV_MAPS
        VMAP_P(VP(11), GP(7), VF(PTE_X), 0)           /* X in both, R at G */
        VMAP_P(VP(4), GP(0), VF(PTE_R) & ~PTE_V, 0)   /* invalid */
        csrw vsatp, s4
        hfence.gvma x0, x0
        hfence.vvma x0, x0
        SPVP(1)

/* 1: SPVP = 0 accesses as VU: non-U pages fault (13), U pages work;
 * SPVP = 1 needs vsstatus.SUM for U pages; the HS-level SUM does not
 * count. */
        TC(1)
        SPVP(0)
        li   a0, VP(0)
        mv   s0, a0
        M_HX(hlv.d a1, (a0))
        TOOK_M(CAUSE_LOAD_PAGE)
        li   a0, VP(10) + 8
        hlv.d a1, (a0)
        EXPECT(a1, MAGIC_A + 1)
        SPVP(1)
        li   a0, VP(10) + 0x10
        mv   s0, a0
        M_HX(hlv.d a1, (a0))
        TOOK_M(CAUSE_LOAD_PAGE)
        li   t0, MSTATUS_SUM
        csrs mstatus, t0
        M_HX(hlv.d a1, (a0))
        TOOK_M(CAUSE_LOAD_PAGE)
        csrc mstatus, t0
        csrs vsstatus, t0
        hlv.d a1, (a0)
        EXPECT(a1, MAGIC_A + 2)
        li   t0, MSTATUS_SUM
        csrc vsstatus, t0

/* 2: VS-stage faults: a store to a read-only VS page is 15, GVA = 1. */
        TC(2)
        li   a0, VP(3) + 0x18
        mv   s0, a0
        M_HX(hsv.d a1, (a0))
        TOOK_M(CAUSE_STORE_PAGE)
        EXPECT_CSR_BITS(mstatus, MSTATUS_GVA | MSTATUS_MPV, MSTATUS_GVA)
        EXPECT_CSR(CSR_MTVAL2, 0)
        li   a0, VP(4)
        mv   s0, a0
        M_HX(hlv.d a1, (a0))
        TOOK_M(CAUSE_LOAD_PAGE)
        EXPECT_CSR_BITS(mstatus, MSTATUS_GVA, MSTATUS_GVA)
        /* a guest-page fault of an HLV taken into M: GVA = 1 too */
        li   a0, VP(2) + 0x20
        mv   s0, a0
        M_HX(hlv.w a1, (a0))
        TOOK_M(CAUSE_LOAD_GUEST)
        EXPECT_CSR_BITS(mstatus, MSTATUS_GVA | MSTATUS_MPV, MSTATUS_GVA)

/* 3: HLVX needs execute permission: a readable non-executable page
 * faults (13 at the VS stage, 21 at the G stage), with or without MXR; a
 * G-stage readable but not executable page too. */
        TC(3)
        li   a0, VP(11)
        hlvx.wu a1, (a0)
        EXPECT(a1, 0x5ec00513)
        li   a0, VP(8)                  /* execute-only in both stages */
        hlvx.wu a1, (a0)
        EXPECT(a1, 0x5ec00513)
        addi a0, a0, 2
        hlvx.hu a1, (a0)
        EXPECT(a1, 0x5ec0)
        li   a0, VP(0)
        mv   s0, a0
        M_HX(hlvx.wu a1, (a0))
        TOOK_M(CAUSE_LOAD_PAGE)
        li   a0, VP(9)
        mv   s0, a0
        M_HX(hlvx.hu a1, (a0))
        TOOK_M(CAUSE_LOAD_GUEST)
        EXPECT_CSR(CSR_MTVAL2, GP(6) >> 2)
        li   t0, MSTATUS_MXR
        csrs mstatus, t0
        li   a0, VP(0)
        mv   s0, a0
        M_HX(hlvx.wu a1, (a0))
        TOOK_M(CAUSE_LOAD_PAGE)
        li   t0, MSTATUS_MXR
        csrc mstatus, t0

/* 4: HLV on an execute-only VS page faults (13) unless MXR: vsstatus.MXR
 * opens the VS stage only (a G-stage execute-only page still faults,
 * 21), mstatus.MXR opens both. */
        TC(4)
        li   a0, VP(11)                 /* VS X, G RX */
        mv   s0, a0
        M_HX(hlv.wu a1, (a0))
        TOOK_M(CAUSE_LOAD_PAGE)
        li   t0, MSTATUS_MXR
        csrs vsstatus, t0
        hlv.wu a1, (a0)
        EXPECT(a1, 0x5ec00513)
        li   a0, VP(8)                  /* VS X, G X */
        mv   s0, a0
        M_HX(hlv.wu a1, (a0))
        TOOK_M(CAUSE_LOAD_GUEST)
        li   t0, MSTATUS_MXR
        csrc vsstatus, t0
        csrs mstatus, t0
        hlv.wu a1, (a0)
        EXPECT(a1, 0x5ec00513)
        csrc mstatus, t0

/* 5: from U with HU = 0: illegal instruction, mtval = the instruction. */
        TC(5)
        li   a0, VP(0)
        TRAPS_IN(GOTO_U, CAUSE_ILLEGAL, hlv.d a1, (a0))
        TRAPS_IN(GOTO_U, CAUSE_ILLEGAL, hsv.w a1, (a0))
        TRAPS_IN(GOTO_U, CAUSE_ILLEGAL, hlvx.hu a1, (a0))

/* 6: from VS / VU: virtual instruction, tval = the instruction. */
        TC(6)
        csrw vsatp, zero                /* VU runs from the identity map */
        hfence.vvma x0, x0
        li   a0, VP(0)
        TRAPS_IN(GOTO_VS, CAUSE_VIRTUAL, hlv.d a1, (a0))
        TRAPS_IN(GOTO_VS, CAUSE_VIRTUAL, hsv.d a1, (a0))
        TRAPS_IN(GOTO_VS, CAUSE_VIRTUAL, hlvx.wu a1, (a0))
        TRAPS_IN(GOTO_VU, CAUSE_VIRTUAL, hlv.b a1, (a0))
        li   t0, HSTATUS_HU
        csrs hstatus, t0
        TRAPS_IN(GOTO_VU, CAUSE_VIRTUAL, hlv.bu a1, (a0))
        li   t0, HSTATUS_HU
        csrc hstatus, t0

        csrw vsatp, zero
        csrw hgatp, zero
        hfence.gvma x0, x0
        hfence.vvma x0, x0
HEXT_END
