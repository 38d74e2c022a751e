/* mem* for bench/rt (GCC emits calls to these even when freestanding).
 * Built with -fno-tree-loop-distribute-patterns so the loops below are not
 * turned back into calls to themselves.  Aligned bulk work moves 64 bytes
 * per iteration; the rest goes a byte at a time. */
#include "rt.h"

void *memcpy(void *dst, const void *src, size_t n)
{
	uint8_t *d = dst;
	const uint8_t *s = src;
	if ((((uintptr_t)d ^ (uintptr_t)s) & 7) == 0) {
		while (n && ((uintptr_t)d & 7)) {
			*d++ = *s++;
			n--;
		}
		uint64_t *dw = (uint64_t *)d;
		const uint64_t *sw = (const uint64_t *)s;
		for (; n >= 64; n -= 64, dw += 8, sw += 8) {
			uint64_t a = sw[0], b = sw[1], c = sw[2], e = sw[3];
			uint64_t f = sw[4], g = sw[5], h = sw[6], i = sw[7];
			dw[0] = a; dw[1] = b; dw[2] = c; dw[3] = e;
			dw[4] = f; dw[5] = g; dw[6] = h; dw[7] = i;
		}
		for (; n >= 8; n -= 8)
			*dw++ = *sw++;
		d = (uint8_t *)dw;
		s = (const uint8_t *)sw;
	}
	while (n--)
		*d++ = *s++;
	return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
	uint8_t *d = dst;
	const uint8_t *s = src;
	if (d <= s || d >= s + n)
		return memcpy(dst, src, n);
	while (n--)
		d[n] = s[n];
	return dst;
}

void *memset(void *dst, int c, size_t n)
{
	uint8_t *d = dst;
	while (n && ((uintptr_t)d & 7)) {
		*d++ = (uint8_t)c;
		n--;
	}
	uint64_t v = (uint8_t)c * 0x0101010101010101ULL;
	uint64_t *dw = (uint64_t *)d;
	for (; n >= 64; n -= 64, dw += 8) {
		dw[0] = v; dw[1] = v; dw[2] = v; dw[3] = v;
		dw[4] = v; dw[5] = v; dw[6] = v; dw[7] = v;
	}
	for (; n >= 8; n -= 8)
		*dw++ = v;
	d = (uint8_t *)dw;
	while (n--)
		*d++ = (uint8_t)c;
	return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const uint8_t *x = a, *y = b;
	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x - *y;
	return 0;
}
