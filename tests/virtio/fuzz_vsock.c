// SPDX-License-Identifier: MIT
/* libFuzzer target for virtio-vsock: the input is a program of register
 * accesses, queue set-up, receive buffers, raw descriptors, guest packets
 * (header fields mostly plausible, so that they reach connections: CIDs,
 * a few ports, any op, any length), device iterations, and host-side
 * actions on real unix sockets (connect with a CONNECT line or garbage,
 * accept guest connections on uds_1 and uds_2, write, read, shut down,
 * close), resets and zero timeouts.  Guest RAM is a heap buffer of exactly
 * RAM_SIZE bytes (ASan catches any access past it); the device runs
 * without its thread (virtio_vsock_process).  Invariants: the connection
 * count and the RST backlog stay within their limits, DEVICE_NEEDS_RESET is
 * only set by a reported error, and after virtio_vsock_exit no file
 * socket or eventfd is left open (LeakSanitizer checks memory).
 *
 * Built with -DFUZZ_SEEDS instead, this file is a program that writes a
 * seed corpus (well-formed conversations) into the directory argv[1]. */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "vmm/virtio/mmio.h"
#include "vmm/virtio/vsock.h"

#define RAM_BASE  0x80000000ULL
#define RAM_SIZE  (2u << 20)
#define QBASE(i)  (0x4000u * (i))        /* desc +0, avail +0x1000, used +0x2000 */
#define RXB       0x10000u                /* receive buffers, 0x1100 apart */
#define RXSLOT    0x1100u
#define TXB       0x130000u               /* transmit packets, 0x900 apart */
#define TXSLOT    0x900u
#define CID       3
#define MAX_HFD   16

enum op {
	OP_REG_WRITE, OP_REG_READ, OP_INIT, OP_RX_ADD, OP_TX_PKT, OP_DESC, OP_AVAIL, OP_RAM_WRITE,
	OP_PROCESS, OP_HOST_CONNECT, OP_HOST_WRITE, OP_HOST_READ, OP_HOST_SHUT, OP_HOST_CLOSE,
	OP_ACCEPT, OP_RESET, OP_TIMEOUTS, OP_ACK, OP_COUNT
};

#ifndef FUZZ_SEEDS

#include "tests/virtio/fuzz_input.h"

struct fz {
	uint8_t *ram;
	struct virtio_mmio t;
	struct virtio_vsock *v;
	struct { uint32_t num; uint16_t avail_idx, next; } q[3];
	int hfd[MAX_HFD];
	unsigned nh;
};

static char dir[64], uds[96];
static int listeners[2] = { -1, -1 };
static bool open_at_start[1024];

static void fz_irq(void *opaque, bool level)
{
	(void)opaque, (void)level;
}

/* What the device reports writing must lie inside guest RAM. */
static void fz_mark_dirty(void *opaque, uint64_t gpa, uint64_t len)
{
	(void)opaque;
	if (gpa < RAM_BASE || len > RAM_SIZE || gpa - RAM_BASE > RAM_SIZE - len)
		abort();
}

static void wr(struct fz *f, uint64_t off, uint32_t v)
{
	virtio_mmio_ops.write(&f->t, off, 4, v);
}

static uint32_t rd(struct fz *f, uint64_t off)
{
	return (uint32_t)virtio_mmio_ops.read(&f->t, off, 4);
}

static void check(struct fz *f)
{
	if (f->v->nconns > VIRTIO_VSOCK_MAX_CONNS || f->v->rst_count > VIRTIO_VSOCK_RST_BACKLOG)
		abort();
}

static void process(struct fz *f, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		virtio_vsock_process(f->v);
		check(f);
	}
}

static void put16(uint8_t *p, uint16_t v) { memcpy(p, &v, 2); }

static void desc(struct fz *f, unsigned q, uint32_t i, uint64_t addr, uint32_t len, uint16_t flags,
		 uint16_t next)
{
	uint8_t *d = f->ram + QBASE(q) + 16 * (i % 256);
	memcpy(d, &addr, 8);
	memcpy(d + 8, &len, 4);
	put16(d + 12, flags);
	put16(d + 14, next);
}

static void avail(struct fz *f, unsigned q, uint16_t head)
{
	uint32_t n = f->q[q].num ? f->q[q].num : 1;
	uint8_t *a = f->ram + QBASE(q) + 0x1000;
	put16(a + 4 + 2 * (f->q[q].avail_idx % n % 256), head);
	f->q[q].avail_idx++;
	put16(a + 2, f->q[q].avail_idx);
	wr(f, VIRTIO_MMIO_QUEUE_NOTIFY, q);
}

