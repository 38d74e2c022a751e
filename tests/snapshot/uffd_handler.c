// SPDX-License-Identifier: MIT
/* A page-fault handler for the Uffd memory backend of PUT /snapshot/load
 * (docs/api.yaml), and an example of writing one.
 *
 *   uffd_handler SOCKET_PATH MEM_FILE
 *
 * Listens on SOCKET_PATH and accepts one VMM, which sends, in one message,
 * its userfaultfd (SCM_RIGHTS) and a JSON array describing guest memory
 * (Firecracker's format):
 *   [{"base_host_virt_addr": A, "size": S, "offset": O, "page_size": P}, ...]
 * Region i is the S bytes at A in the VMM, whose contents are at offset O
 * of MEM_FILE ("page_size_kib", the older name, is taken as well).  Then
 * every MISSING fault is served page by page: UFFDIO_COPY from MEM_FILE,
 * mapped here, or UFFDIO_ZEROPAGE when the page is zero there (a hole)
 * or was removed since (UFFD_EVENT_REMOVE: the balloon gave it back).
 * It exits when the VMM closes the socket, printing what it served.
 * Exit status: 0, or 1 with a message on stderr. */
#include <errno.h>
#include <fcntl.h>
#include <json-c/json.h>
#include <linux/userfaultfd.h>
#include <poll.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#define MAX_REGIONS        64
#define HANDSHAKE_TIMEOUT  30000   /* ms from accept to the VMM's message */

struct region {
	uint64_t base, size, offset;
	uint8_t *removed;              /* a byte per page: given back, zero from now on */
};

struct handler {
	int uffd, conn;
	const uint8_t *file;
	uint64_t file_size, page;
	struct region r[MAX_REGIONS];
	unsigned nr;
	uint64_t *queue;               /* faults waiting for a REMOVE to be read first */
	size_t queued, cap;
	uint64_t copied, zeroed, removes;
};

static void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
static void die(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("uffd_handler: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	exit(1);
}

static int listen_on(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	if (strlen(path) >= sizeof(sa.sun_path))
		die("%s: path too long for a unix socket", path);
	strcpy(sa.sun_path, path);
	struct stat st;
	if (!stat(path, &st) && S_ISSOCK(st.st_mode))
		unlink(path);   /* a previous run's */
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 || listen(fd, 1) < 0)
		die("%s: %s", path, strerror(errno));
	return fd;
}

static uint64_t field(json_object *o, const char *k, const char *alt)
{
	json_object *v;
	if (!json_object_object_get_ex(o, k, &v) && !(alt && json_object_object_get_ex(o, alt, &v)))
		die("a region without `%s`", k);
	if (!json_object_is_type(v, json_type_int) || json_object_get_int64(v) < 0)
		die("`%s` is not a non-negative integer", k);
	return json_object_get_uint64(v);
}

