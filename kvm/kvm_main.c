// SPDX-License-Identifier: MIT
/* The system handle and VM-level calls (Linux: virt/kvm/kvm_main.c):
 * KVM_GET_API_VERSION, KVM_CHECK_EXTENSION, KVM_CREATE_VM and the VM
 * ioctls.  VM-level configuration (memory slots, MMIO regions, reset PC) is
 * done before vCPUs run; KVM_IRQ_LINE may be called at any time. */
#include <errno.h>
#include <stdlib.h>

#include "kvm/kvm_internal.h"

int kvm_open(struct kvm **out)
{
	if (!out)
		return -EFAULT;
	struct kvm *kvm = calloc(1, sizeof(*kvm));
	if (!kvm)
		return -ENOMEM;
	*out = kvm;
	return 0;
}

void kvm_close(struct kvm *kvm)
{
	free(kvm);
}

static long kvm_check_extension(unsigned long cap)
{
	switch (cap) {
	case KVM_CAP_USER_MEMORY:
	case KVM_CAP_READONLY_MEM:
	case KVM_CAP_ONE_REG:
	case KVM_CAP_HALT_POLL:
	case KVM_CAP_IRQFD:
	case KVM_CAP_IOEVENTFD:
	case KVM_CAP_IOEVENTFD_ANY_LENGTH:
	case KVM_CAP_BINARY_STATS_FD:
		return 1;
	case KVM_CAP_MANUAL_DIRTY_LOG_PROTECT2:
		return KVM_DIRTY_LOG_MANUAL_PROTECT_ENABLE | KVM_DIRTY_LOG_INITIALLY_SET;
	case KVM_CAP_DIRTY_LOG_RING:
		return 65536 * (long)sizeof(struct kvm_dirty_gfn);  /* the largest ring, in bytes */
	case KVM_CAP_NR_VCPUS:
	case KVM_CAP_MAX_VCPUS:
		return KVM_MAX_VCPUS;
	default:
		return 0;
	}
}

long kvm_ioctl(struct kvm *kvm, unsigned int cmd, unsigned long arg)
{
	if (!kvm)
		return -EBADF;
	switch (cmd) {
	case KVM_GET_API_VERSION:
		return KVM_API_VERSION;
	case KVM_CHECK_EXTENSION:
		return kvm_check_extension(arg);
	case KVM_GET_VCPU_MMAP_SIZE:
		return (long)((sizeof(struct kvm_run) + KVM_PAGE_SIZE - 1) & ~(KVM_PAGE_SIZE - 1));
	default:
		return -EINVAL;
	}
}

/* The ACLINT changed a hart's msip or mtimecmp: let a sleeping vCPU look. */
static void kvm_vm_aclint_notify(void *opaque, unsigned hart)
{
	struct kvm_vm *vm = opaque;
	if (hart >= KVM_MAX_VCPUS)
		return;
	struct kvm_vcpu *vcpu = __atomic_load_n(&vm->vcpus[hart], __ATOMIC_ACQUIRE);
	if (vcpu)
		kvm_vcpu_wake(vcpu);
}

int kvm_create_vm(struct kvm *kvm, unsigned long type, struct kvm_vm **out)
{
	if (!kvm || !out)
		return -EFAULT;
	if (type != KVM_VM_TYPE_FULL_MACHINE && type != KVM_VM_TYPE_HYP_GUEST)
		return -EINVAL;
	struct kvm_vm *vm = calloc(1, sizeof(*vm));
	if (!vm)
		return -ENOMEM;
	vm->kvm = kvm;
	vm->type = type;
	bus_init(&vm->bus);
	rv_clock_init(&vm->clock);
	pthread_mutex_init(&vm->lock, NULL);
	kvm_vm_eventfd_init(vm);
	pthread_rwlockattr_t ra;
	pthread_rwlockattr_init(&ra);
	pthread_rwlockattr_setkind_np(&ra, PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP);
	pthread_rwlock_init(&vm->slots_lock, &ra);
	pthread_rwlockattr_destroy(&ra);
	aclint_init(&vm->aclint, vm->harts, KVM_MAX_VCPUS, &vm->clock,
		    kvm_vm_aclint_notify, vm);
	/* The ACLINT is M-mode hardware: a hypervisor guest has SBI timers
	 * and IPIs instead (its address range is then unbacked). */
	int r = 0;
	if (type == KVM_VM_TYPE_FULL_MACHINE) {
		r = aclint_attach(&vm->aclint, &vm->bus, KVM_ACLINT_BASE);
		if (!r)
			r = aclint_attach_sswi(&vm->aclint, &vm->bus, KVM_ACLINT_SSWI_BASE);
	}
	if (r < 0) {
		kvm_vm_eventfd_destroy(vm);
		pthread_rwlock_destroy(&vm->slots_lock);
		pthread_mutex_destroy(&vm->lock);
		free(vm);
		return r;
	}
	vm->reset_pc = 0x80000000ULL;
	atomic_init(&vm->max_halt_poll_ns, KVM_HALT_POLL_NS_DEFAULT);
	kvm->nr_vms++;
	*out = vm;
	return 0;
}

