// SPDX-License-Identifier: MIT
/* A template JIT for x86-64 hosts: a hot decoded block becomes straight-line
 * host code for its integer operations, loads and stores (inline TLB hit
 * test), F/D instructions (jit_fp.c; double-precision arithmetic on the
 * host's SSE/FMA where that is exact) and its exit branch.  Guest
 * registers live in struct hart (rbx points at it, x[] is at offset 0);
 * the few a block uses most stay in host registers while its code runs
 * (see cache_pick).  A TLB miss calls mem_dtlb_refill and tests again.
 * Whatever the code does not handle - an unsupported operation, an access
 * the refill cannot make hit - "bails out": it returns the index of that
 * instruction, untouched, and the interpreter carries on from it (exec.c),
 * so every slow path, trap and MMIO exit stays the interpreter's.
 *
 * Return value (enum jit_exit): JIT_END after the block's last instruction
 * (h->pc and h->retired updated), JIT_DIRECT / JIT_INDIRECT after a taken
 * branch or jump (likewise), or JIT_BAIL + i. */
#include <stddef.h>
#include <sys/mman.h>
#include <unistd.h>

#include "hw/riscv/amo.h"
#include "hw/riscv/bitmanip.h"
#include "hw/riscv/fpu.h"
#include "hw/riscv/hart_internal.h"
#include "hw/riscv/jit.h"
#include "hw/riscv/ops.h"
#include "hw/riscv/vector.h"

#if defined(__x86_64__)

#define JIT_BUF_SIZE (32u << 20)
/* Largest code one instruction can need (a load/store with its TLB test
 * and bail stub, a branch with its exit), with margin. */
#define JIT_INSN_MAX 224
/* Offset of the code after the pushes and `mov rbx, rdi`, where a block
 * chained from another continues (h, dtlb and the cached guest registers
 * are loaded there). */
#define JIT_CHAIN_ENTRY 17

enum { RAX, RCX, RDX, RBX, RSP, RBP, RSI, RDI, R8, R9, R10, R11, R12, R13, R14, R15 };
/* Pinned: RBX = struct hart *, R12 = h->dtlb.  The block's PC is h->pc,
 * which holds it until an exit stores the next one (pc_lea).  R13, R15,
 * RBP, R8, R9, RSI, RDI, R11 and R10 hold the block's cached guest
 * registers (R8-R11, RSI and RDI are caller-saved: calls spill and fill
 * them).  In a block with a loop (a backward branch within it), R10
 * instead counts the loop's retired instructions up from -(chain_left <<
 * LOOP_SHIFT) (h->loop_base), so an iteration does no read-modify-write
 * of memory and its back edge is one add and one jump on the sign; R14
 * takes its place.  (R14 in straight-line blocks too, a tenth register
 * filled and spilled at every entry and exit, measured no faster: there
 * it holds a page group's addend instead, access_addr.)
 * Scratch: RAX, RCX, RDX. */
#define JIT_NCACHE 9
#define LOOP_RETIRED R10
/* A loop's budget: 1 << LOOP_SHIFT instructions per chain_left unit, a
 * block's worth (the PMU's PMU_NEAR margin assumes no more). */
#define LOOP_SHIFT 6
_Static_assert(1 << LOOP_SHIFT == BLOCK_MAX_INSNS, "a chain_left unit is a block's instructions");
static const uint8_t cache_host[2][JIT_NCACHE] = {
	{ R13, R15, RBP, R8, R9, RSI, RDI, R11, R10 },
	{ R13, R15, RBP, R8, R9, RSI, RDI, R11, R14 },   /* a loop's block */
};

struct emit {
	uint8_t *p, *end;
	bool full;
	/* Register cache: host[i] is the host register holding x[i] (0:
	 * none, in memory), guest[] the cached ones.  In memory at every
	 * exit and around calls that use h->x (spill/fill). */
	uint8_t host[33];
	uint8_t guest[JIT_NCACHE];
	unsigned ncached;
	bool written[JIT_NCACHE];  /* guest[k] is some instruction's rd: spilled */
	bool loop;                 /* LOOP_RETIRED in use */
};

static void b1(struct emit *e, unsigned v)
{
	if (e->p < e->end)
		*e->p++ = (uint8_t)v;
	else
		e->full = true;
}

static void b4(struct emit *e, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		b1(e, (v >> (8 * i)) & 0xff);
}

/* REX prefix: W (64-bit operand), R (reg field high bit), X (index), B (rm/base). */
static void rex(struct emit *e, bool w, unsigned reg, unsigned index, unsigned rm, bool force)
{
	unsigned v = 0x40 | (w ? 8 : 0) | ((reg >> 3) << 2) | ((index >> 3) << 1) | (rm >> 3);
	if (v != 0x40 || force)
		b1(e, v);
}

/* ModRM for [base + disp32] (mod=10), with the SIB byte RSP/R12 need. */
static void mem(struct emit *e, unsigned reg, unsigned base, int32_t disp)
{
	b1(e, 0x80 | ((reg & 7) << 3) | (base & 7));
	if ((base & 7) == RSP)
		b1(e, 0x24);
	b4(e, (uint32_t)disp);
}

/* op reg, [base + disp] / op [base + disp], reg: opc is the one-byte
 * opcode (0x8b mov load, 0x89 mov store, 0x03 add, 0x3b cmp ...). */
static void op_mem(struct emit *e, bool w, unsigned opc, unsigned reg, unsigned base, int32_t disp)
{
	rex(e, w, reg, 0, base, false);
	b1(e, opc);
	mem(e, reg, base, disp);
}

/* op reg, [base + index + disp32] (64-bit; index not RSP) */
static void op_sib(struct emit *e, unsigned opc, unsigned reg, unsigned base, unsigned index, int32_t disp)
{
	rex(e, true, reg, index, base, false);
	b1(e, opc);
	b1(e, 0x84 | ((reg & 7) << 3));             /* mod=10, rm=100: SIB */
	b1(e, ((index & 7) << 3) | (base & 7));     /* scale 1 */
	b4(e, (uint32_t)disp);
}

/* op rm, reg (register form, mod=11) */
static void op_rr(struct emit *e, bool w, unsigned opc, unsigned reg, unsigned rm)
{
	rex(e, w, reg, 0, rm, false);
	b1(e, opc);
	b1(e, 0xc0 | ((reg & 7) << 3) | (rm & 7));
}

/* Group-1 op with imm32: 81 /digit (add 0, or 1, and 4, sub 5, xor 6, cmp 7). */
static void op_imm(struct emit *e, bool w, unsigned digit, unsigned rm, int32_t imm)
{
	rex(e, w, 0, 0, rm, false);
	b1(e, 0x81);
	b1(e, 0xc0 | (digit << 3) | (rm & 7));
	b4(e, (uint32_t)imm);
}

/* Shift by imm8: C1 /digit (shl 4, shr 5, sar 7); by CL: D3 /digit. */
static void shift_imm(struct emit *e, bool w, unsigned digit, unsigned rm, unsigned n)
{
	rex(e, w, 0, 0, rm, false);
	b1(e, 0xc1);
	b1(e, 0xc0 | (digit << 3) | (rm & 7));
	b1(e, n);
}

static void shift_cl(struct emit *e, bool w, unsigned digit, unsigned rm)
{
	rex(e, w, 0, 0, rm, false);
	b1(e, 0xd3);
	b1(e, 0xc0 | (digit << 3) | (rm & 7));
}

#define X_OFF(i) ((int32_t)offsetof(struct hart, x) + 8 * (int32_t)(i))

static void load_x(struct emit *e, unsigned reg, unsigned i)
{
	if (i == 0) {
		op_rr(e, false, 0x31, reg, reg);  /* xor r32, r32 */
		return;
	}
	if (e->host[i]) {
		if (e->host[i] != reg)
			op_rr(e, true, 0x89, e->host[i], reg);  /* mov reg, host */
		return;
	}
	op_mem(e, true, 0x8b, reg, RBX, X_OFF(i));
}

static void store_x(struct emit *e, unsigned i, unsigned reg)
{
	if (e->host[i]) {
		op_rr(e, true, 0x89, reg, e->host[i]);  /* mov host, reg */
		return;
	}
	op_mem(e, true, 0x89, reg, RBX, X_OFF(i));
}

/* cmp rax, x[i] */
static void cmp_rax_x(struct emit *e, unsigned i)
{
	if (e->host[i])
		op_rr(e, true, 0x3b, RAX, e->host[i]);
	else
		op_mem(e, true, 0x3b, RAX, RBX, X_OFF(i));
}

static bool caller_saved(unsigned host);

/* reg = x[i] for a call's argument, after cache_spill_some: a register
 * cached in a caller-saved host register is read from memory (which the
 * spill brought up to date), as an earlier argument may have overwritten
 * its host register. */
static void load_arg(struct emit *e, unsigned reg, unsigned i)
{
	if (e->host[i] && caller_saved(e->host[i]))
		op_mem(e, true, 0x8b, reg, RBX, X_OFF(i));
	else
		load_x(e, reg, i);
}

/* mov dword [rbx + chain_left], 0: back to the run loop (10 bytes) */
static void chain_left_zero(struct emit *e)
{
	b1(e, 0xc7), mem(e, 0, RBX, (int32_t)offsetof(struct hart, chain_left)), b4(e, 0);
}

static bool caller_saved(unsigned host)
{
	return (host >= R8 && host <= R11) || host == RSI || host == RDI;
}

/* The cached registers to struct hart (before anything that reads h->x)
 * and back (after a call that may write it): those named in names (a mask
 * of guest register numbers; ~0 at exits and entries) and, around calls,
 * which clobber them, the caller-saved ones.  In a loop block the spill
 * also adds the loop's count to h->retired and takes what it used, in
 * whole blocks' worth rounded up, off h->chain_left (at least one after
 * any instruction, so a loop that spills and fills around a call each
 * iteration still runs out), leaving R10 at loop_base (a second spill
 * adds nothing); the fill starts a new count from chain_left, which a
 * call may have dropped to 0 (dirty logging).  Only R10, memory and the
 * flags change: rax..rdx may hold an address or a result. */
static void cache_spill_some(struct emit *e, uint32_t names)
{
	for (unsigned k = 0; k < e->ncached; k++) {
		unsigned g = e->guest[k], hr = e->host[g];
		if (e->written[k] && (((names >> g) & 1) || caller_saved(hr)))
			op_mem(e, true, 0x89, hr, RBX, X_OFF(g));
	}
	if (e->loop) {
		const int32_t base = (int32_t)offsetof(struct hart, loop_base);
		const int32_t left = (int32_t)offsetof(struct hart, chain_left);
		op_mem(e, true, 0x2b, LOOP_RETIRED, RBX, base);            /* sub r10, [loop_base] */
		op_mem(e, true, 0x01, LOOP_RETIRED, RBX, (int32_t)offsetof(struct hart, retired));
		op_imm(e, true, 0, LOOP_RETIRED, (1 << LOOP_SHIFT) - 1);
		shift_imm(e, true, 7, LOOP_RETIRED, LOOP_SHIFT);           /* sar: a block's forward */
		op_rr(e, true, 0x85, LOOP_RETIRED, LOOP_RETIRED);          /* jumps can make it < 0 */
		b1(e, 0x7e), b1(e, 0);                                     /* jle: nothing used */
		uint8_t *skip = e->p;
		op_mem(e, false, 0x29, LOOP_RETIRED, RBX, left);           /* sub [chain_left], r10d */
		b1(e, 0x73), b1(e, 10);                                    /* jae: no borrow */
		chain_left_zero(e);                                        /* 10 bytes */
		if (!e->full)
			skip[-1] = (uint8_t)(e->p - skip);
		op_mem(e, true, 0x8b, LOOP_RETIRED, RBX, base);
	}
}

static void cache_fill_some(struct emit *e, uint32_t names)
{
	for (unsigned k = 0; k < e->ncached; k++) {
		unsigned g = e->guest[k], hr = e->host[g];
		if (((names >> g) & 1) || caller_saved(hr))
			op_mem(e, true, 0x8b, hr, RBX, X_OFF(g));
	}
	if (e->loop) {
		op_mem(e, false, 0x8b, LOOP_RETIRED, RBX, (int32_t)offsetof(struct hart, chain_left));
		shift_imm(e, true, 4, LOOP_RETIRED, LOOP_SHIFT);
		rex(e, true, 0, 0, LOOP_RETIRED, false), b1(e, 0xf7), b1(e, 0xd8 | (LOOP_RETIRED & 7)); /* neg */
		op_mem(e, true, 0x89, LOOP_RETIRED, RBX, (int32_t)offsetof(struct hart, loop_base));
	}
}

static void cache_spill(struct emit *e) { cache_spill_some(e, ~0u); }
static void cache_fill(struct emit *e) { cache_fill_some(e, ~0u); }

/* A helper that takes the instruction (vector unit, CSR reads) reads
 * x[rs1] and x[rs2] and writes x[rd] at most: the register fields of the
 * raw instruction, whatever they name. */
static uint32_t insn_regs(const struct insn *d)
{
	uint32_t r = d->raw;
	return 1u << ((r >> 7) & 31) | 1u << ((r >> 15) & 31) | 1u << ((r >> 20) & 31);
}

/* lea reg, [base + disp32] */
static void lea(struct emit *e, unsigned reg, unsigned base, int32_t disp)
{
	op_mem(e, true, 0x8d, reg, base, disp);
}

/* reg = the block's PC + off: h->pc, which holds the block's start until
 * an exit stores the next PC (mov and lea: the flags stay) */
static void pc_lea(struct emit *e, unsigned reg, int32_t off)
{
	op_mem(e, true, 0x8b, reg, RBX, (int32_t)offsetof(struct hart, pc));
	if (off)
		lea(e, reg, reg, off);
}

/* lea reg, [base + index * (1 << scale) + disp] (index not RSP) */
static void lea_sib(struct emit *e, unsigned reg, unsigned base, unsigned index, unsigned scale, int32_t disp)
{
	rex(e, true, reg, index, base, false);
	b1(e, 0x8d);
	/* mod=10 with a displacement; else mod=00, but rbp/r13 as base need
	 * mod=01 with a disp8 of 0 */
	unsigned mod = disp ? 0x80 : (base & 7) == RBP ? 0x40 : 0;
	b1(e, mod | 0x04 | ((reg & 7) << 3));
	b1(e, (scale << 6) | ((index & 7) << 3) | (base & 7));
	if (mod == 0x80)
		b4(e, (uint32_t)disp);
	else if (mod == 0x40)
		b1(e, 0);
}

static void movsxd_rax_eax(struct emit *e)
{
	b1(e, 0x48), b1(e, 0x63), b1(e, 0xc0);
}

static void mov_eax_imm(struct emit *e, uint32_t v)
{
	b1(e, 0xb8);
	b4(e, v);
}

/* jmp/jcc rel32 to be patched: returns the offset field's address. */
static uint8_t *jcc32(struct emit *e, unsigned cc)
{
	b1(e, 0x0f), b1(e, 0x80 | cc);
	uint8_t *at = e->p;
	b4(e, 0);
	return at;
}

static uint8_t *jmp32(struct emit *e)
{
	b1(e, 0xe9);
	uint8_t *at = e->p;
	b4(e, 0);
	return at;
}

