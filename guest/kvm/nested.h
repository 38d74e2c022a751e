/*
 * Shared by nested.S (the nested guest programs) and the C client: SBI
 * numbers (SBI spec v2.0) and the layout of the MMIO report region.
 */
#ifndef GUEST_KVM_NESTED_H
#define GUEST_KVM_NESTED_H

/* SBI extension and function IDs (SBI spec v2.0, chapters 4 and 9). */
#define SBI_EXT_BASE			0x10
#define SBI_BASE_GET_SPEC_VERSION	0
#define SBI_EXT_HSM			0x48534D	/* "HSM" */
#define SBI_HSM_HART_START		0
#define SBI_HSM_HART_GET_STATUS		2
#define SBI_HSM_STATUS_STARTED		0

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
#define REPORT_SLOTS			8
#define REPORT_DONE			7

#ifndef __ASSEMBLER__
#include <stdint.h>

extern const char nested_blob_start[], nested_blob_end[];
extern const char nested_compute[], nested_smp_boot[], nested_smp_second[];
extern const char nested_mmio_loop[], nested_sbi_loop[], nested_work[];
uint64_t nested_work_hash(uint64_t *buf, unsigned long words, unsigned long rounds);
#endif

#endif
