// SPDX-License-Identifier: MIT
/* Vector reductions (V 1.0 chapter 14, integer), mask instructions (15)
 * and permutations (16: scalar moves, slides, gathers, compress, whole
 * register moves).  Tail and inactive elements are left undisturbed, mask
 * results included. */
#include "hw/riscv/vector.h"

/* Element pointers into reg[] (groups are SEW-aligned). */
typedef int8_t   __attribute__((may_alias)) s8a;
typedef int16_t  __attribute__((may_alias)) s16a;
typedef int32_t  __attribute__((may_alias)) s32a;
typedef int64_t  __attribute__((may_alias)) s64a;

#define V_ILL VEC_ILLEGAL

/* Run BODY for i in [from, to) over the active elements (v0 when masked). */
#define FOR_ACTIVE(c, i, from, to, BODY) do {                                \
	if ((c)->vm) {                                                       \
		for (uint64_t i = (from); i < (to); i++) { BODY; }           \
	} else {                                                             \
		const uint8_t *m0_ = vreg((c), 0);                           \
		for (uint64_t i = (from); i < (to); i++)                     \
			if ((m0_[i >> 3] >> (i & 7)) & 1) { BODY; }          \
	}                                                                    \
} while (0)

/* Expand M(T) for the unsigned element type of c->sew. */
#define SEW_SWITCH(c, M) do {                                                \
	switch ((c)->sew) {                                                  \
	case 8:  M(vu8);  break;                                             \
	case 16: M(vu16); break;                                             \
	case 32: M(vu32); break;                                             \
	default: M(vu64); break;                                             \
	}                                                                    \
} while (0)

static inline bool grp_ok(const struct vctx *c, unsigned r)
{
	return vreg_ok(r, c->lmul_log2);
}

static inline unsigned grp_n(const struct vctx *c)
{
	return vgroup_regs(c->lmul_log2);
}

/* 64-bit word w of mask register r (VLEN is a multiple of 64). */
static inline uint64_t mword(const struct vctx *c, unsigned r, uint64_t w)
{
	return ((const vu64 *)vreg(c, r))[w];
}

/* Bits [lo, hi) of word w, as a mask (hi > w * 64, lo < w * 64 + 64). */
static inline uint64_t range_bits(uint64_t w, uint64_t lo, uint64_t hi)
{
	uint64_t m = ~0ULL, base = w * 64;
	if (lo > base)
		m &= ~0ULL << (lo - base);
	if (hi < base + 64)
		m &= ~(~0ULL << (hi - base));
	return m;
}

/* --- 14.1 single-width integer reductions ----------------------------- */

#define RED_LOOP(T, EXPR) do {                                          \
	const T *s_ = (const T *)vreg(c, c->vs2);                            \
	T acc_ = *(const T *)vreg(c, c->vs1);                                \
	FOR_ACTIVE(c, i, 0, c->vl, { T x_ = s_[i]; acc_ = (EXPR); }); \
	*(T *)vreg(c, c->vd) = acc_;                                         \
} while (0)

#define RED_T(T, ST) do {                                                    \
	switch (c->funct6) {                                                 \
	case 0: RED_LOOP(T, (T)(acc_ + x_)); break;                       \
	case 1: RED_LOOP(T, acc_ & x_); break;                            \
	case 2: RED_LOOP(T, acc_ | x_); break;                            \
	case 3: RED_LOOP(T, acc_ ^ x_); break;                            \
	case 4: RED_LOOP(T, x_ < acc_ ? x_ : acc_); break;                \
	case 5: RED_LOOP(T, (ST)x_ < (ST)acc_ ? x_ : acc_); break;        \
	case 6: RED_LOOP(T, x_ > acc_ ? x_ : acc_); break;                \
	default: RED_LOOP(T, (ST)x_ > (ST)acc_ ? x_ : acc_); break;       \
	}                                                                    \
} while (0)

