/*
 * Scenario: the nested guest's own MMU (nested_mmu in nested.S).  With
 * vsatp = Sv39 every access of the nested guest goes through two stages,
 * its own tables (VS-stage) and KVM's (G-stage); its page faults go
 * straight to its own handler (KVM delegates them with hedeleg), and a
 * store through a virtual mapping of the unbacked report region reaches
 * KVM as a G-stage fault whose GPA (htval) KVM reports as KVM_EXIT_MMIO.
 * KVM decodes that store from the instruction at a virtual sepc.
 */
#include <stdio.h>
#include <string.h>

#include "kvm_client.h"
#include "vm.h"

#define RAM_SIZE	(4UL << 20)
#define SCRATCH_OFF	(1UL << 20)	/* the nested guest's tables: RAM + 1 MiB */

/* nested.h's window must be where nested_mmu puts it (Sv39 VPN fields). */
_Static_assert((MMU_VA_WINDOW >> 30 & 0x1ff) == MMU_WIN_VPN2 &&
	       (MMU_VA_WINDOW >> 21 & 0x1ff) == MMU_WIN_VPN1 &&
	       (MMU_VA_WINDOW >> 12 & 0x1ff) == 0 && MMU_VA_WINDOW >> 38 == 0x3ffffff,
	       "MMU_VA_WINDOW does not match MMU_WIN_VPN2/VPN1");
_Static_assert((MMU_CODE_ALIAS >> 30 & 0x1ff) == 0x100 && (VM_RAM_GPA >> 30) < 0x100,
	       "the code alias is VPN[2] + 0x100");

/* The virtual address of a label of the blob in the upper-half alias. */
static uint64_t alias(const char *label)
{
	return MMU_CODE_ALIAS + VM_RAM_GPA + (uint64_t)(label - nested_blob_start);
}

void scenario_mmu(struct results *r)
{
	static const char *const names[] = { "mmu-run", "mmu-satp", "mmu-exec-alias", "mmu-mmio-va",
					     "mmu-va-to-pa", "mmu-load-fault", "mmu-store-fault", NULL };
	const uint64_t scratch = VM_RAM_GPA + SCRATCH_OFF;
	const uint64_t args[2] = { VM_MMIO_BASE, scratch };
	struct vm vm;
	struct vcpu v, *pv = &v;
	const uint64_t *rep = v.report[0];
	const uint64_t *data;
	int rc;

	step("mmu-run", 60);
	if (vm_open_one(&vm, &v, RAM_SIZE, nested_mmu, args, 2)) {
		check(r, "mmu-run", 0, "setup: %s", vm.err);
		skip(r, names + 1, "no VM");
		goto out;
	}
	data = (const uint64_t *)((const char *)vm.ram + SCRATCH_OFF + MMU_DATA_PAGE * 4096);
	rc = vcpus_run_reports(&pv, 1, 64, 20);
	if (rep[REPORT_DONE] == (uint64_t)-1)
		check(r, "mmu-run", 0, "trap before its handler was set: scause 0x%llx stval 0x%llx sepc 0x%llx",
		      (unsigned long long)rep[12], (unsigned long long)rep[13],
		      (unsigned long long)rep[14]);
	else
		check(r, "mmu-run", !rc && rep[REPORT_DONE] == 2, "%s; %llu traps taken (want 2), %u exits",
		      rc ? v.err : "done", (unsigned long long)rep[REPORT_DONE], v.exits);

	check(r, "mmu-satp", rep[0] == (SATP_MODE_SV39 | scratch >> 12),
	      "satp (vsatp) reads 0x%llx, want 0x%llx (Sv39, root at 0x%llx)",
	      (unsigned long long)rep[0], (unsigned long long)(SATP_MODE_SV39 | scratch >> 12),
	      (unsigned long long)scratch);
	check(r, "mmu-exec-alias", rep[4] == alias(nested_mmu_alias_pc),
	      "pc in the upper-half alias 0x%llx, want 0x%llx", (unsigned long long)rep[4],
	      (unsigned long long)alias(nested_mmu_alias_pc));
	check(r, "mmu-mmio-va", rep[1] == MMU_VA_MMIO + 8 && v.report_len[0][1] == 8,
	      "store through VA 0x%llx: KVM_EXIT_MMIO at GPA 0x%lx with 0x%llx len %u (want the VA, len 8)",
	      (unsigned long long)(MMU_VA_MMIO + 8), VM_MMIO_BASE + 8, (unsigned long long)rep[1],
	      v.report_len[0][1]);
	check(r, "mmu-va-to-pa",
	      rep[2] == MMU_PATTERN1 && data[0] == MMU_PATTERN1 && rep[3] == MMU_PATTERN2 &&
	      data[1] == MMU_PATTERN2,
	      "stored at VA 0x%llx, read at PA: 0x%llx (RAM 0x%llx); stored at PA+8, read at VA+8: 0x%llx (RAM 0x%llx); want 0x%llx, 0x%llx",
	      (unsigned long long)MMU_VA_DATA, (unsigned long long)rep[2],
	      (unsigned long long)data[0], (unsigned long long)rep[3], (unsigned long long)data[1],
	      (unsigned long long)MMU_PATTERN1, (unsigned long long)MMU_PATTERN2);
	check(r, "mmu-load-fault",
	      rep[5] == CAUSE_LOAD_PAGE_FAULT && rep[6] == MMU_VA_HOLE &&
	      rep[7] == alias(nested_mmu_load_fault),
	      "nested handler saw scause %lld stval 0x%llx sepc 0x%llx (want %d, 0x%llx, 0x%llx)",
	      (long long)rep[5], (unsigned long long)rep[6], (unsigned long long)rep[7],
	      CAUSE_LOAD_PAGE_FAULT, (unsigned long long)MMU_VA_HOLE,
	      (unsigned long long)alias(nested_mmu_load_fault));
	check(r, "mmu-store-fault",
	      rep[8] == CAUSE_STORE_PAGE_FAULT && rep[9] == MMU_VA_RO &&
	      rep[10] == alias(nested_mmu_store_fault) && rep[11] == MMU_PATTERN1 &&
	      data[0] == MMU_PATTERN1,
	      "read-only page: read 0x%llx; store: scause %lld stval 0x%llx sepc 0x%llx, RAM 0x%llx (want 0x%llx; %d, 0x%llx, 0x%llx, unchanged)",
	      (unsigned long long)rep[11], (long long)rep[8], (unsigned long long)rep[9],
	      (unsigned long long)rep[10], (unsigned long long)data[0],
	      (unsigned long long)MMU_PATTERN1, CAUSE_STORE_PAGE_FAULT,
	      (unsigned long long)MMU_VA_RO, (unsigned long long)alias(nested_mmu_store_fault));
out:
	if (v.fd > 0)
		vcpu_close(&v);
	vm_close(&vm);
}
