/* IPIs through the ACLINT while the target clears its own MSIP: hart 0
 * keeps raising hart 1's MSIP (publishing a sequence number first), hart 1
 * clears MSIP in its handler and then records the sequence number it sees.
 * After the last IPI hart 1 must report the last number: an IPI lost to a
 * set/clear race (the line left low while msip reads 1) would leave hart 1
 * asleep in WFI, and hart 0 fails after a bounded wait. */
#include "test.h"
#define ACLINT_MSIP 0x2000000
#define ROUNDS 200000

TEST_BEGIN
	csrr s0, mhartid
	bnez s0, target
	/* Hart 0: wait until hart 1 is ready for interrupts. */
	la t0, ready
1:	lw t1, 0(t0)
	beqz t1, 1b
	li s1, 1
	li s2, ROUNDS
	li s3, ACLINT_MSIP + 4
	la s4, seq
	la s5, last_seen
send:	sd s1, 0(s4)
	fence w, o
	li t0, 1
	sw t0, 0(s3)
	addi s1, s1, 1
	bleu s1, s2, send
	/* Wait for hart 1 to see the final number (ROUNDS), bounded. */
	li t2, 50000000
2:	ld t1, 0(s5)
	beq t1, s2, pass
	addi t2, t2, -1
	bnez t2, 2b
	CHECK(1)
	j fail
pass:	TEST_PASS

target:
	la t0, handler
	csrw mtvec, t0
	li t0, 8                  /* MSIE */
	csrw mie, t0
	csrsi mstatus, 8          /* MIE */
	la t0, ready
	li t1, 1
	sw t1, 0(t0)
3:	wfi
	j 3b

	.align 2
handler:
	li t0, ACLINT_MSIP + 4
	sw zero, 0(t0)            /* clear our MSIP first, as OpenSBI does */
	fence o, r
	la t0, seq
	ld t1, 0(t0)
	la t0, last_seen
	sd t1, 0(t0)
	mret

fail:	TEST_FAIL
	.section .tohost, "aw", @progbits
	.align 6; .globl tohost; tohost: .dword 0; .size tohost, 8
	.align 6; .globl fromhost; fromhost: .dword 0; .size fromhost, 8

	.data
	.align 6
ready:     .word 0
	.align 6
seq:       .dword 0
	.align 6
last_seen: .dword 0
