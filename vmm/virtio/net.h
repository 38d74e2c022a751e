/* SPDX-License-Identifier: MIT */
/* virtio-net (virtio 1.2 section 5.1): one receive and one transmit queue
 * in front of a network backend (vmm/net/backend.h).  Offers MAC, STATUS
 * (link up), MRG_RXBUF, and checksum offload both ways: CSUM (the device
 * completes a checksum the guest left partial) and GUEST_CSUM (frames the
 * backend made are marked validated).  A backend that takes the virtio-net
 * header itself (tap) also gets TSO/ECN both ways: the header passes
 * through and the host kernel segments and checksums.  No control queue.
 *
 * The device has a thread of its own, not a vCPU's: it waits on the
 * queue kick eventfd (a KVM ioeventfd on QueueNotify, or written by the
 * MMIO path), on the backend's descriptors and timers, moves transmit
 * chains to the backend and the backend's frames into receive buffers.
 * Frames for a guest with no receive buffers wait in a bounded backlog;
 * beyond it they are dropped (TCP retransmits), and tap stops reading. */
#ifndef VMM_VIRTIO_NET_H
#define VMM_VIRTIO_NET_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "vmm/net/backend.h"
#include "vmm/virtio/core.h"

#define VIRTIO_NET_QUEUE_SIZE  256
#define VIRTIO_NET_CONFIG_SIZE 8     /* mac[6], status */
#define VIRTIO_NET_HDR_SIZE    12    /* struct virtio_net_hdr, 5.1.6 */
#define VIRTIO_NET_BACKLOG     256   /* frames waiting for receive buffers */

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

/* Header flags and GSO types (5.1.6) */
#define VIRTIO_NET_HDR_F_NEEDS_CSUM 1
#define VIRTIO_NET_HDR_F_DATA_VALID 2
#define VIRTIO_NET_HDR_GSO_NONE     0
#define VIRTIO_NET_HDR_GSO_TCPV4    1
#define VIRTIO_NET_HDR_GSO_TCPV6    4
#define VIRTIO_NET_HDR_GSO_ECN      0x80
#define VIRTIO_NET_S_LINK_UP        1

#define VIRTIO_NET_RXQ 0
#define VIRTIO_NET_TXQ 1

struct virtio_net_opts {
	uint8_t mac[6];
	struct net_backend *backend;   /* owned by the device from init on */
};

struct virtio_net_frame {
	uint8_t *buf;       /* the virtio-net header (or room for it), then the frame */
	uint32_t len;       /* frame bytes */
};

struct virtio_net_stats {
	uint64_t rx_frames, rx_bytes, rx_dropped;
	uint64_t tx_frames, tx_bytes, tx_errors;
};

struct virtio_net {
	struct virtio_dev vdev;
	struct net_backend *be;
	uint8_t config[VIRTIO_NET_CONFIG_SIZE];
	int kick_fd;                  /* eventfd: a queue was notified */
	int stop_fd;                  /* eventfd: the thread should end */
	pthread_t thread;
	bool running;

	/* Touched by the device thread only (backends call up on it). */
	struct virtio_net_frame backlog[VIRTIO_NET_BACKLOG];
	unsigned backlog_head, backlog_count;
	uint8_t *tx_buf;              /* one linear transmit frame */

	struct virtio_net_stats stats; /* under vdev.lock */
};

/* Set up the device on opts->backend (taken over even on failure).
 * Returns 0 or -errno. */
int virtio_net_init(struct virtio_net *net, const struct virtio_net_opts *opts);
/* The eventfd a queue notification should signal (for KVM_IOEVENTFD). */
static inline int virtio_net_kick_fd(const struct virtio_net *net)
{
	return net->kick_fd;
}
/* Start the device thread, after the transport is bound. */
int virtio_net_start(struct virtio_net *net);
/* One iteration of the device thread's work without waiting: transmit,
 * then deliver the backlog.  For tests that drive the device without its
 * thread. */
void virtio_net_process(struct virtio_net *net);
/* Stop the thread and free everything, the backend included. */
void virtio_net_exit(struct virtio_net *net);
/* Parse "52:54:00:12:34:56"; returns 0 or -EINVAL. */
int virtio_net_parse_mac(const char *s, uint8_t mac[6]);

#endif
