/* A store that rewrites the next instruction of the block being executed
 * takes effect at once in rvkvm (the block is abandoned after the store).
 * Not an ISA guarantee and QEMU does not do it for RISC-V: rvkvm only. */
#include "test.h"
.option norvc
TEST_BEGIN
	la t0, next
	lw t2, template_a1
	sw t2, 0(t0)
next:	addi a1, zero, 5
	CHECK_EQ(1, a1, 6)
TEST_END
	.text
	.align 3
template_a1: addi a1, zero, 6
