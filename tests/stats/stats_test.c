// SPDX-License-Identifier: MIT
/* KVM_GET_STATS_FD (include/rvkvm/kvm.h) checked against the layout of
 * Documentation/virt/kvm/api.rst "KVM_GET_STATS_FD", and the counters
 * against what the guests below really do.  The stats files are decoded
 * here from the header's offsets only (this test's own reader).
 *   stats_test DIR   DIR holds guest_full.bin and guest_hyp.bin
 * Prints one "PASS name" / "FAIL name" line per case; exits 1 if any failed. */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "rvkvm/kvm.h"

#define EXPECT_SUITE "stats_test"
#include "tests/lib/expect.h"

#define RAM_BASE  0x80000000ULL
#define RAM_SIZE  (64 * 4096ULL)
#define MMIO_BASE 0x10000000ULL

static const char *dir;

/* --- a reader of the stats file, from the documentation --- */

struct stats_file {
	uint8_t *buf;
	size_t len;
	struct kvm_stats_header h;
	const char *id;
};

/* A descriptor's fields (struct kvm_stats_desc) and its name. */
struct stat_desc {
	uint32_t flags;
	int16_t exponent;
	uint16_t size;
	uint32_t offset, bucket_size;
	const char *name;
};

/* The whole file: pread until it returns 0. */
static int stats_read(struct kvm_stats_fd *f, struct stats_file *s)
{
	size_t cap = 256;
	s->buf = malloc(cap);
	s->len = 0;
	for (;;) {
		if (cap - s->len < 64)
			s->buf = realloc(s->buf, cap *= 2);
		long r = kvm_stats_pread(f, s->buf + s->len, cap - s->len, s->len);
		if (r < 0)
			return (int)r;
		if (r == 0)
			break;
		s->len += (size_t)r;
	}
	if (s->len < sizeof(s->h))
		return -EIO;
	memcpy(&s->h, s->buf, sizeof(s->h));
	s->id = (const char *)s->buf + s->h.id_offset;
	return 0;
}

static size_t desc_size(const struct stats_file *s)
{
	return sizeof(struct kvm_stats_desc) + s->h.name_size;
}

static struct stat_desc stats_desc(const struct stats_file *s, unsigned i)
{
	const uint8_t *p = s->buf + s->h.desc_offset + i * desc_size(s);
	struct kvm_stats_desc k;
	memcpy(&k, p, sizeof(k));
	return (struct stat_desc){
		.flags = k.flags, .exponent = k.exponent, .size = k.size, .offset = k.offset,
		.bucket_size = k.bucket_size, .name = (const char *)p + sizeof(struct kvm_stats_desc),
	};
}

static uint64_t stats_value(const struct stats_file *s, const struct stat_desc *d, unsigned j)
{
	uint64_t v;
	memcpy(&v, s->buf + s->h.data_offset + d->offset + 8 * j, 8);
	return v;
}

/* The descriptor of the statistic called name (in *out), or NULL. */
static const struct stat_desc *stats_find(const struct stats_file *s, const char *name,
					  struct stat_desc *out)
{
	for (unsigned i = 0; i < s->h.num_desc; i++) {
		*out = stats_desc(s, i);
		if (!strcmp(out->name, name))
			return out;
	}
	return NULL;
}

static uint64_t stat_get(const struct stats_file *s, const char *name)
{
	struct stat_desc d;
	if (!stats_find(s, name, &d)) {
		fprintf(stderr, "%s: no statistic %s\n", cur_case, name);
		cur_ok = false;
		return 0;
	}
	return stats_value(s, &d, 0);
}

static uint64_t hist_sum(const struct stats_file *s, const char *name)
{
	struct stat_desc d;
	if (!stats_find(s, name, &d)) {
		fprintf(stderr, "%s: no histogram %s\n", cur_case, name);
		cur_ok = false;
		return 0;
	}
	uint64_t sum = 0;
	for (unsigned j = 0; j < d.size; j++)
		sum += stats_value(s, &d, j);
	return sum;
}

