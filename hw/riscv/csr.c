// SPDX-License-Identifier: MIT
/* Control and status registers as a table of {predicate, read, write}
 * (privileged spec 1.12 chapter 2 and 3.1, 4.1; Zicntr; Sstc; Smstateen/
 * Ssstateen; the hypervisor extension's CSRs, chapter 9 / "Hypervisor
 * Extension"). */
#include "hw/riscv/hart_internal.h"
#include "hw/riscv/ops.h"

typedef int (*csr_pred_fn)(struct hart *h, unsigned csr, bool write);
typedef uint64_t (*csr_read_fn)(struct hart *h, unsigned csr);
typedef void (*csr_write_fn)(struct hart *h, unsigned csr, uint64_t val);

struct csr_desc {
	csr_pred_fn pred;     /* NULL: only the generic privilege/read-only rules */
	csr_read_fn read;
	csr_write_fn write;   /* NULL: writes are ignored (WARL read-only) */
	csr_read_fn rmw;      /* NULL: CSRRS/CSRRC modify what read returned */
};

#define MISA_VALUE ((XL64 << 62) | (1 << ('A' - 'A')) | (1 << ('C' - 'A')) | (1 << ('D' - 'A')) | \
		    (1 << ('F' - 'A')) | (1 << ('H' - 'A')) | (1 << ('I' - 'A')) | (1 << ('M' - 'A')) | (1 << ('S' - 'A')) | \
		    (1 << ('U' - 'A')))
#define VMIDLEN 14

static void fs_dirty(struct hart *h)
{
	h->mstatus |= MSTATUS_FS;
	if (h->virt)
		h->vsstatus |= MSTATUS_FS;
}

/* --- predicates -------------------------------------------------------- */

/* With V=1 both mstatus.FS and vsstatus.FS must be on. */
static int pred_fp(struct hart *h, unsigned csr, bool write)
{
	(void)csr, (void)write;
	if (!(h->mstatus & MSTATUS_FS) || (h->virt && !(h->vsstatus & MSTATUS_FS)))
		return EXC_ILLEGAL_INSN;
	return 0;
}

/* cycle/time/instret/hpmcounterN below M are gated by mcounteren and, in U,
 * by scounteren (3.1.11); with V=1 by hcounteren first, and what M allows
 * but HS or VS forbids is a virtual-instruction exception. */
static int pred_counter(struct hart *h, unsigned csr, bool write)
{
	unsigned bit = csr & 31;
	(void)write;
	if (h->priv < PRV_M && !((h->mcounteren >> bit) & 1))
		return EXC_ILLEGAL_INSN;
	if (h->virt && !((h->hcounteren >> bit) & 1))
		return EXC_VIRTUAL_INSN;
	if (h->priv < PRV_S && !((h->scounteren >> bit) & 1))
		return h->virt ? EXC_VIRTUAL_INSN : EXC_ILLEGAL_INSN;
	return 0;
}

/* satp (vsatp when V=1) and hgatp: mstatus.TVM traps HS, hstatus.VTVM VS. */
static int pred_satp(struct hart *h, unsigned csr, bool write)
{
	(void)csr, (void)write;
	if (h->virt)
		return (h->hstatus & HSTATUS_VTVM) ? EXC_VIRTUAL_INSN : 0;
	return (h->priv == PRV_S && (h->mstatus & MSTATUS_TVM)) ? EXC_ILLEGAL_INSN : 0;
}

/* Sstc: below M, stimecmp and vstimecmp need menvcfg.STCE and
 * mcounteren.TM; VS-mode additionally henvcfg.STCE and hcounteren.TM. */
static int pred_stimecmp(struct hart *h, unsigned csr, bool write)
{
	(void)csr, (void)write;
	if (h->priv < PRV_M && (!(h->menvcfg & MENVCFG_STCE) || !(h->mcounteren & 2)))
		return EXC_ILLEGAL_INSN;
	if (h->virt && (!(h->henvcfg & MENVCFG_STCE) || !(h->hcounteren & 2)))
		return EXC_VIRTUAL_INSN;
	return 0;
}

/* Accesses from below M that machine-level controls forbid: these stay
 * illegal-instruction exceptions with V=1 too (an HS-qualified access is
 * one HS-mode could make: H extension, "Virtual Instruction").  Sstc:
 * stimecmp/vstimecmp need menvcfg.STCE and mcounteren.TM.  Smstateen:
 * senvcfg and henvcfg need mstateen0.ENVCFG, sstateenN and hstateenN
 * mstateenN.SE0. */
static bool m_forbids(const struct hart *h, unsigned csr)
{
	switch (csr) {
	case CSR_STIMECMP: case CSR_VSTIMECMP:
		return !(h->menvcfg & MENVCFG_STCE) || !(h->mcounteren & 2);
	case CSR_SENVCFG: case CSR_HENVCFG:
		return !(h->mstateen[0] & STATEEN0_ENVCFG);
	case CSR_SSTATEEN0 ... CSR_SSTATEEN3:
	case CSR_HSTATEEN0 ... CSR_HSTATEEN3:
		return !(h->mstateen[csr & 3] & STATEEN_SE0);
	}
	return false;
}

/* Smstateen: below M, senvcfg/henvcfg and sstateenN/hstateenN are illegal
 * while mstateen forbids them; in VS-mode (with V=1 hypervisor CSRs never
 * get here, csr_check) senvcfg and sstateenN are then a virtual-instruction
 * exception while hstateen0.ENVCFG / hstateenN.SE0 are clear. */
static int pred_stateen(struct hart *h, unsigned csr, bool write)
{
	(void)write;
	if (h->priv < PRV_M && m_forbids(h, csr))
		return EXC_ILLEGAL_INSN;
	if (h->virt) {
		uint64_t need = csr == CSR_SENVCFG ? STATEEN0_ENVCFG : STATEEN_SE0;
		if (!(h->hstateen[csr == CSR_SENVCFG ? 0 : csr & 3] & need))
			return EXC_VIRTUAL_INSN;
	}
	return 0;
}

