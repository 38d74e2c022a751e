// SPDX-License-Identifier: MIT
/* Selftests of the hypervisor core's SBI for KVM_VM_TYPE_HYP_GUEST VMs
 * (after Linux's tools/testing/selftests/kvm): the guest sbi_guest.S runs
 * on two vCPUs, each driven by a thread of its own, and stores every SBI
 * call's (error, value) in result slots that are checked here once it has
 * shut down.  The harness serves the exits the guest provokes (MMIO of
 * every width, forwarded SBI calls, the PLIC line) and records them for
 * the checks.  A second VM disables extensions through ONE_REG.
 *
 *   sbi_test GUEST.bin   one "PASS kvm_sbi.<case>" / "FAIL kvm_sbi.<case>"
 *                        line per case on stdout, details on stderr;
 *                        exit status 1 if any case failed.
 *
 * Every wait is bounded: the guest polls with rdtime limits, each VM run
 * has a deadline after which the vCPUs are kicked, and alarm() ends the
 * process if even that hangs. */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "rvkvm/kvm.h"
#include "tests/kvm/sbi_guest.h"

#define RUN_TIMEOUT_S  30   /* one VM run, before its vCPUs are kicked */
#define ALARM_S        150  /* the whole process */

#define EXPECT_SUITE "kvm_sbi"
#include "tests/lib/expect.h"
#include "tests/lib/kvm_util.h"

static void on_alarm(int sig)
{
	(void)sig;
	static const char msg[] = "FAIL kvm_sbi.timeout\n";
	ssize_t r = write(STDOUT_FILENO, msg, sizeof(msg) - 1);
	(void)r;
	_exit(1);
}

/* ---- a VM and what its exits did ---- */

#define NR_VCPUS_MAX 2
#define LOG_MAX      64

struct mmio_rec {
	uint64_t addr;
	uint32_t len;
	bool is_write;
	uint64_t data;
};

struct sbi_rec {
	unsigned vcpu;
	uint64_t eid, fid, args[6];
};

struct vm {
	struct kvm_vm *vm;
	uint8_t *ram;
	unsigned nr_vcpus;
	struct kvm_vcpu *vcpu[NR_VCPUS_MAX];
	struct kvm_run *run[NR_VCPUS_MAX];
	pthread_t thread[NR_VCPUS_MAX];
	atomic_bool stop;
	bool hung;                     /* a vCPU thread did not end even when kicked */

	pthread_mutex_t lock;          /* the records below */
	struct mmio_rec mmio[LOG_MAX];
	unsigned nmmio;
	struct sbi_rec sbi[LOG_MAX];
	unsigned nsbi;
	char console[256];
	size_t nconsole;
	uint64_t progress;
	int irq_errors;                /* KVM_IRQ_LINE failures */
	unsigned irq_raised, irq_lowered;
	bool event;                    /* KVM_EXIT_SYSTEM_EVENT seen */
	unsigned event_vcpu;
	uint32_t event_type, event_ndata;
	uint64_t event_data0;
	unsigned bad_exits;            /* unexpected exit reasons, errors */
	char bad_what[256];
};

static void vm_bad(struct vm *c, const char *fmt, unsigned long long a, unsigned long long b)
{
	pthread_mutex_lock(&c->lock);
	if (!c->bad_exits++)
		snprintf(c->bad_what, sizeof(c->bad_what), fmt, a, b);
	pthread_mutex_unlock(&c->lock);
	fprintf(stderr, "kvm_sbi: ");
	fprintf(stderr, fmt, a, b);
	fprintf(stderr, "\n");
}

static void *ram_at(struct vm *c, uint64_t gpa, uint64_t len)
{
	if (gpa < RAM_BASE || gpa - RAM_BASE > RAM_SIZE || len > RAM_SIZE - (gpa - RAM_BASE))
		return NULL;
	return c->ram + (gpa - RAM_BASE);
}

static uint64_t *slot(struct vm *c, unsigned n)
{
	return (uint64_t *)ram_at(c, RES_BASE + 16ULL * n, 16);
}

static void stop_all(struct vm *c)
{
	atomic_store(&c->stop, true);
	for (unsigned i = 0; i < c->nr_vcpus; i++)
		kvm_vcpu_kick(c->vcpu[i]);
}

/* The MMIO device of sbi_guest.h: loads answer a pattern, stores are
 * logged, two registers report progress and drive a PLIC line. */
static void handle_mmio(struct vm *c, struct kvm_run *run)
{
	uint64_t off = run->mmio.phys_addr - MMIO_BASE;
	uint32_t len = run->mmio.len;
	if (run->mmio.phys_addr < MMIO_BASE || off >= MMIO_SIZE || len == 0 || len > 8) {
		vm_bad(c, "MMIO exit outside the device: addr %#llx len %llu",
		       (unsigned long long)run->mmio.phys_addr, len);
		return;
	}
	uint64_t v = 0;
	if (!run->mmio.is_write) {
		v = off < MMIO_LOAD_POS ? PAT_NEG : off < MMIO_STORE ? PAT_POS : 0;
		memcpy(run->mmio.data, &v, len);   /* little-endian host */
	} else {
		memcpy(&v, run->mmio.data, len);
	}
	pthread_mutex_lock(&c->lock);
	if (run->mmio.is_write && off == MMIO_PROGRESS) {
		c->progress = v;
	} else if (run->mmio.is_write && off == MMIO_IRQ) {
		struct kvm_irq_level irq = { .irq = (uint32_t)(v & 0xff), .level = !(v & IRQ_LOWER) };
		if (kvm_vm_ioctl(c->vm, KVM_IRQ_LINE, &irq) < 0)
			c->irq_errors++;
		else if (irq.level)
			c->irq_raised++;
		else
			c->irq_lowered++;
	} else if (c->nmmio < LOG_MAX) {
		c->mmio[c->nmmio++] = (struct mmio_rec){
			.addr = run->mmio.phys_addr, .len = len, .is_write = run->mmio.is_write, .data = v,
		};
	}
	pthread_mutex_unlock(&c->lock);
}

