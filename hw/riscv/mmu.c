// SPDX-License-Identifier: MIT
/* Address translation (privileged spec 4.3-4.6: Sv39/Sv48/Sv57, with
 * Svpbmt and Svnapot), the software TLB, and the slow paths of memory
 * access: TLB refills, page-crossing accesses, MMIO, and stores to pages
 * holding decoded code. */
#include "hw/riscv/hart_internal.h"

#define PTE_V (1ULL << 0)
#define PTE_R (1ULL << 1)
#define PTE_W (1ULL << 2)
#define PTE_X (1ULL << 3)
#define PTE_U (1ULL << 4)
#define PTE_G (1ULL << 5)
#define PTE_A (1ULL << 6)
#define PTE_D (1ULL << 7)
#define PTE_PPN_SHIFT 10
#define PTE_PPN_MASK ((1ULL << 44) - 1)
#define PTE_RESERVED (0x7fULL << 54)  /* bits 60:54, reserved for future standard use */
#define PTE_PBMT (3ULL << 61)         /* Svpbmt: 0 PMA, 1 NC, 2 IO, 3 reserved */
#define PTE_N (1ULL << 63)            /* Svnapot */
/* Svnapot: the only NAPOT size defined, 64 KiB, is a level-0 leaf whose
 * ppn[3:0] is 1000; translation takes ppn[3:0] from vpn[0][3:0]. */
#define NAPOT_64K_MASK 0xfULL
#define NAPOT_64K_BITS 0x8ULL

#define PERM_R 1
#define PERM_W 2
#define PERM_X 4

static const uint8_t page_fault_cause[] = {
	[ACC_READ] = EXC_LOAD_PAGE_FAULT, [ACC_WRITE] = EXC_STORE_PAGE_FAULT, [ACC_FETCH] = EXC_INSN_PAGE_FAULT,
};
static const uint8_t access_fault_cause[] = {
	[ACC_READ] = EXC_LOAD_ACCESS, [ACC_WRITE] = EXC_STORE_ACCESS, [ACC_FETCH] = EXC_INSN_ACCESS,
};

/* The context whose sets start at tlb. */
static unsigned tlb_ctx(const struct hart *h, const struct tlb_entry *tlb)
{
	return (unsigned)((tlb - &h->tlb[0][0]) / TLB_ROW);
}

/* Set i of context c is about to become valid. */
static void tlb_note_fill(struct hart *h, unsigned c, unsigned i)
{
	unsigned n = h->tlb_nfill[c];
	if (n < TLB_FILL_LOG)
		h->tlb_fill_idx[c][n] = (uint16_t)i;
	if (n <= TLB_FILL_LOG)
		h->tlb_nfill[c] = n + 1;
}

static bool entry_valid(const struct tlb_entry *e)
{
	return e->tag_r != TLB_INVALID || e->tag_w != TLB_INVALID || e->tag_x != TLB_INVALID;
}

/* body, with i the index, for every entry of context c that may be
 * valid: the logged sets and the victim ring, or all of them. */
#define TLB_FOR_EACH(h, c, i, body)                                              \
	do {                                                                     \
		if ((h)->tlb_nfill[c] <= TLB_FILL_LOG) {                         \
			for (unsigned k_ = 0; k_ < (h)->tlb_nfill[c]; k_++) {    \
				unsigned i = (h)->tlb_fill_idx[c][k_];           \
				body;                                            \
			}                                                        \
			for (unsigned i = TLB_SIZE; i < TLB_ROW; i++) {          \
				body;                                            \
			}                                                        \
		} else {                                                         \
			for (unsigned i = 0; i < TLB_ROW; i++) {                 \
				body;                                            \
			}                                                        \
		}                                                                \
	} while (0)

void tlb_flush_ctx(struct hart *h, unsigned first, unsigned last)
{
	tlb_epoch_bump(h);
	for (unsigned c = first; c < last; c++) {
		if (!h->tlb_nfill[c])
			continue;  /* not filled since its last flush */
		if (h->tlb_nfill[c] <= TLB_FILL_LOG)
			TLB_FOR_EACH(h, c, i, memset(&h->tlb[c][i], 0xff, sizeof(h->tlb[c][i])));
		else
			memset(h->tlb[c], 0xff, sizeof(h->tlb[c]));
		h->tlb_nfill[c] = 0;
		h->tlb_super_lo[c] = ~0ULL;
		h->tlb_super_hi[c] = 0;
	}
}

void tlb_flush_all(struct hart *h)
{
	tlb_flush_ctx(h, 0, TLBCTX_NUM);
}

/* Every entry invalid, whatever the fill logs say (a new hart). */
void tlb_init(struct hart *h)
{
	for (unsigned c = 0; c < TLBCTX_NUM; c++)
		h->tlb_nfill[c] = TLB_FILL_LOG + 1;
	tlb_flush_all(h);
}

/* A change of ASID (satp or vsatp, same MODE) or an SFENCE.VMA by the
 * current ASID: entries of non-global mappings go, global ones stay (a
 * global mapping is the same in every address space, 4.3.1), so the
 * kernel's own pages survive a context switch.  Every non-global entry
 * left is one of the current ASID's, which lets a fence by another ASID
 * do nothing.  (The fill log keeps listing what it listed: the globals
 * stay valid.) */
void tlb_flush_nonglobal(struct hart *h, unsigned first, unsigned last)
{
	tlb_epoch_bump(h);
	for (unsigned c = first; c < last; c++) {
		if (!h->tlb_nfill[c])
			continue;  /* not filled since its last flush */
		TLB_FOR_EACH(h, c, i, if (!(h->tlb_attr[c][i] & TLB_ATTR_GLOBAL))
			memset(&h->tlb[c][i], 0xff, sizeof(h->tlb[c][i])));
	}
}

static uint64_t entry_vpn(const struct tlb_entry *e)
{
	return e->tag_r != TLB_INVALID ? e->tag_r : e->tag_w != TLB_INVALID ? e->tag_w : e->tag_x;
}

/* SFENCE.VMA / HFENCE.VVMA with an address: the page's entries, and
 * every entry that came from a superpage containing va (entries are per
 * 4 KiB page, and the fence must cover all the superpage's; each records
 * its level).  Linux fences user pages one by one while the kernel sits
 * in superpages, which this keeps. */
