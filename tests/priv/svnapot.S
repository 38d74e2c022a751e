/* Svnapot, NAPOT translation contiguity (priv spec, "Svnapot" chapter):
 * PTE bit 63 (N) on a level-0 leaf whose ppn[3:0] is 1000 makes it part of
 * a 64 KiB naturally aligned range: the walk uses a copy of the PTE with
 * ppn[3:0] replaced by vpn[0][3:0].  Every other use of N is reserved (a
 * page fault): other ppn[3:0] patterns, leaves at higher levels, non-leaf
 * PTEs.  A/D updates write the PTE as it is in memory.  QEMU runs this
 * with -cpu rv64,svpbmt=true,svnapot=true (rules.mk). */
#include "priv.h"

#define PTE_N     0x8000000000000000
#define MENVCFG_ADUE_ 0x2000000000000000
#define NAPOT_NBAD 8              /* entries of napot_bad */

#define VA_N      0x40010000            /* the 64 KiB NAPOT range (vpn[0] 16..31) */
#define VN(j)     (VA_N + (j) * 0x1000)
#define VA_2M     0x40200000            /* a megapage slot */
#define VA_1G     0x100000000           /* a gigapage slot */
#define VPROBE(mode, op, va)                            \
        li a0, va; mv s0, a0;                           \
        li a1, op; li a2, 0x77; li a3, mode; call priv_probe
#define OK        EXPECT(s9, -1)
#define FAULT(c)  EXPECT(s9, c); EXPECT_REG(s10, s0)
/* Load through VN(j) + off and expect the value napot_fill put there. */
#define NLOAD(j, off, val)                              \
        VPROBE(PRV_S, PROBE_LD, VN(j) + (off)); OK; EXPECT(a0, val)
/* The address of VN(j)'s level-0 PTE, into reg. */
#define NPTE(reg, j) addi reg, s1, (j) * 8

PRIV_BEGIN
/* napot_mem: page j holds 0x5000 + j at offset 0 and 0x6000 + j at 0xff8. */
        lla  t0, napot_mem
        li   t1, 0
1:      slli t2, t1, 12
        add  t2, t2, t0
        li   t3, 0x5000
        add  t3, t3, t1         /* 0x5000 + j */
        sd   t3, 0(t2)
        li   t3, 0x6000
        add  t3, t3, t1
        li   a5, 0xff8
        add  t2, t2, a5
        sd   t3, 0(t2)
        addi t1, t1, 1
        li   t2, 16
        bltu t1, t2, 1b
        /* the 4 KiB page tables, then the range's 16 PTEs as NAPOT */
        li   a0, 3
        call pt_new
        mv   s7, a0
        li   a1, VN(0)
        lla  a2, napot_mem
        li   a3, F(PTE_R | PTE_W)
        li   a4, 0
        call pt_map
        mv   s1, a0             /* s1 = VN(0)'s PTE; VN(j)'s is s1 + 8j */
        lla  t0, napot_mem
        srli t0, t0, 12
        ori  t0, t0, 8          /* ppn[3:0] = 1000 */
        slli t0, t0, 10
        li   t1, F(PTE_R | PTE_W | PTE_X) | PTE_N
        or   s2, t0, t1         /* s2 = the NAPOT PTE */
        li   t0, 0
2:      slli t1, t0, 3
        add  t1, t1, s1
        sd   s2, 0(t1)
        addi t0, t0, 1
        li   t1, 16
        bltu t0, t1, 2b
        csrw satp, s7
        sfence.vma

/* 1: every 4 KiB page of the range goes to its own page of napot_mem
 * (vpn[0][3:0] replaces ppn[3:0] = 1000, whatever the page). */
        TC(1)
        NLOAD(0, 0, 0x5000)
        NLOAD(1, 0, 0x5001)
        NLOAD(7, 0xff8, 0x6007)
        NLOAD(8, 0, 0x5008)
        NLOAD(9, 0xff8, 0x6009)
        NLOAD(15, 0, 0x500f)
        NLOAD(15, 0xff8, 0x600f)

