// SPDX-License-Identifier: MIT
/* The io_uring engine (see aio.h).  Completions are announced on an
 * eventfd registered with the ring (IORING_REGISTER_EVENTFD); the kernel
 * keeps completions that overflow the CQ ring (IORING_FEAT_NODROP), so
 * nothing is lost when many operations finish at once. */
#include "vmm/aio.h"

#include <errno.h>
#include <liburing.h>
#include <stdlib.h>
#include <sys/eventfd.h>
#include <unistd.h>

struct aio {
	struct io_uring ring;
	int efd;
	unsigned queued;     /* prepared, not yet submitted */
};

int aio_init(struct aio **out, unsigned entries)
{
	struct aio *a = calloc(1, sizeof(*a));
	if (!a)
		return -ENOMEM;
	int r = io_uring_queue_init(entries, &a->ring, 0);
	if (r < 0) {
		free(a);
		return r;
	}
	a->efd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (a->efd < 0 || (r = io_uring_register_eventfd(&a->ring, a->efd)) < 0) {
		r = a->efd < 0 ? -errno : r;
		if (a->efd >= 0)
			close(a->efd);
		io_uring_queue_exit(&a->ring);
		free(a);
		return r;
	}
	*out = a;
	return 0;
}

void aio_destroy(struct aio *a)
{
	if (!a)
		return;
	io_uring_queue_exit(&a->ring);
	close(a->efd);
	free(a);
}

int aio_fd(const struct aio *a)
{
	return a->efd;
}

static struct io_uring_sqe *aio_sqe(struct aio *a)
{
	struct io_uring_sqe *sqe = io_uring_get_sqe(&a->ring);
	if (!sqe) {
		aio_submit(a);
		sqe = io_uring_get_sqe(&a->ring);
	}
	if (sqe)
		a->queued++;
	return sqe;
}

int aio_readv(struct aio *a, int fd, const struct iovec *iov, unsigned n, uint64_t off,
	      struct aio_op *op)
{
	struct io_uring_sqe *sqe = aio_sqe(a);
	if (!sqe)
		return -EBUSY;
	io_uring_prep_readv(sqe, fd, iov, n, off);
	io_uring_sqe_set_data(sqe, op);
	return 0;
}

int aio_writev(struct aio *a, int fd, const struct iovec *iov, unsigned n, uint64_t off,
	       struct aio_op *op)
{
	struct io_uring_sqe *sqe = aio_sqe(a);
	if (!sqe)
		return -EBUSY;
	io_uring_prep_writev(sqe, fd, iov, n, off);
	io_uring_sqe_set_data(sqe, op);
	return 0;
}

int aio_fdatasync(struct aio *a, int fd, struct aio_op *op)
{
	struct io_uring_sqe *sqe = aio_sqe(a);
	if (!sqe)
		return -EBUSY;
	io_uring_prep_fsync(sqe, fd, IORING_FSYNC_DATASYNC);
	io_uring_sqe_set_data(sqe, op);
	return 0;
}

void aio_submit(struct aio *a)
{
	if (!a->queued)
		return;
	int r;
	do
		r = io_uring_submit(&a->ring);
	while (r == -EINTR);
	/* -EBUSY/-EAGAIN: the kernel takes them on a later submit. */
	if (r > 0)
		a->queued -= (unsigned)r < a->queued ? (unsigned)r : a->queued;
}

unsigned aio_reap(struct aio *a)
{
	uint64_t v;
	ssize_t n = read(a->efd, &v, sizeof(v));
	(void)n;   /* EAGAIN: nothing announced; look at the ring anyway */
	unsigned done = 0;
	struct io_uring_cqe *cqe;
	while (io_uring_peek_cqe(&a->ring, &cqe) == 0 && cqe) {
		struct aio_op *op = io_uring_cqe_get_data(cqe);
		int res = cqe->res;
		io_uring_cqe_seen(&a->ring, cqe);
		if (op)
			op->done(op, res);
		done++;
	}
	return done;
}
