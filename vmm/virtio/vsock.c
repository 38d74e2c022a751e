// SPDX-License-Identifier: MIT
/* virtio-vsock (virtio 1.2, 5.10) with Firecracker's unix-socket host
 * model, and its device thread; see vsock.h.
 *
 * A connection is keyed by (local port, peer port): the host end's vsock
 * port and the guest's.  Its life:
 *   host-initiated: accepted on uds_path (HANDSHAKE) -> "CONNECT <port>\n"
 *     read -> REQUEST to the guest (REQUEST) -> the guest's RESPONSE ->
 *     "OK <local port>\n" to the host (ESTABLISHED);
 *   guest-initiated: REQUEST -> connect(uds_path_<port>) -> RESPONSE
 *     (ESTABLISHED), or RST when nobody listens.
 * Closing: a guest SHUTDOWN is passed on (SHUT_WR once its bytes are all
 * with the host, SHUT_RD at once); when the guest shut both directions the
 * connection ends with our RST (the clean disconnect of 5.10.6.5) as soon
 * as its bytes are with the host.  EOF from the host is SHUTDOWN(SEND); a
 * hang-up or error is SHUTDOWN(RCV|SEND), and the connection lingers
 * without a socket until the guest's RST.  Timeouts end every waiting
 * state with RST.
 *
 * What the device owes the guest is kept as flags on the connection
 * (REQUEST, RESPONSE, SHUTDOWN, CREDIT_UPDATE) or, for connections that do
 * not exist, in the RST backlog; host bytes are never buffered: they are
 * read from the socket straight into a receive buffer when the guest has
 * credit and buffers.  Guest bytes go straight to the socket; what it does
 * not take waits in the connection's ring (at most buf_alloc bytes). */
#include "vmm/virtio/vsock.h"

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#define SHUT_BOTH (VIRTIO_VSOCK_SHUTDOWN_RCV | VIRTIO_VSOCK_SHUTDOWN_SEND)
#define BUF_ALLOC VIRTIO_VSOCK_BUF_ALLOC
#define HDR       VIRTIO_VSOCK_HDR_SIZE

enum conn_state {
	CONN_HANDSHAKE,    /* accepted on uds_path, reading "CONNECT <port>\n" */
	CONN_REQUEST,      /* host-initiated: REQUEST owed or sent, no answer yet */
	CONN_ESTABLISHED,
};

struct vsock_conn {
	struct vsock_conn *next, *prev;   /* v->conns */
	struct vsock_conn *hnext;         /* v->hash chain, once hashed */
	enum conn_state state;
	bool hashed;
	int fd;                           /* host unix socket; -1 once the host is gone */
	uint32_t local_port, peer_port;   /* host end, guest end */
	int64_t deadline;                 /* ms, CLOCK_MONOTONIC; 0: none */
	short revents;                    /* from this round's poll */

	/* Owed to the guest */
	bool want_request, want_response, want_credit;
	uint8_t want_shut, shut_sent;     /* SHUTDOWN flags owed / sent */
	uint8_t guest_shut;               /* SHUTDOWN flags the guest sent */

	/* The host socket */
	bool readable;                    /* worth a read: POLLIN seen, no EAGAIN since */
	bool hup;                         /* POLLHUP or POLLERR seen: no more polling */
	bool host_eof;                    /* read returned 0 */
	bool wr_shut;                     /* shutdown(SHUT_WR) passed on */
	char line[VIRTIO_VSOCK_LINE_MAX]; /* HANDSHAKE: the CONNECT line so far */
	unsigned line_len;
	char ack[24];                     /* "OK <port>\n" still to write */
	unsigned ack_len, ack_off;

	/* Guest -> host: the ring of bytes the host has not taken */
	uint8_t *out;                     /* BUF_ALLOC bytes, allocated when first needed */
	uint32_t out_head, out_len;
	uint32_t rx_cnt;                  /* payload bytes the guest sent */
	uint32_t fwd_cnt;                 /* of them, taken by the host */
	uint32_t fwd_told;                /* fwd_cnt in our last packet to the guest */

	/* Host -> guest */
	uint32_t sent_cnt;                /* payload bytes sent to the guest */
	uint32_t peer_buf_alloc, peer_fwd_cnt;
};

static struct virtio_vsock *to_vsock(struct virtio_dev *dev)
{
	return (struct virtio_vsock *)((char *)dev - offsetof(struct virtio_vsock, vdev));
}

static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static inline uint32_t min32(uint32_t a, uint32_t b)
{
	return a < b ? a : b;
}

static bool would_block(int e)
{
	return e == EAGAIN || e == EWOULDBLOCK || e == EINTR;
}

/* --- device ops ---------------------------------------------------------- */

static void vsock_kick(struct virtio_vsock *v)
{
	uint64_t one = 1;
	ssize_t r = write(v->kick_fd, &one, sizeof(one));
	(void)r;  /* EAGAIN: already non-zero, the thread will look */
}

static void vsock_config_read(struct virtio_dev *dev, uint32_t off, void *buf, uint32_t len)
{
	memcpy(buf, to_vsock(dev)->config + off, len);
}

/* A notification through the MMIO path (no ioeventfd) or DRIVER_OK: the
 * queues are the thread's business. */
static void vsock_queue_notify(struct virtio_dev *dev, struct virtqueue *vq)
{
	(void)vq;
	vsock_kick(to_vsock(dev));
}

/* Status 0, under dev->lock in a vCPU thread: the connections belong to
 * the device thread, which drops them before it next runs a queue. */
