// SPDX-License-Identifier: MIT
/* The vector unit (V 1.0, "RISC-V V vector extension" 1.0): vtype/vl
 * configuration (chapter 6), the state checks every vector instruction
 * makes (mstatus.VS and vsstatus.VS, 3.2; vill, 3.4.4) and the dispatch of
 * OP-V instructions through one [funct3][funct6] table built from the
 * instruction files' rows (vector.h). */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "hw/riscv/ops.h"
#include "hw/riscv/vector.h"

static vec_fn op_fn[8][64];
static uint8_t op_flags[8][64];
static pthread_once_t op_once = PTHREAD_ONCE_INIT;

static void add_table(const struct vec_opdesc *t)
{
	for (; t->fn; t++)
		for (unsigned cat = 0; cat < 8; cat++)
			if (t->cats & VCAT(cat)) {
				if (op_fn[cat][t->funct6]) {
					/* Two files claim one encoding: a build error in effect. */
					fprintf(stderr, "vector: funct3 %u funct6 %#x defined twice\n", cat, t->funct6);
					abort();
				}
				op_fn[cat][t->funct6] = t->fn;
				op_flags[cat][t->funct6] = t->flags;
			}
}

static void build_tables(void)
{
	add_table(vec_ops_int);
	add_table(vec_ops_mask);
	add_table(vec_ops_fp);
	add_table(vec_ops_bitmanip);
}

void vec_reset(struct hart *h)
{
	pthread_once(&op_once, build_tables);
	h->vec.vlenb = hart_ext_on(h, RV_EXT_V) ? h->cfg.vlen / 8 : 0;
	h->vec.vl = 0;
	h->vec.vtype = VTYPE_VILL;  /* recommended at reset (3.4) */
	h->vec.vstart = 0;
	h->vec.vxrm = h->vec.vxsat = 0;
	memset(h->vec.reg, 0, sizeof(h->vec.reg));
}

/* --- operands --------------------------------------------------------- */

uint64_t vec_xreg(const struct vctx *c, unsigned r)
{
	return vtrunc(c->h->x[r], c->sew);
}

void vec_set_xreg(const struct vctx *c, unsigned rd, uint64_t val)
{
	if (rd)
		c->h->x[rd] = val;
}

uint64_t vec_freg(const struct vctx *c, unsigned r)
{
	uint64_t v = c->h->f[r];
	switch (c->sew) {
	case 64: return v;
	case 32: return (v >> 32) == 0xffffffffu ? (uint32_t)v : 0x7fc00000u;
	case 16: return (v >> 16) == 0xffffffffffffULL ? (uint16_t)v : 0x7e00u;
	default: return v & 0xff;
	}
}

void vec_set_freg(const struct vctx *c, unsigned rd, uint64_t val)
{
	c->h->f[rd] = c->sew >= 64 ? val : val | (~0ULL << c->sew);  /* NaN-boxed */
	c->h->mstatus |= MSTATUS_FS;
	if (c->h->virt)
		c->h->vsstatus |= MSTATUS_FS;
}

int vec_frm(const struct vctx *c)
{
	unsigned rm = c->h->frm;
	return rm > 4 ? -1 : (int)rm;
}

uint32_t *vec_fflags(const struct vctx *c)
{
	return &c->h->fflags;
}

/* --- configuration (chapter 6) ------------------------------------------ */

/* A vtype the hart supports: SEW up to ELEN (64), LMUL not reserved, a
 * fractional LMUL with SEW <= ELEN * LMUL, no reserved bits (6.1, 3.4.2). */
static bool vtype_ok(uint64_t vt)
{
	unsigned vsew = (vt & VTYPE_VSEW) >> VTYPE_VSEW_SHIFT;
	unsigned f = vt & VTYPE_VLMUL;
	if (vt >> 8 || vsew > 3 || f == 4)
		return false;
	if (f > 4 && (8u << vsew) > (64u >> (8 - f)))
		return false;
	return true;
}

