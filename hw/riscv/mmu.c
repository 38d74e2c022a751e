// SPDX-License-Identifier: MIT
/* Address translation (privileged spec 4.3-4.6: Sv39/Sv48/Sv57), the
 * software TLB, and the slow paths of memory access: TLB refills, page-
 * crossing accesses, MMIO, and stores to pages holding decoded code. */
#include "hw/riscv/hart_internal.h"

#define PTE_V (1ULL << 0)
#define PTE_R (1ULL << 1)
#define PTE_W (1ULL << 2)
#define PTE_X (1ULL << 3)
#define PTE_U (1ULL << 4)
#define PTE_A (1ULL << 6)
#define PTE_D (1ULL << 7)
#define PTE_PPN_SHIFT 10
#define PTE_PPN_MASK ((1ULL << 44) - 1)
#define PTE_RESERVED (~0ULL << 54)  /* reserved, PBMT and N: no Svpbmt/Svnapot */

#define PERM_R 1
#define PERM_W 2
#define PERM_X 4

static const uint8_t page_fault_cause[] = {
	[ACC_READ] = EXC_LOAD_PAGE_FAULT, [ACC_WRITE] = EXC_STORE_PAGE_FAULT, [ACC_FETCH] = EXC_INSN_PAGE_FAULT,
};
static const uint8_t access_fault_cause[] = {
	[ACC_READ] = EXC_LOAD_ACCESS, [ACC_WRITE] = EXC_STORE_ACCESS, [ACC_FETCH] = EXC_INSN_ACCESS,
};

void tlb_flush_all(struct hart *h)
{
	memset(h->tlb, 0xff, sizeof(h->tlb));
	h->tlb_has_super = false;
}

/* SFENCE.VMA with an address: entries are per 4 KiB page, so if any came
 * from a superpage the whole TLB goes (the fence must cover all of it). */
void tlb_flush_va(struct hart *h, uint64_t va)
{
	if (h->tlb_has_super) {
		tlb_flush_all(h);
		return;
	}
	uint64_t vpn = va >> PAGE_SHIFT;
	unsigned idx = tlb_index(vpn);
	for (int c = 0; c < TLBCTX_NUM; c++) {
		struct tlb_entry *e = &h->tlb[c][idx];
		if (e->tag_r == vpn || e->tag_w == vpn || e->tag_x == vpn)
			memset(e, 0xff, sizeof(*e));
	}
}

