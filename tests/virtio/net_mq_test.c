// SPDX-License-Identifier: MIT
/* Multiqueue virtio-net, driven as a guest driver would through the real
 * virtio-mmio transport, with fake backends (one per pair) and
 * virtio_net_process() instead of the pair threads.  ASan+UBSan. */
#include <endian.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vmm/virtio/mmio.h"
#include "vmm/virtio/net.h"

#define RAM_BASE 0x80000000ULL
#define RAM_SIZE (8ULL << 20)
#define NQ 17

static int fails;
#define CHECK(c) do { if (!(c)) { fprintf(stderr, "%s:%d: CHECK(%s) failed\n", __FILE__, \
	__LINE__, #c); fails++; return false; } } while (0)

struct fb {
	struct net_backend be;
	unsigned sent, enable_calls;
	int enabled;
	int fail_enable;
};

static void fb_fill(struct net_backend *be, struct net_pollset *ps, int *t, bool c)
{
	(void)be, (void)ps, (void)t, (void)c;
}
static void fb_done(struct net_backend *be, const struct net_pollset *ps) { (void)be, (void)ps; }
static void fb_send(struct net_backend *be, const uint8_t *f, size_t len)
{
	(void)f, (void)len;
	((struct fb *)be)->sent++;
}
static void fb_destroy(struct net_backend *be) { (void)be; }
static int fb_enable(struct net_backend *be, bool on)
{
	struct fb *b = (struct fb *)be;
	b->enable_calls++;
	if (on && b->fail_enable)
		return -EIO;
	b->enabled = on;
	return 0;
}
static const struct net_backend_ops fb_ops = { "fake", fb_fill, fb_done, fb_send, fb_destroy };

struct dq { uint32_t num; uint64_t desc, avail, used; uint16_t aidx, last_used, next; };

struct fx {
	uint8_t *ram;
	struct virtio_mmio t;
	struct virtio_net net;
	struct fb fb[8];
	struct dq q[NQ];
	uint64_t brk;
	unsigned pairs;
};

static uint8_t *gp(struct fx *f, uint64_t a) { return f->ram + (a - RAM_BASE); }
static void w16(struct fx *f, uint64_t a, uint16_t v) { v = htole16(v); memcpy(gp(f, a), &v, 2); }
static void w32(struct fx *f, uint64_t a, uint32_t v) { v = htole32(v); memcpy(gp(f, a), &v, 4); }
static void w64(struct fx *f, uint64_t a, uint64_t v) { v = htole64(v); memcpy(gp(f, a), &v, 8); }
static uint16_t r16(struct fx *f, uint64_t a) { uint16_t v; memcpy(&v, gp(f, a), 2); return le16toh(v); }
static uint32_t r32(struct fx *f, uint64_t a) { uint32_t v; memcpy(&v, gp(f, a), 4); return le32toh(v); }
static uint32_t rd(struct fx *f, uint64_t o) { return (uint32_t)virtio_mmio_ops.read(&f->t, o, 4); }
static void wr(struct fx *f, uint64_t o, uint32_t v) { virtio_mmio_ops.write(&f->t, o, 4, v); }
static void irq(void *o, bool l) { (void)o, (void)l; }

static uint64_t galloc(struct fx *f, uint64_t n)
{
	uint64_t a = (f->brk + 63) & ~63ULL;
	f->brk = a + n + 64;
	memset(gp(f, a), 0, n);
	return a;
}

static struct fx *fx_new(unsigned pairs)
{
	struct fx *f = calloc(1, sizeof(*f));
	f->ram = calloc(1, RAM_SIZE);
	f->brk = RAM_BASE + 0x200000;
	f->pairs = pairs;
	struct virtio_net_opts o = { .mac = { 0x52, 0x54, 0, 1, 2, 3 }, .nr_pairs = pairs };
	for (unsigned i = 0; i < pairs; i++) {
		f->fb[i].be.ops = &fb_ops;
		f->fb[i].be.vnet_hdr = true;
		f->fb[i].be.set_queue_enabled = fb_enable;
		f->fb[i].enabled = 1;
		o.backends[i] = &f->fb[i].be;
	}
	if (virtio_net_init(&f->net, &o) < 0)
		abort();
	f->net.vdev.log = NULL;
	struct virtio_mmio_env env = { .mem = { f->ram, RAM_BASE, RAM_SIZE, NULL, NULL },
				       .set_irq = irq, .irq_opaque = f };
	if (virtio_mmio_init(&f->t, &f->net.vdev, &env) < 0)
		abort();
	return f;
}

