// SPDX-License-Identifier: MIT
/* Vector floating point (V 1.0 chapter 13, FP reductions 14.3, FP moves
 * and slides 16.2-16.3), on the hart's exact scalar FP (fpu.c).
 *
 * FP elements are binary32 (SEW=32) and binary64 (SEW=64); there is no
 * Zvfh, so SEW=16 arithmetic is reserved (13: an EEW without a supported
 * FP type), except Zvfhmin's vfwcvt.f.f.v and vfncvt.f.f.w.
 *
 * Every loop is specialized: the always-inline kernels below take the
 * element width and the operation as constants, so each instruction
 * compiles to its own per-SEW loops (masked and unmasked). */
#include <string.h>

#include "hw/riscv/fpu.h"
#include "hw/riscv/vector.h"

#define AI static inline __attribute__((always_inline))

/* --- elements ------------------------------------------------------------ */

AI uint64_t ld(unsigned w, const uint8_t *p, uint64_t i)
{
	switch (w) {
	case 16: { uint16_t t; memcpy(&t, p + i * 2, 2); return t; }
	case 32: { uint32_t t; memcpy(&t, p + i * 4, 4); return t; }
	default: { uint64_t t; memcpy(&t, p + i * 8, 8); return t; }
	}
}

AI void st(unsigned w, uint8_t *p, uint64_t i, uint64_t v)
{
	switch (w) {
	case 16: { uint16_t t = (uint16_t)v; memcpy(p + i * 2, &t, 2); break; }
	case 32: { uint32_t t = (uint32_t)v; memcpy(p + i * 4, &t, 4); break; }
	default: memcpy(p + i * 8, &v, 8); break;
	}
}

/* --- legality (V 1.0 5.2, 5.3, 13) ---------------------------------------- */

static bool sew_fp(const struct vctx *c)
{
	return c->sew == 32 || c->sew == 64;
}

/* Single-width: vd, vs2 (and vs1 for .vv) aligned to LMUL; a masked
 * instruction may not write v0. */
static bool single_ok(const struct vctx *c, bool vv)
{
	int l = c->lmul_log2;
	return sew_fp(c) && vreg_ok(c->vd, l) && vreg_ok(c->vs2, l) &&
	       (!vv || vreg_ok(c->vs1, l)) && !vd_overlaps_v0(c);
}

/* A wider destination group (2^dl registers) may overlap a narrower source
 * group (2^sl) only in its highest-numbered part, with source EMUL >= 1
 * (5.2). */
static bool widen_overlap_ok(unsigned d, int dl, unsigned s, int sl)
{
	unsigned nd = vgroup_regs(dl), ns = vgroup_regs(sl);
	if (!vregs_overlap(d, nd, s, ns))
		return true;
	return sl >= 0 && s == d + nd - ns;
}

/* Widening 2*SEW = SEW op SEW (or 2*SEW op SEW with wide_vs2, the .w forms);
 * vv: vs1 is a vector. */
static bool widen_ok(const struct vctx *c, bool vv, bool wide_vs2)
{
	int l = c->lmul_log2;
	if (c->sew != 32 || !vreg_ok(c->vd, l + 1) || vd_overlaps_v0(c))
		return false;
	if (wide_vs2 ? !vreg_ok(c->vs2, l + 1)
		     : !vreg_ok(c->vs2, l) || !widen_overlap_ok(c->vd, l + 1, c->vs2, l))
		return false;
	return !vv || (vreg_ok(c->vs1, l) && widen_overlap_ok(c->vd, l + 1, c->vs1, l));
}

/* Narrowing SEW = 2*SEW: vd may overlap vs2 only in its lowest part. */
static bool narrow_ok(const struct vctx *c)
{
	int l = c->lmul_log2;
	return vreg_ok(c->vd, l) && vreg_ok(c->vs2, l + 1) && !vd_overlaps_v0(c) &&
	       (c->vd == c->vs2 || !vregs_overlap(c->vd, vgroup_regs(l), c->vs2, vgroup_regs(l + 1)));
}

/* --- scalar kernels -------------------------------------------------------- */

enum bop { B_ADD, B_SUB, B_RSUB, B_MUL, B_DIV, B_RDIV, B_MIN, B_MAX, B_SGNJ, B_SGNJN, B_SGNJX };