static void vsock_reset(struct virtio_dev *dev)
{
	struct virtio_vsock *v = to_vsock(dev);
	v->reset_pending = true;
	vsock_kick(v);
}

static const struct virtio_dev_ops vsock_ops = {
	.name = "vsock",
	.device_id = VIRTIO_ID_VSOCK,
	.config_read = vsock_config_read,
	.queue_notify = vsock_queue_notify,
	.reset = vsock_reset,
	.no_snapshot = "virtio-vsock connections (TRANSPORT_RESET) are not saved yet",
};

/* --- the connection table ------------------------------------------------- */

static unsigned conn_hash(uint32_t local, uint32_t peer)
{
	uint32_t x = (local ^ (peer * 0x9e3779b9u)) * 0x85ebca6bu;
	return (x >> 16) % VIRTIO_VSOCK_HASH_SIZE;
}

static struct vsock_conn *conn_find(struct virtio_vsock *v, uint32_t local, uint32_t peer)
{
	for (struct vsock_conn *c = v->hash[conn_hash(local, peer)]; c; c = c->hnext)
		if (c->local_port == local && c->peer_port == peer)
			return c;
	return NULL;
}

static void conn_hash_add(struct virtio_vsock *v, struct vsock_conn *c)
{
	unsigned h = conn_hash(c->local_port, c->peer_port);
	c->hnext = v->hash[h];
	v->hash[h] = c;
	c->hashed = true;
}

static struct vsock_conn *conn_new(struct virtio_vsock *v, int fd, enum conn_state state)
{
	struct vsock_conn *c = calloc(1, sizeof(*c));
	if (!c)
		return NULL;
	c->fd = fd;
	c->state = state;
	c->next = v->conns;
	if (v->conns)
		v->conns->prev = c;
	v->conns = c;
	v->nconns++;
	return c;
}

static void conn_free(struct virtio_vsock *v, struct vsock_conn *c)
{
	if (c->fd >= 0)
		close(c->fd);
	if (c->hashed) {
		struct vsock_conn **pp = &v->hash[conn_hash(c->local_port, c->peer_port)];
		while (*pp != c)
			pp = &(*pp)->hnext;
		*pp = c->hnext;
	}
	if (c->prev)
		c->prev->next = c->next;
	else
		v->conns = c->next;
	if (c->next)
		c->next->prev = c->prev;
	v->nconns--;
	free(c->out);
	free(c);
}

static void vsock_drop_all(struct virtio_vsock *v)
{
	while (v->conns)
		conn_free(v, v->conns);
	v->rst_head = v->rst_count = 0;
	v->tx_stalled = false;
	v->reset_pending = false;
}

/* Owe the guest an RST from (src_cid, src_port) to its dst_port. */
static void rst_queue(struct virtio_vsock *v, uint64_t src_cid, uint32_t src_port,
		      uint32_t dst_port)
{
	if (v->rst_count == VIRTIO_VSOCK_RST_BACKLOG) {
		v->stats.rst_dropped++;
		return;
	}
	unsigned i = (v->rst_head + v->rst_count++) % VIRTIO_VSOCK_RST_BACKLOG;
	v->rst[i] = (struct vsock_rst){ src_cid, src_port, dst_port };
}

/* The answer to a guest packet no connection takes. */
static void rst_reply(struct virtio_vsock *v, const struct virtio_vsock_hdr *h)
{
	rst_queue(v, h->dst_cid, h->dst_port, h->src_port);
}

/* End c; with rst, tell the guest, if it knows of the connection. */
static void conn_kill(struct virtio_vsock *v, struct vsock_conn *c, bool rst)
{
	if (rst && c->state != CONN_HANDSHAKE && !(c->state == CONN_REQUEST && c->want_request))
		rst_queue(v, VIRTIO_VSOCK_CID_HOST, c->local_port, c->peer_port);
	conn_free(v, c);
}

/* A port for the host end of a host-initiated connection to peer. */
static uint32_t vsock_alloc_port(struct virtio_vsock *v, uint32_t peer)
{
	for (;;) {  /* at most nconns ports are taken */
		uint32_t p = v->next_port++;
		if (v->next_port == UINT32_MAX)  /* VMADDR_PORT_ANY */
			v->next_port = VIRTIO_VSOCK_HOST_PORT_BASE;
		if (!conn_find(v, p, peer))
			return p;
	}
}

/* --- host socket I/O ---------------------------------------------------- */

/* dst = the bytes [skip, skip + len) of src[0..n), as at most max iovecs. */
static unsigned iov_slice(struct iovec *dst, unsigned max, const struct iovec *src, unsigned n,
			  size_t skip, size_t len)
{
	unsigned k = 0;
	for (unsigned i = 0; i < n && len && k < max; i++) {
		size_t l = src[i].iov_len;
		if (skip >= l) {
			skip -= l;
			continue;
		}
		size_t c = l - skip < len ? l - skip : len;
		dst[k].iov_base = (uint8_t *)src[i].iov_base + skip;
		dst[k].iov_len = c;
		k++;
		len -= c;
		skip = 0;
	}
	return k;
}

static uint32_t conn_credit(const struct vsock_conn *c)
{
	uint32_t in_flight = c->sent_cnt - c->peer_fwd_cnt;
	return in_flight >= c->peer_buf_alloc ? 0 : c->peer_buf_alloc - in_flight;
}

static bool conn_out_pending(const struct vsock_conn *c)
{
	return c->ack_off < c->ack_len || c->out_len;
}

