/* SPDX-License-Identifier: MIT */
/* A National Semiconductor 16550A UART (register shift 0, 1-byte
 * registers), transmit side only for now: THR goes to the console, LSR
 * always reports the transmitter empty, no receive data and no interrupts. */
#ifndef VMM_UART_NS16550A_H
#define VMM_UART_NS16550A_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "vmm/mmio.h"

#define UART_NS16550A_SIZE 0x100ULL

struct uart_ns16550a {
	FILE *out;
	uint8_t ier, lcr, mcr, scr, fcr, dll, dlm;
	uint8_t rbr;             /* loopback mode only */
	bool rx_ready;
};

void uart_ns16550a_init(struct uart_ns16550a *u, FILE *out);
extern const struct vmm_mmio_ops uart_ns16550a_ops;

#endif
