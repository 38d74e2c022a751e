/* SPDX-License-Identifier: MIT */
/* Post-copy: the guest runs on the destination before its memory is
 * there, and each page it touches is fetched from the source on demand
 * (userfaultfd), while the source also pushes every page in order.
 *
 * After the stream's END (flag MIG_END_POSTCOPY) and the destination's
 * "running" reply, the connection carries, source -> destination, PAGES
 * and ZERO records (stream.h) for every page exactly once, then END; and
 * destination -> source, REQ records {MIG_REQ, count, first page} for the
 * pages a fault waits for, then one reply (status 0 once every page
 * arrived).  Only anonymous private guest RAM that nothing has touched
 * yet can be served this way (MISSING faults: a page that is there
 * already is never asked for).
 *
 * Nothing here touches guest RAM on the destination except through
 * UFFDIO_COPY/ZEROPAGE: a thread that read a missing page would wait for
 * itself. */
#ifndef VMM_MIGRATION_POSTCOPY_H
#define VMM_MIGRATION_POSTCOPY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MIG_REQ 16   /* record type: destination -> source, pages wanted now */

struct postcopy_progress {
	_Atomic uint64_t pages_sent;     /* source: pages pushed or requested */
	_Atomic uint64_t pages_requested;/* source: pages asked for by faults */
	_Atomic uint64_t bytes_sent;
};

/* The source, with the guest stopped for good here: every page of ram
 * (npages) to fd, the requested ones first, then END, then the
 * destination's final reply.  Pages pushed in order go at most at
 * max_bps bytes/s (0: no limit); requested ones at once.  0 or -errno
 * with err filled (the destination died or refused: the guest is lost,
 * it ran there). */
int postcopy_serve(int fd, const uint8_t *ram, uint64_t npages, uint64_t max_bps,
		   struct postcopy_progress *prog, char *err, size_t errlen);

/* The destination.  Registers ram (size bytes, page aligned, anonymous
 * and untouched) with a userfaultfd and starts a thread that turns its
 * faults into requests and the source's pages into UFFDIO_COPY.  on_done
 * is called from that thread once: with NULL when every page arrived
 * (the final reply is sent, the range unregistered), or with the reason
 * when the source went away first; then the faulting threads are let go
 * (they see zero pages: the caller must stop the guest at once).  Returns
 * the handle or NULL with err filled. */
struct postcopy_dest;
struct postcopy_dest *postcopy_dest_start(int fd, uint8_t *ram, uint64_t size,
					  void (*on_done)(void *ctx, const char *why), void *ctx,
					  char *err, size_t errlen);
/* Pages that arrived so far (for progress). */
uint64_t postcopy_dest_pages(struct postcopy_dest *d);
/* Wait for the thread and free it (closes fd).  A guest still running
 * with pages missing must be stopped first: this cuts the connection. */
void postcopy_dest_free(struct postcopy_dest *d);

#endif
