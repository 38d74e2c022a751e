// SPDX-License-Identifier: MIT
/* The fpu_* API of hw/riscv/fpu.h implemented with the real F/D
 * instructions (static rounding mode, or dynamic through frm), for the
 * riscv64 halves of the differential FPU test (fpu_rv.c, fpu_bare.c). */
#ifndef TESTS_FPU_INSN_H
#define TESTS_FPU_INSN_H

#include <stdint.h>

#include "hw/riscv/fpu.h"

/* ---- the instructions ------------------------------------------------- */

static inline double d_of(uint64_t x) { double d; __builtin_memcpy(&d, &x, 8); return d; }
static inline uint64_t bits_d(double d) { uint64_t x; __builtin_memcpy(&x, &d, 8); return x; }
static inline float f_of(uint32_t x) { float f; __builtin_memcpy(&f, &x, 4); return f; }
static inline uint32_t bits_f(float f) { uint32_t x; __builtin_memcpy(&x, &f, 4); return x; }

/* One asm statement per mode: clear fflags, the instruction, read fflags.
 * With fpu_insn_dyn set, the mode goes to frm and the instruction uses the
 * dynamic mode instead. */
static int fpu_insn_dyn;

#define INSN_RM(INSN, OPS, ...)                                                   \
	if (fpu_insn_dyn) {                                                       \
		__asm__ volatile("fsrm %0" : : "r"(rm));                          \
		__asm__ volatile("fsflags zero\n\t" INSN " " OPS ", dyn\n\tfrflags %1" \
				 : __VA_ARGS__);                                  \
	} else switch (rm) {                                                      \
	case 0: __asm__ volatile("fsflags zero\n\t" INSN " " OPS ", rne\n\tfrflags %1" \
				 : __VA_ARGS__); break;                           \
	case 1: __asm__ volatile("fsflags zero\n\t" INSN " " OPS ", rtz\n\tfrflags %1" \
				 : __VA_ARGS__); break;                           \
	case 2: __asm__ volatile("fsflags zero\n\t" INSN " " OPS ", rdn\n\tfrflags %1" \
				 : __VA_ARGS__); break;                           \
	case 3: __asm__ volatile("fsflags zero\n\t" INSN " " OPS ", rup\n\tfrflags %1" \
				 : __VA_ARGS__); break;                           \
	default: __asm__ volatile("fsflags zero\n\t" INSN " " OPS ", rmm\n\tfrflags %1" \
				 : __VA_ARGS__); break;                           \
	}
#define INSN_NORM(INSN, OPS, ...) \
	__asm__ volatile("fsflags zero\n\t" INSN " " OPS "\n\tfrflags %1" : __VA_ARGS__)

#define BIN(name, insn, T, of, bits)                                              \
	T name(T a, T b, unsigned rm, uint32_t *fl)                               \
	{                                                                         \
		__typeof__(of(a)) x = of(a), y = of(b), r;                        \
		uint64_t f;                                                       \
		INSN_RM(insn, "%0, %2, %3", "=&f"(r), "=r"(f) : "f"(x), "f"(y))   \
		*fl |= (uint32_t)f;                                               \
		return bits(r);                                                   \
	}
#define UN(name, insn, T, of, bits)                                               \
	T name(T a, unsigned rm, uint32_t *fl)                                    \
	{                                                                         \
		__typeof__(of(a)) x = of(a), r;                                   \
		uint64_t f;                                                       \
		INSN_RM(insn, "%0, %2", "=&f"(r), "=r"(f) : "f"(x))               \
		*fl |= (uint32_t)f;                                               \
		return bits(r);                                                   \
	}
#define FMA(name, insn, T, of, bits)                                              \
	T name(T a, T b, T c, unsigned rm, uint32_t *fl)                          \
	{                                                                         \
		__typeof__(of(a)) x = of(a), y = of(b), z = of(c), r;             \
		uint64_t f;                                                       \
		INSN_RM(insn, "%0, %2, %3, %4", "=&f"(r), "=r"(f)                 \
			: "f"(x), "f"(y), "f"(z))                                 \
		*fl |= (uint32_t)f;                                               \
		return bits(r);                                                   \
	}
