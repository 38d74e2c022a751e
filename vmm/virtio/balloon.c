// SPDX-License-Identifier: MIT
/* virtio-balloon (virtio 1.2, 5.5); see balloon.h.  PFNs and reported
 * ranges come from the guest: anything outside guest RAM is ignored and
 * counted, never passed to madvise or fallocate. */
#include "vmm/virtio/balloon.h"

#include <endian.h>
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

enum balloon_role { ROLE_NONE, ROLE_INFLATE, ROLE_DEFLATE, ROLE_STATS, ROLE_REPORTING };

#define BALLOON_STAT_SIZE 10   /* le16 tag, le64 value, packed (5.5.6.3) */

static struct virtio_balloon *to_balloon(struct virtio_dev *dev)
{
	return (struct virtio_balloon *)((char *)dev - offsetof(struct virtio_balloon, vdev));
}

/* 5.5.2: inflateq, deflateq, then statsq and reporting_vq when negotiated,
 * numbered without gaps. */
static enum balloon_role balloon_role(const struct virtio_balloon *b, unsigned idx)
{
	if (idx == 0)
		return ROLE_INFLATE;
	if (idx == 1)
		return ROLE_DEFLATE;
	unsigned next = 2;
	if (virtio_has_feature(&b->vdev, VIRTIO_BALLOON_F_STATS_VQ) && idx == next++)
		return ROLE_STATS;
	if (virtio_has_feature(&b->vdev, VIRTIO_BALLOON_F_REPORTING) && idx == next)
		return ROLE_REPORTING;
	return ROLE_NONE;
}

static void balloon_config_read(struct virtio_dev *dev, uint32_t off, void *buf, uint32_t len)
{
	struct virtio_balloon *b = to_balloon(dev);
	uint32_t cfg[2] = { htole32(b->num_pages), htole32(b->actual) };
	memcpy(buf, (uint8_t *)cfg + off, len);
}

/* The driver writes `actual` (5.5.6); num_pages is the device's. */
static void balloon_config_write(struct virtio_dev *dev, uint32_t off, const void *buf,
				 uint32_t len)
{
	struct virtio_balloon *b = to_balloon(dev);
	uint32_t cfg[2] = { htole32(b->num_pages), htole32(b->actual) };
	if (off + len <= 4)
		return;
	memcpy((uint8_t *)cfg + off, buf, len);
	b->actual = le32toh(cfg[1]);
}

/* Give guest-physical [gpa, gpa + len) back to the host; false when it is
 * not inside guest RAM. */
static bool balloon_discard(struct virtio_balloon *b, uint64_t gpa, uint64_t len)
{
	const struct virtio_mem *m = &b->vdev.mem;
	uint8_t *p = virtio_mem_ptr(m, gpa, len);
	if (!p || !len)
		return false;
	uint64_t off = gpa - m->base;
	if (b->ram_fd >= 0)
		fallocate(b->ram_fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, (off_t)off, (off_t)len);
	else
		madvise(p, len, MADV_DONTNEED);
	/* The contents changed (to zeros): a migration must send them. */
	if (m->mark_dirty)
		m->mark_dirty(m->dirty_opaque, gpa, len);
	return true;
}

/* Inflate: the chain is an array of le32 page frame numbers; contiguous
 * runs are discarded together. */
static void balloon_inflate(struct virtio_balloon *b, const struct virtq_elem *e)
{
	uint64_t run_start = 0, run_len = 0;
	for (uint32_t off = 0; off + 4 <= e->out_len; off += 4) {
		uint32_t pfn;
		iov_to_buf(e->iov, e->nout, off, &pfn, 4);
		uint64_t gpa = (uint64_t)le32toh(pfn) * VIRTIO_BALLOON_PAGE_SIZE;
		if (!virtio_mem_ptr(&b->vdev.mem, gpa, VIRTIO_BALLOON_PAGE_SIZE)) {
			b->bad_pfns++;
			continue;
		}
		b->inflated_pages++;
		if (run_len && gpa == run_start + run_len) {
			run_len += VIRTIO_BALLOON_PAGE_SIZE;
			continue;
		}
		if (run_len)
			balloon_discard(b, run_start, run_len);
		run_start = gpa;
		run_len = VIRTIO_BALLOON_PAGE_SIZE;
	}
	if (run_len)
		balloon_discard(b, run_start, run_len);
}

