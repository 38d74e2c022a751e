/* RISC-V F, D, Zfh/Zfhmin and Zfa arithmetic as pure functions on raw bit
 * patterns (unprivileged ISA, chapters "F", "D", "Zfh and Zfhmin", "Zfa").
 *
 * - Values are IEEE 754 binary16 (uint16_t) / binary32 (uint32_t) / binary64
 *   (uint64_t) bit patterns; NaN-boxing of halves and singles in the 64-bit
 *   f registers is the caller's business.
 * - rm is an already resolved static/dynamic rounding mode, 0..4 (FPU_RM_*);
 *   other values are treated as RNE (the caller traps on reserved modes).
 * - Accrued exception flags are ORed into *fflags (FPU_FLAG_*), never cleared.
 * - Every NaN result is the canonical NaN; tininess is detected after rounding.
 * - Thread-safe and reentrant: no state, the host's MXCSR is neither read nor
 *   changed.  The fast paths use the host FPU and expect the calling
 *   thread's default state (round to nearest, no flush-to-zero / DAZ).
 */
#ifndef HW_RISCV_FPU_H
#define HW_RISCV_FPU_H

#include <stdbool.h>
#include <stdint.h>

enum { FPU_RM_RNE = 0, FPU_RM_RTZ = 1, FPU_RM_RDN = 2, FPU_RM_RUP = 3, FPU_RM_RMM = 4 };

#define FPU_FLAG_NX 0x01 /* inexact */
#define FPU_FLAG_UF 0x02 /* underflow */
#define FPU_FLAG_OF 0x04 /* overflow */
#define FPU_FLAG_DZ 0x08 /* divide by zero */
#define FPU_FLAG_NV 0x10 /* invalid operation */

#define FPU_CANON_NAN_S 0x7fc00000u
#define FPU_CANON_NAN_D 0x7ff8000000000000ull

/* FCLASS result bits */
#define FPU_CLASS_NINF     (1u << 0)
#define FPU_CLASS_NNORM    (1u << 1)
#define FPU_CLASS_NSUBNORM (1u << 2)
#define FPU_CLASS_NZERO    (1u << 3)
#define FPU_CLASS_PZERO    (1u << 4)
#define FPU_CLASS_PSUBNORM (1u << 5)
#define FPU_CLASS_PNORM    (1u << 6)
#define FPU_CLASS_PINF     (1u << 7)
#define FPU_CLASS_SNAN     (1u << 8)
#define FPU_CLASS_QNAN     (1u << 9)

