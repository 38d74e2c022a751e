// SPDX-License-Identifier: MIT
/* Unit tests of the PLIC (hw/riscv/plic.c), the irqchip ioctls
 * (kvm/irqchip.c), the ns16550a receive/interrupt logic
 * (vmm/uart_ns16550a.c) and the goldfish RTC (vmm/rtc_goldfish.c).
 * The PLIC is checked against a reference model written from the spec
 * (random operation sequences), with hostile register accesses, and with
 * several threads driving lines while another claims and completes.
 * Prints "PASS name" / "FAIL name" lines; exit status 1 if any failed. */
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "hw/bus.h"
#include "hw/riscv/hart.h"
#include "hw/riscv/plic.h"
#include "rvkvm/kvm.h"
#include "vmm/rtc_goldfish.h"
#include "vmm/uart_ns16550a.h"

#define CSR_MIP   0x344
#define MIP_SEIP  (1ULL << 9)
#define MIP_MEIP  (1ULL << 11)
#define PLIC_BASE 0x0c000000ULL
#define NHARTS    2
#define NCTX      (2 * NHARTS)

static int failures;
static const char *cur_test;
static bool cur_failed;

static void begin(const char *name)
{
	cur_test = name;
	cur_failed = false;
}

static void end(void)
{
	printf("%s plic_unit.%s\n", cur_failed ? "FAIL" : "PASS", cur_test);
	fflush(stdout);
	if (cur_failed)
		failures++;
}

#define EXPECT(cond, ...) do {                                             \
	if (!(cond)) {                                                     \
		if (!cur_failed)                                           \
			fprintf(stderr, "%s: %s:%d: ", cur_test, __FILE__, __LINE__); \
		else                                                       \
			fprintf(stderr, "%s:   also: ", cur_test);         \
		fprintf(stderr, __VA_ARGS__);                              \
		fputc('\n', stderr);                                       \
		cur_failed = true;                                         \
	}                                                                  \
} while (0)

/* ---- a PLIC on a bus with real harts ---- */

struct rig {
	struct bus bus;
	struct rv_clock clock;
	struct hart *harts[NHARTS];
	struct plic plic;
	const struct bus_mmio *mmio;
	_Atomic unsigned notified[NHARTS];
};

static void rig_notify(void *opaque, unsigned hart)
{
	struct rig *r = opaque;
	if (hart < NHARTS)
		r->notified[hart]++;
}

static void rig_init(struct rig *r)
{
	memset(r, 0, sizeof(*r));
	bus_init(&r->bus);
	rv_clock_init(&r->clock);
	for (unsigned i = 0; i < NHARTS; i++) {
		struct hart_config cfg = { .hartid = i, .bus = &r->bus, .clock = &r->clock,
					   .reset_pc = 0x80000000 };
		r->harts[i] = hart_create(&cfg);
		if (!r->harts[i]) {
			fprintf(stderr, "hart_create failed\n");
			exit(2);
		}
	}
	plic_init(&r->plic, r->harts, NHARTS, rig_notify, r);
	if (plic_attach(&r->plic, &r->bus, PLIC_BASE) < 0) {
		fprintf(stderr, "plic_attach failed\n");
		exit(2);
	}
	r->mmio = bus_find_mmio(&r->bus, PLIC_BASE);
}

static void rig_destroy(struct rig *r)
{
	plic_destroy(&r->plic);
	for (unsigned i = 0; i < NHARTS; i++)
		hart_destroy(r->harts[i]);
}

static uint32_t rd(struct rig *r, uint64_t off)
{
	uint64_t v = 0xdeadbeef;
	bool ok = r->mmio->ops->read(r->mmio->opaque, off, 4, &v);
	EXPECT(ok, "read of %#llx refused", (unsigned long long)off);
	return (uint32_t)v;
}

static void wr(struct rig *r, uint64_t off, uint32_t v)
{
	bool ok = r->mmio->ops->write(r->mmio->opaque, off, 4, v);
	EXPECT(ok, "write of %#llx refused", (unsigned long long)off);
}

static uint64_t off_prio(unsigned s) { return 4ULL * s; }
static uint64_t off_pending(unsigned w) { return 0x1000 + 4ULL * w; }
static uint64_t off_enable(unsigned c, unsigned w) { return 0x2000 + 0x80ULL * c + 4ULL * w; }
static uint64_t off_threshold(unsigned c) { return 0x200000 + 0x1000ULL * c; }
static uint64_t off_claim(unsigned c) { return 0x200004 + 0x1000ULL * c; }

static uint64_t mip(struct rig *r, unsigned hart)
{
	uint64_t v = 0;
	hart_csr_get(r->harts[hart], CSR_MIP, &v);
	return v;
}

/* The EIP line of context c as the hart sees it. */
static bool eip(struct rig *r, unsigned c)
{
	return mip(r, c / 2) & (c & 1 ? MIP_SEIP : MIP_MEIP);
}

static void set_enable(struct rig *r, unsigned c, unsigned s, bool on)
{
	uint32_t v = rd(r, off_enable(c, s / 32));
	v = on ? v | 1u << (s % 32) : v & ~(1u << (s % 32));
	wr(r, off_enable(c, s / 32), v);
}

