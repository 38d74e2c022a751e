/* SPDX-License-Identifier: MIT */
/* The management API (`rvkvm run --api-sock PATH`): Firecracker's resource
 * model and JSON bodies over HTTP on a unix socket, so that tools written
 * for Firecracker drive rvkvm (docs/api.yaml describes it).
 *
 * Before the guest starts, PUT /boot-source, /machine-config, /drives/{id},
 * /network-interfaces/{id} build the machine's configuration and
 * PUT /actions {"action_type": "InstanceStart"} boots it; a VM configured on
 * the command line starts at once.  Afterwards GET /, /version,
 * /machine-config, /vm/config report, PATCH /vm pauses and resumes, and
 * PUT /migration/send, GET /migration, PUT /migration/cancel move the
 * running guest to another rvkvm (`--incoming`).
 * Errors are 400 with {"fault_message": ...}, as Firecracker's.
 *
 * Threads: the API thread (vmm/api/http.c) only records configuration and
 * asks; the main thread builds and runs the machine. */
#ifndef VMM_API_API_H
#define VMM_API_API_H

#include <stdbool.h>

#include "vmm/machine.h"

struct vmm_api;

/* The API's state over cfg, the configuration it fills in before the
 * guest starts (already complete when the command line gave a kernel or
 * firmware).  Returns 0 or -ENOMEM. */
int vmm_api_create(struct vmm_api **out, struct machine_config *cfg);
/* --config-file: the same resources from one JSON file, as Firecracker's
 * ("boot-source", "machine-config", "drives", "network-interfaces").
 * Returns 0 or -1 with the reason on stderr. */
int vmm_api_load_config(struct vmm_api *a, const char *path);
/* Serve the API on the unix socket PATH.  Returns 0 or -errno. */
int vmm_api_serve(struct vmm_api *a, const char *path);
/* Main thread: wait for InstanceStart and return true; false when the
 * wait was given up (SIGINT/SIGTERM, see vmm_api_cancel).  Returns true at
 * once when `configured` (the command line or a config file). */
bool vmm_api_wait_start(struct vmm_api *a, bool configured);
void vmm_api_cancel(struct vmm_api *a);
/* Main thread, after machine_init: r is its result (0 or -errno); on
 * success m serves the post-boot calls until vmm_api_detach. */
void vmm_api_started(struct vmm_api *a, struct machine *m, int r);
void vmm_api_detach(struct vmm_api *a);
/* --incoming: the configuration comes from the source, so the pre-boot
 * calls are refused; before vmm_api_started, whether the guest runs at
 * once (else it starts paused, as a snapshot loaded without resume_vm). */
void vmm_api_set_incoming(struct vmm_api *a);
void vmm_api_set_resume(struct vmm_api *a, bool resume);
void vmm_api_destroy(struct vmm_api *a);

#endif
