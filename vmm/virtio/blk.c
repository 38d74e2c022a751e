// SPDX-License-Identifier: MIT
/* virtio-blk on a raw image (virtio 1.2, 5.2); see blk.h for the threading.
 * A request is a chain of device-readable bytes (a 16-byte header, then
 * the data of a write or the segments of a discard) followed by
 * device-writable bytes (the data of a read, then one status byte), laid
 * out over descriptors in any way (2.7.4).
 *
 * A chain without a header or a status byte, or with data in the wrong
 * direction, breaks the queue (DEVICE_NEEDS_RESET); a well-formed request
 * the device cannot serve (out of range, odd length, read-only, unknown
 * type or flag) completes with VIRTIO_BLK_S_IOERR or _UNSUPP. */
#include "vmm/virtio/blk.h"

#include <endian.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/falloc.h>
#include <linux/fs.h>
#include <poll.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#include "vmm/say.h"

#define BLK_HDR_SIZE     16   /* le32 type, le32 reserved, le64 sector */
#define BLK_DWZ_SEG_SIZE 16   /* le64 sector, le32 num_sectors, le32 flags */

static struct virtio_blk *to_blk(struct virtio_dev *dev)
{
	return (struct virtio_blk *)((char *)dev - offsetof(struct virtio_blk, vdev));
}

static void virtio_blk_config_read(struct virtio_dev *dev, uint32_t off, void *buf, uint32_t len)
{
	memcpy(buf, to_blk(dev)->config + off, len);
}

static void virtio_blk_io_error(struct virtio_blk *blk, const char *what, int err)
{
	if (!blk->io_error_logged && blk->vdev.log) {
		blk->io_error_logged = true;
		fprintf(blk->vdev.log, "rvkvm: virtio-blk: %s: %s (reported to the guest as "
			"VIRTIO_BLK_S_IOERR; further host I/O errors are not logged)\n",
			what, strerror(err));
	}
}

static bool virtio_blk_range_ok(const struct virtio_blk *blk, uint64_t sector, uint64_t nsec)
{
	return sector <= blk->capacity && nsec <= blk->capacity - sector;
}

/* The `len` bytes of iov[0..n) after `skip` bytes, as segments in out[];
 * returns their count. */
static unsigned virtio_blk_segments(const struct iovec *iov, unsigned n, size_t skip, size_t len,
				    struct iovec *out)
{
	unsigned cnt = 0;
	for (unsigned i = 0; i < n && len; i++) {
		size_t l = iov[i].iov_len;
		if (skip >= l) {
			skip -= l;
			continue;
		}
		size_t c = l - skip < len ? l - skip : len;
		out[cnt].iov_base = (uint8_t *)iov[i].iov_base + skip;
		out[cnt].iov_len = c;
		cnt++;
		len -= c;
		skip = 0;
	}
	return cnt;
}

static bool virtio_blk_aligned(const struct iovec *v, unsigned cnt, uint64_t off, size_t align)
{
	uintptr_t bits = (uintptr_t)off;
	for (unsigned i = 0; i < cnt; i++)
		bits |= (uintptr_t)v[i].iov_base | v[i].iov_len;
	return !(bits & (align - 1));
}

/* cachestat(2) (Linux 6.5), not in every libc's headers yet. */
#ifndef __NR_cachestat
#define __NR_cachestat 451
#endif
struct blk_cachestat_range { uint64_t off, len; };
struct blk_cachestat {
	uint64_t nr_cache, nr_dirty, nr_writeback, nr_evicted, nr_recently_evicted;
};

/* Is some page of [off, off + len) (page-aligned) missing from the host's
 * page cache?  Not "all missing": one small read at boot starts readahead,
 * and buffered reads of partly cached ranges then keep it going, each
 * finding the last one's readahead half done.  A kernel or seccomp profile
 * without cachestat turns the question off. */
static bool virtio_blk_cold(struct virtio_blk *blk, uint64_t off, uint64_t len)
{
	struct blk_cachestat_range r = { off, len };
	struct blk_cachestat cs;
	if (syscall(__NR_cachestat, blk->fd, &r, &cs, 0) < 0) {
		if (errno != EINTR && errno != EAGAIN)
			blk->cold_direct = false;
		return false;
	}
	return cs.nr_cache < len / 4096;
}

