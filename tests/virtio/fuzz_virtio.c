// SPDX-License-Identifier: MIT
/* libFuzzer target for the virtio core, the virtio-mmio transport and the
 * blk/rng/balloon/console devices: the input is a device choice and a program of register
 * accesses, guest RAM writes, descriptor and ring updates and notifies.
 * Guest RAM is a heap buffer of exactly RAM_SIZE bytes, so ASan catches any
 * access past it; UBSan catches overflow and misalignment; libFuzzer's
 * -timeout catches hangs.  Invariant: DEVICE_NEEDS_RESET is only set by a
 * reported error.
 *
 * Built with -DFUZZ_SEEDS instead, this file is a program that writes a
 * seed corpus of well-formed requests into the directory argv[1]. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "vmm/virtio/balloon.h"
#include "vmm/virtio/blk.h"
#include "vmm/virtio/console.h"
#include "vmm/virtio/mmio.h"
#include "vmm/virtio/rng.h"

#define RAM_BASE  0x80000000ULL
#define RAM_SIZE  (64u << 10)
#define IMG_SIZE  (64u << 10)
#define RING_DESC  0x0000
#define RING_AVAIL 0x1000
#define RING_USED  0x2000

enum op {
	OP_REG_WRITE, OP_REG_READ, OP_NOTIFY, OP_RAM_WRITE, OP_INIT, OP_DESC, OP_AVAIL,
	OP_ACK, OP_RESET, OP_STATUS, OP_SAVELOAD, OP_COUNT
};

#ifndef FUZZ_SEEDS

#include "tests/virtio/fuzz_input.h"

struct fuzz {
	uint8_t *ram;
	struct virtio_mmio t;
	uint32_t num;
	uint16_t avail_idx;
};

static void fz_irq(void *opaque, bool level)
{
	(void)opaque, (void)level;
}

static void wr(struct fuzz *f, uint64_t off, uint32_t v)
{
	virtio_mmio_ops.write(&f->t, off, 4, v);
}

static uint32_t rd(struct fuzz *f, uint64_t off)
{
	return (uint32_t)virtio_mmio_ops.read(&f->t, off, 4);
}

/* The Linux probe sequence with the fuzzer's feature choice and queue
 * size, rings at fixed places. */
