/* Self-modifying code: rvkvm invalidates decoded blocks on stores to code
 * pages even without FENCE.I (stronger than the ISA requires, as QEMU), and
 * with FENCE.I as the ISA requires. */
#include "test.h"
.option norvc
TEST_BEGIN
	jal ra, patch
	CHECK_EQ(1, a0, 1)
	la t0, patch
	lw t2, template2
	sw t2, 0(t0)
	jal ra, patch            /* no FENCE.I */
	CHECK_EQ(2, a0, 2)
	lw t2, template3
	sw t2, 0(t0)
	fence.i
	jal ra, patch
	CHECK_EQ(3, a0, 3)

	/* An AMO to code, then a byte store. */
	la t0, patch
	lw t2, template4
	amoswap.w zero, t2, (t0)
	jal ra, patch
	CHECK_EQ(5, a0, 4)
	li t2, 7
	sb t2, 2(t0)             /* imm[11:4]... byte 2 holds imm bits 7:4 | rs1: a0 = 0x70|... */
	lw t3, 0(t0)
	jal ra, patch
	/* expected: instruction with byte 2 replaced; decode imm = t3 >> 20 */
	srai t4, t3, 20
	FAIL_IF_NE(a0, t4)
TEST_END

	.text
	.align 4
patch:	addi a0, zero, 1
	ret
	.align 3
template2:  addi a0, zero, 2
template3:  addi a0, zero, 3
template4:  addi a0, zero, 4
template_a1: addi a1, zero, 6
