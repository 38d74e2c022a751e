/* An ECALL from M-mode handled by a local trap handler; run with
 * RVKVM_TRACE=traps the trace must show the trap (cause 11). */
#include "test.h"
TEST_BEGIN
	la t0, handler
	csrw mtvec, t0
	li a0, 0
	ecall
	CHECK_EQ(1, a0, 42)
TEST_END
	.text
	.align 2
handler:
	li a0, 42
	csrr t0, mepc
	addi t0, t0, 4
	csrw mepc, t0
	mret
