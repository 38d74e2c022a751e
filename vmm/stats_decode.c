// SPDX-License-Identifier: MIT
/* See stats_decode.h.  The layout (Documentation/virt/kvm/api.rst,
 * "KVM_GET_STATS_FD"): the header at 0, the id string at id_offset
 * (name_size bytes), num_desc descriptors of sizeof(struct kvm_stats_desc)
 * + name_size bytes from desc_offset, and each statistic's `size` u64s at
 * data_offset + offset. */
#include "vmm/stats_decode.h"

#include <stdbool.h>
#include <string.h>

uint64_t stats_value(const struct stats_item_view *s, unsigned j)
{
	uint64_t v;
	memcpy(&v, s->values + 8 * (size_t)j, sizeof(v));
	return v;
}

/* A NUL within the first max bytes of p. */
static bool str_ok(const uint8_t *p, size_t max)
{
	return max && memchr(p, '\0', max) != NULL;
}

int stats_decode(const uint8_t *b, uint64_t n, stats_item_fn fn, void *ctx,
		 struct stats_decode_err *err)
{
	struct kvm_stats_header h;
	*err = (struct stats_decode_err){ .desc = -1 };
	if (n < sizeof(h)) {
		err->why = "shorter than the header";
		return -1;
	}
	memcpy(&h, b, sizeof(h));
	const uint64_t desc_size = sizeof(struct kvm_stats_desc) + (uint64_t)h.name_size;
	if (h.name_size == 0 || h.name_size > STATS_DECODE_MAX_NAME)
		err->why = "bad name_size";
	else if ((uint64_t)h.id_offset + h.name_size > n)
		err->why = "id string outside the file";
	else if (!str_ok(b + h.id_offset, h.name_size))
		err->why = "id string not NUL-terminated";
	else if ((uint64_t)h.desc_offset + (uint64_t)h.num_desc * desc_size > n)
		err->why = "descriptors outside the file";
	else if (h.data_offset > n)
		err->why = "data block outside the file";
	if (err->why)
		return -1;
	const char *id = (const char *)b + h.id_offset;
	for (uint32_t i = 0; i < h.num_desc; i++) {
		const uint8_t *dp = b + h.desc_offset + i * desc_size;
		struct kvm_stats_desc d;
		memcpy(&d, dp, sizeof(d));
		const uint8_t *name = dp + sizeof(struct kvm_stats_desc);
		uint32_t type = d.flags & KVM_STATS_TYPE_MASK;
		if (!str_ok(name, h.name_size))
			err->why = "name not NUL-terminated";
		else if (type > KVM_STATS_TYPE_MAX)
			err->why = "unknown type";
		else if (d.size == 0 || (!stats_is_hist(type) && d.size != 1))
			err->why = "bad size";
		else if ((uint64_t)h.data_offset + d.offset + (uint64_t)d.size * 8 > n)
			err->why = "values outside the file";
		if (err->why) {
			err->id = id;
			err->desc = (long)i;
			return -1;
		}
		struct stats_item_view s = {
			.name = (const char *)name,
			.type = type,
			.size = d.size,
			.values = b + h.data_offset + d.offset,
		};
		int r = fn(ctx, id, &s);
		if (r)
			return r;
	}
	return 0;
}
