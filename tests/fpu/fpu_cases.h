// SPDX-License-Identifier: MIT
/* The differential FPU test's shared half: the operation table and the
 * deterministic input generator.  Compiled twice: into the riscv64 program
 * (fpu_rv.c, where the fpu_* functions execute the real instructions) and
 * into the host program (fpu_host.c, linking hw/riscv/fpu.c).  Everything
 * here is integer-only so that both builds generate the same inputs. */
#ifndef TESTS_FPU_CASES_H
#define TESTS_FPU_CASES_H

#include <stdint.h>

#include "hw/riscv/fpu.h"

/* Cases per (operation, rounding mode) after the exhaustive special-value
 * combinations; override with -DFPU_NRANDOM=... */
#ifndef FPU_NRANDOM
#define FPU_NRANDOM 100000
#endif

enum kind {
	K_BIN_D, K_BIN_S,     /* (a, b, rm) -> fp */
	K_UN_D, K_UN_S,       /* (a, rm) -> fp */
	K_FMA_D, K_FMA_S,     /* (a, b, c, rm) -> fp */
	K_MM_D, K_MM_S,       /* (a, b) -> fp, no rm */
	K_CMP_D, K_CMP_S,     /* (a, b) -> int, no rm */
	K_CLASS_D, K_CLASS_S, /* (a) -> int, no flags */
	K_F2I_D, K_F2I_S,     /* (a, rm) -> int */
	K_I2F_D, K_I2F_S,     /* (x, rm) -> fp */
	K_D2S, K_S2D,
};

union fpu_fn {
	uint64_t (*bin_d)(uint64_t, uint64_t, unsigned, uint32_t *);
	uint32_t (*bin_s)(uint32_t, uint32_t, unsigned, uint32_t *);
	uint64_t (*un_d)(uint64_t, unsigned, uint32_t *);
	uint32_t (*un_s)(uint32_t, unsigned, uint32_t *);
	uint64_t (*fma_d)(uint64_t, uint64_t, uint64_t, unsigned, uint32_t *);
	uint32_t (*fma_s)(uint32_t, uint32_t, uint32_t, unsigned, uint32_t *);
	uint64_t (*mm_d)(uint64_t, uint64_t, uint32_t *);
	uint32_t (*mm_s)(uint32_t, uint32_t, uint32_t *);
	uint64_t (*cmp_d)(uint64_t, uint64_t, uint32_t *);
	uint64_t (*cmp_s)(uint32_t, uint32_t, uint32_t *);
	uint64_t (*class_d)(uint64_t);
	uint64_t (*class_s)(uint32_t);
	uint64_t (*f2i_d)(uint64_t, unsigned, uint32_t *);
	uint64_t (*f2i_s)(uint32_t, unsigned, uint32_t *);
	uint64_t (*i2f_d)(uint64_t, unsigned, uint32_t *);
	uint32_t (*i2f_s)(uint64_t, unsigned, uint32_t *);
	uint32_t (*d2s)(uint64_t, unsigned, uint32_t *);
	uint64_t (*s2d)(uint32_t, uint32_t *);
};

struct fpu_op {
	const char *name;
	enum kind kind;
	int w32; /* integer operand/result of 32 bits (W, WU forms) */
	union fpu_fn fn;
};

