// SPDX-License-Identifier: MIT
/* Live migration of a machine, pre-copy (see machine.h; the wire format
 * is vmm/migration/stream.h).
 *
 * The source's migration thread turns dirty logging on and sends all of
 * RAM while the guest runs (zero pages skipped), then rounds of the pages
 * dirtied meanwhile (KVM_GET_DIRTY_LOG; device DMA is logged too) until
 * what is left would go in the downtime budget at the bandwidth just
 * measured, or the round limit is reached.  Then stop-and-copy: vCPUs
 * parked, devices frozen, the last dirty pages, the state image, disk
 * images flushed and unlocked, and the destination's reply awaited.  Its
 * "running" reply ends the guest here (devices retired: what the guest
 * queued is the destination's to do); a failure before the hand-over (the
 * link breaks, cancel) or a refusal gives the guest back to this side as
 * it was.  No answer at all after the hand-over leaves it in doubt: the
 * destination may run it, so this side ends with an error rather than
 * risk two copies writing one disk.
 *
 * Auto-converge, as QEMU's: when the guest dirtied more than half of what
 * a round sent, twice running, a throttle thread parks the vCPUs for a
 * growing share (20%, then +10% up to 90%) of every 10 ms. */
#include "vmm/machine.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "vmm/migration/postcopy.h"
#include "vmm/say.h"
#include "vmm/migration/stream.h"
#include "vmm/snapshot/config.h"
#include "vmm/snapshot/file.h"

#define PAGE_SIZE               4096ULL
#define DEFAULT_DOWNTIME_MS     50
#define DEFAULT_MAX_ROUNDS      30
#define THROTTLE_PERIOD_US      10000
#define REPLY_TIMEOUT_S         60
#define DISK_LOCK_TIMEOUT_MS    5000

struct migration {
	struct machine *m;
	pthread_t thread, throttler;
	bool thread_started, throttler_started;
	pthread_mutex_t lock;           /* st */
	struct machine_migrate_status st;
	char dest[512];
	unsigned downtime_ms, max_rounds;
	bool auto_converge;
	bool postcopy;                  /* the guest moves at once, pages follow */
	uint64_t max_bps;               /* pages go at most this fast (0: no limit) */
	double t_pace;                  /* when pacing started (bytes counted from 0) */
	struct postcopy_progress pc;
	bool was_paused;                /* paused by the API before: stays so on failure */
	int fd;
	_Atomic bool cancel;
	bool committed;                 /* the hand-over began: too late to cancel (lock) */
	_Atomic bool throttle_stop;
	_Atomic unsigned throttle;      /* percent of each period parked */
};

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* --- the throttle ------------------------------------------------------------------ */

static void *throttler(void *opaque)
{
	struct migration *g = opaque;
	while (!atomic_load(&g->throttle_stop)) {
		unsigned pct = atomic_load(&g->throttle);
		if (!pct) {
			usleep(THROTTLE_PERIOD_US);
			continue;
		}
		if (machine_pause(g->m) < 0)
			break;   /* the machine is stopping */
		usleep(THROTTLE_PERIOD_US / 100 * pct);
		machine_resume(g->m);
		usleep(THROTTLE_PERIOD_US / 100 * (100 - pct));
	}
	return NULL;
}

static void throttle_stop(struct migration *g)
{
	if (!g->throttler_started)
		return;
	atomic_store(&g->throttle_stop, true);
	pthread_join(g->throttler, NULL);
	g->throttler_started = false;
}

/* --- the source -------------------------------------------------------------------- */

static void set_status(struct migration *g, void (*fn)(struct machine_migrate_status *, void *),
		       void *arg)
{
	pthread_mutex_lock(&g->lock);
	fn(&g->st, arg);
	pthread_mutex_unlock(&g->lock);
}

struct round_report {
	unsigned rounds;
	uint64_t bytes, pages, remaining, dirty_rate, bandwidth;
	unsigned throttle;
};

static void put_round(struct machine_migrate_status *st, void *arg)
{
	const struct round_report *r = arg;
	st->rounds = r->rounds;
	st->bytes_sent = r->bytes;
	st->pages_sent = r->pages;
	st->pages_remaining = r->remaining;
	st->dirty_rate = r->dirty_rate;
	st->bandwidth = r->bandwidth;
	st->throttle_percent = r->throttle;
}

