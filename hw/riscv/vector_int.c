// SPDX-License-Identifier: MIT
/* Vector integer (V 1.0 chapter 11) and fixed-point (chapter 12)
 * arithmetic: the OPIVV/OPIVX/OPIVI and OPMVV/OPMVX rows that are not
 * permutations, reductions or mask operations.
 *
 * Every instruction checks its register groups first (3.4.2, 5.2, 5.3),
 * then runs elements vstart..vl-1 with a loop specialized per SEW; tail
 * and masked-off elements (and mask bits) are left undisturbed. */
#include "hw/riscv/vector.h"

/* Types wide enough for SEW + 1 bits (averaging) and 2 * SEW bits. */
typedef uint64_t wu8, wu16, wu32;
typedef int64_t ws8, ws16, ws32;
typedef unsigned __int128 wu64;
typedef __int128 ws64;

/* --- register group checks ------------------------------------------- */

static bool is_vv(const struct vctx *c)
{
	return c->funct3 == OPIVV || c->funct3 == OPMVV;
}

/* Same-width vd, vs2 (and vs1): aligned groups; masked ops may not write
 * v0 (5.3). */
static bool chk_sss(const struct vctx *c)
{
	return !vd_overlaps_v0(c) && vreg_ok(c->vd, c->lmul_log2) &&
	       vreg_ok(c->vs2, c->lmul_log2) &&
	       (!is_vv(c) || vreg_ok(c->vs1, c->lmul_log2));
}

/* Overlap of a destination of nd registers with a source of ns (5.2):
 * allowed when the destination is wider and the source (EMUL >= 1) sits
 * in its highest-numbered part, or when the destination is narrower and
 * sits in the source's lowest-numbered part (same base register). */
static bool overlap_ok(unsigned d, int d_log2, unsigned s, int s_log2)
{
	unsigned nd = vgroup_regs(d_log2), ns = vgroup_regs(s_log2);
	if (!vregs_overlap(d, nd, s, ns))
		return true;
	if (d_log2 > s_log2)
		return s_log2 >= 0 && s + ns == d + nd;
	if (d_log2 < s_log2)
		return d == s;
	return false;
}

/* Widening: 2*SEW destination (SEW <= 32, EMUL <= 8).  wide_vs2: vs2 is
 * 2*SEW too (the .w forms, 11.2). */
static bool chk_widen(const struct vctx *c, bool wide_vs2)
{
	int l = c->lmul_log2;
	if (c->sew > 32 || l + 1 > 3 || vd_overlaps_v0(c) || !vreg_ok(c->vd, l + 1))
		return false;
	if (wide_vs2) {
		if (!vreg_ok(c->vs2, l + 1))
			return false;
	} else if (!vreg_ok(c->vs2, l) || !overlap_ok(c->vd, l + 1, c->vs2, l)) {
		return false;
	}
	return !is_vv(c) || (vreg_ok(c->vs1, l) && overlap_ok(c->vd, l + 1, c->vs1, l));
}

/* Narrowing: vs2 is 2*SEW (11.7, 12.5). */
static bool chk_narrow(const struct vctx *c)
{
	int l = c->lmul_log2;
	return c->sew <= 32 && l + 1 <= 3 && !vd_overlaps_v0(c) &&
	       vreg_ok(c->vd, l) && vreg_ok(c->vs2, l + 1) &&
	       overlap_ok(c->vd, l, c->vs2, l + 1) &&
	       (!is_vv(c) || vreg_ok(c->vs1, l));
}

/* Mask destination (compares, vmadc/vmsbc): vd may be a source register
 * itself but not overlap a source group otherwise (5.2). */
static bool mask_src_ok(const struct vctx *c, unsigned r)
{
	int l = c->lmul_log2;
	return vreg_ok(r, l) && (c->vd == r || !vregs_overlap(c->vd, 1, r, vgroup_regs(l)));
}

static bool chk_mask_dest(const struct vctx *c)
{
	return mask_src_ok(c, c->vs2) && (!is_vv(c) || mask_src_ok(c, c->vs1));
}

/* The scalar operand of OPIVX/OPMVX (x[rs1], SEW bits) or OPIVI (simm5
 * sign-extended, or uimm5 for shifts and clips). */
static uint64_t scalar(const struct vctx *c, bool uimm)
{
	if (c->funct3 == OPIVI)
		return uimm ? vec_uimm5(c) : vtrunc((uint64_t)vec_simm5(c), c->sew);
	if (c->funct3 == OPIVX || c->funct3 == OPMVX)
		return vec_xreg(c, c->vs1);
	return 0;
}

