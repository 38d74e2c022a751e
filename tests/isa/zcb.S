/* Zcb (unprivileged spec, "Zcb" in the Zc* chapter): 16-bit forms, each
 * exactly its 32-bit operation; registers are x8..x15 (rd'/rs1'/rs2').
 *   C0 funct6 100000 c.lbu, 100001 c.lhu (bit 6 = 0) / c.lh (bit 6 = 1),
 *      100010 c.sb, 100011 c.sh: uimm[1] = bit 5, uimm[0] = bit 6 (bytes)
 *   C1 funct6 100111, bits 6:5 = 11: bits 4:2 = 0 c.zext.b, 1 c.sext.b,
 *      2 c.zext.h, 3 c.sext.h, 4 c.zext.w, 5 c.not; bits 6:5 = 10: c.mul
 * binutils 2.40 lacks Zcb, so the encodings are built here (and checked
 * against the spec's fixed bits in check 1).  Not run on QEMU 7.2. */
#include "isa.h"

#define CR(r) ((r) - 8)   /* x8..x15 -> rd'/rs1'/rs2' field */
#define X_A0 10
#define X_A1 11
#define X_A2 12
#define X_A3 13
#define X_S1 9
#define C_LBU(rd, u, rs1) .hword 0x8000 | CR(rs1) << 7 | ((u) & 1) << 6 | ((u) >> 1 & 1) << 5 | CR(rd) << 2
#define C_LHU(rd, u, rs1) .hword 0x8400 | CR(rs1) << 7 | ((u) >> 1 & 1) << 5 | CR(rd) << 2
#define C_LH(rd, u, rs1)  .hword 0x8440 | CR(rs1) << 7 | ((u) >> 1 & 1) << 5 | CR(rd) << 2
#define C_SB(rs2, u, rs1) .hword 0x8800 | CR(rs1) << 7 | ((u) & 1) << 6 | ((u) >> 1 & 1) << 5 | CR(rs2) << 2
#define C_SH(rs2, u, rs1) .hword 0x8c00 | CR(rs1) << 7 | ((u) >> 1 & 1) << 5 | CR(rs2) << 2
#define C_UNARY(k, rsd)   .hword 0x9c61 | CR(rsd) << 7 | (k) << 2
#define C_ZEXT_B(rsd) C_UNARY(0, rsd)
#define C_SEXT_B(rsd) C_UNARY(1, rsd)
#define C_ZEXT_H(rsd) C_UNARY(2, rsd)
#define C_SEXT_H(rsd) C_UNARY(3, rsd)
#define C_ZEXT_W(rsd) C_UNARY(4, rsd)
#define C_NOT(rsd)    C_UNARY(5, rsd)
#define C_MUL(rsd, rs2) .hword 0x9c41 | CR(rsd) << 7 | CR(rs2) << 2

#define TEST_UN(n, OP, res, v) TESTCASE(n); li a0, v; OP(X_A0); EXPECT(a0, res)

