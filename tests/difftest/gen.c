// SPDX-License-Identifier: MIT
/* Differential-test generator (a host program).
 *
 * Writes an assembly file of COUNT independent random instruction
 * sequences; tests/difftest/harness.S runs them and prints the state each
 * one leaves behind, so two RISC-V implementations running the same ELF
 * must print the same bytes.
 *
 * Each sequence, from its own PRNG stream (seed, index):
 *   - loads x1..x31, f0..f31 and fcsr (frm 0..4, fflags 0) from a table of
 *     random and interesting values (harness dt_load);
 *   - runs LEN random instructions: RV64IMAFDC, Zba/Zbb/Zbs, optionally
 *     Zicond, Zbc/Zbkb/Zbkx and Zimop/Zcmop, with short forward
 *     branches/jumps over random instructions;
 *   - has the harness store and print the registers, fcsr and an FNV-1a
 *     checksum of its 512-byte data area (harness dt_dump).
 *
 * Registers the instructions never write: x0 (a few 32-bit instructions
 * name it as rd: the result is dropped), sp (x2) = data area, s0 (x8) =
 * data area + 256; both stay valid bases for every load and store form
 * (including c.*sp and the x8-based c.lw/c.ld/c.fld forms).  A quarter of
 * the data areas sit with s0 on a page boundary, so that misaligned
 * accesses straddle it.
 *
 * Kept out because it is implementation-defined: SC outcome after anything
 * but a plain same-address, same-width LR with no memory access between
 * (the reservation set's size and its loss on other accesses vary); frm
 * values 5..7 and reserved static rm values (illegal instruction);
 * misaligned AMO/LR/SC; time/cycle/instret reads.
 * Shaped around QEMU 7.2 (the oracle): ctzw only sees sign-extended words
 * (see gen_bitmanip); Zicond is emulated by the harness there.
 *
 * Usage: gen [-s SEED] [-k COUNT] [-n LEN] [-i INDEX] [-z] [-x] [-y] [-m] [-j] [-f]
 *   -i INDEX  emit only sequence INDEX (same instructions as in the full file)
 *   -z        include Zicond (czero.eqz/czero.nez; QEMU 7.2 lacks it, the
 *             harness emulates it on the illegal-instruction trap)
 *   -x        include Zbc, Zbkb and Zbkx (QEMU 7.2 has them, Zbkb/Zbkx with
 *             -cpu rv64,zbkb=true,zbkx=true)
 *   -y        include Zimop and Zcmop (QEMU 7.2 lacks them, the harness
 *             emulates them: rd = 0 / nothing)
 *   -m        have the harness print the data area after each sequence
 *   -j        integer instructions only (no FP, atomics, fcsr, fences)
 *   -f        mostly F/D instructions and fcsr accesses
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define DATA_SIZE 512   /* bytes of data area per sequence (harness.S) */
#define S0_OFF    256   /* s0 = data + S0_OFF, sp = data */
#define MAX_DEPTH 2     /* nesting of forward branch blocks */

struct rng {
	uint64_t s;
};

struct gen {
	FILE *out;
	struct rng rng;
	unsigned seq;     /* sequence index */
	unsigned label;   /* next local label number within the sequence */
	bool zicond;
	bool zbk;         /* -x: Zbc, Zbkb, Zbkx */
	bool mop;         /* -y: Zimop, Zcmop */
	bool int_only;   /* -j: no FP, atomics, fcsr or fences (long integer runs for the JIT) */
	bool fp_heavy;   /* -f: mostly FP (long FP runs for the JIT) */
	char ftype[32];   /* what f<n> last held: 's', 'd' or 0 (a guide only) */
	bool sc_seen;     /* an LR/SC pair was emitted, at sc_base + sc_imm */
	bool sc_d;
	unsigned sc_base;
	int sc_imm;
};

/* ---- PRNG: splitmix64 ---- */

static uint64_t mix64(uint64_t z)
{
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint64_t rnd(struct gen *g)
{
	g->rng.s += 0x9e3779b97f4a7c15ULL;
	return mix64(g->rng.s);
}

/* Uniform in [0, n), n > 0. */
static uint64_t below(struct gen *g, uint64_t n)
{
	return rnd(g) % n;
}

/* Uniform in [lo, hi]. */
static int64_t range(struct gen *g, int64_t lo, int64_t hi)
{
	return lo + (int64_t)below(g, (uint64_t)(hi - lo) + 1);
}

static bool chance(struct gen *g, unsigned pct)
{
	return below(g, 100) < pct;
}

#define PICK(g, arr) ((arr)[below((g), sizeof(arr) / sizeof((arr)[0]))])

/* ---- output ---- */

static void __attribute__((format(printf, 2, 3))) emit(struct gen *g, const char *fmt, ...)
{
	va_list ap;
	fputc('\t', g->out);
	va_start(ap, fmt);
	vfprintf(g->out, fmt, ap);
	va_end(ap);
	fputc('\n', g->out);
}

/* C leaves the order in which function arguments are evaluated open, and
 * the operands come from the PRNG: EMITn draws them left to right first, so
 * a seed gives the same program whatever compiler built the generator. */
#define EMIT2(g, fmt, a, b) do { __auto_type a_ = (a); __auto_type b_ = (b); \
	emit(g, fmt, a_, b_); } while (0)
#define EMIT3(g, fmt, a, b, c) do { __auto_type a_ = (a); __auto_type b_ = (b); \
	__auto_type c_ = (c); emit(g, fmt, a_, b_, c_); } while (0)
#define EMIT4(g, fmt, a, b, c, d) do { __auto_type a_ = (a); __auto_type b_ = (b); \
	__auto_type c_ = (c); __auto_type d_ = (d); emit(g, fmt, a_, b_, c_, d_); } while (0)
#define EMIT5(g, fmt, a, b, c, d, e) do { __auto_type a_ = (a); __auto_type b_ = (b); \
	__auto_type c_ = (c); __auto_type d_ = (d); __auto_type e_ = (e); \
	emit(g, fmt, a_, b_, c_, d_, e_); } while (0)