static int pred_pmpcfg(struct hart *h, unsigned csr, bool write)
{
	(void)h, (void)write;
	return (csr & 1) ? EXC_ILLEGAL_INSN : 0;  /* odd pmpcfg do not exist on RV64 */
}

/* --- floating point ---------------------------------------------------- */

static uint64_t rd_fflags(struct hart *h, unsigned c) { (void)c; return h->fflags; }
static uint64_t rd_frm(struct hart *h, unsigned c) { (void)c; return h->frm; }
static uint64_t rd_fcsr(struct hart *h, unsigned c) { (void)c; return h->frm << 5 | h->fflags; }
static void wr_fflags(struct hart *h, unsigned c, uint64_t v) { (void)c; h->fflags = v & 0x1f; fs_dirty(h); }
static void wr_frm(struct hart *h, unsigned c, uint64_t v) { (void)c; h->frm = v & 7; fs_dirty(h); }
static void wr_fcsr(struct hart *h, unsigned c, uint64_t v)
{
	(void)c;
	h->fflags = v & 0x1f;
	h->frm = (v >> 5) & 7;
	fs_dirty(h);
}

/* --- vector (V 1.0 3.5-3.7, 3.2) ---------------------------------------- */

/* With V=1 both mstatus.VS and vsstatus.VS must be on. */
static int pred_vec(struct hart *h, unsigned csr, bool write)
{
	(void)csr, (void)write;
	if (!h->vec.vlenb || !(h->mstatus & MSTATUS_VS) || (h->virt && !(h->vsstatus & MSTATUS_VS)))
		return EXC_ILLEGAL_INSN;
	return 0;
}

static void vs_dirty(struct hart *h)
{
	h->mstatus |= MSTATUS_VS;
	if (h->virt)
		h->vsstatus |= MSTATUS_VS;
}

static uint64_t rd_vstart(struct hart *h, unsigned c) { (void)c; return h->vec.vstart; }
static uint64_t rd_vxsat(struct hart *h, unsigned c) { (void)c; return h->vec.vxsat; }
static uint64_t rd_vxrm(struct hart *h, unsigned c) { (void)c; return h->vec.vxrm; }
static uint64_t rd_vcsr(struct hart *h, unsigned c) { (void)c; return h->vec.vxrm << 1 | h->vec.vxsat; }
static uint64_t rd_vl(struct hart *h, unsigned c) { (void)c; return h->vec.vl; }
static uint64_t rd_vtype(struct hart *h, unsigned c) { (void)c; return h->vec.vtype; }
static uint64_t rd_vlenb(struct hart *h, unsigned c) { (void)c; return h->vec.vlenb; }
/* vstart holds indices below VLEN (the largest VLMAX, e8 with LMUL 8, is
 * VLEN): WARL, the bits above dropped. */
static void wr_vstart(struct hart *h, unsigned c, uint64_t v)
{
	(void)c;
	h->vec.vstart = v & (h->vec.vlenb * 8ULL - 1);
	vs_dirty(h);
}
static void wr_vxsat(struct hart *h, unsigned c, uint64_t v) { (void)c; h->vec.vxsat = v & 1; vs_dirty(h); }
static void wr_vxrm(struct hart *h, unsigned c, uint64_t v) { (void)c; h->vec.vxrm = v & 3; vs_dirty(h); }
static void wr_vcsr(struct hart *h, unsigned c, uint64_t v)
{
	(void)c;
	h->vec.vxsat = v & 1;
	h->vec.vxrm = (v >> 1) & 3;
	vs_dirty(h);
}

/* --- counters ---------------------------------------------------------- */

uint64_t csr_instret(struct hart *h)
{
	return (h->mcountinhibit & 4) ? h->instret_frozen : h->retired - h->instret_off;
}

static uint64_t csr_cycle(struct hart *h)
{
	return (h->mcountinhibit & 1) ? h->cycle_frozen : h->retired - h->cycle_off;
}

static uint64_t rd_cycle(struct hart *h, unsigned c) { (void)c; return csr_cycle(h); }
static uint64_t rd_instret(struct hart *h, unsigned c) { (void)c; return csr_instret(h); }
static uint64_t rd_time(struct hart *h, unsigned c)
{
	(void)c;
	return rv_clock_now(h->cfg.clock) + (h->virt ? h->htimedelta : 0);
}
static uint64_t rd_zero(struct hart *h, unsigned c) { (void)h, (void)c; return 0; }

/* The writing instruction itself still retires afterwards: offset by one
 * so the value read next is exactly what was written (3.1.10). */
static void wr_mcycle(struct hart *h, unsigned c, uint64_t v)
{
	(void)c;
	if (h->mcountinhibit & 1)
		h->cycle_frozen = v;
	else
		h->cycle_off = h->retired + 1 - v;
}

static void wr_minstret(struct hart *h, unsigned c, uint64_t v)
{
	(void)c;
	if (h->mcountinhibit & 4)
		h->instret_frozen = v;
	else
		h->instret_off = h->retired + 1 - v;
}

static uint64_t rd_mcountinhibit(struct hart *h, unsigned c) { (void)c; return h->mcountinhibit; }
static void wr_mcountinhibit(struct hart *h, unsigned c, uint64_t v)
{
	(void)c;
	v &= 0xfffffffdULL;  /* bit 1 (TM) is read-only zero */
	uint32_t hpm_was = pmu_begin_change(h);  /* bits 3..31: pmu.c */
	uint64_t cy = csr_cycle(h), ir = csr_instret(h);
	if ((v & 1) && !(h->mcountinhibit & 1))
		h->cycle_frozen = cy;
	if (!(v & 1) && (h->mcountinhibit & 1))
		h->cycle_off = h->retired + 1 - cy;
	if ((v & 4) && !(h->mcountinhibit & 4))
		h->instret_frozen = ir;
	if (!(v & 4) && (h->mcountinhibit & 4))
		h->instret_off = h->retired + 1 - ir;
	h->mcountinhibit = v;
	pmu_end_change(h, hpm_was, true);
}

