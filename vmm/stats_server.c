// SPDX-License-Identifier: MIT
/* The stats socket (vmm/stats_server.h): one thread of its own, never on a
 * vCPU's path.  The stats handles are opened once; each connection gets
 * the VM's and every vCPU's stats read afresh through kvm_stats_pread(). */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "vmm/stats_server.h"

#define STATS_SEND_TIMEOUT_S 2   /* a client that does not read is dropped */

struct vmm_stats_server {
	char path[sizeof(((struct sockaddr_un *)0)->sun_path)];
	int listen_fd;
	int stop_pipe[2];
	pthread_t thread;
	unsigned nfds;
	struct kvm_stats_fd *fds[1 + KVM_MAX_VCPUS];  /* the VM's, then each vCPU's */
};

/* Append the whole stats file of f to *buf (len, cap): pread until EOF. */
static int stats_append_blob(struct kvm_stats_fd *f, uint8_t **buf, size_t *len, size_t *cap)
{
	size_t start = *len;
	*len += sizeof(uint64_t);        /* the frame's length, filled in below */
	for (;;) {
		if (*cap - *len < 4096) {
			size_t ncap = *cap * 2 + 4096;
			uint8_t *n = realloc(*buf, ncap);
			if (!n)
				return -ENOMEM;
			*buf = n;
			*cap = ncap;
		}
		uint64_t off = *len - start - sizeof(uint64_t);
		long r = kvm_stats_pread(f, *buf + *len, *cap - *len, off);
		if (r < 0)
			return (int)r;
		if (r == 0)
			break;
		*len += (size_t)r;
	}
	uint64_t blob_len = *len - start - sizeof(uint64_t);
	memcpy(*buf + start, &blob_len, sizeof(blob_len));
	return 0;
}

static int send_all(int fd, const uint8_t *p, size_t n)
{
	while (n) {
		ssize_t w = send(fd, p, n, MSG_NOSIGNAL);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static void stats_serve_one(struct vmm_stats_server *s, int fd)
{
	struct timeval tv = { .tv_sec = STATS_SEND_TIMEOUT_S };
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	size_t len = sizeof(uint32_t), cap = 8192;
	uint8_t *buf = malloc(cap);
	int r = 0;
	if (!buf)
		return;
	uint32_t count = s->nfds;
	memcpy(buf, &count, sizeof(count));
	for (unsigned i = 0; i < s->nfds && !r; i++)
		r = stats_append_blob(s->fds[i], &buf, &len, &cap);
	if (!r)
		send_all(fd, buf, len);  /* a client gone away is no error of ours */
	free(buf);
}

static void *stats_server_thread(void *arg)
{
	struct vmm_stats_server *s = arg;
	struct pollfd p[2] = {
		{ .fd = s->listen_fd, .events = POLLIN },
		{ .fd = s->stop_pipe[0], .events = POLLIN },
	};
	for (;;) {
		if (poll(p, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (p[1].revents)
			break;
		if (!(p[0].revents & POLLIN))
			continue;
		int fd = accept4(s->listen_fd, NULL, NULL, SOCK_CLOEXEC);
		if (fd < 0)
			continue;
		stats_serve_one(s, fd);
		close(fd);
	}
	return NULL;
}

static void stats_close_fds(struct vmm_stats_server *s)
{
	for (unsigned i = 0; i < s->nfds; i++)
		kvm_stats_close(s->fds[i]);
	s->nfds = 0;
}

int vmm_stats_server_start(struct vmm_stats_server **out, const char *path, struct kvm_vm *vm,
			   struct kvm_vcpu *const *vcpus, unsigned n)
{
	struct vmm_stats_server *s = calloc(1, sizeof(*s));
	if (!s)
		return -ENOMEM;
	s->listen_fd = -1;
	s->stop_pipe[0] = s->stop_pipe[1] = -1;
	int r;
	if (strlen(path) >= sizeof(s->path)) {
		fprintf(stderr, "rvkvm: --stats-sock: path too long (at most %zu bytes)\n",
			sizeof(s->path) - 1);
		r = -ENAMETOOLONG;
		goto fail;
	}
	strcpy(s->path, path);
	if (n > KVM_MAX_VCPUS) {
		r = -EINVAL;
		goto fail;
	}

	r = (int)kvm_vm_ioctl(vm, KVM_GET_STATS_FD, &s->fds[s->nfds]);
	if (!r)
		s->nfds++;
	for (unsigned i = 0; i < n && !r; i++) {
		r = (int)kvm_vcpu_ioctl(vcpus[i], KVM_GET_STATS_FD, &s->fds[s->nfds]);
		if (!r)
			s->nfds++;
	}
	if (r < 0) {
		fprintf(stderr, "rvkvm: KVM_GET_STATS_FD: %s\n", strerror(-r));
		goto fail;
	}

	/* A socket left by an earlier run is replaced; anything else is not. */
	struct stat st;
	if (lstat(path, &st) == 0 && S_ISSOCK(st.st_mode))
		unlink(path);
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	strcpy(a.sun_path, path);
	s->listen_fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (s->listen_fd < 0 || bind(s->listen_fd, (struct sockaddr *)&a, sizeof(a)) < 0 ||
	    listen(s->listen_fd, 8) < 0) {
		r = -errno;
		fprintf(stderr, "rvkvm: --stats-sock %s: %s\n", path, strerror(errno));
		goto fail;
	}
	if (pipe2(s->stop_pipe, O_CLOEXEC) < 0) {
		r = -errno;
		unlink(path);
		goto fail;
	}
	r = pthread_create(&s->thread, NULL, stats_server_thread, s);
	if (r) {
		fprintf(stderr, "rvkvm: stats thread: %s\n", strerror(r));
		r = -r;
		unlink(path);
		goto fail;
	}
	*out = s;
	return 0;
fail:
	if (s->listen_fd >= 0)
		close(s->listen_fd);
	if (s->stop_pipe[0] >= 0) {
		close(s->stop_pipe[0]);
		close(s->stop_pipe[1]);
	}
	stats_close_fds(s);
	free(s);
	return r;
}

void vmm_stats_server_stop(struct vmm_stats_server *s)
{
	if (!s)
		return;
	char c = 0;
	while (write(s->stop_pipe[1], &c, 1) < 0 && errno == EINTR)
		;
	pthread_join(s->thread, NULL);
	close(s->listen_fd);
	close(s->stop_pipe[0]);
	close(s->stop_pipe[1]);
	unlink(s->path);
	stats_close_fds(s);
	free(s);
}
