/* RV64I integer computational instructions (unpriv spec ch. "RV32I Base
 * Integer Instruction Set" 2.4 and "RV64I" 4.2): register-register and
 * register-immediate arithmetic, logic, compares and shifts, the 32-bit W
 * forms (which operate on the low 32 bits and sign-extend the result),
 * LUI/AUIPC, and x0 as destination (writes ignored) and source (reads 0). */
#include "isa.h"

ISA_BEGIN
        /* ADD */
        TEST_RR(1, add, 0, 0, 0)
        TEST_RR(2, add, 2, 1, 1)
        TEST_RR(3, add, 10, 3, 7)
        TEST_RR(4, add, 0xffffffffffff8000, 0xffffffffffff8000, 0)
        TEST_RR(5, add, 0, 0x8000000000000000, 0x8000000000000000)
        TEST_RR(6, add, 0x8000000000000000, 0x7fffffffffffffff, 1)
        TEST_RR(7, add, 0, -1, 1)
        TEST_RR(8, add, 0x100000000, 0xffffffff, 1)
        TEST_RR_SRC1_EQ_DEST(9, add, 24, 13, 11)
        TEST_RR_SRC2_EQ_DEST(10, add, 25, 14, 11)
        TEST_RR_SRC12_EQ_DEST(11, add, 26, 13)

        /* SUB */
        TEST_RR(12, sub, 0, 0, 0)
        TEST_RR(13, sub, 0, 1, 1)
        TEST_RR(14, sub, -4, 3, 7)
        TEST_RR(15, sub, 0x8000000000000000, 0, 0x8000000000000000)
        TEST_RR(16, sub, 0x7fffffffffffffff, 0x8000000000000000, 1)
        TEST_RR(17, sub, -1, 0, 1)
        TEST_RR_SRC1_EQ_DEST(18, sub, 2, 13, 11)
        TEST_RR_SRC2_EQ_DEST(19, sub, 3, 14, 11)
        TEST_RR_SRC12_EQ_DEST(20, sub, 0, 13)

        /* ADDI: 12-bit sign-extended immediate */
        TEST_RI(21, addi, 0, 0, 0)
        TEST_RI(22, addi, 2, 1, 1)
        TEST_RI(23, addi, -2045, 3, -2048)
        TEST_RI(24, addi, 0x8000000000000000, 0x7fffffffffffffff, 1)
        TEST_RI(25, addi, 2046, -1, 2047)
        TEST_RI(26, addi, 0x100000000, 0xffffffff, 1)
        TEST_RI_SRC1_EQ_DEST(27, addi, 24, 13, 11)

        /* ADDW / SUBW / ADDIW: low 32 bits, result sign-extended */
        TEST_RR(28, addw, 2, 1, 1)
        TEST_RR(29, addw, 0xffffffff80000000, 0x7fffffff, 1)
        TEST_RR(30, addw, 0, 0xffffffff, 1)
        TEST_RR(31, addw, 0x23456789, 0x123456789, 0)
        TEST_RR(32, addw, 0xffffffff80000000, 0x80000000, 0)
        TEST_RR(33, addw, 3, 0xffffffff00000001, 0x0000000100000002)
        TEST_RR(34, subw, -1, 0, 1)
        TEST_RR(35, subw, 0x7fffffff, 0x80000000, 1)
        TEST_RR(36, subw, 0xffffffff80000000, 0, 0x80000000)
        TEST_RR(37, subw, 2, 0x100000003, 1)
        TEST_RI(38, addiw, 0xffffffff80000000, 0x7fffffff, 1)
        TEST_RI(39, addiw, 0, 0xffffffff, 1)
        TEST_RI(40, addiw, 0x7fffffff, 0x80000000, -1)
        TEST_RI(41, addiw, 0xfffffffffedcba98, 0xfedcba98, 0)
        TEST_RI(42, addiw, 0xffffffff9abcdef0, 0x123456789abcdef0, 0)

        /* SLT / SLTU */
        TEST_RR(43, slt, 0, 0, 0)
        TEST_RR(44, slt, 0, 1, 1)
        TEST_RR(45, slt, 1, 3, 7)
        TEST_RR(46, slt, 0, 7, 3)
        TEST_RR(47, slt, 1, -1, 0)
        TEST_RR(48, slt, 0, 0, -1)
        TEST_RR(49, slt, 1, 0x8000000000000000, 0x7fffffffffffffff)
        TEST_RR(50, slt, 0, 0x7fffffffffffffff, 0x8000000000000000)
        TEST_RR(51, sltu, 0, -1, 0)
        TEST_RR(52, sltu, 1, 0, -1)
        TEST_RR(53, sltu, 0, 0x8000000000000000, 0x7fffffffffffffff)
        TEST_RR(54, sltu, 1, 3, 7)
        TEST_RR(55, sltu, 0, 0, 0)
        TESTCASE(56); li a2, 5; sltu a0, x0, a2; EXPECT(a0, 1)   /* snez */

        /* SLTI / SLTIU: immediate sign-extended; SLTIU compares unsigned */
        TEST_RI(57, slti, 1, -1, 0)
        TEST_RI(58, slti, 0, 0, -1)
        TEST_RI(59, slti, 0, 0x7fffffffffffffff, -2048)
        TEST_RI(60, slti, 1, 0x8000000000000000, 2047)
        TEST_RI(61, slti, 0, 5, 5)
        TEST_RI(62, sltiu, 1, 0, -1)
        TEST_RI(63, sltiu, 0, -1, -1)
        TEST_RI(64, sltiu, 1, 0xfffffffffffff000, -1)
        TEST_RI(65, sltiu, 0, 1, 1)
        TEST_RI(66, sltiu, 1, 0, 1)                             /* seqz */
        TEST_RI(67, sltiu, 0, 0x8000000000000000, 2047)

        /* AND / OR / XOR */
        TEST_RR(68, and, 0x0f000f000f000f00, 0xff00ff00ff00ff00, 0x0f0f0f0f0f0f0f0f)
        TEST_RR(69, or,  0xff0fff0fff0fff0f, 0xff00ff00ff00ff00, 0x0f0f0f0f0f0f0f0f)
        TEST_RR(70, xor, 0xf00ff00ff00ff00f, 0xff00ff00ff00ff00, 0x0f0f0f0f0f0f0f0f)
        TEST_RR(71, and, 0x00f000f000f000f0, 0x00ff00ff00ff00ff, 0xf0f0f0f0f0f0f0f0)
        TEST_RR(72, or,  0xf0fff0fff0fff0ff, 0x00ff00ff00ff00ff, 0xf0f0f0f0f0f0f0f0)
        TEST_RR(73, xor, 0xf00ff00ff00ff00f, 0x00ff00ff00ff00ff, 0xf0f0f0f0f0f0f0f0)
        TEST_RR_SRC12_EQ_DEST(74, and, 0x123, 0x123)
        TEST_RR_SRC1_EQ_DEST(75, or, 0x1f0, 0x130, 0x0f0)
        TEST_RR_SRC12_EQ_DEST(76, xor, 0, 0x123456789)

        /* ANDI / ORI / XORI: immediate sign-extended to 64 bits */
        TEST_RI(77, andi, 0x00ff00ff00ff000f, 0x00ff00ff00ff00ff, -241)
        TEST_RI(78, andi, 0x700, 0xff00ff00ff00ff00, 0x70f)
        TEST_RI(79, ori,  0xffffffffffffffff, 0x00ff00ff00ff00ff, -241)
        TEST_RI(80, ori,  0xff00ff00ff00fff0, 0xff00ff00ff00ff00, 0x0f0)
        TEST_RI(81, xori, 0xff00ff00ff00fff0, 0x00ff00ff00ff00ff, -241)
        TEST_RI(82, xori, 0x00ff00ff00ff07f0, 0x00ff00ff00ff00ff, 0x70f)
        TEST_RI(83, xori, 0xfedcba9876543210, 0x0123456789abcdef, -1)

        /* SLL / SRL / SRA: shift amount is rs2[5:0] */
        TEST_RR(84, sll, 1, 1, 0)
        TEST_RR(85, sll, 2, 1, 1)
        TEST_RR(86, sll, 0x8000000000000000, 1, 63)
        TEST_RR(87, sll, 0xffffffff00000000, -1, 32)
        TEST_RR(88, sll, 1, 1, 64)
        TEST_RR(89, sll, 0x42, 0x21, 0xffffffffffffffc1)
        TEST_RR(90, srl, 0x8000000000000000, 0x8000000000000000, 0)
        TEST_RR(91, srl, 0x4000000000000000, 0x8000000000000000, 1)
        TEST_RR(92, srl, 1, 0x8000000000000000, 63)
        TEST_RR(93, srl, 0xffffffff, -1, 32)
        TEST_RR(94, srl, 0x01ffffffffffffff, -1, 0x47)
        TEST_RR(95, sra, 0xc000000000000000, 0x8000000000000000, 1)
        TEST_RR(96, sra, -1, 0x8000000000000000, 63)
        TEST_RR(97, sra, 1, 0x7fffffffffffffff, 62)
        TEST_RR(98, sra, 0x8000000000000000, 0x8000000000000000, 0x40)
        TEST_RR(99, sra, 0xf818181818181818, 0x8181818181818181, 4)
        TEST_RR(100, sra, 0x123, 0x1234, 4)

        /* SLLI / SRLI / SRAI: 6-bit shamt on RV64 */
        TEST_RI(101, slli, 0x8000000000000000, 1, 63)
        TEST_RI(102, slli, 0x123456789abcdef0, 0x0123456789abcdef, 4)
        TEST_RI(103, slli, 0xffffffff80000000, -1, 31)
        TEST_RI(104, srli, 1, 0x8000000000000000, 63)
        TEST_RI(105, srli, 0x7fffffffffffffff, -1, 1)
        TEST_RI(106, srli, 0x01234567, 0x0123456789abcdef, 32)
        TEST_RI(107, srai, -1, 0x8000000000000000, 63)
        TEST_RI(108, srai, 0xffffffff80000000, 0x8000000000000000, 32)
        TEST_RI(109, srai, 0x7fffffff, 0x7fffffff00000000, 32)
        TEST_RI(110, srai, 0x8123456789abcdef, 0x8123456789abcdef, 0)
        TEST_RI_SRC1_EQ_DEST(111, slli, 0x1230, 0x123, 4)

        /* SLLW / SRLW / SRAW: shamt is rs2[4:0], 32-bit result sign-extended */
        TEST_RR(112, sllw, 0xffffffff80000000, 1, 31)
        TEST_RR(113, sllw, 1, 1, 32)
        TEST_RR(114, sllw, 0x23456780, 0xffffffff12345678, 4)
        TEST_RR(115, sllw, 0xfffffffffffffffe, 0xffffffff, 1)
        TEST_RR(116, srlw, 1, 0x80000000, 31)
        TEST_RR(117, srlw, 0xffffffff80000000, 0xffffffff80000000, 0)
        TEST_RR(118, srlw, 0xfff, 0x123456780000ffff, 4)
        TEST_RR(119, srlw, 0x40000000, 0x80000000, 1)
        TEST_RR(120, srlw, 0x7fffffff, -1, 33)
        TEST_RR(121, sraw, -1, 0x80000000, 31)
        TEST_RR(122, sraw, 0xfffffffff8000000, 0x80000000, 4)
        TEST_RR(123, sraw, 0x07ffffff, 0x7fffffff, 4)
        TEST_RR(124, sraw, 0x7fffffff, 0xffffffff7fffffff, 0)
        TEST_RR(125, sraw, 0xffffffff80000000, 0x80000000, 32)

        /* SLLIW / SRLIW / SRAIW */
        TEST_RI(126, slliw, 0xffffffff80000000, 1, 31)
        TEST_RI(127, slliw, -1, -1, 0)
        TEST_RI(128, slliw, 0x23456780, 0x12345678, 4)
        TEST_RI(129, srliw, 1, 0x80000000, 31)
        TEST_RI(130, srliw, 0xffffffff80000000, 0x80000000, 0)
        TEST_RI(131, srliw, 0x7fffffff, -1, 1)
        TEST_RI(132, sraiw, -1, 0x80000000, 31)
        TEST_RI(133, sraiw, 0, 0x7fffffff, 31)
        TEST_RI(134, sraiw, 0xffffffff80000000, 0x80000000, 0)
        TEST_RI(135, sraiw, 0xfffffffff9abcdef, 0x123456789abcdef0, 4)

        /* LUI: imm << 12, sign-extended from bit 31 */
        TESTCASE(136); lui a0, 0;       EXPECT(a0, 0)
        TESTCASE(137); lui a0, 0xfffff; EXPECT(a0, 0xfffffffffffff000)
        TESTCASE(138); lui a0, 0x7ffff; EXPECT(a0, 0x7ffff000)
        TESTCASE(139); lui a0, 0x80000; EXPECT(a0, 0xffffffff80000000)
        TESTCASE(140); lui a0, 0x12345; EXPECT(a0, 0x12345000)

        /* AUIPC: pc + (imm << 12); the pc is taken from JAL's link value */
        TESTCASE(141); jal a1, 1f
