// SPDX-License-Identifier: MIT
/* A hypervisor guest's vCPU (Linux: arch/riscv/kvm/vcpu.c): the hart runs
 * in VS/VU-mode with the host (this core) as its HS level.  Reset puts it
 * in VS-mode at the entry with a0 = hart id and a1 = the argument, as
 * KVM's guests start; secondary vCPUs start stopped until SBI HSM starts
 * them.  The G-stage is the memory-slot table itself (hgatp Bare: guest
 * physical addresses are the VM's bus addresses, which map memslots to
 * host memory), so a guest TLB hit costs what an S-mode hit does. */
#include <string.h>

#include "hw/riscv/csr.h"
#include "kvm/kvm_internal.h"

/* Exceptions the guest handles itself (Linux: KVM_HEDELEG_DEFAULT plus
 * illegal instructions and access/misaligned faults, which KVM redirects
 * to the guest anyway). */
#define HEDELEG_GUEST ((1u << EXC_INSN_MISALIGNED) | (1u << EXC_INSN_ACCESS) |   \
		       (1u << EXC_ILLEGAL_INSN) | (1u << EXC_BREAKPOINT) |      \
		       (1u << EXC_LOAD_MISALIGNED) | (1u << EXC_LOAD_ACCESS) |  \
		       (1u << EXC_STORE_MISALIGNED) | (1u << EXC_STORE_ACCESS) | \
		       (1u << EXC_ECALL_U) | (1u << EXC_INSN_PAGE_FAULT) |      \
		       (1u << EXC_LOAD_PAGE_FAULT) | (1u << EXC_STORE_PAGE_FAULT))

#define PMP_NAPOT_RWX 0x1f  /* pmpcfg: R | W | X | A=NAPOT */

void kvm_riscv_vcpu_reset(struct kvm_vcpu *vcpu, uint64_t pc, uint64_t a1)
{
	struct hart *h = vcpu->hart;
	hart_reset(h, pc);
	/* The HS/M state a hypervisor would hold while running its guest. */
	/* FP and V usable as vsstatus.FS and .VS allow */
	hart_csr_set(h, CSR_MSTATUS, MSTATUS_FS | MSTATUS_VS);
	hart_csr_set(h, CSR_MEDELEG, HEDELEG_GUEST);
	hart_csr_set(h, CSR_MIDELEG, MIP_S_MASK);
	hart_csr_set(h, CSR_HEDELEG, HEDELEG_GUEST);
	/* The VS-level interrupts, and the counter-overflow one (Sscofpmf,
	 * Shlcofideleg): the SBI PMU gives the guest the hart's counters. */
	hart_csr_set(h, CSR_HIDELEG, MIP_VS_MASK | MIP_LCOFIP);
	hart_csr_set(h, CSR_MCOUNTEREN, 0xffffffffULL);
	hart_csr_set(h, CSR_HCOUNTEREN, 0xffffffffULL);
	/* As KVM: cycle, time and instret readable in VU-mode from the start
	 * (Linux sets scounteren only from its SBI PMU driver, which a guest
	 * without PMU lacks; the vDSO's clock_gettime reads time). */
	hart_csr_set(h, CSR_SCOUNTEREN, 0x7);
	/* Sstc for the guest (vstimecmp, exitless timers), hardware A/D
	 * updates in both stages (Svadu), and its CMO instructions enabled
	 * (Zicbom's cbo.inval as an invalidate, Zicboz), as KVM sets henvcfg
	 * for the extensions a vCPU has. */
	hart_csr_set(h, CSR_MENVCFG, MENVCFG_STCE | MENVCFG_ADUE | MENVCFG_PBMTE | ENVCFG_CBO);
	hart_csr_set(h, CSR_HENVCFG, MENVCFG_STCE | MENVCFG_ADUE | MENVCFG_PBMTE | ENVCFG_CBO);
	/* Smstateen: the guest reaches senvcfg and its sstateen registers
	 * (mstateen first: it bounds hstateen). */
	for (unsigned n = 0; n < 4; n++) {
		uint64_t v = STATEEN_SE0 | (n ? 0 : STATEEN0_ENVCFG);
		hart_csr_set(h, CSR_MSTATEEN0 + n, v);
		hart_csr_set(h, CSR_HSTATEEN0 + n, v);
	}
	hart_csr_set(h, CSR_HGATP, 0);
	/* One PMP entry over everything, as firmware sets up below an S-mode
	 * kernel (with none matching, S/U accesses fail: priv spec 3.7.1). */
	hart_csr_set(h, CSR_PMPADDR0, ~0ULL);
	hart_csr_set(h, CSR_PMPCFG0, PMP_NAPOT_RWX);
	hart_set_mode(h, PRV_S, true);
	hart_set_gpr(h, 10, vcpu->id);
	hart_set_gpr(h, 11, a1);
	vcpu->sbi.sta_shmem = UINT64_MAX;  /* no steal-time record after a reset */
	vcpu->sbi.pmu_in_use = 0;          /* nor counters (the hart's are reset) */
}

