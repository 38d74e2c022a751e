/* Zbb basic bit manipulation (bitmanip spec 1.0): ANDN/ORN/XNOR,
 * CLZ/CTZ/CPOP and their W forms, MIN/MAX/MINU/MAXU, SEXT.B/SEXT.H/ZEXT.H,
 * ROL/ROR/RORI and ROLW/RORW/RORIW, ORC.B and REV8. */
#include "isa.h"

#define A 0x0123456789abcdef
#define B 0xfedcba9876543210
#define MIN 0x8000000000000000
#define MAX 0x7fffffffffffffff

ISA_BEGIN
        /* ANDN / ORN / XNOR: rs2 inverted */
        TEST_RR(1, andn, 0xf000f000f000f000, 0xff00ff00ff00ff00, 0x0f0f0f0f0f0f0f0f)
        TEST_RR(2, orn,  0xfff0fff0fff0fff0, 0xff00ff00ff00ff00, 0x0f0f0f0f0f0f0f0f)
        TEST_RR(3, xnor, 0x0ff00ff00ff00ff0, 0xff00ff00ff00ff00, 0x0f0f0f0f0f0f0f0f)
        TEST_RR(4, andn, 0, -1, -1)
        TEST_RR(5, orn, -1, 0, 0)
        TEST_RR(6, xnor, -1, A, A)
        TEST_RR_SRC12_EQ_DEST(7, andn, 0, A)

        /* CLZ / CTZ / CPOP (64-bit) */
        TEST_R(8, clz, 64, 0)
        TEST_R(9, clz, 0, -1)
        TEST_R(10, clz, 63, 1)
        TEST_R(11, clz, 7, A)
        TEST_R(12, clz, 31, 0x100000000)
        TEST_R(13, ctz, 64, 0)
        TEST_R(14, ctz, 0, -1)
        TEST_R(15, ctz, 63, MIN)
        TEST_R(16, ctz, 4, B)
        TEST_R(17, ctz, 32, 0x100000000)
        TEST_R(18, cpop, 0, 0)
        TEST_R(19, cpop, 64, -1)
        TEST_R(20, cpop, 32, A)
        TEST_R(21, cpop, 1, MIN)
        /* W forms look at bits 31:0 only */
        TEST_R(22, clzw, 32, 0)
        TEST_R(23, clzw, 32, 0xffffffff00000000)
        TEST_R(24, clzw, 0, 0x80000000)
        TEST_R(25, clzw, 31, 0x1)
        TEST_R(26, clzw, 1, 0x123456776543210)
        TEST_R(27, ctzw, 32, 0)
        TEST_R(28, ctzw, 32, 0xffffffff00000000)
        TEST_R(29, ctzw, 31, 0x80000000)
        TEST_R(30, ctzw, 0, -1)
        TEST_R(31, ctzw, 4, B)
        TEST_R(32, cpopw, 0, 0xffffffff00000000)
        TEST_R(33, cpopw, 32, -1)
        TEST_R(34, cpopw, 12, B)

        /* MIN / MAX (signed), MINU / MAXU */
        TEST_RR(35, min, -1, -1, 1)
        TEST_RR(36, min, MIN, MAX, MIN)
        TEST_RR(37, min, 3, 3, 3)
        TEST_RR(38, max, 1, -1, 1)
        TEST_RR(39, max, MAX, MAX, MIN)
        TEST_RR(40, minu, 1, -1, 1)
        TEST_RR(41, minu, MAX, MAX, MIN)
        TEST_RR(42, maxu, -1, -1, 1)
        TEST_RR(43, maxu, MIN, MAX, MIN)
        TEST_RR(44, maxu, 0, 0, 0)
        TEST_RR_SRC2_EQ_DEST(45, min, -5, 7, -5)

        /* SEXT.B / SEXT.H / ZEXT.H */
        TEST_R(46, sext.b, 0xffffffffffffff80, 0x1234567880)
        TEST_R(47, sext.b, 0x7f, 0xffffffffffffff7f)
        TEST_R(48, sext.h, 0xffffffffffff8000, 0x12345678000)
        TEST_R(49, sext.h, 0x7fff, 0xffffffffffff7fff)
        TEST_R(50, zext.h, 0x8000, 0xffffffffffff8000)
        TEST_R(51, zext.h, 0xcdef, A)
        TEST_R(52, sext.b, 0, 0xff00)

        /* ROL / ROR: rotate amount rs2[5:0] */
        TEST_RR(53, rol, 0x123456789abcdef0, A, 4)
        TEST_RR(54, rol, 0x123456789abcdef0, A, 68)
        TEST_RR(55, rol, 0xfdb97530eca86421, B, 1)
        TEST_RR(56, rol, A, A, 0)
        TEST_RR(57, ror, 0xf0123456789abcde, A, 4)
        TEST_RR(58, ror, 0x02468acf13579bde, A, 63)
        TEST_RR(59, ror, 1, MIN, 63)
        TEST_RR(60, ror, MIN, 1, 1)
        TEST_RI(61, rori, 0xf0123456789abcde, A, 4)
        TEST_RI(62, rori, 0x02468acf13579bde, A, 63)
        TEST_RI(63, rori, A, A, 0)
        TEST_RI(64, rori, 0x89abcdef01234567, A, 32)
        /* ROLW / RORW / RORIW: rotate bits 31:0, sign-extend */
        TEST_RR(65, rolw, 3, 0x80000001, 1)
        TEST_RR(66, rolw, 0x23456781, 0x12345678, 4)
        TEST_RR(67, rolw, 0xffffffff80000000, 0xffffffff00000001, 31)
        TEST_RR(68, rolw, 0x76543218, 0x87654321, 36)
        TEST_RR(69, rorw, 0xffffffffc0000000, 0x80000001, 1)
        TEST_RR(70, rorw, 0xffffffff81234567, 0x12345678, 4)
        TEST_RR(71, rorw, 0xffffffff80000000, 1, 1)
        TEST_RR(72, rorw, 0xffffffff87654321, 0x87654321, 32)
        TEST_RI(73, roriw, 0xffffffffc0000000, 0x80000001, 1)
        TEST_RI(74, roriw, 0xffffffff81234567, 0x12345678, 4)
        TEST_RI(75, roriw, 0xffffffff87654321, 0x1234567887654321, 0)
        TEST_RI(76, roriw, 2, 1, 31)

        /* ORC.B / REV8 */
        TEST_R(77, orc.b, 0xff00ffff0000ff00, 0x0100200300004000)
        TEST_R(78, orc.b, 0, 0)
        TEST_R(79, orc.b, -1, 0x0101010101010101)
        TEST_R(80, orc.b, 0xff000000000000ff, 0x8000000000000080)
        TEST_R(81, rev8, 0xefcdab8967452301, A)
        TEST_R(82, rev8, 0x80, MIN)
        TEST_R(83, rev8, 0x0000000000000000, 0)
        TESTCASE(84); li a1, 0x1122334455667788; rev8 a1, a1; EXPECT(a1, 0x8877665544332211)
ISA_END