/* vred{sum,and,or,xor,minu,min,maxu,max}.vs: vd[0] = op(vs1[0], vs2[*]).
 * vstart != 0 is illegal (14); vl = 0 writes nothing. */
static enum vec_result vred(struct vctx *c)
{
	if (c->vstart || !grp_ok(c, c->vs2))
		return V_ILL;
	if (!c->vl)
		return VEC_OK;
	switch (c->sew) {
	case 8:  RED_T(vu8, int8_t); break;
	case 16: RED_T(vu16, int16_t); break;
	case 32: RED_T(vu32, int32_t); break;
	default: RED_T(vu64, int64_t); break;
	}
	return VEC_OK;
}

/* 14.2 vwredsumu / vwredsum: 2*SEW accumulator in vd[0], vs1[0]. */
#define WRED(T, W, ST, SW) do {                                              \
	const T *s_ = (const T *)vreg(c, c->vs2);                            \
	W acc_ = *(const W *)vreg(c, c->vs1);                                \
	if (sgn)                                                             \
		FOR_ACTIVE(c, i, 0, c->vl, acc_ += (W)(SW)(ST)s_[i]);        \
	else                                                                 \
		FOR_ACTIVE(c, i, 0, c->vl, acc_ += s_[i]);                   \
	*(W *)vreg(c, c->vd) = acc_;                                         \
} while (0)

static enum vec_result vwred(struct vctx *c)
{
	if (c->vstart || c->sew == 64 || !grp_ok(c, c->vs2))
		return V_ILL;
	if (!c->vl)
		return VEC_OK;
	bool sgn = c->funct6 & 1;
	switch (c->sew) {
	case 8:  WRED(vu8, vu16, int8_t, int16_t); break;
	case 16: WRED(vu16, vu32, int16_t, int32_t); break;
	default: WRED(vu32, vu64, int32_t, int64_t); break;
	}
	return VEC_OK;
}

/* --- 15.1 mask-register logical ---------------------------------------- */

/* vm{andn,and,or,xor,orn,nand,nor,xnor}.mm on bits [vstart, vl); vm = 0
 * is reserved. */
static enum vec_result vmlogic(struct vctx *c)
{
	if (!c->vm)
		return V_ILL;
	if (c->vstart >= c->vl)
		return VEC_OK;
	vu64 *d = (vu64 *)vreg(c, c->vd);
	const vu64 *a = (const vu64 *)vreg(c, c->vs2), *b = (const vu64 *)vreg(c, c->vs1);
	unsigned op = c->funct6 & 7;
	for (uint64_t w = c->vstart / 64; w <= (c->vl - 1) / 64; w++) {
		uint64_t x = a[w], y = b[w], r;
		switch (op) {
		case 0: r = x & ~y; break;     /* vmandn */
		case 1: r = x & y; break;      /* vmand */
		case 2: r = x | y; break;      /* vmor */
		case 3: r = x ^ y; break;      /* vmxor */
		case 4: r = x | ~y; break;     /* vmorn */
		case 5: r = ~(x & y); break;   /* vmnand */
		case 6: r = ~(x | y); break;   /* vmnor */
		default: r = ~(x ^ y); break;  /* vmxnor */
		}
		uint64_t m = range_bits(w, c->vstart, c->vl);
		d[w] = (d[w] & ~m) | (r & m);
	}
	return VEC_OK;
}

/* --- VWXUNARY0: vmv.x.s (16.1), vcpop.m (15.2), vfirst.m (15.3) -------- */

