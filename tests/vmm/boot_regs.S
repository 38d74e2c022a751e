/* rvkvm's boot protocol: M-mode, a0 = hart id (0), a1 = the device tree
 * (big-endian magic 0xd00dfeed), entered at the ELF entry point. */
#include "test.h"
TEST_BEGIN
        CHECK_EQ(1, a0, 0)
        CHECK(2)
        lwu  t0, 0(a1)
        li   t1, 0xedfe0dd0
        bne  t0, t1, fail
        csrr a2, mhartid
        CHECK_EQ(3, a2, 0)
        auipc a3, 0
        la   a4, _start
        CHECK(4)
        bltu a3, a4, fail
TEST_END