/* Tell the guest of the space the host freed once it is a quarter of the
 * buffer: a sender waiting for credit then always gets some. */
static void conn_credit_check(struct vsock_conn *c)
{
	if (c->fwd_cnt - c->fwd_told >= BUF_ALLOC / 4)
		c->want_credit = true;
}

/* The host end is gone (hang-up, error, EPIPE).  Returns false when c was
 * freed. */
static bool conn_host_gone(struct virtio_vsock *v, struct vsock_conn *c)
{
	if (c->state == CONN_HANDSHAKE) {
		conn_free(v, c);
		return false;
	}
	if (c->state == CONN_REQUEST || c->guest_shut == SHUT_BOTH) {
		conn_kill(v, c, true);
		return false;
	}
	close(c->fd);
	c->fd = -1;
	c->out_len = 0;
	c->ack_len = c->ack_off = 0;
	c->readable = false;
	c->want_shut = SHUT_BOTH;
	c->deadline = now_ms() + v->close_ms;
	return true;
}

/* After the guest's bytes are all with the host: pass a SHUTDOWN(SEND) on,
 * and end a connection the guest shut both ways.  Returns false when c was
 * freed. */
static bool conn_after_out(struct virtio_vsock *v, struct vsock_conn *c)
{
	if (c->state != CONN_ESTABLISHED || conn_out_pending(c))
		return true;
	if (c->guest_shut == SHUT_BOTH) {
		conn_kill(v, c, true);
		return false;
	}
	if ((c->guest_shut & VIRTIO_VSOCK_SHUTDOWN_SEND) && !c->wr_shut && c->fd >= 0) {
		shutdown(c->fd, SHUT_WR);
		c->wr_shut = true;
	}
	return true;
}

/* Write what waits for the host: the OK line, then the ring.  Returns false
 * when c was freed. */
static bool conn_flush(struct virtio_vsock *v, struct vsock_conn *c)
{
	if (c->fd < 0)
		return true;
	while (c->ack_off < c->ack_len) {
		ssize_t w = send(c->fd, c->ack + c->ack_off, c->ack_len - c->ack_off,
				 MSG_NOSIGNAL | MSG_DONTWAIT);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			if (would_block(errno))
				return true;
			return conn_host_gone(v, c);
		}
		c->ack_off += (unsigned)w;
	}
	while (c->out_len) {
		uint32_t chunk = min32(c->out_len, BUF_ALLOC - c->out_head);
		ssize_t w = send(c->fd, c->out + c->out_head, chunk, MSG_NOSIGNAL | MSG_DONTWAIT);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			if (would_block(errno))
				break;
			return conn_host_gone(v, c);
		}
		c->out_head = (c->out_head + (uint32_t)w) % BUF_ALLOC;
		c->out_len -= (uint32_t)w;
		c->fwd_cnt += (uint32_t)w;
		if ((uint32_t)w < chunk)
			break;
	}
	conn_credit_check(c);
	return conn_after_out(v, c);
}

/* Guest bytes iov[skip, skip + len) for the host: straight to the socket
 * when nothing waits before them, the rest into the ring (the credit check
 * was done: it fits).  Returns false when c was freed. */
static bool conn_write(struct virtio_vsock *v, struct vsock_conn *c, const struct iovec *iov,
		       unsigned n, size_t skip, uint32_t len)
{
	if (c->fd < 0)
		return true;   /* the host is gone: the bytes go nowhere */
	if (!conn_out_pending(c)) {
		struct msghdr mh = { .msg_iov = v->iov };
		mh.msg_iovlen = iov_slice(v->iov, VIRTIO_VSOCK_QUEUE_SIZE, iov, n, skip, len);
		ssize_t w;
		do
			w = sendmsg(c->fd, &mh, MSG_NOSIGNAL | MSG_DONTWAIT);
		while (w < 0 && errno == EINTR);
		if (w < 0) {
			if (!would_block(errno))
				return conn_host_gone(v, c);
			w = 0;
		}
		c->fwd_cnt += (uint32_t)w;
		skip += (size_t)w;
		len -= (uint32_t)w;
	}
	if (len) {
		if (!c->out && !(c->out = malloc(BUF_ALLOC))) {
			conn_kill(v, c, true);
			return false;
		}
		uint32_t tail = (c->out_head + c->out_len) % BUF_ALLOC;
		uint32_t first = min32(len, BUF_ALLOC - tail);
		iov_to_buf(iov, n, skip, c->out + tail, first);
		iov_to_buf(iov, n, skip + first, c->out, len - first);
		c->out_len += len;
	}
	conn_credit_check(c);
	return true;
}

/* --- host-initiated connections ----------------------------------------- */

/* "CONNECT <port>\n", port 0..4294967294 in decimal. */
static bool parse_connect(const char *s, size_t n, uint32_t *port)
{
	static const char pre[] = "CONNECT ";
	size_t p = sizeof(pre) - 1;
	if (n < p + 2 || memcmp(s, pre, p) || s[n - 1] != '\n' || n - 1 - p > 10)
		return false;
	uint64_t val = 0;
	for (size_t i = p; i < n - 1; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		val = val * 10 + (uint64_t)(s[i] - '0');
	}
	if (val >= UINT32_MAX)
		return false;
	*port = (uint32_t)val;
	return true;
}

/* Read the CONNECT line (without reading past it: what follows is data
 * for the guest); once whole, owe the guest a REQUEST. */
