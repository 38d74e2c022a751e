// SPDX-License-Identifier: MIT
/* Unit tests of the live-migration stream (vmm/migration/stream.c): the
 * source's writers and the destination's checked reader, the reply, the
 * whole reads and writes, and the unix:/tcp: addresses.  Built with
 * ASan+UBSan.  Streams are built here record by record (the layout of
 * stream.h written independently of stream.c) into a memfd, or go over a
 * socketpair or a real socket with the source in a thread.
 *
 * Each case runs in a child process of its own, under alarm(), so a crash,
 * a leak (LeakSanitizer's exit code) or a hang is that case's FAIL and the
 * others still run.  Prints "PASS stream.NAME" or "FAIL stream.NAME
 * (detail)" per case; exits 1 when any failed.
 *
 *   stream_test [NAME-SUBSTRING]      run all (or matching) cases */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "vmm/migration/stream.h"

#define PG          MIG_PAGE_SIZE
#ifndef CASE_SECS
#define CASE_SECS   60          /* a case that takes longer hangs */
#endif
#define CASE_FAILED 77          /* a case's child exits so when it failed (ASan: 1) */

/* One case's context: what went wrong, and where its files may go. */
struct t {
	char detail[1024];
	char dir[256];
};

static bool failf(struct t *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static bool failf(struct t *t, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(t->detail, sizeof(t->detail), fmt, ap);
	va_end(ap);
	return false;
}
#define FAILF(...) return failf(t, __VA_ARGS__)
#define CHECK(c) do { if (!(c)) FAILF("line %d: %s", __LINE__, #c); } while (0)
#define CHECK_EQ(a, b) do { \
	unsigned long long a_ = (unsigned long long)(a), b_ = (unsigned long long)(b); \
	if (a_ != b_) FAILF("line %d: %s = %#llx, want %#llx", __LINE__, #a, a_, b_); } while (0)
/* rc is want and msg holds sub. */
#define CHECK_ERR(rc, want, msg, sub) do { int rc_ = (rc); \
	if (rc_ != (want) || !strstr((msg), (sub))) \
		FAILF("line %d: rc %d (want %d), message \"%s\" (want \"%s\" in it)", \
		      __LINE__, rc_, (int)(want), (msg), (sub)); } while (0)
#define OK(rc, msg) do { int rc_ = (rc); \
	if (rc_ < 0) FAILF("line %d: %s: %d \"%s\"", __LINE__, #rc, rc_, (msg)); } while (0)

static void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		abort();
	return p;
}

/* Page-aligned (mig_page_is_zero reads 64-bit words), like the VMM's RAM. */
static uint8_t *ram_alloc(uint64_t npages, int fill)
{
	void *p = aligned_alloc(PG, npages * PG);
	if (!p)
		abort();
	memset(p, fill, npages * PG);
	return p;
}

static int memstream(void)
{
	int fd = memfd_create("mig-stream", MFD_CLOEXEC);
	if (fd < 0)
		abort();
	return fd;
}

static void put(int fd, const void *p, size_t n)
{
	if (mig_write(fd, p, n))
		abort();
}

static void put_rec(int fd, uint32_t type, uint32_t count, uint64_t arg, uint64_t len)
{
	struct mig_rec r = { type, count, arg, len };
	put(fd, &r, sizeof(r));
}

/* The bytes of data that stream builders write: never a zero page. */
static uint8_t pat(unsigned seed, uint64_t off)
{
	return (uint8_t)(seed * 29 + off * 7 + 1);
}

static void put_pat(int fd, unsigned seed, uint64_t n)
{
	static const size_t chunk = 1 << 16;
	uint8_t *b = xmalloc(chunk);
	for (uint64_t off = 0; off < n;) {
		size_t k = n - off < chunk ? (size_t)(n - off) : chunk;
		for (size_t i = 0; i < k; i++)
			b[i] = pat(seed, off + i);
		put(fd, b, k);
		off += k;
	}
	free(b);
}

/* ---- the destination's reader on a stream ------------------------------------- */

struct rx {
	uint64_t mem_size;        /* in: what the destination takes (0: any) */
	char *json;
	size_t json_len;
	uint8_t *ram;             /* mem_size bytes, filled with fill first */
	uint8_t *state;
	size_t state_len;
	uint64_t pages, end_flags;
	int stage;                /* 0: accepted; refused by 1: mig_recv_config, 2: ..._memory */
	int rc;
	char err[256];
};

static void rx_run(struct rx *x, int fd, int fill)
{
	x->json = NULL;
	x->state = (uint8_t *)x;   /* must come back NULL unless accepted */
	x->rc = mig_recv_config(fd, &x->mem_size, &x->json, &x->json_len, x->err, sizeof(x->err));
	if (x->rc) {
		x->stage = 1;
		x->state = NULL;
		return;
	}
	x->ram = ram_alloc(x->mem_size / PG, fill);
	x->rc = mig_recv_memory(fd, x->ram, x->mem_size, &x->state, &x->state_len, &x->pages,
				&x->end_flags, x->err, sizeof(x->err));
	x->stage = x->rc ? 2 : 0;
}

static void rx_free(struct rx *x)
{
	free(x->json);
	free(x->ram);
	free(x->state);
}

/* ---- streams from a table ----------------------------------------------------- */

#define NP   300u            /* the destination's pages in the table's streams */
#define MEM  ((uint64_t)NP * PG)
/* The END flags there are, and the lowest bit that is none of them. */
#define END_KNOWN    (MIG_END_PAUSED | MIG_END_POSTCOPY)
#define END_UNKNOWN  ((END_KNOWN + 1) & ~END_KNOWN)

/* A record and how many of its len bytes follow it (fewer: a cut stream). */
struct rec_op {
	uint32_t type, count;
	uint64_t arg, len, data;
};
#define R(ty, n, a, l)          { ty, n, a, l, l }
#define RCUT(ty, n, a, l, d)    { ty, n, a, l, d }
#define CFG                     R(MIG_CONFIG, 0, 0, 2)
#define STATE                   R(MIG_STATE, 0, 0, 64)
#define END(f)                  R(MIG_END, 0, f, 0)
#define PAGES(a, n)             R(MIG_PAGES, n, a, (uint64_t)(n) * PG)
#define ZERO(a, n)              R(MIG_ZERO, n, a, 0)
#define OPS(...) .ops = (const struct rec_op[]){ __VA_ARGS__ }, \
	.nops = sizeof((const struct rec_op[]){ __VA_ARGS__ }) / sizeof(struct rec_op)
#define HDR(m, v, ps, sz) .hdr = &(const struct mig_header){ m, v, ps, sz }

struct stream_case {
	const char *name;
	const struct mig_header *hdr;   /* NULL: a good one for NP pages */
	size_t hdr_cut;                 /* bytes of the header left off */
	bool any_size;                  /* the destination takes any memory size */
	const struct rec_op *ops;
	size_t nops;
	size_t junk;                    /* bytes after the records */
	int stage, rc;                  /* refused where, how; stage 0: accepted */
	const char *word;               /* in the refusal */
	uint64_t pages, flags;          /* when accepted */
};

static const struct stream_case stream_cases[] = {
	/* the header */
	{ "hdr.bad_magic", HDR("RVKVMMIH", MIG_VERSION, PG, MEM), OPS(CFG, STATE, END(0)),
	  .stage = 1, .rc = -EPROTO, .word = "magic" },
	{ "hdr.other_magic", HDR("QEVM\0\0\0\3", MIG_VERSION, PG, MEM), OPS(CFG, STATE, END(0)),
	  .stage = 1, .rc = -EPROTO, .word = "magic" },
	{ "hdr.version_0", HDR("RVKVMMIG", 0, PG, MEM), OPS(CFG, STATE, END(0)),
	  .stage = 1, .rc = -EPROTO, .word = "version" },
	{ "hdr.version_2", HDR("RVKVMMIG", MIG_VERSION + 1, PG, MEM), OPS(CFG, STATE, END(0)),
	  .stage = 1, .rc = -EPROTO, .word = "version" },
	{ "hdr.page_size_0", HDR("RVKVMMIG", MIG_VERSION, 0, MEM), OPS(CFG, STATE, END(0)),
	  .stage = 1, .rc = -EPROTO, .word = "page size" },
	{ "hdr.page_size_64k", HDR("RVKVMMIG", MIG_VERSION, 65536, MEM), OPS(CFG, STATE, END(0)),
	  .stage = 1, .rc = -EPROTO, .word = "page size" },
	{ "hdr.mem_size_0", HDR("RVKVMMIG", MIG_VERSION, PG, 0), .any_size = true,
	  OPS(CFG, STATE, END(0)), .stage = 1, .rc = -EPROTO, .word = "memory size" },
	{ "hdr.mem_size_unaligned", HDR("RVKVMMIG", MIG_VERSION, PG, MEM + 1), .any_size = true,
	  OPS(CFG, STATE, END(0)), .stage = 1, .rc = -EPROTO, .word = "memory size" },
	{ "hdr.mem_size_half_page", HDR("RVKVMMIG", MIG_VERSION, PG, PG / 2), .any_size = true,
	  OPS(CFG, STATE, END(0)), .stage = 1, .rc = -EPROTO, .word = "memory size" },
	{ "hdr.mem_size_larger", HDR("RVKVMMIG", MIG_VERSION, PG, MEM + PG),
	  OPS(CFG, STATE, END(0)), .stage = 1, .rc = -EPROTO, .word = "memory size" },
	{ "hdr.mem_size_smaller", HDR("RVKVMMIG", MIG_VERSION, PG, MEM - PG),
	  OPS(CFG, STATE, END(0)), .stage = 1, .rc = -EPROTO, .word = "memory size" },
	{ "hdr.cut_1", .hdr_cut = 1, .stage = 1, .rc = -EPIPE, .word = "header" },
	{ "hdr.cut_half", .hdr_cut = 12, .stage = 1, .rc = -EPIPE, .word = "header" },
	{ "hdr.empty", .hdr_cut = sizeof(struct mig_header), .stage = 1, .rc = -EPIPE,
	  .word = "header" },
	{ "hdr.any_size", .any_size = true, OPS(CFG, STATE, END(0)) },

	/* the configuration */
	{ "config.missing", .stage = 1, .rc = -EPIPE, .word = "ended early" },
	{ "config.cut_record", .junk = 10, .stage = 1, .rc = -EPIPE, .word = "ended early" },
	{ "config.first_is_pages", OPS(PAGES(0, 1), CFG, STATE, END(0)), .stage = 1,
	  .rc = -EPROTO, .word = "configuration" },
	{ "config.first_is_zero", OPS(ZERO(0, 1), CFG, STATE, END(0)), .stage = 1,
	  .rc = -EPROTO, .word = "configuration" },
	{ "config.first_is_state", OPS(STATE, END(0)), .stage = 1, .rc = -EPROTO,
	  .word = "configuration" },
	{ "config.first_is_end", OPS(END(0)), .stage = 1, .rc = -EPROTO, .word = "configuration" },
	{ "config.first_is_unknown", OPS(R(0, 0, 0, 2), STATE, END(0)), .stage = 1,
	  .rc = -EPROTO, .word = "configuration" },
	{ "config.empty", OPS(R(MIG_CONFIG, 0, 0, 0), STATE, END(0)), .stage = 1, .rc = -EPROTO,
	  .word = "configuration" },
	{ "config.too_big", OPS(RCUT(MIG_CONFIG, 0, 0, MIG_MAX_CONFIG + 1, 0)), .stage = 1,
	  .rc = -EPROTO, .word = "configuration" },
	{ "config.len_max_u64", OPS(RCUT(MIG_CONFIG, 0, 0, UINT64_MAX, 0)), .stage = 1,
	  .rc = -EPROTO, .word = "configuration" },
	{ "config.with_count", OPS(R(MIG_CONFIG, 1, 0, 2), STATE, END(0)), .stage = 1,
	  .rc = -EPROTO, .word = "configuration" },
	{ "config.with_arg", OPS(R(MIG_CONFIG, 0, 1, 2), STATE, END(0)), .stage = 1,
	  .rc = -EPROTO, .word = "configuration" },
	{ "config.cut", OPS(RCUT(MIG_CONFIG, 0, 0, 100, 50)), .stage = 1, .rc = -EPIPE,
	  .word = "inside the configuration" },
	{ "config.max", OPS(R(MIG_CONFIG, 0, 0, MIG_MAX_CONFIG), STATE, END(0)) },

	/* page records out of bounds */
	{ "pages.index_at_end", OPS(CFG, PAGES(NP, 1), STATE, END(0)), .stage = 2, .rc = -EPROTO,
	  .word = "out of bounds" },
	{ "pages.index_past_end", OPS(CFG, PAGES(NP + 100, 1), STATE, END(0)), .stage = 2,
	  .rc = -EPROTO, .word = "out of bounds" },
	{ "pages.run_past_end", OPS(CFG, PAGES(NP - 1, 2), STATE, END(0)), .stage = 2,
	  .rc = -EPROTO, .word = "out of bounds" },
	{ "pages.max_run_past_end", OPS(CFG, PAGES(NP - 255, 256), STATE, END(0)), .stage = 2,
	  .rc = -EPROTO, .word = "out of bounds" },
	{ "pages.index_u64_max", OPS(CFG, PAGES(UINT64_MAX, 1), STATE, END(0)), .stage = 2,
	  .rc = -EPROTO, .word = "out of bounds" },
	{ "pages.index_count_wrap", OPS(CFG, PAGES(UINT64_MAX, 2), STATE, END(0)), .stage = 2,
	  .rc = -EPROTO, .word = "out of bounds" },
	{ "pages.index_count_wrap_0", OPS(CFG, PAGES(UINT64_MAX - 1, 2), STATE, END(0)),
	  .stage = 2, .rc = -EPROTO, .word = "out of bounds" },
	{ "pages.index_count_wrap_big", OPS(CFG, PAGES(UINT64_MAX - 200, 256), STATE, END(0)),
	  .stage = 2, .rc = -EPROTO, .word = "out of bounds" },
	{ "pages.byte_offset_wrap", OPS(CFG, PAGES(1ull << 52, 1), STATE, END(0)), .stage = 2,
	  .rc = -EPROTO, .word = "out of bounds" },
	{ "zero.index_at_end", OPS(CFG, ZERO(NP, 1), STATE, END(0)), .stage = 2, .rc = -EPROTO,
	  .word = "out of bounds" },
	{ "zero.run_past_end", OPS(CFG, ZERO(NP - 3, 4), STATE, END(0)), .stage = 2,
	  .rc = -EPROTO, .word = "out of bounds" },
	{ "zero.index_count_wrap", OPS(CFG, ZERO(UINT64_MAX - 1, 4), STATE, END(0)), .stage = 2,
	  .rc = -EPROTO, .word = "out of bounds" },
	{ "zero.byte_offset_wrap", OPS(CFG, ZERO((1ull << 52) + 1, 1), STATE, END(0)),
	  .stage = 2, .rc = -EPROTO, .word = "out of bounds" },

	/* page records whose len or count is wrong */
	{ "pages.len_short", OPS(CFG, R(MIG_PAGES, 1, 0, PG - 1), STATE, END(0)), .stage = 2,
	  .rc = -EPROTO, .word = "out of bounds" },
	{ "pages.len_long", OPS(CFG, R(MIG_PAGES, 1, 0, PG + 1), STATE, END(0)), .stage = 2,
	  .rc = -EPROTO, .word = "out of bounds" },
	{ "pages.len_of_two", OPS(CFG, R(MIG_PAGES, 1, 0, 2 * PG), STATE, END(0)), .stage = 2,
	  .rc = -EPROTO, .word = "out of bounds" },
	{ "pages.len_of_one", OPS(CFG, R(MIG_PAGES, 2, 0, PG), STATE, END(0)), .stage = 2,
	  .rc = -EPROTO, .word = "out of bounds" },
	{ "pages.len_0", OPS(CFG, R(MIG_PAGES, 1, 0, 0), STATE, END(0)), .stage = 2,
	  .rc = -EPROTO, .word = "out of bounds" },
	{ "pages.len_high_bit", OPS(CFG, RCUT(MIG_PAGES, 1, 0, PG + (1ull << 63), 0)),
	  .stage = 2, .rc = -EPROTO, .word = "out of bounds" },
	{ "zero.with_bytes", OPS(CFG, R(MIG_ZERO, 1, 0, PG), STATE, END(0)), .stage = 2,
	  .rc = -EPROTO, .word = "out of bounds" },
	{ "pages.count_0", OPS(CFG, R(MIG_PAGES, 0, 0, 0), STATE, END(0)), .stage = 2,
	  .rc = -EPROTO, .word = "out of bounds" },
	{ "zero.count_0", OPS(CFG, ZERO(0, 0), STATE, END(0)), .stage = 2, .rc = -EPROTO,
	  .word = "out of bounds" },
	{ "pages.count_257", OPS(CFG, PAGES(0, MIG_MAX_RUN + 1), STATE, END(0)), .stage = 2,
	  .rc = -EPROTO, .word = "out of bounds" },
	{ "zero.count_257", OPS(CFG, ZERO(0, MIG_MAX_RUN + 1), STATE, END(0)), .stage = 2,
	  .rc = -EPROTO, .word = "out of bounds" },
	{ "pages.count_u32_max", OPS(CFG, RCUT(MIG_PAGES, UINT32_MAX, 0, (uint64_t)UINT32_MAX * PG,
					      0)),
	  .stage = 2, .rc = -EPROTO, .word = "out of bounds" },

	/* the order of records */
	{ "order.pages_after_state", OPS(CFG, STATE, PAGES(0, 1), END(0)), .stage = 2,
	  .rc = -EPROTO, .word = "after the machine state" },
	{ "order.zero_after_state", OPS(CFG, PAGES(0, 1), STATE, ZERO(0, 1), END(0)), .stage = 2,
	  .rc = -EPROTO, .word = "after the machine state" },
	{ "order.second_state", OPS(CFG, STATE, STATE, END(0)), .stage = 2, .rc = -EPROTO,
	  .word = "second machine state" },
	{ "order.end_before_state", OPS(CFG, PAGES(0, 1), END(0), STATE, END(0)), .stage = 2,
	  .rc = -EPROTO, .word = "without the machine state" },
	{ "order.end_first", OPS(CFG, END(MIG_END_PAUSED)), .stage = 2, .rc = -EPROTO,
	  .word = "without the machine state" },
	{ "order.second_config", OPS(CFG, CFG, STATE, END(0)), .stage = 2, .rc = -EPROTO,
	  .word = "unknown record type 1" },

	/* END */
	{ "end.unknown_flag", OPS(CFG, STATE, END(END_UNKNOWN)), .stage = 2, .rc = -EPROTO,
	  .word = "malformed end record" },
	{ "end.known_and_unknown", OPS(CFG, STATE, END(END_KNOWN | END_UNKNOWN)), .stage = 2,
	  .rc = -EPROTO, .word = "malformed end record" },
	{ "end.flag_63", OPS(CFG, STATE, END(1ull << 63)), .stage = 2, .rc = -EPROTO,
	  .word = "malformed end record" },
	{ "end.with_bytes", OPS(CFG, STATE, R(MIG_END, 0, 0, 8)), .stage = 2, .rc = -EPROTO,
	  .word = "malformed end record" },
	{ "end.with_count", OPS(CFG, STATE, R(MIG_END, 1, 0, 0)), .stage = 2, .rc = -EPROTO,
	  .word = "malformed end record" },

	/* unknown records */
	{ "type.0", OPS(CFG, R(0, 0, 0, 0), STATE, END(0)), .stage = 2, .rc = -EPROTO,
	  .word = "unknown record type 0" },
	{ "type.6", OPS(CFG, R(MIG_END + 1, 0, 0, 0), STATE, END(0)), .stage = 2, .rc = -EPROTO,
	  .word = "unknown record type 6" },
	{ "type.u32_max", OPS(CFG, STATE, R(UINT32_MAX, 0, 0, 0), END(0)), .stage = 2,
	  .rc = -EPROTO, .word = "unknown record type" },

	/* the machine state */
	{ "state.empty", OPS(CFG, R(MIG_STATE, 0, 0, 0), END(0)), .stage = 2, .rc = -EPROTO,
	  .word = "machine state" },
	{ "state.too_big", OPS(CFG, RCUT(MIG_STATE, 0, 0, MIG_MAX_STATE + 1, 0)), .stage = 2,
	  .rc = -EPROTO, .word = "machine state" },
	{ "state.len_max_u64", OPS(CFG, RCUT(MIG_STATE, 0, 0, UINT64_MAX, 0)), .stage = 2,
	  .rc = -EPROTO, .word = "machine state" },
	{ "state.with_count", OPS(CFG, R(MIG_STATE, 1, 0, 64), END(0)), .stage = 2, .rc = -EPROTO,
	  .word = "machine state" },
	{ "state.with_arg", OPS(CFG, R(MIG_STATE, 0, 5, 64), END(0)), .stage = 2, .rc = -EPROTO,
	  .word = "machine state" },
	{ "state.max", OPS(CFG, R(MIG_STATE, 0, 0, MIG_MAX_STATE), END(0)) },

	/* cut streams */
	{ "cut.after_config", OPS(CFG), .stage = 2, .rc = -EPIPE, .word = "ended early" },
	{ "cut.in_record_header", OPS(CFG, PAGES(0, 1)), .junk = 12, .stage = 2, .rc = -EPIPE,
	  .word = "ended early" },
	{ "cut.in_page_record", OPS(CFG, RCUT(MIG_PAGES, 2, 0, 2 * PG, PG + 100)), .stage = 2,
	  .rc = -EPIPE, .word = "inside a page record" },
	{ "cut.in_page_record_at_0", OPS(CFG, RCUT(MIG_PAGES, 1, 3, PG, 0)), .stage = 2,
	  .rc = -EPIPE, .word = "inside a page record" },
	{ "cut.in_state", OPS(CFG, RCUT(MIG_STATE, 0, 0, 64, 10)), .stage = 2, .rc = -EPIPE,
	  .word = "inside the machine state" },
	{ "cut.before_end", OPS(CFG, PAGES(0, 1), STATE), .stage = 2, .rc = -EPIPE,
	  .word = "ended early" },

	/* accepted */
	{ "ok.minimal", OPS(CFG, STATE, END(0)) },
	{ "ok.paused", OPS(CFG, STATE, END(MIG_END_PAUSED)), .flags = MIG_END_PAUSED },
	{ "ok.postcopy", OPS(CFG, STATE, END(MIG_END_POSTCOPY)), .flags = MIG_END_POSTCOPY },
	{ "ok.all_end_flags", OPS(CFG, STATE, END(END_KNOWN)), .flags = END_KNOWN },
	{ "ok.first_page", OPS(CFG, PAGES(0, 1), STATE, END(0)), .pages = 1 },
	{ "ok.last_page", OPS(CFG, PAGES(NP - 1, 1), STATE, END(0)), .pages = 1 },
	{ "ok.last_zero_page", OPS(CFG, ZERO(NP - 1, 1), STATE, END(0)), .pages = 1 },
	{ "ok.max_run_at_end", OPS(CFG, PAGES(NP - MIG_MAX_RUN, MIG_MAX_RUN), STATE, END(0)),
	  .pages = MIG_MAX_RUN },
	{ "ok.max_zero_run_at_end", OPS(CFG, ZERO(NP - MIG_MAX_RUN, MIG_MAX_RUN), STATE, END(0)),
	  .pages = MIG_MAX_RUN },
	{ "ok.rounds", OPS(CFG, PAGES(0, 8), ZERO(2, 3), PAGES(3, 1), ZERO(100, 1), PAGES(7, 2),
			   PAGES(NP - 2, 2), STATE, END(MIG_END_PAUSED)),
	  .pages = 8 + 3 + 1 + 1 + 2 + 2, .flags = MIG_END_PAUSED },
	{ "ok.stops_at_end", OPS(CFG, PAGES(5, 1), STATE, END(0)), .junk = 100, .pages = 1 },
};

static void write_case(int fd, const struct stream_case *c)
{
	struct mig_header h;
	if (c->hdr) {
		h = *c->hdr;
	} else {
		memcpy(h.magic, "RVKVMMIG", 8);
		h.version = MIG_VERSION;
		h.page_size = PG;
		h.mem_size = MEM;
	}
	put(fd, &h, sizeof(h) - c->hdr_cut);
	for (size_t i = 0; i < c->nops; i++) {
		const struct rec_op *o = &c->ops[i];
		put_rec(fd, o->type, o->count, o->arg, o->len);
		put_pat(fd, (unsigned)i, o->data);
	}
	put_pat(fd, 99, c->junk);
	if (lseek(fd, 0, SEEK_SET) != 0)
		abort();
}

/* What an accepted case's destination RAM, configuration and state are:
 * the records applied in order to RAM that started all 0xa5. */
static bool check_accepted(struct t *t, const struct stream_case *c, const struct rx *x, int fd)
{
	uint8_t *want = ram_alloc(NP, 0xa5);
	const struct rec_op *cfg = NULL, *st = NULL;
	off_t end = sizeof(struct mig_header);
	for (size_t i = 0; i < c->nops; i++) {
		const struct rec_op *o = &c->ops[i];
		end += (off_t)(sizeof(struct mig_rec) + o->data);
		if (o->type == MIG_CONFIG)
			cfg = o;
		else if (o->type == MIG_STATE)
			st = o;
		else if (o->type == MIG_ZERO)
			memset(want + o->arg * PG, 0, (size_t)o->count * PG);
		else if (o->type == MIG_PAGES)
			for (uint64_t k = 0; k < o->len; k++)
				want[o->arg * PG + k] = pat((unsigned)i, k);
	}
	bool same = !memcmp(want, x->ram, MEM);
	free(want);
	if (!same)
		FAILF("the destination's RAM differs from the records'");
	CHECK_EQ(x->mem_size, MEM);
	CHECK_EQ(x->pages, c->pages);
	CHECK_EQ(x->end_flags, c->flags);
	CHECK(cfg && st && x->json && x->state);
	CHECK_EQ(x->json_len, cfg->len);
	CHECK_EQ(x->json[x->json_len], 0);
	CHECK_EQ(x->state_len, st->len);
	CHECK_EQ(x->state[x->state_len], 0);   /* NUL-terminated like the configuration */
	for (size_t i = 0; i < x->json_len; i++)
		if ((uint8_t)x->json[i] != pat((unsigned)(cfg - c->ops), i))
			FAILF("configuration byte %zu differs", i);
	for (size_t i = 0; i < x->state_len; i++)
		if (x->state[i] != pat((unsigned)(st - c->ops), i))
			FAILF("state byte %zu differs", i);
	/* Nothing past END is read: on a socket the reply comes after it. */
	CHECK_EQ(lseek(fd, 0, SEEK_CUR), end);
	return true;
}

static bool run_stream_case(struct t *t, const struct stream_case *c)
{
	int fd = memstream();
	write_case(fd, c);
	struct rx x = { .mem_size = c->any_size ? 0 : MEM };
	rx_run(&x, fd, 0xa5);
	bool ok = true;
	if (x.stage != c->stage) {
		ok = failf(t, "%s at stage %d (rc %d \"%s\"), want %s at stage %d",
			   x.stage ? "refused" : "accepted", x.stage, x.rc, x.err,
			   c->stage ? "refused" : "accepted", c->stage);
	} else if (c->stage) {
		if (x.rc != c->rc || !strstr(x.err, c->word))
			ok = failf(t, "rc %d (want %d), message \"%s\" (want \"%s\" in it)", x.rc,
				   c->rc, x.err, c->word);
		else if (x.state)
			ok = failf(t, "refused but *state is set");
		else if (c->stage == 1 && x.json)
			ok = failf(t, "refused but *json is set");
	} else {
		ok = check_accepted(t, c, &x, fd);
	}
	rx_free(&x);
	close(fd);
	return ok;
}

/* ---- the source's writers ------------------------------------------------------- */

/* RAM made of runs: 'D' data pages, 'F' pages whose first byte alone is
 * set, 'L' pages whose last byte alone is set, 'Z' zero pages. */
struct run {
	uint64_t n;
	char kind;
};

static uint8_t *ram_from_runs(const struct run *runs, size_t nruns, uint64_t *npages)
{
	uint64_t n = 0;
	for (size_t i = 0; i < nruns; i++)
		n += runs[i].n;
	uint8_t *ram = ram_alloc(n, 0);
	uint64_t p = 0;
	for (size_t i = 0; i < nruns; i++)
		for (uint64_t k = 0; k < runs[i].n; k++, p++) {
			uint8_t *pg = ram + p * PG;
			if (runs[i].kind == 'D')
				for (unsigned b = 0; b < PG; b++)
					pg[b] = pat((unsigned)p, b);
			else if (runs[i].kind == 'F')
				pg[0] = 0x01;
			else if (runs[i].kind == 'L')
				pg[PG - 1] = 0x80;
		}
	*npages = n;
	return ram;
}

/* 1200 pages: long runs of data and of zero pages, split at MIG_MAX_RUN. */
static const struct run big_runs[] = {
	{ 600, 'D' }, { 2, 'Z' }, { 1, 'F' }, { 2, 'Z' }, { 1, 'L' }, { 545, 'Z' }, { 49, 'D' },
};
#define BIG_NONZERO 651u      /* 600 + 1 + 1 + 49 */

struct want_rec {
	uint32_t type, count;
	uint64_t arg;
};

/* Reads the records on fd and compares them (and the pages' bytes) with want. */
static bool check_records(struct t *t, int fd, const uint8_t *ram, const struct want_rec *want,
			  size_t nwant, uint64_t bytes)
{
	if (lseek(fd, 0, SEEK_SET) != 0)
		FAILF("lseek: %s", strerror(errno));
	uint8_t *buf = xmalloc((size_t)MIG_MAX_RUN * PG);
	uint64_t seen = 0;
	for (size_t i = 0; i < nwant; i++) {
		struct mig_rec r;
		int rc = mig_read(fd, &r, sizeof(r));
		if (rc) {
			free(buf);
			FAILF("record %zu missing (%d)", i, rc);
		}
		uint64_t len = want[i].type == MIG_PAGES ? (uint64_t)want[i].count * PG : 0;
		if (r.type != want[i].type || r.count != want[i].count || r.arg != want[i].arg ||
		    r.len != len) {
			free(buf);
			FAILF("record %zu is {type %u, count %u, arg %llu, len %llu}, "
			      "want {%u, %u, %llu, %llu}", i, r.type, r.count,
			      (unsigned long long)r.arg, (unsigned long long)r.len, want[i].type,
			      want[i].count, (unsigned long long)want[i].arg,
			      (unsigned long long)len);
		}
		seen += sizeof(r) + len;
		if (len && (mig_read(fd, buf, len) || memcmp(buf, ram + r.arg * PG, len))) {
			free(buf);
			FAILF("record %zu's pages differ from RAM", i);
		}
	}
	free(buf);
	uint8_t extra;
	if (read(fd, &extra, 1) != 0)
		FAILF("more records than the %zu expected", nwant);
	CHECK_EQ(bytes, seen);
	return true;
}

static bool t_send_range_split(struct t *t)
{
	uint64_t np;
	uint8_t *ram = ram_from_runs(big_runs, sizeof(big_runs) / sizeof(big_runs[0]), &np);
	static const struct want_rec all[] = {
		{ MIG_PAGES, 256, 0 }, { MIG_PAGES, 256, 256 }, { MIG_PAGES, 88, 512 },
		{ MIG_ZERO, 2, 600 }, { MIG_PAGES, 1, 602 }, { MIG_ZERO, 2, 603 },
		{ MIG_PAGES, 1, 605 }, { MIG_ZERO, 256, 606 }, { MIG_ZERO, 256, 862 },
		{ MIG_ZERO, 33, 1118 }, { MIG_PAGES, 49, 1151 },
	};
	static const struct want_rec sparse[] = {
		{ MIG_PAGES, 256, 0 }, { MIG_PAGES, 256, 256 }, { MIG_PAGES, 88, 512 },
		{ MIG_PAGES, 1, 602 }, { MIG_PAGES, 1, 605 }, { MIG_PAGES, 49, 1151 },
	};
	bool ok = true;
	for (int send_zero = 1; send_zero >= 0 && ok; send_zero--) {
		int fd = memstream();
		uint64_t bytes = 0;
		int rc = mig_send_range(fd, ram, 0, np, send_zero, &bytes);
		if (rc)
			ok = failf(t, "mig_send_range: %d", rc);
		else if (send_zero)
			ok = check_records(t, fd, ram, all, sizeof(all) / sizeof(all[0]), bytes);
		else
			ok = check_records(t, fd, ram, sparse, sizeof(sparse) / sizeof(sparse[0]),
					   bytes);
		close(fd);
	}
	free(ram);
	return ok;
}

/* A range that starts inside a run: records carry absolute page indexes,
 * and runs count from the range's start. */
static bool t_send_range_subrange(struct t *t)
{
	uint64_t np;
	uint8_t *ram = ram_from_runs(big_runs, sizeof(big_runs) / sizeof(big_runs[0]), &np);
	static const struct want_rec want[] = {
		{ MIG_PAGES, 256, 266 }, { MIG_PAGES, 78, 522 }, { MIG_ZERO, 2, 600 },
		{ MIG_PAGES, 1, 602 }, { MIG_ZERO, 2, 603 }, { MIG_PAGES, 1, 605 },
		{ MIG_ZERO, 60, 606 },
	};
	int fd = memstream();
	uint64_t bytes = 0;
	int rc = mig_send_range(fd, ram, 266, 400, true, &bytes);
	bool ok = rc ? failf(t, "mig_send_range: %d", rc) :
		       check_records(t, fd, ram, want, sizeof(want) / sizeof(want[0]), bytes);
	close(fd);
	free(ram);
	return ok;
}

/* Runs of exactly MIG_MAX_RUN, one more, and an empty range. */
static bool t_send_range_exact_runs(struct t *t)
{
	static const struct run runs[] = { { 256, 'D' }, { 256, 'Z' }, { 257, 'D' }, { 257, 'Z' } };
	uint64_t np;
	uint8_t *ram = ram_from_runs(runs, 4, &np);
	static const struct want_rec want[] = {
		{ MIG_PAGES, 256, 0 }, { MIG_ZERO, 256, 256 }, { MIG_PAGES, 256, 512 },
		{ MIG_PAGES, 1, 768 }, { MIG_ZERO, 256, 769 }, { MIG_ZERO, 1, 1025 },
	};
	int fd = memstream();
	uint64_t bytes = 0;
	bool ok = true;
	int rc = mig_send_range(fd, ram, 0, np, true, &bytes);
	if (rc)
		ok = failf(t, "mig_send_range: %d", rc);
	else
		ok = check_records(t, fd, ram, want, sizeof(want) / sizeof(want[0]), bytes);
	close(fd);
	if (ok) {
		fd = memstream();
		bytes = 0;
		rc = mig_send_range(fd, ram, 10, 0, true, &bytes);
		if (rc || bytes || lseek(fd, 0, SEEK_END) != 0)
			ok = failf(t, "an empty range wrote something (rc %d, %llu bytes)", rc,
				   (unsigned long long)bytes);
		close(fd);
	}
	free(ram);
	return ok;
}

static bool t_page_is_zero(struct t *t)
{
	uint8_t *p = ram_alloc(1, 0);
	bool ok = true;
	if (!mig_page_is_zero(p))
		ok = failf(t, "a zero page is not zero");
	/* Every position alone, the first and the last among them. */
	for (unsigned i = 0; i < PG && ok; i++) {
		p[i] = i == 0 ? 0x01 : i == PG - 1 ? 0x80 : (uint8_t)(1u << (i % 8));
		if (mig_page_is_zero(p))
			ok = failf(t, "a page with byte %u set is zero", i);
		p[i] = 0;
	}
	if (ok && !mig_page_is_zero(p))
		ok = failf(t, "a zero page is not zero at the end");
	free(p);
	return ok;
}

/* ---- a whole migration, the source in a thread ----------------------------------- */

struct src {
	const char *addr;          /* connect to it, or use fd */
	int fd;
	const uint8_t *ram;
	uint64_t npages;
	bool send_zero;
	uint64_t flags;
	const char *json;
	const uint8_t *state;
	size_t state_len;
	uint64_t bytes;
	int rc;                    /* the first failure to send */
	char err[256];
	int reply;
	bool answered;
	char msg[256];
};

static void *src_run(void *arg)
{
	struct src *s = arg;
	if (s->addr) {
		s->fd = mig_connect(s->addr, s->err, sizeof(s->err));
		if (s->fd < 0) {
			s->rc = s->fd;
			return NULL;
		}
	}
	int rc = mig_send_header(s->fd, s->npages * PG);
	if (!rc)
		rc = mig_send_rec(s->fd, MIG_CONFIG, 0, 0, s->json, strlen(s->json));
	/* Two calls, as pre-copy does: the records carry absolute indexes. */
	uint64_t cut = s->npages / 3;
	if (!rc)
		rc = mig_send_range(s->fd, s->ram, 0, cut, s->send_zero, &s->bytes);
	if (!rc)
		rc = mig_send_range(s->fd, s->ram, cut, s->npages - cut, s->send_zero, &s->bytes);
	if (!rc)
		rc = mig_send_rec(s->fd, MIG_STATE, 0, 0, s->state, s->state_len);
	if (!rc)
		rc = mig_send_rec(s->fd, MIG_END, 0, s->flags, NULL, 0);
	if (rc) {
		s->rc = rc;
		snprintf(s->err, sizeof(s->err), "send: %s", strerror(-rc));
		shutdown(s->fd, SHUT_RDWR);   /* the destination sees the end, not a hang */
	} else {
		s->reply = mig_recv_reply(s->fd, s->msg, sizeof(s->msg), &s->answered);
	}
	if (s->addr)
		close(s->fd);
	return NULL;
}

/* Moves s->ram to a destination reading dfd (or accepting on lfd), whose
 * RAM starts filled with fill; checks that all of it arrived. */
static bool migrate(struct t *t, struct src *s, int dfd, int lfd, int fill)
{
	static const char json[] = "{\"mem\":\"test\",\"cpus\":2}";
	uint8_t state[3000];
	for (size_t i = 0; i < sizeof(state); i++)
		state[i] = pat(7, i);
	s->json = json;
	s->state = state;
	s->state_len = sizeof(state);
	pthread_t th;
	if (pthread_create(&th, NULL, src_run, s))
		FAILF("pthread_create");
	char aerr[256] = "";
	if (lfd >= 0)
		dfd = mig_accept(lfd, aerr, sizeof(aerr));
	struct rx x = { .mem_size = s->npages * PG };
	if (dfd >= 0) {
		rx_run(&x, dfd, fill);
		if (!x.rc)
			mig_send_reply(dfd, 0, "running");
		shutdown(dfd, SHUT_RDWR);   /* the source's reply read ends either way */
	}
	pthread_join(th, NULL);
	if (lfd >= 0 && dfd >= 0)
		close(dfd);
	bool ok = true;
	uint64_t nonzero = 0;
	for (uint64_t p = 0; p < s->npages; p++)
		nonzero += !mig_page_is_zero(s->ram + p * PG);
	if (dfd < 0)
		ok = failf(t, "mig_accept: %d \"%s\"", dfd, aerr);
	else if (s->rc)
		ok = failf(t, "the source failed: %d \"%s\"", s->rc, s->err);
	else if (x.rc)
		ok = failf(t, "the destination refused the stream: stage %d, %d \"%s\"", x.stage,
			   x.rc, x.err);
	else if (s->reply || !s->answered || strcmp(s->msg, "running"))
		ok = failf(t, "the source's reply: %d \"%s\" (answered %d)", s->reply, s->msg,
			   s->answered);
	else if (memcmp(x.ram, s->ram, s->npages * PG))
		ok = failf(t, "the destination's RAM differs from the source's");
	else if (x.pages != (s->send_zero ? s->npages : nonzero))
		ok = failf(t, "%llu pages received, want %llu", (unsigned long long)x.pages,
			   (unsigned long long)(s->send_zero ? s->npages : nonzero));
	else if (x.end_flags != s->flags)
		ok = failf(t, "end flags %#llx, want %#llx", (unsigned long long)x.end_flags,
			   (unsigned long long)s->flags);
	else if (x.json_len != strlen(json) || strcmp(x.json, json))
		ok = failf(t, "the configuration differs: \"%s\"", x.json);
	else if (x.state_len != sizeof(state) || memcmp(x.state, state, sizeof(state)))
		ok = failf(t, "the machine state differs (%zu bytes)", x.state_len);
	rx_free(&x);
	return ok;
}

static bool roundtrip(struct t *t, bool send_zero, uint64_t flags)
{
	uint64_t np;
	uint8_t *ram = ram_from_runs(big_runs, sizeof(big_runs) / sizeof(big_runs[0]), &np);
	int sv[2];
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv))
		FAILF("socketpair: %s", strerror(errno));
	struct src s = { .fd = sv[0], .ram = ram, .npages = np, .send_zero = send_zero,
			 .flags = flags };
	/* !send_zero relies on the destination's RAM starting zero. */
	bool ok = migrate(t, &s, sv[1], -1, send_zero ? 0xa5 : 0);
	if (ok) {
		/* Cut at page 400, the first 600 data pages still go as 3 records
		 * (256 + 144 | 200), as in t_send_range_split. */
		uint64_t recs = send_zero ? 11 : 6;
		uint64_t want = recs * sizeof(struct mig_rec) + (uint64_t)BIG_NONZERO * PG;
		if (s.bytes != want)
			ok = failf(t, "*bytes %llu, want %llu", (unsigned long long)s.bytes,
				   (unsigned long long)want);
	}
	close(sv[0]);
	close(sv[1]);
	free(ram);
	return ok;
}

