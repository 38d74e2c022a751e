// SPDX-License-Identifier: MIT
/* Unit tests of a snapshot's files (vmm/snapshot/file.c: the state file,
 * the memory file, roll forward, rebase) and of the machine configuration
 * it carries as JSON (vmm/snapshot/config.c).  Built with ASan+UBSan; the
 * files go to a fresh directory under $TMPDIR (or /tmp), removed at the end.
 * The state file's layout is written here independently of file.c (an
 * encoder of its own, CRCs with zlib), so a change of the format shows.
 * Prints "PASS snapshot_file.NAME" or "FAIL snapshot_file.NAME (detail)"
 * per case; exits 1 when any failed.
 *
 *   file_test [NAME-SUBSTRING]      run all (or matching) cases */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <json-c/json.h>
#include <zlib.h>

#include "vmm/snapshot/config.h"
#include "vmm/snapshot/file.h"

#define PG 4096u

static char detail[1024];
static char dir[256];

static void set_detail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void set_detail(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(detail, sizeof(detail), fmt, ap);
	va_end(ap);
}
#define FAILF(...) do { set_detail(__VA_ARGS__); return false; } while (0)
#define CHECK(c) do { if (!(c)) FAILF("line %d: %s", __LINE__, #c); } while (0)
#define CHECK_EQ(a, b) do { \
	unsigned long long a_ = (unsigned long long)(a), b_ = (unsigned long long)(b); \
	if (a_ != b_) FAILF("line %d: %s = %#llx, want %#llx", __LINE__, #a, a_, b_); } while (0)
/* rc is want and err holds sub. */
#define CHECK_ERR(rc, want, err, sub) do { int rc_ = (rc); \
	if (rc_ != (want) || !strstr((err), (sub))) \
		FAILF("line %d: rc %d (want %d), err \"%s\" (want \"%s\" in it)", __LINE__, rc_, \
		      (int)(want), (err), (sub)); } while (0)
#define OK(rc, err) do { int rc_ = (rc); \
	if (rc_ < 0) FAILF("line %d: %s: %d \"%s\"", __LINE__, #rc, rc_, (err)); } while (0)

/* ---- files ---------------------------------------------------------------- */

static char *path(char *buf, const char *name)
{
	if ((size_t)snprintf(buf, 512, "%s/%s", dir, name) >= 512)
		abort();
	return buf;
}
#define PATH(var, name) char var[512]; path(var, name)

static bool exists(const char *p)
{
	struct stat st;
	return lstat(p, &st) == 0;
}

static uint8_t *slurp(const char *p, size_t *len)
{
	int fd = open(p, O_RDONLY);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) < 0) {
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	size_t n = (size_t)st.st_size;
	uint8_t *b = malloc(n ? n : 1);
	if (b && pread(fd, b, n, 0) != (ssize_t)n) {
		free(b);
		b = NULL;
	}
	close(fd);
	*len = n;
	return b;
}

static bool spit(const char *p, const void *b, size_t n)
{
	int fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0)
		return false;
	bool ok = n == 0 || write(fd, b, n) == (ssize_t)n;
	return close(fd) == 0 && ok;
}

static int rm_one(const char *p, const struct stat *st, int type, struct FTW *f)
{
	(void)st, (void)type, (void)f;
	return remove(p);
}

/* ---- the state file's layout, independently of file.c --------------------- */

enum { H_VERSION = 8, H_HSIZE = 12, H_BODY_SIZE = 16, H_BODY_CRC = 24, H_FLAGS = 28,
       H_MEM_SIZE = 32, H_MEM_ID = 40, H_CRC = 48, H_SIZE = 64 };
/* The memory file's footer, at mem_size. */
enum { F_VERSION = 8, F_FLAGS = 12, F_MEM_SIZE = 16, F_MEM_ID = 24, F_PARENT = 32, F_CRC = 40 };

static uint32_t zcrc(const void *p, size_t n)
{
	return (uint32_t)crc32(crc32(0, Z_NULL, 0), p, (uInt)n);
}

static void put32(uint8_t *b, size_t off, uint32_t v) { memcpy(b + off, &v, 4); }
static void put64(uint8_t *b, size_t off, uint64_t v) { memcpy(b + off, &v, 8); }
static uint32_t get32(const uint8_t *b, size_t off) { uint32_t v; memcpy(&v, b + off, 4); return v; }
static uint64_t get64(const uint8_t *b, size_t off) { uint64_t v; memcpy(&v, b + off, 8); return v; }

static void seal_header(uint8_t *f)
{
	put32(f, H_CRC, zcrc(f, H_CRC));
}

/* body_size and both CRCs made right for f[0..len). */
static void reseal(uint8_t *f, size_t len)
{
	put64(f, H_BODY_SIZE, len - H_SIZE);
	put32(f, H_BODY_CRC, zcrc(f + H_SIZE, len - H_SIZE));
	seal_header(f);
}

/* A state file of body[0..blen) (malloc'd, exactly *len bytes). */
static uint8_t *image(const void *body, size_t blen, const struct snap_info *info, size_t *len)
{
	uint8_t *f = calloc(1, H_SIZE + blen);
	if (!f)
		abort();
	memcpy(f, "RVKVMSNP", 8);
	put32(f, H_VERSION, 1);
	put32(f, H_HSIZE, H_SIZE);
	put32(f, H_FLAGS, info->flags);
	put64(f, H_MEM_SIZE, info->mem_size);
	put64(f, H_MEM_ID, info->mem_id);
	if (blen)
		memcpy(f + H_SIZE, body, blen);
	*len = H_SIZE + blen;
	reseal(f, *len);
	return f;
}

/* A section header at b + off; returns the offset past it. */
static size_t sect(uint8_t *b, size_t off, uint32_t tag, uint16_t inst, uint16_t ver, uint64_t len)
{
	memcpy(b + off, &tag, 4);
	memcpy(b + off + 4, &inst, 2);
	memcpy(b + off + 6, &ver, 2);
	memcpy(b + off + 8, &len, 8);
	return off + 16;
}

/* ---- the state file --------------------------------------------------------- */

struct sec {
	uint32_t tag;
	uint16_t inst, ver;
	size_t len;
};

static const struct sec secs[] = {
	{ SNAP_CONFIG, 0, 1, 37 },
	{ SNAP_VCPU, 0, 3, 100 },
	{ SNAP_VCPU, 1, 3, 100 },
	{ SNAP_VCPU, 2, 3, 0 },
	{ SNAP_IRQCHIP, 0, 7, 5000 },        /* past the writer's first 4 KiB */
	{ SNAP_UART, 0, 1, 1 },
	{ SNAP_RTC, 9, 2, 70001 },           /* several doublings */
	{ SNAP_VIRTIO, 7, 65535, 13 },
	{ 0xdeadbeef, 65535, 0, 0 },
};
#define NSECS (sizeof(secs) / sizeof(secs[0]))

static uint8_t pay(const struct sec *s, size_t i)
{
	return (uint8_t)(i * 13 + s->tag * 3 + s->inst * 7 + s->ver);
}

static uint8_t *payload(const struct sec *s)
{
	uint8_t *p = malloc(s->len ? s->len : 1);
	if (!p)
		abort();
	for (size_t i = 0; i < s->len; i++)
		p[i] = pay(s, i);
	return p;
}

static const struct snap_info state_info = { 0xa5000001u, 256u << 20, 0x0123456789abcdefULL };

static void put_all(struct snap_writer *w)
{
	for (size_t i = 0; i < NSECS; i++) {
		uint8_t *p = payload(&secs[i]);
		snap_put(w, secs[i].tag, secs[i].inst, secs[i].ver, secs[i].len ? p : NULL,
			 secs[i].len);
		free(p);
	}
}

/* Every section of secs in r, with its version, length and bytes, inside
 * r's data; absent ones NULL. */
static bool check_sections(const struct snap_reader *r)
{
	size_t total = H_SIZE;
	for (size_t i = 0; i < NSECS; i++) {
		const struct sec *s = &secs[i];
		uint16_t ver = 0xffff;
		size_t len = 12345;
		const uint8_t *p = snap_get(r, s->tag, s->inst, &ver, &len);
		if (!p)
			FAILF("section %#x/%u not found", s->tag, s->inst);
		CHECK_EQ(ver, s->ver);
		CHECK_EQ(len, s->len);
		CHECK(p >= r->data + H_SIZE && p + len <= r->data + r->len);
		for (size_t k = 0; k < len; k++)
			if (p[k] != pay(s, k))
				FAILF("section %#x/%u: byte %zu is %#x, want %#x", s->tag, s->inst, k,
				      p[k], pay(s, k));
		total += 16 + s->len;
	}
	CHECK_EQ(r->len, total);
	uint16_t ver;
	size_t len;
	CHECK(!snap_get(r, SNAP_VCPU, 3, &ver, &len));
	CHECK(!snap_get(r, SNAP_RTC, 0, &ver, &len));
	CHECK(!snap_get(r, SNAP_VIRTIO, 0, &ver, &len));
	CHECK(!snap_get(r, 0xdeadbeef, 0, &ver, &len));
	CHECK(!snap_get(r, 0, 0, &ver, &len));
	CHECK(!snap_get(r, SNAP_UART, 1, &ver, &len));
	return true;
}

