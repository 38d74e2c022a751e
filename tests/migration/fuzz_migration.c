// SPDX-License-Identifier: MIT
/* libFuzzer target for the destination's side of a live migration: the
 * input is the byte stream a source sent, put in a memfd and read through
 * the fd by mig_recv_config and then mig_recv_memory (vmm/migration/
 * stream.c), as the destination does (vmm/machine_migrate.c: any memory
 * size).  The RAM is the size the stream's header gives, up to
 * FUZZ_MAX_PAGES (just over MIG_MAX_RUN, so a run too long for a record can
 * still be in bounds; a larger stream stops after its configuration),
 * malloc'ed to its exact size so ASan catches a write past it; UBSan
 * catches overflow.
 *
 * The same input also goes through a model of the format written here from
 * stream.h alone (a parser of the bytes in memory), and the two must agree
 * (abort() when not):
 *   - accepted or refused, at the same stage, with the same error (-EPIPE
 *     for a stream that ends early, -EPROTO for a bad one) and a message;
 *   - when accepted: the memory size, the RAM (it starts filled with 0xa5,
 *     so ZERO records count), the pages received, the END flags, the
 *     configuration and the state (both NUL-terminated);
 *   - the reader stops right after END, or right after a record it refuses
 *     (it never reads the bytes of a record it refused), or at the end of a
 *     stream cut short; after a refused record the RAM holds the records
 *     before it;
 *   - *state is NULL unless accepted.
 *
 * Built with -DFUZZ_SEEDS instead, this file is a program that writes a
 * seed corpus of valid streams (through mig_send_header, mig_send_rec and
 * mig_send_range into files) into the directory argv[1]. */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "vmm/migration/stream.h"

#define FUZZ_PAGES      16u         /* most seeds' RAM */
#define FUZZ_MAX_PAGES  320u        /* the largest RAM read */

#ifndef FUZZ_SEEDS

#define BROKEN(...) do { fprintf(stderr, "fuzz_migration: " __VA_ARGS__); fputc('\n', stderr); \
	abort(); } while (0)

/* The model: what a destination must do with these bytes. */
struct model {
	const uint8_t *p;
	size_t n, off;
	uint64_t mem_size;
	uint8_t *ram;      /* mem_size bytes when the memory is read */
	const uint8_t *json, *state;
	uint64_t json_len, state_len, pages, flags;
	int stage, rc;     /* stage 0: accepted, 1: refused in the config, 2: in memory */
};

/* The next len bytes, or NULL when the stream ends first (then all of it
 * has been read). */
static const uint8_t *take(struct model *m, uint64_t len)
{
	if (len > m->n - m->off) {
		m->off = m->n;
		return NULL;
	}
	const uint8_t *q = m->p + m->off;
	m->off += (size_t)len;
	return q;
}

static bool take_rec(struct model *m, struct mig_rec *r)
{
	const uint8_t *q = take(m, sizeof(*r));
	if (q)
		memcpy(r, q, sizeof(*r));
	return q;
}

static int refuse(struct model *m, int stage, int rc)
{
	m->stage = stage;
	return m->rc = rc;
}

static int model_config(struct model *m)
{
	struct mig_header h;
	const uint8_t *q = take(m, sizeof(h));
	if (!q)
		return refuse(m, 1, -EPIPE);
	memcpy(&h, q, sizeof(h));
	if (memcmp(h.magic, "RVKVMMIG", 8) || h.version != 1 || h.page_size != 4096 ||
	    !h.mem_size || h.mem_size % 4096)
		return refuse(m, 1, -EPROTO);
	m->mem_size = h.mem_size;
	struct mig_rec r;
	if (!take_rec(m, &r))
		return refuse(m, 1, -EPIPE);
	if (r.type != MIG_CONFIG || r.count || r.arg || !r.len || r.len > (1u << 20))
		return refuse(m, 1, -EPROTO);
	if (!(m->json = take(m, r.len)))
		return refuse(m, 1, -EPIPE);
	m->json_len = r.len;
	return 0;
}