static bool t_roundtrip_zero(struct t *t) { return roundtrip(t, true, 0); }
static bool t_roundtrip_zero_paused(struct t *t) { return roundtrip(t, true, MIG_END_PAUSED); }
static bool t_roundtrip_sparse(struct t *t) { return roundtrip(t, false, 0); }
static bool t_roundtrip_sparse_paused(struct t *t)
{
	return roundtrip(t, false, MIG_END_PAUSED);
}

/* ---- the reply ---------------------------------------------------------------- */

static bool pair(struct t *t, int sv[2])
{
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv))
		FAILF("socketpair: %s", strerror(errno));
	return true;
}

static void put_reply(int fd, const char magic[4], int32_t status, char fill)
{
	struct mig_reply r;
	memcpy(r.magic, magic, 4);
	r.status = status;
	memset(r.msg, fill, sizeof(r.msg));
	put(fd, &r, sizeof(r));
}

static bool t_reply_ok(struct t *t)
{
	bool ans;
	int sv[2];
	if (!pair(t, sv))
		return false;
	char msg[256] = "junk";
	OK(mig_send_reply(sv[1], 0, "running"), "send");
	ans = false;
	CHECK_ERR(mig_recv_reply(sv[0], msg, sizeof(msg), &ans), 0, msg, "running");
	CHECK(ans);
	CHECK(!strcmp(msg, "running"));
	OK(mig_send_reply(sv[1], 0, NULL), "send");
	strcpy(msg, "junk");
	ans = false;
	CHECK_EQ(mig_recv_reply(sv[0], msg, sizeof(msg), &ans), 0);
	CHECK(ans);
	CHECK_EQ(msg[0], 0);
	close(sv[0]);
	close(sv[1]);
	return true;
}

