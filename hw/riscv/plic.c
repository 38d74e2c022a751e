// SPDX-License-Identifier: MIT
/* In-core PLIC (see plic.h).  Section numbers refer to the RISC-V PLIC
 * specification 1.0.0.
 *
 * Each source has a level-triggered gateway ("Interrupt Gateways"): the
 * first assertion of the line sets the source's IP bit; after a claim the
 * gateway forwards nothing more until the completion, when a line that is
 * still high sets IP again.  A request, once forwarded, is never retracted:
 * a line that drops leaves IP set, and the handler finds nothing to do.
 *
 * A context's EIP ("Interrupt Notifications") is set when some source is
 * pending, enabled for it, and of a priority above its threshold.  A claim
 * returns the pending enabled source of highest non-zero priority (lowest
 * ID on ties) whatever the threshold ("Interrupt Claim Process"); a
 * completion for a source not enabled in the context is ignored
 * ("Interrupt Completion").
 *
 * One mutex guards everything: the PLIC is not on the hot path.  The hart
 * lines are driven under the lock, so their final level always matches the
 * final state; sleeping harts are notified after it is dropped. */
#include "hw/riscv/plic.h"

#include <string.h>

#define IRQ_SEIP 9   /* mip.SEIP (privileged spec 3.1.9) */
#define IRQ_MEIP 11  /* mip.MEIP */
#define IRQ_VSEIP 10 /* mip.VSEIP (the H extension) */

/* Harts whose lines changed during one operation, notified afterwards. */
struct plic_changes {
	uint64_t harts[PLIC_MAX_HARTS / 64];
	uint32_t eoi[PLIC_WORDS];        /* resampling sources completed */
};

void plic_init(struct plic *p, struct hart *const *harts, unsigned nharts,
	       void (*notify)(void *opaque, unsigned hart), void *opaque)
{
	memset(p, 0, sizeof(*p));
	pthread_mutex_init(&p->lock, NULL);
	p->harts = harts;
	p->nharts = nharts < PLIC_MAX_HARTS ? nharts : PLIC_MAX_HARTS;
	p->ncontexts = 2 * p->nharts;
	p->notify = notify;
	p->opaque = opaque;
	p->s_irq = IRQ_SEIP;
}

void plic_route_s_to_vs(struct plic *p)
{
	p->s_irq = IRQ_VSEIP;
}

void plic_destroy(struct plic *p)
{
	pthread_mutex_destroy(&p->lock);
}

static bool bit_test(const uint32_t *w, unsigned n)
{
	return w[n / 32] >> (n % 32) & 1;
}

static void bit_assign(uint32_t *w, unsigned n, bool v)
{
	if (v)
		w[n / 32] |= 1u << (n % 32);
	else
		w[n / 32] &= ~(1u << (n % 32));
}

/* The highest-priority pending source enabled in c with a priority above
 * min_prio (lowest ID on ties), or 0. */
static unsigned plic_best(const struct plic *p, const struct plic_context *c, uint32_t min_prio)
{
	unsigned best = 0;
	uint32_t best_prio = min_prio;
	for (unsigned w = 0; w < PLIC_WORDS; w++) {
		uint32_t bits = p->pending[w] & c->enable[w];
		while (bits) {
			unsigned s = 32 * w + (unsigned)__builtin_ctz(bits);
			bits &= bits - 1;
			if (p->priority[s] > best_prio) {
				best = s;
				best_prio = p->priority[s];
			}
		}
	}
	return best;
}

/* Recompute every context's EIP and drive the hart lines that changed.
 * Called with the lock held after any state change. */
static void plic_update(struct plic *p, struct plic_changes *chg)
{
	for (unsigned i = 0; i < p->ncontexts; i++) {
		struct hart *h = __atomic_load_n(&p->harts[i / 2], __ATOMIC_ACQUIRE);
		if (!h)
			continue;  /* a hart created later starts with the line low */
		struct plic_context *c = &p->ctx[i];
		bool eip = plic_best(p, c, c->threshold) != 0;
		if (eip == c->eip)
			continue;
		hart_set_irq(h, i & 1 ? p->s_irq : IRQ_MEIP, eip);
		c->eip = eip;
		chg->harts[i / 128] |= 1ULL << (i / 2 % 64);
	}
}

static void plic_unlock_notify(struct plic *p, const struct plic_changes *chg)
{
	pthread_mutex_unlock(&p->lock);
	for (unsigned w = 0; w < PLIC_WORDS && p->eoi; w++)
		for (uint32_t bits = chg->eoi[w]; bits; bits &= bits - 1)
			p->eoi(p->eoi_opaque, 32 * w + (unsigned)__builtin_ctz(bits));
	if (!p->notify)
		return;
	for (unsigned w = 0; w < PLIC_MAX_HARTS / 64; w++) {
		uint64_t bits = chg->harts[w];
		while (bits) {
			p->notify(p->opaque, 64 * w + (unsigned)__builtin_ctzll(bits));
			bits &= bits - 1;
		}
	}
}

