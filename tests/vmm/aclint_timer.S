/* ACLINT MTIMER: mtime advances, mtimecmp reads back (whole and in 32-bit
 * halves), WFI returns once mtime passes mtimecmp with MTIE enabled (and
 * global MIE off), then the timer interrupt is taken (mcause 0x8..07). */
#include "test.h"
#define CLINT    0x2000000
#define MTIMECMP (CLINT + 0x4000)
#define MTIME    (CLINT + 0xbff8)
TEST_BEGIN
        la   t0, handler
        csrw mtvec, t0
        li   s1, MTIME
        li   s3, MTIMECMP
        ld   a0, 0(s1)
        li   t0, 10000
1:      addi t0, t0, -1          /* let some time pass */
        bnez t0, 1b
        ld   a1, 0(s1)
        CHECK(1)
        bgeu a0, a1, fail        /* mtime must advance */
        li   t0, 100000          /* 10 ms at 10 MHz */
        add  s2, a1, t0
        sd   s2, 0(s3)
        ld   a2, 0(s3)
        CHECK(2)
        FAIL_IF_NE(a2, s2)
        lwu  a3, 4(s3)
        srli a4, s2, 32
        CHECK(3)
        FAIL_IF_NE(a3, a4)
        li   t0, 0x80            /* mie.MTIE */
        csrs mie, t0
2:      wfi
        csrr a0, mip
        andi a0, a0, 0x80
        beqz a0, 2b
        ld   a5, 0(s1)
        CHECK(4)
        bltu a5, s2, fail        /* woke before the deadline */
        CHECK(5)
        csrsi mstatus, 8         /* mstatus.MIE: take the interrupt */
        li   t0, 100000
3:      addi t0, t0, -1
        bnez t0, 3b
        j    fail
        .align 2
handler:
        csrr a0, mcause
        li   a1, (1 << 63) | 7
        CHECK(6)
        FAIL_IF_NE(a0, a1)
        li   a0, -1              /* disarm: MTIP falls, "eventually" (priv. 3.2.1) */
        sd   a0, 0(s3)
        CHECK(7)
        li   t0, 100000
4:      addi t0, t0, -1
        beqz t0, fail
        csrr a0, mip
        andi a0, a0, 0x80
        bnez a0, 4b
        TEST_PASS
TEST_END