static bool t_state_round_trip(void)
{
	PATH(p, "state");
	char tmp[600], err[512] = "";
	snprintf(tmp, sizeof(tmp), "%s.tmp.%d", p, (int)getpid());
	/* An older file at the path is replaced. */
	CHECK(spit(p, "old", 3));
	struct snap_writer w;
	snap_writer_init(&w);
	put_all(&w);
	CHECK_EQ(w.err, 0);
	OK(snap_write_state(&w, p, &state_info, err, sizeof(err)), err);
	snap_writer_free(&w);
	CHECK(!w.buf && !w.len);
	CHECK(!exists(tmp));
	struct snap_reader r;
	OK(snap_read_state(&r, p, err, sizeof(err)), err);
	CHECK(r.owned && r.data == r.owned);
	CHECK_EQ(r.info.flags, state_info.flags);
	CHECK_EQ(r.info.mem_size, state_info.mem_size);
	CHECK_EQ(r.info.mem_id, state_info.mem_id);
	bool ok = check_sections(&r);
	snap_reader_free(&r);
	if (!ok)
		return false;
	CHECK(!r.data && !r.owned && !r.len);
	uint16_t ver;
	size_t len;
	CHECK(!snap_get(&r, SNAP_CONFIG, 0, &ver, &len));   /* a freed reader */
	return true;
}

/* snap_write_state's bytes are those of the format as written down here. */
static bool t_state_layout(void)
{
	PATH(p, "layout");
	char err[512] = "";
	struct snap_writer w;
	snap_writer_init(&w);
	put_all(&w);
	OK(snap_write_state(&w, p, &state_info, err, sizeof(err)), err);
	size_t blen = 0;
	for (size_t i = 0; i < NSECS; i++)
		blen += 16 + secs[i].len;
	uint8_t *body = malloc(blen);
	size_t off = 0;
	for (size_t i = 0; i < NSECS; i++) {
		off = sect(body, off, secs[i].tag, secs[i].inst, secs[i].ver, secs[i].len);
		for (size_t k = 0; k < secs[i].len; k++)
			body[off++] = pay(&secs[i], k);
	}
	size_t ilen, flen = 0;
	uint8_t *want = image(body, blen, &state_info, &ilen);
	uint8_t *got = slurp(p, &flen);
	free(body);
	bool same_len = got && flen == ilen;
	/* The padding after the header CRC (bytes 52..63) is not part of it. */
	int hdr = same_len ? memcmp(got, want, 52) : 1;
	int bdy = same_len ? memcmp(got + H_SIZE, want + H_SIZE, ilen - H_SIZE) : 1;
	uint32_t gcrc = got && flen >= H_SIZE ? get32(got, H_CRC) : 0;
	uint32_t wcrc = get32(want, H_CRC);
	free(want);
	free(got);
	snap_writer_free(&w);
	CHECK_EQ(flen, ilen);
	CHECK_EQ(gcrc, wcrc);
	CHECK(hdr == 0);
	CHECK(bdy == 0);
	return true;
}

static bool t_state_empty_body(void)
{
	PATH(p, "empty-body");
	char err[512] = "";
	struct snap_writer w;
	snap_writer_init(&w);
	const struct snap_info info = { 0, 1u << 20, 1 };
	OK(snap_write_state(&w, p, &info, err, sizeof(err)), err);
	snap_writer_free(&w);
	struct snap_reader r;
	OK(snap_read_state(&r, p, err, sizeof(err)), err);
	uint16_t ver;
	size_t len;
	CHECK_EQ(r.len, H_SIZE);
	CHECK(!snap_get(&r, SNAP_CONFIG, 0, &ver, &len));
	CHECK_EQ(r.info.mem_id, 1);
	snap_reader_free(&r);
	return true;
}

/* A writer that ran out of memory writes nothing; nor does a bad path. */
static bool t_state_write_errors(void)
{
	PATH(p, "oom");
	char err[512] = "";
	struct snap_writer w;
	snap_writer_init(&w);
	snap_put(&w, SNAP_UART, 0, 1, "abc", 3);
	w.err = -ENOMEM;
	size_t len = w.len;
	snap_put(&w, SNAP_UART, 1, 1, "abc", 3);
	CHECK_EQ(w.len, len);
	CHECK_ERR(snap_write_state(&w, p, &state_info, err, sizeof(err)), -ENOMEM, err,
		  "out of memory");
	CHECK(!exists(p));
	w.err = 0;
	PATH(q, "no-such-dir/state");
	CHECK_ERR(snap_write_state(&w, q, &state_info, err, sizeof(err)), -ENOENT, err,
		  "cannot create");
	snap_writer_free(&w);
	return true;
}

/* snap_parse of a buffer (an exact-size heap copy: ASan sees over-reads)
 * finds what snap_read_state finds in the same bytes as a file. */
static bool t_state_parse_memory(void)
{
	struct snap_writer w;
	snap_writer_init(&w);
	put_all(&w);
	size_t len;
	uint8_t *img = image(w.buf, w.len, &state_info, &len);
	snap_writer_free(&w);
	struct snap_reader r = { 0 };
	char err[512] = "";
	int rc = snap_parse(&r, img, len, err, sizeof(err));
	if (rc) {
		free(img);
		FAILF("snap_parse: %d %s", rc, err);
	}
	bool ok = r.data == img && !r.owned && r.len == len &&
		  r.info.flags == state_info.flags && r.info.mem_size == state_info.mem_size &&
		  r.info.mem_id == state_info.mem_id && check_sections(&r);
	snap_reader_free(&r);   /* must not free img */
	PATH(p, "parsed");
	ok = ok && spit(p, img, len);
	free(img);
	if (!ok && !detail[0])
		FAILF("parsed reader or file write wrong");
	if (!ok)
		return false;
	struct snap_reader f;
	OK(snap_read_state(&f, p, err, sizeof(err)), err);
	ok = check_sections(&f);
	snap_reader_free(&f);
	return ok;
}

/* img refused by snap_read_state (as a file) and snap_parse, with sub in
 * the message. */
static bool refuse(const char *name, uint8_t *img, size_t len, const char *sub)
{
	PATH(p, name);
	bool wrote = spit(p, img, len);
	uint8_t *copy = malloc(len ? len : 1);
	memcpy(copy, img, len);
	free(img);
	struct snap_reader pr = { 0 };
	char perr[512] = "";
	int prc = snap_parse(&pr, copy, len, perr, sizeof(perr));
	free(copy);
	CHECK(wrote);
	CHECK_ERR(prc, -EINVAL, perr, sub);
	CHECK(!pr.data);
	struct snap_reader r;
	memset(&r, 0x5a, sizeof(r));
	char err[1024] = "";
	CHECK_ERR(snap_read_state(&r, p, err, sizeof(err)), -EINVAL, err, sub);
	CHECK(strstr(err, p));
	CHECK(!r.data && !r.owned);
	snap_reader_free(&r);
	unlink(p);
	return true;
}

static uint8_t *good(size_t *len)
{
	struct snap_writer w;
	snap_writer_init(&w);
	put_all(&w);
	uint8_t *img = image(w.buf, w.len, &state_info, len);
	snap_writer_free(&w);
	return img;
}

static bool t_state_refuse_empty(void)
{
	return refuse("r-empty", malloc(1), 0, "0 bytes, shorter than a header");
}

static bool t_state_refuse_short(void)
{
	size_t len;
	uint8_t *img = good(&len);
	return refuse("r-short", img, H_SIZE - 1, "63 bytes, shorter than a header");
}

static bool t_state_refuse_magic(void)
{
	size_t len;
	uint8_t *img = good(&len);
	img[7] = 'Q';
	seal_header(img);
	return refuse("r-magic", img, len, "bad magic");
}

static bool t_state_refuse_header_crc(void)
{
	size_t len;
	uint8_t *img = good(&len);
	img[H_MEM_ID + 3] ^= 0x10;
	return refuse("r-hcrc", img, len, "header is corrupted");
}

static bool t_state_refuse_version(void)
{
	size_t len;
	uint8_t *img = good(&len);
	put32(img, H_VERSION, 2);
	seal_header(img);
	return refuse("r-version", img, len, "format version 2; this rvkvm reads version 1");
}

static bool t_state_refuse_header_size(void)
{
	size_t len;
	uint8_t *img = good(&len);
	put32(img, H_HSIZE, 128);
	seal_header(img);
	return refuse("r-hsize", img, len, "bad snapshot header size 128");
}

static bool t_state_refuse_truncated(void)
{
	size_t len;
	uint8_t *img = good(&len);
	char sub[128];
	snprintf(sub, sizeof(sub), "truncated or has trailing data (%zu body bytes, the header "
		 "says %zu)", len - H_SIZE - 3, len - H_SIZE);
	return refuse("r-trunc", img, len - 3, sub);
}

static bool t_state_refuse_trailing(void)
{
	size_t len;
	uint8_t *img = good(&len);
	img = realloc(img, len + 5);
	memset(img + len, 0, 5);
	return refuse("r-trail", img, len + 5, "truncated or has trailing data");
}

