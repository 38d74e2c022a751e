// SPDX-License-Identifier: MIT
/* SBI Hart State Management (SBI spec chapter 9): vCPUs come online
 * (hart_start), go offline (hart_stop: the vCPU sleeps in KVM_RUN until
 * started again — vCPU hot-unplug as Linux's CPU hotplug does it) and
 * suspend.  A stopped vCPU is KVM_MP_STATE_STOPPED; hart_start leaves a
 * KVM_REQ_HSM_START request the target answers on its own thread by
 * resetting itself to the start address.  An unplugged vCPU (rvkvm's
 * vCPU hotplug, KVM_RVKVM_SET_VCPU_PLUGGED) refuses hart_start. */
#include <errno.h>

#include "hw/riscv/csr.h"
#include "kvm/riscv/vcpu_sbi.h"

enum { HSM_HART_START, HSM_HART_STOP, HSM_HART_GET_STATUS, HSM_HART_SUSPEND };
enum { HSM_STARTED, HSM_STOPPED, HSM_START_PENDING, HSM_STOP_PENDING, HSM_SUSPENDED };

#define HSM_SUSPEND_RET_DEFAULT    0x00000000u
#define HSM_SUSPEND_NONRET_DEFAULT 0x80000000u

static struct kvm_vcpu *hsm_target(struct kvm_vcpu *vcpu, uint64_t hartid)
{
	if (hartid >= KVM_MAX_VCPUS)
		return NULL;
	return __atomic_load_n(&vcpu->vm->vcpus[hartid], __ATOMIC_ACQUIRE);
}

/* An address a hart may start at: guest RAM (an instruction's worth). */
static bool hsm_addr_ok(struct kvm_vcpu *vcpu, uint64_t addr)
{
	return !(addr & 1) && bus_find_ram(&vcpu->vm->bus, addr, 4) != NULL;
}

static int64_t hsm_start(struct kvm_vcpu *vcpu, uint64_t hartid, uint64_t addr, uint64_t opaque)
{
	struct kvm_vcpu *t = hsm_target(vcpu, hartid);
	if (!t)
		return SBI_ERR_INVALID_PARAM;
	if (!hsm_addr_ok(vcpu, addr))
		return SBI_ERR_INVALID_ADDRESS;
	int64_t r = SBI_SUCCESS;
	pthread_mutex_lock(&t->lock);
	if (atomic_load(&t->mp_state) != KVM_MP_STATE_STOPPED ||
	    (atomic_load(&t->requests) & KVM_REQ_HSM_START)) {
		r = SBI_ERR_ALREADY_AVAILABLE;
	} else if (t->sbi.unplugged) {
		/* The spec's "cannot be started in supervisor mode"; Linux
		 * keeps the CPU present and offline. */
		r = SBI_ERR_INVALID_PARAM;
	} else {
		t->sbi.start_addr = addr;
		t->sbi.start_opaque = opaque;
		/* Pending under the lock, so a concurrent hart_start sees it. */
		atomic_fetch_or(&t->requests, KVM_REQ_HSM_START);
	}
	pthread_mutex_unlock(&t->lock);
	if (r == SBI_SUCCESS)
		kvm_vcpu_notify(t);  /* the request is set: kick and wake it */
	return r;
}

/* Under the target's lock, as hart_start: a hart the guest is starting
 * cannot be unplugged under it. */
int kvm_riscv_vm_set_vcpu_plugged(struct kvm_vm *vm, const struct kvm_rvkvm_vcpu_plug *p)
{
	if (!kvm_vm_is_hyp_guest(vm) || p->plugged > 1)
		return -EINVAL;
	struct kvm_vcpu *t = p->vcpu_id < KVM_MAX_VCPUS ?
		__atomic_load_n(&vm->vcpus[p->vcpu_id], __ATOMIC_ACQUIRE) : NULL;
	if (!t)
		return -ENOENT;
	int r = 0;
	pthread_mutex_lock(&t->lock);
	if (!p->plugged && (atomic_load(&t->mp_state) != KVM_MP_STATE_STOPPED ||
			    (atomic_load(&t->requests) & KVM_REQ_HSM_START)))
		r = -EBUSY;
	else
		t->sbi.unplugged = !p->plugged;
	pthread_mutex_unlock(&t->lock);
	return r;
}

