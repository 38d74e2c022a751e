// SPDX-License-Identifier: MIT
/* KVM_GET_STATS_FD (Linux: virt/kvm/binary_stats.c; the layout is
 * Documentation/virt/kvm/api.rst "KVM_GET_STATS_FD"): a VM's and each
 * vCPU's counters as a self-describing "file" of a header, an id string,
 * descriptors and a data block of u64s.  The first three are built once
 * when the handle is created; the data block is read from the live
 * counters on every kvm_stats_pread().
 *
 * vCPU counters are written by the vCPU's own thread with plain stores
 * (as KVM's are); readers load each u64 with a relaxed atomic load, so a
 * value is never torn, but values of different counters may come from
 * slightly different moments.  VM counters are atomic or computed at read
 * time (the memory slots under slots_lock). */
#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kvm/kvm_internal.h"

/* One statistic: KVM's descriptor fields, and where its values are in
 * the source struct (struct kvm_vcpu_stat, or struct stats_vm_values). */
struct stats_item {
	const char *name;
	uint32_t flags;
	int16_t exponent;
	uint16_t size;
	size_t src;
};

#define ITEM(n, field, type, unit, base, exp, sz) \
	{ .name = n, .flags = (type) | (unit) | (base), .exponent = (exp), .size = (sz), \
	  .src = offsetof(struct kvm_vcpu_stat, field) }
#define VCPU_CUM(n, field) \
	ITEM(n, field, KVM_STATS_TYPE_CUMULATIVE, KVM_STATS_UNIT_NONE, KVM_STATS_BASE_POW10, 0, 1)
#define VCPU_NS(n, field) \
	ITEM(n, field, KVM_STATS_TYPE_CUMULATIVE, KVM_STATS_UNIT_SECONDS, KVM_STATS_BASE_POW10, -9, 1)
#define VCPU_NS_HIST(n, field) \
	ITEM(n, field, KVM_STATS_TYPE_LOG_HIST, KVM_STATS_UNIT_SECONDS, KVM_STATS_BASE_POW10, -9, \
	     KVM_HALT_POLL_HIST_COUNT)

/* Names follow KVM's generic vCPU stats and arch/riscv/kvm's where the
 * meaning is the same; the rest are rvkvm's. */
static const struct stats_item vcpu_items[] = {
	VCPU_CUM("halt_successful_poll", halt_successful_poll),
	VCPU_CUM("halt_attempted_poll", halt_attempted_poll),
	VCPU_CUM("halt_poll_invalid", halt_poll_invalid),
	VCPU_CUM("halt_wakeup", halt_wakeup),
	VCPU_NS("halt_poll_success_ns", halt_poll_success_ns),
	VCPU_NS("halt_poll_fail_ns", halt_poll_fail_ns),
	VCPU_NS("halt_wait_ns", halt_wait_ns),
	VCPU_NS_HIST("halt_poll_success_hist", halt_poll_success_hist),
	VCPU_NS_HIST("halt_poll_fail_hist", halt_poll_fail_hist),
	VCPU_NS_HIST("halt_wait_hist", halt_wait_hist),
	VCPU_CUM("ecall_exit_stat", sbi_calls),        /* SBI calls (hypervisor guests) */
	VCPU_CUM("sbi_exit_user", sbi_exits),          /* of which KVM_EXIT_RISCV_SBI */
	VCPU_CUM("wfi_exit_stat", wfi_exits),          /* halts in WFI */
	VCPU_CUM("wfi_timer_wakeups", wfi_wakeups_timer),
	VCPU_CUM("mmio_exit_user", mmio_exits),        /* KVM_EXIT_MMIO */
	VCPU_CUM("mmio_exit_kernel", ioeventfd_writes),/* MMIO writes an ioeventfd took */
	VCPU_CUM("vm_exits", vmexits),                 /* traps to HS (hypervisor guests) */
	VCPU_CUM("virtual_insn_exits", virtual_insn_exits),
	VCPU_CUM("signal_exits", kick_exits),          /* KVM_EXIT_INTR (kicks, immediate_exit) */
	VCPU_CUM("internal_error_exits", error_exits), /* KVM_EXIT_INTERNAL_ERROR */
	VCPU_CUM("budget_exits", budget_exits),        /* instruction budget used up, re-entered */
	VCPU_CUM("run_calls", runs),                   /* KVM_RUN calls */
	VCPU_CUM("user_exits", exits),                 /* KVM_RUN returns with an exit reason */
};

