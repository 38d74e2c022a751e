// SPDX-License-Identifier: MIT
/* Unit tests of post-copy (vmm/migration/postcopy.c) in one process: the
 * source serves a RAM image over a socketpair, the destination's RAM is
 * anonymous memory under a userfaultfd, and "vCPU" threads read and write
 * it at random while the pages arrive.  Every page must end up holding the
 * source's data (or the vCPU's own later write), every fault must be
 * served, and a source that goes away must be reported.
 * Prints PASS/FAIL lines; exits 1 on a failure. */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

#include "vmm/migration/postcopy.h"
#include "vmm/migration/stream.h"

#define PAGE MIG_PAGE_SIZE

static int failures;

static void result(bool ok, const char *name, const char *why)
{
	printf("%s postcopy.%s%s%s%s\n", ok ? "PASS" : "FAIL", name, ok ? "" : " (", ok ? "" : why,
	       ok ? "" : ")");
	failures += !ok;
}

struct done {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	bool called;
	char why[256];
};

static void on_done(void *ctx, const char *why)
{
	struct done *d = ctx;
	pthread_mutex_lock(&d->lock);
	d->called = true;
	snprintf(d->why, sizeof(d->why), "%s", why ? why : "");
	pthread_cond_broadcast(&d->cond);
	pthread_mutex_unlock(&d->lock);
}

static bool wait_done(struct done *d, unsigned seconds)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += seconds;
	pthread_mutex_lock(&d->lock);
	while (!d->called && pthread_cond_timedwait(&d->cond, &d->lock, &ts) != ETIMEDOUT)
		;
	bool called = d->called;
	pthread_mutex_unlock(&d->lock);
	return called;
}

/* The source's image: page p holds its own number in every word, every
 * fifth page is zero (sent as ZERO records). */
static uint8_t *make_image(uint64_t npages)
{
	uint8_t *img = calloc(npages, PAGE);
	for (uint64_t p = 0; img && p < npages; p++)
		if (p % 5)
			for (size_t i = 0; i < PAGE / 8; i++)
				((uint64_t *)(void *)(img + p * PAGE))[i] = p * 1000003 + i;
	return img;
}

struct serve_arg {
	int fd;
	const uint8_t *img;
	uint64_t npages, max_bps;
	struct postcopy_progress prog;
	int rc;
	char err[256];
};

static void *serve(void *opaque)
{
	struct serve_arg *a = opaque;
	a->rc = postcopy_serve(a->fd, a->img, a->npages, a->max_bps, &a->prog, a->err, sizeof(a->err));
	close(a->fd);
	return NULL;
}

struct vcpu_arg {
	uint8_t *ram;
	const uint8_t *img;
	uint64_t npages;
	unsigned seed;
	unsigned bad;
};

/* Touch pages at random: reads must see the source's data; a write of a
 * page's first word must stick. */
static void *vcpu(void *opaque)
{
	struct vcpu_arg *a = opaque;
	for (unsigned n = 0; n < 400; n++) {
		uint64_t p = (uint64_t)rand_r(&a->seed) % a->npages;
		if (p % 7 == 3)
			continue;   /* written below: skip the read check */
		if (memcmp(a->ram + p * PAGE, a->img + p * PAGE, PAGE))
			a->bad++;
	}
	for (uint64_t p = 3; p < a->npages; p += 7)
		((volatile uint64_t *)(void *)(a->ram + p * PAGE))[0] = ~p;
	return NULL;
}

static void test_serve(const char *name, uint64_t npages, uint64_t max_bps, unsigned nvcpus)
{
	char why[700];
	int sv[2];
	socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv);
	uint8_t *img = make_image(npages);
	uint8_t *ram = mmap(NULL, npages * PAGE, PROT_READ | PROT_WRITE,
			    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	struct done done = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, false, "" };
	char err[256] = "";
	struct postcopy_dest *d = postcopy_dest_start(sv[1], ram, npages * PAGE, on_done, &done,
						      err, sizeof(err));
	if (!d) {
		result(false, name, err);
		return;
	}
	struct serve_arg sa = { .fd = sv[0], .img = img, .npages = npages, .max_bps = max_bps };
	pthread_t st, vt[4];
	struct vcpu_arg va[4];
	pthread_create(&st, NULL, serve, &sa);
	for (unsigned i = 0; i < nvcpus; i++) {
		va[i] = (struct vcpu_arg){ ram, img, npages, 17 + i, 0 };
		pthread_create(&vt[i], NULL, vcpu, &va[i]);
	}
	unsigned bad = 0;
	for (unsigned i = 0; i < nvcpus; i++) {
		pthread_join(vt[i], NULL);
		bad += va[i].bad;
	}
	bool called = wait_done(&done, 30);
	pthread_join(st, NULL);
	/* Afterwards: every page is the source's, but those the vCPUs wrote. */
	uint64_t wrong = 0;
	for (uint64_t p = 0; p < npages; p++) {
		uint64_t first = ((uint64_t *)(void *)(ram + p * PAGE))[0];
		bool written = nvcpus && p % 7 == 3;
		if (written ? first != ~p : memcmp(ram + p * PAGE, img + p * PAGE, PAGE) != 0)
			wrong++;
	}
	snprintf(why, sizeof(why), "done %d (%s), serve rc %d (%s), %u bad reads, %llu wrong pages, "
		 "%llu of %llu pages arrived, %llu requested", called, done.why, sa.rc, sa.err, bad,
		 (unsigned long long)wrong, (unsigned long long)postcopy_dest_pages(d),
		 (unsigned long long)npages,
		 (unsigned long long)atomic_load(&sa.prog.pages_requested));
	/* With vCPUs and a slow push, their faults must have been asked for. */
	bool asked = !nvcpus || !max_bps || atomic_load(&sa.prog.pages_requested) > 0;
	result(called && !done.why[0] && !sa.rc && !bad && !wrong && asked &&
	       postcopy_dest_pages(d) == npages && atomic_load(&sa.prog.pages_sent) == npages,
	       name, why);
	postcopy_dest_free(d);
	munmap(ram, npages * PAGE);
	free(img);
}

