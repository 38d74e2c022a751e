// SPDX-License-Identifier: MIT
/* The virtio core: status, features, configuration space and split
 * virtqueues (virtio 1.2, sections 2 and 3).  See core.h for the model.
 *
 * Guest memory may change under us (other vCPUs, or the guest's own DMA
 * target overlapping its rings), so every descriptor is copied out once and
 * only the copy is used; ring indices are read with atomics and ordered
 * with fences as 2.7.13 requires. */
#include "vmm/virtio/core.h"

#include <endian.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* Ring field addresses (2.7.6, 2.7.8). */
#define AVAIL_FLAGS(vq)       ((vq)->avail)
#define AVAIL_IDX(vq)         ((vq)->avail + 2)
#define AVAIL_RING(vq, i)     ((vq)->avail + 4 + 2 * (size_t)(i))
#define AVAIL_USED_EVENT(vq)  ((vq)->avail + 4 + 2 * (size_t)(vq)->num)
#define USED_IDX(vq)          ((vq)->used + 2)
#define USED_RING(vq, i)      ((vq)->used + 4 + VIRTQ_USED_ELEM_SIZE * (size_t)(i))
#define USED_AVAIL_EVENT(vq)  ((vq)->used + 4 + VIRTQ_USED_ELEM_SIZE * (size_t)(vq)->num)

/* The areas are aligned (checked when the queue is enabled), so 16-bit
 * fields can be accessed atomically. */
static inline uint16_t ring_load16(const uint8_t *p, int order)
{
	return le16toh(__atomic_load_n((const uint16_t *)(const void *)p, order));
}

static inline void ring_store16(uint8_t *p, uint16_t v, int order)
{
	__atomic_store_n((uint16_t *)(void *)p, htole16(v), order);
}

struct virtq_desc {
	uint64_t addr;
	uint32_t len;
	uint16_t flags;
	uint16_t next;
};

static inline void desc_read(const uint8_t *table, uint32_t i, struct virtq_desc *d)
{
	uint8_t raw[VIRTQ_DESC_SIZE];
	memcpy(raw, table + (size_t)i * VIRTQ_DESC_SIZE, sizeof(raw));
	memcpy(&d->addr, raw, 8);
	memcpy(&d->len, raw + 8, 4);
	memcpy(&d->flags, raw + 12, 2);
	memcpy(&d->next, raw + 14, 2);
	d->addr = le64toh(d->addr);
	d->len = le32toh(d->len);
	d->flags = le16toh(d->flags);
	d->next = le16toh(d->next);
}

static void virtio_vq_clear(struct virtqueue *vq)
{
	vq->ready = false;
	vq->broken = false;
	vq->num = vq->num_max;
	vq->desc_gpa = vq->avail_gpa = vq->used_gpa = 0;
	vq->desc = vq->avail = vq->used = NULL;
	vq->last_avail = vq->used_idx = vq->signalled_used = 0;
	vq->need_signal = false;
	vq->budget = 0;
	vq->pending = false;
}

int virtio_dev_init(struct virtio_dev *dev, const struct virtio_dev_ops *ops,
		    uint64_t dev_features, uint32_t config_size,
		    unsigned nvqs, const uint16_t *num_max)
{
	memset(dev, 0, sizeof(*dev));
	pthread_mutex_init(&dev->lock, NULL);
	if (!ops || !ops->queue_notify || (config_size && !ops->config_read) || !nvqs)
		return -EINVAL;
	for (unsigned i = 0; i < nvqs; i++) {
		uint32_t n = num_max[i];
		if (!n || n > VIRTQ_MAX_SIZE || (n & (n - 1)))
			return -EINVAL;
	}
	dev->vqs = calloc(nvqs, sizeof(*dev->vqs));
	if (!dev->vqs)
		return -ENOMEM;
	dev->nvqs = nvqs;
	for (unsigned i = 0; i < nvqs; i++) {
		struct virtqueue *vq = &dev->vqs[i];
		vq->index = (uint16_t)i;
		vq->num_max = num_max[i];
		vq->iov = calloc(num_max[i], sizeof(*vq->iov));
		if (!vq->iov) {
			virtio_dev_exit(dev);
			return -ENOMEM;
		}
		virtio_vq_clear(vq);
	}
	dev->ops = ops;
	dev->device_features = dev_features | VIRTIO_BIT(VIRTIO_F_VERSION_1) |
			       VIRTIO_BIT(VIRTIO_F_INDIRECT_DESC) | VIRTIO_BIT(VIRTIO_F_EVENT_IDX);
	dev->config_size = config_size;
	dev->log = stderr;
	return 0;
}

