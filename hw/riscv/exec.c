// SPDX-License-Identifier: MIT
/* The interpreter: executes one decoded block with threaded dispatch
 * (computed goto).  Loads and stores try the TLB inline (a compare and an
 * add) and fall back to mmu.c.  A block ends at control flow, at anything
 * that changes privilege/translation/interrupt state, on a trap, or when
 * an MMIO access needs the caller. */
#include "hw/riscv/amo.h"
#include "hw/riscv/bitmanip.h"
#include "hw/riscv/fpu.h"
#include "hw/riscv/hart_internal.h"
#include "hw/riscv/jit.h"
#include "hw/riscv/ops.h"
#include "hw/riscv/vector.h"

static inline uint64_t sext32(uint64_t v)
{
	return (uint64_t)(int64_t)(int32_t)v;
}

static inline uint64_t rol64(uint64_t a, unsigned s)
{
	s &= 63;
	return s ? (a << s) | (a >> (64 - s)) : a;
}

static inline uint32_t rol32(uint32_t a, unsigned s)
{
	s &= 31;
	return s ? (a << s) | (a >> (32 - s)) : a;
}

/* CMO enables (unprivileged spec, "Cache-Block Operations", the
 * pseudocode of "Control and Status Register State"): below M, the
 * menvcfg field; in U, senvcfg's; in VS and VU, henvcfg's and, in VU,
 * senvcfg's too, whose lack there is a virtual-instruction exception.
 * field is MENVCFG_CBIE, _CBCFE or _CBZE (the same bits in every envcfg);
 * CBIE's two bits read as enabled when nonzero (01 flush, 11 invalidate,
 * both nothing more to do on coherent memory).  0 or the cause. */
static int cbo_enabled(const struct hart *h, uint64_t field)
{
	if (h->priv == PRV_M)
		return 0;
	if (!(h->menvcfg & field) || (!h->virt && h->priv == PRV_U && !(h->senvcfg & field)))
		return EXC_ILLEGAL_INSN;
	if (h->virt && (!(h->henvcfg & field) || (h->priv == PRV_U && !(h->senvcfg & field))))
		return EXC_VIRTUAL_INSN;
	return 0;
}

/* SFENCE.VMA or HFENCE.VVMA (4.2.1): rs1 names an address, rs2 an ASID
 * (fence non-global mappings only); x0 for either means all.  Every
 * non-global entry in the contexts is of atp's ASID (csr.c atp_changed),
 * so a fence by another ASID has nothing to drop.  An address fence drops
 * the page's entries, global or not: more than asked is allowed. */
static void fence_vma(struct hart *h, const struct insn *ip, uint64_t va, uint64_t asid, uint64_t atp,
		      unsigned first, unsigned last)
{
	if (ip->rs1)
		tlb_flush_va(h, va, first, last);
	else if (!ip->rs2)
		tlb_flush_ctx(h, first, last);
	else if ((uint16_t)asid == (uint16_t)((atp & SATP_ASID_MASK) >> SATP_ASID_SHIFT))
		tlb_flush_nonglobal(h, first, last);
}

/* Causes whose htinst/mtinst is the transformed instruction. */
#define TINST_CAUSES ((1u << EXC_LOAD_MISALIGNED) | (1u << EXC_LOAD_ACCESS) | (1u << EXC_STORE_MISALIGNED) | \
		      (1u << EXC_STORE_ACCESS) | (1u << EXC_LOAD_PAGE_FAULT) | (1u << EXC_STORE_PAGE_FAULT) | \
		      (1u << EXC_LOAD_GUEST_PAGE_FAULT) | (1u << EXC_STORE_GUEST_PAGE_FAULT))

/* The decoded block at pc if its page is in the fetch TLB: the slot's
 * head, else bcache_lookup (the chain, an older generation). */
static inline const struct block *chain_lookup(struct hart *h, uint64_t pc)
{
	uint64_t vpn = pc >> PAGE_SHIFT;
	const struct tlb_entry *e = &h->itlb[tlb_index(vpn)];
	if (e->tag_x != vpn)
		return NULL;
	uint64_t pa = h->itlb_pa[e - h->itlb] | (pc & (PAGE_SIZE - 1));
	const struct block *b = h->bcache[bcache_index(pa)];
	if (likely(b && b->pa == pa && b->gen == h->code_gen))
		return b;
	return bcache_lookup(h, pa, (const uint8_t *)(uintptr_t)((pc & PAGE_MASK) + e->addend));
}

