/* RV64I control transfer (unpriv spec 2.5): JAL, JALR and the conditional
 * branches, taken and not taken, with signed/unsigned edge values, forward
 * and backward, near and far offsets. */
#include "isa.h"

/* The branch must be taken / must fall through. */
#define TEST_BR_TAKEN(n, op, v1, v2)                    \
        TESTCASE(n); li a1, v1; li a2, v2;              \
        op a1, a2, 1f; j fail; 1:
#define TEST_BR_NOT(n, op, v1, v2)                      \
        TESTCASE(n); li a1, v1; li a2, v2;              \
        op a1, a2, fail

#define MIN 0x8000000000000000
#define MAX 0x7fffffffffffffff

ISA_BEGIN
        /* BEQ / BNE compare all 64 bits */
        TEST_BR_TAKEN(1, beq, 0, 0)
        TEST_BR_TAKEN(2, beq, 1, 1)
        TEST_BR_TAKEN(3, beq, -1, -1)
        TEST_BR_NOT(4, beq, 0, 1)
        TEST_BR_NOT(5, beq, 1, 0)
        TEST_BR_NOT(6, beq, -1, 1)
        TEST_BR_NOT(7, beq, 0x100000000, 0)
        TEST_BR_TAKEN(8, bne, 0, 1)
        TEST_BR_TAKEN(9, bne, 1, 0)
        TEST_BR_TAKEN(10, bne, -1, 1)
        TEST_BR_TAKEN(11, bne, 0x100000000, 0)
        TEST_BR_NOT(12, bne, 0, 0)
        TEST_BR_NOT(13, bne, -1, -1)

        /* BLT / BGE: signed */
        TEST_BR_TAKEN(14, blt, 0, 1)
        TEST_BR_TAKEN(15, blt, -1, 1)
        TEST_BR_TAKEN(16, blt, -2, -1)
        TEST_BR_TAKEN(17, blt, MIN, MAX)
        TEST_BR_NOT(18, blt, 1, 0)
        TEST_BR_NOT(19, blt, 1, -1)
        TEST_BR_NOT(20, blt, -1, -2)
        TEST_BR_NOT(21, blt, 0, 0)
        TEST_BR_NOT(22, blt, MAX, MIN)
        TEST_BR_TAKEN(23, bge, 0, 0)
        TEST_BR_TAKEN(24, bge, 1, 0)
        TEST_BR_TAKEN(25, bge, 1, -1)
        TEST_BR_TAKEN(26, bge, -1, -2)
        TEST_BR_TAKEN(27, bge, MAX, MIN)
        TEST_BR_TAKEN(28, bge, -1, -1)
        TEST_BR_NOT(29, bge, 0, 1)
        TEST_BR_NOT(30, bge, -1, 1)
        TEST_BR_NOT(31, bge, MIN, MAX)

        /* BLTU / BGEU: unsigned */
        TEST_BR_TAKEN(32, bltu, 0, 1)
        TEST_BR_TAKEN(33, bltu, 1, -1)
        TEST_BR_TAKEN(34, bltu, MAX, MIN)
        TEST_BR_NOT(35, bltu, 1, 0)
        TEST_BR_NOT(36, bltu, -1, 1)
        TEST_BR_NOT(37, bltu, 0, 0)
        TEST_BR_NOT(38, bltu, MIN, MAX)
        TEST_BR_TAKEN(39, bgeu, 0, 0)
        TEST_BR_TAKEN(40, bgeu, 1, 0)
        TEST_BR_TAKEN(41, bgeu, -1, 1)
        TEST_BR_TAKEN(42, bgeu, MIN, MAX)
        TEST_BR_TAKEN(43, bgeu, -1, -1)
        TEST_BR_NOT(44, bgeu, 0, 1)
        TEST_BR_NOT(45, bgeu, 1, -1)
        TEST_BR_NOT(46, bgeu, MAX, MIN)

        /* same register on both sides */
        TESTCASE(47); li a1, -5; beq a1, a1, 1f; j fail; 1:
        TESTCASE(48); li a1, -5; blt a1, a1, fail; bltu a1, a1, fail; bne a1, a1, fail
        TESTCASE(49); li a1, -5; bge a1, a1, 1f; j fail; 1: bgeu a1, a1, 1f; j fail; 1:

        /* against x0 (beqz/bnez/bltz/bgez/blez/bgtz) */
        TESTCASE(50); li a1, 0;  beqz a1, 1f; j fail; 1: bnez a1, fail
        TESTCASE(51); li a1, -1; bltz a1, 1f; j fail; 1: bgez a1, fail
        TESTCASE(52); li a1, 0;  bgez a1, 1f; j fail; 1: bltz a1, fail
        TESTCASE(53); li a1, 0;  blez a1, 1f; j fail; 1: bgtz a1, fail
        TESTCASE(54); li a1, 1;  bgtz a1, 1f; j fail; 1: blez a1, fail

        /* backward taken branch: a counted loop */
        TESTCASE(55)
        li a1, 10
        li a0, 0
