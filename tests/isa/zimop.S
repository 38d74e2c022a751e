/* Zimop and Zcmop (unprivileged spec, "May-Be-Operations"):
 *   MOP.R.n  (n 0..31): 1 n4 00 n3n2 0111 n1n0 rs1 100 rd 1110011
 *   MOP.RR.n (n 0..7):  1 n2 00 n1n0 1 rs2 rs1 100 rd 1110011
 * write 0 to x[rd] and nothing else;
 *   C.MOP.n (n odd 1..15): 011 0 0 n[3:1] 1 00000 01, C.LUI's reserved
 *   nzimm = 0 space with rd = n, writes nothing at all.
 * binutils 2.40 has neither, so the encodings are built here.  Not run on
 * QEMU 7.2 (no Zimop/Zcmop). */
#include "isa.h"

#define MOP_R(n, rd, rs1) .word 0x81c04073 | ((n) >> 4 & 1) << 30 | ((n) >> 2 & 3) << 26 | \
                                ((n) & 3) << 20 | (rs1) << 15 | (rd) << 7
#define MOP_RR(n, rd, rs1, rs2) .word 0x82004073 | ((n) >> 2 & 1) << 30 | ((n) & 3) << 26 | \
                                      (rs2) << 20 | (rs1) << 15 | (rd) << 7
#define C_MOP(n) .hword 0x6081 | ((n) >> 1) << 8

#define X_A0 10
#define X_A1 11
#define X_A2 12

ISA_BEGIN
        /* 1: every MOP.R.n writes 0 to rd (rs1 = rd and rs1 != rd) */
        TESTCASE(1)
        .irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
        li a0, -1; li a1, 0x1234
        MOP_R(\n, X_A0, X_A1); EXPECT(a0, 0); EXPECT(a1, 0x1234)
        MOP_R(\n, X_A1, X_A1); EXPECT(a1, 0)
        .endr
        /* 2: every MOP.RR.n writes 0 to rd */
        TESTCASE(2)
        .irp n, 0,1,2,3,4,5,6,7
        li a0, -1; li a1, 5; li a2, 6
        MOP_RR(\n, X_A0, X_A1, X_A2); EXPECT(a0, 0); EXPECT(a1, 5); EXPECT(a2, 6)
        MOP_RR(\n, X_A2, X_A2, X_A2); EXPECT(a2, 0)
        .endr
        /* 3: rd = x0: nothing changes */
        TESTCASE(3); li a1, 7; MOP_R(0, 0, X_A1); MOP_RR(7, 0, X_A1, X_A1); EXPECT(a1, 7)
        /* 4: the spec's encodings of mop.r.0 / mop.r.31 / mop.rr.0 / mop.rr.7
         * with rd = a0, rs1 = a1, rs2 = a2 */
        TESTCASE(4)
        la a1, enc
        lwu a0, 0(a1); EXPECT(a0, 0x81c5c573)
        lwu a0, 4(a1); EXPECT(a0, 0xcdf5c573)
        lwu a0, 8(a1); EXPECT(a0, 0x82c5c573)
        lwu a0, 12(a1); EXPECT(a0, 0xcec5c573)
        /* 5: C.MOP.n writes nothing: x1..x15 (c.mop.3 names gp, this test's
         * check number) keep their values */
        TESTCASE(5)
        li ra, 101; li t0, 105; li t2, 107; li s1, 109; li a1, 111; li a3, 113; li a5, 115
        mv a7, gp
        C_MOP(1); C_MOP(3); C_MOP(5); C_MOP(7); C_MOP(9); C_MOP(11); C_MOP(13); C_MOP(15)
        EXPECT_REG(gp, a7)
        EXPECT(ra, 101); EXPECT(t0, 105); EXPECT(t2, 107); EXPECT(s1, 109)
        EXPECT(a1, 111); EXPECT(a3, 113); EXPECT(a5, 115)
        TESTCASE(6); la a1, enc; lhu a0, 16(a1); EXPECT(a0, 0x6081); lhu a0, 18(a1); EXPECT(a0, 0x6781)
        /* 7-9: outside the MOP patterns stays illegal: funct3 4 with bit
         * 31 set but bits 25:22 not 0111 (mop.r) nor bit 25 (mop.rr);
         * C.LUI nzimm = 0 with an even rd or rd >= 16 (still reserved). */
        INSTALL_TRAP
        TESTCASE(7); ARM_TRAP; .word 0x80004073; EXPECT_TRAP(CAUSE_ILLEGAL_INSN, 0x80004073)
        TESTCASE(8); ARM_TRAP; .hword 0x6201; EXPECT_TRAP(CAUSE_ILLEGAL_INSN, 0x6201)
        TESTCASE(9); ARM_TRAP; .hword 0x6881; EXPECT_TRAP(CAUSE_ILLEGAL_INSN, 0x6881)
        UNINSTALL_TRAP
ISA_END

        .text
enc:    MOP_R(0, X_A0, X_A1)
        MOP_R(31, X_A0, X_A1)
        MOP_RR(0, X_A0, X_A1, X_A2)
        MOP_RR(7, X_A0, X_A1, X_A2)
        C_MOP(1)
        C_MOP(15)