/* a is vs2[i], b is vs1[i] or f[rs1] (13.2). */
AI uint64_t bop_w(unsigned w, enum bop op, uint64_t a, uint64_t b, unsigned rm, uint32_t *fl)
{
	uint64_t sb = w == 32 ? 1ull << 31 : 1ull << 63;
	if (w == 32) {
		uint32_t x = (uint32_t)a, y = (uint32_t)b;
		switch (op) {
		case B_ADD:  return fpu_add_s(x, y, rm, fl);
		case B_SUB:  return fpu_sub_s(x, y, rm, fl);
		case B_RSUB: return fpu_sub_s(y, x, rm, fl);
		case B_MUL:  return fpu_mul_s(x, y, rm, fl);
		case B_DIV:  return fpu_div_s(x, y, rm, fl);
		case B_RDIV: return fpu_div_s(y, x, rm, fl);
		case B_MIN:  return fpu_min_s(x, y, fl);
		case B_MAX:  return fpu_max_s(x, y, fl);
		default: break;
		}
	} else {
		switch (op) {
		case B_ADD:  return fpu_add_d(a, b, rm, fl);
		case B_SUB:  return fpu_sub_d(a, b, rm, fl);
		case B_RSUB: return fpu_sub_d(b, a, rm, fl);
		case B_MUL:  return fpu_mul_d(a, b, rm, fl);
		case B_DIV:  return fpu_div_d(a, b, rm, fl);
		case B_RDIV: return fpu_div_d(b, a, rm, fl);
		case B_MIN:  return fpu_min_d(a, b, fl);
		case B_MAX:  return fpu_max_d(a, b, fl);
		default: break;
		}
	}
	switch (op) { /* sign injection (13.12) */
	case B_SGNJ:  return (a & ~sb) | (b & sb);
	case B_SGNJN: return (a & ~sb) | (~b & sb);
	default:      return a ^ (b & sb);
	}
}

static bool bop_rounds(enum bop op)
{
	return op <= B_RDIV;
}

/* Fused multiply-add (13.6): the product is vs1 * vs2 for vf[n]macc and
 * vf[n]msac (addend vd), vs1 * vd for vf[n]madd and vf[n]msub (addend vs2). */
enum fma { M_MACC, M_NMACC, M_MSAC, M_NMSAC, M_MADD, M_NMADD, M_MSUB, M_NMSUB };

AI uint64_t fma_w(unsigned w, enum fma op, uint64_t x, uint64_t y, uint64_t z, unsigned rm,
		  uint32_t *fl)
{
	switch (op & 3) {
	case 0:  return w == 32 ? fpu_madd_s((uint32_t)x, (uint32_t)y, (uint32_t)z, rm, fl)
				: fpu_madd_d(x, y, z, rm, fl);
	case 1:  return w == 32 ? fpu_nmadd_s((uint32_t)x, (uint32_t)y, (uint32_t)z, rm, fl)
				: fpu_nmadd_d(x, y, z, rm, fl);
	case 2:  return w == 32 ? fpu_msub_s((uint32_t)x, (uint32_t)y, (uint32_t)z, rm, fl)
				: fpu_msub_d(x, y, z, rm, fl);
	default: return w == 32 ? fpu_nmsub_s((uint32_t)x, (uint32_t)y, (uint32_t)z, rm, fl)
				: fpu_nmsub_d(x, y, z, rm, fl);
	}
}

/* binary32 -> binary64, exact; normal values without a call. */
AI uint64_t widen_s(uint64_t a, uint32_t *fl)
{
	uint32_t x = (uint32_t)a, e = x >> 23 & 0xff;
	if (e != 0 && e != 0xff)
		return (uint64_t)(x >> 31) << 63 | (uint64_t)(e + 1023 - 127) << 52 |
		       (uint64_t)(x & 0x7fffff) << 29;
	return fpu_cvt_d_s(x, fl);
}

/* --- single-width arithmetic (13.2-13.6, 13.11, 13.12) --------------------- */

AI void bin_loop(struct vctx *c, unsigned w, enum bop op, bool vf, unsigned rm, uint32_t *fl)
{
	uint8_t *d = vreg(c, c->vd);
	const uint8_t *s2 = vreg(c, c->vs2), *s1 = vreg(c, c->vs1);
	uint64_t f = vf ? vec_freg(c, c->vs1) : 0;
	VLOOP(c, i, st(w, d, i, bop_w(w, op, ld(w, s2, i), vf ? f : ld(w, s1, i), rm, fl)));
}

AI enum vec_result fbin(struct vctx *c, enum bop op)
{
	bool vf = c->funct3 == OPFVF;
	int rm = vec_frm(c);
	if (!single_ok(c, !vf) || (bop_rounds(op) && rm < 0))
		return VEC_ILLEGAL;
	uint32_t fl = 0;
	if (c->sew == 32) {
		if (vf)
			bin_loop(c, 32, op, true, (unsigned)rm, &fl);
		else
			bin_loop(c, 32, op, false, (unsigned)rm, &fl);
	} else {
		if (vf)
			bin_loop(c, 64, op, true, (unsigned)rm, &fl);
		else
			bin_loop(c, 64, op, false, (unsigned)rm, &fl);
	}
	*vec_fflags(c) |= fl;
	return VEC_OK;
}