/* Sscofpmf (pmu.c): mhpmcounterN, its hpmcounterN alias and mhpmeventN by
 * the number's low bits; scountovf shows the OF bits that mcounteren (and
 * with V=1 hcounteren) let through below M. */
static uint64_t rd_hpmcounter(struct hart *h, unsigned c) { return pmu_read_counter(h, c & 31); }
static void wr_mhpmcounter(struct hart *h, unsigned c, uint64_t v) { pmu_write_counter(h, c & 31, v, true); }
static uint64_t rd_mhpmevent(struct hart *h, unsigned c) { pmu_sync(h); return h->pmu.event[c & 31]; }
static void wr_mhpmevent(struct hart *h, unsigned c, uint64_t v) { pmu_write_event(h, c & 31, v, true); }
static uint64_t rd_scountovf(struct hart *h, unsigned c)
{
	(void)c;
	uint64_t v = pmu_overflow_bits(h);
	if (h->priv < PRV_M)
		v &= h->mcounteren;
	if (h->virt)
		v &= h->hcounteren;
	return v;
}

/* --- status and interrupts --------------------------------------------- */

static uint64_t rd_mstatus(struct hart *h, unsigned c)
{
	(void)c;
	uint64_t s = h->mstatus | (XL64 << 32) | (XL64 << 34);
	if ((s & MSTATUS_FS) == MSTATUS_FS || (s & MSTATUS_VS) == MSTATUS_VS)
		s |= MSTATUS_SD;
	return s;
}

static void write_status(struct hart *h, uint64_t v, uint64_t mask)
{
	uint64_t old = h->mstatus;
	if (!h->vec.vlenb)
		mask &= ~MSTATUS_VS;
	if ((v & MSTATUS_MPP) == (2ULL << MSTATUS_MPP_SHIFT))
		v = (v & ~MSTATUS_MPP) | (old & MSTATUS_MPP);  /* MPP is WARL: 2 is not a mode */
	h->mstatus = (old & ~mask) | (v & mask);
	if ((old ^ h->mstatus) & MSTATUS_MXR)
		tlb_flush_all(h);  /* HS's MXR applies to both stages */
	hart_update_ctx(h);
}

static void wr_mstatus(struct hart *h, unsigned c, uint64_t v) { (void)c; write_status(h, v, MSTATUS_WMASK); }
static uint64_t rd_sstatus(struct hart *h, unsigned c)
{
	return rd_mstatus(h, c) & (SSTATUS_WMASK | MSTATUS_UXL | MSTATUS_SD);
}
static void wr_sstatus(struct hart *h, unsigned c, uint64_t v) { (void)c; write_status(h, v, SSTATUS_WMASK); }

/* vsstatus: the VS-mode sstatus (UXL fixed at 64). */
static uint64_t rd_vsstatus(struct hart *h, unsigned c)
{
	(void)c;
	uint64_t s = h->vsstatus | (XL64 << 32);
	if ((s & MSTATUS_FS) == MSTATUS_FS || (s & MSTATUS_VS) == MSTATUS_VS)
		s |= MSTATUS_SD;
	return s;
}
static void wr_vsstatus(struct hart *h, unsigned c, uint64_t v)
{
	(void)c;
	uint64_t old = h->vsstatus, mask = SSTATUS_WMASK & (h->vec.vlenb ? ~0ULL : ~MSTATUS_VS);
	h->vsstatus = (old & ~mask) | (v & mask);
	if ((old ^ h->vsstatus) & MSTATUS_MXR)
		tlb_flush_ctx(h, TLBCTX_FIRST_V, TLBCTX_NUM);
	hart_update_ctx(h);
}

static uint64_t rd_misa(struct hart *h, unsigned c)
{
	(void)c;
	return MISA_VALUE | (h->vec.vlenb ? 1u << ('V' - 'A') : 0);
}

static uint64_t rd_medeleg(struct hart *h, unsigned c) { (void)c; return h->medeleg; }
static void wr_medeleg(struct hart *h, unsigned c, uint64_t v) { (void)c; h->medeleg = v & MEDELEG_WMASK; }
/* The VS-level interrupts, and the guest external one when there are
 * guest external lines (GEILEN > 0), are always delegated to HS. */
static uint64_t rd_mideleg(struct hart *h, unsigned c) { (void)c; return h->mideleg; }
static void wr_mideleg(struct hart *h, unsigned c, uint64_t v)
{
	(void)c;
	h->mideleg = (v & MIP_S_MASK) | hart_h_irqs(h);
}

/* mie.SGEIE exists only with guest external lines. */
static uint64_t rd_mie(struct hart *h, unsigned c) { (void)c; return h->mie; }
static void wr_mie(struct hart *h, unsigned c, uint64_t v)
{
	(void)c;
	h->mie = (v & MIP_ALL & ~MIP_H_MASK) | (v & hart_h_irqs(h));
}
static uint64_t rd_sie(struct hart *h, unsigned c) { (void)c; return h->mie & h->mideleg & MIP_S_MASK; }
static void wr_sie(struct hart *h, unsigned c, uint64_t v)
{
	(void)c;
	uint64_t m = h->mideleg & MIP_S_MASK;
	h->mie = (h->mie & ~m) | (v & m);
}

/* Timer bits are refreshed on read so a just-written mtimecmp/stimecmp is
 * visible at once, not only at the next block boundary. */
