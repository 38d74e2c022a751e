/* SPDX-License-Identifier: MIT */
/* The hart's private state, shared by the files of hw/riscv/. */
#ifndef HW_RISCV_HART_INTERNAL_H
#define HW_RISCV_HART_INTERNAL_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "hw/riscv/csr.h"
#include "hw/riscv/hart.h"
#include "hw/riscv/vector_state.h"

#define likely(x)   __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)

#define PAGE_SHIFT 12
#define PAGE_SIZE  (1ULL << PAGE_SHIFT)
#define PAGE_MASK  (~(PAGE_SIZE - 1))

/* Software TLB: direct-mapped, one tag per access kind, so a hit is a
 * compare and an add (host = va + addend).  Entries always describe one
 * 4 KiB page of RAM; MMIO and partially-PMP-covered pages are never cached.
 * 4096 sets per context cover 16 MiB: a compressor's hash tables and
 * window (xz) fit, where with 256 a quarter of its time went to page
 * walks (perf); flushes and scans visit only the sets filled since the
 * last flush (tlb_fill_idx) and address fences scan for superpage
 * entries only within the span they cover. */
#ifndef TLB_BITS
#define TLB_BITS 12
#endif
#define TLB_SIZE (1u << TLB_BITS)
/* Each context's sets are followed by TLB_VICTIMS entries that refills
 * evicted (mmu.c): a conflict miss (a loop's buffer and table in the same
 * set) finds its page there instead of walking the tables again. */
#define TLB_VICTIMS 8
#define TLB_ROW (TLB_SIZE + TLB_VICTIMS)
#define TLB_INVALID (~0ULL)
/* An entry's attributes (hart.tlb_attr): its leaf's level (0 a 4 KiB
 * page, 1 a 2 MiB superpage...: an address fence in its range drops it)
 * and G (global: it survives a change of ASID, mmu.c tlb_flush_nonglobal). */
#define TLB_ATTR_LEVEL  7u
#define TLB_ATTR_GLOBAL 8u
/* 32 bytes, so that the JIT's inline test scales a set index by a shift;
 * the entry's physical page is beside it (hart.tlb_pa). */
struct tlb_entry {
	uint64_t tag_r, tag_w, tag_x; /* va >> 12, or TLB_INVALID */
	uintptr_t addend;
};

/* Translation contexts each own a TLB, so privilege changes and SUM
 * toggles (Linux flips SUM around every uaccess) need no flush.  The
 * virtualized contexts (V=1) hold guest-virtual to host translations
 * through both stages; they are flushed on vsatp/hgatp changes and by the
 * fences that name them, and the others by SFENCE.VMA/satp. */
enum tlb_ctx {
	TLBCTX_M, TLBCTX_S, TLBCTX_S_SUM, TLBCTX_U,
	TLBCTX_VS, TLBCTX_VS_SUM, TLBCTX_VU, TLBCTX_NUM
};
#define TLBCTX_FIRST_V TLBCTX_VS

/* Set index: the low TLB_BITS bits of the page number, direct-mapped.
 * Pages P and P+1 never share a set, which the one-compare hit test of a
 * page-crossing access relies on (exec.c; tests/hart/unit_tlb_index.c);
 * pages a multiple of TLB_SIZE pages apart (16 MiB) do, and take turns
 * through the victim ring.  A hash that also kept those apart (vpn *
 * 0x10101, when the TLB had 256 sets and 1 MiB strides collided) cost the
 * JIT's inline test three more instructions and a multiply's latency per
 * load and store (jit_x86_64.c tlb_offset computes the same). */
_Static_assert(TLB_BITS >= 8 && TLB_BITS <= 16, "tlb_offset masks with an imm32");
static inline unsigned tlb_index(uint64_t vpn)
{
	return (unsigned)vpn & (TLB_SIZE - 1);
}

enum access_type { ACC_READ, ACC_WRITE, ACC_FETCH };

_Static_assert(sizeof(struct tlb_entry) == 32, "the JIT scales set indexes by << 5");

/* The entry's tag for access t (TLB_INVALID where t is not allowed). */
static inline uint64_t tlb_tag(const struct tlb_entry *e, enum access_type t)
{
	return t == ACC_READ ? e->tag_r : t == ACC_WRITE ? e->tag_w : e->tag_x;
}