#define EMIT6(g, fmt, a, b, c, d, e, h) do { __auto_type a_ = (a); __auto_type b_ = (b); \
	__auto_type c_ = (c); __auto_type d_ = (d); __auto_type e_ = (e); __auto_type h_ = (h); \
	emit(g, fmt, a_, b_, c_, d_, e_, h_); } while (0)

static unsigned new_label(struct gen *g)
{
	return g->label++;
}

static void put_label(struct gen *g, unsigned l)
{
	fprintf(g->out, ".Lb%u_%u:\n", g->seq, l);
}

/* ---- registers ---- */

/* Writable integer registers: all but x0, sp (x2) and s0 (x8). */
static const unsigned free_x[] = {
	1, 3, 4, 5, 6, 7, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20,
	21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31,
};

static unsigned xw(struct gen *g)  /* destination */
{
	return PICK(g, free_x);
}

/* Destination of a 32-bit instruction: rarely x0 (the result is dropped,
 * side effects such as fflags, stores and traps remain). */
static unsigned xw0(struct gen *g)
{
	return chance(g, 2) ? 0 : xw(g);
}

static unsigned xw_not(struct gen *g, unsigned avoid)
{
	unsigned r;
	do
		r = xw(g);
	while (r == avoid);
	return r;
}

static unsigned xr(struct gen *g)  /* source: any register */
{
	return (unsigned)below(g, 32);
}

static unsigned cxw(struct gen *g)  /* RVC rd' (x8..x15) minus s0 */
{
	return (unsigned)range(g, 9, 15);
}

static unsigned cxr(struct gen *g)  /* RVC rs' (x8..x15) */
{
	return (unsigned)range(g, 8, 15);
}

static unsigned fr(struct gen *g)
{
	return (unsigned)below(g, 32);
}

static unsigned cfr(struct gen *g)
{
	return (unsigned)range(g, 8, 15);
}

/* An FP source for an operation of format f ('s' or 'd'): mostly one that
 * holds that format, so that not every result is the canonical NaN. */
static unsigned frs(struct gen *g, char f)
{
	unsigned cand[32], n = 0;
	for (unsigned i = 0; i < 32; i++)
		if (g->ftype[i] == f)
			cand[n++] = i;
	if (n && chance(g, 85))
		return cand[below(g, n)];
	return fr(g);
}

/* An FP destination that will hold format f (0: unknown). */
static unsigned frd(struct gen *g, char f)
{
	unsigned r = fr(g);
	g->ftype[r] = f;
	return r;
}

/* ---- interesting values ---- */

static const uint64_t int_vals[] = {
	0, 1, 2, 3, 0xffffffffffffffffULL, 0xfffffffffffffffeULL,
	0x8000000000000000ULL, 0x7fffffffffffffffULL, 0x8000000000000001ULL,
	0xffffffff80000000ULL, 0x7fffffffULL, 0x80000000ULL, 0xffffffffULL,
	0x100000000ULL, 0xffffffff7fffffffULL, 0xffffULL, 0x8000ULL, 0xffffffffffff8000ULL,
	0xffULL, 0x80ULL, 0xffffffffffffff80ULL, 0x0101010101010101ULL,
	0x8080808080808080ULL, 0x00ff00ff00ff00ffULL, 31, 32, 33, 63, 64, 65,
};

static const uint64_t dbl_vals[] = {
	0x0000000000000000ULL, 0x8000000000000000ULL,  /* +-0 */
	0x7ff0000000000000ULL, 0xfff0000000000000ULL,  /* +-inf */
	0x7ff8000000000000ULL, 0xfff8000000000000ULL,  /* qNaN */
	0x7ff0000000000001ULL, 0x7ff4000000000000ULL,  /* sNaN */
	0xfff0000000000001ULL, 0x7ffc000000000123ULL,  /* sNaN, qNaN payload */
	0x0000000000000001ULL, 0x000fffffffffffffULL,  /* subnormals */
	0x8000000000000001ULL, 0x800fffffffffffffULL,
	0x0008000000000000ULL, 0x0010000000000000ULL,  /* min normal */
	0x001fffffffffffffULL, 0x0010000000000001ULL,  /* just above it */
	0x3fefffffffffffffULL, 0x3fe0000000000001ULL,  /* 1-ulp, 0.5+ulp: tininess edges */
	0x7fefffffffffffffULL, 0xffefffffffffffffULL,  /* max */
	0x3ff0000000000000ULL, 0xbff0000000000000ULL,  /* +-1 */
	0x3fe0000000000000ULL, 0xbfe0000000000000ULL,  /* +-0.5 */
	0x3ff8000000000000ULL, 0xbff8000000000000ULL,  /* +-1.5 */
	0x4004000000000000ULL, 0xc004000000000000ULL,  /* +-2.5 */
	0x3fdfffffffffffffULL, 0x3ff0000000000001ULL,
	0x41dfffffffc00000ULL, 0x41e0000000000000ULL,  /* 2^31-1, 2^31 */
	0xc1e0000000000000ULL, 0xc1e0000000200000ULL,  /* -2^31, -2^31-1 */
	0x41efffffffe00000ULL, 0x41f0000000000000ULL,  /* 2^32-1, 2^32 */
	0x43dfffffffffffffULL, 0x43e0000000000000ULL,  /* < 2^63, 2^63 */
	0xc3e0000000000000ULL, 0xc3e0000000000001ULL,  /* -2^63, below */
	0x43efffffffffffffULL, 0x43f0000000000000ULL,  /* < 2^64, 2^64 */
	0x36a0000000000000ULL, 0x380fffffffffffffULL,  /* near single subnormal */
	0x3810000000000000ULL, 0x47efffffe0000000ULL,  /* single min normal, max */
	0x47efffffefffffffULL, 0x47effffff0000000ULL,  /* single overflow edge */
};

