// SPDX-License-Identifier: MIT
/* Vector differential-test generator (a host program): V 1.0 at VLEN 128,
 * ELEN 64.  Writes an assembly file of COUNT independent random sequences;
 * tests/difftest/vharness.S runs them and prints the state each one leaves
 * (x, f, fcsr, vl, vtype, vstart, vcsr, v0..v31 and a hash of the data
 * area), so two implementations running the same ELF print the same bytes.
 *
 * Each sequence, from its own PRNG stream (seed, index):
 *   - loads x1..x31, f0..f31, fcsr (frm 0..4), vcsr and v0..v31 from a
 *     table of random and interesting values (vharness vt_load);
 *   - sets a random legal vtype (vsetvli/vsetivli/vsetvl: SEW 8..64, LMUL
 *     1/8..8 with SEW <= ELEN * LMUL, ta/tu, ma/mu, any AVL), then runs LEN
 *     random instructions of the chosen groups, each with a legal encoding
 *     for the vtype in force (register groups aligned, EMUL within 1/8..8,
 *     the overlaps of V 1.0 5.2/5.3 respected, no source register read with
 *     two EEWs, vd != v0 when masked unless a mask or a scalar is written);
 *     vtype changes, vxrm/frm writes and scalar operand loads in between;
 *   - memory: the sequence's own 512-byte data area, sp (x2) its base;
 *     every access stays inside; unordered stores never write one byte
 *     twice (strided: |stride| >= segment size; vsuxei: distinct slots).
 *
 * Kept out because V 1.0 leaves it to the implementation: tail/inactive
 * values under ta/ma (both emulators keep them undisturbed: compared as
 * such), vfredusum/vfwredusum (order of the sum), nonzero vstart on
 * arithmetic, misaligned element accesses, vset{i}vli rd=rs1=x0 with a new
 * SEW/LMUL ratio.
 *
 * Groups (-g, comma-separated; default all but illegal):
 *   cfg     vsetvli/vsetivli/vsetvl, vl/vtype/vlenb reads (always on)
 *   mem     unit-stride, strided, indexed, segment, whole-register, vlm/vsm,
 *           fault-only-first loads and stores
 *   int     integer and fixed-point arithmetic (OPIVV/X/I, OPMVV/X)
 *   mask    mask logical, vcpop/vfirst/vmsbf/vmsif/vmsof/viota/vid,
 *           reductions, permutations (vmv.x.s, slides, vrgather,
 *           vcompress, vmv<nr>r)
 *   fp      SEW 32/64 floating point, frm
 *   illegal random OP-V words in sequences that count illegal-instruction
 *           traps (the harness skips them): -I makes every sequence such
 *
 * Usage: vgen [-s SEED] [-k COUNT] [-n LEN] [-i INDEX] [-g GROUPS] [-m]
 *   -i INDEX  emit only sequence INDEX (same instructions as in the full file)
 *   -m        have the harness print the data area after each sequence
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define DATA_SIZE 512
#define VLENB     16
#define SLOT_VREGS 72
#define NTABLE    (SLOT_VREGS + 64)

enum { G_MEM = 1, G_INT = 2, G_MASK = 4, G_FP = 8, G_ILLEGAL = 16 };

struct gen {
	FILE *out;
	uint64_t rng;
	unsigned seq;
	unsigned groups;
	bool illegal_seq;    /* this sequence may trap (G_ILLEGAL) */
	unsigned label;
	/* vtype in force */
	unsigned sew;        /* 8..64 */
	int l2;              /* LMUL log2, -3..3 */
	unsigned vl, vlmax;
	bool vta, vma;
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
	g->rng += 0x9e3779b97f4a7c15ULL;
	return mix64(g->rng);
}

static uint64_t below(struct gen *g, uint64_t n)
{
	return rnd(g) % n;
}

static int64_t range(struct gen *g, int64_t lo, int64_t hi)
{
	return lo + (int64_t)below(g, (uint64_t)(hi - lo) + 1);
}

static bool chance(struct gen *g, unsigned pct)
{
	return below(g, 100) < pct;
}

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
#define PICK(g, arr) ((arr)[below((g), NELEM(arr))])

static void __attribute__((format(printf, 2, 3))) emit(struct gen *g, const char *fmt, ...)
{
	va_list ap;
	fputc('\t', g->out);
	va_start(ap, fmt);
	vfprintf(g->out, fmt, ap);
	va_end(ap);
	fputc('\n', g->out);
}

/* ---- values ---- */

static const uint64_t int_vals[] = {
	0, 1, 2, 3, 0xffffffffffffffffULL, 0xfffffffffffffffeULL,
	0x8000000000000000ULL, 0x7fffffffffffffffULL, 0x8000000000000001ULL,
	0xffffffff80000000ULL, 0x7fffffffULL, 0x80000000ULL, 0xffffffffULL,
	0x100000000ULL, 0xffffULL, 0x8000ULL, 0x7fffULL, 0xffffffffffff8000ULL,
	0xffULL, 0x80ULL, 0x7fULL, 0xffffffffffffff80ULL, 0x0101010101010101ULL,
	0x8080808080808080ULL, 0x00ff00ff00ff00ffULL, 7, 8, 15, 16, 31, 32, 63, 64,
};

static const uint64_t dbl_vals[] = {
	0x0000000000000000ULL, 0x8000000000000000ULL, 0x7ff0000000000000ULL,
	0xfff0000000000000ULL, 0x7ff8000000000000ULL, 0xfff8000000000000ULL,
	0x7ff0000000000001ULL, 0x7ff4000000000000ULL, 0x0000000000000001ULL,
	0x000fffffffffffffULL, 0x8000000000000001ULL, 0x0010000000000000ULL,
	0x7fefffffffffffffULL, 0xffefffffffffffffULL, 0x3ff0000000000000ULL,
	0xbff0000000000000ULL, 0x3fe0000000000000ULL, 0x3ff8000000000000ULL,
	0x4004000000000000ULL, 0x41dfffffffc00000ULL, 0x41e0000000000000ULL,
	0xc1e0000000000000ULL, 0x41f0000000000000ULL, 0x43e0000000000000ULL,
	0xc3e0000000000000ULL, 0x43f0000000000000ULL, 0x380fffffffffffffULL,
	0x3810000000000000ULL, 0x47efffffe0000000ULL, 0x47effffff0000000ULL,
};

static const uint32_t sgl_vals[] = {
	0x00000000, 0x80000000, 0x7f800000, 0xff800000, 0x7fc00000, 0xffc00000,
	0x7f800001, 0x7fa00000, 0x00000001, 0x007fffff, 0x80000001, 0x00800000,
	0x7f7fffff, 0xff7fffff, 0x3f800000, 0xbf800000, 0x3f000000, 0x3fc00000,
	0x40200000, 0x4effffff, 0x4f000000, 0xcf000000, 0x4f800000, 0x5f000000,
	0xdf000000, 0x5f800000, 0x477fff00, 0x47800000, 0xc7000000,
};

static uint64_t rnd_dbl(struct gen *g)
{
	uint64_t sign = (uint64_t)chance(g, 40) << 63;
	uint64_t exp = (uint64_t)range(g, 1023 - 70, 1023 + 70);
	uint64_t man = rnd(g) & 0xfffffffffffffULL;
	if (chance(g, 50))
		man &= ~0ULL << range(g, 30, 52);
	switch (below(g, 10)) {
	case 0: exp = (uint64_t)range(g, 0, 2); break;
	case 1: exp = (uint64_t)range(g, 2040, 2046); break;
	case 2: exp = (uint64_t)range(g, 1023 - 160, 1023 - 110); break;
	default: break;
	}
	return sign | exp << 52 | man;
}

