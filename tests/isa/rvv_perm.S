/* V 1.0 permutations: slides (16.3), register gathers (16.4), vcompress
 * (16.5) and whole-register moves (16.6).  Tail and inactive elements
 * stay undisturbed; offsets/indices past vl and VLMAX; the reserved
 * overlaps.  VLEN = 128. */
#include "isa.h"
.option arch, +v

#define SETV(v, lo, hi) vsetivli zero, 2, e64, m1, tu, mu; li t0, lo; \
        vslide1down.vx v, v, t0; li t0, hi; vslide1down.vx v, v, t0
#define GETV(v) vsetivli zero, 2, e64, m1, tu, mu; vmv.x.s a0, v; \
        vslidedown.vi v31, v, 1; vmv.x.s a1, v31
#define EXPECTV(v, lo, hi) GETV(v); EXPECT(a0, lo); EXPECT(a1, hi)
#define VL(n, sew, lmul) li a2, n; vsetvli zero, a2, sew, lmul, tu, mu
#define VW(f6, vm, vs2, vs1, f3, vd) \
        .word ((f6)<<26|(vm)<<25|(vs2)<<20|(vs1)<<15|(f3)<<12|(vd)<<7|0x57)
#define FILL1 0x1111111111111111
#define FILL2 0x2222222222222222
#define D_LO  0x0807060504030201      /* bytes 1..16 */
#define D_HI  0x100f0e0d0c0b0a09

