// SPDX-License-Identifier: MIT
/* The vector unit's fast path: the few instructions strip-mined loops are
 * made of (unmasked unit-stride loads and stores, element-wise integer
 * add/sub/and/or/xor/mul/macc and vredsum) in their common state, without
 * vec_exec's set-up and table dispatch.
 *
 * Decoding classifies an instruction once (vec_fast_kind, kept in the
 * decoded instruction's rs3, which OP-V does not use) and sets its imm to
 * -1.  After the full path (vec_exec) has run it successfully, imm holds
 * the vtype it ran with: whether its register groups are legal depends
 * only on vtype and the encoding, so while vtype is unchanged the fast
 * path may skip those checks.  It also needs vstart = 0 and VS already
 * dirty (so that nothing else changes); anything else, and any access
 * that is not one page held by the data TLB, goes the full way, which
 * raises the exceptions and handles every other case. */
#include "hw/riscv/ops.h"
#include "hw/riscv/vector.h"

/* The element loops are the work: GCC vectorizes only from -O3 or with
 * this (clang does at -O2). */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC optimize("tree-vectorize")
#endif

enum vfast_kind {
	VK_NONE, VK_LOAD, VK_STORE,
	VK_ADD, VK_SUB, VK_AND, VK_OR, VK_XOR, VK_MUL, VK_MACC, VK_REDSUM,
	VK_VSETVLI,
};
#define VK_X 0x80u   /* the .vx form: the scalar operand is x[rs1] */

unsigned vec_fast_kind(uint32_t raw, unsigned op)
{
	/* vsetvli with rs1 != x0 or rd != x0 (both x0 keeps vl: the full
	 * path checks VLMAX). */
	if (op == OP_VSETVLI)
		return ((raw >> 15) & 31) || ((raw >> 7) & 31) ? VK_VSETVLI : VK_NONE;
	if (!((raw >> 25) & 1))
		return VK_NONE;   /* masked */
	if (op == OP_VLOAD || op == OP_VSTORE) {
		/* mop 0 (unit-stride), lumop/sumop 0, nf 1, mew 0 */
		if ((raw >> 26) || ((raw >> 20) & 31))
			return VK_NONE;
		return op == OP_VLOAD ? VK_LOAD : VK_STORE;
	}
	if (op != OP_VARITH)
		return VK_NONE;
	unsigned f3 = (raw >> 12) & 7, f6 = raw >> 26;
	bool x = f3 == OPIVX || f3 == OPMVX;
	if (f3 == OPIVV || f3 == OPIVX) {
		static const uint8_t iv[64] = { [0x00] = VK_ADD, [0x02] = VK_SUB, [0x09] = VK_AND,
						[0x0a] = VK_OR, [0x0b] = VK_XOR };
		return iv[f6] ? iv[f6] | (x ? VK_X : 0) : VK_NONE;
	}
	if (f3 == OPMVV || f3 == OPMVX) {
		if (f6 == 0x25)
			return VK_MUL | (x ? VK_X : 0);
		if (f6 == 0x2d)
			return VK_MACC | (x ? VK_X : 0);
		if (f6 == 0x00 && !x)
			return VK_REDSUM;
	}
	return VK_NONE;
}

static inline bool vs_dirty(const struct hart *h)
{
	return (h->mstatus & MSTATUS_VS) == MSTATUS_VS &&
	       (!h->virt || (h->vsstatus & MSTATUS_VS) == MSTATUS_VS);
}

/* Unit-stride: vl elements of EEW (the width field) at x[rs1], within one
 * page the data TLB holds for this access. */
static bool unit(struct hart *h, const struct insn *ip, bool store)
{
	unsigned width = (ip->raw >> 12) & 7;
	unsigned eew_log2 = width == 0 ? 0 : width - 4;   /* 0, 5, 6, 7 -> 1, 2, 4, 8 bytes */
	uint64_t bytes = h->vec.vl << eew_log2;
	if (!bytes)
		return true;
	uint8_t *mem = bytes <= PAGE_SIZE ? mem_dtlb_host(h, h->x[ip->rs1], (unsigned)bytes, store) : NULL;
	if (!mem)
		return false;
	uint8_t *r = h->vec.reg + (size_t)((ip->raw >> 7) & 31) * h->vec.vlenb;
	if (store)
		vec_copy(mem, r, bytes);
	else
		vec_copy(r, mem, bytes);
	return true;
}

/* vsetvli whose immediate vtype the full path found legal (imm holds it):
 * vl = min(AVL, VLMAX), AVL = x[rs1], or VLMAX for rs1 = x0. */