static void patch32(struct emit *e, uint8_t *at, const uint8_t *target)
{
	if (e->full || !at)
		return;
	int32_t rel = (int32_t)(target - (at + 4));
	memcpy(at, &rel, 4);
}

/* h->retired += n */
static void add_retired(struct emit *e, unsigned n)
{
	rex(e, true, 0, 0, RBX, false);
	b1(e, 0x81);
	mem(e, 0, RBX, (int32_t)offsetof(struct hart, retired));
	b4(e, n);
}

/* h->pc = rax */
static void store_pc(struct emit *e)
{
	op_mem(e, true, 0x89, RAX, RBX, (int32_t)offsetof(struct hart, pc));
}

/* x86 condition codes */
enum { CC_B = 2, CC_AE = 3, CC_E = 4, CC_NE = 5, CC_BE = 6, CC_A = 7, CC_S = 8, CC_L = 12, CC_GE = 13 };

/* rcx = tlb_index(rax >> 12) * sizeof(struct tlb_entry), the entry's
 * offset in a context's TLB (hart_internal.h): the page number's low bits,
 * in place, by one shift and one mask. */
static void tlb_offset(struct emit *e)
{
	op_rr(e, false, 0x89, RAX, RCX);           /* mov ecx, eax */
	shift_imm(e, false, 5, RCX, PAGE_SHIFT - 5);
	op_imm(e, false, 4, RCX, (int32_t)((TLB_SIZE - 1) << 5));
}

/* The inline TLB test of exec.c's LOAD/STORE: va in RAX; entry of the
 * access's first byte, tag compared with the page of its last byte.
 * Leaves the host address in RAX (and the entry's addend in areg, if not
 * 0) and returns the jump to patch to the bail stub on a miss. */
static uint8_t *tlb_lookup(struct emit *e, unsigned size, bool write, unsigned areg)
{
	tlb_offset(e);
	/* rdx = (va + size - 1) >> 12; cmp rdx, tag of the entry at r12 + rcx */
	if (size > 1)
		lea(e, RDX, RAX, (int32_t)size - 1);
	else
		op_rr(e, true, 0x89, RAX, RDX);
	shift_imm(e, true, 5, RDX, PAGE_SHIFT);
	op_sib(e, 0x3b, RDX, R12, RCX,
	       write ? (int32_t)offsetof(struct tlb_entry, tag_w) : (int32_t)offsetof(struct tlb_entry, tag_r));
	uint8_t *miss = jcc32(e, CC_NE);
	if (areg) {
		op_sib(e, 0x8b, areg, R12, RCX, (int32_t)offsetof(struct tlb_entry, addend));
		op_rr(e, true, 0x01, areg, RAX);                                     /* add rax, areg */
	} else {
		op_sib(e, 0x03, RAX, R12, RCX, (int32_t)offsetof(struct tlb_entry, addend)); /* add rax, addend */
	}
	return miss;
}

/* rdx = the physical page the fetch TLB maps the page of va (rax) to
 * (h->itlb_pa, beside the entry), or the jump left in *miss taken when it
 * holds no entry for that page; rcx and rsi clobbered. */
static void fetch_tlb_page(struct emit *e, uint8_t **miss)
{
	tlb_offset(e);
	op_rr(e, true, 0x89, RAX, RDX);           /* rdx = the page number */
	shift_imm(e, true, 5, RDX, PAGE_SHIFT);
	op_mem(e, true, 0x8b, RSI, RBX, (int32_t)offsetof(struct hart, itlb));
	op_rr(e, true, 0x01, RCX, RSI);           /* rsi = the entry */
	op_mem(e, true, 0x3b, RDX, RSI, (int32_t)offsetof(struct tlb_entry, tag_x));
	*miss = jcc32(e, CC_NE);
	op_mem(e, true, 0x8b, RDX, RBX, (int32_t)offsetof(struct hart, itlb_pa));
	shift_imm(e, false, 5, RCX, 2);           /* the set's offset / 4: its tlb_pa index * 8 */
	op_sib(e, 0x8b, RDX, RDX, RCX, 0);
}

/* rax = x[rs1] + off */
static void va_off_to_rax(struct emit *e, unsigned rs1, int32_t off)
{
	if (rs1 && e->host[rs1] && off) {
		lea(e, RAX, e->host[rs1], off);  /* one instruction from a cached base */
		return;
	}
	load_x(e, RAX, rs1);
	if (off)
		op_imm(e, true, 0, RAX, off);
}

static void va_to_rax(struct emit *e, const struct insn *d)
{
	va_off_to_rax(e, d->rs1, d->imm);
}

#define MAX_JUMPS (4 * (BLOCK_MAX_INSNS + 1))

/* The compilation of one block. */
struct jctx {
	struct emit e;
	const struct block *b;
	unsigned limit;   /* last instruction compiled (a bail, END or a jump) */
	uint8_t *label[BLOCK_MAX_INSNS + 1];    /* where each instruction's code starts */
	uint8_t *exits[MAX_JUMPS];              /* jumps to the epilogue */
	unsigned nexits;
	struct { uint8_t *at; unsigned insn; } bails[MAX_JUMPS], fwd[MAX_JUMPS];
	unsigned nbails, nfwd;
	/* TLB misses: out-of-line refill calls (emit_refills) */
	struct { uint8_t *at, *retry; unsigned insn, size; bool write; } refills[BLOCK_MAX_INSNS + 1];
	unsigned nrefills;
	/* Page memos (hart.jit_memo): the block's group starts at slot memo0
	 * (0: none); each site's memo miss goes out of line (emit_memo_fills) */
	uint8_t in_loop[BLOCK_MAX_INSNS + 1];   /* inside a loop of the block (cache_pick) */
	bool target[BLOCK_MAX_INSNS + 1];       /* a branch or jump of the block lands there */
	bool loop_head[BLOCK_MAX_INSNS + 1];    /* a backward jump lands there (cache_pick): aligned */
	bool fused;   /* emit_insn did instruction i + 1 too: no code of its own */
	unsigned memo0, nmemo, memo_cap;
	bool memo_all;   /* every load and store has a memo, not only loops' */
	unsigned bc0, nbc, bc_cap;   /* branch caches: slots bc0 on (branch_cache) */
	unsigned jt0;   /* the JALR's same-page target table: JT_WAYS slots from jt0 (0: none) */
	struct { uint8_t *at; bool jalr; unsigned kind; } bcs[BLOCK_MAX_INSNS + 1];
	struct { uint8_t *at[2], *back; unsigned insn, size; bool write; } memos[BLOCK_MAX_INSNS + 1];
	/* Page groups (group_plan): by instruction, GROUP_LEADER or
	 * GROUP_MEMBER; by leader, the span of the group's accesses
	 * (offsets from the base), whether its test is for writing and where
	 * it keeps the addend (0: R14, 1: the frame's slot at [rsp]).  The
	 * out-of-line paths: a leader's own test (the group's failed: the
	 * addend = 0), a member's own test (the addend was 0). */
	uint8_t group_role[BLOCK_MAX_INSNS + 1], group_leader[BLOCK_MAX_INSNS + 1];
	struct { int32_t lo, hi; bool write; uint8_t track; } group[BLOCK_MAX_INSNS + 1];
	struct { uint8_t *at, *done; unsigned insn, size; bool write, member, track; } gouts[BLOCK_MAX_INSNS + 1];
	unsigned ngouts;
	uint8_t *dispatch;  /* the hart's shared lookup routine (emit_dispatcher) */
	uint8_t *dispatch_fill;  /* its variant that fills a branch cache */
};

static void to_epilogue(struct jctx *c, uint8_t *at)
{
	if (at && c->nexits < MAX_JUMPS)
		c->exits[c->nexits++] = at;
	else
		c->e.full = true;
}

/* A jump (already emitted, offset at `at`) to the bail stub of insn i. */
static void to_bail(struct jctx *c, uint8_t *at, unsigned i)
{
	if (at && c->nbails < MAX_JUMPS)
		c->bails[c->nbails].at = at, c->bails[c->nbails++].insn = i;
	else
		c->e.full = true;
}

static int32_t memo_off(unsigned slot, bool addend)
{
	return (int32_t)(offsetof(struct hart, jit_memo) + slot * sizeof(struct jit_memo) +
			 (addend ? offsetof(struct jit_memo, addend) : offsetof(struct jit_memo, page)));
}

static void tlb_access_at(struct jctx *c, uint8_t *retry, unsigned i, unsigned size, bool write);

/* The inline TLB test for insn i's access at rax (tlb_lookup); a miss
 * goes to an out-of-line refill (emit_refills) that comes back to the
 * test when the page is then in its set, else bails.  In a loop, with a
 * memo slot to spare, the inline test is the memo's instead: the page
 * compared with the site's last one (and the address aligned, so the
 * access is within it), the addend from the memo - a load that does not
 * wait for the address.  A memo miss does the TLB test out of line and
 * fills the memo from the entry (emit_memo_fills). */
static void tlb_access(struct jctx *c, unsigned i, unsigned size, bool write)
{
	struct emit *e = &c->e;
	if ((c->in_loop[i] || c->memo_all) && c->nmemo < c->memo_cap) {
		unsigned slot = c->memo0 + 1 + c->nmemo;
		op_rr(e, true, 0x89, RAX, RDX);
		shift_imm(e, true, 5, RDX, PAGE_SHIFT);
		op_mem(e, true, 0x3b, RDX, RBX, memo_off(slot, false));  /* cmp rdx, memo page */
		c->memos[c->nmemo].at[0] = jcc32(e, CC_NE);
		c->memos[c->nmemo].at[1] = NULL;
		if (size > 1) {
			b1(e, 0xa8), b1(e, size - 1);  /* test al, size - 1 */
			c->memos[c->nmemo].at[1] = jcc32(e, CC_NE);
		}
		op_mem(e, true, 0x03, RAX, RBX, memo_off(slot, true));   /* add rax, memo addend */
		c->memos[c->nmemo].back = e->p;
		c->memos[c->nmemo].insn = i;
		c->memos[c->nmemo].size = size;
		c->memos[c->nmemo++].write = write;
		return;
	}
	tlb_access_at(c, e->p, i, size, write);
}

/* The TLB test, with retry the address a refill comes back to. */
static void tlb_access_at(struct jctx *c, uint8_t *retry, unsigned i, unsigned size, bool write)
{
	uint8_t *miss = tlb_lookup(&c->e, size, write, 0);
	if (c->nrefills > BLOCK_MAX_INSNS) {
		to_bail(c, miss, i);
		return;
	}
	c->refills[c->nrefills].at = miss;
	c->refills[c->nrefills].retry = retry;
	c->refills[c->nrefills].insn = i;
	c->refills[c->nrefills].size = size;
	c->refills[c->nrefills++].write = write;
}

/* The refill calls: mem_dtlb_refill(h, va, size, write) with va (rax)
 * kept on the stack (two pushes keep rsp 16-byte aligned for the call). */
static void emit_refills(struct jctx *c)
{
	struct emit *e = &c->e;
	uint64_t fn = (uint64_t)(uintptr_t)mem_dtlb_refill;
	for (unsigned k = 0; k < c->nrefills; k++) {
		patch32(e, c->refills[k].at, e->p);
		cache_spill_some(e, 0);
		b1(e, 0x50), b1(e, 0x50);                                   /* push rax; push rax */
		op_rr(e, true, 0x89, RBX, RDI);                             /* mov rdi, rbx */
		op_rr(e, true, 0x89, RAX, RSI);                             /* mov rsi, rax */
		b1(e, 0xba), b4(e, c->refills[k].size);                     /* mov edx, size */
		b1(e, 0xb9), b4(e, c->refills[k].write);                    /* mov ecx, write */
		b1(e, 0x48), b1(e, 0xb8), b4(e, (uint32_t)fn), b4(e, (uint32_t)(fn >> 32));  /* mov rax, fn */
		b1(e, 0xff), b1(e, 0xd0);                                   /* call rax */
		op_rr(e, false, 0x89, RAX, RDX);                            /* mov edx, eax */
		b1(e, 0x58), b1(e, 0x58);                                   /* pop rax; pop rax */
		cache_fill_some(e, 0);
		b1(e, 0x84), b1(e, 0xd2);                                   /* test dl, dl */
		to_bail(c, jcc32(e, CC_E), c->refills[k].insn);
		patch32(e, jmp32(e), c->refills[k].retry);
	}
}

/* The memo misses: the TLB test (a miss there refills, as any), then the
 * entry's page and addend into the site's memo, its half of the address
 * space noted (tlb_flush_va), and back. */
static void emit_memo_fills(struct jctx *c)
{
	struct emit *e = &c->e;
	for (unsigned k = 0; k < c->nmemo; k++) {
		unsigned slot = c->memo0 + 1 + k;
		patch32(e, c->memos[k].at[0], e->p);
		patch32(e, c->memos[k].at[1], e->p);
		tlb_access_at(c, e->p, c->memos[k].insn, c->memos[k].size, c->memos[k].write);
		/* rcx: the entry's offset in the context (tlb_lookup) */
		op_sib(e, 0x8b, RDX, R12, RCX, (int32_t)offsetof(struct tlb_entry, addend));
		op_mem(e, true, 0x89, RDX, RBX, memo_off(slot, true));
		op_sib(e, 0x8b, RDX, R12, RCX, c->memos[k].write ? (int32_t)offsetof(struct tlb_entry, tag_w)
								 : (int32_t)offsetof(struct tlb_entry, tag_r));
		op_mem(e, true, 0x89, RDX, RBX, memo_off(slot, false));
		/* h->memo_half[the page's half of the address space] = 1 */
		shift_imm(e, true, 5, RDX, 63 - PAGE_SHIFT);
		op_sib(e, 0xc6, 0, RBX, RDX, (int32_t)offsetof(struct hart, memo_half)), b1(e, 1);
		patch32(e, jmp32(e), c->memos[k].back);
	}
}

/* At every entry of a block with memos: those filled in another TLB epoch
 * are dropped (the check's jump to here is at, its continuation back). */
static void emit_memo_reset(struct jctx *c, uint8_t *at, uint8_t *back)
{
	struct emit *e = &c->e;
	patch32(e, at, e->p);
	op_mem(e, true, 0x89, RAX, RBX, memo_off(c->memo0, false));  /* the group's epoch = rax */
	for (unsigned k = 0; k < c->nmemo; k++) {
		rex(e, true, 0, 0, RBX, false), b1(e, 0xc7);                 /* mov qword [memo page], -1 */
		mem(e, 0, RBX, memo_off(c->memo0 + 1 + k, false)), b4(e, 0xffffffffu);
	}
	patch32(e, jmp32(e), back);
}

/* Leave through a taken branch/jump: pc = rax, retired += i + 1. */
static void exit_branch(struct jctx *c, unsigned i, unsigned kind)
{
	store_pc(&c->e);
	add_retired(&c->e, i + 1);
	mov_eax_imm(&c->e, kind);
	to_epilogue(c, jmp32(&c->e));
}

