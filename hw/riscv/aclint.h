/* SPDX-License-Identifier: MIT */
/* In-core ACLINT (RISC-V ACLINT spec 1.0): an MSWI device (msip[hart], 4
 * bytes each, at +0x0000) and an MTIMER device (mtimecmp[hart], 8 bytes
 * each, at +0x4000; mtime at +0xbff8), laid out as the SiFive CLINT that
 * QEMU's virt and spike machines place at 0x0200_0000. */
#ifndef HW_RISCV_ACLINT_H
#define HW_RISCV_ACLINT_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "hw/bus.h"
#include "hw/riscv/hart.h"

#define ACLINT_SIZE          0x10000ULL
#define ACLINT_MSWI_OFF      0x0000ULL
#define ACLINT_MTIMECMP_OFF  0x4000ULL
#define ACLINT_MTIME_OFF     0xbff8ULL
#define ACLINT_MAX_HARTS     4095u

struct aclint {
	/* harts[i] is hart i, or NULL while it does not exist; the owner
	 * fills the array and publishes entries with release stores. */
	struct hart *const *harts;
	unsigned nharts;
	const struct rv_clock *clock;
	/* Called after msip/mtimecmp of hart i changed, so a sleeping hart
	 * re-evaluates its wake condition (may be NULL). */
	void (*notify)(void *opaque, unsigned hart);
	void *opaque;
	_Atomic uint8_t msip[ACLINT_MAX_HARTS];
};

void aclint_init(struct aclint *a, struct hart *const *harts, unsigned nharts,
		 const struct rv_clock *clock,
		 void (*notify)(void *opaque, unsigned hart), void *opaque);
/* Map the device at base on the bus (in-core: no MMIO exits). */
int aclint_attach(struct aclint *a, struct bus *bus, uint64_t base);
/* Save and restore: the registers of harts [0, n) (n <= nharts; mtime is
 * the clock's).  A hart that does not exist has msip and mtimecmp 0.
 * aclint_load checks all first: false, nothing changed, for an msip
 * above 1 or a nonzero register of an absent hart; else it sets them,
 * driving the MSIP lines, and notifies each hart. */
struct aclint_hart_state {
	uint64_t mtimecmp;
	uint32_t msip;
};
void aclint_save(const struct aclint *a, struct aclint_hart_state *st, unsigned n);
bool aclint_load(struct aclint *a, const struct aclint_hart_state *st, unsigned n);
/* The SSWI device (ACLINT spec, chapter 4): one 32-bit setssip register
 * per hart; writing 1 sets that hart's mip.SSIP, reads return 0. */
#define ACLINT_SSWI_SIZE 0x4000ULL
int aclint_attach_sswi(struct aclint *a, struct bus *bus, uint64_t base);

#endif