static bool vsetvli(struct hart *h, const struct insn *ip)
{
	uint32_t raw = ip->raw;
	unsigned rd = (raw >> 7) & 31, rs1 = (raw >> 15) & 31;
	uint64_t vt = (raw >> 20) & 0x7ff;
	unsigned sew = 8u << ((vt & VTYPE_VSEW) >> VTYPE_VSEW_SHIFT);
	uint64_t vlmax = vlmax_of(h->vec.vlenb, sew, lmul_log2_of(vt));
	uint64_t avl = rs1 ? h->x[rs1] : ~0ULL;
	h->vec.vtype = vt;
	h->vec.vl = avl < vlmax ? avl : vlmax;
	if (rd)
		h->x[rd] = h->vec.vl;
	return true;
}

#define ELEMENTWISE(T, EXPR)                                                    \
	do {                                                                    \
		T *d = (T *)vd, *a = (T *)v2, *b = (T *)v1;                     \
		T s = (T)xs;                                                    \
		(void)s; (void)b;                                               \
		for (uint64_t i = 0; i < vl; i++)                               \
			d[i] = (T)(EXPR);                                       \
	} while (0)

#define BY_SEW(EXPR_V, EXPR_X)                                                  \
	do {                                                                    \
		switch (sew) {                                                  \
		case 8:  if (vx) ELEMENTWISE(vu8, EXPR_X); else ELEMENTWISE(vu8, EXPR_V); break; \
		case 16: if (vx) ELEMENTWISE(vu16, EXPR_X); else ELEMENTWISE(vu16, EXPR_V); break; \
		case 32: if (vx) ELEMENTWISE(vu32, EXPR_X); else ELEMENTWISE(vu32, EXPR_V); break; \
		default: if (vx) ELEMENTWISE(vu64, EXPR_X); else ELEMENTWISE(vu64, EXPR_V); break; \
		}                                                               \
	} while (0)

#define REDSUM(T)                                                               \
	do {                                                                    \
		const T *a = (const T *)v2;                                     \
		T acc = *(const T *)v1;                                         \
		for (uint64_t i = 0; i < vl; i++)                               \
			acc += a[i];                                            \
		*(T *)vd = acc;                                                 \
	} while (0)

/* vd op= vs2 (op) vs1 / x[rs1], elements 0..vl-1 at the current SEW.  The
 * groups are aligned (imm's vtype says the full path accepted them), so
 * two of them overlap only wholly, element i on element i. */
static bool arith(struct hart *h, const struct insn *ip, unsigned kind)
{
	uint32_t raw = ip->raw;
	uint64_t vl = h->vec.vl;
	if (!vl)
		return true;
	unsigned sew = 8u << ((h->vec.vtype & VTYPE_VSEW) >> VTYPE_VSEW_SHIFT), vlenb = h->vec.vlenb;
	uint8_t *reg = h->vec.reg;
	uint8_t *vd = reg + (size_t)((raw >> 7) & 31) * vlenb;
	uint8_t *v1 = reg + (size_t)((raw >> 15) & 31) * vlenb;
	uint8_t *v2 = reg + (size_t)((raw >> 20) & 31) * vlenb;
	bool vx = kind & VK_X;
	uint64_t xs = h->x[(raw >> 15) & 31];
	switch (kind & ~VK_X) {
	case VK_ADD: BY_SEW(a[i] + b[i], a[i] + s); break;
	case VK_SUB: BY_SEW(a[i] - b[i], a[i] - s); break;
	case VK_AND: BY_SEW(a[i] & b[i], a[i] & s); break;
	case VK_OR:  BY_SEW(a[i] | b[i], a[i] | s); break;
	case VK_XOR: BY_SEW(a[i] ^ b[i], a[i] ^ s); break;
	/* Products are taken in the element type (unsigned: no overflow UB
	 * after promotion of the 8/16-bit ones, which the casts wrap). */
	case VK_MUL: BY_SEW((uint64_t)a[i] * b[i], (uint64_t)a[i] * s); break;
	case VK_MACC: BY_SEW((uint64_t)b[i] * a[i] + d[i], (uint64_t)s * a[i] + d[i]); break;
	case VK_REDSUM:
		switch (sew) {
		case 8:  REDSUM(vu8); break;
		case 16: REDSUM(vu16); break;
		case 32: REDSUM(vu32); break;
		default: REDSUM(vu64); break;
		}
		break;
	default:
		return false;
	}
	return true;
}

bool vec_fast(struct hart *h, const struct insn *ip)
{
	if (ip->rs3 == VK_VSETVLI)
		return (uint32_t)ip->imm == ((ip->raw >> 20) & 0x7ff) && !h->vec.vstart &&
		       vs_dirty(h) && vsetvli(h, ip);
	if ((uint64_t)(uint32_t)ip->imm != h->vec.vtype || h->vec.vstart || !vs_dirty(h))
		return false;
	switch (ip->rs3) {
	case VK_LOAD:  return unit(h, ip, false);
	case VK_STORE: return unit(h, ip, true);
	default:       return arith(h, ip, ip->rs3);
	}
}
