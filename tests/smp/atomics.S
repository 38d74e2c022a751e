/* SMP stress of atomics and spinlocks: every hart (all start at _start with
 * a0 = mhartid) adds to a shared counter with AMOADD.D, increments a plain
 * counter inside an LR/SC spinlock and another inside an AMOSWAP
 * test-and-set lock;
 * hart 0 waits for all harts and checks the totals.  Build with -DNHARTS=N
 * and run with N harts. */
#include "test.h"
#ifndef NHARTS
#define NHARTS 2
#endif
#define ITERS 200000

TEST_BEGIN
	csrr s0, mhartid
	li t0, NHARTS
	bgeu s0, t0, park          /* extra harts (none expected) just wait */
	/* Rendezvous so that all harts really run the loop at the same time. */
	la t0, ready_count
	li t1, 1
	amoadd.w zero, t1, (t0)
	li t2, NHARTS
0:	lw t1, 0(t0)
	bne t1, t2, 0b
	li s1, ITERS
	la s2, amo_counter
	la s3, lock
	la s4, plain_counter
	la s5, swap_lock
	la s6, swap_counter
loop:
	/* 1. AMOADD */
	li t0, 1
	amoadd.d zero, t0, (s2)
	/* 2. LR/SC spinlock around a non-atomic increment */
1:	lr.w.aq t0, (s3)
	bnez t0, 1b
	li t1, 1
	sc.w t2, t1, (s3)
	bnez t2, 1b
	ld t3, 0(s4)
	addi t3, t3, 1
	sd t3, 0(s4)
	amoswap.w.rl zero, zero, (s3)
	/* 3. test-and-set lock with AMOSWAP */
2:	li t1, 1
	amoswap.w.aq t0, t1, (s5)
	bnez t0, 2b
	lw t3, 0(s6)
	addi t3, t3, 1
	sw t3, 0(s6)
	fence rw, w
	sw zero, 0(s5)
	addi s1, s1, -1
	bnez s1, loop

	/* done: count in */
	la t0, done_count
	li t1, 1
	amoadd.w zero, t1, (t0)
	bnez s0, park
	li t2, NHARTS
3:	lw t1, 0(t0)
	bne t1, t2, 3b
	fence
	li t4, NHARTS * ITERS
	CHECK(1)
	ld t5, 0(s2)
	FAIL_IF_NE(t5, t4)
	CHECK(2)
	ld t5, 0(s4)
	FAIL_IF_NE(t5, t4)
	CHECK(3)
	lwu t5, 0(s6)
	FAIL_IF_NE(t5, t4)
	TEST_PASS
park:
	wfi
	j park
fail:	TEST_FAIL
	.section .tohost, "aw", @progbits
	.align 6; .globl tohost; tohost: .dword 0; .size tohost, 8
	.align 6; .globl fromhost; fromhost: .dword 0; .size fromhost, 8

	.data
	.align 6
amo_counter:   .dword 0
	.align 6
lock:          .word 0
	.align 6
plain_counter: .dword 0
	.align 6
swap_lock:     .word 0
	.align 6
swap_counter:  .word 0
	.align 6
done_count:    .word 0
	.align 6
ready_count:   .word 0
