/* A store to an address nothing backs is a store/AMO access fault (mcause 7,
 * mtval = the address); the handler reports mcause as the exit status. */
#include "test.h"
#define HOLE 0x40000000
TEST_BEGIN
        la   t0, handler
        csrw mtvec, t0
        li   s0, HOLE
        sw   s0, 0(s0)
        CHECK(1)
        j    fail                /* no trap: fail with 1 */
        .align 2
handler:
        csrr a1, mtval
        CHECK(2)
        FAIL_IF_NE(a1, s0)       /* wrong mtval: fail with 2 */
        csrr t6, mcause
        HTIF_EXIT(t6)
TEST_END
