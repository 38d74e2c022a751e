// SPDX-License-Identifier: MIT
/* libFuzzer target for a snapshot's state file and configuration: the
 * input goes to snap_parse (vmm/snapshot/file.c) and, when it parses, its
 * sections are looked up with snap_get for tags 0..8 and instances 0..3
 * (and a SNAP_CONFIG section goes to the configuration reader too), then
 * once more with its body size and both CRCs made right (else nearly every
 * mutation stops at the CRC check, before the fields and sections); the
 * input also goes, separately, to snap_config_from_json
 * (vmm/snapshot/config.c).  Each input is an exact-size buffer, so ASan
 * catches any read past it; UBSan catches overflow and misalignment.
 * Invariants (abort() when broken):
 *   - a refused input is -EINVAL with a message ("configuration: ..." for
 *     the configuration);
 *   - a parsed state file's sections tile its body, and snap_get returns
 *     the first section with that tag and instance, inside the input;
 *   - an accepted configuration is within its limits, and written back
 *     with snap_config_to_json it reads back the same.
 *
 * Built with -DFUZZ_SEEDS instead, this file is a program that writes a
 * seed corpus (state files through snap_write_state, configurations through
 * snap_config_to_json) into the directory argv[1]. */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vmm/snapshot/config.h"
#include "vmm/snapshot/file.h"

#ifndef FUZZ_SEEDS

#include <zlib.h>

struct keep_list {
	char **v;
	size_t n, cap;
};

static const char *keep(void *ctx, const char *s)
{
	struct keep_list *l = ctx;
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 16;
		l->v = realloc(l->v, l->cap * sizeof(*l->v));
		if (!l->v)
			abort();
	}
	return l->v[l->n++] = strdup(s);
}

static void keep_free(struct keep_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	*l = (struct keep_list){ 0 };
}

#define BROKEN(...) do { fprintf(stderr, "fuzz_snapshot: " __VA_ARGS__); fputc('\n', stderr); \
	abort(); } while (0)

static bool streq(const char *a, const char *b)
{
	return a && b && !strcmp(a, b);
}

static void check_limits(const struct machine_config *c)
{
	if (!c->nr_cpus || c->nr_cpus > KVM_MAX_VCPUS)
		BROKEN("accepted %u vCPUs", c->nr_cpus);
	if (c->mem_size < (1u << 20) || c->mem_size % 4096 || c->mem_size > (1ULL << 40))
		BROKEN("accepted mem_size %llu", (unsigned long long)c->mem_size);
	if (c->halt_poll_ns < -1)
		BROKEN("accepted halt_poll_ns %lld", (long long)c->halt_poll_ns);
	if (c->nr_disks > MACHINE_MAX_DISKS || c->nr_nets > MACHINE_MAX_NETS ||
	    c->nr_disks + c->nr_nets > MACHINE_VIRTIO_SLOTS)
		BROKEN("accepted %u disks and %u nets", c->nr_disks, c->nr_nets);
	for (unsigned i = 0; i < c->nr_disks; i++)
		if (!c->disks[i].path || !*c->disks[i].path)
			BROKEN("accepted disk %u without a path", i);
	for (unsigned i = 0; i < c->nr_nets; i++) {
		const struct netdev_config *n = &c->nets[i];
		if (n->type != NETDEV_USER && n->type != NETDEV_TAP)
			BROKEN("accepted net type %d", (int)n->type);
		size_t il = strnlen(n->ifname, sizeof(n->ifname));
		if (il == sizeof(n->ifname) || (n->type == NETDEV_TAP && !il))
			BROKEN("accepted ifname of %zu characters", il);
		if (n->user.nr_hostfwd > NET_SLIRP_MAX_HOSTFWD)
			BROKEN("accepted %u hostfwd rules", n->user.nr_hostfwd);
		for (unsigned k = 0; k < n->user.nr_hostfwd; k++)
			if (!n->user.hostfwd[k] || !*n->user.hostfwd[k])
				BROKEN("accepted an empty hostfwd rule");
	}
	if (c->balloon.enabled && c->balloon.amount_mib > (c->mem_size >> 20))
		BROKEN("accepted a balloon of %u MiB", c->balloon.amount_mib);
}