static bool t_state_refuse_body_size_huge(void)
{
	size_t len;
	uint8_t *img = good(&len);
	put64(img, H_BODY_SIZE, UINT64_MAX);
	seal_header(img);
	return refuse("r-bhuge", img, len, "truncated or has trailing data");
}

static bool t_state_refuse_body_crc(void)
{
	size_t len;
	uint8_t *img = good(&len);
	img[len / 2] ^= 1;
	return refuse("r-bcrc", img, len, "the snapshot is corrupted (CRC mismatch)");
}

/* A second section claiming more than the body holds, both CRCs right. */
static bool t_state_refuse_section_overrun(void)
{
	uint8_t body[16 + 8 + 16 + 10] = { 0 };
	size_t off = sect(body, 0, SNAP_UART, 0, 1, 8) + 8;
	sect(body, off, SNAP_RTC, 0, 1, 11);
	size_t len;
	uint8_t *img = image(body, sizeof(body), &state_info, &len);
	return refuse("r-overrun", img, len, "section 5 overruns");
}

/* A length that wraps an `off + len` sum. */
static bool t_state_refuse_section_len_wrap(void)
{
	uint8_t body[16 + 8 + 16 + 16] = { 0 };
	size_t off = sect(body, 0, SNAP_UART, 0, 1, 8) + 8;
	sect(body, off, SNAP_VCPU, 1, 1, UINT64_MAX - 15);
	size_t len;
	uint8_t *img = image(body, sizeof(body), &state_info, &len);
	return refuse("r-wrap", img, len, "section 2 overruns");
}

static bool t_state_refuse_section_cut(void)
{
	uint8_t body[16 + 8 + 9] = { 0 };
	sect(body, 0, SNAP_UART, 0, 1, 8);
	size_t len;
	uint8_t *img = image(body, sizeof(body), &state_info, &len);
	return refuse("r-cut", img, len, "a truncated section header at 24");
}

static bool t_state_refuse_not_a_file(void)
{
	PATH(p, "a-dir");
	CHECK(mkdir(p, 0700) == 0);
	struct snap_reader r;
	char err[1024] = "";
	CHECK_ERR(snap_read_state(&r, p, err, sizeof(err)), -EINVAL, err,
		  "not a snapshot state file");
	PATH(q, "no-such-state");
	CHECK_ERR(snap_read_state(&r, q, err, sizeof(err)), -ENOENT, err, "No such file");
	CHECK(!r.data && !r.owned);
	return true;
}

/* ---- the memory file ---------------------------------------------------------- */

/* Guest RAM of npages (exactly: ASan sees over-reads): page pg filled
 * from seed, except zero pages (pg % 5 == 0 and the last one) and pages
 * 7..9 zero but for one byte (the last, the first, the middle one). */
static uint8_t *make_ram(unsigned npages, unsigned seed)
{
	uint8_t *ram = calloc(npages, PG);
	if (!ram)
		abort();
	for (unsigned pg = 0; pg < npages; pg++) {
		uint8_t *p = ram + (size_t)pg * PG;
		if (pg % 5 == 0 || pg == npages - 1)
			continue;
		if (pg == 7 || pg == 8 || pg == 9) {
			p[pg == 7 ? PG - 1 : pg == 8 ? 0 : PG / 2] = (uint8_t)(0x5a + seed);
			continue;
		}
		for (unsigned i = 0; i < PG; i++)
			p[i] = (uint8_t)(pg * 37 + i * 3 + seed * 101 + 1);
	}
	return ram;
}

static bool page_zero(const uint8_t *p)
{
	for (unsigned i = 0; i < PG; i++)
		if (p[i])
			return false;
	return true;
}

/* fd's pages are want[0..npages) (NULL: all zero), then a footer. */
static bool check_content(int fd, const uint8_t *want, unsigned npages)
{
	size_t size = (size_t)npages * PG;
	uint8_t *got = malloc(size + PG);
	ssize_t k = pread(fd, got, size + PG, 0);
	bool ok = k == (ssize_t)(size + PG);
	unsigned bad = 0;
	for (unsigned pg = 0; ok && pg < npages; pg++) {
		const uint8_t *g = got + (size_t)pg * PG;
		if (want ? memcmp(g, want + (size_t)pg * PG, PG) : !page_zero(g)) {
			ok = false;
			bad = pg;
		}
	}
	bool magic = k == (ssize_t)(size + PG) && !memcmp(got + size, "RVKVMMEM", 8);
	free(got);
	if (k != (ssize_t)(size + PG))
		FAILF("read %zd bytes, want %zu", k, size + PG);
	if (!ok)
		FAILF("page %u differs", bad);
	CHECK(magic);
	return true;
}

/* Pages with data[pg] are data in fd, the others holes (SEEK_DATA; on a
 * file system that reports no holes, fewer blocks than bytes at least). */
static bool check_holes(int fd, const bool *data, unsigned npages)
{
	struct stat st;
	CHECK(fstat(fd, &st) == 0);
	off_t size = (off_t)npages * PG;
	bool any_hole = false;
	for (unsigned pg = 0; pg < npages; pg++)
		any_hole |= !data[pg];
	off_t h = lseek(fd, 0, SEEK_HOLE);
	if (h < 0 || h >= st.st_size) {
		if (any_hole)
			CHECK((off_t)st.st_blocks * 512 < st.st_size);
		return true;
	}
	for (unsigned pg = 0; pg < npages; pg++) {
		off_t off = (off_t)pg * PG, d = lseek(fd, off, SEEK_DATA);
		if (data[pg] && d != off)
			FAILF("page %u is a hole, want data", pg);
		if (!data[pg] && d == off)
			FAILF("page %u is data, want a hole", pg);
	}
	CHECK_EQ(lseek(fd, size, SEEK_DATA), size);   /* the footer */
	return true;
}

/* Write and commit a memory file at p (dirty NULL: a full one). */
static bool mem_file(const char *p, const uint8_t *ram, unsigned npages, const uint64_t *dirty,
		     uint64_t id, uint64_t parent, bool commit)
{
	char tmp[600], want[600], err[1024] = "";
	snprintf(want, sizeof(want), "%s.tmp.%d", p, (int)getpid());
	OK(snap_write_mem(p, ram, (uint64_t)npages * PG, dirty, id, parent, tmp, sizeof(tmp), err,
			  sizeof(err)), err);
	if (strcmp(tmp, want))
		FAILF("temporary file %s, want %s", tmp, want);
	CHECK(exists(tmp));
	if (commit) {
		OK(snap_commit_mem(tmp, p, err, sizeof(err)), err);
		CHECK(!exists(tmp));
		CHECK(exists(p));
	}
	return true;
}

#define NP 64
static const struct snap_info mem_info = { 0, (uint64_t)NP * PG, 0x1111 };

static bool t_mem_round_trip(void)
{
	PATH(p, "mem");
	uint8_t *ram = make_ram(NP, 1);
	bool ok = mem_file(p, ram, NP, NULL, mem_info.mem_id, 0, false);
	CHECK(ok);
	CHECK(!exists(p));   /* not before the commit */
	char tmp[600], err[1024] = "";
	snprintf(tmp, sizeof(tmp), "%s.tmp.%d", p, (int)getpid());
	OK(snap_commit_mem(tmp, p, err, sizeof(err)), err);
	CHECK(!exists(tmp));
	struct stat st;
	CHECK(stat(p, &st) == 0);
	CHECK_EQ(st.st_size, (uint64_t)NP * PG + 4096);
	int fd = snap_open_mem(p, &mem_info, err, sizeof(err));
	OK(fd, err);
	bool data[NP];
	for (unsigned pg = 0; pg < NP; pg++)
		data[pg] = !page_zero(ram + (size_t)pg * PG);
	CHECK(!data[0] && !data[5] && !data[NP - 1] && data[7] && data[8] && data[9] && data[1]);
	ok = check_content(fd, ram, NP) && check_holes(fd, data, NP);
	close(fd);
	free(ram);
	return ok;
}

/* The footer: fields where the format has them, CRC-32 of what precedes. */
static bool t_mem_footer_layout(void)
{
	PATH(p, "mem-layout");
	uint8_t *ram = make_ram(4, 2);
	bool ok = mem_file(p, ram, 4, NULL, 0xfeedface12345678ULL, 99, true);
	free(ram);
	CHECK(ok);
	size_t len;
	uint8_t *f = slurp(p, &len);
	CHECK(f && len == 5 * PG);
	uint8_t *ft = f + 4 * PG;
	uint32_t version = get32(ft, F_VERSION), flags = get32(ft, F_FLAGS);
	uint64_t size = get64(ft, F_MEM_SIZE), id = get64(ft, F_MEM_ID), parent = get64(ft, F_PARENT);
	uint32_t fcrc = get32(ft, F_CRC), want = zcrc(ft, F_CRC);
	bool magic = !memcmp(ft, "RVKVMMEM", 8);
	free(f);
	CHECK(magic);
	CHECK_EQ(version, 1);
	CHECK_EQ(flags, 0);
	CHECK_EQ(size, 4 * PG);
	CHECK_EQ(id, 0xfeedface12345678ULL);
	CHECK_EQ(parent, 0);    /* a full snapshot follows none */
	CHECK_EQ(fcrc, want);
	return true;
}

