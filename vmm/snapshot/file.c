// SPDX-License-Identifier: MIT
/* Snapshot state and memory files (see file.h). */
#include "vmm/snapshot/file.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <signal.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include "vmm/say.h"

static const char state_magic[8] = "RVKVMSNP";
static const char mem_magic[8] = "RVKVMMEM";

#define MEM_FOOTER_VERSION 1
#define PAGE 4096ULL

struct snap_header {
	char magic[8];
	uint32_t version, header_size;
	uint64_t body_size;
	uint32_t body_crc, flags;
	uint64_t mem_size, mem_id;
	uint32_t header_crc;
	uint8_t pad[SNAP_HEADER_SIZE - 52];
};
_Static_assert(sizeof(struct snap_header) == SNAP_HEADER_SIZE, "header layout");

struct snap_section {
	uint32_t tag;
	uint16_t instance, version;
	uint64_t len;
};
_Static_assert(sizeof(struct snap_section) == 16, "section layout");

struct snap_mem_footer {
	char magic[8];
	uint32_t version, flags;
	uint64_t mem_size, mem_id;
	uint64_t parent_id;      /* a diff: the snapshot it follows */
	uint32_t crc;
};

static uint32_t crc(const void *p, size_t n)
{
	uint32_t c = (uint32_t)crc32(0, Z_NULL, 0);
	const uint8_t *b = p;
	/* zlib takes uInt lengths. */
	while (n) {
		uInt k = n > (1u << 30) ? (1u << 30) : (uInt)n;
		c = (uint32_t)crc32(c, b, k);
		b += k;
		n -= k;
	}
	return c;
}

uint64_t snap_new_id(void)
{
	uint64_t id = 0;
	if (getrandom(&id, sizeof(id), 0) != sizeof(id) || !id) {
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		id = ((uint64_t)ts.tv_sec << 30) ^ (uint64_t)ts.tv_nsec ^ ((uint64_t)getpid() << 48);
	}
	return id | 1;
}

/* --- writing --------------------------------------------------------------------- */

void snap_writer_init(struct snap_writer *w)
{
	*w = (struct snap_writer){ 0 };
}

void snap_writer_free(struct snap_writer *w)
{
	free(w->buf);
	*w = (struct snap_writer){ 0 };
}

static void snap_append(struct snap_writer *w, const void *p, size_t n)
{
	if (w->err)
		return;
	if (w->len + n > w->cap) {
		size_t cap = w->cap ? w->cap : 4096;
		while (cap < w->len + n)
			cap *= 2;
		uint8_t *b = realloc(w->buf, cap);
		if (!b) {
			w->err = -ENOMEM;
			return;
		}
		w->buf = b;
		w->cap = cap;
	}
	if (n)
		memcpy(w->buf + w->len, p, n);
	w->len += n;
}

void snap_put(struct snap_writer *w, uint32_t tag, uint16_t instance, uint16_t version,
	      const void *data, size_t len)
{
	struct snap_section s = { tag, instance, version, len };
	snap_append(w, &s, sizeof(s));
	snap_append(w, data, len);
}

/* path's directory, fsynced so the rename is on disk too. */
static void sync_dir(const char *path)
{
	char *copy = strdup(path);
	if (!copy)
		return;
	int fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
	free(copy);
}

static int write_all(int fd, const void *p, size_t n, off_t off)
{
	const uint8_t *b = p;
	while (n) {
		ssize_t k = pwrite(fd, b, n, off);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return k < 0 ? -errno : -EIO;
		b += k;
		n -= (size_t)k;
		off += k;
	}
	return 0;
}

/* A temporary file beside path, to be renamed over it. */
static int open_tmp(const char *path, char *tmp, size_t tmplen, char *err, size_t errlen)
{
	if ((size_t)snprintf(tmp, tmplen, "%s.tmp.%d", path, (int)getpid()) >= tmplen)
		return say(err, errlen, -ENAMETOOLONG, "%s: path too long", path);
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		return say(err, errlen, -errno, "cannot create %s: %s", tmp, strerror(errno));
	return fd;
}