/* The descriptor for a transfer of segments v[0..cnt) (len bytes at byte
 * offset off): with `direct`, the O_DIRECT one when every buffer and length
 * is sector-aligned, as O_DIRECT wants; buffered, the O_DIRECT one for a
 * large page-aligned read of a cold range (blk.h). */
static int virtio_blk_fd_for(struct virtio_blk *blk, const struct iovec *v, unsigned cnt,
			     uint64_t off, size_t len, bool write)
{
	if (blk->fd_direct < 0)
		return blk->fd;
	if (blk->direct)
		return virtio_blk_aligned(v, cnt, 0, VIRTIO_BLK_SECTOR) ? blk->fd_direct : blk->fd;
	/* Page alignment: whatever the host disk's logical block size, so an
	 * O_DIRECT read the guest did not ask for cannot fail with EINVAL. */
	if (!write && blk->cold_direct && len >= VIRTIO_BLK_COLD_READ_MIN &&
	    virtio_blk_aligned(v, cnt, off, 4096) && virtio_blk_cold(blk, off, len)) {
		blk->cold_reads++;
		return blk->fd_direct;
	}
	return blk->fd;
}

/* Synchronous read or write of segments v[0..cnt) at byte offset off.
 * Returns a VIRTIO_BLK_S_* status; v is consumed. */
static uint8_t virtio_blk_rw_sync(struct virtio_blk *blk, struct iovec *v, unsigned cnt,
				  off_t off, size_t len, bool write)
{
	int fd = virtio_blk_fd_for(blk, v, cnt, (uint64_t)off, len, write);
	while (cnt) {
		ssize_t r = write ? pwritev(fd, v, (int)cnt, off) : preadv(fd, v, (int)cnt, off);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			virtio_blk_io_error(blk, write ? "image write" : "image read",
					    r < 0 ? errno : EIO);
			return VIRTIO_BLK_S_IOERR;
		}
		off += r;
		size_t done = (size_t)r;
		while (cnt && done >= v->iov_len) {
			done -= v->iov_len;
			v++;
			cnt--;
		}
		if (cnt) {
			v->iov_base = (uint8_t *)v->iov_base + done;
			v->iov_len -= done;
		}
	}
	return VIRTIO_BLK_S_OK;
}

/* DISCARD and WRITE_ZEROES (5.2.6): a table of segments in the readable
 * part after the header. */
static uint8_t virtio_blk_dwz(struct virtio_blk *blk, const struct virtq_elem *e, uint32_t type,
			      uint32_t nbytes)
{
	bool wz = type == VIRTIO_BLK_T_WRITE_ZEROES;
	if (blk->readonly)
		return VIRTIO_BLK_S_IOERR;
	if (!nbytes || nbytes % BLK_DWZ_SEG_SIZE ||
	    nbytes / BLK_DWZ_SEG_SIZE > VIRTIO_BLK_MAX_DISCARD_SEG)
		return VIRTIO_BLK_S_IOERR;
	for (uint32_t off = 0; off < nbytes; off += BLK_DWZ_SEG_SIZE) {
		uint8_t s[BLK_DWZ_SEG_SIZE];
		uint64_t sector;
		uint32_t num, flags;
		iov_to_buf(e->iov, e->nout, BLK_HDR_SIZE + off, s, sizeof(s));
		memcpy(&sector, s, 8);
		memcpy(&num, s + 8, 4);
		memcpy(&flags, s + 12, 4);
		sector = le64toh(sector);
		num = le32toh(num);
		flags = le32toh(flags);
		/* Only WRITE_ZEROES knows a flag (unmap). */
		if (flags & ~(wz ? VIRTIO_BLK_WRITE_ZEROES_FLAG_UNMAP : 0u))
			return VIRTIO_BLK_S_UNSUPP;
		if (num > VIRTIO_BLK_MAX_DISCARD_SECTORS || !virtio_blk_range_ok(blk, sector, num))
			return VIRTIO_BLK_S_IOERR;
		uint64_t start = sector * VIRTIO_BLK_SECTOR, len = (uint64_t)num * VIRTIO_BLK_SECTOR;
		if (!len)
			continue;
		int r;
		if (blk->is_blockdev) {
			uint64_t range[2] = { start, len };
			r = ioctl(blk->fd, wz ? BLKZEROOUT : BLKDISCARD, range);
		} else {
			/* Punching keeps reads zero, so it also serves an unmapping
			 * WRITE_ZEROES. */
			int mode = !wz || (flags & VIRTIO_BLK_WRITE_ZEROES_FLAG_UNMAP) ?
				   FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE :
				   FALLOC_FL_ZERO_RANGE | FALLOC_FL_KEEP_SIZE;
			r = fallocate(blk->fd, mode, (off_t)start, (off_t)len);
			if (r < 0 && wz && errno == EOPNOTSUPP && mode & FALLOC_FL_ZERO_RANGE)
				r = fallocate(blk->fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE,
					      (off_t)start, (off_t)len);
		}
		/* A discard is a hint: a file system without holes may ignore it. */
		if (r < 0 && !(!wz && errno == EOPNOTSUPP)) {
			virtio_blk_io_error(blk, wz ? "write zeroes" : "discard", errno);
			return VIRTIO_BLK_S_IOERR;
		}
	}
	return VIRTIO_BLK_S_OK;
}

