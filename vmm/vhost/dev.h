/* SPDX-License-Identifier: MIT */
/* A virtio device whose queues a vhost-user backend processes: the
 * frontend keeps the virtio-mmio registers, features and configuration
 * space (the virtio core), and at DRIVER_OK hands the backend the memory
 * table (guest RAM is a memfd the backend maps), each ready ring's
 * addresses and two eventfds per queue: kick (a KVM ioeventfd on
 * QueueNotify with the queue index as datamatch signals it inside the
 * core) and call (the device thread turns it into the used-buffer
 * interrupt, as virtio-mmio needs InterruptStatus set).  A reset stops the
 * rings (GET_VRING_BASE).  A backend that goes away marks the device
 * DEVICE_NEEDS_RESET; the guest keeps running.  With reconnection
 * (vhost-user-blk's reconnect=SECS) it does not: the device waits, the
 * guest's kicks pile up in the kick eventfds, and the device thread tries
 * the socket again every SECS seconds; a backend that answers gets the
 * handshake, and once the driver is running, the features, memory table
 * and rings again, each ring restarting at the used ring's index (the
 * requests the old backend took and never completed run again, as in
 * QEMU without inflight tracking), then a kick on every queue.
 *
 * Two kinds: virtio-fs (the VMM provides the configuration: tag and
 * request queues) and virtio-blk (the configuration comes from the
 * backend, GET_CONFIG).  Not tracked: writes the backend makes to guest
 * RAM are invisible to dirty logging (no LOG_SHMFD yet). */
#ifndef VMM_VHOST_DEV_H
#define VMM_VHOST_DEV_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "vmm/vhost/user.h"
#include "vmm/virtio/core.h"

#define VHOST_DEV_MAX_QUEUES 9
#define VIRTIO_FS_TAG_LEN    36

enum vhost_dev_kind {
	VHOST_DEV_FS,
	VHOST_DEV_BLK,
};

struct vhost_dev_opts {
	enum vhost_dev_kind kind;
	const char *socket;          /* the backend's unix socket */
	const char *tag;             /* fs: the mount tag, 1..36 bytes */
	unsigned reconnect_s;        /* blk: seconds between attempts to reach a
				      * backend that hung up; 0: fail the device */
	/* Guest RAM as the backend maps it. */
	int ram_fd;
	uint8_t *ram;
	uint64_t ram_base, ram_size;
};

struct vhost_dev {
	struct virtio_dev vdev;
	enum vhost_dev_kind kind;
	struct vhost_user vu;
	uint64_t backend_features;
	uint8_t config[VHOST_USER_CONFIG_MAX];
	uint32_t config_size;
	unsigned nvqs;
	int kick_fd[VHOST_DEV_MAX_QUEUES], call_fd[VHOST_DEV_MAX_QUEUES];
	bool started[VHOST_DEV_MAX_QUEUES];
	/* The backend hung up (under vdev.lock).  With reconnect_s the device
	 * thread is reconnecting meanwhile, and nothing talks to the socket. */
	bool gone;
	unsigned reconnect_s;        /* 0: none, or given up (set so by the
				      * device thread under vdev.lock) */
	char *socket;                /* the backend's socket path, for reconnecting */
	int ram_fd;
	uint8_t *ram;
	uint64_t ram_base, ram_size;

	/* The device thread: call eventfds and the backend's hang-up. */
	bool running;
	pthread_t thread;
	int stop_fd;
	int watch_fd;                /* a dup of the socket, polled for hang-up;
				      * replaced by the device thread under
				      * vdev.lock */
};

/* Connect and learn the backend's features (and configuration, for blk).
 * Errors go to stderr; returns 0 or -errno. */
int vhost_dev_init(struct vhost_dev *d, const struct vhost_dev_opts *opts);
int vhost_dev_start(struct vhost_dev *d);
static inline int vhost_dev_kick_fd(const struct vhost_dev *d, unsigned q)
{
	return d->kick_fd[q];
}
void vhost_dev_exit(struct vhost_dev *d);

#endif