static enum vec_result vwxunary0(struct vctx *c)
{
	unsigned rd = c->vd;
	if (c->vs1 == 0) {   /* vmv.x.s: element 0, sign-extended; vm=0 reserved */
		if (!c->vm)
			return V_ILL;
		vec_set_xreg(c, rd, (uint64_t)vsext(vget(c, c->vs2, 0, c->sew / 8), c->sew));
		return VEC_OK;
	}
	if (c->vs1 != 0x10 && c->vs1 != 0x11)
		return V_ILL;
	if (c->vstart)   /* 15.2, 15.3 */
		return V_ILL;
	uint64_t cnt = 0, first = ~0ULL;
	for (uint64_t w = 0; c->vl && w <= (c->vl - 1) / 64; w++) {
		uint64_t x = mword(c, c->vs2, w) & range_bits(w, 0, c->vl);
		if (!c->vm)
			x &= mword(c, 0, w);
		if (c->vs1 == 0x10) {
			cnt += (uint64_t)__builtin_popcountll(x);
		} else if (x) {
			first = w * 64 + (uint64_t)__builtin_ctzll(x);
			break;
		}
	}
	vec_set_xreg(c, rd, c->vs1 == 0x10 ? cnt : first);
	return VEC_OK;
}

/* VRXUNARY0: vmv.s.x (16.1): vd[0] = x[rs1] unless vstart >= vl. */
static enum vec_result vrxunary0(struct vctx *c)
{
	if (c->vs2 || !c->vm)
		return V_ILL;
	if (c->vstart < c->vl)
		vset(c, c->vd, 0, c->sew / 8, vec_xreg(c, c->vs1));
	return VEC_OK;
}

/* --- VMUNARY0: vmsbf/vmsof/vmsif (15.4-15.6), viota (15.8), vid (15.9) -- */

static enum vec_result vmsxf(struct vctx *c)
{
	/* vstart != 0 illegal; vd may not be vs2, nor v0 when masked. */
	if (c->vstart || c->vd == c->vs2 || vd_overlaps_v0(c))
		return V_ILL;
	unsigned kind = c->vs1;   /* 1 sbf, 2 sof, 3 sif */
	bool found = false;
	vu64 *d = (vu64 *)vreg(c, c->vd);
	for (uint64_t w = 0; c->vl && w <= (c->vl - 1) / 64; w++) {
		uint64_t act = range_bits(w, 0, c->vl), r;
		if (!c->vm)
			act &= mword(c, 0, w);
		uint64_t s = mword(c, c->vs2, w) & act;
		if (found) {
			r = 0;
		} else if (!s) {
			r = kind == 2 ? 0 : act;
		} else {
			uint64_t b = s & -s;
			r = kind == 1 ? act & (b - 1) : kind == 3 ? act & (b | (b - 1)) : b;
			found = true;
		}
		d[w] = (d[w] & ~act) | r;
	}
	return VEC_OK;
}

#define IOTA(T) do {                                                         \
	T *d_ = (T *)vreg(c, c->vd);                                         \
	const uint8_t *s_ = vreg(c, c->vs2);                                 \
	uint64_t n_ = 0;                                                     \
	FOR_ACTIVE(c, i, 0, c->vl, d_[i] = (T)n_; n_ += (s_[i >> 3] >> (i & 7)) & 1); \
} while (0)

#define VID(T) do {                                                          \
	T *d_ = (T *)vreg(c, c->vd);                                         \
	FOR_ACTIVE(c, i, c->vstart, c->vl, d_[i] = (T)i);                    \
} while (0)

static enum vec_result vmunary0(struct vctx *c)
{
	switch (c->vs1) {
	case 1: case 2: case 3:
		return vmsxf(c);
	case 0x10:   /* viota.m: vd not over vs2 nor (masked) v0; vstart 0 */
		if (c->vstart || !grp_ok(c, c->vd) ||
		    vregs_overlap(c->vd, grp_n(c), c->vs2, 1) ||
		    (!c->vm && vregs_overlap(c->vd, grp_n(c), 0, 1)))
			return V_ILL;
		SEW_SWITCH(c, IOTA);
		return VEC_OK;
	case 0x11:   /* vid.v: vs2 must be v0 */
		if (c->vs2 || !grp_ok(c, c->vd) || vd_overlaps_v0(c))
			return V_ILL;
		SEW_SWITCH(c, VID);
		return VEC_OK;
	default:
		return V_ILL;
	}
}

/* --- 16.3 slides --------------------------------------------------------- */

