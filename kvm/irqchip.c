// SPDX-License-Identifier: MIT
/* The in-core interrupt controller (Linux: KVM_CREATE_IRQCHIP, and the
 * irqchip half of KVM_IRQ_LINE): a PLIC at KVM_PLIC_BASE serving every
 * hart of the VM.  Like KVM, it must be created before the first vCPU;
 * once it exists, KVM_IRQ_LINE's irq is a PLIC source number (a GSI). */
#include <errno.h>
#include <stdlib.h>

#include "kvm/kvm_internal.h"

/* A hart's external-interrupt line changed: let a sleeping vCPU look. */
static void kvm_irqchip_notify(void *opaque, unsigned hart)
{
	struct kvm_vm *vm = opaque;
	if (hart >= KVM_MAX_VCPUS)
		return;
	struct kvm_vcpu *vcpu = __atomic_load_n(&vm->vcpus[hart], __ATOMIC_ACQUIRE);
	if (vcpu)
		kvm_vcpu_wake(vcpu);
}

int kvm_vm_create_irqchip(struct kvm_vm *vm)
{
	int r = 0;
	pthread_mutex_lock(&vm->lock);
	if (vm->plic) {
		r = -EEXIST;
		goto out;
	}
	for (unsigned i = 0; i < KVM_MAX_VCPUS; i++) {
		if (vm->vcpus[i]) {
			r = -EINVAL;  /* as KVM: only before the first vCPU */
			goto out;
		}
	}
	struct plic *p = malloc(sizeof(*p));
	if (!p) {
		r = -ENOMEM;
		goto out;
	}
	plic_init(p, vm->harts, KVM_MAX_VCPUS, kvm_irqchip_notify, vm);
	if (kvm_vm_is_hyp_guest(vm))
		plic_route_s_to_vs(p);  /* the guest's supervisor is VS: hvip-style VSEIP */
	r = plic_attach(p, &vm->bus, KVM_PLIC_BASE);
	if (r < 0) {
		plic_destroy(p);
		free(p);
		goto out;
	}
	__atomic_store_n(&vm->plic, p, __ATOMIC_RELEASE);
out:
	pthread_mutex_unlock(&vm->lock);
	return r;
}

/* KVM_IRQ_LINE with an irqchip: irq is a source number 1..95. */
int kvm_irqchip_irq_line(struct kvm_vm *vm, const struct kvm_irq_level *irq)
{
	struct plic *p = __atomic_load_n(&vm->plic, __ATOMIC_ACQUIRE);
	if (!p)
		return -ENXIO;
	return plic_set_irq(p, irq->irq, irq->level != 0) ? 0 : -EINVAL;
}

/* Called by kvm_vm_destroy() after every vCPU thread has stopped. */
void kvm_vm_destroy_irqchip(struct kvm_vm *vm)
{
	if (!vm->plic)
		return;
	plic_destroy(vm->plic);
	free(vm->plic);
	vm->plic = NULL;
}
