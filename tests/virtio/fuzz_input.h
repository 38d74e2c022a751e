/* SPDX-License-Identifier: MIT */
/* The fuzzers' input: bytes taken from the front, zero once it runs out,
 * little-endian for wider values. */
#ifndef TESTS_VIRTIO_FUZZ_INPUT_H
#define TESTS_VIRTIO_FUZZ_INPUT_H

#include <stddef.h>
#include <stdint.h>

struct input {
	const uint8_t *p;
	size_t n;
};

static inline uint8_t in8(struct input *in)
{
	if (!in->n)
		return 0;
	in->n--;
	return *in->p++;
}

static inline uint16_t in16(struct input *in)
{
	uint16_t lo = in8(in);
	return (uint16_t)(lo | in8(in) << 8);
}

static inline uint32_t in32(struct input *in)
{
	uint32_t lo = in16(in);
	return lo | (uint32_t)in16(in) << 16;
}

#endif
