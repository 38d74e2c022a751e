// SPDX-License-Identifier: MIT
/* virtio-net (virtio 1.2, 5.1) and its queue pair threads; see net.h.
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
 * chain is dropped and the chain left for the next one.
 * Control (5.1.6.5): a command without a device-writable byte for the ack
 * breaks the control queue; a short or oversized one, an unknown class or
 * command, a pair count outside 1..max_virtqueue_pairs or a VQ_PAIRS_SET
 * without MQ negotiated is answered VIRTIO_NET_ERR.  Only the bytes the
 * command needs are copied out of the chain. */
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

static void virtio_net_kick(struct virtio_net_pair *p)
{
	uint64_t one = 1;
	ssize_t r = write(p->kick_fd, &one, sizeof(one));
	(void)r;  /* EAGAIN: the counter is already non-zero, the thread will look */
}

static bool virtio_net_pair_active(const struct virtio_net_pair *p)
{
	return p->index < __atomic_load_n(&p->net->curr_pairs, __ATOMIC_ACQUIRE);
}

/* Use the first n pairs (dev->lock held, or before the threads run):
 * switch the backends of the pairs that join on first, so that the host
 * interface never loses a queue the guest still uses, then those that
 * leave off; the pairs whose role changed look again.  Returns 0, or -1
 * (nothing changed) when a backend could not be switched on. */
static int virtio_net_set_pairs(struct virtio_net *net, unsigned n)
{
	unsigned old = net->curr_pairs;
	for (unsigned i = old; i < n; i++) {
		struct net_backend *be = net->pairs[i].be;
		if (be->set_queue_enabled && be->set_queue_enabled(be, true) < 0) {
			while (i-- > old)
				if (net->pairs[i].be->set_queue_enabled)
					net->pairs[i].be->set_queue_enabled(net->pairs[i].be, false);
			return -1;
		}
	}
	for (unsigned i = n; i < old; i++) {
		struct net_backend *be = net->pairs[i].be;
		if (be->set_queue_enabled)
			be->set_queue_enabled(be, false);   /* a failure is logged */
	}
	__atomic_store_n(&net->curr_pairs, n, __ATOMIC_RELEASE);
	for (unsigned i = (old < n ? old : n); i < (old < n ? n : old); i++)
		virtio_net_kick(&net->pairs[i]);
	return 0;
}

/* --- the control queue --------------------------------------------------- */

/* One command: its ack. */
static uint8_t virtio_net_ctrl_cmd(struct virtio_net *net, const struct virtq_elem *e)
{
	struct virtio_dev *dev = &net->vdev;
	uint8_t cmd[2];
	if (e->out_len < sizeof(cmd))
		return VIRTIO_NET_ERR;
	iov_to_buf(e->iov, e->nout, 0, cmd, sizeof(cmd));
	if (cmd[0] == VIRTIO_NET_CTRL_MQ && cmd[1] == VIRTIO_NET_CTRL_MQ_VQ_PAIRS_SET) {
		uint16_t pairs;
		/* 5.1.6.5.5: exactly a le16 after class and command. */
		if (!virtio_has_feature(dev, VIRTIO_NET_F_MQ) || e->out_len != sizeof(cmd) + 2)
			return VIRTIO_NET_ERR;
		iov_to_buf(e->iov, e->nout, sizeof(cmd), &pairs, sizeof(pairs));
		pairs = le16toh(pairs);
		if (pairs < 1 || pairs > net->nr_pairs || virtio_net_set_pairs(net, pairs) < 0)
			return VIRTIO_NET_ERR;
		return VIRTIO_NET_OK;
	}
	return VIRTIO_NET_ERR;   /* RX mode, MAC, VLAN, announce, ...: not offered */
}

/* Answer the commands queued on the control queue (dev->lock held, inside
 * a queue run).  The ack takes effect before the used element is
 * published: once the driver sees it, the old pairs no longer receive. */
