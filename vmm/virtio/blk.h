/* SPDX-License-Identifier: MIT */
/* virtio-blk (virtio 1.2 section 5.2) on a raw image file: 512-byte
 * sectors, VIRTIO_BLK_T_IN/OUT/FLUSH/GET_ID/DISCARD/WRITE_ZEROES, one or
 * more request queues (MQ).  Offers SEG_MAX, BLK_SIZE, FLUSH, MQ, DISCARD
 * and WRITE_ZEROES, plus RO for a read-only image.
 *
 * Two ways to run: started (virtio_blk_start), a device thread of its own
 * takes the queue kicks (a KVM ioeventfd on QueueNotify) and does the I/O
 * with io_uring, many requests in flight, completing them as the host
 * finishes them; the vCPU threads never wait for the disk.  Where io_uring
 * is unavailable the thread does the I/O synchronously.  Not started
 * (unit tests, the fuzzer), requests complete synchronously inside the
 * QueueNotify access.
 *
 * `direct`: reads and writes whose buffers and lengths are 512-byte aligned
 * (what Linux sends) go through an O_DIRECT descriptor, past the host's
 * page cache, as QEMU's cache=none; others through the buffered one.
 * Buffered (the default), a large page-aligned read of a range not wholly
 * in the host's page cache (cachestat(2)) also goes O_DIRECT: the host's
 * readahead reads a cold image at a third of the disk's speed, and data
 * already cached (an image booted before, a range just written) is still
 * copied from the cache.  O_DIRECT reads write back dirty cached pages of
 * their range first (the kernel does), so both descriptors see one image.
 *
 * Durability: a write completes once the host kernel has it (page cache),
 * so it survives the VMM being killed; FLUSH is fdatasync, so a write the
 * guest flushed survives the host losing power. */
#ifndef VMM_VIRTIO_BLK_H
#define VMM_VIRTIO_BLK_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vmm/aio.h"
#include "vmm/virtio/core.h"

#define VIRTIO_BLK_QUEUE_SIZE  256
#define VIRTIO_BLK_MAX_QUEUES  8
#define VIRTIO_BLK_CONFIG_SIZE 0x3c   /* through write_zeroes_may_unmap + pad */
#define VIRTIO_BLK_ID_BYTES    20
/* The smallest buffered-mode read that goes O_DIRECT when its range is not
 * cached: readahead serves smaller ones well enough, and a 4 KiB random
 * read must not pay a cachestat call. */
#define VIRTIO_BLK_COLD_READ_MIN (128u << 10)

/* Feature bits (5.2.3) */
#define VIRTIO_BLK_F_SIZE_MAX     1
#define VIRTIO_BLK_F_SEG_MAX      2
#define VIRTIO_BLK_F_RO           5
#define VIRTIO_BLK_F_BLK_SIZE     6
#define VIRTIO_BLK_F_FLUSH        9
#define VIRTIO_BLK_F_MQ           12
#define VIRTIO_BLK_F_DISCARD      13
#define VIRTIO_BLK_F_WRITE_ZEROES 14

/* Requests and status (5.2.6) */
#define VIRTIO_BLK_T_IN           0
#define VIRTIO_BLK_T_OUT          1
#define VIRTIO_BLK_T_FLUSH        4
#define VIRTIO_BLK_T_GET_ID       8
#define VIRTIO_BLK_T_DISCARD      11
#define VIRTIO_BLK_T_WRITE_ZEROES 13
#define VIRTIO_BLK_S_OK           0
#define VIRTIO_BLK_S_IOERR        1
#define VIRTIO_BLK_S_UNSUPP       2
#define VIRTIO_BLK_SECTOR         512
#define VIRTIO_BLK_WRITE_ZEROES_FLAG_UNMAP 1

/* DISCARD / WRITE_ZEROES limits offered in the configuration space. */
#define VIRTIO_BLK_MAX_DISCARD_SECTORS (1u << 22)   /* 2 GiB per segment */
#define VIRTIO_BLK_MAX_DISCARD_SEG     32

struct virtio_blk_opts {
	const char *path;      /* raw image: a regular file or block device */
	bool readonly;
	const char *serial;    /* GET_ID string (up to 20 bytes); NULL: "rvkvm-blk" */
	unsigned num_queues;   /* 1..VIRTIO_BLK_MAX_QUEUES; 0 means 1 */
	bool direct;           /* reads and writes with O_DIRECT where aligned */
	bool defer_lock;       /* an incoming migration: virtio_blk_lock once the source lets go */
};

struct virtio_blk {
	struct virtio_dev vdev;
	int fd;
	int fd_direct;                         /* O_DIRECT twin of fd, or -1 */
	bool cold_direct;                      /* cachestat works: cold reads may use fd_direct */
	uint64_t cold_reads;                   /* reads that did (device thread's) */
	bool readonly;
	bool is_blockdev;
	bool io_error_logged;
	bool locked;                           /* holds the image's flock */
	bool direct;                           /* opts->direct, for a swapped image too */
	bool swapping;                         /* virtio_blk_swap drains: take no requests */
	uint64_t capacity;                     /* in 512-byte sectors */
	uint8_t config[VIRTIO_BLK_CONFIG_SIZE];
	char id[VIRTIO_BLK_ID_BYTES];
	struct iovec seg[VIRTIO_BLK_QUEUE_SIZE];  /* data part of one synchronous request */

	/* The device thread (virtio_blk_start). */
	bool running;
	pthread_t thread;
	int kick_fd, stop_fd;                  /* eventfds */
	struct aio *aio;                       /* NULL: synchronous I/O in the thread */
	unsigned inflight;                     /* requests handed to aio (under vdev.lock) */
	unsigned inflight_q[VIRTIO_BLK_MAX_QUEUES];
	pthread_cond_t idle;                   /* inflight reached 0 */
};

/* Open the image (locked against other writers) and set up the device.
 * Errors are reported on stderr; returns 0 or -errno. */
int virtio_blk_init(struct virtio_blk *blk, const struct virtio_blk_opts *opts);
/* Move the device's work to a thread of its own, after the transport is
 * bound; the kick eventfd is then what QueueNotify must signal. */
int virtio_blk_start(struct virtio_blk *blk);
static inline int virtio_blk_kick_fd(const struct virtio_blk *blk)
{
	return blk->kick_fd;
}
void virtio_blk_exit(struct virtio_blk *blk);
/* Live migration hands the image over between two processes: the source,
 * paused and frozen, flushes and unlocks it; the destination locks it
 * (waiting up to timeout_ms for the source).  0 or -errno. */
int virtio_blk_lock(struct virtio_blk *blk, unsigned timeout_ms);
int virtio_blk_unlock(struct virtio_blk *blk);
/* Another image behind the running device (PATCH /drives): path is opened
 * and locked as at init (same read-only and direct settings), the requests
 * in flight finish on the old image, then the new one serves and its
 * capacity reaches the driver through a configuration change
 * notification; the old image is closed (unlocked).  The image already in
 * use (resized on the host) only has its size read again.  Any thread
 * but the device's.  0, or -errno with the reason in err and the old image
 * still in use. */
int virtio_blk_swap(struct virtio_blk *blk, const char *path, char *err, size_t errlen);

#endif