/* ---- the reference model, straight from the spec's prose ---- */

struct ref {
	unsigned prio[PLIC_NUM_SOURCES];
	bool ip[PLIC_NUM_SOURCES], line[PLIC_NUM_SOURCES], busy[PLIC_NUM_SOURCES];
	bool en[NCTX][PLIC_NUM_SOURCES];
	unsigned thr[NCTX];
};

static void ref_line(struct ref *m, unsigned s, bool level)
{
	m->line[s] = level;
	if (level && !m->busy[s])
		m->ip[s] = true;  /* the gateway forwards a request */
}

static unsigned ref_claim(struct ref *m, unsigned c)
{
	unsigned best = 0;
	for (unsigned s = 1; s < PLIC_NUM_SOURCES; s++)
		if (m->ip[s] && m->en[c][s] && m->prio[s] > 0 &&
		    (best == 0 || m->prio[s] > m->prio[best]))
			best = s;
	if (best) {
		m->ip[best] = false;
		m->busy[best] = true;
	}
	return best;
}

static void ref_complete(struct ref *m, unsigned c, uint32_t id)
{
	if (id == 0 || id >= PLIC_NUM_SOURCES || !m->en[c][id])
		return;
	m->busy[id] = false;
	if (m->line[id])
		m->ip[id] = true;
}

static bool ref_eip(const struct ref *m, unsigned c)
{
	for (unsigned s = 1; s < PLIC_NUM_SOURCES; s++)
		if (m->ip[s] && m->en[c][s] && m->prio[s] > m->thr[c])
			return true;
	return false;
}

static uint32_t ref_pending_word(const struct ref *m, unsigned w)
{
	uint32_t v = 0;
	for (unsigned b = 0; b < 32; b++)
		if (32 * w + b < PLIC_NUM_SOURCES && m->ip[32 * w + b])
			v |= 1u << b;
	return v;
}

/* ---- tests ---- */

static void test_registers(void)
{
	begin("registers");
	struct rig r;
	rig_init(&r);
	for (unsigned s = 1; s < PLIC_NUM_SOURCES; s++) {
		wr(&r, off_prio(s), 0xffffffff);
		EXPECT(rd(&r, off_prio(s)) == 7, "priority %u WARL", s);
		wr(&r, off_prio(s), 0x12);
		EXPECT(rd(&r, off_prio(s)) == 2, "priority %u WARL 0x12", s);
	}
	wr(&r, off_prio(0), 5);
	EXPECT(rd(&r, off_prio(0)) == 0, "source 0 has no priority");
	for (unsigned s = PLIC_NUM_SOURCES; s < 1024; s++) {
		wr(&r, off_prio(s), 5);
		EXPECT(rd(&r, off_prio(s)) == 0, "priority of absent source %u", s);
	}
	for (unsigned c = 0; c < NCTX; c++) {
		wr(&r, off_enable(c, 0), 0xffffffff);
		EXPECT(rd(&r, off_enable(c, 0)) == 0xfffffffe, "ctx %u enable bit 0", c);
		wr(&r, off_enable(c, 2), 0xffffffff);
		EXPECT(rd(&r, off_enable(c, 2)) == 0xffffffff, "ctx %u enable word 2", c);
		wr(&r, off_enable(c, 3), 0xffffffff);
		EXPECT(rd(&r, off_enable(c, 3)) == 0, "ctx %u enable word 3", c);
		wr(&r, off_threshold(c), 0xfffffff9);
		EXPECT(rd(&r, off_threshold(c)) == 1, "ctx %u threshold WARL", c);
	}
	/* contexts are independent */
	wr(&r, off_enable(1, 1), 0x5a5a5a5a);
	EXPECT(rd(&r, off_enable(0, 1)) == 0, "ctx 0 word 1 untouched");
	EXPECT(rd(&r, off_enable(1, 1)) == 0x5a5a5a5a, "ctx 1 word 1");
	/* contexts of absent harts (2 harts: contexts 0..3) */
	wr(&r, off_enable(NCTX, 0), 0xffffffff);
	EXPECT(rd(&r, off_enable(NCTX, 0)) == 0, "absent context enable");
	wr(&r, off_threshold(NCTX), 3);
	EXPECT(rd(&r, off_threshold(NCTX)) == 0, "absent context threshold");
	EXPECT(rd(&r, off_claim(NCTX)) == 0, "absent context claim");
	/* pending is read-only */
	wr(&r, off_pending(0), 0xffffffff);
	EXPECT(rd(&r, off_pending(0)) == 0, "pending read-only");
	/* claims with nothing pending */
	for (unsigned c = 0; c < NCTX; c++)
		EXPECT(rd(&r, off_claim(c)) == 0, "empty claim ctx %u", c);
	EXPECT(!plic_set_irq(&r.plic, 0, true), "source 0 refused");
	EXPECT(!plic_set_irq(&r.plic, PLIC_NUM_SOURCES, true), "source 96 refused");
	EXPECT(!plic_set_irq(&r.plic, 0xffffffffu, true), "huge source refused");
	rig_destroy(&r);
	end();
}

