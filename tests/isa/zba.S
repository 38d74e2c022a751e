/* Zba address generation (bitmanip spec 1.0): ADD.UW, SH1ADD/SH2ADD/SH3ADD,
 * their .UW forms (rs1 zero-extended from 32 bits first) and SLLI.UW. */
#include "isa.h"

#define A 0x0123456789abcdef
#define B 0xfedcba9876543210

ISA_BEGIN
        /* ADD.UW: zext32(rs1) + rs2 */
        TEST_RR(1, add.uw, 0x01234567ffffffff, B, A)
        TEST_RR(2, add.uw, 0x100000000, 0xffffffffffffffff, 1)
        TEST_RR(3, add.uw, 0x80000000, 0xffffffff80000000, 0)
        TESTCASE(4); li a1, -1; zext.w a0, a1; EXPECT(a0, 0xffffffff)   /* add.uw rd, rs, x0 */
        TESTCASE(5); li a1, 0x123456789; add.uw a0, a1, x0; EXPECT(a0, 0x23456789)
        TEST_RR(6, add.uw, 0, 0x100000000, 0)

        /* SHnADD: (rs1 << n) + rs2 */
        TEST_RR(7, sh1add, 0x0123456789abcdee, A, B)
        TEST_RR(8, sh2add, 0x0369d0369d0369cc, A, B)
        TEST_RR(9, sh3add, 0x07f6e5d4c3b2a188, A, B)
        TEST_RR(10, sh1add, 7, 3, 1)
        TEST_RR(11, sh2add, 13, 3, 1)
        TEST_RR(12, sh3add, 25, 3, 1)
        TEST_RR(13, sh1add, 0, 0x8000000000000000, 0)     /* bits shifted out are lost */
        TEST_RR(14, sh3add, -8, -1, 0)

        /* SHnADD.UW: (zext32(rs1) << n) + rs2 */
        TEST_RR(15, sh1add.uw, 0x012345687654320f, B, A)
        TEST_RR(16, sh2add.uw, 0x0123456962fc962f, B, A)
        TEST_RR(17, sh3add.uw, 0x0123456b3c4d5e6f, B, A)
        TEST_RR(18, sh1add.uw, 0x1fffffffe, -1, 0)
        TEST_RR(19, sh2add.uw, 0x3fffffffc, -1, 0)
        TEST_RR(20, sh3add.uw, 0x7fffffff8, -1, 0)
        TEST_RR(21, sh3add.uw, 0x101, 0xffffffff00000020, 1)
        TEST_RR(22, sh1add.uw, 0, 0x8000000000000000, 0)

        /* SLLI.UW: zext32(rs1) << shamt (6-bit) */
        TEST_RI(23, slli.uw, 0x765432100, B, 4)
        TEST_RI(24, slli.uw, 0x4000000000000000, 0xffffffff80000000, 31)
        TEST_RI(25, slli.uw, 0x8000000000000000, -1, 63)
        TEST_RI(26, slli.uw, 0xffffffff, -1, 0)
        TEST_RI(27, slli.uw, 0xffffffff00000000, -1, 32)
        /* rd == rs1 */
        TEST_RR_SRC1_EQ_DEST(28, sh2add, 0x41, 0x10, 1)
        TEST_RR_SRC12_EQ_DEST(29, add.uw, 0xfffffffe, -1)      /* rs2 is not zero-extended */
ISA_END
