/* SPDX-License-Identifier: MIT */
/* The vector extension (V 1.0): the hart's vector state and what the files
 * that implement the instructions share (vector.c: configuration, CSRs and
 * dispatch; vector_mem.c: loads and stores; vector_int.c: integer and
 * fixed-point arithmetic; vector_mask.c: mask, reduction and permutation;
 * vector_fp.c: floating point; vector_bitmanip.c: Zvbb).
 *
 * Elements of a register group are contiguous: register r starts at byte
 * r * vlenb of reg[], element i of SEW bytes at byte i * SEW of its group
 * (little-endian host).  Tail and inactive elements are always left
 * undisturbed, which every policy allows (V 1.0 3.4.3). */
#ifndef HW_RISCV_VECTOR_H
#define HW_RISCV_VECTOR_H

#include "hw/riscv/hart_internal.h"


/* What one vector instruction works on, set up by vec_exec (vector.c). */
struct vctx {
	struct hart *h;
	const struct insn *ip;
	uint32_t raw;
	unsigned funct3, funct6;   /* funct3: OPIVV..OPCFG (enum vcat) */
	unsigned vd, vs1, vs2;     /* vs1 is also rs1 (the register number) */
	bool vm;                   /* true: unmasked (bit 25 set) */
	unsigned sew;              /* bits: 8, 16, 32, 64 (from vtype) */
	int lmul_log2;             /* -3 .. 3 */
	uint64_t vl, vstart, vlmax;
	unsigned vlenb;
	uint8_t *v;                /* h->vec.reg */
};

/* The OP-V funct3 categories (V 1.0 10.1). */
enum vcat { OPIVV, OPFVV, OPMVV, OPIVI, OPIVX, OPFVF, OPMVX, OPCFG };

enum vec_result {
	VEC_OK,          /* done: vstart is cleared, VS (and FS if set) dirty */
	VEC_ILLEGAL,     /* illegal-instruction exception */
	VEC_TRAP,        /* a trap recorded with hart_set_trap (vstart kept) */
};

typedef enum vec_result (*vec_fn)(struct vctx *c);

/* One row of an instruction table: funct6 and the categories (1 << enum
 * vcat) it has, e.g. vadd: OPIVV, OPIVX and OPIVI.  flags: VF_*. */
struct vec_opdesc {
	uint8_t funct6;
	uint8_t cats;
	uint8_t flags;
	vec_fn fn;
};
#define VF_ANY_VTYPE 1u  /* runs with vtype.vill set (whole-register moves) */
#define VF_FP        2u  /* floating point: mstatus.FS must be on */
#define VCAT(x) (1u << (x))

/* The tables, each ending with a zero row (fn NULL). */
extern const struct vec_opdesc vec_ops_int[];   /* vector_int.c */
extern const struct vec_opdesc vec_ops_mask[];  /* vector_mask.c */
extern const struct vec_opdesc vec_ops_fp[];    /* vector_fp.c */
extern const struct vec_opdesc vec_ops_bitmanip[];  /* vector_bitmanip.c */

/* vector_bitmanip.c: Zvbb's unary forms of VXUNARY0 (OPMVV funct6 010010,
 * vs1 01000..01110), called by vector_int.c's handler of that row. */
enum vec_result vec_xunary0_zvbb(struct vctx *c);

/* vector_mem.c: every vector load and store (LOAD-FP/STORE-FP with a
 * vector width), including whole-register, mask, strided, indexed,
 * segment and fault-only-first forms. */
enum vec_result vec_load_store(struct vctx *c, bool store);

/* vector.c: run the vector instruction ip (OP_VSET*, OP_VARITH, OP_VLOAD,
 * OP_VSTORE); exec.c turns the result into NEXT, an illegal-instruction
 * trap or a recorded trap. */
enum vec_result vec_exec(struct hart *h, const struct insn *ip);
void vec_reset(struct hart *h);

/* vector_fast.c: the fast path of common instructions in their common
 * state; false leaves everything to vec_exec.  vec_fast_kind: decode.c's
 * classification (the insn's rs3; imm -1 until vec_exec records the vtype
 * the instruction was found legal with). */
unsigned vec_fast_kind(uint32_t raw, unsigned op);
bool vec_fast(struct hart *h, const struct insn *ip);

/* --- configuration --------------------------------------------------- */