/* Several sources and contexts, priorities, thresholds, ties. */
static void test_claim_order(void)
{
	begin("claim_order");
	struct rig r;
	rig_init(&r);
	static const unsigned src[] = { 1, 5, 31, 32, 33, 63, 64, 70, 95 };
	static const unsigned pri[] = { 1, 4, 4, 7, 2, 4, 6, 3, 7 };
	for (unsigned i = 0; i < 9; i++) {
		wr(&r, off_prio(src[i]), pri[i]);
		for (unsigned c = 0; c < NCTX; c++)
			set_enable(&r, c, src[i], true);
	}
	for (unsigned i = 0; i < 9; i++)
		plic_set_irq(&r.plic, src[i], true);
	EXPECT(rd(&r, off_pending(0)) == (1u << 1 | 1u << 5 | 1u << 31), "pending word 0 %#x",
	       rd(&r, off_pending(0)));
	EXPECT(rd(&r, off_pending(1)) == (1u << 0 | 1u << 1 | 1u << 31), "pending word 1");
	EXPECT(rd(&r, off_pending(2)) == (1u << 0 | 1u << 6 | 1u << 31), "pending word 2");
	for (unsigned c = 0; c < NCTX; c++)
		EXPECT(eip(&r, c), "eip ctx %u", c);
	/* claims from alternating contexts: 32 (7), 95 (7), 64 (6), 5 (4),
	 * 31 (4), 63 (4), 70 (3), 33 (2), 1 (1) */
	static const unsigned order[] = { 32, 95, 64, 5, 31, 63, 70, 33, 1 };
	wr(&r, off_threshold(3), 3);
	for (unsigned i = 0; i < 9; i++) {
		unsigned c = i % 3;
		uint32_t got = rd(&r, off_claim(c));
		EXPECT(got == order[i], "claim %u from ctx %u: %u, want %u", i, c, got, order[i]);
		/* context 3 (threshold 3) sees EIP only while something > 3 waits */
		bool want = i + 1 < 6;
		EXPECT(eip(&r, 3) == want, "ctx 3 eip after claim %u", i);
	}
	for (unsigned c = 0; c < NCTX; c++) {
		EXPECT(rd(&r, off_claim(c)) == 0, "all claimed ctx %u", c);
		EXPECT(!eip(&r, c), "no eip ctx %u", c);
	}
	/* lines still high: each completion brings a new request */
	wr(&r, off_claim(2), 70);
	EXPECT(rd(&r, off_pending(2)) == 1u << 6, "70 pending again");
	EXPECT(eip(&r, 0) && eip(&r, 1) && eip(&r, 2) && !eip(&r, 3), "eip after completing 70");
	for (unsigned i = 0; i < 9; i++)
		plic_set_irq(&r.plic, src[i], false);
	for (unsigned i = 0; i < 9; i++)
		wr(&r, off_claim(0), src[i]);
	EXPECT(rd(&r, off_claim(1)) == 70, "70 still pending (never retracted)");
	wr(&r, off_claim(1), 70);
	for (unsigned w = 0; w < 3; w++)
		EXPECT(rd(&r, off_pending(w)) == 0, "nothing pending word %u", w);
	rig_destroy(&r);
	end();
}

/* EIP notifications reach the right hart, once per change. */
static void test_notify(void)
{
	begin("notify");
	struct rig r;
	rig_init(&r);
	wr(&r, off_prio(7), 1);
	set_enable(&r, 3, 7, true);  /* hart 1, S */
	EXPECT(r.notified[0] == 0 && r.notified[1] == 0, "nothing yet");
	plic_set_irq(&r.plic, 7, true);
	EXPECT(r.notified[0] == 0 && r.notified[1] == 1, "hart 1 notified (%u, %u)",
	       r.notified[0], r.notified[1]);
	EXPECT((mip(&r, 1) & (MIP_SEIP | MIP_MEIP)) == MIP_SEIP, "hart 1 SEIP");
	EXPECT((mip(&r, 0) & (MIP_SEIP | MIP_MEIP)) == 0, "hart 0 quiet");
	plic_set_irq(&r.plic, 7, true);  /* no change */
	EXPECT(r.notified[1] == 1, "no change, no notification");
	EXPECT(rd(&r, off_claim(3)) == 7, "claim 7");
	EXPECT(r.notified[1] == 2 && !(mip(&r, 1) & MIP_SEIP), "SEIP dropped and notified");
	rig_destroy(&r);
	end();
}

static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;
static uint64_t rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

