/* RV64C (unpriv spec ch. "C" Standard Extension): every RV64 compressed
 * instruction, written with explicit c.* mnemonics, at its immediate
 * extremes; C.JALR links pc+2; an all-zero 16-bit word is illegal
 * (mtval = 0); 32-bit instructions at 2-byte alignment, one straddling a
 * page boundary.  (C.JAL is RV32-only; C.EBREAK belongs to the priv suite.) */
#include "isa.h"

ISA_BEGIN
        FP_ENABLE
        la sp, stack

        /* C.LI / C.LUI: 6-bit signed immediates */
        TESTCASE(1); c.li a0, -32; EXPECT(a0, -32)
        TESTCASE(2); c.li a0, 31;  EXPECT(a0, 31)
        TESTCASE(3); c.li a0, 0;   EXPECT(a0, 0)
        TESTCASE(4); c.lui a0, 1;       EXPECT(a0, 0x1000)
        TESTCASE(5); c.lui a0, 0x1f;    EXPECT(a0, 0x1f000)
        TESTCASE(6); c.lui a0, 0xfffff; EXPECT(a0, 0xfffffffffffff000)
        TESTCASE(7); c.lui a0, 0xfffe0; EXPECT(a0, 0xfffffffffffe0000)
        TESTCASE(8); c.lui t1, 0x10;    EXPECT(t1, 0x10000)

        /* C.ADDI / C.ADDIW / C.NOP */
        TESTCASE(9);  li a0, 100; c.addi a0, -32; EXPECT(a0, 68)
        TESTCASE(10); li a0, 100; c.addi a0, 31;  EXPECT(a0, 131)
        TESTCASE(11); li a0, -1; c.addi a0, 1;    EXPECT(a0, 0)
        TESTCASE(12); li a0, 0x7fffffff; c.addiw a0, 1; EXPECT(a0, 0xffffffff80000000)
        TESTCASE(13); li a0, 0x180000000; c.addiw a0, 0; EXPECT(a0, 0xffffffff80000000)
        TESTCASE(14); li a0, 0; c.addiw a0, -1;   EXPECT(a0, -1)
        TESTCASE(15); li a0, 0x100000005; c.addiw a0, -32; EXPECT(a0, -27)
        TESTCASE(16); li a0, 7; c.nop; c.nop; EXPECT(a0, 7)

        /* C.ADDI16SP: multiples of 16 in [-512, 496] */
        TESTCASE(17)
        mv a1, sp
        c.addi16sp sp, -512
        sub a0, a1, sp; EXPECT(a0, 512)
        c.addi16sp sp, 496
        sub a0, a1, sp; EXPECT(a0, 16)
        c.addi16sp sp, 16
        EXPECT_REG(sp, a1)

        /* C.ADDI4SPN: rd' = sp + nzuimm (multiple of 4, up to 1020) */
        TESTCASE(18); c.addi4spn s0, sp, 4;    sub a0, s0, sp; EXPECT(a0, 4)
        TESTCASE(19); c.addi4spn a5, sp, 1020; sub a0, a5, sp; EXPECT(a0, 1020)
        TESTCASE(20); c.addi4spn a0, sp, 16;   sub a0, a0, sp; EXPECT(a0, 16)

        /* C.SLLI / C.SRLI / C.SRAI: 6-bit shamt */
        TESTCASE(21); li a0, 1; c.slli a0, 63; EXPECT(a0, 0x8000000000000000)
        TESTCASE(22); li a0, 1; c.slli a0, 32; EXPECT(a0, 0x100000000)
        TESTCASE(23); li t2, 3; c.slli t2, 1;  EXPECT(t2, 6)
        TESTCASE(24); li s0, 0x8000000000000000; c.srli s0, 1;  EXPECT(s0, 0x4000000000000000)
        TESTCASE(25); li s0, 0x8000000000000000; c.srli s0, 63; EXPECT(s0, 1)
        TESTCASE(26); li a5, -1; c.srli a5, 32; EXPECT(a5, 0xffffffff)
        TESTCASE(27); li s1, 0x8000000000000000; c.srai s1, 63; EXPECT(s1, -1)
        TESTCASE(28); li s1, 0x8000000000000000; c.srai s1, 32; EXPECT(s1, 0xffffffff80000000)
        TESTCASE(29); li a4, -4; c.srai a4, 1; EXPECT(a4, -2)
        TESTCASE(30); li a4, 0x7000000000000000; c.srai a4, 60; EXPECT(a4, 7)

        /* C.ANDI */
        TESTCASE(31); li a2, 0x12345678ff; c.andi a2, -32; EXPECT(a2, 0x12345678e0)
        TESTCASE(32); li a2, 0x12345678ff; c.andi a2, 31;  EXPECT(a2, 0x1f)
        TESTCASE(33); li a2, -1; c.andi a2, 0; EXPECT(a2, 0)

        /* C.SUB / C.XOR / C.OR / C.AND / C.SUBW / C.ADDW */
        TESTCASE(34); li a3, 10; li a4, 3; c.sub a3, a4; EXPECT(a3, 7)
        TESTCASE(35); li a3, 0xff00; li a4, 0x0ff0; c.xor a3, a4; EXPECT(a3, 0xf0f0)
        TESTCASE(36); li a3, 0xff00; li a4, 0x0ff0; c.or a3, a4;  EXPECT(a3, 0xfff0)
        TESTCASE(37); li a3, 0xff00; li a4, 0x0ff0; c.and a3, a4; EXPECT(a3, 0x0f00)
        TESTCASE(38); li a3, 0; li a4, 0x80000000; c.subw a3, a4; EXPECT(a3, 0xffffffff80000000)
        TESTCASE(39); li a3, 0x100000005; li a4, 3; c.subw a3, a4; EXPECT(a3, 2)
        TESTCASE(40); li a3, 0x7fffffff; li a4, 1; c.addw a3, a4; EXPECT(a3, 0xffffffff80000000)
        TESTCASE(41); li a3, 0xffffffff; li a4, 0xffffffff00000001; c.addw a3, a4; EXPECT(a3, 0)
        TESTCASE(42); li s0, -1; li s1, 1; c.sub s0, s1; EXPECT(s0, -2)

        /* C.MV / C.ADD: any registers */
        TESTCASE(43); li t1, 0x123456789; c.mv a0, t1; EXPECT(a0, 0x123456789)
        TESTCASE(44); li t1, 5; li s9, 7; c.add s9, t1; EXPECT(s9, 12)
        TESTCASE(45); li a0, -1; li a1, 1; c.add a0, a1; EXPECT(a0, 0)
        TESTCASE(46); li s8, 42; c.mv t3, s8; c.add t3, t3; EXPECT(t3, 84)

        /* C.LW / C.LD / C.SW / C.SD: x8..x15, scaled offsets */
        TESTCASE(47); la s0, cdata; c.lw a0, 0(s0);   EXPECT(a0, 0xffffffff80000001)
        TESTCASE(48); la s0, cdata; c.lw a0, 124(s0); EXPECT(a0, 0x7ffffff1)
        TESTCASE(49); la s0, cdata; c.ld a1, 0(s0);   EXPECT(a1, 0x0123456780000001)
        TESTCASE(50); la s0, cdata; c.ld a1, 248(s0); EXPECT(a1, 0xfedcba9876543210)
        TESTCASE(51); la a5, cbuf; li a2, -1; sd a2, 0(a5); li a2, 0x11223344
        c.sw a2, 4(a5); ld a0, 0(a5); EXPECT(a0, 0x11223344ffffffff)
        TESTCASE(52); la a5, cbuf; li a2, 0x55667788; c.sw a2, 124(a5); lwu a0, 124(a5)
        EXPECT(a0, 0x55667788)
        TESTCASE(53); la a5, cbuf; li a2, 0xa5a5a5a5a5a5a5a5; c.sd a2, 248(a5); ld a0, 248(a5)
        EXPECT(a0, 0xa5a5a5a5a5a5a5a5)
        TESTCASE(54); la s1, cbuf; li a2, 0x66; c.sd a2, 0(s1); c.ld a4, 0(s1); EXPECT(a4, 0x66)

        /* C.LWSP / C.LDSP / C.SWSP / C.SDSP */
        TESTCASE(55); li a2, 0x80000002; sw a2, 0(sp); c.lwsp a0, 0(sp)
        EXPECT(a0, 0xffffffff80000002)
        TESTCASE(56); li a2, 0x7ffffff2; sw a2, 252(sp); c.lwsp t0, 252(sp)
        EXPECT(t0, 0x7ffffff2)
        TESTCASE(57); li a2, 0x0102030405060708; sd a2, 504(sp); c.ldsp s7, 504(sp)
        EXPECT(s7, 0x0102030405060708)
        TESTCASE(58); li a2, 0x12345678; c.swsp a2, 252(sp); lw a0, 252(sp); EXPECT(a0, 0x12345678)
        TESTCASE(59); li s9, 0x8877665544332211; c.sdsp s9, 504(sp); ld a0, 504(sp)
        EXPECT(a0, 0x8877665544332211)
        TESTCASE(60); li a2, 0x99; c.sdsp a2, 0(sp); c.ldsp a0, 0(sp); EXPECT(a0, 0x99)

        /* C.FLD / C.FSD / C.FLDSP / C.FSDSP */
        TESTCASE(61); la s0, cdata; c.fld fa0, 8(s0); fmv.x.d a0, fa0; EXPECT(a0, 0x400921fb54442d18)
        TESTCASE(62); la s0, cdata; c.fld fa5, 248(s0); fmv.x.d a0, fa5; EXPECT(a0, 0xfedcba9876543210)
        TESTCASE(63); la a5, cbuf; li a2, 0x3ff0000000000000; fmv.d.x fs1, a2
        c.fsd fs1, 248(a5); ld a0, 248(a5); EXPECT(a0, 0x3ff0000000000000)
        TESTCASE(64); li a2, 0x4000000000000000; sd a2, 504(sp); c.fldsp ft11, 504(sp)
        fmv.x.d a0, ft11; EXPECT(a0, 0x4000000000000000)
        TESTCASE(65); li a2, 0xc000000000000000; fmv.d.x fs11, a2; c.fsdsp fs11, 0(sp)
        ld a0, 0(sp); EXPECT(a0, 0xc000000000000000)
        TESTCASE(66); li a2, 0x7ff0000000000001; fmv.d.x ft0, a2; c.fsdsp ft0, 8(sp)
        c.fldsp ft1, 8(sp); fmv.x.d a0, ft1; EXPECT(a0, 0x7ff0000000000001)

        /* C.J */
        TESTCASE(67); li a0, 0; c.j 1f; li a0, 1