static void balloon_parse_stats(struct virtio_balloon *b, const struct virtq_elem *e)
{
	for (uint32_t off = 0; off + BALLOON_STAT_SIZE <= e->out_len; off += BALLOON_STAT_SIZE) {
		uint8_t s[BALLOON_STAT_SIZE];
		uint16_t tag;
		uint64_t val;
		iov_to_buf(e->iov, e->nout, off, s, sizeof(s));
		memcpy(&tag, s, 2);
		memcpy(&val, s + 2, 8);
		tag = le16toh(tag);
		if (tag < VIRTIO_BALLOON_NR_STATS) {
			b->stats.valid[tag] = true;
			b->stats.val[tag] = le64toh(val);
		}
	}
	b->stats.updates++;
}

static void balloon_queue_notify(struct virtio_dev *dev, struct virtqueue *vq)
{
	struct virtio_balloon *b = to_balloon(dev);
	enum balloon_role role = balloon_role(b, vq->index);
	struct virtq_elem e;
	/* The stats queue holds one buffer: the driver adds the next only
	 * after the device returned the last (5.5.6.3). */
	while ((role != ROLE_STATS || !b->stats_held) && virtq_pop(dev, vq, &e) > 0) {
		switch (role) {
		case ROLE_INFLATE:
			balloon_inflate(b, &e);
			break;
		case ROLE_DEFLATE:
			/* Nothing to do: the pages fault back in when touched. */
			b->deflated_pages += e.out_len / 4;
			break;
		case ROLE_STATS:
			balloon_parse_stats(b, &e);
			b->stats_elem = e;
			b->stats_elem.nout = b->stats_elem.nin = 0;   /* nothing written back */
			b->stats_elem.iov = b->stats_iov;
			b->stats_held = true;
			continue;   /* kept until the next request */
		case ROLE_REPORTING:
			/* 5.5.6.7: the buffers are the free pages themselves. */
			for (unsigned i = 0; i < e.nout + e.nin; i++) {
				const struct iovec *v = &e.iov[i];
				uint64_t gpa = dev->mem.base + (uint64_t)((uint8_t *)v->iov_base - dev->mem.host);
				if (balloon_discard(b, gpa, v->iov_len))
					b->reported_pages += v->iov_len / VIRTIO_BALLOON_PAGE_SIZE;
			}
			break;
		case ROLE_NONE:
			virtio_dev_fail(dev, vq, "queue %u is not one the negotiated features give",
					vq->index);
			return;
		}
		virtq_push(dev, vq, &e, 0);
	}
}

static void balloon_reset(struct virtio_dev *dev)
{
	struct virtio_balloon *b = to_balloon(dev);
	b->stats_held = false;
	b->actual = 0;
}

/* Snapshots: the target, what the driver reported, the counters.  A
 * held stats buffer is saved as not yet taken (the queue one entry back),
 * so the restored device takes it again at its first notification. */
struct balloon_saved {
	uint32_t num_pages, actual;
	uint64_t inflated, deflated, reported, bad_pfns;
};
_Static_assert(sizeof(struct balloon_saved) <= VIRTIO_STATE_DEV_MAX, "balloon state size");

static void balloon_state_save(struct virtio_dev *dev, struct virtio_dev_state *s)
{
	struct virtio_balloon *b = to_balloon(dev);
	struct balloon_saved v = {
		b->num_pages, b->actual, b->inflated_pages, b->deflated_pages, b->reported_pages,
		b->bad_pfns,
	};
	memcpy(s->dev_data, &v, sizeof(v));
	s->dev_len = sizeof(v);
	for (unsigned i = 0; b->stats_held && i < dev->nvqs && i < VIRTIO_STATE_MAX_QUEUES; i++)
		if (balloon_role(b, i) == ROLE_STATS)
			s->vq[i].last_avail--;
}

static int balloon_state_load(struct virtio_dev *dev, const struct virtio_dev_state *s)
{
	struct virtio_balloon *b = to_balloon(dev);
	struct balloon_saved v;
	if (s->dev_len != sizeof(v))
		return -EINVAL;
	memcpy(&v, s->dev_data, sizeof(v));
	b->num_pages = v.num_pages;
	b->actual = v.actual;
	b->inflated_pages = v.inflated;
	b->deflated_pages = v.deflated;
	b->reported_pages = v.reported;
	b->bad_pfns = v.bad_pfns;
	return 0;
}

static const struct virtio_dev_ops virtio_balloon_ops = {
	.name = "balloon",
	.device_id = VIRTIO_ID_BALLOON,
	.config_read = balloon_config_read,
	.config_write = balloon_config_write,
	.queue_notify = balloon_queue_notify,
	.reset = balloon_reset,
	.state_save = balloon_state_save,
	.state_load = balloon_state_load,
};