ISA_BEGIN
        /* 1: the encodings against the spec's (MATCH values of a0/a1 forms) */
        TESTCASE(1)
        la a1, enc
        lhu a0, 0(a1);  EXPECT(a0, 0x8000 | 3 << 7 | 2 << 2)   /* c.lbu a0, 0(a1) */
        lhu a0, 2(a1);  EXPECT(a0, 0x9c61 | 2 << 7)            /* c.zext.b a0 */
        lhu a0, 4(a1);  EXPECT(a0, 0x9c75 | 2 << 7)            /* c.not a0 */
        lhu a0, 6(a1);  EXPECT(a0, 0x9c41 | 2 << 7 | 3 << 2)   /* c.mul a0, a1 */
        lhu a0, 8(a1);  EXPECT(a0, 0x8c00 | 3 << 7 | 2 << 2 | 1 << 5) /* c.sh a0, 2(a1) */

        /* 2-9: loads at every offset (buf = 80 ff 01 7f 34 12 00 80) */
        TESTCASE(2); la a1, buf; C_LBU(X_A0, 0, X_A1); EXPECT(a0, 0x80)
        TESTCASE(3); la a1, buf; C_LBU(X_A0, 1, X_A1); EXPECT(a0, 0xff)
        TESTCASE(4); la a1, buf; C_LBU(X_A0, 2, X_A1); EXPECT(a0, 0x01)
        TESTCASE(5); la a1, buf; C_LBU(X_A0, 3, X_A1); EXPECT(a0, 0x7f)
        TESTCASE(6); la a1, buf; C_LHU(X_A0, 0, X_A1); EXPECT(a0, 0xff80)
        TESTCASE(7); la a1, buf; C_LHU(X_A0, 2, X_A1); EXPECT(a0, 0x7f01)
        TESTCASE(8); la a1, buf; C_LH(X_A0, 0, X_A1); EXPECT(a0, 0xffffffffffffff80)
        TESTCASE(9); la a1, buf; addi a1, a1, 4; C_LH(X_A0, 2, X_A1); EXPECT(a0, 0xffffffffffff8000)
        TESTCASE(10); la a1, buf; addi a1, a1, 4; C_LH(X_A0, 0, X_A1); EXPECT(a0, 0x1234)
        TESTCASE(11); la a1, buf; addi a1, a1, 4; C_LHU(X_A0, 2, X_A1); EXPECT(a0, 0x8000)
        /* rd == rs1 */
        TESTCASE(12); la a1, buf; C_LBU(X_A1, 1, X_A1); EXPECT(a1, 0xff)

        /* 13-18: stores write only their bytes */
        TESTCASE(13)
        la a1, sbuf; sd zero, 0(a1)
        li a2, 0x1122334455667788
        C_SB(X_A2, 0, X_A1); C_SB(X_A2, 3, X_A1)
        ld a0, 0(a1); EXPECT(a0, 0x0000000088000088)
        TESTCASE(14)
        li a3, 0xabcd
        C_SH(X_A3, 0, X_A1); ld a0, 0(a1); EXPECT(a0, 0x000000008800abcd)
        C_SH(X_A3, 2, X_A1); ld a0, 0(a1); EXPECT(a0, 0x00000000abcdabcd)
        TESTCASE(15)
        C_SB(X_A2, 1, X_A1); C_SB(X_A2, 2, X_A1); ld a0, 0(a1); EXPECT(a0, 0x00000000ab8888cd)
        /* a misaligned c.sh/c.lhu (address + 1, uimm 2): completes like sh/lhu */
        TESTCASE(16)
        addi s1, a1, 1; li a3, 0x5a6b
        C_SH(X_A3, 2, X_S1); ld a0, 0(a1); EXPECT(a0, 0x0000005a6b8888cd)
        C_LHU(X_A0, 2, X_S1); EXPECT(a0, 0x5a6b)

        /* 17-: the register forms */
        TEST_UN(17, C_ZEXT_B, 0xef, 0x0123456789abcdef)
        TEST_UN(18, C_ZEXT_B, 0x80, -128)
        TEST_UN(19, C_SEXT_B, 0xffffffffffffffef, 0x0123456789abcdef)
        TEST_UN(20, C_SEXT_B, 0x7f, 0xffffffffffffff7f)
        TEST_UN(21, C_ZEXT_H, 0xcdef, 0x0123456789abcdef)
        TEST_UN(22, C_ZEXT_H, 0x8000, -32768)
        TEST_UN(23, C_SEXT_H, 0xffffffffffffcdef, 0x0123456789abcdef)
        TEST_UN(24, C_SEXT_H, 0x7fff, 0xffffffffffff7fff)
        TEST_UN(25, C_ZEXT_W, 0x89abcdef, 0x0123456789abcdef)
        TEST_UN(26, C_ZEXT_W, 0xffffffff, -1)
        TEST_UN(27, C_NOT, 0xfedcba9876543210, 0x0123456789abcdef)
        TEST_UN(28, C_NOT, 0, -1)
        TESTCASE(29); li a0, 7; li a1, -3; C_MUL(X_A0, X_A1); EXPECT(a0, -21)
        TESTCASE(30); li a0, 0x100000001; li a1, 0x100000001; C_MUL(X_A0, X_A1); EXPECT(a0, 0x200000001)
        TESTCASE(31); li a0, 0x123456789; C_MUL(X_A0, X_A0); EXPECT(a0, 0x4b66dc326fb98751)
        /* other registers untouched */
        TESTCASE(32); li a0, 5; li a1, 6; C_MUL(X_A0, X_A1); EXPECT(a1, 6)
        /* the reserved unary forms (bits 4:2 = 6, 7) and c.sh with bit 6
         * set are illegal */
        INSTALL_TRAP
        TESTCASE(33); ARM_TRAP; C_UNARY(6, X_A0); EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)
        TESTCASE(34); ARM_TRAP; C_UNARY(7, X_A0); EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)
        TESTCASE(35); la a1, sbuf; ARM_TRAP; .hword 0x8c40 | 3 << 7 | 2 << 2; EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)
        UNINSTALL_TRAP
ISA_END

        .text
enc:    C_LBU(X_A0, 0, X_A1)
        C_ZEXT_B(X_A0)
        C_NOT(X_A0)
        C_MUL(X_A0, X_A1)
        C_SH(X_A0, 2, X_A1)

        .data
        .balign 8
buf:    .byte 0x80, 0xff, 0x01, 0x7f, 0x34, 0x12, 0x00, 0x80
sbuf:   .dword 0, 0