/* Random operations against the reference model. */
static void test_vs_model(void)
{
	begin("vs_model");
	struct rig r;
	rig_init(&r);
	struct ref m;
	memset(&m, 0, sizeof(m));
	/* a few interesting sources, so that states collide */
	static const unsigned pool[] = { 1, 2, 3, 10, 31, 32, 33, 64, 94, 95 };
	for (unsigned step = 0; step < 200000 && !cur_failed; step++) {
		unsigned s = pool[rnd() % 10], c = (unsigned)(rnd() % NCTX);
		switch (rnd() % 8) {
		case 0: case 1: {
			bool lvl = rnd() & 1;
			plic_set_irq(&r.plic, s, lvl);
			ref_line(&m, s, lvl);
			break;
		}
		case 2: {
			unsigned p = (unsigned)(rnd() % 9);  /* 8 -> 0 (WARL) */
			wr(&r, off_prio(s), p);
			m.prio[s] = p & 7;
			break;
		}
		case 3: {
			bool on = rnd() % 3 != 0;
			set_enable(&r, c, s, on);
			m.en[c][s] = on;
			break;
		}
		case 4: {
			unsigned t = (unsigned)(rnd() % 8);
			wr(&r, off_threshold(c), t);
			m.thr[c] = t;
			break;
		}
		case 5: case 6: {
			uint32_t got = rd(&r, off_claim(c)), want = ref_claim(&m, c);
			EXPECT(got == want, "step %u: claim ctx %u = %u, model %u", step, c, got, want);
			break;
		}
		default: {
			uint32_t id = rnd() % 16 ? s : (uint32_t)rnd();
			wr(&r, off_claim(c), id);
			ref_complete(&m, c, id);
			break;
		}
		}
		for (unsigned w = 0; w < PLIC_WORDS; w++)
			EXPECT(rd(&r, off_pending(w)) == ref_pending_word(&m, w),
			       "step %u: pending word %u %#x, model %#x", step, w,
			       rd(&r, off_pending(w)), ref_pending_word(&m, w));
		for (unsigned k = 0; k < NCTX; k++)
			EXPECT(eip(&r, k) == ref_eip(&m, k), "step %u: eip ctx %u = %d, model %d",
			       step, k, eip(&r, k), ref_eip(&m, k));
	}
	rig_destroy(&r);
	end();
}

/* Hostile accesses: every size at random offsets, in and around the
 * window; nothing crashes, only 4-byte accesses are accepted. */
static void test_hostile(void)
{
	begin("hostile");
	struct rig r;
	rig_init(&r);
	for (unsigned i = 0; i < 300000; i++) {
		unsigned size = 1u << (rnd() % 4);
		uint64_t off = rnd() % (PLIC_SIZE + 0x1000);
		if (rnd() % 4 == 0)
			off = rnd();          /* far outside: the bus never passes these, but be safe */
		off &= ~(uint64_t)(size - 1);
		uint64_t v = rnd();
		bool ok = rnd() & 1 ? r.mmio->ops->write(r.mmio->opaque, off, size, v)
				    : r.mmio->ops->read(r.mmio->opaque, off, size, &v);
		EXPECT(ok == (size == 4), "size %u at %#llx: %d", size, (unsigned long long)off, ok);
		if (rnd() % 64 == 0)
			plic_set_irq(&r.plic, (unsigned)(rnd() % 200), rnd() & 1);
		if (cur_failed)
			break;
	}
	/* still coherent: drop all lines, complete everything, drain */
	for (unsigned s = 1; s < PLIC_NUM_SOURCES; s++)
		plic_set_irq(&r.plic, s, false);
	for (unsigned c = 0; c < NCTX; c++) {
		for (unsigned w = 0; w < PLIC_WORDS; w++)
			wr(&r, off_enable(c, w), 0xffffffff);
		wr(&r, off_threshold(c), 0);
	}
	for (unsigned s = 1; s < PLIC_NUM_SOURCES; s++) {
		wr(&r, off_prio(s), 1);
		wr(&r, off_claim(0), s);
	}
	for (unsigned n = 0; rd(&r, off_claim(0)) && n < 200; n++)
		;
	for (unsigned w = 0; w < PLIC_WORDS; w++)
		EXPECT(rd(&r, off_pending(w)) == 0, "drained word %u", w);
	for (unsigned c = 0; c < NCTX; c++)
		EXPECT(!eip(&r, c), "no eip ctx %u", c);
	rig_destroy(&r);
	end();
}

/* Device threads raise and lower lines while a "vCPU" claims and
 * completes; at the end every source is idle and EIP agrees. */
struct toggler {
	struct rig *r;
	unsigned source, rounds;
};

static void *toggle_thread(void *opaque)
{
	struct toggler *t = opaque;
	for (unsigned i = 0; i < t->rounds; i++) {
		plic_set_irq(&t->r->plic, t->source, true);
		if (i % 3)
			sched_yield();
		plic_set_irq(&t->r->plic, t->source, false);
	}
	return NULL;
}