void virtio_dev_exit(struct virtio_dev *dev)
{
	if (dev->vqs)
		for (unsigned i = 0; i < dev->nvqs; i++)
			free(dev->vqs[i].iov);
	free(dev->vqs);
	dev->vqs = NULL;
	dev->nvqs = 0;
	pthread_mutex_destroy(&dev->lock);
}

void virtio_dev_bind(struct virtio_dev *dev, const struct virtio_mem *mem,
		     const struct virtio_transport *t)
{
	dev->mem = *mem;
	dev->transport = *t;
}

static void virtio_dev_signal(struct virtio_dev *dev, uint32_t reasons)
{
	if (dev->transport.signal)
		dev->transport.signal(dev->transport.opaque, reasons);
}

/* 2.4: the device forgets everything the driver set up. */
void virtio_dev_reset(struct virtio_dev *dev)
{
	dev->status = 0;
	dev->driver_features = 0;
	dev->pending = false;
	for (unsigned i = 0; i < dev->nvqs; i++)
		virtio_vq_clear(&dev->vqs[i]);
	if (dev->ops->reset)
		dev->ops->reset(dev);
}

void virtio_dev_fail(struct virtio_dev *dev, struct virtqueue *vq, const char *fmt, ...)
{
	dev->errors++;
	if (vq)
		vq->broken = true;
	if (dev->log && !dev->logged) {
		va_list ap;
		dev->logged = true;
		fprintf(dev->log, "rvkvm: virtio-%s", dev->ops->name);
		if (vq)
			fprintf(dev->log, " queue %u", vq->index);
		fputs(": ", dev->log);
		va_start(ap, fmt);
		vfprintf(dev->log, fmt, ap);
		va_end(ap);
		fputs("; device needs reset (further errors of this device are not logged)\n",
		      dev->log);
		fflush(dev->log);
	}
	/* 2.1.2: set DEVICE_NEEDS_RESET; with DRIVER_OK set, send a
	 * configuration change notification (else it goes out on DRIVER_OK). */
	if (!(dev->status & VIRTIO_STATUS_DEVICE_NEEDS_RESET)) {
		dev->status |= VIRTIO_STATUS_DEVICE_NEEDS_RESET;
		if (dev->status & VIRTIO_STATUS_DRIVER_OK)
			virtio_dev_signal(dev, VIRTIO_INT_CONFIG);
	}
}

void virtio_dev_config_changed(struct virtio_dev *dev)
{
	dev->config_generation++;
	if (dev->status & VIRTIO_STATUS_DRIVER_OK)
		virtio_dev_signal(dev, VIRTIO_INT_CONFIG);
}

uint32_t virtio_dev_get_features(struct virtio_dev *dev, unsigned word)
{
	return word < 2 ? (uint32_t)(dev->device_features >> (32 * word)) : 0;
}

/* 3.1.1: features are only written before FEATURES_OK. */
void virtio_dev_set_features(struct virtio_dev *dev, unsigned word, uint32_t val)
{
	if (word >= 2 || (dev->status & VIRTIO_STATUS_FEATURES_OK))
		return;
	unsigned shift = 32 * word;
	dev->driver_features = (dev->driver_features & ~(0xffffffffULL << shift)) |
			       ((uint64_t)val << shift);
}

/* 2.2.1, 6.1: a subset of what we offer, and a modern driver. */
static bool virtio_dev_features_ok(struct virtio_dev *dev)
{
	uint64_t f = dev->driver_features;
	if (f & ~dev->device_features)
		return false;
	if (!(f & VIRTIO_BIT(VIRTIO_F_VERSION_1)))
		return false;
	return !dev->ops->features_ok || dev->ops->features_ok(dev, f);
}

/* 2.1, 3.1.1.  The driver only adds bits; 0 resets the device.
 * DEVICE_NEEDS_RESET belongs to the device: the driver cannot set it. */
