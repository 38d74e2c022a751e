/* SPDX-License-Identifier: MIT */
/* A guest network interface as the command line gives it, QEMU-style:
 *   user[,hostfwd=RULE]...[,restrict=on|off][,mac=MAC]
 *   tap,ifname=NAME[,queues=N][,mac=MAC]
 * and the backends it makes (one per virtio-net queue pair). */
#ifndef VMM_NET_NETDEV_H
#define VMM_NET_NETDEV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vmm/net/backend.h"
#include "vmm/net/slirp.h"

#define NETDEV_MAX_QUEUES 8       /* tap's queues=N */

enum netdev_type {
	NETDEV_USER,
	NETDEV_TAP,
};

struct netdev_config {
	enum netdev_type type;
	struct net_slirp_opts user;
	char ifname[16];          /* tap: IFNAMSIZ */
	unsigned queues;          /* queue pairs, 1..NETDEV_MAX_QUEUES (0 reads as 1) */
	bool has_mac;
	uint8_t mac[6];
};

/* Parse one --net argument, in place: cfg's strings point into arg, which
 * must outlive cfg.  Returns 0, or -EINVAL with the reason in err. */
int netdev_parse(char *arg, struct netdev_config *cfg, char *err, size_t errlen);
/* The queue pairs cfg asks for (1 unless a tap has queues=N). */
static inline unsigned netdev_queues(const struct netdev_config *cfg)
{
	return cfg->queues ? cfg->queues : 1;
}
/* The backends cfg describes, one per queue pair: bes[0..netdev_queues(cfg)).
 * Returns 0, or -1 with the reason in err (nothing created). */
int netdev_create_backends(const struct netdev_config *cfg, struct net_backend **bes, char *err,
			   size_t errlen);

#endif
