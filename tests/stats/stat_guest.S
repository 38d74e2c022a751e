/* tests/stats end to end: hart 0 writes a byte to the UART (an MMIO exit)
 * and sleeps 25 ms in WFI, 60 times (1.5 s), then passes; other harts
 * sleep in WFI with no interrupt enabled until the run ends. */
#include "test.h"
#define UART     0x10000000
#define MTIME    (0x2000000 + 0xbff8)
#define MTIMECMP (0x2000000 + 0x4000)
TEST_BEGIN
        csrr t0, mhartid
        bnez t0, park
        li   s0, UART
        li   s1, MTIME
        li   s2, MTIMECMP
        li   s3, 60
        li   t0, 0x80
        csrs mie, t0
1:      li   t1, '.'
        sb   t1, 0(s0)
        ld   a0, 0(s1)
        li   t0, 250000          /* 25 ms at 10 MHz */
        add  a0, a0, t0
        sd   a0, 0(s2)
2:      wfi
        ld   a1, 0(s1)
        bltu a1, a0, 2b
        addi s3, s3, -1
        bnez s3, 1b
        li   t1, '\n'
        sb   t1, 0(s0)
TEST_END
park:   wfi
        j    park
