/* SPDX-License-Identifier: MIT */
/* The virtio core (virtio 1.2, modern interface only): device status and
 * feature negotiation (2.1, 2.2, 3.1), split virtqueues (2.7) and the
 * device ops table.  A device embeds a struct virtio_dev and fills in its
 * ops; a transport (mmio.c, later pci) binds it to guest memory and an
 * interrupt through struct virtio_transport.  A device never knows its
 * transport.
 *
 * The guest is hostile: every ring, descriptor and buffer address is checked
 * against guest RAM, every index against the queue size.  A malformed ring
 * sets DEVICE_NEEDS_RESET (2.1.2), sends a configuration change
 * notification and stops that queue until the driver resets the device.
 * Limits (2.7.5, 2.7.4): a chain holds at most QueueNum buffers and 4 GiB,
 * an indirect table at most 32768 descriptors; descriptors are copied out
 * of guest memory once, so a guest changing them meanwhile gains nothing.
 *
 * Threading: dev->lock guards the device.  The transport takes it around
 * every register access (a vCPU thread); a device with a thread of its own
 * (virtio-net) takes it around each queue run, bracketed by
 * virtio_vq_begin()/virtio_vq_end().  Devices without a thread (blk, rng)
 * run their queues inside the QueueNotify access. */
#ifndef VMM_VIRTIO_CORE_H
#define VMM_VIRTIO_CORE_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/uio.h>

/* Device status (2.1) */
#define VIRTIO_STATUS_ACKNOWLEDGE        1
#define VIRTIO_STATUS_DRIVER             2
#define VIRTIO_STATUS_DRIVER_OK          4
#define VIRTIO_STATUS_FEATURES_OK        8
#define VIRTIO_STATUS_DEVICE_NEEDS_RESET 64
#define VIRTIO_STATUS_FAILED             128

/* Reserved feature bits (6) */
#define VIRTIO_F_INDIRECT_DESC  28
#define VIRTIO_F_EVENT_IDX      29
#define VIRTIO_F_VERSION_1      32
#define VIRTIO_BIT(n)           (1ULL << (n))

/* Device IDs (5) */
#define VIRTIO_ID_NET     1
#define VIRTIO_ID_BLOCK   2
#define VIRTIO_ID_CONSOLE 3
#define VIRTIO_ID_ENTROPY 4
#define VIRTIO_ID_BALLOON 5
#define VIRTIO_ID_VSOCK   19
#define VIRTIO_ID_FS      26

/* Split virtqueue layout (2.7) */
#define VIRTQ_DESC_F_NEXT      1
#define VIRTQ_DESC_F_WRITE     2
#define VIRTQ_DESC_F_INDIRECT  4
#define VIRTQ_AVAIL_F_NO_INTERRUPT 1
#define VIRTQ_MAX_SIZE         32768
#define VIRTQ_DESC_SIZE        16
#define VIRTQ_USED_ELEM_SIZE   8

/* Reasons for an interrupt, as the transport reports them (4.2.2
 * InterruptStatus has the same bits). */
#define VIRTIO_INT_USED_BUFFER 1
#define VIRTIO_INT_CONFIG      2

/* Guest RAM as one contiguous host mapping.  mark_dirty (may be NULL)
 * hears of every range the device wrote (used ring, device-writable
 * buffers), for dirty logging. */
struct virtio_mem {
	uint8_t *host;
	uint64_t base, size;
	void (*mark_dirty)(void *opaque, uint64_t gpa, uint64_t len);
	void *dirty_opaque;
};

/* Host pointer for guest-physical [gpa, gpa + len), or NULL when any byte
 * of it is outside guest RAM.  Overflow-safe. */
static inline void *virtio_mem_ptr(const struct virtio_mem *m, uint64_t gpa, uint64_t len)
{
	if (!m->host || gpa < m->base)
		return NULL;
	uint64_t off = gpa - m->base;
	if (off > m->size || len > m->size - off)
		return NULL;
	return m->host + off;
}

struct virtio_dev;
struct virtio_dev_state;

/* What a transport offers the core. */
struct virtio_transport {
	/* Post an interrupt reason (VIRTIO_INT_*) and assert the line. */
	void (*signal)(void *opaque, uint32_t reasons);
	void *opaque;
};

struct virtqueue {
	uint16_t index;
	uint16_t num_max;        /* what the device supports (QueueNumMax) */
	uint32_t num;            /* what the driver chose (QueueNum), checked on ready */
	bool ready;              /* QueueReady as last written */
	bool broken;             /* a ring error stopped this queue until reset */
	uint64_t desc_gpa, avail_gpa, used_gpa;

	/* Valid while ready && !broken: the checked host addresses of the
	 * three areas (2.7: 16*num, 6+2*num, 6+8*num bytes). */
	uint8_t *desc, *avail, *used;
	uint16_t last_avail;     /* next avail ring entry to consume */
	uint16_t used_idx;       /* device's copy of used->idx */
	uint16_t signalled_used; /* used->idx at the last interrupt decision */
	bool need_signal;        /* buffers used since the last decision */
	uint32_t budget;         /* chains left in this run (see virtq_pop) */
	bool pending;            /* the run ended with chains left over */

