// SPDX-License-Identifier: MIT
/* ioeventfd and irqfd (Linux: virt/kvm/eventfd.c).
 *
 * ioeventfd: a guest MMIO write to a registered (address, length[,
 * datamatch]) signals an eventfd and completes in the core, without a
 * KVM_EXIT_MMIO: a device thread waiting on the eventfd learns of a queue
 * notification while the vCPU runs on.  The address must lie in an MMIO
 * region (KVM_RVKVM_ADD_MMIO_REGION): elsewhere accesses fault before any
 * exit.  Only writes of the registered length match (len 0: any length).
 *
 * irqfd: writing an eventfd raises a guest interrupt.  One thread per VM
 * waits on every registered eventfd (epoll) and pulses the PLIC source
 * (assert, deassert: the gateway latches it as pending, an edge as KVM's
 * irqfd gives a level-triggered irqchip).  With KVM_IRQFD_FLAG_RESAMPLE
 * the line stays asserted instead, and the guest completing the interrupt
 * lowers it and signals resamplefd (the PLIC's eoi hook), so the VMM can
 * raise it again if its device still needs service: level semantics, as
 * KVM's resampler.  Needs the in-core irqchip. */
#include <errno.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "kvm/kvm_internal.h"

/* --- ioeventfd ---------------------------------------------------------- */

static bool ioeventfd_same(const struct kvm_ioeventfd_entry *e, const struct kvm_ioeventfd *a)
{
	bool dm = a->flags & KVM_IOEVENTFD_FLAG_DATAMATCH;
	return e->addr == a->addr && e->len == a->len && e->datamatch_on == dm &&
	       (!dm || e->datamatch == a->datamatch);
}

int kvm_vm_ioeventfd(struct kvm_vm *vm, const struct kvm_ioeventfd *a)
{
	if (a->flags & ~(KVM_IOEVENTFD_FLAG_DATAMATCH | KVM_IOEVENTFD_FLAG_DEASSIGN))
		return -EINVAL;  /* no port I/O on RISC-V */
	if (a->len != 0 && a->len != 1 && a->len != 2 && a->len != 4 && a->len != 8)
		return -EINVAL;
	if (a->len == 0 && (a->flags & KVM_IOEVENTFD_FLAG_DATAMATCH))
		return -EINVAL;
	if (a->addr + (a->len ? a->len : 1) < a->addr)
		return -EINVAL;
	int r = 0;
	pthread_rwlock_wrlock(&vm->ioeventfd_lock);
	unsigned i;
	for (i = 0; i < vm->nr_ioeventfds; i++)
		if (ioeventfd_same(&vm->ioeventfds[i], a))
			break;
	if (a->flags & KVM_IOEVENTFD_FLAG_DEASSIGN) {
		if (i == vm->nr_ioeventfds || vm->ioeventfds[i].fd != a->fd)
			r = -ENOENT;
		else
			vm->ioeventfds[i] = vm->ioeventfds[--vm->nr_ioeventfds];
		goto out;
	}
	if (i < vm->nr_ioeventfds) {
		r = -EEXIST;
		goto out;
	}
	if (vm->nr_ioeventfds == KVM_MAX_IOEVENTFDS) {
		r = -ENOSPC;
		goto out;
	}
	const struct bus_mmio *m = bus_find_mmio(&vm->bus, a->addr);
	uint64_t len = a->len ? a->len : 1;
	if (a->fd < 0 || !m || m->ops || a->addr + len - 1 > m->base + m->size - 1) {
		r = a->fd < 0 ? -EBADF : -EINVAL;
		goto out;
	}
	vm->ioeventfds[vm->nr_ioeventfds++] = (struct kvm_ioeventfd_entry){
		.addr = a->addr, .len = a->len, .datamatch = a->datamatch,
		.datamatch_on = a->flags & KVM_IOEVENTFD_FLAG_DATAMATCH, .fd = a->fd,
	};
out:
	pthread_rwlock_unlock(&vm->ioeventfd_lock);
	return r;
}

