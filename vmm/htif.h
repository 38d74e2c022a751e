/* SPDX-License-Identifier: MIT */
/* HTIF (the Berkeley host-target interface of spike and QEMU's spike
 * machine): the guest writes commands to the 64-bit `tohost` word and reads
 * responses from `fromhost`.  The page holding tohost is mapped read-only
 * (KVM_MEM_READONLY), so guest writes to it exit to the VMM, which applies
 * them to its copy of RAM and acts on completed tohost values. */
#ifndef VMM_HTIF_H
#define VMM_HTIF_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "vmm/mmio.h"

#define HTIF_PAGE_SIZE 4096ULL

struct htif {
	uint8_t *ram;            /* host mapping of guest RAM */
	uint64_t ram_base, ram_size;
	uint64_t tohost, fromhost;   /* guest-physical; fromhost 0 = none */
	uint64_t page;           /* guest-physical page holding tohost */
	FILE *out;               /* console */
	struct vmm_stop *stop;
	bool warned;
};

/* Returns false when tohost/fromhost are unusable (not 8-byte aligned in
 * RAM); the caller then runs without HTIF. */
bool htif_init(struct htif *h, uint8_t *ram, uint64_t ram_base, uint64_t ram_size,
	       uint64_t tohost, bool has_fromhost, uint64_t fromhost,
	       FILE *out, struct vmm_stop *stop);

/* The handler of the tohost page (an MMIO exit device over the page). */
extern const struct vmm_mmio_ops htif_page_ops;

#endif
