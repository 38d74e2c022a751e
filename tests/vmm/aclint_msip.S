/* ACLINT MSWI: msip[0] sets mip.MSIP, reads back bit 0 only, and raises a
 * machine software interrupt (mcause 0x8..03); clearing it drops MSIP.
 * A byte access to the ACLINT is an access fault (checked last). */
#include "test.h"
#define CLINT 0x2000000
TEST_BEGIN
        la   t0, handler
        csrw mtvec, t0
        li   s0, CLINT
        li   a0, 0xff
        sw   a0, 0(s0)
        lw   a1, 0(s0)
        CHECK_EQ(1, a1, 1)
        csrr a2, mip
        andi a2, a2, 8
        CHECK_EQ(2, a2, 8)
        li   t0, 8               /* mie.MSIE */
        csrs mie, t0
        CHECK(3)
        csrsi mstatus, 8
        li   t0, 100000
1:      addi t0, t0, -1
        bnez t0, 1b
        j    fail
        .align 2
handler:
        csrr a0, mcause
        li   a1, (1 << 63) | 3
        CHECK(4)
        FAIL_IF_NE(a0, a1)
        sw   zero, 0(s0)
        csrr a2, mip
        andi a2, a2, 8
        CHECK_EQ(5, a2, 0)
        lw   a1, 0(s0)
        CHECK_EQ(6, a1, 0)
        /* byte access: load access fault through trap_default (exit 5) */
        la   t0, trap_default
        csrw mtvec, t0
        CHECK(7)
        lbu  a0, 0(s0)
        j    fail
TEST_END