static void check_same(const struct machine_config *a, const struct machine_config *b)
{
	if (a->hyp_guest != b->hyp_guest || a->mem_size != b->mem_size || a->nr_cpus != b->nr_cpus ||
	    a->halt_poll_ns != b->halt_poll_ns || a->sbi_disabled != b->sbi_disabled ||
	    a->nr_disks != b->nr_disks || a->nr_nets != b->nr_nets)
		BROKEN("configuration changed on a round trip (scalars)");
	for (unsigned i = 0; i < a->nr_disks; i++)
		if (!streq(a->disks[i].path, b->disks[i].path) ||
		    a->disks[i].readonly != b->disks[i].readonly ||
		    a->disks[i].direct != b->disks[i].direct)
			BROKEN("configuration changed on a round trip (disk %u)", i);
	for (unsigned i = 0; i < a->nr_nets; i++) {
		const struct netdev_config *x = &a->nets[i], *y = &b->nets[i];
		bool same = x->type == y->type && !strcmp(x->ifname, y->ifname) &&
			    x->has_mac == y->has_mac && (!x->has_mac || !memcmp(x->mac, y->mac, 6)) &&
			    x->user.nr_hostfwd == y->user.nr_hostfwd &&
			    x->user.restricted == y->user.restricted;
		for (unsigned k = 0; same && k < x->user.nr_hostfwd; k++)
			same = streq(x->user.hostfwd[k], y->user.hostfwd[k]);
		if (!same)
			BROKEN("configuration changed on a round trip (net %u)", i);
	}
	if (a->balloon.enabled != b->balloon.enabled ||
	    (a->balloon.enabled &&
	     (a->balloon.amount_mib != b->balloon.amount_mib ||
	      a->balloon.deflate_on_oom != b->balloon.deflate_on_oom ||
	      a->balloon.free_page_reporting != b->balloon.free_page_reporting ||
	      a->balloon.stats_interval_s != b->balloon.stats_interval_s)))
		BROKEN("configuration changed on a round trip (balloon)");
}

static void config_input(const char *json, size_t len)
{
	struct machine_config c = { 0 };
	struct keep_list l = { 0 };
	char err[256] = "";
	int rc = snap_config_from_json(json, len, &c, keep, &l, err, sizeof(err));
	if (rc) {
		if (rc != -EINVAL || strncmp(err, "configuration: ", 15) || !err[15])
			BROKEN("configuration refused with %d and message \"%s\"", rc, err);
		keep_free(&l);
		return;
	}
	check_limits(&c);
	char *again = snap_config_to_json(&c);
	if (!again)
		BROKEN("snap_config_to_json failed");
	struct machine_config d = { 0 };
	rc = snap_config_from_json(again, strlen(again), &d, keep, &l, err, sizeof(err));
	if (rc)
		BROKEN("its own JSON refused: \"%s\" for %s", err, again);
	check_same(&c, &d);
	free(again);
	keep_free(&l);
}

struct sec {
	uint32_t tag;
	uint16_t instance, version;
	uint64_t len;
};

/* The first section (tag, instance) by a walk of our own, or NULL. */
static const uint8_t *first(const uint8_t *data, size_t len, uint32_t tag, uint16_t instance,
			    struct sec *out)
{
	for (size_t off = SNAP_HEADER_SIZE; off < len;) {
		struct sec s;
		memcpy(&s.tag, data + off, 4);
		memcpy(&s.instance, data + off + 4, 2);
		memcpy(&s.version, data + off + 6, 2);
		memcpy(&s.len, data + off + 8, 8);
		off += 16;
		if (s.tag == tag && s.instance == instance) {
			*out = s;
			return data + off;
		}
		off += s.len;
	}
	return NULL;
}