static inline int lmul_log2_of(uint64_t vtype)
{
	unsigned f = vtype & VTYPE_VLMUL;
	return f < 4 ? (int)f : (int)f - 8;  /* 5, 6, 7: 1/8, 1/4, 1/2; 4 reserved */
}

/* VLEN / SEW * LMUL, in shifts (SEW is a power of two; no division on
 * the path of every vector instruction). */
static inline uint64_t vlmax_of(unsigned vlenb, unsigned sew, int lmul_log2)
{
	uint64_t per_reg = (uint64_t)vlenb * 8 >> __builtin_ctz(sew);
	return lmul_log2 >= 0 ? per_reg << lmul_log2 : per_reg >> -lmul_log2;
}

/* --- helpers for the instruction files --------------------------------- */

/* Element pointers into the register file (which is a byte array). */
typedef uint8_t vu8 __attribute__((may_alias));
typedef uint16_t vu16 __attribute__((may_alias));
typedef uint32_t vu32 __attribute__((may_alias));
typedef uint64_t vu64 __attribute__((may_alias));

/* BODY(W, EXPR) for the current SEW (vctx c in scope): the instruction
 * files' element-width dispatch, W one of 8, 16, 32, 64. */
#define SEW_EACH(BODY, EXPR)                                            \
	switch (c->sew) {                                               \
	case 8: BODY(8, EXPR) break;                                    \
	case 16: BODY(16, EXPR) break;                                  \
	case 32: BODY(32, EXPR) break;                                  \
	default: BODY(64, EXPR) break;                                  \
	}

/* BODY for each active element i in vstart..vl-1 (v0.mask[i] set, or
 * unmasked: that loop has no mask test); tail and inactive elements are
 * not touched. */
#define VLOOP(c, i, ...) do {                                          \
	uint64_t end_ = (c)->vl;                                        \
	if ((c)->vm) {                                                  \
		for (uint64_t i = (c)->vstart; i < end_; i++) { __VA_ARGS__; } \
	} else {                                                        \
		const uint8_t *m_ = (c)->v;                             \
		for (uint64_t i = (c)->vstart; i < end_; i++)           \
			if ((m_[i >> 3] >> (i & 7)) & 1) { __VA_ARGS__; } \
	}                                                               \
} while (0)


static inline uint8_t *vreg(const struct vctx *c, unsigned r)
{
	return c->v + (uintptr_t)r * c->vlenb;
}

/* Mask bit i of register r (one bit per element, 5.3). */
static inline bool vmask_bit(const struct vctx *c, unsigned r, uint64_t i)
{
	return (vreg(c, r)[i >> 3] >> (i & 7)) & 1;
}

static inline void vmask_set(const struct vctx *c, unsigned r, uint64_t i, bool b)
{
	uint8_t *p = &vreg(c, r)[i >> 3];
	*p = (uint8_t)((*p & ~(1u << (i & 7))) | ((unsigned)b << (i & 7)));
}

/* Is element i active (unmasked, or v0.mask[i] set)? */
static inline bool vactive(const struct vctx *c, uint64_t i)
{
	return c->vm || vmask_bit(c, 0, i);
}

/* Element i of the group at r, esz bytes, zero-extended. */
static inline uint64_t vget(const struct vctx *c, unsigned r, uint64_t i, unsigned esz)
{
	const uint8_t *p = vreg(c, r) + i * esz;
	switch (esz) {
	case 1: return *p;
	case 2: { uint16_t t; __builtin_memcpy(&t, p, 2); return t; }
	case 4: { uint32_t t; __builtin_memcpy(&t, p, 4); return t; }
	default: { uint64_t t; __builtin_memcpy(&t, p, 8); return t; }
	}
}

static inline void vset(const struct vctx *c, unsigned r, uint64_t i, unsigned esz, uint64_t val)
{
	uint8_t *p = vreg(c, r) + i * esz;
	switch (esz) {
	case 1: *p = (uint8_t)val; break;
	case 2: { uint16_t t = (uint16_t)val; __builtin_memcpy(p, &t, 2); break; }
	case 4: { uint32_t t = (uint32_t)val; __builtin_memcpy(p, &t, 4); break; }
	default: __builtin_memcpy(p, &val, 8); break;
	}
}

static inline int64_t vsext(uint64_t v, unsigned bits)
{
	return bits >= 64 ? (int64_t)v : (int64_t)(v << (64 - bits)) >> (64 - bits);
}