void kvm_riscv_vcpu_setup(struct kvm_vcpu *vcpu)
{
	kvm_riscv_vcpu_reset(vcpu, vcpu->vm->reset_pc, 0);
	if (vcpu->id != 0)
		atomic_store(&vcpu->mp_state, KVM_MP_STATE_STOPPED);
}

/* Owner thread, outside the guest. */
void kvm_riscv_vcpu_answer_requests(struct kvm_vcpu *vcpu)
{
	uint32_t req = atomic_load(&vcpu->requests);
	if (!req)
		return;
	if (req & KVM_REQ_HSM_START) {
		pthread_mutex_lock(&vcpu->lock);
		uint64_t addr = vcpu->sbi.start_addr, opaque = vcpu->sbi.start_opaque;
		pthread_mutex_unlock(&vcpu->lock);
		kvm_riscv_vcpu_reset(vcpu, addr, opaque);  /* also drops the TLB and code */
		req |= KVM_REQ_TLB_FLUSH | KVM_REQ_FENCE_I;
	}
	if (req & KVM_REQ_HFENCE) {
		/* Taken and cleared under the lock the requesters queue under,
		 * so no range queued after this look is lost with the bit. */
		struct { uint64_t start, size; } q[KVM_HFENCE_QUEUE];
		pthread_mutex_lock(&vcpu->lock);
		unsigned n = vcpu->nhfence;
		memcpy(q, vcpu->hfence, n * sizeof(q[0]));
		vcpu->nhfence = 0;
		atomic_fetch_and(&vcpu->requests, ~KVM_REQ_HFENCE);
		pthread_mutex_unlock(&vcpu->lock);
		req &= ~KVM_REQ_HFENCE;
		for (unsigned i = 0; i < n && !(req & KVM_REQ_TLB_FLUSH); i++)
			for (uint64_t off = 0; off < q[i].size; off += 4096)
				hart_flush_guest_va(vcpu->hart, q[i].start + off);
	}
	if (req & KVM_REQ_TLB_FLUSH)
		hart_flush_guest_tlb(vcpu->hart);
	if (req & KVM_REQ_FENCE_I)
		hart_flush_icache(vcpu->hart);
	if (req & KVM_REQ_DIRTY_WP)
		hart_drop_write_tags(vcpu->hart);
	/* HSM: START_PENDING becomes STARTED in one step under the lock that
	 * hart_start and hart_get_status read both fields under. */
	if (req & KVM_REQ_HSM_START) {
		pthread_mutex_lock(&vcpu->lock);
		atomic_store(&vcpu->mp_state, KVM_MP_STATE_RUNNABLE);
		atomic_fetch_and(&vcpu->requests, ~req);
		vcpu->wake_seq++;
		pthread_cond_signal(&vcpu->cond);
		pthread_mutex_unlock(&vcpu->lock);
	} else {
		atomic_fetch_and(&vcpu->requests, ~req);
	}
}