static void conn_handshake(struct virtio_vsock *v, struct vsock_conn *c)
{
	char *nl = NULL;
	while (!nl) {
		char peek[VIRTIO_VSOCK_LINE_MAX];
		ssize_t n = recv(c->fd, peek, VIRTIO_VSOCK_LINE_MAX - c->line_len, MSG_PEEK);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && would_block(errno)) {
			c->readable = false;
			return;
		}
		if (n <= 0) {
			conn_free(v, c);
			return;
		}
		nl = memchr(peek, '\n', (size_t)n);
		size_t take = nl ? (size_t)(nl - peek + 1) : (size_t)n;
		if (recv(c->fd, c->line + c->line_len, take, 0) != (ssize_t)take) {
			conn_free(v, c);
			return;
		}
		c->line_len += (unsigned)take;
		if (!nl && c->line_len == VIRTIO_VSOCK_LINE_MAX) {
			conn_free(v, c);   /* no line this long is a CONNECT */
			return;
		}
	}
	uint32_t port;
	if (!parse_connect(c->line, c->line_len, &port)) {
		conn_free(v, c);
		return;
	}
	c->state = CONN_REQUEST;
	c->peer_port = port;
	c->local_port = vsock_alloc_port(v, port);
	conn_hash_add(v, c);
	c->want_request = true;
	c->readable = false;
	c->deadline = now_ms() + v->connect_ms;
}

static void vsock_accept(struct virtio_vsock *v)
{
	while (v->nconns < VIRTIO_VSOCK_MAX_CONNS) {
		int fd = accept4(v->listen_fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd < 0)
			return;
		struct vsock_conn *c = conn_new(v, fd, CONN_HANDSHAKE);
		if (!c) {
			close(fd);
			return;
		}
		c->deadline = now_ms() + v->handshake_ms;
		conn_handshake(v, c);
	}
}

/* --- guest packets (the tx queue) ------------------------------------------ */

/* A REQUEST from the guest: connect to uds_path_<port>. */
static void vsock_guest_connect(struct virtio_vsock *v, const struct virtio_vsock_hdr *h)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	struct vsock_conn *c;
	int fd = -1;
	if (v->nconns >= VIRTIO_VSOCK_MAX_CONNS)
		goto refuse;
	snprintf(a.sun_path, sizeof(a.sun_path), "%s_%" PRIu32, v->uds_path, h->dst_port);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	/* Non-blocking: a full backlog (EAGAIN) refuses rather than waits. */
	if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof(a)) < 0)
		goto refuse;
	c = conn_new(v, fd, CONN_ESTABLISHED);
	if (!c)
		goto refuse;
	c->local_port = h->dst_port;
	c->peer_port = h->src_port;
	conn_hash_add(v, c);
	c->peer_buf_alloc = h->buf_alloc;
	c->peer_fwd_cnt = h->fwd_cnt;
	c->want_response = true;
	c->readable = true;
	v->stats.conns_opened++;
	return;
refuse:
	if (fd >= 0)
		close(fd);
	v->stats.conns_refused++;
	rst_reply(v, h);
}

/* The guest accepted a host-initiated connection. */
static void conn_establish(struct virtio_vsock *v, struct vsock_conn *c)
{
	c->state = CONN_ESTABLISHED;
	c->deadline = 0;
	c->ack_len = (unsigned)snprintf(c->ack, sizeof(c->ack), "OK %" PRIu32 "\n", c->local_port);
	c->ack_off = 0;
	c->readable = true;   /* the host may have written already */
	v->stats.conns_opened++;
	conn_flush(v, c);
}

