// SPDX-License-Identifier: MIT
/* KVM_SET_USER_MEMORY_REGION (Linux: __kvm_set_memory_region): memory
 * slots map guest-physical ranges to host memory through the VM's bus.
 * Supported changes: create, delete (memory_size 0) and move (same size and
 * host address, new guest address).  Every field is validated: the VMM is
 * trusted to pass host memory it owns, but nothing else is assumed.
 * Changes are safe while vCPUs run: the running vCPUs are kicked out of
 * the guest and the change is made under slots_lock held for writing, so
 * a vCPU sees the map before or after it, never half of it; harts see the
 * new map through the bus generation count, which makes them drop cached
 * translations before they run guest code again. */
#include <errno.h>

#include "kvm/kvm_internal.h"

#define KVM_MEM_VALID_FLAGS (KVM_MEM_READONLY | KVM_MEM_LOG_DIRTY_PAGES)

static bool kvm_memslot_overlaps(const struct kvm_vm *vm, uint32_t skip,
				 uint64_t gfn, uint64_t npages)
{
	for (uint32_t i = 0; i < KVM_USER_MEM_SLOTS; i++) {
		const struct kvm_memslot *s = &vm->memslots[i];
		if (i == skip || !s->used)
			continue;
		if (gfn < s->base_gfn + s->npages && s->base_gfn < gfn + npages)
			return true;
	}
	return false;
}

static int kvm_memslot_map(struct kvm_vm *vm, const struct kvm_memslot *s)
{
	uint64_t base = s->base_gfn * KVM_PAGE_SIZE;
	int r = bus_add_ram(&vm->bus, base, s->npages * KVM_PAGE_SIZE,
			    (void *)(uintptr_t)s->userspace_addr, s->flags & KVM_MEM_READONLY);
	if (!r && s->dirty_bitmap)
		r = bus_set_ram_dirty_log(&vm->bus, base, s->dirty_bitmap);
	return r;
}

static int kvm_vm_set_memory_region_locked(struct kvm_vm *vm,
					   const struct kvm_userspace_memory_region *mem);

int kvm_vm_set_memory_region(struct kvm_vm *vm, const struct kvm_userspace_memory_region *mem)
{
	atomic_fetch_add(&vm->slots_writers, 1);
	for (unsigned i = 0; i < KVM_MAX_VCPUS; i++) {
		struct kvm_vcpu *v = __atomic_load_n(&vm->vcpus[i], __ATOMIC_ACQUIRE);
		if (v)
			hart_kick(v->hart);  /* out of hart_run, to the lock */
	}
	pthread_rwlock_wrlock(&vm->slots_lock);
	int r = kvm_vm_set_memory_region_locked(vm, mem);
	pthread_rwlock_unlock(&vm->slots_lock);
	atomic_fetch_sub(&vm->slots_writers, 1);
	return r;
}

static int kvm_vm_set_memory_region_locked(struct kvm_vm *vm,
					   const struct kvm_userspace_memory_region *mem)
{
	if (mem->slot >= KVM_USER_MEM_SLOTS)
		return -EINVAL;
	if (mem->flags & ~KVM_MEM_VALID_FLAGS)
		return -EINVAL;
	if ((mem->guest_phys_addr | mem->memory_size | mem->userspace_addr) & (KVM_PAGE_SIZE - 1))
		return -EINVAL;
	if (mem->guest_phys_addr + mem->memory_size < mem->guest_phys_addr ||
	    mem->userspace_addr + mem->memory_size < mem->userspace_addr ||
	    (mem->memory_size && !mem->userspace_addr) ||
	    mem->userspace_addr > UINTPTR_MAX - mem->memory_size)
		return -EINVAL;

	struct kvm_memslot *old = &vm->memslots[mem->slot];
	struct kvm_memslot new = {
		.used = true,
		.flags = mem->flags,
		.base_gfn = mem->guest_phys_addr / KVM_PAGE_SIZE,
		.npages = mem->memory_size / KVM_PAGE_SIZE,
		.userspace_addr = mem->userspace_addr,
	};
	int r;

	if (!new.npages) {                      /* delete */
		if (!old->used)
			return -EINVAL;
		r = bus_remove_ram(&vm->bus, old->base_gfn * KVM_PAGE_SIZE);
		if (r < 0)
			return r;
		kvm_memslot_dirty_log_free(old);
		*old = (struct kvm_memslot){ 0 };
		return 0;
	}

	if (old->used) {                        /* move or flags-only change */
		if (new.npages != old->npages || new.userspace_addr != old->userspace_addr ||
		    ((new.flags ^ old->flags) & KVM_MEM_READONLY))
			return -EINVAL;
		if (new.base_gfn == old->base_gfn) {
			/* Dirty logging on or off (KVM_MEM_LOG_DIRTY_PAGES). */
			r = kvm_memslot_dirty_log_update(vm, old, new.flags);
			if (r < 0)
				return r;
			old->flags = new.flags;
			return bus_set_ram_dirty_log(&vm->bus, old->base_gfn * KVM_PAGE_SIZE,
						     old->dirty_bitmap);
		}
		/* A move keeps the slot's flags and its log (switch logging on
		 * or off in place). */
		if (new.flags != old->flags)
			return -EINVAL;
		new.dirty_bitmap = old->dirty_bitmap;
	} else {
		r = kvm_memslot_dirty_log_update(vm, &new, new.flags);
		if (r < 0)
			return r;
	}
	if (kvm_memslot_overlaps(vm, mem->slot, new.base_gfn, new.npages)) {
		if (!old->used)
			kvm_memslot_dirty_log_free(&new);
		return -EEXIST;
	}

	if (old->used) {
		r = bus_remove_ram(&vm->bus, old->base_gfn * KVM_PAGE_SIZE);
		if (r < 0)
			return r;
		r = kvm_memslot_map(vm, &new);
		if (r < 0) {
			/* e.g. the new range hits an MMIO region: restore the old map */
			if (kvm_memslot_map(vm, old) < 0)
				*old = (struct kvm_memslot){ 0 };
			return r;
		}
	} else {
		r = kvm_memslot_map(vm, &new);
		if (r < 0) {
			kvm_memslot_dirty_log_free(&new);
			return r;
		}
	}
	*old = new;
	return 0;
}

void kvm_vm_free_memslots(struct kvm_vm *vm)
{
	for (uint32_t i = 0; i < KVM_USER_MEM_SLOTS; i++) {
		if (vm->memslots[i].used)
			bus_remove_ram(&vm->bus, vm->memslots[i].base_gfn * KVM_PAGE_SIZE);
		kvm_memslot_dirty_log_free(&vm->memslots[i]);
		vm->memslots[i] = (struct kvm_memslot){ 0 };
	}
}
