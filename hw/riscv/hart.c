// SPDX-License-Identifier: MIT
/* The hart object: creation, reset, the run loop (block lookup, interrupt
 * and timer checks at block boundaries) and the accessor API. */
#include <errno.h>
#include <stdlib.h>
#include <time.h>

#include "hw/riscv/hart_internal.h"
#include "hw/riscv/jit.h"
#include "hw/riscv/ops.h"
#include "hw/riscv/vector.h"

/* The loop checks requests, interrupts and the budget before each block it
 * dispatches; exec_block may chain up to CHAIN_BLOCKS blocks in between, and
 * the clock is read every TIMER_CHECK_BLOCKS dispatches. */
#define CHAIN_BLOCKS 256
#define TIMER_CHECK_BLOCKS 16
/* What chained blocks can retire before the loop looks again. */
#define PMU_NEAR ((uint64_t)(CHAIN_BLOCKS + 1) * BLOCK_MAX_INSNS)

/* --- platform clock ---------------------------------------------------- */

static int64_t mono_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

void rv_clock_init(struct rv_clock *clk)
{
	clk->base_ns = mono_ns();
}

#define NS_PER_TICK (1000000000 / HART_TIMEBASE_HZ)

/* base_ns is read on every hart's thread and moved by rv_clock_set: an
 * atomic load, a plain one on x86-64.  A restored clock's base may be
 * before the host booted (negative). */
static int64_t clock_base(const struct rv_clock *clk)
{
	return __atomic_load_n(&clk->base_ns, __ATOMIC_RELAXED);
}

uint64_t rv_clock_now(const struct rv_clock *clk)
{
	return (uint64_t)(mono_ns() - clock_base(clk)) / NS_PER_TICK;
}

int64_t rv_clock_deadline_ns(const struct rv_clock *clk, uint64_t ticks)
{
	int64_t base = clock_base(clk);
	if (ticks > (uint64_t)INT64_MAX / NS_PER_TICK)
		return INT64_MAX;
	int64_t t = (int64_t)(ticks * NS_PER_TICK);
	if (base > 0 && t > INT64_MAX - base)
		return INT64_MAX;
	return base + t;
}

bool rv_clock_set(struct rv_clock *clk, uint64_t ticks)
{
	if (ticks > RV_CLOCK_MAX_TICKS)
		return false;
	__atomic_store_n(&clk->base_ns, mono_ns() - (int64_t)(ticks * NS_PER_TICK), __ATOMIC_RELAXED);
	return true;
}

/* --- contexts, timers, interrupts -------------------------------------- */

static enum tlb_ctx ctx_for(unsigned priv, bool virt, bool sum)
{
	if (priv == PRV_M)
		return TLBCTX_M;
	if (virt)
		return priv == PRV_S ? (sum ? TLBCTX_VS_SUM : TLBCTX_VS) : TLBCTX_VU;
	if (priv == PRV_S)
		return sum ? TLBCTX_S_SUM : TLBCTX_S;
	return TLBCTX_U;
}

void hart_update_ctx(struct hart *h)
{
	bool dv = data_virt(h);
	unsigned ic = ctx_for(h->priv, h->virt, false);
	unsigned dc = ctx_for(data_priv(h), dv, (dv ? h->vsstatus : h->mstatus) & MSTATUS_SUM);
	h->itlb = h->tlb[ic];
	h->itlb_pa = h->tlb_pa[ic];
	h->dtlb = h->tlb[dc];
	h->tlb_epoch = (h->tlb_epoch & ~(uint64_t)TLB_EPOCH_CTX) | ic << 3 | dc;
	pmu_sync(h);  /* every change of mode comes here: the counters follow it */
}

