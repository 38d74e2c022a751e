/* ptrchase: walk a linked list whose 64-byte nodes are randomly permuted
 * over 32 MiB (8192 pages of 4 KiB), so nearly every step lands on another
 * page and the TLB, not the arithmetic, sets the pace.  Sattolo's shuffle
 * makes the permutation one cycle through all the nodes. */
#include "rt.h"

#define REGION  (32u << 20)
#define NODES   (REGION / sizeof(struct node))
#define STEPS   (64u * 1024 * SCALE)

const char bench_name[] = "ptrchase";

struct node {
	struct node *next;
	uint64_t val;
	uint64_t pad[6];
};

_Static_assert(sizeof(struct node) == 64, "a node per cache line");
_Static_assert(REGION + NODES * sizeof(uint32_t) <= RT_HEAP_SIZE, "nodes and order[] fit the heap");

static struct node *nodes;

void bench_init(void)
{
	nodes = (struct node *)rt_heap();
	uint32_t *order = (uint32_t *)(rt_heap() + REGION);
	uint64_t seed = 11;

	for (uint32_t i = 0; i < NODES; i++)
		order[i] = i;
	for (uint32_t i = NODES - 1; i > 0; i--) {   /* Sattolo: j < i */
		uint32_t j = (uint32_t)(rt_rand(&seed) % i);
		uint32_t t = order[i];
		order[i] = order[j];
		order[j] = t;
	}
	for (uint32_t i = 0; i < NODES; i++) {
		nodes[order[i]].next = &nodes[order[(i + 1) % NODES]];
		nodes[order[i]].val = rt_rand(&seed);
	}
}

uint64_t bench_run(void)
{
	const struct node *p = &nodes[0];
	uint64_t sum = 0;
	for (uint32_t s = 0; s < STEPS; s++) {
		sum += p->val ^ s;
		p = p->next;
	}
	return rt_mix(sum, (uint64_t)(p - nodes));
}
