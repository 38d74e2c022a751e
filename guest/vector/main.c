// SPDX-License-Identifier: MIT
/* vector-test: vector code under Linux, checked against scalar code.
 *
 * WORKERS processes (more than the harts, so they are preempted) each run
 * ROUNDS rounds of vector kernels (multiply-add, memcpy, strlen with
 * fault-only-first loads against an unmapped page, an integer dot product
 * with a reduction, an exact FP multiply-accumulate) and a long loop that
 * keeps values in vector registers with no system call, while SIGALRM
 * arrives every millisecond and its handler overwrites every vector
 * register with another vtype: the kernel must save and restore the vector
 * state across preemption, migration between harts and signals.
 *
 *   vector-test [WORKERS [ROUNDS [nosig]]]   prints VECTOR-OK ... or VECTOR-FAIL ...
 * nosig leaves the signals out: QEMU's user mode (a quick check of the
 * program itself) does not keep the vector registers across a handler. */
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile sig_atomic_t signals;

/* Overwrite all 32 vector registers with another SEW/LMUL and vl. */
static void on_alarm(int sig)
{
	(void)sig;
	signals++;
	__asm__ volatile("vsetvli t0, zero, e8, m8, ta, ma\n"
			 "vmv.v.i v0, -1\n vmv.v.i v8, 7\n vmv.v.i v16, 3\n vmv.v.i v24, 1\n"
			 ::: "t0", "memory");
}

static uint64_t rng_state;
static uint64_t rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

/* c[i] = a[i] * b[i] + a[i], strip-mined at e32, LMUL 4. */
static void vmuladd(uint32_t *c, const uint32_t *a, const uint32_t *b, size_t n)
{
	__asm__ volatile("1: vsetvli t0, %[n], e32, m4, ta, ma\n"
			 "vle32.v v4, (%[a])\n vle32.v v12, (%[b])\n"
			 "vmul.vv v20, v4, v12\n vadd.vv v20, v20, v4\n"
			 "vse32.v v20, (%[c])\n"
			 "slli t1, t0, 2\n add %[a], %[a], t1\n add %[b], %[b], t1\n add %[c], %[c], t1\n"
			 "sub %[n], %[n], t0\n bnez %[n], 1b\n"
			 : [a] "+r"(a), [b] "+r"(b), [c] "+r"(c), [n] "+r"(n)
			 :
			 : "t0", "t1", "memory");
}

static void vmemcpy(void *d, const void *s, size_t n)
{
	__asm__ volatile("1: vsetvli t0, %[n], e8, m8, ta, ma\n"
			 "vle8.v v8, (%[s])\n vse8.v v8, (%[d])\n"
			 "add %[s], %[s], t0\n add %[d], %[d], t0\n sub %[n], %[n], t0\n bnez %[n], 1b\n"
			 : [d] "+r"(d), [s] "+r"(s), [n] "+r"(n)
			 :
			 : "t0", "memory");
}

/* strlen with fault-only-first loads: reading past the string into an
 * unmapped page must trim vl, not fault. */
static size_t vstrlen(const char *s)
{
	const char *p = s;
	long first;
	__asm__ volatile("1: vsetvli t0, zero, e8, m8, ta, ma\n"
			 "vle8ff.v v8, (%[p])\n csrr t1, vl\n"
			 "vmseq.vi v0, v8, 0\n vfirst.m %[f], v0\n"
			 "add %[p], %[p], t1\n bltz %[f], 1b\n"
			 "sub %[p], %[p], t1\n add %[p], %[p], %[f]\n"
			 : [p] "+r"(p), [f] "=&r"(first)
			 :
			 : "t0", "t1", "memory");
	return (size_t)(p - s);
}

