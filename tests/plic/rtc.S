/* Goldfish RTC at 0x10_1000 (PLIC source 11), as Linux's rtc-goldfish
 * uses it: reading TIME_LOW latches TIME_HIGH; the time is wall-clock
 * nanoseconds (plausible: between 2020 and 2100) and increases; the guest
 * can set it (TIME_HIGH, then TIME_LOW); an alarm in the near future
 * fires through the PLIC (claim 11), disarms itself (ALARM_STATUS 0) and
 * holds the line until CLEAR_INTERRUPT; CLEAR_ALARM disarms. */
#include "virt.h"

#define NS_2020 1577836800000000000
#define NS_2100 4102444800000000000
#define NS_SET  1000000000000000000   /* 2001-09-09 */
#define ALARM_DELAY 20000000          /* 20 ms */

VIRT_BEGIN
        la   t0, handler
        csrw mtvec, t0
        li   s0, RTC_BASE

        /* a plausible time, increasing */
        jal  read_time
        mv   s1, a0
        CHECK(1)
        li   t1, NS_2020
        bltu s1, t1, fail
        CHECK(2)
        li   t1, NS_2100
        bgeu s1, t1, fail
        li   t0, 100000                /* let some time pass */
1:      addi t0, t0, -1
        bnez t0, 1b
        jal  read_time
        CHECK(3)
        bgeu s1, a0, fail
        sub  t0, a0, s1                /* and not by much (< 1 s) */
        li   t1, 1000000000
        CHECK(4)
        bgeu t0, t1, fail

        /* set the time */
        li   a1, NS_SET
        srli t0, a1, 32
        sw   t0, RTC_TIME_HIGH(s0)
        sw   a1, RTC_TIME_LOW(s0)
        jal  read_time
        CHECK(5)
        bltu a0, a1, fail
        sub  t0, a0, a1
        li   t1, 1000000000
        CHECK(6)
        bgeu t0, t1, fail

        /* an alarm 20 ms ahead, through the PLIC */
        W32(PLIC_PRIO(RTC_IRQ), 1)
        W32(PLIC_THRESHOLD(CTX_M), 0)
        W32(PLIC_ENABLE(CTX_M, 0), 1 << RTC_IRQ)
        ARM_WATCHDOG(5)
        li   t0, MIP_MEIP | MIP_MTIP
        csrw mie, t0
        li   t0, 1
        sw   t0, RTC_IRQ_ENABLED(s0)
        jal  read_time
        li   t0, ALARM_DELAY
        add  s2, a0, t0                /* the alarm time */
        srli t0, s2, 32
        sw   t0, RTC_ALARM_HIGH(s0)
        sw   s2, RTC_ALARM_LOW(s0)
        CHECK(10)
        lw   t0, RTC_ALARM_STATUS(s0)
        li   t1, 1
        bne  t0, t1, fail
        EXPECT32(11, PLIC_PENDING(0), 0)
        la   s3, fired
2:      lw   t0, 0(s3)                 /* wait (see uart_rx_irq.S) */
        bnez t0, 3f
        wfi
        csrsi mstatus, MSTATUS_MIE
        csrci mstatus, MSTATUS_MIE
        j    2b
3:      ld   a0, fired_at
        CHECK(12)                      /* not early */
        bltu a0, s2, fail
        lw   t0, claimed
        CHECK_EQ(13, t0, RTC_IRQ)
        CHECK(14)                      /* the alarm disarmed itself */
        lw   t0, RTC_ALARM_STATUS(s0)
        bnez t0, fail
        EXPECT32(15, PLIC_PENDING(0), 0)
        EXPECT_MIP(16, MIP_MEIP, 0)

        /* an alarm an hour ahead, cleared: disarmed, nothing fires */
        jal  read_time
        li   t0, 3600000000000
        add  a0, a0, t0
        srli t0, a0, 32
        sw   t0, RTC_ALARM_HIGH(s0)
        sw   a0, RTC_ALARM_LOW(s0)
        CHECK(20)
        lw   t0, RTC_ALARM_STATUS(s0)
        beqz t0, fail
        li   t0, 1
        sw   t0, RTC_CLEAR_ALARM(s0)
        CHECK(21)
        lw   t0, RTC_ALARM_STATUS(s0)
        bnez t0, fail
        sw   zero, RTC_IRQ_ENABLED(s0)
        EXPECT32(22, PLIC_PENDING(0), 0)
VIRT_END

/* a0 = the RTC time (TIME_LOW first: it latches TIME_HIGH) */
read_time:
        li   t2, RTC_BASE
        lwu  a0, RTC_TIME_LOW(t2)
        lwu  t0, RTC_TIME_HIGH(t2)
        slli t0, t0, 32
        or   a0, a0, t0
        ret

        .align 2
handler:
        csrr t0, mcause
        li   t1, CAUSE_MEI
        beq  t0, t1, 1f
        li   t1, CAUSE_MTI
        li   TESTNUM, 90               /* watchdog: the alarm never fired */
        beq  t0, t1, fail
        j    virt_trap
1:      mv   s4, ra
        jal  read_time
        mv   ra, s4
        sd   a0, fired_at, t0
        li   t2, PLIC_CLAIM(CTX_M)
        lw   a1, 0(t2)
        sw   a1, claimed, t0
        li   t2, RTC_BASE
        li   t0, 1
        sw   t0, RTC_CLEAR_INTERRUPT(t2)
        li   t2, PLIC_CLAIM(CTX_M)
        sw   a1, 0(t2)                 /* complete */
        li   t0, 1
        sw   t0, fired, t1
        mret

        .data
        .align 3
fired_at: .dword 0
fired:  .word 0
claimed: .word 0
