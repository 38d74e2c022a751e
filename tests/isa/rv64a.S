/* RV64A (unpriv spec ch. "A" Extension): LR/SC and every AMO in .W and .D
 * width.  .W forms operate on 32 bits, sign-extend the loaded value into rd
 * and ignore rs2[63:32]; neighbouring memory must be untouched.  LR/SC checks
 * are limited to what the spec mandates: an SC without a valid reservation
 * fails (nonzero rd) and writes nothing, every SC invalidates the
 * reservation, a successful SC writes 0 to rd and stores.  (A single SC may
 * fail spuriously, so "success" cases retry a bounded number of times.)
 * Misaligned AMO / LR traps are in rv64a_misaligned.S. */
#include "isa.h"

#define MIN 0x8000000000000000
#define NEIGH_W 0x5a5a5a5a
#define NEIGH_D 0x5a5a5a5aa5a5a5a5

/* mem word = init; rd = op(v); check rd == ret (sign-extended old value),
 * the new word (read with lw, so sign-extended) and the neighbour word. */
#define TEST_AMO_W(n, op, init, v, ret, final)                  \
        TESTCASE(n); la a1, amo_w;                              \
        li a3, init; sw a3, 0(a1);                              \
        li a3, NEIGH_W; sw a3, 4(a1); sw a3, -4(a1);            \
        li a2, v; op a0, a2, (a1);                              \
        EXPECT(a0, ret);                                        \
        lw a4, 0(a1); EXPECT(a4, final);                        \
        lw a4, 4(a1); EXPECT(a4, NEIGH_W);                      \
        lw a4, -4(a1); EXPECT(a4, NEIGH_W)

#define TEST_AMO_D(n, op, init, v, ret, final)                  \
        TESTCASE(n); la a1, amo_d;                              \
        li a3, init; sd a3, 0(a1);                              \
        li a3, NEIGH_D; sd a3, 8(a1); sd a3, -8(a1);            \
        li a2, v; op a0, a2, (a1);                              \
        EXPECT(a0, ret);                                        \
        ld a4, 0(a1); EXPECT(a4, final);                        \
        ld a4, 8(a1); EXPECT(a4, NEIGH_D);                      \
        ld a4, -8(a1); EXPECT(a4, NEIGH_D)

