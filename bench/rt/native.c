/* bench/rt for the host (-DRT_NATIVE): the same workload as a host
 * program, for bench/run.sh --native.  The heap is RT_HEAP_SIZE bytes of
 * host memory; ticks count CLOCK_MONOTONIC at the guest timer's 10 MHz, so
 * the result line has the guest's form (instret 0). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "rt.h"

uint64_t rt_native_heap;

uint64_t rt_native_mtime(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 10000000u + (uint64_t)ts.tv_nsec / 100u;
}

void rt_putc(int c) { putchar(c); }
void rt_puts(const char *s) { fputs(s, stdout); }

void rt_printf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
}

void rt_exit(int code)
{
	fflush(stdout);
	exit(code);
}

void rt_fail(const char *what, uint64_t got, uint64_t want)
{
	rt_printf("%s FAIL %s: got %llx, want %llx\n", bench_name, what, (unsigned long long)got,
		  (unsigned long long)want);
	rt_exit(2);
}

int main(void)
{
	void *heap = aligned_alloc(4096, RT_HEAP_SIZE);
	if (!heap)
		return 3;
	rt_native_heap = (uint64_t)(uintptr_t)heap;
	bench_init();
	uint64_t t0 = rt_mtime();
	uint64_t sum = bench_run();
	uint64_t t1 = rt_mtime();
	rt_printf("%s instret=0 ticks=%llu checksum=%016llx\n", bench_name, (unsigned long long)(t1 - t0),
		  (unsigned long long)sum);
	rt_exit(0);
}