static uint32_t rnd_sgl(struct gen *g)
{
	uint32_t sign = (uint32_t)chance(g, 40) << 31;
	uint32_t exp = (uint32_t)range(g, 127 - 30, 127 + 30);
	uint32_t man = (uint32_t)rnd(g) & 0x7fffff;
	if (chance(g, 50))
		man &= ~0U << range(g, 10, 23);
	switch (below(g, 10)) {
	case 0: exp = (uint32_t)range(g, 0, 2); break;
	case 1: exp = (uint32_t)range(g, 250, 254); break;
	default: break;
	}
	return sign | exp << 23 | man;
}

static uint64_t dbl_any(struct gen *g)
{
	if (chance(g, 25))
		return PICK(g, dbl_vals);
	if (chance(g, 25)) {
		union { double d; uint64_t u; } v = { .d = (double)range(g, -41, 41) / 2.0 };
		return v.u;
	}
	return rnd_dbl(g);
}

static uint32_t sgl_any(struct gen *g)
{
	if (chance(g, 25))
		return PICK(g, sgl_vals);
	if (chance(g, 25)) {
		union { float f; uint32_t u; } v = { .f = (float)range(g, -41, 41) / 2.0f };
		return v.u;
	}
	return rnd_sgl(g);
}

static uint64_t int_val(struct gen *g)
{
	unsigned k = (unsigned)below(g, 100);
	if (k < 35)
		return PICK(g, int_vals);
	if (k < 55)
		return (uint64_t)range(g, -20, 20);
	if (k < 65)
		return (uint64_t)(int64_t)(int32_t)rnd(g);
	if (k < 70)
		return 1ULL << below(g, 64);
	if (k < 75)
		return 0xffffffff00000000ULL | sgl_any(g);
	if (k < 80)
		return dbl_any(g);
	return rnd(g);
}

/* An f register image: mostly doubles and NaN-boxed singles. */
static uint64_t fp_val(struct gen *g)
{
	unsigned k = (unsigned)below(g, 100);
	if (k < 45)
		return dbl_any(g);
	if (k < 95)
		return 0xffffffff00000000ULL | sgl_any(g);
	return rnd(g);  /* mostly not NaN-boxed: the canonical NaN as a single */
}

/* 16 bytes of a vector register: elements of one kind. */
static void vreg_val(struct gen *g, uint64_t out[2])
{
	unsigned k = (unsigned)below(g, 8);
	uint8_t b[16];
	for (unsigned i = 0; i < 16;) {
		uint64_t v;
		unsigned sz;
		switch (k) {
		case 0: case 1: v = rnd(g); sz = 8; break;
		case 2: v = int_val(g); sz = 1u << below(g, 4); break;
		case 3: v = (uint64_t)range(g, -3, 40); sz = 1u << below(g, 4); break;
		case 4: case 5: v = sgl_any(g); sz = 4; break;
		case 6: v = dbl_any(g); sz = 8; break;
		default: v = int_val(g); sz = 8; break;
		}
		for (unsigned j = 0; j < sz && i < 16; j++, i++)
			b[i] = (uint8_t)(v >> (8 * j));
	}
	memcpy(out, b, 16);
}

/* ---- x and f registers ---- */

/* Writable x registers: all but x0 and sp (x2, the data area). */
static const unsigned free_x[] = {
	1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20,
	21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31,
};

static unsigned xw(struct gen *g)
{
	return PICK(g, free_x);
}

static unsigned xw_not(struct gen *g, unsigned avoid)
{
	unsigned r;
	do
		r = xw(g);
	while (r == avoid);
	return r;
}

static unsigned xr(struct gen *g)
{
	return (unsigned)below(g, 32);
}

static unsigned fr(struct gen *g)
{
	return (unsigned)below(g, 32);
}

static void emit_li(struct gen *g, unsigned rd, uint64_t v)
{
	emit(g, "li x%u, %" PRId64, rd, (int64_t)v);
}

/* ---- vtype ---- */

static const char *const lmul_names[] = { "mf8", "mf4", "mf2", "m1", "m2", "m4", "m8" };

static unsigned vlmax_of(unsigned sew, int l2)
{
	unsigned per = VLENB * 8 / sew;
	return l2 >= 0 ? per << l2 : per >> -l2;
}

/* A legal SEW/LMUL: fractional LMUL needs SEW <= 64 * LMUL (QEMU 7.2 and
 * rvkvm set vill otherwise). */
static void pick_vtype(struct gen *g, unsigned *sew, int *l2, bool fp)
{
	for (;;) {
		/* FP: SEW 32/64, sometimes 16 (int16 <-> f32 conversions) */
		*sew = fp ? (chance(g, 10) ? 16 : chance(g, 50) ? 32 : 64) : 8u << below(g, 4);
		*l2 = (int)range(g, -3, 3);
		if (*l2 >= 0 || *sew <= (64u >> -*l2))
			return;
	}
}

static unsigned vtype_bits(unsigned sew, int l2, bool ta, bool ma)
{
	unsigned vsew = sew == 8 ? 0 : sew == 16 ? 1 : sew == 32 ? 2 : 3;
	return (unsigned)(l2 & 7) | vsew << 3 | (unsigned)ta << 6 | (unsigned)ma << 7;
}

static void gen_vset(struct gen *g, bool fp)
{
	unsigned sew, vlmax;
	int l2;
	bool ta = chance(g, 50), ma = chance(g, 50);
	pick_vtype(g, &sew, &l2, fp);
	vlmax = vlmax_of(sew, l2);
	unsigned rd = chance(g, 30) ? 0 : xw(g), k = (unsigned)below(g, 10), avl;

	/* rd = rs1 = x0 keeps vl: only with the same SEW/LMUL ratio (6.2) */
	if (k == 0 && vlmax == g->vlmax && g->vlmax) {
		emit(g, "vsetvli x0, x0, e%u, %s, %s, %s", sew, lmul_names[l2 + 3],
		     ta ? "ta" : "tu", ma ? "ma" : "mu");
		avl = g->vl;
	} else if (k <= 3) {
		avl = (unsigned)below(g, 32);
		emit(g, "vsetivli x%u, %u, e%u, %s, %s, %s", rd, avl, sew, lmul_names[l2 + 3],
		     ta ? "ta" : "tu", ma ? "ma" : "mu");
	} else if (k == 4 && rd) {  /* rs1 = x0, rd != x0: VLMAX */
		emit(g, "vsetvli x%u, x0, e%u, %s, %s, %s", rd, sew, lmul_names[l2 + 3],
		     ta ? "ta" : "tu", ma ? "ma" : "mu");
		avl = ~0u;
	} else {
		unsigned rs1 = xw(g);
		uint64_t a;
		switch (below(g, 4)) {
		case 0: a = below(g, vlmax + 1); break;
		case 1: a = vlmax + below(g, vlmax + 2); break;
		case 2: a = int_val(g); break;
		default: a = below(g, 9); break;
		}
		emit_li(g, rs1, a);
		avl = a > 0xffffffffu ? ~0u : (unsigned)a;
		if (chance(g, 25)) {  /* vsetvl: vtype from a register */
			unsigned rs2 = xw_not(g, rs1);
			emit_li(g, rs2, vtype_bits(sew, l2, ta, ma));
			emit(g, "vsetvl x%u, x%u, x%u", rd, rs1, rs2);
		} else {
			emit(g, "vsetvli x%u, x%u, e%u, %s, %s, %s", rd, rs1, sew, lmul_names[l2 + 3],
			     ta ? "ta" : "tu", ma ? "ma" : "mu");
		}
	}
	g->sew = sew;
	g->l2 = l2;
	g->vlmax = vlmax;
	g->vl = avl < vlmax ? avl : vlmax;
	g->vta = ta;
	g->vma = ma;
}

