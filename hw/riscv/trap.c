// SPDX-License-Identifier: MIT
/* Traps: exception and interrupt entry, delegation, priority, and the
 * trap-return instructions (privileged spec 3.1.6.1, 3.1.8, 3.1.9, 3.3.2;
 * the hypervisor extension's trap entry, delegation and SRET/MRET rules). */
#include <stdio.h>

#include "hw/riscv/hart_internal.h"

/* Exceptions whose tval is an address: with V=1 (or for HLV/HSV) it is a
 * guest virtual address and the GVA bits record that. */
#define ADDR_CAUSES ((1u << EXC_INSN_MISALIGNED) | (1u << EXC_INSN_ACCESS) | (1u << EXC_BREAKPOINT) | \
		     (1u << EXC_LOAD_MISALIGNED) | (1u << EXC_LOAD_ACCESS) |                         \
		     (1u << EXC_STORE_MISALIGNED) | (1u << EXC_STORE_ACCESS) |                       \
		     (1u << EXC_INSN_PAGE_FAULT) | (1u << EXC_LOAD_PAGE_FAULT) |                     \
		     (1u << EXC_STORE_PAGE_FAULT) | (1u << EXC_INSN_GUEST_PAGE_FAULT) |              \
		     (1u << EXC_LOAD_GUEST_PAGE_FAULT) | (1u << EXC_STORE_GUEST_PAGE_FAULT))

static uint64_t status_enter(uint64_t s, unsigned priv)
{
	return (s & ~(MSTATUS_SPIE | MSTATUS_SPP | MSTATUS_SIE)) |
	       ((s & MSTATUS_SIE) ? MSTATUS_SPIE : 0) | (priv == PRV_S ? MSTATUS_SPP : 0);
}

static uint64_t vector(uint64_t tvec, bool irq, unsigned code)
{
	return (tvec & ~3ULL) + ((irq && (tvec & 1)) ? 4 * code : 0);
}

/* Takes the trap with the details hart_set_trap() recorded (for
 * interrupts too: hart_check_interrupts records them first).  Delegation: medeleg/mideleg pass a trap from below M
 * to HS; from V=1, hedeleg/hideleg pass it on to VS.  A trap never moves
 * from V=0 into VS. */
void hart_take_trap(struct hart *h, uint64_t cause, uint64_t tval)
{
	bool irq = cause & CAUSE_INTERRUPT;
	unsigned code = cause & 63;
	unsigned from = h->priv;
	bool from_virt = h->virt;
	bool gva = !irq && h->trap_gva && code < 32 && ((ADDR_CAUSES >> code) & 1);
	uint64_t *epc_log;

	h->resv_valid = false;
	bool to_vs = h->priv <= PRV_S && (((irq ? h->mideleg : h->medeleg) >> code) & 1) &&
		     h->virt && (((irq ? h->hideleg : h->hedeleg) >> code) & 1);
	if (h->cfg.host_hs && !to_vs) {
		/* HS is the host: record what HS would see and stop (a VM exit). */
		h->vmexit = (struct hart_vmexit){
			.cause = cause, .tval = tval, .htval = h->trap_gpa >> 2,
			.htinst = h->trap_tinst, .gva = gva,
		};
		atomic_fetch_or(&h->requests, REQ_VMEXIT);
		if (unlikely(h->trace & HART_TRACE_TRAPS))
			fprintf(stderr, "hart%u: vm exit cause=%#llx pc=%#llx tval=%#llx\n", h->cfg.hartid,
				(unsigned long long)cause, (unsigned long long)h->pc,
				(unsigned long long)tval);
		return;
	}
	if (h->priv <= PRV_S && (((irq ? h->mideleg : h->medeleg) >> code) & 1)) {
		if (to_vs) {
			/* VS-level interrupts appear to VS as the supervisor ones
			 * (LCOFI, delegated by Shlcofideleg, keeps its code). */
			unsigned vcode = irq && ((MIP_VS_MASK >> code) & 1) ? code - 1 : code;
			h->vsepc = h->pc;
			h->vscause = (irq ? CAUSE_INTERRUPT : 0) | vcode;
			h->vstval = tval;
			h->vsstatus = status_enter(h->vsstatus, h->priv);
			h->pc = vector(h->vstvec, irq, vcode);
			h->priv = PRV_S;
			epc_log = &h->vsepc;
		} else {
			uint64_t hs = h->hstatus & ~(HSTATUS_SPV | HSTATUS_GVA);
			if (h->virt)
				hs = (hs & ~HSTATUS_SPVP) | HSTATUS_SPV | (h->priv == PRV_S ? HSTATUS_SPVP : 0);
			h->hstatus = hs | (gva ? HSTATUS_GVA : 0);
			h->htval = h->trap_gpa >> 2;
			h->htinst = h->trap_tinst;
			h->sepc = h->pc;
			h->scause = cause;
			h->stval = tval;
			h->mstatus = status_enter(h->mstatus, h->priv);
			h->pc = vector(h->stvec, irq, code);
			h->priv = PRV_S;
			h->virt = false;
			epc_log = &h->sepc;
		}
	} else {
		uint64_t s = h->mstatus;
		s = (s & ~(MSTATUS_MPIE | MSTATUS_MPP | MSTATUS_MIE | MSTATUS_MPV | MSTATUS_GVA)) |
		    ((s & MSTATUS_MIE) ? MSTATUS_MPIE : 0) | ((uint64_t)h->priv << MSTATUS_MPP_SHIFT) |
		    (h->virt ? MSTATUS_MPV : 0) | (gva ? MSTATUS_GVA : 0);
		h->mstatus = s;
		h->mtval2 = h->trap_gpa >> 2;
		h->mtinst = h->trap_tinst;
		h->mepc = h->pc;
		h->mcause = cause;
		h->mtval = tval;
		h->pc = vector(h->mtvec, irq, code);
		h->priv = PRV_M;
		h->virt = false;
		epc_log = &h->mepc;
	}
	hart_update_ctx(h);
	if (unlikely(h->trace & HART_TRACE_TRAPS))
		fprintf(stderr, "hart%u: trap cause=%#llx epc=%#llx tval=%#llx priv %s%u->%s%u handler=%#llx\n",
			h->cfg.hartid, (unsigned long long)cause, (unsigned long long)*epc_log,
			(unsigned long long)tval, from_virt ? "V" : "", from, h->virt ? "V" : "", h->priv,
			(unsigned long long)h->pc);
}