1:      addi a0, a0, 3
        addi a1, a1, -1
        bnez a1, 1b
        EXPECT(a0, 30)
        TESTCASE(56)
        li a1, -3
        li a0, 0
1:      addi a0, a0, 1
        addi a1, a1, 1
        bltu a1, x0, fail           /* never taken */
        blt a1, x0, 1b
        EXPECT(a0, 3)

        /* far branches (offsets near +-4 KiB, exercise all immediate bits) */
        TESTCASE(57)
        .option push
        .option norvc
        li a1, 1
        li a2, 1
        beq a1, a2, far_fwd         /* 12-bit signed offset, +4092 */
        j fail
        .skip 4084, 0
far_fwd:
        j far_check
far_back:
        li a0, 0x5a
        j far_done
        .skip 3000, 0
far_check:
        bne a1, a2, fail
        beq a1, a2, far_back        /* negative offset */
        j fail
far_done:
        .option pop
        EXPECT(a0, 0x5a)

        /* JAL: rd = pc + 4, jumps pc-relative */
        TESTCASE(58)
        la a2, 2f
        jal a1, 1f
2:      j fail
1:      EXPECT_REG(a1, a2)
        TESTCASE(59)
        la a2, 2f
        jal ra, 1f
2:      j fail
1:      EXPECT_REG(ra, a2)
        TESTCASE(60)                /* j: jal x0, no link */
        li a0, 0
        j 1f
        li a0, 1
1:      mv a1, x0
        EXPECT(a0, 0)
        EXPECT(a1, 0)
        TESTCASE(61)                /* backward jal */
        li a0, 0
        j 2f
1:      addi a0, a0, 7
        j 3f
2:      jal a3, 1b
        j fail
3:      EXPECT(a0, 7)
        TESTCASE(62)                /* far jal, more than 4 KiB away */
        la a2, 2f
        jal a1, jal_far
2:      j fail
        .skip 0x2100, 0
jal_far:
        EXPECT_REG(a1, a2)
        TESTCASE(63)                /* far backward jal */
        j 2f
1:      li a0, 0x63
        j 3f
        .skip 0x2100, 0
2:      li a0, 0
        jal x0, 1b
3:      EXPECT(a0, 0x63)

        /* JALR: target = (rs1 + imm) & ~1, rd = pc + 4 */
        TESTCASE(64)
        la a3, 1f
        la a2, 2f
        jalr a1, 0(a3)
2:      j fail
1:      EXPECT_REG(a1, a2)
        TESTCASE(65)                /* positive offset */
        la a3, 1f
        addi a3, a3, -100
        jalr a1, 100(a3)
        j fail
1:
        TESTCASE(66)                /* negative offset */
        la a3, 1f
        addi a3, a3, 2000
        jalr a1, -2000(a3)
        j fail
1:
        TESTCASE(67)                /* bit 0 of the sum is cleared (rs1 odd) */
        la a3, 1f
        addi a3, a3, 1
        jalr a1, 0(a3)
        j fail
1:
        TESTCASE(68)                /* bit 0 of the sum is cleared (imm odd) */
        la a3, 1f
        addi a3, a3, -5
        jalr a1, 6(a3)
        j fail
1:
        TESTCASE(69)                /* rd == rs1: jump uses the old value */
        la a1, 1f
        la a2, 2f
        jalr a1, 0(a1)
2:      j fail
1:      EXPECT_REG(a1, a2)
        TESTCASE(70)                /* rd = x0 (jr), link not written */
        la a3, 1f
        jalr x0, 0(a3)
        j fail
1:      mv a0, x0
        EXPECT(a0, 0)
        TESTCASE(71)                /* call / ret through ra */
        li a0, 0
        call subr
        EXPECT(a0, 0x71)
        TESTCASE(72)                /* largest negative offset from a far base */
        la a3, 1f
        li a4, 0x800
        add a3, a3, a4
        jalr a1, -0x800(a3)
        j fail
        .skip 0x100, 0
1:
ISA_END

subr:
        li a0, 0x71
        ret
