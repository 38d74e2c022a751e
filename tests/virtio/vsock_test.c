// SPDX-License-Identifier: MIT
/* virtio-vsock tests: the test plays the guest driver, with three queues
 * (rx 0, tx 1, event 2), against the real virtio-mmio transport, core and
 * struct virtio_vsock, with a buffer as guest RAM (tests/virtio/guest.h),
 * and plays the host programs with real unix sockets in a temporary
 * directory.  The device thread is not started (but for one case):
 * virtio_vsock_process() runs one iteration of its work; QueueNotify through
 * the MMIO path only signals the kick eventfd.  Prints
 * "PASS virtio/vsock.<name>" or "FAIL ..." per case.  Built with
 * ASan+UBSan: a hostile packet must end in a drop or an RST, a malformed
 * ring in DEVICE_NEEDS_RESET, never in a sanitizer report.
 *
 *   vsock_test [NAME-SUBSTRING]      run all (or matching) cases
 *   VSOCK_TEST_LOG=1 vsock_test      also show the device's error log */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "guest.h"
#include "vmm/virtio/vsock.h"

#define CID         3
#define HOST        VIRTIO_VSOCK_CID_HOST
#define HDR         VIRTIO_VSOCK_HDR_SIZE
#define BUF         VIRTIO_VSOCK_BUF_ALLOC
#define HPORT0      VIRTIO_VSOCK_HOST_PORT_BASE
#define NEEDS_RESET VIRTIO_STATUS_DEVICE_NEEDS_RESET
#define F_NEXT      VIRTQ_DESC_F_NEXT
#define F_WRITE     VIRTQ_DESC_F_WRITE
#define RXLEN       (HDR + 4096)          /* Linux's receive buffers */
#define TXSLOT      0x11000ULL            /* one packet of up to 64 KiB */
#define TXBUF       (G_RAM_BASE + 0x200000)
#define RXBUF       (G_RAM_BASE + 0x1800000)
#define RXSLOT      0x1100ULL

enum { OP_REQ = VIRTIO_VSOCK_OP_REQUEST, OP_RESP = VIRTIO_VSOCK_OP_RESPONSE,
       OP_RST = VIRTIO_VSOCK_OP_RST, OP_SHUT = VIRTIO_VSOCK_OP_SHUTDOWN,
       OP_RW = VIRTIO_VSOCK_OP_RW, OP_CUPD = VIRTIO_VSOCK_OP_CREDIT_UPDATE,
       OP_CREQ = VIRTIO_VSOCK_OP_CREDIT_REQUEST };

static const char *cur;
static char fail_reason[200];