/* Long runs of data pages (written 256 pages at a time). */
static bool t_mem_long_runs(void)
{
	PATH(p, "mem-long");
	const unsigned n = 700;
	uint8_t *ram = malloc((size_t)n * PG);
	for (size_t i = 0; i < (size_t)n * PG; i++)
		ram[i] = (uint8_t)(i / PG + i % 251 + 1) | 1;
	memset(ram + 300 * PG, 0, PG);
	bool ok = mem_file(p, ram, n, NULL, 5, 0, true);
	const struct snap_info info = { 0, (uint64_t)n * PG, 5 };
	char err[1024] = "";
	int fd = ok ? snap_open_mem(p, &info, err, sizeof(err)) : -1;
	if (ok && fd < 0)
		FAILF("snap_open_mem: %d %s", fd, err);
	ok = ok && check_content(fd, ram, n);
	if (fd >= 0)
		close(fd);
	free(ram);
	return ok;
}

static bool t_mem_unaligned(void)
{
	PATH(p, "mem-unaligned");
	uint8_t *ram = calloc(2, PG);
	char tmp[600] = "", err[1024] = "";
	int rc = snap_write_mem(p, ram, PG + 1, NULL, 1, 0, tmp, sizeof(tmp), err, sizeof(err));
	free(ram);
	CHECK_ERR(rc, -EINVAL, err, "not page-aligned");
	char t[600];
	snprintf(t, sizeof(t), "%s.tmp.%d", p, (int)getpid());
	CHECK(!exists(t) && !exists(p));
	return true;
}

/* A committed memory file for the refusals, and a check that a refusal
 * left it as it was. */
static bool mem_fixture(const char *p, uint8_t **ram)
{
	*ram = make_ram(NP, 3);
	return mem_file(p, *ram, NP, NULL, mem_info.mem_id, 0, true);
}

static bool mem_intact(const char *p, const uint8_t *ram)
{
	char err[1024] = "";
	int fd = snap_open_mem(p, &mem_info, err, sizeof(err));
	OK(fd, err);
	bool ok = check_content(fd, ram, NP);
	close(fd);
	return ok;
}

static bool t_mem_refuse_size(void)
{
	PATH(p, "mem-rsize");
	uint8_t *ram;
	bool ok = mem_fixture(p, &ram);
	char err[1024] = "";
	struct snap_info small = mem_info, big = mem_info;
	small.mem_size -= PG;
	big.mem_size += PG;
	int rs = ok ? snap_open_mem(p, &small, err, sizeof(err)) : 0;
	char err2[1024] = "";
	int rb = ok ? snap_open_mem(p, &big, err2, sizeof(err2)) : 0;
	ok = ok && mem_intact(p, ram);
	free(ram);
	CHECK(ok);
	CHECK_ERR(rs, -EINVAL, err, "not the");
	CHECK_ERR(rb, -EINVAL, err2, "not the");
	return true;
}

static bool t_mem_refuse_id(void)
{
	PATH(p, "mem-rid");
	uint8_t *ram;
	bool ok = mem_fixture(p, &ram);
	char err[1024] = "";
	struct snap_info other = mem_info;
	other.mem_id = 0x2222;
	int rc = ok ? snap_open_mem(p, &other, err, sizeof(err)) : 0;
	ok = ok && mem_intact(p, ram);
	free(ram);
	CHECK(ok);
	CHECK_ERR(rc, -ESTALE, err, "another snapshot");
	return true;
}

static bool t_mem_refuse_footer(void)
{
	PATH(p, "mem-rfooter");
	uint8_t *ram;
	bool ok = mem_fixture(p, &ram);
	free(ram);
	CHECK(ok);
	size_t len;
	uint8_t *f = slurp(p, &len);
	CHECK(f);
	static const size_t flips[] = { 0, F_VERSION, F_MEM_ID + 2, F_PARENT, F_CRC + 1 };
	for (size_t i = 0; i < sizeof(flips) / sizeof(flips[0]); i++) {
		f[NP * PG + flips[i]] ^= 0x40;
		bool w = spit(p, f, len);
		f[NP * PG + flips[i]] ^= 0x40;
		char err[1024] = "";
		int rc = snap_open_mem(p, &mem_info, err, sizeof(err));
		if (rc >= 0)
			close(rc);
		if (!w || rc != -EINVAL || !strstr(err, "not an rvkvm snapshot memory file")) {
			free(f);
			FAILF("footer byte %zu flipped: rc %d, err \"%s\"", flips[i], rc, err);
		}
	}
	free(f);
	return true;
}

/* A footer whose CRC is right but whose version or size is not. */
static bool t_mem_refuse_footer_fields(void)
{
	PATH(p, "mem-rfields");
	uint8_t *ram;
	bool ok = mem_fixture(p, &ram);
	free(ram);
	CHECK(ok);
	size_t len;
	uint8_t *f = slurp(p, &len);
	CHECK(f);
	uint8_t *ft = f + NP * PG;
	put32(ft, F_VERSION, 2);
	put32(ft, F_CRC, zcrc(ft, F_CRC));
	bool w = spit(p, f, len);
	char err[1024] = "";
	int rv = snap_open_mem(p, &mem_info, err, sizeof(err));
	put32(ft, F_VERSION, 1);
	put64(ft, F_MEM_SIZE, NP * PG * 2ULL);
	put32(ft, F_CRC, zcrc(ft, F_CRC));
	w = w && spit(p, f, len);
	char err2[1024] = "";
	int rs = snap_open_mem(p, &mem_info, err2, sizeof(err2));
	free(f);
	CHECK(w);
	CHECK_ERR(rv, -EINVAL, err, "memory file version 2");
	CHECK_ERR(rs, -EINVAL, err2, "does not fit");
	return true;
}

static bool t_mem_refuse_short(void)
{
	PATH(p, "mem-rshort");
	uint8_t *ram;
	bool ok = mem_fixture(p, &ram);
	free(ram);
	CHECK(ok);
	char err[1024] = "";
	CHECK(truncate(p, (off_t)NP * PG) == 0);   /* the footer gone */
	CHECK_ERR(snap_open_mem(p, &mem_info, err, sizeof(err)), -EINVAL, err, "not the");
	CHECK(truncate(p, 0) == 0);
	CHECK_ERR(snap_open_mem(p, &mem_info, err, sizeof(err)), -EINVAL, err, "0 bytes");
	return true;
}

static bool t_mem_refuse_missing(void)
{
	PATH(p, "mem-missing");
	char err[1024] = "";
	CHECK_ERR(snap_open_mem(p, &mem_info, err, sizeof(err)), -ENOENT, err, "No such file");
	PATH(q, "no-such-dir/mem");
	CHECK_ERR(snap_open_mem(q, &mem_info, err, sizeof(err)), -ENOENT, err, "No such file");
	return true;
}

/* A diff: only the dirty pages, zero or not, are data; the rest read as
 * zero; flagged diff, with its parent. */
static bool t_mem_diff(void)
{
	PATH(p, "mem-diff");
	uint8_t *ram = make_ram(NP, 4);
	uint64_t dirty = 0;
	static const unsigned dp[] = { 1, 2, 3, 5 /* zero */, 7, 20, 21, 22, 40, 63 /* zero */ };
	for (size_t i = 0; i < sizeof(dp) / sizeof(dp[0]); i++)
		dirty |= 1ULL << dp[i];
	bool ok = mem_file(p, ram, NP, &dirty, 0x3333, 0x1111, true);
	uint8_t *want = calloc(NP, PG);
	bool data[NP];
	for (unsigned pg = 0; pg < NP; pg++) {
		data[pg] = (dirty >> pg) & 1;
		if (data[pg])
			memcpy(want + (size_t)pg * PG, ram + (size_t)pg * PG, PG);
	}
	free(ram);
	char err[1024] = "", err2[1024] = "";
	const struct snap_info full = { 0, (uint64_t)NP * PG, 0x3333 };
	const struct snap_info diff = { SNAP_F_DIFF, (uint64_t)NP * PG, 0x3333 };
	int rf = ok ? snap_open_mem(p, &full, err, sizeof(err)) : -1;
	if (rf >= 0)
		close(rf);
	int fd = ok ? snap_open_mem(p, &diff, err2, sizeof(err2)) : -1;
	ok = ok && fd >= 0 && check_content(fd, want, NP) && check_holes(fd, data, NP);
	if (fd >= 0)
		close(fd);
	free(want);
	if (!ok && !detail[0])
		FAILF("diff: open %d \"%s\"", fd, err2);
	if (!ok)
		return false;
	CHECK_ERR(rf, -EINVAL, err, "Diff snapshot's memory");
	size_t len;
	uint8_t *f = slurp(p, &len);
	CHECK(f);
	uint32_t flags = get32(f + NP * PG, F_FLAGS);
	uint64_t parent = get64(f + NP * PG, F_PARENT);
	free(f);
	CHECK_EQ(flags, SNAP_F_DIFF);
	CHECK_EQ(parent, 0x1111);
	/* And a full file is not a diff. */
	PATH(q, "mem-full");
	uint8_t *r2 = make_ram(NP, 5);
	ok = mem_file(q, r2, NP, NULL, 0x3333, 0x1111, true);
	free(r2);
	CHECK(ok);
	CHECK_ERR(snap_open_mem(q, &diff, err, sizeof(err)), -EINVAL, err, "disagree");
	return true;
}

