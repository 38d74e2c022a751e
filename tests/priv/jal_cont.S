/* Blocks that go on through a JAL.  rvkvm decodes a JAL to elsewhere in
 * its page as part of the block (its target's instructions follow it,
 * each of the page's instructions at most once per block), so a block can
 * hold code from below its start, branch back into an earlier stretch,
 * or run into one.  Each check calls its kernel 50 times (compiled from
 * then on, the sum of its results checked) and then once more:
 *   1: forward jumps over code that must not run;
 *   2: a loop whose body lies below the block's start, closed by a
 *      branch with a forward offset back into the first stretch;
 *   3: a call (jal ra) to a leaf in the page: the link is the address
 *      after the jal, and the leaf's return lands there;
 *   4: a jump to code that falls through into the block's start;
 *   5: an ECALL in a stretch below the block's start: mepc is its own
 *      address;
 *   6: the instruction at a jump's target (below the block's start)
 *      rewritten, then FENCE.I: the new instruction runs;
 *   7: six jumps in a row (more than a block goes on through);
 *   8: a jump to the page's last bytes, ending in an instruction that
 *      straddles into the next page;
 *   9: an AUIPC of -2 GiB below the block's start (its offset from the
 *      start and its immediate do not sum within 32 bits).
 * The same program passes on QEMU. */
#include "priv.h"

#define WARM 50

/* s2 = the sum of a0 over WARM calls of k with a1, a2 = v1, v2 (s1
 * clobbered), then a0 = one more call's */
        .macro warm k, v1=0, v2=0
        li   s1, WARM
        li   s2, 0
9001:   li   a1, \v1
        li   a2, \v2
        call \k
        add  s2, s2, a0
        addi s1, s1, -1
        bnez s1, 9001b
        li   a1, \v1
        li   a2, \v2
        call \k
        .endm

/* warm, expecting every call to return want (the sum, and the last call's a0) */
        .macro warm_expect k, want, v1=0
        warm \k, \v1
        EXPECT(s2, (\want) * WARM)
        EXPECT(a0, \want)
        .endm

PRIV_BEGIN
/* 1 */
        TC(1)
        warm_expect kskip, 3

/* 2: a0 = 1 + 2 + ... + 10 */
        TC(2)
        warm_expect kback, 55, 10

/* 3 */
        TC(3)
        warm_expect klink, 11
        lla  a7, klink_ret
        EXPECT_REG(a1, a7)

/* 4: a0 counts to 5, a2 the passes through kinto_pre */
        TC(4)
        warm_expect kinto, 5, 5
        EXPECT(a2, 4)

/* 5: warm with the ECALL skipped, then taken */
        TC(5)
        warm kecall
        EXPECT(s2, 1 * WARM)
        TRY(1f)
        li   a2, 1
        call kecall
1:      EXPECT_CAUSE(CAUSE_ECALL_M)
        EXPECT_EPC_AT(kecall_at)

/* 6: `li a0, 1` at ksmc_insn becomes `li a0, 2` */
        TC(6)
        warm ksmc
        EXPECT(s2, 1 * WARM)
        lla  t0, ksmc_insn
        li   t1, 0x00200513
        sw   t1, 0(t0)
        fence.i
        call ksmc
        EXPECT(a0, 2)
        call ksmc
        EXPECT(a0, 2)

/* 7: 1 + 2 + ... + 64 over six jumps */
        TC(7)
        warm_expect krow, 127

/* 8 */
        TC(8)
        warm_expect kend, 7

/* 9 */
        TC(9)
        warm_expect kauipc, 0x80000000
        j    done

done:
PRIV_END

/* The kernels: one page, 4-byte instructions but where marked. */
        .text
        .balign 4096
        .option push
        .option norvc
page_k:
/* 1: a0 = 3 */
kskip:  li   a0, 0
        j    1f
        addi a0, a0, 100
1:      addi a0, a0, 1
        j    2f
        addi a0, a0, 100
2:      addi a0, a0, 2
        ret

/* 2: the loop body, below kback (a1 counts down, a0 += ++a2) */
kback_body:
        addi a1, a1, -1
        add  a0, a0, a2
        bnez a1, kback_loop
        ret
kback:  li   a0, 0
kback_loop:
        addi a2, a2, 1
        j    kback_body

/* 3: a0 = 11, a1 = the link the leaf saw */
klink:  mv   t6, ra
        li   a0, 0
        jal  ra, kleaf
klink_ret:
        addi a0, a0, 10
        mv   ra, t6
        ret
kleaf:  mv   a1, ra
        addi a0, a0, 1
        ret

/* 4: kinto_pre falls through into kinto_loop (a block from kinto runs
 * into its third instruction, one from kinto_loop into its first) */
kinto:  li   a0, 0
        j    kinto_loop
kinto_pre:
        addi a2, a2, 1
kinto_loop:
        addi a0, a0, 1
        beq  a0, a1, 1f
        j    kinto_pre
1:      ret

/* 5: a0 = 1; an ECALL if a2 != 0 */
kecall_target:
        addi a0, a0, 1
        beqz a2, 1f
kecall_at:
        ecall
1:      ret
kecall: li   a0, 0
        j    kecall_target

/* 6 */
ksmc_insn:
        .word 0x00100513          /* li a0, 1 */
        ret
ksmc:   j    ksmc_insn

/* 7: a0 = 127 */
krow:   li   a0, 1
        j    1f
4:      addi a0, a0, 16
        j    5f
2:      addi a0, a0, 4
        j    3f
6:      addi a0, a0, 64
        ret
1:      addi a0, a0, 2
        j    2b
5:      addi a0, a0, 32
        j    6b
3:      addi a0, a0, 8
        j    4b

/* 9: a0 = kauipc_target - (kauipc_target - 2 GiB) */
kauipc_target:
        auipc a0, 0x80000
        lla  a1, kauipc_target
        sub  a0, a1, a0
        ret
kauipc: j    kauipc_target

/* 8: a0 = 7, the last addi straddling the page's end */
kend:   li   a0, 0
        j    kend_target
        .org page_k + 4096 - 10
kend_target:
        addi a0, a0, 1
        .option rvc
        c.addi a0, 2
        .option norvc
        addi a0, a0, 4            /* page_k + 4094 .. 4098 */
        ret
        .balign 4096
        .option pop