/* --- asynchronous requests ----------------------------------------------- */

struct virtio_blk_req {
	struct aio_op op;
	struct virtio_blk *blk;
	struct virtqueue *vq;
	struct virtq_elem elem;     /* elem.iov: iov[0 .. nout+nin) */
	uint8_t *status;            /* the status byte in guest RAM */
	uint32_t len;               /* bytes to transfer (0: a flush) */
	uint32_t written;           /* device-writable bytes filled on success */
	struct iovec iov[];         /* the chain, then the data segments */
};

/* With dev->lock held (aio_reap runs under it). */
static void virtio_blk_req_done(struct aio_op *op, int res)
{
	struct virtio_blk_req *req = (struct virtio_blk_req *)op;
	struct virtio_blk *blk = req->blk;
	struct virtio_dev *dev = &blk->vdev;
	uint8_t status = VIRTIO_BLK_S_OK;
	if (res < 0 || (uint32_t)res != req->len) {
		virtio_blk_io_error(blk, req->len ? "image read/write" : "image flush",
				    res < 0 ? -res : EIO);
		status = VIRTIO_BLK_S_IOERR;
	}
	/* After a reset or a queue failure the chain is no longer the
	 * driver's to get back (the reset waited for this I/O). */
	if (virtio_vq_begin(dev, req->vq)) {
		*req->status = status;
		virtq_push(dev, req->vq, &req->elem, (status ? 0 : req->written) + 1);
		virtio_vq_end(dev, req->vq);
	}
	blk->inflight_q[req->vq->index]--;
	if (!--blk->inflight)
		pthread_cond_broadcast(&blk->idle);
	free(req);
}

/* Hand a read, write (len > 0) or flush (len 0) to aio.  Returns false
 * when it must be done synchronously instead. */
static bool virtio_blk_submit(struct virtio_blk *blk, struct virtqueue *vq,
			      const struct virtq_elem *e, uint8_t *status, size_t skip,
			      uint32_t len, uint64_t sector, bool write)
{
	if (!blk->aio)
		return false;
	unsigned nchain = e->nout + e->nin;
	struct virtio_blk_req *req = malloc(sizeof(*req) + 2 * nchain * sizeof(struct iovec));
	if (!req)
		return false;
	*req = (struct virtio_blk_req){
		.op = { virtio_blk_req_done }, .blk = blk, .vq = vq, .elem = *e,
		.status = status, .len = len, .written = write ? 0 : len,
	};
	memcpy(req->iov, e->iov, nchain * sizeof(struct iovec));
	req->elem.iov = req->iov;
	int r;
	if (!len) {
		r = aio_fdatasync(blk->aio, blk->fd, &req->op);
	} else {
		const struct iovec *src = write ? req->iov : req->iov + e->nout;
		unsigned nsrc = write ? e->nout : e->nin;
		struct iovec *seg = req->iov + nchain;
		unsigned cnt = virtio_blk_segments(src, nsrc, skip, len, seg);
		off_t off = (off_t)(sector * VIRTIO_BLK_SECTOR);
		int fd = virtio_blk_fd_for(blk, seg, cnt, (uint64_t)off, len, write);
		r = write ? aio_writev(blk->aio, fd, seg, cnt, (uint64_t)off, &req->op) :
			    aio_readv(blk->aio, fd, seg, cnt, (uint64_t)off, &req->op);
	}
	if (r < 0) {
		free(req);
		return false;
	}
	blk->inflight++;
	blk->inflight_q[vq->index]++;
	return true;
}

