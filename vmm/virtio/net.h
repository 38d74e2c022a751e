/* SPDX-License-Identifier: MIT */
/* virtio-net (virtio 1.2 section 5.1): receive and transmit queues in
 * front of a network backend (vmm/net/backend.h).  Offers MAC, STATUS
 * (link up), MRG_RXBUF, and checksum offload both ways: CSUM (the device
 * completes a checksum the guest left partial) and GUEST_CSUM (frames the
 * backend made are marked validated).  A backend that takes the virtio-net
 * header itself (tap) also gets TSO/ECN both ways: the header passes
 * through and the host kernel segments and checksums.
 *
 * Queue pairs: one by default (receiveq1 = 0, transmitq1 = 1, no control
 * queue).  With N > 1 (a multiqueue tap, one backend per pair) the device
 * also offers MQ and CTRL_VQ: queues receiveq1, transmitq1, ...,
 * receiveqN, transmitqN, then the control queue (index 2N; index 2 when
 * the driver took CTRL_VQ without MQ), max_virtqueue_pairs = N in the
 * configuration space.  The control queue takes only VIRTIO_NET_CTRL_MQ /
 * VQ_PAIRS_SET (5.1.6.5.5); everything else is answered VIRTIO_NET_ERR.
 * Only the first curr_pairs pairs carry traffic: 1 until the driver sets
 * more.  The backends of the others are switched off (the host steers no
 * frames to them), their transmit queues are drained without sending.
 *
 * Each queue pair has a thread of its own, not a vCPU's: it waits on its
 * kick eventfd (a KVM ioeventfd on QueueNotify for the pair's two queues,
 * or written by the MMIO path), on its backend's descriptors and timers,
 * moves transmit chains to the backend and the backend's frames into
 * receive buffers.  The threads share the device lock only for queue runs
 * of at most QueueNum chains, and send to the backend outside it, so one
 * pair's traffic does not hold up another's.  Frames for a guest with no
 * receive buffers wait in a bounded backlog per pair; beyond it they are
 * dropped (TCP retransmits), and tap stops reading.  Control commands run
 * inside the QueueNotify access (they are rare and short). */
#ifndef VMM_VIRTIO_NET_H
#define VMM_VIRTIO_NET_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "vmm/net/backend.h"
#include "vmm/virtio/core.h"

#define VIRTIO_NET_QUEUE_SIZE  256
#define VIRTIO_NET_CTRL_QUEUE_SIZE 64
#define VIRTIO_NET_MAX_PAIRS   8
#define VIRTIO_NET_CONFIG_SIZE 8     /* mac[6], status */
#define VIRTIO_NET_CONFIG_SIZE_MQ 10 /* ..., max_virtqueue_pairs */
#define VIRTIO_NET_HDR_SIZE    12    /* struct virtio_net_hdr, 5.1.6 */
#define VIRTIO_NET_BACKLOG     256   /* frames per pair waiting for receive buffers */
#define VIRTIO_NET_TX_BATCH    64    /* frames per transmit run sent outside the lock */
#define VIRTIO_NET_TX_STAGE    (4 * (VIRTIO_NET_HDR_SIZE + NET_MAX_FRAME))  /* bytes */

/* Feature bits (5.1.3) */
#define VIRTIO_NET_F_CSUM       0
#define VIRTIO_NET_F_GUEST_CSUM 1
#define VIRTIO_NET_F_GUEST_TSO4 7
#define VIRTIO_NET_F_GUEST_TSO6 8
#define VIRTIO_NET_F_GUEST_ECN  9
#define VIRTIO_NET_F_HOST_TSO4  11
#define VIRTIO_NET_F_HOST_TSO6  12
#define VIRTIO_NET_F_HOST_ECN   13
#define VIRTIO_NET_F_MAC        5
#define VIRTIO_NET_F_MRG_RXBUF  15
#define VIRTIO_NET_F_STATUS     16
#define VIRTIO_NET_F_CTRL_VQ    17
#define VIRTIO_NET_F_MQ         22

/* Header flags and GSO types (5.1.6) */
#define VIRTIO_NET_HDR_F_NEEDS_CSUM 1
#define VIRTIO_NET_HDR_F_DATA_VALID 2
#define VIRTIO_NET_HDR_GSO_NONE     0
#define VIRTIO_NET_HDR_GSO_TCPV4    1
#define VIRTIO_NET_HDR_GSO_TCPV6    4
#define VIRTIO_NET_HDR_GSO_ECN      0x80
#define VIRTIO_NET_S_LINK_UP        1

