// SPDX-License-Identifier: MIT
/* Unit tests of the kvm/ API (include/rvkvm/kvm.h): argument validation of
 * every call, and the run-loop contract (MMIO exits and their completion,
 * read-only slots, WFI sleep, kicks, immediate_exit).  Prints one
 * "PASS name" / "FAIL name" line per case; exits 1 if any failed. */
#include <errno.h>
#include <sched.h>
#include <stdatomic.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "rvkvm/kvm.h"
#include "hw/riscv/csr.h"   /* CSR numbers and fields, for the STATE registers */

#define EXPECT_SUITE "kvm_api"
#include "tests/lib/expect.h"
#include "tests/lib/kvm_util.h"

#define RAM_BASE 0x80000000ULL
#define PAGE     4096ULL

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void test_system(void)
{
	begin("system");
	struct kvm *kvm;
	EXPECT_EQ(kvm_open(&kvm), 0);
	EXPECT_EQ(kvm_ioctl(kvm, KVM_GET_API_VERSION, 0), KVM_API_VERSION);
	EXPECT_EQ(kvm_ioctl(kvm, KVM_CHECK_EXTENSION, KVM_CAP_USER_MEMORY), 1);
	EXPECT_EQ(kvm_ioctl(kvm, KVM_CHECK_EXTENSION, KVM_CAP_READONLY_MEM), 1);
	EXPECT_EQ(kvm_ioctl(kvm, KVM_CHECK_EXTENSION, KVM_CAP_ONE_REG), 1);
	EXPECT_EQ(kvm_ioctl(kvm, KVM_CHECK_EXTENSION, KVM_CAP_MAX_VCPUS), KVM_MAX_VCPUS);
	EXPECT_EQ(kvm_ioctl(kvm, KVM_CHECK_EXTENSION, 12345), 0);
	EXPECT(kvm_ioctl(kvm, KVM_GET_VCPU_MMAP_SIZE, 0) >= (long)sizeof(struct kvm_run));
	EXPECT_EQ(kvm_ioctl(kvm, 0x7777, 0), -EINVAL);
	EXPECT_EQ(kvm_ioctl(NULL, KVM_GET_API_VERSION, 0), -EBADF);

	struct kvm_vm *vm = NULL;
	EXPECT_EQ(kvm_create_vm(kvm, 99, &vm), -EINVAL);
	EXPECT(vm == NULL);
	EXPECT_EQ(kvm_create_vm(kvm, KVM_VM_TYPE_HYP_GUEST, &vm), 0);
	EXPECT(vm != NULL);
	kvm_vm_destroy(vm);
	vm = NULL;
	EXPECT_EQ(kvm_create_vm(kvm, KVM_VM_TYPE_FULL_MACHINE, &vm), 0);
	EXPECT_EQ(kvm_vm_ioctl(vm, 0x1ff, &vm), -EINVAL);
	EXPECT_EQ(kvm_vm_ioctl(vm, KVM_SET_USER_MEMORY_REGION, NULL), -EFAULT);
	kvm_vm_destroy(vm);
	kvm_close(kvm);
	end();
}

static void test_memslots(void)
{
	begin("memslots");
	struct kvm *kvm;
	struct kvm_vm *vm;
	kvm_open(&kvm);
	kvm_create_vm(kvm, KVM_VM_TYPE_FULL_MACHINE, &vm);
	uint8_t *ram = alloc_ram(64 * PAGE);

	/* slot index, flags, alignment, wrap-around */
	EXPECT_EQ(set_region(vm, KVM_USER_MEM_SLOTS, 0, RAM_BASE, PAGE, ram), -EINVAL);
	EXPECT_EQ(set_region(vm, 0xffffffff, 0, RAM_BASE, PAGE, ram), -EINVAL);
	EXPECT_EQ(set_region(vm, 0, 1u << 7, RAM_BASE, PAGE, ram), -EINVAL);
	EXPECT_EQ(set_region(vm, 0, 1u << 2, RAM_BASE, PAGE, ram), -EINVAL);
	EXPECT_EQ(set_region(vm, 0, 0, RAM_BASE + 8, PAGE, ram), -EINVAL);
	EXPECT_EQ(set_region(vm, 0, 0, RAM_BASE, PAGE + 1, ram), -EINVAL);
	EXPECT_EQ(set_region(vm, 0, 0, RAM_BASE, PAGE, ram + 8), -EINVAL);
	EXPECT_EQ(set_region(vm, 0, 0, ~0ULL & ~(PAGE - 1), 2 * PAGE, ram), -EINVAL);
	EXPECT_EQ(set_region(vm, 0, 0, RAM_BASE, PAGE, NULL), -EINVAL);
	EXPECT_EQ(set_region(vm, 0, 0, RAM_BASE, 0, ram), -EINVAL);   /* delete: no slot */

	/* create, overlap, adjacency */
	EXPECT_EQ(set_region(vm, 0, 0, RAM_BASE, 8 * PAGE, ram), 0);
	EXPECT_EQ(set_region(vm, 1, 0, RAM_BASE + 4 * PAGE, 8 * PAGE, ram + 8 * PAGE), -EEXIST);
	EXPECT_EQ(set_region(vm, 1, 0, RAM_BASE - PAGE, 2 * PAGE, ram + 8 * PAGE), -EEXIST);
	EXPECT_EQ(set_region(vm, 1, 0, RAM_BASE + PAGE, PAGE, ram + 8 * PAGE), -EEXIST);
	EXPECT_EQ(set_region(vm, 1, 0, RAM_BASE - PAGE, 16 * PAGE, ram + 8 * PAGE), -EEXIST);
	EXPECT_EQ(set_region(vm, 1, KVM_MEM_READONLY, RAM_BASE + 8 * PAGE, PAGE, ram + 8 * PAGE), 0);
	EXPECT_EQ(set_region(vm, 2, 0, RAM_BASE - 8 * PAGE, 8 * PAGE, ram + 16 * PAGE), 0);
	/* the in-core ACLINT and VMM MMIO regions are not RAM */
	EXPECT_EQ(set_region(vm, 3, 0, 0x02000000, PAGE, ram + 32 * PAGE), -EEXIST);
	EXPECT_EQ(add_mmio(vm, 0x10000000, 0x100), 0);
	EXPECT_EQ(set_region(vm, 3, 0, 0x10000000, PAGE, ram + 32 * PAGE), -EEXIST);

	/* changing an existing slot: only moves are allowed */
	EXPECT_EQ(set_region(vm, 0, 0, RAM_BASE, 4 * PAGE, ram), -EINVAL);
	EXPECT_EQ(set_region(vm, 0, 0, RAM_BASE, 8 * PAGE, ram + PAGE), -EINVAL);
	EXPECT_EQ(set_region(vm, 0, KVM_MEM_READONLY, RAM_BASE, 8 * PAGE, ram), -EINVAL);
	EXPECT_EQ(set_region(vm, 0, 0, RAM_BASE, 8 * PAGE, ram), 0);         /* no change */
	EXPECT_EQ(set_region(vm, 0, 0, RAM_BASE + 4 * PAGE, 8 * PAGE, ram), -EEXIST);
	EXPECT_EQ(set_region(vm, 0, 0, 0x10000000, 8 * PAGE, ram), -EEXIST); /* onto MMIO */
	EXPECT_EQ(set_region(vm, 0, 0, 0x90000000, 8 * PAGE, ram), 0);       /* move */
	EXPECT_EQ(set_region(vm, 3, 0, RAM_BASE, 8 * PAGE, ram + 32 * PAGE), 0); /* old place free */

	/* delete */
	EXPECT_EQ(set_region(vm, 1, 0, 0, 0, NULL), 0);
	EXPECT_EQ(set_region(vm, 1, 0, 0, 0, NULL), -EINVAL);
	EXPECT_EQ(set_region(vm, 1, 0, RAM_BASE + 8 * PAGE, PAGE, ram + 8 * PAGE), 0);

	/* every slot index usable */
	for (uint32_t s = 4; s < KVM_USER_MEM_SLOTS; s++)
		EXPECT_EQ(set_region(vm, s, 0, 0x100000000ULL + s * PAGE, PAGE, ram + 40 * PAGE), 0);
	kvm_vm_destroy(vm);
	kvm_close(kvm);
	munmap(ram, 64 * PAGE);
	end();
}

static void test_mmio_regions(void)
{
	begin("mmio_regions");
	struct kvm *kvm;
	struct kvm_vm *vm;
	kvm_open(&kvm);
	kvm_create_vm(kvm, KVM_VM_TYPE_FULL_MACHINE, &vm);
	uint8_t *ram = alloc_ram(PAGE);
	EXPECT_EQ(set_region(vm, 0, 0, RAM_BASE, PAGE, ram), 0);
	EXPECT_EQ(add_mmio(vm, 0x10000000, 0), -EINVAL);
	EXPECT_EQ(add_mmio(vm, ~0ULL - 10, 100), -EINVAL);
	EXPECT_EQ(add_mmio(vm, RAM_BASE, 8), -EEXIST);
	EXPECT_EQ(add_mmio(vm, 0x02008000, 8), -EEXIST);     /* ACLINT */
	EXPECT_EQ(add_mmio(vm, 0x10000000, 0x100), 0);
	EXPECT_EQ(add_mmio(vm, 0x100000ff, 2), -EEXIST);
	EXPECT_EQ(add_mmio(vm, 0x10000100, 0x100), 0);
	uint64_t pc = 0x80000001;
	EXPECT_EQ(kvm_vm_ioctl(vm, KVM_RVKVM_SET_RESET_PC, &pc), -EINVAL);
	kvm_vm_destroy(vm);
	kvm_close(kvm);
	munmap(ram, PAGE);
	end();
}

static void test_vcpus(void)
{
	begin("vcpus");
	struct kvm *kvm;
	struct kvm_vm *vm;
	kvm_open(&kvm);
	kvm_create_vm(kvm, KVM_VM_TYPE_FULL_MACHINE, &vm);
	uint64_t pc = 0x80001000;
	EXPECT_EQ(kvm_vm_ioctl(vm, KVM_RVKVM_SET_RESET_PC, &pc), 0);
	struct kvm_vcpu *v0 = NULL, *v1 = NULL, *bad = NULL;
	EXPECT_EQ(kvm_create_vcpu(vm, KVM_MAX_VCPUS, &bad), -EINVAL);
	EXPECT_EQ(kvm_create_vcpu(vm, ~0UL, &bad), -EINVAL);
	EXPECT_EQ(kvm_create_vcpu(vm, 0, &v0), 0);
	EXPECT_EQ(kvm_create_vcpu(vm, 0, &bad), -EEXIST);
	EXPECT_EQ(kvm_create_vcpu(vm, KVM_MAX_VCPUS - 1, &v1), 0);
	EXPECT(bad == NULL);
	EXPECT(kvm_vcpu_run_struct(v0) != NULL && kvm_vcpu_run_struct(v0) != kvm_vcpu_run_struct(v1));

	/* ONE_REG */
	uint64_t val = 0;
	EXPECT_EQ(get_reg(v0, KVM_REG_RISCV_CORE_PC, &val), 0);
	EXPECT_EQ(val, pc);
	EXPECT_EQ(get_reg(v0, KVM_REG_RISCV_CORE_MODE, &val), 0);
	EXPECT_EQ(val, 3);                                  /* M-mode */
	EXPECT_EQ(set_reg(v0, KVM_REG_RISCV_CORE_MODE, 2), -EINVAL);
	EXPECT_EQ(set_reg(v0, KVM_REG_RISCV_CORE_REG(5), 0x1234), 0);
	EXPECT_EQ(get_reg(v0, KVM_REG_RISCV_CORE_REG(5), &val), 0);
	EXPECT_EQ(val, 0x1234);
	EXPECT_EQ(get_reg(v0, KVM_REG_RISCV_CORE_REG(33), &val), -ENOENT);
	EXPECT_EQ(set_reg(v0, KVM_REG_RISCV_RVKVM_CSR_REG(0x340), 0xfeed), 0);   /* mscratch */
	EXPECT_EQ(get_reg(v0, KVM_REG_RISCV_RVKVM_CSR_REG(0x340), &val), 0);
	EXPECT_EQ(val, 0xfeed);
	EXPECT_EQ(get_reg(v0, KVM_REG_RISCV_RVKVM_CSR_REG(4096), &val), -ENOENT);
	EXPECT_EQ(get_reg(v0, KVM_REG_RISCV_RVKVM_CSR_REG(0x7ff), &val), -ENOENT);
	EXPECT_EQ(set_reg(v0, KVM_REG_RISCV_FP_D_REG(3), 0x400921fb54442d18ULL), 0);
	EXPECT_EQ(get_reg(v0, KVM_REG_RISCV_FP_D_REG(3), &val), 0);
	EXPECT_EQ(val, 0x400921fb54442d18ULL);
	EXPECT_EQ(get_reg(v0, KVM_REG_RISCV_FP_D_REG(33), &val), -ENOENT);
	/* wrong size or arch */
	EXPECT_EQ(get_reg(v0, KVM_REG_RISCV_CORE_PC & ~KVM_REG_SIZE_U64, &val), -EINVAL);
	EXPECT_EQ(get_reg(v0, KVM_REG_RISCV_CORE_PC & ~KVM_REG_RISCV, &val), -EINVAL);
	EXPECT_EQ(get_reg(v0, KVM_REG_RISCV | KVM_REG_SIZE_U64 | (0x55ULL << 24), &val), -ENOENT);
	struct kvm_one_reg nul = { .id = KVM_REG_RISCV_CORE_PC, .addr = 0 };
	EXPECT_EQ(kvm_vcpu_ioctl(v0, KVM_GET_ONE_REG, &nul), -EFAULT);
	/* the other vCPU is independent */
	EXPECT_EQ(get_reg(v1, KVM_REG_RISCV_CORE_REG(5), &val), 0);
	EXPECT(val != 0x1234);

	/* MP state */
	struct kvm_mp_state mp = { 99 };
	EXPECT_EQ(kvm_vcpu_ioctl(v0, KVM_GET_MP_STATE, &mp), 0);
	EXPECT_EQ(mp.mp_state, KVM_MP_STATE_RUNNABLE);
	mp.mp_state = 7;
	EXPECT_EQ(kvm_vcpu_ioctl(v0, KVM_SET_MP_STATE, &mp), -EINVAL);
	mp.mp_state = KVM_MP_STATE_STOPPED;
	EXPECT_EQ(kvm_vcpu_ioctl(v1, KVM_SET_MP_STATE, &mp), 0);
	EXPECT_EQ(kvm_vcpu_ioctl(v1, KVM_GET_MP_STATE, &mp), 0);
	EXPECT_EQ(mp.mp_state, KVM_MP_STATE_STOPPED);
	EXPECT_EQ(kvm_vcpu_ioctl(v0, 0x2ff, &mp), -EINVAL);

	/* IRQ line */
	struct kvm_irq_level irq = { .irq = 3, .level = 1 };
	EXPECT_EQ(kvm_vm_ioctl(vm, KVM_IRQ_LINE, &irq), 0);
	irq.irq = (5u << 16) | 3;                     /* no vCPU 5 */
	EXPECT_EQ(kvm_vm_ioctl(vm, KVM_IRQ_LINE, &irq), -EINVAL);
	irq.irq = 2;                                  /* not an interrupt line */
	EXPECT_EQ(kvm_vm_ioctl(vm, KVM_IRQ_LINE, &irq), -EINVAL);
	irq.irq = 64;
	EXPECT_EQ(kvm_vm_ioctl(vm, KVM_IRQ_LINE, &irq), -EINVAL);
	kvm_vm_destroy(vm);
	kvm_close(kvm);
	end();
}

/* The run loop: a program that reads and writes an MMIO region, sleeps in
 * WFI, and stores to a read-only slot. */
static const uint32_t run_prog[] = {
	0x100002b7, /* 00: lui   t0, 0x10000 */
	0x0002a303, /* 04: lw    t1, 0(t0)     MMIO read */
	0x00130313, /* 08: addi  t1, t1, 1 */
	0x0062a223, /* 0c: sw    t1, 4(t0)     MMIO write */
	0x10500073, /* 10: wfi */
	0x0002a423, /* 14: sw    zero, 8(t0)   MMIO write */
	0x0000006f, /* 18: j     . */
	0x00010e17, /* 1c: auipc t3, 0x10      t3 = 0x8001001c, in the read-only slot */
	0x000e2e83, /* 20: lw    t4, 0(t3) */
	0x01de2223, /* 24: sw    t4, 4(t3)     write: exits */
	0x0000006f, /* 28: j     . */
};

struct delayed {
	struct kvm_vm *vm;
	struct kvm_vcpu *vcpu;
	unsigned ms;
	bool irq;      /* raise MSIP through KVM_IRQ_LINE, or kick */
};

static void *delayed_action(void *arg)
{
	struct delayed *d = arg;
	usleep(d->ms * 1000);
	if (d->irq) {
		struct kvm_irq_level irq = { .irq = 3, .level = 1 };
		kvm_vm_ioctl(d->vm, KVM_IRQ_LINE, &irq);
	} else {
		kvm_vcpu_kick(d->vcpu);
	}
	return NULL;
}

static long run_with(struct delayed *d, struct kvm_vcpu *v, double *elapsed)
{
	pthread_t t;
	pthread_create(&t, NULL, delayed_action, d);
	double t0 = now_s();
	long r = kvm_vcpu_ioctl(v, KVM_RUN, NULL);
	*elapsed = now_s() - t0;
	pthread_join(t, NULL);
	return r;
}

static void test_run(void)
{
	begin("run");
	struct kvm *kvm;
	struct kvm_vm *vm;
	kvm_open(&kvm);
	kvm_create_vm(kvm, KVM_VM_TYPE_FULL_MACHINE, &vm);
	uint8_t *ram = alloc_ram(32 * PAGE);
	memcpy(ram, run_prog, sizeof(run_prog));
	uint32_t ro_word = 0xc0ffee;
	memcpy(ram + 16 * PAGE + 0x1c, &ro_word, 4);
	EXPECT_EQ(set_region(vm, 0, 0, RAM_BASE, 16 * PAGE, ram), 0);
	EXPECT_EQ(set_region(vm, 1, KVM_MEM_READONLY, RAM_BASE + 16 * PAGE, 16 * PAGE,
			     ram + 16 * PAGE), 0);
	EXPECT_EQ(add_mmio(vm, 0x10000000, 0x100), 0);
	struct kvm_vcpu *v;
	EXPECT_EQ(kvm_create_vcpu(vm, 0, &v), 0);
	struct kvm_run *run = kvm_vcpu_run_struct(v);

	/* MMIO read; the data left in run->mmio.data completes the load */
	EXPECT_EQ(kvm_vcpu_ioctl(v, KVM_RUN, NULL), 0);
	EXPECT_EQ(run->exit_reason, KVM_EXIT_MMIO);
	EXPECT_EQ(run->mmio.phys_addr, 0x10000000);
	EXPECT_EQ(run->mmio.len, 4);
	EXPECT_EQ(run->mmio.is_write, 0);
	uint32_t in = 0x41;
	memcpy(run->mmio.data, &in, 4);
	EXPECT_EQ(kvm_vcpu_ioctl(v, KVM_RUN, NULL), 0);
	EXPECT_EQ(run->exit_reason, KVM_EXIT_MMIO);
	EXPECT_EQ(run->mmio.phys_addr, 0x10000004);
	EXPECT_EQ(run->mmio.is_write, 1);
	uint32_t out = 0;
	memcpy(&out, run->mmio.data, 4);
	EXPECT_EQ(out, 0x42);

	/* WFI with nothing enabled sleeps until a kick */
	double el;
	struct delayed d = { vm, v, 100, false };
	EXPECT_EQ(run_with(&d, v, &el), -EINTR);
	EXPECT_EQ(run->exit_reason, KVM_EXIT_INTR);
	EXPECT(el >= 0.08);

	/* WFI again, woken by an interrupt line (MSIE enabled, MIE off) */
	EXPECT_EQ(set_reg(v, KVM_REG_RISCV_CORE_PC, RAM_BASE + 0x10), 0);
	EXPECT_EQ(set_reg(v, KVM_REG_RISCV_RVKVM_CSR_REG(0x304), 8), 0);
	d = (struct delayed){ vm, v, 100, true };
	EXPECT_EQ(run_with(&d, v, &el), 0);
	EXPECT_EQ(run->exit_reason, KVM_EXIT_MMIO);
	EXPECT_EQ(run->mmio.phys_addr, 0x10000008);
	EXPECT(el >= 0.08 && el < 5);

	/* immediate_exit, and a kick that arrives between runs */
	run->immediate_exit = 1;
	EXPECT_EQ(kvm_vcpu_ioctl(v, KVM_RUN, NULL), -EINTR);
	EXPECT_EQ(run->exit_reason, KVM_EXIT_INTR);
	run->immediate_exit = 0;
	kvm_vcpu_kick(v);
	EXPECT_EQ(kvm_vcpu_ioctl(v, KVM_RUN, NULL), -EINTR);
	/* a busy loop is interrupted by a kick from another thread */
	d = (struct delayed){ vm, v, 50, false };
	EXPECT_EQ(run_with(&d, v, &el), -EINTR);
	EXPECT_EQ(run->exit_reason, KVM_EXIT_INTR);
	uint64_t pc = 0;
	EXPECT_EQ(get_reg(v, KVM_REG_RISCV_CORE_PC, &pc), 0);
	EXPECT_EQ(pc, RAM_BASE + 0x18);

	/* read-only slot: loads read memory, stores exit as MMIO writes */
	EXPECT_EQ(set_reg(v, KVM_REG_RISCV_CORE_PC, RAM_BASE + 0x1c), 0);
	EXPECT_EQ(kvm_vcpu_ioctl(v, KVM_RUN, NULL), 0);
	EXPECT_EQ(run->exit_reason, KVM_EXIT_MMIO);
	EXPECT_EQ(run->mmio.phys_addr, RAM_BASE + 16 * PAGE + 0x20);
	EXPECT_EQ(run->mmio.is_write, 1);
	memcpy(&out, run->mmio.data, 4);
	EXPECT_EQ(out, 0xc0ffee);
	EXPECT_EQ(ram[16 * PAGE + 0x20], 0);   /* memory untouched */
	d = (struct delayed){ vm, v, 20, false };
	EXPECT_EQ(run_with(&d, v, &el), -EINTR);   /* completes the store, spins */
	EXPECT_EQ(get_reg(v, KVM_REG_RISCV_CORE_PC, &pc), 0);
	EXPECT_EQ(pc, RAM_BASE + 0x28);

	/* a stopped vCPU does not run; a kick gets it out of KVM_RUN */
	struct kvm_mp_state mp = { KVM_MP_STATE_STOPPED };
	EXPECT_EQ(kvm_vcpu_ioctl(v, KVM_SET_MP_STATE, &mp), 0);
	d = (struct delayed){ vm, v, 50, false };
	EXPECT_EQ(run_with(&d, v, &el), -EINTR);
	EXPECT(el >= 0.04);
	kvm_vm_destroy(vm);
	kvm_close(kvm);
	munmap(ram, 32 * PAGE);
	end();
}