void hart_timer_update(struct hart *h)
{
	uint64_t now = rv_clock_now(h->cfg.clock);
	uint64_t mtimecmp = __atomic_load_n(&h->mtimecmp, __ATOMIC_RELAXED);
	if (now >= mtimecmp)
		h->mip |= MIP_MTIP;
	else
		h->mip &= ~MIP_MTIP;
	/* Sstc: STIP reflects stimecmp while menvcfg.STCE is set, VSTIP
	 * vstimecmp against the guest's time (time + htimedelta) while
	 * henvcfg.STCE is. */
	if (h->menvcfg & MENVCFG_STCE) {
		if (now >= h->stimecmp)
			h->mip |= MIP_STIP;
		else
			h->mip &= ~MIP_STIP;
	}
	if ((h->henvcfg & MENVCFG_STCE) && now + h->htimedelta >= h->vstimecmp)
		h->mip |= MIP_VSTIP;
	else
		h->mip &= ~MIP_VSTIP;
}

/* mip as read: software bits, timer bits, platform lines, hvip, and the
 * guest external interrupts (SGEIP: any enabled; VSEIP: the one hstatus.VGEIN
 * selects). */
uint64_t hart_mip_read(struct hart *h)
{
	uint64_t v = h->mip | h->hvip | atomic_load_explicit(&h->mip_lines, memory_order_relaxed);
	uint64_t ge = atomic_load_explicit(&h->hgeip, memory_order_relaxed);
	if (unlikely(ge)) {
		unsigned vgein = (h->hstatus & HSTATUS_VGEIN) >> HSTATUS_VGEIN_SHIFT;
		if (ge & h->hgeie)
			v |= MIP_SGEIP;
		if (vgein && ((ge >> vgein) & 1))
			v |= MIP_VSEIP;
	}
	return v;
}

void hart_fence_i(struct hart *h)
{
	/* On wrap-around an old block could look current: start afresh. */
	if (++h->code_gen == 0)
		hart_flush_code(h);
}

void hart_flush_code(struct hart *h)
{
	memset(h->bcache, 0, sizeof(h->bcache));
	memset(h->codepages, 0, sizeof(h->codepages));
	h->ncodepages = 0;
	h->arena_used = 0;
	jit_reset(h);
}

/* --- lifecycle --------------------------------------------------------- */

struct hart *hart_create(const struct hart_config *cfg)
{
	if (!cfg || !cfg->bus || !cfg->clock || cfg->geilen > 63)
		return NULL;
	if (cfg->vlen && (cfg->vlen < VLEN_MIN || cfg->vlen > VLEN_MAX || (cfg->vlen & (cfg->vlen - 1))))
		return NULL;
	struct hart *h = calloc(1, sizeof(*h));
	if (!h)
		return NULL;
	h->arena = malloc(ARENA_SIZE);
	if (!h->arena) {
		free(h);
		return NULL;
	}
	h->cfg = *cfg;
	h->bus = cfg->bus;
	tlb_init(h);
	jit_init(h);
	hart_reset(h, cfg->reset_pc);
	return h;
}

void hart_destroy(struct hart *h)
{
	if (!h)
		return;
	jit_fini(h);
	free(h->arena);
	free(h);
}

bool hart_ext_enabled(const struct hart *h, enum rv_ext ext)
{
	return ext < RV_EXT_COUNT && hart_ext_on(h, ext) && (ext != RV_EXT_V || h->vec.vlenb);
}

bool hart_vlen_configured(const struct hart *h)
{
	return h->cfg.vlen != 0;
}

bool hart_set_ext(struct hart *h, enum rv_ext ext, bool on)
{
	if (ext >= RV_EXT_COUNT || (ext == RV_EXT_V && on && !h->cfg.vlen))
		return false;
	h->ext_off = on ? h->ext_off & ~(1u << ext) : h->ext_off | (1u << ext);
	if (ext == RV_EXT_V) {
		h->vec.vlenb = on ? h->cfg.vlen / 8 : 0;
		if (!on) {
			h->mstatus &= ~MSTATUS_VS;
			h->vsstatus &= ~MSTATUS_VS;
		}
	}
	hart_flush_code(h);
	return true;
}