static bool check_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static bool check_fail(const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	fprintf(stderr, "  vsock.%s: %s\n", cur, msg);
	if (!fail_reason[0])
		snprintf(fail_reason, sizeof(fail_reason), "%.*s", (int)sizeof(fail_reason) - 1, msg);
	return false;
}
#define CHECK(c) do { if (!(c)) \
	return check_fail("%s:%d: CHECK(%s) failed", __FILE__, __LINE__, #c); } while (0)
#define CHECK_EQ(a, b) do { unsigned long long a_ = (a), b_ = (b); if (a_ != b_) \
	return check_fail("%s:%d: %s == %#llx, expected %s == %#llx", __FILE__, __LINE__, \
			  #a, a_, #b, b_); } while (0)

/* ---- the driver ------------------------------------------------------- */

struct dq {                 /* the driver's view of one queue */
	unsigned idx;
	uint32_t num;
	uint64_t desc, avail, used;
	uint16_t avail_idx, last_used, next_desc;
};

struct pkt {
	struct virtio_vsock_hdr h;
	uint32_t used_len;
	uint8_t data[65536];
};

struct fx {
	struct guest g;
	struct virtio_vsock v;
	struct dq rx, tx, ev;
	bool refill;                /* give receive buffers back as they are used */
	bool threaded;
	char dir[48], uds[80];      /* short: sun_path holds uds_PORT */
	FILE *log;
};

static uint16_t dq_used_idx(struct fx *f, struct dq *q)
{
	return le16toh(__atomic_load_n((uint16_t *)g_ptr(&f->g, q->used + 2), __ATOMIC_ACQUIRE));
}

static void dq_avail(struct fx *f, struct dq *q, uint16_t head)
{
	g_w16(&f->g, q->avail + 4 + 2ULL * (q->avail_idx % q->num), head);
	q->avail_idx++;
	__atomic_store_n((uint16_t *)g_ptr(&f->g, q->avail + 2), htole16(q->avail_idx),
			 __ATOMIC_RELEASE);
}

static void dq_notify(struct fx *f, struct dq *q)
{
	g_wr(&f->g, VIRTIO_MMIO_QUEUE_NOTIFY, q->idx);
}

static bool dq_setup(struct fx *f, struct dq *q, unsigned idx, uint64_t base)
{
	struct guest *g = &f->g;
	memset(q, 0, sizeof(*q));
	q->idx = idx;
	g_wr(g, VIRTIO_MMIO_QUEUE_SEL, idx);
	q->num = g_rd(g, VIRTIO_MMIO_QUEUE_NUM_MAX);
	if (!q->num)
		return false;
	q->desc = base;
	q->avail = base + 0x1000;
	q->used = base + 0x2000;
	memset(g_ptr(g, base), 0, 0x4000);
	g_wr(g, VIRTIO_MMIO_QUEUE_NUM, q->num);
	g_wr(g, VIRTIO_MMIO_QUEUE_DESC_LOW, (uint32_t)q->desc);
	g_wr(g, VIRTIO_MMIO_QUEUE_DESC_HIGH, 0);
	g_wr(g, VIRTIO_MMIO_QUEUE_DRIVER_LOW, (uint32_t)q->avail);
	g_wr(g, VIRTIO_MMIO_QUEUE_DRIVER_HIGH, 0);
	g_wr(g, VIRTIO_MMIO_QUEUE_DEVICE_LOW, (uint32_t)q->used);
	g_wr(g, VIRTIO_MMIO_QUEUE_DEVICE_HIGH, 0);
	g_wr(g, VIRTIO_MMIO_QUEUE_READY, 1);
	return true;
}

/* One receive buffer per descriptor, all in the ring. */
static void rx_fill(struct fx *f)
{
	for (uint32_t i = 0; i < f->rx.num; i++) {
		g_desc_at(&f->g, f->rx.desc, i, RXBUF + i * RXSLOT, RXLEN, F_WRITE, 0);
		dq_avail(f, &f->rx, (uint16_t)i);
	}
	dq_notify(f, &f->rx);
}

static void pump(struct fx *f, int n)
{
	for (int i = 0; i < n; i++) {
		if (f->threaded)
			usleep(1000);
		else
			virtio_vsock_process(&f->v);
	}
}

/* The driver's probe, queues and receive buffers. */
static bool fx_probe(struct fx *f)
{
	if (!g_negotiate(&f->g, ~0ULL))
		return false;
	if (!dq_setup(f, &f->rx, 0, G_RAM_BASE) || !dq_setup(f, &f->tx, 1, G_RAM_BASE + 0x10000) ||
	    !dq_setup(f, &f->ev, 2, G_RAM_BASE + 0x20000))
		return false;
	g_driver_ok(&f->g);
	if (f->refill)
		rx_fill(f);
	pump(f, 1);
	return true;
}

static bool fx_init_opt(struct fx *f, bool fill)
{
	memset(f, 0, sizeof(*f));
	const char *tmp = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
	if (snprintf(f->dir, sizeof(f->dir), "%s/vsock-XXXXXX", tmp) >= (int)sizeof(f->dir))
		snprintf(f->dir, sizeof(f->dir), "/tmp/vsock-XXXXXX");
	if (!mkdtemp(f->dir))
		return false;
	snprintf(f->uds, sizeof(f->uds), "%s/v.sock", f->dir);
	struct virtio_vsock_opts o = { .guest_cid = CID };
	snprintf(o.uds_path, sizeof(o.uds_path), "%s", f->uds);
	if (virtio_vsock_init(&f->v, &o) < 0)
		return false;
	f->log = tmpfile();
	f->v.vdev.log = f->log;
	f->refill = fill;
	if (g_init(&f->g, &f->v.vdev) < 0)
		return false;
	return fx_probe(f);
}

static bool fx_init(struct fx *f)
{
	return fx_init_opt(f, true);
}

static void fx_exit(struct fx *f)
{
	virtio_vsock_exit(&f->v);
	g_exit(&f->g);
	if (f->log && getenv("VSOCK_TEST_LOG")) {
		char line[512];
		fflush(f->log);
		rewind(f->log);
		while (fgets(line, sizeof(line), f->log))
			fprintf(stderr, "  [%s] %s", cur, line);
	}
	if (f->log)
		fclose(f->log);
	char cmd[300];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
	if (system(cmd) != 0)
		fprintf(stderr, "  cannot remove %s\n", f->dir);
}

static unsigned fx_nconns(struct fx *f)
{
	pthread_mutex_lock(&f->v.vdev.lock);
	unsigned n = f->v.nconns;
	pthread_mutex_unlock(&f->v.vdev.lock);
	return n;
}

static struct virtio_vsock_hdr hdr(uint16_t op, uint32_t src_port, uint32_t dst_port)
{
	return (struct virtio_vsock_hdr){
		.src_cid = CID, .dst_cid = HOST, .src_port = src_port, .dst_port = dst_port,
		.type = VIRTIO_VSOCK_TYPE_STREAM, .op = op, .buf_alloc = BUF,
	};
}

/* Queue one packet, header and payload in one descriptor (split: two). */
static void tx_put(struct fx *f, const struct virtio_vsock_hdr *h, const void *data,
		   uint32_t len, bool split)
{
	struct dq *q = &f->tx;
	uint16_t d = q->next_desc;
	uint64_t buf = TXBUF + d * TXSLOT;
	virtio_vsock_hdr_encode(g_ptr(&f->g, buf), h);
	if (len)
		memcpy(g_ptr(&f->g, buf + HDR), data, len);
	if (split && len) {
		uint16_t d2 = (uint16_t)((d + 1) % q->num);
		g_desc_at(&f->g, q->desc, d, buf, 20, F_NEXT, d2);
		g_desc_at(&f->g, q->desc, d2, buf + 20, HDR - 20 + len, 0, 0);
		q->next_desc = (uint16_t)((d2 + 1) % q->num);
	} else {
		g_desc_at(&f->g, q->desc, d, buf, HDR + len, 0, 0);
		q->next_desc = (uint16_t)((d + 1) % q->num);
	}
	dq_avail(f, q, d);
}

static void tx_send(struct fx *f, struct virtio_vsock_hdr h, const void *data, uint32_t len)
{
	h.len = len;
	tx_put(f, &h, data, len, false);
	dq_notify(f, &f->tx);
	pump(f, 1);
}

/* The next packet for the guest, its buffer given back if f->refill. */
static bool rx_get(struct fx *f, struct pkt *p)
{
	struct dq *q = &f->rx;
	if (dq_used_idx(f, q) == q->last_used)
		return false;
	uint64_t e = q->used + 4 + 8ULL * (q->last_used % q->num);
	uint32_t id = g_r32(&f->g, e), len = g_r32(&f->g, e + 4);
	q->last_used++;
	uint64_t d = q->desc + 16ULL * id;
	uint64_t buf;
	memcpy(&buf, g_ptr(&f->g, d), 8);
	uint32_t dlen = g_r32(&f->g, d + 8);
	uint16_t flags = g_r16(&f->g, d + 12);
	/* Gather the chain (the layout tests use several descriptors). */
	uint8_t tmp[HDR + sizeof(p->data)];
	uint32_t got = 0;
	for (;;) {
		uint32_t c = dlen < sizeof(tmp) - got ? dlen : (uint32_t)(sizeof(tmp) - got);
		memcpy(tmp + got, g_ptr(&f->g, buf), c);
		got += c;
		if (!(flags & F_NEXT))
			break;
		uint16_t next = g_r16(&f->g, d + 14);
		d = q->desc + 16ULL * next;
		memcpy(&buf, g_ptr(&f->g, d), 8);
		dlen = g_r32(&f->g, d + 8);
		flags = g_r16(&f->g, d + 12);
	}
	virtio_vsock_hdr_decode(tmp, &p->h);
	p->used_len = len;
	uint32_t plen = p->h.len < sizeof(p->data) ? p->h.len : (uint32_t)sizeof(p->data);
	memcpy(p->data, tmp + HDR, plen);
	if (f->refill) {
		dq_avail(f, q, (uint16_t)id);
		dq_notify(f, q);
	}
	return true;
}

/* Pump until a packet comes (at most n rounds). */
static bool rx_wait(struct fx *f, struct pkt *p, int n)
{
	for (int i = 0; i < n; i++) {
		if (rx_get(f, p))
			return true;
		pump(f, 1);
	}
	return rx_get(f, p);
}

static bool rx_none(struct fx *f)
{
	struct pkt p;
	pump(f, 3);
	return !rx_get(f, &p);
}

/* p is op from host port sport to guest port dport, with a valid header. */
static bool is_pkt(const struct pkt *p, uint16_t op, uint32_t sport, uint32_t dport)
{
	return p->h.op == op && p->h.src_cid == HOST && p->h.dst_cid == CID &&
	       p->h.src_port == sport && p->h.dst_port == dport &&
	       p->h.type == VIRTIO_VSOCK_TYPE_STREAM && p->used_len == HDR + p->h.len &&
	       (op == OP_RW || p->h.len == 0);
}

static bool status_ok(struct fx *f)
{
	return !(g_rd(&f->g, VIRTIO_MMIO_STATUS) & NEEDS_RESET);
}

/* ---- the host programs ------------------------------------------------ */

static int host_listen(struct fx *f, uint32_t port)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	snprintf(a.sun_path, sizeof(a.sun_path), "%s_%u", f->uds, port);
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);
	if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof(a)) < 0 || listen(fd, 128) < 0)
		return -1;
	return fd;
}

static int host_accept(int lfd)
{
	struct pollfd p = { .fd = lfd, .events = POLLIN };
	if (poll(&p, 1, 1000) != 1)
		return -1;
	return accept(lfd, NULL, NULL);
}

static int host_connect(struct fx *f)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	snprintf(a.sun_path, sizeof(a.sun_path), "%s", f->uds);
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof(a)) < 0)
		return -1;
	return fd;
}

/* Read exactly n bytes from fd, pumping the device meanwhile. */
static bool host_read(struct fx *f, int fd, void *buf, size_t n)
{
	size_t got = 0;
	for (int i = 0; got < n && i < 20000; i++) {
		ssize_t r = recv(fd, (uint8_t *)buf + got, n - got, MSG_DONTWAIT);
		if (r > 0)
			got += (size_t)r;
		else if (r == 0)
			return false;
		else
			pump(f, 1);
	}
	return got == n;
}

/* fd reads EOF (after pumping) */
static bool host_eof(struct fx *f, int fd)
{
	char c;
	for (int i = 0; i < 200; i++) {
		ssize_t r = recv(fd, &c, 1, MSG_DONTWAIT);
		if (r == 0 || (r < 0 && errno == ECONNRESET))
			return true;
		if (r > 0)
			return false;
		pump(f, 1);
	}
	return false;
}

static bool host_nothing(struct fx *f, int fd)
{
	char c;
	pump(f, 3);
	return recv(fd, &c, 1, MSG_DONTWAIT) < 0 && errno == EAGAIN;
}

static void pattern(uint8_t *b, size_t n, unsigned seed)
{
	uint32_t x = seed * 2654435761u + 1;
	for (size_t i = 0; i < n; i++) {
		x = x * 1103515245u + 12345u;
		b[i] = (uint8_t)(x >> 16);
	}
}

/* A guest-initiated connection from guest port gport to host port hport
 * (listening: lfd), accepted on the host (*hfd). */
static bool guest_open(struct fx *f, int lfd, uint32_t gport, uint32_t hport, int *hfd,
		       uint32_t buf_alloc)
{
	struct virtio_vsock_hdr h = hdr(OP_REQ, gport, hport);
	h.buf_alloc = buf_alloc;
	tx_send(f, h, NULL, 0);
	struct pkt p;
	CHECK(rx_wait(f, &p, 5));
	CHECK(is_pkt(&p, OP_RESP, hport, gport));
	CHECK_EQ(p.h.buf_alloc, BUF);
	CHECK_EQ(p.h.fwd_cnt, 0);
	*hfd = host_accept(lfd);
	CHECK(*hfd >= 0);
	return true;
}

