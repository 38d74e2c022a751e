/* bench/rt M-mode boot and the S-mode driver.
 *
 * Physical layout: the image at 0x80000000 up to _end, page tables in the
 * next RT_PT_AREA bytes, then the heap (RT_HEAP_SIZE).  Virtual layout
 * (Sv39, 4 KiB pages throughout): the image and the ACLINT mtime page 1:1,
 * the heap at RT_HEAP_VA, so a workload's data really goes through the
 * page tables.  Nothing is delegated: any trap lands in rt_m_trap().
 *
 * Built with -DRT_VS the workload runs in VS-mode instead (H extension):
 * the same Sv39 tables as vsatp, over a G-stage (Sv39x4) identity map of
 * the low 4 GiB in 1 GiB pages, so every access is translated in two
 * stages.  Comparing the two builds gives the cost of virtualization. */
#include "rt.h"
#include "sv39.h"

#define RT_PT_AREA (512ULL << 10)
#define RAM_BASE   0x80000000ULL

#define MSTATUS_MPP_S (1ULL << 11)
#define MSTATUS_MPP   (3ULL << 11)
#define MSTATUS_FS_INITIAL (1ULL << 13)
#define MSTATUS_MPRV  (1ULL << 17)
#define MSTATUS_VS_INITIAL (1ULL << 9)
#define PMP_NAPOT_RWX 0x1f   /* A=NAPOT, X, W, R */

#ifdef RT_VS
#define MSTATUS_MPV   (1ULL << 39)
#define HGATP_MODE_SV39X4 (8ULL << 60)
/* G-stage leaves must be user pages (H extension, "Guest Physical Address
 * Translation"). */
#define PTE_U (1ULL << 4)
/* The Sv39x4 root: 2048 entries, 16 KiB aligned. */
static uint64_t gstage_root[2048] __attribute__((aligned(16384)));
#endif

extern char _end[];
void rt_s_main(void);

#define csr_write(csr, v) __asm__ volatile("csrw " #csr ", %0" : : "r"((uint64_t)(v)))
#define csr_read(csr) ({ uint64_t v_; __asm__ volatile("csrr %0, " #csr : "=r"(v_)); v_; })

__attribute__((noreturn)) void rt_boot(void)
{
	uint64_t end = (uint64_t)_end;
	uint64_t heap_pa = end + RT_PT_AREA;
	struct sv39 pt;

	if (sv39_init(&pt, end, heap_pa) ||
	    sv39_map(&pt, RAM_BASE, RAM_BASE, end - RAM_BASE, PTE_R | PTE_W | PTE_X) ||
	    sv39_map(&pt, RT_MTIME & ~0xfffULL, RT_MTIME & ~0xfffULL, 4096, PTE_R | PTE_W) ||
	    sv39_map(&pt, RT_HEAP_VA, heap_pa, RT_HEAP_SIZE, PTE_R | PTE_W)) {
		rt_puts("bench/rt: page-table area too small\n");
		rt_exit(3);
	}

	/* S-mode needs a PMP entry: one NAPOT region covering everything. */
	csr_write(pmpaddr0, ~0ULL);
	csr_write(pmpcfg0, PMP_NAPOT_RWX);
	/* Let S-mode read cycle, time and instret (Zicntr). */
	csr_write(mcounteren, 7);
	csr_write(medeleg, 0);
	csr_write(mideleg, 0);
	csr_write(mie, 0);
#ifdef RT_VS
	for (uint64_t g = 0; g < 4; g++)
		gstage_root[g] = ((g << 30) >> 12) << 10 | PTE_V | PTE_R | PTE_W | PTE_X | PTE_U | PTE_A | PTE_D;
	csr_write(hgatp, HGATP_MODE_SV39X4 | ((uint64_t)gstage_root >> 12));
	csr_write(hcounteren, 7);
	csr_write(vsatp, sv39_satp(&pt));
	__asm__ volatile(".insn r 0x73, 0, 0x31, x0, x0, x0" ::: "memory");  /* hfence.gvma */
#else
	csr_write(satp, sv39_satp(&pt));
	__asm__ volatile("sfence.vma" ::: "memory");
#endif

	uint64_t ms = csr_read(mstatus);
	ms &= ~(MSTATUS_MPP | MSTATUS_MPRV);
	ms |= MSTATUS_MPP_S | MSTATUS_FS_INITIAL;
#ifdef RT_V
	ms |= MSTATUS_VS_INITIAL;  /* bench/vector's kernels */
#endif
#ifdef RT_VS
	ms |= MSTATUS_MPV;
	/* VS-mode floating point also needs vsstatus.FS. */
	csr_write(vsstatus, MSTATUS_FS_INITIAL);
#endif
	csr_write(mstatus, ms);
	csr_write(mepc, (uint64_t)rt_s_main);
	__asm__ volatile("mret");
	__builtin_unreachable();
}

/* Runs in S-mode (VS-mode with RT_VS) with paging on. */
__attribute__((noreturn)) void rt_s_main(void)
{
	bench_init();
	uint64_t t0 = rt_mtime();
	uint64_t i0 = rt_rdinstret();
	uint64_t sum = bench_run();
	uint64_t i1 = rt_rdinstret();
	uint64_t t1 = rt_mtime();
	rt_printf("%s instret=%lu ticks=%lu checksum=%016lx\n", bench_name, i1 - i0, t1 - t0, sum);
	rt_exit(0);
}

/* Any trap: report it and exit with status 64 + cause. */
__attribute__((noreturn)) void rt_m_trap(uint64_t cause, uint64_t epc, uint64_t tval)
{
	rt_printf("%s TRAP mcause=0x%lx mepc=0x%lx mtval=0x%lx mstatus=0x%lx\n",
		  bench_name, cause, epc, tval, csr_read(mstatus));
	rt_exit(64 + (int)(cause & 63));
}