static int finish_tmp(int fd, const char *tmp, const char *path, int rc, char *err, size_t errlen)
{
	if (!rc && fsync(fd) < 0)
		rc = say(err, errlen, -errno, "fsync %s: %s", tmp, strerror(errno));
	if (close(fd) < 0 && !rc)
		rc = say(err, errlen, -errno, "close %s: %s", tmp, strerror(errno));
	if (!rc && path && rename(tmp, path) < 0)
		rc = say(err, errlen, -errno, "rename %s to %s: %s", tmp, path, strerror(errno));
	if (rc) {
		unlink(tmp);
		return rc;
	}
	if (path)
		sync_dir(path);
	return 0;
}

static struct snap_header state_header(const struct snap_writer *w, const struct snap_info *info)
{
	struct snap_header h = {
		.version = SNAP_FORMAT_VERSION, .header_size = SNAP_HEADER_SIZE,
		.body_size = w->len, .body_crc = crc(w->buf, w->len), .flags = info->flags,
		.mem_size = info->mem_size, .mem_id = info->mem_id,
	};
	memcpy(h.magic, state_magic, sizeof(h.magic));
	h.header_crc = crc(&h, offsetof(struct snap_header, header_crc));
	return h;
}

int snap_state_image(const struct snap_writer *w, const struct snap_info *info, uint8_t **out,
		     size_t *len)
{
	if (w->err)
		return w->err;
	struct snap_header h = state_header(w, info);
	uint8_t *b = malloc(sizeof(h) + w->len);
	if (!b)
		return -ENOMEM;
	memcpy(b, &h, sizeof(h));
	if (w->len)
		memcpy(b + sizeof(h), w->buf, w->len);
	*out = b;
	*len = sizeof(h) + w->len;
	return 0;
}

int snap_write_state(struct snap_writer *w, const char *path, const struct snap_info *info,
		     char *err, size_t errlen)
{
	if (w->err)
		return say(err, errlen, w->err, "out of memory building the snapshot");
	struct snap_header h = state_header(w, info);
	char tmp[4096];
	int fd = open_tmp(path, tmp, sizeof(tmp), err, errlen);
	if (fd < 0)
		return fd;
	int rc = write_all(fd, &h, sizeof(h), 0);
	if (!rc)
		rc = write_all(fd, w->buf, w->len, sizeof(h));
	if (rc)
		say(err, errlen, rc, "write %s: %s", tmp, strerror(-rc));
	return finish_tmp(fd, tmp, path, rc, err, errlen);
}

/* --- reading --------------------------------------------------------------------- */

int snap_parse(struct snap_reader *r, const uint8_t *buf, size_t len, char *err, size_t errlen)
{
	struct snap_header h;
	if (len < sizeof(h))
		return say(err, errlen, -EINVAL, "not a snapshot: %zu bytes, shorter than a header",
			   len);
	memcpy(&h, buf, sizeof(h));
	if (memcmp(h.magic, state_magic, sizeof(h.magic)))
		return say(err, errlen, -EINVAL, "not an rvkvm snapshot state file (bad magic)");
	if (h.header_crc != crc(&h, offsetof(struct snap_header, header_crc)))
		return say(err, errlen, -EINVAL, "the snapshot header is corrupted (CRC mismatch)");
	if (h.version != SNAP_FORMAT_VERSION)
		return say(err, errlen, -EINVAL, "snapshot format version %u; this rvkvm reads "
			   "version %u", h.version, SNAP_FORMAT_VERSION);
	if (h.header_size != SNAP_HEADER_SIZE)
		return say(err, errlen, -EINVAL, "bad snapshot header size %u", h.header_size);
	if (h.body_size != len - sizeof(h))
		return say(err, errlen, -EINVAL, "the snapshot is truncated or has trailing data "
			   "(%zu body bytes, the header says %llu)", len - sizeof(h),
			   (unsigned long long)h.body_size);
	const uint8_t *body = buf + sizeof(h);
	if (h.body_crc != crc(body, h.body_size))
		return say(err, errlen, -EINVAL, "the snapshot is corrupted (CRC mismatch)");
	/* Sections must tile the body exactly. */
	size_t off = 0;
	while (off < h.body_size) {
		struct snap_section s;
		if (h.body_size - off < sizeof(s))
			return say(err, errlen, -EINVAL, "a truncated section header at %zu", off);
		memcpy(&s, body + off, sizeof(s));
		off += sizeof(s);
		if (s.len > h.body_size - off)
			return say(err, errlen, -EINVAL, "section %u overruns the file", s.tag);
		off += s.len;
	}
	r->data = buf;
	r->owned = NULL;
	r->len = len;
	r->info = (struct snap_info){ h.flags, h.mem_size, h.mem_id };
	return 0;
}

