// SPDX-License-Identifier: MIT
/* A snapshot's machine configuration as JSON (see config.h), with json-c. */
#include "vmm/snapshot/config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#define CONFIG_VERSION 1
#define MEM_LIMIT (1ULL << 40)

static json_object *jbool(bool b)
{
	return json_object_new_boolean(b);
}

static json_object *ju64(uint64_t v)
{
	return json_object_new_int64((int64_t)v);
}

char *snap_config_to_json(const struct machine_config *c)
{
	json_object *o = json_object_new_object();
	json_object_object_add(o, "version", ju64(CONFIG_VERSION));
	json_object_object_add(o, "hyp_guest", jbool(c->hyp_guest));
	json_object_object_add(o, "mem_size", ju64(c->mem_size));
	json_object_object_add(o, "vcpus", ju64(c->nr_cpus ? c->nr_cpus : 1));
	if (c->nr_plugged)  /* vCPU hotplug: the rest are present, unplugged */
		json_object_object_add(o, "plugged_vcpus", ju64(c->nr_plugged));
	json_object_object_add(o, "halt_poll_ns", json_object_new_int64(c->halt_poll_ns));
	json_object_object_add(o, "sbi_disabled", ju64(c->sbi_disabled));
	json_object *disks = json_object_new_array();
	for (unsigned i = 0; i < c->nr_disks; i++) {
		json_object *d = json_object_new_object();
		json_object_object_add(d, "path", json_object_new_string(c->disks[i].path));
		json_object_object_add(d, "readonly", jbool(c->disks[i].readonly));
		json_object_object_add(d, "direct", jbool(c->disks[i].direct));
		json_object_array_add(disks, d);
	}
	json_object_object_add(o, "disks", disks);
	json_object *nets = json_object_new_array();
	for (unsigned i = 0; i < c->nr_nets; i++) {
		const struct netdev_config *n = &c->nets[i];
		json_object *d = json_object_new_object();
		json_object_object_add(d, "type", json_object_new_string(n->type == NETDEV_TAP ? "tap" :
									     "user"));
		if (n->type == NETDEV_TAP)
			json_object_object_add(d, "ifname", json_object_new_string(n->ifname));
		if (n->has_mac) {
			json_object *mac = json_object_new_array();
			for (int k = 0; k < 6; k++)
				json_object_array_add(mac, ju64(n->mac[k]));
			json_object_object_add(d, "mac", mac);
		}
		json_object *fw = json_object_new_array();
		for (unsigned k = 0; k < n->user.nr_hostfwd; k++)
			json_object_array_add(fw, json_object_new_string(n->user.hostfwd[k]));
		json_object_object_add(d, "hostfwd", fw);
		json_object_object_add(d, "restrict", jbool(n->user.restricted));
		json_object_array_add(nets, d);
	}
	json_object_object_add(o, "nets", nets);
	if (c->balloon.enabled) {
		json_object *b = json_object_new_object();
		json_object_object_add(b, "amount_mib", ju64(c->balloon.amount_mib));
		json_object_object_add(b, "deflate_on_oom", jbool(c->balloon.deflate_on_oom));
		json_object_object_add(b, "free_page_reporting", jbool(c->balloon.free_page_reporting));
		json_object_object_add(b, "stats_interval_s", ju64(c->balloon.stats_interval_s));
		json_object_object_add(o, "balloon", b);
	}
	const char *s = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN);
	char *out = s ? strdup(s) : NULL;
	json_object_put(o);
	return out;
}

/* --- reading, every field checked --------------------------------------------------- */

struct cfg_reader {
	char *err;
	size_t errlen;
	const char *(*keep)(void *, const char *);
	void *ctx;
};