/* ---- double precision ---- */
uint64_t fpu_add_d(uint64_t a, uint64_t b, unsigned rm, uint32_t *fflags);
uint64_t fpu_sub_d(uint64_t a, uint64_t b, unsigned rm, uint32_t *fflags);
uint64_t fpu_mul_d(uint64_t a, uint64_t b, unsigned rm, uint32_t *fflags);
uint64_t fpu_div_d(uint64_t a, uint64_t b, unsigned rm, uint32_t *fflags);
uint64_t fpu_sqrt_d(uint64_t a, unsigned rm, uint32_t *fflags);
/* FMIN.D/FMAX.D: IEEE 754-2019 minimumNumber/maximumNumber, -0 < +0, sNaN -> NV */
uint64_t fpu_min_d(uint64_t a, uint64_t b, uint32_t *fflags);
uint64_t fpu_max_d(uint64_t a, uint64_t b, uint32_t *fflags);
/* fused, one rounding: madd a*b+c, msub a*b-c, nmsub -(a*b)+c, nmadd -(a*b)-c */
uint64_t fpu_madd_d(uint64_t a, uint64_t b, uint64_t c, unsigned rm, uint32_t *fflags);
uint64_t fpu_msub_d(uint64_t a, uint64_t b, uint64_t c, unsigned rm, uint32_t *fflags);
uint64_t fpu_nmsub_d(uint64_t a, uint64_t b, uint64_t c, unsigned rm, uint32_t *fflags);
uint64_t fpu_nmadd_d(uint64_t a, uint64_t b, uint64_t c, unsigned rm, uint32_t *fflags);
/* compares return 0/1; FEQ is quiet, FLT/FLE signaling */
uint64_t fpu_eq_d(uint64_t a, uint64_t b, uint32_t *fflags);
uint64_t fpu_lt_d(uint64_t a, uint64_t b, uint32_t *fflags);
uint64_t fpu_le_d(uint64_t a, uint64_t b, uint32_t *fflags);
uint64_t fpu_class_d(uint64_t a);
/* to integer: the value for rd (32-bit results, W and WU, sign-extended) */
uint64_t fpu_cvt_w_d(uint64_t a, unsigned rm, uint32_t *fflags);
uint64_t fpu_cvt_wu_d(uint64_t a, unsigned rm, uint32_t *fflags);
uint64_t fpu_cvt_l_d(uint64_t a, unsigned rm, uint32_t *fflags);
uint64_t fpu_cvt_lu_d(uint64_t a, unsigned rm, uint32_t *fflags);
/* from integer: x is the rs1 register value (W forms use its low 32 bits) */
uint64_t fpu_cvt_d_w(uint64_t x, unsigned rm, uint32_t *fflags);
uint64_t fpu_cvt_d_wu(uint64_t x, unsigned rm, uint32_t *fflags);
uint64_t fpu_cvt_d_l(uint64_t x, unsigned rm, uint32_t *fflags);
uint64_t fpu_cvt_d_lu(uint64_t x, unsigned rm, uint32_t *fflags);
uint32_t fpu_cvt_s_d(uint64_t a, unsigned rm, uint32_t *fflags);
uint64_t fpu_cvt_d_s(uint32_t a, uint32_t *fflags);

/* ---- single precision ---- */
uint32_t fpu_add_s(uint32_t a, uint32_t b, unsigned rm, uint32_t *fflags);
uint32_t fpu_sub_s(uint32_t a, uint32_t b, unsigned rm, uint32_t *fflags);
uint32_t fpu_mul_s(uint32_t a, uint32_t b, unsigned rm, uint32_t *fflags);
uint32_t fpu_div_s(uint32_t a, uint32_t b, unsigned rm, uint32_t *fflags);
uint32_t fpu_sqrt_s(uint32_t a, unsigned rm, uint32_t *fflags);
uint32_t fpu_min_s(uint32_t a, uint32_t b, uint32_t *fflags);
uint32_t fpu_max_s(uint32_t a, uint32_t b, uint32_t *fflags);
uint32_t fpu_madd_s(uint32_t a, uint32_t b, uint32_t c, unsigned rm, uint32_t *fflags);
uint32_t fpu_msub_s(uint32_t a, uint32_t b, uint32_t c, unsigned rm, uint32_t *fflags);
uint32_t fpu_nmsub_s(uint32_t a, uint32_t b, uint32_t c, unsigned rm, uint32_t *fflags);
uint32_t fpu_nmadd_s(uint32_t a, uint32_t b, uint32_t c, unsigned rm, uint32_t *fflags);
uint64_t fpu_eq_s(uint32_t a, uint32_t b, uint32_t *fflags);
uint64_t fpu_lt_s(uint32_t a, uint32_t b, uint32_t *fflags);
uint64_t fpu_le_s(uint32_t a, uint32_t b, uint32_t *fflags);
uint64_t fpu_class_s(uint32_t a);
uint64_t fpu_cvt_w_s(uint32_t a, unsigned rm, uint32_t *fflags);
uint64_t fpu_cvt_wu_s(uint32_t a, unsigned rm, uint32_t *fflags);
uint64_t fpu_cvt_l_s(uint32_t a, unsigned rm, uint32_t *fflags);
uint64_t fpu_cvt_lu_s(uint32_t a, unsigned rm, uint32_t *fflags);
uint32_t fpu_cvt_s_w(uint64_t x, unsigned rm, uint32_t *fflags);
uint32_t fpu_cvt_s_wu(uint64_t x, unsigned rm, uint32_t *fflags);
uint32_t fpu_cvt_s_l(uint64_t x, unsigned rm, uint32_t *fflags);
uint32_t fpu_cvt_s_lu(uint64_t x, unsigned rm, uint32_t *fflags);

