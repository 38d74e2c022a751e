// SPDX-License-Identifier: MIT
/* Traps from a hypervisor guest to the host level (Linux:
 * arch/riscv/kvm/vcpu_exit.c, vcpu_insn.c).  With the guest's own faults
 * delegated to it (hedeleg), what remains is ECALL from VS-mode (the SBI)
 * and virtual-instruction exceptions; a virtual instruction the core does
 * not emulate is what a guest without the H extension sees as illegal, so
 * it is redirected as an illegal-instruction exception (stval = its bits). */
#include "hw/riscv/csr.h"
#include "kvm/kvm_internal.h"

static int kvm_riscv_vcpu_unexpected(struct kvm_vcpu *vcpu, const struct hart_vmexit *e)
{
	struct kvm_run *run = &vcpu->run;
	vcpu->halted = true;
	vcpu->stat.error_exits++;
	run->exit_reason = KVM_EXIT_INTERNAL_ERROR;
	run->internal.suberror = KVM_INTERNAL_ERROR_EMULATION;
	run->internal.ndata = 4;
	run->internal.data[0] = hart_get_pc(vcpu->hart);
	run->internal.data[1] = hart_get_priv(vcpu->hart);
	run->internal.data[2] = e->cause;
	run->internal.data[3] = e->tval;
	return 0;
}

int kvm_riscv_vcpu_exit(struct kvm_vcpu *vcpu)
{
	const struct hart_vmexit *e = hart_vmexit(vcpu->hart);
	vcpu->stat.vmexits++;
	if (!hart_get_virt(vcpu->hart))
		return kvm_riscv_vcpu_unexpected(vcpu, e);  /* the guest never leaves V=1 */
	switch (e->cause) {
	case EXC_ECALL_VS:
		return kvm_riscv_vcpu_sbi_ecall(vcpu);
	case EXC_VIRTUAL_INSN:
		vcpu->stat.virtual_insn_exits++;
		hart_inject_vs_exception(vcpu->hart, EXC_ILLEGAL_INSN, e->tval);
		return 1;
	default:
		return kvm_riscv_vcpu_unexpected(vcpu, e);
	}
}
