// SPDX-License-Identifier: MIT
/* Machine setup and the vCPU loop: create the VM, map RAM, load the
 * firmware, register devices, then KVM_RUN and dispatch MMIO exits to the
 * device models by address. */
#include "vmm/machine.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "vmm/boot.h"
#include "vmm/loader_elf.h"
#include "vmm/snapshot/file.h"
#include "vmm/snapshot/uffd.h"

#define PAGE_SIZE 4096ULL

static int machine_set_slot(struct machine *m, uint32_t slot, uint64_t gpa, uint64_t size,
			    bool readonly)
{
	struct kvm_userspace_memory_region r = {
		.slot = slot,
		.flags = (readonly ? KVM_MEM_READONLY : 0) |
			 (!readonly && (m->cfg->track_dirty_pages || m->log_dirty) ?
			  KVM_MEM_LOG_DIRTY_PAGES : 0),
		.guest_phys_addr = gpa,
		.memory_size = size,
		.userspace_addr = (uint64_t)(uintptr_t)(m->ram + (gpa - m->ram_base)),
	};
	long ret = kvm_vm_ioctl(m->vm, KVM_SET_USER_MEMORY_REGION, &r);
	if (ret < 0)
		fprintf(stderr, "rvkvm: KVM_SET_USER_MEMORY_REGION [%#llx, +%#llx): %s\n",
			(unsigned long long)gpa, (unsigned long long)size, strerror((int)-ret));
	return (int)ret;
}

/* RAM as one slot, or, with HTIF, up to three: the tohost page is a
 * read-only slot so that guest writes to it exit to us. */
static int machine_map_ram(struct machine *m)
{
	if (!m->has_htif)
		return machine_set_slot(m, 0, m->ram_base, m->ram_size, false);
	uint64_t page = m->htif.page, end = m->ram_base + m->ram_size;
	uint32_t slot = 0;
	int r = 0;
	if (page > m->ram_base)
		r = machine_set_slot(m, slot++, m->ram_base, page - m->ram_base, false);
	if (!r)
		r = machine_set_slot(m, slot++, page, HTIF_PAGE_SIZE, true);
	if (!r && page + HTIF_PAGE_SIZE < end)
		r = machine_set_slot(m, slot++, page + HTIF_PAGE_SIZE, end - page - HTIF_PAGE_SIZE, false);
	return r;
}

static int machine_add_device(struct machine *m, const char *name, uint64_t base, uint64_t size,
			      const struct vmm_mmio_ops *ops, void *opaque)
{
	if (m->ndevices == MACHINE_MAX_DEVICES) {
		fprintf(stderr, "rvkvm: too many devices (%s)\n", name);
		return -ENOSPC;
	}
	m->devices[m->ndevices++] = (struct machine_device){ name, base, size, ops, opaque };
	return 0;
}

/* A device the core exits for (KVM_RVKVM_ADD_MMIO_REGION). */
static int machine_add_mmio_device(struct machine *m, const char *name, uint64_t base,
				   uint64_t size, const struct vmm_mmio_ops *ops, void *opaque)
{
	struct kvm_rvkvm_mmio_region r = { .guest_phys_addr = base, .size = size };
	long ret = kvm_vm_ioctl(m->vm, KVM_RVKVM_ADD_MMIO_REGION, &r);
	if (ret < 0) {
		fprintf(stderr, "rvkvm: cannot add MMIO region for %s: %s\n", name, strerror((int)-ret));
		return (int)ret;
	}
	return machine_add_device(m, name, base, size, ops, opaque);
}

/* Device interrupt lines: PLIC sources through the in-core irqchip. */
static void machine_set_irq(struct machine *m, unsigned irq, bool level)
{
	struct kvm_irq_level l = { .irq = irq, .level = level };
	long r = kvm_vm_ioctl(m->vm, KVM_IRQ_LINE, &l);
	if (r < 0)
		fprintf(stderr, "rvkvm: KVM_IRQ_LINE %u: %s\n", irq, strerror((int)-r));
}

static void machine_uart_irq(void *opaque, bool level)
{
	machine_set_irq(opaque, MACHINE_UART_IRQ, level);
}

static void machine_rtc_irq(void *opaque, bool level)
{
	machine_set_irq(opaque, MACHINE_RTC_IRQ, level);
}

static void machine_kick_all(struct machine *m)
{
	for (unsigned i = 0; i < m->nr_cpus; i++)
		kvm_vcpu_kick(m->vcpus[i]);
}

/* Console input thread -> UART receiver (blocks while the FIFO is full). */
static size_t machine_console_rx(void *opaque, const uint8_t *buf, size_t len)
{
	struct machine *m = opaque;
	return uart_ns16550a_receive(&m->uart, buf, len);
}