static bool t_reply_negative(struct t *t)
{
	bool ans;
	int sv[2];
	if (!pair(t, sv))
		return false;
	char msg[256];
	OK(mig_send_reply(sv[1], -ENOSPC, "disk 0: no space left"), "send");
	ans = false;
	CHECK_ERR(mig_recv_reply(sv[0], msg, sizeof(msg), &ans),
		  -ENOSPC, msg, "disk 0: no space left");
	CHECK(ans);
	OK(mig_send_reply(sv[1], -4095, "lowest errno"), "send");
	ans = false;
	CHECK_ERR(mig_recv_reply(sv[0], msg, sizeof(msg), &ans), -4095, msg, "lowest errno");
	CHECK(ans);
	close(sv[0]);
	close(sv[1]);
	return true;
}

static bool t_reply_bad_status(struct t *t)
{
	bool ans;
	int sv[2];
	if (!pair(t, sv))
		return false;
	char msg[256];
	OK(mig_send_reply(sv[1], 1, "one"), "send");
	ans = true;
	CHECK_ERR(mig_recv_reply(sv[0], msg, sizeof(msg), &ans), -EPROTO, msg, "status 1");
	CHECK(!ans);
	OK(mig_send_reply(sv[1], INT32_MAX, "max"), "send");
	ans = true;
	CHECK_ERR(mig_recv_reply(sv[0], msg, sizeof(msg), &ans), -EPROTO, msg, "status");
	CHECK(!ans);
	OK(mig_send_reply(sv[1], -4096, "below errno"), "send");
	ans = true;
	CHECK_ERR(mig_recv_reply(sv[0], msg, sizeof(msg), &ans), -EPROTO, msg, "status -4096");
	CHECK(!ans);
	OK(mig_send_reply(sv[1], INT32_MIN, "min"), "send");
	ans = true;
	CHECK_ERR(mig_recv_reply(sv[0], msg, sizeof(msg), &ans), -EPROTO, msg, "status");
	CHECK(!ans);
	close(sv[0]);
	close(sv[1]);
	return true;
}