static const uint32_t sgl_vals[] = {
	0x00000000, 0x80000000, 0x7f800000, 0xff800000, 0x7fc00000, 0xffc00000,
	0x7f800001, 0x7fa00000, 0xff800001, 0x7fc00123, 0x00000001, 0x007fffff,
	0x80000001, 0x807fffff, 0x00400000, 0x00800000, 0x7f7fffff, 0xff7fffff,
	0x00ffffff, 0x00800001, 0x3f7fffff, 0x3f000001,
	0x3f800000, 0xbf800000, 0x3f000000, 0xbf000000, 0x3fc00000, 0xbfc00000,
	0x40200000, 0xc0200000, 0x3effffff, 0x3f800001, 0x4effffff, 0x4f000000,
	0xcf000000, 0xcf000001, 0x4f7fffff, 0x4f800000, 0x5effffff, 0x5f000000,
	0xdf000000, 0xdf000001, 0x5f7fffff, 0x5f800000,
};

/* A random finite double with an exponent near 1.0, often with a short
 * mantissa (so sums and products are often exact or exactly halfway). */
static uint64_t rnd_dbl(struct gen *g)
{
	uint64_t sign = (uint64_t)chance(g, 40) << 63;
	uint64_t exp = (uint64_t)range(g, 1023 - 70, 1023 + 70);
	uint64_t man = rnd(g) & 0xfffffffffffffULL;
	if (chance(g, 40))
		man &= ~0ULL << range(g, 30, 52);
	switch (below(g, 10)) {
	case 0: exp = (uint64_t)range(g, 0, 2); break;           /* subnormal/tiny */
	case 1: exp = (uint64_t)range(g, 2040, 2046); break;     /* huge */
	case 2: exp = (uint64_t)range(g, 1023 - 160, 1023 - 110); break; /* near single tiny */
	default: break;
	}
	return sign | exp << 52 | man;
}

static uint32_t rnd_sgl(struct gen *g)
{
	uint32_t sign = (uint32_t)chance(g, 40) << 31;
	uint32_t exp = (uint32_t)range(g, 127 - 30, 127 + 30);
	uint32_t man = (uint32_t)rnd(g) & 0x7fffff;
	if (chance(g, 40))
		man &= ~0U << range(g, 10, 23);
	switch (below(g, 10)) {
	case 0: exp = (uint32_t)range(g, 0, 2); break;
	case 1: exp = (uint32_t)range(g, 250, 254); break;
	default: break;
	}
	return sign | exp << 23 | man;
}

static uint64_t small_dbl(struct gen *g)  /* k/2 for small k: rounding ties */
{
	int k = (int)range(g, -41, 41);
	union { double d; uint64_t u; } v = { .d = k / 2.0 };
	return v.u;
}

static uint32_t small_sgl(struct gen *g)
{
	int k = (int)range(g, -41, 41);
	union { float f; uint32_t u; } v = { .f = (float)k / 2.0f };
	return v.u;
}

static uint64_t any_sgl_bits(struct gen *g)
{
	switch (below(g, 3)) {
	case 0: return PICK(g, sgl_vals);
	case 1: return small_sgl(g);
	default: return rnd_sgl(g);
	}
}

/* A 64-bit FP register image: doubles, NaN-boxed singles, unboxed singles. */
static uint64_t fp_val(struct gen *g)
{
	unsigned k = (unsigned)below(g, 100);
	if (k < 12)
		return PICK(g, dbl_vals);
	if (k < 20)
		return small_dbl(g);
	if (k < 35)
		return rnd_dbl(g);
	if (k < 85)
		return 0xffffffff00000000ULL | any_sgl_bits(g);
	if (k < 95) {  /* not NaN-boxed: reads as the canonical NaN in F ops */
		static const uint64_t hi[] = { 0, 0x7fffffff, 0xfffffffe, 0x80000000, 0x3ff00000 };
		uint64_t h = chance(g, 50) ? PICK(g, hi) : (rnd(g) >> 32);
		if (h == 0xffffffff)
			h = 0;
		return h << 32 | any_sgl_bits(g);
	}
	return rnd(g);
}

static char fp_type(uint64_t v)
{
	if (v >> 32 == 0xffffffff)
		return 's';
	return (v >> 52 & 0x7ff) == 0x7ff ? 0 : 'd';
}

static uint64_t int_val(struct gen *g)
{
	unsigned k = (unsigned)below(g, 100);
	if (k < 30)
		return PICK(g, int_vals);
	if (k < 45)
		return (uint64_t)range(g, -20, 20);
	if (k < 55)
		return (uint64_t)(int64_t)(int32_t)rnd(g);      /* sign-extended word */
	if (k < 60)
		return (uint32_t)rnd(g);                          /* zero-extended word */
	if (k < 65)
		return 1ULL << below(g, 64);
	if (k < 70)
		return (1ULL << below(g, 64)) - 1;
	if (k < 78)
		return fp_val(g);                                 /* FP images for fmv */
	return rnd(g);
}

static int imm12(struct gen *g)
{
	static const int v[] = { 0, 1, -1, 2, 2047, -2048, 2046, -2047, 31, 32, 63, 64, 0x7ff, -0x800 };
	if (chance(g, 30))
		return PICK(g, v);
	if (chance(g, 40))
		return (int)range(g, -16, 16);
	return (int)range(g, -2048, 2047);
}

static void emit_li(struct gen *g, unsigned rd, uint64_t v)
{
	emit(g, "li x%u, %" PRId64, rd, (int64_t)v);
}

/* ---- instruction classes ---- */

static const char *const rm_names[] = { "rne", "rtz", "rdn", "rup", "rmm", "dyn" };

static const char *rm(struct gen *g)
{
	return PICK(g, rm_names);
}

static char fmt_sd(struct gen *g)
{
	return chance(g, 50) ? 's' : 'd';
}

static void gen_alu_rr(struct gen *g, unsigned rd)
{
	static const char *const ops[] = {
		"add", "sub", "sll", "slt", "sltu", "xor", "srl", "sra", "or", "and",
		"addw", "subw", "sllw", "srlw", "sraw",
	};
	EMIT4(g, "%s x%u, x%u, x%u", PICK(g, ops), rd, xr(g), xr(g));
}