/* The Linux probe with the fuzzer's features and queue sizes. */
static void fz_init(struct fz *f, uint32_t feat_mask, uint16_t qlog)
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
	for (unsigned q = 0; q < 3; q++) {
		wr(f, VIRTIO_MMIO_QUEUE_SEL, q);
		/* a nibble each: up to 256; the event queue's max is 16 */
		f->q[q].num = 1u << ((qlog >> (q * 4)) % 16 % 9);
		f->q[q].avail_idx = f->q[q].next = 0;
		memset(f->ram + QBASE(q), 0, 0x4000);
		wr(f, VIRTIO_MMIO_QUEUE_NUM, f->q[q].num);
		wr(f, VIRTIO_MMIO_QUEUE_DESC_LOW, (uint32_t)(RAM_BASE + QBASE(q)));
		wr(f, VIRTIO_MMIO_QUEUE_DESC_HIGH, 0);
		wr(f, VIRTIO_MMIO_QUEUE_DRIVER_LOW, (uint32_t)(RAM_BASE + QBASE(q) + 0x1000));
		wr(f, VIRTIO_MMIO_QUEUE_DRIVER_HIGH, 0);
		wr(f, VIRTIO_MMIO_QUEUE_DEVICE_LOW, (uint32_t)(RAM_BASE + QBASE(q) + 0x2000));
		wr(f, VIRTIO_MMIO_QUEUE_DEVICE_HIGH, 0);
		wr(f, VIRTIO_MMIO_QUEUE_READY, 1);
	}
	wr(f, VIRTIO_MMIO_STATUS, rd(f, VIRTIO_MMIO_STATUS) | VIRTIO_STATUS_DRIVER_OK);
}

static void host_add(struct fz *f, int fd)
{
	if (fd < 0)
		return;
	if (f->nh == MAX_HFD) {
		close(fd);
		return;
	}
	f->hfd[f->nh++] = fd;
}

static int host_pick(struct fz *f, struct input *in)
{
	uint8_t k = in8(in);
	return f->nh ? (int)(k % f->nh) : -1;
}