/* --- element loops ----------------------------------------------------- */

/* Per-SEW types inside the bodies: U/S the element, UW/SW wider. */
#define SEW_TYPES(W)                                                    \
	typedef uint##W##_t U __attribute__((unused));                  \
	typedef int##W##_t S __attribute__((unused));                   \
	typedef wu##W UW __attribute__((unused));                       \
	typedef ws##W SW __attribute__((unused));                       \
	const unsigned sew_ __attribute__((unused)) = W;

/* SEW-wide vd = EXPR(a = vs2[i], b = vs1[i] or the scalar, o = old vd[i]). */
#define BIN_BODY(W, EXPR) {                                             \
	SEW_TYPES(W)                                                    \
	vu##W *d = (vu##W *)vreg(c, c->vd);                             \
	const vu##W *x2 = (const vu##W *)vreg(c, c->vs2);               \
	if (is_vv(c)) {                                                 \
		const vu##W *x1 = (const vu##W *)vreg(c, c->vs1);       \
		VLOOP(c, i, { U a = x2[i], b = x1[i], o = d[i];         \
			      (void)o; d[i] = (U)(EXPR); });            \
	} else {                                                        \
		U b = (U)s;                                             \
		VLOOP(c, i, { U a = x2[i], o = d[i];                    \
			      (void)o; d[i] = (U)(EXPR); });            \
	}                                                               \
}


/* An SEW-wide operation.  UIMM: OPIVI takes uimm5.  EXPR may set sat
 * (vxsat) and read rm (vxrm). */
#define DEF_BIN(name, UIMM, EXPR)                                       \
static enum vec_result name(struct vctx *c)                            \
{                                                                       \
	if (!chk_sss(c))                                                \
		return VEC_ILLEGAL;                                     \
	if (c->vstart >= c->vl)                                         \
		return VEC_OK;                                          \
	uint64_t s = scalar(c, UIMM);                                   \
	unsigned rm __attribute__((unused)) = c->h->vec.vxrm;           \
	bool sat = false;                                               \
	SEW_EACH(BIN_BODY, EXPR)                                        \
	if (sat)                                                        \
		c->h->vec.vxsat = 1;                                    \
	return VEC_OK;                                                  \
}

#define SMAX ((U)(((U)1 << (sew_ - 1)) - 1))
#define SMIN ((U)((U)1 << (sew_ - 1)))
#define SHAMT(b) ((unsigned)(b) & (sew_ - 1))

/* 11.1 add/subtract, 11.9 min/max, 11.5 bitwise, 11.6 shifts */
DEF_BIN(v_add, false, a + b)
DEF_BIN(v_sub, false, a - b)
DEF_BIN(v_rsub, false, b - a)
DEF_BIN(v_minu, false, a < b ? a : b)
DEF_BIN(v_min, false, (S)a < (S)b ? a : b)
DEF_BIN(v_maxu, false, a > b ? a : b)
DEF_BIN(v_max, false, (S)a > (S)b ? a : b)
DEF_BIN(v_and, false, a & b)
DEF_BIN(v_or, false, a | b)
DEF_BIN(v_xor, false, a ^ b)
DEF_BIN(v_sll, true, (UW)a << SHAMT(b))
DEF_BIN(v_srl, true, a >> SHAMT(b))
DEF_BIN(v_sra, true, (S)a >> SHAMT(b))

/* 11.10 multiply (high parts through the 2*SEW type), 11.11 divide:
 * x / 0 = all ones, x % 0 = x, MIN / -1 = MIN, MIN % -1 = 0. */
DEF_BIN(v_mul, false, (UW)a * b)
DEF_BIN(v_mulhu, false, ((UW)a * b) >> sew_)
DEF_BIN(v_mulh, false, (UW)((SW)(S)a * (S)b) >> sew_)
DEF_BIN(v_mulhsu, false, (UW)((SW)(S)a * (SW)(UW)b) >> sew_)
DEF_BIN(v_divu, false, b ? a / b : (U)~(U)0)
DEF_BIN(v_remu, false, b ? a % b : a)
DEF_BIN(v_div, false, !b ? (U)~(U)0 : (a == SMIN && b == (U)~(U)0) ? a : (U)((S)a / (S)b))
DEF_BIN(v_rem, false, !b ? a : (a == SMIN && b == (U)~(U)0) ? 0 : (U)((S)a % (S)b))

