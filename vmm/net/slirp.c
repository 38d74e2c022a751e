// SPDX-License-Identifier: MIT
/* The libslirp backend (see slirp.h).  libslirp is not thread-safe: it is
 * only ever called on the device thread, which polls slirp's sockets and
 * runs its timers (net/backend.h). */
#include "vmm/net/slirp.h"

#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <netinet/in.h>
#include <slirp/libslirp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct slirp_timer {
	SlirpTimerCb cb;
	void *cb_opaque;
	int64_t expire_ms;   /* -1: not armed */
	struct slirp_timer *next;
};

struct net_slirp {
	struct net_backend be;
	Slirp *slirp;
	struct slirp_timer *timers;
	bool polled;         /* this iteration's poll_fill gave slirp's fds */
	bool error_logged;
};

static struct net_slirp *to_slirp(struct net_backend *be)
{
	return (struct net_slirp *)be;
}

static int64_t clock_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* --- libslirp's callbacks ---------------------------------------------- */

static ssize_t cb_send_packet(const void *buf, size_t len, void *opaque)
{
	struct net_slirp *s = opaque;
	if (s->be.receive)
		s->be.receive(s->be.opaque, buf, len);
	return (ssize_t)len;
}

static void cb_guest_error(const char *msg, void *opaque)
{
	struct net_slirp *s = opaque;
	if (!s->error_logged) {
		s->error_logged = true;
		fprintf(stderr, "rvkvm: net user: guest error: %s (further ones not logged)\n", msg);
	}
}

static int64_t cb_clock_get_ns(void *opaque)
{
	(void)opaque;
	return clock_ns();
}

static void *cb_timer_new(SlirpTimerCb cb, void *cb_opaque, void *opaque)
{
	struct net_slirp *s = opaque;
	struct slirp_timer *t = calloc(1, sizeof(*t));
	if (!t)
		return NULL;
	*t = (struct slirp_timer){ cb, cb_opaque, -1, s->timers };
	s->timers = t;
	return t;
}

static void cb_timer_free(void *timer, void *opaque)
{
	struct net_slirp *s = opaque;
	for (struct slirp_timer **p = &s->timers; *p; p = &(*p)->next) {
		if (*p == timer) {
			*p = (*p)->next;
			free(timer);
			return;
		}
	}
}

/* expire_time is in milliseconds of cb_clock_get_ns's clock. */
static void cb_timer_mod(void *timer, int64_t expire_time, void *opaque)
{
	(void)opaque;
	((struct slirp_timer *)timer)->expire_ms = expire_time;
}

static void cb_register_poll_fd(int fd, void *opaque)
{
	(void)fd, (void)opaque;   /* every iteration asks slirp for its fds */
}

static void cb_notify(void *opaque)
{
	(void)opaque;             /* slirp runs on the thread that would be woken */
}

static const SlirpCb net_slirp_cb = {
	.send_packet = cb_send_packet,
	.guest_error = cb_guest_error,
	.clock_get_ns = cb_clock_get_ns,
	.timer_new = cb_timer_new,
	.timer_free = cb_timer_free,
	.timer_mod = cb_timer_mod,
	.register_poll_fd = cb_register_poll_fd,
	.unregister_poll_fd = cb_register_poll_fd,
	.notify = cb_notify,
};

/* --- the backend ------------------------------------------------------- */

static int add_poll(int fd, int events, void *opaque)
{
	short ev = 0;
	if (events & SLIRP_POLL_IN)
		ev |= POLLIN;
	if (events & SLIRP_POLL_OUT)
		ev |= POLLOUT;
	if (events & SLIRP_POLL_PRI)
		ev |= POLLPRI;
	return net_pollset_add(opaque, fd, ev);
}

static int get_revents(int idx, void *opaque)
{
	const struct net_pollset *ps = opaque;
	if (idx < 0 || (unsigned)idx >= ps->n)
		return 0;
	short re = ps->fds[idx].revents;
	int ev = 0;
	if (re & POLLIN)
		ev |= SLIRP_POLL_IN;
	if (re & POLLOUT)
		ev |= SLIRP_POLL_OUT;
	if (re & POLLPRI)
		ev |= SLIRP_POLL_PRI;
	if (re & (POLLERR | POLLNVAL))
		ev |= SLIRP_POLL_ERR;
	if (re & POLLHUP)
		ev |= SLIRP_POLL_HUP;
	return ev;
}

static void net_slirp_poll_fill(struct net_backend *be, struct net_pollset *ps, int *timeout_ms,
				bool can_receive)
{
	struct net_slirp *s = to_slirp(be);
	/* With the device's backlog full, leave the host sockets unread:
	 * their data waits in the kernel (TCP's own flow control). */
	s->polled = can_receive;
	if (can_receive) {
		uint32_t t = *timeout_ms < 0 ? UINT32_MAX : (uint32_t)*timeout_ms;
		slirp_pollfds_fill(s->slirp, &t, add_poll, ps);
		*timeout_ms = t > INT_MAX ? -1 : (int)t;
	}
	int64_t now = clock_ns() / 1000000;
	for (struct slirp_timer *t = s->timers; t; t = t->next) {
		if (t->expire_ms < 0)
			continue;
		int64_t d = t->expire_ms > now ? t->expire_ms - now : 0;
		if (d > INT_MAX)
			d = INT_MAX;
		if (*timeout_ms < 0 || d < *timeout_ms)
			*timeout_ms = (int)d;
	}
}

