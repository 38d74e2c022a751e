// SPDX-License-Identifier: MIT
/* virtio-mmio version 2 (virtio 1.2, 4.2.2): a register file in front of
 * the virtio core.  Control registers take 32-bit aligned accesses only
 * (4.2.2.2); other accesses read as zero and are ignored.  The
 * configuration space from 0x100 takes 1, 2, 4 and 8-byte accesses.
 * Queue registers act on the queue chosen by QueueSel; selecting a queue
 * the device does not have reads QueueNumMax 0 and ignores writes.  Every
 * access also continues queue runs the core left pending (core.h). */
#include "vmm/virtio/mmio.h"

#include <endian.h>
#include <errno.h>
#include <string.h>

static void virtio_mmio_update_irq(struct virtio_mmio *t)
{
	bool level = t->interrupt_status != 0;
	if (level != t->irq_level) {
		t->irq_level = level;
		if (t->env.set_irq)
			t->env.set_irq(t->env.irq_opaque, level);
	}
}

/* The core reports a used buffer or a configuration change (4.2.3.4). */
static void virtio_mmio_signal(void *opaque, uint32_t reasons)
{
	struct virtio_mmio *t = opaque;
	t->interrupt_status |= reasons & (VIRTIO_INT_USED_BUFFER | VIRTIO_INT_CONFIG);
	virtio_mmio_update_irq(t);
}

/* Status 0: the device resets, and with it InterruptStatus (4.2.2.1). */
static void virtio_mmio_reset(struct virtio_mmio *t)
{
	virtio_dev_reset(t->dev);
	t->device_features_sel = t->driver_features_sel = t->queue_sel = 0;
	t->interrupt_status = 0;
	virtio_mmio_update_irq(t);
}

int virtio_mmio_init(struct virtio_mmio *t, struct virtio_dev *dev,
		     const struct virtio_mmio_env *env)
{
	memset(t, 0, sizeof(*t));
	if (!dev || !dev->ops || !env || !env->mem.host || !env->mem.size ||
	    env->mem.base + env->mem.size < env->mem.base)
		return -EINVAL;
	t->dev = dev;
	t->env = *env;
	struct virtio_transport tr = { .signal = virtio_mmio_signal, .opaque = t };
	virtio_dev_bind(dev, &env->mem, &tr);
	virtio_mmio_reset(t);
	return 0;
}

void virtio_mmio_save(struct virtio_mmio *t, struct virtio_mmio_state *s)
{
	memset(s, 0, sizeof(*s));
	s->device_features_sel = t->device_features_sel;
	s->driver_features_sel = t->driver_features_sel;
	s->queue_sel = t->queue_sel;
	s->interrupt_status = t->interrupt_status;
	virtio_dev_save(t->dev, &s->dev);
}

void virtio_mmio_freeze(struct virtio_mmio *t)
{
	pthread_mutex_lock(&t->dev->lock);
	if (t->dev->ops->quiesce)
		t->dev->ops->quiesce(t->dev);
}

void virtio_mmio_thaw(struct virtio_mmio *t)
{
	pthread_mutex_unlock(&t->dev->lock);
}

void virtio_mmio_retire(struct virtio_mmio *t)
{
	t->dev->status = 0;
	pthread_mutex_unlock(&t->dev->lock);
}

int virtio_mmio_load(struct virtio_mmio *t, const struct virtio_mmio_state *s)
{
	pthread_mutex_lock(&t->dev->lock);
	int r = virtio_dev_load(t->dev, &s->dev);
	if (!r) {
		t->device_features_sel = s->device_features_sel;
		t->driver_features_sel = s->driver_features_sel;
		t->queue_sel = s->queue_sel;
		t->interrupt_status = s->interrupt_status & (VIRTIO_INT_USED_BUFFER | VIRTIO_INT_CONFIG);
	} else {
		t->interrupt_status = 0;
	}
	virtio_mmio_update_irq(t);
	pthread_mutex_unlock(&t->dev->lock);
	return r;
}

static inline void set_lo(uint64_t *v, uint32_t lo)
{
	*v = (*v & 0xffffffff00000000ULL) | lo;
}

static inline void set_hi(uint64_t *v, uint32_t hi)
{
	*v = (*v & 0xffffffffULL) | ((uint64_t)hi << 32);
}