static void gen_alu_ri(struct gen *g, unsigned rd)
{
	static const char *const ops[] = { "addi", "slti", "sltiu", "xori", "ori", "andi", "addiw" };
	static const char *const sh64[] = { "slli", "srli", "srai" };
	static const char *const sh32[] = { "slliw", "srliw", "sraiw" };
	switch (below(g, 4)) {
	case 0:
	case 1:
		EMIT4(g, "%s x%u, x%u, %d", PICK(g, ops), rd, xr(g), imm12(g));
		break;
	case 2:
		EMIT4(g, "%s x%u, x%u, %d", PICK(g, sh64), rd, xr(g), (int)below(g, 64));
		break;
	default:
		EMIT4(g, "%s x%u, x%u, %d", PICK(g, sh32), rd, xr(g), (int)below(g, 32));
		break;
	}
}

static void gen_alu(struct gen *g, unsigned rd)
{
	if (chance(g, 50))
		gen_alu_rr(g, rd);
	else
		gen_alu_ri(g, rd);
}

static void gen_upper(struct gen *g)
{
	unsigned imm = chance(g, 30) ? (chance(g, 50) ? 0x80000 : 0xfffff) : (unsigned)below(g, 1 << 20);
	EMIT3(g, "%s x%u, 0x%x", chance(g, 60) ? "lui" : "auipc", xw(g), imm);
}

static void gen_li(struct gen *g)
{
	unsigned rd = xw(g);
	emit_li(g, rd, int_val(g));
}

static void gen_muldiv(struct gen *g)
{
	static const char *const ops[] = {
		"mul", "mulh", "mulhsu", "mulhu", "div", "divu", "rem", "remu",
		"mulw", "divw", "divuw", "remw", "remuw",
	};
	unsigned rs2 = chance(g, 10) ? 0 : xr(g);  /* division by zero */
	EMIT4(g, "%s x%u, x%u, x%u", PICK(g, ops), xw0(g), xr(g), rs2);
}

/* Zbc, Zbkb (beyond Zbb), Zbkx. */
static void gen_zbk(struct gen *g)
{
	static const char *const rr[] = {
		"clmul", "clmulh", "clmulr", "pack", "packh", "packw", "xperm4", "xperm8",
	};
	if (chance(g, 10))
		EMIT2(g, "brev8 x%u, x%u", xw(g), xr(g));
	else
		EMIT4(g, "%s x%u, x%u, x%u", PICK(g, rr), xw0(g), xr(g), xr(g));
}

/* Zimop's MOP.R.n / MOP.RR.n (x[rd] = 0) and Zcmop's C.MOP.n (nothing):
 * binutils 2.40 has no mnemonics, so the words (unprivileged spec,
 * "May-Be-Operations"). */
static void gen_mop(struct gen *g)
{
	unsigned k = (unsigned)below(g, 3), n, rd, rs1, rs2;
	if (k == 0) {
		n = (unsigned)below(g, 32), rd = xw0(g), rs1 = xr(g);
		emit(g, ".word 0x%08x  /* mop.r.%u x%u, x%u */", 0x81c04073u | (n >> 4 & 1) << 30 |
		     (n >> 2 & 3) << 26 | (n & 3) << 20 | rs1 << 15 | rd << 7, n, rd, rs1);
	} else if (k == 1) {
		n = (unsigned)below(g, 8), rd = xw0(g), rs1 = xr(g), rs2 = xr(g);
		emit(g, ".word 0x%08x  /* mop.rr.%u x%u, x%u, x%u */", 0x82004073u | (n >> 2 & 1) << 30 |
		     (n & 3) << 26 | rs2 << 20 | rs1 << 15 | rd << 7, n, rd, rs1, rs2);
	} else {
		n = 2 * (unsigned)below(g, 8) + 1;
		emit(g, ".hword 0x%04x  /* c.mop.%u */", 0x6081u | (n >> 1) << 8, n);
	}
}

/* Zba, Zbb, Zbs (and Zicond, Zbc/Zbkb/Zbkx, Zimop/Zcmop when enabled). */
static void gen_bitmanip(struct gen *g)
{
	static const char *const rr[] = {
		"add.uw", "sh1add", "sh2add", "sh3add", "sh1add.uw", "sh2add.uw", "sh3add.uw",
		"andn", "orn", "xnor", "max", "maxu", "min", "minu", "rol", "rolw", "ror", "rorw",
		"bclr", "bext", "binv", "bset",
	};
	static const char *const un[] = {
		"clz", "clzw", "ctz", "ctzw", "cpop", "cpopw", "sext.b", "sext.h", "zext.h",
		"orc.b", "rev8",
	};
	static const char *const i64[] = { "rori", "bclri", "bexti", "binvi", "bseti", "slli.uw" };
	if (g->zbk && chance(g, 20)) {
		gen_zbk(g);
		return;
	}
	if (g->mop && chance(g, 5)) {
		gen_mop(g);
		return;
	}
	unsigned k = (unsigned)below(g, 100);
	if (g->zicond && k < 10) {
		/* czero.eqz (funct3 5) / czero.nez (funct3 7), Zicond 1.0 */
		EMIT4(g, ".insn r 0x33, %d, 7, x%u, x%u, x%u", chance(g, 50) ? 5 : 7, xw(g), xr(g), xr(g));
	} else if (k < 50) {
		EMIT4(g, "%s x%u, x%u, x%u", PICK(g, rr), xw0(g), xr(g), xr(g));
	} else if (k < 75) {
		const char *op = PICK(g, un);
		unsigned rd = xw(g), rs = xr(g);
		/* QEMU 7.2's ctzw counts past bit 31 when the low word is 0 and
		 * the high word is not (the result must be 32): feed it a
		 * sign-extended word, for which both agree. */
		if (!strcmp(op, "ctzw")) {
			emit(g, "sext.w x%u, x%u", rd, rs);
			rs = rd;
		}
		emit(g, "%s x%u, x%u", op, rd, rs);
	} else if (k < 92) {
		EMIT4(g, "%s x%u, x%u, %d", PICK(g, i64), xw(g), xr(g), (int)below(g, 64));
	} else {
		EMIT3(g, "roriw x%u, x%u, %d", xw(g), xr(g), (int)below(g, 32));
	}
}

