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
#include <sys/socket.h>
#include <time.h>
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

/* Wake the backend on queue q (a full eventfd is a pending kick too). */
static void vhost_dev_kick(struct vhost_dev *d, unsigned q)
{
	uint64_t one = 1;
	ssize_t r = write(d->kick_fd[q], &one, sizeof(one));
	(void)r;
}

static void vhost_dev_queue_notify(struct virtio_dev *dev, struct virtqueue *vq)
{
	vhost_dev_kick(to_vd(dev), vq->index);
}

static uint64_t hva(const void *p)
{
	return (uint64_t)(uintptr_t)p;
}

/* Hand the backend the negotiated features, guest RAM and every ready
 * ring (dev->lock held).  resume: a new backend takes over rings in use
 * (a reconnection): each starts at the used ring's index, so requests the
 * old backend took and never completed are processed again (what QEMU
 * does when GET_VRING_BASE is impossible); else the rings are new, at 0.
 * Returns 0 or -errno (reason in d->vu.err). */
static int vhost_dev_setup(struct vhost_dev *d, bool resume)
{
	struct virtio_dev *dev = &d->vdev;
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
		uint32_t base = 0;
		if (resume) {
			/* The used ring's le16 idx: the core checked the ring
			 * lies in guest RAM; any value the guest put there is
			 * merely passed on. */
			uint16_t idx;
			memcpy(&idx, vq->used + 2, sizeof(idx));
			base = le16toh(idx);
		}
		e = vhost_user_set_vring(vu, VHOST_USER_SET_VRING_NUM, i, vq->num);
		if (!e)
			e = vhost_user_set_vring(vu, VHOST_USER_SET_VRING_BASE, i, base);
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
	return e;
}

/* A request broke the connection (user.c closed it), dev->lock held: with
 * reconnection the device only waits.  Shutting the watched socket down
 * wakes the device thread, which sees a hang-up and reconnects. */
static bool vhost_dev_lost(struct vhost_dev *d)
{
	if (!d->reconnect_s || d->vu.fd >= 0)
		return false;
	d->gone = true;
	if (d->watch_fd >= 0)
		shutdown(d->watch_fd, SHUT_RDWR);
	return true;
}

/* DRIVER_OK (dev->lock held).  A backend being reconnected gets all this
 * from the device thread once it is back. */