#define MM(name, insn, T, of, bits)                                               \
	T name(T a, T b, uint32_t *fl)                                            \
	{                                                                         \
		__typeof__(of(a)) x = of(a), y = of(b), r;                        \
		uint64_t f;                                                       \
		INSN_NORM(insn, "%0, %2, %3", "=&f"(r), "=r"(f) : "f"(x), "f"(y)); \
		*fl |= (uint32_t)f;                                               \
		return bits(r);                                                   \
	}
#define CMP(name, insn, T, of)                                                    \
	uint64_t name(T a, T b, uint32_t *fl)                                     \
	{                                                                         \
		__typeof__(of(a)) x = of(a), y = of(b);                           \
		uint64_t f, r;                                                    \
		INSN_NORM(insn, "%0, %2, %3", "=&r"(r), "=r"(f) : "f"(x), "f"(y)); \
		*fl |= (uint32_t)f;                                               \
		return r;                                                         \
	}
#define F2I(name, insn, T, of)                                                    \
	uint64_t name(T a, unsigned rm, uint32_t *fl)                             \
	{                                                                         \
		__typeof__(of(a)) x = of(a);                                      \
		uint64_t f, r;                                                    \
		INSN_RM(insn, "%0, %2", "=&r"(r), "=r"(f) : "f"(x))               \
		*fl |= (uint32_t)f;                                               \
		return r;                                                         \
	}
#define I2F(name, insn, T, FT, bits)                                              \
	T name(uint64_t x, unsigned rm, uint32_t *fl)                             \
	{                                                                         \
		FT r;                                                             \
		uint64_t f;                                                       \
		INSN_RM(insn, "%0, %2", "=&f"(r), "=r"(f) : "r"(x))               \
		*fl |= (uint32_t)f;                                               \
		return bits(r);                                                   \
	}

/* exact conversions: binutils takes no rounding mode for these */
#define I2F_EXACT(name, insn)                                                     \
	uint64_t name(uint64_t x, unsigned rm, uint32_t *fl)                      \
	{                                                                         \
		double r;                                                         \
		uint64_t f;                                                       \
		(void)rm;                                                         \
		INSN_NORM(insn, "%0, %2", "=&f"(r), "=r"(f) : "r"(x));            \
		*fl |= (uint32_t)f;                                               \
		return bits_d(r);                                                 \
	}

BIN(fpu_add_d, "fadd.d", uint64_t, d_of, bits_d)
BIN(fpu_sub_d, "fsub.d", uint64_t, d_of, bits_d)
BIN(fpu_mul_d, "fmul.d", uint64_t, d_of, bits_d)
BIN(fpu_div_d, "fdiv.d", uint64_t, d_of, bits_d)
UN(fpu_sqrt_d, "fsqrt.d", uint64_t, d_of, bits_d)
MM(fpu_min_d, "fmin.d", uint64_t, d_of, bits_d)
MM(fpu_max_d, "fmax.d", uint64_t, d_of, bits_d)
FMA(fpu_madd_d, "fmadd.d", uint64_t, d_of, bits_d)
FMA(fpu_msub_d, "fmsub.d", uint64_t, d_of, bits_d)
FMA(fpu_nmsub_d, "fnmsub.d", uint64_t, d_of, bits_d)
FMA(fpu_nmadd_d, "fnmadd.d", uint64_t, d_of, bits_d)
CMP(fpu_eq_d, "feq.d", uint64_t, d_of)
CMP(fpu_lt_d, "flt.d", uint64_t, d_of)
CMP(fpu_le_d, "fle.d", uint64_t, d_of)
F2I(fpu_cvt_w_d, "fcvt.w.d", uint64_t, d_of)
F2I(fpu_cvt_wu_d, "fcvt.wu.d", uint64_t, d_of)
F2I(fpu_cvt_l_d, "fcvt.l.d", uint64_t, d_of)
F2I(fpu_cvt_lu_d, "fcvt.lu.d", uint64_t, d_of)
I2F_EXACT(fpu_cvt_d_w, "fcvt.d.w")
I2F_EXACT(fpu_cvt_d_wu, "fcvt.d.wu")
I2F(fpu_cvt_d_l, "fcvt.d.l", uint64_t, double, bits_d)
I2F(fpu_cvt_d_lu, "fcvt.d.lu", uint64_t, double, bits_d)