/* 11.13 single-width multiply-add (o: the old vd) */
DEF_BIN(v_macc, false, (UW)a * b + o)
DEF_BIN(v_nmsac, false, o - (UW)a * b)
DEF_BIN(v_madd, false, (UW)o * b + a)
DEF_BIN(v_nmsub, false, a - (UW)o * b)

/* 12.1 saturating add/subtract */
DEF_BIN(v_saddu, false, ({ U r_ = (U)(a + b); if (r_ < a) { r_ = (U)~(U)0; sat = true; } r_; }))
DEF_BIN(v_ssubu, false, ({ U r_ = (U)(a - b); if (a < b) { r_ = 0; sat = true; } r_; }))
DEF_BIN(v_sadd, false, ({ U r_ = (U)(a + b);
	if ((((r_ ^ a) & (r_ ^ b)) >> (sew_ - 1)) & 1) { r_ = (a >> (sew_ - 1)) ? SMIN : SMAX; sat = true; }
	r_; }))
DEF_BIN(v_ssub, false, ({ U r_ = (U)(a - b);
	if ((((a ^ b) & (r_ ^ a)) >> (sew_ - 1)) & 1) { r_ = (a >> (sew_ - 1)) ? SMIN : SMAX; sat = true; }
	r_; }))

/* 12.2 averaging add/subtract: SEW + 1 bits, then a rounded shift by 1 */
DEF_BIN(v_aaddu, false, ({ UW t_ = (UW)a + b; (t_ >> 1) + vec_round_inc(rm, (uint64_t)t_, 1); }))
DEF_BIN(v_aadd, false, ({ SW t_ = (SW)(S)a + (S)b; (UW)(t_ >> 1) + vec_round_inc(rm, (uint64_t)t_, 1); }))
DEF_BIN(v_asubu, false, ({ UW t_ = (UW)a - b; (t_ >> 1) + vec_round_inc(rm, (uint64_t)t_, 1); }))
DEF_BIN(v_asub, false, ({ SW t_ = (SW)(S)a - (S)b; (UW)(t_ >> 1) + vec_round_inc(rm, (uint64_t)t_, 1); }))

/* 12.3 fractional multiply: (a * b) >> (SEW - 1) rounded; only
 * MIN * MIN overflows */
DEF_BIN(v_smul, false, ({ SW p_ = (SW)(S)a * (S)b;
	SW r_ = (p_ >> (sew_ - 1)) + (SW)vec_round_inc(rm, (uint64_t)p_, sew_ - 1);
	if (r_ > (SW)(S)SMAX) { r_ = (S)SMAX; sat = true; }
	(U)r_; }))

/* 12.4 scaling shifts */
DEF_BIN(v_ssrl, true, (a >> SHAMT(b)) + vec_round_inc(rm, a, SHAMT(b)))
DEF_BIN(v_ssra, true, (U)((S)a >> SHAMT(b)) + vec_round_inc(rm, a, SHAMT(b)))

/* --- compares (11.8): one mask bit per element ------------------------ */

/* Bits of 64 elements are gathered and merged into the mask word: an
 * element's bit changes only if it is active. */
#define CMP_BODY(W, EXPR) {                                             \
	SEW_TYPES(W)                                                    \
	vu64 *dm = (vu64 *)vreg(c, c->vd);                              \
	const vu64 *m0 = (const vu64 *)vreg(c, 0);                      \
	const vu##W *x2 = (const vu##W *)vreg(c, c->vs2);               \
	const vu##W *x1 = (const vu##W *)vreg(c, c->vs1);               \
	bool vv_ = is_vv(c);                                            \
	U sb_ = (U)s;                                                   \
	for (uint64_t i = c->vstart; i < c->vl;) {                      \
		uint64_t w = i >> 6, end = (w + 1) * 64, bits = 0, wm = 0; \
		if (end > c->vl)                                        \
			end = c->vl;                                    \
		for (; i < end; i++) {                                  \
			U a = x2[i], b = vv_ ? x1[i] : sb_;             \
			wm |= 1ULL << (i & 63);                         \
			bits |= (uint64_t)(EXPR) << (i & 63);           \
		}                                                       \
		if (!c->vm)                                             \
			wm &= m0[w];                                    \
		dm[w] = (dm[w] & ~wm) | (bits & wm);                    \
	}                                                               \
}

