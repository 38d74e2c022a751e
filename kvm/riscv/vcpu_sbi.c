// SPDX-License-Identifier: MIT
/* SBI dispatch for hypervisor guests (Linux: arch/riscv/kvm/vcpu_sbi.c):
 * an ECALL from VS-mode (a VM exit with cause 10) carries the extension id
 * in a7, the function id in a6 and arguments in a0..a5 (SBI spec 3.1).
 * Extensions are served by the core or forwarded to the VMM as
 * KVM_EXIT_RISCV_SBI; unknown ones answer SBI_ERR_NOT_SUPPORTED. */
#include <errno.h>
#include <string.h>

#include "kvm/riscv/vcpu_sbi.h"

static const struct kvm_vcpu_sbi_extension *const sbi_exts[] = {
	&vcpu_sbi_ext_v01,
	&vcpu_sbi_ext_base,
	&vcpu_sbi_ext_time,
	&vcpu_sbi_ext_ipi,
	&vcpu_sbi_ext_rfence,
	&vcpu_sbi_ext_srst,
	&vcpu_sbi_ext_hsm,
	&vcpu_sbi_ext_dbcn,
	&vcpu_sbi_ext_sta,
	&vcpu_sbi_ext_pmu,
	&vcpu_sbi_ext_experimental,
	&vcpu_sbi_ext_vendor,
};

const struct kvm_vcpu_sbi_extension *kvm_vcpu_sbi_find_ext(struct kvm_vcpu *vcpu, uint64_t eid)
{
	for (size_t i = 0; i < sizeof(sbi_exts) / sizeof(sbi_exts[0]); i++) {
		const struct kvm_vcpu_sbi_extension *e = sbi_exts[i];
		if (eid < e->eid_start || eid > e->eid_end)
			continue;
		if (e->ext_idx < KVM_RISCV_SBI_EXT_MAX && vcpu->sbi.ext_disabled[e->ext_idx])
			return NULL;
		return e;
	}
	return NULL;
}

int64_t kvm_vcpu_sbi_for_each_hart(struct kvm_vcpu *vcpu, uint64_t mask, uint64_t base,
				   void (*fn)(struct kvm_vcpu *target, void *opaque), void *opaque)
{
	struct kvm_vm *vm = vcpu->vm;
	struct kvm_vcpu *targets[KVM_MAX_VCPUS];
	unsigned n = 0;
	if (base == UINT64_MAX) {
		for (unsigned i = 0; i < KVM_MAX_VCPUS; i++) {
			struct kvm_vcpu *t = __atomic_load_n(&vm->vcpus[i], __ATOMIC_ACQUIRE);
			if (t)
				targets[n++] = t;
		}
	} else {
		for (unsigned b = 0; b < 64; b++) {
			if (!((mask >> b) & 1))
				continue;
			/* base + b overflows or names no vCPU: the whole call fails. */
			if (base >= KVM_MAX_VCPUS || b >= KVM_MAX_VCPUS - base)
				return SBI_ERR_INVALID_PARAM;
			struct kvm_vcpu *t = __atomic_load_n(&vm->vcpus[base + b], __ATOMIC_ACQUIRE);
			if (!t)
				return SBI_ERR_INVALID_PARAM;
			targets[n++] = t;
		}
	}
	for (unsigned i = 0; i < n; i++)
		fn(targets[i], opaque);
	return SBI_SUCCESS;
}

void kvm_vcpu_sbi_ipi_one(struct kvm_vcpu *target, void *opaque)
{
	(void)opaque;
	hart_raise_vssip(target->hart);
	kvm_vcpu_wake(target);
}

void kvm_vcpu_sbi_request_one(struct kvm_vcpu *target, void *opaque)
{
	kvm_make_request_wait(target, *(const uint32_t *)opaque);
}

enum sbi_action kvm_vcpu_sbi_system_event(struct kvm_vcpu *vcpu, uint32_t type, uint64_t reason)
{
	struct kvm_run *run = &vcpu->run;
	memset(&run->system_event, 0, sizeof(run->system_event));
	run->exit_reason = KVM_EXIT_SYSTEM_EVENT;
	run->system_event.type = type;
	run->system_event.ndata = 1;
	run->system_event.data[0] = reason;
	return SBI_EXIT;
}

static void sbi_return(struct hart *h, int64_t error, uint64_t value, bool legacy)
{
	hart_set_gpr(h, 10, (uint64_t)error);
	if (!legacy)
		hart_set_gpr(h, 11, value);
	hart_set_pc(h, hart_get_pc(h) + 4);  /* ECALL has no compressed form */
}

/* The VMM handled a forwarded call: its ret[] go to a0/a1. */
void kvm_riscv_vcpu_sbi_complete(struct kvm_vcpu *vcpu)
{
	if (!vcpu->sbi.forward_pending)
		return;
	vcpu->sbi.forward_pending = false;
	sbi_return(vcpu->hart, (int64_t)vcpu->run.riscv_sbi.ret[0], vcpu->run.riscv_sbi.ret[1],
		   vcpu->sbi.forward_legacy);
}

int kvm_riscv_vcpu_sbi_ecall(struct kvm_vcpu *vcpu)
{
	struct hart *h = vcpu->hart;
	struct sbi_call c = {
		.eid = hart_get_gpr(h, 17),
		.fid = hart_get_gpr(h, 16),
		.error = SBI_ERR_NOT_SUPPORTED,
	};
	for (unsigned i = 0; i < 6; i++)
		c.a[i] = hart_get_gpr(h, 10 + i);
	vcpu->stat.sbi_calls++;

	const struct kvm_vcpu_sbi_extension *e = kvm_vcpu_sbi_find_ext(vcpu, c.eid);
	enum sbi_action act = e ? e->handler(vcpu, &c) : SBI_RET;
	switch (act) {
	case SBI_RET:
	case SBI_RET_LEGACY:
		sbi_return(h, c.error, c.value, act == SBI_RET_LEGACY);
		return 1;
	case SBI_NO_RETURN:
		return 1;
	case SBI_EXIT:
		return 0;
	case SBI_FORWARD:
	default: {
		struct kvm_run *run = &vcpu->run;
		run->exit_reason = KVM_EXIT_RISCV_SBI;
		run->riscv_sbi.extension_id = c.eid;
		run->riscv_sbi.function_id = c.fid;
		memcpy(run->riscv_sbi.args, c.a, sizeof(c.a));
		/* Unanswered, the guest sees "not supported". */
		run->riscv_sbi.ret[0] = (uint64_t)SBI_ERR_NOT_SUPPORTED;
		run->riscv_sbi.ret[1] = 0;
		vcpu->sbi.forward_pending = true;
		vcpu->sbi.forward_legacy = c.eid <= SBI_EXT_0_1_SHUTDOWN;
		vcpu->stat.sbi_exits++;
		return 0;
	}
	}
}

/* KVM_REG_RISCV_SBI_EXT single registers: 1 = enabled.  Changes are
 * accepted only before the vCPU first runs (as KVM: -EBUSY after). */
int kvm_riscv_vcpu_sbi_ext_reg(struct kvm_vcpu *vcpu, uint64_t idx, bool set, uint64_t *v)
{
	if (idx >= KVM_RISCV_SBI_EXT_MAX)
		return -ENOENT;
	if (!set) {
		*v = !vcpu->sbi.ext_disabled[idx];
		return 0;
	}
	if (*v > 1)
		return -EINVAL;
	if (vcpu->ran)
		return -EBUSY;
	vcpu->sbi.ext_disabled[idx] = !*v;
	return 0;
}
