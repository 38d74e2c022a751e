// SPDX-License-Identifier: MIT
/* Zvbb, vector basic bit-manipulation (RISC-V vector cryptography
 * extensions 1.0; Zvbb includes Zvkb): vandn.vv/vx, vrol.vv/vx,
 * vror.vv/vx/vi, vwsll.vv/vx/vi (the OPIVV/OPIVX/OPIVI rows below) and
 * the unary vbrev8, vrev8, vbrev, vclz, vctz, vcpop.v, which share OPMVV
 * funct6 010010 (VXUNARY0) with vzext/vsext: vector_int.c's handler passes
 * vs1 = 01000..01110 here (vec_xunary0_zvbb).
 *
 * As in vector_int.c: register groups are checked first, then elements
 * vstart..vl-1 run in a loop specialized per SEW; tail and masked-off
 * elements are left undisturbed.  Zvkt is only a statement: what a guest
 * can time of an instruction (the instruction counters) does not depend
 * on the data.  When the hart has Zvbb switched off, isa_ext.c makes
 * these encodings illegal before they get here. */
#include "hw/riscv/bitmanip.h"
#include "hw/riscv/vector.h"

/* --- register group checks ------------------------------------------- */

/* Same-width vd and vs2 (and vs1 for .vv): aligned groups; a masked
 * instruction may not write v0 (V 1.0 5.3). */
static bool chk_sss(const struct vctx *c)
{
	return !vd_overlaps_v0(c) && vreg_ok(c->vd, c->lmul_log2) &&
	       vreg_ok(c->vs2, c->lmul_log2) &&
	       (c->funct3 != OPIVV || vreg_ok(c->vs1, c->lmul_log2));
}

/* A 2*SEW destination (EMUL 2*LMUL) may overlap an SEW source group only
 * in its highest-numbered part, and only for a source EMUL >= 1 (5.2; the
 * same rule as vector_int.c's widening instructions). */
static bool widen_src_ok(unsigned d, unsigned s, int l)
{
	unsigned nd = vgroup_regs(l + 1), ns = vgroup_regs(l);
	return !vregs_overlap(d, nd, s, ns) || (l >= 0 && s + ns == d + nd);
}

/* vwsll: SEW <= 32 (2*SEW <= ELEN) and EMUL = 2*LMUL <= 8. */
static bool chk_widen(const struct vctx *c)
{
	int l = c->lmul_log2;
	return c->sew <= 32 && l + 1 <= 3 && !vd_overlaps_v0(c) && vreg_ok(c->vd, l + 1) &&
	       vreg_ok(c->vs2, l) && widen_src_ok(c->vd, c->vs2, l) &&
	       (c->funct3 != OPIVV || (vreg_ok(c->vs1, l) && widen_src_ok(c->vd, c->vs1, l)));
}

/* The scalar operand: x[rs1] as SEW bits (OPIVX), or the immediate
 * (OPIVI): uimm5, which vror.vi (funct6 01010x) extends with funct6 bit 0
 * as bit 5. */
static uint64_t scalar(const struct vctx *c)
{
	if (c->funct3 == OPIVI)
		return vec_uimm5(c) | ((c->funct6 >> 1) == 0x0a ? (c->funct6 & 1) << 5 : 0);
	return c->funct3 == OPIVX ? vec_xreg(c, c->vs1) : 0;
}

/* --- element operations (a zero-extended to 64 bits, w = SEW) ---------- */

/* Bytes of the w-bit element in reverse order. */
static inline uint64_t rev8_w(uint64_t a, unsigned w)
{
	return __builtin_bswap64(a) >> (64 - w);
}

/* Bits of the element in reverse order: reversed within each byte, then
 * the bytes reversed. */
static inline uint64_t brev_w(uint64_t a, unsigned w)
{
	return rev8_w(rv_brev8(a), w);
}

static inline uint64_t clz_w(uint64_t a, unsigned w)
{
	return a ? (uint64_t)__builtin_clzll(a) - (64 - w) : w;
}

static inline uint64_t ctz_w(uint64_t a, unsigned w)
{
	return a ? (uint64_t)__builtin_ctzll(a) : w;
}

/* Rotations by the low log2(w) bits of n (a has w bits). */
static inline uint64_t ror_w(uint64_t a, uint64_t n, unsigned w)
{
	unsigned s = (unsigned)n & (w - 1);
	return vtrunc(a >> s | a << ((w - s) & (w - 1)), w);
}

static inline uint64_t rol_w(uint64_t a, uint64_t n, unsigned w)
{
	unsigned s = (unsigned)n & (w - 1);
	return vtrunc(a << s | a >> ((w - s) & (w - 1)), w);
}

/* --- element loops ----------------------------------------------------- */

