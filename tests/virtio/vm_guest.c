// SPDX-License-Identifier: MIT
/* A minimal VMM for the virtio integration test: the rvkvm core
 * (include/rvkvm/kvm.h) with the in-core PLIC, RAM at 0x8000_0000, a
 * transmit-only UART at 0x1000_0000, the sifive,test1 finisher at
 * 0x10_0000, and eight virtio-mmio slots at 0x1000_1000 + 0x1000 * i (PLIC
 * sources 1 + i) - a virtio-rng in slot 0, a virtio-blk on IMAGE in slot 1,
 * placeholders elsewhere.  It runs a bare-metal ELF to its finisher write
 * and exits with its status, so the guest program that QEMU validates
 * (guest_virt.c) runs on the real hart, bus, PLIC and devices before the
 * machine itself has virtio.
 *
 *   vm_guest FIRMWARE.elf IMAGE      exit status = the guest's */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "rvkvm/kvm.h"
#include "vmm/loader_elf.h"
#include "vmm/virtio/blk.h"
#include "vmm/virtio/mmio.h"
#include "vmm/virtio/rng.h"

#define RAM_BASE    0x80000000ULL
#define RAM_SIZE    (128ULL << 20)
#define UART_BASE   0x10000000ULL
#define TEST_BASE   0x00100000ULL
#define SLOT_BASE   0x10001000ULL
#define NSLOTS      8
#define MAX_EXITS   50000000UL

struct slot_irq {
	struct kvm_vm *vm;
	uint32_t source;
};

static void set_irq(void *opaque, bool level)
{
	struct slot_irq *s = opaque;
	struct kvm_irq_level l = { .irq = s->source, .level = level };
	long r = kvm_vm_ioctl(s->vm, KVM_IRQ_LINE, &l);
	if (r < 0)
		fprintf(stderr, "vm_guest: KVM_IRQ_LINE %u: %s\n", s->source, strerror((int)-r));
}