static void vhost_dev_driver_ok(struct virtio_dev *dev)
{
	struct vhost_dev *d = to_vd(dev);
	if (d->gone && d->reconnect_s)
		return;
	if (vhost_dev_setup(d, false) && !vhost_dev_lost(d))
		virtio_dev_fail(dev, NULL, "vhost-user backend: %s", d->vu.err);
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
		if (!d->gone && d->vu.fd >= 0 && vhost_user_get_vring_base(&d->vu, i, &base) < 0) {
			if (dev->log)
				fprintf(dev->log, "rvkvm: vhost-user: stopping queue %u: %s\n", i,
					d->vu.err);
			vhost_dev_lost(d);
		}
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

/* Learn what the backend on vu offers (*features); set protocol features
 * we use. */
static int vhost_dev_negotiate(struct vhost_user *vu, uint64_t *features)
{
	int e = vhost_user_get_u64(vu, VHOST_USER_GET_FEATURES, features);
	if (e)
		return e;
	if (!(*features & VIRTIO_BIT(VIRTIO_F_VERSION_1))) {
		snprintf(vu->err, sizeof(vu->err), "the backend does not offer VIRTIO_F_VERSION_1");
		return -ENOTSUP;
	}
	if (*features & VIRTIO_BIT(VHOST_USER_F_PROTOCOL_FEATURES)) {
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

static const char *vhost_dev_what(const struct vhost_dev *d)
{
	return d->kind == VHOST_DEV_FS ? "virtio-fs" : "vhost-user-blk";
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
	d->reconnect_s = opts->reconnect_s;
	const char *what = vhost_dev_what(d);
	int e = vhost_user_connect(&d->vu, opts->socket, 5000);
	if (!e)
		e = vhost_dev_negotiate(&d->vu, &d->backend_features);
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
	if (d->reconnect_s && !(d->socket = strdup(opts->socket))) {
		vhost_user_close(&d->vu);
		return -ENOMEM;
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

/* One attempt to reach the backend again (the device thread): connect and
 * negotiate into a connection of our own without dev->lock, then swap it
 * in under the lock and, if the driver is running, hand the backend the
 * rings where they stand and kick every queue.  Returns 1 when the device
 * runs on the new connection, 0 to try again later, -1 when the backend
 * cannot serve the driver any more (the device failed; no more attempts). */
static int vhost_dev_reconnect(struct vhost_dev *d)
{
	struct vhost_user vu;
	uint64_t features;
	if (vhost_user_connect(&vu, d->socket, 0) < 0)
		return 0;
	int watch = -1;
	if (vhost_dev_negotiate(&vu, &features) < 0 || (watch = dup(vu.fd)) < 0) {
		vhost_user_close(&vu);
		return 0;
	}
	struct virtio_dev *dev = &d->vdev;
	pthread_mutex_lock(&dev->lock);
	/* What the driver negotiated, or may still choose from. */
	uint64_t need = dev->status & VIRTIO_STATUS_FEATURES_OK ? dev->driver_features
								: dev->device_features;
	if (need & ~features) {
		virtio_dev_fail(dev, NULL, "the vhost-user backend came back without features "
				"%#llx that the driver uses; no more reconnection attempts",
				(unsigned long long)(need & ~features));
		d->reconnect_s = 0;
		pthread_mutex_unlock(&dev->lock);
		vhost_user_close(&vu);
		close(watch);
		return -1;
	}
	d->vu = vu;
	d->backend_features = features;
	d->watch_fd = watch;
	d->gone = false;
	int r = 1;
	uint8_t st = dev->status & (VIRTIO_STATUS_DRIVER_OK | VIRTIO_STATUS_DEVICE_NEEDS_RESET);
	if (st == VIRTIO_STATUS_DRIVER_OK) {
		if (vhost_dev_setup(d, true) < 0) {
			if (d->vu.fd < 0) {   /* gone again */
				d->gone = true;
				close(d->watch_fd);
				d->watch_fd = -1;
				r = 0;
			} else {
				virtio_dev_fail(dev, NULL, "vhost-user backend: %s", d->vu.err);
			}
		} else {
			/* Buffers made available meanwhile: their kicks went
			 * to the eventfds, but make sure. */
			for (unsigned i = 0; i < d->nvqs; i++)
				if (d->started[i])
					vhost_dev_kick(d, i);
		}
	}
	pthread_mutex_unlock(&dev->lock);
	if (r > 0)
		fprintf(stderr, "rvkvm: %s: reconnected\n", vhost_dev_what(d));
	return r;
}

/* Milliseconds from now until t (0 if past). */
static int vhost_dev_ms_until(const struct timespec *t)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	long long ms = (t->tv_sec - now.tv_sec) * 1000LL + (t->tv_nsec - now.tv_nsec) / 1000000;
	return ms <= 0 ? 0 : ms > 3600000 ? 3600000 : (int)ms;
}

/* The device thread: call eventfds become used-buffer interrupts; the
 * backend hanging up marks the device broken, or with reconnect_s starts
 * reconnection attempts every reconnect_s seconds. */
static void *vhost_dev_thread(void *opaque)
{
	struct vhost_dev *d = opaque;
	struct pollfd fds[VHOST_DEV_MAX_QUEUES + 2];
	bool watching = d->watch_fd >= 0;
	bool waiting = false;         /* the backend is gone; retry at `retry` */
	struct timespec retry = { 0, 0 };
	for (;;) {
		unsigned n = 0;
		for (unsigned i = 0; i < d->nvqs; i++)
			fds[n++] = (struct pollfd){ .fd = d->call_fd[i], .events = POLLIN };
		fds[n++] = (struct pollfd){ .fd = d->stop_fd, .events = POLLIN };
		fds[n++] = (struct pollfd){ .fd = watching ? d->watch_fd : -1, .events = POLLRDHUP };
		if (poll(fds, n, waiting ? vhost_dev_ms_until(&retry) : -1) < 0 && errno != EINTR)
			break;
		if (fds[d->nvqs].revents)
			break;
		if (waiting && !vhost_dev_ms_until(&retry)) {
			int r = vhost_dev_reconnect(d);
			waiting = r == 0;
			watching = r > 0;
			/* Every reconnect_s seconds, or that long after an
			 * attempt that took longer. */
			retry.tv_sec += d->reconnect_s;
			if (!vhost_dev_ms_until(&retry)) {
				clock_gettime(CLOCK_MONOTONIC, &retry);
				retry.tv_sec += d->reconnect_s;
			}
		}
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
			if (d->reconnect_s) {
				vhost_user_close(&d->vu);
				close(d->watch_fd);
				d->watch_fd = -1;
				waiting = true;
			} else {
				virtio_dev_fail(&d->vdev, NULL, "the vhost-user backend closed the connection");
			}
		}
		pthread_mutex_unlock(&d->vdev.lock);
		if (hup && waiting) {
			fprintf(stderr, "rvkvm: %s: backend gone, reconnecting every %u s\n",
				vhost_dev_what(d), d->reconnect_s);
			clock_gettime(CLOCK_MONOTONIC, &retry);
			retry.tv_sec += d->reconnect_s;
		}
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
	free(d->socket);
	d->socket = NULL;
}
