/* Helpers for the ISA tests, on top of tests/env/test.h.
 *
 * Register conventions (do not use these for operands):
 *   gp (TESTNUM)  number of the current check; the exit status on failure
 *   t4            expected value scratch (CHECK_EQ)
 *   t5, t6        HTIF exit and the trap handler
 *   s10, s11      mcause / mtval recorded by isa_trap (-1 = no trap)
 *   t0            scratch of the FP load / trap-install macros
 * Operands go in a1..a7 / s0..s9, results in a0, fflags read into a3.
 *
 * Exit status (8 bits wide as a process status, so test.h's 0x400+mcause
 * would alias with check numbers):
 *   0         pass
 *   1..239    number of the failing check
 *   240+cause unexpected exception (cause 0..14), 255 anything else
 * Check numbers are literal integers 1..239; each check defines a label
 * .Lcheck_N, so reusing a number in one file is an assembly error.
 *
 * A test file:  ISA_BEGIN  ...checks...  ISA_END
 */
#ifndef RVKVM_ISA_H
#define RVKVM_ISA_H

#include "test.h"

/* Set TESTNUM to n, refusing numbers that do not fit the exit status. */
#define TESTCASE(n)                                     \
        .if ((n) < 1) || ((n) > 239);                   \
        .error "check number must be 1..239";           \
        .endif;                                         \
.Lcheck_##n:                                            \
        li TESTNUM, n

/* Compare without touching TESTNUM (already set by TESTCASE). */
#define EXPECT(reg, val)      li t4, val; bne reg, t4, fail
#define EXPECT_REG(reg, reg2) bne reg, reg2, fail

/* ---- integer operation shapes; result lands in a0 ---- */
#define TEST_RR(n, op, res, v1, v2)                     \
        TESTCASE(n); li a1, v1; li a2, v2;              \
        op a0, a1, a2; EXPECT(a0, res)

#define TEST_RI(n, op, res, v1, imm)                    \
        TESTCASE(n); li a1, v1;                         \
        op a0, a1, imm; EXPECT(a0, res)

#define TEST_R(n, op, res, v1)                          \
        TESTCASE(n); li a1, v1;                         \
        op a0, a1; EXPECT(a0, res)

/* rd == rs1 and rd == rs2 == rs1 forms */
#define TEST_RR_SRC1_EQ_DEST(n, op, res, v1, v2)        \
        TESTCASE(n); li a1, v1; li a2, v2;              \
        op a1, a1, a2; EXPECT(a1, res)
#define TEST_RR_SRC2_EQ_DEST(n, op, res, v1, v2)        \
        TESTCASE(n); li a1, v1; li a2, v2;              \
        op a2, a1, a2; EXPECT(a2, res)
#define TEST_RR_SRC12_EQ_DEST(n, op, res, v1)           \
        TESTCASE(n); li a1, v1;                         \
        op a1, a1, a1; EXPECT(a1, res)
#define TEST_RI_SRC1_EQ_DEST(n, op, res, v1, imm)       \
        TESTCASE(n); li a1, v1;                         \
        op a1, a1, imm; EXPECT(a1, res)

/* TEST_BEGIN, then point mtvec at isa_fatal (see the exit codes above). */
#define ISA_BEGIN                                       \
        TEST_BEGIN;                                     \
        la t0, isa_fatal;                               \
        csrw mtvec, t0

#define ISA_END                                         \
        TEST_END;                                       \
        ISA_TRAP_HANDLER;                               \
        .align 2;                                       \
isa_fatal:                                              \
        csrr t6, mcause;                                \
        li t5, 15;                                      \
        bltu t6, t5, 7f;                                \
        li t6, 15;                                      \
7:      addi t6, t6, 240;                               \
        HTIF_EXIT(t6)

/* ---- traps ----
 * INSTALL_TRAP points mtvec at isa_trap (emitted by ISA_END), UNINSTALL_TRAP
 * back at isa_fatal.  isa_trap records mcause/mtval in s10/s11 and resumes after the
 * faulting instruction (2 or 4 bytes, from the instruction's low bits).
 * ARM_TRAP before the instruction, EXPECT_TRAP / EXPECT_NO_TRAP after. */
