/* SPDX-License-Identifier: MIT */
/* The VMM's half of the SBI of a hypervisor guest: the calls the core
 * forwards as KVM_EXIT_RISCV_SBI.  The Debug Console (SBI spec chapter 12)
 * and the legacy console_putchar/getchar write to the machine's console
 * output; anything else answers SBI_ERR_NOT_SUPPORTED. */
#ifndef VMM_SBI_CONSOLE_H
#define VMM_SBI_CONSOLE_H

#include <stdint.h>
#include <stdio.h>

#include "rvkvm/kvm.h"

struct sbi_console {
	FILE *out;
	const uint8_t *ram;      /* guest RAM, for console_write buffers */
	uint64_t ram_base, ram_size;
};

/* Fill run->riscv_sbi.ret[] for the forwarded call in run. */
void sbi_console_handle(struct sbi_console *c, struct kvm_run *run);

#endif