/* A host-initiated connection to guest port gport; the guest accepts. */
static bool host_open(struct fx *f, uint32_t gport, int *hfd, uint32_t *hport)
{
	char line[40];
	int fd = host_connect(f);
	CHECK(fd >= 0);
	int n = snprintf(line, sizeof(line), "CONNECT %u\n", gport);
	CHECK(write(fd, line, (size_t)n) == n);
	pump(f, 2);
	struct pkt p;
	CHECK(rx_wait(f, &p, 5));
	CHECK_EQ(p.h.op, OP_REQ);
	CHECK(p.h.src_port >= HPORT0);
	CHECK(is_pkt(&p, OP_REQ, p.h.src_port, gport));
	*hport = p.h.src_port;
	tx_send(f, hdr(OP_RESP, gport, *hport), NULL, 0);
	char want[40], got[40];
	n = snprintf(want, sizeof(want), "OK %u\n", *hport);
	CHECK(host_read(f, fd, got, (size_t)n));
	CHECK(!memcmp(got, want, (size_t)n));
	*hfd = fd;
	return true;
}

/* ---- cases ------------------------------------------------------------ */

static bool t_identity(void)
{
	struct fx f;
	CHECK(fx_init(&f));
	struct guest *g = &f.g;
	CHECK_EQ(g_rd(g, VIRTIO_MMIO_DEVICE_ID), VIRTIO_ID_VSOCK);
	CHECK_EQ(virtio_mmio_ops.read(&g->t, VIRTIO_MMIO_CONFIG, 8), CID);
	CHECK_EQ(virtio_mmio_ops.read(&g->t, VIRTIO_MMIO_CONFIG + 4, 4), 0);
	CHECK_EQ(virtio_mmio_ops.read(&g->t, VIRTIO_MMIO_CONFIG + 8, 4), 0);
	uint32_t max[4];
	for (unsigned i = 0; i < 4; i++) {
		g_wr(g, VIRTIO_MMIO_QUEUE_SEL, i);
		max[i] = g_rd(g, VIRTIO_MMIO_QUEUE_NUM_MAX);
	}
	CHECK_EQ(max[0], VIRTIO_VSOCK_QUEUE_SIZE);
	CHECK_EQ(max[1], VIRTIO_VSOCK_QUEUE_SIZE);
	CHECK_EQ(max[2], VIRTIO_VSOCK_EVQ_SIZE);
	CHECK_EQ(max[3], 0);
	/* Stream only: no device feature bits of its own. */
	g_wr(g, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
	CHECK_EQ(g_rd(g, VIRTIO_MMIO_DEVICE_FEATURES) & 0x00ffffff, 0);
	CHECK(status_ok(&f));
	fx_exit(&f);
	return true;
}

/* Options and the listening socket. */
static bool t_options(void)
{
	struct virtio_vsock_opts o;
	char err[128];
	CHECK(virtio_vsock_parse("cid=3,uds=/tmp/x.sock", &o, err, sizeof(err)) == 0);
	CHECK_EQ(o.guest_cid, 3);
	CHECK(!strcmp(o.uds_path, "/tmp/x.sock"));
	CHECK(virtio_vsock_parse("uds=/a,cid=4294967294", &o, err, sizeof(err)) == 0);
	CHECK_EQ(o.guest_cid, 0xfffffffeULL);
	static const char *bad[] = {
		"cid=2,uds=/a", "cid=0,uds=/a", "cid=4294967295,uds=/a", "cid=99999999999,uds=/a",
		"cid=3", "uds=/a", "cid=3,uds=", "cid=x,uds=/a", "cid=3,uds=/a,cid=4",
		"cid=3,uds=/a,foo=1", "", "cid=3,,uds=/a", "cid=-3,uds=/a",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		CHECK(virtio_vsock_parse(bad[i], &o, err, sizeof(err)) == -EINVAL);
	char longp[200];
	memset(longp, 'a', sizeof(longp));
	memcpy(longp, "cid=3,uds=/", 11);
	longp[11 + VIRTIO_VSOCK_UDS_MAX] = 0;
	CHECK(virtio_vsock_parse(longp, &o, err, sizeof(err)) == -EINVAL);

	/* A live socket at the path is refused; a stale one replaced. */
	struct fx f;
	CHECK(fx_init(&f));
	struct virtio_vsock other;
	struct virtio_vsock_opts oo = { .guest_cid = 5 };
	snprintf(oo.uds_path, sizeof(oo.uds_path), "%s", f.uds);
	FILE *saved = stderr;
	stderr = f.log;
	int r = virtio_vsock_init(&other, &oo);
	stderr = saved;
	CHECK_EQ(r, -EADDRINUSE);
	int fd = host_connect(&f);   /* the first device still listens */
	CHECK(fd >= 0);
	close(fd);
	virtio_vsock_exit(&f.v);
	CHECK(access(f.uds, F_OK) < 0);  /* unlinked */
	int s = socket(AF_UNIX, SOCK_STREAM, 0);
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	snprintf(a.sun_path, sizeof(a.sun_path), "%s", f.uds);
	CHECK(bind(s, (struct sockaddr *)&a, sizeof(a)) == 0);
	close(s);                    /* stale */
	CHECK(virtio_vsock_init(&f.v, &oo) == 0);
	fd = host_connect(&f);
	CHECK(fd >= 0);
	close(fd);
	fx_exit(&f);
	return true;
}

/* Guest -> host: REQUEST, connect to uds_PORT, RESPONSE. */
static bool t_guest_connect(void)
{
	struct fx f;
	CHECK(fx_init(&f));
	int lfd = host_listen(&f, 1234), hfd;
	CHECK(lfd >= 0);
	CHECK(guest_open(&f, lfd, 5000, 1234, &hfd, BUF));
	CHECK_EQ(fx_nconns(&f), 1);
	CHECK_EQ(f.v.stats.conns_opened, 1);
	CHECK(rx_none(&f));
	CHECK(status_ok(&f));
	close(hfd);
	close(lfd);
	fx_exit(&f);
	return true;
}

/* Bytes both ways, small and large, in order. */
static bool t_data(void)
{
	struct fx f;
	CHECK(fx_init(&f));
	int lfd = host_listen(&f, 1234), hfd;
	CHECK(guest_open(&f, lfd, 5000, 1234, &hfd, BUF));
	struct pkt p;
	/* guest -> host */
	tx_send(&f, hdr(OP_RW, 5000, 1234), "hello host", 10);
	char b[64];
	CHECK(host_read(&f, hfd, b, 10));
	CHECK(!memcmp(b, "hello host", 10));
	/* host -> guest */
	CHECK(write(hfd, "hello guest", 11) == 11);
	CHECK(rx_wait(&f, &p, 5));
	CHECK(is_pkt(&p, OP_RW, 1234, 5000));
	CHECK_EQ(p.h.len, 11);
	CHECK_EQ(p.h.flags, 0);
	CHECK(!memcmp(p.data, "hello guest", 11));
	/* 200 KiB guest -> host in 40000-byte packets, header split from
	 * the payload as Linux does. */
	static uint8_t big[200 * 1024], back[200 * 1024];
	pattern(big, sizeof(big), 7);
	uint32_t off = 0, guest_fwd = 0;
	while (off < sizeof(big)) {
		uint32_t n = sizeof(big) - off < 40000 ? sizeof(big) - off : 40000;
		struct virtio_vsock_hdr h = hdr(OP_RW, 5000, 1234);
		h.len = n;
		h.fwd_cnt = guest_fwd;
		tx_put(&f, &h, big + off, n, true);
		dq_notify(&f, &f.tx);
		pump(&f, 1);
		off += n;
		CHECK(host_read(&f, hfd, back + off - n, n));
	}
	CHECK(!memcmp(big, back, sizeof(big)));
	/* The device said what the host took: a CREDIT_UPDATE per 64 KiB. */
	uint32_t fwd = 0;
	while (rx_get(&f, &p)) {
		CHECK(is_pkt(&p, OP_CUPD, 1234, 5000));
		CHECK(p.h.fwd_cnt > fwd);
		fwd = p.h.fwd_cnt;
	}
	CHECK(fwd >= sizeof(big) + 10 - BUF / 4);
	/* 100 KiB host -> guest in receive-buffer-sized packets. */
	pattern(big, 100 * 1024, 9);
	CHECK(write(hfd, big, 100 * 1024) == 100 * 1024);
	uint32_t got = 0;
	for (int i = 0; got < 100 * 1024 && i < 1000; i++) {
		if (!rx_get(&f, &p)) {
			pump(&f, 1);
			continue;
		}
		CHECK(is_pkt(&p, OP_RW, 1234, 5000));
		CHECK(p.h.len <= RXLEN - HDR);
		CHECK(!memcmp(p.data, big + got, p.h.len));
		got += p.h.len;
		/* as a guest does after its reads */
		struct virtio_vsock_hdr u = hdr(OP_CUPD, 5000, 1234);
		u.fwd_cnt = 11 + got;
		tx_send(&f, u, NULL, 0);
	}
	CHECK_EQ(got, 100 * 1024);
	CHECK(f.v.stats.rx_bytes >= 11 + 100 * 1024);
	CHECK(status_ok(&f));
	close(hfd);
	close(lfd);
	fx_exit(&f);
	return true;
}

/* Header and payload spread over several descriptors either way. */
static bool t_any_layout(void)
{
	struct fx f;
	CHECK(fx_init_opt(&f, false));
	/* receive chains of 10 + 30 + 4 + 100 bytes */
	for (uint16_t i = 0; i < 8; i++) {
		uint64_t b = RXBUF + i * RXSLOT;
		uint16_t d = (uint16_t)(4 * i);
		g_desc_at(&f.g, f.rx.desc, d, b, 10, F_WRITE | F_NEXT, (uint16_t)(d + 1));
		g_desc_at(&f.g, f.rx.desc, d + 1, b + 10, 30, F_WRITE | F_NEXT, (uint16_t)(d + 2));
		g_desc_at(&f.g, f.rx.desc, d + 2, b + 40, 4, F_WRITE | F_NEXT, (uint16_t)(d + 3));
		g_desc_at(&f.g, f.rx.desc, d + 3, b + 44, 100, F_WRITE, 0);
		dq_avail(&f, &f.rx, d);
	}
	dq_notify(&f, &f.rx);
	int lfd = host_listen(&f, 80), hfd;
	CHECK(guest_open(&f, lfd, 5000, 80, &hfd, BUF));
	static uint8_t msg[400];
	pattern(msg, sizeof(msg), 3);
	CHECK(write(hfd, msg, 300) == 300);
	struct pkt p;
	uint32_t got = 0;
	while (got < 300 && rx_wait(&f, &p, 5)) {
		CHECK(is_pkt(&p, OP_RW, 80, 5000));
		CHECK(p.h.len <= 100);
		CHECK(!memcmp(p.data, msg + got, p.h.len));
		got += p.h.len;
	}
	CHECK_EQ(got, 300);
	/* transmit: the header in 3 pieces, the payload in 2 */
	uint64_t b = TXBUF;
	struct virtio_vsock_hdr h = hdr(OP_RW, 5000, 80);
	h.len = 50;
	virtio_vsock_hdr_encode(g_ptr(&f.g, b), &h);
	memcpy(g_ptr(&f.g, b + HDR), msg, 50);
	g_desc_at(&f.g, f.tx.desc, 0, b, 1, F_NEXT, 1);
	g_desc_at(&f.g, f.tx.desc, 1, b + 1, 40, F_NEXT, 2);
	g_desc_at(&f.g, f.tx.desc, 2, b + 41, 3, F_NEXT, 3);
	g_desc_at(&f.g, f.tx.desc, 3, b + 44, 25, F_NEXT, 4);
	g_desc_at(&f.g, f.tx.desc, 4, b + 69, 25, 0, 0);
	dq_avail(&f, &f.tx, 0);
	dq_notify(&f, &f.tx);
	uint8_t back[50];
	CHECK(host_read(&f, hfd, back, 50));
	CHECK(!memcmp(back, msg, 50));
	/* A receive buffer with room for a header only: a CREDIT_UPDATE goes
	 * there, the data into the next buffer. */
	CHECK(write(hfd, msg, 400) == 400);   /* the 4 chains left take 100 each */
	for (got = 0; got < 400 && rx_wait(&f, &p, 5); got += p.h.len)
		CHECK(is_pkt(&p, OP_RW, 80, 5000));
	CHECK_EQ(got, 400);
	CHECK(rx_none(&f));
	g_desc_at(&f.g, f.rx.desc, 40, RXBUF + 9 * RXSLOT, HDR, F_WRITE, 0);
	g_desc_at(&f.g, f.rx.desc, 41, RXBUF + 10 * RXSLOT, RXLEN, F_WRITE, 0);
	dq_avail(&f, &f.rx, 40);
	dq_avail(&f, &f.rx, 41);
	dq_notify(&f, &f.rx);
	CHECK(write(hfd, "tiny", 4) == 4);
	CHECK(rx_wait(&f, &p, 5));
	CHECK(is_pkt(&p, OP_CUPD, 80, 5000));
	CHECK(rx_wait(&f, &p, 5));
	CHECK(is_pkt(&p, OP_RW, 80, 5000));
	CHECK_EQ(p.h.len, 4);
	CHECK(!memcmp(p.data, "tiny", 4));
	CHECK(status_ok(&f));
	close(hfd);
	close(lfd);
	fx_exit(&f);
	return true;
}

/* Host -> guest: CONNECT, REQUEST, RESPONSE, OK; host ports counted up;
 * bytes the host sent after its CONNECT line wait for the OK. */
static bool t_host_connect(void)
{
	struct fx f;
	CHECK(fx_init(&f));
	int hfd, hfd2;
	uint32_t hport, hport2;
	CHECK(host_open(&f, 52, &hfd, &hport));
	CHECK_EQ(hport, HPORT0);
	CHECK(host_open(&f, 52, &hfd2, &hport2));
	CHECK_EQ(hport2, HPORT0 + 1);
	CHECK_EQ(fx_nconns(&f), 2);
	struct pkt p;
	CHECK(write(hfd, "ping", 4) == 4);
	CHECK(rx_wait(&f, &p, 5));
	CHECK(is_pkt(&p, OP_RW, hport, 52));
	CHECK(!memcmp(p.data, "ping", 4));
	tx_send(&f, hdr(OP_RW, 52, hport2), "pong", 4);
	char b[8];
	CHECK(host_read(&f, hfd2, b, 4));
	CHECK(!memcmp(b, "pong", 4));
	CHECK(host_nothing(&f, hfd));

	/* pipelined: "CONNECT 53\nearly" in one write */
	int fd = host_connect(&f);
	CHECK(fd >= 0);
	CHECK(write(fd, "CONNECT 53\nearly", 16) == 16);
	CHECK(rx_wait(&f, &p, 5));
	CHECK(is_pkt(&p, OP_REQ, HPORT0 + 2, 53));
	CHECK(rx_none(&f));    /* no data before the RESPONSE */
	tx_send(&f, hdr(OP_RESP, 53, HPORT0 + 2), NULL, 0);
	CHECK(rx_wait(&f, &p, 5));
	CHECK(is_pkt(&p, OP_RW, HPORT0 + 2, 53));
	CHECK_EQ(p.h.len, 5);
	CHECK(!memcmp(p.data, "early", 5));
	char ok[32];
	CHECK(host_read(&f, fd, ok, 14));
	CHECK(!memcmp(ok, "OK 1073741826\n", 14));
	CHECK(status_ok(&f));
	close(fd);
	close(hfd);
	close(hfd2);
	fx_exit(&f);
	return true;
}

/* Nobody listens in the guest: its RST closes the host's connection. */
static bool t_host_connect_refused(void)
{
	struct fx f;
	CHECK(fx_init(&f));
	int fd = host_connect(&f);
	CHECK(fd >= 0);
	CHECK(write(fd, "CONNECT 77\n", 11) == 11);
	struct pkt p;
	CHECK(rx_wait(&f, &p, 5));
	CHECK(is_pkt(&p, OP_REQ, HPORT0, 77));
	tx_send(&f, hdr(OP_RST, 77, HPORT0), NULL, 0);
	CHECK(host_eof(&f, fd));
	CHECK_EQ(fx_nconns(&f), 0);
	CHECK(rx_none(&f));   /* no answer to an RST */
	close(fd);
	fx_exit(&f);
	return true;
}

/* Anything but "CONNECT <port>\n" closes the host's connection. */
static bool t_host_connect_bad_line(void)
{
	static const char *bad[] = {
		"CONNECT x\n", "HELLO 52\n", "CONNECT \n", "connect 52\n", "CONNECT 52 \n",
		"CONNECT 4294967295\n", "CONNECT 99999999999\n", "CONNECT -1\n",
		"CONNECT 000000000000052\n",
		"CONNECT 5555555555555555555555555555555555555555555555555555555555555555",
	};
	struct fx f;
	CHECK(fx_init(&f));
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int fd = host_connect(&f);
		CHECK(fd >= 0);
		CHECK(write(fd, bad[i], strlen(bad[i])) == (ssize_t)strlen(bad[i]));
		if (!host_eof(&f, fd))
			return check_fail("'%s' was not refused", bad[i]);
		close(fd);
	}
	/* half a line, then EOF */
	int fd = host_connect(&f);
	CHECK(write(fd, "CONNECT 5", 9) == 9);
	pump(&f, 2);
	CHECK_EQ(fx_nconns(&f), 1);
	shutdown(fd, SHUT_WR);
	CHECK(host_eof(&f, fd));
	close(fd);
	/* the line in pieces is fine */
	fd = host_connect(&f);
	CHECK(write(fd, "CONN", 4) == 4);
	pump(&f, 2);
	CHECK(write(fd, "ECT 9", 5) == 5);
	pump(&f, 2);
	CHECK(write(fd, "9\n", 2) == 2);
	struct pkt p;
	CHECK(rx_wait(&f, &p, 5));
	CHECK(is_pkt(&p, OP_REQ, HPORT0, 99));
	CHECK(rx_none(&f));
	close(fd);
	pump(&f, 3);     /* the host gave up: RST to the guest */
	CHECK(rx_wait(&f, &p, 5));
	CHECK(is_pkt(&p, OP_RST, HPORT0, 99));
	CHECK_EQ(fx_nconns(&f), 0);
	fx_exit(&f);
	return true;
}

/* A guest that does not answer, a host that sends no line: timeouts. */
static bool t_timeouts(void)
{
	struct fx f;
	CHECK(fx_init(&f));
	f.v.connect_ms = 50;
	f.v.handshake_ms = 50;
	f.v.close_ms = 50;
	int fd = host_connect(&f);
	CHECK(write(fd, "CONNECT 60\n", 11) == 11);
	struct pkt p;
	CHECK(rx_wait(&f, &p, 5));
	CHECK(is_pkt(&p, OP_REQ, HPORT0, 60));
	int fd2 = host_connect(&f);        /* says nothing */
	pump(&f, 2);
	CHECK_EQ(fx_nconns(&f), 2);
	usleep(80000);
	pump(&f, 2);
	CHECK(rx_wait(&f, &p, 5));
	CHECK(is_pkt(&p, OP_RST, HPORT0, 60));
	CHECK(host_eof(&f, fd));
	CHECK(host_eof(&f, fd2));
	CHECK_EQ(fx_nconns(&f), 0);
	close(fd);
	close(fd2);
	/* A host hang-up the guest never answers with RST. */
	int lfd = host_listen(&f, 61), hfd;
	CHECK(guest_open(&f, lfd, 5000, 61, &hfd, BUF));
	close(hfd);
	CHECK(rx_wait(&f, &p, 5));
	CHECK(is_pkt(&p, OP_SHUT, 61, 5000));
	CHECK_EQ(p.h.flags, 3);
	CHECK_EQ(fx_nconns(&f), 1);
	usleep(80000);
	CHECK(rx_wait(&f, &p, 5));
	CHECK(is_pkt(&p, OP_RST, 61, 5000));
	CHECK_EQ(fx_nconns(&f), 0);
	close(lfd);
	fx_exit(&f);
	return true;
}

/* RST for ports nobody listens on and for connections that do not exist. */
static bool t_rst_unknown(void)
{
	struct fx f;
	CHECK(fx_init(&f));
	struct pkt p;
	tx_send(&f, hdr(OP_REQ, 5001, 4321), NULL, 0);
	CHECK(rx_wait(&f, &p, 5));
	CHECK(is_pkt(&p, OP_RST, 4321, 5001));
	CHECK_EQ(f.v.stats.conns_refused, 1);
	static const uint16_t ops[] = { OP_RW, OP_CUPD, OP_CREQ, OP_SHUT, OP_RESP };
	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		tx_send(&f, hdr(ops[i], 5002, 4322), ops[i] == OP_RW ? "x" : NULL, ops[i] == OP_RW);
		CHECK(rx_wait(&f, &p, 5));
		CHECK(is_pkt(&p, OP_RST, 4322, 5002));
	}
	tx_send(&f, hdr(OP_RST, 5002, 4322), NULL, 0);
	CHECK(rx_none(&f));
	CHECK_EQ(fx_nconns(&f), 0);
	CHECK_EQ(f.v.stats.rst_sent, 6);
	CHECK(status_ok(&f));
	fx_exit(&f);
	return true;
}