/* --- requests ------------------------------------------------------------ */

/* One request; returns -1 if it broke the queue. */
static int virtio_blk_request(struct virtio_blk *blk, struct virtqueue *vq,
			      const struct virtq_elem *e)
{
	struct virtio_dev *dev = &blk->vdev;
	uint8_t hdr[BLK_HDR_SIZE];
	uint32_t type;
	uint64_t sector;

	if (e->out_len < BLK_HDR_SIZE) {
		virtio_dev_fail(dev, vq, "request %u has %u device-readable bytes, no 16-byte header",
				e->head, e->out_len);
		return -1;
	}
	if (e->in_len < 1) {
		virtio_dev_fail(dev, vq, "request %u has no device-writable status byte", e->head);
		return -1;
	}
	iov_to_buf(e->iov, e->nout, 0, hdr, sizeof(hdr));
	memcpy(&type, hdr, 4);
	memcpy(&sector, hdr + 8, 8);
	type = le32toh(type);
	sector = le64toh(sector);

	const struct iovec *in = e->iov + e->nout;
	uint32_t data_out = e->out_len - BLK_HDR_SIZE;   /* write data */
	uint32_t data_in = e->in_len - 1;                /* read data; status after it */
	/* The status byte: the last device-writable byte (zero-length
	 * descriptors are not in the chain). */
	const struct iovec *last = &in[e->nin - 1];
	uint8_t *status_p = (uint8_t *)last->iov_base + last->iov_len - 1;
	uint32_t written = 0;
	uint8_t status;

	switch (type) {
	case VIRTIO_BLK_T_IN:
	case VIRTIO_BLK_T_OUT: {
		bool write = type == VIRTIO_BLK_T_OUT;
		uint32_t len = write ? data_out : data_in;
		if (write ? data_in : data_out) {
			virtio_dev_fail(dev, vq, "%s request %u has %s data buffers", write ?
					"write" : "read", e->head, write ? "device-writable" :
					"device-readable");
			return -1;
		}
		/* 5.2.6.2: a read-only device fails writes and writes nothing. */
		if (len % VIRTIO_BLK_SECTOR ||
		    !virtio_blk_range_ok(blk, sector, len / VIRTIO_BLK_SECTOR) ||
		    (write && blk->readonly)) {
			status = VIRTIO_BLK_S_IOERR;
			break;
		}
		if (virtio_blk_submit(blk, vq, e, status_p, write ? BLK_HDR_SIZE : 0, len, sector,
				      write))
			return 0;
		unsigned cnt = write ? virtio_blk_segments(e->iov, e->nout, BLK_HDR_SIZE, len, blk->seg) :
				       virtio_blk_segments(in, e->nin, 0, len, blk->seg);
		status = virtio_blk_rw_sync(blk, blk->seg, cnt, (off_t)(sector * VIRTIO_BLK_SECTOR),
					    len, write);
		if (status == VIRTIO_BLK_S_OK && !write)
			written = len;
		break;
	}
	case VIRTIO_BLK_T_FLUSH:
		status = VIRTIO_BLK_S_OK;
		if (blk->readonly)
			break;
		if (virtio_blk_submit(blk, vq, e, status_p, 0, 0, 0, false))
			return 0;
		if (fdatasync(blk->fd) < 0) {
			virtio_blk_io_error(blk, "image flush", errno);
			status = VIRTIO_BLK_S_IOERR;
		}
		break;
	case VIRTIO_BLK_T_GET_ID:
		if (data_out) {
			virtio_dev_fail(dev, vq, "GET_ID request %u has device-readable data buffers",
					e->head);
			return -1;
		}
		/* 5.2.6.1: the driver gives 20 bytes. */
		if (data_in < VIRTIO_BLK_ID_BYTES) {
			status = VIRTIO_BLK_S_IOERR;
			break;
		}
		written = (uint32_t)iov_from_buf(in, e->nin, 0, blk->id, VIRTIO_BLK_ID_BYTES);
		status = VIRTIO_BLK_S_OK;
		break;
	case VIRTIO_BLK_T_DISCARD:
	case VIRTIO_BLK_T_WRITE_ZEROES:
		if (data_in) {
			virtio_dev_fail(dev, vq, "discard/write-zeroes request %u has device-writable "
					"data buffers", e->head);
			return -1;
		}
		status = virtio_blk_dwz(blk, e, type, data_out);
		break;
	default:
		status = VIRTIO_BLK_S_UNSUPP;
		break;
	}
	*status_p = status;
	virtq_push(dev, vq, e, written + 1);
	return 0;
}

