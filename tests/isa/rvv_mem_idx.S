/* V 1.0 indexed loads and stores (7.6) and segments (7.8), VLEN 128.
 * big holds byte k & 0xff at offset k; registers are filled with 0xff
 * first so that tail and inactive elements show as ff. */
#include "isa.h"
#include "rvv_mem.inc"


        /* ---- indexed loads, each index EEW (7.6) ---- */
        TESTCASE(1)     /* SEW 32, index EEW 8 (EMUL 1/4) */
        FILLV
        la a3, idx8
        vl1re8.v v4, (a3)
        VSET(4, e32, m1, ta, ma)
        vluxei8.v v8, (s2), v4
        DUMP8
        CHK(0, 0x030201000f0e0d0c)
        CHK(8, 0x070605042b2a2928)
        CHK(16, ONES)

        TESTCASE(2)     /* SEW 8, index EEW 16 (EMUL 2) */
        FILLV
        la a3, idx16
        vl2re8.v v4, (a3)
        VSET(4, e8, m1, ta, ma)
        vloxei16.v v8, (s2), v4
        DUMP8
        CHK(0, 0xffffffff07ff0300)
        CHK(8, ONES)

        TESTCASE(3)     /* SEW 16, index EEW 32 (EMUL 2) */
        FILLV
        la a3, idx32
        vl2re8.v v4, (a3)
        VSET(4, e16, m1, ta, ma)
        vluxei32.v v8, (s2), v4
        DUMP8
        CHK(0, 0x0100656403020706)
        CHK(8, ONES)

        TESTCASE(4)     /* SEW 64, index EEW 64 */
        FILLV
        la a3, idx64
        vl1re8.v v4, (a3)
        VSET(2, e64, m1, ta, ma)
        vloxei64.v v8, (s2), v4
        DUMP8
        CHK(0, DW(16))
        CHK(8, DW(8))

        TESTCASE(5)     /* masked */
        FILLV
        la a1, maskbits
        vl1re8.v v0, (a1)
        la a3, idx8
        vl1re8.v v4, (a3)
        VSET(4, e32, m1, ta, ma)
        vluxei8.v v8, (s2), v4, v0.t
        DUMP8
        CHK(0, 0xffffffff0f0e0d0c)
        CHK(8, 0xffffffff2b2a2928)

        TESTCASE(6)     /* SEW 8 LMUL 1/8, index EEW 64 (EMUL 1) */
        FILLV
        la a3, idx64
        vl1re8.v v4, (a3)
        VSET(2, e8, mf8, ta, ma)
        vluxei64.v v8, (s2), v4
        DUMP8
        CHK(0, 0xffffffffffff0810)

        TESTCASE(7)     /* a 64-bit index wraps the address */
        FILLV
        la a3, idxneg
        vl1re8.v v4, (a3)
        VSET(1, e64, m1, ta, ma)
        addi a1, s2, 16
        vloxei64.v v8, (a1), v4
        DUMP8
        CHK(0, DW(8))
        CHK(8, ONES)

        TESTCASE(8)     /* e16 m4, index EEW 8 (EMUL 2), vl 20 */
        FILLV
        la a3, idx8b
        vl2re8.v v4, (a3)
        VSET(20, e16, m4, ta, ma)
        vluxei8.v v16, (s2), v4
        DUMP16
        CHK(0, 0x0d0c090805040100)
        CHK(8, 0x1d1c191815141110)
        CHK(32, 0x4d4c494845444140)
        CHK(40, ONES)

        TESTCASE(9)     /* same EEW, vd == vs2 (allowed) */
        la a3, idx8
        vl1re8.v v4, (a3)
        VSET(4, e8, m1, ta, ma)
        vluxei8.v v4, (s2), v4
        la s0, out
        vs1r.v v4, (s0)
        CHK(0, 0x000000000428000c)

        /* ---- indexed stores ---- */
        TESTCASE(10)
        FILLDST
        la a3, idx8
        vl1re8.v v4, (a3)
        vl1re8.v v8, (s2)
        VSET(4, e32, m1, ta, ma)
        vsuxei8.v v8, (s1), v4
        CHKD(0, 0x0f0e0d0c07060504)
        CHKD(8, 0x03020100ffffffff)
        CHKD(16, ONES)
        CHKD(40, 0xffffffff0b0a0908)

        TESTCASE(11)    /* masked, ordered, index EEW 16 */
        FILLDST
        la a3, idx16b
        vl1re8.v v4, (a3)
        VSET(4, e8, m1, ta, ma)
        vsoxei16.v v8, (s1), v4, v0.t
        CHKD(0, 0xffff00ffffffffff)
        CHKD(8, 0xffffffffffff02ff)

        TESTCASE(12)    /* ordered: the last of equal indexes wins */
        FILLDST
        la a3, idx3
        vl1re8.v v4, (a3)
        VSET(4, e8, m1, ta, ma)
        vsoxei8.v v8, (s1), v4
        CHKD(0, 0xffffffff03ffffff)

        TESTCASE(13)    /* SEW 64, index EEW 32 (EMUL 1/2) */
        FILLDST
        la a3, idx32b
        vl1re8.v v4, (a3)
        VSET(2, e64, m1, ta, ma)
        vsuxei32.v v8, (s1), v4
        CHKD(0, ONES)
        CHKD(8, DW(8))
        CHKD(16, ONES)
        CHKD(24, DW(0))

        /* ---- segments (7.8) ---- */
        TESTCASE(14)
        FILLV
        VSET(4, e8, m1, ta, ma)
        vlseg2e8.v v8, (s2)
        DUMP8
        CHK(0, 0xffffffff06040200)
        CHK(16, 0xffffffff07050301)
        CHK(32, ONES)

        TESTCASE(15)    /* nf 3, LMUL 2 */
        FILLV
        VSET(2, e16, m2, ta, ma)
        vlseg3e16.v v8, (s2)
        DUMP8
        CHK(0, 0xffffffff07060100)
        CHK(32, 0xffffffff09080302)
        CHK(64, 0xffffffff0b0a0504)
        CHK(96, ONES)

        TESTCASE(16)    /* nf 8 */
        FILLV
        VSET(3, e8, m1, ta, ma)
        vlseg8e8.v v8, (s2)
        DUMP8
        CHK(0, 0xffffffffff100800)
        CHK(48, 0xffffffffff130b03)
        CHK(112, 0xffffffffff170f07)

        TESTCASE(17)    /* strided segments */
        FILLV
        VSET(2, e32, m1, ta, ma)
        li a2, 16
        vlsseg2e32.v v8, (s2), a2
        DUMP8
        CHK(0, 0x1312111003020100)
        CHK(16, 0x1716151407060504)

        TESTCASE(18)    /* indexed segments */
        FILLV
        la a3, idx8c
        vl1re8.v v4, (a3)
        VSET(2, e16, m1, ta, ma)
        vluxseg2ei8.v v8, (s2), v4
        DUMP8
        CHK(0, 0xffffffff01000b0a)
        CHK(16, 0xffffffff03020d0c)

        TESTCASE(19)    /* segments across a page */
        FILLV
        VSET(2, e16, m1, ta, ma)
        li a1, 4090
        add a1, a1, s2
        vlseg4e16.v v8, (a1)
        DUMP8
        CHK(0, 0xffffffff0302fbfa)
        CHK(16, 0xffffffff0504fdfc)
        CHK(32, 0xffffffff0706fffe)
        CHK(48, 0xffffffff09080100)

        TESTCASE(20)    /* masked segments */
        FILLV
        VSET(4, e32, m1, ta, ma)
        vlseg2e32.v v8, (s2), v0.t
        DUMP8
        CHK(0, 0xffffffff03020100)
        CHK(8, 0xffffffff13121110)
        CHK(16, 0xffffffff07060504)
        CHK(24, 0xffffffff17161514)

        TESTCASE(21)    /* fractional EMUL 1/4, nf 5 */
        FILLV
        VSET(4, e16, mf2, ta, ma)
        vlseg5e8.v v8, (s2)
        DUMP8
        CHK(0, 0xffffffff0f0a0500)
        CHK(8, ONES)
        CHK(64, 0xffffffff130e0904)

        TESTCASE(22)    /* nf 2, EMUL 4 */
        FILLV
        VSET(2, e64, m4, ta, ma)
        vlseg2e64.v v8, (s2)
        DUMP8
        CHK(0, DW(0))
        CHK(8, DW(16))
        CHK(16, ONES)
        CHK(64, DW(8))
        CHK(72, DW(24))

        TESTCASE(23)    /* segment stores */
        FILLDST
        vl4re8.v v8, (s2)
        VSET(4, e8, m1, ta, ma)
        vsseg2e8.v v8, (s1)
        CHKD(0, 0x1303120211011000)
        CHKD(8, ONES)

        TESTCASE(24)
        FILLDST
        VSET(2, e16, m1, ta, ma)
        li a2, 8
        vssseg3e16.v v8, (s1), a2
        CHKD(0, 0xffff212011100100)
        CHKD(8, 0xffff232213120302)
        CHKD(16, ONES)

        TESTCASE(25)
        FILLDST
        la a3, idx16c
        vl1re8.v v4, (a3)
        VSET(2, e8, m1, ta, ma)
        vsoxseg2ei16.v v8, (s1), v4
        CHKD(0, 0xff1000ffff1101ff)
        CHKD(8, ONES)

        TESTCASE(26)    /* segments from vstart 2 */
        FILLV
        VSET(4, e8, m1, ta, ma)
        csrwi vstart, 2
        vlseg2e8.v v8, (s2)
        DUMP8
        CHK(0, 0xffffffff0604ffff)
        CHK(16, 0xffffffff0705ffff)

        TESTCASE(27)    /* segment store across a page, masked */
        VSET(2, e32, m1, ta, ma)
        li a1, 4092
        add a1, a1, s2
        vl2re8.v v10, (s2)
        vsseg2e32.v v10, (a1)
        ld a0, -4(a1)
        EXPECT(a0, 0x03020100fbfaf9f8)
        ld a0, 4(a1)
        EXPECT(a0, 0x0706050413121110)
        VSET(24, e8, m2, ta, ma)
        addi a2, s2, 0xf8
        vle8.v v12, (a2)
        addi a1, a1, -4
        vse8.v v12, (a1)
        ld a0, 8(a1)
        EXPECT(a0, DW(0))
        ld a0, 16(a1)
        EXPECT(a0, DW(8))
ISA_END

        .data
        .balign 16
maskbits:
        .byte 0xb5, 0x3c, 0xff, 0xff, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
idx8:   .byte 12, 0, 40, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
idx16:  .half 0x100, 3, 0x1ff, 7, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
idx32:  .word 6, 2, 100, 0, 0, 0, 0, 0
idx64:  .dword 16, 8
idxneg: .dword -8, 0
idx8b:  .byte 0, 4, 8, 12, 16, 20, 24, 28, 32, 36, 40, 44, 48, 52, 56, 60
        .byte 64, 68, 72, 76, 80, 84, 88, 92, 96, 100, 104, 108, 112, 116, 120, 124
idx16b: .half 5, 1, 9, 3, 0, 0, 0, 0
idx3:   .byte 3, 3, 3, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
idx32b: .word 24, 8, 0, 0
idx8c:  .byte 10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
idx16c: .half 5, 1, 0, 0, 0, 0, 0, 0
        .balign 16
ones:   .fill 128, 1, 0xff
out:    .fill 128, 1, 0
dst:    .fill 64, 1, 0
        .balign 4096
big:    .fill 8192, 1, 0