void tlb_flush_va(struct hart *h, uint64_t va, unsigned first, unsigned last)
{
	/* The JIT's page memos: none can hold a page of va's half (nor one
	 * from a superpage containing it, which lies in the same half)
	 * unless one was filled there since the last bump. */
	if (h->memo_half[va >> 63])
		tlb_epoch_bump(h);
	uint64_t vpn = va >> PAGE_SHIFT;
	unsigned idx = tlb_index(vpn);
	for (unsigned c = first; c < last; c++) {
		if (!h->tlb_nfill[c])
			continue;  /* not filled since its last flush */
		struct tlb_entry *e = &h->tlb[c][idx];
		if (e->tag_r == vpn || e->tag_w == vpn || e->tag_x == vpn)
			memset(e, 0xff, sizeof(*e));
		for (e = &h->tlb[c][TLB_SIZE]; e < &h->tlb[c][TLB_ROW]; e++)
			if (e->tag_r == vpn || e->tag_w == vpn || e->tag_x == vpn)
				memset(e, 0xff, sizeof(*e));
		if (vpn < h->tlb_super_lo[c] || vpn > h->tlb_super_hi[c])
			continue;
		TLB_FOR_EACH(h, c, i, {
			unsigned level = h->tlb_attr[c][i] & TLB_ATTR_LEVEL;
			if (level && !((entry_vpn(&h->tlb[c][i]) ^ vpn) >> (9 * level)))
				memset(&h->tlb[c][i], 0xff, sizeof(h->tlb[c][i]));
		});
	}
}

/* A refill is about to overwrite set entry e (of the context whose sets
 * start at tlb): a valid one goes to the context's victim ring. */
static void victim_push(struct hart *h, struct tlb_entry *tlb, const struct tlb_entry *e)
{
	if (!entry_valid(e))
		return;
	unsigned c = tlb_ctx(h, tlb);
	unsigned k = h->tlb_victim_next[c]++ % TLB_VICTIMS;
	tlb[TLB_SIZE + k] = *e;
	h->tlb_pa[c][TLB_SIZE + k] = h->tlb_pa[c][e - tlb];
	h->tlb_attr[c][TLB_SIZE + k] = h->tlb_attr[c][e - tlb];
}

/* A miss: if the victim ring holds vpn for access t, swap it into its
 * set (the set's entry goes where it was). */
static bool victim_swap(struct hart *h, struct tlb_entry *tlb, uint64_t vpn, enum access_type t)
{
	for (struct tlb_entry *v = &tlb[TLB_SIZE]; v < &tlb[TLB_ROW]; v++)
		if (tlb_tag(v, t) == vpn) {
			struct tlb_entry *e = &tlb[tlb_index(vpn)], tmp = *e;
			unsigned c = tlb_ctx(h, tlb);
			if (!entry_valid(e))
				tlb_note_fill(h, c, (unsigned)(e - tlb));
			*e = *v;
			*v = tmp;
			uint8_t *a = h->tlb_attr[c], at = a[e - tlb];
			a[e - tlb] = a[v - tlb];
			a[v - tlb] = at;
			uint64_t *p = h->tlb_pa[c], pt = p[e - tlb];
			p[e - tlb] = p[v - tlb];
			p[v - tlb] = pt;
			return true;
		}
	return false;
}

void tlb_drop_write_to_page(struct hart *h, uint64_t pa_page)
{
	tlb_epoch_bump(h);
	for (unsigned c = 0; c < TLBCTX_NUM; c++) {
		if (!h->tlb_nfill[c])
			continue;  /* not filled since its last flush */
		TLB_FOR_EACH(h, c, i, if (h->tlb_pa[c][i] == pa_page)
			h->tlb[c][i].tag_w = TLB_INVALID);
	}
}

/* The set of physical pages holding decoded code (open addressing). */
static unsigned codepage_slot(uint64_t pn)
{
	return (unsigned)((pn * 0x9e3779b97f4a7c15ULL) >> (64 - CODEPAGE_BITS));
}

bool codepage_test(const struct hart *h, uint64_t pa_page)
{
	uint64_t key = (pa_page >> PAGE_SHIFT) + 1;
	if (!h->ncodepages)
		return false;
	for (unsigned i = codepage_slot(key);; i = (i + 1) & (CODEPAGE_SIZE - 1)) {
		if (h->codepages[i] == key)
			return true;
		if (!h->codepages[i])
			return false;
	}
}

void codepage_add(struct hart *h, uint64_t pa_page)
{
	uint64_t key = (pa_page >> PAGE_SHIFT) + 1;
	if (codepage_test(h, pa_page))
		return;
	if (h->ncodepages >= CODEPAGE_SIZE / 2)
		hart_flush_code(h);
	unsigned i = codepage_slot(key);
	while (h->codepages[i])
		i = (i + 1) & (CODEPAGE_SIZE - 1);
	h->codepages[i] = key;
	h->ncodepages++;
	tlb_drop_write_to_page(h, pa_page);
}

/* Take pa_page out of the set: backward-shift deletion, which keeps
 * every later key of the probe run reachable from its home slot. */
void codepage_remove(struct hart *h, uint64_t pa_page)
{
	const unsigned mask = CODEPAGE_SIZE - 1;
	uint64_t key = (pa_page >> PAGE_SHIFT) + 1;
	unsigned i = codepage_slot(key);
	while (h->codepages[i] != key) {
		if (!h->codepages[i])
			return;
		i = (i + 1) & mask;
	}
	for (unsigned j = (i + 1) & mask; h->codepages[j]; j = (j + 1) & mask)
		if (((j - codepage_slot(h->codepages[j])) & mask) >= ((j - i) & mask)) {
			h->codepages[i] = h->codepages[j];  /* its home is at or before i */
			i = j;
		}
	h->codepages[i] = 0;
	h->ncodepages--;
}