BIN(fpu_add_s, "fadd.s", uint32_t, f_of, bits_f)
BIN(fpu_sub_s, "fsub.s", uint32_t, f_of, bits_f)
BIN(fpu_mul_s, "fmul.s", uint32_t, f_of, bits_f)
BIN(fpu_div_s, "fdiv.s", uint32_t, f_of, bits_f)
UN(fpu_sqrt_s, "fsqrt.s", uint32_t, f_of, bits_f)
MM(fpu_min_s, "fmin.s", uint32_t, f_of, bits_f)
MM(fpu_max_s, "fmax.s", uint32_t, f_of, bits_f)
FMA(fpu_madd_s, "fmadd.s", uint32_t, f_of, bits_f)
FMA(fpu_msub_s, "fmsub.s", uint32_t, f_of, bits_f)
FMA(fpu_nmsub_s, "fnmsub.s", uint32_t, f_of, bits_f)
FMA(fpu_nmadd_s, "fnmadd.s", uint32_t, f_of, bits_f)
CMP(fpu_eq_s, "feq.s", uint32_t, f_of)
CMP(fpu_lt_s, "flt.s", uint32_t, f_of)
CMP(fpu_le_s, "fle.s", uint32_t, f_of)
F2I(fpu_cvt_w_s, "fcvt.w.s", uint32_t, f_of)
F2I(fpu_cvt_wu_s, "fcvt.wu.s", uint32_t, f_of)
F2I(fpu_cvt_l_s, "fcvt.l.s", uint32_t, f_of)
F2I(fpu_cvt_lu_s, "fcvt.lu.s", uint32_t, f_of)
I2F(fpu_cvt_s_w, "fcvt.s.w", uint32_t, float, bits_f)
I2F(fpu_cvt_s_wu, "fcvt.s.wu", uint32_t, float, bits_f)
I2F(fpu_cvt_s_l, "fcvt.s.l", uint32_t, float, bits_f)
I2F(fpu_cvt_s_lu, "fcvt.s.lu", uint32_t, float, bits_f)

uint32_t fpu_cvt_s_d(uint64_t a, unsigned rm, uint32_t *fl)
{
	double x = d_of(a);
	float r;
	uint64_t f;
	INSN_RM("fcvt.s.d", "%0, %2", "=&f"(r), "=r"(f) : "f"(x))
	*fl |= (uint32_t)f;
	return bits_f(r);
}

uint64_t fpu_cvt_d_s(uint32_t a, uint32_t *fl)
{
	float x = f_of(a);
	double r;
	uint64_t f;
	INSN_NORM("fcvt.d.s", "%0, %2", "=&f"(r), "=r"(f) : "f"(x));
	*fl |= (uint32_t)f;
	return bits_d(r);
}

uint64_t fpu_class_d(uint64_t a)
{
	uint64_t r;
	__asm__ volatile("fclass.d %0, %1" : "=r"(r) : "f"(d_of(a)));
	return r;
}

uint64_t fpu_class_s(uint32_t a)
{
	uint64_t r;
	__asm__ volatile("fclass.s %0, %1" : "=r"(r) : "f"(f_of(a)));
	return r;
}

#endif /* TESTS_FPU_INSN_H */