/* sum(a[i] * b[i]) mod 2^64: vmul at e64, LMUL 4, and vredsum into v24. */
static uint64_t vdot(const uint64_t *a, const uint64_t *b, size_t n)
{
	uint64_t r;
	__asm__ volatile("vsetivli zero, 1, e64, m1, ta, ma\n vmv.s.x v24, zero\n"
			 "1: vsetvli t0, %[n], e64, m4, ta, ma\n"
			 "vle64.v v4, (%[a])\n vle64.v v8, (%[b])\n vmul.vv v4, v4, v8\n"
			 "vredsum.vs v24, v4, v24\n"
			 "slli t1, t0, 3\n add %[a], %[a], t1\n add %[b], %[b], t1\n"
			 "sub %[n], %[n], t0\n bnez %[n], 1b\n"
			 "vsetivli zero, 1, e64, m1, ta, ma\n vmv.x.s %[r], v24\n"
			 : [a] "+r"(a), [b] "+r"(b), [n] "+r"(n), [r] "=&r"(r)
			 :
			 : "t0", "t1", "memory");
	return r;
}

/* c[i] += a[i] * b[i] in double (exact: small integers). */
static void vfmacc(double *c, const double *a, const double *b, size_t n)
{
	__asm__ volatile("1: vsetvli t0, %[n], e64, m2, ta, ma\n"
			 "vle64.v v2, (%[a])\n vle64.v v4, (%[b])\n vle64.v v6, (%[c])\n"
			 "vfmacc.vv v6, v2, v4\n vse64.v v6, (%[c])\n"
			 "slli t1, t0, 3\n add %[a], %[a], t1\n add %[b], %[b], t1\n add %[c], %[c], t1\n"
			 "sub %[n], %[n], t0\n bnez %[n], 1b\n"
			 : [a] "+r"(a), [b] "+r"(b), [c] "+r"(c), [n] "+r"(n)
			 :
			 : "t0", "t1", "memory");
}

/* Keep a pattern in v8-v15 and a sum in v16-v23 through iters additions
 * with no system call in between; then vl and vtype must be unchanged and
 * every element iters * pattern. */
static int vspin(uint32_t pattern, long iters)
{
	uint32_t out[256];
	long n = iters;
	unsigned long vl, vt0, vt1, vl1;
	__asm__ volatile("vsetvli %[vl], zero, e32, m8, ta, ma\n csrr %[vt0], vtype\n"
			 "vmv.v.x v8, %[p]\n vmv.v.i v16, 0\n"
			 "1: vadd.vv v16, v16, v8\n addi %[n], %[n], -1\n bnez %[n], 1b\n"
			 "vse32.v v16, (%[o])\n csrr %[vt1], vtype\n csrr %[vl1], vl\n"
			 : [vl] "=&r"(vl), [vt0] "=&r"(vt0), [vt1] "=&r"(vt1), [vl1] "=&r"(vl1), [n] "+r"(n)
			 : [p] "r"(pattern), [o] "r"(out)
			 : "memory");
	if (vl > 256 || vl1 != vl || vt1 != vt0)
		return -1;
	for (unsigned long i = 0; i < vl; i++)
		if (out[i] != (uint32_t)(pattern * (uint32_t)iters))
			return -1;
	return 0;
}

#define N 777

