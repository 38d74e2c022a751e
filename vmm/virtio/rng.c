// SPDX-License-Identifier: MIT
/* virtio entropy device (virtio 1.2, 5.4).  5.4.6.1: the driver places only
 * device-writable buffers, so a device-readable buffer or a chain with no
 * writable bytes breaks the queue.  5.4.6.2: the device fills one or more
 * bytes, up to VIRTIO_RNG_MAX_REQUEST per request. */
#include "vmm/virtio/rng.h"

#include <errno.h>
#include <stddef.h>
#include <string.h>
#include <sys/random.h>

static struct virtio_rng *to_rng(struct virtio_dev *dev)
{
	return (struct virtio_rng *)((char *)dev - offsetof(struct virtio_rng, vdev));
}

/* Fill buf from the host's entropy pool; returns the bytes filled. */
static size_t virtio_rng_fill(struct virtio_rng *rng, uint8_t *buf, size_t len)
{
	size_t done = 0;
	while (done < len) {
		ssize_t r = getrandom(buf + done, len - done, 0);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			if (!rng->error_logged && rng->vdev.log) {
				rng->error_logged = true;
				fprintf(rng->vdev.log, "rvkvm: virtio-rng: getrandom: %s\n",
					strerror(r < 0 ? errno : EIO));
			}
			break;
		}
		done += (size_t)r;
	}
	return done;
}

static void virtio_rng_queue_notify(struct virtio_dev *dev, struct virtqueue *vq)
{
	struct virtio_rng *rng = to_rng(dev);
	struct virtq_elem e;
	while (virtq_pop(dev, vq, &e) > 0) {
		if (e.nout) {
			virtio_dev_fail(dev, vq, "request %u has device-readable buffers", e.head);
			return;
		}
		if (!e.in_len) {
			virtio_dev_fail(dev, vq, "request %u has no device-writable bytes", e.head);
			return;
		}
		size_t budget = VIRTIO_RNG_MAX_REQUEST, written = 0;
		for (unsigned i = 0; i < e.nin && budget; i++) {
			size_t want = e.iov[i].iov_len < budget ? e.iov[i].iov_len : budget;
			size_t got = virtio_rng_fill(rng, e.iov[i].iov_base, want);
			written += got;
			budget -= want;
			if (got < want)
				break;
		}
		virtq_push(dev, vq, &e, (uint32_t)written);
	}
}

static const struct virtio_dev_ops virtio_rng_ops = {
	.name = "rng",
	.device_id = VIRTIO_ID_ENTROPY,
	.queue_notify = virtio_rng_queue_notify,
};

int virtio_rng_init(struct virtio_rng *rng)
{
	memset(rng, 0, sizeof(*rng));
	uint16_t qsize = VIRTIO_RNG_QUEUE_SIZE;
	return virtio_dev_init(&rng->vdev, &virtio_rng_ops, 0, 0, 1, &qsize);
}

void virtio_rng_exit(struct virtio_rng *rng)
{
	virtio_dev_exit(&rng->vdev);
}