/* The end of every frame (the prologue is in jit_compile). */
static void emit_epilogue(struct emit *e)
{
	b1(e, 0x48), b1(e, 0x83), b1(e, 0xc4), b1(e, 0x08);  /* add rsp, 8 */
	b1(e, 0x5d);                    /* pop rbp */
	b1(e, 0x41), b1(e, 0x5f);       /* pop r15 */
	b1(e, 0x41), b1(e, 0x5d);       /* pop r13 */
	b1(e, 0x41), b1(e, 0x5e);       /* pop r14 */
	b1(e, 0x41), b1(e, 0x5c);       /* pop r12 */
	b1(e, 0x5b);                    /* pop rbx */
	b1(e, 0xc3);                    /* ret */
}

/* sub dword [rbx + chain_left], 1; returns the jump taken when it was 0 or 1. */
static uint8_t *chain_left_dec(struct emit *e)
{
	b1(e, 0x83), mem(e, 5, RBX, (int32_t)offsetof(struct hart, chain_left)), b1(e, 1);
	return jcc32(e, CC_BE);
}


/* cmp edx, the code generation the block at breg was last current in,
 * with h->code_gen (clobbers edx) */
static void cmp_block_gen(struct emit *e, unsigned breg)
{
	op_mem(e, false, 0x8b, RDX, RBX, (int32_t)offsetof(struct hart, code_gen));
	op_mem(e, false, 0x3b, RDX, breg, (int32_t)offsetof(struct block, gen));
}

/* Continue in the compiled code of the block at breg past its prologue
 * (rdx = its b->jit), in this frame: h->jit_block = it. */
static void enter_block(struct emit *e, unsigned breg)
{
	op_mem(e, true, 0x89, breg, RBX, (int32_t)offsetof(struct hart, jit_block));
	op_imm(e, true, 0, RDX, JIT_CHAIN_ENTRY);
	b1(e, 0xff), b1(e, 0xe0 | RDX);  /* jmp rdx */
}

/* With rax = a block-cache slot and rdx = the physical address wanted:
 * if the slot holds a block there, of the current code generation and
 * compiled, continue in its code past the prologue (h->jit_block = it),
 * after filling the memo slot at register fill (0: none) with it, for
 * h->pc; else take one of the jumps left in miss[] (for the caller to
 * patch). */
static void enter_if_compiled(struct emit *e, uint8_t *miss[4], unsigned fill)
{
	op_rr(e, true, 0x85, RAX, RAX);
	miss[0] = jcc32(e, CC_E);
	op_mem(e, true, 0x3b, RDX, RAX, (int32_t)offsetof(struct block, pa));
	miss[1] = jcc32(e, CC_NE);
	cmp_block_gen(e, RAX);
	miss[2] = jcc32(e, CC_NE);
	op_mem(e, true, 0x8b, RDX, RAX, (int32_t)offsetof(struct block, jit));
	op_rr(e, true, 0x85, RDX, RDX);
	miss[3] = jcc32(e, CC_E);
	if (fill) {
		op_mem(e, true, 0x89, RAX, fill, (int32_t)offsetof(struct jit_memo, addend));
		op_mem(e, true, 0x8b, RCX, RBX, (int32_t)offsetof(struct hart, pc));
		op_mem(e, true, 0x89, RCX, fill, (int32_t)offsetof(struct jit_memo, page));
	}
	enter_block(e, RAX);
}

/* With rax = a block-cache slot and rdx = the physical address wanted,
 * after chain_left_dec (whose jump is stop): continue in the compiled
 * block there if enter_if_compiled can, else return kind (with
 * chain_left 0 if it ran out). */
static void enter_or_return(struct jctx *c, uint8_t *stop, unsigned kind, unsigned fill)
{
	struct emit *e = &c->e;
	uint8_t *miss[4];
	enter_if_compiled(e, miss, fill);
	patch32(e, stop, e->p);
	chain_left_zero(e);
	for (int k = 0; k < 4; k++)
		patch32(e, miss[k], e->p);
	mov_eax_imm(e, kind);
	to_epilogue(c, jmp32(e));
}

/* An exit to a target in another page (h->pc = rax stored, retired
 * counted, every register spilled, so all but rbx and r12 are free)
 * through a branch cache, a memo slot (its page: the target, for a JALR;
 * its addend: the compiled block there): while the fetch TLB still maps
 * the target's page to the block's physical page, the block is of the
 * current code generation and chain_left lasts, straight into it by an
 * indirect jump of this exit's own (one target per site, which the
 * host's predictor learns); else through the lookup routine's variant
 * that fills the slot (emit_dispatcher).  Checked against the TLB each
 * time, the slot needs no dropping when mappings change. */
static void emit_branch_cache(struct jctx *c, unsigned slot, bool jalr, unsigned kind)
{
	struct emit *e = &c->e;
	uint8_t *fill[6];
	fetch_tlb_page(e, &fill[0]);   /* rdx = the target's physical page */
	op_mem(e, true, 0x8b, RCX, RBX, memo_off(slot, true));
	op_rr(e, true, 0x85, RCX, RCX);
	fill[1] = jcc32(e, CC_E);
	fill[2] = NULL;
	if (jalr) {
		op_mem(e, true, 0x3b, RAX, RBX, memo_off(slot, false));
		fill[2] = jcc32(e, CC_NE);
	}
	/* the block's physical page is the target's */
	op_mem(e, true, 0x8b, RSI, RCX, (int32_t)offsetof(struct block, pa));
	op_imm(e, true, 4, RSI, (int32_t)PAGE_MASK);
	op_rr(e, true, 0x39, RDX, RSI);
	fill[3] = jcc32(e, CC_NE);
	cmp_block_gen(e, RCX);
	fill[4] = jcc32(e, CC_NE);
	fill[5] = chain_left_dec(e);   /* patched below to the stop */
	op_mem(e, true, 0x8b, RDX, RCX, (int32_t)offsetof(struct block, jit));
	enter_block(e, RCX);
	/* Out of chain_left: back to the run loop, by an epilogue of its own
	 * (the block's would spill registers this clobbered). */
	patch32(e, fill[5], e->p);
	fill[5] = NULL;
	chain_left_zero(e);
	mov_eax_imm(e, kind);
	emit_epilogue(e);
	for (int k = 0; k < 5; k++)
		patch32(e, fill[k], e->p);
	op_mem(e, true, 0x8b, RAX, RBX, (int32_t)offsetof(struct hart, pc));
	lea(e, RDI, RBX, memo_off(slot, false));
	patch32(e, jmp32(e), c->dispatch_fill);
}

/* A jump to a branch cache's code, emitted after the block's body with
 * the other out-of-line paths (emit_branch_caches) so the body stays
 * dense; falls back to the plain lookup routine when no slot is left. */
static void branch_cache(struct jctx *c, bool jalr, unsigned kind)
{
	struct emit *e = &c->e;
	if (c->nbc >= c->bc_cap) {
		patch32(e, jmp32(e), c->dispatch);
		return;
	}
	c->bcs[c->nbc].at = jmp32(e);
	c->bcs[c->nbc].jalr = jalr;
	c->bcs[c->nbc++].kind = kind;
}

static void emit_branch_caches(struct jctx *c)
{
	for (unsigned k = 0; k < c->nbc; k++) {
		patch32(&c->e, c->bcs[k].at, c->e.p);
		emit_branch_cache(c, c->bc0 + k, c->bcs[k].jalr, c->bcs[k].kind);
	}
}

/* Loop heads start at this alignment: where a short loop's code falls
 * in the host's fetch blocks changed its speed by 15% (hash's FNV loop). */
#define LOOP_ALIGN 64

/* Pad with the recommended multi-byte NOPs up to a multiple of align
 * (the execute view's offsets are the write view's: both page-aligned). */
static void align_code(struct emit *e, unsigned align)
{
	static const uint8_t nops[9][9] = {
		{ 0x90 }, { 0x66, 0x90 }, { 0x0f, 0x1f, 0x00 }, { 0x0f, 0x1f, 0x40, 0x00 },
		{ 0x0f, 0x1f, 0x44, 0x00, 0x00 }, { 0x66, 0x0f, 0x1f, 0x44, 0x00, 0x00 },
		{ 0x0f, 0x1f, 0x80, 0x00, 0x00, 0x00, 0x00 },
		{ 0x0f, 0x1f, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00 },
		{ 0x66, 0x0f, 0x1f, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00 },
	};
	unsigned pad = (unsigned)(-(uintptr_t)e->p & (align - 1));
	while (pad) {
		unsigned n = pad < 9 ? pad : 9;
		for (unsigned k = 0; k < n; k++)
			b1(e, nops[n - 1][k]);
		pad -= n;
	}
}

/* Is block offset off in another page than the block's start? */
static bool off_page(const struct block *b, int64_t off)
{
	int64_t in_page = (int64_t)(b->pa & (PAGE_SIZE - 1)) + off;
	return in_page < 0 || in_page >= (int64_t)PAGE_SIZE;
}

/* Leave for block offset off (h->pc += off, retired += count).  When
 * the target lies in this block's page its physical address is known now,
 * so the code looks in the block cache for a current compiled block there
 * and, while h->chain_left lasts, continues in it (past its prologue, in
 * this frame; h->jit_block tells exec.c which block a later bail is in).
 * Otherwise, or on a miss, it returns kind. */
static void leave_to(struct jctx *c, unsigned count, int64_t off, unsigned kind)
{
	struct emit *e = &c->e;
	cache_spill(e);   /* the next block, or the run loop, reads them there */
	pc_lea(e, RAX, (int32_t)off);
	store_pc(e);
	if (count)
		add_retired(e, count);
	if (off_page(c->b, off)) {
		branch_cache(c, false, kind);  /* another page: look it up */
		return;
	}
	uint64_t tpa = c->b->pa + (uint64_t)off;
	uint8_t *stop = chain_left_dec(e);
	rex(e, true, 0, 0, RDX, false), b1(e, 0xb8 | RDX);  /* mov rdx, imm64 */
	b4(e, (uint32_t)tpa), b4(e, (uint32_t)(tpa >> 32));
	op_mem(e, true, 0x8b, RAX, RBX,
	       (int32_t)(offsetof(struct hart, bcache) + 8 * bcache_index(tpa)));  /* rax = bcache slot */
	enter_or_return(c, stop, kind, 0);
}

/* rcx = the block-cache slot's offset in struct hart for the physical
 * address in rdx (bcache_index, scaled; clobbers rax).  Scratch registers
 * only: an exit that misses goes through the epilogue, which writes the
 * cached registers back once more. */
static void bcache_slot(struct emit *e)
{
	op_rr(e, true, 0x89, RDX, RCX);
	shift_imm(e, true, 5, RCX, 1);
	op_rr(e, true, 0x89, RDX, RAX);
	shift_imm(e, true, 5, RAX, 1 + BCACHE_BITS);
	op_rr(e, true, 0x31, RAX, RCX);
	op_imm(e, false, 4, RCX, BCACHE_SIZE - 1);
	shift_imm(e, true, 4, RCX, 3);
}

/* The same-page target table of a JALR (jalr_dispatch): JT_WAYS memo
 * slots, each a target's virtual address (page) and the compiled block
 * there (addend), indexed by a hash of the target's low bits. */
#define JT_WAYS 16

/* With rax = a target in this block's virtual page (so at this block's
 * physical page and the offset in it, however the page is mapped): if
 * the target table's slot for it holds that target, continue in the
 * block it names while that block is of the current code generation.
 * Leaves r12 = the slot, for enter_if_compiled to fill on a miss: not a
 * cache register, which a miss's way out through the block's epilogue
 * would write back, and free after a JALR (the next block, or the
 * epilogue, restores it). */
static void jt_probe(struct jctx *c)
{
	struct emit *e = &c->e;
	op_rr(e, false, 0x89, RAX, RCX);           /* mov ecx, eax */
	shift_imm(e, false, 5, RCX, 4);
	op_rr(e, false, 0x31, RAX, RCX);           /* xor ecx, eax */
	op_imm(e, false, 4, RCX, (JT_WAYS - 1) << 1);  /* ecx = slot * 2: bits 1-4 of t ^ t >> 4 */
	lea_sib(e, R12, RBX, RCX, 3, memo_off(c->jt0, false));  /* r12 = the slot */
	op_mem(e, true, 0x3b, RAX, R12, (int32_t)offsetof(struct jit_memo, page));
	uint8_t *miss = jcc32(e, CC_NE);
	op_mem(e, true, 0x8b, RCX, R12, (int32_t)offsetof(struct jit_memo, addend));
	cmp_block_gen(e, RCX);
	uint8_t *stale = jcc32(e, CC_NE);
	op_mem(e, true, 0x8b, RDX, RCX, (int32_t)offsetof(struct block, jit));
	enter_block(e, RCX);
	patch32(e, miss, e->p);
	patch32(e, stale, e->p);
}

/* After a JALR (h->pc = rax stored, retired counted, registers spilled,
 * rdx = 0 if the target is in the block's virtual page):
 * a target in this block's own virtual page has this block's physical
 * page, known now, so the fetch-TLB lookup of the shared routine is not
 * needed: the site's target table (an interpreter's dispatch, a switch's
 * jump table), else the block-cache lookup here, which fills the table.
 * Either gives each JALR its own indirect jump for the host's branch
 * predictor.  Other targets go to a branch cache. */
static void jalr_dispatch(struct jctx *c)
{
	struct emit *e = &c->e;
	op_rr(e, true, 0x85, RDX, RDX);
	uint8_t *other = jcc32(e, CC_NE);  /* another page */
	uint8_t *stop = chain_left_dec(e);
	if (c->jt0)
		jt_probe(c);
	uint64_t page = c->b->pa & PAGE_MASK;
	op_rr(e, true, 0x89, RAX, RDX);
	op_imm(e, false, 4, RDX, PAGE_SIZE - 1);   /* and edx, 0xfff */
	rex(e, true, 0, 0, RCX, false), b1(e, 0xb8 | RCX);  /* mov rcx, imm64 */
	b4(e, (uint32_t)page), b4(e, (uint32_t)(page >> 32));
	op_rr(e, true, 0x09, RCX, RDX);            /* rdx = pa */
	bcache_slot(e);
	op_rr(e, true, 0x01, RBX, RCX);
	op_mem(e, true, 0x8b, RAX, RCX, (int32_t)offsetof(struct hart, bcache));
	enter_or_return(c, stop, JIT_INDIRECT, c->jt0 ? R12 : 0);
	patch32(e, other, e->p);
	branch_cache(c, true, JIT_INDIRECT);
}

/* Index of the instruction starting at byte offset off of the block, or -1. */
static int insn_at(const struct block *b, int64_t off, unsigned limit)
{
	for (unsigned k = 0; k <= limit; k++)
		if (b->insns[k].pcoff == off && b->insns[k].op != OP_END)
			return (int)k;
	return -1;
}

/* Index of the compiled instruction a direct branch or jump at i goes to,
 * or the END at i, when decoding stopped where it ran into code the block
 * holds (JAL_CONT: a loop entered in its middle); else -1. */
static int jump_target(const struct block *b, unsigned i, unsigned limit)
{
	const struct insn *d = &b->insns[i];
	if (d->op == OP_END)
		return insn_at(b, d->pcoff, limit);
	if (d->op == OP_JAL || (d->op >= OP_BEQ && d->op <= OP_BGEU))
		return insn_at(b, (int64_t)d->pcoff + d->imm, limit);
	return -1;
}

