/*
 * The functional scenarios of kvm-client (nested guest code: nested.S).
 *
 * 1. One vCPU: the nested guest computes a value and stores it to an
 *    unmapped address; KVM_RUN must return KVM_EXIT_MMIO with it.  Then an
 *    MMIO load answered by the VMM, a compressed store, and an SBI call KVM
 *    forwards to userspace (KVM_EXIT_RISCV_SBI).
 * 2. Two vCPUs, vCPU 1 stopped (KVM_MP_STATE_STOPPED): vCPU 0 calls
 *    sbi_get_spec_version and HSM hart_start, which KVM handles in the
 *    kernel; vCPU 1 starts where vCPU 0 asked; the two meet through shared
 *    guest RAM (so both run at once, each on its own thread) and read each
 *    other's HSM status.
 * 3. The nested guest's own Sv39 MMU under KVM's G-stage (mmu.c).
 * 4. A timer interrupt (SBI set_timer) and an IPI between two vCPUs (SBI
 *    send_ipi) taken by the nested guest's own handlers (irq.c).
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "kvm_client.h"
#include "vm.h"

#define RAM_SIZE	(4UL << 20)
#define COMPUTE_N	1000
#define READ_VALUE	0x0123456789abcdefULL
#define SBI_REPLY	0x5ca1ab1eUL

/* What nested_compute stores first: sum of (i^3) ^ (i << 7), i = 1..n. */
static uint64_t compute_expected(uint64_t n)
{
	uint64_t sum = 0, i;

	for (i = 1; i <= n; i++)
		sum += (i * i * i) ^ (i << 7);
	return sum;
}

static void scenario_single(struct results *r)
{
	static const char *const later[] = { "mmio-value", "mmio-load", "mmio-compressed",
					     "sbi-forward", "get-one-reg", NULL };
	const uint64_t want = compute_expected(COMPUTE_N);
	struct vm vm;
	struct vcpu v;
	uint64_t got, s0 = 0;
	int reason;

	step("setup", 30);
	if (vm_open(&vm, RAM_SIZE)) {
		check(r, "setup", 0, "%s", vm.err);
		skip(r, later, "no VM");
		vm_close(&vm);
		return;
	}
	uint64_t args[2] = { VM_MMIO_BASE, COMPUTE_N };
	if (vcpu_create(&vm, &v, 0) ||
	    vcpu_enter_at(&v, vm_load_blob(&vm, nested_compute), args, 2)) {
		check(r, "setup", 0, "%s", v.err);
		skip(r, later, "no vCPU");
		vm_close(&vm);
		return;
	}
	check(r, "setup", 1, "VM, %lu KiB slot at 0x%lx, vCPU 0, run area %zu bytes",
	      RAM_SIZE >> 10, VM_RAM_GPA, vm.run_size);

	step("mmio-value", 30);
	reason = vcpu_run_once(&v);
	if (reason < 0) {
		check(r, "mmio-value", 0, "%s", v.err);
		skip(r, later + 1, "KVM_RUN failed");
		goto out;
	}
	struct kvm_run *run = v.run;
	got = 0;
	memcpy(&got, run->mmio.data, 8);	/* little-endian host and guest */
	if (!check(r, "mmio-value",
		   reason == KVM_EXIT_MMIO && run->mmio.is_write && run->mmio.len == 8 &&
		   run->mmio.phys_addr == VM_MMIO_BASE && got == want,
		   "exit %d (want %d MMIO) write=%u len=%u addr=0x%llx got 0x%llx want 0x%llx",
		   reason, KVM_EXIT_MMIO, run->mmio.is_write, run->mmio.len,
		   (unsigned long long)run->mmio.phys_addr, (unsigned long long)got,
		   (unsigned long long)want)) {
		skip(r, later + 1, "first exit wrong");
		goto out;
	}

	step("mmio-load", 30);
	v.mmio_read_value = READ_VALUE;
	v.sbi_ret[0] = 0;
	v.sbi_ret[1] = SBI_REPLY;
	if (vcpu_run_reports(&v, 16)) {
		check(r, "mmio-load", 0, "%s", v.err);
		skip(r, later + 2, "run failed");
		goto out;
	}
	check(r, "mmio-load", v.mmio_reads == 1 && v.report[0][2] == 3 * READ_VALUE + 1,
	      "reads=%u, guest stored 0x%llx want 3*0x%llx+1 = 0x%llx", v.mmio_reads,
	      (unsigned long long)v.report[0][2], READ_VALUE, 3 * READ_VALUE + 1);
	check(r, "mmio-compressed", v.report[0][3] == 0x1234abcd && v.report_len[0][3] == 4,
	      "c.sw stored 0x%llx len %u, want 0x1234abcd len 4",
	      (unsigned long long)v.report[0][3], v.report_len[0][3]);
	check(r, "sbi-forward",
	      v.sbi_exits == 1 && v.sbi.ext == SBI_EXT_KVMTEST && v.sbi.fid == SBI_KVMTEST_FID &&
	      v.sbi.args[0] == SBI_KVMTEST_ARG0 && v.sbi.args[1] == SBI_KVMTEST_ARG1 &&
	      v.report[0][4] == 0 && v.report[0][5] == SBI_REPLY,
	      "exits=%u ext=0x%lx fid=%lu args=0x%lx,0x%lx; guest got a0=%lld a1=0x%llx (want 0, 0x%lx)",
	      v.sbi_exits, v.sbi.ext, v.sbi.fid, v.sbi.args[0], v.sbi.args[1],
	      (long long)v.report[0][4], (unsigned long long)v.report[0][5], SBI_REPLY);
	step("get-one-reg", 10);
	if (vcpu_get_core(&v, CORE_REG(regs.s0), &s0))
		check(r, "get-one-reg", 0, "%s", v.err);
	else
		check(r, "get-one-reg", s0 == VM_MMIO_BASE, "s0=0x%llx want 0x%lx",
		      (unsigned long long)s0, VM_MMIO_BASE);
out:
	vcpu_close(&v);
	vm_close(&vm);
}

