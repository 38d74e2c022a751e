// SPDX-License-Identifier: MIT
/* virtio-net (virtio 1.2, 5.1) and its device thread; see net.h.
 *
 * Transmit (5.1.6.2): a chain is a 12-byte header and the frame, all
 * device-readable; a device-writable part or a missing header breaks the
 * queue, a frame the device cannot send (runt, oversized, a GSO type or a
 * checksum request that was not negotiated, a checksum position outside
 * the frame) is dropped and counted.
 * Receive (5.1.6.3, 5.1.6.4): each frame goes into one chain, or with
 * MRG_RXBUF into as many as it needs, num_buffers telling how many; the
 * used elements are published together.  A chain with device-readable
 * buffers breaks the queue; without MRG_RXBUF a frame larger than the
 * chain is dropped and the chain left for the next one. */
#include "vmm/virtio/net.h"

#include <endian.h>
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#define ETH_HLEN 14

static struct virtio_net *to_net(struct virtio_dev *dev)
{
	return (struct virtio_net *)((char *)dev - offsetof(struct virtio_net, vdev));
}

static void virtio_net_config_read(struct virtio_dev *dev, uint32_t off, void *buf, uint32_t len)
{
	memcpy(buf, to_net(dev)->config + off, len);
}

static void virtio_net_kick(struct virtio_net *net)
{
	uint64_t one = 1;
	ssize_t r = write(net->kick_fd, &one, sizeof(one));
	(void)r;  /* EAGAIN: the counter is already non-zero, the thread will look */
}

/* A notification through the MMIO path (no ioeventfd) or DRIVER_OK: the
 * queues are the thread's business. */
static void virtio_net_queue_notify(struct virtio_dev *dev, struct virtqueue *vq)
{
	(void)vq;
	virtio_net_kick(to_net(dev));
}

/* 5.1.3.1: the offloads' dependencies; then the backend learns what the
 * guest takes on receive. */
static bool virtio_net_features_ok(struct virtio_dev *dev, uint64_t f)
{
#define HAS(b) ((f >> (b)) & 1)
	if ((HAS(VIRTIO_NET_F_GUEST_TSO4) || HAS(VIRTIO_NET_F_GUEST_TSO6)) &&
	    !HAS(VIRTIO_NET_F_GUEST_CSUM))
		return false;
	if (HAS(VIRTIO_NET_F_GUEST_ECN) && !HAS(VIRTIO_NET_F_GUEST_TSO4) && !HAS(VIRTIO_NET_F_GUEST_TSO6))
		return false;
	if ((HAS(VIRTIO_NET_F_HOST_TSO4) || HAS(VIRTIO_NET_F_HOST_TSO6)) && !HAS(VIRTIO_NET_F_CSUM))
		return false;
	if (HAS(VIRTIO_NET_F_HOST_ECN) && !HAS(VIRTIO_NET_F_HOST_TSO4) && !HAS(VIRTIO_NET_F_HOST_TSO6))
		return false;
#undef HAS
	struct net_backend *be = to_net(dev)->be;
	if (be->vnet_hdr && be->set_guest_offloads)
		be->set_guest_offloads(be, f);
	return true;
}

static const struct virtio_dev_ops virtio_net_ops = {
	.name = "net",
	.device_id = VIRTIO_ID_NET,
	.config_read = virtio_net_config_read,
	.features_ok = virtio_net_features_ok,
	.queue_notify = virtio_net_queue_notify,
};

/* --- transmit ---------------------------------------------------------- */

/* Complete a partial checksum (5.1.6.2: from csum_start to the end, stored
 * at csum_start + csum_offset; the field holds the pseudo-header sum). */
static bool net_csum_complete(uint8_t *f, size_t len, uint16_t start, uint16_t off)
{
	if (start >= len || off > len - start || len - start - off < 2)
		return false;
	uint64_t sum = 0;
	size_t i = start;
	for (; i + 1 < len; i += 2)
		sum += (uint32_t)f[i] << 8 | f[i + 1];
	if (i < len)
		sum += (uint32_t)f[i] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	uint16_t c = (uint16_t)~sum;
	/* UDP sends a computed 0 as 0xffff (RFC 768: 0 means none); in ones'
	 * complement both are zero, so TCP and ICMP verify either way. */
	if (!c)
		c = 0xffff;
	f[start + off] = (uint8_t)(c >> 8);
	f[start + off + 1] = (uint8_t)c;
	return true;
}

