// SPDX-License-Identifier: MIT
/* The management API's resources (see api.h).  Every body is checked
 * against the fields its resource has (an unknown field is an error, as
 * Firecracker's deny_unknown_fields), every value against its type and
 * range. */
#include "vmm/api/api.h"

#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "vmm/api/http.h"
#include "vmm/api/stats.h"
#include "vmm/snapshot/uffd.h"
#include "vmm/virtio/net.h"

#define RVKVM_VERSION       "0.1.0"
/* The Firecracker API level whose resource model this follows. */
#define FIRECRACKER_COMPAT  "1.7.0"

enum vmm_api_state { API_NOT_STARTED, API_STARTING, API_RUNNING, API_PAUSED, API_DONE };

struct vmm_api_str {
	struct vmm_api_str *next;
	char s[];
};

struct vmm_api {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	enum vmm_api_state state;
	bool cancelled;
	int start_result;              /* machine_init's, for the InstanceStart reply */
	struct machine_config *cfg;
	struct machine *m;             /* while running */
	struct api_http *http;
	struct vmm_api_str *strings;   /* what cfg's strings point to */
	char drive_ids[MACHINE_MAX_DISKS][64];
	char iface_ids[MACHINE_MAX_NETS][64];
	bool root_device_set;
	bool boot_source_set;
	int metrics_fd;                /* PUT /metrics, or -1 */
	bool logger_set;
	struct machine_restore restore; /* PUT /snapshot/load's files */
	bool resume_after_load;
	bool incoming;                 /* --incoming: configured by the source */
};

struct api_err {
	char msg[256];
};