static long ioeventfd(struct kvm_vm *vm, uint64_t addr, uint32_t len, uint32_t flags,
		      uint64_t datamatch, int fd)
{
	struct kvm_ioeventfd a = { .datamatch = datamatch, .addr = addr, .len = len, .fd = fd,
				   .flags = flags };
	return kvm_vm_ioctl(vm, KVM_IOEVENTFD, &a);
}

static uint64_t efd_count(int fd)
{
	uint64_t v = 0;
	if (read(fd, &v, sizeof(v)) != sizeof(v))
		return 0;
	return v;
}

/* ioeventfd: matching MMIO writes signal the eventfd without an exit. */
static const uint32_t ioeventfd_prog[] = {
	0x100002b7, /* 00: lui  t0, 0x10000 */
	0x00700313, /* 04: li   t1, 7 */
	0x0062a823, /* 08: sw   t1, 16(t0)   matches A (len 4, datamatch 7): no exit */
	0x00800313, /* 0c: li   t1, 8 */
	0x0062a823, /* 10: sw   t1, 16(t0)   other data: exits */
	0x00629823, /* 14: sh   t1, 16(t0)   other length: exits */
	0x0202a023, /* 18: sw   zero, 32(t0) B (any length): no exit */
	0x02028023, /* 1c: sb   zero, 32(t0) B: no exit */
	0x0202a823, /* 20: sw   zero, 48(t0) exits */
	0x0000006f, /* 24: j    . */
};

static void test_ioeventfd(void)
{
	begin("ioeventfd");
	struct kvm *kvm;
	struct kvm_vm *vm;
	kvm_open(&kvm);
	kvm_create_vm(kvm, KVM_VM_TYPE_FULL_MACHINE, &vm);
	EXPECT_EQ(kvm_ioctl(kvm, KVM_CHECK_EXTENSION, KVM_CAP_IOEVENTFD), 1);
	uint8_t *ram = alloc_ram(16 * PAGE);
	memcpy(ram, ioeventfd_prog, sizeof(ioeventfd_prog));
	EXPECT_EQ(set_region(vm, 0, 0, RAM_BASE, 16 * PAGE, ram), 0);
	EXPECT_EQ(add_mmio(vm, 0x10000000, 0x100), 0);
	int a = eventfd(0, EFD_NONBLOCK), b = eventfd(0, EFD_NONBLOCK);
	EXPECT_EQ(ioeventfd(vm, 0x10000010, 4, KVM_IOEVENTFD_FLAG_DATAMATCH, 7, a), 0);
	EXPECT_EQ(ioeventfd(vm, 0x10000020, 0, 0, 0, b), 0);
	/* bad arguments */
	EXPECT_EQ(ioeventfd(vm, 0x10000010, 4, KVM_IOEVENTFD_FLAG_DATAMATCH, 7, a), -EEXIST);
	EXPECT_EQ(ioeventfd(vm, 0x10000040, 3, 0, 0, a), -EINVAL);
	EXPECT_EQ(ioeventfd(vm, 0x10000040, 0, KVM_IOEVENTFD_FLAG_DATAMATCH, 1, a), -EINVAL);
	EXPECT_EQ(ioeventfd(vm, 0x10000040, 4, KVM_IOEVENTFD_FLAG_PIO, 0, a), -EINVAL);
	EXPECT_EQ(ioeventfd(vm, 0x10000040, 4, 0, 0, -1), -EBADF);
	EXPECT_EQ(ioeventfd(vm, 0x90000000, 4, 0, 0, a), -EINVAL);    /* not an MMIO region */
	EXPECT_EQ(ioeventfd(vm, 0x100000fe, 4, 0, 0, a), -EINVAL);    /* runs past it */
	EXPECT_EQ(ioeventfd(vm, 0x10000050, 4, KVM_IOEVENTFD_FLAG_DEASSIGN, 0, a), -ENOENT);
	EXPECT_EQ(ioeventfd(vm, UINT64_MAX - 1, 4, 0, 0, a), -EINVAL); /* wraps */

	struct kvm_vcpu *v;
	EXPECT_EQ(kvm_create_vcpu(vm, 0, &v), 0);
	struct kvm_run *run = kvm_vcpu_run_struct(v);
	uint32_t data = 0;
	EXPECT_EQ(kvm_vcpu_ioctl(v, KVM_RUN, NULL), 0);
	EXPECT_EQ(run->exit_reason, KVM_EXIT_MMIO);
	EXPECT_EQ(run->mmio.phys_addr, 0x10000010);
	EXPECT_EQ(run->mmio.len, 4);
	memcpy(&data, run->mmio.data, 4);
	EXPECT_EQ(data, 8);
	EXPECT_EQ(efd_count(a), 1);
	EXPECT_EQ(kvm_vcpu_ioctl(v, KVM_RUN, NULL), 0);
	EXPECT_EQ(run->mmio.phys_addr, 0x10000010);
	EXPECT_EQ(run->mmio.len, 2);
	EXPECT_EQ(kvm_vcpu_ioctl(v, KVM_RUN, NULL), 0);
	EXPECT_EQ(run->mmio.phys_addr, 0x10000030);
	EXPECT_EQ(efd_count(b), 2);
	EXPECT_EQ(efd_count(a), 0);
	/* Deassigned, the matching write exits again. */
	EXPECT_EQ(ioeventfd(vm, 0x10000010, 4, KVM_IOEVENTFD_FLAG_DATAMATCH | KVM_IOEVENTFD_FLAG_DEASSIGN,
			    7, a), 0);
	EXPECT_EQ(set_reg(v, KVM_REG_RISCV_CORE_PC, RAM_BASE), 0);
	EXPECT_EQ(kvm_vcpu_ioctl(v, KVM_RUN, NULL), 0);
	EXPECT_EQ(run->mmio.phys_addr, 0x10000010);
	memcpy(&data, run->mmio.data, 4);
	EXPECT_EQ(data, 7);
	close(a);
	close(b);
	kvm_vm_destroy(vm);
	kvm_close(kvm);
	munmap(ram, 16 * PAGE);
	end();
}

/* irqfd: a write to the eventfd makes a PLIC source pending. */
static const uint32_t irqfd_prog[] = {
	0x0c0012b7, /* 00: lui  t0, 0xc001   PLIC pending bits */
	0x100003b7, /* 04: lui  t2, 0x10000 */
	0x0002a303, /* 08: lw   t1, 0(t0) */
	0x0063a023, /* 0c: sw   t1, 0(t2)    report them (exit) */
	0xff9ff06f, /* 10: j    08 */
};

static long irqfd(struct kvm_vm *vm, int fd, uint32_t gsi, uint32_t flags)
{
	struct kvm_irqfd a = { .fd = (uint32_t)fd, .gsi = gsi, .flags = flags,
			       .resamplefd = (uint32_t)-1 };
	return kvm_vm_ioctl(vm, KVM_IRQFD, &a);
}

/* The guest claims from the PLIC (M context of hart 0, source 5 enabled at
 * priority 1) and reports each claim (0: nothing) with an MMIO write; a
 * non-zero one it then completes. */
static const uint32_t resample_prog[] = {
	0x0c0002b7, /* lui  t0, 0xc000    the PLIC */
	0x00100313, /* li   t1, 1 */
	0x0062aa23, /* sw   t1, 20(t0)    priority[5] = 1 */
	0x000023b7, /* lui  t2, 0x2 */
	0x007283b3, /* add  t2, t0, t2 */
	0x02000313, /* li   t1, 32 */
	0x0063a023, /* sw   t1, 0(t2)     enable source 5 for context 0 */
	0x00200e37, /* lui  t3, 0x200 */
	0x01c28e33, /* add  t3, t0, t3 */
	0x000e2023, /* sw   zero, 0(t3)   threshold 0 */
	0x10000eb7, /* lui  t4, 0x10000 */
	0x004e2f03, /* 2c: lw t5, 4(t3)   claim */
	0x01eea023, /* sw   t5, 0(t4)     report (exit) */
	0xfe0f0ce3, /* beqz t5, 2c */
	0x01ee2223, /* sw   t5, 4(t3)     complete */
	0xff1ff06f, /* j    2c */
};

/* The guest's next MMIO write: its value returned (~0 if there was none),
 * its address in *addr. */
static uint32_t next_report(struct kvm_vcpu *v, struct kvm_run *run, uint64_t *addr)
{
	uint32_t val = ~0u;
	*addr = 0;
	if (kvm_vcpu_ioctl(v, KVM_RUN, NULL) == 0 && run->exit_reason == KVM_EXIT_MMIO) {
		memcpy(&val, run->mmio.data, 4);
		*addr = run->mmio.phys_addr;
	}
	return val;
}

/* The next claim the guest reports. */
static uint32_t next_claim(struct kvm_vcpu *v, struct kvm_run *run)
{
	uint64_t addr;
	return next_report(v, run, &addr);
}

/* KVM_IRQFD_FLAG_RESAMPLE: the line stays up until the guest completes the
 * interrupt, then drops and resamplefd is signalled; a plain irqfd's
 * pulse, and a resampler's line held up, each give exactly one claim. */
static void test_irqfd_resample(void)
{
	begin("irqfd_resample");
	struct kvm *kvm;
	struct kvm_vm *vm;
	kvm_open(&kvm);
	kvm_create_vm(kvm, KVM_VM_TYPE_FULL_MACHINE, &vm);
	EXPECT_EQ(kvm_vm_ioctl(vm, KVM_CREATE_IRQCHIP, NULL), 0);
	uint8_t *ram = alloc_ram(16 * PAGE);
	memcpy(ram, resample_prog, sizeof(resample_prog));
	EXPECT_EQ(set_region(vm, 0, 0, RAM_BASE, 16 * PAGE, ram), 0);
	EXPECT_EQ(add_mmio(vm, 0x10000000, 0x100), 0);
	int e = eventfd(0, EFD_NONBLOCK), rs = eventfd(0, EFD_NONBLOCK);
	struct kvm_irqfd a = { .fd = (uint32_t)e, .gsi = 5, .flags = KVM_IRQFD_FLAG_RESAMPLE,
			       .resamplefd = (uint32_t)rs };
	EXPECT_EQ(kvm_vm_ioctl(vm, KVM_IRQFD, &a), 0);
	struct kvm_vcpu *v;
	EXPECT_EQ(kvm_create_vcpu(vm, 0, &v), 0);
	struct kvm_run *run = kvm_vcpu_run_struct(v);
	EXPECT_EQ(next_claim(v, run), 0);
	for (int round = 0; round < 2; round++) {
		uint64_t one = 1, cnt = 0;
		EXPECT_EQ(write(e, &one, sizeof(one)), 8);
		double t0 = now_s();
		uint32_t id = 0;
		while (id == 0 && now_s() - t0 < 2)
			id = next_claim(v, run);
		EXPECT_EQ(id, 5);
		EXPECT_EQ(read(rs, &cnt, sizeof(cnt)), -1);   /* not completed yet */
		/* The guest completes: the line drops, resamplefd fires and no
		 * second claim comes (a level left up would re-pend at once). */
		for (int k = 0; k < 50; k++)
			EXPECT_EQ(next_claim(v, run), 0);
		EXPECT_EQ(read(rs, &cnt, sizeof(cnt)), 8);
		EXPECT_EQ(cnt, 1);
	}
	a.flags = KVM_IRQFD_FLAG_DEASSIGN;
	EXPECT_EQ(kvm_vm_ioctl(vm, KVM_IRQFD, &a), 0);
	kvm_vm_destroy(vm);
	close(e);
	close(rs);
	kvm_close(kvm);
	munmap(ram, 16 * PAGE);
	end();
}

static void test_irqfd(void)
{
	begin("irqfd");
	struct kvm *kvm;
	struct kvm_vm *vm;
	kvm_open(&kvm);
	kvm_create_vm(kvm, KVM_VM_TYPE_FULL_MACHINE, &vm);
	int e = eventfd(0, EFD_NONBLOCK);
	EXPECT_EQ(irqfd(vm, e, 5, 0), -ENXIO);  /* no irqchip yet */
	EXPECT_EQ(kvm_vm_ioctl(vm, KVM_CREATE_IRQCHIP, NULL), 0);
	uint8_t *ram = alloc_ram(16 * PAGE);
	memcpy(ram, irqfd_prog, sizeof(irqfd_prog));
	EXPECT_EQ(set_region(vm, 0, 0, RAM_BASE, 16 * PAGE, ram), 0);
	EXPECT_EQ(add_mmio(vm, 0x10000000, 0x100), 0);
	EXPECT_EQ(irqfd(vm, e, 0, 0), -EINVAL);
	EXPECT_EQ(irqfd(vm, e, 96, 0), -EINVAL);
	EXPECT_EQ(irqfd(vm, e, 5, KVM_IRQFD_FLAG_RESAMPLE), -EBADF);  /* resamplefd -1 */
	EXPECT_EQ(irqfd(vm, -1, 5, 0), -EBADF);
	EXPECT_EQ(irqfd(vm, e, 5, 0), 0);
	EXPECT_EQ(irqfd(vm, e, 6, 0), -EBUSY);
	EXPECT_EQ(irqfd(vm, e, 6, KVM_IRQFD_FLAG_DEASSIGN), -ENOENT);

	struct kvm_vcpu *v;
	EXPECT_EQ(kvm_create_vcpu(vm, 0, &v), 0);
	struct kvm_run *run = kvm_vcpu_run_struct(v);
	uint32_t pending = 0;
	EXPECT_EQ(kvm_vcpu_ioctl(v, KVM_RUN, NULL), 0);
	memcpy(&pending, run->mmio.data, 4);
	EXPECT_EQ(pending, 0);
	uint64_t one = 1;
	EXPECT_EQ(write(e, &one, sizeof(one)), 8);
	double t0 = now_s();
	while (!(pending & (1u << 5)) && now_s() - t0 < 2) {
		EXPECT_EQ(kvm_vcpu_ioctl(v, KVM_RUN, NULL), 0);
		EXPECT_EQ(run->exit_reason, KVM_EXIT_MMIO);
		memcpy(&pending, run->mmio.data, 4);
	}
	EXPECT_EQ(pending, 1u << 5);
	EXPECT_EQ(irqfd(vm, e, 5, KVM_IRQFD_FLAG_DEASSIGN), 0);
	EXPECT_EQ(irqfd(vm, e, 5, KVM_IRQFD_FLAG_DEASSIGN), -ENOENT);
	kvm_vm_destroy(vm);  /* stops the irqfd thread */
	close(e);
	kvm_close(kvm);
	munmap(ram, 16 * PAGE);
	end();
}

/* A guest that only claims (context 0: hart 0's M-mode) and reports each
 * claim with an MMIO write, completing non-zero ones: the PLIC is set up
 * by KVM_SET_IRQCHIP alone. */
static const uint32_t claim_prog[] = {
	0x0c200e37, /* lui  t3, 0xc200    context 0: threshold, claim */
	0x10000eb7, /* lui  t4, 0x10000 */
	0x004e2f03, /* 08: lw t5, 4(t3) */
	0x01eea023, /* sw   t5, 0(t4) */
	0xfe0f0ce3, /* beqz t5, 08 */
	0x01ee2223, /* sw   t5, 4(t3) */
	0xff1ff06f, /* j    08 */
};

/* KVM_GET_IRQCHIP / KVM_SET_IRQCHIP: the state round-trips, moves into a
 * second VM whose guest then claims what was pending, and bad states are
 * refused whole. */
static void test_irqchip_state(void)
{
	begin("irqchip_state");
	struct kvm *kvm;
	struct kvm_vm *a, *b;
	kvm_open(&kvm);
	kvm_create_vm(kvm, KVM_VM_TYPE_FULL_MACHINE, &a);
	static struct kvm_irqchip c, d;
	c.chip_id = KVM_IRQCHIP_PLIC;
	EXPECT_EQ(kvm_vm_ioctl(a, KVM_GET_IRQCHIP, &c), -ENXIO);
	EXPECT_EQ(kvm_vm_ioctl(a, KVM_CREATE_IRQCHIP, NULL), 0);
	EXPECT_EQ(kvm_vm_ioctl(a, KVM_GET_IRQCHIP, &c), 0);
	EXPECT_EQ(c.chip.plic.version, KVM_RVKVM_PLIC_STATE_VERSION);
	EXPECT_EQ(c.chip.plic.nsources, 96);
	EXPECT_EQ(c.chip.plic.pending[0], 0);
	/* Program it: source 5 at priority 3 enabled for context 0, source 9
	 * for context 1 with threshold 2, both lines raised (pending). */
	c.chip.plic.priority[5] = 3;
	c.chip.plic.priority[9] = 1;
	c.chip.plic.ctx[0].enable[0] = 1u << 5;
	c.chip.plic.ctx[1].enable[0] = 1u << 9;
	c.chip.plic.ctx[1].threshold = 2;
	EXPECT_EQ(kvm_vm_ioctl(a, KVM_SET_IRQCHIP, &c), 0);
	struct kvm_irq_level l5 = { .irq = 5, .level = 1 }, l9 = { .irq = 9, .level = 1 };
	EXPECT_EQ(kvm_vm_ioctl(a, KVM_IRQ_LINE, &l5), 0);
	EXPECT_EQ(kvm_vm_ioctl(a, KVM_IRQ_LINE, &l9), 0);
	memset(&d, 0, sizeof(d));
	d.chip_id = KVM_IRQCHIP_PLIC;
	EXPECT_EQ(kvm_vm_ioctl(a, KVM_GET_IRQCHIP, &d), 0);
	EXPECT_EQ(d.chip.plic.priority[5], 3);
	EXPECT_EQ(d.chip.plic.ctx[1].threshold, 2);
	EXPECT_EQ(d.chip.plic.ctx[0].enable[0], 1u << 5);
	EXPECT_EQ(d.chip.plic.pending[0], (1u << 5) | (1u << 9));
	/* Refused whole: bad chip, version, a priority above 7. */
	struct kvm_irqchip bad = d;
	bad.chip_id = 7;
	EXPECT_EQ(kvm_vm_ioctl(a, KVM_GET_IRQCHIP, &bad), -EINVAL);
	EXPECT_EQ(kvm_vm_ioctl(a, KVM_SET_IRQCHIP, &bad), -EINVAL);
	bad = d;
	bad.chip.plic.version = 2;
	EXPECT_EQ(kvm_vm_ioctl(a, KVM_SET_IRQCHIP, &bad), -EINVAL);
	bad = d;
	bad.chip.plic.priority[7] = 8;
	bad.chip.plic.priority[5] = 1;
	EXPECT_EQ(kvm_vm_ioctl(a, KVM_SET_IRQCHIP, &bad), -EINVAL);
	memset(&c, 0, sizeof(c));
	c.chip_id = KVM_IRQCHIP_PLIC;
	EXPECT_EQ(kvm_vm_ioctl(a, KVM_GET_IRQCHIP, &c), 0);
	EXPECT_EQ(c.chip.plic.priority[5], 3);   /* unchanged */

	/* Into a fresh VM: its guest claims source 5 (pending there now, no
	 * line behind it), completes it, and finds nothing more. */
	kvm_create_vm(kvm, KVM_VM_TYPE_FULL_MACHINE, &b);
	EXPECT_EQ(kvm_vm_ioctl(b, KVM_CREATE_IRQCHIP, NULL), 0);
	uint8_t *ram = alloc_ram(16 * PAGE);
	memcpy(ram, claim_prog, sizeof(claim_prog));
	EXPECT_EQ(set_region(b, 0, 0, RAM_BASE, 16 * PAGE, ram), 0);
	EXPECT_EQ(add_mmio(b, 0x10000000, 0x100), 0);
	EXPECT_EQ(kvm_vm_ioctl(b, KVM_SET_IRQCHIP, &d), 0);
	struct kvm_vcpu *v;
	EXPECT_EQ(kvm_create_vcpu(b, 0, &v), 0);
	struct kvm_run *run = kvm_vcpu_run_struct(v);
	EXPECT_EQ(next_claim(v, run), 5);
	EXPECT_EQ(next_claim(v, run), 0);
	memset(&c, 0, sizeof(c));
	c.chip_id = KVM_IRQCHIP_PLIC;
	EXPECT_EQ(kvm_vm_ioctl(b, KVM_GET_IRQCHIP, &c), 0);
	EXPECT_EQ(c.chip.plic.pending[0], 1u << 9);   /* context 1's, below threshold 2 */
	EXPECT_EQ(c.chip.plic.in_service[0], 0);
	kvm_vm_destroy(b);
	kvm_vm_destroy(a);
	kvm_close(kvm);
	munmap(ram, 16 * PAGE);
	end();
}

