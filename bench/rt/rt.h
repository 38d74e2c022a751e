/* bench/rt: the runtime every benchmark workload links against.
 *
 * M-mode start-up (crt0.S, boot.c) maps the image, the HTIF page and the
 * ACLINT timer page 1:1 and a data heap at RT_HEAP_VA with 4 KiB Sv39 pages,
 * then enters S-mode at rt_s_main(), which runs the workload:
 *
 *   bench_init()        untimed set-up (fill buffers, build lists)
 *   bench_run()         the timed kernel; returns a checksum
 *
 * and prints "NAME instret=N ticks=T checksum=C" on the HTIF console.
 * A workload defines bench_name, bench_init and bench_run; sizes scale with
 * the compile-time SCALE (1 = the tiny instance used by check-bench-build).
 *
 * Built with -DRT_NATIVE (and native.c instead of the rest) the same
 * workload is a host program: the heap is host memory, ticks come from
 * CLOCK_MONOTONIC at the same 10 MHz, instret is 0 (bench/run.sh --native
 * compares times with it). */
#ifndef BENCH_RT_H
#define BENCH_RT_H

#include <stddef.h>
#include <stdint.h>

#ifndef SCALE
#define SCALE 1
#endif

/* The data heap: virtual address and size (physical pages above the image). */
#define RT_HEAP_VA   0x100000000ULL
#define RT_HEAP_SIZE (64ULL << 20)

/* ACLINT MTIMER mtime (SiFive CLINT layout), 10 MHz on QEMU spike and
 * rvkvm.  Read as MMIO: QEMU's spike machine provides no time CSR. */
#define RT_CLINT_BASE 0x02000000ULL
#define RT_MTIME      (RT_CLINT_BASE + 0xbff8)

/* The workload. */
extern const char bench_name[];
void bench_init(void);
uint64_t bench_run(void);

/* Console and exit (HTIF). */
void rt_putc(int c);
void rt_puts(const char *s);
/* %c %s %d %u %x with optional l/ll/z, width and '0' flag. */
void rt_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
__attribute__((noreturn)) void rt_exit(int code);
/* Report a failed self-check and exit with status 2. */
__attribute__((noreturn)) void rt_fail(const char *what, uint64_t got, uint64_t want);

#ifdef RT_NATIVE
extern uint64_t rt_native_heap;
uint64_t rt_native_mtime(void);
static inline uint64_t rt_heap(void) { return rt_native_heap; }
static inline uint64_t rt_rdinstret(void) { return 0; }
static inline uint64_t rt_mtime(void) { return rt_native_mtime(); }
#else
static inline uint64_t rt_heap(void)
{
	return RT_HEAP_VA;
}

static inline uint64_t rt_rdinstret(void)
{
	uint64_t v;
	__asm__ volatile("rdinstret %0" : "=r"(v));
	return v;
}

static inline uint64_t rt_rdcycle(void)
{
	uint64_t v;
	__asm__ volatile("rdcycle %0" : "=r"(v));
	return v;
}

static inline uint64_t rt_mtime(void)
{
	return *(volatile uint64_t *)RT_MTIME;
}
#endif

/* splitmix64: a small, well-mixed PRNG (state advances by a constant). */
static inline uint64_t rt_rand(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Fold a value into a running checksum (order-dependent). */
static inline uint64_t rt_mix(uint64_t sum, uint64_t v)
{
	sum ^= v + 0x9e3779b97f4a7c15ULL + (sum << 6) + (sum >> 2);
	return sum;
}

/* Keep the compiler from proving a value unused. */
#define RT_OPAQUE(x) __asm__ volatile("" : "+r"(x))

void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);

#endif