void hart_inject_vs_exception(struct hart *h, uint64_t cause, uint64_t tval)
{
	if (!h->virt || (cause & CAUSE_INTERRUPT))
		return;
	h->resv_valid = false;
	h->vsepc = h->pc;
	h->vscause = cause;
	h->vstval = tval;
	h->vsstatus = status_enter(h->vsstatus, h->priv);
	h->pc = vector(h->vstvec, false, (unsigned)cause);
	h->priv = PRV_S;
	hart_update_ctx(h);
}

/* Priority order for simultaneous interrupts (3.1.9; the H extension puts
 * SGEI, VSEI, VSSI, VSTI after the supervisor ones, and Sscofpmf's LCOFI
 * comes last). */
static const uint8_t irq_priority[] = { IRQ_M_EXT,  IRQ_M_SOFT,  IRQ_M_TIMER, IRQ_S_EXT,  IRQ_S_SOFT,
					IRQ_S_TIMER, IRQ_S_GEXT, IRQ_VS_EXT, IRQ_VS_SOFT, IRQ_VS_TIMER,
					IRQ_LCOF };

/* Take the highest-priority enabled pending interrupt, if any.  Levels:
 * M (not delegated), HS (mideleg), VS (mideleg and hideleg); a level is
 * enabled below it always, at it by its xIE bit, above it never. */
bool hart_check_interrupts(struct hart *h)
{
	uint64_t pending = hart_mip_read(h) & h->mie;
	if (!pending)
		return false;
	uint64_t m_pend = pending & ~h->mideleg;
	uint64_t hs_pend = pending & h->mideleg & ~h->hideleg;
	uint64_t vs_pend = pending & h->mideleg & h->hideleg;
	bool m_on = h->priv < PRV_M || (h->mstatus & MSTATUS_MIE);
	bool hs_on = h->virt || h->priv < PRV_S || (h->priv == PRV_S && (h->mstatus & MSTATUS_SIE));
	bool vs_on = h->virt && (h->priv == PRV_U || (h->vsstatus & MSTATUS_SIE));
	uint64_t take = m_on ? m_pend : 0;
	if (!take)
		take = hs_on ? hs_pend : 0;
	if (!take)
		take = vs_on ? vs_pend : 0;
	if (!take)
		return false;
	for (unsigned i = 0; i < sizeof(irq_priority); i++) {
		if (take & (1ULL << irq_priority[i])) {
			hart_set_trap(h, CAUSE_INTERRUPT | irq_priority[i], 0);
			hart_take_trap(h, CAUSE_INTERRUPT | irq_priority[i], 0);
			return true;
		}
	}
	return false;
}

/* MRET: back to MPP, and to V=MPV when MPP is below M. */
void hart_mret(struct hart *h)
{
	uint64_t s = h->mstatus;
	unsigned mpp = (s & MSTATUS_MPP) >> MSTATUS_MPP_SHIFT;
	bool mpv = mpp != PRV_M && (s & MSTATUS_MPV);
	s = (s & ~(MSTATUS_MIE | MSTATUS_MPP | MSTATUS_MPV)) |
	    ((s & MSTATUS_MPIE) ? MSTATUS_MIE : 0) | MSTATUS_MPIE;
	if (mpp != PRV_M)
		s &= ~MSTATUS_MPRV;
	h->mstatus = s;
	h->priv = mpp;
	h->virt = mpv;
	h->pc = h->mepc;
	hart_update_ctx(h);
}

/* SRET: in VS-mode it uses vsstatus and stays in V=1; in HS-mode it
 * returns to V=hstatus.SPV (clearing SPV) with sstatus.SPP. */
void hart_sret(struct hart *h)
{
	if (h->virt) {
		uint64_t s = h->vsstatus;
		h->priv = (s & MSTATUS_SPP) ? PRV_S : PRV_U;
		h->vsstatus = (s & ~(MSTATUS_SIE | MSTATUS_SPP)) | ((s & MSTATUS_SPIE) ? MSTATUS_SIE : 0) |
			      MSTATUS_SPIE;
		h->pc = h->vsepc;
		hart_update_ctx(h);
		return;
	}
	uint64_t s = h->mstatus;
	unsigned spp = (s & MSTATUS_SPP) ? PRV_S : PRV_U;
	s = (s & ~(MSTATUS_SIE | MSTATUS_SPP | MSTATUS_MPRV)) | ((s & MSTATUS_SPIE) ? MSTATUS_SIE : 0) |
	    MSTATUS_SPIE;
	h->mstatus = s;
	h->priv = spp;
	h->virt = h->hstatus & HSTATUS_SPV;
	h->hstatus &= ~HSTATUS_SPV;
	h->pc = h->sepc;
	hart_update_ctx(h);
}