/* ---- roll forward ---------------------------------------------------------------- */

static bool content_is(const char *p, const struct snap_info *info, const uint8_t *ram,
		       unsigned npages)
{
	char err[1024] = "";
	int fd = snap_open_mem(p, info, err, sizeof(err));
	OK(fd, err);
	bool ok = check_content(fd, ram, npages);
	close(fd);
	return ok;
}

/* A save killed between committing the state (id 2) and the memory. */
static bool t_roll_forward(void)
{
	PATH(p, "rf");
	char tmp[600], err[1024] = "";
	snprintf(tmp, sizeof(tmp), "%s.tmp.%d", p, (int)getpid());
	uint8_t *a = make_ram(NP, 6), *b = make_ram(NP, 7);
	bool ok = mem_file(p, a, NP, NULL, 1, 0, true) && mem_file(p, b, NP, NULL, 2, 0, false);
	const struct snap_info i1 = { 0, NP * PG, 1 }, i2 = { 0, NP * PG, 2 }, i3 = { 0, NP * PG, 3 };
	int fd = ok ? snap_open_mem(p, &i2, err, sizeof(err)) : -1;
	if (ok && fd < 0) {
		free(a), free(b);
		FAILF("snap_open_mem(id 2): %d \"%s\"", fd, err);
	}
	ok = ok && check_content(fd, b, NP);
	if (fd >= 0)
		close(fd);
	ok = ok && content_is(p, &i2, b, NP);   /* PATH itself now */
	free(a);
	free(b);
	CHECK(ok);
	CHECK(!exists(tmp));
	CHECK_ERR(snap_open_mem(p, &i1, err, sizeof(err)), -ESTALE, err, "another snapshot");
	CHECK_ERR(snap_open_mem(p, &i3, err, sizeof(err)), -ESTALE, err, "another snapshot");
	CHECK(exists(p));
	return true;
}

/* Killed after committing the state of the very first save: no memory
 * file at PATH yet, the new one under its temporary name. */
static bool t_roll_forward_missing(void)
{
	PATH(p, "rf-missing");
	uint8_t *b = make_ram(NP, 8);
	bool ok = mem_file(p, b, NP, NULL, 2, 0, false);
	const struct snap_info i2 = { 0, NP * PG, 2 };
	ok = ok && content_is(p, &i2, b, NP);
	free(b);
	CHECK(ok);
	char tmp[600];
	snprintf(tmp, sizeof(tmp), "%s.tmp.%d", p, (int)getpid());
	CHECK(!exists(tmp));
	return true;
}

/* Only PATH.tmp.* files with the wanted id, size and footer are taken. */
static bool t_roll_forward_others(void)
{
	PATH(p, "rfo");
	PATH(other, "rfo-other");      /* another path's temporary file with id 2 */
	PATH(junk, "rfo.tmp.999999");  /* a broken one */
	PATH(wrong, "rfo.tmp.4");      /* id 4 */
	PATH(oth_tmp, "rfo-other.tmp.7");
	uint8_t *a = make_ram(NP, 9), *b = make_ram(NP, 10);
	char err[1024] = "", t[600];
	bool ok = mem_file(p, a, NP, NULL, 1, 0, true) && mem_file(other, b, NP, NULL, 2, 0, false);
	snprintf(t, sizeof(t), "%s.tmp.%d", other, (int)getpid());
	ok = ok && rename(t, oth_tmp) == 0 && spit(junk, "RVKVMMEM", 8) &&
	     mem_file(p, b, NP, NULL, 4, 0, false);
	snprintf(t, sizeof(t), "%s.tmp.%d", p, (int)getpid());
	ok = ok && rename(t, wrong) == 0;
	const struct snap_info i1 = { 0, NP * PG, 1 }, i2 = { 0, NP * PG, 2 };
	int rc = ok ? snap_open_mem(p, &i2, err, sizeof(err)) : 0;
	if (rc >= 0)
		close(rc);
	ok = ok && content_is(p, &i1, a, NP);
	free(a);
	free(b);
	CHECK(ok);
	CHECK_ERR(rc, -ESTALE, err, "another snapshot");
	CHECK(exists(junk) && exists(wrong) && exists(oth_tmp));
	return true;
}

/* The new snapshot's memory has another size than the old one's (a VM
 * with more memory saved to the same paths). */
static bool t_roll_forward_resized(void)
{
	PATH(p, "rf-resized");
	uint8_t *a = make_ram(NP, 11), *b = make_ram(NP / 2, 12);
	bool ok = mem_file(p, a, NP, NULL, 1, 0, true) && mem_file(p, b, NP / 2, NULL, 2, 0, false);
	const struct snap_info i2 = { 0, NP / 2 * PG, 2 };
	char err[1024] = "";
	int fd = ok ? snap_open_mem(p, &i2, err, sizeof(err)) : -1;
	if (ok && fd < 0) {
		free(a), free(b);
		FAILF("the new memory file was not rolled forward: %d \"%s\"", fd, err);
	}
	ok = ok && check_content(fd, b, NP / 2);
	if (fd >= 0)
		close(fd);
	free(a);
	free(b);
	return ok;
}

/* The new snapshot is a diff, the old memory file a full one. */
static bool t_roll_forward_diff(void)
{
	PATH(p, "rf-diff");
	uint8_t *a = make_ram(NP, 13), *b = make_ram(NP, 14);
	uint64_t dirty = ~0ULL;
	bool ok = mem_file(p, a, NP, NULL, 1, 0, true) && mem_file(p, b, NP, &dirty, 2, 1, false);
	const struct snap_info i2 = { SNAP_F_DIFF, NP * PG, 2 };
	char err[1024] = "";
	int fd = ok ? snap_open_mem(p, &i2, err, sizeof(err)) : -1;
	if (ok && fd < 0) {
		free(a), free(b);
		FAILF("the new memory file was not rolled forward: %d \"%s\"", fd, err);
	}
	ok = ok && check_content(fd, b, NP);
	if (fd >= 0)
		close(fd);
	free(a);
	free(b);
	return ok;
}

static bool t_remove_stale(void)
{
	PATH(p, "rs");
	pid_t child = fork();
	if (child == 0)
		_exit(0);
	CHECK(child > 0 && waitpid(child, NULL, 0) == child);
	char dead[512], own[512], t[600];
	snprintf(t, sizeof(t), "rs.tmp.%d", (int)child);
	path(dead, t);
	snprintf(t, sizeof(t), "rs.tmp.%d", (int)getpid());
	path(own, t);
	PATH(word, "rs.tmp.abc");
	PATH(other, "rsx.tmp.1");
	snprintf(t, sizeof(t), "rsx.tmp.%d", (int)child);
	char other_dead[512];
	path(other_dead, t);
	CHECK(spit(p, "m", 1) && spit(dead, "d", 1) && spit(own, "o", 1) && spit(word, "w", 1) &&
	      spit(other, "x", 1) && spit(other_dead, "x", 1));
	snap_remove_stale(p);
	CHECK(!exists(dead));
	CHECK(exists(p) && exists(own) && exists(word) && exists(other) && exists(other_dead));
	return true;
}

/* ---- rebase ------------------------------------------------------------------------ */

/* base: a full file id 1; diff: pages of b changed from a (one zeroed, one
 * dirty but the same), id 2 following 1.  b is the whole RAM at the diff. */
static bool rebase_fixture(const char *base, const char *diff, uint8_t **a, uint8_t **b,
			   uint64_t parent)
{
	*a = make_ram(NP, 15);
	*b = malloc(NP * PG);
	memcpy(*b, *a, NP * PG);
	uint64_t dirty = 0;
	static const unsigned changed[] = { 1, 2, 10 /* was zero */, 12, 33, 62 };
	for (size_t i = 0; i < sizeof(changed) / sizeof(changed[0]); i++) {
		memset(*b + (size_t)changed[i] * PG, 0x70 + (int)i, PG);
		dirty |= 1ULL << changed[i];
	}
	memset(*b + 13 * PG, 0, PG);   /* zeroed */
	dirty |= 1ULL << 13 | 1ULL << 30;   /* 30: written back the same */
	return mem_file(base, *a, NP, NULL, 1, 0, true) &&
	       mem_file(diff, *b, NP, &dirty, 2, parent, true);
}