static uint64_t popcount_map(const uint64_t *map, uint64_t words)
{
	uint64_t n = 0;
	for (uint64_t i = 0; i < words; i++)
		n += (uint64_t)__builtin_popcountll(map[i]);
	return n;
}

/* With a bandwidth limit: wait until bytes sent so far are due (or a
 * cancel). */
static void pace(struct migration *g, uint64_t bytes)
{
	if (!g->max_bps)
		return;
	for (;;) {
		double ahead = g->t_pace + (double)bytes * 1e3 / (double)g->max_bps - now_ms();
		if (ahead <= 0 || atomic_load(&g->cancel))
			return;
		usleep(ahead > 10 ? 10000 : (useconds_t)(ahead * 1e3));
	}
}

/* The pages set in map, as runs of at most MIG_MAX_RUN; *pages grows by
 * their count. */
static int send_map(struct migration *g, const uint8_t *ram, const uint64_t *map,
		    uint64_t npages, uint64_t *bytes, uint64_t *pages)
{
	for (uint64_t p = 0; p < npages;) {
		if (!map[p / 64]) {
			p = (p / 64 + 1) * 64;
			continue;
		}
		if (!(map[p / 64] >> (p % 64) & 1)) {
			p++;
			continue;
		}
		uint64_t q = p + 1;
		while (q < npages && q - p < MIG_MAX_RUN && (map[q / 64] >> (q % 64) & 1))
			q++;
		pace(g, *bytes);
		int rc = mig_send_range(g->fd, ram, p, q - p, true, bytes);
		if (rc)
			return rc;
		*pages += q - p;
		p = q;
	}
	return 0;
}

static int get_log(struct machine *m, uint64_t *map, char *err, size_t errlen)
{
	struct kvm_dirty_log log = { .slot = 0, .dirty_bitmap = (uint64_t)(uintptr_t)map };
	long r = kvm_vm_ioctl(m->vm, KVM_GET_DIRTY_LOG, &log);
	if (r < 0)
		return say(err, errlen, (int)r, "KVM_GET_DIRTY_LOG: %s", strerror((int)-r));
	return 0;
}

static int wire(int rc, char *err, size_t errlen)
{
	return say(err, errlen, rc, "sending to the destination: %s",
		   rc == -EPIPE ? "the connection broke" : strerror(-rc));
}

/* Stop-and-copy: with the guest parked.  0 once the destination says it
 * runs the guest.  *in_doubt when the hand-over began (disks let go, END
 * sent) but no answer came: the destination may run the guest, so this
 * side must not. */
