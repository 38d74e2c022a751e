/* SPDX-License-Identifier: MIT */
/* A tap device as the backend (`--net tap,ifname=NAME[,queues=N]`): frames
 * go to and come from the host's network stack through /dev/net/tun.  The
 * interface is created when it does not exist (needs CAP_NET_ADMIN), or an
 * existing persistent one owned by the user is attached; addresses,
 * bridges and routes are the host administrator's business, as with QEMU. */
#ifndef VMM_NET_TAP_H
#define VMM_NET_TAP_H

#include <stddef.h>

#include "vmm/net/backend.h"

#define NET_TAP_MAX_QUEUES 8

/* Open tap ifname for `queues` queue pairs (1..NET_TAP_MAX_QUEUES): one
 * backend per queue in bes[0..queues).  With more than one the tap is
 * opened that many times with IFF_MULTI_QUEUE (each open is one queue of
 * the interface), which an existing interface must have been created
 * with (`ip tuntap add dev NAME mode tap multi_queue`); every queue
 * starts enabled (set_queue_enabled).  Returns 0, or -1 with the reason
 * in err and nothing left open. */
int net_tap_create(const char *ifname, unsigned queues, struct net_backend **bes, char *err,
		   size_t errlen);

#endif