/* A hypervisor guest whose state spans core registers, VS CSRs and a trap
 * round trip: it sets stvec, counts in s0 (mirrored in sscratch), reports
 * each count with an MMIO write, then takes an illegal-instruction trap
 * whose handler checks sscratch and scause (reporting -1 at +4 if wrong)
 * and returns past it. */
static const uint32_t vcpu_state_prog[] = {
	0x00000297, /* 00: auipc t0, 0 */
	0x02828293, /* 04: addi  t0, t0, 0x28 */
	0x10529073, /* 08: csrw  stvec, t0 */
	0x00000413, /* 0c: li    s0, 0 */
	0x10000eb7, /* 10: lui   t4, 0x10000 */
	0x00140413, /* 14: addi  s0, s0, 1 */
	0x14041073, /* 18: csrw  sscratch, s0 */
	0x008ea023, /* 1c: sw    s0, 0(t4) */
	0x00000000, /* 20: illegal */
	0xff1ff06f, /* 24: j     14 */
	0x14102373, /* 28: csrr  t1, sepc */
	0x00430313, /* 2c: addi  t1, t1, 4 */
	0x14131073, /* 30: csrw  sepc, t1 */
	0x140023f3, /* 34: csrr  t2, sscratch */
	0x00839a63, /* 38: bne   t2, s0, 4c */
	0x14202e73, /* 3c: csrr  t3, scause */
	0x00200f13, /* 40: li    t5, 2 */
	0x01ee1463, /* 44: bne   t3, t5, 4c */
	0x10200073, /* 48: sret */
	0xfff00f13, /* 4c: li    t5, -1 */
	0x01eea223, /* 50: sw    t5, 4(t4) */
	0xff9ff06f, /* 54: j     4c */
};

/* A vCPU moved by its registers alone, as a snapshot restore would: stop
 * it outside the guest (immediate_exit completes the pending MMIO), read
 * every register KVM_GET_REG_LIST names, copy guest RAM, and set them all
 * in a vCPU of a fresh VM: the guest goes on counting where it was, its
 * trap handler working. */
static void test_vcpu_state_move(void)
{
	begin("vcpu_state_move");
	struct kvm *kvm;
	struct kvm_vm *a, *b;
	struct kvm_vcpu *va, *vb;
	kvm_open(&kvm);
	EXPECT_EQ(kvm_create_vm(kvm, KVM_VM_TYPE_HYP_GUEST, &a), 0);
	uint8_t *ram = alloc_ram(16 * PAGE), *ram2 = alloc_ram(16 * PAGE);
	memcpy(ram, vcpu_state_prog, sizeof(vcpu_state_prog));
	EXPECT_EQ(set_region(a, 0, 0, RAM_BASE, 16 * PAGE, ram), 0);
	EXPECT_EQ(add_mmio(a, 0x10000000, 0x100), 0);
	EXPECT_EQ(kvm_create_vcpu(a, 0, &va), 0);
	struct kvm_run *run = kvm_vcpu_run_struct(va);
	uint64_t addr;
	for (uint32_t n = 1; n <= 3; n++) {
		EXPECT_EQ(next_report(va, run, &addr), n);
		EXPECT_EQ(addr, 0x10000000);
	}
	run->immediate_exit = 1;
	EXPECT_EQ(kvm_vcpu_ioctl(va, KVM_RUN, NULL), -EINTR);
	run->immediate_exit = 0;

	static uint64_t ids[512], vals[512];
	struct kvm_reg_list *list = calloc(1, sizeof(*list) + sizeof(ids));
	list->n = 512;
	EXPECT_EQ(kvm_vcpu_ioctl(va, KVM_GET_REG_LIST, list), 0);
	uint64_t n = list->n < 512 ? list->n : 512;
	EXPECT(n > 40);
	for (uint64_t i = 0; i < n; i++) {
		ids[i] = list->reg[i];
		vals[i] = 0;
		EXPECT_EQ(get_reg(va, ids[i], &vals[i]), 0);
	}
	memcpy(ram2, ram, 16 * PAGE);

	EXPECT_EQ(kvm_create_vm(kvm, KVM_VM_TYPE_HYP_GUEST, &b), 0);
	EXPECT_EQ(set_region(b, 0, 0, RAM_BASE, 16 * PAGE, ram2), 0);
	EXPECT_EQ(add_mmio(b, 0x10000000, 0x100), 0);
	EXPECT_EQ(kvm_create_vcpu(b, 0, &vb), 0);
	unsigned set_fail = 0;
	for (uint64_t i = 0; i < n; i++) {
		if (set_reg(vb, ids[i], vals[i]) != 0) {
			fprintf(stderr, "  vcpu_state_move: SET_ONE_REG %#llx failed\n",
				(unsigned long long)ids[i]);
			set_fail++;
		}
	}
	EXPECT_EQ(set_fail, 0);
	for (uint64_t i = 0; i < n; i++) {
		uint64_t v = 0;
		EXPECT_EQ(get_reg(vb, ids[i], &v), 0);
		if (ids[i] == KVM_REG_RISCV_TIMER_REG(KVM_REG_RISCV_TIMER_TIME))
			continue;   /* a clock: set to the value, it has moved on since */
		if (v != vals[i])
			fprintf(stderr, "  vcpu_state_move: reg %#llx reads %#llx, was %#llx\n",
				(unsigned long long)ids[i], (unsigned long long)v,
				(unsigned long long)vals[i]);
		EXPECT_EQ(v, vals[i]);
	}
	/* The store that exited was retired by the immediate_exit run (as
	 * KVM completes MMIO in KVM_RUN): the moved vCPU goes on at 4, not
	 * doing that store again. */
	struct kvm_run *run2 = kvm_vcpu_run_struct(vb);
	for (uint32_t k = 4; k <= 6; k++) {
		EXPECT_EQ(next_report(vb, run2, &addr), k);
		EXPECT_EQ(addr, 0x10000000);   /* not the handler's -1 at +4 */
	}
	free(list);
	kvm_vm_destroy(b);
	kvm_vm_destroy(a);
	kvm_close(kvm);
	munmap(ram, 16 * PAGE);
	munmap(ram2, 16 * PAGE);
	end();
}

/* SBI steal-time state (KVM_REG_RISCV_SBI_STATE, subtype STA) as a
 * snapshot saves it: off (all ones, hi 0) on a fresh vCPU, listed, a set
 * address reads back, and the next KVM_RUN publishes to the record there,
 * going on from the steal the (restored) record holds.  Full machines
 * have no such registers.  The guest stores to MMIO and spins. */
static const uint32_t sta_prog[] = {
	0x100002b7, /* 00: lui   t0, 0x10000 */
	0x0002a023, /* 04: sw    zero, 0(t0) */
	0x0000006f, /* 08: j     . */
};

static bool reg_listed(struct kvm_vcpu *v, uint64_t id)
{
	struct { struct kvm_reg_list l; uint64_t reg[512]; } big = { .l.n = 512 };
	if (kvm_vcpu_ioctl(v, KVM_GET_REG_LIST, &big.l) != 0)
		return false;
	for (uint64_t i = 0; i < big.l.n; i++)
		if (big.l.reg[i] == id)
			return true;
	return false;
}

static void test_sbi_sta_regs(void)
{
	begin("sbi_sta_regs");
	const uint64_t lo_id = KVM_REG_RISCV_SBI_STA_REG(KVM_REG_RISCV_SBI_STA_SHMEM_LO);
	const uint64_t hi_id = KVM_REG_RISCV_SBI_STA_REG(KVM_REG_RISCV_SBI_STA_SHMEM_HI);
	const uint64_t rec_off = 8 * PAGE + 0x40;
	struct kvm *kvm;
	struct kvm_vm *vm;
	struct kvm_vcpu *v;
	uint64_t lo = 0, hi = 1;
	EXPECT_EQ(kvm_open(&kvm), 0);
	EXPECT_EQ(kvm_create_vm(kvm, KVM_VM_TYPE_HYP_GUEST, &vm), 0);
	uint8_t *ram = alloc_ram(16 * PAGE);
	memcpy(ram, sta_prog, sizeof(sta_prog));
	EXPECT_EQ(set_region(vm, 0, 0, RAM_BASE, 16 * PAGE, ram), 0);
	EXPECT_EQ(add_mmio(vm, 0x10000000, 0x100), 0);
	EXPECT_EQ(kvm_create_vcpu(vm, 0, &v), 0);
	struct kvm_run *run = kvm_vcpu_run_struct(v);

	/* A fresh vCPU: no record (KVM's INVALID_GPA in lo; hi is 0 on rv64). */
	EXPECT_EQ(get_reg(v, lo_id, &lo), 0);
	EXPECT_EQ(lo, UINT64_MAX);
	EXPECT_EQ(get_reg(v, hi_id, &hi), 0);
	EXPECT_EQ(hi, 0);
	EXPECT(reg_listed(v, lo_id));
	EXPECT(reg_listed(v, hi_id));
	/* Bad values, index, subtype and size. */
	EXPECT_EQ(set_reg(v, lo_id, RAM_BASE + rec_off + 8), -EINVAL);  /* not 64-byte aligned */
	EXPECT_EQ(set_reg(v, hi_id, 1), -EINVAL);
	EXPECT_EQ(get_reg(v, KVM_REG_RISCV_SBI_STA_REG(2), &lo), -ENOENT);
	EXPECT_EQ(get_reg(v, lo_id | (1ULL << 16), &lo), -ENOENT);
	EXPECT_EQ(get_reg(v, (lo_id & ~KVM_REG_SIZE_U64) | KVM_REG_SIZE_U32, &lo), -EINVAL);
	EXPECT_EQ(get_reg(v, lo_id, &lo), 0);
	EXPECT_EQ(lo, UINT64_MAX);   /* the failed set changed nothing */

	/* A record as a restored guest's RAM holds it: sequence 6, 1 ms of steal. */
	uint32_t seq = 6;
	uint64_t steal = 1000000;
	memcpy(ram + rec_off, &seq, 4);
	memcpy(ram + rec_off + 8, &steal, 8);
	EXPECT_EQ(set_reg(v, hi_id, 0), 0);
	EXPECT_EQ(set_reg(v, lo_id, RAM_BASE + rec_off), 0);
	EXPECT_EQ(get_reg(v, lo_id, &lo), 0);
	EXPECT_EQ(lo, RAM_BASE + rec_off);
	EXPECT_EQ(get_reg(v, hi_id, &hi), 0);
	EXPECT_EQ(hi, 0);

	/* The next run publishes (the sequence moves on, even), the steal
	 * going on from the record's: not from 0, nor counting the time
	 * before the address was set. */
	EXPECT_EQ(kvm_vcpu_ioctl(v, KVM_RUN, NULL), 0);
	EXPECT_EQ(run->exit_reason, KVM_EXIT_MMIO);
	memcpy(&seq, ram + rec_off, 4);
	memcpy(&steal, ram + rec_off + 8, 8);
	EXPECT(seq >= 8 && seq % 2 == 0);
	EXPECT(steal >= 1000000 && steal < 1000000 + 1000000000ULL);
	EXPECT_EQ(ram[rec_off + 16], 0);   /* nothing else of the record written */

	/* Later runs keep counting from there: never backwards. */
	run->immediate_exit = 1;
	EXPECT_EQ(kvm_vcpu_ioctl(v, KVM_RUN, NULL), -EINTR);  /* completes the store */
	run->immediate_exit = 0;
	usleep(2000);   /* past the 1 ms measuring window */
	EXPECT_EQ(set_reg(v, KVM_REG_RISCV_CORE_PC, RAM_BASE), 0);
	EXPECT_EQ(kvm_vcpu_ioctl(v, KVM_RUN, NULL), 0);
	EXPECT_EQ(run->exit_reason, KVM_EXIT_MMIO);
	uint64_t steal2 = 0;
	uint32_t seq2 = 0;
	memcpy(&seq2, ram + rec_off, 4);
	memcpy(&steal2, ram + rec_off + 8, 8);
	EXPECT(seq2 > seq && seq2 % 2 == 0);
	EXPECT(steal2 >= steal && steal2 < steal + 1000000000ULL);

	/* Off again (all ones): the record is left alone. */
	EXPECT_EQ(set_reg(v, lo_id, UINT64_MAX), 0);
	EXPECT_EQ(get_reg(v, lo_id, &lo), 0);
	EXPECT_EQ(lo, UINT64_MAX);
	EXPECT(reg_listed(v, lo_id));
	run->immediate_exit = 1;
	EXPECT_EQ(kvm_vcpu_ioctl(v, KVM_RUN, NULL), -EINTR);
	run->immediate_exit = 0;
	usleep(2000);
	EXPECT_EQ(set_reg(v, KVM_REG_RISCV_CORE_PC, RAM_BASE), 0);
	EXPECT_EQ(kvm_vcpu_ioctl(v, KVM_RUN, NULL), 0);
	EXPECT_EQ(run->exit_reason, KVM_EXIT_MMIO);
	memcpy(&seq, ram + rec_off, 4);
	EXPECT_EQ(seq, seq2);
	kvm_vm_destroy(vm);

	/* A full machine's SBI is its firmware's: no STA registers. */
	EXPECT_EQ(kvm_create_vm(kvm, KVM_VM_TYPE_FULL_MACHINE, &vm), 0);
	EXPECT_EQ(kvm_create_vcpu(vm, 0, &v), 0);
	EXPECT_EQ(get_reg(v, lo_id, &lo), -ENOENT);
	EXPECT_EQ(get_reg(v, hi_id, &hi), -ENOENT);
	EXPECT_EQ(set_reg(v, lo_id, RAM_BASE + rec_off), -ENOENT);
	EXPECT_EQ(set_reg(v, hi_id, 0), -ENOENT);
	EXPECT(!reg_listed(v, lo_id));
	EXPECT(!reg_listed(v, hi_id));
	kvm_vm_destroy(vm);
	kvm_close(kvm);
	munmap(ram, 16 * PAGE);
	end();
}

/* Memory slots changed while a vCPU runs.  The guest loads a word from
 * slot 1 (GPA 0x7000_0000) in a loop that stays in the guest and reports
 * (MMIO exit) only when the value changes; a fault (no slot there) reads
 * as 0xdead.  After each change the test waits until the guest reports
 * the new map's value, and it revokes access to host pages the map no
 * longer uses at once: a vCPU still using a stale translation after
 * KVM_SET_USER_MEMORY_REGION returned would crash the test. */
static const uint32_t slot_prog[] = {
	0x700002b7, /* 00: lui  t0, 0x70000 */
	0x100003b7, /* 04: lui  t2, 0x10000 */
	0x00000e13, /* 08: li   t3, 0 */
	0x0002a303, /* 0c: lw   t1, 0(t0) */
	0xffc30ee3, /* 10: beq  t1, t3, 0c */
	0x00030e13, /* 14: mv   t3, t1 */
	0x0063a023, /* 18: sw   t1, 0(t2)   report (exit) */
	0xff1ff06f, /* 1c: j    0c */
	[16] = 0x0000e337, /* 40: lui  t1, 0xe     mtvec: t1 = 0xdead */
	0xead30313, /* 44: addi t1, t1, -339 */
	0x34102ef3, /* 48: csrr t4, mepc */
	0x004e8e93, /* 4c: addi t4, t4, 4    skip the load */
	0x341e9073, /* 50: csrw mepc, t4 */
	0x30200073, /* 54: mret */
};

struct slot_runner {
	struct kvm_vcpu *v;
	atomic_uint last;        /* the value the guest reported last */
	atomic_bool stop;
	bool ok;
};

static void *slot_runner_thread(void *arg)
{
	struct slot_runner *sr = arg;
	struct kvm_run *run = kvm_vcpu_run_struct(sr->v);
	while (!atomic_load(&sr->stop)) {
		long r = kvm_vcpu_ioctl(sr->v, KVM_RUN, NULL);
		if (r == -EINTR)
			continue;
		if (r != 0 || run->exit_reason != KVM_EXIT_MMIO) {
			sr->ok = false;
			break;
		}
		uint32_t val;
		memcpy(&val, run->mmio.data, 4);
		if (val != 0x1111 && val != 0x2222 && val != 0xdead)
			sr->ok = false;
		atomic_store(&sr->last, val);
	}
	return NULL;
}

static bool slot_wait(struct slot_runner *sr, uint32_t want)
{
	double t0 = now_s();
	while (atomic_load(&sr->last) != want)
		if (now_s() - t0 > 5)
			return false;
	return true;
}

static void test_memslots_while_running(void)
{
	begin("memslots_while_running");
	struct kvm *kvm;
	struct kvm_vm *vm;
	kvm_open(&kvm);
	kvm_create_vm(kvm, KVM_VM_TYPE_FULL_MACHINE, &vm);
	uint8_t *ram = alloc_ram(16 * PAGE), *pg[2] = { alloc_ram(PAGE), alloc_ram(PAGE) };
	const uint32_t val[2] = { 0x1111, 0x2222 };
	memcpy(ram, slot_prog, sizeof(slot_prog));
	memcpy(pg[0], &val[0], 4);
	memcpy(pg[1], &val[1], 4);
	EXPECT_EQ(set_region(vm, 0, 0, RAM_BASE, 16 * PAGE, ram), 0);
	EXPECT_EQ(set_region(vm, 1, 0, 0x70000000, PAGE, pg[0]), 0);
	EXPECT_EQ(add_mmio(vm, 0x10000000, 0x100), 0);
	static struct slot_runner sr;
	memset(&sr, 0, sizeof(sr));
	sr.ok = true;
	EXPECT_EQ(kvm_create_vcpu(vm, 0, &sr.v), 0);
	EXPECT_EQ(set_reg(sr.v, KVM_REG_RISCV_RVKVM_CSR_REG(0x305), RAM_BASE + 0x40), 0); /* mtvec */
	pthread_t t;
	pthread_create(&t, NULL, slot_runner_thread, &sr);
	unsigned steps = 0, cur = 0;  /* pg[cur] backs slot 1 */
	bool ok = slot_wait(&sr, val[cur]);
	for (unsigned e = 1; e <= 60 && ok; e++) {
		uint32_t want = 0xdead;
		switch (e % 4) {
		case 1:  /* delete, and revoke the page at once */
			EXPECT_EQ(set_region(vm, 1, 0, 0x70000000, 0, NULL), 0);
			mprotect(pg[cur], PAGE, PROT_NONE);
			break;
		case 2:  /* a new slot over the range, the other page */
			cur ^= 1;
			mprotect(pg[cur], PAGE, PROT_READ | PROT_WRITE);
			EXPECT_EQ(set_region(vm, 1, 0, 0x70000000, PAGE, pg[cur]), 0);
			want = val[cur];
			break;
		case 3:  /* moved away (the guest no longer reaches it) */
			EXPECT_EQ(set_region(vm, 1, 0, 0x70010000, PAGE, pg[cur]), 0);
			mprotect(pg[cur], PAGE, PROT_NONE);
			break;
		default: /* and back */
			mprotect(pg[cur], PAGE, PROT_READ | PROT_WRITE);
			EXPECT_EQ(set_region(vm, 1, 0, 0x70000000, PAGE, pg[cur]), 0);
			want = val[cur];
			break;
		}
		ok = slot_wait(&sr, want);
		steps += ok;
	}
	atomic_store(&sr.stop, true);
	kvm_vcpu_kick(sr.v);
	pthread_join(t, NULL);
	EXPECT(sr.ok);
	EXPECT_EQ(steps, 60);
	kvm_vm_destroy(vm);
	kvm_close(kvm);
	munmap(ram, 16 * PAGE);
	munmap(pg[0], PAGE);
	munmap(pg[1], PAGE);
	end();
}