static void virtio_net_ctrl(struct virtio_net *net, struct virtqueue *vq)
{
	struct virtio_dev *dev = &net->vdev;
	struct virtq_elem e;
	while (virtq_pop(dev, vq, &e) > 0) {
		if (!e.in_len) {
			virtio_dev_fail(dev, vq, "control command %u has no device-writable ack byte",
					e.head);
			return;
		}
		uint8_t ack = virtio_net_ctrl_cmd(net, &e);
		if (ack == VIRTIO_NET_OK)
			net->ctrl_ok++;
		else
			net->ctrl_err++;
		iov_from_buf(e.iov + e.nout, e.nin, 0, &ack, 1);
		virtq_push(dev, vq, &e, 1);
	}
}

/* A pair thread was kicked: without MQ the control queue is index 2, which
 * the ioeventfd of pair 1 hears of. */
static void virtio_net_ctrl_poll(struct virtio_net_pair *p)
{
	struct virtio_net *net = p->net;
	struct virtio_dev *dev = &net->vdev;
	int ci = __atomic_load_n(&net->ctrl_index, __ATOMIC_RELAXED);
	if (ci < 0 || (unsigned)ci / 2 != p->index)
		return;
	pthread_mutex_lock(&dev->lock);
	ci = net->ctrl_index;
	if (ci >= 0 && (unsigned)ci / 2 == p->index) {
		struct virtqueue *vq = &dev->vqs[ci];
		if (virtio_vq_begin(dev, vq)) {
			virtio_net_ctrl(net, vq);
			virtio_vq_end(dev, vq);
		}
	}
	pthread_mutex_unlock(&dev->lock);
}

/* A notification through the MMIO path (no ioeventfd, or the control
 * queue's) or DRIVER_OK: control commands are answered here, the pairs'
 * queues are their threads' business. */
static void virtio_net_queue_notify(struct virtio_dev *dev, struct virtqueue *vq)
{
	struct virtio_net *net = to_net(dev);
	if ((int)vq->index == net->ctrl_index) {
		virtio_net_ctrl(net, vq);
		return;
	}
	if (vq->index / 2u < net->nr_pairs)
		virtio_net_kick(&net->pairs[vq->index / 2u]);
}

/* 5.1.3.1: the offloads' dependencies, MQ's on CTRL_VQ; then the control
 * queue's index (5.1.2) and what the guest takes on receive, for the
 * backends. */
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
	if (HAS(VIRTIO_NET_F_MQ) && !HAS(VIRTIO_NET_F_CTRL_VQ))
		return false;
	struct virtio_net *net = to_net(dev);
	int ci = -1;
	if (HAS(VIRTIO_NET_F_CTRL_VQ))
		ci = HAS(VIRTIO_NET_F_MQ) ? 2 * (int)net->nr_pairs : 2;
#undef HAS
	__atomic_store_n(&net->ctrl_index, ci, __ATOMIC_RELAXED);
	for (unsigned i = 0; i < net->nr_pairs; i++) {
		struct net_backend *be = net->pairs[i].be;
		if (be->vnet_hdr && be->set_guest_offloads)
			be->set_guest_offloads(be, f);
	}
	return true;
}

/* Device reset: back to one pair (5.1.6.5.5) and no control queue. */
static void virtio_net_reset(struct virtio_dev *dev)
{
	struct virtio_net *net = to_net(dev);
	__atomic_store_n(&net->ctrl_index, -1, __ATOMIC_RELAXED);
	if (net->curr_pairs != 1)
		virtio_net_set_pairs(net, 1);   /* switching off cannot fail it */
}

static const struct virtio_dev_ops virtio_net_ops = {
	.name = "net",
	.device_id = VIRTIO_ID_NET,
	.config_read = virtio_net_config_read,
	.features_ok = virtio_net_features_ok,
	.queue_notify = virtio_net_queue_notify,
	.reset = virtio_net_reset,
};

/* Several pairs: the pairs in use are not part of a saved device yet, nor
 * the queue count of the saved configuration. */