static inline uint64_t vtrunc(uint64_t v, unsigned bits)
{
	return bits >= 64 ? v : v & ((1ULL << bits) - 1);
}

/* Copy n bytes (guest memory and vector registers).  The runs a vector
 * instruction moves are short (VLEN/8 to 8·VLEN/8 bytes), and the inline
 * `rep movs` a compiler makes of a variable-length memcpy costs more than
 * such a copy: 16-byte moves instead, the library's memcpy for long ones. */
#if defined(__GNUC__) && !defined(__clang__)
__attribute__((optimize("no-tree-loop-distribute-patterns")))
#endif
static inline void vec_copy(void *dst, const void *src, size_t n)
{
	uint8_t *d = dst;
	const uint8_t *s = src;
	if (n > 512) {
		memcpy(d, s, n);
		return;
	}
	for (; n >= 16; n -= 16, d += 16, s += 16)
		__builtin_memcpy(d, s, 16);
	if (n >= 8) {
		__builtin_memcpy(d, s, 8);
		d += 8, s += 8, n -= 8;
	}
	if (n >= 4) {
		__builtin_memcpy(d, s, 4);
		d += 4, s += 4, n -= 4;
	}
	for (; n; n--)
		*d++ = *s++;
}

/* Registers in a group of EMUL = 2^emul_log2 (at least 1). */
static inline unsigned vgroup_regs(int emul_log2)
{
	return emul_log2 > 0 ? 1u << emul_log2 : 1u;
}

/* Is r a legal base for a group of 2^emul_log2 registers (aligned, within
 * v0..v31; 3.4.2)?  EMUL above 8 is never legal. */
static inline bool vreg_ok(unsigned r, int emul_log2)
{
	if (emul_log2 > 3)
		return false;
	unsigned n = vgroup_regs(emul_log2);
	return (r & (n - 1)) == 0 && r + n <= 32;
}

/* Do the groups [a, a+na) and [b, b+nb) share a register? */
static inline bool vregs_overlap(unsigned a, unsigned na, unsigned b, unsigned nb)
{
	return a < b + nb && b < a + na;
}

/* A masked instruction may not write v0 as a destination of SEW-wide
 * elements (5.3): the common check. */
static inline bool vd_overlaps_v0(const struct vctx *c)
{
	return !c->vm && c->vd == 0;
}

/* The scalar operand x[rs1] as a SEW-bit value (sign-extended then
 * truncated: OPIVX, OPMVX), and simm5 / uimm5 (OPIVI). */
uint64_t vec_xreg(const struct vctx *c, unsigned r);
static inline int64_t vec_simm5(const struct vctx *c)
{
	return (int64_t)((int32_t)(c->vs1 << 27) >> 27);
}
static inline unsigned vec_uimm5(const struct vctx *c)
{
	return c->vs1;
}

/* Writing x[rd] (vmv.x.s, vcpop, vfirst ...): the x0 sink is handled. */
void vec_set_xreg(const struct vctx *c, unsigned rd, uint64_t val);

/* f[rs1] for SEW-bit FP (OPFVF): NaN-boxing checked for SEW < 64 (a
 * value not properly boxed reads as the canonical NaN, 13.2). */
uint64_t vec_freg(const struct vctx *c, unsigned r);
void vec_set_freg(const struct vctx *c, unsigned rd, uint64_t val);

/* The rounding mode for an FP instruction: frm, or -1 if frm is invalid
 * (the instruction is then illegal).  fflags accumulate in *vec_fflags. */
int vec_frm(const struct vctx *c);
uint32_t *vec_fflags(const struct vctx *c);

/* vxrm-based rounding increment for a right shift of v by d bits (V 1.0
 * 3.8): the bit to add to (v >> d). */
static inline uint64_t vec_round_inc(unsigned vxrm, uint64_t v, unsigned d)
{
	if (d == 0)
		return 0;
	uint64_t lsb = (v >> d) & 1, half = (v >> (d - 1)) & 1;
	uint64_t rest = d >= 2 ? (v & ((1ULL << (d - 1)) - 1)) != 0 : 0;
	switch (vxrm & 3) {
	case 0: return half;                        /* rnu */
	case 1: return half & (rest | lsb);         /* rne */
	case 2: return 0;                           /* rdn */
	default: return !lsb & ((v & ((d >= 64 ? ~0ULL : (1ULL << d) - 1))) != 0); /* rod */
	}
}

#endif