/* Dirty logging under a guest that keeps writing (modeled on Linux's
 * dirty_log_test): the guest stores an ever-growing counter to the first
 * word of each of the 64 first pages of slot 1 (128 pages).  The test
 * harvests the log over and over, copying every page reported dirty into
 * a shadow; after the vCPU stopped and a last harvest, the shadow must
 * equal guest memory (a write never reported would leave it stale) and
 * the never-written pages must never have been reported. */
static const uint32_t dirty_prog[] = {
	0x700002b7, /* 00: lui  t0, 0x70000 */
	0x00100313, /* 04: li   t1, 1 */
	0x04000e13, /* 08: li   t3, 64 */
	0x00028393, /* 0c: mv   t2, t0 */
	0x00000e93, /* 10: li   t4, 0 */
	0x0063b023, /* 14: sd   t1, 0(t2) */
	0x00130313, /* 18: addi t1, t1, 1 */
	0x00001f37, /* 1c: lui  t5, 1 */
	0x01e383b3, /* 20: add  t2, t2, t5 */
	0x001e8e93, /* 24: addi t4, t4, 1 */
	0xffcec6e3, /* 28: blt  t4, t3, 14 */
	0xfe1ff06f, /* 2c: j    0c */
};
#define DIRTY_PAGES 128

struct dirty_runner {
	struct kvm_vcpu *v;
	atomic_bool stop;
};

static void *dirty_runner_thread(void *arg)
{
	struct dirty_runner *dr = arg;
	while (!atomic_load(&dr->stop))
		kvm_vcpu_ioctl(dr->v, KVM_RUN, NULL);  /* -EINTR when kicked */
	return NULL;
}

static void dirty_log_case(struct kvm *kvm, unsigned long type, bool manual)
{
	struct kvm_vm *vm;
	EXPECT_EQ(kvm_create_vm(kvm, type, &vm), 0);
	if (manual) {
		struct kvm_enable_cap cap = { .cap = KVM_CAP_MANUAL_DIRTY_LOG_PROTECT2,
					      .args = { KVM_DIRTY_LOG_MANUAL_PROTECT_ENABLE } };
		EXPECT_EQ(kvm_vm_ioctl(vm, KVM_ENABLE_CAP, &cap), 0);
	}
	uint8_t *ram = alloc_ram(16 * PAGE), *mem = alloc_ram(DIRTY_PAGES * PAGE);
	memcpy(ram, dirty_prog, sizeof(dirty_prog));
	EXPECT_EQ(set_region(vm, 0, 0, RAM_BASE, 16 * PAGE, ram), 0);
	EXPECT_EQ(set_region(vm, 1, KVM_MEM_LOG_DIRTY_PAGES, 0x70000000, DIRTY_PAGES * PAGE, mem), 0);
	uint64_t bitmap[DIRTY_PAGES / 64];
	struct kvm_dirty_log log = { .slot = 0, .dirty_bitmap = (uintptr_t)bitmap };
	EXPECT_EQ(kvm_vm_ioctl(vm, KVM_GET_DIRTY_LOG, &log), -ENOENT);  /* slot 0 is not logged */
	log.slot = 40;
	EXPECT_EQ(kvm_vm_ioctl(vm, KVM_GET_DIRTY_LOG, &log), -EINVAL);
	log.slot = 1;
	struct kvm_clear_dirty_log clr = { .slot = 1, .first_page = 0, .num_pages = DIRTY_PAGES,
					   .dirty_bitmap = (uintptr_t)bitmap };
	if (!manual)
		EXPECT_EQ(kvm_vm_ioctl(vm, KVM_CLEAR_DIRTY_LOG, &clr), -EINVAL);
	static struct dirty_runner dr;
	memset(&dr, 0, sizeof(dr));
	EXPECT_EQ(kvm_create_vcpu(vm, 0, &dr.v), 0);
	pthread_t t;
	pthread_create(&t, NULL, dirty_runner_thread, &dr);
	uint64_t shadow[DIRTY_PAGES] = { 0 };
	unsigned harvests = 0, reported = 0;
	bool bad_page = false;
	for (int round = 0; round <= 200; round++) {
		if (round == 200) {  /* stop the guest, then the last harvest */
			atomic_store(&dr.stop, true);
			kvm_vcpu_kick(dr.v);
			pthread_join(t, NULL);
		} else {
			usleep(500);
		}
		EXPECT_EQ(kvm_vm_ioctl(vm, KVM_GET_DIRTY_LOG, &log), 0);
		if (manual) {
			if (round == 0) {  /* bad ranges */
				clr.first_page = 3;
				EXPECT_EQ(kvm_vm_ioctl(vm, KVM_CLEAR_DIRTY_LOG, &clr), -EINVAL);
				clr.first_page = 64, clr.num_pages = 65;
				EXPECT_EQ(kvm_vm_ioctl(vm, KVM_CLEAR_DIRTY_LOG, &clr), -EINVAL);
				clr.first_page = 0, clr.num_pages = DIRTY_PAGES;
			}
			EXPECT_EQ(kvm_vm_ioctl(vm, KVM_CLEAR_DIRTY_LOG, &clr), 0);
		}
		harvests++;
		for (unsigned p = 0; p < DIRTY_PAGES; p++) {
			if (!((bitmap[p / 64] >> (p % 64)) & 1))
				continue;
			reported++;
			if (p >= 64)
				bad_page = true;
			memcpy(&shadow[p], mem + p * PAGE, 8);
		}
	}
	unsigned stale = 0;
	for (unsigned p = 0; p < 64; p++) {
		uint64_t now;
		memcpy(&now, mem + p * PAGE, 8);
		stale += now != shadow[p] || now == 0;
	}
	EXPECT_EQ(stale, 0);
	EXPECT(!bad_page);
	EXPECT(reported > 64);  /* pages came back dirty round after round */
	/* Logging off: the log is gone; on again: a fresh (clean) one. */
	EXPECT_EQ(set_region(vm, 1, 0, 0x70000000, DIRTY_PAGES * PAGE, mem), 0);
	EXPECT_EQ(kvm_vm_ioctl(vm, KVM_GET_DIRTY_LOG, &log), -ENOENT);
	EXPECT_EQ(set_region(vm, 1, KVM_MEM_LOG_DIRTY_PAGES, 0x70000000, DIRTY_PAGES * PAGE, mem), 0);
	EXPECT_EQ(kvm_vm_ioctl(vm, KVM_GET_DIRTY_LOG, &log), 0);
	EXPECT_EQ(bitmap[0] | bitmap[1], 0);
	/* The VMM's own writes (device DMA) marked through the core. */
	struct kvm_rvkvm_dirty_range dma = { .gpa = 0x70000000 + 5 * PAGE + 100, .len = 5000 };
	EXPECT_EQ(kvm_vm_ioctl(vm, KVM_RVKVM_MARK_DIRTY, &dma), 0);
	dma = (struct kvm_rvkvm_dirty_range){ .gpa = RAM_BASE, .len = PAGE };  /* not logged */
	EXPECT_EQ(kvm_vm_ioctl(vm, KVM_RVKVM_MARK_DIRTY, &dma), 0);
	dma = (struct kvm_rvkvm_dirty_range){ .gpa = ~0ULL - 10, .len = 100 };
	EXPECT_EQ(kvm_vm_ioctl(vm, KVM_RVKVM_MARK_DIRTY, &dma), -EINVAL);
	EXPECT_EQ(kvm_vm_ioctl(vm, KVM_GET_DIRTY_LOG, &log), 0);
	EXPECT_EQ(bitmap[0], (1ULL << 5) | (1ULL << 6));
	EXPECT_EQ(bitmap[1], 0);
	EXPECT_EQ(set_region(vm, 1, 0, 0x70100000, DIRTY_PAGES * PAGE, mem), -EINVAL); /* move + flags */
	kvm_vm_destroy(vm);
	munmap(ram, 16 * PAGE);
	munmap(mem, DIRTY_PAGES * PAGE);
}

/* One page stored to in a tight loop, compiled by the JIT with a page memo
 * for the store: each harvest write-protects the page again, so it must
 * come back dirty round after round and the last harvest must see its
 * final value.  A memo that outlived the write-protect (no TLB epoch bump
 * in hart_drop_write_tags) lets the stores through unlogged. */
static const uint32_t dirty_hot_prog[] = {
	0x700002b7, /* 00: lui  t0, 0x70000 */
	0x00100313, /* 04: li   t1, 1 */
	0x0062b023, /* 08: sd   t1, 0(t0) */
	0x00130313, /* 0c: addi t1, t1, 1 */
	0xfe031ce3, /* 10: bnez t1, 08 */
	0xff5ff06f, /* 14: j    08 */
};

static void dirty_log_hot_case(struct kvm *kvm, unsigned long type)
{
	struct kvm_vm *vm;
	EXPECT_EQ(kvm_create_vm(kvm, type, &vm), 0);
	uint8_t *ram = alloc_ram(16 * PAGE), *mem = alloc_ram(64 * PAGE);
	memcpy(ram, dirty_hot_prog, sizeof(dirty_hot_prog));
	EXPECT_EQ(set_region(vm, 0, 0, RAM_BASE, 16 * PAGE, ram), 0);
	EXPECT_EQ(set_region(vm, 1, KVM_MEM_LOG_DIRTY_PAGES, 0x70000000, 64 * PAGE, mem), 0);
	uint64_t bitmap = 0, shadow = 0;
	struct kvm_dirty_log log = { .slot = 1, .dirty_bitmap = (uintptr_t)&bitmap };
	static struct dirty_runner dr;
	memset(&dr, 0, sizeof(dr));
	EXPECT_EQ(kvm_create_vcpu(vm, 0, &dr.v), 0);
	pthread_t t;
	pthread_create(&t, NULL, dirty_runner_thread, &dr);
	unsigned reported = 0;
	for (int round = 0; round <= 50; round++) {
		if (round == 50) {
			atomic_store(&dr.stop, true);
			kvm_vcpu_kick(dr.v);
			pthread_join(t, NULL);
		} else {
			usleep(2000);
		}
		EXPECT_EQ(kvm_vm_ioctl(vm, KVM_GET_DIRTY_LOG, &log), 0);
		if (bitmap & 1) {
			reported++;
			memcpy(&shadow, mem, 8);
		}
	}
	uint64_t now;
	memcpy(&now, mem, 8);
	EXPECT(now != 0);
	EXPECT_EQ(now, shadow);
	EXPECT(reported >= 40);
	kvm_vm_destroy(vm);
	munmap(ram, 16 * PAGE);
	munmap(mem, 64 * PAGE);
}

/* CBO.ZERO over guest RAM the host never backed: 16 MiB zeroed block by
 * block, of which only the first 4 pages held data.  Zero already, the
 * rest must be left as it is - not allocated by the host (the slot's
 * mapping stays at the few pages written) - and the written pages must
 * read zero.  Linux clears every page it hands out this way. */
static const uint32_t cbo_prog[] = {
	0x700002b7, /* 00: lui   t0, 0x70000 */
	0x01000337, /* 04: lui   t1, 0x1000      16 MiB */
	0x00530333, /* 08: add   t1, t1, t0 */
	0x00028393, /* 0c: mv    t2, t0 */
	0x0043a00f, /* 10: cbo.zero (t2) */
	0x04038393, /* 14: addi  t2, t2, 64 */
	0xfe63ece3, /* 18: bltu  t2, t1, 10 */
	0x10000e37, /* 1c: lui   t3, 0x10000 */
	0x000e2023, /* 20: sw    zero, 0(t3)     MMIO: done */
	0x0000006f, /* 24: j     . */
};
#define CBO_BYTES (16u << 20)

/* The "Anonymous:" kB of the mapping at addr in /proc/self/smaps (pages
 * the host allocated for it), or -1. */
static long smaps_anon_kb(const void *addr)
{
	FILE *f = fopen("/proc/self/smaps", "r");
	char line[256];
	long kb = -1;
	bool in = false;
	while (f && fgets(line, sizeof(line), f)) {
		unsigned long lo, hi;
		if (sscanf(line, "%lx-%lx ", &lo, &hi) == 2 && strchr(line, '-') < strchr(line, ' '))
			in = lo <= (uintptr_t)addr && (uintptr_t)addr < hi;
		else if (in && sscanf(line, "Anonymous: %ld kB", &kb) == 1)
			break;
	}
	if (f)
		fclose(f);
	return kb;
}

static void test_cbo_zero_untouched(void)
{
	begin("cbo_zero_untouched");
	struct kvm *kvm;
	struct kvm_vm *vm;
	kvm_open(&kvm);
	EXPECT_EQ(kvm_create_vm(kvm, KVM_VM_TYPE_FULL_MACHINE, &vm), 0);
	uint8_t *ram = alloc_ram(16 * PAGE), *mem = alloc_ram(CBO_BYTES);
	madvise(mem, CBO_BYTES, MADV_NOHUGEPAGE);   /* count 4 KiB pages */
	memcpy(ram, cbo_prog, sizeof(cbo_prog));
	memset(mem, 0xa5, 4 * PAGE);
	EXPECT_EQ(set_region(vm, 0, 0, RAM_BASE, 16 * PAGE, ram), 0);
	EXPECT_EQ(set_region(vm, 1, 0, 0x70000000, CBO_BYTES, mem), 0);
	EXPECT_EQ(add_mmio(vm, 0x10000000, 0x100), 0);
	struct kvm_vcpu *v;
	EXPECT_EQ(kvm_create_vcpu(vm, 0, &v), 0);
	struct kvm_run *run = kvm_vcpu_run_struct(v);
	EXPECT_EQ(kvm_vcpu_ioctl(v, KVM_RUN, NULL), 0);
	EXPECT_EQ(run->exit_reason, KVM_EXIT_MMIO);
	EXPECT_EQ(run->mmio.phys_addr, 0x10000000);
	bool zero = true;
	for (unsigned i = 0; i < 4 * PAGE; i++)
		zero &= mem[i] == 0;
	EXPECT(zero);
	long kb = smaps_anon_kb(mem);
	EXPECT(kb >= 0 && kb <= 64);   /* the 4 pages written (16 kB), not 16 MiB */
	if (kb > 64)
		fprintf(stderr, "  cbo_zero_untouched: %ld kB of the slot allocated\n", kb);
	kvm_vm_destroy(vm);
	munmap(ram, 16 * PAGE);
	munmap(mem, CBO_BYTES);
	kvm_close(kvm);
	end();
}

static void test_dirty_log(void)
{
	begin("dirty_log");
	struct kvm *kvm;
	kvm_open(&kvm);
	EXPECT_EQ(kvm_ioctl(kvm, KVM_CHECK_EXTENSION, KVM_CAP_MANUAL_DIRTY_LOG_PROTECT2), 3);
	dirty_log_case(kvm, KVM_VM_TYPE_FULL_MACHINE, false);
	dirty_log_case(kvm, KVM_VM_TYPE_FULL_MACHINE, true);
	dirty_log_case(kvm, KVM_VM_TYPE_HYP_GUEST, false);
	dirty_log_case(kvm, KVM_VM_TYPE_HYP_GUEST, true);
	dirty_log_hot_case(kvm, KVM_VM_TYPE_FULL_MACHINE);
	dirty_log_hot_case(kvm, KVM_VM_TYPE_HYP_GUEST);
	kvm_close(kvm);
	end();
}

/* The dirty ring: the same writer over 2000 pages (more than the ring's
 * soft limit, so the vCPU exits with KVM_EXIT_DIRTY_RING_FULL and waits
 * for the collector) or over 64 (fewer than the TLB holds), entries collected in order, marked RESET and
 * recycled with KVM_RESET_DIRTY_RINGS; the shadow must match memory. */
#define RING_PAGES   2048
#define RING_ENTRIES 2048
struct ring_runner {
	struct kvm_vcpu *v;
	atomic_bool stop;
	atomic_uint full_exits;
	atomic_uint resets;      /* bumped by the collector after each reset */
	bool ok;
};

static void *ring_runner_thread(void *arg)
{
	struct ring_runner *rr = arg;
	struct kvm_run *run = kvm_vcpu_run_struct(rr->v);
	while (!atomic_load(&rr->stop)) {
		long r = kvm_vcpu_ioctl(rr->v, KVM_RUN, NULL);
		if (r == -EINTR)
			continue;
		if (r != 0 || run->exit_reason != KVM_EXIT_DIRTY_RING_FULL) {
			rr->ok = false;
			break;
		}
		atomic_fetch_add(&rr->full_exits, 1);
		unsigned seen = atomic_load(&rr->resets);  /* wait for the collector */
		while (atomic_load(&rr->resets) == seen && !atomic_load(&rr->stop))
			sched_yield();
	}
	return NULL;
}

/* Collect the ring's new entries (marked RESET) into the page list; the
 * pages are copied only after KVM_RESET_DIRTY_RINGS has write-protected
 * them again, so a write after the copy makes a new entry. */
static unsigned ring_collect(struct kvm_dirty_gfn *ring, uint32_t *fetch, bool *want,
			     bool *bad, unsigned pages)
{
	unsigned n = 0;
	for (;;) {
		struct kvm_dirty_gfn *e = &ring[*fetch & (RING_ENTRIES - 1)];
		if (!(__atomic_load_n(&e->flags, __ATOMIC_ACQUIRE) & KVM_DIRTY_GFN_F_DIRTY))
			return n;
		if (e->slot != 1 || e->offset >= pages)
			*bad = true;
		else
			want[e->offset] = true;
		__atomic_store_n(&e->flags, KVM_DIRTY_GFN_F_RESET, __ATOMIC_RELEASE);
		(*fetch)++;
		n++;
	}
}

static void ring_copy(bool *want, const uint8_t *mem, uint64_t *shadow, unsigned pages)
{
	for (unsigned p = 0; p < pages; p++) {
		if (want[p])
			memcpy(&shadow[p], mem + p * PAGE, 8);
		want[p] = false;
	}
}