/* The GSO type in a transmit header, against what was negotiated. */
static bool net_gso_ok(const struct virtio_dev *dev, uint8_t gso)
{
	switch (gso & ~VIRTIO_NET_HDR_GSO_ECN) {
	case VIRTIO_NET_HDR_GSO_NONE:
		return !(gso & VIRTIO_NET_HDR_GSO_ECN);
	case VIRTIO_NET_HDR_GSO_TCPV4:
	case VIRTIO_NET_HDR_GSO_TCPV6:
		if ((gso & VIRTIO_NET_HDR_GSO_ECN) && !virtio_has_feature(dev, VIRTIO_NET_F_HOST_ECN))
			return false;
		return virtio_has_feature(dev, (gso & ~VIRTIO_NET_HDR_GSO_ECN) == VIRTIO_NET_HDR_GSO_TCPV4 ?
					  VIRTIO_NET_F_HOST_TSO4 : VIRTIO_NET_F_HOST_TSO6);
	default:
		return false;
	}
}

/* One transmit chain into net->tx_buf; returns the length to send (the
 * frame, with the header in front for a vnet_hdr backend), 0 to drop it,
 * -1 when the chain broke the queue. */
static long virtio_net_tx_frame(struct virtio_net *net, struct virtqueue *vq,
				const struct virtq_elem *e)
{
	struct virtio_dev *dev = &net->vdev;
	uint8_t hdr[VIRTIO_NET_HDR_SIZE];
	if (e->nin) {
		virtio_dev_fail(dev, vq, "transmit chain %u has device-writable buffers", e->head);
		return -1;
	}
	if (e->out_len < VIRTIO_NET_HDR_SIZE) {
		virtio_dev_fail(dev, vq, "transmit chain %u has %u bytes, no 12-byte header",
				e->head, e->out_len);
		return -1;
	}
	size_t len = e->out_len - VIRTIO_NET_HDR_SIZE;
	if (len < ETH_HLEN || len > NET_MAX_FRAME)
		return 0;
	iov_to_buf(e->iov, e->nout, 0, hdr, sizeof(hdr));
	uint8_t flags = hdr[0], gso = hdr[1];
	if (!net_gso_ok(dev, gso))
		return 0;   /* a GSO type that was not negotiated */
	if ((flags & VIRTIO_NET_HDR_F_NEEDS_CSUM) && !virtio_has_feature(dev, VIRTIO_NET_F_CSUM))
		return 0;
	if (net->be->vnet_hdr) {
		/* The host kernel checks the header (as it does for any tap
		 * writer), checksums and segments. */
		iov_to_buf(e->iov, e->nout, 0, net->tx_buf, VIRTIO_NET_HDR_SIZE + len);
		return (long)(VIRTIO_NET_HDR_SIZE + len);
	}
	iov_to_buf(e->iov, e->nout, VIRTIO_NET_HDR_SIZE, net->tx_buf, len);
	uint16_t csum_start, csum_off;
	memcpy(&csum_start, hdr + 6, 2);
	memcpy(&csum_off, hdr + 8, 2);
	if ((flags & VIRTIO_NET_HDR_F_NEEDS_CSUM) &&
	    !net_csum_complete(net->tx_buf, len, le16toh(csum_start), le16toh(csum_off)))
		return 0;
	return (long)len;
}