static enum vec_result vsetvl(struct hart *h, uint32_t raw, unsigned op)
{
	unsigned rd = (raw >> 7) & 31, rs1 = (raw >> 15) & 31, rs2 = (raw >> 20) & 31;
	uint64_t vt, avl;
	switch (op) {
	case OP_VSETVLI:  vt = (raw >> 20) & 0x7ff; break;
	case OP_VSETIVLI: vt = (raw >> 20) & 0x3ff; break;
	default:          vt = h->x[rs2]; break;
	}
	if (!vtype_ok(vt)) {
		h->vec.vtype = VTYPE_VILL;
		h->vec.vl = 0;
		if (rd)
			h->x[rd] = 0;
		return VEC_OK;
	}
	unsigned sew = 8u << ((vt & VTYPE_VSEW) >> VTYPE_VSEW_SHIFT);
	uint64_t vlmax = vlmax_of(h->vec.vlenb, sew, lmul_log2_of(vt));
	if (op == OP_VSETIVLI)
		avl = rs1;
	else if (rs1)
		avl = h->x[rs1];
	else if (rd)
		avl = ~0ULL;   /* rs1 = x0, rd != x0: VLMAX */
	else
		avl = h->vec.vl;  /* both x0: keep vl (6.2) */
	h->vec.vtype = vt;
	h->vec.vl = avl < vlmax ? avl : vlmax;
	if (rd)
		h->x[rd] = h->vec.vl;
	return VEC_OK;
}

/* --- dispatch --------------------------------------------------------- */

static bool vs_on(const struct hart *h)
{
	return (h->mstatus & MSTATUS_VS) && (!h->virt || (h->vsstatus & MSTATUS_VS));
}

static bool fs_on(const struct hart *h)
{
	return (h->mstatus & MSTATUS_FS) && (!h->virt || (h->vsstatus & MSTATUS_FS));
}

enum vec_result vec_exec(struct hart *h, const struct insn *ip)
{
	if (ip->rs3 && vec_fast(h, ip))
		return VEC_OK;
	if (!h->vec.vlenb || !vs_on(h))
		return VEC_ILLEGAL;
	uint32_t raw = ip->raw;
	enum vec_result res;
	bool fp = false;
	if (ip->op == OP_VSETVLI || ip->op == OP_VSETIVLI || ip->op == OP_VSETVL) {
		res = vsetvl(h, raw, ip->op);
	} else {
		uint64_t vt = h->vec.vtype;
		struct vctx c = {
			.h = h, .ip = ip, .raw = raw,
			.funct3 = (raw >> 12) & 7, .funct6 = raw >> 26,
			.vd = (raw >> 7) & 31, .vs1 = (raw >> 15) & 31, .vs2 = (raw >> 20) & 31,
			.vm = (raw >> 25) & 1,
			.vl = h->vec.vl, .vstart = h->vec.vstart,
			.vlenb = h->vec.vlenb, .v = h->vec.reg,
		};
		if (!(vt & VTYPE_VILL)) {
			c.sew = 8u << ((vt & VTYPE_VSEW) >> VTYPE_VSEW_SHIFT);
			c.lmul_log2 = lmul_log2_of(vt);
			c.vlmax = vlmax_of(c.vlenb, c.sew, c.lmul_log2);
			if (c.vl > c.vlmax)  /* only a restore could leave it so */
				c.vl = c.vlmax;
		}
		if (ip->op == OP_VARITH) {
			vec_fn fn = op_fn[c.funct3][c.funct6];
			unsigned flags = op_flags[c.funct3][c.funct6];
			if (!fn || ((vt & VTYPE_VILL) && !(flags & VF_ANY_VTYPE)))
				return VEC_ILLEGAL;
			fp = flags & VF_FP;
			if (fp && !fs_on(h))
				return VEC_ILLEGAL;
			res = fn(&c);
		} else {
			res = vec_load_store(&c, ip->op == OP_VSTORE);
		}
	}
	if (res == VEC_ILLEGAL)
		return res;
	if (res == VEC_OK) {
		h->vec.vstart = 0;
		if (ip->rs3)   /* legal with this vtype: see vector_fast.c */
			((struct insn *)ip)->imm = (int32_t)h->vec.vtype;
	}
	h->mstatus |= MSTATUS_VS;
	if (h->virt)
		h->vsstatus |= MSTATUS_VS;
	if (fp) {
		h->mstatus |= MSTATUS_FS;
		if (h->virt)
			h->vsstatus |= MSTATUS_FS;
	}
	return res;
}