/* Forwarded SBI calls (KVM_EXIT_RISCV_SBI): ret[0] = error, ret[1] = value. */
static void handle_sbi(struct vm *c, unsigned id, struct kvm_run *run)
{
	uint64_t eid = run->riscv_sbi.extension_id, fid = run->riscv_sbi.function_id;
	const uint64_t *a = run->riscv_sbi.args;
	pthread_mutex_lock(&c->lock);
	if (c->nsbi < LOG_MAX) {
		struct sbi_rec *r = &c->sbi[c->nsbi++];
		r->vcpu = id;
		r->eid = eid;
		r->fid = fid;
		memcpy(r->args, a, sizeof(r->args));
	}
	if (eid == SBI_EXT_DBCN && (fid == 0 || fid == 1)) {
		/* console_write / console_read (SBI spec 12.1, 12.2): the
		 * buffer is guest physical memory, base_addr_hi:lo */
		uint8_t *buf = a[2] ? NULL : ram_at(c, a[1], a[0]);
		if (!buf) {
			run->riscv_sbi.ret[0] = (uint64_t)SBI_ERR_INVALID_PARAM;
			run->riscv_sbi.ret[1] = 0;
		} else if (fid == 0) {
			size_t n = a[0] < sizeof(c->console) - c->nconsole ? a[0]
				  : sizeof(c->console) - c->nconsole;
			memcpy(c->console + c->nconsole, buf, n);
			c->nconsole += n;
			run->riscv_sbi.ret[0] = SBI_SUCCESS;
			run->riscv_sbi.ret[1] = a[0];
		} else {
			size_t n = a[0] < strlen(DBCN_READ_DATA) ? a[0] : strlen(DBCN_READ_DATA);
			memcpy(buf, DBCN_READ_DATA, n);
			run->riscv_sbi.ret[0] = SBI_SUCCESS;
			run->riscv_sbi.ret[1] = n;
		}
	} else if ((eid == SBI_EXT_DBCN && fid == 2) || eid == 1) {
		/* console_write_byte (12.3), legacy console_putchar (5.2) */
		if (c->nconsole < sizeof(c->console))
			c->console[c->nconsole++] = (char)a[0];
		run->riscv_sbi.ret[0] = SBI_SUCCESS;
		run->riscv_sbi.ret[1] = 0x99;   /* a legacy call must not pass this on */
	} else if (eid == 2) {
		run->riscv_sbi.ret[0] = LEGACY_GETCHAR;
		run->riscv_sbi.ret[1] = 0x99;
	} else if (eid == EID_EXP) {
		run->riscv_sbi.ret[0] = SBI_SUCCESS;
		run->riscv_sbi.ret[1] = EXP_VALUE;
	} else if (eid == EID_EXP_ERR) {
		run->riscv_sbi.ret[0] = (uint64_t)SBI_ERR_DENIED;
		run->riscv_sbi.ret[1] = 0x77;
	}
	/* EID_VENDOR and anything else: left as the core filled ret[] */
	pthread_mutex_unlock(&c->lock);
}

struct vcpu_arg {
	struct vm *c;
	unsigned id;
};

static void *vcpu_thread(void *opaque)
{
	struct vcpu_arg *arg = opaque;
	struct vm *c = arg->c;
	unsigned id = arg->id;
	struct kvm_vcpu *vcpu = c->vcpu[id];
	struct kvm_run *run = c->run[id];
	while (!atomic_load(&c->stop)) {
		long r = kvm_vcpu_ioctl(vcpu, KVM_RUN, NULL);
		if (r == -EINTR)
			continue;
		if (r < 0) {
			vm_bad(c, "vCPU %llu: KVM_RUN returned %lld", id, (unsigned long long)r);
			stop_all(c);
			break;
		}
		switch (run->exit_reason) {
		case KVM_EXIT_MMIO:
			handle_mmio(c, run);
			break;
		case KVM_EXIT_RISCV_SBI:
			handle_sbi(c, id, run);
			break;
		case KVM_EXIT_SYSTEM_EVENT:
			pthread_mutex_lock(&c->lock);
			if (!c->event) {
				c->event = true;
				c->event_vcpu = id;
				c->event_type = run->system_event.type;
				c->event_ndata = run->system_event.ndata;
				c->event_data0 = run->system_event.data[0];
			}
			pthread_mutex_unlock(&c->lock);
			stop_all(c);
			break;
		case KVM_EXIT_INTERNAL_ERROR:
			vm_bad(c, "internal error at pc %#llx (cause %#llx)",
			       (unsigned long long)run->internal.data[0],
			       (unsigned long long)(run->internal.ndata > 2 ? run->internal.data[2] : 0));
			stop_all(c);
			break;
		default:
			vm_bad(c, "vCPU %llu: unexpected exit reason %llu", id, run->exit_reason);
			stop_all(c);
			break;
		}
	}
	return NULL;
}

/* Create a hypervisor-guest VM: RAM with the guest image, the MMIO
 * device, optionally the PLIC, and nr vCPUs starting at reset_pc. */
static int vm_create(struct vm *c, struct kvm *kvm, const void *image, size_t image_size,
		     uint64_t reset_pc, unsigned nr, bool irqchip)
{
	memset(c, 0, sizeof(*c));
	pthread_mutex_init(&c->lock, NULL);
	atomic_init(&c->stop, false);
	c->nr_vcpus = nr;
	c->ram = alloc_ram(RAM_SIZE);
	memcpy(c->ram, image, image_size);
	for (unsigned i = 0; i < RES_SLOTS; i++)
		slot(c, i)[0] = slot(c, i)[1] = SLOT_UNSET;
	long r = kvm_create_vm(kvm, KVM_VM_TYPE_HYP_GUEST, &c->vm);
	if (r < 0)
		return (int)r;
	struct kvm_userspace_memory_region mem = {
		.slot = 0, .guest_phys_addr = RAM_BASE, .memory_size = RAM_SIZE,
		.userspace_addr = (uint64_t)(uintptr_t)c->ram,
	};
	struct kvm_rvkvm_mmio_region mmio = { .guest_phys_addr = MMIO_BASE, .size = MMIO_SIZE };
	if ((r = kvm_vm_ioctl(c->vm, KVM_SET_USER_MEMORY_REGION, &mem)) < 0 ||
	    (r = kvm_vm_ioctl(c->vm, KVM_RVKVM_ADD_MMIO_REGION, &mmio)) < 0 ||
	    (r = kvm_vm_ioctl(c->vm, KVM_RVKVM_SET_RESET_PC, &reset_pc)) < 0 ||
	    (irqchip && (r = kvm_vm_ioctl(c->vm, KVM_CREATE_IRQCHIP, NULL)) < 0))
		return (int)r;
	for (unsigned i = 0; i < nr; i++) {
		if ((r = kvm_create_vcpu(c->vm, i, &c->vcpu[i])) < 0)
			return (int)r;
		c->run[i] = kvm_vcpu_run_struct(c->vcpu[i]);
	}
	return 0;
}

