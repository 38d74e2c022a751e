// SPDX-License-Identifier: MIT
/* SBI RFENCE extension (SBI spec chapter 8): remote FENCE.I and
 * SFENCE.VMA as requests the targets answer before they next run guest
 * code; the call returns once every target has answered or is outside the
 * guest.  A range of up to KVM_HFENCE_MAX_PAGES pages is queued on each
 * target and fenced page by page (a full flush would cost the target every
 * translation it holds, the kernel's included, as Linux fences user pages
 * one at a time); a wider range, start 0 with size 0, size 2^64-1, or a
 * full queue flushes everything.  The ASID variant fences the range in
 * every address space (more than asked is allowed).  The HFENCE functions
 * need the H extension in the guest, which a hypervisor guest does not
 * have: SBI_ERR_NOT_SUPPORTED. */
#include <pthread.h>

#include "kvm/riscv/vcpu_sbi.h"

enum { RFENCE_FENCE_I, RFENCE_SFENCE_VMA, RFENCE_SFENCE_VMA_ASID };

struct rfence_range { uint64_t start, size; };  /* page-aligned; size 0: everything */

static void rfence_one(struct kvm_vcpu *t, void *opaque)
{
	const struct rfence_range *r = opaque;
	uint32_t req = KVM_REQ_TLB_FLUSH;
	if (r->size) {
		pthread_mutex_lock(&t->lock);
		if (t->nhfence < KVM_HFENCE_QUEUE) {
			t->hfence[t->nhfence].start = r->start;
			t->hfence[t->nhfence++].size = r->size;
			req = KVM_REQ_HFENCE;
		}
		pthread_mutex_unlock(&t->lock);
	}
	kvm_make_request_wait(t, req);
}

static enum sbi_action sbi_rfence(struct kvm_vcpu *vcpu, struct sbi_call *c)
{
	uint32_t req;
	switch (c->fid) {
	case RFENCE_FENCE_I:
		req = KVM_REQ_FENCE_I;
		c->error = kvm_vcpu_sbi_for_each_hart(vcpu, c->a[0], c->a[1], kvm_vcpu_sbi_request_one, &req);
		break;
	case RFENCE_SFENCE_VMA:
	case RFENCE_SFENCE_VMA_ASID: {
		uint64_t start = c->a[2], size = c->a[3];
		uint64_t first = start & ~4095ULL, end = start + size;
		struct rfence_range r = { 0, 0 };
		if (size && end > start && end - first <= KVM_HFENCE_MAX_PAGES * 4096ULL)
			r = (struct rfence_range){ first, (end - first + 4095) & ~4095ULL };
		c->error = kvm_vcpu_sbi_for_each_hart(vcpu, c->a[0], c->a[1], rfence_one, &r);
		break;
	}
	default:
		return SBI_RET;
	}
	/* The caller is outside the guest: its own request is answered now. */
	kvm_riscv_vcpu_answer_requests(vcpu);
	return SBI_RET;
}

const struct kvm_vcpu_sbi_extension vcpu_sbi_ext_rfence = {
	.eid_start = SBI_EXT_RFENCE, .eid_end = SBI_EXT_RFENCE,
	.ext_idx = KVM_RISCV_SBI_EXT_RFENCE,
	.handler = sbi_rfence,
};
