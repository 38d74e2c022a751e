/* A in hot code: a kernel of every AMO (.W and .D), an AMO with rd = x0
 * and one with rd = rs2, LR/SC that succeeds, an SC without a reservation
 * and LR.W/SC.W, called often enough that rvkvm compiles it (JIT_HOT),
 * then run with fresh operands on a page of its own (the compiled code's
 * TLB fast path) and on a page that holds executed code (stores there
 * have no fast path: the compiled code hands the instruction back to the
 * interpreter).  The same program passes on QEMU. */
#include "isa.h"

/* kernel area: b at 0, results (rd) at 8..120; targets at 256.. */
#define T(off, v)    li t0, v; sd t0, 256 + (off)(s0)
#define RD(off, v)   ld t1, off(s0); EXPECT(t1, v)
#define MEM(off, v)  ld t1, 256 + (off)(s0); EXPECT(t1, v)

/* Targets and b of case 1 */
#define SET1(b)                                                  \
        li t0, b; sd t0, 0(s0);                                  \
        T(0, 10); T(8, 0xfffffffe); T(16, 7); T(24, 0xf0f0);     \
        T(32, 0xff00ff); T(40, 1); T(48, 0xfffffffd); T(56, -9); \
        T(64, 3); T(72, 0x80000000); T(80, 1); T(88, 100);       \
        T(96, 50); T(104, 0x7ff)
/* Results of case 1 with b = 5 */
#define CHECK1                                                   \
        RD(8, 10); RD(16, -2); RD(24, 7); RD(32, 0xf0f0);        \
        RD(40, 0xff00ff); RD(48, 1); RD(56, -3); RD(64, -9);     \
        RD(72, 3); RD(80, 0xffffffff80000000); RD(88, 100);      \
        RD(96, 0); RD(104, 1); RD(112, 0x7ff); RD(120, 0);       \
        MEM(0, 15); MEM(8, 3); MEM(16, 5); MEM(24, 0xf0f5);      \
        MEM(32, 5); MEM(40, 5); MEM(48, 0xfffffffd); MEM(56, 5); \
        MEM(64, 3); MEM(72, 0x80000000); MEM(80, 6);             \
        MEM(88, 105); MEM(96, 55); MEM(104, 5)

ISA_BEGIN
        la   s0, area
        li   s1, 40                   /* warm up: compiled from here on */
1:      SET1(1)
        mv   a0, s0
        call kamo
        addi s1, s1, -1
        bnez s1, 1b

        /* 1: every operation, on the data page */
        TESTCASE(1)
        SET1(5)
        mv a0, s0; call kamo
        CHECK1

        /* 2: b = -1: signed and unsigned min/max part ways */
        TESTCASE(2)
        li t0, -1; sd t0, 0(s0)
        T(48, 2); T(56, 2); T(64, 2); T(72, 2); T(96, 7); T(104, 9)
        mv a0, s0; call kamo
        RD(56, 2); MEM(48, 0xffffffff)    /* min.w(2, -1) = -1 */
        RD(64, 2); MEM(56, 2)             /* max.d(2, -1) = 2 */
        RD(72, 2); MEM(64, 2)             /* minu.d(2, ~0) = 2 */
        RD(80, 2); MEM(72, 0xffffffff)    /* maxu.w(2, ~0) = ~0 */
        RD(96, 0); MEM(96, 6); RD(104, 1)
        RD(112, 9); RD(120, 0); MEM(104, 0xffffffff)

        /* 3: case 1 on a page that holds code the hart has run */
        TESTCASE(3)
        call kcode
        la   s0, codearea
        SET1(5)
        mv a0, s0; call kamo
        CHECK1
        la   s0, area

        /* 4: and on the data page again after that */
        TESTCASE(4)
        SET1(5)
        mv a0, s0; call kamo
        CHECK1
        j    pass

/* a0 = area */
kamo:
        ld   a1, 0(a0)
        addi a2, a0, 256
        amoadd.d  t0, a1, (a2); sd t0, 8(a0)
        addi a3, a2, 8
        amoadd.w  t0, a1, (a3); sd t0, 16(a0)
        addi a3, a2, 16
        amoswap.d t0, a1, (a3); sd t0, 24(a0)
        addi a3, a2, 24
        amoxor.w  t0, a1, (a3); sd t0, 32(a0)
        addi a3, a2, 32
        amoand.d  t0, a1, (a3); sd t0, 40(a0)
        addi a3, a2, 40
        amoor.w   t0, a1, (a3); sd t0, 48(a0)
        addi a3, a2, 48
        amomin.w  t0, a1, (a3); sd t0, 56(a0)
        addi a3, a2, 56
        amomax.d  t0, a1, (a3); sd t0, 64(a0)
        addi a3, a2, 64
        amominu.d t0, a1, (a3); sd t0, 72(a0)
        addi a3, a2, 72
        amomaxu.w t0, a1, (a3); sd t0, 80(a0)
        addi a3, a2, 80
        amoadd.d  zero, a1, (a3)
        addi a3, a2, 88
        mv   t1, a1
        amoadd.d  t1, t1, (a3); sd t1, 88(a0)
        addi a3, a2, 96
        lr.d t0, (a3)
        add  t0, t0, a1
        sc.d t1, t0, (a3); sd t1, 96(a0)
        sc.d t1, t0, (a3); sd t1, 104(a0)
        addi a3, a2, 104
        lr.w t0, (a3); sd t0, 112(a0)
        sc.w t1, a1, (a3); sd t1, 120(a0)
        ret

pass:
ISA_END

        /* kcode and codearea share a page: run, it is a code page */
        .text
        .align 12
kcode:  ret
        .align 6
codearea:
        .fill 512, 1, 0

        .data
        .align 12
area:   .fill 512, 1, 0