static void vsock_tx_packet(struct virtio_vsock *v, const struct virtq_elem *e)
{
	uint8_t raw[HDR];
	struct virtio_vsock_hdr h;
	if (e->out_len < HDR) {
		v->stats.dropped++;
		return;
	}
	iov_to_buf(e->iov, e->nout, 0, raw, HDR);
	virtio_vsock_hdr_decode(raw, &h);
	/* 5.10.6.4: the guest's packets come from its CID; others are not
	 * even worth an answer. */
	if (h.src_cid != v->guest_cid) {
		v->stats.dropped++;
		return;
	}
	v->stats.tx_packets++;
	/* The connection the packet names (whatever its type: a bad one
	 * ends it). */
	struct vsock_conn *c = NULL;
	if (h.dst_cid == VIRTIO_VSOCK_CID_HOST)
		c = conn_find(v, h.dst_port, h.src_port);
	if (h.op == VIRTIO_VSOCK_OP_RST) {
		if (c)
			conn_free(v, c);   /* refused or aborted by the guest: no answer */
		return;
	}
	/* Another CID, another socket type (5.10.6.4: RST), an op we do not
	 * know, a length beyond the packet or on a control packet. */
	if (h.dst_cid != VIRTIO_VSOCK_CID_HOST || h.type != VIRTIO_VSOCK_TYPE_STREAM ||
	    h.op == VIRTIO_VSOCK_OP_INVALID || h.op > VIRTIO_VSOCK_OP_CREDIT_REQUEST ||
	    h.len > e->out_len - HDR || (h.op != VIRTIO_VSOCK_OP_RW && h.len)) {
		v->stats.dropped++;
		if (c)
			conn_kill(v, c, true);
		else
			rst_reply(v, &h);
		return;
	}
	if (h.op == VIRTIO_VSOCK_OP_REQUEST) {
		/* A port pair the guest reuses after a close it already saw
		 * through starts over; a live one is a protocol error. */
		if (c && (c->fd < 0 || c->guest_shut == SHUT_BOTH || c->shut_sent == SHUT_BOTH)) {
			conn_free(v, c);
			c = NULL;
		}
		if (c)
			conn_kill(v, c, true);
		else
			vsock_guest_connect(v, &h);
		return;
	}
	if (!c) {
		rst_reply(v, &h);
		return;
	}
	/* 5.10.6.3: every packet of a stream carries the sender's credit. */
	c->peer_buf_alloc = h.buf_alloc;
	c->peer_fwd_cnt = h.fwd_cnt;
	if (c->state != CONN_ESTABLISHED) {
		/* Our REQUEST is out: RESPONSE or RST (above) only. */
		if (c->state == CONN_REQUEST && !c->want_request && h.op == VIRTIO_VSOCK_OP_RESPONSE)
			conn_establish(v, c);
		else
			conn_kill(v, c, true);
		return;
	}
	switch (h.op) {
	case VIRTIO_VSOCK_OP_RW:
		/* 5.10.6.3.1: the guest sends only what our credit allows. */
		if ((c->guest_shut & VIRTIO_VSOCK_SHUTDOWN_SEND) || c->want_response ||
		    h.len > BUF_ALLOC - min32(c->rx_cnt - c->fwd_told, BUF_ALLOC)) {
			v->stats.dropped++;
			conn_kill(v, c, true);
			return;
		}
		c->rx_cnt += h.len;
		v->stats.tx_bytes += h.len;
		if (h.len)
			conn_write(v, c, e->iov, e->nout, HDR, h.len);
		return;
	case VIRTIO_VSOCK_OP_CREDIT_UPDATE:
		return;    /* taken above; reading resumes at the next poll */
	case VIRTIO_VSOCK_OP_CREDIT_REQUEST:
		c->want_credit = true;
		return;
	case VIRTIO_VSOCK_OP_SHUTDOWN:
		c->guest_shut |= (uint8_t)(h.flags & SHUT_BOTH);
		if ((c->guest_shut & VIRTIO_VSOCK_SHUTDOWN_RCV) && c->fd >= 0)
			shutdown(c->fd, SHUT_RD);
		if (c->guest_shut == SHUT_BOTH && !c->deadline)
			c->deadline = now_ms() + v->close_ms;   /* for the host to drain */
		conn_after_out(v, c);
		return;
	default:   /* REQUEST handled above; RESPONSE on an open connection */
		v->stats.dropped++;
		conn_kill(v, c, true);
		return;
	}
}

/* Take the guest's packets, while the RST backlog has room for answers. */
static bool vsock_tx(struct virtio_vsock *v)
{
	struct virtio_dev *dev = &v->vdev;
	struct virtqueue *vq = &dev->vqs[VIRTIO_VSOCK_TXQ];
	struct virtq_elem e;
	if (!virtio_vq_begin(dev, vq))
		return false;
	while (v->rst_count < VIRTIO_VSOCK_RST_BACKLOG) {
		if (virtq_pop(dev, vq, &e) <= 0)
			break;
		if (e.nin) {
			virtio_dev_fail(dev, vq, "transmit chain %u has device-writable buffers", e.head);
			break;
		}
		vsock_tx_packet(v, &e);
		virtq_push(dev, vq, &e, 0);
	}
	v->tx_stalled = v->rst_count == VIRTIO_VSOCK_RST_BACKLOG;
	virtio_vq_end(dev, vq);
	return vq->pending;
}

/* --- packets for the guest (the rx queue) --------------------------------- */

/* The next receive buffer: 1, 0 when there is none (or the run's budget is
 * spent), -1 when the queue broke. */
static int rx_pop(struct virtio_vsock *v, struct virtqueue *vq, struct virtq_elem *e)
{
	int r = virtq_pop(&v->vdev, vq, e);
	if (r <= 0)
		return r;
	if (e->nout) {
		virtio_dev_fail(&v->vdev, vq, "receive chain %u has device-readable buffers", e->head);
		return -1;
	}
	if (e->in_len < HDR) {
		virtio_dev_fail(&v->vdev, vq, "receive chain %u has %u bytes, less than a packet "
				"header", e->head, e->in_len);
		return -1;
	}
	return 1;
}

static void rx_push(struct virtio_vsock *v, struct virtqueue *vq, const struct virtq_elem *e,
		    const struct virtio_vsock_hdr *h)
{
	uint8_t raw[HDR];
	virtio_vsock_hdr_encode(raw, h);
	iov_from_buf(e->iov + e->nout, e->nin, 0, raw, HDR);
	virtq_push(&v->vdev, vq, e, HDR + h->len);
	v->stats.rx_packets++;
	v->stats.rx_bytes += h->len;
	if (h->op == VIRTIO_VSOCK_OP_RST)
		v->stats.rst_sent++;
}

/* A header from c, with our credit (which counts as told). */
static void conn_hdr(struct virtio_vsock *v, struct vsock_conn *c, struct virtio_vsock_hdr *h,
		     uint16_t op)
{
	*h = (struct virtio_vsock_hdr){
		.src_cid = VIRTIO_VSOCK_CID_HOST, .dst_cid = v->guest_cid,
		.src_port = c->local_port, .dst_port = c->peer_port,
		.type = VIRTIO_VSOCK_TYPE_STREAM, .op = op,
		.buf_alloc = BUF_ALLOC, .fwd_cnt = c->fwd_cnt,
	};
	c->fwd_told = c->fwd_cnt;
	c->want_credit = false;
}