/* ---- vector register operands ---- */

/* Operand kinds (a letter per operand of a shape):
 *   v  SEW, LMUL group          w  2*SEW, 2*LMUL group
 *   2/4/8  SEW/f, LMUL/f group (vzext/vsext)
 *   e  EEW 16 group (vrgatherei16 indices)
 *   m  mask register (EEW 1, one register)
 *   s  one register, EEW SEW (reduction scalar, vmv.s.x/vmv.x.s)
 *   t  one register, EEW 2*SEW (widening reduction scalar)
 *   x  x register   f  f register   i  simm5   u  uimm5
 *   M  ", v0" (carry-in / merge mask: the instruction is "masked") */
struct vopd {
	int l2;        /* EMUL log2 (single registers: 0) */
	unsigned eew;  /* 1 for masks */
	unsigned reg;
};

static bool kind_geom(const struct gen *g, char k, struct vopd *o)
{
	int l2 = g->l2;
	unsigned sew = g->sew;
	switch (k) {
	case 'v': o->l2 = l2; o->eew = sew; break;
	case 'w': o->l2 = l2 + 1; o->eew = 2 * sew; break;
	case '2': o->l2 = l2 - 1; o->eew = sew / 2; break;
	case '4': o->l2 = l2 - 2; o->eew = sew / 4; break;
	case '8': o->l2 = l2 - 3; o->eew = sew / 8; break;
	case 'e': o->l2 = l2 + (sew == 8 ? 1 : sew == 16 ? 0 : sew == 32 ? -1 : -2); o->eew = 16; break;
	case 'm': o->l2 = 0; o->eew = 1; return true;
	case 's': o->l2 = 0; o->eew = sew; return true;
	case 't': o->l2 = 0; o->eew = 2 * sew; return sew <= 32;
	default: return false;
	}
	return o->l2 >= -3 && o->l2 <= 3 && o->eew >= 8 && o->eew <= 64;
}

static unsigned nregs(int l2)
{
	return l2 <= 0 ? 1 : 1u << l2;
}

static bool overlap(unsigned a, unsigned na, unsigned b, unsigned nb)
{
	return a < b + nb && b < a + na;
}

/* V 1.0 5.2: may destination d overlap source s? */
static bool dst_src_ok(const struct vopd *d, const struct vopd *s)
{
	unsigned nd = nregs(d->l2), ns = nregs(s->l2);
	if (!overlap(d->reg, nd, s->reg, ns))
		return true;
	if (d->eew == s->eew)
		return d->reg == s->reg && nd == ns;
	if (d->eew < s->eew)  /* lowest-numbered part of the source group */
		return d->reg == s->reg;
	/* highest-numbered part of the destination, source EMUL >= 1 */
	return s->l2 >= 0 && s->reg + ns == d->reg + nd;
}

static unsigned pick_reg(struct gen *g, int l2)
{
	unsigned n = nregs(l2);
	return (unsigned)below(g, 32 / n) * n;
}

enum {
	F_NOVM = 1,      /* never masked */
	F_NOOVL = 2,     /* vd overlaps no vector source */
	F_VDNOV0 = 4,    /* masked: vd != v0 even for a mask destination */
	F_W = 8,         /* needs SEW <= 32 (widening/narrowing) */
	F_FP = 16,       /* SEW 32/64 */
	F_TERN = 32,     /* vd is also a source */
	F_VM = 64,       /* always masked (vm = 0) */
	F_FW = 128,      /* FP widening/narrowing: SEW 32 only */
	F_NORED = 256,   /* reduction destination (any overlap with vs2: none) */
	F_I16 = 512,     /* int16 <-> f32 conversions: SEW 16 or 32 */
};

struct vop {
	const char *name;
	const char *shape;   /* "D:SRC..." */
	unsigned flags;
};

/* Emit op with random legal operands; false if none fits the vtype. */
static bool gen_vop(struct gen *g, const struct vop *op)
{
	const char *sh = op->shape;
	char dk = sh[0];
	const char *src = sh + 2;
	struct vopd d = { 0, 0, 0 }, s[4];
	unsigned ns = 0;
	bool masked, vdv = dk != 'x' && dk != 'f';
	if ((op->flags & F_W) && g->sew > 32)
		return false;
	if ((op->flags & F_FP) && g->sew < 32)
		return false;
	if ((op->flags & F_FW) && g->sew != 32)
		return false;
	if ((op->flags & F_I16) && g->sew != 32 && g->sew != 16)
		return false;
	if (vdv && !kind_geom(g, dk, &d))
		return false;
	for (const char *p = src; *p; p++)
		if (strchr("vw248emst", *p) && !kind_geom(g, *p, &s[ns++]))
			return false;
	masked = (op->flags & F_VM) || (!(op->flags & F_NOVM) && chance(g, 40));
	bool has_m = strchr(src, 'M') != NULL;
	if (has_m)
		masked = true;

	for (int tries = 0; tries < 60; tries++) {
		bool ok = true;
		if (vdv)
			d.reg = pick_reg(g, d.l2);
		for (unsigned i = 0; i < ns; i++)
			s[i].reg = pick_reg(g, s[i].l2);
		/* vd and v0 when masked (5.3) */
		if (vdv && masked && d.reg == 0 &&
		    ((dk != 'm' && dk != 's' && dk != 't') || (op->flags & F_VDNOV0)))
			ok = false;
		for (unsigned i = 0; ok && i < ns; i++) {
			/* a source is read with one EEW only (5.2); v0 as mask has EEW 1 */
			if (masked && s[i].eew != 1 && s[i].reg == 0)
				ok = false;
			for (unsigned j = 0; ok && j < i; j++)
				if (s[i].eew != s[j].eew &&
				    overlap(s[i].reg, nregs(s[i].l2), s[j].reg, nregs(s[j].l2)))
					ok = false;
			if (!ok || !vdv)
				break;
			if (op->flags & F_TERN) {
				/* vd is read too: same EEW overlaps only if identical */
				if (!dst_src_ok(&d, &s[i]) ||
				    (s[i].eew != d.eew && overlap(d.reg, nregs(d.l2), s[i].reg, nregs(s[i].l2))))
					ok = false;
			} else if (op->flags & (F_NOOVL | F_NORED)) {
				if (overlap(d.reg, nregs(d.l2), s[i].reg, nregs(s[i].l2)) &&
				    (!(op->flags & F_NORED) || i == 0))
					ok = false;
			} else if (dk == 's' || dk == 't') {
				/* reduction scalar: written after all reads, any overlap */
			} else if (!dst_src_ok(&d, &s[i]))
				ok = false;
		}
		if (!ok)
			continue;

		/* operands in assembler order */
		char buf[160];
		int n = snprintf(buf, sizeof(buf), "%s ", op->name);
		unsigned si = 0;
		if (dk == 'x')
			n += snprintf(buf + n, sizeof(buf) - (size_t)n, "x%u", xw(g));
		else if (dk == 'f')
			n += snprintf(buf + n, sizeof(buf) - (size_t)n, "f%u", fr(g));
		else
			n += snprintf(buf + n, sizeof(buf) - (size_t)n, "v%u", d.reg);
		for (const char *p = src; *p; p++) {
			switch (*p) {
			case 'x': {
				unsigned r = xr(g);
				n += snprintf(buf + n, sizeof(buf) - (size_t)n, ", x%u", r);
				break;
			}
			case 'f':
				n += snprintf(buf + n, sizeof(buf) - (size_t)n, ", f%u", fr(g));
				break;
			case 'i':
				n += snprintf(buf + n, sizeof(buf) - (size_t)n, ", %d", (int)range(g, -16, 15));
				break;
			case 'u':
				n += snprintf(buf + n, sizeof(buf) - (size_t)n, ", %u", (unsigned)below(g, 32));
				break;
			case 'M':
				n += snprintf(buf + n, sizeof(buf) - (size_t)n, ", v0");
				break;
			default:
				n += snprintf(buf + n, sizeof(buf) - (size_t)n, ", v%u", s[si++].reg);
				break;
			}
		}
		if (masked && !has_m)
			n += snprintf(buf + n, sizeof(buf) - (size_t)n, ", v0.t");
		emit(g, "%s", buf);
		return true;
	}
	return false;
}