static int model_memory(struct model *m)
{
	uint64_t npages = m->mem_size / 4096;
	for (;;) {
		struct mig_rec r;
		if (!take_rec(m, &r))
			return refuse(m, 2, -EPIPE);
		switch (r.type) {
		case MIG_PAGES:
		case MIG_ZERO: {
			uint64_t want_len = r.type == MIG_PAGES ? (uint64_t)r.count * 4096 : 0;
			/* In 64 bits, arg + count can wrap: compare in 128. */
			if (m->state || r.count == 0 || r.count > 256 ||
			    (unsigned __int128)r.arg + r.count > npages || r.len != want_len)
				return refuse(m, 2, -EPROTO);
			const uint8_t *q = NULL;
			if (r.type == MIG_PAGES && !(q = take(m, r.len)))
				return refuse(m, 2, -EPIPE);
			for (uint64_t i = 0; i < (uint64_t)r.count * 4096; i++)
				m->ram[r.arg * 4096 + i] = q ? q[i] : 0;
			m->pages += r.count;
			break;
		}
		case MIG_STATE:
			if (m->state || r.count || r.arg || !r.len || r.len > (64u << 20))
				return refuse(m, 2, -EPROTO);
			if (!(m->state = take(m, r.len)))
				return refuse(m, 2, -EPIPE);
			m->state_len = r.len;
			break;
		case MIG_END:
			if (!m->state || r.count || r.len ||
			    (r.arg & ~(MIG_END_PAUSED | MIG_END_POSTCOPY)))
				return refuse(m, 2, -EPROTO);
			m->flags = r.arg;
			return 0;
		default:
			return refuse(m, 2, -EPROTO);
		}
	}
}

static uint8_t *ram_alloc(uint64_t size)
{
	uint8_t *p = malloc(size);
	if (!p)
		BROKEN("out of memory");
	memset(p, 0xa5, size);
	return p;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* One memfd for the whole run, emptied for each input. */
	static int fd = -1;
	if (fd < 0 && (fd = memfd_create("fuzz-migration", MFD_CLOEXEC)) < 0)
		BROKEN("memfd_create: %s", strerror(errno));
	if (ftruncate(fd, 0) || lseek(fd, 0, SEEK_SET) != 0 ||
	    (size && mig_write(fd, data, size)) || lseek(fd, 0, SEEK_SET) != 0)
		BROKEN("cannot put the input in the memfd");

	struct model m = { .p = data, .n = size };
	bool small = false;   /* the memory is read: the RAM is small enough */
	if (!model_config(&m) && (small = m.mem_size <= FUZZ_MAX_PAGES * 4096ull)) {
		m.ram = ram_alloc(m.mem_size);
		model_memory(&m);
	}

	char err[256] = "", *json = NULL;
	size_t json_len = 0, state_len = 0;
	uint64_t mem_size = 0, pages = 0, flags = 0;
	uint8_t *ram = NULL, *state = NULL;
	int stage = 1;
	int rc = mig_recv_config(fd, &mem_size, &json, &json_len, err, sizeof(err));
	if (!rc) {
		if (mem_size != m.mem_size)
			BROKEN("memory size %llu, the model's %llu", (unsigned long long)mem_size,
			       (unsigned long long)m.mem_size);
		if (!json || json[json_len])
			BROKEN("the configuration is not NUL-terminated");
		stage = 0;
	}
	if (!rc && small) {
		ram = ram_alloc(mem_size);
		stage = 2;
		state = (uint8_t *)&stage;   /* must be reset */
		rc = mig_recv_memory(fd, ram, mem_size, &state, &state_len, &pages, &flags, err,
				     sizeof(err));
		if (!rc)
			stage = 0;
	}
	off_t at = lseek(fd, 0, SEEK_CUR);

	if (stage != m.stage || rc != m.rc)
		BROKEN("stage %d rc %d \"%s\", the model says stage %d rc %d", stage, rc, err,
		       m.stage, m.rc);
	if (rc && !err[0])
		BROKEN("refused (%d) without a message", rc);
	if (rc && state)
		BROKEN("refused but *state is set");
	if (stage == 1 && json)
		BROKEN("refused in the configuration but *json is set");
	if (at != (off_t)m.off)
		BROKEN("read up to byte %lld, the model to %zu", (long long)at, m.off);
	if (stage != 1 && (json_len != m.json_len || memcmp(json, m.json, json_len)))
		BROKEN("the configuration differs from the model's");
	if (ram && rc != -EPIPE && memcmp(ram, m.ram, mem_size))
		BROKEN("the RAM differs from the model's%s", rc ? " at the refusal" : "");
	if (!rc && ram) {
		if (pages != m.pages || flags != m.flags)
			BROKEN("pages %llu flags %#llx, the model %llu %#llx",
			       (unsigned long long)pages, (unsigned long long)flags,
			       (unsigned long long)m.pages, (unsigned long long)m.flags);
		if (!state || state_len != m.state_len || memcmp(state, m.state, state_len) ||
		    state[state_len])
			BROKEN("the state differs from the model's or is not NUL-terminated");
	}
	free(json);
	free(state);
	free(ram);
	free(m.ram);
	return 0;
}