static void state_input(const uint8_t *data, size_t len)
{
	struct snap_reader r = { 0 };
	char err[256] = "";
	int rc = snap_parse(&r, data, len, err, sizeof(err));
	if (rc) {
		if (rc != -EINVAL || !err[0])
			BROKEN("state refused with %d and message \"%s\"", rc, err);
		return;
	}
	if (r.data != data || r.len != len || r.owned || len < SNAP_HEADER_SIZE)
		BROKEN("reader does not describe the input");
	/* The sections tile the body exactly. */
	size_t off = SNAP_HEADER_SIZE;
	while (off < len) {
		uint64_t sl;
		if (len - off < 16)
			BROKEN("accepted a truncated section header at %zu", off);
		memcpy(&sl, data + off + 8, 8);
		off += 16;
		if (sl > len - off)
			BROKEN("accepted a section of %llu bytes at %zu of %zu",
			       (unsigned long long)sl, off, len);
		off += (size_t)sl;
	}
	volatile uint8_t sink = 0;
	for (uint32_t tag = 0; tag <= 8; tag++) {
		for (uint16_t inst = 0; inst <= 3; inst++) {
			uint16_t ver = 0;
			size_t sl = 0;
			const uint8_t *p = snap_get(&r, tag, inst, &ver, &sl);
			struct sec s;
			const uint8_t *want = first(data, len, tag, inst, &s);
			if (p != want || (p && (ver != s.version || sl != s.len)))
				BROKEN("snap_get(%u, %u) is not the first such section", tag, inst);
			if (!p)
				continue;
			if (p < data + SNAP_HEADER_SIZE + 16 || sl > (size_t)(data + len - p))
				BROKEN("snap_get(%u, %u) outside the input", tag, inst);
			for (size_t k = 0; k < sl; k++)
				sink ^= p[k];
			if (tag == SNAP_CONFIG && inst == 0)
				config_input((const char *)p, sl);
		}
	}
	(void)sink;
	snap_reader_free(&r);
}

static uint32_t zcrc(const uint8_t *p, size_t n)
{
	return (uint32_t)crc32(crc32(0, Z_NULL, 0), p, (uInt)n);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	state_input(data, size);
	if (size >= SNAP_HEADER_SIZE) {
		/* The header's body size (at 16), body CRC (24) and header CRC
		 * (48, over the bytes before it) made right, unless the input's
		 * first padding byte (52) is odd: then the body size stays. */
		uint8_t *fixed = malloc(size);
		memcpy(fixed, data, size);
		uint64_t body = size - SNAP_HEADER_SIZE;
		if (!(fixed[52] & 1))
			memcpy(fixed + 16, &body, 8);
		uint32_t c = zcrc(fixed + SNAP_HEADER_SIZE, body);
		memcpy(fixed + 24, &c, 4);
		c = zcrc(fixed, 48);
		memcpy(fixed + 48, &c, 4);
		state_input(fixed, size);
		free(fixed);
	}
	config_input((const char *)data, size);
	return 0;
}

#else /* FUZZ_SEEDS: write a seed corpus */

static void full_config(struct machine_config *c)
{
	*c = (struct machine_config){ 0 };
	c->hyp_guest = true;
	c->mem_size = 256u << 20;
	c->nr_cpus = 3;
	c->halt_poll_ns = 200000;
	c->sbi_disabled = 0x29;
	c->disks[0] = (struct machine_disk){ "/images/root.ext4", false, true };
	c->disks[1] = (struct machine_disk){ "/images/data.raw", true, false };
	c->nr_disks = 2;
	c->nets[0].type = NETDEV_USER;
	c->nets[0].user.hostfwd[0] = "tcp::8080-:80";
	c->nets[0].user.hostfwd[1] = "udp:127.0.0.1:5353-10.0.2.15:53";
	c->nets[0].user.nr_hostfwd = 2;
	c->nets[0].user.restricted = true;
	c->nets[1].type = NETDEV_TAP;
	strcpy(c->nets[1].ifname, "tap0");
	c->nets[1].has_mac = true;
	memcpy(c->nets[1].mac, (uint8_t[6]){ 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 }, 6);
	c->nr_nets = 2;
	c->balloon = (struct machine_balloon){ true, 64, true, true, 5 };
}

