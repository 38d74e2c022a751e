// SPDX-License-Identifier: MIT
/* Guest external interrupts (H extension): hgeip follows the lines a
 * platform drives (hart_set_hgei), hip.SGEIP is any line enabled in hgeie,
 * mip.VSEIP is the line hstatus.VGEIN selects, hgeie and VGEIN are WARL to
 * 1..GEILEN, and a selected line reaches VS-mode as a supervisor external
 * interrupt when hideleg delegates VSEI.  rvkvm's platform has no IMSIC
 * guest files yet, so the lines are driven directly here. */
#include <stdio.h>
#include <string.h>

#include "hw/riscv/csr.h"
#include "hw/riscv/hart.h"

#define RAM 0x80000000ULL
#define GEILEN 4

static int failures;

static void expect(const char *what, struct hart *h, unsigned csr, uint64_t want)
{
	uint64_t got = 0;
	hart_csr_get(h, csr, &got);
	if (got != want) {
		printf("FAIL: %s: csr %#x = %#llx, expected %#llx\n", what, csr, (unsigned long long)got,
		       (unsigned long long)want);
		failures++;
	}
}

int main(void)
{
	static uint32_t ram[1024] __attribute__((aligned(4096)));
	ram[0] = 0x30200073;            /* mret: into VS at RAM+0x100 */
	ram[0x100 / 4] = 0x0000006f;    /* VS: j . */
	ram[0x200 / 4] = 0x0000006f;    /* VS trap vector: j . */
	struct bus bus;
	struct rv_clock clk;
	bus_init(&bus);
	bus_add_ram(&bus, RAM, sizeof(ram), (uint8_t *)ram, false);
	rv_clock_init(&clk);
	struct hart_config cfg = { .bus = &bus, .clock = &clk, .reset_pc = RAM, .geilen = GEILEN };
	struct hart *h = hart_create(&cfg);
	if (!h)
		return 1;

	/* PMP: let S/U reach everything (NAPOT, RWX). */
	hart_csr_set(h, 0x3b0, ~0ULL >> 10);
	hart_csr_set(h, 0x3a0, 0x1f);

	/* WARL: hgeie holds bits 1..GEILEN, VGEIN only 0..GEILEN. */
	hart_csr_set(h, CSR_HGEIE, ~0ULL);
	expect("hgeie mask", h, CSR_HGEIE, 0x1e);
	hart_csr_set(h, CSR_HSTATUS, 2ULL << HSTATUS_VGEIN_SHIFT);
	hart_csr_set(h, CSR_HSTATUS, 5ULL << HSTATUS_VGEIN_SHIFT);
	expect("VGEIN above GEILEN is not taken", h, CSR_HSTATUS,
	       (2ULL << 32) | (2ULL << HSTATUS_VGEIN_SHIFT));
	hart_set_hgei(h, 5, true);      /* no such line: ignored */
	expect("hgeip without lines", h, CSR_HGEIP, 0);

	/* Line 3: pending in hgeip; enabled in hgeie, so SGEIP; not selected. */
	hart_csr_set(h, CSR_HGEIE, 1u << 3);
	hart_set_hgei(h, 3, true);
	expect("hgeip line 3", h, CSR_HGEIP, 1u << 3);
	expect("line 3 enabled: SGEIP, not VSEIP", h, CSR_HIP, MIP_SGEIP);
	hart_csr_set(h, CSR_HGEIE, 1u << 2);
	expect("line 3 not enabled: nothing", h, CSR_HIP, 0);
	hart_set_hgei(h, 3, false);

	/* Line 2 is VGEIN's: VSEIP, taken in VS as interrupt 9 with vsstatus.SIE. */
	hart_csr_set(h, CSR_HIDELEG, MIP_VSEIP);
	hart_csr_set(h, CSR_MIE, MIP_VSEIP);
	hart_csr_set(h, CSR_VSTVEC, RAM + 0x200);
	hart_csr_set(h, CSR_VSSTATUS, MSTATUS_SIE);
	hart_csr_set(h, CSR_MEPC, RAM + 0x100);
	hart_csr_set(h, CSR_MSTATUS, MSTATUS_MPV | (1ULL << MSTATUS_MPP_SHIFT));
	hart_run(h, 50);
	if (hart_get_pc(h) != RAM + 0x100 || hart_get_priv(h) != 1) {
		printf("FAIL: not running the VS loop (pc %#llx)\n", (unsigned long long)hart_get_pc(h));
		failures++;
	}
	hart_set_hgei(h, 2, true);
	expect("line 2 selected: SGEIP and VSEIP", h, CSR_HIP, MIP_SGEIP | MIP_VSEIP);
	expect("vsip shows it as SEIP", h, CSR_VSIP, MIP_SEIP);
	hart_run(h, 50);
	expect("VS took a supervisor external interrupt", h, CSR_VSCAUSE, (1ULL << 63) | 9);
	if (hart_get_pc(h) != RAM + 0x200) {
		printf("FAIL: pc %#llx, expected the VS vector\n", (unsigned long long)hart_get_pc(h));
		failures++;
	}
	expect("vsepc", h, CSR_VSEPC, RAM + 0x100);
	hart_set_hgei(h, 2, false);
	expect("line dropped", h, CSR_HIP, 0);
	hart_destroy(h);
	return failures != 0;
}
