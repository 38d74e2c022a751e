// SPDX-License-Identifier: MIT
/* `rvkvm stat PATH`: read the stats a running `rvkvm run --stats-sock PATH`
 * serves (framing in vmm/stats_server.h) and print one line per statistic,
 * `<id> <name> <value>`; a histogram prints its nonzero buckets as
 * `<id> <name> [i]=v [j]=w ...` (`-` when all are zero).
 *
 * Each stats file is decoded by vmm/stats_decode.c, which checks
 * everything against the file's length first. */
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
#include "vmm/stats_decode.h"
#include "vmm/stats_server.h"

#define STAT_MAX_REPLY   (64u << 20)
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

static int stat_print_item(void *ctx, const char *id, const struct stats_item_view *s)
{
	(void)ctx;
	if (!stats_is_hist(s->type)) {
		printf("%s %s %llu\n", id, s->name, (unsigned long long)stats_value(s, 0));
		return 0;
	}
	printf("%s %s", id, s->name);
	bool any = false;
	for (unsigned j = 0; j < s->size; j++) {
		uint64_t v = stats_value(s, j);
		if (v) {
			printf(" [%u]=%llu", j, (unsigned long long)v);
			any = true;
		}
	}
	printf("%s\n", any ? "" : " -");
	return 0;
}

/* Decode one stats file and print it; returns 0, or -1 (reported) if it is
 * malformed. */
static int stat_print_blob(const uint8_t *b, uint64_t n, unsigned index)
{
	struct stats_decode_err e;
	if (stats_decode(b, n, stat_print_item, NULL, &e) == 0)
		return 0;
	if (e.desc >= 0)
		fprintf(stderr, "rvkvm stat: %s: descriptor %ld: %s\n", e.id, e.desc, e.why);
	else if (n < sizeof(struct kvm_stats_header))
		fprintf(stderr, "rvkvm stat: file %u: %llu bytes, shorter than the header\n", index,
			(unsigned long long)n);
	else
		fprintf(stderr, "rvkvm stat: file %u: %s\n", index, e.why);
	return -1;
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