static void fz_run(struct fz *f, struct input *in)
{
	static const unsigned sizes[4] = { 1, 2, 4, 8 };
	static const uint32_t gports[2] = { 50, 51 };
	static const uint32_t hports[6] = { 1, 2, 3, VIRTIO_VSOCK_HOST_PORT_BASE,
					    VIRTIO_VSOCK_HOST_PORT_BASE + 1,
					    VIRTIO_VSOCK_HOST_PORT_BASE + 2 };
	static uint8_t junk[8192];
	unsigned steps = 0;
	while (in->n && steps++ < 2048) {
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
		case OP_INIT: {
			uint32_t mask = in32(in);
			fz_init(f, mask, in16(in));
			break;
		}
		case OP_RX_ADD: {
			unsigned count = in8(in) % 16 + 1;
			uint8_t sel = in8(in);
			uint32_t len = sel & 1 ? in16(in) % RXSLOT : VIRTIO_VSOCK_HDR_SIZE + 4096;
			uint16_t flags = sel & 2 ? in8(in) & 7 : VIRTQ_DESC_F_WRITE;
			uint32_t n = f->q[0].num ? f->q[0].num : 1;
			for (unsigned i = 0; i < count; i++) {
				uint16_t d = (uint16_t)(f->q[0].next++ % n);
				desc(f, 0, d, RAM_BASE + RXB + (d % 256) * RXSLOT, len, flags, 0);
				avail(f, 0, d);
			}
			process(f, 1);
			break;
		}
		case OP_TX_PKT: {
			struct virtio_vsock_hdr h;
			uint8_t sel = in8(in);
			h.src_cid = sel & 1 ? in32(in) : CID;
			h.dst_cid = sel & 2 ? in32(in) : VIRTIO_VSOCK_CID_HOST;
			h.src_port = sel & 4 ? in32(in) : gports[in8(in) % 2];
			h.dst_port = sel & 8 ? in32(in) : hports[in8(in) % 6];
			h.type = sel & 16 ? in16(in) : VIRTIO_VSOCK_TYPE_STREAM;
			h.op = in8(in) % 9;
			h.flags = in8(in);
			h.buf_alloc = sel & 32 ? in32(in) : VIRTIO_VSOCK_BUF_ALLOC;
			h.fwd_cnt = sel & 64 ? in32(in) : 0;
			uint32_t plen = in16(in) % (TXSLOT - VIRTIO_VSOCK_HDR_SIZE);
			h.len = sel & 128 ? in32(in) : plen;
			uint8_t split = in8(in);
			uint32_t n = f->q[1].num ? f->q[1].num : 1;
			uint16_t d = (uint16_t)(f->q[1].next++ % n);
			uint32_t buf = TXB + (d % 256) * TXSLOT;
			virtio_vsock_hdr_encode(f->ram + buf, &h);
			for (uint32_t i = 0; i < plen; i++)
				f->ram[buf + VIRTIO_VSOCK_HDR_SIZE + i] = in->n ? in8(in) : (uint8_t)i;
			uint32_t total = VIRTIO_VSOCK_HDR_SIZE + plen;
			if (split & 1) {
				uint32_t cut = split % total;
				uint16_t d2 = (uint16_t)(f->q[1].next++ % n);
				desc(f, 1, d, RAM_BASE + buf, cut, VIRTQ_DESC_F_NEXT, d2);
				desc(f, 1, d2, RAM_BASE + buf + cut, total - cut, 0, 0);
			} else {
				desc(f, 1, d, RAM_BASE + buf, total, 0, 0);
			}
			avail(f, 1, d);
			process(f, 1);
			break;
		}
		case OP_DESC: {
			unsigned q = in8(in) % 3;
			uint32_t idx = in8(in);
			uint64_t addr = RAM_BASE + in32(in) % RAM_SIZE;
			uint32_t len = in16(in);
			uint8_t flags = in8(in);
			uint16_t next = in8(in);
			if (flags & 0x80)
				addr = in32(in) | (uint64_t)in32(in) << 32;
			if (flags & 0x40)
				len = in32(in);
			desc(f, q, idx, addr, len, flags & 7, next);
			break;
		}
		case OP_AVAIL: {
			unsigned q = in8(in) % 3;
			avail(f, q, in16(in));
			break;
		}
		case OP_RAM_WRITE: {
			uint32_t off = in32(in) % RAM_SIZE;
			uint32_t len = in8(in);
			for (uint32_t i = 0; i < len && off + i < RAM_SIZE; i++)
				f->ram[off + i] = in8(in);
			break;
		}
		case OP_PROCESS:
			process(f, in8(in) % 4 + 1);
			break;
		case OP_HOST_CONNECT: {
			struct sockaddr_un a = { .sun_family = AF_UNIX };
			snprintf(a.sun_path, sizeof(a.sun_path), "%s", uds);
			int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
			if (fd >= 0 && connect(fd, (struct sockaddr *)&a, sizeof(a)) < 0) {
				close(fd);
				fd = -1;
			}
			uint8_t sel = in8(in);
			char line[48];
			int n;
			if (sel < 200)
				n = snprintf(line, sizeof(line), "CONNECT %u\n",
					     sel & 1 ? in32(in) : gports[sel / 2 % 2]);
			else
				for (n = 0; n < (int)(sel % 40); n++)
					line[n] = (char)in8(in);
			if (fd >= 0 && send(fd, line, (size_t)n, MSG_NOSIGNAL | MSG_DONTWAIT) < 0) {
				close(fd);
				fd = -1;
			}
			host_add(f, fd);
			process(f, 1);
			break;
		}
		case OP_HOST_WRITE: {
			int k = host_pick(f, in);
			uint16_t len = in16(in) % sizeof(junk);
			if (k >= 0)
				(void)!send(f->hfd[k], junk, len, MSG_NOSIGNAL | MSG_DONTWAIT);
			break;
		}
		case OP_HOST_READ: {
			int k = host_pick(f, in);
			static uint8_t sink[1 << 16];
			if (k >= 0)
				while (recv(f->hfd[k], sink, sizeof(sink), MSG_DONTWAIT) > 0)
					;
			break;
		}
		case OP_HOST_SHUT: {
			int k = host_pick(f, in);
			uint8_t how = in8(in) % 3;
			if (k >= 0)
				shutdown(f->hfd[k], how == 0 ? SHUT_RD : how == 1 ? SHUT_WR : SHUT_RDWR);
			break;
		}
		case OP_HOST_CLOSE: {
			int k = host_pick(f, in);
			if (k >= 0) {
				close(f->hfd[k]);
				f->hfd[k] = f->hfd[--f->nh];
			}
			break;
		}
		case OP_ACCEPT:
			for (int l = 0; l < 2; l++)
				for (int i = 0; i < 4; i++)
					host_add(f, accept4(listeners[l], NULL, NULL,
							    SOCK_NONBLOCK | SOCK_CLOEXEC));
			break;
		case OP_RESET:
			wr(f, VIRTIO_MMIO_STATUS, 0);
			f->q[0].avail_idx = f->q[1].avail_idx = f->q[2].avail_idx = 0;
			break;
		case OP_TIMEOUTS: {
			unsigned t = in8(in) % 2;
			f->v->handshake_ms = f->v->connect_ms = f->v->close_ms = t;
			break;
		}
		case OP_ACK:
			wr(f, VIRTIO_MMIO_INTERRUPT_ACK, rd(f, VIRTIO_MMIO_INTERRUPT_STATUS));
			break;
		}
	}
}

