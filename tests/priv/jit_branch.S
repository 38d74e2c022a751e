/* Calls from hot (compiled) code into another page after what that page
 * holds changes.  rvkvm's JIT gives each exit to another page a branch
 * cache (the compiled block it last went to, checked against the fetch
 * TLB and the code generation on every use).  Each check warms the call
 * up 50 times (compiled, cache filled), changes the callee and calls
 * twice more (the first call refills the TLB, the second would take a
 * cache that outlived the change):
 *   1: a JAL into the next virtual page, remapped to another physical
 *      page with an SFENCE.VMA of it: the new page's code runs;
 *   2: a JALR into that page, remapped back: likewise;
 *   3: the callee's first instruction rewritten, then FENCE.I: the new
 *      instruction runs, through the JAL and the JALR;
 *   4: one JALR alternating between two targets in other pages;
 *   5: a JALR dispatching to three targets in its own page (its target
 *      table: two of them share a slot), then one target rewritten and
 *      FENCE.I: each dispatch reaches its own target, and the new code;
 *      the dispatching block counts in seven more registers, so all its
 *      host registers hold guest ones when a dispatch misses (before
 *      the targets are compiled) and leaves through its epilogue.
 * The same program passes on QEMU. */
#include "priv.h"

#define CALLVA 0x40000000        /* page Z: kjal */
#define CALLEE (CALLVA + 0x1000) /* page X or Y */
#define OTHER  (CALLVA + 0x2000) /* page Y */
#define WARM 50

/* a6 = a leaf PTE for label with flags (t0 clobbered) */
#define PTE_TO(label, flags) lla a6, label; srli a6, a6, 12; slli a6, a6, 10; li t0, F(flags); or a6, a6, t0
/* s1 = WARM calls of the callee at t1 (jalr), summed into s2 */
#define WARM_UP li s1, WARM; li s2, 0; 9001: jalr t1; add s2, s2, a0; addi s1, s1, -1; bnez s1, 9001b

/* In S: calls through `call` (jalr) warmed up while CALLEE holds page
 * `before`'s function, CALLEE remapped to page `to` and fenced, two more
 * calls, which must reach `to`'s function, returning `after` */
#define CALL_REMAPPED(call, to, before, after)                          \
        li a1, CALLEE; PTE_TO(to, PTE_R | PTE_X);                       \
        RUN_IN(PRV_S, 9002f, 9003f);                                    \
9002:   li t1, call; WARM_UP; mv s3, s2; sd a6, 0(s5);                  \
        sfence.vma a1, x0; jalr t1; mv s4, a0; jalr t1; mv s6, a0; ecall; \
9003:   EXPECT_CAUSE(CAUSE_ECALL_S); EXPECT(s3, before * WARM);         \
        EXPECT(s4, after); EXPECT(s6, after)

PRIV_BEGIN
        li   a0, 3
        call pt_new
        mv   s7, a0
        MAP_L(CALLVA, page_z, F(PTE_R | PTE_X), 0)
        MAP_L(CALLEE, page_x, F(PTE_R | PTE_X), 0)
        mv   s5, a0             /* s5 = address of CALLEE's PTE */
        MAP_L(OTHER, page_y, F(PTE_R | PTE_X), 0)
        csrw satp, s7
        sfence.vma

/* 1: JAL (kjal, in page Z) into CALLEE: page X, then page Y */
        TC(1)
        CALL_REMAPPED(CALLVA, page_y, 0xA, 0xB)

/* 2: JALR straight into CALLEE: page Y, then page X */
        TC(2)
        CALL_REMAPPED(CALLEE, page_x, 0xB, 0xA)

/* 3: page X's first instruction rewritten (li a0, 0xA -> li a0, 0xC)
 * through its identity mapping, then FENCE.I */
        TC(3)
        lla  a1, page_x
        lw   a2, 0(a1)
        li   t0, 0xA << 20
        xor  a2, a2, t0
        li   t0, 0xC << 20
        xor  a2, a2, t0
        RUN_IN(PRV_S, 2f, 1f)