#define DEF_CMP(name, EXPR)                                             \
static enum vec_result name(struct vctx *c)                            \
{                                                                       \
	if (!chk_mask_dest(c))                                          \
		return VEC_ILLEGAL;                                     \
	if (c->vstart >= c->vl)                                         \
		return VEC_OK;                                          \
	uint64_t s = scalar(c, false);                                  \
	SEW_EACH(CMP_BODY, EXPR)                                        \
	return VEC_OK;                                                  \
}

DEF_CMP(v_mseq_any, a == b)
DEF_CMP(v_msne_any, a != b)

/* vmseq/vmsne at SEW 8 (memchr, strlen): 16 bytes per host compare.
 * Same result as the generic loop; only the way the bits are made. */
#ifdef __SSE2__
#include <emmintrin.h>

static enum vec_result cmp_eq8(struct vctx *c, bool ne)
{
	if (!chk_mask_dest(c))
		return VEC_ILLEGAL;
	if (c->vstart >= c->vl)
		return VEC_OK;
	uint8_t *dm = vreg(c, c->vd);
	const uint8_t *x2 = vreg(c, c->vs2), *x1 = vreg(c, c->vs1), *m0 = vreg(c, 0);
	bool vv = is_vv(c);
	__m128i sb = _mm_set1_epi8((char)scalar(c, false));
	/* 16 elements give 2 mask bytes; whole ones only, the edges below. */
	uint64_t i = c->vstart;
	for (; i < c->vl && (i & 15); i++) {
		bool eq = x2[i] == (vv ? x1[i] : (uint8_t)_mm_cvtsi128_si32(sb));
		if (c->vm || vmask_bit(c, 0, i))
			vmask_set(c, c->vd, i, eq != ne);
	}
	for (; i + 16 <= c->vl; i += 16) {
		__m128i a = _mm_loadu_si128((const __m128i *)(x2 + i));
		__m128i b = vv ? _mm_loadu_si128((const __m128i *)(x1 + i)) : sb;
		uint16_t bits = (uint16_t)_mm_movemask_epi8(_mm_cmpeq_epi8(a, b));
		if (ne)
			bits = (uint16_t)~bits;
		uint16_t old, wm = 0xffff;
		__builtin_memcpy(&old, dm + i / 8, 2);
		if (!c->vm)
			__builtin_memcpy(&wm, m0 + i / 8, 2);
		old = (uint16_t)((old & ~wm) | (bits & wm));
		__builtin_memcpy(dm + i / 8, &old, 2);
	}
	for (; i < c->vl; i++) {
		bool eq = x2[i] == (vv ? x1[i] : (uint8_t)_mm_cvtsi128_si32(sb));
		if (c->vm || vmask_bit(c, 0, i))
			vmask_set(c, c->vd, i, eq != ne);
	}
	return VEC_OK;
}

static enum vec_result v_mseq(struct vctx *c)
{
	return c->sew == 8 ? cmp_eq8(c, false) : v_mseq_any(c);
}

static enum vec_result v_msne(struct vctx *c)
{
	return c->sew == 8 ? cmp_eq8(c, true) : v_msne_any(c);
}
#else
#define v_mseq v_mseq_any
#define v_msne v_msne_any
#endif
DEF_CMP(v_msltu, a < b)
DEF_CMP(v_mslt, (S)a < (S)b)
DEF_CMP(v_msleu, a <= b)
DEF_CMP(v_msle, (S)a <= (S)b)
DEF_CMP(v_msgtu, a > b)
DEF_CMP(v_msgt, (S)a > (S)b)

/* --- add/subtract with carry (11.4) ------------------------------------ */

/* vadc/vsbc: vm = 0 only (the carry is v0), vd != v0; every body element
 * is written. */
#define ADC_BODY(W, EXPR) {                                             \
	SEW_TYPES(W)                                                    \
	vu##W *d = (vu##W *)vreg(c, c->vd);                             \
	const vu##W *x2 = (const vu##W *)vreg(c, c->vs2);               \
	const vu##W *x1 = (const vu##W *)vreg(c, c->vs1);               \
	const uint8_t *m_ = c->v;                                       \
	bool vv_ = is_vv(c);                                            \
	for (uint64_t i = c->vstart; i < c->vl; i++) {                  \
		U a = x2[i], b = vv_ ? x1[i] : (U)s;                    \
		U cy = (m_[i >> 3] >> (i & 7)) & 1;                     \
		d[i] = (U)(EXPR);                                       \
	}                                                               \
}