static int bad(struct cfg_reader *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int bad(struct cfg_reader *r, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = snprintf(r->err, r->errlen, "configuration: ");
	if (n > 0 && (size_t)n < r->errlen)
		vsnprintf(r->err + n, r->errlen - (size_t)n, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

static int get_u64(struct cfg_reader *r, json_object *o, const char *k, uint64_t max, bool need,
		   uint64_t *out)
{
	json_object *v;
	if (!json_object_object_get_ex(o, k, &v))
		return need ? bad(r, "`%s` is missing", k) : 0;
	if (!json_object_is_type(v, json_type_int) || json_object_get_int64(v) < 0 ||
	    (uint64_t)json_object_get_int64(v) > max)
		return bad(r, "`%s` must be an integer in 0..%llu", k, (unsigned long long)max);
	*out = (uint64_t)json_object_get_int64(v);
	return 0;
}

static int get_bool(struct cfg_reader *r, json_object *o, const char *k, bool *out)
{
	json_object *v;
	if (!json_object_object_get_ex(o, k, &v))
		return 0;
	if (!json_object_is_type(v, json_type_boolean))
		return bad(r, "`%s` must be true or false", k);
	*out = json_object_get_boolean(v);
	return 0;
}

static int get_str(struct cfg_reader *r, json_object *o, const char *k, size_t maxlen,
		   const char **out)
{
	json_object *v;
	if (!json_object_object_get_ex(o, k, &v) || !json_object_is_type(v, json_type_string))
		return bad(r, "`%s` must be a string", k);
	const char *s = json_object_get_string(v);
	if (!*s || strlen(s) > maxlen)
		return bad(r, "`%s` must be 1..%zu characters", k, maxlen);
	*out = r->keep(r->ctx, s);
	return *out ? 0 : bad(r, "out of memory");
}

static int get_array(struct cfg_reader *r, json_object *o, const char *k, size_t max,
		     json_object **out, size_t *n)
{
	*n = 0;
	*out = NULL;
	if (!json_object_object_get_ex(o, k, out))
		return 0;
	if (!json_object_is_type(*out, json_type_array))
		return bad(r, "`%s` must be an array", k);
	*n = json_object_array_length(*out);
	return *n > max ? bad(r, "`%s` has %zu entries, at most %zu", k, *n, max) : 0;
}

static int read_net(struct cfg_reader *r, json_object *d, struct netdev_config *n)
{
	const char *type, *s;
	memset(n, 0, sizeof(*n));
	if (!json_object_is_type(d, json_type_object) || get_str(r, d, "type", 8, &type) < 0)
		return bad(r, "a network interface needs a `type`");
	if (!strcmp(type, "tap")) {
		n->type = NETDEV_TAP;
		if (get_str(r, d, "ifname", sizeof(n->ifname) - 1, &s) < 0)
			return -EINVAL;
		strcpy(n->ifname, s);
	} else if (strcmp(type, "user")) {
		return bad(r, "network type `%s` is not user or tap", type);
	}
	json_object *mac = NULL, *fw;
	if (json_object_object_get_ex(d, "mac", &mac)) {
		if (!json_object_is_type(mac, json_type_array) || json_object_array_length(mac) != 6)
			return bad(r, "`mac` must be 6 bytes");
		for (int k = 0; k < 6; k++) {
			json_object *b = json_object_array_get_idx(mac, k);
			if (!json_object_is_type(b, json_type_int) || json_object_get_int64(b) < 0 ||
			    json_object_get_int64(b) > 255)
				return bad(r, "`mac` must be 6 bytes");
			n->mac[k] = (uint8_t)json_object_get_int64(b);
		}
		n->has_mac = true;
	}
	size_t nfw;
	if (get_array(r, d, "hostfwd", NET_SLIRP_MAX_HOSTFWD, &fw, &nfw) < 0 ||
	    get_bool(r, d, "restrict", &n->user.restricted) < 0)
		return -EINVAL;
	for (size_t k = 0; k < nfw; k++) {
		json_object *e = json_object_array_get_idx(fw, k);
		if (!json_object_is_type(e, json_type_string) || !*json_object_get_string(e))
			return bad(r, "`hostfwd` entries must be strings");
		if (!(n->user.hostfwd[k] = r->keep(r->ctx, json_object_get_string(e))))
			return bad(r, "out of memory");
	}
	n->user.nr_hostfwd = (unsigned)nfw;
	return 0;
}

static int read_config(struct cfg_reader *r, json_object *o, struct machine_config *c)
{
	uint64_t v = 0;
	if (!json_object_is_type(o, json_type_object))
		return bad(r, "not a JSON object");
	if (get_u64(r, o, "version", UINT32_MAX, true, &v) < 0)
		return -EINVAL;
	if (v != CONFIG_VERSION)
		return bad(r, "version %llu; this rvkvm reads version %d", (unsigned long long)v,
			   CONFIG_VERSION);
	if (get_bool(r, o, "hyp_guest", &c->hyp_guest) < 0 ||
	    get_u64(r, o, "mem_size", MEM_LIMIT, true, &c->mem_size) < 0)
		return -EINVAL;
	if (c->mem_size < (1u << 20) || c->mem_size % 4096)
		return bad(r, "`mem_size` must be a multiple of 4 KiB, at least 1 MiB");
	if (get_u64(r, o, "vcpus", KVM_MAX_VCPUS, true, &v) < 0)
		return -EINVAL;
	if (!v)
		return bad(r, "`vcpus` must be 1..%d", KVM_MAX_VCPUS);
	c->nr_cpus = (unsigned)v;
	v = 0;
	if (get_u64(r, o, "plugged_vcpus", c->nr_cpus, false, &v) < 0)
		return -EINVAL;
	if (v && !c->hyp_guest)
		return bad(r, "`plugged_vcpus` is for hypervisor guests");
	c->nr_plugged = (unsigned)v;
	json_object *hp;
	c->halt_poll_ns = -1;
	if (json_object_object_get_ex(o, "halt_poll_ns", &hp)) {
		if (!json_object_is_type(hp, json_type_int) || json_object_get_int64(hp) < -1)
			return bad(r, "`halt_poll_ns` must be an integer, -1 or more");
		c->halt_poll_ns = json_object_get_int64(hp);
	}
	v = 0;
	if (get_u64(r, o, "sbi_disabled", UINT32_MAX, false, &v) < 0)
		return -EINVAL;
	c->sbi_disabled = (uint32_t)v;

	json_object *arr;
	size_t n;
	if (get_array(r, o, "disks", MACHINE_MAX_DISKS, &arr, &n) < 0)
		return -EINVAL;
	c->nr_disks = 0;
	for (size_t i = 0; i < n; i++) {
		json_object *d = json_object_array_get_idx(arr, i);
		struct machine_disk *k = &c->disks[i];
		*k = (struct machine_disk){ 0 };
		if (!json_object_is_type(d, json_type_object))
			return bad(r, "a disk must be an object");
		if (get_str(r, d, "path", 4095, &k->path) < 0 ||
		    get_bool(r, d, "readonly", &k->readonly) < 0 || get_bool(r, d, "direct", &k->direct) < 0)
			return -EINVAL;
		c->nr_disks++;
	}
	if (get_array(r, o, "nets", MACHINE_MAX_NETS, &arr, &n) < 0)
		return -EINVAL;
	c->nr_nets = 0;
	for (size_t i = 0; i < n; i++, c->nr_nets++)
		if (read_net(r, json_object_array_get_idx(arr, i), &c->nets[i]) < 0)
			return -EINVAL;
	if (c->nr_disks + c->nr_nets > MACHINE_VIRTIO_SLOTS)
		return bad(r, "more devices than virtio-mmio slots");

	json_object *b;
	c->balloon = (struct machine_balloon){ 0 };
	if (json_object_object_get_ex(o, "balloon", &b)) {
		if (!json_object_is_type(b, json_type_object))
			return bad(r, "`balloon` must be an object");
		c->balloon.enabled = true;
		uint64_t amount = 0, interval = 0;
		if (get_u64(r, b, "amount_mib", c->mem_size >> 20, true, &amount) < 0 ||
		    get_u64(r, b, "stats_interval_s", 3600 * 24, false, &interval) < 0 ||
		    get_bool(r, b, "deflate_on_oom", &c->balloon.deflate_on_oom) < 0 ||
		    get_bool(r, b, "free_page_reporting", &c->balloon.free_page_reporting) < 0)
			return -EINVAL;
		c->balloon.amount_mib = (uint32_t)amount;
		c->balloon.stats_interval_s = (unsigned)interval;
	}
	return 0;
}

int snap_config_from_json(const char *json, size_t len, struct machine_config *cfg,
			  const char *(*keep)(void *ctx, const char *s), void *ctx, char *err,
			  size_t errlen)
{
	struct cfg_reader r = { err, errlen, keep, ctx };
	json_tokener *tok = json_tokener_new();
	if (!tok)
		return bad(&r, "out of memory");
	json_object *o = len <= INT32_MAX ? json_tokener_parse_ex(tok, json, (int)len) : NULL;
	int rc;
	if (!o || json_tokener_get_parse_end(tok) != len)
		rc = bad(&r, "not valid JSON");
	else
		rc = read_config(&r, o, cfg);
	json_object_put(o);
	json_tokener_free(tok);
	return rc;
}