#else /* FUZZ_SEEDS: write a seed corpus */

#include <sys/stat.h>

/* RAM with data pages (each byte from its page and offset), pages with a
 * byte at either end, and zero runs, so both PAGES and ZERO records come. */
static void fill_ram(uint8_t *ram)
{
	memset(ram, 0, (size_t)FUZZ_MAX_PAGES * MIG_PAGE_SIZE);
	for (unsigned p = 0; p < FUZZ_MAX_PAGES; p++) {
		uint8_t *pg = ram + (size_t)p * MIG_PAGE_SIZE;
		if (p < 3 || (p >= 9 && p < 11) || p == 300)
			for (unsigned i = 0; i < MIG_PAGE_SIZE; i++)
				pg[i] = (uint8_t)(p * 37 + i * 11 + 1);
		else if (p == 5)
			pg[0] = 0x42;
		else if (p == 7)
			pg[MIG_PAGE_SIZE - 1] = 0x24;
	}
}

static int open_seed(const char *dir, const char *name)
{
	char path[4096];
	if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, name) >= sizeof(path))
		return -1;
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
	return fd;
}

/* One stream: header, configuration, the given ranges, state, END. */
struct seed {
	const char *name;
	uint64_t npages;
	bool send_zero;
	uint64_t flags;
	unsigned nranges;
	uint64_t ranges[3][2];      /* first page, count */
	size_t trailing;            /* bytes after END (a reply's worth) */
};

static int write_seed(const char *dir, const struct seed *s, const uint8_t *ram)
{
	static const char json[] = "{\"mem_size\":65536,\"nr_cpus\":2,\"hyp_guest\":true}";
	uint8_t state[200];
	for (size_t i = 0; i < sizeof(state); i++)
		state[i] = (uint8_t)(i * 5 + 3);
	int fd = open_seed(dir, s->name);
	if (fd < 0)
		return -1;
	uint64_t bytes = 0;
	int rc = mig_send_header(fd, s->npages * MIG_PAGE_SIZE);
	if (!rc)
		rc = mig_send_rec(fd, MIG_CONFIG, 0, 0, json, strlen(json));
	for (unsigned i = 0; i < s->nranges && !rc; i++)
		rc = mig_send_range(fd, ram, s->ranges[i][0], s->ranges[i][1], s->send_zero,
				    &bytes);
	if (!rc)
		rc = mig_send_rec(fd, MIG_STATE, 0, 0, state, sizeof(state));
	if (!rc)
		rc = mig_send_rec(fd, MIG_END, 0, s->flags, NULL, 0);
	if (!rc && s->trailing)
		rc = mig_send_reply(fd, 0, "running");
	close(fd);
	if (rc)
		fprintf(stderr, "%s: %s\n", s->name, strerror(-rc));
	return rc;
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: %s CORPUS-DIR\n", argv[0]);
		return 2;
	}
	if (mkdir(argv[1], 0755) && errno != EEXIST) {
		fprintf(stderr, "%s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	uint8_t *ram = aligned_alloc(MIG_PAGE_SIZE, (size_t)FUZZ_MAX_PAGES * MIG_PAGE_SIZE);
	if (!ram)
		return 1;
	fill_ram(ram);
	static const struct seed seeds[] = {
		{ "seed-all-zero-records", FUZZ_PAGES, true, 0, 1, { { 0, FUZZ_PAGES } }, 0 },
		{ "seed-sparse-paused", FUZZ_PAGES, false, MIG_END_PAUSED, 1,
		  { { 0, FUZZ_PAGES } }, 0 },
		{ "seed-no-memory", FUZZ_PAGES, true, 0, 0, { { 0, 0 } }, 0 },
		/* pre-copy: everything, then the pages dirtied since, twice */
		{ "seed-rounds", FUZZ_PAGES, true, MIG_END_PAUSED, 3,
		  { { 0, FUZZ_PAGES }, { 1, 6 }, { 9, 7 } }, 0 },
		{ "seed-with-reply-after", FUZZ_PAGES, false, 0, 1, { { 4, 4 } }, 1 },
		/* small, with a ZERO record of MIG_MAX_RUN pages: one more is in
		 * bounds here (pages 11..299 are zero) */
		{ "seed-max-zero-run", FUZZ_MAX_PAGES, true, 0, 1, { { 11, 289 } }, 0 },
	};
	int failed = 0;
	for (size_t i = 0; i < sizeof(seeds) / sizeof(seeds[0]); i++)
		failed |= write_seed(argv[1], &seeds[i], ram) != 0;
	free(ram);
	return failed;
}

#endif
