// SPDX-License-Identifier: MIT
/* SBI System Reset extension (SBI spec chapter 10): shutdown and reboots
 * become KVM_EXIT_SYSTEM_EVENT (data[0] = the reset reason). */
#include "kvm/riscv/vcpu_sbi.h"

#define SRST_TYPE_SHUTDOWN    0
#define SRST_TYPE_COLD_REBOOT 1
#define SRST_TYPE_WARM_REBOOT 2
#define SRST_TYPE_VENDOR      0xF0000000u
#define SRST_REASON_SYSFAIL   1
#define SRST_REASON_SBI       0xE0000000u  /* SBI-implementation and vendor reasons start here */

static enum sbi_action sbi_srst(struct kvm_vcpu *vcpu, struct sbi_call *c)
{
	if (c->fid != 0)
		return SBI_RET;
	uint64_t type = c->a[0], reason = c->a[1];
	/* Both arguments are 32-bit values (SBI spec 10.1). */
	if (type > UINT32_MAX || reason > UINT32_MAX ||
	    (reason > SRST_REASON_SYSFAIL && reason < SRST_REASON_SBI)) {
		c->error = SBI_ERR_INVALID_PARAM;
		return SBI_RET;
	}
	switch (type) {
	case SRST_TYPE_SHUTDOWN:
		return kvm_vcpu_sbi_system_event(vcpu, KVM_SYSTEM_EVENT_SHUTDOWN, reason);
	case SRST_TYPE_COLD_REBOOT:
	case SRST_TYPE_WARM_REBOOT:
		return kvm_vcpu_sbi_system_event(vcpu, KVM_SYSTEM_EVENT_RESET, reason);
	default:
		c->error = type >= SRST_TYPE_VENDOR ? SBI_ERR_NOT_SUPPORTED : SBI_ERR_INVALID_PARAM;
		return SBI_RET;
	}
}

const struct kvm_vcpu_sbi_extension vcpu_sbi_ext_srst = {
	.eid_start = SBI_EXT_SRST, .eid_end = SBI_EXT_SRST,
	.ext_idx = KVM_RISCV_SBI_EXT_SRST,
	.handler = sbi_srst,
};
