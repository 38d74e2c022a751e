/* Zicond (ratified 1.0): CZERO.EQZ rd = (rs2 == 0) ? 0 : rs1 and
 * CZERO.NEZ rd = (rs2 != 0) ? 0 : rs1, all 64 bits of rs2 tested.
 * Encoding (R-type, OP opcode 0110011, funct7 0000111): funct3 101 is
 * czero.eqz, 111 is czero.nez.  binutils 2.40 lacks the mnemonics, so .insn.
 * Not run on QEMU 7.2, which does not implement Zicond. */
#include "isa.h"

#define CZERO_EQZ(rd, rs1, rs2) .insn r 0x33, 0x5, 0x7, rd, rs1, rs2
#define CZERO_NEZ(rd, rs1, rs2) .insn r 0x33, 0x7, 0x7, rd, rs1, rs2

#define A 0x0123456789abcdef

#define TEST_CZ(n, OP, res, v1, v2)                     \
        TESTCASE(n); li a1, v1; li a2, v2;              \
        OP(a0, a1, a2); EXPECT(a0, res)

ISA_BEGIN
        /* the encodings themselves: czero.eqz/nez a0, a1, a2 */
        TESTCASE(1)
        la a1, enc_eqz; lwu a0, 0(a1); EXPECT(a0, 0x0ec5d533)
        la a1, enc_nez; lwu a0, 0(a1); EXPECT(a0, 0x0ec5f533)

        TEST_CZ(2, CZERO_EQZ, A, A, 1)
        TEST_CZ(3, CZERO_EQZ, 0, A, 0)
        TEST_CZ(4, CZERO_EQZ, A, A, 0x8000000000000000)
        TEST_CZ(5, CZERO_EQZ, A, A, 0x100000000)
        TEST_CZ(6, CZERO_EQZ, -1, -1, -1)
        TEST_CZ(7, CZERO_NEZ, A, A, 0)
        TEST_CZ(8, CZERO_NEZ, 0, A, 1)
        TEST_CZ(9, CZERO_NEZ, 0, A, 0x100000000)
        TEST_CZ(10, CZERO_NEZ, 0, A, 0x8000000000000000)
        TEST_CZ(11, CZERO_NEZ, 0, 0, 0)
        /* x0 operands */
        TESTCASE(12); li a1, A; CZERO_EQZ(a0, a1, x0); EXPECT(a0, 0)
        TESTCASE(13); li a1, A; CZERO_NEZ(a0, a1, x0); EXPECT(a0, A)
        TESTCASE(14); li a2, 5; CZERO_NEZ(a0, x0, a2); CZERO_EQZ(a3, x0, a2)
        EXPECT(a0, 0); EXPECT(a3, 0)
        TESTCASE(15); li a1, 7; li a2, 1; CZERO_EQZ(x0, a1, a2); mv a0, x0; EXPECT(a0, 0)
        /* rd == rs1, rd == rs2 */
        TESTCASE(16); li a1, A; li a2, 3; CZERO_EQZ(a1, a1, a2); EXPECT(a1, A)
        TESTCASE(17); li a1, A; li a2, 3; CZERO_NEZ(a1, a1, a2); EXPECT(a1, 0)
        TESTCASE(18); li a1, A; li a2, 3; CZERO_EQZ(a2, a1, a2); EXPECT(a2, A)
        TESTCASE(19); li a1, A; CZERO_NEZ(a1, a1, a1); EXPECT(a1, 0)
        TESTCASE(20); li a1, A; CZERO_EQZ(a1, a1, a1); EXPECT(a1, A)
        /* conditional select: c ? x : y */
        TESTCASE(21)
        li a4, 111; li a5, 222
        li a2, 9                    /* c != 0 */
        CZERO_EQZ(a0, a4, a2); CZERO_NEZ(a3, a5, a2); or a0, a0, a3
        EXPECT(a0, 111)
        li a2, 0                    /* c == 0 */
        CZERO_EQZ(a0, a4, a2); CZERO_NEZ(a3, a5, a2); or a0, a0, a3
        EXPECT(a0, 222)
ISA_END

        .text
enc_eqz: CZERO_EQZ(a0, a1, a2)
enc_nez: CZERO_NEZ(a0, a1, a2)
