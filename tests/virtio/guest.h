/* SPDX-License-Identifier: MIT */
/* A guest-side virtio driver for the tests: a buffer as guest RAM, the real
 * virtio-mmio transport in front of a real device, and the register
 * sequence of Linux's virtio_mmio driver (probe, feature negotiation,
 * queue set-up, notify, interrupt acknowledge). */
#ifndef TESTS_VIRTIO_GUEST_H
#define TESTS_VIRTIO_GUEST_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>

#include "vmm/virtio/core.h"
#include "vmm/virtio/mmio.h"

#define G_RAM_BASE  0x80000000ULL
#define G_RAM_SIZE  (64ULL << 20)
#define G_DIRTY_PAGES (G_RAM_SIZE >> 12)
#define G_DESC      (G_RAM_BASE + 0x00000)
#define G_AVAIL     (G_RAM_BASE + 0x10000)
#define G_USED      (G_RAM_BASE + 0x20000)
#define G_HEAP      (G_RAM_BASE + 0x100000)

struct guest {
	uint8_t *ram;
	struct virtio_mmio t;
	struct virtio_dev *dev;
	bool irq;                 /* the line's level */
	unsigned irq_raises;      /* rising edges seen */
	uint64_t brk;
	uint64_t features;        /* negotiated */
	/* driver view of queue 0 */
	uint32_t num;
	uint16_t avail_idx, last_used, next_desc;
	uint64_t dirty[G_DIRTY_PAGES / 64];  /* pages the device said it wrote */
};

static void g_set_irq(void *opaque, bool level)
{
	struct guest *g = opaque;
	if (level && !g->irq)
		g->irq_raises++;
	g->irq = level;
}

static inline void *g_ptr(struct guest *g, uint64_t gpa)
{
	return g->ram + (gpa - G_RAM_BASE);
}

static inline void g_w16(struct guest *g, uint64_t gpa, uint16_t v) { memcpy(g_ptr(g, gpa), &v, 2); }
static inline void g_w32(struct guest *g, uint64_t gpa, uint32_t v) { memcpy(g_ptr(g, gpa), &v, 4); }
static inline void g_w64(struct guest *g, uint64_t gpa, uint64_t v) { memcpy(g_ptr(g, gpa), &v, 8); }
static inline uint16_t g_r16(struct guest *g, uint64_t gpa) { uint16_t v; memcpy(&v, g_ptr(g, gpa), 2); return v; }
static inline uint32_t g_r32(struct guest *g, uint64_t gpa) { uint32_t v; memcpy(&v, g_ptr(g, gpa), 4); return v; }

static inline uint32_t g_rd(struct guest *g, uint64_t off)
{
	return (uint32_t)virtio_mmio_ops.read(&g->t, off, 4);
}

static inline void g_wr(struct guest *g, uint64_t off, uint32_t v)
{
	virtio_mmio_ops.write(&g->t, off, 4, v);
}

/* The ranges the device reports writing (dirty logging), as pages. */
static inline void g_mark_dirty(void *opaque, uint64_t gpa, uint64_t len)
{
	struct guest *g = opaque;
	for (uint64_t p = gpa >> 12; len && p <= (gpa + len - 1) >> 12; p++)
		if (p - (G_RAM_BASE >> 12) < G_DIRTY_PAGES)
			g->dirty[(p - (G_RAM_BASE >> 12)) / 64] |= 1ULL << ((p - (G_RAM_BASE >> 12)) % 64);
}

static inline bool g_page_dirty(const struct guest *g, uint64_t gpa)
{
	uint64_t p = (gpa - G_RAM_BASE) >> 12;
	return p < G_DIRTY_PAGES && ((g->dirty[p / 64] >> (p % 64)) & 1);
}

