/*
 * Scenarios: interrupts taken by the nested guest's own handlers.
 *  - timer: nested_timer arms the supervisor timer with SBI set_timer
 *    (KVM: vstimecmp when the host has Sstc, time offset by htimedelta)
 *    and waits in WFI (KVM blocks the vCPU until the timer is due); its
 *    handler must see scause = supervisor timer interrupt, and
 *    set_timer(-1) must clear the pending interrupt (no second trap).
 *  - ipi: vCPU 0 (nested_ipi_boot) starts vCPU 1 (nested_ipi_second),
 *    which waits in WFI with sie.SSIE, and sends it an SBI IPI (KVM sets
 *    VSSIP in vCPU 1's hvip and kicks it); vCPU 1's handler must see
 *    scause = supervisor software interrupt and clear sip.SSIP.
 * A missing interrupt ends in a FAIL line after a deadline, not a hang.
 */
#include <stdio.h>
#include <string.h>

#include "kvm_client.h"
#include "vm.h"

#define RAM_SIZE	(4UL << 20)
#define RUN_SECS	20	/* deadline of a scenario's KVM_RUNs */
#define TIMER_DELTA_HZ	100	/* timer due in 1/100 s */
#define TIMER_PATIENCE	5	/* the nested guest gives up after 5 s */

static uint64_t gpa_of(const char *label)
{
	return VM_RAM_GPA + (uint64_t)(label - nested_blob_start);
}

void scenario_timer(struct results *r)
{
	static const char *const names[] = { "timer-run", "timer-rdtime", "timer-irq",
					     "timer-deadline", "timer-clear", NULL };
	const uint64_t args[1] = { VM_MMIO_BASE };
	uint64_t freq = 0, t_before = 0, t_after = 0, delta, patience;
	struct vm vm;
	struct vcpu v, *pv = &v;
	const uint64_t *rep = v.report[0];
	int rc;

	step("timer-run", RUN_SECS + 30);
	if (vm_open_one(&vm, &v, RAM_SIZE, nested_timer, args, 1) ||
	    vcpu_get_timer(&v, KVM_REG_RISCV_TIMER_REG(frequency), &freq) || !freq) {
		check(r, "timer-run", 0, "setup: %s", vm.err[0] ? vm.err : v.err[0] ? v.err : "frequency 0");
		skip(r, names + 1, "no VM");
		goto out;
	}
	delta = freq / TIMER_DELTA_HZ;
	patience = freq * TIMER_PATIENCE;
	if (vcpu_set_core(&v, CORE_REG(regs.a1), delta) ||
	    vcpu_set_core(&v, CORE_REG(regs.a2), patience) ||
	    vcpu_get_timer(&v, KVM_REG_RISCV_TIMER_REG(time), &t_before)) {
		check(r, "timer-run", 0, "setup: %s", v.err);
		skip(r, names + 1, "no VM");
		goto out;
	}
	rc = vcpus_run_reports(&pv, 1, 64, RUN_SECS);
	if (vcpu_get_timer(&v, KVM_REG_RISCV_TIMER_REG(time), &t_after) && !rc)
		rc = -1;
	check(r, "timer-run", !rc && rep[10] == 0,
	      "%s; set_timer(time + %llu) error %lld; %u exits; timebase %llu Hz",
	      rc ? v.err : "done", (unsigned long long)delta, (long long)rep[10], v.exits,
	      (unsigned long long)freq);
	/* KVM's guest time (ONE_REG) is host time + htimedelta, as rdtime in VS-mode. */
	check(r, "timer-rdtime", t_before <= rep[8] && rep[8] <= t_after,
	      "nested rdtime %llu, KVM's guest time %llu before and %llu after the run",
	      (unsigned long long)rep[8], (unsigned long long)t_before,
	      (unsigned long long)t_after);
	/*
	 * sip.STIP in the handler is only shown: QEMU 7.2 leaves the
	 * vstimecmp interrupt out of a VS-mode read of sip (rvkvm: 0x20).
	 */
	check(r, "timer-irq",
	      rep[0] == (CAUSE_IRQ | CAUSE_S_TIMER) &&
	      rep[6] >= gpa_of(nested_timer_loop) && rep[6] <= gpa_of(nested_timer_loop_end),
	      "scause 0x%llx (want 0x%llx), sip 0x%llx, sepc 0x%llx (want in 0x%llx..0x%llx), %llu WFI loops",
	      (unsigned long long)rep[0], (unsigned long long)(CAUSE_IRQ | CAUSE_S_TIMER),
	      (unsigned long long)rep[2], (unsigned long long)rep[6],
	      (unsigned long long)gpa_of(nested_timer_loop),
	      (unsigned long long)gpa_of(nested_timer_loop_end), (unsigned long long)rep[5]);
	check(r, "timer-deadline", rep[0] && (int64_t)rep[1] >= 0 && rep[1] < patience,
	      "taken %lld ticks (%lld us) after the deadline (want 0 <= late < %llu)",
	      (long long)rep[1], (long long)((int64_t)rep[1] * 1000000 / (int64_t)freq),
	      (unsigned long long)patience);
	check(r, "timer-clear",
	      rep[0] && rep[3] == 0 && !(rep[4] & SIE_STIE) && !rep[11] && rep[12] == delta,
	      "set_timer(-1) error %lld, then sip 0x%llx, second trap scause 0x%llx, quiet for %llu ticks (want 0, STIP clear, none, %llu)",
	      (long long)rep[3], (unsigned long long)rep[4], (unsigned long long)rep[11],
	      (unsigned long long)rep[12], (unsigned long long)delta);
out:
	if (v.fd > 0)
		vcpu_close(&v);
	vm_close(&vm);
}