/* Take requests from vq (dev->lock held, inside a begin/end run).  A
 * thread with I/O in flight stops at QueueNum requests per queue: a guest
 * reusing heads cannot make it allocate without bound. */
static void virtio_blk_run_queue(struct virtio_blk *blk, struct virtqueue *vq)
{
	struct virtio_dev *dev = &blk->vdev;
	struct virtq_elem e;
	/* A swap waits for the requests in flight: no new ones meanwhile, or
	 * a busy guest could keep it waiting forever (picked up after it). */
	if (blk->swapping)
		return;
	while (blk->inflight_q[vq->index] < vq->num && virtq_pop(dev, vq, &e) > 0)
		if (virtio_blk_request(blk, vq, &e) < 0)
			return;
}

static void virtio_blk_kick(struct virtio_blk *blk)
{
	uint64_t one = 1;
	ssize_t r = write(blk->kick_fd, &one, sizeof(one));
	(void)r;   /* EAGAIN: already signalled */
}

static void virtio_blk_queue_notify(struct virtio_dev *dev, struct virtqueue *vq)
{
	struct virtio_blk *blk = to_blk(dev);
	if (blk->running)
		virtio_blk_kick(blk);
	else
		virtio_blk_run_queue(blk, vq);
}

/* Status 0 and snapshots (dev->lock held): requests in flight still write
 * guest memory, which the driver may reuse once the reset is done (or a
 * snapshot would miss), so wait for them. */
static void virtio_blk_drain(struct virtio_dev *dev)
{
	struct virtio_blk *blk = to_blk(dev);
	while (blk->inflight)
		pthread_cond_wait(&blk->idle, &dev->lock);
}

static const struct virtio_dev_ops virtio_blk_ops = {
	.name = "blk",
	.device_id = VIRTIO_ID_BLOCK,
	.config_read = virtio_blk_config_read,
	.queue_notify = virtio_blk_queue_notify,
	.reset = virtio_blk_drain,
	.quiesce = virtio_blk_drain,
};

/* --- the device thread --------------------------------------------------- */

/* Run every queue; true when some queue has requests left for later. */
static bool virtio_blk_run_all(struct virtio_blk *blk)
{
	struct virtio_dev *dev = &blk->vdev;
	bool more = false;
	pthread_mutex_lock(&dev->lock);
	for (unsigned i = 0; i < dev->nvqs; i++) {
		struct virtqueue *vq = &dev->vqs[i];
		if (!virtio_vq_begin(dev, vq))
			continue;
		virtio_blk_run_queue(blk, vq);
		virtio_vq_end(dev, vq);
		more |= vq->pending;
	}
	pthread_mutex_unlock(&dev->lock);
	if (blk->aio)
		aio_submit(blk->aio);
	return more;
}

static void virtio_blk_reap(struct virtio_blk *blk)
{
	pthread_mutex_lock(&blk->vdev.lock);
	aio_reap(blk->aio);
	pthread_mutex_unlock(&blk->vdev.lock);
}

static void *virtio_blk_thread(void *opaque)
{
	struct virtio_blk *blk = opaque;
	bool more = true, stopping = false;
	for (;;) {
		struct pollfd fds[3] = {
			{ .fd = blk->kick_fd, .events = POLLIN },
			{ .fd = blk->stop_fd, .events = POLLIN },
			{ .fd = blk->aio ? aio_fd(blk->aio) : -1, .events = POLLIN },
		};
		pthread_mutex_lock(&blk->vdev.lock);
		bool busy = blk->inflight != 0;
		pthread_mutex_unlock(&blk->vdev.lock);
		if (stopping && !busy)
			break;
		if (poll(fds, 3, more && !stopping ? 0 : -1) < 0 && errno != EINTR)
			break;
		if (fds[1].revents)
			stopping = true;
		if (fds[2].revents)
			virtio_blk_reap(blk);
		more = false;
		if (fds[0].revents) {
			uint64_t v;
			ssize_t r = read(blk->kick_fd, &v, sizeof(v));
			(void)r;
		}
		/* Also after completions: queues held back at the in-flight cap
		 * continue.  Reads the host has cached complete within the submit,
		 * so reap at once rather than after another trip through poll. */
		if (!stopping) {
			more = virtio_blk_run_all(blk);
			if (blk->aio)
				virtio_blk_reap(blk);
		}
	}
	return NULL;
}