void kvm_vm_destroy(struct kvm_vm *vm)
{
	if (!vm)
		return;
	for (unsigned i = 0; i < KVM_MAX_VCPUS; i++)
		if (vm->vcpus[i])
			kvm_vcpu_destroy(vm->vcpus[i]);
	kvm_vm_eventfd_destroy(vm);  /* the irqfd thread uses the irqchip */
	kvm_vm_destroy_irqchip(vm);
	kvm_vm_free_memslots(vm);
	pthread_rwlock_destroy(&vm->slots_lock);
	pthread_mutex_destroy(&vm->lock);
	vm->kvm->nr_vms--;
	free(vm);
}

/* KVM_IRQ_LINE: a PLIC source with an irqchip, else hart << 16 | mip bit. */
static int kvm_vm_irq_line(struct kvm_vm *vm, const struct kvm_irq_level *irq)
{
	if (__atomic_load_n(&vm->plic, __ATOMIC_ACQUIRE))
		return kvm_irqchip_irq_line(vm, irq);
	unsigned hart = irq->irq >> 16, line = irq->irq & 0xffff;
	switch (line) {
	case 1: case 3: case 5: case 7: case 9: case 11:
		break;
	default:
		return -EINVAL;
	}
	if (hart >= KVM_MAX_VCPUS)
		return -EINVAL;
	struct kvm_vcpu *vcpu = __atomic_load_n(&vm->vcpus[hart], __ATOMIC_ACQUIRE);
	if (!vcpu)
		return -EINVAL;
	hart_set_irq(vcpu->hart, line, irq->level != 0);
	kvm_vcpu_wake(vcpu);
	return 0;
}

static int kvm_vm_add_mmio_region(struct kvm_vm *vm, const struct kvm_rvkvm_mmio_region *r)
{
	if (!r->size || r->guest_phys_addr + r->size < r->guest_phys_addr)
		return -EINVAL;
	return bus_add_mmio(&vm->bus, r->guest_phys_addr, r->size, NULL, NULL);
}

long kvm_vm_ioctl(struct kvm_vm *vm, unsigned int cmd, void *arg)
{
	if (!vm)
		return -EBADF;
	if (cmd == KVM_CREATE_IRQCHIP)  /* the VM calls without an argument */
		return kvm_vm_create_irqchip(vm);
	if (cmd == KVM_RESET_DIRTY_RINGS)
		return kvm_vm_reset_dirty_rings(vm);
	if (!arg)
		return -EFAULT;
	switch (cmd) {
	case KVM_SET_USER_MEMORY_REGION:
		return kvm_vm_set_memory_region(vm, arg);
	case KVM_IRQ_LINE:
		return kvm_vm_irq_line(vm, arg);
	case KVM_GET_IRQCHIP:
		return arg ? kvm_irqchip_get(vm, arg) : -EFAULT;
	case KVM_SET_IRQCHIP:
		return arg ? kvm_irqchip_set(vm, arg) : -EFAULT;
	case KVM_RVKVM_ADD_MMIO_REGION:
		return kvm_vm_add_mmio_region(vm, arg);
	case KVM_GET_STATS_FD:
		return kvm_vm_get_stats_fd(vm, arg);
	case KVM_IOEVENTFD:
		return kvm_vm_ioeventfd(vm, arg);
	case KVM_IRQFD:
		return kvm_vm_irqfd(vm, arg);
	case KVM_GET_DIRTY_LOG:
		return kvm_vm_get_dirty_log(vm, arg);
	case KVM_CLEAR_DIRTY_LOG:
		return kvm_vm_clear_dirty_log(vm, arg);
	case KVM_RVKVM_MARK_DIRTY:
		return kvm_vm_mark_dirty(vm, arg);
	case KVM_RVKVM_SET_VCPU_PLUGGED:
		return kvm_riscv_vm_set_vcpu_plugged(vm, arg);
	case KVM_ENABLE_CAP: {
		const struct kvm_enable_cap *c = arg;
		if (c->cap == KVM_CAP_DIRTY_LOG_RING && !c->flags)
			return kvm_vm_enable_dirty_ring(vm, c->args[0]);
		if (c->cap == KVM_CAP_MANUAL_DIRTY_LOG_PROTECT2 && !c->flags) {
			if (c->args[0] & ~(uint64_t)(KVM_DIRTY_LOG_MANUAL_PROTECT_ENABLE |
						     KVM_DIRTY_LOG_INITIALLY_SET))
				return -EINVAL;
			vm->dirty_log_flags = (uint32_t)c->args[0];
			return 0;
		}
		if (c->cap != KVM_CAP_HALT_POLL || c->flags)
			return -EINVAL;
		/* Any time, as in KVM: each vCPU clamps its window at its next halt. */
		atomic_store(&vm->max_halt_poll_ns, c->args[0] > UINT32_MAX ? UINT32_MAX : c->args[0]);
		return 0;
	}
	case KVM_RVKVM_SET_RESET_PC: {
		uint64_t pc = *(const uint64_t *)arg;
		if (pc & 1)  /* IALIGN is 16 with C: bit 0 is never set */
			return -EINVAL;
		vm->reset_pc = pc;
		return 0;
	}
	default:
		return -EINVAL;
	}
}
