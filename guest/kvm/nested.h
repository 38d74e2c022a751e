/*
 * Shared by nested.S (the nested guest programs) and the C client: SBI
 * numbers (SBI spec v2.0) and the layout of the MMIO report region.
 */
#ifndef GUEST_KVM_NESTED_H
#define GUEST_KVM_NESTED_H

/* An unsigned long constant in C, a plain number for the assembler. */
#ifdef __ASSEMBLER__
#define NESTED_UL(x)			x
#else
#define NESTED_UL(x)			x##UL
#endif

/* SBI extension and function IDs (SBI spec v2.0, chapters 4 and 9). */
#define SBI_EXT_BASE			0x10
#define SBI_BASE_GET_SPEC_VERSION	0
#define SBI_EXT_HSM			0x48534D	/* "HSM" */
#define SBI_HSM_HART_START		0
#define SBI_HSM_HART_GET_STATUS		2
#define SBI_HSM_STATUS_STARTED		0
#define SBI_EXT_TIME			0x54494D45	/* "TIME" */
#define SBI_TIME_SET_TIMER		0
#define SBI_EXT_IPI			0x735049	/* "sPI" */
#define SBI_IPI_SEND_IPI		0

/*
 * An extension ID in the experimental range 0x08000000-0x08FFFFFF, which
 * KVM hands to userspace as KVM_EXIT_RISCV_SBI (the guest kernel has no
 * SBI v0.1, so the legacy console is not there to forward).
 */
#define SBI_EXT_KVMTEST			0x084B564D
#define SBI_KVMTEST_FID			7
#define SBI_KVMTEST_ARG0		0x11
#define SBI_KVMTEST_ARG1		0x22

/* Report region: hart H, slot S at MMIO_BASE + H * STRIDE + S * 8. */
#define REPORT_HART_STRIDE		0x100
#define REPORT_SLOTS			16
#define REPORT_DONE			15

/* Privileged spec: scause values, sie/sip and sstatus bits, satp. */
#define CAUSE_IRQ			(NESTED_UL(1) << 63)
#define CAUSE_S_SOFT			1
#define CAUSE_S_TIMER			5
#define CAUSE_LOAD_PAGE_FAULT		13
#define CAUSE_STORE_PAGE_FAULT		15
#define SIE_SSIE			(1 << 1)
#define SIE_STIE			(1 << 5)
#define SSTATUS_SIE			(1 << 1)
#define SATP_MODE_SV39			(NESTED_UL(8) << 60)

/*
 * nested_mmu's Sv39 address space (privileged spec 12.4), built by the
 * nested guest in the four pages at its scratch argument: root table, a
 * level-1 and a level-0 table, then a data page.
 *  - the gigapage holding the blob, mapped 1:1 and again at
 *    MMU_CODE_ALIAS + its address (upper half: VPN[2] + 0x100);
 *  - a window of 4 KiB pages at MMU_VA_WINDOW (VPN[2] 0x1ff, VPN[1] 1):
 *    DATA -> the data page (RW), RO -> the data page (read-only),
 *    MMIO -> the report region (RW), HOLE -> nothing (invalid PTE).
 */
#define MMU_CODE_ALIAS			NESTED_UL(0xffffffc000000000)
#define MMU_WIN_VPN2			0x1ff
#define MMU_WIN_VPN1			1
#define MMU_VA_WINDOW			NESTED_UL(0xffffffffc0200000)
#define MMU_VA_DATA			(MMU_VA_WINDOW + 0x0000)
#define MMU_VA_RO			(MMU_VA_WINDOW + 0x1000)
#define MMU_VA_MMIO			(MMU_VA_WINDOW + 0x2000)
#define MMU_VA_HOLE			(MMU_VA_WINDOW + 0x3000)
#define MMU_PAGES			4	/* scratch: root, L1, L0, data */
#define MMU_DATA_PAGE			3
/* What nested_mmu stores: through DATA, through the 1:1 map, through RO. */
#define MMU_PATTERN1			NESTED_UL(0x5a5aa5a5c3c33c3c)
#define MMU_PATTERN2			NESTED_UL(0x0f1e2d3c4b5a6978)
#define MMU_PATTERN3			NESTED_UL(0x7766554433221100)

#ifndef __ASSEMBLER__
#include <stdint.h>

extern const char nested_blob_start[], nested_blob_end[];
extern const char nested_compute[], nested_smp_boot[], nested_smp_second[];
extern const char nested_mmio_loop[], nested_sbi_loop[], nested_work[];
extern const char nested_mmu[], nested_mmu_alias_pc[], nested_mmu_load_fault[],
	nested_mmu_store_fault[];
extern const char nested_timer[], nested_timer_loop[], nested_timer_loop_end[];
extern const char nested_ipi_boot[], nested_ipi_second[], nested_ipi_loop[],
	nested_ipi_loop_end[];
uint64_t nested_work_hash(uint64_t *buf, unsigned long words, unsigned long rounds);
#endif

#endif