/* The VMM's one message: the userfaultfd and the regions. */
static void handshake(struct handler *h)
{
	struct pollfd p = { .fd = h->conn, .events = POLLIN };
	if (poll(&p, 1, HANDSHAKE_TIMEOUT) != 1)
		die("no message from the VMM within %d s", HANDSHAKE_TIMEOUT / 1000);
	char buf[8192];
	union {
		struct cmsghdr h;
		char b[CMSG_SPACE(4 * sizeof(int))];
	} ctl;
	struct iovec iov = { buf, sizeof(buf) - 1 };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl.b,
			      .msg_controllen = sizeof(ctl.b) };
	ssize_t n = recvmsg(h->conn, &msg, MSG_CMSG_CLOEXEC);
	if (n <= 0)
		die("the VMM hung up before its message%s%s", n ? ": " : "", n ? strerror(errno) : "");
	buf[n] = 0;
	h->uffd = -1;
	for (struct cmsghdr *c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c)) {
		if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS)
			continue;
		size_t nfd = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
		for (size_t i = 0; i < nfd; i++) {
			int fd;
			memcpy(&fd, CMSG_DATA(c) + i * sizeof(int), sizeof(fd));
			if (h->uffd < 0)
				h->uffd = fd;
			else
				close(fd);
		}
	}
	if (h->uffd < 0 || (msg.msg_flags & MSG_CTRUNC))
		die("the VMM's message carries no userfaultfd");
	/* Reads must not block (poll tells when there is something). */
	if (fcntl(h->uffd, F_SETFL, fcntl(h->uffd, F_GETFL) | O_NONBLOCK) < 0)
		die("the VMM's descriptor: %s", strerror(errno));
	json_tokener *tok = json_tokener_new();
	json_object *arr = tok ? json_tokener_parse_ex(tok, buf, (int)n) : NULL;
	if (!arr || json_tokener_get_error(tok) != json_tokener_success ||
	    !json_object_is_type(arr, json_type_array))
		die("the VMM's message is not a JSON array: %.200s", buf);
	json_tokener_free(tok);
	size_t len = json_object_array_length(arr);
	if (!len || len > MAX_REGIONS)
		die("%zu memory regions", len);
	for (size_t i = 0; i < len; i++) {
		json_object *o = json_object_array_get_idx(arr, i);
		if (!json_object_is_type(o, json_type_object))
			die("region %zu is not an object", i);
		struct region *r = &h->r[h->nr++];
		r->base = field(o, "base_host_virt_addr", NULL);
		r->size = field(o, "size", NULL);
		r->offset = field(o, "offset", NULL);
		uint64_t ps = field(o, "page_size", "page_size_kib");
		if (i && ps != h->page)
			die("regions of different page sizes");
		h->page = ps;
		if (ps < 4096 || (ps & (ps - 1)) || r->base % ps || r->size % ps || !r->size ||
		    r->offset % ps || r->base + r->size < r->base)
			die("region %zu is not in whole pages of %llu bytes", i, (unsigned long long)ps);
		if (r->offset > h->file_size || r->size > h->file_size - r->offset)
			die("region %zu (%llu bytes at offset %llu) is past the end of the memory file "
			    "(%llu bytes)", i, (unsigned long long)r->size,
			    (unsigned long long)r->offset, (unsigned long long)h->file_size);
		r->removed = calloc(r->size / ps, 1);
		if (!r->removed)
			die("out of memory");
	}
	json_object_put(arr);
}

static struct region *region_of(struct handler *h, uint64_t addr)
{
	for (unsigned i = 0; i < h->nr; i++)
		if (addr >= h->r[i].base && addr - h->r[i].base < h->r[i].size)
			return &h->r[i];
	return NULL;
}

static bool all_zero(const uint8_t *p, uint64_t n)
{
	for (uint64_t i = 0; i < n; i += sizeof(uint64_t)) {
		uint64_t w;
		memcpy(&w, p + i, sizeof(w));
		if (w)
			return false;
	}
	return true;
}

/* Serve the fault at addr: true when done (or another fault served that
 * page already), false on EAGAIN (a REMOVE event must be read first). */
static bool serve(struct handler *h, uint64_t addr)
{
	struct region *r = region_of(h, addr);
	if (!r)
		die("a fault at %#llx, outside guest memory", (unsigned long long)addr);
	uint64_t page = addr & ~(h->page - 1), idx = (page - r->base) / h->page;
	const uint8_t *src = h->file + r->offset + (page - r->base);
	int rc;
	bool zero = r->removed[idx] || all_zero(src, h->page);
	if (zero) {
		struct uffdio_zeropage z = { .range = { page, h->page } };
		rc = ioctl(h->uffd, UFFDIO_ZEROPAGE, &z);
	} else {
		struct uffdio_copy c = { .dst = page, .src = (uint64_t)(uintptr_t)src, .len = h->page };
		rc = ioctl(h->uffd, UFFDIO_COPY, &c);
	}
	if (rc < 0 && errno == EAGAIN)
		return false;
	if (rc < 0 && errno != EEXIST)
		die("%s at %#llx: %s", zero ? "UFFDIO_ZEROPAGE" : "UFFDIO_COPY",
		    (unsigned long long)page, strerror(errno));
	if (!rc && zero)
		h->zeroed++;
	else if (!rc)
		h->copied++;
	return true;
}

