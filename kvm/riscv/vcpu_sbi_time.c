// SPDX-License-Identifier: MIT
/* SBI Timer extension (SBI spec chapter 6): set_timer programs the vCPU's
 * vstimecmp, so the timer interrupt reaches VS without a further exit
 * (the hart compares it with time + htimedelta, as Sstc hardware does). */
#include "hw/riscv/csr.h"
#include "kvm/riscv/vcpu_sbi.h"

static enum sbi_action sbi_time(struct kvm_vcpu *vcpu, struct sbi_call *c)
{
	if (c->fid != 0)
		return SBI_RET;  /* not supported */
	hart_csr_set(vcpu->hart, CSR_VSTIMECMP, c->a[0]);
	c->error = SBI_SUCCESS;
	return SBI_RET;
}

const struct kvm_vcpu_sbi_extension vcpu_sbi_ext_time = {
	.eid_start = SBI_EXT_TIME, .eid_end = SBI_EXT_TIME,
	.ext_idx = KVM_RISCV_SBI_EXT_TIME,
	.handler = sbi_time,
};
