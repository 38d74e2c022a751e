/* SPDX-License-Identifier: MIT */
/* The "sifive,test1" finisher of QEMU's virt machine: a 32-bit write of
 * 0x5555 powers off (status 0), 0x3333 | code << 16 powers off with status
 * code, 0x7777 requests a reset (not supported yet: the VM stops). */
#ifndef VMM_SIFIVE_TEST_H
#define VMM_SIFIVE_TEST_H

#include "vmm/mmio.h"

#define SIFIVE_TEST_SIZE 0x1000ULL

struct sifive_test {
	struct vmm_stop *stop;
};

void sifive_test_init(struct sifive_test *t, struct vmm_stop *stop);
extern const struct vmm_mmio_ops sifive_test_ops;

#endif
