/* SPDX-License-Identifier: MIT */
/* virtio entropy device (virtio 1.2 section 5.4): one request queue of
 * device-writable buffers, filled from the host's getrandom(). */
#ifndef VMM_VIRTIO_RNG_H
#define VMM_VIRTIO_RNG_H

#include "vmm/virtio/core.h"

#define VIRTIO_RNG_QUEUE_SIZE 64
/* At most this many bytes per request (5.4.6.2: the device may use less
 * than the whole buffer), so one request cannot keep the thread busy. */
#define VIRTIO_RNG_MAX_REQUEST (64u << 10)

struct virtio_rng {
	struct virtio_dev vdev;
	bool error_logged;
};

int virtio_rng_init(struct virtio_rng *rng);
void virtio_rng_exit(struct virtio_rng *rng);

#endif
