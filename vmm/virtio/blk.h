/* SPDX-License-Identifier: MIT */
/* virtio-blk (virtio 1.2 section 5.2) on a raw image file: one request
 * queue, 512-byte sectors, VIRTIO_BLK_T_IN/OUT/FLUSH/GET_ID.  Offers
 * SEG_MAX, BLK_SIZE and FLUSH, plus RO for a read-only image.  Requests
 * complete synchronously in the notifying thread. */
#ifndef VMM_VIRTIO_BLK_H
#define VMM_VIRTIO_BLK_H

#include <stdbool.h>
#include <stdint.h>

#include "vmm/virtio/core.h"

#define VIRTIO_BLK_QUEUE_SIZE 256
#define VIRTIO_BLK_CONFIG_SIZE 0x3c   /* through write_zeroes_may_unmap + pad */
#define VIRTIO_BLK_ID_BYTES   20

/* Feature bits (5.2.3) */
#define VIRTIO_BLK_F_SIZE_MAX 1
#define VIRTIO_BLK_F_SEG_MAX  2
#define VIRTIO_BLK_F_RO       5
#define VIRTIO_BLK_F_BLK_SIZE 6
#define VIRTIO_BLK_F_FLUSH    9

/* Requests and status (5.2.6) */
#define VIRTIO_BLK_T_IN       0
#define VIRTIO_BLK_T_OUT      1
#define VIRTIO_BLK_T_FLUSH    4
#define VIRTIO_BLK_T_GET_ID   8
#define VIRTIO_BLK_S_OK       0
#define VIRTIO_BLK_S_IOERR    1
#define VIRTIO_BLK_S_UNSUPP   2
#define VIRTIO_BLK_SECTOR     512

struct virtio_blk_opts {
	const char *path;      /* raw image: a regular file or block device */
	bool readonly;
	const char *serial;    /* GET_ID string (up to 20 bytes); NULL: "rvkvm-blk" */
};

struct virtio_blk {
	struct virtio_dev vdev;
	int fd;
	bool readonly;
	bool io_error_logged;
	uint64_t capacity;                     /* in 512-byte sectors */
	uint8_t config[VIRTIO_BLK_CONFIG_SIZE];
	char id[VIRTIO_BLK_ID_BYTES];
	struct iovec seg[VIRTIO_BLK_QUEUE_SIZE];  /* data part of one request */
};

/* Open the image (locked against other writers) and set up the device.
 * Errors are reported on stderr; returns 0 or -errno. */
int virtio_blk_init(struct virtio_blk *blk, const struct virtio_blk_opts *opts);
void virtio_blk_exit(struct virtio_blk *blk);

#endif
