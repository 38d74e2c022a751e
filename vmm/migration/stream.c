// SPDX-License-Identifier: MIT
/* The live-migration stream (see stream.h): addresses, records, and the
 * destination's checked reader. */
#include "vmm/migration/stream.h"

#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "vmm/say.h"

static const char mig_magic[8] = { 'R', 'V', 'K', 'V', 'M', 'M', 'I', 'G' };
static const char reply_magic[4] = { 'R', 'V', 'O', 'K' };

_Static_assert(sizeof(struct mig_header) == 24, "header layout");
_Static_assert(sizeof(struct mig_rec) == 24, "record layout");
_Static_assert(sizeof(struct mig_reply) == 256, "reply layout");

/* --- addresses ------------------------------------------------------------------- */

static int unix_addr(const char *path, struct sockaddr_un *sa, char *err, size_t errlen)
{
	memset(sa, 0, sizeof(*sa));
	sa->sun_family = AF_UNIX;
	if (!*path || strlen(path) >= sizeof(sa->sun_path))
		return say(err, errlen, -EINVAL, "unix socket path empty or too long (at most %zu "
			   "bytes): `%.60s`", sizeof(sa->sun_path) - 1, path);
	strcpy(sa->sun_path, path);
	return 0;
}

/* "HOST:PORT" (HOST may be empty: any/loopback) resolved for TCP. */
static int tcp_addr(const char *hp, bool passive, struct addrinfo **res, char *err, size_t errlen)
{
	const char *colon = strrchr(hp, ':');
	if (!colon || !colon[1])
		return say(err, errlen, -EINVAL, "tcp address `%s` is not HOST:PORT", hp);
	char host[256];
	size_t hl = (size_t)(colon - hp);
	if (hl >= sizeof(host))
		return say(err, errlen, -EINVAL, "tcp host name too long");
	memcpy(host, hp, hl);
	host[hl] = 0;
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM, .ai_flags = passive ? AI_PASSIVE : 0 };
	int r = getaddrinfo(hl ? host : NULL, colon + 1, &hints, res);
	if (r)
		return say(err, errlen, -EINVAL, "tcp address `%s`: %s", hp, gai_strerror(r));
	return 0;
}

static void tcp_tune(int fd)
{
	int one = 1;
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
}

static int mig_socket(const char *addr, bool listening, char *err, size_t errlen)
{
	int fd = -1;
	if (!strncmp(addr, "unix:", 5)) {
		struct sockaddr_un sa;
		int r = unix_addr(addr + 5, &sa, err, errlen);
		if (r)
			return r;
		fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
		if (fd < 0)
			return say(err, errlen, -errno, "socket: %s", strerror(errno));
		struct stat st;
		if (listening && !lstat(sa.sun_path, &st)) {
			/* A stale socket of an earlier run goes; anything else at
			 * that path (a disk image after a typo) is not ours. */
			if (!S_ISSOCK(st.st_mode)) {
				close(fd);
				return say(err, errlen, -EEXIST, "%s exists and is not a socket",
					   sa.sun_path);
			}
			unlink(sa.sun_path);
		}
		int rc = listening ? bind(fd, (struct sockaddr *)&sa, sizeof(sa)) :
				     connect(fd, (struct sockaddr *)&sa, sizeof(sa));
		if (!rc && listening)
			rc = listen(fd, 1);
		if (rc < 0) {
			int e = errno;
			close(fd);
			return say(err, errlen, -e, "%s %s: %s", listening ? "listen on" : "connect to",
				   addr, strerror(e));
		}
		return fd;
	}
	if (!strncmp(addr, "tcp:", 4)) {
		struct addrinfo *res;
		int r = tcp_addr(addr + 4, listening, &res, err, errlen);
		if (r)
			return r;
		int e = ECONNREFUSED;
		for (struct addrinfo *ai = res; ai; ai = ai->ai_next) {
			fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
			if (fd < 0) {
				e = errno;
				continue;
			}
			int one = 1;
			if (listening)
				setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
			int rc = listening ? bind(fd, ai->ai_addr, ai->ai_addrlen) :
					     connect(fd, ai->ai_addr, ai->ai_addrlen);
			if (!rc && listening)
				rc = listen(fd, 1);
			if (!rc)
				break;
			e = errno;
			close(fd);
			fd = -1;
		}
		freeaddrinfo(res);
		if (fd < 0)
			return say(err, errlen, -e, "%s %s: %s", listening ? "listen on" : "connect to",
				   addr, strerror(e));
		if (!listening)
			tcp_tune(fd);
		return fd;
	}
	return say(err, errlen, -EINVAL, "`%s`: a migration address is unix:PATH or tcp:HOST:PORT",
		   addr);
}

int mig_connect(const char *addr, char *err, size_t errlen)
{
	return mig_socket(addr, false, err, errlen);
}

int mig_listen(const char *addr, char *err, size_t errlen)
{
	return mig_socket(addr, true, err, errlen);
}