void scenario_ipi(struct results *r)
{
	static const char *const names[] = { "ipi-run", "ipi-irq", "ipi-clear", NULL };
	const uint64_t args[2] = { 0, VM_MMIO_BASE };
	struct vm vm;
	struct vcpu v[2], *pv[2] = { &v[0], &v[1] };
	const uint64_t *rep0 = v[0].report[0], *rep1 = v[1].report[1];
	int failed;

	memset(v, 0, sizeof(v));
	v[1].fd = -1;
	step("ipi-run", RUN_SECS + 30);
	if (vm_open_one(&vm, &v[0], RAM_SIZE, nested_ipi_boot, args, 2) ||
	    vcpu_create(&vm, &v[1], 1) || vcpu_set_mp_state(&v[1], KVM_MP_STATE_STOPPED)) {
		check(r, "ipi-run", 0, "setup: %s", vm.err[0] ? vm.err : v[1].err);
		skip(r, names + 1, "no VM");
		goto out;
	}
	failed = vcpus_run_reports(pv, 2, 64, RUN_SECS);
	check(r, "ipi-run", !failed && rep0[0] == 0 && rep0[1] == 0 && rep0[2] == 2,
	      "vCPU 0: %s, hart_start error %lld, send_ipi error %lld, flag %llu (want 2); vCPU 1: %s",
	      v[0].err[0] ? v[0].err : "done", (long long)rep0[0], (long long)rep0[1],
	      (unsigned long long)rep0[2], v[1].err[0] ? v[1].err : "done");
	check(r, "ipi-irq",
	      rep1[0] == (CAUSE_IRQ | CAUSE_S_SOFT) && (rep1[1] & SIE_SSIE) &&
	      rep1[3] >= gpa_of(nested_ipi_loop) && rep1[3] <= gpa_of(nested_ipi_loop_end),
	      "vCPU 1: scause 0x%llx (want 0x%llx), sip 0x%llx (want SSIP), sepc 0x%llx (want in 0x%llx..0x%llx), %llu WFI loops",
	      (unsigned long long)rep1[0], (unsigned long long)(CAUSE_IRQ | CAUSE_S_SOFT),
	      (unsigned long long)rep1[1], (unsigned long long)rep1[3],
	      (unsigned long long)gpa_of(nested_ipi_loop),
	      (unsigned long long)gpa_of(nested_ipi_loop_end), (unsigned long long)rep1[4]);
	check(r, "ipi-clear", rep1[0] && !(rep1[2] & SIE_SSIE),
	      "vCPU 1: sip 0x%llx after csrc sip, SSIP (want SSIP clear)", (unsigned long long)rep1[2]);
out:
	if (v[0].fd > 0)
		vcpu_close(&v[0]);
	if (v[1].fd > 0)
		vcpu_close(&v[1]);
	vm_close(&vm);
}
