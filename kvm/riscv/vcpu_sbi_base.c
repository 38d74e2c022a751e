// SPDX-License-Identifier: MIT
/* SBI Base extension (SBI spec chapter 4): versions, ids and probing. */
#include "kvm/riscv/vcpu_sbi.h"

#define SBI_SPEC_VERSION   ((2u << 24) | 0)  /* v2.0 */
#define SBI_IMPL_ID_KVM    3                 /* the spec's id for KVM, whose SBI this follows */
#define SBI_IMPL_VERSION   1

enum { BASE_GET_SPEC_VERSION, BASE_GET_IMPL_ID, BASE_GET_IMPL_VERSION, BASE_PROBE_EXT,
       BASE_GET_MVENDORID, BASE_GET_MARCHID, BASE_GET_MIMPID };

static enum sbi_action sbi_base(struct kvm_vcpu *vcpu, struct sbi_call *c)
{
	c->error = SBI_SUCCESS;
	switch (c->fid) {
	case BASE_GET_SPEC_VERSION:
		c->value = SBI_SPEC_VERSION;
		break;
	case BASE_GET_IMPL_ID:
		c->value = SBI_IMPL_ID_KVM;
		break;
	case BASE_GET_IMPL_VERSION:
		c->value = SBI_IMPL_VERSION;
		break;
	case BASE_PROBE_EXT: {
		/* Forwarded ranges (experimental, vendor) depend on the VMM: not
		 * advertised.  The legacy ids 0..8 probe as present, as KVM's. */
		const struct kvm_vcpu_sbi_extension *e = kvm_vcpu_sbi_find_ext(vcpu, c->a[0]);
		c->value = e && e != &vcpu_sbi_ext_experimental && e != &vcpu_sbi_ext_vendor;
		break;
	}
	case BASE_GET_MVENDORID:
	case BASE_GET_MARCHID:
	case BASE_GET_MIMPID:
		c->value = 0;  /* not a commercial implementation (the spec's 0) */
		break;
	default:
		c->error = SBI_ERR_NOT_SUPPORTED;
	}
	return SBI_RET;
}

const struct kvm_vcpu_sbi_extension vcpu_sbi_ext_base = {
	.eid_start = SBI_EXT_BASE, .eid_end = SBI_EXT_BASE,
	.ext_idx = KVM_RISCV_SBI_EXT_MAX,  /* always present */
	.handler = sbi_base,
};
