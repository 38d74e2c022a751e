// SPDX-License-Identifier: MIT
/* SBI extensions the VMM serves (Linux: vcpu_sbi_replace.c's DBCN and
 * vcpu_sbi_base.c's forwarded ranges): the Debug Console (SBI spec chapter
 * 12: the VMM owns the console and checks the buffer against guest RAM),
 * and the experimental and vendor ranges, all as KVM_EXIT_RISCV_SBI. */
#include "kvm/riscv/vcpu_sbi.h"

static enum sbi_action sbi_forward(struct kvm_vcpu *vcpu, struct sbi_call *c)
{
	(void)vcpu;
	(void)c;
	return SBI_FORWARD;
}

const struct kvm_vcpu_sbi_extension vcpu_sbi_ext_dbcn = {
	.eid_start = SBI_EXT_DBCN, .eid_end = SBI_EXT_DBCN,
	.ext_idx = KVM_RISCV_SBI_EXT_DBCN,
	.handler = sbi_forward,
};

const struct kvm_vcpu_sbi_extension vcpu_sbi_ext_experimental = {
	.eid_start = SBI_EXT_EXPERIMENTAL_START, .eid_end = SBI_EXT_EXPERIMENTAL_END,
	.ext_idx = KVM_RISCV_SBI_EXT_EXPERIMENTAL,
	.handler = sbi_forward,
};

const struct kvm_vcpu_sbi_extension vcpu_sbi_ext_vendor = {
	.eid_start = SBI_EXT_VENDOR_START, .eid_end = SBI_EXT_VENDOR_END,
	.ext_idx = KVM_RISCV_SBI_EXT_VENDOR,
	.handler = sbi_forward,
};
