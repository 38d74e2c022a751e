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

/* A device asks the machine to stop with an exit status.  Requests are
 * made under the machine's MMIO lock; vCPU threads poll vmm_stop_requested
 * without it. */
struct vmm_stop {
	bool requested;
	bool reset;      /* the guest asked for a reboot, not a power-off */
	int status;
};

static inline void vmm_request_stop(struct vmm_stop *stop, int status)
{
	if (!__atomic_load_n(&stop->requested, __ATOMIC_RELAXED)) {
		stop->status = status;
		__atomic_store_n(&stop->requested, true, __ATOMIC_RELEASE);
	}
}

/* A reset: the machine stops and the VMM boots it again from scratch. */
static inline void vmm_request_reset(struct vmm_stop *stop)
{
	if (!__atomic_load_n(&stop->requested, __ATOMIC_RELAXED)) {
		stop->reset = true;
		stop->status = 0;
		__atomic_store_n(&stop->requested, true, __ATOMIC_RELEASE);
	}
}

static inline bool vmm_stop_requested(const struct vmm_stop *stop)
{
	return __atomic_load_n(&stop->requested, __ATOMIC_ACQUIRE);
}

#endif
