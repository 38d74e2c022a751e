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

/* Permissions for [pa, pa+size): those of the lowest-numbered entry that
 * matches any byte, which must match all of them (3.7.1.3); -1 for a
 * partial match.  No match: M may access, S and U may not. */
static int pmp_range_perms(const struct hart *h, uint64_t pa, uint64_t size, unsigned priv)
{
	uint64_t end = pa + size;
	for (unsigned k = 0; k < h->pmp_n; k++) {
		if (end <= h->pmp_lo[k] || pa >= h->pmp_hi[k])
			continue;
		if (pa < h->pmp_lo[k] || end > h->pmp_hi[k])
			return -1;
		return entry_perms(h, h->pmp_idx[k], priv);
	}
	return priv == PRV_M ? 7 : 0;
}

bool pmp_check(struct hart *h, uint64_t pa, unsigned size, enum access_type t, unsigned priv)
{
	static const int need[] = { [ACC_READ] = PMP_R, [ACC_WRITE] = PMP_W, [ACC_FETCH] = PMP_X };
	int p = pmp_range_perms(h, pa, size, priv);
	return p > 0 && (p & need[t]);
}

int pmp_page_perms(struct hart *h, uint64_t pa_page, unsigned priv)
{
	return pmp_range_perms(h, pa_page, PAGE_SIZE, priv);
}

static void pmp_changed(struct hart *h)
{
	h->pmp_n = 0;
	for (unsigned i = 0; i < NUM_PMP; i++) {
		uint64_t lo, hi;
		if (pmp_region(h, i, &lo, &hi)) {
			h->pmp_lo[h->pmp_n] = lo;
			h->pmp_hi[h->pmp_n] = hi;
			h->pmp_idx[h->pmp_n++] = i;
		}
	}
	h->pmp_active = h->pmp_n > 0;
	tlb_flush_all(h);
}

/* reg is the pmpcfg CSR index; on RV64 only even ones exist, pmpcfg0 and
 * pmpcfg2 hold the 16 implemented entries and the rest read as zero. */
uint64_t pmp_read_cfg(const struct hart *h, unsigned reg)
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

/* A restore (hart_state.c): the registers as saved, lock bits or not (a
 * locked entry is restored locked).  False, changing nothing, for a value
 * a write could not have left: reserved bits, or R=0 W=1. */
bool pmp_load_cfg(struct hart *h, unsigned reg, uint64_t val)
{
	if (reg != 0 && reg != 2)
		return false;
	for (unsigned b = 0; b < 8; b++) {
		uint8_t c = (uint8_t)(val >> (8 * b));
		if ((c & ~(PMP_L | PMP_A | PMP_X | PMP_W | PMP_R)) || ((c & PMP_W) && !(c & PMP_R)))
			return false;
	}
	for (unsigned b = 0; b < 8; b++)
		h->pmpcfg[reg * 4 + b] = (uint8_t)(val >> (8 * b));
	pmp_changed(h);
	return true;
}

bool pmp_load_addr(struct hart *h, unsigned idx, uint64_t val)
{
	if (idx >= NUM_PMP || (val & ~PMPADDR_MASK))
		return false;
	h->pmpaddr[idx] = val;
	pmp_changed(h);
	return true;
}
