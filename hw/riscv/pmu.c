// SPDX-License-Identifier: MIT
/* The programmable counters mhpmcounter3..31 and their mhpmevent
 * selectors with Sscofpmf's overflow bit and mode filters (privileged
 * spec, "Zihpm" and "Sscofpmf").  rvkvm's events: 1 counts cycles and 2
 * instructions retired; the hart retires one instruction per cycle, so
 * both count h->retired.  Any other selector is held (WARL: bits 55:0)
 * but counts nothing.
 *
 * Nothing happens per instruction: struct hart_pmu keeps each counter's
 * value as of a retired count, and pmu_sync() adds the instructions
 * retired since to the counters that count in the mode the hart was in
 * meanwhile.  Every change of mode goes through hart_update_ctx(), which
 * syncs, so that mode is the one of the last sync.  An overflow (a
 * counter wrapping past all ones) sets the counter's OF bit and, if OF
 * was clear, mip.LCOFIP; pmu.next is the retired count at which the next
 * one happens, which the run loop compares with h->retired before each
 * block (and it stops chaining blocks once it is near, so the interrupt
 * comes at most one block late). */
#include "hw/riscv/hart_internal.h"

/* The modes a counter can be inhibited in: M, S/HS, U, VS, VU. */
enum { PMU_M, PMU_HS, PMU_U, PMU_VS, PMU_VU, PMU_MODES };

static const uint64_t mode_inhibit[PMU_MODES] = {
	MHPMEVENT_MINH, MHPMEVENT_SINH, MHPMEVENT_UINH, MHPMEVENT_VSINH, MHPMEVENT_VUINH,
};

static unsigned pmu_mode(const struct hart *h)
{
	if (h->priv == PRV_M)
		return PMU_M;
	if (h->virt)
		return h->priv == PRV_S ? PMU_VS : PMU_VU;
	return h->priv == PRV_S ? PMU_HS : PMU_U;
}

static bool event_counts(uint64_t event)
{
	uint64_t sel = event & MHPMEVENT_SEL;
	return sel == HPM_EVENT_CYCLES || sel == HPM_EVENT_INSTRET;
}

/* The counters that count at all: an event rvkvm has, mcountinhibit clear. */
static uint32_t pmu_enabled(const struct hart *h)
{
	uint32_t m = 0;
	for (unsigned n = 3; n < 32; n++)
		if (!((h->mcountinhibit >> n) & 1) && event_counts(h->pmu.event[n]))
			m |= 1u << n;
	return m;
}

/* pmu.next: when the first counter of cur wraps (a counter at 0 needs
 * 2^64 instructions: never). */
static void pmu_plan(struct hart *h)
{
	struct hart_pmu *p = &h->pmu;
	uint64_t dist = UINT64_MAX;
	for (uint32_t m = p->cur; m; m &= m - 1) {
		unsigned n = (unsigned)__builtin_ctz(m);
		uint64_t left = -p->ctr[n];
		if (!left)
			continue;
		if (((p->hold >> n) & 1) && left != UINT64_MAX)
			left++;
		if (left < dist)
			dist = left;
	}
	p->next = dist > UINT64_MAX - p->last ? UINT64_MAX : p->last + dist;
}

/* Sscofpmf: an overflow with OF clear sets OF and requests LCOFI; with OF
 * set it does nothing more (the counter wraps either way). */
static void pmu_overflow(struct hart *h, unsigned n)
{
	if (h->pmu.event[n] & MHPMEVENT_OF)
		return;
	h->pmu.event[n] |= MHPMEVENT_OF;
	h->mip |= MIP_LCOFIP;
}

void pmu_sync_slow(struct hart *h)
{
	struct hart_pmu *p = &h->pmu;
	uint64_t d = h->retired - p->last;
	if (d) {
		for (uint32_t m = p->cur; m; m &= m - 1) {
			unsigned n = (unsigned)__builtin_ctz(m);
			uint64_t old = p->ctr[n];
			p->ctr[n] = old + d - ((p->hold >> n) & 1);
			if (p->ctr[n] < old)
				pmu_overflow(h, n);
		}
		p->hold = 0;   /* the writing instruction has retired */
		p->last = h->retired;
	}
	p->cur = p->mode_mask[pmu_mode(h)];
	pmu_plan(h);
}

void pmu_reset(struct hart *h)
{
	memset(&h->pmu, 0, sizeof(h->pmu));
	h->pmu.last = h->retired;
	h->pmu.next = UINT64_MAX;
}

uint32_t pmu_begin_change(struct hart *h)
{
	pmu_sync_slow(h);
	return pmu_enabled(h);
}

void pmu_end_change(struct hart *h, uint32_t was, bool insn)
{
	struct hart_pmu *p = &h->pmu;
	uint32_t en = pmu_enabled(h);
	p->any = 0;
	for (unsigned mode = 0; mode < PMU_MODES; mode++) {
		uint32_t mm = 0;
		for (uint32_t m = en; m; m &= m - 1) {
			unsigned n = (unsigned)__builtin_ctz(m);
			if (!(p->event[n] & mode_inhibit[mode]))
				mm |= 1u << n;
		}
		p->mode_mask[mode] = mm;
		p->any |= mm;
	}
	if (insn)
		p->hold |= en & ~was;  /* started by this instruction: it does not count */
	p->cur = p->mode_mask[pmu_mode(h)];
	pmu_plan(h);
}

uint64_t pmu_read_counter(struct hart *h, unsigned n)
{
	pmu_sync(h);
	return h->pmu.ctr[n];
}

/* A write never overflows (Sscofpmf): it replaces what the counter had
 * counted up to now. */
void pmu_write_counter(struct hart *h, unsigned n, uint64_t v, bool insn)
{
	pmu_sync(h);
	h->pmu.ctr[n] = v;
	if (insn)
		h->pmu.hold |= 1u << n;
	pmu_plan(h);
}

void pmu_write_event(struct hart *h, unsigned n, uint64_t v, bool insn)
{
	uint32_t was = pmu_begin_change(h);
	h->pmu.event[n] = v & MHPMEVENT_WMASK;
	pmu_end_change(h, was, insn);
}

uint64_t pmu_overflow_bits(struct hart *h)
{
	pmu_sync(h);
	uint64_t v = 0;
	for (unsigned n = 3; n < 32; n++)
		v |= (h->pmu.event[n] >> 63) << n;
	return v;
}
