// SPDX-License-Identifier: MIT
/* Fuzz target: a hostile hypervisor guest against the core's SBI and MMIO
 * exit paths (kvm/riscv/vcpu_sbi*.c, kvm/vcpu_run.c).  The input is a list
 * of 72-byte records; each becomes guest code run by vCPU 0 of a
 * KVM_VM_TYPE_HYP_GUEST VM with two vCPUs:
 *   kind & 1 == 0: an ECALL with a7, a6, a0..a5 from the record (any
 *                  extension, function and arguments: HSM starts, stops
 *                  and suspends, fences over any range, SRST, forwarded
 *                  DBCN/experimental/vendor calls)
 *   kind & 1 == 1: a load or store of width 1/2/4/8 (signed or not) to an
 *                  MMIO address or any address the record names
 * The harness answers MMIO reads and forwarded SBI calls with record
 * bytes.  Faults are the guest's own (a VS handler skips the instruction).
 * Invariants: no crash or sanitizer report, no KVM_EXIT_INTERNAL_ERROR
 * (an unexpected VM exit), KVM_RUN never fails other than -EINTR, and the
 * guest's a0 after an SBI call is an SBI error code the spec defines. */
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#include "rvkvm/kvm.h"

#define RAM_BASE   0x80000000ULL
#define RAM_SIZE   (1ULL << 20)
#define CODE_OFF   0x1000          /* guest code; the VS trap handler at 0 */
#define DATA_OFF   0x80000         /* the records' register values */
#define MMIO_BASE  0x10000000ULL
#define MMIO_SIZE  0x1000ULL
#define REC_SIZE   72              /* kind, pad, 8 values */
#define SBI_EXT_HSM  0x48534D
#define SBI_EXT_DBCN 0x4442434E
#define MAX_RECS   256

struct rec {
	uint8_t kind, width, pad[6];
	uint64_t v[8];               /* ECALL: a7, a6, a0..a5; access: addr, data, reply... */
};

#ifndef FUZZ_SBI_SEEDS
static uint32_t i_type(unsigned op, unsigned f3, unsigned rd, unsigned rs1, int imm)
{
	return (uint32_t)(imm & 0xfff) << 20 | rs1 << 15 | f3 << 12 | rd << 7 | op;
}

static uint32_t s_type(unsigned f3, unsigned rs1, unsigned rs2, int imm)
{
	return (uint32_t)((imm >> 5) & 0x7f) << 25 | rs2 << 20 | rs1 << 15 | f3 << 12 |
	       (uint32_t)(imm & 0x1f) << 7 | 0x23;
}

#define LD(rd, rs1, off)    i_type(0x03, 3, rd, rs1, off)
#define ADDI(rd, rs1, imm)  i_type(0x13, 0, rd, rs1, imm)
#define SD(rs2, rs1, off)   s_type(3, rs1, rs2, off)
#define ECALL               0x00000073u
enum { T0 = 5, T1 = 6, S0 = 8, A0 = 10, T6 = 31 };

/* VS trap handler at RAM_BASE: skip the trapping instruction (4 bytes). */
static const uint32_t handler[] = {
	0x14102ff3, /* csrr t6, sepc */
	0x004f8f93, /* addi t6, t6, 4 */
	0x141f9073, /* csrw sepc, t6 */
	0x10200073, /* sret */
};

struct harness {
	struct kvm_vcpu *v0;
	const struct rec *recs;
	size_t nrecs;
	volatile int done;
};

static void *watchdog(void *arg)
{
	struct harness *hs = arg;
	/* HSM stop/suspend of vCPU 0 may sleep: a kick ends the run. */
	for (int i = 0; i < 50 && !hs->done; i++) {
		struct timespec ts = { 0, 1000000 };
		nanosleep(&ts, NULL);
	}
	while (!hs->done) {
		kvm_vcpu_kick(hs->v0);
		struct timespec ts = { 0, 1000000 };
		nanosleep(&ts, NULL);
	}
	return NULL;
}