static bool t_rebase(void)
{
	PATH(base, "rb.base");
	PATH(diff, "rb.diff");
	uint8_t *a, *b;
	bool ok = rebase_fixture(base, diff, &a, &b, 1);
	char err[1024] = "";
	int rc = ok ? snap_rebase_mem(base, diff, err, sizeof(err)) : -1;
	const struct snap_info i1 = { 0, NP * PG, 1 }, i2 = { 0, NP * PG, 2 };
	ok = ok && !rc && content_is(base, &i2, b, NP);
	free(a);
	free(b);
	if (!ok && !detail[0])
		FAILF("rebase: %d \"%s\"", rc, err);
	if (!ok)
		return false;
	CHECK_ERR(snap_open_mem(base, &i1, err, sizeof(err)), -ESTALE, err, "another snapshot");
	size_t len;
	uint8_t *f = slurp(base, &len);
	CHECK(f);
	uint64_t parent = get64(f + NP * PG, F_PARENT);
	uint32_t flags = get32(f + NP * PG, F_FLAGS);
	free(f);
	CHECK_EQ(parent, 0);
	CHECK_EQ(flags, 0);
	const struct snap_info d2 = { SNAP_F_DIFF, NP * PG, 2 };
	int fd = snap_open_mem(diff, &d2, err, sizeof(err));   /* the diff untouched */
	OK(fd, err);
	close(fd);
	return true;
}

static bool t_rebase_refused(void)
{
	PATH(base, "rbr.base");
	PATH(diff, "rbr.diff");
	PATH(base2, "rbr.base2");
	PATH(small, "rbr.small");
	PATH(orphan, "rbr.orphan");
	PATH(state, "rbr.state");
	PATH(missing, "rbr.missing");
	uint8_t *a, *b;
	bool ok = rebase_fixture(base, diff, &a, &b, 1);
	uint8_t *c = make_ram(NP / 2, 16);
	uint64_t dirty = 3;
	ok = ok && mem_file(base2, b, NP, NULL, 3, 0, true) &&
	     mem_file(small, c, NP / 2, &dirty, 4, 1, true) &&
	     mem_file(orphan, b, NP, &dirty, 5, 7, true) && spit(state, "RVKVMSNP", 8);
	free(c);
	free(b);
	if (!ok) {
		free(a);
		return false;
	}
	struct { const char *base, *diff; int rc; const char *sub; } cases[] = {
		{ base, base2, -EINVAL, "is not a diff snapshot's memory" },
		{ diff, diff, -EINVAL, "the base must be a full memory file" },
		{ base, small, -EINVAL, "the memory sizes differ" },
		{ base, orphan, -EINVAL, "follows snapshot 0000000000000007" },
		{ base, state, -EINVAL, "not an rvkvm snapshot memory file" },
		{ state, diff, -EINVAL, "not an rvkvm snapshot memory file" },
		{ missing, diff, -ENOENT, "No such file" },
		{ base, missing, -ENOENT, "No such file" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char err[1024] = "";
		int rc = snap_rebase_mem(cases[i].base, cases[i].diff, err, sizeof(err));
		if (rc != cases[i].rc || !strstr(err, cases[i].sub)) {
			free(a);
			FAILF("rebase %s onto %s: rc %d, err \"%s\", want %d \"%s\"", cases[i].diff,
			      cases[i].base, rc, err, cases[i].rc, cases[i].sub);
		}
	}
	const struct snap_info i1 = { 0, NP * PG, 1 };
	ok = content_is(base, &i1, a, NP);   /* no refusal touched the base */
	free(a);
	return ok;
}

/* ---- the configuration --------------------------------------------------------- */

struct keep_list {
	char **v;
	size_t n, cap;
	bool fail;
};

static const char *keep(void *ctx, const char *s)
{
	struct keep_list *l = ctx;
	if (l->fail)
		return NULL;
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 16;
		l->v = realloc(l->v, l->cap * sizeof(*l->v));
		if (!l->v)
			abort();
	}
	return l->v[l->n++] = strdup(s);
}

static void keep_free(struct keep_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	*l = (struct keep_list){ 0 };
}

static bool kept(const struct keep_list *l, const char *s)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->v[i] == s)
			return true;
	return false;
}

static void full_config(struct machine_config *c)
{
	*c = (struct machine_config){ 0 };
	c->hyp_guest = true;
	c->mem_size = 256u << 20;
	c->nr_cpus = 3;
	c->halt_poll_ns = 200000;
	c->sbi_disabled = 0x29;
	c->disks[0] = (struct machine_disk){ "/images/root.ext4", false, true };
	c->disks[1] = (struct machine_disk){ "/images/data with space.raw", true, false };
	c->nr_disks = 2;
	struct netdev_config *u = &c->nets[0], *t = &c->nets[1];
	u->type = NETDEV_USER;
	u->user.hostfwd[0] = "tcp::8080-:80";
	u->user.hostfwd[1] = "udp:127.0.0.1:5353-10.0.2.15:53";
	u->user.nr_hostfwd = 2;
	u->user.restricted = true;
	t->type = NETDEV_TAP;
	strcpy(t->ifname, "tap-rvkvm0");
	t->has_mac = true;
	memcpy(t->mac, (uint8_t[6]){ 0x52, 0x54, 0x00, 0xab, 0xcd, 0xef }, 6);
	c->nr_nets = 2;
	c->balloon = (struct machine_balloon){ true, 64, true, false, 5 };
}

static bool same_config(const struct machine_config *a, const struct machine_config *b,
			const struct keep_list *l)
{
	CHECK_EQ(b->hyp_guest, a->hyp_guest);
	CHECK_EQ(b->mem_size, a->mem_size);
	CHECK_EQ(b->nr_cpus, a->nr_cpus ? a->nr_cpus : 1);
	CHECK_EQ(b->halt_poll_ns, a->halt_poll_ns);
	CHECK_EQ(b->sbi_disabled, a->sbi_disabled);
	CHECK_EQ(b->nr_disks, a->nr_disks);
	for (unsigned i = 0; i < a->nr_disks; i++) {
		CHECK(!strcmp(b->disks[i].path, a->disks[i].path));
		CHECK(kept(l, b->disks[i].path));
		CHECK_EQ(b->disks[i].readonly, a->disks[i].readonly);
		CHECK_EQ(b->disks[i].direct, a->disks[i].direct);
	}
	CHECK_EQ(b->nr_nets, a->nr_nets);
	for (unsigned i = 0; i < a->nr_nets; i++) {
		const struct netdev_config *x = &a->nets[i], *y = &b->nets[i];
		CHECK_EQ(y->type, x->type);
		CHECK(!strcmp(y->ifname, x->ifname));
		CHECK_EQ(y->has_mac, x->has_mac);
		CHECK(!x->has_mac || !memcmp(y->mac, x->mac, 6));
		CHECK_EQ(y->user.nr_hostfwd, x->user.nr_hostfwd);
		for (unsigned k = 0; k < x->user.nr_hostfwd; k++) {
			CHECK(!strcmp(y->user.hostfwd[k], x->user.hostfwd[k]));
			CHECK(kept(l, y->user.hostfwd[k]));
		}
		CHECK_EQ(y->user.restricted, x->user.restricted);
	}
	CHECK_EQ(b->balloon.enabled, a->balloon.enabled);
	if (a->balloon.enabled) {
		CHECK_EQ(b->balloon.amount_mib, a->balloon.amount_mib);
		CHECK_EQ(b->balloon.deflate_on_oom, a->balloon.deflate_on_oom);
		CHECK_EQ(b->balloon.free_page_reporting, a->balloon.free_page_reporting);
		CHECK_EQ(b->balloon.stats_interval_s, a->balloon.stats_interval_s);
	}
	return true;
}

/* to_json, then from_json into got (the JSON text freed first: got must
 * not point into it). */
static bool config_trip(const struct machine_config *c, struct machine_config *got,
			struct keep_list *l)
{
	char *json = snap_config_to_json(c);
	CHECK(json);
	json_object *o = json_tokener_parse(json);
	bool obj = o && json_object_is_type(o, json_type_object);
	json_object *v = NULL;
	bool ver = obj && json_object_object_get_ex(o, "version", &v) && json_object_get_int(v) == 1;
	json_object_put(o);
	char err[512] = "";
	char *copy = strdup(json);
	int rc = snap_config_from_json(copy, strlen(copy), got, keep, l, err, sizeof(err));
	free(copy);
	if (!obj || !ver || rc) {
		set_detail("json %s: object %d version %d, from_json %d \"%s\"",
			 json, obj, ver, rc, err);
		free(json);
		return false;
	}
	free(json);
	return true;
}

static bool t_config_round_trip(void)
{
	struct machine_config c, got = { 0 };
	full_config(&c);
	got.kernel = "keep-me";                /* not the configuration's */
	got.console = MACHINE_CONSOLE_NONE;
	struct keep_list l = { 0 };
	bool ok = config_trip(&c, &got, &l) && same_config(&c, &got, &l) &&
		  got.kernel && !strcmp(got.kernel, "keep-me") && got.console == MACHINE_CONSOLE_NONE;
	keep_free(&l);
	if (!ok && !detail[0])
		FAILF("fields outside the configuration changed");
	return ok;
}

