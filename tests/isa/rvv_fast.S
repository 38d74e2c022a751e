/* The vector fast path (hw/riscv/vector_fast.c): an instruction the full
 * path has run once with the current vtype runs again without its checks
 * and dispatch.  Every instruction the fast path knows (unmasked vadd, vsub,
 * vand, vor, vxor, vmul, vmacc .vv/.vx, vredsum.vs; vle/vse unit-stride)
 * runs three times at each SEW (LMUL 2, vl = VLMAX - 1): its result must
 * equal, bytes of the whole group (tail included), that of the same
 * operation masked with an all-ones v0 (never fast); vsetvli repeated
 * with different AVLs.  Then the cases the
 * fast path must leave to the full path: vtype changed to one where the
 * registers are illegal, vstart != 0, VS not dirty, a faulting or
 * page-crossing access, vl = 0. */
#include "isa.h"
.option arch, +v

/* s2 = the op (fast candidate), s3 = its masked twin; compares. */
#define CHECK_OP(n, fast, masked)                       \
        TESTCASE(n); lla s2, fast; lla s3, masked; call check_op
/* For each SEW: vl = VLMAX - 1 at LMUL 2. */
#define SET_VL(sew)                                     \
        vsetvli t0, x0, sew, m2, tu, mu;                \
        addi t0, t0, -1;                                \
        vsetvli t0, t0, sew, m2, tu, mu
ISA_BEGIN
        li   t0, 0x600            /* mstatus.VS = dirty */
        csrs mstatus, t0
        li   s4, 0x9e3779b97f4a7c15   /* the .vx scalar */
        csrr s5, vlenb
        slli s5, s5, 1            /* bytes of an LMUL-2 group */

        SET_VL(e8)
        CHECK_OP(1, op_add_vv, opm_add_vv)
        CHECK_OP(2, op_add_vx, opm_add_vx)
        CHECK_OP(3, op_sub_vv, opm_sub_vv)
        CHECK_OP(4, op_sub_vx, opm_sub_vx)
        CHECK_OP(5, op_and_vv, opm_and_vv)
        CHECK_OP(6, op_or_vx, opm_or_vx)
        CHECK_OP(7, op_xor_vv, opm_xor_vv)
        CHECK_OP(8, op_mul_vv, opm_mul_vv)
        CHECK_OP(9, op_mul_vx, opm_mul_vx)
        CHECK_OP(10, op_macc_vv, opm_macc_vv)
        CHECK_OP(11, op_macc_vx, opm_macc_vx)
        CHECK_OP(12, op_redsum, opm_redsum)
        CHECK_OP(13, op_ldst, opm_ldst)
        SET_VL(e16)
        CHECK_OP(21, op_add_vv, opm_add_vv)
        CHECK_OP(22, op_add_vx, opm_add_vx)
        CHECK_OP(23, op_sub_vv, opm_sub_vv)
        CHECK_OP(24, op_sub_vx, opm_sub_vx)
        CHECK_OP(25, op_and_vv, opm_and_vv)
        CHECK_OP(26, op_or_vx, opm_or_vx)
        CHECK_OP(27, op_xor_vv, opm_xor_vv)
        CHECK_OP(28, op_mul_vv, opm_mul_vv)
        CHECK_OP(29, op_mul_vx, opm_mul_vx)
        CHECK_OP(30, op_macc_vv, opm_macc_vv)
        CHECK_OP(31, op_macc_vx, opm_macc_vx)
        CHECK_OP(32, op_redsum, opm_redsum)
        CHECK_OP(33, op_ldst, opm_ldst)
        SET_VL(e32)
        CHECK_OP(41, op_add_vv, opm_add_vv)
        CHECK_OP(42, op_add_vx, opm_add_vx)
        CHECK_OP(43, op_sub_vv, opm_sub_vv)
        CHECK_OP(44, op_sub_vx, opm_sub_vx)
        CHECK_OP(45, op_and_vv, opm_and_vv)
        CHECK_OP(46, op_or_vx, opm_or_vx)
        CHECK_OP(47, op_xor_vv, opm_xor_vv)
        CHECK_OP(48, op_mul_vv, opm_mul_vv)
        CHECK_OP(49, op_mul_vx, opm_mul_vx)
        CHECK_OP(50, op_macc_vv, opm_macc_vv)
        CHECK_OP(51, op_macc_vx, opm_macc_vx)
        CHECK_OP(52, op_redsum, opm_redsum)
        CHECK_OP(53, op_ldst, opm_ldst)
        SET_VL(e64)
        CHECK_OP(61, op_add_vv, opm_add_vv)
        CHECK_OP(62, op_add_vx, opm_add_vx)
        CHECK_OP(63, op_sub_vv, opm_sub_vv)
        CHECK_OP(64, op_sub_vx, opm_sub_vx)
        CHECK_OP(65, op_and_vv, opm_and_vv)
        CHECK_OP(66, op_or_vx, opm_or_vx)
        CHECK_OP(67, op_xor_vv, opm_xor_vv)
        CHECK_OP(68, op_mul_vv, opm_mul_vv)
        CHECK_OP(69, op_mul_vx, opm_mul_vx)
        CHECK_OP(70, op_macc_vv, opm_macc_vv)
        CHECK_OP(71, op_macc_vx, opm_macc_vx)
        CHECK_OP(72, op_redsum, opm_redsum)
        CHECK_OP(73, op_ldst, opm_ldst)

