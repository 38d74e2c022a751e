// SPDX-License-Identifier: MIT
/* Selftest of the core's SBI PMU extension for KVM_VM_TYPE_HYP_GUEST VMs
 * (kvm/riscv/vcpu_sbi_pmu.c): the guest pmu_guest.S runs on one vCPU,
 * stores each call's (error, value) and what it counted in result slots,
 * and shuts down; the slots are checked here.  Also the ONE_REG view:
 * the PMU's SBI_EXT register and the Sscofpmf ISA_EXT register.
 *
 *   pmu_test GUEST.bin   one "PASS kvm_pmu.<case>" / "FAIL kvm_pmu.<case>"
 *                        line per case; exit status 1 if any failed. */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "rvkvm/kvm.h"
#include "tests/kvm/pmu_guest.h"

#define EXPECT_SUITE "kvm_pmu"
#include "tests/lib/expect.h"
#include "tests/lib/kvm_util.h"

#define ALARM_S 60

#define SBI_SUCCESS            0
#define SBI_ERR_NOT_SUPPORTED  (-2)
#define SBI_ERR_INVALID_PARAM  (-3)
#define SBI_ERR_ALREADY_STARTED (-7)
#define SBI_ERR_ALREADY_STOPPED (-8)
#define SBI_ERR_NO_SHMEM       (-9)
#define CSR_CYCLE              0xc00
#define INFO(csr)              ((63ULL << 12) | (csr))   /* hardware, 64 bits */
#define INTR_LCOFI             ((1ULL << 63) | 13)

static void on_alarm(int sig)
{
	(void)sig;
	static const char msg[] = "FAIL kvm_pmu.timeout\n";
	ssize_t r = write(STDOUT_FILENO, msg, sizeof(msg) - 1);
	(void)r;
	_exit(1);
}

static uint8_t *ram;

static uint64_t *slot(unsigned n)
{
	return (uint64_t *)(ram + (RES_BASE - RAM_BASE) + 16ULL * n);
}

#define A0(n) ((long long)slot(n)[0])
#define A1(n) ((long long)slot(n)[1])
#define EXPECT_SLOT(n, e0, e1) do { EXPECT_EQ(A0(n), (e0)); EXPECT_EQ(A1(n), (e1)); } while (0)
#define EXPECT_ERR(n, e0) EXPECT_EQ(A0(n), (e0))
#define EXPECT_RANGE(v, lo, hi) do {                                          \
		long long _v = (long long)(v);                                \
		if (_v < (lo) || _v > (hi)) {                                 \
			fprintf(stderr, "%s: %s = %lld, expected %lld..%lld\n", \
				cur_case, #v, _v, (long long)(lo), (long long)(hi)); \
			cur_ok = false;                                       \
		}                                                             \
	} while (0)