/* This hart stored to a page holding decoded code (the kernel reusing a
 * freed page, a loader, self-modifying code).  Every block is compared
 * with memory before it next runs (a new generation, as FENCE.I starts),
 * so only blocks whose bytes changed are decoded again and the rest keep
 * their compiled code; the page leaves the set, so later stores to it
 * take the fast path once its TLB entries refill, until a block there is
 * found current again (hart.c block_get adds the page back).  The
 * running block ends (code_dirty). */
static void code_written(struct hart *h, uint64_t pa_page)
{
	codepage_remove(h, pa_page);
	hart_fence_i(h);
	h->code_dirty = true;
}

/* How one access is translated: its effective privilege, whether it goes
 * through both stages (V=1, MPRV with MPV, HLV/HSV), and the VS-stage SUM;
 * HLVX needs execute rather than read permission. */
struct xlate {
	unsigned priv;
	bool virt, sum, hlvx;
};

/* Pointer masking (Ssnpm/Smnpm/Smmpm, "Pointer Masking Extensions") of
 * an explicit access at priv/virt whose mode's PMM is ctl's (bits 33:32);
 * none where MXR is in effect.  The "ignore" transformation: the top
 * PMLEN bits (7 or 16) become the sign extension of the rest for a
 * virtual address, zeros for a physical one (M-mode, Bare translation).
 * A TLB context only ever holds translations of transformed addresses, so
 * the fast paths need no masking: an address that is not its own
 * transform (a tagged pointer) misses there and is transformed here, on
 * the slow path; the contexts are flushed when their PMM changes (csr.c). */
static uint64_t pm_apply(const struct hart *h, unsigned priv, bool virt, uint64_t ctl, uint64_t va)
{
	unsigned pmm = (unsigned)((ctl & ENVCFG_PMM) >> ENVCFG_PMM_SHIFT);
	if (pmm < 2 || (h->mstatus & MSTATUS_MXR) || (virt && (h->vsstatus & MSTATUS_MXR)))
		return va;
	unsigned len = pmm == 2 ? 7 : 16;
	bool bare = priv == PRV_M || ((virt ? h->vsatp : h->satp) >> SATP_MODE_SHIFT) == SATP_MODE_BARE;
	return bare ? (va << len) >> len : (uint64_t)((int64_t)(va << len) >> len);
}

/* Explicit loads and stores at the effective privilege (MPRV): M's PMM is
 * mseccfg's, S's menvcfg's, VS's henvcfg's, U's and VU's senvcfg's. */
static uint64_t pm_data(const struct hart *h, const struct xlate *x, uint64_t va)
{
	uint64_t ctl = x->priv == PRV_M ? h->mseccfg : x->priv == PRV_U ? h->senvcfg :
		       x->virt ? h->henvcfg : h->menvcfg;
	return pm_apply(h, x->priv, x->virt, ctl, va);
}

static struct xlate xlate_for(const struct hart *h, enum access_type t)
{
	if (t == ACC_FETCH)
		return (struct xlate){ .priv = h->priv, .virt = h->virt };
	bool v = data_virt(h);
	return (struct xlate){ .priv = data_priv(h), .virt = v,
			       .sum = ((v ? h->vsstatus : h->mstatus) & MSTATUS_SUM) != 0 };
}

static const uint8_t guest_page_fault_cause[] = {
	[ACC_READ] = EXC_LOAD_GUEST_PAGE_FAULT, [ACC_WRITE] = EXC_STORE_GUEST_PAGE_FAULT,
	[ACC_FETCH] = EXC_INSN_GUEST_PAGE_FAULT,
};

/* The pseudo-instructions htinst/mtinst report for a guest-page fault on
 * an implicit VS-stage page-table access (64-bit read, 64-bit write for an
 * A/D update). */
#define TINST_PTE_READ  0x00003000u
#define TINST_PTE_WRITE 0x00003020u

/* A write reached a page of ram: dirty logging (and the dirty ring). */
static inline void mark_dirty(struct hart *h, const struct bus_ram *ram, uint64_t pa)
{
	if (bus_ram_mark_dirty(ram, pa) && h->cfg.dirty_page &&
	    h->cfg.dirty_page(h->cfg.dirty_opaque, ram, pa)) {
		h->chain_left = 0;  /* no further chaining: back to the run loop */
		atomic_fetch_or(&h->requests, REQ_KICK);
	}
}

static enum acc_result fault(struct hart *h, unsigned cause, uint64_t va, bool virt)
{
	hart_set_trap(h, cause, va);
	h->trap_gva = virt;
	return ACC_TRAP;
}

/* The page-table entry at pte_pa as a host pointer, or NULL when it is not
 * in RAM or PMP denies the implicit S-level read (an access fault). */
static uint64_t *pte_ptr(struct hart *h, uint64_t pte_pa, const struct bus_ram **ram)
{
	*ram = bus_find_ram(h->bus, pte_pa, 8);
	if (!*ram || !pmp_check(h, pte_pa, 8, ACC_READ, PRV_S))
		return NULL;
	return (uint64_t *)((*ram)->host + (pte_pa - (*ram)->base));
}

/* Not valid, W without R, or reserved bits or encodings set (4.3.2 step
 * 3) in the PTE read at level i:
 *   - bits 60:54;
 *   - PBMT (Svpbmt) nonzero when pbmte is clear (menvcfg.PBMTE for the
 *     S-level and G-stage walks, henvcfg.PBMTE for the VS-stage: Svpbmt
 *     then behaves as not implemented), in a non-leaf PTE, or 3;
 *   - N (Svnapot) other than on a level-0 leaf with ppn[3:0] = 1000 (the
 *     64 KiB size; every other level and pattern is reserved, and so is N
 *     in a non-leaf PTE: at i > 0 by the level, at i = 0 a non-leaf PTE
 *     faults anyway). */
static bool pte_malformed(uint64_t pte, int i, bool pbmte)
{
	if (!(pte & PTE_V) || (!(pte & PTE_R) && (pte & PTE_W)) || (pte & PTE_RESERVED))
		return true;
	bool leaf = pte & (PTE_R | PTE_X);
	uint64_t pbmt = pte & PTE_PBMT;
	if (pbmt && (!pbmte || !leaf || pbmt == PTE_PBMT))
		return true;
	if ((pte & PTE_N) &&
	    (i != 0 || ((pte >> PTE_PPN_SHIFT) & NAPOT_64K_MASK) != NAPOT_64K_BITS))
		return true;
	return false;
}

