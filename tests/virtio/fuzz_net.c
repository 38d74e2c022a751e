// SPDX-License-Identifier: MIT
/* libFuzzer target for virtio-net (vmm/virtio/net.c) behind the virtio
 * core and the virtio-mmio transport: the input is a program of register
 * accesses, guest RAM writes, descriptor and ring updates for both queues
 * (receive 0, transmit 1), well-formed transmit chains and receive buffers,
 * frames of fuzzed length and content handed up by a fake backend,
 * iterations of the device's work (virtio_net_process; the device thread is
 * not started) and resets.  Guest RAM is a heap buffer of exactly RAM_SIZE
 * bytes, so ASan catches any access past it; UBSan catches overflow and
 * misalignment; libFuzzer's -timeout catches hangs.  Invariants:
 *   - DEVICE_NEEDS_RESET appears only when vdev.errors went up;
 *   - the backend is only handed frames of 14..NET_MAX_FRAME bytes (plus
 *     the 12-byte header for a vnet_hdr backend);
 *   - the backlog never holds more than VIRTIO_NET_BACKLOG frames;
 *   - every range reported through mark_dirty lies in guest RAM, and every
 *     byte the device changed was reported (used->avail_event included).
 *
 * Built with -DFUZZ_SEEDS instead, this file is a program that writes a
 * seed corpus of well-formed transmit and receive sequences into the
 * directory argv[1]. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vmm/virtio/mmio.h"
#include "vmm/virtio/net.h"

#define RAM_BASE   0x80000000ULL
#define RAM_SIZE   (64u << 10)
/* Rings: queue q's descriptor table, driver and device areas. */
#define RING_DESC(q)  (0x0000u + 0x3000u * (q))
#define RING_AVAIL(q) (0x1000u + 0x3000u * (q))
#define RING_USED(q)  (0x2000u + 0x3000u * (q))
#define DATA_START 0x6000u
#define FRAME_MAX  (NET_MAX_FRAME + 64)   /* injected frames: also too long ones */

enum op {
	OP_REG_WRITE, OP_REG_READ, OP_NOTIFY, OP_RAM_WRITE, OP_INIT, OP_DESC, OP_AVAIL,
	OP_ACK, OP_RESET, OP_STATUS, OP_INJECT, OP_BURST, OP_PROCESS, OP_TXPKT, OP_RXBUF,
	OP_BACKEND, OP_CHAIN, OP_COUNT
};

#ifndef FUZZ_SEEDS

#include "tests/virtio/fuzz_input.h"

struct fake_be {
	struct net_backend be;
	bool echo;
};

struct fuzz {
	uint8_t *ram;
	uint8_t *snap;              /* RAM before a device iteration */
	uint8_t *reported;          /* bitmap: bytes reported through mark_dirty */
	struct virtio_mmio t;
	struct virtio_net net;
	struct fake_be fb;
	uint32_t num[2];
	uint16_t avail_idx[2];
	uint8_t *frame;             /* FRAME_MAX bytes */
};

static void fb_poll_fill(struct net_backend *be, struct net_pollset *ps, int *timeout_ms,
			 bool can_receive)
{
	(void)be, (void)ps, (void)timeout_ms, (void)can_receive;
}

static void fb_poll_done(struct net_backend *be, const struct net_pollset *ps)
{
	(void)be, (void)ps;
}

static void fb_send(struct net_backend *be, const uint8_t *frame, size_t len)
{
	struct fake_be *fb = (struct fake_be *)be;
	size_t hdr = be->vnet_hdr ? 12 : 0;   /* tap-like backends get the header too */
	if (len < hdr + 14 || len > hdr + NET_MAX_FRAME)
		abort();
	/* Touch every byte: ASan checks that the frame is all there. */
	volatile uint8_t x = 0;
	for (size_t i = 0; i < len; i++)
		x ^= frame[i];
	(void)x;
	if (fb->echo)
		be->receive(be->opaque, frame, len);
}

