/* Sv39 table builder (see sv39.h).  Leaves are set up with A and D already
 * set, so no access raises a fault just to update them (privileged spec,
 * "Virtual Address Translation Process", step 7). */
#include "rt.h"
#include "sv39.h"

#define PAGE 4096ULL

static uint64_t *table_alloc(struct sv39 *pt)
{
	if (pt->next + PAGE > pt->limit)
		return 0;
	uint64_t *t = (uint64_t *)pt->next;
	pt->next += PAGE;
	memset(t, 0, PAGE);
	return t;
}

int sv39_init(struct sv39 *pt, uint64_t base, uint64_t limit)
{
	pt->next = (base + PAGE - 1) & ~(PAGE - 1);
	pt->limit = limit;
	pt->root = table_alloc(pt);
	return pt->root ? 0 : -1;
}

/* The level-0 PTE for va, creating intermediate tables as needed. */
static uint64_t *leaf_slot(struct sv39 *pt, uint64_t va)
{
	uint64_t *t = pt->root;
	for (int level = 2; level > 0; level--) {
		uint64_t *pte = &t[(va >> (12 + 9 * level)) & 511];
		if (!(*pte & PTE_V)) {
			uint64_t *n = table_alloc(pt);
			if (!n)
				return 0;
			*pte = (((uint64_t)n >> 12) << 10) | PTE_V;
		}
		t = (uint64_t *)((*pte >> 10) << 12);
	}
	return &t[(va >> 12) & 511];
}

int sv39_map(struct sv39 *pt, uint64_t va, uint64_t pa, uint64_t len, uint64_t flags)
{
	for (uint64_t off = 0; off < len; off += PAGE) {
		uint64_t *pte = leaf_slot(pt, va + off);
		if (!pte)
			return -1;
		*pte = (((pa + off) >> 12) << 10) | flags | PTE_A | PTE_D | PTE_V;
	}
	return 0;
}

uint64_t sv39_satp(const struct sv39 *pt)
{
	return SATP_MODE_SV39 | ((uint64_t)pt->root >> 12);
}
