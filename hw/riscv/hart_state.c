// SPDX-License-Identifier: MIT
/* A hart's architectural state for save and restore (a snapshot or a
 * migration of a full machine): every CSR that holds state, as a table.
 *
 * Unlike a CSR instruction (csr.c), a restore stores the saved value as
 * it is, with none of a write's side effects or dependencies: no WARL
 * legalization against other registers (sie through mideleg, ...), no
 * retirement after a counter write, no PMP lock rules, so the registers
 * can be set in any order but two (henvcfg after menvcfg, hstateenN after
 * mstateenN, which limit them: the table's order).  The sstateen
 * registers are not listed: none of their bits is writable here.  What it checks instead is that the value is
 * one the register can hold: anything else is refused, the register
 * unchanged.  Derived bits are not state: mip's timer bits follow the
 * compare registers, its platform lines the ACLINT and PLIC. */
#include <errno.h>
#include <stddef.h>

#include "hw/riscv/hart_internal.h"

/* What follows from a change of the register. */
enum {
	EFF_CTX = 1,      /* privilege/SUM/MPRV/MXR contexts: re-pick the TLBs, flush them all */
	EFF_TLB = 2,      /* a translation setting: flush every context */
	EFF_TLB_V = 4,    /* a guest (V=1) translation setting */
	EFF_TIMER = 8,    /* a timer input: recompute MTIP/STIP/VSTIP */
	EFF_PMU = 16,     /* what the hpm counters count (pmu.c) */
};

struct state_reg {
	uint16_t csr;
	size_t off;            /* the uint64_t field of struct hart */
	uint64_t mask;         /* the bits it holds */
	uint64_t fixed;        /* read-only bits as a read shows them (XLEN fields) */
	/* Further checks (against the configuration, other registers), or NULL. */
	bool (*legal)(const struct hart *h, uint64_t v);
	unsigned effect;
	/* Registers that are not one field as read (NULL: the field). */
	uint64_t (*get)(const struct hart *h, unsigned csr);
	int (*set)(struct hart *h, unsigned csr, uint64_t v);
};

#define F(field) offsetof(struct hart, field)
#define ANY (~0ULL)

/* --- checks ----------------------------------------------------------------------- */

/* mstatus.MPP is WARL: 2 is not a mode (3.1.6.1). */
static bool mpp_ok(const struct hart *h, uint64_t v)
{
	(void)h;
	return (v & MSTATUS_MPP) != (2ULL << MSTATUS_MPP_SHIFT);
}

/* xtvec MODE 0 (direct) or 1 (vectored) (3.1.7). */
static bool tvec_ok(const struct hart *h, uint64_t v)
{
	(void)h;
	return (v & 3) < 2;
}

/* With the H extension mideleg's VS-level bits (and SGEI's, with guest
 * external lines) are read-only one (H extension, "mideleg"). */
static bool mideleg_ok(const struct hart *h, uint64_t v)
{
	return (v & MIP_H_MASK) == hart_h_irqs(h);
}

static bool h_irqs_ok(const struct hart *h, uint64_t v)
{
	return !(v & MIP_H_MASK & ~hart_h_irqs(h));
}

/* The CMO field CBIE never holds its reserved value 10 (csr.c). */
static bool envcfg_ok(const struct hart *h, uint64_t v)
{
	(void)h;
	return (v & MENVCFG_CBIE) != MENVCFG_CBIE_RESERVED &&
	       ((v & ENVCFG_PMM) >> ENVCFG_PMM_SHIFT) != PMM_RESERVED;
}

/* henvcfg.ADUE/PBMTE/STCE are read-only zero while menvcfg's are (H
 * extension, "henvcfg"; Sstc; Svpbmt). */
static bool henvcfg_ok(const struct hart *h, uint64_t v)
{
	return !(v & HENVCFG_LIMITED & ~h->menvcfg) && envcfg_ok(h, v);
}

/* Smstateen: hstateenN holds no bit mstateenN does not (csr.c). */
#define HSTATEEN_OK(n)                                                  \
	static bool hstateen##n##_ok(const struct hart *h, uint64_t v)  \
	{                                                               \
		return !(v & ~h->mstateen[n]);                          \
	}
HSTATEEN_OK(0)
HSTATEEN_OK(1)
HSTATEEN_OK(2)
HSTATEEN_OK(3)