/* Called with h == NULL, it fills in each instruction's handler label. */
static enum hart_event exec_block_impl(struct hart *h, struct block *b, struct block *resolve)
{
#define OP_LABEL(name) [OP_##name] = &&L_##name,
	static const void *const labels[OP_COUNT] = { FOR_EACH_OP(OP_LABEL) };
#undef OP_LABEL
	if (resolve) {
		for (uint32_t i = 0; i <= resolve->n; i++)
			resolve->insns[i].handler = labels[resolve->insns[i].op];
		return HART_EV_BUDGET;
	}
	uint64_t *const x = h->x;
	uint64_t *const f = h->f;
	/* The data context changes only at instructions that end the block
	 * (CSR writes, traps, xRET) and in compiled code (which goes on after
	 * a write of sstatus.SUM: jit_x86_64.c csr_rmw_from_jit), so the TLB
	 * pointer is loaded again only after compiled code ran. */
	const struct tlb_entry *dtlb = h->dtlb;
	struct insn *ip;
	const struct insn *counted;  /* retired up to here */
	uint64_t base;
	enum acc_result r;
	uint64_t v;

#define PC      (base + ip->pcoff)
#define LEN     ((ip->raw & 3) == 3 ? 4u : 2u)
#define RD      x[ip->rd]
#define RS1     x[ip->rs1]
#define RS2     x[ip->rs2]
#define IMM     ((int64_t)ip->imm)
#define NEXT    do { ip++; goto *ip->handler; } while (0)
#define FAIL(r) goto *((r) == ACC_TRAP ? &&trap : &&mmio_exit)

enter_block:
	base = h->pc;
	ip = b->insns;
	counted = ip;
	if (b->jit) {
		/* Compiled: it runs the block, or its prefix up to an instruction
		 * it leaves to the handlers below (nothing of that one done). */
		h->jit_block = b;
		uint32_t jr = b->jit(h);
		dtlb = h->dtlb;
		if (jr >= JIT_BAIL) {
			/* Compiled code may have chained into other blocks. */
			b = h->jit_block;
			base = h->pc;
			counted = b->insns;
			ip = b->insns + (jr - JIT_BAIL);
			goto *ip->handler;
		}
		if (jr == JIT_END || !h->chain_left)
			return HART_EV_BUDGET;
		const struct block *nb = chain_lookup(h, h->pc);
		if (!nb)
			return HART_EV_BUDGET;
		h->chain_left--;
		b = (struct block *)nb;
		goto enter_block;
	}
	if (unlikely(++b->heat == JIT_HOT)) {
		jit_compile(h, b);
		if (b->jit)
			goto enter_block;
	}
	goto *ip->handler;

/* Loads and stores: inline TLB hit, else the slow path.  The tag is
 * compared with the page of the access's last byte, read from the entry of
 * its first byte: an access that crosses a page can never match (the entry
 * for page P cannot hold tag P+1), so one compare covers both checks. */
#define LOAD(type, dst)                                                            \
	do {                                                                       \
		uint64_t va = RS1 + IMM;                                           \
		const struct tlb_entry *e = &dtlb[tlb_index(va >> PAGE_SHIFT)]; \
		type t;                                                            \
		if (likely(e->tag_r == (va + sizeof(type) - 1) >> PAGE_SHIFT)) {   \
			memcpy(&t, (void *)(uintptr_t)(va + e->addend), sizeof(type)); \
		} else {                                                           \
			r = mem_load_slow(h, va, sizeof(type), &v);                \
			if (unlikely(r != ACC_OK))                                 \
				FAIL(r);                                           \
			t = (type)v;                                               \
		}                                                                  \
		dst;                                                               \
		NEXT;                                                              \
	} while (0)

#define STORE(type, val)                                                           \
	do {                                                                       \
		uint64_t va = RS1 + IMM;                                           \
		const struct tlb_entry *e = &dtlb[tlb_index(va >> PAGE_SHIFT)]; \
		type t = (type)(val);                                              \
		if (likely(e->tag_w == (va + sizeof(type) - 1) >> PAGE_SHIFT)) {   \
			memcpy((void *)(uintptr_t)(va + e->addend), &t, sizeof(type)); \
		} else {                                                           \
			r = mem_store_slow(h, va, sizeof(type), (uint64_t)t);      \
			if (unlikely(r != ACC_OK))                                 \
				FAIL(r);                                           \
			if (unlikely(h->code_dirty))                               \
				goto code_changed;                                 \
		}                                                                  \
		NEXT;                                                              \
	} while (0)

L_LB:  LOAD(int8_t, RD = (uint64_t)(int64_t)t);
L_LH:  LOAD(int16_t, RD = (uint64_t)(int64_t)t);
L_LW:  LOAD(int32_t, RD = (uint64_t)(int64_t)t);
L_LD:  LOAD(uint64_t, RD = t);
L_LBU: LOAD(uint8_t, RD = t);
L_LHU: LOAD(uint16_t, RD = t);
L_LWU: LOAD(uint32_t, RD = t);
L_SB:  STORE(uint8_t, RS2);
L_SH:  STORE(uint16_t, RS2);
L_SW:  STORE(uint32_t, RS2);
L_SD:  STORE(uint64_t, RS2);

/* Integer computation (2.4, 5.2-5.3). */
L_NOP:   NEXT;
L_LUI:   RD = (uint64_t)IMM; NEXT;
L_AUIPC: RD = PC + (uint64_t)IMM; NEXT;
L_ADDI:  RD = RS1 + (uint64_t)IMM; NEXT;
L_SLTI:  RD = (int64_t)RS1 < IMM; NEXT;
L_SLTIU: RD = RS1 < (uint64_t)IMM; NEXT;
L_XORI:  RD = RS1 ^ (uint64_t)IMM; NEXT;
L_ORI:   RD = RS1 | (uint64_t)IMM; NEXT;
L_ANDI:  RD = RS1 & (uint64_t)IMM; NEXT;
L_SLLI:  RD = RS1 << ip->imm; NEXT;
L_SRLI:  RD = RS1 >> ip->imm; NEXT;
L_SRAI:  RD = (uint64_t)((int64_t)RS1 >> ip->imm); NEXT;
L_ADD:   RD = RS1 + RS2; NEXT;
L_SUB:   RD = RS1 - RS2; NEXT;
L_SLL:   RD = RS1 << (RS2 & 63); NEXT;
L_SLT:   RD = (int64_t)RS1 < (int64_t)RS2; NEXT;
L_SLTU:  RD = RS1 < RS2; NEXT;
L_XOR:   RD = RS1 ^ RS2; NEXT;
L_SRL:   RD = RS1 >> (RS2 & 63); NEXT;
L_SRA:   RD = (uint64_t)((int64_t)RS1 >> (RS2 & 63)); NEXT;
L_OR:    RD = RS1 | RS2; NEXT;
L_AND:   RD = RS1 & RS2; NEXT;
L_ADDIW: RD = sext32(RS1 + (uint64_t)IMM); NEXT;
L_SLLIW: RD = sext32((uint32_t)RS1 << ip->imm); NEXT;
L_SRLIW: RD = sext32((uint32_t)RS1 >> ip->imm); NEXT;
L_SRAIW: RD = (uint64_t)(int64_t)((int32_t)RS1 >> ip->imm); NEXT;
L_ADDW:  RD = sext32(RS1 + RS2); NEXT;
L_SUBW:  RD = sext32(RS1 - RS2); NEXT;
L_SLLW:  RD = sext32((uint32_t)RS1 << (RS2 & 31)); NEXT;
L_SRLW:  RD = sext32((uint32_t)RS1 >> (RS2 & 31)); NEXT;
L_SRAW:  RD = (uint64_t)(int64_t)((int32_t)RS1 >> (RS2 & 31)); NEXT;

/* M (chapter 7): division by zero and overflow have defined results. */
L_MUL:    RD = RS1 * RS2; NEXT;
L_MULH:   RD = (uint64_t)(((__int128)(int64_t)RS1 * (__int128)(int64_t)RS2) >> 64); NEXT;
L_MULHSU: RD = (uint64_t)(((__int128)(int64_t)RS1 * (__int128)RS2) >> 64); NEXT;
L_MULHU:  RD = (uint64_t)(((unsigned __int128)RS1 * RS2) >> 64); NEXT;
L_DIV: {
	int64_t a = (int64_t)RS1, d = (int64_t)RS2;
	RD = d == 0 ? ~0ULL : (a == INT64_MIN && d == -1) ? (uint64_t)a : (uint64_t)(a / d);
	NEXT;
}
L_DIVU: RD = RS2 == 0 ? ~0ULL : RS1 / RS2; NEXT;
L_REM: {
	int64_t a = (int64_t)RS1, d = (int64_t)RS2;
	RD = d == 0 ? (uint64_t)a : (a == INT64_MIN && d == -1) ? 0 : (uint64_t)(a % d);
	NEXT;
}
L_REMU: RD = RS2 == 0 ? RS1 : RS1 % RS2; NEXT;
L_MULW: RD = sext32((uint32_t)RS1 * (uint32_t)RS2); NEXT;
L_DIVW: {
	int32_t a = (int32_t)RS1, d = (int32_t)RS2;
	RD = (uint64_t)(int64_t)(d == 0 ? -1 : (a == INT32_MIN && d == -1) ? a : a / d);
	NEXT;
}
L_DIVUW: {
	uint32_t a = (uint32_t)RS1, d = (uint32_t)RS2;
	RD = sext32(d == 0 ? ~0u : a / d);
	NEXT;
}
L_REMW: {
	int32_t a = (int32_t)RS1, d = (int32_t)RS2;
	RD = (uint64_t)(int64_t)(d == 0 ? a : (a == INT32_MIN && d == -1) ? 0 : a % d);
	NEXT;
}
L_REMUW: {
	uint32_t a = (uint32_t)RS1, d = (uint32_t)RS2;
	RD = sext32(d == 0 ? a : a % d);
	NEXT;
}

/* Zba / Zbb / Zbs / Zicond. */
L_SH1ADD:    RD = (RS1 << 1) + RS2; NEXT;
L_SH2ADD:    RD = (RS1 << 2) + RS2; NEXT;
L_SH3ADD:    RD = (RS1 << 3) + RS2; NEXT;
L_ADD_UW:    RD = (uint64_t)(uint32_t)RS1 + RS2; NEXT;
L_SH1ADD_UW: RD = ((uint64_t)(uint32_t)RS1 << 1) + RS2; NEXT;
L_SH2ADD_UW: RD = ((uint64_t)(uint32_t)RS1 << 2) + RS2; NEXT;
L_SH3ADD_UW: RD = ((uint64_t)(uint32_t)RS1 << 3) + RS2; NEXT;
L_SLLI_UW:   RD = (uint64_t)(uint32_t)RS1 << ip->imm; NEXT;
L_ANDN:   RD = RS1 & ~RS2; NEXT;
L_ORN:    RD = RS1 | ~RS2; NEXT;
L_XNOR:   RD = ~(RS1 ^ RS2); NEXT;
L_CLZ:    RD = rv_clz(RS1); NEXT;
L_CTZ:    RD = rv_ctz(RS1); NEXT;
L_CPOP:   RD = rv_cpop(RS1); NEXT;
L_CLZW:   RD = rv_clzw(RS1); NEXT;
L_CTZW:   RD = rv_ctzw(RS1); NEXT;
L_CPOPW:  RD = rv_cpopw(RS1); NEXT;
L_MAX:    RD = (int64_t)RS1 > (int64_t)RS2 ? RS1 : RS2; NEXT;
L_MAXU:   RD = RS1 > RS2 ? RS1 : RS2; NEXT;
L_MIN:    RD = (int64_t)RS1 < (int64_t)RS2 ? RS1 : RS2; NEXT;
L_MINU:   RD = RS1 < RS2 ? RS1 : RS2; NEXT;
L_SEXT_B: RD = (uint64_t)(int64_t)(int8_t)RS1; NEXT;
L_SEXT_H: RD = (uint64_t)(int64_t)(int16_t)RS1; NEXT;
L_ZEXT_H: RD = (uint16_t)RS1; NEXT;
L_ROL:    RD = rol64(RS1, RS2 & 63); NEXT;
L_ROR:    RD = rol64(RS1, (64 - (RS2 & 63)) & 63); NEXT;
L_RORI:   RD = rol64(RS1, (64 - ip->imm) & 63); NEXT;
L_ROLW:   RD = sext32(rol32((uint32_t)RS1, RS2 & 31)); NEXT;
L_RORW:   RD = sext32(rol32((uint32_t)RS1, (32 - (RS2 & 31)) & 31)); NEXT;
L_RORIW:  RD = sext32(rol32((uint32_t)RS1, (32 - ip->imm) & 31)); NEXT;
L_ORC_B:  RD = rv_orc_b(RS1); NEXT;
L_REV8:   RD = __builtin_bswap64(RS1); NEXT;
L_BCLR:   RD = RS1 & ~(1ULL << (RS2 & 63)); NEXT;
L_BCLRI:  RD = RS1 & ~(1ULL << ip->imm); NEXT;
L_BEXT:   RD = (RS1 >> (RS2 & 63)) & 1; NEXT;
L_BEXTI:  RD = (RS1 >> ip->imm) & 1; NEXT;
L_BINV:   RD = RS1 ^ (1ULL << (RS2 & 63)); NEXT;
L_BINVI:  RD = RS1 ^ (1ULL << ip->imm); NEXT;
L_BSET:   RD = RS1 | (1ULL << (RS2 & 63)); NEXT;
L_BSETI:  RD = RS1 | (1ULL << ip->imm); NEXT;
L_CZERO_EQZ: RD = RS2 == 0 ? 0 : RS1; NEXT;
L_CZERO_NEZ: RD = RS2 != 0 ? 0 : RS1; NEXT;

/* Zbc, Zbkb, Zbkx (bitmanip.h). */
L_CLMUL:  RD = rv_clmul(RS1, RS2); NEXT;
L_CLMULH: RD = rv_clmulh(RS1, RS2); NEXT;
L_CLMULR: RD = rv_clmulr(RS1, RS2); NEXT;
L_PACK:   RD = (uint32_t)RS1 | RS2 << 32; NEXT;
L_PACKH:  RD = (uint8_t)RS1 | (uint64_t)(uint8_t)RS2 << 8; NEXT;
L_PACKW:  RD = sext32((uint16_t)RS1 | (uint32_t)(uint16_t)RS2 << 16); NEXT;
L_BREV8:  RD = rv_brev8(RS1); NEXT;
L_XPERM4: RD = rv_xperm4(RS1, RS2); NEXT;
L_XPERM8: RD = rv_xperm8(RS1, RS2); NEXT;

/* Control transfer: the block ends. */
#define BRANCH(cond)                                                               \
	do {                                                                       \
		if (cond) {                                                        \
			h->pc = PC + (uint64_t)IMM;                                \
			goto chain_direct;                                         \
		}                                                                  \
		NEXT;                                                              \
	} while (0)
L_BEQ:  BRANCH(RS1 == RS2);
L_BNE:  BRANCH(RS1 != RS2);
L_BLT:  BRANCH((int64_t)RS1 < (int64_t)RS2);
L_BGE:  BRANCH((int64_t)RS1 >= (int64_t)RS2);
L_BLTU: BRANCH(RS1 < RS2);
L_BGEU: BRANCH(RS1 >= RS2);
L_JAL: {
	uint64_t link = PC + LEN;
	h->pc = PC + (uint64_t)IMM;
	RD = link;
	goto chain_direct;
}
L_JAL_CONT:
	/* The block's next instruction is the jump's target (block_get). */
	RD = PC + LEN;
	NEXT;
L_JALR: {
	uint64_t target = (RS1 + (uint64_t)IMM) & ~1ULL, link = PC + LEN;
	h->pc = target;
	RD = link;
	goto chain;
}

/* A (amo.h): LR/SC keep a reservation on the address and the loaded
 * value; SC is a compare-and-swap against it.  AMOs are host atomics. */
L_LR_W: L_LR_D: {
	unsigned size = amo_size(ip->op);
	void *p;
	r = mem_atomic_ptr(h, RS1, size, false, &p);
	if (r != ACC_OK)
		FAIL(r);
	RD = amo_lr(h, RS1, p, size);
	NEXT;
}
L_SC_W: L_SC_D: {
	unsigned size = amo_size(ip->op);
	void *p;
	r = mem_atomic_ptr(h, RS1, size, true, &p);
	if (r != ACC_OK)
		FAIL(r);
	RD = amo_sc(h, RS1, p, size, RS2);
	if (unlikely(h->code_dirty))
		goto code_changed;
	NEXT;
}
L_AMOSWAP_W: L_AMOADD_W: L_AMOXOR_W: L_AMOAND_W: L_AMOOR_W:
L_AMOMIN_W: L_AMOMAX_W: L_AMOMINU_W: L_AMOMAXU_W:
L_AMOSWAP_D: L_AMOADD_D: L_AMOXOR_D: L_AMOAND_D: L_AMOOR_D:
L_AMOMIN_D: L_AMOMAX_D: L_AMOMINU_D: L_AMOMAXU_D: {
	void *p;
	r = mem_atomic_ptr(h, RS1, amo_size(ip->op), true, &p);
	if (r != ACC_OK)
		FAIL(r);
	RD = amo_rmw(ip->op, p, RS2);
	if (unlikely(h->code_dirty))
		goto code_changed;
	NEXT;
}

/* F and D (chapters 11-12).  mstatus.FS == Off makes every FP instruction
 * illegal; rounding mode 7 is frm, and an invalid frm is illegal. */
/* With V=1, vsstatus.FS must be on as well, and both become dirty. */
#define FP_ON()                                                                   \
	do {                                                                      \
		if (unlikely(!(h->mstatus & MSTATUS_FS) ||                        \
			     (h->virt && !(h->vsstatus & MSTATUS_FS))))           \
			goto illegal;                                             \
	} while (0)
#define FP_RM(rm)                                                                 \
	unsigned rm = (unsigned)ip->imm;                                          \
	if (rm == 7) {                                                            \
		rm = h->frm;                                                      \
		if (unlikely(rm > 4))                                             \
			goto illegal;                                             \
	}
#define FP_DIRTY() (h->mstatus |= MSTATUS_FS, h->vsstatus |= h->virt ? MSTATUS_FS : 0)
#define FS1 unbox_s(f[ip->rs1])
#define FS2 unbox_s(f[ip->rs2])
#define FS3 unbox_s(f[ip->rs3])
#define FD1 f[ip->rs1]
#define FD2 f[ip->rs2]
#define FD3 f[ip->rs3]
#define FFL (&h->fflags)
#define FOP_RM(expr) do { FP_ON(); FP_RM(rm); expr; FP_DIRTY(); NEXT; } while (0)
#define FOP(expr)    do { FP_ON(); expr; FP_DIRTY(); NEXT; } while (0)

L_FLW: FP_ON(); LOAD(uint32_t, (f[ip->rd] = box_s(t), FP_DIRTY()));
L_FLD: FP_ON(); LOAD(uint64_t, (f[ip->rd] = t, FP_DIRTY()));
L_FSW: FP_ON(); STORE(uint32_t, f[ip->rs2]);
L_FSD: FP_ON(); STORE(uint64_t, f[ip->rs2]);

L_FMADD_S:  FOP_RM(f[ip->rd] = box_s(fpu_madd_s(FS1, FS2, FS3, rm, FFL)));
L_FMSUB_S:  FOP_RM(f[ip->rd] = box_s(fpu_msub_s(FS1, FS2, FS3, rm, FFL)));
L_FNMSUB_S: FOP_RM(f[ip->rd] = box_s(fpu_nmsub_s(FS1, FS2, FS3, rm, FFL)));
L_FNMADD_S: FOP_RM(f[ip->rd] = box_s(fpu_nmadd_s(FS1, FS2, FS3, rm, FFL)));
L_FMADD_D:  FOP_RM(f[ip->rd] = fpu_madd_d(FD1, FD2, FD3, rm, FFL));
L_FMSUB_D:  FOP_RM(f[ip->rd] = fpu_msub_d(FD1, FD2, FD3, rm, FFL));
L_FNMSUB_D: FOP_RM(f[ip->rd] = fpu_nmsub_d(FD1, FD2, FD3, rm, FFL));
L_FNMADD_D: FOP_RM(f[ip->rd] = fpu_nmadd_d(FD1, FD2, FD3, rm, FFL));

L_FADD_S:  FOP_RM(f[ip->rd] = box_s(fpu_add_s(FS1, FS2, rm, FFL)));
L_FSUB_S:  FOP_RM(f[ip->rd] = box_s(fpu_sub_s(FS1, FS2, rm, FFL)));
L_FMUL_S:  FOP_RM(f[ip->rd] = box_s(fpu_mul_s(FS1, FS2, rm, FFL)));
L_FDIV_S:  FOP_RM(f[ip->rd] = box_s(fpu_div_s(FS1, FS2, rm, FFL)));
L_FSQRT_S: FOP_RM(f[ip->rd] = box_s(fpu_sqrt_s(FS1, rm, FFL)));
L_FSGNJ_S:  FOP(f[ip->rd] = box_s((FS1 & ~F_SIGN32) | (FS2 & F_SIGN32)));
L_FSGNJN_S: FOP(f[ip->rd] = box_s((FS1 & ~F_SIGN32) | (~FS2 & F_SIGN32)));
L_FSGNJX_S: FOP(f[ip->rd] = box_s(FS1 ^ (FS2 & F_SIGN32)));
L_FMIN_S:   FOP(f[ip->rd] = box_s(fpu_min_s(FS1, FS2, FFL)));
L_FMAX_S:   FOP(f[ip->rd] = box_s(fpu_max_s(FS1, FS2, FFL)));
L_FCVT_W_S:  FOP_RM(RD = fpu_cvt_w_s(FS1, rm, FFL));
L_FCVT_WU_S: FOP_RM(RD = fpu_cvt_wu_s(FS1, rm, FFL));
L_FCVT_L_S:  FOP_RM(RD = fpu_cvt_l_s(FS1, rm, FFL));
L_FCVT_LU_S: FOP_RM(RD = fpu_cvt_lu_s(FS1, rm, FFL));
L_FMV_X_W:  FP_ON(); RD = sext32(f[ip->rs1]); NEXT;
L_FEQ_S:    FOP(RD = fpu_eq_s(FS1, FS2, FFL));
L_FLT_S:    FOP(RD = fpu_lt_s(FS1, FS2, FFL));
L_FLE_S:    FOP(RD = fpu_le_s(FS1, FS2, FFL));
L_FCLASS_S: FP_ON(); RD = fpu_class_s(FS1); NEXT;
L_FCVT_S_W:  FOP_RM(f[ip->rd] = box_s(fpu_cvt_s_w(RS1, rm, FFL)));
L_FCVT_S_WU: FOP_RM(f[ip->rd] = box_s(fpu_cvt_s_wu(RS1, rm, FFL)));
L_FCVT_S_L:  FOP_RM(f[ip->rd] = box_s(fpu_cvt_s_l(RS1, rm, FFL)));
L_FCVT_S_LU: FOP_RM(f[ip->rd] = box_s(fpu_cvt_s_lu(RS1, rm, FFL)));
L_FMV_W_X:  FOP(f[ip->rd] = box_s((uint32_t)RS1));

L_FADD_D:  FOP_RM(f[ip->rd] = fpu_add_d(FD1, FD2, rm, FFL));
L_FSUB_D:  FOP_RM(f[ip->rd] = fpu_sub_d(FD1, FD2, rm, FFL));
L_FMUL_D:  FOP_RM(f[ip->rd] = fpu_mul_d(FD1, FD2, rm, FFL));
L_FDIV_D:  FOP_RM(f[ip->rd] = fpu_div_d(FD1, FD2, rm, FFL));
L_FSQRT_D: FOP_RM(f[ip->rd] = fpu_sqrt_d(FD1, rm, FFL));
L_FSGNJ_D:  FOP(f[ip->rd] = (FD1 & ~F_SIGN64) | (FD2 & F_SIGN64));
L_FSGNJN_D: FOP(f[ip->rd] = (FD1 & ~F_SIGN64) | (~FD2 & F_SIGN64));
L_FSGNJX_D: FOP(f[ip->rd] = FD1 ^ (FD2 & F_SIGN64));
L_FMIN_D:   FOP(f[ip->rd] = fpu_min_d(FD1, FD2, FFL));
L_FMAX_D:   FOP(f[ip->rd] = fpu_max_d(FD1, FD2, FFL));
L_FCVT_S_D: FOP_RM(f[ip->rd] = box_s(fpu_cvt_s_d(FD1, rm, FFL)));
L_FCVT_D_S: FOP_RM((void)rm; f[ip->rd] = fpu_cvt_d_s(FS1, FFL));
L_FCVT_W_D:  FOP_RM(RD = fpu_cvt_w_d(FD1, rm, FFL));
L_FCVT_WU_D: FOP_RM(RD = fpu_cvt_wu_d(FD1, rm, FFL));
L_FCVT_L_D:  FOP_RM(RD = fpu_cvt_l_d(FD1, rm, FFL));
L_FCVT_LU_D: FOP_RM(RD = fpu_cvt_lu_d(FD1, rm, FFL));
L_FMV_X_D:  FP_ON(); RD = FD1; NEXT;
L_FEQ_D:    FOP(RD = fpu_eq_d(FD1, FD2, FFL));
L_FLT_D:    FOP(RD = fpu_lt_d(FD1, FD2, FFL));
L_FLE_D:    FOP(RD = fpu_le_d(FD1, FD2, FFL));
L_FCLASS_D: FP_ON(); RD = fpu_class_d(FD1); NEXT;
L_FCVT_D_W:  FOP_RM(f[ip->rd] = fpu_cvt_d_w(RS1, rm, FFL));
L_FCVT_D_WU: FOP_RM(f[ip->rd] = fpu_cvt_d_wu(RS1, rm, FFL));
L_FCVT_D_L:  FOP_RM(f[ip->rd] = fpu_cvt_d_l(RS1, rm, FFL));
L_FCVT_D_LU: FOP_RM(f[ip->rd] = fpu_cvt_d_lu(RS1, rm, FFL));
L_FMV_D_X:  FOP(f[ip->rd] = RS1);

/* Zfhmin and Zfh ("Zfh" chapter): halves NaN-boxed in the f registers;
 * the moves and FSH transfer the low 16 bits as they are. */
#define FH1 unbox_h(f[ip->rs1])
#define FH2 unbox_h(f[ip->rs2])
#define FH3 unbox_h(f[ip->rs3])
#define F_SIGN16 0x8000u
L_FLH: FP_ON(); LOAD(uint16_t, (f[ip->rd] = box_h(t), FP_DIRTY()));
L_FSH: FP_ON(); STORE(uint16_t, f[ip->rs2]);
L_FMV_X_H: FP_ON(); RD = (uint64_t)(int64_t)(int16_t)f[ip->rs1]; NEXT;
L_FMV_H_X: FOP(f[ip->rd] = box_h((uint16_t)RS1));
L_FCVT_S_H: FOP_RM((void)rm; f[ip->rd] = box_s(fpu_cvt_s_h(FH1, FFL)));
L_FCVT_H_S: FOP_RM(f[ip->rd] = box_h(fpu_cvt_h_s(FS1, rm, FFL)));
L_FCVT_D_H: FOP_RM((void)rm; f[ip->rd] = fpu_cvt_d_h(FH1, FFL));
L_FCVT_H_D: FOP_RM(f[ip->rd] = box_h(fpu_cvt_h_d(FD1, rm, FFL)));

L_FMADD_H:  FOP_RM(f[ip->rd] = box_h(fpu_madd_h(FH1, FH2, FH3, rm, FFL)));
L_FMSUB_H:  FOP_RM(f[ip->rd] = box_h(fpu_msub_h(FH1, FH2, FH3, rm, FFL)));
L_FNMSUB_H: FOP_RM(f[ip->rd] = box_h(fpu_nmsub_h(FH1, FH2, FH3, rm, FFL)));
L_FNMADD_H: FOP_RM(f[ip->rd] = box_h(fpu_nmadd_h(FH1, FH2, FH3, rm, FFL)));
L_FADD_H:  FOP_RM(f[ip->rd] = box_h(fpu_add_h(FH1, FH2, rm, FFL)));
L_FSUB_H:  FOP_RM(f[ip->rd] = box_h(fpu_sub_h(FH1, FH2, rm, FFL)));
L_FMUL_H:  FOP_RM(f[ip->rd] = box_h(fpu_mul_h(FH1, FH2, rm, FFL)));
L_FDIV_H:  FOP_RM(f[ip->rd] = box_h(fpu_div_h(FH1, FH2, rm, FFL)));
L_FSQRT_H: FOP_RM(f[ip->rd] = box_h(fpu_sqrt_h(FH1, rm, FFL)));
L_FSGNJ_H:  FOP(f[ip->rd] = box_h((uint16_t)((FH1 & ~F_SIGN16) | (FH2 & F_SIGN16))));
L_FSGNJN_H: FOP(f[ip->rd] = box_h((uint16_t)((FH1 & ~F_SIGN16) | (~FH2 & F_SIGN16))));
L_FSGNJX_H: FOP(f[ip->rd] = box_h((uint16_t)(FH1 ^ (FH2 & F_SIGN16))));
L_FMIN_H:   FOP(f[ip->rd] = box_h(fpu_min_h(FH1, FH2, FFL)));
L_FMAX_H:   FOP(f[ip->rd] = box_h(fpu_max_h(FH1, FH2, FFL)));
L_FEQ_H:    FOP(RD = fpu_eq_h(FH1, FH2, FFL));
L_FLT_H:    FOP(RD = fpu_lt_h(FH1, FH2, FFL));
L_FLE_H:    FOP(RD = fpu_le_h(FH1, FH2, FFL));
L_FCLASS_H: FP_ON(); RD = fpu_class_h(FH1); NEXT;
L_FCVT_W_H:  FOP_RM(RD = fpu_cvt_w_h(FH1, rm, FFL));
L_FCVT_WU_H: FOP_RM(RD = fpu_cvt_wu_h(FH1, rm, FFL));
L_FCVT_L_H:  FOP_RM(RD = fpu_cvt_l_h(FH1, rm, FFL));
L_FCVT_LU_H: FOP_RM(RD = fpu_cvt_lu_h(FH1, rm, FFL));
L_FCVT_H_W:  FOP_RM(f[ip->rd] = box_h(fpu_cvt_h_w(RS1, rm, FFL)));
L_FCVT_H_WU: FOP_RM(f[ip->rd] = box_h(fpu_cvt_h_wu(RS1, rm, FFL)));
L_FCVT_H_L:  FOP_RM(f[ip->rd] = box_h(fpu_cvt_h_l(RS1, rm, FFL)));
L_FCVT_H_LU: FOP_RM(f[ip->rd] = box_h(fpu_cvt_h_lu(RS1, rm, FFL)));

/* Zfa ("Zfa" chapter): FLI's index is the rs1 field; FCVTMOD.W.D decodes
 * only with rm = RTZ. */
L_FLI_S: FOP(f[ip->rd] = box_s(fpu_fli_s(ip->rs1)));
L_FLI_D: FOP(f[ip->rd] = fpu_fli_d(ip->rs1));
L_FLI_H: FOP(f[ip->rd] = box_h(fpu_fli_h(ip->rs1)));
L_FMINM_S: FOP(f[ip->rd] = box_s(fpu_minm_s(FS1, FS2, FFL)));
L_FMAXM_S: FOP(f[ip->rd] = box_s(fpu_maxm_s(FS1, FS2, FFL)));
L_FMINM_D: FOP(f[ip->rd] = fpu_minm_d(FD1, FD2, FFL));
L_FMAXM_D: FOP(f[ip->rd] = fpu_maxm_d(FD1, FD2, FFL));
L_FMINM_H: FOP(f[ip->rd] = box_h(fpu_minm_h(FH1, FH2, FFL)));
L_FMAXM_H: FOP(f[ip->rd] = box_h(fpu_maxm_h(FH1, FH2, FFL)));
L_FROUND_S:   FOP_RM(f[ip->rd] = box_s(fpu_round_s(FS1, rm, false, FFL)));
L_FROUNDNX_S: FOP_RM(f[ip->rd] = box_s(fpu_round_s(FS1, rm, true, FFL)));
L_FROUND_D:   FOP_RM(f[ip->rd] = fpu_round_d(FD1, rm, false, FFL));
L_FROUNDNX_D: FOP_RM(f[ip->rd] = fpu_round_d(FD1, rm, true, FFL));
L_FROUND_H:   FOP_RM(f[ip->rd] = box_h(fpu_round_h(FH1, rm, false, FFL)));
L_FROUNDNX_H: FOP_RM(f[ip->rd] = box_h(fpu_round_h(FH1, rm, true, FFL)));
L_FCVTMOD_W_D: FOP(RD = fpu_cvtmod_w_d(FD1, FFL));
L_FLEQ_S: FOP(RD = fpu_leq_s(FS1, FS2, FFL));
L_FLTQ_S: FOP(RD = fpu_ltq_s(FS1, FS2, FFL));
L_FLEQ_D: FOP(RD = fpu_leq_d(FD1, FD2, FFL));
L_FLTQ_D: FOP(RD = fpu_ltq_d(FD1, FD2, FFL));
L_FLEQ_H: FOP(RD = fpu_leq_h(FH1, FH2, FFL));
L_FLTQ_H: FOP(RD = fpu_ltq_h(FH1, FH2, FFL));

/* V (vector.c): the unit runs the instruction whole; a fault leaves
 * vstart at the element that trapped.  A vector store to decoded code ends
 * the block as a scalar one does. */
L_VSETVLI: L_VSETIVLI: L_VSETVL: L_VLOAD: L_VSTORE: L_VARITH:
	switch (vec_exec(h, ip)) {
	case VEC_OK:
		if (unlikely(h->code_dirty))
			goto code_changed;
		NEXT;
	case VEC_ILLEGAL:
		goto illegal;
	default:
		goto trap;
	}

/* System (2.8, privileged 3.3, 4.2.1). */
L_FENCE:
	if (fence_needs_host_barrier(ip->raw))
		__atomic_thread_fence(__ATOMIC_SEQ_CST);
	else
		__atomic_signal_fence(__ATOMIC_SEQ_CST);  /* the compiler keeps the order */
	NEXT;
L_FENCE_I:
	hart_fence_i(h);
	h->pc = PC + LEN;
	goto retired_jump;
L_ECALL:
	hart_set_trap(h, h->priv == PRV_U ? EXC_ECALL_U : h->priv == PRV_M ? EXC_ECALL_M :
			 h->virt ? EXC_ECALL_VS : EXC_ECALL_S, 0);
	goto trap;
L_EBREAK:
	hart_set_trap(h, EXC_BREAKPOINT, PC);
	goto trap;
L_MRET:
	if (h->priv != PRV_M)
		goto illegal;
	h->retired += ip - counted + 1;
	hart_mret(h);
	return HART_EV_BUDGET;
L_SRET:
	/* TSR traps HS's SRET, VTSR VS's; VU's is a virtual instruction. */
	if (h->virt && (h->priv == PRV_U || (h->hstatus & HSTATUS_VTSR)))
		goto virtual_insn;
	if (h->priv == PRV_U || (h->priv == PRV_S && !h->virt && (h->mstatus & MSTATUS_TSR)))
		goto illegal;
	h->retired += ip - counted + 1;
	hart_sret(h);
	return HART_EV_BUDGET;
L_WFI:
	/* TW (and for VS, VTW): an implementation may raise the exception at
	 * once (3.1.6.5); TW wins, and VU's WFI is a virtual instruction. */
	if (h->priv < PRV_M && (h->mstatus & MSTATUS_TW))
		goto illegal;
	if (h->virt && (h->priv == PRV_U || (h->hstatus & HSTATUS_VTW)))
		goto virtual_insn;
	if (h->priv == PRV_U)
		goto illegal;
	h->pc = PC + LEN;
	h->retired += ip - counted + 1;
	return hart_wfi_should_wake(h) ? HART_EV_BUDGET : HART_EV_WFI;
L_SFENCE_VMA:
	/* With V=1 it fences the VS-stage (the virtualized contexts). */
	if (h->virt) {
		if (h->priv == PRV_U || (h->hstatus & HSTATUS_VTVM))
			goto virtual_insn;
		fence_vma(h, ip, RS1, RS2, h->vsatp, TLBCTX_FIRST_V, TLBCTX_NUM);
	} else {
		if (h->priv == PRV_U || (h->priv == PRV_S && (h->mstatus & MSTATUS_TVM)))
			goto illegal;
		fence_vma(h, ip, RS1, RS2, h->satp, 0, TLBCTX_FIRST_V);
	}
	h->pc = PC + LEN;
	goto retired_jump;

/* Svinval's SFENCE.W.INVAL and SFENCE.INVAL.IR only order SINVAL.VMA,
 * which fences at once: a memory fence.  Illegal in U, a virtual
 * instruction in VU; TVM and VTVM do not apply. */
L_SFENCE_INVAL:
	if (h->priv == PRV_U)
		goto *(h->virt ? &&virtual_insn : &&illegal);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	NEXT;

/* Zawrs: WRS.NTO / WRS.STO may complete at any time, here at once (the
 * block ends, so the run loop sees interrupts and requests).  Below M,
 * mstatus.TW makes WRS.NTO illegal and, when TW is clear, hstatus.VTW a
 * virtual instruction in VS/VU: the bounded time limit is zero, as for
 * WFI.  WRS.STO never traps; U-mode may use both. */
L_WRS_NTO:
	if (h->priv < PRV_M && (h->mstatus & MSTATUS_TW))
		goto illegal;
	if (h->virt && (h->hstatus & HSTATUS_VTW))
		goto virtual_insn;
	/* fall through */
L_WRS_STO:
	h->pc = PC + LEN;
	goto retired_jump;

/* Zicbom / Zicboz: the enables, then the address translated and checked
 * as the CMO chapter says (mem_cbo).  Memory is coherent, so clean, flush
 * and inval have nothing more to do; cbo.zero zeroes the block. */
L_CBO_CLEAN: L_CBO_FLUSH: L_CBO_INVAL: L_CBO_ZERO: {
	int exc = cbo_enabled(h, ip->op == OP_CBO_ZERO ? MENVCFG_CBZE :
			      ip->op == OP_CBO_INVAL ? MENVCFG_CBIE : MENVCFG_CBCFE);
	if (exc == EXC_VIRTUAL_INSN)
		goto virtual_insn;
	if (exc)
		goto illegal;
	r = mem_cbo(h, RS1, ip->op == OP_CBO_ZERO);
	if (unlikely(r != ACC_OK))
		FAIL(r);
	if (unlikely(h->code_dirty))
		goto code_changed;
	NEXT;
}

/* H extension: HFENCE.VVMA fences guest virtual addresses, HFENCE.GVMA
 * guest physical ones (the TLB holds guest-virtual tags, so by GPA it
 * fences every virtualized context). */
L_HFENCE_VVMA: L_HFENCE_GVMA:
	if (h->virt)
		goto virtual_insn;
	if (h->priv == PRV_U || (ip->op == OP_HFENCE_GVMA && h->priv == PRV_S && (h->mstatus & MSTATUS_TVM)))
		goto illegal;
	if (ip->op == OP_HFENCE_VVMA)
		fence_vma(h, ip, RS1, RS2, h->vsatp, TLBCTX_FIRST_V, TLBCTX_NUM);
	else
		tlb_flush_ctx(h, TLBCTX_FIRST_V, TLBCTX_NUM);
	h->pc = PC + LEN;
	goto retired_jump;

/* HLV/HLVX/HSV: M and HS, and U with hstatus.HU; V=1 may not. */
#define HLSV_ALLOWED()                                                             \
	do {                                                                       \
		if (h->virt)                                                       \
			goto virtual_insn;                                         \
		if (h->priv == PRV_U && !(h->hstatus & HSTATUS_HU))                \
			goto illegal;                                              \
	} while (0)
#define HLV(size, hlvx, dst)                                                       \
	do {                                                                       \
		HLSV_ALLOWED();                                                    \
		r = mem_hlv(h, RS1, size, hlvx, &v);                               \
		if (unlikely(r != ACC_OK))                                         \
			FAIL(r);                                                   \
		RD = dst;                                                          \
		NEXT;                                                              \
	} while (0)
#define HSV(size)                                                                  \
	do {                                                                       \
		HLSV_ALLOWED();                                                    \
		r = mem_hsv(h, RS1, size, RS2);                                    \
		if (unlikely(r != ACC_OK))                                         \
			FAIL(r);                                                   \
		if (unlikely(h->code_dirty))                                       \
			goto code_changed;                                         \
		NEXT;                                                              \
	} while (0)
L_HLV_B:   HLV(1, false, (uint64_t)(int64_t)(int8_t)v);
L_HLV_BU:  HLV(1, false, (uint8_t)v);
L_HLV_H:   HLV(2, false, (uint64_t)(int64_t)(int16_t)v);
L_HLV_HU:  HLV(2, false, (uint16_t)v);
L_HLVX_HU: HLV(2, true, (uint16_t)v);
L_HLV_W:   HLV(4, false, sext32(v));
L_HLV_WU:  HLV(4, false, (uint32_t)v);
L_HLVX_WU: HLV(4, true, (uint32_t)v);
L_HLV_D:   HLV(8, false, v);
L_HSV_B:   HSV(1);
L_HSV_H:   HSV(2);
L_HSV_W:   HSV(4);
L_HSV_D:   HSV(8);

L_CSRRW: L_CSRRS: L_CSRRC: L_CSRRWI: L_CSRRSI: L_CSRRCI: {
	/* Counters read by this instruction see everything before it. */
	h->retired += ip - counted;
	counted = ip;
	unsigned csr;
	int exc = csr_insn(h, ip, &csr);
	if (exc == EXC_VIRTUAL_INSN)
		goto virtual_insn;
	if (exc)
		goto illegal;
	h->pc = PC + LEN;
	goto retired_jump;
}

/* Reading vl, vtype, vlenb, vstart, fflags, frm or fcsr (decode.c): the
 * same checks, and the block goes on. */
L_CSR_READ: {
	unsigned csr = (unsigned)ip->imm & 0xfff;
	int exc = csr_check(h, csr, false, &csr);
	if (exc == EXC_VIRTUAL_INSN)
		goto virtual_insn;
	if (exc)
		goto illegal;
	csr_read(h, csr, &RD);
	NEXT;
}

L_ILLEGAL:
illegal:
	hart_set_trap(h, EXC_ILLEGAL_INSN, ip->raw);
	goto trap;

virtual_insn:
	hart_set_trap(h, EXC_VIRTUAL_INSN, ip->raw);
	goto trap;

L_END:
	h->pc = PC;
	h->retired += ip - counted;
	return HART_EV_BUDGET;

code_changed:
	/* A store hit decoded code: leave the (now stale) block. */
	h->code_dirty = false;
	h->pc = PC + LEN;
	goto retired_jump;

retired_jump:
	h->retired += ip - counted + 1;
	return HART_EV_BUDGET;

/* Continue in block nb, which starts at h->pc. */
#define ENTER_BLOCK(nb)                                                            \
	do {                                                                       \
		h->chain_left--;                                                   \
		b = (struct block *)(nb);                                          \
		goto enter_block;                                                  \
	} while (0)

chain_direct:
	/* A direct target in the same page as this block: its physical address
	 * follows from the block's, so the successor cached in the instruction
	 * is valid if it starts there. */
	h->retired += ip - counted + 1;
	if (h->pc == base && likely(h->chain_left))
		ENTER_BLOCK(b);  /* a loop back to this block's start */
	if (likely(h->chain_left) && !((h->pc ^ base) >> PAGE_SHIFT)) {
		uint64_t pa = (b->pa & PAGE_MASK) | (h->pc & (PAGE_SIZE - 1));
		const struct block *nb = ip->next;
		if (!nb || nb->pa != pa) {
			nb = h->bcache[bcache_index(pa)];
			if (!nb || nb->pa != pa)
				goto chain_lookup;  /* down the slot's chain, or not decoded */
			ip->next = nb;
		}
		if (unlikely(nb->gen != h->code_gen))
			goto chain_lookup;  /* compared with memory there */
		ENTER_BLOCK(nb);
	}
	goto chain_lookup;

chain:
	h->retired += ip - counted + 1;
chain_lookup:
	/* Control flow with no side effects on interrupt or translation state:
	 * continue straight into the next block if it is already decoded and
	 * its page is in the fetch TLB. */
	if (likely(h->chain_left)) {
		const struct block *nb = chain_lookup(h, h->pc);
		if (nb)
			ENTER_BLOCK(nb);
	}
	return HART_EV_BUDGET;

trap:
	h->pc = PC;
	h->retired += ip - counted;
	/* htinst/mtinst: a load/store/atomic fault (not a pseudo-instruction
	 * already set for a page-table access) reports the instruction, with
	 * the fault's offset from the access address (atomics and HLV/HSV
	 * decode with imm 0). */
	if (h->trap_tinst == 0 && h->trap_cause < 32 && ((TINST_CAUSES >> h->trap_cause) & 1))
		h->trap_tinst = tinst_transform(ip, (unsigned)(h->trap_tval - (RS1 + (uint64_t)IMM)));
	hart_take_trap(h, h->trap_cause, h->trap_tval);
	return HART_EV_BUDGET;

mmio_exit:
	h->pc = PC;
	h->retired += ip - counted;
	return HART_EV_MMIO;
}

enum hart_event exec_block(struct hart *h, struct block *b)
{
	return exec_block_impl(h, b, NULL);
}

void exec_resolve(struct block *b)
{
	exec_block_impl(NULL, NULL, b);
}