#define OP(n, k, w, field, f) { n, k, w, { .field = f } }
static const struct fpu_op fpu_ops[] = {
	OP("fadd.d", K_BIN_D, 0, bin_d, fpu_add_d),
	OP("fsub.d", K_BIN_D, 0, bin_d, fpu_sub_d),
	OP("fmul.d", K_BIN_D, 0, bin_d, fpu_mul_d),
	OP("fdiv.d", K_BIN_D, 0, bin_d, fpu_div_d),
	OP("fsqrt.d", K_UN_D, 0, un_d, fpu_sqrt_d),
	OP("fmin.d", K_MM_D, 0, mm_d, fpu_min_d),
	OP("fmax.d", K_MM_D, 0, mm_d, fpu_max_d),
	OP("fmadd.d", K_FMA_D, 0, fma_d, fpu_madd_d),
	OP("fmsub.d", K_FMA_D, 0, fma_d, fpu_msub_d),
	OP("fnmsub.d", K_FMA_D, 0, fma_d, fpu_nmsub_d),
	OP("fnmadd.d", K_FMA_D, 0, fma_d, fpu_nmadd_d),
	OP("feq.d", K_CMP_D, 0, cmp_d, fpu_eq_d),
	OP("flt.d", K_CMP_D, 0, cmp_d, fpu_lt_d),
	OP("fle.d", K_CMP_D, 0, cmp_d, fpu_le_d),
	OP("fclass.d", K_CLASS_D, 0, class_d, fpu_class_d),
	OP("fcvt.w.d", K_F2I_D, 1, f2i_d, fpu_cvt_w_d),
	OP("fcvt.wu.d", K_F2I_D, 1, f2i_d, fpu_cvt_wu_d),
	OP("fcvt.l.d", K_F2I_D, 0, f2i_d, fpu_cvt_l_d),
	OP("fcvt.lu.d", K_F2I_D, 0, f2i_d, fpu_cvt_lu_d),
	OP("fcvt.d.w", K_I2F_D, 1, i2f_d, fpu_cvt_d_w),
	OP("fcvt.d.wu", K_I2F_D, 1, i2f_d, fpu_cvt_d_wu),
	OP("fcvt.d.l", K_I2F_D, 0, i2f_d, fpu_cvt_d_l),
	OP("fcvt.d.lu", K_I2F_D, 0, i2f_d, fpu_cvt_d_lu),
	OP("fcvt.s.d", K_D2S, 0, d2s, fpu_cvt_s_d),
	OP("fcvt.d.s", K_S2D, 0, s2d, fpu_cvt_d_s),
	OP("fadd.s", K_BIN_S, 0, bin_s, fpu_add_s),
	OP("fsub.s", K_BIN_S, 0, bin_s, fpu_sub_s),
	OP("fmul.s", K_BIN_S, 0, bin_s, fpu_mul_s),
	OP("fdiv.s", K_BIN_S, 0, bin_s, fpu_div_s),
	OP("fsqrt.s", K_UN_S, 0, un_s, fpu_sqrt_s),
	OP("fmin.s", K_MM_S, 0, mm_s, fpu_min_s),
	OP("fmax.s", K_MM_S, 0, mm_s, fpu_max_s),
	OP("fmadd.s", K_FMA_S, 0, fma_s, fpu_madd_s),
	OP("fmsub.s", K_FMA_S, 0, fma_s, fpu_msub_s),
	OP("fnmsub.s", K_FMA_S, 0, fma_s, fpu_nmsub_s),
	OP("fnmadd.s", K_FMA_S, 0, fma_s, fpu_nmadd_s),
	OP("feq.s", K_CMP_S, 0, cmp_s, fpu_eq_s),
	OP("flt.s", K_CMP_S, 0, cmp_s, fpu_lt_s),
	OP("fle.s", K_CMP_S, 0, cmp_s, fpu_le_s),
	OP("fclass.s", K_CLASS_S, 0, class_s, fpu_class_s),
	OP("fcvt.w.s", K_F2I_S, 1, f2i_s, fpu_cvt_w_s),
	OP("fcvt.wu.s", K_F2I_S, 1, f2i_s, fpu_cvt_wu_s),
	OP("fcvt.l.s", K_F2I_S, 0, f2i_s, fpu_cvt_l_s),
	OP("fcvt.lu.s", K_F2I_S, 0, f2i_s, fpu_cvt_lu_s),
	OP("fcvt.s.w", K_I2F_S, 1, i2f_s, fpu_cvt_s_w),
	OP("fcvt.s.wu", K_I2F_S, 1, i2f_s, fpu_cvt_s_wu),
	OP("fcvt.s.l", K_I2F_S, 0, i2f_s, fpu_cvt_s_l),
	OP("fcvt.s.lu", K_I2F_S, 0, i2f_s, fpu_cvt_s_lu),
};
#undef OP
#define FPU_NOPS (sizeof(fpu_ops) / sizeof(fpu_ops[0]))

/* Operand formats and counts of each kind. */
enum ofmt { O_D, O_S, O_I };

