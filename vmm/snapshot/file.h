/* SPDX-License-Identifier: MIT */
/* A snapshot's two files.
 *
 * The state file: a 64-byte header, then sections.
 *   header:  magic "RVKVMSNP", u32 format version, u32 header size,
 *            u64 body size, u32 CRC-32 of the body, u32 flags,
 *            u64 guest memory size, u64 memory-file id, u32 CRC-32 of the
 *            header's first 52 bytes, padding;
 *   section: u32 tag, u16 instance (vCPU or slot number), u16 version,
 *            u64 payload size, payload.
 * Host byte order (x86-64 and riscv64 hosts are little-endian; the magic
 * read back wrong tells a big-endian host).  Every size is checked against
 * the file before anything is read, so a truncated, corrupted or foreign
 * file is refused with a message, never half-loaded.
 *
 * The memory file: guest RAM as it is (so it can be mapped MAP_PRIVATE at
 * once), holes where RAM is zero, then one 4 KiB footer page with the
 * magic "RVKVMMEM", the memory size and the same id as the state file: a
 * state file is never restored over another snapshot's memory.
 *
 * Both are written under a temporary name and fsynced; the state file is
 * then renamed over the old one (the commit), the memory file after it.
 * A crash before the commit leaves the previous snapshot whole; one
 * between the two renames is finished by the next snap_open_mem. */
#ifndef VMM_SNAPSHOT_FILE_H
#define VMM_SNAPSHOT_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SNAP_FORMAT_VERSION 1
#define SNAP_HEADER_SIZE    64
#define SNAP_MEM_FOOTER     4096
#define SNAP_F_DIFF         (1u << 0)   /* the memory file holds only dirty pages */

/* Section tags. */
enum snap_tag {
	SNAP_CONFIG = 1,     /* the machine's configuration (JSON) */
	SNAP_VCPU,           /* per vCPU: MP state and ONE_REG pairs */
	SNAP_IRQCHIP,        /* struct kvm_rvkvm_plic_state */
	SNAP_UART,
	SNAP_RTC,
	SNAP_VIRTIO,         /* per slot: transport + queues + device state */
	SNAP_ACLINT,         /* full machines: struct kvm_rvkvm_aclint_state */
};

struct snap_info {
	uint32_t flags;
	uint64_t mem_size;
	uint64_t mem_id;
};

/* Building a state file in memory.  Errors stick: check w->err once. */
struct snap_writer {
	uint8_t *buf;
	size_t len, cap;
	int err;             /* 0 or -ENOMEM */
};
void snap_writer_init(struct snap_writer *w);
void snap_writer_free(struct snap_writer *w);
void snap_put(struct snap_writer *w, uint32_t tag, uint16_t instance, uint16_t version,
	      const void *data, size_t len);
/* Header + sections to path (temporary file, fsync, rename).  Returns 0 or
 * -errno with err filled. */
int snap_write_state(struct snap_writer *w, const char *path, const struct snap_info *info,
		     char *err, size_t errlen);

/* The same as one buffer (malloc'ed), for a migration stream.  0 or
 * -ENOMEM. */
int snap_state_image(const struct snap_writer *w, const struct snap_info *info, uint8_t **out,
		     size_t *len);

/* Reading one: the whole file in memory, checked. */
struct snap_reader {
	const uint8_t *data; /* the whole file */
	size_t len;
	uint8_t *owned;      /* data, when read from a file */
	struct snap_info info;
};
/* Check buf[0..len) (not copied: it must outlive r).  Returns 0 or -EINVAL
 * with err filled. */
int snap_parse(struct snap_reader *r, const uint8_t *buf, size_t len, char *err, size_t errlen);
int snap_read_state(struct snap_reader *r, const char *path, char *err, size_t errlen);
void snap_reader_free(struct snap_reader *r);
/* The payload of section (tag, instance), or NULL; *version and *len set. */
const void *snap_get(const struct snap_reader *r, uint32_t tag, uint16_t instance,
		     uint16_t *version, size_t *len);

/* Guest RAM ram[0..size) to a new memory file for path, under the
 * temporary name written to tmp (zero pages left as holes), fsynced.  With
 * dirty (a bitmap of 4 KiB pages: a diff snapshot following the snapshot
 * `parent`) only those pages, zero or not, the rest holes.
 * snap_commit_mem renames it over path once the state file is in place.
 * Both return 0 or -errno with err filled. */
int snap_write_mem(const char *path, const uint8_t *ram, uint64_t size, const uint64_t *dirty,
		   uint64_t id, uint64_t parent, char *tmp, size_t tmplen, char *err,
		   size_t errlen);
int snap_commit_mem(const char *tmp, const char *path, char *err, size_t errlen);
/* Open a memory file for a state whose info is *info: the footer must
 * match.  When a save was cut between committing the state and the memory
 * (see file.c), the whole new memory file is moved into place first.
 * Returns the fd or -errno with err filled. */
int snap_open_mem(const char *path, const struct snap_info *info, char *err, size_t errlen);
/* Apply a diff snapshot's memory file onto the memory file of the
 * snapshot it follows, in place (as Firecracker's rebase-snap): base then
 * is the diff snapshot's whole memory, loadable with the diff's state
 * file.  Returns 0 or -errno with err filled. */
int snap_rebase_mem(const char *base_path, const char *diff_path, char *err, size_t errlen);
/* Remove what saves to path killed before their commit left behind
 * (path.tmp.PID of processes that are gone).  Run snap_open_mem on the
 * committed state's memory first: it may still need one of them. */
void snap_remove_stale(const char *path);
/* A fresh random id for a new snapshot. */
uint64_t snap_new_id(void);

#endif