static const struct virtio_dev_ops virtio_net_mq_ops = {
	.name = "net",
	.device_id = VIRTIO_ID_NET,
	.config_read = virtio_net_config_read,
	.features_ok = virtio_net_features_ok,
	.queue_notify = virtio_net_queue_notify,
	.reset = virtio_net_reset,
	.no_snapshot = "virtio-net with queues > 1: the queue pairs in use are not saved yet",
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

/* One transmit chain into buf; returns the length to send (the frame,
 * with the header in front for a vnet_hdr backend), 0 to drop it, -1 when
 * the chain broke the queue. */
static long virtio_net_tx_frame(struct virtio_net_pair *p, struct virtqueue *vq,
				const struct virtq_elem *e, uint8_t *buf)
{
	struct virtio_dev *dev = &p->net->vdev;
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
	if (p->be->vnet_hdr) {
		/* The host kernel checks the header (as it does for any tap
		 * writer), checksums and segments. */
		iov_to_buf(e->iov, e->nout, 0, buf, VIRTIO_NET_HDR_SIZE + len);
		return (long)(VIRTIO_NET_HDR_SIZE + len);
	}
	iov_to_buf(e->iov, e->nout, VIRTIO_NET_HDR_SIZE, buf, len);
	uint16_t csum_start, csum_off;
	memcpy(&csum_start, hdr + 6, 2);
	memcpy(&csum_off, hdr + 8, 2);
	if ((flags & VIRTIO_NET_HDR_F_NEEDS_CSUM) &&
	    !net_csum_complete(buf, len, le16toh(csum_start), le16toh(csum_off)))
		return 0;
	return (long)len;
}

static void virtio_net_count_tx(struct virtio_net_pair *p, long len)
{
	struct virtio_net_stats *st[2] = { &p->stats, &p->net->stats };
	for (int i = 0; i < 2; i++) {
		if (len > 0) {
			st[i]->tx_frames++;
			st[i]->tx_bytes += (uint64_t)len;
		} else {
			st[i]->tx_errors++;
		}
	}
}

/* Send what the guest queued on the pair's transmit queue: the frames are
 * copied out and their chains returned under the device lock, then sent
 * without it (the backend may answer at once, ARP or DHCP: its frames go
 * to the pair's backlog, which needs no lock).  A pair not in use sends
 * nothing (5.1.6.5.5: the driver does not use it; QEMU drops the same).
 * Returns true when chains were left for next time. */
static bool virtio_net_tx(struct virtio_net_pair *p)
{
	struct virtio_dev *dev = &p->net->vdev;
	struct virtqueue *vq = &dev->vqs[2 * p->index + 1];
	struct virtq_elem e;
	unsigned n = 0;
	size_t staged = 0;
	bool stopped = false;   /* for room in the stage or the batch: chains remain */
	pthread_mutex_lock(&dev->lock);
	if (!virtio_vq_begin(dev, vq)) {
		pthread_mutex_unlock(&dev->lock);
		return false;
	}
	bool active = virtio_net_pair_active(p);
	while (virtq_pop(dev, vq, &e) > 0) {
		/* The longest valid frame fits an empty stage; a longer chain
		 * is dropped without being copied. */
		if (active && e.out_len <= VIRTIO_NET_HDR_SIZE + NET_MAX_FRAME &&
		    e.out_len > VIRTIO_NET_TX_STAGE - staged) {
			virtq_rewind(vq, 1);
			stopped = true;
			break;
		}
		long len = active ? virtio_net_tx_frame(p, vq, &e, p->tx_stage + staged) : 0;
		if (len < 0)
			break;
		if (len > 0) {
			p->tx_len[n++] = (uint32_t)len;
			staged += (size_t)len;
		}
		virtio_net_count_tx(p, len);
		virtq_push(dev, vq, &e, 0);
		if (n == VIRTIO_NET_TX_BATCH) {
			stopped = true;
			break;
		}
	}
	virtio_vq_end(dev, vq);
	/* Chains left over (this run's budget, or the stage): go on after a
	 * look at the other direction. */
	bool more = !vq->broken && (vq->pending || stopped);
	pthread_mutex_unlock(&dev->lock);
	staged = 0;
	for (unsigned i = 0; i < n; i++) {
		p->be->ops->send(p->be, p->tx_stage + staged, p->tx_len[i]);
		staged += p->tx_len[i];
	}
	return more;
}

/* --- receive ----------------------------------------------------------- */

static void virtio_net_count_rx_drop(struct virtio_net_pair *p)
{
	__atomic_fetch_add(&p->stats.rx_dropped, 1, __ATOMIC_RELAXED);
	__atomic_fetch_add(&p->net->stats.rx_dropped, 1, __ATOMIC_RELAXED);
}

/* The backend's frame for the guest: copied into the pair's backlog. */
static bool virtio_net_receive(void *opaque, const uint8_t *frame, size_t len)
{
	struct virtio_net_pair *p = opaque;
	/* A vnet_hdr backend's frames bring their header; the others get room
	 * for one. */
	size_t hdr = p->be->vnet_hdr ? VIRTIO_NET_HDR_SIZE : 0;
	if (len < hdr + ETH_HLEN || len - hdr > NET_MAX_FRAME ||
	    p->backlog_count == VIRTIO_NET_BACKLOG || !virtio_net_pair_active(p)) {
		virtio_net_count_rx_drop(p);
		return false;
	}
	uint8_t *buf = malloc(VIRTIO_NET_HDR_SIZE - hdr + len);
	if (!buf) {
		virtio_net_count_rx_drop(p);
		return false;
	}
	memcpy(buf + VIRTIO_NET_HDR_SIZE - hdr, frame, len);
	len -= hdr;
	unsigned tail = (p->backlog_head + p->backlog_count) % VIRTIO_NET_BACKLOG;
	p->backlog[tail] = (struct virtio_net_frame){ buf, (uint32_t)len };
	p->backlog_count++;
	__atomic_fetch_add(&p->net->backlog_count, 1, __ATOMIC_RELAXED);
	return true;
}

static bool virtio_net_has_room(void *opaque)
{
	struct virtio_net_pair *p = opaque;
	return p->backlog_count < VIRTIO_NET_BACKLOG && virtio_net_pair_active(p);
}

static void virtio_net_backlog_drop_head(struct virtio_net_pair *p)
{
	free(p->backlog[p->backlog_head].buf);
	p->backlog[p->backlog_head].buf = NULL;
	p->backlog_head = (p->backlog_head + 1) % VIRTIO_NET_BACKLOG;
	p->backlog_count--;
	__atomic_fetch_sub(&p->net->backlog_count, 1, __ATOMIC_RELAXED);
}

/* Drop every frame waiting (counted as dropped). */
static void virtio_net_backlog_flush(struct virtio_net_pair *p)
{
	while (p->backlog_count) {
		virtio_net_backlog_drop_head(p);
		virtio_net_count_rx_drop(p);
	}
}

/* Put one frame into receive buffers.  Returns 1 when the frame is done
 * with (delivered or dropped), 0 when buffers ran out (nothing published),
 * -1 when the queue broke. */
static int virtio_net_rx_frame(struct virtio_net_pair *p, struct virtqueue *vq,
			       struct virtio_net_frame *f)
{
	struct virtio_dev *dev = &p->net->vdev;
	bool mrg = virtio_has_feature(dev, VIRTIO_NET_F_MRG_RXBUF);
	uint8_t *buf = f->buf;
	size_t total = VIRTIO_NET_HDR_SIZE + f->len, done = 0;
	/* 5.1.6.4: flags, gso NONE, num_buffers patched in below; a vnet_hdr
	 * backend's header is the host kernel's, made for the offloads the
	 * guest accepted (set_guest_offloads). */
	if (!p->be->vnet_hdr) {
		memset(buf, 0, VIRTIO_NET_HDR_SIZE);
		if (p->be->csum_valid && virtio_has_feature(dev, VIRTIO_NET_F_GUEST_CSUM))
			buf[0] = VIRTIO_NET_HDR_F_DATA_VALID;
	}
	buf[10] = 1;
	buf[11] = 0;
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
				virtio_net_count_rx_drop(p);
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
			virtio_net_count_rx_drop(p);
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
		size_t n = iov_from_buf(e.iov + e.nout, e.nin, 0, buf + done, total - done);
		virtq_fill(dev, vq, &e, (uint32_t)n, k);
		done += n;
		k++;
	}
	if (k > 1) {
		uint16_t nb = htole16((uint16_t)k);
		iov_from_buf(first, nfirst, 10, &nb, 2);
	}
	virtq_flush(dev, vq, k);
	struct virtio_net_stats *st[2] = { &p->stats, &p->net->stats };
	for (int i = 0; i < 2; i++) {
		st[i]->rx_frames++;
		st[i]->rx_bytes += f->len;
	}
	return 1;
}