void hart_reset(struct hart *h, uint64_t pc)
{
	memset(h->x, 0, sizeof(h->x));
	memset(h->f, 0, sizeof(h->f));
	h->pc = pc;
	h->priv = PRV_M;
	h->virt = false;
	h->fflags = h->frm = 0;
	h->mstatus = 0;
	h->medeleg = h->mie = h->mip = 0;
	h->mideleg = hart_h_irqs(h);
	h->hstatus = h->hedeleg = h->hideleg = h->hvip = h->hcounteren = h->hgeie = 0;
	h->htval = h->htinst = h->hgatp = h->htimedelta = h->henvcfg = 0;
	h->mtval2 = h->mtinst = 0;
	memset(h->mstateen, 0, sizeof(h->mstateen));  /* Smstateen: writable bits reset to 0 */
	memset(h->hstateen, 0, sizeof(h->hstateen));
	h->vsstatus = h->vstvec = h->vsscratch = h->vsepc = h->vscause = h->vstval = h->vsatp = 0;
	h->vstimecmp = UINT64_MAX;
	atomic_store(&h->hgeip, 0);
	h->mtvec = h->mscratch = h->mepc = h->mcause = h->mtval = 0;
	h->mcounteren = h->mcountinhibit = h->menvcfg = h->mseccfg = 0;
	h->stvec = h->sscratch = h->sepc = h->scause = h->stval = h->satp = 0;
	h->scounteren = h->senvcfg = 0;
	h->stimecmp = UINT64_MAX;
	__atomic_store_n(&h->mtimecmp, UINT64_MAX, __ATOMIC_RELAXED);
	h->retired = h->instret_off = h->cycle_off = 0;
	pmu_reset(h);
	memset(h->pmpcfg, 0, sizeof(h->pmpcfg));
	memset(h->pmpaddr, 0, sizeof(h->pmpaddr));
	h->pmp_active = false;
	h->pmp_n = 0;
	h->resv_valid = false;
	vec_reset(h);
	h->mmio_done = false;
	h->code_dirty = false;
	h->timer_countdown = 1;
	h->bus_gen = h->bus->generation;
	atomic_store(&h->mip_lines, 0);
	atomic_store(&h->requests, 0);
	tlb_flush_all(h);
	hart_flush_code(h);
	hart_update_ctx(h);
}

/* --- block cache ------------------------------------------------------- */

static uint32_t fetch16(const uint8_t *page, unsigned off)
{
	uint16_t v;
	memcpy(&v, page + off, 2);
	return v;
}

/* Are the instruction bytes at page + off still those block b was decoded
 * from?  (Cached blocks lie within one page.) */
static bool block_matches(const struct block *b, const uint8_t *page, unsigned off)
{
	for (unsigned i = 0; i < b->n; i++) {
		const struct insn *d = &b->insns[i];
		uint32_t raw = fetch16(page, off + d->pcoff);
		if ((raw & 3) == 3)
			raw |= fetch16(page, off + d->pcoff + 2) << 16;
		if (raw != d->raw)
			return false;
	}
	return true;
}

struct block *bcache_lookup(struct hart *h, uint64_t pa, const uint8_t *page)
{
	unsigned idx = bcache_index(pa);
	struct block *b = h->bcache[idx];
	if (b && b->pa != pa) {
		/* Further down the slot's chain: move it to the front, where
		 * chain_lookup and compiled code look. */
		struct block *prev = b;
		while ((b = prev->hnext) && b->pa != pa)
			prev = b;
		if (b) {
			prev->hnext = b->hnext;
			b->hnext = h->bcache[idx];
			h->bcache[idx] = b;
		}
	}
	if (!b)
		return NULL;
	if (likely(b->gen == h->code_gen))
		return b;
	if (block_matches(b, page, (unsigned)(pa & (PAGE_SIZE - 1)))) {
		b->gen = h->code_gen;              /* unchanged since the last FENCE.I */
		codepage_add(h, pa & PAGE_MASK);   /* a store may have taken it out */
		return b;
	}
	h->bcache[idx] = b->hnext;  /* changed: the caller decodes it anew */
	return NULL;
}