static bool sbi_error_ok(int64_t e)
{
	return e <= 0 && e >= -9;  /* SBI_SUCCESS .. SBI_ERR_NO_SHMEM (SBI spec 3.2) */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t n = size / REC_SIZE;
	if (n == 0)
		return 0;
	if (n > MAX_RECS)
		n = MAX_RECS;
	struct rec recs[MAX_RECS];
	memcpy(recs, data, n * REC_SIZE);

	struct kvm *kvm;
	struct kvm_vm *vm;
	struct kvm_vcpu *v0, *v1;
	if (kvm_open(&kvm) || kvm_create_vm(kvm, KVM_VM_TYPE_HYP_GUEST, &vm))
		abort();
	uint8_t *ram = mmap(NULL, RAM_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (ram == MAP_FAILED)
		abort();
	struct kvm_userspace_memory_region r = { .slot = 0, .guest_phys_addr = RAM_BASE,
						 .memory_size = RAM_SIZE, .userspace_addr = (uintptr_t)ram };
	struct kvm_rvkvm_mmio_region mr = { .guest_phys_addr = MMIO_BASE, .size = MMIO_SIZE };
	uint64_t pc = RAM_BASE + CODE_OFF;
	if (kvm_vm_ioctl(vm, KVM_SET_USER_MEMORY_REGION, &r) || kvm_vm_ioctl(vm, KVM_CREATE_IRQCHIP, NULL) ||
	    kvm_vm_ioctl(vm, KVM_RVKVM_ADD_MMIO_REGION, &mr) ||
	    kvm_vm_ioctl(vm, KVM_RVKVM_SET_RESET_PC, &pc) ||
	    kvm_create_vcpu(vm, 0, &v0) || kvm_create_vcpu(vm, 1, &v1))
		abort();

	/* The guest: per record, load the values through s0, then act. */
	memcpy(ram, handler, sizeof(handler));
	uint32_t *code = (uint32_t *)(ram + CODE_OFF);
	size_t c = 0;
	static const unsigned ecall_regs[8] = { 17, 16, 10, 11, 12, 13, 14, 15 };
	static const unsigned loads[7] = { 0, 1, 2, 3, 4, 5, 6 };  /* lb lh lw ld lbu lhu lwu */
	for (size_t i = 0; i < n; i++) {
		const struct rec *rc = &recs[i];
		memcpy(ram + DATA_OFF + i * 64, rc->v, 64);
		if (!(rc->kind & 1)) {
			for (unsigned k = 0; k < 8; k++)
				code[c++] = LD(ecall_regs[k], S0, (int)(k * 8));
			code[c++] = ECALL;
			code[c++] = SD(A0, S0, 0);   /* the result, and a mark that it ran */
			code[c++] = SD(S0, S0, 8);
		} else {
			/* Mostly the MMIO region, sometimes wherever the record says. */
			uint64_t addr = rc->kind & 2 ? rc->v[0] : MMIO_BASE + (rc->v[0] & (MMIO_SIZE - 8));
			memcpy(ram + DATA_OFF + i * 64, &addr, 8);
			code[c++] = LD(T0, S0, 0);
			code[c++] = LD(T1, S0, 8);
			unsigned w = rc->width & 3;
			if (rc->kind & 4)
				code[c++] = s_type(w, T0, T1, 0);
			else
				code[c++] = i_type(0x03, loads[(rc->width >> 2) % 7], T1, T0, 0);
		}
		code[c++] = ADDI(S0, S0, 64);
	}
	/* End: SRST shutdown (a7 = SRST, a6 = 0, a0 = 0, a1 = 0). */
	static const uint32_t tail[] = {
		0x535258b7, /* lui a7, 0x53525 */
		0x3548889b, /* addiw a7, a7, 0x354 */
		0x00000813, /* li a6, 0 */
		0x00000513, /* li a0, 0 */
		0x00000593, /* li a1, 0 */
		ECALL,
		0x0000006f, /* j . */
	};
	memcpy(code + c, tail, sizeof(tail));

	uint64_t s0 = RAM_BASE + DATA_OFF, stvec = RAM_BASE;
	struct kvm_one_reg reg = { .id = KVM_REG_RISCV_CORE_REG(S0), .addr = (uintptr_t)&s0 };
	kvm_vcpu_ioctl(v0, KVM_SET_ONE_REG, &reg);
	reg = (struct kvm_one_reg){ .id = KVM_REG_RISCV_CSR_REG(KVM_REG_RISCV_CSR_STVEC),
				    .addr = (uintptr_t)&stvec };
	kvm_vcpu_ioctl(v0, KVM_SET_ONE_REG, &reg);

	struct harness hs = { .v0 = v0, .recs = recs, .nrecs = n };
	pthread_t wd;
	pthread_create(&wd, NULL, watchdog, &hs);
	struct kvm_run *run = kvm_vcpu_run_struct(v0);
	size_t reply = 0;
	for (int guard = 0; guard < 4 * MAX_RECS + 16; guard++) {
		long ret = kvm_vcpu_ioctl(v0, KVM_RUN, NULL);
		if (ret == -EINTR)
			break;  /* the watchdog: vCPU 0 stopped or suspended itself */
		if (ret != 0)
			__builtin_trap();
		const struct rec *rc = &recs[reply++ % n];
		if (run->exit_reason == KVM_EXIT_MMIO) {
			if (!run->mmio.is_write)
				memcpy(run->mmio.data, &rc->v[2], sizeof(run->mmio.data));
		} else if (run->exit_reason == KVM_EXIT_RISCV_SBI) {
			run->riscv_sbi.ret[0] = rc->v[3];
			run->riscv_sbi.ret[1] = rc->v[4];
		} else if (run->exit_reason == KVM_EXIT_SYSTEM_EVENT) {
			break;
		} else {
			__builtin_trap();  /* internal error: a VM exit the core did not expect */
		}
	}
	/* Every core-served call that ran returned a defined SBI error in a0
	 * (forwarded calls return what the harness said).  A non-retentive
	 * HSM suspend may resume anywhere: stop looking there. */
	for (size_t i = 0; i < n; i++) {
		const struct rec *rc = &recs[i];
		if (rc->kind & 1)
			continue;
		uint64_t slot = RAM_BASE + DATA_OFF + i * 64, mark, a0;
		memcpy(&mark, ram + DATA_OFF + i * 64 + 8, 8);
		memcpy(&a0, ram + DATA_OFF + i * 64, 8);
		uint64_t eid = rc->v[0], fid = rc->v[1];
		if (mark != slot || (eid == SBI_EXT_HSM && fid == 3))
			break;
		bool forwarded = eid == 1 || eid == 2 || eid == SBI_EXT_DBCN ||
				 (eid >= 0x08000000 && eid <= 0x09FFFFFF);
		if (!forwarded && !sbi_error_ok((int64_t)a0)) {
			fprintf(stderr, "eid %#llx fid %#llx returned %lld\n", (unsigned long long)eid,
				(unsigned long long)fid, (long long)a0);
			__builtin_trap();
		}
	}
	hs.done = 1;
	pthread_join(wd, NULL);
	kvm_vm_destroy(vm);
	kvm_close(kvm);
	munmap(ram, RAM_SIZE);
	return 0;
}
#else
/* Seed corpus: one input per extension, with valid and edge-case calls,
 * written to the directory argv[1] (built without libFuzzer). */
static void put(struct rec *r, size_t *n, uint64_t eid, uint64_t fid, uint64_t a0, uint64_t a1,
		uint64_t a2)
{
	r[(*n)++] = (struct rec){ .kind = 0, .v = { eid, fid, a0, a1, a2, 0, 0, 0 } };
}

static void mmio(struct rec *r, size_t *n, bool store, unsigned width, uint64_t addr)
{
	r[(*n)++] = (struct rec){ .kind = (uint8_t)(1 | (store ? 4 : 0)), .width = (uint8_t)width,
				  .v = { addr, 0x8877665544332211ULL, 0xfedcba9876543210ULL } };
}

static void write_seed(const char *dir, const char *name, const struct rec *r, size_t n)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(r, REC_SIZE, n, f) != n || fclose(f))
		exit(1);
}

