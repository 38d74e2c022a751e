// SPDX-License-Identifier: MIT
/* Rewrite one value inside a snapshot's state file, keeping it well
 * formed (sections, CRCs, the memory file's id): what a hostile or buggy
 * writer could produce, for tests of what a restore refuses.  Reads and
 * writes through vmm/snapshot/file.c.
 *
 *   state_edit STATE reg VCPU ID VALUE       the vCPU's register ID (from
 *                                            its KVM_GET_REG_LIST pairs)
 *   state_edit STATE u32 TAG INST OFF VALUE  the 4 bytes at OFF of section
 *                                            (TAG, INST)'s payload
 * Numbers in C notation (0x...).  Exit status 0, or 1 with a message when
 * the file, section, register or offset is not there. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vmm/snapshot/file.h"

#define HEADER 64

struct section {
	uint32_t tag;
	uint16_t instance, version;
	uint64_t len;
};

static uint64_t num(const char *s)
{
	return strtoull(s, NULL, 0);
}

/* The value's place in section (tag, inst), or -1. */
static long locate(uint8_t *payload, size_t len, int argc, char **argv, uint32_t tag)
{
	if (tag == SNAP_VCPU) {
		/* struct vcpu_saved_head {u32 mp_state, nregs}, then each register's
		 * u64 id and its value: the id's size, at least 8 bytes (version 2) */
		uint64_t id = num(argv[4]);
		for (size_t off = 8; off + 16 <= len;) {
			uint64_t have;
			memcpy(&have, payload + off, 8);
			if (have == id)
				return (long)(off + 8);
			uint64_t size = 1ULL << ((have >> 52) & 0xf);
			off += 8 + (size < 8 ? 8 : size);
		}
		return -1;
	}
	uint64_t off = num(argv[argc - 2]);
	return off + 4 <= len ? (long)off : -1;
}

int main(int argc, char **argv)
{
	bool reg = argc == 6 && !strcmp(argv[2], "reg");
	if (!reg && !(argc == 7 && !strcmp(argv[2], "u32"))) {
		fprintf(stderr, "usage: state_edit STATE reg VCPU ID VALUE | "
			"u32 TAG INST OFF VALUE\n");
		return 2;
	}
	struct snap_reader r;
	char err[512];
	if (snap_read_state(&r, argv[1], err, sizeof(err))) {
		fprintf(stderr, "state_edit: %s\n", err);
		return 1;
	}
	uint32_t tag = reg ? SNAP_VCPU : (uint32_t)num(argv[3]);
	uint16_t inst = (uint16_t)num(argv[reg ? 3 : 4]);
	uint64_t value = num(argv[argc - 1]);
	struct snap_writer w;
	snap_writer_init(&w);
	bool done = false;
	for (size_t off = HEADER; off < r.len;) {
		struct section s;
		memcpy(&s, r.data + off, sizeof(s));
		uint8_t *payload = r.owned + off + sizeof(s);
		if (s.tag == tag && s.instance == inst && !done) {
			long at = locate(payload, s.len, argc, argv, tag);
			if (at >= 0) {
				if (reg)
					memcpy(payload + at, &value, 8);
				else
					memcpy(payload + at, &(uint32_t){ (uint32_t)value }, 4);
				done = true;
			}
		}
		snap_put(&w, s.tag, s.instance, s.version, payload, s.len);
		off += sizeof(s) + s.len;
	}
	int rc = 1;
	if (!done)
		fprintf(stderr, "state_edit: %s: no such section, register or offset\n", argv[1]);
	else if (snap_write_state(&w, argv[1], &r.info, err, sizeof(err)))
		fprintf(stderr, "state_edit: %s\n", err);
	else
		rc = 0;
	snap_writer_free(&w);
	snap_reader_free(&r);
	return rc;
}