/* A stretch [lo, hi) of a page that block_get decoded in a row. */
struct code_run {
	uint16_t lo, hi;
};
#define BLOCK_MAX_RUNS 4   /* JAL_CONTs in a block, at most */

/* Is page offset pos inside one of the n stretches r[]? */
static bool in_runs(const struct code_run *r, unsigned n, unsigned pos)
{
	for (unsigned k = 0; k < n; k++)
		if (pos >= r[k].lo && pos < r[k].hi)
			return true;
	return false;
}

/* Decode a block starting at h->pc.  Returns NULL after taking a fetch
 * trap.  Blocks are cut at page ends; an instruction that straddles a page
 * gets a one-instruction block that is not cached. */
static struct block *block_get(struct hart *h)
{
	const uint8_t *page;
	uint64_t pa_page;
	enum acc_result r = mem_fetch_page(h, h->pc, &page, &pa_page);
	if (r == ACC_TRAP) {
		hart_take_trap(h, h->trap_cause, h->trap_tval);
		return NULL;
	}
	unsigned off = h->pc & (PAGE_SIZE - 1);
	uint64_t pa = pa_page | off;
	bool cacheable = r == ACC_OK;
	unsigned idx = bcache_index(pa);
	if (cacheable) {
		struct block *cached = bcache_lookup(h, pa, page);
		if (cached)
			return cached;
	}

	static _Thread_local union {
		struct block b;
		uint8_t space[sizeof(struct block) + (BLOCK_MAX_INSNS + 1) * sizeof(struct insn)];
	} tmp;
	struct block *b = &tmp.b;
	/* pos: where the next instruction is, in the page.  A JAL to
	 * elsewhere in this page does not end the block: it becomes JAL_CONT
	 * and decoding goes on at its target (so an if/else's join or an
	 * interpreter's `j dispatch` is no block boundary), while the target
	 * is code the block does not hold yet: a jump back into the block is
	 * a loop (compiled as one), and decoding stops where it runs into an
	 * earlier stretch (END there), so no code is in a block twice.
	 * runs[] holds the stretches of the page already decoded. */
	unsigned n = 0, pos = off, limit = cacheable ? BLOCK_MAX_INSNS : 1;
	unsigned run_start = off, nruns = 0;
	struct code_run runs[BLOCK_MAX_RUNS];
	while (n < limit && pos < PAGE_SIZE && !in_runs(runs, nruns, pos)) {
		uint32_t raw = fetch16(page, pos);
		if ((raw & 3) == 3) {
			if (pos + 2 >= PAGE_SIZE) {
				if (n)
					break;
				/* Straddles: fetch the upper half through the next page. */
				const uint8_t *page2;
				uint64_t pa2;
				enum acc_result r2 = mem_fetch_page(h, h->pc + 2, &page2, &pa2);
				if (r2 == ACC_TRAP) {
					hart_take_trap(h, h->trap_cause, h->trap_tval);
					return NULL;
				}
				raw |= fetch16(page2, 0) << 16;
				cacheable = false;
			} else {
				raw |= fetch16(page, pos + 2) << 16;
			}
		}
		struct insn *d = &b->insns[n++];
		decode_insn(raw, d);
		if (unlikely(h->ext_off) && !hart_insn_allowed(h, raw, d->op))
			d->op = OP_ILLEGAL;
		d->pcoff = (int16_t)(pos - off);
		int64_t target = (int64_t)pos + d->imm;   /* a JAL's */
		pos += (raw & 3) == 3 ? 4 : 2;
		if (d->op == OP_JAL && cacheable && nruns < BLOCK_MAX_RUNS) {
			if (target >= 0 && target < (int64_t)PAGE_SIZE &&
			    !((unsigned)target >= run_start && (unsigned)target < pos) &&
			    !in_runs(runs, nruns, (unsigned)target)) {
				d->op = OP_JAL_CONT;
				runs[nruns].lo = (uint16_t)run_start, runs[nruns++].hi = (uint16_t)pos;
				pos = run_start = (unsigned)target;
				continue;
			}
		}
		if (insn_ends_block(d->op))
			break;
	}
	b->insns[n] = (struct insn){ .op = OP_END, .pcoff = (int16_t)(pos - off) };
	b->n = n;
	b->pa = pa;
	b->gen = h->code_gen;
	b->jit = NULL;
	b->heat = 0;
	exec_resolve(b);
	if (!cacheable)
		return b;