int virtio_balloon_init(struct virtio_balloon *b, const struct virtio_balloon_opts *opts)
{
	memset(b, 0, sizeof(*b));
	b->ram_fd = opts->ram_fd;
	b->num_pages = opts->target_pages;
	b->stats_interval_s = opts->stats_interval_s;
	pthread_cond_init(&b->poller_cond, NULL);
	uint64_t features = VIRTIO_BIT(VIRTIO_BALLOON_F_STATS_VQ);
	if (opts->deflate_on_oom)
		features |= VIRTIO_BIT(VIRTIO_BALLOON_F_DEFLATE_ON_OOM);
	if (opts->free_page_reporting)
		features |= VIRTIO_BIT(VIRTIO_BALLOON_F_REPORTING);
	uint16_t q[4] = { VIRTIO_BALLOON_QUEUE_SIZE, VIRTIO_BALLOON_QUEUE_SIZE,
			  VIRTIO_BALLOON_QUEUE_SIZE, VIRTIO_BALLOON_QUEUE_SIZE };
	return virtio_dev_init(&b->vdev, &virtio_balloon_ops, features, VIRTIO_BALLOON_CONFIG_SIZE,
			       4, q);
}

/* With dev->lock held: hand the held stats buffer back, so the driver
 * refills it with fresh figures. */
static void balloon_request_stats_locked(struct virtio_balloon *b)
{
	struct virtio_dev *dev = &b->vdev;
	if (!b->stats_held)
		return;
	for (unsigned i = 2; i < dev->nvqs; i++) {
		struct virtqueue *vq = &dev->vqs[i];
		if (balloon_role(b, i) != ROLE_STATS || !virtio_vq_begin(dev, vq))
			continue;
		b->stats_held = false;
		virtq_push(dev, vq, &b->stats_elem, 0);
		virtio_vq_end(dev, vq);
	}
}

void virtio_balloon_request_stats(struct virtio_balloon *b)
{
	pthread_mutex_lock(&b->vdev.lock);
	balloon_request_stats_locked(b);
	pthread_mutex_unlock(&b->vdev.lock);
}

void virtio_balloon_set_target(struct virtio_balloon *b, uint32_t pages)
{
	pthread_mutex_lock(&b->vdev.lock);
	b->num_pages = pages;
	virtio_dev_config_changed(&b->vdev);
	pthread_mutex_unlock(&b->vdev.lock);
}

void virtio_balloon_read(struct virtio_balloon *b, uint32_t *target, uint32_t *actual,
			 struct virtio_balloon_stats *stats)
{
	pthread_mutex_lock(&b->vdev.lock);
	*target = b->num_pages;
	*actual = b->actual;
	if (stats)
		*stats = b->stats;
	pthread_mutex_unlock(&b->vdev.lock);
}

static void *balloon_poller(void *opaque)
{
	struct virtio_balloon *b = opaque;
	pthread_mutex_lock(&b->vdev.lock);
	while (!b->poller_stop) {
		if (!b->stats_interval_s) {
			pthread_cond_wait(&b->poller_cond, &b->vdev.lock);
			continue;
		}
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_sec += b->stats_interval_s;
		if (pthread_cond_timedwait(&b->poller_cond, &b->vdev.lock, &ts) == ETIMEDOUT)
			balloon_request_stats_locked(b);
	}
	pthread_mutex_unlock(&b->vdev.lock);
	return NULL;
}

int virtio_balloon_start(struct virtio_balloon *b)
{
	int e = pthread_create(&b->poller, NULL, balloon_poller, b);
	if (e) {
		fprintf(stderr, "rvkvm: virtio-balloon: cannot start the stats poller: %s\n", strerror(e));
		return -e;
	}
	b->poller_running = true;
	return 0;
}

void virtio_balloon_set_stats_interval(struct virtio_balloon *b, unsigned seconds)
{
	pthread_mutex_lock(&b->vdev.lock);
	b->stats_interval_s = seconds;
	pthread_cond_broadcast(&b->poller_cond);
	pthread_mutex_unlock(&b->vdev.lock);
}

void virtio_balloon_exit(struct virtio_balloon *b)
{
	if (b->poller_running) {
		pthread_mutex_lock(&b->vdev.lock);
		b->poller_stop = true;
		pthread_cond_broadcast(&b->poller_cond);
		pthread_mutex_unlock(&b->vdev.lock);
		pthread_join(b->poller, NULL);
		b->poller_running = false;
	}
	if (b->vdev.ops)
		virtio_dev_exit(&b->vdev);
	pthread_cond_destroy(&b->poller_cond);
}