/* The leaf's physical address for va, translated at level i: a superpage
 * keeps va's low 12 + 9i bits; a NAPOT PTE (level 0: pte_malformed allows
 * no other) takes ppn[3:0] from va's bits 15:12 (Svnapot: the PTE read
 * "returns" that copy of itself, so the result is the same 4 KiB page a
 * 64 KiB page would give). */
static uint64_t leaf_pa(uint64_t pte, int i, uint64_t va)
{
	uint64_t ppn = (pte >> PTE_PPN_SHIFT) & PTE_PPN_MASK;
	if (pte & PTE_N)
		ppn = (ppn & ~NAPOT_64K_MASK) | ((va >> PAGE_SHIFT) & NAPOT_64K_MASK);
	uint64_t off_mask = (1ULL << (12 + 9 * i)) - 1;
	return ((ppn << PAGE_SHIFT) & ~off_mask) | (va & off_mask);
}

/* Leaf permissions (4.3.1): R (or X with MXR), W, X as PERM_* bits. */
static int leaf_perms(uint64_t pte, bool mxr)
{
	int p = 0;
	if ((pte & PTE_R) || (mxr && (pte & PTE_X)))
		p |= PERM_R;
	if (pte & PTE_W)
		p |= PERM_W;
	if (pte & PTE_X)
		p |= PERM_X;
	return p;
}

static const int perm_needed[] = { [ACC_READ] = PERM_R, [ACC_WRITE] = PERM_W, [ACC_FETCH] = PERM_X };

/* G-stage translation of a guest physical address (Sv39x4/Sv48x4/Sv57x4:
 * a 16 KiB root indexed by two more bits, every leaf must have U set, only
 * HS's MXR applies, A/D per menvcfg.ADUE).  need is the permission asked;
 * a fault is reported with the cause of access type t, tval = the guest
 * virtual address, the GPA for htval/mtval2, and tinst. */
static enum acc_result gstage(struct hart *h, uint64_t gpa, uint64_t gva, enum access_type t, int need,
			      uint32_t tinst, uint64_t *pa, int *perms)
{
	unsigned mode = h->hgatp >> SATP_MODE_SHIFT;
	if (mode == SATP_MODE_BARE) {
		*pa = gpa;
		*perms = PERM_R | PERM_W | PERM_X;
		return ACC_OK;
	}
	unsigned levels = mode == SATP_MODE_SV39 ? 3 : mode == SATP_MODE_SV48 ? 4 : 5;
	if (gpa >> (12 + 9 * levels + 2))
		goto guest_page_fault;
	bool mxr = h->mstatus & MSTATUS_MXR;
	bool pbmte = h->menvcfg & MENVCFG_PBMTE;  /* menvcfg's governs the G-stage */
	uint64_t a = (h->hgatp & SATP_PPN_MASK) << PAGE_SHIFT;
	for (int i = levels - 1; i >= 0; i--) {
		uint64_t idx = (gpa >> (12 + 9 * i)) & ((unsigned)i == levels - 1 ? 0x7ff : 0x1ff);
		uint64_t pte_pa = a + idx * 8;
		const struct bus_ram *ram;
		uint64_t *ptep = pte_ptr(h, pte_pa, &ram);
		if (!ptep)
			return fault(h, access_fault_cause[t], gva, true);
		uint64_t pte = __atomic_load_n(ptep, __ATOMIC_RELAXED);
retry:
		if (pte_malformed(pte, i, pbmte))
			goto guest_page_fault;
		uint64_t ppn = (pte >> PTE_PPN_SHIFT) & PTE_PPN_MASK;
		if (!(pte & (PTE_R | PTE_X))) {
			if (i == 0)
				goto guest_page_fault;
			a = ppn << PAGE_SHIFT;
			continue;
		}
		if (!(pte & PTE_U))
			goto guest_page_fault;
		int p = leaf_perms(pte, mxr);
		if ((p & need) != need)
			goto guest_page_fault;
		if (i > 0 && (ppn & ((1ULL << (9 * i)) - 1)))
			goto guest_page_fault;
		uint64_t want = PTE_A | ((need & PERM_W) ? PTE_D : 0);
		if ((pte & want) != want) {
			if (!(h->menvcfg & MENVCFG_ADUE) || ram->readonly)
				goto guest_page_fault;
			if (!__atomic_compare_exchange_n(ptep, &pte, pte | want, false, __ATOMIC_SEQ_CST,
							 __ATOMIC_RELAXED))
				goto retry;
			mark_dirty(h, ram, pte_pa);
			pte |= want;
		}
		if (!(pte & PTE_D))
			p &= ~PERM_W;
		*pa = leaf_pa(pte, i, gpa);
		*perms = p;
		return ACC_OK;
	}
guest_page_fault:
	fault(h, guest_page_fault_cause[t], gva, true);
	h->trap_gpa = gpa;
	h->trap_tinst = tinst;
	return ACC_TRAP;
}

/* Page-table walk (4.3.2) of satp, or of vsatp with every page-table
 * access itself translated by the G-stage (x->virt).  On success *pa is
 * the (guest) physical address and *perms the access kinds a TLB entry may
 * allow for this page. */
