/* FENCE.I makes code written by another hart visible (unprivileged spec,
 * "Zifencei"): hart 1 rewrites the first instruction of `patch` (li a0, N)
 * for round N; hart 0, which has been running the old version, waits for
 * the store, executes FENCE.I and must then get N from `patch`.  A hart
 * may keep running stale code until its own FENCE.I, not after. */
#include "test.h"
#define ROUNDS 2000
#define LI_A0(n) (0x00000513 | ((n) << 20))   /* addi a0, zero, n */

TEST_BEGIN
	csrr s0, mhartid
	bnez s0, writer
	li s1, 1
	li s2, ROUNDS
	la s3, request
	la s4, done
round:	call patch               /* run (and cache) the current version */
	sd s1, 0(s3)             /* ask hart 1 for version s1 */
1:	ld t0, 0(s4)
	bne t0, s1, 1b
	fence.i
	call patch
	andi t1, s1, 0x7ff
	beq a0, t1, 2f
	CHECK(1)
	j fail
2:	addi s1, s1, 1
	bleu s1, s2, round
	TEST_PASS

writer:
	la s3, request
	la s4, done
	la s5, patch
	li s6, 0
3:	ld t0, 0(s3)
	beq t0, s6, 3b
	mv s6, t0
	andi t1, t0, 0x7ff
	slli t1, t1, 20
	li t2, LI_A0(0)
	or t1, t1, t2
	sw t1, 0(s5)
	fence w, w
	sd s6, 0(s4)
	j 3b
TEST_END

	.align 12
	.option push
	.option norvc             /* hart 1 rewrites a 32-bit addi */
patch:	li a0, 0
	ret
	.option pop

	.data
	.align 3
request: .dword 0
done:	.dword 0
