/* SPDX-License-Identifier: MIT */
/* A guest network interface as the command line gives it, QEMU-style:
 *   user[,hostfwd=RULE]...[,restrict=on|off][,mac=MAC]
 *   tap,ifname=NAME[,mac=MAC]
 * and the backend it makes. */
#ifndef VMM_NET_NETDEV_H
#define VMM_NET_NETDEV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vmm/net/backend.h"
#include "vmm/net/slirp.h"

enum netdev_type {
	NETDEV_USER,
	NETDEV_TAP,
};

struct netdev_config {
	enum netdev_type type;
	struct net_slirp_opts user;
	char ifname[16];          /* tap: IFNAMSIZ */
	bool has_mac;
	uint8_t mac[6];
};

/* Parse one --net argument, in place: cfg's strings point into arg, which
 * must outlive cfg.  Returns 0, or -EINVAL with the reason in err. */
int netdev_parse(char *arg, struct netdev_config *cfg, char *err, size_t errlen);
/* The backend cfg describes, or NULL with the reason in err. */
struct net_backend *netdev_create_backend(const struct netdev_config *cfg, char *err,
					  size_t errlen);

#endif