/* A VM's values, computed at read time. */
struct stats_vm_values {
	uint64_t vcpus, memslots, memslot_pages, remote_tlb_flush_requests;
};

#define VM_ITEM(n, field, type, unit, base, exp) \
	{ .name = n, .flags = (type) | (unit) | (base), .exponent = (exp), .size = 1, \
	  .src = offsetof(struct stats_vm_values, field) }
static const struct stats_item vm_items[] = {
	VM_ITEM("vcpus", vcpus, KVM_STATS_TYPE_INSTANT, KVM_STATS_UNIT_NONE, KVM_STATS_BASE_POW10, 0),
	VM_ITEM("memslots", memslots, KVM_STATS_TYPE_INSTANT, KVM_STATS_UNIT_NONE,
		KVM_STATS_BASE_POW10, 0),
	/* 4 KiB pages: the unit is 2^12 bytes */
	VM_ITEM("memslot_pages", memslot_pages, KVM_STATS_TYPE_INSTANT, KVM_STATS_UNIT_BYTES,
		KVM_STATS_BASE_POW2, 12),
	VM_ITEM("remote_tlb_flush_requests", remote_tlb_flush_requests, KVM_STATS_TYPE_CUMULATIVE,
		KVM_STATS_UNIT_NONE, KVM_STATS_BASE_POW10, 0),
};

/* Upper bound of the data block, in u64s (checked when a handle is made). */
#define STATS_MAX_VALUES 512

struct kvm_stats_fd {
	struct kvm_vm *vm;        /* a VM's stats, or */
	struct kvm_vcpu *vcpu;    /* a vCPU's */
	const struct stats_item *items;
	unsigned nitems;
	size_t nvalues;
	uint8_t *meta;            /* header, id, descriptors: data_offset bytes */
	size_t data_offset;
};

void kvm_stats_log_hist_update(uint64_t *hist, size_t size, uint64_t value)
{
	/* api.rst: bucket 0 is [0, 1), bucket n (0 < n < size - 1) is
	 * [2^(n-1), 2^n), the last is [2^(size-2), +inf): n = fls64(value). */
	size_t n = value ? 64 - (size_t)__builtin_clzll(value) : 0;
	if (n > size - 1)
		n = size - 1;
	hist[n]++;
}

static int stats_fd_create(struct kvm_vm *vm, struct kvm_vcpu *vcpu, const char *id,
			   const struct stats_item *items, unsigned nitems,
			   struct kvm_stats_fd **out)
{
	const size_t name_size = KVM_STATS_NAME_SIZE;
	const size_t desc_size = sizeof(struct kvm_stats_desc) + name_size;
	struct kvm_stats_header h = {
		.flags = 0,
		.name_size = (uint32_t)name_size,
		.num_desc = nitems,
		.id_offset = sizeof(h),
	};
	h.desc_offset = h.id_offset + (uint32_t)name_size;
	h.data_offset = h.desc_offset + (uint32_t)(nitems * desc_size);

	struct kvm_stats_fd *f = calloc(1, sizeof(*f));
	uint8_t *meta = calloc(1, h.data_offset);
	if (!f || !meta) {
		free(f);
		free(meta);
		return -ENOMEM;
	}
	memcpy(meta, &h, sizeof(h));
	snprintf((char *)meta + h.id_offset, name_size, "%s", id);
	uint32_t off = 0;
	for (unsigned i = 0; i < nitems; i++) {
		struct kvm_stats_desc d = {
			.flags = items[i].flags,
			.exponent = items[i].exponent,
			.size = items[i].size,
			.offset = off,
			.bucket_size = 0,   /* used by LINEAR_HIST only */
		};
		uint8_t *p = meta + h.desc_offset + i * desc_size;
		memcpy(p, &d, sizeof(d));
		snprintf((char *)p + sizeof(d), name_size, "%s", items[i].name);
		off += items[i].size * (uint32_t)sizeof(uint64_t);
	}
	f->vm = vm;
	f->vcpu = vcpu;
	f->items = items;
	f->nitems = nitems;
	f->nvalues = off / sizeof(uint64_t);
	f->meta = meta;
	f->data_offset = h.data_offset;
	if (f->nvalues > STATS_MAX_VALUES) {
		kvm_stats_close(f);
		return -E2BIG;
	}
	*out = f;
	return 0;
}

