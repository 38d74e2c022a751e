/* V 1.0 mask instructions (15.1 logical, 15.2 vcpop.m, 15.3 vfirst.m,
 * 15.4-15.6 vmsbf/vmsif/vmsof, 15.8 viota.m, 15.9 vid.v) and the integer
 * scalar moves (16.1 vmv.x.s, vmv.s.x).  Mask results keep the bits past
 * vl and the inactive bits.  VLEN = 128. */
#include "isa.h"
.option arch, +v

#define SETV(v, lo, hi) vsetivli zero, 2, e64, m1, tu, mu; li t0, lo; \
        vslide1down.vx v, v, t0; li t0, hi; vslide1down.vx v, v, t0
#define GETV(v) vsetivli zero, 2, e64, m1, tu, mu; vmv.x.s a0, v; \
        vslidedown.vi v31, v, 1; vmv.x.s a1, v31
#define EXPECTV(v, lo, hi) GETV(v); EXPECT(a0, lo); EXPECT(a1, hi)
#define VL(n, sew, lmul) li a2, n; vsetvli zero, a2, sew, lmul, tu, mu
/* An OP-V word: funct6, vm, vs2, vs1/rs1, funct3, vd */
#define VW(f6, vm, vs2, vs1, f3, vd) \
        .word ((f6)<<26|(vm)<<25|(vs2)<<20|(vs1)<<15|(f3)<<12|(vd)<<7|0x57)
#define FILL1 0x1111111111111111
#define FILL2 0x2222222222222222
#define A_LO 0xff00ff00f0f0cccc
#define A_HI 0x123456789abcdef0
#define B_LO 0x0f0f0f0fff00aaaa
#define B_HI 0xfedcba9876543210

/* One mask logical op at vl = 128 (e8, m8), at vl = 20, and from
 * vstart = 4 to vl = 70. */
#define MLOGIC(n, n1, n2, op, flo, fhi, tlo, thi, slo, shi)                      \
        TESTCASE(n); SETV(v1, FILL1, FILL2); VL(128, e8, m8);            \
        op v1, v2, v3; EXPECTV(v1, flo, fhi);                            \
        TESTCASE(n1); SETV(v1, FILL1, FILL2); VL(20, e8, m2);         \
        op v1, v2, v3; EXPECTV(v1, tlo, thi);                            \
        TESTCASE(n2); SETV(v1, FILL1, FILL2); VL(70, e8, m8);        \
        csrwi vstart, 4; op v1, v2, v3; EXPECTV(v1, slo, shi)

