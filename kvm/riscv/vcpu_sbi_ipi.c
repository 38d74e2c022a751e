// SPDX-License-Identifier: MIT
/* SBI IPI extension (SBI spec chapter 7): send_ipi sets hvip.VSSIP of
 * each named vCPU and wakes it; the guest clears it through sip.SSIP. */
#include "kvm/riscv/vcpu_sbi.h"

static enum sbi_action sbi_ipi(struct kvm_vcpu *vcpu, struct sbi_call *c)
{
	if (c->fid != 0)
		return SBI_RET;
	c->error = kvm_vcpu_sbi_for_each_hart(vcpu, c->a[0], c->a[1], kvm_vcpu_sbi_ipi_one, NULL);
	return SBI_RET;
}

const struct kvm_vcpu_sbi_extension vcpu_sbi_ext_ipi = {
	.eid_start = SBI_EXT_IPI, .eid_end = SBI_EXT_IPI,
	.ext_idx = KVM_RISCV_SBI_EXT_IPI,
	.handler = sbi_ipi,
};
