// SPDX-License-Identifier: MIT
/* vhost-user frontend messaging (see user.h).  Every reply is awaited with
 * a time limit, so a backend that stops answering fails the call instead
 * of hanging the VMM; a short read, a reply to another request or an
 * oversized payload closes the connection. */
#include "vmm/vhost/user.h"

#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#define VU_VERSION     0x1
#define VU_FLAG_REPLY  0x4
#define VU_FLAG_NEED_REPLY 0x8
#define VU_HDR_SIZE    12
#define VU_REPLY_MS    5000

struct vu_msg {
	uint32_t request, flags, size;
	union {
		uint64_t u64;
		struct { uint32_t index, num; } state;
		struct { uint32_t index, flags; uint64_t desc, used, avail, log; } addr;
		struct { uint32_t nregions, padding; struct vhost_user_region r[VHOST_USER_MAX_REGIONS]; } mem;
		struct { uint32_t offset, size, flags; uint8_t region[VHOST_USER_CONFIG_MAX]; } config;
	} u;
} __attribute__((packed));

static int vu_fail(struct vhost_user *vu, int err, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(vu->err, sizeof(vu->err), fmt, ap);
	va_end(ap);
	if (err == EPIPE || err == ECONNRESET || err == EPROTO || err == ETIMEDOUT)
		vhost_user_close(vu);
	return -err;
}

int vhost_user_connect(struct vhost_user *vu, const char *path, int timeout_ms)
{
	memset(vu, 0, sizeof(*vu));
	vu->fd = -1;
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	if (strlen(path) >= sizeof(a.sun_path))
		return vu_fail(vu, ENAMETOOLONG, "socket path %s is too long", path);
	strcpy(a.sun_path, path);
	struct timespec t0, t;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
		if (fd < 0)
			return vu_fail(vu, errno, "socket: %s", strerror(errno));
		if (!connect(fd, (struct sockaddr *)&a, sizeof(a))) {
			vu->fd = fd;
			return 0;
		}
		int err = errno;
		close(fd);
		clock_gettime(CLOCK_MONOTONIC, &t);
		long ms = (t.tv_sec - t0.tv_sec) * 1000 + (t.tv_nsec - t0.tv_nsec) / 1000000;
		if ((err != ENOENT && err != ECONNREFUSED) || ms >= timeout_ms)
			return vu_fail(vu, err, "cannot connect to %s: %s", path, strerror(err));
		usleep(20000);   /* the backend is still starting */
	}
}

void vhost_user_close(struct vhost_user *vu)
{
	if (vu->fd >= 0)
		close(vu->fd);
	vu->fd = -1;
}

static int vu_send(struct vhost_user *vu, struct vu_msg *m, const int *fds, unsigned nfds)
{
	if (vu->fd < 0)
		return vu_fail(vu, EPIPE, "the backend is gone");
	m->flags |= VU_VERSION;
	struct iovec iov = { m, VU_HDR_SIZE + m->size };
	union {
		char buf[CMSG_SPACE(sizeof(int) * VHOST_USER_MAX_REGIONS)];
		struct cmsghdr align;
	} ctl;
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1 };
	if (nfds) {
		mh.msg_control = ctl.buf;
		mh.msg_controllen = CMSG_SPACE(sizeof(int) * nfds);
		struct cmsghdr *c = CMSG_FIRSTHDR(&mh);
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN(sizeof(int) * nfds);
		memcpy(CMSG_DATA(c), fds, sizeof(int) * nfds);
	}
	ssize_t n;
	do
		n = sendmsg(vu->fd, &mh, MSG_NOSIGNAL);
	while (n < 0 && errno == EINTR);
	if (n != (ssize_t)iov.iov_len)
		return vu_fail(vu, n < 0 ? errno : EPIPE, "sending request %u: %s", m->request,
			       n < 0 ? strerror(errno) : "short write");
	return 0;
}

