// SPDX-License-Identifier: MIT
/* In-core ACLINT: MSWI + MTIMER in the SiFive CLINT layout (see aclint.h).
 * Accesses are 4 or 8 bytes, naturally aligned (the bus checks alignment);
 * other sizes fault.  Registers of absent harts and the reserved tail of
 * the region read as zero and ignore writes. */
#include "hw/riscv/aclint.h"

#include <string.h>

#define IRQ_MSIP 3  /* mip.MSIP (privileged spec 3.1.9) */

void aclint_init(struct aclint *a, struct hart *const *harts, unsigned nharts,
		 const struct rv_clock *clock,
		 void (*notify)(void *opaque, unsigned hart), void *opaque)
{
	memset(a, 0, sizeof(*a));
	a->harts = harts;
	a->nharts = nharts < ACLINT_MAX_HARTS ? nharts : ACLINT_MAX_HARTS;
	a->clock = clock;
	a->notify = notify;
	a->opaque = opaque;
}

static struct hart *aclint_hart(const struct aclint *a, uint64_t idx)
{
	if (idx >= a->nharts)
		return NULL;
	return __atomic_load_n(&a->harts[idx], __ATOMIC_ACQUIRE);
}

/* The 64-bit register (or pair of msip words) holding offset off & ~7. */
static uint64_t aclint_read64(struct aclint *a, uint64_t off)
{
	if (off < ACLINT_MTIMECMP_OFF) {
		uint64_t idx = off / 4, v = 0;
		for (unsigned i = 0; i < 2; i++)
			if (aclint_hart(a, idx + i))
				v |= (uint64_t)atomic_load(&a->msip[idx + i]) << (32 * i);
		return v;
	}
	if (off < ACLINT_MTIME_OFF) {
		struct hart *h = aclint_hart(a, (off - ACLINT_MTIMECMP_OFF) / 8);
		return h ? hart_get_mtimecmp(h) : 0;
	}
	if (off == ACLINT_MTIME_OFF)
		return rv_clock_now(a->clock);
	return 0;
}

static bool aclint_read(void *opaque, uint64_t off, unsigned size, uint64_t *val)
{
	struct aclint *a = opaque;
	if (size != 4 && size != 8)
		return false;
	uint64_t v = aclint_read64(a, off & ~7ULL);
	*val = size == 8 ? v : (uint32_t)(v >> (8 * (off & 4)));
	return true;
}

static void aclint_write_msip(struct aclint *a, uint64_t idx, uint32_t val)
{
	struct hart *h = aclint_hart(a, idx);
	if (!h)
		return;
	/* msip: bit 0 is the pending bit, the rest reads as zero (ACLINT 3.2).
	 * Harts write each other's msip concurrently (an IPI sender sets it
	 * while the target clears its own): drive the line from the register
	 * and re-check, so the last writer's value is what the hart sees and
	 * no IPI is lost. */
	atomic_store(&a->msip[idx], val & 1);
	for (;;) {
		uint8_t v = atomic_load(&a->msip[idx]);
		hart_set_irq(h, IRQ_MSIP, v);
		if (atomic_load(&a->msip[idx]) == v)
			break;
	}
	if (a->notify)
		a->notify(a->opaque, (unsigned)idx);
}

static bool aclint_write(void *opaque, uint64_t off, unsigned size, uint64_t val)
{
	struct aclint *a = opaque;
	if (size != 4 && size != 8)
		return false;
	if (off < ACLINT_MTIMECMP_OFF) {
		aclint_write_msip(a, off / 4, (uint32_t)val);
		if (size == 8)
			aclint_write_msip(a, off / 4 + 1, (uint32_t)(val >> 32));
		return true;
	}
	if (off < ACLINT_MTIME_OFF) {
		uint64_t idx = (off - ACLINT_MTIMECMP_OFF) / 8;
		struct hart *h = aclint_hart(a, idx);
		if (!h)
			return true;
		uint64_t cmp = val;
		if (size == 4) {
			unsigned sh = 8 * (off & 4);
			cmp = hart_get_mtimecmp(h);
			cmp = (cmp & ~(0xffffffffULL << sh)) | ((val & 0xffffffffULL) << sh);
		}
		hart_set_mtimecmp(h, cmp);
		if (a->notify)
			a->notify(a->opaque, (unsigned)idx);
		return true;
	}
	/* mtime is shared by all harts and follows the host clock: writes are
	 * ignored (a known simplification), as are writes to the reserved tail. */
	return true;
}

void aclint_save(const struct aclint *a, struct aclint_hart_state *st, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		struct hart *h = aclint_hart(a, i);
		st[i].msip = h ? atomic_load(&a->msip[i]) : 0;
		st[i].mtimecmp = h ? hart_get_mtimecmp(h) : 0;
	}
}

bool aclint_load(struct aclint *a, const struct aclint_hart_state *st, unsigned n)
{
	if (n > a->nharts)
		return false;
	for (unsigned i = 0; i < n; i++)
		if (st[i].msip > 1 || (!aclint_hart(a, i) && (st[i].msip || st[i].mtimecmp)))
			return false;
	for (unsigned i = 0; i < n; i++) {
		struct hart *h = aclint_hart(a, i);
		if (!h)
			continue;
		hart_set_mtimecmp(h, st[i].mtimecmp);
		aclint_write_msip(a, i, st[i].msip);   /* drives the line, notifies */
	}
	return true;
}

static const struct bus_mmio_ops aclint_ops = {
	.read = aclint_read,
	.write = aclint_write,
};

int aclint_attach(struct aclint *a, struct bus *bus, uint64_t base)
{
	return bus_add_mmio(bus, base, ACLINT_SIZE, &aclint_ops, a);
}

static bool sswi_read(void *opaque, uint64_t off, unsigned size, uint64_t *val)
{
	(void)opaque, (void)off;
	if (size != 4)
		return false;
	*val = 0;  /* setssip reads as zero */
	return true;
}

static bool sswi_write(void *opaque, uint64_t off, unsigned size, uint64_t val)
{
	struct aclint *a = opaque;
	if (size != 4)
		return false;
	struct hart *h = aclint_hart(a, off / 4);
	if (h && (val & 1)) {
		hart_raise_ssip(h);
		if (a->notify)
			a->notify(a->opaque, (unsigned)(off / 4));
	}
	return true;
}

static const struct bus_mmio_ops sswi_ops = {
	.read = sswi_read,
	.write = sswi_write,
};

int aclint_attach_sswi(struct aclint *a, struct bus *bus, uint64_t base)
{
	return bus_add_mmio(bus, base, ACLINT_SSWI_SIZE, &sswi_ops, a);
}