static bool t_reply_bad_magic(struct t *t)
{
	bool ans;
	int sv[2];
	if (!pair(t, sv))
		return false;
	char msg[256];
	put_reply(sv[1], "RVNO", 0, 0);
	ans = true;
	CHECK_ERR(mig_recv_reply(sv[0], msg, sizeof(msg), &ans),
		  -EPROTO, msg, "not an rvkvm reply");
	CHECK(!ans);
	put_reply(sv[1], "rvok", 0, 0);
	ans = true;
	CHECK_ERR(mig_recv_reply(sv[0], msg, sizeof(msg), &ans),
		  -EPROTO, msg, "not an rvkvm reply");
	CHECK(!ans);
	close(sv[0]);
	close(sv[1]);
	return true;
}

static bool t_reply_closed(struct t *t)
{
	bool ans;
	int sv[2];
	if (!pair(t, sv))
		return false;
	char msg[256];
	close(sv[1]);
	ans = true;
	CHECK_ERR(mig_recv_reply(sv[0], msg, sizeof(msg), &ans), -EPIPE, msg, "without a reply");
	CHECK(!ans);
	close(sv[0]);
	/* Half a reply, then the end. */
	if (!pair(t, sv))
		return false;
	struct mig_reply r = { .magic = { 'R', 'V', 'O', 'K' } };
	put(sv[1], &r, sizeof(r) / 2);
	close(sv[1]);
	ans = true;
	CHECK_ERR(mig_recv_reply(sv[0], msg, sizeof(msg), &ans), -EPIPE, msg, "without a reply");
	CHECK(!ans);
	close(sv[0]);
	return true;
}

