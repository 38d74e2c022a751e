/* SPDX-License-Identifier: MIT */
/* `rvkvm run --stats-sock PATH`: a thread serving the VM's binary stats
 * (KVM_GET_STATS_FD, include/rvkvm/kvm.h) on a unix stream socket, and
 * `rvkvm stat PATH`, its client.
 *
 * Each connection receives, in host byte order, a u32 count and then
 * count frames of a u64 length followed by that many bytes: one stats
 * "file" (header, id, descriptors, data as kvm_stats_pread() returns them),
 * the VM's first, then each vCPU's in id order.  Then the server closes
 * the connection; what the client sends is ignored. */
#ifndef VMM_STATS_SERVER_H
#define VMM_STATS_SERVER_H

#include "rvkvm/kvm.h"

struct vmm_stats_server;

/* Open the stats handles of vm and vcpus[0..n), bind PATH (replacing a
 * stale socket there) and start serving.  Errors go to stderr; returns 0
 * or -errno. */
int vmm_stats_server_start(struct vmm_stats_server **out, const char *path, struct kvm_vm *vm,
			   struct kvm_vcpu *const *vcpus, unsigned n);
/* Stop the thread, close the handles, remove the socket (NULL: nothing).
 * Call before destroying the VM. */
void vmm_stats_server_stop(struct vmm_stats_server *s);

/* stat_cmd.c: `rvkvm stat [-h] PATH`; returns the exit status. */
int cmd_stat(int argc, char **argv);

#endif
