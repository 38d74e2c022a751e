/* RV64M (unpriv spec ch. "M" Extension): MUL/MULH/MULHSU/MULHU/MULW and
 * DIV/DIVU/REM/REMU with their W forms, including the defined results of
 * division by zero (quotient all ones, remainder = dividend) and of signed
 * overflow (most-negative / -1: quotient = dividend, remainder 0). */
#include "isa.h"

#define MIN 0x8000000000000000
#define MAX 0x7fffffffffffffff
#define A   0x0123456789abcdef
#define B   0xfedcba9876543210

ISA_BEGIN
        /* MUL: low 64 bits */
        TEST_RR(1, mul, 0, 0, 0)
        TEST_RR(2, mul, 1, 1, 1)
        TEST_RR(3, mul, 21, 3, 7)
        TEST_RR(4, mul, 1, -1, -1)
        TEST_RR(5, mul, 0xfffffffffffffffe, MAX, 2)
        TEST_RR(6, mul, MIN, MIN, -1)
        TEST_RR(7, mul, 0x2236d88fe5618cf0, A, B)
        TEST_RR(8, mul, -21, -3, 7)
        TEST_RR_SRC12_EQ_DEST(9, mul, 169, 13)

        /* MULH: signed x signed, high 64 bits */
        TEST_RR(10, mulh, 0, 0, 0)
        TEST_RR(11, mulh, 0, 1, 1)
        TEST_RR(12, mulh, -1, -1, 1)
        TEST_RR(13, mulh, 0, -1, -1)
        TEST_RR(14, mulh, 0x4000000000000000, MIN, MIN)
        TEST_RR(15, mulh, 0, MIN, -1)
        TEST_RR(16, mulh, 0x3fffffffffffffff, MAX, MAX)
        TEST_RR(17, mulh, 0xfffeb49923cc0953, A, B)
        TEST_RR(18, mulh, 0xffffffffc0000000, MIN, 0x80000000)

        /* MULHU: unsigned x unsigned */
        TEST_RR(19, mulhu, 0, 0, 0)
        TEST_RR(20, mulhu, 0xfffffffffffffffe, -1, -1)
        TEST_RR(21, mulhu, 1, MIN, 2)
        TEST_RR(22, mulhu, 0, -1, 1)
        TEST_RR(23, mulhu, 0x0121fa00ad77d742, A, B)
        TEST_RR(24, mulhu, 0x40000000, MIN, 0x80000000)

        /* MULHSU: signed rs1 x unsigned rs2 */
        TEST_RR(25, mulhsu, 0, 0, 0)
        TEST_RR(26, mulhsu, -1, -1, -1)
        TEST_RR(27, mulhsu, 0, 1, -1)
        TEST_RR(28, mulhsu, 0x8000000000000000, MIN, -1)
        TEST_RR(29, mulhsu, 0x0121fa00ad77d742, A, B)
        TEST_RR(30, mulhsu, 0xfffeb49923cc0953, B, A)
        TEST_RR(31, mulhsu, -1, -1, 1)

        /* MULW: low 32 bits of the product, sign-extended */
        TEST_RR(32, mulw, 21, 3, 7)
        TEST_RR(33, mulw, -2, 0x7fffffff, 2)
        TEST_RR(34, mulw, 15, 0x100000003, 0x100000005)
        TEST_RR(35, mulw, 0xffffffff80000000, 0x80000000, -1)
        TEST_RR(36, mulw, 0, 0x10000, 0x10000)
        TEST_RR(37, mulw, -21, -3, 7)

        /* DIV: signed, rounds toward zero */
        TEST_RR(38, div, 3, 20, 6)
        TEST_RR(39, div, -3, -20, 6)
        TEST_RR(40, div, -3, 20, -6)
        TEST_RR(41, div, 3, -20, -6)
        TEST_RR(42, div, -1, 20, 0)          /* by zero: all ones */
        TEST_RR(43, div, -1, 0, 0)
        TEST_RR(44, div, -1, MIN, 0)
        TEST_RR(45, div, MIN, MIN, -1)       /* overflow: dividend */
        TEST_RR(46, div, MIN, MIN, 1)
        TEST_RR(47, div, 0, 5, 6)

        /* DIVU */
        TEST_RR(48, divu, 3, 20, 6)
        TEST_RR(49, divu, 0x2aaaaaaaaaaaaaa7, -20, 6)
        TEST_RR(50, divu, -1, 20, 0)         /* by zero: 2^64-1 */
        TEST_RR(51, divu, -1, 0, 0)
        TEST_RR(52, divu, 0, MIN, -1)
        TEST_RR(53, divu, 1, -1, -1)
        TEST_RR(54, divu, 0x4000000000000000, MIN, 2)

        /* REM: sign follows the dividend */
        TEST_RR(55, rem, 2, 20, 6)
        TEST_RR(56, rem, -2, -20, 6)
        TEST_RR(57, rem, 2, 20, -6)
        TEST_RR(58, rem, -2, -20, -6)
        TEST_RR(59, rem, 20, 20, 0)          /* by zero: dividend */
        TEST_RR(60, rem, MIN, MIN, 0)
        TEST_RR(61, rem, 0, MIN, -1)         /* overflow: 0 */
        TEST_RR(62, rem, 0, 0, 0)

        /* REMU */
        TEST_RR(63, remu, 2, 20, 6)
        TEST_RR(64, remu, 2, -20, 6)
        TEST_RR(65, remu, 20, 20, 0)
        TEST_RR(66, remu, -1, -1, 0)
        TEST_RR(67, remu, 0, -1, -1)
        TEST_RR(68, remu, MIN, MIN, -1)

        /* DIVW / DIVUW / REMW / REMUW: 32-bit operands, sign-extended results */
        TEST_RR(69, divw, 3, 20, 6)
        TEST_RR(70, divw, -3, -20, 6)
        TEST_RR(71, divw, -1, 20, 0)
        TEST_RR(72, divw, 0xffffffff80000000, 0x80000000, -1)  /* overflow */
        TEST_RR(73, divw, 3, 0xffffffff00000014, 0x0000000100000006)
        TEST_RR(74, divw, -3, 0xffffffec, 6)
        TEST_RR(75, divw, -1, 0x123456789, 0x100000000)       /* low word 0 */
        TEST_RR(76, divuw, 3, 20, 6)
        TEST_RR(77, divuw, 0x2aaaaaa7, 0xffffffec, 6)
        TEST_RR(78, divuw, -1, 20, 0)        /* 2^32-1, sign-extended */
        TEST_RR(79, divuw, 0xffffffff80000000, 0x80000000, 1)
        TEST_RR(80, divuw, 0, 0x80000000, -1)
        TEST_RR(81, divuw, 1, 0x5ffffffff, 0xffffffff)
        TEST_RR(82, remw, 2, 20, 6)
        TEST_RR(83, remw, -2, -20, 6)
        TEST_RR(84, remw, 0x23456789, 0x123456789, 0)         /* by zero */
        TEST_RR(85, remw, 0xffffffff80000000, 0x80000000, 0)
        TEST_RR(86, remw, 0, 0x80000000, -1)                  /* overflow */
        TEST_RR(87, remw, -2, 0x00000000ffffffec, 0xffffffff00000006)
        TEST_RR(88, remuw, 2, 0xffffffec, 6)
        TEST_RR(89, remuw, 0xffffffff80000001, 0x180000001, 0)
        TEST_RR(90, remuw, 0xffffffff80000000, 0x80000000, -1)
        TEST_RR(91, remuw, 2, 20, 6)
        TEST_RR(92, remuw, 0, 0xffffffff, 0xffffffff)

        /* rd == rs1 / rd == rs2 for the dividers */
        TEST_RR_SRC1_EQ_DEST(93, div, 4, 17, 4)
        TEST_RR_SRC2_EQ_DEST(94, rem, 1, 17, 4)
        TEST_RR_SRC12_EQ_DEST(95, divu, 1, 0x9999)
        TEST_RR_SRC12_EQ_DEST(96, remw, 0, -7)
        /* x0 as divisor and destination */
        TESTCASE(97); li a1, 9; div a0, a1, x0; EXPECT(a0, -1)
        TESTCASE(98); li a1, 9; remu a0, a1, x0; EXPECT(a0, 9)
        TESTCASE(99); li a1, 9; mul x0, a1, a1; div x0, a1, a1; mv a0, x0; EXPECT(a0, 0)
ISA_END