/* 2: stores and fetches too. */
        TC(2)
        VPROBE(PRV_S, PROBE_SD, VN(5) + 0x10)
        OK
        lla  t0, napot_mem
        li   t1, 5 * 4096 + 0x10
        add  t0, t0, t1
        ld   a0, 0(t0)
        EXPECT(a0, 0x77)
        lla  t0, priv_exec_page  /* copy li a0, EXEC_MAGIC; ecall to page 11 */
        lw   t1, 0(t0)
        lw   t2, 4(t0)
        lla  t0, napot_mem
        li   t3, 11 * 4096
        add  t0, t0, t3
        sw   t1, 0(t0)
        sw   t2, 4(t0)
        fence.i
        VPROBE(PRV_S, PROBE_EXEC, VN(11))
        OK
        EXPECT(a0, EXEC_MAGIC)

/* 3: the walk reads the PTE of the page accessed: with only VN(3)'s PTE
 * valid it still maps page 3 (not page 8, its ppn as written), and
 * VN(4), whose PTE is invalid, faults. */
        TC(3)
        li   t0, 0
3:      slli t1, t0, 3
        add  t1, t1, s1
        sd   zero, 0(t1)
        addi t0, t0, 1
        li   t1, 16
        bltu t0, t1, 3b
        NPTE(t0, 3)
        sd   s2, 0(t0)
        NLOAD(3, 0xff8, 0x6003)
        VPROBE(PRV_S, PROBE_LD, VN(4))
        FAULT(CAUSE_LOAD_PAGE)
        VPROBE(PRV_S, PROBE_LD, VN(8))
        FAULT(CAUSE_LOAD_PAGE)

/* 4: reserved ppn[3:0] patterns with N = 1 (xxx1, xx1x, x1xx, 0xxx:
 * 0000, 0001, 0010, 0100, 1100, 1010, 1001, 1111) fault, for loads,
 * stores and fetches. */
        TC(4)
        NPTE(s3, 3)
        li   s4, 0
        lla  s5, napot_bad
4:      add  t0, s5, s4
        lbu  t0, 0(t0)
        li   t1, ~(0xf << 10)
        and  t1, s2, t1
        slli t0, t0, 10
        or   t0, t0, t1
        sd   t0, 0(s3)
        VPROBE(PRV_S, PROBE_LD, VN(3) + 8)
        FAULT(CAUSE_LOAD_PAGE)
        VPROBE(PRV_S, PROBE_SD, VN(3) + 8)
        FAULT(CAUSE_STORE_PAGE)
        VPROBE(PRV_S, PROBE_EXEC, VN(3))
        FAULT(CAUSE_FETCH_PAGE)
        addi s4, s4, 1
        li   t0, NAPOT_NBAD
        bltu s4, t0, 4b
        sd   s2, 0(s3)
        NLOAD(3, 0, 0x5003)
        /* the same PTE without N is a plain 4 KiB page at ppn ...1000 */
        li   t0, ~PTE_N
        and  t0, s2, t0
        sd   t0, 0(s3)
        NLOAD(3, 0, 0x5008)
        sd   s2, 0(s3)

/* 5: N on a 2 MiB and a 1 GiB leaf (aligned, otherwise valid) faults;
 * without N the same leaves work. */
        TC(5)
        li   a1, VA_2M
        li   a2, 0x80000000
        li   a3, F(PTE_R | PTE_W | PTE_X) | PTE_N
        li   a4, 1
        call pt_map
        mv   s4, a0
        li   a1, VA_1G
        li   a2, 0x80000000
        li   a3, F(PTE_R | PTE_W | PTE_X) | PTE_N
        li   a4, 2
        call pt_map
        mv   s5, a0
        VPROBE(PRV_S, PROBE_LD, VA_2M + 0x100)
        FAULT(CAUSE_LOAD_PAGE)
        VPROBE(PRV_S, PROBE_LD, VA_1G + 0x100)
        FAULT(CAUSE_LOAD_PAGE)
        /* ppn[3:0] = 1000 on a megapage: reserved too (and misaligned) */
        li   t0, (8 << 10)
        ld   t1, 0(s4)
        or   t1, t1, t0
        sd   t1, 0(s4)
        VPROBE(PRV_S, PROBE_LD, VA_2M + 0x100)
        FAULT(CAUSE_LOAD_PAGE)
        li   t0, ~(PTE_N | (8 << 10))
        ld   t1, 0(s4)
        and  t1, t1, t0
        sd   t1, 0(s4)
        li   t0, ~PTE_N
        ld   t1, 0(s5)
        and  t1, t1, t0
        sd   t1, 0(s5)
        lla  a0, priv_page_a + 0x20
        li   t0, 0x80000000
        sub  a0, a0, t0
        li   t0, VA_2M
        add  a0, a0, t0
        mv   s0, a0
        li   a1, PROBE_LD
        li   a3, PRV_S
        call priv_probe
        OK
        EXPECT(a0, MAGIC_A + 4)

