/* SPDX-License-Identifier: MIT */
/* The machine configuration a snapshot carries (its SNAP_CONFIG section),
 * as JSON: what a restore needs to build the same machine again (VM type,
 * memory, vCPUs, disks, network interfaces, the balloon, core settings).
 * Boot images are not part of it: a restored guest is already running. */
#ifndef VMM_SNAPSHOT_CONFIG_H
#define VMM_SNAPSHOT_CONFIG_H

#include <stddef.h>

#include "vmm/machine.h"

/* cfg as JSON text (malloc'd), or NULL when out of memory. */
char *snap_config_to_json(const struct machine_config *cfg);
/* Fill cfg from json[0..len): every field checked.  cfg's other fields
 * (the console, the boot images) are left as they are; strings are copied
 * through keep(ctx, s), which returns a copy that outlives cfg or NULL.
 * Returns 0 or -EINVAL with err filled. */
int snap_config_from_json(const char *json, size_t len, struct machine_config *cfg,
			  const char *(*keep)(void *ctx, const char *s), void *ctx, char *err,
			  size_t errlen);

#endif