/* Ctrl-A x: the run loop stops at its next look (the kick ends KVM_RUN). */
static void machine_console_quit(void *opaque)
{
	struct machine *m = opaque;
	atomic_store(&m->console_quit, true);
	machine_kick_all(m);
}

int machine_log_dirty(struct machine *m, bool on)
{
	/* Only single-slot RAM (no HTIF) is saved or migrated. */
	if (m->has_htif)
		return -EOPNOTSUPP;
	m->log_dirty = on;
	return machine_set_slot(m, 0, m->ram_base, m->ram_size, false);
}

static int machine_set_reg(struct kvm_vcpu *vcpu, uint64_t id, uint64_t val)
{
	struct kvm_one_reg reg = { .id = id, .addr = (uint64_t)(uintptr_t)&val };
	return (int)kvm_vcpu_ioctl(vcpu, KVM_SET_ONE_REG, &reg);
}

/* Device DMA into guest RAM counts for dirty logging (migration). */
static void machine_mark_dirty(void *opaque, uint64_t gpa, uint64_t len)
{
	struct machine *m = opaque;
	struct kvm_rvkvm_dirty_range d = { .gpa = gpa, .len = len };
	kvm_vm_ioctl(m->vm, KVM_RVKVM_MARK_DIRTY, &d);
}

static void machine_virtio_irq(void *opaque, bool level)
{
	struct machine_virtio_slot *s = opaque;
	machine_set_irq(s->m, s->irq, level);
}

/* A guest write to slot's QueueNotify (of queue `queue`, or any: -1)
 * signals fd inside the core (KVM_IOEVENTFD). */
static int machine_kick_fd(struct machine *m, unsigned slot, int queue, int fd)
{
	struct kvm_ioeventfd io = {
		.addr = MACHINE_VIRTIO_BASE + slot * MACHINE_VIRTIO_SIZE + VIRTIO_MMIO_QUEUE_NOTIFY,
		.len = 4, .fd = fd,
		.datamatch = queue < 0 ? 0 : (uint64_t)queue,
		.flags = queue < 0 ? 0 : KVM_IOEVENTFD_FLAG_DATAMATCH,
	};
	int r = (int)kvm_vm_ioctl(m->vm, KVM_IOEVENTFD, &io);
	if (r < 0)
		fprintf(stderr, "rvkvm: KVM_IOEVENTFD for virtio-mmio slot %u: %s\n", slot, strerror(-r));
	return r;
}

/* virtio-mmio slots: the disks first (so --disk order is /dev/vda, vdb...),
 * then the entropy device; free slots answer as empty (DeviceID 0), as the
 * device tree describes all of them. */
