// SPDX-License-Identifier: MIT
/* Traps: exception and interrupt entry, delegation, priority, and the
 * trap-return instructions (privileged spec 3.1.6.1, 3.1.8, 3.1.9, 3.3.2). */
#include <stdio.h>

#include "hw/riscv/hart_internal.h"

void hart_take_trap(struct hart *h, uint64_t cause, uint64_t tval)
{
	bool irq = cause & CAUSE_INTERRUPT;
	unsigned code = cause & 63;
	uint64_t deleg = irq ? h->mideleg : h->medeleg;
	uint64_t s = h->mstatus;
	unsigned from = h->priv;

	h->resv_valid = false;
	if (h->priv <= PRV_S && ((deleg >> code) & 1)) {
		h->sepc = h->pc;
		h->scause = cause;
		h->stval = tval;
		s = (s & ~(MSTATUS_SPIE | MSTATUS_SPP | MSTATUS_SIE)) |
		    ((s & MSTATUS_SIE) ? MSTATUS_SPIE : 0) | (h->priv == PRV_S ? MSTATUS_SPP : 0);
		h->pc = (h->stvec & ~3ULL) + ((irq && (h->stvec & 1)) ? 4 * code : 0);
		h->priv = PRV_S;
	} else {
		h->mepc = h->pc;
		h->mcause = cause;
		h->mtval = tval;
		s = (s & ~(MSTATUS_MPIE | MSTATUS_MPP | MSTATUS_MIE)) |
		    ((s & MSTATUS_MIE) ? MSTATUS_MPIE : 0) | ((uint64_t)h->priv << MSTATUS_MPP_SHIFT);
		h->pc = (h->mtvec & ~3ULL) + ((irq && (h->mtvec & 1)) ? 4 * code : 0);
		h->priv = PRV_M;
	}
	h->mstatus = s;
	hart_update_ctx(h);
	if (unlikely(h->trace & HART_TRACE_TRAPS))
		fprintf(stderr, "hart%u: trap cause=%#llx epc=%#llx tval=%#llx priv %u->%u handler=%#llx\n",
			h->cfg.hartid, (unsigned long long)cause,
			(unsigned long long)(h->priv == PRV_S ? h->sepc : h->mepc),
			(unsigned long long)tval, from, h->priv, (unsigned long long)h->pc);
}

/* Priority order for simultaneous interrupts (3.1.9). */
static const uint8_t irq_priority[] = { IRQ_M_EXT, IRQ_M_SOFT, IRQ_M_TIMER, IRQ_S_EXT, IRQ_S_SOFT, IRQ_S_TIMER };

/* Take the highest-priority enabled pending interrupt, if any. */
bool hart_check_interrupts(struct hart *h)
{
	uint64_t pending = hart_mip_read(h) & h->mie;
	if (!pending)
		return false;
	uint64_t m_pend = pending & ~h->mideleg, s_pend = pending & h->mideleg;
	bool m_on = h->priv < PRV_M || (h->mstatus & MSTATUS_MIE);
	bool s_on = h->priv < PRV_S || (h->priv == PRV_S && (h->mstatus & MSTATUS_SIE));
	uint64_t take = (m_on ? m_pend : 0) | (s_on ? s_pend : 0);
	if (!take)
		return false;
	/* M-level interrupts always outrank delegated ones. */
	if (take & m_pend)
		take &= m_pend;
	for (unsigned i = 0; i < sizeof(irq_priority); i++) {
		if (take & (1ULL << irq_priority[i])) {
			hart_take_trap(h, CAUSE_INTERRUPT | irq_priority[i], 0);
			return true;
		}
	}
	return false;
}

void hart_mret(struct hart *h)
{
	uint64_t s = h->mstatus;
	unsigned mpp = (s & MSTATUS_MPP) >> MSTATUS_MPP_SHIFT;
	s = (s & ~(MSTATUS_MIE | MSTATUS_MPP)) | ((s & MSTATUS_MPIE) ? MSTATUS_MIE : 0) | MSTATUS_MPIE;
	if (mpp != PRV_M)
		s &= ~MSTATUS_MPRV;
	h->mstatus = s;
	h->priv = mpp;
	h->pc = h->mepc;
	hart_update_ctx(h);
}

void hart_sret(struct hart *h)
{
	uint64_t s = h->mstatus;
	unsigned spp = (s & MSTATUS_SPP) ? PRV_S : PRV_U;
	s = (s & ~(MSTATUS_SIE | MSTATUS_SPP | MSTATUS_MPRV)) | ((s & MSTATUS_SPIE) ? MSTATUS_SIE : 0) |
	    MSTATUS_SPIE;
	h->mstatus = s;
	h->priv = spp;
	h->pc = h->sepc;
	hart_update_ctx(h);
}