int main(int argc, char **argv)
{
	if (argc != 2)
		return 2;
	struct rec r[32];
	size_t n = 0;
	put(r, &n, 0x10, 0, 0, 0, 0);
	put(r, &n, 0x10, 3, 0x735049, 0, 0);
	put(r, &n, 0x10, 3, 0x504D55, 0, 0);
	put(r, &n, 0x10, 99, 0, 0, 0);
	write_seed(argv[1], "base", r, n);
	n = 0;
	put(r, &n, 0x54494D45, 0, 0, 0, 0);
	put(r, &n, 0x54494D45, 0, ~0ULL, 0, 0);
	put(r, &n, 0x735049, 0, 1, 0, 0);
	put(r, &n, 0x735049, 0, ~0ULL, ~0ULL, 0);
	put(r, &n, 0x735049, 0, 1, 63, 0);
	write_seed(argv[1], "time_ipi", r, n);
	n = 0;
	for (uint64_t fid = 0; fid < 7; fid++)
		put(r, &n, 0x52464E43, fid, 3, 0, 0);
	put(r, &n, 0x52464E43, 1, 0, ~0ULL, 0);
	write_seed(argv[1], "rfence", r, n);
	n = 0;
	put(r, &n, SBI_EXT_HSM, 2, 1, 0, 0);
	put(r, &n, SBI_EXT_HSM, 0, 1, RAM_BASE + CODE_OFF, 7);
	put(r, &n, SBI_EXT_HSM, 0, 1, 0x1000, 7);
	put(r, &n, SBI_EXT_HSM, 2, 1, 0, 0);
	put(r, &n, SBI_EXT_HSM, 3, 0, 0, 0);
	put(r, &n, SBI_EXT_HSM, 3, 0x80000000, 3, 0);
	write_seed(argv[1], "hsm", r, n);
	n = 0;
	put(r, &n, 0x53525354, 0, 5, 0, 0);
	put(r, &n, 0x53525354, 0, 0, 7, 0);
	put(r, &n, 0x53525354, 0, 0xF0000000, 0, 0);
	put(r, &n, SBI_EXT_DBCN, 0, 8, RAM_BASE, 0);
	put(r, &n, SBI_EXT_DBCN, 2, 'x', 0, 0);
	put(r, &n, 0x08000001, 0, 0, 0, 0);
	for (uint64_t eid = 0; eid <= 8; eid++)
		put(r, &n, eid, 0, eid == 4 ? RAM_BASE + DATA_OFF : 0, 0, 0);
	write_seed(argv[1], "srst_dbcn_v01", r, n);
	n = 0;
	for (unsigned w = 0; w < 7; w++)
		mmio(r, &n, false, w << 2, MMIO_BASE);
	for (unsigned w = 0; w < 4; w++)
		mmio(r, &n, true, w, MMIO_BASE + 8);
	mmio(r, &n, false, 3 << 2, 0x40);
	write_seed(argv[1], "mmio", r, n);
	return 0;
}
#endif
