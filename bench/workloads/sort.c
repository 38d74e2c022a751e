/* sort: quicksort and heapsort of PRNG-filled 64-bit keys.  Each round
 * fills the array, quicksorts it, checks the order, refills it and
 * heapsorts it; the checksum folds in a weighted sum of both results. */
#include "rt.h"

#define N      (1u << 16)
#define ROUNDS (SCALE)

_Static_assert(N * sizeof(uint64_t) <= RT_HEAP_SIZE, "keys fit the heap");

const char bench_name[] = "sort";
static uint64_t *keys;

static void fill(uint64_t seed)
{
	for (uint32_t i = 0; i < N; i++)
		keys[i] = rt_rand(&seed);
}

static void swap(uint64_t *a, uint64_t *b)
{
	uint64_t t = *a;
	*a = *b;
	*b = t;
}

static void insertion_sort(uint64_t *a, long n)
{
	for (long i = 1; i < n; i++) {
		uint64_t v = a[i];
		long j = i - 1;
		while (j >= 0 && a[j] > v) {
			a[j + 1] = a[j];
			j--;
		}
		a[j + 1] = v;
	}
}

/* Median-of-three Hoare partitioning; recurse into the smaller half. */
static void quicksort(uint64_t *a, long n)
{
	while (n > 16) {
		long m = n / 2;
		if (a[m] < a[0])
			swap(&a[m], &a[0]);
		if (a[n - 1] < a[0])
			swap(&a[n - 1], &a[0]);
		if (a[n - 1] < a[m])
			swap(&a[n - 1], &a[m]);
		uint64_t pivot = a[m];
		long i = -1, j = n;
		for (;;) {
			do i++; while (a[i] < pivot);
			do j--; while (a[j] > pivot);
			if (i >= j)
				break;
			swap(&a[i], &a[j]);
		}
		long left = j + 1;
		if (left < n - left) {
			quicksort(a, left);
			a += left;
			n -= left;
		} else {
			quicksort(a + left, n - left);
			n = left;
		}
	}
	insertion_sort(a, n);
}

static void sift_down(uint64_t *a, long root, long n)
{
	uint64_t v = a[root];
	for (;;) {
		long c = 2 * root + 1;
		if (c >= n)
			break;
		if (c + 1 < n && a[c + 1] > a[c])
			c++;
		if (a[c] <= v)
			break;
		a[root] = a[c];
		root = c;
	}
	a[root] = v;
}

static void heapsort(uint64_t *a, long n)
{
	for (long i = n / 2 - 1; i >= 0; i--)
		sift_down(a, i, n);
	for (long end = n - 1; end > 0; end--) {
		swap(&a[0], &a[end]);
		sift_down(a, 0, end);
	}
}

static uint64_t digest(void)
{
	uint64_t sum = 0;
	for (uint32_t i = 0; i < N; i++) {
		if (i && keys[i - 1] > keys[i])
			rt_fail("order", i, 0);
		sum += keys[i] * (i + 1);
	}
	return sum;
}

void bench_init(void)
{
	keys = (uint64_t *)rt_heap();
}

uint64_t bench_run(void)
{
	uint64_t sum = 0;
	for (uint32_t r = 0; r < ROUNDS; r++) {
		fill(2 * r + 1);
		quicksort(keys, N);
		sum = rt_mix(sum, digest());
		fill(2 * r + 2);
		heapsort(keys, N);
		sum = rt_mix(sum, digest());
	}
	return sum;
}
