// SPDX-License-Identifier: MIT
/* libFuzzer target: arbitrary instruction words and memory images executed
 * by the hart.  The input's first 16 bytes choose the starting privilege
 * and a few CSRs (satp, mstatus, PMP) so the fuzzer reaches paging and
 * protection paths (and FS/VS for the FP and vector units, VLEN 128); the
 * rest is the RAM image at 0x8000_0000.  Any crash, sanitizer report or
 * hang (the budget bounds every run) is a bug. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hw/riscv/csr.h"
#include "hw/riscv/hart.h"

#define RAM_BASE 0x80000000ULL
#define RAM_SIZE (256u << 10)
#define MMIO_BASE 0x10000000ULL

static uint64_t rd64(const uint8_t *p)
{
	uint64_t v;
	memcpy(&v, p, 8);
	return v;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t *ram;
	static struct bus bus;
	static struct rv_clock clk;
	static struct hart *h;
	if (!h) {
		ram = aligned_alloc(4096, RAM_SIZE);
		bus_init(&bus);
		bus_add_ram(&bus, RAM_BASE, RAM_SIZE, ram, false);
		bus_add_ram(&bus, RAM_BASE + RAM_SIZE, 4096, ram, true);  /* read-only alias */
		bus_add_mmio(&bus, MMIO_BASE, 4096, NULL, NULL);         /* caller-handled */
		rv_clock_init(&clk);
		struct hart_config cfg = { .hartid = 0, .bus = &bus, .clock = &clk, .reset_pc = RAM_BASE,
					   .vlen = 128 };
		h = hart_create(&cfg);
	}
	if (size < 16)
		return 0;
	uint64_t ctl = rd64(data), aux = rd64(data + 8);
	data += 16;
	size -= 16;
	memset(ram, 0, RAM_SIZE);
	memcpy(ram, data, size < RAM_SIZE ? size : RAM_SIZE);

	hart_reset(h, RAM_BASE);
	hart_flush_tlb(h);
	for (unsigned i = 1; i < 32; i++)
		hart_set_gpr(h, i, (i & 1) ? RAM_BASE + ((aux >> i) & 0xfff8) : aux * i);
	hart_csr_set(h, CSR_MTVEC, RAM_BASE + (ctl & 0xffc) + ((ctl >> 40) & 1));
	hart_csr_set(h, CSR_STVEC, RAM_BASE + ((ctl >> 12) & 0xffc));
	hart_csr_set(h, CSR_MSTATUS, (ctl & 0x00000000007e61aaULL) | ((ctl >> 44) & 3) << 13 |
				     ((ctl >> 54) & 3) << 9);  /* FS, VS */
	hart_csr_set(h, CSR_MEDELEG, (ctl >> 24) & 0xffff);
	hart_csr_set(h, CSR_MENVCFG, (ctl & (1ULL << 63)) | ((ctl & (1ULL << 62)) >> 1));
	/* satp: Bare, Sv39, Sv48 or Sv57 rooted inside RAM. */
	static const uint64_t modes[4] = { 0, 8, 9, 10 };
	hart_csr_set(h, CSR_SATP, modes[(ctl >> 46) & 3] << 60 | (RAM_BASE >> 12) + ((ctl >> 48) & 0x3f));
	if (ctl & (1ULL << 56)) {
		hart_csr_set(h, CSR_PMPADDR0, aux >> 2);
		hart_csr_set(h, CSR_PMPCFG0, (ctl >> 57) & 0x9f);
	} else {
		hart_csr_set(h, CSR_PMPADDR0, ~0ULL);
		hart_csr_set(h, CSR_PMPCFG0, 0x1f);  /* NAPOT, RWX: S/U may access all */
	}
	hart_csr_set(h, CSR_MIE, aux & 0xaaa);
	hart_set_mtimecmp(h, (aux >> 60) ? 0 : UINT64_MAX);
	hart_set_priv(h, (ctl >> 58) & 1 ? 1 : (ctl >> 59) & 1 ? 0 : 3);

	for (int round = 0; round < 8; round++) {
		enum hart_event ev = hart_run(h, 2000);
		if (ev == HART_EV_MMIO)
			hart_mmio_complete(h, aux);
		else if (ev != HART_EV_BUDGET)
			break;
	}
	return 0;
}