#define BIN(name, op) static enum vec_result name(struct vctx *c) { return fbin(c, op); }
BIN(v_fadd, B_ADD)
BIN(v_fsub, B_SUB)
BIN(v_frsub, B_RSUB)
BIN(v_fmul, B_MUL)
BIN(v_fdiv, B_DIV)
BIN(v_frdiv, B_RDIV)
BIN(v_fmin, B_MIN)
BIN(v_fmax, B_MAX)
BIN(v_fsgnj, B_SGNJ)
BIN(v_fsgnjn, B_SGNJN)
BIN(v_fsgnjx, B_SGNJX)

AI void fma_loop(struct vctx *c, unsigned w, enum fma op, bool vf, unsigned rm, uint32_t *fl)
{
	uint8_t *d = vreg(c, c->vd);
	const uint8_t *s2 = vreg(c, c->vs2), *s1 = vreg(c, c->vs1);
	uint64_t f = vf ? vec_freg(c, c->vs1) : 0;
	if (op < M_MADD)
		VLOOP(c, i, st(w, d, i, fma_w(w, op, vf ? f : ld(w, s1, i), ld(w, s2, i),
					      ld(w, d, i), rm, fl)));
	else
		VLOOP(c, i, st(w, d, i, fma_w(w, op, vf ? f : ld(w, s1, i), ld(w, d, i),
					      ld(w, s2, i), rm, fl)));
}

AI enum vec_result ffma(struct vctx *c, enum fma op)
{
	bool vf = c->funct3 == OPFVF;
	int rm = vec_frm(c);
	if (!single_ok(c, !vf) || rm < 0)
		return VEC_ILLEGAL;
	uint32_t fl = 0;
	if (c->sew == 32) {
		if (vf)
			fma_loop(c, 32, op, true, (unsigned)rm, &fl);
		else
			fma_loop(c, 32, op, false, (unsigned)rm, &fl);
	} else {
		if (vf)
			fma_loop(c, 64, op, true, (unsigned)rm, &fl);
		else
			fma_loop(c, 64, op, false, (unsigned)rm, &fl);
	}
	*vec_fflags(c) |= fl;
	return VEC_OK;
}

#define FMA(name, op) static enum vec_result name(struct vctx *c) { return ffma(c, op); }
FMA(v_fmacc, M_MACC)
FMA(v_fnmacc, M_NMACC)
FMA(v_fmsac, M_MSAC)
FMA(v_fnmsac, M_NMSAC)
FMA(v_fmadd, M_MADD)
FMA(v_fnmadd, M_NMADD)
FMA(v_fmsub, M_MSUB)
FMA(v_fnmsub, M_NMSUB)

/* --- widening arithmetic (13.3, 13.5, 13.7): SEW=32 -> 64 ------------------ */

enum wop { W_ADD, W_SUB, W_ADDW, W_SUBW, W_MUL, W_MACC, W_NMACC, W_MSAC, W_NMSAC };

AI void widen_loop(struct vctx *c, enum wop op, bool vf, unsigned rm, uint32_t *fl)
{
	uint8_t *d = vreg(c, c->vd);
	const uint8_t *s2 = vreg(c, c->vs2), *s1 = vreg(c, c->vs1);
	uint64_t f = vf ? vec_freg(c, c->vs1) : 0;
	bool w2 = op == W_ADDW || op == W_SUBW;
	VLOOP(c, i, {
		uint64_t b = widen_s(vf ? f : ld(32, s1, i), fl);
		uint64_t a = w2 ? ld(64, s2, i) : widen_s(ld(32, s2, i), fl), r;
		switch (op) {
		case W_ADD: case W_ADDW: r = fpu_add_d(a, b, rm, fl); break;
		case W_SUB: case W_SUBW: r = fpu_sub_d(a, b, rm, fl); break;
		case W_MUL:   r = fpu_mul_d(a, b, rm, fl); break;
		case W_MACC:  r = fpu_madd_d(b, a, ld(64, d, i), rm, fl); break;
		case W_NMACC: r = fpu_nmadd_d(b, a, ld(64, d, i), rm, fl); break;
		case W_MSAC:  r = fpu_msub_d(b, a, ld(64, d, i), rm, fl); break;
		default:      r = fpu_nmsub_d(b, a, ld(64, d, i), rm, fl); break;
		}
		st(64, d, i, r);
	});
}

AI enum vec_result fwiden(struct vctx *c, enum wop op)
{
	bool vf = c->funct3 == OPFVF;
	int rm = vec_frm(c);
	if (!widen_ok(c, !vf, op == W_ADDW || op == W_SUBW) || rm < 0)
		return VEC_ILLEGAL;
	uint32_t fl = 0;
	if (vf)
		widen_loop(c, op, true, (unsigned)rm, &fl);
	else
		widen_loop(c, op, false, (unsigned)rm, &fl);
	*vec_fflags(c) |= fl;
	return VEC_OK;
}