static void dirty_ring_case(struct kvm *kvm, unsigned long type, unsigned pages)
{
	struct kvm_vm *vm;
	EXPECT_EQ(kvm_create_vm(kvm, type, &vm), 0);
	struct kvm_enable_cap cap = { .cap = KVM_CAP_DIRTY_LOG_RING, .args = { 1000 } };
	EXPECT_EQ(kvm_vm_ioctl(vm, KVM_ENABLE_CAP, &cap), -EINVAL);      /* not a power of 2 */
	cap.args[0] = RING_ENTRIES * sizeof(struct kvm_dirty_gfn);
	EXPECT_EQ(kvm_vm_ioctl(vm, KVM_ENABLE_CAP, &cap), 0);
	uint8_t *ram = alloc_ram(16 * PAGE), *mem = alloc_ram(RING_PAGES * PAGE);
	memcpy(ram, dirty_prog, sizeof(dirty_prog));
	((uint32_t *)ram)[2] = 0x00000e13 | pages << 20;  /* li t3, pages: pages written */
	EXPECT_EQ(set_region(vm, 0, 0, RAM_BASE, 16 * PAGE, ram), 0);
	EXPECT_EQ(set_region(vm, 1, KVM_MEM_LOG_DIRTY_PAGES, 0x70000000, RING_PAGES * PAGE, mem), 0);
	static struct ring_runner rr;
	memset(&rr, 0, sizeof(rr));
	rr.ok = true;
	EXPECT_EQ(kvm_create_vcpu(vm, 0, &rr.v), 0);
	EXPECT_EQ(kvm_vm_ioctl(vm, KVM_ENABLE_CAP, &cap), -EINVAL);      /* after a vCPU */
	uint64_t bitmap[RING_PAGES / 64];
	struct kvm_dirty_log log = { .slot = 1, .dirty_bitmap = (uintptr_t)bitmap };
	EXPECT_EQ(kvm_vm_ioctl(vm, KVM_GET_DIRTY_LOG, &log), -ENXIO);   /* the ring replaces it */
	struct kvm_dirty_gfn *ring = kvm_vcpu_dirty_ring(rr.v);
	EXPECT(ring != NULL);
	if (!ring) {
		kvm_vm_destroy(vm);
		return;
	}
	static uint64_t shadow[RING_PAGES];
	static bool want[RING_PAGES];
	memset(shadow, 0, sizeof(shadow));
	memset(want, 0, sizeof(want));
	uint32_t fetch = 0;
	bool bad = false;
	pthread_t t;
	pthread_create(&t, NULL, ring_runner_thread, &rr);
	unsigned collected = 0;
	long reset_total = 0;
	for (int round = 0; round <= 100; round++) {
		if (round == 100) {
			atomic_store(&rr.stop, true);
			kvm_vcpu_kick(rr.v);
			pthread_join(t, NULL);
		} else {
			usleep(1000);
		}
		collected += ring_collect(ring, &fetch, want, &bad, pages);
		long r = kvm_vm_ioctl(vm, KVM_RESET_DIRTY_RINGS, NULL);
		EXPECT(r >= 0);
		reset_total += r;
		ring_copy(want, mem, shadow, pages);
		atomic_fetch_add(&rr.resets, 1);
	}
	EXPECT_EQ(ring_collect(ring, &fetch, want, &bad, pages), 0);  /* stopped: nothing new */
	unsigned stale = 0;
	for (unsigned p = 0; p < pages; p++) {
		uint64_t now;
		memcpy(&now, mem + p * PAGE, 8);
		stale += now != shadow[p] || now == 0;
	}
	EXPECT(rr.ok);
	EXPECT(!bad);
	EXPECT_EQ(stale, 0);
	EXPECT_EQ(reset_total, collected);
	/* Beyond the soft limit the vCPU stopped and waited; with few pages
	 * only write-protection after each reset brings pages back. */
	if (pages > RING_ENTRIES / 2)
		EXPECT(atomic_load(&rr.full_exits) > 0);
	kvm_vm_destroy(vm);
	munmap(ram, 16 * PAGE);
	munmap(mem, RING_PAGES * PAGE);
}

static void test_dirty_ring(void)
{
	begin("dirty_ring");
	struct kvm *kvm;
	kvm_open(&kvm);
	EXPECT(kvm_ioctl(kvm, KVM_CHECK_EXTENSION, KVM_CAP_DIRTY_LOG_RING) >= 65536);
	dirty_ring_case(kvm, KVM_VM_TYPE_FULL_MACHINE, 2000);
	dirty_ring_case(kvm, KVM_VM_TYPE_HYP_GUEST, 2000);
	dirty_ring_case(kvm, KVM_VM_TYPE_FULL_MACHINE, 64);
	dirty_ring_case(kvm, KVM_VM_TYPE_HYP_GUEST, 64);
	kvm_close(kvm);
	end();
}

/* MMIO exits of every width and sign, on both VM types: each load gets
 * 0x8786858483828180 from the test and the guest stores what it loaded;
 * then stores of each width. */
static const uint32_t mmio_prog[] = {
	0x100002b7, /* lui t0, 0x10000 */
	0x00028303, 0x0062b423, /* lb  t1, 0(t0); sd t1, 8(t0) */
	0x0002c303, 0x0062b423, /* lbu */
	0x00029303, 0x0062b423, /* lh */
	0x0002d303, 0x0062b423, /* lhu */
	0x0002a303, 0x0062b423, /* lw */
	0x0002e303, 0x0062b423, /* lwu */
	0x0002b303, 0x0062b423, /* ld */
	0x00628823, /* sb t1, 16(t0) */
	0x00629823, /* sh */
	0x0062a823, /* sw */
	0x0062b823, /* sd */
	0x0000006f, /* j . */
};

static void test_mmio_widths(void)
{
	begin("mmio_widths");
	static const struct { unsigned len; uint64_t val; } loads[] = {
		{ 1, 0xffffffffffffff80ULL }, { 1, 0x80 }, { 2, 0xffffffffffff8180ULL }, { 2, 0x8180 },
		{ 4, 0xffffffff83828180ULL }, { 4, 0x83828180ULL }, { 8, 0x8786858483828180ULL },
	};
	const uint64_t in = 0x8786858483828180ULL;
	struct kvm *kvm;
	kvm_open(&kvm);
	for (int hyp = 0; hyp < 2; hyp++) {
		struct kvm_vm *vm;
		struct kvm_vcpu *v;
		EXPECT_EQ(kvm_create_vm(kvm, hyp ? KVM_VM_TYPE_HYP_GUEST : KVM_VM_TYPE_FULL_MACHINE, &vm), 0);
		uint8_t *ram = alloc_ram(16 * PAGE);
		memcpy(ram, mmio_prog, sizeof(mmio_prog));
		EXPECT_EQ(set_region(vm, 0, 0, RAM_BASE, 16 * PAGE, ram), 0);
		EXPECT_EQ(add_mmio(vm, 0x10000000, 0x100), 0);
		EXPECT_EQ(kvm_create_vcpu(vm, 0, &v), 0);
		struct kvm_run *run = kvm_vcpu_run_struct(v);
		for (unsigned i = 0; i < 7; i++) {
			EXPECT_EQ(kvm_vcpu_ioctl(v, KVM_RUN, NULL), 0);
			EXPECT_EQ(run->exit_reason, KVM_EXIT_MMIO);
			EXPECT_EQ(run->mmio.phys_addr, 0x10000000);
			EXPECT_EQ(run->mmio.len, loads[i].len);
			EXPECT_EQ(run->mmio.is_write, 0);
			memcpy(run->mmio.data, &in, 8);
			EXPECT_EQ(kvm_vcpu_ioctl(v, KVM_RUN, NULL), 0);
			EXPECT_EQ(run->mmio.phys_addr, 0x10000008);
			EXPECT_EQ(run->mmio.is_write, 1);
			uint64_t got;
			memcpy(&got, run->mmio.data, 8);
			EXPECT_EQ(got, loads[i].val);
		}
		for (unsigned len = 1; len <= 8; len *= 2) {
			EXPECT_EQ(kvm_vcpu_ioctl(v, KVM_RUN, NULL), 0);
			EXPECT_EQ(run->mmio.phys_addr, 0x10000010);
			EXPECT_EQ(run->mmio.len, len);
			EXPECT_EQ(run->mmio.is_write, 1);
			uint64_t got = 0;
			memcpy(&got, run->mmio.data, len);
			EXPECT_EQ(got, len == 8 ? in : in & ((1ULL << (8 * len)) - 1));
		}
		kvm_vm_destroy(vm);
		munmap(ram, 16 * PAGE);
	}
	kvm_close(kvm);
	end();
}

/* KVM_INTERRUPT on a hypervisor guest: the guest enables its external
 * interrupt, reports readiness, waits in WFI; the interrupt arrives as
 * scause 9 in VS-mode and the handler reports scause. */
static const uint32_t intr_prog[] = {
	0x00000297, /* 00: auipc t0, 0 */
	0x03428293, /* 04: addi  t0, t0, 0x34 */
	0x10529073, /* 08: csrw  stvec, t0 */
	0x20000293, /* 0c: li    t0, 0x200    SEIE */
	0x1042a073, /* 10: csrs  sie, t0 */
	0x10016073, /* 14: csrsi sstatus, 2  SIE */
	0x100003b7, /* 18: lui   t2, 0x10000 */
	0x0003a023, /* 1c: sw    zero, 0(t2)  ready (exit) */
	0x10500073, /* 20: wfi */
	0xffdff06f, /* 24: j     20 */
	0x00000013, 0x00000013, 0x00000013,
	0x14202373, /* 34: csrr  t1, scause */
	0x0063b423, /* 38: sd    t1, 8(t2)    report (exit) */
	0x20000293, /* 3c: li    t0, 0x200 */
	0x1042b073, /* 40: csrc  sie, t0 */
	0x10200073, /* 44: sret */
};

struct delayed_intr {
	struct kvm_vcpu *v;
	unsigned ms;
};

static void *delayed_intr(void *arg)
{
	struct delayed_intr *d = arg;
	usleep(d->ms * 1000);
	struct kvm_interrupt irq = { .irq = KVM_INTERRUPT_SET };
	kvm_vcpu_ioctl(d->v, KVM_INTERRUPT, &irq);
	return NULL;
}

static void test_interrupt(void)
{
	begin("interrupt");
	struct kvm *kvm;
	struct kvm_vm *vm;
	struct kvm_vcpu *v;
	kvm_open(&kvm);
	EXPECT_EQ(kvm_create_vm(kvm, KVM_VM_TYPE_FULL_MACHINE, &vm), 0);
	EXPECT_EQ(kvm_create_vcpu(vm, 0, &v), 0);
	struct kvm_interrupt irq = { .irq = KVM_INTERRUPT_SET };
	EXPECT_EQ(kvm_vcpu_ioctl(v, KVM_INTERRUPT, &irq), -EINVAL);  /* full machine */
	kvm_vm_destroy(vm);
	EXPECT_EQ(kvm_create_vm(kvm, KVM_VM_TYPE_HYP_GUEST, &vm), 0);
	uint8_t *ram = alloc_ram(16 * PAGE);
	memcpy(ram, intr_prog, sizeof(intr_prog));
	EXPECT_EQ(set_region(vm, 0, 0, RAM_BASE, 16 * PAGE, ram), 0);
	EXPECT_EQ(add_mmio(vm, 0x10000000, 0x100), 0);
	EXPECT_EQ(kvm_create_vcpu(vm, 0, &v), 0);
	irq.irq = 5;
	EXPECT_EQ(kvm_vcpu_ioctl(v, KVM_INTERRUPT, &irq), -EINVAL);
	struct kvm_run *run = kvm_vcpu_run_struct(v);
	EXPECT_EQ(kvm_vcpu_ioctl(v, KVM_RUN, NULL), 0);
	EXPECT_EQ(run->mmio.phys_addr, 0x10000000);  /* ready */
	struct delayed_intr d = { v, 50 };
	pthread_t t;
	pthread_create(&t, NULL, delayed_intr, &d);
	double t0 = now_s();
	EXPECT_EQ(kvm_vcpu_ioctl(v, KVM_RUN, NULL), 0);
	double el = now_s() - t0;
	pthread_join(t, NULL);
	EXPECT_EQ(run->mmio.phys_addr, 0x10000008);
	uint64_t cause = 0;
	memcpy(&cause, run->mmio.data, 8);
	EXPECT_EQ(cause, 0x8000000000000009ULL);  /* supervisor external, in VS */
	EXPECT(el >= 0.04);  /* it slept in WFI until the interrupt */
	irq.irq = KVM_INTERRUPT_UNSET;
	EXPECT_EQ(kvm_vcpu_ioctl(v, KVM_INTERRUPT, &irq), 0);
	kvm_vm_destroy(vm);
	/* With the in-core irqchip the PLIC owns the line. */
	EXPECT_EQ(kvm_create_vm(kvm, KVM_VM_TYPE_HYP_GUEST, &vm), 0);
	EXPECT_EQ(kvm_vm_ioctl(vm, KVM_CREATE_IRQCHIP, NULL), 0);
	EXPECT_EQ(kvm_create_vcpu(vm, 0, &v), 0);
	irq.irq = KVM_INTERRUPT_SET;
	EXPECT_EQ(kvm_vcpu_ioctl(v, KVM_INTERRUPT, &irq), -ENXIO);
	kvm_vm_destroy(vm);
	munmap(ram, 16 * PAGE);
	kvm_close(kvm);
	end();
}

/* KVM's RISC-V register ids on both VM types, and KVM_GET_REG_LIST. */
static void check_reg_list(struct kvm_vcpu *v, bool hyp)
{
	struct { struct kvm_reg_list l; uint64_t reg[512]; } big = { .l.n = 512 };
	struct kvm_reg_list none = { .n = 0 };
	EXPECT_EQ(kvm_vcpu_ioctl(v, KVM_GET_REG_LIST, &none), -E2BIG);
	EXPECT(none.n > 40);
	EXPECT_EQ(kvm_vcpu_ioctl(v, KVM_GET_REG_LIST, &big.l), 0);
	EXPECT_EQ(big.l.n, none.n);
	bool timer = false, sbi = false, h = false, state = false, vec = false;
	for (uint64_t i = 0; i < big.l.n && i < 512; i++) {
		uint64_t id = big.l.reg[i], val[16] = { 0 };  /* vector registers are VLEN bits */
		for (uint64_t j = 0; j < i; j++)
			if (big.l.reg[j] == id) {
				fprintf(stderr, "duplicate id %#llx\n", (unsigned long long)id);
				cur_ok = false;
			}
		if (KVM_REG_SIZE(id) > sizeof(val) || get_reg(v, id, val) != 0) {
			fprintf(stderr, "listed id %#llx does not read\n", (unsigned long long)id);
			cur_ok = false;
		}
		timer |= (id & 0xff000000) == KVM_REG_RISCV_TIMER;
		sbi |= (id & 0xff000000) == KVM_REG_RISCV_SBI_EXT;
		h |= id == KVM_REG_RISCV_ISA_EXT_REG(KVM_RISCV_ISA_EXT_H);
		state |= (id & 0xff000000) == KVM_REG_RISCV_RVKVM_STATE;
		vec |= id == KVM_REG_RISCV_VECTOR_REG(31, 16);
	}
	EXPECT(vec);
	EXPECT(timer == hyp);
	EXPECT(state == !hyp);   /* a full machine's save/restore registers */
	EXPECT(sbi == hyp);
	EXPECT(h == !hyp);
}