/* OFFSET: x[rs1] (full XLEN, unsigned) or uimm5. */
static uint64_t slide_offset(const struct vctx *c)
{
	return c->funct3 == OPIVI ? vec_uimm5(c) : c->h->x[c->vs1];
}

/* Common checks: groups aligned, masked vd not v0, and for the up
 * slides vd not overlapping vs2 (16.3.1, 16.3.3). */
static bool slide_ok(const struct vctx *c, bool up)
{
	if (!grp_ok(c, c->vd) || !grp_ok(c, c->vs2) || vd_overlaps_v0(c))
		return false;
	return !up || !vregs_overlap(c->vd, grp_n(c), c->vs2, grp_n(c));
}

#define SLIDEUP(T) do {                                                      \
	T *d_ = (T *)vreg(c, c->vd);                                         \
	const T *s_ = (const T *)vreg(c, c->vs2);                            \
	FOR_ACTIVE(c, i, from, c->vl, d_[i] = s_[i - off]);                  \
} while (0)

static enum vec_result vslideup(struct vctx *c)
{
	if (!slide_ok(c, true))
		return V_ILL;
	uint64_t off = slide_offset(c);
	uint64_t from = c->vstart > off ? c->vstart : off;
	if (from >= c->vl)
		return VEC_OK;
	if (c->vm) {
		unsigned esz = c->sew / 8;
		memcpy(vreg(c, c->vd) + from * esz, vreg(c, c->vs2) + (from - off) * esz,
		       (c->vl - from) * esz);
		return VEC_OK;
	}
	SEW_SWITCH(c, SLIDEUP);
	return VEC_OK;
}

/* Ascending order: vd == vs2 is allowed for the down slides and reads
 * each source element before it is overwritten. */
#define SLIDEDOWN(T) do {                                                    \
	T *d_ = (T *)vreg(c, c->vd);                                         \
	const T *s_ = (const T *)vreg(c, c->vs2);                            \
	FOR_ACTIVE(c, i, c->vstart, c->vl, d_[i] = i < lim ? s_[i + off] : 0); \
} while (0)

static enum vec_result vslidedown(struct vctx *c)
{
	if (!slide_ok(c, false))
		return V_ILL;
	if (c->vstart >= c->vl)
		return VEC_OK;
	uint64_t off = slide_offset(c);
	/* Source index i + off reads 0 at or past VLMAX: i < lim reads vs2. */
	uint64_t lim = off >= c->vlmax ? 0 : c->vlmax - off;
	if (c->vm) {
		unsigned esz = c->sew / 8;
		uint8_t *d = vreg(c, c->vd);
		uint64_t mid = lim < c->vstart ? c->vstart : lim > c->vl ? c->vl : lim;
		if (mid > c->vstart)
			memmove(d + c->vstart * esz, vreg(c, c->vs2) + (c->vstart + off) * esz,
				(mid - c->vstart) * esz);
		memset(d + mid * esz, 0, (c->vl - mid) * esz);
		return VEC_OK;
	}
	SEW_SWITCH(c, SLIDEDOWN);
	return VEC_OK;
}

#define SLIDE1UP(T) do {                                                     \
	T *d_ = (T *)vreg(c, c->vd);                                         \
	const T *s_ = (const T *)vreg(c, c->vs2);                            \
	FOR_ACTIVE(c, i, c->vstart, c->vl, d_[i] = i ? s_[i - 1] : (T)x);    \
} while (0)

#define SLIDE1DOWN(T) do {                                                   \
	T *d_ = (T *)vreg(c, c->vd);                                         \
	const T *s_ = (const T *)vreg(c, c->vs2);                            \
	uint64_t last_ = c->vl - 1;                                          \
	FOR_ACTIVE(c, i, c->vstart, c->vl, d_[i] = i < last_ ? s_[i + 1] : (T)x); \
} while (0)