ISA_BEGIN
        li t0, 0x200
        csrs mstatus, t0

        SETV(v2, A_LO, A_HI)
        SETV(v3, B_LO, B_HI)
        MLOGIC(1, 2, 3, vmandn.mm, 0xf000f00000f04444, 0x0020446088a8cce0,
               0x1111111111104444, FILL2, 0xf000f00000f04441, 0x2222222222222220)
        MLOGIC(4, 5, 6, vmand.mm, 0x0f000f00f0008888, 0x1214121812141210,
               0x1111111111108888, FILL2, 0x0f000f00f0008881, 0x2222222222222210)
        MLOGIC(7, 8, 9, vmor.mm, 0xff0fff0ffff0eeee, 0xfefcfef8fefcfef0,
               0x111111111110eeee, FILL2, 0xff0fff0ffff0eee1, 0x2222222222222230)
        MLOGIC(10, 11, 12, vmxor.mm, 0xf00ff00f0ff06666, 0xece8ece0ece8ece0,
               0x1111111111106666, FILL2, 0xf00ff00f0ff06661, 0x2222222222222220)
        MLOGIC(13, 14, 15, vmorn.mm, 0xfff0fff0f0ffdddd, 0x1337577f9bbfdfff,
               0x11111111111fdddd, FILL2, 0xfff0fff0f0ffddd1, 0x222222222222223f)
        MLOGIC(16, 17, 18, vmnand.mm, 0xf0fff0ff0fff7777, 0xedebede7edebedef,
               0x11111111111f7777, FILL2, 0xf0fff0ff0fff7771, 0x222222222222222f)
        MLOGIC(19, 20, 21, vmnor.mm, 0x00f000f0000f1111, 0x010301070103010f,
               0x11111111111f1111, FILL2, 0x00f000f0000f1111, 0x222222222222220f)
        MLOGIC(22, 23, 24, vmxnor.mm, 0x0ff00ff0f00f9999, 0x1317131f1317131f,
               0x11111111111f9999, FILL2, 0x0ff00ff0f00f9991, 0x222222222222221f)
        /* vd = a source; vmclr / vmset pseudo forms; vl = 0 */
        TESTCASE(25)
        SETV(v1, A_LO, A_HI)
        VL(128, e8, m8)
        vmand.mm v1, v1, v3
        EXPECTV(v1, 0x0f000f00f0008888, 0x1214121812141210)
        TESTCASE(26)
        SETV(v1, FILL1, FILL2)
        VL(72, e8, m8)
        vmset.m v1
        EXPECTV(v1, -1, 0x22222222222222ff)
        TESTCASE(27)
        VL(0, e8, m8)
        vmclr.m v1
        EXPECTV(v1, -1, 0x22222222222222ff)

        /* vcpop.m */
        TESTCASE(28)
        VL(128, e8, m8)
        li a0, 99
        vcpop.m a0, v2
        EXPECT(a0, 64)
        TESTCASE(29)
        VL(20, e8, m2)
        vcpop.m a0, v2
        EXPECT(a0, 8)
        TESTCASE(30)
        SETV(v0, B_LO, B_HI)
        VL(128, e8, m8)
        vcpop.m a0, v2, v0.t
        EXPECT(a0, 31)
        TESTCASE(31)
        VL(70, e8, m8)
        vcpop.m a0, v2, v0.t
        EXPECT(a0, 17)
        TESTCASE(32)
        VL(0, e8, m8)
        li a0, 99
        vcpop.m a0, v2
        EXPECT(a0, 0)

        /* vfirst.m */
        TESTCASE(33)
        VL(128, e8, m8)
        vfirst.m a0, v2
        EXPECT(a0, 2)
        TESTCASE(34)
        VL(2, e8, m8)
        vfirst.m a0, v2
        EXPECT(a0, -1)
        TESTCASE(35)
        SETV(v0, 0xfffffffffffffffb, -1)
        VL(128, e8, m8)
        vfirst.m a0, v2, v0.t
        EXPECT(a0, 3)
        TESTCASE(36)
        SETV(v4, 0, 0x1000000000)          /* bit 100 */
        VL(128, e8, m8)
        vfirst.m a0, v4
        EXPECT(a0, 100)
        TESTCASE(37)
        VL(100, e8, m8)
        vfirst.m a0, v4
        EXPECT(a0, -1)
        TESTCASE(38)
        VL(0, e8, m8)
        li a0, 5
        vfirst.m a0, v2
        EXPECT(a0, -1)

        /* vmsbf / vmsif / vmsof: source bits 44 and 90 */
        SETV(v2, 0x0000100000000000, 0x0000000004000000)