/* The source's time-out (SO_RCVTIMEO) while it waits: no answer. */
static bool t_reply_timeout(struct t *t)
{
	int sv[2];
	if (!pair(t, sv))
		return false;
	struct timeval tv = { .tv_usec = 100000 };
	if (setsockopt(sv[0], SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)))
		FAILF("SO_RCVTIMEO: %s", strerror(errno));
	char msg[256];
	bool ans = true;
	CHECK_ERR(mig_recv_reply(sv[0], msg, sizeof(msg), &ans), -EAGAIN, msg, "without a reply");
	CHECK(!ans);
	close(sv[0]);
	close(sv[1]);
	return true;
}

/* A message without its NUL, one too long to send, and a small buffer. */
static bool t_reply_long_message(struct t *t)
{
	bool ans;
	int sv[2];
	if (!pair(t, sv))
		return false;
	char msg[512];
	put_reply(sv[1], "RVOK", -EIO, 'x');
	ans = false;
	CHECK_EQ(mig_recv_reply(sv[0], msg, sizeof(msg), &ans), -EIO);
	CHECK(ans);
	CHECK_EQ(strlen(msg), sizeof(((struct mig_reply *)0)->msg) - 1);
	char big[400];
	memset(big, 'y', sizeof(big) - 1);
	big[sizeof(big) - 1] = 0;
	OK(mig_send_reply(sv[1], -EIO, big), "send");
	ans = false;
	CHECK_EQ(mig_recv_reply(sv[0], msg, sizeof(msg), &ans), -EIO);
	CHECK(ans);
	CHECK_EQ(strlen(msg), sizeof(((struct mig_reply *)0)->msg) - 1);
	char small[8];
	OK(mig_send_reply(sv[1], 0, "running on the destination"), "send");
	ans = false;
	CHECK_EQ(mig_recv_reply(sv[0], small, sizeof(small), &ans), 0);
	CHECK(ans);
	CHECK(!strcmp(small, "running"));
	close(sv[0]);
	close(sv[1]);
	return true;
}