/* SEW-wide vd[i] = EXPR(a = vs2[i], b = vs1[i] or the scalar s; sew_). */
#define BIN_BODY(W, EXPR) {                                             \
	const unsigned sew_ __attribute__((unused)) = W;                \
	vu##W *d = (vu##W *)vreg(c, c->vd);                             \
	const vu##W *x2 = (const vu##W *)vreg(c, c->vs2);               \
	if (c->funct3 == OPIVV) {                                       \
		const vu##W *x1 = (const vu##W *)vreg(c, c->vs1);       \
		VLOOP(c, i, { uint64_t a = x2[i], b = x1[i];            \
			      d[i] = (uint##W##_t)(EXPR); });           \
	} else {                                                        \
		uint64_t b = vtrunc(s, W);                              \
		VLOOP(c, i, { uint64_t a = x2[i];                       \
			      d[i] = (uint##W##_t)(EXPR); });           \
	}                                                               \
}

/* SEW-wide vd[i] = EXPR(a = vs2[i]; sew_). */
#define UN_BODY(W, EXPR) {                                              \
	const unsigned sew_ __attribute__((unused)) = W;                \
	vu##W *d = (vu##W *)vreg(c, c->vd);                             \
	const vu##W *x2 = (const vu##W *)vreg(c, c->vs2);               \
	VLOOP(c, i, { uint64_t a = x2[i]; d[i] = (uint##W##_t)(EXPR); }); \
}


#define DEF_BIN(name, EXPR)                                             \
static enum vec_result name(struct vctx *c)                            \
{                                                                       \
	if (!chk_sss(c))                                                \
		return VEC_ILLEGAL;                                     \
	if (c->vstart >= c->vl)                                         \
		return VEC_OK;                                          \
	uint64_t s = scalar(c);                                         \
	SEW_EACH(BIN_BODY, EXPR)                                        \
	return VEC_OK;                                                  \
}

#define DEF_UN(name, EXPR)                                              \
static enum vec_result name(struct vctx *c)                            \
{                                                                       \
	if (!chk_sss(c))                                                \
		return VEC_ILLEGAL;                                     \
	if (c->vstart >= c->vl)                                         \
		return VEC_OK;                                          \
	SEW_EACH(UN_BODY, EXPR)                                         \
	return VEC_OK;                                                  \
}

DEF_BIN(v_andn, a & ~b)
DEF_BIN(v_rol, rol_w(a, b, sew_))
DEF_BIN(v_ror, ror_w(a, b, sew_))    /* .vi: a 6-bit amount, of which SEW takes its low bits */

DEF_UN(v_brev8, rv_brev8(a))
DEF_UN(v_rev8, rev8_w(a, sew_))
DEF_UN(v_brev, brev_w(a, sew_))
DEF_UN(v_clz, clz_w(a, sew_))
DEF_UN(v_ctz, ctz_w(a, sew_))
DEF_UN(v_cpop, (uint64_t)__builtin_popcountll(a))

/* VXUNARY0 with vs1 = 01000..01110 (vzext/vsext are vs1 00010..00111). */
enum vec_result vec_xunary0_zvbb(struct vctx *c)
{
	switch (c->vs1) {
	case 8: return v_brev8(c);
	case 9: return v_rev8(c);
	case 10: return v_brev(c);
	case 12: return v_clz(c);
	case 13: return v_ctz(c);
	case 14: return v_cpop(c);
	default: return VEC_ILLEGAL;
	}
}

/* vwsll: vd[i] (2*SEW) = zext(vs2[i]) << (the low log2(2*SEW) bits of
 * vs1[i], x[rs1] or uimm5). */
#define WSLL_BODY(W, W2) {                                              \
	vu##W2 *d = (vu##W2 *)vreg(c, c->vd);                           \
	const vu##W *x2 = (const vu##W *)vreg(c, c->vs2);               \
	if (c->funct3 == OPIVV) {                                       \
		const vu##W *x1 = (const vu##W *)vreg(c, c->vs1);       \
		VLOOP(c, i, { d[i] = (uint##W2##_t)((uint64_t)x2[i] << (x1[i] & (2 * W - 1))); }); \
	} else {                                                        \
		unsigned sh = (unsigned)s & (2 * W - 1);                \
		VLOOP(c, i, { d[i] = (uint##W2##_t)((uint64_t)x2[i] << sh); }); \
	}                                                               \
}

static enum vec_result v_wsll(struct vctx *c)
{
	if (!chk_widen(c))
		return VEC_ILLEGAL;
	if (c->vstart >= c->vl)
		return VEC_OK;
	uint64_t s = scalar(c);
	switch (c->sew) {
	case 8: WSLL_BODY(8, 16) break;
	case 16: WSLL_BODY(16, 32) break;
	default: WSLL_BODY(32, 64) break;
	}
	return VEC_OK;
}

/* --- the table --------------------------------------------------------- */

#define IVX (VCAT(OPIVV) | VCAT(OPIVX))

const struct vec_opdesc vec_ops_bitmanip[] = {
	{ 0x01, IVX, 0, v_andn },
	{ 0x14, IVX | VCAT(OPIVI), 0, v_ror },   /* OPIVI: vror.vi, imm[5] = 0 */
	{ 0x15, VCAT(OPIVI), 0, v_ror },         /* vror.vi, imm[5] = 1 */
	{ 0x15, IVX, 0, v_rol },
	{ 0x35, IVX | VCAT(OPIVI), 0, v_wsll },
	{ 0 },
};
