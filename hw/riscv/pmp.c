// SPDX-License-Identifier: MIT
/* Physical memory protection (privileged spec 3.7): 16 entries, granularity
 * 4 bytes, TOR/NA4/NAPOT, lock bits. */
#include "hw/riscv/hart_internal.h"

#define PMP_R 0x01
#define PMP_W 0x02
#define PMP_X 0x04
#define PMP_A_SHIFT 3
#define PMP_A (3u << 3)
#define PMP_L 0x80
enum { PMP_OFF, PMP_TOR, PMP_NA4, PMP_NAPOT };

#define PMPADDR_MASK ((1ULL << 54) - 1)  /* pmpaddr holds bits 55:2 */

/* Region of entry i as [lo, hi); false if the entry is off or empty. */
static bool pmp_region(const struct hart *h, unsigned i, uint64_t *lo, uint64_t *hi)
{
	uint64_t a = h->pmpaddr[i];
	switch ((h->pmpcfg[i] & PMP_A) >> PMP_A_SHIFT) {
	case PMP_TOR:
		*lo = i ? h->pmpaddr[i - 1] << 2 : 0;
		*hi = a << 2;
		return *lo < *hi;
	case PMP_NA4:
		*lo = a << 2;
		*hi = *lo + 4;
		return true;
	case PMP_NAPOT: {
		unsigned k = __builtin_ctzll(~a);  /* trailing ones */
		if (k >= 54) {
			*lo = 0;
			*hi = 1ULL << 56;
		} else {
			*lo = (a & ~((1ULL << k) - 1)) << 2;
			*hi = *lo + (1ULL << (k + 3));
		}
		return true;
	}
	}
	return false;
}

static int entry_perms(const struct hart *h, unsigned i, unsigned priv)
{
	uint8_t c = h->pmpcfg[i];
	if (priv == PRV_M && !(c & PMP_L))
		return 7;
	return c & 7;
}

bool pmp_check(struct hart *h, uint64_t pa, unsigned size, enum access_type t, unsigned priv)
{
	static const int need[] = { [ACC_READ] = PMP_R, [ACC_WRITE] = PMP_W, [ACC_FETCH] = PMP_X };
	uint64_t end = pa + size;
	for (unsigned i = 0; i < NUM_PMP; i++) {
		uint64_t lo, hi;
		if (!pmp_region(h, i, &lo, &hi) || end <= lo || pa >= hi)
			continue;
		/* The lowest-numbered entry matching any byte decides; it must
		 * match all of them. */
		if (pa < lo || end > hi)
			return false;
		return entry_perms(h, i, priv) & need[t];
	}
	return priv == PRV_M;
}

int pmp_page_perms(struct hart *h, uint64_t pa_page, unsigned priv)
{
	uint64_t end = pa_page + PAGE_SIZE;
	for (unsigned i = 0; i < NUM_PMP; i++) {
		uint64_t lo, hi;
		if (!pmp_region(h, i, &lo, &hi) || end <= lo || pa_page >= hi)
			continue;
		if (pa_page < lo || end > hi)
			return -1;
		return entry_perms(h, i, priv);
	}
	return priv == PRV_M ? 7 : 0;
}

static void pmp_changed(struct hart *h)
{
	h->pmp_active = false;
	for (unsigned i = 0; i < NUM_PMP; i++)
		if (h->pmpcfg[i] & PMP_A)
			h->pmp_active = true;
	tlb_flush_all(h);
}

/* reg is the pmpcfg CSR index; on RV64 only even ones exist, pmpcfg0 and
 * pmpcfg2 hold the 16 implemented entries and the rest read as zero. */
uint64_t pmp_read_cfg(struct hart *h, unsigned reg)
{
	uint64_t v = 0;
	if (reg > 2)
		return 0;
	for (unsigned b = 0; b < 8; b++)
		v |= (uint64_t)h->pmpcfg[reg * 4 + b] << (8 * b);
	return v;
}

void pmp_write_cfg(struct hart *h, unsigned reg, uint64_t val)
{
	if (reg > 2)
		return;
	for (unsigned b = 0; b < 8; b++) {
		unsigned i = reg * 4 + b;
		uint8_t c = (val >> (8 * b)) & (PMP_L | PMP_A | PMP_X | PMP_W | PMP_R);
		if (h->pmpcfg[i] & PMP_L)
			continue;
		if ((c & PMP_W) && !(c & PMP_R))
			c &= ~PMP_W;  /* R=0 W=1 is reserved (WARL) */
		h->pmpcfg[i] = c;
	}
	pmp_changed(h);
}

void pmp_write_addr(struct hart *h, unsigned idx, uint64_t val)
{
	if (idx >= NUM_PMP || (h->pmpcfg[idx] & PMP_L))
		return;
	/* A locked TOR entry also locks the address below it. */
	if (idx + 1 < NUM_PMP && (h->pmpcfg[idx + 1] & PMP_L) &&
	    ((h->pmpcfg[idx + 1] & PMP_A) >> PMP_A_SHIFT) == PMP_TOR)
		return;
	h->pmpaddr[idx] = val & PMPADDR_MASK;
	pmp_changed(h);
}