/* ---- instruction tables ---- */

#define VVX(n, f) { n ".vv", "v:vv", f }, { n ".vx", "v:vx", f }
#define VVXI(n, f) VVX(n, f), { n ".vi", "v:vi", f }
#define VVXU(n, f) VVX(n, f), { n ".vi", "v:vu", f }

static const struct vop int_ops[] = {
	VVXI("vadd", 0), VVX("vsub", 0), { "vrsub.vx", "v:vx", 0 }, { "vrsub.vi", "v:vi", 0 },
	VVX("vminu", 0), VVX("vmin", 0), VVX("vmaxu", 0), VVX("vmax", 0),
	VVXI("vand", 0), VVXI("vor", 0), VVXI("vxor", 0),
	VVXU("vsll", 0), VVXU("vsrl", 0), VVXU("vsra", 0),
	/* 11.2 widening add/sub */
	{ "vwaddu.vv", "w:vv", F_W }, { "vwaddu.vx", "w:vx", F_W }, { "vwadd.vv", "w:vv", F_W },
	{ "vwadd.vx", "w:vx", F_W }, { "vwsubu.vv", "w:vv", F_W }, { "vwsubu.vx", "w:vx", F_W },
	{ "vwsub.vv", "w:vv", F_W }, { "vwsub.vx", "w:vx", F_W },
	{ "vwaddu.wv", "w:wv", F_W }, { "vwaddu.wx", "w:wx", F_W }, { "vwadd.wv", "w:wv", F_W },
	{ "vwadd.wx", "w:wx", F_W }, { "vwsubu.wv", "w:wv", F_W }, { "vwsubu.wx", "w:wx", F_W },
	{ "vwsub.wv", "w:wv", F_W }, { "vwsub.wx", "w:wx", F_W },
	/* 11.3 extension */
	{ "vzext.vf2", "v:2", 0 }, { "vsext.vf2", "v:2", 0 }, { "vzext.vf4", "v:4", 0 },
	{ "vsext.vf4", "v:4", 0 }, { "vzext.vf8", "v:8", 0 }, { "vsext.vf8", "v:8", 0 },
	/* 11.4 add-with-carry */
	{ "vadc.vvm", "v:vvM", 0 }, { "vadc.vxm", "v:vxM", 0 }, { "vadc.vim", "v:viM", 0 },
	{ "vsbc.vvm", "v:vvM", 0 }, { "vsbc.vxm", "v:vxM", 0 },
	{ "vmadc.vvm", "m:vvM", 0 }, { "vmadc.vxm", "m:vxM", 0 }, { "vmadc.vim", "m:viM", 0 },
	{ "vmadc.vv", "m:vv", F_NOVM }, { "vmadc.vx", "m:vx", F_NOVM }, { "vmadc.vi", "m:vi", F_NOVM },
	{ "vmsbc.vvm", "m:vvM", 0 }, { "vmsbc.vxm", "m:vxM", 0 },
	{ "vmsbc.vv", "m:vv", F_NOVM }, { "vmsbc.vx", "m:vx", F_NOVM },
	/* 11.7 narrowing shifts */
	{ "vnsrl.wv", "v:wv", F_W }, { "vnsrl.wx", "v:wx", F_W }, { "vnsrl.wi", "v:wu", F_W },
	{ "vnsra.wv", "v:wv", F_W }, { "vnsra.wx", "v:wx", F_W }, { "vnsra.wi", "v:wu", F_W },
	/* 11.8 compares */
	{ "vmseq.vv", "m:vv", 0 }, { "vmseq.vx", "m:vx", 0 }, { "vmseq.vi", "m:vi", 0 },
	{ "vmsne.vv", "m:vv", 0 }, { "vmsne.vx", "m:vx", 0 }, { "vmsne.vi", "m:vi", 0 },
	{ "vmsltu.vv", "m:vv", 0 }, { "vmsltu.vx", "m:vx", 0 },
	{ "vmslt.vv", "m:vv", 0 }, { "vmslt.vx", "m:vx", 0 },
	{ "vmsleu.vv", "m:vv", 0 }, { "vmsleu.vx", "m:vx", 0 }, { "vmsleu.vi", "m:vi", 0 },
	{ "vmsle.vv", "m:vv", 0 }, { "vmsle.vx", "m:vx", 0 }, { "vmsle.vi", "m:vi", 0 },
	{ "vmsgtu.vx", "m:vx", 0 }, { "vmsgtu.vi", "m:vi", 0 },
	{ "vmsgt.vx", "m:vx", 0 }, { "vmsgt.vi", "m:vi", 0 },
	/* 11.10-11.14 multiply, divide, multiply-add */
	VVX("vmul", 0), VVX("vmulh", 0), VVX("vmulhu", 0), VVX("vmulhsu", 0),
	VVX("vdivu", 0), VVX("vdiv", 0), VVX("vremu", 0), VVX("vrem", 0),
	{ "vwmul.vv", "w:vv", F_W }, { "vwmul.vx", "w:vx", F_W }, { "vwmulu.vv", "w:vv", F_W },
	{ "vwmulu.vx", "w:vx", F_W }, { "vwmulsu.vv", "w:vv", F_W }, { "vwmulsu.vx", "w:vx", F_W },
	{ "vmacc.vv", "v:vv", F_TERN }, { "vmacc.vx", "v:xv", F_TERN },
	{ "vnmsac.vv", "v:vv", F_TERN }, { "vnmsac.vx", "v:xv", F_TERN },
	{ "vmadd.vv", "v:vv", F_TERN }, { "vmadd.vx", "v:xv", F_TERN },
	{ "vnmsub.vv", "v:vv", F_TERN }, { "vnmsub.vx", "v:xv", F_TERN },
	{ "vwmaccu.vv", "w:vv", F_W | F_TERN }, { "vwmaccu.vx", "w:xv", F_W | F_TERN },
	{ "vwmacc.vv", "w:vv", F_W | F_TERN }, { "vwmacc.vx", "w:xv", F_W | F_TERN },
	{ "vwmaccsu.vv", "w:vv", F_W | F_TERN }, { "vwmaccsu.vx", "w:xv", F_W | F_TERN },
	{ "vwmaccus.vx", "w:xv", F_W | F_TERN },
	/* 11.15-11.16 merge and move */
	{ "vmerge.vvm", "v:vvM", 0 }, { "vmerge.vxm", "v:vxM", 0 }, { "vmerge.vim", "v:viM", 0 },
	{ "vmv.v.v", "v:v", F_NOVM }, { "vmv.v.x", "v:x", F_NOVM }, { "vmv.v.i", "v:i", F_NOVM },
	/* 12 fixed point */
	VVXI("vsaddu", 0), VVXI("vsadd", 0), VVX("vssubu", 0), VVX("vssub", 0),
	VVX("vaaddu", 0), VVX("vaadd", 0), VVX("vasubu", 0), VVX("vasub", 0),
	VVX("vsmul", 0), VVXU("vssrl", 0), VVXU("vssra", 0),
	{ "vnclipu.wv", "v:wv", F_W }, { "vnclipu.wx", "v:wx", F_W }, { "vnclipu.wi", "v:wu", F_W },
	{ "vnclip.wv", "v:wv", F_W }, { "vnclip.wx", "v:wx", F_W }, { "vnclip.wi", "v:wu", F_W },
};

