// SPDX-License-Identifier: MIT
/* The inline TLB hit test of a page-crossing access (exec.c) is only
 * correct if pages P and P+1 never map to the same TLB set. */
#include <stdio.h>

#include "hw/riscv/hart_internal.h"

int main(void)
{
	uint64_t x = 0x9e3779b97f4a7c15ULL;
	for (uint64_t i = 0; i < (1u << 22); i++) {
		/* Every small VPN, then random ones across the 2^52 space. */
		uint64_t vpn = i < (1u << 21) ? i : (x = x * 6364136223846793005ULL + 1) >> 12;
		if (tlb_index(vpn) == tlb_index(vpn + 1)) {
			printf("FAIL: vpn %#llx and its successor share TLB set %u\n",
			       (unsigned long long)vpn, tlb_index(vpn));
			return 1;
		}
	}
	/* Buffers up to TLB_SIZE pages apart (16 MiB: memcpy's source and
	 * destination) land in different sets; TLB_SIZE pages apart, the
	 * direct-mapped sets coincide (hart_internal.h). */
	for (unsigned s = 0; s < TLB_BITS; s++)
		if (tlb_index(0x12345) == tlb_index(0x12345 + (1ULL << s))) {
			printf("FAIL: stride 2^%u pages collides\n", s);
			return 1;
		}
	return 0;
}
