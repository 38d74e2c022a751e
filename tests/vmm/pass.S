/* Passes: exit status 0. */
#include "test.h"
TEST_BEGIN
        CHECK_EQ(1, zero, 0)
TEST_END