ISA_BEGIN
        /* AMOSWAP.W */
        TEST_AMO_W(1, amoswap.w, 0x80000000, 0x12345678, 0xffffffff80000000, 0x12345678)
        TEST_AMO_W(2, amoswap.w, 0x7fffffff, 0xffffffff00000001, 0x7fffffff, 1)
        /* AMOADD.W */
        TEST_AMO_W(3, amoadd.w, 0x7fffffff, 1, 0x7fffffff, 0xffffffff80000000)
        TEST_AMO_W(4, amoadd.w, 0xffffffff, 0x100000001, -1, 0)
        TEST_AMO_W(5, amoadd.w, 10, -3, 10, 7)
        /* AMOAND.W / AMOOR.W / AMOXOR.W */
        TEST_AMO_W(6, amoand.w, 0xff00ff00, 0x0ff00ff0, 0xffffffffff00ff00, 0x0f000f00)
        TEST_AMO_W(7, amoor.w, 0xff00ff00, 0x0ff00ff0, 0xffffffffff00ff00, 0xfffffffffff0fff0)
        TEST_AMO_W(8, amoxor.w, 0xff00ff00, 0x0ff00ff0, 0xffffffffff00ff00, 0xfffffffff0f0f0f0)
        TEST_AMO_W(9, amoor.w, 0x1, 0xffffffff00000000, 1, 1)
        /* AMOMIN.W / AMOMAX.W: signed 32-bit compare */
        TEST_AMO_W(10, amomin.w, 0x80000000, 1, 0xffffffff80000000, 0xffffffff80000000)
        TEST_AMO_W(11, amomin.w, 1, 0x00000000ffffffff, 1, -1)
        TEST_AMO_W(12, amomin.w, 5, 3, 5, 3)
        TEST_AMO_W(13, amomax.w, 0x80000000, 1, 0xffffffff80000000, 1)
        TEST_AMO_W(14, amomax.w, 1, 0x00000000ffffffff, 1, 1)
        TEST_AMO_W(15, amomax.w, -5, -3, -5, -3)
        /* AMOMINU.W / AMOMAXU.W: unsigned 32-bit compare */
        TEST_AMO_W(16, amominu.w, 0x80000000, 1, 0xffffffff80000000, 1)
        TEST_AMO_W(17, amominu.w, 1, 0x00000000ffffffff, 1, 1)
        TEST_AMO_W(18, amominu.w, 0xffffffff, 0xfffffffe, -1, -2)
        TEST_AMO_W(19, amomaxu.w, 0x80000000, 1, 0xffffffff80000000, 0xffffffff80000000)
        TEST_AMO_W(20, amomaxu.w, 1, 0xffffffff, 1, -1)
        TEST_AMO_W(21, amomaxu.w, 2, 0x100000001, 2, 2)

        /* .D forms */
        TEST_AMO_D(22, amoswap.d, MIN, 0x0123456789abcdef, MIN, 0x0123456789abcdef)
        TEST_AMO_D(23, amoadd.d, -1, 1, -1, 0)
        TEST_AMO_D(24, amoadd.d, 0x7fffffffffffffff, 1, 0x7fffffffffffffff, MIN)
        TEST_AMO_D(25, amoadd.d, 0xffffffff, 1, 0xffffffff, 0x100000000)
        TEST_AMO_D(26, amoand.d, 0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0, 0xff00ff00ff00ff00, 0x0f000f000f000f00)
        TEST_AMO_D(27, amoor.d, 0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0, 0xff00ff00ff00ff00, 0xfff0fff0fff0fff0)
        TEST_AMO_D(28, amoxor.d, 0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0, 0xff00ff00ff00ff00, 0xf0f0f0f0f0f0f0f0)
        TEST_AMO_D(29, amomin.d, MIN, 1, MIN, MIN)
        TEST_AMO_D(30, amomin.d, 0xffffffff, -1, 0xffffffff, -1)
        TEST_AMO_D(31, amomax.d, MIN, 1, MIN, 1)
        TEST_AMO_D(32, amomax.d, -5, -3, -5, -3)
        TEST_AMO_D(33, amominu.d, MIN, 1, MIN, 1)
        TEST_AMO_D(34, amominu.d, -1, -2, -1, -2)
        TEST_AMO_D(35, amomaxu.d, MIN, 1, MIN, MIN)
        TEST_AMO_D(36, amomaxu.d, 0xffffffff, 0x100000000, 0xffffffff, 0x100000000)

        /* aq / rl / aqrl encodings execute with the same results */
        TEST_AMO_W(37, amoswap.w.aq, 3, 4, 3, 4)
        TEST_AMO_W(38, amoadd.w.rl, 3, 4, 3, 7)
        TEST_AMO_W(39, amoand.w.aqrl, 3, 6, 3, 2)
        TEST_AMO_W(40, amoor.w.aq, 3, 4, 3, 7)
        TEST_AMO_W(41, amoxor.w.rl, 3, 6, 3, 5)
        TEST_AMO_W(42, amomin.w.aqrl, 3, -4, 3, -4)
        TEST_AMO_W(43, amomax.w.aq, 3, -4, 3, 3)
        TEST_AMO_W(44, amominu.w.rl, 3, -4, 3, 3)
        TEST_AMO_W(45, amomaxu.w.aqrl, 3, -4, 3, -4)
        TEST_AMO_D(46, amoswap.d.aqrl, 3, 4, 3, 4)
        TEST_AMO_D(47, amoadd.d.aq, 3, 4, 3, 7)
        TEST_AMO_D(48, amoand.d.rl, 3, 6, 3, 2)
        TEST_AMO_D(49, amoor.d.aqrl, 3, 4, 3, 7)
        TEST_AMO_D(50, amoxor.d.aq, 3, 6, 3, 5)
        TEST_AMO_D(51, amomin.d.rl, 3, -4, 3, -4)
        TEST_AMO_D(52, amomax.d.aqrl, 3, -4, 3, 3)
        TEST_AMO_D(53, amominu.d.aq, 3, -4, 3, 3)
        TEST_AMO_D(54, amomaxu.d.rl, 3, -4, 3, -4)

        /* rd = x0: memory still updated */
        TESTCASE(55); la a1, amo_d; li a3, 40; sd a3, 0(a1); li a2, 2
        amoadd.d x0, a2, (a1); amoadd.w x0, a2, (a1); mv a0, x0
        EXPECT(a0, 0); ld a4, 0(a1); EXPECT(a4, 44)
        /* rd == rs2: old value returned, old rs2 stored */
        TESTCASE(56); la a1, amo_d; li a3, 0x1111; sd a3, 0(a1); li a2, 0x2222
        amoswap.d a2, a2, (a1); EXPECT(a2, 0x1111); ld a4, 0(a1); EXPECT(a4, 0x2222)
        TESTCASE(57); la a1, amo_w; li a3, 0x1111; sw a3, 0(a1); li a2, 0x2222
        amoadd.w a2, a2, (a1); EXPECT(a2, 0x1111); lw a4, 0(a1); EXPECT(a4, 0x3333)
        /* rd == rs1: the address is used before rd is written */
        TESTCASE(58); la a1, amo_d; mv a5, a1; li a3, 0x70; sd a3, 0(a1); li a2, 5
        amoadd.d a1, a2, (a1); EXPECT(a1, 0x70); ld a4, 0(a5); EXPECT(a4, 0x75)

        /* ---- LR / SC ---- */
        /* An SC invalidates any reservation, so the second one has none
         * and must fail without writing. */
        TESTCASE(59)
        la a1, lr_w
        li a3, 0x0badf00d
        sw a3, 0(a1)
        li a2, 0x11
        sc.w a4, a2, (a1)
        sc.w a4, a2, (a1)
        beqz a4, fail
        lw a0, 0(a1)
        EXPECT(a0, 0x0badf00d)
        TESTCASE(60)
        la a1, lr_d
        li a3, 0x0badf00d0badf00d
        sd a3, 0(a1)
        li a2, 0x22
        sc.d a4, a2, (a1)
        sc.d a4, a2, (a1)
        beqz a4, fail
        ld a0, 0(a1)
        EXPECT(a0, 0x0badf00d0badf00d)

        /* LR.W sign-extends; SC.W succeeds (rd = 0) and stores one word */
        TESTCASE(61)
        la a1, lr_w
        li a3, 0x80000000
        sw a3, 0(a1)
        li a3, NEIGH_W
        sw a3, 4(a1)
        li a5, 16