/* A data-area access of `size` bytes: base register and immediate. */
static void mem_operand(struct gen *g, unsigned size, bool aligned, unsigned *base, int *imm)
{
	unsigned off = aligned ? (unsigned)below(g, DATA_SIZE / size) * size
			       : (unsigned)below(g, DATA_SIZE - size + 1);
	if (chance(g, 50)) {
		*base = 8;
		*imm = (int)off - S0_OFF;
	} else {
		*base = 2;
		*imm = (int)off;
	}
}

static void gen_load_store(struct gen *g)
{
	static const struct { const char *op; unsigned size; bool store; } ops[] = {
		{ "lb", 1, false }, { "lbu", 1, false }, { "lh", 2, false }, { "lhu", 2, false },
		{ "lw", 4, false }, { "lwu", 4, false }, { "ld", 8, false },
		{ "sb", 1, true }, { "sh", 2, true }, { "sw", 4, true }, { "sd", 8, true },
	};
	unsigned i = (unsigned)below(g, sizeof(ops) / sizeof(ops[0]));
	unsigned base;
	int imm;
	mem_operand(g, ops[i].size, chance(g, 60), &base, &imm);
	emit(g, "%s x%u, %d(x%u)", ops[i].op, ops[i].store ? xr(g) : xw0(g), imm, base);
}

static void gen_fp_load_store(struct gen *g)
{
	static const struct { const char *op; unsigned size; } ops[] = {
		{ "flw", 4 }, { "fld", 8 }, { "fsw", 4 }, { "fsd", 8 },
	};
	unsigned i = (unsigned)below(g, 4);
	unsigned base;
	int imm;
	mem_operand(g, ops[i].size, chance(g, 70), &base, &imm);
	emit(g, "%s f%u, %d(x%u)", ops[i].op, i < 2 ? frd(g, i ? 'd' : 's') : fr(g), imm, base);
}

/* Address of an aligned word/doubleword of the data area into a free
 * register, which is base + imm. */
static unsigned amo_address(struct gen *g, unsigned size, unsigned *base, int *imm)
{
	unsigned tmp = xw(g);
	mem_operand(g, size, true, base, imm);
	emit(g, "addi x%u, x%u, %d", tmp, *base, *imm);
	return tmp;
}

static void gen_amo(struct gen *g)
{
	static const char *const ops[] = {
		"amoswap", "amoadd", "amoxor", "amoand", "amoor", "amomin", "amomax", "amominu", "amomaxu",
	};
	static const char *const ord[] = { "", ".aq", ".rl", ".aqrl" };
	bool d = chance(g, 50);
	unsigned base;
	int imm;
	unsigned a = amo_address(g, d ? 8 : 4, &base, &imm);
	EMIT6(g, "%s.%c%s x%u, x%u, (x%u)", PICK(g, ops), d ? 'd' : 'w', PICK(g, ord), xw0(g), xr(g), a);
}

/* LR/SC: a same-address, same-width pair with at most a few ALU ops (no
 * memory access, address register untouched) between; the SC must succeed.
 * Sometimes a lone SC, often at the last pair's address, which must fail:
 * every SC ends the reservation (unprivileged spec, "Load-Reserved/
 * Store-Conditional Instructions"). */
static void gen_lrsc(struct gen *g)
{
	static const char *const lr_ord[] = { "", ".aq", ".aqrl" };
	static const char *const sc_ord[] = { "", ".rl", ".aqrl" };
	bool lone = chance(g, 15), d;
	unsigned a, base;
	int imm;

	if (lone && g->sc_seen && chance(g, 70)) {
		d = g->sc_d;
		a = xw(g);
		emit(g, "addi x%u, x%u, %d", a, g->sc_base, g->sc_imm);
	} else {
		d = chance(g, 50);
		a = amo_address(g, d ? 8 : 4, &base, &imm);
		if (!lone) {
			g->sc_seen = true;
			g->sc_d = d;
			g->sc_base = base;
			g->sc_imm = imm;
		}
	}
	if (!lone) {
		EMIT4(g, "lr.%c%s x%u, (x%u)", d ? 'd' : 'w', PICK(g, lr_ord), xw_not(g, a), a);
		for (int n = (int)below(g, 3); n > 0; n--)
			gen_alu(g, xw_not(g, a));
	}
	EMIT5(g, "sc.%c%s x%u, x%u, (x%u)", d ? 'd' : 'w', PICK(g, sc_ord), xw(g), xr(g), a);
}

static void gen_fp_arith(struct gen *g)
{
	static const char *const bin[] = { "fadd", "fsub", "fmul", "fdiv" };
	static const char *const fma[] = { "fmadd", "fmsub", "fnmadd", "fnmsub" };
	static const char *const nrm[] = { "fmin", "fmax", "fsgnj", "fsgnjn", "fsgnjx" };
	char f = fmt_sd(g);
	unsigned k = (unsigned)below(g, 8);
	unsigned a = frs(g, f), b = frs(g, f), c = frs(g, f);
	unsigned d = frd(g, f);  /* after the sources: may be one of them */

	if (k < 3)
		EMIT6(g, "%s.%c f%u, f%u, f%u, %s", PICK(g, bin), f, d, a, b, rm(g));
	else if (k < 4)
		emit(g, "fsqrt.%c f%u, f%u, %s", f, d, a, rm(g));
	else if (k < 6) {
		const char *op = PICK(g, fma);
		emit(g, "%s.%c f%u, f%u, f%u, f%u, %s", op, f, d, a, b, c, rm(g));
	} else
		emit(g, "%s.%c f%u, f%u, f%u", PICK(g, nrm), f, d, a, b);
}

