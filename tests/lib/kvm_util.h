/* SPDX-License-Identifier: MIT */
/* Small wrappers over the core's API for host-side tests (the role of
 * Linux's tools/testing/selftests/kvm/lib): guest RAM, memory slots, MMIO
 * regions and ONE_REG. */
#ifndef RVKVM_TESTS_KVM_UTIL_H
#define RVKVM_TESTS_KVM_UTIL_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>

#include "rvkvm/kvm.h"

/* Anonymous guest RAM, reserved lazily; the test exits if mmap fails. */
static inline void *alloc_ram(size_t size)
{
	void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
		       -1, 0);
	if (p == MAP_FAILED) {
		perror("mmap");
		exit(1);
	}
	return p;
}

static inline long set_region(struct kvm_vm *vm, uint32_t slot, uint32_t flags, uint64_t gpa,
			      uint64_t size, const void *host)
{
	struct kvm_userspace_memory_region r = {
		.slot = slot, .flags = flags, .guest_phys_addr = gpa, .memory_size = size,
		.userspace_addr = (uint64_t)(uintptr_t)host,
	};
	return kvm_vm_ioctl(vm, KVM_SET_USER_MEMORY_REGION, &r);
}

static inline long add_mmio(struct kvm_vm *vm, uint64_t gpa, uint64_t size)
{
	struct kvm_rvkvm_mmio_region r = { .guest_phys_addr = gpa, .size = size };
	return kvm_vm_ioctl(vm, KVM_RVKVM_ADD_MMIO_REGION, &r);
}

static inline long get_reg(struct kvm_vcpu *v, uint64_t id, uint64_t *val)
{
	struct kvm_one_reg r = { .id = id, .addr = (uint64_t)(uintptr_t)val };
	return kvm_vcpu_ioctl(v, KVM_GET_ONE_REG, &r);
}

static inline long set_reg(struct kvm_vcpu *v, uint64_t id, uint64_t val)
{
	struct kvm_one_reg r = { .id = id, .addr = (uint64_t)(uintptr_t)&val };
	return kvm_vcpu_ioctl(v, KVM_SET_ONE_REG, &r);
}

#endif