#define WID(name, op) static enum vec_result name(struct vctx *c) { return fwiden(c, op); }
WID(v_fwadd, W_ADD)
WID(v_fwsub, W_SUB)
WID(v_fwaddw, W_ADDW)
WID(v_fwsubw, W_SUBW)
WID(v_fwmul, W_MUL)
WID(v_fwmacc, W_MACC)
WID(v_fwnmacc, W_NMACC)
WID(v_fwmsac, W_MSAC)
WID(v_fwnmsac, W_NMSAC)

/* --- compares (13.13): mask results; tail bits untouched ------------------- */

enum cmp { C_EQ, C_LE, C_LT, C_NE, C_GT, C_GE };

AI bool cmp_w(unsigned w, enum cmp op, uint64_t a, uint64_t b, uint32_t *fl)
{
	if (w == 32) {
		uint32_t x = (uint32_t)a, y = (uint32_t)b;
		switch (op) {
		case C_EQ: return fpu_eq_s(x, y, fl);
		case C_NE: return !fpu_eq_s(x, y, fl);
		case C_LE: return fpu_le_s(x, y, fl);
		case C_LT: return fpu_lt_s(x, y, fl);
		case C_GT: return fpu_lt_s(y, x, fl);
		default:   return fpu_le_s(y, x, fl);
		}
	}
	switch (op) {
	case C_EQ: return fpu_eq_d(a, b, fl);
	case C_NE: return !fpu_eq_d(a, b, fl);
	case C_LE: return fpu_le_d(a, b, fl);
	case C_LT: return fpu_lt_d(a, b, fl);
	case C_GT: return fpu_lt_d(b, a, fl);
	default:   return fpu_le_d(b, a, fl);
	}
}

AI void cmp_loop(struct vctx *c, unsigned w, enum cmp op, bool vf, uint32_t *fl)
{
	const uint8_t *s2 = vreg(c, c->vs2), *s1 = vreg(c, c->vs1);
	uint64_t f = vf ? vec_freg(c, c->vs1) : 0;
	VLOOP(c, i, vmask_set(c, c->vd, i, cmp_w(w, op, ld(w, s2, i), vf ? f : ld(w, s1, i), fl)));
}

/* The one-register mask destination may overlap a source group only as its
 * lowest register (5.2). */
static bool mask_dst_ok(const struct vctx *c, unsigned vs)
{
	return c->vd == vs || !vregs_overlap(c->vd, 1, vs, vgroup_regs(c->lmul_log2));
}

AI enum vec_result fcmp(struct vctx *c, enum cmp op)
{
	bool vf = c->funct3 == OPFVF;
	int l = c->lmul_log2;
	if (!sew_fp(c) || !vreg_ok(c->vs2, l) || !mask_dst_ok(c, c->vs2) ||
	    (!vf && (!vreg_ok(c->vs1, l) || !mask_dst_ok(c, c->vs1))))
		return VEC_ILLEGAL;
	uint32_t fl = 0;
	if (c->sew == 32) {
		if (vf)
			cmp_loop(c, 32, op, true, &fl);
		else
			cmp_loop(c, 32, op, false, &fl);
	} else {
		if (vf)
			cmp_loop(c, 64, op, true, &fl);
		else
			cmp_loop(c, 64, op, false, &fl);
	}
	*vec_fflags(c) |= fl;
	return VEC_OK;
}

#define CMP(name, op) static enum vec_result name(struct vctx *c) { return fcmp(c, op); }
CMP(v_mfeq, C_EQ)
CMP(v_mfle, C_LE)
CMP(v_mflt, C_LT)
CMP(v_mfne, C_NE)
CMP(v_mfgt, C_GT)
CMP(v_mfge, C_GE)

/* --- VFUNARY1 (13.8-13.10, 13.14): vfsqrt, vfrsqrt7, vfrec7, vfclass ------- */

enum uop { U_SQRT, U_RSQRT7, U_REC7, U_CLASS };

AI void un_loop(struct vctx *c, unsigned w, enum uop op, unsigned rm, uint32_t *fl)
{
	uint8_t *d = vreg(c, c->vd);
	const uint8_t *s2 = vreg(c, c->vs2);
	VLOOP(c, i, {
		uint64_t a = ld(w, s2, i), r;
		switch (op) {
		case U_SQRT:   r = w == 32 ? fpu_sqrt_s((uint32_t)a, rm, fl) : fpu_sqrt_d(a, rm, fl); break;
		case U_RSQRT7: r = w == 32 ? fpu_rsqrt7_s((uint32_t)a, fl) : fpu_rsqrt7_d(a, fl); break;
		case U_REC7:   r = w == 32 ? fpu_rec7_s((uint32_t)a, rm, fl) : fpu_rec7_d(a, rm, fl); break;
		default:       r = w == 32 ? fpu_class_s((uint32_t)a) : fpu_class_d(a); break;
		}
		st(w, d, i, r);
	});
}

AI enum vec_result run_unary(struct vctx *c, enum uop op, unsigned rm)
{
	uint32_t fl = 0;
	if (c->sew == 32)
		un_loop(c, 32, op, rm, &fl);
	else
		un_loop(c, 64, op, rm, &fl);
	*vec_fflags(c) |= fl;
	return VEC_OK;
}

