/* SPDX-License-Identifier: MIT */
/* GET /stats: the VM's and each vCPU's KVM binary statistics
 * (KVM_GET_STATS_FD) as JSON. */
#ifndef VMM_API_STATS_H
#define VMM_API_STATS_H

#include <json-c/json.h>
#include <stddef.h>

#include "vmm/machine.h"

/* {"vm": {NAME: VALUE, ...}, "vcpus": [{NAME: VALUE, ...}, ...]}: a counter
 * or gauge is a number, a histogram an array of its buckets.  Opens, reads
 * and closes the stats handles of m (never waits for a vCPU); call it
 * while m cannot be destroyed.  Returns the object, or NULL with the
 * reason in why (why_len bytes). */
json_object *api_stats_json(struct machine *m, char *why, size_t why_len);

#endif
