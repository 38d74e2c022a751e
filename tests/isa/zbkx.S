/* Zbkx (unprivileged spec, scalar cryptography chapter): crossbar
 * permutations.  xperm4: nibble i of rd = nibble (nibble i of rs2) of rs1
 * (16 nibbles, every index valid); xperm8: byte i of rd = byte (byte i of
 * rs2) of rs1, or 0 when that index is 8 or more. */
#include "isa.h"

        .option arch, +zbkx

#define A 0x0123456789abcdef

ISA_BEGIN
        /* identity and reversal */
        TEST_RR(1, xperm4, A, A, 0xfedcba9876543210)
        TEST_RR(2, xperm4, 0xf8f9fafbfcfdfeff, A, 0x0706050403020100)
        TEST_RR(3, xperm8, A, A, 0x0706050403020100)
        TEST_RR(4, xperm8, 0xefcdab8967452301, A, 0x0001020304050607)
        /* broadcasts */
        TEST_RR(5, xperm4, 0x1111111111111111, 1, 0)
        TEST_RR(6, xperm8, 0x0101010101010101, 1, 0)
        TEST_RR(7, xperm4, 0xbbbbbbbbbbbbbb00, 0x1b, 0x87)
        TEST_RR(8, xperm8, 0x1b1b1b1b1b1b1b00, 0x1b, 0x87)
        /* xperm8: indexes 8..255 give 0 */
        TEST_RR(9, xperm8, 0x0000cdab89674523, A, 0x08ff010203040506)
        TEST_RR(10, xperm8, 0, A, 0xfedcba9876543210)
        TEST_RR(11, xperm8, 0xbebebebabebebeba, 0xdeadbeefcafebabe, 0x100000001)
        TEST_RR(12, xperm4, 0xeeeeeeebeeeeeeeb, 0xdeadbeefcafebabe, 0x100000001)
        TEST_RR(13, xperm4, 0xf700fefdfcfbfaf9, A, 0x08ff010203040506)
        /* rd = rs1 / rs2; x0 */
        TEST_RR_SRC1_EQ_DEST(14, xperm8, 0x0000cdab89674523, A, 0x08ff010203040506)
        TEST_RR_SRC2_EQ_DEST(15, xperm4, 0xf8f9fafbfcfdfeff, A, 0x0706050403020100)
        TESTCASE(16); li a2, 0x0706050403020100; xperm8 a0, x0, a2; EXPECT(a0, 0)
        TESTCASE(17); li a1, A; xperm4 a0, a1, x0; EXPECT(a0, 0xffffffffffffffff)
        /* the encodings: xperm4/xperm8 a0, a1, a2 (funct7 0x14, funct3 2/4) */
        TESTCASE(18)
        la a1, enc; lwu a0, 0(a1); EXPECT(a0, 0x28c5a533)
        lwu a0, 4(a1); EXPECT(a0, 0x28c5c533)
ISA_END

        .text
enc:    xperm4 a0, a1, a2
        xperm8 a0, a1, a2
