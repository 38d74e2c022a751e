// SPDX-License-Identifier: MIT
/* The decoded-code cache keeps what it decoded (hart.c block_get, mmu.c
 * code_written):
 *   1. two blocks whose addresses share a bcache slot, run alternately,
 *      are decoded once each (the slot's chain), not at every switch;
 *   2. the set of code pages survives removals (backward-shift deletion:
 *      every key left is still found);
 *   3. a store to a page holding code drops no decoded block that did not
 *      change, takes the page out of the set, and the page comes back when
 *      a block there runs again. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hw/riscv/hart_internal.h"

#define RAM      0x80000000ULL
#define RAM_SIZE (1u << 20)

static uint8_t ram[RAM_SIZE] __attribute__((aligned(4096)));

enum { A0 = 10, A1 = 11, T1 = 6, S1 = 9 };

static uint32_t addi(unsigned rd, unsigned rs1, int imm)
{
	return ((uint32_t)(imm & 0xfff) << 20) | rs1 << 15 | rd << 7 | 0x13;
}
static uint32_t jal(unsigned rd, int32_t off)
{
	uint32_t o = (uint32_t)off;
	return ((o >> 20) & 1) << 31 | ((o >> 1) & 0x3ff) << 21 | ((o >> 11) & 1) << 20 |
	       ((o >> 12) & 0xff) << 12 | rd << 7 | 0x6f;
}
static uint32_t branch(unsigned f3, unsigned rs1, unsigned rs2, int32_t off)
{
	uint32_t o = (uint32_t)off;
	return ((o >> 12) & 1) << 31 | ((o >> 5) & 0x3f) << 25 | rs2 << 20 | rs1 << 15 | f3 << 12 |
	       ((o >> 1) & 0xf) << 8 | ((o >> 11) & 1) << 7 | 0x63;
}
static uint32_t sd(unsigned rs2, unsigned rs1, int imm)
{
	return ((uint32_t)(imm >> 5) & 0x7f) << 25 | rs2 << 20 | rs1 << 15 | 3 << 12 |
	       ((uint32_t)imm & 0x1f) << 7 | 0x23;
}

/* Writes insns at RAM offset off; returns the offset after them. */
static uint32_t put(uint32_t off, const uint32_t *insns, unsigned n)
{
	memcpy(ram + off, insns, n * 4);
	return off + n * 4;
}

static struct hart *new_hart(struct bus *bus, struct rv_clock *clk)
{
	bus_init(bus);
	bus_add_ram(bus, RAM, RAM_SIZE, ram, false);
	rv_clock_init(clk);
	struct hart_config cfg = { .hartid = 0, .bus = bus, .clock = clk, .reset_pc = RAM };
	return hart_create(&cfg);
}

/* Runs until pc reaches stop (false if it does not within a bound). */
static bool run_to(struct hart *h, uint64_t stop)
{
	for (int i = 0; i < 100000 && hart_get_pc(h) != stop; i++)
		hart_run(h, 1000);
	return hart_get_pc(h) == stop;
}

static int colliding_blocks(void)
{
	/* Two offsets in different pages whose blocks share a slot. */
	uint32_t o1 = 0x1000, o2 = 0;
	for (uint32_t o = 0x2000; o < RAM_SIZE - 0x1000 && !o2; o += 4)
		if (bcache_index(RAM + o) == bcache_index(RAM + o1))
			o2 = o;
	if (!o2) {
		printf("FAIL: no two offsets share a bcache slot\n");
		return 1;
	}
	enum { N = 5000 };
	memset(ram, 0, sizeof(ram));
	/* o1: a0 += 1; jump to o2.  o2: done when a0 == a1 (= N), else back. */
	const uint32_t start[] = { addi(A0, 0, 0), jal(0, (int32_t)o1 - 4) };
	put(0, start, 2);
	const uint32_t b1[] = { addi(A0, A0, 1), jal(0, (int32_t)(o2 - o1 - 4)) };
	put(o1, b1, 2);
	const uint32_t b2[] = { branch(0, A0, A1, 8), jal(0, (int32_t)o1 - (int32_t)(o2 + 4)), jal(0, 0) };
	put(o2, b2, 3);
	struct bus bus;
	struct rv_clock clk;
	struct hart *h = new_hart(&bus, &clk);
	if (!h)
		return 1;
	h->x[A1] = N;
	if (!run_to(h, RAM + o2 + 8)) {
		printf("FAIL: the colliding loop did not finish (pc %#llx)\n", (unsigned long long)hart_get_pc(h));
		return 1;
	}
	int rc = 0;
	if (h->x[A0] != N) {
		printf("FAIL: a0 = %llu after the loop, not %u\n", (unsigned long long)h->x[A0], N);
		rc = 1;
	}
	/* A few blocks' worth, not one per switch (N of them would be ~1 MiB). */
	if (h->arena_used > 4096) {
		printf("FAIL: %zu bytes of decoded blocks for 4 blocks: colliding blocks decoded again\n",
		       h->arena_used);
		rc = 1;
	}
	hart_destroy(h);
	return rc;
}

