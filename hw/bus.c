// SPDX-License-Identifier: MIT
#include "hw/bus.h"

#include <errno.h>
#include <string.h>

void bus_init(struct bus *bus)
{
	memset(bus, 0, sizeof(*bus));
}

static bool overlaps(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
	return a < b + blen && b < a + alen;
}

static bool range_free(const struct bus *bus, uint64_t base, uint64_t size)
{
	for (int i = 0; i < bus->nram; i++)
		if (overlaps(base, size, bus->ram[i].base, bus->ram[i].size))
			return false;
	for (int i = 0; i < bus->nmmio; i++)
		if (overlaps(base, size, bus->mmio[i].base, bus->mmio[i].size))
			return false;
	return true;
}

int bus_add_ram(struct bus *bus, uint64_t base, uint64_t size, void *host, bool readonly)
{
	if (!size || (base | size) & 0xfff || base + size < base || !host)
		return -EINVAL;
	if (bus->nram == BUS_MAX_RAM)
		return -ENOSPC;
	if (!range_free(bus, base, size))
		return -EEXIST;
	bus->ram[bus->nram++] = (struct bus_ram){ base, size, host, readonly, NULL };
	bus->generation++;
	return 0;
}

int bus_remove_ram(struct bus *bus, uint64_t base)
{
	for (int i = 0; i < bus->nram; i++) {
		if (bus->ram[i].base == base) {
			bus->ram[i] = bus->ram[--bus->nram];
			bus->generation++;
			return 0;
		}
	}
	return -ENOENT;
}

int bus_set_ram_dirty_log(struct bus *bus, uint64_t base, _Atomic uint64_t *bitmap)
{
	for (int i = 0; i < bus->nram; i++) {
		if (bus->ram[i].base == base) {
			bus->ram[i].dirty = bitmap;
			bus->generation++;  /* cached write translations must go */
			return 0;
		}
	}
	return -ENOENT;
}

int bus_add_mmio(struct bus *bus, uint64_t base, uint64_t size,
		 const struct bus_mmio_ops *ops, void *opaque)
{
	if (!size || base + size < base)
		return -EINVAL;
	if (bus->nmmio == BUS_MAX_MMIO)
		return -ENOSPC;
	if (!range_free(bus, base, size))
		return -EEXIST;
	bus->mmio[bus->nmmio++] = (struct bus_mmio){ base, size, ops, opaque };
	bus->generation++;
	return 0;
}

const struct bus_mmio *bus_find_mmio(const struct bus *bus, uint64_t pa)
{
	for (int i = 0; i < bus->nmmio; i++)
		if (pa - bus->mmio[i].base < bus->mmio[i].size)
			return &bus->mmio[i];
	return NULL;
}