static int fail(struct api_err *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(struct api_err *e, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
	return -1;
}

static const char *keep(struct vmm_api *a, const char *s)
{
	size_t n = strlen(s) + 1;
	struct vmm_api_str *k = malloc(sizeof(*k) + n);
	if (!k)
		return NULL;
	memcpy(k->s, s, n);
	k->next = a->strings;
	a->strings = k;
	return k->s;
}

/* --- typed field access ---------------------------------------------------- */

/* Fields of obj must all be in `allowed` (NULL-terminated). */
static int only_fields(json_object *obj, const char *const *allowed, struct api_err *e)
{
	if (!json_object_is_type(obj, json_type_object))
		return fail(e, "the body must be a JSON object");
	json_object_object_foreach(obj, key, val) {
		(void)val;
		bool ok = false;
		for (const char *const *f = allowed; *f; f++)
			ok |= !strcmp(*f, key);
		if (!ok)
			return fail(e, "unknown field `%s`", key);
	}
	return 0;
}

/* 1: present and set, 0: absent (or null), -1: wrong type. */
static int get_string(json_object *o, const char *k, const char **out, struct api_err *e)
{
	json_object *v;
	if (!json_object_object_get_ex(o, k, &v) || json_object_is_type(v, json_type_null))
		return 0;
	if (!json_object_is_type(v, json_type_string))
		return fail(e, "`%s` must be a string", k);
	*out = json_object_get_string(v);
	return 1;
}

static int get_bool(json_object *o, const char *k, bool *out, struct api_err *e)
{
	json_object *v;
	if (!json_object_object_get_ex(o, k, &v) || json_object_is_type(v, json_type_null))
		return 0;
	if (!json_object_is_type(v, json_type_boolean))
		return fail(e, "`%s` must be true or false", k);
	*out = json_object_get_boolean(v);
	return 1;
}

static int get_uint(json_object *o, const char *k, uint64_t min, uint64_t max, uint64_t *out,
		    struct api_err *e)
{
	json_object *v;
	if (!json_object_object_get_ex(o, k, &v) || json_object_is_type(v, json_type_null))
		return 0;
	if (!json_object_is_type(v, json_type_int))
		return fail(e, "`%s` must be an integer", k);
	int64_t x = json_object_get_int64(v);
	if (x < 0 || (uint64_t)x < min || (uint64_t)x > max)
		return fail(e, "`%s` must be in %llu..%llu", k, (unsigned long long)min,
			    (unsigned long long)max);
	*out = (uint64_t)x;
	return 1;
}

static int need_file(const char *what, const char *path, struct api_err *e)
{
	struct stat st;
	if (stat(path, &st) < 0)
		return fail(e, "%s %s: %s", what, path, strerror(errno));
	if (!S_ISREG(st.st_mode) && !S_ISBLK(st.st_mode))
		return fail(e, "%s %s is not a regular file or block device", what, path);
	return 0;
}

/* --- pre-boot resources ------------------------------------------------------ */

static int put_boot_source(struct vmm_api *a, json_object *b, struct api_err *e)
{
	static const char *const f[] = { "kernel_image_path", "boot_args", "initrd_path", NULL };
	const char *kernel = NULL, *args = NULL, *initrd = NULL;
	if (only_fields(b, f, e) < 0 || get_string(b, "kernel_image_path", &kernel, e) < 0 ||
	    get_string(b, "boot_args", &args, e) < 0 || get_string(b, "initrd_path", &initrd, e) < 0)
		return -1;
	if (!kernel)
		return fail(e, "`kernel_image_path` is required");
	if (need_file("kernel", kernel, e) < 0 || (initrd && need_file("initrd", initrd, e) < 0))
		return -1;
	struct machine_config *c = a->cfg;
	c->kernel = keep(a, kernel);
	c->initrd = initrd ? keep(a, initrd) : NULL;
	c->append = args ? keep(a, args) : NULL;
	a->boot_source_set = true;
	return 0;
}

static int put_machine_config(struct vmm_api *a, json_object *b, bool patch, struct api_err *e)
{
	static const char *const f[] = { "vcpu_count", "max_vcpus", "mem_size_mib", "smt",
					 "track_dirty_pages", "cpu_template", "huge_pages", NULL };
	uint64_t vcpus = 0, max = 0, mib = 0;
	bool smt = false, dirty = false;
	const char *tmpl = NULL, *huge = NULL;
	int hv, hx, hm;
	if (only_fields(b, f, e) < 0 ||
	    (hv = get_uint(b, "vcpu_count", 1, KVM_MAX_VCPUS, &vcpus, e)) < 0 ||
	    (hx = get_uint(b, "max_vcpus", 1, KVM_MAX_VCPUS, &max, e)) < 0 ||
	    (hm = get_uint(b, "mem_size_mib", 1, 1ULL << 20, &mib, e)) < 0 ||
	    get_bool(b, "smt", &smt, e) < 0 || get_bool(b, "track_dirty_pages", &dirty, e) < 0 ||
	    get_string(b, "cpu_template", &tmpl, e) < 0 || get_string(b, "huge_pages", &huge, e) < 0)
		return -1;
	if (!patch && (!hv || !hm))
		return fail(e, "`vcpu_count` and `mem_size_mib` are required");
	if (smt)
		return fail(e, "`smt` is not available on RISC-V");
	if (tmpl && strcmp(tmpl, "None"))
		return fail(e, "CPU templates are not supported (`cpu_template` %s)", tmpl);
	if (huge && strcmp(huge, "None"))
		return fail(e, "`huge_pages` %s is not supported", huge);
	/* rvkvm's max_vcpus (vCPU hotplug): the machine has max harts, the
	 * first vcpu_count plugged.  PUT without it: no hotplug; PATCH keeps
	 * the maximum unless vcpu_count goes past it. */
	struct machine_config *c = a->cfg;
	unsigned cur_max = c->nr_cpus ? c->nr_cpus : 1;
	unsigned nv = hv ? (unsigned)vcpus : (c->nr_plugged ? c->nr_plugged : cur_max);
	unsigned nm = hx ? (unsigned)max : patch && cur_max > nv ? cur_max : nv;
	if (nm < nv)
		return fail(e, "`max_vcpus` (%u) must be at least `vcpu_count` (%u)", nm, nv);
	c->nr_cpus = nm;
	c->nr_plugged = nm > nv ? nv : 0;
	if (hm)
		c->mem_size = mib << 20;
	if (json_object_object_get_ex(b, "track_dirty_pages", NULL))
		c->track_dirty_pages = dirty;
	return 0;
}

static int put_drive(struct vmm_api *a, const char *id, json_object *b, struct api_err *e)
{
	static const char *const f[] = { "drive_id", "path_on_host", "is_root_device",
					 "is_read_only", "partuuid", "cache_type", "io_engine",
					 "rate_limiter", "socket", NULL };
	const char *did = NULL, *path = NULL, *cache = NULL, *engine = NULL, *socket = NULL;
	const char *partuuid = NULL;
	bool root = false, ro = false;
	json_object *rl;
	if (only_fields(b, f, e) < 0 || get_string(b, "drive_id", &did, e) < 0 ||
	    get_string(b, "path_on_host", &path, e) < 0 || get_bool(b, "is_root_device", &root, e) < 0 ||
	    get_bool(b, "is_read_only", &ro, e) < 0 || get_string(b, "partuuid", &partuuid, e) < 0 ||
	    get_string(b, "cache_type", &cache, e) < 0 || get_string(b, "io_engine", &engine, e) < 0 ||
	    get_string(b, "socket", &socket, e) < 0)
		return -1;
	if (!did || strcmp(did, id))
		return fail(e, "`drive_id` must match the path's id `%s`", id);
	if (strlen(id) >= sizeof(a->drive_ids[0]))
		return fail(e, "drive id `%s` is too long", id);
	if (socket)
		return fail(e, "vhost-user drives are configured with --vhost-user-blk");
	if (!path)
		return fail(e, "`path_on_host` is required");
	if (partuuid)
		return fail(e, "`partuuid` is not supported: the root device is /dev/vda");
	if (cache && strcmp(cache, "Unsafe") && strcmp(cache, "Writeback"))
		return fail(e, "`cache_type` must be Unsafe or Writeback");
	if (engine && strcmp(engine, "Sync") && strcmp(engine, "Async"))
		return fail(e, "`io_engine` must be Sync or Async");
	if (json_object_object_get_ex(b, "rate_limiter", &rl) && !json_object_is_type(rl, json_type_null))
		return fail(e, "rate limiters are not supported");
	if (need_file("drive", path, e) < 0)
		return -1;
	struct machine_config *c = a->cfg;
	unsigned i;
	for (i = 0; i < c->nr_disks; i++)
		if (!strcmp(a->drive_ids[i], id))
			break;
	if (i == c->nr_disks && c->nr_disks == MACHINE_MAX_DISKS)
		return fail(e, "at most %d drives", MACHINE_MAX_DISKS);
	if (root && a->root_device_set && (i == c->nr_disks || i != 0))
		return fail(e, "a root device is already configured");
	const char *p = keep(a, path);
	if (!p)
		return fail(e, "out of memory");
	if (i == c->nr_disks)
		c->nr_disks++;
	strcpy(a->drive_ids[i], id);
	c->disks[i] = (struct machine_disk){ .path = p, .readonly = ro };
	/* Firecracker: the root device is the first (/dev/vda) and the kernel
	 * is told to mount it. */
	if (root && i != 0) {
		struct machine_disk d = c->disks[i];
		char idtmp[64];
		strcpy(idtmp, a->drive_ids[i]);
		memmove(&c->disks[1], &c->disks[0], i * sizeof(c->disks[0]));
		memmove(a->drive_ids[1], a->drive_ids[0], i * sizeof(a->drive_ids[0]));
		c->disks[0] = d;
		strcpy(a->drive_ids[0], idtmp);
	}
	if (root)
		a->root_device_set = true;
	return 0;
}

/* The id GET /vm/config reports for drive i: its PUT id, or driveN for a
 * disk from the command line or a snapshot. */
static const char *drive_name(struct vmm_api *a, unsigned i, char buf[16])
{
	if (a->drive_ids[i][0])
		return a->drive_ids[i];
	snprintf(buf, 16, "drive%u", i);
	return buf;
}

static bool migrating(struct vmm_api *a);

/* PATCH /drives/ID on a running microVM (Firecracker's UpdateBlockDevice):
 * another backing file behind the drive, with its settings; the guest
 * sees the new capacity (virtio_blk_swap). */
static int patch_drive(struct vmm_api *a, const char *id, json_object *b, struct api_err *e)
{
	static const char *const settings[] = { "is_root_device", "is_read_only", "partuuid",
						"cache_type", "io_engine", NULL };
	const char *did = NULL, *path = NULL;
	json_object *rl;
	if (!json_object_is_type(b, json_type_object))
		return fail(e, "the body must be a JSON object");
	json_object_object_foreach(b, key, val) {
		(void)val;
		if (!strcmp(key, "drive_id") || !strcmp(key, "path_on_host") ||
		    !strcmp(key, "rate_limiter"))
			continue;
		if (!strcmp(key, "socket"))
			return fail(e, "vhost-user drives cannot be changed: their backend serves them");
		for (const char *const *f = settings; *f; f++)
			if (!strcmp(*f, key))
				return fail(e, "`%s` cannot be changed on a running drive: PATCH takes "
					    "`drive_id` and `path_on_host`", key);
		return fail(e, "unknown field `%s`", key);
	}
	if (get_string(b, "drive_id", &did, e) < 0 || get_string(b, "path_on_host", &path, e) < 0)
		return -1;
	if (!did || strcmp(did, id))
		return fail(e, "`drive_id` must match the path's id `%s`", id);
	if (json_object_object_get_ex(b, "rate_limiter", &rl) && !json_object_is_type(rl, json_type_null))
		return fail(e, "rate limiters are not supported: rvkvm does not throttle drives");
	if (!path)
		return fail(e, "`path_on_host` is required: the new backing file is what PATCH changes");
	if ((a->state != API_RUNNING && a->state != API_PAUSED) || !a->m)
		return fail(e, "the microVM is not running");
	/* The migration sends the configuration and hands the images over. */
	if (migrating(a))
		return fail(e, "a migration is in progress");
	struct machine_config *c = a->cfg;
	unsigned i;
	char buf[16];
	for (i = 0; i < c->nr_disks; i++)
		if (!strcmp(drive_name(a, i, buf), id))
			break;
	if (i == c->nr_disks || i >= a->m->nr_blk) {
		bool vhost_blk = false;
		for (unsigned k = 0; k < c->nr_vhosts; k++)
			vhost_blk |= c->vhosts[k].kind == VHOST_DEV_BLK;
		return fail(e, "no drive `%s`%s", id, vhost_blk ? " (vhost-user-blk disks are "
			    "their backend's and cannot be changed)" : "");
	}
	if (need_file("drive", path, e) < 0)
		return -1;
	/* Kept first: once the image is swapped the configuration must name it. */
	const char *p = keep(a, path);
	if (!p)
		return fail(e, "out of memory");
	char err[256];
	int rc = virtio_blk_swap(&a->m->blk[i], path, err, sizeof(err));
	if (rc < 0)
		return fail(e, "drive `%s` keeps its image: %s", id, err);
	/* What GET /vm/config reports and snapshots and migrations save
	 * (the machine's configuration is this one). */
	c->disks[i].path = p;
	return 0;
}

static int put_network_interface(struct vmm_api *a, const char *id, json_object *b,
				 struct api_err *e)
{
	static const char *const f[] = { "iface_id", "host_dev_name", "guest_mac",
					 "rx_rate_limiter", "tx_rate_limiter", "backend", "hostfwd",
					 NULL };
	const char *iid = NULL, *tap = NULL, *mac = NULL, *backend = NULL;
	if (only_fields(b, f, e) < 0 || get_string(b, "iface_id", &iid, e) < 0 ||
	    get_string(b, "host_dev_name", &tap, e) < 0 || get_string(b, "guest_mac", &mac, e) < 0 ||
	    get_string(b, "backend", &backend, e) < 0)
		return -1;
	if (!iid || strcmp(iid, id))
		return fail(e, "`iface_id` must match the path's id `%s`", id);
	if (strlen(id) >= sizeof(a->iface_ids[0]))
		return fail(e, "interface id `%s` is too long", id);
	/* rvkvm's extension: "backend": "user" (libslirp) with "hostfwd" rules;
	 * otherwise a tap named host_dev_name, as Firecracker. */
	bool user = backend && !strcmp(backend, "user");
	if (backend && !user && strcmp(backend, "tap"))
		return fail(e, "`backend` must be tap or user");
	struct netdev_config n = { .type = user ? NETDEV_USER : NETDEV_TAP };
	if (!user) {
		if (!tap || !*tap || strlen(tap) >= sizeof(n.ifname))
			return fail(e, "`host_dev_name` (a tap, at most %zu characters) is required",
				    sizeof(n.ifname) - 1);
		strcpy(n.ifname, tap);
	}
	json_object *fw;
	if (json_object_object_get_ex(b, "hostfwd", &fw) && !json_object_is_type(fw, json_type_null)) {
		if (!user || !json_object_is_type(fw, json_type_array) ||
		    json_object_array_length(fw) > NET_SLIRP_MAX_HOSTFWD)
			return fail(e, "`hostfwd` is an array of at most %d rules, for backend user",
				    NET_SLIRP_MAX_HOSTFWD);
		for (size_t k = 0; k < json_object_array_length(fw); k++) {
			json_object *r = json_object_array_get_idx(fw, k);
			if (!json_object_is_type(r, json_type_string))
				return fail(e, "`hostfwd` rules are strings");
			n.user.hostfwd[n.user.nr_hostfwd++] = keep(a, json_object_get_string(r));
		}
	}
	if (mac) {
		if (virtio_net_parse_mac(mac, n.mac) < 0)
			return fail(e, "`guest_mac` %s is not a unicast MAC address", mac);
		n.has_mac = true;
	}
	json_object *rl;
	if ((json_object_object_get_ex(b, "rx_rate_limiter", &rl) && !json_object_is_type(rl, json_type_null)) ||
	    (json_object_object_get_ex(b, "tx_rate_limiter", &rl) && !json_object_is_type(rl, json_type_null)))
		return fail(e, "rate limiters are not supported");
	struct machine_config *c = a->cfg;
	unsigned i;
	for (i = 0; i < c->nr_nets; i++)
		if (!strcmp(a->iface_ids[i], id))
			break;
	if (i == c->nr_nets && c->nr_nets == MACHINE_MAX_NETS)
		return fail(e, "at most %d network interfaces", MACHINE_MAX_NETS);
	if (i == c->nr_nets)
		c->nr_nets++;
	strcpy(a->iface_ids[i], id);
	c->nets[i] = n;
	return 0;
}

/* An existing file or FIFO to append to, as Firecracker opens its log and
 * metrics paths (they must exist). */
static int open_sink(const char *what, const char *path, struct api_err *e)
{
	int fd = open(path, O_WRONLY | O_APPEND | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return fail(e, "%s %s: %s", what, path, strerror(errno));
	return fd;
}

/* PUT /logger: rvkvm's messages (its stderr) go to log_path from now on.
 * rvkvm logs warnings and errors only; the level is checked and kept. */
static int put_logger(struct vmm_api *a, json_object *b, struct api_err *e)
{
	static const char *const f[] = { "log_path", "level", "show_level", "show_log_origin",
					 "module", NULL };
	static const char *const levels[] = { "Off", "Error", "Warning", "Info", "Debug", "Trace" };
	const char *path = NULL, *level = NULL, *module = NULL;
	bool b1, b2;
	if (only_fields(b, f, e) < 0 || get_string(b, "log_path", &path, e) < 0 ||
	    get_string(b, "level", &level, e) < 0 || get_bool(b, "show_level", &b1, e) < 0 ||
	    get_bool(b, "show_log_origin", &b2, e) < 0 || get_string(b, "module", &module, e) < 0)
		return -1;
	if (!path)
		return fail(e, "`log_path` is required");
	bool known = !level;
	for (size_t i = 0; level && i < sizeof(levels) / sizeof(levels[0]); i++)
		known |= !strcasecmp(level, levels[i]);
	if (!known)
		return fail(e, "`level` must be one of Off, Error, Warning, Info, Debug, Trace");
	if (a->logger_set)
		return fail(e, "the logger is already configured");
	int fd = open_sink("log_path", path, e);
	if (fd < 0)
		return -1;
	fflush(stderr);
	if (dup2(fd, STDERR_FILENO) < 0) {
		int err = errno;
		close(fd);
		return fail(e, "log_path %s: %s", path, strerror(err));
	}
	close(fd);
	a->logger_set = true;
	return 0;
}

static int put_metrics(struct vmm_api *a, json_object *b, struct api_err *e)
{
	static const char *const f[] = { "metrics_path", NULL };
	const char *path = NULL;
	if (only_fields(b, f, e) < 0 || get_string(b, "metrics_path", &path, e) < 0)
		return -1;
	if (!path)
		return fail(e, "`metrics_path` is required");
	if (a->metrics_fd >= 0)
		return fail(e, "metrics are already configured");
	int fd = open_sink("metrics_path", path, e);
	if (fd < 0)
		return -1;
	a->metrics_fd = fd;
	return 0;
}

/* FlushMetrics: one JSON line of the devices' counters (a->lock held). */
static int flush_metrics(struct vmm_api *a, struct api_err *e)
{
	if (a->metrics_fd < 0)
		return fail(e, "metrics are not configured: PUT /metrics first");
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	json_object *o = json_object_new_object();
	json_object_object_add(o, "utc_timestamp_ms",
			       json_object_new_int64((int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000));
	json_object_object_add(o, "state", json_object_new_string(a->m ? "Running" : "Not started"));
	struct machine *m = a->m;
	if (m) {
		json_object *nets = json_object_new_array();
		for (unsigned i = 0; i < m->nr_net; i++) {
			struct virtio_net *n = &m->net[i];
			pthread_mutex_lock(&n->vdev.lock);
			struct virtio_net_stats st = n->stats;
			pthread_mutex_unlock(&n->vdev.lock);
			json_object *j = json_object_new_object();
			json_object_object_add(j, "rx_packets_count", json_object_new_int64((int64_t)st.rx_frames));
			json_object_object_add(j, "rx_bytes_count", json_object_new_int64((int64_t)st.rx_bytes));
			json_object_object_add(j, "rx_dropped", json_object_new_int64((int64_t)st.rx_dropped));
			json_object_object_add(j, "tx_packets_count", json_object_new_int64((int64_t)st.tx_frames));
			json_object_object_add(j, "tx_bytes_count", json_object_new_int64((int64_t)st.tx_bytes));
			json_object_object_add(j, "tx_errors", json_object_new_int64((int64_t)st.tx_errors));
			json_object_array_add(nets, j);
		}
		json_object_object_add(o, "net", nets);
		if (m->has_balloon) {
			json_object *j = json_object_new_object();
			pthread_mutex_lock(&m->balloon.vdev.lock);
			json_object_object_add(j, "inflated_pages", json_object_new_int64((int64_t)m->balloon.inflated_pages));
			json_object_object_add(j, "reported_pages", json_object_new_int64((int64_t)m->balloon.reported_pages));
			pthread_mutex_unlock(&m->balloon.vdev.lock);
			json_object_object_add(o, "balloon", j);
		}
	}
	const char *line = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN);
	size_t n = strlen(line);
	bool ok = write(a->metrics_fd, line, n) == (ssize_t)n && write(a->metrics_fd, "\n", 1) == 1;
	int err = errno;
	json_object_put(o);
	return ok ? 0 : fail(e, "writing the metrics: %s", strerror(err));
}

/* PUT /vsock: Firecracker's {"guest_cid", "uds_path"} (vsock_id is accepted
 * and ignored, as Firecracker has deprecated it). */
static int put_vsock(struct vmm_api *a, json_object *b, struct api_err *e)
{
	static const char *const f[] = { "guest_cid", "uds_path", "vsock_id", NULL };
	uint64_t cid = 0;
	const char *uds = NULL, *id = NULL;
	int has;
	if (only_fields(b, f, e) < 0 || (has = get_uint(b, "guest_cid", 3, 0xfffffffe, &cid, e)) < 0 ||
	    get_string(b, "uds_path", &uds, e) < 0 || get_string(b, "vsock_id", &id, e) < 0)
		return -1;
	if (!has || !uds || !*uds)
		return fail(e, "`guest_cid` and `uds_path` are required");
	if (strlen(uds) > VIRTIO_VSOCK_UDS_MAX)
		return fail(e, "`uds_path` is longer than %d bytes", VIRTIO_VSOCK_UDS_MAX);
	a->cfg->vsock.guest_cid = cid;
	strcpy(a->cfg->vsock.uds_path, uds);
	a->cfg->has_vsock = true;
	return 0;
}

static int put_balloon(struct vmm_api *a, json_object *b, struct api_err *e)
{
	static const char *const f[] = { "amount_mib", "deflate_on_oom", "stats_polling_interval_s",
					 "free_page_reporting", NULL };
	uint64_t mib = 0, interval = 0;
	bool oom = false, fpr = false;
	int has_mib, has_oom;
	if (only_fields(b, f, e) < 0 || (has_mib = get_uint(b, "amount_mib", 0, 1ULL << 24, &mib, e)) < 0 ||
	    (has_oom = get_bool(b, "deflate_on_oom", &oom, e)) < 0 ||
	    get_uint(b, "stats_polling_interval_s", 0, 86400, &interval, e) < 0 ||
	    get_bool(b, "free_page_reporting", &fpr, e) < 0)
		return -1;
	if (!has_mib || !has_oom)
		return fail(e, "`amount_mib` and `deflate_on_oom` are required");
	a->cfg->balloon = (struct machine_balloon){
		.enabled = true, .amount_mib = (uint32_t)mib, .deflate_on_oom = oom,
		.free_page_reporting = fpr, .stats_interval_s = (unsigned)interval,
	};
	return 0;
}

/* Post-boot balloon calls (a->m running). */
static void balloon_call(struct vmm_api *a, bool get, const char *path, json_object *b,
			 struct api_reply *r)
{
	struct machine_balloon *bc = &a->cfg->balloon;
	struct api_err e;
	if (!bc->enabled) {
		api_reply_fault(r, "no balloon device is configured");
		return;
	}
	bool stats = !strcmp(path, "/balloon/statistics");
	if (get && !stats) {
		r->status = 200;
		r->body = json_object_new_object();
		uint32_t target = bc->amount_mib, actual = 0;
		if (a->m)
			virtio_balloon_read(&a->m->balloon, &target, &actual, NULL);
		json_object_object_add(r->body, "amount_mib",
				       json_object_new_int64(a->m ? (int64_t)target * 4096 >> 20 : bc->amount_mib));
		json_object_object_add(r->body, "deflate_on_oom", json_object_new_boolean(bc->deflate_on_oom));
		json_object_object_add(r->body, "stats_polling_interval_s",
				       json_object_new_int((int)bc->stats_interval_s));
		json_object_object_add(r->body, "free_page_reporting",
				       json_object_new_boolean(bc->free_page_reporting));
		return;
	}
	if (!a->m) {
		api_reply_fault(r, "the microVM is not running");
		return;
	}
	struct virtio_balloon *vb = &a->m->balloon;
	if (get) {
		uint32_t target, actual;
		struct virtio_balloon_stats st;
		virtio_balloon_request_stats(vb);   /* fresh figures for the next call */
		virtio_balloon_read(vb, &target, &actual, &st);
		static const char *const names[] = {
			"swap_in", "swap_out", "major_faults", "minor_faults", "free_memory",
			"total_memory", "available_memory", "disk_caches", "hugetlb_allocations",
			"hugetlb_failures",
		};
		r->status = 200;
		r->body = json_object_new_object();
		json_object_object_add(r->body, "target_pages", json_object_new_int64(target));
		json_object_object_add(r->body, "actual_pages", json_object_new_int64(actual));
		json_object_object_add(r->body, "target_mib", json_object_new_int64((int64_t)target * 4096 >> 20));
		json_object_object_add(r->body, "actual_mib", json_object_new_int64((int64_t)actual * 4096 >> 20));
		for (unsigned i = 0; i < sizeof(names) / sizeof(names[0]); i++)
			if (st.valid[i])
				json_object_object_add(r->body, names[i], json_object_new_int64((int64_t)st.val[i]));
		return;
	}
	static const char *const fb[] = { "amount_mib", NULL }, *const fs[] = { "stats_polling_interval_s", NULL };
	uint64_t v = 0;
	int has;
	if (only_fields(b, stats ? fs : fb, &e) < 0 ||
	    (has = get_uint(b, stats ? "stats_polling_interval_s" : "amount_mib", 0,
			    stats ? 86400 : a->cfg->mem_size >> 20, &v, &e)) < 0) {
		api_reply_fault(r, "%s", e.msg);
		return;
	}
	if (!has) {
		api_reply_fault(r, "`%s` is required", stats ? "stats_polling_interval_s" : "amount_mib");
		return;
	}
	if (stats) {
		bc->stats_interval_s = (unsigned)v;
		virtio_balloon_set_stats_interval(vb, (unsigned)v);
	} else {
		bc->amount_mib = (uint32_t)v;
		virtio_balloon_set_target(vb, (uint32_t)((v << 20) / VIRTIO_BALLOON_PAGE_SIZE));
	}
	r->status = 204;
}

/* --- reports ------------------------------------------------------------------ */

static const char *state_name(enum vmm_api_state s)
{
	switch (s) {
	case API_RUNNING:
		return "Running";
	case API_PAUSED:
		return "Paused";
	default:
		return "Not started";
	}
}

static json_object *machine_config_json(const struct machine_config *c)
{
	json_object *o = json_object_new_object();
	json_object_object_add(o, "vcpu_count", json_object_new_int(
		(int)(c->nr_plugged ? c->nr_plugged : c->nr_cpus ? c->nr_cpus : 1)));
	if (c->nr_plugged)
		json_object_object_add(o, "max_vcpus", json_object_new_int((int)c->nr_cpus));
	json_object_object_add(o, "mem_size_mib", json_object_new_int64((int64_t)(c->mem_size >> 20)));
	json_object_object_add(o, "smt", json_object_new_boolean(false));
	json_object_object_add(o, "track_dirty_pages", json_object_new_boolean(c->track_dirty_pages));
	return o;
}

static json_object *vm_config_json(struct vmm_api *a)
{
	const struct machine_config *c = a->cfg;
	json_object *o = json_object_new_object();
	json_object *bs = json_object_new_object();
	if (c->kernel)
		json_object_object_add(bs, "kernel_image_path", json_object_new_string(c->kernel));
	if (c->initrd)
		json_object_object_add(bs, "initrd_path", json_object_new_string(c->initrd));
	if (c->append)
		json_object_object_add(bs, "boot_args", json_object_new_string(c->append));
	json_object_object_add(o, "boot-source", bs);
	json_object *drives = json_object_new_array();
	for (unsigned i = 0; i < c->nr_disks; i++) {
		json_object *d = json_object_new_object();
		char id[16];
		json_object_object_add(d, "drive_id", json_object_new_string(drive_name(a, i, id)));
		json_object_object_add(d, "path_on_host", json_object_new_string(c->disks[i].path));
		json_object_object_add(d, "is_root_device",
				       json_object_new_boolean(i == 0 && a->root_device_set));
		json_object_object_add(d, "is_read_only", json_object_new_boolean(c->disks[i].readonly));
		json_object_array_add(drives, d);
	}
	json_object_object_add(o, "drives", drives);
	json_object_object_add(o, "machine-config", machine_config_json(c));
	json_object *nets = json_object_new_array();
	for (unsigned i = 0; i < c->nr_nets; i++) {
		const struct netdev_config *n = &c->nets[i];
		json_object *d = json_object_new_object();
		char id[16];
		snprintf(id, sizeof(id), "eth%u", i);
		json_object_object_add(d, "iface_id",
				       json_object_new_string(a->iface_ids[i][0] ? a->iface_ids[i] : id));
		json_object_object_add(d, "backend",
				       json_object_new_string(n->type == NETDEV_USER ? "user" : "tap"));
		if (n->type == NETDEV_TAP)
			json_object_object_add(d, "host_dev_name", json_object_new_string(n->ifname));
		if (n->has_mac) {
			char mac[18];
			snprintf(mac, sizeof(mac), "%02x:%02x:%02x:%02x:%02x:%02x", n->mac[0], n->mac[1],
				 n->mac[2], n->mac[3], n->mac[4], n->mac[5]);
			json_object_object_add(d, "guest_mac", json_object_new_string(mac));
		}
		json_object_array_add(nets, d);
	}
	json_object_object_add(o, "network-interfaces", nets);
	if (c->has_vsock) {
		json_object *v = json_object_new_object();
		json_object_object_add(v, "guest_cid", json_object_new_int64((int64_t)c->vsock.guest_cid));
		json_object_object_add(v, "uds_path", json_object_new_string(c->vsock.uds_path));
		json_object_object_add(o, "vsock", v);
	}
	if (c->balloon.enabled) {
		json_object *b = json_object_new_object();
		json_object_object_add(b, "amount_mib", json_object_new_int64(c->balloon.amount_mib));
		json_object_object_add(b, "deflate_on_oom", json_object_new_boolean(c->balloon.deflate_on_oom));
		json_object_object_add(b, "stats_polling_interval_s",
				       json_object_new_int((int)c->balloon.stats_interval_s));
		json_object_object_add(o, "balloon", b);
	}
	return o;
}

/* --- dispatch ------------------------------------------------------------------ */

static bool pre_boot(struct vmm_api *a)
{
	return a->state == API_NOT_STARTED && !a->incoming;
}

static bool migrating(struct vmm_api *a)
{
	struct machine_migrate_status st;
	if (!a->m)
		return false;
	machine_migrate_status(a->m, &st);
	return st.state == MIGRATE_ACTIVE;
}

/* PUT /actions InstanceStart (a->lock held): hand over to the main thread
 * and wait for machine_init's verdict. */
static void instance_start(struct vmm_api *a, struct api_reply *r)
{
	if (!pre_boot(a)) {
		api_reply_fault(r, "the microVM is already running");
		return;
	}
	if (!a->cfg->kernel && !a->cfg->firmware) {
		api_reply_fault(r, "no boot source: PUT /boot-source first");
		return;
	}
	a->state = API_STARTING;
	pthread_cond_broadcast(&a->cond);
	while (a->state == API_STARTING)
		pthread_cond_wait(&a->cond, &a->lock);
	if (a->start_result < 0)
		api_reply_fault(r, "the microVM could not start: %s", strerror(-a->start_result));
	else
		r->status = 204;
}

static void set_vm_state(struct vmm_api *a, json_object *b, struct api_reply *r)
{
	static const char *const f[] = { "state", NULL };
	struct api_err e;
	const char *st = NULL;
	if (only_fields(b, f, &e) < 0 || get_string(b, "state", &st, &e) < 0) {
		api_reply_fault(r, "%s", e.msg);
		return;
	}
	if (!st || (strcmp(st, "Paused") && strcmp(st, "Resumed"))) {
		api_reply_fault(r, "`state` must be Paused or Resumed");
		return;
	}
	if (a->state != API_RUNNING && a->state != API_PAUSED) {
		api_reply_fault(r, "the microVM is not running");
		return;
	}
	if (migrating(a)) {
		/* The migration pauses (and throttles) the vCPUs itself. */
		api_reply_fault(r, "a migration is in progress (PUT /migration/cancel first)");
		return;
	}
	if (!strcmp(st, "Paused") && a->state == API_RUNNING) {
		if (machine_pause(a->m) < 0) {
			api_reply_fault(r, "the microVM is stopping");
			return;
		}
		a->state = API_PAUSED;
	} else if (!strcmp(st, "Resumed") && a->state == API_PAUSED) {
		machine_resume(a->m);
		a->state = API_RUNNING;
	}
	r->status = 204;
}

static void actions(struct vmm_api *a, json_object *b, struct api_reply *r)
{
	static const char *const f[] = { "action_type", NULL };
	struct api_err e;
	const char *t = NULL;
	if (!b || only_fields(b, f, &e) < 0 || get_string(b, "action_type", &t, &e) < 0) {
		api_reply_fault(r, "%s", b ? e.msg : "a body {\"action_type\": ...} is required");
		return;
	}
	if (!t)
		api_reply_fault(r, "`action_type` is required");
	else if (!strcmp(t, "InstanceStart"))
		instance_start(a, r);
	else if (!strcmp(t, "SendCtrlAltDel"))
		api_reply_fault(r, "SendCtrlAltDel needs an i8042 keyboard, which RISC-V machines "
				"do not have");
	else if (!strcmp(t, "FlushMetrics")) {
		if (flush_metrics(a, &e) < 0)
			api_reply_fault(r, "%s", e.msg);
		else
			r->status = 204;
	}
	else
		api_reply_fault(r, "unknown action_type `%s`", t);
}

/* --- snapshots ------------------------------------------------------------------- */

/* PUT /snapshot/create: the microVM paused, as Firecracker's. */
static void snapshot_create(struct vmm_api *a, json_object *b, struct api_reply *r)
{
	static const char *const f[] = { "snapshot_type", "snapshot_path", "mem_file_path",
					 "version", NULL };
	struct api_err e;
	const char *type = "Full", *state = NULL, *mem = NULL, *ver = NULL;
	if (only_fields(b, f, &e) < 0 || get_string(b, "snapshot_type", &type, &e) < 0 ||
	    get_string(b, "snapshot_path", &state, &e) < 0 ||
	    get_string(b, "mem_file_path", &mem, &e) < 0 || get_string(b, "version", &ver, &e) < 0) {
		api_reply_fault(r, "%s", e.msg);
		return;
	}
	if (!state || !mem || !*state || !*mem) {
		api_reply_fault(r, "`snapshot_path` and `mem_file_path` are required");
		return;
	}
	if (strcmp(type, "Full") && strcmp(type, "Diff")) {
		api_reply_fault(r, "snapshot_type must be Full or Diff, not `%s`", type);
		return;
	}
	if (a->state != API_PAUSED) {
		api_reply_fault(r, "the microVM must be paused (PATCH /vm {\"state\": \"Paused\"}) "
				"before a snapshot");
		return;
	}
	if (migrating(a)) {
		api_reply_fault(r, "a migration is in progress");
		return;
	}
	char err[512];
	if (machine_snapshot_create(a->m, state, mem, !strcmp(type, "Diff"), err, sizeof(err)) < 0)
		api_reply_fault(r, "cannot create the snapshot: %s", err);
	else
		r->status = 204;
}

static const char *keep_cb(void *ctx, const char *s)
{
	return keep(ctx, s);
}

/* PUT /snapshot/load: before anything is configured; the main thread
 * builds the machine from the files, as for InstanceStart. */
static void snapshot_load(struct vmm_api *a, json_object *b, struct api_reply *r)
{
	static const char *const f[] = { "snapshot_path", "mem_file_path", "mem_backend",
					 "enable_diff_snapshots", "track_dirty_pages", "resume_vm",
					 NULL };
	static const char *const fb[] = { "backend_type", "backend_path", NULL };
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	struct api_err e;
	const char *state = NULL, *mem = NULL, *btype = "File";
	bool resume = false, diff = false, track = false;
	json_object *be = NULL;
	if (only_fields(b, f, &e) < 0 || get_string(b, "snapshot_path", &state, &e) < 0 ||
	    get_string(b, "mem_file_path", &mem, &e) < 0 || get_bool(b, "resume_vm", &resume, &e) < 0 ||
	    get_bool(b, "enable_diff_snapshots", &diff, &e) < 0 ||
	    get_bool(b, "track_dirty_pages", &track, &e) < 0 ||
	    (json_object_object_get_ex(b, "mem_backend", &be) &&
	     (only_fields(be, fb, &e) < 0 || get_string(be, "backend_type", &btype, &e) < 0 ||
	      get_string(be, "backend_path", &mem, &e) < 0))) {
		api_reply_fault(r, "%s", e.msg);
		return;
	}
	if (!state || !mem) {
		api_reply_fault(r, "`snapshot_path` and `mem_backend.backend_path` (or "
				"`mem_file_path`) are required");
		return;
	}
	bool uffd = !strcmp(btype, "Uffd");
	if (!uffd && strcmp(btype, "File")) {
		api_reply_fault(r, "mem_backend.backend_type must be File or Uffd, not `%s`", btype);
		return;
	}
	if (!pre_boot(a) || a->boot_source_set || a->cfg->nr_disks || a->cfg->nr_nets ||
	    a->cfg->balloon.enabled || a->cfg->has_vsock) {
		api_reply_fault(r, "a snapshot loads into a microVM with nothing configured yet "
				"(only the logger and metrics)");
		return;
	}
	/* The configuration the snapshot was taken with. */
	struct machine_config c = *a->cfg;
	char err[512];
	if (machine_snapshot_read_config(state, uffd ? NULL : mem, &c, keep_cb, a, err,
					 sizeof(err)) < 0) {
		api_reply_fault(r, "cannot load the snapshot: %s", err);
		return;
	}
	c.kernel = c.initrd = c.append = c.firmware = NULL;
	c.track_dirty_pages = diff || track;
	c.nr_vhosts = c.nr_vports = 0;
	c.has_vsock = false;
	a->restore = (struct machine_restore){ .state_path = keep(a, state),
					       .mem_path = uffd ? NULL : keep(a, mem),
					       .uffd = uffd, .uffd_sock = -1 };
	if (!a->restore.state_path || (!uffd && !a->restore.mem_path)) {
		api_reply_fault(r, "out of memory");
		return;
	}
	/* Uffd: the handler must be listening; connected here, so that a
	 * wrong backend_path is refused with its reason.  The machine keeps a
	 * copy of the socket while it lives. */
	if (uffd && (a->restore.uffd_sock = snap_uffd_connect(mem, err, sizeof(err))) < 0) {
		api_reply_fault(r, "cannot load the snapshot: %s", err);
		return;
	}
	c.restore = &a->restore;
	struct machine_config saved = *a->cfg;
	*a->cfg = c;
	a->resume_after_load = resume;
	a->state = API_STARTING;
	pthread_cond_broadcast(&a->cond);
	while (a->state == API_STARTING)
		pthread_cond_wait(&a->cond, &a->lock);
	if (a->restore.uffd_sock >= 0)
		close(a->restore.uffd_sock);
	a->restore.uffd_sock = -1;
	if (a->start_result < 0) {
		*a->cfg = saved;   /* nothing configured, as before */
		api_reply_fault(r, "cannot load the snapshot: %s (details on the VMM's stderr)",
				uffd && a->start_result == -EPIPE ? "the page-fault handler hung up" :
				strerror(-a->start_result));
	} else {
		r->status = 204;
		clock_gettime(CLOCK_MONOTONIC, &t1);
		fprintf(stderr, "rvkvm: snapshot %s loaded in %.1f ms\n", state,
			(double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6);
	}
}

/* --- live migration (rvkvm's extension) ------------------------------------------ */

/* PUT /migration/send: start sending the running (or paused) microVM to
 * a destination `rvkvm --incoming`; GET /migration follows it. */
static void migration_send(struct vmm_api *a, json_object *b, struct api_reply *r)
{
	static const char *const f[] = { "destination", "downtime_ms", "mode", "auto_converge",
					 "max_rounds", "max_bandwidth_mib", NULL };
	struct api_err e;
	const char *dest = NULL, *mode = "precopy";
	uint64_t downtime = 0, rounds = 0, mib = 0;
	bool converge = false;
	if (only_fields(b, f, &e) < 0 || get_string(b, "destination", &dest, &e) < 0 ||
	    get_string(b, "mode", &mode, &e) < 0 ||
	    get_uint(b, "downtime_ms", 1, 60000, &downtime, &e) < 0 ||
	    get_uint(b, "max_rounds", 1, 1000, &rounds, &e) < 0 ||
	    get_uint(b, "max_bandwidth_mib", 1, 1u << 20, &mib, &e) < 0 ||
	    get_bool(b, "auto_converge", &converge, &e) < 0) {
		api_reply_fault(r, "%s", e.msg);
		return;
	}
	if (!dest) {
		api_reply_fault(r, "`destination` (unix:PATH or tcp:HOST:PORT) is required");
		return;
	}
	if (strcmp(mode, "precopy") && strcmp(mode, "postcopy")) {
		api_reply_fault(r, "`mode` must be precopy or postcopy, not `%s`", mode);
		return;
	}
	if ((a->state != API_RUNNING && a->state != API_PAUSED) || !a->m) {
		api_reply_fault(r, "the microVM is not running");
		return;
	}
	struct machine_migrate_params p = { .destination = dest, .downtime_ms = (unsigned)downtime,
					    .auto_converge = converge, .max_rounds = (unsigned)rounds,
					    .postcopy = !strcmp(mode, "postcopy"),
					    .max_bandwidth = mib << 20 };
	char err[256];
	if (machine_migrate_start(a->m, &p, err, sizeof(err)) < 0)
		api_reply_fault(r, "cannot migrate: %s", err);
	else
		r->status = 204;
}

static const char *migrate_state_name(enum machine_migrate_state s)
{
	static const char *const names[] = {
		[MIGRATE_NONE] = "none", [MIGRATE_ACTIVE] = "active",
		[MIGRATE_COMPLETED] = "completed", [MIGRATE_FAILED] = "failed",
		[MIGRATE_CANCELLED] = "cancelled",
	};
	return names[s];
}

static void migration_get(struct vmm_api *a, struct api_reply *r)
{
	struct machine_migrate_status st = { .state = MIGRATE_NONE };
	if (a->m)
		machine_migrate_status(a->m, &st);
	json_object *o = json_object_new_object();
	json_object_object_add(o, "state", json_object_new_string(migrate_state_name(st.state)));
	if (st.state != MIGRATE_NONE)
		json_object_object_add(o, "mode",
				       json_object_new_string(st.postcopy ? "postcopy" : "precopy"));
	if (st.state == MIGRATE_FAILED || st.state == MIGRATE_CANCELLED)
		json_object_object_add(o, "error", json_object_new_string(st.error));
	if (st.state != MIGRATE_NONE) {
		json_object_object_add(o, "rounds", json_object_new_int64(st.rounds));
		json_object_object_add(o, "bytes_sent", json_object_new_int64((int64_t)st.bytes_sent));
		json_object_object_add(o, "pages_sent", json_object_new_int64((int64_t)st.pages_sent));
		json_object_object_add(o, "pages_total", json_object_new_int64((int64_t)st.pages_total));
		json_object_object_add(o, "pages_remaining",
				       json_object_new_int64((int64_t)st.pages_remaining));
		json_object_object_add(o, "dirty_pages_rate",
				       json_object_new_int64((int64_t)st.dirty_rate));
		json_object_object_add(o, "bandwidth_bytes_per_s",
				       json_object_new_int64((int64_t)st.bandwidth));
		json_object_object_add(o, "throttle_percent", json_object_new_int(st.throttle_percent));
		if (st.postcopy)
			json_object_object_add(o, "pages_requested",
					       json_object_new_int64((int64_t)st.pages_requested));
	}
	if (st.state == MIGRATE_COMPLETED)
		json_object_object_add(o, "downtime_ms", json_object_new_double(st.downtime_ms));
	if (st.state != MIGRATE_NONE && st.state != MIGRATE_ACTIVE)
		json_object_object_add(o, "total_ms", json_object_new_double(st.total_ms));
	r->status = 200;
	r->body = o;
}

/* GET /stats: KVM's binary statistics of the VM and each vCPU, read from
 * this thread (a->lock keeps a->m alive; no vCPU waits). */
static void stats_get(struct vmm_api *a, struct api_reply *r)
{
	char why[160];
	if (!a->m) {
		api_reply_fault(r, "the microVM is not running");
		return;
	}
	json_object *o = api_stats_json(a->m, why, sizeof(why));
	if (!o) {
		api_reply_fault(r, "cannot read the statistics: %s", why);
		return;
	}
	r->status = 200;
	r->body = o;
}

static void migration_cancel(struct vmm_api *a, struct api_reply *r)
{
	int rc = a->m ? machine_migrate_cancel(a->m) : -ENOENT;
	if (rc == -EBUSY)
		api_reply_fault(r, "too late to cancel: the destination is taking the guest over");
	else if (rc < 0)
		api_reply_fault(r, "no migration is in progress");
	else
		r->status = 204;
}

/* GET /cpu-hotplug: the plugged count, the maximum and the harts the
 * guest has started. */
static void cpu_hotplug_get(struct vmm_api *a, struct api_reply *r)
{
	const struct machine_config *c = a->cfg;
	unsigned max = c->nr_cpus ? c->nr_cpus : 1;
	json_object *online = json_object_new_array();
	if (a->m) {
		for (unsigned i = 0; i < a->m->nr_cpus; i++)
			if (machine_vcpu_online(a->m, i))
				json_object_array_add(online, json_object_new_int((int)i));
	}
	r->status = 200;
	r->body = json_object_new_object();
	json_object_object_add(r->body, "vcpu_count",
			       json_object_new_int((int)(c->nr_plugged ? c->nr_plugged : max)));
	json_object_object_add(r->body, "max_vcpus", json_object_new_int((int)max));
	json_object_object_add(r->body, "online", online);
}

/* PUT /cpu-hotplug {"vcpu_count": K}: plug harts 0..K-1, unplug the rest.
 * The guest brings plugged ones online itself (cpuN/online); lowering
 * waits for it to take them offline first. */
static void cpu_hotplug_put(struct vmm_api *a, json_object *b, struct api_reply *r)
{
	static const char *const f[] = { "vcpu_count", NULL };
	struct api_err e;
	uint64_t k = 0;
	struct machine_config *c = a->cfg;
	unsigned max = c->nr_cpus ? c->nr_cpus : 1, busy = 0;
	if (only_fields(b, f, &e) < 0 || get_uint(b, "vcpu_count", 1, max, &k, &e) < 0) {
		api_reply_fault(r, "%s", e.msg);
		return;
	}
	if (!json_object_object_get_ex(b, "vcpu_count", NULL)) {
		api_reply_fault(r, "`vcpu_count` is required");
		return;
	}
	if (pre_boot(a) || !a->m) {
		api_reply_fault(r, "the microVM is not running: set vcpu_count and max_vcpus with "
				"PUT /machine-config");
		return;
	}
	if (!c->hyp_guest) {
		api_reply_fault(r, "vCPU hotplug is for hypervisor guests (a firmware starts every hart)");
		return;
	}
	if (migrating(a)) {
		api_reply_fault(r, "a migration is in progress");
		return;
	}
	int rc = machine_set_plugged(a->m, (unsigned)k, &busy);
	if (rc == -EBUSY) {
		api_reply_fault(r, "cpu%u is online in the guest: offline cpu%u in the guest first",
				busy, busy);
		return;
	}
	if (rc < 0) {
		api_reply_fault(r, "vCPU hotplug failed: %s", strerror(-rc));
		return;
	}
	/* The configuration a snapshot or migration saves. */
	c->nr_plugged = k < max ? (unsigned)k : 0;
	r->status = 204;
}

/* "/drives/ID" -> ID, or NULL. */
static const char *path_id(const char *path, const char *prefix)
{
	size_t n = strlen(prefix);
	if (strncmp(path, prefix, n) || !path[n] || strchr(path + n, '/'))
		return NULL;
	return path + n;
}

static void api_handle(void *opaque, const char *method, const char *path, json_object *body,
		       struct api_reply *r)
{
	struct vmm_api *a = opaque;
	bool get = !strcmp(method, "GET"), put = !strcmp(method, "PUT"),
	     patch = !strcmp(method, "PATCH");
	struct api_err e = { "" };
	const char *id;
	pthread_mutex_lock(&a->lock);
	if ((put || patch) && !body && strcmp(path, "/actions") && strcmp(path, "/migration/cancel")) {
		api_reply_fault(r, "%s %s needs a JSON body", method, path);
	} else if (get && !strcmp(path, "/")) {
		r->status = 200;
		r->body = json_object_new_object();
		json_object_object_add(r->body, "id", json_object_new_string("rvkvm"));
		json_object_object_add(r->body, "state", json_object_new_string(state_name(a->state)));
		json_object_object_add(r->body, "vmm_version", json_object_new_string(RVKVM_VERSION));
		json_object_object_add(r->body, "app_name", json_object_new_string("rvkvm"));
	} else if (get && !strcmp(path, "/version")) {
		r->status = 200;
		r->body = json_object_new_object();
		json_object_object_add(r->body, "firecracker_version",
				       json_object_new_string(FIRECRACKER_COMPAT));
		json_object_object_add(r->body, "rvkvm_version", json_object_new_string(RVKVM_VERSION));
	} else if (get && !strcmp(path, "/machine-config")) {
		r->status = 200;
		r->body = machine_config_json(a->cfg);
	} else if (get && !strcmp(path, "/vm/config")) {
		r->status = 200;
		r->body = vm_config_json(a);
	} else if ((get || patch) && (!strcmp(path, "/balloon") || !strcmp(path, "/balloon/statistics"))) {
		if (pre_boot(a) && patch)
			api_reply_fault(r, "the balloon is changed with PATCH once the microVM runs; "
					"use PUT /balloon before");
		else
			balloon_call(a, get, path, body, r);
	} else if (put && (!strcmp(path, "/logger") || !strcmp(path, "/metrics"))) {
		if ((!strcmp(path, "/logger") ? put_logger(a, body, &e) : put_metrics(a, body, &e)) < 0)
			api_reply_fault(r, "%s", e.msg);
		else
			r->status = 204;
	} else if (put && !strcmp(path, "/vsock")) {
		if (!pre_boot(a) || put_vsock(a, body, &e) < 0)
			api_reply_fault(r, "%s", pre_boot(a) ? e.msg : "The requested operation is not "
					"supported after starting the microVM.");
		else
			r->status = 204;
	} else if (put && !strcmp(path, "/balloon")) {
		if (!pre_boot(a) || put_balloon(a, body, &e) < 0)
			api_reply_fault(r, "%s", pre_boot(a) ? e.msg : "The requested operation is not "
					"supported after starting the microVM.");
		else
			r->status = 204;
	} else if (patch && !strcmp(path, "/vm")) {
		set_vm_state(a, body, r);
	} else if (put && !strcmp(path, "/snapshot/create")) {
		snapshot_create(a, body, r);
	} else if (put && !strcmp(path, "/snapshot/load")) {
		snapshot_load(a, body, r);
	} else if (put && !strcmp(path, "/migration/send")) {
		migration_send(a, body, r);
	} else if (put && !strcmp(path, "/migration/cancel")) {
		migration_cancel(a, r);
	} else if (get && !strcmp(path, "/migration")) {
		migration_get(a, r);
	} else if (get && !strcmp(path, "/stats")) {
		stats_get(a, r);
	} else if (put && !strcmp(path, "/actions")) {
		actions(a, body, r);
	} else if (get && !strcmp(path, "/cpu-hotplug")) {
		cpu_hotplug_get(a, r);
	} else if (put && !strcmp(path, "/cpu-hotplug")) {
		cpu_hotplug_put(a, body, r);
	} else if (patch && (id = path_id(path, "/drives/")) && !pre_boot(a)) {
		if (patch_drive(a, id, body, &e) < 0)
			api_reply_fault(r, "%s", e.msg);
		else
			r->status = 204;
	} else if ((put || patch) && (!strcmp(path, "/boot-source") || !strcmp(path, "/machine-config") ||
				       path_id(path, "/drives/") || path_id(path, "/network-interfaces/"))) {
		int rc;
		if (!pre_boot(a)) {
			rc = fail(&e, "The requested operation is not supported after starting the "
				  "microVM.");
		} else if (!strcmp(path, "/boot-source")) {
			rc = patch ? fail(&e, "PATCH /boot-source is not a thing; use PUT") :
				     put_boot_source(a, body, &e);
		} else if (!strcmp(path, "/machine-config")) {
			rc = put_machine_config(a, body, patch, &e);
		} else if ((id = path_id(path, "/drives/"))) {
			rc = patch ? fail(&e, "PATCH /drives changes the drive of a running microVM; "
					  "before InstanceStart, PUT /drives/%s", id) :
				     put_drive(a, id, body, &e);
		} else {
			id = path_id(path, "/network-interfaces/");
			rc = patch ? fail(&e, "PATCH /network-interfaces is not supported") :
				     put_network_interface(a, id, body, &e);
		}
		if (rc < 0)
			api_reply_fault(r, "%s", e.msg);
		else
			r->status = 204;
	} else if (!get && !put && !patch) {
		api_reply_fault(r, "method %s is not supported", method);
	} else {
		api_reply_fault(r, "invalid request: %s %s", method, path);
	}
	pthread_mutex_unlock(&a->lock);
}

/* --- life cycle ------------------------------------------------------------------ */

int vmm_api_create(struct vmm_api **out, struct machine_config *cfg)
{
	struct vmm_api *a = calloc(1, sizeof(*a));
	if (!a)
		return -ENOMEM;
	pthread_mutex_init(&a->lock, NULL);
	pthread_cond_init(&a->cond, NULL);
	a->cfg = cfg;
	a->metrics_fd = -1;
	*out = a;
	return 0;
}

int vmm_api_serve(struct vmm_api *a, const char *path)
{
	return api_http_start(&a->http, path, api_handle, a);
}

bool vmm_api_wait_start(struct vmm_api *a, bool configured)
{
	pthread_mutex_lock(&a->lock);
	if (configured || !a->http)
		a->state = API_STARTING;
	while (a->state == API_NOT_STARTED && !a->cancelled)
		pthread_cond_wait(&a->cond, &a->lock);
	bool go = a->state == API_STARTING;
	pthread_mutex_unlock(&a->lock);
	return go;
}

void vmm_api_cancel(struct vmm_api *a)
{
	pthread_mutex_lock(&a->lock);
	a->cancelled = true;
	pthread_cond_broadcast(&a->cond);
	pthread_mutex_unlock(&a->lock);
}

void vmm_api_started(struct vmm_api *a, struct machine *m, int r)
{
	pthread_mutex_lock(&a->lock);
	a->start_result = r;
	a->m = r < 0 ? NULL : m;
	/* A failed start leaves the configuration to be fixed and retried. */
	a->state = r < 0 ? API_NOT_STARTED : API_RUNNING;
	if (r == 0 && a->cfg->restore && !a->resume_after_load) {
		machine_start_paused(m);
		a->state = API_PAUSED;
	}
	pthread_cond_broadcast(&a->cond);
	pthread_mutex_unlock(&a->lock);
}

void vmm_api_set_incoming(struct vmm_api *a)
{
	pthread_mutex_lock(&a->lock);
	a->incoming = true;
	pthread_mutex_unlock(&a->lock);
}

void vmm_api_set_resume(struct vmm_api *a, bool resume)
{
	pthread_mutex_lock(&a->lock);
	a->resume_after_load = resume;
	pthread_mutex_unlock(&a->lock);
}

void vmm_api_detach(struct vmm_api *a)
{
	pthread_mutex_lock(&a->lock);
	if (a->state == API_PAUSED && a->m)
		machine_resume(a->m);
	a->m = NULL;
	a->state = API_DONE;
	pthread_mutex_unlock(&a->lock);
}

void vmm_api_destroy(struct vmm_api *a)
{
	if (!a)
		return;
	api_http_stop(a->http);
	if (a->metrics_fd >= 0)
		close(a->metrics_fd);
	while (a->strings) {
		struct vmm_api_str *s = a->strings;
		a->strings = s->next;
		free(s);
	}
	pthread_mutex_destroy(&a->lock);
	pthread_cond_destroy(&a->cond);
	free(a);
}

/* --- the config file ------------------------------------------------------------ */

int vmm_api_load_config(struct vmm_api *a, const char *path)
{
	static const char *const f[] = { "boot-source", "machine-config", "drives",
					 "network-interfaces", "balloon", "vsock", "logger", "metrics", NULL };
	struct api_err e = { "" };
	json_object *root = json_object_from_file(path);
	if (!root) {
		fprintf(stderr, "rvkvm: --config-file %s: %s\n", path, json_util_get_last_err());
		return -1;
	}
	int rc = only_fields(root, f, &e);
	json_object *v;
	const char *where = "";
	if (!rc && json_object_object_get_ex(root, "logger", &v))
		rc = put_logger(a, v, &e), where = "logger: ";
	if (!rc && json_object_object_get_ex(root, "metrics", &v))
		rc = put_metrics(a, v, &e), where = "metrics: ";
	if (!rc && json_object_object_get_ex(root, "boot-source", &v))
		rc = put_boot_source(a, v, &e), where = "boot-source: ";
	if (!rc && json_object_object_get_ex(root, "machine-config", &v))
		rc = put_machine_config(a, v, false, &e), where = "machine-config: ";
	if (!rc && json_object_object_get_ex(root, "balloon", &v))
		rc = put_balloon(a, v, &e), where = "balloon: ";
	if (!rc && json_object_object_get_ex(root, "vsock", &v))
		rc = put_vsock(a, v, &e), where = "vsock: ";
	static const char *const list[2][2] = { { "drives", "drive_id" },
						{ "network-interfaces", "iface_id" } };
	for (int l = 0; l < 2 && !rc; l++) {
		if (!json_object_object_get_ex(root, list[l][0], &v))
			continue;
		where = l ? "network-interfaces: " : "drives: ";
		if (!json_object_is_type(v, json_type_array)) {
			rc = fail(&e, "must be an array");
			break;
		}
		for (size_t i = 0; i < json_object_array_length(v) && !rc; i++) {
			json_object *item = json_object_array_get_idx(v, i), *idv;
			const char *id = json_object_object_get_ex(item, list[l][1], &idv) &&
					 json_object_is_type(idv, json_type_string) ?
					 json_object_get_string(idv) : "";
			rc = l ? put_network_interface(a, id, item, &e) : put_drive(a, id, item, &e);
		}
	}
	if (!rc && !a->boot_source_set)
		rc = fail(&e, "`boot-source` is required"), where = "";
	json_object_put(root);
	if (rc < 0) {
		fprintf(stderr, "rvkvm: --config-file %s: %s%s\n", path, where, e.msg);
		return -1;
	}
	return 0;
}