/* FENCE (unprivileged spec, "Memory Ordering Instructions"): does it need
 * a host barrier?  Compiled and interpreted code issue the guest's plain
 * accesses in program order, and x86-64's TSO reorders only a store with
 * a later load, so there a fence needs one only if it orders stores (W,
 * or O: device output) before loads (R, or I); FENCE.TSO (fm = 1000)
 * never does.  Device accesses leave the hart (MMIO exits) and are
 * ordered anyway.  Other hosts take a full barrier for every fence. */
static inline bool fence_needs_host_barrier(uint32_t raw)
{
#if defined(__x86_64__)
	unsigned fm = raw >> 28, pred = (raw >> 24) & 15, succ = (raw >> 20) & 15;
	return fm != 8 && (pred & 5) && (succ & 10);  /* pred O|W, succ I|R */
#else
	(void)raw;
	return true;
#endif
}

/* Result of a slow-path memory access. */
enum acc_result { ACC_OK = 0, ACC_TRAP, ACC_EXIT };

/* A decoded instruction (32 bytes).  rd == 32 is the sink for writes to x0; handler
 * is the interpreter's label for op, resolved once per block. */
struct insn {
	const void *handler;
	const struct block *next; /* taken-branch/JAL successor, if seen */
	uint16_t op;
	uint8_t rd, rs1, rs2, rs3;
	int16_t pcoff;    /* offset of this instruction from the block start (JAL_CONT: may be < 0) */
	int32_t imm;      /* immediate, CSR number, or FP rounding mode */
	uint32_t raw;     /* the instruction bits (16-bit forms zero-extended) */
};

#define BLOCK_MAX_INSNS 64
struct hart;
typedef uint32_t (*jit_fn)(struct hart *h);
struct block {
	uint64_t pa;      /* physical address of the first instruction */
	uint16_t n;       /* instructions, excluding the END sentinel */
	uint32_t gen;     /* code generation it was last known current in */
	jit_fn jit;       /* compiled code (jit.h), or NULL */
	uint32_t heat;    /* executions, until it is compiled */
	struct block *hnext; /* next in its bcache slot's chain */
	struct insn insns[]; /* n + 1 entries */
};

#define BCACHE_BITS 16
#define BCACHE_SIZE (1u << BCACHE_BITS)
#define ARENA_SIZE  (16u << 20)
#define CODEPAGE_BITS 12
#define CODEPAGE_SIZE (1u << CODEPAGE_BITS)

#define NUM_PMP 16

/* Sscofpmf counters mhpmcounter3..31 (pmu.c).  They are not touched per
 * instruction: ctr[n] is counter n's value when h->retired was `last`, and
 * the counters in `cur` (those counting in the mode the hart was in then)
 * count every instruction retired since.  pmu_sync() adds that delta at
 * each change of mode (hart_update_ctx), CSR access, WFI and at `next`,
 * the retired count at which a counting counter wraps, which the run loop
 * watches (it stops chaining blocks as `next` nears, so an overflow is
 * seen within a block).  hold: counters written by the instruction now
 * retiring, which it does not count (as minstret). */
struct hart_pmu {
	uint64_t ctr[32], event[32];   /* [3..31] */
	uint64_t last, next;
	uint32_t mode_mask[5];         /* counting in M, HS, U, VS, VU (pmu_mode()) */
	uint32_t any, cur, hold;
};

#define REQ_KICK  1u
#define REQ_TIMER 2u  /* mtimecmp changed: recompute MTIP */
#define REQ_SSIP  4u  /* set the software-writable mip.SSIP (ACLINT SSWI) */
#define REQ_VSSIP 8u  /* set hvip.VSSIP (a host_hs hypervisor's IPI) */
#define REQ_VMEXIT 16u /* host_hs: a trap to HS is recorded in vmexit */

struct hart {
	uint64_t x[33];      /* x[32]: sink for writes to x0 */
	uint64_t f[32];
	uint64_t pc;
	unsigned priv;       /* nominal privilege: U, S or M */
	bool virt;           /* V: S and U are VS and VU (H extension) */
	struct tlb_entry *itlb, *dtlb;  /* current fetch / data contexts */
	uint64_t *itlb_pa;              /* the fetch context's tlb_pa row */

