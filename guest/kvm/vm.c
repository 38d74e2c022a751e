/* The /dev/kvm plumbing of kvm-client; see vm.h. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "vm.h"

static int fail(char *err, const char *fmt, ...)
{
	int saved = errno;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, 160, fmt, ap);
	va_end(ap);
	errno = saved;
	return -1;
}

int vm_open(struct vm *vm, size_t ram_size)
{
	struct kvm_userspace_memory_region slot;
	int n;

	memset(vm, 0, sizeof(*vm));
	vm->kvm_fd = vm->vm_fd = -1;
	vm->kvm_fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (vm->kvm_fd < 0)
		return fail(vm->err, "open /dev/kvm: %s", strerror(errno));
	n = ioctl(vm->kvm_fd, KVM_GET_API_VERSION, 0);
	if (n != KVM_API_VERSION)
		return fail(vm->err, "KVM_GET_API_VERSION %d, want %d", n, KVM_API_VERSION);
	/* RISC-V takes machine type 0 (api.rst 4.2). */
	vm->vm_fd = ioctl(vm->kvm_fd, KVM_CREATE_VM, 0);
	if (vm->vm_fd < 0)
		return fail(vm->err, "KVM_CREATE_VM: %s", strerror(errno));
	n = ioctl(vm->kvm_fd, KVM_GET_VCPU_MMAP_SIZE, 0);
	if (n < (int)sizeof(struct kvm_run))
		return fail(vm->err, "KVM_GET_VCPU_MMAP_SIZE %d: %s", n, strerror(errno));
	vm->run_size = n;
	vm->ram = mmap(NULL, ram_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (vm->ram == MAP_FAILED) {
		vm->ram = NULL;
		return fail(vm->err, "mmap guest RAM: %s", strerror(errno));
	}
	vm->ram_size = ram_size;
	memset(&slot, 0, sizeof(slot));
	slot.slot = 0;
	slot.guest_phys_addr = VM_RAM_GPA;
	slot.memory_size = ram_size;
	slot.userspace_addr = (uintptr_t)vm->ram;
	if (ioctl(vm->vm_fd, KVM_SET_USER_MEMORY_REGION, &slot) < 0)
		return fail(vm->err, "KVM_SET_USER_MEMORY_REGION: %s", strerror(errno));
	return 0;
}

void vm_close(struct vm *vm)
{
	if (vm->ram)
		munmap(vm->ram, vm->ram_size);
	if (vm->vm_fd >= 0)
		close(vm->vm_fd);
	if (vm->kvm_fd >= 0)
		close(vm->kvm_fd);
	vm->ram = NULL;
	vm->vm_fd = vm->kvm_fd = -1;
}

uint64_t vm_load_blob(struct vm *vm, const char *entry)
{
	size_t size = nested_blob_end - nested_blob_start;

	memcpy(vm->ram, nested_blob_start, size);
	return VM_RAM_GPA + (uint64_t)(entry - nested_blob_start);
}

int vcpu_create(struct vm *vm, struct vcpu *v, int id)
{
	memset(v, 0, sizeof(*v));
	v->vm = vm;
	v->id = id;
	v->fd = ioctl(vm->vm_fd, KVM_CREATE_VCPU, id);
	if (v->fd < 0)
		return fail(v->err, "KVM_CREATE_VCPU %d: %s", id, strerror(errno));
	v->run = mmap(NULL, vm->run_size, PROT_READ | PROT_WRITE, MAP_SHARED, v->fd, 0);
	if (v->run == MAP_FAILED) {
		v->run = NULL;
		return fail(v->err, "mmap vcpu %d: %s", id, strerror(errno));
	}
	return 0;
}

void vcpu_close(struct vcpu *v)
{
	if (v->run)
		munmap(v->run, v->vm->run_size);
	if (v->fd > 0)
		close(v->fd);
	v->run = NULL;
	v->fd = -1;
}

/* ONE_REG ids: KVM_REG_RISCV | size | type | index (api.rst 4.68, RISC-V). */
static uint64_t core_reg_id(size_t index)
{
	return KVM_REG_RISCV | KVM_REG_SIZE_U64 | KVM_REG_RISCV_CORE | index;
}

int vcpu_set_core(struct vcpu *v, size_t index, uint64_t value)
{
	struct kvm_one_reg reg = { .id = core_reg_id(index), .addr = (uintptr_t)&value };

	if (ioctl(v->fd, KVM_SET_ONE_REG, &reg) < 0)
		return fail(v->err, "KVM_SET_ONE_REG core[%zu] on vcpu %d: %s", index, v->id,
			    strerror(errno));
	return 0;
}

