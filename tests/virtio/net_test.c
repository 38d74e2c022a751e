// SPDX-License-Identifier: MIT
/* virtio-net tests: the test plays the guest driver, with two queues
 * (receive 0, transmit 1), against the real virtio-mmio transport, core
 * and struct virtio_net, with a heap buffer as guest RAM and a fake
 * network backend that records what the guest sends and lets the test
 * hand frames up through be->receive.  The device thread is not started:
 * virtio_net_process() runs one iteration of its work (transmit, then
 * deliver the backlog); QueueNotify through the MMIO path only signals the
 * kick eventfd.  Prints "PASS virtio/net.<name>" or "FAIL ..." per case.
 * Built with ASan+UBSan: a malformed chain must end in DEVICE_NEEDS_RESET
 * or a dropped frame, never in a sanitizer report.
 *
 *   net_test [NAME-SUBSTRING]      run all (or matching) cases
 *   NET_TEST_LOG=1 net_test        also show the device's error log */
#include <endian.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vmm/virtio/mmio.h"
#include "vmm/virtio/net.h"

#define RAM_BASE    0x80000000ULL
#define RAM_SIZE    (8ULL << 20)
#define PAGE        4096ULL
#define NPAGES      (RAM_SIZE / PAGE)
#define HEAP        (RAM_BASE + 0x100000)
#define HDR         VIRTIO_NET_HDR_SIZE
#define RXQ         VIRTIO_NET_RXQ
#define TXQ         VIRTIO_NET_TXQ
#define NEEDS_RESET VIRTIO_STATUS_DEVICE_NEEDS_RESET
#define F_NEXT      VIRTQ_DESC_F_NEXT
#define F_WRITE     VIRTQ_DESC_F_WRITE
#define ALL_FEATURES (~0ULL)
#define NO_MRG      (~VIRTIO_BIT(VIRTIO_NET_F_MRG_RXBUF))
#define NO_EVIDX    (~VIRTIO_BIT(VIRTIO_F_EVENT_IDX))
#define MAX_MARKS   8192
#define MAX_SEGS    64

static const uint8_t test_mac[6] = { 0x52, 0x54, 0x00, 0xab, 0xcd, 0xef };

static const char *cur;
/* The first failure message of a case, for its FAIL line's "(reason)". */
static char fail_reason[200];

