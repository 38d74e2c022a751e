/* Zbc (unprivileged spec, "B" chapter, "Zbc: Carry-less multiplication"):
 * the 128-bit carry-less product of rs1 and rs2 (XOR of rs1 << i for
 * every set bit i of rs2); clmul gives bits 63:0, clmulh bits 127:64 and
 * clmulr bits 126:63.  Expected values from that definition (the small
 * ones by hand: 0x1b x 0x87 = 0x1b ^ 0x36 ^ 0x6c ^ 0xd80 = 0xdc1; all-ones
 * squared has bit k set for even k, so 0x5555... low and high). */
#include "isa.h"

        .option arch, +zbc

#define A 0x0123456789abcdef
#define B 0xfedcba9876543210

ISA_BEGIN
        TEST_RR(1, clmul, 0xdc1, 0x1b, 0x87)
        TEST_RR(2, clmulh, 0, 0x1b, 0x87)
        TEST_RR(3, clmulr, 0, 0x1b, 0x87)
        TEST_RR(4, clmul, 0x5555555555555555, -1, -1)
        TEST_RR(5, clmulh, 0x5555555555555555, -1, -1)
        TEST_RR(6, clmulr, 0xaaaaaaaaaaaaaaaa, -1, -1)
        /* the top bits: 2^63 x 2^63 = 2^126 */
        TEST_RR(7, clmul, 0, 0x8000000000000000, 0x8000000000000000)
        TEST_RR(8, clmulh, 0x4000000000000000, 0x8000000000000000, 0x8000000000000000)
        TEST_RR(9, clmulr, 0x8000000000000000, 0x8000000000000000, 0x8000000000000000)
        TEST_RR(10, clmul, 0x8000000000000003, 0x8000000000000001, 3)
        TEST_RR(11, clmulh, 1, 0x8000000000000001, 3)
        TEST_RR(12, clmulr, 3, 0x8000000000000001, 3)
        TEST_RR(13, clmul, 0x40a0789828c810f0, A, B)
        TEST_RR(14, clmulh, 0x00e038d8688850b0, A, B)
        TEST_RR(15, clmulr, 0x01c071b0d110a160, A, B)
        TEST_RR(16, clmul, 0x14530451cafebabe, 0xdeadbeefcafebabe, 0x100000001)
        TEST_RR(17, clmulh, 0xdeadbeef, 0xdeadbeefcafebabe, 0x100000001)
        TEST_RR(18, clmulr, 0x1bd5b7dde, 0xdeadbeefcafebabe, 0x100000001)
        TEST_RR(19, clmul, 0, 1, 0)
        /* commutative; rd = rs1 / rs2 / both */
        TEST_RR(20, clmul, 0x40a0789828c810f0, B, A)
        TEST_RR_SRC1_EQ_DEST(21, clmulh, 0x00e038d8688850b0, A, B)
        TEST_RR_SRC2_EQ_DEST(22, clmulr, 0x01c071b0d110a160, A, B)
        TEST_RR_SRC12_EQ_DEST(23, clmul, 0x5555555555555555, -1)
        /* x0 as a source and as rd */
        TESTCASE(24); li a1, A; clmul a0, a1, x0; EXPECT(a0, 0)
        TESTCASE(25); li a1, A; clmulh a0, x0, a1; EXPECT(a0, 0)
        TESTCASE(26); li a1, A; li a2, B; clmul x0, a1, a2; mv a0, x0; EXPECT(a0, 0)
        /* the encodings: clmul/clmulr/clmulh a0, a1, a2 (funct7 5, funct3 1/2/3) */
        TESTCASE(27)
        la a1, enc; lwu a0, 0(a1); EXPECT(a0, 0x0ac59533)
        lwu a0, 4(a1); EXPECT(a0, 0x0ac5a533)
        lwu a0, 8(a1); EXPECT(a0, 0x0ac5b533)
ISA_END

        .text
enc:    clmul a0, a1, a2
        clmulr a0, a1, a2
        clmulh a0, a1, a2
