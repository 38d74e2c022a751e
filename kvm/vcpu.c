// SPDX-License-Identifier: MIT
/* vCPUs (Linux: virt/kvm/kvm_main.c vCPU half, arch/riscv/kvm/vcpu.c):
 * creation, the ioctl switch, MP state, kicks and wake-ups.  A vCPU is used
 * by one thread; kvm_vcpu_kick() and kvm_vcpu_wake() may come from any. */
#include <errno.h>
#include <sched.h>
#include <stdlib.h>
#include <time.h>

#include "hw/riscv/csr.h"  /* IRQ_VS_EXT: mip.VSEIP, the guest's external interrupt */
#include "hw/riscv/vector_state.h"  /* VLEN_DEFAULT */
#include "kvm/kvm_internal.h"

int kvm_create_vcpu(struct kvm_vm *vm, unsigned long id, struct kvm_vcpu **out)
{
	if (!vm || !out)
		return -EFAULT;
	if (id >= KVM_MAX_VCPUS)
		return -EINVAL;

	pthread_mutex_lock(&vm->lock);
	int r = 0;
	struct kvm_vcpu *vcpu = NULL;
	if (vm->vcpus[id]) {
		r = -EEXIST;
		goto out;
	}
	vcpu = calloc(1, sizeof(*vcpu));
	if (!vcpu) {
		r = -ENOMEM;
		goto out;
	}
	struct hart_config cfg = {
		.hartid = (unsigned)id,
		.bus = &vm->bus,
		.clock = &vm->clock,
		.reset_pc = vm->reset_pc,
		.host_hs = kvm_vm_is_hyp_guest(vm),
		.vlen = VLEN_DEFAULT,
		.dirty_page = vm->dirty_ring_size ? kvm_dirty_ring_hart_page : NULL,
		.dirty_opaque = vcpu,
	};
	vcpu->vm = vm;
	vcpu->hart = hart_create(&cfg);
	if (!vcpu->hart || kvm_vcpu_dirty_ring_init(vcpu) < 0) {
		hart_destroy(vcpu->hart);
		free(vcpu);
		r = -ENOMEM;
		goto out;
	}
	vcpu->id = (unsigned)id;
	atomic_init(&vcpu->mp_state, KVM_MP_STATE_RUNNABLE);
	atomic_init(&vcpu->kick_pending, false);
	pthread_mutex_init(&vcpu->lock, NULL);
	/* WFI deadlines are CLOCK_MONOTONIC times (rv_clock_deadline_ns). */
	pthread_condattr_t ca;
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&vcpu->cond, &ca);
	pthread_condattr_destroy(&ca);

	if (kvm_vm_is_hyp_guest(vm))
		kvm_riscv_vcpu_setup(vcpu);

	__atomic_store_n(&vm->harts[id], vcpu->hart, __ATOMIC_RELEASE);
	__atomic_store_n(&vm->vcpus[id], vcpu, __ATOMIC_RELEASE);
	*out = vcpu;
out:
	pthread_mutex_unlock(&vm->lock);
	return r;
}

/* Called by kvm_vm_destroy() only, after every vCPU thread has stopped. */
void kvm_vcpu_destroy(struct kvm_vcpu *vcpu)
{
	struct kvm_vm *vm = vcpu->vm;
	__atomic_store_n(&vm->vcpus[vcpu->id], NULL, __ATOMIC_RELEASE);
	__atomic_store_n(&vm->harts[vcpu->id], NULL, __ATOMIC_RELEASE);
	hart_destroy(vcpu->hart);
	kvm_vcpu_dirty_ring_free(vcpu);
	pthread_cond_destroy(&vcpu->cond);
	pthread_mutex_destroy(&vcpu->lock);
	free(vcpu);
}

struct kvm_run *kvm_vcpu_run_struct(struct kvm_vcpu *vcpu)
{
	return vcpu ? &vcpu->run : NULL;
}

struct kvm_dirty_gfn *kvm_vcpu_dirty_ring(struct kvm_vcpu *vcpu)
{
	return vcpu ? vcpu->ring.gfns : NULL;
}

/* Something this vCPU may be waiting for changed (interrupt line, ACLINT
 * register, MP state): make a sleeping vCPU re-check its wake condition. */
void kvm_vcpu_wake(struct kvm_vcpu *vcpu)
{
	pthread_mutex_lock(&vcpu->lock);
	vcpu->wake_seq++;
	pthread_cond_signal(&vcpu->cond);
	pthread_mutex_unlock(&vcpu->lock);
}

