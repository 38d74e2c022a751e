/* Misaligned loads and stores (unpriv spec 2.6: misaligned accesses may be
 * handled by the execution environment; rvkvm completes them in hardware,
 * as QEMU does).  Every integer load / store width at every misaligned
 * offset, accesses straddling a 4 KiB page boundary, FLW/FLD/FSW/FSD, and
 * compressed loads / stores from misaligned bases.  Any trap is fatal
 * (exit 240 + cause).  Expected values follow from the byte pattern `pat`
 * (little-endian); a store writes the low bytes of 0x8877665544332211. */
#include "isa.h"

#define STV 0x8877665544332211

/* Copy the 32-byte pattern into buf; leaves a1 = buf. */
#define FILL(buf)                                               \
        la a2, pat; la a1, buf;                                 \
        ld t0, 0(a2);  sd t0, 0(a1);  ld t0, 8(a2);  sd t0, 8(a1); \
        ld t0, 16(a2); sd t0, 16(a1); ld t0, 24(a2); sd t0, 24(a1)
#define CHECK4(e0, e1, e2, e3)                                  \
        ld a0, 0(a1);  EXPECT(a0, e0); ld a0, 8(a1);  EXPECT(a0, e1); \
        ld a0, 16(a1); EXPECT(a0, e2); ld a0, 24(a1); EXPECT(a0, e3)

#define TEST_LDM(n, op, res, buf, off)                          \
        TESTCASE(n); la a1, buf; op a0, off(a1); EXPECT(a0, res)
#define TEST_STM(n, op, buf, off, e0, e1, e2, e3)               \
        TESTCASE(n); FILL(buf); li a2, STV; op a2, off(a1);     \
        CHECK4(e0, e1, e2, e3)
#define TEST_FLM(n, op, res, buf, off)                          \
        TESTCASE(n); la a1, buf; op fa0, off(a1);               \
        fmv.x.d a0, fa0; EXPECT(a0, res)
#define TEST_FSM(n, op, buf, off, e0, e1, e2, e3)               \
        TESTCASE(n); FILL(buf); li a2, STV; fmv.d.x fa0, a2;    \
        op fa0, off(a1); CHECK4(e0, e1, e2, e3)