/* The control queue (5.1.6.5): class, command, data (device-readable),
 * then the ack byte (device-writable). */
#define VIRTIO_NET_OK                   0
#define VIRTIO_NET_ERR                  1
#define VIRTIO_NET_CTRL_MQ              4
#define VIRTIO_NET_CTRL_MQ_VQ_PAIRS_SET 0   /* le16 virtqueue_pairs */

/* Queue pair 0's queues; pair i's are 2i and 2i + 1. */
#define VIRTIO_NET_RXQ 0
#define VIRTIO_NET_TXQ 1

struct virtio_net_opts {
	uint8_t mac[6];
	/* Owned by the device from init on, even when init fails: one
	 * backend (nr_pairs 0), or one per queue pair in
	 * backends[0..nr_pairs), the queues of one host interface. */
	struct net_backend *backend;
	unsigned nr_pairs;
	struct net_backend *backends[VIRTIO_NET_MAX_PAIRS];
	/* Print each pair's counters to stderr when the device goes away. */
	bool report_stats;
};

struct virtio_net_frame {
	uint8_t *buf;       /* the virtio-net header (or room for it), then the frame */
	uint32_t len;       /* frame bytes */
};

struct virtio_net_stats {
	uint64_t rx_frames, rx_bytes, rx_dropped;
	uint64_t tx_frames, tx_bytes, tx_errors;
};

struct virtio_net;

struct virtio_net_pair {
	struct virtio_net *net;
	unsigned index;
	struct net_backend *be;
	int kick_fd;                  /* eventfd: one of the pair's queues was notified */
	pthread_t thread;
	bool running;

	/* Touched by the pair's thread only (its backend calls up on it). */
	struct virtio_net_frame *backlog;   /* VIRTIO_NET_BACKLOG entries */
	unsigned backlog_head, backlog_count;
	uint8_t *tx_stage;            /* transmit frames on their way to the backend */
	uint32_t tx_len[VIRTIO_NET_TX_BATCH];

	struct virtio_net_stats stats; /* under vdev.lock; rx_dropped atomic */
};

struct virtio_net {
	struct virtio_dev vdev;
	uint8_t config[VIRTIO_NET_CONFIG_SIZE_MQ];
	unsigned nr_pairs;            /* max_virtqueue_pairs */
	/* Under vdev.lock, read atomically by the pair threads: the pairs in
	 * use (5.1.6.5.5) and the control queue's index as the driver
	 * negotiated it (-1: none). */
	unsigned curr_pairs;
	int ctrl_index;
	struct virtio_net_pair *pairs;
	int stop_fd;                  /* eventfd: the threads should end */
	bool report_stats;

	/* Pair 0's backend (the others' are queues of the same interface and
	 * alike) and backlog (the others' are allocated). */
	struct net_backend *be;
	struct virtio_net_frame backlog[VIRTIO_NET_BACKLOG];
	unsigned backlog_count;       /* frames waiting in every pair's backlog (atomic) */
	struct virtio_net_stats stats; /* all pairs; under vdev.lock, rx_dropped atomic */
	uint64_t ctrl_ok, ctrl_err;   /* control commands acked either way, under vdev.lock */
};

/* Set up the device on opts' backends (taken over even on failure).
 * Returns 0 or -errno. */
int virtio_net_init(struct virtio_net *net, const struct virtio_net_opts *opts);
/* The queue pairs the device has. */
static inline unsigned virtio_net_nr_pairs(const struct virtio_net *net)
{
	return net->nr_pairs;
}
/* The eventfd a notification of pair's queues (2 * pair, 2 * pair + 1)
 * should signal (for KVM_IOEVENTFD).  With one pair, every queue's. */
static inline int virtio_net_pair_kick_fd(const struct virtio_net *net, unsigned pair)
{
	return net->pairs[pair].kick_fd;
}
static inline int virtio_net_kick_fd(const struct virtio_net *net)
{
	return virtio_net_pair_kick_fd(net, 0);
}
/* Start the pairs' threads, after the transport is bound. */
int virtio_net_start(struct virtio_net *net);
/* One iteration of the threads' work without waiting, pair by pair:
 * transmit, then deliver the backlog.  For tests that drive the device
 * without its threads. */
void virtio_net_process(struct virtio_net *net);
/* Stop the threads and free everything, the backends included. */
void virtio_net_exit(struct virtio_net *net);
/* Parse "52:54:00:12:34:56"; returns 0 or -EINVAL. */
int virtio_net_parse_mac(const char *s, uint8_t mac[6]);

#endif
