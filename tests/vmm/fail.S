/* Fails check 42: exit status 42. */
#include "test.h"
TEST_BEGIN
        CHECK_EQ(1, zero, 0)
        li   a0, 5
        CHECK_EQ(42, a0, 6)
TEST_END