ISA_BEGIN
        li t0, 0x200
        csrs mstatus, t0
        SETV(v2, D_LO, D_HI)

        /* vslideup.vi by 3, e8 */
        TESTCASE(1)
        SETV(v1, FILL1, FILL2)
        VL(16, e8, m1)
        vslideup.vi v1, v2, 3
        EXPECTV(v1, 0x0504030201111111, 0x0d0c0b0a09080706)
        /* vl = 10: elements 10..15 undisturbed */
        TESTCASE(2)
        SETV(v1, FILL1, FILL2)
        VL(10, e8, m1)
        vslideup.vi v1, v2, 3
        EXPECTV(v1, 0x0504030201111111, 0x2222222222220706)
        /* OFFSET >= vl, and a 64-bit OFFSET (not truncated to SEW) */
        TESTCASE(3)
        SETV(v1, FILL1, FILL2)
        li a3, 16
        VL(16, e8, m1)
        vslideup.vx v1, v2, a3
        EXPECTV(v1, FILL1, FILL2)
        TESTCASE(4)
        li a3, 0x100000001
        VL(16, e8, m1)
        vslideup.vx v1, v2, a3
        EXPECTV(v1, FILL1, FILL2)
        /* masked e16: only odd elements */
        TESTCASE(5)
        SETV(v0, 0xaa, 0)
        li a3, 2
        VL(8, e16, m1)
        vslideup.vx v1, v2, a3, v0.t
        EXPECTV(v1, 0x0403111111111111, 0x0c0b222208072222)
        /* e64 LMUL 2, OFFSET 1, vl = 3 */
        TESTCASE(6)
        SETV(v4, 0xa, 0xb)
        SETV(v5, 0xc, 0xd)
        SETV(v8, FILL1, FILL2)
        SETV(v9, FILL1, FILL2)
        VL(3, e64, m2)
        vslideup.vi v8, v4, 1
        EXPECTV(v8, FILL1, 0xa)
        EXPECTV(v9, 0xb, FILL2)
        /* vstart = 5 > OFFSET: elements 0..4 kept */
        TESTCASE(7)
        SETV(v1, FILL1, FILL2)
        VL(8, e8, m1)
        csrwi vstart, 5
        vslideup.vi v1, v2, 2
        EXPECTV(v1, 0x0605041111111111, FILL2)

        /* vslidedown.vi by 3: past VLMAX reads 0 */
        TESTCASE(8)
        SETV(v1, FILL1, FILL2)
        VL(16, e8, m1)
        vslidedown.vi v1, v2, 3
        EXPECTV(v1, 0x0b0a090807060504, 0x000000100f0e0d0c)
        /* vl = 4: reads elements 10..13 (past vl, below VLMAX) */
        TESTCASE(9)
        SETV(v1, FILL1, FILL2)
        li a3, 10
        VL(4, e8, m1)
        vslidedown.vx v1, v2, a3
        EXPECTV(v1, 0x111111110e0d0c0b, FILL2)
        /* OFFSET = -1 (huge): zeros */
        TESTCASE(10)
        li a3, -1
        VL(8, e8, m1)
        vslidedown.vx v1, v2, a3
        EXPECTV(v1, 0, FILL2)
        /* in place, e32 LMUL 2: {1,2,3,4 | 5,6,7,8} down 1 */
        TESTCASE(11)
        SETV(v4, 0x0000000200000001, 0x0000000400000003)
        SETV(v5, 0x0000000600000005, 0x0000000800000007)
        VL(8, e32, m2)
        vslidedown.vi v4, v4, 1
        EXPECTV(v4, 0x0000000300000002, 0x0000000500000004)
        EXPECTV(v5, 0x0000000700000006, 0x0000000000000008)
        /* masked e16 down 2, v0 = 0b0101 */
        TESTCASE(12)
        SETV(v1, FILL1, FILL2)
        SETV(v0, 0x5, 0)
        VL(4, e16, m1)
        vslidedown.vi v1, v2, 2, v0.t
        EXPECTV(v1, 0x11110a0911110605, FILL2)
        /* masked, past VLMAX: 0 into the active elements */
        TESTCASE(38)
        SETV(v1, FILL1, FILL2)
        SETV(v0, 0xd, 0)
        VL(4, e32, m1)
        vslidedown.vi v1, v2, 2, v0.t
        EXPECTV(v1, 0x111111110c0b0a09, 0)
        SETV(v1, 0x11110a0911110605, FILL2)
        /* vstart >= vl: nothing */
        TESTCASE(13)
        VL(4, e16, m1)
        csrwi vstart, 4
        vslidedown.vi v1, v2, 0
        EXPECTV(v1, 0x11110a0911110605, FILL2)

        /* vslide1up.vx */
        TESTCASE(14)
        SETV(v1, FILL1, FILL2)
        li a3, 0x1234beef
        VL(8, e16, m1)
        vslide1up.vx v1, v2, a3
        EXPECTV(v1, 0x060504030201beef, 0x0e0d0c0b0a090807)
        TESTCASE(15)
        SETV(v1, FILL1, FILL2)
        SETV(v0, 0xfe, 0)
        VL(8, e16, m1)
        vslide1up.vx v1, v2, a3, v0.t
        EXPECTV(v1, 0x0605040302011111, 0x0e0d0c0b0a090807)
        TESTCASE(16)
        SETV(v1, FILL1, FILL2)
        VL(0, e16, m1)
        vslide1up.vx v1, v2, a3
        EXPECTV(v1, FILL1, FILL2)

        /* vslide1down.vx */
        TESTCASE(17)
        SETV(v1, FILL1, FILL2)
        li a3, -2
        VL(4, e32, m1)
        vslide1down.vx v1, v2, a3
        EXPECTV(v1, 0x0c0b0a0908070605, 0xfffffffe100f0e0d)
        TESTCASE(18)
        SETV(v1, FILL1, FILL2)
        VL(3, e32, m1)
        vslide1down.vx v1, v2, a3
        EXPECTV(v1, 0x0c0b0a0908070605, 0x22222222fffffffe)
        TESTCASE(19)
        SETV(v1, FILL1, FILL2)
        SETV(v0, 0x7, 0)
        VL(4, e32, m1)
        vslide1down.vx v1, v2, a3, v0.t
        EXPECTV(v1, 0x0c0b0a0908070605, 0x22222222100f0e0d)
        /* e64, LMUL 2, in place */
        TESTCASE(20)
        SETV(v4, 1, 2)
        SETV(v5, 3, 4)
        li a3, 5
        VL(4, e64, m2)
        vslide1down.vx v4, v4, a3
        EXPECTV(v4, 2, 3)
        EXPECTV(v5, 4, 5)

        /* vrgather.vv e8: indices 16 and 255 are >= VLMAX */
        TESTCASE(21)
        SETV(v3, 0x0201ff100303000f, 0x0e0a090807060504)
        SETV(v1, FILL1, FILL2)
        VL(16, e8, m1)
        vrgather.vv v1, v2, v3
        EXPECTV(v1, 0x0302000004040110, 0x0f0b0a0908070605)
        /* masked, vl = 12 */
        TESTCASE(22)
        SETV(v1, FILL1, FILL2)
        SETV(v0, 0x0f0f, 0)
        VL(12, e8, m1)
        vrgather.vv v1, v2, v3, v0.t
        EXPECTV(v1, 0x1111111104040110, 0x2222222208070605)
        /* e32 LMUL 2: index 7 from v5, 8 = VLMAX -> 0 */
        TESTCASE(23)
        SETV(v4, 0x0000000200000001, 0x0000000400000003)
        SETV(v5, 0x0000000600000005, 0x0000000800000007)
        SETV(v6, 0x0000000800000007, 0x0000000000000004)
        SETV(v7, 0xffffffff00000001, 0x0000000600000005)
        VL(8, e32, m2)
        vrgather.vv v8, v4, v6
        EXPECTV(v8, 0x0000000000000008, 0x0000000100000005)
        EXPECTV(v9, 0x0000000000000002, 0x0000000700000006)
        /* .vx / .vi splat; an index >= VLMAX gives 0 */
        TESTCASE(24)
        li a3, 5
        VL(16, e8, m1)
        vrgather.vx v1, v2, a3
        EXPECTV(v1, 0x0606060606060606, 0x0606060606060606)
        TESTCASE(25)
        li a3, 0x100000000
        VL(8, e8, m1)
        vrgather.vx v1, v2, a3
        EXPECTV(v1, 0, 0x0606060606060606)
        TESTCASE(26)
        VL(4, e32, m1)
        vrgather.vi v1, v2, 3
        EXPECTV(v1, 0x100f0e0d100f0e0d, 0x100f0e0d100f0e0d)
        TESTCASE(27)
        SETV(v1, FILL1, FILL2)
        SETV(v0, 0x2, 0)
        VL(2, e64, m1)
        vrgather.vi v1, v2, 0, v0.t
        EXPECTV(v1, FILL1, D_LO)

        /* vrgatherei16.vv: e8 (index EMUL 2), e64 (index EMUL 1/4) */
        TESTCASE(28)
        SETV(v5, 0x0007000600050004, 0x000e000a00090008)
        SETV(v4, 0x000301000000000f, 0x00020001ffff0010)
        SETV(v1, FILL1, FILL2)
        VL(16, e8, m1)
        vrgatherei16.vv v1, v2, v4
        EXPECTV(v1, 0x0302000004000110, 0x0f0b0a0908070605)
        TESTCASE(29)
        SETV(v6, 0x0000000000020001, 0)
        SETV(v1, FILL1, FILL2)
        VL(2, e64, m1)
        vrgatherei16.vv v1, v2, v6
        EXPECTV(v1, D_HI, 0)

        /* vcompress.vm: the spec's example (16.5) */
        TESTCASE(30)
        SETV(v1, 0x0706050403020100, 0x0f0e0d0c0b0a0908)
        SETV(v2, 0x0203040506070809, 0x1111111111111101)
        SETV(v0, 0x1a5, 0)
        VL(9, e8, m1)
        vcompress.vm v2, v1, v0
        EXPECTV(v2, 0x0203040807050200, 0x1111111111111101)
        /* e64 LMUL 2: elements 1 and 3 */
        TESTCASE(31)
        SETV(v4, 1, 2)
        SETV(v5, 3, 4)
        SETV(v8, FILL1, FILL2)
        SETV(v9, FILL1, FILL2)
        SETV(v3, 0xa, 0)
        VL(4, e64, m2)
        vcompress.vm v8, v4, v3
        EXPECTV(v8, 2, 4)
        EXPECTV(v9, FILL1, FILL2)
        /* the mask bits past vl do not count */
        TESTCASE(32)
        VL(3, e64, m2)
        vcompress.vm v8, v4, v3
        EXPECTV(v8, 2, 4)
        SETV(v8, FILL1, FILL2)
        VL(3, e64, m2)
        vcompress.vm v8, v4, v3
        EXPECTV(v8, 2, FILL2)

        /* vmv<nr>r.v, also with vtype.vill set */
        SETV(v8, 0x8, 0x88)
        SETV(v9, 0x9, 0x99)
        SETV(v10, 0xa, 0xaa)
        SETV(v11, 0xb, 0xbb)
        SETV(v12, 0xc, 0xcc)
        SETV(v13, 0xd, 0xdd)
        SETV(v14, 0xe, 0xee)
        SETV(v15, 0xf, 0xff)
        TESTCASE(33)
        VL(1, e8, m1)
        vmv1r.v v1, v9
        EXPECTV(v1, 0x9, 0x99)
        TESTCASE(34)
        VL(0, e32, m1)
        vmv2r.v v2, v10
        EXPECTV(v3, 0xb, 0xbb)
        EXPECTV(v2, 0xa, 0xaa)
        TESTCASE(35)
        li t1, -1
        vsetvl zero, zero, t1            /* vill */
        vmv4r.v v4, v12
        EXPECTV(v7, 0xf, 0xff)
        TESTCASE(36)
        li t1, -1
        vsetvl zero, zero, t1
        vmv8r.v v16, v8
        EXPECTV(v16, 0x8, 0x88)
        EXPECTV(v23, 0xf, 0xff)
        /* vstart counts SEW elements: e32, vstart 1 keeps bytes 0..3 */
        TESTCASE(37)
        SETV(v1, FILL1, FILL2)
        VL(1, e32, m1)
        csrwi vstart, 1
        vmv1r.v v1, v9
        EXPECTV(v1, 0x0000000011111111, 0x99)

        /* reserved encodings */
        INSTALL_TRAP
        SETV(v1, FILL1, FILL2)
        TESTCASE(40)
        VL(8, e8, m1)
        ARM_TRAP
        vslideup.vi v2, v2, 1            /* vd = vs2 */
        EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)
        TESTCASE(41)
        VL(8, e8, m2)
        ARM_TRAP
        vslideup.vi v4, v6, 1, v0.t      /* fine */
        EXPECT_NO_TRAP
        ARM_TRAP
        vslideup.vi v4, v5, 1            /* misaligned vs2 */
        EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)
        TESTCASE(42)
        ARM_TRAP
        vslide1up.vx v4, v4, a3
        EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)
        TESTCASE(43)
        ARM_TRAP
        VW(0x0f, 0, 2, 1, 3, 0)          /* vslidedown.vi v0, v2, 1, v0.t */
        EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)
        TESTCASE(44)
        VL(8, e8, m1)
        ARM_TRAP
        vrgather.vv v3, v2, v3           /* vd = vs1 */
        EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)
        TESTCASE(45)
        ARM_TRAP
        vrgather.vx v2, v2, a3           /* vd = vs2 */
        EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)
        TESTCASE(46)
        VL(8, e8, m4)
        ARM_TRAP
        vrgatherei16.vv v4, v8, v20      /* index EMUL 8: v20 misaligned */
        EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)
        TESTCASE(47)
        ARM_TRAP
        vrgatherei16.vv v4, v8, v0       /* vd inside the index group */
        EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)
        TESTCASE(48)
        VL(8, e8, m8)
        ARM_TRAP
        vrgatherei16.vv v8, v16, v0      /* index EMUL 16 */
        EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)
        TESTCASE(49)
        VL(8, e8, m1)
        csrwi vstart, 1
        ARM_TRAP
        vcompress.vm v1, v2, v3
        EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)
        TESTCASE(50)
        csrwi vstart, 0
        ARM_TRAP
        vcompress.vm v3, v2, v3          /* vd = mask */
        EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)
        TESTCASE(51)
        ARM_TRAP
        VW(0x27, 1, 2, 1, 3, 1)          /* vmv2r.v v1, v2 */
        EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)
        TESTCASE(52)
        ARM_TRAP
        VW(0x27, 1, 4, 2, 3, 8)          /* simm5 = 2: NREG 3 */
        EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)
        TESTCASE(53)
        csrwi vstart, 0
        EXPECTV(v1, FILL1, FILL2)
        UNINSTALL_TRAP
ISA_END