int virtio_blk_start(struct virtio_blk *blk)
{
	blk->kick_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	blk->stop_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (blk->kick_fd < 0 || blk->stop_fd < 0) {
		int err = errno;
		fprintf(stderr, "rvkvm: virtio-blk: eventfd: %s\n", strerror(err));
		return -err;
	}
	int r = aio_init(&blk->aio, VIRTIO_BLK_QUEUE_SIZE);
	if (r < 0) {
		blk->aio = NULL;
		fprintf(stderr, "rvkvm: virtio-blk: io_uring unavailable (%s): synchronous I/O in "
			"the device thread\n", strerror(-r));
	}
	pthread_mutex_lock(&blk->vdev.lock);
	blk->running = true;
	pthread_mutex_unlock(&blk->vdev.lock);
	int e = pthread_create(&blk->thread, NULL, virtio_blk_thread, blk);
	if (e) {
		blk->running = false;
		fprintf(stderr, "rvkvm: virtio-blk: cannot start the device thread: %s\n", strerror(e));
		return -e;
	}
	return 0;
}

/* --- migration hand-over -------------------------------------------------- */

int virtio_blk_lock(struct virtio_blk *blk, unsigned timeout_ms)
{
	if (blk->locked)
		return 0;
	for (unsigned waited = 0;; waited += 10) {
		if (!flock(blk->fd, (blk->readonly ? LOCK_SH : LOCK_EX) | LOCK_NB)) {
			blk->locked = true;
			return 0;
		}
		if (errno != EWOULDBLOCK || waited >= timeout_ms)
			return -errno;
		usleep(10000);
	}
}

int virtio_blk_unlock(struct virtio_blk *blk)
{
	if (!blk->locked)
		return 0;
	/* What the guest was told is written reaches the image before another
	 * process may take it. */
	if (!blk->readonly && fdatasync(blk->fd) < 0 && errno != EINVAL)
		return -errno;
	if (flock(blk->fd, LOCK_UN) < 0)
		return -errno;
	blk->locked = false;
	return 0;
}

/* --- set-up -------------------------------------------------------------- */

static void put_le32(uint8_t *p, uint32_t v)
{
	v = htole32(v);
	memcpy(p, &v, 4);
}

static void put_le16(uint8_t *p, uint16_t v)
{
	v = htole16(v);
	memcpy(p, &v, 2);
}

/* The image's descriptor, opened as the device uses it (read-only or
 * read-write), or -errno with the reason in err. */
static int virtio_blk_open(const char *path, bool readonly, char *err, size_t errlen)
{
	int fd = open(path, (readonly ? O_RDONLY : O_RDWR) | O_CLOEXEC);
	if (fd < 0)
		return say(err, errlen, -errno, "cannot open %s: %s", path, strerror(errno));
	return fd;
}

/* Two writers on one image corrupt it: take the lock qemu-img-style tools
 * would see (shared for a read-only image). */
static int virtio_blk_flock(int fd, const char *path, bool readonly, char *err, size_t errlen)
{
	if (flock(fd, (readonly ? LOCK_SH : LOCK_EX) | LOCK_NB) < 0)
		return say(err, errlen, -errno, "%s is in use by another process: %s", path,
			   strerror(errno));
	return 0;
}

/* The image's size in sectors (a partial last sector is left out, with a
 * warning) and whether it is a block device. */
static int virtio_blk_size(int fd, const char *path, uint64_t *sectors, bool *is_blockdev,
			   char *err, size_t errlen)
{
	struct stat st;
	off_t size = lseek(fd, 0, SEEK_END);
	if (size < 0 || fstat(fd, &st) < 0)
		return say(err, errlen, -errno, "cannot size %s: %s", path, strerror(errno));
	if (size % VIRTIO_BLK_SECTOR)
		fprintf(stderr, "rvkvm: virtio-blk: %s: size is not a multiple of 512; the last "
			"%lld bytes are not visible to the guest\n", path,
			(long long)(size % VIRTIO_BLK_SECTOR));
	*sectors = (uint64_t)size / VIRTIO_BLK_SECTOR;
	*is_blockdev = S_ISBLK(st.st_mode);
	return 0;
}

