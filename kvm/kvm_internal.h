/* SPDX-License-Identifier: MIT */
/* The hypervisor core's private objects: the system handle, VMs, memory
 * slots and vCPUs (Linux: struct kvm, struct kvm_memory_slot, struct
 * kvm_vcpu).  Only kvm/ includes this header. */
#ifndef KVM_KVM_INTERNAL_H
#define KVM_KVM_INTERNAL_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "rvkvm/kvm.h"
#include "hw/bus.h"
#include "hw/riscv/aclint.h"
#include "hw/riscv/hart.h"
#include "hw/riscv/plic.h"

#define KVM_PAGE_SIZE 4096ULL

/* Platform layout of a full machine (QEMU virt / spike compatible). */
#define KVM_ACLINT_BASE 0x02000000ULL
#define KVM_ACLINT_SSWI_BASE 0x02f00000ULL  /* as QEMU virt with aclint=on */
#define KVM_PLIC_BASE   0x0c000000ULL  /* KVM_CREATE_IRQCHIP */

struct kvm {
	int nr_vms;
};

struct kvm_memslot {
	bool used;
	uint32_t flags;
	uint64_t base_gfn;       /* guest_phys_addr >> 12 */
	uint64_t npages;
	uint64_t userspace_addr;
};

struct kvm_vm {
	struct kvm *kvm;
	unsigned long type;
	struct bus bus;
	struct rv_clock clock;
	struct aclint aclint;
	struct plic *plic;       /* KVM_CREATE_IRQCHIP; NULL before */
	uint64_t reset_pc;
	struct kvm_memslot memslots[KVM_USER_MEM_SLOTS];
	/* Indexed by vCPU id; filled as vCPUs are created (the ACLINT reads
	 * harts[] from other vCPU threads, so entries are published with
	 * release stores). */
	struct kvm_vcpu *vcpus[KVM_MAX_VCPUS];
	struct hart *harts[KVM_MAX_VCPUS];
	pthread_mutex_t lock;    /* serialises vCPU creation */
};

/* Per-cause exit counters (Linux: struct kvm_vcpu_stat). */
struct kvm_vcpu_stat {
	uint64_t runs;           /* KVM_RUN calls */
	uint64_t exits;          /* returns to the VMM */
	uint64_t mmio_exits;
	uint64_t wfi_exits;      /* WFI sleeps */
	uint64_t wfi_wakeups_timer;
	uint64_t kick_exits;     /* KVM_EXIT_INTR returns */
	uint64_t budget_exits;   /* instruction budget used up (re-entered) */
	uint64_t error_exits;
};

struct kvm_vcpu {
	struct kvm_vm *vm;
	unsigned id;
	struct hart *hart;
	struct kvm_run run;
	bool mmio_pending;       /* run.mmio describes an exit not yet completed */
	bool halted;             /* HART_EV_ERROR stopped the hart */
	_Atomic uint32_t mp_state;
	struct kvm_vcpu_stat stat;

	/* Sleep/wake: a vCPU in WFI (or stopped) waits on cond; kicks and
	 * interrupt-line changes signal it. */
	pthread_mutex_t lock;
	pthread_cond_t cond;
	atomic_bool kick_pending;  /* kvm_vcpu_kick() not yet answered by -EINTR */
	uint64_t wake_seq;         /* bumped under lock by every wake */
};

/* irqchip.c */
int kvm_vm_create_irqchip(struct kvm_vm *vm);
int kvm_irqchip_irq_line(struct kvm_vm *vm, const struct kvm_irq_level *irq);
void kvm_vm_destroy_irqchip(struct kvm_vm *vm);

/* memslot.c */
int kvm_vm_set_memory_region(struct kvm_vm *vm, const struct kvm_userspace_memory_region *mem);
void kvm_vm_free_memslots(struct kvm_vm *vm);

/* vcpu.c */
void kvm_vcpu_wake(struct kvm_vcpu *vcpu);
void kvm_vcpu_destroy(struct kvm_vcpu *vcpu);

/* vcpu_run.c */
int kvm_vcpu_run(struct kvm_vcpu *vcpu);

/* vcpu_reg.c */
int kvm_vcpu_get_one_reg(struct kvm_vcpu *vcpu, const struct kvm_one_reg *reg);
int kvm_vcpu_set_one_reg(struct kvm_vcpu *vcpu, const struct kvm_one_reg *reg);

#endif
