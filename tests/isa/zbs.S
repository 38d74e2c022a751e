/* Zbs single-bit instructions (bitmanip spec 1.0): BSET/BCLR/BINV/BEXT and
 * their immediate forms; the bit index is rs2[5:0] (shamt for the I forms). */
#include "isa.h"

#define A 0x0123456789abcdef

ISA_BEGIN
        /* BSET / BSETI */
        TEST_RR(1, bset, 1, 0, 0)
        TEST_RR(2, bset, 0x8000000000000000, 0, 63)
        TEST_RR(3, bset, 0x100000000, 0, 32)
        TEST_RR(4, bset, 0x8000000000000000, 0, 0xffffffffffffffbf)   /* index 63 */
        TEST_RR(5, bset, 2, 0, 65)                                     /* index 1 */
        TEST_RR(6, bset, A, A, 0)                                      /* already set */
        TEST_RI(7, bseti, 0x0123456789abcdff, A, 4)
        TEST_RI(8, bseti, 0x8123456789abcdef, A, 63)
        TEST_RI(9, bseti, 0x80000000, 0, 31)
        /* BCLR / BCLRI */
        TEST_RR(10, bclr, 0xfffffffffffffffe, -1, 0)
        TEST_RR(11, bclr, 0x7fffffffffffffff, -1, 63)
        TEST_RR(12, bclr, 0xfffffffeffffffff, -1, 96)                  /* index 32 */
        TEST_RR(13, bclr, A, A, 4)                                     /* already clear */
        TEST_RI(14, bclri, 0x0123456789abcdee, A, 0)
        TEST_RI(15, bclri, 0x0123456709abcdef, A, 31)
        TEST_RI(16, bclri, 0, 0x8000000000000000, 63)
        /* BINV / BINVI */
        TEST_RR(17, binv, 0x0123456789abcdee, A, 0)
        TEST_RR(18, binv, 0x0123456789abcdff, A, 4)
        TEST_RR(19, binv, 0x8123456789abcdef, A, 127)                  /* index 63 */
        TEST_RI(20, binvi, 0x0123456709abcdef, A, 31)
        TEST_RI(21, binvi, 0x0123456689abcdef, A, 32)
        TEST_RI(22, binvi, 0x8000000000000000, 0, 63)
        /* BEXT / BEXTI: result is 0 or 1 */
        TEST_RR(23, bext, 1, A, 0)
        TEST_RR(24, bext, 0, A, 4)
        TEST_RR(25, bext, 1, 0x8000000000000000, 63)
        TEST_RR(26, bext, 1, 0x8000000000000000, -1)                   /* index 63 */
        TEST_RR(27, bext, 0, 0x7fffffffffffffff, 63)
        TEST_RR(28, bext, 1, 0x100000000, 32)
        TEST_RI(29, bexti, 1, A, 63 - 7)                               /* bit 56 of 0x01.. */
        TEST_RI(30, bexti, 0, A, 57)
        TEST_RI(31, bexti, 1, A, 31)
        TEST_RI(32, bexti, 0, A, 30)
        /* rd == rs1 / rs2 */
        TEST_RR_SRC1_EQ_DEST(33, bset, 0x11, 0x10, 0)
        TEST_RR_SRC2_EQ_DEST(34, bext, 1, 0x10, 4)
        TEST_RR_SRC12_EQ_DEST(35, binv, 0xb, 3)     /* 3 ^ (1 << 3) */
ISA_END