#define MSX(n, n1, n2, n3, op, flo, fhi, tlo, thi, mlo, mhi, plo, phi)              \
        TESTCASE(n); SETV(v1, FILL1, FILL2); VL(128, e8, m8);            \
        op v1, v2; EXPECTV(v1, flo, fhi);                                \
        TESTCASE(n1); SETV(v1, FILL1, FILL2); VL(40, e8, m8);         \
        op v1, v2; EXPECTV(v1, tlo, thi);                                \
        TESTCASE(n2); SETV(v1, FILL1, FILL2); SETV(v0, 0xffffefffffffffff, -1); \
        VL(128, e8, m8); op v1, v2, v0.t; EXPECTV(v1, mlo, mhi);         \
        TESTCASE(n3); SETV(v1, FILL1, FILL2);                         \
        SETV(v0, 0x5555555555555555, 0x5555555555555555);                \
        VL(128, e8, m8); op v1, v2, v0.t; EXPECTV(v1, plo, phi)
        MSX(40, 41, 42, 43, vmsbf.m, 0x00000fffffffffff, 0, 0x111111ffffffffff, FILL2,
            -1, 0x3ffffff, 0x0000055555555555, FILL2)
        MSX(44, 45, 46, 47, vmsif.m, 0x00001fffffffffff, 0, 0x111111ffffffffff, FILL2,
            -1, 0x7ffffff, 0x0000155555555555, FILL2)
        MSX(48, 49, 50, 51, vmsof.m, 0x0000100000000000, 0, 0x1111110000000000, FILL2,
            0x0000100000000000, 0x4000000, 0x0000100000000000, FILL2)
        /* no set bit: sbf/sif all ones, sof all zeros; vl = 0 */
        TESTCASE(52)
        SETV(v2, 0, 0)
        SETV(v1, FILL1, FILL2)
        VL(128, e8, m8)
        vmsif.m v1, v2
        EXPECTV(v1, -1, -1)
        TESTCASE(53)
        VL(128, e8, m8)
        vmsof.m v1, v2
        EXPECTV(v1, 0, 0)
        TESTCASE(54)
        SETV(v1, FILL1, FILL2)
        VL(0, e8, m8)
        vmsbf.m v1, v2
        EXPECTV(v1, FILL1, FILL2)
        /* vd = v0 unmasked is fine */
        TESTCASE(55)
        SETV(v2, 0x10, 0)
        SETV(v0, -1, -1)
        VL(16, e8, m1)
        vmsbf.m v0, v2
        EXPECTV(v0, 0xffffffffffff000f, -1)

        /* viota.m: the spec's examples (15.8) */
        TESTCASE(56)
        SETV(v2, 0x91, 0)
        SETV(v4, FILL1, FILL2)
        VL(8, e8, m1)
        viota.m v4, v2
        EXPECTV(v4, 0x0202020101010100, FILL2)
        TESTCASE(57)
        SETV(v0, 0xeb, 0)
        SETV(v4, 0x0203040506070809, FILL2)
        VL(8, e8, m1)
        viota.m v4, v2, v0.t
        EXPECTV(v4, 0x0101010501070100, FILL2)
        /* e32, LMUL 2, 16 ones: vl = 7 writes 0..6 */
        TESTCASE(58)
        SETV(v2, 0xffff, 0)
        SETV(v4, FILL1, FILL2)
        SETV(v5, FILL1, FILL2)
        VL(7, e32, m2)
        viota.m v4, v2
        EXPECTV(v4, 0x0000000100000000, 0x0000000300000002)
        EXPECTV(v5, 0x0000000500000004, 0x2222222200000006)
        /* e16, LMUL 8, vl = VLMAX = 64, source all ones */
        TESTCASE(59)
        SETV(v2, -1, -1)
        VL(128, e16, m8)
        viota.m v8, v2
        EXPECTV(v15, 0x003b003a00390038, 0x003f003e003d003c)
        EXPECTV(v8, 0x0003000200010000, 0x0007000600050004)

        /* vid.v */
        TESTCASE(60)
        SETV(v4, FILL1, FILL2)
        SETV(v5, FILL1, FILL2)
        VL(12, e16, m2)
        vid.v v4
        EXPECTV(v4, 0x0003000200010000, 0x0007000600050004)
        EXPECTV(v5, 0x000b000a00090008, FILL2)
        TESTCASE(61)
        SETV(v0, 0x5555, 0)
        SETV(v4, FILL1, FILL2)
        VL(16, e8, m1)
        vid.v v4, v0.t
        EXPECTV(v4, 0x1106110411021100, 0x220e220c220a2208)
        TESTCASE(62)
        SETV(v4, FILL1, FILL2)
        VL(8, e8, m1)
        csrwi vstart, 3
        vid.v v4
        EXPECTV(v4, 0x0706050403111111, FILL2)
        TESTCASE(63)
        SETV(v4, FILL1, FILL2)
        VL(2, e64, m1)
        vid.v v4
        EXPECTV(v4, 0, 1)

        /* vmv.x.s: sign-extended element 0, any vl, LMUL ignored */
        SETV(v3, 0x8000000080008080, 0x1234)
        TESTCASE(64)
        VL(4, e8, m1)
        vmv.x.s a0, v3
        EXPECT(a0, 0xffffffffffffff80)
        TESTCASE(65)
        VL(0, e16, m8)
        vmv.x.s a0, v3
        EXPECT(a0, 0xffffffffffff8080)
        TESTCASE(66)
        VL(4, e32, m2)
        vmv.x.s a0, v3
        EXPECT(a0, 0xffffffff80008080)
        TESTCASE(67)
        VL(1, e64, m4)
        vmv.x.s a0, v3
        EXPECT(a0, 0x8000000080008080)
        TESTCASE(68)
        VL(4, e8, m1)
        vmv.x.s zero, v3
        EXPECT(zero, 0)

        /* vmv.s.x: element 0 only, low SEW bits */
        TESTCASE(69)
        SETV(v3, FILL1, FILL2)
        li a5, 0xabcdef9876543210
        VL(4, e16, m1)
        vmv.s.x v3, a5
        EXPECTV(v3, 0x1111111111113210, FILL2)
        TESTCASE(70)
        VL(8, e32, m4)                  /* LMUL ignored: v3 is fine */
        vmv.s.x v3, a5
        EXPECTV(v3, 0x1111111176543210, FILL2)
        TESTCASE(71)
        SETV(v3, FILL1, FILL2)
        VL(0, e64, m1)
        vmv.s.x v3, a5
        EXPECTV(v3, FILL1, FILL2)
        TESTCASE(72)
        VL(2, e8, m1)
        csrwi vstart, 3
        vmv.s.x v3, a5
        EXPECTV(v3, FILL1, FILL2)
        TESTCASE(73)
        VL(4, e8, m1)
        csrwi vstart, 1
        vmv.s.x v3, a5
        EXPECTV(v3, 0x1111111111111110, FILL2)

        /* reserved encodings and illegal cases */
        INSTALL_TRAP
        SETV(v1, FILL1, FILL2)
        SETV(v2, A_LO, A_HI)
        TESTCASE(80)
        VL(16, e8, m1)
        ARM_TRAP
        vmsbf.m v2, v2                 /* vd = vs2 */
        EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)
        TESTCASE(81)
        ARM_TRAP
        vmsof.m v0, v2, v0.t           /* masked, vd = v0 */
        EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)
        TESTCASE(82)
        csrwi vstart, 1
        ARM_TRAP
        vmsif.m v1, v2
        EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)
        TESTCASE(83)
        csrwi vstart, 1
        ARM_TRAP
        vcpop.m a0, v2
        EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)
        TESTCASE(84)
        csrwi vstart, 1
        ARM_TRAP
        vfirst.m a0, v2
        EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)
        TESTCASE(85)
        csrwi vstart, 1
        ARM_TRAP
        viota.m v1, v2
        EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)
        TESTCASE(86)
        csrwi vstart, 0
        VL(16, e8, m2)
        ARM_TRAP
        viota.m v4, v5                 /* vd group holds vs2 */
        EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)
        TESTCASE(87)
        ARM_TRAP
        viota.m v5, v2                 /* misaligned */
        EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)
        TESTCASE(88)
        ARM_TRAP
        VW(0x14, 0, 2, 0x10, 2, 0)     /* viota.m v0, v2, v0.t */
        EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)
        TESTCASE(89)
        ARM_TRAP
        VW(0x14, 1, 2, 0x11, 2, 4)     /* vid.v with vs2 = v2 */
        EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)
        TESTCASE(90)
        ARM_TRAP
        VW(0x14, 0, 0, 0x11, 2, 0)     /* vid.v v0, v0.t */
        EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)
        TESTCASE(91)
        ARM_TRAP
        VW(0x14, 1, 0, 0x12, 2, 4)     /* VMUNARY0 vs1 = 0x12 */
        EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)
        TESTCASE(92)
        ARM_TRAP
        VW(0x10, 0, 2, 0, 2, 10)       /* vmv.x.s masked */
        EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)
        TESTCASE(93)
        ARM_TRAP
        VW(0x10, 1, 1, 11, 6, 2)       /* vmv.s.x with vs2 = 1 */
        EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)
        TESTCASE(94)
        ARM_TRAP
        VW(0x10, 1, 2, 0x12, 2, 10)    /* VWXUNARY0 vs1 = 0x12 */
        EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)
        TESTCASE(95)
        csrwi vstart, 0
        EXPECTV(v1, FILL1, FILL2)
        UNINSTALL_TRAP
ISA_END