int snap_read_state(struct snap_reader *r, const char *path, char *err, size_t errlen)
{
	*r = (struct snap_reader){ 0 };
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return say(err, errlen, -errno, "%s: %s", path, strerror(errno));
	struct stat st;
	int rc = 0;
	if (fstat(fd, &st) < 0)
		rc = say(err, errlen, -errno, "%s: %s", path, strerror(errno));
	else if (!S_ISREG(st.st_mode) || st.st_size > (1 << 30))
		rc = say(err, errlen, -EINVAL, "%s: not a snapshot state file", path);
	uint8_t *buf = NULL;
	size_t len = rc ? 0 : (size_t)st.st_size;
	if (!rc && !(buf = malloc(len ? len : 1)))
		rc = say(err, errlen, -ENOMEM, "%s: out of memory", path);
	for (size_t got = 0; !rc && got < len;) {
		ssize_t k = pread(fd, buf + got, len - got, (off_t)got);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			rc = say(err, errlen, k < 0 ? -errno : -EIO, "%s: read failed", path);
		else
			got += (size_t)k;
	}
	close(fd);
	if (!rc) {
		char why[200];
		rc = snap_parse(r, buf, len, why, sizeof(why));
		if (rc)
			say(err, errlen, rc, "%s: %s", path, why);
	}
	if (rc) {
		free(buf);
		return rc;
	}
	r->owned = buf;
	return 0;
}

void snap_reader_free(struct snap_reader *r)
{
	free(r->owned);
	*r = (struct snap_reader){ 0 };
}

const void *snap_get(const struct snap_reader *r, uint32_t tag, uint16_t instance,
		     uint16_t *version, size_t *len)
{
	if (!r->data || r->len < SNAP_HEADER_SIZE)
		return NULL;
	const uint8_t *body = r->data + SNAP_HEADER_SIZE;
	size_t n = r->len - SNAP_HEADER_SIZE;
	for (size_t off = 0; off + sizeof(struct snap_section) <= n;) {
		struct snap_section s;
		memcpy(&s, body + off, sizeof(s));
		off += sizeof(s);
		if (s.tag == tag && s.instance == instance) {
			*version = s.version;
			*len = s.len;
			return body + off;
		}
		off += s.len;
	}
	return NULL;
}

/* --- memory ---------------------------------------------------------------------- */

static bool page_is_zero(const uint8_t *p)
{
	const uint64_t *q = (const uint64_t *)p;
	uint64_t acc = 0;
	for (size_t i = 0; i < PAGE / 8; i += 8)
		acc |= q[i] | q[i + 1] | q[i + 2] | q[i + 3] | q[i + 4] | q[i + 5] | q[i + 6] | q[i + 7];
	return !acc;
}