/* Send what the guest queued; true when chains were left for next time. */
static bool virtio_net_tx(struct virtio_net *net)
{
	struct virtio_dev *dev = &net->vdev;
	struct virtqueue *vq = &dev->vqs[VIRTIO_NET_TXQ];
	struct virtq_elem e;
	pthread_mutex_lock(&dev->lock);
	if (!virtio_vq_begin(dev, vq)) {
		pthread_mutex_unlock(&dev->lock);
		return false;
	}
	while (virtq_pop(dev, vq, &e) > 0) {
		long len = virtio_net_tx_frame(net, vq, &e);
		if (len < 0)
			break;
		if (len > 0) {
			/* The backend may answer at once (ARP, DHCP): its frames
			 * go to the backlog, which needs no lock. */
			net->be->ops->send(net->be, net->tx_buf, (size_t)len);
			net->stats.tx_frames++;
			net->stats.tx_bytes += (uint64_t)len;
		} else {
			net->stats.tx_errors++;
		}
		virtq_push(dev, vq, &e, 0);
	}
	virtio_vq_end(dev, vq);
	bool more = vq->pending;
	pthread_mutex_unlock(&dev->lock);
	return more;
}

/* --- receive ----------------------------------------------------------- */

/* The backend's frame for the guest: copied into the backlog. */
static bool virtio_net_receive(void *opaque, const uint8_t *frame, size_t len)
{
	struct virtio_net *net = opaque;
	/* A vnet_hdr backend's frames bring their header; the others get room
	 * for one. */
	size_t hdr = net->be->vnet_hdr ? VIRTIO_NET_HDR_SIZE : 0;
	if (len < hdr + ETH_HLEN || len - hdr > NET_MAX_FRAME ||
	    net->backlog_count == VIRTIO_NET_BACKLOG) {
		net->stats.rx_dropped++;
		return false;
	}
	uint8_t *buf = malloc(VIRTIO_NET_HDR_SIZE - hdr + len);
	if (!buf) {
		net->stats.rx_dropped++;
		return false;
	}
	memcpy(buf + VIRTIO_NET_HDR_SIZE - hdr, frame, len);
	len -= hdr;
	unsigned tail = (net->backlog_head + net->backlog_count) % VIRTIO_NET_BACKLOG;
	net->backlog[tail] = (struct virtio_net_frame){ buf, (uint32_t)len };
	net->backlog_count++;
	return true;
}

static bool virtio_net_has_room(void *opaque)
{
	struct virtio_net *net = opaque;
	return net->backlog_count < VIRTIO_NET_BACKLOG;
}

static void virtio_net_backlog_drop_head(struct virtio_net *net)
{
	free(net->backlog[net->backlog_head].buf);
	net->backlog[net->backlog_head].buf = NULL;
	net->backlog_head = (net->backlog_head + 1) % VIRTIO_NET_BACKLOG;
	net->backlog_count--;
}

/* Put one frame into receive buffers.  Returns 1 when the frame is done
 * with (delivered or dropped), 0 when buffers ran out (nothing published),
 * -1 when the queue broke. */
static int virtio_net_rx_frame(struct virtio_net *net, struct virtqueue *vq,
			       struct virtio_net_frame *f)
{
	struct virtio_dev *dev = &net->vdev;
	bool mrg = virtio_has_feature(dev, VIRTIO_NET_F_MRG_RXBUF);
	uint8_t *p = f->buf;
	size_t total = VIRTIO_NET_HDR_SIZE + f->len, done = 0;
	/* 5.1.6.4: flags, gso NONE, num_buffers patched in below; a vnet_hdr
	 * backend's header is the host kernel's, made for the offloads the
	 * guest accepted (set_guest_offloads). */
	if (!net->be->vnet_hdr) {
		memset(p, 0, VIRTIO_NET_HDR_SIZE);
		if (net->be->csum_valid && virtio_has_feature(dev, VIRTIO_NET_F_GUEST_CSUM))
			p[0] = VIRTIO_NET_HDR_F_DATA_VALID;
	}
	p[10] = 1;
	p[11] = 0;
	/* The first chain's writable buffers, to patch num_buffers (bytes
	 * 10..11) after the scratch iov moved on: 12 bytes span at most 12
	 * non-empty buffers. */
	struct iovec first[VIRTIO_NET_HDR_SIZE];
	unsigned nfirst = 0, k = 0;
	struct virtq_elem e;
	while (done < total) {
		int r = virtq_pop(dev, vq, &e);
		if (r < 0)
			return -1;
		if (r == 0) {
			virtq_rewind(vq, k);
			/* Larger than the whole ring: waiting would block every
			 * frame behind it, as the driver cannot add buffers to
			 * a ring the device holds. */
			if (k && k >= vq->num) {
				net->stats.rx_dropped++;
				return 1;
			}
			return 0;
		}
		if (e.nout) {
			virtio_dev_fail(dev, vq, "receive chain %u has device-readable buffers", e.head);
			return -1;
		}
		if (!mrg && e.in_len < total) {
			/* 5.1.6.3.1 asks for buffers that hold any frame; this one
			 * does not: drop the frame, keep the buffer. */
			virtq_rewind(vq, 1);
			net->stats.rx_dropped++;
			return 1;
		}
		if (!e.in_len) {
			virtio_dev_fail(dev, vq, "receive chain %u has no device-writable bytes", e.head);
			return -1;
		}
		if (k == 0) {
			nfirst = e.nin < VIRTIO_NET_HDR_SIZE ? e.nin : VIRTIO_NET_HDR_SIZE;
			memcpy(first, e.iov + e.nout, nfirst * sizeof(first[0]));
		}
		size_t n = iov_from_buf(e.iov + e.nout, e.nin, 0, p + done, total - done);
		virtq_fill(dev, vq, &e, (uint32_t)n, k);
		done += n;
		k++;
	}
	if (k > 1) {
		uint16_t nb = htole16((uint16_t)k);
		iov_from_buf(first, nfirst, 10, &nb, 2);
	}
	virtq_flush(dev, vq, k);
	net->stats.rx_frames++;
	net->stats.rx_bytes += f->len;
	return 1;
}

