/* SPDX-License-Identifier: MIT */
/* Decoding one KVM binary stats "file" (KVM_GET_STATS_FD, include/rvkvm/kvm.h)
 * with nothing but its header's offsets and sizes, everything checked
 * against the file's length first; shared by `rvkvm stat` (stat_cmd.c)
 * and GET /stats (vmm/api/stats.c). */
#ifndef VMM_STATS_DECODE_H
#define VMM_STATS_DECODE_H

#include <stdint.h>

#include "rvkvm/kvm.h"

#define STATS_DECODE_MAX_NAME 4096u

/* One statistic of a file. */
struct stats_item_view {
	const char *name;          /* NUL-terminated within the file */
	uint32_t type;             /* KVM_STATS_TYPE_* */
	uint16_t size;             /* values (1 unless a histogram) */
	const uint8_t *values;     /* size u64s, possibly unaligned: stats_value() */
};

/* Why a file was refused: why, and desc -1 (the header) or the index of
 * the bad descriptor, id then being the file's id string. */
struct stats_decode_err {
	const char *why;
	const char *id;
	long desc;
};

/* Called for each statistic in descriptor order, each checked just
 * before; a nonzero return stops the walk and is returned. */
typedef int (*stats_item_fn)(void *ctx, const char *id, const struct stats_item_view *s);

/* Walk the n bytes at b.  Returns 0, fn's nonzero result, or -1 with *err
 * filled in (statistics before a bad descriptor were already given to fn). */
int stats_decode(const uint8_t *b, uint64_t n, stats_item_fn fn, void *ctx,
		 struct stats_decode_err *err);

/* Value j (< s->size) of s. */
uint64_t stats_value(const struct stats_item_view *s, unsigned j);

static inline int stats_is_hist(uint32_t type)
{
	return type == KVM_STATS_TYPE_LINEAR_HIST || type == KVM_STATS_TYPE_LOG_HIST;
}

#endif