/* Run every vCPU on its own thread until they stop, within RUN_TIMEOUT_S. */
static void vm_run(struct vm *c)
{
	static struct vcpu_arg args[NR_VCPUS_MAX];
	for (unsigned i = 0; i < c->nr_vcpus; i++) {
		args[i] = (struct vcpu_arg){ c, i };
		if (pthread_create(&c->thread[i], NULL, vcpu_thread, &args[i])) {
			perror("pthread_create");
			exit(1);
		}
	}
	struct timespec dl;
	clock_gettime(CLOCK_REALTIME, &dl);
	dl.tv_sec += RUN_TIMEOUT_S;
	for (unsigned i = 0; i < c->nr_vcpus; i++) {
		if (pthread_timedjoin_np(c->thread[i], NULL, &dl) == 0)
			continue;
		if (!atomic_load(&c->stop))
			fprintf(stderr, "kvm_sbi: the guest timed out at progress step %llu\n",
				(unsigned long long)c->progress);
		vm_bad(c, "timed out at progress step %llu (vCPU %llu)", c->progress, i);
		stop_all(c);
		clock_gettime(CLOCK_REALTIME, &dl);
		dl.tv_sec += 3;
		if (pthread_timedjoin_np(c->thread[i], NULL, &dl) != 0) {
			fprintf(stderr, "kvm_sbi: vCPU %u does not leave KVM_RUN\n", i);
			c->hung = true;
		}
	}
}

static void vm_destroy(struct vm *c)
{
	if (c->hung)
		return;  /* a thread still runs in the VM: leave it */
	kvm_vm_destroy(c->vm);
	munmap(c->ram, RAM_SIZE);
	pthread_mutex_destroy(&c->lock);
}

static uint32_t mp_state(struct kvm_vcpu *v)
{
	struct kvm_mp_state mp = { 99 };
	if (kvm_vcpu_ioctl(v, KVM_GET_MP_STATE, &mp) < 0)
		return 99;
	return mp.mp_state;
}

/* ---- checks on result slots ---- */

static struct vm *cv;  /* the VM the slot checks read */

#define A0(n) (slot(cv, (n))[0])
#define A1(n) (slot(cv, (n))[1])
#define EXPECT_SLOT(n, e0, e1) do { EXPECT_EQ(A0(n), (e0)); EXPECT_EQ(A1(n), (e1)); } while (0)
#define EXPECT_ERR(n, e0) do {                                                \
		EXPECT_EQ(A0(n), (e0));                                      \
		EXPECT(A1(n) != SLOT_UNSET);                                 \
	} while (0)
#define EXPECT_OK(n) EXPECT_ERR(n, SBI_SUCCESS)

#define SIP_SSIP   0x2ULL
#define SIP_STIP   0x20ULL
#define SSTATUS_SIE 0x2ULL
#define IRQ(code)  (0x8000000000000000ULL | (code))
#define EXC_ILLEGAL_INSN 2
#define EXC_LOAD_ACCESS  5
#define EXC_STORE_ACCESS 7
#define EXPECT_PRESENT(n) EXPECT_SLOT(n, SBI_SUCCESS, 1)

static uint32_t guest_word(uint64_t gpa)
{
	uint32_t w = 0;
	const void *p = ram_at(cv, gpa, 4);
	if (p)
		memcpy(&w, p, 4);
	return w;
}

/* A virtual instruction the core redirected as an illegal instruction
 * (slot: scause, stval; slot + 1: sepc, the instruction's address). */
static void check_virtual_insn(const char *name, unsigned n, uint32_t insn)
{
	begin(name);
	EXPECT_EQ(A0(n), EXC_ILLEGAL_INSN);
	EXPECT_EQ(A1(n), insn);
	EXPECT(A0(n + 1) != SLOT_UNSET);
	EXPECT_EQ(A0(n + 1), A1(n + 1));              /* sepc = the instruction */
	EXPECT_EQ(guest_word(A1(n + 1)), insn);       /* stval = its bits */
	end();
}

static const struct mmio_rec *mmio_find(uint64_t addr, bool is_write)
{
	for (unsigned i = 0; i < cv->nmmio; i++)
		if (cv->mmio[i].addr == addr && cv->mmio[i].is_write == is_write)
			return &cv->mmio[i];
	return NULL;
}

static void expect_store(uint64_t off, uint32_t len, uint64_t data)
{
	const struct mmio_rec *m = mmio_find(MMIO_BASE + off, true);
	EXPECT(m != NULL);
	if (!m) {
		fprintf(stderr, "  (no store at MMIO +%#llx)\n", (unsigned long long)off);
		return;
	}
	EXPECT_EQ(m->len, len);
	EXPECT_EQ(m->data, data);
}

/* fid ~0: any (the legacy calls have none, SBI spec 5) */
static const struct sbi_rec *sbi_find(uint64_t eid, uint64_t fid)
{
	for (unsigned i = 0; i < cv->nsbi; i++)
		if (cv->sbi[i].eid == eid && (fid == ~0ULL || cv->sbi[i].fid == fid))
			return &cv->sbi[i];
	return NULL;
}