/* Defaults: 0 vCPUs means 1; no balloon, disks or nets reset the old ones. */
static bool t_config_minimal(void)
{
	struct machine_config c = { 0 }, got;
	c.mem_size = 1u << 20;
	c.halt_poll_ns = -1;
	full_config(&got);
	got.halt_poll_ns = 7;
	struct keep_list l = { 0 };
	bool ok = config_trip(&c, &got, &l) && same_config(&c, &got, &l);
	keep_free(&l);
	CHECK(ok);
	CHECK_EQ(got.nr_cpus, 1);
	CHECK_EQ(got.nr_disks, 0);
	CHECK_EQ(got.nr_nets, 0);
	CHECK(!got.balloon.enabled);
	/* halt_poll_ns absent: -1; a hand-written JSON with whitespace. */
	const char *j = " { \"version\" : 1, \"mem_size\": 1048576, \"vcpus\": 64 } ";
	char err[512] = "";
	struct machine_config h = { 0 };
	h.halt_poll_ns = 5;
	int rc = snap_config_from_json(j, strlen(j) - 1, &h, keep, &l, err, sizeof(err));
	keep_free(&l);
	OK(rc, err);
	CHECK_EQ(h.halt_poll_ns, (uint64_t)-1);
	CHECK_EQ(h.nr_cpus, 64);
	return true;
}

static bool t_config_keep_fails(void)
{
	struct machine_config c, got = { 0 };
	full_config(&c);
	char *json = snap_config_to_json(&c);
	CHECK(json);
	struct keep_list l = { .fail = true };
	char err[512] = "";
	int rc = snap_config_from_json(json, strlen(json), &got, keep, &l, err, sizeof(err));
	free(json);
	CHECK_ERR(rc, -EINVAL, err, "out of memory");
	return true;
}

#define CB "{\"version\":1,\"mem_size\":268435456,\"vcpus\":2"

enum gen { G_NONE, G_DISKS9, G_NETS5, G_FWD17, G_SLOTS };

struct refusal {
	const char *name;
	const char *json;   /* complete, or the fields after CB (then `}` added) */
	bool raw;
	enum gen gen;
	const char *sub;
};

static const struct refusal refusals[] = {
	{ "not_json", "hello", true, 0, "not valid JSON" },
	{ "empty", "", true, 0, "not valid JSON" },
	{ "trailing_garbage", CB "} x", true, 0, "not valid JSON" },
	{ "trailing_object", CB "}{}", true, 0, "not valid JSON" },
	{ "truncated", "{\"version\":1,\"mem_si", true, 0, "not valid JSON" },
	{ "not_object", "[1,2,3]", true, 0, "not a JSON object" },
	{ "version_2", "{\"version\":2,\"mem_size\":268435456,\"vcpus\":2}", true, 0,
	  "version 2; this rvkvm reads version 1" },
	{ "version_missing", "{\"mem_size\":268435456,\"vcpus\":2}", true, 0, "`version` is missing" },
	{ "version_string", "{\"version\":\"1\",\"mem_size\":268435456,\"vcpus\":2}", true, 0,
	  "`version` must be an integer" },
	{ "mem_unaligned", "{\"version\":1,\"mem_size\":268435457,\"vcpus\":2}", true, 0,
	  "`mem_size` must be a multiple of 4 KiB" },
	{ "mem_tiny", "{\"version\":1,\"mem_size\":4096,\"vcpus\":2}", true, 0,
	  "`mem_size` must be a multiple of 4 KiB, at least 1 MiB" },
	{ "mem_huge", "{\"version\":1,\"mem_size\":2199023255552,\"vcpus\":2}", true, 0,
	  "`mem_size` must be an integer in 0..1099511627776" },
	{ "mem_negative", "{\"version\":1,\"mem_size\":-4096,\"vcpus\":2}", true, 0,
	  "`mem_size` must be an integer" },
	{ "mem_double", "{\"version\":1,\"mem_size\":268435456.0,\"vcpus\":2}", true, 0,
	  "`mem_size` must be an integer" },
	{ "mem_string", "{\"version\":1,\"mem_size\":\"256M\",\"vcpus\":2}", true, 0,
	  "`mem_size` must be an integer" },
	{ "mem_missing", "{\"version\":1,\"vcpus\":2}", true, 0, "`mem_size` is missing" },
	{ "vcpus_0", "{\"version\":1,\"mem_size\":268435456,\"vcpus\":0}", true, 0,
	  "`vcpus` must be 1..64" },
	{ "vcpus_65", "{\"version\":1,\"mem_size\":268435456,\"vcpus\":65}", true, 0,
	  "`vcpus` must be an integer in 0..64" },
	{ "vcpus_missing", "{\"version\":1,\"mem_size\":268435456}", true, 0, "`vcpus` is missing" },
	{ "hyp_guest_int", ",\"hyp_guest\":1", false, 0, "`hyp_guest` must be true or false" },
	{ "halt_poll_string", ",\"halt_poll_ns\":\"5\"", false, 0,
	  "`halt_poll_ns` must be an integer, -1 or more" },
	{ "halt_poll_minus2", ",\"halt_poll_ns\":-2", false, 0,
	  "`halt_poll_ns` must be an integer, -1 or more" },
	{ "sbi_disabled_negative", ",\"sbi_disabled\":-1", false, 0,
	  "`sbi_disabled` must be an integer in 0..4294967295" },
	{ "sbi_disabled_big", ",\"sbi_disabled\":4294967296", false, 0,
	  "`sbi_disabled` must be an integer in 0..4294967295" },
	{ "disks_object", ",\"disks\":{}", false, 0, "`disks` must be an array" },
	{ "too_many_disks", NULL, false, G_DISKS9, "`disks` has 9 entries, at most 8" },
	{ "disk_no_path", ",\"disks\":[{\"readonly\":true}]", false, 0, "`path` must be a string" },
	{ "disk_path_int", ",\"disks\":[{\"path\":5}]", false, 0, "`path` must be a string" },
	{ "disk_path_empty", ",\"disks\":[{\"path\":\"\"}]", false, 0,
	  "`path` must be 1..4095 characters" },
	{ "disk_readonly_string", ",\"disks\":[{\"path\":\"/a\",\"readonly\":\"yes\"}]", false, 0,
	  "`readonly` must be true or false" },
	{ "disk_direct_int", ",\"disks\":[{\"path\":\"/a\",\"direct\":0}]", false, 0,
	  "`direct` must be true or false" },
	{ "disk_not_object", ",\"disks\":[\"/images/root.ext4\"]", false, 0, "configuration: " },
	{ "disk_null", ",\"disks\":[null]", false, 0, "configuration: " },
	{ "nets_string", ",\"nets\":\"user\"", false, 0, "`nets` must be an array" },
	{ "too_many_nets", NULL, false, G_NETS5, "`nets` has 5 entries, at most 4" },
	{ "net_type_x", ",\"nets\":[{\"type\":\"x\"}]", false, 0,
	  "network type `x` is not user or tap" },
	{ "net_no_type", ",\"nets\":[{}]", false, 0, "a network interface needs a `type`" },
	{ "net_type_int", ",\"nets\":[{\"type\":1}]", false, 0, "a network interface needs a `type`" },
	{ "net_not_object", ",\"nets\":[3]", false, 0, "a network interface needs a `type`" },
	{ "mac_5", ",\"nets\":[{\"type\":\"user\",\"mac\":[82,84,0,1,2]}]", false, 0,
	  "`mac` must be 6 bytes" },
	{ "mac_7", ",\"nets\":[{\"type\":\"user\",\"mac\":[82,84,0,1,2,3,4]}]", false, 0,
	  "`mac` must be 6 bytes" },
	{ "mac_256", ",\"nets\":[{\"type\":\"user\",\"mac\":[82,84,0,1,2,256]}]", false, 0,
	  "`mac` must be 6 bytes" },
	{ "mac_negative", ",\"nets\":[{\"type\":\"user\",\"mac\":[82,84,0,1,2,-1]}]", false, 0,
	  "`mac` must be 6 bytes" },
	{ "mac_string", ",\"nets\":[{\"type\":\"user\",\"mac\":\"52:54:00:01:02:03\"}]", false, 0,
	  "`mac` must be 6 bytes" },
	{ "mac_byte_string", ",\"nets\":[{\"type\":\"user\",\"mac\":[82,84,0,1,2,\"3\"]}]", false,
	  0, "`mac` must be 6 bytes" },
	{ "ifname_16", ",\"nets\":[{\"type\":\"tap\",\"ifname\":\"abcdefghijklmnop\"}]", false, 0,
	  "`ifname` must be 1..15 characters" },
	{ "ifname_empty", ",\"nets\":[{\"type\":\"tap\",\"ifname\":\"\"}]", false, 0,
	  "`ifname` must be 1..15 characters" },
	{ "tap_no_ifname", ",\"nets\":[{\"type\":\"tap\"}]", false, 0, "`ifname` must be a string" },
	{ "hostfwd_string", ",\"nets\":[{\"type\":\"user\",\"hostfwd\":\"tcp::1-:1\"}]", false, 0,
	  "`hostfwd` must be an array" },
	{ "hostfwd_int", ",\"nets\":[{\"type\":\"user\",\"hostfwd\":[1]}]", false, 0,
	  "`hostfwd` entries must be strings" },
	{ "hostfwd_empty", ",\"nets\":[{\"type\":\"user\",\"hostfwd\":[\"\"]}]", false, 0,
	  "`hostfwd` entries must be strings" },
	{ "too_many_hostfwd", NULL, false, G_FWD17, "`hostfwd` has 17 entries, at most 16" },
	{ "restrict_string", ",\"nets\":[{\"type\":\"user\",\"restrict\":\"on\"}]", false, 0,
	  "`restrict` must be true or false" },
	{ "too_many_devices", NULL, false, G_SLOTS, "more devices than virtio-mmio slots" },
	{ "balloon_array", ",\"balloon\":[]", false, 0, "`balloon` must be an object" },
	{ "balloon_no_amount", ",\"balloon\":{}", false, 0, "`amount_mib` is missing" },
	{ "balloon_too_big", ",\"balloon\":{\"amount_mib\":257}", false, 0,
	  "`amount_mib` must be an integer in 0..256" },
	{ "balloon_interval", ",\"balloon\":{\"amount_mib\":1,\"stats_interval_s\":86401}", false,
	  0, "`stats_interval_s` must be an integer in 0..86400" },
	{ "balloon_deflate_int", ",\"balloon\":{\"amount_mib\":1,\"deflate_on_oom\":1}", false, 0,
	  "`deflate_on_oom` must be true or false" },
};
#define NREFUSALS (sizeof(refusals) / sizeof(refusals[0]))