/* ---- whole reads and writes ----------------------------------------------------- */

static bool t_read_eof(struct t *t)
{
	int sv[2];
	if (!pair(t, sv))
		return false;
	char buf[16];
	put(sv[1], "abc", 3);
	close(sv[1]);
	CHECK_EQ(mig_read(sv[0], buf, 3), 0);
	CHECK(!memcmp(buf, "abc", 3));
	CHECK_EQ(mig_read(sv[0], buf, 1), -EPIPE);
	close(sv[0]);
	CHECK_EQ(mig_read(sv[0], buf, 1), -EBADF);
	return true;
}

struct pipe_job {
	int fd;
	size_t len;
	const uint8_t *src;
	int rc;
};

static void *pipe_writer(void *arg)
{
	struct pipe_job *j = arg;
	/* In odd-sized pieces so the reader sees short reads. */
	for (size_t off = 0; off < j->len && !j->rc;) {
		size_t n = j->len - off < 1000 ? j->len - off : 1000;
		j->rc = mig_write(j->fd, j->src + off, n);
		off += n;
	}
	if (!j->rc)
		j->rc = mig_write(j->fd, j->src, j->len);   /* and all at once */
	close(j->fd);
	return NULL;
}

/* A pipe (not a socket: the write(2) path), more than its buffer holds. */
static bool t_pipe_whole(struct t *t)
{
	int p[2];
	if (pipe2(p, O_CLOEXEC))
		FAILF("pipe: %s", strerror(errno));
	size_t len = 1 << 20;
	uint8_t *src = xmalloc(len), *dst = xmalloc(len);
	for (size_t i = 0; i < len; i++)
		src[i] = pat(3, i);
	struct pipe_job j = { .fd = p[1], .len = len, .src = src };
	pthread_t th;
	if (pthread_create(&th, NULL, pipe_writer, &j))
		FAILF("pthread_create");
	int r1 = mig_read(p[0], dst, len);
	bool same1 = !memcmp(src, dst, len);
	memset(dst, 0, len);
	int r2 = mig_read(p[0], dst, len);
	bool same2 = !memcmp(src, dst, len);
	int r3 = mig_read(p[0], dst, 1);
	pthread_join(th, NULL);
	close(p[0]);
	free(src);
	free(dst);
	CHECK_EQ(j.rc, 0);
	CHECK_EQ(r1, 0);
	CHECK(same1);
	CHECK_EQ(r2, 0);
	CHECK(same2);
	CHECK_EQ(r3, -EPIPE);
	return true;
}