/* Deliver the backlog; true when buffers may remain for another run. */
static bool virtio_net_rx(struct virtio_net *net)
{
	struct virtio_dev *dev = &net->vdev;
	struct virtqueue *vq = &dev->vqs[VIRTIO_NET_RXQ];
	if (!net->backlog_count)
		return false;
	pthread_mutex_lock(&dev->lock);
	if (!virtio_vq_begin(dev, vq)) {
		pthread_mutex_unlock(&dev->lock);
		return false;
	}
	while (net->backlog_count) {
		int r = virtio_net_rx_frame(net, vq, &net->backlog[net->backlog_head]);
		if (r == 0)
			break;
		if (r < 0) {
			while (net->backlog_count) {
				virtio_net_backlog_drop_head(net);
				net->stats.rx_dropped++;
			}
			break;
		}
		virtio_net_backlog_drop_head(net);
	}
	virtio_vq_end(dev, vq);
	bool more = vq->pending && net->backlog_count;
	pthread_mutex_unlock(&dev->lock);
	return more;
}

/* --- the device thread ----------------------------------------------- */

void virtio_net_process(struct virtio_net *net)
{
	virtio_net_tx(net);
	virtio_net_rx(net);
}

static void *virtio_net_thread(void *opaque)
{
	struct virtio_net *net = opaque;
	struct net_pollset ps = { 0 };
	bool more = true;
	for (;;) {
		ps.n = 0;
		int kick = net_pollset_add(&ps, net->kick_fd, POLLIN);
		int stop = net_pollset_add(&ps, net->stop_fd, POLLIN);
		if (kick < 0 || stop < 0) {
			fprintf(stderr, "rvkvm: virtio-net: out of memory\n");
			break;
		}
		int timeout = more ? 0 : -1;
		net->be->ops->poll_fill(net->be, &ps, &timeout,
					net->backlog_count < VIRTIO_NET_BACKLOG);
		if (poll(ps.fds, ps.n, timeout) < 0 && errno != EINTR) {
			fprintf(stderr, "rvkvm: virtio-net: poll: %s\n", strerror(errno));
			break;
		}
		if (ps.fds[stop].revents)
			break;
		if (ps.fds[kick].revents) {
			uint64_t v;
			ssize_t r = read(net->kick_fd, &v, sizeof(v));
			(void)r;
		}
		more = virtio_net_tx(net);
		net->be->ops->poll_done(net->be, &ps);
		more |= virtio_net_rx(net);
	}
	net_pollset_free(&ps);
	return NULL;
}

/* --- set-up ------------------------------------------------------------ */

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
		return (c | 0x20) - 'a' + 10;
	return -1;
}