static void check_main(struct vm *c)
{
	cv = c;

	begin("run_to_shutdown");
	EXPECT_EQ(c->bad_exits, 0);
	if (c->bad_exits)
		fprintf(stderr, "  first problem: %s\n", c->bad_what);
	EXPECT_EQ(c->progress, 14);
	EXPECT_EQ(A0(R_DONE), DONE_MAGIC);
	EXPECT_EQ(A0(R_DONE_RET), SLOT_UNSET);        /* shutdown does not return */
	EXPECT_EQ(A0(R_SEC_STOPERR), SLOT_UNSET);     /* nor does hart_stop */
	end();

	begin("srst_shutdown");
	EXPECT(c->event);
	EXPECT_EQ(c->event_vcpu, 0);
	EXPECT_EQ(c->event_type, KVM_SYSTEM_EVENT_SHUTDOWN);
	EXPECT(c->event_ndata >= 1);
	EXPECT_EQ(c->event_data0, FINAL_REASON);
	end();

	begin("boot_state");
	EXPECT_SLOT(R_BOOT0, 0, 0);                    /* a0 = hart id */
	EXPECT_EQ(A0(R_BOOT0_CSR) & SSTATUS_SIE, 0);
	EXPECT_EQ(A1(R_BOOT0_CSR), 0);                 /* satp */
	end();

	/* Base (SBI spec chapter 4) */
	begin("base_spec_version");
	EXPECT_SLOT(R_SPEC, SBI_SUCCESS, 0x2000000);   /* v2.0 */
	end();
	begin("base_impl");
	EXPECT_SLOT(R_IMPL_ID, SBI_SUCCESS, 3);        /* KVM */
	EXPECT_SLOT(R_IMPL_VER, SBI_SUCCESS, 1);
	EXPECT_SLOT(R_MVENDOR, SBI_SUCCESS, 0);
	EXPECT_SLOT(R_MARCHID, SBI_SUCCESS, 0);
	EXPECT_SLOT(R_MIMPID, SBI_SUCCESS, 0);
	end();
	begin("base_probe_present");
	EXPECT_PRESENT(R_PROBE_BASE);
	EXPECT_PRESENT(R_PROBE_TIME);
	EXPECT_PRESENT(R_PROBE_IPI);
	EXPECT_PRESENT(R_PROBE_RFENCE);
	EXPECT_PRESENT(R_PROBE_HSM);
	EXPECT_PRESENT(R_PROBE_SRST);
	EXPECT_PRESENT(R_PROBE_DBCN);
	EXPECT_PRESENT(R_PROBE_STA);
	EXPECT_PRESENT(R_PROBE_PMU);
	end();
	begin("base_probe_absent");
	EXPECT_SLOT(R_PROBE_UNK, SBI_SUCCESS, 0);
	EXPECT_SLOT(R_PROBE_EXP, SBI_SUCCESS, 0);      /* forwarded ranges: not advertised */
	EXPECT_SLOT(R_PROBE_VENDOR, SBI_SUCCESS, 0);
	end();
	begin("base_unknown_eid");
	EXPECT_ERR(R_UNK_EID, SBI_ERR_NOT_SUPPORTED);
	EXPECT_ERR(R_UNK_FW, SBI_ERR_NOT_SUPPORTED);
	EXPECT(!sbi_find(0x12345, 0) && !sbi_find(0x0a000000, 0));   /* not forwarded */
	end();
	begin("base_unknown_fid");
	EXPECT_ERR(R_BASE_BADFID, SBI_ERR_NOT_SUPPORTED);
	EXPECT_ERR(R_BASE_BADFID2, SBI_ERR_NOT_SUPPORTED);
	end();

	/* Timer (chapter 6) */
	begin("time_rdtime");
	EXPECT(A0(R_RDTIME) != SLOT_UNSET);
	EXPECT(A1(R_RDTIME) > A0(R_RDTIME));
	end();
	begin("time_set_timer_pending");
	EXPECT_OK(R_TIMER0);
	EXPECT_OK(R_TIMERMAX);
	EXPECT_EQ(A0(R_TIMER_SIP) & SIP_STIP, SIP_STIP);   /* set_timer(0) */
	EXPECT_EQ(A1(R_TIMER_SIP) & SIP_STIP, 0);          /* set_timer(-1) */
	end();
	begin("time_bad_fid");
	EXPECT_ERR(R_TIME_BADFID, SBI_ERR_NOT_SUPPORTED);
	end();
	begin("time_irq_after_wfi");
	EXPECT_OK(R_TIMER_SET);
	EXPECT_EQ(A0(R_TIMER_IRQ), IRQ(5));
	EXPECT(A1(R_TIMER_IRQ) >= TIMER_DELAY && A1(R_TIMER_IRQ) != SLOT_UNSET);
	EXPECT_EQ(A0(R_TIMER_IRQ2), 1);                    /* one interrupt */
	EXPECT_EQ(A1(R_TIMER_IRQ2) & SIP_STIP, 0);         /* the handler's set_timer(-1) */
	end();
	begin("time_legacy_set_timer");
	EXPECT_SLOT(R_LEG_TIMER, 0, 0x5a5a);               /* a1 untouched (5.1) */
	EXPECT_EQ(A0(R_LEG_TIMER_SIP) & SIP_STIP, SIP_STIP);
	EXPECT_EQ(A1(R_LEG_TIMER_SIP) & SIP_STIP, 0);
	end();

	/* IPI (chapter 7) */
	begin("ipi_self");
	EXPECT_OK(R_IPI_SELF);
	EXPECT_EQ(A0(R_IPI_SELF_SIP) & SIP_SSIP, SIP_SSIP);
	EXPECT_EQ(A1(R_IPI_SELF_SIP) & SIP_SSIP, 0);       /* the guest cleared it */
	end();
	begin("ipi_bad_hart");
	EXPECT_ERR(R_IPI_BADBASE, SBI_ERR_INVALID_PARAM);
	EXPECT_ERR(R_IPI_BADMASK, SBI_ERR_INVALID_PARAM);
	EXPECT_ERR(R_IPI_BIGBASE, SBI_ERR_INVALID_PARAM);
	EXPECT_OK(R_IPI_EMPTY);                            /* names no hart */
	EXPECT(A0(R_IPI_NOPART) != SLOT_UNSET);
	EXPECT_EQ(A0(R_IPI_NOPART) & SIP_SSIP, 0);         /* no partial delivery */
	end();
	begin("ipi_bad_fid");
	EXPECT_ERR(R_IPI_BADFID, SBI_ERR_NOT_SUPPORTED);
	end();
	begin("ipi_legacy");
	EXPECT_SLOT(R_LEG_IPI, 0, 0x5a5a);
	EXPECT_SLOT(R_LEG_CLEAR, 0, 0x5a5a);
	EXPECT_EQ(A0(R_LEG_IPI_SIP) & SIP_SSIP, SIP_SSIP);
	EXPECT_EQ(A1(R_LEG_IPI_SIP) & SIP_SSIP, 0);
	end();
	begin("ipi_cross_hart");
	EXPECT_SLOT(R_IPI_READY, 1, 0);                    /* hart 1 got ready in time */
	EXPECT_OK(R_IPI_TO1);
	EXPECT_SLOT(R_SEC_RES + 2, IRQ(1), 1);             /* hart 1 took it via stvec */
	EXPECT_OK(R_SEC_AUX + 2);                          /* and sent one back */
	EXPECT_SLOT(R_IPI_FROM1, IRQ(1), 1);               /* hart 0 took that */
	end();

	/* HSM (chapter 9) */
	begin("hsm_get_status");
	EXPECT_SLOT(R_HSM_ST0, SBI_SUCCESS, HSM_STARTED);
	EXPECT_SLOT(R_HSM_ST1, SBI_SUCCESS, HSM_STOPPED);
	EXPECT_ERR(R_HSM_ST2, SBI_ERR_INVALID_PARAM);
	EXPECT_ERR(R_HSM_STBIG, SBI_ERR_INVALID_PARAM);
	end();
	begin("hsm_start_errors");
	EXPECT_ERR(R_HSM_BADADDR, SBI_ERR_INVALID_ADDRESS);
	EXPECT_ERR(R_HSM_ODDADDR, SBI_ERR_INVALID_ADDRESS);
	EXPECT_ERR(R_HSM_HIADDR, SBI_ERR_INVALID_ADDRESS);
	EXPECT_ERR(R_HSM_NOHART, SBI_ERR_INVALID_PARAM);
	EXPECT_ERR(R_HSM_SELF, SBI_ERR_ALREADY_AVAILABLE);
	end();
	begin("hsm_suspend_errors");
	EXPECT_ERR(R_HSM_BADSUSP, SBI_ERR_INVALID_PARAM);
	EXPECT_ERR(R_HSM_SUSPADDR, SBI_ERR_INVALID_ADDRESS);
	end();
	begin("hsm_bad_fid");
	EXPECT_ERR(R_HSM_BADFID, SBI_ERR_NOT_SUPPORTED);
	end();
	begin("hsm_start_stop");
	EXPECT_OK(R_HSM_START1);
	EXPECT_SLOT(R_SEC_BOOT + 0, 1, OPAQUE(MODE_STOP, 0));   /* a0 = hart id, a1 = opaque */
	EXPECT_EQ(A0(R_SEC_CSR + 0) & SSTATUS_SIE, 0);           /* SBI spec 9.1 */
	EXPECT_EQ(A1(R_SEC_CSR + 0), 0);                         /* satp */
	EXPECT_SLOT(R_HSM_FLAG1, 1, 0);
	EXPECT_SLOT(R_HSM_STOPPED1, SBI_SUCCESS, HSM_STOPPED);
	end();
	begin("hsm_restart");
	EXPECT_OK(R_HSM_START2);
	EXPECT_SLOT(R_SEC_BOOT + 1, 1, OPAQUE(MODE_STOP, 1));
	EXPECT_EQ(A0(R_SEC_CSR + 1) & SSTATUS_SIE, 0);
	EXPECT_SLOT(R_HSM_FLAG2, 2, 0);
	EXPECT_SLOT(R_HSM_STOPPED2, SBI_SUCCESS, HSM_STOPPED);
	end();
	begin("hsm_started_state");
	EXPECT_OK(R_HSM_START3);
	/* START_PENDING is followed by STARTED (SBI spec 9, state machine) */
	EXPECT_SLOT(R_HSM_STARTED, SBI_SUCCESS, HSM_STARTED);
	EXPECT_ERR(R_HSM_BUSY, SBI_ERR_ALREADY_AVAILABLE);
	EXPECT_EQ(A0(R_SEC_BOOT + 3), SLOT_UNSET);               /* the refused start never ran */
	EXPECT_SLOT(R_HSM_STOPPED3, SBI_SUCCESS, HSM_STOPPED);
	end();
	begin("hsm_suspend_retentive_timer");
	EXPECT_OK(R_SUSP_TIMER);
	EXPECT(A0(R_SUSP_TIMER2) >= TIMER_DELAY && A0(R_SUSP_TIMER2) != SLOT_UNSET);
	EXPECT_EQ(A1(R_SUSP_TIMER2) & SIP_STIP, SIP_STIP);       /* woken by the timer */
	end();
	begin("hsm_suspend_status_ipi");
	EXPECT_OK(R_SUSP_START);
	EXPECT_SLOT(R_SEC_RES + 4, SBI_SUCCESS, HSM_SUSPENDED);  /* as hart 1 saw hart 0 */
	EXPECT_OK(R_SEC_AUX + 4);
	EXPECT_OK(R_SUSP_IPI);
	EXPECT_EQ(A0(R_SUSP_IPI_SIP) & SIP_SSIP, SIP_SSIP);
	EXPECT_EQ(A1(R_SUSP_IPI_SIP), 0);                        /* SIE was off: no trap */
	EXPECT_SLOT(R_SUSP_STOPPED, SBI_SUCCESS, HSM_STOPPED);
	end();
	begin("hsm_suspend_non_retentive");
	EXPECT_OK(R_SUSP_START2);
	EXPECT_SLOT(R_SEC_RES + 5, SBI_SUCCESS, HSM_SUSPENDED);
	EXPECT_SLOT(R_SUSP_NONRET, 0, NONRET_OPAQUE);            /* a0 = hart id, a1 = opaque */
	EXPECT_EQ(A0(R_SUSP_NONRET2) & SSTATUS_SIE, 0);          /* SBI spec 9.4 */
	EXPECT_EQ(A1(R_SUSP_NONRET2), 0);                        /* satp */
	EXPECT_EQ(A0(R_SUSP_NONRET3), 0);                        /* not taken at resume */
	EXPECT_EQ(A1(R_SUSP_NONRET3) & SIP_SSIP, SIP_SSIP);      /* but pending */
	EXPECT_SLOT(R_SUSP_STOPPED2, SBI_SUCCESS, HSM_STOPPED);
	end();
	begin("hsm_stopped_mp_state");
	EXPECT_EQ(mp_state(c->vcpu[1]), KVM_MP_STATE_STOPPED);
	end();

	/* RFENCE (chapter 8) */
	begin("rfence_all_harts");
	EXPECT_OK(R_RF_FENCEI);
	EXPECT_OK(R_RF_SFENCE);
	EXPECT_OK(R_RF_SFENCE_R);
	EXPECT_OK(R_RF_ASID);
	EXPECT_OK(R_RF_STOPPED);
	end();
	begin("rfence_hfence_not_supported");
	for (unsigned i = 0; i < 4; i++)
		EXPECT_ERR(R_RF_HFENCE + i, SBI_ERR_NOT_SUPPORTED);
	EXPECT_ERR(R_RF_BADFID, SBI_ERR_NOT_SUPPORTED);
	end();
	begin("rfence_bad_hart");
	EXPECT_ERR(R_RF_BADMASK, SBI_ERR_INVALID_PARAM);
	EXPECT_ERR(R_RF_BADBASE, SBI_ERR_INVALID_PARAM);
	end();
	begin("rfence_legacy");
	EXPECT_SLOT(R_LEG_FENCEI, 0, 0x5a5a);
	end();
	begin("rfence_remote_fence_i");
	EXPECT_OK(R_RF_START);
	EXPECT_SLOT(R_RF_SEEN, 0x111, 0);                        /* hart 1 ran the old code */
	EXPECT_OK(R_RF_REMOTE);
	EXPECT_SLOT(R_SEC_RES + 6, 0x222, 2);                    /* then the new code */
	EXPECT_SLOT(R_RF_STOPPED2, SBI_SUCCESS, HSM_STOPPED);
	end();

	/* System Reset (chapter 10) */
	begin("srst_errors");
	EXPECT_ERR(R_SRST_TYPE5, SBI_ERR_INVALID_PARAM);
	EXPECT_ERR(R_SRST_REASON7, SBI_ERR_INVALID_PARAM);
	EXPECT_ERR(R_SRST_VENDOR, SBI_ERR_NOT_SUPPORTED);
	EXPECT_ERR(R_SRST_TYPE64, SBI_ERR_INVALID_PARAM);
	EXPECT_ERR(R_SRST_TYPE3, SBI_ERR_INVALID_PARAM);
	EXPECT_ERR(R_SRST_BADFID, SBI_ERR_NOT_SUPPORTED);
	EXPECT_ERR(R_SRST_REASONE, SBI_ERR_INVALID_PARAM);
	end();

	/* Steal-time Accounting (chapter 15) */
	begin("sta_set_shmem");
	EXPECT_OK(R_STA_SET);
	EXPECT(A0(R_STA_REC) != SLOT_UNSET);
	EXPECT_EQ(A0(R_STA_REC) & 1, 0);                  /* sequence even: not mid-update */
	EXPECT_EQ(A0(R_STA_REC) >> 32, 0);                /* flags */
	EXPECT_EQ(A1(R_STA_REC), 0);                      /* the record was zeroed */
	EXPECT_ERR(R_STA_FLAGS, SBI_ERR_INVALID_PARAM);
	EXPECT_ERR(R_STA_ALIGN, SBI_ERR_INVALID_PARAM);
	EXPECT_ERR(R_STA_HI, SBI_ERR_INVALID_ADDRESS);
	EXPECT_ERR(R_STA_UNBACKED, SBI_ERR_INVALID_ADDRESS);
	EXPECT_OK(R_STA_OFF);
	end();

	/* forwarded calls */
	const struct sbi_rec *r;
	begin("dbcn_console_write");
	r = sbi_find(SBI_EXT_DBCN, 0);
	EXPECT(r != NULL);
	if (r) {
		EXPECT_EQ(r->vcpu, 0);
		EXPECT_EQ(r->args[0], strlen(DBCN_MSG));
		EXPECT(r->args[1] >= RAM_BASE && r->args[1] < RES_BASE);
		EXPECT_EQ(r->args[2], 0);
	}
	EXPECT_SLOT(R_DBCN_WRITE, SBI_SUCCESS, strlen(DBCN_MSG));
	EXPECT(c->nconsole >= strlen(DBCN_MSG) &&
	       memcmp(c->console, DBCN_MSG, strlen(DBCN_MSG)) == 0);
	end();
	begin("dbcn_console_write_byte");
	r = sbi_find(SBI_EXT_DBCN, 2);
	EXPECT(r != NULL);
	if (r)
		EXPECT_EQ(r->args[0], '!');
	EXPECT_SLOT(R_DBCN_BYTE, SBI_SUCCESS, 0x99);
	end();
	begin("dbcn_console_read");
	r = sbi_find(SBI_EXT_DBCN, 1);
	EXPECT(r != NULL);
	if (r) {
		EXPECT_EQ(r->args[0], 8);
		EXPECT_EQ(r->args[1], SHARED_BASE + SH_DBCN_BUF);
		EXPECT_EQ(r->args[2], 0);
	}
	EXPECT_SLOT(R_DBCN_READ, SBI_SUCCESS, 8);
	uint64_t want;
	memcpy(&want, DBCN_READ_DATA, 8);
	EXPECT_EQ(A0(R_DBCN_READBUF), want);
	end();
	begin("forward_experimental");
	r = sbi_find(EID_EXP, 7);
	EXPECT(r != NULL);
	if (r)
		for (unsigned i = 0; i < 6; i++)
			EXPECT_EQ(r->args[i], 0x11 * (i + 1));
	EXPECT_SLOT(R_EXP, SBI_SUCCESS, EXP_VALUE);
	r = sbi_find(EID_EXP_ERR, 0);
	EXPECT(r != NULL);
	if (r)
		EXPECT_EQ(r->args[0], 0x1234);
	EXPECT_SLOT(R_EXP_ERR, SBI_ERR_DENIED, 0x77);
	end();
	begin("forward_unanswered");
	EXPECT(sbi_find(EID_VENDOR, 3) != NULL);
	EXPECT_SLOT(R_VENDOR, SBI_ERR_NOT_SUPPORTED, 0);   /* ret[] as the core preset it */
	end();
	begin("forward_legacy_console");
	r = sbi_find(1, ~0ULL);
	EXPECT(r != NULL);
	if (r)
		EXPECT_EQ(r->args[0], 'Z');
	EXPECT_SLOT(R_LEG_PUTCHAR, 0, 0x5a5a);             /* a0 only (SBI spec 5) */
	EXPECT(sbi_find(2, ~0ULL) != NULL);
	EXPECT_SLOT(R_LEG_GETCHAR, LEGACY_GETCHAR, 0x5a5a);
	EXPECT_EQ(c->nsbi, 8);                             /* nothing else was forwarded */
	end();

	/* virtual instructions (privileged spec, H: "virtual instruction") */
	check_virtual_insn("virtual_insn_csr_hstatus", R_VI_HSTATUS, 0x600022f3);
	check_virtual_insn("virtual_insn_hfence_gvma", R_VI_GVMA, 0x62000073);
	check_virtual_insn("virtual_insn_hfence_vvma", R_VI_VVMA, 0x22000073);
	check_virtual_insn("virtual_insn_hlv_d", R_VI_HLV, 0x6c0542f3);
	check_virtual_insn("virtual_insn_csr_vsstatus", R_VI_VSSTATUS, 0x200022f3);

	begin("no_aclint_access_fault");
	EXPECT_SLOT(R_NO_ACLINT, EXC_LOAD_ACCESS, ACLINT_MTIME);
	EXPECT_SLOT(R_NO_ACLINT_ST, EXC_STORE_ACCESS, ACLINT_MTIME);
	end();

	/* MMIO */
	begin("mmio_load_sign_extend");
	EXPECT_EQ(A0(R_MMIO_LB), (uint64_t)(int64_t)(int8_t)PAT_NEG);
	EXPECT_EQ(A0(R_MMIO_LH), (uint64_t)(int64_t)(int16_t)PAT_NEG);
	EXPECT_EQ(A0(R_MMIO_LW), (uint64_t)(int64_t)(int32_t)PAT_NEG);
	EXPECT_EQ(A0(R_MMIO_LD), PAT_NEG);
	end();
	begin("mmio_load_zero_extend");
	EXPECT_EQ(A0(R_MMIO_LBU), (uint8_t)PAT_NEG);
	EXPECT_EQ(A0(R_MMIO_LHU), (uint16_t)PAT_NEG);
	EXPECT_EQ(A0(R_MMIO_LWU), (uint32_t)PAT_NEG);
	end();
	begin("mmio_load_positive");
	EXPECT_EQ(A0(R_MMIO_POS_LB), (uint8_t)PAT_POS);
	EXPECT_EQ(A0(R_MMIO_POS_LH), (uint16_t)PAT_POS);
	EXPECT_EQ(A0(R_MMIO_POS_LW), (uint32_t)PAT_POS);
	end();
	begin("mmio_load_compressed");
	EXPECT_SLOT(R_MMIO_C_LW, (uint64_t)(int64_t)(int32_t)PAT_NEG, PAT_NEG);
	end();
	begin("mmio_load_x0");
	EXPECT_SLOT(R_MMIO_X0, 0, 77);
	EXPECT(mmio_find(MMIO_BASE + MMIO_LOAD_NEG + 0x50, false) != NULL);   /* still an access */
	end();
	begin("mmio_load_fp");
	EXPECT_SLOT(R_MMIO_FP, PAT_NEG, 0xffffffff00000000ULL | (uint32_t)PAT_NEG);   /* NaN-boxed */
	end();
	begin("mmio_load_exits");
	static const struct { uint64_t off; uint32_t len; } loads[] = {
		{ 0x00, 1 }, { 0x08, 1 }, { 0x10, 2 }, { 0x18, 2 }, { 0x20, 4 }, { 0x28, 4 },
		{ 0x30, 8 }, { 0x100, 1 }, { 0x108, 2 }, { 0x110, 4 }, { 0x40, 4 }, { 0x48, 8 },
		{ 0x50, 4 }, { 0x58, 8 }, { 0x60, 4 },
	};
	unsigned nloads = 0;
	for (unsigned i = 0; i < c->nmmio; i++)
		if (!c->mmio[i].is_write) {
			if (nloads < sizeof(loads) / sizeof(loads[0])) {
				EXPECT_EQ(c->mmio[i].addr, MMIO_BASE + loads[nloads].off);
				EXPECT_EQ(c->mmio[i].len, loads[nloads].len);
			}
			nloads++;
		}
	EXPECT_EQ(nloads, sizeof(loads) / sizeof(loads[0]));   /* one exit each, in order */
	end();
	begin("mmio_store_widths");
	expect_store(MMIO_STORE + 0x00, 1, (uint8_t)STORE_VAL);
	expect_store(MMIO_STORE + 0x10, 2, (uint16_t)STORE_VAL);
	expect_store(MMIO_STORE + 0x20, 4, (uint32_t)STORE_VAL);
	expect_store(MMIO_STORE + 0x30, 8, STORE_VAL);
	end();
	begin("mmio_store_compressed");
	expect_store(MMIO_STORE + 0x40, 4, (uint32_t)STORE_VAL);
	expect_store(MMIO_STORE + 0x48, 8, STORE_VAL);
	end();
	begin("mmio_store_fp");
	expect_store(MMIO_STORE + 0x50, 8, PAT_NEG);
	expect_store(MMIO_STORE + 0x60, 4, (uint32_t)PAT_NEG);
	unsigned nstores = 0;
	for (unsigned i = 0; i < c->nmmio; i++)
		nstores += c->mmio[i].is_write;
	EXPECT_EQ(nstores, 8);
	end();

	begin("plic_vseip");
	EXPECT_EQ(c->irq_errors, 0);
	EXPECT_EQ(c->irq_raised, 1);
	EXPECT_EQ(c->irq_lowered, 1);
	EXPECT_SLOT(R_PLIC, IRQ(9), PLIC_SRC);             /* S external, source claimed */
	EXPECT_SLOT(R_PLIC2, 1, 0);                        /* once; nothing left */
	end();
}

