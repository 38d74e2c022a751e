/* Svpbmt under the H extension, the checks QEMU 7.2 fails (rvkvm only;
 * the rest: svext.S; setup: svext.inc):
 *   - henvcfg.PBMTE is read-only zero while menvcfg.PBMTE is 0 (machine-
 *     level "menvcfg"), and clearing menvcfg.PBMTE clears it (QEMU 7.2
 *     keeps henvcfg.PBMTE writable);
 *   - with henvcfg.PBMTE = 0 VS-stage PBMT bits are reserved (page fault)
 *     while G-stage ones stay usable (menvcfg.PBMTE governs the G-stage);
 *     with menvcfg.PBMTE = 0 G-stage PBMT bits are reserved (guest-page
 *     fault); PBMT = 3 is reserved in both stages (QEMU 7.2 looks at the
 *     extension, never at PBMTE, and accepts PBMT = 3). */
#include "hext.h"
#include "svext.inc"

/* 1: henvcfg.PBMTE follows menvcfg.PBMTE. */
        TC(1)
        csrw menvcfg, zero
        li   t0, HENVCFG_PBMTE
        csrs henvcfg, t0
        EXPECT_CSR_BITS(henvcfg, HENVCFG_PBMTE, 0)
        li   t0, MENVCFG_PBMTE
        csrs menvcfg, t0
        li   t0, HENVCFG_PBMTE
        csrs henvcfg, t0
        EXPECT_CSR_BITS(henvcfg, HENVCFG_PBMTE, HENVCFG_PBMTE)
        li   t0, MENVCFG_PBMTE
        csrc menvcfg, t0
        EXPECT_CSR_BITS(henvcfg, HENVCFG_PBMTE, 0)
        li   t0, MENVCFG_PBMTE
        csrs menvcfg, t0
        EXPECT_CSR_BITS(henvcfg, HENVCFG_PBMTE, 0)

/* 2: menvcfg.PBMTE = 1, henvcfg.PBMTE = 0: a VS-stage NC leaf is a page
 * fault, a G-stage NC leaf (VS-stage Bare) works; with henvcfg.PBMTE = 1
 * the VS leaf works. */
        TC(2)
        csrw henvcfg, zero
        ld   a5, 0(s3)
        SET_PTE(s3, a5, PBMT_NC)
        hfence.gvma x0, x0
        VLOAD(GOTO_VS, GP(0) + 0x18)
        OK_VAL(MAGIC_A + 3)
        csrw vsatp, s6
        lla  t0, svx_vp0
        ld   a6, 0(t0)
        ld   a5, 0(a6)
        SET_PTE(a6, a5, PBMT_IO)
        FENCES
        VLOAD(GOTO_VS, VP(0) + 0x20)
        VFAULT(CAUSE_LOAD_PAGE)
        VSTORE(GOTO_VS, VP(0) + 0x20)
        VFAULT(CAUSE_STORE_PAGE)
        li   t0, HENVCFG_PBMTE
        csrs henvcfg, t0
        hfence.vvma x0, x0
        VLOAD(GOTO_VS, VP(0) + 0x20)
        OK_VAL(MAGIC_A + 4)

/* 3: VS-stage PBMT = 3 is a page fault with both PBMTEs set. */
        TC(3)
        lla  t0, svx_vp0
        ld   a6, 0(t0)
        ld   a5, 0(a6)
        SET_PTE(a6, a5, PBMT_RSV)
        hfence.vvma x0, x0
        VLOAD(GOTO_VS, VP(0) + 0x20)
        VFAULT(CAUSE_LOAD_PAGE)
        lla  t0, svx_vp0
        ld   a6, 0(t0)
        ld   a5, 0(a6)
        li   t0, ~PBMT_RSV
        and  a5, a5, t0
        sd   a5, 0(a6)
        csrw vsatp, zero
        FENCES

/* 4: G-stage PBMT = 3 is a guest-page fault with menvcfg.PBMTE = 1; with
 * menvcfg.PBMTE = 0 the NC leaf is one too. */
        TC(4)
        ld   a5, 0(s3)
        SET_PTE(s3, a5, PBMT_RSV)
        hfence.gvma x0, x0
        VLOAD(GOTO_VS, GP(0) + 0x28)
        GFAULT(CAUSE_LOAD_GUEST, GP(0) + 0x28)
        ld   a5, 0(s3)
        li   t0, ~PBMT_IO
        and  a5, a5, t0         /* back to NC */
        sd   a5, 0(s3)
        hfence.gvma x0, x0
        VLOAD(GOTO_VS, GP(0) + 0x28)
        OK_VAL(MAGIC_A + 5)
        li   t0, MENVCFG_PBMTE
        csrc menvcfg, t0
        hfence.gvma x0, x0
        VLOAD(GOTO_VS, GP(0) + 0x28)
        GFAULT(CAUSE_LOAD_GUEST, GP(0) + 0x28)
        VSTORE(GOTO_VS, GP(0) + 0x28)
        GFAULT(CAUSE_STORE_GUEST, GP(0) + 0x28)

/* 5: with menvcfg.PBMTE = 0 (henvcfg.PBMTE then 0 too) a VS-stage NC
 * leaf is a page fault, checked before the G-stage translation of its
 * address (its G-stage PTE is clean again). */
        TC(5)
        ld   a5, 0(s3)
        li   t0, ~PBMT_RSV
        and  a5, a5, t0
        sd   a5, 0(s3)
        csrw vsatp, s6
        lla  t0, svx_vp0
        ld   a6, 0(t0)
        ld   a5, 0(a6)
        SET_PTE(a6, a5, PBMT_NC)
        FENCES
        VLOAD(GOTO_VS, VP(0) + 0x30)
        VFAULT(CAUSE_LOAD_PAGE)
        lla  t0, svx_vp0
        ld   a6, 0(t0)
        ld   a5, 0(a6)
        li   t0, ~PBMT_RSV
        and  a5, a5, t0
        sd   a5, 0(a6)
        hfence.vvma x0, x0
        VLOAD(GOTO_VS, VP(0) + 0x30)
        OK_VAL(MAGIC_A + 6)

        csrw vsatp, zero
        csrw hgatp, zero
        csrw henvcfg, zero
        csrw menvcfg, zero
        FENCES
HEXT_END