void tlb_drop_write_to_page(struct hart *h, uint64_t pa_page)
{
	for (int c = 0; c < TLBCTX_NUM; c++)
		for (unsigned i = 0; i < TLB_SIZE; i++)
			if (h->tlb[c][i].pa_page == pa_page)
				h->tlb[c][i].tag_w = TLB_INVALID;
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

static unsigned access_priv(const struct hart *h, enum access_type t)
{
	return t == ACC_FETCH ? h->priv : data_priv(h);
}

static bool sum_for(const struct hart *h, enum access_type t)
{
	return t != ACC_FETCH && (h->mstatus & MSTATUS_SUM);
}

/* Page-table walk (4.3.2).  On success *pa is the physical address and
 * *perms the access kinds a TLB entry may allow for this page. */
static enum acc_result walk(struct hart *h, uint64_t va, enum access_type t, unsigned priv,
			    uint64_t *pa, int *perms, bool *super)
{
	unsigned mode = h->satp >> SATP_MODE_SHIFT;
	unsigned levels = mode == SATP_MODE_SV39 ? 3 : mode == SATP_MODE_SV48 ? 4 : 5;
	unsigned vabits = 12 + 9 * levels;
	bool mxr = h->mstatus & MSTATUS_MXR, sum = sum_for(h, t);

	/* Bits above the VA width must equal bit vabits-1. */
	if ((uint64_t)((int64_t)(va << (64 - vabits)) >> (64 - vabits)) != va)
		goto page_fault;

	uint64_t a = (h->satp & SATP_PPN_MASK) << PAGE_SHIFT;
	for (int i = levels - 1; i >= 0; i--) {
		uint64_t pte_pa = a + ((va >> (12 + 9 * i)) & 0x1ff) * 8;
		const struct bus_ram *ram = bus_find_ram(h->bus, pte_pa, 8);
		if (!ram || !pmp_check(h, pte_pa, 8, ACC_READ, PRV_S))
			goto access_fault;
		uint64_t *ptep = (uint64_t *)(ram->host + (pte_pa - ram->base));
		uint64_t pte = __atomic_load_n(ptep, __ATOMIC_RELAXED);
retry:
		if (!(pte & PTE_V) || (!(pte & PTE_R) && (pte & PTE_W)) || (pte & PTE_RESERVED))
			goto page_fault;
		uint64_t ppn = (pte >> PTE_PPN_SHIFT) & PTE_PPN_MASK;
		if (!(pte & (PTE_R | PTE_X))) {
			if (i == 0)
				goto page_fault;
			a = ppn << PAGE_SHIFT;
			continue;
		}
		/* Leaf: privilege and permission checks (4.3.1, 4.3.2 step 5). */
		bool user = pte & PTE_U;
		if (priv == PRV_U ? !user : (user && (t == ACC_FETCH || !sum)))
			goto page_fault;
		int p = 0;
		if ((pte & PTE_R) || (mxr && (pte & PTE_X)))
			p |= PERM_R;
		if (pte & PTE_W)
			p |= PERM_W;
		if (pte & PTE_X)
			p |= PERM_X;
		static const int need[] = { [ACC_READ] = PERM_R, [ACC_WRITE] = PERM_W, [ACC_FETCH] = PERM_X };
		if (!(p & need[t]))
			goto page_fault;
		if (i > 0 && (ppn & ((1ULL << (9 * i)) - 1)))
			goto page_fault;  /* misaligned superpage */
		/* A/D (4.3.2 step 7; Svadu): update in hardware when menvcfg.ADUE
		 * is set, else fault so software does it. */
		uint64_t want = PTE_A | (t == ACC_WRITE ? PTE_D : 0);
		if ((pte & want) != want) {
			if (!(h->menvcfg & MENVCFG_ADUE) || ram->readonly)
				goto page_fault;
			if (!__atomic_compare_exchange_n(ptep, &pte, pte | want, false,
							 __ATOMIC_SEQ_CST, __ATOMIC_RELAXED))
				goto retry;
			pte |= want;
		}
		if (!(pte & PTE_D))
			p &= ~PERM_W;  /* a later store must come back to set D */
		uint64_t off_mask = (1ULL << (12 + 9 * i)) - 1;
		*pa = ((ppn << PAGE_SHIFT) & ~off_mask) | (va & off_mask);
		*perms = p;
		*super = i > 0;
		return ACC_OK;
	}
page_fault:
	hart_set_trap(h, page_fault_cause[t], va);
	return ACC_TRAP;
access_fault:
	hart_set_trap(h, access_fault_cause[t], va);
	return ACC_TRAP;
}

static enum acc_result translate(struct hart *h, uint64_t va, enum access_type t, unsigned priv,
				 uint64_t *pa, int *perms, bool *super)
{
	if (priv == PRV_M || (h->satp >> SATP_MODE_SHIFT) == SATP_MODE_BARE) {
		*pa = va;
		*perms = PERM_R | PERM_W | PERM_X;
		*super = false;
		return ACC_OK;
	}
	return walk(h, va, t, priv, pa, perms, super);
}

enum acc_result mmu_translate(struct hart *h, uint64_t va, enum access_type t, uint64_t *pa)
{
	int perms;
	bool super;
	return translate(h, va, t, access_priv(h, t), pa, &perms, &super);
}

static struct tlb_entry *tlb_for(struct hart *h, enum access_type t)
{
	return t == ACC_FETCH ? h->itlb : h->dtlb;
}

/* Translate va and, where the page is plain RAM uniformly allowed by PMP,
 * cache it in the current context's TLB. */
static enum acc_result translate_fill(struct hart *h, uint64_t va, enum access_type t, uint64_t *pa)
{
	unsigned priv = access_priv(h, t);
	int perms;
	bool super;
	enum acc_result r = translate(h, va, t, priv, pa, &perms, &super);
	if (r != ACC_OK)
		return r;
	uint64_t pa_page = *pa & PAGE_MASK;
	const struct bus_ram *ram = bus_find_ram(h->bus, pa_page, PAGE_SIZE);
	if (!ram)
		return ACC_OK;
	if (h->pmp_active || priv != PRV_M) {
		int pp = pmp_page_perms(h, pa_page, priv);
		if (pp < 0)
			return ACC_OK;  /* page split by PMP: every access checks */
		perms &= pp;
	}
	if (ram->readonly || codepage_test(h, pa_page))
		perms &= ~PERM_W;
	uint64_t vpn = va >> PAGE_SHIFT;
	struct tlb_entry *e = &tlb_for(h, t)[tlb_index(vpn)];
	if (e->tag_r != vpn && e->tag_w != vpn && e->tag_x != vpn)
		memset(e, 0xff, sizeof(*e));
	e->addend = (uintptr_t)(ram->host + (pa_page - ram->base)) - (va & PAGE_MASK);
	e->pa_page = pa_page;
	e->tag_r = (perms & PERM_R) ? vpn : TLB_INVALID;
	e->tag_w = (perms & PERM_W) ? vpn : TLB_INVALID;
	e->tag_x = (perms & PERM_X) ? vpn : TLB_INVALID;
	h->tlb_has_super |= super;
	return ACC_OK;
}

/* One access that lies within a page. */
static enum acc_result access_page(struct hart *h, uint64_t va, unsigned size, enum access_type t,
				   uint64_t *val)
{
	uint64_t pa;
	enum acc_result r = translate_fill(h, va, t, &pa);
	if (r != ACC_OK)
		return r;
	unsigned priv = access_priv(h, t);
	if ((h->pmp_active || priv != PRV_M) && !pmp_check(h, pa, size, t, priv))
		goto fault;

	const struct bus_ram *ram = bus_find_ram(h->bus, pa, size);
	if (ram && !(t == ACC_WRITE && ram->readonly)) {
		uint8_t *p = ram->host + (pa - ram->base);
		if (t == ACC_WRITE) {
			memcpy(p, val, size);  /* little-endian host */
			if (codepage_test(h, pa & PAGE_MASK)) {
				hart_flush_code(h);
				h->code_dirty = true;
			}
		} else {
			*val = 0;
			memcpy(val, p, size);
		}
		return ACC_OK;
	}

	/* Device (or read-only RAM written): naturally aligned accesses only;
	 * misaligned I/O may raise an access fault (3.6.3.3... 14.? Misaligned). */
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
			return ok ? ACC_OK : (hart_set_trap(h, access_fault_cause[t], va), ACC_TRAP);
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
	hart_set_trap(h, access_fault_cause[t], va);
	return ACC_TRAP;
}

enum acc_result mem_load_slow(struct hart *h, uint64_t va, unsigned size, uint64_t *val)
{
	unsigned first = PAGE_SIZE - (va & (PAGE_SIZE - 1));
	if (first >= size)
		return access_page(h, va, size, ACC_READ, val);
	/* Crosses a page: each part on its own (misaligned accesses complete). */
	uint64_t lo = 0, hi = 0;
	enum acc_result r = ACC_OK;
	for (unsigned i = 0; i < size && r == ACC_OK; i++) {
		uint64_t b;
		r = access_page(h, va + i, 1, ACC_READ, &b);
		if (i < 8)
			lo |= b << (8 * i);
	}
	(void)hi;
	*val = lo;
	return r;
}

enum acc_result mem_store_slow(struct hart *h, uint64_t va, unsigned size, uint64_t val)
{
	unsigned first = PAGE_SIZE - (va & (PAGE_SIZE - 1));
	if (first >= size)
		return access_page(h, va, size, ACC_WRITE, &val);
	/* Both pages must be writable before any byte is stored. */
	uint64_t pa1, pa2;
	enum acc_result r = translate_fill(h, va, ACC_WRITE, &pa1);
	if (r == ACC_OK)
		r = translate_fill(h, va + first, ACC_WRITE, &pa2);
	if (r != ACC_OK)
		return r;
	unsigned priv = access_priv(h, ACC_WRITE);
	const struct bus_ram *r1 = bus_find_ram(h->bus, pa1, first);
	const struct bus_ram *r2 = bus_find_ram(h->bus, pa2, size - first);
	if (!r1 || !r2 || r1->readonly || r2->readonly ||
	    ((h->pmp_active || priv != PRV_M) &&
	     (!pmp_check(h, pa1, first, ACC_WRITE, priv) || !pmp_check(h, pa2, size - first, ACC_WRITE, priv)))) {
		hart_set_trap(h, EXC_STORE_ACCESS, va);
		return ACC_TRAP;
	}
	for (unsigned i = 0; i < size; i++) {
		uint64_t b = (val >> (8 * i)) & 0xff;
		r = access_page(h, va + i, 1, ACC_WRITE, &b);
		if (r != ACC_OK)
			return r;
	}
	return ACC_OK;
}

enum acc_result mem_atomic_ptr(struct hart *h, uint64_t va, unsigned size, bool write, void **host)
{
	enum access_type t = write ? ACC_WRITE : ACC_READ;
	if (va & (size - 1)) {
		hart_set_trap(h, write ? EXC_STORE_MISALIGNED : EXC_LOAD_MISALIGNED, va);
		return ACC_TRAP;
	}
	uint64_t vpn = va >> PAGE_SHIFT;
	struct tlb_entry *e = &h->dtlb[tlb_index(vpn)];
	if ((write ? e->tag_w : e->tag_r) == vpn) {
		*host = (void *)(uintptr_t)(va + e->addend);
		return ACC_OK;
	}
	uint64_t pa;
	enum acc_result r = translate_fill(h, va, t, &pa);
	if (r != ACC_OK)
		return r;
	unsigned priv = access_priv(h, t);
	const struct bus_ram *ram = bus_find_ram(h->bus, pa, size);
	/* Atomics need main memory (PMA: AMOs unsupported on I/O here). */
	if (!ram || (write && ram->readonly) ||
	    ((h->pmp_active || priv != PRV_M) && !pmp_check(h, pa, size, t, priv))) {
		hart_set_trap(h, write ? EXC_STORE_ACCESS : EXC_LOAD_ACCESS, va);
		return ACC_TRAP;
	}
	if (write && codepage_test(h, pa & PAGE_MASK)) {
		hart_flush_code(h);
		h->code_dirty = true;
	}
	*host = ram->host + (pa - ram->base);
	return ACC_OK;
}

enum acc_result mem_fetch_page(struct hart *h, uint64_t va, const uint8_t **host, uint64_t *pa)
{
	uint64_t vpn = va >> PAGE_SHIFT;
	struct tlb_entry *e = &h->itlb[tlb_index(vpn)];
	if (e->tag_x != vpn) {
		uint64_t p;
		enum acc_result r = translate_fill(h, va, ACC_FETCH, &p);
		if (r != ACC_OK)
			return r;
		if (e->tag_x != vpn) {
			/* Not cacheable: not RAM, or PMP does not allow the whole page. */
			unsigned priv = h->priv;
			if (!bus_find_ram(h->bus, p, 2) ||
			    ((h->pmp_active || priv != PRV_M) && !pmp_check(h, p, 2, ACC_FETCH, priv))) {
				hart_set_trap(h, EXC_INSN_ACCESS, va);
				return ACC_TRAP;
			}
			/* RAM but split by PMP: the caller decodes one instruction at a time. */
			const struct bus_ram *ram = bus_find_ram(h->bus, p, 2);
			*host = ram->host + ((p & PAGE_MASK) - ram->base);
			*pa = p & PAGE_MASK;
			return ACC_EXIT;
		}
	}
	*host = (const uint8_t *)(uintptr_t)((va & PAGE_MASK) + e->addend);
	*pa = e->pa_page;
	return ACC_OK;
}