int vcpu_get_core(struct vcpu *v, size_t index, uint64_t *value)
{
	struct kvm_one_reg reg = { .id = core_reg_id(index), .addr = (uintptr_t)value };

	if (ioctl(v->fd, KVM_GET_ONE_REG, &reg) < 0)
		return fail(v->err, "KVM_GET_ONE_REG core[%zu] on vcpu %d: %s", index, v->id,
			    strerror(errno));
	return 0;
}

int vcpu_set_mp_state(struct vcpu *v, uint32_t state)
{
	struct kvm_mp_state mp = { .mp_state = state };

	if (ioctl(v->fd, KVM_SET_MP_STATE, &mp) < 0)
		return fail(v->err, "KVM_SET_MP_STATE %u on vcpu %d: %s", state, v->id,
			    strerror(errno));
	return 0;
}

int vcpu_get_mp_state(struct vcpu *v, uint32_t *state)
{
	struct kvm_mp_state mp;

	if (ioctl(v->fd, KVM_GET_MP_STATE, &mp) < 0)
		return fail(v->err, "KVM_GET_MP_STATE on vcpu %d: %s", v->id, strerror(errno));
	*state = mp.mp_state;
	return 0;
}

int vcpu_get_timer(struct vcpu *v, size_t index, uint64_t *value)
{
	struct kvm_one_reg reg = {
		.id = KVM_REG_RISCV | KVM_REG_SIZE_U64 | KVM_REG_RISCV_TIMER | index,
		.addr = (uintptr_t)value,
	};

	if (ioctl(v->fd, KVM_GET_ONE_REG, &reg) < 0)
		return fail(v->err, "KVM_GET_ONE_REG timer[%zu] on vcpu %d: %s", index, v->id,
			    strerror(errno));
	return 0;
}

int vcpu_enter_at(struct vcpu *v, uint64_t pc, const uint64_t *args, int nargs)
{
	static const size_t a[4] = { CORE_REG(regs.a0), CORE_REG(regs.a1),
				     CORE_REG(regs.a2), CORE_REG(regs.a3) };
	int i;

	if (vcpu_set_core(v, CORE_REG(regs.pc), pc) ||
	    vcpu_set_core(v, CORE_REG(mode), KVM_RISCV_MODE_S))
		return -1;
	for (i = 0; i < nargs && i < 4; i++)
		if (vcpu_set_core(v, a[i], args[i]))
			return -1;
	return 0;
}

static const char *exit_name(int reason)
{
	switch (reason) {
	case KVM_EXIT_MMIO:		return "MMIO";
	case KVM_EXIT_RISCV_SBI:	return "RISCV_SBI";
	case KVM_EXIT_RISCV_CSR:	return "RISCV_CSR";
	case KVM_EXIT_SYSTEM_EVENT:	return "SYSTEM_EVENT";
	case KVM_EXIT_INTERNAL_ERROR:	return "INTERNAL_ERROR";
	case KVM_EXIT_FAIL_ENTRY:	return "FAIL_ENTRY";
	case KVM_EXIT_SHUTDOWN:		return "SHUTDOWN";
	case KVM_EXIT_INTR:		return "INTR";
	default:			return "?";
	}
}

int vcpu_run_once(struct vcpu *v)
{
	if (ioctl(v->fd, KVM_RUN, 0) < 0)
		return fail(v->err, "KVM_RUN on vcpu %d: %s", v->id, strerror(errno));
	v->exits++;
	return v->run->exit_reason;
}

/* Little-endian MMIO data of len bytes (api.rst: KVM_EXIT_MMIO). */
static uint64_t mmio_data(const struct kvm_run *run)
{
	uint64_t x = 0;
	uint32_t i;

	for (i = 0; i < run->mmio.len && i < 8; i++)
		x |= (uint64_t)run->mmio.data[i] << (8 * i);
	return x;
}

static void mmio_set_data(struct kvm_run *run, uint64_t x)
{
	uint32_t i;

	memset(run->mmio.data, 0, sizeof(run->mmio.data));
	for (i = 0; i < run->mmio.len && i < 8; i++)
		run->mmio.data[i] = x >> (8 * i);
}

