/* Prints a line through the ns16550a at 0x1000_0000 (polling LSR.THRE),
 * checks a few registers read back, and exits 0 through HTIF. */
#include "test.h"
#define UART 0x10000000
TEST_BEGIN
        li   s0, UART
        /* 8N1, divisor 1 through the divisor latch (DLAB) */
        li   a0, 0x80
        sb   a0, 3(s0)
        li   a0, 0x01
        sb   a0, 0(s0)
        sb   zero, 1(s0)
        lbu  a1, 0(s0)
        CHECK_EQ(1, a1, 0x01)
        li   a0, 0x03
        sb   a0, 3(s0)
        lbu  a1, 3(s0)
        CHECK_EQ(2, a1, 0x03)
        li   a0, 0x5a            /* scratch register */
        sb   a0, 7(s0)
        lbu  a1, 7(s0)
        CHECK_EQ(3, a1, 0x5a)
        lbu  a1, 5(s0)           /* LSR: THR empty, transmitter empty, no data */
        andi a1, a1, 0x61
        CHECK_EQ(4, a1, 0x60)
        la   s1, msg
1:      lbu  a0, 0(s1)
        beqz a0, 3f
2:      lbu  a1, 5(s0)
        andi a1, a1, 0x20
        beqz a1, 2b
        sb   a0, 0(s0)
        addi s1, s1, 1
        j    1b
3:
TEST_END
        .section .rodata
msg:    .asciz "Hello, UART!\n"
