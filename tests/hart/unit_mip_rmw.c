// SPDX-License-Identifier: MIT
/* CSRRS/CSRRC on mip while the external SEIP signal is high must not latch
 * it into the software SEIP bit (privileged spec 3.1.9).  OpenSBI sets
 * mip.SSIP with CSRRS to inject IPIs, so latching left Linux with a
 * permanent supervisor external interrupt. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hw/riscv/csr.h"
#include "hw/riscv/hart.h"

#define RAM 0x80000000ULL

static int fail(const char *what, uint64_t got)
{
	printf("FAIL: %s (mip = %#llx)\n", what, (unsigned long long)got);
	return 1;
}

int main(void)
{
	static uint8_t ram[4096] __attribute__((aligned(4096)));
	const uint32_t prog[] = {
		0x34416073,  /* csrrsi zero, mip, 2  (set SSIP) */
		0x34417073,  /* csrrci zero, mip, 2  (clear SSIP) */
		0x0000006f,  /* j . */
	};
	memcpy(ram, prog, sizeof(prog));
	struct bus bus;
	struct rv_clock clk;
	bus_init(&bus);
	bus_add_ram(&bus, RAM, sizeof(ram), ram, false);
	rv_clock_init(&clk);
	struct hart_config cfg = { .hartid = 0, .bus = &bus, .clock = &clk, .reset_pc = RAM };
	struct hart *h = hart_create(&cfg);
	if (!h)
		return 1;
	uint64_t mip;
	hart_set_irq(h, IRQ_S_EXT, true);          /* the PLIC raises SEIP */
	hart_run(h, 1);                             /* csrrsi */
	hart_csr_get(h, CSR_MIP, &mip);
	if (!(mip & MIP_SEIP) || !(mip & MIP_SSIP))
		return fail("SEIP line and SSIP should read as set", mip);
	hart_set_irq(h, IRQ_S_EXT, false);         /* the line drops */
	hart_csr_get(h, CSR_MIP, &mip);
	if (mip & MIP_SEIP)
		return fail("SEIP stayed set after the line dropped: latched by CSRRS", mip);
	hart_set_irq(h, IRQ_S_EXT, true);
	hart_run(h, 1);                             /* csrrci */
	hart_set_irq(h, IRQ_S_EXT, false);
	hart_csr_get(h, CSR_MIP, &mip);
	if (mip & (MIP_SEIP | MIP_SSIP))
		return fail("CSRRC latched SEIP or left SSIP", mip);
	hart_destroy(h);
	return 0;
}
