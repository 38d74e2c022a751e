// SPDX-License-Identifier: MIT
/* virtio-blk on a raw image (virtio 1.2, 5.2).  A request is a chain of
 * device-readable bytes (a 16-byte header, then the data of a write)
 * followed by device-writable bytes (the data of a read, then one status
 * byte), laid out over descriptors in any way (2.7.4).
 *
 * A chain without a header or a status byte, or with data in the wrong
 * direction, breaks the queue (DEVICE_NEEDS_RESET); a well-formed request
 * the device cannot serve (out of range, odd length, read-only, unknown
 * type) completes with VIRTIO_BLK_S_IOERR or _UNSUPP. */
#include "vmm/virtio/blk.h"

#include <endian.h>
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/uio.h>
#include <unistd.h>

#define BLK_HDR_SIZE 16   /* le32 type, le32 reserved, le64 sector */

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

/* Read or write `len` bytes at `sector` from/to iov[0..n) after skipping
 * `skip` bytes of it.  Returns a VIRTIO_BLK_S_* status. */
static uint8_t virtio_blk_rw(struct virtio_blk *blk, const struct iovec *iov, unsigned n,
			     size_t skip, uint32_t len, uint64_t sector, bool write)
{
	if (len % VIRTIO_BLK_SECTOR)
		return VIRTIO_BLK_S_IOERR;
	uint64_t nsec = len / VIRTIO_BLK_SECTOR;
	if (sector > blk->capacity || nsec > blk->capacity - sector)
		return VIRTIO_BLK_S_IOERR;

	unsigned cnt = 0;
	size_t want = len;
	for (unsigned i = 0; i < n && want; i++) {
		size_t l = iov[i].iov_len;
		if (skip >= l) {
			skip -= l;
			continue;
		}
		size_t c = l - skip < want ? l - skip : want;
		blk->seg[cnt].iov_base = (uint8_t *)iov[i].iov_base + skip;
		blk->seg[cnt].iov_len = c;
		cnt++;
		want -= c;
		skip = 0;
	}

	struct iovec *v = blk->seg;
	off_t off = (off_t)(sector * VIRTIO_BLK_SECTOR);
	while (cnt) {
		ssize_t r = write ? pwritev(blk->fd, v, (int)cnt, off) : preadv(blk->fd, v, (int)cnt, off);
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
	uint32_t written = 0;
	uint8_t status;

	switch (type) {
	case VIRTIO_BLK_T_IN:
		if (data_out) {
			virtio_dev_fail(dev, vq, "read request %u has device-readable data buffers",
					e->head);
			return -1;
		}
		status = virtio_blk_rw(blk, in, e->nin, 0, data_in, sector, false);
		if (status == VIRTIO_BLK_S_OK)
			written = data_in;
		break;
	case VIRTIO_BLK_T_OUT:
		if (data_in) {
			virtio_dev_fail(dev, vq, "write request %u has device-writable data buffers",
					e->head);
			return -1;
		}
		/* 5.2.6.2: a read-only device fails writes and writes nothing. */
		status = blk->readonly ? VIRTIO_BLK_S_IOERR :
			 virtio_blk_rw(blk, e->iov, e->nout, BLK_HDR_SIZE, data_out, sector, true);
		break;
	case VIRTIO_BLK_T_FLUSH:
		status = VIRTIO_BLK_S_OK;
		if (!blk->readonly && fdatasync(blk->fd) < 0) {
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
	default:
		status = VIRTIO_BLK_S_UNSUPP;
		break;
	}
	iov_from_buf(in, e->nin, data_in, &status, 1);
	virtq_push(dev, vq, e, written + 1);
	return 0;
}

static void virtio_blk_queue_notify(struct virtio_dev *dev, struct virtqueue *vq)
{
	struct virtio_blk *blk = to_blk(dev);
	struct virtq_elem e;
	while (virtq_pop(dev, vq, &e) > 0)
		if (virtio_blk_request(blk, vq, &e) < 0)
			return;
}

static const struct virtio_dev_ops virtio_blk_ops = {
	.name = "blk",
	.device_id = VIRTIO_ID_BLOCK,
	.config_read = virtio_blk_config_read,
	.queue_notify = virtio_blk_queue_notify,
};

static void put_le32(uint8_t *p, uint32_t v)
{
	v = htole32(v);
	memcpy(p, &v, 4);
}

int virtio_blk_init(struct virtio_blk *blk, const struct virtio_blk_opts *opts)
{
	memset(blk, 0, sizeof(*blk));
	blk->fd = -1;
	blk->readonly = opts->readonly;
	int fd = open(opts->path, (opts->readonly ? O_RDONLY : O_RDWR) | O_CLOEXEC);
	if (fd < 0) {
		int err = errno;
		fprintf(stderr, "rvkvm: virtio-blk: cannot open %s: %s\n", opts->path, strerror(err));
		return -err;
	}
	/* Two writers on one image corrupt it: take the lock qemu-img-style
	 * tools would see. */
	if (flock(fd, (opts->readonly ? LOCK_SH : LOCK_EX) | LOCK_NB) < 0) {
		int err = errno;
		fprintf(stderr, "rvkvm: virtio-blk: %s is in use by another process: %s\n",
			opts->path, strerror(err));
		close(fd);
		return -err;
	}
	off_t size = lseek(fd, 0, SEEK_END);
	if (size < 0) {
		int err = errno;
		fprintf(stderr, "rvkvm: virtio-blk: cannot size %s: %s\n", opts->path, strerror(err));
		close(fd);
		return -err;
	}
	if (size % VIRTIO_BLK_SECTOR)
		fprintf(stderr, "rvkvm: virtio-blk: %s: size is not a multiple of 512; the last "
			"%lld bytes are not visible to the guest\n", opts->path,
			(long long)(size % VIRTIO_BLK_SECTOR));
	blk->fd = fd;
	blk->capacity = (uint64_t)size / VIRTIO_BLK_SECTOR;

	/* 5.2.4: capacity, seg_max, blk_size; the rest stays zero. */
	uint64_t cap = htole64(blk->capacity);
	memcpy(blk->config, &cap, 8);
	put_le32(blk->config + 12, VIRTIO_BLK_QUEUE_SIZE - 2);   /* header and status */
	put_le32(blk->config + 20, VIRTIO_BLK_SECTOR);
	const char *serial = opts->serial ? opts->serial : "rvkvm-blk";
	strncpy(blk->id, serial, sizeof(blk->id));  /* zero-padded, maybe unterminated */

	uint64_t features = VIRTIO_BIT(VIRTIO_BLK_F_SEG_MAX) | VIRTIO_BIT(VIRTIO_BLK_F_BLK_SIZE) |
			    VIRTIO_BIT(VIRTIO_BLK_F_FLUSH);
	if (opts->readonly)
		features |= VIRTIO_BIT(VIRTIO_BLK_F_RO);
	uint16_t qsize = VIRTIO_BLK_QUEUE_SIZE;
	int r = virtio_dev_init(&blk->vdev, &virtio_blk_ops, features, VIRTIO_BLK_CONFIG_SIZE,
				1, &qsize);
	if (r < 0) {
		close(fd);
		blk->fd = -1;
		return r;
	}
	return 0;
}

void virtio_blk_exit(struct virtio_blk *blk)
{
	virtio_dev_exit(&blk->vdev);
	if (blk->fd >= 0)
		close(blk->fd);
	blk->fd = -1;
}