int vcpu_run_reports(struct vcpu *v, unsigned max_exits)
{
	struct kvm_run *run = v->run;
	unsigned n;
	int r;

	for (n = 0; n < max_exits; n++) {
		r = vcpu_run_once(v);
		if (r < 0)
			return -1;
		if (r == KVM_EXIT_RISCV_SBI) {
			v->sbi_exits++;
			v->sbi.ext = run->riscv_sbi.extension_id;
			v->sbi.fid = run->riscv_sbi.function_id;
			memcpy(v->sbi.args, run->riscv_sbi.args, sizeof(v->sbi.args));
			run->riscv_sbi.ret[0] = v->sbi_ret[0];
			run->riscv_sbi.ret[1] = v->sbi_ret[1];
			continue;
		}
		if (r != KVM_EXIT_MMIO)
			return fail(v->err, "vcpu %d: exit reason %d (%s), want MMIO", v->id, r,
				    exit_name(r));
		uint64_t off = run->mmio.phys_addr - VM_MMIO_BASE;
		unsigned hart = off / REPORT_HART_STRIDE, slot = off % REPORT_HART_STRIDE / 8;
		if (run->mmio.phys_addr < VM_MMIO_BASE || hart >= VM_MAX_VCPUS ||
		    slot >= REPORT_SLOTS || off % 8 || run->mmio.len > 8)
			return fail(v->err, "vcpu %d: MMIO %s at 0x%llx len %u outside the report region",
				    v->id, run->mmio.is_write ? "store" : "load",
				    (unsigned long long)run->mmio.phys_addr, run->mmio.len);
		if (!run->mmio.is_write) {
			v->mmio_reads++;
			mmio_set_data(run, v->mmio_read_value);
			continue;
		}
		v->report[hart][slot] = mmio_data(run);
		v->report_len[hart][slot] = run->mmio.len;
		if (slot == REPORT_DONE)
			return 0;
	}
	return fail(v->err, "vcpu %d: no REPORT_DONE after %u exits", v->id, max_exits);
}

struct runner {
	struct vcpu *v;
	unsigned max_exits;
	int rc;
};

static void *runner_thread(void *arg)
{
	struct runner *r = arg;

	r->rc = vcpu_run_reports(r->v, r->max_exits);
	return NULL;
}

static void on_kick(int sig)
{
	(void)sig;		/* only interrupts KVM_RUN (EINTR) */
}

/* Wait for thread t until the absolute CLOCK_REALTIME time *at. */
static int join_until(pthread_t t, const struct timespec *at)
{
	return pthread_timedjoin_np(t, NULL, at);
}

int vcpus_run_reports(struct vcpu *const *v, int n, unsigned max_exits, unsigned secs)
{
	struct runner run[VM_MAX_VCPUS];
	pthread_t t[VM_MAX_VCPUS];
	struct timespec deadline, tick;
	struct sigaction sa;
	char why[160];
	int i, e, failed = 0, started[VM_MAX_VCPUS];

	if (n > VM_MAX_VCPUS)
		n = VM_MAX_VCPUS;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_kick;	/* no SA_RESTART: KVM_RUN returns EINTR */
	sigaction(SIGUSR1, &sa, NULL);
	clock_gettime(CLOCK_REALTIME, &deadline);
	deadline.tv_sec += secs;
	tick = deadline;
	for (i = 0; i < n; i++) {
		run[i] = (struct runner){ v[i], max_exits, -1 };
		e = pthread_create(&t[i], NULL, runner_thread, &run[i]);
		started[i] = !e;
		if (e)
			fail(v[i]->err, "pthread_create: %s", strerror(e));
	}
	for (i = 0; i < n; i++) {
		int late = 0;

		if (!started[i]) {
			failed++;
			continue;
		}
		/*
		 * Past the deadline, stop the vCPU: immediate_exit for a KVM_RUN
		 * not entered yet, a signal for one under way (api.rst: KVM_RUN).
		 */
		while ((e = join_until(t[i], late ? &tick : &deadline)) == ETIMEDOUT) {
			late = 1;
			v[i]->run->immediate_exit = 1;
			pthread_kill(t[i], SIGUSR1);
			clock_gettime(CLOCK_REALTIME, &tick);
			tick.tv_nsec += 100 * 1000 * 1000;
			if (tick.tv_nsec >= 1000 * 1000 * 1000) {
				tick.tv_sec++;
				tick.tv_nsec -= 1000 * 1000 * 1000;
			}
		}
		if (late) {
			v[i]->run->immediate_exit = 0;
			snprintf(why, sizeof(why), "%s", v[i]->err);
			fail(v[i]->err, "vcpu %d: no REPORT_DONE within %u s (%s)", v[i]->id, secs,
			     run[i].rc ? why : "then done");
		}
		if (run[i].rc || late)
			failed++;
	}
	return failed;
}

int vm_open_one(struct vm *vm, struct vcpu *v, size_t ram_size, const char *entry,
		const uint64_t *args, int nargs)
{
	memset(v, 0, sizeof(*v));
	v->fd = -1;
	if (vm_open(vm, ram_size))
		return -1;
	if (vcpu_create(vm, v, 0) || vcpu_enter_at(v, vm_load_blob(vm, entry), args, nargs)) {
		snprintf(vm->err, sizeof(vm->err), "%s", v->err);
		return -1;
	}
	return 0;
}