/* Deliver the pair's backlog; true when buffers may remain for another
 * run.  A pair not in use delivers nothing (5.1.6.5.5), checked under the
 * lock the control command takes. */
static bool virtio_net_rx(struct virtio_net_pair *p)
{
	struct virtio_dev *dev = &p->net->vdev;
	struct virtqueue *vq = &dev->vqs[2 * p->index];
	if (!p->backlog_count)
		return false;
	pthread_mutex_lock(&dev->lock);
	if (!virtio_net_pair_active(p) || !virtio_vq_begin(dev, vq)) {
		pthread_mutex_unlock(&dev->lock);
		return false;
	}
	while (p->backlog_count) {
		int r = virtio_net_rx_frame(p, vq, &p->backlog[p->backlog_head]);
		if (r == 0)
			break;
		if (r < 0) {
			virtio_net_backlog_flush(p);
			break;
		}
		virtio_net_backlog_drop_head(p);
	}
	virtio_vq_end(dev, vq);
	bool more = vq->pending && p->backlog_count;
	pthread_mutex_unlock(&dev->lock);
	return more;
}

/* --- the pair threads ------------------------------------------------ */

void virtio_net_process(struct virtio_net *net)
{
	for (unsigned i = 0; i < net->nr_pairs; i++) {
		struct virtio_net_pair *p = &net->pairs[i];
		virtio_net_ctrl_poll(p);
		virtio_net_tx(p);
		virtio_net_rx(p);
	}
}