/* .insn r OP-FP encoding with an explicit rm: for the exact conversions,
 * whose rm field binutils 2.40 does not accept. */
static int rm_field(struct gen *g)
{
	static const int v[] = { 0, 1, 2, 3, 4, 7 };
	return PICK(g, v);
}

static void gen_fp_misc(struct gen *g)
{
	static const char *const cmp[] = { "feq", "flt", "fle" };
	static const char *const ity[] = { "w", "wu", "l", "lu" };
	char f = fmt_sd(g);
	switch (below(g, 12)) {
	case 0:
	case 1:
		EMIT5(g, "%s.%c x%u, f%u, f%u", PICK(g, cmp), f, xw0(g), frs(g, f), frs(g, f));
		break;
	case 2:
		EMIT3(g, "fclass.%c x%u, f%u", f, xw(g), frs(g, f));
		break;
	case 3:
	case 4:
		EMIT5(g, "fcvt.%s.%c x%u, f%u, %s", PICK(g, ity), f, xw0(g), frs(g, f), rm(g));
		break;
	case 5: {
		unsigned t = (unsigned)below(g, 4);
		if (f == 'd' && t < 2)  /* fcvt.d.w[u]: exact, any rm */
			EMIT4(g, ".insn r 0x53, %d, 0x69, f%u, x%u, x%u", rm_field(g), frd(g, f), xr(g), t);
		else
			EMIT5(g, "fcvt.%c.%s f%u, x%u, %s", f, ity[t], frd(g, f), xr(g), rm(g));
		break;
	}
	case 6:
		if (chance(g, 50)) {
			unsigned a = frs(g, 'd');
			EMIT3(g, "fcvt.s.d f%u, f%u, %s", frd(g, 's'), a, rm(g));
		} else {  /* fcvt.d.s: exact, any rm */
			unsigned a = frs(g, 's');
			EMIT3(g, ".insn r 0x53, %d, 0x21, f%u, f%u, x0", rm_field(g), frd(g, 'd'), a);
		}
		break;
	case 7:
		EMIT3(g, "fmv.x.%c x%u, f%u", f == 's' ? 'w' : 'd', xw(g), frs(g, f));
		break;
	case 8:
		EMIT3(g, "fmv.%c.x f%u, x%u", f == 's' ? 'w' : 'd', frd(g, f == 's' ? 's' : 0), xr(g));
		break;
	case 9: {  /* an interesting FP value through an integer register */
		unsigned t = xw(g);
		uint64_t v = fp_val(g);
		emit_li(g, t, v);
		emit(g, "fmv.d.x f%u, x%u", frd(g, fp_type(v)), t);
		break;
	}
	default:
		gen_fp_load_store(g);
		break;
	}
}

/* fflags/frm/fcsr accesses that keep frm valid. */
static void gen_fcsr(struct gen *g)
{
	switch (below(g, 9)) {
	case 0: emit(g, "frflags x%u", xw(g)); break;
	case 1: emit(g, "frcsr x%u", xw(g)); break;
	case 2: emit(g, "frrm x%u", xw(g)); break;
	case 3: EMIT2(g, "fsflags x%u, x%u", xw(g), xr(g)); break;
	case 4: EMIT2(g, "fsflagsi x%u, %d", xw(g), (int)below(g, 32)); break;
	case 5: EMIT2(g, "fsrmi x%u, %d", xw(g), (int)below(g, 5)); break;
	case 6: EMIT3(g, "csrr%c x%u, fflags, x%u", chance(g, 50) ? 's' : 'c', xw(g), xr(g)); break;
	case 7: EMIT3(g, "csrr%ci x%u, fcsr, %d", chance(g, 50) ? 's' : 'c', xw(g), (int)below(g, 32)); break;
	default: EMIT2(g, "csrrwi x%u, fcsr, %d", xw(g), (int)below(g, 32)); break;
	}
}

static unsigned frd_c(struct gen *g)  /* RVC fd' loaded with a double */
{
	unsigned r = cfr(g);
	g->ftype[r] = 'd';
	return r;
}

static int nz6(struct gen *g)  /* nonzero 6-bit signed immediate */
{
	int v;
	do
		v = (int)range(g, -32, 31);
	while (!v);
	return v;
}