/* hstatus.VGEIN is WARL 0..GEILEN. */
static bool hstatus_ok(const struct hart *h, uint64_t v)
{
	return ((v & HSTATUS_VGEIN) >> HSTATUS_VGEIN_SHIFT) <= h->cfg.geilen &&
	       ((v & HSTATUS_HUPMM) >> HSTATUS_HUPMM_SHIFT) != PMM_RESERVED;
}

static bool hgeie_ok(const struct hart *h, uint64_t v)
{
	return !(v & ~(((2ULL << h->cfg.geilen) - 1) & ~1ULL));
}

static bool atp_mode_ok(uint64_t v)
{
	uint64_t mode = v >> SATP_MODE_SHIFT;
	return mode == SATP_MODE_BARE || mode == SATP_MODE_SV39 || mode == SATP_MODE_SV48 ||
	       mode == SATP_MODE_SV57;
}

/* satp/vsatp: a supported MODE; Bare has ASID and PPN zero (4.1.11). */
static bool satp_ok(const struct hart *h, uint64_t v)
{
	(void)h;
	return atp_mode_ok(v) && (v >> SATP_MODE_SHIFT != SATP_MODE_BARE || v == 0);
}

static bool hgatp_ok(const struct hart *h, uint64_t v)
{
	(void)h;
	return atp_mode_ok(v);
}

/* --- registers that are not a field as read ---------------------------------------- */

/* x.SD summarises FS and VS (3.1.6.6): a value must say what they say. */
static uint64_t status_sd(uint64_t v)
{
	return (v & MSTATUS_FS) == MSTATUS_FS || (v & MSTATUS_VS) == MSTATUS_VS ? MSTATUS_SD : 0;
}

static uint64_t get_mstatus(const struct hart *h, unsigned csr)
{
	(void)csr;
	uint64_t v = h->mstatus | (XL64 << 32) | (XL64 << 34);
	return v | status_sd(v);
}

static int set_mstatus(struct hart *h, unsigned csr, uint64_t v)
{
	(void)csr;
	if ((v & ~MSTATUS_WMASK) != ((XL64 << 32) | (XL64 << 34) | status_sd(v)) || !mpp_ok(h, v))
		return -EINVAL;
	h->mstatus = v & MSTATUS_WMASK;
	return 0;
}

static uint64_t get_vsstatus(const struct hart *h, unsigned csr)
{
	(void)csr;
	uint64_t v = h->vsstatus | (XL64 << 32);
	return v | status_sd(v);
}

static int set_vsstatus(struct hart *h, unsigned csr, uint64_t v)
{
	(void)csr;
	if ((v & ~SSTATUS_WMASK) != ((XL64 << 32) | status_sd(v)))
		return -EINVAL;
	h->vsstatus = v & SSTATUS_WMASK;
	return 0;
}

/* mip: the bits software sets (SSIP, SEIP, LCOFIP, and STIP while Sstc
 * does not drive it), with an ACLINT setssip the hart has not taken yet. */
#define MIP_SW (MIP_SSIP | MIP_SEIP | MIP_LCOFIP | MIP_STIP)

static uint64_t get_mip(const struct hart *h, unsigned csr)
{
	(void)csr;
	unsigned req = atomic_load_explicit(&h->requests, memory_order_relaxed);
	uint64_t v = h->mip | (req & REQ_SSIP ? MIP_SSIP : 0);
	return v & (MIP_SW & ~(h->menvcfg & MENVCFG_STCE ? MIP_STIP : 0));
}

static int set_mip(struct hart *h, unsigned csr, uint64_t v)
{
	(void)csr;
	if (v & ~MIP_SW)
		return -EINVAL;
	atomic_fetch_and(&h->requests, ~REQ_SSIP);
	h->mip = (h->mip & ~MIP_SW) | v;
	return 0;
}

/* hvip, with a hypervisor's VSSIP the hart has not taken yet. */
static uint64_t get_hvip(const struct hart *h, unsigned csr)
{
	(void)csr;
	unsigned req = atomic_load_explicit(&h->requests, memory_order_relaxed);
	return h->hvip | (req & REQ_VSSIP ? MIP_VSSIP : 0);
}

static int set_hvip(struct hart *h, unsigned csr, uint64_t v)
{
	(void)csr;
	if (v & ~MIP_VS_MASK)
		return -EINVAL;
	atomic_fetch_and(&h->requests, ~REQ_VSSIP);
	h->hvip = v;
	return 0;
}

