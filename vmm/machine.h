/* SPDX-License-Identifier: MIT */
/* The machine the VMM builds on a VM: RAM at 0x8000_0000, the in-core
 * ACLINT at 0x0200_0000, a sifive,test1 finisher at 0x0010_0000, an
 * ns16550a UART at 0x1000_0000 and HTIF when the firmware has `tohost`
 * (QEMU virt / spike layout).  One vCPU for now. */
#ifndef VMM_MACHINE_H
#define VMM_MACHINE_H

#include <stdint.h>
#include <stdio.h>

#include "rvkvm/kvm.h"
#include "vmm/htif.h"
#include "vmm/mmio.h"
#include "vmm/sifive_test.h"
#include "vmm/uart_ns16550a.h"

#define MACHINE_RAM_BASE     0x80000000ULL
#define MACHINE_TEST_BASE    0x00100000ULL
#define MACHINE_UART_BASE    0x10000000ULL
#define MACHINE_MAX_DEVICES  8

struct machine_config {
	const char *firmware;
	uint64_t mem_size;
};

struct machine_device {
	const char *name;
	uint64_t base, size;
	const struct vmm_mmio_ops *ops;
	void *opaque;
};

struct machine {
	struct kvm *kvm;
	struct kvm_vm *vm;
	struct kvm_vcpu *vcpu;
	struct kvm_run *run;

	uint8_t *ram;
	uint64_t ram_base, ram_size;

	struct machine_device devices[MACHINE_MAX_DEVICES];
	unsigned ndevices;
	struct htif htif;
	bool has_htif;
	struct uart_ns16550a uart;
	struct sifive_test test;

	struct vmm_stop stop;
};

/* Build the machine and load the firmware; errors are reported on stderr.
 * Returns 0 or -errno. */
int machine_init(struct machine *m, const struct machine_config *cfg);
/* Run until the guest stops; returns the process exit status. */
int machine_run(struct machine *m);
void machine_destroy(struct machine *m);

#endif