static int machine_add_virtio(struct machine *m, const struct machine_config *cfg)
{
	struct virtio_dev *devs[MACHINE_VIRTIO_SLOTS] = { 0 };
	unsigned n = 0;
	int r;
	for (unsigned i = 0; i < cfg->nr_disks; i++) {
		/* A request queue per vCPU, as Linux's blk-mq would use them. */
		unsigned nq = cfg->nr_cpus ? cfg->nr_cpus : 1;
		struct virtio_blk_opts o = {
			.path = cfg->disks[i].path, .readonly = cfg->disks[i].readonly,
			.direct = cfg->disks[i].direct,
			.defer_lock = cfg->restore && cfg->restore->incoming,
			.num_queues = nq < VIRTIO_BLK_MAX_QUEUES ? nq : VIRTIO_BLK_MAX_QUEUES,
		};
		r = virtio_blk_init(&m->blk[i], &o);
		if (r < 0)
			return r;
		m->nr_blk++;
		devs[n++] = &m->blk[i].vdev;
	}
	for (unsigned i = 0; i < cfg->nr_nets; i++) {
		char err[256];
		struct virtio_net_opts o = { .mac = { 0x52, 0x54, 0x00, 0x12, 0x34, (uint8_t)(0x56 + i) } };
		if (n == MACHINE_VIRTIO_SLOTS) {
			fprintf(stderr, "rvkvm: no free virtio-mmio slot for network interface %u\n", i);
			return -ENOSPC;
		}
		if (cfg->nets[i].has_mac)
			memcpy(o.mac, cfg->nets[i].mac, 6);
		/* One backend per queue pair (a multiqueue tap's queues). */
		o.nr_pairs = netdev_queues(&cfg->nets[i]);
		if (netdev_create_backends(&cfg->nets[i], o.backends, err, sizeof(err)) < 0) {
			fprintf(stderr, "rvkvm: --net %u: %s\n", i, err);
			return -EINVAL;
		}
		/* Debugging aid: RVKVM_NET_STATS=1 prints what each queue pair
		 * carried when the machine goes away. */
		o.report_stats = getenv("RVKVM_NET_STATS") != NULL;
		r = virtio_net_init(&m->net[i], &o);
		if (r < 0)
			return r;
		m->nr_net++;
		devs[n++] = &m->net[i].vdev;
	}
	for (unsigned i = 0; i < cfg->nr_vhosts; i++) {
		if (n == MACHINE_VIRTIO_SLOTS) {
			fprintf(stderr, "rvkvm: no free virtio-mmio slot for vhost-user device %u\n", i);
			return -ENOSPC;
		}
		const char *sock = cfg->vhosts[i].socket;
		if (!sock) {
			r = virtiofsd_spawn(&m->virtiofsd[i], cfg->vhosts[i].dir);
			if (r < 0)
				return r;
			sock = m->virtiofsd[i].socket;
		}
		struct vhost_dev_opts o = {
			.kind = cfg->vhosts[i].kind, .socket = sock,
			.tag = cfg->vhosts[i].tag, .reconnect_s = cfg->vhosts[i].reconnect_s,
			.ram_fd = m->ram_fd, .ram = m->ram,
			.ram_base = m->ram_base, .ram_size = m->ram_size,
		};
		r = vhost_dev_init(&m->vhost[i], &o);
		if (r < 0)
			return r;
		m->vhost_slot[m->nr_vhost++] = n;
		devs[n++] = &m->vhost[i].vdev;
	}
	if (cfg->has_vsock) {
		if (n == MACHINE_VIRTIO_SLOTS) {
			fprintf(stderr, "rvkvm: no free virtio-mmio slot for --vsock\n");
			return -ENOSPC;
		}
		r = virtio_vsock_init(&m->vsock, &cfg->vsock);
		if (r < 0)
			return r;
		m->has_vsock = true;
		m->vsock_slot = n;
		devs[n++] = &m->vsock.vdev;
	}
	if (cfg->nr_vports) {
		if (n == MACHINE_VIRTIO_SLOTS) {
			fprintf(stderr, "rvkvm: no free virtio-mmio slot for virtio-console\n");
			return -ENOSPC;
		}
		r = virtio_console_init(&m->vcon, cfg->vports, cfg->nr_vports);
		if (r < 0)
			return r;
		m->has_vcon = true;
		m->vcon_slot = n;
		devs[n++] = &m->vcon.vdev;
	}
	if (cfg->balloon.enabled) {
		if (n == MACHINE_VIRTIO_SLOTS) {
			fprintf(stderr, "rvkvm: no free virtio-mmio slot for the balloon\n");
			return -ENOSPC;
		}
		struct virtio_balloon_opts o = {
			.target_pages = (uint32_t)(((uint64_t)cfg->balloon.amount_mib << 20) /
						   VIRTIO_BALLOON_PAGE_SIZE),
			.deflate_on_oom = cfg->balloon.deflate_on_oom,
			.free_page_reporting = cfg->balloon.free_page_reporting,
			.stats_interval_s = cfg->balloon.stats_interval_s,
			.ram_fd = m->ram_fd,
		};
		r = virtio_balloon_init(&m->balloon, &o);
		if (r < 0)
			return r;
		m->has_balloon = true;
		devs[n++] = &m->balloon.vdev;
	}
	if (n < MACHINE_VIRTIO_SLOTS) {
		r = virtio_rng_init(&m->rng);
		if (r < 0)
			return r;
		m->has_rng = true;
		devs[n++] = &m->rng.vdev;
	}
	for (unsigned i = 0; i < MACHINE_VIRTIO_SLOTS; i++) {
		struct machine_virtio_slot *s = &m->virtio[i];
		uint64_t base = MACHINE_VIRTIO_BASE + i * MACHINE_VIRTIO_SIZE;
		s->m = m;
		s->irq = MACHINE_VIRTIO_IRQ(i);
		if (!devs[i]) {
			r = machine_add_mmio_device(m, "virtio-empty", base, VIRTIO_MMIO_SIZE,
						    &virtio_mmio_placeholder_ops, NULL);
		} else {
			struct virtio_mmio_env env = {
				.mem = { m->ram, m->ram_base, m->ram_size, machine_mark_dirty, m },
				.set_irq = machine_virtio_irq,
				.irq_opaque = s,
			};
			r = virtio_mmio_init(&s->transport, devs[i], &env);
			if (!r)
				r = machine_add_mmio_device(m, "virtio", base, VIRTIO_MMIO_SIZE,
							    &virtio_mmio_ops, &s->transport);
		}
		if (r < 0)
			return r;
	}
	/* Disks, network interfaces, vsock and the console run on threads of
	 * their own and take queue notifications straight from the core (an
	 * ioeventfd on QueueNotify): no exit, no VMM loop, no vCPU waiting
	 * for I/O.  vhost-user backends get one kick eventfd per queue. */
	r = 0;
	for (unsigned i = 0; i < m->nr_blk && !r; i++) {
		r = virtio_blk_start(&m->blk[i]);
		if (!r)
			r = machine_kick_fd(m, i, -1, virtio_blk_kick_fd(&m->blk[i]));
	}
	/* virtio-net: each queue pair's two queues kick that pair's thread;
	 * the control queue (several pairs) takes the MMIO path. */
	for (unsigned i = 0; i < m->nr_net && !r; i++) {
		struct virtio_net *net = &m->net[i];
		unsigned np = virtio_net_nr_pairs(net);
		r = virtio_net_start(net);
		if (!r && np == 1)
			r = machine_kick_fd(m, m->nr_blk + i, -1, virtio_net_kick_fd(net));
		for (unsigned q = 0; q < 2 * np && np > 1 && !r; q++)
			r = machine_kick_fd(m, m->nr_blk + i, (int)q, virtio_net_pair_kick_fd(net, q / 2));
	}
	if (!r && m->has_balloon)
		r = virtio_balloon_start(&m->balloon);
	if (!r && m->has_vcon) {
		r = virtio_console_start(&m->vcon);
		if (!r)
			r = machine_kick_fd(m, m->vcon_slot, -1, virtio_console_kick_fd(&m->vcon));
	}
	for (unsigned i = 0; i < m->nr_vhost && !r; i++) {
		struct vhost_dev *d = &m->vhost[i];
		r = vhost_dev_start(d);
		for (unsigned q = 0; q < d->nvqs && !r; q++)
			r = machine_kick_fd(m, m->vhost_slot[i], (int)q, vhost_dev_kick_fd(d, q));
	}
	if (!r && m->has_vsock) {
		r = virtio_vsock_start(&m->vsock);
		if (!r)
			r = machine_kick_fd(m, m->vsock_slot, -1, virtio_vsock_kick_fd(&m->vsock));
	}
	return r;
}