static enum vec_result v_funary1(struct vctx *c)
{
	int rm = vec_frm(c);
	if (!single_ok(c, false))
		return VEC_ILLEGAL;
	switch (c->vs1) {
	case 0:
		return rm < 0 ? VEC_ILLEGAL : run_unary(c, U_SQRT, (unsigned)rm);
	case 4:
		return run_unary(c, U_RSQRT7, 0);
	case 5:
		return rm < 0 ? VEC_ILLEGAL : run_unary(c, U_REC7, (unsigned)rm);
	case 16:
		return run_unary(c, U_CLASS, 0);
	default:
		return VEC_ILLEGAL;
	}
}

/* --- conversions (13.17-13.19), VFUNARY0 ---------------------------------- */

enum cvk { K_F2U, K_F2I, K_U2F, K_I2F, K_F2F, K_ROD };

/* A 16-bit integer from a binary32: the 32-bit conversion, saturated
 * further (an out-of-range result raises NV alone, like the scalar ones). */
AI uint64_t f32_to_i16(uint32_t a, bool sgn, unsigned rm, uint32_t *fl)
{
	uint32_t lf = 0;
	int64_t r = (int64_t)(sgn ? fpu_cvt_w_s(a, rm, &lf) : (uint64_t)(uint32_t)fpu_cvt_wu_s(a, rm, &lf));
	int64_t lo = sgn ? -32768 : 0, hi = sgn ? 32767 : 65535;
	if (lf & FPU_FLAG_NV) {
		bool nan = (a & 0x7fffffffu) > 0x7f800000u;
		r = nan || !(a >> 31) ? hi : lo;
	} else if (r > hi || r < lo) {
		r = r > hi ? hi : lo;
		lf = FPU_FLAG_NV;
	}
	*fl |= lf;
	return (uint64_t)r & 0xffff;
}

/* One element, win-bit source to wout-bit destination. */
AI uint64_t cvt1(unsigned win, unsigned wout, enum cvk k, uint64_t a, unsigned rm, uint32_t *fl)
{
	switch (k) {
	case K_F2U:
	case K_F2I: {
		bool s = k == K_F2I;
		if (win == 32 && wout == 16)
			return f32_to_i16((uint32_t)a, s, rm, fl);
		if (win == 32 && wout == 32)
			return (uint32_t)(s ? fpu_cvt_w_s((uint32_t)a, rm, fl) : fpu_cvt_wu_s((uint32_t)a, rm, fl));
		if (win == 32)
			return s ? fpu_cvt_l_s((uint32_t)a, rm, fl) : fpu_cvt_lu_s((uint32_t)a, rm, fl);
		if (wout == 32)
			return (uint32_t)(s ? fpu_cvt_w_d(a, rm, fl) : fpu_cvt_wu_d(a, rm, fl));
		return s ? fpu_cvt_l_d(a, rm, fl) : fpu_cvt_lu_d(a, rm, fl);
	}
	case K_U2F:
		if (wout == 32)
			return win == 64 ? fpu_cvt_s_lu(a, rm, fl) : fpu_cvt_s_wu(a, rm, fl);
		return win == 64 ? fpu_cvt_d_lu(a, rm, fl) : fpu_cvt_d_wu(a, rm, fl);
	case K_I2F:
		if (win == 16)
			a = (uint64_t)(int64_t)(int16_t)a;
		if (wout == 32)
			return win == 64 ? fpu_cvt_s_l(a, rm, fl) : fpu_cvt_s_w(a, rm, fl);
		return win == 64 ? fpu_cvt_d_l(a, rm, fl) : fpu_cvt_d_w(a, rm, fl);
	case K_F2F:
		if (win == 16)
			return fpu_cvt_s_h((uint16_t)a, fl);
		if (win == 32 && wout == 64)
			return widen_s(a, fl);
		if (win == 32)
			return fpu_cvt_h_s((uint32_t)a, rm, fl);
		return fpu_cvt_s_d(a, rm, fl);
	default:
		return fpu_cvt_s_d_rod(a, fl);
	}
}

AI void cvt_loop(struct vctx *c, unsigned win, unsigned wout, enum cvk k, unsigned rm, uint32_t *fl)
{
	uint8_t *d = vreg(c, c->vd);
	const uint8_t *s2 = vreg(c, c->vs2);
	VLOOP(c, i, st(wout, d, i, cvt1(win, wout, k, ld(win, s2, i), rm, fl)));
}

/* The loops by shape: same width (SEW 32, 64), widening (from SEW 16, 32),
 * narrowing (to SEW 16, 32); the caller has checked SEW. */
AI void cvt_single(struct vctx *c, enum cvk k, unsigned rm, uint32_t *fl)
{
	if (c->sew == 32)
		cvt_loop(c, 32, 32, k, rm, fl);
	else
		cvt_loop(c, 64, 64, k, rm, fl);
}