/* --- state for save and restore (KVM's vector ONE_REG layout) --------- */

unsigned hart_vlenb(const struct hart *h)
{
	return h->vec.vlenb;
}

int hart_vec_csr_get(const struct hart *h, unsigned idx, uint64_t *val)
{
	if (!h->vec.vlenb)
		return -ENOENT;
	switch (idx) {
	case 0: *val = h->vec.vstart; return 0;
	case 1: *val = h->vec.vl; return 0;
	case 2: *val = h->vec.vtype; return 0;
	case 3: *val = h->vec.vxrm << 1 | h->vec.vxsat; return 0;
	case 4: *val = h->vec.vlenb; return 0;
	default: return -ENOENT;
	}
}

/* Values the registers could hold after instructions ran: vstart below
 * VLEN, vl at most VLEN (the largest VLMAX) and, once vtype is set, at
 * most its VLMAX; vtype supported or vill alone with vl 0.  vl before
 * vtype (KVM's order) therefore restores a consistent pair. */
int hart_vec_csr_set(struct hart *h, unsigned idx, uint64_t val)
{
	uint64_t vlen = h->vec.vlenb * 8ULL;
	if (!h->vec.vlenb)
		return -ENOENT;
	switch (idx) {
	case 0:
		if (val >= vlen)
			return -EINVAL;
		h->vec.vstart = val;
		return 0;
	case 1:
		if (val > vlen)
			return -EINVAL;
		h->vec.vl = val;
		return 0;
	case 2:
		if (val == VTYPE_VILL) {
			if (h->vec.vl)
				return -EINVAL;
		} else {
			if (!vtype_ok(val))
				return -EINVAL;
			unsigned sew = 8u << ((val & VTYPE_VSEW) >> VTYPE_VSEW_SHIFT);
			if (h->vec.vl > vlmax_of(h->vec.vlenb, sew, lmul_log2_of(val)))
				return -EINVAL;
		}
		h->vec.vtype = val;
		return 0;
	case 3:
		if (val > 7)
			return -EINVAL;
		h->vec.vxsat = val & 1;
		h->vec.vxrm = (uint32_t)val >> 1;
		return 0;
	case 4:
		if (val == h->vec.vlenb)
			return 0;
		return val <= VLENB_MAX && hart_set_vlen(h, (unsigned)val * 8) ? 0 : -EINVAL;
	default:
		return -ENOENT;
	}
}

/* A new VLEN (the vlenb register, before the hart runs): the vector state
 * starts over as at reset. */
bool hart_set_vlen(struct hart *h, unsigned vlen)
{
	if (vlen < VLEN_MIN || vlen > VLEN_MAX || (vlen & (vlen - 1)) || !h->cfg.vlen)
		return false;
	h->cfg.vlen = vlen;
	vec_reset(h);
	return true;
}

void hart_vreg_get(const struct hart *h, unsigned n, void *buf)
{
	memcpy(buf, h->vec.reg + (size_t)(n & 31) * h->vec.vlenb, h->vec.vlenb);
}

void hart_vreg_set(struct hart *h, unsigned n, const void *buf)
{
	memcpy(h->vec.reg + (size_t)(n & 31) * h->vec.vlenb, buf, h->vec.vlenb);
}
