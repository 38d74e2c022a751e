/* Two loops in one decoded block, hot enough that rvkvm compiles it (each
 * loop a backward branch within the compiled code, sharing its register
 * cache), a break out of the first loop past the second, and indexing by
 * SH1ADD/SH2ADD/SH3ADD on cached registers.  Each case checks every
 * register the kernel leaves.  The same program passes on QEMU. */
#include "isa.h"

ISA_BEGIN
        la   s0, table
        li   s1, 40                   /* warm up: compiled from here on */
1:      li   a0, 10
        mv   a1, s0
        call kloops
        addi s1, s1, -1
        bnez s1, 1b

        /* 1: both loops run: sum 1..10 = 55, t6 = 2 * 9 + 55, acc = 8 * 45 */
        TESTCASE(1)
        li   a0, 10
        mv   a1, s0
        call kloops
        EXPECT(a0, 488)
        EXPECT(t1, 55)
        EXPECT(t6, 73)
        EXPECT(a3, 360)
        EXPECT(a2, 10)

        /* 2: the first loop breaks at table[4] = -1 and skips the second */
        TESTCASE(2)
        li   t0, -1
        sw   t0, 16(s0)
        li   a0, 10
        mv   a1, s0
        li   a2, 77                   /* the second loop must not run */
        call kloops
        EXPECT(a0, 3)                 /* -7 + 1 + 2 + 3 + 4 */
        EXPECT(t1, 10)
        EXPECT(a2, 77)
        li   t0, 5
        sw   t0, 16(s0)

        /* 3: one pass of each loop, accumulators near 2^64 (lea wraps as
         * SH3ADD does) */
        TESTCASE(3)
        li   a0, 1
        mv   a1, s0
        call kloops
        EXPECT(a0, 1 + 0 + 1)         /* sum 1, acc 0, t6 = 2 * 0 + 1 */
        li   a0, 3
        li   a3, -16
        mv   a1, s0
        call kwrap
        EXPECT(a3, 8)                 /* -16 + 0 + 8 + 16 */
        EXPECT(a4, 8)

        /* 4: a loop that keeps ten registers busy (every host register
         * the loop's block caches, and one more in memory), run warm:
         * each ends at its step times 2 * a0 */
        TESTCASE(4)
        li   s1, 3
1:      li   a0, 100
        call kmany
        addi s1, s1, -1
        bnez s1, 1b
        EXPECT(t0, 200)
        EXPECT(t1, 400)
        EXPECT(t2, 600)
        EXPECT(t3, 800)
        EXPECT(t5, 1200)
        EXPECT(t6, 1400)
        EXPECT(a2, 1600)
        EXPECT(a3, 1800)
        EXPECT(a4, 2000)
        EXPECT(a5, 2200)
        EXPECT(a0, 0)

        /* 5: slli 32 + srli pairs (compiled as one 32-bit mov and a
         * shift), warm; one srli a backward jump lands on, done twice;
         * sext.w */
        TESTCASE(5)
        li   s1, 40
1:      li   a1, 0x87654321fedcba98
        li   a3, 0
        call kzext
        addi s1, s1, -1
        bnez s1, 1b
        EXPECT(a0, 0xfedcba98)
        EXPECT(a2, 0xfedcba98 << 2)
        EXPECT(a4, 0xfedcba98 >> 8)
        EXPECT(a5, 0xfedcba98fedcba98)
        EXPECT(t2, 0xfffffffffedcba98)
        EXPECT(a6, 0xfedcba98 >> 4)
        EXPECT(t3, 0xfffffffffedcba98)
        EXPECT(a7, 0xfffffffffedcba98)
        EXPECT(s3, 0xfffffffffedcba98)
        EXPECT(t0, 0)
        EXPECT(a3, 1)
        j    pass

/* a0 = n, a1 = table of words: the sum of table[0..n) (stopping with
 * a0 = -7 + the sum so far at a -1), then 8 * (0 + 1 + ... + n-1), and
 * a0 = sum + that + t6 (2 * (n-1) + sum). */
kloops:
        li   t0, 0
        li   t1, 0
2:      sh2add t2, t0, a1
        lw   t3, 0(t2)
        li   t5, -1
        beq  t3, t5, 4f
        add  t1, t1, t3
        sh1add t6, t0, t1
        addi t0, t0, 1
        bltu t0, a0, 2b
        li   a2, 0
        li   a3, 0
3:      sh3add a4, a2, a3
        mv   a3, a4
        addi a2, a2, 1
        bltu a2, a0, 3b
        add  a0, t1, a3
        add  a0, a0, t6
        ret
4:      li   a0, -7
        add  a0, a0, t1
        ret

/* a3 += 8 * (0 + 1 + ... + a0-1), wrapping */
kwrap:
        li   a2, 0
5:      sh3add a4, a2, a3
        mv   a3, a4
        addi a2, a2, 1
        bltu a2, a0, 5b
        ret

/* a0 iterations: t0..a5 (not t4, EXPECT's) += 2 * their step (1..11,
 * skipping 4), in two adds each; a0 counts down to 0 */
kmany:
        .irp r, t0, t1, t2, t3, t5, t6, a2, a3, a4, a5
        li   \r, 0
        .endr
6:
        .rept 2
        addi t0, t0, 1
        addi t1, t1, 2
        addi t2, t2, 3
        addi t3, t3, 4
        addi t5, t5, 6
        addi t6, t6, 7
        addi a2, a2, 8
        addi a3, a3, 9
        addi a4, a4, 10
        addi a5, a5, 11
        .endr
        addi a0, a0, -1
        bnez a0, 6b
        ret

/* a1 = v: a0 = zext32(v), a2 = zext32(v) << 2, a4 = zext32(v) >> 8,
 * a5 = zext32(v) | v << 32 (the srli reads another register: not a
 * pair), t2 = sext32(v) (srai: not one), a6 = a0 >> 4 (the srli reads
 * another register into the same one: not one); t0 = zext32(v) >> 32
 * = 0 (with a3 = 0 on entry: the srli runs twice, then a3 = 1);
 * t3, a7, s3 = sext32(v) by sext.w (addiw 0: one movsxd) from a
 * register, into itself, and from one the block names only twice */
kzext:
        sext.w t3, a1
        mv   a7, a1
        sext.w a7, a7
        mv   s2, a1
        sext.w s3, s2
        slli a0, a1, 32
        srli a0, a0, 32
        slli a2, a1, 32
        srli a2, a2, 30
        slli a4, a1, 32
        srli a4, a4, 40
        slli t1, a1, 32
        srli a5, t1, 32
        slli t2, a1, 32
        srai t2, t2, 32
        or   a5, a5, t1
        slli a6, a1, 32
        srli a6, a0, 4
        slli t0, a1, 32
7:      srli t0, t0, 32
        bnez a3, 8f
        li   a3, 1
        j    7b
8:      ret

pass:
ISA_END

        .data
        .align 3
table:  .word 1, 2, 3, 4, 5, 6, 7, 8, 9, 10
