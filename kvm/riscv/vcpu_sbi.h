/* SPDX-License-Identifier: MIT */
/* The SBI served to hypervisor guests (SBI specification v2.0; Linux:
 * arch/riscv/include/asm/kvm_vcpu_sbi.h): one table entry per extension,
 * one file per extension. */
#ifndef KVM_RISCV_VCPU_SBI_H
#define KVM_RISCV_VCPU_SBI_H

#include "kvm/kvm_internal.h"

/* Extension ids (SBI spec chapter 3 onwards). */
#define SBI_EXT_0_1_SET_TIMER      0x0
#define SBI_EXT_0_1_CONSOLE_PUTCHAR 0x1
#define SBI_EXT_0_1_CONSOLE_GETCHAR 0x2
#define SBI_EXT_0_1_CLEAR_IPI      0x3
#define SBI_EXT_0_1_SEND_IPI       0x4
#define SBI_EXT_0_1_REMOTE_FENCE_I 0x5
#define SBI_EXT_0_1_REMOTE_SFENCE_VMA 0x6
#define SBI_EXT_0_1_REMOTE_SFENCE_VMA_ASID 0x7
#define SBI_EXT_0_1_SHUTDOWN       0x8
#define SBI_EXT_BASE   0x10
#define SBI_EXT_TIME   0x54494D45
#define SBI_EXT_IPI    0x735049
#define SBI_EXT_RFENCE 0x52464E43
#define SBI_EXT_HSM    0x48534D
#define SBI_EXT_SRST   0x53525354
#define SBI_EXT_PMU    0x504D55
#define SBI_EXT_DBCN   0x4442434E
#define SBI_EXT_STA    0x535441
#define SBI_EXT_EXPERIMENTAL_START 0x08000000
#define SBI_EXT_EXPERIMENTAL_END   0x08FFFFFF
#define SBI_EXT_VENDOR_START       0x09000000
#define SBI_EXT_VENDOR_END         0x09FFFFFF

/* Error codes (SBI spec 3.2). */
#define SBI_SUCCESS                0
#define SBI_ERR_FAILED            -1
#define SBI_ERR_NOT_SUPPORTED     -2
#define SBI_ERR_INVALID_PARAM     -3
#define SBI_ERR_DENIED            -4
#define SBI_ERR_INVALID_ADDRESS   -5
#define SBI_ERR_ALREADY_AVAILABLE -6
#define SBI_ERR_ALREADY_STARTED   -7
#define SBI_ERR_ALREADY_STOPPED   -8
#define SBI_ERR_NO_SHMEM          -9

/* What an extension's handler made of a call. */
enum sbi_action {
	SBI_RET,         /* a0 = error, a1 = value; the guest continues after ECALL */
	SBI_RET_LEGACY,  /* v0.1: a0 = error only */
	SBI_FORWARD,     /* to the VMM as KVM_EXIT_RISCV_SBI */
	SBI_NO_RETURN,   /* the handler moved the vCPU on itself (hart_stop, ...) */
	SBI_EXIT,        /* registers untouched, run.exit_reason set: return to the VMM */
};

struct sbi_call {
	uint64_t eid, fid;
	uint64_t a[6];
	int64_t error;
	uint64_t value;
};

struct kvm_vcpu_sbi_extension {
	uint64_t eid_start, eid_end;
	unsigned ext_idx;   /* KVM_RISCV_SBI_EXT_*, or KVM_RISCV_SBI_EXT_MAX: always on (BASE) */
	enum sbi_action (*handler)(struct kvm_vcpu *vcpu, struct sbi_call *c);
};

extern const struct kvm_vcpu_sbi_extension vcpu_sbi_ext_v01;
extern const struct kvm_vcpu_sbi_extension vcpu_sbi_ext_base;
extern const struct kvm_vcpu_sbi_extension vcpu_sbi_ext_time;
extern const struct kvm_vcpu_sbi_extension vcpu_sbi_ext_ipi;
extern const struct kvm_vcpu_sbi_extension vcpu_sbi_ext_rfence;
extern const struct kvm_vcpu_sbi_extension vcpu_sbi_ext_srst;
extern const struct kvm_vcpu_sbi_extension vcpu_sbi_ext_hsm;
extern const struct kvm_vcpu_sbi_extension vcpu_sbi_ext_dbcn;
extern const struct kvm_vcpu_sbi_extension vcpu_sbi_ext_sta;
extern const struct kvm_vcpu_sbi_extension vcpu_sbi_ext_pmu;
extern const struct kvm_vcpu_sbi_extension vcpu_sbi_ext_experimental;
extern const struct kvm_vcpu_sbi_extension vcpu_sbi_ext_vendor;

/* The extension serving eid on this vCPU, or NULL (absent or disabled). */
const struct kvm_vcpu_sbi_extension *kvm_vcpu_sbi_find_ext(struct kvm_vcpu *vcpu, uint64_t eid);

/* Visit the vCPUs a (hart_mask, hart_mask_base) pair names (SBI spec 3.3:
 * base -1 means every hart).  Returns SBI_ERR_INVALID_PARAM, before
 * visiting any, when a named hart does not exist. */
int64_t kvm_vcpu_sbi_for_each_hart(struct kvm_vcpu *vcpu, uint64_t mask, uint64_t base,
				   void (*fn)(struct kvm_vcpu *target, void *opaque), void *opaque);

/* Per-hart actions for kvm_vcpu_sbi_for_each_hart, shared by the IPI and
 * RFENCE extensions and their v0.1 forms: raise hvip.VSSIP and wake; make
 * the request *(uint32_t *)opaque and wait for it. */
void kvm_vcpu_sbi_ipi_one(struct kvm_vcpu *target, void *opaque);
void kvm_vcpu_sbi_request_one(struct kvm_vcpu *target, void *opaque);

/* SYSTEM_EVENT exit (SRST, legacy shutdown). */
enum sbi_action kvm_vcpu_sbi_system_event(struct kvm_vcpu *vcpu, uint32_t type, uint64_t reason);

#endif