static uint64_t rd_mip(struct hart *h, unsigned c)
{
	(void)c;
	hart_timer_update(h);
	pmu_sync(h);  /* an overflow up to here shows in LCOFIP */
	return hart_mip_read(h);
}
/* mip.VSSIP is hvip.VSSIP; VSEIP and VSTIP are read-only here. */
static void wr_mip(struct hart *h, unsigned c, uint64_t v)
{
	(void)c;
	uint64_t mask = MIP_SSIP | MIP_SEIP | MIP_LCOFIP | ((h->menvcfg & MENVCFG_STCE) ? 0 : MIP_STIP);
	h->mip = (h->mip & ~mask) | (v & mask);
	h->hvip = (h->hvip & ~MIP_VSSIP) | (v & MIP_VSSIP);
}
static uint64_t rd_sip(struct hart *h, unsigned c) { return rd_mip(h, c) & h->mideleg & MIP_S_MASK; }

/* CSRRS/CSRRC on mip/sip: only the software-writable bits take part in the
 * read-modify-write; an external SEIP signal read as 1 must not be latched
 * into the software SEIP bit (privileged spec 3.1.9). */
static uint64_t rmw_mip(struct hart *h, unsigned c) { (void)c; return h->mip | (h->hvip & MIP_VSSIP); }
static uint64_t rmw_sip(struct hart *h, unsigned c) { (void)c; return h->mip & h->mideleg & MIP_S_MASK; }
static void wr_sip(struct hart *h, unsigned c, uint64_t v)
{
	(void)c;
	uint64_t mask = (MIP_SSIP | MIP_LCOFIP) & h->mideleg;
	h->mip = (h->mip & ~mask) | (v & mask);
}

/* hip/hie: the VS-level and guest-external bits of mip/mie (only
 * hip.VSSIP, an alias of hvip.VSSIP, is writable). */
static uint64_t rd_hip(struct hart *h, unsigned c) { return rd_mip(h, c) & MIP_H_MASK; }
static uint64_t rmw_hip(struct hart *h, unsigned c) { (void)c; return h->hvip & MIP_VSSIP; }
static void wr_hip(struct hart *h, unsigned c, uint64_t v)
{
	(void)c;
	h->hvip = (h->hvip & ~MIP_VSSIP) | (v & MIP_VSSIP);
}
static uint64_t rd_hie(struct hart *h, unsigned c) { (void)c; return h->mie & MIP_H_MASK; }
static void wr_hie(struct hart *h, unsigned c, uint64_t v)
{
	(void)c;
	h->mie = (h->mie & ~MIP_H_MASK) | (v & hart_h_irqs(h));
}
static uint64_t rd_hvip(struct hart *h, unsigned c) { (void)c; return h->hvip; }
static void wr_hvip(struct hart *h, unsigned c, uint64_t v) { (void)c; h->hvip = v & MIP_VS_MASK; }

/* vsip/vsie: the VS-level bits delegated by hideleg, shifted down to the
 * supervisor positions (VSSIP bit 2 appears as SSIP bit 1, ...); LCOFI
 * (Shlcofideleg) unshifted: with hideleg bit 13 set, vsip.LCOFIP and
 * vsie.LCOFIE are sip.LCOFIP and sie.LCOFIE. */
static uint64_t rd_vsip(struct hart *h, unsigned c)
{
	uint64_t mip = rd_mip(h, c) & h->hideleg;
	return ((mip & MIP_VS_MASK) >> 1) | (mip & MIP_LCOFIP);
}
static uint64_t rmw_vsip(struct hart *h, unsigned c)
{
	(void)c;
	return ((h->hvip & h->hideleg & MIP_VSSIP) >> 1) | (h->mip & h->hideleg & MIP_LCOFIP);
}
static void wr_vsip(struct hart *h, unsigned c, uint64_t v)
{
	(void)c;
	uint64_t mask = h->hideleg & MIP_VSSIP, lmask = h->hideleg & MIP_LCOFIP;
	h->hvip = (h->hvip & ~mask) | ((v << 1) & mask);
	h->mip = (h->mip & ~lmask) | (v & lmask);
}
static uint64_t rd_vsie(struct hart *h, unsigned c)
{
	(void)c;
	uint64_t mie = h->mie & h->hideleg;
	return ((mie & MIP_VS_MASK) >> 1) | (mie & MIP_LCOFIP);
}
static void wr_vsie(struct hart *h, unsigned c, uint64_t v)
{
	(void)c;
	uint64_t mask = h->hideleg & MIP_VS_MASK, lmask = h->hideleg & MIP_LCOFIP;
	h->mie = (h->mie & ~(mask | lmask)) | ((v << 1) & mask) | (v & lmask);
}

static uint64_t rd_hgeip(struct hart *h, unsigned c) { (void)c; return atomic_load(&h->hgeip); }
static uint64_t rd_hgeie(struct hart *h, unsigned c) { (void)c; return h->hgeie; }
static void wr_hgeie(struct hart *h, unsigned c, uint64_t v)
{
	(void)c;
	h->hgeie = v & (((2ULL << h->cfg.geilen) - 1) & ~1ULL);
}

/* --- trap setup and handling ------------------------------------------- */

#define SIMPLE_CSR(field)                                                              \
	static uint64_t rd_##field(struct hart *h, unsigned c) { (void)c; return h->field; } \
	static void wr_##field(struct hart *h, unsigned c, uint64_t v) { (void)c; h->field = v; }
SIMPLE_CSR(mscratch)
SIMPLE_CSR(mcause)
SIMPLE_CSR(mtval)
SIMPLE_CSR(sscratch)
SIMPLE_CSR(scause)
SIMPLE_CSR(stval)
SIMPLE_CSR(vsscratch)
SIMPLE_CSR(vscause)
SIMPLE_CSR(vstval)
SIMPLE_CSR(htval)
SIMPLE_CSR(htinst)
SIMPLE_CSR(mtval2)
SIMPLE_CSR(mtinst)