struct closer {
	int fd;
	size_t after;
};

static void *read_then_close(void *arg)
{
	struct closer *c = arg;
	uint8_t *b = xmalloc(c->after);
	mig_read(c->fd, b, c->after);
	free(b);
	close(c->fd);
	return NULL;
}

/* In a child with SIGPIPE's default action (death): mig_write to a closed
 * peer, before and while it writes, must return -EPIPE. */
static int epipe_child(void)
{
	alarm(CASE_SECS);   /* not inherited from the case's child */
	signal(SIGPIPE, SIG_DFL);
	int sv[2];
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv))
		return 10;
	close(sv[1]);
	char small[100] = "";
	int rc = mig_write(sv[0], small, sizeof(small));
	if (rc != -EPIPE) {
		fprintf(stderr, "mig_write to a closed peer: %d\n", rc);
		return 11;
	}
	close(sv[0]);
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv))
		return 10;
	size_t len = 8 << 20;
	uint8_t *big = xmalloc(len);
	memset(big, 0x5a, len);
	struct closer c = { sv[1], 1 << 16 };
	pthread_t th;
	if (pthread_create(&th, NULL, read_then_close, &c))
		return 10;
	rc = mig_write(sv[0], big, len);
	pthread_join(th, NULL);
	free(big);
	close(sv[0]);
	/* Unread data at the close makes it a reset on some kernels. */
	if (rc != -EPIPE && rc != -ECONNRESET) {
		fprintf(stderr, "mig_write to a peer that closed midway: %d\n", rc);
		return 12;
	}
	return 0;
}

static bool t_write_epipe(struct t *t)
{
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0)
		FAILF("fork: %s", strerror(errno));
	if (pid == 0)
		_exit(epipe_child());
	int st;
	if (waitpid(pid, &st, 0) != pid)
		FAILF("waitpid: %s", strerror(errno));
	if (WIFSIGNALED(st))
		FAILF("killed by signal %d%s", WTERMSIG(st),
		      WTERMSIG(st) == SIGPIPE ? " (SIGPIPE)" : "");
	if (WEXITSTATUS(st))
		FAILF("exit %d: %s", WEXITSTATUS(st),
		      WEXITSTATUS(st) == 11 ? "not -EPIPE on a closed peer" :
		      WEXITSTATUS(st) == 12 ? "not -EPIPE when the peer closed midway" : "setup");
	return true;
}

/* ---- addresses ---------------------------------------------------------------- */

/* A small migration from a source that connects to addr, accepted on lfd. */
static bool migrate_over(struct t *t, const char *addr, int lfd)
{
	uint64_t np;
	static const struct run runs[] = { { 20, 'D' }, { 30, 'Z' }, { 1, 'L' }, { 13, 'D' } };
	uint8_t *ram = ram_from_runs(runs, 4, &np);
	struct src s = { .addr = addr, .ram = ram, .npages = np, .send_zero = true,
			 .flags = MIG_END_PAUSED };
	bool ok = migrate(t, &s, -1, lfd, 0xa5);
	free(ram);
	return ok;
}

static bool t_unix(struct t *t)
{
	char addr[512];
	if ((size_t)snprintf(addr, sizeof(addr), "unix:%s/mig.sock", t->dir) >= 108)
		FAILF("temp dir `%s` too long for a socket path", t->dir);
	char err[256] = "";
	int lfd = mig_listen(addr, err, sizeof(err));
	OK(lfd, err);
	bool ok = migrate_over(t, addr, lfd);
	close(lfd);
	/* The socket file left behind is stale: a new listener replaces it. */
	if (ok) {
		lfd = mig_listen(addr, err, sizeof(err));
		if (lfd < 0)
			ok = failf(t, "listening again on a stale socket: %d \"%s\"", lfd, err);
		else
			ok = migrate_over(t, addr, lfd);
		if (lfd >= 0)
			close(lfd);
	}
	unlink(addr + 5);
	/* A file that is not a socket (a disk image after a typo) stays. */
	if (ok) {
		FILE *f = fopen(addr + 5, "w");
		if (f) {
			fputs("precious", f);
			fclose(f);
		}
		lfd = mig_listen(addr, err, sizeof(err));
		struct stat st;
		if (lfd >= 0) {
			close(lfd);
			ok = failf(t, "listened over a regular file");
		} else if (lfd != -EEXIST || !strstr(err, "not a socket") || lstat(addr + 5, &st) ||
			   !S_ISREG(st.st_mode)) {
			ok = failf(t, "listen over a regular file: %d \"%s\"", lfd, err);
		}
		unlink(addr + 5);
	}
	/* Nobody listens any more. */
	if (ok) {
		int fd = mig_connect(addr, err, sizeof(err));
		if (fd >= 0) {
			close(fd);
			ok = failf(t, "connected to a removed socket");
		} else if (fd != -ENOENT || !strstr(err, "connect to")) {
			ok = failf(t, "connect to a removed socket: %d \"%s\"", fd, err);
		}
	}
	return ok;
}

/* Listens on a random free high port: HOST is "127.0.0.1" or "" (any). */
static int tcp_listen(struct t *t, const char *host, unsigned *port)
{
	char addr[64], err[256] = "";
	unsigned seed = (unsigned)getpid() * 2654435761u ^ (unsigned)time(NULL);
	for (int i = 0; i < 30; i++) {
		*port = 20000 + (seed = seed * 1103515245u + 12345u) % 40000;
		snprintf(addr, sizeof(addr), "tcp:%s:%u", host, *port);
		int fd = mig_listen(addr, err, sizeof(err));
		if (fd >= 0)
			return fd;
		if (fd != -EADDRINUSE) {
			failf(t, "%s: %d \"%s\"", addr, fd, err);
			return -1;
		}
	}
	failf(t, "no free port after 30 tries: \"%s\"", err);
	return -1;
}

static bool t_tcp(struct t *t)
{
	unsigned port;
	int lfd = tcp_listen(t, "127.0.0.1", &port);
	if (lfd < 0)
		return false;
	char addr[64];
	snprintf(addr, sizeof(addr), "tcp:127.0.0.1:%u", port);
	bool ok = migrate_over(t, addr, lfd);
	close(lfd);
	/* Nobody listens there now (unless another process took the port). */
	if (ok) {
		char err[256] = "";
		int fd = mig_connect(addr, err, sizeof(err));
		if (fd >= 0)
			close(fd);
		else if (!strstr(err, "connect to"))
			ok = failf(t, "connect to a closed port: %d \"%s\"", fd, err);
	}
	return ok;
}