static void on_kick(int sig)
{
	(void)sig;		/* only interrupts KVM_RUN (EINTR) */
}

static void *secondary_thread(void *arg)
{
	struct vcpu *v = arg;

	return (void *)(long)vcpu_run_reports(v, 64);
}

static void scenario_smp(struct results *r)
{
	static const char *const later[] = { "smp-run", "sbi-spec-version", "hsm-hart-start",
					     "smp-secondary-entry", "hsm-status", NULL };
	struct vm vm;
	struct vcpu v[2];
	uint32_t st0 = ~0u, st1 = ~0u;
	pthread_t t;
	void *ret1;
	int rc0, rc1, n = 0;

	memset(v, 0, sizeof(v));
	v[0].fd = v[1].fd = -1;
	step("smp-setup", 30);
	if (vm_open(&vm, RAM_SIZE)) {
		check(r, "smp-setup", 0, "%s", vm.err);
		skip(r, later, "no VM");
		vm_close(&vm);
		return;
	}
	uint64_t args[2] = { 0, VM_MMIO_BASE };
	for (n = 0; n < 2; n++)
		if (vcpu_create(&vm, &v[n], n))
			break;
	/* A secondary hart waits for hart_start, as after firmware boot. */
	if (n < 2 || vcpu_set_mp_state(&v[1], KVM_MP_STATE_STOPPED) ||
	    vcpu_enter_at(&v[0], vm_load_blob(&vm, nested_smp_boot), args, 2) ||
	    vcpu_get_mp_state(&v[0], &st0) || vcpu_get_mp_state(&v[1], &st1)) {
		check(r, "smp-setup", 0, "%s", v[0].err[0] ? v[0].err : v[1].err);
		skip(r, later, "setup failed");
		goto out;
	}
	if (!check(r, "smp-setup", st0 == KVM_MP_STATE_RUNNABLE && st1 == KVM_MP_STATE_STOPPED,
		   "2 vCPUs, mp_state %u/%u want %u (runnable)/%u (stopped)", st0, st1,
		   KVM_MP_STATE_RUNNABLE, KVM_MP_STATE_STOPPED)) {
		skip(r, later, "setup failed");
		goto out;
	}

	step("smp-run", 60);
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_kick;	/* no SA_RESTART: KVM_RUN returns EINTR */
	sigaction(SIGUSR1, &sa, NULL);
	errno = pthread_create(&t, NULL, secondary_thread, &v[1]);
	if (errno) {
		check(r, "smp-run", 0, "pthread_create: %s", strerror(errno));
		skip(r, later + 1, "no thread");
		goto out;
	}
	rc0 = vcpu_run_reports(&v[0], 64);
	if (rc0 || v[0].report[0][3]) {
		/* vCPU 1 would wait for a start forever: end its KVM_RUN. */
		v[1].run->immediate_exit = 1;
		pthread_kill(t, SIGUSR1);
	}
	pthread_join(t, &ret1);
	rc1 = (int)(long)ret1;
	check(r, "smp-run", !rc0 && !rc1, "vCPU 0: %s; vCPU 1: %s",
	      rc0 ? v[0].err : "done", rc1 ? v[1].err : "done");

	check(r, "sbi-spec-version", v[0].report[0][1] == 0 && v[0].report[0][2] >= 2,
	      "error %lld, version %llu.%llu (want error 0, version >= 0.2)",
	      (long long)v[0].report[0][1], (unsigned long long)(v[0].report[0][2] >> 24 & 0x7f),
	      (unsigned long long)(v[0].report[0][2] & 0xffffff));
	check(r, "hsm-hart-start", !rc0 && v[0].report[0][3] == 0,
	      "hart_start(1) error %lld", (long long)v[0].report[0][3]);
	check(r, "smp-secondary-entry",
	      v[1].report[1][0] == 1 && v[1].report[1][1] == VM_MMIO_BASE,
	      "vCPU 1 entered with a0=%llu a1=0x%llx (want 1, opaque 0x%lx)",
	      (unsigned long long)v[1].report[1][0], (unsigned long long)v[1].report[1][1],
	      VM_MMIO_BASE);
	check(r, "hsm-status",
	      !rc0 && !rc1 && v[0].report[0][4] == 0 && v[0].report[0][5] == SBI_HSM_STATUS_STARTED &&
	      v[1].report[1][2] == 0 && v[1].report[1][3] == SBI_HSM_STATUS_STARTED,
	      "status(1) from vCPU 0: error %lld value %lld; status(0) from vCPU 1: error %lld value %lld (want 0 0 0 0)",
	      (long long)v[0].report[0][4], (long long)v[0].report[0][5],
	      (long long)v[1].report[1][2], (long long)v[1].report[1][3]);
out:
	for (n = 0; n < 2; n++)
		if (v[n].fd > 0)
			vcpu_close(&v[n]);
	vm_close(&vm);
}

int run_tests(struct results *r)
{
	scenario_single(r);
	scenario_smp(r);
	scenario_mmu(r);
	scenario_timer(r);
	scenario_ipi(r);
	return r->fail ? -1 : 0;
}