static inline enum ofmt kind_fmt(enum kind k)
{
	switch (k) {
	case K_BIN_S: case K_UN_S: case K_FMA_S: case K_MM_S: case K_CMP_S:
	case K_CLASS_S: case K_F2I_S: case K_S2D:
		return O_S;
	case K_I2F_D: case K_I2F_S:
		return O_I;
	default:
		return O_D;
	}
}

static inline int kind_arity(enum kind k)
{
	switch (k) {
	case K_BIN_D: case K_BIN_S: case K_MM_D: case K_MM_S: case K_CMP_D: case K_CMP_S:
		return 2;
	case K_FMA_D: case K_FMA_S:
		return 3;
	default:
		return 1;
	}
}

/* Rounding modes an operation is run in: its result cannot depend on rm
 * when it has none (min/max, compares, class, fcvt.d.s). */
static inline unsigned kind_modes(enum kind k)
{
	switch (k) {
	case K_MM_D: case K_MM_S: case K_CMP_D: case K_CMP_S: case K_CLASS_D: case K_CLASS_S:
	case K_S2D:
		return 1;
	default:
		return 5;
	}
}

static inline uint64_t fpu_run(const struct fpu_op *op, const uint64_t *in, unsigned rm,
			       uint32_t *fl)
{
	switch (op->kind) {
	case K_BIN_D: return op->fn.bin_d(in[0], in[1], rm, fl);
	case K_BIN_S: return op->fn.bin_s((uint32_t)in[0], (uint32_t)in[1], rm, fl);
	case K_UN_D: return op->fn.un_d(in[0], rm, fl);
	case K_UN_S: return op->fn.un_s((uint32_t)in[0], rm, fl);
	case K_FMA_D: return op->fn.fma_d(in[0], in[1], in[2], rm, fl);
	case K_FMA_S: return op->fn.fma_s((uint32_t)in[0], (uint32_t)in[1], (uint32_t)in[2], rm, fl);
	case K_MM_D: return op->fn.mm_d(in[0], in[1], fl);
	case K_MM_S: return op->fn.mm_s((uint32_t)in[0], (uint32_t)in[1], fl);
	case K_CMP_D: return op->fn.cmp_d(in[0], in[1], fl);
	case K_CMP_S: return op->fn.cmp_s((uint32_t)in[0], (uint32_t)in[1], fl);
	case K_CLASS_D: return op->fn.class_d(in[0]);
	case K_CLASS_S: return op->fn.class_s((uint32_t)in[0]);
	case K_F2I_D: return op->fn.f2i_d(in[0], rm, fl);
	case K_F2I_S: return op->fn.f2i_s((uint32_t)in[0], rm, fl);
	case K_I2F_D: return op->fn.i2f_d(in[0], rm, fl);
	case K_I2F_S: return op->fn.i2f_s(in[0], rm, fl);
	case K_D2S: return op->fn.d2s(in[0], rm, fl);
	case K_S2D: return op->fn.s2d((uint32_t)in[0], fl);
	}
	return 0;
}

/* ---- inputs ----------------------------------------------------------- */

static const uint64_t special_d[] = {
	0x0000000000000000, 0x8000000000000000, 0x7ff0000000000000, 0xfff0000000000000,
	0x7ff8000000000000, 0x7ff8000000012345, 0xfff8000000000001, /* qNaN */
	0x7ff0000000000001, 0x7ff4000000000000, 0xfff0000000000003, /* sNaN */
	0x0000000000000001, 0x8000000000000001, 0x0000000000000002, 0x000fffffffffffff,
	0x800fffffffffffff, 0x0008000000000000, 0x0010000000000000, 0x8010000000000000,
	0x0010000000000001, 0x7fefffffffffffff, 0xffefffffffffffff, 0x7fe0000000000000,
	0x3ff0000000000000, 0xbff0000000000000, 0x3fe0000000000000, 0xbfe0000000000000,
	0x3ff8000000000000, 0x4004000000000000, 0xc004000000000000, 0x4008000000000000,
	0x3fe8000000000000, 0x3fd5555555555555, 0x3ff0000000000001, 0x4340000000000000,
	0x41e0000000000000, 0x41dfffffffc00000, 0x41dfffffffe00000, 0xc1e0000000000000,
	0xc1e0000000200000, 0xc1e0000000100000, 0x41f0000000000000, 0x41efffffffe00000,
	0x41effffffff00000, 0x43e0000000000000, 0x43dfffffffffffff, 0xc3e0000000000000,
	0xc3e0000000000001, 0x43f0000000000000, 0x43efffffffffffff, 0x3ca0000000000000,
	0x3fefffffffffffff,
};