/* mcycle/minstret: the value reads back whether or not mcountinhibit
 * (restored before or after) stops the counter. */
static uint64_t get_counter(const struct hart *h, unsigned csr)
{
	if (csr == CSR_MCYCLE)
		return (h->mcountinhibit & 1) ? h->cycle_frozen : h->retired - h->cycle_off;
	return (h->mcountinhibit & 4) ? h->instret_frozen : h->retired - h->instret_off;
}

static int set_counter(struct hart *h, unsigned csr, uint64_t v)
{
	if (csr == CSR_MCYCLE) {
		h->cycle_frozen = v;
		h->cycle_off = h->retired - v;
	} else {
		h->instret_frozen = v;
		h->instret_off = h->retired - v;
	}
	return 0;
}

/* mhpmcounterN and mhpmeventN (Sscofpmf, pmu.c): the values a read shows
 * now (counted up to here); set as they are, with no instruction to
 * skip.  mhpmevent's reserved bits 57:56 hold nothing. */
static uint64_t get_hpm(const struct hart *h, unsigned csr)
{
	struct hart *m = (struct hart *)h;  /* counting up to now moves them */
	if (csr >= CSR_MHPMCOUNTER3 && csr <= CSR_MHPMCOUNTER31)
		return pmu_read_counter(m, csr & 31);
	pmu_sync(m);
	return m->pmu.event[csr & 31];
}

static int set_hpm(struct hart *h, unsigned csr, uint64_t v)
{
	if (csr >= CSR_MHPMCOUNTER3 && csr <= CSR_MHPMCOUNTER31) {
		pmu_write_counter(h, csr & 31, v, false);
		return 0;
	}
	if (v & ~MHPMEVENT_WMASK)
		return -EINVAL;
	pmu_write_event(h, csr & 31, v, false);
	return 0;
}

static uint64_t get_pmpcfg(const struct hart *h, unsigned csr)
{
	return pmp_read_cfg(h, csr - CSR_PMPCFG0);
}

static int set_pmpcfg(struct hart *h, unsigned csr, uint64_t v)
{
	return pmp_load_cfg(h, csr - CSR_PMPCFG0, v) ? 0 : -EINVAL;
}

static uint64_t get_pmpaddr(const struct hart *h, unsigned csr)
{
	return h->pmpaddr[csr - CSR_PMPADDR0];
}

static int set_pmpaddr(struct hart *h, unsigned csr, uint64_t v)
{
	return pmp_load_addr(h, csr - CSR_PMPADDR0, v) ? 0 : -EINVAL;
}

/* --- the table, in restore order (menvcfg before henvcfg, mstateenN before hstateenN:
 * the first limits the second) -------------------------------------------------------- */

#define PLAIN(c, field, m, ...) { .csr = (c), .off = F(field), .mask = (m), __VA_ARGS__ }
#define SPECIAL(c, g, s, ...) { .csr = (c), .get = (g), .set = (s), __VA_ARGS__ }
#define PMPADDR(n) SPECIAL(CSR_PMPADDR0 + (n), get_pmpaddr, set_pmpaddr)
#define HPM(n) SPECIAL(CSR_MHPMEVENT3 + (n) - 3, get_hpm, set_hpm), \
	       SPECIAL(CSR_MHPMCOUNTER3 + (n) - 3, get_hpm, set_hpm)
/* hgatp: MODE, VMID, PPN with bits 1:0 zero (the x4 root is 16 KiB aligned). */
#define HGATP_BITS ((0xfULL << SATP_MODE_SHIFT) | HGATP_VMID_MASK | (SATP_PPN_MASK & ~3ULL))