static uint64_t virtio_mmio_read_reg(struct virtio_mmio *t, uint64_t off, unsigned size)
{
	struct virtio_dev *dev = t->dev;

	if (off >= VIRTIO_MMIO_CONFIG) {
		uint64_t val = 0;
		if (size > 8 || off - VIRTIO_MMIO_CONFIG > UINT32_MAX)
			return 0;
		virtio_dev_config_read(dev, (uint32_t)(off - VIRTIO_MMIO_CONFIG), &val, size);
		return le64toh(val);
	}
	if (size != 4 || (off & 3))
		return 0;
	struct virtqueue *vq = virtio_dev_vq(dev, t->queue_sel);
	switch (off) {
	case VIRTIO_MMIO_MAGIC_VALUE:
		return VIRTIO_MMIO_MAGIC;
	case VIRTIO_MMIO_VERSION_REG:
		return VIRTIO_MMIO_VERSION;
	case VIRTIO_MMIO_DEVICE_ID:
		return dev->ops->device_id;
	case VIRTIO_MMIO_VENDOR_ID_REG:
		return VIRTIO_MMIO_VENDOR_ID;
	case VIRTIO_MMIO_DEVICE_FEATURES:
		return virtio_dev_get_features(dev, t->device_features_sel);
	case VIRTIO_MMIO_QUEUE_NUM_MAX:
		return vq ? vq->num_max : 0;
	case VIRTIO_MMIO_QUEUE_NUM:
		return vq ? vq->num : 0;
	case VIRTIO_MMIO_QUEUE_READY:
		return vq ? vq->ready : 0;
	case VIRTIO_MMIO_INTERRUPT_STATUS:
		return t->interrupt_status;
	case VIRTIO_MMIO_STATUS:
		return dev->status;
	case VIRTIO_MMIO_QUEUE_DESC_LOW:
		return vq ? (uint32_t)vq->desc_gpa : 0;
	case VIRTIO_MMIO_QUEUE_DESC_HIGH:
		return vq ? (uint32_t)(vq->desc_gpa >> 32) : 0;
	case VIRTIO_MMIO_QUEUE_DRIVER_LOW:
		return vq ? (uint32_t)vq->avail_gpa : 0;
	case VIRTIO_MMIO_QUEUE_DRIVER_HIGH:
		return vq ? (uint32_t)(vq->avail_gpa >> 32) : 0;
	case VIRTIO_MMIO_QUEUE_DEVICE_LOW:
		return vq ? (uint32_t)vq->used_gpa : 0;
	case VIRTIO_MMIO_QUEUE_DEVICE_HIGH:
		return vq ? (uint32_t)(vq->used_gpa >> 32) : 0;
	case VIRTIO_MMIO_SHM_LEN_LOW:
	case VIRTIO_MMIO_SHM_LEN_HIGH:
	case VIRTIO_MMIO_SHM_BASE_LOW:
	case VIRTIO_MMIO_SHM_BASE_HIGH:
		return 0xffffffff;  /* no shared memory regions (4.2.2: -1) */
	case VIRTIO_MMIO_CONFIG_GENERATION:
		return dev->config_generation;
	default:
		return 0;           /* write-only and reserved registers */
	}
}

static void virtio_mmio_queue_write(struct virtio_mmio *t, uint64_t off, uint32_t val)
{
	struct virtio_dev *dev = t->dev;
	struct virtqueue *vq = virtio_dev_vq(dev, t->queue_sel);
	if (!vq)
		return;
	if (off == VIRTIO_MMIO_QUEUE_READY) {
		virtio_vq_set_ready(dev, vq, val & 1);
		return;
	}
	/* 4.2.2.2: the layout is fixed while the queue is ready. */
	if (vq->ready)
		return;
	switch (off) {
	case VIRTIO_MMIO_QUEUE_NUM:
		vq->num = val;
		break;
	case VIRTIO_MMIO_QUEUE_DESC_LOW:
		set_lo(&vq->desc_gpa, val);
		break;
	case VIRTIO_MMIO_QUEUE_DESC_HIGH:
		set_hi(&vq->desc_gpa, val);
		break;
	case VIRTIO_MMIO_QUEUE_DRIVER_LOW:
		set_lo(&vq->avail_gpa, val);
		break;
	case VIRTIO_MMIO_QUEUE_DRIVER_HIGH:
		set_hi(&vq->avail_gpa, val);
		break;
	case VIRTIO_MMIO_QUEUE_DEVICE_LOW:
		set_lo(&vq->used_gpa, val);
		break;
	case VIRTIO_MMIO_QUEUE_DEVICE_HIGH:
		set_hi(&vq->used_gpa, val);
		break;
	}
}

