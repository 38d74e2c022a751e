/* SPDX-License-Identifier: MIT */
/* The Uffd memory backend of a snapshot restore, as Firecracker's: guest
 * RAM is anonymous memory registered with a userfaultfd for MISSING
 * faults, and an external page-fault handler, listening on a unix socket,
 * serves them (UFFDIO_COPY) from the memory file it maps itself.  The VMM
 * never reads the memory file.
 *
 * The handshake is one message on the connected socket: the userfaultfd
 * as SCM_RIGHTS, and as data Firecracker's JSON array, one object per
 * guest memory region (rvkvm has one, its RAM, at offset 0 of the memory
 * file; the file's footer follows it):
 *   [{"base_host_virt_addr":A,"size":S,"offset":0,"page_size":4096,
 *     "page_size_kib":4096}]
 * page_size_kib is Firecracker's deprecated name for page_size (in bytes
 * too, despite the name); both are sent so handlers of either age work.
 * Nothing else crosses the socket.  It stays open while the VMM lives:
 * its closing tells the handler the VMM is gone, and the handler's closing
 * tells the VMM nobody serves its pages any more.
 *
 * The handler holds a userfaultfd on the VMM's address space: it is as
 * trusted as the VMM (as in Firecracker).  What the VMM guards against is
 * a handler that is not there, fails or goes away. */
#ifndef VMM_SNAPSHOT_UFFD_H
#define VMM_SNAPSHOT_UFFD_H

#include <stddef.h>
#include <stdint.h>

#define SNAP_UFFD_TIMEOUT_S 5    /* connecting and sending the handshake */

/* Connect to the handler listening at path.  The socket or -errno, err
 * filled. */
int snap_uffd_connect(const char *path, char *err, size_t errlen);

/* The handshake's JSON for one region: ram[0..size) with its bytes at
 * offset 0 of the memory file.  Its length, or -ENOSPC. */
int snap_uffd_describe(char *buf, size_t len, const void *ram, uint64_t size, uint64_t page_size);

/* Register ram[0..size) (anonymous, not touched yet) with a new
 * userfaultfd and send it with the description over sock (a duplicate of
 * sock is kept).  A thread watches the socket: once the handler has hung
 * up, the first fault nobody can serve calls on_lost(ctx, why) from that
 * thread, then lets every waiting thread go on (with zero pages: on_lost
 * must stop the guest).  0 or -errno with err filled. */
struct snap_uffd;
int snap_uffd_start(struct snap_uffd **out, int sock, void *ram, uint64_t size,
		    void (*on_lost)(void *ctx, const char *why), void *ctx, char *err,
		    size_t errlen);
/* Unregister guest RAM and close both descriptors (the handler sees the
 * socket close).  Once nothing touches guest RAM any more. */
void snap_uffd_free(struct snap_uffd *u);

#endif