bool kvm_ioeventfd_signal(struct kvm_vm *vm, uint64_t addr, unsigned len, uint64_t data)
{
	bool hit = false;
	pthread_rwlock_rdlock(&vm->ioeventfd_lock);
	for (unsigned i = 0; i < vm->nr_ioeventfds; i++) {
		const struct kvm_ioeventfd_entry *e = &vm->ioeventfds[i];
		if (e->addr != addr || (e->len && e->len != len))
			continue;
		/* The value is len bytes (KVM compares that much). */
		uint64_t mask = len >= 8 ? ~0ULL : (1ULL << (8 * len)) - 1;
		if (e->datamatch_on && (e->datamatch & mask) != (data & mask))
			continue;
		uint64_t one = 1;
		/* EAGAIN: the counter is saturated, the reader has work anyway. */
		if (write(e->fd, &one, sizeof(one)) < 0 && errno != EAGAIN)
			continue;
		hit = true;
		break;
	}
	pthread_rwlock_unlock(&vm->ioeventfd_lock);
	return hit;
}

/* --- irqfd -------------------------------------------------------------- */

/* The epoll data of an irqfd: fd << 32 | resample bit | gsi. */
#define IRQFD_GSI_MASK     0xffffu
#define IRQFD_RESAMPLE_BIT (1u << 31)

/* The guest completed source (a resampling one; its line is down now):
 * tell every resampling irqfd of it.  A vCPU thread, no PLIC lock held. */
static void irqfd_eoi(void *opaque, unsigned source)
{
	struct kvm_vm *vm = opaque;
	uint64_t one = 1;
	pthread_mutex_lock(&vm->lock);
	for (unsigned i = 0; i < vm->nr_irqfds; i++) {
		if (vm->irqfds[i].gsi == source && vm->irqfds[i].resamplefd >= 0) {
			ssize_t r = write(vm->irqfds[i].resamplefd, &one, sizeof(one));
			(void)r;   /* EAGAIN: the counter is saturated, it is signalled */
		}
	}
	pthread_mutex_unlock(&vm->lock);
}

/* Is gsi resampled by any irqfd but skip (vm->lock held)? */
static bool irqfd_gsi_resampled(struct kvm_vm *vm, uint32_t gsi, unsigned skip)
{
	for (unsigned i = 0; i < vm->nr_irqfds; i++)
		if (i != skip && vm->irqfds[i].gsi == gsi && vm->irqfds[i].resamplefd >= 0)
			return true;
	return false;
}

