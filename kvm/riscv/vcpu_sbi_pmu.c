// SPDX-License-Identifier: MIT
/* SBI PMU extension (SBI spec chapter 11; Linux: arch/riscv/kvm/
 * vcpu_pmu.c) for hypervisor guests.  The guest's counters are the
 * hart's own: counter index i is cycle (0), instret (2) or mhpmcounter i
 * (3..31), which the guest reads directly as hpmcounter i (hcounteren
 * and mcounteren are all ones), and the SBI calls program mhpmevent and
 * mcountinhibit for it, as firmware does on a full machine.  Only the
 * guest's modes count: every counter inhibits M, HS and U, and the
 * guest's S/U filters become VSINH/VUINH.  An overflow raises the hart's
 * LCOFIP, which mideleg and hideleg (bit 13, Shlcofideleg) hand to the
 * guest as its own local counter-overflow interrupt, with no exit; the
 * guest finds the counter in scountovf.  Events: hardware general events
 * 1 (cycles) and 2 (instructions), and raw events with those selectors
 * (hw/riscv/pmu.c); no firmware counters; no snapshot memory.
 *
 * State not in the hart: which counters the guest configured (in use).
 * Counters 0 and 2 are free-running at reset, as a vCPU's cycle and
 * instret are; a stop freezes them, a release (stop with RESET) lets
 * them run again. */
#include "hw/riscv/csr.h"
#include "kvm/riscv/vcpu_sbi.h"

enum {
	PMU_NUM_COUNTERS = 0, PMU_COUNTER_GET_INFO, PMU_COUNTER_CFG_MATCH, PMU_COUNTER_START,
	PMU_COUNTER_STOP, PMU_COUNTER_FW_READ, PMU_COUNTER_FW_READ_HI, PMU_SNAPSHOT_SET_SHMEM,
};

#define PMU_NCTRS 32   /* 0..31: the hart's counters; 1 (time) is not one */

/* config_matching flags */
#define CFG_SKIP_MATCH  (1u << 0)
#define CFG_CLEAR_VALUE (1u << 1)
#define CFG_AUTO_START  (1u << 2)
#define CFG_SET_UINH    (1u << 5)
#define CFG_SET_SINH    (1u << 6)
/* start / stop flags */
#define START_SET_INIT_VALUE (1u << 0)
#define START_INIT_SNAPSHOT  (1u << 1)
#define STOP_RESET           (1u << 0)
#define STOP_TAKE_SNAPSHOT   (1u << 1)

/* event_idx: type in 19:16, code in 15:0 */
#define EV_TYPE_HW     0
#define EV_TYPE_RAW    2
#define EV_TYPE_RAW_V2 3

/* What the host's modes never count, on every counter the guest uses. */
#define HOST_INHIBIT (MHPMEVENT_MINH | MHPMEVENT_SINH | MHPMEVENT_UINH)

static uint64_t csr_get(struct kvm_vcpu *vcpu, unsigned csr)
{
	uint64_t v = 0;
	hart_csr_get(vcpu->hart, csr, &v);
	return v;
}

static void csr_set(struct kvm_vcpu *vcpu, unsigned csr, uint64_t v)
{
	hart_csr_set(vcpu->hart, csr, v);
}

static bool is_counter(uint64_t i)
{
	return i < PMU_NCTRS && i != 1;
}

/* The set (base, mask) names only counters (SBI spec 11: INVALID_PARAM
 * otherwise; an empty set too, as KVM). */
static bool valid_set(uint64_t base, uint64_t mask)
{
	if (!mask || base >= PMU_NCTRS)
		return false;
	unsigned top = 63 - (unsigned)__builtin_clzll(mask);
	return top < PMU_NCTRS - base;
}