static void stats_free(struct stats_file *s)
{
	free(s->buf);
	s->buf = NULL;
}

static struct stats_file read_vcpu(struct kvm_stats_fd *f)
{
	struct stats_file s;
	EXPECT_EQ(stats_read(f, &s), 0);
	return s;
}

/* Check the layout rules of api.rst; id is the expected id string. */
static void check_layout(const struct stats_file *s, const char *id)
{
	const struct kvm_stats_header *h = &s->h;
	EXPECT_EQ(h->flags, 0);
	EXPECT(h->name_size > 0 && h->name_size <= 4096);
	EXPECT(h->num_desc > 0);
	/* every block at a multiple of 8, inside the file, not overlapping */
	EXPECT_EQ(h->id_offset % 8, 0);
	EXPECT_EQ(h->desc_offset % 8, 0);
	EXPECT_EQ(h->data_offset % 8, 0);
	EXPECT(h->id_offset >= sizeof(*h));
	uint64_t id_end = (uint64_t)h->id_offset + h->name_size;
	uint64_t desc_end = (uint64_t)h->desc_offset + (uint64_t)h->num_desc * desc_size(s);
	EXPECT(id_end <= s->len && desc_end <= s->len && h->data_offset <= s->len);
	/* [header) [id) [descriptors) [data): pairwise disjoint */
	uint64_t blk[4][2] = { { 0, sizeof(*h) }, { h->id_offset, id_end },
			       { h->desc_offset, desc_end }, { h->data_offset, s->len } };
	for (unsigned i = 0; i < 4; i++)
		for (unsigned j = i + 1; j < 4; j++)
			EXPECT(blk[i][1] <= blk[j][0] || blk[j][1] <= blk[i][0]);
	if (!cur_ok)
		return;
	EXPECT(memchr(s->id, '\0', h->name_size) != NULL);
	EXPECT(!strcmp(s->id, id));
	if (strcmp(s->id, id))
		fprintf(stderr, "%s: id '%.*s', expected '%s'\n", cur_case, (int)h->name_size, s->id, id);

	uint64_t data_len = s->len - h->data_offset, used = 0;
	uint8_t *seen = calloc(data_len / 8 + 1, 1);
	for (unsigned i = 0; i < h->num_desc && cur_ok; i++) {
		struct stat_desc d = stats_desc(s, i);
		uint32_t type = d.flags & KVM_STATS_TYPE_MASK;
		uint32_t unit = d.flags & KVM_STATS_UNIT_MASK;
		uint32_t base = d.flags & KVM_STATS_BASE_MASK;
		EXPECT(memchr(d.name, '\0', h->name_size) != NULL);
		if (!cur_ok)
			break;
		EXPECT(d.name[0] != '\0');
		EXPECT_EQ(d.flags & ~(KVM_STATS_TYPE_MASK | KVM_STATS_UNIT_MASK | KVM_STATS_BASE_MASK), 0);
		EXPECT(type <= KVM_STATS_TYPE_MAX);
		EXPECT(unit <= KVM_STATS_UNIT_MAX);
		EXPECT(base <= KVM_STATS_BASE_MAX);
		if (type == KVM_STATS_TYPE_LOG_HIST || type == KVM_STATS_TYPE_LINEAR_HIST)
			EXPECT(d.size >= 1);
		else
			EXPECT_EQ(d.size, 1);
		if (type != KVM_STATS_TYPE_LINEAR_HIST)
			EXPECT_EQ(d.bucket_size, 0);
		if (unit == KVM_STATS_UNIT_SECONDS)
			EXPECT(base == KVM_STATS_BASE_POW10);
		EXPECT_EQ(d.offset % 8, 0);
		EXPECT((uint64_t)d.offset + 8ull * d.size <= data_len);
		if (!cur_ok)
			break;
		for (unsigned j = 0; j < d.size; j++) {   /* no two share a value */
			size_t k = d.offset / 8 + j;
			EXPECT(!seen[k]);
			seen[k] = 1;
		}
		used += 8ull * d.size;
		for (unsigned k = 0; k < i; k++)
			if (!strcmp(stats_desc(s, k).name, d.name)) {
				fprintf(stderr, "%s: name %s repeated\n", cur_case, d.name);
				cur_ok = false;
			}
	}
	EXPECT_EQ(used, data_len);   /* the data block is the values, nothing more */
	free(seen);
}