void virtio_dev_set_status(struct virtio_dev *dev, uint8_t status)
{
	if (!status) {
		virtio_dev_reset(dev);
		return;
	}
	status &= (uint8_t)~VIRTIO_STATUS_DEVICE_NEEDS_RESET;
	uint8_t old = dev->status, new = old | status;
	if ((new & VIRTIO_STATUS_FEATURES_OK) && !(old & VIRTIO_STATUS_FEATURES_OK) &&
	    !virtio_dev_features_ok(dev))
		new &= (uint8_t)~VIRTIO_STATUS_FEATURES_OK;  /* the driver reads it back */
	dev->status = new;
	if (!(new & VIRTIO_STATUS_DRIVER_OK) || (old & VIRTIO_STATUS_DRIVER_OK))
		return;
	if (!(new & VIRTIO_STATUS_FEATURES_OK)) {
		virtio_dev_fail(dev, NULL, "DRIVER_OK without FEATURES_OK (a legacy driver? "
				"this device is virtio 1.x only)");
		return;
	}
	if (new & VIRTIO_STATUS_DEVICE_NEEDS_RESET) {
		virtio_dev_signal(dev, VIRTIO_INT_CONFIG);
		return;
	}
	if (dev->ops->driver_ok) {
		dev->ops->driver_ok(dev);
		if (dev->status & VIRTIO_STATUS_DEVICE_NEEDS_RESET)
			return;
	}
	/* Buffers made available before DRIVER_OK were not consumed (3.1.1):
	 * look at every queue now. */
	for (unsigned i = 0; i < dev->nvqs; i++)
		virtio_dev_queue_notify(dev, i);
}

void virtio_dev_config_read(struct virtio_dev *dev, uint32_t off, void *buf, uint32_t len)
{
	memset(buf, 0, len);
	if (off >= dev->config_size)
		return;
	uint32_t n = dev->config_size - off < len ? dev->config_size - off : len;
	dev->ops->config_read(dev, off, buf, n);
}

void virtio_dev_config_write(struct virtio_dev *dev, uint32_t off, const void *buf, uint32_t len)
{
	if (off >= dev->config_size || !dev->ops->config_write)
		return;
	uint32_t n = dev->config_size - off < len ? dev->config_size - off : len;
	dev->ops->config_write(dev, off, buf, n);
}

struct virtqueue *virtio_dev_vq(struct virtio_dev *dev, uint32_t index)
{
	return index < dev->nvqs ? &dev->vqs[index] : NULL;
}

/* QueueReady = 1: check size (2.7: a power of two, at most QueueNumMax),
 * alignment (2.7.1: 16, 2 and 4 bytes) and that the three areas lie in
 * guest RAM; then the queue is ready.  The indices start from zero. */
void virtio_vq_set_ready(struct virtio_dev *dev, struct virtqueue *vq, bool ready)
{
	if (!ready) {
		vq->ready = false;
		vq->desc = vq->avail = vq->used = NULL;
		return;
	}
	if (vq->ready)
		return;
	vq->ready = true;
	if (vq->broken)
		return;
	uint32_t n = vq->num;
	if (!n || n > vq->num_max || (n & (n - 1))) {
		virtio_dev_fail(dev, vq, "queue size %u is not a power of two in 1..%u",
				n, vq->num_max);
		return;
	}
	if ((vq->desc_gpa & 15) || (vq->avail_gpa & 1) || (vq->used_gpa & 3)) {
		virtio_dev_fail(dev, vq, "misaligned ring (desc %#llx, driver %#llx, device %#llx)",
				(unsigned long long)vq->desc_gpa, (unsigned long long)vq->avail_gpa,
				(unsigned long long)vq->used_gpa);
		return;
	}
	uint8_t *desc = virtio_mem_ptr(&dev->mem, vq->desc_gpa, (uint64_t)VIRTQ_DESC_SIZE * n);
	uint8_t *avail = virtio_mem_ptr(&dev->mem, vq->avail_gpa, 6 + 2ULL * n);
	uint8_t *used = virtio_mem_ptr(&dev->mem, vq->used_gpa, 6 + (uint64_t)VIRTQ_USED_ELEM_SIZE * n);
	if (!desc || !avail || !used) {
		virtio_dev_fail(dev, vq, "ring outside guest RAM (desc %#llx, driver %#llx, "
				"device %#llx, size %u)", (unsigned long long)vq->desc_gpa,
				(unsigned long long)vq->avail_gpa, (unsigned long long)vq->used_gpa, n);
		return;
	}
	vq->desc = desc;
	vq->avail = avail;
	vq->used = used;
	vq->last_avail = vq->used_idx = vq->signalled_used = 0;
	vq->need_signal = false;
}

