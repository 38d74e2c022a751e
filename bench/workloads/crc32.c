/* crc32: CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320) computed
 * with a 256-entry table over a buffer and bit by bit over a slice of it;
 * the two must agree on the slice. */
#include "rt.h"

#define BUF_SIZE   (64u << 10)
#define SLICE_SIZE (8u << 10)
#define ROUNDS     (40 * SCALE)
#define POLY       0xedb88320u

const char bench_name[] = "crc32";
static uint8_t *buf;
static uint32_t table[256];

static uint32_t crc_bitwise(uint32_t crc, const uint8_t *p, size_t n)
{
	crc = ~crc;
	for (size_t i = 0; i < n; i++) {
		crc ^= p[i];
		for (int k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (POLY & -(crc & 1));
	}
	return ~crc;
}

static uint32_t crc_table(uint32_t crc, const uint8_t *p, size_t n)
{
	crc = ~crc;
	for (size_t i = 0; i < n; i++)
		crc = table[(crc ^ p[i]) & 0xff] ^ (crc >> 8);
	return ~crc;
}

void bench_init(void)
{
	for (uint32_t i = 0; i < 256; i++) {
		uint32_t c = i;
		for (int k = 0; k < 8; k++)
			c = (c >> 1) ^ (POLY & -(c & 1));
		table[i] = c;
	}
	uint32_t v = crc_table(0, (const uint8_t *)"123456789", 9);
	if (v != 0xcbf43926u)
		rt_fail("crc32(\"123456789\")", v, 0xcbf43926u);
	buf = (uint8_t *)rt_heap();
	uint64_t seed = 7;
	for (uint32_t i = 0; i < BUF_SIZE / 8; i++)
		((uint64_t *)buf)[i] = rt_rand(&seed);
}

uint64_t bench_run(void)
{
	uint64_t sum = 0;
	for (uint32_t r = 0; r < ROUNDS; r++) {
		uint32_t whole = crc_table(r, buf, BUF_SIZE);
		size_t off = (r * 4099u) % (BUF_SIZE - SLICE_SIZE);
		uint32_t a = crc_table(0, buf + off, SLICE_SIZE);
		uint32_t b = crc_bitwise(0, buf + off, SLICE_SIZE);
		if (a != b)
			rt_fail("table/bitwise", a, b);
		sum = rt_mix(sum, ((uint64_t)whole << 32) | b);
		buf[off] ^= (uint8_t)whole;
	}
	return sum;
}
