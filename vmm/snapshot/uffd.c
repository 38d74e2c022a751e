// SPDX-License-Identifier: MIT
/* The Uffd memory backend (see uffd.h): the userfaultfd, the handshake
 * with the page-fault handler, and a watch on the handler going away. */
#include "vmm/snapshot/uffd.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <linux/userfaultfd.h>
#include <poll.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <unistd.h>

#include "vmm/say.h"

struct snap_uffd {
	int uffd, sock, quit;        /* quit: an eventfd that ends the watcher */
	uint64_t start, size;
	void (*on_lost)(void *ctx, const char *why);
	void *ctx;
	pthread_t watcher;
	bool watching;
};

int snap_uffd_connect(const char *path, char *err, size_t errlen)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	if (strlen(path) >= sizeof(sa.sun_path))
		return say(err, errlen, -ENAMETOOLONG, "the page-fault handler's socket path %s is "
			   "longer than a unix socket's %zu bytes", path, sizeof(sa.sun_path) - 1);
	strcpy(sa.sun_path, path);
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return say(err, errlen, -errno, "socket: %s", strerror(errno));
	/* A listener whose backlog is full blocks connect, one that never
	 * reads blocks the send: neither may hold the API for long. */
	struct timeval tv = { .tv_sec = SNAP_UFFD_TIMEOUT_S };
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		int e = errno;
		close(fd);
		return say(err, errlen, -e, "cannot connect to the page-fault handler at %s: %s%s",
			   path, strerror(e), e == ECONNREFUSED || e == ENOENT ?
			   " (start the handler listening there first)" : "");
	}
	return fd;
}

int snap_uffd_describe(char *buf, size_t len, const void *ram, uint64_t size, uint64_t page_size)
{
	int n = snprintf(buf, len, "[{\"base_host_virt_addr\":%" PRIu64 ",\"size\":%" PRIu64
			 ",\"offset\":0,\"page_size\":%" PRIu64 ",\"page_size_kib\":%" PRIu64 "}]",
			 (uint64_t)(uintptr_t)ram, size, page_size, page_size);
	return n < 0 || (size_t)n >= len ? -ENOSPC : n;
}

/* A userfaultfd whose faults from the kernel (a device's I/O into guest
 * RAM) are caught too: the syscall, or /dev/userfaultfd where access is
 * granted through the file's permissions. */
static int new_uffd(void)
{
	int fd = (int)syscall(SYS_userfaultfd, O_CLOEXEC | O_NONBLOCK);
	if (fd >= 0 || errno != EPERM)
		return fd < 0 ? -errno : fd;
	int dev = open("/dev/userfaultfd", O_RDWR | O_CLOEXEC);
	if (dev < 0)
		return -EPERM;
	fd = ioctl(dev, USERFAULTFD_IOC_NEW, O_CLOEXEC | O_NONBLOCK);
	int e = errno;
	close(dev);
	return fd < 0 ? -e : fd;
}

/* The handshake: the description as data, the userfaultfd attached. */
static int send_handshake(struct snap_uffd *u, char *err, size_t errlen)
{
	char json[256];
	int n = snap_uffd_describe(json, sizeof(json), (void *)(uintptr_t)u->start, u->size,
				   (uint64_t)sysconf(_SC_PAGESIZE));
	if (n < 0)
		return say(err, errlen, n, "the memory description does not fit");
	union {
		struct cmsghdr h;
		char buf[CMSG_SPACE(sizeof(int))];
	} ctl;
	memset(&ctl, 0, sizeof(ctl));
	struct iovec iov = { json, (size_t)n };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl.buf,
			      .msg_controllen = sizeof(ctl.buf) };
	struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &u->uffd, sizeof(int));
	/* No SIGPIPE: a handler that already hung up is an error, not the
	 * VMM's end. */
	ssize_t w = sendmsg(u->sock, &msg, MSG_NOSIGNAL);
	if (w < 0)
		return say(err, errlen, -errno, "sending the userfaultfd to the page-fault handler: "
			   "%s", errno == EAGAIN ? "timed out" : strerror(errno));
	if (w != n)
		return say(err, errlen, -EPIPE, "the page-fault handler took %zd of %d bytes", w, n);
	return 0;
}

/* The handler is gone.  Faults it read but did not serve are woken, so
 * that they come again; the first fault (now read here) means the guest
 * touched a page nobody will bring: guest RAM is unregistered, and the
 * threads go on with zero pages.  A fault that raced with the unregister
 * can still wait on the userfaultfd (seen on Linux 6.18: a thread asleep
 * in handle_userfault with no range registered any more, woken by no
 * one); its message comes here and is answered with a wake, after which
 * it retries as an ordinary fault. */