	struct iovec *iov;       /* scratch for one chain: num_max entries */
};

/* One descriptor chain taken from the available ring: iov[0..nout) are
 * device-readable buffers, iov[nout..nout+nin) device-writable ones, all
 * inside guest RAM.  Zero-length descriptors are dropped.  out_len and
 * in_len are the byte totals (the whole chain is below 4 GiB). */
struct virtq_elem {
	uint16_t head;
	unsigned nout, nin;
	struct iovec *iov;
	uint32_t out_len, in_len;
};

struct virtio_dev_ops {
	const char *name;
	uint32_t device_id;
	/* Read/write the device-specific configuration space; off and len are
	 * within config_size.  write may be NULL (read-only config). */
	void (*config_read)(struct virtio_dev *dev, uint32_t off, void *buf, uint32_t len);
	void (*config_write)(struct virtio_dev *dev, uint32_t off, const void *buf, uint32_t len);
	/* The driver accepted these features (FEATURES_OK); return false to
	 * refuse the combination.  May be NULL. */
	bool (*features_ok)(struct virtio_dev *dev, uint64_t features);
	/* Buffers are available in vq: pop, handle, push.  Called only when the
	 * driver is ready (DRIVER_OK) and the queue is usable. */
	void (*queue_notify)(struct virtio_dev *dev, struct virtqueue *vq);
	/* Device reset (status 0): drop device-specific runtime state. */
	void (*reset)(struct virtio_dev *dev);
	/* The driver set DRIVER_OK (with FEATURES_OK): the rings are set up.
	 * May be NULL.  A device whose queues live elsewhere (vhost-user)
	 * hands them over here. */
	void (*driver_ok)(struct virtio_dev *dev);
	/* Snapshots (all may be NULL).  quiesce: with dev->lock held, wait
	 * until nothing the device started still writes guest memory (disk
	 * requests in flight).  state_save: add the device's own state to s
	 * (s->dev_data, at most VIRTIO_STATE_DEV_MAX bytes; it may also adjust
	 * the queues' saved positions); state_load: take it back, checked,
	 * after the queues are loaded: 0 or -EINVAL.  no_snapshot: why this
	 * device cannot be saved, NULL when it can. */
	void (*quiesce)(struct virtio_dev *dev);
	void (*state_save)(struct virtio_dev *dev, struct virtio_dev_state *s);
	int (*state_load)(struct virtio_dev *dev, const struct virtio_dev_state *s);
	const char *no_snapshot;
};

struct virtio_dev {
	pthread_mutex_t lock;        /* see Threading above */
	const struct virtio_dev_ops *ops;
	uint64_t device_features;    /* offered, includes VIRTIO_F_VERSION_1 */
	uint64_t driver_features;    /* as written by the driver */
	uint8_t status;
	uint32_t config_generation;
	uint32_t config_size;
	unsigned nvqs;
	struct virtqueue *vqs;

	/* Bound by the transport. */
	struct virtio_mem mem;
	struct virtio_transport transport;

	bool pending;                /* some queue has pending chains */

	FILE *log;                   /* error messages; NULL: silent */
	bool logged;                 /* an error has been logged already */
	unsigned long errors;        /* ring errors seen, logged or not */
};

/* Device side set-up: called by each device's init with its queue sizes
 * (each a power of two, 1..VIRTQ_MAX_SIZE).  Offers VERSION_1,
 * INDIRECT_DESC and EVENT_IDX in addition to dev_features.
 * Returns 0 or -errno. */
int virtio_dev_init(struct virtio_dev *dev, const struct virtio_dev_ops *ops,
		    uint64_t dev_features, uint32_t config_size,
		    unsigned nvqs, const uint16_t *num_max);
void virtio_dev_exit(struct virtio_dev *dev);

/* Transport side. */
void virtio_dev_bind(struct virtio_dev *dev, const struct virtio_mem *mem,
		     const struct virtio_transport *t);
void virtio_dev_reset(struct virtio_dev *dev);
uint32_t virtio_dev_get_features(struct virtio_dev *dev, unsigned word);
void virtio_dev_set_features(struct virtio_dev *dev, unsigned word, uint32_t val);
void virtio_dev_set_status(struct virtio_dev *dev, uint8_t status);
/* Byte-granular config space access; out of range reads as zero. */
void virtio_dev_config_read(struct virtio_dev *dev, uint32_t off, void *buf, uint32_t len);
void virtio_dev_config_write(struct virtio_dev *dev, uint32_t off, const void *buf, uint32_t len);
struct virtqueue *virtio_dev_vq(struct virtio_dev *dev, uint32_t index);
/* QueueReady written: 1 checks and enables the queue, 0 disables it. */
void virtio_vq_set_ready(struct virtio_dev *dev, struct virtqueue *vq, bool ready);
/* An available buffer notification for queue index (QueueNotify).  This is
 * where an ioeventfd handler would land when queues move to an iothread.
 * One run consumes at most QueueNum chains, so a guest that keeps refilling
 * the ring (from another vCPU, or by pointing the device's own writes at
 * its avail ring) cannot hold the calling thread; the rest is left pending
 * and continued by virtio_dev_run_pending(). */
