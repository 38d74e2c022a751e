// SPDX-License-Identifier: MIT
/* ns16550a register model (PC16550D data sheet, "Register Description").
 * Offsets 0..7; with LCR.DLAB set, offsets 0 and 1 are the divisor latch.
 * Accesses wider than a byte act on the register at their offset. */
#include "vmm/uart_ns16550a.h"

#include <string.h>

enum {
	UART_RBR_THR = 0, UART_IER, UART_IIR_FCR, UART_LCR, UART_MCR, UART_LSR, UART_MSR, UART_SCR,
};

#define LCR_DLAB   0x80
#define MCR_LOOP   0x10
#define LSR_DR     0x01
#define LSR_THRE   0x20
#define LSR_TEMT   0x40
#define IIR_NO_INT 0x01
#define IIR_FIFO   0xc0   /* FIFOs enabled (FCR bit 0) */
#define FCR_ENABLE 0x01

void uart_ns16550a_init(struct uart_ns16550a *u, FILE *out)
{
	memset(u, 0, sizeof(*u));
	u->out = out;
}

/* Modem status: in loopback the outputs DTR, RTS, OUT1, OUT2 appear as
 * DSR, CTS, RI, DCD; otherwise report a connected line (DCD, DSR, CTS). */
static uint8_t uart_msr(const struct uart_ns16550a *u)
{
	if (!(u->mcr & MCR_LOOP))
		return 0xb0;
	return (uint8_t)(((u->mcr & 0x01) << 5) | ((u->mcr & 0x02) << 3) |
			 ((u->mcr & 0x04) << 4) | ((u->mcr & 0x08) << 4));
}

static uint64_t uart_read(void *opaque, uint64_t off, unsigned size)
{
	struct uart_ns16550a *u = opaque;
	(void)size;
	switch (off) {
	case UART_RBR_THR:
		if (u->lcr & LCR_DLAB)
			return u->dll;
		u->rx_ready = false;
		return u->rbr;
	case UART_IER:
		return u->lcr & LCR_DLAB ? u->dlm : u->ier;
	case UART_IIR_FCR:
		return IIR_NO_INT | (u->fcr & FCR_ENABLE ? IIR_FIFO : 0);
	case UART_LCR:
		return u->lcr;
	case UART_MCR:
		return u->mcr;
	case UART_LSR:
		return LSR_THRE | LSR_TEMT | (u->rx_ready ? LSR_DR : 0);
	case UART_MSR:
		return uart_msr(u);
	case UART_SCR:
		return u->scr;
	default:
		return 0;
	}
}

static void uart_write(void *opaque, uint64_t off, unsigned size, uint64_t val)
{
	struct uart_ns16550a *u = opaque;
	uint8_t b = (uint8_t)val;
	(void)size;
	switch (off) {
	case UART_RBR_THR:
		if (u->lcr & LCR_DLAB) {
			u->dll = b;
		} else if (u->mcr & MCR_LOOP) {
			u->rbr = b;
			u->rx_ready = true;
		} else {
			fputc(b, u->out);
			fflush(u->out);
		}
		break;
	case UART_IER:
		if (u->lcr & LCR_DLAB)
			u->dlm = b;
		else
			u->ier = b & 0x0f;
		break;
	case UART_IIR_FCR:
		u->fcr = b & 0xc9;  /* enable, DMA mode, trigger level */
		break;
	case UART_LCR:
		u->lcr = b;
		break;
	case UART_MCR:
		u->mcr = b & 0x1f;
		break;
	case UART_SCR:
		u->scr = b;
		break;
	default:
		break;  /* LSR, MSR (read-only) and the unused rest of the region */
	}
}

const struct vmm_mmio_ops uart_ns16550a_ops = {
	.read = uart_read,
	.write = uart_write,
};
