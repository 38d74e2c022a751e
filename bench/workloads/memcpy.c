/* memcpy: bulk memset and memcpy over two 8 MiB buffers (4096 pages of
 * 4 KiB) plus a misaligned copy that takes the byte path; sampled words
 * are checked and folded into the checksum. */
#include "rt.h"

#define BUF_SIZE  (8u << 20)
#define MIS_SIZE  (1u << 20)
#define SAMPLES   4096
#define ROUNDS    (SCALE)

_Static_assert(2 * BUF_SIZE <= RT_HEAP_SIZE, "both buffers fit the heap");

const char bench_name[] = "memcpy";
static uint8_t *src, *dst;

/* Checksum of SAMPLES words spread over the buffer. */
static uint64_t sample(const uint8_t *p, uint64_t seed)
{
	const uint64_t *w = (const uint64_t *)p;
	uint64_t sum = seed;
	for (uint32_t i = 0; i < SAMPLES; i++)
		sum = rt_mix(sum, w[(i * 4093u + (uint32_t)seed) % (BUF_SIZE / 8)]);
	return sum;
}

void bench_init(void)
{
	src = (uint8_t *)rt_heap();
	dst = src + BUF_SIZE;
	uint64_t seed = 3;
	for (uint32_t i = 0; i < BUF_SIZE / 8; i++)
		((uint64_t *)src)[i] = rt_rand(&seed);
}

uint64_t bench_run(void)
{
	uint64_t sum = 0;
	for (uint32_t r = 0; r < ROUNDS; r++) {
		memset(dst, (int)r + 1, BUF_SIZE);
		uint64_t want = (uint8_t)(r + 1) * 0x0101010101010101ULL;
		uint64_t got = ((uint64_t *)dst)[(r * 7919u) % (BUF_SIZE / 8)];
		if (got != want)
			rt_fail("memset", got, want);
		sum = rt_mix(sum, sample(dst, r));

		memcpy(dst, src, BUF_SIZE);
		uint64_t a = sample(dst, r), b = sample(src, r);
		if (a != b)
			rt_fail("memcpy", a, b);
		sum = rt_mix(sum, a);

		/* Misaligned source and destination: byte copies. */
		memcpy(dst + 5 + r % 8, src + 2, MIS_SIZE);
		sum = rt_mix(sum, sample(dst, r + 1));
		src[r * 4099u % BUF_SIZE] ^= (uint8_t)sum;  /* rounds differ */
	}
	return sum;
}
