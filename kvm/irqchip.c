// SPDX-License-Identifier: MIT
/* The in-core interrupt controller (Linux: KVM_CREATE_IRQCHIP, and the
 * irqchip half of KVM_IRQ_LINE): a PLIC at KVM_PLIC_BASE serving every
 * hart of the VM.  Like KVM, it must be created before the first vCPU;
 * once it exists, KVM_IRQ_LINE's irq is a PLIC source number (a GSI). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

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

_Static_assert(KVM_RVKVM_PLIC_SOURCES == PLIC_NUM_SOURCES, "PLIC sources");
_Static_assert(KVM_RVKVM_PLIC_CONTEXTS == 2 * KVM_MAX_VCPUS, "PLIC contexts");

/* KVM_GET_IRQCHIP / KVM_SET_IRQCHIP (include/rvkvm/kvm.h); the ACLINT's
 * chip_id is kvm/aclint.c's. */
int kvm_irqchip_get(struct kvm_vm *vm, struct kvm_irqchip *c)
{
	if (c->chip_id == KVM_IRQCHIP_ACLINT)
		return kvm_aclint_get(vm, &c->chip.aclint);
	struct plic *p = __atomic_load_n(&vm->plic, __ATOMIC_ACQUIRE);
	if (!p)
		return -ENXIO;
	if (c->chip_id != KVM_IRQCHIP_PLIC)
		return -EINVAL;
	struct plic_state *st = malloc(sizeof(*st));
	if (!st)
		return -ENOMEM;
	plic_save(p, st);
	struct kvm_rvkvm_plic_state *o = &c->chip.plic;
	memset(o, 0, sizeof(*o));
	o->version = KVM_RVKVM_PLIC_STATE_VERSION;
	o->nsources = KVM_RVKVM_PLIC_SOURCES;
	o->ncontexts = KVM_RVKVM_PLIC_CONTEXTS;
	memcpy(o->priority, st->priority, sizeof(o->priority));
	memcpy(o->pending, st->pending, sizeof(o->pending));
	memcpy(o->in_service, st->in_service, sizeof(o->in_service));
	for (unsigned i = 0; i < KVM_RVKVM_PLIC_CONTEXTS; i++) {
		memcpy(o->ctx[i].enable, st->ctx[i].enable, sizeof(o->ctx[i].enable));
		o->ctx[i].threshold = st->ctx[i].threshold;
	}
	free(st);
	return 0;
}

int kvm_irqchip_set(struct kvm_vm *vm, const struct kvm_irqchip *c)
{
	if (c->chip_id == KVM_IRQCHIP_ACLINT)
		return kvm_aclint_set(vm, &c->chip.aclint);
	struct plic *p = __atomic_load_n(&vm->plic, __ATOMIC_ACQUIRE);
	if (!p)
		return -ENXIO;
	const struct kvm_rvkvm_plic_state *in = &c->chip.plic;
	if (c->chip_id != KVM_IRQCHIP_PLIC || in->version != KVM_RVKVM_PLIC_STATE_VERSION ||
	    in->nsources != KVM_RVKVM_PLIC_SOURCES || in->ncontexts != KVM_RVKVM_PLIC_CONTEXTS)
		return -EINVAL;
	struct plic_state *st = calloc(1, sizeof(*st));
	if (!st)
		return -ENOMEM;
	memcpy(st->priority, in->priority, sizeof(in->priority));
	memcpy(st->pending, in->pending, sizeof(in->pending));
	memcpy(st->in_service, in->in_service, sizeof(in->in_service));
	for (unsigned i = 0; i < KVM_RVKVM_PLIC_CONTEXTS; i++) {
		memcpy(st->ctx[i].enable, in->ctx[i].enable, sizeof(in->ctx[i].enable));
		st->ctx[i].threshold = in->ctx[i].threshold;
	}
	bool ok = plic_load(p, st);
	free(st);
	return ok ? 0 : -EINVAL;
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