static void fb_destroy(struct net_backend *be)
{
	(void)be;
}

static const struct net_backend_ops fake_ops = {
	.name = "fuzz",
	.poll_fill = fb_poll_fill,
	.poll_done = fb_poll_done,
	.send = fb_send,
	.destroy = fb_destroy,
};

static void fz_irq(void *opaque, bool level)
{
	(void)opaque, (void)level;
}

/* What the device reports writing must lie inside guest RAM. */
static void fz_mark_dirty(void *opaque, uint64_t gpa, uint64_t len)
{
	struct fuzz *f = opaque;
	if (gpa < RAM_BASE || len > RAM_SIZE || gpa - RAM_BASE > RAM_SIZE - len)
		abort();
	uint64_t off = gpa - RAM_BASE;
	for (uint64_t i = 0; i < len; i++)
		f->reported[(off + i) / 8] |= (uint8_t)(1u << ((off + i) % 8));
}

static void wr(struct fuzz *f, uint64_t off, uint32_t v)
{
	virtio_mmio_ops.write(&f->t, off, 4, v);
}

static uint32_t rd(struct fuzz *f, uint64_t off)
{
	return (uint32_t)virtio_mmio_ops.read(&f->t, off, 4);
}

static void put_le16(uint8_t *p, uint16_t v) { p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); }
static void put_le32(uint8_t *p, uint32_t v) { put_le16(p, (uint16_t)v); put_le16(p + 2, (uint16_t)(v >> 16)); }
static void put_le64(uint8_t *p, uint64_t v) { put_le32(p, (uint32_t)v); put_le32(p + 4, (uint32_t)(v >> 32)); }

static void fz_desc(struct fuzz *f, uint32_t table, uint32_t idx, uint64_t addr, uint32_t len,
		    uint16_t flags, uint16_t next)
{
	uint8_t *d = f->ram + table + 16 * (idx % 256);
	put_le64(d, addr);
	put_le32(d + 8, len);
	put_le16(d + 12, flags);
	put_le16(d + 14, next);
}

static void fz_avail(struct fuzz *f, unsigned q, uint16_t head, bool notify)
{
	uint32_t n = f->num[q] ? f->num[q] : 1;
	uint8_t *avail = f->ram + RING_AVAIL(q);
	put_le16(avail + 4 + 2 * (f->avail_idx[q] % n), head);
	f->avail_idx[q]++;
	put_le16(avail + 2, f->avail_idx[q]);
	if (notify)
		wr(f, VIRTIO_MMIO_QUEUE_NOTIFY, q);
}

/* The Linux probe sequence with the fuzzer's feature choice and queue
 * sizes, rings at fixed places. */