/* A taken direct branch from insn i to block offset off.  A target inside
 * this block's compiled code is a jump within it: backwards (a loop) only
 * while the loop's budget (from h->chain_left) lasts, so the run loop
 * still sees interrupts and the budget.  Retired accounting: jumping from
 * i to k adds i + 1 - k now, so the count an exit adds later (its index
 * + 1, or the interpreter's count from the block start after a bail)
 * comes out right. */
static void direct_branch(struct jctx *c, unsigned i, int64_t off)
{
	struct emit *e = &c->e;
	int k = insn_at(c->b, off, c->limit);
	if (k < 0) {
		leave_to(c, i + 1, off, JIT_DIRECT);
		return;
	}
	if ((unsigned)k <= i && e->loop) {
		/* Count the iteration; loop while the count is below 0 (the
		 * budget lasts), else undo it (the exit counts this pass) and
		 * leave for the run loop. */
		op_imm(e, true, 0, LOOP_RETIRED, (int)i + 1 - k);
		patch32(e, jcc32(e, CC_S), c->label[k]);
		op_imm(e, true, 5, LOOP_RETIRED, (int)i + 1 - k);
		chain_left_zero(e);
		pc_lea(e, RAX, (int32_t)off);
		exit_branch(c, i, JIT_DIRECT);
		return;
	}
	uint8_t *out = NULL;
	if ((unsigned)k <= i)
		out = chain_left_dec(e);
	if ((int)i + 1 - k != 0) {
		if (e->loop) {
			op_imm(e, true, 0, LOOP_RETIRED, (int)i + 1 - k);  /* add r10, imm */
		} else {
			rex(e, true, 0, 0, RBX, false), b1(e, 0x81);
			mem(e, 0, RBX, (int32_t)offsetof(struct hart, retired)), b4(e, (uint32_t)((int)i + 1 - k));
		}
	}
	uint8_t *j = jmp32(e);
	if ((unsigned)k <= i) {
		patch32(e, j, c->label[k]);
		patch32(e, out, e->p);
		chain_left_zero(e);
		pc_lea(e, RAX, (int32_t)off);
		exit_branch(c, i, JIT_DIRECT);
	} else if (c->nfwd < MAX_JUMPS) {
		c->fwd[c->nfwd].at = j, c->fwd[c->nfwd++].insn = (unsigned)k;
	} else {
		e->full = true;
	}
}

static bool is_supported(unsigned op)
{
	switch (op) {
	case OP_NOP: case OP_LUI: case OP_AUIPC:
	case OP_ADDI: case OP_SLTI: case OP_SLTIU: case OP_XORI: case OP_ORI: case OP_ANDI:
	case OP_SLLI: case OP_SRLI: case OP_SRAI:
	case OP_ADD: case OP_SUB: case OP_SLL: case OP_SLT: case OP_SLTU: case OP_XOR:
	case OP_SRL: case OP_SRA: case OP_OR: case OP_AND:
	case OP_ADDIW: case OP_SLLIW: case OP_SRLIW: case OP_SRAIW:
	case OP_ADDW: case OP_SUBW: case OP_SLLW: case OP_SRLW: case OP_SRAW:
	case OP_MUL: case OP_MULW: case OP_MULH: case OP_MULHU: case OP_MULHSU:
	case OP_DIV: case OP_DIVU: case OP_REM: case OP_REMU:
	case OP_DIVW: case OP_DIVUW: case OP_REMW: case OP_REMUW:
	case OP_SH1ADD: case OP_SH2ADD: case OP_SH3ADD: case OP_ADD_UW:
	case OP_SH1ADD_UW: case OP_SH2ADD_UW: case OP_SH3ADD_UW: case OP_SLLI_UW:
	case OP_ANDN: case OP_ORN: case OP_XNOR:
	case OP_MIN: case OP_MAX: case OP_MINU: case OP_MAXU:
	case OP_SEXT_B: case OP_SEXT_H: case OP_ZEXT_H: case OP_REV8:
	case OP_ROL: case OP_ROR: case OP_RORI: case OP_ROLW: case OP_RORW: case OP_RORIW:
	case OP_BSET: case OP_BCLR: case OP_BINV: case OP_BEXT:
	case OP_BSETI: case OP_BCLRI: case OP_BINVI: case OP_BEXTI:
	case OP_CZERO_EQZ: case OP_CZERO_NEZ:
	case OP_CLMUL: case OP_CLMULH: case OP_CLMULR: case OP_BREV8: case OP_XPERM4: case OP_XPERM8:
	case OP_ORC_B: case OP_CLZ: case OP_CTZ: case OP_CPOP: case OP_CLZW: case OP_CTZW: case OP_CPOPW:
	case OP_PACK: case OP_PACKH: case OP_PACKW:
	case OP_LB: case OP_LH: case OP_LW: case OP_LD: case OP_LBU: case OP_LHU: case OP_LWU:
	case OP_SB: case OP_SH: case OP_SW: case OP_SD:
	case OP_BEQ: case OP_BNE: case OP_BLT: case OP_BGE: case OP_BLTU: case OP_BGEU:
	case OP_JAL: case OP_JAL_CONT: case OP_JALR: case OP_END:
	case OP_VSETVLI: case OP_VSETIVLI: case OP_VSETVL: case OP_VLOAD: case OP_VSTORE: case OP_VARITH:
	case OP_CSR_READ: case OP_FENCE:
	case OP_CSRRW: case OP_CSRRS: case OP_CSRRC: case OP_CSRRWI: case OP_CSRRSI: case OP_CSRRCI:
	case OP_FLW: case OP_FLD: case OP_FSW: case OP_FSD:
		return true;
	}
	if (amo_op(op))
		return true;
	return jit_fp_ops[op].fn != NULL;
}

static bool is_fp(unsigned op)
{
	return op == OP_FLW || op == OP_FLD || op == OP_FSW || op == OP_FSD || jit_fp_ops[op].fn;
}

static void rr_operands(struct emit *e, const struct insn *d)
{
	load_x(e, RAX, d->rs1);
	load_x(e, RCX, d->rs2);
}

/* Two-byte-opcode register form: 0f op /r (reg = RAX, rm = RCX). */
static void op0f_rr(struct emit *e, bool w, unsigned op, unsigned reg, unsigned rm)
{
	rex(e, w, reg, 0, rm, false);
	b1(e, 0x0f), b1(e, op), b1(e, 0xc0 | ((reg & 7) << 3) | (rm & 7));
}

/* x[rd] = fn(x[rs1], x[rs2]): a call to one of bitmanip.h's pure
 * helpers, the interpreter's own definition of the operation.  rsp is
 * 16-byte aligned here (the return address, six pushes and 8 bytes), and
 * the pinned and cache registers are callee-saved. */
static void emit_call_helper(struct emit *e, const struct insn *d, uint64_t (*fn)(uint64_t, uint64_t))
{
	uint64_t a = (uint64_t)(uintptr_t)fn;
	cache_spill_some(e, 0);   /* a pure function: only the caller-saved need saving */
	load_arg(e, RDI, d->rs1);
	load_arg(e, RSI, d->rs2);
	b1(e, 0x48), b1(e, 0xb8), b4(e, (uint32_t)a), b4(e, (uint32_t)(a >> 32));  /* mov rax, imm64 */
	b1(e, 0xff), b1(e, 0xd0);                                              /* call rax */
	cache_fill_some(e, 0);
	store_x(e, d->rd, RAX);
}

/* The one-operand helpers in emit_call_helper's two-operand form. */
#define UNARY_HELPER(name) \
	static uint64_t name##_helper(uint64_t a, uint64_t b) { (void)b; return rv_##name(a); }
UNARY_HELPER(brev8)
UNARY_HELPER(orc_b)
UNARY_HELPER(clz)
UNARY_HELPER(ctz)
UNARY_HELPER(cpop)
UNARY_HELPER(clzw)
UNARY_HELPER(ctzw)
UNARY_HELPER(cpopw)

/* Vector instructions run in vector.c, called from the compiled code.
 * Anything but plain success (an illegal instruction, a trap, a store
 * that hit decoded code) bails: the interpreter runs the instruction
 * again, which gives the same outcome — an illegal one changed nothing, a
 * trapped one resumes at the vstart it left, a store rewrites the same
 * bytes, and vset{i}vl{i} always succeeds. */
static uint32_t vec_from_jit(struct hart *h, const struct insn *ip)
{
	if (ip->rs3 && vec_fast(h, ip))
		return 0;   /* vector_fast.c: no store reaches decoded code */
	return vec_exec(h, ip) != VEC_OK || h->code_dirty;
}

/* OP_CSR_READ (a side-effect-free CSR read): any exception bails. */
static uint32_t csr_read_from_jit(struct hart *h, const struct insn *ip)
{
	unsigned csr = (unsigned)ip->imm & 0xfff;
	if (csr_check(h, csr, false, &csr))
		return 1;
	csr_read(h, csr, &h->x[ip->rd]);
	return 0;
}

/* CSRRW/S/C and their immediate forms, as exec.c does them (h->retired is
 * exact here: emit_csr_rmw counts the block's instructions before this
 * one in for the call).  A decoded block ends at a CSR write, so what
 * follows is another block, whose prologue loads the data context again
 * and checks the FP state.  Returns 1 with nothing done when the access
 * traps (the interpreter raises it); 0 when done and the next block may
 * follow at once: a read, or a write of sscratch or sstatus (Linux's SUM
 * toggles around every user access, and irq enables) that leaves no
 * interrupt enabled and pending; else 2, done, and back to the run loop,
 * as the interpreter does after every write: it may have made an
 * interrupt due, or changed what the run loop watches. */
static uint32_t csr_rmw_from_jit(struct hart *h, const struct insn *ip)
{
	unsigned csr;
	if (csr_insn(h, ip, &csr))
		return 1;
	if (!csr_insn_writes(ip) || csr == CSR_SSCRATCH || csr == CSR_VSSCRATCH)
		return 0;
	if (csr != CSR_SSTATUS && csr != CSR_VSSTATUS)
		return 2;
	return hart_mip_read(h) & h->mie ? 2 : 0;
}

/* LR, SC and AMOs (amo.h, as the interpreter does them) on a data TLB
 * hit; a misaligned address, a miss, or a store to a page that holds code
 * or is dirty-logged (which has no write tag) bails, and the interpreter
 * faults, walks or goes the slow way. */
static uint32_t atomic_from_jit(struct hart *h, const struct insn *ip)
{
	unsigned size = amo_size(ip->op);
	bool lr = ip->op == OP_LR_W || ip->op == OP_LR_D;
	uint64_t va = h->x[ip->rs1];
	void *p;
	if ((va & (size - 1)) || !(p = mem_dtlb_host(h, va, size, !lr)))
		return 1;
	if (lr)
		h->x[ip->rd] = amo_lr(h, va, p, size);
	else if (ip->op == OP_SC_W || ip->op == OP_SC_D)
		h->x[ip->rd] = amo_sc(h, va, p, size, h->x[ip->rs2]);
	else
		h->x[ip->rd] = amo_rmw(ip->op, p, h->x[ip->rs2]);
	return 0;
}

/* eax = helper(h, d) (the caller spills and fills around it). */
static void call_insn_helper(struct emit *e, const struct insn *d,
			     uint32_t (*helper)(struct hart *, const struct insn *))
{
	uint64_t ip = (uint64_t)(uintptr_t)d, fn = (uint64_t)(uintptr_t)helper;
	op_rr(e, true, 0x89, RBX, RDI);                                         /* mov rdi, rbx */
	b1(e, 0x48), b1(e, 0xbe), b4(e, (uint32_t)ip), b4(e, (uint32_t)(ip >> 32));  /* mov rsi, imm64 */
	b1(e, 0x48), b1(e, 0xb8), b4(e, (uint32_t)fn), b4(e, (uint32_t)(fn >> 32));  /* mov rax, imm64 */
	b1(e, 0xff), b1(e, 0xd0);                                               /* call rax */
}

/* call fn(h, d); a nonzero result bails at instruction i. */
static void emit_call_insn(struct jctx *c, const struct insn *d, unsigned i,
			   uint32_t (*helper)(struct hart *, const struct insn *))
{
	struct emit *e = &c->e;
	cache_spill_some(e, insn_regs(d));   /* what the helper reads of h->x */
	call_insn_helper(e, d, helper);
	cache_fill_some(e, 1u << ((d->raw >> 7) & 31));
	op_rr(e, false, 0x85, RAX, RAX);                                        /* test eax, eax */
	to_bail(c, jcc32(e, CC_NE), i);
}

/* A CSR read-modify-write (csr_rmw_from_jit): the call sees h->retired
 * with the instructions before it counted (added for the call, taken back
 * after it: exits count from the block start); then the block bails, goes
 * on (to its END, which chains), or returns after the instruction, as the
 * helper says. */
static void emit_csr_rmw(struct jctx *c, const struct insn *d, unsigned i)
{
	struct emit *e = &c->e;
	cache_spill_some(e, insn_regs(d));
	if (i)
		add_retired(e, i);
	call_insn_helper(e, d, csr_rmw_from_jit);
	if (i) {
		rex(e, true, 0, 0, RBX, false), b1(e, 0x81);                    /* sub qword [retired], i */
		mem(e, 5, RBX, (int32_t)offsetof(struct hart, retired)), b4(e, i);
	}
	cache_fill_some(e, 1u << ((d->raw >> 7) & 31));
	op_imm(e, false, 7, RAX, 1);                                            /* cmp eax, 1 */
	to_bail(c, jcc32(e, CC_E), i);
	op_rr(e, false, 0x85, RAX, RAX);                                        /* test eax, eax */
	uint8_t *go_on = jcc32(e, CC_E);
	pc_lea(e, RAX, (int32_t)(d->pcoff + ((d->raw & 3) == 3 ? 4 : 2)));
	store_pc(e);
	add_retired(e, i + 1);
	mov_eax_imm(e, JIT_END);
	to_epilogue(c, jmp32(e));
	patch32(e, go_on, e->p);
}

/* Division, with the results the M extension defines where x86 would
 * trap ("Division Operations"): by zero the quotient is all ones and the
 * remainder the dividend; the signed overflow (the most negative value
 * by -1) gives the dividend and remainder 0, and negating the dividend
 * gives exactly that quotient for any dividend.  (Linux divides by zero
 * about 700 000 times while booting, counting on the first rule.) */
