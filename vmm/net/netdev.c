// SPDX-License-Identifier: MIT
/* --net option parsing and backend creation (see netdev.h). */
#include "vmm/net/netdev.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vmm/net/tap.h"
#include "vmm/virtio/net.h"

_Static_assert(NETDEV_MAX_QUEUES <= NET_TAP_MAX_QUEUES && NETDEV_MAX_QUEUES <= VIRTIO_NET_MAX_PAIRS,
	       "queues=N must fit the tap and the virtio-net device");

int netdev_parse(char *arg, struct netdev_config *cfg, char *err, size_t errlen)
{
	memset(cfg, 0, sizeof(*cfg));
	char *save = NULL, *tok = strtok_r(arg, ",", &save);
	if (!tok || (strcmp(tok, "user") && strcmp(tok, "tap"))) {
		snprintf(err, errlen, "expected `user` or `tap` first, got '%s'", tok ? tok : "");
		goto bad;
	}
	cfg->type = strcmp(tok, "user") ? NETDEV_TAP : NETDEV_USER;
	while ((tok = strtok_r(NULL, ",", &save))) {
		char *val = strchr(tok, '=');
		if (!val) {
			snprintf(err, errlen, "'%s' is not KEY=VALUE", tok);
			goto bad;
		}
		*val++ = 0;
		if (!strcmp(tok, "mac")) {
			if (virtio_net_parse_mac(val, cfg->mac) < 0) {
				snprintf(err, errlen, "mac=%s: expected a unicast address like "
					 "52:54:00:12:34:56", val);
				goto bad;
			}
			cfg->has_mac = true;
		} else if (!strcmp(tok, "hostfwd") && cfg->type == NETDEV_USER) {
			if (cfg->user.nr_hostfwd == NET_SLIRP_MAX_HOSTFWD) {
				snprintf(err, errlen, "more than %d hostfwd rules", NET_SLIRP_MAX_HOSTFWD);
				goto bad;
			}
			cfg->user.hostfwd[cfg->user.nr_hostfwd++] = val;
		} else if (!strcmp(tok, "restrict") && cfg->type == NETDEV_USER) {
			if (strcmp(val, "on") && strcmp(val, "off")) {
				snprintf(err, errlen, "restrict=%s: expected on or off", val);
				goto bad;
			}
			cfg->user.restricted = !strcmp(val, "on");
		} else if (!strcmp(tok, "queues")) {
			char *end;
			unsigned long n = strtoul(val, &end, 10);
			if (!*val || *end || *val < '0' || *val > '9' || n < 1 ||
			    n > NETDEV_MAX_QUEUES) {
				snprintf(err, errlen, "queues=%s: a number of queue pairs, 1 to %d",
					 val, NETDEV_MAX_QUEUES);
				goto bad;
			}
			if (n > 1 && cfg->type != NETDEV_TAP) {
				snprintf(err, errlen, "queues=%s: only a tap has more than one queue",
					 val);
				goto bad;
			}
			cfg->queues = (unsigned)n;
		} else if (!strcmp(tok, "ifname") && cfg->type == NETDEV_TAP) {
			if (!*val || strlen(val) >= sizeof(cfg->ifname)) {
				snprintf(err, errlen, "ifname=%s: 1 to %zu characters", val,
					 sizeof(cfg->ifname) - 1);
				goto bad;
			}
			strcpy(cfg->ifname, val);
		} else {
			snprintf(err, errlen, "unknown option '%s' for %s", tok,
				 cfg->type == NETDEV_USER ? "user" : "tap");
			goto bad;
		}
	}
	if (cfg->type == NETDEV_TAP && !cfg->ifname[0]) {
		snprintf(err, errlen, "tap needs ifname=NAME");
		goto bad;
	}
	return 0;
bad:
	memset(cfg, 0, sizeof(*cfg));
	return -EINVAL;
}

int netdev_create_backends(const struct netdev_config *cfg, struct net_backend **bes, char *err,
			   size_t errlen)
{
	switch (cfg->type) {
	case NETDEV_USER:
		if (netdev_queues(cfg) != 1) {
			snprintf(err, errlen, "user-mode networking has one queue pair");
			return -1;
		}
		bes[0] = net_slirp_create(&cfg->user, err, errlen);
		return bes[0] ? 0 : -1;
	case NETDEV_TAP:
		return net_tap_create(cfg->ifname, netdev_queues(cfg), bes, err, errlen);
	}
	snprintf(err, errlen, "unknown network backend");
	return -1;
}
