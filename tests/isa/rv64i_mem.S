/* RV64I loads and stores (unpriv spec 2.6, 4.3): every width with sign /
 * zero extension, positive / negative / extreme 12-bit offsets, stores that
 * touch only their own bytes, rd == rs1, x0 as destination and source; the
 * memory ordering instructions FENCE / FENCE.TSO / PAUSE (2.7) and FENCE.I
 * (Zifencei) with self-modifying code. */
#include "isa.h"

#define TEST_LD(n, op, res, off, base)                  \
        TESTCASE(n); la a1, base;                       \
        op a0, off(a1); EXPECT(a0, res)

/* Fill dst with a 16-byte pattern, store v at dst+off, read back both dwords. */
#define TEST_ST(n, op, fill, v, off, exp0, exp1)        \
        TESTCASE(n); la a1, dst; li a3, fill;           \
        sd a3, 0(a1); sd a3, 8(a1);                     \
        li a2, v; op a2, off(a1);                       \
        ld a4, 0(a1); ld a5, 8(a1);                     \
        EXPECT(a4, exp0); EXPECT(a5, exp1)

ISA_BEGIN
        /* LB / LBU */
        TEST_LD(1, lb, 0xffffffffffffff80, 0, src)
        TEST_LD(2, lb, 0xfffffffffffffff0, 7, src)
        TEST_LD(3, lb, 0x08, 8, src)
        TEST_LD(4, lb, 0x0f, 15, src)
        TEST_LD(5, lbu, 0x80, 0, src)
        TEST_LD(6, lbu, 0xf0, 7, src)
        TEST_LD(7, lbu, 0x08, 8, src)
        /* LH / LHU */
        TEST_LD(8, lh, 0xffffffffffff9080, 0, src)
        TEST_LD(9, lh, 0xfffffffffffff0e0, 6, src)
        TEST_LD(10, lh, 0x0908, 8, src)
        TEST_LD(11, lh, 0x0f0e, 14, src)
        TEST_LD(12, lhu, 0x9080, 0, src)
        TEST_LD(13, lhu, 0xf0e0, 6, src)
        TEST_LD(14, lhu, 0x0908, 8, src)
        /* LW / LWU */
        TEST_LD(15, lw, 0xffffffffb0a09080, 0, src)
        TEST_LD(16, lw, 0xfffffffff0e0d0c0, 4, src)
        TEST_LD(17, lw, 0x0b0a0908, 8, src)
        TEST_LD(18, lw, 0x0f0e0d0c, 12, src)
        TEST_LD(19, lwu, 0xb0a09080, 0, src)
        TEST_LD(20, lwu, 0xf0e0d0c0, 4, src)
        TEST_LD(21, lwu, 0x0f0e0d0c, 12, src)
        /* LD */
        TEST_LD(22, ld, 0xf0e0d0c0b0a09080, 0, src)
        TEST_LD(23, ld, 0x0f0e0d0c0b0a0908, 8, src)
        /* negative offsets from src+16 */
        TEST_LD(24, lb, 0xffffffffffffff80, -16, src_end)
        TEST_LD(25, lhu, 0x0f0e, -2, src_end)
        TEST_LD(26, lw, 0xfffffffff0e0d0c0, -12, src_end)
        TEST_LD(27, ld, 0xf0e0d0c0b0a09080, -16, src_end)
        /* extreme offsets: +2047 and -2048 */
        TESTCASE(28); la a1, src; addi a1, a1, -2047; lbu a0, 2047(a1); EXPECT(a0, 0x80)
        TESTCASE(29); la a1, src; li a2, 2048; add a1, a1, a2; ld a0, -2048(a1)
        EXPECT(a0, 0xf0e0d0c0b0a09080)
        /* rd == rs1 */
        TESTCASE(30); la a0, src; ld a0, 8(a0); EXPECT(a0, 0x0f0e0d0c0b0a0908)
        TESTCASE(31); la a0, src; lb a0, 1(a0); EXPECT(a0, 0xffffffffffffff90)
        /* load into x0: value discarded */
        TESTCASE(32); la a1, src; ld x0, 0(a1); lw x0, 4(a1); lbu x0, 0(a1); mv a0, x0
        EXPECT(a0, 0)

        /* SB / SH / SW / SD write only their own bytes */
        TEST_ST(33, sb, 0, 0x1122334455667788, 0, 0x88, 0)
        TEST_ST(34, sb, 0, 0x1122334455667788, 7, 0x8800000000000000, 0)
        TEST_ST(35, sb, -1, 0x00, 9, -1, 0xffffffffffff00ff)
        TEST_ST(36, sh, -1, 0x1122334455667788, 2, 0xffffffff7788ffff, -1)
        TEST_ST(37, sh, 0, 0xabcd, 14, 0, 0xabcd000000000000)
        TEST_ST(38, sw, -1, 0x1122334455667788, 4, 0x55667788ffffffff, -1)
        TEST_ST(39, sw, 0, 0x80000000, 8, 0, 0x80000000)
        TEST_ST(40, sd, 0, 0x1122334455667788, 8, 0, 0x1122334455667788)
        TEST_ST(41, sd, 0, 0x8877665544332211, 0, 0x8877665544332211, 0)
        /* store then load back with sign extension */
        TESTCASE(42); la a1, dst; li a2, 0x80000000; sw a2, 0(a1); lw a0, 0(a1)
        EXPECT(a0, 0xffffffff80000000)
        TESTCASE(43); la a1, dst; li a2, 0x8000; sh a2, 2(a1); lh a0, 2(a1); lhu a3, 2(a1)
        EXPECT(a0, 0xffffffffffff8000); EXPECT(a3, 0x8000)
        /* negative store offset */
        TESTCASE(44); la a1, dst_end; li a2, 0x0102030405060708; sd a2, -8(a1)
        la a1, dst; ld a0, 8(a1); EXPECT(a0, 0x0102030405060708)
        TESTCASE(45); la a1, dst; li a2, 2048; add a1, a1, a2; li a2, 0x77; sb a2, -2048(a1)
        la a1, dst; lbu a0, 0(a1); EXPECT(a0, 0x77)
        /* store of x0, and rs1 == rs2 */
        TESTCASE(46); la a1, dst; li a2, -1; sd a2, 0(a1); sd x0, 0(a1); ld a0, 0(a1)
        EXPECT(a0, 0)
        TESTCASE(47); la a1, dst; sd a1, 0(a1); ld a0, 0(a1); EXPECT_REG(a0, a1)
        /* store / load round trip of every byte lane of a dword */
        TESTCASE(48)
        la a1, dst
        sd x0, 0(a1)
        li a2, 0xa1; sb a2, 0(a1)
        li a2, 0xb2; sb a2, 1(a1)
        li a2, 0xc3d4; sh a2, 2(a1)
        li a2, 0xe5f60718; sw a2, 4(a1)
        ld a0, 0(a1)
        EXPECT(a0, 0xe5f60718c3d4b2a1)

        /* FENCE variants execute as no-ops here (single hart) */
        TESTCASE(49)
        li a0, 1
        fence
        fence rw, rw
        fence r, r
        fence w, w
        fence iorw, iorw
        fence io, io
        fence.tso
        .word 0x0100000f            /* PAUSE (Zihintpause: FENCE w,0) */
        addi a0, a0, 1
        EXPECT(a0, 2)
        /* a fence between a store and a load to the same address */
        TESTCASE(50); la a1, dst; li a2, 0x5050; sd a2, 0(a1); fence w, r; ld a0, 0(a1)
        EXPECT(a0, 0x5050)

        /* FENCE.I: patch an instruction, fence.i, execute the new one.
         * patch_site starts as "li a0, 1"; it is executed before and after
         * each patch so a stale decoded copy would be caught. */
        TESTCASE(51)
        call patch_site
        EXPECT(a0, 1)
        TESTCASE(52)
        la a1, patch_site
        li a2, 0x00200513           /* addi a0, x0, 2 */
        sw a2, 0(a1)
        fence.i
        call patch_site
        EXPECT(a0, 2)
        TESTCASE(53)
        la a1, patch_site
        li a2, 0x07b00513           /* addi a0, x0, 123 */
        sw a2, 0(a1)
        fence.i
        call patch_site
        EXPECT(a0, 123)
        TESTCASE(54)                /* patch a 16-bit slot: c.li a0, 5 -> c.li a0, 9 */
        call patch_site16
        EXPECT(a0, 5)
        la a1, patch_site16
        li a2, 0x4525               /* c.li a0, 9 */
        sh a2, 0(a1)
        fence.i
        call patch_site16
        EXPECT(a0, 9)
        TESTCASE(55)                /* patch the instruction right after fence.i */
        la a1, 1f
        li a2, 0x03700513           /* addi a0, x0, 55 */
        sw a2, 0(a1)
        fence.i
1:      .word 0x00100513            /* addi a0, x0, 1 (replaced) */
        EXPECT(a0, 55)
        TESTCASE(56)                /* patch code inside a loop between iterations */
        li a3, 0                    /* iteration */
        li a4, 0                    /* sum */
2:      la a1, 1f
        li a2, 0x00a00513           /* addi a0, x0, 10 */
        beqz a3, 3f
        li a2, 0x01400513           /* addi a0, x0, 20 */
3:      sw a2, 0(a1)
        fence.i
1:      .word 0x00100513
        add a4, a4, a0
        addi a3, a3, 1
        li a5, 2
        bne a3, a5, 2b
        EXPECT(a4, 30)
ISA_END

        .text
        .align 2
patch_site:
        .word 0x00100513            /* addi a0, x0, 1 */
        ret
patch_site16:
        .2byte 0x4515               /* c.li a0, 5 */
        ret

        .data
        .align 4
src:    .dword 0xf0e0d0c0b0a09080, 0x0f0e0d0c0b0a0908
src_end:
        .align 4
dst:    .dword 0, 0
dst_end:
