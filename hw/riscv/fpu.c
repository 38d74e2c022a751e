// SPDX-License-Identifier: MIT
/* RISC-V F and D arithmetic (unprivileged ISA 20191213, chapters 11 "F" and
 * 12 "D"; section numbers below are that version's), and on the same
 * software core the binary16 operations of Zfh/Zfhmin and Zfa's additions.
 *
 * Two layers:
 *  - an exact software core: operands are unpacked to a 64-bit significand
 *    (leading one at bit 62, a sticky bit jammed into bit 0) and one
 *    round_pack() rounds in all five modes, detects tininess after rounding
 *    (as chapter 11 requires) and raises the flags of 11.2;
 *  - fast paths for the common case (round to nearest, finite operands,
 *    normal result) on the host FPU, used only where the result and every
 *    flag are known without reading the host's status: the exactness of the
 *    result is checked with integer or error-free arithmetic, or is not
 *    needed because NX is already set in fflags.  Anything else falls back
 *    to the software core.
 * The host FPU is used in its default state (SSE, round to nearest, no
 * flush-to-zero); MXCSR is never read or written, so every function is
 * thread-safe and reentrant.  -DFPU_PORTABLE builds without the x86-64
 * specifics (divq, sqrtsd, FMA3), as on other hosts.
 */
#include <stdbool.h>
#include <string.h>

#include "hw/riscv/fpu.h"

#define likely(x)   __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)
#define ALWAYS_INLINE static inline __attribute__((always_inline))

typedef unsigned __int128 u128;

/* A binary interchange format: mantissa bits, all-ones exponent field,
 * bias, width.  Passed by value to always-inline helpers so that each
 * operation is compiled for its format. */
struct fmt {
	int mb;
	int ef;
	int bias;
	int w;
};
static const struct fmt F32 = { 23, 0xff, 127, 32 };
static const struct fmt F64 = { 52, 0x7ff, 1023, 64 };
static const struct fmt F16 = { 10, 0x1f, 15, 16 };

#define SIGN(f)  (1ull << ((f).w - 1))
#define MANT(f)  ((1ull << (f).mb) - 1)
#define CANON(f) ((f).w == 64 ? FPU_CANON_NAN_D : (f).w == 32 ? (uint64_t)FPU_CANON_NAN_S \
						      : (uint64_t)FPU_CANON_NAN_H)

ALWAYS_INLINE int f_exp(uint64_t x, struct fmt f) { return (int)(x >> f.mb) & f.ef; }
ALWAYS_INLINE uint64_t f_man(uint64_t x, struct fmt f) { return x & MANT(f); }
ALWAYS_INLINE int f_sign(uint64_t x, struct fmt f) { return (int)(x >> (f.w - 1)) & 1; }
ALWAYS_INLINE bool f_isnan(uint64_t x, struct fmt f) { return f_exp(x, f) == f.ef && f_man(x, f); }
ALWAYS_INLINE bool f_isinf(uint64_t x, struct fmt f) { return f_exp(x, f) == f.ef && !f_man(x, f); }
ALWAYS_INLINE bool f_iszero(uint64_t x, struct fmt f) { return (x & ~SIGN(f)) == 0; }
/* Signaling NaN: the mantissa's top bit is clear (11.3). */
ALWAYS_INLINE bool f_issnan(uint64_t x, struct fmt f)
{
	return f_isnan(x, f) && !(x >> (f.mb - 1) & 1);
}

static inline int clz64(uint64_t x) { return __builtin_clzll(x); }
static inline int ctz64(uint64_t x) { return __builtin_ctzll(x); }

static inline int clz128(u128 x)
{
	uint64_t hi = (uint64_t)(x >> 64);
	return hi ? clz64(hi) : 64 + clz64((uint64_t)x);
}

/* x >> n, ORing every bit shifted out into bit 0 ("jamming"). */
static inline uint64_t shr_jam(uint64_t x, int n)
{
	if (n <= 0)
		return x;
	if (n >= 64)
		return x != 0;
	return (x >> n) | ((x << (64 - n)) != 0);
}

static inline u128 shr_jam128(u128 x, int n)
{
	if (n <= 0)
		return x;
	if (n >= 128)
		return x != 0;
	return (x >> n) | ((x << (128 - n)) != 0);
}

/* (hi:lo) / d with hi < d; the remainder goes to *rem. */
static inline uint64_t div128(uint64_t hi, uint64_t lo, uint64_t d, uint64_t *rem)
{
#if defined(__x86_64__) && !defined(FPU_PORTABLE)
	uint64_t q, r;
	__asm__("divq %4" : "=a"(q), "=d"(r) : "a"(lo), "d"(hi), "rm"(d) : "cc");
	*rem = r;
	return q;
#else
	u128 n = ((u128)hi << 64) | lo;
	*rem = (uint64_t)(n % d);
	return (uint64_t)(n / d);
#endif
}

/* The host's correctly rounded square root (no errno, no libm call). */
static inline double host_sqrt(double x)
{
#if defined(__x86_64__) && !defined(FPU_PORTABLE)
	__asm__("sqrtsd %1, %0" : "=x"(x) : "x"(x));
	return x;
#else
	return __builtin_sqrt(x);
#endif
}

static inline double d_of(uint64_t x) { double d; memcpy(&d, &x, 8); return d; }
static inline uint64_t bits_d(double d) { uint64_t x; memcpy(&x, &d, 8); return x; }
static inline float f_of(uint32_t x) { float f; memcpy(&f, &x, 4); return f; }
static inline uint32_t bits_f(float f) { uint32_t x; memcpy(&x, &f, 4); return x; }

/* The host's fused multiply-add, where the CPU has one (x86-64 FMA3,
 * detected at run time): r = a * b + c rounded to nearest.  Returns false
 * when the host cannot do it. */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(FPU_PORTABLE)
static inline bool host_has_fma(void)
{
	return __builtin_cpu_supports("fma");
}

__attribute__((target("fma"))) static double host_fma_d(double a, double b, double c)
{
	return __builtin_fma(a, b, c);
}

__attribute__((target("fma"))) static float host_fma_s(float a, float b, float c)
{
	return __builtin_fmaf(a, b, c);
}
#else
static inline bool host_has_fma(void) { return false; }
static inline double host_fma_d(double a, double b, double c) { return __builtin_fma(a, b, c); }
static inline float host_fma_s(float a, float b, float c) { return __builtin_fmaf(a, b, c); }
#endif

/* ---- the software core ------------------------------------------------ */

/* A finite nonzero value: (-1)^sign * sig * 2^(exp - 62), sig in [2^62, 2^63). */
struct unp {
	int sign;
	int exp;
	uint64_t sig;
};

ALWAYS_INLINE struct unp unpack(uint64_t x, struct fmt f)
{
	struct unp u;
	int e = f_exp(x, f);
	uint64_t m = f_man(x, f);

	u.sign = f_sign(x, f);
	if (e == 0) { /* subnormal: normalize */
		int sh = clz64(m) - 1;
		u.sig = m << sh;
		u.exp = 1 - f.bias + (62 - f.mb) - sh;
	} else {
		u.sig = (m | (1ull << f.mb)) << (62 - f.mb);
		u.exp = e - f.bias;
	}
	return u;
}

ALWAYS_INLINE uint64_t pack_inf(int sign, struct fmt f)
{
	return (sign ? SIGN(f) : 0) | ((uint64_t)f.ef << f.mb);
}

ALWAYS_INLINE uint64_t pack_zero(int sign, struct fmt f)
{
	return sign ? SIGN(f) : 0;
}

/* Round (-1)^sign * sig * 2^(exp - 62) (sig normalized, sticky in bit 0) to
 * the format in mode rm, raising NX/UF/OF: tininess is detected after
 * rounding, UF only when the tiny result is also inexact (IEEE 754 default
 * handling).  Modes above 4 round as RNE (the caller traps on them). */
ALWAYS_INLINE uint64_t round_pack(int sign, int exp, uint64_t sig, struct fmt f,
				  unsigned rm, uint32_t *fl)
{
	const int sh = 62 - f.mb;
	const uint64_t mask = (1ull << sh) - 1, half = 1ull << (sh - 1);
	const uint64_t sbit = sign ? SIGN(f) : 0;
	int e = exp + f.bias; /* biased exponent of the leading bit */
	uint64_t inc, rb, m;
	bool tiny = false;

	switch (rm) {
	case FPU_RM_RTZ: inc = 0; break;
	case FPU_RM_RDN: inc = sign ? mask : 0; break;
	case FPU_RM_RUP: inc = sign ? 0 : mask; break;
	default:         inc = half; break; /* RNE, RMM */
	}
	if (unlikely(e >= f.ef))
		goto overflow;
	if (unlikely(e <= 0)) {
		/* Tiny unless rounding with an unbounded exponent reaches the
		 * smallest normal, which only a carry out of e == 0 does. */
		tiny = e < 0 || sig + inc < (1ull << 63);
		sig = shr_jam(sig, 1 - e);
		e = 1;
	}
	rb = sig & mask;
	if (rb) {
		*fl |= FPU_FLAG_NX;
		if (tiny)
			*fl |= FPU_FLAG_UF;
	}
	m = (sig + inc) >> sh;
	if (rb == half && rm != FPU_RM_RTZ && rm != FPU_RM_RDN && rm != FPU_RM_RUP &&
	    rm != FPU_RM_RMM)
		m &= ~1ull; /* RNE tie: to even */
	/* The mantissa's implicit bit (or a rounding carry) adds to the field. */
	m += (uint64_t)(e - 1) << f.mb;
	if (unlikely((int)(m >> f.mb) >= f.ef))
		goto overflow;
	return sbit | m;

overflow:
	*fl |= FPU_FLAG_OF | FPU_FLAG_NX;
	if (rm == FPU_RM_RTZ || (rm == FPU_RM_RDN && !sign) || (rm == FPU_RM_RUP && sign))
		return sbit | (((uint64_t)(f.ef - 1) << f.mb) | MANT(f)); /* largest finite */
	return sbit | ((uint64_t)f.ef << f.mb);
}

/* NaN operands of an arithmetic operation: NV for a signaling one; the
 * result is the canonical NaN (11.3). */
ALWAYS_INLINE uint64_t nan_result(uint64_t a, uint64_t b, struct fmt f, uint32_t *fl)
{
	if (f_issnan(a, f) || f_issnan(b, f))
		*fl |= FPU_FLAG_NV;
	return CANON(f);
}

ALWAYS_INLINE uint64_t invalid(struct fmt f, uint32_t *fl)
{
	*fl |= FPU_FLAG_NV;
	return CANON(f);
}

/* a + b; b's sign already flipped for subtraction. */
ALWAYS_INLINE uint64_t soft_add(uint64_t a, uint64_t b, struct fmt f, unsigned rm,
				uint32_t *fl)
{
	if (unlikely(f_exp(a, f) == f.ef || f_exp(b, f) == f.ef)) {
		if (f_isnan(a, f) || f_isnan(b, f))
			return nan_result(a, b, f, fl);
		if (f_isinf(a, f) && f_isinf(b, f) && f_sign(a, f) != f_sign(b, f))
			return invalid(f, fl); /* inf - inf */
		return f_isinf(a, f) ? a : b;
	}
	if (f_iszero(a, f)) {
		if (f_iszero(b, f)) /* exact zero sum: +0 unless both -0, or RDN */
			return pack_zero(f_sign(a, f) == f_sign(b, f) ? f_sign(a, f)
								      : rm == FPU_RM_RDN, f);
		return b;
	}
	if (f_iszero(b, f))
		return a;

	struct unp x = unpack(a, f), y = unpack(b, f), t;
	if (x.exp < y.exp || (x.exp == y.exp && x.sig < y.sig)) {
		t = x;
		x = y;
		y = t;
	}
	uint64_t ys = shr_jam(y.sig, x.exp - y.exp), s;
	int e = x.exp;
	if (x.sign == y.sign) {
		s = x.sig + ys;
		if (s >> 63) {
			s = (s >> 1) | (s & 1);
			e++;
		}
	} else {
		s = x.sig - ys;
		if (s == 0)
			return pack_zero(rm == FPU_RM_RDN, f);
		int n = clz64(s) - 1;
		s <<= n;
		e -= n;
	}
	return round_pack(x.sign, e, s, f, rm, fl);
}

ALWAYS_INLINE uint64_t soft_mul(uint64_t a, uint64_t b, struct fmt f, unsigned rm,
				uint32_t *fl)
{
	int sign = f_sign(a, f) ^ f_sign(b, f);

	if (unlikely(f_exp(a, f) == f.ef || f_exp(b, f) == f.ef)) {
		if (f_isnan(a, f) || f_isnan(b, f))
			return nan_result(a, b, f, fl);
		if (f_iszero(a, f) || f_iszero(b, f))
			return invalid(f, fl); /* inf * 0 */
		return pack_inf(sign, f);
	}
	if (f_iszero(a, f) || f_iszero(b, f))
		return pack_zero(sign, f);

	struct unp x = unpack(a, f), y = unpack(b, f);
	u128 p = (u128)x.sig * y.sig; /* [2^124, 2^126) */
	int e = x.exp + y.exp;
	uint64_t s;
	if (p >> 125) {
		s = (uint64_t)(p >> 63) | ((uint64_t)p << 1 != 0);
		e++;
	} else {
		s = (uint64_t)(p >> 62) | ((uint64_t)p << 2 != 0);
	}
	return round_pack(sign, e, s, f, rm, fl);
}

ALWAYS_INLINE uint64_t soft_div(uint64_t a, uint64_t b, struct fmt f, unsigned rm,
				uint32_t *fl)
{
	int sign = f_sign(a, f) ^ f_sign(b, f);

	if (unlikely(f_exp(a, f) == f.ef || f_exp(b, f) == f.ef)) {
		if (f_isnan(a, f) || f_isnan(b, f))
			return nan_result(a, b, f, fl);
		if (f_isinf(a, f))
			return f_isinf(b, f) ? invalid(f, fl) : pack_inf(sign, f);
		return pack_zero(sign, f); /* finite / inf */
	}
	if (f_iszero(b, f)) {
		if (f_iszero(a, f))
			return invalid(f, fl); /* 0 / 0 */
		*fl |= FPU_FLAG_DZ;
		return pack_inf(sign, f);
	}
	if (f_iszero(a, f))
		return pack_zero(sign, f);

	struct unp x = unpack(a, f), y = unpack(b, f);
	uint64_t q, r;
	int e = x.exp - y.exp;
	if (x.sig >= y.sig) {
		q = div128(x.sig >> 2, x.sig << 62, y.sig, &r);
	} else {
		q = div128(x.sig >> 1, x.sig << 63, y.sig, &r);
		e--;
	}
	return round_pack(sign, e, q | (r != 0), f, rm, fl);
}

/* floor(sqrt(m)) for m in [2^124, 2^126); *exact tells whether it is exact. */
static uint64_t isqrt128(u128 m, bool *exact)
{
	uint64_t hi = (uint64_t)(m >> 64), r, q, rem;

	/* ~52 correct bits from the host, one Newton step, then exact fix-up */
	r = (uint64_t)(host_sqrt((double)hi) * 4294967296.0);
	if (r < (1ull << 62))
		r = 1ull << 62;
	q = div128(hi, (uint64_t)m, r, &rem);
	r = (uint64_t)(((u128)r + q) >> 1);
	if (r >= (1ull << 63))
		r = (1ull << 63) - 1;
	while ((u128)r * r > m)
		r--;
	while ((u128)(r + 1) * (r + 1) <= m)
		r++;
	*exact = (u128)r * r == m;
	return r;
}

ALWAYS_INLINE uint64_t soft_sqrt(uint64_t a, struct fmt f, unsigned rm, uint32_t *fl)
{
	if (f_isnan(a, f))
		return nan_result(a, a, f, fl);
	if (f_iszero(a, f))
		return a; /* sqrt(-0) = -0 */
	if (f_sign(a, f))
		return invalid(f, fl);
	if (f_isinf(a, f))
		return a;

	struct unp x = unpack(a, f);
	bool exact;
	/* make the exponent even: value = m * 2^(2e - 124) */
	u128 m = (u128)x.sig << (62 + (x.exp & 1));
	uint64_t r = isqrt128(m, &exact);
	return round_pack(0, x.exp >> 1, r | !exact, f, rm, fl);
}

/* Fused (-1)^negp * a * b + (-1)^negc * c with a single rounding. */
ALWAYS_INLINE uint64_t soft_fma(uint64_t a, uint64_t b, uint64_t c, int negp, int negc,
				struct fmt f, unsigned rm, uint32_t *fl)
{
	int sp = f_sign(a, f) ^ f_sign(b, f) ^ negp;

	if (negc)
		c ^= SIGN(f);
	if (unlikely(f_exp(a, f) == f.ef || f_exp(b, f) == f.ef || f_exp(c, f) == f.ef)) {
		bool infzero = (f_isinf(a, f) && f_iszero(b, f)) ||
			       (f_iszero(a, f) && f_isinf(b, f));
		if (f_isnan(a, f) || f_isnan(b, f) || f_isnan(c, f)) {
			/* inf * 0 is invalid even when c is a quiet NaN (11.6) */
			if (infzero || f_issnan(a, f) || f_issnan(b, f) || f_issnan(c, f))
				*fl |= FPU_FLAG_NV;
			return CANON(f);
		}
		if (infzero)
			return invalid(f, fl);
		if (f_isinf(a, f) || f_isinf(b, f)) {
			if (f_isinf(c, f) && f_sign(c, f) != sp)
				return invalid(f, fl); /* inf - inf */
			return pack_inf(sp, f);
		}
		return c; /* finite product + inf */
	}
	if (f_iszero(a, f) || f_iszero(b, f)) {
		if (f_iszero(c, f))
			return pack_zero(sp == f_sign(c, f) ? sp : rm == FPU_RM_RDN, f);
		return c;
	}

	struct unp x = unpack(a, f), y = unpack(b, f);
	/* the exact product: P * 2^(ep - 125), P in [2^125, 2^126) */
	u128 P = (u128)x.sig * y.sig;
	int ep = x.exp + y.exp;
	if (P >> 125)
		ep++;
	else
		P <<= 1;
	if (f_iszero(c, f))
		return round_pack(sp, ep, (uint64_t)(P >> 63) | ((uint64_t)P << 1 != 0), f, rm, fl);

	struct unp z = unpack(c, f);
	u128 C = (u128)z.sig << 63, big, small;
	int ec = z.exp, e, sign, ss;
	if (ep > ec || (ep == ec && P >= C)) {
		big = P, e = ep, sign = sp;
		small = shr_jam128(C, ep - ec), ss = z.sign;
	} else {
		big = C, e = ec, sign = z.sign;
		small = shr_jam128(P, ec - ep), ss = sp;
	}
	if (sign == ss) {
		big += small;
		if (big >> 126) {
			big = shr_jam128(big, 1);
			e++;
		}
	} else {
		big -= small;
		if (big == 0)
			return pack_zero(rm == FPU_RM_RDN, f);
		int n = clz128(big) - 2;
		big <<= n;
		e -= n;
	}
	return round_pack(sign, e, (uint64_t)(big >> 63) | ((uint64_t)big << 1 != 0), f, rm, fl);
}

/* ---- compares, min/max, class (11.8, 11.9) ---------------------------- */

/* a < b for non-NaN a, b, with -0 < +0 (the order FMIN/FMAX use). */
ALWAYS_INLINE bool total_lt(uint64_t a, uint64_t b, struct fmt f)
{
	if (f_sign(a, f) != f_sign(b, f))
		return f_sign(a, f);
	return f_sign(a, f) ? a > b : a < b;
}

/* FMIN/FMAX (minimumNumber/maximumNumber: a NaN operand gives the other),
 * or with nanprop Zfa's FMINM/FMAXM (minimum/maximum: any NaN operand
 * gives the canonical NaN). */
ALWAYS_INLINE uint64_t f_minmax(uint64_t a, uint64_t b, bool max, bool nanprop, struct fmt f,
				uint32_t *fl)
{
	bool an = f_isnan(a, f), bn = f_isnan(b, f);

	if (unlikely(an || bn)) {
		if (f_issnan(a, f) || f_issnan(b, f))
			*fl |= FPU_FLAG_NV;
		if ((an && bn) || nanprop)
			return CANON(f);
		return an ? b : a;
	}
	return total_lt(a, b, f) != max ? a : b;
}

ALWAYS_INLINE uint64_t f_eq(uint64_t a, uint64_t b, struct fmt f, uint32_t *fl)
{
	if (unlikely(f_isnan(a, f) || f_isnan(b, f))) {
		if (f_issnan(a, f) || f_issnan(b, f))
			*fl |= FPU_FLAG_NV; /* FEQ is quiet */
		return 0;
	}
	return a == b || f_iszero(a | b, f);
}

/* FLT/FLE signal on any NaN; with quiet (Zfa's FLTQ/FLEQ) only on a
 * signaling one. */
ALWAYS_INLINE uint64_t f_lt(uint64_t a, uint64_t b, bool le, bool quiet, struct fmt f,
			    uint32_t *fl)
{
	if (unlikely(f_isnan(a, f) || f_isnan(b, f))) {
		if (!quiet || f_issnan(a, f) || f_issnan(b, f))
			*fl |= FPU_FLAG_NV;
		return 0;
	}
	if (f_iszero(a | b, f))
		return le;
	if (a == b)
		return le;
	return total_lt(a, b, f);
}

ALWAYS_INLINE uint64_t f_class(uint64_t a, struct fmt f)
{
	int e = f_exp(a, f), s = f_sign(a, f);
	uint64_t m = f_man(a, f);

	if (e == f.ef) {
		if (!m)
			return s ? FPU_CLASS_NINF : FPU_CLASS_PINF;
		return f_issnan(a, f) ? FPU_CLASS_SNAN : FPU_CLASS_QNAN;
	}
	if (e == 0) {
		if (!m)
			return s ? FPU_CLASS_NZERO : FPU_CLASS_PZERO;
		return s ? FPU_CLASS_NSUBNORM : FPU_CLASS_PSUBNORM;
	}
	return s ? FPU_CLASS_NNORM : FPU_CLASS_PNORM;
}

/* ---- conversions (11.7, 12.5) ----------------------------------------- */

enum icvt { I_W, I_WU, I_L, I_LU };

/* Whether the integer magnitude mag with fraction frac (half: the
 * fraction's value of one half; frac < half * 2) rounds away from zero in
 * mode rm, for a value of sign s. */
ALWAYS_INLINE bool int_round_up(uint64_t mag, uint64_t frac, uint64_t half, int s, unsigned rm)
{
	switch (rm) {
	case FPU_RM_RTZ: return false;
	case FPU_RM_RDN: return s && frac;
	case FPU_RM_RUP: return !s && frac;
	case FPU_RM_RMM: return frac && frac >= half;
	default:         return frac > half || (frac == half && frac && (mag & 1));
	}
}

/* To integer: round in mode rm; NaN and out-of-range inputs give NV and
 * the saturated value of the table in 11.7 (NaN -> the largest positive). */
ALWAYS_INLINE uint64_t f_to_int(uint64_t a, enum icvt k, struct fmt f, unsigned rm,
				uint32_t *fl)
{
	const bool is_signed = k == I_W || k == I_L;
	const uint64_t maxv = k == I_W ? 0x7fffffffull : k == I_WU ? 0xffffffffull :
			      k == I_L ? 0x7fffffffffffffffull : ~0ull;
	const uint64_t maxneg = k == I_W ? 0x80000000ull : k == I_L ? 1ull << 63 : 0; /* |min| */
	const bool w32 = k == I_W || k == I_WU;
	uint64_t r, mag, frac = 0, half = 0;
	int s = f_sign(a, f);

	if (unlikely(f_exp(a, f) == f.ef)) {
		*fl |= FPU_FLAG_NV;
		if (f_man(a, f) || !s)
			goto sat_max;
		goto sat_min;
	}
	if (f_iszero(a, f))
		return 0;

	struct unp x = unpack(a, f);
	if (x.exp >= 64)
		goto out_of_range;
	if (x.exp >= 62) {
		mag = x.sig << (x.exp - 62);
	} else {
		int sh = 62 - x.exp;
		if (sh >= 64) { /* |a| < 1/2 */
			mag = 0;
			frac = 1;
			half = 2;
		} else {
			mag = x.sig >> sh;
			frac = x.sig & ((1ull << sh) - 1);
			half = 1ull << (sh - 1);
		}
	}
	mag += int_round_up(mag, frac, half, s, rm);
	if (s ? mag > maxneg : mag > maxv)
		goto out_of_range;
	if (frac)
		*fl |= FPU_FLAG_NX;
	r = s ? -mag : mag;
	return w32 ? (uint64_t)(int64_t)(int32_t)r : r;

out_of_range:
	*fl |= FPU_FLAG_NV;
	if (!s)
		goto sat_max;
sat_min:
	r = is_signed ? -maxneg : 0;
	return w32 ? (uint64_t)(int64_t)(int32_t)r : r;
sat_max:
	return w32 ? (uint64_t)(int64_t)(int32_t)maxv : maxv;
}

/* From integer: (-1)^sign * mag rounded to the format. */
ALWAYS_INLINE uint64_t f_from_int(uint64_t mag, int sign, struct fmt f, unsigned rm,
				  uint32_t *fl)
{
	if (!mag)
		return 0;
	int n = clz64(mag);
	uint64_t s = n ? mag << (n - 1) : (mag >> 1) | (mag & 1);
	return round_pack(sign, 63 - n, s, f, rm, fl);
}

ALWAYS_INLINE uint64_t from_i32(uint64_t x, struct fmt f, unsigned rm, uint32_t *fl)
{
	int32_t v = (int32_t)x;
	return f_from_int(v < 0 ? -(uint64_t)(int64_t)v : (uint64_t)v, v < 0, f, rm, fl);
}

ALWAYS_INLINE uint64_t from_i64(uint64_t x, struct fmt f, unsigned rm, uint32_t *fl)
{
	int s = (int64_t)x < 0;
	return f_from_int(s ? -x : x, s, f, rm, fl);
}

/* Between formats: NaNs become canonical (NV for signaling ones). */
ALWAYS_INLINE uint64_t f_convert(uint64_t a, struct fmt from, struct fmt to, unsigned rm,
				 uint32_t *fl)
{
	int s = f_sign(a, from);

	if (unlikely(f_exp(a, from) == from.ef)) {
		if (f_man(a, from)) {
			nan_result(a, a, from, fl);
			return CANON(to);
		}
		return pack_inf(s, to);
	}
	if (f_iszero(a, from))
		return pack_zero(s, to);
	struct unp x = unpack(a, from);
	return round_pack(s, x.exp, x.sig, to, rm, fl);
}

/* ---- double precision ------------------------------------------------- */

#define D_MIN_NORMAL 0x0010000000000000ull
#define D_ABS(x)     ((x) & ~(1ull << 63))

/* Odd part of a double's significand (x finite, nonzero). */
static inline uint64_t odd_sig_d(uint64_t x)
{
	uint64_t m = (x & MANT(F64)) | ((x >> 52 & 0x7ff) ? 1ull << 52 : 0);
	return m >> ctz64(m);
}

/* Finite and below 2^1022 in magnitude: host sums of two such cannot
 * overflow, nor can the steps of TwoSum. */
static inline bool d_small(uint64_t x)
{
	return (x >> 52 & 0x7ff) < 0x7fe;
}

static inline uint64_t add_d(uint64_t a, uint64_t b, unsigned rm, uint32_t *fl)
{
	/* Round to nearest: the host sum, exact-ness from TwoSum (a sum whose
	 * result is subnormal is always exact, so never UF). */
	if (likely(rm == FPU_RM_RNE && d_small(a) && d_small(b))) {
		double x = d_of(a), y = d_of(b), s = x + y;
		if (!(*fl & FPU_FLAG_NX)) {
			double bv = s - x;
			if ((x - (s - bv)) + (y - bv) != 0)
				*fl |= FPU_FLAG_NX;
		}
		return bits_d(s);
	}
	return soft_add(a, b, F64, rm, fl);
}

uint64_t fpu_add_d(uint64_t a, uint64_t b, unsigned rm, uint32_t *fflags)
{
	return add_d(a, b, rm, fflags);
}

uint64_t fpu_sub_d(uint64_t a, uint64_t b, unsigned rm, uint32_t *fflags)
{
	return add_d(a, b ^ (1ull << 63), rm, fflags);
}

uint64_t fpu_mul_d(uint64_t a, uint64_t b, unsigned rm, uint32_t *fflags)
{
	if (likely(rm == FPU_RM_RNE && (a >> 52 & 0x7ff) != 0x7ff && (b >> 52 & 0x7ff) != 0x7ff)) {
		uint64_t p = bits_d(d_of(a) * d_of(b));
		/* normal, finite result: no UF/OF; exact iff the odd parts'
		 * product fits the significand */
		if (D_ABS(p) > D_MIN_NORMAL && (p >> 52 & 0x7ff) != 0x7ff) {
			if (!(*fflags & FPU_FLAG_NX)) {
				u128 op = (u128)odd_sig_d(a) * odd_sig_d(b);
				if (op >> 53)
					*fflags |= FPU_FLAG_NX;
			}
			return p;
		}
	}
	return soft_mul(a, b, F64, rm, fflags);
}

uint64_t fpu_div_d(uint64_t a, uint64_t b, unsigned rm, uint32_t *fflags)
{
	if (likely(rm == FPU_RM_RNE && (a >> 52 & 0x7ff) != 0x7ff && (b >> 52 & 0x7ff) != 0x7ff &&
		   D_ABS(a) && D_ABS(b))) {
		uint64_t q = bits_d(d_of(a) / d_of(b));
		/* exact iff the quotient's odd part times b's gives a's */
		if (D_ABS(q) > D_MIN_NORMAL && (q >> 52 & 0x7ff) != 0x7ff) {
			if (!(*fflags & FPU_FLAG_NX)) {
				uint64_t prod;
				if (__builtin_mul_overflow(odd_sig_d(q), odd_sig_d(b), &prod) ||
				    prod != odd_sig_d(a))
					*fflags |= FPU_FLAG_NX;
			}
			return q;
		}
	}
	return soft_div(a, b, F64, rm, fflags);
}

uint64_t fpu_sqrt_d(uint64_t a, unsigned rm, uint32_t *fflags)
{
	/* positive finite nonzero: the root is normal and finite */
	if (likely(rm == FPU_RM_RNE && a && a < 0x7ff0000000000000ull)) {
		uint64_t r = bits_d(host_sqrt(d_of(a)));
		if (!(*fflags & FPU_FLAG_NX)) {
			uint64_t prod;
			if (__builtin_mul_overflow(odd_sig_d(r), odd_sig_d(r), &prod) ||
			    prod != odd_sig_d(a))
				*fflags |= FPU_FLAG_NX;
		}
		return r;
	}
	return soft_sqrt(a, F64, rm, fflags);
}

uint64_t fpu_min_d(uint64_t a, uint64_t b, uint32_t *fflags)
{
	return f_minmax(a, b, false, false, F64, fflags);
}

uint64_t fpu_max_d(uint64_t a, uint64_t b, uint32_t *fflags)
{
	return f_minmax(a, b, true, false, F64, fflags);
}

/* Round to nearest with NX already set (so exactness does not matter),
 * finite operands and a normal finite result: the host's FMA gives the
 * result and no other flag can arise. */
static inline uint64_t fma_d(uint64_t a, uint64_t b, uint64_t c, int negp, int negc,
			     unsigned rm, uint32_t *fl)
{
	if (likely(rm == FPU_RM_RNE && (*fl & FPU_FLAG_NX)) && (a >> 52 & 0x7ff) != 0x7ff &&
	    (b >> 52 & 0x7ff) != 0x7ff && (c >> 52 & 0x7ff) != 0x7ff && host_has_fma()) {
		uint64_t r = bits_d(host_fma_d(d_of(a ^ (uint64_t)negp << 63), d_of(b),
					       d_of(c ^ (uint64_t)negc << 63)));
		if (D_ABS(r) > D_MIN_NORMAL && (r >> 52 & 0x7ff) != 0x7ff)
			return r;
	}
	return soft_fma(a, b, c, negp, negc, F64, rm, fl);
}

uint64_t fpu_madd_d(uint64_t a, uint64_t b, uint64_t c, unsigned rm, uint32_t *fflags)
{
	return fma_d(a, b, c, 0, 0, rm, fflags);
}

uint64_t fpu_msub_d(uint64_t a, uint64_t b, uint64_t c, unsigned rm, uint32_t *fflags)
{
	return fma_d(a, b, c, 0, 1, rm, fflags);
}

uint64_t fpu_nmsub_d(uint64_t a, uint64_t b, uint64_t c, unsigned rm, uint32_t *fflags)
{
	return fma_d(a, b, c, 1, 0, rm, fflags);
}

uint64_t fpu_nmadd_d(uint64_t a, uint64_t b, uint64_t c, unsigned rm, uint32_t *fflags)
{
	return fma_d(a, b, c, 1, 1, rm, fflags);
}

uint64_t fpu_eq_d(uint64_t a, uint64_t b, uint32_t *fflags)
{
	return f_eq(a, b, F64, fflags);
}

uint64_t fpu_lt_d(uint64_t a, uint64_t b, uint32_t *fflags)
{
	return f_lt(a, b, false, false, F64, fflags);
}

uint64_t fpu_le_d(uint64_t a, uint64_t b, uint32_t *fflags)
{
	return f_lt(a, b, true, false, F64, fflags);
}

uint64_t fpu_class_d(uint64_t a)
{
	return f_class(a, F64);
}

uint64_t fpu_cvt_w_d(uint64_t a, unsigned rm, uint32_t *fflags)
{
	return f_to_int(a, I_W, F64, rm, fflags);
}

uint64_t fpu_cvt_wu_d(uint64_t a, unsigned rm, uint32_t *fflags)
{
	return f_to_int(a, I_WU, F64, rm, fflags);
}

uint64_t fpu_cvt_l_d(uint64_t a, unsigned rm, uint32_t *fflags)
{
	return f_to_int(a, I_L, F64, rm, fflags);
}

uint64_t fpu_cvt_lu_d(uint64_t a, unsigned rm, uint32_t *fflags)
{
	return f_to_int(a, I_LU, F64, rm, fflags);
}

uint64_t fpu_cvt_d_w(uint64_t x, unsigned rm, uint32_t *fflags)
{
	return from_i32(x, F64, rm, fflags); /* always exact */
}

uint64_t fpu_cvt_d_wu(uint64_t x, unsigned rm, uint32_t *fflags)
{
	return f_from_int((uint32_t)x, 0, F64, rm, fflags);
}

uint64_t fpu_cvt_d_l(uint64_t x, unsigned rm, uint32_t *fflags)
{
	return from_i64(x, F64, rm, fflags);
}

uint64_t fpu_cvt_d_lu(uint64_t x, unsigned rm, uint32_t *fflags)
{
	return f_from_int(x, 0, F64, rm, fflags);
}

uint32_t fpu_cvt_s_d(uint64_t a, unsigned rm, uint32_t *fflags)
{
	return (uint32_t)f_convert(a, F64, F32, rm, fflags);
}

uint64_t fpu_cvt_d_s(uint32_t a, uint32_t *fflags)
{
	return f_convert(a, F32, F64, FPU_RM_RNE, fflags); /* always exact */
}

/* ---- single precision ------------------------------------------------- */

#define S_MIN_NORMAL 0x00800000u
#define S_ABS(x)     ((x) & 0x7fffffffu)

static inline bool s_small(uint32_t x)
{
	return (x >> 23 & 0xff) < 0xfe;
}

static inline bool s_finite(uint32_t x)
{
	return (x >> 23 & 0xff) != 0xff;
}

/* A single result computed in double and rounded once to single: correct
 * when it is normal and finite (the double operation's own rounding is
 * innocuous for +, *, /, sqrt since 53 >= 2 * 24 + 2). */
static inline bool s_normal_result(uint32_t r)
{
	return S_ABS(r) > S_MIN_NORMAL && s_finite(r);
}

static inline uint32_t add_s(uint32_t a, uint32_t b, unsigned rm, uint32_t *fl)
{
	if (likely(rm == FPU_RM_RNE && s_small(a) && s_small(b))) {
		float x = f_of(a), y = f_of(b), s = x + y;
		if (!(*fl & FPU_FLAG_NX)) {
			float bv = s - x;
			if ((x - (s - bv)) + (y - bv) != 0)
				*fl |= FPU_FLAG_NX;
		}
		return bits_f(s);
	}
	return (uint32_t)soft_add(a, b, F32, rm, fl);
}

uint32_t fpu_add_s(uint32_t a, uint32_t b, unsigned rm, uint32_t *fflags)
{
	return add_s(a, b, rm, fflags);
}

uint32_t fpu_sub_s(uint32_t a, uint32_t b, unsigned rm, uint32_t *fflags)
{
	return add_s(a, b ^ 0x80000000u, rm, fflags);
}

uint32_t fpu_mul_s(uint32_t a, uint32_t b, unsigned rm, uint32_t *fflags)
{
	if (likely(rm == FPU_RM_RNE && s_finite(a) && s_finite(b))) {
		double p = (double)f_of(a) * (double)f_of(b); /* exact */
		float r = (float)p;
		uint32_t rb = bits_f(r);
		if (s_normal_result(rb)) {
			if ((double)r != p)
				*fflags |= FPU_FLAG_NX;
			return rb;
		}
	}
	return (uint32_t)soft_mul(a, b, F32, rm, fflags);
}

uint32_t fpu_div_s(uint32_t a, uint32_t b, unsigned rm, uint32_t *fflags)
{
	if (likely(rm == FPU_RM_RNE && s_finite(a) && s_finite(b) && S_ABS(b))) {
		double y = (double)f_of(b);
		float r = (float)((double)f_of(a) / y);
		uint32_t rb = bits_f(r);
		if (s_normal_result(rb)) {
			if ((double)r * y != (double)f_of(a)) /* exact product */
				*fflags |= FPU_FLAG_NX;
			return rb;
		}
	}
	return (uint32_t)soft_div(a, b, F32, rm, fflags);
}

uint32_t fpu_sqrt_s(uint32_t a, unsigned rm, uint32_t *fflags)
{
	if (likely(rm == FPU_RM_RNE && a && a < 0x7f800000u)) {
		double x = (double)f_of(a);
		float r = (float)host_sqrt(x);
		if ((double)r * r != x)
			*fflags |= FPU_FLAG_NX;
		return bits_f(r);
	}
	return (uint32_t)soft_sqrt(a, F32, rm, fflags);
}

uint32_t fpu_min_s(uint32_t a, uint32_t b, uint32_t *fflags)
{
	return (uint32_t)f_minmax(a, b, false, false, F32, fflags);
}

uint32_t fpu_max_s(uint32_t a, uint32_t b, uint32_t *fflags)
{
	return (uint32_t)f_minmax(a, b, true, false, F32, fflags);
}

/* As fma_d. */
static inline uint32_t fma_s(uint32_t a, uint32_t b, uint32_t c, int negp, int negc,
			     unsigned rm, uint32_t *fl)
{
	if (likely(rm == FPU_RM_RNE && (*fl & FPU_FLAG_NX)) && s_finite(a) && s_finite(b) &&
	    s_finite(c) && host_has_fma()) {
		uint32_t r = bits_f(host_fma_s(f_of(a ^ (uint32_t)negp << 31), f_of(b),
					       f_of(c ^ (uint32_t)negc << 31)));
		if (s_normal_result(r))
			return r;
	}
	return (uint32_t)soft_fma(a, b, c, negp, negc, F32, rm, fl);
}

uint32_t fpu_madd_s(uint32_t a, uint32_t b, uint32_t c, unsigned rm, uint32_t *fflags)
{
	return fma_s(a, b, c, 0, 0, rm, fflags);
}

uint32_t fpu_msub_s(uint32_t a, uint32_t b, uint32_t c, unsigned rm, uint32_t *fflags)
{
	return fma_s(a, b, c, 0, 1, rm, fflags);
}

uint32_t fpu_nmsub_s(uint32_t a, uint32_t b, uint32_t c, unsigned rm, uint32_t *fflags)
{
	return fma_s(a, b, c, 1, 0, rm, fflags);
}

uint32_t fpu_nmadd_s(uint32_t a, uint32_t b, uint32_t c, unsigned rm, uint32_t *fflags)
{
	return fma_s(a, b, c, 1, 1, rm, fflags);
}

uint64_t fpu_eq_s(uint32_t a, uint32_t b, uint32_t *fflags)
{
	return f_eq(a, b, F32, fflags);
}

uint64_t fpu_lt_s(uint32_t a, uint32_t b, uint32_t *fflags)
{
	return f_lt(a, b, false, false, F32, fflags);
}

uint64_t fpu_le_s(uint32_t a, uint32_t b, uint32_t *fflags)
{
	return f_lt(a, b, true, false, F32, fflags);
}

uint64_t fpu_class_s(uint32_t a)
{
	return f_class(a, F32);
}

uint64_t fpu_cvt_w_s(uint32_t a, unsigned rm, uint32_t *fflags)
{
	return f_to_int(a, I_W, F32, rm, fflags);
}

uint64_t fpu_cvt_wu_s(uint32_t a, unsigned rm, uint32_t *fflags)
{
	return f_to_int(a, I_WU, F32, rm, fflags);
}

uint64_t fpu_cvt_l_s(uint32_t a, unsigned rm, uint32_t *fflags)
{
	return f_to_int(a, I_L, F32, rm, fflags);
}

uint64_t fpu_cvt_lu_s(uint32_t a, unsigned rm, uint32_t *fflags)
{
	return f_to_int(a, I_LU, F32, rm, fflags);
}

uint32_t fpu_cvt_s_w(uint64_t x, unsigned rm, uint32_t *fflags)
{
	return (uint32_t)from_i32(x, F32, rm, fflags);
}

uint32_t fpu_cvt_s_wu(uint64_t x, unsigned rm, uint32_t *fflags)
{
	return (uint32_t)f_from_int((uint32_t)x, 0, F32, rm, fflags);
}

uint32_t fpu_cvt_s_l(uint64_t x, unsigned rm, uint32_t *fflags)
{
	return (uint32_t)from_i64(x, F32, rm, fflags);
}

uint32_t fpu_cvt_s_lu(uint64_t x, unsigned rm, uint32_t *fflags)
{
	return (uint32_t)f_from_int(x, 0, F32, rm, fflags);
}

/* ---- additions for the vector unit (V 1.0 chapter 13) ----------------- */

/* binary16 (F16), for the Zvfhmin conversions (V 1.0 18.5, "Zvfhmin") */

uint32_t fpu_cvt_s_h(uint16_t a, uint32_t *fflags)
{
	return (uint32_t)f_convert(a, F16, F32, FPU_RM_RNE, fflags); /* always exact */
}

uint16_t fpu_cvt_h_s(uint32_t a, unsigned rm, uint32_t *fflags)
{
	if (f_isnan(a, F32)) {
		if (f_issnan(a, F32))
			*fflags |= FPU_FLAG_NV;
		return FPU_CANON_NAN_H;
	}
	return (uint16_t)f_convert(a, F32, F16, rm, fflags);
}

/* Round to odd (vfncvt.rod.f.f.w, V 1.0 13.19): truncate, then set the
 * lsb if the result is inexact.  An overflow gives the largest finite
 * value, whose lsb is already set. */
uint32_t fpu_cvt_s_d_rod(uint64_t a, uint32_t *fflags)
{
	uint32_t fl = 0;
	uint32_t r = (uint32_t)f_convert(a, F64, F32, FPU_RM_RTZ, &fl);
	if (fl & FPU_FLAG_NX)
		r |= 1;
	*fflags |= fl;
	return r;
}

/* The 7-bit estimate tables of V 1.0 13.9 (vfrsqrt7, indexed by the
 * exponent's lsb and 6 significand bits) and 13.10 (vfrec7). */
static const uint8_t rsqrt7_tab[128] = {
	52, 51, 50, 48, 47, 46, 44, 43, 42, 41, 40, 39, 38, 36, 35, 34,
	33, 32, 31, 30, 30, 29, 28, 27, 26, 25, 24, 23, 23, 22, 21, 20,
	19, 19, 18, 17, 16, 16, 15, 14, 14, 13, 12, 12, 11, 10, 10, 9,
	9, 8, 7, 7, 6, 6, 5, 4, 4, 3, 3, 2, 2, 1, 1, 0,
	127, 125, 123, 121, 119, 118, 116, 114, 113, 111, 109, 108, 106, 105, 103, 102,
	100, 99, 97, 96, 95, 93, 92, 91, 90, 88, 87, 86, 85, 84, 83, 82,
	80, 79, 78, 77, 76, 75, 74, 73, 72, 71, 70, 70, 69, 68, 67, 66,
	65, 64, 63, 63, 62, 61, 60, 59, 59, 58, 57, 56, 56, 55, 54, 53,
};

static const uint8_t rec7_tab[128] = {
	127, 125, 123, 121, 119, 117, 116, 114, 112, 110, 109, 107, 105, 104, 102, 100,
	99, 97, 96, 94, 93, 91, 90, 88, 87, 85, 84, 83, 81, 80, 79, 77,
	76, 75, 74, 72, 71, 70, 69, 68, 66, 65, 64, 63, 62, 61, 60, 59,
	58, 57, 56, 55, 54, 53, 52, 51, 50, 49, 48, 47, 46, 45, 44, 43,
	42, 41, 40, 40, 39, 38, 37, 36, 35, 35, 34, 33, 32, 31, 31, 30,
	29, 28, 28, 27, 26, 25, 25, 24, 23, 23, 22, 21, 21, 20, 19, 19,
	18, 17, 17, 16, 15, 15, 14, 14, 13, 12, 12, 11, 11, 10, 9, 9,
	8, 8, 7, 7, 6, 5, 5, 4, 4, 3, 3, 2, 2, 1, 1, 0,
};

/* Normalize a subnormal's exponent and significand as 13.9/13.10 say:
 * exponent 0 minus the significand's leading zeros, significand shifted
 * left past its leading one. */
ALWAYS_INLINE void est_normalize(int *e, uint64_t *m, struct fmt f)
{
	if (*e == 0) {
		int lz = clz64(*m) - (64 - f.mb);
		*e = -lz;
		*m = (*m << (1 + lz)) & MANT(f);
	}
}

ALWAYS_INLINE uint64_t f_rsqrt7(uint64_t a, struct fmt f, uint32_t *fl)
{
	int e = f_exp(a, f), s = f_sign(a, f);
	uint64_t m = f_man(a, f);

	if (e == f.ef) {
		if (m)
			return nan_result(a, a, f, fl);
		return s ? invalid(f, fl) : 0; /* 1/sqrt(+inf) = +0 */
	}
	if (f_iszero(a, f)) {
		*fl |= FPU_FLAG_DZ;
		return pack_inf(s, f);
	}
	if (s)
		return invalid(f, fl);
	est_normalize(&e, &m, f);
	unsigned idx = ((unsigned)e & 1) << 6 | (unsigned)(m >> (f.mb - 6));
	uint64_t oe = (uint64_t)((3 * f.bias - 1 - e) / 2);
	return oe << f.mb | (uint64_t)rsqrt7_tab[idx] << (f.mb - 7);
}

ALWAYS_INLINE uint64_t f_rec7(uint64_t a, struct fmt f, unsigned rm, uint32_t *fl)
{
	int e = f_exp(a, f), s = f_sign(a, f);
	uint64_t m = f_man(a, f), sbit = s ? SIGN(f) : 0;

	if (e == f.ef) {
		if (m)
			return nan_result(a, a, f, fl);
		return pack_zero(s, f);
	}
	if (f_iszero(a, f)) {
		*fl |= FPU_FLAG_DZ;
		return pack_inf(s, f);
	}
	est_normalize(&e, &m, f);
	int oe = 2 * f.bias - 1 - e;
	if (oe > 2 * f.bias) { /* tiny subnormal: overflows, the result by rm */
		*fl |= FPU_FLAG_OF | FPU_FLAG_NX;
		if (rm == FPU_RM_RTZ || (rm == FPU_RM_RDN && !s) || (rm == FPU_RM_RUP && s))
			return sbit | (((uint64_t)(f.ef - 1) << f.mb) | MANT(f));
		return pack_inf(s, f);
	}
	uint64_t om = (uint64_t)rec7_tab[m >> (f.mb - 7)] << (f.mb - 7);
	if (oe <= 0) { /* subnormal output */
		om = (om | 1ull << f.mb) >> (1 - oe);
		oe = 0;
	}
	return sbit | (uint64_t)oe << f.mb | om;
}

uint32_t fpu_rsqrt7_s(uint32_t a, uint32_t *fflags)
{
	return (uint32_t)f_rsqrt7(a, F32, fflags);
}

uint64_t fpu_rsqrt7_d(uint64_t a, uint32_t *fflags)
{
	return f_rsqrt7(a, F64, fflags);
}

uint32_t fpu_rec7_s(uint32_t a, unsigned rm, uint32_t *fflags)
{
	return (uint32_t)f_rec7(a, F32, rm, fflags);
}

uint64_t fpu_rec7_d(uint64_t a, unsigned rm, uint32_t *fflags)
{
	return f_rec7(a, F64, rm, fflags);
}

/* ---- half precision (Zfh, Zfhmin) -------------------------------------- */

/* Every binary16 operation runs on the exact software core with the F16
 * format: one rounding of the exact result, so no double rounding, with
 * tininess after rounding and the flags of the F chapter.  The inputs are
 * the low 16 bits (the caller unboxes them). */

uint16_t fpu_add_h(uint16_t a, uint16_t b, unsigned rm, uint32_t *fflags)
{
	return (uint16_t)soft_add(a, b, F16, rm, fflags);
}

uint16_t fpu_sub_h(uint16_t a, uint16_t b, unsigned rm, uint32_t *fflags)
{
	return (uint16_t)soft_add(a, b ^ 0x8000u, F16, rm, fflags);
}

uint16_t fpu_mul_h(uint16_t a, uint16_t b, unsigned rm, uint32_t *fflags)
{
	return (uint16_t)soft_mul(a, b, F16, rm, fflags);
}

uint16_t fpu_div_h(uint16_t a, uint16_t b, unsigned rm, uint32_t *fflags)
{
	return (uint16_t)soft_div(a, b, F16, rm, fflags);
}

uint16_t fpu_sqrt_h(uint16_t a, unsigned rm, uint32_t *fflags)
{
	return (uint16_t)soft_sqrt(a, F16, rm, fflags);
}

uint16_t fpu_min_h(uint16_t a, uint16_t b, uint32_t *fflags)
{
	return (uint16_t)f_minmax(a, b, false, false, F16, fflags);
}

uint16_t fpu_max_h(uint16_t a, uint16_t b, uint32_t *fflags)
{
	return (uint16_t)f_minmax(a, b, true, false, F16, fflags);
}

uint16_t fpu_madd_h(uint16_t a, uint16_t b, uint16_t c, unsigned rm, uint32_t *fflags)
{
	return (uint16_t)soft_fma(a, b, c, 0, 0, F16, rm, fflags);
}

uint16_t fpu_msub_h(uint16_t a, uint16_t b, uint16_t c, unsigned rm, uint32_t *fflags)
{
	return (uint16_t)soft_fma(a, b, c, 0, 1, F16, rm, fflags);
}

uint16_t fpu_nmsub_h(uint16_t a, uint16_t b, uint16_t c, unsigned rm, uint32_t *fflags)
{
	return (uint16_t)soft_fma(a, b, c, 1, 0, F16, rm, fflags);
}

uint16_t fpu_nmadd_h(uint16_t a, uint16_t b, uint16_t c, unsigned rm, uint32_t *fflags)
{
	return (uint16_t)soft_fma(a, b, c, 1, 1, F16, rm, fflags);
}

uint64_t fpu_eq_h(uint16_t a, uint16_t b, uint32_t *fflags)
{
	return f_eq(a, b, F16, fflags);
}

uint64_t fpu_lt_h(uint16_t a, uint16_t b, uint32_t *fflags)
{
	return f_lt(a, b, false, false, F16, fflags);
}

uint64_t fpu_le_h(uint16_t a, uint16_t b, uint32_t *fflags)
{
	return f_lt(a, b, true, false, F16, fflags);
}

uint64_t fpu_class_h(uint16_t a)
{
	return f_class(a, F16);
}

uint64_t fpu_cvt_w_h(uint16_t a, unsigned rm, uint32_t *fflags)
{
	return f_to_int(a, I_W, F16, rm, fflags);
}

uint64_t fpu_cvt_wu_h(uint16_t a, unsigned rm, uint32_t *fflags)
{
	return f_to_int(a, I_WU, F16, rm, fflags);
}

uint64_t fpu_cvt_l_h(uint16_t a, unsigned rm, uint32_t *fflags)
{
	return f_to_int(a, I_L, F16, rm, fflags);
}

uint64_t fpu_cvt_lu_h(uint16_t a, unsigned rm, uint32_t *fflags)
{
	return f_to_int(a, I_LU, F16, rm, fflags);
}