/* A destination of npages on one end of a socketpair; src is the
 * source's end (-1 once the test closed it). */
struct dest_fixture {
	int src;
	uint64_t npages;
	uint8_t *ram;
	struct done done;
	struct postcopy_dest *d;
};

static void dest_open(struct dest_fixture *f, uint64_t npages)
{
	int sv[2];
	socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv);
	*f = (struct dest_fixture){ .src = sv[0], .npages = npages,
		.done = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, false, "" } };
	f->ram = mmap(NULL, npages * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char err[256];
	f->d = postcopy_dest_start(sv[1], f->ram, npages * PAGE, on_done, &f->done, err, sizeof(err));
}

static void dest_close(struct dest_fixture *f)
{
	if (f->src >= 0)
		close(f->src);
	postcopy_dest_free(f->d);
	munmap(f->ram, f->npages * PAGE);
}

/* The source sends a few pages and goes away: the destination says so. */
static void test_source_dies(void)
{
	struct dest_fixture f;
	dest_open(&f, 64);
	uint8_t *img = make_image(f.npages);
	uint64_t bytes = 0;
	mig_send_range(f.src, img, 1, 4, true, &bytes);
	close(f.src);
	f.src = -1;
	bool called = wait_done(&f.done, 10);
	result(f.d && called && strstr(f.done.why, "source went away") &&
	       strstr(f.done.why, "60 of 64"), "source_dies", f.done.why);
	/* The range is let go: a page never sent now reads as zero, no hang. */
	result(called && ((volatile uint64_t *)(void *)(f.ram + 40 * PAGE))[0] == 0 &&
	       !memcmp(f.ram + 2 * PAGE, img + 2 * PAGE, PAGE), "released_after_failure",
	       "a page read wrong after the failure");
	dest_close(&f);
	free(img);
}

/* The source stops reading (it died with the stream still open): the
 * first request for a page fails, which is the same news as an ended
 * stream and is reported the same way, and the faulting access goes on. */
static void test_source_dies_on_request(void)
{
	struct dest_fixture f;
	dest_open(&f, 64);
	shutdown(f.src, SHUT_RD);   /* a request now fails with EPIPE */
	uint64_t v = f.d ? ((volatile uint64_t *)(void *)(f.ram + 40 * PAGE))[0] : 1;
	bool called = wait_done(&f.done, 10);
	result(f.d && called && v == 0 && strstr(f.done.why, "source went away") &&
	       strstr(f.done.why, "page 40"), "source_dies_on_request", f.done.why);
	dest_close(&f);
}

/* Hostile records from the source are refused, not trusted. */
static void test_bad_record(const char *name, struct mig_rec r, const char *want)
{
	struct dest_fixture f;
	dest_open(&f, 16);
	mig_write(f.src, &r, sizeof(r));
	bool called = wait_done(&f.done, 10);
	result(f.d && called && strstr(f.done.why, want), name, f.done.why);
	dest_close(&f);
}

/* A hostile destination's requests are refused by the source. */
static void test_bad_request(void)
{
	int sv[2];
	socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv);
	uint64_t npages = 16;
	uint8_t *img = make_image(npages);
	struct serve_arg sa = { .fd = sv[0], .img = img, .npages = npages, .max_bps = 4096 };
	pthread_t st;
	pthread_create(&st, NULL, serve, &sa);
	struct mig_rec r = { MIG_REQ, 2, npages - 1, 0 };   /* one page past the end */
	mig_write(sv[1], &r, sizeof(r));
	pthread_join(st, NULL);
	result(sa.rc == -EPROTO && strstr(sa.err, "bad request"), "bad_request", sa.err);
	close(sv[1]);
	free(img);
}

int main(void)
{
	alarm(120);   /* nothing here may hang the suite */
	test_serve("serve_all", 256, 0, 0);
	test_serve("faults_while_pushing", 2048, 16 << 20, 2);
	test_serve("faults_only_slow_push", 512, 1 << 20, 4);
	test_source_dies();
	test_source_dies_on_request();
	test_bad_record("bad_page_index", (struct mig_rec){ MIG_PAGES, 1, 16, PAGE }, "bad record");
	test_bad_record("bad_page_len", (struct mig_rec){ MIG_PAGES, 2, 0, PAGE }, "bad record");
	test_bad_record("too_many_pages", (struct mig_rec){ MIG_ZERO, MIG_MAX_RUN + 1, 0, 0 },
			"bad record");
	test_bad_record("early_end", (struct mig_rec){ MIG_END, 0, 0, 0 }, "never sent");
	test_bad_request();
	printf("postcopy: %d failed\n", failures);
	return failures ? 1 : 0;
}