static void test_threads(void)
{
	begin("threads");
	struct rig r;
	rig_init(&r);
	static const unsigned src[] = { 2, 40, 77 };
	for (unsigned i = 0; i < 3; i++) {
		wr(&r, off_prio(src[i]), 1 + i);
		set_enable(&r, 0, src[i], true);
		set_enable(&r, 3, src[i], true);
	}
	struct toggler t[3];
	pthread_t th[3];
	for (unsigned i = 0; i < 3; i++) {
		t[i] = (struct toggler){ &r, src[i], 20000 };
		pthread_create(&th[i], NULL, toggle_thread, &t[i]);
	}
	unsigned claims = 0, bad = 0;
	for (unsigned n = 0; n < 200000; n++) {
		unsigned c = n & 1 ? 3 : 0;
		uint32_t id = rd(&r, off_claim(c));
		if (id) {
			claims++;
			if (id != 2 && id != 40 && id != 77)
				bad++;
			wr(&r, off_claim(c), id);
		}
	}
	for (unsigned i = 0; i < 3; i++)
		pthread_join(th[i], NULL);
	/* every line is low now: what is left is stale requests, claim them */
	for (uint32_t id; (id = rd(&r, off_claim(0))) != 0;)
		wr(&r, off_claim(0), id);
	EXPECT(bad == 0, "%u claims of sources never raised", bad);
	EXPECT(claims > 0, "no claim succeeded");
	for (unsigned w = 0; w < PLIC_WORDS; w++)
		EXPECT(rd(&r, off_pending(w)) == 0, "pending word %u after the storm", w);
	for (unsigned c = 0; c < NCTX; c++)
		EXPECT(!eip(&r, c), "eip ctx %u after the storm", c);
	/* and it still works */
	plic_set_irq(&r.plic, 40, true);
	EXPECT(eip(&r, 0) && eip(&r, 3), "eip after a new request");
	EXPECT(rd(&r, off_claim(3)) == 40, "claim 40");
	rig_destroy(&r);
	end();
}

/* KVM_CREATE_IRQCHIP and KVM_IRQ_LINE through the API. */
static void test_kvm_api(void)
{
	begin("kvm_irqchip");
	struct kvm *kvm;
	struct kvm_vm *vm, *vm2;
	struct kvm_vcpu *vcpu;
	EXPECT(kvm_open(&kvm) == 0, "kvm_open");
	EXPECT(kvm_create_vm(kvm, KVM_VM_TYPE_FULL_MACHINE, &vm) == 0, "create vm");
	/* before the irqchip: hart << 16 | mip bit */
	EXPECT(kvm_create_vm(kvm, KVM_VM_TYPE_FULL_MACHINE, &vm2) == 0, "create vm2");
	EXPECT(kvm_create_vcpu(vm2, 0, &vcpu) == 0, "vcpu in vm2");
	struct kvm_irq_level l = { .irq = 11, .level = 1 };
	EXPECT(kvm_vm_ioctl(vm2, KVM_IRQ_LINE, &l) == 0, "legacy KVM_IRQ_LINE");
	uint64_t v = 0;
	struct kvm_one_reg reg = { .id = KVM_REG_RISCV_RVKVM_CSR_REG(CSR_MIP), .addr = (uint64_t)(uintptr_t)&v };
	EXPECT(kvm_vcpu_ioctl(vcpu, KVM_GET_ONE_REG, &reg) == 0 && (v & MIP_MEIP), "legacy MEIP");
	EXPECT(kvm_vm_ioctl(vm2, KVM_CREATE_IRQCHIP, NULL) == -EINVAL, "irqchip after a vCPU");
	kvm_vm_destroy(vm2);

	EXPECT(kvm_vm_ioctl(vm, KVM_CREATE_IRQCHIP, NULL) == 0, "KVM_CREATE_IRQCHIP");
	EXPECT(kvm_vm_ioctl(vm, KVM_CREATE_IRQCHIP, NULL) == -EEXIST, "second irqchip");
	EXPECT(kvm_create_vcpu(vm, 0, &vcpu) == 0, "vcpu");
	static const uint32_t bad[] = { 0, 96, 1000, 11 | 1u << 16, 0xffffffffu };
	for (unsigned i = 0; i < 5; i++) {
		l = (struct kvm_irq_level){ .irq = bad[i], .level = 1 };
		EXPECT(kvm_vm_ioctl(vm, KVM_IRQ_LINE, &l) == -EINVAL, "source %#x refused", bad[i]);
	}
	for (uint32_t s = 1; s < 96; s++) {
		l = (struct kvm_irq_level){ .irq = s, .level = s & 1 };
		EXPECT(kvm_vm_ioctl(vm, KVM_IRQ_LINE, &l) == 0, "source %u", s);
	}
	v = 0;
	EXPECT(kvm_vcpu_ioctl(vcpu, KVM_GET_ONE_REG, &reg) == 0 && !(v & (MIP_MEIP | MIP_SEIP)),
	       "nothing enabled: no EIP (mip %#llx)", (unsigned long long)v);
	kvm_vm_destroy(vm);
	kvm_close(kvm);
	end();
}

/* ---- UART ---- */

struct irq_probe {
	_Atomic int level, changes;
};

static void probe_irq(void *opaque, bool level)
{
	struct irq_probe *p = opaque;
	p->level = level;
	p->changes++;
}

static uint8_t urd(struct uart_ns16550a *u, unsigned off)
{
	return (uint8_t)uart_ns16550a_ops.read(u, off, 1);
}

static void uwr(struct uart_ns16550a *u, unsigned off, uint8_t v)
{
	uart_ns16550a_ops.write(u, off, 1, v);
}

/* Save a UART with bytes waiting and its interrupt up, load into a fresh
 * one: same registers, the line raised, the bytes read in order; states
 * no UART could be in are refused and change nothing. */
