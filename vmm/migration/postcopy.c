// SPDX-License-Identifier: MIT
/* Post-copy (see postcopy.h): the source's page server and the
 * destination's userfaultfd handler. */
#include "vmm/migration/postcopy.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/userfaultfd.h>
#include <poll.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "vmm/migration/stream.h"
#include "vmm/say.h"

#define MIG_DONE 17          /* destination -> source: arg = status (int) */
#define PUSH_RUN 16u         /* pages pushed at a time: requests wait for at most this */

static bool test_bit(const uint64_t *map, uint64_t i)
{
	return map[i / 64] >> (i % 64) & 1;
}

static void set_bit(uint64_t *map, uint64_t i)
{
	map[i / 64] |= 1ULL << (i % 64);
}

/* --- the source ------------------------------------------------------------------- */

/* Send the pages of [first, first + count) not sent yet. */
static int push(int fd, const uint8_t *ram, uint64_t *sent, uint64_t first, uint64_t count,
		struct postcopy_progress *prog)
{
	for (uint64_t p = first; p < first + count;) {
		if (test_bit(sent, p)) {
			p++;
			continue;
		}
		uint64_t q = p + 1;
		while (q < first + count && !test_bit(sent, q))
			q++;
		uint64_t bytes = 0;
		int rc = mig_send_range(fd, ram, p, q - p, true, &bytes);
		if (rc)
			return rc;
		for (uint64_t i = p; i < q; i++)
			set_bit(sent, i);
		atomic_fetch_add(&prog->pages_sent, q - p);
		atomic_fetch_add(&prog->bytes_sent, bytes);
		p = q;
	}
	return 0;
}

