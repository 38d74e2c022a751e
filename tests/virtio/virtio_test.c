// SPDX-License-Identifier: MIT
/* virtio tests: the test plays the guest driver (guest.h) against the real
 * virtio-mmio transport, core and devices, with a buffer as guest RAM and a
 * temporary image file.  Prints "PASS virtio/<name>" or "FAIL ..." per
 * case.  Built with ASan+UBSan: a malformed ring must end in
 * DEVICE_NEEDS_RESET, never in a sanitizer report.
 *
 *   virtio_test [NAME-SUBSTRING]      run all (or matching) cases
 *   VIRTIO_TEST_LOG=1 virtio_test      also show the devices' error logs */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "guest.h"
#include "vmm/virtio/blk.h"
#include "vmm/virtio/rng.h"

#define IMG_SECTORS 2048
#define ALL_FEATURES (~0ULL)
#define NEEDS_RESET VIRTIO_STATUS_DEVICE_NEEDS_RESET

static const char *cur;
#define CHECK(c) do { if (!(c)) { \
	fprintf(stderr, "  %s: %s:%d: CHECK(%s) failed\n", cur, __FILE__, __LINE__, #c); \
	return false; } } while (0)
#define CHECK_EQ(a, b) do { unsigned long long a_ = (a), b_ = (b); if (a_ != b_) { \
	fprintf(stderr, "  %s: %s:%d: %s == %#llx, expected %s == %#llx\n", cur, __FILE__, \
		__LINE__, #a, a_, #b, b_); return false; } } while (0)

/* ---- fixtures --------------------------------------------------------- */

static char img_path[256];

/* A fresh image whose sector s is filled with byte (s * 7 + 1). */
static bool make_image(void)
{
	const char *dir = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
	snprintf(img_path, sizeof(img_path), "%s/rvkvm-virtio-XXXXXX", dir);
	int fd = mkstemp(img_path);
	if (fd < 0)
		return false;
	uint8_t sec[512];
	for (unsigned s = 0; s < IMG_SECTORS; s++) {
		memset(sec, (uint8_t)(s * 7 + 1), sizeof(sec));
		if (write(fd, sec, sizeof(sec)) != sizeof(sec)) {
			close(fd);
			return false;
		}
	}
	close(fd);
	return true;
}

static bool image_read(uint64_t off, void *buf, size_t len)
{
	int fd = open(img_path, O_RDONLY);
	ssize_t r = fd < 0 ? -1 : pread(fd, buf, len, (off_t)off);
	if (fd >= 0)
		close(fd);
	return r == (ssize_t)len;
}

struct fixture {
	struct guest g;
	struct virtio_blk blk;
	struct virtio_rng rng;
	bool is_blk;
	FILE *log;
};

static bool fx_blk(struct fixture *f, bool ro)
{
	memset(f, 0, sizeof(*f));
	if (!make_image())
		return false;
	struct virtio_blk_opts o = { .path = img_path, .readonly = ro, .serial = "test-serial-0123" };
	if (virtio_blk_init(&f->blk, &o) < 0)
		return false;
	f->is_blk = true;
	f->log = tmpfile();
	f->blk.vdev.log = f->log;
	return g_init(&f->g, &f->blk.vdev) == 0;
}

static bool fx_rng(struct fixture *f)
{
	memset(f, 0, sizeof(*f));
	if (virtio_rng_init(&f->rng) < 0)
		return false;
	f->log = tmpfile();
	f->rng.vdev.log = f->log;
	return g_init(&f->g, &f->rng.vdev) == 0;
}

static void fx_exit(struct fixture *f)
{
	g_exit(&f->g);
	if (f->is_blk) {
		virtio_blk_exit(&f->blk);
		unlink(img_path);
	} else {
		virtio_rng_exit(&f->rng);
	}
	if (f->log && getenv("VIRTIO_TEST_LOG")) {
		char line[512];
		fflush(f->log);
		rewind(f->log);
		while (fgets(line, sizeof(line), f->log))
			fprintf(stderr, "  [%s] %s", cur, line);
	}
	if (f->log)
		fclose(f->log);
}

static int log_lines(struct fixture *f)
{
	int n = 0, c;
	fflush(f->log);
	rewind(f->log);
	while ((c = fgetc(f->log)) != EOF)
		n += c == '\n';
	return n;
}

/* ---- blk requests ----------------------------------------------------- */

struct blk_req {
	uint64_t hdr, data, status;   /* gpas */
};

static struct blk_req blk_prepare(struct guest *g, uint32_t type, uint64_t sector, uint32_t len)
{
	struct blk_req r;
	r.hdr = g_alloc(g, 16);
	g_w32(g, r.hdr, type);
	g_w32(g, r.hdr + 4, 0);
	g_w64(g, r.hdr + 8, sector);
	r.data = g_alloc(g, len ? len : 1);
	r.status = g_alloc(g, 1);
	*(uint8_t *)g_ptr(g, r.status) = 0xff;
	return r;
}

/* A three-descriptor request (header, data, status) at g->next_desc;
 * returns the head.  write: the data is device-readable. */
static uint16_t blk_chain(struct guest *g, const struct blk_req *r, uint32_t len, bool write)
{
	uint16_t d = g->next_desc, n = g->num;
	uint16_t d1 = (d + 1) % n, d2 = (d + 2) % n;
	g->next_desc = (d + 3) % n;
	if (!len) {
		g_desc(g, d, r->hdr, 16, VIRTQ_DESC_F_NEXT, d2);
	} else {
		g_desc(g, d, r->hdr, 16, VIRTQ_DESC_F_NEXT, d1);
		g_desc(g, d1, r->data, len, VIRTQ_DESC_F_NEXT | (write ? 0 : VIRTQ_DESC_F_WRITE), d2);
	}
	g_desc(g, d2, r->status, 1, VIRTQ_DESC_F_WRITE, 0);
	return d;
}

/* Submit one request and complete it; returns the status byte or -1 when
 * nothing came back. */
static int blk_do(struct guest *g, uint32_t type, uint64_t sector, uint32_t len, bool write,
		  struct blk_req *out, uint32_t *used_len)
{
	struct blk_req r = blk_prepare(g, type, sector, len);
	if (out)
		*out = r;
	if (write)
		for (uint32_t i = 0; i < len; i++)
			((uint8_t *)g_ptr(g, r.data))[i] = (uint8_t)(i * 13 + 5);
	uint16_t head = blk_chain(g, &r, len, write);
	g_avail(g, head);
	g_notify(g);
	uint32_t id, ulen;
	if (!g_get_used(g, &id, &ulen) || id != head)
		return -1;
	if (used_len)
		*used_len = ulen;
	g_irq_ack(g);
	return *(uint8_t *)g_ptr(g, r.status);
}

/* blk_do with the data at gpa `data` (page-aligned buffers for O_DIRECT). */
static int blk_do_at(struct guest *g, uint32_t type, uint64_t sector, uint32_t len, bool write,
		     uint64_t data)
{
	struct blk_req r = blk_prepare(g, type, sector, 0);
	r.data = data;
	uint16_t head = blk_chain(g, &r, len, write);
	g_avail(g, head);
	g_notify(g);
	uint32_t id, ulen;
	if (!g_get_used(g, &id, &ulen) || id != head)
		return -1;
	g_irq_ack(g);
	return *(uint8_t *)g_ptr(g, r.status);
}

static uint64_t g_alloc_page_aligned(struct guest *g, uint32_t len)
{
	g->brk = (g->brk + 4095) & ~4095ULL;
	return g_alloc(g, len);
}

/* A valid read of sector 0 still works (or, broken: is not consumed). */
static bool blk_works(struct guest *g)
{
	struct blk_req r;
	uint32_t ulen;
	if (blk_do(g, VIRTIO_BLK_T_IN, 0, 512, false, &r, &ulen) != VIRTIO_BLK_S_OK || ulen != 513)
		return false;
	return ((uint8_t *)g_ptr(g, r.data))[0] == 1;
}

/* ---- identity, features, config -------------------------------------- */

static bool t_mmio_identity(void)
{
	struct fixture f;
	CHECK(fx_blk(&f, false));
	struct guest *g = &f.g;
	CHECK_EQ(g_rd(g, VIRTIO_MMIO_MAGIC_VALUE), 0x74726976);
	CHECK_EQ(g_rd(g, VIRTIO_MMIO_VERSION_REG), 2);
	CHECK_EQ(g_rd(g, VIRTIO_MMIO_DEVICE_ID), VIRTIO_ID_BLOCK);
	CHECK_EQ(g_rd(g, VIRTIO_MMIO_VENDOR_ID_REG), VIRTIO_MMIO_VENDOR_ID);
	g_wr(g, VIRTIO_MMIO_QUEUE_SEL, 0);
	CHECK_EQ(g_rd(g, VIRTIO_MMIO_QUEUE_NUM_MAX), VIRTIO_BLK_QUEUE_SIZE);
	CHECK_EQ(g_rd(g, VIRTIO_MMIO_QUEUE_READY), 0);
	g_wr(g, VIRTIO_MMIO_QUEUE_SEL, 1);
	CHECK_EQ(g_rd(g, VIRTIO_MMIO_QUEUE_NUM_MAX), 0);
	g_wr(g, VIRTIO_MMIO_QUEUE_READY, 1);              /* no such queue: ignored */
	CHECK_EQ(g_rd(g, VIRTIO_MMIO_QUEUE_READY), 0);
	CHECK_EQ(g_rd(g, VIRTIO_MMIO_SHM_LEN_LOW), 0xffffffff);
	/* Only aligned 32-bit accesses reach the control registers. */
	CHECK_EQ(virtio_mmio_ops.read(&g->t, VIRTIO_MMIO_MAGIC_VALUE, 2), 0);
	CHECK_EQ(virtio_mmio_ops.read(&g->t, VIRTIO_MMIO_MAGIC_VALUE + 1, 4), 0);
	virtio_mmio_ops.write(&g->t, VIRTIO_MMIO_STATUS, 1, VIRTIO_STATUS_ACKNOWLEDGE);
	CHECK_EQ(g_rd(g, VIRTIO_MMIO_STATUS), 0);
	g_wr(g, VIRTIO_MMIO_MAGIC_VALUE, 0);              /* read-only */
	CHECK_EQ(g_rd(g, VIRTIO_MMIO_MAGIC_VALUE), 0x74726976);
	CHECK_EQ(virtio_mmio_ops.read(&g->t, 0xffc, 4), 0);  /* past the config space */
	fx_exit(&f);

	CHECK(fx_rng(&f));
	CHECK_EQ(g_rd(&f.g, VIRTIO_MMIO_DEVICE_ID), VIRTIO_ID_ENTROPY);
	CHECK_EQ(g_rd(&f.g, VIRTIO_MMIO_QUEUE_NUM_MAX), VIRTIO_RNG_QUEUE_SIZE);
	CHECK_EQ(virtio_mmio_ops.read(&f.g.t, VIRTIO_MMIO_CONFIG, 4), 0);
	fx_exit(&f);

	const struct vmm_mmio_ops *p = &virtio_mmio_placeholder_ops;
	CHECK_EQ(p->read(NULL, VIRTIO_MMIO_MAGIC_VALUE, 4), 0x74726976);
	CHECK_EQ(p->read(NULL, VIRTIO_MMIO_VERSION_REG, 4), 2);
	CHECK_EQ(p->read(NULL, VIRTIO_MMIO_DEVICE_ID, 4), 0);
	p->write(NULL, VIRTIO_MMIO_STATUS, 4, 1);
	CHECK_EQ(p->read(NULL, VIRTIO_MMIO_STATUS, 4), 0);
	return true;
}

static bool t_features(void)
{
	struct fixture f;
	CHECK(fx_blk(&f, false));
	struct guest *g = &f.g;
	g_wr(g, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1);
	uint32_t hi = g_rd(g, VIRTIO_MMIO_DEVICE_FEATURES);
	g_wr(g, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
	uint32_t lo = g_rd(g, VIRTIO_MMIO_DEVICE_FEATURES);
	g_wr(g, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 2);
	CHECK_EQ(g_rd(g, VIRTIO_MMIO_DEVICE_FEATURES), 0);
	CHECK(hi & 1);                                           /* VERSION_1 */
	CHECK(lo & (1u << VIRTIO_F_INDIRECT_DESC));
	CHECK(lo & (1u << VIRTIO_F_EVENT_IDX));
	CHECK(lo & (1u << VIRTIO_BLK_F_FLUSH));
	CHECK(lo & (1u << VIRTIO_BLK_F_SEG_MAX));
	CHECK(lo & (1u << VIRTIO_BLK_F_BLK_SIZE));
	CHECK(!(lo & (1u << VIRTIO_BLK_F_RO)));
	CHECK(g_negotiate(g, ALL_FEATURES));
	CHECK_EQ(f.blk.vdev.driver_features, f.blk.vdev.device_features);
	/* After FEATURES_OK the features are fixed. */
	g_wr(g, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
	g_wr(g, VIRTIO_MMIO_DRIVER_FEATURES, 0);
	CHECK_EQ(f.blk.vdev.driver_features, f.blk.vdev.device_features);
	fx_exit(&f);

	CHECK(fx_blk(&f, true));
	g_wr(&f.g, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
	CHECK(g_rd(&f.g, VIRTIO_MMIO_DEVICE_FEATURES) & (1u << VIRTIO_BLK_F_RO));
	fx_exit(&f);
	return true;
}

/* A modern-only device refuses FEATURES_OK without VERSION_1 (a legacy
 * driver) and with bits it did not offer. */
static bool t_features_refused(void)
{
	struct fixture f;
	CHECK(fx_blk(&f, false));
	CHECK(!g_negotiate(&f.g, ALL_FEATURES & ~VIRTIO_BIT(VIRTIO_F_VERSION_1)));
	CHECK_EQ(f.g.features & VIRTIO_BIT(VIRTIO_F_VERSION_1), 0);
	/* A bit the device does not offer (VIRTIO_BLK_F_SIZE_MAX). */
	CHECK(g_negotiate(&f.g, ALL_FEATURES));
	g_wr(&f.g, VIRTIO_MMIO_STATUS, 0);
	g_wr(&f.g, VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
	g_wr(&f.g, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
	g_wr(&f.g, VIRTIO_MMIO_DRIVER_FEATURES, 1);
	g_wr(&f.g, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
	g_wr(&f.g, VIRTIO_MMIO_DRIVER_FEATURES, 1u << VIRTIO_BLK_F_SIZE_MAX);
	g_wr(&f.g, VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER |
	     VIRTIO_STATUS_FEATURES_OK);
	CHECK_EQ(g_rd(&f.g, VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_FEATURES_OK, 0);
	fx_exit(&f);
	return true;
}

static bool t_blk_config(void)
{
	struct fixture f;
	CHECK(fx_blk(&f, false));
	struct guest *g = &f.g;
	CHECK(g_probe(g, ALL_FEATURES, 0));
	uint32_t gen = g_rd(g, VIRTIO_MMIO_CONFIG_GENERATION);
	/* Linux reads 64-bit fields as two 32-bit halves. */
	uint64_t cap = g_rd(g, VIRTIO_MMIO_CONFIG) | (uint64_t)g_rd(g, VIRTIO_MMIO_CONFIG + 4) << 32;
	CHECK_EQ(cap, IMG_SECTORS);
	CHECK_EQ(virtio_mmio_ops.read(&g->t, VIRTIO_MMIO_CONFIG, 8), IMG_SECTORS);
	CHECK_EQ(g_rd(g, VIRTIO_MMIO_CONFIG + 12), VIRTIO_BLK_QUEUE_SIZE - 2);  /* seg_max */
	CHECK_EQ(g_rd(g, VIRTIO_MMIO_CONFIG + 20), 512);                        /* blk_size */
	CHECK_EQ(virtio_mmio_ops.read(&g->t, VIRTIO_MMIO_CONFIG + 1, 1), IMG_SECTORS >> 8);
	CHECK_EQ(virtio_mmio_ops.read(&g->t, VIRTIO_MMIO_CONFIG + 0x3a, 4), 0);  /* straddles the end */
	CHECK_EQ(g_rd(g, VIRTIO_MMIO_CONFIG_GENERATION), gen);
	/* The config space is read-only. */
	g_wr(g, VIRTIO_MMIO_CONFIG, 5);
	CHECK_EQ(g_rd(g, VIRTIO_MMIO_CONFIG), IMG_SECTORS);
	fx_exit(&f);
	return true;
}

/* ---- blk I/O ---------------------------------------------------------- */

static bool t_blk_read(void)
{
	struct fixture f;
	CHECK(fx_blk(&f, false));
	struct guest *g = &f.g;
	CHECK(g_probe(g, ALL_FEATURES, 0));
	struct blk_req r;
	uint32_t ulen;
	unsigned raises = g->irq_raises;
	CHECK_EQ(blk_do(g, VIRTIO_BLK_T_IN, 10, 4096, false, &r, &ulen), VIRTIO_BLK_S_OK);
	CHECK_EQ(ulen, 4097);
	CHECK_EQ(g->irq_raises, raises + 1);
	CHECK(!g->irq);                                   /* acknowledged */
	uint8_t *d = g_ptr(g, r.data);
	for (unsigned s = 0; s < 8; s++)
		for (unsigned i = 0; i < 512; i++)
			CHECK_EQ(d[s * 512 + i], (uint8_t)((10 + s) * 7 + 1));
	/* Dirty logging hears of the data buffer and the status byte (the
	 * device-writable part), not of the request header it only read. */
	CHECK(g_page_dirty(g, r.data) && g_page_dirty(g, r.data + 4095));
	CHECK(g_page_dirty(g, r.status));
	memset(g->dirty, 0, sizeof(g->dirty));
	CHECK_EQ(blk_do(g, VIRTIO_BLK_T_IN, 10, 512, false, &r, &ulen), VIRTIO_BLK_S_OK);
	CHECK(g_page_dirty(g, r.data) && g_page_dirty(g, r.status));
	CHECK(!g_page_dirty(g, r.hdr) || (r.hdr >> 12) == (r.data >> 12) || (r.hdr >> 12) == (r.status >> 12));
	/* The last sector. */
	CHECK_EQ(blk_do(g, VIRTIO_BLK_T_IN, IMG_SECTORS - 1, 512, false, &r, NULL), VIRTIO_BLK_S_OK);
	CHECK_EQ(((uint8_t *)g_ptr(g, r.data))[511], (uint8_t)((IMG_SECTORS - 1) * 7 + 1));
	fx_exit(&f);
	return true;
}

static bool t_blk_write(void)
{
	struct fixture f;
	CHECK(fx_blk(&f, false));
	struct guest *g = &f.g;
	CHECK(g_probe(g, ALL_FEATURES, 0));
	uint32_t ulen;
	CHECK_EQ(blk_do(g, VIRTIO_BLK_T_OUT, 100, 1024, true, NULL, &ulen), VIRTIO_BLK_S_OK);
	CHECK_EQ(ulen, 1);
	uint8_t buf[1024 + 512];
	CHECK(image_read(100 * 512, buf, sizeof(buf)));
	for (unsigned i = 0; i < 1024; i++)
		CHECK_EQ(buf[i], (uint8_t)(i * 13 + 5));
	CHECK_EQ(buf[1024], (uint8_t)(102 * 7 + 1));      /* untouched */
	/* Read back through the device. */
	struct blk_req r;
	CHECK_EQ(blk_do(g, VIRTIO_BLK_T_IN, 100, 1024, false, &r, NULL), VIRTIO_BLK_S_OK);
	CHECK(memcmp(g_ptr(g, r.data), buf, 1024) == 0);
	CHECK_EQ(blk_do(g, VIRTIO_BLK_T_FLUSH, 0, 0, false, NULL, &ulen), VIRTIO_BLK_S_OK);
	CHECK_EQ(ulen, 1);
	fx_exit(&f);
	return true;
}

static bool t_blk_get_id(void)
{
	struct fixture f;
	CHECK(fx_blk(&f, false));
	struct guest *g = &f.g;
	CHECK(g_probe(g, ALL_FEATURES, 0));
	struct blk_req r;
	uint32_t ulen;
	CHECK_EQ(blk_do(g, VIRTIO_BLK_T_GET_ID, 0, 20, false, &r, &ulen), VIRTIO_BLK_S_OK);
	CHECK_EQ(ulen, 21);
	char want[20] = "test-serial-0123";
	CHECK(memcmp(g_ptr(g, r.data), want, 20) == 0);
	/* Too short a buffer. */
	CHECK_EQ(blk_do(g, VIRTIO_BLK_T_GET_ID, 0, 8, false, NULL, NULL), VIRTIO_BLK_S_IOERR);
	fx_exit(&f);
	return true;
}

/* Requests the device refuses by status: the queue stays usable. */
static bool t_blk_errors(void)
{
	struct fixture f;
	CHECK(fx_blk(&f, false));
	struct guest *g = &f.g;
	CHECK(g_probe(g, ALL_FEATURES, 0));
	CHECK_EQ(blk_do(g, VIRTIO_BLK_T_IN, IMG_SECTORS, 512, false, NULL, NULL), VIRTIO_BLK_S_IOERR);
	CHECK_EQ(blk_do(g, VIRTIO_BLK_T_IN, IMG_SECTORS - 1, 1024, false, NULL, NULL),
		 VIRTIO_BLK_S_IOERR);
	CHECK_EQ(blk_do(g, VIRTIO_BLK_T_IN, ~0ULL, 512, false, NULL, NULL), VIRTIO_BLK_S_IOERR);
	CHECK_EQ(blk_do(g, VIRTIO_BLK_T_IN, ~0ULL / 512, 512, false, NULL, NULL), VIRTIO_BLK_S_IOERR);
	CHECK_EQ(blk_do(g, VIRTIO_BLK_T_OUT, ~0ULL - 1, 1024, true, NULL, NULL), VIRTIO_BLK_S_IOERR);
	CHECK_EQ(blk_do(g, VIRTIO_BLK_T_OUT, IMG_SECTORS, 512, true, NULL, NULL), VIRTIO_BLK_S_IOERR);
	CHECK_EQ(blk_do(g, VIRTIO_BLK_T_IN, 0, 100, false, NULL, NULL), VIRTIO_BLK_S_IOERR);
	CHECK_EQ(blk_do(g, VIRTIO_BLK_T_OUT, 0, 700, true, NULL, NULL), VIRTIO_BLK_S_IOERR);
	/* DISCARD whose one segment (the fill pattern) has unknown flags. */
	CHECK_EQ(blk_do(g, VIRTIO_BLK_T_DISCARD, 0, 16, true, NULL, NULL), VIRTIO_BLK_S_UNSUPP);
	CHECK_EQ(blk_do(g, 0x12345678, 0, 0, false, NULL, NULL), VIRTIO_BLK_S_UNSUPP);
	CHECK_EQ(blk_do(g, VIRTIO_BLK_T_IN, 0, 0, false, NULL, NULL), VIRTIO_BLK_S_OK);
	CHECK_EQ(g_rd(g, VIRTIO_MMIO_STATUS) & NEEDS_RESET, 0);
	uint8_t buf[512];
	CHECK(image_read((IMG_SECTORS - 1) * 512ULL, buf, 512));
	CHECK_EQ(buf[0], (uint8_t)((IMG_SECTORS - 1) * 7 + 1));
	CHECK(blk_works(g));
	CHECK_EQ(log_lines(&f), 0);
	fx_exit(&f);
	return true;
}

/* DISCARD / WRITE_ZEROES with nsegs segments (sector, count, flags). */
static int blk_dwz(struct guest *g, uint32_t type, const uint64_t (*segs)[3], unsigned nsegs)
{
	uint32_t len = 16 * nsegs;
	struct blk_req r = blk_prepare(g, type, 0, len);
	for (unsigned i = 0; i < nsegs; i++) {
		g_w64(g, r.data + 16 * i, segs[i][0]);
		g_w32(g, r.data + 16 * i + 8, (uint32_t)segs[i][1]);
		g_w32(g, r.data + 16 * i + 12, (uint32_t)segs[i][2]);
	}
	uint16_t head = blk_chain(g, &r, len, true);
	g_avail(g, head);
	g_notify(g);
	uint32_t id, ulen;
	if (!g_get_used(g, &id, &ulen) || id != head || ulen != 1)
		return -1;
	g_irq_ack(g);
	return *(uint8_t *)g_ptr(g, r.status);
}

static bool image_zero(uint64_t sector, unsigned n)
{
	uint8_t buf[512];
	for (unsigned s = 0; s < n; s++) {
		if (!image_read((sector + s) * 512, buf, sizeof(buf)))
			return false;
		for (unsigned i = 0; i < sizeof(buf); i++)
			if (buf[i])
				return false;
	}
	return true;
}

/* 5.2.6: discard and write-zeroes leave zeros (a punched hole reads as
 * zeros), per segment, and only there; bad segments fail the request. */
static bool t_blk_discard_write_zeroes(void)
{
	struct fixture f;
	CHECK(fx_blk(&f, false));
	struct guest *g = &f.g;
	CHECK(g_probe(g, ALL_FEATURES, 0));
	CHECK(f.blk.vdev.driver_features & VIRTIO_BIT(VIRTIO_BLK_F_DISCARD));
	CHECK(f.blk.vdev.driver_features & VIRTIO_BIT(VIRTIO_BLK_F_WRITE_ZEROES));
	CHECK_EQ(g_rd(g, VIRTIO_MMIO_CONFIG + 40), VIRTIO_BLK_MAX_DISCARD_SEG);
	CHECK_EQ(virtio_mmio_ops.read(&g->t, VIRTIO_MMIO_CONFIG + 56, 1), 1);  /* may unmap */
	const uint64_t two[2][3] = { { 8, 8, 0 }, { 64, 16, 0 } };
	CHECK_EQ(blk_dwz(g, VIRTIO_BLK_T_DISCARD, two, 2), VIRTIO_BLK_S_OK);
	CHECK(image_zero(8, 8) && image_zero(64, 16));
	uint8_t b[512];
	CHECK(image_read(7 * 512, b, 512) && b[511] == (uint8_t)(7 * 7 + 1));
	CHECK(image_read(16 * 512, b, 512) && b[0] == (uint8_t)(16 * 7 + 1));
	const uint64_t wz[2][3] = { { 100, 3, 0 }, { 200, 5, VIRTIO_BLK_WRITE_ZEROES_FLAG_UNMAP } };
	CHECK_EQ(blk_dwz(g, VIRTIO_BLK_T_WRITE_ZEROES, wz, 2), VIRTIO_BLK_S_OK);
	CHECK(image_zero(100, 3) && image_zero(200, 5));
	CHECK(image_read(103 * 512, b, 512) && b[0] == (uint8_t)(103 * 7 + 1));
	/* Unknown flags, the unmap flag on a discard: UNSUPP.  Out of range,
	 * too many segments, none: IOERR.  Nothing changes. */
	const uint64_t flag[1][3] = { { 300, 1, 2 } }, unmap[1][3] = { { 300, 1, 1 } };
	CHECK_EQ(blk_dwz(g, VIRTIO_BLK_T_WRITE_ZEROES, flag, 1), VIRTIO_BLK_S_UNSUPP);
	CHECK_EQ(blk_dwz(g, VIRTIO_BLK_T_DISCARD, unmap, 1), VIRTIO_BLK_S_UNSUPP);
	const uint64_t out[1][3] = { { IMG_SECTORS - 1, 2, 0 } }, huge[1][3] = { { ~0ULL, 1, 0 } };
	CHECK_EQ(blk_dwz(g, VIRTIO_BLK_T_DISCARD, out, 1), VIRTIO_BLK_S_IOERR);
	CHECK_EQ(blk_dwz(g, VIRTIO_BLK_T_WRITE_ZEROES, huge, 1), VIRTIO_BLK_S_IOERR);
	static uint64_t many[VIRTIO_BLK_MAX_DISCARD_SEG + 1][3];
	for (unsigned i = 0; i <= VIRTIO_BLK_MAX_DISCARD_SEG; i++)
		many[i][0] = 400 + i, many[i][1] = 1;
	CHECK_EQ(blk_dwz(g, VIRTIO_BLK_T_DISCARD, many, VIRTIO_BLK_MAX_DISCARD_SEG + 1),
		 VIRTIO_BLK_S_IOERR);
	CHECK_EQ(blk_do(g, VIRTIO_BLK_T_DISCARD, 0, 0, false, NULL, NULL), VIRTIO_BLK_S_IOERR);
	CHECK(image_read(300 * 512, b, 512) && b[0] == (uint8_t)(300 * 7 + 1));
	CHECK(image_read(400 * 512, b, 512) && b[0] == (uint8_t)(400 * 7 + 1));
	CHECK_EQ(g_rd(g, VIRTIO_MMIO_STATUS) & NEEDS_RESET, 0);
	CHECK(blk_works(g));
	fx_exit(&f);

	/* Read-only: neither is offered, and both fail. */
	CHECK(fx_blk(&f, true));
	g = &f.g;
	CHECK(g_probe(g, ALL_FEATURES, 0));
	CHECK(!(f.blk.vdev.driver_features & VIRTIO_BIT(VIRTIO_BLK_F_DISCARD)));
	CHECK_EQ(blk_dwz(g, VIRTIO_BLK_T_DISCARD, two, 1), VIRTIO_BLK_S_IOERR);
	CHECK(image_read(8 * 512, b, 512) && b[0] == (uint8_t)(8 * 7 + 1));
	fx_exit(&f);
	return true;
}

/* Save a running blk device and its transport, replace both with fresh
 * ones on the same guest RAM and image, load: the driver carries on with
 * its own ring indices as if nothing happened.  A state that is not this
 * device's, or names a bad ring, is refused and leaves it reset. */
static bool t_state_save_load(void)
{
	struct fixture f;
	CHECK(fx_blk(&f, false));
	struct guest *g = &f.g;
	CHECK(g_probe(g, ALL_FEATURES, 0));
	for (unsigned i = 0; i < 3; i++)
		CHECK_EQ(blk_do(g, VIRTIO_BLK_T_IN, 10 + i, 512, false, NULL, NULL), VIRTIO_BLK_S_OK);
	g_wr(g, VIRTIO_MMIO_QUEUE_SEL, 0);
	static struct virtio_mmio_state st;
	virtio_mmio_save(&g->t, &st);
	CHECK_EQ(st.dev.vq[0].used_idx, 3);
	CHECK_EQ(st.dev.vq[0].last_avail, 3);
	CHECK(st.dev.status & VIRTIO_STATUS_DRIVER_OK);

	/* A new device and transport: what a restored VM would build. */
	virtio_blk_exit(&f.blk);
	struct virtio_blk_opts o = { .path = img_path, .serial = "test-serial-0123" };
	CHECK(virtio_blk_init(&f.blk, &o) == 0);
	f.blk.vdev.log = f.log;
	struct virtio_mmio_env env = {
		.mem = { g->ram, G_RAM_BASE, G_RAM_SIZE, g_mark_dirty, g },
		.set_irq = g_set_irq, .irq_opaque = g,
	};
	CHECK(virtio_mmio_init(&g->t, &f.blk.vdev, &env) == 0);
	CHECK_EQ(g_rd(g, VIRTIO_MMIO_STATUS), 0);
	CHECK_EQ(virtio_mmio_load(&g->t, &st), 0);
	CHECK_EQ(g_rd(g, VIRTIO_MMIO_STATUS), st.dev.status);
	CHECK_EQ(g_rd(g, VIRTIO_MMIO_QUEUE_READY), 1);
	struct blk_req r;
	CHECK_EQ(blk_do(g, VIRTIO_BLK_T_IN, 77, 512, false, &r, NULL), VIRTIO_BLK_S_OK);
	CHECK_EQ(((uint8_t *)g_ptr(g, r.data))[0], (uint8_t)(77 * 7 + 1));
	CHECK_EQ(g_used_idx(g), 4);
	CHECK(blk_works(g));

	/* Refused: a queue size that is no power of two, a ring outside RAM,
	 * another device's state, a feature the device does not offer. */
	static struct virtio_mmio_state bad;
	const char *why[] = { "num", "ring", "device", "feature" };
	for (unsigned k = 0; k < 4; k++) {
		bad = st;
		if (k == 0)
			bad.dev.vq[0].num = 3;
		else if (k == 1)
			bad.dev.vq[0].used_gpa = G_RAM_BASE + G_RAM_SIZE - 2;
		else if (k == 2)
			bad.dev.device_id = VIRTIO_ID_ENTROPY;
		else
			bad.dev.driver_features |= VIRTIO_BIT(VIRTIO_BLK_F_SIZE_MAX);
		if (virtio_mmio_load(&g->t, &bad) != -EINVAL) {
			fprintf(stderr, "  %s: bad state (%s) accepted\n", cur, why[k]);
			return false;
		}
		CHECK_EQ(g_rd(g, VIRTIO_MMIO_STATUS), 0);
		CHECK_EQ(g_rd(g, VIRTIO_MMIO_QUEUE_READY), 0);
	}
	CHECK_EQ(log_lines(&f), 0);   /* a refused load is not the guest's error */
	fx_exit(&f);
	return true;
}

/* ,direct: aligned transfers go through an O_DIRECT descriptor, others
 * (a buffer the guest misaligned) through the buffered one; both read and
 * write the same image. */
static bool t_blk_direct(void)
{
	struct fixture f;
	memset(&f, 0, sizeof(f));
	CHECK(make_image());
	struct virtio_blk_opts o = { .path = img_path, .direct = true };
	CHECK(virtio_blk_init(&f.blk, &o) == 0);
	f.is_blk = true;
	f.log = tmpfile();
	f.blk.vdev.log = f.log;
	CHECK(g_init(&f.g, &f.blk.vdev) == 0);
	struct guest *g = &f.g;
	/* TMPDIR on tmpfs has no O_DIRECT: then this case only checks the
	 * buffered fallback. */
	bool direct = f.blk.fd_direct >= 0;
	if (direct)
		CHECK(fcntl(f.blk.fd_direct, F_GETFL) & O_DIRECT);
	CHECK(g_probe(g, ALL_FEATURES, 0));
	struct blk_req r;
	g->brk = (g->brk + 4095) & ~4095ULL;
	CHECK_EQ(blk_do(g, VIRTIO_BLK_T_IN, 33, 4096, false, &r, NULL), VIRTIO_BLK_S_OK);
	CHECK_EQ(((uint8_t *)g_ptr(g, r.data))[4095], (uint8_t)(40 * 7 + 1));
	g->brk = ((g->brk + 4095) & ~4095ULL) + 3;    /* a misaligned buffer */
	CHECK_EQ(blk_do(g, VIRTIO_BLK_T_OUT, 50, 1024, true, &r, NULL), VIRTIO_BLK_S_OK);
	uint8_t b[1024];
	CHECK(image_read(50 * 512, b, sizeof(b)));
	CHECK_EQ(b[1023], (uint8_t)(1023 * 13 + 5));
	g->brk = (g->brk + 4095) & ~4095ULL;
	CHECK_EQ(blk_do(g, VIRTIO_BLK_T_IN, 50, 1024, false, &r, NULL), VIRTIO_BLK_S_OK);
	CHECK_EQ(((uint8_t *)g_ptr(g, r.data))[1023], (uint8_t)(1023 * 13 + 5));
	CHECK_EQ(blk_do(g, VIRTIO_BLK_T_FLUSH, 0, 0, false, NULL, NULL), VIRTIO_BLK_S_OK);
	CHECK_EQ(log_lines(&f), 0);
	fx_exit(&f);
	return true;
}

/* How many pages of the image's [off, off + len) the host caches (cachestat,
 * as blk.c asks it), or -1 where the kernel cannot say. */
#ifndef __NR_cachestat
#define __NR_cachestat 451
#endif
static long image_cached_pages(uint64_t off, uint64_t len)
{
	struct { uint64_t off, len; } range = { off, len };
	uint64_t cs[5];
	int fd = open(img_path, O_RDONLY);
	long r = fd < 0 ? -1 : syscall(__NR_cachestat, fd, &range, cs, 0);
	if (fd >= 0)
		close(fd);
	return r < 0 ? -1 : (long)cs[0];
}

/* The image written back and dropped from the host's page cache. */
static bool image_drop_cache(void)
{
	int fd = open(img_path, O_RDWR);
	bool ok = fd >= 0 && fdatasync(fd) == 0 && posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED) == 0;
	if (fd >= 0)
		close(fd);
	return ok;
}

static bool sectors_hold_pattern(const uint8_t *p, uint64_t sector, unsigned n)
{
	for (unsigned s = 0; s < n; s++)
		for (unsigned i = 0; i < 512; i += 97)
			if (p[s * 512 + i] != (uint8_t)((sector + s) * 7 + 1))
				return false;
	return true;
}

/* Buffered: a large page-aligned read of a range the host has not wholly
 * cached goes O_DIRECT (counted; it leaves the missing pages uncached); a
 * small read, a wholly cached range, a misaligned buffer and data just
 * written (dirty in the cache) take the page cache; every one reads the
 * image's data. */
static bool t_blk_cold_read(void)
{
	struct fixture f;
	CHECK(fx_blk(&f, false));
	struct guest *g = &f.g;
	CHECK(g_probe(g, ALL_FEATURES, 0));
	CHECK(image_drop_cache());
	/* Without O_DIRECT (TMPDIR on tmpfs) or cachestat (before Linux 6.5)
	 * there is no cold path; then only the data is checked. */
	bool cold = f.blk.fd_direct >= 0 && image_cached_pages(0, 4096) >= 0;
	CHECK_EQ(f.blk.cold_direct, cold);
	if (cold)
		CHECK(!(fcntl(f.blk.fd_direct, F_GETFL) & O_ACCMODE));   /* O_RDONLY */
	const uint32_t big = VIRTIO_BLK_COLD_READ_MIN * 2, small = VIRTIO_BLK_COLD_READ_MIN / 2;
	uint64_t n = 0;

	uint64_t buf = g_alloc_page_aligned(g, big);
	CHECK_EQ(blk_do_at(g, VIRTIO_BLK_T_IN, 512, big, false, buf), VIRTIO_BLK_S_OK);
	CHECK(sectors_hold_pattern(g_ptr(g, buf), 512, big / 512));
	if (cold) {
		CHECK_EQ(f.blk.cold_reads, ++n);
		CHECK_EQ(image_cached_pages(512 * 512, big), 0);
	}

	CHECK_EQ(blk_do_at(g, VIRTIO_BLK_T_IN, 0, small, false, buf), VIRTIO_BLK_S_OK);
	CHECK(sectors_hold_pattern(g_ptr(g, buf), 0, small / 512));
	if (cold) {
		CHECK_EQ(f.blk.cold_reads, n);
		CHECK_EQ(image_cached_pages(0, small), small / 4096);
	}

	/* All but one page of the range cached: O_DIRECT; all: buffered. */
	static uint8_t cache[VIRTIO_BLK_COLD_READ_MIN * 2];
	CHECK(image_read(1536 * 512 + 4096, cache, big - 4096));
	CHECK_EQ(blk_do_at(g, VIRTIO_BLK_T_IN, 1536, big, false, buf), VIRTIO_BLK_S_OK);
	CHECK(sectors_hold_pattern(g_ptr(g, buf), 1536, big / 512));
	if (cold) {
		CHECK_EQ(f.blk.cold_reads, ++n);
		CHECK_EQ(image_cached_pages(1536 * 512, big), big / 4096 - 1);
	}
	CHECK(image_read(1536 * 512, cache, big));
	memset(g_ptr(g, buf), 0, big);
	CHECK_EQ(blk_do_at(g, VIRTIO_BLK_T_IN, 1536, big, false, buf), VIRTIO_BLK_S_OK);
	CHECK(sectors_hold_pattern(g_ptr(g, buf), 1536, big / 512));
	CHECK_EQ(f.blk.cold_reads, n);

	/* Not page-aligned in guest memory. */
	CHECK(image_drop_cache());
	uint64_t odd = g_alloc_page_aligned(g, big + 512) + 512;
	CHECK_EQ(blk_do_at(g, VIRTIO_BLK_T_IN, 1024, big, false, odd), VIRTIO_BLK_S_OK);
	CHECK(sectors_hold_pattern(g_ptr(g, odd), 1024, big / 512));
	if (cold) {
		CHECK_EQ(f.blk.cold_reads, n);
		CHECK_EQ(image_cached_pages(1024 * 512, big), big / 4096);
	}

	/* Written, not yet on the disk, read back whole. */
	CHECK(image_drop_cache());
	for (uint32_t i = 0; i < big; i++)
		((uint8_t *)g_ptr(g, buf))[i] = (uint8_t)(i * 13 + 5);
	CHECK_EQ(blk_do_at(g, VIRTIO_BLK_T_OUT, 512, big, true, buf), VIRTIO_BLK_S_OK);
	memset(g_ptr(g, buf), 0, big);
	CHECK_EQ(blk_do_at(g, VIRTIO_BLK_T_IN, 512, big, false, buf), VIRTIO_BLK_S_OK);
	for (uint32_t i = 0; i < big; i += 61)
		CHECK_EQ(((uint8_t *)g_ptr(g, buf))[i], (uint8_t)(i * 13 + 5));
	CHECK_EQ(f.blk.cold_reads, n);
	CHECK_EQ(log_lines(&f), 0);
	fx_exit(&f);
	return true;
}

static bool t_blk_readonly(void)
{
	struct fixture f;
	CHECK(fx_blk(&f, true));
	struct guest *g = &f.g;
	CHECK(g_probe(g, ALL_FEATURES, 0));
	CHECK(g->features & VIRTIO_BIT(VIRTIO_BLK_F_RO));
	CHECK_EQ(blk_do(g, VIRTIO_BLK_T_OUT, 5, 512, true, NULL, NULL), VIRTIO_BLK_S_IOERR);
	uint8_t buf[512];
	CHECK(image_read(5 * 512, buf, 512));
	CHECK_EQ(buf[0], (uint8_t)(5 * 7 + 1));
	CHECK_EQ(blk_do(g, VIRTIO_BLK_T_FLUSH, 0, 0, false, NULL, NULL), VIRTIO_BLK_S_OK);
	CHECK(blk_works(g));
	fx_exit(&f);
	return true;
}

/* 2.7.4: any framing.  Header split over two descriptors, data and status
 * in one. */
static bool t_blk_any_layout(void)
{
	struct fixture f;
	CHECK(fx_blk(&f, false));
	struct guest *g = &f.g;
	CHECK(g_probe(g, ALL_FEATURES, 0));
	struct blk_req r = blk_prepare(g, VIRTIO_BLK_T_IN, 3, 0);
	uint64_t buf = g_alloc(g, 513);
	g_desc(g, 0, r.hdr, 8, VIRTQ_DESC_F_NEXT, 5);
	g_desc(g, 5, r.hdr + 8, 8, VIRTQ_DESC_F_NEXT, 2);
	g_desc(g, 2, buf, 513, VIRTQ_DESC_F_WRITE, 0);
	g_avail(g, 0);
	g_notify(g);
	uint32_t id, len;
	CHECK(g_get_used(g, &id, &len));
	CHECK_EQ(id, 0);
	CHECK_EQ(len, 513);
	CHECK_EQ(((uint8_t *)g_ptr(g, buf))[0], 3 * 7 + 1);
	CHECK_EQ(((uint8_t *)g_ptr(g, buf))[512], VIRTIO_BLK_S_OK);
	/* A write with the header and data in one descriptor, a zero-length
	 * descriptor in the middle. */
	uint64_t w = g_alloc(g, 16 + 512);
	g_w32(g, w, VIRTIO_BLK_T_OUT);
	g_w64(g, w + 8, 7);
	memset(g_ptr(g, w + 16), 0xab, 512);
	g_desc(g, 7, w, 16 + 512, VIRTQ_DESC_F_NEXT, 8);
	g_desc(g, 8, 0, 0, VIRTQ_DESC_F_NEXT, 9);
	g_desc(g, 9, r.status, 1, VIRTQ_DESC_F_WRITE, 0);
	g_avail(g, 7);
	g_notify(g);
	CHECK(g_get_used(g, &id, &len));
	CHECK_EQ(id, 7);
	CHECK_EQ(*(uint8_t *)g_ptr(g, r.status), VIRTIO_BLK_S_OK);
	uint8_t img[512];
	CHECK(image_read(7 * 512, img, 512));
	CHECK_EQ(img[0], 0xab);
	CHECK_EQ(img[511], 0xab);
	fx_exit(&f);
	return true;
}

static bool t_blk_indirect(void)
{
	struct fixture f;
	CHECK(fx_blk(&f, false));
	struct guest *g = &f.g;
	CHECK(g_probe(g, ALL_FEATURES, 0));
	/* A single indirect table holding the whole request, the data in two
	 * segments. */
	struct blk_req r = blk_prepare(g, VIRTIO_BLK_T_IN, 20, 1024);
	uint64_t t = g_alloc(g, 4 * 16);
	g_desc_at(g, t, 0, r.hdr, 16, VIRTQ_DESC_F_NEXT, 1);
	g_desc_at(g, t, 1, r.data, 512, VIRTQ_DESC_F_NEXT | VIRTQ_DESC_F_WRITE, 3);
	g_desc_at(g, t, 3, r.data + 512, 512, VIRTQ_DESC_F_NEXT | VIRTQ_DESC_F_WRITE, 2);
	g_desc_at(g, t, 2, r.status, 1, VIRTQ_DESC_F_WRITE, 0);
	/* The WRITE flag on the table's descriptor is ignored (2.7.5.3.2). */
	g_desc(g, 4, t, 4 * 16, VIRTQ_DESC_F_INDIRECT | VIRTQ_DESC_F_WRITE, 0);
	g_avail(g, 4);
	g_notify(g);
	uint32_t id, len;
	CHECK(g_get_used(g, &id, &len));
	CHECK_EQ(id, 4);
	CHECK_EQ(len, 1025);
	CHECK_EQ(*(uint8_t *)g_ptr(g, r.status), VIRTIO_BLK_S_OK);
	CHECK_EQ(((uint8_t *)g_ptr(g, r.data))[0], (uint8_t)(20 * 7 + 1));
	CHECK_EQ(((uint8_t *)g_ptr(g, r.data))[1023], (uint8_t)(21 * 7 + 1));
	/* Direct descriptors followed by an indirect one (2.7.5.3.2). */
	r = blk_prepare(g, VIRTIO_BLK_T_IN, 30, 512);
	t = g_alloc(g, 2 * 16);
	g_desc_at(g, t, 0, r.data, 512, VIRTQ_DESC_F_NEXT | VIRTQ_DESC_F_WRITE, 1);
	g_desc_at(g, t, 1, r.status, 1, VIRTQ_DESC_F_WRITE, 0);
	g_desc(g, 10, r.hdr, 16, VIRTQ_DESC_F_NEXT, 11);
	g_desc(g, 11, t, 2 * 16, VIRTQ_DESC_F_INDIRECT, 0);
	g_avail(g, 10);
	g_notify(g);
	CHECK(g_get_used(g, &id, &len));
	CHECK_EQ(id, 10);
	CHECK_EQ(*(uint8_t *)g_ptr(g, r.status), VIRTIO_BLK_S_OK);
	CHECK_EQ(((uint8_t *)g_ptr(g, r.data))[0], (uint8_t)(30 * 7 + 1));
	fx_exit(&f);
	return true;
}

/* Several requests per notify, one interrupt; then a full ring wrapping
 * the 16-bit indices. */
static bool t_blk_batch_wrap(void)
{
	struct fixture f;
	CHECK(fx_blk(&f, false));
	struct guest *g = &f.g;
	CHECK(g_probe(g, ALL_FEATURES & ~VIRTIO_BIT(VIRTIO_F_EVENT_IDX), 8));
	struct blk_req r[2];
	uint16_t h[2];
	for (int i = 0; i < 2; i++) {
		r[i] = blk_prepare(g, VIRTIO_BLK_T_IN, 40 + i, 512);
		h[i] = blk_chain(g, &r[i], 512, false);
		g_avail(g, h[i]);
	}
	unsigned raises = g->irq_raises;
	g_notify(g);
	CHECK_EQ(g->irq_raises, raises + 1);
	CHECK_EQ(g_irq_ack(g), VIRTIO_INT_USED_BUFFER);
	for (int i = 0; i < 2; i++) {
		uint32_t id, len;
		CHECK(g_get_used(g, &id, &len));
		CHECK_EQ(id, h[i]);
		CHECK_EQ(((uint8_t *)g_ptr(g, r[i].data))[0], (uint8_t)((40 + i) * 7 + 1));
	}
	/* 70000 single requests: the free-running indices wrap at 65536. */
	for (unsigned i = 0; i < 70000; i++) {
		g->brk = G_HEAP;
		if (blk_do(g, VIRTIO_BLK_T_IN, i % IMG_SECTORS, 512, false, NULL, NULL) != 0)
			CHECK(!"request failed");
	}
	CHECK_EQ(g_used_idx(g), (uint16_t)70002);
	CHECK(blk_works(g));
	fx_exit(&f);
	return true;
}

/* Notification suppression: VIRTQ_AVAIL_F_NO_INTERRUPT, then used_event
 * and avail_event with VIRTIO_F_EVENT_IDX (2.7.7, 2.7.10). */
static bool t_notify_suppression(void)
{
	struct fixture f;
	CHECK(fx_blk(&f, false));
	struct guest *g = &f.g;
	CHECK(g_probe(g, ALL_FEATURES & ~VIRTIO_BIT(VIRTIO_F_EVENT_IDX), 16));
	g_w16(g, G_AVAIL, VIRTQ_AVAIL_F_NO_INTERRUPT);
	unsigned raises = g->irq_raises;
	CHECK_EQ(blk_do(g, VIRTIO_BLK_T_IN, 0, 512, false, NULL, NULL), 0);
	CHECK_EQ(g->irq_raises, raises);
	g_w16(g, G_AVAIL, 0);
	CHECK_EQ(blk_do(g, VIRTIO_BLK_T_IN, 0, 512, false, NULL, NULL), 0);
	CHECK_EQ(g->irq_raises, raises + 1);
	fx_exit(&f);

	CHECK(fx_blk(&f, false));
	g = &f.g;
	CHECK(g_probe(g, ALL_FEATURES, 16));
	CHECK(g->features & VIRTIO_BIT(VIRTIO_F_EVENT_IDX));
	uint64_t used_event = G_AVAIL + 4 + 2 * 16, avail_event = G_USED + 4 + 8 * 16;
	g_w16(g, used_event, 2);     /* interrupt when used idx goes past 2 */
	raises = g->irq_raises;
	CHECK_EQ(blk_do(g, VIRTIO_BLK_T_IN, 0, 512, false, NULL, NULL), 0);   /* idx 1 */
	CHECK_EQ(blk_do(g, VIRTIO_BLK_T_IN, 0, 512, false, NULL, NULL), 0);   /* idx 2 */
	CHECK_EQ(g->irq_raises, raises);
	CHECK_EQ(blk_do(g, VIRTIO_BLK_T_IN, 0, 512, false, NULL, NULL), 0);   /* idx 3 */
	CHECK_EQ(g->irq_raises, raises + 1);
	/* The device asks to be notified at the next available entry. */
	CHECK_EQ(g_r16(g, avail_event), 3);
	fx_exit(&f);
	return true;
}

/* Buffers made available before DRIVER_OK wait for it (3.1.1). */
static bool t_driver_ok_gate(void)
{
	struct fixture f;
	CHECK(fx_blk(&f, false));
	struct guest *g = &f.g;
	CHECK(g_negotiate(g, ALL_FEATURES));
	CHECK(g_setup_queue_at(g, 0, G_DESC, G_AVAIL, G_USED));
	struct blk_req r = blk_prepare(g, VIRTIO_BLK_T_IN, 1, 512);
	g_avail(g, blk_chain(g, &r, 512, false));
	g_notify(g);
	CHECK_EQ(g_used_idx(g), 0);
	CHECK(!g->irq);
	g_driver_ok(g);
	CHECK_EQ(g_used_idx(g), 1);
	CHECK(g->irq);
	CHECK_EQ(*(uint8_t *)g_ptr(g, r.status), VIRTIO_BLK_S_OK);
	/* Queue layout registers are frozen while the queue is ready. */
	g_wr(g, VIRTIO_MMIO_QUEUE_NUM, 4);
	g_wr(g, VIRTIO_MMIO_QUEUE_DESC_LOW, 0x1000);
	CHECK_EQ(f.blk.vdev.vqs[0].num, VIRTIO_BLK_QUEUE_SIZE);
	CHECK_EQ(f.blk.vdev.vqs[0].desc_gpa, G_DESC);
	/* Disabling the queue (Linux del_vq) reads back 0. */
	g_wr(g, VIRTIO_MMIO_QUEUE_READY, 0);
	CHECK_EQ(g_rd(g, VIRTIO_MMIO_QUEUE_READY), 0);
	fx_exit(&f);
	return true;
}

static bool t_reset(void)
{
	struct fixture f;
	CHECK(fx_blk(&f, false));
	struct guest *g = &f.g;
	CHECK(g_probe(g, ALL_FEATURES, 0));
	struct blk_req r = blk_prepare(g, VIRTIO_BLK_T_IN, 1, 512);
	g_avail(g, blk_chain(g, &r, 512, false));
	g_notify(g);
	CHECK(g->irq);
	g_wr(g, VIRTIO_MMIO_STATUS, 0);
	CHECK_EQ(g_rd(g, VIRTIO_MMIO_STATUS), 0);
	CHECK_EQ(g_rd(g, VIRTIO_MMIO_INTERRUPT_STATUS), 0);
	CHECK(!g->irq);
	g_wr(g, VIRTIO_MMIO_QUEUE_SEL, 0);
	CHECK_EQ(g_rd(g, VIRTIO_MMIO_QUEUE_READY), 0);
	CHECK_EQ(f.blk.vdev.driver_features, 0);
	/* DEVICE_NEEDS_RESET is the device's bit: the driver cannot set it. */
	g_wr(g, VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE | NEEDS_RESET);
	CHECK_EQ(g_rd(g, VIRTIO_MMIO_STATUS), VIRTIO_STATUS_ACKNOWLEDGE);
	g_wr(g, VIRTIO_MMIO_STATUS, 0);
	/* Notify after reset touches nothing. */
	g_notify(g);
	CHECK(!g->irq);
	CHECK(g_probe(g, ALL_FEATURES, 0));
	CHECK(blk_works(g));
	fx_exit(&f);
	return true;
}

static bool t_rng(void)
{
	struct fixture f;
	CHECK(fx_rng(&f));
	struct guest *g = &f.g;
	CHECK(g_probe(g, ALL_FEATURES, 0));
	uint64_t a = g_alloc(g, 64), b = g_alloc(g, 100);
	g_desc(g, 0, a, 64, VIRTQ_DESC_F_WRITE | VIRTQ_DESC_F_NEXT, 1);
	g_desc(g, 1, b, 100, VIRTQ_DESC_F_WRITE, 0);
	g_avail(g, 0);
	g_notify(g);
	uint32_t id, len;
	CHECK(g_get_used(g, &id, &len));
	CHECK_EQ(id, 0);
	CHECK_EQ(len, 164);
	CHECK(g->irq);
	unsigned zero_a = 0, zero_b = 0;
	for (int i = 0; i < 64; i++)
		zero_a += ((uint8_t *)g_ptr(g, a))[i] == 0;
	for (int i = 0; i < 100; i++)
		zero_b += ((uint8_t *)g_ptr(g, b))[i] == 0;
	CHECK(zero_a < 16 && zero_b < 20);
	/* A huge request is served up to the per-request budget. */
	uint64_t big = g_alloc(g, 1 << 20);
	g_desc(g, 2, big, 1 << 20, VIRTQ_DESC_F_WRITE, 0);
	g_avail(g, 2);
	g_notify(g);
	CHECK(g_get_used(g, &id, &len));
	CHECK_EQ(id, 2);
	CHECK_EQ(len, VIRTIO_RNG_MAX_REQUEST);
	CHECK_EQ(g_rd(g, VIRTIO_MMIO_STATUS) & NEEDS_RESET, 0);
	fx_exit(&f);
	return true;
}

/* ---- hostile guests --------------------------------------------------- */

/* A guest that makes the device refill its own available ring: a read
 * whose data lands on the avail ring and on its own header.  Sector s
 * holds avail idx s + 2, ring entries naming head 0, and a header asking
 * for sector s + 1 next, so every request makes one more available.  One
 * run consumes at most QueueNum chains; the rest continues on the next
 * register access (the driver reading InterruptStatus). */
static bool t_bad_self_refill(void)
{
	struct fixture f;
	CHECK(fx_blk(&f, false));
	struct guest *g = &f.g;
	int fd = open(img_path, O_RDWR);
	CHECK(fd >= 0);
	for (uint32_t sct = 0; sct < IMG_SECTORS; sct++) {
		uint8_t b[512] = { 0 };
		uint16_t idx = (uint16_t)(sct + 2);
		uint64_t next = sct + 1;
		memcpy(b + 2, &idx, 2);
		memcpy(b + 64 + 8, &next, 8);       /* header at +64: IN, sector s+1 */
		CHECK(pwrite(fd, b, 512, sct * 512) == 512);
	}
	close(fd);
	CHECK(g_probe(g, ALL_FEATURES & ~VIRTIO_BIT(VIRTIO_F_EVENT_IDX), 16));
	uint64_t status = g_alloc(g, 1);
	g_w32(g, G_AVAIL + 64, VIRTIO_BLK_T_IN);
	g_w64(g, G_AVAIL + 64 + 8, 0);
	g_desc(g, 0, G_AVAIL + 64, 16, VIRTQ_DESC_F_NEXT, 1);
	g_desc(g, 1, G_AVAIL, 512, VIRTQ_DESC_F_NEXT | VIRTQ_DESC_F_WRITE, 2);
	g_desc(g, 2, status, 1, VIRTQ_DESC_F_WRITE, 0);
	g_avail(g, 0);
	g_notify(g);
	CHECK_EQ(g_used_idx(g), 16);
	CHECK(g->irq);
	/* The interrupt handler's read continues the run. */
	g_rd(g, VIRTIO_MMIO_INTERRUPT_STATUS);
	CHECK_EQ(g_used_idx(g), 32);
	g_wr(g, VIRTIO_MMIO_INTERRUPT_ACK, VIRTIO_INT_USED_BUFFER);
	CHECK_EQ(g_used_idx(g), 48);
	/* It ends where the disk ends (sector 2048 is out of range). */
	for (int i = 0; i < 200; i++)
		g_rd(g, VIRTIO_MMIO_STATUS);
	CHECK_EQ(g_used_idx(g), IMG_SECTORS + 1);
	CHECK_EQ(f.blk.vdev.pending, false);
	CHECK_EQ(*(uint8_t *)g_ptr(g, status), VIRTIO_BLK_S_IOERR);
	CHECK_EQ(g_rd(g, VIRTIO_MMIO_STATUS) & NEEDS_RESET, 0);
	fx_exit(&f);
	return true;
}

/* After a ring error: DEVICE_NEEDS_RESET, a configuration change interrupt,
 * the queue stopped, one log line; after a reset the device works again. */
static bool expect_needs_reset(struct fixture *f)
{
	struct guest *g = &f->g;
	CHECK(g_rd(g, VIRTIO_MMIO_STATUS) & NEEDS_RESET);
	CHECK(g_rd(g, VIRTIO_MMIO_INTERRUPT_STATUS) & VIRTIO_INT_CONFIG);
	CHECK(g->irq);
	g_irq_ack(g);
	CHECK(!g->irq);
	/* The driver keeps writing status: NEEDS_RESET stays. */
	g_wr(g, VIRTIO_MMIO_STATUS, g_rd(g, VIRTIO_MMIO_STATUS) | VIRTIO_STATUS_DRIVER_OK);
	CHECK(g_rd(g, VIRTIO_MMIO_STATUS) & NEEDS_RESET);
	/* The queue is stopped: a valid request is not consumed. */
	uint16_t used = g_used_idx(g);
	g->last_used = used;
	if (f->is_blk) {
		g->next_desc = 0;
		struct blk_req r = blk_prepare(g, VIRTIO_BLK_T_IN, 0, 512);
		g_avail(g, blk_chain(g, &r, 512, false));
	} else {
		g_desc(g, 0, g_alloc(g, 16), 16, VIRTQ_DESC_F_WRITE, 0);
		g_avail(g, 0);
	}
	g_notify(g);
	CHECK_EQ(g_used_idx(g), used);
	CHECK(!g->irq);
	CHECK_EQ(log_lines(f), 1);
	/* Reset and start over. */
	g_wr(g, VIRTIO_MMIO_STATUS, 0);
	CHECK_EQ(g_rd(g, VIRTIO_MMIO_STATUS), 0);
	CHECK(g_probe(g, ALL_FEATURES, 16));
	if (f->is_blk) {
		CHECK(blk_works(g));
	} else {
		uint64_t b = g_alloc(g, 16);
		g_desc(g, 0, b, 16, VIRTQ_DESC_F_WRITE, 0);
		g_avail(g, 0);
		g_notify(g);
		uint32_t id, len;
		CHECK(g_get_used(g, &id, &len));
		CHECK_EQ(len, 16);
	}
	CHECK_EQ(g_rd(g, VIRTIO_MMIO_STATUS) & NEEDS_RESET, 0);
	return true;
}

/* Descriptor-level cases: each sets up a chain at head 0 of a 16-entry
 * queue (blk: a read of sector 0 unless the case changes it). */
enum bad {
	BAD_HEAD, BAD_NEXT, BAD_LOOP, BAD_SELF_LOOP, BAD_ABOVE_RAM, BAD_BELOW_RAM, BAD_WRAP,
	BAD_NO_HEADER, BAD_SHORT_HEADER, BAD_NO_STATUS, BAD_HEADER_WRITABLE, BAD_READ_AFTER_WRITE,
	BAD_READ_DATA_READABLE, BAD_WRITE_DATA_WRITABLE, BAD_GET_ID_READABLE,
	BAD_IND_NEXT, BAD_IND_NESTED, BAD_IND_LEN, BAD_IND_ZERO, BAD_IND_OUTSIDE, BAD_IND_LOOP,
	BAD_IND_BAD_NEXT, BAD_IND_TOO_LONG, BAD_IND_HUGE, BAD_OVER_4G, BAD_AVAIL_JUMP,
	BAD_AVAIL_JUMP_MAX,
};

static void build_bad(struct guest *g, enum bad b)
{
	struct blk_req r = blk_prepare(g, b == BAD_WRITE_DATA_WRITABLE ? VIRTIO_BLK_T_OUT :
				       b == BAD_GET_ID_READABLE ? VIRTIO_BLK_T_GET_ID : VIRTIO_BLK_T_IN,
				       0, 512);
	const uint16_t N = VIRTQ_DESC_F_NEXT, W = VIRTQ_DESC_F_WRITE, I = VIRTQ_DESC_F_INDIRECT;
	uint64_t t = g_alloc(g, 64 * 16);
	uint16_t head = 0;
	switch (b) {
	case BAD_HEAD:
		head = 16;
		break;
	case BAD_NEXT:
		g_desc(g, 0, r.hdr, 16, N, 16);
		break;
	case BAD_LOOP:
		g_desc(g, 0, r.hdr, 16, N, 1);
		g_desc(g, 1, r.data, 512, N | W, 2);
		g_desc(g, 2, r.status, 1, N | W, 1);
		break;
	case BAD_SELF_LOOP:
		g_desc(g, 0, r.hdr, 16, N, 0);
		break;
	case BAD_ABOVE_RAM:
		g_desc(g, 0, r.hdr, 16, N, 1);
		g_desc(g, 1, G_RAM_BASE + G_RAM_SIZE - 256, 512, N | W, 2);
		g_desc(g, 2, r.status, 1, W, 0);
		break;
	case BAD_BELOW_RAM:
		g_desc(g, 0, 0x1000, 16, N, 2);
		g_desc(g, 2, r.status, 1, W, 0);
		break;
	case BAD_WRAP:
		g_desc(g, 0, r.hdr, 16, N, 1);
		g_desc(g, 1, ~0ULL - 100, 512, N | W, 2);
		g_desc(g, 2, r.status, 1, W, 0);
		break;
	case BAD_NO_HEADER:
		g_desc(g, 0, r.status, 1, W, 0);
		break;
	case BAD_SHORT_HEADER:
		g_desc(g, 0, r.hdr, 8, N, 2);
		g_desc(g, 2, r.status, 1, W, 0);
		break;
	case BAD_NO_STATUS:
		g_desc(g, 0, r.hdr, 16, N, 1);
		g_desc(g, 1, r.data, 512, 0, 0);
		break;
	case BAD_HEADER_WRITABLE:
		g_desc(g, 0, r.hdr, 16, N | W, 1);
		g_desc(g, 1, r.data, 512, N | W, 2);
		g_desc(g, 2, r.status, 1, W, 0);
		break;
	case BAD_READ_AFTER_WRITE:
		g_desc(g, 0, r.hdr, 16, N, 1);
		g_desc(g, 1, r.status, 1, N | W, 2);
		g_desc(g, 2, r.data, 512, 0, 0);
		break;
	case BAD_READ_DATA_READABLE:
	case BAD_GET_ID_READABLE:
		g_desc(g, 0, r.hdr, 16, N, 1);
		g_desc(g, 1, r.data, 512, N, 2);
		g_desc(g, 2, r.status, 1, W, 0);
		break;
	case BAD_WRITE_DATA_WRITABLE:
		g_desc(g, 0, r.hdr, 16, N, 1);
		g_desc(g, 1, r.data, 512, N | W, 2);
		g_desc(g, 2, r.status, 1, W, 0);
		break;
	case BAD_IND_NEXT:
		g_desc_at(g, t, 0, r.hdr, 16, 0, 0);
		g_desc(g, 0, t, 16, I | N, 1);
		g_desc(g, 1, r.status, 1, W, 0);
		break;
	case BAD_IND_NESTED:
		g_desc_at(g, t, 0, r.hdr, 16, N, 1);
		g_desc_at(g, t, 1, t + 32, 32, I, 0);
		g_desc_at(g, t, 2, r.status, 1, W, 0);
		g_desc(g, 0, t, 48, I, 0);
		break;
	case BAD_IND_LEN:
		g_desc_at(g, t, 0, r.hdr, 16, N, 1);
		g_desc_at(g, t, 1, r.status, 1, W, 0);
		g_desc(g, 0, t, 24, I, 0);
		break;
	case BAD_IND_ZERO:
		g_desc(g, 0, t, 0, I, 0);
		break;
	case BAD_IND_OUTSIDE:
		g_desc(g, 0, G_RAM_BASE + G_RAM_SIZE - 32, 64, I, 0);
		break;
	case BAD_IND_LOOP:
		g_desc_at(g, t, 0, r.hdr, 16, N, 1);
		g_desc_at(g, t, 1, r.status, 1, N | W, 0);
		g_desc(g, 0, t, 32, I, 0);
		break;
	case BAD_IND_BAD_NEXT:
		g_desc_at(g, t, 0, r.hdr, 16, N, 2);
		g_desc_at(g, t, 1, r.status, 1, W, 0);
		g_desc(g, 0, t, 32, I, 0);
		break;
	case BAD_IND_TOO_LONG:
		/* 40 real buffers in a 64-entry table, queue size 16. */
		g_desc_at(g, t, 0, r.hdr, 16, N, 1);
		for (int i = 1; i < 39; i++)
			g_desc_at(g, t, i, r.data, 512, N | W, i + 1);
		g_desc_at(g, t, 39, r.status, 1, W, 0);
		g_desc(g, 0, t, 64 * 16, I, 0);
		break;
	case BAD_IND_HUGE:
		/* An indirect table (inside RAM) of more than 32768 entries. */
		g_desc(g, 0, G_RAM_BASE + 0x200000, (VIRTQ_MAX_SIZE + 1) * 16, I, 0);
		break;
	case BAD_OVER_4G:
		/* 65 buffers of 64 MiB each, all inside RAM: more than 4 GiB. */
		t = g_alloc(g, 80 * 16);
		g_desc_at(g, t, 0, r.hdr, 16, N, 1);
		for (int i = 1; i <= 65; i++)
			g_desc_at(g, t, i, G_RAM_BASE, (uint32_t)G_RAM_SIZE, N | W, i + 1);
		g_desc_at(g, t, 66, r.status, 1, W, 0);
		g_desc(g, 0, t, 80 * 16, I, 0);
		break;
	case BAD_AVAIL_JUMP:
	case BAD_AVAIL_JUMP_MAX:
		head = blk_chain(g, &r, 512, false);
		break;
	}
	g_avail(g, head);
	if (b == BAD_AVAIL_JUMP) {
		/* The driver claims 17 new entries in a 16-entry ring. */
		g->avail_idx += 16;
		g_w16(g, G_AVAIL + 2, g->avail_idx);
	} else if (b == BAD_AVAIL_JUMP_MAX) {
		g->avail_idx = 0xffff;
		g_w16(g, G_AVAIL + 2, g->avail_idx);
	}
	g_notify(g);
}

static bool bad_case(enum bad b, uint64_t features, uint32_t num)
{
	struct fixture f;
	CHECK(fx_blk(&f, false));
	struct guest *g = &f.g;
	CHECK(g_probe(g, features, num));
	/* One good request first: the error may come at any point. */
	CHECK(blk_works(g));
	build_bad(g, b);
	CHECK_EQ(f.blk.vdev.errors, 1);
	if (!expect_needs_reset(&f))
		return false;
	fx_exit(&f);
	return true;
}

#define BAD(name, b) static bool t_##name(void) { return bad_case(b, ALL_FEATURES, 16); }
BAD(bad_head, BAD_HEAD)
BAD(bad_next, BAD_NEXT)
BAD(bad_loop, BAD_LOOP)
BAD(bad_self_loop, BAD_SELF_LOOP)
BAD(bad_buf_above_ram, BAD_ABOVE_RAM)
BAD(bad_buf_below_ram, BAD_BELOW_RAM)
BAD(bad_buf_wraps, BAD_WRAP)
BAD(bad_no_header, BAD_NO_HEADER)
BAD(bad_short_header, BAD_SHORT_HEADER)
BAD(bad_no_status, BAD_NO_STATUS)
BAD(bad_header_writable, BAD_HEADER_WRITABLE)
BAD(bad_readable_after_writable, BAD_READ_AFTER_WRITE)
BAD(bad_read_data_readable, BAD_READ_DATA_READABLE)
BAD(bad_write_data_writable, BAD_WRITE_DATA_WRITABLE)
BAD(bad_get_id_readable, BAD_GET_ID_READABLE)
BAD(bad_indirect_with_next, BAD_IND_NEXT)
BAD(bad_indirect_nested, BAD_IND_NESTED)
BAD(bad_indirect_len, BAD_IND_LEN)
BAD(bad_indirect_zero_len, BAD_IND_ZERO)
BAD(bad_indirect_outside_ram, BAD_IND_OUTSIDE)
BAD(bad_indirect_loop, BAD_IND_LOOP)
BAD(bad_indirect_next, BAD_IND_BAD_NEXT)
BAD(bad_indirect_too_long, BAD_IND_TOO_LONG)
BAD(bad_indirect_huge, BAD_IND_HUGE)
BAD(bad_avail_jump, BAD_AVAIL_JUMP)
BAD(bad_avail_jump_max, BAD_AVAIL_JUMP_MAX)

static bool t_bad_chain_over_4g(void)
{
	return bad_case(BAD_OVER_4G, ALL_FEATURES, 0);
}

static bool t_bad_indirect_not_negotiated(void)
{
	struct fixture f;
	CHECK(fx_blk(&f, false));
	struct guest *g = &f.g;
	CHECK(g_probe(g, ALL_FEATURES & ~VIRTIO_BIT(VIRTIO_F_INDIRECT_DESC), 16));
	struct blk_req r = blk_prepare(g, VIRTIO_BLK_T_IN, 0, 512);
	uint64_t t = g_alloc(g, 32);
	g_desc_at(g, t, 0, r.hdr, 16, VIRTQ_DESC_F_NEXT, 1);
	g_desc_at(g, t, 1, r.status, 1, VIRTQ_DESC_F_WRITE, 0);
	g_desc(g, 0, t, 32, VIRTQ_DESC_F_INDIRECT, 0);
	g_avail(g, 0);
	g_notify(g);
	if (!expect_needs_reset(&f))
		return false;
	fx_exit(&f);
	return true;
}

/* Queue set-up errors surface when the queue is enabled; the interrupt
 * goes out with DRIVER_OK. */
static bool bad_queue(uint32_t num, uint64_t desc, uint64_t avail, uint64_t used)
{
	struct fixture f;
	CHECK(fx_blk(&f, false));
	struct guest *g = &f.g;
	CHECK(g_negotiate(g, ALL_FEATURES));
	CHECK(g_setup_queue_at(g, num, desc, avail, used));
	CHECK(g_rd(g, VIRTIO_MMIO_STATUS) & NEEDS_RESET);
	CHECK(!g->irq);
	g->num = 16;   /* for the stopped-queue probe */
	g_driver_ok(g);
	if (!expect_needs_reset(&f))
		return false;
	fx_exit(&f);
	return true;
}

static bool t_bad_qsize_not_pow2(void) { return bad_queue(3, G_DESC, G_AVAIL, G_USED); }
static bool t_bad_qsize_too_big(void) { return bad_queue(512, G_DESC, G_AVAIL, G_USED); }
static bool t_bad_qsize_huge(void) { return bad_queue(0x10000, G_DESC, G_AVAIL, G_USED); }
static bool t_bad_ring_outside_ram(void)
{
	return bad_queue(16, G_RAM_BASE + G_RAM_SIZE - 16 * 8, G_AVAIL, G_USED) &&
	       bad_queue(16, G_DESC, 0xfffffffffffffff0ULL, G_USED) &&
	       bad_queue(16, G_DESC, G_AVAIL, 0x1000);
}
static bool t_bad_ring_misaligned(void)
{
	return bad_queue(16, G_DESC + 8, G_AVAIL, G_USED) &&
	       bad_queue(16, G_DESC, G_AVAIL + 1, G_USED) &&
	       bad_queue(16, G_DESC, G_AVAIL, G_USED + 2);
}

/* QueueNum 0 is also refused (QueueNum written explicitly). */
static bool t_bad_qsize_zero(void)
{
	struct fixture f;
	CHECK(fx_blk(&f, false));
	struct guest *g = &f.g;
	CHECK(g_negotiate(g, ALL_FEATURES));
	g_wr(g, VIRTIO_MMIO_QUEUE_SEL, 0);
	g_wr(g, VIRTIO_MMIO_QUEUE_NUM, 0);
	g_wr(g, VIRTIO_MMIO_QUEUE_DESC_LOW, (uint32_t)G_DESC);
	g_wr(g, VIRTIO_MMIO_QUEUE_DRIVER_LOW, (uint32_t)G_AVAIL);
	g_wr(g, VIRTIO_MMIO_QUEUE_DEVICE_LOW, (uint32_t)G_USED);
	g_wr(g, VIRTIO_MMIO_QUEUE_READY, 1);
	CHECK(g_rd(g, VIRTIO_MMIO_STATUS) & NEEDS_RESET);
	g->num = 16;
	g_driver_ok(g);
	if (!expect_needs_reset(&f))
		return false;
	fx_exit(&f);
	return true;
}

/* A legacy driver sets DRIVER_OK without FEATURES_OK. */
static bool t_bad_driver_ok_without_features_ok(void)
{
	struct fixture f;
	CHECK(fx_blk(&f, false));
	struct guest *g = &f.g;
	g_wr(g, VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
	CHECK(g_setup_queue_at(g, 16, G_DESC, G_AVAIL, G_USED));
	struct blk_req r = blk_prepare(g, VIRTIO_BLK_T_IN, 0, 512);
	g_avail(g, blk_chain(g, &r, 512, false));
	g_wr(g, VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER |
	     VIRTIO_STATUS_DRIVER_OK);
	g_notify(g);
	CHECK_EQ(g_used_idx(g), 0);
	if (!expect_needs_reset(&f))
		return false;
	fx_exit(&f);
	return true;
}

static bool rng_bad(bool readable)
{
	struct fixture f;
	CHECK(fx_rng(&f));
	struct guest *g = &f.g;
	CHECK(g_probe(g, ALL_FEATURES, 16));
	uint64_t b = g_alloc(g, 64);
	if (readable) {
		g_desc(g, 0, b, 64, 0, 0);
	} else {
		g_desc(g, 0, b, 0, VIRTQ_DESC_F_WRITE | VIRTQ_DESC_F_NEXT, 1);
		g_desc(g, 1, b, 0, VIRTQ_DESC_F_WRITE, 0);
	}
	g_avail(g, 0);
	g_notify(g);
	CHECK_EQ(g_used_idx(g), 0);
	if (!expect_needs_reset(&f))
		return false;
	fx_exit(&f);
	return true;
}

static bool t_bad_rng_readable(void) { return rng_bad(true); }
static bool t_bad_rng_zero_len(void) { return rng_bad(false); }

/* Errors are logged once per device, however many there are. */
static bool t_bad_logged_once(void)
{
	struct fixture f;
	CHECK(fx_blk(&f, false));
	struct guest *g = &f.g;
	for (int i = 0; i < 5; i++) {
		CHECK(g_probe(g, ALL_FEATURES, 16));
		build_bad(g, BAD_HEAD);
		CHECK(g_rd(g, VIRTIO_MMIO_STATUS) & NEEDS_RESET);
	}
	CHECK_EQ(f.blk.vdev.errors, 5);
	CHECK_EQ(log_lines(&f), 1);
	fx_exit(&f);
	return true;
}

/* ---- main ------------------------------------------------------------- */

static const struct {
	const char *name;
	bool (*fn)(void);
} tests[] = {
#define T(n) { #n, t_##n }
	T(mmio_identity), T(features), T(features_refused), T(blk_config),
	T(blk_read), T(blk_write), T(blk_get_id), T(blk_errors), T(blk_discard_write_zeroes),
	T(blk_readonly), T(blk_direct), T(blk_cold_read), T(state_save_load),
	T(blk_any_layout), T(blk_indirect), T(blk_batch_wrap), T(notify_suppression),
	T(driver_ok_gate), T(reset), T(rng),
	T(bad_head), T(bad_next), T(bad_loop), T(bad_self_loop), T(bad_buf_above_ram),
	T(bad_buf_below_ram), T(bad_buf_wraps), T(bad_no_header), T(bad_short_header),
	T(bad_no_status), T(bad_header_writable), T(bad_readable_after_writable),
	T(bad_read_data_readable), T(bad_write_data_writable), T(bad_get_id_readable),
	T(bad_indirect_with_next), T(bad_indirect_nested), T(bad_indirect_len),
	T(bad_indirect_zero_len), T(bad_indirect_outside_ram), T(bad_indirect_loop),
	T(bad_indirect_next), T(bad_indirect_too_long), T(bad_indirect_huge),
	T(bad_indirect_not_negotiated), T(bad_chain_over_4g), T(bad_avail_jump),
	T(bad_avail_jump_max), T(bad_qsize_not_pow2), T(bad_qsize_too_big), T(bad_qsize_huge),
	T(bad_qsize_zero), T(bad_ring_outside_ram), T(bad_ring_misaligned),
	T(bad_driver_ok_without_features_ok), T(bad_rng_readable), T(bad_rng_zero_len),
	T(bad_logged_once), T(bad_self_refill),
#undef T
};

int main(int argc, char **argv)
{
	int fails = 0;
	for (size_t i = 0; i < sizeof(tests) / sizeof(tests[0]); i++) {
		if (argc > 1 && !strstr(tests[i].name, argv[1]))
			continue;
		cur = tests[i].name;
		bool ok = tests[i].fn();
		if (!ok && img_path[0])
			unlink(img_path);
		printf("%s virtio/%s\n", ok ? "PASS" : "FAIL", tests[i].name);
		fflush(stdout);
		fails += !ok;
	}
	return fails ? 1 : 0;
}