static void virtio_mmio_write_reg(struct virtio_mmio *t, uint64_t off, unsigned size,
				  uint64_t val64)
{
	struct virtio_dev *dev = t->dev;

	if (off >= VIRTIO_MMIO_CONFIG) {
		uint64_t le = htole64(val64);
		if (size <= 8 && off - VIRTIO_MMIO_CONFIG <= UINT32_MAX)
			virtio_dev_config_write(dev, (uint32_t)(off - VIRTIO_MMIO_CONFIG), &le, size);
		return;
	}
	if (size != 4 || (off & 3))
		return;
	uint32_t val = (uint32_t)val64;
	switch (off) {
	case VIRTIO_MMIO_DEVICE_FEATURES_SEL:
		t->device_features_sel = val;
		break;
	case VIRTIO_MMIO_DRIVER_FEATURES:
		virtio_dev_set_features(dev, t->driver_features_sel, val);
		break;
	case VIRTIO_MMIO_DRIVER_FEATURES_SEL:
		t->driver_features_sel = val;
		break;
	case VIRTIO_MMIO_QUEUE_SEL:
		t->queue_sel = val;
		break;
	case VIRTIO_MMIO_QUEUE_NUM:
	case VIRTIO_MMIO_QUEUE_READY:
	case VIRTIO_MMIO_QUEUE_DESC_LOW:
	case VIRTIO_MMIO_QUEUE_DESC_HIGH:
	case VIRTIO_MMIO_QUEUE_DRIVER_LOW:
	case VIRTIO_MMIO_QUEUE_DRIVER_HIGH:
	case VIRTIO_MMIO_QUEUE_DEVICE_LOW:
	case VIRTIO_MMIO_QUEUE_DEVICE_HIGH:
		virtio_mmio_queue_write(t, off, val);
		break;
	case VIRTIO_MMIO_QUEUE_NOTIFY:
		/* VIRTIO_F_NOTIFICATION_DATA is not offered: val is the queue
		 * index.  An ioeventfd on this address would hand the kick to
		 * an iothread instead. */
		virtio_dev_queue_notify(dev, val);
		break;
	case VIRTIO_MMIO_INTERRUPT_ACK:
		t->interrupt_status &= ~val;
		virtio_mmio_update_irq(t);
		break;
	case VIRTIO_MMIO_STATUS:
		if ((val & 0xff) == 0)
			virtio_mmio_reset(t);
		else
			virtio_dev_set_status(dev, (uint8_t)val);
		break;
	default:
		break;  /* read-only and reserved registers, SHMSel, QueueReset */
	}
}

static uint64_t virtio_mmio_read(void *opaque, uint64_t off, unsigned size)
{
	struct virtio_mmio *t = opaque;
	pthread_mutex_lock(&t->dev->lock);
	virtio_dev_run_pending(t->dev);
	uint64_t val = virtio_mmio_read_reg(t, off, size);
	pthread_mutex_unlock(&t->dev->lock);
	return val;
}

static void virtio_mmio_write(void *opaque, uint64_t off, unsigned size, uint64_t val)
{
	struct virtio_mmio *t = opaque;
	pthread_mutex_lock(&t->dev->lock);
	virtio_dev_run_pending(t->dev);
	virtio_mmio_write_reg(t, off, size, val);
	pthread_mutex_unlock(&t->dev->lock);
}

const struct vmm_mmio_ops virtio_mmio_ops = {
	.read = virtio_mmio_read,
	.write = virtio_mmio_write,
};

/* An empty slot (4.2.2: DeviceID 0 is a placeholder the driver ignores), as
 * QEMU's virt machine fills its unused virtio-mmio slots. */
static uint64_t virtio_mmio_placeholder_read(void *opaque, uint64_t off, unsigned size)
{
	(void)opaque;
	if (size != 4)
		return 0;
	switch (off) {
	case VIRTIO_MMIO_MAGIC_VALUE:
		return VIRTIO_MMIO_MAGIC;
	case VIRTIO_MMIO_VERSION_REG:
		return VIRTIO_MMIO_VERSION;
	case VIRTIO_MMIO_VENDOR_ID_REG:
		return VIRTIO_MMIO_VENDOR_ID;
	default:
		return 0;
	}
}

static void virtio_mmio_placeholder_write(void *opaque, uint64_t off, unsigned size, uint64_t val)
{
	(void)opaque, (void)off, (void)size, (void)val;
}

const struct vmm_mmio_ops virtio_mmio_placeholder_ops = {
	.read = virtio_mmio_placeholder_read,
	.write = virtio_mmio_placeholder_write,
};