static void test_one_reg_kvm_ids(void)
{
	begin("one_reg_kvm_ids");
	struct kvm *kvm;
	EXPECT_EQ(kvm_open(&kvm), 0);
	for (int hyp = 0; hyp < 2; hyp++) {
		struct kvm_vm *vm;
		struct kvm_vcpu *v;
		uint64_t val = 0;
		EXPECT_EQ(kvm_create_vm(kvm, hyp ? KVM_VM_TYPE_HYP_GUEST : KVM_VM_TYPE_FULL_MACHINE, &vm), 0);
		EXPECT_EQ(kvm_create_vcpu(vm, 0, &v), 0);
		uint64_t isa = 0;
		EXPECT_EQ(get_reg(v, KVM_REG_RISCV_CONFIG_REG(KVM_REG_RISCV_CONFIG_ISA), &isa), 0);
		for (const char *p = "acdfim"; *p; p++)
			EXPECT((isa >> (*p - 'a')) & 1);
		EXPECT_EQ((isa >> ('h' - 'a')) & 1, !hyp);
		EXPECT_EQ(set_reg(v, KVM_REG_RISCV_CONFIG_REG(KVM_REG_RISCV_CONFIG_ISA), isa), 0);
		EXPECT_EQ((isa >> ('v' - 'a')) & 1, 1);
		EXPECT_EQ(set_reg(v, KVM_REG_RISCV_CONFIG_REG(KVM_REG_RISCV_CONFIG_ISA), isa | 1 << ('q' - 'a')), -EINVAL);
		EXPECT_EQ(get_reg(v, KVM_REG_RISCV_CONFIG_REG(KVM_REG_RISCV_CONFIG_SATP_MODE), &val), 0);
		EXPECT_EQ(val, 10);  /* Sv57 */
		/* Zicbom/Zicboz: their block size (the device tree's), only while
		 * the extension is there; read-only. */
		EXPECT_EQ(get_reg(v, KVM_REG_RISCV_CONFIG_REG(KVM_REG_RISCV_CONFIG_ZICBOM_BLOCK_SIZE), &val), 0);
		EXPECT_EQ(val, 64);
		EXPECT_EQ(get_reg(v, KVM_REG_RISCV_CONFIG_REG(KVM_REG_RISCV_CONFIG_ZICBOZ_BLOCK_SIZE), &val), 0);
		EXPECT_EQ(val, 64);
		EXPECT_EQ(set_reg(v, KVM_REG_RISCV_CONFIG_REG(KVM_REG_RISCV_CONFIG_ZICBOM_BLOCK_SIZE), 32), -EINVAL);
		EXPECT_EQ(set_reg(v, KVM_REG_RISCV_ISA_EXT_REG(KVM_RISCV_ISA_EXT_ZICBOM), 0), 0);
		EXPECT_EQ(get_reg(v, KVM_REG_RISCV_CONFIG_REG(KVM_REG_RISCV_CONFIG_ZICBOM_BLOCK_SIZE), &val), -ENOENT);
		EXPECT_EQ(set_reg(v, KVM_REG_RISCV_ISA_EXT_REG(KVM_RISCV_ISA_EXT_ZICBOM), 1), 0);
		/* Pointer masking: Ssnpm everywhere, Smnpm (menvcfg's) on full machines. */
		EXPECT_EQ(get_reg(v, KVM_REG_RISCV_ISA_EXT_REG(KVM_RISCV_ISA_EXT_SSNPM), &val), 0);
		EXPECT_EQ(val, 1);
		EXPECT_EQ(get_reg(v, KVM_REG_RISCV_ISA_EXT_REG(KVM_RISCV_ISA_EXT_SMNPM), &val), hyp ? -ENOENT : 0);
		EXPECT_EQ(get_reg(v, KVM_REG_RISCV_CONFIG_REG(7), &val), -ENOENT);
		/* The guest's supervisor CSRs: sstatus, stvec, sscratch round trips. */
		EXPECT_EQ(set_reg(v, KVM_REG_RISCV_CSR_REG(KVM_REG_RISCV_CSR_SSCRATCH), 0x5a5a), 0);
		EXPECT_EQ(get_reg(v, KVM_REG_RISCV_CSR_REG(KVM_REG_RISCV_CSR_SSCRATCH), &val), 0);
		EXPECT_EQ(val, 0x5a5a);
		EXPECT_EQ(set_reg(v, KVM_REG_RISCV_CSR_REG(KVM_REG_RISCV_CSR_STVEC), 0x80001000), 0);
		EXPECT_EQ(get_reg(v, KVM_REG_RISCV_CSR_REG(KVM_REG_RISCV_CSR_STVEC), &val), 0);
		EXPECT_EQ(val, 0x80001000);
		EXPECT_EQ(set_reg(v, KVM_REG_RISCV_CSR_REG(KVM_REG_RISCV_CSR_SSTATUS), 2), 0);  /* SIE */
		EXPECT_EQ(get_reg(v, KVM_REG_RISCV_CSR_REG(KVM_REG_RISCV_CSR_SSTATUS), &val), 0);
		EXPECT_EQ(val & 2, 2);
		/* For a hypervisor guest these are the VS registers. */
		EXPECT_EQ(get_reg(v, KVM_REG_RISCV_RVKVM_CSR_REG(hyp ? 0x240 : 0x140), &val), 0);
		EXPECT_EQ(val, 0x5a5a);
		EXPECT_EQ(get_reg(v, KVM_REG_RISCV_CSR_REG(KVM_REG_RISCV_CSR_NUM), &val), -ENOENT);
		/* A hypervisor guest starts with cycle, time and instret open to
		 * VU-mode, as KVM's vCPUs (user clock_gettime reads time). */
		if (hyp) {
			EXPECT_EQ(get_reg(v, KVM_REG_RISCV_CSR_REG(KVM_REG_RISCV_CSR_SCOUNTEREN), &val), 0);
			EXPECT_EQ(val, 7);
		}
		/* FP_F: 32-bit, NaN-boxed into the 64-bit register; fcsr is 32-bit. */
		EXPECT_EQ(set_reg(v, KVM_REG_RISCV_FP_F_REG(4), 0x3f800000), 0);
		EXPECT_EQ(get_reg(v, KVM_REG_RISCV_FP_D_REG(4), &val), 0);
		EXPECT_EQ(val, 0xffffffff3f800000ULL);
		EXPECT_EQ(set_reg(v, KVM_REG_RISCV_FP_D_FCSR, 0x61), 0);  /* frm 3, NX */
		val = 0;
		EXPECT_EQ(get_reg(v, KVM_REG_RISCV_FP_F_REG(32), &val), 0);
		EXPECT_EQ(val, 0x61);
		EXPECT_EQ(get_reg(v, KVM_REG_RISCV_FP_D_REG(32), &val), -EINVAL);  /* fcsr is U32 */
		EXPECT_EQ(get_reg(v, KVM_REG_RISCV_FP_F_REG(4) | KVM_REG_SIZE_U64, &val), -EINVAL);
		/* ISA_EXT: what the vCPU has reads 1, and cannot be changed yet. */
		EXPECT_EQ(get_reg(v, KVM_REG_RISCV_ISA_EXT_REG(KVM_RISCV_ISA_EXT_SSTC), &val), 0);
		EXPECT_EQ(val, 1);
		val = 7;
		EXPECT_EQ(get_reg(v, KVM_REG_RISCV_ISA_EXT_REG(KVM_RISCV_ISA_EXT_H), &val), hyp ? -ENOENT : 0);
		EXPECT_EQ(val, hyp ? 7 : 1);  /* VS-mode has no H: unknown, as KVM */
		/* One the vCPU does not know (as KVM: -ENOENT), one it always has
		 * (only its value), one it can switch off before it runs. */
		EXPECT_EQ(get_reg(v, KVM_REG_RISCV_ISA_EXT_REG(KVM_RISCV_ISA_EXT_SSAIA), &val), -ENOENT);
		EXPECT_EQ(get_reg(v, KVM_REG_RISCV_ISA_EXT_REG(KVM_RISCV_ISA_EXT_SVNAPOT), &val), 0);
		EXPECT_EQ(val, 1);
		EXPECT_EQ(set_reg(v, KVM_REG_RISCV_ISA_EXT_REG(KVM_RISCV_ISA_EXT_SSTC), 0), -EINVAL);
		EXPECT_EQ(get_reg(v, KVM_REG_RISCV_ISA_EXT_REG(KVM_RISCV_ISA_EXT_V), &val), 0);
		EXPECT_EQ(val, 1);
		EXPECT_EQ(set_reg(v, KVM_REG_RISCV_ISA_EXT_REG(KVM_RISCV_ISA_EXT_ZBB), 0), 0);
		EXPECT_EQ(get_reg(v, KVM_REG_RISCV_ISA_EXT_REG(KVM_RISCV_ISA_EXT_ZBB), &val), 0);
		EXPECT_EQ(val, 0);
		EXPECT_EQ(set_reg(v, KVM_REG_RISCV_ISA_EXT_REG(KVM_RISCV_ISA_EXT_ZBB), 2), -EINVAL);
		EXPECT_EQ(set_reg(v, KVM_REG_RISCV_ISA_EXT_REG(KVM_RISCV_ISA_EXT_ZBB), 1), 0);
		/* Without V: no misa.V, no vector registers. */
		EXPECT_EQ(set_reg(v, KVM_REG_RISCV_ISA_EXT_REG(KVM_RISCV_ISA_EXT_V), 0), 0);
		EXPECT_EQ(get_reg(v, KVM_REG_RISCV_CONFIG_REG(KVM_REG_RISCV_CONFIG_ISA), &val), 0);
		EXPECT_EQ((val >> ('v' - 'a')) & 1, 0);
		EXPECT_EQ(get_reg(v, KVM_REG_RISCV_VECTOR_CSR_REG(KVM_REG_RISCV_VECTOR_VLENB), &val), -ENOENT);
		EXPECT_EQ(set_reg(v, KVM_REG_RISCV_ISA_EXT_REG(KVM_RISCV_ISA_EXT_V), 1), 0);
		EXPECT_EQ(get_reg(v, KVM_REG_RISCV_ISA_EXT_REG(200), &val), -ENOENT);
		/* TIMER: hypervisor guests only. */
		if (hyp) {
			EXPECT_EQ(get_reg(v, KVM_REG_RISCV_TIMER_REG(KVM_REG_RISCV_TIMER_FREQUENCY), &val), 0);
			EXPECT_EQ(val, 10000000);
			EXPECT_EQ(set_reg(v, KVM_REG_RISCV_TIMER_REG(KVM_REG_RISCV_TIMER_FREQUENCY), 1), -EINVAL);
			EXPECT_EQ(get_reg(v, KVM_REG_RISCV_TIMER_REG(KVM_REG_RISCV_TIMER_STATE), &val), 0);
			EXPECT_EQ(val, KVM_RISCV_TIMER_STATE_OFF);
			EXPECT_EQ(set_reg(v, KVM_REG_RISCV_TIMER_REG(KVM_REG_RISCV_TIMER_COMPARE), 12345), 0);
			EXPECT_EQ(get_reg(v, KVM_REG_RISCV_TIMER_REG(KVM_REG_RISCV_TIMER_STATE), &val), 0);
			EXPECT_EQ(val, KVM_RISCV_TIMER_STATE_ON);
			EXPECT_EQ(get_reg(v, KVM_REG_RISCV_TIMER_REG(KVM_REG_RISCV_TIMER_COMPARE), &val), 0);
			EXPECT_EQ(val, 12345);
			/* Setting the guest's time moves it (htimedelta); it keeps counting. */
			uint64_t t = 1ULL << 40;
			EXPECT_EQ(set_reg(v, KVM_REG_RISCV_TIMER_REG(KVM_REG_RISCV_TIMER_TIME), t), 0);
			EXPECT_EQ(get_reg(v, KVM_REG_RISCV_TIMER_REG(KVM_REG_RISCV_TIMER_TIME), &val), 0);
			EXPECT(val >= t && val < t + 10000000);
			EXPECT_EQ(set_reg(v, KVM_REG_RISCV_TIMER_REG(KVM_REG_RISCV_TIMER_STATE), 0), 0);
			EXPECT_EQ(get_reg(v, KVM_REG_RISCV_TIMER_REG(KVM_REG_RISCV_TIMER_COMPARE), &val), 0);
			EXPECT_EQ(val, UINT64_MAX);
			EXPECT_EQ(set_reg(v, KVM_REG_RISCV_CORE_MODE, 3), -EINVAL);  /* no M in a guest */
			EXPECT_EQ(set_reg(v, KVM_REG_RISCV_CORE_MODE, KVM_RISCV_MODE_U), 0);
			EXPECT_EQ(get_reg(v, KVM_REG_RISCV_CORE_MODE, &val), 0);
			EXPECT_EQ(val, KVM_RISCV_MODE_U);
		} else {
			EXPECT_EQ(get_reg(v, KVM_REG_RISCV_TIMER_REG(KVM_REG_RISCV_TIMER_FREQUENCY), &val), -ENOENT);
			EXPECT_EQ(get_reg(v, KVM_REG_RISCV_SBI_EXT_REG(KVM_RISCV_SBI_EXT_HSM), &val), -ENOENT);
		}
		check_reg_list(v, hyp);
		kvm_vm_destroy(vm);
	}
	kvm_close(kvm);
	end();
}

/* The vector registers (KVM's VECTOR type): the CSRs with their checks,
 * v0..v31 at VLEN 128 (U128 ids), on both VM types. */
static void test_vector_regs(void)
{
	begin("vector_regs");
	struct kvm *kvm;
	EXPECT_EQ(kvm_open(&kvm), 0);
	for (int hyp = 0; hyp < 2; hyp++) {
		struct kvm_vm *vm;
		struct kvm_vcpu *v;
		uint64_t val = 0;
		EXPECT_EQ(kvm_create_vm(kvm, hyp ? KVM_VM_TYPE_HYP_GUEST : KVM_VM_TYPE_FULL_MACHINE, &vm), 0);
		EXPECT_EQ(kvm_create_vcpu(vm, 0, &v), 0);
#define VCSR(i) KVM_REG_RISCV_VECTOR_CSR_REG(KVM_REG_RISCV_VECTOR_##i)
		EXPECT_EQ(get_reg(v, VCSR(VLENB), &val), 0);
		EXPECT_EQ(val, 16);
		EXPECT_EQ(set_reg(v, VCSR(VLENB), 16), 0);
		/* Another VLEN before the first run: 256 bits, registers U256. */
		EXPECT_EQ(set_reg(v, VCSR(VLENB), 24), -EINVAL);
		EXPECT_EQ(set_reg(v, VCSR(VLENB), 256), -EINVAL);
		EXPECT_EQ(set_reg(v, VCSR(VLENB), 32), 0);
		{
			uint8_t r32[32] = { 1, 2, 3 }, back[32] = { 0 };
			struct kvm_one_reg w = { KVM_REG_RISCV_VECTOR_REG(3, 32), (uint64_t)(uintptr_t)r32 };
			EXPECT_EQ(kvm_vcpu_ioctl(v, KVM_SET_ONE_REG, &w), 0);
			w.addr = (uint64_t)(uintptr_t)back;
			EXPECT_EQ(kvm_vcpu_ioctl(v, KVM_GET_ONE_REG, &w), 0);
			EXPECT(!memcmp(r32, back, 32));
			w.id = KVM_REG_RISCV_VECTOR_REG(3, 16);
			EXPECT_EQ(kvm_vcpu_ioctl(v, KVM_GET_ONE_REG, &w), -EINVAL);
		}
		EXPECT_EQ(set_reg(v, VCSR(VLENB), 16), 0);
		EXPECT_EQ(get_reg(v, VCSR(VTYPE), &val), 0);
		EXPECT_EQ(val, 1ULL << 63);  /* vill at reset */
		/* vl then vtype (the list's order): e32, m2 has VLMAX 8. */
		EXPECT_EQ(set_reg(v, VCSR(VL), 8), 0);
		EXPECT_EQ(set_reg(v, VCSR(VTYPE), 0x11), 0);
		EXPECT_EQ(get_reg(v, VCSR(VL), &val), 0);
		EXPECT_EQ(val, 8);
		EXPECT_EQ(set_reg(v, VCSR(VTYPE), 0x10), -EINVAL);   /* e32 m1: VLMAX 4 < vl */
		EXPECT_EQ(set_reg(v, VCSR(VTYPE), 0x1c), -EINVAL);   /* LMUL 4 is reserved */
		EXPECT_EQ(set_reg(v, VCSR(VTYPE), 0x20), -EINVAL);   /* SEW 128 > ELEN */
		EXPECT_EQ(set_reg(v, VCSR(VTYPE), 0x100 | 0x11), -EINVAL);  /* reserved bit */
		EXPECT_EQ(set_reg(v, VCSR(VTYPE), 1ULL << 63), -EINVAL);  /* vill needs vl 0 */
		EXPECT_EQ(set_reg(v, VCSR(VL), 129), -EINVAL);       /* above VLEN */
		EXPECT_EQ(set_reg(v, VCSR(VSTART), 127), 0);
		EXPECT_EQ(set_reg(v, VCSR(VSTART), 128), -EINVAL);
		EXPECT_EQ(set_reg(v, VCSR(VCSR), 5), 0);              /* vxrm 2, vxsat */
		EXPECT_EQ(get_reg(v, KVM_REG_RISCV_RVKVM_CSR_REG(0x00a), &val), 0);
		EXPECT_EQ(val, 2);
		EXPECT_EQ(set_reg(v, VCSR(VCSR), 8), -EINVAL);
		EXPECT_EQ(get_reg(v, KVM_REG_RISCV_VECTOR_CSR_REG(5), &val), -ENOENT);
		uint8_t in[16], out[16] = { 0 };
		for (unsigned i = 0; i < 16; i++)
			in[i] = (uint8_t)(0xa0 + i);
		struct kvm_one_reg one = { KVM_REG_RISCV_VECTOR_REG(31, 16), (uint64_t)(uintptr_t)in };
		EXPECT_EQ(kvm_vcpu_ioctl(v, KVM_SET_ONE_REG, &one), 0);
		one.addr = (uint64_t)(uintptr_t)out;
		EXPECT_EQ(kvm_vcpu_ioctl(v, KVM_GET_ONE_REG, &one), 0);
		EXPECT(!memcmp(in, out, 16));
		/* The 128-bit register is not a 64-bit one, nor v32 a register. */
		EXPECT_EQ(get_reg(v, (KVM_REG_RISCV_VECTOR_REG(31, 16) & ~0x00f0000000000000ULL) |
				  KVM_REG_SIZE_U64, &val), -EINVAL);
		one.id = KVM_REG_RISCV_VECTOR_REG(32, 16);
		EXPECT_EQ(kvm_vcpu_ioctl(v, KVM_GET_ONE_REG, &one), -ENOENT);
		/* Each register is its own vlenb bytes. */
		one.id = KVM_REG_RISCV_VECTOR_REG(30, 16);
		memset(out, 0x55, sizeof(out));
		EXPECT_EQ(kvm_vcpu_ioctl(v, KVM_GET_ONE_REG, &one), 0);
		EXPECT_EQ(out[0], 0);  /* v30 untouched by the v31 write */
#undef VCSR
		kvm_vm_destroy(vm);
	}
	kvm_close(kvm);
	end();
}

/* --- full machines: the STATE registers and the ACLINT, for save/restore ----------- */

#define STATE_CSR(n) KVM_REG_RISCV_RVKVM_STATE_CSR_REG(n)
#define STATE_V      KVM_REG_RISCV_RVKVM_STATE_HART_REG(KVM_REG_RISCV_RVKVM_STATE_HART_V)
#define FS_INITIAL   (1ULL << MSTATUS_FS_SHIFT)
#define GOOD_MSTATUS (MSTATUS_SIE | MSTATUS_MIE | MSTATUS_SPIE | MSTATUS_MPIE | MSTATUS_SPP | \
		      (1ULL << MSTATUS_MPP_SHIFT) | FS_INITIAL | MSTATUS_MPRV | MSTATUS_SUM | \
		      MSTATUS_MXR | MSTATUS_TVM | MSTATUS_TW | MSTATUS_TSR | MSTATUS_GVA | \
		      MSTATUS_MPV | XL64 << 32 | XL64 << 34)
#define GOOD_HSTATUS (XL64 << 32 | HSTATUS_GVA | HSTATUS_SPV | HSTATUS_SPVP | HSTATUS_HU | \
		      HSTATUS_VTVM | HSTATUS_VTW | HSTATUS_VTSR)

/* A value each STATE register can hold (none its reset value), in the
 * listed order: menvcfg before henvcfg, which it limits. */
static const struct { uint16_t csr; uint64_t val; } state_good[] = {
	{ CSR_MSTATUS, GOOD_MSTATUS },
	{ CSR_MEDELEG, 0x00f0a1ff },
	{ CSR_MIDELEG, MIP_S_MASK | MIP_VS_MASK },
	{ CSR_MIE, 0xaaa | MIP_VS_MASK },
	{ CSR_MIP, MIP_SSIP | MIP_SEIP },
	{ CSR_MTVEC, 0x80001001 },
	{ CSR_MSCRATCH, 0x0123456789abcdefULL },
	{ CSR_MEPC, 0x80002002 },
	{ CSR_MCAUSE, CAUSE_INTERRUPT | 7 },
	{ CSR_MTVAL, 0xdead0000 },
	{ CSR_MTVAL2, 0x1234 },
	{ CSR_MTINST, 0x5678 },
	{ CSR_MCOUNTEREN, 7 },
	{ CSR_MCOUNTINHIBIT, 5 },
	{ CSR_MENVCFG, MENVCFG_FIOM | MENVCFG_ADUE | MENVCFG_STCE },
	{ CSR_MSECCFG, 2ULL << ENVCFG_PMM_SHIFT },    /* Smmpm: PMLEN 7 */
	{ CSR_MSTATEEN0, STATEEN_SE0 | STATEEN0_ENVCFG },
	{ CSR_MSTATEEN0 + 1, STATEEN_SE0 },
	{ CSR_MSTATEEN0 + 2, STATEEN_SE0 },
	{ CSR_MSTATEEN0 + 3, STATEEN_SE0 },
	{ CSR_MCYCLE, 1000000 },
	{ CSR_MINSTRET, 2000000 },
	{ CSR_PMPCFG0, 0x891f },          /* entry 0 NAPOT RWX, entry 1 locked TOR R */
	{ CSR_PMPCFG0 + 2, 0x0f },        /* entry 8 TOR RWX */
	{ CSR_STVEC, 0x80003000 },
	{ CSR_SSCRATCH, 42 },
	{ CSR_SEPC, 0x80004000 },
	{ CSR_SCAUSE, 13 },
	{ CSR_STVAL, 0x1000 },
	{ CSR_SATP, 8ULL << 60 | 5ULL << 44 | 0x80010 },
	{ CSR_SCOUNTEREN, 5 },
	{ CSR_SENVCFG, MENVCFG_FIOM | ENVCFG_PMM },
	{ CSR_STIMECMP, 123456789 },
	{ CSR_HSTATUS, GOOD_HSTATUS },
	{ CSR_HEDELEG, 0xb1ff },
	{ CSR_HIDELEG, MIP_VS_MASK },
	{ CSR_HVIP, MIP_VS_MASK },
	{ CSR_HCOUNTEREN, 7 },
	{ CSR_HGEIE, 0 },                 /* no guest external lines */
	{ CSR_HTVAL, 0x2000 },
	{ CSR_HTINST, 0x3000 },
	{ CSR_HGATP, 8ULL << 60 | 3ULL << 44 | 0x80020 },
	{ CSR_HTIMEDELTA, (uint64_t)-5000 },
	{ CSR_HENVCFG, MENVCFG_FIOM | MENVCFG_STCE },
	{ CSR_HSTATEEN0, STATEEN0_ENVCFG },
	{ CSR_HSTATEEN0 + 1, STATEEN_SE0 },
	{ CSR_HSTATEEN0 + 2, STATEEN_SE0 },
	{ CSR_HSTATEEN0 + 3, STATEEN_SE0 },
	{ CSR_VSSTATUS, MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP | MSTATUS_FS | MSTATUS_SUM |
			MSTATUS_MXR | XL64 << 32 | MSTATUS_SD },
	{ CSR_VSTVEC, 0x1001 },
	{ CSR_VSSCRATCH, 7 },
	{ CSR_VSEPC, 0x1234 },
	{ CSR_VSCAUSE, 8 },
	{ CSR_VSTVAL, 9 },
	{ CSR_VSATP, 9ULL << 60 | 1ULL << 44 | 0x123 },
	{ CSR_VSTIMECMP, 987654321 },
};
#define NGOOD (sizeof(state_good) / sizeof(state_good[0]))

static bool state_good_value(unsigned csr, uint64_t *v)
{
	if (csr >= CSR_PMPADDR0 && csr < CSR_PMPADDR0 + 16) {
		*v = 0x20000fffULL + ((uint64_t)(csr - CSR_PMPADDR0) << 20);
		return true;
	}
	/* Sscofpmf: counter n's value, event n's OF, filters and selector. */
	if (csr >= CSR_MHPMCOUNTER3 && csr <= CSR_MHPMCOUNTER31) {
		*v = 0x1234567800000000ULL + csr;
		return true;
	}
	if (csr >= CSR_MHPMEVENT3 && csr <= CSR_MHPMEVENT31) {
		*v = MHPMEVENT_MINH | MHPMEVENT_VUINH | (csr & 1 ? MHPMEVENT_OF : 0) | (csr % 3);
		return true;
	}
	for (size_t i = 0; i < NGOOD; i++)
		if (state_good[i].csr == csr) {
			*v = state_good[i].val;
			return true;
		}
	return false;
}

