/* Bare-metal test environment (assembly): HTIF result reporting and a trap
 * vector that fails the test on any unexpected trap.
 *
 * A test file:   #include "test.h"
 *                TEST_BEGIN
 *                  ... li TESTNUM, 3 ...  FAIL_IF_NE(a0, t1) ...
 *                TEST_END            (reports pass)
 * Exit status: 0 = pass; TESTNUM (gp) = number of the failing check;
 * 0x400 + mcause for an unexpected trap (see trap_default).
 */
#ifndef RVKVM_TEST_H
#define RVKVM_TEST_H

#define TESTNUM gp

#define HTIF_EXIT(code_reg)       \
        slli code_reg, code_reg, 1; \
        ori  code_reg, code_reg, 1; \
        la   t5, tohost;          \
        sd   code_reg, 0(t5);     \
1:      j 1b

/* Tests may install their own handler by writing mtvec; trap_default is
 * left at mtvec on entry. */
#define TEST_BEGIN                        \
        .section .text.init;              \
        .globl _start;                    \
_start:                                   \
        la   t0, trap_default;            \
        csrw mtvec, t0;                   \
        li   TESTNUM, 0;                  \
        j    test_main;                   \
        .align 2;                         \
trap_default:                             \
        csrr t6, mcause;                  \
        li   t5, 0x400;                   \
        add  t6, t6, t5;                  \
        HTIF_EXIT(t6);                    \
        .text;                            \
test_main:

#define TEST_PASS  li t6, 0; HTIF_EXIT(t6)
#define TEST_FAIL  mv t6, TESTNUM; bnez t6, 2f; li t6, 0x3ff; 2: HTIF_EXIT(t6)

#define TEST_END                          \
        TEST_PASS;                        \
fail:   TEST_FAIL;                        \
        .section .tohost, "aw", @progbits; \
        .align 6; .globl tohost; tohost: .dword 0; .size tohost, 8; \
        .align 6; .globl fromhost; fromhost: .dword 0; .size fromhost, 8; \
        .text

/* Set the check number, then compare: a mismatch jumps to fail. */
#define CHECK(n)            li TESTNUM, n
#define FAIL_IF_NE(a, b)    bne a, b, fail
#define CHECK_EQ(n, reg, val) li TESTNUM, n; li t4, val; bne reg, t4, fail

#endif
