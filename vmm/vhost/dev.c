// SPDX-License-Identifier: MIT
/* The vhost-user frontend device (see dev.h). */
#include "vmm/vhost/dev.h"

#include <endian.h>
#include <errno.h>
#include <poll.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#define VHOST_FS_QUEUE_SIZE  128
#define VHOST_BLK_QUEUE_SIZE 256
#define VIRTIO_BLK_F_MQ_BIT  12
#define VIRTIO_BLK_CONFIG_LEN 60

/* What the frontend can pass through: device-specific bits, indirect
 * descriptors, event index and VERSION_1.  Packed rings, IOMMU platforms,
 * notification data and the like would need transport support. */
#define VHOST_PASS_FEATURES (0xffffffULL | VIRTIO_BIT(VIRTIO_F_INDIRECT_DESC) | \
			     VIRTIO_BIT(VIRTIO_F_EVENT_IDX) | VIRTIO_BIT(VIRTIO_F_VERSION_1))

static struct vhost_dev *to_vd(struct virtio_dev *dev)
{
	return (struct vhost_dev *)((char *)dev - offsetof(struct vhost_dev, vdev));
}

static void vhost_dev_config_read(struct virtio_dev *dev, uint32_t off, void *buf, uint32_t len)
{
	memcpy(buf, to_vd(dev)->config + off, len);
}

static void vhost_dev_queue_notify(struct virtio_dev *dev, struct virtqueue *vq)
{
	uint64_t one = 1;
	ssize_t r = write(to_vd(dev)->kick_fd[vq->index], &one, sizeof(one));
	(void)r;
}

static uint64_t hva(const void *p)
{
	return (uint64_t)(uintptr_t)p;
}

/* DRIVER_OK (dev->lock held): hand the negotiated features, guest RAM and
 * every ready ring to the backend. */
static void vhost_dev_driver_ok(struct virtio_dev *dev)
{
	struct vhost_dev *d = to_vd(dev);
	struct vhost_user *vu = &d->vu;
	bool proto = d->backend_features & VIRTIO_BIT(VHOST_USER_F_PROTOCOL_FEATURES);
	uint64_t features = dev->driver_features |
			    (proto ? VIRTIO_BIT(VHOST_USER_F_PROTOCOL_FEATURES) : 0);
	struct vhost_user_region r = { d->ram_base, d->ram_size, hva(d->ram), 0 };
	int e = vhost_user_set_u64(vu, VHOST_USER_SET_FEATURES, features);
	if (!e)
		e = vhost_user_set_mem_table(vu, &r, &d->ram_fd, 1);
	for (unsigned i = 0; i < d->nvqs && !e; i++) {
		struct virtqueue *vq = &dev->vqs[i];
		if (!vq->ready || vq->broken)
			continue;
		e = vhost_user_set_vring(vu, VHOST_USER_SET_VRING_NUM, i, vq->num);
		if (!e)
			e = vhost_user_set_vring(vu, VHOST_USER_SET_VRING_BASE, i, 0);
		if (!e)
			e = vhost_user_set_vring_addr(vu, i, hva(vq->desc), hva(vq->used), hva(vq->avail));
		if (!e)
			e = vhost_user_set_vring_fd(vu, VHOST_USER_SET_VRING_CALL, i, d->call_fd[i]);
		if (!e)
			e = vhost_user_set_vring_fd(vu, VHOST_USER_SET_VRING_KICK, i, d->kick_fd[i]);
		if (!e && proto)
			e = vhost_user_set_vring(vu, VHOST_USER_SET_VRING_ENABLE, i, 1);
		if (!e)
			d->started[i] = true;
	}
	if (e)
		virtio_dev_fail(dev, NULL, "vhost-user backend: %s", vu->err);
}

/* Status 0: stop the backend's rings before the driver reuses them. */
static void vhost_dev_reset(struct virtio_dev *dev)
{
	struct vhost_dev *d = to_vd(dev);
	for (unsigned i = 0; i < d->nvqs; i++) {
		if (!d->started[i])
			continue;
		d->started[i] = false;
		uint32_t base;
		if (!d->gone && d->vu.fd >= 0 && vhost_user_get_vring_base(&d->vu, i, &base) < 0 &&
		    dev->log)
			fprintf(dev->log, "rvkvm: vhost-user: stopping queue %u: %s\n", i, d->vu.err);
	}
}

static const struct virtio_dev_ops vhost_fs_ops = {
	.name = "fs (vhost-user)",
	.device_id = VIRTIO_ID_FS,
	.config_read = vhost_dev_config_read,
	.queue_notify = vhost_dev_queue_notify,
	.reset = vhost_dev_reset,
	.driver_ok = vhost_dev_driver_ok,
	.no_snapshot = "a vhost-user backend's queues are not saved yet",
};