static void gen_compressed(struct gen *g)
{
	static const char *const ca[] = { "c.and", "c.or", "c.xor", "c.sub", "c.addw", "c.subw" };
	switch (below(g, 22)) {
	case 0: EMIT2(g, "c.addi x%u, %d", xw(g), nz6(g)); break;
	case 1: EMIT2(g, "c.addiw x%u, %d", xw(g), (int)range(g, -32, 31)); break;
	case 2: EMIT2(g, "c.li x%u, %d", xw(g), (int)range(g, -32, 31)); break;
	case 3: {
		int v = nz6(g);
		emit(g, "c.lui x%u, 0x%x", xw(g), (unsigned)v & 0xfffff);
		break;
	}
	case 4: EMIT2(g, "c.addi4spn x%u, sp, %d", cxw(g), 4 * (int)range(g, 1, 255)); break;
	case 5: EMIT2(g, "c.slli x%u, %d", xw(g), (int)range(g, 1, 63)); break;
	case 6: EMIT3(g, "c.%s x%u, %d", chance(g, 50) ? "srli" : "srai", cxw(g), (int)range(g, 1, 63)); break;
	case 7: EMIT2(g, "c.andi x%u, %d", cxw(g), (int)range(g, -32, 31)); break;
	case 8: EMIT2(g, "c.mv x%u, x%u", xw(g), (unsigned)range(g, 1, 31)); break;
	case 9: EMIT2(g, "c.add x%u, x%u", xw(g), (unsigned)range(g, 1, 31)); break;
	case 10:
	case 11: EMIT3(g, "%s x%u, x%u", PICK(g, ca), cxw(g), cxr(g)); break;
	case 12: EMIT2(g, "c.lw x%u, %d(x8)", cxw(g), 4 * (int)below(g, 32)); break;
	case 13: EMIT2(g, "c.ld x%u, %d(x8)", cxw(g), 8 * (int)below(g, 32)); break;
	case 14: EMIT2(g, "c.sw x%u, %d(x8)", cxr(g), 4 * (int)below(g, 32)); break;
	case 15: EMIT2(g, "c.sd x%u, %d(x8)", cxr(g), 8 * (int)below(g, 32)); break;
	case 16: EMIT2(g, "c.lwsp x%u, %d(sp)", xw(g), 4 * (int)below(g, 64)); break;
	case 17: EMIT2(g, "c.ldsp x%u, %d(sp)", xw(g), 8 * (int)below(g, 64)); break;
	case 18:
		if (chance(g, 50))
			EMIT2(g, "c.swsp x%u, %d(sp)", xr(g), 4 * (int)below(g, 64));
		else
			EMIT2(g, "c.sdsp x%u, %d(sp)", xr(g), 8 * (int)below(g, 64));
		break;
	case 19:
		if (chance(g, 50))
			EMIT2(g, "c.fld f%u, %d(x8)", frd_c(g), 8 * (int)below(g, 32));
		else
			EMIT2(g, "c.fsd f%u, %d(x8)", cfr(g), 8 * (int)below(g, 32));
		break;
	case 20:
		if (chance(g, 50))
			EMIT2(g, "c.fldsp f%u, %d(sp)", frd(g, 'd'), 8 * (int)below(g, 64));
		else
			EMIT2(g, "c.fsdsp f%u, %d(sp)", fr(g), 8 * (int)below(g, 64));
		break;
	default: {
		/* c.addi16sp there and back, with an sp-relative access between */
		int up = 16 * (int)range(g, 1, 15);
		emit(g, "c.addi16sp sp, %d", up);
		if (chance(g, 50))
			EMIT2(g, "c.ldsp x%u, %d(sp)", xw(g), 8 * (int)below(g, (DATA_SIZE - up) / 8));
		else
			EMIT2(g, "c.swsp x%u, %d(sp)", xr(g), 4 * (int)below(g, 64));  /* 0..252 */
		emit(g, "c.addi16sp sp, %d", -up);
		break;
	}
	}
}

static void gen_fence(struct gen *g)
{
	static const char *const f[] = { "fence", "fence rw, rw", "fence r, r", "fence w, w", "fence.tso", "c.nop", "nop" };
	if (chance(g, 5))
		emit(g, "fence.i");
	else
		emit(g, "%s", PICK(g, f));
}

static void gen_one(struct gen *g, unsigned depth);

/* A forward branch or jump over 1..4 random instructions, or two runs of
 * 1..3 executed in the opposite order to their places in memory. */
static void gen_control(struct gen *g, unsigned depth)
{
	static const char *const br[] = { "beq", "bne", "blt", "bge", "bltu", "bgeu" };
	unsigned l = new_label(g);
	bool short_range = false;  /* c.beqz/c.bnez reach +-256 bytes: no nesting */
	switch (below(g, 11)) {
	case 0:
	case 1:
	case 2:
	case 3:
		EMIT5(g, "%s x%u, x%u, .Lb%u_%u", PICK(g, br), xr(g), xr(g), g->seq, l);
		break;
	case 4:
		EMIT4(g, "c.%s x%u, .Lb%u_%u", chance(g, 50) ? "beqz" : "bnez", cxr(g), g->seq, l);
		short_range = true;
		break;
	case 5:
		emit(g, "jal x%u, .Lb%u_%u", chance(g, 30) ? 0 : xw(g), g->seq, l);
		break;
	case 6:
		emit(g, "c.j .Lb%u_%u", g->seq, l);
		break;
	case 7:
	case 8: {
		/* jalr target = (rs1 + imm) & ~1: aim at the label, maybe with bit 0 set */
		unsigned t = xw(g);
		int off = (int)range(g, -16, 16), bit = (int)below(g, 2);
		emit(g, "lla x%u, .Lb%u_%u - (%d) + %d", t, g->seq, l, off, bit);
		emit(g, "jalr x%u, %d(x%u)", chance(g, 30) ? 0 : xw(g), off, t);
		break;
	}
	case 10: {
		/* j A; B: ...; j out; A: ...; jal B; out: - A, then B (rvkvm's
		 * blocks go on through the jumps: code below a block's start) */
		unsigned la = new_label(g), lb = new_label(g);
		emit(g, "j .Lb%u_%u", g->seq, la);
		put_label(g, lb);
		for (int n = (int)range(g, 1, 3); n > 0; n--)
			gen_one(g, depth + 1);
		emit(g, "j .Lb%u_%u", g->seq, l);
		put_label(g, la);
		for (int n = (int)range(g, 1, 3); n > 0; n--)
			gen_one(g, depth + 1);
		emit(g, "jal x%u, .Lb%u_%u", chance(g, 30) ? 0 : xw(g), g->seq, lb);
		put_label(g, l);
		return;
	}
	default: {
		unsigned t = xw(g);
		emit(g, "lla x%u, .Lb%u_%u", t, g->seq, l);
		emit(g, "c.%s x%u", chance(g, 50) ? "jr" : "jalr", t);
		break;
	}
	}
	for (int n = (int)range(g, 1, 4); n > 0; n--)
		gen_one(g, short_range ? MAX_DEPTH : depth + 1);
	put_label(g, l);
}

