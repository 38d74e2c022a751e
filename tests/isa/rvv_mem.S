/* V 1.0 unit-stride and strided loads and stores (7.4, 7.5), the mask
 * (vlm.v/vsm.v) and whole-register forms (7.9), vstart (3.7), with VLEN
 * 128.  big holds byte k & 0xff at offset k (two pages); registers are
 * filled with 0xff first so that tail and inactive elements show as ff. */
#include "isa.h"
#include "rvv_mem.inc"

        /* ---- unit-stride loads, each EEW ---- */
        TESTCASE(1)
        FILLV
        VSET(5, e8, m1, ta, ma)
        EXPECT(t2, 5)
        vle8.v v8, (s2)
        DUMP8
        CHK(0, 0xffffff0403020100)
        CHK(8, ONES)
        CHK(16, ONES)

        TESTCASE(2)     /* LMUL 2, vl 11 */
        FILLV
        VSET(11, e16, m2, ta, ma)
        vle16.v v8, (s2)
        DUMP8
        CHK(0, DW(0))
        CHK(8, DW(8))
        CHK(16, 0xffff151413121110)
        CHK(24, ONES)
        CHK(32, ONES)

        TESTCASE(3)     /* LMUL 8, vl 29 of 32 */
        FILLV
        VSET(29, e32, m8, ta, ma)
        EXPECT(t2, 29)
        vle32.v v8, (s2)
        DUMP8
        CHK(0, DW(0))
        CHK(64, DW(64))
        CHK(104, DW(104))
        CHK(112, 0xffffffff73727170)
        CHK(120, ONES)

        TESTCASE(4)     /* EEW 64, vl 1 */
        FILLV
        VSET(1, e64, m1, ta, ma)
        vle64.v v8, (s2)
        DUMP8
        CHK(0, DW(0))
        CHK(8, ONES)

        TESTCASE(5)     /* fractional LMUL: e8 mf2, vlmax 8 */
        FILLV
        VSET(100, e8, mf2, ta, ma)
        EXPECT(t2, 8)
        vle8.v v8, (s2)
        DUMP8
        CHK(0, DW(0))
        CHK(8, ONES)

        TESTCASE(6)     /* EEW 64 with SEW 8, LMUL 1/8: EMUL 1 */
        FILLV
        VSET(100, e8, mf8, ta, ma)
        EXPECT(t2, 2)
        addi a1, s2, 24
        vle64.v v8, (a1)
        DUMP8
        CHK(0, DW(24))
        CHK(8, DW(32))
        CHK(16, ONES)

        TESTCASE(7)     /* EEW 16 with SEW 64, LMUL 8: EMUL 2, vl 9 */
        FILLV
        VSET(9, e64, m8, ta, ma)
        addi a1, s2, 2
        vle16.v v8, (a1)
        DUMP8
        CHK(0, DW(2))
        CHK(8, DW(10))
        CHK(16, 0xffffffffffff1312)
        CHK(24, ONES)

        /* ---- masked loads ---- */
        TESTCASE(8)
        FILLV
        VSET(16, e8, m1, ta, ma)
        la a1, maskbits
        vlm.v v0, (a1)              /* b5 3c: 0,2,4,5,7, 10..13 */
        vle8.v v8, (s2), v0.t
        DUMP8
        CHK(0, 0x07ff0504ff02ff00)
        CHK(8, 0xffff0d0c0b0affff)

        TESTCASE(9)
        FILLV
        VSET(4, e32, m1, ta, ma)
        vle32.v v8, (s2), v0.t
        DUMP8
        CHK(0, 0xffffffff03020100)
        CHK(8, 0xffffffff0b0a0908)

        TESTCASE(10)    /* e16 m2, vl 14: mask bits 0..13 */
        FILLV
        VSET(14, e16, m2, ta, ma)
        vle16.v v8, (s2), v0.t
        DUMP8
        CHK(0, 0xffff0504ffff0100)
        CHK(8, 0x0f0effff0b0a0908)
        CHK(16, 0x17161514ffffffff)
        CHK(24, 0xffffffff1b1a1918)
        CHK(32, ONES)

        /* ---- across a page boundary (and a split element) ---- */
        TESTCASE(11)
        FILLV
        VSET(16, e8, m1, ta, ma)
        li a1, 4091
        add a1, a1, s2
        vle8.v v8, (a1)
        DUMP8
        CHK(0, 0x020100fffefdfcfb)
        CHK(8, 0x0a09080706050403)

        TESTCASE(12)    /* misaligned 64-bit elements, element 0 split */
        FILLV
        VSET(2, e64, m1, ta, ma)
        li a1, 4093
        add a1, a1, s2
        vle64.v v8, (a1)
        DUMP8
        CHK(0, 0x0403020100fffefd)
        CHK(8, 0x0c0b0a0908070605)

        TESTCASE(13)    /* masked, across the page: e32 m4 vl 16 */
        FILLV
        VSET(16, e32, m4, ta, ma)
        li a1, 4080
        add a1, a1, s2
        vle32.v v8, (a1), v0.t
        DUMP8
        CHK(0, 0xfffffffff3f2f1f0)
        CHK(8, 0xfffffffffbfaf9f8)
        CHK(16, 0x0706050403020100)
        CHK(24, 0x0f0e0d0cffffffff)
        CHK(40, 0x1f1e1d1c1b1a1918)
        CHK(48, 0x2726252423222120)
        CHK(56, ONES)

        /* ---- unit-stride stores ---- */
        TESTCASE(14)
        FILLDST
        VSET(16, e8, m1, ta, ma)
        vle8.v v8, (s2)
        VSET(5, e8, m1, ta, ma)
        vse8.v v8, (s1)
        CHKD(0, 0xffffff0403020100)
        CHKD(8, ONES)

        TESTCASE(15)    /* masked e16 vl 8 */
        FILLDST
        VSET(8, e16, m1, ta, ma)
        vle16.v v8, (s2)
        vse16.v v8, (s1), v0.t
        CHKD(0, 0xffff0504ffff0100)
        CHKD(8, 0x0f0effff0b0a0908)
        CHKD(16, ONES)

        TESTCASE(16)    /* e64 m8 vl 3, e32 m2 vl 5 at an offset */
        FILLDST
        VSET(3, e64, m8, ta, ma)
        addi a1, s2, 8
        vle64.v v16, (a1)
        vse64.v v16, (s1)
        VSET(5, e32, m2, ta, ma)
        addi a1, s1, 32
        vse32.v v16, (a1)
        CHKD(0, DW(8))
        CHKD(8, DW(16))
        CHKD(16, DW(24))
        CHKD(24, ONES)
        CHKD(32, DW(8))
        CHKD(40, DW(16))
        CHKD(48, 0xffffffff1b1a1918)
        CHKD(56, ONES)

        TESTCASE(17)    /* store across a page, split element */
        VSET(2, e64, m1, ta, ma)
        addi a1, s2, 64
        vle64.v v8, (a1)
        li a1, 4092
        add a1, a1, s2
        vse64.v v8, (a1)
        ld a0, -4(a1)
        EXPECT(a0, 0x43424140fbfaf9f8)
        ld a0, 4(a1)
        EXPECT(a0, 0x4b4a494847464544)
        ld a0, 12(a1)
        EXPECT(a0, 0x0f0e0d0c4f4e4d4c)
        /* put the pattern back */
        VSET(24, e8, m2, ta, ma)
        li a1, 4088
        add a1, a1, s2
        addi a2, s2, 248
        vle8.v v8, (a2)
        vse8.v v8, (a1)
        ld a0, 0(a1)
        EXPECT(a0, DW(248))
        ld a0, 8(a1)
        EXPECT(a0, DW(0))
        ld a0, 16(a1)
        EXPECT(a0, DW(8))

        /* ---- strided ---- */
        TESTCASE(18)
        FILLV
        VSET(4, e32, m1, ta, ma)
        li a2, 12
        vlse32.v v8, (s2), a2
        DUMP8
        CHK(0, 0x0f0e0d0c03020100)
        CHK(8, 0x272625241b1a1918)

        TESTCASE(19)    /* negative stride */
        FILLV
        VSET(4, e16, m1, ta, ma)
        addi a1, s2, 64
        li a2, -8
        vlse16.v v8, (a1), a2
        DUMP8
        CHK(0, 0x2928313039384140)
        CHK(8, ONES)

        TESTCASE(20)    /* zero stride (x0) */
        FILLV
        VSET(2, e64, m1, ta, ma)
        addi a1, s2, 8
        vlse64.v v8, (a1), zero
        DUMP8
        CHK(0, DW(8))
        CHK(8, DW(8))

        TESTCASE(21)    /* masked strided, e8 m2 vl 20, stride 3 */
        FILLV
        VSET(20, e8, m2, ta, ma)
        li a2, 3
        vlse8.v v8, (s2), a2, v0.t
        DUMP8
        CHK(0, 0x15ff0f0cff06ff00)
        CHK(8, 0xffff2724211effff)
        CHK(16, ONES)      /* v0 bytes 2.. are 0 (vlm.v with vl 16) */
        CHK(24, ONES)

        TESTCASE(22)    /* strided stores */
        FILLDST
        VSET(4, e16, m1, ta, ma)
        vle16.v v8, (s2)
        li a2, 4
        vsse16.v v8, (s1), a2
        CHKD(0, 0xffff0302ffff0100)
        CHKD(8, 0xffff0706ffff0504)
        CHKD(16, ONES)

        TESTCASE(23)    /* negative stride store, masked */
        FILLDST
        VSET(4, e64, m2, ta, ma)
        vle64.v v8, (s2)
        addi a1, s1, 24
        li a2, -8
        vsse64.v v8, (a1), a2, v0.t      /* mask 0b0101: elements 0, 2 */
        CHKD(0, ONES)
        CHKD(8, DW(16))
        CHKD(16, ONES)
        CHKD(24, DW(0))

        /* ---- vlm.v / vsm.v: evl = ceil(vl / 8) ---- */
        TESTCASE(24)
        FILLV
        VSET(11, e8, m1, ta, ma)
        addi a1, s2, 0x40
        vlm.v v8, (a1)
        DUMP8
        CHK(0, 0xffffffffffff4140)
        TESTCASE(25)
        FILLV
        VSET(17, e16, m4, ta, ma)
        vlm.v v8, (a1)
        DUMP8
        CHK(0, 0xffffffffff424140)
        CHK(8, ONES)
        TESTCASE(26)
        FILLDST
        VSET(16, e8, m1, ta, ma)
        vle8.v v9, (s2)
        VSET(9, e64, m8, ta, ma)
        vsm.v v9, (s1)
        CHKD(0, 0xffffffffffff0100)

        /* ---- whole registers (run with vill too) ---- */
        TESTCASE(27)
        FILLV
        li t1, 1
        slli t1, t1, 63
        vsetvl t2, zero, t1         /* vill */
        vl2re32.v v8, (s2)
        vl1re8.v v10, (s2)
        vl4re64.v v12, (s2)
        DUMP8
        CHK(0, DW(0))
        CHK(24, DW(24))
        CHK(32, DW(0))
        CHK(40, DW(8))
        CHK(48, ONES)
        CHK(64, DW(0))
        CHK(120, DW(56))
        TESTCASE(28)
        vl8re16.v v16, (s2)
        DUMP16
        CHK(0, DW(0))
        CHK(120, DW(120))
        TESTCASE(29)
        FILLDST
        vs1r.v v9, (s1)
        vs2r.v v10, (a1)            /* a1 = big + 0x40 */
        CHKD(0, DW(16))
        CHKD(8, DW(24))
        CHKD(16, ONES)
        ld a0, 0x40(s2)
        EXPECT(a0, DW(0))
        ld a0, 0x48(s2)
        EXPECT(a0, DW(8))
        ld a0, 0x58(s2)
        EXPECT(a0, ONES)
        /* restore big's 0x40.. */
        addi a2, s2, 0x40
        VSET(32, e8, m2, ta, ma)
        addi a3, s2, 0x140
        vle8.v v8, (a3)
        vse8.v v8, (a2)
        ld a0, 0x58(s2)
        EXPECT(a0, DW(0x58))

        TESTCASE(30)    /* vs4r.v / vs8r.v round trip */
        la t0, ones
        vl8re8.v v24, (t0)
        vl8re64.v v24, (s2)
        la a1, out
        vs4r.v v28, (a1)
        ld a0, 0(a1)
        EXPECT(a0, DW(64))
        ld a0, 56(a1)
        EXPECT(a0, DW(120))

        /* ---- vstart ---- */
        TESTCASE(31)    /* resume at 5 */
        FILLV
        VSET(8, e16, m1, ta, ma)
        csrwi vstart, 5
        vle16.v v8, (s2)
        csrr a0, vstart
        EXPECT(a0, 0)
        DUMP8
        CHK(0, ONES)
        CHK(8, 0x0f0e0d0c0b0affff)
        TESTCASE(32)    /* vstart >= vl: nothing written (rvv_mem_vstart.S:
                           vstart is cleared too) */
        FILLV
        csrwi vstart, 9
        vle16.v v8, (s2)
        csrwi vstart, 0
        DUMP8
        CHK(0, ONES)
        CHK(8, ONES)
        TESTCASE(33)    /* store from vstart 2 (stride) */
        FILLDST
        VSET(4, e32, m1, ta, ma)
        vle32.v v8, (s2)
        csrwi vstart, 2
        li a2, 8
        vsse32.v v8, (s1), a2
        CHKD(0, ONES)
        CHKD(8, ONES)
        CHKD(16, 0xffffffff0b0a0908)
        CHKD(24, 0xffffffff0f0e0d0c)
        TESTCASE(34)    /* whole register from vstart 3 (EEW 32 units) */
        FILLV
        csrwi vstart, 3
        vl2re32.v v8, (s2)
        DUMP8
        CHK(0, ONES)
        CHK(8, 0x0f0e0d0cffffffff)
        CHK(16, DW(16))
        CHK(24, DW(24))
        TESTCASE(35)    /* masked with vstart */
        FILLV
        VSET(16, e8, m1, ta, ma)
        csrwi vstart, 3
        vle8.v v8, (s2), v0.t
        DUMP8
        CHK(0, 0x07ff0504ffffffff)
        CHK(8, 0xffff0d0c0b0affff)
ISA_END

        .data
        .balign 16
maskbits:
        .byte 0xb5, 0x3c, 0xff, 0xff, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
        .balign 16
ones:   .fill 128, 1, 0xff
out:    .fill 128, 1, 0
dst:    .fill 64, 1, 0
        .balign 4096
big:    .fill 8192, 1, 0