int machine_init(struct machine *m, const struct machine_config *cfg)
{
	memset(m, 0, sizeof(*m));
	m->cfg = cfg;
	m->ram_fd = -1;
	pthread_mutex_init(&m->mmio_lock, NULL);
	pthread_mutex_init(&m->pause_lock, NULL);
	pthread_cond_init(&m->pause_cond, NULL);
	unsigned ncpus = cfg->nr_cpus ? cfg->nr_cpus : 1;
	if (cfg->nr_plugged > ncpus || (cfg->nr_plugged && cfg->nr_plugged < ncpus && !cfg->hyp_guest)) {
		fprintf(stderr, "rvkvm: %u of %u vCPUs plugged: vCPU hotplug is for hypervisor guests "
			"(a firmware starts every hart)\n", cfg->nr_plugged, ncpus);
		return -EINVAL;
	}
	long r = kvm_open(&m->kvm);
	if (r < 0)
		goto fail_msg;
	if (kvm_ioctl(m->kvm, KVM_GET_API_VERSION, 0) != KVM_API_VERSION) {
		fprintf(stderr, "rvkvm: unexpected KVM API version\n");
		return -EINVAL;
	}
	r = kvm_create_vm(m->kvm, cfg->hyp_guest ? KVM_VM_TYPE_HYP_GUEST : KVM_VM_TYPE_FULL_MACHINE,
			  &m->vm);
	if (r < 0)
		goto fail_msg;
	if (cfg->halt_poll_ns >= 0) {
		struct kvm_enable_cap cap = { .cap = KVM_CAP_HALT_POLL, .args = { (uint64_t)cfg->halt_poll_ns } };
		r = kvm_vm_ioctl(m->vm, KVM_ENABLE_CAP, &cap);
		if (r < 0)
			goto fail_msg;
	}
	/* The PLIC, before any vCPU; KVM_IRQ_LINE then takes source numbers. */
	r = kvm_vm_ioctl(m->vm, KVM_CREATE_IRQCHIP, NULL);
	if (r < 0)
		goto fail_msg;

	/* Guest RAM: reserved lazily, so a large --mem costs only what the
	 * guest touches. */
	m->ram_base = MACHINE_RAM_BASE;
	m->ram_size = cfg->mem_size;
	void *ram;
	if (cfg->restore && !cfg->restore->incoming) {
		r = machine_restore_ram(m, cfg->restore, &ram);
		if (r < 0)
			return (int)r;
	} else if (cfg->nr_vhosts) {
		/* A vhost-user backend maps guest RAM itself: share it as a memfd
		 * (sparse, so still only what the guest touches). */
		m->ram_fd = memfd_create("rvkvm-guest-ram", MFD_CLOEXEC);
		if (m->ram_fd < 0 || ftruncate(m->ram_fd, (off_t)m->ram_size) < 0)
			ram = MAP_FAILED;
		else
			ram = mmap(NULL, m->ram_size, PROT_READ | PROT_WRITE, MAP_SHARED, m->ram_fd, 0);
	} else {
		ram = mmap(NULL, m->ram_size, PROT_READ | PROT_WRITE,
			   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	}
	if (ram == MAP_FAILED) {
		r = -errno;
		fprintf(stderr, "rvkvm: cannot allocate %llu bytes of guest RAM: %s\n",
			(unsigned long long)m->ram_size, strerror(errno));
		return (int)r;
	}
	m->ram = ram;
	/* Transparent huge pages where the host allows: fewer host TLB misses
	 * behind the hart's own TLB (failure is harmless). */
	if (!cfg->restore)
		madvise(ram, m->ram_size, MADV_HUGEPAGE);

	/* Firmware, kernel, initrd, device tree (vmm/boot.c); a restored
	 * guest has all it needs in its memory. */
	struct loader_ram lram = { m->ram, m->ram_base, m->ram_size };
	r = cfg->restore ? 0 : boot_load(cfg, &lram, &m->boot);
	if (r < 0)
		return (int)r;
	struct loader_image img = m->boot.fw;

	if (img.has_tohost) {
		m->has_htif = htif_init(&m->htif, m->ram, m->ram_base, m->ram_size, img.tohost,
					img.has_fromhost, img.fromhost, stdout, &m->stop);
		if (!m->has_htif)
			fprintf(stderr, "rvkvm: %s: tohost at %#llx is not an aligned RAM "
				"address: HTIF disabled\n", cfg->firmware,
				(unsigned long long)img.tohost);
	}
	r = machine_map_ram(m);
	if (r < 0)
		return (int)r;
	if (m->has_htif) {
		r = machine_add_device(m, "htif", m->htif.page, HTIF_PAGE_SIZE, &htif_page_ops, &m->htif);
		if (r < 0)
			return (int)r;
	}

	uart_ns16550a_init(&m->uart, stdout, machine_uart_irq, m);
	m->sbi_console = (struct sbi_console){ stdout, m->ram, m->ram_base, m->ram_size };
	m->console_input = cfg->console == MACHINE_CONSOLE_STDIO;
	sifive_test_init(&m->test, &m->stop);
	r = rtc_goldfish_init(&m->rtc, machine_rtc_irq, m);
	if (r < 0)
		goto fail_msg;
	r = machine_add_mmio_device(m, "uart", MACHINE_UART_BASE, UART_NS16550A_SIZE,
				    &uart_ns16550a_ops, &m->uart);
	if (!r)
		r = machine_add_mmio_device(m, "sifive_test", MACHINE_TEST_BASE, SIFIVE_TEST_SIZE,
					    &sifive_test_ops, &m->test);
	if (!r)
		r = machine_add_mmio_device(m, "rtc", MACHINE_RTC_BASE, RTC_GOLDFISH_SIZE,
					    &rtc_goldfish_ops, &m->rtc);
	if (r < 0)
		return (int)r;
	r = machine_add_virtio(m, cfg);
	if (r < 0)
		return (int)r;

	r = cfg->restore ? 0 : kvm_vm_ioctl(m->vm, KVM_RVKVM_SET_RESET_PC, &img.entry);
	if (r < 0)
		goto fail_msg;
	/* Debugging aid: RVKVM_TRACE=traps logs every guest trap to stderr. */
	const char *trace = getenv("RVKVM_TRACE");
	struct kvm_guest_debug dbg = {
		.control = KVM_GUESTDBG_ENABLE | KVM_GUESTDBG_RVKVM_TRACE_TRAPS,
	};
	for (unsigned i = 0; i < (cfg->nr_cpus ? cfg->nr_cpus : 1); i++) {
		r = kvm_create_vcpu(m->vm, i, &m->vcpus[i]);
		if (r < 0)
			goto fail_msg;
		m->nr_cpus++;
		m->runs[i] = kvm_vcpu_run_struct(m->vcpus[i]);
		/* --cpu: VLEN, and the extensions switched off, before the vCPU runs. */
		if (cfg->cpu.vlen && !cfg->restore &&
		    !cpu_model_is_off(&cfg->cpu, KVM_RISCV_ISA_EXT_V)) {
			r = machine_set_reg(m->vcpus[i], KVM_REG_RISCV_VECTOR_CSR_REG(KVM_REG_RISCV_VECTOR_VLENB),
					    cfg->cpu.vlen / 8);
			if (r < 0)
				goto fail_msg;
		}
		for (unsigned k = 0; k < cpu_model_nr_exts() && !cfg->restore; k++) {
			unsigned ext;
			cpu_model_ext_name(k, &ext);
			if (cpu_model_is_off(&cfg->cpu, ext)) {
				r = machine_set_reg(m->vcpus[i], KVM_REG_RISCV_ISA_EXT_REG(ext), 0);
				if (r < 0)
					goto fail_msg;
			}
		}
		for (unsigned e = 0; e < KVM_RISCV_SBI_EXT_MAX && cfg->hyp_guest; e++) {
			if (!((cfg->sbi_disabled >> e) & 1))
				continue;
			r = machine_set_reg(m->vcpus[i], KVM_REG_RISCV_SBI_EXT_REG(e), 0);
			if (r < 0)
				goto fail_msg;
		}
		if (trace && strstr(trace, "traps"))
			kvm_vcpu_ioctl(m->vcpus[i], KVM_SET_GUEST_DEBUG, &dbg);
		/* Boot protocol (vmm/boot.h): a0 = hart id, a1 = device tree,
		 * a2 = OpenSBI fw_dynamic_info (0 without a kernel or for a
		 * hypervisor guest, entered at the kernel). */
		r = machine_set_reg(m->vcpus[i], KVM_REG_RISCV_CORE_REG(10), i);
		if (!r)
			r = machine_set_reg(m->vcpus[i], KVM_REG_RISCV_CORE_REG(11), m->boot.fdt_addr);
		if (!r)
			r = machine_set_reg(m->vcpus[i], KVM_REG_RISCV_CORE_REG(12), m->boot.fw_info_addr);
		if (r < 0)
			goto fail_msg;
	}
	/* Harts past nr_plugged stay stopped: hart_start of them fails. */
	m->nr_plugged = m->nr_cpus;
	if (cfg->nr_plugged) {
		unsigned busy;
		r = machine_set_plugged(m, cfg->nr_plugged, &busy);
		if (r < 0)
			goto fail_msg;
	}
	/* An incoming migration's state comes after its memory
	 * (machine_migrate_receive). */
	return cfg->restore && !cfg->restore->incoming ? machine_restore_state(m) : 0;

fail_msg:
	fprintf(stderr, "rvkvm: VM setup failed: %s\n", strerror((int)-r));
	return (int)r;
}

static long machine_plug(struct machine *m, unsigned i, bool plugged)
{
	struct kvm_rvkvm_vcpu_plug p = { .vcpu_id = i, .plugged = plugged };
	return kvm_vm_ioctl(m->vm, KVM_RVKVM_SET_VCPU_PLUGGED, &p);
}

int machine_set_plugged(struct machine *m, unsigned k, unsigned *busy)
{
	if (k < 1 || k > m->nr_cpus)
		return -EINVAL;
	for (unsigned i = k; i < m->nr_plugged; i++) {
		long r = machine_plug(m, i, false);
		if (r < 0) {
			/* All or nothing: plug back what this call unplugged. */
			for (unsigned j = k; j < i; j++)
				machine_plug(m, j, true);
			*busy = i;
			return (int)r;
		}
	}
	for (unsigned i = m->nr_plugged; i < k; i++) {
		long r = machine_plug(m, i, true);
		if (r < 0)
			return (int)r;
	}
	m->nr_plugged = k;
	return 0;
}

bool machine_vcpu_online(struct machine *m, unsigned i)
{
	struct kvm_mp_state mp;
	return i < m->nr_cpus && kvm_vcpu_ioctl(m->vcpus[i], KVM_GET_MP_STATE, &mp) == 0 &&
	       mp.mp_state != KVM_MP_STATE_STOPPED;
}

static struct machine_device *machine_find_device(struct machine *m, uint64_t addr, unsigned len)
{
	for (unsigned i = 0; i < m->ndevices; i++) {
		struct machine_device *d = &m->devices[i];
		if (addr >= d->base && addr - d->base < d->size && len <= d->size - (addr - d->base))
			return d;
	}
	return NULL;
}

/* KVM_EXIT_MMIO: hand the access to its device; a read's value goes back
 * in run->mmio.data and reaches the guest on the next KVM_RUN. */
static int machine_handle_mmio(struct machine *m, struct kvm_run *run)
{
	uint64_t addr = run->mmio.phys_addr;
	unsigned len = run->mmio.len;
	pthread_mutex_lock(&m->mmio_lock);
	struct machine_device *d = len && len <= 8 ? machine_find_device(m, addr, len) : NULL;
	if (d && run->mmio.is_write) {
		uint64_t val = 0;
		memcpy(&val, run->mmio.data, len);
		d->ops->write(d->opaque, addr - d->base, len, val);
	} else if (d) {
		uint64_t val = d->ops->read(d->opaque, addr - d->base, len);
		memcpy(run->mmio.data, &val, len);
	}
	pthread_mutex_unlock(&m->mmio_lock);
	if (!d) {
		/* The core faults accesses nothing backs, so this is a VMM bug. */
		fprintf(stderr, "rvkvm: MMIO %s of %u bytes at %#llx matches no device\n",
			run->mmio.is_write ? "write" : "read", len, (unsigned long long)addr);
		return -EFAULT;
	}
	return 0;
}

void machine_stop(struct machine *m, int status)
{
	pthread_mutex_lock(&m->mmio_lock);
	vmm_request_stop(&m->stop, status);
	pthread_mutex_unlock(&m->mmio_lock);
	machine_kick_all(m);
}

/* SBI SRST (or a legacy shutdown): power-off with status 0, or 1 when
 * the guest reports a system failure; reboots start the machine again. */
static void machine_system_event(struct machine *m, const struct kvm_run *run)
{
	if (run->system_event.type == KVM_SYSTEM_EVENT_RESET) {
		pthread_mutex_lock(&m->mmio_lock);
		vmm_request_reset(&m->stop);
		pthread_mutex_unlock(&m->mmio_lock);
		machine_kick_all(m);
		return;
	}
	bool failure = run->system_event.ndata && run->system_event.data[0] == 1;
	machine_stop(m, run->system_event.type == KVM_SYSTEM_EVENT_SHUTDOWN && !failure ? 0 : 1);
}

/* A pause is requested: wait outside the guest until it is lifted (or
 * the machine stops).  The last exit is completed first (KVM_RUN with
 * immediate_exit, as KVM asks before saving a vCPU), so the registers
 * hold all of the vCPU's state while it is parked. */
static void machine_vcpu_park(struct machine *m, unsigned i)
{
	m->runs[i]->immediate_exit = 1;
	kvm_vcpu_ioctl(m->vcpus[i], KVM_RUN, NULL);
	m->runs[i]->immediate_exit = 0;
	pthread_mutex_lock(&m->pause_lock);
	m->parked++;
	pthread_cond_broadcast(&m->pause_cond);
	while (m->pause_requested && !vmm_stop_requested(&m->stop)) {
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_nsec += 100000000;
		if (ts.tv_nsec >= 1000000000) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000;
		}
		pthread_cond_timedwait(&m->pause_cond, &m->pause_lock, &ts);
	}
	m->parked--;
	pthread_mutex_unlock(&m->pause_lock);
}