static void test_uart_save_load(void)
{
	begin("uart_save_load");
	struct uart_ns16550a u, v;
	struct irq_probe p = { 0, 0 }, q = { 0, 0 };
	FILE *out = fopen("/dev/null", "w");
	uart_ns16550a_init(&u, out, probe_irq, &p);
	uwr(&u, 3, 0x83);                     /* DLAB */
	uwr(&u, 0, 0x0c);
	uwr(&u, 3, 0x03);
	uwr(&u, 2, 0x07);                     /* FIFO, trigger 1 */
	uwr(&u, 1, 0x01);                     /* ERBFI */
	uwr(&u, 7, 0x5a);
	const uint8_t in[] = "hello";
	EXPECT(uart_ns16550a_receive(&u, in, 5) == 5, "receive");
	EXPECT(urd(&u, 0) == 'h', "first byte read before the save");
	EXPECT(p.level, "RDA up");
	struct uart_ns16550a_state st;
	uart_ns16550a_save(&u, &st);
	EXPECT(st.rx_count == 4 && st.rx[0] == 'e', "FIFO saved oldest first");
	uart_ns16550a_init(&v, out, probe_irq, &q);
	EXPECT(uart_ns16550a_load(&v, &st), "load");
	EXPECT(q.level, "the loaded UART raises its line");
	EXPECT(urd(&v, 7) == 0x5a && urd(&v, 3) == 0x03, "SCR, LCR");
	uwr(&v, 3, 0x83);
	EXPECT(urd(&v, 0) == 0x0c, "divisor latch");
	uwr(&v, 3, 0x03);
	for (unsigned i = 1; i < 5; i++)
		EXPECT(urd(&v, 0) == in[i], "byte %u after the load", i);
	EXPECT(!q.level, "drained");
	struct uart_ns16550a_state bad = st;
	bad.rx_count = 17;
	EXPECT(!uart_ns16550a_load(&v, &bad), "17 bytes in a 16-byte FIFO refused");
	bad = st;
	bad.fcr = 0;                          /* no FIFO: one byte at most */
	EXPECT(!uart_ns16550a_load(&v, &bad), "4 bytes without a FIFO refused");
	bad = st;
	bad.ier = 0xff;
	EXPECT(!uart_ns16550a_load(&v, &bad), "IER bits that do not exist refused");
	EXPECT(urd(&v, 7) == 0x5a && !q.level, "a refused load changed nothing");
	uart_ns16550a_destroy(&v);
	uart_ns16550a_destroy(&u);
	fclose(out);
	end();
}

static void test_uart_irq(void)
{
	begin("uart_irq");
	struct uart_ns16550a u;
	struct irq_probe p = { 0, 0 };
	FILE *out = fopen("/dev/null", "w");
	uart_ns16550a_init(&u, out, probe_irq, &p);
	EXPECT(urd(&u, 2) == 0x01 && !p.level, "reset: no interrupt");
	uwr(&u, 1, 0x02);                     /* ETBEI */
	EXPECT(p.level && urd(&u, 2) == 0x02, "THRE raised and reported");
	EXPECT(!p.level && urd(&u, 2) == 0x01, "IIR read cleared THRE");
	uwr(&u, 0, 'x');
	EXPECT(p.level, "THR write re-arms THRE (transmitted at once)");
	uwr(&u, 1, 0x00);
	EXPECT(!p.level, "IER = 0 lowers the line");
	uwr(&u, 1, 0x02);
	EXPECT(p.level, "ETBEI 0 -> 1 raises");
	uwr(&u, 1, 0x03);                      /* 1 -> 1: nothing new, still pending */
	EXPECT(urd(&u, 2) == 0x02, "still THRE");
	/* receive: 16450 mode holds one byte */
	const uint8_t a = 'a';
	EXPECT(uart_ns16550a_receive(&u, &a, 1) == 1, "receive 1");
	EXPECT(urd(&u, 2) == 0x04 && p.level, "RDA");
	EXPECT((urd(&u, 5) & 0x61) == 0x61, "LSR DR|THRE|TEMT");
	EXPECT(urd(&u, 0) == 'a', "RBR");
	EXPECT(!p.level && urd(&u, 2) == 0x01, "drained");
	/* FIFO mode, trigger 4 */
	uwr(&u, 2, 0x47);
	const uint8_t abc[] = "abcdef";
	EXPECT(uart_ns16550a_receive(&u, abc, 2) == 2, "receive 2");
	EXPECT(urd(&u, 2) == 0xcc, "timeout below the trigger");
	EXPECT(uart_ns16550a_receive(&u, abc + 2, 2) == 2, "receive 2 more");
	EXPECT(urd(&u, 2) == 0xc4, "RDA at the trigger");
	for (unsigned i = 0; i < 4; i++)
		EXPECT(urd(&u, 0) == abc[i], "FIFO order %u", i);
	EXPECT(!p.level, "drained");
	/* loopback holds host input; overrun with ELSI */
	uwr(&u, 4, 0x10);
	uwr(&u, 1, 0x05);
	for (unsigned i = 0; i < 17; i++)
		uwr(&u, 0, (uint8_t)('A' + i));
	EXPECT(urd(&u, 2) == 0xc6 && p.level, "line status outranks data");
	EXPECT((urd(&u, 5) & 0x03) == 0x03, "OE|DR");
	EXPECT((urd(&u, 5) & 0x02) == 0, "OE cleared by the LSR read");
	for (unsigned i = 0; i < 16; i++)
		EXPECT(urd(&u, 0) == 'A' + i, "loopback byte %u", i);
	EXPECT(urd(&u, 0) == 0, "empty RBR reads 0");
	uwr(&u, 4, 0x00);
	/* hostile offsets and sizes */
	for (unsigned i = 0; i < 100000; i++) {
		uint64_t off = rnd() % 0x100;
		unsigned size = 1u << (rnd() % 4);
		if (rnd() & 1)
			uart_ns16550a_ops.write(&u, off, size, rnd());
		else
			uart_ns16550a_ops.read(&u, off, size);
	}
	uwr(&u, 3, 0x03);
	uwr(&u, 1, 0x00);
	uwr(&u, 4, 0x00);
	uwr(&u, 2, 0x07);
	EXPECT(!p.level, "quiet after reset of IER");
	uart_ns16550a_destroy(&u);
	fclose(out);
	end();
}