	/* Both may flush the code: allocate after them. */
	size_t size = sizeof(struct block) + (n + 1) * sizeof(struct insn);
	if (h->arena_used + size > ARENA_SIZE)
		hart_flush_code(h);
	codepage_add(h, pa_page);
	struct block *nb = (struct block *)(h->arena + h->arena_used);
	h->arena_used += (size + 15) & ~(size_t)15;
	memcpy(nb, b, size);
	nb->hnext = h->bcache[idx];
	h->bcache[idx] = nb;
	return nb;
}

/* --- run loop ---------------------------------------------------------- */

enum hart_event hart_run(struct hart *h, uint64_t budget)
{
	uint64_t start = h->retired;
	/* Traps retire nothing: count dispatches too, so a trap loop (e.g. an
	 * illegal instruction at the trap vector) still ends the run. */
	uint64_t dispatches = 0;
	hart_timer_update(h);
	for (;;) {
		if (unlikely(atomic_load_explicit(&h->requests, memory_order_acquire))) {
			unsigned req = atomic_exchange(&h->requests, 0);
			if (req & REQ_TIMER)
				hart_timer_update(h);
			if (req & REQ_SSIP)
				h->mip |= MIP_SSIP;
			if (req & REQ_VSSIP)
				h->hvip |= MIP_VSSIP;
			if (req & REQ_VMEXIT) {
				if (req & REQ_KICK)  /* answered after the exit */
					atomic_fetch_or(&h->requests, REQ_KICK);
				return HART_EV_VMEXIT;
			}
			if (req & REQ_KICK)
				return HART_EV_KICK;
		}
		if (unlikely(h->bus_gen != h->bus->generation)) {
			h->bus_gen = h->bus->generation;
			tlb_flush_all(h);
			hart_flush_code(h);
		}
		if (unlikely(--h->timer_countdown == 0)) {
			h->timer_countdown = TIMER_CHECK_BLOCKS;
			hart_timer_update(h);
		}
		if (unlikely(h->retired >= h->pmu.next))
			pmu_sync_slow(h);  /* a counter overflows: LCOFIP */
		if (unlikely(hart_mip_read(h) & h->mie))
			hart_check_interrupts(h);
		if (unlikely(h->retired - start + dispatches++ >= budget))
			return HART_EV_BUDGET;
		struct block *b = block_get(h);
		if (!b)
			continue;
		/* Near a counter's overflow, one block at a time. */
		h->chain_left = likely(h->pmu.next - h->retired > PMU_NEAR) ? CHAIN_BLOCKS : 0;
		enum hart_event ev = exec_block(h, b);
		if (ev != HART_EV_BUDGET)
			return ev;
	}
}

const struct hart_mmio *hart_mmio(const struct hart *h)
{
	return &h->mmio;
}

/* Retire the pending MMIO access now, as KVM completes one in KVM_RUN: a
 * load's value into its register, pc past the instruction.  Then no state
 * hides between two runs (a snapshot finds everything in the registers).
 * False for anything but a plain integer load or store of the access's
 * width (FP loads, a page-straddling access done in pieces): that one
 * completes by running the instruction again. */