int machine_pause(struct machine *m)
{
	pthread_mutex_lock(&m->pause_lock);
	if (!m->running || vmm_stop_requested(&m->stop)) {
		pthread_mutex_unlock(&m->pause_lock);
		return -EAGAIN;
	}
	m->pause_requested = true;
	/* Kick until every vCPU thread has parked: one that was between two
	 * KVM_RUNs when kicked sees the request on its own. */
	while (m->parked < m->nr_cpus && !vmm_stop_requested(&m->stop)) {
		pthread_mutex_unlock(&m->pause_lock);
		machine_kick_all(m);
		pthread_mutex_lock(&m->pause_lock);
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_nsec += 10000000;
		if (ts.tv_nsec >= 1000000000) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000;
		}
		pthread_cond_timedwait(&m->pause_cond, &m->pause_lock, &ts);
	}
	pthread_mutex_unlock(&m->pause_lock);
	return 0;
}

void machine_start_paused(struct machine *m)
{
	pthread_mutex_lock(&m->pause_lock);
	m->pause_requested = true;
	pthread_mutex_unlock(&m->pause_lock);
}

void machine_resume(struct machine *m)
{
	pthread_mutex_lock(&m->pause_lock);
	m->pause_requested = false;
	pthread_cond_broadcast(&m->pause_cond);
	pthread_mutex_unlock(&m->pause_lock);
}