1:      lr.w a0, (a1)
        li a2, 0xffffffff00001234   /* upper half not stored */
        sc.w a4, a2, (a1)
        beqz a4, 2f
        addi a5, a5, -1
        bnez a5, 1b
        j fail
2:      EXPECT(a0, 0xffffffff80000000)
        lw a0, 0(a1)
        EXPECT(a0, 0x1234)
        lw a0, 4(a1)
        EXPECT(a0, NEIGH_W)
        /* ...and the reservation is gone afterwards */
        TESTCASE(62)
        li a2, 0x5678
        sc.w a4, a2, (a1)
        beqz a4, fail
        lw a0, 0(a1)
        EXPECT(a0, 0x1234)

        /* LR.D / SC.D */
        TESTCASE(63)
        la a1, lr_d
        li a3, 0x8000000000000001
        sd a3, 0(a1)
        li a5, 16
1:      lr.d a0, (a1)
        li a2, 0x0123456789abcdef
        sc.d a4, a2, (a1)
        beqz a4, 2f
        addi a5, a5, -1
        bnez a5, 1b
        j fail
2:      EXPECT(a0, 0x8000000000000001)
        ld a0, 0(a1)
        EXPECT(a0, 0x0123456789abcdef)
        TESTCASE(64)
        sc.d a4, a2, (a1)
        beqz a4, fail

        /* aq/rl forms of LR/SC */
        TESTCASE(65)
        la a1, lr_w
        sw x0, 0(a1)
        li a5, 16
1:      lr.w.aq a0, (a1)
        addi a2, a0, 7
        sc.w.rl a4, a2, (a1)
        beqz a4, 2f
        addi a5, a5, -1
        bnez a5, 1b
        j fail
2:      lw a0, 0(a1)
        EXPECT(a0, 7)
        TESTCASE(66)
        la a1, lr_d
        sd x0, 0(a1)
        li a5, 16
1:      lr.d.aqrl a0, (a1)
        addi a2, a0, 9
        sc.d.aqrl a4, a2, (a1)
        beqz a4, 2f
        addi a5, a5, -1
        bnez a5, 1b
        j fail
2:      ld a0, 0(a1)
        EXPECT(a0, 9)

        /* A store by this hart between LR and SC: the spec lets the SC
         * succeed or fail, but the outcome must be consistent. */
        TESTCASE(67)
        la a1, lr_d
        sd x0, 0(a1)
        lr.d a0, (a1)
        li a3, 0x3333
        sd a3, 0(a1)
        li a2, 0x4444
        sc.d a4, a2, (a1)
        ld a0, 0(a1)
        bnez a4, 1f
        EXPECT(a0, 0x4444)          /* succeeded: SC value stored */
        j 2f
1:      EXPECT(a0, 0x3333)          /* failed: plain store survives */
2:

        /* A constrained LR/SC loop (atomic increment) makes progress. */
        TESTCASE(68)
        la a1, lr_w
        sw x0, 0(a1)
        li a5, 100
1:      lr.w a0, (a1)
        addi a0, a0, 1
        sc.w a4, a0, (a1)
        bnez a4, 1b
        addi a5, a5, -1
        bnez a5, 1b
        lw a0, 0(a1)
        EXPECT(a0, 100)

        /* SC.W failure leaves rd != 0 even when rs2 == 0 and stores nothing */
        TESTCASE(69)
        la a1, lr_w
        li a3, 0x77
        sw a3, 0(a1)
        sc.w a4, x0, (a1)
        beqz a4, fail
        lw a0, 0(a1)
        EXPECT(a0, 0x77)
ISA_END

        .data
        .align 4
        .word 0, 0
amo_w:  .word 0, 0
        .dword 0
amo_d:  .dword 0, 0
lr_w:   .word 0, 0
lr_d:   .dword 0, 0