/* rvkvm's event for an SBI event, or 0 if it has none. */
static uint64_t hart_event(uint64_t eidx, uint64_t data)
{
	unsigned type = (eidx >> 16) & 0xf, code = eidx & 0xffff;
	if (eidx >> 20)
		return 0;
	switch (type) {
	case EV_TYPE_HW:
		return code == HPM_EVENT_CYCLES || code == HPM_EVENT_INSTRET ? code : 0;
	case EV_TYPE_RAW:
	case EV_TYPE_RAW_V2:
		if (code)
			return 0;
		return data == HPM_EVENT_CYCLES || data == HPM_EVENT_INSTRET ? data : 0;
	}
	return 0;
}

/* Can counter i count event ev?  cycle only cycles, instret only
 * instructions, the programmable ones both. */
static bool can_count(unsigned i, uint64_t ev)
{
	if (i == 0)
		return ev == HPM_EVENT_CYCLES;
	if (i == 2)
		return ev == HPM_EVENT_INSTRET;
	return i >= 3;
}

static bool running(struct kvm_vcpu *vcpu, unsigned i)
{
	return !((csr_get(vcpu, CSR_MCOUNTINHIBIT) >> i) & 1);
}

static void set_running(struct kvm_vcpu *vcpu, unsigned i, bool on)
{
	uint64_t inh = csr_get(vcpu, CSR_MCOUNTINHIBIT);
	csr_set(vcpu, CSR_MCOUNTINHIBIT, on ? inh & ~(1ULL << i) : inh | (1ULL << i));
}

static unsigned value_csr(unsigned i)
{
	return i == 0 ? CSR_MCYCLE : i == 2 ? CSR_MINSTRET : CSR_MHPMCOUNTER3 + i - 3;
}

/* Start counter i: as firmware does, its OF bit is cleared (interrupts
 * on) unless an overflow is still pending for the guest. */
static void start(struct kvm_vcpu *vcpu, unsigned i, bool set_value, uint64_t value)
{
	if (i >= 3 && !(csr_get(vcpu, CSR_MIP) & MIP_LCOFIP)) {
		unsigned ev = CSR_MHPMEVENT3 + i - 3;
		csr_set(vcpu, ev, csr_get(vcpu, ev) & ~MHPMEVENT_OF);
	}
	if (set_value)
		csr_set(vcpu, value_csr(i), value);
	set_running(vcpu, i, true);
}

static void cfg_match(struct kvm_vcpu *vcpu, struct sbi_call *c)
{
	uint64_t base = c->a[0], mask = c->a[1], flags = c->a[2], eidx = c->a[3], data = c->a[4];
	if (!valid_set(base, mask)) {
		c->error = SBI_ERR_INVALID_PARAM;
		return;
	}
	uint64_t ev = hart_event(eidx, data);
	int pick = -1;
	if (flags & CFG_SKIP_MATCH) {
		unsigned i = (unsigned)(base + (unsigned)__builtin_ctzll(mask));
		if (is_counter(i) && ev && can_count(i, ev))
			pick = (int)i;
	} else if (ev) {
		/* A programmable counter first (it filters modes and can
		 * overflow), the fixed one for the event last. */
		int fixed = -1;
		for (uint64_t m = mask; m; m &= m - 1) {
			unsigned i = (unsigned)(base + (unsigned)__builtin_ctzll(m));
			if (!is_counter(i) || ((vcpu->sbi.pmu_in_use >> i) & 1) || !can_count(i, ev))
				continue;
			if (i >= 3) {
				pick = (int)i;
				break;
			}
			fixed = (int)i;
		}
		if (pick < 0)
			pick = fixed;
	}
	if (pick < 0) {
		c->error = SBI_ERR_NOT_SUPPORTED;
		return;
	}
	unsigned i = (unsigned)pick;
	if (i >= 3) {
		/* Stopped while it is set up; OF set until the start. */
		set_running(vcpu, i, false);
		uint64_t v = ev | HOST_INHIBIT | MHPMEVENT_OF;
		if (flags & CFG_SET_SINH)
			v |= MHPMEVENT_VSINH;
		if (flags & CFG_SET_UINH)
			v |= MHPMEVENT_VUINH;
		csr_set(vcpu, CSR_MHPMEVENT3 + i - 3, v);
	}
	if (flags & CFG_CLEAR_VALUE)
		csr_set(vcpu, value_csr(i), 0);
	vcpu->sbi.pmu_in_use |= 1u << i;
	if ((flags & CFG_AUTO_START) && !running(vcpu, i))
		start(vcpu, i, false, 0);
	c->error = SBI_SUCCESS;
	c->value = i;
}