1:      EXPECT(a0, 0)
        TESTCASE(68)                /* backward, and the far end of the range */
        c.j 2f
1:      li a0, 68
        c.j 3f
2:      c.j 4f
        .skip 1900, 0
4:      c.j 1b
3:      EXPECT(a0, 68)

        /* C.BEQZ / C.BNEZ: x8..x15, compare the full register */
        TESTCASE(69); li s0, 0; c.beqz s0, 1f; j fail
1:      TESTCASE(70); li s0, 0x100000000; c.beqz s0, fail
        TESTCASE(71); li s1, 0x8000000000000000; c.bnez s1, 1f; j fail
1:      TESTCASE(72); li s1, 0; c.bnez s1, fail
        TESTCASE(73)                /* backward compressed branch loop */
        li a5, 5; li a0, 0
1:      c.addi a0, 2
        c.addi a5, -1
        c.bnez a5, 1b
        EXPECT(a0, 10)
        TESTCASE(74)                /* far-ish (near +-256 B) */
        li a4, 0
        c.beqz a4, 2f
        j fail
        .skip 240, 0
2:

        /* C.JR / C.JALR */
        TESTCASE(75); la a1, 1f; li ra, 0; c.jr a1; j fail
1:      EXPECT(ra, 0)
        TESTCASE(76)                /* c.jalr links pc + 2 */
        la a2, 1f
        la a3, 2f
        c.jalr a2