/* A record from the destination: REQ (pages sent at once) or DONE. */
static int serve_one(int fd, const uint8_t *ram, uint64_t npages, uint64_t *sent,
		     struct postcopy_progress *prog, bool *done, int *status, char *err, size_t errlen)
{
	struct mig_rec r;
	int rc = mig_read(fd, &r, sizeof(r));
	if (rc)
		return say(err, errlen, rc, "the destination went away during post-copy (%s): the "
			   "guest is lost", rc == -EPIPE ? "end of stream" : strerror(-rc));
	if (r.type == MIG_DONE && !r.count && !r.len) {
		*done = true;
		*status = (int)(int64_t)r.arg;
		return 0;
	}
	if (r.type != MIG_REQ || r.len || !r.count || r.count > MIG_MAX_RUN || r.arg >= npages ||
	    r.count > npages - r.arg)
		return say(err, errlen, -EPROTO, "a bad request from the destination (type %u, page "
			   "%llu, %u pages)", r.type, (unsigned long long)r.arg, r.count);
	atomic_fetch_add(&prog->pages_requested, r.count);
	rc = push(fd, ram, sent, r.arg, r.count, prog);
	return rc ? say(err, errlen, rc, "sending a requested page: %s", strerror(-rc)) : 0;
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int postcopy_serve(int fd, const uint8_t *ram, uint64_t npages, uint64_t max_bps,
		   struct postcopy_progress *prog, char *err, size_t errlen)
{
	double t0 = now_s();
	uint64_t *sent = calloc((npages + 63) / 64, sizeof(uint64_t));
	if (!sent)
		return say(err, errlen, -ENOMEM, "out of memory");
	bool done = false;
	int status = 0, rc = 0;
	for (uint64_t next = 0; !rc && !done;) {
		/* Requests first: a vCPU waits on each.  Pushing waits for its
		 * pace, still serving requests. */
		int wait_ms = 0;
		if (max_bps) {
			double due = t0 + (double)atomic_load(&prog->bytes_sent) / (double)max_bps;
			double ahead = due - now_s();
			wait_ms = ahead > 0 ? (int)(ahead * 1e3) + 1 : 0;
		}
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		int pr = poll(&pfd, 1, wait_ms);
		if (pr > 0) {
			rc = serve_one(fd, ram, npages, sent, prog, &done, &status, err, errlen);
			continue;
		}
		if (pr < 0 && errno != EINTR) {
			rc = say(err, errlen, -errno, "poll: %s", strerror(errno));
			break;
		}
		if (wait_ms)
			continue;
		while (next < npages && test_bit(sent, next))
			next++;
		if (next == npages)
			break;
		uint64_t n = npages - next < PUSH_RUN ? npages - next : PUSH_RUN;
		rc = push(fd, ram, sent, next, n, prog);
		if (rc)
			say(err, errlen, rc, "sending pages: %s", strerror(-rc));
	}
	if (!rc && !done) {
		rc = mig_send_rec(fd, MIG_END, 0, 0, NULL, 0);
		if (rc)
			say(err, errlen, rc, "sending the end: %s", strerror(-rc));
	}
	/* Requests still on the wire (for pages already on their way) until
	 * the destination's verdict. */
	while (!rc && !done)
		rc = serve_one(fd, ram, npages, sent, prog, &done, &status, err, errlen);
	free(sent);
	if (!rc && status)
		rc = say(err, errlen, status < 0 && status > -4096 ? status : -EPROTO,
			 "the destination failed in post-copy (%s)",
			 status < 0 && status > -4096 ? strerror(-status) : "bad status");
	return rc;
}

/* --- the destination -------------------------------------------------------------- */

struct postcopy_dest {
	int fd, uffd;
	uint8_t *ram;
	uint64_t size, npages;
	uint64_t *got, *asked;
	_Atomic uint64_t ngot;
	uint8_t *buf;
	void (*on_done)(void *ctx, const char *why);
	void *ctx;
	pthread_t thread;
	_Atomic bool quit;          /* postcopy_dest_free: no on_done any more */
};

/* Place n pages at page p: UFFDIO_COPY from data, or zero pages.  Pages
 * already there (EEXIST: a race cannot cause it, but a hostile source
 * may send a page twice) are left as they are. */
static int place(struct postcopy_dest *d, uint64_t p, uint64_t n, const uint8_t *data)
{
	for (uint64_t i = 0; i < n; i++) {
		if (test_bit(d->got, p + i))
			continue;
		uint64_t dst = (uint64_t)(uintptr_t)(d->ram + (p + i) * MIG_PAGE_SIZE);
		int r;
		if (data) {
			struct uffdio_copy c = { .dst = dst,
						 .src = (uint64_t)(uintptr_t)(data + i * MIG_PAGE_SIZE),
						 .len = MIG_PAGE_SIZE };
			r = ioctl(d->uffd, UFFDIO_COPY, &c);
		} else {
			struct uffdio_zeropage z = { .range = { dst, MIG_PAGE_SIZE } };
			r = ioctl(d->uffd, UFFDIO_ZEROPAGE, &z);
		}
		if (r < 0 && errno != EEXIST)
			return -errno;
		set_bit(d->got, p + i);
		atomic_fetch_add(&d->ngot, 1);
	}
	return 0;
}

/* One record from the source.  *end at its END. */
static int take_record(struct postcopy_dest *d, bool *end, char *err, size_t errlen)
{
	struct mig_rec r;
	int rc = mig_read(d->fd, &r, sizeof(r));
	if (rc)
		return say(err, errlen, rc, "the source went away during post-copy (%s) with %llu "
			   "of %llu pages never sent", rc == -EPIPE ? "end of stream" : strerror(-rc),
			   (unsigned long long)(d->npages - atomic_load(&d->ngot)),
			   (unsigned long long)d->npages);
	if (r.type == MIG_END && !r.count && !r.len && !r.arg) {
		if (atomic_load(&d->ngot) != d->npages)
			return say(err, errlen, -EPROTO, "the source ended post-copy with %llu pages "
				   "never sent", (unsigned long long)(d->npages - atomic_load(&d->ngot)));
		*end = true;
		return 0;
	}
	if ((r.type != MIG_PAGES && r.type != MIG_ZERO) || !r.count || r.count > MIG_MAX_RUN ||
	    r.arg >= d->npages || r.count > d->npages - r.arg ||
	    r.len != (r.type == MIG_PAGES ? (uint64_t)r.count * MIG_PAGE_SIZE : 0))
		return say(err, errlen, -EPROTO, "a bad record in post-copy (type %u, page %llu, %u "
			   "pages, %llu bytes)", r.type, (unsigned long long)r.arg, r.count,
			   (unsigned long long)r.len);
	if (r.type == MIG_PAGES && (rc = mig_read(d->fd, d->buf, r.len)))
		return say(err, errlen, rc, "the stream ended inside a page record");
	rc = place(d, r.arg, r.count, r.type == MIG_PAGES ? d->buf : NULL);
	return rc ? say(err, errlen, rc, "UFFDIO_COPY: %s", strerror(-rc)) : 0;
}

/* Faults: ask for each missing page once. */
static int take_faults(struct postcopy_dest *d, char *err, size_t errlen)
{
	struct uffd_msg msg[16];
	ssize_t n = read(d->uffd, msg, sizeof(msg));
	if (n < 0)
		return errno == EAGAIN ? 0 : say(err, errlen, -errno, "userfaultfd: %s",
						  strerror(errno));
	for (size_t i = 0; i < (size_t)n / sizeof(msg[0]); i++) {
		if (msg[i].event != UFFD_EVENT_PAGEFAULT)
			continue;
		uint64_t addr = msg[i].arg.pagefault.address;
		uint64_t base = (uint64_t)(uintptr_t)d->ram;
		if (addr < base || addr - base >= d->size)
			continue;
		uint64_t p = (addr - base) / MIG_PAGE_SIZE;
		if (test_bit(d->got, p)) {
			/* Placed meanwhile: make sure the waiter is woken. */
			struct uffdio_range wr = { base + p * MIG_PAGE_SIZE, MIG_PAGE_SIZE };
			ioctl(d->uffd, UFFDIO_WAKE, &wr);
			continue;
		}
		if (test_bit(d->asked, p))
			continue;
		set_bit(d->asked, p);
		int rc = mig_send_rec(d->fd, MIG_REQ, 1, p, NULL, 0);
		/* A request that cannot be sent is a source gone as surely as
		 * a stream that ends (which of the two is seen first is chance). */
		if (rc)
			return say(err, errlen, rc, "the source went away during post-copy (asking "
				   "for page %llu: %s)", (unsigned long long)p, strerror(-rc));
	}
	return 0;
}

static void *dest_thread(void *opaque)
{
	struct postcopy_dest *d = opaque;
	char err[256] = "";
	bool end = false;
	int rc = 0;
	while (!rc && !end) {
		struct pollfd pfd[2] = { { .fd = d->uffd, .events = POLLIN },
					 { .fd = d->fd, .events = POLLIN } };
		if (poll(pfd, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			rc = say(err, sizeof(err), -errno, "poll: %s", strerror(errno));
			break;
		}
		if (pfd[0].revents)
			rc = take_faults(d, err, sizeof(err));
		if (!rc && pfd[1].revents)
			rc = take_record(d, &end, err, sizeof(err));
	}
	if (end) {
		mig_send_rec(d->fd, MIG_DONE, 0, 0, NULL, 0);
		struct uffdio_range all = { (uint64_t)(uintptr_t)d->ram, d->size };
		ioctl(d->uffd, UFFDIO_UNREGISTER, &all);
		d->on_done(d->ctx, NULL);
	} else {
		/* The caller stops the guest; closing the userfaultfd then lets
		 * every waiting thread go on (with a zero page). */
		mig_send_rec(d->fd, MIG_DONE, 0, (uint64_t)(int64_t)(rc ? rc : -EIO), NULL, 0);
		if (!atomic_load(&d->quit))
			d->on_done(d->ctx, err);
	}
	close(d->uffd);
	d->uffd = -1;
	return NULL;
}

struct postcopy_dest *postcopy_dest_start(int fd, uint8_t *ram, uint64_t size,
					  void (*on_done)(void *ctx, const char *why), void *ctx,
					  char *err, size_t errlen)
{
	struct postcopy_dest *d = calloc(1, sizeof(*d));
	uint64_t npages = size / MIG_PAGE_SIZE, words = (npages + 63) / 64;
	if (!d || size % MIG_PAGE_SIZE || !npages) {
		free(d);
		say(err, errlen, -EINVAL, d ? "memory size not in pages" : "out of memory");
		return NULL;
	}
	*d = (struct postcopy_dest){ .fd = fd, .uffd = -1, .ram = ram, .size = size,
				     .npages = npages, .on_done = on_done, .ctx = ctx };
	d->got = calloc(words, sizeof(uint64_t));
	d->asked = calloc(words, sizeof(uint64_t));
	d->buf = malloc((size_t)MIG_MAX_RUN * MIG_PAGE_SIZE);
	if (!d->got || !d->asked || !d->buf) {
		say(err, errlen, -ENOMEM, "out of memory");
		goto fail;
	}
	d->uffd = (int)syscall(SYS_userfaultfd, O_CLOEXEC | O_NONBLOCK);
	if (d->uffd < 0) {
		say(err, errlen, -errno, "userfaultfd: %s (post-copy needs it: root, or "
		    "vm.unprivileged_userfaultfd=1)", strerror(errno));
		goto fail;
	}
	struct uffdio_api api = { .api = UFFD_API };
	/* Nothing may be there yet: a page present is never faulted for. */
	madvise(ram, size, MADV_DONTNEED);
	madvise(ram, size, MADV_NOHUGEPAGE);
	struct uffdio_register reg = { .range = { (uint64_t)(uintptr_t)ram, size },
				       .mode = UFFDIO_REGISTER_MODE_MISSING };
	if (ioctl(d->uffd, UFFDIO_API, &api) < 0 || ioctl(d->uffd, UFFDIO_REGISTER, &reg) < 0) {
		say(err, errlen, -errno, "userfaultfd on guest RAM: %s", strerror(errno));
		goto fail;
	}
	int e = pthread_create(&d->thread, NULL, dest_thread, d);
	if (e) {
		say(err, errlen, -e, "cannot start the post-copy thread: %s", strerror(e));
		goto fail;
	}
	return d;
fail:
	if (d->uffd >= 0)
		close(d->uffd);
	free(d->got);
	free(d->asked);
	free(d->buf);
	free(d);
	return NULL;
}

uint64_t postcopy_dest_pages(struct postcopy_dest *d)
{
	return atomic_load(&d->ngot);
}

void postcopy_dest_free(struct postcopy_dest *d)
{
	if (!d)
		return;
	atomic_store(&d->quit, true);
	shutdown(d->fd, SHUT_RDWR);   /* a thread still waiting on the source ends */
	pthread_join(d->thread, NULL);
	close(d->fd);
	free(d->got);
	free(d->asked);
	free(d->buf);
	free(d);
}