static const struct vop mask_ops[] = {
	/* 14.1-14.3 reductions */
	{ "vredsum.vs", "s:vs", 0 }, { "vredmaxu.vs", "s:vs", 0 }, { "vredmax.vs", "s:vs", 0 },
	{ "vredminu.vs", "s:vs", 0 }, { "vredmin.vs", "s:vs", 0 }, { "vredand.vs", "s:vs", 0 },
	{ "vredor.vs", "s:vs", 0 }, { "vredxor.vs", "s:vs", 0 },
	{ "vwredsumu.vs", "t:vt", F_W | F_NORED }, { "vwredsum.vs", "t:vt", F_W | F_NORED },
	/* 15 mask instructions */
	{ "vmand.mm", "m:mm", F_NOVM }, { "vmnand.mm", "m:mm", F_NOVM }, { "vmandn.mm", "m:mm", F_NOVM },
	{ "vmxor.mm", "m:mm", F_NOVM }, { "vmor.mm", "m:mm", F_NOVM }, { "vmnor.mm", "m:mm", F_NOVM },
	{ "vmorn.mm", "m:mm", F_NOVM }, { "vmxnor.mm", "m:mm", F_NOVM },
	{ "vcpop.m", "x:m", 0 }, { "vfirst.m", "x:m", 0 },
	{ "vmsbf.m", "m:m", F_NOOVL | F_VDNOV0 }, { "vmsif.m", "m:m", F_NOOVL | F_VDNOV0 },
	{ "vmsof.m", "m:m", F_NOOVL | F_VDNOV0 },
	{ "viota.m", "v:m", F_NOOVL }, { "vid.v", "v:", 0 },
	/* 16 permutation */
	{ "vmv.x.s", "x:s", F_NOVM }, { "vmv.s.x", "s:x", F_NOVM },
	{ "vslideup.vx", "v:vx", F_NOOVL }, { "vslideup.vi", "v:vu", F_NOOVL },
	{ "vslidedown.vx", "v:vx", 0 }, { "vslidedown.vi", "v:vu", 0 },
	{ "vslide1up.vx", "v:vx", F_NOOVL }, { "vslide1down.vx", "v:vx", 0 },
	{ "vrgather.vv", "v:vv", F_NOOVL }, { "vrgather.vx", "v:vx", F_NOOVL },
	{ "vrgather.vi", "v:vu", F_NOOVL }, { "vrgatherei16.vv", "v:ve", F_NOOVL },
	{ "vcompress.vm", "v:vm", F_NOVM | F_NOOVL },
};

static const struct vop fp_ops[] = {
	{ "vfadd.vv", "v:vv", F_FP }, { "vfadd.vf", "v:vf", F_FP },
	{ "vfsub.vv", "v:vv", F_FP }, { "vfsub.vf", "v:vf", F_FP }, { "vfrsub.vf", "v:vf", F_FP },
	{ "vfmul.vv", "v:vv", F_FP }, { "vfmul.vf", "v:vf", F_FP },
	{ "vfdiv.vv", "v:vv", F_FP }, { "vfdiv.vf", "v:vf", F_FP }, { "vfrdiv.vf", "v:vf", F_FP },
	{ "vfmin.vv", "v:vv", F_FP }, { "vfmin.vf", "v:vf", F_FP },
	{ "vfmax.vv", "v:vv", F_FP }, { "vfmax.vf", "v:vf", F_FP },
	{ "vfsgnj.vv", "v:vv", F_FP }, { "vfsgnj.vf", "v:vf", F_FP },
	{ "vfsgnjn.vv", "v:vv", F_FP }, { "vfsgnjn.vf", "v:vf", F_FP },
	{ "vfsgnjx.vv", "v:vv", F_FP }, { "vfsgnjx.vf", "v:vf", F_FP },
	{ "vfmacc.vv", "v:vv", F_FP | F_TERN }, { "vfmacc.vf", "v:fv", F_FP | F_TERN },
	{ "vfnmacc.vv", "v:vv", F_FP | F_TERN }, { "vfnmacc.vf", "v:fv", F_FP | F_TERN },
	{ "vfmsac.vv", "v:vv", F_FP | F_TERN }, { "vfmsac.vf", "v:fv", F_FP | F_TERN },
	{ "vfnmsac.vv", "v:vv", F_FP | F_TERN }, { "vfnmsac.vf", "v:fv", F_FP | F_TERN },
	{ "vfmadd.vv", "v:vv", F_FP | F_TERN }, { "vfmadd.vf", "v:fv", F_FP | F_TERN },
	{ "vfnmadd.vv", "v:vv", F_FP | F_TERN }, { "vfnmadd.vf", "v:fv", F_FP | F_TERN },
	{ "vfmsub.vv", "v:vv", F_FP | F_TERN }, { "vfmsub.vf", "v:fv", F_FP | F_TERN },
	{ "vfnmsub.vv", "v:vv", F_FP | F_TERN }, { "vfnmsub.vf", "v:fv", F_FP | F_TERN },
	{ "vfsqrt.v", "v:v", F_FP }, { "vfrsqrt7.v", "v:v", F_FP }, { "vfrec7.v", "v:v", F_FP },
	{ "vfclass.v", "v:v", F_FP },
	{ "vmfeq.vv", "m:vv", F_FP }, { "vmfeq.vf", "m:vf", F_FP },
	{ "vmfne.vv", "m:vv", F_FP }, { "vmfne.vf", "m:vf", F_FP },
	{ "vmflt.vv", "m:vv", F_FP }, { "vmflt.vf", "m:vf", F_FP },
	{ "vmfle.vv", "m:vv", F_FP }, { "vmfle.vf", "m:vf", F_FP },
	{ "vmfgt.vf", "m:vf", F_FP }, { "vmfge.vf", "m:vf", F_FP },
	{ "vfmerge.vfm", "v:vfM", F_FP }, { "vfmv.v.f", "v:f", F_FP | F_NOVM },
	{ "vfcvt.xu.f.v", "v:v", F_FP }, { "vfcvt.x.f.v", "v:v", F_FP },
	{ "vfcvt.f.xu.v", "v:v", F_FP }, { "vfcvt.f.x.v", "v:v", F_FP },
	/* vf[wn]cvt.rtz.*: left out, QEMU 7.2 aborts translating them
	 * (assertion insn_start != NULL in decode_save_opc) */
	/* widening and narrowing: SEW 32 <-> 64; int16 <-> f32 at SEW 16 too */
	{ "vfwadd.vv", "w:vv", F_FW }, { "vfwadd.vf", "w:vf", F_FW },
	{ "vfwsub.vv", "w:vv", F_FW }, { "vfwsub.vf", "w:vf", F_FW },
	{ "vfwadd.wv", "w:wv", F_FW }, { "vfwadd.wf", "w:wf", F_FW },
	{ "vfwsub.wv", "w:wv", F_FW }, { "vfwsub.wf", "w:wf", F_FW },
	{ "vfwmul.vv", "w:vv", F_FW }, { "vfwmul.vf", "w:vf", F_FW },
	{ "vfwmacc.vv", "w:vv", F_FW | F_TERN }, { "vfwmacc.vf", "w:fv", F_FW | F_TERN },
	{ "vfwnmacc.vv", "w:vv", F_FW | F_TERN }, { "vfwnmacc.vf", "w:fv", F_FW | F_TERN },
	{ "vfwmsac.vv", "w:vv", F_FW | F_TERN }, { "vfwmsac.vf", "w:fv", F_FW | F_TERN },
	{ "vfwnmsac.vv", "w:vv", F_FW | F_TERN }, { "vfwnmsac.vf", "w:fv", F_FW | F_TERN },
	{ "vfwcvt.xu.f.v", "w:v", F_FW }, { "vfwcvt.x.f.v", "w:v", F_FW },
	{ "vfwcvt.f.xu.v", "w:v", F_I16 }, { "vfwcvt.f.x.v", "w:v", F_I16 },
	{ "vfwcvt.f.f.v", "w:v", F_FW },
	{ "vfncvt.xu.f.w", "v:w", F_I16 }, { "vfncvt.x.f.w", "v:w", F_I16 },
	{ "vfncvt.f.xu.w", "v:w", F_FW }, { "vfncvt.f.x.w", "v:w", F_FW },
	{ "vfncvt.f.f.w", "v:w", F_FW }, { "vfncvt.rod.f.f.w", "v:w", F_FW },
	/* reductions (ordered sum only), scalar moves, slides */
	{ "vfredosum.vs", "s:vs", F_FP }, { "vfredmin.vs", "s:vs", F_FP },
	{ "vfredmax.vs", "s:vs", F_FP }, { "vfwredosum.vs", "t:vt", F_FW | F_NORED },
	{ "vfmv.f.s", "f:s", F_FP | F_NOVM }, { "vfmv.s.f", "s:f", F_FP | F_NOVM },
	{ "vfslide1up.vf", "v:vf", F_FP | F_NOOVL }, { "vfslide1down.vf", "v:vf", F_FP },
};