static bool hart_mmio_retire(struct hart *h, uint64_t data)
{
	const uint8_t *page;
	uint64_t pa;
	if (mem_fetch_page(h, h->pc, &page, &pa) != ACC_OK)
		return false;
	unsigned off = h->pc & (PAGE_SIZE - 1);
	uint32_t raw = fetch16(page, off);
	if ((raw & 3) == 3) {
		if (off + 2 >= PAGE_SIZE)
			return false;
		raw |= fetch16(page, off + 2) << 16;
	}
	struct insn d;
	decode_insn(raw, &d);
	static const struct { uint16_t op; uint8_t size, is_write, sign; } forms[] = {
		{ OP_LB, 1, 0, 1 }, { OP_LH, 2, 0, 1 }, { OP_LW, 4, 0, 1 }, { OP_LD, 8, 0, 0 },
		{ OP_LBU, 1, 0, 0 }, { OP_LHU, 2, 0, 0 }, { OP_LWU, 4, 0, 0 },
		{ OP_SB, 1, 1, 0 }, { OP_SH, 2, 1, 0 }, { OP_SW, 4, 1, 0 }, { OP_SD, 8, 1, 0 },
	};
	for (size_t i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
		if (forms[i].op != d.op)
			continue;
		if (forms[i].size != h->mmio.size || forms[i].is_write != h->mmio.is_write)
			return false;
		if (!forms[i].is_write) {
			unsigned bits = 8 * forms[i].size;
			uint64_t v = bits == 64 ? data : data & ((1ULL << bits) - 1);
			if (forms[i].sign && bits < 64 && (v >> (bits - 1)) & 1)
				v |= ~0ULL << bits;
			h->x[d.rd] = v;   /* rd 32 is x0's sink */
		}
		h->pc += (raw & 3) == 3 ? 4 : 2;
		h->retired++;
		return true;
	}
	return false;
}

void hart_mmio_complete(struct hart *h, uint64_t load_data)
{
	if (hart_mmio_retire(h, load_data)) {
		h->mmio_done = false;
		return;
	}
	if (!h->mmio.is_write)
		h->mmio.data = load_data;
	h->mmio_done = true;
}

const struct hart_vmexit *hart_vmexit(const struct hart *h)
{
	return &h->vmexit;
}

void hart_set_mode(struct hart *h, unsigned priv, bool virt)
{
	if (priv != PRV_U && priv != PRV_S && !(priv == PRV_M && !virt))
		return;
	h->priv = priv;
	h->virt = virt;
	hart_update_ctx(h);
}

bool hart_get_virt(const struct hart *h) { return h->virt; }

void hart_flush_guest_tlb(struct hart *h)
{
	tlb_flush_ctx(h, TLBCTX_FIRST_V, TLBCTX_NUM);
}

void hart_flush_guest_va(struct hart *h, uint64_t va)
{
	tlb_flush_va(h, va, TLBCTX_FIRST_V, TLBCTX_NUM);
}

bool hart_load_guest_virt(struct hart *h, uint64_t va, uint64_t *val)
{
	uint64_t hs = h->hstatus;
	h->hstatus |= HSTATUS_SPVP;
	enum acc_result r = mem_hlv(h, va, 8, false, val);
	h->hstatus = hs;
	return r == ACC_OK;
}

void hart_drop_write_tags(struct hart *h)
{
	tlb_epoch_bump(h);
	for (unsigned c = 0; c < TLBCTX_NUM; c++)
		for (unsigned i = 0; i < TLB_ROW; i++)
			h->tlb[c][i].tag_w = TLB_INVALID;
}

void hart_flush_icache(struct hart *h)
{
	hart_fence_i(h);
}

void hart_raise_vssip(struct hart *h)
{
	atomic_fetch_or(&h->requests, REQ_VSSIP);
}

void hart_kick(struct hart *h)
{
	atomic_fetch_or(&h->requests, REQ_KICK);
}

void hart_set_irq(struct hart *h, unsigned irq, bool level)
{
	if (irq >= 64)
		return;
	if (level)
		atomic_fetch_or(&h->mip_lines, 1ULL << irq);
	else
		atomic_fetch_and(&h->mip_lines, ~(1ULL << irq));
}

void hart_set_hgei(struct hart *h, unsigned n, bool level)
{
	if (n == 0 || n > h->cfg.geilen)
		return;
	if (level)
		atomic_fetch_or(&h->hgeip, 1ULL << n);
	else
		atomic_fetch_and(&h->hgeip, ~(1ULL << n));
}