/* Cumulative and peak values and histogram buckets never decrease. */
static bool check_monotonic(const struct stats_file *prev, const struct stats_file *cur)
{
	bool ok = true;
	for (unsigned i = 0; i < cur->h.num_desc; i++) {
		struct stat_desc d = stats_desc(cur, i);
		uint32_t type = d.flags & KVM_STATS_TYPE_MASK;
		if (type == KVM_STATS_TYPE_INSTANT)
			continue;
		for (unsigned j = 0; j < d.size; j++) {
			uint64_t a = stats_value(prev, &d, j), b = stats_value(cur, &d, j);
			if (b < a) {
				fprintf(stderr, "%s: %s[%u] went from %llu to %llu\n", cur_case, d.name, j,
					(unsigned long long)a, (unsigned long long)b);
				ok = false;
			}
		}
	}
	return ok;
}

/* --- VMs --- */

static void *alloc_ram(void)
{
	void *p = mmap(NULL, RAM_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED) {
		perror("mmap");
		exit(1);
	}
	return p;
}

static void load_guest(void *ram, const char *name)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *f = fopen(path, "rb");
	if (!f) {
		perror(path);
		exit(1);
	}
	size_t n = fread(ram, 1, RAM_SIZE, f);
	fclose(f);
	if (!n) {
		fprintf(stderr, "%s: empty\n", path);
		exit(1);
	}
}

struct vm {
	struct kvm *kvm;
	struct kvm_vm *vm;
	struct kvm_vcpu *vcpu;
	struct kvm_run *run;
	void *ram;
};

static void vm_create(struct vm *v, unsigned long type, const char *guest, int64_t halt_poll_ns)
{
	EXPECT_EQ(kvm_open(&v->kvm), 0);
	EXPECT_EQ(kvm_create_vm(v->kvm, type, &v->vm), 0);
	v->ram = alloc_ram();
	load_guest(v->ram, guest);
	struct kvm_userspace_memory_region r = {
		.slot = 0, .guest_phys_addr = RAM_BASE, .memory_size = RAM_SIZE,
		.userspace_addr = (uint64_t)(uintptr_t)v->ram,
	};
	EXPECT_EQ(kvm_vm_ioctl(v->vm, KVM_SET_USER_MEMORY_REGION, &r), 0);
	struct kvm_rvkvm_mmio_region m = { .guest_phys_addr = MMIO_BASE, .size = 0x1000 };
	EXPECT_EQ(kvm_vm_ioctl(v->vm, KVM_RVKVM_ADD_MMIO_REGION, &m), 0);
	if (halt_poll_ns >= 0) {
		struct kvm_enable_cap cap = { .cap = KVM_CAP_HALT_POLL,
					      .args = { (uint64_t)halt_poll_ns } };
		EXPECT_EQ(kvm_vm_ioctl(v->vm, KVM_ENABLE_CAP, &cap), 0);
	}
	EXPECT_EQ(kvm_create_vcpu(v->vm, 0, &v->vcpu), 0);
	v->run = kvm_vcpu_run_struct(v->vcpu);
}

static void vm_destroy(struct vm *v)
{
	kvm_vm_destroy(v->vm);
	kvm_close(v->kvm);
	munmap(v->ram, RAM_SIZE);
}

static void set_reg(struct kvm_vcpu *vcpu, uint64_t id, uint64_t val)
{
	struct kvm_one_reg r = { .id = id, .addr = (uint64_t)(uintptr_t)&val };
	EXPECT_EQ(kvm_vcpu_ioctl(vcpu, KVM_SET_ONE_REG, &r), 0);
}