static void *virtio_net_thread(void *opaque)
{
	struct virtio_net_pair *p = opaque;
	struct virtio_net *net = p->net;
	struct net_backend *be = p->be;
	struct net_pollset ps = { 0 };
	bool more = true;
	for (;;) {
		/* A pair the guest stopped using keeps nothing for it. */
		bool active = virtio_net_pair_active(p);
		if (!active)
			virtio_net_backlog_flush(p);
		ps.n = 0;
		int kick = net_pollset_add(&ps, p->kick_fd, POLLIN);
		int stop = net_pollset_add(&ps, net->stop_fd, POLLIN);
		if (kick < 0 || stop < 0) {
			fprintf(stderr, "rvkvm: virtio-net: out of memory\n");
			break;
		}
		int timeout = more ? 0 : -1;
		be->ops->poll_fill(be, &ps, &timeout, active && p->backlog_count < VIRTIO_NET_BACKLOG);
		if (poll(ps.fds, ps.n, timeout) < 0 && errno != EINTR) {
			fprintf(stderr, "rvkvm: virtio-net: poll: %s\n", strerror(errno));
			break;
		}
		if (ps.fds[stop].revents)
			break;
		if (ps.fds[kick].revents) {
			uint64_t v;
			ssize_t r = read(p->kick_fd, &v, sizeof(v));
			(void)r;
			virtio_net_ctrl_poll(p);
		}
		more = virtio_net_tx(p);
		be->ops->poll_done(be, &ps);
		more |= virtio_net_rx(p);
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
	net->stop_fd = -1;
	net->ctrl_index = -1;
	unsigned n = opts->nr_pairs ? opts->nr_pairs : 1;
	struct net_backend *const *bes = opts->nr_pairs ? opts->backends : &opts->backend;
	if (n > VIRTIO_NET_MAX_PAIRS || !(net->pairs = calloc(n, sizeof(*net->pairs)))) {
		for (unsigned i = 0; i < n && i < VIRTIO_NET_MAX_PAIRS; i++)
			net_backend_destroy(bes[i]);
		return n > VIRTIO_NET_MAX_PAIRS ? -EINVAL : -ENOMEM;
	}
	net->nr_pairs = n;
	int err = 0;
	for (unsigned i = 0; i < n; i++) {
		struct virtio_net_pair *p = &net->pairs[i];
		p->net = net;
		p->index = i;
		p->be = bes[i];
		p->kick_fd = -1;
		if (!p->be) {
			err = EINVAL;
			continue;
		}
		p->backlog = i ? calloc(VIRTIO_NET_BACKLOG, sizeof(*p->backlog)) : net->backlog;
		if (!p->backlog && !err)
			err = ENOMEM;
		p->be->receive = virtio_net_receive;
		p->be->has_room = virtio_net_has_room;
		p->be->opaque = p;
		p->tx_stage = malloc(VIRTIO_NET_TX_STAGE);
		p->kick_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
		if (!err && (!p->tx_stage || p->kick_fd < 0))
			err = p->tx_stage ? errno : ENOMEM;
	}
	net->stop_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (!err && net->stop_fd < 0)
		err = errno;
	if (err) {
		virtio_net_exit(net);
		return -err;
	}
	struct net_backend *be = net->be = net->pairs[0].be;
	/* 5.1.4: mac, status (link up), with several pairs max_virtqueue_pairs. */
	memcpy(net->config, opts->mac, 6);
	uint16_t status = htole16(VIRTIO_NET_S_LINK_UP);
	memcpy(net->config + 6, &status, 2);
	uint16_t max_pairs = htole16((uint16_t)n);
	memcpy(net->config + 8, &max_pairs, 2);

	uint64_t features = VIRTIO_BIT(VIRTIO_NET_F_MAC) | VIRTIO_BIT(VIRTIO_NET_F_STATUS) |
			    VIRTIO_BIT(VIRTIO_NET_F_MRG_RXBUF) | VIRTIO_BIT(VIRTIO_NET_F_CSUM) |
			    VIRTIO_BIT(VIRTIO_NET_F_GUEST_CSUM);
	if (be->vnet_hdr)
		features |= VIRTIO_BIT(VIRTIO_NET_F_HOST_TSO4) | VIRTIO_BIT(VIRTIO_NET_F_HOST_TSO6) |
			    VIRTIO_BIT(VIRTIO_NET_F_HOST_ECN) | VIRTIO_BIT(VIRTIO_NET_F_GUEST_TSO4) |
			    VIRTIO_BIT(VIRTIO_NET_F_GUEST_TSO6) | VIRTIO_BIT(VIRTIO_NET_F_GUEST_ECN);
	if (n > 1)
		features |= VIRTIO_BIT(VIRTIO_NET_F_CTRL_VQ) | VIRTIO_BIT(VIRTIO_NET_F_MQ);
	/* The pairs' queues, then with several pairs the control queue. */
	uint16_t qsize[2 * VIRTIO_NET_MAX_PAIRS + 1];
	unsigned nvqs = n > 1 ? 2 * n + 1 : 2;
	for (unsigned i = 0; i < 2 * n; i++)
		qsize[i] = VIRTIO_NET_QUEUE_SIZE;
	qsize[2 * n] = VIRTIO_NET_CTRL_QUEUE_SIZE;
	int r = virtio_dev_init(&net->vdev, n > 1 ? &virtio_net_mq_ops : &virtio_net_ops, features,
				n > 1 ? VIRTIO_NET_CONFIG_SIZE_MQ : VIRTIO_NET_CONFIG_SIZE, nvqs, qsize);
	if (r < 0) {
		virtio_net_exit(net);
		return r;
	}
	/* One pair in use until the driver asks for more (5.1.6.5.5): the
	 * host steers nothing to the others. */
	net->curr_pairs = 1;
	for (unsigned i = 1; i < n; i++) {
		struct net_backend *b = net->pairs[i].be;
		if (b->set_queue_enabled && (r = b->set_queue_enabled(b, false)) < 0) {
			virtio_net_exit(net);
			return r;
		}
	}
	net->report_stats = opts->report_stats;
	return 0;
}

int virtio_net_start(struct virtio_net *net)
{
	for (unsigned i = 0; i < net->nr_pairs; i++) {
		struct virtio_net_pair *p = &net->pairs[i];
		int e = pthread_create(&p->thread, NULL, virtio_net_thread, p);
		if (e) {
			fprintf(stderr, "rvkvm: virtio-net: cannot start the thread of queue pair %u: "
				"%s\n", i, strerror(e));
			return -e;
		}
		p->running = true;
	}
	return 0;
}

/* RVKVM_NET_STATS: what each pair carried, as `key=value` words. */
static void virtio_net_report(const struct virtio_net *net)
{
	const uint8_t *m = net->config;
	for (unsigned i = 0; i < net->nr_pairs; i++) {
		const struct virtio_net_pair *p = &net->pairs[i];
		const struct virtio_net_stats *st = &p->stats;
		fprintf(stderr, "rvkvm: virtio-net %02x:%02x:%02x:%02x:%02x:%02x pair %u: "
			"rx_frames=%llu rx_bytes=%llu rx_dropped=%llu tx_frames=%llu tx_bytes=%llu "
			"tx_errors=%llu host_rx=%llu host_tx=%llu\n", m[0], m[1], m[2], m[3], m[4],
			m[5], i, (unsigned long long)st->rx_frames, (unsigned long long)st->rx_bytes,
			(unsigned long long)st->rx_dropped, (unsigned long long)st->tx_frames,
			(unsigned long long)st->tx_bytes, (unsigned long long)st->tx_errors,
			(unsigned long long)p->be->host_rx, (unsigned long long)p->be->host_tx);
	}
	fprintf(stderr, "rvkvm: virtio-net %02x:%02x:%02x:%02x:%02x:%02x: pairs=%u in_use=%u "
		"ctrl_ok=%llu ctrl_err=%llu\n", m[0], m[1], m[2], m[3], m[4], m[5], net->nr_pairs,
		net->curr_pairs, (unsigned long long)net->ctrl_ok, (unsigned long long)net->ctrl_err);
}

void virtio_net_exit(struct virtio_net *net)
{
	bool any = false;
	for (unsigned i = 0; i < net->nr_pairs; i++)
		any |= net->pairs[i].running;
	if (any) {
		uint64_t one = 1;
		ssize_t r = write(net->stop_fd, &one, sizeof(one));
		(void)r;
	}
	for (unsigned i = 0; i < net->nr_pairs; i++) {
		struct virtio_net_pair *p = &net->pairs[i];
		if (p->running) {
			pthread_join(p->thread, NULL);
			p->running = false;
		}
	}
	if (net->report_stats && net->vdev.ops)
		virtio_net_report(net);
	for (unsigned i = 0; i < net->nr_pairs; i++) {
		struct virtio_net_pair *p = &net->pairs[i];
		while (p->backlog_count)
			virtio_net_backlog_drop_head(p);
		if (i)
			free(p->backlog);
		p->backlog = NULL;
	}
	if (net->vdev.ops) {
		virtio_dev_exit(&net->vdev);
		net->vdev.ops = NULL;
	}
	for (unsigned i = 0; i < net->nr_pairs; i++) {
		struct virtio_net_pair *p = &net->pairs[i];
		net_backend_destroy(p->be);
		p->be = NULL;
		net->be = NULL;
		free(p->tx_stage);
		p->tx_stage = NULL;
		if (p->kick_fd >= 0)
			close(p->kick_fd);
		p->kick_fd = -1;
	}
	free(net->pairs);
	net->pairs = NULL;
	net->nr_pairs = 0;
	if (net->stop_fd >= 0)
		close(net->stop_fd);
	net->stop_fd = -1;
}
