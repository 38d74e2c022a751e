// SPDX-License-Identifier: MIT
/* Dirty page logging (Linux: kvm_get_dirty_log_protect and
 * kvm_clear_dirty_log_protect in virt/kvm/kvm_main.c).  A slot with
 * KVM_MEM_LOG_DIRTY_PAGES has a bitmap the harts fill: the first write to
 * a clean page takes the slow path, which sets its bit before a write
 * translation is cached (hw/bus.h).  Harvesting clears bits and then
 * write-protects the pages again, which for a software TLB means every
 * vCPU drops its cached write translations (KVM_REQ_DIRTY_WP) before the
 * call returns: a write after that sets the bit again, so no write is
 * lost between two harvests.  Logging off costs nothing: no bitmap, no
 * check on the fast path. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "kvm/kvm_internal.h"

static uint64_t bitmap_words(uint64_t npages)
{
	return (npages + 63) / 64;
}

/* Called under slots_lock for writing: start or stop logging as the new
 * flags say (a new slot's bitmap is mapped by kvm_memslot_map). */
int kvm_memslot_dirty_log_update(struct kvm_vm *vm, struct kvm_memslot *s, uint32_t new_flags)
{
	bool want = new_flags & KVM_MEM_LOG_DIRTY_PAGES;
	if (want && !s->dirty_bitmap) {
		s->dirty_bitmap = calloc(bitmap_words(s->npages), sizeof(uint64_t));
		if (!s->dirty_bitmap)
			return -ENOMEM;
		if (vm->dirty_log_flags & KVM_DIRTY_LOG_INITIALLY_SET) {
			for (uint64_t p = 0; p < s->npages; p++)
				s->dirty_bitmap[p / 64] |= 1ULL << (p % 64);
		}
	} else if (!want && s->dirty_bitmap) {
		kvm_memslot_dirty_log_free(s);
	}
	return 0;
}

void kvm_memslot_dirty_log_free(struct kvm_memslot *s)
{
	free((void *)s->dirty_bitmap);
	s->dirty_bitmap = NULL;
}

/* Every vCPU forgets its write translations before the caller returns. */
void kvm_vm_write_protect(struct kvm_vm *vm)
{
	for (unsigned i = 0; i < KVM_MAX_VCPUS; i++) {
		struct kvm_vcpu *v = __atomic_load_n(&vm->vcpus[i], __ATOMIC_ACQUIRE);
		if (v)
			kvm_make_request_wait(v, KVM_REQ_DIRTY_WP);
	}
}

static struct kvm_memslot *logged_slot(struct kvm_vm *vm, uint32_t slot, int *err)
{
	*err = -EINVAL;
	if (slot >= KVM_USER_MEM_SLOTS)
		return NULL;
	struct kvm_memslot *s = &vm->memslots[slot];
	*err = -ENOENT;
	return s->used && s->dirty_bitmap ? s : NULL;
}

int kvm_vm_get_dirty_log(struct kvm_vm *vm, const struct kvm_dirty_log *log)
{
	if (vm->dirty_ring_size)
		return -ENXIO;  /* the ring replaces the bitmap (as KVM) */
	if (!log->dirty_bitmap)
		return -EFAULT;
	int r = 0;
	pthread_rwlock_rdlock(&vm->slots_lock);
	struct kvm_memslot *s = logged_slot(vm, log->slot, &r);
	if (!s)
		goto out;
	r = 0;
	uint64_t *out = (uint64_t *)(uintptr_t)log->dirty_bitmap;
	bool manual = vm->dirty_log_flags & KVM_DIRTY_LOG_MANUAL_PROTECT_ENABLE;
	bool any = false;
	for (uint64_t w = 0; w < bitmap_words(s->npages); w++) {
		out[w] = manual ? atomic_load(&s->dirty_bitmap[w]) : atomic_exchange(&s->dirty_bitmap[w], 0);
		any |= out[w] != 0;
	}
	if (!manual && any)
		kvm_vm_write_protect(vm);
out:
	pthread_rwlock_unlock(&vm->slots_lock);
	return r;
}

int kvm_vm_clear_dirty_log(struct kvm_vm *vm, const struct kvm_clear_dirty_log *log)
{
	if (vm->dirty_ring_size)
		return -ENXIO;
	if (!(vm->dirty_log_flags & KVM_DIRTY_LOG_MANUAL_PROTECT_ENABLE))
		return -EINVAL;
	if (!log->dirty_bitmap)
		return -EFAULT;
	int r = 0;
	pthread_rwlock_rdlock(&vm->slots_lock);
	struct kvm_memslot *s = logged_slot(vm, log->slot, &r);
	if (!s)
		goto out;
	r = -EINVAL;
	uint64_t first = log->first_page, n = log->num_pages;
	if ((first & 63) || first > s->npages || n > s->npages - first ||
	    ((n & 63) && first + n != s->npages))
		goto out;
	r = 0;
	const uint64_t *in = (const uint64_t *)(uintptr_t)log->dirty_bitmap;
	bool any = false;
	for (uint64_t i = 0; i < bitmap_words(n); i++) {
		uint64_t mask = in[i];
		if (i == bitmap_words(n) - 1 && (n & 63))
			mask &= (1ULL << (n & 63)) - 1;
		if (mask) {
			atomic_fetch_and(&s->dirty_bitmap[first / 64 + i], ~mask);
			any = true;
		}
	}
	if (any)
		kvm_vm_write_protect(vm);
out:
	pthread_rwlock_unlock(&vm->slots_lock);
	return r;
}

int kvm_vm_mark_dirty(struct kvm_vm *vm, const struct kvm_rvkvm_dirty_range *d)
{
	if (!d->len)
		return 0;
	if (d->gpa + d->len < d->gpa)
		return -EINVAL;
	uint64_t first = d->gpa / KVM_PAGE_SIZE, last = (d->gpa + d->len - 1) / KVM_PAGE_SIZE;
	pthread_rwlock_rdlock(&vm->slots_lock);
	for (uint32_t i = 0; i < KVM_USER_MEM_SLOTS; i++) {
		struct kvm_memslot *s = &vm->memslots[i];
		if (!s->used || !s->dirty_bitmap || last < s->base_gfn ||
		    first >= s->base_gfn + s->npages)
			continue;
		uint64_t lo = first > s->base_gfn ? first : s->base_gfn;
		uint64_t hi = last < s->base_gfn + s->npages - 1 ? last : s->base_gfn + s->npages - 1;
		for (uint64_t g = lo; g <= hi; g++) {
			uint64_t p = g - s->base_gfn, bit = 1ULL << (p % 64);
			bool fresh = !(atomic_fetch_or(&s->dirty_bitmap[p / 64], bit) & bit);
			/* Ring mode: the VMM's writes go on vCPU 0's ring. */
			struct kvm_vcpu *v0 = __atomic_load_n(&vm->vcpus[0], __ATOMIC_ACQUIRE);
			if (fresh && vm->dirty_ring_size && v0)
				kvm_dirty_ring_push(v0, i, p);
		}
	}
	pthread_rwlock_unlock(&vm->slots_lock);
	return 0;
}

void kvm_vcpu_mark_dirty(struct kvm_vcpu *vcpu, const struct bus_ram *ram, uint64_t pa)
{
	if (bus_ram_mark_dirty(ram, pa) && vcpu->ring.gfns)
		kvm_dirty_ring_hart_page(vcpu, ram, pa);
}