/* Counters the guest has not configured are passed over (as KVM and
 * OpenSBI do: Linux stops "all" of them at boot). */
static void start_stop(struct kvm_vcpu *vcpu, struct sbi_call *c, bool is_start)
{
	uint64_t base = c->a[0], mask = c->a[1], flags = c->a[2];
	if (!valid_set(base, mask)) {
		c->error = SBI_ERR_INVALID_PARAM;
		return;
	}
	if (flags & (is_start ? START_INIT_SNAPSHOT : STOP_TAKE_SNAPSHOT)) {
		c->error = SBI_ERR_NO_SHMEM;
		return;
	}
	c->error = SBI_SUCCESS;
	for (uint64_t m = mask; m; m &= m - 1) {
		unsigned i = (unsigned)(base + (unsigned)__builtin_ctzll(m));
		if (!((vcpu->sbi.pmu_in_use >> i) & 1))
			continue;
		bool on = running(vcpu, i);
		if (is_start) {
			if (on)
				c->error = SBI_ERR_ALREADY_STARTED;
			else
				start(vcpu, i, flags & START_SET_INIT_VALUE, c->a[3]);
			continue;
		}
		if (on)
			set_running(vcpu, i, false);
		else
			c->error = SBI_ERR_ALREADY_STOPPED;
		if (flags & STOP_RESET) {
			vcpu->sbi.pmu_in_use &= ~(1u << i);
			if (i >= 3)
				csr_set(vcpu, CSR_MHPMEVENT3 + i - 3, 0);
			else
				set_running(vcpu, i, true);  /* cycle/instret run free again */
		}
	}
}

static enum sbi_action sbi_pmu(struct kvm_vcpu *vcpu, struct sbi_call *c)
{
	switch (c->fid) {
	case PMU_NUM_COUNTERS:
		c->error = SBI_SUCCESS;
		c->value = PMU_NCTRS;
		break;
	case PMU_COUNTER_GET_INFO:
		if (!is_counter(c->a[0])) {
			c->error = SBI_ERR_INVALID_PARAM;
			break;
		}
		/* hardware (bit 63 clear), 64 bits wide (width - 1 = 63), its CSR */
		c->error = SBI_SUCCESS;
		c->value = (63ULL << 12) | (CSR_CYCLE + c->a[0]);
		break;
	case PMU_COUNTER_CFG_MATCH:
		cfg_match(vcpu, c);
		break;
	case PMU_COUNTER_START:
	case PMU_COUNTER_STOP:
		start_stop(vcpu, c, c->fid == PMU_COUNTER_START);
		break;
	case PMU_COUNTER_FW_READ:
	case PMU_COUNTER_FW_READ_HI:
		c->error = SBI_ERR_INVALID_PARAM;  /* no firmware counters */
		break;
	case PMU_SNAPSHOT_SET_SHMEM:
	default:
		break;   /* SBI_ERR_NOT_SUPPORTED */
	}
	return SBI_RET;
}

const struct kvm_vcpu_sbi_extension vcpu_sbi_ext_pmu = {
	.eid_start = SBI_EXT_PMU, .eid_end = SBI_EXT_PMU,
	.ext_idx = KVM_RISCV_SBI_EXT_PMU,
	.handler = sbi_pmu,
};
