/* SPDX-License-Identifier: MIT */
/* The device tree of the machine (Devicetree Specification v0.4; Linux's
 * Documentation/devicetree/bindings/riscv/{cpus,extensions}.yaml),
 * generated with libfdt from the machine's configuration and laid out as
 * QEMU's `virt` machine describes itself, so OpenSBI's generic platform
 * and stock Linux kernels find every device.
 *
 * Names are dt_* so they stay clear of libfdt's fdt_* namespace. */
#ifndef VMM_FDT_H
#define VMM_FDT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The hart as the device tree advertises it: only what rvkvm implements
 * (hw/riscv/decode.c, csr.c, mmu.c) and the vCPUs have on (the --cpu
 * model): riscv,isa and riscv,isa-extensions come from one table in
 * fdt.c.  Zihpm's counters read as zero; H is the hypervisor extension
 * (not in a hypervisor guest's tree); Svadu is hardware A/D updating under
 * menvcfg.ADUE (OpenSBI sets it when only Svadu is listed). */
/* The CMO block size (hw/riscv's CBO_BLOCK): riscv,cbom-block-size,
 * riscv,cboz-block-size and riscv,cbop-block-size. */
#define DT_CBO_BLOCK_SIZE 64u
#define DT_MMU_TYPE   "riscv,sv57"
#define DT_TIMEBASE_FREQ 10000000u   /* mtime ticks at 10 MHz */

#define DT_MAX_HARTS     64          /* KVM_MAX_VCPUS */
#define DT_MAX_BOOTARGS  4096        /* bytes, including the NUL */
#define DT_RNG_SEED_MAX  64

/* What the tree describes.  Device addresses are the machine's fixed
 * layout (vmm/machine.h); everything that varies is here. */
struct dt_config {
	unsigned nr_harts;              /* harts 0..nr_harts-1 */
	/* A hypervisor guest's tree: no M-mode devices (ACLINT), no H in the
	 * ISA (VS-mode has none); timers and IPIs come from the SBI. */
	bool hyp_guest;
	uint64_t isa_off[2];            /* bit n: KVM_RISCV_ISA_EXT n switched off */
	unsigned vlen;                  /* V's VLEN: the Zvl*b names up to it */
	uint64_t ram_base, ram_size;
	const char *bootargs;           /* NULL: no /chosen/bootargs */
	bool has_initrd;
	uint64_t initrd_start, initrd_end;
	const uint8_t *rng_seed;        /* NULL or rng_seed_len bytes */
	size_t rng_seed_len;
};

/* Room left at the end of the blob (totalsize - used) for firmware that
 * edits the tree in place: OpenSBI adds reserved-memory nodes and status
 * fixups. */
#define DT_SLACK (16u << 10)

/* Build the tree.  On success *blob is a malloc'd flattened tree whose
 * totalsize (*size) includes DT_SLACK free bytes; the size depends only on
 * the config's shape (hart count, bootargs length, presence of the initrd
 * and seed), not on the initrd addresses.  Returns 0 or -errno with *why
 * set. */
int dt_build(const struct dt_config *cfg, void **blob, size_t *size, const char **why);

#endif