int mig_accept(int lfd, char *err, size_t errlen)
{
	int fd;
	do
		fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
	while (fd < 0 && errno == EINTR);
	if (fd < 0)
		return say(err, errlen, -errno, "accept: %s", strerror(errno));
	tcp_tune(fd);   /* harmless on a unix socket (fails, ignored) */
	return fd;
}

/* --- whole reads and writes ------------------------------------------------------ */

int mig_write(int fd, const void *buf, size_t len)
{
	const uint8_t *p = buf;
	while (len) {
		ssize_t n = send(fd, p, len, MSG_NOSIGNAL);
		if (n < 0 && errno == ENOTSOCK)
			n = write(fd, p, len);   /* a pipe or file (tests) */
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int mig_read(int fd, void *buf, size_t len)
{
	uint8_t *p = buf;
	while (len) {
		ssize_t n = read(fd, p, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (n == 0)
			return -EPIPE;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* --- the source's side ----------------------------------------------------------- */

int mig_send_header(int fd, uint64_t mem_size)
{
	struct mig_header h = { .version = MIG_VERSION, .page_size = MIG_PAGE_SIZE,
				.mem_size = mem_size };
	memcpy(h.magic, mig_magic, sizeof(h.magic));
	return mig_write(fd, &h, sizeof(h));
}

int mig_send_rec(int fd, uint32_t type, uint32_t count, uint64_t arg, const void *data,
		 uint64_t len)
{
	struct mig_rec r = { type, count, arg, len };
	int rc = mig_write(fd, &r, sizeof(r));
	if (!rc && len)
		rc = mig_write(fd, data, len);
	return rc;
}

bool mig_page_is_zero(const uint8_t *p)
{
	const uint64_t *q = (const uint64_t *)(const void *)p;
	uint64_t acc = 0;
	for (unsigned i = 0; i < MIG_PAGE_SIZE / 8; i += 8)
		acc |= q[i] | q[i + 1] | q[i + 2] | q[i + 3] | q[i + 4] | q[i + 5] | q[i + 6] |
		       q[i + 7];
	return acc == 0;
}

int mig_send_range(int fd, const uint8_t *ram, uint64_t first, uint64_t count, bool send_zero,
		   uint64_t *bytes)
{
	uint64_t end = first + count;
	for (uint64_t p = first; p < end;) {
		bool zero = mig_page_is_zero(ram + p * MIG_PAGE_SIZE);
		uint64_t q = p + 1;
		while (q < end && q - p < MIG_MAX_RUN &&
		       mig_page_is_zero(ram + q * MIG_PAGE_SIZE) == zero)
			q++;
		int rc = 0;
		uint32_t n = (uint32_t)(q - p);
		if (!zero) {
			rc = mig_send_rec(fd, MIG_PAGES, n, p, ram + p * MIG_PAGE_SIZE,
					  (uint64_t)n * MIG_PAGE_SIZE);
			if (!rc)
				*bytes += sizeof(struct mig_rec) + (uint64_t)n * MIG_PAGE_SIZE;
		} else if (send_zero) {
			rc = mig_send_rec(fd, MIG_ZERO, n, p, NULL, 0);
			if (!rc)
				*bytes += sizeof(struct mig_rec);
		}
		if (rc)
			return rc;
		p = q;
	}
	return 0;
}

int mig_send_reply(int fd, int status, const char *msg)
{
	struct mig_reply r = { .status = status };
	memcpy(r.magic, reply_magic, sizeof(r.magic));
	snprintf(r.msg, sizeof(r.msg), "%s", msg ? msg : "");
	return mig_write(fd, &r, sizeof(r));
}

int mig_recv_reply(int fd, char *msg, size_t msglen, bool *answered)
{
	struct mig_reply r;
	*answered = false;
	int rc = mig_read(fd, &r, sizeof(r));
	if (rc)
		return say(msg, msglen, rc, "the destination closed the connection without a reply "
			   "(%s)", rc == -EPIPE ? "end of stream" : strerror(-rc));
	if (memcmp(r.magic, reply_magic, sizeof(r.magic)))
		return say(msg, msglen, -EPROTO, "the destination's reply is not an rvkvm reply");
	r.msg[sizeof(r.msg) - 1] = 0;
	if (r.status > 0 || r.status < -4095)
		return say(msg, msglen, -EPROTO, "the destination's reply has status %d", r.status);
	say(msg, msglen, 0, "%s", r.msg);
	*answered = true;
	return r.status;
}

/* --- the destination's side ------------------------------------------------------ */

static int read_rec(int fd, struct mig_rec *r, char *err, size_t errlen)
{
	int rc = mig_read(fd, r, sizeof(*r));
	if (rc)
		return say(err, errlen, rc, "the stream ended early (%s)",
			   rc == -EPIPE ? "the source closed it" : strerror(-rc));
	return 0;
}

/* A record's bytes, at most max, into a new NUL-terminated buffer. */
static int read_blob(int fd, const struct mig_rec *r, uint64_t max, const char *what, char **out,
		     char *err, size_t errlen)
{
	if (r->count || r->arg)
		return say(err, errlen, -EPROTO, "a %s record with a page count or index", what);
	if (r->len == 0 || r->len > max)
		return say(err, errlen, -EPROTO, "a %s record of %llu bytes (1 to %llu)", what,
			   (unsigned long long)r->len, (unsigned long long)max);
	char *b = malloc(r->len + 1);
	if (!b)
		return say(err, errlen, -ENOMEM, "out of memory");
	int rc = mig_read(fd, b, r->len);
	if (rc) {
		free(b);
		return say(err, errlen, rc, "the stream ended inside the %s record", what);
	}
	b[r->len] = 0;
	*out = b;
	return 0;
}

int mig_recv_config(int fd, uint64_t *mem_size, char **json, size_t *len, char *err,
		    size_t errlen)
{
	struct mig_header h;
	int rc = mig_read(fd, &h, sizeof(h));
	if (rc)
		return say(err, errlen, rc, "no migration header (%s)",
			   rc == -EPIPE ? "the stream ended" : strerror(-rc));
	if (memcmp(h.magic, mig_magic, sizeof(h.magic)))
		return say(err, errlen, -EPROTO, "not an rvkvm migration stream (bad magic)");
	if (h.version != MIG_VERSION)
		return say(err, errlen, -EPROTO, "migration stream version %u; this rvkvm speaks %u",
			   h.version, MIG_VERSION);
	if (h.page_size != MIG_PAGE_SIZE)
		return say(err, errlen, -EPROTO, "page size %u, not %u", h.page_size, MIG_PAGE_SIZE);
	if (!h.mem_size || h.mem_size % MIG_PAGE_SIZE || (*mem_size && h.mem_size != *mem_size))
		return say(err, errlen, -EPROTO, "memory size %llu is not one this machine can take",
			   (unsigned long long)h.mem_size);
	*mem_size = h.mem_size;
	struct mig_rec r;
	rc = read_rec(fd, &r, err, errlen);
	if (rc)
		return rc;
	if (r.type != MIG_CONFIG)
		return say(err, errlen, -EPROTO, "the stream does not start with the configuration "
			   "(record type %u)", r.type);
	rc = read_blob(fd, &r, MIG_MAX_CONFIG, "configuration", json, err, errlen);
	if (!rc)
		*len = r.len;
	return rc;
}

int mig_recv_memory(int fd, uint8_t *ram, uint64_t mem_size, uint8_t **state, size_t *state_len,
		    uint64_t *pages, uint64_t *end_flags, char *err, size_t errlen)
{
	uint64_t npages = mem_size / MIG_PAGE_SIZE;
	char *st = NULL;
	*state = NULL;
	*pages = 0;
	int rc;
	for (;;) {
		struct mig_rec r;
		rc = read_rec(fd, &r, err, errlen);
		if (rc)
			goto fail;
		switch (r.type) {
		case MIG_PAGES:
		case MIG_ZERO:
			if (st) {
				rc = say(err, errlen, -EPROTO, "memory after the machine state");
				goto fail;
			}
			if (!r.count || r.count > MIG_MAX_RUN || r.arg >= npages ||
			    r.count > npages - r.arg ||
			    r.len != (r.type == MIG_PAGES ? (uint64_t)r.count * MIG_PAGE_SIZE : 0)) {
				rc = say(err, errlen, -EPROTO, "a page record out of bounds (page %llu, "
					 "%u pages, %llu bytes, of %llu pages)",
					 (unsigned long long)r.arg, r.count, (unsigned long long)r.len,
					 (unsigned long long)npages);
				goto fail;
			}
			if (r.type == MIG_ZERO) {
				memset(ram + r.arg * MIG_PAGE_SIZE, 0, (size_t)r.count * MIG_PAGE_SIZE);
			} else if ((rc = mig_read(fd, ram + r.arg * MIG_PAGE_SIZE, r.len))) {
				say(err, errlen, rc, "the stream ended inside a page record");
				goto fail;
			}
			*pages += r.count;
			break;
		case MIG_STATE:
			if (st) {
				rc = say(err, errlen, -EPROTO, "a second machine state");
				goto fail;
			}
			rc = read_blob(fd, &r, MIG_MAX_STATE, "machine state", &st, err, errlen);
			if (rc)
				goto fail;
			*state_len = r.len;
			break;
		case MIG_END:
			if (!st || r.len || r.count || (r.arg & ~(MIG_END_PAUSED | MIG_END_POSTCOPY))) {
				rc = say(err, errlen, -EPROTO, st ? "a malformed end record" :
					 "the stream ended without the machine state");
				goto fail;
			}
			*state = (uint8_t *)st;
			*end_flags = r.arg;
			return 0;
		default:
			rc = say(err, errlen, -EPROTO, "an unknown record type %u", r.type);
			goto fail;
		}
	}
fail:
	free(st);
	return rc;
}