static uint64_t rd_mepc(struct hart *h, unsigned c) { (void)c; return h->mepc; }
static void wr_mepc(struct hart *h, unsigned c, uint64_t v) { (void)c; h->mepc = v & ~1ULL; }
static uint64_t rd_sepc(struct hart *h, unsigned c) { (void)c; return h->sepc; }
static void wr_sepc(struct hart *h, unsigned c, uint64_t v) { (void)c; h->sepc = v & ~1ULL; }
static uint64_t rd_vsepc(struct hart *h, unsigned c) { (void)c; return h->vsepc; }
static void wr_vsepc(struct hart *h, unsigned c, uint64_t v) { (void)c; h->vsepc = v & ~1ULL; }

/* xtvec: MODE 0 (direct) and 1 (vectored); other modes leave it unchanged. */
static uint64_t rd_mtvec(struct hart *h, unsigned c) { (void)c; return h->mtvec; }
static void wr_mtvec(struct hart *h, unsigned c, uint64_t v) { (void)c; if ((v & 3) < 2) h->mtvec = v; }
static uint64_t rd_stvec(struct hart *h, unsigned c) { (void)c; return h->stvec; }
static void wr_stvec(struct hart *h, unsigned c, uint64_t v) { (void)c; if ((v & 3) < 2) h->stvec = v; }
static uint64_t rd_vstvec(struct hart *h, unsigned c) { (void)c; return h->vstvec; }
static void wr_vstvec(struct hart *h, unsigned c, uint64_t v) { (void)c; if ((v & 3) < 2) h->vstvec = v; }

static uint64_t rd_mcounteren(struct hart *h, unsigned c) { (void)c; return h->mcounteren; }
static void wr_mcounteren(struct hart *h, unsigned c, uint64_t v) { (void)c; h->mcounteren = v & 0xffffffffULL; }
static uint64_t rd_scounteren(struct hart *h, unsigned c) { (void)c; return h->scounteren; }
static void wr_scounteren(struct hart *h, unsigned c, uint64_t v) { (void)c; h->scounteren = v & 0xffffffffULL; }
static uint64_t rd_hcounteren(struct hart *h, unsigned c) { (void)c; return h->hcounteren; }
static void wr_hcounteren(struct hart *h, unsigned c, uint64_t v) { (void)c; h->hcounteren = v & 0xffffffffULL; }

/* The reserved CBIE value 10 is written as 00, a write of the reserved
 * PMM value 01 keeps the old PMM (both WARL). */
static uint64_t envcfg_legal(uint64_t v, uint64_t old)
{
	if (((v & ENVCFG_PMM) >> ENVCFG_PMM_SHIFT) == PMM_RESERVED)
		v = (v & ~ENVCFG_PMM) | (old & ENVCFG_PMM);
	return (v & MENVCFG_CBIE) == MENVCFG_CBIE_RESERVED ? v & ~MENVCFG_CBIE : v;
}

static uint64_t rd_menvcfg(struct hart *h, unsigned c) { (void)c; return h->menvcfg; }
static void wr_menvcfg(struct hart *h, unsigned c, uint64_t v)
{
	(void)c;
	h->menvcfg = envcfg_legal(v & MENVCFG_WMASK, h->menvcfg);
	/* henvcfg.ADUE/PBMTE/STCE are read-only zero while M's are clear. */
	h->henvcfg &= HENVCFG_FREE | (h->menvcfg & HENVCFG_LIMITED);
	tlb_flush_all(h);
	hart_timer_update(h);
}
static uint64_t rd_henvcfg(struct hart *h, unsigned c) { (void)c; return h->henvcfg; }
static void wr_henvcfg(struct hart *h, unsigned c, uint64_t v)
{
	(void)c;
	h->henvcfg = envcfg_legal(v & (HENVCFG_FREE | (h->menvcfg & HENVCFG_LIMITED)), h->henvcfg);
	tlb_flush_ctx(h, TLBCTX_FIRST_V, TLBCTX_NUM);
	hart_timer_update(h);
}
static uint64_t rd_senvcfg(struct hart *h, unsigned c) { (void)c; return h->senvcfg; }
/* A TLB context holds translations of pointer-masked addresses (mmu.c):
 * a change of PMM flushes those of the modes it masks. */
static void wr_senvcfg(struct hart *h, unsigned c, uint64_t v)
{
	(void)c;
	uint64_t old = h->senvcfg;
	h->senvcfg = envcfg_legal(v & SENVCFG_WMASK, old);
	if ((old ^ h->senvcfg) & ENVCFG_PMM)
		tlb_flush_all(h);   /* U and VU */
}

/* Smmpm: only PMM (M-mode's pointer masking) is implemented. */
static uint64_t rd_mseccfg(struct hart *h, unsigned c) { (void)c; return h->mseccfg; }
static void wr_mseccfg(struct hart *h, unsigned c, uint64_t v)
{
	(void)c;
	uint64_t old = h->mseccfg;
	h->mseccfg = envcfg_legal(v & MSECCFG_WMASK, old);
	if ((old ^ h->mseccfg) & ENVCFG_PMM)
		tlb_flush_ctx(h, TLBCTX_M, TLBCTX_M + 1);
}

/* Smstateen.  mstateen0 has SE0 and ENVCFG, mstateen1..3 SE0 (which the
 * H extension makes writable); hstateenN holds only what mstateenN
 * allows: clearing an mstateenN bit clears hstateenN's, read-only zero
 * until it is set again.  sstateenN: every bit read-only zero (C, FCSR,
 * JVT control state rvkvm does not have). */
static uint64_t stateen_wmask(unsigned n) { return n ? MSTATEEN_WMASK : MSTATEEN0_WMASK; }
static uint64_t rd_mstateen(struct hart *h, unsigned c) { return h->mstateen[c & 3]; }
static void wr_mstateen(struct hart *h, unsigned c, uint64_t v)
{
	unsigned n = c & 3;
	h->mstateen[n] = v & stateen_wmask(n);
	h->hstateen[n] &= h->mstateen[n];
}
static uint64_t rd_hstateen(struct hart *h, unsigned c) { return h->hstateen[c & 3]; }
static void wr_hstateen(struct hart *h, unsigned c, uint64_t v)
{
	unsigned n = c & 3;
	h->hstateen[n] = v & stateen_wmask(n) & h->mstateen[n];
}

