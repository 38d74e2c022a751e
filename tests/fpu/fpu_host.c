// SPDX-License-Identifier: MIT
/* The differential FPU test's host half: reads the record stream that
 * fpu_rv (the real instructions, under QEMU) writes on stdin, evaluates the
 * same cases with hw/riscv/fpu.c and prints one line per operation,
 * "PASS fadd.d" or "FAIL fadd.d (...)", the first mismatch going to stderr.
 *
 * Each case runs twice on the host: with fflags clear, and with NX already
 * set (the state in which fpu.c's fast paths skip their exactness checks);
 * the second run must give the same result and the same flags plus NX.
 *
 *   qemu-riscv64-static fpu_rv | fpu_host          compare
 *   ... | fpu_host --stats                         also count the flags seen
 *   fpu_host --bench                               time the host functions
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fpu_cases.h"

static const char *const rm_names[] = { "rne", "rtz", "rdn", "rup", "rmm" };

static int get(FILE *fp, uint64_t *v, int n)
{
	unsigned char b[8];
	if (fread(b, 1, (size_t)n, fp) != (size_t)n)
		return -1;
	*v = 0;
	for (int i = 0; i < n; i++)
		*v |= (uint64_t)b[i] << (8 * i);
	return 0;
}

static void show_case(const struct fpu_op *op, unsigned rm, unsigned i, const uint64_t *in,
		      uint64_t want, uint64_t wfl, uint64_t got, uint32_t gfl, const char *what)
{
	fprintf(stderr, "FAIL %s %s case %u:", op->name, rm_names[rm], i);
	for (int k = 0; k < kind_arity(op->kind); k++)
		fprintf(stderr, " in%d=%#llx", k, (unsigned long long)in[k]);
	fprintf(stderr, "\n    %s: want %#llx fflags %#llx, got %#llx fflags %#x\n", what,
		(unsigned long long)want, (unsigned long long)wfl, (unsigned long long)got, gfl);
}

static int compare(FILE *fp, int stats)
{
	uint64_t in[3] = { 0, 0, 0 };
	int failed = 0, lost = 0;

	for (unsigned o = 0; o < FPU_NOPS; o++) {
		const struct fpu_op *op = &fpu_ops[o];
		unsigned n = fpu_ncases(op), bad = 0, total = 0, nflag[5] = { 0 };

		for (unsigned rm = 0; rm < kind_modes(op->kind) && !lost; rm++) {
			uint64_t seed = fpu_seed(o, rm), hdr, cnt;
			if (get(fp, &hdr, 8) || get(fp, &cnt, 8) ||
			    hdr != (FPU_MAGIC | (uint64_t)o << 32 | (uint64_t)rm << 48) || cnt != n) {
				fprintf(stderr, "fpu_host: record stream lost sync at %s %s\n",
					op->name, rm_names[rm]);
				lost = 1;
				break;
			}
			for (unsigned i = 0; i < n; i++) {
				uint64_t want, wfl;
				uint32_t fl = 0, fl2 = FPU_FLAG_NX;
				if (get(fp, &want, 8) || get(fp, &wfl, 1)) {
					fprintf(stderr, "fpu_host: record stream ends early\n");
					lost = 1;
					break;
				}
				fpu_gen(op, &seed, i, in);
				uint64_t got = fpu_run(op, in, rm, &fl);
				uint64_t got2 = fpu_run(op, in, rm, &fl2);
				total++;
				for (int k = 0; k < 5; k++)
					nflag[k] += (wfl >> k) & 1;
				if (got != want || fl != wfl) {
					if (!bad++)
						show_case(op, rm, i, in, want, wfl, got, fl, "fflags clear");
				} else if (got2 != want || fl2 != (wfl | FPU_FLAG_NX)) {
					if (!bad++)
						show_case(op, rm, i, in, want, wfl | FPU_FLAG_NX, got2, fl2,
							  "NX preset");
				}
			}
		}
		if (lost)
			bad++;
		if (bad)
			printf("FAIL %s (%u of %u cases differ%s)\n", op->name, bad, total,
			       lost ? ", stream lost" : "");
		else
			printf("PASS %s (%u cases)\n", op->name, total);
		failed |= bad != 0;
		if (stats)
			fprintf(stderr, "%-10s NX %6u  UF %6u  OF %6u  DZ %6u  NV %6u\n", op->name,
				nflag[0], nflag[1], nflag[2], nflag[3], nflag[4]);
	}
	return failed;
}

/* Best-of-7 nanoseconds per call of op over in[0..n), NX preset (the
 * steady state of a running guest). */
static double time_op(const struct fpu_op *op, uint64_t (*in)[3], unsigned n, unsigned rm)
{
	volatile uint64_t sink = 0;
	double best = 1e9;

	for (int trial = 0; trial < 7; trial++) {
		struct timespec t0, t1;
		uint32_t fl = FPU_FLAG_NX;
		clock_gettime(CLOCK_MONOTONIC, &t0);
		for (int rep = 0; rep < 50; rep++)
			for (unsigned i = 0; i < n; i++)
				sink += fpu_run(op, in[i], rm, &fl);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		double ns = ((double)(t1.tv_sec - t0.tv_sec) * 1e9 +
			     (double)(t1.tv_nsec - t0.tv_nsec)) / (50.0 * n);
		best = ns < best ? ns : best;
	}
	(void)sink;
	return best;
}

/* Per operation: "typical" operands (normal numbers of moderate size,
 * integers that fit) in RNE, then the test's own mix of special and
 * structured operands in RNE and in RMM. */
static void bench(void)
{
	static uint64_t in[4096][3];
	const unsigned n = 4096;

	printf("%-10s %12s %12s %12s   (ns per call)\n", "", "typical-rne", "mixed-rne",
	       "mixed-rmm");
	for (unsigned o = 0; o < FPU_NOPS; o++) {
		const struct fpu_op *op = &fpu_ops[o];
		enum ofmt f = kind_fmt(op->kind);
		uint64_t seed = 12345 + o;
		for (unsigned i = 0; i < n; i++)
			for (int k = 0; k < 3; k++) {
				uint64_t r = rnd(&seed), e = 1 + (r >> 60); /* 2^-7 .. 2^8 */
				if (f == O_D)
					in[i][k] = (r & 0x800fffffffffffffull) | (1015 + e) << 52;
				else if (f == O_S)
					in[i][k] = (r & 0x807fffffull) | (119 + e) << 23;
				else
					in[i][k] = (uint64_t)((int64_t)r >> (r >> 58));
			}
		printf("%-10s %9.1f   ", op->name, time_op(op, in, n, 0));
		seed = fpu_seed(o, 0);
		for (unsigned i = 0; i < n; i++)
			fpu_gen(op, &seed, fpu_ncases(op) - FPU_NRANDOM + i, in[i]);
		printf(" %9.1f    %9.1f\n", time_op(op, in, n, 0), time_op(op, in, n, 4));
	}
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "--bench")) {
		bench();
		return 0;
	}
	return compare(stdin, argc > 1 && !strcmp(argv[1], "--stats"));
}