/* Map RAM and put dev behind a fresh transport. */
static inline int g_init(struct guest *g, struct virtio_dev *dev)
{
	memset(g, 0, sizeof(*g));
	void *ram = mmap(NULL, G_RAM_SIZE, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (ram == MAP_FAILED)
		return -1;
	g->ram = ram;
	g->dev = dev;
	g->brk = G_HEAP;
	struct virtio_mmio_env env = {
		.mem = { g->ram, G_RAM_BASE, G_RAM_SIZE, g_mark_dirty, g },
		.set_irq = g_set_irq, .irq_opaque = g,
	};
	return virtio_mmio_init(&g->t, dev, &env);
}

static inline void g_exit(struct guest *g)
{
	munmap(g->ram, G_RAM_SIZE);
}

static inline uint64_t g_alloc(struct guest *g, uint64_t size)
{
	uint64_t a = (g->brk + 15) & ~15ULL;
	g->brk = a + size;
	memset(g_ptr(g, a), 0, size);
	return a;
}

/* Linux virtio_mmio probe + virtio core: check the identity registers,
 * reset, ACKNOWLEDGE, DRIVER, read both feature words, write ours,
 * FEATURES_OK and read it back.  Returns false if the device refused. */
static inline bool g_negotiate(struct guest *g, uint64_t want)
{
	if (g_rd(g, VIRTIO_MMIO_MAGIC_VALUE) != VIRTIO_MMIO_MAGIC ||
	    g_rd(g, VIRTIO_MMIO_VERSION_REG) != 2 || g_rd(g, VIRTIO_MMIO_DEVICE_ID) == 0)
		return false;
	g_wr(g, VIRTIO_MMIO_STATUS, 0);
	if (g_rd(g, VIRTIO_MMIO_STATUS) != 0)
		return false;
	g_wr(g, VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE);
	g_wr(g, VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
	g_wr(g, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1);
	uint64_t dev = (uint64_t)g_rd(g, VIRTIO_MMIO_DEVICE_FEATURES) << 32;
	g_wr(g, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
	dev |= g_rd(g, VIRTIO_MMIO_DEVICE_FEATURES);
	g->features = dev & want;
	g_wr(g, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
	g_wr(g, VIRTIO_MMIO_DRIVER_FEATURES, (uint32_t)(g->features >> 32));
	g_wr(g, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
	g_wr(g, VIRTIO_MMIO_DRIVER_FEATURES, (uint32_t)g->features);
	uint32_t s = g_rd(g, VIRTIO_MMIO_STATUS);
	g_wr(g, VIRTIO_MMIO_STATUS, s | VIRTIO_STATUS_FEATURES_OK);
	return g_rd(g, VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_FEATURES_OK;
}

/* Linux vm_setup_vq for queue 0 with explicit addresses. */
static inline bool g_setup_queue_at(struct guest *g, uint32_t num, uint64_t desc,
				    uint64_t avail, uint64_t used)
{
	g_wr(g, VIRTIO_MMIO_QUEUE_SEL, 0);
	if (g_rd(g, VIRTIO_MMIO_QUEUE_READY) != 0)
		return false;
	uint32_t max = g_rd(g, VIRTIO_MMIO_QUEUE_NUM_MAX);
	if (!max)
		return false;
	if (!num)
		num = max;
	g->num = num;
	g->avail_idx = g->last_used = g->next_desc = 0;
	if (desc >= G_RAM_BASE && desc < G_RAM_BASE + G_RAM_SIZE - 0x10000)
		memset(g_ptr(g, desc), 0, 0x10000);
	if (avail >= G_RAM_BASE && avail < G_RAM_BASE + G_RAM_SIZE - 0x10000)
		memset(g_ptr(g, avail), 0, 0x10000);
	if (used >= G_RAM_BASE && used < G_RAM_BASE + G_RAM_SIZE - 0x10000)
		memset(g_ptr(g, used), 0, 0x10000);
	g_wr(g, VIRTIO_MMIO_QUEUE_NUM, num);
	g_wr(g, VIRTIO_MMIO_QUEUE_DESC_LOW, (uint32_t)desc);
	g_wr(g, VIRTIO_MMIO_QUEUE_DESC_HIGH, (uint32_t)(desc >> 32));
	g_wr(g, VIRTIO_MMIO_QUEUE_DRIVER_LOW, (uint32_t)avail);
	g_wr(g, VIRTIO_MMIO_QUEUE_DRIVER_HIGH, (uint32_t)(avail >> 32));
	g_wr(g, VIRTIO_MMIO_QUEUE_DEVICE_LOW, (uint32_t)used);
	g_wr(g, VIRTIO_MMIO_QUEUE_DEVICE_HIGH, (uint32_t)(used >> 32));
	g_wr(g, VIRTIO_MMIO_QUEUE_READY, 1);
	return true;
}

static inline void g_driver_ok(struct guest *g)
{
	g_wr(g, VIRTIO_MMIO_STATUS, g_rd(g, VIRTIO_MMIO_STATUS) | VIRTIO_STATUS_DRIVER_OK);
}

/* The whole probe: negotiate `want`, queue 0 with num entries (0: max). */
static inline bool g_probe(struct guest *g, uint64_t want, uint32_t num)
{
	if (!g_negotiate(g, want) || !g_setup_queue_at(g, num, G_DESC, G_AVAIL, G_USED))
		return false;
	g_driver_ok(g);
	return true;
}

static inline void g_desc_at(struct guest *g, uint64_t table, uint32_t i, uint64_t addr,
			     uint32_t len, uint16_t flags, uint16_t next)
{
	uint64_t d = table + 16ULL * i;
	g_w64(g, d, addr);
	g_w32(g, d + 8, len);
	g_w16(g, d + 12, flags);
	g_w16(g, d + 14, next);
}

static inline void g_desc(struct guest *g, uint32_t i, uint64_t addr, uint32_t len,
			  uint16_t flags, uint16_t next)
{
	g_desc_at(g, G_DESC, i, addr, len, flags, next);
}

/* Put head in the available ring (no notify). */
static inline void g_avail(struct guest *g, uint16_t head)
{
	g_w16(g, G_AVAIL + 4 + 2ULL * (g->avail_idx % g->num), head);
	__atomic_thread_fence(__ATOMIC_RELEASE);
	g->avail_idx++;
	g_w16(g, G_AVAIL + 2, g->avail_idx);
}

static inline void g_notify(struct guest *g)
{
	g_wr(g, VIRTIO_MMIO_QUEUE_NOTIFY, 0);
}

/* The interrupt handler: read InterruptStatus and acknowledge it. */
static inline uint32_t g_irq_ack(struct guest *g)
{
	uint32_t s = g_rd(g, VIRTIO_MMIO_INTERRUPT_STATUS);
	g_wr(g, VIRTIO_MMIO_INTERRUPT_ACK, s);
	return s;
}

static inline uint16_t g_used_idx(struct guest *g)
{
	return g_r16(g, G_USED + 2);
}

/* Take the next used element; false if none. */
static inline bool g_get_used(struct guest *g, uint32_t *id, uint32_t *len)
{
	if (g_used_idx(g) == g->last_used)
		return false;
	uint64_t e = G_USED + 4 + 8ULL * (g->last_used % g->num);
	*id = g_r32(g, e);
	*len = g_r32(g, e + 4);
	g->last_used++;
	return true;
}

#endif
