/* A jump to an address nothing backs is an instruction access fault
 * (mcause 1, mtval = the address, mepc = the target). */
#include "test.h"
#define HOLE 0x40000000
TEST_BEGIN
        la   t0, handler
        csrw mtvec, t0
        li   s0, HOLE
        CHECK(1)
        jr   s0
        j    fail
        .align 2
handler:
        csrr a0, mcause
        CHECK_EQ(2, a0, 1)
        csrr a1, mtval
        CHECK(3)
        FAIL_IF_NE(a1, s0)
        csrr a2, mepc
        CHECK(4)
        FAIL_IF_NE(a2, s0)
TEST_END