static enum acc_result walk(struct hart *h, uint64_t va, enum access_type t, const struct xlate *x,
			    uint64_t *pa, int *perms, unsigned *attr)
{
	uint64_t atp = x->virt ? h->vsatp : h->satp;
	unsigned mode = atp >> SATP_MODE_SHIFT;
	unsigned levels = mode == SATP_MODE_SV39 ? 3 : mode == SATP_MODE_SV48 ? 4 : 5;
	unsigned vabits = 12 + 9 * levels;
	/* VS-stage: vsstatus.MXR, or HS's mstatus.MXR which covers both stages. */
	bool mxr = (h->mstatus & MSTATUS_MXR) || (x->virt && (h->vsstatus & MSTATUS_MXR));
	bool sum = t != ACC_FETCH && x->sum;
	uint64_t envcfg = x->virt ? h->henvcfg : h->menvcfg;
	bool menv_adue = envcfg & MENVCFG_ADUE;
	bool pbmte = envcfg & MENVCFG_PBMTE;  /* henvcfg's is zero while menvcfg's is */
	int need = x->hlvx ? PERM_X : perm_needed[t];

	/* Bits above the VA width must equal bit vabits-1. */
	if ((uint64_t)((int64_t)(va << (64 - vabits)) >> (64 - vabits)) != va)
		goto page_fault;

	uint64_t a = (atp & SATP_PPN_MASK) << PAGE_SHIFT;
	uint64_t g = 0;  /* G of a non-leaf PTE covers what lies below it */
	for (int i = levels - 1; i >= 0; i--) {
		uint64_t pte_pa = a + ((va >> (12 + 9 * i)) & 0x1ff) * 8;
		if (x->virt) {
			int gp;
			if (gstage(h, pte_pa, va, t, PERM_R, TINST_PTE_READ, &pte_pa, &gp) != ACC_OK)
				return ACC_TRAP;
		}
		const struct bus_ram *ram;
		uint64_t *ptep = pte_ptr(h, pte_pa, &ram);
		if (!ptep)
			goto access_fault;
		uint64_t pte = __atomic_load_n(ptep, __ATOMIC_RELAXED);
retry:
		if (pte_malformed(pte, i, pbmte))
			goto page_fault;
		uint64_t ppn = (pte >> PTE_PPN_SHIFT) & PTE_PPN_MASK;
		g |= pte & PTE_G;
		if (!(pte & (PTE_R | PTE_X))) {
			if (i == 0)
				goto page_fault;
			a = ppn << PAGE_SHIFT;
			continue;
		}
		/* Leaf: privilege and permission checks (4.3.1, 4.3.2 step 5). */
		bool user = pte & PTE_U;
		if (x->priv == PRV_U ? !user : (user && (t == ACC_FETCH || !sum)))
			goto page_fault;
		int p = leaf_perms(pte, mxr);
		if ((p & need) != need)
			goto page_fault;
		if (i > 0 && (ppn & ((1ULL << (9 * i)) - 1)))
			goto page_fault;  /* misaligned superpage */
		/* A/D (4.3.2 step 7; Svadu): update in hardware when ADUE is set
		 * (menvcfg's, or henvcfg's for the VS-stage), else fault so
		 * software does it.  The VS-stage update is a G-stage store. */
		uint64_t want = PTE_A | (t == ACC_WRITE ? PTE_D : 0);
		if ((pte & want) != want) {
			if (!menv_adue || ram->readonly)
				goto page_fault;
			if (x->virt) {
				uint64_t gpa_pte = a + ((va >> (12 + 9 * i)) & 0x1ff) * 8, dummy;
				int gp;
				if (gstage(h, gpa_pte, va, t, PERM_W, TINST_PTE_WRITE, &dummy, &gp) != ACC_OK)
					return ACC_TRAP;
			}
			if (!__atomic_compare_exchange_n(ptep, &pte, pte | want, false,
							 __ATOMIC_SEQ_CST, __ATOMIC_RELAXED))
				goto retry;
			mark_dirty(h, ram, pte_pa);
			pte |= want;
		}
		if (!(pte & PTE_D))
			p &= ~PERM_W;  /* a later store must come back to set D */
		*pa = leaf_pa(pte, i, va);
		*perms = p;
		/* Superpages only: a NAPOT range needs no wider fence, as each of
		 * its 4 KiB TLB entries comes from the PTE of its own page (never
		 * from a neighbour's, which Svnapot would allow), so a fence by
		 * the address of that page covers it. */
		*attr = (unsigned)i | (g ? TLB_ATTR_GLOBAL : 0);
		return ACC_OK;
	}
page_fault:
	return fault(h, page_fault_cause[t], va, x->virt);
access_fault:
	return fault(h, access_fault_cause[t], va, x->virt);
}

static enum acc_result translate(struct hart *h, uint64_t va, enum access_type t, const struct xlate *x,
				 uint64_t *pa, int *perms, unsigned *attr)
{
	*attr = 0;
	if (x->priv == PRV_M) {
		*pa = va;
		*perms = PERM_R | PERM_W | PERM_X;
		return ACC_OK;
	}
	uint64_t atp = x->virt ? h->vsatp : h->satp;
	enum acc_result r;
	if ((atp >> SATP_MODE_SHIFT) == SATP_MODE_BARE) {
		*pa = va;
		*perms = PERM_R | PERM_W | PERM_X;
		r = ACC_OK;
	} else {
		r = walk(h, va, t, x, pa, perms, attr);
	}
	if (r != ACC_OK || !x->virt)
		return r;
	int gp;
	r = gstage(h, *pa, va, t, x->hlvx ? PERM_X : perm_needed[t], 0, pa, &gp);
	*perms &= gp;
	return r;
}

enum acc_result mmu_translate(struct hart *h, uint64_t va, enum access_type t, uint64_t *pa)
{
	int perms;
	unsigned attr;
	struct xlate x = xlate_for(h, t);
	return translate(h, va, t, &x, pa, &perms, &attr);
}

static struct tlb_entry *tlb_for(struct hart *h, enum access_type t)
{
	return t == ACC_FETCH ? h->itlb : h->dtlb;
}

/* Translate va and, where the page is plain RAM uniformly allowed by PMP
 * and the access is an ordinary one (fill), cache it in the current
 * context's TLB. */