#define INSTALL_TRAP   la t0, isa_trap; csrw mtvec, t0
#define UNINSTALL_TRAP la t0, isa_fatal; csrw mtvec, t0
#define ARM_TRAP       li s10, -1; li s11, -1
#define EXPECT_NO_TRAP li t4, -1; bne s10, t4, fail
#define EXPECT_TRAP(cause, tval) EXPECT(s10, cause); EXPECT(s11, tval)
#define EXPECT_CAUSE(cause)      EXPECT(s10, cause)

#define ISA_TRAP_HANDLER                                \
        .text;                                          \
        .align 2;                                       \
isa_trap:                                               \
        csrr s10, mcause;                               \
        csrr s11, mtval;                                \
        bltz s10, 9f;           /* interrupts: fail */  \
        csrr t6, mepc;                                  \
        lhu  t5, 0(t6);                                 \
        andi t5, t5, 3;                                 \
        addi t6, t6, 2;                                 \
        addi t5, t5, -3;                                \
        bnez t5, 8f;            /* 16-bit instruction */\
        addi t6, t6, 2;                                 \
8:      csrw mepc, t6;                                  \
        mret;                                           \
9:      li t6, 255; HTIF_EXIT(t6)

/* Exception causes (privileged spec, mcause) */
#define CAUSE_MISALIGNED_FETCH  0
#define CAUSE_ILLEGAL_INSN      2
#define CAUSE_BREAKPOINT        3
#define CAUSE_MISALIGNED_LOAD   4
#define CAUSE_MISALIGNED_STORE  6

/* ---- floating point ----
 * Values are given as bit patterns.  Singles are loaded with FMV.W.X (which
 * NaN-boxes) and checked through FMV.X.D, so the expected register value
 * includes the box (upper 32 bits all ones).  fflags is cleared before the
 * operation and checked after it. */
#define MSTATUS_FS       0x6000
#define MSTATUS_FS_INIT  0x2000
#define MSTATUS_SD       0x8000000000000000
#define FP_ENABLE        li t0, MSTATUS_FS; csrs mstatus, t0
#define FP_DISABLE       li t0, MSTATUS_FS; csrc mstatus, t0

/* fflags bits (unpriv spec, "Floating-Point Control and Status Register") */
#define NX 0x01
#define UF 0x02
#define OF 0x04
#define DZ 0x08
#define NV 0x10

#define FLI_S(f, v)        li t0, v; fmv.w.x f, t0
#define FLI_D(f, v)        li t0, v; fmv.d.x f, t0
#define EXPECT_F_S(f, v)   fmv.x.d a0, f; EXPECT(a0, 0xffffffff00000000 | (v))
#define EXPECT_F_D(f, v)   fmv.x.d a0, f; EXPECT(a0, v)
#define CLEAR_FLAGS        csrw fflags, x0
#define EXPECT_FLAGS(fl)   csrr a3, fflags; EXPECT(a3, fl)

/* Generic shapes; LD/EX are FLI_x / EXPECT_F_x of the format. */
#define FP_OP2(n, LD, EX, op, rm, fl, res, v1, v2)              \
        TESTCASE(n); LD(fa1, v1); LD(fa2, v2); CLEAR_FLAGS;     \
        op fa0, fa1, fa2, rm; EXPECT_FLAGS(fl); EX(fa0, res)
#define FP_OP2N(n, LD, EX, op, fl, res, v1, v2)                 \
        TESTCASE(n); LD(fa1, v1); LD(fa2, v2); CLEAR_FLAGS;     \
        op fa0, fa1, fa2; EXPECT_FLAGS(fl); EX(fa0, res)
#define FP_OP1(n, LD, EX, op, rm, fl, res, v1)                  \
        TESTCASE(n); LD(fa1, v1); CLEAR_FLAGS;                  \
        op fa0, fa1, rm; EXPECT_FLAGS(fl); EX(fa0, res)
