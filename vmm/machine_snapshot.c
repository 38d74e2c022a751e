// SPDX-License-Identifier: MIT
/* Snapshots of a machine: save a paused machine's state (vCPU registers
 * through KVM_GET_REG_LIST/ONE_REG, the in-core PLIC, the platform
 * devices, every virtio device with its queues) and memory, and build a
 * machine from them again in a new process (see machine.h; the file
 * format is vmm/snapshot/file.h).
 *
 * Both VM types: a vCPU's whole state is in the registers KVM lists (a
 * full machine's M-mode and H-extension CSRs are rvkvm's STATE registers),
 * and a full machine adds its ACLINT (mtime, msip, mtimecmp).  Devices
 * that keep state outside rvkvm (vhost-user backends, vsock connections,
 * console ports) and HTIF are refused with the reason, never saved half. */
#include "vmm/machine.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "vmm/snapshot/config.h"
#include "vmm/snapshot/file.h"
#include "vmm/snapshot/uffd.h"
#include "vmm/say.h"

/* Version 2 stores each register with its own size (vector registers
 * are VLEN bits); version 1's sections, all 8-byte values, read the same. */
#define VCPU_STATE_VERSION   2
#define DEVICE_STATE_VERSION 1

/* A vCPU's section: its MP state, then every register KVM lists, each
 * as its id and its value (saved_len bytes). */
struct vcpu_saved_head {
	uint32_t mp_state;
	uint32_t nregs;
};
/* The largest register value a section may hold (VLEN 1024). */
#define SAVED_REG_MAX 128

static struct virtio_dev *slot_dev(struct machine *m, unsigned i)
{
	return m->virtio[i].transport.dev;
}

/* Why m cannot be saved, or NULL. */
static const char *unsaveable(struct machine *m, char *buf, size_t len)
{
	if (m->has_htif)
		return "HTIF consoles cannot be saved";
	for (unsigned i = 0; i < MACHINE_VIRTIO_SLOTS; i++) {
		struct virtio_dev *d = slot_dev(m, i);
		if (d && d->ops->no_snapshot) {
			snprintf(buf, len, "virtio-mmio slot %u (%s): %s", i, d->ops->name,
				 d->ops->no_snapshot);
			return buf;
		}
	}
	return NULL;
}

/* The bytes a register's value takes in the section: its size, at least 8
 * (a 32-bit register is stored as 64 bits, as version 1 stored all). */
static size_t saved_len(uint64_t id)
{
	uint64_t n = KVM_REG_SIZE(id);
	return n < 8 ? 8 : (size_t)n;
}

static int save_vcpu(struct machine *m, unsigned i, struct snap_writer *w, char *err, size_t errlen)
{
	struct kvm_vcpu *vcpu = m->vcpus[i];
	struct kvm_reg_list probe = { .n = 0 };
	kvm_vcpu_ioctl(vcpu, KVM_GET_REG_LIST, &probe);   /* -E2BIG, with the count */
	uint64_t n = probe.n;
	struct kvm_reg_list *list = calloc(1, sizeof(*list) + n * sizeof(uint64_t));
	uint8_t *buf = NULL;
	int rc = 0;
	if (!list) {
		rc = say(err, errlen, -ENOMEM, "out of memory");
		goto out;
	}
	list->n = n;
	long r = kvm_vcpu_ioctl(vcpu, KVM_GET_REG_LIST, list);
	struct kvm_mp_state mp;
	if (!r)
		r = kvm_vcpu_ioctl(vcpu, KVM_GET_MP_STATE, &mp);
	if (r < 0) {
		rc = say(err, errlen, (int)r, "vCPU %u: %s", i, strerror((int)-r));
		goto out;
	}
	size_t size = sizeof(struct vcpu_saved_head);
	for (uint64_t k = 0; k < n; k++)
		size += sizeof(uint64_t) + saved_len(list->reg[k]);
	buf = calloc(1, size);
	if (!buf) {
		rc = say(err, errlen, -ENOMEM, "out of memory");
		goto out;
	}
	struct vcpu_saved_head h = { mp.mp_state, (uint32_t)n };
	memcpy(buf, &h, sizeof(h));
	size_t off = sizeof(h);
	for (uint64_t k = 0; k < n; k++) {
		uint64_t id = list->reg[k];
		memcpy(buf + off, &id, sizeof(id));
		off += sizeof(id);
		struct kvm_one_reg one = { id, (uint64_t)(uintptr_t)(buf + off) };
		r = kvm_vcpu_ioctl(vcpu, KVM_GET_ONE_REG, &one);
		if (r < 0) {
			rc = say(err, errlen, (int)r, "vCPU %u: register %#llx: %s", i,
				 (unsigned long long)id, strerror((int)-r));
			goto out;
		}
		off += saved_len(id);
	}
	snap_put(w, SNAP_VCPU, (uint16_t)i, VCPU_STATE_VERSION, buf, size);
out:
	free(list);
	free(buf);
	return rc;
}

