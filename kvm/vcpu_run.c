// SPDX-License-Identifier: MIT
/* KVM_RUN (Linux: kvm_arch_vcpu_ioctl_run + arch/riscv/kvm/vcpu_exit.c).
 *
 * The contract: KVM_RUN first completes the previous exit (an MMIO load
 * takes its value from run->mmio.data), then runs the hart.  Each hart
 * event goes to a handler that returns >0 to re-enter the guest, 0 to
 * return to the VMM with run->exit_reason filled in, or <0 for an error
 * (-EINTR with KVM_EXIT_INTR after a kick or with immediate_exit). */
#include <errno.h>
#include <string.h>
#include <time.h>

#include "kvm/kvm_internal.h"

/* Instructions per hart_run() call: bounds the time between looks at
 * kick requests when the hart itself does not notice them. */
#define KVM_RUN_BUDGET (4u << 20)

int64_t kvm_monotonic_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* Complete the MMIO exit the VMM has just handled. */
static void kvm_vcpu_complete_mmio(struct kvm_vcpu *vcpu)
{
	if (!vcpu->mmio_pending)
		return;
	vcpu->mmio_pending = false;
	const struct hart_mmio *m = hart_mmio(vcpu->hart);
	uint64_t data = 0;
	/* Our own record of the size, not run->mmio.len, which the VMM may
	 * have changed. */
	if (!m->is_write)
		memcpy(&data, vcpu->run.mmio.data, m->size <= 8 ? m->size : 8);
	hart_mmio_complete(vcpu->hart, data);
}

static int kvm_vcpu_exit_intr(struct kvm_vcpu *vcpu)
{
	vcpu->run.exit_reason = KVM_EXIT_INTR;
	vcpu->stat.kick_exits++;
	return -EINTR;
}

static int kvm_vcpu_exit_internal_error(struct kvm_vcpu *vcpu)
{
	struct kvm_run *run = &vcpu->run;
	run->exit_reason = KVM_EXIT_INTERNAL_ERROR;
	run->internal.suberror = KVM_INTERNAL_ERROR_EMULATION;
	run->internal.ndata = 2;
	run->internal.data[0] = hart_get_pc(vcpu->hart);
	run->internal.data[1] = hart_get_priv(vcpu->hart);
	return 0;
}

static int kvm_vcpu_exit_mmio(struct kvm_vcpu *vcpu)
{
	const struct hart_mmio *m = hart_mmio(vcpu->hart);
	struct kvm_run *run = &vcpu->run;
	if (m->size == 0 || m->size > 8) {
		vcpu->halted = true;
		vcpu->stat.error_exits++;
		return kvm_vcpu_exit_internal_error(vcpu);
	}
	if (m->is_write && kvm_ioeventfd_signal(vcpu->vm, m->addr, m->size, m->data)) {
		/* Taken in the core: the store completes, the guest runs on. */
		hart_mmio_complete(vcpu->hart, 0);
		vcpu->stat.ioeventfd_writes++;
		return 1;
	}
	run->exit_reason = KVM_EXIT_MMIO;
	run->mmio.phys_addr = m->addr;
	run->mmio.len = m->size;
	run->mmio.is_write = m->is_write;
	memset(run->mmio.data, 0, sizeof(run->mmio.data));
	if (m->is_write)
		memcpy(run->mmio.data, &m->data, m->size);  /* little-endian host */
	vcpu->mmio_pending = true;
	vcpu->stat.mmio_exits++;
	return 0;
}

/* Sleep until an interrupt would wake the hart, its timer deadline
 * passes, something changes (kvm_vcpu_wake) or a kick arrives. */
void kvm_vcpu_sleep(struct kvm_vcpu *vcpu, bool stopped)
{
	struct hart *h = vcpu->hart;
	int64_t t0 = kvm_monotonic_ns();
	pthread_rwlock_unlock(&vcpu->vm->slots_lock);  /* memslot changes may go on */
	pthread_mutex_lock(&vcpu->lock);
	for (;;) {
		if (atomic_load(&vcpu->kick_pending) || atomic_load(&vcpu->requests))
			break;
		bool is_stopped = atomic_load(&vcpu->mp_state) == KVM_MP_STATE_STOPPED;
		if (stopped != is_stopped)
			break;
		if (stopped) {
			pthread_cond_wait(&vcpu->cond, &vcpu->lock);
			continue;
		}
		if (hart_wfi_should_wake(h))
			break;
		uint64_t ticks = hart_wake_deadline(h);
		if (ticks == UINT64_MAX) {
			pthread_cond_wait(&vcpu->cond, &vcpu->lock);
			continue;
		}
		int64_t deadline = rv_clock_deadline_ns(&vcpu->vm->clock, ticks);
		if (kvm_monotonic_ns() >= deadline) {
			vcpu->stat.wfi_wakeups_timer++;
			break;
		}
		struct timespec ts = {
			.tv_sec = deadline / 1000000000,
			.tv_nsec = deadline % 1000000000,
		};
		pthread_cond_timedwait(&vcpu->cond, &vcpu->lock, &ts);
	}
	pthread_mutex_unlock(&vcpu->lock);
	pthread_rwlock_rdlock(&vcpu->vm->slots_lock);
	vcpu->sleep_ns += (uint64_t)(kvm_monotonic_ns() - t0);
}