/* Is it time for a used buffer notification (2.7.7, 2.7.10)? */
static void virtq_signal(struct virtio_dev *dev, struct virtqueue *vq)
{
	if (!vq->need_signal || vq->broken || !vq->ready)
		return;
	vq->need_signal = false;
	/* The used idx store must be visible before we read the driver's
	 * suppression fields (the driver orders the other way round). */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	bool notify;
	uint16_t new = vq->used_idx, old = vq->signalled_used;
	if (virtio_has_feature(dev, VIRTIO_F_EVENT_IDX)) {
		uint16_t event = ring_load16(AVAIL_USED_EVENT(vq), __ATOMIC_RELAXED);
		notify = (uint16_t)(new - event - 1) < (uint16_t)(new - old);
	} else {
		notify = !(ring_load16(AVAIL_FLAGS(vq), __ATOMIC_RELAXED) & VIRTQ_AVAIL_F_NO_INTERRUPT);
	}
	vq->signalled_used = new;
	if (notify)
		virtio_dev_signal(dev, VIRTIO_INT_USED_BUFFER);
}

bool virtio_vq_begin(struct virtio_dev *dev, struct virtqueue *vq)
{
	uint8_t s = dev->status;
	/* 3.1.1: no buffers are consumed before DRIVER_OK; FAILED means the
	 * driver gave up. */
	if (!vq || !(s & VIRTIO_STATUS_DRIVER_OK) || !(s & VIRTIO_STATUS_FEATURES_OK) ||
	    (s & VIRTIO_STATUS_FAILED) || !vq->ready || vq->broken)
		return false;
	vq->pending = false;
	vq->budget = vq->num;
	return true;
}

void virtio_vq_end(struct virtio_dev *dev, struct virtqueue *vq)
{
	virtq_signal(dev, vq);
	if (vq->broken)
		vq->pending = false;
}

void virtio_dev_queue_notify(struct virtio_dev *dev, uint32_t index)
{
	struct virtqueue *vq = virtio_dev_vq(dev, index);
	if (!virtio_vq_begin(dev, vq))
		return;
	dev->ops->queue_notify(dev, vq);
	virtio_vq_end(dev, vq);
	if (vq->pending)
		dev->pending = true;
}

void virtio_dev_run_pending(struct virtio_dev *dev)
{
	if (!dev->pending)
		return;
	dev->pending = false;
	for (unsigned i = 0; i < dev->nvqs; i++)
		if (dev->vqs[i].pending)
			virtio_dev_queue_notify(dev, i);
}

/* Follow one chain from `head` (2.7.5, 2.7.5.3), filling elem.  Every
 * error marks the queue broken. */
static int virtq_walk(struct virtio_dev *dev, struct virtqueue *vq, uint16_t head,
		      struct virtq_elem *elem)
{
	const uint8_t *table = vq->desc;
	uint32_t table_n = vq->num, visited = 0, i = head;
	unsigned nbufs = 0;
	uint64_t total = 0;
	bool indirect = false;