/* ---- for the vector unit (V 1.0 chapter 13) ---- */
#define FPU_CANON_NAN_H 0x7e00u
/* binary16 <-> binary32 (Zvfhmin's vfwcvt.f.f.v / vfncvt.f.f.w) */
uint32_t fpu_cvt_s_h(uint16_t a, uint32_t *fflags);
uint16_t fpu_cvt_h_s(uint32_t a, unsigned rm, uint32_t *fflags);
/* binary64 -> binary32 rounding to odd (vfncvt.rod.f.f.w) */
uint32_t fpu_cvt_s_d_rod(uint64_t a, uint32_t *fflags);
/* 7-bit estimates: vfrsqrt7 (13.9, independent of rm), vfrec7 (13.10) */
uint32_t fpu_rsqrt7_s(uint32_t a, uint32_t *fflags);
uint64_t fpu_rsqrt7_d(uint64_t a, uint32_t *fflags);
uint32_t fpu_rec7_s(uint32_t a, unsigned rm, uint32_t *fflags);
uint64_t fpu_rec7_d(uint64_t a, unsigned rm, uint32_t *fflags);

/* ---- half precision (Zfh; Zfhmin's conversions) ----
 * binary16 bit patterns in uint16_t; NaN-boxing is the caller's business,
 * as for singles.  fpu_cvt_s_h / fpu_cvt_h_s above are FCVT.S.H / FCVT.H.S. */
uint16_t fpu_add_h(uint16_t a, uint16_t b, unsigned rm, uint32_t *fflags);
uint16_t fpu_sub_h(uint16_t a, uint16_t b, unsigned rm, uint32_t *fflags);
uint16_t fpu_mul_h(uint16_t a, uint16_t b, unsigned rm, uint32_t *fflags);
uint16_t fpu_div_h(uint16_t a, uint16_t b, unsigned rm, uint32_t *fflags);
uint16_t fpu_sqrt_h(uint16_t a, unsigned rm, uint32_t *fflags);
uint16_t fpu_min_h(uint16_t a, uint16_t b, uint32_t *fflags);
uint16_t fpu_max_h(uint16_t a, uint16_t b, uint32_t *fflags);
uint16_t fpu_madd_h(uint16_t a, uint16_t b, uint16_t c, unsigned rm, uint32_t *fflags);
uint16_t fpu_msub_h(uint16_t a, uint16_t b, uint16_t c, unsigned rm, uint32_t *fflags);
uint16_t fpu_nmsub_h(uint16_t a, uint16_t b, uint16_t c, unsigned rm, uint32_t *fflags);
uint16_t fpu_nmadd_h(uint16_t a, uint16_t b, uint16_t c, unsigned rm, uint32_t *fflags);
uint64_t fpu_eq_h(uint16_t a, uint16_t b, uint32_t *fflags);
uint64_t fpu_lt_h(uint16_t a, uint16_t b, uint32_t *fflags);
uint64_t fpu_le_h(uint16_t a, uint16_t b, uint32_t *fflags);
uint64_t fpu_class_h(uint16_t a);
uint64_t fpu_cvt_w_h(uint16_t a, unsigned rm, uint32_t *fflags);
uint64_t fpu_cvt_wu_h(uint16_t a, unsigned rm, uint32_t *fflags);
uint64_t fpu_cvt_l_h(uint16_t a, unsigned rm, uint32_t *fflags);
uint64_t fpu_cvt_lu_h(uint16_t a, unsigned rm, uint32_t *fflags);
uint16_t fpu_cvt_h_w(uint64_t x, unsigned rm, uint32_t *fflags);
uint16_t fpu_cvt_h_wu(uint64_t x, unsigned rm, uint32_t *fflags);
uint16_t fpu_cvt_h_l(uint64_t x, unsigned rm, uint32_t *fflags);
uint16_t fpu_cvt_h_lu(uint64_t x, unsigned rm, uint32_t *fflags);
uint64_t fpu_cvt_d_h(uint16_t a, uint32_t *fflags);
uint16_t fpu_cvt_h_d(uint64_t a, unsigned rm, uint32_t *fflags);