static void emit_div(struct jctx *c, const struct insn *d)
{
	struct emit *e = &c->e;
	bool w64 = d->op == OP_DIV || d->op == OP_DIVU || d->op == OP_REM || d->op == OP_REMU;
	bool sgn = d->op == OP_DIV || d->op == OP_REM || d->op == OP_DIVW || d->op == OP_REMW;
	bool rem = d->op == OP_REM || d->op == OP_REMU || d->op == OP_REMW || d->op == OP_REMUW;
	rr_operands(e, d);
	op_rr(e, w64, 0x85, RCX, RCX);                 /* test rcx, rcx */
	uint8_t *by_zero = jcc32(e, CC_E), *by_m1 = NULL, *out2 = NULL;
	if (sgn) {
		op_imm(e, w64, 7, RCX, -1);             /* cmp rcx, -1 */
		by_m1 = jcc32(e, CC_E);
		if (w64)
			b1(e, 0x48);
		b1(e, 0x99);                            /* cqo / cdq */
	} else {
		op_rr(e, false, 0x31, RDX, RDX);        /* xor edx, edx */
	}
	rex(e, w64, 0, 0, RCX, false), b1(e, 0xf7), b1(e, 0xc0 | ((sgn ? 7 : 6) << 3) | RCX); /* idiv/div */
	if (rem)
		op_rr(e, true, 0x89, RDX, RAX);         /* mov rax, rdx */
	uint8_t *out = jmp32(e);
	patch32(e, by_zero, e->p);                      /* remainder: rax, the dividend */
	if (!rem)
		op_imm(e, true, 1, RAX, -1);            /* or rax, -1 */
	if (by_m1) {
		out2 = jmp32(e);
		patch32(e, by_m1, e->p);
		if (rem)
			op_rr(e, false, 0x31, RAX, RAX);  /* xor eax, eax */
		else
			rex(e, w64, 0, 0, RAX, false), b1(e, 0xf7), b1(e, 0xd8 | RAX);  /* neg rax / eax */
		patch32(e, out2, e->p);
	}
	patch32(e, out, e->p);
	if (!w64)
		movsxd_rax_eax(e);
}

#define F_OFF(i) ((int32_t)offsetof(struct hart, f) + 8 * (int32_t)(i))

/* mstatus.FS (and with V=1 vsstatus.FS) = Dirty, as FP_DIRTY in exec.c:
 * after anything that writes an f register or fflags. */
static void emit_fp_dirty(struct emit *e)
{
	_Static_assert(MSTATUS_FS <= 0x7fffffff, "FS in the low word");
	b1(e, 0x81), mem(e, 1, RBX, (int32_t)offsetof(struct hart, mstatus)), b4(e, (uint32_t)MSTATUS_FS);
	b1(e, 0x80), mem(e, 7, RBX, (int32_t)offsetof(struct hart, virt)), b1(e, 0);  /* cmp byte, 0 */
	uint8_t *skip = jcc32(e, CC_E);
	b1(e, 0x81), mem(e, 1, RBX, (int32_t)offsetof(struct hart, vsstatus)), b4(e, (uint32_t)MSTATUS_FS);
	patch32(e, skip, e->p);
}

/* The checks every F/D instruction makes before it runs (exec.c's FP_ON
 * and FP_RM), once when a block that has any is entered: FS on (and
 * vsstatus.FS with V=1), and frm valid if one rounds dynamically.  A
 * failure bails at the block's first instruction; the interpreter then
 * raises the illegal-instruction trap where it belongs.  Compiled code
 * cannot change either: CSR writes and traps go through the interpreter. */
static void emit_fp_entry_check(struct jctx *c, bool dyn_rm)
{
	struct emit *e = &c->e;
	b1(e, 0xf7), mem(e, 0, RBX, (int32_t)offsetof(struct hart, mstatus)), b4(e, (uint32_t)MSTATUS_FS);
	to_bail(c, jcc32(e, CC_E), 0);
	b1(e, 0x80), mem(e, 7, RBX, (int32_t)offsetof(struct hart, virt)), b1(e, 0);
	uint8_t *host = jcc32(e, CC_E);
	b1(e, 0xf7), mem(e, 0, RBX, (int32_t)offsetof(struct hart, vsstatus)), b4(e, (uint32_t)MSTATUS_FS);
	to_bail(c, jcc32(e, CC_E), 0);
	patch32(e, host, e->p);
	if (dyn_rm) {
		b1(e, 0x83), mem(e, 7, RBX, (int32_t)offsetof(struct hart, frm)), b1(e, FPU_RM_RMM);
		to_bail(c, jcc32(e, CC_A), 0);
	}
}

/* An F/D operation through its jit_fp.c function (a pure one, apart from
 * h->fflags): arguments h, a, b, c, rm in rdi, rsi, rdx, rcx, r8d. */
static void emit_fp_call(struct emit *e, const struct insn *d, bool dirty)
{
	const struct jit_fp_op *op = &jit_fp_ops[d->op];
	cache_spill_some(e, 0);
	if (op->flags & JIT_FP_X_SRC)
		load_arg(e, RSI, d->rs1);
	else
		op_mem(e, true, 0x8b, RSI, RBX, F_OFF(d->rs1));
	if (op->nsrc >= 2)
		op_mem(e, true, 0x8b, RDX, RBX, F_OFF(d->rs2));
	if (op->nsrc >= 3)
		op_mem(e, true, 0x8b, RCX, RBX, F_OFF(d->rs3));
	if ((op->flags & JIT_FP_RM) && d->imm == 7) {
		op_mem(e, false, 0x8b, R8, RBX, (int32_t)offsetof(struct hart, frm));  /* mov r8d, frm */
	} else if (op->flags & JIT_FP_RM) {
		rex(e, false, 0, 0, R8, false), b1(e, 0xb8 | (R8 & 7)), b4(e, (uint32_t)d->imm);  /* mov r8d, rm */
	}
	op_rr(e, true, 0x89, RBX, RDI);   /* mov rdi, rbx */
	uint64_t fn = (uint64_t)(uintptr_t)op->fn;
	b1(e, 0x48), b1(e, 0xb8), b4(e, (uint32_t)fn), b4(e, (uint32_t)(fn >> 32));  /* mov rax, imm64 */
	b1(e, 0xff), b1(e, 0xd0);                                              /* call rax */
	cache_fill_some(e, 0);
	if (op->flags & JIT_FP_X_DST)
		store_x(e, d->rd, RAX);
	else
		op_mem(e, true, 0x89, RAX, RBX, F_OFF(d->rd));
	if (dirty && !(op->flags & JIT_FP_CLEAN))
		emit_fp_dirty(e);
}

/* SSE2 scalar double: F2 [REX] 0F op /r, xmm reg with [rbx + disp]
 * (10 movsd load, 11 movsd store, 58 add, 5c sub, 59 mul, 5e div, 51 sqrt). */
static void sd_mem(struct emit *e, unsigned op, unsigned xmm, int32_t disp)
{
	b1(e, 0xf2), b1(e, 0x0f), b1(e, op), mem(e, xmm, RBX, disp);
}

/* movq rax, xmm (66 REX.W 0F 7E /r) */
static void movq_rax_xmm(struct emit *e, unsigned xmm)
{
	b1(e, 0x66), b1(e, 0x48), b1(e, 0x0f), b1(e, 0x7e), b1(e, 0xc0 | (xmm << 3) | RAX);
}

/* The host computes F/D arithmetic itself when that is exactly what
 * fpu.c's fast paths accept: double precision, round to nearest (static,
 * or frm 0), NX already set in fflags (so exactness needs no test) and a
 * normal finite result.  A NaN or infinite operand, an invalid operation,
 * overflow, division by zero and underflow all give a result outside
 * that range, so the result test alone stands for the operand tests.
 * (Exponent 1 is left out with the subnormals: fpu.c keeps the smallest
 * normal for the slow path, where tininess after rounding is decided.)
 * The host's SSE state is the thread's default: nearest, no FTZ/DAZ.
 * Anything else calls the jit_fp.c function, from the same registers. */
static bool fp_inline_arith(unsigned op)
{
	switch (op) {
	case OP_FADD_D: case OP_FSUB_D: case OP_FMUL_D: case OP_FDIV_D: case OP_FSQRT_D:
		return true;
	case OP_FMADD_D: case OP_FMSUB_D: case OP_FNMSUB_D: case OP_FNMADD_D:
		return __builtin_cpu_supports("fma");
	}
	return false;
}

static void emit_fp_arith(struct jctx *c, const struct insn *d)
{
	struct emit *e = &c->e;
	uint8_t *slow[3] = { NULL, NULL, NULL };
	if (d->imm == 7 || d->imm == FPU_RM_RNE) {
		unsigned res = 0;
		b1(e, 0xf6), mem(e, 0, RBX, (int32_t)offsetof(struct hart, fflags)), b1(e, FPU_FLAG_NX); /* test byte */
		slow[0] = jcc32(e, CC_E);
		if (d->imm == 7) {
			b1(e, 0x83), mem(e, 7, RBX, (int32_t)offsetof(struct hart, frm)), b1(e, FPU_RM_RNE);
			slow[1] = jcc32(e, CC_NE);
		}
		switch (d->op) {
		case OP_FMADD_D: case OP_FMSUB_D: case OP_FNMSUB_D: case OP_FNMADD_D: {
			/* vfm{add,sub},vfnm{add,sub}231sd xmm2, xmm0, xmm1: xmm2 = +-(xmm0 * xmm1) +- xmm2 */
			static const uint8_t opc[] = { [OP_FMADD_D] = 0xb9, [OP_FMSUB_D] = 0xbb,
						       [OP_FNMSUB_D] = 0xbd, [OP_FNMADD_D] = 0xbf };
			sd_mem(e, 0x10, 0, F_OFF(d->rs1));
			sd_mem(e, 0x10, 1, F_OFF(d->rs2));
			sd_mem(e, 0x10, 2, F_OFF(d->rs3));
			b1(e, 0xc4), b1(e, 0xe2), b1(e, 0xf9), b1(e, opc[d->op]), b1(e, 0xc0 | (2 << 3) | 1);
			res = 2;
			break;
		}
		case OP_FSQRT_D:
			sd_mem(e, 0x51, 0, F_OFF(d->rs1));
			break;
		default: {
			static const uint8_t opc[] = { [OP_FADD_D] = 0x58, [OP_FSUB_D] = 0x5c,
						       [OP_FMUL_D] = 0x59, [OP_FDIV_D] = 0x5e };
			sd_mem(e, 0x10, 0, F_OFF(d->rs1));
			sd_mem(e, opc[d->op], 0, F_OFF(d->rs2));
		}
		}
		movq_rax_xmm(e, res);
		/* exponent in [2, 0x7fe] */
		op_rr(e, true, 0x89, RAX, RCX);
		shift_imm(e, true, 5, RCX, 52);
		op_imm(e, false, 4, RCX, 0x7ff);
		op_imm(e, false, 5, RCX, 2);
		op_imm(e, false, 7, RCX, 0x7fd);
		slow[2] = jcc32(e, CC_AE);
		op_mem(e, true, 0x89, RAX, RBX, F_OFF(d->rd));
		uint8_t *done = jmp32(e);
		for (int k = 0; k < 3; k++)
			patch32(e, slow[k], e->p);
		emit_fp_call(e, d, false);
		patch32(e, done, e->p);
		emit_fp_dirty(e);
		return;
	}
	emit_fp_call(e, d, true);
}

/* Sign injection and moves, on the bits (no flags). */
static bool emit_fp_bits(struct emit *e, const struct insn *d)
{
	switch (d->op) {
	case OP_FSGNJ_D: case OP_FSGNJN_D: case OP_FSGNJX_D:
		op_mem(e, true, 0x8b, RAX, RBX, F_OFF(d->rs1));
		if (d->rs1 != d->rs2 || d->op != OP_FSGNJ_D) {   /* fsgnj.d rd, rs, rs: fmv.d */
			op_mem(e, true, 0x8b, RCX, RBX, F_OFF(d->rs2));
			if (d->op == OP_FSGNJN_D)
				rex(e, true, 0, 0, RCX, false), b1(e, 0xf7), b1(e, 0xd0 | RCX); /* not rcx */
			shift_imm(e, true, 5, RCX, 63);
			shift_imm(e, true, 4, RCX, 63);
			if (d->op != OP_FSGNJX_D)
				b1(e, 0x48), b1(e, 0x0f), b1(e, 0xba), b1(e, 0xf0), b1(e, 63);  /* btr rax, 63 */
			op_rr(e, true, d->op == OP_FSGNJX_D ? 0x31 : 0x09, RCX, RAX);
		}
		op_mem(e, true, 0x89, RAX, RBX, F_OFF(d->rd));
		emit_fp_dirty(e);
		return true;
	case OP_FMV_X_D:
		op_mem(e, true, 0x8b, RAX, RBX, F_OFF(d->rs1));
		store_x(e, d->rd, RAX);
		return true;
	case OP_FMV_D_X:
		load_x(e, RAX, d->rs1);
		op_mem(e, true, 0x89, RAX, RBX, F_OFF(d->rd));
		emit_fp_dirty(e);
		return true;
	}
	return false;
}

/* op reg, x[i] in the "op r, r/m" form, 64-bit or (w false) 32-bit: from
 * x[i]'s host register if cached, else its slot in struct hart (x0's is
 * 0).  opc above 0xff is a 0f-prefixed opcode (0x0faf imul). */
static void op_x_w(struct emit *e, bool w, unsigned opc, unsigned reg, unsigned i)
{
	unsigned rm = e->host[i];
	rex(e, w, reg, 0, rm ? rm : RBX, false);
	if (opc > 0xff)
		b1(e, 0x0f);
	b1(e, opc & 0xff);
	if (rm)
		b1(e, 0xc0 | ((reg & 7) << 3) | (rm & 7));
	else
		mem(e, reg, RBX, X_OFF(i));
}

/* cmp x[a], x[b] (64-bit): on the cached registers themselves, or one of
 * them against the other's slot. */
static void cmp_x(struct emit *e, unsigned a, unsigned b)
{
	if (e->host[a] && !b) {
		op_rr(e, true, 0x85, e->host[a], e->host[a]);      /* test ha, ha */
	} else if (e->host[a]) {
		op_x_w(e, true, 0x3b, e->host[a], b);              /* cmp ha, x[b] */
	} else if (b && e->host[b]) {
		op_mem(e, true, 0x39, e->host[b], RBX, X_OFF(a));  /* cmp [x_a], hb */
	} else if (!b) {
		rex(e, true, 0, 0, RBX, false), b1(e, 0x83);       /* cmp qword [x_a], 0 */
		mem(e, 7, RBX, X_OFF(a)), b1(e, 0);
	} else {
		load_x(e, RAX, a);
		cmp_rax_x(e, b);
	}
}

/* The integer register-register and register-immediate operations,
 * computed in the destination itself with x86's two-operand forms: rd's
 * host register when it is cached (no copy through rax), else rax, then
 * stored.  False for the operations it does not cover. */
