/* SPDX-License-Identifier: MIT */
/* User-mode networking through libslirp, as QEMU's `-netdev user`: the
 * guest sits on 10.0.2.0/24 (and fec0::/64), the host is 10.0.2.2 (its
 * loopback seen from the guest), DNS at 10.0.2.3 forwards to the host's
 * resolver, DHCP hands out 10.0.2.15 first.  No privileges needed: the
 * guest's connections become the host's sockets.  Host forwarding rules
 * are written as QEMU's: [tcp|udp]:[HOSTADDR]:HOSTPORT-[GUESTADDR]:GUESTPORT. */
#ifndef VMM_NET_SLIRP_H
#define VMM_NET_SLIRP_H

#include <stdbool.h>
#include <stddef.h>

#include "vmm/net/backend.h"

#define NET_SLIRP_MAX_HOSTFWD 16

struct net_slirp_opts {
	const char *hostfwd[NET_SLIRP_MAX_HOSTFWD];
	unsigned nr_hostfwd;
	bool restricted;     /* restrict=on: the guest reaches only forwarded ports */
};

/* A slirp stack with the forwarding rules in place, or NULL with the reason
 * in err. */
struct net_backend *net_slirp_create(const struct net_slirp_opts *opts, char *err, size_t errlen);

#endif