/* Finish a save to these paths that was cut between its two renames
 * (see vmm/snapshot/file.h), then drop the leftovers of saves that died
 * before committing. */
static void settle_previous(const char *state_path, const char *mem_path)
{
	struct snap_reader r;
	char why[256];
	if (!snap_read_state(&r, state_path, why, sizeof(why))) {
		int fd = snap_open_mem(mem_path, &r.info, why, sizeof(why));
		if (fd >= 0)
			close(fd);
		snap_reader_free(&r);
	}
	snap_remove_stale(state_path);
	snap_remove_stale(mem_path);
}

void machine_devices_freeze(struct machine *m)
{
	for (unsigned i = 0; i < MACHINE_VIRTIO_SLOTS; i++)
		if (slot_dev(m, i))
			virtio_mmio_freeze(&m->virtio[i].transport);
}

void machine_devices_thaw(struct machine *m)
{
	for (unsigned i = 0; i < MACHINE_VIRTIO_SLOTS; i++)
		if (slot_dev(m, i))
			virtio_mmio_thaw(&m->virtio[i].transport);
}

void machine_devices_retire(struct machine *m)
{
	for (unsigned i = 0; i < MACHINE_VIRTIO_SLOTS; i++)
		if (slot_dev(m, i))
			virtio_mmio_retire(&m->virtio[i].transport);
}

const char *machine_unsaveable(struct machine *m, char *buf, size_t len)
{
	return unsaveable(m, buf, len);
}

int machine_state_build(struct machine *m, struct snap_writer *w, char *err, size_t errlen)
{
	char *json = snap_config_to_json(m->cfg);
	if (!json)
		return say(err, errlen, -ENOMEM, "out of memory");
	snap_put(w, SNAP_CONFIG, 0, 1, json, strlen(json));
	free(json);
	int rc = 0;
	for (unsigned i = 0; i < m->nr_cpus && !rc; i++)
		rc = save_vcpu(m, i, w, err, errlen);
	if (rc)
		return rc;
	struct kvm_irqchip chip = { .chip_id = KVM_IRQCHIP_PLIC };
	long r = kvm_vm_ioctl(m->vm, KVM_GET_IRQCHIP, &chip);
	if (r < 0)
		return say(err, errlen, (int)r, "KVM_GET_IRQCHIP: %s", strerror((int)-r));
	snap_put(w, SNAP_IRQCHIP, 0, KVM_RVKVM_PLIC_STATE_VERSION, &chip, sizeof(chip));
	if (!m->cfg->hyp_guest) {
		struct kvm_irqchip clint = { .chip_id = KVM_IRQCHIP_ACLINT };
		r = kvm_vm_ioctl(m->vm, KVM_GET_IRQCHIP, &clint);
		if (r < 0)
			return say(err, errlen, (int)r, "KVM_GET_IRQCHIP (ACLINT): %s",
				   strerror((int)-r));
		snap_put(w, SNAP_ACLINT, 0, KVM_RVKVM_ACLINT_STATE_VERSION, &clint.chip.aclint,
			 sizeof(clint.chip.aclint));
	}
	struct uart_ns16550a_state us;
	uart_ns16550a_save(&m->uart, &us);
	snap_put(w, SNAP_UART, 0, DEVICE_STATE_VERSION, &us, sizeof(us));
	struct rtc_goldfish_state rs;
	rtc_goldfish_save(&m->rtc, &rs);
	snap_put(w, SNAP_RTC, 0, DEVICE_STATE_VERSION, &rs, sizeof(rs));
	for (unsigned i = 0; i < MACHINE_VIRTIO_SLOTS; i++) {
		if (!slot_dev(m, i))
			continue;
		struct virtio_mmio_state vs;
		virtio_mmio_save(&m->virtio[i].transport, &vs);
		snap_put(w, SNAP_VIRTIO, (uint16_t)i, VIRTIO_STATE_VERSION, &vs, sizeof(vs));
	}
	return w->err ? say(err, errlen, w->err, "out of memory building the state") : 0;
}