	uint32_t fflags, frm;
	uint64_t mstatus;    /* SD is computed on read */
	uint64_t misa, medeleg, mideleg, mie, mip;
	uint64_t mtvec, mscratch, mepc, mcause, mtval;
	uint64_t mcounteren, mcountinhibit, menvcfg, mseccfg;
	uint64_t stvec, sscratch, sepc, scause, stval, satp, scounteren, senvcfg;
	uint64_t stimecmp, mtimecmp;

	/* H extension.  VS-level interrupt pending bits live in hvip (the
	 * software-writable ones) and mip (VSTIP from vstimecmp). */
	uint64_t hstatus, hedeleg, hideleg, hvip, hcounteren, hgeie;
	uint64_t htval, htinst, hgatp, htimedelta, henvcfg;
	uint64_t mtval2, mtinst;
	/* Smstateen: hstateen[n] holds only bits set in mstateen[n] (sstateen
	 * has no writable bit, so no field). */
	uint64_t mstateen[4], hstateen[4];
	uint64_t vsstatus, vstvec, vsscratch, vsepc, vscause, vstval, vsatp, vstimecmp;
	_Atomic uint64_t hgeip;  /* guest external interrupt lines 1..GEILEN */

	/* Counters: retired counts every instruction; the CSRs are offsets
	 * from it (frozen values while inhibited). */
	uint64_t retired;
	uint64_t instret_off, cycle_off;
	uint64_t instret_frozen, cycle_frozen;
	struct hart_pmu pmu;  /* mhpmcounter3..31 (pmu.c) */

	uint8_t pmpcfg[NUM_PMP];
	uint64_t pmpaddr[NUM_PMP];
	bool pmp_active;     /* any entry has A != OFF */
	/* Decoded regions [lo, hi) of the active entries, in priority order,
	 * recomputed on every PMP write (pmp.c). */
	uint64_t pmp_lo[NUM_PMP], pmp_hi[NUM_PMP];
	uint8_t pmp_idx[NUM_PMP];
	unsigned pmp_n;

	/* LR/SC reservation (address and value loaded; SC compares-and-swaps). */
	uint64_t resv_addr, resv_val;
	bool resv_valid;

	/* Pending trap from a slow path; gpa/tinst/gva feed htval/mtval2,
	 * htinst/mtinst and the GVA bits (H extension). */
	uint64_t trap_cause, trap_tval;
	uint64_t trap_gpa;
	uint32_t trap_tinst;
	bool trap_gva;

	struct hart_vmexit vmexit;  /* host_hs: the trap that stopped the hart */

	/* Caller-handled MMIO: the access in flight and its completion. */
	struct hart_mmio mmio;
	bool mmio_done;

	/* Lines driven by other threads (mip bits), and requests. */
	_Atomic uint64_t mip_lines;
	_Atomic unsigned requests;  /* REQ_* bits, set by any thread */
	uint64_t bus_gen;
	unsigned timer_countdown;
	unsigned chain_left;  /* blocks exec_block may chain before returning */
	int64_t loop_base;    /* a compiled loop's count at its start (jit_x86_64.c) */
	bool code_dirty;     /* a store hit cached code: end the block */

	uint32_t ext_off;    /* 1 << enum rv_ext: switched off */
	unsigned trace;      /* HART_TRACE_* */
	struct hart_config cfg;
	struct bus *bus;

	struct tlb_entry tlb[TLBCTX_NUM][TLB_ROW];
	/* Beside each entry (struct tlb_entry stays 32 bytes for the JIT's
	 * index scaling): the physical page it maps (code lookups, write-tag
	 * drops by page), and TLB_ATTR_*, the level of the leaf it came from
	 * and whether the mapping is global. */
	uint64_t tlb_pa[TLBCTX_NUM][TLB_ROW];
	uint8_t tlb_attr[TLBCTX_NUM][TLB_ROW];
	uint8_t tlb_victim_next[TLBCTX_NUM];
	/* Per context, the VPNs the superpages its entries came from span
	 * (lo > hi: none): an address fence outside needs no scan for them. */
	uint64_t tlb_super_lo[TLBCTX_NUM], tlb_super_hi[TLBCTX_NUM];
	/* Per context, the sets made valid since its last flush, while there
	 * are at most TLB_FILL_LOG (tlb_nfill counts on one past that: too
	 * many to list): a flush or scan of a lightly used context visits
	 * those and the victim ring, not all 4096 sets, and one with
	 * tlb_nfill 0 is empty (a hart uses three or four of the seven). */
#define TLB_FILL_LOG 64
	uint16_t tlb_fill_idx[TLBCTX_NUM][TLB_FILL_LOG];
	unsigned tlb_nfill[TLBCTX_NUM];
	struct hart_vec vec;  /* V (vector.h) */