static bool emit_alu(struct emit *e, const struct insn *d)
{
	/* "op r, r/m" opcodes; w: 64-bit (else 32-bit, sign-extended) */
	static const struct { uint16_t opc; bool w, comm; } rr[OP_COUNT] = {
		[OP_ADD] = { 0x03, true, true }, [OP_SUB] = { 0x2b, true, false },
		[OP_XOR] = { 0x33, true, true }, [OP_OR] = { 0x0b, true, true },
		[OP_AND] = { 0x23, true, true }, [OP_MUL] = { 0x0faf, true, true },
		[OP_ADDW] = { 0x03, false, true }, [OP_SUBW] = { 0x2b, false, false },
		[OP_MULW] = { 0x0faf, false, true },
	};
	/* shifts: the group-2 digit (rol 0, ror 1, shl 4, shr 5, sar 7) + 1,
	 * and whether it is 64-bit */
	static const struct { uint8_t digit; bool w; } sh[OP_COUNT] = {
		[OP_SLL] = { 5, true }, [OP_SRL] = { 6, true }, [OP_SRA] = { 8, true },
		[OP_ROL] = { 1, true }, [OP_ROR] = { 2, true },
		[OP_SLLW] = { 5, false }, [OP_SRLW] = { 6, false }, [OP_SRAW] = { 8, false },
		[OP_ROLW] = { 1, false }, [OP_RORW] = { 2, false },
		[OP_SLLI] = { 5, true }, [OP_SRLI] = { 6, true }, [OP_SRAI] = { 8, true }, [OP_RORI] = { 2, true },
		[OP_SLLIW] = { 5, false }, [OP_SRLIW] = { 6, false }, [OP_SRAIW] = { 8, false },
		[OP_RORIW] = { 2, false },
	};
	static const uint8_t digit_i[OP_COUNT] = { [OP_ADDI] = 1, [OP_ORI] = 2, [OP_ANDI] = 5, [OP_XORI] = 7,
						   [OP_ADDIW] = 1 };
	unsigned op = d->op, rd = d->rd, a = d->rs1, b = d->rs2;
	int32_t imm = d->imm;
	bool reg_shift = op == OP_SLL || op == OP_SRL || op == OP_SRA || op == OP_ROL || op == OP_ROR ||
			 op == OP_SLLW || op == OP_SRLW || op == OP_SRAW || op == OP_ROLW || op == OP_RORW;
	bool slt = op == OP_SLT || op == OP_SLTU || op == OP_SLTI || op == OP_SLTIU;
	/* Zba: rd = (rs1, zero-extended for .uw) << scale + rs2, one lea */
	static const uint8_t zba[OP_COUNT] = {
		[OP_SH1ADD] = 2, [OP_SH2ADD] = 3, [OP_SH3ADD] = 4,
		[OP_ADD_UW] = 0x11, [OP_SH1ADD_UW] = 0x12, [OP_SH2ADD_UW] = 0x13, [OP_SH3ADD_UW] = 0x14,
	};
	if (!rr[op].opc && !sh[op].digit && !digit_i[op] && !zba[op] && !slt && op != OP_LUI && op != OP_AUIPC)
		return false;
	if (rd == 32)
		return true;   /* x0: no effect (none of these traps) */
	unsigned hd = e->host[rd] ? e->host[rd] : RAX;
	bool w = true;
	if (zba[op]) {
		unsigned ra = RAX, rb = RCX;
		if (zba[op] & 0x10)
			op_x_w(e, false, 0x8b, RAX, a);   /* mov eax, x[a](d): zero-extends */
		else if (a && e->host[a])
			ra = e->host[a];
		else
			load_x(e, RAX, a);
		if (b && e->host[b])
			rb = e->host[b];
		else
			load_x(e, RCX, b);
		lea_sib(e, hd, rb, ra, (zba[op] & 0xf) - 1u, 0);
	} else if (rr[op].opc) {
		w = rr[op].w;
		if (a == 0 && (op == OP_ADD || op == OP_OR || op == OP_XOR)) {  /* mv (c.mv: add rd, x0, rs2) */
			if (hd == RAX || b != rd)
				load_x(e, hd, b);
		} else {
			if (hd != RAX && b == rd && a != rd) {
				if (rr[op].comm) {
					b = a, a = rd;
				} else {  /* rd = x[a] - rd: neg, then add */
					rex(e, w, 0, 0, hd, false), b1(e, 0xf7), b1(e, 0xd8 | (hd & 7));
					op_x_w(e, w, 0x03, hd, a);
					goto done;
				}
			}
			if (hd == RAX || a != rd)
				load_x(e, hd, a);
			op_x_w(e, w, rr[op].opc, hd, b);
		}
	} else if (sh[op].digit) {
		w = sh[op].w;
		unsigned digit = sh[op].digit - 1u;
		if (reg_shift)
			load_x(e, RCX, b);   /* the count first: rs2 may be rd */
		if (hd == RAX || a != rd)
			load_x(e, hd, a);
		if (reg_shift)
			shift_cl(e, w, digit, hd);  /* x86 masks the count to 63 / 31, as RISC-V */
		else
			shift_imm(e, w, digit, hd, (unsigned)imm & (w ? 63 : 31));
	} else if (slt) {
		bool imm_form = op == OP_SLTI || op == OP_SLTIU;
		if (imm_form) {
			load_x(e, RAX, a);
			op_imm(e, true, 7, RAX, imm);  /* cmp rax, imm (sign-extended, as RISC-V) */
		} else {
			cmp_x(e, a, b);
		}
		b1(e, 0x0f), b1(e, op == OP_SLT || op == OP_SLTI ? 0x9c : 0x92), b1(e, 0xc0);  /* setl/setb al */
		op0f_rr(e, false, 0xb6, hd, RAX);   /* movzx hd, al */
	} else if (op == OP_LUI || (a == 0 && (op == OP_ADDI || op == OP_ORI || op == OP_XORI))) {  /* li */
		rex(e, true, 0, 0, hd, false), b1(e, 0xc7), b1(e, 0xc0 | (hd & 7)), b4(e, (uint32_t)imm);
	} else if (op == OP_AUIPC) {
		/* in two steps where pcoff (< 0 after a JAL_CONT) and imm do
		 * not sum within 32 bits */
		int64_t off = (int64_t)d->pcoff + imm;
		if (off == (int32_t)off) {
			pc_lea(e, hd, (int32_t)off);
		} else {
			pc_lea(e, hd, d->pcoff);
			lea(e, hd, hd, imm);
		}
	} else if (op == OP_ADDIW && !imm && a) {   /* sext.w: movsxd hd, x[a](d) */
		op_x_w(e, true, 0x63, hd, a);
	} else {
		w = op != OP_ADDIW;
		if ((op == OP_ADDI || op == OP_ADDIW) && hd != RAX && e->host[a]) {
			op_mem(e, w, 0x8d, hd, e->host[a], imm);   /* lea hd, [ha + imm] (32-bit for addiw) */
		} else {
			if (hd == RAX || a != rd)
				load_x(e, hd, a);
			if (imm || op == OP_ANDI)
				op_imm(e, w, digit_i[op] - 1u, hd, imm);
		}
	}
done:
	if (!w)  /* movsxd hd, hd(d) */
		rex(e, true, hd, 0, hd, false), b1(e, 0x63), b1(e, 0xc0 | ((hd & 7) << 3) | (hd & 7));
	if (hd == RAX)
		store_x(e, rd, RAX);
	return true;
}

/* `slli rd, rs, 32; srli rd, rd, k`, how RV64GC code without Zba
 * zero-extends a 32-bit value (k = 32) and scales it as an index (k < 32):
 * one 32-bit mov (which zero-extends) and one shift, instructions i and
 * i + 1 together (c->fused), unless a branch lands between them. */
static bool emit_zext_shift(struct jctx *c, unsigned i)
{
	struct emit *e = &c->e;
	const struct insn *d = &c->b->insns[i], *n = d + 1;
	if (d->op != OP_SLLI || (d->imm & 63) != 32 || d->rd == 32 || i >= c->limit || c->target[i + 1] ||
	    n->op != OP_SRLI || n->rs1 != d->rd || n->rd != d->rd)
		return false;
	unsigned hd = e->host[d->rd] ? e->host[d->rd] : RAX, k = (unsigned)n->imm & 63;
	op_x_w(e, false, 0x8b, hd, d->rs1);   /* mov hd32, x[rs]32 */
	if (k > 32)
		shift_imm(e, true, 5, hd, k - 32);
	else if (k < 32)
		shift_imm(e, true, 4, hd, 32 - k);
	if (hd == RAX)
		store_x(e, d->rd, RAX);
	c->fused = true;
	return true;
}

/* Page groups.  Straight-line code reaches memory mostly off a few base
 * registers (sp, a struct pointer), each access with its own TLB test
 * (tlb_lookup: nine instructions).  The accesses off one base register
 * that no instruction between them writes, with no branch landing among
 * them, share one test: the first (the leader) does the TLB test for the
 * span of all their offsets as if it were one access (the set of its
 * first byte, the page of its last: a hit says the span is in one page)
 * and keeps the entry's addend in R14 (free in a block without loops,
 * and in a loop's block that caches fewer than nine registers) or, for a
 * second set of groups that may overlap the first, in the frame's spare
 * slot at [rsp]; each other (a member) adds base, offset and the
 * addend.  A group with a store tests for writing (a writable page is
 * readable: W without R is reserved, "Sv39"), so a store member never
 * skips the write tag's checks (dirty, code pages).  When the group's test fails (its span
 * crosses a page, a miss, a page the group may not write) the leader
 * does its own test and sets the addend to 0, and each member then does
 * its own test too. */
enum { GROUP_LEADER = 1, GROUP_MEMBER = 2 };
#define GROUP_SPAN 1024   /* widest span of a group's offsets, in bytes */

/* Is op a load or store the JIT compiles inline, of what size? */
static bool access_kind(unsigned op, unsigned *size, bool *write)
{
	static const uint8_t sizes[OP_COUNT] = {
		[OP_LB] = 1, [OP_LBU] = 1, [OP_SB] = 1, [OP_LH] = 2, [OP_LHU] = 2, [OP_SH] = 2,
		[OP_LW] = 4, [OP_LWU] = 4, [OP_SW] = 4, [OP_FLW] = 4, [OP_FSW] = 4,
		[OP_LD] = 8, [OP_SD] = 8, [OP_FLD] = 8, [OP_FSD] = 8,
	};
	*size = op < OP_COUNT ? sizes[op] : 0;
	*write = op == OP_SB || op == OP_SH || op == OP_SW || op == OP_SD || op == OP_FSW ||
		 op == OP_FSD;
	return *size != 0;
}

/* Does d write integer register r? */
static bool writes_x(const struct insn *d, unsigned r)
{
	bool x_rd = !is_fp(d->op) || (jit_fp_ops[d->op].flags & JIT_FP_X_DST);
	return x_rd && d->rd == r;
}

/* The group instruction i would lead: its members (returned, in m[]),
 * span and kind. */
static unsigned group_scan(const struct jctx *c, unsigned i, uint8_t *m, int32_t *lo, int32_t *hi,
			   bool *write)
{
	const struct insn *d = &c->b->insns[i];
	unsigned size, n = 0, base = d->rs1;
	if (!access_kind(d->op, &size, write) || !base || writes_x(d, base) || c->group_role[i])
		return 0;
	*lo = d->imm;
	*hi = d->imm + (int32_t)size;
	for (unsigned j = i + 1; j <= c->limit; j++) {
		const struct insn *dj = &c->b->insns[j];
		bool w;
		/* a branch lands here; a CSR write may change translation */
		if (c->target[j] || (dj->op >= OP_CSRRW && dj->op <= OP_CSRRCI))
			break;
		if (access_kind(dj->op, &size, &w) && dj->rs1 == base && !c->group_role[j]) {
			int32_t l = dj->imm < *lo ? dj->imm : *lo;
			int32_t h = dj->imm + (int32_t)size > *hi ? dj->imm + (int32_t)size : *hi;
			if (h - l <= GROUP_SPAN) {
				*lo = l, *hi = h, *write |= w;
				m[n++] = (uint8_t)j;
			}
		}
		if (writes_x(dj, base))
			break;
	}
	return n;
}

/* One track of groups (its addend in R14 or at [rsp]), among the
 * accesses no group has yet: the set of disjoint ones (each from its
 * leader to its last member) with the most members, two at least in a
 * loop. */
static void group_plan(struct jctx *c, unsigned track)
{
	static _Thread_local uint8_t m[BLOCK_MAX_INSNS + 1][BLOCK_MAX_INSNS + 1];
	unsigned n[BLOCK_MAX_INSNS + 2] = { 0 }, best[BLOCK_MAX_INSNS + 2] = { 0 };
	int32_t lo[BLOCK_MAX_INSNS + 1], hi[BLOCK_MAX_INSNS + 1];
	bool write[BLOCK_MAX_INSNS + 1];
	for (unsigned i = c->limit + 1; i-- > 0;) {
		n[i] = group_scan(c, i, m[i], &lo[i], &hi[i], &write[i]);
		/* In a loop a lone member does not pay: the accesses' own page
		 * memos cost about what a leader's TLB test and a member do
		 * (memcpy's loop of loads and stores in pairs: 0.8x) */
		if (c->in_loop[i] && n[i] < 2)
			n[i] = 0;
		best[i] = best[i + 1];
		if (n[i] && n[i] + best[m[i][n[i] - 1] + 1] > best[i])
			best[i] = n[i] + best[m[i][n[i] - 1] + 1];
	}
	for (unsigned i = 0; i <= c->limit;) {
		if (!n[i] || best[i] == best[i + 1]) {
			i++;
			continue;
		}
		c->group_role[i] = GROUP_LEADER;
		c->group[i].lo = lo[i], c->group[i].hi = hi[i], c->group[i].write = write[i];
		c->group[i].track = (uint8_t)track;
		for (unsigned k = 0; k < n[i]; k++) {
			c->group_role[m[i][k]] = GROUP_MEMBER;
			c->group_leader[m[i][k]] = (uint8_t)i;
		}
		i = m[i][n[i] - 1] + 1;
	}
}

/* rax = the host address of insn i's access (a load or store
 * access_kind knows): by its group, or its own test (tlb_access). */
static void access_addr(struct jctx *c, unsigned i)
{
	struct emit *e = &c->e;
	const struct insn *d = &c->b->insns[i];
	unsigned role = c->group_role[i], size;
	bool write;
	access_kind(d->op, &size, &write);
	if (role && c->ngouts > BLOCK_MAX_INSNS) {
		e->full = true;
		return;
	}
	if (role == GROUP_MEMBER) {
		unsigned areg = R14, base = e->host[d->rs1];
		if (c->group[c->group_leader[i]].track) {
			op_mem(e, true, 0x8b, RAX, RSP, 0);          /* mov rax, [rsp] */
			areg = RAX;
		}
		op_rr(e, true, 0x85, areg, areg);                    /* test areg, areg */
		c->gouts[c->ngouts] = (typeof(c->gouts[0])){ .at = jcc32(e, CC_E),
			.insn = i, .size = size, .write = write, .member = true };
		if (!base) {
			base = areg == RAX ? RDX : RAX;
			load_x(e, base, d->rs1);
		}
		lea_sib(e, RAX, base, areg, 0, d->imm);              /* lea rax, [base + areg + off] */
		c->gouts[c->ngouts++].done = e->p;
		return;
	}
	if (role != GROUP_LEADER) {
		va_to_rax(e, d);
		tlb_access(c, i, size, write);
		return;
	}
	/* The TLB test of the whole span, from lo to hi, as if one access:
	 * its first byte's set, its last byte's page (so a hit says the span
	 * is in one page); then this access's host address. */
	int32_t lo = c->group[i].lo, hi = c->group[i].hi;
	va_off_to_rax(e, d->rs1, lo);
	bool track = c->group[i].track;
	uint8_t *miss = tlb_lookup(e, (unsigned)(hi - lo), c->group[i].write, track ? RDX : R14);
	if (track)
		op_mem(e, true, 0x89, RDX, RSP, 0);                  /* mov [rsp], rdx */
	if (d->imm != lo)
		lea(e, RAX, RAX, d->imm - lo);
	c->gouts[c->ngouts] = (typeof(c->gouts[0])){ .at = miss, .insn = i, .size = size,
						     .write = write, .track = track, .done = e->p };
	c->ngouts++;
}

