/* SPDX-License-Identifier: MIT */
/* VMM-side device models: a device handles the MMIO exits that fall in its
 * range.  off is relative to the device base; size is 1..8. */
#ifndef VMM_MMIO_H
#define VMM_MMIO_H

#include <stdbool.h>
#include <stdint.h>

struct vmm_mmio_ops {
	uint64_t (*read)(void *opaque, uint64_t off, unsigned size);
	void (*write)(void *opaque, uint64_t off, unsigned size, uint64_t val);
};

/* A device asks the machine to stop with an exit status. */
struct vmm_stop {
	bool requested;
	int status;
};

static inline void vmm_request_stop(struct vmm_stop *stop, int status)
{
	if (!stop->requested) {
		stop->requested = true;
		stop->status = status;
	}
}

#endif