#define DEF_ADC(name, EXPR)                                             \
static enum vec_result name(struct vctx *c)                            \
{                                                                       \
	if (c->vm || !chk_sss(c))                                       \
		return VEC_ILLEGAL;                                     \
	if (c->vstart >= c->vl)                                         \
		return VEC_OK;                                          \
	uint64_t s = scalar(c, false);                                  \
	SEW_EACH(ADC_BODY, EXPR)                                        \
	return VEC_OK;                                                  \
}

DEF_ADC(v_adc, a + b + cy)
DEF_ADC(v_sbc, a - b - cy)

/* vmadc/vmsbc: the carry/borrow out as a mask bit; vm = 0 takes a
 * carry-in from v0, vm = 1 none.  All body bits are written. */
#define MADC_BODY(W, EXPR) {                                            \
	SEW_TYPES(W)                                                    \
	vu64 *dm = (vu64 *)vreg(c, c->vd);                              \
	const vu64 *m0 = (const vu64 *)vreg(c, 0);                      \
	const vu##W *x2 = (const vu##W *)vreg(c, c->vs2);               \
	const vu##W *x1 = (const vu##W *)vreg(c, c->vs1);               \
	bool vv_ = is_vv(c);                                            \
	for (uint64_t i = c->vstart; i < c->vl;) {                      \
		uint64_t w = i >> 6, end = (w + 1) * 64, bits = 0, wm = 0; \
		uint64_t cin_ = c->vm ? 0 : m0[w];                      \
		if (end > c->vl)                                        \
			end = c->vl;                                    \
		for (; i < end; i++) {                                  \
			U a = x2[i], b = vv_ ? x1[i] : (U)s;            \
			U cy = (cin_ >> (i & 63)) & 1;                  \
			wm |= 1ULL << (i & 63);                         \
			bits |= (uint64_t)(EXPR) << (i & 63);           \
		}                                                       \
		dm[w] = (dm[w] & ~wm) | (bits & wm);                    \
	}                                                               \
}

#define DEF_MADC(name, EXPR)                                            \
static enum vec_result name(struct vctx *c)                            \
{                                                                       \
	if (!chk_mask_dest(c))                                          \
		return VEC_ILLEGAL;                                     \
	if (c->vstart >= c->vl)                                         \
		return VEC_OK;                                          \
	uint64_t s = scalar(c, false);                                  \
	SEW_EACH(MADC_BODY, EXPR)                                       \
	return VEC_OK;                                                  \
}

DEF_MADC(v_madc, ({ U r_ = (U)(a + b + cy); cy ? r_ <= a : r_ < a; }))
DEF_MADC(v_msbc, cy ? a <= b : a < b)

/* --- merge and move (11.15, 11.16) -------------------------------------- */

/* vm = 0: vmerge (vd != v0), vd[i] = v0[i] ? vs1/x/imm : vs2[i];
 * vm = 1: vmv.v.*, vs2 must be 0. */
#define MERGE_BODY(W, UNUSED) {                                         \
	SEW_TYPES(W)                                                    \
	vu##W *d = (vu##W *)vreg(c, c->vd);                             \
	const vu##W *x2 = (const vu##W *)vreg(c, c->vs2);               \
	const vu##W *x1 = (const vu##W *)vreg(c, c->vs1);               \
	const uint8_t *m_ = c->v;                                       \
	bool vv_ = is_vv(c);                                            \
	if (c->vm && vv_) {                                             \
		for (uint64_t i = c->vstart; i < c->vl; i++)            \
			d[i] = x1[i];                                   \
	} else if (c->vm) {                                             \
		for (uint64_t i = c->vstart; i < c->vl; i++)            \
			d[i] = (U)s;                                    \
	} else {                                                        \
		for (uint64_t i = c->vstart; i < c->vl; i++)            \
			d[i] = !((m_[i >> 3] >> (i & 7)) & 1) ? x2[i] : \
			       vv_ ? x1[i] : (U)s;                      \
	}                                                               \
}

static enum vec_result v_merge(struct vctx *c)
{
	if (c->vm ? c->vs2 != 0 : c->vd == 0)
		return VEC_ILLEGAL;
	if (!chk_sss(c))
		return VEC_ILLEGAL;
	if (c->vstart >= c->vl)
		return VEC_OK;
	uint64_t s = scalar(c, false);
	SEW_EACH(MERGE_BODY, 0)
	return VEC_OK;
}

/* --- narrowing (11.7, 12.5): vs2 is 2*SEW ------------------------------ */

/* EXPR: a = vs2[i] (2*SEW bits zero-extended), sa = sign-extended,
 * sh = shift amount (low log2(2*SEW) bits of vs1[i] / x / uimm5). */