static void net_slirp_poll_done(struct net_backend *be, const struct net_pollset *ps)
{
	struct net_slirp *s = to_slirp(be);
	if (s->polled)
		slirp_pollfds_poll(s->slirp, 0, get_revents, (void *)ps);
	s->polled = false;
	/* Due timers; a callback may re-arm or free timers, so restart the
	 * walk after each one. */
	int64_t now = clock_ns() / 1000000;
	for (bool again = true; again;) {
		again = false;
		for (struct slirp_timer *t = s->timers; t; t = t->next) {
			if (t->expire_ms >= 0 && t->expire_ms <= now) {
				t->expire_ms = -1;
				t->cb(t->cb_opaque);
				again = true;
				break;
			}
		}
	}
}

static void net_slirp_send(struct net_backend *be, const uint8_t *frame, size_t len)
{
	slirp_input(to_slirp(be)->slirp, frame, (int)len);
}

static void net_slirp_destroy(struct net_backend *be)
{
	struct net_slirp *s = to_slirp(be);
	if (s->slirp)
		slirp_cleanup(s->slirp);
	while (s->timers) {
		struct slirp_timer *t = s->timers;
		s->timers = t->next;
		free(t);
	}
	free(s);
}

static const struct net_backend_ops net_slirp_ops = {
	.name = "user",
	.poll_fill = net_slirp_poll_fill,
	.poll_done = net_slirp_poll_done,
	.send = net_slirp_send,
	.destroy = net_slirp_destroy,
};

/* [tcp|udp]:[HOSTADDR]:HOSTPORT-[GUESTADDR]:GUESTPORT (QEMU's hostfwd). */
static int parse_port(const char *s, size_t len, int *port)
{
	if (!len || len > 5)
		return -1;
	int v = 0;
	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	if (v > 65535)
		return -1;
	*port = v;
	return 0;
}

static int parse_addr(const char *s, size_t len, struct in_addr *a)
{
	char buf[INET_ADDRSTRLEN];
	if (!len) {
		a->s_addr = INADDR_ANY;
		return 0;
	}
	if (len >= sizeof(buf))
		return -1;
	memcpy(buf, s, len);
	buf[len] = 0;
	return inet_pton(AF_INET, buf, a) == 1 ? 0 : -1;
}

/* ADDR:PORT with ADDR possibly empty. */
static int parse_endpoint(const char *s, size_t len, struct in_addr *a, int *port)
{
	const char *colon = memchr(s, ':', len);
	if (!colon)
		return -1;
	size_t alen = (size_t)(colon - s);
	return parse_addr(s, alen, a) || parse_port(colon + 1, len - alen - 1, port) ? -1 : 0;
}

static int net_slirp_add_hostfwd(Slirp *slirp, const char *rule)
{
	const char *p = rule;
	int udp = 0;
	if (!strncmp(p, "tcp:", 4)) {
		p += 4;
	} else if (!strncmp(p, "udp:", 4)) {
		udp = 1;
		p += 4;
	} else if (*p == ':') {
		p++;   /* protocol omitted: tcp */
	} else {
		return -EINVAL;
	}
	const char *dash = strchr(p, '-');
	if (!dash)
		return -EINVAL;
	struct in_addr haddr, gaddr;
	int hport, gport;
	if (parse_endpoint(p, (size_t)(dash - p), &haddr, &hport) ||
	    parse_endpoint(dash + 1, strlen(dash + 1), &gaddr, &gport) || !gport)
		return -EINVAL;
	/* guest address 0: slirp's first DHCP address (10.0.2.15). */
	if (slirp_add_hostfwd(slirp, udp, haddr, hport, gaddr, gport) < 0)
		return -EADDRINUSE;
	return 0;
}

struct net_backend *net_slirp_create(const struct net_slirp_opts *opts, char *err, size_t errlen)
{
	struct net_slirp *s = calloc(1, sizeof(*s));
	if (!s) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	s->be.ops = &net_slirp_ops;
	s->be.csum_valid = true;
	SlirpConfig cfg = {
		.version = 4,
		.restricted = opts->restricted,
		.in_enabled = true,
		.in6_enabled = true,
		.vprefix_len = 64,
		.vhostname = "rvkvm",
	};
	inet_pton(AF_INET, "10.0.2.0", &cfg.vnetwork);
	inet_pton(AF_INET, "255.255.255.0", &cfg.vnetmask);
	inet_pton(AF_INET, "10.0.2.2", &cfg.vhost);
	inet_pton(AF_INET, "10.0.2.15", &cfg.vdhcp_start);
	inet_pton(AF_INET, "10.0.2.3", &cfg.vnameserver);
	inet_pton(AF_INET6, "fec0::", &cfg.vprefix_addr6);
	inet_pton(AF_INET6, "fec0::2", &cfg.vhost6);
	inet_pton(AF_INET6, "fec0::3", &cfg.vnameserver6);
	s->slirp = slirp_new(&cfg, &net_slirp_cb, s);
	if (!s->slirp) {
		snprintf(err, errlen, "libslirp could not start");
		free(s);
		return NULL;
	}
	for (unsigned i = 0; i < opts->nr_hostfwd; i++) {
		int r = net_slirp_add_hostfwd(s->slirp, opts->hostfwd[i]);
		if (r < 0) {
			snprintf(err, errlen, r == -EINVAL ?
				 "hostfwd=%s: expected [tcp|udp]:[HOSTADDR]:HOSTPORT-[GUESTADDR]:GUESTPORT" :
				 "hostfwd=%s: cannot listen on the host port (in use?)", opts->hostfwd[i]);
			net_slirp_destroy(&s->be);
			return NULL;
		}
	}
	return &s->be;
}