	/* Decoded-block cache keyed by physical PC, blocks in an arena: each
	 * slot heads a chain (hnext), the block last found there first, as
	 * compiled code and chain_lookup look only at the head; a block stays
	 * findable until the arena is reset, so no collision decodes again. */
	struct block *bcache[BCACHE_SIZE];
	uint8_t *arena;
	size_t arena_used;
	uint64_t codepages[CODEPAGE_SIZE]; /* set of page numbers holding cached code, 0 = empty */
	unsigned ncodepages;
	/* FENCE.I does not drop decoded code: it starts a new generation, and a
	 * block from an older one is compared with memory before it runs again
	 * (re-decoded if the bytes changed).  The hart's own stores to code
	 * pages (codepages) start one too (mmu.c code_written). */
	uint32_t code_gen;
	uint8_t *jit_buf;    /* compiled blocks (jit_x86_64.c), reset with the arena: */
	uint8_t *jit_xbuf;   /* written through jit_buf, run through jit_xbuf (W^X) */
	size_t jit_used;
	size_t jit_dispatch_fill;  /* offset of the lookup routine that fills a branch cache */
	struct block *jit_block;  /* the block compiled code is in (chaining moves it) */
	/* Memo slots of compiled code (jit_x86_64.c): page memos of loads
	 * and stores (in loops, and everywhere in user code: a site's last
	 * page and its addend, so its hit test adds an addend loaded
	 * independently of the address, off the load's dependency chain) and
	 * branch caches of exits to other pages (the target and its compiled
	 * block, checked against the fetch TLB on each use).  Each compiled
	 * block's page memos follow a slot holding the tlb_epoch they were
	 * filled in (in .page), and are dropped at its entry when that is not
	 * the current one.  Reclaimed only with the code buffer (jit_reset). */
#define JIT_MEMOS (1u << 17)
	struct jit_memo { uint64_t page; uintptr_t addend; } jit_memo[JIT_MEMOS];
	unsigned jit_memo_used;
	/* What the memos depend on: a count of TLB flushes and write-tag
	 * drops (tlb_epoch_bump), above the fetch and data contexts in use
	 * (TLB_EPOCH_CTX: ctx << 3 | data ctx, hart_update_ctx), so a memo
	 * is used again after a trip to another context and back when no
	 * flush came between.  Never changes while compiled code runs on (a
	 * CSR write ends its block; the refills and helpers it calls do not
	 * flush). */
#define TLB_EPOCH_CTX 63u
	uint64_t tlb_epoch;
	/* A page memo filled since the last bump holds a page of the lower
	 * ([0]) or upper ([1]) half of the address space: a fence of one
	 * page (tlb_flush_va) bumps only if its half has one.  Linux fences
	 * user pages one by one while the kernel's loops mostly work on its
	 * own, upper, half. */
	uint8_t memo_half[2];
};

_Static_assert(TLBCTX_NUM <= 8, "a context fits tlb_epoch's three bits");

static inline void tlb_epoch_bump(struct hart *h)
{
	h->tlb_epoch += TLB_EPOCH_CTX + 1;
	h->memo_half[0] = h->memo_half[1] = 0;
}

static inline unsigned bcache_index(uint64_t pa)
{
	return (unsigned)((pa >> 1) ^ (pa >> (1 + BCACHE_BITS))) & (BCACHE_SIZE - 1);
}

/* hart.c */
/* The cached block at physical address pa, whose page's bytes are at page
 * (host), current in this code generation, or NULL: one further down its
 * slot's chain moves to the front; one from an older generation is
 * compared with memory (kept if unchanged, else dropped). */
struct block *bcache_lookup(struct hart *h, uint64_t pa, const uint8_t *page);
void hart_update_ctx(struct hart *h);
void hart_flush_code(struct hart *h);
/* FENCE.I: later fetches must see all earlier stores (from any hart or DMA). */
void hart_fence_i(struct hart *h);
void hart_timer_update(struct hart *h);
uint64_t hart_mip_read(struct hart *h);