#define NARROW_BODY(W, W2, EXPR) {                                      \
	SEW_TYPES(W)                                                    \
	vu##W *d = (vu##W *)vreg(c, c->vd);                             \
	const vu##W2 *x2 = (const vu##W2 *)vreg(c, c->vs2);             \
	const vu##W *x1 = (const vu##W *)vreg(c, c->vs1);               \
	if (is_vv(c)) {                                                 \
		VLOOP(c, i, { uint64_t a = x2[i];                       \
			int64_t sa = (int##W2##_t)x2[i];                \
			unsigned sh = x1[i] & (2 * W - 1);              \
			(void)a, (void)sa; d[i] = (U)(EXPR); });        \
	} else {                                                        \
		unsigned sh = s & (2 * W - 1);                          \
		VLOOP(c, i, { uint64_t a = x2[i];                       \
			int64_t sa = (int##W2##_t)x2[i];                \
			(void)a, (void)sa; d[i] = (U)(EXPR); });        \
	}                                                               \
}

#define DEF_NARROW(name, EXPR)                                          \
static enum vec_result name(struct vctx *c)                            \
{                                                                       \
	if (!chk_narrow(c))                                             \
		return VEC_ILLEGAL;                                     \
	if (c->vstart >= c->vl)                                         \
		return VEC_OK;                                          \
	uint64_t s = scalar(c, true);                                   \
	unsigned rm __attribute__((unused)) = c->h->vec.vxrm;           \
	bool sat = false;                                               \
	switch (c->sew) {                                               \
	case 8: NARROW_BODY(8, 16, EXPR) break;                         \
	case 16: NARROW_BODY(16, 32, EXPR) break;                       \
	default: NARROW_BODY(32, 64, EXPR) break;                       \
	}                                                               \
	if (sat)                                                        \
		c->h->vec.vxsat = 1;                                    \
	return VEC_OK;                                                  \
}

DEF_NARROW(v_nsrl, a >> sh)
DEF_NARROW(v_nsra, sa >> sh)
/* 12.5: rounded per vxrm, then saturated to SEW */
DEF_NARROW(v_nclipu, ({ uint64_t r_ = (a >> sh) + vec_round_inc(rm, a, sh);
	if (r_ > (uint64_t)(U)~(U)0) { r_ = (U)~(U)0; sat = true; }
	r_; }))
DEF_NARROW(v_nclip, ({ int64_t r_ = (sa >> sh) + (int64_t)vec_round_inc(rm, a, sh);
	if (r_ > (int64_t)(S)SMAX) { r_ = (S)SMAX; sat = true; }
	else if (r_ < (int64_t)(S)SMIN) { r_ = (S)SMIN; sat = true; }
	r_; }))

/* --- widening (11.2, 11.12, 11.14): vd is 2*SEW ------------------------ */

/* EXPR on uint64_t a (vs2[i], extended per SA, or 2*SEW for the .w
 * forms), b (vs1[i] or x[rs1] as SEW bits, extended per SB), o (old vd). */
#define EXT(v, W, SIGNED) ((SIGNED) ? (uint64_t)(int64_t)(int##W##_t)(v) : (uint64_t)(uint##W##_t)(v))

#define WIDEN_BODY(W, W2, WIDE2, SA, SB, EXPR) {                        \
	vu##W2 *d = (vu##W2 *)vreg(c, c->vd);                           \
	const vu##W *x2 = (const vu##W *)vreg(c, c->vs2);               \
	const vu##W2 *x2w = (const vu##W2 *)vreg(c, c->vs2);            \
	const vu##W *x1 = (const vu##W *)vreg(c, c->vs1);               \
	if (is_vv(c)) {                                                 \
		VLOOP(c, i, { uint64_t a = WIDE2 ? (uint64_t)x2w[i] : EXT(x2[i], W, SA); \
			uint64_t b = EXT(x1[i], W, SB), o = d[i];       \
			(void)o; d[i] = (uint##W2##_t)(EXPR); });       \
	} else {                                                        \
		uint64_t b = EXT(s, W, SB);                             \
		VLOOP(c, i, { uint64_t a = WIDE2 ? (uint64_t)x2w[i] : EXT(x2[i], W, SA); \
			uint64_t o = d[i];                              \
			(void)o; d[i] = (uint##W2##_t)(EXPR); });       \
	}                                                               \
}

#define DEF_WIDEN(name, WIDE2, SA, SB, EXPR)                            \
static enum vec_result name(struct vctx *c)                            \
{                                                                       \
	if (!chk_widen(c, WIDE2))                                       \
		return VEC_ILLEGAL;                                     \
	if (c->vstart >= c->vl)                                         \
		return VEC_OK;                                          \
	uint64_t s = scalar(c, false);                                  \
	switch (c->sew) {                                               \
	case 8: WIDEN_BODY(8, 16, WIDE2, SA, SB, EXPR) break;           \
	case 16: WIDEN_BODY(16, 32, WIDE2, SA, SB, EXPR) break;         \
	default: WIDEN_BODY(32, 64, WIDE2, SA, SB, EXPR) break;         \
	}                                                               \
	return VEC_OK;                                                  \
}

DEF_WIDEN(v_waddu, false, false, false, a + b)
DEF_WIDEN(v_wadd, false, true, true, a + b)
DEF_WIDEN(v_wsubu, false, false, false, a - b)
DEF_WIDEN(v_wsub, false, true, true, a - b)
DEF_WIDEN(v_waddu_w, true, false, false, a + b)
DEF_WIDEN(v_wadd_w, true, true, true, a + b)
DEF_WIDEN(v_wsubu_w, true, false, false, a - b)
DEF_WIDEN(v_wsub_w, true, true, true, a - b)
DEF_WIDEN(v_wmulu, false, false, false, a * b)
DEF_WIDEN(v_wmul, false, true, true, a * b)
DEF_WIDEN(v_wmulsu, false, true, false, a * b)
DEF_WIDEN(v_wmaccu, false, false, false, a * b + o)
DEF_WIDEN(v_wmacc, false, true, true, a * b + o)
DEF_WIDEN(v_wmaccsu, false, false, true, a * b + o)   /* signed vs1/rs1 */
DEF_WIDEN(v_wmaccus, false, true, false, a * b + o)   /* unsigned rs1 */

/* --- vzext / vsext (11.3): VXUNARY0, vs1 selects the form (Zvbb's unary
 * forms share the row: vector_bitmanip.c) ------------------------------- */

#define EXT_BODY(W, WS, SIGNED) {                                       \
	vu##W *d = (vu##W *)vreg(c, c->vd);                             \
	const vu##WS *x2 = (const vu##WS *)vreg(c, c->vs2);             \
	VLOOP(c, i, { d[i] = (uint##W##_t)EXT(x2[i], WS, SIGNED); });   \
}

static enum vec_result v_xunary0(struct vctx *c)
{
	unsigned f;
	switch (c->vs1) {
	case 2: case 3: f = 3; break;   /* vf8 */
	case 4: case 5: f = 2; break;   /* vf4 */
	case 6: case 7: f = 1; break;   /* vf2 */
	default: return vec_xunary0_zvbb(c);  /* Zvbb's vbrev8 ... vcpop.v */
	}
	bool sgn = c->vs1 & 1;
	int l = c->lmul_log2, ls = l - (int)f;
	if ((c->sew >> f) < 8 || ls < -3 || vd_overlaps_v0(c) || !vreg_ok(c->vd, l) ||
	    !vreg_ok(c->vs2, ls) || !overlap_ok(c->vd, l, c->vs2, ls))
		return VEC_ILLEGAL;
	if (c->vstart >= c->vl)
		return VEC_OK;
	switch (c->sew * 8 + f * 2 + sgn) {
	case 16 * 8 + 2: EXT_BODY(16, 8, false) break;
	case 16 * 8 + 3: EXT_BODY(16, 8, true) break;
	case 32 * 8 + 2: EXT_BODY(32, 16, false) break;
	case 32 * 8 + 3: EXT_BODY(32, 16, true) break;
	case 32 * 8 + 4: EXT_BODY(32, 8, false) break;
	case 32 * 8 + 5: EXT_BODY(32, 8, true) break;
	case 64 * 8 + 2: EXT_BODY(64, 32, false) break;
	case 64 * 8 + 3: EXT_BODY(64, 32, true) break;
	case 64 * 8 + 4: EXT_BODY(64, 16, false) break;
	case 64 * 8 + 5: EXT_BODY(64, 16, true) break;
	case 64 * 8 + 6: EXT_BODY(64, 8, false) break;
	default: EXT_BODY(64, 8, true) break;
	}
	return VEC_OK;
}

/* --- the table --------------------------------------------------------- */

#define IVX (VCAT(OPIVV) | VCAT(OPIVX))
#define IVXI (VCAT(OPIVV) | VCAT(OPIVX) | VCAT(OPIVI))
#define IXI (VCAT(OPIVX) | VCAT(OPIVI))
#define MVX (VCAT(OPMVV) | VCAT(OPMVX))

const struct vec_opdesc vec_ops_int[] = {
	/* OPIVV / OPIVX / OPIVI (10.1 listing) */
	{ 0x00, IVXI, 0, v_add },
	{ 0x02, IVX, 0, v_sub },
	{ 0x03, IXI, 0, v_rsub },
	{ 0x04, IVX, 0, v_minu },
	{ 0x05, IVX, 0, v_min },
	{ 0x06, IVX, 0, v_maxu },
	{ 0x07, IVX, 0, v_max },
	{ 0x09, IVXI, 0, v_and },
	{ 0x0a, IVXI, 0, v_or },
	{ 0x0b, IVXI, 0, v_xor },
	{ 0x10, IVXI, 0, v_adc },
	{ 0x11, IVXI, 0, v_madc },
	{ 0x12, IVX, 0, v_sbc },
	{ 0x13, IVX, 0, v_msbc },
	{ 0x17, IVXI, 0, v_merge },
	{ 0x18, IVXI, 0, v_mseq },
	{ 0x19, IVXI, 0, v_msne },
	{ 0x1a, IVX, 0, v_msltu },
	{ 0x1b, IVX, 0, v_mslt },
	{ 0x1c, IVXI, 0, v_msleu },
	{ 0x1d, IVXI, 0, v_msle },
	{ 0x1e, IXI, 0, v_msgtu },
	{ 0x1f, IXI, 0, v_msgt },
	{ 0x20, IVXI, 0, v_saddu },
	{ 0x21, IVXI, 0, v_sadd },
	{ 0x22, IVX, 0, v_ssubu },
	{ 0x23, IVX, 0, v_ssub },
	{ 0x25, IVXI, 0, v_sll },
	{ 0x27, IVX, 0, v_smul },       /* OPIVI 0x27 is vmv<nr>r */
	{ 0x28, IVXI, 0, v_srl },
	{ 0x29, IVXI, 0, v_sra },
	{ 0x2a, IVXI, 0, v_ssrl },
	{ 0x2b, IVXI, 0, v_ssra },
	{ 0x2c, IVXI, 0, v_nsrl },
	{ 0x2d, IVXI, 0, v_nsra },
	{ 0x2e, IVXI, 0, v_nclipu },
	{ 0x2f, IVXI, 0, v_nclip },
	/* OPMVV / OPMVX */
	{ 0x08, MVX, 0, v_aaddu },
	{ 0x09, MVX, 0, v_aadd },
	{ 0x0a, MVX, 0, v_asubu },
	{ 0x0b, MVX, 0, v_asub },
	{ 0x12, VCAT(OPMVV), 0, v_xunary0 },
	{ 0x20, MVX, 0, v_divu },
	{ 0x21, MVX, 0, v_div },
	{ 0x22, MVX, 0, v_remu },
	{ 0x23, MVX, 0, v_rem },
	{ 0x24, MVX, 0, v_mulhu },
	{ 0x25, MVX, 0, v_mul },
	{ 0x26, MVX, 0, v_mulhsu },
	{ 0x27, MVX, 0, v_mulh },
	{ 0x29, MVX, 0, v_madd },
	{ 0x2b, MVX, 0, v_nmsub },
	{ 0x2d, MVX, 0, v_macc },
	{ 0x2f, MVX, 0, v_nmsac },
	{ 0x30, MVX, 0, v_waddu },
	{ 0x31, MVX, 0, v_wadd },
	{ 0x32, MVX, 0, v_wsubu },
	{ 0x33, MVX, 0, v_wsub },
	{ 0x34, MVX, 0, v_waddu_w },
	{ 0x35, MVX, 0, v_wadd_w },
	{ 0x36, MVX, 0, v_wsubu_w },
	{ 0x37, MVX, 0, v_wsub_w },
	{ 0x38, MVX, 0, v_wmulu },
	{ 0x3a, MVX, 0, v_wmulsu },
	{ 0x3b, MVX, 0, v_wmul },
	{ 0x3c, MVX, 0, v_wmaccu },
	{ 0x3d, MVX, 0, v_wmacc },
	{ 0x3e, VCAT(OPMVX), 0, v_wmaccus },
	{ 0x3f, MVX, 0, v_wmaccsu },
	{ 0 },
};
