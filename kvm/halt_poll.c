// SPDX-License-Identifier: MIT
/* Halt polling (Linux: kvm_vcpu_halt in virt/kvm/kvm_main.c): a vCPU that
 * halts (WFI, SBI HSM retentive suspend) first spins for up to its
 * halt_poll_ns looking for a wake-up, since a wake-up that comes within
 * microseconds (an IPI reply, a short timer) costs far less than a sleep
 * and a futex wake; then it sleeps.  The window adapts as KVM's does: it
 * grows (doubling from 10 us) after a halt shorter than the VM's maximum
 * that polling missed, shrinks (halving) after a halt longer than the
 * maximum, and stays after a successful poll.  The maximum is per VM
 * (KVM_CAP_HALT_POLL), KVM_HALT_POLL_NS_DEFAULT by default; 0 disables
 * polling. */
#include "kvm/kvm_internal.h"

#define HALT_POLL_GROW_START_NS 10000
#define HALT_POLL_GROW  2
#define HALT_POLL_SHRINK 2

static bool halt_should_end(struct kvm_vcpu *vcpu)
{
	return atomic_load(&vcpu->kick_pending) || atomic_load(&vcpu->requests) ||
	       atomic_load(&vcpu->mp_state) == KVM_MP_STATE_STOPPED ||
	       hart_wfi_should_wake(vcpu->hart);
}

static void halt_poll_grow(struct kvm_vcpu *vcpu, uint64_t max)
{
	uint64_t v = vcpu->halt_poll_ns * HALT_POLL_GROW;
	if (v < HALT_POLL_GROW_START_NS)
		v = HALT_POLL_GROW_START_NS;
	vcpu->halt_poll_ns = v > max ? max : v;
}

static void halt_poll_shrink(struct kvm_vcpu *vcpu)
{
	vcpu->halt_poll_ns /= HALT_POLL_SHRINK;
}

void kvm_vcpu_halt(struct kvm_vcpu *vcpu)
{
	uint64_t max = atomic_load(&vcpu->vm->max_halt_poll_ns);
	int64_t start = kvm_monotonic_ns(), end = start;
	bool woke_in_poll = false;
	if (vcpu->halt_poll_ns > max)
		vcpu->halt_poll_ns = max;  /* the VM's maximum was lowered */
	if (vcpu->halt_poll_ns) {
		vcpu->stat.halt_attempted_poll++;
		int64_t stop = start + (int64_t)vcpu->halt_poll_ns;
		do {
			if (halt_should_end(vcpu)) {
				woke_in_poll = true;
				break;
			}
#if defined(__x86_64__)
			__builtin_ia32_pause();
#endif
			end = kvm_monotonic_ns();
		} while (end < stop);
		end = kvm_monotonic_ns();
		if (woke_in_poll) {
			vcpu->stat.halt_successful_poll++;
			vcpu->stat.halt_poll_success_ns += (uint64_t)(end - start);
			kvm_stats_log_hist_update(vcpu->stat.halt_poll_success_hist,
						  KVM_HALT_POLL_HIST_COUNT, (uint64_t)(end - start));
			/* a kick, request or stop, not a guest interrupt (KVM: !vcpu_valid_wakeup) */
			if (!hart_wfi_should_wake(vcpu->hart))
				vcpu->stat.halt_poll_invalid++;
		} else {
			vcpu->stat.halt_poll_fail_ns += (uint64_t)(end - start);
			kvm_stats_log_hist_update(vcpu->stat.halt_poll_fail_hist,
						  KVM_HALT_POLL_HIST_COUNT, (uint64_t)(end - start));
		}
	}
	if (!woke_in_poll) {
		int64_t wait_start = end;
		kvm_vcpu_sleep(vcpu, false);
		vcpu->stat.halt_wakeup++;
		end = kvm_monotonic_ns();
		/* KVM's halt_wait_ns/_hist: the sleep after polling (every one) */
		vcpu->stat.halt_wait_ns += (uint64_t)(end - wait_start);
		kvm_stats_log_hist_update(vcpu->stat.halt_wait_hist, KVM_HALT_POLL_HIST_COUNT,
					  (uint64_t)(end - wait_start));
	}
	uint64_t halt_ns = (uint64_t)(end - start);
	if (!max) {
		vcpu->halt_poll_ns = 0;
	} else if (halt_ns <= vcpu->halt_poll_ns) {
		/* polling caught it: keep the window */
	} else if (vcpu->halt_poll_ns && halt_ns > max) {
		halt_poll_shrink(vcpu);
	} else if (vcpu->halt_poll_ns < max && halt_ns < max) {
		halt_poll_grow(vcpu, max);
	}
}
