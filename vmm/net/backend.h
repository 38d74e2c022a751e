/* SPDX-License-Identifier: MIT */
/* A network backend: where a virtio-net device's frames go and come from
 * (user-mode networking through libslirp, a tap device).  A backend has no
 * thread of its own: the device's thread polls the backend's descriptors
 * and timers along with its own queue kicks, so every backend call, and
 * every frame a backend hands up, happens on that one thread.
 *
 * Frames are Ethernet frames without FCS; the virtio-net header stays in
 * the device. */
#ifndef VMM_NET_BACKEND_H
#define VMM_NET_BACKEND_H

#include <poll.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#define NET_MAX_FRAME 65536   /* bytes, without the virtio-net header */

/* The descriptors one loop iteration polls (grows as needed). */
struct net_pollset {
	struct pollfd *fds;
	unsigned n, cap;
};

/* Add fd with `events` (POLLIN, ...); returns its index, or -1 when out
 * of memory. */
static inline int net_pollset_add(struct net_pollset *ps, int fd, short events)
{
	if (ps->n == ps->cap) {
		unsigned cap = ps->cap ? 2 * ps->cap : 16;
		struct pollfd *f = realloc(ps->fds, cap * sizeof(*f));
		if (!f)
			return -1;
		ps->fds = f;
		ps->cap = cap;
	}
	ps->fds[ps->n] = (struct pollfd){ .fd = fd, .events = events };
	return (int)ps->n++;
}

static inline void net_pollset_free(struct net_pollset *ps)
{
	free(ps->fds);
	*ps = (struct net_pollset){ 0 };
}

struct net_backend;

struct net_backend_ops {
	const char *name;
	/* Before poll: add descriptors to ps and lower *timeout_ms (-1: no
	 * limit) to the next timer.  can_receive is false while the device
	 * holds as many frames as it will take: a backend that can leave them
	 * in the host (tap) should then not poll for input. */
	void (*poll_fill)(struct net_backend *be, struct net_pollset *ps, int *timeout_ms,
			  bool can_receive);
	/* After poll: handle ready descriptors and due timers; frames for the
	 * guest go up through be->receive. */
	void (*poll_done)(struct net_backend *be, const struct net_pollset *ps);
	/* A frame from the guest, len in 14..NET_MAX_FRAME (plus the header
	 * for vnet_hdr backends).  May hand frames up through be->receive
	 * before it returns. */
	void (*send)(struct net_backend *be, const uint8_t *frame, size_t len);
	void (*destroy)(struct net_backend *be);
};

struct net_backend {
	const struct net_backend_ops *ops;
	/* Frames this backend makes carry correct checksums (the device may
	 * tell the guest they were validated, VIRTIO_NET_HDR_F_DATA_VALID). */
	bool csum_valid;
	/* Frames carry the 12-byte virtio-net header in front, both ways: the
	 * backend itself completes checksums and segments (tap with
	 * IFF_VNET_HDR), so the device can offer checksum and segmentation
	 * offload.  send() then gets header + frame, receive() header + frame. */
	bool vnet_hdr;
	/* vnet_hdr backends: what the guest accepts on receive (its
	 * VIRTIO_NET_F_GUEST_* feature bits), at FEATURES_OK; any thread. */
	void (*set_guest_offloads)(struct net_backend *be, uint64_t features);
	/* One queue of a multiqueue host interface (a tap opened once per
	 * virtio-net queue pair): on lets the host steer frames to this queue,
	 * off takes it out (frames it held are dropped), as the guest changes
	 * the queue pairs in use.  NULL: always on.  Returns 0 or -errno; any
	 * thread, also while the device thread sends or reads (the host
	 * kernel orders them). */
	int (*set_queue_enabled)(struct net_backend *be, bool on);
	/* Frames this backend read from and wrote to the host, as the backend
	 * itself counts them (tap; 0 for a backend that does not count), on
	 * the device thread.  A check that each queue of a multiqueue host
	 * interface carries its queue pair's frames. */
	uint64_t host_rx, host_tx;
	/* Set by the device: take a frame for the guest (copied; returns false
	 * when the device dropped it for want of room). */
	bool (*receive)(void *opaque, const uint8_t *frame, size_t len);
	/* Set by the device: would receive() take a frame now?  A backend
	 * that can leave frames in the host asks before taking one out. */
	bool (*has_room)(void *opaque);
	void *opaque;
};

static inline void net_backend_destroy(struct net_backend *be)
{
	if (be)
		be->ops->destroy(be);
}

#endif