/* The groups' out-of-line paths: an access's own test, and back. */
static void emit_group_outs(struct jctx *c)
{
	struct emit *e = &c->e;
	for (unsigned k = 0; k < c->ngouts; k++) {
		patch32(e, c->gouts[k].at, e->p);
		va_to_rax(e, &c->b->insns[c->gouts[k].insn]);
		tlb_access_at(c, e->p, c->gouts[k].insn, c->gouts[k].size, c->gouts[k].write);
		if (!c->gouts[k].member && c->gouts[k].track) {   /* a leader: addend 0 */
			rex(e, true, 0, 0, RSP, false), b1(e, 0xc7);  /* mov qword [rsp], 0 */
			mem(e, 0, RSP, 0), b4(e, 0);
		} else if (!c->gouts[k].member) {
			op_rr(e, false, 0x31, R14, R14);             /* xor r14d, r14d */
		}
		patch32(e, jmp32(e), c->gouts[k].done);
	}
}

/* One instruction; false if unsupported. */
static bool emit_insn(struct jctx *c, unsigned i)
{
	struct emit *e = &c->e;
	const struct insn *d = &c->b->insns[i];
	unsigned rd = d->rd;
	int32_t imm = d->imm;
	bool sink = rd == 32;
	if (emit_zext_shift(c, i))
		return true;
	if (emit_alu(e, d))
		return true;
	switch (d->op) {
	case OP_NOP:
		return true;
	case OP_FENCE:
		if (fence_needs_host_barrier(d->raw))
			b1(e, 0x0f), b1(e, 0xae), b1(e, 0xf0);  /* mfence */
		return true;
	case OP_SLLI_UW:
		if (!sink) {
			load_x(e, RAX, d->rs1);
			op_rr(e, false, 0x89, RAX, RAX);  /* mov eax, eax */
			shift_imm(e, true, 4, RAX, (unsigned)imm & 63);
			store_x(e, rd, RAX);
		}
		return true;
	case OP_ANDN: case OP_ORN: case OP_XNOR: {
		if (sink)
			return true;
		rr_operands(e, d);
		unsigned opc = d->op == OP_XNOR ? 0x31 : d->op == OP_ORN ? 0x09 : 0x21;
		if (d->op == OP_ANDN || d->op == OP_ORN)
			rex(e, true, 0, 0, RCX, false), b1(e, 0xf7), b1(e, 0xd0 | RCX); /* not rcx */
		op_rr(e, true, opc, RCX, RAX);
		if (d->op == OP_XNOR)
			rex(e, true, 0, 0, RAX, false), b1(e, 0xf7), b1(e, 0xd0 | RAX); /* not rax */
		store_x(e, rd, RAX);
		return true;
	}
	case OP_MULH: case OP_MULHU: case OP_MULHSU:
		if (!sink) {
			rr_operands(e, d);
			if (d->op == OP_MULHSU) {
				/* signed x unsigned: the unsigned high half, less rs2
				 * if rs1 < 0 (kept on the stack across the mul) */
				op_rr(e, true, 0x89, RAX, RDX);  /* mov rdx, rax */
				shift_imm(e, true, 7, RDX, 63);
				op_rr(e, true, 0x21, RCX, RDX);  /* and rdx, rcx */
				b1(e, 0x52);                     /* push rdx */
			}
			rex(e, true, 0, 0, RCX, false), b1(e, 0xf7), b1(e, 0xc0 | ((d->op == OP_MULH ? 5 : 4) << 3) | RCX);
			if (d->op == OP_MULHSU) {
				b1(e, 0x59);                     /* pop rcx */
				op_rr(e, true, 0x29, RCX, RDX);  /* sub rdx, rcx */
			}
			store_x(e, rd, RDX);
		}
		return true;
	case OP_DIV: case OP_DIVU: case OP_REM: case OP_REMU:
	case OP_DIVW: case OP_DIVUW: case OP_REMW: case OP_REMUW:
		if (!sink) {
			emit_div(c, d);
			store_x(e, rd, RAX);
		}
		return true;
	case OP_MIN: case OP_MAX: case OP_MINU: case OP_MAXU:
		if (!sink) {
			static const uint8_t cmov[] = { [OP_MIN] = 0x4f, [OP_MAX] = 0x4c, [OP_MINU] = 0x47,
							[OP_MAXU] = 0x42 };
			rr_operands(e, d);
			op_rr(e, true, 0x39, RCX, RAX);  /* cmp rax, rcx */
			op0f_rr(e, true, cmov[d->op], RAX, RCX);
			store_x(e, rd, RAX);
		}
		return true;
	case OP_SEXT_B: case OP_SEXT_H: case OP_ZEXT_H: case OP_REV8:
		if (!sink) {
			load_x(e, RAX, d->rs1);
			if (d->op == OP_REV8)
				b1(e, 0x48), b1(e, 0x0f), b1(e, 0xc8);  /* bswap rax */
			else
				op0f_rr(e, d->op != OP_ZEXT_H, d->op == OP_SEXT_B ? 0xbe : d->op == OP_SEXT_H ? 0xbf : 0xb7,
					RAX, RAX);
			store_x(e, rd, RAX);
		}
		return true;
	case OP_BSET: case OP_BCLR: case OP_BINV: case OP_BEXT:
		if (!sink) {
			static const uint8_t bop[] = { [OP_BSET] = 0xab, [OP_BCLR] = 0xb3, [OP_BINV] = 0xbb,
						       [OP_BEXT] = 0xa3 };
			rr_operands(e, d);
			op0f_rr(e, true, bop[d->op], RCX, RAX);  /* bts/btr/btc/bt rax, rcx (mod 64) */
			if (d->op == OP_BEXT)
				b1(e, 0x0f), b1(e, 0x92), b1(e, 0xc0), b1(e, 0x0f), b1(e, 0xb6), b1(e, 0xc0);
			store_x(e, rd, RAX);
		}
		return true;
	case OP_BSETI: case OP_BCLRI: case OP_BINVI: case OP_BEXTI:
		if (!sink) {
			static const uint8_t digit[] = { [OP_BSETI] = 5, [OP_BCLRI] = 6, [OP_BINVI] = 7, [OP_BEXTI] = 4 };
			load_x(e, RAX, d->rs1);
			b1(e, 0x48), b1(e, 0x0f), b1(e, 0xba), b1(e, 0xc0 | (digit[d->op] << 3)), b1(e, (unsigned)imm & 63);
			if (d->op == OP_BEXTI)
				b1(e, 0x0f), b1(e, 0x92), b1(e, 0xc0), b1(e, 0x0f), b1(e, 0xb6), b1(e, 0xc0);
			store_x(e, rd, RAX);
		}
		return true;
	case OP_CZERO_EQZ: case OP_CZERO_NEZ:
		if (!sink) {
			rr_operands(e, d);
			op_rr(e, false, 0x31, RDX, RDX);         /* xor edx, edx */
			op_rr(e, true, 0x85, RCX, RCX);          /* test rcx, rcx */
			op0f_rr(e, true, d->op == OP_CZERO_EQZ ? 0x44 : 0x45, RAX, RDX); /* cmovz/cmovnz rax, rdx */
			store_x(e, rd, RAX);
		}
		return true;
	case OP_CLMUL: case OP_CLMULH: case OP_CLMULR: case OP_BREV8: case OP_XPERM4: case OP_XPERM8:
	case OP_ORC_B: case OP_CLZ: case OP_CTZ: case OP_CPOP: case OP_CLZW: case OP_CTZW: case OP_CPOPW:
		if (!sink) {
			static uint64_t (*const fn[OP_COUNT])(uint64_t, uint64_t) = {
				[OP_CLMUL] = rv_clmul, [OP_CLMULH] = rv_clmulh, [OP_CLMULR] = rv_clmulr,
				[OP_XPERM4] = rv_xperm4, [OP_XPERM8] = rv_xperm8, [OP_BREV8] = brev8_helper,
				[OP_ORC_B] = orc_b_helper, [OP_CLZ] = clz_helper, [OP_CTZ] = ctz_helper,
				[OP_CPOP] = cpop_helper, [OP_CLZW] = clzw_helper, [OP_CTZW] = ctzw_helper,
				[OP_CPOPW] = cpopw_helper,
			};
			emit_call_helper(e, d, fn[d->op]);
		}
		return true;
	case OP_PACK:  /* rs1[31:0] | rs2[31:0] << 32 */
		if (!sink) {
			rr_operands(e, d);
			op_rr(e, false, 0x89, RAX, RAX);         /* mov eax, eax */
			shift_imm(e, true, 4, RCX, 32);          /* shl rcx, 32 */
			op_rr(e, true, 0x09, RCX, RAX);          /* or rax, rcx */
			store_x(e, rd, RAX);
		}
		return true;
	case OP_PACKH: case OP_PACKW: {  /* bytes / halfwords, packw sign-extends */
		if (sink)
			return true;
		unsigned movzx = d->op == OP_PACKH ? 0xb6 : 0xb7;
		rr_operands(e, d);
		op0f_rr(e, false, movzx, RAX, RAX);
		op0f_rr(e, false, movzx, RCX, RCX);
		shift_imm(e, false, 4, RCX, d->op == OP_PACKH ? 8 : 16);
		op_rr(e, false, 0x09, RCX, RAX);         /* or eax, ecx */
		if (d->op == OP_PACKW)
			movsxd_rax_eax(e);
		store_x(e, rd, RAX);
		return true;
	}
	case OP_LB: case OP_LH: case OP_LW: case OP_LD: case OP_LBU: case OP_LHU: case OP_LWU: {
		access_addr(c, i);
		/* dst = *(type *)rax, dst rd's host register if cached */
		unsigned dst = !sink && e->host[rd] ? e->host[rd] : RAX;
		bool w = d->op == OP_LB || d->op == OP_LH || d->op == OP_LW || d->op == OP_LD;
		rex(e, w, dst, 0, RAX, false);
		switch (d->op) {
		case OP_LB:  b1(e, 0x0f), b1(e, 0xbe); break;
		case OP_LH:  b1(e, 0x0f), b1(e, 0xbf); break;
		case OP_LW:  b1(e, 0x63); break;
		case OP_LD: case OP_LWU: b1(e, 0x8b); break;
		case OP_LBU: b1(e, 0x0f), b1(e, 0xb6); break;
		case OP_LHU: b1(e, 0x0f), b1(e, 0xb7); break;
		}
		b1(e, ((dst & 7) << 3) | RAX);  /* [rax] */
		if (dst == RAX)
			store_x(e, rd, RAX);  /* rd == 32: the sink */
		return true;
	}
	case OP_SB: case OP_SH: case OP_SW: case OP_SD: {
		access_addr(c, i);
		/* *(type *)rax = src: rs2's host register if cached, else rcx */
		unsigned src = d->rs2 && e->host[d->rs2] ? e->host[d->rs2] : RCX;
		if (src == RCX)
			load_x(e, RCX, d->rs2);
		if (d->op == OP_SH)
			b1(e, 0x66);
		/* a byte store from sil/dil/bpl needs a REX prefix */
		rex(e, d->op == OP_SD, src, 0, RAX, d->op == OP_SB && src >= RSP);
		b1(e, d->op == OP_SB ? 0x88 : 0x89);
		b1(e, ((src & 7) << 3) | RAX);  /* [rax] */
		return true;
	}
	case OP_FLW: case OP_FLD:
		access_addr(c, i);
		if (d->op == OP_FLD) {
			b1(e, 0x48), b1(e, 0x8b), b1(e, 0x00);                   /* mov rax, [rax] */
		} else {
			b1(e, 0x8b), b1(e, 0x00);                                /* mov eax, [rax] */
			b1(e, 0x48), b1(e, 0xb9), b4(e, 0), b4(e, 0xffffffffu);  /* mov rcx, box */
			op_rr(e, true, 0x09, RCX, RAX);                          /* or rax, rcx */
		}
		op_mem(e, true, 0x89, RAX, RBX, F_OFF(rd));
		emit_fp_dirty(e);
		return true;
	case OP_FSW: case OP_FSD:
		access_addr(c, i);
		op_mem(e, d->op == OP_FSD, 0x8b, RCX, RBX, F_OFF(d->rs2));
		if (d->op == OP_FSD)
			b1(e, 0x48);
		b1(e, 0x89), b1(e, 0x08);                                        /* mov [rax], rcx / ecx */
		return true;
	case OP_BEQ: case OP_BNE: case OP_BLT: case OP_BGE: case OP_BLTU: case OP_BGEU: {
		static const uint8_t cc[] = { [OP_BEQ] = CC_E, [OP_BNE] = CC_NE, [OP_BLT] = CC_L,
					      [OP_BGE] = CC_GE, [OP_BLTU] = CC_B, [OP_BGEU] = CC_AE };
		cmp_x(e, d->rs1, d->rs2);
		uint8_t *not_taken = jcc32(e, cc[d->op] ^ 1);
		direct_branch(c, i, (int64_t)d->pcoff + imm);
		patch32(e, not_taken, e->p);
		return true;
	}
	case OP_JAL: case OP_JAL_CONT: {
		unsigned len = (d->raw & 3) == 3 ? 4 : 2;
		if (!sink) {
			pc_lea(e, RAX, (int32_t)(d->pcoff + len));
			store_x(e, rd, RAX);
		}
		if (d->op == OP_JAL)   /* (JAL_CONT: the target's instructions come next) */
			direct_branch(c, i, (int64_t)d->pcoff + imm);
		return true;
	}
	case OP_JALR: {
		unsigned len = (d->raw & 3) == 3 ? 4 : 2;
		va_to_rax(e, d);
		op_imm(e, true, 4, RAX, -2);  /* and rax, ~1 */
		if (!sink) {
			pc_lea(e, RCX, (int32_t)(d->pcoff + len));
			store_x(e, rd, RCX);
		}
		/* rdx = 0 if the target is in the block's page (before h->pc changes) */
		op_rr(e, true, 0x89, RAX, RDX);                                   /* mov rdx, rax */
		op_mem(e, true, 0x33, RDX, RBX, (int32_t)offsetof(struct hart, pc)); /* xor rdx, [pc] */
		shift_imm(e, true, 5, RDX, PAGE_SHIFT);
		store_pc(e);
		add_retired(e, i + 1);
		cache_spill(e);
		jalr_dispatch(c);
		return true;
	}
	case OP_END:
		if (jump_target(c->b, i, c->limit) >= 0)
			direct_branch(c, i - 1, d->pcoff);   /* as a jump after insn i - 1 */
		else
			leave_to(c, i, d->pcoff, JIT_END);
		return true;
	case OP_VSETVLI: case OP_VSETIVLI: case OP_VSETVL: case OP_VLOAD: case OP_VSTORE: case OP_VARITH:
		emit_call_insn(c, d, i, vec_from_jit);
		return true;
	case OP_CSR_READ:
		emit_call_insn(c, d, i, csr_read_from_jit);
		return true;
	case OP_CSRRW: case OP_CSRRS: case OP_CSRRC: case OP_CSRRWI: case OP_CSRRSI: case OP_CSRRCI:
		if (e->loop)
			return false;  /* LOOP_RETIRED holds counts h->retired lacks: bail */
		emit_csr_rmw(c, d, i);
		return true;
	}
	if (amo_op(d->op)) {
		emit_call_insn(c, d, i, atomic_from_jit);
		return true;
	}
	if (fp_inline_arith(d->op)) {
		emit_fp_arith(c, d);
		return true;
	}
	if (emit_fp_bits(e, d))
		return true;
	if (jit_fp_ops[d->op].fn) {
		emit_fp_call(e, d, true);
		return true;
	}
	return false;
}