static bool conn_wants_read(const struct vsock_conn *c)
{
	return c->state == CONN_ESTABLISHED && c->fd >= 0 && c->readable && !c->host_eof &&
	       !c->want_response && !(c->guest_shut & VIRTIO_VSOCK_SHUTDOWN_RCV) &&
	       conn_credit(c) > 0;
}

/* Give the guest c's next packet: 1 when one went out, 0 when c owes
 * nothing now (c may have been freed), -1 when there is no receive buffer. */
static int conn_rx_one(struct virtio_vsock *v, struct virtqueue *vq, struct vsock_conn *c)
{
	struct virtq_elem e;
	struct virtio_vsock_hdr h;
	uint16_t op;
	if (c->state == CONN_HANDSHAKE)
		return 0;
	if (c->state == CONN_REQUEST) {
		if (!c->want_request)
			return 0;
		op = VIRTIO_VSOCK_OP_REQUEST;
		goto control;
	}
	if (c->want_response) {
		op = VIRTIO_VSOCK_OP_RESPONSE;
		goto control;
	}
	if (conn_wants_read(c)) {
		if (rx_pop(v, vq, &e) <= 0)
			return -1;
		/* Host bytes straight into the buffer, as far as credit goes. */
		uint32_t n = min32(min32(e.in_len - HDR, conn_credit(c)), VIRTIO_VSOCK_MAX_PKT);
		if (!n) {
			/* A buffer with room for a header only: spend it on
			 * credit news, the data takes the next one. */
			conn_hdr(v, c, &h, VIRTIO_VSOCK_OP_CREDIT_UPDATE);
			rx_push(v, vq, &e, &h);
			return 1;
		}
		unsigned k = iov_slice(v->iov, VIRTIO_VSOCK_QUEUE_SIZE, e.iov + e.nout, e.nin, HDR, n);
		ssize_t got;
		do
			got = readv(c->fd, v->iov, (int)k);
		while (got < 0 && errno == EINTR);
		if (got > 0) {
			conn_hdr(v, c, &h, VIRTIO_VSOCK_OP_RW);
			h.len = (uint32_t)got;
			c->sent_cnt += (uint32_t)got;
			rx_push(v, vq, &e, &h);
			return 1;
		}
		virtq_rewind(vq, 1);
		if (got == 0) {
			c->host_eof = true;
			c->want_shut |= VIRTIO_VSOCK_SHUTDOWN_SEND;
			if (c->hup && !conn_host_gone(v, c))
				return 0;
		} else if (would_block(errno)) {
			c->readable = false;
		} else if (!conn_host_gone(v, c)) {
			return 0;
		}
	}
	if (c->want_shut & ~c->shut_sent) {
		op = VIRTIO_VSOCK_OP_SHUTDOWN;
		goto control;
	}
	if (c->want_credit) {
		op = VIRTIO_VSOCK_OP_CREDIT_UPDATE;
		goto control;
	}
	return 0;
control:
	if (rx_pop(v, vq, &e) <= 0)
		return -1;
	conn_hdr(v, c, &h, op);
	if (op == VIRTIO_VSOCK_OP_REQUEST) {
		c->want_request = false;
	} else if (op == VIRTIO_VSOCK_OP_RESPONSE) {
		c->want_response = false;
	} else if (op == VIRTIO_VSOCK_OP_SHUTDOWN) {
		h.flags = c->want_shut;
		c->shut_sent = c->want_shut;
	}
	rx_push(v, vq, &e, &h);
	return 1;
}

/* Deliver what is owed: the RST backlog, then one packet per connection
 * per round while buffers last.  True when the run's budget ran out. */
static bool vsock_rx(struct virtio_vsock *v)
{
	struct virtio_dev *dev = &v->vdev;
	struct virtqueue *vq = &dev->vqs[VIRTIO_VSOCK_RXQ];
	struct virtq_elem e;
	int r = 0;
	if (!virtio_vq_begin(dev, vq))
		return false;
	while (v->rst_count) {
		if (rx_pop(v, vq, &e) <= 0) {
			r = -1;
			break;
		}
		const struct vsock_rst *x = &v->rst[v->rst_head];
		struct virtio_vsock_hdr h = {
			.src_cid = x->src_cid, .dst_cid = v->guest_cid,
			.src_port = x->src_port, .dst_port = x->dst_port,
			.type = VIRTIO_VSOCK_TYPE_STREAM, .op = VIRTIO_VSOCK_OP_RST,
		};
		rx_push(v, vq, &e, &h);
		v->rst_head = (v->rst_head + 1) % VIRTIO_VSOCK_RST_BACKLOG;
		v->rst_count--;
	}
	for (bool progress = true; r >= 0 && progress;) {
		progress = false;
		struct vsock_conn *next;
		for (struct vsock_conn *c = v->conns; c && r >= 0; c = next) {
			next = c->next;
			r = conn_rx_one(v, vq, c);
			progress |= r > 0;
		}
	}
	virtio_vq_end(dev, vq);
	return vq->pending;
}

/* --- the device thread ----------------------------------------------------- */

/* What to poll c's socket for; -1: not at all. */
static short conn_events(const struct vsock_conn *c)
{
	if (c->fd < 0 || c->hup)
		return -1;
	if (c->state == CONN_HANDSHAKE)
		return POLLIN;
	if (c->state == CONN_REQUEST)
		return 0;          /* hang-ups only */
	short ev = 0;
	if (!c->readable && !c->host_eof && !(c->guest_shut & VIRTIO_VSOCK_SHUTDOWN_RCV) &&
	    conn_credit(c) > 0)
		ev |= POLLIN;
	if (conn_out_pending(c))
		ev |= POLLOUT;
	return ev;
}

