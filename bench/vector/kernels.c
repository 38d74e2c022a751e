/* bench/vector: kernels written twice, as scalar code and with the vector
 * extension (VLEN-agnostic strip-mined loops), on the bench runtime.  One
 * ELF per kernel and variant: -DKERNEL=n (0 memcpy, 1 strlen, 2 dot,
 * 3 saxpy) and -DUSE_V=0|1.  Both variants of a kernel compute the same
 * checksum, so bench/vector.sh checks them against each other and against
 * QEMU. */
#include "rt.h"

#ifndef KERNEL
#define KERNEL 0
#endif
#ifndef USE_V
#define USE_V 0
#endif

#define NAMES_0 "memcpy"
#define NAMES_1 "strlen"
#define NAMES_2 "dot"
#define NAMES_3 "saxpy"
#define NAME_(k) NAMES_##k
#define NAME(k) NAME_(k)
#if USE_V
#define USE_V_NAME "v"
#else
#define USE_V_NAME "scalar"
#endif
const char bench_name[] = NAME(KERNEL) "-" USE_V_NAME;

#define BUF (2u << 20)
static uint8_t *a, *b;

void bench_init(void)
{
	a = (uint8_t *)rt_heap();
	b = a + BUF;
	uint64_t seed = 7;
	for (uint32_t i = 0; i < BUF / 8; i++)
		((uint64_t *)a)[i] = rt_rand(&seed);
#if KERNEL == 1
	/* Strings of 0..511 bytes, NUL-terminated, back to back. */
	for (uint32_t i = 0; i < BUF;) {
		uint32_t len = (uint32_t)(rt_rand(&seed) % 512);
		for (uint32_t j = 0; j < len && i < BUF - 1; j++, i++)
			if (!a[i])
				a[i] = 1;
		a[i++] = 0;
	}
	a[BUF - 1] = 0;
#elif KERNEL == 3
	float *x = (float *)a, *y = (float *)b;
	for (uint32_t i = 0; i < BUF / 4; i++) {
		x[i] = (float)(rt_rand(&seed) % 1000) * 0.25f;
		y[i] = (float)(rt_rand(&seed) % 1000) * 0.5f;
	}
#endif
}

#if KERNEL == 0
static void copy(uint8_t *d, const uint8_t *s, size_t n)
{
#if USE_V
	__asm__ volatile("1: vsetvli t0, %[n], e8, m8, ta, ma\n"
			 "vle8.v v8, (%[s])\n vse8.v v8, (%[d])\n"
			 "add %[s], %[s], t0\n add %[d], %[d], t0\n sub %[n], %[n], t0\n bnez %[n], 1b\n"
			 : [d] "+r"(d), [s] "+r"(s), [n] "+r"(n) : : "t0", "memory");
#else
	for (size_t i = 0; i < n / 8; i++)
		((uint64_t *)d)[i] = ((const uint64_t *)s)[i];
	for (size_t i = n & ~7ul; i < n; i++)
		d[i] = s[i];
#endif
}

uint64_t bench_run(void)
{
	uint64_t sum = 0;
	for (uint32_t r = 0; r < 4 * SCALE; r++) {
		copy(b, a, BUF);
		sum = rt_mix(sum, ((uint64_t *)b)[(r * 7919u) % (BUF / 8)]);
		a[r * 4099u % BUF] ^= (uint8_t)sum;
	}
	return sum;
}
#elif KERNEL == 1
static size_t len(const char *s)
{
#if USE_V
	const char *p = s;
	long first;
	__asm__ volatile("1: vsetvli t0, zero, e8, m8, ta, ma\n"
			 "vle8ff.v v8, (%[p])\n csrr t1, vl\n"
			 "vmseq.vi v0, v8, 0\n vfirst.m %[f], v0\n"
			 "add %[p], %[p], t1\n bltz %[f], 1b\n"
			 "sub %[p], %[p], t1\n add %[p], %[p], %[f]\n"
			 : [p] "+r"(p), [f] "=&r"(first) : : "t0", "t1", "memory");
	return (size_t)(p - s);
#else
	const char *p = s;
	while (*p)
		p++;
	return (size_t)(p - s);
#endif
}

uint64_t bench_run(void)
{
	uint64_t sum = 0;
	for (uint32_t r = 0; r < 4 * SCALE; r++)
		for (uint32_t i = 0; i < BUF - 1;) {
			size_t n = len((const char *)a + i);
			sum = rt_mix(sum, n);
			i += (uint32_t)n + 1;
		}
	return sum;
}
#elif KERNEL == 2
static uint32_t dot(const uint32_t *x, const uint32_t *y, size_t n)
{
#if USE_V
	uint32_t r;
	__asm__ volatile("vsetivli zero, 1, e32, m1, ta, ma\n vmv.s.x v24, zero\n"
			 "1: vsetvli t0, %[n], e32, m4, ta, ma\n"
			 "vle32.v v4, (%[x])\n vle32.v v8, (%[y])\n vmul.vv v4, v4, v8\n"
			 "vredsum.vs v24, v4, v24\n"
			 "slli t1, t0, 2\n add %[x], %[x], t1\n add %[y], %[y], t1\n"
			 "sub %[n], %[n], t0\n bnez %[n], 1b\n"
			 "vsetivli zero, 1, e32, m1, ta, ma\n vmv.x.s %[r], v24\n"
			 : [x] "+r"(x), [y] "+r"(y), [n] "+r"(n), [r] "=&r"(r) : : "t0", "t1", "memory");
	return r;
#else
	uint32_t s = 0;
	for (size_t i = 0; i < n; i++)
		s += x[i] * y[i];
	return s;
#endif
}

uint64_t bench_run(void)
{
	uint64_t sum = 0;
	for (uint32_t r = 0; r < 4 * SCALE; r++) {
		sum = rt_mix(sum, dot((const uint32_t *)a, (const uint32_t *)a + r, BUF / 4 - 64));
		a[r * 4099u % BUF] ^= (uint8_t)sum;
	}
	return sum;
}
#else
/* y = k * x + y in single precision (vfmacc.vf / fmadd.s: both fused). */
static void saxpy(float *y, const float *x, float k, size_t n)
{
#if USE_V
	__asm__ volatile("1: vsetvli t0, %[n], e32, m4, ta, ma\n"
			 "vle32.v v4, (%[x])\n vle32.v v8, (%[y])\n vfmacc.vf v8, %[k], v4\n vse32.v v8, (%[y])\n"
			 "slli t1, t0, 2\n add %[x], %[x], t1\n add %[y], %[y], t1\n"
			 "sub %[n], %[n], t0\n bnez %[n], 1b\n"
			 : [x] "+r"(x), [y] "+r"(y), [n] "+r"(n) : [k] "f"(k) : "t0", "t1", "memory");
#else
	for (size_t i = 0; i < n; i++)
		y[i] = __builtin_fmaf(k, x[i], y[i]);
#endif
}

uint64_t bench_run(void)
{
	uint64_t sum = 0;
	float *x = (float *)a, *y = (float *)b;
	for (uint32_t r = 0; r < 4 * SCALE; r++) {
		saxpy(y, x, (float)(r % 7) * 0.125f - 0.375f, BUF / 4);
		uint32_t w;
		__builtin_memcpy(&w, &y[(r * 7919u) % (BUF / 4)], 4);
		sum = rt_mix(sum, w);
	}
	return sum;
}
#endif