static uint64_t rd_stimecmp(struct hart *h, unsigned c) { (void)c; return h->stimecmp; }
static void wr_stimecmp(struct hart *h, unsigned c, uint64_t v)
{
	(void)c;
	h->stimecmp = v;
	hart_timer_update(h);
}
static uint64_t rd_vstimecmp(struct hart *h, unsigned c) { (void)c; return h->vstimecmp; }
static void wr_vstimecmp(struct hart *h, unsigned c, uint64_t v)
{
	(void)c;
	h->vstimecmp = v;
	hart_timer_update(h);
}
static uint64_t rd_htimedelta(struct hart *h, unsigned c) { (void)c; return h->htimedelta; }
static void wr_htimedelta(struct hart *h, unsigned c, uint64_t v)
{
	(void)c;
	h->htimedelta = v;
	hart_timer_update(h);
}

static uint64_t rd_hstatus(struct hart *h, unsigned c) { (void)c; return h->hstatus | (XL64 << 32); }
static void wr_hstatus(struct hart *h, unsigned c, uint64_t v)
{
	(void)c;
	uint64_t keep = h->hstatus & HSTATUS_VGEIN;
	if (((v & HSTATUS_VGEIN) >> HSTATUS_VGEIN_SHIFT) <= h->cfg.geilen)
		keep = v & HSTATUS_VGEIN;  /* VGEIN is WARL 0..GEILEN */
	if (((v & HSTATUS_HUPMM) >> HSTATUS_HUPMM_SHIFT) == PMM_RESERVED)
		v = (v & ~HSTATUS_HUPMM) | (h->hstatus & HSTATUS_HUPMM);  /* WARL */
	h->hstatus = (v & HSTATUS_WMASK) | keep;
}
static uint64_t rd_hedeleg(struct hart *h, unsigned c) { (void)c; return h->hedeleg; }
static void wr_hedeleg(struct hart *h, unsigned c, uint64_t v) { (void)c; h->hedeleg = v & HEDELEG_WMASK; }
static uint64_t rd_hideleg(struct hart *h, unsigned c) { (void)c; return h->hideleg; }
/* hideleg: the VS-level interrupts, and LCOFI (Shlcofideleg). */
static void wr_hideleg(struct hart *h, unsigned c, uint64_t v) { (void)c; h->hideleg = v & HIDELEG_WMASK; }

static bool atp_mode_ok(uint64_t mode)
{
	return mode == SATP_MODE_BARE || mode == SATP_MODE_SV39 || mode == SATP_MODE_SV48 ||
	       mode == SATP_MODE_SV57;
}

/* satp and vsatp: writes with an unsupported MODE have no effect; with
 * Bare, ASID and PPN are zero (4.1.11).  Returns false to ignore v. */
static bool satp_legal(uint64_t *v)
{
	uint64_t mode = *v >> SATP_MODE_SHIFT;
	if (!atp_mode_ok(mode))
		return false;
	if (mode == SATP_MODE_BARE)
		*v = 0;
	return true;
}

/* A write of satp or vsatp to new: writing it fences nothing (4.1.11),
 * but the TLB holds only the current address space's non-global entries
 * (no ASID tags), so those go; global ones stay unless MODE changes
 * (a Bare context's identity entries are never global).  M's context
 * does not depend on satp. */
static void atp_changed(struct hart *h, uint64_t old, uint64_t new, unsigned first, unsigned last)
{
	if (new == old)
		return;
	if ((new ^ old) >> SATP_MODE_SHIFT)
		tlb_flush_ctx(h, first, last);
	else
		tlb_flush_nonglobal(h, first, last);
}

static uint64_t rd_satp(struct hart *h, unsigned c) { (void)c; return h->satp; }
static void wr_satp(struct hart *h, unsigned c, uint64_t v)
{
	(void)c;
	if (!satp_legal(&v))
		return;
	atp_changed(h, h->satp, v, TLBCTX_S, TLBCTX_FIRST_V);
	h->satp = v;
}

static uint64_t rd_vsatp(struct hart *h, unsigned c) { (void)c; return h->vsatp; }
static void wr_vsatp(struct hart *h, unsigned c, uint64_t v)
{
	(void)c;
	if (!satp_legal(&v))
		return;
	atp_changed(h, h->vsatp, v, TLBCTX_FIRST_V, TLBCTX_NUM);
	h->vsatp = v;
}

/* hgatp: unlike satp, a write with an unsupported MODE is not ignored;
 * MODE is WARL (kept) and the other fields are written.  PPN[1:0] are
 * zero: the x4 root table is 16 KiB aligned. */
static uint64_t rd_hgatp(struct hart *h, unsigned c) { (void)c; return h->hgatp; }
static void wr_hgatp(struct hart *h, unsigned c, uint64_t v)
{
	(void)c;
	uint64_t mode = v >> SATP_MODE_SHIFT;
	if (!atp_mode_ok(mode))
		mode = h->hgatp >> SATP_MODE_SHIFT;
	v = (mode << SATP_MODE_SHIFT) | (v & HGATP_VMID_MASK) | (v & SATP_PPN_MASK & ~3ULL);
	if (v != h->hgatp)
		tlb_flush_ctx(h, TLBCTX_FIRST_V, TLBCTX_NUM);
	h->hgatp = v;
}

static uint64_t rd_mhartid(struct hart *h, unsigned c) { (void)c; return h->cfg.hartid; }

static uint64_t rd_pmpcfg(struct hart *h, unsigned c) { return pmp_read_cfg(h, c - CSR_PMPCFG0); }
static void wr_pmpcfg(struct hart *h, unsigned c, uint64_t v) { pmp_write_cfg(h, c - CSR_PMPCFG0, v); }
static uint64_t rd_pmpaddr(struct hart *h, unsigned c)
{
	unsigned i = c - CSR_PMPADDR0;
	return i < NUM_PMP ? h->pmpaddr[i] : 0;
}
static void wr_pmpaddr(struct hart *h, unsigned c, uint64_t v) { pmp_write_addr(h, c - CSR_PMPADDR0, v); }

