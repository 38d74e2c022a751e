/* SPDX-License-Identifier: MIT */
/* A National Semiconductor 16550A UART (register shift 0, 1-byte
 * registers).  Transmitted bytes go straight to the output stream, so the
 * transmitter is always empty; received bytes enter through
 * uart_ns16550a_receive() (from an input thread) into a 16-byte FIFO (one
 * byte in 16450 mode).  Interrupts: received data, character timeout,
 * transmitter empty and line status, prioritised in IIR, driven onto one
 * level-triggered line through set_irq.  Thread-safe: the guest's register
 * accesses (vCPU threads) and receive() (an input thread) take a mutex. */
#ifndef VMM_UART_NS16550A_H
#define VMM_UART_NS16550A_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "vmm/mmio.h"

#define UART_NS16550A_SIZE 0x100ULL
#define UART_FIFO_SIZE     16

struct uart_ns16550a {
	pthread_mutex_t lock;
	pthread_cond_t rx_space;   /* the guest drained the receiver, or close */
	FILE *out;
	/* Raise or lower the interrupt line; called with the UART locked,
	 * only when the level changes (may be NULL). */
	void (*set_irq)(void *opaque, bool level);
	void *irq_opaque;
	bool irq_level;
	bool closed;               /* receive() accepts nothing more */

	uint8_t ier, lcr, mcr, scr, fcr, dll, dlm;
	uint8_t lsr_err;           /* LSR.OE (loopback overrun), cleared on LSR read */
	bool thre_pending;         /* the THR-empty interrupt is latched */
	uint8_t rx[UART_FIFO_SIZE];
	unsigned rx_head, rx_count;
};

void uart_ns16550a_init(struct uart_ns16550a *u, FILE *out,
			void (*set_irq)(void *opaque, bool level), void *irq_opaque);
void uart_ns16550a_destroy(struct uart_ns16550a *u);
/* Deliver bytes from the host side: blocks while the receiver is full
 * (back-pressure, nothing is dropped) until every byte is queued or the
 * UART is closed.  Returns the number of bytes queued. */
size_t uart_ns16550a_receive(struct uart_ns16550a *u, const uint8_t *buf, size_t len);
/* Wake a blocked receive() and refuse further input (before shutdown). */
void uart_ns16550a_close(struct uart_ns16550a *u);
extern const struct vmm_mmio_ops uart_ns16550a_ops;

/* The registers and the receive FIFO, to save and restore (snapshots). */
struct uart_ns16550a_state {
	uint8_t ier, lcr, mcr, scr, fcr, dll, dlm, lsr_err;
	uint8_t thre_pending;
	uint8_t rx_count;
	uint8_t rx[UART_FIFO_SIZE];    /* oldest first */
};
void uart_ns16550a_save(struct uart_ns16550a *u, struct uart_ns16550a_state *s);
/* Returns false (nothing changed) for a state no UART could be in; the
 * interrupt line is driven to match. */
bool uart_ns16550a_load(struct uart_ns16550a *u, const struct uart_ns16550a_state *s);

#endif