static struct kvm_stats_fd *stats_fd_vm(struct vm *v)
{
	struct kvm_stats_fd *f = NULL;
	EXPECT_EQ(kvm_vm_ioctl(v->vm, KVM_GET_STATS_FD, &f), 0);
	return f;
}

static struct kvm_stats_fd *stats_fd_vcpu(struct vm *v)
{
	struct kvm_stats_fd *f = NULL;
	EXPECT_EQ(kvm_vcpu_ioctl(v->vcpu, KVM_GET_STATS_FD, &f), 0);
	return f;
}

/* Run until the guest writes MMIO_BASE + done_off; counts the MMIO exits
 * and KVM_RUN calls; checks the stats never decrease between exits. */
struct run_counts {
	unsigned runs, mmio_exits, sbi_exits;
	uint64_t last_mmio_off, last_data;
};

static void run_guest(struct vm *v, struct kvm_stats_fd *f, uint64_t done_off,
		      struct run_counts *c)
{
	memset(c, 0, sizeof(*c));
	struct stats_file prev = read_vcpu(f);
	for (int guard = 0; guard < 10000; guard++) {
		long r = kvm_vcpu_ioctl(v->vcpu, KVM_RUN, NULL);
		c->runs++;
		EXPECT_EQ(r, 0);
		if (r)
			break;
		struct stats_file cur = read_vcpu(f);
		EXPECT(check_monotonic(&prev, &cur));
		stats_free(&prev);
		prev = cur;
		if (v->run->exit_reason == KVM_EXIT_RISCV_SBI) {
			c->sbi_exits++;
			v->run->riscv_sbi.ret[0] = 0;
			continue;
		}
		EXPECT_EQ(v->run->exit_reason, KVM_EXIT_MMIO);
		if (v->run->exit_reason != KVM_EXIT_MMIO)
			break;
		c->mmio_exits++;
		c->last_mmio_off = v->run->mmio.phys_addr - MMIO_BASE;
		memcpy(&c->last_data, v->run->mmio.data, 8);
		if (c->last_mmio_off == done_off)
			break;
	}
	stats_free(&prev);
}

/* --- cases --- */

static void test_api(void)
{
	begin("api");
	struct vm v;
	vm_create(&v, KVM_VM_TYPE_FULL_MACHINE, "guest_full.bin", -1);
	EXPECT_EQ(kvm_ioctl(v.kvm, KVM_CHECK_EXTENSION, KVM_CAP_BINARY_STATS_FD), 1);
	EXPECT_EQ(kvm_vm_ioctl(v.vm, KVM_GET_STATS_FD, NULL), -EFAULT);
	EXPECT_EQ(kvm_vcpu_ioctl(v.vcpu, KVM_GET_STATS_FD, NULL), -EFAULT);
	EXPECT_EQ(kvm_vm_ioctl(NULL, KVM_GET_STATS_FD, NULL), -EBADF);
	uint8_t b[8];
	EXPECT_EQ(kvm_stats_pread(NULL, b, sizeof(b), 0), -EBADF);
	kvm_stats_close(NULL);
	struct kvm_stats_fd *f = stats_fd_vcpu(&v);
	EXPECT(f != NULL);
	if (f) {
		EXPECT_EQ(kvm_stats_pread(f, NULL, 8, 0), -EFAULT);
		EXPECT_EQ(kvm_stats_pread(f, b, 0, 0), 0);
		/* pread: piecewise reads at any offset give the same file */
		struct stats_file s = read_vcpu(f);
		uint8_t *copy = calloc(1, s.len);
		for (size_t off = 0; off < s.len; off += 7)
			EXPECT_EQ(kvm_stats_pread(f, copy + off, 7, off),
				  s.len - off < 7 ? s.len - off : 7);
		EXPECT(memcmp(copy, s.buf, s.len) == 0);
		EXPECT_EQ(kvm_stats_pread(f, b, sizeof(b), s.len), 0);
		EXPECT_EQ(kvm_stats_pread(f, b, sizeof(b), s.len + 1000), 0);
		EXPECT_EQ(kvm_stats_pread(f, b, sizeof(b), UINT64_MAX), 0);
		EXPECT_EQ(kvm_stats_pread(f, b, sizeof(b), s.len - 4), 4);
		free(copy);
		stats_free(&s);
		kvm_stats_close(f);
	}
	vm_destroy(&v);
	end();
}

