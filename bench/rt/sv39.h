/* Sv39 page tables for bench/rt (RISC-V privileged spec, "Sv39: Page-Based
 * 39-bit Virtual-Memory System").  M-mode builds them before paging is on,
 * so table pages are addressed physically. */
#ifndef BENCH_SV39_H
#define BENCH_SV39_H

#include <stdint.h>

#define PTE_V (1ULL << 0)
#define PTE_R (1ULL << 1)
#define PTE_W (1ULL << 2)
#define PTE_X (1ULL << 3)
#define PTE_A (1ULL << 6)
#define PTE_D (1ULL << 7)

#define SATP_MODE_SV39 (8ULL << 60)

struct sv39 {
	uint64_t *root;
	uint64_t next;   /* next free table page (physical) */
	uint64_t limit;  /* end of the table area */
};

/* Tables come from [base, limit); returns 0, or -1 if the area is too small. */
int sv39_init(struct sv39 *pt, uint64_t base, uint64_t limit);
/* Map [va, va + len) to [pa, pa + len) with 4 KiB leaves and flags. */
int sv39_map(struct sv39 *pt, uint64_t va, uint64_t pa, uint64_t len, uint64_t flags);
uint64_t sv39_satp(const struct sv39 *pt);

#endif
