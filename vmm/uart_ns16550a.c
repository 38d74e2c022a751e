// SPDX-License-Identifier: MIT
/* ns16550a register model (PC16550D data sheet, "Register Description",
 * tables "Interrupt Control Functions" and "FIFO Control Register").
 * Offsets 0..7; with LCR.DLAB set, offsets 0 and 1 are the divisor latch.
 * Accesses wider than a byte act on the register at their offset.
 *
 * Interrupt sources, highest priority first (IIR bits 3:1):
 *   011 receiver line status  IER.ELSI and an overrun (loopback only)
 *   010 received data         IER.ERBFI and the FIFO at its trigger level
 *                             (16450 mode: a byte in RBR)
 *   110 character timeout     IER.ERBFI and data below the trigger level:
 *                             the data sheet's four idle character times are
 *                             taken as already elapsed, so no byte is stranded
 *   001 THR empty             IER.ETBEI and the latch: set when ETBEI goes
 *                             0 -> 1 or a byte is written (it leaves at
 *                             once), cleared by writing THR or by reading IIR
 *                             while it is the reported source
 * Modem status interrupts are not generated. */
#include "vmm/uart_ns16550a.h"

#include <string.h>

enum {
	UART_RBR_THR = 0, UART_IER, UART_IIR_FCR, UART_LCR, UART_MCR, UART_LSR, UART_MSR, UART_SCR,
};

#define IER_ERBFI  0x01
#define IER_ETBEI  0x02
#define IER_ELSI   0x04
#define IER_MASK   0x0f
#define IIR_NO_INT 0x01
#define IIR_RLS    0x06
#define IIR_RDA    0x04
#define IIR_CTI    0x0c
#define IIR_THRE   0x02
#define IIR_FIFO   0xc0   /* FIFOs enabled (FCR bit 0) */
#define FCR_ENABLE 0x01
#define FCR_CLR_RX 0x02
#define FCR_STORED 0xc9   /* enable, DMA mode, trigger level */
#define LCR_DLAB   0x80
#define MCR_LOOP   0x10
#define LSR_DR     0x01
#define LSR_OE     0x02
#define LSR_THRE   0x20
#define LSR_TEMT   0x40

void uart_ns16550a_init(struct uart_ns16550a *u, FILE *out,
			void (*set_irq)(void *opaque, bool level), void *irq_opaque)
{
	memset(u, 0, sizeof(*u));
	pthread_mutex_init(&u->lock, NULL);
	pthread_cond_init(&u->rx_space, NULL);
	u->out = out;
	u->set_irq = set_irq;
	u->irq_opaque = irq_opaque;
}

void uart_ns16550a_destroy(struct uart_ns16550a *u)
{
	pthread_cond_destroy(&u->rx_space);
	pthread_mutex_destroy(&u->lock);
}

static unsigned uart_rx_capacity(const struct uart_ns16550a *u)
{
	return u->fcr & FCR_ENABLE ? UART_FIFO_SIZE : 1;
}

/* The receiver FIFO trigger level, FCR bits 7:6. */
static unsigned uart_rx_trigger(const struct uart_ns16550a *u)
{
	static const unsigned level[4] = { 1, 4, 8, 14 };
	return level[u->fcr >> 6];
}

/* IIR bits 3:0 of the highest-priority pending interrupt. */
static uint8_t uart_iir_id(const struct uart_ns16550a *u)
{
	if ((u->ier & IER_ELSI) && u->lsr_err)
		return IIR_RLS;
	if ((u->ier & IER_ERBFI) && u->rx_count) {
		if (!(u->fcr & FCR_ENABLE) || u->rx_count >= uart_rx_trigger(u))
			return IIR_RDA;
		return IIR_CTI;
	}
	if ((u->ier & IER_ETBEI) && u->thre_pending)
		return IIR_THRE;
	return IIR_NO_INT;
}

static void uart_update_irq(struct uart_ns16550a *u)
{
	bool level = uart_iir_id(u) != IIR_NO_INT;
	if (level == u->irq_level)
		return;
	u->irq_level = level;
	if (u->set_irq)
		u->set_irq(u->irq_opaque, level);
}

static void uart_rx_clear(struct uart_ns16550a *u)
{
	u->rx_head = u->rx_count = 0;
	pthread_cond_broadcast(&u->rx_space);
}

static bool uart_rx_push(struct uart_ns16550a *u, uint8_t b)
{
	if (u->rx_count >= uart_rx_capacity(u))
		return false;
	u->rx[(u->rx_head + u->rx_count) % UART_FIFO_SIZE] = b;
	u->rx_count++;
	return true;
}

static uint8_t uart_rx_pop(struct uart_ns16550a *u)
{
	if (!u->rx_count)
		return 0;
	uint8_t b = u->rx[u->rx_head];
	u->rx_head = (u->rx_head + 1) % UART_FIFO_SIZE;
	u->rx_count--;
	pthread_cond_broadcast(&u->rx_space);
	return b;
}

size_t uart_ns16550a_receive(struct uart_ns16550a *u, const uint8_t *buf, size_t len)
{
	size_t done = 0;
	pthread_mutex_lock(&u->lock);
	while (done < len && !u->closed) {
		/* In loopback the receiver is disconnected from the line: hold
		 * the host's bytes until it is reconnected. */
		if ((u->mcr & MCR_LOOP) || !uart_rx_push(u, buf[done])) {
			pthread_cond_wait(&u->rx_space, &u->lock);
			continue;
		}
		done++;
		uart_update_irq(u);
	}
	pthread_mutex_unlock(&u->lock);
	return done;
}