/* 6: N in a non-leaf PTE faults: the level-1 pointer of the range's
 * walk (with ppn[3:0] as it is, then = 1000 is impossible for a table,
 * so also the root pointer). */
        TC(6)
        csrr t0, satp
        slli t0, t0, 20
        srli t0, t0, 8          /* root table */
        addi s4, t0, 8          /* root PTE for VA 0x4000_0000 (index 1) */
        ld   s6, 0(s4)
        srli t0, s6, 10
        slli s5, t0, 12         /* s5 = level-1 PTE (index 0) */
        ld   s3, 0(s5)
        li   t0, PTE_N
        or   t0, t0, s3
        sd   t0, 0(s5)
        VPROBE(PRV_S, PROBE_LD, VN(3))
        FAULT(CAUSE_LOAD_PAGE)
        sd   s3, 0(s5)
        li   t0, PTE_N
        or   t0, t0, s6
        sd   t0, 0(s4)
        VPROBE(PRV_S, PROBE_LD, VN(3))
        FAULT(CAUSE_LOAD_PAGE)
        sd   s6, 0(s4)
        NLOAD(3, 8, 0)          /* dword 1 of page 3: never written */

/* 7: A and D: a load sets A, a store D, in the PTE read (VN(6)'s), which
 * keeps its ppn[3:0] = 1000 and N (menvcfg.ADUE = 1; QEMU 7.2 always
 * updates A/D). */
        TC(7)
        li   t0, MENVCFG_ADUE_
        csrs menvcfg, t0
        li   t0, ~(PTE_A | PTE_D)
        and  s3, s2, t0         /* s3 = NAPOT PTE without A, D */
        NPTE(s4, 6)
        sd   s3, 0(s4)
        NLOAD(6, 0xff8, 0x6006)
        ld   a0, 0(s4)
        ori  t0, s3, PTE_A
        EXPECT_REG(a0, t0)
        VPROBE(PRV_S, PROBE_SD, VN(6) + 0x18)
        OK
        ld   a0, 0(s4)
        ori  t0, s3, PTE_A | PTE_D
        EXPECT_REG(a0, t0)
        lla  t0, napot_mem
        li   t1, 6 * 4096 + 0x18
        add  t0, t0, t1
        ld   a0, 0(t0)
        EXPECT(a0, 0x77)
        li   t0, MENVCFG_ADUE_
        csrc menvcfg, t0

/* 8: SFENCE.VMA by address drops a NAPOT page's translation: in S-mode,
 * load VN(9) (cached), make its PTE invalid, fence VN(9): the next load
 * faults. */
        TC(8)
        NPTE(s4, 9)
        sd   s2, 0(s4)
        IDENT_FOR_S
        li   a6, VN(9)
        mv   s0, a6
        li   a7, VN(9) + 0xff8
        RUN_IN(PRV_S, 2f, 1f)
2:      ld   a0, 0(a7)
        sd   zero, 0(s4)
        sfence.vma a6, x0
        ld   a1, 0(a6)
        ecall
1:      EXPECT_CAUSE(CAUSE_LOAD_PAGE)
        EXPECT_REG(s10, s0)
        EXPECT(a0, 0x6009)

        csrw satp, zero
        csrw menvcfg, zero
        sfence.vma
PRIV_END

        .section .rodata
/* ppn[3:0] values reserved with N = 1 */
napot_bad:
        .byte 0x0, 0x1, 0x2, 0x4, 0xc, 0xa, 0x9, 0xf

        .bss
        .balign 65536
napot_mem:
        .skip 65536