static int write_raw(const char *dir, const char *name, const char *s)
{
	char path[512];
	snprintf(path, sizeof(path), "%s/seed-%s", dir, name);
	FILE *fp = fopen(path, "wb");
	size_t n = strlen(s);
	if (!fp || fwrite(s, 1, n, fp) != n) {
		perror(path);
		if (fp)
			fclose(fp);
		return 1;
	}
	return fclose(fp) != 0;
}

/* A state file with the configuration json and, with devices, vCPU,
 * irqchip, UART, RTC and virtio sections. */
static int write_state(const char *dir, const char *name, const char *json, bool devices,
		       uint32_t flags)
{
	char path[512], err[512];
	snprintf(path, sizeof(path), "%s/seed-%s", dir, name);
	struct snap_writer w;
	snap_writer_init(&w);
	if (json)
		snap_put(&w, SNAP_CONFIG, 0, 1, json, strlen(json));
	if (devices) {
		uint8_t b[96];
		for (unsigned i = 0; i < sizeof(b); i++)
			b[i] = (uint8_t)(i * 7 + 3);
		for (uint16_t v = 0; v < 3; v++)
			snap_put(&w, SNAP_VCPU, v, 1, b, 16 + 8 * v);
		snap_put(&w, SNAP_IRQCHIP, 0, 1, b, sizeof(b));
		snap_put(&w, SNAP_UART, 0, 1, b, 12);
		snap_put(&w, SNAP_RTC, 0, 1, b, 0);
		snap_put(&w, SNAP_VIRTIO, 0, 1, b, 40);
		snap_put(&w, SNAP_VIRTIO, 3, 1, b, 40);
		snap_put(&w, SNAP_VIRTIO, 3, 2, b, 4);   /* a duplicate: snap_get takes the first */
	}
	const struct snap_info info = { flags, 256u << 20, 0x0123456789abcdefULL };
	int rc = snap_write_state(&w, path, &info, err, sizeof(err));
	snap_writer_free(&w);
	if (rc)
		fprintf(stderr, "%s\n", err);
	return rc != 0;
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: %s DIR\n", argv[0]);
		return 2;
	}
	const char *dir = argv[1];
	struct machine_config c;
	full_config(&c);
	char *full = snap_config_to_json(&c);
	c = (struct machine_config){ .mem_size = 1u << 20, .halt_poll_ns = -1 };
	char *min = snap_config_to_json(&c);
	if (!full || !min)
		return 1;
	int err = 0;
	err |= write_raw(dir, "config-full.json", full);
	err |= write_raw(dir, "config-min.json", min);
	err |= write_raw(dir, "config-hand.json",
			 "{ \"version\": 1, \"mem_size\": 536870912, \"vcpus\": 64,\n"
			 "  \"disks\": [ { \"path\": \"/d\" } ], \"nets\": [ { \"type\": \"tap\", "
			 "\"ifname\": \"abcdefghijklmno\", \"mac\": [0, 1, 2, 3, 4, 255] } ],\n"
			 "  \"balloon\": { \"amount_mib\": 512, \"stats_interval_s\": 86400 } }");
	err |= write_state(dir, "state-empty", NULL, false, 0);
	err |= write_state(dir, "state-full", full, true, 0);
	err |= write_state(dir, "state-min", min, false, SNAP_F_DIFF);
	free(full);
	free(min);
	return err;
}

#endif
