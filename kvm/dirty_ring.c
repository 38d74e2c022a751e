// SPDX-License-Identifier: MIT
/* The dirty ring (Linux: virt/kvm/dirty_ring.c; api.rst "KVM_CAP_DIRTY_LOG_RING"):
 * instead of a bitmap to harvest, each vCPU pushes {slot, offset} of every
 * page its writes newly dirty onto its own ring (struct kvm_dirty_gfn,
 * flags DIRTY once the entry is complete).  The VMM collects entries,
 * marks them RESET and calls KVM_RESET_DIRTY_RINGS, which recycles them,
 * makes the pages clean again and write-protects them.  A vCPU whose ring
 * is within KVM_DIRTY_RING_RSVD entries of full returns
 * KVM_EXIT_DIRTY_RING_FULL before it next enters the guest; the hart
 * leaves its run within one block of reaching that mark, and one block
 * dirties fewer than the reserve (64 instructions, at most a few pages
 * each), so the ring never overflows.  The slot bitmaps stay as the
 * "already pushed" filter. */
#include <errno.h>
#include <stdlib.h>

#include "kvm/kvm_internal.h"

#define KVM_DIRTY_RING_RSVD 512
#define KVM_DIRTY_RING_MIN  2048   /* entries */
#define KVM_DIRTY_RING_MAX  65536

int kvm_vm_enable_dirty_ring(struct kvm_vm *vm, uint64_t bytes)
{
	uint64_t n = bytes / sizeof(struct kvm_dirty_gfn);
	if (bytes % sizeof(struct kvm_dirty_gfn) || n < KVM_DIRTY_RING_MIN || n > KVM_DIRTY_RING_MAX ||
	    (n & (n - 1)))
		return -EINVAL;
	int r = 0;
	pthread_mutex_lock(&vm->lock);
	for (unsigned i = 0; i < KVM_MAX_VCPUS; i++)
		if (vm->vcpus[i])
			r = -EINVAL;  /* as KVM: before the first vCPU */
	if (!r && vm->dirty_ring_size)
		r = -EINVAL;
	if (!r)
		vm->dirty_ring_size = (uint32_t)n;
	pthread_mutex_unlock(&vm->lock);
	return r;
}

int kvm_vcpu_dirty_ring_init(struct kvm_vcpu *vcpu)
{
	uint32_t n = vcpu->vm->dirty_ring_size;
	if (!n)
		return 0;
	vcpu->ring.gfns = calloc(n, sizeof(struct kvm_dirty_gfn));
	if (!vcpu->ring.gfns)
		return -ENOMEM;
	vcpu->ring.size = n;
	pthread_mutex_init(&vcpu->ring.lock, NULL);
	return 0;
}

void kvm_vcpu_dirty_ring_free(struct kvm_vcpu *vcpu)
{
	if (!vcpu->ring.gfns)
		return;
	free(vcpu->ring.gfns);
	vcpu->ring.gfns = NULL;
	pthread_mutex_destroy(&vcpu->ring.lock);
}

bool kvm_dirty_ring_soft_full(struct kvm_vcpu *vcpu)
{
	struct kvm_dirty_ring *r = &vcpu->ring;
	pthread_mutex_lock(&r->lock);
	bool full = r->dirty_index - r->reset_index >= r->size - KVM_DIRTY_RING_RSVD;
	pthread_mutex_unlock(&r->lock);
	return full;
}

/* Push one entry; true when the ring is now soft-full. */
bool kvm_dirty_ring_push(struct kvm_vcpu *vcpu, uint32_t slot, uint64_t offset)
{
	struct kvm_dirty_ring *r = &vcpu->ring;
	pthread_mutex_lock(&r->lock);
	if (r->dirty_index - r->reset_index >= r->size) {
		r->overflows++;  /* cannot happen (see above); counted, never silent */
	} else {
		struct kvm_dirty_gfn *e = &r->gfns[r->dirty_index & (r->size - 1)];
		e->slot = slot;
		e->offset = offset;
		__atomic_store_n(&e->flags, KVM_DIRTY_GFN_F_DIRTY, __ATOMIC_RELEASE);
		r->dirty_index++;
	}
	bool full = r->dirty_index - r->reset_index >= r->size - KVM_DIRTY_RING_RSVD;
	pthread_mutex_unlock(&r->lock);
	return full;
}

/* The slot a bus region belongs to (the caller holds slots_lock). */
static int slot_of(struct kvm_vm *vm, uint64_t base)
{
	for (int i = 0; i < KVM_USER_MEM_SLOTS; i++)
		if (vm->memslots[i].used && vm->memslots[i].base_gfn * KVM_PAGE_SIZE == base)
			return i;
	return -1;
}

/* hart_config.dirty_page: on the vCPU's own thread, inside hart_run. */
bool kvm_dirty_ring_hart_page(void *opaque, const struct bus_ram *ram, uint64_t pa)
{
	struct kvm_vcpu *vcpu = opaque;
	int slot = slot_of(vcpu->vm, ram->base);
	if (slot < 0)
		return false;
	return kvm_dirty_ring_push(vcpu, (uint32_t)slot, (pa - ram->base) / KVM_PAGE_SIZE);
}

int kvm_vm_reset_dirty_rings(struct kvm_vm *vm)
{
	if (!vm->dirty_ring_size)
		return -EINVAL;
	int count = 0;
	pthread_rwlock_rdlock(&vm->slots_lock);
	for (unsigned i = 0; i < KVM_MAX_VCPUS; i++) {
		struct kvm_vcpu *v = __atomic_load_n(&vm->vcpus[i], __ATOMIC_ACQUIRE);
		if (!v)
			continue;
		struct kvm_dirty_ring *r = &v->ring;
		pthread_mutex_lock(&r->lock);
		while (r->reset_index != r->dirty_index) {
			struct kvm_dirty_gfn *e = &r->gfns[r->reset_index & (r->size - 1)];
			if (!(__atomic_load_n(&e->flags, __ATOMIC_ACQUIRE) & KVM_DIRTY_GFN_F_RESET))
				break;  /* not collected yet: stop here, as KVM */
			struct kvm_memslot *s = e->slot < KVM_USER_MEM_SLOTS ? &vm->memslots[e->slot] : NULL;
			if (s && s->used && s->dirty_bitmap && e->offset < s->npages)
				atomic_fetch_and(&s->dirty_bitmap[e->offset / 64], ~(1ULL << (e->offset % 64)));
			__atomic_store_n(&e->flags, 0, __ATOMIC_RELEASE);
			r->reset_index++;
			count++;
		}
		pthread_mutex_unlock(&r->lock);
	}
	if (count)
		kvm_vm_write_protect(vm);
	pthread_rwlock_unlock(&vm->slots_lock);
	return count;
}