/* Try up to 12 random ops of a table until one fits the vtype. */
static void gen_from(struct gen *g, const struct vop *t, size_t n)
{
	for (int i = 0; i < 12; i++)
		if (gen_vop(g, &t[below(g, n)]))
			return;
}

/* ---- memory ---- */

static unsigned eew_log(unsigned eew)
{
	return eew == 8 ? 0 : eew == 16 ? 1 : eew == 32 ? 2 : 3;
}

/* Register group for nf fields of EMUL l2: aligned, within v0..v31, not v0
 * when masked. */
static bool pick_seg_group(struct gen *g, int l2, unsigned nf, bool masked, unsigned *vd)
{
	unsigned n = nregs(l2);
	for (int t = 0; t < 30; t++) {
		unsigned r = pick_reg(g, l2);
		if (r + nf * n > 32 || (masked && r == 0))
			continue;
		*vd = r;
		return true;
	}
	return false;
}

static const char *mask_sfx(bool masked)
{
	return masked ? ", v0.t" : "";
}

/* Base address register: x2 + off into a temporary, sometimes x2 itself. */
static unsigned base_reg(struct gen *g, unsigned off)
{
	if (off == 0 && chance(g, 30))
		return 2;
	unsigned r = xw(g);
	emit(g, "addi x%u, x2, %u", r, off);
	return r;
}