static enum acc_result translate_fill(struct hart *h, uint64_t va, enum access_type t, const struct xlate *x,
				      bool fill, uint64_t *pa)
{
	int perms;
	unsigned attr;
	enum acc_result r = translate(h, va, t, x, pa, &perms, &attr);
	if (r != ACC_OK || !fill)
		return r;
	uint64_t pa_page = *pa & PAGE_MASK;
	const struct bus_ram *ram = bus_find_ram(h->bus, pa_page, PAGE_SIZE);
	if (!ram)
		return ACC_OK;
	if (h->pmp_active || x->priv != PRV_M) {
		int pp = pmp_page_perms(h, pa_page, x->priv);
		if (pp < 0)
			return ACC_OK;  /* page split by PMP: every access checks */
		perms &= pp;
	}
	if (ram->readonly || codepage_test(h, pa_page))
		perms &= ~PERM_W;
	/* Dirty logging: cache a write translation only for a write, after
	 * marking the page. */
	if (unlikely(ram->dirty) && (perms & PERM_W)) {
		if (t == ACC_WRITE)
			mark_dirty(h, ram, pa_page);
		else
			perms &= ~PERM_W;
	}
	uint64_t vpn = va >> PAGE_SHIFT;
	struct tlb_entry *tlb = tlb_for(h, t), *e = &tlb[tlb_index(vpn)];
	if (!entry_valid(e))  /* a valid one is in the fill log already */
		tlb_note_fill(h, tlb_ctx(h, tlb), (unsigned)(e - tlb));
	else if (e->tag_r != vpn && e->tag_w != vpn && e->tag_x != vpn) {
		victim_push(h, tlb, e);
		memset(e, 0xff, sizeof(*e));
	}
	e->addend = (uintptr_t)(ram->host + (pa_page - ram->base)) - (va & PAGE_MASK);
	e->tag_r = (perms & PERM_R) ? vpn : TLB_INVALID;
	e->tag_w = (perms & PERM_W) ? vpn : TLB_INVALID;
	e->tag_x = (perms & PERM_X) ? vpn : TLB_INVALID;
	unsigned c = tlb_ctx(h, tlb);
	h->tlb_pa[c][e - tlb] = pa_page;
	h->tlb_attr[c][e - tlb] = (uint8_t)attr;
	if (attr & TLB_ATTR_LEVEL) {
		uint64_t span = (1ULL << (9 * (attr & TLB_ATTR_LEVEL))) - 1;
		if ((vpn & ~span) < h->tlb_super_lo[c])
			h->tlb_super_lo[c] = vpn & ~span;
		if ((vpn | span) > h->tlb_super_hi[c])
			h->tlb_super_hi[c] = vpn | span;
	}
	return ACC_OK;
}

/* One access that lies within a page. */
static enum acc_result access_page(struct hart *h, uint64_t va, unsigned size, enum access_type t,
				   uint64_t *val, const struct xlate *x, bool fill)
{
	uint64_t pa;
	enum acc_result r = translate_fill(h, va, t, x, fill, &pa);
	if (r != ACC_OK)
		return r;
	unsigned priv = x->priv;
	if ((h->pmp_active || priv != PRV_M) && !pmp_check(h, pa, size, t, priv))
		goto fault;

	const struct bus_ram *ram = bus_find_ram(h->bus, pa, size);
	if (ram && !(t == ACC_WRITE && ram->readonly)) {
		uint8_t *p = ram->host + (pa - ram->base);
		if (t == ACC_WRITE) {
			mark_dirty(h, ram, pa);
			memcpy(p, val, size);  /* little-endian host */
			if (codepage_test(h, pa & PAGE_MASK))
				code_written(h, pa & PAGE_MASK);
		} else {
			*val = 0;
			memcpy(val, p, size);
		}
		return ACC_OK;
	}

	/* Device (or read-only RAM written): naturally aligned accesses only
	 * (misaligned I/O may raise an access fault, unprivileged spec 2.6). */
	if (pa & (size - 1))
		goto fault;
	if (!ram) {
		const struct bus_mmio *m = bus_find_mmio(h->bus, pa);
		if (!m || pa + size - m->base > m->size)
			goto fault;
		if (m->ops) {
			bool ok;
			if (t == ACC_WRITE) {
				ok = m->ops->write && m->ops->write(m->opaque, pa - m->base, size, *val);
			} else {
				*val = 0;
				ok = m->ops->read && m->ops->read(m->opaque, pa - m->base, size, val);
			}
			return ok ? ACC_OK : fault(h, access_fault_cause[t], va, x->virt);
		}
	}
	/* Handled by the caller: exit, and consume the completion on re-execution. */
	if (h->mmio_done && h->mmio.addr == pa && h->mmio.size == size &&
	    h->mmio.is_write == (t == ACC_WRITE)) {
		h->mmio_done = false;
		if (t != ACC_WRITE) {
			uint64_t d = h->mmio.data;
			*val = size == 8 ? d : d & ((1ULL << (8 * size)) - 1);
		}
		return ACC_OK;
	}
	h->mmio_done = false;
	h->mmio = (struct hart_mmio){ .addr = pa, .size = size, .is_write = t == ACC_WRITE,
				      .data = t == ACC_WRITE ? *val : 0 };
	return ACC_EXIT;
fault:
	return fault(h, access_fault_cause[t], va, x->virt);
}

static enum acc_result load(struct hart *h, uint64_t va, unsigned size, uint64_t *val, const struct xlate *x,
			    bool fill)
{
	unsigned first = PAGE_SIZE - (va & (PAGE_SIZE - 1));
	if (first >= size)
		return access_page(h, va, size, ACC_READ, val, x, fill);
	/* Crosses a page: each part on its own (misaligned accesses complete). */
	uint64_t v = 0;
	enum acc_result r = ACC_OK;
	for (unsigned i = 0; i < size && r == ACC_OK; i++) {
		uint64_t b;
		r = access_page(h, va + i, 1, ACC_READ, &b, x, fill);
		v |= b << (8 * i);
	}
	*val = v;
	return r;
}

static enum acc_result store(struct hart *h, uint64_t va, unsigned size, uint64_t val, const struct xlate *x,
			     bool fill)
{
	unsigned first = PAGE_SIZE - (va & (PAGE_SIZE - 1));
	if (first >= size)
		return access_page(h, va, size, ACC_WRITE, &val, x, fill);
	/* Both pages must be writable before any byte is stored. */
	uint64_t pa1, pa2;
	enum acc_result r = translate_fill(h, va, ACC_WRITE, x, fill, &pa1);
	if (r == ACC_OK)
		r = translate_fill(h, va + first, ACC_WRITE, x, fill, &pa2);
	if (r != ACC_OK)
		return r;
	unsigned priv = x->priv;
	const struct bus_ram *r1 = bus_find_ram(h->bus, pa1, first);
	const struct bus_ram *r2 = bus_find_ram(h->bus, pa2, size - first);
	if (!r1 || !r2 || r1->readonly || r2->readonly ||
	    ((h->pmp_active || priv != PRV_M) &&
	     (!pmp_check(h, pa1, first, ACC_WRITE, priv) || !pmp_check(h, pa2, size - first, ACC_WRITE, priv))))
		return fault(h, EXC_STORE_ACCESS, va, x->virt);
	for (unsigned i = 0; i < size; i++) {
		uint64_t b = (val >> (8 * i)) & 0xff;
		r = access_page(h, va + i, 1, ACC_WRITE, &b, x, fill);
		if (r != ACC_OK)
			return r;
	}
	return ACC_OK;
}

