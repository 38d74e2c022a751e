/* SPDX-License-Identifier: MIT */
/* In-core PLIC (RISC-V Platform-Level Interrupt Controller spec 1.0.0),
 * laid out as on QEMU's virt machine: sources 1..95, 3 priority bits, and
 * per hart two contexts, M-mode (2 * hart, drives mip.MEIP) and S-mode
 * (2 * hart + 1, drives mip.SEIP).  Sources are level-triggered: a device
 * holds its line high until serviced.  Registers are 32 bits wide; other
 * access sizes fault.  Thread-safe: device threads assert lines while vCPU
 * threads access registers. */
#ifndef HW_RISCV_PLIC_H
#define HW_RISCV_PLIC_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "hw/bus.h"
#include "hw/riscv/hart.h"

/* QEMU virt's window: 0x20_0000 of source/enable registers, then 1024
 * 4 KiB context pages (512 harts). */
#define PLIC_SIZE            0x600000ULL
#define PLIC_NUM_SOURCES     96u      /* IDs 0..95; 0 means "no interrupt" */
#define PLIC_WORDS           ((PLIC_NUM_SOURCES + 31) / 32)
#define PLIC_PRIO_MASK       7u       /* priorities and thresholds: 0..7 */
#define PLIC_MAX_HARTS       512u
#define PLIC_MAX_CONTEXTS    (2 * PLIC_MAX_HARTS)

#define PLIC_PRIORITY_OFF    0x000000ULL  /* 4 bytes per source */
#define PLIC_PENDING_OFF     0x001000ULL  /* one bit per source */
#define PLIC_ENABLE_OFF      0x002000ULL  /* 0x80 bytes per context */
#define PLIC_ENABLE_STRIDE   0x80ULL
#define PLIC_CONTEXT_OFF     0x200000ULL  /* 4 KiB per context */
#define PLIC_CONTEXT_STRIDE  0x1000ULL    /* +0 threshold, +4 claim/complete */

struct plic_context {
	uint32_t enable[PLIC_WORDS];
	uint32_t threshold;
	bool eip;            /* the level last driven onto the hart's line */
};

struct plic {
	pthread_mutex_t lock;
	/* harts[i] is hart i, or NULL while it does not exist (entries are
	 * published by the owner with release stores, as for the ACLINT). */
	struct hart *const *harts;
	unsigned nharts, ncontexts;
	/* Called, without the lock held, after the external-interrupt lines
	 * of hart i changed, so a sleeping hart re-evaluates WFI (may be NULL). */
	void (*notify)(void *opaque, unsigned hart);
	void *opaque;
	/* The mip bit an S-mode context drives: SEIP, or VSEIP when the
	 * harts' supervisor is a guest of a host-level hypervisor. */
	unsigned s_irq;

	uint32_t priority[PLIC_NUM_SOURCES];
	uint32_t pending[PLIC_WORDS];    /* IP bits of the PLIC core */
	uint32_t level[PLIC_WORDS];      /* the sources' input lines */
	uint32_t in_service[PLIC_WORDS]; /* claimed, gateway awaits completion */
	/* Sources whose line drops when the interrupt completes (a resampling
	 * irqfd: the owner is told through eoi and raises it again if its
	 * device still wants service). */
	uint32_t resample[PLIC_WORDS];
	void (*eoi)(void *opaque, unsigned source);   /* called without the lock */
	void *eoi_opaque;
	struct plic_context ctx[PLIC_MAX_CONTEXTS];
};

void plic_init(struct plic *p, struct hart *const *harts, unsigned nharts,
	       void (*notify)(void *opaque, unsigned hart), void *opaque);
void plic_destroy(struct plic *p);
/* S-mode contexts drive mip.VSEIP instead of mip.SEIP (before any line
 * is raised): the PLIC of a VM whose kernel runs in VS-mode. */
void plic_route_s_to_vs(struct plic *p);
/* Map the device at base on the bus (in-core: no MMIO exits). */
int plic_attach(struct plic *p, struct bus *bus, uint64_t base);
/* Drive source's input line (1..PLIC_NUM_SOURCES-1).  Returns false for a
 * source number that does not exist. */
bool plic_set_irq(struct plic *p, unsigned source, bool level);
/* A completion of source lowers its line and calls eoi (set once, before
 * any source resamples). */
void plic_set_eoi(struct plic *p, void (*eoi)(void *opaque, unsigned source), void *opaque);
void plic_set_resample(struct plic *p, unsigned source, bool on);

/* The PLIC's architectural state, to save and restore (a snapshot, a
 * migration): what the guest programmed and what is pending or in service.
 * The sources' input lines are the devices' to drive again. */
struct plic_state {
	uint32_t priority[PLIC_NUM_SOURCES];
	uint32_t pending[PLIC_WORDS];
	uint32_t in_service[PLIC_WORDS];
	struct {
		uint32_t enable[PLIC_WORDS];
		uint32_t threshold;
	} ctx[PLIC_MAX_CONTEXTS];
};
/* Contexts beyond ncontexts are left out (zero on save, ignored on load);
 * a load drives the harts' lines to match.  load returns false (and
 * changes nothing) for a priority or threshold above PLIC_PRIO_MASK. */
void plic_save(struct plic *p, struct plic_state *s);
bool plic_load(struct plic *p, const struct plic_state *s);

#endif