struct feeder {
	struct uart_ns16550a *u;
	const uint8_t *buf;
	size_t len, done;
};

static void *feed_thread(void *opaque)
{
	struct feeder *f = opaque;
	f->done = uart_ns16550a_receive(f->u, f->buf, f->len);
	return NULL;
}

/* Back-pressure: a thread delivers 5000 bytes into the 16-byte FIFO;
 * the reader sees every one in order.  close() releases a blocked one. */
static void test_uart_backpressure(void)
{
	begin("uart_backpressure");
	struct uart_ns16550a u;
	struct irq_probe p = { 0, 0 };
	uart_ns16550a_init(&u, stdout, probe_irq, &p);
	uwr(&u, 2, 0x01);
	uwr(&u, 1, 0x01);
	static uint8_t data[5000];
	for (unsigned i = 0; i < sizeof(data); i++)
		data[i] = (uint8_t)(i * 7 + i / 256);
	struct feeder f = { &u, data, sizeof(data), 0 };
	pthread_t th;
	pthread_create(&th, NULL, feed_thread, &f);
	unsigned got = 0, spins = 0;
	while (got < sizeof(data) && spins < 100000000) {
		if (urd(&u, 5) & 0x01) {
			uint8_t b = urd(&u, 0);
			EXPECT(b == data[got], "byte %u: %#x, want %#x", got, b, data[got]);
			if (cur_failed)
				break;
			got++;
		} else {
			spins++;
		}
	}
	pthread_join(th, NULL);
	EXPECT(got == sizeof(data) && f.done == sizeof(data), "got %u, fed %zu", got, f.done);
	/* a blocked receive returns on close */
	f = (struct feeder){ &u, data, 100, 0 };
	pthread_create(&th, NULL, feed_thread, &f);
	usleep(20000);
	uart_ns16550a_close(&u);
	pthread_join(th, NULL);
	EXPECT(f.done == 16, "16 bytes taken before close, got %zu", f.done);
	EXPECT(uart_ns16550a_receive(&u, data, 1) == 0, "closed: nothing taken");
	uart_ns16550a_destroy(&u);
	end();
}

/* ---- RTC ---- */

static uint32_t rtc_rd(struct rtc_goldfish *r, unsigned off)
{
	return (uint32_t)rtc_goldfish_ops.read(r, off, 4);
}

static void rtc_wr(struct rtc_goldfish *r, unsigned off, uint32_t v)
{
	rtc_goldfish_ops.write(r, off, 4, v);
}

static uint64_t rtc_time(struct rtc_goldfish *r)
{
	uint64_t lo = rtc_rd(r, 0x00);
	return (uint64_t)rtc_rd(r, 0x04) << 32 | lo;
}

/* Save an RTC whose clock was set and whose alarm is armed, load into a
 * fresh one: the clock reads on from the same point, the alarm fires
 * there; bad flags are refused. */
static void test_rtc_save_load(void)
{
	begin("rtc_save_load");
	struct rtc_goldfish r, s2;
	struct irq_probe p = { 0, 0 }, q = { 0, 0 };
	EXPECT(rtc_goldfish_init(&r, probe_irq, &p) == 0, "init");
	rtc_wr(&r, 0x04, 0x7);                   /* set the guest's clock */
	rtc_wr(&r, 0x00, 0x100);
	rtc_wr(&r, 0x10, 1);                     /* interrupts on */
	uint64_t at = rtc_time(&r) + 30000000;   /* an alarm 30 ms ahead */
	rtc_wr(&r, 0x0c, (uint32_t)(at >> 32));
	rtc_wr(&r, 0x08, (uint32_t)at);
	struct rtc_goldfish_state st;
	rtc_goldfish_save(&r, &st);
	rtc_goldfish_destroy(&r);
	EXPECT(st.alarm_armed == 1 && st.alarm_ns == at, "saved alarm");
	EXPECT(rtc_goldfish_init(&s2, probe_irq, &q) == 0, "init 2");
	struct rtc_goldfish_state bad = st;
	bad.irq_enabled = 2;
	EXPECT(!rtc_goldfish_load(&s2, &bad), "a flag of 2 refused");
	EXPECT(rtc_goldfish_load(&s2, &st), "load");
	uint64_t t = rtc_time(&s2);
	EXPECT(t >= (0x7ULL << 32 | 0x100) && t - (0x7ULL << 32 | 0x100) < 1000000000ULL,
	       "the loaded clock goes on from the saved one");
	EXPECT(rtc_rd(&s2, 0x18) == 1, "alarm still armed");
	for (unsigned i = 0; i < 1000 && !q.level; i++)
		usleep(1000);
	EXPECT(q.level, "the loaded alarm fired");
	rtc_goldfish_destroy(&s2);
	end();
}

