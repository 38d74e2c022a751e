// SPDX-License-Identifier: MIT
/* SBI Steal-time Accounting (SBI spec chapter 15; Linux:
 * arch/riscv/kvm/vcpu_sbi_sta.c): the guest names a 64-byte record
 * {le32 sequence, le32 flags, le64 steal, u8 preempted, pad} and the core
 * keeps `steal` = nanoseconds the vCPU wanted to run but did not.  A
 * software vCPU's steal is what its thread's wall-clock time exceeds its
 * CPU time by, less the time it slept by choice (WFI, HSM stop); it is
 * measured over windows of at least 1 ms at guest entry and published
 * with the record's sequence counter (odd while the update is written). */
#include <endian.h>
#include <errno.h>
#include <string.h>
#include <time.h>

#include "kvm/riscv/vcpu_sbi.h"

#define STA_SET_SHMEM     0
#define STA_RECORD_SIZE   64
#define STA_WINDOW_NS     1000000
#define STA_OFF           UINT64_MAX
/* sta_wall when the address was set through KVM_SET_ONE_REG: the next
 * update takes the steal so far from the record itself (no real start of
 * a window: CLOCK_MONOTONIC is never negative). */
#define STA_RESYNC        INT64_MIN

static int64_t thread_cpu_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* The record in host memory, or NULL if it is no longer RAM. */
static uint8_t *sta_record(struct kvm_vcpu *vcpu, const struct bus_ram **ram)
{
	*ram = bus_find_ram(&vcpu->vm->bus, vcpu->sbi.sta_shmem, STA_RECORD_SIZE);
	if (!*ram || (*ram)->readonly)
		return NULL;
	return (*ram)->host + (vcpu->sbi.sta_shmem - (*ram)->base);
}

static void sta_window_start(struct kvm_vcpu *vcpu)
{
	vcpu->sbi.sta_wall = kvm_monotonic_ns();
	vcpu->sbi.sta_cpu = thread_cpu_ns();
	vcpu->sbi.sta_sleep = vcpu->sleep_ns;
}

/* Owner thread, before guest entry (slots_lock held for reading). */
void kvm_riscv_vcpu_sta_update(struct kvm_vcpu *vcpu)
{
	if (vcpu->sbi.sta_shmem == STA_OFF)
		return;
	const struct bus_ram *ram;
	uint8_t *rec;
	if (vcpu->sbi.sta_wall == STA_RESYNC) {
		/* Set by the VMM (a restore): the guest's record, restored
		 * with its RAM, holds the steal so far; go on from it over a
		 * fresh window, and publish at once. */
		rec = sta_record(vcpu, &ram);
		uint64_t steal = 0;
		if (rec)
			memcpy(&steal, rec + 8, 8);
		vcpu->sbi.sta_steal = le64toh(steal);
		sta_window_start(vcpu);
	} else {
		int64_t wall = kvm_monotonic_ns();
		if (wall - vcpu->sbi.sta_wall < STA_WINDOW_NS)
			return;
		int64_t cpu = thread_cpu_ns();
		int64_t d = (wall - vcpu->sbi.sta_wall) - (cpu - vcpu->sbi.sta_cpu) -
			    (int64_t)(vcpu->sleep_ns - vcpu->sbi.sta_sleep);
		sta_window_start(vcpu);
		if (d > 0)
			vcpu->sbi.sta_steal += (uint64_t)d;
		rec = sta_record(vcpu, &ram);
	}
	if (!rec)
		return;
	/* A seqcount: odd while the steal value is being written. */
	_Atomic uint32_t *seq = (_Atomic uint32_t *)rec;
	uint32_t s = atomic_load_explicit(seq, memory_order_relaxed) & ~1u;  /* the guest may scribble */
	atomic_store_explicit(seq, s + 1, memory_order_relaxed);
	atomic_thread_fence(memory_order_release);
	uint64_t steal = htole64(vcpu->sbi.sta_steal);
	memcpy(rec + 8, &steal, 8);
	atomic_store_explicit(seq, s + 2, memory_order_release);
	kvm_vcpu_mark_dirty(vcpu, ram, vcpu->sbi.sta_shmem);
}

static enum sbi_action sbi_sta(struct kvm_vcpu *vcpu, struct sbi_call *c)
{
	if (c->fid != STA_SET_SHMEM)
		return SBI_RET;
	uint64_t lo = c->a[0], hi = c->a[1], flags = c->a[2];
	if (flags) {
		c->error = SBI_ERR_INVALID_PARAM;
		return SBI_RET;
	}
	if (lo == UINT64_MAX && hi == UINT64_MAX) {  /* stop reporting */
		vcpu->sbi.sta_shmem = STA_OFF;
		c->error = SBI_SUCCESS;
		return SBI_RET;
	}
	if (lo & (STA_RECORD_SIZE - 1)) {
		c->error = SBI_ERR_INVALID_PARAM;
		return SBI_RET;
	}
	vcpu->sbi.sta_shmem = lo;
	const struct bus_ram *ram;
	uint8_t *rec = hi ? NULL : sta_record(vcpu, &ram);
	if (!rec) {
		vcpu->sbi.sta_shmem = STA_OFF;
		c->error = SBI_ERR_INVALID_ADDRESS;
		return SBI_RET;
	}
	memset(rec, 0, STA_RECORD_SIZE);
	kvm_vcpu_mark_dirty(vcpu, ram, lo);
	vcpu->sbi.sta_steal = 0;
	sta_window_start(vcpu);
	c->error = SBI_SUCCESS;
	return SBI_RET;
}

/* KVM_SET_ONE_REG of the record's address (STA_OFF: none).  Unlike the
 * SBI call this leaves the record alone: a restore sets the address
 * before or after guest RAM, and the steal so far is the record's (read
 * at the next update, which also restarts the measuring window). */
int kvm_riscv_vcpu_sta_set_shmem(struct kvm_vcpu *vcpu, uint64_t gpa)
{
	if (gpa != STA_OFF && (gpa & (STA_RECORD_SIZE - 1)))
		return -EINVAL;
	vcpu->sbi.sta_shmem = gpa;
	vcpu->sbi.sta_wall = STA_RESYNC;
	return 0;
}

const struct kvm_vcpu_sbi_extension vcpu_sbi_ext_sta = {
	.eid_start = SBI_EXT_STA, .eid_end = SBI_EXT_STA,
	.ext_idx = KVM_RISCV_SBI_EXT_STA,
	.handler = sbi_sta,
};
