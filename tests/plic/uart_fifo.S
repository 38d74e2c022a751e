/* ns16550a interrupt identification and FIFOs, by polling (no input
 * needed): IIR priorities (line status > received data / character
 * timeout > THR empty), the THR-empty latch (set when ETBEI is enabled,
 * cleared by an IIR read that reports it), the FIFO trigger level, the
 * 16-byte receiver FIFO in loopback with an overrun (LSR.OE, cleared by
 * reading LSR; the byte that overran is lost), and the UART driving PLIC
 * source 10. */
#include "virt.h"

/* IIR with interrupts identified, FIFOs enabled */
#define IIR_NONE 0xc1
#define IIR_THRE 0xc2
#define IIR_RDA  0xc4
#define IIR_RLS  0xc6
#define IIR_CTI  0xcc

#define EXPECT_IIR(n, val) CHECK(n); lbu a0, UART_IIR(s0); li t1, val; bne a0, t1, fail
/* IIR is one of two values (the data sheet gives RDA and CTI one level) */
#define EXPECT_IIR2(n, v1, v2) CHECK(n); lbu a0, UART_IIR(s0); li t1, v1; beq a0, t1, 7f; \
                               li t1, v2; bne a0, t1, fail; 7:
#define SEND(ch) li a0, ch; sb a0, UART_THR(s0)

VIRT_BEGIN
        li   s0, UART
        li   a0, 0x03
        sb   a0, UART_LCR(s0)
        sb   zero, UART_IER(s0)
        li   a0, 0x07                  /* FIFOs on and cleared, trigger 1 */
        sb   a0, UART_FCR(s0)
        EXPECT_IIR(1, IIR_NONE)

        /* THR empty: raised by enabling ETBEI, cleared by reading IIR */
        EXPECT32(2, PLIC_PENDING(0), 0)
        li   a0, IER_ETBEI
        sb   a0, UART_IER(s0)
        EXPECT32(3, PLIC_PENDING(0), 1 << UART_IRQ)   /* the line is source 10 */
        EXPECT_IIR(4, IIR_THRE)
        EXPECT_IIR(5, IIR_NONE)
        sb   zero, UART_IER(s0)

        /* loopback: received data outranks THR empty */
        li   a0, 0x10
        sb   a0, UART_MCR(s0)
        SEND('x')
        CHECK(10)
        lbu  a0, UART_LSR(s0)
        andi a0, a0, LSR_DR
        beqz a0, fail
        li   a0, IER_ERBFI | IER_ETBEI
        sb   a0, UART_IER(s0)
        EXPECT_IIR(11, IIR_RDA)
        EXPECT_IIR(12, IIR_RDA)        /* reading IIR does not clear it */
        CHECK(13)
        lbu  a0, UART_RBR(s0)
        li   t1, 'x'
        bne  a0, t1, fail
        EXPECT_IIR(14, IIR_THRE)
        EXPECT_IIR(15, IIR_NONE)
        CHECK(16)
        lbu  a0, UART_LSR(s0)
        andi a0, a0, LSR_DR
        bnez a0, fail

        /* trigger level 4: received data at 4 bytes; below it, the
         * character timeout (at once here, after 4 character times on a
         * real UART: poll) */
        li   a0, IER_ERBFI
        sb   a0, UART_IER(s0)
        li   a0, 0x41                  /* trigger 4, FIFO stays on: no clear */
        sb   a0, UART_FCR(s0)
        SEND('a')
        SEND('b')
        SEND('c')
        SEND('d')
        EXPECT_IIR2(20, IIR_RDA, IIR_CTI)
        CHECK(21)
        lbu  a0, UART_RBR(s0)
        li   t1, 'a'
        bne  a0, t1, fail
        lbu  a0, UART_RBR(s0)
        lbu  a0, UART_RBR(s0)
        li   t2, 1000000               /* one byte left: wait for the timeout */
22:     lbu  a0, UART_IIR(s0)
        li   t1, IIR_NONE
        bne  a0, t1, 23f
        addi t2, t2, -1
        bnez t2, 22b
23:     CHECK(22)
        li   t1, IIR_CTI
        bne  a0, t1, fail
        CHECK(23)
        lbu  a0, UART_RBR(s0)
        li   t1, 'd'
        bne  a0, t1, fail
        EXPECT_IIR(24, IIR_NONE)

        /* overrun: 17 bytes into the 16-byte FIFO */
        li   a0, 0x07                  /* clear, trigger 1 */
        sb   a0, UART_FCR(s0)
        li   a0, IER_ERBFI | IER_ELSI
        sb   a0, UART_IER(s0)
        li   s1, '0'
30:     sb   s1, UART_THR(s0)
        addi s1, s1, 1
        li   t1, '0' + 17
        blt  s1, t1, 30b
        EXPECT_IIR(31, IIR_RLS)
        CHECK(32)
        lbu  a0, UART_LSR(s0)
        andi a0, a0, LSR_OE | LSR_DR
        li   t1, LSR_OE | LSR_DR
        bne  a0, t1, fail
        CHECK(33)                      /* OE is cleared by the LSR read */
        lbu  a0, UART_LSR(s0)
        andi a0, a0, LSR_OE
        bnez a0, fail
        EXPECT_IIR(34, IIR_RDA)
        li   s1, '0'                   /* the 17th byte was lost */
        li   s2, 0
35:     CHECK(35)
        lbu  a0, UART_LSR(s0)
        andi a0, a0, LSR_DR
        beqz a0, fail
        lbu  a0, UART_RBR(s0)
        bne  a0, s1, fail
        addi s1, s1, 1
        addi s2, s2, 1
        li   t1, 16
        blt  s2, t1, 35b
        CHECK(36)
        lbu  a0, UART_LSR(s0)
        andi a0, a0, LSR_DR
        bnez a0, fail
        EXPECT_IIR(37, IIR_NONE)

        /* back to 16450 mode, no loopback */
        sb   zero, UART_IER(s0)
        sb   zero, UART_MCR(s0)
        sb   zero, UART_FCR(s0)
        EXPECT_IIR(40, 0x01)
VIRT_END