/* vslide1up.vx / vslide1down.vx (16.3.3, 16.3.5): x[rs1] truncated to SEW. */
static enum vec_result vslide1(struct vctx *c)
{
	bool up = !(c->funct6 & 1);
	if (!slide_ok(c, up))
		return V_ILL;
	if (c->vstart >= c->vl)
		return VEC_OK;
	uint64_t x = vec_xreg(c, c->vs1);
	if (up)
		SEW_SWITCH(c, SLIDE1UP);
	else
		SEW_SWITCH(c, SLIDE1DOWN);
	return VEC_OK;
}

/* --- 16.4 gathers ---------------------------------------------------------- */

#define GATHER_VV(T) do {                                                    \
	T *d_ = (T *)vreg(c, c->vd);                                         \
	const T *s_ = (const T *)vreg(c, c->vs2);                            \
	const T *x_ = (const T *)vreg(c, c->vs1);                            \
	FOR_ACTIVE(c, i, c->vstart, c->vl,                                   \
		   d_[i] = x_[i] < c->vlmax ? s_[x_[i]] : 0);                \
} while (0)

#define GATHER_EI16(T) do {                                                  \
	T *d_ = (T *)vreg(c, c->vd);                                         \
	const T *s_ = (const T *)vreg(c, c->vs2);                            \
	const vu16 *x_ = (const vu16 *)vreg(c, c->vs1);                      \
	FOR_ACTIVE(c, i, c->vstart, c->vl,                                   \
		   d_[i] = x_[i] < c->vlmax ? s_[x_[i]] : 0);                \
} while (0)

#define SPLAT(T) do {                                                        \
	T *d_ = (T *)vreg(c, c->vd);                                         \
	FOR_ACTIVE(c, i, c->vstart, c->vl, d_[i] = (T)val);                  \
} while (0)

/* vrgather.vv (OPIVV 0x0c) and vrgatherei16.vv (OPIVV 0x0e): vd may
 * overlap neither source. */
static enum vec_result vrgather_vv(struct vctx *c)
{
	bool ei16 = c->funct6 == 0x0e;
	int ilog = c->lmul_log2;
	if (ei16)   /* EMUL = 16 / SEW * LMUL */
		ilog += 4 - __builtin_ctz(c->sew);
	if (ilog < -3 || !vreg_ok(c->vs1, ilog) || !grp_ok(c, c->vd) || !grp_ok(c, c->vs2) ||
	    vd_overlaps_v0(c) ||
	    vregs_overlap(c->vd, grp_n(c), c->vs2, grp_n(c)) ||
	    vregs_overlap(c->vd, grp_n(c), c->vs1, vgroup_regs(ilog)))
		return V_ILL;
	if (ei16)
		SEW_SWITCH(c, GATHER_EI16);
	else
		SEW_SWITCH(c, GATHER_VV);
	return VEC_OK;
}

/* vrgather.vx / .vi: one element, index x[rs1] (full XLEN) or uimm5. */
static enum vec_result vrgather_vx(struct vctx *c)
{
	if (!grp_ok(c, c->vd) || !grp_ok(c, c->vs2) || vd_overlaps_v0(c) ||
	    vregs_overlap(c->vd, grp_n(c), c->vs2, grp_n(c)))
		return V_ILL;
	uint64_t idx = slide_offset(c);
	uint64_t val = idx < c->vlmax ? vget(c, c->vs2, idx, c->sew / 8) : 0;
	SEW_SWITCH(c, SPLAT);
	return VEC_OK;
}

/* --- 16.5 vcompress.vm ---------------------------------------------------- */

#define COMPRESS(T) do {                                                     \
	T *d_ = (T *)vreg(c, c->vd);                                         \
	const T *s_ = (const T *)vreg(c, c->vs2);                            \
	const uint8_t *m_ = vreg(c, c->vs1);                                 \
	uint64_t j_ = 0;                                                     \
	for (uint64_t i = 0; i < c->vl; i++)                                 \
		if ((m_[i >> 3] >> (i & 7)) & 1)                             \
			d_[j_++] = s_[i];                                    \
} while (0)

