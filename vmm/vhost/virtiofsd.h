/* SPDX-License-Identifier: MIT */
/* `--fs tag=TAG,dir=DIR`: rvkvm starts the virtiofsd backend itself, on a
 * private socket, and stops it when the VM goes.  The binary is
 * $RVKVM_VIRTIOFSD, else `virtiofsd` on PATH, /usr/libexec/virtiofsd
 * (Debian's Rust virtiofsd) or /usr/lib/qemu/virtiofsd (QEMU 7.2's C one);
 * the two take different options, told apart by their --help. */
#ifndef VMM_VHOST_VIRTIOFSD_H
#define VMM_VHOST_VIRTIOFSD_H

#include <sys/types.h>

struct virtiofsd {
	pid_t pid;               /* 0: not running */
	char dir[64];            /* private directory holding the socket */
	char socket[96];
};

/* Start virtiofsd sharing `shared`; returns 0 with d->socket ready to
 * connect to (the frontend's connect waits for it), or -errno with the
 * reason on stderr. */
int virtiofsd_spawn(struct virtiofsd *d, const char *shared);
/* Stop it (SIGTERM, then SIGKILL) and remove the socket directory. */
void virtiofsd_stop(struct virtiofsd *d);

#endif