static void test_layout(void)
{
	struct vm v;
	char id[64];
	begin("layout_vm");
	vm_create(&v, KVM_VM_TYPE_FULL_MACHINE, "guest_full.bin", -1);
	struct kvm_stats_fd *f = stats_fd_vm(&v);
	if (f) {
		struct stats_file s = read_vcpu(f);
		snprintf(id, sizeof(id), "kvm-%d", (int)getpid());
		check_layout(&s, id);
		stats_free(&s);
		kvm_stats_close(f);
	}
	end();

	begin("layout_vcpu");
	struct kvm_vcpu *v1;
	EXPECT_EQ(kvm_create_vcpu(v.vm, 5, &v1), 0);
	EXPECT_EQ(kvm_vcpu_ioctl(v1, KVM_GET_STATS_FD, &f), 0);
	if (f) {
		struct stats_file s = read_vcpu(f);
		snprintf(id, sizeof(id), "kvm-%d/vcpu-5", (int)getpid());
		check_layout(&s, id);
		stats_free(&s);
		kvm_stats_close(f);
	}
	end();

	/* VM stats: INSTANT values follow the VM's configuration */
	begin("vm_values");
	f = stats_fd_vm(&v);
	struct stats_file s = read_vcpu(f);
	EXPECT_EQ(stat_get(&s, "vcpus"), 2);
	EXPECT_EQ(stat_get(&s, "memslots"), 1);
	EXPECT_EQ(stat_get(&s, "memslot_pages"), RAM_SIZE / 4096);
	EXPECT_EQ(stat_get(&s, "remote_tlb_flush_requests"), 0);
	struct stat_desc d;
	if (stats_find(&s, "memslot_pages", &d)) {   /* 4 KiB pages: 2^12 bytes */
		EXPECT_EQ(d.flags, KVM_STATS_TYPE_INSTANT | KVM_STATS_UNIT_BYTES | KVM_STATS_BASE_POW2);
		EXPECT_EQ(d.exponent, 12);
	}
	stats_free(&s);
	void *more = mmap(NULL, 8 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	struct kvm_userspace_memory_region r = {
		.slot = 3, .guest_phys_addr = 0x40000000, .memory_size = 8 * 4096,
		.userspace_addr = (uint64_t)(uintptr_t)more,
	};
	EXPECT_EQ(kvm_vm_ioctl(v.vm, KVM_SET_USER_MEMORY_REGION, &r), 0);
	s = read_vcpu(f);
	EXPECT_EQ(stat_get(&s, "memslots"), 2);
	EXPECT_EQ(stat_get(&s, "memslot_pages"), RAM_SIZE / 4096 + 8);
	stats_free(&s);
	r.memory_size = 0;
	EXPECT_EQ(kvm_vm_ioctl(v.vm, KVM_SET_USER_MEMORY_REGION, &r), 0);
	s = read_vcpu(f);
	EXPECT_EQ(stat_get(&s, "memslots"), 1);
	stats_free(&s);
	kvm_stats_close(f);
	munmap(more, 8 * 4096);
	vm_destroy(&v);
	end();
}

/* MMIO exits and halts of a full machine, halt polling off: every halt
 * sleeps, so halt_wait_hist counts each one. */
static void test_full_machine(void)
{
	begin("full_machine");
	enum { NMMIO = 5, NHALT = 4 };
	struct vm v;
	vm_create(&v, KVM_VM_TYPE_FULL_MACHINE, "guest_full.bin", 0);
	set_reg(v.vcpu, KVM_REG_RISCV_CORE_REG(10), NMMIO);
	set_reg(v.vcpu, KVM_REG_RISCV_CORE_REG(11), NHALT);
	set_reg(v.vcpu, KVM_REG_RISCV_CORE_REG(12), 20000);   /* 2 ms */
	struct kvm_stats_fd *f = stats_fd_vcpu(&v);
	struct run_counts c;
	run_guest(&v, f, 4, &c);
	EXPECT_EQ(c.last_mmio_off, 4);
	EXPECT_EQ(c.mmio_exits, NMMIO + 1);
	struct stats_file s = read_vcpu(f);
	EXPECT_EQ(stat_get(&s, "mmio_exit_user"), c.mmio_exits);
	EXPECT_EQ(stat_get(&s, "user_exits"), c.mmio_exits);
	EXPECT_EQ(stat_get(&s, "run_calls"), c.runs);
	EXPECT_EQ(stat_get(&s, "mmio_exit_kernel"), 0);
	EXPECT_EQ(stat_get(&s, "signal_exits"), 0);
	EXPECT_EQ(stat_get(&s, "internal_error_exits"), 0);
	EXPECT_EQ(stat_get(&s, "ecall_exit_stat"), 0);
	EXPECT_EQ(stat_get(&s, "vm_exits"), 0);
	uint64_t halts = stat_get(&s, "wfi_exit_stat");
	/* a WFI whose deadline already passed does not halt; a spurious
	 * wake-up halts again */
	EXPECT(halts >= 1);
	EXPECT_EQ(stat_get(&s, "halt_attempted_poll"), 0);
	EXPECT_EQ(stat_get(&s, "halt_successful_poll"), 0);
	EXPECT_EQ(hist_sum(&s, "halt_poll_success_hist"), 0);
	EXPECT_EQ(hist_sum(&s, "halt_poll_fail_hist"), 0);
	EXPECT_EQ(hist_sum(&s, "halt_wait_hist"), halts);
	EXPECT_EQ(stat_get(&s, "halt_wakeup"), halts);
	EXPECT(stat_get(&s, "wfi_timer_wakeups") <= halts);
	/* at most ~2 ms a halt, in ns */
	uint64_t wait_ns = stat_get(&s, "halt_wait_ns");
	EXPECT(wait_ns > 0 && wait_ns < 10000000000ull);
	struct stat_desc d;
	if (stats_find(&s, "halt_wait_hist", &d)) {
		EXPECT_EQ(d.flags, KVM_STATS_TYPE_LOG_HIST | KVM_STATS_UNIT_SECONDS | KVM_STATS_BASE_POW10);
		EXPECT_EQ(d.exponent, -9);
		EXPECT_EQ(d.size, 32);
	}
	stats_free(&s);
	kvm_stats_close(f);
	vm_destroy(&v);
	end();
}

/* Halt polling on (a 1 ms window allowed) with 50 us halts: the poll
 * histograms count the polls exactly, and each halt ends in either a
 * successful poll or a sleep. */
static void test_halt_poll(void)
{
	begin("halt_poll");
	enum { NHALT = 40 };
	struct vm v;
	vm_create(&v, KVM_VM_TYPE_FULL_MACHINE, "guest_full.bin", 1000000);
	set_reg(v.vcpu, KVM_REG_RISCV_CORE_REG(10), 0);
	set_reg(v.vcpu, KVM_REG_RISCV_CORE_REG(11), NHALT);
	set_reg(v.vcpu, KVM_REG_RISCV_CORE_REG(12), 500);   /* 50 us */
	struct kvm_stats_fd *f = stats_fd_vcpu(&v);
	struct run_counts c;
	run_guest(&v, f, 4, &c);
	EXPECT_EQ(c.mmio_exits, 1);
	struct stats_file s = read_vcpu(f);
	uint64_t halts = stat_get(&s, "wfi_exit_stat");
	uint64_t attempted = stat_get(&s, "halt_attempted_poll");
	uint64_t success = stat_get(&s, "halt_successful_poll");
	EXPECT(halts >= 1);
	EXPECT(attempted >= 1);
	EXPECT(success <= attempted);
	EXPECT_EQ(hist_sum(&s, "halt_poll_success_hist"), success);
	EXPECT_EQ(hist_sum(&s, "halt_poll_fail_hist"), attempted - success);
	EXPECT_EQ(hist_sum(&s, "halt_poll_success_hist") + hist_sum(&s, "halt_wait_hist"), halts);
	EXPECT_EQ(stat_get(&s, "halt_wakeup"), hist_sum(&s, "halt_wait_hist"));
	EXPECT(stat_get(&s, "halt_poll_invalid") <= success);
	if (success)
		EXPECT(stat_get(&s, "halt_poll_success_ns") > 0);
	if (attempted > success)
		EXPECT(stat_get(&s, "halt_poll_fail_ns") > 0);
	fprintf(stderr, "%s: %llu halts, %llu polls, %llu successful\n", cur_case,
		(unsigned long long)halts, (unsigned long long)attempted, (unsigned long long)success);
	stats_free(&s);
	kvm_stats_close(f);
	vm_destroy(&v);
	end();
}

/* Readers on another thread while the vCPU halts and exits: every read
 * is a well-formed file and nothing decreases. */
struct reader {
	struct kvm_stats_fd *vcpu_f, *vm_f;
	atomic_bool stop;
	unsigned reads;
	bool ok;
};

static void *reader_thread(void *arg)
{
	struct reader *r = arg;
	struct stats_file prev, prev_vm;
	if (stats_read(r->vcpu_f, &prev) || stats_read(r->vm_f, &prev_vm)) {
		r->ok = false;
		return NULL;
	}
	while (!atomic_load(&r->stop)) {
		struct stats_file cur, cur_vm;
		if (stats_read(r->vcpu_f, &cur) || stats_read(r->vm_f, &cur_vm) ||
		    cur.len != prev.len || memcmp(cur.buf, prev.buf, cur.h.data_offset)) {
			r->ok = false;
			break;
		}
		if (!check_monotonic(&prev, &cur) || !check_monotonic(&prev_vm, &cur_vm))
			r->ok = false;
		stats_free(&prev);
		stats_free(&prev_vm);
		prev = cur;
		prev_vm = cur_vm;
		r->reads++;
	}
	stats_free(&prev);
	stats_free(&prev_vm);
	return NULL;
}

static void test_concurrent(void)
{
	begin("concurrent_reads");
	struct vm v;
	vm_create(&v, KVM_VM_TYPE_FULL_MACHINE, "guest_full.bin", -1);
	set_reg(v.vcpu, KVM_REG_RISCV_CORE_REG(10), 50);
	set_reg(v.vcpu, KVM_REG_RISCV_CORE_REG(11), 100);
	set_reg(v.vcpu, KVM_REG_RISCV_CORE_REG(12), 1000);   /* 100 us */
	struct reader r = { .vcpu_f = stats_fd_vcpu(&v), .vm_f = stats_fd_vm(&v), .ok = true };
	struct kvm_stats_fd *f = stats_fd_vcpu(&v);
	pthread_t t;
	pthread_create(&t, NULL, reader_thread, &r);
	struct run_counts c;
	run_guest(&v, f, 4, &c);
	atomic_store(&r.stop, true);
	pthread_join(t, NULL);
	EXPECT(r.ok);
	EXPECT(r.reads > 0);
	struct stats_file s = read_vcpu(f);
	EXPECT_EQ(stat_get(&s, "mmio_exit_user"), c.mmio_exits);
	EXPECT_EQ(c.mmio_exits, 51);
	stats_free(&s);
	kvm_stats_close(f);
	kvm_stats_close(r.vcpu_f);
	kvm_stats_close(r.vm_f);
	vm_destroy(&v);
	end();
}

/* A hypervisor guest: SBI calls, the forwarded ones, and remote TLB
 * flushes (RFENCE to itself). */
static void test_hyp_guest(void)
{
	begin("hyp_guest");
	enum { NFENCE = 3 };
	struct vm v;
	vm_create(&v, KVM_VM_TYPE_HYP_GUEST, "guest_hyp.bin", -1);
	set_reg(v.vcpu, KVM_REG_RISCV_CORE_REG(11), NFENCE);
	struct kvm_stats_fd *f = stats_fd_vcpu(&v), *vf = stats_fd_vm(&v);
	struct run_counts c;
	run_guest(&v, f, 0, &c);
	EXPECT_EQ(c.last_mmio_off, 0);
	EXPECT_EQ(c.sbi_exits, 1);
	struct stats_file s = read_vcpu(f), vs = read_vcpu(vf);
	EXPECT_EQ(stat_get(&s, "ecall_exit_stat"), NFENCE + 1);
	EXPECT_EQ(stat_get(&s, "sbi_exit_user"), c.sbi_exits);
	EXPECT_EQ(stat_get(&s, "vm_exits"), NFENCE + 1);
	EXPECT_EQ(stat_get(&s, "mmio_exit_user"), c.mmio_exits);
	EXPECT_EQ(stat_get(&s, "user_exits"), c.mmio_exits + c.sbi_exits);
	EXPECT_EQ(stat_get(&vs, "remote_tlb_flush_requests"), NFENCE);
	stats_free(&s);
	stats_free(&vs);
	kvm_stats_close(f);
	kvm_stats_close(vf);
	vm_destroy(&v);
	end();
}

/* A kick: signal_exits; the log histogram helper's buckets, through a
 * halt woken by a kick (polling off: the sleep is recorded). */
static void *kick_later(void *arg)
{
	usleep(50000);
	kvm_vcpu_kick(arg);
	return NULL;
}

static void test_kick(void)
{
	begin("kick");
	struct vm v;
	vm_create(&v, KVM_VM_TYPE_FULL_MACHINE, "guest_full.bin", 0);
	/* one halt with a deadline far away: only the kick ends it */
	set_reg(v.vcpu, KVM_REG_RISCV_CORE_REG(10), 0);
	set_reg(v.vcpu, KVM_REG_RISCV_CORE_REG(11), 1);
	set_reg(v.vcpu, KVM_REG_RISCV_CORE_REG(12), 1ull << 40);
	struct kvm_stats_fd *f = stats_fd_vcpu(&v);
	pthread_t t;
	pthread_create(&t, NULL, kick_later, v.vcpu);
	EXPECT_EQ(kvm_vcpu_ioctl(v.vcpu, KVM_RUN, NULL), -EINTR);
	pthread_join(t, NULL);
	struct stats_file s = read_vcpu(f);
	EXPECT_EQ(stat_get(&s, "signal_exits"), 1);
	EXPECT_EQ(stat_get(&s, "user_exits"), 0);
	EXPECT_EQ(stat_get(&s, "wfi_exit_stat"), 1);
	EXPECT_EQ(hist_sum(&s, "halt_wait_hist"), 1);
	EXPECT_EQ(stat_get(&s, "wfi_timer_wakeups"), 0);
	/* One sleep of up to ~50 ms (2^25.6 ns): its bucket n (of [2^(n-1),
	 * 2^n) ns) is at most 26 (28 allows for a slow wake-up), and
	 * halt_wait_ns, the same sleep, falls inside it. */
	struct stat_desc d;
	if (stats_find(&s, "halt_wait_hist", &d)) {
		unsigned b = 0;
		for (unsigned j = 0; j < d.size; j++)
			if (stats_value(&s, &d, j))
				b = j;
		EXPECT(b >= 1 && b <= 28);
		uint64_t ns = stat_get(&s, "halt_wait_ns");
		EXPECT(b >= 1 && ns >= (1ull << (b - 1)) && ns < (1ull << b));
	}
	stats_free(&s);
	kvm_stats_close(f);
	vm_destroy(&v);
	end();
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: %s DIR\n", argv[0]);
		return 2;
	}
	dir = argv[1];
	test_api();
	test_layout();
	test_full_machine();
	test_halt_poll();
	test_concurrent();
	test_hyp_guest();
	test_kick();
	return failures ? 1 : 0;
}