static void *load(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		perror(path);
		exit(1);
	}
	static uint8_t buf[RAM_SIZE / 2];
	*size = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	return buf;
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: %s GUEST.bin\n", argv[0]);
		return 2;
	}
	signal(SIGALRM, on_alarm);
	alarm(ALARM_S);
	size_t size;
	const void *image = load(argv[1], &size);

	struct kvm *kvm;
	struct kvm_vm *vm;
	struct kvm_vcpu *v;
	begin("create");
	EXPECT_EQ(kvm_open(&kvm), 0);
	EXPECT_EQ(kvm_create_vm(kvm, KVM_VM_TYPE_HYP_GUEST, &vm), 0);
	ram = alloc_ram(RAM_SIZE);
	memcpy(ram, image, size);
	for (unsigned i = 0; i < RES_SLOTS; i++)
		slot(i)[0] = slot(i)[1] = SLOT_UNSET;
	EXPECT_EQ(set_region(vm, 0, 0, RAM_BASE, RAM_SIZE, ram), 0);
	EXPECT_EQ(kvm_create_vcpu(vm, 0, &v), 0);
	end();
	if (failures)
		return 1;

	begin("onereg");
	uint64_t val = 99;
	EXPECT_EQ(get_reg(v, KVM_REG_RISCV_SBI_EXT_REG(KVM_RISCV_SBI_EXT_PMU), &val), 0);
	EXPECT_EQ(val, 1);
	val = 99;
	EXPECT_EQ(get_reg(v, KVM_REG_RISCV_ISA_EXT_REG(KVM_RISCV_ISA_EXT_SSCOFPMF), &val), 0);
	EXPECT_EQ(val, 1);
	EXPECT_EQ(set_reg(v, KVM_REG_RISCV_ISA_EXT_REG(KVM_RISCV_ISA_EXT_SSCOFPMF), 1), 0);
	end();

	begin("run");
	struct kvm_run *run = kvm_vcpu_run_struct(v);
	bool done = false;
	for (int i = 0; i < 10000 && !done; i++) {
		long r = kvm_vcpu_ioctl(v, KVM_RUN, NULL);
		if (r == -EINTR)
			continue;
		if (r < 0) {
			fprintf(stderr, "KVM_RUN: %ld\n", r);
			cur_ok = false;
			break;
		}
		switch (run->exit_reason) {
		case KVM_EXIT_SYSTEM_EVENT:
			done = true;
			break;
		case KVM_EXIT_INTERNAL_ERROR:
			fprintf(stderr, "internal error at pc %#llx\n",
				(unsigned long long)run->internal.data[0]);
			cur_ok = false;
			done = true;
			break;
		default:
			fprintf(stderr, "unexpected exit %u\n", run->exit_reason);
			cur_ok = false;
			done = true;
			break;
		}
	}
	EXPECT(done);
	EXPECT_SLOT(R_DONE, DONE_MAGIC, 0);
	end();

	begin("discovery");
	EXPECT_SLOT(R_PROBE, SBI_SUCCESS, 1);
	EXPECT_SLOT(R_NUM, SBI_SUCCESS, 32);
	EXPECT_SLOT(R_INFO0, SBI_SUCCESS, INFO(CSR_CYCLE));
	EXPECT_ERR(R_INFO1, SBI_ERR_INVALID_PARAM);       /* time is no counter */
	EXPECT_SLOT(R_INFO3, SBI_SUCCESS, INFO(CSR_CYCLE + 3));
	EXPECT_SLOT(R_INFO31, SBI_SUCCESS, INFO(CSR_CYCLE + 31));
	EXPECT_ERR(R_INFO32, SBI_ERR_INVALID_PARAM);
	end();

	begin("config_errors");
	EXPECT_ERR(R_CFG_EMPTY, SBI_ERR_INVALID_PARAM);
	EXPECT_ERR(R_CFG_BEYOND, SBI_ERR_INVALID_PARAM);
	EXPECT_ERR(R_CFG_CACHE, SBI_ERR_NOT_SUPPORTED);
	EXPECT_ERR(R_CFG_FW, SBI_ERR_NOT_SUPPORTED);
	end();

	/* The loop is 2 * LOOP_N instructions; the code around it in the
	 * measured window (after the start's ECALL, up to the stop's) a few. */
	fprintf(stderr, "kvm_pmu: counted %lld (loop %d), raw %lld, at the overflow handler %lld\n",
		A0(R_COUNT), 2 * LOOP_N, A1(R_RAW_COUNT), A1(R_OVF_OF));
	begin("count_instructions");
	EXPECT_SLOT(R_CFG_INSN, SBI_SUCCESS, 3);
	EXPECT_SLOT(R_START, SBI_SUCCESS, 0);
	EXPECT_SLOT(R_STOP, SBI_SUCCESS, 0);
	EXPECT_RANGE(A0(R_COUNT), 2 * LOOP_N, 2 * LOOP_N + 16);
	EXPECT_EQ(A1(R_COUNT), A0(R_COUNT));               /* stopped */
	end();

	begin("start_stop_errors");
	EXPECT_SLOT(R_RESTART_ERR, SBI_ERR_ALREADY_STOPPED, SBI_SUCCESS);
	EXPECT_SLOT(R_START_AGAIN, SBI_ERR_ALREADY_STARTED, SBI_SUCCESS);
	EXPECT_ERR(R_START_SNAP, SBI_ERR_NO_SHMEM);
	EXPECT_ERR(R_RESET, SBI_ERR_ALREADY_STOPPED);     /* stopped, and released */
	EXPECT_SLOT(R_CFG_AFTER, SBI_SUCCESS, 3);
	end();

	begin("mode_filter");
	EXPECT_SLOT(R_CFG_UONLY, SBI_SUCCESS, 4);
	EXPECT_SLOT(R_UONLY_COUNT, SBI_SUCCESS, 0);        /* S-mode inhibited */
	end();

	begin("raw_event");
	EXPECT_SLOT(R_CFG_RAW, SBI_SUCCESS, 5);
	EXPECT_EQ(A0(R_RAW_COUNT), SBI_SUCCESS);
	EXPECT_RANGE(A1(R_RAW_COUNT), 2 * LOOP_N, 2 * LOOP_N + 24);
	end();

	begin("firmware_and_snapshot");
	EXPECT_ERR(R_FW_READ, SBI_ERR_INVALID_PARAM);
	EXPECT_ERR(R_SNAPSHOT, SBI_ERR_NOT_SUPPORTED);
	end();

	begin("cycle_counter");
	EXPECT_SLOT(R_CFG_CYCLE, SBI_SUCCESS, 0);
	EXPECT_ERR(R_CYCLE_START, SBI_ERR_ALREADY_STARTED);  /* runs from reset */
	EXPECT_ERR(R_CYCLE_STOP, SBI_SUCCESS);
	EXPECT_EQ(A0(R_CYCLE_FROZEN), A1(R_CYCLE_FROZEN));
	EXPECT_SLOT(R_CYCLE_RESET, SBI_ERR_ALREADY_STOPPED, 1);
	end();

	/* The overflow comes as the guest's own interrupt 13 within a block
	 * or two: the counter has counted the handler's first instructions
	 * and little more. */
	begin("overflow_interrupt");
	EXPECT_SLOT(R_OVF_CFG, SBI_SUCCESS, 3);
	EXPECT_EQ(A0(R_OVF_START), SBI_SUCCESS);
	EXPECT_SLOT(R_OVF_IRQ, (long long)INTR_LCOFI, 1);
	EXPECT_EQ(A0(R_OVF_OF), 1 << 3);                   /* scountovf */
	EXPECT_RANGE(A1(R_OVF_OF), 1, 100);
	EXPECT_EQ(A0(R_OVF_SIP) & (1 << 13), 0);           /* cleared by the guest */
	EXPECT_EQ(A1(R_OVF_SIP), SBI_SUCCESS);
	end();

	kvm_vm_destroy(vm);
	kvm_close(kvm);
	munmap(ram, RAM_SIZE);
	return failures ? 1 : 0;
}