/* ---- the ONE_REG VM ---- */

static void test_onereg(struct kvm *kvm, const void *image, size_t size)
{
	struct vm c;
	begin("onereg_create");
	int r = vm_create(&c, kvm, image, size, RESET_PC_ONEREG, 1, false);
	EXPECT_EQ(r, 0);
	end();
	if (r < 0)
		return;
	struct kvm_vcpu *v = c.vcpu[0];
	uint64_t val;

	begin("onereg_sbi_ext_defaults");
	for (unsigned e = 0; e < KVM_RISCV_SBI_EXT_MAX; e++) {
		val = 99;
		EXPECT_EQ(get_reg(v, KVM_REG_RISCV_SBI_EXT_REG(e), &val), 0);
		if (val != 1)
			fprintf(stderr, "  SBI_EXT %u reads %llu\n", e, (unsigned long long)val);
		EXPECT_EQ(val, 1);
	}
	EXPECT_EQ(get_reg(v, KVM_REG_RISCV_SBI_EXT_REG(KVM_RISCV_SBI_EXT_MAX), &val), -ENOENT);
	end();

	begin("onereg_sbi_ext_invalid");
	EXPECT_EQ(set_reg(v, KVM_REG_RISCV_SBI_EXT_REG(KVM_RISCV_SBI_EXT_HSM), 2), -EINVAL);
	EXPECT_EQ(set_reg(v, KVM_REG_RISCV_SBI_EXT_REG(KVM_RISCV_SBI_EXT_PMU), 1), 0);  /* already on */
	EXPECT_EQ(set_reg(v, KVM_REG_RISCV_SBI_EXT_REG(KVM_RISCV_SBI_EXT_MAX), 0), -ENOENT);
	EXPECT_EQ(get_reg(v, KVM_REG_RISCV_SBI_EXT_REG(KVM_RISCV_SBI_EXT_HSM), &val), 0);
	EXPECT_EQ(val, 1);                                 /* unchanged */
	end();

	begin("onereg_disable_before_run");
	EXPECT_EQ(set_reg(v, KVM_REG_RISCV_SBI_EXT_REG(KVM_RISCV_SBI_EXT_HSM), 0), 0);
	EXPECT_EQ(set_reg(v, KVM_REG_RISCV_SBI_EXT_REG(KVM_RISCV_SBI_EXT_DBCN), 0), 0);
	EXPECT_EQ(set_reg(v, KVM_REG_RISCV_SBI_EXT_REG(KVM_RISCV_SBI_EXT_SRST), 0), 0);
	/* off and on again, then off: the last write counts */
	EXPECT_EQ(set_reg(v, KVM_REG_RISCV_SBI_EXT_REG(KVM_RISCV_SBI_EXT_TIME), 0), 0);
	EXPECT_EQ(set_reg(v, KVM_REG_RISCV_SBI_EXT_REG(KVM_RISCV_SBI_EXT_TIME), 1), 0);
	val = 99;
	EXPECT_EQ(get_reg(v, KVM_REG_RISCV_SBI_EXT_REG(KVM_RISCV_SBI_EXT_HSM), &val), 0);
	EXPECT_EQ(val, 0);
	EXPECT_EQ(get_reg(v, KVM_REG_RISCV_SBI_EXT_REG(KVM_RISCV_SBI_EXT_TIME), &val), 0);
	EXPECT_EQ(val, 1);
	end();

	vm_run(&c);
	cv = &c;

	begin("onereg_run");
	EXPECT_EQ(c.bad_exits, 0);
	if (c.bad_exits)
		fprintf(stderr, "  first problem: %s\n", c.bad_what);
	EXPECT_SLOT(R2_BOOT, 0, 0);
	EXPECT(c.event);
	EXPECT_EQ(c.event_type, KVM_SYSTEM_EVENT_SHUTDOWN);    /* legacy shutdown (5.9) */
	EXPECT_EQ(c.event_data0, 0);
	end();

	begin("onereg_disabled_probe");
	EXPECT_SLOT(R2_PROBE_HSM, SBI_SUCCESS, 0);
	EXPECT_SLOT(R2_PROBE_DBCN, SBI_SUCCESS, 0);
	EXPECT_SLOT(R2_PROBE_SRST, SBI_SUCCESS, 0);
	EXPECT_SLOT(R2_PROBE_TIME, SBI_SUCCESS, 1);
	end();

	begin("onereg_disabled_call");
	EXPECT_ERR(R2_HSM_CALL, SBI_ERR_NOT_SUPPORTED);
	EXPECT_ERR(R2_DBCN_CALL, SBI_ERR_NOT_SUPPORTED);
	EXPECT_EQ(c.nsbi, 0);                                  /* DBCN not forwarded */
	EXPECT_ERR(R2_SRST_CALL, SBI_ERR_NOT_SUPPORTED);       /* did not shut down */
	EXPECT_OK(R2_TIME_CALL);
	end();

	begin("onereg_ebusy_after_run");
	EXPECT_EQ(set_reg(v, KVM_REG_RISCV_SBI_EXT_REG(KVM_RISCV_SBI_EXT_HSM), 1), -EBUSY);
	EXPECT_EQ(set_reg(v, KVM_REG_RISCV_SBI_EXT_REG(KVM_RISCV_SBI_EXT_IPI), 0), -EBUSY);
	val = 99;
	EXPECT_EQ(get_reg(v, KVM_REG_RISCV_SBI_EXT_REG(KVM_RISCV_SBI_EXT_HSM), &val), 0);
	EXPECT_EQ(val, 0);
	EXPECT_EQ(get_reg(v, KVM_REG_RISCV_SBI_EXT_REG(KVM_RISCV_SBI_EXT_IPI), &val), 0);
	EXPECT_EQ(val, 1);
	end();
	vm_destroy(&c);
}