bool plic_set_irq(struct plic *p, unsigned source, bool level)
{
	if (source == 0 || source >= PLIC_NUM_SOURCES)
		return false;
	struct plic_changes chg = { { 0 }, { 0 } };
	pthread_mutex_lock(&p->lock);
	bit_assign(p->level, source, level);
	/* Gateway: forward a request unless one is being serviced. */
	if (level && !bit_test(p->in_service, source) && !bit_test(p->pending, source)) {
		bit_assign(p->pending, source, true);
		plic_update(p, &chg);
	}
	plic_unlock_notify(p, &chg);
	return true;
}

/* Claim: clear the winner's IP bit; its gateway now awaits completion. */
static uint32_t plic_claim(struct plic *p, struct plic_context *c)
{
	unsigned s = plic_best(p, c, 0);
	if (s) {
		bit_assign(p->pending, s, false);
		bit_assign(p->in_service, s, true);
	}
	return s;
}

static void plic_complete(struct plic *p, const struct plic_context *c, uint32_t id,
			  struct plic_changes *chg)
{
	if (id == 0 || id >= PLIC_NUM_SOURCES || !bit_test(c->enable, id))
		return;
	bit_assign(p->in_service, id, false);
	/* A resampling line drops first, as KVM's resampler deasserts on EOI:
	 * it is the owner's to raise again. */
	if (bit_test(p->resample, id) && bit_test(p->level, id)) {
		bit_assign(p->level, id, false);
		chg->eoi[id / 32] |= 1u << (id % 32);
	}
	if (bit_test(p->level, id))
		bit_assign(p->pending, id, true);
}

void plic_save(struct plic *p, struct plic_state *s)
{
	memset(s, 0, sizeof(*s));
	pthread_mutex_lock(&p->lock);
	memcpy(s->priority, p->priority, sizeof(s->priority));
	memcpy(s->pending, p->pending, sizeof(s->pending));
	memcpy(s->in_service, p->in_service, sizeof(s->in_service));
	for (unsigned i = 0; i < p->ncontexts && i < PLIC_MAX_CONTEXTS; i++) {
		memcpy(s->ctx[i].enable, p->ctx[i].enable, sizeof(s->ctx[i].enable));
		s->ctx[i].threshold = p->ctx[i].threshold;
	}
	pthread_mutex_unlock(&p->lock);
}

bool plic_load(struct plic *p, const struct plic_state *s)
{
	for (unsigned i = 0; i < PLIC_NUM_SOURCES; i++)
		if (s->priority[i] > PLIC_PRIO_MASK)
			return false;
	for (unsigned i = 0; i < p->ncontexts && i < PLIC_MAX_CONTEXTS; i++)
		if (s->ctx[i].threshold > PLIC_PRIO_MASK)
			return false;
	/* Source 0 does not exist, nor do IDs past the last. */
	uint32_t valid[PLIC_WORDS];
	for (unsigned w = 0; w < PLIC_WORDS; w++) {
		unsigned lo = 32 * w;
		valid[w] = lo + 32 <= PLIC_NUM_SOURCES ? ~0u : (1u << (PLIC_NUM_SOURCES - lo)) - 1;
	}
	valid[0] &= ~1u;
	struct plic_changes chg = { { 0 }, { 0 } };
	pthread_mutex_lock(&p->lock);
	memcpy(p->priority, s->priority, sizeof(p->priority));
	p->priority[0] = 0;
	for (unsigned w = 0; w < PLIC_WORDS; w++) {
		p->pending[w] = s->pending[w] & valid[w];
		p->in_service[w] = s->in_service[w] & valid[w];
	}
	for (unsigned i = 0; i < p->ncontexts && i < PLIC_MAX_CONTEXTS; i++) {
		for (unsigned w = 0; w < PLIC_WORDS; w++)
			p->ctx[i].enable[w] = s->ctx[i].enable[w] & valid[w];
		p->ctx[i].threshold = s->ctx[i].threshold;
	}
	plic_update(p, &chg);
	plic_unlock_notify(p, &chg);
	return true;
}

void plic_set_eoi(struct plic *p, void (*eoi)(void *opaque, unsigned source), void *opaque)
{
	pthread_mutex_lock(&p->lock);
	p->eoi = eoi;
	p->eoi_opaque = opaque;
	pthread_mutex_unlock(&p->lock);
}