/* Host -> guest: no more than the guest's buf_alloc - (sent - fwd_cnt). */
static bool t_credit_to_guest(void)
{
	struct fx f;
	CHECK(fx_init(&f));
	int lfd = host_listen(&f, 90), hfd;
	CHECK(guest_open(&f, lfd, 5000, 90, &hfd, 1000));
	static uint8_t msg[5000];
	pattern(msg, sizeof(msg), 11);
	CHECK(write(hfd, msg, sizeof(msg)) == (ssize_t)sizeof(msg));
	struct pkt p;
	uint32_t got = 0;
	pump(&f, 5);
	while (rx_get(&f, &p)) {
		CHECK(is_pkt(&p, OP_RW, 90, 5000));
		CHECK(!memcmp(p.data, msg + got, p.h.len));
		got += p.h.len;
	}
	CHECK_EQ(got, 1000);
	CHECK(rx_none(&f));
	/* the guest read them */
	struct virtio_vsock_hdr u = hdr(OP_CUPD, 5000, 90);
	u.buf_alloc = 1000;
	u.fwd_cnt = 1000;
	tx_send(&f, u, NULL, 0);
	pump(&f, 5);
	while (rx_get(&f, &p)) {
		CHECK(is_pkt(&p, OP_RW, 90, 5000));
		CHECK(!memcmp(p.data, msg + got, p.h.len));
		got += p.h.len;
	}
	CHECK_EQ(got, 2000);
	/* any packet carries credit: a bigger buffer, with a RW */
	struct virtio_vsock_hdr w = hdr(OP_RW, 5000, 90);
	w.buf_alloc = 100000;
	w.fwd_cnt = 2000;
	tx_send(&f, w, "z", 1);
	pump(&f, 5);
	while (rx_get(&f, &p)) {
		CHECK(is_pkt(&p, OP_RW, 90, 5000));
		CHECK(!memcmp(p.data, msg + got, p.h.len));
		got += p.h.len;
	}
	CHECK_EQ(got, sizeof(msg));
	/* a lying fwd_cnt (ahead of what was sent) gives no credit */
	u.fwd_cnt = 0x80000000u;
	u.buf_alloc = 1000;
	tx_send(&f, u, NULL, 0);
	CHECK(write(hfd, msg, 10) == 10);
	CHECK(rx_none(&f));
	CHECK(status_ok(&f));
	close(hfd);
	close(lfd);
	fx_exit(&f);
	return true;
}