static void gen_mem(struct gen *g)
{
	unsigned k = (unsigned)below(g, 100);
	bool store = chance(g, 40);
	unsigned vl = g->vl;

	if (k < 8) {  /* whole registers (7.9) */
		static const unsigned nfs[] = { 1, 2, 4, 8 };
		unsigned nf = PICK(g, nfs), eew = 8u << below(g, 4);
		unsigned vd = (unsigned)below(g, 32 / nf) * nf;
		unsigned off = (unsigned)below(g, (DATA_SIZE - nf * VLENB) / eew + 1) * eew;
		unsigned b = base_reg(g, off);
		if (store)
			emit(g, "vs%ur.v v%u, (x%u)", nf, vd, b);
		else
			emit(g, "vl%ure%u.v v%u, (x%u)", nf, eew, vd, b);
		return;
	}
	if (k < 14) {  /* vlm/vsm (7.4): ceil(vl / 8) bytes */
		unsigned off = (unsigned)below(g, DATA_SIZE - 16 + 1);
		unsigned b = base_reg(g, off);
		emit(g, "%s v%u, (x%u)", store ? "vsm.v" : "vlm.v", (unsigned)below(g, 32), b);
		return;
	}

	unsigned eew = 8u << below(g, 4);
	int l2 = g->l2 + (int)eew_log(eew) - (int)eew_log(g->sew);
	unsigned nf = chance(g, 30) ? (unsigned)range(g, 2, 8) : 1;
	bool masked = chance(g, 40);
	unsigned vd;

	if (k < 45) {  /* unit stride and fault-only-first (7.4, 7.7, 7.8) */
		if (l2 < -3 || l2 > 3 || nf * nregs(l2) > 8 || !pick_seg_group(g, l2, nf, masked, &vd))
			return;
		unsigned size = vl * nf * eew / 8;
		unsigned off = (unsigned)below(g, (DATA_SIZE - size) / eew + 1) * eew;
		unsigned b = base_reg(g, off);
		bool ff = !store && chance(g, 20);
		if (nf == 1)
			emit(g, "v%s%u%s.v v%u, (x%u)%s", store ? "se" : "le", eew, ff ? "ff" : "", vd, b,
			     mask_sfx(masked));
		else
			emit(g, "v%sseg%ue%u%s.v v%u, (x%u)%s", store ? "s" : "l", nf, eew, ff ? "ff" : "",
			     vd, b, mask_sfx(masked));
		return;
	}
	if (k < 70) {  /* strided (7.5) */
		if (l2 < -3 || l2 > 3 || nf * nregs(l2) > 8 || !pick_seg_group(g, l2, nf, masked, &vd))
			return;
		unsigned seg = nf * eew / 8;
		int64_t stride;
		unsigned span_max = DATA_SIZE - seg;
		int64_t smax = vl > 1 ? span_max / (vl - 1) : 64;
		if (smax < (int64_t)seg && store)
			return;
		unsigned sr = 0;
		if (!store && chance(g, 10)) {
			stride = 0;  /* x0 */
		} else {
			int64_t lo = store ? seg : 0;
			stride = range(g, lo, smax);
			if (chance(g, 40))
				stride = stride / eew * eew < lo ? lo : stride / eew * eew;
			if (chance(g, 35))
				stride = -stride;
			sr = xw(g);
		}
		int64_t span = (vl ? vl - 1 : 0) * (stride < 0 ? -stride : stride);
		/* base so that base + i * stride stays in [0, DATA_SIZE - seg] */
		int64_t room = span_max - span;
		int64_t off = range(g, 0, room);
		if (stride < 0)
			off += span;
		off = off / eew * eew;
		unsigned b = base_reg(g, (unsigned)off);
		if (sr)
			emit_li(g, sr == b ? (sr = xw_not(g, b)) : sr, (uint64_t)stride);
		if (nf == 1)
			emit(g, "v%sse%u.v v%u, (x%u), x%u%s", store ? "s" : "l", eew, vd, b, sr, mask_sfx(masked));
		else
			emit(g, "v%ssseg%ue%u.v v%u, (x%u), x%u%s", store ? "s" : "l", nf, eew, vd, b, sr,
			     mask_sfx(masked));
		return;
	}
	/* indexed (7.6): data EEW = SEW, EMUL = LMUL; index EEW eew */
	{
		int dl2 = g->l2, il2 = l2;
		unsigned dsz = g->sew / 8, seg = nf * dsz, vi;
		bool ordered = chance(g, 50);
		if (il2 < -3 || il2 > 3 || nf * nregs(dl2) > 8 || !pick_seg_group(g, dl2, nf, masked, &vd))
			return;
		/* the index group: aligned, not v0 when masked, and not overlapping
		 * the data group except where 5.2 allows it (loads, nf 1) */
		unsigned ni = nregs(il2), nd = nf * nregs(dl2);
		int t;
		for (t = 0; t < 40; t++) {
			vi = pick_reg(g, il2);
			if (masked && vi == 0)
				continue;
			if (!overlap(vi, ni, vd, nd))
				break;
			if (!store && nf == 1) {
				struct vopd d = { dl2, g->sew, vd }, s = { il2, eew, vi };
				if (dst_src_ok(&d, &s))
					break;
			}
		}
		if (t == 40)
			return;
		/* offsets: multiples of seg (aligned elements); slots distinct for
		 * unordered stores */
		unsigned limit = eew == 8 ? 256 : DATA_SIZE;
		unsigned nslots = (limit - seg) / dsz / nf + 1;
		unsigned n = vl ? vl : 1;
		bool distinct = store && !ordered;
		if (distinct && n > nslots)
			return;
		unsigned offs[128];
		uint8_t used[512] = { 0 };
		for (unsigned i = 0; i < n; i++) {
			unsigned o;
			do
				o = (unsigned)below(g, nslots);
			while (distinct && used[o]);
			used[o] = 1;
			offs[i] = o * seg;
			if (!distinct && chance(g, 10) && i)
				offs[i] = offs[i - 1];
		}
		unsigned lbl = g->label++;
		fprintf(g->out, "\t.pushsection .rodata\n\t.balign 8\n.Lidx_%u_%u:\n", g->seq, lbl);
		for (unsigned i = 0; i < n; i++)
			emit(g, ".%s %u", eew == 8 ? "byte" : eew == 16 ? "half" : eew == 32 ? "word" : "dword",
			     offs[i]);
		emit(g, ".popsection");
		unsigned t1 = xw(g);
		emit(g, "lla x%u, .Lidx_%u_%u", t1, g->seq, lbl);
		emit(g, "vle%u.v v%u, (x%u)", eew, vi, t1);
		unsigned b = base_reg(g, 0);
		if (nf == 1)
			emit(g, "v%s%sei%u.v v%u, (x%u), v%u%s", store ? "s" : "l", ordered ? "ox" : "ux", eew,
			     vd, b, vi, mask_sfx(masked));
		else
			emit(g, "v%s%sseg%uei%u.v v%u, (x%u), v%u%s", store ? "s" : "l", ordered ? "ox" : "ux", nf,
			     eew, vd, b, vi, mask_sfx(masked));
	}
}

/* ---- illegal-encoding probes ---- */

/* A random OP-V word (funct3 0..6): many are reserved for the vtype in
 * force (misaligned groups, overlaps, SEW/EMUL out of range, vd = v0 when
 * masked) or undefined funct6 values.  Left out: vfredusum/vfwredusum
 * (funct6 000001/110001 OPFVV: order of the sum is free), and reserved
 * encodings QEMU 7.2 executes (below). */
static void gen_illegal(struct gen *g)
{
	uint32_t w;
	for (;;) {
		uint32_t f3 = (uint32_t)below(g, 7), f6 = (uint32_t)below(g, 64);
		uint32_t vm = (uint32_t)below(g, 2);
		if (f3 == 1 && (f6 == 0x01 || f6 == 0x31))
			continue;
		/* reserved, but QEMU 7.2 runs them: vm = 0 on vcompress and the
		 * mask-register logical ops (V 1.0 15.1, 16.5) */
		if (f3 == 2 && !vm && f6 >= 0x17 && f6 <= 0x1f)
			continue;
		/* QEMU 7.2 runs vector FP at SEW 16 (its require_rvf takes F as
		 * enough for it): half precision is Zvfh, which rvkvm has not */
		if ((f3 == 1 || f3 == 5) && g->sew == 16)
			continue;
		w = f6 << 26 | vm << 25 | (uint32_t)below(g, 32) << 20 |
		    (uint32_t)below(g, 32) << 15 | f3 << 12 | (uint32_t)below(g, 32) << 7 | 0x57;
		/* keep x2 (the data area) intact: rd of vmv.x.s/vcpop/vfirst etc. */
		if (((w >> 7) & 31) == 2)
			continue;
		break;
	}
	emit(g, ".word 0x%08x", w);
}

/* vsetvl with an unsupported vtype (6.1, 3.4.4): vill, vl 0; until the
 * next good vsetvl every instruction that depends on vtype traps. */
static void gen_vill(struct gen *g)
{
	static const uint64_t bad[] = {
		0x04, 0x24, 0x20, 0x28, 0x38, 0x1f, 0xc4, /* LMUL 4, SEW 128+ */
		0x1e, 0x1d, 0x15, 0x16, 0x0d,            /* SEW > ELEN * LMUL */
		0x100, 0x8000000000000000ULL, 0x4000000000000000ULL, 0x10000,
	};
	unsigned rs1 = xw(g), rs2 = xw_not(g, rs1);
	emit_li(g, rs1, below(g, 40));
	emit_li(g, rs2, PICK(g, bad));
	emit(g, "vsetvl x%u, x%u, x%u", chance(g, 30) ? 0 : xw(g), rs1, rs2);
	g->vl = 0;
	g->vlmax = 0;
}

/* ---- misc ---- */

static void gen_misc(struct gen *g)
{
	switch (below(g, 8)) {
	case 0: emit(g, "csrwi vxrm, %u", (unsigned)below(g, 4)); break;
	case 1: emit(g, "csrwi vxsat, %u", (unsigned)below(g, 2)); break;
	case 2: emit(g, "csrr x%u, vl", xw(g)); break;
	case 3: emit(g, "csrr x%u, vtype", xw(g)); break;
	case 4: emit(g, "csrr x%u, vlenb", xw(g)); break;
	case 5:
		if (g->groups & G_FP) {
			emit(g, "fsrmi x%u, %u", xw(g), (unsigned)below(g, 5));
			break;
		}
		/* fall through */
	case 6: emit_li(g, xw(g), int_val(g)); break;
	default:
		if (g->groups & G_FP) {
			unsigned t = xw(g);
			emit_li(g, t, fp_val(g));
			emit(g, "fmv.d.x f%u, x%u", fr(g), t);
		} else {
			emit(g, "csrr x%u, vxsat", xw(g));
		}
		break;
	}
}