int snap_write_mem(const char *path, const uint8_t *ram, uint64_t size, const uint64_t *dirty,
		   uint64_t id, uint64_t parent, char *tmp, size_t tmplen, char *err,
		   size_t errlen)
{
	if (size % PAGE)
		return say(err, errlen, -EINVAL, "guest memory size %llu is not page-aligned",
			   (unsigned long long)size);
	int fd = open_tmp(path, tmp, tmplen, err, errlen);
	if (fd < 0)
		return fd;
	int rc = 0;
	if (ftruncate(fd, (off_t)(size + SNAP_MEM_FOOTER)) < 0)
		rc = say(err, errlen, -errno, "%s: %s", tmp, strerror(errno));
	/* Runs of pages to write, as one pwrite each. */
	uint64_t npages = size / PAGE, run = 0, run_len = 0;
	for (uint64_t pg = 0; pg <= npages && !rc; pg++) {
		/* A diff keeps dirty zero pages as data: a hole would leave
		 * the base's old page in place when it is rebased. */
		bool take = pg < npages && (dirty ? (dirty[pg / 64] >> (pg % 64)) & 1 :
						    !page_is_zero(ram + pg * PAGE));
		if (take && !run_len)
			run = pg;
		if (take && run_len < 256) {
			run_len++;
			continue;
		}
		if (run_len) {
			rc = write_all(fd, ram + run * PAGE, run_len * PAGE, (off_t)(run * PAGE));
			if (rc)
				say(err, errlen, rc, "write %s: %s", tmp, strerror(-rc));
		}
		run_len = 0;
		if (take) {
			run = pg;
			run_len = 1;
		}
	}
	struct snap_mem_footer f = {
		.version = MEM_FOOTER_VERSION, .flags = dirty ? SNAP_F_DIFF : 0,
		.mem_size = size, .mem_id = id, .parent_id = dirty ? parent : 0,
	};
	memcpy(f.magic, mem_magic, sizeof(f.magic));
	f.crc = crc(&f, offsetof(struct snap_mem_footer, crc));
	if (!rc) {
		rc = write_all(fd, &f, sizeof(f), (off_t)size);
		if (rc)
			say(err, errlen, rc, "write %s: %s", tmp, strerror(-rc));
	}
	return finish_tmp(fd, tmp, NULL, rc, err, errlen);
}

int snap_commit_mem(const char *tmp, const char *path, char *err, size_t errlen)
{
	if (rename(tmp, path) < 0) {
		int rc = say(err, errlen, -errno, "rename %s to %s: %s", tmp, path, strerror(errno));
		unlink(tmp);
		return rc;
	}
	sync_dir(path);
	return 0;
}

/* 0 when fd is the memory file info names; -ESTALE when it is a whole
 * memory file of another snapshot; -EINVAL otherwise. */
static int check_mem(int fd, const char *path, const struct snap_info *info, char *err,
		     size_t errlen)
{
	struct stat st;
	struct snap_mem_footer f;
	if (fstat(fd, &st) < 0)
		return say(err, errlen, -errno, "%s: %s", path, strerror(errno));
	if (!S_ISREG(st.st_mode) || (uint64_t)st.st_size != info->mem_size + SNAP_MEM_FOOTER)
		return say(err, errlen, -EINVAL, "%s: %lld bytes, not the %llu of this snapshot's "
			   "memory file", path, (long long)st.st_size,
			   (unsigned long long)(info->mem_size + SNAP_MEM_FOOTER));
	if (pread(fd, &f, sizeof(f), (off_t)info->mem_size) != sizeof(f) ||
	    memcmp(f.magic, mem_magic, sizeof(f.magic)) ||
	    f.crc != crc(&f, offsetof(struct snap_mem_footer, crc)))
		return say(err, errlen, -EINVAL, "%s: not an rvkvm snapshot memory file", path);
	if (f.version != MEM_FOOTER_VERSION || f.mem_size != info->mem_size)
		return say(err, errlen, -EINVAL, "%s: memory file version %u of %llu bytes does not "
			   "fit", path, f.version, (unsigned long long)f.mem_size);
	if ((f.flags & SNAP_F_DIFF) && !(info->flags & SNAP_F_DIFF))
		return say(err, errlen, -EINVAL, "%s is a Diff snapshot's memory: apply it onto the "
			   "memory file of the snapshot it follows first (rvkvm snapshot-rebase)", path);
	if ((f.flags & SNAP_F_DIFF) != (info->flags & SNAP_F_DIFF))
		return say(err, errlen, -EINVAL, "%s: diff flags of memory and state disagree", path);
	if (f.mem_id != info->mem_id)
		return say(err, errlen, -ESTALE, "%s: the memory file of another snapshot (id "
			   "%016llx, the state file wants %016llx)", path,
			   (unsigned long long)f.mem_id, (unsigned long long)info->mem_id);
	return 0;
}

