// SPDX-License-Identifier: MIT
/* Vector loads and stores (V 1.0 chapter 7): unit-stride (with the
 * whole-register, mask and fault-only-first forms), strided and indexed,
 * each with segments (7.8).
 *
 * Memory is reached through mem_vec_ptr (one access within a page) or,
 * where the data TLB already holds the page (so the whole page is plain
 * RAM allowed to this access), straight through the TLB's host address:
 * contiguous runs are then copied a page piece at a time.  A segment is
 * translated before any of it is copied, so a fault leaves the faulting
 * segment untouched in memory and in the registers (7.7, 7.8). */
#include <string.h>

#include "hw/riscv/vector.h"

struct vmem {
	struct hart *h;
	const struct vctx *c;
	uint8_t *vd;            /* field 0's register group */
	uint64_t base;          /* x[rs1] */
	uint64_t stride;        /* strided: x[rs2]; unit-stride: nf * esz */
	uint64_t start, evl;    /* elements (segments) start .. evl-1 */
	unsigned nf;            /* fields per segment, 1..8 */
	unsigned fbytes;        /* from one field's group to the next */
	unsigned mop;           /* 0 unit, 1 indexed-unordered, 2 strided, 3 indexed-ordered */
	unsigned isz;           /* index element bytes (indexed) */
	bool store, vm;
	uint64_t fault;         /* the element that trapped */
};

/* Host address of va, whose size bytes lie in one page.  *whole: the
 * whole page may be accessed through the same mapping (the TLB holds it). */
static inline bool page_host(struct hart *h, uint64_t va, unsigned size, bool store,
			     uint8_t **p, bool *whole)
{
	uint64_t vpn = va >> PAGE_SHIFT;
	const struct tlb_entry *e = &h->dtlb[tlb_index(vpn)];
	if (likely(tlb_tag(e, store ? ACC_WRITE : ACC_READ) == vpn)) {
		*p = (uint8_t *)(uintptr_t)(va + e->addend);
		*whole = true;
		return true;
	}
	void *hp;
	if (mem_vec_ptr(h, va, size, store, &hp) != ACC_OK)
		return false;
	*p = hp;
	*whole = tlb_tag(&h->dtlb[tlb_index(vpn)], store ? ACC_WRITE : ACC_READ) == vpn;
	return true;
}

/* One segment at va, field f at register bytes r + f * fbytes: every
 * field is translated (split at a page boundary) before anything is
 * copied.  The trap is reported for the first field that faults. */
static bool seg_slow(struct vmem *o, uint64_t va, uint8_t *r, unsigned esz)
{
	void *p0[8], *p1[8];
	unsigned n0[8];
	for (unsigned f = 0; f < o->nf; f++) {
		uint64_t a = va + (uint64_t)f * esz;
		uint64_t room = PAGE_SIZE - (a & ~PAGE_MASK);
		n0[f] = room < esz ? (unsigned)room : esz;
		p1[f] = NULL;
		if (mem_vec_ptr(o->h, a, n0[f], o->store, &p0[f]) != ACC_OK)
			return false;
		if (n0[f] < esz && mem_vec_ptr(o->h, a + n0[f], esz - n0[f], o->store, &p1[f]) != ACC_OK)
			return false;
	}
	for (unsigned f = 0; f < o->nf; f++) {
		uint8_t *rf = r + (size_t)f * o->fbytes;
		if (o->store) {
			memcpy(p0[f], rf, n0[f]);
			if (n0[f] < esz)
				memcpy(p1[f], rf + n0[f], esz - n0[f]);
		} else {
			memcpy(rf, p0[f], n0[f]);
			if (n0[f] < esz)
				memcpy(rf + n0[f], p1[f], esz - n0[f]);
		}
	}
	return true;
}

static inline void copy_elem(uint8_t *reg, uint8_t *mem, unsigned esz, bool store)
{
	if (store)
		memcpy(mem, reg, esz);
	else
		memcpy(reg, mem, esz);
}

/* Unit-stride with one field (also whole-register and mask forms):
 * element i at base + i * esz and at byte i * esz of the group.  A page
 * the TLB holds is done with one copy (unmasked) or one translation. */