	elem->head = head;
	elem->iov = vq->iov;
	elem->nout = elem->nin = 0;
	if (head >= vq->num) {
		virtio_dev_fail(dev, vq, "available ring names descriptor %u, queue size %u",
				head, vq->num);
		return -1;
	}
	for (;;) {
		struct virtq_desc d;
		desc_read(table, i, &d);
		/* A chain visits each descriptor of its table at most once;
		 * more means a loop. */
		if (++visited > table_n) {
			virtio_dev_fail(dev, vq, "descriptor chain from head %u loops or is longer "
					"than its %s (%u descriptors)", head,
					indirect ? "indirect table" : "queue", table_n);
			return -1;
		}
		if (d.flags & VIRTQ_DESC_F_INDIRECT) {
			if (!virtio_has_feature(dev, VIRTIO_F_INDIRECT_DESC)) {
				virtio_dev_fail(dev, vq, "indirect descriptor but VIRTIO_F_INDIRECT_DESC "
						"was not negotiated");
				return -1;
			}
			if (indirect) {
				virtio_dev_fail(dev, vq, "indirect descriptor inside an indirect table");
				return -1;
			}
			if (d.flags & VIRTQ_DESC_F_NEXT) {
				virtio_dev_fail(dev, vq, "descriptor %u has both F_INDIRECT and F_NEXT", i);
				return -1;
			}
			if (!d.len || d.len % VIRTQ_DESC_SIZE ||
			    d.len / VIRTQ_DESC_SIZE > VIRTQ_MAX_SIZE) {
				virtio_dev_fail(dev, vq, "indirect table of %u bytes (not a multiple of "
						"16 in 16..%u)", d.len, VIRTQ_MAX_SIZE * VIRTQ_DESC_SIZE);
				return -1;
			}
			table = virtio_mem_ptr(&dev->mem, d.addr, d.len);
			if (!table) {
				virtio_dev_fail(dev, vq, "indirect table [%#llx, +%#x) outside guest RAM",
						(unsigned long long)d.addr, d.len);
				return -1;
			}
			table_n = d.len / VIRTQ_DESC_SIZE;
			indirect = true;
			visited = 0;
			i = 0;
			continue;
		}
		if (d.len) {
			void *p = virtio_mem_ptr(&dev->mem, d.addr, d.len);
			if (!p) {
				virtio_dev_fail(dev, vq, "buffer [%#llx, +%#x) outside guest RAM",
						(unsigned long long)d.addr, d.len);
				return -1;
			}
			/* 2.7.4.2: readable buffers come first. */
			if (!(d.flags & VIRTQ_DESC_F_WRITE) && elem->nin) {
				virtio_dev_fail(dev, vq, "device-readable buffer after a device-writable "
						"one in the chain from head %u", head);
				return -1;
			}
			/* 2.7.5.3.1: no chain longer than the queue size, nor
			 * than 4 GiB in total (2.7.5.2). */
			total += d.len;
			if (nbufs == vq->num || total > UINT32_MAX) {
				virtio_dev_fail(dev, vq, "descriptor chain from head %u is longer than "
						"%u buffers or 4 GiB", head, vq->num);
				return -1;
			}
			vq->iov[nbufs].iov_base = p;
			vq->iov[nbufs].iov_len = d.len;
			nbufs++;
			if (d.flags & VIRTQ_DESC_F_WRITE)
				elem->nin++;
			else
				elem->nout++;
		}
		if (!(d.flags & VIRTQ_DESC_F_NEXT))
			break;
		if (d.next >= table_n) {
			virtio_dev_fail(dev, vq, "descriptor %u: next %u is outside its %s of %u",
					i, d.next, indirect ? "indirect table" : "queue", table_n);
			return -1;
		}
		i = d.next;
	}
	elem->out_len = elem->in_len = 0;
	for (unsigned k = 0; k < elem->nout; k++)
		elem->out_len += (uint32_t)elem->iov[k].iov_len;
	for (unsigned k = elem->nout; k < nbufs; k++)
		elem->in_len += (uint32_t)elem->iov[k].iov_len;
	return 0;
}

int virtq_pop(struct virtio_dev *dev, struct virtqueue *vq, struct virtq_elem *elem)
{
	if (vq->broken || !vq->ready)
		return -1;
	uint16_t avail_idx = ring_load16(AVAIL_IDX(vq), __ATOMIC_ACQUIRE);
	if (avail_idx == vq->last_avail) {
		if (!virtio_has_feature(dev, VIRTIO_F_EVENT_IDX))
			return 0;
		/* 2.7.10: ask for a notification at the next entry, then look
		 * again so that a buffer added meanwhile is not missed. */
		ring_store16(USED_AVAIL_EVENT(vq), vq->last_avail, __ATOMIC_RELAXED);
		if (dev->mem.mark_dirty)
			dev->mem.mark_dirty(dev->mem.dirty_opaque, vq->used_gpa + 4 +
					    (uint64_t)VIRTQ_USED_ELEM_SIZE * vq->num, 2);
		__atomic_thread_fence(__ATOMIC_SEQ_CST);
		avail_idx = ring_load16(AVAIL_IDX(vq), __ATOMIC_ACQUIRE);
		if (avail_idx == vq->last_avail)
			return 0;
	}
	if ((uint16_t)(avail_idx - vq->last_avail) > vq->num) {
		virtio_dev_fail(dev, vq, "available index moved from %u to %u, more than the "
				"queue size %u", vq->last_avail, avail_idx, vq->num);
		return -1;
	}
	if (!vq->budget) {
		vq->pending = true;
		return 0;
	}
	vq->budget--;
	uint16_t head = ring_load16(AVAIL_RING(vq, vq->last_avail & (vq->num - 1)),
				    __ATOMIC_RELAXED);
	if (virtq_walk(dev, vq, head, elem) < 0)
		return -1;
	vq->last_avail++;
	return 1;
}