/* Guest -> host: our buf_alloc and fwd_cnt; beyond credit is an RST. */
static bool t_credit_from_guest(void)
{
	struct fx f;
	CHECK(fx_init(&f));
	int lfd = host_listen(&f, 91), hfd;
	CHECK(guest_open(&f, lfd, 5000, 91, &hfd, BUF));
	/* CREDIT_REQUEST is answered with CREDIT_UPDATE */
	tx_send(&f, hdr(OP_CREQ, 5000, 91), NULL, 0);
	struct pkt p;
	CHECK(rx_wait(&f, &p, 5));
	CHECK(is_pkt(&p, OP_CUPD, 91, 5000));
	CHECK_EQ(p.h.buf_alloc, BUF);
	CHECK_EQ(p.h.fwd_cnt, 0);
	/* The host reads nothing: the guest fills its credit as it learns it
	 * (the host socket's buffer takes some, the device's ring the rest). */
	static uint8_t stream[1 << 20];
	pattern(stream, sizeof(stream), 5);
	uint32_t sent = 0, peer_fwd = 0;
	for (int i = 0; i < 100; i++) {
		while (rx_get(&f, &p)) {
			CHECK(is_pkt(&p, OP_CUPD, 91, 5000));
			peer_fwd = p.h.fwd_cnt;
		}
		uint32_t credit = BUF - (sent - peer_fwd);
		if (!credit)
			break;
		uint32_t n = credit < 65536 ? credit : 65536;
		tx_send(&f, hdr(OP_RW, 5000, 91), stream + sent, n);
		sent += n;
		pump(&f, 2);
	}
	CHECK(BUF - (sent - peer_fwd) == 0);
	CHECK(sent >= BUF);
	CHECK_EQ(fx_nconns(&f), 1);
	/* one byte more */
	tx_send(&f, hdr(OP_RW, 5000, 91), "!", 1);
	CHECK(rx_wait(&f, &p, 5));
	CHECK(is_pkt(&p, OP_RST, 91, 5000));
	CHECK_EQ(fx_nconns(&f), 0);
	/* the host gets what its socket had, in order, then EOF */
	static uint8_t back[1 << 20];
	size_t got = 0;
	for (;;) {
		ssize_t r = recv(hfd, back + got, sizeof(back) - got, MSG_DONTWAIT);
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	CHECK(got >= peer_fwd);
	CHECK(got <= sent);
	CHECK(!memcmp(back, stream, got));
	CHECK(host_eof(&f, hfd));
	CHECK(status_ok(&f));
	close(hfd);
	close(lfd);
	fx_exit(&f);
	return true;
}

/* Guest SHUTDOWN(SEND), then (RCV): EOF to the host, then our RST. */
static bool t_shutdown_guest(void)
{
	struct fx f;
	CHECK(fx_init(&f));
	int lfd = host_listen(&f, 92), hfd;
	CHECK(guest_open(&f, lfd, 5000, 92, &hfd, BUF));
	tx_send(&f, hdr(OP_RW, 5000, 92), "last", 4);
	struct virtio_vsock_hdr s = hdr(OP_SHUT, 5000, 92);
	s.flags = VIRTIO_VSOCK_SHUTDOWN_SEND;
	tx_send(&f, s, NULL, 0);
	char b[8];
	CHECK(host_read(&f, hfd, b, 4));
	CHECK(!memcmp(b, "last", 4));
	CHECK(host_eof(&f, hfd));
	/* the other way still works */
	CHECK(write(hfd, "more", 4) == 4);
	struct pkt p;
	CHECK(rx_wait(&f, &p, 5));
	CHECK(is_pkt(&p, OP_RW, 92, 5000));
	/* RW after SHUTDOWN(SEND) breaks the protocol */
	int hfd2;
	CHECK(guest_open(&f, lfd, 5001, 92, &hfd2, BUF));
	s = hdr(OP_SHUT, 5001, 92);
	tx_send(&f, s, NULL, 0);   /* no flags: nothing */
	s.flags = VIRTIO_VSOCK_SHUTDOWN_SEND | 4;
	tx_send(&f, s, NULL, 0);
	tx_send(&f, hdr(OP_RW, 5001, 92), "late", 4);
	CHECK(rx_wait(&f, &p, 5));
	CHECK(is_pkt(&p, OP_RST, 92, 5001));
	CHECK(host_eof(&f, hfd2));
	close(hfd2);
	/* SHUTDOWN(RCV) completes the first one: RST, host socket closed */
	s = hdr(OP_SHUT, 5000, 92);
	s.flags = VIRTIO_VSOCK_SHUTDOWN_RCV;
	tx_send(&f, s, NULL, 0);
	CHECK(rx_wait(&f, &p, 5));
	CHECK(is_pkt(&p, OP_RST, 92, 5000));
	CHECK_EQ(fx_nconns(&f), 0);
	char c;
	CHECK(recv(hfd, &c, 1, MSG_DONTWAIT) == 0);
	/* the same ports again: a new connection */
	int hfd3;
	CHECK(guest_open(&f, lfd, 5000, 92, &hfd3, BUF));
	/* SHUTDOWN both while the host has not read: drained first */
	static uint8_t msg[250000];
	pattern(msg, sizeof(msg), 1);
	for (uint32_t off = 0; off < sizeof(msg); off += 50000)
		tx_send(&f, hdr(OP_RW, 5000, 92), msg + off, 50000);
	s.flags = 3;
	tx_send(&f, s, NULL, 0);
	pump(&f, 3);
	CHECK_EQ(fx_nconns(&f), 1);    /* the host has not taken it all yet */
	static uint8_t back[250000];
	CHECK(host_read(&f, hfd3, back, sizeof(back)));
	CHECK(!memcmp(back, msg, sizeof(msg)));
	CHECK(host_eof(&f, hfd3));
	bool rst = false;
	while (rx_wait(&f, &p, 3)) {
		if (p.h.op == OP_CUPD)
			continue;
		CHECK(is_pkt(&p, OP_RST, 92, 5000));
		rst = true;
	}
	CHECK(rst);
	CHECK_EQ(fx_nconns(&f), 0);
	CHECK(status_ok(&f));
	close(hfd);
	close(hfd3);
	close(lfd);
	fx_exit(&f);
	return true;
}

/* Host shutdown(SHUT_WR): SHUTDOWN(SEND) after the data; close: SHUTDOWN
 * both, and the guest's RST ends it. */
static bool t_shutdown_host(void)
{
	struct fx f;
	CHECK(fx_init(&f));
	int hfd;
	uint32_t hport;
	CHECK(host_open(&f, 93, &hfd, &hport));
	CHECK(write(hfd, "bye", 3) == 3);
	shutdown(hfd, SHUT_WR);
	struct pkt p;
	CHECK(rx_wait(&f, &p, 5));
	CHECK(is_pkt(&p, OP_RW, hport, 93));
	CHECK(!memcmp(p.data, "bye", 3));
	CHECK(rx_wait(&f, &p, 5));
	CHECK(is_pkt(&p, OP_SHUT, hport, 93));
	CHECK_EQ(p.h.flags, VIRTIO_VSOCK_SHUTDOWN_SEND);
	/* the guest may still send */
	tx_send(&f, hdr(OP_RW, 93, hport), "ack", 3);
	char b[4];
	CHECK(host_read(&f, hfd, b, 3));
	CHECK(!memcmp(b, "ack", 3));
	close(hfd);
	CHECK(rx_wait(&f, &p, 5));
	CHECK(is_pkt(&p, OP_SHUT, hport, 93));
	CHECK_EQ(p.h.flags, 3);
	CHECK_EQ(fx_nconns(&f), 1);
	/* data in flight from the guest goes nowhere, harmlessly */
	tx_send(&f, hdr(OP_RW, 93, hport), "lost", 4);
	tx_send(&f, hdr(OP_RST, 93, hport), NULL, 0);
	CHECK_EQ(fx_nconns(&f), 0);
	CHECK(rx_none(&f));
	/* a host that writes and closes at once: the bytes, then SHUTDOWN */
	CHECK(host_open(&f, 94, &hfd, &hport));
	CHECK(write(hfd, "quick", 5) == 5);
	close(hfd);
	CHECK(rx_wait(&f, &p, 5));
	CHECK(is_pkt(&p, OP_RW, hport, 94));
	CHECK_EQ(p.h.len, 5);
	bool both = false;
	while (rx_wait(&f, &p, 3)) {
		CHECK(is_pkt(&p, OP_SHUT, hport, 94));
		both = p.h.flags == 3;
	}
	CHECK(both);
	/* the guest closes too: our RST */
	struct virtio_vsock_hdr s = hdr(OP_SHUT, 94, hport);
	s.flags = 3;
	tx_send(&f, s, NULL, 0);
	CHECK(rx_wait(&f, &p, 5));
	CHECK(is_pkt(&p, OP_RST, hport, 94));
	CHECK_EQ(fx_nconns(&f), 0);
	CHECK(status_ok(&f));
	fx_exit(&f);
	return true;
}

/* Hostile headers: dropped, or answered with RST; the device lives on. */
static bool t_malformed(void)
{
	struct fx f;
	CHECK(fx_init(&f));
	struct pkt p;
	int lfd = host_listen(&f, 95), hfd;
	/* shorter than a header */
	g_desc_at(&f.g, f.tx.desc, 0, TXBUF, 20, 0, 0);
	f.tx.next_desc = 1;
	dq_avail(&f, &f.tx, 0);
	dq_notify(&f, &f.tx);
	pump(&f, 1);
	CHECK_EQ(f.v.stats.dropped, 1);
	CHECK(rx_none(&f));
	/* spoofed source CIDs: dropped without an answer */
	struct virtio_vsock_hdr h = hdr(OP_REQ, 5000, 95);
	h.src_cid = 4;
	tx_send(&f, h, NULL, 0);
	h.src_cid = CID | (1ULL << 32);
	tx_send(&f, h, NULL, 0);
	h.src_cid = HOST;
	tx_send(&f, h, NULL, 0);
	CHECK(rx_none(&f));
	CHECK_EQ(f.v.stats.dropped, 4);
	CHECK_EQ(fx_nconns(&f), 0);
	/* another destination CID: RST from it */
	h = hdr(OP_REQ, 5000, 95);
	h.dst_cid = 7;
	tx_send(&f, h, NULL, 0);
	CHECK(rx_wait(&f, &p, 5));
	CHECK_EQ(p.h.op, OP_RST);
	CHECK_EQ(p.h.src_cid, 7);
	CHECK_EQ(p.h.src_port, 95);
	CHECK_EQ(p.h.dst_port, 5000);
	/* another type (seqpacket, 0, junk) */
	static const uint16_t types[] = { 2, 0, 0xffff };
	for (size_t i = 0; i < 3; i++) {
		h = hdr(OP_REQ, 5000, 95);
		h.type = types[i];
		tx_send(&f, h, NULL, 0);
		CHECK(rx_wait(&f, &p, 5));
		CHECK_EQ(p.h.op, OP_RST);
	}
	/* unknown ops */
	static const uint16_t ops[] = { 0, 8, 100, 0xffff };
	for (size_t i = 0; i < 4; i++) {
		tx_send(&f, hdr(ops[i], 5000, 95), NULL, 0);
		CHECK(rx_wait(&f, &p, 5));
		CHECK(is_pkt(&p, OP_RST, 95, 5000));
	}
	/* a REQUEST with a payload */
	tx_send(&f, hdr(OP_REQ, 5000, 95), "xx", 2);
	CHECK(rx_wait(&f, &p, 5));
	CHECK(is_pkt(&p, OP_RST, 95, 5000));
	CHECK_EQ(fx_nconns(&f), 0);
	struct pollfd lp = { .fd = lfd, .events = POLLIN };
	CHECK(poll(&lp, 1, 0) == 0);   /* nothing connected to the host */
	/* now on a live connection: each kills it with an RST */
	for (int k = 0; k < 6; k++) {
		CHECK(guest_open(&f, lfd, 5000, 95, &hfd, BUF));
		h = hdr(OP_RW, 5000, 95);
		switch (k) {
		case 0:   /* len beyond the packet */
			h.len = 100;
			tx_put(&f, &h, "0123456789", 10, false);
			dq_notify(&f, &f.tx);
			pump(&f, 1);
			break;
		case 1:   /* len beyond any credit */
			h.len = 0xffffffff;
			tx_put(&f, &h, "0123456789", 10, false);
			dq_notify(&f, &f.tx);
			pump(&f, 1);
			break;
		case 2:   /* a second REQUEST */
			tx_send(&f, hdr(OP_REQ, 5000, 95), NULL, 0);
			break;
		case 3:   /* a RESPONSE */
			tx_send(&f, hdr(OP_RESP, 5000, 95), NULL, 0);
			break;
		case 4:   /* a control packet with a length */
			h = hdr(OP_CUPD, 5000, 95);
			h.len = 4;
			tx_put(&f, &h, "abcd", 4, false);
			dq_notify(&f, &f.tx);
			pump(&f, 1);
			break;
		case 5:   /* another type */
			h.type = 2;
			tx_send(&f, h, "q", 1);
			break;
		}
		CHECK(rx_wait(&f, &p, 5));
		if (!is_pkt(&p, OP_RST, 95, 5000))
			return check_fail("case %d: op %u, not an RST", k, p.h.op);
		CHECK_EQ(fx_nconns(&f), 0);
		CHECK(host_eof(&f, hfd));
		close(hfd);
	}
	/* host-initiated, before the guest's RESPONSE: only RESPONSE or RST */
	int fd = host_connect(&f);
	CHECK(write(fd, "CONNECT 96\n", 11) == 11);
	CHECK(rx_wait(&f, &p, 5));
	CHECK(is_pkt(&p, OP_REQ, HPORT0, 96));
	tx_send(&f, hdr(OP_RW, 96, HPORT0), "early", 5);
	CHECK(rx_wait(&f, &p, 5));
	CHECK(is_pkt(&p, OP_RST, HPORT0, 96));
	CHECK(host_eof(&f, fd));
	close(fd);
	/* a RESPONSE to a REQUEST not yet sent (a guessed port) */
	f.refill = false;   /* use the buffers up: our REQUEST cannot go out */
	for (uint32_t i = 0; i < 300 && dq_used_idx(&f, &f.rx) != f.rx.avail_idx; i++)
		tx_send(&f, hdr(OP_REQ, 6000 + i, 4000), NULL, 0);
	CHECK_EQ(dq_used_idx(&f, &f.rx), f.rx.avail_idx);
	fd = host_connect(&f);
	CHECK(write(fd, "CONNECT 97\n", 11) == 11);
	pump(&f, 2);
	unsigned n = fx_nconns(&f);
	CHECK_EQ(n, 1);
	tx_send(&f, hdr(OP_RESP, 97, HPORT0 + 1), NULL, 0);
	CHECK_EQ(fx_nconns(&f), n - 1);
	CHECK(host_eof(&f, fd));
	close(fd);
	CHECK(status_ok(&f));
	close(lfd);
	fx_exit(&f);
	return true;
}

/* Ring-level errors break the queue: the core's DEVICE_NEEDS_RESET. */
static bool bad_ring(int kind)
{
	struct fx f;
	CHECK(fx_init_opt(&f, kind == 0));
	switch (kind) {
	case 0:   /* a transmit chain with a device-writable buffer */
		g_desc_at(&f.g, f.tx.desc, 0, TXBUF, HDR, F_NEXT, 1);
		g_desc_at(&f.g, f.tx.desc, 1, TXBUF + 0x1000, 16, F_WRITE, 0);
		dq_avail(&f, &f.tx, 0);
		dq_notify(&f, &f.tx);
		break;
	case 1:   /* a receive chain with a device-readable buffer */
	case 2:   /* a receive chain shorter than a header */
		g_desc_at(&f.g, f.rx.desc, 0, RXBUF, kind == 1 ? RXLEN : 43, kind == 1 ? 0 : F_WRITE, 0);
		dq_avail(&f, &f.rx, 0);
		dq_notify(&f, &f.rx);
		tx_send(&f, hdr(OP_REQ, 1, 2), NULL, 0);   /* owes an RST */
		break;
	}
	pump(&f, 2);
	CHECK(g_rd(&f.g, VIRTIO_MMIO_STATUS) & NEEDS_RESET);
	CHECK(f.v.vdev.errors > 0);
	/* a reset brings it back */
	f.refill = true;
	CHECK(fx_probe(&f));
	CHECK(status_ok(&f));
	tx_send(&f, hdr(OP_REQ, 1, 2), NULL, 0);
	struct pkt p;
	CHECK(rx_wait(&f, &p, 5));
	CHECK(is_pkt(&p, OP_RST, 2, 1));
	fx_exit(&f);
	return true;
}

static bool t_bad_tx_writable(void) { return bad_ring(0); }
static bool t_bad_rx_readable(void) { return bad_ring(1); }
static bool t_bad_rx_short(void) { return bad_ring(2); }

/* Without receive buffers the RST backlog fills, then tx waits; buffers
 * drain both, in order. */
static bool t_rst_backlog(void)
{
	struct fx f;
	CHECK(fx_init_opt(&f, false));
	for (uint32_t i = 0; i < 100; i++) {
		struct virtio_vsock_hdr h = hdr(OP_REQ, 7000 + i, 4000);
		tx_put(&f, &h, NULL, 0, false);
	}
	dq_notify(&f, &f.tx);
	pump(&f, 5);
	CHECK_EQ(dq_used_idx(&f, &f.tx), VIRTIO_VSOCK_RST_BACKLOG);
	CHECK_EQ(f.v.rst_count, VIRTIO_VSOCK_RST_BACKLOG);
	f.refill = true;
	rx_fill(&f);
	pump(&f, 5);
	CHECK_EQ(dq_used_idx(&f, &f.tx), 100);
	struct pkt p;
	for (uint32_t i = 0; i < 100; i++) {
		CHECK(rx_get(&f, &p));
		CHECK(is_pkt(&p, OP_RST, 4000, 7000 + i));
	}
	CHECK(rx_none(&f));
	CHECK_EQ(f.v.stats.rst_dropped, 0);
	CHECK(status_ok(&f));
	fx_exit(&f);
	return true;
}

/* At most VIRTIO_VSOCK_MAX_CONNS connections: beyond, RST; the listening
 * socket waits meanwhile. */
static bool t_conn_limit(void)
{
	struct fx f;
	CHECK(fx_init(&f));
	int lfd = host_listen(&f, 98), hfd[VIRTIO_VSOCK_MAX_CONNS];
	for (unsigned i = 0; i < VIRTIO_VSOCK_MAX_CONNS; i++)
		CHECK(guest_open(&f, lfd, 8000 + i, 98, &hfd[i], BUF));
	CHECK_EQ(fx_nconns(&f), VIRTIO_VSOCK_MAX_CONNS);
	struct pkt p;
	tx_send(&f, hdr(OP_REQ, 9000, 98), NULL, 0);
	CHECK(rx_wait(&f, &p, 5));
	CHECK(is_pkt(&p, OP_RST, 98, 9000));
	CHECK_EQ(f.v.stats.conns_refused, 1);
	int fd = host_connect(&f);        /* queued in the backlog */
	CHECK(write(fd, "CONNECT 5\n", 10) == 10);
	CHECK(rx_none(&f));
	tx_send(&f, hdr(OP_RST, 8000, 98), NULL, 0);
	CHECK(rx_wait(&f, &p, 5));
	CHECK(is_pkt(&p, OP_REQ, HPORT0, 5));
	CHECK_EQ(fx_nconns(&f), VIRTIO_VSOCK_MAX_CONNS);
	for (unsigned i = 0; i < VIRTIO_VSOCK_MAX_CONNS; i++)
		close(hfd[i]);
	close(fd);
	close(lfd);
	fx_exit(&f);
	return true;
}

/* A device reset drops every connection; the device works afterwards. */
static bool t_reset(void)
{
	struct fx f;
	CHECK(fx_init(&f));
	int lfd = host_listen(&f, 99), hfd, hfd2;
	uint32_t hport;
	CHECK(guest_open(&f, lfd, 5000, 99, &hfd, BUF));
	CHECK(host_open(&f, 52, &hfd2, &hport));
	CHECK(write(hfd, "pending", 7) == 7);
	CHECK_EQ(fx_nconns(&f), 2);
	g_wr(&f.g, VIRTIO_MMIO_STATUS, 0);
	pump(&f, 2);
	CHECK_EQ(fx_nconns(&f), 0);
	CHECK(host_eof(&f, hfd));
	CHECK(host_eof(&f, hfd2));
	close(hfd);
	close(hfd2);
	CHECK(fx_probe(&f));
	CHECK(guest_open(&f, lfd, 5000, 99, &hfd, BUF));
	CHECK(host_open(&f, 52, &hfd2, &hport));
	CHECK_EQ(hport, HPORT0 + 1);
	close(hfd);
	close(hfd2);
	close(lfd);
	fx_exit(&f);
	return true;
}

/* With the device thread: 512 KiB each way over one connection. */
static bool t_thread(void)
{
	struct fx f;
	CHECK(fx_init(&f));
	CHECK(virtio_vsock_start(&f.v) == 0);
	f.threaded = true;
	int lfd = host_listen(&f, 100), hfd;
	CHECK(guest_open(&f, lfd, 5000, 100, &hfd, BUF));
	enum { N = 512 * 1024 };
	static uint8_t out[N], in[N], hin[N];
	pattern(out, N, 21);
	uint32_t g_sent = 0, g_got = 0, peer_fwd = 0, h_sent = 0, h_got = 0;
	struct pkt p;
	for (int i = 0; (g_got < N || h_got < N) && i < 20000; i++) {
		while (rx_get(&f, &p)) {
			CHECK(p.h.src_port == 100 && p.h.dst_port == 5000);
			peer_fwd = p.h.fwd_cnt;
			if (p.h.op == OP_RW) {
				CHECK(g_got + p.h.len <= N);
				memcpy(in + g_got, p.data, p.h.len);
				g_got += p.h.len;
				if (g_got % (64 * 1024) < p.h.len) {
					struct virtio_vsock_hdr u = hdr(OP_CUPD, 5000, 100);
					u.fwd_cnt = g_got;
					u.len = 0;
					tx_put(&f, &u, NULL, 0, false);
					dq_notify(&f, &f.tx);
				}
			} else {
				CHECK_EQ(p.h.op, OP_CUPD);
			}
		}
		uint32_t credit = BUF - (g_sent - peer_fwd);
		if (g_sent < N && credit && f.tx.avail_idx - dq_used_idx(&f, &f.tx) < 8) {
			uint32_t n = credit < 32768 ? credit : 32768;
			n = N - g_sent < n ? N - g_sent : n;
			struct virtio_vsock_hdr h = hdr(OP_RW, 5000, 100);
			h.len = n;
			h.fwd_cnt = g_got;
			tx_put(&f, &h, out + g_sent, n, false);
			dq_notify(&f, &f.tx);
			g_sent += n;
		}
		if (h_sent < N) {
			ssize_t w = send(hfd, out + h_sent, N - h_sent, MSG_DONTWAIT);
			if (w > 0)
				h_sent += (uint32_t)w;
		}
		ssize_t r = recv(hfd, hin + h_got, N - h_got, MSG_DONTWAIT);
		if (r > 0)
			h_got += (uint32_t)r;
		if (r <= 0)
			usleep(200);
	}
	CHECK_EQ(g_got, N);
	CHECK_EQ(h_got, N);
	CHECK(!memcmp(in, out, N));
	CHECK(!memcmp(hin, out, N));
	struct virtio_vsock_hdr s = hdr(OP_SHUT, 5000, 100);
	s.flags = 3;
	tx_put(&f, &s, NULL, 0, false);
	dq_notify(&f, &f.tx);
	do
		CHECK(rx_wait(&f, &p, 2000));
	while (p.h.op == OP_CUPD);
	CHECK(is_pkt(&p, OP_RST, 100, 5000));
	CHECK(host_eof(&f, hfd));
	CHECK_EQ(fx_nconns(&f), 0);
	CHECK(status_ok(&f));
	close(hfd);
	close(lfd);
	fx_exit(&f);
	return true;
}

/* ---- main ------------------------------------------------------------- */

static const struct {
	const char *name;
	bool (*fn)(void);
} tests[] = {
#define T(n) { #n, t_##n }
	T(identity), T(options), T(guest_connect), T(data), T(any_layout), T(host_connect),
	T(host_connect_refused), T(host_connect_bad_line), T(timeouts), T(rst_unknown),
	T(credit_to_guest), T(credit_from_guest), T(shutdown_guest), T(shutdown_host),
	T(malformed), T(bad_tx_writable), T(bad_rx_readable), T(bad_rx_short), T(rst_backlog),
	T(conn_limit), T(reset), T(thread),
#undef T
};

int main(int argc, char **argv)
{
	int fails = 0;
	signal(SIGPIPE, SIG_IGN);
	for (size_t i = 0; i < sizeof(tests) / sizeof(tests[0]); i++) {
		if (argc > 1 && !strstr(tests[i].name, argv[1]))
			continue;
		cur = tests[i].name;
		fail_reason[0] = 0;
		bool ok = tests[i].fn();
		if (ok)
			printf("PASS virtio/vsock.%s\n", tests[i].name);
		else
			printf("FAIL virtio/vsock.%s (%s)\n", tests[i].name, fail_reason);
		fflush(stdout);
		fails += !ok;
	}
	return fails ? 1 : 0;
}