/* 90: a vtype under which the cached instruction is illegal (v25 is not
 * an LMUL-2 group): illegal instruction, nothing written. */
        TESTCASE(90)
        vsetivli zero, 4, e32, m1, tu, mu
        call op_odd
        call op_odd
        INSTALL_TRAP
        vsetivli zero, 4, e32, m2, tu, mu
        ARM_TRAP
        call op_odd
        EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)
        UNINSTALL_TRAP

/* 91: vstart = 1: element 0 is left alone, vstart is cleared. */
        TESTCASE(91)
        vsetivli zero, 4, e32, m1, tu, mu
        call op_odd
        vmv.v.i v25, 7
        vmv.v.i v9, 1
        vmv.v.i v17, 2
        csrwi vstart, 1
        call op_odd
        csrr a0, vstart
        EXPECT(a0, 0)
        vmv.x.s a0, v25
        EXPECT(a0, 7)
        vslidedown.vi v1, v25, 1
        vmv.x.s a0, v1
        EXPECT(a0, 3)

/* 92: VS = Initial: the instruction makes it dirty. */
        TESTCASE(92)
        call op_odd
        li   t0, 0x600
        csrc mstatus, t0
        li   t0, 0x200
        csrs mstatus, t0
        call op_odd
        csrr a0, mstatus
        srli a0, a0, 9
        andi a0, a0, 3
        EXPECT(a0, 3)

/* 93: a cached load that faults: access fault at the address, vstart 0. */
        TESTCASE(93)
        vsetivli zero, 4, e32, m1, tu, mu
        lla   a2, src
        call op_ld1
        call op_ld1
        INSTALL_TRAP
        li   a2, 0x1000000000
        ARM_TRAP
        call op_ld1
        EXPECT_TRAP(5, 0x1000000000)
        csrr a0, vstart
        EXPECT(a0, 0)
        UNINSTALL_TRAP

/* 94: a cached load and store across a page boundary. */
        TESTCASE(94)
        lla   a2, cross - 8
        call op_ld1
        vmv.x.s a0, v1
        li   t1, 0x13121110
        EXPECT_REG(a0, t1)
        vslidedown.vi v2, v1, 3
        vmv.x.s a0, v2
        li   t1, 0x1f1e1d1c
        EXPECT_REG(a0, t1)
        lla   a3, cross - 4
        call op_st1
        lw   a0, 0(a3)
        li   t1, 0x13121110
        EXPECT_REG(a0, t1)
        lla   a3, cross
        lw   a0, 0(a3)
        li   t1, 0x17161514
        EXPECT_REG(a0, t1)
        lw   a0, 8(a3)
        li   t1, 0x1f1e1d1c
        EXPECT_REG(a0, t1)

/* 95: vl = 0: nothing is written. */
        TESTCASE(95)
        vsetivli zero, 4, e32, m1, tu, mu
        call op_odd
        vmv.v.i v25, 5
        vsetivli zero, 0, e32, m1, tu, mu
        call op_odd
        vsetivli zero, 4, e32, m1, tu, mu
        vmv.x.s a0, v25
        EXPECT(a0, 5)

/* 96: vsetvli run again (its vtype cached as legal): vl = min(AVL,
 * VLMAX) each time, x[rd] = vl, vtype set; rs1 = x0 gives VLMAX. */
        TESTCASE(96)
        csrr s6, vlenb            /* e16 m2: VLMAX = vlenb */
        li   s7, 3
1:      li   a1, 0
        call op_vsetvli
        EXPECT(a0, 0)
        li   a1, 5
        call op_vsetvli
        EXPECT(a0, 5)
        csrr a2, vl
        EXPECT(a2, 5)
        csrr a2, vtype
        EXPECT(a2, 0xc9)          /* e16 m2 ta ma */
        li   a1, 100000
        call op_vsetvli
        EXPECT_REG(a0, s6)
        call op_vsetvli_max
        srli t1, s6, 3            /* e32 mf2: VLMAX = vlenb / 8 */
        EXPECT_REG(a0, t1)
        csrr a2, vtype
        EXPECT(a2, 0x17)          /* e32 mf2 tu mu */
        addi s7, s7, -1
        bnez s7, 1b
ISA_END

/* Run s3 once and s2 twice from the same inputs; every run's vd group
 * (v24, 2 registers) must be the same bytes. */
check_op:
        mv   s6, ra
        call init
        jalr s3
        lla   t0, out_ref
        vs2r.v v24, (t0)
        call init
        jalr s2
        lla   t0, out0
        vs2r.v v24, (t0)
        call init
        jalr s2
        lla   t0, out1
        vs2r.v v24, (t0)
        lla   t0, out_ref
        lla   t1, out0
        lla   t2, out1
        mv   t3, s5
