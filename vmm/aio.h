/* SPDX-License-Identifier: MIT */
/* Asynchronous file I/O for device threads: a thin io_uring engine
 * (liburing).  The owner thread queues reads, writes and data syncs, each
 * with a struct aio_op whose done() runs on that same thread from
 * aio_reap() with the result (bytes, or -errno).  aio_fd() becomes
 * readable when completions wait, so the thread can poll it along with
 * its other descriptors.  Not thread-safe: one owner thread. */
#ifndef VMM_AIO_H
#define VMM_AIO_H

#include <stdint.h>
#include <sys/uio.h>

struct aio;

struct aio_op {
	void (*done)(struct aio_op *op, int res);
};

/* A ring of `entries` submissions.  Fails with -errno where io_uring is
 * not available (old kernels, seccomp profiles that forbid it): callers
 * then do their I/O synchronously. */
int aio_init(struct aio **out, unsigned entries);
void aio_destroy(struct aio *a);
int aio_fd(const struct aio *a);
/* Queue an operation; 0, or -EBUSY when the ring is full even after
 * submitting what was queued (do it synchronously instead). */
int aio_readv(struct aio *a, int fd, const struct iovec *iov, unsigned n, uint64_t off,
	      struct aio_op *op);
int aio_writev(struct aio *a, int fd, const struct iovec *iov, unsigned n, uint64_t off,
	       struct aio_op *op);
int aio_fdatasync(struct aio *a, int fd, struct aio_op *op);
/* Hand the queued operations to the kernel. */
void aio_submit(struct aio *a);
/* Run done() for every completed operation; returns how many. */
unsigned aio_reap(struct aio *a);

#endif