/* The victim ring answers conflict misses, and tagged pointers once
 * transformed (the fast path missed only for the tag). */
void *mem_dtlb_host(struct hart *h, uint64_t va, unsigned size, bool write)
{
	if ((va & (PAGE_SIZE - 1)) + size > PAGE_SIZE)
		return NULL;
	uint64_t vpn = va >> PAGE_SHIFT;
	enum access_type t = write ? ACC_WRITE : ACC_READ;
	const struct tlb_entry *e = &h->dtlb[tlb_index(vpn)];
	if (tlb_tag(e, t) != vpn && !victim_swap(h, h->dtlb, vpn, t))
		return NULL;
	return (void *)(uintptr_t)(va + e->addend);
}

bool mem_dtlb_refill(struct hart *h, uint64_t va, unsigned size, bool write)
{
	enum access_type t = write ? ACC_WRITE : ACC_READ;
	struct xlate x = xlate_for(h, t);
	uint64_t vpn = va >> PAGE_SHIFT, pa;
	if ((va & (PAGE_SIZE - 1)) + size > PAGE_SIZE || pm_data(h, &x, va) != va)
		return false;
	if (!victim_swap(h, h->dtlb, vpn, t) && translate_fill(h, va, t, &x, true, &pa) != ACC_OK)
		return false;
	return tlb_tag(&h->dtlb[tlb_index(vpn)], t) == vpn;
}

enum acc_result mem_load_slow(struct hart *h, uint64_t va, unsigned size, uint64_t *val)
{
	struct xlate x = xlate_for(h, ACC_READ);
	uint64_t ma = pm_data(h, &x, va);
	void *p;
	if ((p = mem_dtlb_host(h, ma, size, false))) {
		*val = 0;
		memcpy(val, p, size);
		return ACC_OK;
	}
	return load(h, ma, size, val, &x, true);
}

enum acc_result mem_store_slow(struct hart *h, uint64_t va, unsigned size, uint64_t val)
{
	struct xlate x = xlate_for(h, ACC_WRITE);
	uint64_t ma = pm_data(h, &x, va);
	void *p;
	if ((p = mem_dtlb_host(h, ma, size, true))) {
		memcpy(p, &val, size);
		return ACC_OK;
	}
	return store(h, ma, size, val, &x, true);
}

/* HLV/HLVX/HSV (H extension): as though V=1 at privilege hstatus.SPVP,
 * with vsstatus.SUM/MXR; not cached in the TLB (the current context is
 * HS's or M's). */
static struct xlate xlate_hlv(const struct hart *h, bool hlvx)
{
	return (struct xlate){ .priv = (h->hstatus & HSTATUS_SPVP) ? PRV_S : PRV_U, .virt = true,
			       .sum = (h->vsstatus & MSTATUS_SUM) != 0, .hlvx = hlvx };
}

/* Ssnpm: HLV/HSV as though in VS are masked by henvcfg.PMM; as though in
 * VU by hstatus.HUPMM from U-mode, senvcfg.PMM from HS and M; HLVX never. */
static uint64_t pm_hlv(const struct hart *h, const struct xlate *x, uint64_t va)
{
	if (x->hlvx)
		return va;
	uint64_t ctl = x->priv == PRV_S ? h->henvcfg : h->priv != PRV_U ? h->senvcfg :
		       h->hstatus >> (HSTATUS_HUPMM_SHIFT - ENVCFG_PMM_SHIFT);
	return pm_apply(h, x->priv, true, ctl, va);
}

enum acc_result mem_hlv(struct hart *h, uint64_t va, unsigned size, bool hlvx, uint64_t *val)
{
	struct xlate x = xlate_hlv(h, hlvx);
	return load(h, pm_hlv(h, &x, va), size, val, &x, false);
}

enum acc_result mem_hsv(struct hart *h, uint64_t va, unsigned size, uint64_t val)
{
	struct xlate x = xlate_hlv(h, false);
	return store(h, pm_hlv(h, &x, va), size, val, &x, false);
}

/* Atomics: naturally aligned (else the misaligned exception), then the
 * host pointer of one access within a page, as for vector elements. */
enum acc_result mem_atomic_ptr(struct hart *h, uint64_t va, unsigned size, bool write, void **host)
{
	if (va & (size - 1)) {
		struct xlate x = xlate_for(h, write ? ACC_WRITE : ACC_READ);
		return fault(h, write ? EXC_STORE_MISALIGNED : EXC_LOAD_MISALIGNED,
			     pm_data(h, &x, va), x.virt);
	}
	return mem_vec_ptr(h, va, size, write, host);
}

/* Host pointer for size bytes at va within one page, in main memory only
 * (atomics and vector elements: I/O regions are an access fault), any
 * alignment (misaligned vector elements are allowed, V 1.0 7.3). */
enum acc_result mem_vec_ptr(struct hart *h, uint64_t va, unsigned size, bool write, void **host)
{
	enum access_type t = write ? ACC_WRITE : ACC_READ;
	if ((*host = mem_dtlb_host(h, va, size, write)))
		return ACC_OK;
	struct xlate x = xlate_for(h, t);
	uint64_t ma = pm_data(h, &x, va);
	if (ma != va && (*host = mem_dtlb_host(h, ma, size, write)))
		return ACC_OK;
	va = ma;
	uint64_t pa;
	enum acc_result r = translate_fill(h, va, t, &x, true, &pa);
	if (r != ACC_OK)
		return r;
	const struct bus_ram *ram = bus_find_ram(h->bus, pa, size);
	/* PMA: no AMOs or vector accesses on I/O here. */
	if (!ram || (write && ram->readonly) ||
	    ((h->pmp_active || x.priv != PRV_M) && !pmp_check(h, pa, size, t, x.priv)))
		return fault(h, write ? EXC_STORE_ACCESS : EXC_LOAD_ACCESS, va, x.virt);
	if (write && codepage_test(h, pa & PAGE_MASK))
		code_written(h, pa & PAGE_MASK);
	if (write)
		mark_dirty(h, ram, pa);
	*host = ram->host + (pa - ram->base);
	return ACC_OK;
}