static const struct csr_desc csr_table[4096] = {
	[CSR_FFLAGS] = { pred_fp, rd_fflags, wr_fflags },
	[CSR_FRM] = { pred_fp, rd_frm, wr_frm },
	[CSR_FCSR] = { pred_fp, rd_fcsr, wr_fcsr },
	[CSR_VSTART] = { pred_vec, rd_vstart, wr_vstart },
	[CSR_VXSAT] = { pred_vec, rd_vxsat, wr_vxsat },
	[CSR_VXRM] = { pred_vec, rd_vxrm, wr_vxrm },
	[CSR_VCSR] = { pred_vec, rd_vcsr, wr_vcsr },
	[CSR_VL] = { pred_vec, rd_vl, NULL },
	[CSR_VTYPE] = { pred_vec, rd_vtype, NULL },
	[CSR_VLENB] = { pred_vec, rd_vlenb, NULL },
	[CSR_CYCLE] = { pred_counter, rd_cycle, NULL },
	[CSR_TIME] = { pred_counter, rd_time, NULL },
	[CSR_INSTRET] = { pred_counter, rd_instret, NULL },
	[CSR_HPMCOUNTER3 ... CSR_HPMCOUNTER31] = { pred_counter, rd_hpmcounter, NULL },
	[CSR_SCOUNTOVF] = { NULL, rd_scountovf, NULL },

	[CSR_SSTATUS] = { NULL, rd_sstatus, wr_sstatus },
	[CSR_SIE] = { NULL, rd_sie, wr_sie },
	[CSR_STVEC] = { NULL, rd_stvec, wr_stvec },
	[CSR_SCOUNTEREN] = { NULL, rd_scounteren, wr_scounteren },
	[CSR_SENVCFG] = { pred_stateen, rd_senvcfg, wr_senvcfg },
	[CSR_SSTATEEN0 ... CSR_SSTATEEN3] = { pred_stateen, rd_zero, NULL },
	[CSR_SSCRATCH] = { NULL, rd_sscratch, wr_sscratch },
	[CSR_SEPC] = { NULL, rd_sepc, wr_sepc },
	[CSR_SCAUSE] = { NULL, rd_scause, wr_scause },
	[CSR_STVAL] = { NULL, rd_stval, wr_stval },
	[CSR_SIP] = { NULL, rd_sip, wr_sip, rmw_sip },
	[CSR_STIMECMP] = { pred_stimecmp, rd_stimecmp, wr_stimecmp },
	[CSR_SATP] = { pred_satp, rd_satp, wr_satp },

	[CSR_VSSTATUS] = { NULL, rd_vsstatus, wr_vsstatus },
	[CSR_VSIE] = { NULL, rd_vsie, wr_vsie },
	[CSR_VSTVEC] = { NULL, rd_vstvec, wr_vstvec },
	[CSR_VSSCRATCH] = { NULL, rd_vsscratch, wr_vsscratch },
	[CSR_VSEPC] = { NULL, rd_vsepc, wr_vsepc },
	[CSR_VSCAUSE] = { NULL, rd_vscause, wr_vscause },
	[CSR_VSTVAL] = { NULL, rd_vstval, wr_vstval },
	[CSR_VSIP] = { NULL, rd_vsip, wr_vsip, rmw_vsip },
	[CSR_VSTIMECMP] = { pred_stimecmp, rd_vstimecmp, wr_vstimecmp },
	[CSR_VSATP] = { NULL, rd_vsatp, wr_vsatp },
	[CSR_HSTATUS] = { NULL, rd_hstatus, wr_hstatus },
	[CSR_HEDELEG] = { NULL, rd_hedeleg, wr_hedeleg },
	[CSR_HIDELEG] = { NULL, rd_hideleg, wr_hideleg },
	[CSR_HIE] = { NULL, rd_hie, wr_hie },
	[CSR_HTIMEDELTA] = { NULL, rd_htimedelta, wr_htimedelta },
	[CSR_HCOUNTEREN] = { NULL, rd_hcounteren, wr_hcounteren },
	[CSR_HGEIE] = { NULL, rd_hgeie, wr_hgeie },
	[CSR_HENVCFG] = { pred_stateen, rd_henvcfg, wr_henvcfg },
	[CSR_HSTATEEN0 ... CSR_HSTATEEN3] = { pred_stateen, rd_hstateen, wr_hstateen },
	[CSR_HTVAL] = { NULL, rd_htval, wr_htval },
	[CSR_HIP] = { NULL, rd_hip, wr_hip, rmw_hip },
	[CSR_HVIP] = { NULL, rd_hvip, wr_hvip },
	[CSR_HTINST] = { NULL, rd_htinst, wr_htinst },
	[CSR_HGATP] = { pred_satp, rd_hgatp, wr_hgatp },
	[CSR_HGEIP] = { NULL, rd_hgeip, NULL },

	[CSR_MVENDORID] = { NULL, rd_zero, NULL },
	[CSR_MARCHID] = { NULL, rd_zero, NULL },
	[CSR_MIMPID] = { NULL, rd_zero, NULL },
	[CSR_MHARTID] = { NULL, rd_mhartid, NULL },
	[CSR_MCONFIGPTR] = { NULL, rd_zero, NULL },
	[CSR_MSTATUS] = { NULL, rd_mstatus, wr_mstatus },
	[CSR_MISA] = { NULL, rd_misa, NULL },
	[CSR_MEDELEG] = { NULL, rd_medeleg, wr_medeleg },
	[CSR_MIDELEG] = { NULL, rd_mideleg, wr_mideleg },
	[CSR_MIE] = { NULL, rd_mie, wr_mie },
	[CSR_MTVEC] = { NULL, rd_mtvec, wr_mtvec },
	[CSR_MCOUNTEREN] = { NULL, rd_mcounteren, wr_mcounteren },
	[CSR_MENVCFG] = { NULL, rd_menvcfg, wr_menvcfg },
	[CSR_MSECCFG] = { NULL, rd_mseccfg, wr_mseccfg },
	[CSR_MSTATEEN0 ... CSR_MSTATEEN3] = { NULL, rd_mstateen, wr_mstateen },
	[CSR_MCOUNTINHIBIT] = { NULL, rd_mcountinhibit, wr_mcountinhibit },
	[CSR_MHPMEVENT3 ... CSR_MHPMEVENT31] = { NULL, rd_mhpmevent, wr_mhpmevent },
	[CSR_MSCRATCH] = { NULL, rd_mscratch, wr_mscratch },
	[CSR_MEPC] = { NULL, rd_mepc, wr_mepc },
	[CSR_MCAUSE] = { NULL, rd_mcause, wr_mcause },
	[CSR_MTVAL] = { NULL, rd_mtval, wr_mtval },
	[CSR_MIP] = { NULL, rd_mip, wr_mip, rmw_mip },
	[CSR_MTINST] = { NULL, rd_mtinst, wr_mtinst },
	[CSR_MTVAL2] = { NULL, rd_mtval2, wr_mtval2 },
	[CSR_PMPCFG0 ... CSR_PMPCFG15] = { pred_pmpcfg, rd_pmpcfg, wr_pmpcfg },
	[CSR_PMPADDR0 ... CSR_PMPADDR63] = { NULL, rd_pmpaddr, wr_pmpaddr },
	[CSR_MCYCLE] = { NULL, rd_cycle, wr_mcycle },
	[CSR_MINSTRET] = { NULL, rd_instret, wr_minstret },
	[CSR_MHPMCOUNTER3 ... CSR_MHPMCOUNTER31] = { NULL, rd_hpmcounter, wr_mhpmcounter },
};

