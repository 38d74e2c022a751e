// SPDX-License-Identifier: MIT
/* The ACLINT's state through KVM_GET_IRQCHIP / KVM_SET_IRQCHIP (chip_id
 * KVM_IRQCHIP_ACLINT, include/rvkvm/kvm.h): mtime, which is the VM's
 * clock, and each hart's msip and mtimecmp — the machine-level half of a
 * full machine's snapshot or migration (its harts' M-mode CSRs are the
 * vCPUs' ONE_REG state registers). */
#include <errno.h>
#include <string.h>

#include "kvm/kvm_internal.h"

_Static_assert(KVM_RVKVM_ACLINT_HARTS == KVM_MAX_VCPUS, "ACLINT harts");
/* A snapshot's PLIC section is a whole struct kvm_irqchip: the ACLINT's
 * member must not make it larger. */
_Static_assert(sizeof(struct kvm_rvkvm_aclint_state) <= sizeof(struct kvm_rvkvm_plic_state),
	       "struct kvm_irqchip's size");

int kvm_aclint_get(struct kvm_vm *vm, struct kvm_rvkvm_aclint_state *o)
{
	if (kvm_vm_is_hyp_guest(vm))
		return -ENXIO;   /* SBI timers and IPIs instead (kvm_create_vm) */
	struct aclint_hart_state st[KVM_MAX_VCPUS];
	aclint_save(&vm->aclint, st, KVM_MAX_VCPUS);
	memset(o, 0, sizeof(*o));
	o->version = KVM_RVKVM_ACLINT_STATE_VERSION;
	o->nharts = KVM_RVKVM_ACLINT_HARTS;
	o->mtime = rv_clock_now(&vm->clock);
	for (unsigned i = 0; i < KVM_MAX_VCPUS; i++) {
		o->mtimecmp[i] = st[i].mtimecmp;
		o->msip[i] = st[i].msip;
	}
	return 0;
}

int kvm_aclint_set(struct kvm_vm *vm, const struct kvm_rvkvm_aclint_state *in)
{
	if (kvm_vm_is_hyp_guest(vm))
		return -ENXIO;
	if (in->version != KVM_RVKVM_ACLINT_STATE_VERSION || in->nharts != KVM_RVKVM_ACLINT_HARTS ||
	    in->mtime > RV_CLOCK_MAX_TICKS)
		return -EINVAL;
	struct aclint_hart_state st[KVM_MAX_VCPUS];
	for (unsigned i = 0; i < KVM_MAX_VCPUS; i++)
		st[i] = (struct aclint_hart_state){ in->mtimecmp[i], in->msip[i] };
	if (!aclint_load(&vm->aclint, st, KVM_MAX_VCPUS))
		return -EINVAL;
	rv_clock_set(&vm->clock, in->mtime);
	/* Every deadline moved with the clock: sleeping vCPUs recompute. */
	for (unsigned i = 0; i < KVM_MAX_VCPUS; i++) {
		struct kvm_vcpu *vcpu = __atomic_load_n(&vm->vcpus[i], __ATOMIC_ACQUIRE);
		if (vcpu)
			kvm_vcpu_wake(vcpu);
	}
	return 0;
}