AI void cvt_widen(struct vctx *c, enum cvk k, unsigned rm, uint32_t *fl)
{
	if (c->sew == 16)
		cvt_loop(c, 16, 32, k, rm, fl);
	else
		cvt_loop(c, 32, 64, k, rm, fl);
}

AI void cvt_narrow(struct vctx *c, enum cvk k, unsigned rm, uint32_t *fl)
{
	if (c->sew == 16)
		cvt_loop(c, 32, 16, k, rm, fl);
	else
		cvt_loop(c, 64, 32, k, rm, fl);
}

static enum vec_result v_funary0(struct vctx *c)
{
	unsigned op = c->vs1, sew = c->sew;
	int frm = vec_frm(c);
	bool rtz = op == 6 || op == 7 || op == 14 || op == 15 || op == 22 || op == 23;
	/* exact conversions do not read frm */
	bool exact = op == 10 || op == 11 || op == 12 || op == 21;
	if (!rtz && !exact && frm < 0)
		return VEC_ILLEGAL;
	unsigned rm = rtz ? FPU_RM_RTZ : frm < 0 ? 0 : (unsigned)frm;
	static const uint8_t kinds[8] = { K_F2U, K_F2I, K_U2F, K_I2F, K_F2F, K_ROD, K_F2U, K_F2I };
	enum cvk k = (enum cvk)kinds[op & 7];
	uint32_t fl = 0;

	if (op < 8) { /* vfcvt.*: 0-3, 6, 7 */
		if ((op & 7) == 4 || (op & 7) == 5 || !single_ok(c, false))
			return VEC_ILLEGAL;
		switch (k) {
		case K_F2U: cvt_single(c, K_F2U, rm, &fl); break;
		case K_F2I: cvt_single(c, K_F2I, rm, &fl); break;
		case K_U2F: cvt_single(c, K_U2F, rm, &fl); break;
		default:    cvt_single(c, K_I2F, rm, &fl); break;
		}
	} else if (op < 16) { /* vfwcvt.*: 8-12, 14, 15 */
		/* float -> int: from binary32 only; int -> float and f.f: from
		 * SEW 16 (to binary32, Zvfhmin for f.f) or 32 */
		bool from_fp = k == K_F2U || k == K_F2I;
		if (op == 13 || !(sew == 32 || (sew == 16 && !from_fp)))
			return VEC_ILLEGAL;
		int l = c->lmul_log2;
		if (!vreg_ok(c->vd, l + 1) || !vreg_ok(c->vs2, l) || vd_overlaps_v0(c) ||
		    !widen_overlap_ok(c->vd, l + 1, c->vs2, l))
			return VEC_ILLEGAL;
		switch (k) {
		case K_F2U: cvt_loop(c, 32, 64, K_F2U, rm, &fl); break;
		case K_F2I: cvt_loop(c, 32, 64, K_F2I, rm, &fl); break;
		case K_U2F: cvt_widen(c, K_U2F, rm, &fl); break;
		case K_I2F: cvt_widen(c, K_I2F, rm, &fl); break;
		default:    cvt_widen(c, K_F2F, rm, &fl); break;
		}
	} else if (op < 24) { /* vfncvt.*: 16-23 */
		/* to int: from binary32 (SEW 16) or binary64; to float: binary32
		 * only, except f.f from binary32 to binary16 (Zvfhmin) */
		bool to_fp = k == K_U2F || k == K_I2F || k == K_ROD;
		if (!(sew == 32 || (sew == 16 && !to_fp)) || !narrow_ok(c))
			return VEC_ILLEGAL;
		switch (k) {
		case K_F2U: cvt_narrow(c, K_F2U, rm, &fl); break;
		case K_F2I: cvt_narrow(c, K_F2I, rm, &fl); break;
		case K_U2F: cvt_loop(c, 64, 32, K_U2F, rm, &fl); break;
		case K_I2F: cvt_loop(c, 64, 32, K_I2F, rm, &fl); break;
		case K_F2F: cvt_narrow(c, K_F2F, rm, &fl); break;
		default:    cvt_loop(c, 64, 32, K_ROD, rm, &fl); break;
		}
	} else {
		return VEC_ILLEGAL;
	}
	*vec_fflags(c) |= fl;
	return VEC_OK;
}

/* --- reductions (14.3): vstart must be 0; vl = 0 writes nothing ------------- */

enum rop { R_SUM, R_MIN, R_MAX, R_WSUM };

