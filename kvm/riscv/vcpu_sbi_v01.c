// SPDX-License-Identifier: MIT
/* The legacy SBI v0.1 calls (SBI spec chapter 5), extension ids 0..8 with
 * a0 as the only return value.  Hart masks are passed by address (a
 * VS-mode virtual address; 0 means every hart).  The console calls go to
 * the VMM. */
#include "hw/riscv/csr.h"
#include "kvm/riscv/vcpu_sbi.h"

static int64_t v01_for_each(struct kvm_vcpu *vcpu, uint64_t mask_addr,
			    void (*fn)(struct kvm_vcpu *, void *), void *opaque)
{
	uint64_t mask = 0;
	if (!mask_addr)
		return kvm_vcpu_sbi_for_each_hart(vcpu, 0, UINT64_MAX, fn, opaque);
	if (!hart_load_guest_virt(vcpu->hart, mask_addr, &mask))
		return SBI_ERR_INVALID_ADDRESS;
	return kvm_vcpu_sbi_for_each_hart(vcpu, mask, 0, fn, opaque);
}

static enum sbi_action sbi_v01(struct kvm_vcpu *vcpu, struct sbi_call *c)
{
	struct hart *h = vcpu->hart;
	uint32_t req;
	c->error = SBI_SUCCESS;
	switch (c->eid) {
	case SBI_EXT_0_1_SET_TIMER:
		hart_csr_set(h, CSR_VSTIMECMP, c->a[0]);
		break;
	case SBI_EXT_0_1_CONSOLE_PUTCHAR:
	case SBI_EXT_0_1_CONSOLE_GETCHAR:
		return SBI_FORWARD;
	case SBI_EXT_0_1_CLEAR_IPI: {
		uint64_t hvip = 0;
		hart_csr_get(h, CSR_HVIP, &hvip);
		hart_csr_set(h, CSR_HVIP, hvip & ~MIP_VSSIP);
		break;
	}
	case SBI_EXT_0_1_SEND_IPI:
		c->error = v01_for_each(vcpu, c->a[0], kvm_vcpu_sbi_ipi_one, NULL);
		break;
	case SBI_EXT_0_1_REMOTE_FENCE_I:
	case SBI_EXT_0_1_REMOTE_SFENCE_VMA:
	case SBI_EXT_0_1_REMOTE_SFENCE_VMA_ASID:
		req = c->eid == SBI_EXT_0_1_REMOTE_FENCE_I ? KVM_REQ_FENCE_I : KVM_REQ_TLB_FLUSH;
		c->error = v01_for_each(vcpu, c->a[0], kvm_vcpu_sbi_request_one, &req);
		kvm_riscv_vcpu_answer_requests(vcpu);
		break;
	case SBI_EXT_0_1_SHUTDOWN:
		return kvm_vcpu_sbi_system_event(vcpu, KVM_SYSTEM_EVENT_SHUTDOWN, 0);
	}
	return SBI_RET_LEGACY;
}

const struct kvm_vcpu_sbi_extension vcpu_sbi_ext_v01 = {
	.eid_start = SBI_EXT_0_1_SET_TIMER, .eid_end = SBI_EXT_0_1_SHUTDOWN,
	.ext_idx = KVM_RISCV_SBI_EXT_V01,
	.handler = sbi_v01,
};
