// SPDX-License-Identifier: MIT
/* The JIT's code buffer is W^X (jit_x86_64.c jit_init): after a hot loop
 * was compiled and ran,
 *   1. the loop computed the right sum, and its block has compiled code;
 *   2. no mapping of the process is writable and executable at once;
 *   3. the block's entry lies in a read-execute mapping, the JIT writes
 *      through a read-write one, and both show the same bytes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hw/riscv/hart_internal.h"

#define RAM      0x80000000ULL
#define RAM_SIZE (1u << 20)

static uint8_t ram[RAM_SIZE] __attribute__((aligned(4096)));

enum { A0 = 10, A1 = 11 };

static uint32_t addi(unsigned rd, unsigned rs1, int imm)
{
	return ((uint32_t)(imm & 0xfff) << 20) | rs1 << 15 | rd << 7 | 0x13;
}
static uint32_t add(unsigned rd, unsigned rs1, unsigned rs2)
{
	return rs2 << 20 | rs1 << 15 | rd << 7 | 0x33;
}
static uint32_t bne(unsigned rs1, unsigned rs2, int32_t off)
{
	uint32_t o = (uint32_t)off;
	return ((o >> 12) & 1) << 31 | ((o >> 5) & 0x3f) << 25 | rs2 << 20 | rs1 << 15 | 1 << 12 |
	       ((o >> 1) & 0xf) << 8 | ((o >> 11) & 1) << 7 | 0x63;
}

/* The permissions ("rwxp") of the mapping holding addr, or of every
 * mapping when addr is 0: returns false if one is both w and x. */
static bool maps_check(uintptr_t addr, char perms[5])
{
	FILE *f = fopen("/proc/self/maps", "r");
	if (!f)
		return false;
	char line[512];
	bool ok = true;
	while (fgets(line, sizeof(line), f)) {
		unsigned long lo, hi;
		char p[5];
		if (sscanf(line, "%lx-%lx %4s", &lo, &hi, p) != 3)
			continue;
		if (p[1] == 'w' && p[2] == 'x') {
			printf("FAIL: a writable and executable mapping: %s", line);
			ok = false;
		}
		if (addr && addr >= lo && addr < hi)
			memcpy(perms, p, 5);
	}
	fclose(f);
	return ok;
}

int main(void)
{
	struct bus bus;
	struct rv_clock clk;
	bus_init(&bus);
	bus_add_ram(&bus, RAM, RAM_SIZE, ram, false);
	rv_clock_init(&clk);
	struct hart_config cfg = { .hartid = 0, .bus = &bus, .clock = &clk, .reset_pc = RAM };
	struct hart *h = hart_create(&cfg);
	if (!h->jit_buf) {
		printf("FAIL: no JIT code buffer (memfd_create or mmap refused)\n");
		return 1;
	}
	/* a0 = 0; a1 = N; loop: a0 += a1; a1 -= 1; bne a1, x0, loop; stop: j stop */
	enum { N = 1000 };
	const uint32_t prog[] = { addi(A0, 0, 0), addi(A1, 0, N), add(A0, A0, A1), addi(A1, A1, -1),
				  bne(A1, 0, -8), 0x6f /* jal x0, 0 */ };
	memcpy(ram, prog, sizeof(prog));
	const uint64_t stop = RAM + sizeof(prog) - 4;
	for (int i = 0; i < 100000 && hart_get_pc(h) != stop; i++)
		hart_run(h, 100);
	if (hart_get_pc(h) != stop || h->x[A0] != (uint64_t)N * (N + 1) / 2) {
		printf("FAIL: pc %#llx a0 %llu after the loop\n", (unsigned long long)hart_get_pc(h),
		       (unsigned long long)h->x[A0]);
		return 1;
	}
	const struct block *b = NULL;
	for (unsigned i = 0; i < BCACHE_SIZE && !b; i++)
		for (const struct block *c = h->bcache[i]; c && !b; c = c->hnext)
			if (c->jit)
				b = c;
	if (!b) {
		printf("FAIL: the loop was not compiled\n");
		return 1;
	}
	char xp[5] = "", wp[5] = "";
	uintptr_t entry = (uintptr_t)(void *)b->jit;
	if (!maps_check(entry, xp) || !maps_check((uintptr_t)h->jit_buf, wp))
		return 1;
	if (strncmp(xp, "r-x", 3) || strncmp(wp, "rw-", 3)) {
		printf("FAIL: code runs from a %s mapping and is written through a %s one\n", xp, wp);
		return 1;
	}
	size_t off = (size_t)(entry - (uintptr_t)h->jit_xbuf);
	if (off >= h->jit_used || memcmp(h->jit_buf + off, (const void *)entry, 16)) {
		printf("FAIL: the two views of the code buffer differ\n");
		return 1;
	}
	hart_destroy(h);
	printf("PASS: compiled code runs from r-x, written through rw-, no rwx mapping\n");
	return 0;
}