#define FP_OP3(n, LD, EX, op, rm, fl, res, v1, v2, v3)          \
        TESTCASE(n); LD(fa1, v1); LD(fa2, v2); LD(fa3, v3);     \
        CLEAR_FLAGS; op fa0, fa1, fa2, fa3, rm;                 \
        EXPECT_FLAGS(fl); EX(fa0, res)
#define FP_CMP(n, LD, op, fl, res, v1, v2)                      \
        TESTCASE(n); LD(fa1, v1); LD(fa2, v2); CLEAR_FLAGS;     \
        op a0, fa1, fa2; EXPECT_FLAGS(fl); EXPECT(a0, res)
#define FP_TO_INT(n, LD, op, rm, fl, res, v1)                   \
        TESTCASE(n); LD(fa1, v1); CLEAR_FLAGS;                  \
        op a0, fa1, rm; EXPECT_FLAGS(fl); EXPECT(a0, res)
#define FP_FROM_INT(n, EX, op, rm, fl, res, i1)                 \
        TESTCASE(n); li a1, i1; CLEAR_FLAGS;                    \
        op fa0, a1, rm; EXPECT_FLAGS(fl); EX(fa0, res)
/* exact conversions take no rounding mode operand */
#define FP_OP1X(n, LD, EX, op, fl, res, v1)                     \
        TESTCASE(n); LD(fa1, v1); CLEAR_FLAGS;                  \
        op fa0, fa1; EXPECT_FLAGS(fl); EX(fa0, res)
#define FP_FROM_INTX(n, EX, op, fl, res, i1)                    \
        TESTCASE(n); li a1, i1; CLEAR_FLAGS;                    \
        op fa0, a1; EXPECT_FLAGS(fl); EX(fa0, res)
#define FP_CLASS(n, LD, op, res, v1)                            \
        TESTCASE(n); LD(fa1, v1); CLEAR_FLAGS;                  \
        op a0, fa1; EXPECT_FLAGS(0); EXPECT(a0, res)

#define TEST_FP_OP2_S(n, ...)  FP_OP2(n, FLI_S, EXPECT_F_S, __VA_ARGS__)
#define TEST_FP_OP2N_S(n, ...) FP_OP2N(n, FLI_S, EXPECT_F_S, __VA_ARGS__)
#define TEST_FP_OP1_S(n, ...)  FP_OP1(n, FLI_S, EXPECT_F_S, __VA_ARGS__)
#define TEST_FP_OP3_S(n, ...)  FP_OP3(n, FLI_S, EXPECT_F_S, __VA_ARGS__)
#define TEST_FP_CMP_S(n, ...)  FP_CMP(n, FLI_S, __VA_ARGS__)
#define TEST_FP_TO_INT_S(n, ...)   FP_TO_INT(n, FLI_S, __VA_ARGS__)
#define TEST_FP_FROM_INT_S(n, ...) FP_FROM_INT(n, EXPECT_F_S, __VA_ARGS__)
#define TEST_FCLASS_S(n, res, v1)  FP_CLASS(n, FLI_S, fclass.s, res, v1)

#define TEST_FP_OP2_D(n, ...)  FP_OP2(n, FLI_D, EXPECT_F_D, __VA_ARGS__)
#define TEST_FP_OP2N_D(n, ...) FP_OP2N(n, FLI_D, EXPECT_F_D, __VA_ARGS__)
#define TEST_FP_OP1_D(n, ...)  FP_OP1(n, FLI_D, EXPECT_F_D, __VA_ARGS__)
#define TEST_FP_OP3_D(n, ...)  FP_OP3(n, FLI_D, EXPECT_F_D, __VA_ARGS__)
#define TEST_FP_CMP_D(n, ...)  FP_CMP(n, FLI_D, __VA_ARGS__)
#define TEST_FP_TO_INT_D(n, ...)   FP_TO_INT(n, FLI_D, __VA_ARGS__)
#define TEST_FP_FROM_INT_D(n, ...) FP_FROM_INT(n, EXPECT_F_D, __VA_ARGS__)
#define TEST_FCLASS_D(n, res, v1)  FP_CLASS(n, FLI_D, fclass.d, res, v1)

#endif