int kvm_vm_get_stats_fd(struct kvm_vm *vm, struct kvm_stats_fd **out)
{
	char id[KVM_STATS_NAME_SIZE];
	snprintf(id, sizeof(id), "kvm-%d", (int)getpid());
	return stats_fd_create(vm, NULL, id, vm_items, sizeof(vm_items) / sizeof(vm_items[0]), out);
}

int kvm_vcpu_get_stats_fd(struct kvm_vcpu *vcpu, struct kvm_stats_fd **out)
{
	char id[KVM_STATS_NAME_SIZE];
	snprintf(id, sizeof(id), "kvm-%d/vcpu-%u", (int)getpid(), vcpu->id);
	return stats_fd_create(vcpu->vm, vcpu, id, vcpu_items,
			       sizeof(vcpu_items) / sizeof(vcpu_items[0]), out);
}

static void stats_vm_values(struct kvm_vm *vm, struct stats_vm_values *v)
{
	*v = (struct stats_vm_values){ 0 };
	for (unsigned i = 0; i < KVM_MAX_VCPUS; i++)
		if (__atomic_load_n(&vm->vcpus[i], __ATOMIC_ACQUIRE))
			v->vcpus++;
	pthread_rwlock_rdlock(&vm->slots_lock);
	for (unsigned i = 0; i < KVM_USER_MEM_SLOTS; i++) {
		if (!vm->memslots[i].used)
			continue;
		v->memslots++;
		v->memslot_pages += vm->memslots[i].npages;
	}
	pthread_rwlock_unlock(&vm->slots_lock);
	v->remote_tlb_flush_requests = atomic_load_explicit(&vm->stat.remote_tlb_flush_requests,
							    memory_order_relaxed);
}

/* The data block now, in descriptor order. */
static void stats_snapshot(const struct kvm_stats_fd *f, uint64_t *out)
{
	struct stats_vm_values vmv;
	const uint8_t *src;
	if (f->vcpu) {
		src = (const uint8_t *)&f->vcpu->stat;
	} else {
		stats_vm_values(f->vm, &vmv);
		src = (const uint8_t *)&vmv;
	}
	size_t k = 0;
	for (unsigned i = 0; i < f->nitems; i++) {
		const uint64_t *p = (const uint64_t *)(src + f->items[i].src);
		for (unsigned j = 0; j < f->items[i].size; j++)
			out[k++] = __atomic_load_n(&p[j], __ATOMIC_RELAXED);
	}
}

long kvm_stats_pread(struct kvm_stats_fd *f, void *buf, size_t len, uint64_t off)
{
	if (!f)
		return -EBADF;
	if (!buf && len)
		return -EFAULT;
	uint64_t total = f->data_offset + f->nvalues * sizeof(uint64_t);
	if (off >= total || !len)
		return 0;
	if (len > total - off)
		len = (size_t)(total - off);
	if (len > LONG_MAX)
		len = LONG_MAX;
	uint8_t *dst = buf;
	size_t done = 0;
	if (off < f->data_offset) {   /* the constant part */
		size_t n = f->data_offset - (size_t)off;
		if (n > len)
			n = len;
		memcpy(dst, f->meta + off, n);
		done = n;
	}
	if (done < len) {             /* the data block, read now */
		uint64_t data[STATS_MAX_VALUES];
		stats_snapshot(f, data);
		size_t from = (size_t)(off + done) - f->data_offset;
		memcpy(dst + done, (const uint8_t *)data + from, len - done);
		done = len;
	}
	return (long)done;
}

void kvm_stats_close(struct kvm_stats_fd *f)
{
	if (!f)
		return;
	free(f->meta);
	free(f);
}
