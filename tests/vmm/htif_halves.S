/* The tohost page behaves as RAM for the guest; a command written as two
 * 32-bit halves acts when the high half lands.  Prints "ok\n" with
 * 32-bit writes, then exits with status 5 the same way. */
#include "test.h"
TEST_BEGIN
        la   s1, tohost
        /* other words of the page read back what was written */
        li   a0, 0x1122334455667788
        sd   a0, 0x100(s1)
        ld   a1, 0x100(s1)
        CHECK(1)
        FAIL_IF_NE(a0, a1)
        li   a2, 0xabcd
        sh   a2, 0x108(s1)
        lhu  a3, 0x108(s1)
        CHECK(2)
        FAIL_IF_NE(a2, a3)
        la   a4, fromhost        /* fromhost is plain memory to the guest */
        li   a0, 77
        sd   a0, 0(a4)
        ld   a1, 0(a4)
        CHECK(3)
        FAIL_IF_NE(a0, a1)
        sd   zero, 0(a4)
        la   s0, msg
        li   s2, (1 << 24) | (1 << 16)   /* high half: device 1, command 1 */
1:      lbu  a0, 0(s0)
        beqz a0, 3f
        sw   a0, 0(s1)
        sw   s2, 4(s1)
2:      ld   a2, 0(s1)
        bnez a2, 2b
        addi s0, s0, 1
        j    1b
3:      li   a0, (5 << 1) | 1
        sw   a0, 0(s1)
        sw   zero, 4(s1)
        CHECK(5)
        j    fail                /* not reached */
TEST_END
        .section .rodata
msg:    .asciz "ok\n"