static const struct virtio_dev_ops vhost_blk_ops = {
	.name = "blk (vhost-user)",
	.device_id = VIRTIO_ID_BLOCK,
	.config_read = vhost_dev_config_read,
	.queue_notify = vhost_dev_queue_notify,
	.reset = vhost_dev_reset,
	.driver_ok = vhost_dev_driver_ok,
	.no_snapshot = "a vhost-user backend's queues are not saved yet",
};

/* Learn what the backend offers; set protocol features we use. */
static int vhost_dev_negotiate(struct vhost_dev *d)
{
	struct vhost_user *vu = &d->vu;
	int e = vhost_user_get_u64(vu, VHOST_USER_GET_FEATURES, &d->backend_features);
	if (e)
		return e;
	if (!(d->backend_features & VIRTIO_BIT(VIRTIO_F_VERSION_1))) {
		snprintf(vu->err, sizeof(vu->err), "the backend does not offer VIRTIO_F_VERSION_1");
		return -ENOTSUP;
	}
	if (d->backend_features & VIRTIO_BIT(VHOST_USER_F_PROTOCOL_FEATURES)) {
		uint64_t pf;
		e = vhost_user_get_u64(vu, VHOST_USER_GET_PROTOCOL_FEATURES, &pf);
		if (e)
			return e;
		uint64_t want = VIRTIO_BIT(VHOST_USER_PROTOCOL_F_MQ) |
				VIRTIO_BIT(VHOST_USER_PROTOCOL_F_REPLY_ACK) |
				VIRTIO_BIT(VHOST_USER_PROTOCOL_F_CONFIG);
		e = vhost_user_set_u64(vu, VHOST_USER_SET_PROTOCOL_FEATURES, pf & want);
		if (e)
			return e;
		vu->protocol_features = pf & want;
	}
	return vhost_user_set_owner(vu);
}

int vhost_dev_init(struct vhost_dev *d, const struct vhost_dev_opts *opts)
{
	memset(d, 0, sizeof(*d));
	d->vu.fd = d->stop_fd = d->watch_fd = -1;
	for (unsigned i = 0; i < VHOST_DEV_MAX_QUEUES; i++)
		d->kick_fd[i] = d->call_fd[i] = -1;
	d->kind = opts->kind;
	d->ram_fd = opts->ram_fd;
	d->ram = opts->ram;
	d->ram_base = opts->ram_base;
	d->ram_size = opts->ram_size;
	const char *what = opts->kind == VHOST_DEV_FS ? "virtio-fs" : "vhost-user-blk";
	int e = vhost_user_connect(&d->vu, opts->socket, 5000);
	if (!e)
		e = vhost_dev_negotiate(d);
	uint16_t qsize = opts->kind == VHOST_DEV_FS ? VHOST_FS_QUEUE_SIZE : VHOST_BLK_QUEUE_SIZE;
	if (!e && opts->kind == VHOST_DEV_FS) {
		/* 5.11.4: tag[36], le32 num_request_queues; one hiprio queue and
		 * one request queue. */
		size_t n = strlen(opts->tag);
		memcpy(d->config, opts->tag, n < VIRTIO_FS_TAG_LEN ? n : VIRTIO_FS_TAG_LEN);
		uint32_t nrq = htole32(1);
		memcpy(d->config + VIRTIO_FS_TAG_LEN, &nrq, 4);
		d->config_size = VIRTIO_FS_TAG_LEN + 4;
		d->nvqs = 2;
	} else if (!e) {
		if (!(d->vu.protocol_features & VIRTIO_BIT(VHOST_USER_PROTOCOL_F_CONFIG))) {
			snprintf(d->vu.err, sizeof(d->vu.err), "the backend cannot tell the disk's "
				 "configuration (no VHOST_USER_PROTOCOL_F_CONFIG)");
			e = -ENOTSUP;
		}
		if (!e)
			e = vhost_user_get_config(&d->vu, 0, d->config, VIRTIO_BLK_CONFIG_LEN);
		d->config_size = VIRTIO_BLK_CONFIG_LEN;
		d->nvqs = 1;
		uint64_t nq = 1;
		if (!e && (d->vu.protocol_features & VIRTIO_BIT(VHOST_USER_PROTOCOL_F_MQ)))
			e = vhost_user_get_u64(&d->vu, VHOST_USER_GET_QUEUE_NUM, &nq);
		if (!e && (d->backend_features & VIRTIO_BIT(VIRTIO_BLK_F_MQ_BIT))) {
			uint16_t cfg_nq;
			memcpy(&cfg_nq, d->config + 34, 2);
			cfg_nq = le16toh(cfg_nq);
			if (cfg_nq && cfg_nq < nq)
				nq = cfg_nq;
		}
		d->nvqs = nq < 1 ? 1 : nq > VHOST_DEV_MAX_QUEUES ? VHOST_DEV_MAX_QUEUES : (unsigned)nq;
	}
	if (e) {
		fprintf(stderr, "rvkvm: %s: %s\n", what, d->vu.err);
		vhost_user_close(&d->vu);
		return e;
	}
	uint16_t qs[VHOST_DEV_MAX_QUEUES];
	for (unsigned i = 0; i < d->nvqs; i++) {
		qs[i] = qsize;
		d->kick_fd[i] = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
		d->call_fd[i] = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
		if (d->kick_fd[i] < 0 || d->call_fd[i] < 0) {
			fprintf(stderr, "rvkvm: %s: eventfd: %s\n", what, strerror(errno));
			vhost_dev_exit(d);
			return -errno;
		}
	}
	e = virtio_dev_init(&d->vdev, opts->kind == VHOST_DEV_FS ? &vhost_fs_ops : &vhost_blk_ops,
			    0, d->config_size, d->nvqs, qs);
	if (e < 0) {
		vhost_dev_exit(d);
		return e;
	}
	/* The guest negotiates with what the backend offers. */
	d->vdev.device_features = d->backend_features & VHOST_PASS_FEATURES;
	return 0;
}

