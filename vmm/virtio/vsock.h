/* SPDX-License-Identifier: MIT */
/* virtio-vsock (virtio 1.2 section 5.10) with Firecracker's host model:
 * guest AF_VSOCK stream sockets meet host AF_UNIX sockets.
 *
 *   --vsock cid=N,uds=PATH
 *   host -> guest: a host program connects to the unix socket PATH (rvkvm
 *     listens there) and writes "CONNECT <port>\n"; once the guest
 *     accepted, rvkvm answers "OK <hostport>\n" (hostport: the host end's
 *     vsock port, from 2^30 up) and bytes flow both ways.  A guest RST
 *     (nobody listening), a bad line or a timeout closes the connection.
 *   guest -> host: a guest connection to CID 2 port P is connected to the
 *     unix socket PATH_P (e.g. /tmp/v.sock_5000); if nobody listens there
 *     the guest gets RST.
 *
 * Queues: rx (0, device -> driver), tx (1), event (2: never used, no
 * migration).  Stream sockets only (no feature bits: 5.10.3 "only stream").
 *
 * Flow control both ways (5.10.6.3): each connection holds at most
 * VIRTIO_VSOCK_BUF_ALLOC bytes the guest sent and the host has not taken
 * (that is the buf_alloc the guest sees; fwd_cnt counts what the host
 * took, announced again with CREDIT_UPDATE after every quarter of it), and
 * host bytes are read only as far as the guest's own buf_alloc/fwd_cnt
 * allow, straight into receive buffers.  Packets the device owes the guest
 * while it has no receive buffers wait as per-connection flags, and RSTs
 * for unknown connections in a bounded backlog; when the backlog is full
 * the transmit queue waits (5.10.6.1).
 *
 * The guest is hostile: a packet with a bad source CID or shorter than its
 * header is dropped; one for another CID, of another type, of an unknown
 * op, with a bad length, for an unknown connection, out of sequence or
 * beyond its credit is answered with RST (and ends its connection).
 * Descriptor chains in the wrong direction, and receive chains too short
 * for a header, break the queue (core.h).
 * Memory: at most VIRTIO_VSOCK_MAX_CONNS connections (host handshakes
 * included) of one VIRTIO_VSOCK_BUF_ALLOC buffer each.
 *
 * Threading as virtio-net: a device thread of its own polls the kick
 * eventfd (a KVM ioeventfd on QueueNotify), the listening socket and every
 * connection's unix socket, and runs queues under vdev.lock.  All
 * connection state belongs to that thread (a device reset only marks it
 * for the thread to drop). */
#ifndef VMM_VIRTIO_VSOCK_H
#define VMM_VIRTIO_VSOCK_H

#include <endian.h>
#include <poll.h>
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "vmm/virtio/core.h"

#ifndef VIRTIO_ID_VSOCK
#define VIRTIO_ID_VSOCK 19
#endif

#define VIRTIO_VSOCK_QUEUE_SIZE  256
#define VIRTIO_VSOCK_EVQ_SIZE    16
#define VIRTIO_VSOCK_CONFIG_SIZE 8     /* le64 guest_cid */
#define VIRTIO_VSOCK_HDR_SIZE    44    /* struct virtio_vsock_hdr, 5.10.6 */

#define VIRTIO_VSOCK_RXQ 0
#define VIRTIO_VSOCK_TXQ 1
#define VIRTIO_VSOCK_EVQ 2

#define VIRTIO_VSOCK_CID_HOST    2
#define VIRTIO_VSOCK_TYPE_STREAM 1

#define VIRTIO_VSOCK_OP_INVALID        0
#define VIRTIO_VSOCK_OP_REQUEST        1
#define VIRTIO_VSOCK_OP_RESPONSE       2
#define VIRTIO_VSOCK_OP_RST            3
#define VIRTIO_VSOCK_OP_SHUTDOWN       4
#define VIRTIO_VSOCK_OP_RW             5
#define VIRTIO_VSOCK_OP_CREDIT_UPDATE  6
#define VIRTIO_VSOCK_OP_CREDIT_REQUEST 7

#define VIRTIO_VSOCK_SHUTDOWN_RCV  1   /* the sender will receive no more */
#define VIRTIO_VSOCK_SHUTDOWN_SEND 2   /* the sender will send no more */

/* Limits */
#define VIRTIO_VSOCK_BUF_ALLOC    (256u << 10)  /* per connection: our buf_alloc */
#define VIRTIO_VSOCK_MAX_PKT      (64u << 10)   /* payload of one packet to the guest */
#define VIRTIO_VSOCK_MAX_CONNS    64
#define VIRTIO_VSOCK_RST_BACKLOG  64
#define VIRTIO_VSOCK_HASH_SIZE    128
#define VIRTIO_VSOCK_HOST_PORT_BASE (1u << 30)  /* ports of host-initiated connections */
#define VIRTIO_VSOCK_UDS_MAX      96            /* PATH_4294967295 fits sun_path */
#define VIRTIO_VSOCK_LINE_MAX     32            /* "CONNECT <port>\n" */

/* Default timeouts (ms): the host's CONNECT line, the guest's answer to a
 * REQUEST, and a closing connection (draining to the host, or waiting for
 * the guest's RST after our SHUTDOWN). */
#define VIRTIO_VSOCK_HANDSHAKE_MS 5000
#define VIRTIO_VSOCK_CONNECT_MS   5000
#define VIRTIO_VSOCK_CLOSE_MS     10000

/* The packet header, in host byte order. */
struct virtio_vsock_hdr {
	uint64_t src_cid, dst_cid;
	uint32_t src_port, dst_port;
	uint32_t len;
	uint16_t type, op;
	uint32_t flags, buf_alloc, fwd_cnt;
};

