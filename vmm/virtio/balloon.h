/* SPDX-License-Identifier: MIT */
/* virtio-balloon (virtio 1.2 section 5.5): the host asks the guest to give
 * back memory (num_pages, the target) and the guest hands over pages in
 * the inflate queue; the device then drops them from the host
 * (MADV_DONTNEED, or a hole punched in the memfd of shared RAM), so the
 * VMM's RSS really falls.  Deflated pages come back on the guest's next
 * touch.  Also: the statistics queue (the guest's memory figures, refreshed
 * on request or every stats_interval seconds), free page reporting (the
 * guest reports free pages, which are dropped the same way) and
 * DEFLATE_ON_OOM (the guest takes pages back rather than run out).
 *
 * Queues are numbered in the order the driver sets them up: inflate,
 * deflate, then stats and reporting as negotiated (5.5.2).  Inflate and
 * deflate run in the QueueNotify access; a stats poller thread runs only
 * with a polling interval. */
#ifndef VMM_VIRTIO_BALLOON_H
#define VMM_VIRTIO_BALLOON_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "vmm/virtio/core.h"

#define VIRTIO_BALLOON_F_MUST_TELL_HOST 0
#define VIRTIO_BALLOON_F_STATS_VQ       1
#define VIRTIO_BALLOON_F_DEFLATE_ON_OOM 2
#define VIRTIO_BALLOON_F_REPORTING      5
#define VIRTIO_BALLOON_PAGE_SIZE        4096
#define VIRTIO_BALLOON_CONFIG_SIZE      8    /* num_pages, actual */
#define VIRTIO_BALLOON_QUEUE_SIZE       256
#define VIRTIO_BALLOON_NR_STATS         16   /* tags 0..15 kept */

struct virtio_balloon_opts {
	uint32_t target_pages;      /* initial num_pages */
	bool deflate_on_oom;
	bool free_page_reporting;
	unsigned stats_interval_s;  /* 0: statistics only on request */
	int ram_fd;                 /* guest RAM's memfd, or -1 (private anonymous) */
};

struct virtio_balloon_stats {
	bool valid[VIRTIO_BALLOON_NR_STATS];
	uint64_t val[VIRTIO_BALLOON_NR_STATS];   /* by VIRTIO_BALLOON_S_* tag */
	uint64_t updates;                        /* stats buffers received */
};

struct virtio_balloon {
	struct virtio_dev vdev;
	int ram_fd;
	bool deflate_on_oom, reporting;
	uint32_t num_pages, actual;               /* config space, host order */
	uint64_t inflated_pages, deflated_pages, reported_pages, bad_pfns;
	struct virtio_balloon_stats stats;
	/* The stats buffer the driver left with the device (5.5.6.3). */
	bool stats_held;
	struct virtq_elem stats_elem;
	struct iovec stats_iov[4];

	unsigned stats_interval_s;
	bool poller_running, poller_stop;
	pthread_t poller;
	pthread_cond_t poller_cond;
};

int virtio_balloon_init(struct virtio_balloon *b, const struct virtio_balloon_opts *opts);
/* Start the stats poller (when an interval is set). */
int virtio_balloon_start(struct virtio_balloon *b);
void virtio_balloon_exit(struct virtio_balloon *b);

/* Any thread (take no device lock): set the target and notify the guest. */
void virtio_balloon_set_target(struct virtio_balloon *b, uint32_t pages);
/* Ask the guest for fresh statistics (they arrive asynchronously). */
void virtio_balloon_request_stats(struct virtio_balloon *b);
void virtio_balloon_set_stats_interval(struct virtio_balloon *b, unsigned seconds);
/* A consistent copy of the figures. */
void virtio_balloon_read(struct virtio_balloon *b, uint32_t *target, uint32_t *actual,
			 struct virtio_balloon_stats *stats);

#endif
