/* Zbkb (unprivileged spec, scalar cryptography chapter) beyond Zbb's
 * ror/rol/andn/orn/xnor/rev8 (zbb.S): pack = rs2[31:0] : rs1[31:0],
 * packh = zero-extended rs2[7:0] : rs1[7:0], packw = sign-extended
 * rs2[15:0] : rs1[15:0], brev8 = the bits of each byte reversed.
 * (zip/unzip are RV32-only.)  packw with rs2 = x0 is Zbb's zext.h. */
#include "isa.h"

        .option arch, +zbkb

#define A 0x0123456789abcdef
#define B 0xfedcba9876543210

ISA_BEGIN
        TEST_RR(1, pack, 0x7654321089abcdef, A, B)
        TEST_RR(2, pack, 0x0000000100000002, 0xffffffff00000002, 0xffffffff00000001)
        TEST_RR(3, pack, 0xffffffff, 0xffffffff, 0)
        TEST_RR(4, packh, 0x10ef, A, B)
        TEST_RR(5, packh, 0xffff, -1, -1)
        TEST_RR(6, packh, 0x8000, 0x100, 0x80)
        TEST_RR(7, packw, 0x3210cdef, A, B)
        TEST_RR(8, packw, 0xffffffff8000ffff, 0xffff, 0x8000)  /* bit 31 set: sign-extended */
        TEST_RR(9, packw, 0x7fff0000, 0x12340000, 0x7fff)
        TEST_RR(10, packw, 0xffffffffffffffff, -1, -1)
        TEST_R(11, brev8, 0x80c4a2e691d5b3f7, A)
        TEST_R(12, brev8, 0x0102040810204080, 0x8040201008040201)
        TEST_R(13, brev8, 0xff000ff0f00f0080, 0xff00f00f0ff00001)
        TEST_R(14, brev8, 0, 0)
        /* brev8 twice is the identity; rev8 then brev8 reverses all 64 bits */
        TESTCASE(15); li a1, B; brev8 a0, a1; brev8 a0, a0; EXPECT(a0, B)
        TESTCASE(16); li a1, 1; rev8 a0, a1; brev8 a0, a0; EXPECT(a0, 0x8000000000000000)
        /* rd = rs1 / rs2; x0 operands */
        TEST_RR_SRC1_EQ_DEST(17, pack, 0x7654321089abcdef, A, B)
        TEST_RR_SRC2_EQ_DEST(18, packh, 0x10ef, A, B)
        TEST_RR_SRC12_EQ_DEST(19, packw, 0xffffffffcdefcdef, A)
        TESTCASE(20); li a1, A; pack a0, x0, a1; EXPECT(a0, 0x89abcdef00000000)
        TESTCASE(21); li a1, A; packw a0, a1, x0; EXPECT(a0, 0xcdef)   /* zext.h */
        TESTCASE(22); li a1, A; brev8 x0, a1; mv a0, x0; EXPECT(a0, 0)
        /* the encodings: pack/packh/packw a0, a1, a2 (funct7 4) and brev8 a0, a1 */
        TESTCASE(23)
        la a1, enc; lwu a0, 0(a1); EXPECT(a0, 0x08c5c533)
        lwu a0, 4(a1); EXPECT(a0, 0x08c5f533)
        lwu a0, 8(a1); EXPECT(a0, 0x08c5c53b)
        lwu a0, 12(a1); EXPECT(a0, 0x6875d513)
ISA_END

        .text
enc:    pack a0, a1, a2
        packh a0, a1, a2
        packw a0, a1, a2
        brev8 a0, a1
