/* Svpbmt and Svnapot in two-stage translation (see svext.inc): G-stage
 * NAPOT pages and reserved N encodings, G-stage PBMT under
 * menvcfg.PBMTE, VS-stage PBMT under henvcfg.PBMTE and VS-stage NAPOT
 * pages.  The checks QEMU 7.2 fails (PBMTE = 0 making PBMT reserved,
 * henvcfg.PBMTE read-only zero, PBMT = 3): svext_strict.S.  QEMU runs
 * this with -cpu rv64,h=true,svpbmt=true,svnapot=true (rules.mk). */
#include "hext.h"
#include "svext.inc"

/* 1: menvcfg.PBMTE and henvcfg.PBMTE are writable. */
        TC(1)
        li   t0, MENVCFG_PBMTE
        csrs menvcfg, t0
        EXPECT_CSR_BITS(menvcfg, MENVCFG_PBMTE, MENVCFG_PBMTE)
        li   t0, HENVCFG_PBMTE
        csrs henvcfg, t0
        EXPECT_CSR_BITS(henvcfg, HENVCFG_PBMTE, HENVCFG_PBMTE)

/* 2: a G-stage NAPOT range (VS-stage Bare): each 4 KiB guest-physical
 * page reaches its own page of napot_mem; stores too. */
        TC(2)
        VLOAD(GOTO_VS, GN(0))
        OK_VAL(0x5000)
        VLOAD(GOTO_VS, GN(1) + 0xff8)
        OK_VAL(0x6001)
        VLOAD(GOTO_VS, GN(8))
        OK_VAL(0x5008)
        VLOAD(GOTO_VU, GN(13) + 0xff8)
        OK_VAL(0x600d)
        VLOAD(GOTO_VS, GN(15))
        OK_VAL(0x500f)
        VSTORE(GOTO_VS, GN(10) + 0x20)
        EXPECT_OK
        lla  t0, napot_mem
        li   t1, 10 * 4096 + 0x20
        add  t0, t0, t1
        ld   a0, 0(t0)
        EXPECT(a0, 0x77)

/* 3: reserved N encodings in the G-stage are guest-page faults: ppn[3:0]
 * = 0100 or 0000 on a 4 KiB leaf, N on a megapage, N on a non-leaf PTE. */
        TC(3)
        addi a6, s5, 6 * 8      /* GN(6)'s PTE */
        ld   a5, 0(a6)
        lla  t0, svx_save
        sd   a5, 0(t0)
        li   t1, ~(0xf << 10)
        and  a5, a5, t1
        ori  a5, a5, 0x100      /* ppn[3:0] = 0100 */
        sd   a5, 0(a6)
        hfence.gvma x0, x0
        VLOAD(GOTO_VS, GN(6) + 8)
        GFAULT(CAUSE_LOAD_GUEST, GN(6) + 8)
        VSTORE(GOTO_VS, GN(6) + 8)
        GFAULT(CAUSE_STORE_GUEST, GN(6) + 8)
        addi a6, s5, 6 * 8
        lla  t0, svx_save
        ld   a5, 0(t0)
        li   t1, ~(0xf << 10)
        and  a5, a5, t1         /* ppn[3:0] = 0000 */
        sd   a5, 0(a6)
        hfence.gvma x0, x0
        VLOAD(GOTO_VS, GN(6) + 8)
        GFAULT(CAUSE_LOAD_GUEST, GN(6) + 8)
        addi a6, s5, 6 * 8
        lla  t0, svx_save
        ld   a5, 0(t0)
        sd   a5, 0(a6)
        hfence.gvma x0, x0
        VLOAD(GOTO_VS, GN(6) + 0xff8)
        OK_VAL(0x6006)
        /* N on the megapage */
        ld   a5, 0(s1)
        lla  t0, svx_save
        sd   a5, 0(t0)
        SET_PTE(s1, a5, PTE_N)
        hfence.gvma x0, x0
        VLOAD(GOTO_VS, GPA_2M + 0x40)
        GFAULT(CAUSE_LOAD_GUEST, GPA_2M + 0x40)
        lla  t0, svx_save
        ld   a7, 0(t0)
        sd   a7, 0(s1)
        /* N on the level-1 pointer of GPA_BASE's walk */
        call svx_groot_ptr
        mv   a6, a0
        ld   a7, 0(a6)
        lla  t0, svx_save
        sd   a7, 0(t0)
        srli a7, a7, 10
        slli a7, a7, 12         /* level-1 table; entry 0 points to GP()'s level 0 */
        lla  t0, svx_save + 8
        sd   a7, 0(t0)
        ld   a5, 0(a7)
        SET_PTE(a7, a5, PTE_N)
        hfence.gvma x0, x0
        VLOAD(GOTO_VS, GP(0))
        GFAULT(CAUSE_LOAD_GUEST, GP(0))
        lla  t0, svx_save + 8
        ld   a7, 0(t0)
        ld   a5, 0(a7)
        li   t0, ~PTE_N
        and  a5, a5, t0
        sd   a5, 0(a7)
        hfence.gvma x0, x0
        VLOAD(GOTO_VS, GP(0) + 8)
        OK_VAL(MAGIC_A + 1)