static void watch_orphaned(struct snap_uffd *u)
{
	fprintf(stderr, "rvkvm: the page-fault handler hung up: the guest stops if it touches "
		"a page not served yet\n");
	struct uffdio_range all = { u->start, u->size };
	ioctl(u->uffd, UFFDIO_WAKE, &all);
	for (bool lost = false;;) {
		struct pollfd p[2] = { { .fd = u->quit, .events = POLLIN },
				       { .fd = u->uffd, .events = POLLIN } };
		if (poll(p, 2, -1) < 0 && errno != EINTR)
			return;
		if (p[0].revents)
			return;
		struct uffd_msg msg[16];
		ssize_t n = read(u->uffd, msg, sizeof(msg));   /* also completes REMOVE events */
		for (ssize_t i = 0; i < n / (ssize_t)sizeof(msg[0]); i++) {
			if (msg[i].event != UFFD_EVENT_PAGEFAULT)
				continue;
			if (!lost) {
				char why[160];
				snprintf(why, sizeof(why), "guest memory at host address %#llx has "
					 "no page-fault handler to serve it",
					 msg[i].arg.pagefault.address);
				u->on_lost(u->ctx, why);
				ioctl(u->uffd, UFFDIO_UNREGISTER, &all);
				lost = true;
			}
			ioctl(u->uffd, UFFDIO_WAKE, &all);
		}
	}
}

static void *watch(void *opaque)
{
	struct snap_uffd *u = opaque;
	for (;;) {
		struct pollfd p[2] = { { .fd = u->quit, .events = POLLIN },
				       { .fd = u->sock, .events = POLLIN | POLLRDHUP } };
		if (poll(p, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			return NULL;
		}
		if (p[0].revents)
			return NULL;
		if (p[1].revents & (POLLHUP | POLLRDHUP | POLLERR))
			break;
		/* The protocol has nothing from the handler: whatever it
		 * sends is dropped (fds with it too, for want of room). */
		char junk[512];
		ssize_t n = recv(u->sock, junk, sizeof(junk), MSG_DONTWAIT);
		if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR))
			break;
	}
	watch_orphaned(u);
	return NULL;
}

int snap_uffd_start(struct snap_uffd **out, int sock, void *ram, uint64_t size,
		    void (*on_lost)(void *ctx, const char *why), void *ctx, char *err,
		    size_t errlen)
{
	struct snap_uffd *u = calloc(1, sizeof(*u));
	if (!u)
		return say(err, errlen, -ENOMEM, "out of memory");
	*u = (struct snap_uffd){ .uffd = -1, .sock = -1, .quit = -1,
				 .start = (uint64_t)(uintptr_t)ram, .size = size,
				 .on_lost = on_lost, .ctx = ctx };
	int rc = 0;
	u->sock = fcntl(sock, F_DUPFD_CLOEXEC, 0);
	u->quit = eventfd(0, EFD_CLOEXEC);
	if (u->sock < 0 || u->quit < 0) {
		rc = say(err, errlen, -errno, "%s", strerror(errno));
		goto fail;
	}
	u->uffd = new_uffd();
	if (u->uffd < 0) {
		rc = say(err, errlen, u->uffd, "userfaultfd: %s (the Uffd backend needs it: root, "
			 "vm.unprivileged_userfaultfd=1 or access to /dev/userfaultfd)",
			 strerror(-u->uffd));
		goto fail;
	}
	/* EVENT_REMOVE, as Firecracker asks: the balloon's MADV_DONTNEED is
	 * reported, so the handler knows those pages are zero now. */
	struct uffdio_api api = { .api = UFFD_API, .features = UFFD_FEATURE_EVENT_REMOVE };
	struct uffdio_register reg = { .range = { u->start, size },
				       .mode = UFFDIO_REGISTER_MODE_MISSING };
	if (ioctl(u->uffd, UFFDIO_API, &api) < 0 || ioctl(u->uffd, UFFDIO_REGISTER, &reg) < 0) {
		rc = say(err, errlen, -errno, "userfaultfd on guest RAM: %s", strerror(errno));
		goto fail;
	}
	if (!(reg.ioctls & (1ULL << _UFFDIO_COPY)) || !(reg.ioctls & (1ULL << _UFFDIO_ZEROPAGE))) {
		rc = say(err, errlen, -EOPNOTSUPP, "userfaultfd: this kernel cannot copy into guest "
			 "RAM (UFFDIO_COPY)");
		goto fail;
	}
	rc = send_handshake(u, err, errlen);
	if (rc)
		goto fail;
	int e = pthread_create(&u->watcher, NULL, watch, u);
	if (e) {
		rc = say(err, errlen, -e, "cannot start the page-fault handler's watch: %s",
			 strerror(e));
		goto fail;
	}
	u->watching = true;
	*out = u;
	return 0;
fail:
	snap_uffd_free(u);
	return rc;
}

void snap_uffd_free(struct snap_uffd *u)
{
	if (!u)
		return;
	if (u->watching) {
		uint64_t one = 1;
		if (write(u->quit, &one, sizeof(one)) < 0)
			perror("rvkvm: eventfd");
		pthread_join(u->watcher, NULL);
	}
	if (u->uffd >= 0) {
		struct uffdio_range all = { u->start, u->size };
		ioctl(u->uffd, UFFDIO_UNREGISTER, &all);
		close(u->uffd);
	}
	if (u->sock >= 0)
		close(u->sock);
	if (u->quit >= 0)
		close(u->quit);
	free(u);
}