static void removed(struct handler *h, uint64_t start, uint64_t end)
{
	h->removes++;
	for (uint64_t a = start & ~(h->page - 1); a < end; a += h->page) {
		struct region *r = region_of(h, a);
		if (r)
			r->removed[(a - r->base) / h->page] = 1;
	}
}

/* Read every event there is: removes are noted at once, faults queued. */
static void read_events(struct handler *h)
{
	for (;;) {
		struct uffd_msg m[32];
		ssize_t n = read(h->uffd, m, sizeof(m));
		if (n < 0 && (errno == EAGAIN || errno == EINTR))
			return;
		if (n <= 0)
			die("reading the userfaultfd: %s", n ? strerror(errno) : "end of file");
		for (ssize_t i = 0; i < n / (ssize_t)sizeof(m[0]); i++) {
			if (m[i].event == UFFD_EVENT_REMOVE) {
				removed(h, m[i].arg.remove.start, m[i].arg.remove.end);
				continue;
			}
			if (m[i].event != UFFD_EVENT_PAGEFAULT)
				continue;   /* nothing else was asked for */
			if (h->queued == h->cap) {
				h->cap = h->cap ? 2 * h->cap : 64;
				h->queue = realloc(h->queue, h->cap * sizeof(*h->queue));
				if (!h->queue)
					die("out of memory");
			}
			h->queue[h->queued++] = m[i].arg.pagefault.address;
		}
	}
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: %s SOCKET_PATH MEM_FILE\n", argv[0]);
		return 2;
	}
	struct handler h = { .uffd = -1 };
	int mfd = open(argv[2], O_RDONLY | O_CLOEXEC);
	struct stat st;
	if (mfd < 0 || fstat(mfd, &st) < 0 || !st.st_size)
		die("%s: %s", argv[2], mfd < 0 ? strerror(errno) : "empty");
	h.file_size = (uint64_t)st.st_size;
	h.file = mmap(NULL, h.file_size, PROT_READ, MAP_PRIVATE, mfd, 0);
	if (h.file == MAP_FAILED)
		die("cannot map %s: %s", argv[2], strerror(errno));
	close(mfd);
	int lfd = listen_on(argv[1]);
	h.conn = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
	if (h.conn < 0)
		die("accept: %s", strerror(errno));
	close(lfd);
	handshake(&h);
	fprintf(stderr, "uffd_handler: serving %u region(s), %llu bytes, pages of %llu, from %s\n",
		h.nr, (unsigned long long)h.r[0].size, (unsigned long long)h.page, argv[2]);
	for (;;) {
		struct pollfd p[2] = { { .fd = h.uffd, .events = POLLIN },
				       { .fd = h.conn, .events = POLLIN | POLLRDHUP } };
		/* Faults left waiting on a REMOVE come back soon. */
		if (poll(p, 2, h.queued ? 1 : -1) < 0 && errno != EINTR)
			die("poll: %s", strerror(errno));
		if (p[1].revents) {
			char junk[64];
			ssize_t n = recv(h.conn, junk, sizeof(junk), MSG_DONTWAIT);
			if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR))
				break;   /* the VMM is gone */
		}
		if (p[0].revents & (POLLERR | POLLHUP))
			break;
		read_events(&h);
		size_t done = 0;
		while (done < h.queued && serve(&h, h.queue[done]))
			done++;
		memmove(h.queue, h.queue + done, (h.queued - done) * sizeof(*h.queue));
		h.queued -= done;
	}
	printf("uffd_handler: served %llu faults (%llu copied, %llu zero pages), %llu removes\n",
	       (unsigned long long)(h.copied + h.zeroed), (unsigned long long)h.copied,
	       (unsigned long long)h.zeroed, (unsigned long long)h.removes);
	return 0;
}
