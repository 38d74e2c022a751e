// SPDX-License-Identifier: MIT
/* KVM_GET_ONE_REG / KVM_SET_ONE_REG (Linux: arch/riscv/kvm/vcpu_onereg.c).
 * Register ids: arch RISCV, size U64, type CORE (0 = pc, 1..31 = x1..x31,
 * 32 = privilege mode), CSR (any implemented CSR by number) or FP_D
 * (0..31 = f0..f31, 32 = fcsr).  Bad arch/size: -EINVAL; unknown register:
 * -ENOENT (as Linux). */
#include <errno.h>
#include <string.h>

#include "kvm/kvm_internal.h"

#define KVM_REG_ARCH_MASK  0xff00000000000000ULL
#define KVM_REG_SIZE_MASK  0x00f0000000000000ULL
#define KVM_REG_TYPE_MASK  0x00000000ff000000ULL
#define KVM_REG_INDEX_MASK 0x0000000000ffffffULL

#define CSR_FCSR 0x003
#define CORE_INDEX_MODE 32

enum reg_op { REG_GET, REG_SET };

static int kvm_reg_core(struct hart *h, uint64_t idx, enum reg_op op, uint64_t *v)
{
	if (idx == 0) {
		if (op == REG_GET)
			*v = hart_get_pc(h);
		else
			hart_set_pc(h, *v);
	} else if (idx < 32) {
		if (op == REG_GET)
			*v = hart_get_gpr(h, (unsigned)idx);
		else
			hart_set_gpr(h, (unsigned)idx, *v);
	} else if (idx == CORE_INDEX_MODE) {
		if (op == REG_GET) {
			*v = hart_get_priv(h);
		} else {
			if (*v != 0 && *v != 1 && *v != 3)  /* U, S, M */
				return -EINVAL;
			hart_set_priv(h, (unsigned)*v);
		}
	} else {
		return -ENOENT;
	}
	return 0;
}

static int kvm_reg_csr(struct hart *h, uint64_t idx, enum reg_op op, uint64_t *v)
{
	if (idx >= 4096)
		return -ENOENT;
	bool ok = op == REG_GET ? hart_csr_get(h, (unsigned)idx, v)
				: hart_csr_set(h, (unsigned)idx, *v);
	return ok ? 0 : -ENOENT;
}

static int kvm_reg_fp(struct hart *h, uint64_t idx, enum reg_op op, uint64_t *v)
{
	if (idx < 32) {
		if (op == REG_GET)
			*v = hart_get_fpr(h, (unsigned)idx);
		else
			hart_set_fpr(h, (unsigned)idx, *v);
		return 0;
	}
	if (idx == 32)
		return kvm_reg_csr(h, CSR_FCSR, op, v);
	return -ENOENT;
}

static int kvm_vcpu_one_reg(struct kvm_vcpu *vcpu, const struct kvm_one_reg *reg, enum reg_op op)
{
	if ((reg->id & KVM_REG_ARCH_MASK) != KVM_REG_RISCV ||
	    (reg->id & KVM_REG_SIZE_MASK) != KVM_REG_SIZE_U64)
		return -EINVAL;
	if (reg->id & ~(KVM_REG_ARCH_MASK | KVM_REG_SIZE_MASK | KVM_REG_TYPE_MASK | KVM_REG_INDEX_MASK))
		return -ENOENT;
	if (!reg->addr)
		return -EFAULT;
	void *user = (void *)(uintptr_t)reg->addr;
	uint64_t idx = reg->id & KVM_REG_INDEX_MASK, v = 0;
	if (op == REG_SET)
		memcpy(&v, user, sizeof(v));
	int r;
	switch (reg->id & KVM_REG_TYPE_MASK) {
	case KVM_REG_RISCV_CORE:
		r = kvm_reg_core(vcpu->hart, idx, op, &v);
		break;
	case KVM_REG_RISCV_CSR:
		r = kvm_reg_csr(vcpu->hart, idx, op, &v);
		break;
	case KVM_REG_RISCV_FP_D:
		r = kvm_reg_fp(vcpu->hart, idx, op, &v);
		break;
	case KVM_REG_RISCV_SBI_EXT:
		if (!kvm_vm_is_hyp_guest(vcpu->vm))
			return -ENOENT;  /* a full machine's SBI is its firmware's */
		r = kvm_riscv_vcpu_sbi_ext_reg(vcpu, idx, op == REG_SET, &v);
		break;
	default:
		return -ENOENT;
	}
	if (r == 0 && op == REG_GET)
		memcpy(user, &v, sizeof(v));
	return r;
}

int kvm_vcpu_get_one_reg(struct kvm_vcpu *vcpu, const struct kvm_one_reg *reg)
{
	return kvm_vcpu_one_reg(vcpu, reg, REG_GET);
}

int kvm_vcpu_set_one_reg(struct kvm_vcpu *vcpu, const struct kvm_one_reg *reg)
{
	return kvm_vcpu_one_reg(vcpu, reg, REG_SET);
}