/* Dirty logging: what virtq_fill made the device write — the first
 * `written` bytes of the device-writable buffers and the used element. */
static void virtq_mark_dirty(struct virtio_dev *dev, struct virtqueue *vq,
			     const struct virtq_elem *elem, uint32_t written, uint16_t slot)
{
	const struct virtio_mem *m = &dev->mem;
	m->mark_dirty(m->dirty_opaque, vq->used_gpa + 4 + (uint64_t)VIRTQ_USED_ELEM_SIZE * slot,
		      VIRTQ_USED_ELEM_SIZE);
	for (unsigned i = 0; i < elem->nin && written; i++) {
		const struct iovec *v = &elem->iov[elem->nout + i];
		uint64_t len = v->iov_len < written ? v->iov_len : written;
		m->mark_dirty(m->dirty_opaque, m->base + (uint64_t)((uint8_t *)v->iov_base - m->host), len);
		written -= (uint32_t)len;
	}
}

void virtq_fill(struct virtio_dev *dev, struct virtqueue *vq, const struct virtq_elem *elem,
		uint32_t written, unsigned idx)
{
	if (vq->broken || !vq->ready)
		return;
	if (written > elem->in_len)
		written = elem->in_len;
	uint16_t slot = (uint16_t)(vq->used_idx + idx) & (vq->num - 1);
	uint8_t *e = USED_RING(vq, slot);
	uint32_t id = htole32(elem->head), len = htole32(written);
	memcpy(e, &id, 4);
	memcpy(e + 4, &len, 4);
	if (dev->mem.mark_dirty)
		virtq_mark_dirty(dev, vq, elem, written, slot);
}

void virtq_flush(struct virtio_dev *dev, struct virtqueue *vq, unsigned count)
{
	if (vq->broken || !vq->ready || !count)
		return;
	vq->used_idx = (uint16_t)(vq->used_idx + count);
	/* 2.7.8.2: the elements are written before the index moves. */
	ring_store16(USED_IDX(vq), vq->used_idx, __ATOMIC_RELEASE);
	vq->need_signal = true;
	if (dev->mem.mark_dirty)
		dev->mem.mark_dirty(dev->mem.dirty_opaque, vq->used_gpa + 2, 2);
}

void virtq_push(struct virtio_dev *dev, struct virtqueue *vq, const struct virtq_elem *elem,
		uint32_t written)
{
	virtq_fill(dev, vq, elem, written, 0);
	virtq_flush(dev, vq, 1);
}

void virtq_rewind(struct virtqueue *vq, unsigned count)
{
	vq->last_avail = (uint16_t)(vq->last_avail - count);
	vq->budget += count;
}

void virtio_dev_save(const struct virtio_dev *dev, struct virtio_dev_state *s)
{
	memset(s, 0, sizeof(*s));
	s->version = VIRTIO_STATE_VERSION;
	s->device_id = dev->ops->device_id;
	s->device_features = dev->device_features;
	s->driver_features = dev->driver_features;
	s->status = dev->status;
	s->config_generation = dev->config_generation;
	s->nvqs = dev->nvqs;
	for (unsigned i = 0; i < dev->nvqs && i < VIRTIO_STATE_MAX_QUEUES; i++) {
		const struct virtqueue *vq = &dev->vqs[i];
		s->vq[i] = (struct virtio_vq_state){
			.num = vq->num, .ready = vq->ready, .broken = vq->broken,
			.need_signal = vq->need_signal, .desc_gpa = vq->desc_gpa,
			.avail_gpa = vq->avail_gpa, .used_gpa = vq->used_gpa,
			.last_avail = vq->last_avail, .used_idx = vq->used_idx,
			.signalled_used = vq->signalled_used,
		};
	}
	if (dev->ops->state_save)
		dev->ops->state_save((struct virtio_dev *)dev, s);
}