static void conn_poll_done(struct virtio_vsock *v, struct vsock_conn *c)
{
	short re = c->revents;
	c->revents = 0;
	if (!re)
		return;
	if (re & (POLLHUP | POLLERR))
		c->hup = true;     /* reported whatever we ask: stop polling */
	if (re & (POLLIN | POLLHUP | POLLERR))
		c->readable = true;
	if (c->state == CONN_HANDSHAKE) {
		conn_handshake(v, c);
		return;
	}
	if (c->state == CONN_REQUEST) {
		if (c->hup)
			conn_host_gone(v, c);
		return;
	}
	if ((re & POLLOUT) && !conn_flush(v, c))
		return;
	/* After a hang-up the host has nothing more once its last bytes are
	 * read, or once the guest takes no more. */
	if (c->hup && c->fd >= 0 && (c->host_eof || (c->guest_shut & VIRTIO_VSOCK_SHUTDOWN_RCV)))
		conn_host_gone(v, c);
}

/* End connections past their deadline; return the next deadline, -1 none. */
static int64_t vsock_timers(struct virtio_vsock *v, int64_t now)
{
	int64_t next = -1;
	struct vsock_conn *n;
	for (struct vsock_conn *c = v->conns; c; c = n) {
		n = c->next;
		if (!c->deadline)
			continue;
		if (c->deadline <= now)
			conn_kill(v, c, true);
		else if (next < 0 || c->deadline < next)
			next = c->deadline;
	}
	return next;
}

/* One round: poll the sockets (waiting for something to happen, or not at
 * all), then handle what they said and run the queues.  Returns 1 when more
 * work waits at once, 0 when not, -1 when the thread should stop. */
static int vsock_iterate(struct virtio_vsock *v, bool wait)
{
	struct virtio_dev *dev = &v->vdev;
	unsigned n = 0, first;
	int listen_i = -1;
	pthread_mutex_lock(&dev->lock);
	if (v->reset_pending)
		vsock_drop_all(v);
	int64_t now = now_ms(), next = vsock_timers(v, now);
	v->pfd[n++] = (struct pollfd){ .fd = v->kick_fd, .events = POLLIN };
	v->pfd[n++] = (struct pollfd){ .fd = v->stop_fd, .events = POLLIN };
	if (v->nconns < VIRTIO_VSOCK_MAX_CONNS) {
		listen_i = (int)n;
		v->pfd[n++] = (struct pollfd){ .fd = v->listen_fd, .events = POLLIN };
	}
	first = n;
	for (struct vsock_conn *c = v->conns; c; c = c->next) {
		short ev = conn_events(c);
		c->revents = 0;
		if (ev < 0)
			continue;
		v->pfd[n] = (struct pollfd){ .fd = c->fd, .events = ev };
		v->pconn[n++] = c;
	}
	pthread_mutex_unlock(&dev->lock);

	int timeout = 0;
	if (wait)
		timeout = next < 0 ? -1 : next - now > INT_MAX ? INT_MAX : (int)(next - now);
	int pr = poll(v->pfd, n, timeout);
	if (pr < 0 && errno != EINTR) {
		fprintf(stderr, "rvkvm: virtio-vsock: poll: %s\n", strerror(errno));
		return -1;
	}
	if (pr > 0 && v->pfd[1].revents)
		return -1;

	/* The connections polled are still there: only this thread frees
	 * them (a reset only marks them). */
	pthread_mutex_lock(&dev->lock);
	if (v->reset_pending) {
		vsock_drop_all(v);
	} else if (pr > 0) {
		if (v->pfd[0].revents) {
			uint64_t val;
			ssize_t r = read(v->kick_fd, &val, sizeof(val));
			(void)r;
		}
		for (unsigned i = first; i < n; i++)
			v->pconn[i]->revents = v->pfd[i].revents;
		struct vsock_conn *nc;
		for (struct vsock_conn *c = v->conns; c; c = nc) {
			nc = c->next;
			conn_poll_done(v, c);
		}
		if (listen_i >= 0 && (v->pfd[listen_i].revents & POLLIN))
			vsock_accept(v);
	}
	vsock_timers(v, now_ms());
	bool more = vsock_tx(v);
	more |= vsock_rx(v);
	/* The rx run made room for the answers tx was waiting to give. */
	if (v->tx_stalled && v->rst_count < VIRTIO_VSOCK_RST_BACKLOG)
		more = true;
	pthread_mutex_unlock(&dev->lock);
	return more;
}

void virtio_vsock_process(struct virtio_vsock *v)
{
	vsock_iterate(v, false);
}

static void *vsock_thread(void *opaque)
{
	struct virtio_vsock *v = opaque;
	int more = 0;
	while ((more = vsock_iterate(v, more == 0)) >= 0)
		;
	return NULL;
}

/* --- set-up ----------------------------------------------------------------- */