/* trap.c: take the trap recorded by hart_set_trap() (or an interrupt). */
void hart_take_trap(struct hart *h, uint64_t cause, uint64_t tval);
bool hart_check_interrupts(struct hart *h);
void hart_mret(struct hart *h);
void hart_sret(struct hart *h);

/* csr.c: returns 0 on success or an exception cause (EXC_ILLEGAL_INSN). */
int csr_read(struct hart *h, unsigned csr, uint64_t *val);
int csr_write(struct hart *h, unsigned csr, uint64_t val);
/* The value CSRRS/CSRRC modify (differs from the read value for mip/sip). */
uint64_t csr_rmw_base(struct hart *h, unsigned csr, uint64_t read_value);
/* Is the access permitted for this op, privilege and V?  0, or the cause
 * (EXC_ILLEGAL_INSN / EXC_VIRTUAL_INSN).  *eff is the register actually
 * accessed: with V=1 the supervisor CSRs name their VS counterparts. */
int csr_check(struct hart *h, unsigned csr, bool write, unsigned *eff);
/* The CSRRW/S/C(I) instruction ip (13.1 of the unprivileged spec: no
 * write for CSRRS/C with rs1 = x0 or uimm 0, no read for CSRRW with
 * rd = x0): 0, with *eff the register accessed, or the exception with
 * nothing done.  The interpreter and compiled code both run it. */
int csr_insn(struct hart *h, const struct insn *ip, unsigned *eff);
bool csr_insn_writes(const struct insn *ip);
uint64_t csr_instret(struct hart *h);

/* pmu.c: the Sscofpmf counters (struct hart_pmu). */
void pmu_reset(struct hart *h);
void pmu_sync_slow(struct hart *h);
/* Account the instructions retired since the last sync (raising LCOFI on
 * an overflow) and follow the current mode: call after any change of
 * mode, and before the counters are looked at. */
static inline void pmu_sync(struct hart *h)
{
	if (unlikely(h->pmu.any))
		pmu_sync_slow(h);
}
/* Around a change of mcountinhibit or mhpmevent: begin syncs and returns
 * the counters enabled before; end follows the new configuration.  insn:
 * a CSR instruction wrote it, whose own retirement the counters it
 * starts do not count (hart_csr_set clears pmu.hold: no retirement). */
uint32_t pmu_begin_change(struct hart *h);
void pmu_end_change(struct hart *h, uint32_t was, bool insn);
uint64_t pmu_read_counter(struct hart *h, unsigned n);
void pmu_write_counter(struct hart *h, unsigned n, uint64_t v, bool insn);
void pmu_write_event(struct hart *h, unsigned n, uint64_t v, bool insn);
/* scountovf's bits as M-mode reads them (every OF). */
uint64_t pmu_overflow_bits(struct hart *h);

/* pmp.c */
bool pmp_check(struct hart *h, uint64_t pa, unsigned size, enum access_type t, unsigned priv);
/* Permission bits (1 R, 2 W, 4 X) valid for the whole page, or -1 if the
 * page is not uniformly covered. */
int pmp_page_perms(struct hart *h, uint64_t pa_page, unsigned priv);
void pmp_write_cfg(struct hart *h, unsigned reg, uint64_t val);
uint64_t pmp_read_cfg(const struct hart *h, unsigned reg);
void pmp_write_addr(struct hart *h, unsigned idx, uint64_t val);
/* Restoring saved values (no lock rules); false for an impossible value. */
bool pmp_load_cfg(struct hart *h, unsigned reg, uint64_t val);
bool pmp_load_addr(struct hart *h, unsigned idx, uint64_t val);

/* mmu.c */
void tlb_flush_all(struct hart *h);
void tlb_init(struct hart *h);
/* Flush contexts [first, last): the host ones (TLBCTX_M..U) or the
 * virtualized ones (TLBCTX_FIRST_V..). */