/* With V=1 these supervisor CSRs name their VS counterparts (number +
 * 0x100); the others (scounteren, senvcfg) are accessed directly. */
static bool vs_alias(unsigned csr)
{
	switch (csr) {
	case CSR_SSTATUS: case CSR_SIE: case CSR_STVEC: case CSR_SSCRATCH: case CSR_SEPC:
	case CSR_SCAUSE: case CSR_STVAL: case CSR_SIP: case CSR_STIMECMP: case CSR_SATP:
		return true;
	}
	return false;
}

/* Generic rules (2.1): bits 9:8 give the lowest privilege allowed (2 =
 * hypervisor and VS CSRs, for HS), bits 11:10 == 3 mark read-only
 * registers; then the register's own predicate.  With V=1, an access that
 * HS-mode could make to a hypervisor, VS or (from VU) supervisor CSR is a
 * virtual-instruction exception (H extension, "Virtual Instruction"). */
int csr_check(struct hart *h, unsigned csr, bool write, unsigned *eff)
{
	*eff = csr;
	if (csr >= 4096 || !csr_table[csr].read)
		return EXC_ILLEGAL_INSN;
	unsigned level = (csr >> 8) & 3;
	if (write && (csr >> 10) == 3)
		return EXC_ILLEGAL_INSN;
	if (h->virt) {
		if (level == PRV_M)
			return EXC_ILLEGAL_INSN;
		if (level == 2 || (level == PRV_S && h->priv == PRV_U)) {
			/* What HS itself may not access stays illegal. */
			return m_forbids(h, csr) ? EXC_ILLEGAL_INSN : EXC_VIRTUAL_INSN;
		}
		if (vs_alias(csr))
			*eff = csr + 0x100;
	} else if (h->priv < (level == 2 ? PRV_S : level)) {
		return EXC_ILLEGAL_INSN;
	}
	return csr_table[csr].pred ? csr_table[csr].pred(h, csr, write) : 0;
}

int csr_read(struct hart *h, unsigned csr, uint64_t *val)
{
	if (csr >= 4096 || !csr_table[csr].read)
		return EXC_ILLEGAL_INSN;
	*val = csr_table[csr].read(h, csr);
	return 0;
}

bool csr_insn_writes(const struct insn *ip)
{
	return ip->op == OP_CSRRW || ip->op == OP_CSRRWI || ip->rs1 != 0;
}

int csr_insn(struct hart *h, const struct insn *ip, unsigned *eff)
{
	unsigned csr = (unsigned)ip->imm & 0xfff, op = ip->op;
	bool imm_form = op >= OP_CSRRWI;
	bool is_rw = op == OP_CSRRW || op == OP_CSRRWI;
	uint64_t src = imm_form ? ip->rs1 : h->x[ip->rs1];
	bool do_write = csr_insn_writes(ip);
	bool do_read = !is_rw || ip->rd != 32;
	uint64_t old = 0;
	int exc = csr_check(h, csr, do_write, &csr);
	if (exc)
		return exc;
	if (do_read)
		csr_read(h, csr, &old);
	if (do_write) {
		uint64_t base = is_rw ? 0 : csr_rmw_base(h, csr, old);
		uint64_t nv = is_rw ? src : (op == OP_CSRRS || op == OP_CSRRSI) ? base | src : base & ~src;
		csr_write(h, csr, nv);
	}
	if (do_read)
		h->x[ip->rd] = old;   /* x[32] is the sink for x0 */
	*eff = csr;
	return 0;
}

uint64_t csr_rmw_base(struct hart *h, unsigned csr, uint64_t read_value)
{
	if (csr < 4096 && csr_table[csr].rmw)
		return csr_table[csr].rmw(h, csr);
	return read_value;
}

int csr_write(struct hart *h, unsigned csr, uint64_t val)
{
	if (csr >= 4096 || !csr_table[csr].read)
		return EXC_ILLEGAL_INSN;
	if (csr_table[csr].write)
		csr_table[csr].write(h, csr, val);
	return 0;
}
