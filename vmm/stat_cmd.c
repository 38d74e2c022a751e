// SPDX-License-Identifier: MIT
/* `rvkvm stat PATH`: read the stats a running `rvkvm run --stats-sock PATH`
 * serves (framing in vmm/stats_server.h) and print one line per statistic,
 * `<id> <name> <value>`; a histogram prints its nonzero buckets as
 * `<id> <name> [i]=v [j]=w ...` (`-` when all are zero).
 *
 * Each stats file is decoded as Documentation/virt/kvm/api.rst
 * ("KVM_GET_STATS_FD") describes it, with nothing but the header's offsets
 * and sizes: the header at 0, the id string at id_offset (name_size bytes),
 * num_desc descriptors of sizeof(struct kvm_stats_desc) + name_size bytes
 * from desc_offset, and each statistic's `size` u64s at data_offset +
 * offset.  Everything is checked against the file's length first. */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#include "rvkvm/kvm.h"
#include "vmm/stats_server.h"

#define STAT_MAX_REPLY   (64u << 20)
#define STAT_MAX_NAME    4096u
#define STAT_TIMEOUT_S   5

static int stat_read_reply(const char *path, uint8_t **out, size_t *out_len)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	if (strlen(path) >= sizeof(a.sun_path)) {
		fprintf(stderr, "rvkvm stat: %s: path too long\n", path);
		return -1;
	}
	strcpy(a.sun_path, path);
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof(a)) < 0) {
		fprintf(stderr, "rvkvm stat: %s: %s\n", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	struct timeval tv = { .tv_sec = STAT_TIMEOUT_S };
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	size_t len = 0, cap = 65536;
	uint8_t *buf = malloc(cap);
	for (;;) {
		if (!buf) {
			fprintf(stderr, "rvkvm stat: out of memory\n");
			close(fd);
			return -1;
		}
		ssize_t r = read(fd, buf + len, cap - len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			fprintf(stderr, "rvkvm stat: %s: %s\n", path, strerror(errno));
			free(buf);
			close(fd);
			return -1;
		}
		if (r == 0)
			break;
		len += (size_t)r;
		if (len == cap) {
			if (cap >= STAT_MAX_REPLY) {
				fprintf(stderr, "rvkvm stat: reply larger than %u bytes\n", STAT_MAX_REPLY);
				free(buf);
				close(fd);
				return -1;
			}
			cap *= 2;
			uint8_t *n = realloc(buf, cap);
			if (!n)
				free(buf);
			buf = n;
		}
	}
	close(fd);
	*out = buf;
	*out_len = len;
	return 0;
}

static uint64_t get_u64(const uint8_t *p)
{
	uint64_t v;
	memcpy(&v, p, sizeof(v));
	return v;
}

/* A NUL within the first max bytes of p. */
static bool stat_str_ok(const uint8_t *p, size_t max)
{
	return max && memchr(p, '\0', max) != NULL;
}

/* Decode one stats file and print it; returns 0, or -1 (reported) if it is
 * malformed. */
static int stat_print_blob(const uint8_t *b, uint64_t n, unsigned index)
{
	struct kvm_stats_header h;
	if (n < sizeof(h)) {
		fprintf(stderr, "rvkvm stat: file %u: %llu bytes, shorter than the header\n", index,
			(unsigned long long)n);
		return -1;
	}
	memcpy(&h, b, sizeof(h));
	const uint64_t desc_size = sizeof(struct kvm_stats_desc) + (uint64_t)h.name_size;
	const char *why = NULL;
	if (h.name_size == 0 || h.name_size > STAT_MAX_NAME)
		why = "bad name_size";
	else if ((uint64_t)h.id_offset + h.name_size > n)
		why = "id string outside the file";
	else if (!stat_str_ok(b + h.id_offset, h.name_size))
		why = "id string not NUL-terminated";
	else if ((uint64_t)h.desc_offset + (uint64_t)h.num_desc * desc_size > n)
		why = "descriptors outside the file";
	else if (h.data_offset > n)
		why = "data block outside the file";
	if (why) {
		fprintf(stderr, "rvkvm stat: file %u: %s\n", index, why);
		return -1;
	}
	const char *id = (const char *)b + h.id_offset;
	for (uint32_t i = 0; i < h.num_desc; i++) {
		const uint8_t *dp = b + h.desc_offset + i * desc_size;
		struct kvm_stats_desc d;
		memcpy(&d, dp, sizeof(d));
		const uint8_t *name = dp + sizeof(struct kvm_stats_desc);
		uint32_t type = d.flags & KVM_STATS_TYPE_MASK;
		if (!stat_str_ok(name, h.name_size))
			why = "name not NUL-terminated";
		else if (type > KVM_STATS_TYPE_MAX)
			why = "unknown type";
		else if (d.size == 0 || (type < KVM_STATS_TYPE_LINEAR_HIST && d.size != 1))
			why = "bad size";
		else if ((uint64_t)h.data_offset + d.offset + (uint64_t)d.size * 8 > n)
			why = "values outside the file";
		if (why) {
			fprintf(stderr, "rvkvm stat: %s: descriptor %u: %s\n", id, i, why);
			return -1;
		}
		const uint8_t *vals = b + h.data_offset + d.offset;
		if (type != KVM_STATS_TYPE_LINEAR_HIST && type != KVM_STATS_TYPE_LOG_HIST) {
			printf("%s %s %llu\n", id, (const char *)name, (unsigned long long)get_u64(vals));
			continue;
		}
		printf("%s %s", id, (const char *)name);
		bool any = false;
		for (unsigned j = 0; j < d.size; j++) {
			uint64_t v = get_u64(vals + 8 * j);
			if (v) {
				printf(" [%u]=%llu", j, (unsigned long long)v);
				any = true;
			}
		}
		printf("%s\n", any ? "" : " -");
	}
	return 0;
}

static int stat_print_reply(const uint8_t *b, size_t n)
{
	uint32_t count;
	if (n < sizeof(count)) {
		fprintf(stderr, "rvkvm stat: short reply\n");
		return -1;
	}
	memcpy(&count, b, sizeof(count));
	size_t pos = sizeof(count);
	for (uint32_t i = 0; i < count; i++) {
		if (n - pos < sizeof(uint64_t)) {
			fprintf(stderr, "rvkvm stat: reply ends before file %u\n", i);
			return -1;
		}
		uint64_t len = get_u64(b + pos);
		pos += sizeof(uint64_t);
		if (len > n - pos) {
			fprintf(stderr, "rvkvm stat: file %u: truncated\n", i);
			return -1;
		}
		if (stat_print_blob(b + pos, len, i) < 0)
			return -1;
		pos += (size_t)len;
	}
	return 0;
}

static void usage_stat(FILE *f)
{
	fputs("Usage: rvkvm stat PATH\n"
	      "Print the statistics of the VM `rvkvm run --stats-sock PATH` runs: the VM's,\n"
	      "then each vCPU's, in KVM's binary stats format (KVM_GET_STATS_FD), one line\n"
	      "per statistic: `<id> <name> <value>`, ids `kvm-<pid>` and\n"
	      "`kvm-<pid>/vcpu-<n>`; histograms list their nonzero buckets as `[i]=count`\n"
	      "(`-` if none); the *_ns and *_hist statistics count nanoseconds.\n", f);
}

int cmd_stat(int argc, char **argv)
{
	if (argc == 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		usage_stat(stdout);
		return 0;
	}
	if (argc != 2 || argv[1][0] == '-') {
		usage_stat(stderr);
		return 2;
	}
	uint8_t *buf;
	size_t len;
	if (stat_read_reply(argv[1], &buf, &len) < 0)
		return 1;
	int r = stat_print_reply(buf, len);
	free(buf);
	if (fflush(stdout) != 0)
		return 1;
	return r < 0 ? 1 : 0;
}