static char *refusal_json(const struct refusal *t)
{
	size_t cap = 8192, n = 0;
	char *s = malloc(cap);
#define ADD(...) (n += (size_t)snprintf(s + n, cap - n, __VA_ARGS__))
	if (t->raw) {
		ADD("%s", t->json);
		return s;
	}
	ADD("%s", CB);
	switch (t->gen) {
	case G_NONE:
		ADD("%s", t->json);
		break;
	case G_DISKS9:
	case G_SLOTS:
		ADD(",\"disks\":[");
		for (int i = 0; i < (t->gen == G_DISKS9 ? 9 : 8); i++)
			ADD("%s{\"path\":\"/d%d\"}", i ? "," : "", i);
		ADD("]");
		if (t->gen == G_SLOTS)
			ADD(",\"nets\":[{\"type\":\"user\"}]");
		break;
	case G_NETS5:
		ADD(",\"nets\":[");
		for (int i = 0; i < 5; i++)
			ADD("%s{\"type\":\"user\"}", i ? "," : "");
		ADD("]");
		break;
	case G_FWD17:
		ADD(",\"nets\":[{\"type\":\"user\",\"hostfwd\":[");
		for (int i = 0; i < 17; i++)
			ADD("%s\"tcp::%d-:80\"", i ? "," : "", 8000 + i);
		ADD("]}]");
		break;
	}
	ADD("}");
#undef ADD
	return s;
}

/* The base of the refusals is accepted (so each refusal is its own). */
static bool t_config_refusal_base(void)
{
	const char *ok[] = {
		CB "}",
		CB ",\"nets\":[{\"type\":\"tap\",\"ifname\":\"abcdefghijklmno\",\"mac\":[0,1,2,3,4,255]}]}",
		CB ",\"balloon\":{\"amount_mib\":256,\"stats_interval_s\":86400}}",
		CB ",\"halt_poll_ns\":-1,\"sbi_disabled\":4294967295,\"hyp_guest\":false}",
	};
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		struct machine_config c = { 0 };
		struct keep_list l = { 0 };
		char err[512] = "";
		int rc = snap_config_from_json(ok[i], strlen(ok[i]), &c, keep, &l, err, sizeof(err));
		keep_free(&l);
		if (rc)
			FAILF("%s: %d \"%s\"", ok[i], rc, err);
	}
	return true;
}

static bool config_refused(const struct refusal *t)
{
	char *json = refusal_json(t);
	/* An exact-size copy, not NUL-terminated: ASan sees reads past len. */
	size_t len = strlen(json);
	char *buf = malloc(len ? len : 1);
	memcpy(buf, json, len);
	struct machine_config c = { 0 };
	struct keep_list l = { 0 };
	char err[512] = "";
	int rc = snap_config_from_json(buf, len, &c, keep, &l, err, sizeof(err));
	free(buf);
	keep_free(&l);
	if (rc != -EINVAL || !strstr(err, t->sub) || strncmp(err, "configuration: ", 15)) {
		set_detail("%.200s: rc %d, err \"%s\", want -EINVAL \"%s\"", json,
			 rc, err, t->sub);
		free(json);
		return false;
	}
	free(json);
	return true;
}

/* ---- main --------------------------------------------------------------------------- */

struct tcase {
	const char *name;
	bool (*fn)(void);
};

static const struct tcase cases[] = {
	{ "state_round_trip", t_state_round_trip },
	{ "state_layout", t_state_layout },
	{ "state_empty_body", t_state_empty_body },
	{ "state_write_errors", t_state_write_errors },
	{ "state_parse_memory", t_state_parse_memory },
	{ "state_refuse_empty", t_state_refuse_empty },
	{ "state_refuse_short", t_state_refuse_short },
	{ "state_refuse_magic", t_state_refuse_magic },
	{ "state_refuse_header_crc", t_state_refuse_header_crc },
	{ "state_refuse_version", t_state_refuse_version },
	{ "state_refuse_header_size", t_state_refuse_header_size },
	{ "state_refuse_truncated", t_state_refuse_truncated },
	{ "state_refuse_trailing", t_state_refuse_trailing },
	{ "state_refuse_body_size_huge", t_state_refuse_body_size_huge },
	{ "state_refuse_body_crc", t_state_refuse_body_crc },
	{ "state_refuse_section_overrun", t_state_refuse_section_overrun },
	{ "state_refuse_section_len_wrap", t_state_refuse_section_len_wrap },
	{ "state_refuse_section_cut", t_state_refuse_section_cut },
	{ "state_refuse_not_a_file", t_state_refuse_not_a_file },
	{ "mem_round_trip", t_mem_round_trip },
	{ "mem_footer_layout", t_mem_footer_layout },
	{ "mem_long_runs", t_mem_long_runs },
	{ "mem_unaligned", t_mem_unaligned },
	{ "mem_refuse_size", t_mem_refuse_size },
	{ "mem_refuse_id", t_mem_refuse_id },
	{ "mem_refuse_footer", t_mem_refuse_footer },
	{ "mem_refuse_footer_fields", t_mem_refuse_footer_fields },
	{ "mem_refuse_short", t_mem_refuse_short },
	{ "mem_refuse_missing", t_mem_refuse_missing },
	{ "mem_diff", t_mem_diff },
	{ "roll_forward", t_roll_forward },
	{ "roll_forward_missing", t_roll_forward_missing },
	{ "roll_forward_others", t_roll_forward_others },
	{ "roll_forward_resized", t_roll_forward_resized },
	{ "roll_forward_diff", t_roll_forward_diff },
	{ "remove_stale", t_remove_stale },
	{ "rebase", t_rebase },
	{ "rebase_refused", t_rebase_refused },
	{ "config_round_trip", t_config_round_trip },
	{ "config_minimal", t_config_minimal },
	{ "config_keep_fails", t_config_keep_fails },
	{ "config_refusal_base", t_config_refusal_base },
};

static int failed;
static char timeout_line[256];

/* A case that hangs (a loop on a bad length) fails, and ends the run. */
static void on_alarm(int sig)
{
	(void)sig;
	ssize_t n = write(STDOUT_FILENO, timeout_line, strlen(timeout_line));
	(void)n;
	_exit(1);
}

static void report(const char *name, bool ok)
{
	if (ok)
		printf("PASS snapshot_file.%s\n", name);
	else
		printf("FAIL snapshot_file.%s (%s)\n", name, detail[0] ? detail : "no detail");
	fflush(stdout);
	failed += !ok;
}

int main(int argc, char **argv)
{
	const char *only = argc > 1 ? argv[1] : NULL;
	const char *tmpdir = getenv("TMPDIR") && *getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
	if ((size_t)snprintf(dir, sizeof(dir), "%s/rvkvm-snapfile-XXXXXX", tmpdir) >= sizeof(dir) ||
	    !mkdtemp(dir)) {
		printf("FAIL snapshot_file.setup (cannot create a directory in %s)\n", tmpdir);
		return 1;
	}
	signal(SIGALRM, on_alarm);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (only && !strstr(cases[i].name, only))
			continue;
		detail[0] = 0;
		snprintf(timeout_line, sizeof(timeout_line),
			 "FAIL snapshot_file.%s (timed out after 60 s)\n", cases[i].name);
		alarm(60);
		report(cases[i].name, cases[i].fn());
	}
	for (size_t i = 0; i < NREFUSALS; i++) {
		char name[128];
		snprintf(name, sizeof(name), "config_refuse_%s", refusals[i].name);
		if (only && !strstr(name, only))
			continue;
		detail[0] = 0;
		snprintf(timeout_line, sizeof(timeout_line),
			 "FAIL snapshot_file.%s (timed out after 60 s)\n", name);
		alarm(60);
		report(name, config_refused(&refusals[i]));
	}
	alarm(0);
	nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	return failed ? 1 : 0;
}