void tlb_flush_ctx(struct hart *h, unsigned first, unsigned last);
void tlb_flush_nonglobal(struct hart *h, unsigned first, unsigned last);
void tlb_flush_va(struct hart *h, uint64_t va, unsigned first, unsigned last);
void tlb_drop_write_to_page(struct hart *h, uint64_t pa_page);
enum acc_result mmu_translate(struct hart *h, uint64_t va, enum access_type t, uint64_t *pa);
enum acc_result mem_load_slow(struct hart *h, uint64_t va, unsigned size, uint64_t *val);
enum acc_result mem_store_slow(struct hart *h, uint64_t va, unsigned size, uint64_t val);
/* Host pointer for an aligned atomic access of size bytes (LR/SC/AMO). */
enum acc_result mem_atomic_ptr(struct hart *h, uint64_t va, unsigned size, bool write, void **host);
/* Fetch: host pointer and physical address of the page holding va. */
enum acc_result mem_fetch_page(struct hart *h, uint64_t va, const uint8_t **host, uint64_t *pa);
bool codepage_test(const struct hart *h, uint64_t pa_page);
/* HLV/HLVX/HSV: an access as though V=1 at hstatus.SPVP (never cached). */
enum acc_result mem_hlv(struct hart *h, uint64_t va, unsigned size, bool hlvx, uint64_t *val);
enum acc_result mem_hsv(struct hart *h, uint64_t va, unsigned size, uint64_t val);
void codepage_add(struct hart *h, uint64_t pa_page);
void codepage_remove(struct hart *h, uint64_t pa_page);
/* Zicbom/Zicboz: the checks of a CMO at va (rs1) and, for cbo.zero, the
 * zeroing of its CBO_BLOCK-byte block (the riscv,cbo*-block-size the
 * device tree gives). */
#define CBO_BLOCK HART_CBO_BLOCK
enum acc_result mem_cbo(struct hart *h, uint64_t va, bool zero);
/* Vector loads and stores (and, after their alignment check, atomics):
 * host pointer for size bytes at va, which lie within one page; main
 * memory only (an I/O region is an access fault).  No alignment is
 * required. */
enum acc_result mem_vec_ptr(struct hart *h, uint64_t va, unsigned size, bool write, void **host);
/* The host address of size bytes at va within one page if the data TLB
 * (its victim ring included) holds the page for the access, else NULL. */
void *mem_dtlb_host(struct hart *h, uint64_t va, unsigned size, bool write);
/* For compiled code whose inline TLB test missed: bring va's page into
 * its data TLB set (from the victim ring, else by translating; a
 * translation's A/D updates are the access's own) and say whether the
 * inline test now hits.  False for anything the interpreter must do
 * (a fault, MMIO, a page-crossing or tagged access, a write to a page
 * holding code or being dirty-logged), which nothing here has changed. */
bool mem_dtlb_refill(struct hart *h, uint64_t va, unsigned size, bool write);

static inline bool hart_ext_on(const struct hart *h, unsigned ext)
{
	return !((h->ext_off >> ext) & 1);
}

/* isa_ext.c: may this hart run the instruction (its extension on)? */
bool hart_insn_allowed(const struct hart *h, uint32_t raw, unsigned op);

/* decode.c */
void decode_insn(uint32_t raw, struct insn *out);
bool insn_ends_block(unsigned op);
uint32_t tinst_transform(const struct insn *d, unsigned off);

/* exec.c */
enum hart_event exec_block(struct hart *h, struct block *b);
void exec_resolve(struct block *b);

/* The H-extension interrupts this hart has: VSSI, VSTI, VSEI, and SGEI
 * when GEILEN > 0. */
static inline uint64_t hart_h_irqs(const struct hart *h)
{
	return MIP_VS_MASK | (h->cfg.geilen ? MIP_SGEIP : 0);
}

/* Effective privilege and V of loads and stores (MPRV, 3.1.6.3; MPV). */
static inline unsigned data_priv(const struct hart *h)
{
	if ((h->mstatus & MSTATUS_MPRV) && h->priv == PRV_M)
		return (h->mstatus & MSTATUS_MPP) >> MSTATUS_MPP_SHIFT;
	return h->priv;
}

static inline bool data_virt(const struct hart *h)
{
	if ((h->mstatus & MSTATUS_MPRV) && h->priv == PRV_M)
		return (h->mstatus & MSTATUS_MPV) && (h->mstatus & MSTATUS_MPP) != MSTATUS_MPP;
	return h->virt;
}

/* Record an exception.  tval is a guest virtual address when it comes from
 * an access made with V=1 (the GVA bits); mmu.c adds the GPA and htinst
 * details of guest-page faults. */
static inline void hart_set_trap(struct hart *h, uint64_t cause, uint64_t tval)
{
	h->trap_cause = cause;
	h->trap_tval = tval;
	h->trap_gpa = 0;
	h->trap_tinst = 0;
	h->trap_gva = h->virt;
}

#endif