static int worker(unsigned id, unsigned rounds)
{
	static uint32_t a[N], b[N], c[N];
	static uint64_t da[N], db[N];
	static double fa[N], fb[N], fc[N];
	static char src[4096 + 64], dst[4096 + 64];
	rng_state = 0x9e3779b97f4a7c15ULL * (id + 1);
	/* A string that ends right before an unmapped page. */
	long pg = sysconf(_SC_PAGESIZE);
	char *pages = mmap(NULL, (size_t)pg * 2, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (pages == MAP_FAILED || munmap(pages + pg, (size_t)pg))
		return 1;
	for (unsigned r = 0; r < rounds; r++) {
		const char *what = NULL;
		for (unsigned i = 0; i < N; i++) {
			a[i] = (uint32_t)rnd(), b[i] = (uint32_t)rnd();
			da[i] = rnd(), db[i] = rnd();
			fa[i] = (double)(rnd() % 4096), fb[i] = (double)(rnd() % 4096), fc[i] = (double)(rnd() % 65536);
		}
		size_t n = 1 + rnd() % N;
		vmuladd(c, a, b, n);
		for (size_t i = 0; i < n && !what; i++)
			if (c[i] != a[i] * b[i] + a[i])
				what = "vmuladd";
		uint64_t dot = 0;
		for (size_t i = 0; i < n; i++)
			dot += da[i] * db[i];
		if (!what && vdot(da, db, n) != dot)
			what = "vdot";
		double ref[N];
		for (size_t i = 0; i < n; i++)
			ref[i] = fc[i] + fa[i] * fb[i];
		vfmacc(fc, fa, fb, n);
		if (!what && memcmp(ref, fc, n * sizeof(double)))
			what = "vfmacc";
		size_t off = rnd() % 64, len = rnd() % 4096;
		for (size_t i = 0; i < sizeof(src); i++)
			src[i] = (char)rnd();
		memset(dst, 0, sizeof(dst));
		vmemcpy(dst + (off ^ 5), src + off, len);
		if (!what && memcmp(dst + (off ^ 5), src + off, len))
			what = "vmemcpy";
		size_t slen = rnd() % (size_t)pg;
		char *s = pages + pg - slen - 1;
		for (size_t i = 0; i < slen; i++)
			s[i] = (char)(1 + rnd() % 255);
		s[slen] = 0;
		if (!what && vstrlen(s) != slen)
			what = "vstrlen";
		if (!what && vspin((uint32_t)rnd() | 1, 2000 + (long)(rnd() % 2000)))
			what = "vspin";
		if (what) {
			printf("VECTOR-FAIL worker %u round %u: %s\n", id, r, what);
			return 1;
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	unsigned workers = argc > 1 ? (unsigned)atoi(argv[1]) : 4;
	unsigned rounds = argc > 2 ? (unsigned)atoi(argv[2]) : 40;
	int sig = !(argc > 3 && !strcmp(argv[3], "nosig"));
	int fds[2];
	if (workers == 0 || workers > 64 || pipe(fds))
		return 2;
	for (unsigned w = 0; w < workers; w++) {
		pid_t pid = fork();
		if (pid < 0)
			return 2;
		if (pid == 0) {
			struct sigaction sa = { .sa_handler = on_alarm, .sa_flags = SA_RESTART };
			sigaction(SIGALRM, &sa, NULL);
			struct itimerval it = { { 0, 1000 }, { 0, 1000 } };
			if (sig)
				setitimer(ITIMER_REAL, &it, NULL);
			int rc = worker(w, rounds);
			struct itimerval off = { { 0, 0 }, { 0, 0 } };
			setitimer(ITIMER_REAL, &off, NULL);
			unsigned got = (unsigned)signals;
			if (write(fds[1], &got, sizeof(got)) != sizeof(got))
				rc = 1;
			fflush(stdout);
			_exit(rc);
		}
	}
	close(fds[1]);  /* a worker that died without writing: EOF, not a hang */
	unsigned failed = 0, total = 0;
	for (unsigned w = 0; w < workers; w++) {
		int st;
		unsigned got = 0;
		if (wait(&st) < 0 || !WIFEXITED(st) || WEXITSTATUS(st))
			failed++;
		if (read(fds[0], &got, sizeof(got)) == sizeof(got))
			total += got;
	}
	if (failed || (sig && !total)) {
		printf("VECTOR-FAIL %u of %u workers failed, %u signals\n", failed, workers, total);
		return 1;
	}
	unsigned long vlenb;
	__asm__ volatile("csrr %0, vlenb" : "=r"(vlenb));
	printf("VECTOR-OK workers=%u rounds=%u signals=%u vlenb=%lu\n", workers, rounds, total, vlenb);
	return 0;
}
