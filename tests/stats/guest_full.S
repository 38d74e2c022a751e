/* tests/stats guest for a full machine (M-mode), driven by stats_test.c:
 * a0 MMIO writes to 0x1000_0000, then a1 halts (WFI until the ACLINT timer
 * passes mtime + a2 ticks), then an MMIO write to 0x1000_0004 (done). */
#define MMIO     0x10000000
#define MTIME    0x0200bff8
#define MTIMECMP 0x02004000
        .section .text.init
        .globl _start
_start:
        li   t0, MMIO
1:      beqz a0, 2f
        sw   a0, 0(t0)
        addi a0, a0, -1
        j    1b
2:      li   t1, 0x80            /* mie.MTIE; mstatus.MIE stays 0: WFI resumes */
        csrs mie, t1
        li   s1, MTIME
        li   s2, MTIMECMP
3:      beqz a1, 5f
        ld   a3, 0(s1)
        add  a3, a3, a2
        sd   a3, 0(s2)
4:      wfi
        ld   a4, 0(s1)
        bltu a4, a3, 4b
        addi a1, a1, -1
        j    3b
5:      sw   zero, 4(t0)
        j    .
