/* SPDX-License-Identifier: MIT */
/* A tap device as the backend (`--net tap,ifname=NAME`): frames go to and
 * come from the host's network stack through /dev/net/tun.  The interface
 * is created when it does not exist (needs CAP_NET_ADMIN), or an existing
 * persistent one owned by the user is attached; addresses, bridges and
 * routes are the host administrator's business, as with QEMU. */
#ifndef VMM_NET_TAP_H
#define VMM_NET_TAP_H

#include <stddef.h>

#include "vmm/net/backend.h"

struct net_backend *net_tap_create(const char *ifname, char *err, size_t errlen);

#endif
