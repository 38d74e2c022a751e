// SPDX-License-Identifier: MIT
/* The tap backend (see tap.h): IFF_TAP | IFF_NO_PI | IFF_VNET_HDR, one
 * frame per read() and write(), each with the 12-byte virtio-net header in
 * front: the host kernel checksums and segments what the guest leaves
 * undone, and hands up unsegmented frames as far as the guest accepts
 * (TUNSETOFFLOAD).  No frame is read while the device's backlog is full, so
 * frames wait in the host's tap queue rather than being dropped here.
 *
 * Multiqueue (queues > 1): one descriptor per queue, each opened with
 * IFF_MULTI_QUEUE and each a backend of its own, served by its own queue
 * pair's thread.  The host kernel picks the queue of a frame for the
 * guest by its flow (the queue that last sent that flow, else a hash), so
 * a flow stays on the queue pair the guest transmits it on.  A queue the
 * guest does not use is detached (TUNSETQUEUE IFF_DETACH_QUEUE): the host
 * steers nothing to it. */
#include "vmm/net/tap.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

/* Frames per poll_done: enough to batch, few enough to get back to the
 * transmit queue. */
#define TAP_READ_BATCH 64

struct net_tap {
	struct net_backend be;
	int fd;
	int idx;              /* our entry in this iteration's poll set, or -1 */
	bool multi_queue;     /* opened with IFF_MULTI_QUEUE */
	bool enabled;         /* attached: the host steers frames to this queue */
	bool error_logged;
	uint8_t buf[12 + NET_MAX_FRAME];   /* virtio-net header + frame */
};

static struct net_tap *to_tap(struct net_backend *be)
{
	return (struct net_tap *)be;
}

static void net_tap_error(struct net_tap *t, const char *what, int err)
{
	if (!t->error_logged) {
		t->error_logged = true;
		fprintf(stderr, "rvkvm: net tap: %s: %s (further errors not logged)\n", what,
			strerror(err));
	}
}

static void net_tap_poll_fill(struct net_backend *be, struct net_pollset *ps, int *timeout_ms,
			      bool can_receive)
{
	struct net_tap *t = to_tap(be);
	(void)timeout_ms;
	t->idx = can_receive ? net_pollset_add(ps, t->fd, POLLIN) : -1;
}

static void net_tap_poll_done(struct net_backend *be, const struct net_pollset *ps)
{
	struct net_tap *t = to_tap(be);
	if (t->idx < 0 || !(ps->fds[t->idx].revents & POLLIN))
		return;
	for (int i = 0; i < TAP_READ_BATCH && be->has_room(be->opaque); i++) {
		ssize_t n = read(t->fd, t->buf, sizeof(t->buf));
		if (n < 0) {
			if (errno != EAGAIN && errno != EINTR)
				net_tap_error(t, "read", errno);
			return;
		}
		be->host_rx++;
		be->receive(be->opaque, t->buf, (size_t)n);
	}
}

static void net_tap_send(struct net_backend *be, const uint8_t *frame, size_t len)
{
	struct net_tap *t = to_tap(be);
	ssize_t n;
	do
		n = write(t->fd, frame, len);
	while (n < 0 && errno == EINTR);
	/* EAGAIN: the host queue is full; like a wire, the frame is lost. */
	if (n < 0 && errno != EAGAIN)
		net_tap_error(t, "write", errno);
	if (n >= 0)
		be->host_tx++;
}

static void net_tap_destroy(struct net_backend *be)
{
	struct net_tap *t = to_tap(be);
	if (t->fd >= 0)
		close(t->fd);
	free(t);
}

/* What the guest takes on receive, as the tap's offloads. */
static void net_tap_set_guest_offloads(struct net_backend *be, uint64_t f)
{
	struct net_tap *t = to_tap(be);
	unsigned off = 0;
	if (f & (1ULL << 1))      /* VIRTIO_NET_F_GUEST_CSUM */
		off |= TUN_F_CSUM;
	if (f & (1ULL << 7))      /* GUEST_TSO4 */
		off |= TUN_F_TSO4;
	if (f & (1ULL << 8))      /* GUEST_TSO6 */
		off |= TUN_F_TSO6;
	if (f & (1ULL << 9))      /* GUEST_ECN */
		off |= TUN_F_TSO_ECN;
	if (ioctl(t->fd, TUNSETOFFLOAD, off) < 0)
		net_tap_error(t, "TUNSETOFFLOAD", errno);
}