/* The O_DIRECT twin of an image's descriptor (a second open file: the
 * lock is the first one's), or -1 where the file system has no O_DIRECT.
 * With `direct` it does the device's I/O and is missed aloud; without,
 * it only reads (cold ranges) and may be missing without a word. */
static int virtio_blk_open_direct(const char *path, bool readonly, bool direct)
{
	int fd = open(path, (readonly || !direct ? O_RDONLY : O_RDWR) | O_DIRECT | O_CLOEXEC);
	if (fd < 0 && direct)
		fprintf(stderr, "rvkvm: virtio-blk: %s: no O_DIRECT here (%s): the host's "
			"page cache stays in the path\n", path, strerror(errno));
	return fd;
}

/* The capacity field of the configuration space (5.2.4). */
static void virtio_blk_set_capacity(struct virtio_blk *blk, uint64_t sectors)
{
	uint64_t cap = htole64(sectors);
	blk->capacity = sectors;
	memcpy(blk->config, &cap, 8);
}

int virtio_blk_init(struct virtio_blk *blk, const struct virtio_blk_opts *opts)
{
	char err[256];
	memset(blk, 0, sizeof(*blk));
	blk->fd = blk->fd_direct = blk->kick_fd = blk->stop_fd = -1;
	blk->readonly = opts->readonly;
	blk->direct = opts->direct;
	unsigned nq = opts->num_queues ? opts->num_queues : 1;
	if (nq > VIRTIO_BLK_MAX_QUEUES)
		return -EINVAL;
	int fd = virtio_blk_open(opts->path, opts->readonly, err, sizeof(err));
	int r = fd < 0 ? fd : 0;
	uint64_t sectors = 0;
	if (!r && !opts->defer_lock)
		r = virtio_blk_flock(fd, opts->path, opts->readonly, err, sizeof(err));
	if (!r)
		r = virtio_blk_size(fd, opts->path, &sectors, &blk->is_blockdev, err, sizeof(err));
	if (r < 0) {
		fprintf(stderr, "rvkvm: virtio-blk: %s\n", err);
		if (fd >= 0)
			close(fd);
		return r;
	}
	blk->fd = fd;
	blk->locked = !opts->defer_lock;
	blk->fd_direct = virtio_blk_open_direct(opts->path, opts->readonly, opts->direct);
	blk->cold_direct = !opts->direct && blk->fd_direct >= 0;
	/* 5.2.4: capacity, seg_max, blk_size, num_queues, the discard and
	 * write-zeroes limits; the rest stays zero. */
	virtio_blk_set_capacity(blk, sectors);
	put_le32(blk->config + 12, VIRTIO_BLK_QUEUE_SIZE - 2);   /* header and status */
	put_le32(blk->config + 20, VIRTIO_BLK_SECTOR);
	put_le16(blk->config + 34, (uint16_t)nq);
	put_le32(blk->config + 36, VIRTIO_BLK_MAX_DISCARD_SECTORS);
	put_le32(blk->config + 40, VIRTIO_BLK_MAX_DISCARD_SEG);
	put_le32(blk->config + 44, 4096 / VIRTIO_BLK_SECTOR);   /* discard alignment */
	put_le32(blk->config + 48, VIRTIO_BLK_MAX_DISCARD_SECTORS);
	put_le32(blk->config + 52, VIRTIO_BLK_MAX_DISCARD_SEG);
	blk->config[56] = 1;                                      /* write_zeroes_may_unmap */
	const char *serial = opts->serial ? opts->serial : "rvkvm-blk";
	strncpy(blk->id, serial, sizeof(blk->id));  /* zero-padded, maybe unterminated */

	uint64_t features = VIRTIO_BIT(VIRTIO_BLK_F_SEG_MAX) | VIRTIO_BIT(VIRTIO_BLK_F_BLK_SIZE) |
			    VIRTIO_BIT(VIRTIO_BLK_F_FLUSH) | VIRTIO_BIT(VIRTIO_BLK_F_MQ);
	if (opts->readonly)
		features |= VIRTIO_BIT(VIRTIO_BLK_F_RO);
	else
		features |= VIRTIO_BIT(VIRTIO_BLK_F_DISCARD) | VIRTIO_BIT(VIRTIO_BLK_F_WRITE_ZEROES);
	uint16_t qsize[VIRTIO_BLK_MAX_QUEUES];
	for (unsigned i = 0; i < nq; i++)
		qsize[i] = VIRTIO_BLK_QUEUE_SIZE;
	r = virtio_dev_init(&blk->vdev, &virtio_blk_ops, features, VIRTIO_BLK_CONFIG_SIZE,
			    nq, qsize);
	if (r < 0) {
		close(fd);
		if (blk->fd_direct >= 0)
			close(blk->fd_direct);
		blk->fd = blk->fd_direct = -1;
		return r;
	}
	pthread_cond_init(&blk->idle, NULL);
	return 0;
}