static void fz_init(struct fuzz *f, uint32_t feat_mask, uint8_t hi_mask, uint8_t qlog0,
		    uint8_t qlog1)
{
	wr(f, VIRTIO_MMIO_STATUS, 0);
	wr(f, VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
	wr(f, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
	uint32_t lo = rd(f, VIRTIO_MMIO_DEVICE_FEATURES) & feat_mask;
	wr(f, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1);
	uint32_t hi = rd(f, VIRTIO_MMIO_DEVICE_FEATURES);
	if (hi_mask & 1)
		hi = 0;                      /* a legacy driver: refused */
	wr(f, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
	wr(f, VIRTIO_MMIO_DRIVER_FEATURES, lo);
	wr(f, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
	wr(f, VIRTIO_MMIO_DRIVER_FEATURES, hi);
	wr(f, VIRTIO_MMIO_STATUS, rd(f, VIRTIO_MMIO_STATUS) | VIRTIO_STATUS_FEATURES_OK);
	uint8_t qlog[2] = { qlog0, qlog1 };
	for (unsigned q = 0; q < 2; q++) {
		wr(f, VIRTIO_MMIO_QUEUE_SEL, q);
		f->num[q] = 1u << (qlog[q] % 9);    /* up to 256, the maximum */
		f->avail_idx[q] = 0;
		memset(f->ram + RING_AVAIL(q), 0, 0x1000);
		memset(f->ram + RING_USED(q), 0, 0x1000);
		wr(f, VIRTIO_MMIO_QUEUE_NUM, f->num[q]);
		wr(f, VIRTIO_MMIO_QUEUE_DESC_LOW, (uint32_t)(RAM_BASE + RING_DESC(q)));
		wr(f, VIRTIO_MMIO_QUEUE_DESC_HIGH, 0);
		wr(f, VIRTIO_MMIO_QUEUE_DRIVER_LOW, (uint32_t)(RAM_BASE + RING_AVAIL(q)));
		wr(f, VIRTIO_MMIO_QUEUE_DRIVER_HIGH, 0);
		wr(f, VIRTIO_MMIO_QUEUE_DEVICE_LOW, (uint32_t)(RAM_BASE + RING_USED(q)));
		wr(f, VIRTIO_MMIO_QUEUE_DEVICE_HIGH, 0);
		wr(f, VIRTIO_MMIO_QUEUE_READY, 1);
	}
	wr(f, VIRTIO_MMIO_STATUS, rd(f, VIRTIO_MMIO_STATUS) | VIRTIO_STATUS_DRIVER_OK);
}

/* A frame: `direct` bytes from the input, then a pattern from seed. */
static void fz_frame(struct input *in, uint8_t *buf, size_t len)
{
	size_t direct = in8(in);
	uint8_t seed = in8(in);
	for (size_t i = 0; i < len; i++)
		buf[i] = i < direct ? in8(in) : (uint8_t)(i * 31 + seed);
}

/* One run of the device with the dirty-logging check around it. */
static void fz_process(struct fuzz *f)
{
	memcpy(f->snap, f->ram, RAM_SIZE);
	memset(f->reported, 0, RAM_SIZE / 8);
	virtio_net_process(&f->net);
	for (uint32_t off = 0; off < RAM_SIZE; off++) {
		if (!(off & 255) && !memcmp(f->ram + off, f->snap + off, 256)) {
			off += 255;                       /* an unchanged block */
			continue;
		}
		if (f->ram[off] == f->snap[off] || (f->reported[off / 8] >> (off % 8)) & 1)
			continue;
		fprintf(stderr, "fuzz_net: the device wrote %#llx without reporting it\n",
			(unsigned long long)(RAM_BASE + off));
		abort();
	}
}

static void fz_run(struct fuzz *f, struct input *in)
{
	static const unsigned sizes[4] = { 1, 2, 4, 8 };
	struct virtio_dev *dev = &f->net.vdev;
	unsigned steps = 0;
	while (in->n && steps++ < 4096) {
		uint8_t status_before = dev->status;
		unsigned long errors_before = dev->errors;
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
			wr(f, VIRTIO_MMIO_QUEUE_NOTIFY, in8(in) & 3);
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
			uint8_t hi = in8(in), q0 = in8(in);
			fz_init(f, mask, hi, q0, in8(in));
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
			fz_desc(f, table, idx, addr, len, flags & 7, next);
			break;
		}
		case OP_AVAIL: {
			uint8_t q = in8(in);
			fz_avail(f, q & 1, in16(in), !(q & 2));
			break;
		}
		case OP_ACK:
			wr(f, VIRTIO_MMIO_INTERRUPT_ACK, rd(f, VIRTIO_MMIO_INTERRUPT_STATUS));
			break;
		case OP_RESET:
			wr(f, VIRTIO_MMIO_STATUS, 0);
			f->avail_idx[0] = f->avail_idx[1] = 0;
			break;
		case OP_STATUS:
			wr(f, VIRTIO_MMIO_STATUS, in8(in));
			break;
		case OP_INJECT: {
			size_t len = in16(in);
			if (in8(in) & 1)
				len += 0x10000;                   /* up to and past NET_MAX_FRAME */
			if (len > FRAME_MAX)
				len = FRAME_MAX;
			fz_frame(in, f->frame, len);
			f->fb.be.receive(f->fb.be.opaque, f->frame, len);
			break;
		}
		case OP_BURST: {
			unsigned count = in8(in) + 1u;
			size_t len = in16(in) % 2048;
			fz_frame(in, f->frame, len);
			for (unsigned i = 0; i < count; i++) {
				f->frame[len > 20 ? 20 : 0] = (uint8_t)i;
				f->fb.be.receive(f->fb.be.opaque, f->frame, len);
			}
			break;
		}
		case OP_PROCESS:
			fz_process(f);
			break;
		case OP_TXPKT: {
			/* A header and a frame in RAM at off, cut at split into two
			 * descriptors at index idx, made available on queue 1. */
			uint8_t idx = in8(in);
			uint32_t off = DATA_START + in16(in) % (RAM_SIZE - DATA_START);
			uint32_t len = in16(in) % 4096;
			uint8_t split = in8(in);
			uint8_t hdr[VIRTIO_NET_HDR_SIZE] = { 0 };
			hdr[0] = in8(in);
			hdr[1] = in8(in);
			put_le16(hdr + 6, in16(in));
			put_le16(hdr + 8, in16(in));
			uint32_t total = VIRTIO_NET_HDR_SIZE + len;
			if (total > RAM_SIZE - off)
				total = RAM_SIZE - off;
			memcpy(f->ram + off, hdr, total < sizeof(hdr) ? total : sizeof(hdr));
			if (total > sizeof(hdr))
				fz_frame(in, f->ram + off + sizeof(hdr), total - sizeof(hdr));
			uint32_t cut = split < total ? split : total;
			uint32_t n = f->num[1] ? f->num[1] : 1;
			uint16_t d0 = (uint16_t)(idx % n), d1 = (uint16_t)((idx + 1) % n);
			fz_desc(f, RING_DESC(1), d0, RAM_BASE + off, cut, VIRTQ_DESC_F_NEXT, d1);
			fz_desc(f, RING_DESC(1), d1, RAM_BASE + off + cut, total - cut, 0, 0);
			fz_avail(f, 1, d0, true);
			break;
		}
		case OP_RXBUF: {
			/* count receive chains of one writable buffer each */
			unsigned count = in8(in) % 16 + 1u;
			uint8_t idx = in8(in);
			uint32_t off = DATA_START + in16(in) % (RAM_SIZE - DATA_START);
			uint32_t size = in16(in) % 4096 + 1u;
			uint32_t n = f->num[0] ? f->num[0] : 1;
			for (unsigned i = 0; i < count; i++) {
				uint32_t len = size <= RAM_SIZE - off ? size : RAM_SIZE - off;
				uint16_t d = (uint16_t)((idx + i) % n);
				fz_desc(f, RING_DESC(0), d, RAM_BASE + off, len, VIRTQ_DESC_F_WRITE, 0);
				fz_avail(f, 0, d, i + 1 == count);
				off += len;
				if (off >= RAM_SIZE)
					off = DATA_START;
			}
			break;
		}
		case OP_BACKEND: {
			uint8_t b = in8(in);
			f->fb.echo = b & 1;
			f->fb.be.csum_valid = b & 2;
			break;
		}
		case OP_CHAIN: {
			/* A chain of up to 64 descriptors on one queue, buffers of one
			 * length `stride` bytes apart (0: all the same bytes), made
			 * writable by a bit mask: long chains, big chains, mixed
			 * directions. */
			uint8_t q = in8(in);
			unsigned count = in8(in) % 64 + 1u;
			uint8_t idx = in8(in);
			uint32_t off = in16(in) % RAM_SIZE;
			uint32_t len = in16(in);
			uint32_t stride = in16(in);
			uint8_t wmask = in8(in);
			unsigned qi = q & 1;
			uint32_t n = f->num[qi] ? f->num[qi] : 1;
			for (unsigned i = 0; i < count; i++) {
				uint32_t a = (uint32_t)((off + (uint64_t)i * stride) % RAM_SIZE);
				uint32_t l = len <= RAM_SIZE - a ? len : RAM_SIZE - a;
				bool last = i + 1 == count;
				uint16_t flags = (uint16_t)(((wmask >> (i % 8)) & 1 ? VIRTQ_DESC_F_WRITE : 0) |
							    (last ? 0 : VIRTQ_DESC_F_NEXT));
				fz_desc(f, RING_DESC(qi), (idx + i) % n, RAM_BASE + a, l, flags,
					(uint16_t)((idx + i + 1) % n));
			}
			fz_avail(f, qi, (uint16_t)(idx % n), !(q & 2));
			break;
		}
		}
		/* DEVICE_NEEDS_RESET only for a reported error. */
		if ((dev->status & VIRTIO_STATUS_DEVICE_NEEDS_RESET) &&
		    !(status_before & VIRTIO_STATUS_DEVICE_NEEDS_RESET) && dev->errors == errors_before)
			abort();
		if (f->net.backlog_count > VIRTIO_NET_BACKLOG)
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct fuzz f;
	if (!f.ram) {
		f.ram = malloc(RAM_SIZE);          /* exactly RAM_SIZE: ASan guards the end */
		f.snap = malloc(RAM_SIZE);
		f.reported = malloc(RAM_SIZE / 8);
		f.frame = malloc(FRAME_MAX);
		if (!f.ram || !f.snap || !f.reported || !f.frame)
			abort();
	}
	memset(f.ram, 0, RAM_SIZE);
	f.num[0] = f.num[1] = 0;
	f.avail_idx[0] = f.avail_idx[1] = 0;
	f.fb = (struct fake_be){ .be = { .ops = &fake_ops } };

	struct input in = { data, size };
	uint8_t b = in8(&in);
	f.fb.echo = b & 1;
	f.fb.be.csum_valid = b & 2;
	f.fb.be.vnet_hdr = b & 4;    /* as tap: TSO offered, headers pass through */
	struct virtio_net_opts o = { .mac = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 },
				     .backend = &f.fb.be };
	if (virtio_net_init(&f.net, &o) < 0)
		abort();
	f.net.vdev.log = NULL;
	struct virtio_mmio_env env = {
		.mem = { f.ram, RAM_BASE, RAM_SIZE, fz_mark_dirty, &f }, .set_irq = fz_irq,
	};
	if (virtio_mmio_init(&f.t, &f.net.vdev, &env) < 0)
		abort();
	fz_run(&f, &in);
	virtio_net_exit(&f.net);
	return 0;
}

#else /* FUZZ_SEEDS: write a seed corpus */

struct seed {
	uint8_t b[4096];
	size_t n;
};

static void s8(struct seed *s, uint8_t v) { s->b[s->n++] = v; }
static void s16(struct seed *s, uint16_t v) { s8(s, (uint8_t)v); s8(s, (uint8_t)(v >> 8)); }
static void s32(struct seed *s, uint32_t v) { s16(s, (uint16_t)v); s16(s, (uint16_t)(v >> 16)); }

#define ALL 0xffffffffu
#define NO_MRG (~(1u << VIRTIO_NET_F_MRG_RXBUF))

static void s_init(struct seed *s, uint32_t mask, uint8_t qlog0, uint8_t qlog1)
{
	s8(s, OP_INIT);
	s32(s, mask);
	s8(s, 0);
	s8(s, qlog0);
	s8(s, qlog1);
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

static void s_avail(struct seed *s, uint8_t q, uint16_t head)
{
	s8(s, OP_AVAIL);
	s8(s, q);
	s16(s, head);
}

/* A frame of len bytes: an Ethernet header from the input, the rest made. */
static void s_frame(struct seed *s, uint8_t seed)
{
	static const uint8_t eth[14] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56,
					 0x52, 0x55, 0x0a, 0x00, 0x02, 0x02, 0x08, 0x00 };
	s8(s, sizeof(eth));
	s8(s, seed);
	for (unsigned i = 0; i < sizeof(eth); i++)
		s8(s, eth[i]);
}

static void s_txpkt(struct seed *s, uint8_t idx, uint16_t off, uint16_t len, uint8_t split,
		    uint8_t flags, uint16_t csum_start, uint16_t csum_off)
{
	s8(s, OP_TXPKT);
	s8(s, idx);
	s16(s, off);
	s16(s, len);
	s8(s, split);
	s8(s, flags);
	s8(s, 0);           /* gso NONE */
	s16(s, csum_start);
	s16(s, csum_off);
	s_frame(s, idx);
}

static void s_rxbuf(struct seed *s, uint8_t count, uint8_t idx, uint16_t off, uint16_t size)
{
	s8(s, OP_RXBUF);
	s8(s, (uint8_t)(count - 1));
	s8(s, idx);
	s16(s, off);
	s16(s, (uint16_t)(size - 1));
}

static void s_inject(struct seed *s, uint32_t len, uint8_t seed)
{
	s8(s, OP_INJECT);
	s16(s, (uint16_t)len);
	s8(s, len >= 0x10000);
	s_frame(s, seed);
}

static void s_chain(struct seed *s, uint8_t q, uint8_t count, uint8_t idx, uint16_t off,
		    uint16_t len, uint16_t stride, uint8_t wmask)
{
	s8(s, OP_CHAIN);
	s8(s, q);
	s8(s, (uint8_t)(count - 1));
	s8(s, idx);
	s16(s, off);
	s16(s, len);
	s16(s, stride);
	s8(s, wmask);
}

static int s_write(const char *dir, const char *name, const struct seed *s)
{
	char path[512];
	snprintf(path, sizeof(path), "%s/seed-net-%s", dir, name);
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
	const uint8_t N = VIRTQ_DESC_F_NEXT, W = VIRTQ_DESC_F_WRITE, I = VIRTQ_DESC_F_INDIRECT;
	int err = 0;
	struct seed s;

	/* transmit: plain frames, header cut, checksum offload */
	s.n = 0;
	s8(&s, 0);
	s_init(&s, ALL, 8, 8);
	s_txpkt(&s, 0, 0, 60, 12, 0, 0, 0);
	s_txpkt(&s, 2, 0x1000, 1514, 5, 0, 0, 0);
	s8(&s, OP_PROCESS);
	s8(&s, OP_ACK);
	err |= s_write(argv[1], "tx", &s);

	s.n = 0;
	s8(&s, 0);
	s_init(&s, ALL, 8, 4);
	s_txpkt(&s, 0, 0, 100, 40, VIRTIO_NET_HDR_F_NEEDS_CSUM, 34, 6);
	s_txpkt(&s, 2, 0x800, 200, 12, VIRTIO_NET_HDR_F_NEEDS_CSUM, 34, 16);
	s8(&s, OP_PROCESS);
	err |= s_write(argv[1], "tx-csum", &s);

	/* transmit through raw descriptors: a 5+7 header, an indirect table */
	s.n = 0;
	s8(&s, 0);
	s_init(&s, ALL, 3, 3);
	static const uint8_t frame[14] = { 0x52, 0x55, 0x0a, 0x00, 0x02, 0x02,
					   0x52, 0x54, 0x00, 0x12, 0x34, 0x56, 0x08, 0x06 };
	s_ram(&s, 0x7010, frame, sizeof(frame));
	s_desc(&s, 3, 0, 0x7000, 5, N, 1);
	s_desc(&s, 3, 1, 0x7005, 7, N, 2);
	s_desc(&s, 3, 2, 0x7010, 60, 0, 0);
	s_avail(&s, 1, 0);
	s_desc(&s, 8, 0, 0x7000, 12, N, 1);
	s_desc(&s, 8, 1, 0x7010, 60, 0, 0);
	s_desc(&s, 3, 3, 0x8000, 32, I, 0);
	s_avail(&s, 1, 3);
	s8(&s, OP_PROCESS);
	err |= s_write(argv[1], "tx-desc", &s);

	/* receive without and with mergeable buffers */
	s.n = 0;
	s8(&s, 2);
	s_init(&s, NO_MRG, 8, 8);
	s_rxbuf(&s, 2, 0, 0x0000, 1526);
	s_inject(&s, 100, 1);
	s_inject(&s, 1514, 2);
	s_inject(&s, 2000, 3);
	s8(&s, OP_PROCESS);
	s8(&s, OP_ACK);
	err |= s_write(argv[1], "rx", &s);

	s.n = 0;
	s8(&s, 2);
	s_init(&s, ALL, 8, 8);
	s_rxbuf(&s, 4, 0, 0x0000, 1500);
	s_inject(&s, 4000, 4);
	s8(&s, OP_PROCESS);
	s_inject(&s, 3000, 5);
	s8(&s, OP_PROCESS);
	s_rxbuf(&s, 3, 4, 0x2000, 1500);
	s8(&s, OP_PROCESS);
	err |= s_write(argv[1], "rx-mrg", &s);

	/* receive chains of several descriptors */
	s.n = 0;
	s8(&s, 0);
	s_init(&s, ALL, 4, 4);
	s_desc(&s, 0, 0, 0x9000, 12, N | W, 1);
	s_desc(&s, 0, 1, 0x9100, 700, N | W, 2);
	s_desc(&s, 0, 2, 0xa000, 900, W, 0);
	s_avail(&s, 0, 0);
	s_inject(&s, 1200, 6);
	s8(&s, OP_PROCESS);
	err |= s_write(argv[1], "rx-desc", &s);

	/* a full backlog, then buffers */
	s.n = 0;
	s8(&s, 0);
	s_init(&s, NO_MRG, 8, 8);
	s8(&s, OP_BURST);
	s8(&s, 255);
	s16(&s, 200);
	s_frame(&s, 7);
	s8(&s, OP_BURST);
	s8(&s, 3);
	s16(&s, 100);
	s_frame(&s, 8);
	s_rxbuf(&s, 16, 0, 0x0000, 300);
	s8(&s, OP_PROCESS);
	s_rxbuf(&s, 16, 16, 0x0000, 300);
	s8(&s, OP_PROCESS);
	err |= s_write(argv[1], "backlog", &s);

	/* an echoing backend, a reset and a second life */
	s.n = 0;
	s8(&s, 3);
	s_init(&s, ALL, 8, 8);
	s_rxbuf(&s, 2, 0, 0x0000, 1526);
	s_txpkt(&s, 0, 0x4000, 300, 12, 0, 0, 0);
	s8(&s, OP_PROCESS);
	s8(&s, OP_RESET);
	s_init(&s, NO_MRG, 2, 2);
	s_rxbuf(&s, 1, 0, 0x0000, 1526);
	s_inject(&s, 64, 9);
	s_txpkt(&s, 0, 0x4000, 64, 12, 0, 0, 0);
	s8(&s, OP_PROCESS);
	err |= s_write(argv[1], "echo-reset", &s);

	/* long chains: a transmit frame in 20 pieces, a receive chain of 16
	 * buffers taking a mergeable frame, a 40 KiB transmit frame */
	s.n = 0;
	s8(&s, 0);
	s_init(&s, ALL, 8, 8);
	s_chain(&s, 1, 20, 0, 0x6000, 100, 128, 0);
	s_chain(&s, 0, 16, 0, 0x8000, 200, 256, 0xff);
	s_rxbuf(&s, 4, 16, 0xc000, 1500);
	s_inject(&s, 6000, 10);
	s8(&s, OP_PROCESS);
	s_chain(&s, 1, 4, 20, 0x6000, 10000, 0, 0);
	s8(&s, OP_PROCESS);
	err |= s_write(argv[1], "chains", &s);
	return err;
}

#endif
