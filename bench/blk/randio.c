// SPDX-License-Identifier: MIT
/* randio: random 4 KiB O_DIRECT reads or writes on a block device (or
 * file), for bench/blk.sh; the guest's busybox has no fio.
 *
 *   randio r|w PATH OPS THREADS SEED
 *
 * THREADS threads (the queue depth: each has one synchronous request in
 * flight) do OPS requests between them, each at a 4 KiB-aligned offset
 * drawn from a seeded xorshift64* generator over the whole device.  A
 * write fills the block with a tag of its own offset; the writes are
 * followed by an fsync (a flush on virtio-blk), inside the timed span.  A
 * read checks that the block is all zeros or carries the tag of its own
 * offset, so data served from the wrong place or torn writes are caught.
 *
 * Prints one line, timed by CLOCK_MONOTONIC (the guest's clock):
 *   RANDIO r|w OPS THREADS SECONDS IOPS
 * or "RANDIO-ERROR ..." on stderr and exit status 1 (2: usage). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <linux/fs.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define BS      4096
#define WORDS   (BS / 8)
#define MAGIC   0x4f49444e41524b56ull   /* "VKRANDIO" */
#define GOLDEN  0x9e3779b97f4a7c15ull
#define MAXTHR  64

static int fd;
static int writing;
static uint64_t nblocks, seed;
static long ops;
static int nthreads;
static pthread_barrier_t start;

struct worker {
	pthread_t tid;
	int id;
	long n;         /* requests to do */
	int err;        /* errno of a failed request, or -1: bad data */
	uint64_t off;   /* where */
};

static uint64_t xorshift(uint64_t *s)
{
	uint64_t x = *s;
	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*s = x;
	return x * 0x2545f4914f6cdd1dull;
}

static void fill(uint64_t *w, uint64_t off, int id, long i)
{
	w[0] = MAGIC;
	w[1] = off;
	w[2] = seed;
	w[3] = (uint64_t)id << 32 | (uint32_t)i;
	for (unsigned k = 4; k < WORDS; k++)
		w[k] = off ^ (k * GOLDEN);
}

/* All zeros, or the tag of `off`. */
static int check(const uint64_t *w, uint64_t off)
{
	if (w[0] == 0) {
		for (unsigned k = 1; k < WORDS; k++)
			if (w[k])
				return 0;
		return 1;
	}
	if (w[0] != MAGIC || w[1] != off)
		return 0;
	for (unsigned k = 4; k < WORDS; k++)
		if (w[k] != (off ^ (k * GOLDEN)))
			return 0;
	return 1;
}

static void *work(void *arg)
{
	struct worker *t = arg;
	uint64_t *buf;
	if (posix_memalign((void **)&buf, BS, BS)) {
		t->err = ENOMEM;
		pthread_barrier_wait(&start);
		return NULL;
	}
	uint64_t s = (seed + 1) * GOLDEN ^ (uint64_t)(t->id + 1) * 0xbf58476d1ce4e5b9ull;
	if (!s)
		s = 1;
	pthread_barrier_wait(&start);
	for (long i = 0; i < t->n; i++) {
		uint64_t off = (xorshift(&s) % nblocks) * BS;
		ssize_t r;
		if (writing) {
			fill(buf, off, t->id, i);
			r = pwrite(fd, buf, BS, (off_t)off);
		} else {
			r = pread(fd, buf, BS, (off_t)off);
		}
		if (r != BS) {
			t->err = r < 0 ? errno : EIO;
			t->off = off;
			break;
		}
		if (!writing && !check(buf, off)) {
			t->err = -1;
			t->off = off;
			break;
		}
	}
	free(buf);
	return NULL;
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	if (argc != 6 || (strcmp(argv[1], "r") && strcmp(argv[1], "w"))) {
		fprintf(stderr, "usage: randio r|w PATH OPS THREADS SEED\n");
		return 2;
	}
	writing = argv[1][0] == 'w';
	ops = strtol(argv[3], NULL, 10);
	nthreads = atoi(argv[4]);
	seed = strtoull(argv[5], NULL, 10);
	if (ops < 1 || nthreads < 1 || nthreads > MAXTHR || ops < nthreads) {
		fprintf(stderr, "randio: OPS >= THREADS >= 1, THREADS <= %d\n", MAXTHR);
		return 2;
	}
	fd = open(argv[2], (writing ? O_RDWR : O_RDONLY) | O_DIRECT);
	if (fd < 0) {
		fprintf(stderr, "RANDIO-ERROR open %s: %s\n", argv[2], strerror(errno));
		return 1;
	}
	uint64_t bytes = 0;
	struct stat st;
	if (fstat(fd, &st) == 0 && S_ISBLK(st.st_mode)) {
		if (ioctl(fd, BLKGETSIZE64, &bytes) < 0)
			bytes = 0;
	} else {
		off_t e = lseek(fd, 0, SEEK_END);
		bytes = e > 0 ? (uint64_t)e : 0;
	}
	nblocks = bytes / BS;
	if (!nblocks) {
		fprintf(stderr, "RANDIO-ERROR %s: cannot size it, or under 4 KiB\n", argv[2]);
		return 1;
	}

	struct worker w[MAXTHR];
	pthread_barrier_init(&start, NULL, (unsigned)nthreads + 1);
	for (int i = 0; i < nthreads; i++) {
		w[i] = (struct worker){ .id = i, .n = ops / nthreads + (i < ops % nthreads) };
		int e = pthread_create(&w[i].tid, NULL, work, &w[i]);
		if (e) {
			fprintf(stderr, "RANDIO-ERROR pthread_create: %s\n", strerror(e));
			return 1;
		}
	}
	double t0 = now();
	pthread_barrier_wait(&start);
	for (int i = 0; i < nthreads; i++)
		pthread_join(w[i].tid, NULL);
	int bad = 0;
	for (int i = 0; i < nthreads; i++) {
		if (w[i].err > 0)
			fprintf(stderr, "RANDIO-ERROR %s at byte %" PRIu64 ": %s\n",
				writing ? "pwrite" : "pread", w[i].off, strerror(w[i].err));
		else if (w[i].err < 0)
			fprintf(stderr, "RANDIO-ERROR bad data in the 4 KiB block at byte %" PRIu64
				" (neither zeros nor its own tag)\n", w[i].off);
		bad |= w[i].err != 0;
	}
	if (!bad && writing && fsync(fd) < 0) {
		fprintf(stderr, "RANDIO-ERROR fsync: %s\n", strerror(errno));
		bad = 1;
	}
	double t = now() - t0;
	if (bad)
		return 1;
	printf("RANDIO %s %ld %d %.6f %.1f\n", writing ? "w" : "r", ops, nthreads, t, ops / t);
	return 0;
}