static inline __attribute__((always_inline)) bool run_unit(struct vmem *o, const unsigned esz)
{
	struct hart *h = o->h;
	const bool store = o->store;
	uint8_t *r = o->vd;
	uint64_t i = o->start, evl = o->evl;
	while (i < evl) {
		if (!o->vm) {
			while (i < evl && !vmask_bit(o->c, 0, i))
				i++;
			if (i >= evl)
				break;
		}
		uint64_t va = o->base + i * esz;
		uint64_t room = PAGE_SIZE - (va & ~PAGE_MASK);
		uint8_t *p;
		bool whole;
		if (room < esz) {  /* the element crosses into the next page */
			if (!seg_slow(o, va, r + i * esz, esz))
				goto fault;
			i++;
			continue;
		}
		if (!page_host(h, va, esz, store, &p, &whole))
			goto fault;
		if (!whole) {  /* a page split by PMP, code, ...: element by element */
			copy_elem(r + i * esz, p, esz, store);
			i++;
			continue;
		}
		uint64_t n = room / esz;
		if (n > evl - i)
			n = evl - i;
		if (o->vm) {
			if (store)
				vec_copy(p, r + i * esz, n * esz);
			else
				vec_copy(r + i * esz, p, n * esz);
		} else {
			for (uint64_t j = 0; j < n; j++)
				if (vmask_bit(o->c, 0, i + j))
					copy_elem(r + (i + j) * esz, p + j * esz, esz, store);
		}
		i += n;
	}
	return true;
fault:
	o->fault = i;
	return false;
}

/* Segment i's address: unit-stride (segments packed), strided, indexed
 * (the index zero-extended, 7.6). */
static inline uint64_t seg_addr(const struct vmem *o, uint64_t i)
{
	switch (o->mop) {
	case 0:
	case 2:
		return o->base + i * o->stride;
	default:
		return o->base + vget(o->c, o->c->vs2, i, o->isz);
	}
}

/* Everything else: segment by segment, in element order (the ordered and
 * unordered indexed forms alike).  A segment's fields are contiguous in
 * memory; one that lies in a page the TLB holds is copied directly. */
static inline __attribute__((always_inline)) bool run_seg(struct vmem *o, const unsigned esz)
{
	struct hart *h = o->h;
	const bool store = o->store;
	const unsigned nf = o->nf, sb = nf * esz, fb = o->fbytes;
	for (uint64_t i = o->start; i < o->evl; i++) {
		if (!o->vm && !vmask_bit(o->c, 0, i))
			continue;
		uint64_t va = seg_addr(o, i);
		uint8_t *r = o->vd + i * esz, *p;
		bool whole;
		if ((va & ~PAGE_MASK) + sb <= PAGE_SIZE && page_host(h, va, sb, store, &p, &whole)) {
			for (unsigned f = 0; f < nf; f++)
				copy_elem(r + (size_t)f * fb, p + f * esz, esz, store);
		} else if (!seg_slow(o, va, r, esz)) {
			o->fault = i;
			return false;
		}
	}
	return true;
}

static bool run(struct vmem *o, unsigned esz, bool unit)
{
	switch (esz) {
	case 1: return unit ? run_unit(o, 1) : run_seg(o, 1);
	case 2: return unit ? run_unit(o, 2) : run_seg(o, 2);
	case 4: return unit ? run_unit(o, 4) : run_seg(o, 4);
	default: return unit ? run_unit(o, 8) : run_seg(o, 8);
	}
}

/* May a destination group (d, dn registers, EEW de) overlap a source
 * group (s, sn registers, EEW se, EMUL 2^s_emul) (5.2)? */
static bool overlap_ok(unsigned d, unsigned dn, unsigned de, unsigned s, unsigned sn, unsigned se, int s_emul)
{
	if (!vregs_overlap(d, dn, s, sn) || de == se)
		return true;
	if (de < se)  /* in the lowest-numbered part of the source */
		return d == s;
	/* in the highest-numbered part of the destination, source EMUL >= 1 */
	return s_emul >= 0 && s + sn == d + dn;
}