/* Values a register cannot hold: each refused, the register unchanged. */
static const struct { uint16_t csr; uint64_t val; } state_bad[] = {
	{ CSR_MSTATUS, (GOOD_MSTATUS & ~MSTATUS_MPP) | 2ULL << MSTATUS_MPP_SHIFT },
	{ CSR_MSTATUS, GOOD_MSTATUS & ~(3ULL << 34) },      /* SXL not 64 */
	{ CSR_MSTATUS, GOOD_MSTATUS | MSTATUS_FS },         /* FS dirty without SD */
	{ CSR_MSTATUS, GOOD_MSTATUS | MSTATUS_SD },         /* SD without FS dirty */
	{ CSR_MSTATUS, GOOD_MSTATUS | 1ULL << 40 },         /* reserved */
	{ CSR_MIDELEG, MIP_S_MASK },                        /* VS interrupts not delegated */
	{ CSR_MIE, MIP_SGEIP },                             /* no guest external lines */
	{ CSR_MIP, MIP_MTIP },                              /* a timer's bit */
	{ CSR_MIP, MIP_MSIP },                              /* the ACLINT's line */
	{ CSR_MTVEC, 0x80001002 },
	{ CSR_MEPC, 0x80002001 },
	{ CSR_MCOUNTEREN, 1ULL << 32 },
	{ CSR_MCOUNTINHIBIT, 2 },
	{ CSR_MENVCFG, 4 },
	{ CSR_MSECCFG, 1ULL << ENVCFG_PMM_SHIFT },           /* PMM 01 is reserved */
	{ CSR_MSECCFG, 1 },                                 /* only PMM is implemented */
	{ CSR_MSTATEEN0, 1 },                               /* C: no custom state */
	{ CSR_MSTATEEN0 + 1, STATEEN0_ENVCFG },             /* ENVCFG is stateen0's */
	{ CSR_PMPCFG0, 0x20 },                              /* reserved bit */
	{ CSR_PMPCFG0, 0x02 },                              /* W without R */
	{ CSR_PMPADDR0 + 3, 1ULL << 54 },
	{ CSR_SATP, 5ULL << 60 },
	{ CSR_SATP, 0x123 },                                /* Bare with a PPN */
	{ CSR_SENVCFG, 2 },
	{ CSR_HSTATUS, GOOD_HSTATUS | 1ULL << HSTATUS_VGEIN_SHIFT },
	{ CSR_HSTATUS, GOOD_HSTATUS & ~HSTATUS_VSXL },
	{ CSR_HGATP, 4ULL << 60 },
	{ CSR_HGATP, 8ULL << 60 | 1 },                      /* a 16 KiB root's PPN */
	{ CSR_HGATP, 8ULL << 60 | 1ULL << 58 },
	{ CSR_HVIP, MIP_SSIP },
	{ CSR_HIDELEG, MIP_SSIP },
	{ CSR_MHPMEVENT3, 1ULL << 56 },                     /* reserved (WPRI) */
	{ CSR_HGEIE, 2 },
	{ CSR_VSSTATUS, XL64 << 32 | MSTATUS_MPP },
	{ CSR_VSSTATUS, 0 },                                /* UXL not 64 */
};

static void test_full_state_regs(void)
{
	begin("full_state_regs");
	struct kvm *kvm;
	struct kvm_vm *vm;
	struct kvm_vcpu *v;
	uint64_t val = 0;
	kvm_open(&kvm);
	EXPECT_EQ(kvm_create_vm(kvm, KVM_VM_TYPE_FULL_MACHINE, &vm), 0);
	EXPECT_EQ(kvm_create_vcpu(vm, 0, &v), 0);

	/* Every STATE register listed reads, and takes a value of its own. */
	static struct { struct kvm_reg_list l; uint64_t reg[512]; } big = { .l.n = 512 };
	EXPECT_EQ(kvm_vcpu_ioctl(v, KVM_GET_REG_LIST, &big.l), 0);
	unsigned ncsr = 0, nv = 0, set_fail = 0;
	static uint64_t want[4096];
	for (uint64_t i = 0; i < big.l.n; i++) {
		uint64_t id = big.l.reg[i];
		if ((id & 0xff000000) != KVM_REG_RISCV_RVKVM_STATE)
			continue;
		if (id == STATE_V) {
			nv++;
			continue;
		}
		unsigned csr = id & 0xfff;
		EXPECT_EQ(id, STATE_CSR(csr));
		ncsr++;
		if (!state_good_value(csr, &want[csr])) {
			fprintf(stderr, "  STATE register %#x has no test value\n", csr);
			cur_ok = false;
			continue;
		}
		if (set_reg(v, id, want[csr]) != 0) {
			fprintf(stderr, "  STATE register %#x = %#llx refused\n", csr,
				(unsigned long long)want[csr]);
			set_fail++;
		}
	}
	EXPECT_EQ(set_fail, 0);
	EXPECT_EQ(nv, 1);
	EXPECT_EQ(ncsr, NGOOD + 16 + 2 * 29);   /* the table, pmpaddr0..15, mhpm* */
	for (uint64_t i = 0; i < big.l.n; i++) {
		uint64_t id = big.l.reg[i];
		if ((id & 0xff000000) != KVM_REG_RISCV_RVKVM_STATE || id == STATE_V)
			continue;
		unsigned csr = id & 0xfff;
		val = 0;
		EXPECT_EQ(get_reg(v, id, &val), 0);
		if (val != want[csr])
			fprintf(stderr, "  STATE register %#x reads %#llx, set %#llx\n", csr,
				(unsigned long long)val, (unsigned long long)want[csr]);
		EXPECT_EQ(val, want[csr]);
	}
	/* The architectural views agree: sie is mie through mideleg, a CSR
	 * read of mcycle the (inhibited) counter, the debug mstatus. */
	EXPECT_EQ(get_reg(v, KVM_REG_RISCV_CSR_REG(KVM_REG_RISCV_CSR_SIE), &val), 0);
	EXPECT_EQ(val, 0x222);
	EXPECT_EQ(get_reg(v, KVM_REG_RISCV_RVKVM_CSR_REG(CSR_MCYCLE), &val), 0);
	EXPECT_EQ(val, 1000000);
	EXPECT_EQ(get_reg(v, KVM_REG_RISCV_RVKVM_CSR_REG(CSR_MSTATUS), &val), 0);
	EXPECT_EQ(val, GOOD_MSTATUS);

	/* Refused values leave the register as it was. */
	for (size_t i = 0; i < sizeof(state_bad) / sizeof(state_bad[0]); i++) {
		uint64_t before = 0, after = 0, id = STATE_CSR(state_bad[i].csr);
		get_reg(v, id, &before);
		long r = set_reg(v, id, state_bad[i].val);
		get_reg(v, id, &after);
		if (r != -EINVAL || after != before)
			fprintf(stderr, "  bad STATE %#x = %#llx: %ld, %#llx -> %#llx\n",
				state_bad[i].csr, (unsigned long long)state_bad[i].val, r,
				(unsigned long long)before, (unsigned long long)after);
		EXPECT_EQ(r, -EINVAL);
		EXPECT_EQ(after, before);
	}
	/* henvcfg's STCE/ADUE only while menvcfg has them: clearing menvcfg
	 * clears them (as a CSR write does), and they are then refused. */
	EXPECT_EQ(set_reg(v, STATE_CSR(CSR_MENVCFG), 0), 0);
	EXPECT_EQ(get_reg(v, STATE_CSR(CSR_HENVCFG), &val), 0);
	EXPECT_EQ(val, MENVCFG_FIOM);
	EXPECT_EQ(set_reg(v, STATE_CSR(CSR_HENVCFG), MENVCFG_STCE), -EINVAL);
	/* Smstateen: the same for hstateenN under mstateenN. */
	EXPECT_EQ(set_reg(v, STATE_CSR(CSR_MSTATEEN0), STATEEN_SE0), 0);
	EXPECT_EQ(get_reg(v, STATE_CSR(CSR_HSTATEEN0), &val), 0);
	EXPECT_EQ(val, 0);
	EXPECT_EQ(set_reg(v, STATE_CSR(CSR_HSTATEEN0), STATEEN0_ENVCFG), -EINVAL);
	EXPECT_EQ(set_reg(v, STATE_CSR(CSR_HSTATEEN0), STATEEN_SE0), 0);
	/* Counters read what was set, running or not. */
	EXPECT_EQ(set_reg(v, STATE_CSR(CSR_MCOUNTINHIBIT), 0), 0);
	EXPECT_EQ(get_reg(v, STATE_CSR(CSR_MCYCLE), &val), 0);
	EXPECT_EQ(val, 1000000);
	EXPECT_EQ(set_reg(v, STATE_CSR(CSR_MINSTRET), 77), 0);
	EXPECT_EQ(get_reg(v, STATE_CSR(CSR_MINSTRET), &val), 0);
	EXPECT_EQ(val, 77);
	/* Not STATE registers. */
	EXPECT_EQ(get_reg(v, STATE_CSR(CSR_MISA), &val), -ENOENT);
	EXPECT_EQ(get_reg(v, STATE_CSR(CSR_PMPCFG0 + 1), &val), -ENOENT);
	EXPECT_EQ(get_reg(v, STATE_CSR(CSR_PMPADDR0 + 16), &val), -ENOENT);
	EXPECT_EQ(get_reg(v, STATE_CSR(CSR_TIME), &val), -ENOENT);
	EXPECT_EQ(set_reg(v, STATE_CSR(0x1300), 0), -ENOENT);
	EXPECT_EQ(get_reg(v, KVM_REG_RISCV_RVKVM_STATE_HART_REG(1), &val), -ENOENT);
	EXPECT_EQ(get_reg(v, STATE_CSR(CSR_MSTATUS) | 2ULL << 16, &val), -ENOENT);

	/* mip holds what software set; lines and timers are not state. */
	struct kvm_irq_level msip = { .irq = 3, .level = 1 };
	EXPECT_EQ(kvm_vm_ioctl(vm, KVM_IRQ_LINE, &msip), 0);
	EXPECT_EQ(get_reg(v, STATE_CSR(CSR_MIP), &val), 0);
	EXPECT_EQ(val, MIP_SSIP | MIP_SEIP);
	EXPECT_EQ(get_reg(v, KVM_REG_RISCV_RVKVM_CSR_REG(CSR_MIP), &val), 0);
	EXPECT(val & MIP_MSIP);

	/* V: the mode with it is VS; M has no V. */
	EXPECT_EQ(get_reg(v, STATE_V, &val), 0);
	EXPECT_EQ(val, 0);
	EXPECT_EQ(set_reg(v, STATE_V, 1), -EINVAL);         /* the vCPU is in M */
	EXPECT_EQ(set_reg(v, KVM_REG_RISCV_CORE_MODE, KVM_RISCV_MODE_S), 0);
	EXPECT_EQ(set_reg(v, STATE_V, 2), -EINVAL);
	EXPECT_EQ(set_reg(v, STATE_V, 1), 0);
	EXPECT_EQ(get_reg(v, STATE_V, &val), 0);
	EXPECT_EQ(val, 1);
	EXPECT_EQ(get_reg(v, KVM_REG_RISCV_CORE_MODE, &val), 0);
	EXPECT_EQ(val, KVM_RISCV_MODE_S);
	EXPECT_EQ(set_reg(v, KVM_REG_RISCV_CORE_MODE, KVM_RISCV_MODE_U), 0);
	EXPECT_EQ(get_reg(v, STATE_V, &val), 0);
	EXPECT_EQ(val, 1);                                  /* VU */
	EXPECT_EQ(set_reg(v, KVM_REG_RISCV_CORE_MODE, 3), 0);
	EXPECT_EQ(get_reg(v, STATE_V, &val), 0);
	EXPECT_EQ(val, 0);
	kvm_vm_destroy(vm);

	/* A hypervisor guest has none of them. */
	EXPECT_EQ(kvm_create_vm(kvm, KVM_VM_TYPE_HYP_GUEST, &vm), 0);
	EXPECT_EQ(kvm_create_vcpu(vm, 0, &v), 0);
	EXPECT_EQ(get_reg(v, STATE_CSR(CSR_MSTATUS), &val), -ENOENT);
	EXPECT_EQ(set_reg(v, STATE_CSR(CSR_SSCRATCH), 1), -ENOENT);
	EXPECT_EQ(get_reg(v, STATE_V, &val), -ENOENT);
	kvm_vm_destroy(vm);
	kvm_close(kvm);
	end();
}

/* KVM_GET/SET_IRQCHIP of the ACLINT: mtime is the VM's clock (the harts'
 * time CSR follows a set), msip drives the line, absent harts are zero,
 * bad states are refused whole; a hypervisor guest has no ACLINT. */
static void test_aclint_state(void)
{
	begin("aclint_state");
	struct kvm *kvm;
	struct kvm_vm *vm;
	struct kvm_vcpu *v0, *v1;
	static struct kvm_irqchip c, d;
	kvm_open(&kvm);
	EXPECT_EQ(kvm_create_vm(kvm, KVM_VM_TYPE_HYP_GUEST, &vm), 0);
	c.chip_id = KVM_IRQCHIP_ACLINT;
	EXPECT_EQ(kvm_vm_ioctl(vm, KVM_GET_IRQCHIP, &c), -ENXIO);
	EXPECT_EQ(kvm_vm_ioctl(vm, KVM_SET_IRQCHIP, &c), -ENXIO);
	kvm_vm_destroy(vm);

	EXPECT_EQ(kvm_create_vm(kvm, KVM_VM_TYPE_FULL_MACHINE, &vm), 0);
	EXPECT_EQ(kvm_create_vcpu(vm, 0, &v0), 0);
	EXPECT_EQ(kvm_create_vcpu(vm, 1, &v1), 0);
	memset(&c, 0, sizeof(c));
	c.chip_id = KVM_IRQCHIP_ACLINT;
	EXPECT_EQ(kvm_vm_ioctl(vm, KVM_GET_IRQCHIP, &c), 0);   /* no PLIC needed */
	EXPECT_EQ(c.chip.aclint.version, KVM_RVKVM_ACLINT_STATE_VERSION);
	EXPECT_EQ(c.chip.aclint.nharts, KVM_RVKVM_ACLINT_HARTS);
	EXPECT(c.chip.aclint.mtime < 10000000);                 /* a new VM's clock */
	EXPECT_EQ(c.chip.aclint.mtimecmp[0], UINT64_MAX);
	EXPECT_EQ(c.chip.aclint.mtimecmp[2], 0);                /* no hart 2 */
	EXPECT_EQ(c.chip.aclint.msip[1], 0);

	const uint64_t t = 1ULL << 40;
	c.chip.aclint.mtime = t;
	c.chip.aclint.mtimecmp[0] = 12345;
	c.chip.aclint.msip[1] = 1;
	EXPECT_EQ(kvm_vm_ioctl(vm, KVM_SET_IRQCHIP, &c), 0);
	memset(&d, 0, sizeof(d));
	d.chip_id = KVM_IRQCHIP_ACLINT;
	EXPECT_EQ(kvm_vm_ioctl(vm, KVM_GET_IRQCHIP, &d), 0);
	EXPECT(d.chip.aclint.mtime >= t && d.chip.aclint.mtime < t + 10000000);
	EXPECT_EQ(d.chip.aclint.mtimecmp[0], 12345);
	EXPECT_EQ(d.chip.aclint.mtimecmp[1], UINT64_MAX);
	EXPECT_EQ(d.chip.aclint.msip[1], 1);
	uint64_t val = 0;
	EXPECT_EQ(get_reg(v1, KVM_REG_RISCV_RVKVM_CSR_REG(CSR_MIP), &val), 0);
	EXPECT(val & MIP_MSIP);
	EXPECT_EQ(get_reg(v0, KVM_REG_RISCV_RVKVM_CSR_REG(CSR_MIP), &val), 0);
	EXPECT(val & MIP_MTIP);                                 /* 12345 is long past */
	EXPECT_EQ(get_reg(v0, KVM_REG_RISCV_RVKVM_CSR_REG(CSR_TIME), &val), 0);
	EXPECT(val >= t && val < t + 10000000);

	/* Refused whole. */
	struct kvm_irqchip bad = d;
	bad.chip.aclint.version = 2;
	EXPECT_EQ(kvm_vm_ioctl(vm, KVM_SET_IRQCHIP, &bad), -EINVAL);
	bad = d;
	bad.chip.aclint.nharts = 63;
	EXPECT_EQ(kvm_vm_ioctl(vm, KVM_SET_IRQCHIP, &bad), -EINVAL);
	bad = d;
	bad.chip.aclint.mtimecmp[0] = 1;
	bad.chip.aclint.msip[0] = 2;
	EXPECT_EQ(kvm_vm_ioctl(vm, KVM_SET_IRQCHIP, &bad), -EINVAL);
	bad = d;
	bad.chip.aclint.mtimecmp[0] = 1;
	bad.chip.aclint.msip[10] = 1;                           /* no hart 10 */
	EXPECT_EQ(kvm_vm_ioctl(vm, KVM_SET_IRQCHIP, &bad), -EINVAL);
	bad = d;
	bad.chip.aclint.mtimecmp[0] = 1;
	bad.chip.aclint.mtimecmp[10] = 1;
	EXPECT_EQ(kvm_vm_ioctl(vm, KVM_SET_IRQCHIP, &bad), -EINVAL);
	bad = d;
	bad.chip.aclint.mtimecmp[0] = 1;
	bad.chip.aclint.mtime = 1ULL << 62;                     /* beyond the host's clock */
	EXPECT_EQ(kvm_vm_ioctl(vm, KVM_SET_IRQCHIP, &bad), -EINVAL);
	memset(&c, 0, sizeof(c));
	c.chip_id = KVM_IRQCHIP_ACLINT;
	EXPECT_EQ(kvm_vm_ioctl(vm, KVM_GET_IRQCHIP, &c), 0);
	EXPECT_EQ(c.chip.aclint.mtimecmp[0], 12345);            /* unchanged */
	EXPECT(c.chip.aclint.mtime >= t);
	/* msip back to 0 lowers the line. */
	c.chip.aclint.msip[1] = 0;
	EXPECT_EQ(kvm_vm_ioctl(vm, KVM_SET_IRQCHIP, &c), 0);
	EXPECT_EQ(get_reg(v1, KVM_REG_RISCV_RVKVM_CSR_REG(CSR_MIP), &val), 0);
	EXPECT(!(val & MIP_MSIP));
	kvm_vm_destroy(vm);
	kvm_close(kvm);
	end();
}

/* A full machine moved by its registers and its ACLINT, as a snapshot
 * restore does.  The guest: M-mode opens all memory to S through PMP,
 * builds an Sv39 table (VA 0x4000_0000 -> RAM, RAM and MMIO identity),
 * delegates the S timer, turns on Sstc and mrets to S at the alias.
 * S-mode runs a 65536-step hash whose steps land in a 64-entry buffer
 * (written through the alias), reports every 4096th step at +0, then
 * waits for 5 more ticks of its stimecmp timer (re-armed every 100 us
 * by its handler) and reports the hash xor the buffer's sum (read
 * through the identity map) at +16.  A trap it does not expect reports
 * its cause at +8.  Entered at FSP_VS_ENTRY instead, M-mode sets up the
 * same in the H extension's registers (vsatp, G-stage Bare, henvcfg,
 * hideleg, htimedelta 2^32) and the same code runs in VS-mode.  Saved
 * mid-hash (a timer armed), restored into a new VM, it must end with the
 * same result as the run that was not moved. */