static const uint32_t special_s[] = {
	0x00000000, 0x80000000, 0x7f800000, 0xff800000,
	0x7fc00000, 0x7fc12345, 0xffc00001, /* qNaN */
	0x7f800001, 0x7fa00000, 0xff800003, /* sNaN */
	0x00000001, 0x80000001, 0x00000002, 0x007fffff, 0x807fffff, 0x00400000,
	0x00800000, 0x80800000, 0x00800001, 0x7f7fffff, 0xff7fffff, 0x7f000000,
	0x3f800000, 0xbf800000, 0x3f000000, 0xbf000000, 0x3fc00000, 0x40200000,
	0xc0200000, 0x40400000, 0x3f400000, 0x3eaaaaab, 0x3f800001, 0x4b800000,
	0x4f000000, 0x4effffff, 0xcf000000, 0xcf000001, 0x4f800000, 0x4f7fffff,
	0x5f000000, 0x5effffff, 0xdf000000, 0xdf000001, 0x5f800000, 0x5f7fffff,
	0x33800000, 0x3f7fffff,
};

static const uint64_t special_i[] = {
	0, 1, 2, 3, ~0ull, ~1ull, 0x7fffffff, 0x80000000, 0xffffffff, 0x100000000ull,
	0xffffffff80000000ull, 0xffffffff7fffffffull, 0x7fffffffffffffffull, 0x8000000000000000ull,
	0x8000000000000001ull, 0x20000000000001ull, 0x20000000000003ull, 0x1fffffffffffffull,
	0x40000000000002ull, 0x1000001, 0x1000003, 0xffffff, 0x7fffffc0, 0x7fffff80, 0xffffff80,
	0xfffffffffffffc00ull, 0xfffffffffffff800ull, 0xfffffffffffffbffull, 0x7ffffffffffffe00ull,
	0xfffffffffffffe00ull, 0x8000000000000400ull, 0x8000000000000200ull, 0xfffffffffefffffeull,
};

#define NSPEC_D (sizeof(special_d) / sizeof(special_d[0]))
#define NSPEC_S (sizeof(special_s) / sizeof(special_s[0]))
#define NSPEC_I (sizeof(special_i) / sizeof(special_i[0]))
/* FMA enumerates triples of this many leading specials */
#define NSPEC3 16

