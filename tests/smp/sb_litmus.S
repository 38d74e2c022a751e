/* The store-buffering litmus test, 2 harts: hart 0 stores x = 1, FENCE
 * rw,rw, loads y; hart 1 stores y = 1, FENCE rw,rw, loads x.  Both loads
 * reading 0 is forbidden (RVWMO, "Memory Ordering Instructions": the
 * fence orders each store before the load after it).  x86's TSO allows
 * exactly this reordering without a barrier, so the check fails when a
 * fence that orders stores before loads is compiled or interpreted with
 * no host barrier; fences that order nothing of the kind stay free
 * (hart_internal.h fence_needs_host_barrier).  ROUNDS rounds, each
 * between two barriers; hart 0 counts forbidden outcomes and resets x and
 * y.  The other ordering forms (fence r,rw and rw,w around a lock) are
 * atomics.S's. */
#include "test.h"
#define ROUNDS 40000

/* Wait until both harts have passed barrier number n (t0..t2 clobbered). */
#define BARRIER(n)                                      \
	la t0, arrive; li t1, 1; amoadd.w.aqrl zero, t1, (t0); \
	slli t1, n, 1;                                  \
9:	lw t2, 0(t0); blt t2, t1, 9b

TEST_BEGIN
	csrr s0, mhartid
	li t0, 2
	bgeu s0, t0, park
	li s1, 0                   /* barrier number */
	li s2, ROUNDS
	li s3, 0                   /* forbidden outcomes seen (hart 0) */
	la s4, x
	la s5, y
	la s6, res
	li s7, 1
round:
	addi s1, s1, 1
	BARRIER(s1)
	bnez s0, 1f
	sd   s7, 0(s4)             /* hart 0: x = 1 */
	fence rw, rw
	ld   a0, 0(s5)             /* r0 = y */
	sd   a0, 0(s6)
	j    2f
1:	sd   s7, 0(s5)             /* hart 1: y = 1 */
	fence rw, rw
	ld   a0, 0(s4)             /* r1 = x */
	sd   a0, 8(s6)
2:	addi s1, s1, 1
	BARRIER(s1)
	bnez s0, 3f
	ld   a0, 0(s6)
	ld   a1, 8(s6)
	or   a0, a0, a1
	seqz a0, a0
	add  s3, s3, a0            /* both 0: forbidden */
	sd   zero, 0(s4)
	sd   zero, 0(s5)
3:	addi s2, s2, -1
	bnez s2, round
	bnez s0, park
	CHECK(1)
	FAIL_IF_NE(s3, zero)
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
x:      .dword 0
	.align 6
y:      .dword 0
	.align 6
res:    .dword 0, 0
	.align 6
arrive: .word 0