static void gen_one(struct gen *g)
{
	unsigned k = (unsigned)below(g, 100);
	if (k < 7) {
		bool fp_only = !(g->groups & (G_MEM | G_INT | G_MASK));
		gen_vset(g, (g->groups & G_FP) && (fp_only || chance(g, 30)));
		return;
	}
	if (k < 14) {
		gen_misc(g);
		return;
	}
	if (g->illegal_seq && k < 30) {
		if (k < 16)
			gen_vill(g);
		else
			gen_illegal(g);
		return;
	}
	unsigned cand[4], n = 0;
	if (g->groups & G_MEM) cand[n++] = G_MEM;
	if (g->groups & G_INT) cand[n++] = G_INT;
	if (g->groups & G_MASK) cand[n++] = G_MASK;
	if (g->groups & G_FP) cand[n++] = G_FP;
	if (!n) {
		gen_misc(g);
		return;
	}
	switch (cand[below(g, n)]) {
	case G_MEM: gen_mem(g); break;
	case G_INT: gen_from(g, int_ops, NELEM(int_ops)); break;
	case G_MASK: gen_from(g, mask_ops, NELEM(mask_ops)); break;
	default:
		if (g->sew < 32 && chance(g, g->sew == 16 ? 50 : 80))
			gen_vset(g, true);
		gen_from(g, fp_ops, NELEM(fp_ops));
		break;
	}
}

/* ---- sequences ---- */

static void gen_sequence(struct gen *g, uint64_t seed, unsigned idx, unsigned len, bool all_illegal)
{
	uint64_t regs[NTABLE];

	g->rng = mix64(seed * 0x2545f4914f6cdd1dULL + 0x7654321) ^ mix64(idx + 0x9e3779b9ULL);
	g->seq = idx;
	g->label = 0;
	g->vlmax = 0;
	g->illegal_seq = all_illegal || ((g->groups & G_ILLEGAL) && chance(g, 20));

	memset(regs, 0, sizeof(regs));
	regs[0] = idx;
	for (unsigned i = 1; i < 32; i++)
		regs[i] = int_val(g);
	for (unsigned i = 32; i < 64; i++)
		regs[i] = fp_val(g);
	regs[64] = below(g, 5) << 5;
	regs[66] = below(g, 8);  /* vxrm, vxsat */
	regs[67] = g->illegal_seq;
	for (unsigned i = 0; i < 32; i++)
		vreg_val(g, &regs[SLOT_VREGS + 2 * i]);

	fprintf(g->out, "\n/* sequence %u */\n\t.pushsection .data\n\t.balign 64\n", idx);
	fprintf(g->out, ".Ldata_%u:\n", idx);
	for (unsigned i = 0; i < DATA_SIZE / 8; i++) {
		uint64_t v = chance(g, 40) ? rnd(g) : chance(g, 50) ? fp_val(g) : int_val(g);
		emit(g, ".dword 0x%016" PRIx64, v);
	}
	fprintf(g->out, "\t.balign 8\n.Ltbl_%u:\n", idx);
	for (unsigned i = 0; i < NTABLE; i++) {
		if (i == 2 || i == 65)
			emit(g, ".dword .Ldata_%u", idx);
		else
			emit(g, ".dword 0x%016" PRIx64, regs[i]);
	}
	emit(g, ".popsection");

	emit(g, "lla a0, .Ltbl_%u", idx);
	emit(g, "jal t0, vt_load");
	emit(g, "ld t0, 40(a0)");
	emit(g, "ld a0, 80(a0)");
	gen_vset(g, (g->groups & G_FP) && !(g->groups & (G_MEM | G_INT | G_MASK)));
	for (unsigned i = 0; i < len; i++)
		gen_one(g);
	emit(g, "csrw mscratch, a0");
	emit(g, "lla a0, vt_save");
	emit(g, "sd t0, 40(a0)");
	emit(g, "jal t0, vt_dump");
}

static unsigned parse_groups(const char *s)
{
	unsigned m = 0;
	char buf[256];
	snprintf(buf, sizeof(buf), "%s", s);
	for (char *t = strtok(buf, ","); t; t = strtok(NULL, ",")) {
		if (!strcmp(t, "mem")) m |= G_MEM;
		else if (!strcmp(t, "int")) m |= G_INT;
		else if (!strcmp(t, "mask")) m |= G_MASK;
		else if (!strcmp(t, "fp")) m |= G_FP;
		else if (!strcmp(t, "illegal")) m |= G_ILLEGAL;
		else if (!strcmp(t, "all")) m |= G_MEM | G_INT | G_MASK | G_FP;
		else if (!strcmp(t, "cfg")) m |= 0;
		else {
			fprintf(stderr, "vgen: unknown group '%s' (mem,int,mask,fp,illegal,all,cfg)\n", t);
			exit(2);
		}
	}
	return m;
}

static void usage(const char *argv0)
{
	fprintf(stderr, "usage: %s [-s SEED] [-k COUNT] [-n LEN] [-i INDEX] [-g GROUPS] [-I] [-m]\n", argv0);
	exit(2);
}

int main(int argc, char **argv)
{
	struct gen g = { .out = stdout, .groups = G_MEM | G_INT | G_MASK | G_FP };
	uint64_t seed = 1;
	unsigned count = 50, len = 100;
	long only = -1;
	int c, dump_mem = 0;
	bool all_illegal = false;
	const char *gs = "all";

	while ((c = getopt(argc, argv, "s:k:n:i:g:Imh")) != -1) {
		switch (c) {
		case 's': seed = strtoull(optarg, NULL, 0); break;
		case 'k': count = (unsigned)strtoul(optarg, NULL, 0); break;
		case 'n': len = (unsigned)strtoul(optarg, NULL, 0); break;
		case 'i': only = strtol(optarg, NULL, 0); break;
		case 'g': gs = optarg; g.groups = parse_groups(optarg); break;
		case 'I': all_illegal = true; break;
		case 'm': dump_mem = 1; break;
		default: usage(argv[0]);
		}
	}
	if (optind != argc || count == 0 || count > 100000 || len > 100000 ||
	    (only >= 0 && (unsigned long)only >= count))
		usage(argv[0]);
	if (all_illegal)
		g.groups |= G_ILLEGAL;

	fprintf(g.out, "/* Generated by tests/difftest/vgen -s %" PRIu64 " -k %u -n %u -g %s%s%s: do not edit. */\n",
		seed, count, len, gs, all_illegal ? " -I" : "", only >= 0 ? " (one sequence)" : "");
	fprintf(g.out, "\t.option arch, +v\n");
	fprintf(g.out, "\t.pushsection .data\n\t.balign 8\n\t.globl dt_options\n"
		"dt_options:\n\t.dword %d\n\t.popsection\n", dump_mem);
	fprintf(g.out, "\t.text\n\t.globl difftest_main\ndifftest_main:\n");
	for (unsigned i = 0; i < count; i++)
		if (only < 0 || (unsigned long)only == i)
			gen_sequence(&g, seed, i, len, all_illegal);
	emit(&g, "j dt_done");
	if (fflush(g.out) || ferror(g.out)) {
		perror("vgen: write");
		return 1;
	}
	return 0;
}