/* W^X: the buffer is one memfd mapped twice, read-write where the JIT
 * writes code (h->jit_buf) and read-execute where it runs (h->jit_xbuf),
 * so no page is ever writable and executable at once.  Code refers to
 * itself only by rel32 displacements, which both views share; only a
 * block's entry (b->jit) is an execute-view address. */
bool jit_init(struct hart *h)
{
	int fd = memfd_create("rvkvm-jit", MFD_CLOEXEC);
	if (fd < 0)
		return false;  /* no memfd: interpret only */
	void *w = MAP_FAILED, *x = MAP_FAILED;
	if (ftruncate(fd, JIT_BUF_SIZE) == 0) {
		w = mmap(NULL, JIT_BUF_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
		x = mmap(NULL, JIT_BUF_SIZE, PROT_READ | PROT_EXEC, MAP_SHARED, fd, 0);
	}
	close(fd);  /* the mappings keep the memory */
	if (w == MAP_FAILED || x == MAP_FAILED) {
		if (w != MAP_FAILED)
			munmap(w, JIT_BUF_SIZE);
		if (x != MAP_FAILED)
			munmap(x, JIT_BUF_SIZE);
		return false;  /* no executable memory: interpret only */
	}
	h->jit_buf = w;
	h->jit_xbuf = x;
	jit_reset(h);
	return true;
}

void jit_fini(struct hart *h)
{
	if (h->jit_buf) {
		munmap(h->jit_buf, JIT_BUF_SIZE);
		munmap(h->jit_xbuf, JIT_BUF_SIZE);
	}
	h->jit_buf = h->jit_xbuf = NULL;
}

/* The shared continuation of exits whose target is only known at run time
 * (JALR) or lies in another page: with h->pc = rax set and retired
 * counted, find the target's block through the fetch TLB and the block
 * cache as exec.c's chain_lookup does and, if it is current and compiled
 * and chain_left allows, continue in it; else return JIT_INDIRECT.  Lives
 * at the start of the buffer. */
static uint8_t *emit_dispatch(struct hart *h, uint8_t *at, bool fill)
{
	struct emit e = { .p = at, .end = h->jit_buf + JIT_BUF_SIZE };
	uint8_t *stop = chain_left_dec(&e), *miss[5];
	/* rdx = pa = the target's physical page | (pc & 0xfff) */
	fetch_tlb_page(&e, &miss[4]);
	op_imm(&e, false, 4, RAX, PAGE_SIZE - 1);
	op_rr(&e, true, 0x09, RAX, RDX);
	/* rax = h->bcache[bcache_index(pa)] */
	bcache_slot(&e);
	op_rr(&e, true, 0x01, RBX, RCX);
	op_mem(&e, true, 0x8b, RAX, RCX, (int32_t)offsetof(struct hart, bcache));
	enter_if_compiled(&e, miss, fill ? RDI : 0);  /* rdi: the branch cache */
	patch32(&e, stop, e.p);
	chain_left_zero(&e);
	for (int k = 0; k < 5; k++)
		patch32(&e, miss[k], e.p);
	mov_eax_imm(&e, JIT_INDIRECT);
	emit_epilogue(&e);
	return (uint8_t *)(((uintptr_t)e.p + 15) & ~(uintptr_t)15);
}

/* The lookup routine at the start of the buffer, then its variant that
 * also fills the branch cache at rdi (branch_cache) with what it found. */
static void emit_dispatcher(struct hart *h)
{
	uint8_t *p = emit_dispatch(h, h->jit_buf, false);
	h->jit_dispatch_fill = (size_t)(p - h->jit_buf);
	p = emit_dispatch(h, p, true);
	h->jit_used = (size_t)(p - h->jit_buf);
}

void jit_reset(struct hart *h)
{
	h->jit_used = 0;
	h->jit_memo_used = 1;  /* slot 0: no group */
	if (h->jit_buf)
		emit_dispatcher(h);
}

/* Can insn i leave for another page (a branch cache, branch_cache)? */
static bool exits_page(const struct block *b, unsigned i)
{
	const struct insn *d = &b->insns[i];
	int64_t off;
	if (d->op == OP_JALR)
		return true;
	if (d->op == OP_JAL || (d->op >= OP_BEQ && d->op <= OP_BGEU))
		off = (int64_t)d->pcoff + d->imm;
	else if (d->op == OP_END)
		off = d->pcoff;
	else
		return false;
	return off_page(b, off);
}

/* The guest registers the compiled instructions name most (three uses at
 * least) get a host register for the block's run: in loops that stay in
 * the block, they never go through memory. */
static void cache_pick(struct jctx *c)
{
	/* Instructions inside a loop of the block (from a backward direct
	 * branch or JAL to its target) weigh LOOP_WEIGHT times more for each
	 * loop around them: the registers the innermost loop uses are the
	 * ones worth keeping (matmul's block of three nested loops). */
	enum { LOOP_WEIGHT = 16 };
	uint8_t *in_loop = c->in_loop;
	for (unsigned i = 0; i <= c->limit; i++) {
		int k = jump_target(c->b, i, c->limit);
		if (k >= 0 && (unsigned)k <= i) {   /* backward in the block (JAL_CONT: whatever the offset) */
			c->e.loop = true;
			c->loop_head[k] = true;
			for (unsigned j = (unsigned)k; j <= i; j++)
				in_loop[j] += in_loop[j] < 3;   /* nesting depth, up to 3 */
		}
	}
	unsigned uses[32] = { 0 };
	for (unsigned i = 0; i <= c->limit; i++) {
		const struct insn *d = &c->b->insns[i];
		unsigned w = 1u << (4 * in_loop[i]);   /* LOOP_WEIGHT ^ depth */
		_Static_assert(LOOP_WEIGHT == 1 << 4, "LOOP_WEIGHT ^ depth by shifting");
		if (is_fp(d->op)) {  /* only its integer operands */
			unsigned fl = jit_fp_ops[d->op].flags;
			if (!jit_fp_ops[d->op].fn || (fl & JIT_FP_X_SRC))
				uses[d->rs1 & 31] += w;   /* an FP load/store's base */
			if ((fl & JIT_FP_X_DST) && d->rd < 32)
				uses[d->rd] += w;
			continue;
		}
		uses[d->rs1 & 31] += w;
		uses[d->rs2 & 31] += w;
		if (d->rd < 32)
			uses[d->rd] += w;
	}
	uses[0] = 0;
	for (unsigned k = 0; k < JIT_NCACHE; k++) {
		unsigned best = 0;
		for (unsigned r = 1; r < 32; r++)
			if (!c->e.host[r] && uses[r] > uses[best])
				best = r;
		if (uses[best] < 3)
			break;
		c->e.host[best] = cache_host[c->e.loop][k];
		c->e.guest[c->e.ncached] = (uint8_t)best;
		for (unsigned i = 0; i <= c->limit; i++)
			c->e.written[c->e.ncached] |= writes_x(&c->b->insns[i], best);
		c->e.ncached++;
	}
}

void jit_compile(struct hart *h, struct block *b)
{
	if (!h->jit_buf || !is_supported(b->insns[0].op))
		return;
	if ((uint8_t *)b < h->arena || (uint8_t *)b >= h->arena + ARENA_SIZE)
		return;  /* a one-off block (page-straddling or PMP-split code) */
	if (h->jit_used + (b->n + 2) * JIT_INSN_MAX + 64 > JIT_BUF_SIZE)
		return;  /* full until the next code flush */
	static _Thread_local struct jctx c;
	memset(&c, 0, sizeof(c));
	uint8_t *start = h->jit_buf + h->jit_used;
	c.e = (struct emit){ .p = start, .end = h->jit_buf + JIT_BUF_SIZE };
	c.b = b;
	c.dispatch = h->jit_buf;
	c.dispatch_fill = h->jit_buf + h->jit_dispatch_fill;
	/* Compiled: up to the first unsupported instruction (which bails) or
	 * the block's end (END, or the jump that ends it). */
	for (c.limit = 0; c.limit < b->n; c.limit++) {
		unsigned op = b->insns[c.limit].op;
		if (!is_supported(op) || op == OP_JAL || op == OP_JALR)
			break;
	}

	/* Prologue: save what the SysV ABI makes callee-saved, pin h, dtlb, pc,
	 * load the cached registers.  Chained blocks enter at JIT_CHAIN_ENTRY,
	 * in the same frame. */
	struct emit *e = &c.e;
	cache_pick(&c);
	b1(e, 0x53);                    /* push rbx */
	b1(e, 0x41), b1(e, 0x54);       /* push r12 */
	b1(e, 0x41), b1(e, 0x56);       /* push r14 */
	b1(e, 0x41), b1(e, 0x55);       /* push r13 */
	b1(e, 0x41), b1(e, 0x57);       /* push r15 */
	b1(e, 0x55);                    /* push rbp */
	b1(e, 0x48), b1(e, 0x83), b1(e, 0xec), b1(e, 0x08);  /* sub rsp, 8: calls need rsp % 16 == 0 */
	op_rr(e, true, 0x89, RDI, RBX); /* mov rbx, rdi */
	if (e->p - start != JIT_CHAIN_ENTRY)
		return;
	op_mem(e, true, 0x8b, R12, RBX, (int32_t)offsetof(struct hart, dtlb));
	cache_fill(e);
	bool fp = false, dyn_rm = false;
	for (unsigned i = 0; i <= c.limit; i++) {
		const struct insn *d = &b->insns[i];
		fp |= is_fp(d->op);
		dyn_rm |= (jit_fp_ops[d->op].flags & JIT_FP_RM) && d->imm == 7;
	}
	if (fp)
		emit_fp_entry_check(&c, dyn_rm);
	/* Page memos for loads and stores, if the slots last.  In user code
	 * every load and store gets a memo (its globals and
	 * stack sit in a few pages: gzip 13% faster); in the kernel only
	 * loops', as it runs between page fences (fork and exec) that drop
	 * them all, and a memo refilled at nearly every entry costs more than
	 * the TLB test it replaces (fork+exec twice as slow with them). */
	for (unsigned i = 0; i <= c.limit; i++) {
		int k = jump_target(b, i, c.limit);
		if (k >= 0)
			c.target[k] = true;
	}
	if (c.e.ncached < JIT_NCACHE || !c.e.loop)   /* (R14 may hold a guest register in a loop's block) */
		group_plan(&c, 0);
	group_plan(&c, 1);
	c.memo_all = h->priv == PRV_U;
	unsigned nsites = 0, nexits = 0;
	for (unsigned i = 0; i <= c.limit; i++) {
		unsigned size;
		bool write;
		nsites += (c.in_loop[i] || c.memo_all) && !c.group_role[i] &&
			  access_kind(b->insns[i].op, &size, &write);
		nexits += exits_page(b, i);
	}
	unsigned slots = h->jit_memo_used;
	uint8_t *memo_check = NULL, *memo_back = NULL;
	if (nsites && slots + 1 + nsites <= JIT_MEMOS) {
		c.memo0 = slots;
		c.memo_cap = nsites;
		slots += 1 + nsites;
		h->jit_memo[c.memo0].page = ~0ULL;  /* no epoch: reset at the first entry */
		op_mem(e, true, 0x8b, RAX, RBX, (int32_t)offsetof(struct hart, tlb_epoch));
		op_mem(e, true, 0x3b, RAX, RBX, memo_off(c.memo0, false));
		memo_check = jcc32(e, CC_NE);
		memo_back = e->p;
	}
	if (nexits && slots + nexits <= JIT_MEMOS) {  /* branch caches: empty */
		c.bc0 = slots;
		c.bc_cap = nexits;
		for (unsigned k = 0; k < nexits; k++)
			h->jit_memo[slots + k] = (struct jit_memo){ .page = ~0ULL, .addend = 0 };
		slots += nexits;
	}
	/* A JALR other than a return (whose targets are mostly in other
	 * pages): a target table, empty (no target is odd). */
	const struct insn *last = &b->insns[c.limit];
	if (last->op == OP_JALR && last->rs1 != 1 && slots + JT_WAYS <= JIT_MEMOS) {
		c.jt0 = slots;
		for (unsigned k = 0; k < JT_WAYS; k++)
			h->jit_memo[slots + k] = (struct jit_memo){ .page = ~0ULL, .addend = 0 };
		slots += JT_WAYS;
	}

	for (unsigned i = 0; i <= c.limit; i++) {
		if (c.loop_head[i])
			align_code(e, LOOP_ALIGN);
		c.label[i] = e->p;
		if (!emit_insn(&c, i)) {
			mov_eax_imm(e, JIT_BAIL + i);
			to_epilogue(&c, jmp32(e));
		}
		if (c.fused)
			c.label[++i] = e->p, c.fused = false;
	}
	for (unsigned k = 0; k < c.nfwd; k++)
		patch32(e, c.fwd[k].at, c.label[c.fwd[k].insn]);
	emit_branch_caches(&c);
	emit_memo_fills(&c);
	emit_group_outs(&c);
	if (memo_check)
		emit_memo_reset(&c, memo_check, memo_back);
	emit_refills(&c);
	/* Bail stubs: the instruction is done again by the interpreter. */
	for (unsigned k = 0; k < c.nbails; k++) {
		patch32(e, c.bails[k].at, e->p);
		mov_eax_imm(e, JIT_BAIL + c.bails[k].insn);
		to_epilogue(&c, jmp32(e));
	}
	uint8_t *epilogue = e->p;
	cache_spill(e);   /* every exit to the run loop comes here */
	emit_epilogue(e);
	for (unsigned k = 0; k < c.nexits; k++)
		patch32(e, c.exits[k], epilogue);
	if (e->full)
		return;
	if (memo_check)  /* the group's epoch slot is this block's even with no site */
		h->jit_memo_used = c.memo0 + 1 + c.nmemo;
	if (c.nbc)
		h->jit_memo_used = c.bc0 + c.nbc;
	if (c.jt0)
		h->jit_memo_used = c.jt0 + JT_WAYS;
	h->jit_used += (size_t)(e->p - start + 15) & ~(size_t)15;
	b->jit = (jit_fn)(void *)(h->jit_xbuf + (start - h->jit_buf));
}

#else  /* no JIT for this host: the interpreter runs everything */

bool jit_init(struct hart *h) { (void)h; return false; }
void jit_fini(struct hart *h) { (void)h; }
void jit_reset(struct hart *h) { (void)h; }
void jit_compile(struct hart *h, struct block *b) { (void)h, (void)b; }

#endif