int virtio_dev_load(struct virtio_dev *dev, const struct virtio_dev_state *s)
{
	virtio_dev_reset(dev);
	if (s->version != VIRTIO_STATE_VERSION || s->device_id != dev->ops->device_id ||
	    s->nvqs != dev->nvqs || dev->nvqs > VIRTIO_STATE_MAX_QUEUES ||
	    s->device_features != dev->device_features ||
	    (s->driver_features & ~dev->device_features) || s->dev_len > VIRTIO_STATE_DEV_MAX ||
	    (s->dev_len && !dev->ops->state_load))
		return -EINVAL;
	/* A status the device could have had: known bits, DRIVER_OK only
	 * with FEATURES_OK, DEVICE_NEEDS_RESET exactly when a queue broke. */
	const uint8_t known = VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER |
			      VIRTIO_STATUS_DRIVER_OK | VIRTIO_STATUS_FEATURES_OK |
			      VIRTIO_STATUS_DEVICE_NEEDS_RESET | VIRTIO_STATUS_FAILED;
	bool any_broken = false;
	for (unsigned i = 0; i < dev->nvqs; i++)
		any_broken |= s->vq[i].broken != 0;
	if ((s->status & ~known) ||
	    ((s->status & VIRTIO_STATUS_DRIVER_OK) && !(s->status & VIRTIO_STATUS_FEATURES_OK)) ||
	    any_broken != !!(s->status & VIRTIO_STATUS_DEVICE_NEEDS_RESET))
		return -EINVAL;
	dev->driver_features = s->driver_features;
	dev->config_generation = s->config_generation;
	for (unsigned i = 0; i < dev->nvqs; i++) {
		const struct virtio_vq_state *q = &s->vq[i];
		struct virtqueue *vq = &dev->vqs[i];
		vq->num = q->num;
		vq->desc_gpa = q->desc_gpa;
		vq->avail_gpa = q->avail_gpa;
		vq->used_gpa = q->used_gpa;
		if (q->broken) {
			vq->broken = true;
			vq->ready = q->ready;
			continue;
		}
		if (!q->ready)
			continue;
		/* The same checks as the driver's QueueReady write. */
		bool logged = dev->logged;
		unsigned long errors = dev->errors;
		FILE *log = dev->log;
		dev->log = NULL;
		virtio_vq_set_ready(dev, vq, true);
		dev->log = log;
		dev->logged = logged;
		if (vq->broken || dev->errors != errors) {
			dev->errors = errors;
			virtio_dev_reset(dev);
			return -EINVAL;
		}
		vq->last_avail = q->last_avail;
		vq->used_idx = q->used_idx;
		vq->signalled_used = q->signalled_used;
		vq->need_signal = q->need_signal;
	}
	/* Last, so that nothing ran meanwhile (3.1.1: no buffers before
	 * DRIVER_OK).  A broken queue is the error the saved device had. */
	dev->status = s->status;
	if (any_broken)
		dev->errors++;
	if (dev->ops->state_load && dev->ops->state_load(dev, s) < 0) {
		virtio_dev_reset(dev);
		return -EINVAL;
	}
	return 0;
}

size_t iov_to_buf(const struct iovec *iov, unsigned n, size_t skip, void *buf, size_t len)
{
	size_t done = 0;
	for (unsigned i = 0; i < n && done < len; i++) {
		size_t l = iov[i].iov_len;
		if (skip >= l) {
			skip -= l;
			continue;
		}
		size_t c = l - skip < len - done ? l - skip : len - done;
		memcpy((uint8_t *)buf + done, (uint8_t *)iov[i].iov_base + skip, c);
		done += c;
		skip = 0;
	}
	return done;
}

size_t iov_from_buf(const struct iovec *iov, unsigned n, size_t skip, const void *buf,
		    size_t len)
{
	size_t done = 0;
	for (unsigned i = 0; i < n && done < len; i++) {
		size_t l = iov[i].iov_len;
		if (skip >= l) {
			skip -= l;
			continue;
		}
		size_t c = l - skip < len - done ? l - skip : len - done;
		memcpy((uint8_t *)iov[i].iov_base + skip, (const uint8_t *)buf + done, c);
		done += c;
		skip = 0;
	}
	return done;
}
