/* SPDX-License-Identifier: MIT */
/* The live-migration stream between two rvkvm processes (pre-copy):
 *
 *   source -> destination: a header {"RVKVMMIG", u32 version, u32 page
 *   size, u64 memory size}, then records {u32 type, u32 count, u64 arg,
 *   u64 len} + len bytes:
 *     CONFIG  the machine configuration as JSON (vmm/snapshot/config.c)
 *     PAGES   count pages of RAM from page index arg, their bytes
 *     ZERO    count pages from page index arg are zero (no bytes)
 *     STATE   a snapshot state image (vmm/snapshot/file.h) of the paused
 *             machine: vCPUs, irqchip, devices
 *     END     nothing follows (but post-copy's pages, postcopy.h); the
 *             source has let go of its disk images; arg: MIG_END_* flags
 *   destination -> source: one reply {"RVOK", i32 status, char msg[248]}
 *   once the state is loaded (status 0: the guest runs there now) or
 *   refused (-errno, msg says why).
 *
 * Everything read is checked against the header and the limits below: a
 * bad or truncated stream is refused with the reason, never trusted.
 * Little-endian hosts only (as the state file). */
#ifndef VMM_MIGRATION_STREAM_H
#define VMM_MIGRATION_STREAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MIG_VERSION       1
#define MIG_PAGE_SIZE     4096u
#define MIG_MAX_CONFIG    (1u << 20)
#define MIG_MAX_STATE     (64u << 20)
#define MIG_MAX_RUN       256u        /* pages in one PAGES record */

enum mig_rec_type {
	MIG_CONFIG = 1,
	MIG_PAGES,
	MIG_ZERO,
	MIG_STATE,
	MIG_END,
};

#define MIG_END_PAUSED    1ull        /* END's arg: the guest stays paused */
#define MIG_END_POSTCOPY  2ull        /* END's arg: pages follow (postcopy.h) */

struct mig_header {
	char magic[8];
	uint32_t version, page_size;
	uint64_t mem_size;
};

struct mig_rec {
	uint32_t type, count;
	uint64_t arg, len;
};

struct mig_reply {
	char magic[4];
	int32_t status;
	char msg[248];
};

/* "unix:PATH" or "tcp:HOST:PORT".  Connect (the source) or listen and
 * accept one connection (the destination).  Return the fd or -errno with
 * err filled. */
int mig_connect(const char *addr, char *err, size_t errlen);
int mig_listen(const char *addr, char *err, size_t errlen);
int mig_accept(int lfd, char *err, size_t errlen);

/* Whole writes and reads; 0 or -errno (-EPIPE at EOF).  A socket whose
 * peer is gone gives -EPIPE, not SIGPIPE (a pipe, for tests, may not). */
int mig_write(int fd, const void *buf, size_t len);
int mig_read(int fd, void *buf, size_t len);

int mig_send_header(int fd, uint64_t mem_size);
int mig_send_rec(int fd, uint32_t type, uint32_t count, uint64_t arg, const void *data,
		 uint64_t len);
/* Pages [first, first + count) of ram, as PAGES records of at most
 * MIG_MAX_RUN pages (or ZERO records for zero pages when send_zero; with
 * !send_zero zero pages are skipped: the destination's RAM starts zero).
 * *bytes grows by what went on the wire. */
int mig_send_range(int fd, const uint8_t *ram, uint64_t first, uint64_t count, bool send_zero,
		   uint64_t *bytes);
int mig_send_reply(int fd, int status, const char *msg);
/* The destination's reply: its status, msg filled, *answered true.
 * -errno when there is none (the connection broke, or a time-out, or not
 * a reply), with msg saying so and *answered false: then the source
 * cannot know whether the destination runs the guest. */
int mig_recv_reply(int fd, char *msg, size_t msglen, bool *answered);

/* The destination: the header, which must be for mem_size bytes (0: any;
 * *mem_size set), then the CONFIG record (malloc'ed, NUL-terminated). */
int mig_recv_config(int fd, uint64_t *mem_size, char **json, size_t *len, char *err,
		    size_t errlen);
/* Then PAGES/ZERO records into ram[0..mem_size) until STATE (malloc'ed
 * into *state) and END (its MIG_END_* flags into *end_flags).  *pages
 * counts the pages received. */
int mig_recv_memory(int fd, uint8_t *ram, uint64_t mem_size, uint8_t **state, size_t *state_len,
		    uint64_t *pages, uint64_t *end_flags, char *err, size_t errlen);

/* True when the page holds only zeroes. */
bool mig_page_is_zero(const uint8_t *p);

#endif
