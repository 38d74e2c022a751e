/* V 1.0 integer reductions (14.1 vred*.vs, 14.2 vwredsum[u].vs): scalar
 * in vs1[0], result in vd[0], the rest of vd undisturbed; masking, tail
 * (vl < VLMAX), vl = 0, LMUL > 1, and the illegal cases (vstart != 0,
 * misaligned vs2, widening at SEW = 64).  VLEN = 128. */
#include "isa.h"
.option arch, +v

/* v = {lo, hi} (two 64-bit elements), built with vslide1down. */
#define SETV(v, lo, hi) vsetivli zero, 2, e64, m1, tu, mu; li t0, lo; \
        vslide1down.vx v, v, t0; li t0, hi; vslide1down.vx v, v, t0
/* a0/a1 = low/high 64 bits of v (v31 is scratch). */
#define GETV(v) vsetivli zero, 2, e64, m1, tu, mu; vmv.x.s a0, v; \
        vslidedown.vi v31, v, 1; vmv.x.s a1, v31
#define EXPECTV(v, lo, hi) GETV(v); EXPECT(a0, lo); EXPECT(a1, hi)
#define FILL1 0x1111111111111111
#define FILL2 0x2222222222222222

ISA_BEGIN
        li t0, 0x200
        csrs mstatus, t0

        /* vredsum e8, 16 elements 1..16 + 5 = 141 */
        TESTCASE(1)
        SETV(v2, 0x0807060504030201, 0x100f0e0d0c0b0a09)
        SETV(v3, 0x7777777777777705, 0x7777777777777777)
        SETV(v1, FILL1, FILL2)
        vsetivli zero, 16, e8, m1, tu, mu
        vredsum.vs v1, v2, v3
        EXPECTV(v1, 0x111111111111118d, FILL2)

        /* wraps: 16 * 0xff + 0x10 = 0x1000 -> 0x00 */
        TESTCASE(2)
        SETV(v2, -1, -1)
        SETV(v3, 0x10, 0)
        SETV(v1, FILL1, FILL2)
        vsetivli zero, 16, e8, m1, tu, mu
        vredsum.vs v1, v2, v3
        EXPECTV(v1, 0x1111111111111100, FILL2)

        /* masked e16: elements 0, 2, 5, 7 of 1..8 + 0x100 = 0x112 */
        TESTCASE(3)
        SETV(v2, 0x0004000300020001, 0x0008000700060005)
        SETV(v3, 0x100, 0)
        SETV(v0, 0xa5, 0)
        SETV(v1, FILL1, FILL2)
        vsetivli zero, 8, e16, m1, tu, mu
        vredsum.vs v1, v2, v3, v0.t
        EXPECTV(v1, 0x1111111111110112, FILL2)

        /* vd may be the mask register and a source: v0 = v0[0] + ... */
        TESTCASE(4)
        SETV(v0, 0x0000000000000005, 0)
        SETV(v2, 0x0004000300020001, 0x0008000700060005)
        vsetivli zero, 8, e16, m1, tu, mu
        vredsum.vs v0, v2, v0, v0.t     /* mask 0b101: elements 0 and 2 */
        EXPECTV(v0, 0x0000000000000009, 0)

        /* e32 max/min, signed and unsigned, scalar 3 */
        SETV(v2, 0x7fffffff80000000, 0x00000005ffffffff)
        SETV(v3, 0x0000000000000003, 0)
        TESTCASE(5)
        SETV(v1, FILL1, FILL2)
        vsetivli zero, 4, e32, m1, tu, mu
        vredmaxu.vs v1, v2, v3
        EXPECTV(v1, 0x11111111ffffffff, FILL2)
        TESTCASE(6)
        vsetivli zero, 4, e32, m1, tu, mu
        vredmax.vs v1, v2, v3
        EXPECTV(v1, 0x111111117fffffff, FILL2)
        TESTCASE(7)
        vsetivli zero, 4, e32, m1, tu, mu
        vredminu.vs v1, v2, v3
        EXPECTV(v1, 0x1111111100000003, FILL2)
        TESTCASE(8)
        vsetivli zero, 4, e32, m1, tu, mu
        vredmin.vs v1, v2, v3
        EXPECTV(v1, 0x1111111180000000, FILL2)
        /* vl = 3 leaves out element 3 (5): minu of 3 and the rest = 3,
         * maxu without 0xffffffff at vl = 2 */
        TESTCASE(9)
        vsetivli zero, 2, e32, m1, tu, mu
        vredmaxu.vs v1, v2, v3
        EXPECTV(v1, 0x1111111180000000, FILL2)

        /* e64, LMUL 2, vl = 3: and/or/xor over v4[0..1], v5[0] */
        SETV(v4, 0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0)
        SETV(v5, 0xfff0fff0fff0fff0, 0x000000000000000f)
        TESTCASE(10)
        SETV(v3, -1, 0)
        vsetivli zero, 3, e64, m2, tu, mu
        vredand.vs v1, v4, v3
        EXPECTV(v1, 0x0f000f000f000f00, FILL2)
        TESTCASE(11)
        SETV(v3, 0x8000000000000001, 0)
        vsetivli zero, 3, e64, m2, tu, mu
        vredor.vs v1, v4, v3
        EXPECTV(v1, 0xfff0fff0fff0fff1, FILL2)
        TESTCASE(12)
        vsetivli zero, 3, e64, m2, tu, mu
        vredxor.vs v1, v4, v3
        EXPECTV(v1, 0x8f000f000f000f01, FILL2)
        /* vl = 4 includes v5[1] = 0xf in the and */
        TESTCASE(13)
        SETV(v3, -1, 0)
        vsetivli zero, 4, e64, m2, tu, mu
        vredand.vs v1, v4, v3
        EXPECTV(v1, 0, FILL2)

        /* e8 LMUL 2: minimum (7) in element 20 (v5 byte 4) */
        SETV(v4, 0x5050505050505050, 0x5050505050505050)
        SETV(v5, 0x5050500750505050, 0x5050505050505050)
        SETV(v3, 0x60, 0)
        TESTCASE(14)
        SETV(v1, FILL1, FILL2)
        li a2, 32; vsetvli zero, a2, e8, m2, tu, mu
        vredminu.vs v1, v4, v3
        EXPECTV(v1, 0x1111111111111107, FILL2)
        TESTCASE(15)
        li a2, 20
        vsetvli zero, a2, e8, m2, tu, mu
        vredminu.vs v1, v4, v3
        EXPECTV(v1, 0x1111111111111150, FILL2)
        /* masked off: v0 bit 20 clear */
        TESTCASE(16)
        SETV(v0, 0xffffffffffefffff, 0)
        li a2, 32; vsetvli zero, a2, e8, m2, tu, mu
        vredmin.vs v1, v4, v3, v0.t
        EXPECTV(v1, 0x1111111111111150, FILL2)

        /* vl = 0: vd not written */
        TESTCASE(17)
        SETV(v1, FILL1, FILL2)
        vsetivli zero, 0, e8, m1, tu, mu
        vredsum.vs v1, v4, v3
        EXPECTV(v1, FILL1, FILL2)
        /* all elements masked off: vd[0] = vs1[0] */
        TESTCASE(18)
        SETV(v0, 0, 0)
        vsetivli zero, 16, e8, m1, tu, mu
        vredmax.vs v1, v4, v3, v0.t
        EXPECTV(v1, 0x1111111111111160, FILL2)

        /* 14.2 widening: e8 -> 16 bits, 16 x 0xff + 1 */
        SETV(v2, -1, -1)
        SETV(v3, 0x0001, 0)
        TESTCASE(19)
        SETV(v1, FILL1, FILL2)
        vsetivli zero, 16, e8, m1, tu, mu
        vwredsumu.vs v1, v2, v3
        EXPECTV(v1, 0x1111111111110ff1, FILL2)
        TESTCASE(20)
        vsetivli zero, 16, e8, m1, tu, mu
        vwredsum.vs v1, v2, v3
        EXPECTV(v1, 0x111111111111fff1, FILL2)
        /* e32 -> 64 bits, signed and unsigned */
        SETV(v2, 0x7fffffff80000000, 0x00000005ffffffff)
        SETV(v3, 0x100000000, 0)
        TESTCASE(21)
        vsetivli zero, 4, e32, m1, tu, mu
        vwredsumu.vs v1, v2, v3
        EXPECTV(v1, 0x300000003, FILL2)
        TESTCASE(22)
        vsetivli zero, 4, e32, m1, tu, mu
        vwredsum.vs v1, v2, v3
        EXPECTV(v1, 0x100000003, FILL2)
        /* masked e16 -> 32, LMUL 2: elements 0 (-1) and 9 (0x7fff) */
        TESTCASE(23)
        SETV(v4, 0x000000000000ffff, 0)
        SETV(v5, 0x000000007fff0000, 0)
        SETV(v0, 0x0201, 0)
        SETV(v3, 0x10, 0)
        SETV(v1, FILL1, FILL2)
        vsetivli zero, 16, e16, m2, tu, mu
        vwredsum.vs v1, v4, v3, v0.t
        EXPECTV(v1, 0x111111110000800e, FILL2)
        TESTCASE(24)
        vsetivli zero, 16, e16, m2, tu, mu
        vwredsumu.vs v1, v4, v3, v0.t
        EXPECTV(v1, 0x111111110001800e, FILL2)

        /* illegal: vstart != 0, misaligned vs2, vwredsum at SEW 64 */
        INSTALL_TRAP
        TESTCASE(25)
        SETV(v1, FILL1, FILL2)
        vsetivli zero, 4, e32, m1, tu, mu
        csrwi vstart, 1
        ARM_TRAP
        vredsum.vs v1, v2, v3
        EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)
        TESTCASE(26)
        csrwi vstart, 0
        vsetivli zero, 4, e32, m2, tu, mu
        ARM_TRAP
        vredsum.vs v1, v3, v2
        EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)
        TESTCASE(27)
        vsetivli zero, 2, e64, m1, tu, mu
        ARM_TRAP
        vwredsum.vs v1, v2, v3
        EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)
        TESTCASE(28)
        vsetivli zero, 4, e32, m1, tu, mu
        csrwi vstart, 1
        ARM_TRAP
        vwredsumu.vs v1, v2, v3
        EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)
        csrwi vstart, 0
        EXPECTV(v1, FILL1, FILL2)
        /* vd and vs1 need no alignment with LMUL 2 */
        TESTCASE(29)
        vsetivli zero, 4, e32, m2, tu, mu
        ARM_TRAP
        vredsum.vs v1, v2, v3
        EXPECT_NO_TRAP
        UNINSTALL_TRAP
ISA_END