int machine_snapshot_create(struct machine *m, const char *state_path, const char *mem_path,
			    bool diff, char *err, size_t errlen)
{
	char why[256];
	const char *no = unsaveable(m, why, sizeof(why));
	if (no)
		return say(err, errlen, -EOPNOTSUPP, "%s", no);
	if (diff && !m->cfg->track_dirty_pages)
		return say(err, errlen, -EINVAL, "a Diff snapshot needs dirty page tracking "
			   "(machine-config track_dirty_pages, or enable_diff_snapshots at load)");
	if (diff && !m->snap_id)
		return say(err, errlen, -EINVAL, "a Diff snapshot follows a Full one (or a restore): "
			   "there is none to follow yet");
	settle_previous(state_path, mem_path);
	struct snap_writer w;
	snap_writer_init(&w);
	/* Devices still: nothing writes guest memory from here until the
	 * memory file is written, so rings and memory agree. */
	machine_devices_freeze(m);
	int rc = machine_state_build(m, &w, err, errlen);
	struct snap_info info = { 0, m->ram_size, snap_new_id() };
	char tmp[4096];
	/* Dirty since the last snapshot (fetching clears the log: the next
	 * diff starts from this one).  Only with the devices frozen: their
	 * writes are logged too. */
	uint64_t *dirty = NULL;
	bool log_taken = !rc && m->cfg->track_dirty_pages;
	if (log_taken) {
		dirty = calloc((m->ram_size / 4096 + 63) / 64, sizeof(uint64_t));
		struct kvm_dirty_log log = { .slot = 0, .dirty_bitmap = (uint64_t)(uintptr_t)dirty };
		long r = dirty ? kvm_vm_ioctl(m->vm, KVM_GET_DIRTY_LOG, &log) : -ENOMEM;
		if (r < 0)
			rc = say(err, errlen, (int)r, "KVM_GET_DIRTY_LOG: %s", strerror((int)-r));
	}
	if (!rc)
		rc = snap_write_mem(mem_path, m->ram, m->ram_size, diff ? dirty : NULL, info.mem_id,
				    m->snap_id, tmp, sizeof(tmp), err, errlen);
	free(dirty);
	machine_devices_thaw(m);
	if (!rc) {
		rc = snap_write_state(&w, state_path, &info, err, errlen);
		if (rc)
			unlink(tmp);
		else
			rc = snap_commit_mem(tmp, mem_path, err, errlen);
	}
	/* The next diff follows this snapshot.  A failed save has still
	 * taken the pages from the log: no diff can follow until a full one. */
	if (log_taken)
		m->snap_id = rc ? 0 : info.mem_id;
	else if (!rc)
		m->snap_id = info.mem_id;
	snap_writer_free(&w);
	return rc;
}

int machine_snapshot_read_config(const char *state_path, const char *mem_path,
				 struct machine_config *cfg,
				 const char *(*keep)(void *ctx, const char *s), void *ctx,
				 char *err, size_t errlen)
{
	struct snap_reader r;
	int rc = snap_read_state(&r, state_path, err, errlen);
	if (rc)
		return rc;
	int fd = mem_path ? snap_open_mem(mem_path, &r.info, err, errlen) : -1;
	if (mem_path && fd < 0) {
		snap_reader_free(&r);
		return fd;
	}
	if (fd >= 0)
		close(fd);
	uint16_t ver;
	size_t len;
	const char *json = snap_get(&r, SNAP_CONFIG, 0, &ver, &len);
	if (!json || ver != 1) {
		rc = say(err, errlen, -EINVAL, "%s: no machine configuration in the snapshot",
			 state_path);
	} else {
		char why[256];
		rc = snap_config_from_json(json, len, cfg, keep, ctx, why, sizeof(why));
		if (rc)
			say(err, errlen, rc, "%s: %s", state_path, why);
	}
	snap_reader_free(&r);
	return rc;
}

/* --- restoring ------------------------------------------------------------------- */

/* The page-fault handler went away and the guest touched a page it had
 * not served: its memory is lost. */