static void fz_init(struct fuzz *f, uint32_t feat_mask, uint8_t qlog)
{
	wr(f, VIRTIO_MMIO_STATUS, 0);
	wr(f, VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
	wr(f, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
	uint32_t lo = rd(f, VIRTIO_MMIO_DEVICE_FEATURES) & feat_mask;
	wr(f, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1);
	uint32_t hi = rd(f, VIRTIO_MMIO_DEVICE_FEATURES);
	wr(f, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
	wr(f, VIRTIO_MMIO_DRIVER_FEATURES, lo);
	wr(f, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
	wr(f, VIRTIO_MMIO_DRIVER_FEATURES, hi);
	wr(f, VIRTIO_MMIO_STATUS, rd(f, VIRTIO_MMIO_STATUS) | VIRTIO_STATUS_FEATURES_OK);
	wr(f, VIRTIO_MMIO_QUEUE_SEL, 0);
	f->num = 1u << (qlog % 9);   /* up to 256; also past the max of rng */
	f->avail_idx = 0;
	wr(f, VIRTIO_MMIO_QUEUE_NUM, f->num);
	wr(f, VIRTIO_MMIO_QUEUE_DESC_LOW, (uint32_t)(RAM_BASE + RING_DESC));
	wr(f, VIRTIO_MMIO_QUEUE_DESC_HIGH, 0);
	wr(f, VIRTIO_MMIO_QUEUE_DRIVER_LOW, (uint32_t)(RAM_BASE + RING_AVAIL));
	wr(f, VIRTIO_MMIO_QUEUE_DRIVER_HIGH, 0);
	wr(f, VIRTIO_MMIO_QUEUE_DEVICE_LOW, (uint32_t)(RAM_BASE + RING_USED));
	wr(f, VIRTIO_MMIO_QUEUE_DEVICE_HIGH, 0);
	wr(f, VIRTIO_MMIO_QUEUE_READY, 1);
	wr(f, VIRTIO_MMIO_STATUS, rd(f, VIRTIO_MMIO_STATUS) | VIRTIO_STATUS_DRIVER_OK);
}

static void fz_run(struct fuzz *f, struct input *in)
{
	static const unsigned sizes[4] = { 1, 2, 4, 8 };
	unsigned steps = 0;
	while (in->n && steps++ < 4096) {
		switch (in8(in) % OP_COUNT) {
		case OP_REG_WRITE: {
			uint16_t off = in16(in) & 0x1ff;
			unsigned size = sizes[in8(in) & 3];
			virtio_mmio_ops.write(&f->t, off, size, in32(in));
			break;
		}
		case OP_REG_READ: {
			uint16_t off = in16(in) & 0x1ff;
			virtio_mmio_ops.read(&f->t, off, sizes[in8(in) & 3]);
			break;
		}
		case OP_NOTIFY:
			wr(f, VIRTIO_MMIO_QUEUE_NOTIFY, in8(in) & 1);
			break;
		case OP_RAM_WRITE: {
			uint32_t off = in16(in) % RAM_SIZE;
			uint32_t len = in8(in);
			for (uint32_t i = 0; i < len && off + i < RAM_SIZE; i++)
				f->ram[off + i] = in8(in);
			break;
		}
		case OP_INIT: {
			uint32_t mask = in32(in);
			fz_init(f, mask, in8(in));
			break;
		}
		case OP_DESC: {
			/* table page, index, addr offset, len, flags, next */
			uint32_t table = (in8(in) & 0xf) * 0x1000u;
			uint32_t idx = in8(in);
			uint64_t addr = RAM_BASE + in16(in);
			uint32_t len = in16(in);
			uint8_t flags = in8(in);
			uint16_t next = in8(in);
			if (flags & 0x80) {
				addr = in32(in);                  /* anywhere */
				addr |= (uint64_t)in32(in) << 32;
			}
			if (flags & 0x40)
				len = in32(in);
			uint8_t *d = f->ram + table + 16 * (idx % 256);
			uint16_t fl = flags & 7;
			memcpy(d, &addr, 8);
			memcpy(d + 8, &len, 4);
			memcpy(d + 12, &fl, 2);
			memcpy(d + 14, &next, 2);
			break;
		}
		case OP_AVAIL: {
			uint16_t head = in16(in);
			uint32_t n = f->num ? f->num : 1;
			uint8_t *avail = f->ram + RING_AVAIL;
			memcpy(avail + 4 + 2 * (f->avail_idx % n), &head, 2);
			f->avail_idx++;
			memcpy(avail + 2, &f->avail_idx, 2);
			wr(f, VIRTIO_MMIO_QUEUE_NOTIFY, 0);
			break;
		}
		case OP_ACK:
			wr(f, VIRTIO_MMIO_INTERRUPT_ACK, rd(f, VIRTIO_MMIO_INTERRUPT_STATUS));
			break;
		case OP_RESET:
			wr(f, VIRTIO_MMIO_STATUS, 0);
			f->avail_idx = 0;
			break;
		case OP_STATUS:
			wr(f, VIRTIO_MMIO_STATUS, in8(in));
			break;
		case OP_SAVELOAD: {
			/* A snapshot of the device, corrupted at a few places (a
			 * restore reads a file that may be anything), loaded back. */
			static struct virtio_mmio_state st;
			virtio_mmio_save(&f->t, &st);
			for (unsigned k = in8(in) % 4; k; k--) {
				uint32_t at = in16(in) % sizeof(st);
				((uint8_t *)&st)[at] = in8(in);
			}
			virtio_mmio_load(&f->t, &st);
			break;
		}
		}
	}
}

static char img_path[64];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	int fd = memfd_create("virtio-fuzz-img", 0);
	if (fd < 0 || ftruncate(fd, IMG_SIZE) < 0)
		abort();
	snprintf(img_path, sizeof(img_path), "/proc/self/fd/%d", fd);
	return 0;
}

/* What the device reports writing must lie inside guest RAM. */
static void fz_mark_dirty(void *opaque, uint64_t gpa, uint64_t len)
{
	(void)opaque;
	if (gpa < RAM_BASE || len > RAM_SIZE || gpa - RAM_BASE > RAM_SIZE - len)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t *ram;
	static struct virtio_blk blk;
	static struct virtio_rng rng;
	static struct virtio_balloon balloon;
	static struct virtio_console con;
	static char con_sock[2][128];
	if (!ram)
		ram = malloc(RAM_SIZE);
	memset(ram, 0, RAM_SIZE);

	struct input in = { data, size };
	struct virtio_dev *dev;
	unsigned kind = in8(&in) % 5;
	if (kind < 2) {
		struct virtio_blk_opts o = { .path = img_path, .readonly = kind == 1 };
		if (virtio_blk_init(&blk, &o) < 0)
			abort();
		dev = &blk.vdev;
	} else if (kind == 4) {
		/* The console's control and transmit paths (no host clients). */
		const char *tmp = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
		for (int i = 0; i < 2; i++)
			snprintf(con_sock[i], sizeof(con_sock[i]), "%s/fuzz-vcon-%d-%d.sock", tmp,
				 (int)getpid(), i);
		struct virtio_console_port_opts po[2] = { { NULL, con_sock[0] }, { "p1", con_sock[1] } };
		if (virtio_console_init(&con, po, 2) < 0)
			abort();
		dev = &con.vdev;
	} else if (kind == 3) {
		/* Every queue the balloon can have; PFNs and reported ranges
		 * are the guest's (the buffer is this harness's RAM). */
		struct virtio_balloon_opts o = { .target_pages = 8, .deflate_on_oom = true,
						 .free_page_reporting = true, .ram_fd = -1 };
		if (virtio_balloon_init(&balloon, &o) < 0)
			abort();
		dev = &balloon.vdev;
	} else {
		if (virtio_rng_init(&rng) < 0)
			abort();
		dev = &rng.vdev;
	}
	dev->log = NULL;

	struct fuzz f = { .ram = ram };
	struct virtio_mmio_env env = {
		.mem = { ram, RAM_BASE, RAM_SIZE, fz_mark_dirty, NULL }, .set_irq = fz_irq,
	};
	if (virtio_mmio_init(&f.t, dev, &env) < 0)
		abort();
	fz_run(&f, &in);
	if (kind == 4) {
		virtio_console_process(&con);
		virtio_console_process(&con);
	}
	if ((dev->status & VIRTIO_STATUS_DEVICE_NEEDS_RESET) && !dev->errors)
		abort();

	if (kind < 2)
		virtio_blk_exit(&blk);
	else if (kind == 3)
		virtio_balloon_exit(&balloon);
	else if (kind == 4)
		virtio_console_exit(&con);
	else
		virtio_rng_exit(&rng);
	return 0;
}

#else /* FUZZ_SEEDS: write a seed corpus */

struct seed {
	uint8_t b[1024];
	size_t n;
};

static void s8(struct seed *s, uint8_t v) { s->b[s->n++] = v; }
static void s16(struct seed *s, uint16_t v) { s8(s, (uint8_t)v); s8(s, (uint8_t)(v >> 8)); }
static void s32(struct seed *s, uint32_t v) { s16(s, (uint16_t)v); s16(s, (uint16_t)(v >> 16)); }

static void s_init(struct seed *s, uint8_t qlog)
{
	s8(s, OP_INIT);
	s32(s, 0xffffffff);
	s8(s, qlog);
}

static void s_desc(struct seed *s, uint8_t table, uint8_t idx, uint16_t off, uint16_t len,
		   uint8_t flags, uint8_t next)
{
	s8(s, OP_DESC);
	s8(s, table);
	s8(s, idx);
	s16(s, off);
	s16(s, len);
	s8(s, flags);
	s8(s, next);
}

static void s_ram(struct seed *s, uint16_t off, const void *p, uint8_t len)
{
	s8(s, OP_RAM_WRITE);
	s16(s, off);
	s8(s, len);
	for (unsigned i = 0; i < len; i++)
		s8(s, ((const uint8_t *)p)[i]);
}

static void s_blk_hdr(struct seed *s, uint16_t off, uint32_t type, uint64_t sector)
{
	uint8_t h[16] = { 0 };
	memcpy(h, &type, 4);
	memcpy(h + 8, &sector, 8);
	s_ram(s, off, h, 16);
}

static void s_avail(struct seed *s, uint16_t head)
{
	s8(s, OP_AVAIL);
	s16(s, head);
}

static int s_write(const char *dir, const char *name, const struct seed *s)
{
	char path[512];
	snprintf(path, sizeof(path), "%s/seed-%s", dir, name);
	FILE *fp = fopen(path, "wb");
	if (!fp || fwrite(s->b, 1, s->n, fp) != s->n) {
		perror(path);
		return 1;
	}
	return fclose(fp) != 0;
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: %s DIR\n", argv[0]);
		return 2;
	}
	const uint8_t N = 1, W = 2, I = 4;
	int err = 0;
	for (uint32_t type = 0; type < 9; type++) {
		if (type != 0 && type != 1 && type != 4 && type != 8)
			continue;
		struct seed s = { .n = 0 };
		s8(&s, 0);                       /* blk */
		s_init(&s, 4);
		s_blk_hdr(&s, 0x4000, type, 3);
		s_desc(&s, 0, 0, 0x4000, 16, N, 1);
		s_desc(&s, 0, 1, 0x5000, type == 8 ? 20 : 512, (uint8_t)(N | (type == 1 ? 0 : W)), 2);
		s_desc(&s, 0, 2, 0x4800, 1, W, 0);
		s_avail(&s, 0);
		s8(&s, OP_ACK);
		char name[32];
		snprintf(name, sizeof(name), "blk-type%u", type);
		err |= s_write(argv[1], name, &s);
	}
	/* blk through an indirect table at page 8 */
	struct seed s = { .n = 0 };
	s8(&s, 0);
	s_init(&s, 3);
	s_blk_hdr(&s, 0x4000, 0, 1);
	s_desc(&s, 8, 0, 0x4000, 16, N, 1);
	s_desc(&s, 8, 1, 0x5000, 1024, N | W, 2);
	s_desc(&s, 8, 2, 0x4800, 1, W, 0);
	s_desc(&s, 0, 0, 0x8000, 48, I, 0);
	s_avail(&s, 0);
	err |= s_write(argv[1], "blk-indirect", &s);
	/* rng */
	s.n = 0;
	s8(&s, 2);
	s_init(&s, 2);
	s_desc(&s, 0, 0, 0x4000, 64, N | W, 1);
	s_desc(&s, 0, 1, 0x5000, 64, W, 0);
	s_avail(&s, 0);
	s_avail(&s, 1);
	err |= s_write(argv[1], "rng", &s);
	return err;
}

#endif
