/* ACLINT SSWI: hart 0 writes hart 1's setssip register; hart 1, waiting in
 * WFI with SSIE enabled (SSI not delegated, so taken in M-mode, cause 1),
 * takes the supervisor software interrupt, clears mip.SSIP and reports.
 * Hart 0 then sets its own SSIP the same way.  setssip reads as zero.
 * (rvkvm only: QEMU spike has no SSWI, and QEMU virt,aclint=on no HTIF.) */
#include "test.h"
#define SSWI 0x2f00000

TEST_BEGIN
	la t0, handler
	csrw mtvec, t0
	li t0, 2                  /* SSIE */
	csrw mie, t0
	csrr s0, mhartid
	bnez s0, target
	CHECK(1)                  /* setssip reads as zero */
	li t1, SSWI
	lw t2, 4(t1)
	bnez t2, fail
	la t0, ready
1:	lw t2, 0(t0)
	beqz t2, 1b
	li t2, 1
	sw t2, 4(t1)              /* setssip[1] = 1 */
	CHECK(2)                  /* hart 1 takes it (bounded wait) */
	la t0, taken
	li t3, 20000000
2:	lw t2, 0(t0)
	bnez t2, 3f
	addi t3, t3, -1
	bnez t3, 2b
	j fail
3:	CHECK(3)                  /* our own SSIP, taken once MIE is set */
	li t2, 1
	sw t2, 0(t1)              /* setssip[0] = 1 */
	la t0, taken
	csrsi mstatus, 8
	li t3, 20000000
4:	lw t2, 0(t0)
	li t4, 2
	beq t2, t4, 5f
	addi t3, t3, -1
	bnez t3, 4b
	j fail
5:	TEST_PASS

target:
	csrsi mstatus, 8          /* MIE */
	la t0, ready
	li t1, 1
	sw t1, 0(t0)
6:	wfi
	j 6b

	.align 2
handler:
	csrr t5, mcause
	li t6, 0x8000000000000001
	bne t5, t6, fail
	csrci mip, 2              /* clear SSIP */
	la t5, taken
	li t6, 1
	amoadd.w zero, t6, (t5)
	mret

fail:	TEST_FAIL
	.section .tohost, "aw", @progbits
	.align 6; .globl tohost; tohost: .dword 0; .size tohost, 8
	.align 6; .globl fromhost; fromhost: .dword 0; .size fromhost, 8
	.data
	.align 6
ready: .word 0
	.align 6
taken: .word 0