/* Is the CBO_BLOCK-byte block of RAM at p all zero?  Guest RAM the host
 * has not backed yet reads as zero without being allocated, and Linux
 * clears each page it hands out with CBO.ZERO when the hart has Zicboz:
 * a block that is zero already is left as it is (no store, so nothing is
 * dirtied), so such pages are neither allocated by the host nor zeroed
 * twice (5% of a Linux boot's host time went to the host faulting in and
 * clearing pages under CBO.ZERO).  A store by another hart racing with
 * it is ordered after the zeroing, as if it had been done. */
static bool cbo_block_zero(const uint8_t *p)
{
	uint64_t any = 0;
	for (unsigned i = 0; i < CBO_BLOCK; i += 8) {
		uint64_t w;
		memcpy(&w, p + i, 8);
		any |= w;
	}
	return !any;
}

/* CMO instructions (unprivileged spec, "Cache-Block Operations", its
 * "Page-Fault, Guest-Page-Fault, and Access-Fault Exceptions"): va is rs1,
 * anywhere in the CBO_BLOCK-byte block (no misaligned exception), and the
 * faults report it as tval.  The block never crosses a page.
 *   cbo.zero: allowed where a store is (A and D set as a store sets them)
 *   and the block is main memory (the cbo.zero PMA: not I/O); it is
 *   zeroed.
 *   cbo.clean/flush/inval: allowed where a load or a store is (A checked,
 *   D not); no store can be allowed where no load is (W without R is
 *   reserved in PTEs and pmpcfg), so the check is a load's, and its
 *   faults are reported as the store faults the chapter asks for.  The
 *   block must exist (RAM or a device); nothing is done to it. */
enum acc_result mem_cbo(struct hart *h, uint64_t va, bool zero)
{
	enum access_type t = zero ? ACC_WRITE : ACC_READ;
	struct xlate x = xlate_for(h, t);
	va = pm_data(h, &x, va);
	/* A writable data-TLB hit (no code there, dirty logging done, PMP
	 * allowing the page): the 64 CBO.ZEROs of a page clear need no walk. */
	uint8_t *host;
	if (zero && (host = mem_dtlb_host(h, va & ~(uint64_t)(CBO_BLOCK - 1), CBO_BLOCK, true))) {
		if (!cbo_block_zero(host))
			memset(host, 0, CBO_BLOCK);
		return ACC_OK;
	}
	uint64_t pa;
	enum acc_result r = translate_fill(h, va, t, &x, true, &pa);
	if (r != ACC_OK) {
		switch (h->trap_cause) {
		case EXC_LOAD_PAGE_FAULT: h->trap_cause = EXC_STORE_PAGE_FAULT; break;
		case EXC_LOAD_GUEST_PAGE_FAULT: h->trap_cause = EXC_STORE_GUEST_PAGE_FAULT; break;
		case EXC_LOAD_ACCESS: h->trap_cause = EXC_STORE_ACCESS; break;
		}
		return r;
	}
	uint64_t blk = pa & ~(uint64_t)(CBO_BLOCK - 1);
	const struct bus_ram *ram = bus_find_ram(h->bus, blk, CBO_BLOCK);
	if ((h->pmp_active || x.priv != PRV_M) && !pmp_check(h, blk, CBO_BLOCK, t, x.priv))
		return fault(h, EXC_STORE_ACCESS, va, x.virt);
	if (!zero) {
		if (!ram && !bus_find_mmio(h->bus, blk))
			return fault(h, EXC_STORE_ACCESS, va, x.virt);
		return ACC_OK;
	}
	if (!ram || ram->readonly)
		return fault(h, EXC_STORE_ACCESS, va, x.virt);
	if (cbo_block_zero(ram->host + (blk - ram->base)))
		return ACC_OK;
	mark_dirty(h, ram, blk);
	memset(ram->host + (blk - ram->base), 0, CBO_BLOCK);
	if (codepage_test(h, blk & PAGE_MASK))
		code_written(h, blk & PAGE_MASK);
	return ACC_OK;
}

enum acc_result mem_fetch_page(struct hart *h, uint64_t va, const uint8_t **host, uint64_t *pa)
{
	uint64_t vpn = va >> PAGE_SHIFT;
	struct tlb_entry *e = &h->itlb[tlb_index(vpn)];
	if (e->tag_x != vpn && !victim_swap(h, h->itlb, vpn, ACC_FETCH)) {
		struct xlate x = xlate_for(h, ACC_FETCH);
		uint64_t p;
		enum acc_result r = translate_fill(h, va, ACC_FETCH, &x, true, &p);
		if (r != ACC_OK)
			return r;
		if (e->tag_x != vpn) {
			/* Not cacheable: not RAM, or PMP does not allow the whole page. */
			unsigned priv = h->priv;
			if (!bus_find_ram(h->bus, p, 2) ||
			    ((h->pmp_active || priv != PRV_M) && !pmp_check(h, p, 2, ACC_FETCH, priv)))
				return fault(h, EXC_INSN_ACCESS, va, x.virt);
			/* RAM but split by PMP: the caller decodes one instruction at a time. */
			const struct bus_ram *ram = bus_find_ram(h->bus, p, 2);
			*host = ram->host + ((p & PAGE_MASK) - ram->base);
			*pa = p & PAGE_MASK;
			return ACC_EXIT;
		}
	}
	*host = (const uint8_t *)(uintptr_t)((va & PAGE_MASK) + e->addend);
	*pa = h->itlb_pa[e - h->itlb];
	return ACC_OK;
}