static void *irqfd_thread(void *opaque)
{
	struct kvm_vm *vm = opaque;
	struct epoll_event evs[16];
	for (;;) {
		int n = epoll_wait(vm->irqfd_epoll, evs, 16, -1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return NULL;
		for (int i = 0; i < n; i++) {
			uint64_t cnt;
			int fd = (int)(evs[i].data.u64 >> 32);
			uint32_t gsi = (uint32_t)evs[i].data.u64 & IRQFD_GSI_MASK;
			bool resample = evs[i].data.u64 & IRQFD_RESAMPLE_BIT;
			if (read(fd, &cnt, sizeof(cnt)) != sizeof(cnt))
				continue;
			if (fd == vm->irqfd_stop)
				return NULL;
			struct kvm_irq_level on = { .irq = gsi, .level = 1 }, off = { .irq = gsi, .level = 0 };
			kvm_irqchip_irq_line(vm, &on);
			if (!resample)
				kvm_irqchip_irq_line(vm, &off);
		}
	}
}

static int irqfd_start(struct kvm_vm *vm)
{
	if (vm->irqfd_epoll >= 0)
		return 0;
	int ep = epoll_create1(EPOLL_CLOEXEC);
	int stop = eventfd(0, EFD_CLOEXEC);
	if (ep < 0 || stop < 0)
		goto fail;
	struct epoll_event ev = { .events = EPOLLIN, .data.u64 = (uint64_t)stop << 32 };
	if (epoll_ctl(ep, EPOLL_CTL_ADD, stop, &ev) < 0)
		goto fail;
	vm->irqfd_epoll = ep;
	vm->irqfd_stop = stop;
	if (pthread_create(&vm->irqfd_thread, NULL, irqfd_thread, vm) != 0) {
		vm->irqfd_epoll = vm->irqfd_stop = -1;
		goto fail;
	}
	return 0;
fail:
	if (ep >= 0)
		close(ep);
	if (stop >= 0)
		close(stop);
	return -ENOMEM;
}

int kvm_vm_irqfd(struct kvm_vm *vm, const struct kvm_irqfd *a)
{
	if (a->flags & ~(KVM_IRQFD_FLAG_DEASSIGN | KVM_IRQFD_FLAG_RESAMPLE))
		return -EINVAL;
	struct plic *plic = __atomic_load_n(&vm->plic, __ATOMIC_ACQUIRE);
	if (!plic)
		return -ENXIO;   /* an irqfd needs the in-core irqchip */
	if (a->gsi == 0 || a->gsi >= PLIC_NUM_SOURCES)
		return -EINVAL;
	int fd = (int)a->fd, r = 0;
	bool resample = (a->flags & KVM_IRQFD_FLAG_RESAMPLE) && !(a->flags & KVM_IRQFD_FLAG_DEASSIGN);
	if (fd < 0 || (resample && (int)a->resamplefd < 0))
		return -EBADF;
	pthread_mutex_lock(&vm->lock);
	unsigned i;
	for (i = 0; i < vm->nr_irqfds; i++)
		if (vm->irqfds[i].fd == fd)
			break;
	if (a->flags & KVM_IRQFD_FLAG_DEASSIGN) {
		if (i == vm->nr_irqfds || vm->irqfds[i].gsi != a->gsi) {
			r = -ENOENT;
		} else {
			epoll_ctl(vm->irqfd_epoll, EPOLL_CTL_DEL, fd, NULL);
			if (vm->irqfds[i].resamplefd >= 0 && !irqfd_gsi_resampled(vm, a->gsi, i)) {
				/* As KVM: the line a resampler held drops with it. */
				struct kvm_irq_level off = { .irq = a->gsi, .level = 0 };
				plic_set_resample(plic, a->gsi, false);
				kvm_irqchip_irq_line(vm, &off);
			}
			vm->irqfds[i] = vm->irqfds[--vm->nr_irqfds];
		}
		goto out;
	}
	if (i < vm->nr_irqfds) {
		r = -EBUSY;  /* as KVM: one eventfd, one irqfd */
		goto out;
	}
	if (vm->nr_irqfds == KVM_MAX_IRQFDS) {
		r = -ENOSPC;
		goto out;
	}
	r = irqfd_start(vm);
	if (r < 0)
		goto out;
	if (resample) {
		plic_set_eoi(plic, irqfd_eoi, vm);
		plic_set_resample(plic, a->gsi, true);
	}
	struct epoll_event ev = {
		.events = EPOLLIN,
		.data.u64 = (uint64_t)fd << 32 | (resample ? IRQFD_RESAMPLE_BIT : 0) | a->gsi,
	};
	if (epoll_ctl(vm->irqfd_epoll, EPOLL_CTL_ADD, fd, &ev) < 0) {
		r = -errno;
		if (resample && !irqfd_gsi_resampled(vm, a->gsi, vm->nr_irqfds))
			plic_set_resample(plic, a->gsi, false);
		goto out;
	}
	vm->irqfds[vm->nr_irqfds++] = (struct kvm_irqfd_entry){
		.fd = fd, .gsi = a->gsi, .resamplefd = resample ? (int)a->resamplefd : -1,
	};
out:
	pthread_mutex_unlock(&vm->lock);
	return r;
}

void kvm_vm_eventfd_init(struct kvm_vm *vm)
{
	pthread_rwlock_init(&vm->ioeventfd_lock, NULL);
	vm->irqfd_epoll = vm->irqfd_stop = -1;
}

void kvm_vm_eventfd_destroy(struct kvm_vm *vm)
{
	if (vm->irqfd_epoll >= 0) {
		uint64_t one = 1;
		if (write(vm->irqfd_stop, &one, sizeof(one)) == sizeof(one))
			pthread_join(vm->irqfd_thread, NULL);
		close(vm->irqfd_epoll);
		close(vm->irqfd_stop);
	}
	pthread_rwlock_destroy(&vm->ioeventfd_lock);
}