static int vu_read_full(struct vhost_user *vu, void *buf, size_t len)
{
	size_t done = 0;
	while (done < len) {
		struct pollfd p = { .fd = vu->fd, .events = POLLIN };
		int r = poll(&p, 1, VU_REPLY_MS);
		if (r < 0 && errno == EINTR)
			continue;
		if (r == 0)
			return -ETIMEDOUT;
		ssize_t n = read(vu->fd, (char *)buf + done, len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? -errno : -ECONNRESET;
		done += (size_t)n;
	}
	return 0;
}

/* Await the reply to `request` into m (payload at most `max` bytes). */
static int vu_recv(struct vhost_user *vu, struct vu_msg *m, uint32_t request, uint32_t max)
{
	int r = vu_read_full(vu, m, VU_HDR_SIZE);
	if (r < 0)
		return vu_fail(vu, -r == ETIMEDOUT ? ETIMEDOUT : ECONNRESET,
			       "no reply to request %u: %s", request, strerror(-r));
	if (m->request != request || !(m->flags & VU_FLAG_REPLY) || m->size > max)
		return vu_fail(vu, EPROTO, "bad reply to request %u (request %u, flags %#x, "
			       "size %u)", request, m->request, m->flags, m->size);
	r = vu_read_full(vu, &m->u, m->size);
	if (r < 0)
		return vu_fail(vu, ECONNRESET, "short reply to request %u", request);
	return 0;
}

/* Send a request without a payload reply; with REPLY_ACK, await the ack. */
static int vu_call(struct vhost_user *vu, struct vu_msg *m, const int *fds, unsigned nfds)
{
	bool ack = vu->protocol_features & (1ULL << VHOST_USER_PROTOCOL_F_REPLY_ACK);
	uint32_t req = m->request;
	if (ack)
		m->flags |= VU_FLAG_NEED_REPLY;
	int r = vu_send(vu, m, fds, nfds);
	if (r < 0 || !ack)
		return r;
	r = vu_recv(vu, m, req, sizeof(uint64_t));
	if (r < 0)
		return r;
	if (m->size != sizeof(uint64_t) || m->u.u64)
		return vu_fail(vu, EIO, "the backend refused request %u", req);
	return 0;
}

int vhost_user_get_u64(struct vhost_user *vu, enum vhost_user_request req, uint64_t *val)
{
	struct vu_msg m = { .request = req };
	int r = vu_send(vu, &m, NULL, 0);
	if (!r)
		r = vu_recv(vu, &m, req, sizeof(uint64_t));
	if (!r && m.size != sizeof(uint64_t))
		r = vu_fail(vu, EPROTO, "reply to request %u is not a u64", req);
	if (!r)
		*val = m.u.u64;
	return r;
}

int vhost_user_set_u64(struct vhost_user *vu, enum vhost_user_request req, uint64_t val)
{
	struct vu_msg m = { .request = req, .size = sizeof(uint64_t), .u.u64 = val };
	/* SET_PROTOCOL_FEATURES itself decides whether acks exist. */
	if (req == VHOST_USER_SET_PROTOCOL_FEATURES)
		return vu_send(vu, &m, NULL, 0);
	return vu_call(vu, &m, NULL, 0);
}

int vhost_user_set_owner(struct vhost_user *vu)
{
	struct vu_msg m = { .request = VHOST_USER_SET_OWNER };
	return vu_call(vu, &m, NULL, 0);
}

int vhost_user_set_mem_table(struct vhost_user *vu, const struct vhost_user_region *r,
			     const int *fds, unsigned n)
{
	if (n > VHOST_USER_MAX_REGIONS)
		return -EINVAL;
	struct vu_msg m = { .request = VHOST_USER_SET_MEM_TABLE,
			    .size = 8 + n * (uint32_t)sizeof(*r) };
	m.u.mem.nregions = n;
	memcpy(m.u.mem.r, r, n * sizeof(*r));
	return vu_call(vu, &m, fds, n);
}

int vhost_user_set_vring(struct vhost_user *vu, enum vhost_user_request req, uint32_t index,
			 uint32_t num)
{
	struct vu_msg m = { .request = req, .size = 8, .u.state = { index, num } };
	return vu_call(vu, &m, NULL, 0);
}

int vhost_user_get_vring_base(struct vhost_user *vu, uint32_t index, uint32_t *num)
{
	struct vu_msg m = { .request = VHOST_USER_GET_VRING_BASE, .size = 8,
			    .u.state = { index, 0 } };
	int r = vu_send(vu, &m, NULL, 0);
	if (!r)
		r = vu_recv(vu, &m, VHOST_USER_GET_VRING_BASE, 8);
	if (!r && m.size != 8)
		r = vu_fail(vu, EPROTO, "bad GET_VRING_BASE reply");
	if (!r)
		*num = m.u.state.num;
	return r;
}

int vhost_user_set_vring_addr(struct vhost_user *vu, uint32_t index, uint64_t desc,
			      uint64_t used, uint64_t avail)
{
	struct vu_msg m = { .request = VHOST_USER_SET_VRING_ADDR, .size = 40 };
	m.u.addr.index = index;
	m.u.addr.desc = desc;
	m.u.addr.used = used;
	m.u.addr.avail = avail;
	return vu_call(vu, &m, NULL, 0);
}

int vhost_user_set_vring_fd(struct vhost_user *vu, enum vhost_user_request req, uint32_t index,
			    int fd)
{
	struct vu_msg m = { .request = req, .size = 8,
			    .u.u64 = index | (fd < 0 ? VHOST_USER_VRING_NOFD : 0) };
	return vu_call(vu, &m, fd < 0 ? NULL : &fd, fd < 0 ? 0 : 1);
}

int vhost_user_get_config(struct vhost_user *vu, uint32_t off, void *buf, uint32_t len)
{
	if (len > VHOST_USER_CONFIG_MAX)
		return -EINVAL;
	struct vu_msg m = { .request = VHOST_USER_GET_CONFIG, .size = 12 + len };
	m.u.config.offset = off;
	m.u.config.size = len;
	int r = vu_send(vu, &m, NULL, 0);
	if (!r)
		r = vu_recv(vu, &m, VHOST_USER_GET_CONFIG, 12 + VHOST_USER_CONFIG_MAX);
	if (!r && (m.size != 12 + len || m.u.config.size != len))
		r = vu_fail(vu, EPROTO, "bad GET_CONFIG reply (%u bytes)", m.size);
	if (!r)
		memcpy(buf, m.u.config.region, len);
	return r;
}