void virtio_dev_queue_notify(struct virtio_dev *dev, uint32_t index);
/* Continue pending queues.  The transport calls this on each register
 * access: the driver reads InterruptStatus after the interrupt that the
 * previous run raised.  (An iothread would simply loop instead.) */
void virtio_dev_run_pending(struct virtio_dev *dev);

static inline bool virtio_has_feature(const struct virtio_dev *dev, unsigned bit)
{
	return dev->driver_features & VIRTIO_BIT(bit);
}

/* Device side, inside queue_notify. */

/* A queue run outside queue_notify (a device thread), with dev->lock held:
 * begin returns false when the queue may not be used now (3.1.1: before
 * DRIVER_OK, after FAILED, not ready or broken), else it opens a run of at
 * most QueueNum chains; end makes the used buffer notification decision
 * (2.7.7).  After end, vq->pending tells that chains were left over. */
bool virtio_vq_begin(struct virtio_dev *dev, struct virtqueue *vq);
void virtio_vq_end(struct virtio_dev *dev, struct virtqueue *vq);

/* Take the next available chain.  Returns 1 with *elem filled, 0 when the
 * ring is empty or this run's budget is spent, -1 when the queue is broken
 * (the error is reported). */
int virtq_pop(struct virtio_dev *dev, struct virtqueue *vq, struct virtq_elem *elem);
/* Return a chain to the driver with `written` bytes written into its
 * device-writable part. */
void virtq_push(struct virtio_dev *dev, struct virtqueue *vq, const struct virtq_elem *elem,
		uint32_t written);
/* A chain that spans several used elements (virtio-net's mergeable
 * buffers, 5.1.6.4): fill writes the used element `idx` places after the
 * last published one without publishing it; flush then publishes `count`
 * filled elements at once.  virtq_push is fill(0) + flush(1). */
void virtq_fill(struct virtio_dev *dev, struct virtqueue *vq, const struct virtq_elem *elem,
		uint32_t written, unsigned idx);
void virtq_flush(struct virtio_dev *dev, struct virtqueue *vq, unsigned count);
/* Give back the last `count` chains popped and not pushed: the next pops
 * return them again. */
void virtq_rewind(struct virtqueue *vq, unsigned count);
/* The driver broke the device's protocol: mark vq (may be NULL) broken, set
 * DEVICE_NEEDS_RESET and notify the driver; the first error is logged. */
void virtio_dev_fail(struct virtio_dev *dev, struct virtqueue *vq, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* The device changed its configuration space (e.g. capacity). */
void virtio_dev_config_changed(struct virtio_dev *dev);

/* Saving and restoring a device (snapshots, migration): what the driver
 * negotiated and set up, and where each queue stands.  Host byte order,
 * for the same build; the snapshot file versions and checks it. */
#define VIRTIO_STATE_VERSION 2
#define VIRTIO_STATE_MAX_QUEUES 32
#define VIRTIO_STATE_DEV_MAX 256
struct virtio_vq_state {
	uint32_t num;
	uint8_t ready, broken, need_signal, pad;
	uint64_t desc_gpa, avail_gpa, used_gpa;
	uint16_t last_avail, used_idx, signalled_used, pad2;
};
struct virtio_dev_state {
	uint32_t version;
	uint32_t device_id;
	uint64_t device_features, driver_features;
	uint8_t status, pad[3];
	uint32_t config_generation;
	uint32_t nvqs;
	struct virtio_vq_state vq[VIRTIO_STATE_MAX_QUEUES];
	uint32_t dev_len;            /* ops->state_save's, in dev_data */
	uint8_t dev_data[VIRTIO_STATE_DEV_MAX];
};
/* Save with dev->lock held (and ops->quiesce done) or the device quiet. */
void virtio_dev_save(const struct virtio_dev *dev, struct virtio_dev_state *s);
/* Into a device of the same kind bound to the same guest RAM, before it
 * runs: -EINVAL (the device reset, nothing kept) when the state is not
 * this device's or names rings outside guest RAM. */
int virtio_dev_load(struct virtio_dev *dev, const struct virtio_dev_state *s);

/* Copy between a flat buffer and iov[0..n) starting at byte `skip`; return
 * the number of bytes copied. */
size_t iov_to_buf(const struct iovec *iov, unsigned n, size_t skip, void *buf, size_t len);
size_t iov_from_buf(const struct iovec *iov, unsigned n, size_t skip, const void *buf,
		    size_t len);

#endif