ISA_BEGIN
        FP_ENABLE
        FILL(mbuf)
        FILL(xbuf)
        /* ---- loads at every misaligned offset ---- */
        TEST_LDM(1, lh, 0xffffffffffffbb9e, mbuf, 1)
        TEST_LDM(2, lh, 0xfffffffffffff5d8, mbuf, 3)
        TEST_LDM(3, lh, 0x0000000000002f12, mbuf, 5)
        TEST_LDM(4, lh, 0x000000000000694c, mbuf, 7)
        TEST_LDM(5, lhu, 0x000000000000bb9e, mbuf, 1)
        TEST_LDM(6, lhu, 0x000000000000f5d8, mbuf, 3)
        TEST_LDM(7, lhu, 0x0000000000002f12, mbuf, 5)
        TEST_LDM(8, lhu, 0x000000000000694c, mbuf, 7)
        TEST_LDM(9, lw, 0xfffffffff5d8bb9e, mbuf, 1)
        TEST_LDM(10, lw, 0x0000000012f5d8bb, mbuf, 2)
        TEST_LDM(11, lw, 0x000000002f12f5d8, mbuf, 3)
        TEST_LDM(12, lw, 0x00000000694c2f12, mbuf, 5)
        TEST_LDM(13, lw, 0xffffffff86694c2f, mbuf, 6)
        TEST_LDM(14, lw, 0xffffffffa386694c, mbuf, 7)
        TEST_LDM(15, lwu, 0x00000000f5d8bb9e, mbuf, 1)
        TEST_LDM(16, lwu, 0x0000000012f5d8bb, mbuf, 2)
        TEST_LDM(17, lwu, 0x000000002f12f5d8, mbuf, 3)
        TEST_LDM(18, lwu, 0x00000000694c2f12, mbuf, 5)
        TEST_LDM(19, lwu, 0x0000000086694c2f, mbuf, 6)
        TEST_LDM(20, lwu, 0x00000000a386694c, mbuf, 7)
        TEST_LDM(21, ld, 0x694c2f12f5d8bb9e, mbuf, 1)
        TEST_LDM(22, ld, 0x86694c2f12f5d8bb, mbuf, 2)
        TEST_LDM(23, ld, 0xa386694c2f12f5d8, mbuf, 3)
        TEST_LDM(24, ld, 0xc0a386694c2f12f5, mbuf, 4)
        TEST_LDM(25, ld, 0xddc0a386694c2f12, mbuf, 5)
        TEST_LDM(26, ld, 0xfaddc0a386694c2f, mbuf, 6)
        TEST_LDM(27, ld, 0x17faddc0a386694c, mbuf, 7)
        /* ---- loads across a page boundary (xbuf+16 is page-aligned) ---- */
        TEST_LDM(28, lh, 0x0000000000005134, xbuf, 15)
        TEST_LDM(29, lhu, 0x0000000000005134, xbuf, 15)
        TEST_LDM(30, lw, 0xffffffff8b6e5134, xbuf, 15)
        TEST_LDM(31, lw, 0x000000006e513417, xbuf, 14)
        TEST_LDM(32, lw, 0x00000000513417fa, xbuf, 13)
        TEST_LDM(33, lwu, 0x000000008b6e5134, xbuf, 15)
        TEST_LDM(34, lwu, 0x000000006e513417, xbuf, 14)
        TEST_LDM(35, lwu, 0x00000000513417fa, xbuf, 13)
        TEST_LDM(36, ld, 0xffe2c5a88b6e5134, xbuf, 15)
        TEST_LDM(37, ld, 0xe2c5a88b6e513417, xbuf, 14)
        TEST_LDM(38, ld, 0xc5a88b6e513417fa, xbuf, 13)
        TEST_LDM(39, ld, 0xa88b6e513417fadd, xbuf, 12)
        TEST_LDM(40, ld, 0x8b6e513417faddc0, xbuf, 11)
        TEST_LDM(41, ld, 0x6e513417faddc0a3, xbuf, 10)
        TEST_LDM(42, ld, 0x513417faddc0a386, xbuf, 9)
        /* ---- stores at every misaligned offset ---- */
        TEST_STM(43, sh, mbuf, 1, 0x4c2f12f5d8221181, 0x3417faddc0a38669, 0x1cffe2c5a88b6e51, 0x04e7caad90735639)
        TEST_STM(44, sh, mbuf, 3, 0x4c2f122211bb9e81, 0x3417faddc0a38669, 0x1cffe2c5a88b6e51, 0x04e7caad90735639)
        TEST_STM(45, sh, mbuf, 5, 0x4c2211f5d8bb9e81, 0x3417faddc0a38669, 0x1cffe2c5a88b6e51, 0x04e7caad90735639)
        TEST_STM(46, sh, mbuf, 7, 0x112f12f5d8bb9e81, 0x3417faddc0a38622, 0x1cffe2c5a88b6e51, 0x04e7caad90735639)
        TEST_STM(47, sw, mbuf, 1, 0x4c2f124433221181, 0x3417faddc0a38669, 0x1cffe2c5a88b6e51, 0x04e7caad90735639)
        TEST_STM(48, sw, mbuf, 2, 0x4c2f443322119e81, 0x3417faddc0a38669, 0x1cffe2c5a88b6e51, 0x04e7caad90735639)
        TEST_STM(49, sw, mbuf, 3, 0x4c44332211bb9e81, 0x3417faddc0a38669, 0x1cffe2c5a88b6e51, 0x04e7caad90735639)
        TEST_STM(50, sw, mbuf, 5, 0x332211f5d8bb9e81, 0x3417faddc0a38644, 0x1cffe2c5a88b6e51, 0x04e7caad90735639)
        TEST_STM(51, sw, mbuf, 6, 0x221112f5d8bb9e81, 0x3417faddc0a34433, 0x1cffe2c5a88b6e51, 0x04e7caad90735639)
        TEST_STM(52, sw, mbuf, 7, 0x112f12f5d8bb9e81, 0x3417faddc0443322, 0x1cffe2c5a88b6e51, 0x04e7caad90735639)
        TEST_STM(53, sd, mbuf, 1, 0x7766554433221181, 0x3417faddc0a38688, 0x1cffe2c5a88b6e51, 0x04e7caad90735639)
        TEST_STM(54, sd, mbuf, 2, 0x6655443322119e81, 0x3417faddc0a38877, 0x1cffe2c5a88b6e51, 0x04e7caad90735639)
        TEST_STM(55, sd, mbuf, 3, 0x5544332211bb9e81, 0x3417faddc0887766, 0x1cffe2c5a88b6e51, 0x04e7caad90735639)
        TEST_STM(56, sd, mbuf, 4, 0x44332211d8bb9e81, 0x3417fadd88776655, 0x1cffe2c5a88b6e51, 0x04e7caad90735639)
        TEST_STM(57, sd, mbuf, 5, 0x332211f5d8bb9e81, 0x3417fa8877665544, 0x1cffe2c5a88b6e51, 0x04e7caad90735639)
        TEST_STM(58, sd, mbuf, 6, 0x221112f5d8bb9e81, 0x3417887766554433, 0x1cffe2c5a88b6e51, 0x04e7caad90735639)
        TEST_STM(59, sd, mbuf, 7, 0x112f12f5d8bb9e81, 0x3488776655443322, 0x1cffe2c5a88b6e51, 0x04e7caad90735639)
        /* ---- stores across a page boundary ---- */
        TEST_STM(60, sh, xbuf, 15, 0x4c2f12f5d8bb9e81, 0x1117faddc0a38669, 0x1cffe2c5a88b6e22, 0x04e7caad90735639)
        TEST_STM(61, sw, xbuf, 15, 0x4c2f12f5d8bb9e81, 0x1117faddc0a38669, 0x1cffe2c5a8443322, 0x04e7caad90735639)
        TEST_STM(62, sw, xbuf, 14, 0x4c2f12f5d8bb9e81, 0x2211faddc0a38669, 0x1cffe2c5a88b4433, 0x04e7caad90735639)
        TEST_STM(63, sw, xbuf, 13, 0x4c2f12f5d8bb9e81, 0x332211ddc0a38669, 0x1cffe2c5a88b6e44, 0x04e7caad90735639)
        TEST_STM(64, sd, xbuf, 15, 0x4c2f12f5d8bb9e81, 0x1117faddc0a38669, 0x1c88776655443322, 0x04e7caad90735639)
        TEST_STM(65, sd, xbuf, 14, 0x4c2f12f5d8bb9e81, 0x2211faddc0a38669, 0x1cff887766554433, 0x04e7caad90735639)
        TEST_STM(66, sd, xbuf, 13, 0x4c2f12f5d8bb9e81, 0x332211ddc0a38669, 0x1cffe28877665544, 0x04e7caad90735639)
        TEST_STM(67, sd, xbuf, 12, 0x4c2f12f5d8bb9e81, 0x44332211c0a38669, 0x1cffe2c588776655, 0x04e7caad90735639)
        TEST_STM(68, sd, xbuf, 11, 0x4c2f12f5d8bb9e81, 0x5544332211a38669, 0x1cffe2c5a8887766, 0x04e7caad90735639)
        TEST_STM(69, sd, xbuf, 10, 0x4c2f12f5d8bb9e81, 0x6655443322118669, 0x1cffe2c5a88b8877, 0x04e7caad90735639)
        TEST_STM(70, sd, xbuf, 9, 0x4c2f12f5d8bb9e81, 0x7766554433221169, 0x1cffe2c5a88b6e88, 0x04e7caad90735639)
        /* ---- FP loads (FLW boxes the value) ---- */
        FILL(mbuf)
        FILL(xbuf)
        TEST_FLM(71, flw, 0xfffffffff5d8bb9e, mbuf, 1)
        TEST_FLM(72, flw, 0xffffffff12f5d8bb, mbuf, 2)
        TEST_FLM(73, flw, 0xffffffff2f12f5d8, mbuf, 3)
        TEST_FLM(74, flw, 0xffffffff694c2f12, mbuf, 5)
        TEST_FLM(75, flw, 0xffffffff86694c2f, mbuf, 6)
        TEST_FLM(76, flw, 0xffffffffa386694c, mbuf, 7)
        TEST_FLM(77, flw, 0xffffffff8b6e5134, xbuf, 15)
        TEST_FLM(78, flw, 0xffffffff6e513417, xbuf, 14)
        TEST_FLM(79, flw, 0xffffffff513417fa, xbuf, 13)
        TEST_FLM(80, fld, 0x694c2f12f5d8bb9e, mbuf, 1)
        TEST_FLM(81, fld, 0x86694c2f12f5d8bb, mbuf, 2)
        TEST_FLM(82, fld, 0xa386694c2f12f5d8, mbuf, 3)
        TEST_FLM(83, fld, 0xc0a386694c2f12f5, mbuf, 4)
        TEST_FLM(84, fld, 0xddc0a386694c2f12, mbuf, 5)
        TEST_FLM(85, fld, 0xfaddc0a386694c2f, mbuf, 6)
        TEST_FLM(86, fld, 0x17faddc0a386694c, mbuf, 7)
        TEST_FLM(87, fld, 0xffe2c5a88b6e5134, xbuf, 15)
        TEST_FLM(88, fld, 0xe2c5a88b6e513417, xbuf, 14)
        TEST_FLM(89, fld, 0xc5a88b6e513417fa, xbuf, 13)
        TEST_FLM(90, fld, 0xa88b6e513417fadd, xbuf, 12)
        TEST_FLM(91, fld, 0x8b6e513417faddc0, xbuf, 11)
        TEST_FLM(92, fld, 0x6e513417faddc0a3, xbuf, 10)
        TEST_FLM(93, fld, 0x513417faddc0a386, xbuf, 9)
        /* ---- FP stores ---- */
        TEST_FSM(94, fsw, mbuf, 1, 0x4c2f124433221181, 0x3417faddc0a38669, 0x1cffe2c5a88b6e51, 0x04e7caad90735639)
        TEST_FSM(95, fsw, mbuf, 2, 0x4c2f443322119e81, 0x3417faddc0a38669, 0x1cffe2c5a88b6e51, 0x04e7caad90735639)
        TEST_FSM(96, fsw, mbuf, 3, 0x4c44332211bb9e81, 0x3417faddc0a38669, 0x1cffe2c5a88b6e51, 0x04e7caad90735639)
        TEST_FSM(97, fsw, mbuf, 5, 0x332211f5d8bb9e81, 0x3417faddc0a38644, 0x1cffe2c5a88b6e51, 0x04e7caad90735639)
        TEST_FSM(98, fsw, mbuf, 6, 0x221112f5d8bb9e81, 0x3417faddc0a34433, 0x1cffe2c5a88b6e51, 0x04e7caad90735639)
        TEST_FSM(99, fsw, mbuf, 7, 0x112f12f5d8bb9e81, 0x3417faddc0443322, 0x1cffe2c5a88b6e51, 0x04e7caad90735639)
        TEST_FSM(100, fsw, xbuf, 15, 0x4c2f12f5d8bb9e81, 0x1117faddc0a38669, 0x1cffe2c5a8443322, 0x04e7caad90735639)
        TEST_FSM(101, fsw, xbuf, 14, 0x4c2f12f5d8bb9e81, 0x2211faddc0a38669, 0x1cffe2c5a88b4433, 0x04e7caad90735639)
        TEST_FSM(102, fsw, xbuf, 13, 0x4c2f12f5d8bb9e81, 0x332211ddc0a38669, 0x1cffe2c5a88b6e44, 0x04e7caad90735639)
        TEST_FSM(103, fsd, mbuf, 1, 0x7766554433221181, 0x3417faddc0a38688, 0x1cffe2c5a88b6e51, 0x04e7caad90735639)
        TEST_FSM(104, fsd, mbuf, 2, 0x6655443322119e81, 0x3417faddc0a38877, 0x1cffe2c5a88b6e51, 0x04e7caad90735639)
        TEST_FSM(105, fsd, mbuf, 3, 0x5544332211bb9e81, 0x3417faddc0887766, 0x1cffe2c5a88b6e51, 0x04e7caad90735639)
        TEST_FSM(106, fsd, mbuf, 5, 0x332211f5d8bb9e81, 0x3417fa8877665544, 0x1cffe2c5a88b6e51, 0x04e7caad90735639)
        TEST_FSM(107, fsd, mbuf, 6, 0x221112f5d8bb9e81, 0x3417887766554433, 0x1cffe2c5a88b6e51, 0x04e7caad90735639)
        TEST_FSM(108, fsd, mbuf, 7, 0x112f12f5d8bb9e81, 0x3488776655443322, 0x1cffe2c5a88b6e51, 0x04e7caad90735639)
        TEST_FSM(109, fsd, mbuf, 4, 0x44332211d8bb9e81, 0x3417fadd88776655, 0x1cffe2c5a88b6e51, 0x04e7caad90735639)
        TEST_FSM(110, fsd, xbuf, 15, 0x4c2f12f5d8bb9e81, 0x1117faddc0a38669, 0x1c88776655443322, 0x04e7caad90735639)
        TEST_FSM(111, fsd, xbuf, 14, 0x4c2f12f5d8bb9e81, 0x2211faddc0a38669, 0x1cff887766554433, 0x04e7caad90735639)
        TEST_FSM(112, fsd, xbuf, 13, 0x4c2f12f5d8bb9e81, 0x332211ddc0a38669, 0x1cffe28877665544, 0x04e7caad90735639)
        TEST_FSM(113, fsd, xbuf, 12, 0x4c2f12f5d8bb9e81, 0x44332211c0a38669, 0x1cffe2c588776655, 0x04e7caad90735639)
        TEST_FSM(114, fsd, xbuf, 11, 0x4c2f12f5d8bb9e81, 0x5544332211a38669, 0x1cffe2c5a8887766, 0x04e7caad90735639)
        TEST_FSM(115, fsd, xbuf, 10, 0x4c2f12f5d8bb9e81, 0x6655443322118669, 0x1cffe2c5a88b8877, 0x04e7caad90735639)
        TEST_FSM(116, fsd, xbuf, 9, 0x4c2f12f5d8bb9e81, 0x7766554433221169, 0x1cffe2c5a88b6e88, 0x04e7caad90735639)
        /* ---- compressed and negative-offset forms, misaligned bases ---- */
        FILL(mbuf)
        TESTCASE(117); la s0, mbuf; addi s0, s0, 1; c.lw a0, 0(s0); EXPECT(a0, 0xfffffffff5d8bb9e)
        TESTCASE(118); la s0, mbuf; addi s0, s0, 3; c.ld a0, 0(s0); EXPECT(a0, 0xa386694c2f12f5d8)
        TESTCASE(119); lla a1, mbuf+16; ld a0, -7(a1); EXPECT(a0, 0x513417faddc0a386)
        TESTCASE(120); lla a1, mbuf+16; lw a0, -3(a1); EXPECT(a0, 0x513417fa)
        TESTCASE(121)
        mv s1, sp
        la sp, mbuf; addi sp, sp, 5
        c.ldsp a0, 0(sp)
        c.lwsp a3, 4(sp)
        mv sp, s1
        EXPECT(a0, 0xddc0a386694c2f12)
        EXPECT(a3, 0xffffffffddc0a386)
        TESTCASE(122)               /* c.sd / c.sw at a misaligned base, read back */
        la s0, mbuf; addi s0, s0, 3
        li a2, 0x0102030405060708
        c.sd a2, 0(s0)
        c.ld a0, 0(s0)
        EXPECT(a0, 0x0102030405060708)
        li a2, 0xa0b0c0d0
        c.sw a2, 8(s0)
        c.lw a0, 8(s0)
        EXPECT(a0, 0xffffffffa0b0c0d0)
        TESTCASE(123)               /* an 8-byte round trip at every offset */
        la a1, mbuf
        li a3, 0
1:      add a4, a1, a3
        li a2, 0x0f1e2d3c4b5a6978
        add a2, a2, a3
        sd a2, 0(a4)
        ld a0, 0(a4)
        bne a0, a2, fail
        addi a3, a3, 1
        li a5, 8
        bne a3, a5, 1b
ISA_END

        .data
        .balign 16
pat:    .byte 0x81, 0x9e, 0xbb, 0xd8, 0xf5, 0x12, 0x2f, 0x4c, 0x69, 0x86, 0xa3, 0xc0, 0xdd, 0xfa, 0x17, 0x34, 0x51, 0x6e, 0x8b, 0xa8, 0xc5, 0xe2, 0xff, 0x1c, 0x39, 0x56, 0x73, 0x90, 0xad, 0xca, 0xe7, 0x04
        .balign 16
mbuf:   .skip 32, 0
        .balign 4096
        .skip 4096 - 16, 0
xbuf:   .skip 32, 0             /* xbuf + 16 starts a new page */