static void test_rtc(void)
{
	begin("rtc");
	struct rtc_goldfish r;
	struct irq_probe p = { 0, 0 };
	EXPECT(rtc_goldfish_init(&r, probe_irq, &p) == 0, "init");
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	uint64_t host = (uint64_t)ts.tv_sec * 1000000000 + (uint64_t)ts.tv_nsec;
	uint64_t t1 = rtc_time(&r), t2 = rtc_time(&r);
	EXPECT(t1 >= host && t1 - host < 1000000000ULL, "time %llu vs host %llu",
	       (unsigned long long)t1, (unsigned long long)host);
	EXPECT(t2 > t1, "increasing");
	/* the high half is latched by the low read */
	rtc_rd(&r, 0x00);
	uint32_t hi = rtc_rd(&r, 0x04);
	usleep(1000);
	EXPECT(rtc_rd(&r, 0x04) == hi, "latched high half");
	/* set: high, then low */
	rtc_wr(&r, 0x04, 0x12);
	rtc_wr(&r, 0x00, 0x34);
	uint64_t t = rtc_time(&r);
	EXPECT(t >= (0x12ULL << 32 | 0x34) && t - (0x12ULL << 32 | 0x34) < 1000000000ULL, "set time");
	/* an alarm 10 ms ahead fires from the thread */
	rtc_wr(&r, 0x10, 1);
	uint64_t at = rtc_time(&r) + 10000000;
	rtc_wr(&r, 0x0c, (uint32_t)(at >> 32));
	rtc_wr(&r, 0x08, (uint32_t)at);
	EXPECT(rtc_rd(&r, 0x18) == 1 && !p.level, "armed, not yet fired");
	EXPECT(rtc_rd(&r, 0x08) == (uint32_t)at && rtc_rd(&r, 0x0c) == (uint32_t)(at >> 32), "alarm regs");
	for (unsigned i = 0; i < 1000 && !p.level; i++)
		usleep(1000);
	EXPECT(p.level, "alarm fired");
	EXPECT(rtc_time(&r) >= at, "not early");
	EXPECT(rtc_rd(&r, 0x18) == 0, "disarmed");
	rtc_wr(&r, 0x10, 0);
	EXPECT(!p.level, "IRQ_ENABLED gates the line");
	rtc_wr(&r, 0x10, 1);
	EXPECT(p.level, "still pending");
	rtc_wr(&r, 0x1c, 1);
	EXPECT(!p.level, "CLEAR_INTERRUPT");
	/* far alarm, cleared */
	rtc_wr(&r, 0x0c, 0xffffffff);
	rtc_wr(&r, 0x08, 0);
	EXPECT(rtc_rd(&r, 0x18) == 1, "far alarm armed");
	rtc_wr(&r, 0x14, 1);
	EXPECT(rtc_rd(&r, 0x18) == 0, "CLEAR_ALARM");
	/* an alarm in the past fires at once */
	rtc_wr(&r, 0x0c, 0);
	rtc_wr(&r, 0x08, 1);
	EXPECT(p.level && rtc_rd(&r, 0x18) == 0, "past alarm fires at once");
	rtc_wr(&r, 0x1c, 1);
	/* other sizes are ignored */
	rtc_goldfish_ops.write(&r, 0x10, 8, 0);
	EXPECT(rtc_rd(&r, 0x10) == 1, "8-byte write ignored");
	EXPECT(rtc_goldfish_ops.read(&r, 0x00, 2) == 0, "2-byte read is zero");
	for (unsigned i = 0; i < 100000; i++) {
		uint64_t off = rnd() % 0x1000;
		if (rnd() & 1)
			rtc_goldfish_ops.write(&r, off, 4, rnd() % 3 ? rnd() : 0);
		else
			rtc_goldfish_ops.read(&r, off, 1u << (rnd() % 4));
	}
	rtc_goldfish_destroy(&r);
	end();
}

int main(int argc, char **argv)
{
	bool only_threads = argc > 1 && !strcmp(argv[1], "--threads");
	if (!only_threads) {
		test_registers();
		test_claim_order();
		test_notify();
		test_vs_model();
		test_hostile();
		test_kvm_api();
		test_uart_irq();
		test_uart_save_load();
		test_rtc();
		test_rtc_save_load();
	}
	test_threads();
	test_uart_backpressure();
	return failures ? 1 : 0;
}
