/* SFENCE.VMA with an address must drop every cached translation of that
 * page.  rvkvm keeps pages a refill evicted from their TLB set in a small
 * victim ring (hw/riscv/mmu.c): VA_A and VA_B below share a set there
 * (their VPNs agree in bits 23:0), so touching B after A moves A's
 * translation to the ring.  A remapped and fenced must then read its new
 * page, and a conflict miss must still find the right one.  The accesses
 * are M-mode's with MPRV (as S): no superpage is ever cached, so the
 * fence by address drops single pages (with one cached, rvkvm drops the
 * whole context). */
#include "priv.h"

#define VA_A  0x40000000
#define VA_B  0x1040000000              /* VA_A + 64 GiB: same set */
#define VF    (PTE_V | PTE_R | PTE_W | PTE_A | PTE_D)

PRIV_BEGIN
        li   a0, 3
        call pt_new
        mv   s7, a0
        li   a1, VA_A
        lla  a2, tv_x
        li   a3, VF
        li   a4, 0
        call pt_map
        mv   s1, a0                     /* A's leaf PTE */
        li   a1, VA_B
        lla  a2, tv_y
        li   a3, VF
        li   a4, 0
        call pt_map
        csrw satp, s7
        sfence.vma
        li   t0, MSTATUS_MPP
        csrc mstatus, t0
        li   t0, PRV_S << 11
        csrs mstatus, t0
        li   s4, MSTATUS_MPRV
        li   s2, VA_A
        li   s3, VA_B

/* 1: A and B alternate in S-mode, no fence between (each evicts the
 * other from the set): both read their own pages every time. */
        TC(1)
        csrs mstatus, s4
        ld   a0, 0(s2)
        ld   a1, 0(s3)
        ld   a2, 0(s2)
        ld   a3, 0(s3)
        ld   a4, 0(s2)
        ld   a5, 0(s3)
        csrc mstatus, s4
        EXPECT(a0, 0x1111)
        EXPECT(a1, 0x2222)
        EXPECT(a2, 0x1111)
        EXPECT(a3, 0x2222)
        EXPECT(a4, 0x1111)
        EXPECT(a5, 0x2222)

/* 2: A, last evicted by B, is remapped to page Z and fenced by address:
 * A reads the new page, B its own. */
        TC(2)
        lla  t0, tv_z
        srli t0, t0, 12
        slli t0, t0, 10
        ori  t0, t0, VF
        sd   t0, 0(s1)
        sfence.vma s2
        csrs mstatus, s4
        ld   a0, 0(s2)
        ld   a1, 0(s3)
        ld   a2, 0(s2)
        csrc mstatus, s4
        EXPECT(a0, 0x3333)
        EXPECT(a1, 0x2222)
        EXPECT(a2, 0x3333)

/* 3: the same with A's translation in the set when fenced. */
        TC(3)
        lla  t0, tv_x
        srli t0, t0, 12
        slli t0, t0, 10
        ori  t0, t0, VF
        sd   t0, 0(s1)
        csrs mstatus, s4
        ld   a1, 0(s3)
        ld   a0, 0(s2)
        csrc mstatus, s4
        sfence.vma s2
        csrs mstatus, s4
        ld   a0, 0(s2)
        ld   a1, 0(s3)
        csrc mstatus, s4
        EXPECT(a0, 0x1111)
        EXPECT(a1, 0x2222)

        csrw satp, zero
        sfence.vma
PRIV_END

        .data
        .balign 4096
tv_x:   .dword 0x1111
        .balign 4096
tv_y:   .dword 0x2222
        .balign 4096
tv_z:   .dword 0x3333
        .balign 4096