void hart_set_mtimecmp(struct hart *h, uint64_t val)
{
	__atomic_store_n(&h->mtimecmp, val, __ATOMIC_RELAXED);
	atomic_fetch_or(&h->requests, REQ_TIMER);
}

uint64_t hart_get_mtimecmp(const struct hart *h)
{
	return __atomic_load_n(&h->mtimecmp, __ATOMIC_RELAXED);
}

void hart_raise_ssip(struct hart *h)
{
	atomic_fetch_or(&h->requests, REQ_SSIP);
}

bool hart_wfi_should_wake(struct hart *h)
{
	/* Owner thread: apply a pending SSWI request (other requests stay for
	 * the run loop). */
	unsigned req = atomic_fetch_and(&h->requests, ~(REQ_SSIP | REQ_VSSIP));
	if (req & REQ_SSIP)
		h->mip |= MIP_SSIP;
	if (req & REQ_VSSIP)
		h->hvip |= MIP_VSSIP;
	hart_timer_update(h);
	pmu_sync(h);
	return (hart_mip_read(h) & h->mie) != 0;
}

uint64_t hart_wake_deadline(const struct hart *h)
{
	uint64_t d = UINT64_MAX;
	if (h->mie & MIP_MTIP)
		d = hart_get_mtimecmp(h);
	if ((h->mie & MIP_STIP) && (h->menvcfg & MENVCFG_STCE) && h->stimecmp < d)
		d = h->stimecmp;
	if ((h->mie & MIP_VSTIP) && (h->henvcfg & MENVCFG_STCE)) {
		/* Guest time is time + htimedelta (mod 2^64): the host time at
		 * which it reaches vstimecmp. */
		uint64_t t = h->vstimecmp - h->htimedelta;
		if (t < d)
			d = t;
	}
	return d;
}

/* --- register access --------------------------------------------------- */

uint64_t hart_get_pc(const struct hart *h) { return h->pc; }
void hart_set_pc(struct hart *h, uint64_t pc) { h->pc = pc & ~1ULL; }
uint64_t hart_get_gpr(const struct hart *h, unsigned i) { return i < 32 ? h->x[i] : 0; }
void hart_set_gpr(struct hart *h, unsigned i, uint64_t v)
{
	if (i > 0 && i < 32)
		h->x[i] = v;
}
uint64_t hart_get_fpr(const struct hart *h, unsigned i) { return i < 32 ? h->f[i] : 0; }
void hart_set_fpr(struct hart *h, unsigned i, uint64_t v)
{
	if (i < 32)
		h->f[i] = v;
}
void hart_set_fcsr(struct hart *h, uint32_t v)
{
	h->fflags = v & 0x1f;
	h->frm = (v >> 5) & 7;
}
unsigned hart_get_priv(const struct hart *h) { return h->priv; }
void hart_set_priv(struct hart *h, unsigned priv)
{
	if (priv == PRV_U || priv == PRV_S || priv == PRV_M) {
		h->priv = priv;
		hart_update_ctx(h);
	}
}

bool hart_csr_get(struct hart *h, unsigned csr, uint64_t *val)
{
	return csr_read(h, csr, val) == 0;
}

bool hart_csr_set(struct hart *h, unsigned csr, uint64_t val)
{
	if (csr_write(h, csr, val))
		return false;
	/* A debugger's write of a counter is not followed by a retirement. */
	if (csr == CSR_MINSTRET && !(h->mcountinhibit & 4))
		h->instret_off--;
	if (csr == CSR_MCYCLE && !(h->mcountinhibit & 1))
		h->cycle_off--;
	h->pmu.hold = 0;  /* nor of the hpm counters */
	return true;
}

void hart_set_trace(struct hart *h, unsigned flags)
{
	h->trace = flags;
}

void hart_flush_tlb(struct hart *h)
{
	tlb_flush_all(h);
	hart_flush_code(h);
}