void plic_set_resample(struct plic *p, unsigned source, bool on)
{
	if (source == 0 || source >= PLIC_NUM_SOURCES)
		return;
	pthread_mutex_lock(&p->lock);
	bit_assign(p->resample, source, on);
	pthread_mutex_unlock(&p->lock);
}

/* The context whose registers hold offset off, or NULL: contexts of
 * harts that do not exist read as zero and ignore writes. */
static struct plic_context *plic_context_at(struct plic *p, uint64_t off, uint64_t base,
					    uint64_t stride)
{
	uint64_t i = (off - base) / stride;
	if (i >= p->ncontexts || !__atomic_load_n(&p->harts[i / 2], __ATOMIC_ACQUIRE))
		return NULL;
	return &p->ctx[i];
}

static uint32_t plic_read_locked(struct plic *p, uint64_t off, struct plic_changes *chg)
{
	if (off < PLIC_PENDING_OFF) {
		uint64_t s = off / 4;
		return s < PLIC_NUM_SOURCES ? p->priority[s] : 0;
	}
	if (off < PLIC_ENABLE_OFF) {
		uint64_t w = (off - PLIC_PENDING_OFF) / 4;
		return w < PLIC_WORDS ? p->pending[w] : 0;
	}
	if (off < PLIC_CONTEXT_OFF) {
		struct plic_context *c = plic_context_at(p, off, PLIC_ENABLE_OFF, PLIC_ENABLE_STRIDE);
		uint64_t w = (off - PLIC_ENABLE_OFF) % PLIC_ENABLE_STRIDE / 4;
		return c && w < PLIC_WORDS ? c->enable[w] : 0;
	}
	struct plic_context *c = plic_context_at(p, off, PLIC_CONTEXT_OFF, PLIC_CONTEXT_STRIDE);
	if (!c)
		return 0;
	switch (off % PLIC_CONTEXT_STRIDE) {
	case 0:
		return c->threshold;
	case 4: {
		uint32_t s = plic_claim(p, c);
		if (s)
			plic_update(p, chg);
		return s;
	}
	default:
		return 0;
	}
}

/* Writes to reserved offsets, to source 0 and to the read-only pending
 * array are ignored. */
static void plic_write_locked(struct plic *p, uint64_t off, uint32_t val, struct plic_changes *chg)
{
	if (off < PLIC_PENDING_OFF) {
		uint64_t s = off / 4;
		if (s == 0 || s >= PLIC_NUM_SOURCES)
			return;
		p->priority[s] = val & PLIC_PRIO_MASK;  /* WARL */
	} else if (off < PLIC_ENABLE_OFF) {
		return;
	} else if (off < PLIC_CONTEXT_OFF) {
		struct plic_context *c = plic_context_at(p, off, PLIC_ENABLE_OFF, PLIC_ENABLE_STRIDE);
		uint64_t w = (off - PLIC_ENABLE_OFF) % PLIC_ENABLE_STRIDE / 4;
		if (!c || w >= PLIC_WORDS)
			return;
		if (w == 0)
			val &= ~1u;  /* source 0 does not exist */
		if (32 * (w + 1) > PLIC_NUM_SOURCES)
			val &= (1u << (PLIC_NUM_SOURCES - 32 * w)) - 1;
		c->enable[w] = val;
	} else {
		struct plic_context *c = plic_context_at(p, off, PLIC_CONTEXT_OFF, PLIC_CONTEXT_STRIDE);
		if (!c)
			return;
		switch (off % PLIC_CONTEXT_STRIDE) {
		case 0:
			c->threshold = val & PLIC_PRIO_MASK;  /* WARL */
			break;
		case 4:
			plic_complete(p, c, val, chg);
			break;
		default:
			return;
		}
	}
	plic_update(p, chg);
}

static bool plic_read(void *opaque, uint64_t off, unsigned size, uint64_t *val)
{
	struct plic *p = opaque;
	if (size != 4)
		return false;
	struct plic_changes chg = { { 0 }, { 0 } };
	pthread_mutex_lock(&p->lock);
	*val = plic_read_locked(p, off, &chg);
	plic_unlock_notify(p, &chg);
	return true;
}

static bool plic_write(void *opaque, uint64_t off, unsigned size, uint64_t val)
{
	struct plic *p = opaque;
	if (size != 4)
		return false;
	struct plic_changes chg = { { 0 }, { 0 } };
	pthread_mutex_lock(&p->lock);
	plic_write_locked(p, off, (uint32_t)val, &chg);
	plic_unlock_notify(p, &chg);
	return true;
}

static const struct bus_mmio_ops plic_ops = {
	.read = plic_read,
	.write = plic_write,
};

int plic_attach(struct plic *p, struct bus *bus, uint64_t base)
{
	return bus_add_mmio(bus, base, PLIC_SIZE, &plic_ops, p);
}
