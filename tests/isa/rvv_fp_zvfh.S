/* Without Zvfh, SEW = 16 vector FP arithmetic is reserved (V 1.0 13: an
 * EEW with no supported FP type; Zvfhmin adds only vfwcvt.f.f.v and
 * vfncvt.f.f.w, tested in rvv_fp_cvt.S).  QEMU 7.2 implements binary16
 * vector arithmetic unconditionally (it has no Zvfh option), so on QEMU
 * this file cannot pass.  VLEN = 128. */
#include "isa.h"
.option arch, +v

ISA_BEGIN
        li t0, 0x2200
        csrs mstatus, t0
        INSTALL_TRAP
        vsetivli zero, 4, e16, m1, tu, mu
        TESTCASE(1)
        ARM_TRAP
        vfadd.vv v3, v1, v2
        EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)
        TESTCASE(2)
        ARM_TRAP
        vfmacc.vf v3, fa0, v2
        EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)
        TESTCASE(3)
        ARM_TRAP
        vmflt.vv v3, v1, v2
        EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)
        TESTCASE(4)
        ARM_TRAP
        vfcvt.f.x.v v3, v1
        EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)
        /* f16 -> i32 and i32 -> f16 need Zvfh too */
        TESTCASE(5)
        vsetivli zero, 4, e16, mf2, tu, mu
        ARM_TRAP
        vfwcvt.x.f.v v3, v1
        EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)
        ARM_TRAP
        vfncvt.f.x.w v3, v1
        EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)
        /* ... but the Zvfhmin pair is legal */
        TESTCASE(6)
        ARM_TRAP
        vfwcvt.f.f.v v4, v1
        EXPECT_NO_TRAP
        ARM_TRAP
        vfncvt.f.f.w v3, v4
        EXPECT_NO_TRAP
        UNINSTALL_TRAP
ISA_END
