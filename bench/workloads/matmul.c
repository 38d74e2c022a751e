/* matmul: double-precision C = A * B (N x N, i-k-j order, so the inner
 * loop is a fused multiply-add over rows), then A = C / max|C| so the
 * values stay in [-1, 1] round after round (never drifting into
 * subnormals, which would measure the slow paths instead).  The checksum
 * hashes the bits of C, so both emulators must round every operation
 * identically. */
#include "rt.h"

#define N      96
#define ROUNDS (3 * SCALE)

_Static_assert(3 * N * N * sizeof(double) <= RT_HEAP_SIZE, "A, B, C fit the heap");

const char bench_name[] = "matmul";
static double (*a)[N], (*b)[N], (*c)[N];

static void multiply(void)
{
	for (int i = 0; i < N; i++) {
		for (int j = 0; j < N; j++)
			c[i][j] = 0.0;
		for (int k = 0; k < N; k++) {
			double aik = a[i][k];
			for (int j = 0; j < N; j++)
				c[i][j] += aik * b[k][j];
		}
	}
}

void bench_init(void)
{
	a = (double (*)[N])rt_heap();
	b = a + N;
	c = b + N;
	uint64_t seed = 5;
	for (int i = 0; i < N; i++)
		for (int j = 0; j < N; j++) {
			/* uniform in [-1, 1) with 53 random bits */
			a[i][j] = (double)((int64_t)rt_rand(&seed) >> 11) / (double)(1LL << 52);
			b[i][j] = (double)((int64_t)rt_rand(&seed) >> 11) / (double)(1LL << 52);
		}
}

uint64_t bench_run(void)
{
	uint64_t sum = 0;
	for (int r = 0; r < ROUNDS; r++) {
		multiply();
		double max = 0.0;
		for (int i = 0; i < N; i++)
			for (int j = 0; j < N; j++) {
				union { double d; uint64_t u; } v = { .d = c[i][j] };
				sum = rt_mix(sum, v.u);
				double m = __builtin_fabs(c[i][j]);
				max = m > max ? m : max;
			}
		if (!(max > 0.0))
			rt_fail("max|C|", 0, 1);
		const double scale = 1.0 / max;
		for (int i = 0; i < N; i++)
			for (int j = 0; j < N; j++)
				a[i][j] = c[i][j] * scale;
	}
	return sum;
}