void kvm_vcpu_notify(struct kvm_vcpu *vcpu)
{
	hart_kick(vcpu->hart);   /* hart_run returns at its next block boundary */
	kvm_vcpu_wake(vcpu);     /* or the vCPU leaves its WFI sleep */
}

void kvm_make_request(struct kvm_vcpu *vcpu, uint32_t req)
{
	if (req & (KVM_REQ_TLB_FLUSH | KVM_REQ_HFENCE))
		atomic_fetch_add_explicit(&vcpu->vm->stat.remote_tlb_flush_requests, 1,
					  memory_order_relaxed);
	atomic_fetch_or(&vcpu->requests, req);
	kvm_vcpu_notify(vcpu);
}

void kvm_make_request_wait(struct kvm_vcpu *vcpu, uint32_t req)
{
	kvm_make_request(vcpu, req);
	while ((atomic_load(&vcpu->requests) & req) && atomic_load(&vcpu->mode) == IN_GUEST_MODE)
		sched_yield();
}

void kvm_vcpu_kick(struct kvm_vcpu *vcpu)
{
	if (!vcpu)
		return;
	atomic_store(&vcpu->kick_pending, true);
	hart_kick(vcpu->hart);
	kvm_vcpu_wake(vcpu);
}

/* KVM_INTERRUPT: without an irqchip the VMM drives the line itself (with
 * one, the PLIC owns it: -ENXIO, as KVM on x86). */
static int kvm_vcpu_interrupt(struct kvm_vcpu *vcpu, const struct kvm_interrupt *irq)
{
	if (!kvm_vm_is_hyp_guest(vcpu->vm))
		return -EINVAL;
	if (__atomic_load_n(&vcpu->vm->plic, __ATOMIC_ACQUIRE))
		return -ENXIO;
	if (irq->irq != KVM_INTERRUPT_SET && irq->irq != KVM_INTERRUPT_UNSET)
		return -EINVAL;
	hart_set_irq(vcpu->hart, IRQ_VS_EXT, irq->irq == KVM_INTERRUPT_SET);
	kvm_vcpu_wake(vcpu);
	return 0;
}

static int kvm_vcpu_set_mp_state(struct kvm_vcpu *vcpu, const struct kvm_mp_state *mp)
{
	if (mp->mp_state != KVM_MP_STATE_RUNNABLE && mp->mp_state != KVM_MP_STATE_STOPPED)
		return -EINVAL;
	atomic_store(&vcpu->mp_state, mp->mp_state);
	kvm_vcpu_wake(vcpu);
	return 0;
}

long kvm_vcpu_ioctl(struct kvm_vcpu *vcpu, unsigned int cmd, void *arg)
{
	if (!vcpu)
		return -EBADF;
	switch (cmd) {
	case KVM_RUN:
		return kvm_vcpu_run(vcpu);
	case KVM_GET_ONE_REG:
		return arg ? kvm_vcpu_get_one_reg(vcpu, arg) : -EFAULT;
	case KVM_SET_ONE_REG:
		return arg ? kvm_vcpu_set_one_reg(vcpu, arg) : -EFAULT;
	case KVM_GET_REG_LIST:
		return arg ? kvm_vcpu_get_reg_list(vcpu, arg) : -EFAULT;
	case KVM_INTERRUPT:
		return arg ? kvm_vcpu_interrupt(vcpu, arg) : -EFAULT;
	case KVM_GET_STATS_FD:
		return arg ? kvm_vcpu_get_stats_fd(vcpu, arg) : -EFAULT;
	case KVM_GET_MP_STATE:
		if (!arg)
			return -EFAULT;
		((struct kvm_mp_state *)arg)->mp_state = atomic_load(&vcpu->mp_state);
		return 0;
	case KVM_SET_MP_STATE:
		return arg ? kvm_vcpu_set_mp_state(vcpu, arg) : -EFAULT;
	case KVM_SET_GUEST_DEBUG: {
		const struct kvm_guest_debug *dbg = arg;
		if (!dbg)
			return -EFAULT;
		if (dbg->control & ~(KVM_GUESTDBG_ENABLE | KVM_GUESTDBG_RVKVM_TRACE_TRAPS))
			return -EINVAL;
		bool on = dbg->control & KVM_GUESTDBG_ENABLE;
		hart_set_trace(vcpu->hart, on && (dbg->control & KVM_GUESTDBG_RVKVM_TRACE_TRAPS) ?
				       HART_TRACE_TRAPS : 0);
		return 0;
	}
	default:
		return -EINVAL;
	}
}
