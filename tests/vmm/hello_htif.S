/* Prints a line on the HTIF console (device 1, command 1), waiting for
 * tohost to read 0 before each write, then checks the fromhost response
 * of the last character and exits 0. */
#include "test.h"
TEST_BEGIN
        la   s0, msg
        la   s1, tohost
        li   s2, (1 << 56) | (1 << 48)
1:      lbu  a0, 0(s0)
        beqz a0, 3f
        or   a1, s2, a0
        sd   a1, 0(s1)
2:      ld   a2, 0(s1)           /* the host clears tohost when done */
        bnez a2, 2b
        addi s0, s0, 1
        j    1b
3:      la   a3, fromhost        /* response: same device/command, 0x100 | char */
        ld   a4, 0(a3)
        li   a5, (1 << 56) | (1 << 48) | 0x100 | '\n'
        CHECK(1)
        FAIL_IF_NE(a4, a5)
TEST_END
        .section .rodata
msg:    .asciz "Hello, HTIF!\n"