uint16_t fpu_cvt_h_w(uint64_t x, unsigned rm, uint32_t *fflags)
{
	return (uint16_t)from_i32(x, F16, rm, fflags);
}

uint16_t fpu_cvt_h_wu(uint64_t x, unsigned rm, uint32_t *fflags)
{
	return (uint16_t)f_from_int((uint32_t)x, 0, F16, rm, fflags);
}

uint16_t fpu_cvt_h_l(uint64_t x, unsigned rm, uint32_t *fflags)
{
	return (uint16_t)from_i64(x, F16, rm, fflags);
}

uint16_t fpu_cvt_h_lu(uint64_t x, unsigned rm, uint32_t *fflags)
{
	return (uint16_t)f_from_int(x, 0, F16, rm, fflags);
}

uint64_t fpu_cvt_d_h(uint16_t a, uint32_t *fflags)
{
	return f_convert(a, F16, F64, FPU_RM_RNE, fflags); /* always exact */
}

uint16_t fpu_cvt_h_d(uint64_t a, unsigned rm, uint32_t *fflags)
{
	return (uint16_t)f_convert(a, F64, F16, rm, fflags);
}

/* ---- Zfa --------------------------------------------------------------- */

/* FLI's 32 constants as singles; entry 1 (the format's smallest normal)
 * and 31 (its canonical NaN) are made per format, and the others convert
 * exactly, except for binary16: 2^-16 and 2^-15 become subnormals and
 * 2^16 overflows to +inf, which is what FLI.H loads. */
static const uint32_t fli_tab[32] = {
	0xbf800000, 0x00800000, 0x37800000, 0x38000000, 0x3b800000, 0x3c000000,
	0x3d800000, 0x3e000000, 0x3e800000, 0x3ea00000, 0x3ec00000, 0x3ee00000,
	0x3f000000, 0x3f200000, 0x3f400000, 0x3f600000, 0x3f800000, 0x3fa00000,
	0x3fc00000, 0x3fe00000, 0x40000000, 0x40200000, 0x40400000, 0x40800000,
	0x41000000, 0x41800000, 0x43000000, 0x43800000, 0x47000000, 0x47800000,
	0x7f800000, 0x7fc00000,
};

ALWAYS_INLINE uint64_t f_fli(unsigned idx, struct fmt f)
{
	uint32_t ignored = 0;
	idx &= 31;
	if (idx == 1)
		return 1ull << f.mb;
	if (idx == 31)
		return CANON(f);
	return f_convert(fli_tab[idx], F32, f, FPU_RM_RNE, &ignored);
}

uint32_t fpu_fli_s(unsigned idx)
{
	return fli_tab[idx & 31];
}

uint64_t fpu_fli_d(unsigned idx)
{
	return f_fli(idx, F64);
}

uint16_t fpu_fli_h(unsigned idx)
{
	return (uint16_t)f_fli(idx, F16);
}

/* FROUND/FROUNDNX: round to an integral value in the format, in mode rm;
 * zeros, infinities and values already integral (|a| >= 2^mb) are
 * unchanged, a NaN gives the canonical NaN (NV if signaling), and only
 * FROUNDNX (exact) raises NX, when the result differs from a. */
ALWAYS_INLINE uint64_t f_round(uint64_t a, struct fmt f, unsigned rm, bool exact, uint32_t *fl)
{
	int e = f_exp(a, f);
	uint64_t mag, frac, half;

	if (unlikely(e == f.ef))
		return f_man(a, f) ? nan_result(a, a, f, fl) : a;
	if (e - f.bias >= f.mb || f_iszero(a, f))
		return a;
	struct unp x = unpack(a, f); /* x.exp < mb */
	int sh = 62 - x.exp;
	if (sh >= 64) { /* |a| < 1/2 */
		mag = 0;
		frac = 1;
		half = 2;
	} else {
		mag = x.sig >> sh;
		frac = x.sig & ((1ull << sh) - 1);
		half = 1ull << (sh - 1);
	}
	mag += int_round_up(mag, frac, half, x.sign, rm);
	if (frac && exact)
		*fl |= FPU_FLAG_NX;
	if (!mag)
		return pack_zero(x.sign, f);
	return f_from_int(mag, x.sign, f, rm, fl); /* at most 2^mb: exact */
}

uint32_t fpu_round_s(uint32_t a, unsigned rm, bool exact, uint32_t *fflags)
{
	return (uint32_t)f_round(a, F32, rm, exact, fflags);
}

uint64_t fpu_round_d(uint64_t a, unsigned rm, bool exact, uint32_t *fflags)
{
	return f_round(a, F64, rm, exact, fflags);
}

uint16_t fpu_round_h(uint16_t a, unsigned rm, bool exact, uint32_t *fflags)
{
	return (uint16_t)f_round(a, F16, rm, exact, fflags);
}

uint32_t fpu_minm_s(uint32_t a, uint32_t b, uint32_t *fflags)
{
	return (uint32_t)f_minmax(a, b, false, true, F32, fflags);
}

uint32_t fpu_maxm_s(uint32_t a, uint32_t b, uint32_t *fflags)
{
	return (uint32_t)f_minmax(a, b, true, true, F32, fflags);
}

uint64_t fpu_minm_d(uint64_t a, uint64_t b, uint32_t *fflags)
{
	return f_minmax(a, b, false, true, F64, fflags);
}

uint64_t fpu_maxm_d(uint64_t a, uint64_t b, uint32_t *fflags)
{
	return f_minmax(a, b, true, true, F64, fflags);
}

uint16_t fpu_minm_h(uint16_t a, uint16_t b, uint32_t *fflags)
{
	return (uint16_t)f_minmax(a, b, false, true, F16, fflags);
}

uint16_t fpu_maxm_h(uint16_t a, uint16_t b, uint32_t *fflags)
{
	return (uint16_t)f_minmax(a, b, true, true, F16, fflags);
}

uint64_t fpu_ltq_s(uint32_t a, uint32_t b, uint32_t *fflags)
{
	return f_lt(a, b, false, true, F32, fflags);
}

uint64_t fpu_leq_s(uint32_t a, uint32_t b, uint32_t *fflags)
{
	return f_lt(a, b, true, true, F32, fflags);
}

uint64_t fpu_ltq_d(uint64_t a, uint64_t b, uint32_t *fflags)
{
	return f_lt(a, b, false, true, F64, fflags);
}

uint64_t fpu_leq_d(uint64_t a, uint64_t b, uint32_t *fflags)
{
	return f_lt(a, b, true, true, F64, fflags);
}

uint64_t fpu_ltq_h(uint16_t a, uint16_t b, uint32_t *fflags)
{
	return f_lt(a, b, false, true, F16, fflags);
}

uint64_t fpu_leq_h(uint16_t a, uint16_t b, uint32_t *fflags)
{
	return f_lt(a, b, true, true, F16, fflags);
}

/* FCVTMOD.W.D: the flags of FCVT.W.D in RTZ; the result is the low 32
 * bits of the truncated, unbounded integer (0 for infinities and NaNs),
 * sign-extended. */
uint64_t fpu_cvtmod_w_d(uint64_t a, uint32_t *fflags)
{
	uint64_t mag;

	(void)f_to_int(a, I_W, F64, FPU_RM_RTZ, fflags);
	if (f_exp(a, F64) == F64.ef || f_iszero(a, F64))
		return 0;
	struct unp x = unpack(a, F64);
	if (x.exp < 0)
		mag = 0;
	else if (x.exp <= 62)
		mag = x.sig >> (62 - x.exp);
	else if (x.exp - 62 < 32)
		mag = x.sig << (x.exp - 62); /* bits above 63 do not matter */
	else
		mag = 0;
	if (x.sign)
		mag = -mag;
	return (uint64_t)(int64_t)(int32_t)(uint32_t)mag;
}