int virtio_vsock_parse(const char *arg, struct virtio_vsock_opts *o, char *err, size_t errlen)
{
	bool cid = false, uds = false;
	memset(o, 0, sizeof(*o));
	for (const char *p = arg; *p;) {
		size_t len = strcspn(p, ",");
		if (len > 4 && !strncmp(p, "cid=", 4) && !cid) {
			uint64_t val = 0;
			for (size_t i = 4; i < len; i++) {
				if (p[i] < '0' || p[i] > '9' || val > UINT32_MAX) {
					val = 0;
					break;
				}
				val = val * 10 + (uint64_t)(p[i] - '0');
			}
			/* 5.10.4: 0, 1, 2 (the host) and 0xffffffff are reserved,
			 * the upper 32 bits zero. */
			if (val < 3 || val >= UINT32_MAX) {
				snprintf(err, errlen, "cid '%.*s' is not a guest CID (3 to %u)",
					 (int)(len - 4), p + 4, UINT32_MAX - 1);
				return -EINVAL;
			}
			o->guest_cid = val;
			cid = true;
		} else if (len > 4 && !strncmp(p, "uds=", 4) && !uds) {
			if (len - 4 > VIRTIO_VSOCK_UDS_MAX) {
				snprintf(err, errlen, "uds path longer than %d bytes", VIRTIO_VSOCK_UDS_MAX);
				return -EINVAL;
			}
			memcpy(o->uds_path, p + 4, len - 4);
			o->uds_path[len - 4] = '\0';
			uds = true;
		} else {
			snprintf(err, errlen, "bad or repeated option '%.*s' (cid=N,uds=PATH)",
				 (int)len, p);
			return -EINVAL;
		}
		p += len;
		if (*p == ',')
			p++;
	}
	if (!cid || !uds) {
		snprintf(err, errlen, "needs cid=N,uds=PATH");
		return -EINVAL;
	}
	return 0;
}

/* Listen on uds_path.  A socket file nobody listens on is left over from an
 * earlier run and replaced. */
static int vsock_listen(struct virtio_vsock *v)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	struct stat st;
	memcpy(a.sun_path, v->uds_path, strlen(v->uds_path) + 1);
	if (lstat(a.sun_path, &st) == 0) {
		if (!S_ISSOCK(st.st_mode)) {
			fprintf(stderr, "rvkvm: --vsock: %s exists and is not a socket\n", a.sun_path);
			return -EEXIST;
		}
		int t = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
		bool live = t >= 0 && (connect(t, (struct sockaddr *)&a, sizeof(a)) == 0 ||
				       errno == EAGAIN);
		if (t >= 0)
			close(t);
		if (live) {
			fprintf(stderr, "rvkvm: --vsock: something listens on %s already\n", a.sun_path);
			return -EADDRINUSE;
		}
		unlink(a.sun_path);
	}
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof(a)) < 0 || listen(fd, 32) < 0) {
		int e = errno;
		fprintf(stderr, "rvkvm: --vsock: cannot listen on %s: %s\n", a.sun_path, strerror(e));
		if (fd >= 0)
			close(fd);
		return -e;
	}
	v->listen_fd = fd;
	return 0;
}

int virtio_vsock_init(struct virtio_vsock *v, const struct virtio_vsock_opts *opts)
{
	memset(v, 0, sizeof(*v));
	v->listen_fd = v->kick_fd = v->stop_fd = -1;
	size_t ul = strnlen(opts->uds_path, sizeof(opts->uds_path));
	if (opts->guest_cid < 3 || opts->guest_cid >= UINT32_MAX || !ul ||
	    ul > VIRTIO_VSOCK_UDS_MAX)
		return -EINVAL;
	memcpy(v->uds_path, opts->uds_path, ul);
	v->guest_cid = opts->guest_cid;
	uint64_t cid = htole64(opts->guest_cid);
	memcpy(v->config, &cid, sizeof(cid));
	v->handshake_ms = VIRTIO_VSOCK_HANDSHAKE_MS;
	v->connect_ms = VIRTIO_VSOCK_CONNECT_MS;
	v->close_ms = VIRTIO_VSOCK_CLOSE_MS;
	v->next_port = VIRTIO_VSOCK_HOST_PORT_BASE;
	v->kick_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	v->stop_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	int r = v->kick_fd < 0 || v->stop_fd < 0 ? -errno : vsock_listen(v);
	if (!r) {
		uint16_t qsize[3] = { VIRTIO_VSOCK_QUEUE_SIZE, VIRTIO_VSOCK_QUEUE_SIZE,
				      VIRTIO_VSOCK_EVQ_SIZE };
		r = virtio_dev_init(&v->vdev, &vsock_ops, 0, VIRTIO_VSOCK_CONFIG_SIZE, 3, qsize);
	}
	if (r < 0)
		virtio_vsock_exit(v);
	return r;
}

int virtio_vsock_start(struct virtio_vsock *v)
{
	int e = pthread_create(&v->thread, NULL, vsock_thread, v);
	if (e) {
		fprintf(stderr, "rvkvm: virtio-vsock: cannot start the device thread: %s\n", strerror(e));
		return -e;
	}
	v->running = true;
	return 0;
}

void virtio_vsock_exit(struct virtio_vsock *v)
{
	if (v->running) {
		uint64_t one = 1;
		ssize_t r = write(v->stop_fd, &one, sizeof(one));
		(void)r;
		pthread_join(v->thread, NULL);
		v->running = false;
	}
	vsock_drop_all(v);
	if (v->listen_fd >= 0) {
		close(v->listen_fd);
		unlink(v->uds_path);
	}
	if (v->vdev.ops)
		virtio_dev_exit(&v->vdev);
	if (v->kick_fd >= 0)
		close(v->kick_fd);
	if (v->stop_fd >= 0)
		close(v->stop_fd);
	v->listen_fd = v->kick_fd = v->stop_fd = -1;
}