static inline uint64_t rnd(uint64_t *s)
{
	/* splitmix64 */
	uint64_t z = (*s += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/* A mantissa of mb bits with a structure that rounding cares about. */
static inline uint64_t gen_mant(uint64_t *s, int mb)
{
	uint64_t mask = (1ull << mb) - 1, r = rnd(s);
	int k = (int)(rnd(s) % (uint64_t)(mb + 1));
	switch (r % 13) {
	case 0: return rnd(s) & mask;
	case 1: return rnd(s) & rnd(s) & mask;
	case 2: return (rnd(s) | rnd(s)) & mask;
	case 3: return 0;
	case 4: return mask;
	case 5: return (1ull << k) & mask;
	case 6: return (mask << k) & mask;
	case 7: return mask >> k;
	case 8: return rnd(s) & (mask >> k);
	case 9: return rnd(s) & (mask << k) & mask;
	case 10: return (rnd(s) & rnd(s) & rnd(s) & mask) | 1;
	case 11: return ((1ull << k) | 1) & mask;
	default: return ((rnd(s) & (mask << k)) | 1ull << (k ? k - 1 : 0)) & mask;
	}
}

/* A floating-point operand: ebits/mb/bias describe the format. */
static inline uint64_t gen_fp(uint64_t *s, int mb, int ef, int bias)
{
	uint64_t r = rnd(s), e;
	uint64_t sign = (r >> 8) & 1;
	switch (r % 16) {
	case 0: case 1:
		return mb == 52 ? special_d[rnd(s) % NSPEC_D] : special_s[rnd(s) % NSPEC_S];
	case 2: case 3:
		return mb == 52 ? rnd(s) : rnd(s) & 0xffffffffull;
	}
	switch ((r >> 4) % 8) {
	case 0: e = rnd(s) % (uint64_t)(ef + 1); break;
	case 1: e = rnd(s) % 64; break;
	case 2: e = (uint64_t)ef - 1 - rnd(s) % 64; break;
	default: e = (uint64_t)(bias - 70 + (int)(rnd(s) % 140)); break;
	}
	if (mb == 23 && (r >> 4) % 8 == 1)
		e = rnd(s) % 40;
	if (e > (uint64_t)ef)
		e = (uint64_t)ef;
	return sign << (mb == 52 ? 63 : 31) | e << mb | gen_mant(s, mb);
}

/* An operand close to another one: the same binade give or take a few, or
 * a few ulps away, so that sums cancel, round at ties and so on. */
static inline uint64_t gen_near(uint64_t *s, uint64_t a, int mb, int ef)
{
	uint64_t r = rnd(s), sbit = 1ull << (mb == 52 ? 63 : 31);
	uint64_t mask = (1ull << mb) - 1;
	int e = (int)((a >> mb) & (uint64_t)ef);
	switch (r % 4) {
	case 0:
		e += (int)(rnd(s) % 121) - 60;
		break;
	case 1:
		e += (int)(rnd(s) % 7) - 3;
		break;
	case 2: { /* a few ulps away */
		uint64_t b = a + (rnd(s) % 9) - 4;
		return (r & 16 ? b ^ sbit : b) & (sbit | (sbit - 1));
	}
	default:
		e += (int)(rnd(s) % (uint64_t)(2 * mb + 5)) - mb - 2;
		break;
	}
	if (e < 0)
		e = 0;
	if (e > ef)
		e = ef;
	uint64_t m = (r & 32) ? (a & mask) ^ (gen_mant(s, mb) & (mask >> (rnd(s) % mb))) :
		     gen_mant(s, mb);
	return ((r & 64) ? sbit : 0) ^ (a & sbit) ^ ((uint64_t)e << mb) ^ m;
}

/* An addend close to -a*b in magnitude: an exponent near the product's and
 * a significand taken from the exact product, slightly disturbed. */
static inline uint64_t gen_addend(uint64_t *s, uint64_t a, uint64_t b, int mb, int ef,
				  int bias)
{
	uint64_t mask = (1ull << mb) - 1, sbit = 1ull << (mb == 52 ? 63 : 31);
	int ea = (int)((a >> mb) & (uint64_t)ef), eb = (int)((b >> mb) & (uint64_t)ef);
	uint64_t ma = (a & mask) | (ea ? 1ull << mb : 0), mb_ = (b & mask) | (eb ? 1ull << mb : 0);
	unsigned __int128 p = (unsigned __int128)ma * mb_;
	uint64_t r = rnd(s), m;
	int e = ea + eb - bias + (int)(rnd(s) % 5) - 2;
	int top = 0;
	while (p >> (top + 1))
		top++;
	m = top >= mb ? (uint64_t)(p >> (top - mb)) : (uint64_t)(p << (mb - top));
	m = (m + (rnd(s) % 5) - 2) & mask;
	if (r & 1)
		m ^= 1;
	if (e < 0)
		e = (int)(rnd(s) % 3);
	if (e > ef)
		e = ef - 1;
	uint64_t sign = ((a ^ b) & sbit) ^ ((r & 6) ? sbit : 0);
	return sign | (uint64_t)e << mb | m;
}

static inline uint64_t gen_int(uint64_t *s, int w32)
{
	uint64_t r = rnd(s), x;
	int p = (int)(rnd(s) % 64), q = p ? (int)(rnd(s) % (uint64_t)p) : 0;
	switch (r % 8) {
	case 0: x = special_i[rnd(s) % NSPEC_I]; break;
	case 1: x = rnd(s); break;
	case 2: x = rnd(s) >> (rnd(s) % 64); break;
	case 3: x = -(rnd(s) >> (rnd(s) % 64)); break;
	case 4: x = (1ull << p) | (1ull << q) | ((r >> 8 & 1) ? rnd(s) & ((1ull << q) - 1) : 0); break;
	case 5: x = -((1ull << p) | (1ull << q)); break;
	case 6: x = (1ull << p) + (rnd(s) % 9) - 4; break;
	default: x = ~0ull << p | (rnd(s) & ((1ull << q) - 1)); break;
	}
	if (w32) { /* 32-bit patterns (shifted down), garbage above them */
		if (r & 0x10000)
			x = (r & 0x20000) ? x >> 32 : x;
		if (r & 0x40000)
			x = (x & 0xffffffffull) | (rnd(s) << 32);
	}
	return x;
}

/* Inputs of case i of an operation; seed is the per (op, rm) state. */
static inline void fpu_gen(const struct fpu_op *op, uint64_t *seed, unsigned i, uint64_t *in)
{
	enum ofmt f = kind_fmt(op->kind);
	int n = kind_arity(op->kind);
	unsigned ns = f == O_D ? NSPEC_D : f == O_S ? NSPEC_S : NSPEC_I;
	int mb = f == O_D ? 52 : 23, ef = f == O_D ? 0x7ff : 0xff, bias = f == O_D ? 1023 : 127;
	unsigned combos = n == 1 ? ns : n == 2 ? ns * ns : NSPEC3 * NSPEC3 * NSPEC3;

	if (i < combos) { /* every combination of special values */
		unsigned idx[3] = { i % ns, (i / ns) % ns, 0 };
		if (n == 3) {
			idx[0] = i % NSPEC3;
			idx[1] = (i / NSPEC3) % NSPEC3;
			idx[2] = i / (NSPEC3 * NSPEC3);
		}
		for (int k = 0; k < n; k++)
			in[k] = f == O_D ? special_d[idx[k]] : f == O_S ? special_s[idx[k]] :
			       special_i[idx[k]];
		return;
	}
	if (f == O_I) {
		in[0] = gen_int(seed, op->w32);
		return;
	}
	in[0] = gen_fp(seed, mb, ef, bias);
	if (op->kind == K_D2S && (rnd(seed) & 1)) {
		/* near single precision's limits: its subnormals, its smallest
		 * normal, its largest finite value */
		static const int base[4] = { 1023 - 149, 1023 - 126, 1023 + 127, 1023 - 137 };
		uint64_t e = (uint64_t)(base[rnd(seed) % 4] + (int)(rnd(seed) % 7) - 3);
		in[0] = (in[0] & 0x800fffffffffffffull) | e << 52;
	}
	if (n >= 2)
		in[1] = (rnd(seed) & 1) ? gen_near(seed, in[0], mb, ef) : gen_fp(seed, mb, ef, bias);
	if (n == 3) {
		uint64_t r = rnd(seed) % 4;
		in[2] = r == 0 ? gen_fp(seed, mb, ef, bias) :
			r == 1 ? gen_near(seed, in[(rnd(seed) & 1)], mb, ef) :
				 gen_addend(seed, in[0], in[1], mb, ef, bias);
	}
}

static inline unsigned fpu_ncases(const struct fpu_op *op)
{
	enum ofmt f = kind_fmt(op->kind);
	int n = kind_arity(op->kind);
	unsigned ns = f == O_D ? NSPEC_D : f == O_S ? NSPEC_S : NSPEC_I;
	unsigned combos = n == 1 ? ns : n == 2 ? ns * ns : NSPEC3 * NSPEC3 * NSPEC3;
	return combos + FPU_NRANDOM;
}

static inline uint64_t fpu_seed(unsigned opi, unsigned rm)
{
	return 0x5eed0000ull + opi * 16 + rm;
}

/* The record stream: per (op, rm) a header, then per case the result (8
 * bytes, little endian) and the flags (1 byte). */
#define FPU_MAGIC 0x46505521u /* "FPU!" */

#endif /* TESTS_FPU_CASES_H */