static const struct state_reg state_regs[] = {
	/* Machine level (privileged spec chapter 3). */
	SPECIAL(CSR_MSTATUS, get_mstatus, set_mstatus, .effect = EFF_CTX),
	PLAIN(CSR_MEDELEG, medeleg, MEDELEG_WMASK),
	PLAIN(CSR_MIDELEG, mideleg, MIP_S_MASK | MIP_H_MASK, .legal = mideleg_ok),
	PLAIN(CSR_MIE, mie, MIP_ALL, .legal = h_irqs_ok),
	SPECIAL(CSR_MIP, get_mip, set_mip, .effect = EFF_TIMER),
	PLAIN(CSR_MTVEC, mtvec, ANY, .legal = tvec_ok),
	PLAIN(CSR_MSCRATCH, mscratch, ANY),
	PLAIN(CSR_MEPC, mepc, ~1ULL),
	PLAIN(CSR_MCAUSE, mcause, ANY),
	PLAIN(CSR_MTVAL, mtval, ANY),
	PLAIN(CSR_MTVAL2, mtval2, ANY),
	PLAIN(CSR_MTINST, mtinst, ANY),
	PLAIN(CSR_MCOUNTEREN, mcounteren, 0xffffffffULL),
	PLAIN(CSR_MCOUNTINHIBIT, mcountinhibit, 0xfffffffdULL,   /* TM is read-only zero */
	      .effect = EFF_PMU),
	PLAIN(CSR_MENVCFG, menvcfg, MENVCFG_WMASK, .legal = envcfg_ok, .effect = EFF_TLB | EFF_TIMER),
	PLAIN(CSR_MSECCFG, mseccfg, MSECCFG_WMASK, .legal = envcfg_ok, .effect = EFF_TLB),
	PLAIN(CSR_MSTATEEN0, mstateen[0], MSTATEEN0_WMASK),
	PLAIN(CSR_MSTATEEN0 + 1, mstateen[1], MSTATEEN_WMASK),
	PLAIN(CSR_MSTATEEN0 + 2, mstateen[2], MSTATEEN_WMASK),
	PLAIN(CSR_MSTATEEN0 + 3, mstateen[3], MSTATEEN_WMASK),
	SPECIAL(CSR_MCYCLE, get_counter, set_counter),
	SPECIAL(CSR_MINSTRET, get_counter, set_counter),
	/* Sscofpmf's counters (absent from snapshots made before them:
	 * those restore them as reset, counting nothing). */
	HPM(3), HPM(4), HPM(5), HPM(6), HPM(7), HPM(8), HPM(9), HPM(10), HPM(11), HPM(12),
	HPM(13), HPM(14), HPM(15), HPM(16), HPM(17), HPM(18), HPM(19), HPM(20), HPM(21),
	HPM(22), HPM(23), HPM(24), HPM(25), HPM(26), HPM(27), HPM(28), HPM(29), HPM(30),
	HPM(31),
	SPECIAL(CSR_PMPCFG0, get_pmpcfg, set_pmpcfg),
	SPECIAL(CSR_PMPCFG0 + 2, get_pmpcfg, set_pmpcfg),
	PMPADDR(0), PMPADDR(1), PMPADDR(2), PMPADDR(3), PMPADDR(4), PMPADDR(5), PMPADDR(6),
	PMPADDR(7), PMPADDR(8), PMPADDR(9), PMPADDR(10), PMPADDR(11), PMPADDR(12),
	PMPADDR(13), PMPADDR(14), PMPADDR(15),
	/* Supervisor level (chapter 4; Sstc).  sstatus, sie and sip are
	 * views of mstatus, mie and mip. */
	PLAIN(CSR_STVEC, stvec, ANY, .legal = tvec_ok),
	PLAIN(CSR_SSCRATCH, sscratch, ANY),
	PLAIN(CSR_SEPC, sepc, ~1ULL),
	PLAIN(CSR_SCAUSE, scause, ANY),
	PLAIN(CSR_STVAL, stval, ANY),
	PLAIN(CSR_SATP, satp, ANY, .legal = satp_ok, .effect = EFF_TLB),
	PLAIN(CSR_SCOUNTEREN, scounteren, 0xffffffffULL),
	PLAIN(CSR_SENVCFG, senvcfg, SENVCFG_WMASK, .legal = envcfg_ok, .effect = EFF_TLB),
	PLAIN(CSR_STIMECMP, stimecmp, ANY, .effect = EFF_TIMER),
	/* Hypervisor and virtual supervisor (H extension).  hie, hip, vsie
	 * and vsip are views of mie, mip and hvip. */
	PLAIN(CSR_HSTATUS, hstatus, HSTATUS_WMASK | HSTATUS_VGEIN, .fixed = XL64 << 32,
	      .legal = hstatus_ok),
	PLAIN(CSR_HEDELEG, hedeleg, HEDELEG_WMASK),
	PLAIN(CSR_HIDELEG, hideleg, HIDELEG_WMASK),
	SPECIAL(CSR_HVIP, get_hvip, set_hvip),
	PLAIN(CSR_HCOUNTEREN, hcounteren, 0xffffffffULL),
	PLAIN(CSR_HGEIE, hgeie, ANY, .legal = hgeie_ok),
	PLAIN(CSR_HTVAL, htval, ANY),
	PLAIN(CSR_HTINST, htinst, ANY),
	PLAIN(CSR_HGATP, hgatp, HGATP_BITS, .legal = hgatp_ok, .effect = EFF_TLB_V),
	PLAIN(CSR_HTIMEDELTA, htimedelta, ANY, .effect = EFF_TIMER),
	PLAIN(CSR_HENVCFG, henvcfg, MENVCFG_WMASK, .legal = henvcfg_ok,
	      .effect = EFF_TLB_V | EFF_TIMER),
	PLAIN(CSR_HSTATEEN0, hstateen[0], MSTATEEN0_WMASK, .legal = hstateen0_ok),
	PLAIN(CSR_HSTATEEN0 + 1, hstateen[1], MSTATEEN_WMASK, .legal = hstateen1_ok),
	PLAIN(CSR_HSTATEEN0 + 2, hstateen[2], MSTATEEN_WMASK, .legal = hstateen2_ok),
	PLAIN(CSR_HSTATEEN0 + 3, hstateen[3], MSTATEEN_WMASK, .legal = hstateen3_ok),
	SPECIAL(CSR_VSSTATUS, get_vsstatus, set_vsstatus, .effect = EFF_CTX),
	PLAIN(CSR_VSTVEC, vstvec, ANY, .legal = tvec_ok),
	PLAIN(CSR_VSSCRATCH, vsscratch, ANY),
	PLAIN(CSR_VSEPC, vsepc, ~1ULL),
	PLAIN(CSR_VSCAUSE, vscause, ANY),
	PLAIN(CSR_VSTVAL, vstval, ANY),
	PLAIN(CSR_VSATP, vsatp, ANY, .legal = satp_ok, .effect = EFF_TLB_V),
	PLAIN(CSR_VSTIMECMP, vstimecmp, ANY, .effect = EFF_TIMER),
};