static int fail(const char *what, long r)
{
	fprintf(stderr, "vm_guest: %s: %s\n", what, strerror((int)-r));
	return 2;
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: %s FIRMWARE.elf IMAGE\n", argv[0]);
		return 2;
	}
	struct kvm *kvm;
	struct kvm_vm *vm;
	struct kvm_vcpu *vcpu;
	long r = kvm_open(&kvm);
	if (r < 0)
		return fail("kvm_open", r);
	r = kvm_create_vm(kvm, KVM_VM_TYPE_FULL_MACHINE, &vm);
	if (r < 0)
		return fail("KVM_CREATE_VM", r);
	r = kvm_vm_ioctl(vm, KVM_CREATE_IRQCHIP, NULL);
	if (r < 0)
		return fail("KVM_CREATE_IRQCHIP", r);

	uint8_t *ram = mmap(NULL, RAM_SIZE, PROT_READ | PROT_WRITE,
			    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (ram == MAP_FAILED)
		return fail("mmap", -errno);
	struct kvm_userspace_memory_region mr = {
		.slot = 0, .guest_phys_addr = RAM_BASE, .memory_size = RAM_SIZE,
		.userspace_addr = (uint64_t)(uintptr_t)ram,
	};
	r = kvm_vm_ioctl(vm, KVM_SET_USER_MEMORY_REGION, &mr);
	if (r < 0)
		return fail("KVM_SET_USER_MEMORY_REGION", r);
	struct loader_ram lram = { ram, RAM_BASE, RAM_SIZE };
	struct loader_image img;
	const char *why = "?";
	if (loader_load_file(argv[1], &lram, &img, &why) < 0) {
		fprintf(stderr, "vm_guest: %s: %s\n", argv[1], why);
		return 2;
	}

	/* Devices: rng in slot 0, blk in slot 1. */
	static struct virtio_rng rng;
	static struct virtio_blk blk;
	static struct virtio_mmio mmio[NSLOTS];
	static struct slot_irq irqs[NSLOTS];
	struct virtio_blk_opts bo = { .path = argv[2], .serial = "rvkvm-serial" };
	if (virtio_rng_init(&rng) < 0 || virtio_blk_init(&blk, &bo) < 0)
		return 2;
	struct virtio_dev *devs[NSLOTS] = { &rng.vdev, &blk.vdev };
	for (unsigned i = 0; i < NSLOTS; i++) {
		struct kvm_rvkvm_mmio_region reg = { SLOT_BASE + 0x1000 * i, VIRTIO_MMIO_SIZE };
		r = kvm_vm_ioctl(vm, KVM_RVKVM_ADD_MMIO_REGION, &reg);
		if (r < 0)
			return fail("KVM_RVKVM_ADD_MMIO_REGION", r);
		irqs[i] = (struct slot_irq){ vm, 1 + i };
		struct virtio_mmio_env env = {
			.mem = { ram, RAM_BASE, RAM_SIZE, NULL, NULL }, .set_irq = set_irq, .irq_opaque = &irqs[i],
		};
		if (devs[i] && virtio_mmio_init(&mmio[i], devs[i], &env) < 0)
			return 2;
	}
	struct kvm_rvkvm_mmio_region uart = { UART_BASE, 0x100 }, test = { TEST_BASE, 0x1000 };
	if ((r = kvm_vm_ioctl(vm, KVM_RVKVM_ADD_MMIO_REGION, &uart)) < 0 ||
	    (r = kvm_vm_ioctl(vm, KVM_RVKVM_ADD_MMIO_REGION, &test)) < 0)
		return fail("KVM_RVKVM_ADD_MMIO_REGION", r);

	r = kvm_vm_ioctl(vm, KVM_RVKVM_SET_RESET_PC, &img.entry);
	if (r < 0)
		return fail("KVM_RVKVM_SET_RESET_PC", r);
	r = kvm_create_vcpu(vm, 0, &vcpu);
	if (r < 0)
		return fail("KVM_CREATE_VCPU", r);
	struct kvm_run *run = kvm_vcpu_run_struct(vcpu);

	for (unsigned long n = 0; n < MAX_EXITS; n++) {
		r = kvm_vcpu_ioctl(vcpu, KVM_RUN, NULL);
		if (r == -EINTR)
			continue;
		if (r < 0)
			return fail("KVM_RUN", r);
		if (run->exit_reason != KVM_EXIT_MMIO) {
			fprintf(stderr, "vm_guest: unexpected exit %u\n", run->exit_reason);
			return 2;
		}
		uint64_t a = run->mmio.phys_addr, val = 0;
		unsigned len = run->mmio.len;
		if (run->mmio.is_write)
			memcpy(&val, run->mmio.data, len);
		if (a >= SLOT_BASE && a < SLOT_BASE + 0x1000 * NSLOTS) {
			unsigned i = (unsigned)((a - SLOT_BASE) / 0x1000);
			uint64_t off = (a - SLOT_BASE) % 0x1000;
			const struct vmm_mmio_ops *ops = devs[i] ? &virtio_mmio_ops
								 : &virtio_mmio_placeholder_ops;
			if (run->mmio.is_write)
				ops->write(&mmio[i], off, len, val);
			else
				val = ops->read(&mmio[i], off, len);
		} else if (a - UART_BASE < 0x100) {
			if (run->mmio.is_write && a == UART_BASE) {
				putchar((int)(val & 0xff));
				fflush(stdout);
			} else if (!run->mmio.is_write) {
				val = a == UART_BASE + 5 ? 0x60 : 0;   /* LSR: transmitter empty */
			}
		} else if (a == TEST_BASE && run->mmio.is_write) {
			uint32_t v = (uint32_t)val;
			if ((v & 0xffff) == 0x5555)
				return 0;
			if ((v & 0xffff) == 0x3333)
				return (int)(v >> 16);
			fprintf(stderr, "vm_guest: finisher command %#x\n", v);
			return 2;
		}
		if (!run->mmio.is_write)
			memcpy(run->mmio.data, &val, len);
	}
	fprintf(stderr, "vm_guest: no finisher write after %lu exits\n", MAX_EXITS);
	return 2;
}