/* One vCPU's loop, until the machine stops. */
static void machine_vcpu_loop(struct machine *m, unsigned i)
{
	struct kvm_vcpu *vcpu = m->vcpus[i];
	struct kvm_run *run = m->runs[i];
	while (!vmm_stop_requested(&m->stop)) {
		if (__atomic_load_n(&m->pause_requested, __ATOMIC_ACQUIRE)) {
			machine_vcpu_park(m, i);
			continue;
		}
		long r = kvm_vcpu_ioctl(vcpu, KVM_RUN, NULL);
		if (r == -EINTR) {
			if (atomic_load(&m->console_quit))
				machine_stop(m, 0);
			continue;
		}
		if (r < 0) {
			fprintf(stderr, "rvkvm: vCPU %u: KVM_RUN: %s\n", i, strerror((int)-r));
			machine_stop(m, 1);
			break;
		}
		switch (run->exit_reason) {
		case KVM_EXIT_MMIO:
			if (machine_handle_mmio(m, run) < 0)
				machine_stop(m, 1);
			else if (vmm_stop_requested(&m->stop))
				machine_kick_all(m);
			break;
		case KVM_EXIT_RISCV_SBI:
			pthread_mutex_lock(&m->mmio_lock);
			sbi_console_handle(&m->sbi_console, run);
			pthread_mutex_unlock(&m->mmio_lock);
			break;
		case KVM_EXIT_SYSTEM_EVENT:
			machine_system_event(m, run);
			break;
		case KVM_EXIT_INTERNAL_ERROR:
			fprintf(stderr, "rvkvm: vCPU %u internal error (suberror %u) at pc %#llx\n", i,
				run->internal.suberror,
				(unsigned long long)(run->internal.ndata ? run->internal.data[0] : 0));
			machine_stop(m, 1);
			break;
		default:
			fprintf(stderr, "rvkvm: vCPU %u: unexpected exit reason %u\n", i, run->exit_reason);
			machine_stop(m, 1);
			break;
		}
	}
}