static void fx_free(struct fx *f)
{
	virtio_net_exit(&f->net);
	free(f->ram);
	free(f);
}

static uint64_t dev_features(struct fx *f)
{
	wr(f, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1);
	uint64_t d = (uint64_t)rd(f, VIRTIO_MMIO_DEVICE_FEATURES) << 32;
	wr(f, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
	return d | rd(f, VIRTIO_MMIO_DEVICE_FEATURES);
}

static bool negotiate(struct fx *f, uint64_t want)
{
	wr(f, VIRTIO_MMIO_STATUS, 0);
	wr(f, VIRTIO_MMIO_STATUS, 3);
	uint64_t feat = dev_features(f) & want;
	wr(f, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
	wr(f, VIRTIO_MMIO_DRIVER_FEATURES, (uint32_t)(feat >> 32));
	wr(f, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
	wr(f, VIRTIO_MMIO_DRIVER_FEATURES, (uint32_t)feat);
	wr(f, VIRTIO_MMIO_STATUS, 3 | VIRTIO_STATUS_FEATURES_OK);
	return rd(f, VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_FEATURES_OK;
}

static bool setup_q(struct fx *f, unsigned qi)
{
	wr(f, VIRTIO_MMIO_QUEUE_SEL, qi);
	uint32_t num = rd(f, VIRTIO_MMIO_QUEUE_NUM_MAX);
	if (!num)
		return false;
	struct dq *q = &f->q[qi];
	*q = (struct dq){ .num = num };
	q->desc = galloc(f, 16 * num);
	q->avail = galloc(f, 6 + 2 * num);
	q->used = galloc(f, 6 + 8 * num);
	wr(f, VIRTIO_MMIO_QUEUE_NUM, num);
	wr(f, VIRTIO_MMIO_QUEUE_DESC_LOW, (uint32_t)q->desc);
	wr(f, VIRTIO_MMIO_QUEUE_DESC_HIGH, (uint32_t)(q->desc >> 32));
	wr(f, VIRTIO_MMIO_QUEUE_DRIVER_LOW, (uint32_t)q->avail);
	wr(f, VIRTIO_MMIO_QUEUE_DRIVER_HIGH, (uint32_t)(q->avail >> 32));
	wr(f, VIRTIO_MMIO_QUEUE_DEVICE_LOW, (uint32_t)q->used);
	wr(f, VIRTIO_MMIO_QUEUE_DEVICE_HIGH, (uint32_t)(q->used >> 32));
	wr(f, VIRTIO_MMIO_QUEUE_READY, 1);
	return rd(f, VIRTIO_MMIO_QUEUE_READY) == 1;
}

static bool probe(struct fx *f, uint64_t want, unsigned nq)
{
	if (!negotiate(f, want))
		return false;
	for (unsigned i = 0; i < nq; i++)
		if (!setup_q(f, i))
			return false;
	wr(f, VIRTIO_MMIO_STATUS, rd(f, VIRTIO_MMIO_STATUS) | VIRTIO_STATUS_DRIVER_OK);
	return (rd(f, VIRTIO_MMIO_STATUS) & (4 | 64)) == 4;
}

struct seg { uint64_t gpa; uint32_t len; bool write; };

static void add_chain(struct fx *f, unsigned qi, const struct seg *s, unsigned n)
{
	struct dq *q = &f->q[qi];
	uint16_t head = q->next;
	for (unsigned i = 0; i < n; i++) {
		uint64_t d = q->desc + 16ULL * ((head + i) % q->num);
		bool more = i + 1 < n;
		w64(f, d, s[i].gpa);
		w32(f, d + 8, s[i].len);
		w16(f, d + 12, (uint16_t)((s[i].write ? 2 : 0) | (more ? 1 : 0)));
		w16(f, d + 14, more ? (uint16_t)((head + i + 1) % q->num) : 0);
	}
	q->next = (uint16_t)((head + n) % q->num);
	w16(f, q->avail + 4 + 2ULL * (q->aidx % q->num), head);
	q->aidx++;
	w16(f, q->avail + 2, q->aidx);
}

static bool get_used(struct fx *f, unsigned qi, uint32_t *len)
{
	struct dq *q = &f->q[qi];
	if (r16(f, q->used + 2) == q->last_used)
		return false;
	*len = r32(f, q->used + 4 + 8ULL * (q->last_used % q->num) + 4);
	q->last_used++;
	return true;
}

/* A control command: out bytes, then an ack buffer of acklen (0: none).
 * Returns the ack, -1 if nothing came back, -2 if the ack buffer was
 * untouched. */
static int ctrl(struct fx *f, unsigned ci, const uint8_t *cmd, uint32_t len, uint32_t acklen)
{
	uint64_t c = galloc(f, len ? len : 1), a = galloc(f, 8);
	memcpy(gp(f, c), cmd, len);
	*gp(f, a) = 0xee;
	struct seg s[2] = { { c, len, false }, { a, acklen, true } };
	add_chain(f, ci, s, acklen ? 2 : 1);
	wr(f, VIRTIO_MMIO_QUEUE_NOTIFY, ci);
	uint32_t ul;
	if (!get_used(f, ci, &ul))
		return -1;
	if (ul != 1 || *gp(f, a) == 0xee)
		return -2;
	return *gp(f, a);
}

static int set_pairs(struct fx *f, unsigned ci, uint16_t n)
{
	uint8_t cmd[4] = { VIRTIO_NET_CTRL_MQ, VIRTIO_NET_CTRL_MQ_VQ_PAIRS_SET, (uint8_t)n,
			   (uint8_t)(n >> 8) };
	return ctrl(f, ci, cmd, 4, 1);
}

#define ALL (~0ULL)
#define F(b) VIRTIO_BIT(b)

static bool t_single_unchanged(void)
{
	struct fx *f = fx_new(1);
	uint64_t d = dev_features(f);
	CHECK(!(d & F(VIRTIO_NET_F_MQ)) && !(d & F(VIRTIO_NET_F_CTRL_VQ)));
	wr(f, VIRTIO_MMIO_QUEUE_SEL, 2);
	CHECK(rd(f, VIRTIO_MMIO_QUEUE_NUM_MAX) == 0);
	CHECK(virtio_mmio_ops.read(&f->t, VIRTIO_MMIO_CONFIG + 8, 2) == 0);   /* beyond config */
	CHECK(f->net.vdev.ops->no_snapshot == NULL);
	fx_free(f);
	return true;
}

static bool t_layout(void)
{
	struct fx *f = fx_new(3);
	uint64_t d = dev_features(f);
	CHECK((d & F(VIRTIO_NET_F_MQ)) && (d & F(VIRTIO_NET_F_CTRL_VQ)));
	CHECK(!(d & (F(18) | F(19) | F(20) | F(21) | F(23))));   /* no CTRL_RX/VLAN/... */
	CHECK(virtio_mmio_ops.read(&f->t, VIRTIO_MMIO_CONFIG + 8, 2) == 3);
	for (unsigned i = 0; i < 6; i++) {
		wr(f, VIRTIO_MMIO_QUEUE_SEL, i);
		CHECK(rd(f, VIRTIO_MMIO_QUEUE_NUM_MAX) == VIRTIO_NET_QUEUE_SIZE);
	}
	wr(f, VIRTIO_MMIO_QUEUE_SEL, 6);
	CHECK(rd(f, VIRTIO_MMIO_QUEUE_NUM_MAX) == VIRTIO_NET_CTRL_QUEUE_SIZE);
	wr(f, VIRTIO_MMIO_QUEUE_SEL, 7);
	CHECK(rd(f, VIRTIO_MMIO_QUEUE_NUM_MAX) == 0);
	CHECK(f->net.vdev.ops->no_snapshot != NULL);
	/* Pairs 1, 2 start off; MQ without CTRL_VQ is refused. */
	CHECK(f->fb[0].enabled == 1 && f->fb[1].enabled == 0 && f->fb[2].enabled == 0);
	CHECK(!negotiate(f, ALL & ~F(VIRTIO_NET_F_CTRL_VQ)));
	fx_free(f);
	return true;
}

static bool t_set_pairs(void)
{
	struct fx *f = fx_new(3);
	CHECK(probe(f, ALL, 7));
	CHECK(f->net.curr_pairs == 1);
	CHECK(set_pairs(f, 6, 2) == VIRTIO_NET_OK);
	CHECK(f->net.curr_pairs == 2 && f->fb[1].enabled == 1 && f->fb[2].enabled == 0);
	CHECK(set_pairs(f, 6, 3) == VIRTIO_NET_OK);
	CHECK(f->net.curr_pairs == 3 && f->fb[2].enabled == 1);
	CHECK(set_pairs(f, 6, 0) == VIRTIO_NET_ERR);
	CHECK(set_pairs(f, 6, 4) == VIRTIO_NET_ERR);
	CHECK(set_pairs(f, 6, 0x8000) == VIRTIO_NET_ERR);
	CHECK(f->net.curr_pairs == 3);
	CHECK(set_pairs(f, 6, 1) == VIRTIO_NET_OK);
	CHECK(f->net.curr_pairs == 1 && f->fb[1].enabled == 0 && f->fb[2].enabled == 0);
	/* A backend that cannot be switched on: ERR, nothing changed. */
	f->fb[2].fail_enable = 1;
	CHECK(set_pairs(f, 6, 3) == VIRTIO_NET_ERR);
	CHECK(f->net.curr_pairs == 1 && f->fb[1].enabled == 0);
	f->fb[2].fail_enable = 0;
	CHECK(set_pairs(f, 6, 3) == VIRTIO_NET_OK);
	/* Reset: one pair again. */
	wr(f, VIRTIO_MMIO_STATUS, 0);
	CHECK(f->net.curr_pairs == 1 && f->fb[1].enabled == 0 && f->fb[2].enabled == 0);
	CHECK(f->net.ctrl_index == -1);
	CHECK(f->net.vdev.errors == 0);
	fx_free(f);
	return true;
}

static bool t_bad_commands(void)
{
	struct fx *f = fx_new(2);
	CHECK(probe(f, ALL, 5));
	uint8_t c5[5] = { VIRTIO_NET_CTRL_MQ, 0, 2, 0, 0 };
	CHECK(ctrl(f, 4, c5, 5, 1) == VIRTIO_NET_ERR);     /* oversized */
	CHECK(ctrl(f, 4, c5, 3, 1) == VIRTIO_NET_ERR);     /* short */
	CHECK(ctrl(f, 4, c5, 1, 1) == VIRTIO_NET_ERR);     /* no command byte */
	CHECK(ctrl(f, 4, c5, 0, 1) == VIRTIO_NET_ERR);     /* nothing readable */
	uint8_t rx[3] = { 0, 0, 1 };                         /* CTRL_RX PROMISC */
	CHECK(ctrl(f, 4, rx, 3, 1) == VIRTIO_NET_ERR);
	uint8_t mac[2] = { 1, 1 };                           /* CTRL_MAC ADDR_SET */
	CHECK(ctrl(f, 4, mac, 2, 1) == VIRTIO_NET_ERR);
	uint8_t other[4] = { VIRTIO_NET_CTRL_MQ, 1, 2, 0 }; /* RSS_CONFIG */
	CHECK(ctrl(f, 4, other, 4, 1) == VIRTIO_NET_ERR);
	CHECK(f->net.curr_pairs == 1);
	/* A big ack buffer is fine: one byte written. */
	uint8_t ok[4] = { VIRTIO_NET_CTRL_MQ, 0, 2, 0 };
	CHECK(ctrl(f, 4, ok, 4, 8) == VIRTIO_NET_OK);
	CHECK(f->net.vdev.errors == 0);
	/* Split over descriptors: class | cmd+data. */
	{
		uint64_t a = galloc(f, 1), b = galloc(f, 3), k = galloc(f, 1);
		memcpy(gp(f, a), ok, 1);
		memcpy(gp(f, b), ok + 1, 3);
		w16(f, b + 1, 1);
		struct seg s[3] = { { a, 1, false }, { b, 3, false }, { k, 1, true } };
		add_chain(f, 4, s, 3);
		wr(f, VIRTIO_MMIO_QUEUE_NOTIFY, 4);
		uint32_t ul;
		CHECK(get_used(f, 4, &ul) && ul == 1 && *gp(f, k) == VIRTIO_NET_OK);
		CHECK(f->net.curr_pairs == 1);
	}
	/* No ack byte: the control queue breaks. */
	CHECK(ctrl(f, 4, ok, 4, 0) == -1);
	CHECK(f->net.vdev.errors == 1);
	CHECK(rd(f, VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_DEVICE_NEEDS_RESET);
	fx_free(f);
	return true;
}

/* CTRL_VQ without MQ: the control queue is index 2, VQ_PAIRS_SET is
 * refused, the guest has one pair. */
static bool t_ctrl_without_mq(void)
{
	struct fx *f = fx_new(2);
	CHECK(probe(f, ALL & ~F(VIRTIO_NET_F_MQ), 3));
	CHECK(f->net.ctrl_index == 2);
	CHECK(set_pairs(f, 2, 2) == VIRTIO_NET_ERR);
	CHECK(set_pairs(f, 2, 1) == VIRTIO_NET_ERR);
	CHECK(f->net.curr_pairs == 1);
	/* Through pair 1's kick eventfd (its ioeventfd), as the thread does. */
	uint8_t ok[4] = { VIRTIO_NET_CTRL_MQ, 0, 1, 0 };
	uint64_t c = galloc(f, 4), a = galloc(f, 1);
	memcpy(gp(f, c), ok, 4);
	struct seg s[2] = { { c, 4, false }, { a, 1, true } };
	add_chain(f, 2, s, 2);
	virtio_net_process(&f->net);
	uint32_t ul;
	CHECK(get_used(f, 2, &ul) && *gp(f, a) == VIRTIO_NET_ERR);
	/* Neither: no control queue at all. */
	CHECK(probe(f, ALL & ~F(VIRTIO_NET_F_MQ) & ~F(VIRTIO_NET_F_CTRL_VQ), 2));
	CHECK(f->net.ctrl_index == -1);
	CHECK(f->net.vdev.errors == 0);
	fx_free(f);
	return true;
}

static void frame(struct fx *f, uint64_t a, uint32_t len)
{
	memset(gp(f, a), 0, 12);
	for (uint32_t i = 12; i < len; i++)
		*gp(f, a + i) = (uint8_t)i;
}

/* Traffic: each pair transmits through its own backend, frames handed up
 * by backend i land in receive queue i, and a pair not in use neither
 * sends nor receives. */
static bool t_routing(void)
{
	struct fx *f = fx_new(2);
	CHECK(probe(f, ALL, 5));
	uint64_t t = galloc(f, 100);
	frame(f, t, 100);
	/* Pair 1 not in use: its transmit chain is dropped, its backend
	 * sends nothing, its receive takes nothing. */
	struct seg s = { t, 100, false };
	add_chain(f, 3, &s, 1);
	wr(f, VIRTIO_MMIO_QUEUE_NOTIFY, 3);
	virtio_net_process(&f->net);
	uint32_t ul;
	CHECK(get_used(f, 3, &ul));
	CHECK(f->fb[1].sent == 0 && f->fb[0].sent == 0);
	CHECK(f->net.pairs[1].stats.tx_errors == 1);
	uint8_t fr[12 + 60] = { 0 };
	CHECK(!f->fb[1].be.has_room(f->fb[1].be.opaque));
	CHECK(!f->fb[1].be.receive(f->fb[1].be.opaque, fr, sizeof(fr)));

	CHECK(set_pairs(f, 4, 2) == VIRTIO_NET_OK);
	add_chain(f, 3, &s, 1);
	add_chain(f, 1, &s, 1);
	add_chain(f, 3, &s, 1);
	virtio_net_process(&f->net);
	CHECK(f->fb[0].sent == 1 && f->fb[1].sent == 2);
	/* Receive buffers on both pairs; a frame from backend 1 goes to rx 2. */
	for (unsigned q = 0; q < 4; q += 2) {
		struct seg r = { galloc(f, 2048), 2048, true };
		add_chain(f, q, &r, 1);
	}
	CHECK(f->fb[1].be.has_room(f->fb[1].be.opaque));
	CHECK(f->fb[1].be.receive(f->fb[1].be.opaque, fr, sizeof(fr)));
	CHECK(f->net.backlog_count == 1);
	virtio_net_process(&f->net);
	CHECK(get_used(f, 2, &ul) && ul == sizeof(fr));
	CHECK(!get_used(f, 0, &ul));
	CHECK(f->net.pairs[1].stats.rx_frames == 1 && f->net.pairs[0].stats.rx_frames == 0);
	CHECK(f->net.stats.rx_frames == 1 && f->net.stats.tx_frames == 3);
	/* Back to one pair: a frame already waiting on pair 1 is not
	 * delivered (5.1.6.5.5). */
	struct seg r2 = { galloc(f, 2048), 2048, true };
	add_chain(f, 2, &r2, 1);
	CHECK(f->fb[1].be.receive(f->fb[1].be.opaque, fr, sizeof(fr)));
	CHECK(set_pairs(f, 4, 1) == VIRTIO_NET_OK);
	virtio_net_process(&f->net);
	CHECK(!get_used(f, 2, &ul));
	CHECK(f->net.vdev.errors == 0);
	fx_free(f);
	return true;
}

int main(void)
{
	struct { const char *n; bool (*fn)(void); } t[] = {
		{ "single_unchanged", t_single_unchanged }, { "layout", t_layout },
		{ "set_pairs", t_set_pairs }, { "bad_commands", t_bad_commands },
		{ "ctrl_without_mq", t_ctrl_without_mq }, { "routing", t_routing },
	};
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		int before = fails;
		t[i].fn();
		printf("%s virtio/net-mq.%s\n", fails == before ? "PASS" : "FAIL", t[i].n);
	}
	return fails ? 1 : 0;
}