static int stop_and_copy(struct migration *g, uint64_t *pending, uint64_t *map, uint64_t npages,
			 uint64_t *bytes, uint64_t *pages, bool *in_doubt, char *err, size_t errlen)
{
	struct machine *m = g->m;
	uint64_t words = (npages + 63) / 64;
	int rc;
	if (!g->postcopy) {   /* post-copy: every page follows on demand */
		if ((rc = get_log(m, map, err, errlen)))
			return rc;
		for (uint64_t i = 0; i < words; i++)
			pending[i] |= map[i];
		rc = send_map(g, m->ram, pending, npages, bytes, pages);
		if (rc)
			return wire(rc, err, errlen);
	}
	struct snap_writer w;
	snap_writer_init(&w);
	rc = machine_state_build(m, &w, err, errlen);
	uint8_t *img = NULL;
	size_t len = 0;
	struct snap_info info = { 0, m->ram_size, 0 };
	if (!rc && snap_state_image(&w, &info, &img, &len))
		rc = say(err, errlen, -ENOMEM, "out of memory");
	snap_writer_free(&w);
	if (rc)
		return rc;
	rc = mig_send_rec(g->fd, MIG_STATE, 0, 0, img, len);
	*bytes += sizeof(struct mig_rec) + len;
	free(img);
	if (rc)
		return wire(rc, err, errlen);
	/* From here on the hand-over cannot be cancelled. */
	pthread_mutex_lock(&g->lock);
	bool cancelled = atomic_load(&g->cancel);
	g->committed = !cancelled;
	pthread_mutex_unlock(&g->lock);
	if (cancelled)
		return say(err, errlen, -ECANCELED, "cancelled");
	/* The destination takes the disk images once this side let go. */
	for (unsigned i = 0; i < m->nr_blk; i++) {
		rc = virtio_blk_unlock(&m->blk[i]);
		if (rc)
			return say(err, errlen, rc, "disk %u: cannot flush and unlock it: %s", i,
				   strerror(-rc));
	}
	rc = mig_send_rec(g->fd, MIG_END, 0, (g->was_paused ? MIG_END_PAUSED : 0) |
			  (g->postcopy ? MIG_END_POSTCOPY : 0), NULL, 0);
	if (rc)
		return wire(rc, err, errlen);
	struct timeval tv = { .tv_sec = REPLY_TIMEOUT_S };
	setsockopt(g->fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	char msg[200];
	bool answered;
	rc = mig_recv_reply(g->fd, msg, sizeof(msg), &answered);
	if (rc && !answered) {
		*in_doubt = true;
		return say(err, errlen, rc, "no answer from the destination after the hand-over (%s): "
			   "it may be running the guest, so it ends here", msg);
	}
	if (rc)
		return say(err, errlen, rc, "the destination did not take the guest: %s", msg);
	return 0;
}

/* After a failure: the disks locked again, the guest running here again
 * (unless it was paused before).  Returns false when that cannot be. */
static bool take_back(struct migration *g, char *err, size_t errlen)
{
	struct machine *m = g->m;
	for (unsigned i = 0; i < m->nr_blk; i++) {
		int rc = virtio_blk_lock(&m->blk[i], DISK_LOCK_TIMEOUT_MS);
		if (rc) {
			size_t n = strlen(err);
			snprintf(err + n, errlen - n, "; disk %u cannot be locked again (%s): the guest "
				 "stays paused", i, strerror(-rc));
			return false;
		}
	}
	return true;
}

static void *migrate_thread(void *opaque)
{
	struct migration *g = opaque;
	struct machine *m = g->m;
	double t0 = now_ms();
	char err[256] = "";
	uint64_t npages = m->ram_size / PAGE_SIZE, words = (npages + 63) / 64;
	uint64_t *map = calloc(words, sizeof(uint64_t));
	uint64_t *pending = calloc(words, sizeof(uint64_t));
	uint64_t bytes = 0, pages = 0;
	bool logging = false, stopped = false, frozen = false, completed = false, in_doubt = false;
	double downtime = 0;
	int rc = 0;
	if (!map || !pending) {
		rc = say(err, sizeof(err), -ENOMEM, "out of memory");
		goto out;
	}
	int fd = mig_connect(g->dest, err, sizeof(err));
	if (fd < 0) {
		rc = fd;
		goto out;
	}
	pthread_mutex_lock(&g->lock);   /* g->fd: machine_migrate_cancel shuts it down */
	g->fd = fd;
	pthread_mutex_unlock(&g->lock);
	char *json = snap_config_to_json(m->cfg);
	if (!json) {
		rc = say(err, sizeof(err), -ENOMEM, "out of memory");
		goto out;
	}
	rc = mig_send_header(g->fd, m->ram_size);
	if (!rc)
		rc = mig_send_rec(g->fd, MIG_CONFIG, 0, 0, json, strlen(json));
	free(json);
	if (rc) {
		wire(rc, err, sizeof(err));
		goto out;
	}
	struct round_report rep = { .rounds = 0 };
	if (g->postcopy)
		goto stop;
	rc = machine_log_dirty(m, true);
	if (rc) {
		say(err, sizeof(err), rc, "cannot log dirty pages: %s", strerror(-rc));
		goto out;
	}
	logging = true;
	/* Whatever the log held before (track_dirty_pages) is in this copy. */
	if ((rc = get_log(m, map, err, sizeof(err))))
		goto out;
	/* Round 1: all of RAM; the destination's is zero already. */
	double tr = now_ms();
	g->t_pace = tr;
	for (uint64_t p = 0; !rc && p < npages; p += MIG_MAX_RUN) {
		pace(g, bytes);
		rc = mig_send_range(g->fd, m->ram, p, npages - p < MIG_MAX_RUN ? npages - p : MIG_MAX_RUN,
				    false, &bytes);
	}
	if (rc) {
		wire(rc, err, sizeof(err));
		goto out;
	}
	pages = npages;
	rep = (struct round_report){ .rounds = 1, .bytes = bytes, .pages = pages };
	uint64_t round_bytes = bytes;
	unsigned hot = 0;
	for (;;) {
		double dt = now_ms() - tr;
		if (dt < 0.001)
			dt = 0.001;
		if ((rc = get_log(m, pending, err, sizeof(err))))
			goto out;
		uint64_t dirty = popcount_map(pending, words);
		rep.remaining = dirty;
		rep.dirty_rate = (uint64_t)((double)dirty * 1e3 / dt);
		rep.bandwidth = (uint64_t)((double)round_bytes * 1e3 / dt);
		if (g->auto_converge && !g->was_paused) {
			/* QEMU's rule: dirtied more than half of what was sent. */
			hot = dirty * PAGE_SIZE > round_bytes / 2 ? hot + 1 : 0;
			if (hot >= 2) {
				unsigned t = atomic_load(&g->throttle);
				atomic_store(&g->throttle, t ? (t + 10 > 90 ? 90 : t + 10) : 20);
				hot = 0;
			}
			rep.throttle = atomic_load(&g->throttle);
		}
		set_status(g, put_round, &rep);
		fprintf(stderr, "rvkvm: migration round %u: %llu MiB sent, %llu pages dirty "
			"(%llu pages/s), %llu MiB/s%s\n", rep.rounds,
			(unsigned long long)(rep.bytes >> 20), (unsigned long long)dirty,
			(unsigned long long)rep.dirty_rate, (unsigned long long)(rep.bandwidth >> 20),
			rep.throttle ? ", throttled" : "");
		if (atomic_load(&g->cancel)) {
			rc = say(err, sizeof(err), -ECANCELED, "cancelled");
			goto out;
		}
		double est = rep.bandwidth ? (double)dirty * PAGE_SIZE * 1e3 / (double)rep.bandwidth : 1e9;
		if (est <= g->downtime_ms || rep.rounds >= g->max_rounds)
			break;
		tr = now_ms();
		uint64_t before = bytes;
		rc = send_map(g, m->ram, pending, npages, &bytes, &pages);
		if (rc) {
			wire(rc, err, sizeof(err));
			goto out;
		}
		round_bytes = bytes - before;
		rep.rounds++;
		rep.bytes = bytes;
		rep.pages = pages;
	}
stop:
	throttle_stop(g);
	double td = now_ms();
	if (!g->was_paused) {
		if (machine_pause(m) < 0) {
			rc = say(err, sizeof(err), -ESHUTDOWN, "the guest stopped during the migration");
			goto out;
		}
		stopped = true;
	}
	machine_devices_freeze(m);
	frozen = true;
	rc = stop_and_copy(g, pending, map, npages, &bytes, &pages, &in_doubt, err, sizeof(err));
	rep.rounds++;
	rep.bytes = bytes;
	rep.pages = pages;
	rep.remaining = 0;
	set_status(g, put_round, &rep);
	if (!rc) {
		completed = true;
		downtime = now_ms() - td;
	}
	if (!rc && g->postcopy) {
		/* The guest runs there: whatever happens now, not here. */
		machine_devices_retire(m);
		frozen = false;
		fprintf(stderr, "rvkvm: post-copy to %s: the guest runs there after %.1f ms; "
			"sending its memory\n", g->dest, downtime);
		rc = postcopy_serve(g->fd, m->ram, npages, g->max_bps, &g->pc, err, sizeof(err));
		bytes += atomic_load(&g->pc.bytes_sent);
		pages = atomic_load(&g->pc.pages_sent);
		rep.bytes = bytes;
		rep.pages = pages;
		set_status(g, put_round, &rep);
		if (rc) {
			/* Not in doubt: the guest was running there.  It is lost. */
			completed = false;
			in_doubt = true;
		}
	}
out:
	/* A cancel may surface as a broken send (the socket is shut down). */
	if (!completed && atomic_load(&g->cancel)) {
		rc = -ECANCELED;
		say(err, sizeof(err), rc, "cancelled");
	}
	throttle_stop(g);
	pthread_mutex_lock(&g->lock);
	if (g->fd >= 0) {
		close(g->fd);
		g->fd = -1;
	}
	pthread_mutex_unlock(&g->lock);
	if (completed) {
		/* The guest runs there now: it ends here, its devices retired
		 * (what the guest queued is the destination's to do). */
		if (!g->postcopy)
			machine_devices_retire(m);
		fprintf(stderr, "rvkvm: migrated to %s: %.1f ms downtime, %.0f ms in all, %u rounds, "
			"%llu MiB sent\n", g->dest, downtime, now_ms() - t0, rep.rounds,
			(unsigned long long)(bytes >> 20));
		machine_stop(m, 0);
		machine_resume(m);
	} else if (in_doubt) {
		/* Two copies of the guest must never run: this one ends, with
		 * an error (the disks were let go, the destination may own them). */
		if (frozen)
			machine_devices_retire(m);
		fprintf(stderr, "rvkvm: migration to %s: %s\n", g->dest, err);
		machine_stop(m, 1);
		machine_resume(m);
	} else {
		bool back = frozen ? take_back(g, err, sizeof(err)) : true;
		if (frozen && back)
			machine_devices_thaw(m);
		if (stopped && back)
			machine_resume(m);
		if (logging)
			machine_log_dirty(m, false);
		fprintf(stderr, "rvkvm: migration to %s failed: %s\n", g->dest, err);
	}
	/* The log's pages went to the destination: no diff snapshot can
	 * follow the last one any more. */
	if (logging)
		m->snap_id = 0;
	pthread_mutex_lock(&g->lock);
	g->st.state = completed ? MIGRATE_COMPLETED :
		      rc == -ECANCELED ? MIGRATE_CANCELLED : MIGRATE_FAILED;
	if (!completed)
		snprintf(g->st.error, sizeof(g->st.error), "%s", err);
	g->st.downtime_ms = downtime;
	g->st.total_ms = now_ms() - t0;
	g->st.throttle_percent = 0;
	pthread_mutex_unlock(&g->lock);
	free(map);
	free(pending);
	return NULL;
}

int machine_migrate_start(struct machine *m, const struct machine_migrate_params *p, char *err,
			  size_t errlen)
{
	char why[256];
	const char *no = machine_unsaveable(m, why, sizeof(why));
	if (no)
		return say(err, errlen, -EOPNOTSUPP, "%s", no);
	if (!p->destination || strlen(p->destination) >= sizeof(((struct migration *)0)->dest))
		return say(err, errlen, -EINVAL, "a destination (unix:PATH or tcp:HOST:PORT) is needed");
	if (strncmp(p->destination, "unix:", 5) && strncmp(p->destination, "tcp:", 4))
		return say(err, errlen, -EINVAL, "destination `%s` is not unix:PATH or tcp:HOST:PORT",
			   p->destination);
	struct migration *g = m->mig;
	if (g) {
		pthread_mutex_lock(&g->lock);
		bool active = g->st.state == MIGRATE_ACTIVE;
		bool done = g->st.state == MIGRATE_COMPLETED;
		pthread_mutex_unlock(&g->lock);
		if (active)
			return say(err, errlen, -EBUSY, "a migration is in progress");
		if (done)
			return say(err, errlen, -EINVAL, "the guest has migrated away already");
		machine_migrate_free(m);
	}
	g = calloc(1, sizeof(*g));
	if (!g)
		return say(err, errlen, -ENOMEM, "out of memory");
	g->m = m;
	g->fd = -1;
	pthread_mutex_init(&g->lock, NULL);
	snprintf(g->dest, sizeof(g->dest), "%s", p->destination);
	g->downtime_ms = p->downtime_ms ? p->downtime_ms : DEFAULT_DOWNTIME_MS;
	g->max_rounds = p->max_rounds ? p->max_rounds : DEFAULT_MAX_ROUNDS;
	g->auto_converge = p->auto_converge && !p->postcopy;
	g->postcopy = p->postcopy;
	g->max_bps = p->max_bandwidth;
	pthread_mutex_lock(&m->pause_lock);
	g->was_paused = m->pause_requested;
	pthread_mutex_unlock(&m->pause_lock);
	g->st.state = MIGRATE_ACTIVE;
	g->st.pages_total = m->ram_size / PAGE_SIZE;
	if (g->auto_converge && !g->was_paused &&
	    !pthread_create(&g->throttler, NULL, throttler, g))
		g->throttler_started = true;
	int e = pthread_create(&g->thread, NULL, migrate_thread, g);
	if (e) {
		throttle_stop(g);
		pthread_mutex_destroy(&g->lock);
		free(g);
		return say(err, errlen, -e, "cannot start the migration thread: %s", strerror(e));
	}
	g->thread_started = true;
	m->mig = g;
	return 0;
}

void machine_migrate_status(struct machine *m, struct machine_migrate_status *st)
{
	struct migration *g = m->mig;
	if (!g) {
		*st = (struct machine_migrate_status){ .state = MIGRATE_NONE };
		return;
	}
	pthread_mutex_lock(&g->lock);
	*st = g->st;
	if (st->state == MIGRATE_ACTIVE)
		st->total_ms = 0;
	pthread_mutex_unlock(&g->lock);
	st->postcopy = g->postcopy;
	if (st->state == MIGRATE_ACTIVE && g->postcopy) {
		st->pages_sent = atomic_load(&g->pc.pages_sent);
		st->bytes_sent += atomic_load(&g->pc.bytes_sent);
		st->pages_requested = atomic_load(&g->pc.pages_requested);
	}
	st->throttle_percent = st->state == MIGRATE_ACTIVE ? atomic_load(&g->throttle) : 0;
}

int machine_migrate_cancel(struct machine *m)
{
	struct migration *g = m->mig;
	if (!g)
		return -ENOENT;
	pthread_mutex_lock(&g->lock);
	bool active = g->st.state == MIGRATE_ACTIVE;
	if (active && g->committed) {
		pthread_mutex_unlock(&g->lock);
		return -EBUSY;
	}
	if (active) {
		atomic_store(&g->cancel, true);
		/* A round blocked on a full socket ends at once. */
		if (g->fd >= 0)
			shutdown(g->fd, SHUT_RDWR);
	}
	pthread_mutex_unlock(&g->lock);
	return active ? 0 : -ENOENT;
}

void machine_migrate_free(struct machine *m)
{
	postcopy_dest_free(m->postcopy_in);
	m->postcopy_in = NULL;
	struct migration *g = m->mig;
	if (!g)
		return;
	if (g->thread_started) {
		machine_migrate_cancel(m);
		pthread_join(g->thread, NULL);
	}
	throttle_stop(g);
	pthread_mutex_destroy(&g->lock);
	free(g);
	m->mig = NULL;
}

/* --- the destination --------------------------------------------------------------- */

int machine_migrate_listen(const char *addr, struct machine_config *cfg,
			   const char *(*keep)(void *ctx, const char *s), void *ctx, char *err,
			   size_t errlen)
{
	int lfd = mig_listen(addr, err, errlen);
	if (lfd < 0)
		return lfd;
	fprintf(stderr, "rvkvm: waiting for a migration on %s\n", addr);
	int fd = mig_accept(lfd, err, errlen);
	close(lfd);
	if (!strncmp(addr, "unix:", 5))
		unlink(addr + 5);
	if (fd < 0)
		return fd;
	uint64_t mem_size = 0;
	char *json = NULL;
	size_t len = 0;
	int rc = mig_recv_config(fd, &mem_size, &json, &len, err, errlen);
	char why[256];
	if (!rc && (rc = snap_config_from_json(json, len, cfg, keep, ctx, why, sizeof(why))))
		say(err, errlen, rc, "the source's configuration: %s", why);
	if (!rc && cfg->mem_size != mem_size)
		rc = say(err, errlen, -EPROTO, "the stream's memory size is not its configuration's");
	free(json);
	if (rc) {
		close(fd);
		return rc;
	}
	/* The boot images are the source's business: the guest runs already. */
	cfg->kernel = cfg->initrd = cfg->append = cfg->firmware = NULL;
	cfg->nr_vhosts = cfg->nr_vports = 0;
	cfg->has_vsock = false;
	return fd;
}

/* The destination's post-copy thread is done: every page is here, or the
 * source went away and the guest cannot go on. */
static void postcopy_done(void *ctx, const char *why)
{
	struct machine *m = ctx;
	if (!why) {
		fprintf(stderr, "rvkvm: post-copy complete: all of memory is here\n");
		return;
	}
	fprintf(stderr, "rvkvm: post-copy failed: %s; the guest stops\n", why);
	machine_stop(m, 1);
}

static int load_state(struct machine *m, uint8_t **state, size_t len, char *err, size_t errlen)
{
	struct snap_reader *r = calloc(1, sizeof(*r));
	if (!r)
		return say(err, errlen, -ENOMEM, "out of memory");
	char why[200];
	int rc = snap_parse(r, *state, len, why, sizeof(why));
	if (rc)
		say(err, errlen, rc, "the machine state: %s", why);
	else if (r->info.mem_size != m->ram_size)
		rc = say(err, errlen, -EPROTO, "the machine state is for another memory size");
	if (rc) {
		free(r);
		return rc;
	}
	r->owned = *state;   /* freed with the reader */
	*state = NULL;
	m->restoring = r;
	rc = machine_restore_state(m);   /* frees m->restoring */
	if (rc)
		say(err, errlen, rc, "the machine state does not load here (see stderr)");
	return rc;
}

int machine_migrate_receive(struct machine *m, int fd, bool *paused)
{
	char err[256];
	double t0 = now_ms();
	uint8_t *state = NULL;
	size_t len = 0;
	uint64_t pages = 0, flags = 0;
	int rc = mig_recv_memory(fd, m->ram, m->ram_size, &state, &len, &pages, &flags, err,
				 sizeof(err));
	double tm = now_ms();
	bool postcopy = !rc && (flags & MIG_END_POSTCOPY);
	/* Pre-copy: memory is all here, the state loads now.  Post-copy: it
	 * loads once the pages it touches can be fetched, after the reply. */
	if (!rc && !postcopy)
		rc = load_state(m, &state, len, err, sizeof(err));
	for (unsigned i = 0; !rc && i < m->nr_blk; i++) {
		rc = virtio_blk_lock(&m->blk[i], DISK_LOCK_TIMEOUT_MS);
		if (rc)
			say(err, sizeof(err), rc, "disk %u is still locked by another process: %s", i,
			    strerror(-rc));
	}
	if (!rc && postcopy &&
	    !(m->postcopy_in = postcopy_dest_start(fd, m->ram, m->ram_size, postcopy_done, m, err,
						   sizeof(err))))
		rc = -EOPNOTSUPP;
	if (rc) {
		for (unsigned i = 0; i < m->nr_blk; i++)
			virtio_blk_unlock(&m->blk[i]);   /* for the source to take back */
		fprintf(stderr, "rvkvm: incoming migration failed: %s\n", err);
		mig_send_reply(fd, rc, err);
		close(fd);
		free(state);
		return rc;
	}
	*paused = flags & MIG_END_PAUSED;
	if (mig_send_reply(fd, 0, "running"))
		/* The source, with no answer, ends its copy (machine_migrate.c):
		 * this one goes on. */
		fprintf(stderr, "rvkvm: incoming migration: the source is gone before the reply\n");
	if (!postcopy) {
		close(fd);
		fprintf(stderr, "rvkvm: incoming migration: %llu pages in %.0f ms, state loaded in "
			"%.1f ms\n", (unsigned long long)pages, tm - t0, now_ms() - tm);
		return 0;
	}
	/* fd is the post-copy thread's now. */
	rc = load_state(m, &state, len, err, sizeof(err));
	free(state);
	if (rc) {
		fprintf(stderr, "rvkvm: incoming post-copy migration failed: %s\n", err);
		return rc;
	}
	fprintf(stderr, "rvkvm: incoming post-copy migration: state loaded in %.1f ms, running; "
		"memory follows\n", now_ms() - tm);
	return 0;
}