static void uffd_lost(void *ctx, const char *why)
{
	fprintf(stderr, "rvkvm: %s; the guest stops\n", why);
	machine_stop(ctx, 1);
}

/* Guest RAM for the Uffd backend: anonymous and untouched, registered with
 * a userfaultfd that goes to the handler (vmm/snapshot/uffd.h), which
 * serves each page as it is first touched.  It is serving before the
 * state loads (the loads read the virtio rings in guest RAM). */
static void *uffd_ram(struct machine *m, const struct machine_restore *rs, char *err,
		      size_t errlen, int *rc)
{
	void *p = mmap(NULL, m->ram_size, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (p == MAP_FAILED) {
		*rc = say(err, errlen, -errno, "cannot allocate %llu bytes of guest RAM: %s",
			  (unsigned long long)m->ram_size, strerror(errno));
		return p;
	}
	/* Faults, and the handler's copies, in the page size it was told. */
	madvise(p, m->ram_size, MADV_NOHUGEPAGE);
	char why[400];
	*rc = snap_uffd_start(&m->uffd_backend, rs->uffd_sock, p, m->ram_size, uffd_lost, m, why,
			      sizeof(why));
	if (*rc) {
		say(err, errlen, *rc, "Uffd memory backend: %s", why);
		munmap(p, m->ram_size);
		return MAP_FAILED;
	}
	return p;
}

int machine_restore_ram(struct machine *m, const struct machine_restore *rs, void **ram)
{
	char err[512];
	struct snap_reader *r = calloc(1, sizeof(*r));
	if (!r)
		return -ENOMEM;
	int rc = snap_read_state(r, rs->state_path, err, sizeof(err));
	if (!rc && r->info.mem_size != m->ram_size)
		rc = say(err, sizeof(err), -EINVAL, "%s: %llu bytes of memory, the configuration says "
			 "%llu", rs->state_path, (unsigned long long)r->info.mem_size,
			 (unsigned long long)m->ram_size);
	int fd = rc || rs->uffd ? -1 : snap_open_mem(rs->mem_path, &r->info, err, sizeof(err));
	if (!rc && !rs->uffd && fd < 0)
		rc = fd;
	void *p = MAP_FAILED;
	if (!rc && rs->uffd) {
		p = uffd_ram(m, rs, err, sizeof(err), &rc);
	} else if (!rc) {
		/* Pages come from the file as the guest touches them, copied on
		 * its first write: the restore costs what the guest uses, not
		 * its size. */
		p = mmap(NULL, m->ram_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_NORESERVE, fd,
			 0);
		if (p == MAP_FAILED)
			rc = say(err, sizeof(err), -errno, "cannot map %s: %s", rs->mem_path,
				 strerror(errno));
		close(fd);
	}
	if (rc) {
		fprintf(stderr, "rvkvm: restore: %s\n", err);
		snap_reader_free(r);
		free(r);
		return rc;
	}
	m->restoring = r;
	m->snap_id = r->info.mem_id;   /* a diff can follow the restored snapshot */
	*ram = p;
	return 0;
}

/* The payload of (tag, instance) when it has this version and size. */
static const void *section(struct machine *m, uint32_t tag, uint16_t inst, uint16_t version,
			   size_t size, const char *what)
{
	uint16_t ver;
	size_t len;
	const void *p = snap_get(m->restoring, tag, inst, &ver, &len);
	if (!p)
		fprintf(stderr, "rvkvm: restore: the snapshot has no %s\n", what);
	else if (ver != version || (size && len != size))
		fprintf(stderr, "rvkvm: restore: %s: version %u of %zu bytes, expected version %u "
			"of %zu\n", what, ver, len, version, size);
	else
		return p;
	return NULL;
}

/* mstateen0 (Smstateen), a full machine's state register since the hart
 * has it. */
#define CSR_MSTATEEN0 0x30c

/* A full machine's section (it has the STATE registers) without mstateen0. */
static bool saved_stateen_missing(const uint8_t *p, size_t len, uint32_t nregs)
{
	bool full = false;
	size_t off = sizeof(struct vcpu_saved_head);
	for (uint32_t k = 0; k < nregs && off + 8 <= len; k++) {
		uint64_t id;
		memcpy(&id, p + off, 8);
		if (id == KVM_REG_RISCV_RVKVM_STATE_CSR_REG(CSR_MSTATEEN0))
			return false;
		full |= (id & 0xff000000ULL) == KVM_REG_RISCV_RVKVM_STATE;
		off += 8 + saved_len(id);
	}
	return full;
}

static int restore_vcpu(struct machine *m, unsigned i)
{
	uint16_t ver;
	size_t len;
	const uint8_t *p = snap_get(m->restoring, SNAP_VCPU, (uint16_t)i, &ver, &len);
	if (!p) {
		fprintf(stderr, "rvkvm: restore: the snapshot has no vCPU %u\n", i);
		return -EINVAL;
	}
	if (ver != 1 && ver != VCPU_STATE_VERSION) {
		fprintf(stderr, "rvkvm: restore: vCPU %u: version %u, expected 1 or %u\n", i, ver,
			VCPU_STATE_VERSION);
		return -EINVAL;
	}
	struct vcpu_saved_head h;
	if (len < sizeof(h))
		goto bad;
	memcpy(&h, p, sizeof(h));
	size_t off = sizeof(h);
	for (uint32_t k = 0; k < h.nregs; k++) {
		uint64_t id;
		if (len - off < sizeof(id))
			goto bad;
		memcpy(&id, p + off, sizeof(id));
		off += sizeof(id);
		size_t vlen = saved_len(id);
		if (vlen > SAVED_REG_MAX || len - off < vlen)
			goto bad;
		uint64_t val[SAVED_REG_MAX / 8];
		memcpy(val, p + off, vlen);
		off += vlen;
		struct kvm_one_reg one = { id, (uint64_t)(uintptr_t)val };
		long r = kvm_vcpu_ioctl(m->vcpus[i], KVM_SET_ONE_REG, &one);
		if (r < 0) {
			fprintf(stderr, "rvkvm: restore: vCPU %u: register %#llx = %#llx: %s\n", i,
				(unsigned long long)id, (unsigned long long)val[0],
				strerror((int)-r));
			return (int)r;
		}
	}
	if (off != len)
		goto bad;
	if (saved_stateen_missing(p, len, h.nregs)) {
		/* Saved before the hart had Smstateen: its firmware never set
		 * mstateen, which now resets to zero and would take senvcfg away
		 * from the guest's kernel; open it as a hart without it was. */
		for (unsigned n = 0; n < 4; n++) {
			uint64_t v = (1ULL << 63) | (n ? 0 : 1ULL << 62);  /* SE0, ENVCFG */
			struct kvm_one_reg one = { KVM_REG_RISCV_RVKVM_STATE_CSR_REG(CSR_MSTATEEN0 + n),
						   (uint64_t)(uintptr_t)&v };
			long r = kvm_vcpu_ioctl(m->vcpus[i], KVM_SET_ONE_REG, &one);
			if (r < 0)
				return (int)r;
		}
	}
	struct kvm_mp_state mp = { h.mp_state };
	long r = kvm_vcpu_ioctl(m->vcpus[i], KVM_SET_MP_STATE, &mp);
	if (r < 0) {
		fprintf(stderr, "rvkvm: restore: vCPU %u: MP state %u: %s\n", i, h.mp_state,
			strerror((int)-r));
		return (int)r;
	}
	return 0;
bad:
	fprintf(stderr, "rvkvm: restore: vCPU %u: a malformed register list\n", i);
	return -EINVAL;
}

/* A full machine's ACLINT, which also sets the guest's clock (mtime) to
 * go on from the saved time; a hypervisor guest has none (its clock is
 * its vCPUs' TIMER registers). */
static int restore_aclint(struct machine *m)
{
	uint16_t ver;
	size_t len;
	if (m->cfg->hyp_guest) {
		if (!snap_get(m->restoring, SNAP_ACLINT, 0, &ver, &len))
			return 0;
		fprintf(stderr, "rvkvm: restore: the snapshot has an ACLINT, which a hypervisor "
			"guest does not\n");
		return -EINVAL;
	}
	const void *p = section(m, SNAP_ACLINT, 0, KVM_RVKVM_ACLINT_STATE_VERSION,
				sizeof(struct kvm_rvkvm_aclint_state), "ACLINT");
	if (!p)
		return -EINVAL;
	struct kvm_irqchip c = { .chip_id = KVM_IRQCHIP_ACLINT };
	memcpy(&c.chip.aclint, p, sizeof(c.chip.aclint));
	long r = kvm_vm_ioctl(m->vm, KVM_SET_IRQCHIP, &c);
	if (r < 0)
		fprintf(stderr, "rvkvm: restore: KVM_SET_IRQCHIP (ACLINT): %s\n", strerror((int)-r));
	return (int)r;
}

static int restore_devices(struct machine *m)
{
	const struct kvm_irqchip *chip = section(m, SNAP_IRQCHIP, 0, KVM_RVKVM_PLIC_STATE_VERSION,
						 sizeof(struct kvm_irqchip), "interrupt controller");
	if (!chip)
		return -EINVAL;
	struct kvm_irqchip c;
	memcpy(&c, chip, sizeof(c));
	long r = kvm_vm_ioctl(m->vm, KVM_SET_IRQCHIP, &c);
	if (r < 0) {
		fprintf(stderr, "rvkvm: restore: KVM_SET_IRQCHIP: %s\n", strerror((int)-r));
		return (int)r;
	}
	r = restore_aclint(m);
	if (r < 0)
		return (int)r;
	const void *p = section(m, SNAP_UART, 0, DEVICE_STATE_VERSION,
				sizeof(struct uart_ns16550a_state), "UART");
	struct uart_ns16550a_state us;
	if (!p)
		return -EINVAL;
	memcpy(&us, p, sizeof(us));
	if (!uart_ns16550a_load(&m->uart, &us)) {
		fprintf(stderr, "rvkvm: restore: the UART's state is not one a UART can be in\n");
		return -EINVAL;
	}
	p = section(m, SNAP_RTC, 0, DEVICE_STATE_VERSION, sizeof(struct rtc_goldfish_state), "RTC");
	struct rtc_goldfish_state rs;
	if (!p)
		return -EINVAL;
	memcpy(&rs, p, sizeof(rs));
	if (!rtc_goldfish_load(&m->rtc, &rs)) {
		fprintf(stderr, "rvkvm: restore: the RTC's state is not one an RTC can be in\n");
		return -EINVAL;
	}
	for (unsigned i = 0; i < MACHINE_VIRTIO_SLOTS; i++) {
		struct virtio_dev *d = slot_dev(m, i);
		if (!d)
			continue;
		char what[48];
		snprintf(what, sizeof(what), "virtio-mmio slot %u (%s)", i, d->ops->name);
		struct virtio_mmio_state *vs = malloc(sizeof(*vs));
		p = section(m, SNAP_VIRTIO, (uint16_t)i, VIRTIO_STATE_VERSION, sizeof(*vs), what);
		if (!p || !vs) {
			free(vs);
			return -EINVAL;
		}
		memcpy(vs, p, sizeof(*vs));
		int e = virtio_mmio_load(&m->virtio[i].transport, vs);
		free(vs);
		if (e < 0) {
			fprintf(stderr, "rvkvm: restore: %s: the saved state does not fit this device\n",
				what);
			return e;
		}
		/* Buffers the driver made available before the snapshot that the
		 * device had not taken yet: their notification went to the old
		 * process, so notify again (harmless when there are none). */
		pthread_mutex_lock(&d->lock);
		for (unsigned q = 0; q < d->nvqs; q++)
			if (d->vqs[q].ready && (d->status & VIRTIO_STATUS_DRIVER_OK))
				virtio_dev_queue_notify(d, q);
		pthread_mutex_unlock(&d->lock);
	}
	return 0;
}

int machine_restore_state(struct machine *m)
{
	int rc = 0;
	for (unsigned i = 0; i < m->nr_cpus && !rc; i++)
		rc = restore_vcpu(m, i);
	if (!rc && snap_get(m->restoring, SNAP_VCPU, (uint16_t)m->nr_cpus, &(uint16_t){ 0 },
			    &(size_t){ 0 })) {
		fprintf(stderr, "rvkvm: restore: the snapshot has more vCPUs than its configuration\n");
		rc = -EINVAL;
	}
	if (!rc)
		rc = restore_devices(m);
	/* Pages the load needed that nobody served read as zeros: refuse
	 * the load rather than run what it made of them. */
	if (!rc && m->uffd_backend && vmm_stop_requested(&m->stop)) {
		fprintf(stderr, "rvkvm: restore: the page-fault handler went away during the "
			"load\n");
		rc = -EPIPE;
	}
	snap_reader_free(m->restoring);
	free(m->restoring);
	m->restoring = NULL;
	return rc;
}