1:      auipc a0, 0;       EXPECT_REG(a0, a1)
        TESTCASE(142); jal a1, 1f
1:      auipc a0, 1;       sub a0, a0, a1; EXPECT(a0, 0x1000)
        TESTCASE(143); jal a1, 1f
1:      auipc a0, 0xfffff; sub a0, a0, a1; EXPECT(a0, -0x1000)
        TESTCASE(144); jal a1, 1f
1:      auipc a0, 0x80000; sub a0, a0, a1; EXPECT(a0, 0xffffffff80000000)

        /* x0: writes are ignored, reads return 0 */
        TESTCASE(145); addi x0, x0, 5;  mv a0, x0; EXPECT(a0, 0)
        TESTCASE(146); lui x0, 0x12345; mv a0, x0; EXPECT(a0, 0)
        TESTCASE(147); li a1, 3; li a2, 4; add x0, a1, a2; mv a0, x0; EXPECT(a0, 0)
        TESTCASE(148); li a1, 77; add a0, x0, a1; EXPECT(a0, 77)
        TESTCASE(149); li a1, 77; sub a0, x0, a1; EXPECT(a0, -77)
        TESTCASE(150); auipc x0, 1;     mv a0, x0; EXPECT(a0, 0)
        TESTCASE(151); li a1, -1; slli x0, a1, 3; sltu x0, x0, a1; mv a0, x0; EXPECT(a0, 0)
        TESTCASE(152); li a1, 5; addw x0, a1, a1; addiw x0, a1, 1; mv a0, x0; EXPECT(a0, 0)
        TESTCASE(153); or a0, x0, x0; EXPECT(a0, 0)

        /* a dependent chain through one register */
        TESTCASE(154)
        li a0, 1
        slli a0, a0, 40
        addi a0, a0, -1
        xori a0, a0, 0x55
        srai a0, a0, 4
        addw a0, a0, a0
        EXPECT(a0, 0xfffffffffffffff4)
ISA_END