static const struct net_backend_ops net_tap_ops = {
	.name = "tap",
	.poll_fill = net_tap_poll_fill,
	.poll_done = net_tap_poll_done,
	.send = net_tap_send,
	.destroy = net_tap_destroy,
};

/* Attach or detach this queue of a multiqueue tap. */
static int net_tap_set_queue_enabled(struct net_backend *be, bool on)
{
	struct net_tap *t = to_tap(be);
	if (!t->multi_queue || t->enabled == on)
		return 0;
	struct ifreq ifr = { .ifr_flags = on ? IFF_ATTACH_QUEUE : IFF_DETACH_QUEUE };
	if (ioctl(t->fd, TUNSETQUEUE, &ifr) < 0) {
		int err = errno;
		/* Not net_tap_error: this runs on a vCPU thread (rarely). */
		fprintf(stderr, "rvkvm: net tap: cannot %s a queue: %s\n", on ? "attach" : "detach",
			strerror(err));
		return -err;
	}
	t->enabled = on;
	return 0;
}

/* One queue of tap ifname (the only one when !mq). */
static struct net_tap *net_tap_open(const char *ifname, bool mq, char *err, size_t errlen)
{
	struct net_tap *t = calloc(1, sizeof(*t));
	if (!t) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	t->be.ops = &net_tap_ops;
	t->be.vnet_hdr = true;
	t->be.set_guest_offloads = net_tap_set_guest_offloads;
	t->be.set_queue_enabled = net_tap_set_queue_enabled;
	t->idx = -1;
	t->multi_queue = mq;
	t->enabled = true;
	t->fd = open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);
	if (t->fd < 0) {
		snprintf(err, errlen, "/dev/net/tun: %s", strerror(errno));
		free(t);
		return NULL;
	}
	struct ifreq ifr = { .ifr_flags = IFF_TAP | IFF_NO_PI | IFF_VNET_HDR };
	if (mq)
		ifr.ifr_flags |= IFF_MULTI_QUEUE;
	strcpy(ifr.ifr_name, ifname);
	if (ioctl(t->fd, TUNSETIFF, &ifr) < 0) {
		int e = errno;
		char hint[160] = "";
		if (e == EPERM)
			snprintf(hint, sizeof(hint), " (create it with `ip tuntap add` or run with "
				 "CAP_NET_ADMIN)");
		else if (e == EINVAL && mq)
			snprintf(hint, sizeof(hint), " (queues=N needs a tap created multi_queue: "
				 "`ip tuntap add dev %s mode tap multi_queue`)", ifname);
		else if (e == EINVAL)
			snprintf(hint, sizeof(hint), " (it is not a tap, or a multi_queue one, which "
				 "needs queues=N)");
		else if (e == EBUSY)
			snprintf(hint, sizeof(hint), " (another process has it open)");
		snprintf(err, errlen, "cannot attach tap %s: %s%s", ifname, strerror(e), hint);
		net_tap_destroy(&t->be);
		return NULL;
	}
	/* The virtio 1.x header (with num_buffers), no offloads until the
	 * guest negotiates them. */
	int hdr = 12;
	if (ioctl(t->fd, TUNSETVNETHDRSZ, &hdr) < 0 || ioctl(t->fd, TUNSETOFFLOAD, 0) < 0) {
		snprintf(err, errlen, "tap %s: cannot set up the virtio-net header: %s", ifname,
			 strerror(errno));
		net_tap_destroy(&t->be);
		return NULL;
	}
	return t;
}

int net_tap_create(const char *ifname, unsigned queues, struct net_backend **bes, char *err,
		   size_t errlen)
{
	if (strlen(ifname) >= IFNAMSIZ) {
		snprintf(err, errlen, "interface name %s is too long", ifname);
		return -1;
	}
	if (!queues || queues > NET_TAP_MAX_QUEUES) {
		snprintf(err, errlen, "queues=%u: 1 to %d", queues, NET_TAP_MAX_QUEUES);
		return -1;
	}
	for (unsigned i = 0; i < queues; i++) {
		struct net_tap *t = net_tap_open(ifname, queues > 1, err, errlen);
		if (!t) {
			while (i--) {
				net_backend_destroy(bes[i]);
				bes[i] = NULL;
			}
			return -1;
		}
		bes[i] = &t->be;
	}
	return 0;
}
