/* hash: FNV-1a (a byte at a time) and an xxHash64-style four-lane hash
 * (64-bit multiplies and rotates) over a PRNG-filled buffer, re-seeded
 * each round. */
#include "rt.h"

#define BUF_SIZE (256u << 10)
#define ROUNDS   (64 * SCALE)

const char bench_name[] = "hash";
static uint8_t *buf;

#define P1 0x9e3779b185ebca87ULL
#define P2 0xc2b2ae3d27d4eb4fULL
#define P3 0x165667b19e3779f9ULL
#define P4 0x85ebca77c2b2ae63ULL

static inline uint64_t rotl(uint64_t x, unsigned r)
{
	return (x << r) | (x >> (64 - r));
}

static uint64_t fnv1a(const uint8_t *p, size_t n, uint64_t h)
{
	for (size_t i = 0; i < n; i++) {
		h ^= p[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

static inline uint64_t lane(uint64_t acc, uint64_t w)
{
	acc += w * P2;
	acc = rotl(acc, 31);
	return acc * P1;
}

/* n: a multiple of 32 bytes. */
static uint64_t xxlike(const uint8_t *p, size_t n, uint64_t seed)
{
	const uint64_t *w = (const uint64_t *)p;
	uint64_t a = seed + P1 + P2, b = seed + P2, c = seed, d = seed - P1;
	for (size_t i = 0; i + 4 <= n / 8; i += 4) {
		a = lane(a, w[i]);
		b = lane(b, w[i + 1]);
		c = lane(c, w[i + 2]);
		d = lane(d, w[i + 3]);
	}
	uint64_t h = rotl(a, 1) + rotl(b, 7) + rotl(c, 12) + rotl(d, 18);
	h = (h ^ lane(0, a)) * P1 + P4;
	h = (h ^ lane(0, b)) * P1 + P4;
	h = (h ^ lane(0, c)) * P1 + P4;
	h = (h ^ lane(0, d)) * P1 + P4;
	h += n;
	h ^= h >> 33;
	h *= P2;
	h ^= h >> 29;
	h *= P3;
	return h ^ (h >> 32);
}

void bench_init(void)
{
	uint64_t seed = 42;
	buf = (uint8_t *)rt_heap();
	for (uint32_t i = 0; i < BUF_SIZE / 8; i++)
		((uint64_t *)buf)[i] = rt_rand(&seed);
	/* FNV-1a 64 test vector: "a" -> af63dc4c8601ec8c. */
	uint64_t v = fnv1a((const uint8_t *)"a", 1, 0xcbf29ce484222325ULL);
	if (v != 0xaf63dc4c8601ec8cULL)
		rt_fail("fnv1a(\"a\")", v, 0xaf63dc4c8601ec8cULL);
}

uint64_t bench_run(void)
{
	uint64_t sum = 0;
	for (uint32_t r = 0; r < ROUNDS; r++) {
		sum = rt_mix(sum, fnv1a(buf, BUF_SIZE, 0xcbf29ce484222325ULL ^ r));
		sum = rt_mix(sum, xxlike(buf, BUF_SIZE, r));
		buf[r % BUF_SIZE] ^= (uint8_t)sum;   /* rounds differ */
	}
	return sum;
}