struct vcpu_thread_arg {
	struct machine *m;
	unsigned i;
};

static void *machine_vcpu_thread(void *opaque)
{
	struct vcpu_thread_arg *a = opaque;
	machine_vcpu_loop(a->m, a->i);
	return NULL;
}

int machine_run(struct machine *m)
{
	if (m->console_input) {
		int e = term_start(&m->term, STDIN_FILENO, machine_console_rx, machine_console_quit, m);
		if (e < 0)
			fprintf(stderr, "rvkvm: no console input: %s\n", strerror(-e));
	}
	pthread_mutex_lock(&m->pause_lock);
	m->running = true;
	pthread_mutex_unlock(&m->pause_lock);
	/* Harts 1..n-1 on threads of their own, hart 0 on this one. */
	static struct vcpu_thread_arg args[KVM_MAX_VCPUS];
	unsigned started = 1;
	for (unsigned i = 1; i < m->nr_cpus; i++, started++) {
		args[i] = (struct vcpu_thread_arg){ m, i };
		int e = pthread_create(&m->threads[i], NULL, machine_vcpu_thread, &args[i]);
		if (e) {
			fprintf(stderr, "rvkvm: cannot start vCPU %u: %s\n", i, strerror(e));
			machine_stop(m, 1);
			break;
		}
	}
	if (!vmm_stop_requested(&m->stop))
		machine_vcpu_loop(m, 0);
	for (unsigned i = 1; i < started; i++)
		pthread_join(m->threads[i], NULL);
	pthread_mutex_lock(&m->pause_lock);
	m->running = false;
	pthread_mutex_unlock(&m->pause_lock);
	return m->stop.status;
}

