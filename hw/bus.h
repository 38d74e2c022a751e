/* SPDX-License-Identifier: MIT */
/* The physical bus: RAM regions backed by host memory, and MMIO regions that
 * are either served in-core by a callback or handed to the caller (the
 * hypervisor core turns those into MMIO exits).  Addresses nothing backs
 * are access faults. */
#ifndef HW_BUS_H
#define HW_BUS_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define BUS_MAX_RAM  32
#define BUS_MAX_MMIO 64

struct bus_ram {
	uint64_t base, size;
	uint8_t *host;
	bool readonly;        /* writes go the MMIO-exit way (KVM_MEM_READONLY) */
	/* Dirty logging: one bit per 4 KiB page, set by every write that
	 * reaches the region, or NULL.  While it is set, harts cache a write
	 * translation only after marking the page (so the first write to a
	 * clean page always takes the slow path). */
	_Atomic uint64_t *dirty;
};

/* Mark the page of pa dirty; true if it was clean (newly dirty). */
static inline bool bus_ram_mark_dirty(const struct bus_ram *r, uint64_t pa)
{
	if (!r->dirty)
		return false;
	uint64_t pg = (pa - r->base) >> 12, bit = 1ULL << (pg % 64);
	if (atomic_load_explicit(&r->dirty[pg / 64], memory_order_relaxed) & bit)
		return false;
	return !(atomic_fetch_or_explicit(&r->dirty[pg / 64], bit, memory_order_relaxed) & bit);
}

/* In-core device callbacks: off is relative to the region base, size is
 * 1, 2, 4 or 8 and the access is naturally aligned (checked by the bus).
 * Return false to make the access fault. */
struct bus_mmio_ops {
	bool (*read)(void *opaque, uint64_t off, unsigned size, uint64_t *val);
	bool (*write)(void *opaque, uint64_t off, unsigned size, uint64_t val);
};

struct bus_mmio {
	uint64_t base, size;
	const struct bus_mmio_ops *ops;  /* NULL: exits to the caller */
	void *opaque;
};

struct bus {
	struct bus_ram ram[BUS_MAX_RAM];
	int nram;
	struct bus_mmio mmio[BUS_MAX_MMIO];
	int nmmio;
	/* Bumped on every map change so harts drop cached translations. */
	uint64_t generation;
};

void bus_init(struct bus *bus);
int bus_add_ram(struct bus *bus, uint64_t base, uint64_t size, void *host, bool readonly);
int bus_remove_ram(struct bus *bus, uint64_t base);
/* Start (bitmap) or stop (NULL) dirty logging of the region at base. */
int bus_set_ram_dirty_log(struct bus *bus, uint64_t base, _Atomic uint64_t *bitmap);
int bus_add_mmio(struct bus *bus, uint64_t base, uint64_t size,
		 const struct bus_mmio_ops *ops, void *opaque);

/* RAM lookup: the region holding [pa, pa+len) entirely, or NULL. */
static inline const struct bus_ram *bus_find_ram(const struct bus *bus, uint64_t pa, uint64_t len)
{
	for (int i = 0; i < bus->nram; i++) {
		const struct bus_ram *r = &bus->ram[i];
		if (pa - r->base < r->size && len <= r->size - (pa - r->base))
			return r;
	}
	return NULL;
}

const struct bus_mmio *bus_find_mmio(const struct bus *bus, uint64_t pa);

#endif