static int64_t hsm_status(struct kvm_vcpu *vcpu, uint64_t hartid, uint64_t *status)
{
	struct kvm_vcpu *t = hsm_target(vcpu, hartid);
	if (!t)
		return SBI_ERR_INVALID_PARAM;
	pthread_mutex_lock(&t->lock);
	if (atomic_load(&t->requests) & KVM_REQ_HSM_START)
		*status = HSM_START_PENDING;
	else if (atomic_load(&t->mp_state) == KVM_MP_STATE_STOPPED)
		*status = HSM_STOPPED;
	else if (atomic_load(&t->sbi.suspended))
		*status = HSM_SUSPENDED;
	else
		*status = HSM_STARTED;
	pthread_mutex_unlock(&t->lock);
	return SBI_SUCCESS;
}

/* Retentive suspend returns after wake-up like WFI; non-retentive resumes
 * at resume_addr with a0 = hart id, a1 = opaque, VS-mode, vsatp = 0 and
 * interrupts off (SBI spec 9.4). */
static enum sbi_action hsm_suspend(struct kvm_vcpu *vcpu, struct sbi_call *c)
{
	uint64_t type = c->a[0], addr = c->a[1], opaque = c->a[2];
	if (type != HSM_SUSPEND_RET_DEFAULT && type != HSM_SUSPEND_NONRET_DEFAULT) {
		c->error = SBI_ERR_INVALID_PARAM;
		return SBI_RET;
	}
	if (type == HSM_SUSPEND_NONRET_DEFAULT && !hsm_addr_ok(vcpu, addr)) {
		c->error = SBI_ERR_INVALID_ADDRESS;
		return SBI_RET;
	}
	atomic_store(&vcpu->sbi.suspended, true);
	kvm_vcpu_halt(vcpu);
	atomic_store(&vcpu->sbi.suspended, false);
	c->error = SBI_SUCCESS;
	if (type == HSM_SUSPEND_RET_DEFAULT)
		return SBI_RET;
	struct hart *h = vcpu->hart;
	uint64_t st = 0;
	hart_csr_get(h, CSR_VSSTATUS, &st);
	hart_csr_set(h, CSR_VSSTATUS, st & ~MSTATUS_SIE);
	hart_csr_set(h, CSR_VSATP, 0);
	hart_set_mode(h, PRV_S, true);
	hart_set_gpr(h, 10, vcpu->id);
	hart_set_gpr(h, 11, opaque);
	hart_set_pc(h, addr);
	return SBI_NO_RETURN;
}

static enum sbi_action sbi_hsm(struct kvm_vcpu *vcpu, struct sbi_call *c)
{
	switch (c->fid) {
	case HSM_HART_START:
		c->error = hsm_start(vcpu, c->a[0], c->a[1], c->a[2]);
		return SBI_RET;
	case HSM_HART_STOP:
		/* Stopped until a hart_start resets it: no return. */
		atomic_store(&vcpu->mp_state, KVM_MP_STATE_STOPPED);
		return SBI_NO_RETURN;
	case HSM_HART_GET_STATUS:
		c->error = hsm_status(vcpu, c->a[0], &c->value);
		return SBI_RET;
	case HSM_HART_SUSPEND:
		return hsm_suspend(vcpu, c);
	default:
		return SBI_RET;
	}
}

const struct kvm_vcpu_sbi_extension vcpu_sbi_ext_hsm = {
	.eid_start = SBI_EXT_HSM, .eid_end = SBI_EXT_HSM,
	.ext_idx = KVM_RISCV_SBI_EXT_HSM,
	.handler = sbi_hsm,
};
