/*
 * kvm-client bench: the cost of the nested path, each measured in a fresh VM
 * (nested guest code: nested.S).
 *  (a) MMIO round trips: the nested guest stores to an unmapped address in
 *      a loop; every store is a G-stage fault that KVM turns into
 *      KVM_EXIT_MMIO, and the next KVM_RUN resumes the guest.
 *  (b) SBI calls KVM answers in the kernel: sbi_get_spec_version in a loop,
 *      one MMIO exit at the end.
 *  (c) The same integer workload (nested_work_hash) in VS-mode and directly
 *      in this L1 user process; the time ratio is the virtualization
 *      overhead of plain computation.
 * Output: "KVM-BENCH key=value ..." lines; the checks (right exits, same
 * hash on both sides) as KVM-TEST lines.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kvm_client.h"
#include "vm.h"

#define RAM_SIZE	(4UL << 20)
#define BUF_OFFSET	(1UL << 20)	/* workload buffer: RAM + 1 MiB */

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* A VM with vCPU 0 about to enter ENTRY with ARGS; 0 or -1 after a FAIL line. */
static int bench_vm(struct results *r, const char *name, struct vm *vm, struct vcpu *v,
		    const char *entry, const uint64_t *args, int nargs)
{
	v->fd = -1;
	if (vm_open(vm, RAM_SIZE)) {
		check(r, name, 0, "%s", vm->err);
		return -1;
	}
	if (vcpu_create(vm, v, 0) || vcpu_enter_at(v, vm_load_blob(vm, entry), args, nargs)) {
		check(r, name, 0, "%s", v->err);
		return -1;
	}
	return 0;
}

static void bench_done(struct vm *vm, struct vcpu *v)
{
	if (v->fd > 0)
		vcpu_close(v);
	vm_close(vm);
}

static void bench_mmio(struct results *r, unsigned long n)
{
	const uint64_t args[1] = { VM_MMIO_BASE };
	struct vm vm;
	struct vcpu v;
	unsigned long i, warm = 100;
	double t0 = 0, t;
	int reason = 0;

	step("bench-mmio", 600);
	if (bench_vm(r, "bench-mmio", &vm, &v, nested_mmio_loop, args, 1) == 0) {
		for (i = 0; i < warm + n; i++) {
			if (i == warm)
				t0 = now();
			reason = vcpu_run_once(&v);
			uint64_t x = 0;
			memcpy(&x, v.run->mmio.data, 8);
			if (reason != KVM_EXIT_MMIO || !v.run->mmio.is_write || x != i)
				break;
		}
		t = now() - t0;
		if (check(r, "bench-mmio", i == warm + n, "%lu MMIO exits in %.3f s (stopped at %lu: exit %d)",
			  n, t, i, reason))
			printf("KVM-BENCH mmio_exits=%lu mmio_s=%.6f mmio_per_s=%.0f\n", n, t, n / t);
	}
	bench_done(&vm, &v);
}

static void bench_sbi(struct results *r, unsigned long n)
{
	const uint64_t args[2] = { VM_MMIO_BASE, n };
	struct vm vm;
	struct vcpu v;
	double t0, t;

	step("bench-sbi", 600);
	if (bench_vm(r, "bench-sbi", &vm, &v, nested_sbi_loop, args, 2) == 0) {
		t0 = now();
		int rc = vcpu_run_reports(&v, 4);	/* errors (slot 1), then count (slot 7) */
		t = now() - t0;
		if (check(r, "bench-sbi", !rc && v.report[0][REPORT_DONE] == n && v.report[0][1] == 0,
			  "%llu calls, %llu errors in %.3f s (want %lu, 0)%s%s",
			  (unsigned long long)v.report[0][REPORT_DONE], (unsigned long long)v.report[0][1],
			  t, n, rc ? ": " : "", rc ? v.err : ""))
			printf("KVM-BENCH sbi_calls=%lu sbi_s=%.6f sbi_per_s=%.0f\n", n, t, n / t);
	}
	bench_done(&vm, &v);
}

static void fill(uint64_t *buf, unsigned long words)
{
	unsigned long i;

	for (i = 0; i < words; i++)
		buf[i] = (i + 1) * 0x9e3779b97f4a7c15ULL;
}

static void bench_work(struct results *r, unsigned long words, unsigned long rounds)
{
	const uint64_t args[4] = { VM_MMIO_BASE, VM_RAM_GPA + BUF_OFFSET, words, rounds };
	struct vm vm;
	struct vcpu v;
	uint64_t *buf, h_l1, h_nested;
	double t0, t_l1, t_nested;

	step("bench-work", 600);
	if (words * 8 > RAM_SIZE - BUF_OFFSET || !(buf = malloc(words * 8))) {
		check(r, "bench-work", 0, "%lu words do not fit", words);
		return;
	}
	fill(buf, words);
	t0 = now();
	h_l1 = nested_work_hash(buf, words, rounds);
	t_l1 = now() - t0;
	free(buf);

	if (bench_vm(r, "bench-work", &vm, &v, nested_work, args, 4) == 0) {
		fill((uint64_t *)((char *)vm.ram + BUF_OFFSET), words);
		t0 = now();
		int rc = vcpu_run_reports(&v, 4);
		t_nested = now() - t0;
		h_nested = v.report[0][REPORT_DONE];
		if (check(r, "bench-work", !rc && h_nested == h_l1,
			  "hash nested 0x%llx L1 0x%llx; %.3f s vs %.3f s%s%s",
			  (unsigned long long)h_nested, (unsigned long long)h_l1, t_nested, t_l1,
			  rc ? ": " : "", rc ? v.err : ""))
			printf("KVM-BENCH work_words=%lu work_rounds=%lu work_nested_s=%.6f work_l1_s=%.6f work_ratio=%.3f\n",
			       words, rounds, t_nested, t_l1, t_nested / t_l1);
	}
	bench_done(&vm, &v);
}

int run_bench(struct results *r, int argc, char **argv)
{
	unsigned long p[4] = { 20000, 100000, 8192, 10000 };
	int i;

	for (i = 0; i < argc && i < 4; i++)
		p[i] = strtoul(argv[i], NULL, 0);
	bench_mmio(r, p[0]);
	bench_sbi(r, p[1]);
	bench_work(r, p[2], p[3]);
	return r->fail ? -1 : 0;
}