static void gen_one(struct gen *g, unsigned depth)
{
	unsigned k = (unsigned)below(g, 1000);
	if (g->fp_heavy) {
		unsigned f = (unsigned)below(g, 100);
		if (f < 45)
			k = 620 + (unsigned)below(g, 120);   /* gen_fp_arith */
		else if (f < 75)
			k = 740 + (unsigned)below(g, 90);    /* gen_fp_misc */
		else if (f < 80)
			k = 830 + (unsigned)below(g, 10);    /* gen_fcsr */
	}
	if (g->int_only && ((k >= 575 && k < 840) || (k >= 935 && k < 940)))
		k = (unsigned)below(g, 575);
	if (k < 160)
		gen_alu_rr(g, xw0(g));
	else if (k < 300)
		gen_alu_ri(g, xw0(g));
	else if (k < 320)
		gen_upper(g);
	else if (k < 345)
		gen_li(g);
	else if (k < 405)
		gen_muldiv(g);
	else if (k < 495)
		gen_bitmanip(g);
	else if (k < 575)
		gen_load_store(g);
	else if (k < 605)
		gen_amo(g);
	else if (k < 620)
		gen_lrsc(g);
	else if (k < 740)
		gen_fp_arith(g);
	else if (k < 830)
		gen_fp_misc(g);
	else if (k < 840)
		gen_fcsr(g);
	else if (k < 935)
		gen_compressed(g);
	else if (k < 940)
		gen_fence(g);
	else if (depth < MAX_DEPTH)
		gen_control(g, depth);
	else
		gen_alu_rr(g, xw(g));
}

/* ---- sequences ---- */

static void gen_sequence(struct gen *g, uint64_t seed, unsigned idx, unsigned len)
{
	uint64_t regs[65];  /* slot 0 index, 1..31 x, 32..63 f, 64 fcsr */

	g->rng.s = mix64(seed * 0x2545f4914f6cdd1dULL + 0x1234567) ^ mix64(idx + 0x9e3779b9ULL);
	g->seq = idx;
	g->label = 0;
	g->sc_seen = false;

	regs[0] = idx;
	for (unsigned i = 1; i < 32; i++)
		regs[i] = int_val(g);
	for (unsigned i = 32; i < 64; i++) {
		regs[i] = fp_val(g);
		g->ftype[i - 32] = fp_type(regs[i]);
	}
	regs[64] = below(g, 5) << 5;  /* frm 0..4, fflags clear */

	/* data area and initial-state table (layout: harness.S) */
	fprintf(g->out, "\n/* sequence %u */\n\t.pushsection .data\n\t.balign 64\n", idx);
	if (chance(g, 25))  /* s0 on a page boundary: misaligned accesses straddle it */
		fprintf(g->out, "\t.balign 4096\n\t.skip 4096 - %d\n", S0_OFF);
	fprintf(g->out, ".Ldata_%u:\n", idx);
	for (unsigned i = 0; i < DATA_SIZE / 8; i++) {
		uint64_t v = chance(g, 50) ? rnd(g) : chance(g, 50) ? fp_val(g) : int_val(g);
		emit(g, ".dword 0x%016" PRIx64, v);
	}
	fprintf(g->out, ".Ltbl_%u:\n", idx);
	for (unsigned i = 0; i < 65; i++) {
		if (i == 2)
			emit(g, ".dword .Ldata_%u", idx);
		else if (i == 8)
			emit(g, ".dword .Ldata_%u + %d", idx, S0_OFF);
		else
			emit(g, ".dword 0x%016" PRIx64, regs[i]);
	}
	emit(g, ".dword .Ldata_%u", idx);  /* slot 65: data area for the checksum */
	emit(g, ".popsection");

	emit(g, "lla a0, .Ltbl_%u", idx);
	emit(g, "jal t0, dt_load");
	emit(g, "ld t0, 40(a0)");
	emit(g, "ld a0, 80(a0)");
	for (unsigned i = 0; i < len; i++)
		gen_one(g, 0);
	emit(g, "csrw mscratch, a0");
	emit(g, "lla a0, dt_save");
	emit(g, "sd t0, 40(a0)");
	emit(g, "jal t0, dt_dump");
}

static void usage(const char *argv0)
{
	fprintf(stderr, "usage: %s [-s SEED] [-k COUNT] [-n LEN] [-i INDEX] [-z] [-x] [-y] [-m] [-j] [-f]\n", argv0);
	exit(2);
}

int main(int argc, char **argv)
{
	struct gen g = { .out = stdout };
	uint64_t seed = 1;
	unsigned count = 100, len = 200;
	long only = -1;
	int c, dump_mem = 0;

	while ((c = getopt(argc, argv, "s:k:n:i:zxymjfh")) != -1) {
		switch (c) {
		case 's': seed = strtoull(optarg, NULL, 0); break;
		case 'k': count = (unsigned)strtoul(optarg, NULL, 0); break;
		case 'n': len = (unsigned)strtoul(optarg, NULL, 0); break;
		case 'i': only = strtol(optarg, NULL, 0); break;
		case 'z': g.zicond = true; break;
		case 'x': g.zbk = true; break;
		case 'y': g.mop = true; break;
		case 'm': dump_mem = 1; break;
		case 'j': g.int_only = true; break;
		case 'f': g.fp_heavy = true; break;
		default: usage(argv[0]);
		}
	}
	if (optind != argc || count == 0 || count > 100000 || len > 100000 ||
	    (only >= 0 && (unsigned long)only >= count))
		usage(argv[0]);

	fprintf(g.out, "/* Generated by tests/difftest/gen -s %" PRIu64 " -k %u -n %u%s%s%s%s%s%s: do not edit. */\n",
		seed, count, len, g.zicond ? " -z" : "", g.zbk ? " -x" : "", g.mop ? " -y" : "",
		g.int_only ? " -j" : "", g.fp_heavy ? " -f" : "",
		only >= 0 ? " (one sequence)" : "");
	if (g.zbk)
		fprintf(g.out, "\t.option arch, +zbc, +zbkb, +zbkx\n");
	/* harness.S options: bit 0 = print the data area after each sequence */
	fprintf(g.out, "\t.pushsection .data\n\t.balign 8\n\t.globl dt_options\n"
		"dt_options:\n\t.dword %d\n\t.popsection\n", dump_mem);
	fprintf(g.out, "\t.text\n\t.globl difftest_main\ndifftest_main:\n");
	for (unsigned i = 0; i < count; i++)
		if (only < 0 || (unsigned long)only == i)
			gen_sequence(&g, seed, i, len);
	emit(&g, "j dt_done");
	if (fflush(g.out) || ferror(g.out)) {
		perror("gen: write");
		return 1;
	}
	return 0;
}