static const uint32_t full_state_prog[] = {
	0xfff00293, /* 000: li     t0, -1 */
	0x00a2d293, /* 004: srl    t0, t0, 0xa */
	0x3b029073, /* 008: csrw   pmpaddr0, t0 */
	0x01f00293, /* 00c: li     t0, 31 */
	0x3a029073, /* 010: csrw   pmpcfg0, t0 */
	0x00001317, /* 014: auipc  t1, 0x1 */
	0xfec30313, /* 018: add    t1, t1, -20 */
	0x0c700293, /* 01c: li     t0, 199 */
	0x00533023, /* 020: sd     t0, 0(t1) */
	0x200002b7, /* 024: lui    t0, 0x20000 */
	0x0cf2829b, /* 028: addw   t0, t0, 207 */
	0x00533423, /* 02c: sd     t0, 8(t1) */
	0x00533823, /* 030: sd     t0, 16(t1) */
	0x00c35293, /* 034: srl    t0, t1, 0xc */
	0x00800393, /* 038: li     t2, 8 */
	0x03c39393, /* 03c: sll    t2, t2, 0x3c */
	0x0072e2b3, /* 040: or     t0, t0, t2 */
	0x18029073, /* 044: csrw   satp, t0 */
	0x00100293, /* 048: li     t0, 1 */
	0x03f29293, /* 04c: sll    t0, t0, 0x3f */
	0x30a29073, /* 050: csrw   menvcfg, t0 */
	0x00700293, /* 054: li     t0, 7 */
	0x30629073, /* 058: csrw   mcounteren, t0 */
	0x02000293, /* 05c: li     t0, 32 */
	0x30329073, /* 060: csrw   mideleg, t0 */
	0x00000297, /* 064: auipc  t0, 0x0 */
	0x0e428293, /* 068: add    t0, t0, 228 */
	0x30529073, /* 06c: csrw   mtvec, t0 */
	0x000012b7, /* 070: lui    t0, 0x1 */
	0x8002829b, /* 074: addw   t0, t0, -2048 */
	0x3002a073, /* 078: csrs   mstatus, t0 */
	0x00000297, /* 07c: auipc  t0, 0x0 */
	0x0dc28293, /* 080: add    t0, t0, 220 */
	0x400003b7, /* 084: lui    t2, 0x40000 */
	0x407282b3, /* 088: sub    t0, t0, t2 */
	0x34129073, /* 08c: csrw   mepc, t0 */
	0x30200073, /* 090: mret    */
	/* _start_vs: */
	0xfff00293, /* 094: li     t0, -1 */
	0x00a2d293, /* 098: srl    t0, t0, 0xa */
	0x3b029073, /* 09c: csrw   pmpaddr0, t0 */
	0x01f00293, /* 0a0: li     t0, 31 */
	0x3a029073, /* 0a4: csrw   pmpcfg0, t0 */
	0x00001317, /* 0a8: auipc  t1, 0x1 */
	0xf5830313, /* 0ac: add    t1, t1, -168 */
	0x0c700293, /* 0b0: li     t0, 199 */
	0x00533023, /* 0b4: sd     t0, 0(t1) */
	0x200002b7, /* 0b8: lui    t0, 0x20000 */
	0x0cf2829b, /* 0bc: addw   t0, t0, 207 */
	0x00533423, /* 0c0: sd     t0, 8(t1) */
	0x00533823, /* 0c4: sd     t0, 16(t1) */
	0x00c35293, /* 0c8: srl    t0, t1, 0xc */
	0x00800393, /* 0cc: li     t2, 8 */
	0x03c39393, /* 0d0: sll    t2, t2, 0x3c */
	0x0072e2b3, /* 0d4: or     t0, t0, t2 */
	0x28029073, /* 0d8: csrw   vsatp, t0 */
	0x00100293, /* 0dc: li     t0, 1 */
	0x03f29293, /* 0e0: sll    t0, t0, 0x3f */
	0x30a29073, /* 0e4: csrw   menvcfg, t0 */
	0x60a29073, /* 0e8: csrw   henvcfg, t0 */
	0x00700293, /* 0ec: li     t0, 7 */
	0x30629073, /* 0f0: csrw   mcounteren, t0 */
	0x60629073, /* 0f4: csrw   hcounteren, t0 */
	0x04000293, /* 0f8: li     t0, 64 */
	0x60329073, /* 0fc: csrw   hideleg, t0 */
	0x00100293, /* 100: li     t0, 1 */
	0x02029293, /* 104: sll    t0, t0, 0x20 */
	0x60529073, /* 108: csrw   htimedelta, t0 */
	0x00000297, /* 10c: auipc  t0, 0x0 */
	0x03c28293, /* 110: add    t0, t0, 60 */
	0x30529073, /* 114: csrw   mtvec, t0 */
	0x000012b7, /* 118: lui    t0, 0x1 */
	0x8002829b, /* 11c: addw   t0, t0, -2048 */
	0x3002a073, /* 120: csrs   mstatus, t0 */
	0x00100293, /* 124: li     t0, 1 */
	0x02729293, /* 128: sll    t0, t0, 0x27 */
	0x3002a073, /* 12c: csrs   mstatus, t0 */
	0x00000297, /* 130: auipc  t0, 0x0 */
	0x02828293, /* 134: add    t0, t0, 40 */
	0x400003b7, /* 138: lui    t2, 0x40000 */
	0x407282b3, /* 13c: sub    t0, t0, t2 */
	0x34129073, /* 140: csrw   mepc, t0 */
	0x30200073, /* 144: mret    */
	/* m_trap: */
	0x10000eb7, /* 148: lui    t4, 0x10000 */
	0x34202f73, /* 14c: csrr   t5, mcause */
	0x01eea423, /* 150: sw     t5, 8(t4) */
	0x0000006f, /* 154: j      154 */
	/* s_entry: */
	0x00000297, /* 158: auipc  t0, 0x0 */
	0x0bc28293, /* 15c: add    t0, t0, 188 */
	0x10529073, /* 160: csrw   stvec, t0 */
	0x10000eb7, /* 164: lui    t4, 0x10000 */
	0x00000493, /* 168: li     s1, 0 */
	0x00100413, /* 16c: li     s0, 1 */
	0x00000913, /* 170: li     s2, 0 */
	0xc01022f3, /* 174: rdtime t0 */
	0x3e828293, /* 178: add    t0, t0, 1000 */
	0x14d29073, /* 17c: csrw   stimecmp, t0 */
	0x02000293, /* 180: li     t0, 32 */
	0x1042a073, /* 184: csrs   sie, t0 */
	0x10016073, /* 188: csrs   sstatus, 2 */
	/* loop: */
	0x00190913, /* 18c: add    s2, s2, 1 */
	0x00541293, /* 190: sll    t0, s0, 0x5 */
	0x00540433, /* 194: add    s0, s0, t0 */
	0x01244433, /* 198: xor    s0, s0, s2 */
	0x00000317, /* 19c: auipc  t1, 0x0 */
	0x0ac30313, /* 1a0: add    t1, t1, 172 */
	0x03f97393, /* 1a4: and    t2, s2, 63 */
	0x00339393, /* 1a8: sll    t2, t2, 0x3 */
	0x00730333, /* 1ac: add    t1, t1, t2 */
	0x00833023, /* 1b0: sd     s0, 0(t1) */
	0x03491e13, /* 1b4: sll    t3, s2, 0x34 */
	0x000e1663, /* 1b8: bnez   t3, 1c4 */
	0x00c95e13, /* 1bc: srl    t3, s2, 0xc */
	0x01cea023, /* 1c0: sw     t3, 0(t4) */
	0x00010e37, /* 1c4: lui    t3, 0x10 */
	0xfdc962e3, /* 1c8: bltu   s2, t3, 18c */
	0x00548993, /* 1cc: add    s3, s1, 5 */
	0x0134f663, /* 1d0: bgeu   s1, s3, 1dc */
	0x10500073, /* 1d4: wfi     */
	0xff9ff06f, /* 1d8: j      1d0 */
	0x00000317, /* 1dc: auipc  t1, 0x0 */
	0x06c30313, /* 1e0: add    t1, t1, 108 */
	0x400003b7, /* 1e4: lui    t2, 0x40000 */
	0x00730333, /* 1e8: add    t1, t1, t2 */
	0x04000e13, /* 1ec: li     t3, 64 */
	0x00000513, /* 1f0: li     a0, 0 */
	0x00033283, /* 1f4: ld     t0, 0(t1) */
	0x00550533, /* 1f8: add    a0, a0, t0 */
	0x00830313, /* 1fc: add    t1, t1, 8 */
	0xfffe0e13, /* 200: add    t3, t3, -1 */
	0xfe0e18e3, /* 204: bnez   t3, 1f4 */
	0x00854533, /* 208: xor    a0, a0, s0 */
	0x00aeb823, /* 20c: sd     a0, 16(t4) */
	0x0000006f, /* 210: j      210 */
	/* s_trap: */
	0x14202f73, /* 214: csrr   t5, scause */
	0xfff00f93, /* 218: li     t6, -1 */
	0x001fdf93, /* 21c: srl    t6, t6, 0x1 */
	0xffffcf93, /* 220: not    t6, t6 */
	0x005f8f93, /* 224: add    t6, t6, 5 */
	0x01ff1c63, /* 228: bne    t5, t6, 240 */
	0x00148493, /* 22c: add    s1, s1, 1 */
	0xc0102f73, /* 230: rdtime t5 */
	0x3e8f0f13, /* 234: add    t5, t5, 1000 */
	0x14df1073, /* 238: csrw   stimecmp, t5 */
	0x10200073, /* 23c: sret    */
	0x01eea423, /* 240: sw     t5, 8(t4) */
	0x0000006f, /* 244: j      244 */
};

#define FSP_STEPS 65536
#define FSP_VS_ENTRY 0x94

/* The guest's result, computed here. */
static uint64_t full_state_expected(void)
{
	uint64_t s0 = 1, buf[64] = { 0 }, sum = 0;
	for (uint64_t i = 1; i <= FSP_STEPS; i++) {
		s0 = s0 * 33 ^ i;
		buf[i & 63] = s0;
	}
	for (int i = 0; i < 64; i++)
		sum += buf[i];
	return sum ^ s0;
}

struct watchdog {
	struct kvm_vcpu *vcpu;
	atomic_bool done;
};

static void *watchdog_thread(void *arg)
{
	struct watchdog *w = arg;
	for (int i = 0; i < 2000 && !atomic_load(&w->done); i++)
		usleep(10000);
	if (!atomic_load(&w->done))
		kvm_vcpu_kick(w->vcpu);   /* 20 s: the guest hangs (its timer lost?) */
	return NULL;
}

/* Run the guest to its result (0 and *res) or until progress report
 * stop_at (1, the vCPU stopped outside the guest by immediate_exit);
 * first_progress gets the first report seen.  -1: a trap report, a
 * timeout or an unexpected exit. */
static int full_state_run(struct kvm_vcpu *v, uint32_t stop_at, uint32_t *first_progress,
			  uint64_t *res)
{
	struct kvm_run *run = kvm_vcpu_run_struct(v);
	struct watchdog w = { .vcpu = v };
	pthread_t t;
	pthread_create(&t, NULL, watchdog_thread, &w);
	int rc = -1;
	for (;;) {
		if (kvm_vcpu_ioctl(v, KVM_RUN, NULL) != 0 || run->exit_reason != KVM_EXIT_MMIO ||
		    !run->mmio.is_write)
			break;
		uint64_t val = 0;
		memcpy(&val, run->mmio.data, run->mmio.len);
		if (run->mmio.phys_addr == 0x10000010) {
			*res = val;
			rc = 0;
			break;
		}
		if (run->mmio.phys_addr != 0x10000000) {
			fprintf(stderr, "  %s: trap reported, cause %#llx\n", cur_case,
				(unsigned long long)val);
			break;
		}
		if (!*first_progress)
			*first_progress = (uint32_t)val;
		if (val == stop_at) {
			run->immediate_exit = 1;   /* completes the store, stays out */
			kvm_vcpu_ioctl(v, KVM_RUN, NULL);
			run->immediate_exit = 0;
			rc = 1;
			break;
		}
	}
	atomic_store(&w.done, true);
	pthread_join(t, NULL);
	return rc;
}

static void full_state_move(bool vs)
{
	const uint64_t size = 16 * PAGE;
	struct kvm *kvm;
	struct kvm_vm *a, *b;
	struct kvm_vcpu *va, *vb;
	kvm_open(&kvm);
	EXPECT_EQ(kvm_create_vm(kvm, KVM_VM_TYPE_FULL_MACHINE, &a), 0);
	uint8_t *ram = alloc_ram(size), *ram2 = alloc_ram(size);
	memcpy(ram, full_state_prog, sizeof(full_state_prog));
	EXPECT_EQ(set_region(a, 0, 0, RAM_BASE, size, ram), 0);
	EXPECT_EQ(add_mmio(a, 0x10000000, 0x100), 0);
	EXPECT_EQ(kvm_create_vcpu(a, 0, &va), 0);
	if (vs)
		EXPECT_EQ(set_reg(va, KVM_REG_RISCV_CORE_PC, RAM_BASE + FSP_VS_ENTRY), 0);
	uint32_t first = 0;
	uint64_t res_a = 0, res_b = 0;
	EXPECT_EQ(full_state_run(va, 3, &first, &res_a), 1);
	EXPECT_EQ(first, 1);

	/* Saved: every listed register, the ACLINT, the RAM. */
	static uint64_t ids[512], vals[512];
	struct kvm_reg_list *list = calloc(1, sizeof(*list) + sizeof(ids));
	list->n = 512;
	EXPECT_EQ(kvm_vcpu_ioctl(va, KVM_GET_REG_LIST, list), 0);
	uint64_t n = list->n < 512 ? list->n : 512;
	for (uint64_t i = 0; i < n; i++) {
		ids[i] = list->reg[i];
		vals[i] = 0;
		EXPECT_EQ(get_reg(va, ids[i], &vals[i]), 0);
	}
	uint64_t mode = 0, virt = 0, satp = 0, stimecmp = 0;
	get_reg(va, KVM_REG_RISCV_CORE_MODE, &mode);
	get_reg(va, STATE_V, &virt);
	get_reg(va, STATE_CSR(vs ? CSR_VSATP : CSR_SATP), &satp);
	get_reg(va, STATE_CSR(vs ? CSR_VSTIMECMP : CSR_STIMECMP), &stimecmp);
	EXPECT_EQ(mode, KVM_RISCV_MODE_S);      /* mid-hash, in S (VS) mode with paging */
	EXPECT_EQ(virt, vs);
	EXPECT_EQ(satp >> 60, 8);
	static struct kvm_irqchip clint;
	clint.chip_id = KVM_IRQCHIP_ACLINT;
	EXPECT_EQ(kvm_vm_ioctl(a, KVM_GET_IRQCHIP, &clint), 0);
	EXPECT(stimecmp != UINT64_MAX);         /* a timer armed */
	memcpy(ram2, ram, size);

	/* Later, into a new VM: its clock starts behind the saved one. */
	usleep(50000);
	EXPECT_EQ(kvm_create_vm(kvm, KVM_VM_TYPE_FULL_MACHINE, &b), 0);
	EXPECT_EQ(set_region(b, 0, 0, RAM_BASE, size, ram2), 0);
	EXPECT_EQ(add_mmio(b, 0x10000000, 0x100), 0);
	EXPECT_EQ(kvm_create_vcpu(b, 0, &vb), 0);
	unsigned set_fail = 0;
	for (uint64_t i = 0; i < n; i++)
		if (set_reg(vb, ids[i], vals[i]) != 0) {
			fprintf(stderr, "  %s: SET_ONE_REG %#llx = %#llx failed\n", cur_case,
				(unsigned long long)ids[i], (unsigned long long)vals[i]);
			set_fail++;
		}
	EXPECT_EQ(set_fail, 0);
	for (uint64_t i = 0; i < n; i++) {
		uint64_t v = 0;
		EXPECT_EQ(get_reg(vb, ids[i], &v), 0);
		if (ids[i] == KVM_REG_RISCV_CSR_REG(KVM_REG_RISCV_CSR_SIP))
			continue;   /* STIP: the timer against a clock that moved on */
		if (v != vals[i])
			fprintf(stderr, "  %s: reg %#llx reads %#llx, was %#llx\n", cur_case,
				(unsigned long long)ids[i], (unsigned long long)v,
				(unsigned long long)vals[i]);
		EXPECT_EQ(v, vals[i]);
	}
	EXPECT_EQ(kvm_vm_ioctl(b, KVM_SET_IRQCHIP, &clint), 0);
	static struct kvm_irqchip now;
	now.chip_id = KVM_IRQCHIP_ACLINT;
	EXPECT_EQ(kvm_vm_ioctl(b, KVM_GET_IRQCHIP, &now), 0);
	/* b's own clock would read less: it started 50 ms after a's. */
	EXPECT(now.chip.aclint.mtime >= clint.chip.aclint.mtime);
	EXPECT(now.chip.aclint.mtime < clint.chip.aclint.mtime + 10000000);

	/* Both finish: the moved one from where it was, with the result of
	 * the one that was not moved, which is the right one. */
	first = 0;
	EXPECT_EQ(full_state_run(vb, 0, &first, &res_b), 0);
	EXPECT_EQ(first, 4);
	first = 0;
	EXPECT_EQ(full_state_run(va, 0, &first, &res_a), 0);
	EXPECT_EQ(res_a, full_state_expected());
	EXPECT_EQ(res_b, res_a);
	free(list);
	kvm_vm_destroy(b);
	kvm_vm_destroy(a);
	kvm_close(kvm);
	munmap(ram, size);
	munmap(ram2, size);
}

static void test_full_state_move(void)
{
	begin("full_state_move");
	full_state_move(false);
	end();
	begin("full_state_move_vs");
	full_state_move(true);
	end();
}

/* vCPU 0: SBI HSM hart_start(1, 0x80000010, 0), the error stored at
 * 0x10000000 (an MMIO exit), then again. */
static const uint32_t hsm_start_prog[] = {
	0x004858b7, /* 00: lui   a7, 0x485 */
	0x34d8889b, /* 04: addiw a7, a7, 0x34d   HSM */
	0x00000813, /* 08: li    a6, 0           hart_start */
	0x00100513, /* 0c: li    a0, 1 */
	0x00000597, /* 10: auipc a1, 0 */
	0x00000613, /* 14: li    a2, 0 */
	0x00000073, /* 18: ecall */
	0x100003b7, /* 1c: lui   t2, 0x10000 */
	0x00a3b023, /* 20: sd    a0, 0(t2) */
	0xfddff06f, /* 24: j     00 */
};

static void test_vcpu_plugged(void)
{
	begin("vcpu_plugged");
	struct kvm *kvm;
	struct kvm_vm *vm;
	struct kvm_vcpu *v0, *v1;
	struct kvm_rvkvm_vcpu_plug p = { .vcpu_id = 0, .plugged = 0 };
	kvm_open(&kvm);
	EXPECT_EQ(kvm_create_vm(kvm, KVM_VM_TYPE_FULL_MACHINE, &vm), 0);
	EXPECT_EQ(kvm_create_vcpu(vm, 0, &v0), 0);
	EXPECT_EQ(kvm_vm_ioctl(vm, KVM_RVKVM_SET_VCPU_PLUGGED, &p), -EINVAL);  /* full machine */
	kvm_vm_destroy(vm);
	EXPECT_EQ(kvm_create_vm(kvm, KVM_VM_TYPE_HYP_GUEST, &vm), 0);
	uint8_t *ram = alloc_ram(16 * PAGE);
	memcpy(ram, hsm_start_prog, sizeof(hsm_start_prog));
	EXPECT_EQ(set_region(vm, 0, 0, RAM_BASE, 16 * PAGE, ram), 0);
	EXPECT_EQ(add_mmio(vm, 0x10000000, 0x100), 0);
	uint64_t pc = RAM_BASE;
	EXPECT_EQ(kvm_vm_ioctl(vm, KVM_RVKVM_SET_RESET_PC, &pc), 0);
	EXPECT_EQ(kvm_create_vcpu(vm, 0, &v0), 0);
	EXPECT_EQ(kvm_create_vcpu(vm, 1, &v1), 0);
	p = (struct kvm_rvkvm_vcpu_plug){ .vcpu_id = 2, .plugged = 0 };
	EXPECT_EQ(kvm_vm_ioctl(vm, KVM_RVKVM_SET_VCPU_PLUGGED, &p), -ENOENT);
	p = (struct kvm_rvkvm_vcpu_plug){ .vcpu_id = 1, .plugged = 2 };
	EXPECT_EQ(kvm_vm_ioctl(vm, KVM_RVKVM_SET_VCPU_PLUGGED, &p), -EINVAL);
	p = (struct kvm_rvkvm_vcpu_plug){ .vcpu_id = 0, .plugged = 0 };
	EXPECT_EQ(kvm_vm_ioctl(vm, KVM_RVKVM_SET_VCPU_PLUGGED, &p), -EBUSY);  /* running */
	p = (struct kvm_rvkvm_vcpu_plug){ .vcpu_id = 1, .plugged = 0 };
	EXPECT_EQ(kvm_vm_ioctl(vm, KVM_RVKVM_SET_VCPU_PLUGGED, &p), 0);       /* stopped */
	struct kvm_run *run = kvm_vcpu_run_struct(v0);
	int64_t err = 0;
	EXPECT_EQ(kvm_vcpu_ioctl(v0, KVM_RUN, NULL), 0);
	EXPECT_EQ(run->mmio.phys_addr, 0x10000000);
	memcpy(&err, run->mmio.data, 8);
	EXPECT_EQ(err, -3);  /* SBI_ERR_INVALID_PARAM: unplugged */
	p.plugged = 1;
	EXPECT_EQ(kvm_vm_ioctl(vm, KVM_RVKVM_SET_VCPU_PLUGGED, &p), 0);
	EXPECT_EQ(kvm_vcpu_ioctl(v0, KVM_RUN, NULL), 0);
	memcpy(&err, run->mmio.data, 8);
	EXPECT_EQ(err, 0);   /* started (pending: vCPU 1 has no thread) */
	p.plugged = 0;
	EXPECT_EQ(kvm_vm_ioctl(vm, KVM_RVKVM_SET_VCPU_PLUGGED, &p), -EBUSY);  /* start pending */
	kvm_vm_destroy(vm);
	munmap(ram, 16 * PAGE);
	kvm_close(kvm);
	end();
}

int main(void)
{
	test_system();
	test_memslots();
	test_mmio_regions();
	test_vcpus();
	test_run();
	test_one_reg_kvm_ids();
	test_vector_regs();
	test_ioeventfd();
	test_irqfd();
	test_irqfd_resample();
	test_irqchip_state();
	test_vcpu_state_move();
	test_full_state_regs();
	test_aclint_state();
	test_full_state_move();
	test_sbi_sta_regs();
	test_memslots_while_running();
	test_dirty_log();
	test_cbo_zero_untouched();
	test_mmio_widths();
	test_interrupt();
	test_dirty_ring();
	test_vcpu_plugged();
	return failures ? 1 : 0;
}