AI void red_loop(struct vctx *c, unsigned w, enum rop op, unsigned rm, uint32_t *fl)
{
	const uint8_t *s2 = vreg(c, c->vs2);
	unsigned wa = op == R_WSUM ? 64 : w;
	uint64_t acc = ld(wa, vreg(c, c->vs1), 0);
	/* element order: the ordered sum, also a valid unordered one */
	VLOOP(c, i, {
		uint64_t a = ld(w, s2, i);
		switch (op) {
		case R_SUM: acc = w == 32 ? fpu_add_s((uint32_t)acc, (uint32_t)a, rm, fl)
					  : fpu_add_d(acc, a, rm, fl); break;
		case R_MIN: acc = w == 32 ? fpu_min_s((uint32_t)acc, (uint32_t)a, fl)
					  : fpu_min_d(acc, a, fl); break;
		case R_MAX: acc = w == 32 ? fpu_max_s((uint32_t)acc, (uint32_t)a, fl)
					  : fpu_max_d(acc, a, fl); break;
		default:    acc = fpu_add_d(acc, widen_s(a, fl), rm, fl); break;
		}
	});
	st(wa, vreg(c, c->vd), 0, acc);
}

AI enum vec_result fred(struct vctx *c, enum rop op)
{
	int rm = vec_frm(c);
	bool ok = op == R_WSUM ? c->sew == 32 : sew_fp(c);
	if (!ok || !vreg_ok(c->vs2, c->lmul_log2) || c->vstart != 0 ||
	    ((op == R_SUM || op == R_WSUM) && rm < 0))
		return VEC_ILLEGAL;
	if (c->vl == 0)
		return VEC_OK;
	unsigned r = rm < 0 ? 0 : (unsigned)rm;
	uint32_t fl = 0;
	if (c->sew == 32) {
		switch (op) {
		case R_SUM:  red_loop(c, 32, R_SUM, r, &fl); break;
		case R_MIN:  red_loop(c, 32, R_MIN, r, &fl); break;
		case R_MAX:  red_loop(c, 32, R_MAX, r, &fl); break;
		default:     red_loop(c, 32, R_WSUM, r, &fl); break;
		}
	} else {
		switch (op) {
		case R_SUM:  red_loop(c, 64, R_SUM, r, &fl); break;
		case R_MIN:  red_loop(c, 64, R_MIN, r, &fl); break;
		default:     red_loop(c, 64, R_MAX, r, &fl); break;
		}
	}
	*vec_fflags(c) |= fl;
	return VEC_OK;
}

static enum vec_result v_fredsum(struct vctx *c) { return fred(c, R_SUM); }
static enum vec_result v_fredmin(struct vctx *c) { return fred(c, R_MIN); }
static enum vec_result v_fredmax(struct vctx *c) { return fred(c, R_MAX); }
static enum vec_result v_fwredsum(struct vctx *c) { return fred(c, R_WSUM); }

/* --- moves and slides (13.15, 13.16, 16.2, 16.3) --------------------------- */

/* 0x10: vfmv.f.s (OPFVV, vs1 = 0) and vfmv.s.f (OPFVF, vs2 = 0); vm = 0 is
 * reserved. */
static enum vec_result v_fmv_scalar(struct vctx *c)
{
	if (!sew_fp(c) || !c->vm)
		return VEC_ILLEGAL;
	unsigned w = c->sew;
	if (c->funct3 == OPFVV) {
		if (c->vs1 != 0)
			return VEC_ILLEGAL;
		/* runs even when vstart >= vl (16.2) */
		vec_set_freg(c, c->vd, ld(w, vreg(c, c->vs2), 0));
		return VEC_OK;
	}
	if (c->vs2 != 0)
		return VEC_ILLEGAL;
	if (c->vstart < c->vl)
		st(w, vreg(c, c->vd), 0, vec_freg(c, c->vs1));
	return VEC_OK;
}

/* 0x17: vfmerge.vfm (vm = 0) and vfmv.v.f (vm = 1, vs2 = 0). */
AI void merge_loop(struct vctx *c, unsigned w)
{
	uint8_t *d = vreg(c, c->vd);
	const uint8_t *s2 = vreg(c, c->vs2);
	uint64_t f = vec_freg(c, c->vs1);
	if (c->vm) {
		for (uint64_t i = c->vstart; i < c->vl; i++)
			st(w, d, i, f);
	} else {
		for (uint64_t i = c->vstart; i < c->vl; i++)
			st(w, d, i, vmask_bit(c, 0, i) ? f : ld(w, s2, i));
	}
}

static enum vec_result v_fmerge(struct vctx *c)
{
	if (!single_ok(c, false) || (c->vm && c->vs2 != 0))
		return VEC_ILLEGAL;
	if (c->sew == 32)
		merge_loop(c, 32);
	else
		merge_loop(c, 64);
	return VEC_OK;
}

/* vfslide1up.vf: vd may not overlap vs2 (16.3.1). */
AI void slide1up_loop(struct vctx *c, unsigned w)
{
	uint8_t *d = vreg(c, c->vd);
	const uint8_t *s2 = vreg(c, c->vs2);
	uint64_t f = vec_freg(c, c->vs1);
	VLOOP(c, i, st(w, d, i, i == 0 ? f : ld(w, s2, i - 1)));
}