/* An empty host listens on any address; the source comes by name. */
static bool t_tcp_any_host(struct t *t)
{
	unsigned port;
	int lfd = tcp_listen(t, "", &port);
	if (lfd < 0)
		return false;
	char addr[64];
	snprintf(addr, sizeof(addr), "tcp:localhost:%u", port);
	bool ok = migrate_over(t, addr, lfd);
	close(lfd);
	return ok;
}

static bool t_bad_addresses(struct t *t)
{
	static const struct {
		const char *addr, *word;
	} bad[] = {
		{ "", "unix:PATH or tcp:HOST:PORT" },
		{ "ftp:host:21", "unix:PATH or tcp:HOST:PORT" },
		{ "unix", "unix:PATH or tcp:HOST:PORT" },
		{ "/tmp/mig.sock", "unix:PATH or tcp:HOST:PORT" },
		{ "127.0.0.1:4444", "unix:PATH or tcp:HOST:PORT" },
		{ "UNIX:/tmp/x", "unix:PATH or tcp:HOST:PORT" },
		{ "unix:", "empty or too long" },
		{ "tcp:127.0.0.1", "not HOST:PORT" },
		{ "tcp:127.0.0.1:", "not HOST:PORT" },
		{ "tcp:", "not HOST:PORT" },
		{ "tcp:localhost", "not HOST:PORT" },
		{ "tcp:127.0.0.1:no-such-service-here", "tcp address" },
	};
	char err[256];
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		for (int listening = 0; listening < 2; listening++) {
			strcpy(err, "");
			int fd = listening ? mig_listen(bad[i].addr, err, sizeof(err)) :
					     mig_connect(bad[i].addr, err, sizeof(err));
			if (fd >= 0)
				close(fd);
			if (fd != -EINVAL || !strstr(err, bad[i].word))
				FAILF("%s `%s`: %d \"%s\" (want -EINVAL, \"%s\")",
				      listening ? "listen" : "connect", bad[i].addr, fd, err,
				      bad[i].word);
		}
	}
	return true;
}

static bool t_unix_too_long(struct t *t)
{
	char addr[300] = "unix:";
	/* 107 bytes fit sun_path with its NUL; 108 do not. */
	memset(addr + 5, 'a', 108);
	addr[5 + 108] = 0;
	char err[1024];   /* the message quotes the path before "too long" */
	CHECK_ERR(mig_listen(addr, err, sizeof(err)), -EINVAL, err, "too long");
	CHECK_ERR(mig_connect(addr, err, sizeof(err)), -EINVAL, err, "too long");
	memset(addr + 5, 'b', 250);
	addr[5 + 250] = 0;
	CHECK_ERR(mig_connect(addr, err, sizeof(err)), -EINVAL, err, "too long");
	/* The longest that fits is taken as a path (and is not there). */
	addr[5 + 107] = 0;
	int fd = mig_connect(addr, err, sizeof(err));
	if (fd >= 0)
		close(fd);
	CHECK_ERR(fd, -ENOENT, err, "connect to");
	return true;
}

static bool t_accept_errors(struct t *t)
{
	char err[256];
	CHECK_ERR(mig_accept(-1, err, sizeof(err)), -EBADF, err, "accept");
	int sv[2];
	if (!pair(t, sv))
		return false;
	CHECK_ERR(mig_accept(sv[0], err, sizeof(err)), -EINVAL, err, "accept");
	close(sv[0]);
	close(sv[1]);
	return true;
}

/* ---- the table ---------------------------------------------------------------- */

struct test_case {
	const char *name;
	bool (*fn)(struct t *t);
	const struct stream_case *sc;
};

static const struct test_case fn_cases[] = {
	{ "page_is_zero", t_page_is_zero, NULL },
	{ "send_range.split", t_send_range_split, NULL },
	{ "send_range.subrange", t_send_range_subrange, NULL },
	{ "send_range.exact_runs", t_send_range_exact_runs, NULL },
	{ "roundtrip.zero", t_roundtrip_zero, NULL },
	{ "roundtrip.zero_paused", t_roundtrip_zero_paused, NULL },
	{ "roundtrip.sparse", t_roundtrip_sparse, NULL },
	{ "roundtrip.sparse_paused", t_roundtrip_sparse_paused, NULL },
	{ "reply.ok", t_reply_ok, NULL },
	{ "reply.negative", t_reply_negative, NULL },
	{ "reply.bad_status", t_reply_bad_status, NULL },
	{ "reply.bad_magic", t_reply_bad_magic, NULL },
	{ "reply.closed", t_reply_closed, NULL },
	{ "reply.timeout", t_reply_timeout, NULL },
	{ "reply.long_message", t_reply_long_message, NULL },
	{ "io.read_eof", t_read_eof, NULL },
	{ "io.pipe_whole", t_pipe_whole, NULL },
	{ "io.write_epipe", t_write_epipe, NULL },
	{ "addr.unix", t_unix, NULL },
	{ "addr.tcp", t_tcp, NULL },
	{ "addr.tcp_any_host", t_tcp_any_host, NULL },
	{ "addr.bad", t_bad_addresses, NULL },
	{ "addr.unix_too_long", t_unix_too_long, NULL },
	{ "addr.accept_errors", t_accept_errors, NULL },
};

/* Runs one case in a child: its verdict, detail and any crash or hang come
 * back through a pipe and its exit status. */
static bool run_case(const char *name, const struct test_case *c, const char *dir)
{
	int p[2];
	if (pipe2(p, O_CLOEXEC))
		abort();
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0)
		abort();
	if (pid == 0) {
		close(p[0]);
		alarm(CASE_SECS);
		struct t t = { .detail = "" };
		snprintf(t.dir, sizeof(t.dir), "%s", dir);
		bool ok = c->sc ? run_stream_case(&t, c->sc) : c->fn(&t);
		if (!ok && mig_write(p[1], t.detail, strlen(t.detail) + 1))
			_exit(3);
		close(p[1]);
		exit(ok ? 0 : CASE_FAILED);   /* exit(): LeakSanitizer checks at exit */
	}
	close(p[1]);
	char detail[1100] = "";
	size_t got = 0;
	for (ssize_t n; got < sizeof(detail) - 1 &&
			(n = read(p[0], detail + got, sizeof(detail) - 1 - got)) != 0;) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			break;
		got += (size_t)n;
	}
	detail[got] = 0;
	close(p[0]);
	int st;
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			abort();
	if (WIFEXITED(st) && WEXITSTATUS(st) == 0) {
		printf("PASS stream.%s\n", name);
		return true;
	}
	if (WIFSIGNALED(st))
		printf("FAIL stream.%s (%s)\n", name, WTERMSIG(st) == SIGALRM ? "timed out" :
		       strsignal(WTERMSIG(st)));
	else if (WEXITSTATUS(st) == CASE_FAILED)
		printf("FAIL stream.%s (%s)\n", name, detail);
	else
		printf("FAIL stream.%s (exit %d: a sanitizer report on stderr)\n", name,
		       WEXITSTATUS(st));
	return false;
}

static void rm_dir(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return;
	char path[512];
	for (struct dirent *e; (e = readdir(d));) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		unlink(path);
	}
	closedir(d);
	rmdir(dir);
}

int main(int argc, char **argv)
{
	const char *only = argc > 1 ? argv[1] : NULL;
	const char *tmp = getenv("TMPDIR");
	char dir[256];
	snprintf(dir, sizeof(dir), "%s/stream.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir)) {
		fprintf(stderr, "mkdtemp %s: %s\n", dir, strerror(errno));
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	unsigned run = 0, failed = 0;
	for (size_t i = 0; i < sizeof(fn_cases) / sizeof(fn_cases[0]); i++) {
		if (only && !strstr(fn_cases[i].name, only))
			continue;
		run++;
		failed += !run_case(fn_cases[i].name, &fn_cases[i], dir);
	}
	for (size_t i = 0; i < sizeof(stream_cases) / sizeof(stream_cases[0]); i++) {
		const struct stream_case *sc = &stream_cases[i];
		if (only && !strstr(sc->name, only))
			continue;
		struct test_case c = { sc->name, NULL, sc };
		run++;
		failed += !run_case(sc->name, &c, dir);
	}
	rm_dir(dir);
	fprintf(stderr, "stream_test: %u cases, %u failed\n", run, failed);
	return failed || !run ? 1 : 0;
}