static inline void virtio_vsock_hdr_encode(uint8_t out[VIRTIO_VSOCK_HDR_SIZE],
					   const struct virtio_vsock_hdr *h)
{
	uint64_t q;
	uint32_t w;
	uint16_t s;
	q = htole64(h->src_cid); memcpy(out + 0, &q, 8);
	q = htole64(h->dst_cid); memcpy(out + 8, &q, 8);
	w = htole32(h->src_port); memcpy(out + 16, &w, 4);
	w = htole32(h->dst_port); memcpy(out + 20, &w, 4);
	w = htole32(h->len); memcpy(out + 24, &w, 4);
	s = htole16(h->type); memcpy(out + 28, &s, 2);
	s = htole16(h->op); memcpy(out + 30, &s, 2);
	w = htole32(h->flags); memcpy(out + 32, &w, 4);
	w = htole32(h->buf_alloc); memcpy(out + 36, &w, 4);
	w = htole32(h->fwd_cnt); memcpy(out + 40, &w, 4);
}

static inline void virtio_vsock_hdr_decode(const uint8_t in[VIRTIO_VSOCK_HDR_SIZE],
					   struct virtio_vsock_hdr *h)
{
	uint64_t q;
	uint32_t w;
	uint16_t s;
	memcpy(&q, in + 0, 8); h->src_cid = le64toh(q);
	memcpy(&q, in + 8, 8); h->dst_cid = le64toh(q);
	memcpy(&w, in + 16, 4); h->src_port = le32toh(w);
	memcpy(&w, in + 20, 4); h->dst_port = le32toh(w);
	memcpy(&w, in + 24, 4); h->len = le32toh(w);
	memcpy(&s, in + 28, 2); h->type = le16toh(s);
	memcpy(&s, in + 30, 2); h->op = le16toh(s);
	memcpy(&w, in + 32, 4); h->flags = le32toh(w);
	memcpy(&w, in + 36, 4); h->buf_alloc = le32toh(w);
	memcpy(&w, in + 40, 4); h->fwd_cnt = le32toh(w);
}

struct virtio_vsock_opts {
	uint64_t guest_cid;                        /* 3 .. 0xfffffffe */
	char uds_path[VIRTIO_VSOCK_UDS_MAX + 1];
};

struct virtio_vsock_stats {
	uint64_t tx_packets, tx_bytes;   /* from the guest (payload bytes) */
	uint64_t rx_packets, rx_bytes;   /* to the guest */
	uint64_t dropped;                /* guest packets ignored as malformed */
	uint64_t rst_sent, rst_dropped;  /* RSTs to the guest; lost to a full backlog */
	uint64_t conns_opened, conns_refused;
};

struct vsock_conn;

/* An RST owed to the guest for a connection we do not have (any more). */
struct vsock_rst {
	uint64_t src_cid;
	uint32_t src_port, dst_port;
};

#define VIRTIO_VSOCK_NFDS (3 + VIRTIO_VSOCK_MAX_CONNS)

struct virtio_vsock {
	struct virtio_dev vdev;
	uint8_t config[VIRTIO_VSOCK_CONFIG_SIZE];
	uint64_t guest_cid;
	char uds_path[VIRTIO_VSOCK_UDS_MAX + 1];
	int listen_fd;                /* AF_UNIX at uds_path */
	int kick_fd;                  /* eventfd: a queue was notified */
	int stop_fd;                  /* eventfd: the thread should end */
	pthread_t thread;
	bool running;
	unsigned handshake_ms, connect_ms, close_ms;   /* tests shorten them */

	/* Under vdev.lock; only the device thread (or a test driving
	 * virtio_vsock_process) touches connections. */
	bool reset_pending;           /* the driver reset the device */
	struct vsock_conn *conns;     /* every connection, newest first */
	struct vsock_conn *hash[VIRTIO_VSOCK_HASH_SIZE];  /* by (local, peer) port */
	unsigned nconns;
	uint32_t next_port;
	struct vsock_rst rst[VIRTIO_VSOCK_RST_BACKLOG];
	unsigned rst_head, rst_count;
	bool tx_stalled;              /* the RST backlog was full: tx waits for rx */
	struct iovec iov[VIRTIO_VSOCK_QUEUE_SIZE];          /* scratch */
	struct pollfd pfd[VIRTIO_VSOCK_NFDS];
	struct vsock_conn *pconn[VIRTIO_VSOCK_NFDS];
	struct virtio_vsock_stats stats;
};

/* "cid=N,uds=PATH" (either order).  Returns 0, or -EINVAL with a message
 * in err. */
int virtio_vsock_parse(const char *arg, struct virtio_vsock_opts *o, char *err, size_t errlen);
/* Set up the device and listen on opts->uds_path (a stale socket file there
 * is replaced; a live one or another file is an error).  Returns 0 or
 * -errno. */
int virtio_vsock_init(struct virtio_vsock *v, const struct virtio_vsock_opts *opts);
/* The eventfd a queue notification should signal (for KVM_IOEVENTFD). */
static inline int virtio_vsock_kick_fd(const struct virtio_vsock *v)
{
	return v->kick_fd;
}
/* Start the device thread, after the transport is bound. */
int virtio_vsock_start(struct virtio_vsock *v);
/* One iteration of the device thread's work without waiting: poll every
 * socket once, accept, transmit, receive, expire timers.  For tests that
 * drive the device without its thread. */
void virtio_vsock_process(struct virtio_vsock *v);
/* Stop the thread, close every connection and the listening socket
 * (unlinked). */
void virtio_vsock_exit(struct virtio_vsock *v);

#endif