void machine_destroy(struct machine *m)
{
	/* Migration threads first: they use devices and guest RAM. */
	machine_migrate_free(m);
	/* Device threads first: they raise interrupts through the VM. */
	if (m->term.started)
		uart_ns16550a_close(&m->uart);
	term_stop(&m->term);
	rtc_goldfish_destroy(&m->rtc);
	if (m->has_balloon)
		virtio_balloon_exit(&m->balloon);
	if (m->has_vcon)
		virtio_console_exit(&m->vcon);
	for (unsigned i = 0; i < m->nr_vhost; i++)
		vhost_dev_exit(&m->vhost[i]);
	for (unsigned i = 0; i < MACHINE_MAX_VHOSTS; i++)
		virtiofsd_stop(&m->virtiofsd[i]);
	if (m->has_vsock)
		virtio_vsock_exit(&m->vsock);
	for (unsigned i = 0; i < m->nr_net; i++)
		virtio_net_exit(&m->net[i]);
	for (unsigned i = 0; i < m->nr_blk; i++)
		virtio_blk_exit(&m->blk[i]);
	if (m->has_rng)
		virtio_rng_exit(&m->rng);
	if (m->uart.out)
		uart_ns16550a_destroy(&m->uart);
	if (m->vm)
		kvm_vm_destroy(m->vm);
	if (m->kvm)
		kvm_close(m->kvm);
	/* The page-fault handler serves guest RAM until nothing touches it. */
	snap_uffd_free(m->uffd_backend);
	if (m->ram)
		munmap(m->ram, m->ram_size);
	if (m->ram_fd >= 0)
		close(m->ram_fd);
	if (m->restoring) {
		snap_reader_free(m->restoring);
		free(m->restoring);
	}
	pthread_mutex_destroy(&m->mmio_lock);
	pthread_mutex_destroy(&m->pause_lock);
	pthread_cond_destroy(&m->pause_cond);
	memset(m, 0, sizeof(*m));
}