void uart_ns16550a_close(struct uart_ns16550a *u)
{
	pthread_mutex_lock(&u->lock);
	u->closed = true;
	pthread_cond_broadcast(&u->rx_space);
	pthread_mutex_unlock(&u->lock);
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

static uint8_t uart_read_locked(struct uart_ns16550a *u, uint64_t off)
{
	switch (off) {
	case UART_RBR_THR:
		if (u->lcr & LCR_DLAB)
			return u->dll;
		return uart_rx_pop(u);
	case UART_IER:
		return u->lcr & LCR_DLAB ? u->dlm : u->ier;
	case UART_IIR_FCR: {
		uint8_t id = uart_iir_id(u);
		if (id == IIR_THRE)
			u->thre_pending = false;
		return id | (u->fcr & FCR_ENABLE ? IIR_FIFO : 0);
	}
	case UART_LCR:
		return u->lcr;
	case UART_MCR:
		return u->mcr;
	case UART_LSR: {
		uint8_t lsr = LSR_THRE | LSR_TEMT | u->lsr_err | (u->rx_count ? LSR_DR : 0);
		u->lsr_err = 0;
		return lsr;
	}
	case UART_MSR:
		return uart_msr(u);
	case UART_SCR:
		return u->scr;
	default:
		return 0;
	}
}

static uint64_t uart_read(void *opaque, uint64_t off, unsigned size)
{
	struct uart_ns16550a *u = opaque;
	(void)size;
	pthread_mutex_lock(&u->lock);
	uint8_t v = uart_read_locked(u, off);
	uart_update_irq(u);
	pthread_mutex_unlock(&u->lock);
	return v;
}

static void uart_transmit(struct uart_ns16550a *u, uint8_t b)
{
	if (u->mcr & MCR_LOOP) {
		if (!uart_rx_push(u, b))
			u->lsr_err |= LSR_OE;
	} else {
		fputc(b, u->out);
		fflush(u->out);
	}
	u->thre_pending = true;  /* the byte has left: THR is empty again */
}

static void uart_write_locked(struct uart_ns16550a *u, uint64_t off, uint8_t b)
{
	switch (off) {
	case UART_RBR_THR:
		if (u->lcr & LCR_DLAB)
			u->dll = b;
		else
			uart_transmit(u, b);
		break;
	case UART_IER:
		if (u->lcr & LCR_DLAB) {
			u->dlm = b;
			break;
		}
		if ((b & IER_ETBEI) && !(u->ier & IER_ETBEI))
			u->thre_pending = true;  /* THR is empty when enabled */
		u->ier = b & IER_MASK;
		break;
	case UART_IIR_FCR:
		/* Switching between FIFO and 16450 mode clears the FIFOs. */
		if (((b ^ u->fcr) & FCR_ENABLE) || (b & FCR_CLR_RX))
			uart_rx_clear(u);
		u->fcr = b & FCR_STORED;
		break;
	case UART_LCR:
		u->lcr = b;
		break;
	case UART_MCR: {
		bool was_loop = u->mcr & MCR_LOOP;
		u->mcr = b & 0x1f;
		if (was_loop && !(u->mcr & MCR_LOOP))
			pthread_cond_broadcast(&u->rx_space);  /* host input may resume */
		break;
	}
	case UART_SCR:
		u->scr = b;
		break;
	default:
		break;  /* LSR, MSR (read-only) and the unused rest of the region */
	}
}

static void uart_write(void *opaque, uint64_t off, unsigned size, uint64_t val)
{
	struct uart_ns16550a *u = opaque;
	(void)size;
	pthread_mutex_lock(&u->lock);
	uart_write_locked(u, off, (uint8_t)val);
	uart_update_irq(u);
	pthread_mutex_unlock(&u->lock);
}

void uart_ns16550a_save(struct uart_ns16550a *u, struct uart_ns16550a_state *s)
{
	memset(s, 0, sizeof(*s));
	pthread_mutex_lock(&u->lock);
	*s = (struct uart_ns16550a_state){
		.ier = u->ier, .lcr = u->lcr, .mcr = u->mcr, .scr = u->scr, .fcr = u->fcr,
		.dll = u->dll, .dlm = u->dlm, .lsr_err = u->lsr_err,
		.thre_pending = u->thre_pending, .rx_count = (uint8_t)u->rx_count,
	};
	for (unsigned i = 0; i < u->rx_count; i++)
		s->rx[i] = u->rx[(u->rx_head + i) % UART_FIFO_SIZE];
	pthread_mutex_unlock(&u->lock);
}

bool uart_ns16550a_load(struct uart_ns16550a *u, const struct uart_ns16550a_state *s)
{
	/* What the registers can hold (the writes' masks), OE the only LSR
	 * error; the FIFO holds at most 16 (1 without FIFO mode). */
	unsigned cap = (s->fcr & FCR_ENABLE) ? UART_FIFO_SIZE : 1;
	if ((s->ier & ~IER_MASK) || (s->lsr_err & ~LSR_OE) || s->thre_pending > 1 ||
	    s->rx_count > cap || (s->fcr & ~FCR_STORED))
		return false;
	pthread_mutex_lock(&u->lock);
	u->ier = s->ier;
	u->lcr = s->lcr;
	u->mcr = s->mcr;
	u->scr = s->scr;
	u->fcr = s->fcr;
	u->dll = s->dll;
	u->dlm = s->dlm;
	u->lsr_err = s->lsr_err;
	u->thre_pending = s->thre_pending;
	u->rx_head = 0;
	u->rx_count = s->rx_count;
	memcpy(u->rx, s->rx, sizeof(u->rx));
	uart_update_irq(u);
	pthread_cond_broadcast(&u->rx_space);
	pthread_mutex_unlock(&u->lock);
	return true;
}

const struct vmm_mmio_ops uart_ns16550a_ops = {
	.read = uart_read,
	.write = uart_write,
};