/* The state file is the commit point: it is renamed into place after the
 * new memory file is whole on disk under its temporary name, and the
 * memory file follows.  A crash between the two leaves the new state with
 * the old memory: finish the job, renaming the temporary file whose id
 * the state names over the old one. */
static int roll_forward(const char *path, const struct snap_info *info)
{
	char *d = strdup(path), *b = strdup(path);
	int rc = -ENOENT;
	DIR *dir = d && b ? opendir(dirname(d)) : NULL;
	const char *base = b ? basename(b) : "";
	size_t blen = strlen(base);
	for (struct dirent *e; dir && rc && (e = readdir(dir));) {
		if (strncmp(e->d_name, base, blen) || strncmp(e->d_name + blen, ".tmp.", 5))
			continue;
		char cand[4096], why[64];
		if ((size_t)snprintf(cand, sizeof(cand), "%s/%s", dirname(strcpy(d, path)),
				     e->d_name) >= sizeof(cand))
			continue;
		int fd = open(cand, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			continue;
		if (!check_mem(fd, cand, info, why, sizeof(why)) && !rename(cand, path)) {
			sync_dir(path);
			rc = 0;
		}
		close(fd);
	}
	if (dir)
		closedir(dir);
	free(d);
	free(b);
	return rc;
}

int snap_open_mem(const char *path, const struct snap_info *info, char *err, size_t errlen)
{
	for (int attempt = 0;; attempt++) {
		int fd = open(path, O_RDONLY | O_CLOEXEC);
		int rc = fd < 0 ? say(err, errlen, -errno, "%s: %s", path, strerror(errno)) :
				  check_mem(fd, path, info, err, errlen);
		if (!rc)
			return fd;
		if (fd >= 0)
			close(fd);
		/* Whatever is at path (another snapshot's memory, of another
		 * size or kind, or nothing), a whole temporary file with the
		 * state's id is the one the state committed to. */
		if (attempt || roll_forward(path, info))
			return rc;
	}
}

void snap_remove_stale(const char *path)
{
	char *d = strdup(path), *b = strdup(path);
	DIR *dir = d && b ? opendir(dirname(d)) : NULL;
	const char *base = b ? basename(b) : "";
	size_t blen = strlen(base);
	for (struct dirent *e; dir && (e = readdir(dir));) {
		const char *t = e->d_name + blen;
		if (strncmp(e->d_name, base, blen) || strncmp(t, ".tmp.", 5))
			continue;
		char *end;
		long pid = strtol(t + 5, &end, 10);
		if (*end || pid <= 0 || pid == getpid() || kill((pid_t)pid, 0) == 0 || errno != ESRCH)
			continue;
		char cand[4096];
		if ((size_t)snprintf(cand, sizeof(cand), "%s/%s", dirname(strcpy(d, path)),
				     e->d_name) < sizeof(cand))
			unlink(cand);
	}
	if (dir)
		closedir(dir);
	free(d);
	free(b);
}

/* The footer of fd, a memory file of size + footer bytes; -EINVAL when
 * it has none. */
static int read_footer(int fd, const char *path, struct snap_mem_footer *f, uint64_t *size,
		       char *err, size_t errlen)
{
	struct stat st;
	if (fstat(fd, &st) < 0)
		return say(err, errlen, -errno, "%s: %s", path, strerror(errno));
	if (!S_ISREG(st.st_mode) || (uint64_t)st.st_size < SNAP_MEM_FOOTER ||
	    (uint64_t)st.st_size % PAGE ||
	    pread(fd, f, sizeof(*f), st.st_size - SNAP_MEM_FOOTER) != sizeof(*f) ||
	    memcmp(f->magic, mem_magic, sizeof(f->magic)) ||
	    f->crc != crc(f, offsetof(struct snap_mem_footer, crc)) ||
	    f->version != MEM_FOOTER_VERSION ||
	    f->mem_size != (uint64_t)st.st_size - SNAP_MEM_FOOTER)
		return say(err, errlen, -EINVAL, "%s: not an rvkvm snapshot memory file", path);
	*size = f->mem_size;
	return 0;
}

int snap_rebase_mem(const char *base_path, const char *diff_path, char *err, size_t errlen)
{
	int base = open(base_path, O_RDWR | O_CLOEXEC), diff = open(diff_path, O_RDONLY | O_CLOEXEC);
	struct snap_mem_footer fb, fd;
	uint64_t bsize = 0, dsize = 0;
	int rc = 0;
	uint8_t *buf = NULL;
	if (base < 0 || diff < 0)
		rc = say(err, errlen, -errno, "%s: %s", base < 0 ? base_path : diff_path,
			 strerror(errno));
	if (!rc)
		rc = read_footer(base, base_path, &fb, &bsize, err, errlen);
	if (!rc)
		rc = read_footer(diff, diff_path, &fd, &dsize, err, errlen);
	if (!rc && (fb.flags & SNAP_F_DIFF))
		rc = say(err, errlen, -EINVAL, "%s is a diff: the base must be a full memory file "
			 "(rebase its own diffs onto their base first)", base_path);
	else if (!rc && !(fd.flags & SNAP_F_DIFF))
		rc = say(err, errlen, -EINVAL, "%s is not a diff snapshot's memory", diff_path);
	else if (!rc && bsize != dsize)
		rc = say(err, errlen, -EINVAL, "the memory sizes differ (%llu and %llu bytes)",
			 (unsigned long long)bsize, (unsigned long long)dsize);
	else if (!rc && fd.parent_id != fb.mem_id)
		rc = say(err, errlen, -EINVAL, "%s follows snapshot %016llx, not %s (%016llx)",
			 diff_path, (unsigned long long)fd.parent_id, base_path,
			 (unsigned long long)fb.mem_id);
	if (!rc && !(buf = malloc(256 * PAGE)))
		rc = say(err, errlen, -ENOMEM, "out of memory");
	/* The diff's data extents (its dirty pages; holes are pages it left
	 * alone) over the base. */
	for (off_t off = 0; !rc && (uint64_t)off < dsize;) {
		off_t data = lseek(diff, off, SEEK_DATA);
		if (data < 0 || (uint64_t)data >= dsize)
			break;
		off_t hole = lseek(diff, data, SEEK_HOLE);
		if (hole < 0 || (uint64_t)hole > dsize)
			hole = (off_t)dsize;
		for (off = data; !rc && off < hole;) {
			size_t n = (size_t)(hole - off) < 256 * PAGE ? (size_t)(hole - off) : 256 * PAGE;
			ssize_t k = pread(diff, buf, n, off);
			if (k <= 0)
				rc = say(err, errlen, k < 0 ? -errno : -EIO, "read %s failed", diff_path);
			else if ((rc = write_all(base, buf, (size_t)k, off)))
				say(err, errlen, rc, "write %s: %s", base_path, strerror(-rc));
			else
				off += k;
		}
	}
	/* The base is now the diff snapshot's memory: its id, whole. */
	if (!rc) {
		fb.mem_id = fd.mem_id;
		fb.parent_id = 0;
		fb.flags = 0;
		fb.crc = crc(&fb, offsetof(struct snap_mem_footer, crc));
		if ((rc = write_all(base, &fb, sizeof(fb), (off_t)bsize)))
			say(err, errlen, rc, "write %s: %s", base_path, strerror(-rc));
		else if (fsync(base) < 0)
			rc = say(err, errlen, -errno, "fsync %s: %s", base_path, strerror(errno));
	}
	free(buf);
	if (base >= 0)
		close(base);
	if (diff >= 0)
		close(diff);
	return rc;
}