static void cleanup(void)
{
	char p[128];
	for (int i = 1; i <= 2; i++) {
		snprintf(p, sizeof(p), "%s_%d", uds, i);
		unlink(p);
	}
	unlink(uds);
	rmdir(dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	snprintf(dir, sizeof(dir), "/tmp/fzvs-XXXXXX");
	if (!mkdtemp(dir))
		abort();
	snprintf(uds, sizeof(uds), "%s/v.sock", dir);
	for (int i = 0; i < 2; i++) {
		struct sockaddr_un a = { .sun_family = AF_UNIX };
		snprintf(a.sun_path, sizeof(a.sun_path), "%s_%d", uds, i + 1);
		listeners[i] = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
		if (listeners[i] < 0 || bind(listeners[i], (struct sockaddr *)&a, sizeof(a)) < 0 ||
		    listen(listeners[i], 128) < 0)
			abort();
	}
	atexit(cleanup);
	for (int fd = 0; fd < 1024; fd++)
		open_at_start[fd] = fcntl(fd, F_GETFD) != -1;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t *ram;
	static struct virtio_vsock v;
	if (!ram)
		ram = malloc(RAM_SIZE);
	memset(ram, 0, RAM_SIZE);

	struct virtio_vsock_opts o = { .guest_cid = CID };
	snprintf(o.uds_path, sizeof(o.uds_path), "%s", uds);
	if (virtio_vsock_init(&v, &o) < 0)
		abort();
	v.vdev.log = NULL;
	struct fz f = { .ram = ram, .v = &v };
	struct virtio_mmio_env env = {
		.mem = { ram, RAM_BASE, RAM_SIZE, fz_mark_dirty, NULL }, .set_irq = fz_irq,
	};
	if (virtio_mmio_init(&f.t, &v.vdev, &env) < 0)
		abort();
	struct input in = { data, size };
	fz_run(&f, &in);
	process(&f, 2);
	if ((v.vdev.status & VIRTIO_STATUS_DEVICE_NEEDS_RESET) && !v.vdev.errors)
		abort();
	static int show = -1;   /* FUZZ_VSOCK_STATS=1: what each input did */
	if (show < 0)
		show = getenv("FUZZ_VSOCK_STATS") != NULL;
	if (show)
		fprintf(stderr, "fuzz_vsock: tx %llu pkts %llu bytes, rx %llu pkts %llu bytes, "
			"opened %llu, refused %llu, rst %llu, dropped %llu, status %#x\n",
			(unsigned long long)v.stats.tx_packets, (unsigned long long)v.stats.tx_bytes,
			(unsigned long long)v.stats.rx_packets, (unsigned long long)v.stats.rx_bytes,
			(unsigned long long)v.stats.conns_opened, (unsigned long long)v.stats.conns_refused,
			(unsigned long long)v.stats.rst_sent, (unsigned long long)v.stats.dropped,
			v.vdev.status);

	virtio_vsock_exit(&v);
	for (unsigned i = 0; i < f.nh; i++)
		close(f.hfd[i]);
	for (int l = 0; l < 2; l++) {   /* what the device connected and we did not take */
		int fd;
		while ((fd = accept4(listeners[l], NULL, NULL, SOCK_CLOEXEC)) >= 0)
			close(fd);
	}
	for (int fd = 0; fd < 1024; fd++)
		if (!open_at_start[fd] && fcntl(fd, F_GETFD) != -1) {
			char link[64], what[256] = "?";
			snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
			ssize_t l = readlink(link, what, sizeof(what) - 1);
			what[l > 0 ? l : 0] = 0;
			/* ours are sockets and eventfds (libFuzzer and the
			 * sanitizers open pipes and files of their own) */
			if (strncmp(what, "socket:", 7) && strcmp(what, "anon_inode:[eventfd]"))
				continue;
			fprintf(stderr, "fuzz_vsock: file descriptor %d (%s) leaked\n", fd, what);
			abort();
		}
	return 0;
}

#else /* FUZZ_SEEDS: write a seed corpus */

struct seed {
	uint8_t b[2048];
	size_t n;
};

static void s8(struct seed *s, uint8_t v) { s->b[s->n++] = v; }
static void s16(struct seed *s, uint16_t v) { s8(s, (uint8_t)v); s8(s, (uint8_t)(v >> 8)); }
static void s32(struct seed *s, uint32_t v) { s16(s, (uint16_t)v); s16(s, (uint16_t)(v >> 16)); }

static void s_init(struct seed *s)
{
	s8(s, OP_INIT);
	s32(s, 0xffffffff);
	s16(s, 8 | 8 << 4 | 4 << 8);  /* rx 256, tx 256, event 16 */
	s8(s, OP_RX_ADD);
	s8(s, 15);                     /* 16 buffers of 4140 bytes */
	s8(s, 0);
}

/* A plausible packet: guest port index gp, host port index hp. */
static void s_pkt(struct seed *s, uint8_t op, uint8_t gp, uint8_t hp, uint8_t flags,
		  uint16_t plen)
{
	s8(s, OP_TX_PKT);
	s8(s, 0);          /* sel: everything plausible */
	s8(s, gp);
	s8(s, hp);
	s8(s, op);
	s8(s, flags);
	s16(s, plen);
	s8(s, 0);          /* one descriptor */
	for (uint16_t i = 0; i < plen; i++)
		s8(s, (uint8_t)(i * 7));
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
	int err = 0;
	struct seed s = { .n = 0 };
	/* guest -> host port 1: connect, data both ways, shutdown */
	s_init(&s);
	s_pkt(&s, VIRTIO_VSOCK_OP_REQUEST, 0, 0, 0, 0);
	s8(&s, OP_ACCEPT);
	s8(&s, OP_HOST_WRITE); s8(&s, 0); s16(&s, 300);
	s8(&s, OP_PROCESS); s8(&s, 1);
	s_pkt(&s, VIRTIO_VSOCK_OP_RW, 0, 0, 0, 100);
	s8(&s, OP_HOST_READ); s8(&s, 0);
	s_pkt(&s, VIRTIO_VSOCK_OP_CREDIT_REQUEST, 0, 0, 0, 0);
	s_pkt(&s, VIRTIO_VSOCK_OP_SHUTDOWN, 0, 0, 3, 0);
	s8(&s, OP_PROCESS); s8(&s, 2);
	err |= s_write(argv[1], "guest-connect", &s);
	/* host -> guest port 50: CONNECT, RESPONSE, data, host close, RST */
	s.n = 0;
	s_init(&s);
	s8(&s, OP_HOST_CONNECT); s8(&s, 0);
	s8(&s, OP_PROCESS); s8(&s, 1);
	s_pkt(&s, VIRTIO_VSOCK_OP_RESPONSE, 0, 3, 0, 0);
	s8(&s, OP_HOST_WRITE); s8(&s, 0); s16(&s, 5000);
	s8(&s, OP_PROCESS); s8(&s, 3);
	s_pkt(&s, VIRTIO_VSOCK_OP_RW, 0, 3, 0, 500);
	s8(&s, OP_HOST_READ); s8(&s, 0);
	s8(&s, OP_HOST_CLOSE); s8(&s, 0);
	s8(&s, OP_PROCESS); s8(&s, 1);
	s_pkt(&s, VIRTIO_VSOCK_OP_RST, 0, 3, 0, 0);
	err |= s_write(argv[1], "host-connect", &s);
	/* nobody listens on port 3; a refused host connection; timeouts */
	s.n = 0;
	s_init(&s);
	s_pkt(&s, VIRTIO_VSOCK_OP_REQUEST, 1, 2, 0, 0);
	s8(&s, OP_HOST_CONNECT); s8(&s, 2);
	s8(&s, OP_PROCESS); s8(&s, 0);
	s_pkt(&s, VIRTIO_VSOCK_OP_RST, 1, 3, 0, 0);
	s8(&s, OP_TIMEOUTS); s8(&s, 0);
	s8(&s, OP_HOST_CONNECT); s8(&s, 0);
	s8(&s, OP_PROCESS); s8(&s, 3);
	err |= s_write(argv[1], "refused", &s);
	return err;
}

#endif