/* 4: G-stage PBMT with menvcfg.PBMTE = 1: NC and IO leaves work; PBMT in
 * a non-leaf G-stage PTE is a guest-page fault. */
        TC(4)
        ld   a5, 0(s3)
        lla  t0, svx_save
        sd   a5, 0(t0)
        SET_PTE(s3, a5, PBMT_IO)
        hfence.gvma x0, x0
        VLOAD(GOTO_VS, GP(0) + 0x10)
        OK_VAL(MAGIC_A + 2)
        ld   a5, 0(s4)
        SET_PTE(s4, a5, PBMT_NC)
        hfence.gvma x0, x0
        VSTORE(GOTO_VS, GP(1) + 0x28)
        EXPECT_OK
        lla  t0, priv_page_c
        ld   a0, 0x28(t0)
        EXPECT(a0, 0x77)
        sd   zero, 0x28(t0)
        lla  t0, svx_save + 8   /* the level-1 pointer of GP(0) */
        ld   a7, 0(t0)
        ld   a5, 0(a7)
        SET_PTE(a7, a5, PBMT_NC)
        hfence.gvma x0, x0
        VLOAD(GOTO_VS, GP(0) + 0x10)
        GFAULT(CAUSE_LOAD_GUEST, GP(0) + 0x10)
        lla  t0, svx_save + 8
        ld   a7, 0(t0)
        ld   a5, 0(a7)
        li   t0, ~PBMT_NC
        and  a5, a5, t0
        sd   a5, 0(a7)
        lla  t0, svx_save
        ld   a5, 0(t0)
        sd   a5, 0(s3)
        hfence.gvma x0, x0

/* 5: VS-stage PBMT with henvcfg.PBMTE = 1: an NC VS leaf (onto GP(0))
 * works; PBMT on a VS-stage non-leaf PTE is a page fault. */
        TC(5)
        csrw vsatp, s6
        FENCES
        lla  t0, svx_vp0
        ld   a6, 0(t0)
        ld   a5, 0(a6)
        SET_PTE(a6, a5, PBMT_NC)
        hfence.vvma x0, x0
        VLOAD(GOTO_VS, VP(0) + 0x18)
        OK_VAL(MAGIC_A + 3)
        csrr t0, vsatp
        slli t0, t0, 20
        srli t0, t0, 8
        addi a6, t0, 8          /* root PTE for GVA 0x4000_0000 (index 1) */
        ld   a5, 0(a6)
        SET_PTE(a6, a5, PBMT_IO)
        hfence.vvma x0, x0
        VLOAD(GOTO_VS, VP(0) + 0x18)
        VFAULT(CAUSE_LOAD_PAGE)
        csrr t0, vsatp
        slli t0, t0, 20
        srli t0, t0, 8
        addi a6, t0, 8
        ld   a5, 0(a6)
        li   t0, ~PBMT_IO
        and  a5, a5, t0
        sd   a5, 0(a6)
        hfence.vvma x0, x0
        VLOAD(GOTO_VS, VP(0) + 0x18)
        OK_VAL(MAGIC_A + 3)

/* 6: a VS-stage NAPOT range onto napot_mem (through the G-stage identity),
 * and a reserved ppn[3:0] there (a page fault, not a guest-page fault). */
        TC(6)
        VLOAD(GOTO_VS, VN(0))
        OK_VAL(0x5000)
        VLOAD(GOTO_VS, VN(4) + 0xff8)
        OK_VAL(0x6004)
        VLOAD(GOTO_VS, VN(15) + 0xff8)
        OK_VAL(0x600f)
        lla  t0, svx_vn0
        ld   a6, 0(t0)
        addi a6, a6, 4 * 8
        ld   a5, 0(a6)
        li   t0, ~(0xf << 10)
        and  a5, a5, t0
        ori  a5, a5, 0x400      /* ppn[3:0] = 0001 */
        sd   a5, 0(a6)
        hfence.vvma x0, x0
        VLOAD(GOTO_VS, VN(4) + 0x10)
        VFAULT(CAUSE_LOAD_PAGE)

/* 7: VS-stage NAPOT over G-stage NAPOT: VN(j) -> GPA GN(j) -> napot_mem. */
        TC(7)
        lla  t0, svx_vn0
        ld   a1, 0(t0)
        li   t1, GPA_N >> 12
        ori  t1, t1, 8
        slli t1, t1, 10
        li   a0, VF(PTE_R | PTE_W | PTE_X) | PTE_N
        or   a0, a0, t1
        call svx_fill16
        hfence.vvma x0, x0
        VLOAD(GOTO_VS, VN(2) + 0xff8)
        OK_VAL(0x6002)
        VLOAD(GOTO_VS, VN(12))
        OK_VAL(0x500c)

        csrw vsatp, zero
        csrw hgatp, zero
        csrw henvcfg, zero
        csrw menvcfg, zero
        FENCES
HEXT_END

        .data
        .balign 8
svx_save: .dword 0, 0
