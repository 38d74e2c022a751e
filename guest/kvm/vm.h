/*
 * A minimal VMM on Linux's /dev/kvm (Documentation/virt/kvm/api.rst): one
 * VM with one RAM slot, vCPUs with their kvm_run pages, ONE_REG access to
 * the RISC-V core registers, and a run loop that collects the nested
 * guest's MMIO reports (nested.h).
 */
#ifndef GUEST_KVM_VM_H
#define GUEST_KVM_VM_H

#include <stddef.h>
#include <stdint.h>
#include <linux/kvm.h>

#include "nested.h"

#define VM_RAM_GPA	0x80000000UL	/* the blob is copied here */
#define VM_MMIO_BASE	0x10000000UL	/* report region, outside every slot */
#define VM_MAX_VCPUS	2

struct vm {
	int kvm_fd, vm_fd;
	void *ram;			/* host mapping of guest RAM */
	size_t ram_size;
	size_t run_size;		/* KVM_GET_VCPU_MMAP_SIZE */
	char err[160];			/* what failed, for the FAIL line */
};

struct vcpu {
	struct vm *vm;
	int id, fd;
	struct kvm_run *run;
	/* Reports seen by vcpu_run_reports(), indexed [hart][slot]. */
	uint64_t report[VM_MAX_VCPUS][REPORT_SLOTS];
	uint32_t report_len[VM_MAX_VCPUS][REPORT_SLOTS];
	uint64_t mmio_read_value;	/* answer to a guest MMIO load */
	unsigned mmio_reads, sbi_exits, exits;
	struct { unsigned long ext, fid, args[6]; } sbi;	/* last forwarded call */
	unsigned long sbi_ret[2];	/* what the VMM answers it with */
	char err[160];
};

/* Each returns 0 or -1 with vm->err / vcpu->err set. */
int vm_open(struct vm *vm, size_t ram_size);
void vm_close(struct vm *vm);
/* Copy the nested blob to VM_RAM_GPA; returns the GPA of ENTRY. */
uint64_t vm_load_blob(struct vm *vm, const char *entry);
int vcpu_create(struct vm *vm, struct vcpu *v, int id);
void vcpu_close(struct vcpu *v);
int vcpu_set_core(struct vcpu *v, size_t index, uint64_t value);
int vcpu_get_core(struct vcpu *v, size_t index, uint64_t *value);
int vcpu_set_mp_state(struct vcpu *v, uint32_t state);
int vcpu_get_mp_state(struct vcpu *v, uint32_t *state);
/* ONE_REG timer register: KVM_REG_RISCV_TIMER_REG(frequency), (time), ... */
int vcpu_get_timer(struct vcpu *v, size_t index, uint64_t *value);
/* Set pc, mode S and a0..a3 (fewer when nargs < 4). */
int vcpu_enter_at(struct vcpu *v, uint64_t pc, const uint64_t *args, int nargs);
/* One KVM_RUN: the exit reason, or -1 (vcpu->err, errno kept). */
int vcpu_run_once(struct vcpu *v);
/*
 * Run until the guest stores to its REPORT_DONE slot, answering MMIO loads
 * with mmio_read_value and forwarded SBI calls with sbi_ret; fails on any
 * other exit or after max_exits exits.
 */
int vcpu_run_reports(struct vcpu *v, unsigned max_exits);
/*
 * vcpu_run_reports on each of v[0..n-1], each on its own thread, with a
 * deadline: a vCPU still running after secs seconds is stopped (its KVM_RUN
 * ends with EINTR) and fails with "no REPORT_DONE within N s".  For
 * scenarios whose nested guest waits for an interrupt that may never come.
 * Returns how many vCPUs failed (their err says why).
 */
int vcpus_run_reports(struct vcpu *const *v, int n, unsigned max_exits, unsigned secs);
/* A VM of ram_size with vCPU 0 about to enter ENTRY with ARGS (vm->err). */
int vm_open_one(struct vm *vm, struct vcpu *v, size_t ram_size, const char *entry,
		const uint64_t *args, int nargs);

/* ONE_REG index of a core register: CORE_REG(regs.pc), CORE_REG(mode). */
#define CORE_REG(name)	KVM_REG_RISCV_CORE_REG(name)

#endif