static enum vec_result vcompress(struct vctx *c)
{
	if (!c->vm || c->vstart || !grp_ok(c, c->vd) || !grp_ok(c, c->vs2) ||
	    vregs_overlap(c->vd, grp_n(c), c->vs2, grp_n(c)) ||
	    vregs_overlap(c->vd, grp_n(c), c->vs1, 1))
		return V_ILL;
	SEW_SWITCH(c, COMPRESS);
	return VEC_OK;
}

/* --- 16.6 vmv<nr>r.v ------------------------------------------------------- */

/* NREG = simm5 + 1 in {1, 2, 4, 8}, vd and vs2 aligned to it; EEW = SEW
 * (bytes when vtype is vill), evl = NREG * VLEN / EEW, copy from vstart. */
static enum vec_result vmvnr(struct vctx *c)
{
	unsigned nr = c->vs1 + 1;
	if (!c->vm || (nr != 1 && nr != 2 && nr != 4 && nr != 8) ||
	    (c->vd & (nr - 1)) || (c->vs2 & (nr - 1)))
		return V_ILL;
	uint64_t eb = c->sew ? c->sew / 8 : 1, bytes = (uint64_t)nr * c->vlenb;
	uint64_t start = c->vstart * eb;
	if (c->vd != c->vs2 && start < bytes)
		memcpy(vreg(c, c->vd) + start, vreg(c, c->vs2) + start, bytes - start);
	return VEC_OK;
}

const struct vec_opdesc vec_ops_mask[] = {
	/* 14.1, 14.2 */
	{ 0x00, VCAT(OPMVV), 0, vred },
	{ 0x01, VCAT(OPMVV), 0, vred },
	{ 0x02, VCAT(OPMVV), 0, vred },
	{ 0x03, VCAT(OPMVV), 0, vred },
	{ 0x04, VCAT(OPMVV), 0, vred },
	{ 0x05, VCAT(OPMVV), 0, vred },
	{ 0x06, VCAT(OPMVV), 0, vred },
	{ 0x07, VCAT(OPMVV), 0, vred },
	{ 0x30, VCAT(OPIVV), 0, vwred },
	{ 0x31, VCAT(OPIVV), 0, vwred },
	/* 15 */
	{ 0x18, VCAT(OPMVV), 0, vmlogic },
	{ 0x19, VCAT(OPMVV), 0, vmlogic },
	{ 0x1a, VCAT(OPMVV), 0, vmlogic },
	{ 0x1b, VCAT(OPMVV), 0, vmlogic },
	{ 0x1c, VCAT(OPMVV), 0, vmlogic },
	{ 0x1d, VCAT(OPMVV), 0, vmlogic },
	{ 0x1e, VCAT(OPMVV), 0, vmlogic },
	{ 0x1f, VCAT(OPMVV), 0, vmlogic },
	{ 0x10, VCAT(OPMVV), 0, vwxunary0 },
	{ 0x10, VCAT(OPMVX), 0, vrxunary0 },
	{ 0x14, VCAT(OPMVV), 0, vmunary0 },
	/* 16 */
	{ 0x0e, VCAT(OPIVX) | VCAT(OPIVI), 0, vslideup },
	{ 0x0f, VCAT(OPIVX) | VCAT(OPIVI), 0, vslidedown },
	{ 0x0e, VCAT(OPMVX), 0, vslide1 },
	{ 0x0f, VCAT(OPMVX), 0, vslide1 },
	{ 0x0c, VCAT(OPIVV), 0, vrgather_vv },
	{ 0x0e, VCAT(OPIVV), 0, vrgather_vv },
	{ 0x0c, VCAT(OPIVX) | VCAT(OPIVI), 0, vrgather_vx },
	{ 0x17, VCAT(OPMVV), 0, vcompress },
	{ 0x27, VCAT(OPIVI), VF_ANY_VTYPE, vmvnr },
	{ 0 },
};
