// SPDX-License-Identifier: MIT
/* SBI RFENCE extension (SBI spec chapter 8): remote FENCE.I and
 * SFENCE.VMA as requests the targets answer before they next run guest
 * code; the call returns once every target has answered or is outside the
 * guest.  A software TLB flush of all guest contexts costs about what a
 * ranged one does, so every range (huge ones included) flushes all.  The
 * HFENCE functions need the H extension in the guest, which a hypervisor
 * guest does not have: SBI_ERR_NOT_SUPPORTED. */
#include "kvm/riscv/vcpu_sbi.h"

enum { RFENCE_FENCE_I, RFENCE_SFENCE_VMA, RFENCE_SFENCE_VMA_ASID };

static enum sbi_action sbi_rfence(struct kvm_vcpu *vcpu, struct sbi_call *c)
{
	uint32_t req;
	switch (c->fid) {
	case RFENCE_FENCE_I:
		req = KVM_REQ_FENCE_I;
		break;
	case RFENCE_SFENCE_VMA:
	case RFENCE_SFENCE_VMA_ASID:
		req = KVM_REQ_TLB_FLUSH;
		break;
	default:
		return SBI_RET;
	}
	c->error = kvm_vcpu_sbi_for_each_hart(vcpu, c->a[0], c->a[1], kvm_vcpu_sbi_request_one, &req);
	/* The caller is outside the guest: its own request is answered now. */
	kvm_riscv_vcpu_answer_requests(vcpu);
	return SBI_RET;
}

const struct kvm_vcpu_sbi_extension vcpu_sbi_ext_rfence = {
	.eid_start = SBI_EXT_RFENCE, .eid_end = SBI_EXT_RFENCE,
	.ext_idx = KVM_RISCV_SBI_EXT_RFENCE,
	.handler = sbi_rfence,
};