static void test_vm_types(struct kvm *kvm)
{
	begin("vm_type_invalid");
	struct kvm_vm *vm = NULL;
	EXPECT_EQ(kvm_create_vm(kvm, 2, &vm), -EINVAL);
	EXPECT_EQ(kvm_create_vm(kvm, 99, &vm), -EINVAL);
	EXPECT_EQ(kvm_create_vm(kvm, ~0UL, &vm), -EINVAL);
	EXPECT(vm == NULL);
	end();

	/* A full machine's SBI belongs to its firmware: no SBI_EXT registers. */
	begin("sbi_ext_full_machine");
	EXPECT_EQ(kvm_create_vm(kvm, KVM_VM_TYPE_FULL_MACHINE, &vm), 0);
	struct kvm_vcpu *v = NULL;
	EXPECT_EQ(kvm_create_vcpu(vm, 0, &v), 0);
	uint64_t val;
	EXPECT_EQ(get_reg(v, KVM_REG_RISCV_SBI_EXT_REG(KVM_RISCV_SBI_EXT_HSM), &val), -ENOENT);
	EXPECT_EQ(set_reg(v, KVM_REG_RISCV_SBI_EXT_REG(KVM_RISCV_SBI_EXT_HSM), 0), -ENOENT);
	kvm_vm_destroy(vm);
	end();
}