2:      li   t1, CALLVA
        WARM_UP
        li   t1, CALLEE
        WARM_UP
        sw   a2, 0(a1)
        fence.i
        li   t1, CALLVA
        jalr t1
        mv   s3, a0
        jalr t1
        mv   s4, a0
        li   t1, CALLEE
        jalr t1
        mv   s6, a0
        jalr t1
        mv   s2, a0
        ecall
1:      EXPECT_CAUSE(CAUSE_ECALL_S)
        EXPECT(s3, 0xC)
        EXPECT(s4, 0xC)
        EXPECT(s6, 0xC)
        EXPECT(s2, 0xC)

/* 4: one JALR site, CALLEE (0xC now) and OTHER (0xB) in turn */
        TC(4)
        RUN_IN(PRV_S, 2f, 1f)
2:      li   s1, WARM
        li   s2, 0
        li   a3, CALLEE
        li   a4, OTHER
3:      mv   t1, a3
        mv   a3, a4
        mv   a4, t1
        jalr t1
        slli s2, s2, 1
        add  s2, s2, a0
        addi s1, s1, -1
        bnez s1, 3b
        ecall
1:      EXPECT_CAUSE(CAUSE_ECALL_S)
        EXPECT(s2, 0x2eaaaaaaaaaa9f)    /* s2 = 2 * s2 + 0xC, 0xB, 0xC, ... (50 calls) */

        csrw satp, zero
        sfence.vma

/* 5: 80 dispatches through jt_table (h_a 30, h_b 20, h_c 30) */
        TC(5)
        li   s2, 0
        lla  a1, jt_table
        li   a2, 80
        li   t2, 0
        li   a4, 0
        li   a5, 0
        li   t3, 0
        li   t4, 0
        li   t5, 0
        li   t6, 0
        call jt_loop
        add  s3, t2, a4
        add  s3, s3, a5
        add  s3, s3, t3
        add  s3, s3, t4
        add  s3, s3, t5
        add  s3, s3, t6
        EXPECT(s3, 7 * 2 * 80)
        EXPECT(s2, 30 + 20 * 0x100 + 30 * 0x10000)
        lla  a1, h_b            /* li a0, 0x100 -> li a0, 0x200 */
        lw   a2, 0(a1)
        li   t0, (0x100 ^ 0x200) << 20
        xor  a2, a2, t0
        sw   a2, 0(a1)
        fence.i
        li   s2, 0
        lla  a1, jt_table
        li   a2, 80
        call jt_loop
        EXPECT(s2, 30 + 20 * 0x200 + 30 * 0x10000)
        j    done

done:
PRIV_END

/* The callee pages: Z calls into the page after it by a JAL; X and Y
 * each hold one function at their start. */
        .text
        .balign 4096
        .option push
        .option norvc
page_z:
kjal:   mv   t2, ra
        jal  ra, page_x
        mv   ra, t2
        ret
        .balign 4096
page_x: li   a0, 0xA
        ret
        .balign 4096
page_y: li   a0, 0xB
        ret
        .balign 4096
/* jt_loop: a2 dispatches through the 8 handlers at a1 (in turn, from the
 * start), by one JALR in this page: s2 += each handler's a0, and t2, a4,
 * a5, t3-t6 += 2 each.  The
 * handlers' offsets put h_a and h_c in the same slot of a 16-slot table
 * indexed by bits 1-4 of t ^ t >> 4 (0x100 and 0x300 both give 8), h_b
 * in another. */
page_w:
jt_loop:
        li   a3, 0
1:      andi t1, a3, 7
        slli t1, t1, 3
        add  t1, t1, a1
        ld   t1, 0(t1)
        .irp r, t2, a4, a5, t3, t4, t5, t6
        addi \r, \r, 1
        addi \r, \r, 1
        .endr
        jr   t1
jt_back:
        add  s2, s2, a0
        addi a3, a3, 1
        bne  a3, a2, 1b
        ret
        .org page_w + 0x100
h_a:    li   a0, 1
        j    jt_back
        .org page_w + 0x140
h_b:    li   a0, 0x100
        j    jt_back
        .org page_w + 0x300
h_c:    li   a0, 0x10000
        j    jt_back
        .balign 4096
        .option pop
        .data
        .balign 8
jt_table:
        .dword h_a, h_b, h_c, h_a, h_c, h_c, h_b, h_a