2:      j fail
1:      EXPECT_REG(ra, a3)
        TESTCASE(77)                /* c.jalr ra: uses the old ra as target */
        la ra, 1f
        la a3, 2f
        c.jalr ra
2:      j fail
1:      EXPECT_REG(ra, a3)
        TESTCASE(78)                /* c.jr clears bit 0 like jalr */
        la a1, 1f
        addi a1, a1, 1
        c.jr a1
        j fail
1:

        /* 32-bit instructions at 2 mod 4, and one straddling a page */
        TESTCASE(79)
        c.nop
        .option push
        .option norvc
        li a0, 5
        addi a0, a0, 100
        .option pop
        EXPECT(a0, 105)
        TESTCASE(80)
        li a0, 1
        call straddle
        EXPECT(a0, 124)

        /* RV64 decodes quadrant 1 funct3 001 as C.ADDIW (C.JAL on RV32) */
        TESTCASE(82)
        li a0, 0x7fffffff
        .2byte 0x2505               /* c.addiw a0, 1 */
        EXPECT(a0, 0xffffffff80000000)

        /* the all-zero 16-bit instruction is illegal; mtval = 0 */
        TESTCASE(81)
        INSTALL_TRAP
        ARM_TRAP
        .2byte 0
        EXPECT_TRAP(CAUSE_ILLEGAL_INSN, 0)

        /* compressed FP loads/stores are FP instructions: illegal with FS=Off */
        TESTCASE(83)
        FP_DISABLE
        la s0, cbuf
        ARM_TRAP
        c.fld fa0, 0(s0)
        EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)
        ARM_TRAP
        c.fsdsp fa0, 0(sp)
        EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)
        FP_ENABLE
        ARM_TRAP
        c.fld fa0, 0(s0)
        EXPECT_NO_TRAP
        UNINSTALL_TRAP
ISA_END

        .text
        .balign 4096
        .skip 4094, 0
straddle:                           /* 32-bit addi over the page boundary */
        .option push
        .option norvc
        addi a0, a0, 123
        .option pop
        ret

        .data
        .align 4
cdata:  .word 0x80000001, 0x01234567
        .dword 0x400921fb54442d18
        .skip 124 - 16, 0
        .word 0x7ffffff1
        .skip 248 - 128, 0
        .dword 0xfedcba9876543210
cbuf:   .skip 256, 0
        .align 4
        .skip 1024, 0
stack:  .skip 1024, 0