#define NSTATE (sizeof(state_regs) / sizeof(state_regs[0]))

unsigned hart_state_nregs(void)
{
	return NSTATE;
}

unsigned hart_state_reg(unsigned i)
{
	return i < NSTATE ? state_regs[i].csr : 0;
}

static const struct state_reg *find(unsigned csr)
{
	for (size_t i = 0; i < NSTATE; i++)
		if (state_regs[i].csr == csr)
			return &state_regs[i];
	return NULL;
}

static uint64_t *field(struct hart *h, const struct state_reg *r)
{
	return (uint64_t *)((char *)h + r->off);
}

int hart_state_get(struct hart *h, unsigned csr, uint64_t *v)
{
	const struct state_reg *r = find(csr);
	if (!r)
		return -ENOENT;
	*v = r->get ? r->get(h, csr) : *field(h, r) | r->fixed;
	return 0;
}

int hart_state_set(struct hart *h, unsigned csr, uint64_t v)
{
	const struct state_reg *r = find(csr);
	if (!r)
		return -ENOENT;
	if (r->set) {
		int e = r->set(h, csr, v);
		if (e)
			return e;
	} else {
		if ((v & ~r->mask) != r->fixed || (r->legal && !r->legal(h, v)))
			return -EINVAL;
		*field(h, r) = v & r->mask;
	}
	if (csr == CSR_MENVCFG)  /* what henvcfg may hold shrank with it */
		h->henvcfg &= HENVCFG_FREE | (h->menvcfg & HENVCFG_LIMITED);
	if (csr >= CSR_MSTATEEN0 && csr <= CSR_MSTATEEN3)  /* and hstateen with mstateen */
		h->hstateen[csr & 3] &= h->mstateen[csr & 3];
	if (r->effect & (EFF_CTX | EFF_TLB))
		tlb_flush_all(h);
	else if (r->effect & EFF_TLB_V)
		tlb_flush_ctx(h, TLBCTX_FIRST_V, TLBCTX_NUM);
	if (r->effect & EFF_CTX)
		hart_update_ctx(h);
	if (r->effect & EFF_TIMER)
		hart_timer_update(h);
	if (r->effect & EFF_PMU)
		pmu_end_change(h, pmu_begin_change(h), false);
	return 0;
}

bool hart_state_set_virt(struct hart *h, bool virt)
{
	if (virt && h->priv == PRV_M)
		return false;   /* V=1 only below M */
	h->virt = virt;
	hart_update_ctx(h);
	return true;
}