enum vec_result vec_load_store(struct vctx *c, bool store)
{
	struct hart *h = c->h;
	uint32_t raw = c->raw;
	unsigned width = (raw >> 12) & 7, mop = (raw >> 26) & 3, nf = (raw >> 29) + 1;
	unsigned umop = c->vs2;  /* lumop / sumop (unit-stride) */
	unsigned eew_log2;       /* of the width field, in bytes (7.3) */
	switch (width) {
	case 0: eew_log2 = 0; break;
	case 5: eew_log2 = 1; break;
	case 6: eew_log2 = 2; break;
	case 7: eew_log2 = 3; break;
	default: return VEC_ILLEGAL;
	}
	if (raw & (1u << 28))  /* mew: EEW 128 and up, reserved */
		return VEC_ILLEGAL;

	struct vmem o = {
		.h = h, .c = c, .vd = vreg(c, c->vd), .base = h->x[c->vs1],
		.start = c->vstart, .nf = nf, .mop = mop, .store = store, .vm = c->vm,
	};
	unsigned esz = 1u << eew_log2;
	bool ff = false;

	if (mop == 0 && umop == 8) {
		/* Whole registers (7.9): nf 1, 2, 4, 8, aligned; vtype ignored;
		 * stores only with EEW 8; unmasked only. */
		if (!c->vm || (nf & (nf - 1)) || (c->vd & (nf - 1)) || (store && width != 0))
			return VEC_ILLEGAL;
		o.evl = ((uint64_t)nf * c->vlenb) >> eew_log2;
		goto unit;
	}
	if (h->vec.vtype & VTYPE_VILL)
		return VEC_ILLEGAL;
	if (mop == 0 && umop == 0xb) {
		/* vlm.v / vsm.v (7.4): EEW 8, evl = ceil(vl / 8), unmasked. */
		if (!c->vm || nf != 1 || width != 0)
			return VEC_ILLEGAL;
		o.evl = (c->vl + 7) / 8;
		goto unit;
	}
	if (mop == 0 && umop != 0) {
		if (umop != 0x10 || store)
			return VEC_ILLEGAL;
		ff = true;  /* 7.7 */
	}

	unsigned sew_log2 = (unsigned)__builtin_ctz(c->sew / 8);
	int data_emul;
	if (mop & 1) {
		/* Indexed (7.6): data EEW = SEW, EMUL = LMUL; the index EEW is
		 * the width's, EMUL = EEW / SEW * LMUL. */
		int idx_emul = (int)eew_log2 - (int)sew_log2 + c->lmul_log2;
		if (idx_emul < -3 || idx_emul > 3 || !vreg_ok(c->vs2, idx_emul))
			return VEC_ILLEGAL;
		o.isz = esz;
		esz = c->sew / 8;
		data_emul = c->lmul_log2;
		if (!store) {
			unsigned fregs = vgroup_regs(data_emul), iregs = vgroup_regs(idx_emul);
			for (unsigned f = 0; f < nf; f++) {
				unsigned d = c->vd + f * fregs;
				/* Segment loads: no overlap at all (7.8.3). */
				if (nf > 1 ? vregs_overlap(d, fregs, c->vs2, iregs)
					   : !overlap_ok(d, fregs, esz, c->vs2, iregs, o.isz, idx_emul))
					return VEC_ILLEGAL;
			}
		}
	} else {
		data_emul = (int)eew_log2 - (int)sew_log2 + c->lmul_log2;  /* 7.3 */
		if (data_emul < -3 || data_emul > 3)
			return VEC_ILLEGAL;
	}
	unsigned fregs = vgroup_regs(data_emul);
	/* 7.8: EMUL * NFIELDS <= 8, all fields within v0..v31. */
	if (nf * fregs > 8 || !vreg_ok(c->vd, data_emul) || c->vd + nf * fregs > 32)
		return VEC_ILLEGAL;
	if (!store && vd_overlaps_v0(c))
		return VEC_ILLEGAL;

	o.evl = c->vl;
	o.fbytes = fregs * c->vlenb;
	o.stride = mop == 2 ? h->x[c->vs2] : (uint64_t)nf * esz;
	if (mop == 0 && nf == 1)
		goto unit;
	if (run(&o, esz, false))
		return VEC_OK;
	goto fault;

unit:
	if (run(&o, esz, true))
		return VEC_OK;
fault:
	if (ff && o.fault > 0) {
		/* Fault-only-first: no trap past element 0, vl trimmed (7.7). */
		h->vec.vl = o.fault;
		return VEC_OK;
	}
	h->vec.vstart = o.fault;
	return VEC_TRAP;
}