static bool check_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static bool check_fail(const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	fprintf(stderr, "  net.%s: %s\n", cur, msg);
	if (!fail_reason[0])
		snprintf(fail_reason, sizeof(fail_reason), "%.*s", (int)sizeof(fail_reason) - 1, msg);
	return false;
}
#define CHECK(c) do { if (!(c)) \
	return check_fail("%s:%d: CHECK(%s) failed", __FILE__, __LINE__, #c); } while (0)
#define CHECK_EQ(a, b) do { unsigned long long a_ = (a), b_ = (b); if (a_ != b_) \
	return check_fail("%s:%d: %s == %#llx, expected %s == %#llx", __FILE__, __LINE__, \
			  #a, a_, #b, b_); } while (0)

/* ---- the fake backend ------------------------------------------------- */

struct sent_frame {
	uint8_t *buf;
	size_t len;
};

struct fake_be {
	struct net_backend be;
	struct sent_frame *sent;
	unsigned nsent, cap;
	bool echo;            /* hand every sent frame straight back up */
	bool echo_ok;         /* what be->receive said to the last echo */
	unsigned destroyed;
	unsigned bad_len;     /* sends outside 14..NET_MAX_FRAME */
	uint64_t offloads;    /* set_guest_offloads' last argument */
	unsigned offload_calls;
};

static void fb_set_offloads(struct net_backend *be, uint64_t features)
{
	struct fake_be *fb = (struct fake_be *)be;
	fb->offloads = features;
	fb->offload_calls++;
}

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
	size_t hdr = be->vnet_hdr ? HDR : 0;
	if (len < hdr + 14 || len > hdr + NET_MAX_FRAME)
		fb->bad_len++;
	if (fb->nsent == fb->cap) {
		fb->cap = fb->cap ? 2 * fb->cap : 64;
		fb->sent = realloc(fb->sent, fb->cap * sizeof(*fb->sent));
		if (!fb->sent)
			abort();
	}
	uint8_t *copy = malloc(len ? len : 1);
	if (!copy)
		abort();
	memcpy(copy, frame, len);
	fb->sent[fb->nsent++] = (struct sent_frame){ copy, len };
	if (fb->echo)
		fb->echo_ok = be->receive(be->opaque, frame, len);
}

static void fb_destroy(struct net_backend *be)
{
	struct fake_be *fb = (struct fake_be *)be;
	fb->destroyed++;
}

static const struct net_backend_ops fake_ops = {
	.name = "fake",
	.poll_fill = fb_poll_fill,
	.poll_done = fb_poll_done,
	.send = fb_send,
	.destroy = fb_destroy,
};

/* ---- the fixture: guest RAM, transport, device, driver state --------- */

struct dq {                /* the driver's view of one queue */
	uint32_t num;
	uint64_t desc, avail, used;
	uint16_t avail_idx, last_used, next_desc;
	bool set_up;
	bool manual_event;     /* the test sets used_event itself */
};

struct mark {
	uint64_t gpa, len;
	uint16_t used_idx[2];  /* the used rings' idx when the range was reported */
};

struct fx {
	uint8_t *ram;
	struct virtio_mmio t;
	struct virtio_net net;
	struct fake_be fb;
	bool net_up;
	bool irq;
	unsigned irq_raises;
	uint64_t brk;
	uint64_t features;
	struct dq q[2];
	/* dirty logging, as reported through mark_dirty */
	uint8_t *reported;     /* bitmap: one bit per byte of RAM */
	uint64_t dirty_pages[NPAGES / 64];
	struct mark *marks;
	unsigned nmarks;
	unsigned bad_marks;    /* ranges outside RAM */
	uint8_t *snap;         /* RAM copy for dirty_begin/dirty_check */
	FILE *log;
};

static struct fx *fx_cur;

static uint8_t *gp(struct fx *f, uint64_t gpa)
{
	if (gpa < RAM_BASE || gpa - RAM_BASE >= RAM_SIZE) {
		fprintf(stderr, "  net.%s: test bug: gpa %#llx outside RAM\n", cur,
			(unsigned long long)gpa);
		abort();
	}
	return f->ram + (gpa - RAM_BASE);
}

static void w16(struct fx *f, uint64_t gpa, uint16_t v) { v = htole16(v); memcpy(gp(f, gpa), &v, 2); }
static void w32(struct fx *f, uint64_t gpa, uint32_t v) { v = htole32(v); memcpy(gp(f, gpa), &v, 4); }
static void w64(struct fx *f, uint64_t gpa, uint64_t v) { v = htole64(v); memcpy(gp(f, gpa), &v, 8); }
static uint16_t r16(struct fx *f, uint64_t gpa) { uint16_t v; memcpy(&v, gp(f, gpa), 2); return le16toh(v); }
static uint32_t r32(struct fx *f, uint64_t gpa) { uint32_t v; memcpy(&v, gp(f, gpa), 4); return le32toh(v); }

static void fx_set_irq(void *opaque, bool level)
{
	struct fx *f = opaque;
	if (level && !f->irq)
		f->irq_raises++;
	f->irq = level;
}

static void fx_mark_dirty(void *opaque, uint64_t gpa, uint64_t len)
{
	struct fx *f = opaque;
	if (gpa < RAM_BASE || len > RAM_SIZE || gpa - RAM_BASE > RAM_SIZE - len) {
		f->bad_marks++;
		return;
	}
	uint64_t off = gpa - RAM_BASE;
	for (uint64_t i = 0; i < len; i++)
		f->reported[(off + i) / 8] |= (uint8_t)(1u << ((off + i) % 8));
	for (uint64_t p = off / PAGE; len && p <= (off + len - 1) / PAGE; p++)
		f->dirty_pages[p / 64] |= 1ULL << (p % 64);
	if (f->nmarks < MAX_MARKS) {
		struct mark *m = &f->marks[f->nmarks++];
		m->gpa = gpa;
		m->len = len;
		for (int q = 0; q < 2; q++)
			m->used_idx[q] = f->q[q].set_up ? r16(f, f->q[q].used + 2) : 0;
	}
}

static bool page_dirty(struct fx *f, uint64_t gpa)
{
	uint64_t p = (gpa - RAM_BASE) / PAGE;
	return (f->dirty_pages[p / 64] >> (p % 64)) & 1;
}

static bool byte_reported(struct fx *f, uint64_t off)
{
	return (f->reported[off / 8] >> (off % 8)) & 1;
}

static void dirty_clear(struct fx *f)
{
	memset(f->reported, 0, RAM_SIZE / 8);
	memset(f->dirty_pages, 0, sizeof(f->dirty_pages));
	f->nmarks = 0;
}

/* A new device on a fake backend behind a fresh transport. */
/* The next fx_new's backend takes the virtio-net header (as tap). */
static bool next_vnet_hdr;

static struct fx *fx_new(bool csum_valid)
{
	struct fx *f = calloc(1, sizeof(*f));
	if (!f)
		abort();
	fx_cur = f;
	f->ram = calloc(1, RAM_SIZE);          /* exactly RAM_SIZE: ASan guards the end */
	f->reported = calloc(1, RAM_SIZE / 8);
	f->marks = calloc(MAX_MARKS, sizeof(*f->marks));
	if (!f->ram || !f->reported || !f->marks)
		abort();
	f->brk = HEAP;
	f->fb.be.ops = &fake_ops;
	f->fb.be.csum_valid = csum_valid;
	f->fb.be.vnet_hdr = next_vnet_hdr;
	f->fb.be.set_guest_offloads = next_vnet_hdr ? fb_set_offloads : NULL;
	next_vnet_hdr = false;
	struct virtio_net_opts o = { .backend = &f->fb.be };
	memcpy(o.mac, test_mac, 6);
	if (virtio_net_init(&f->net, &o) < 0) {
		fprintf(stderr, "  net.%s: virtio_net_init failed\n", cur);
		abort();
	}
	f->net_up = true;
	f->log = tmpfile();
	f->net.vdev.log = f->log;
	struct virtio_mmio_env env = {
		.mem = { f->ram, RAM_BASE, RAM_SIZE, fx_mark_dirty, f },
		.set_irq = fx_set_irq, .irq_opaque = f,
	};
	if (virtio_mmio_init(&f->t, &f->net.vdev, &env) < 0)
		abort();
	return f;
}

static void fx_free(struct fx *f)
{
	if (!f)
		return;
	if (f->net_up)
		virtio_net_exit(&f->net);
	for (unsigned i = 0; i < f->fb.nsent; i++)
		free(f->fb.sent[i].buf);
	free(f->fb.sent);
	if (f->log && getenv("NET_TEST_LOG")) {
		char line[512];
		fflush(f->log);
		rewind(f->log);
		while (fgets(line, sizeof(line), f->log))
			fprintf(stderr, "  [net.%s] %s", cur, line);
	}
	if (f->log)
		fclose(f->log);
	free(f->snap);
	free(f->marks);
	free(f->reported);
	free(f->ram);
	free(f);
	if (fx_cur == f)
		fx_cur = NULL;
}

/* Guest heap: 64-byte aligned, with a gap so that neighbouring buffers
 * never touch (a split that the device merged would show). */
static uint64_t galloc(struct fx *f, uint64_t size)
{
	uint64_t a = (f->brk + 63) & ~63ULL;
	if (a + size + 64 > RAM_BASE + RAM_SIZE) {
		fprintf(stderr, "  net.%s: test bug: guest heap exhausted\n", cur);
		abort();
	}
	f->brk = a + size + 64;
	memset(gp(f, a), 0, size);
	return a;
}

static uint32_t rd(struct fx *f, uint64_t off)
{
	return (uint32_t)virtio_mmio_ops.read(&f->t, off, 4);
}

static void wr(struct fx *f, uint64_t off, uint32_t v)
{
	virtio_mmio_ops.write(&f->t, off, 4, v);
}

static uint64_t rd_cfg(struct fx *f, uint32_t off, unsigned size)
{
	return virtio_mmio_ops.read(&f->t, VIRTIO_MMIO_CONFIG + off, size);
}

static uint8_t dev_status(struct fx *f)
{
	return (uint8_t)rd(f, VIRTIO_MMIO_STATUS);
}

/* Linux virtio_mmio probe + virtio core: identity, reset, ACKNOWLEDGE,
 * DRIVER, both feature words, FEATURES_OK read back. */
static bool negotiate(struct fx *f, uint64_t want)
{
	if (rd(f, VIRTIO_MMIO_MAGIC_VALUE) != VIRTIO_MMIO_MAGIC ||
	    rd(f, VIRTIO_MMIO_VERSION_REG) != 2 || rd(f, VIRTIO_MMIO_DEVICE_ID) != VIRTIO_ID_NET)
		return false;
	wr(f, VIRTIO_MMIO_STATUS, 0);
	if (rd(f, VIRTIO_MMIO_STATUS) != 0)
		return false;
	f->q[0].set_up = f->q[1].set_up = false;
	wr(f, VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE);
	wr(f, VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
	wr(f, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1);
	uint64_t dev = (uint64_t)rd(f, VIRTIO_MMIO_DEVICE_FEATURES) << 32;
	wr(f, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
	dev |= rd(f, VIRTIO_MMIO_DEVICE_FEATURES);
	f->features = dev & want;
	wr(f, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
	wr(f, VIRTIO_MMIO_DRIVER_FEATURES, (uint32_t)(f->features >> 32));
	wr(f, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
	wr(f, VIRTIO_MMIO_DRIVER_FEATURES, (uint32_t)f->features);
	wr(f, VIRTIO_MMIO_STATUS, rd(f, VIRTIO_MMIO_STATUS) | VIRTIO_STATUS_FEATURES_OK);
	return rd(f, VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_FEATURES_OK;
}

/* Linux vm_setup_vq for queue qi with explicit addresses. */
static bool setup_queue_at(struct fx *f, unsigned qi, uint32_t num, uint64_t desc,
			   uint64_t avail, uint64_t used)
{
	struct dq *q = &f->q[qi];
	wr(f, VIRTIO_MMIO_QUEUE_SEL, qi);
	if (rd(f, VIRTIO_MMIO_QUEUE_READY) != 0)
		return false;
	uint32_t max = rd(f, VIRTIO_MMIO_QUEUE_NUM_MAX);
	if (!max || num > max)
		return false;
	if (!num)
		num = max;
	*q = (struct dq){ .num = num, .desc = desc, .avail = avail, .used = used };
	memset(gp(f, desc), 0, 16 * num);
	memset(gp(f, avail), 0, 6 + 2 * num);
	memset(gp(f, used), 0, 6 + 8 * num);
	wr(f, VIRTIO_MMIO_QUEUE_NUM, num);
	wr(f, VIRTIO_MMIO_QUEUE_DESC_LOW, (uint32_t)desc);
	wr(f, VIRTIO_MMIO_QUEUE_DESC_HIGH, (uint32_t)(desc >> 32));
	wr(f, VIRTIO_MMIO_QUEUE_DRIVER_LOW, (uint32_t)avail);
	wr(f, VIRTIO_MMIO_QUEUE_DRIVER_HIGH, (uint32_t)(avail >> 32));
	wr(f, VIRTIO_MMIO_QUEUE_DEVICE_LOW, (uint32_t)used);
	wr(f, VIRTIO_MMIO_QUEUE_DEVICE_HIGH, (uint32_t)(used >> 32));
	wr(f, VIRTIO_MMIO_QUEUE_READY, 1);
	q->set_up = true;
	return rd(f, VIRTIO_MMIO_QUEUE_READY) == 1;
}

/* The default layout: each ring area on a page of its own. */
static bool setup_queue(struct fx *f, unsigned qi, uint32_t num)
{
	uint64_t b = RAM_BASE + 0x10000 + 0x30000ULL * qi;
	return setup_queue_at(f, qi, num, b, b + 0x10000, b + 0x20000);
}

static void driver_ok(struct fx *f)
{
	wr(f, VIRTIO_MMIO_STATUS, rd(f, VIRTIO_MMIO_STATUS) | VIRTIO_STATUS_DRIVER_OK);
}

/* The whole probe: features `want`, both queues (0: QueueNumMax). */
static bool probe(struct fx *f, uint64_t want, uint32_t rxnum, uint32_t txnum)
{
	if (!negotiate(f, want) || !setup_queue(f, RXQ, rxnum) || !setup_queue(f, TXQ, txnum))
		return false;
	driver_ok(f);
	return (dev_status(f) & (VIRTIO_STATUS_DRIVER_OK | NEEDS_RESET)) == VIRTIO_STATUS_DRIVER_OK;
}

static void qdesc(struct fx *f, unsigned qi, uint32_t i, uint64_t addr, uint32_t len,
		  uint16_t flags, uint16_t next)
{
	uint64_t d = f->q[qi].desc + 16ULL * i;
	w64(f, d, addr);
	w32(f, d + 8, len);
	w16(f, d + 12, flags);
	w16(f, d + 14, next);
}

static void qavail(struct fx *f, unsigned qi, uint16_t head)
{
	struct dq *q = &f->q[qi];
	w16(f, q->avail + 4 + 2ULL * (q->avail_idx % q->num), head);
	__atomic_thread_fence(__ATOMIC_RELEASE);
	q->avail_idx++;
	w16(f, q->avail + 2, q->avail_idx);
}

static void qnotify(struct fx *f, unsigned qi)
{
	wr(f, VIRTIO_MMIO_QUEUE_NOTIFY, qi);
}

static uint16_t used_idx(struct fx *f, unsigned qi)
{
	return r16(f, f->q[qi].used + 2);
}

static bool get_used(struct fx *f, unsigned qi, uint32_t *id, uint32_t *len)
{
	struct dq *q = &f->q[qi];
	if (used_idx(f, qi) == q->last_used)
		return false;
	uint64_t e = q->used + 4 + 8ULL * (q->last_used % q->num);
	*id = r32(f, e);
	*len = r32(f, e + 4);
	q->last_used++;
	/* As Linux's virtqueue_get_buf: with EVENT_IDX, ask for an interrupt
	 * at the next entry (used_event, after the avail ring). */
	if (!q->manual_event)
		w16(f, q->avail + 4 + 2ULL * q->num, q->last_used);
	return true;
}

static uint32_t irq_ack(struct fx *f)
{
	uint32_t s = rd(f, VIRTIO_MMIO_INTERRUPT_STATUS);
	wr(f, VIRTIO_MMIO_INTERRUPT_ACK, s);
	return s;
}

struct seg {
	uint64_t gpa;
	uint32_t len;
	bool write;
};

/* One chain at q->next_desc..; returns its head (made available, no
 * notify). */
static uint16_t add_chain(struct fx *f, unsigned qi, const struct seg *s, unsigned n)
{
	struct dq *q = &f->q[qi];
	uint16_t head = q->next_desc;
	for (unsigned i = 0; i < n; i++) {
		uint16_t d = (uint16_t)((head + i) % q->num), nx = (uint16_t)((head + i + 1) % q->num);
		bool more = i + 1 < n;
		qdesc(f, qi, d, s[i].gpa, s[i].len,
		      (uint16_t)((s[i].write ? F_WRITE : 0) | (more ? F_NEXT : 0)), more ? nx : 0);
	}
	q->next_desc = (uint16_t)((head + n) % q->num);
	qavail(f, qi, head);
	return head;
}

/* The same chain in an indirect table: one ring descriptor. */
static uint16_t add_indirect(struct fx *f, unsigned qi, const struct seg *s, unsigned n)
{
	struct dq *q = &f->q[qi];
	uint64_t table = galloc(f, 16ULL * n);
	for (unsigned i = 0; i < n; i++) {
		uint64_t d = table + 16ULL * i;
		bool more = i + 1 < n;
		w64(f, d, s[i].gpa);
		w32(f, d + 8, s[i].len);
		w16(f, d + 12, (uint16_t)((s[i].write ? F_WRITE : 0) | (more ? F_NEXT : 0)));
		w16(f, d + 14, more ? (uint16_t)(i + 1) : 0);
	}
	uint16_t head = q->next_desc;
	qdesc(f, qi, head, table, 16 * n, VIRTQ_DESC_F_INDIRECT, 0);
	q->next_desc = (uint16_t)((head + 1) % q->num);
	qavail(f, qi, head);
	return head;
}

/* ---- frames, headers, checksums --------------------------------------- */

/* An Ethernet frame to or from the guest: addresses, a local ethertype,
 * then bytes that depend on the position and on seed. */
static void pattern(uint8_t *p, size_t len, unsigned seed)
{
	static const uint8_t other[6] = { 0x52, 0x55, 0x0a, 0x00, 0x02, 0x02 };
	for (size_t i = 0; i < len; i++)
		p[i] = (uint8_t)(i * 31 + seed * 7 + (i >> 8) + 1);
	if (len >= 14) {
		memcpy(p, test_mac, 6);
		memcpy(p + 6, other, 6);
		p[12] = 0x88;
		p[13] = 0xb5;
	}
	if (len >= 18) {       /* the seed, to tell frames apart */
		p[14] = (uint8_t)(seed >> 24);
		p[15] = (uint8_t)(seed >> 16);
		p[16] = (uint8_t)(seed >> 8);
		p[17] = (uint8_t)seed;
	}
}

static void mkhdr(uint8_t h[HDR], uint8_t flags, uint8_t gso, uint16_t csum_start,
		  uint16_t csum_offset)
{
	memset(h, 0, HDR);
	h[0] = flags;
	h[1] = gso;
	uint16_t cs = htole16(csum_start), co = htole16(csum_offset);
	memcpy(h + 6, &cs, 2);
	memcpy(h + 8, &co, 2);
}

/* RFC 1071 over a stream of byte ranges, written apart from the device's
 * code: bytes are paired across range boundaries. */
struct csum {
	uint64_t sum;
	bool odd;
	uint8_t pend;
};

static void cs_add(struct csum *c, const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (c->odd)
			c->sum += (uint64_t)c->pend << 8 | p[i];
		else
			c->pend = p[i];
		c->odd = !c->odd;
	}
}

static uint16_t cs_fold(const struct csum *c)
{
	uint64_t s = c->sum + (c->odd ? (uint64_t)c->pend << 8 : 0);
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)s;
}

static void put16(uint8_t *p, uint16_t v) { p[0] = (uint8_t)(v >> 8); p[1] = (uint8_t)v; }
static uint16_t get16(const uint8_t *p) { return (uint16_t)(p[0] << 8 | p[1]); }

/* A real IPv4 or IPv6 packet carrying UDP or TCP, checksum field left as
 * Linux leaves it for CHECKSUM_PARTIAL: the folded pseudo-header sum. */
struct pkt {
	uint8_t b[2048];
	size_t len;
	uint16_t l3, l4, l4len, csum_offset;
	bool v6, udp;
	uint16_t pseudo;     /* folded pseudo-header sum */
};

static void pseudo_sum(const struct pkt *p, struct csum *c)
{
	uint8_t ph[40];
	const uint8_t *ip = p->b + p->l3;
	if (p->v6) {
		cs_add(c, ip + 8, 32);                 /* source, destination */
		memset(ph, 0, 8);
		ph[2] = (uint8_t)(p->l4len >> 8);
		ph[3] = (uint8_t)p->l4len;
		ph[7] = p->udp ? 17 : 6;
		cs_add(c, ph, 8);
	} else {
		cs_add(c, ip + 12, 8);
		ph[0] = 0;
		ph[1] = p->udp ? 17 : 6;
		put16(ph + 2, p->l4len);
		cs_add(c, ph, 4);
	}
}

static void build_pkt(struct pkt *p, bool v6, bool udp, size_t payload, unsigned seed)
{
	memset(p, 0, sizeof(*p));
	p->v6 = v6;
	p->udp = udp;
	pattern(p->b, 14, seed);
	p->b[12] = v6 ? 0x86 : 0x08;
	p->b[13] = v6 ? 0xdd : 0x00;
	p->l3 = 14;
	size_t l3len = v6 ? 40 : 20, l4hdr = udp ? 8 : 20;
	p->l4 = (uint16_t)(p->l3 + l3len);
	p->l4len = (uint16_t)(l4hdr + payload);
	p->len = p->l4 + p->l4len;
	uint8_t *ip = p->b + p->l3, *l4 = p->b + p->l4;
	if (v6) {
		ip[0] = 0x60;
		put16(ip + 4, p->l4len);
		ip[6] = udp ? 17 : 6;
		ip[7] = 64;
		static const uint8_t src[16] = { 0xfe, 0x80, [8] = 0x50, 0x54, 0x00, 0xff,
						 0xfe, 0xab, 0xcd, 0xef };
		static const uint8_t dst[16] = { 0xfe, 0x80, [15] = 2 };
		memcpy(ip + 8, src, 16);
		memcpy(ip + 24, dst, 16);
	} else {
		ip[0] = 0x45;
		put16(ip + 2, (uint16_t)(20 + p->l4len));
		put16(ip + 4, (uint16_t)(0x1234 + seed));
		put16(ip + 6, 0x4000);
		ip[8] = 64;
		ip[9] = udp ? 17 : 6;
		static const uint8_t addrs[8] = { 10, 0, 2, 15, 10, 0, 2, 2 };
		memcpy(ip + 12, addrs, 8);
		struct csum c = { 0 };
		cs_add(&c, ip, 20);
		put16(ip + 10, (uint16_t)~cs_fold(&c));
	}
	put16(l4, (uint16_t)(40000 + seed));
	put16(l4 + 2, udp ? 53 : 80);
	if (udp) {
		put16(l4 + 4, p->l4len);
		p->csum_offset = 6;
	} else {
		put16(l4 + 4, (uint16_t)(seed * 977));
		put16(l4 + 8, 0x0102);
		l4[12] = 5 << 4;
		l4[13] = 0x18;          /* PSH ACK */
		put16(l4 + 14, 64240);
		p->csum_offset = 16;
	}
	for (size_t i = 0; i < payload; i++)
		l4[l4hdr + i] = (uint8_t)(i * 7 + seed * 13 + (i >> 5));
	struct csum c = { 0 };
	pseudo_sum(p, &c);
	p->pseudo = cs_fold(&c);
	put16(l4 + p->csum_offset, p->pseudo);
}

/* The checksum the packet should carry: RFC 768/793 over the pseudo-header
 * and the segment with a zero checksum field; for UDP a computed zero is
 * sent as all ones (0 means "no checksum"). */
static uint16_t expect_csum(const struct pkt *p)
{
	uint8_t seg[2048];
	memcpy(seg, p->b + p->l4, p->l4len);
	put16(seg + p->csum_offset, 0);
	struct csum c = { 0 };
	pseudo_sum(p, &c);
	cs_add(&c, seg, p->l4len);
	uint16_t r = (uint16_t)~cs_fold(&c);
	return p->udp && r == 0 ? 0xffff : r;
}

/* What a receiver checks: pseudo-header + segment as sent sums to 0xffff. */
static bool verify_csum(const struct pkt *p, const uint8_t *frame)
{
	struct csum c = { 0 };
	pseudo_sum(p, &c);
	cs_add(&c, frame + p->l4, p->l4len);
	return cs_fold(&c) == 0xffff;
}

/* ---- transmit helpers ------------------------------------------------- */

/* Header and frame as one byte stream cut into pieces of the given lengths
 * (the rest, if any, in a last piece), each piece in a buffer of its own;
 * queued on the transmit queue (directly or through an indirect table).
 * Returns the head. */
static uint16_t tx_put(struct fx *f, const uint8_t *hdr, const uint8_t *frame, uint32_t len,
		       const uint32_t *pieces, unsigned np, bool indirect)
{
	uint32_t total = HDR + len, off = 0;
	uint8_t *lin = malloc(total);
	if (!lin)
		abort();
	memcpy(lin, hdr, HDR);
	memcpy(lin + HDR, frame, len);
	struct seg s[MAX_SEGS];
	unsigned n = 0;
	for (unsigned i = 0; (i < np || off < total) && n < MAX_SEGS; i++) {
		uint32_t l = i < np ? pieces[i] : total - off;
		if (l > total - off)
			l = total - off;
		uint64_t a = galloc(f, l + 1);
		memcpy(gp(f, a), lin + off, l);
		s[n++] = (struct seg){ a, l, false };
		off += l;
	}
	free(lin);
	return indirect ? add_indirect(f, TXQ, s, n) : add_chain(f, TXQ, s, n);
}

/* Queue, notify, run the device; the chain must come back with len 0. */
static bool tx_one(struct fx *f, const uint8_t *hdr, const uint8_t *frame, uint32_t len,
		   const uint32_t *pieces, unsigned np, bool indirect)
{
	uint16_t head = tx_put(f, hdr, frame, len, pieces, np, indirect);
	qnotify(f, TXQ);
	virtio_net_process(&f->net);
	uint32_t id, ulen;
	CHECK(get_used(f, TXQ, &id, &ulen));
	CHECK_EQ(id, head);
	CHECK_EQ(ulen, 0);
	CHECK(!get_used(f, TXQ, &id, &ulen));
	return true;
}

static bool last_sent_is(struct fx *f, unsigned nsent, const uint8_t *frame, size_t len)
{
	CHECK_EQ(f->fb.nsent, nsent);
	CHECK_EQ(f->fb.sent[nsent - 1].len, len);
	CHECK(memcmp(f->fb.sent[nsent - 1].buf, frame, len) == 0);
	return true;
}

static bool inject(struct fx *f, const uint8_t *frame, size_t len)
{
	return f->fb.be.receive(f->fb.be.opaque, frame, len);
}

static bool inject_pattern(struct fx *f, size_t len, unsigned seed)
{
	uint8_t *b = malloc(len ? len : 1);
	if (!b)
		abort();
	pattern(b, len, seed);
	bool r = inject(f, b, len);
	free(b);
	return r;
}

/* ---- receive helpers -------------------------------------------------- */

struct rxb {
	uint16_t head;
	unsigned n;
	uint64_t gpa[MAX_SEGS];
	uint32_t len[MAX_SEGS];
	uint32_t total;
};

/* A receive chain of writable buffers of the given lengths, each apart,
 * filled with 0xa5 so that unwritten bytes show. */
static void rx_post(struct fx *f, struct rxb *b, const uint32_t *lens, unsigned n)
{
	struct seg s[MAX_SEGS];
	memset(b, 0, sizeof(*b));
	for (unsigned i = 0; i < n && i < MAX_SEGS; i++) {
		b->gpa[i] = galloc(f, lens[i] ? lens[i] : 1);
		b->len[i] = lens[i];
		memset(gp(f, b->gpa[i]), 0xa5, lens[i]);
		s[i] = (struct seg){ b->gpa[i], lens[i], true };
		b->total += lens[i];
	}
	b->n = n;
	b->head = add_chain(f, RXQ, s, n);
}

static void rx_post1(struct fx *f, struct rxb *b, uint32_t size)
{
	rx_post(f, b, &size, 1);
}

/* The first `len` bytes of a posted chain. */
static void rx_gather(struct fx *f, const struct rxb *b, uint8_t *out, size_t len)
{
	size_t done = 0;
	for (unsigned i = 0; i < b->n && done < len; i++) {
		size_t c = b->len[i] < len - done ? b->len[i] : len - done;
		memcpy(out + done, gp(f, b->gpa[i]), c);
		done += c;
	}
}

/* A received header: flags, gso NONE, zero lengths, num_buffers. */
static bool hdr_is(const uint8_t *h, uint8_t flags, uint16_t num_buffers)
{
	CHECK_EQ(h[0], flags);
	CHECK_EQ(h[1], VIRTIO_NET_HDR_GSO_NONE);
	for (int i = 2; i < 10; i++)
		CHECK_EQ(h[i], 0);
	CHECK_EQ(h[10] | h[11] << 8, num_buffers);
	return true;
}

/* One frame in one chain b: used (head, 12 + len), header, data. */
static bool rx_check(struct fx *f, const struct rxb *b, uint8_t flags, unsigned seed, size_t len)
{
	uint32_t id, ulen;
	CHECK(get_used(f, RXQ, &id, &ulen));
	CHECK_EQ(id, b->head);
	CHECK_EQ(ulen, HDR + len);
	uint8_t *got = malloc(HDR + len), *want = malloc(len ? len : 1);
	if (!got || !want)
		abort();
	rx_gather(f, b, got, HDR + len);
	pattern(want, len, seed);
	bool ok = hdr_is(got, flags, 1) && memcmp(got + HDR, want, len) == 0;
	free(got);
	free(want);
	CHECK(ok);
	return true;
}

/* ---- identity and configuration --------------------------------------- */

static bool t_identity(void)
{
	struct fx *f = fx_new(false);
	CHECK_EQ(rd(f, VIRTIO_MMIO_MAGIC_VALUE), VIRTIO_MMIO_MAGIC);
	CHECK_EQ(rd(f, VIRTIO_MMIO_VERSION_REG), 2);
	CHECK_EQ(rd(f, VIRTIO_MMIO_DEVICE_ID), VIRTIO_ID_NET);
	CHECK_EQ(rd(f, VIRTIO_MMIO_DEVICE_ID), 1);
	CHECK_EQ(rd(f, VIRTIO_MMIO_VENDOR_ID_REG), VIRTIO_MMIO_VENDOR_ID);
	for (unsigned qi = 0; qi < 2; qi++) {
		wr(f, VIRTIO_MMIO_QUEUE_SEL, qi);
		CHECK_EQ(rd(f, VIRTIO_MMIO_QUEUE_NUM_MAX), VIRTIO_NET_QUEUE_SIZE);
		CHECK_EQ(rd(f, VIRTIO_MMIO_QUEUE_READY), 0);
	}
	wr(f, VIRTIO_MMIO_QUEUE_SEL, 2);              /* no control queue */
	CHECK_EQ(rd(f, VIRTIO_MMIO_QUEUE_NUM_MAX), 0);
	CHECK_EQ(dev_status(f), 0);
	return true;
}

static bool t_features(void)
{
	struct fx *f = fx_new(false);
	wr(f, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
	uint64_t feat = rd(f, VIRTIO_MMIO_DEVICE_FEATURES);
	wr(f, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1);
	feat |= (uint64_t)rd(f, VIRTIO_MMIO_DEVICE_FEATURES) << 32;
	wr(f, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 2);
	CHECK_EQ(rd(f, VIRTIO_MMIO_DEVICE_FEATURES), 0);
	uint64_t want = VIRTIO_BIT(VIRTIO_NET_F_MAC) | VIRTIO_BIT(VIRTIO_NET_F_STATUS) |
			VIRTIO_BIT(VIRTIO_NET_F_MRG_RXBUF) | VIRTIO_BIT(VIRTIO_NET_F_CSUM) |
			VIRTIO_BIT(VIRTIO_NET_F_GUEST_CSUM) | VIRTIO_BIT(VIRTIO_F_VERSION_1) |
			VIRTIO_BIT(VIRTIO_F_INDIRECT_DESC) | VIRTIO_BIT(VIRTIO_F_EVENT_IDX);
	CHECK_EQ(feat, want);
	/* No segmentation offload either way (GUEST_TSO4 7 .. HOST_UFO 14),
	 * no control queue (17..23), no multiqueue, no MTU (3). */
	for (unsigned b = 2; b < 32; b++)
		if (b != VIRTIO_NET_F_MAC && b != VIRTIO_NET_F_MRG_RXBUF && b != VIRTIO_NET_F_STATUS &&
		    b != VIRTIO_F_INDIRECT_DESC && b != VIRTIO_F_EVENT_IDX)
			CHECK(!(feat & VIRTIO_BIT(b)));
	/* Every subset with VERSION_1 is accepted. */
	uint64_t subsets[] = {
		VIRTIO_BIT(VIRTIO_F_VERSION_1),
		VIRTIO_BIT(VIRTIO_F_VERSION_1) | VIRTIO_BIT(VIRTIO_NET_F_MRG_RXBUF),
		VIRTIO_BIT(VIRTIO_F_VERSION_1) | VIRTIO_BIT(VIRTIO_NET_F_CSUM),
		VIRTIO_BIT(VIRTIO_F_VERSION_1) | VIRTIO_BIT(VIRTIO_NET_F_GUEST_CSUM) |
			VIRTIO_BIT(VIRTIO_NET_F_MAC),
		want,
	};
	for (size_t i = 0; i < sizeof(subsets) / sizeof(subsets[0]); i++) {
		CHECK(negotiate(f, subsets[i]));
		CHECK_EQ(f->features, subsets[i]);
	}
	/* Legacy (no VERSION_1): refused. */
	CHECK(!negotiate(f, want & ~VIRTIO_BIT(VIRTIO_F_VERSION_1)));
	return true;
}

static bool t_config(void)
{
	struct fx *f = fx_new(false);
	for (unsigned i = 0; i < 6; i++)
		CHECK_EQ(rd_cfg(f, i, 1), test_mac[i]);
	CHECK_EQ(rd_cfg(f, 6, 2), VIRTIO_NET_S_LINK_UP);     /* le16 status: link up */
	CHECK_EQ(rd_cfg(f, 6, 1), 1);
	CHECK_EQ(rd_cfg(f, 7, 1), 0);
	CHECK_EQ(rd_cfg(f, 0, 4), (uint64_t)test_mac[0] | test_mac[1] << 8 | test_mac[2] << 16 |
				 (uint64_t)test_mac[3] << 24);
	CHECK_EQ(rd_cfg(f, 4, 4), (uint64_t)test_mac[4] | test_mac[5] << 8 | 1u << 16);
	uint64_t all = 0;
	for (int i = 7; i >= 0; i--)
		all = all << 8 | (i < 6 ? test_mac[i] : i == 6 ? 1 : 0);
	CHECK_EQ(rd_cfg(f, 0, 8), all);
	CHECK_EQ(rd_cfg(f, 8, 4), 0);                          /* past the config */
	CHECK_EQ(rd_cfg(f, 6, 4), 1);                          /* straddling the end */
	/* Read-only: writes change nothing. */
	virtio_mmio_ops.write(&f->t, VIRTIO_MMIO_CONFIG, 4, 0xffffffff);
	virtio_mmio_ops.write(&f->t, VIRTIO_MMIO_CONFIG + 6, 2, 0);
	CHECK_EQ(rd_cfg(f, 0, 8), all);
	CHECK_EQ(rd(f, VIRTIO_MMIO_CONFIG_GENERATION), 0);
	/* The same after feature negotiation and DRIVER_OK. */
	CHECK(probe(f, ALL_FEATURES, 0, 0));
	CHECK_EQ(rd_cfg(f, 0, 8), all);
	return true;
}

static bool t_parse_mac(void)
{
	uint8_t m[6];
	CHECK_EQ(virtio_net_parse_mac("52:54:00:12:34:56", m), 0);
	static const uint8_t w[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };
	CHECK(memcmp(m, w, 6) == 0);
	CHECK_EQ(virtio_net_parse_mac("02:AB:cd:EF:00:ff", m), 0);
	CHECK_EQ(m[1], 0xab);
	CHECK_EQ(m[5], 0xff);
	static const char *bad[] = {
		"", "52:54:00:12:34", "52:54:00:12:34:56:78", "52:54:00:12:34:5g",
		"52-54-00-12-34-56", "5254.0012.3456", "52:54:00:12:34:56 ", "52:54:00:12:34:567",
		"01:00:5e:00:00:01" /* multicast */, "ff:ff:ff:ff:ff:ff", "2:54:00:12:34:56",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (virtio_net_parse_mac(bad[i], m) != -EINVAL)
			return check_fail("\"%s\" was accepted", bad[i]);
	return true;
}

/* Six hex pairs, nothing else: sscanf's %x also takes a sign, a 0x prefix
 * and leading blanks, which the length check does not catch. */
static bool t_parse_mac_strict(void)
{
	uint8_t m[6];
	static const char *bad[] = {
		"-2:54:00:12:34:56", "+2:54:00:12:34:56", " 2:54:00:12:34:56",
		"0x:54:00:12:34:56", "52:54:00:12:34: 6", "52:54:+0:12:34:56",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (virtio_net_parse_mac(bad[i], m) != -EINVAL)
			return check_fail("\"%s\" was accepted as %02x:%02x:%02x:%02x:%02x:%02x",
					  bad[i], m[0], m[1], m[2], m[3], m[4], m[5]);
	return true;
}

static bool t_init_no_backend(void)
{
	struct virtio_net net;
	struct virtio_net_opts o = { .backend = NULL };
	CHECK_EQ(virtio_net_init(&net, &o), (unsigned long long)-EINVAL);
	virtio_net_exit(&net);
	return true;
}

/* QueueNotify through the MMIO path signals the kick eventfd and nothing
 * more: the queues are the device thread's. */
static bool t_kick(void)
{
	struct fx *f = fx_new(false);
	uint64_t v;
	CHECK(negotiate(f, ALL_FEATURES) && setup_queue(f, RXQ, 0) && setup_queue(f, TXQ, 0));
	CHECK(read(virtio_net_kick_fd(&f->net), &v, 8) < 0 && errno == EAGAIN);
	driver_ok(f);                                  /* DRIVER_OK looks at every queue */
	CHECK(read(virtio_net_kick_fd(&f->net), &v, 8) == 8 && v >= 1);
	uint8_t h[HDR], fr[60];
	mkhdr(h, 0, 0, 0, 0);
	pattern(fr, sizeof(fr), 1);
	tx_put(f, h, fr, sizeof(fr), NULL, 0, false);
	qnotify(f, TXQ);
	CHECK(read(virtio_net_kick_fd(&f->net), &v, 8) == 8 && v == 1);
	qnotify(f, RXQ);
	qnotify(f, TXQ);
	CHECK(read(virtio_net_kick_fd(&f->net), &v, 8) == 8 && v == 2);
	CHECK_EQ(f->fb.nsent, 0);                     /* not sent by the vCPU */
	CHECK_EQ(used_idx(f, TXQ), 0);
	virtio_net_process(&f->net);
	CHECK(last_sent_is(f, 1, fr, sizeof(fr)));
	/* Notifying a queue the device does not have: ignored. */
	qnotify(f, 2);
	qnotify(f, 0xffff);
	CHECK(read(virtio_net_kick_fd(&f->net), &v, 8) < 0 && errno == EAGAIN);
	return true;
}

/* ---- transmit ------------------------------------------------------- */

/* A frame with its header cut in many ways reaches the backend as it was;
 * the chain comes back with len 0 and an interrupt. */
static bool t_tx_layouts(void)
{
	static const uint32_t l_hdr[] = { 12 };
	static const uint32_t l_5_7[] = { 5, 7 };
	static const uint32_t l_bytes[] = { 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1 };
	static const uint32_t l_hdr_plus[] = { 12 + 7 };
	static const uint32_t l_mixed[] = { 3, 9 + 20, 1, 1 };
	static const uint32_t l_zero[] = { 0, 12, 0, 30, 0, 0 };
	static const uint32_t l_11[] = { 11, 2, 17 };
	static const uint32_t l_tiny[] = { 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2 };
	static const struct { const uint32_t *p; unsigned n; } lay[] = {
		{ l_hdr, 1 }, { NULL, 0 }, { l_5_7, 2 }, { l_bytes, 12 }, { l_hdr_plus, 1 },
		{ l_mixed, 4 }, { l_zero, 6 }, { l_11, 3 }, { l_tiny, 16 },
	};
	static const uint32_t lens[] = { 14, 15, 60, 1514, 9000, 65536 };
	struct fx *f = fx_new(false);
	CHECK(probe(f, ALL_FEATURES, 0, 0));
	unsigned n = 0;
	uint8_t h[HDR];
	uint8_t *fr = malloc(NET_MAX_FRAME);
	if (!fr)
		abort();
	for (size_t li = 0; li < sizeof(lens) / sizeof(lens[0]); li++) {
		for (size_t k = 0; k < sizeof(lay) / sizeof(lay[0]) * 2; k++) {
			bool indirect = k >= sizeof(lay) / sizeof(lay[0]);
			size_t a = k % (sizeof(lay) / sizeof(lay[0]));
			uint32_t len = lens[li];
			unsigned raises = f->irq_raises;
			mkhdr(h, 0, 0, 0, 0);
			pattern(fr, len, n);
			if (f->brk > RAM_BASE + RAM_SIZE - 0x30000)
				f->brk = HEAP;                  /* reuse the heap */
			bool ok = tx_one(f, h, fr, len, lay[a].p, lay[a].n, indirect) &&
				  last_sent_is(f, n + 1, fr, len);
			if (!ok) {
				free(fr);
				return check_fail("frame of %u bytes, layout %zu%s", len, a,
						  indirect ? " (indirect)" : "");
			}
			n++;
			CHECK_EQ(f->irq_raises, raises + 1);
			CHECK(f->irq);
			CHECK_EQ(irq_ack(f), VIRTIO_INT_USED_BUFFER);
			CHECK(!f->irq);
		}
	}
	free(fr);
	CHECK_EQ(f->net.stats.tx_frames, n);
	CHECK_EQ(f->net.stats.tx_errors, 0);
	CHECK_EQ(f->fb.bad_len, 0);
	CHECK_EQ(f->net.vdev.errors, 0);
	CHECK(!(dev_status(f) & NEEDS_RESET));
	return true;
}

/* Many chains per run, the ring wrapping: order and content kept, and one
 * run takes up to QueueNum chains. */
static bool t_tx_batch_wrap(void)
{
	struct fx *f = fx_new(false);
	CHECK(probe(f, ALL_FEATURES, 0, 16));
	uint8_t h[HDR], fr[200];
	mkhdr(h, 0, 0, 0, 0);
	unsigned seq = 0, checked = 0;
	uint64_t bytes = 0;
	for (unsigned round = 0; round < 6; round++) {
		unsigned batch = round == 5 ? 16 : 7 + round;   /* last: a full ring */
		uint16_t heads[16];
		for (unsigned i = 0; i < batch; i++) {
			uint32_t len = 14 + (seq * 37) % 180;
			pattern(fr, len, seq++);
			bytes += len;
			heads[i] = tx_put(f, h, fr, len, NULL, 0, false);
		}
		qnotify(f, TXQ);
		virtio_net_process(&f->net);
		CHECK_EQ(f->fb.nsent, seq);
		for (unsigned i = 0; i < batch; i++) {
			uint32_t id, ulen;
			CHECK(get_used(f, TXQ, &id, &ulen));
			CHECK_EQ(id, heads[i]);
			CHECK_EQ(ulen, 0);
		}
		for (; checked < seq; checked++) {
			uint32_t len = 14 + (checked * 37) % 180;
			pattern(fr, len, checked);
			CHECK_EQ(f->fb.sent[checked].len, len);
			CHECK(memcmp(f->fb.sent[checked].buf, fr, len) == 0);
		}
		irq_ack(f);
	}
	CHECK_EQ(f->net.stats.tx_frames, seq);
	CHECK_EQ(f->net.stats.tx_bytes, bytes);
	return true;
}

/* Checksum offload: the device completes the partial checksum that Linux
 * leaves for CHECKSUM_PARTIAL; checked against RFC 768/793 computed here. */
static bool csum_case(struct fx *f, bool v6, bool udp, size_t payload, unsigned seed,
		      unsigned layout, unsigned *n)
{
	struct pkt p;
	build_pkt(&p, v6, udp, payload, seed);
	uint16_t want = expect_csum(&p);
	uint8_t h[HDR];
	mkhdr(h, VIRTIO_NET_HDR_F_NEEDS_CSUM, 0, p.l4, p.csum_offset);
	/* Layouts: header apart; csum_start in another buffer than the
	 * checksum field; the checksum field itself cut in two. */
	uint32_t cut_field[] = { HDR + p.l4 + p.csum_offset + 1 };
	uint32_t cut_start[] = { HDR, p.l4, 3 };
	const uint32_t *pieces = layout == 0 ? NULL : layout == 1 ? cut_field : cut_start;
	unsigned np = layout == 0 ? 0 : layout == 1 ? 1 : 3;
	if (f->brk > RAM_BASE + RAM_SIZE - 0x10000)
		f->brk = HEAP;
	if (!tx_one(f, h, p.b, (uint32_t)p.len, pieces, np, false))
		return false;
	CHECK_EQ(f->fb.nsent, *n + 1);
	const struct sent_frame *s = &f->fb.sent[(*n)++];
	CHECK_EQ(s->len, p.len);
	uint16_t got = get16(s->buf + p.l4 + p.csum_offset);
	if (got != want)
		return check_fail("%s/%s payload %zu: checksum 0x%04x, expected 0x%04x",
				  v6 ? "ipv6" : "ipv4", udp ? "udp" : "tcp", payload, got, want);
	CHECK(verify_csum(&p, s->buf));
	/* Everything else as the guest left it. */
	put16(p.b + p.l4 + p.csum_offset, want);
	CHECK(memcmp(s->buf, p.b, p.len) == 0);
	return true;
}

static bool t_tx_csum(void)
{
	struct fx *f = fx_new(false);
	CHECK(probe(f, ALL_FEATURES, 0, 0));
	static const size_t payloads[] = { 0, 1, 2, 7, 100, 333, 1000, 1401 };
	unsigned n = 0, seed = 1;
	for (int v6 = 0; v6 < 2; v6++)
		for (int udp = 0; udp < 2; udp++)
			for (size_t i = 0; i < sizeof(payloads) / sizeof(payloads[0]); i++)
				for (unsigned layout = 0; layout < 3; layout++) {
					struct pkt p;
					/* A UDP checksum that comes out zero has a test of
					 * its own (tx_csum_udp_zero). */
					do
						build_pkt(&p, v6, udp, payloads[i], ++seed);
					while (expect_csum(&p) == 0xffff || expect_csum(&p) == 0);
					if (!csum_case(f, v6, udp, payloads[i], seed, layout, &n))
						return check_fail("case %s/%s payload %zu layout %u",
								  v6 ? "ipv6" : "ipv4", udp ? "udp" : "tcp",
								  payloads[i], layout);
				}
	CHECK_EQ(f->net.stats.tx_errors, 0);
	CHECK(!(dev_status(f) & NEEDS_RESET));
	return true;
}

/* Any csum_start/csum_offset inside the frame, at odd positions too: the
 * ones' complement of the sum from csum_start to the end, the field
 * included.  The field may end exactly at the end of the frame. */
static bool t_tx_csum_generic(void)
{
	struct fx *f = fx_new(false);
	CHECK(probe(f, ALL_FEATURES, 0, 0));
	static const struct { uint32_t len; uint16_t start, off; } c[] = {
		{ 60, 14, 0 }, { 61, 15, 4 }, { 100, 20, 78 }, { 101, 0, 99 }, { 14, 12, 0 },
		{ 1514, 34, 16 }, { 999, 333, 1 },
	};
	uint8_t h[HDR], fr[1514];
	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		pattern(fr, c[i].len, (unsigned)i + 50);
		/* The driver's partial sum in the field. */
		put16(fr + c[i].start + c[i].off, (uint16_t)(0x1234 * (i + 1)));
		struct csum s = { 0 };
		cs_add(&s, fr + c[i].start, c[i].len - c[i].start);
		uint16_t want = (uint16_t)~cs_fold(&s);
		mkhdr(h, VIRTIO_NET_HDR_F_NEEDS_CSUM, 0, c[i].start, c[i].off);
		CHECK(tx_one(f, h, fr, c[i].len, NULL, 0, false));
		CHECK_EQ(f->fb.nsent, i + 1);
		const uint8_t *g = f->fb.sent[i].buf;
		uint16_t got = get16(g + c[i].start + c[i].off);
		if (got != want)
			return check_fail("case %zu: checksum 0x%04x, expected 0x%04x", i, got, want);
		put16(fr + c[i].start + c[i].off, want);
		CHECK(memcmp(g, fr, c[i].len) == 0);
	}
	/* A sum whose first fold carries again: 0xffff + 0xffff + 0x0001 =
	 * 0x1ffff folds to 0x10000 and then to 0x0001; the checksum is 0xfffe. */
	pattern(fr, 20, 60);
	memset(fr + 14, 0xff, 4);
	put16(fr + 18, 0x0001);
	mkhdr(h, VIRTIO_NET_HDR_F_NEEDS_CSUM, 0, 14, 4);
	CHECK(tx_one(f, h, fr, 20, NULL, 0, false));
	unsigned last = f->fb.nsent - 1;
	CHECK_EQ(get16(f->fb.sent[last].buf + 18), 0xfffe);
	/* Many 0xffff words: the 64 KiB frame's sum needs the full fold. */
	static uint8_t big[NET_MAX_FRAME];
	pattern(big, sizeof(big), 61);
	memset(big + 14, 0xff, sizeof(big) - 14);
	put16(big + 14, 0x1234);
	struct csum s = { 0 };
	cs_add(&s, big + 14, sizeof(big) - 14);
	uint16_t want = (uint16_t)~cs_fold(&s);
	mkhdr(h, VIRTIO_NET_HDR_F_NEEDS_CSUM, 0, 14, 0);
	CHECK(tx_one(f, h, big, sizeof(big), NULL, 0, false));
	last = f->fb.nsent - 1;
	CHECK_EQ(get16(f->fb.sent[last].buf + 14), want);
	return true;
}

/* RFC 768: a UDP checksum that computes to zero is transmitted as 0xffff
 * (zero means "no checksum", and IPv6 receivers drop such datagrams).  As
 * Linux's skb_checksum_help() (CSUM_MANGLED_0) and QEMU
 * (net_checksum_finish_nozero) do; for TCP both forms are equivalent. */
static bool t_tx_csum_udp_zero(void)
{
	struct fx *f = fx_new(false);
	CHECK(probe(f, ALL_FEATURES, 0, 0));
	for (unsigned n = 0; n < 2; n++) {
		bool v6 = n;
		struct pkt p;
		build_pkt(&p, v6, true, 64, 9);
		/* Choose the first payload word so that the sum is 0xffff. */
		uint8_t *w = p.b + p.l4 + 8;
		put16(w, 0);
		put16(p.b + p.l4 + 6, 0);
		struct csum c = { 0 };
		pseudo_sum(&p, &c);
		cs_add(&c, p.b + p.l4, p.l4len);
		put16(w, (uint16_t)(0xffff - cs_fold(&c)));
		put16(p.b + p.l4 + 6, p.pseudo);
		CHECK_EQ(expect_csum(&p), 0xffff);
		uint8_t h[HDR];
		mkhdr(h, VIRTIO_NET_HDR_F_NEEDS_CSUM, 0, p.l4, p.csum_offset);
		CHECK(tx_one(f, h, p.b, (uint32_t)p.len, NULL, 0, false));
		CHECK_EQ(f->fb.nsent, n + 1);
		uint16_t got = get16(f->fb.sent[n].buf + p.l4 + 6);
		if (got != 0xffff)
			return check_fail("%s: UDP checksum sent as 0x%04x, expected 0xffff",
					  v6 ? "ipv6" : "ipv4", got);
	}
	return true;
}

/* Frames the device cannot send are dropped: not sent, the chain returned
 * with len 0, the device still fine, and the next frame goes out. */
enum tx_drop {
	DROP_CSUM_NOT_NEGOTIATED, DROP_GSO_TCPV4, DROP_GSO_UDP, DROP_GSO_TCPV6, DROP_GSO_ECN,
	DROP_HDR_ONLY, DROP_RUNT_1, DROP_RUNT_13, DROP_OVERSIZED, DROP_CSUM_START_PAST_END,
	DROP_CSUM_FIELD_PAST_END, DROP_CSUM_FIELD_HALF_OUT, DROP_CSUM_OFFSET_HUGE, DROP_COUNT
};

static bool tx_drop_case(enum tx_drop d)
{
	struct fx *f = fx_new(false);
	uint64_t want = ALL_FEATURES;
	if (d == DROP_CSUM_NOT_NEGOTIATED)
		want &= ~VIRTIO_BIT(VIRTIO_NET_F_CSUM);
	CHECK(probe(f, want, 0, 0));
	uint8_t h[HDR];
	uint32_t len = 60;
	mkhdr(h, 0, 0, 0, 0);
	switch (d) {
	case DROP_CSUM_NOT_NEGOTIATED: mkhdr(h, VIRTIO_NET_HDR_F_NEEDS_CSUM, 0, 34, 6); break;
	case DROP_GSO_TCPV4: mkhdr(h, 0, 1, 0, 0); h[4] = 0xa8; h[5] = 0x05; break;
	case DROP_GSO_UDP: mkhdr(h, 0, 3, 0, 0); break;
	case DROP_GSO_TCPV6: mkhdr(h, VIRTIO_NET_HDR_F_NEEDS_CSUM, 4, 54, 16); break;
	case DROP_GSO_ECN: mkhdr(h, 0, 0x80, 0, 0); break;
	case DROP_HDR_ONLY: len = 0; break;
	case DROP_RUNT_1: len = 1; break;
	case DROP_RUNT_13: len = 13; break;
	case DROP_OVERSIZED: len = NET_MAX_FRAME + 1; break;
	case DROP_CSUM_START_PAST_END: mkhdr(h, VIRTIO_NET_HDR_F_NEEDS_CSUM, 0, 60, 0); break;
	case DROP_CSUM_FIELD_PAST_END: mkhdr(h, VIRTIO_NET_HDR_F_NEEDS_CSUM, 0, 50, 10); break;
	case DROP_CSUM_FIELD_HALF_OUT: mkhdr(h, VIRTIO_NET_HDR_F_NEEDS_CSUM, 0, 50, 9); break;
	case DROP_CSUM_OFFSET_HUGE: mkhdr(h, VIRTIO_NET_HDR_F_NEEDS_CSUM, 0, 14, 0xffff); break;
	case DROP_COUNT: break;
	}
	uint8_t *fr = malloc(len + 1);
	if (!fr)
		abort();
	pattern(fr, len, 3);
	bool ok = tx_one(f, h, fr, len, NULL, 0, false);
	free(fr);
	CHECK(ok);
	CHECK_EQ(f->fb.nsent, 0);
	CHECK_EQ(f->net.stats.tx_errors, 1);
	CHECK_EQ(f->net.stats.tx_frames, 0);
	CHECK(!(dev_status(f) & NEEDS_RESET));
	CHECK_EQ(f->net.vdev.errors, 0);
	CHECK(irq_ack(f) & VIRTIO_INT_USED_BUFFER);
	/* The queue still works. */
	uint8_t good[64];
	pattern(good, sizeof(good), 4);
	mkhdr(h, 0, 0, 0, 0);
	CHECK(tx_one(f, h, good, sizeof(good), NULL, 0, false));
	CHECK(last_sent_is(f, 1, good, sizeof(good)));
	return true;
}

static bool t_tx_drop(void)
{
	static const char *names[DROP_COUNT] = {
		"csum not negotiated", "gso tcpv4", "gso udp", "gso tcpv6", "gso ecn", "header only",
		"runt 1", "runt 13", "oversized", "csum_start past end", "csum field past end",
		"csum field half out", "csum_offset huge",
	};
	for (int d = 0; d < DROP_COUNT; d++) {
		bool ok = tx_drop_case((enum tx_drop)d);
		fx_free(fx_cur);
		if (!ok)
			return check_fail("case: %s", names[d]);
	}
	return true;
}

/* The largest frame goes out, one byte more is dropped. */
static bool t_tx_max_frame(void)
{
	struct fx *f = fx_new(false);
	CHECK(probe(f, ALL_FEATURES, 0, 0));
	uint8_t h[HDR];
	mkhdr(h, 0, 0, 0, 0);
	uint8_t *fr = malloc(NET_MAX_FRAME + 1);
	if (!fr)
		abort();
	pattern(fr, NET_MAX_FRAME + 1, 77);
	static const uint32_t pieces[] = { 12, 4000, 30000, 1 };
	bool ok = tx_one(f, h, fr, NET_MAX_FRAME, pieces, 4, false) &&
		  last_sent_is(f, 1, fr, NET_MAX_FRAME) &&
		  tx_one(f, h, fr, NET_MAX_FRAME + 1, pieces, 4, false) && f->fb.nsent == 1;
	free(fr);
	CHECK(ok);
	CHECK_EQ(f->net.stats.tx_errors, 1);
	return true;
}

/* A transmit chain with a device-writable buffer, or with less than a
 * header, breaks the queue: DEVICE_NEEDS_RESET, a configuration
 * interrupt, nothing sent, nothing returned; receive goes on. */
enum tx_bad { TXBAD_WRITABLE_FRAME, TXBAD_ALL_WRITABLE, TXBAD_WRITABLE_ZERO_FRAME,
	      TXBAD_SHORT_11, TXBAD_SHORT_SPLIT, TXBAD_EMPTY, TXBAD_COUNT };

static bool tx_bad_case(enum tx_bad b)
{
	struct fx *f = fx_new(false);
	CHECK(probe(f, ALL_FEATURES, 0, 0));
	uint64_t a = galloc(f, 256);
	pattern(gp(f, a) + HDR, 60, 1);
	struct seg s[3];
	unsigned n = 2;
	switch (b) {
	case TXBAD_WRITABLE_FRAME:
		s[0] = (struct seg){ a, HDR, false };
		s[1] = (struct seg){ a + HDR, 60, true };
		break;
	case TXBAD_ALL_WRITABLE:
		s[0] = (struct seg){ a, HDR + 60, true };
		n = 1;
		break;
	case TXBAD_WRITABLE_ZERO_FRAME:   /* a whole frame, and one writable byte */
		s[0] = (struct seg){ a, HDR + 60, false };
		s[1] = (struct seg){ a + 128, 1, true };
		break;
	case TXBAD_SHORT_11:
		s[0] = (struct seg){ a, 11, false };
		n = 1;
		break;
	case TXBAD_SHORT_SPLIT:
		s[0] = (struct seg){ a, 6, false };
		s[1] = (struct seg){ a + 64, 5, false };
		break;
	case TXBAD_EMPTY:
		s[0] = (struct seg){ a, 0, false };
		s[1] = (struct seg){ a, 0, false };
		break;
	case TXBAD_COUNT:
		break;
	}
	add_chain(f, TXQ, s, n);
	qnotify(f, TXQ);
	irq_ack(f);
	virtio_net_process(&f->net);
	CHECK(dev_status(f) & NEEDS_RESET);
	CHECK_EQ(f->net.vdev.errors, 1);
	CHECK_EQ(f->fb.nsent, 0);
	CHECK_EQ(used_idx(f, TXQ), 0);
	CHECK(f->irq);
	CHECK_EQ(irq_ack(f), VIRTIO_INT_CONFIG);
	/* The broken queue stays stopped... */
	uint8_t h[HDR], fr[60];
	mkhdr(h, 0, 0, 0, 0);
	pattern(fr, 60, 2);
	tx_put(f, h, fr, 60, NULL, 0, false);
	qnotify(f, TXQ);
	virtio_net_process(&f->net);
	CHECK_EQ(f->fb.nsent, 0);
	CHECK_EQ(used_idx(f, TXQ), 0);
	CHECK_EQ(f->net.vdev.errors, 1);
	/* ... and the receive queue works on. */
	struct rxb rb;
	rx_post1(f, &rb, 1526);
	CHECK(inject_pattern(f, 100, 5));
	virtio_net_process(&f->net);
	CHECK(rx_check(f, &rb, 0, 5, 100));
	return true;
}

static bool t_tx_bad(void)
{
	static const char *names[TXBAD_COUNT] = {
		"writable frame", "all writable", "writable byte after frame", "11 bytes",
		"6+5 bytes", "no bytes",
	};
	for (int b = 0; b < TXBAD_COUNT; b++) {
		bool ok = tx_bad_case((enum tx_bad)b);
		fx_free(fx_cur);
		if (!ok)
			return check_fail("case: %s", names[b]);
	}
	return true;
}

/* Chains made available before DRIVER_OK wait for it (3.1.1). */
static bool t_tx_before_driver_ok(void)
{
	struct fx *f = fx_new(false);
	CHECK(negotiate(f, ALL_FEATURES) && setup_queue(f, RXQ, 0) && setup_queue(f, TXQ, 0));
	uint8_t h[HDR], fr[80];
	mkhdr(h, 0, 0, 0, 0);
	pattern(fr, sizeof(fr), 8);
	tx_put(f, h, fr, sizeof(fr), NULL, 0, false);
	qnotify(f, TXQ);
	virtio_net_process(&f->net);
	CHECK_EQ(f->fb.nsent, 0);
	CHECK_EQ(used_idx(f, TXQ), 0);
	driver_ok(f);
	virtio_net_process(&f->net);
	CHECK(last_sent_is(f, 1, fr, sizeof(fr)));
	CHECK_EQ(used_idx(f, TXQ), 1);
	/* FAILED stops the queues again. */
	wr(f, VIRTIO_MMIO_STATUS, dev_status(f) | VIRTIO_STATUS_FAILED);
	tx_put(f, h, fr, sizeof(fr), NULL, 0, false);
	virtio_net_process(&f->net);
	CHECK_EQ(f->fb.nsent, 1);
	return true;
}

/* Used buffer notification suppression on the transmit queue. */
static bool t_tx_no_interrupt(void)
{
	struct fx *f = fx_new(false);
	CHECK(probe(f, NO_EVIDX, 0, 0));
	uint8_t h[HDR], fr[60];
	mkhdr(h, 0, 0, 0, 0);
	pattern(fr, sizeof(fr), 1);
	w16(f, f->q[TXQ].avail, VIRTQ_AVAIL_F_NO_INTERRUPT);
	CHECK(tx_one(f, h, fr, sizeof(fr), NULL, 0, false));
	CHECK_EQ(f->irq_raises, 0);
	w16(f, f->q[TXQ].avail, 0);
	CHECK(tx_one(f, h, fr, sizeof(fr), NULL, 0, false));
	CHECK_EQ(f->irq_raises, 1);
	CHECK_EQ(f->fb.nsent, 2);
	/* EVENT_IDX: used_event says "after entry 3". */
	fx_free(f);
	f = fx_new(false);
	CHECK(probe(f, ALL_FEATURES, 0, 0));
	f->q[TXQ].manual_event = true;
	w16(f, f->q[TXQ].avail + 4 + 2 * f->q[TXQ].num, 3);
	for (unsigned i = 0; i < 3; i++) {
		CHECK(tx_one(f, h, fr, sizeof(fr), NULL, 0, false));
		CHECK_EQ(f->irq_raises, 0);
	}
	CHECK(tx_one(f, h, fr, sizeof(fr), NULL, 0, false));
	CHECK_EQ(f->irq_raises, 1);
	return true;
}

/* A backend that answers at once (ARP, DHCP): the answer is delivered by
 * the same iteration. */
static bool t_tx_echo(void)
{
	struct fx *f = fx_new(true);
	CHECK(probe(f, ALL_FEATURES, 0, 0));
	f->fb.echo = true;
	struct rxb rb;
	rx_post1(f, &rb, 1526);
	uint8_t h[HDR], fr[300];
	mkhdr(h, 0, 0, 0, 0);
	pattern(fr, sizeof(fr), 21);
	CHECK(tx_one(f, h, fr, sizeof(fr), NULL, 0, false));
	CHECK(f->fb.echo_ok);
	CHECK(rx_check(f, &rb, VIRTIO_NET_HDR_F_DATA_VALID, 21, sizeof(fr)));
	CHECK_EQ(f->net.backlog_count, 0);
	return true;
}

/* ---- a backend that takes the virtio-net header (tap) ---------------- */

#define TSO_BITS (VIRTIO_BIT(VIRTIO_NET_F_HOST_TSO4) | VIRTIO_BIT(VIRTIO_NET_F_HOST_TSO6) | \
		  VIRTIO_BIT(VIRTIO_NET_F_HOST_ECN) | VIRTIO_BIT(VIRTIO_NET_F_GUEST_TSO4) | \
		  VIRTIO_BIT(VIRTIO_NET_F_GUEST_TSO6) | VIRTIO_BIT(VIRTIO_NET_F_GUEST_ECN))

/* TSO offered; 5.1.3.1's dependencies enforced; the guest's receive
 * offloads reach the backend; headers pass through untouched both ways;
 * GSO types that were not negotiated are dropped. */
static bool t_vnet_hdr(void)
{
	next_vnet_hdr = true;
	struct fx *f = fx_new(false);
	wr(f, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
	CHECK_EQ(rd(f, VIRTIO_MMIO_DEVICE_FEATURES) & TSO_BITS, TSO_BITS);
	/* GUEST_TSO4 without GUEST_CSUM, HOST_TSO4 without CSUM, ECN alone. */
	CHECK(!negotiate(f, ~VIRTIO_BIT(VIRTIO_NET_F_GUEST_CSUM)));
	CHECK(!negotiate(f, ~VIRTIO_BIT(VIRTIO_NET_F_CSUM)));
	CHECK(!negotiate(f, ~(VIRTIO_BIT(VIRTIO_NET_F_HOST_TSO4) | VIRTIO_BIT(VIRTIO_NET_F_HOST_TSO6))));
	/* Everything but HOST_TSO6. */
	uint64_t want = ~VIRTIO_BIT(VIRTIO_NET_F_HOST_TSO6);
	CHECK(probe(f, want, 0, 0));
	CHECK(f->fb.offload_calls >= 1);
	CHECK((f->fb.offloads & TSO_BITS) == (TSO_BITS & ~VIRTIO_BIT(VIRTIO_NET_F_HOST_TSO6)));

	/* A TSO frame: sent as header + frame, nothing completed by us. */
	uint8_t h[HDR], fr[3000];
	mkhdr(h, VIRTIO_NET_HDR_F_NEEDS_CSUM, VIRTIO_NET_HDR_GSO_TCPV4, 34, 16);
	h[2] = 54;                               /* hdr_len */
	h[4] = (uint8_t)1448, h[5] = 1448 >> 8;  /* gso_size */
	pattern(fr, sizeof(fr), 7);
	CHECK(tx_one(f, h, fr, sizeof(fr), NULL, 0, false));
	CHECK_EQ(f->fb.nsent, 1);
	CHECK_EQ(f->fb.sent[0].len, HDR + sizeof(fr));
	CHECK(memcmp(f->fb.sent[0].buf, h, HDR) == 0);
	CHECK(memcmp(f->fb.sent[0].buf + HDR, fr, sizeof(fr)) == 0);
	/* TCPv6 GSO was not negotiated; an unknown GSO type never is. */
	mkhdr(h, 0, VIRTIO_NET_HDR_GSO_TCPV6, 0, 0);
	CHECK(tx_one(f, h, fr, sizeof(fr), NULL, 0, false));
	mkhdr(h, 0, 3 /* UDP */, 0, 0);
	CHECK(tx_one(f, h, fr, sizeof(fr), NULL, 0, false));
	CHECK_EQ(f->fb.nsent, 1);
	CHECK_EQ(f->net.stats.tx_errors, 2);
	CHECK_EQ(f->fb.bad_len, 0);

	/* Receive: the backend's header is the guest's, num_buffers set. */
	uint32_t lens[3] = { 1500, 1500, 1500 };
	struct rxb rb[3];
	for (int i = 0; i < 3; i++)
		rx_post(f, &rb[i], &lens[i], 1);
	uint8_t in[HDR + 4000];
	mkhdr(in, VIRTIO_NET_HDR_F_NEEDS_CSUM, VIRTIO_NET_HDR_GSO_TCPV4, 34, 16);
	in[10] = 0x77, in[11] = 0x77;            /* whatever the backend left there */
	pattern(in + HDR, 4000, 9);
	CHECK(inject(f, in, sizeof(in)));
	virtio_net_process(&f->net);
	uint8_t got[HDR + 4000];
	size_t done = 0;
	for (int i = 0; i < 3; i++) {
		uint32_t id, ulen;
		CHECK(get_used(f, RXQ, &id, &ulen));
		CHECK_EQ(id, rb[i].head);
		rx_gather(f, &rb[i], got + done, ulen);
		done += ulen;
	}
	CHECK_EQ(done, sizeof(in));
	CHECK_EQ(got[10] | got[11] << 8, 3);     /* num_buffers */
	CHECK(memcmp(got, in, 10) == 0);
	CHECK(memcmp(got + HDR, in + HDR, 4000) == 0);
	/* Shorter than a header and a minimal frame: dropped. */
	CHECK(!inject(f, in, HDR + 13));
	fx_free(f);
	return true;
}

/* ---- receive without MRG_RXBUF --------------------------------------- */

static bool t_rx_basic(void)
{
	struct fx *f = fx_new(false);
	CHECK(probe(f, NO_MRG, 0, 0));
	static const uint32_t lens[] = { 14, 15, 60, 1514 };
	for (size_t i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		struct rxb rb;
		rx_post1(f, &rb, 1526);
		unsigned raises = f->irq_raises;
		CHECK(inject_pattern(f, lens[i], (unsigned)i + 100));
		CHECK_EQ(used_idx(f, RXQ), i);                 /* not before process */
		virtio_net_process(&f->net);
		CHECK(rx_check(f, &rb, 0, (unsigned)i + 100, lens[i]));
		/* Nothing written past the frame. */
		if (HDR + lens[i] < 1526)
			CHECK_EQ(*gp(f, rb.gpa[0] + HDR + lens[i]), 0xa5);
		CHECK_EQ(f->irq_raises, raises + 1);
		CHECK_EQ(irq_ack(f), VIRTIO_INT_USED_BUFFER);
	}
	CHECK_EQ(f->net.stats.rx_frames, 4);
	CHECK_EQ(f->net.stats.rx_bytes, 14 + 15 + 60 + 1514);
	CHECK_EQ(f->net.stats.rx_dropped, 0);
	CHECK_EQ(f->net.backlog_count, 0);
	return true;
}

/* Receive chains of several buffers: header apart (as older Linux), header
 * cut, many small pieces. */
static bool t_rx_layouts(void)
{
	static const uint32_t l_hdr[] = { 12, 1514 };
	static const uint32_t l_cut[] = { 5, 7, 100, 1414 };
	static const uint32_t l_cut10[] = { 10, 1, 1, 1514 };
	static const uint32_t l_many[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 1500 };
	static const uint32_t l_zero[] = { 12, 0, 700, 0, 814 };
	static const struct { const uint32_t *l; unsigned n; } lay[] = {
		{ l_hdr, 2 }, { l_cut, 4 }, { l_cut10, 4 }, { l_many, 14 }, { l_zero, 5 },
	};
	for (int mrg = 0; mrg < 2; mrg++) {
		struct fx *f = fx_new(false);
		CHECK(probe(f, mrg ? ALL_FEATURES : NO_MRG, 0, 0));
		for (size_t a = 0; a < sizeof(lay) / sizeof(lay[0]); a++)
			for (unsigned len = 60; len <= 1514; len += 1454) {
				struct rxb rb;
				rx_post(f, &rb, lay[a].l, lay[a].n);
				unsigned seed = (unsigned)(a * 10 + len + mrg);
				CHECK(inject_pattern(f, len, seed));
				virtio_net_process(&f->net);
				if (!rx_check(f, &rb, 0, seed, len))
					return check_fail("%s layout %zu, frame %u",
							  mrg ? "mrg" : "no mrg", a, len);
			}
		fx_free(f);
	}
	return true;
}

/* DATA_VALID only with GUEST_CSUM negotiated and a backend whose frames
 * carry correct checksums. */
static bool t_rx_csum_flags(void)
{
	for (int neg = 0; neg < 2; neg++)
		for (int valid = 0; valid < 2; valid++)
			for (int mrg = 0; mrg < 2; mrg++) {
				struct fx *f = fx_new(valid);
				uint64_t want = ALL_FEATURES;
				if (!neg)
					want &= ~VIRTIO_BIT(VIRTIO_NET_F_GUEST_CSUM);
				if (!mrg)
					want &= NO_MRG;
				CHECK(probe(f, want, 0, 0));
				struct rxb rb;
				rx_post1(f, &rb, 1526);
				CHECK(inject_pattern(f, 200, 7));
				virtio_net_process(&f->net);
				uint8_t flags = neg && valid ? VIRTIO_NET_HDR_F_DATA_VALID : 0;
				if (!rx_check(f, &rb, flags, 7, 200))
					return check_fail("GUEST_CSUM %d, csum_valid %d, mrg %d",
							  neg, valid, mrg);
				fx_free(f);
			}
	return true;
}

/* Without MRG_RXBUF a frame larger than the chain is dropped and the chain
 * stays for the next frame; a frame that fits exactly is taken. */
static bool t_rx_too_big(void)
{
	struct fx *f = fx_new(false);
	CHECK(probe(f, NO_MRG, 0, 0));
	struct rxb rb;
	static const uint32_t two[] = { 40, 60 };
	rx_post(f, &rb, two, 2);                         /* 100 bytes: frames up to 88 */
	CHECK(inject_pattern(f, 89, 1));
	CHECK(inject_pattern(f, 1514, 2));
	CHECK(inject_pattern(f, 50, 3));
	virtio_net_process(&f->net);
	CHECK(rx_check(f, &rb, 0, 3, 50));
	CHECK_EQ(f->net.stats.rx_dropped, 2);
	CHECK_EQ(f->net.stats.rx_frames, 1);
	CHECK_EQ(f->net.backlog_count, 0);
	CHECK(!(dev_status(f) & NEEDS_RESET));
	CHECK_EQ(f->net.vdev.errors, 0);
	/* Exactly 12 + 88. */
	rx_post(f, &rb, two, 2);
	CHECK(inject_pattern(f, 88, 4));
	virtio_net_process(&f->net);
	CHECK(rx_check(f, &rb, 0, 4, 88));
	/* A dropped frame alone: no used element, no interrupt. */
	irq_ack(f);
	unsigned raises = f->irq_raises;
	rx_post(f, &rb, two, 2);
	CHECK(inject_pattern(f, 89, 5));
	virtio_net_process(&f->net);
	CHECK_EQ(used_idx(f, RXQ), 2);
	CHECK_EQ(f->irq_raises, raises);
	CHECK(inject_pattern(f, 14, 6));
	virtio_net_process(&f->net);
	CHECK(rx_check(f, &rb, 0, 6, 14));
	return true;
}

/* The backend's frames are 14..NET_MAX_FRAME bytes; the largest arrives. */
static bool t_rx_limits(void)
{
	struct fx *f = fx_new(false);
	CHECK(probe(f, NO_MRG, 0, 0));
	uint8_t small[14] = { 0 };
	CHECK(!inject(f, small, 0));
	CHECK(!inject(f, small, 13));
	CHECK(!inject_pattern(f, NET_MAX_FRAME + 1, 1));
	CHECK_EQ(f->net.backlog_count, 0);
	CHECK_EQ(f->net.stats.rx_dropped, 3);
	struct rxb rb;
	rx_post1(f, &rb, HDR + NET_MAX_FRAME);
	CHECK(inject_pattern(f, NET_MAX_FRAME, 2));
	virtio_net_process(&f->net);
	CHECK(rx_check(f, &rb, 0, 2, NET_MAX_FRAME));
	return true;
}

/* Frames handed up before DRIVER_OK wait in the backlog. */
static bool t_rx_before_driver_ok(void)
{
	struct fx *f = fx_new(false);
	CHECK(negotiate(f, NO_MRG));
	CHECK(inject_pattern(f, 70, 1));                 /* before the queues are set up */
	CHECK(setup_queue(f, RXQ, 0) && setup_queue(f, TXQ, 0));
	struct rxb rb;
	rx_post1(f, &rb, 1526);
	CHECK(inject_pattern(f, 80, 2));
	virtio_net_process(&f->net);
	CHECK_EQ(used_idx(f, RXQ), 0);
	CHECK_EQ(f->net.backlog_count, 2);
	driver_ok(f);
	struct rxb rb2;
	rx_post1(f, &rb2, 1526);
	virtio_net_process(&f->net);
	CHECK(rx_check(f, &rb, 0, 1, 70));
	CHECK(rx_check(f, &rb2, 0, 2, 80));
	return true;
}

/* ---- receive with MRG_RXBUF ------------------------------------------- */

static bool no_more_used(struct fx *f, unsigned qi)
{
	uint32_t id, len;
	if (get_used(f, qi, &id, &len))
		return check_fail("queue %u: an unexpected used element (id %u, len %u)", qi, id, len);
	return true;
}

/* The used ring idx values seen while the device reported what it wrote:
 * the elements of one frame are published in one step. */
static bool published_at_once(struct fx *f, uint16_t before, uint16_t after)
{
	unsigned idx_marks = 0;
	uint64_t idx_gpa = f->q[RXQ].used + 2;
	for (unsigned i = 0; i < f->nmarks; i++) {
		uint16_t v = f->marks[i].used_idx[RXQ];
		if (v != before && v != after)
			return check_fail("used idx was %u between %u and %u", v, before, after);
		if (f->marks[i].gpa <= idx_gpa && f->marks[i].gpa + f->marks[i].len > idx_gpa) {
			idx_marks++;
			CHECK_EQ(v, after);
		} else if (f->marks[i].gpa >= f->q[RXQ].used &&
			   f->marks[i].gpa < f->q[RXQ].used + 4 + 8 * f->q[RXQ].num) {
			CHECK_EQ(v, before);                  /* elements before the idx */
		}
	}
	CHECK_EQ(idx_marks, 1);
	return true;
}

/* The frame across chains: num_buffers, each used element's len, the
 * bytes when the chains' used parts are put together. */
static bool mrg_check(struct fx *f, const struct rxb *rb, unsigned nchains, uint8_t flags,
		      unsigned seed, size_t len)
{
	size_t total = HDR + len, off = 0;
	uint8_t *got = malloc(total), *want = malloc(len);
	if (!got || !want)
		abort();
	bool ok = true;
	for (unsigned c = 0; c < nchains && ok; c++) {
		uint32_t id, ulen;
		if (!get_used(f, RXQ, &id, &ulen) || id != rb[c].head) {
			ok = check_fail("chain %u: not used, or not in order", c);
			break;
		}
		size_t expect = total - off < rb[c].total ? total - off : rb[c].total;
		if (ulen != expect) {
			ok = check_fail("chain %u: used len %u, expected %zu", c, ulen, expect);
			break;
		}
		rx_gather(f, &rb[c], got + off, ulen);
		off += ulen;
	}
	if (ok && off != total)
		ok = check_fail("%zu bytes in the chains, expected %zu", off, total);
	pattern(want, len, seed);
	if (ok)
		ok = hdr_is(got, flags, (uint16_t)nchains) && memcmp(got + HDR, want, len) == 0;
	free(got);
	free(want);
	return ok;
}

static bool t_rx_mrg(void)
{
	struct fx *f = fx_new(true);
	CHECK(probe(f, ALL_FEATURES, 0, 0));
	struct rxb rb[5];
	for (int i = 0; i < 5; i++)
		rx_post1(f, &rb[i], 1500);
	CHECK(inject_pattern(f, 4000, 11));
	dirty_clear(f);
	virtio_net_process(&f->net);
	CHECK_EQ(used_idx(f, RXQ), 3);
	CHECK(published_at_once(f, 0, 3));
	CHECK(mrg_check(f, rb, 3, VIRTIO_NET_HDR_F_DATA_VALID, 11, 4000));
	CHECK(no_more_used(f, RXQ));
	CHECK_EQ(irq_ack(f), VIRTIO_INT_USED_BUFFER);
	CHECK_EQ(f->irq_raises, 1);
	/* The fourth buffer, untouched, takes the next small frame alone. */
	CHECK_EQ(*gp(f, rb[3].gpa[0]), 0xa5);
	CHECK(inject_pattern(f, 100, 12));
	virtio_net_process(&f->net);
	CHECK(rx_check(f, &rb[3], VIRTIO_NET_HDR_F_DATA_VALID, 12, 100));
	/* A frame that exactly fills two buffers uses two. */
	struct rxb rc[3];
	rc[0] = rb[4];
	rx_post1(f, &rc[1], 1500);
	rx_post1(f, &rc[2], 1500);
	CHECK(inject_pattern(f, 3000 - HDR, 13));
	dirty_clear(f);
	virtio_net_process(&f->net);
	CHECK(published_at_once(f, 4, 6));
	CHECK(mrg_check(f, rc, 2, VIRTIO_NET_HDR_F_DATA_VALID, 13, 3000 - HDR));
	CHECK(no_more_used(f, RXQ));
	CHECK_EQ(f->net.stats.rx_frames, 3);
	CHECK_EQ(f->net.stats.rx_bytes, 4000 + 100 + 3000 - HDR);
	return true;
}

/* num_buffers lands in the first chain even when that chain's header is
 * cut over many buffers. */
static bool t_rx_mrg_header_cut(void)
{
	static const uint32_t l_bytes[] = { 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 988 };
	static const uint32_t l_10[] = { 10, 2, 500 };
	static const uint32_t l_11[] = { 11, 1, 500 };
	static const uint32_t l_5[] = { 5, 600 };
	static const struct { const uint32_t *l; unsigned n; } lay[] = {
		{ l_bytes, 13 }, { l_10, 3 }, { l_11, 3 }, { l_5, 2 },
	};
	for (size_t a = 0; a < sizeof(lay) / sizeof(lay[0]); a++) {
		struct fx *f = fx_new(false);
		CHECK(probe(f, ALL_FEATURES, 0, 0));
		struct rxb rb[4];
		rx_post(f, &rb[0], lay[a].l, lay[a].n);
		for (int i = 1; i < 4; i++)
			rx_post1(f, &rb[i], 1000);
		CHECK(inject_pattern(f, 2500, 40));
		virtio_net_process(&f->net);
		uint32_t first = rb[0].total;
		unsigned n = 1 + (HDR + 2500 - first + 999) / 1000;
		if (!mrg_check(f, rb, n, 0, 40, 2500) || !no_more_used(f, RXQ))
			return check_fail("layout %zu", a);
		fx_free(f);
	}
	return true;
}

/* Not enough buffers: the frame waits, nothing is published; when the
 * driver adds buffers it arrives, then the frames behind it. */
static bool t_rx_mrg_wait(void)
{
	struct fx *f = fx_new(false);
	CHECK(probe(f, ALL_FEATURES, 0, 0));
	struct rxb rb[5];
	rx_post1(f, &rb[0], 1500);
	rx_post1(f, &rb[1], 1500);
	CHECK(inject_pattern(f, 4000, 31));
	CHECK(inject_pattern(f, 500, 32));
	for (int i = 0; i < 3; i++) {
		virtio_net_process(&f->net);
		CHECK_EQ(used_idx(f, RXQ), 0);
		CHECK_EQ(f->irq_raises, 0);
		CHECK_EQ(f->net.backlog_count, 2);
	}
	/* EVENT_IDX: the device asked to hear of the next buffer. */
	CHECK_EQ(r16(f, f->q[RXQ].used + 4 + 8 * f->q[RXQ].num), 2);
	rx_post1(f, &rb[2], 1500);
	rx_post1(f, &rb[3], 1500);
	virtio_net_process(&f->net);
	CHECK_EQ(used_idx(f, RXQ), 4);
	CHECK(mrg_check(f, rb, 3, 0, 31, 4000));
	struct rxb one[1] = { rb[3] };
	CHECK(mrg_check(f, one, 1, 0, 32, 500));
	CHECK(no_more_used(f, RXQ));
	CHECK_EQ(f->net.backlog_count, 0);
	CHECK_EQ(f->net.stats.rx_dropped, 0);
	return true;
}

/* The largest frame over 44 buffers of 1500 bytes. */
static bool t_rx_mrg_max_frame(void)
{
	struct fx *f = fx_new(false);
	CHECK(probe(f, ALL_FEATURES, 64, 0));
	struct rxb rb[64];
	for (int i = 0; i < 50; i++)
		rx_post1(f, &rb[i], 1500);
	CHECK(inject_pattern(f, NET_MAX_FRAME, 60));
	dirty_clear(f);
	virtio_net_process(&f->net);
	unsigned n = (HDR + NET_MAX_FRAME + 1499) / 1500;
	CHECK_EQ(n, 44);
	CHECK_EQ(used_idx(f, RXQ), n);
	CHECK(published_at_once(f, 0, (uint16_t)n));
	CHECK(mrg_check(f, rb, n, 0, 60, NET_MAX_FRAME));
	CHECK(no_more_used(f, RXQ));
	return true;
}

/* A frame larger than all the ring can hold: the ring is full of the
 * device's buffers, so the driver cannot add any; waiting for more wedges
 * receive for good.  The frame should be dropped and the ones behind it
 * delivered. */
static bool t_rx_mrg_frame_over_ring(void)
{
	struct fx *f = fx_new(false);
	CHECK(probe(f, ALL_FEATURES, 8, 0));
	struct rxb rb[8];
	for (int i = 0; i < 8; i++)
		rx_post1(f, &rb[i], 1500);                /* 12000 bytes in all */
	CHECK(inject_pattern(f, 13000, 1));
	CHECK(inject_pattern(f, 100, 2));
	for (int i = 0; i < 4; i++)
		virtio_net_process(&f->net);
	if (used_idx(f, RXQ) == 0)
		return check_fail("nothing delivered: the 13000-byte frame waits for more than "
				  "the full 8-entry ring and blocks the frames behind it "
				  "(backlog %u)", f->net.backlog_count);
	CHECK(mrg_check(f, rb, 1, 0, 2, 100));
	CHECK_EQ(f->net.stats.rx_dropped, 1);
	return true;
}

/* ---- the backlog ------------------------------------------------------ */

static uint32_t backlog_len(unsigned i)
{
	return 60 + (i * 53) % 1400;
}

/* No buffers: frames queue up to VIRTIO_NET_BACKLOG, more are refused, and
 * when buffers come they arrive in order. */
static bool t_backlog(void)
{
	struct fx *f = fx_new(false);
	CHECK(probe(f, NO_MRG, 0, 0));
	for (unsigned i = 0; i < VIRTIO_NET_BACKLOG; i++)
		if (!inject_pattern(f, backlog_len(i), i))
			return check_fail("frame %u refused", i);
	virtio_net_process(&f->net);
	CHECK_EQ(f->net.backlog_count, VIRTIO_NET_BACKLOG);
	CHECK(!inject_pattern(f, 100, 9999));
	CHECK(!inject_pattern(f, 100, 9998));
	CHECK_EQ(f->net.stats.rx_dropped, 2);
	CHECK_EQ(used_idx(f, RXQ), 0);
	/* 100 buffers, then the rest. */
	static struct rxb rb[VIRTIO_NET_BACKLOG];
	for (unsigned i = 0; i < 100; i++)
		rx_post1(f, &rb[i], 1526);
	virtio_net_process(&f->net);
	CHECK_EQ(used_idx(f, RXQ), 100);
	CHECK_EQ(f->net.backlog_count, VIRTIO_NET_BACKLOG - 100);
	for (unsigned i = 0; i < 100; i++)
		if (!rx_check(f, &rb[i], 0, i, backlog_len(i)))
			return check_fail("frame %u", i);
	/* Room again: one more is taken, behind the others. */
	CHECK(inject_pattern(f, 100, 5000));
	for (unsigned i = 100; i < VIRTIO_NET_BACKLOG; i++)
		rx_post1(f, &rb[i], 1526);
	virtio_net_process(&f->net);
	CHECK_EQ(used_idx(f, RXQ), VIRTIO_NET_BACKLOG);
	for (unsigned i = 100; i < VIRTIO_NET_BACKLOG; i++)
		if (!rx_check(f, &rb[i], 0, i, backlog_len(i)))
			return check_fail("frame %u", i);
	CHECK_EQ(f->net.backlog_count, 1);
	struct rxb last;
	rx_post1(f, &last, 1526);
	virtio_net_process(&f->net);
	CHECK(rx_check(f, &last, 0, 5000, 100));
	CHECK_EQ(f->net.stats.rx_frames, VIRTIO_NET_BACKLOG + 1);
	/* Frames still waiting at exit are freed (LeakSanitizer). */
	for (unsigned i = 0; i < 10; i++)
		CHECK(inject_pattern(f, 1000, i));
	return true;
}

/* ---- broken receive chains -------------------------------------------- */

enum rx_bad { RXBAD_READABLE, RXBAD_READABLE_FIRST, RXBAD_HEAD, RXBAD_MRG_SECOND_READABLE,
	      RXBAD_MRG_EMPTY, RXBAD_COUNT };

static bool rx_bad_case(enum rx_bad b)
{
	struct fx *f = fx_new(false);
	CHECK(probe(f, b >= RXBAD_MRG_SECOND_READABLE ? ALL_FEATURES : NO_MRG, 0, 0));
	uint64_t a = galloc(f, 4096);
	struct seg s[2];
	struct rxb good;
	switch (b) {
	case RXBAD_READABLE:               /* readable data, then a writable part */
		s[0] = (struct seg){ a, 1514, false };
		s[1] = (struct seg){ a + 2048, 12, true };
		add_chain(f, RXQ, s, 2);
		break;
	case RXBAD_READABLE_FIRST:
		s[0] = (struct seg){ a, 1526, false };
		add_chain(f, RXQ, s, 1);
		break;
	case RXBAD_HEAD:                   /* the ring names a descriptor past the queue */
		qavail(f, RXQ, (uint16_t)f->q[RXQ].num);
		break;
	case RXBAD_MRG_SECOND_READABLE:
		rx_post1(f, &good, 1500);
		s[0] = (struct seg){ a, 1500, false };
		add_chain(f, RXQ, s, 1);
		break;
	case RXBAD_MRG_EMPTY:
		s[0] = (struct seg){ a, 0, true };
		s[1] = (struct seg){ a, 0, true };
		add_chain(f, RXQ, s, 2);
		break;
	case RXBAD_COUNT:
		break;
	}
	CHECK(inject_pattern(f, b == RXBAD_MRG_SECOND_READABLE ? 2000 : 100, 1));
	CHECK(inject_pattern(f, 100, 2));
	irq_ack(f);
	virtio_net_process(&f->net);
	CHECK(dev_status(f) & NEEDS_RESET);
	CHECK_EQ(f->net.vdev.errors, 1);
	CHECK_EQ(used_idx(f, RXQ), 0);                   /* nothing published */
	CHECK_EQ(irq_ack(f), VIRTIO_INT_CONFIG);
	CHECK_EQ(f->net.backlog_count, 0);                /* the waiting frames dropped */
	CHECK_EQ(f->net.stats.rx_dropped, 2);
	/* Transmit works on. */
	uint8_t h[HDR], fr[60];
	mkhdr(h, 0, 0, 0, 0);
	pattern(fr, 60, 3);
	CHECK(tx_one(f, h, fr, 60, NULL, 0, false));
	CHECK(last_sent_is(f, 1, fr, 60));
	return true;
}

static bool t_rx_bad(void)
{
	static const char *names[RXBAD_COUNT] = {
		"readable data", "all readable", "bad head", "mrg: second chain readable",
		"mrg: no bytes",
	};
	for (int b = 0; b < RXBAD_COUNT; b++) {
		bool ok = rx_bad_case((enum rx_bad)b);
		fx_free(fx_cur);
		if (!ok)
			return check_fail("case: %s", names[b]);
	}
	return true;
}

/* ---- reset ------------------------------------------------------------ */

static bool traffic_works(struct fx *f, unsigned seed, unsigned nsent)
{
	uint8_t h[HDR], fr[128];
	mkhdr(h, 0, 0, 0, 0);
	pattern(fr, sizeof(fr), seed);
	CHECK(tx_one(f, h, fr, sizeof(fr), NULL, 0, false));
	CHECK(last_sent_is(f, nsent, fr, sizeof(fr)));
	struct rxb rb;
	rx_post1(f, &rb, 1526);
	CHECK(inject_pattern(f, 333, seed + 1));
	virtio_net_process(&f->net);
	CHECK(rx_check(f, &rb, 0, seed + 1, 333));
	return true;
}

static bool t_reset(void)
{
	struct fx *f = fx_new(false);
	CHECK(probe(f, ALL_FEATURES, 0, 0));
	CHECK(traffic_works(f, 1, 1));
	CHECK(traffic_works(f, 3, 2));
	/* Chains left in flight, an interrupt pending: reset forgets them. */
	struct rxb rb;
	rx_post1(f, &rb, 1526);
	CHECK(f->irq);
	wr(f, VIRTIO_MMIO_STATUS, 0);
	CHECK_EQ(dev_status(f), 0);
	CHECK_EQ(rd(f, VIRTIO_MMIO_INTERRUPT_STATUS), 0);
	CHECK(!f->irq);
	for (unsigned qi = 0; qi < 2; qi++) {
		wr(f, VIRTIO_MMIO_QUEUE_SEL, qi);
		CHECK_EQ(rd(f, VIRTIO_MMIO_QUEUE_READY), 0);
	}
	virtio_net_process(&f->net);                      /* nothing to do */
	CHECK_EQ(f->fb.nsent, 2);
	/* Re-init (rings zeroed, indices from 0) and it all works again. */
	CHECK(probe(f, ALL_FEATURES, 0, 0));
	CHECK(traffic_works(f, 5, 3));
	CHECK(traffic_works(f, 7, 4));
	/* After DEVICE_NEEDS_RESET too, with other features and sizes. */
	uint64_t a = galloc(f, 64);
	struct seg s = { a, 8, false };
	add_chain(f, TXQ, &s, 1);
	virtio_net_process(&f->net);
	CHECK(dev_status(f) & NEEDS_RESET);
	wr(f, VIRTIO_MMIO_STATUS, 0);
	CHECK_EQ(dev_status(f), 0);
	CHECK(probe(f, NO_MRG & NO_EVIDX, 16, 32));
	CHECK(traffic_works(f, 9, 5));
	CHECK(traffic_works(f, 11, 6));
	/* The MRG setting follows the new negotiation. */
	wr(f, VIRTIO_MMIO_STATUS, 0);
	CHECK(probe(f, ALL_FEATURES, 0, 0));
	struct rxb r2[2];
	rx_post1(f, &r2[0], 1000);
	rx_post1(f, &r2[1], 1000);
	CHECK(inject_pattern(f, 1500, 13));
	virtio_net_process(&f->net);
	CHECK(mrg_check(f, r2, 2, 0, 13, 1500));
	CHECK(no_more_used(f, RXQ));
	CHECK_EQ(f->net.vdev.errors, 1);
	return true;
}

/* ---- dirty logging ---------------------------------------------------- */

static void dirty_begin(struct fx *f)
{
	if (!f->snap && !(f->snap = malloc(RAM_SIZE)))
		abort();
	memcpy(f->snap, f->ram, RAM_SIZE);
	dirty_clear(f);
}

/* Every byte the device changed lies in a range it reported. */
static bool dirty_check(struct fx *f)
{
	CHECK_EQ(f->bad_marks, 0);
	for (uint64_t off = 0; off < RAM_SIZE; off++)
		if (f->ram[off] != f->snap[off] && !byte_reported(f, off)) {
			const char *what = "";
			for (unsigned q = 0; q < 2; q++)
				if (f->q[q].set_up &&
				    RAM_BASE + off - f->q[q].used == 4 + 8ULL * f->q[q].num)
					what = q == RXQ ? " (rx used->avail_event)" : " (tx used->avail_event)";
			return check_fail("the device wrote %#llx%s but did not report it",
					  (unsigned long long)(RAM_BASE + off), what);
		}
	return true;
}

/* Receive buffers (up to the written length, over page boundaries) and the
 * used rings are reported; what the device only read is not. */
static bool dirty_case(uint64_t features)
{
	struct fx *f = fx_new(false);
	CHECK(probe(f, features, 0, 0));
	/* A buffer across a page boundary, one on a page of its own. */
	f->brk = (f->brk + PAGE - 1) / PAGE * PAGE + PAGE - 700;
	struct rxb rb[2];
	rx_post1(f, &rb[0], 1526);
	CHECK((rb[0].gpa[0] + 1000) / PAGE != rb[0].gpa[0] / PAGE);
	f->brk = (f->brk + 2 * PAGE - 1) / PAGE * PAGE;
	static const uint32_t pieces[] = { 12, 3000, 1000, 5000 };
	rx_post(f, &rb[1], pieces, 4);
	f->brk = (f->brk + 2 * PAGE - 1) / PAGE * PAGE;
	uint8_t h[HDR], fr[1000];
	mkhdr(h, 0, 0, 0, 0);
	pattern(fr, sizeof(fr), 1);
	uint64_t txbuf = (f->brk + 63) & ~63ULL;          /* where tx_put's one buffer goes */
	tx_put(f, h, fr, sizeof(fr), NULL, 0, false);
	CHECK(inject_pattern(f, 1000, 2));
	CHECK(inject_pattern(f, 6000, 3));
	dirty_begin(f);
	virtio_net_process(&f->net);
	CHECK_EQ(f->fb.nsent, 1);
	CHECK_EQ(used_idx(f, TXQ), 1);
	CHECK_EQ(used_idx(f, RXQ), 2);
	CHECK(dirty_check(f));
	CHECK(page_dirty(f, rb[0].gpa[0]) && page_dirty(f, rb[0].gpa[0] + 1000));
	/* 12 + 3000 + 1000 + 2000 of the 5000 bytes written */
	for (unsigned i = 0; i < rb[1].n; i++)
		CHECK(page_dirty(f, rb[1].gpa[i]) &&
		      page_dirty(f, rb[1].gpa[i] + (i == 3 ? 2000 : rb[1].len[i]) - 1));
	CHECK(!byte_reported(f, rb[1].gpa[3] + 2000 - RAM_BASE));
	CHECK(page_dirty(f, f->q[RXQ].used) && page_dirty(f, f->q[TXQ].used));
	CHECK(!page_dirty(f, txbuf));
	CHECK(!page_dirty(f, f->q[TXQ].desc) && !page_dirty(f, f->q[TXQ].avail));
	CHECK(!page_dirty(f, f->q[RXQ].desc) && !page_dirty(f, f->q[RXQ].avail));
	/* Exactly the written bytes of each buffer: not the untouched tail. */
	CHECK(!byte_reported(f, rb[0].gpa[0] + HDR + 1000 - RAM_BASE));
	/* The headers: num_buffers 1 either way. */
	CHECK_EQ(r16(f, rb[0].gpa[0] + 10), 1);
	CHECK_EQ(r16(f, rb[1].gpa[0] + 10), 1);
	fx_free(f);
	return true;
}

static bool t_dirty(void)
{
	return dirty_case(NO_EVIDX) && dirty_case(NO_EVIDX & NO_MRG);
}

/* With EVENT_IDX the device writes used->avail_event whenever it finds a
 * ring empty (2.7.10); that write is to guest RAM like any other, and
 * migration needs to hear of it (a stale avail_event on the destination
 * can suppress the driver's next notification).  Here each used ring is
 * placed so that avail_event lies on a page of its own, as it does for a
 * used ring that ends at a page boundary; the device writes nothing else
 * there. */
static bool t_dirty_avail_event(void)
{
	struct fx *f = fx_new(false);
	CHECK(negotiate(f, ALL_FEATURES));
	uint32_t num = VIRTIO_NET_QUEUE_SIZE;
	uint64_t used[2];
	for (unsigned qi = 0; qi < 2; qi++) {
		uint64_t b = RAM_BASE + 0x10000 + 0x30000ULL * qi;
		used[qi] = b + 0x20000 + PAGE - (4 + 8 * num);   /* avail_event on the next page */
		CHECK(setup_queue_at(f, qi, num, b, b + 0x10000, used[qi]));
	}
	driver_ok(f);
	CHECK(traffic_works(f, 1, 1));
	CHECK(traffic_works(f, 3, 2));
	/* One frame to send; one frame to receive and a second one that finds
	 * the receive ring empty. */
	uint8_t h[HDR], fr[60];
	mkhdr(h, 0, 0, 0, 0);
	pattern(fr, sizeof(fr), 5);
	tx_put(f, h, fr, sizeof(fr), NULL, 0, false);
	struct rxb rb;
	rx_post1(f, &rb, 1526);
	CHECK(inject_pattern(f, 70, 6));
	CHECK(inject_pattern(f, 80, 7));
	dirty_begin(f);
	virtio_net_process(&f->net);
	CHECK_EQ(f->fb.nsent, 3);
	CHECK_EQ(used_idx(f, RXQ), 3);
	/* The device asked for a notification at the next entry of each. */
	CHECK_EQ(r16(f, used[TXQ] + 4 + 8 * num), 3);
	CHECK_EQ(r16(f, used[RXQ] + 4 + 8 * num), 3);
	CHECK(dirty_check(f));
	CHECK(page_dirty(f, used[TXQ] + 4 + 8 * num));
	CHECK(page_dirty(f, used[RXQ] + 4 + 8 * num));
	return true;
}

/* Exit frees the frames still waiting (LeakSanitizer) and destroys the
 * backend once. */
static bool t_exit(void)
{
	struct fx *f = fx_new(false);
	CHECK(probe(f, ALL_FEATURES, 0, 0));
	for (unsigned i = 0; i < 20; i++)
		CHECK(inject_pattern(f, 100 + i, i));
	CHECK_EQ(f->net.backlog_count, 20);
	virtio_net_exit(&f->net);
	f->net_up = false;
	CHECK_EQ(f->fb.destroyed, 1);
	CHECK(f->net.be == NULL);
	CHECK_EQ(f->net.backlog_count, 0);
	for (unsigned i = 0; i < VIRTIO_NET_BACKLOG; i++)
		CHECK(f->net.backlog[i].buf == NULL);
	return true;
}

/* ---- main ------------------------------------------------------------- */

static const struct {
	const char *name;
	bool (*fn)(void);
} tests[] = {
#define T(n) { #n, t_##n }
	T(identity), T(features), T(config), T(parse_mac), T(parse_mac_strict),
	T(init_no_backend), T(kick),
	T(tx_layouts), T(tx_batch_wrap), T(tx_csum), T(tx_csum_generic), T(tx_csum_udp_zero),
	T(tx_drop), T(tx_max_frame), T(tx_bad), T(tx_before_driver_ok), T(tx_no_interrupt),
	T(tx_echo), T(vnet_hdr),
	T(rx_basic), T(rx_layouts), T(rx_csum_flags), T(rx_too_big), T(rx_limits),
	T(rx_before_driver_ok),
	T(rx_mrg), T(rx_mrg_header_cut), T(rx_mrg_wait), T(rx_mrg_max_frame),
	T(rx_mrg_frame_over_ring),
	T(backlog), T(rx_bad), T(reset), T(dirty), T(dirty_avail_event), T(exit),
#undef T
};

int main(int argc, char **argv)
{
	int fails = 0;
	for (size_t i = 0; i < sizeof(tests) / sizeof(tests[0]); i++) {
		if (argc > 1 && !strstr(tests[i].name, argv[1]))
			continue;
		cur = tests[i].name;
		fail_reason[0] = 0;
		bool ok = tests[i].fn();
		fx_free(fx_cur);
		if (ok)
			printf("PASS virtio/net.%s\n", tests[i].name);
		else
			printf("FAIL virtio/net.%s (%s)\n", tests[i].name,
			       fail_reason[0] ? fail_reason : "see the log");
		fflush(stdout);
		fails += !ok;
	}
	return fails ? 1 : 0;
}
