/* PLIC registers are 32 bits wide: byte, halfword and doubleword loads
 * raise a load access fault (mcause 5), such stores a store/AMO access
 * fault (7), and the register is unchanged. */
#include "virt.h"

/* Run one access expecting a fault with the given cause. */
#define EXPECT_FAULT(n, cause, insn...)   \
        CHECK(n);                         \
        la   s2, 1f;                      \
        li   s3, -1;                      \
        insn;                             \
1:      li   t1, cause;                   \
        bne  s3, t1, fail

VIRT_BEGIN
        la   t0, handler
        csrw mtvec, t0
        li   s0, PLIC_PRIO(UART_IRQ)
        li   a1, 0x55
        W32(PLIC_PRIO(UART_IRQ), 3)
        EXPECT_FAULT(1, 5, lb a0, 0(s0))
        EXPECT_FAULT(2, 5, lbu a0, 1(s0))
        EXPECT_FAULT(3, 5, lh a0, 0(s0))
        EXPECT_FAULT(4, 5, lhu a0, 2(s0))
        EXPECT_FAULT(5, 5, ld a0, 0(s0))
        EXPECT_FAULT(6, 7, sb a1, 0(s0))
        EXPECT_FAULT(7, 7, sh a1, 0(s0))
        EXPECT_FAULT(8, 7, sd a1, 0(s0))
        li   s4, PLIC_CLAIM(CTX_M)
        EXPECT_FAULT(9, 5, lb a0, 0(s4))
        EXPECT32(10, PLIC_PRIO(UART_IRQ), 3)
        W32(PLIC_PRIO(UART_IRQ), 0)
VIRT_END

        .align 2
handler:
        csrr s3, mcause
        mv   t0, s2
        csrw mepc, t0
        mret