1:      ld   a0, 0(t0)
        ld   a1, 0(t1)
        bne  a0, a1, fail
        ld   a1, 0(t2)
        bne  a0, a1, fail
        addi t0, t0, 8
        addi t1, t1, 8
        addi t2, t2, 8
        addi t3, t3, -8
        bnez t3, 1b
        mv   ra, s6
        ret

init:
        lla   t0, in_a
        vl2re8.v v8, (t0)
        lla   t0, in_b
        vl2re8.v v16, (t0)
        lla   t0, in_d
        vl2re8.v v24, (t0)
        lla   t0, ones
        vl1re8.v v0, (t0)
        lla   t0, dst
        vs2r.v v24, (t0)        /* the store's destination starts as vd */
        ret

op_add_vv:  vadd.vv v24, v8, v16; ret
opm_add_vv: vadd.vv v24, v8, v16, v0.t; ret
op_add_vx:  vadd.vx v24, v8, s4; ret
opm_add_vx: vadd.vx v24, v8, s4, v0.t; ret
op_sub_vv:  vsub.vv v24, v8, v16; ret
opm_sub_vv: vsub.vv v24, v8, v16, v0.t; ret
op_sub_vx:  vsub.vx v24, v8, s4; ret
opm_sub_vx: vsub.vx v24, v8, s4, v0.t; ret
op_and_vv:  vand.vv v24, v8, v16; ret
opm_and_vv: vand.vv v24, v8, v16, v0.t; ret
op_or_vx:   vor.vx v24, v8, s4; ret
opm_or_vx:  vor.vx v24, v8, s4, v0.t; ret
op_xor_vv:  vxor.vv v24, v8, v16; ret
opm_xor_vv: vxor.vv v24, v8, v16, v0.t; ret
op_mul_vv:  vmul.vv v24, v8, v16; ret
opm_mul_vv: vmul.vv v24, v8, v16, v0.t; ret
op_mul_vx:  vmul.vx v24, v8, s4; ret
opm_mul_vx: vmul.vx v24, v8, s4, v0.t; ret
op_macc_vv: vmacc.vv v24, v16, v8; ret
opm_macc_vv: vmacc.vv v24, v16, v8, v0.t; ret
op_macc_vx: vmacc.vx v24, s4, v8; ret
opm_macc_vx: vmacc.vx v24, s4, v8, v0.t; ret
op_redsum:  vredsum.vs v24, v8, v16; ret
opm_redsum: vredsum.vs v24, v8, v16, v0.t; ret
/* Load at the current SEW from in_a into v24, store it to dst, reload
 * all of dst (whole registers) so that the store shows in v24; MASK is
 * empty or ", v0.t". */
#define LDST(MASK)                                      \
        csrr t0, vtype;                                 \
        srli t0, t0, 3;                                 \
        andi t0, t0, 7;                                 \
        lla  t1, in_a;                                  \
        lla  t2, dst;                                   \
        beqz t0, 8f;                                    \
        addi t0, t0, -1;                                \
        beqz t0, 16f;                                   \
        addi t0, t0, -1;                                \
        beqz t0, 32f;                                   \
        vle64.v v24, (t1) MASK;                         \
        vse64.v v24, (t2) MASK;                         \
        j 1f;                                           \
8:      vle8.v v24, (t1) MASK;                          \
        vse8.v v24, (t2) MASK;                          \
        j 1f;                                           \
16:     vle16.v v24, (t1) MASK;                         \
        vse16.v v24, (t2) MASK;                         \
        j 1f;                                           \
32:     vle32.v v24, (t1) MASK;                         \
        vse32.v v24, (t2) MASK;                         \
1:      vl2re8.v v24, (t2);                             \
        ret
#define COMMA ,
op_ldst:  LDST()
opm_ldst: LDST(COMMA v0.t)
op_odd: vadd.vv v25, v9, v17; ret
op_vsetvli: vsetvli a0, a1, e16, m2, ta, ma; ret
op_vsetvli_max: vsetvli a0, x0, e32, mf2, tu, mu; ret
op_ld1: vle32.v v1, (a2); ret
op_st1: vse32.v v1, (a3); ret

        .data
        .balign 16
ones:   .fill 256, 1, 0xff
/* Inputs of any VLEN up to 1024 (2 registers of 128 bytes). */
in_a:
        .set i, 0
        .rept 256
        .byte (i * 37 + 11) & 0xff
        .set i, i + 1
        .endr
in_b:
        .set i, 0
        .rept 256
        .byte (i * 91 + 201) & 0xff
        .set i, i + 1
        .endr
in_d:
        .set i, 0
        .rept 256
        .byte (i * 13 + 5) & 0xff
        .set i, i + 1
        .endr
src:    .fill 64, 1, 0
out_ref: .fill 256, 1, 0
out0:   .fill 256, 1, 0
out1:   .fill 256, 1, 0
dst:    .fill 256, 1, 0
        .balign 4096
        .fill 4088, 1, 0
        .set i, 0x10
        .rept 8
        .byte i
        .set i, i + 1
        .endr
cross:
        .rept 8
        .byte i
        .set i, i + 1
        .endr
        .fill 64, 1, 0