int virtio_net_parse_mac(const char *s, uint8_t mac[6])
{
	/* Exactly xx:xx:xx:xx:xx:xx, hex digits only. */
	if (strlen(s) != 17)
		return -EINVAL;
	for (int i = 0; i < 6; i++) {
		int hi = hexval(s[3 * i]), lo = hexval(s[3 * i + 1]);
		if (hi < 0 || lo < 0 || (i < 5 && s[3 * i + 2] != ':'))
			return -EINVAL;
		mac[i] = (uint8_t)(hi << 4 | lo);
	}
	/* A multicast address cannot be a station's. */
	return mac[0] & 1 ? -EINVAL : 0;
}

int virtio_net_init(struct virtio_net *net, const struct virtio_net_opts *opts)
{
	memset(net, 0, sizeof(*net));
	net->kick_fd = net->stop_fd = -1;
	net->be = opts->backend;
	if (!net->be)
		return -EINVAL;
	net->be->receive = virtio_net_receive;
	net->be->has_room = virtio_net_has_room;
	net->be->opaque = net;
	net->tx_buf = malloc(VIRTIO_NET_HDR_SIZE + NET_MAX_FRAME);
	net->kick_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	net->stop_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (!net->tx_buf || net->kick_fd < 0 || net->stop_fd < 0) {
		int err = net->tx_buf ? errno : ENOMEM;
		virtio_net_exit(net);
		return -err;
	}
	/* 5.1.4: mac, then status (link up). */
	memcpy(net->config, opts->mac, 6);
	uint16_t status = htole16(VIRTIO_NET_S_LINK_UP);
	memcpy(net->config + 6, &status, 2);

	uint64_t features = VIRTIO_BIT(VIRTIO_NET_F_MAC) | VIRTIO_BIT(VIRTIO_NET_F_STATUS) |
			    VIRTIO_BIT(VIRTIO_NET_F_MRG_RXBUF) | VIRTIO_BIT(VIRTIO_NET_F_CSUM) |
			    VIRTIO_BIT(VIRTIO_NET_F_GUEST_CSUM);
	if (net->be->vnet_hdr)
		features |= VIRTIO_BIT(VIRTIO_NET_F_HOST_TSO4) | VIRTIO_BIT(VIRTIO_NET_F_HOST_TSO6) |
			    VIRTIO_BIT(VIRTIO_NET_F_HOST_ECN) | VIRTIO_BIT(VIRTIO_NET_F_GUEST_TSO4) |
			    VIRTIO_BIT(VIRTIO_NET_F_GUEST_TSO6) | VIRTIO_BIT(VIRTIO_NET_F_GUEST_ECN);
	uint16_t qsize[2] = { VIRTIO_NET_QUEUE_SIZE, VIRTIO_NET_QUEUE_SIZE };
	int r = virtio_dev_init(&net->vdev, &virtio_net_ops, features, VIRTIO_NET_CONFIG_SIZE,
				2, qsize);
	if (r < 0) {
		virtio_net_exit(net);
		return r;
	}
	return 0;
}

int virtio_net_start(struct virtio_net *net)
{
	int e = pthread_create(&net->thread, NULL, virtio_net_thread, net);
	if (e) {
		fprintf(stderr, "rvkvm: virtio-net: cannot start the device thread: %s\n", strerror(e));
		return -e;
	}
	net->running = true;
	return 0;
}

void virtio_net_exit(struct virtio_net *net)
{
	if (net->running) {
		uint64_t one = 1;
		ssize_t r = write(net->stop_fd, &one, sizeof(one));
		(void)r;
		pthread_join(net->thread, NULL);
		net->running = false;
	}
	while (net->backlog_count)
		virtio_net_backlog_drop_head(net);
	if (net->vdev.ops)
		virtio_dev_exit(&net->vdev);
	net_backend_destroy(net->be);
	net->be = NULL;
	free(net->tx_buf);
	net->tx_buf = NULL;
	if (net->kick_fd >= 0)
		close(net->kick_fd);
	if (net->stop_fd >= 0)
		close(net->stop_fd);
	net->kick_fd = net->stop_fd = -1;
}