static enum vec_result v_fslide1up(struct vctx *c)
{
	unsigned n = vgroup_regs(c->lmul_log2);
	if (!single_ok(c, false) || vregs_overlap(c->vd, n, c->vs2, n))
		return VEC_ILLEGAL;
	if (c->sew == 32)
		slide1up_loop(c, 32);
	else
		slide1up_loop(c, 64);
	return VEC_OK;
}

/* vfslide1down.vf: element i reads i + 1 >= i, so vd == vs2 is safe. */
AI void slide1down_loop(struct vctx *c, unsigned w)
{
	uint8_t *d = vreg(c, c->vd);
	const uint8_t *s2 = vreg(c, c->vs2);
	uint64_t f = vec_freg(c, c->vs1), last = c->vl - 1;
	VLOOP(c, i, st(w, d, i, i == last ? f : ld(w, s2, i + 1)));
}

static enum vec_result v_fslide1down(struct vctx *c)
{
	if (!single_ok(c, false))
		return VEC_ILLEGAL;
	if (c->sew == 32)
		slide1down_loop(c, 32);
	else
		slide1down_loop(c, 64);
	return VEC_OK;
}

/* --- the table (V 1.0 10.1, the OPFVV/OPFVF columns of the opcode map) ---- */

#define VV VCAT(OPFVV)
#define VF VCAT(OPFVF)
const struct vec_opdesc vec_ops_fp[] = {
	{ 0x00, VV | VF, VF_FP, v_fadd },
	{ 0x01, VV,      VF_FP, v_fredsum },   /* vfredusum */
	{ 0x02, VV | VF, VF_FP, v_fsub },
	{ 0x03, VV,      VF_FP, v_fredsum },   /* vfredosum */
	{ 0x04, VV | VF, VF_FP, v_fmin },
	{ 0x05, VV,      VF_FP, v_fredmin },
	{ 0x06, VV | VF, VF_FP, v_fmax },
	{ 0x07, VV,      VF_FP, v_fredmax },
	{ 0x08, VV | VF, VF_FP, v_fsgnj },
	{ 0x09, VV | VF, VF_FP, v_fsgnjn },
	{ 0x0a, VV | VF, VF_FP, v_fsgnjx },
	{ 0x0e, VF,      VF_FP, v_fslide1up },
	{ 0x0f, VF,      VF_FP, v_fslide1down },
	{ 0x10, VV | VF, VF_FP, v_fmv_scalar }, /* VWFUNARY0 / VRFUNARY0 */
	{ 0x12, VV,      VF_FP, v_funary0 },
	{ 0x13, VV,      VF_FP, v_funary1 },
	{ 0x17, VF,      VF_FP, v_fmerge },
	{ 0x18, VV | VF, VF_FP, v_mfeq },
	{ 0x19, VV | VF, VF_FP, v_mfle },
	{ 0x1b, VV | VF, VF_FP, v_mflt },
	{ 0x1c, VV | VF, VF_FP, v_mfne },
	{ 0x1d, VF,      VF_FP, v_mfgt },
	{ 0x1f, VF,      VF_FP, v_mfge },
	{ 0x20, VV | VF, VF_FP, v_fdiv },
	{ 0x21, VF,      VF_FP, v_frdiv },
	{ 0x24, VV | VF, VF_FP, v_fmul },
	{ 0x27, VF,      VF_FP, v_frsub },
	{ 0x28, VV | VF, VF_FP, v_fmadd },
	{ 0x29, VV | VF, VF_FP, v_fnmadd },
	{ 0x2a, VV | VF, VF_FP, v_fmsub },
	{ 0x2b, VV | VF, VF_FP, v_fnmsub },
	{ 0x2c, VV | VF, VF_FP, v_fmacc },
	{ 0x2d, VV | VF, VF_FP, v_fnmacc },
	{ 0x2e, VV | VF, VF_FP, v_fmsac },
	{ 0x2f, VV | VF, VF_FP, v_fnmsac },
	{ 0x30, VV | VF, VF_FP, v_fwadd },
	{ 0x31, VV,      VF_FP, v_fwredsum },  /* vfwredusum */
	{ 0x32, VV | VF, VF_FP, v_fwsub },
	{ 0x33, VV,      VF_FP, v_fwredsum },  /* vfwredosum */
	{ 0x34, VV | VF, VF_FP, v_fwaddw },
	{ 0x36, VV | VF, VF_FP, v_fwsubw },
	{ 0x38, VV | VF, VF_FP, v_fwmul },
	{ 0x3c, VV | VF, VF_FP, v_fwmacc },
	{ 0x3d, VV | VF, VF_FP, v_fwnmacc },
	{ 0x3e, VV | VF, VF_FP, v_fwmsac },
	{ 0x3f, VV | VF, VF_FP, v_fwnmsac },
	{ 0 },
};