/* ---- Zfa ---- */
/* FLI.fmt: entry idx (0..31) of the constant table (never any flag) */
uint32_t fpu_fli_s(unsigned idx);
uint64_t fpu_fli_d(unsigned idx);
uint16_t fpu_fli_h(unsigned idx);
/* FMINM/FMAXM: IEEE 754-2019 minimum/maximum (any NaN -> canonical NaN) */
uint32_t fpu_minm_s(uint32_t a, uint32_t b, uint32_t *fflags);
uint32_t fpu_maxm_s(uint32_t a, uint32_t b, uint32_t *fflags);
uint64_t fpu_minm_d(uint64_t a, uint64_t b, uint32_t *fflags);
uint64_t fpu_maxm_d(uint64_t a, uint64_t b, uint32_t *fflags);
uint16_t fpu_minm_h(uint16_t a, uint16_t b, uint32_t *fflags);
uint16_t fpu_maxm_h(uint16_t a, uint16_t b, uint32_t *fflags);
/* FROUND (exact = false) / FROUNDNX (exact = true: NX when inexact) */
uint32_t fpu_round_s(uint32_t a, unsigned rm, bool exact, uint32_t *fflags);
uint64_t fpu_round_d(uint64_t a, unsigned rm, bool exact, uint32_t *fflags);
uint16_t fpu_round_h(uint16_t a, unsigned rm, bool exact, uint32_t *fflags);
/* FLTQ/FLEQ: FLT/FLE that signal only on signaling NaNs */
uint64_t fpu_ltq_s(uint32_t a, uint32_t b, uint32_t *fflags);
uint64_t fpu_leq_s(uint32_t a, uint32_t b, uint32_t *fflags);
uint64_t fpu_ltq_d(uint64_t a, uint64_t b, uint32_t *fflags);
uint64_t fpu_leq_d(uint64_t a, uint64_t b, uint32_t *fflags);
uint64_t fpu_ltq_h(uint16_t a, uint16_t b, uint32_t *fflags);
uint64_t fpu_leq_h(uint16_t a, uint16_t b, uint32_t *fflags);
/* FCVTMOD.W.D: truncate, keep bits 31:0 sign-extended (inf/NaN -> 0);
 * the flags of FCVT.W.D with RTZ */
uint64_t fpu_cvtmod_w_d(uint64_t a, uint32_t *fflags);

/* ---- NaN-boxing in the 64-bit f registers (unprivileged spec, "NaN
 * Boxing of Narrower Values"): the interpreter's and the JIT's ---- */
#define F_SIGN64 0x8000000000000000ULL
#define F_SIGN32 0x80000000u

static inline uint32_t unbox_s(uint64_t v)
{
	return (v >> 32) == 0xffffffffu ? (uint32_t)v : FPU_CANON_NAN_S;
}

static inline uint64_t box_s(uint32_t v)
{
	return 0xffffffff00000000ULL | v;
}

/* Halves (Zfh, Zfhmin) are boxed the same way: all ones above bit 15. */
static inline uint16_t unbox_h(uint64_t v)
{
	return (v >> 16) == 0xffffffffffffULL ? (uint16_t)v : FPU_CANON_NAN_H;
}

static inline uint64_t box_h(uint16_t v)
{
	return 0xffffffffffff0000ULL | v;
}

#endif /* HW_RISCV_FPU_H */