static int codepage_set(void)
{
	struct bus bus;
	struct rv_clock clk;
	memset(ram, 0, sizeof(ram));
	struct hart *h = new_hart(&bus, &clk);
	if (!h)
		return 1;
	/* 1500 pages in a 4096-slot set (probe runs form), half removed. */
	enum { K = 1500 };
	static uint64_t pages[K];
	uint64_t x = 12345;
	for (unsigned i = 0; i < K; i++) {
		x = x * 6364136223846793005ULL + 1442695040888963407ULL;
		pages[i] = (x >> 20) & ~(uint64_t)(PAGE_SIZE - 1) & ((1ULL << 44) - 1);
		codepage_add(h, pages[i]);
	}
	for (unsigned i = 0; i < K; i += 2)
		codepage_remove(h, pages[i]);
	int rc = 0;
	for (unsigned i = 0; i < K; i++) {
		bool want = i & 1;
		for (unsigned j = 0; j < i && want; j++)  /* a removed duplicate */
			if (!(j & 1) && pages[j] == pages[i])
				want = false;
		if (codepage_test(h, pages[i]) != want) {
			printf("FAIL: page %#llx is %s the set after removals\n", (unsigned long long)pages[i],
			       want ? "missing from" : "still in");
			rc = 1;
			break;
		}
	}
	hart_destroy(h);
	return rc;
}

static int store_to_code_page(void)
{
	memset(ram, 0, sizeof(ram));
	/* Page 2 holds a block and, after it, the data word the loop on page
	 * 0 stores to N times.  Each phase ends in a `j .` to stop at. */
	enum { N = 3000 };
	const uint32_t o_blk = 0x2000, o_data = 0x2800;
	const uint32_t prog[] = {
		/* 0 */ addi(A0, 0, 0), jal(1, (int32_t)o_blk - 4), jal(0, 0),
		/* 12: the loop, s1 = the data word */
		sd(A0, S1, 0), addi(A0, A0, 1), branch(1, A0, A1, -8), jal(0, 0),
		/* 28: the page-2 block again */
		jal(1, (int32_t)o_blk - 28), jal(0, 0),
	};
	put(0, prog, 9);
	const uint32_t blk[] = { addi(T1, T1, 1), 0x00008067 /* ret */ };
	put(o_blk, blk, 2);
	struct bus bus;
	struct rv_clock clk;
	struct hart *h = new_hart(&bus, &clk);
	if (!h)
		return 1;
	h->x[A1] = N;
	h->x[S1] = RAM + o_data;
	int rc = 0;
	if (!run_to(h, RAM + 8)) {
		printf("FAIL: did not return from the page-2 block\n");
		return 1;
	}
	if (!codepage_test(h, RAM + o_blk)) {
		printf("FAIL: page 2 is not in the code-page set after its block ran\n");
		rc = 1;
	}
	h->pc = RAM + 12;
	if (!run_to(h, RAM + 24)) {
		printf("FAIL: the store loop did not finish\n");
		return 1;
	}
	size_t used = h->arena_used;
	if (codepage_test(h, RAM + o_blk)) {
		printf("FAIL: page 2 is still in the code-page set after stores to it\n");
		rc = 1;
	}
	uint64_t data;
	memcpy(&data, ram + o_data, 8);
	if (data != N - 1) {
		printf("FAIL: the data word is %llu, not %u\n", (unsigned long long)data, N - 1);
		rc = 1;
	}
	/* The page-2 block runs again: found current, not decoded again, and
	 * its page is back in the set.  New: the call's block and the stop's. */
	h->pc = RAM + 28;
	if (!run_to(h, RAM + 32)) {
		printf("FAIL: the second call did not return\n");
		return 1;
	}
	size_t one = (sizeof(struct block) + 2 * sizeof(struct insn) + 15) & ~(size_t)15;
	if (h->arena_used > used + 2 * one) {
		printf("FAIL: the unchanged page-2 block was decoded again (%zu -> %zu bytes)\n", used,
		       h->arena_used);
		rc = 1;
	}
	if (!codepage_test(h, RAM + o_blk)) {
		printf("FAIL: page 2 did not come back into the set when its block ran\n");
		rc = 1;
	}
	if (h->x[T1] != 2) {
		printf("FAIL: the page-2 block ran %llu times, not 2\n", (unsigned long long)h->x[T1]);
		rc = 1;
	}
	hart_destroy(h);
	return rc;
}

int main(void)
{
	int rc = colliding_blocks();
	rc |= codepage_set();
	rc |= store_to_code_page();
	return rc;
}