/* The device thread: call eventfds become used-buffer interrupts; the
 * backend hanging up marks the device broken. */
static void *vhost_dev_thread(void *opaque)
{
	struct vhost_dev *d = opaque;
	struct pollfd fds[VHOST_DEV_MAX_QUEUES + 2];
	bool watching = d->watch_fd >= 0;
	for (;;) {
		unsigned n = 0;
		for (unsigned i = 0; i < d->nvqs; i++)
			fds[n++] = (struct pollfd){ .fd = d->call_fd[i], .events = POLLIN };
		fds[n++] = (struct pollfd){ .fd = d->stop_fd, .events = POLLIN };
		fds[n++] = (struct pollfd){ .fd = watching ? d->watch_fd : -1, .events = POLLRDHUP };
		if (poll(fds, n, -1) < 0 && errno != EINTR)
			break;
		if (fds[d->nvqs].revents)
			break;
		bool call = false;
		for (unsigned i = 0; i < d->nvqs; i++) {
			if (fds[i].revents & POLLIN) {
				uint64_t v;
				ssize_t r = read(d->call_fd[i], &v, sizeof(v));
				(void)r;
				call = true;
			}
		}
		bool hup = watching && (fds[d->nvqs + 1].revents & (POLLRDHUP | POLLHUP | POLLERR));
		if (!call && !hup)
			continue;
		pthread_mutex_lock(&d->vdev.lock);
		if (call && d->vdev.transport.signal)
			d->vdev.transport.signal(d->vdev.transport.opaque, VIRTIO_INT_USED_BUFFER);
		if (hup) {
			watching = false;
			d->gone = true;
			virtio_dev_fail(&d->vdev, NULL, "the vhost-user backend closed the connection");
		}
		pthread_mutex_unlock(&d->vdev.lock);
	}
	return NULL;
}

int vhost_dev_start(struct vhost_dev *d)
{
	d->stop_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	d->watch_fd = d->vu.fd >= 0 ? dup(d->vu.fd) : -1;
	if (d->stop_fd < 0)
		return -errno;
	int e = pthread_create(&d->thread, NULL, vhost_dev_thread, d);
	if (e) {
		fprintf(stderr, "rvkvm: vhost-user: cannot start the device thread: %s\n", strerror(e));
		return -e;
	}
	d->running = true;
	return 0;
}

void vhost_dev_exit(struct vhost_dev *d)
{
	if (d->running) {
		uint64_t one = 1;
		ssize_t r = write(d->stop_fd, &one, sizeof(one));
		(void)r;
		pthread_join(d->thread, NULL);
		d->running = false;
	}
	if (d->vdev.ops)
		virtio_dev_exit(&d->vdev);
	vhost_user_close(&d->vu);
	for (unsigned i = 0; i < VHOST_DEV_MAX_QUEUES; i++) {
		if (d->kick_fd[i] >= 0)
			close(d->kick_fd[i]);
		if (d->call_fd[i] >= 0)
			close(d->call_fd[i]);
		d->kick_fd[i] = d->call_fd[i] = -1;
	}
	if (d->stop_fd >= 0)
		close(d->stop_fd);
	if (d->watch_fd >= 0)
		close(d->watch_fd);
	d->stop_fd = d->watch_fd = -1;
}