void virtio_blk_exit(struct virtio_blk *blk)
{
	if (blk->running) {
		uint64_t one = 1;
		ssize_t r = write(blk->stop_fd, &one, sizeof(one));
		(void)r;
		pthread_join(blk->thread, NULL);   /* after the I/O in flight is done */
		blk->running = false;
	}
	aio_destroy(blk->aio);
	blk->aio = NULL;
	if (blk->kick_fd >= 0)
		close(blk->kick_fd);
	if (blk->stop_fd >= 0)
		close(blk->stop_fd);
	blk->kick_fd = blk->stop_fd = -1;
	if (blk->vdev.ops) {
		virtio_dev_exit(&blk->vdev);
		pthread_cond_destroy(&blk->idle);
	}
	if (blk->fd_direct >= 0)
		close(blk->fd_direct);
	if (blk->fd >= 0)
		close(blk->fd);
	blk->fd = blk->fd_direct = -1;
}

/* --- another image (PATCH /drives) ----------------------------------------- */

int virtio_blk_swap(struct virtio_blk *blk, const char *path, char *err, size_t errlen)
{
	struct virtio_dev *dev = &blk->vdev;
	struct stat st, cur;
	uint64_t sectors;
	bool is_blockdev;
	int fd = virtio_blk_open(path, blk->readonly, err, errlen);
	if (fd < 0)
		return fd;
	if (fstat(fd, &st) < 0 || fstat(blk->fd, &cur) < 0) {
		int rc = say(err, errlen, -errno, "cannot stat %s: %s", path, strerror(errno));
		close(fd);
		return rc;
	}
	if (!S_ISREG(st.st_mode) && !S_ISBLK(st.st_mode)) {
		close(fd);
		return say(err, errlen, -EINVAL, "%s is not a regular file or block device", path);
	}
	/* The image in use (resized on the host): our own flock would refuse
	 * a second open file of it, and there is nothing to swap, only the
	 * size to read again. */
	bool same = st.st_dev == cur.st_dev && st.st_ino == cur.st_ino;
	int rc = same ? 0 : virtio_blk_flock(fd, path, blk->readonly, err, errlen);
	if (!rc)
		rc = virtio_blk_size(fd, path, &sectors, &is_blockdev, err, errlen);
	if (rc < 0) {
		close(fd);
		return rc;
	}
	int fd_direct = -1;
	if (same) {
		close(fd);
		fd = -1;
	} else {
		fd_direct = virtio_blk_open_direct(path, blk->readonly, blk->direct);
	}

	pthread_mutex_lock(&dev->lock);
	/* Requests already handed to the host finish on the old image; the
	 * ones the guest queues meanwhile wait for the new one. */
	blk->swapping = true;
	virtio_blk_drain(dev);
	int old = -1, old_direct = -1;
	if (!same) {
		old = blk->fd;
		old_direct = blk->fd_direct;
		blk->fd = fd;
		blk->fd_direct = fd_direct;
		blk->cold_direct = !blk->direct && fd_direct >= 0;
		blk->is_blockdev = is_blockdev;
		blk->locked = true;
		blk->io_error_logged = false;
	}
	blk->swapping = false;
	virtio_blk_set_capacity(blk, sectors);
	/* The driver reads the capacity again on a configuration change
	 * (2.5.1: with ConfigGeneration bumped, a read in progress retries). */
	virtio_dev_config_changed(dev);
	pthread_mutex_unlock(&dev->lock);
	if (blk->running)
		virtio_blk_kick(blk);   /* what the guest queued during the drain */

	/* Closing releases the old image's flock. */
	if (old_direct >= 0)
		close(old_direct);
	if (old >= 0)
		close(old);
	return 0;
}