static void *read_file(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		perror(path);
		exit(2);
	}
	size_t cap = RES_BASE - RAM_BASE;   /* the image must end below the slots */
	void *buf = malloc(cap + 1);
	*size = fread(buf, 1, cap + 1, f);
	fclose(f);
	if (*size == 0 || *size > cap) {
		fprintf(stderr, "%s: empty or larger than %zu bytes\n", path, cap);
		exit(2);
	}
	return buf;
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: %s GUEST.bin\n", argv[0]);
		return 2;
	}
	signal(SIGALRM, on_alarm);
	alarm(ALARM_S);
	size_t size;
	void *image = read_file(argv[1], &size);
	struct kvm *kvm;
	if (kvm_open(&kvm) < 0) {
		fprintf(stderr, "kvm_open failed\n");
		return 2;
	}

	test_vm_types(kvm);

	static struct vm c;
	begin("vm_create");
	int r = vm_create(&c, kvm, image, size, RESET_PC_MAIN, 2, true);
	EXPECT_EQ(r, 0);
	end();
	if (r == 0) {
		/* vCPU 0 runnable in VS-mode at the reset PC with a0 = 0; the
		 * others stopped until hart_start, a0 = their id. */
		begin("vcpu_reset_state");
		uint64_t val = 99;
		EXPECT_EQ(get_reg(c.vcpu[0], KVM_REG_RISCV_CORE_PC, &val), 0);
		EXPECT_EQ(val, RESET_PC_MAIN);
		EXPECT_EQ(get_reg(c.vcpu[0], KVM_REG_RISCV_CORE_MODE, &val), 0);
		EXPECT_EQ(val, 1);                                  /* S (VS) */
		EXPECT_EQ(get_reg(c.vcpu[0], KVM_REG_RISCV_CORE_REG(10), &val), 0);
		EXPECT_EQ(val, 0);
		EXPECT_EQ(get_reg(c.vcpu[1], KVM_REG_RISCV_CORE_REG(10), &val), 0);
		EXPECT_EQ(val, 1);
		EXPECT_EQ(mp_state(c.vcpu[0]), KVM_MP_STATE_RUNNABLE);
		EXPECT_EQ(mp_state(c.vcpu[1]), KVM_MP_STATE_STOPPED);
		end();

		vm_run(&c);
		check_main(&c);
		vm_destroy(&c);
	}

	test_onereg(kvm, image, size);
	if (!c.hung)
		kvm_close(kvm);
	free(image);
	return failures ? 1 : 0;
}
