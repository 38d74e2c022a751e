/* Stores to and loads from the last doubleword below 0x8000_0000 + 2 GiB:
 * passes with --mem 2G; with less RAM the store is an access fault
 * (trap_default: exit status 0x400 + 7, i.e. 7). */
#include "test.h"
TEST_BEGIN
        li   s0, 0x80000000 + (2 << 30) - 8
        li   a0, 0x0123456789abcdef
        sd   a0, 0(s0)
        ld   a1, 0(s0)
        CHECK(1)
        FAIL_IF_NE(a0, a1)
        li   s1, 0x80000000 + (1 << 30)  /* and one in the middle */
        sd   a0, 0(s1)
        ld   a1, 0(s1)
        CHECK(2)
        FAIL_IF_NE(a0, a1)
TEST_END