static int kvm_vcpu_exit_wfi(struct kvm_vcpu *vcpu)
{
	vcpu->stat.wfi_exits++;
	kvm_vcpu_halt(vcpu);
	return 1;
}

static int kvm_vcpu_handle_event(struct kvm_vcpu *vcpu, enum hart_event ev)
{
	switch (ev) {
	case HART_EV_BUDGET:
		vcpu->stat.budget_exits++;
		return 1;
	case HART_EV_MMIO:
		return kvm_vcpu_exit_mmio(vcpu);
	case HART_EV_WFI:
		return kvm_vcpu_exit_wfi(vcpu);
	case HART_EV_KICK:
		/* The loop top answers a pending kick or request; a stale one
		 * re-enters. */
		return 1;
	case HART_EV_VMEXIT:
		return kvm_riscv_vcpu_exit(vcpu);
	case HART_EV_ERROR:
	default:
		vcpu->halted = true;
		vcpu->stat.error_exits++;
		return kvm_vcpu_exit_internal_error(vcpu);
	}
}

/* Called with the VM's slots_lock held for reading. */
static int kvm_vcpu_run_locked(struct kvm_vcpu *vcpu)
{
	struct kvm_run *run = &vcpu->run;
	vcpu->stat.runs++;
	vcpu->ran = true;
	kvm_vcpu_complete_mmio(vcpu);
	kvm_riscv_vcpu_sbi_complete(vcpu);
	if (vcpu->halted)
		return kvm_vcpu_exit_internal_error(vcpu);
	run->exit_reason = KVM_EXIT_UNKNOWN;
	if (run->immediate_exit)
		return kvm_vcpu_exit_intr(vcpu);

	int r = 1;
	while (r > 0) {
		if (atomic_exchange(&vcpu->kick_pending, false))
			return kvm_vcpu_exit_intr(vcpu);
		kvm_riscv_vcpu_answer_requests(vcpu);
		if (__builtin_expect(atomic_load(&vcpu->vm->slots_writers) != 0, 0)) {
			/* A memslot change is waiting: let it in (the lock
			 * prefers writers), then go on with the new map. */
			pthread_rwlock_unlock(&vcpu->vm->slots_lock);
			pthread_rwlock_rdlock(&vcpu->vm->slots_lock);
		}
		if (atomic_load(&vcpu->mp_state) == KVM_MP_STATE_STOPPED) {
			kvm_vcpu_sleep(vcpu, true);
			continue;
		}
		if (kvm_vm_is_hyp_guest(vcpu->vm))
			kvm_riscv_vcpu_sta_update(vcpu);
		if (vcpu->ring.gfns && kvm_dirty_ring_soft_full(vcpu)) {
			run->exit_reason = KVM_EXIT_DIRTY_RING_FULL;  /* collect and reset first */
			r = 0;
			break;
		}
		/* Requests made after this store see IN_GUEST_MODE and wait
		 * for the kick; earlier ones are seen by the load below. */
		atomic_store(&vcpu->mode, IN_GUEST_MODE);
		if (atomic_load(&vcpu->requests)) {
			atomic_store(&vcpu->mode, OUTSIDE_GUEST_MODE);
			continue;
		}
		enum hart_event ev = hart_run(vcpu->hart, KVM_RUN_BUDGET);
		atomic_store(&vcpu->mode, OUTSIDE_GUEST_MODE);
		r = kvm_vcpu_handle_event(vcpu, ev);
	}
	if (r == 0)
		vcpu->stat.exits++;
	return r;
}

/* The guest runs with the memory map held stable (slots_lock for reading),
 * released only while the vCPU sleeps; kvm_vm_set_memory_region() kicks
 * the vCPUs and takes it for writing, so no vCPU sees a torn map. */
int kvm_vcpu_run(struct kvm_vcpu *vcpu)
{
	pthread_rwlock_rdlock(&vcpu->vm->slots_lock);
	int r = kvm_vcpu_run_locked(vcpu);
	pthread_rwlock_unlock(&vcpu->vm->slots_lock);
	return r;
}
