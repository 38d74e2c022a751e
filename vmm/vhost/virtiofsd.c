// SPDX-License-Identifier: MIT
/* Starting and stopping a virtiofsd for --fs dir= (see virtiofsd.h). */
#include "vmm/vhost/virtiofsd.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static bool executable(const char *p)
{
	return p && *p && access(p, X_OK) == 0;
}

/* The first virtiofsd there is, into buf. */
static const char *virtiofsd_find(char *buf, size_t len)
{
	const char *env = getenv("RVKVM_VIRTIOFSD");
	if (env)
		return executable(env) ? env : NULL;
	const char *path = getenv("PATH");
	for (const char *p = path ? path : ""; *p;) {
		size_t n = strcspn(p, ":");
		if (n && snprintf(buf, len, "%.*s/virtiofsd", (int)n, p) < (int)len && executable(buf))
			return buf;
		p += n + (p[n] == ':');
	}
	static const char *const known[] = { "/usr/libexec/virtiofsd", "/usr/lib/qemu/virtiofsd" };
	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (executable(known[i]))
			return known[i];
	return NULL;
}

/* Does this virtiofsd take the Rust one's --shared-dir (else QEMU's -o source=)? */
static bool virtiofsd_is_rust(const char *bin)
{
	int pfd[2];
	if (pipe2(pfd, O_CLOEXEC) < 0)
		return false;
	pid_t pid = fork();
	if (pid == 0) {
		dup2(pfd[1], 1);
		dup2(pfd[1], 2);
		execl(bin, bin, "--help", (char *)NULL);
		_exit(127);
	}
	close(pfd[1]);
	char out[8192];
	size_t n = 0;
	ssize_t r;
	while (n < sizeof(out) - 1 && (r = read(pfd[0], out + n, sizeof(out) - 1 - n)) > 0)
		n += (size_t)r;
	out[n] = 0;
	close(pfd[0]);
	if (pid > 0)
		waitpid(pid, NULL, 0);
	return strstr(out, "--shared-dir") != NULL;
}

int virtiofsd_spawn(struct virtiofsd *d, const char *shared)
{
	memset(d, 0, sizeof(*d));
	char found[4096];
	const char *bin = virtiofsd_find(found, sizeof(found));
	if (!bin) {
		fprintf(stderr, "rvkvm: --fs dir=: no virtiofsd found (install Debian's virtiofsd or "
			"qemu-system-common, or set RVKVM_VIRTIOFSD)\n");
		return -ENOENT;
	}
	struct stat st;
	char abs[4096];
	if (stat(shared, &st) < 0 || !S_ISDIR(st.st_mode) || !realpath(shared, abs)) {
		fprintf(stderr, "rvkvm: --fs dir=%s: not a directory\n", shared);
		return -ENOTDIR;
	}
	shared = abs;   /* virtiofsd works from its own root: no relative paths */
	const char *tmp = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
	if (snprintf(d->dir, sizeof(d->dir), "%s/rvkvm-fs-XXXXXX", tmp) >= (int)sizeof(d->dir) ||
	    !mkdtemp(d->dir)) {
		fprintf(stderr, "rvkvm: --fs: cannot make a socket directory under %s\n", tmp);
		d->dir[0] = 0;
		return -EIO;
	}
	snprintf(d->socket, sizeof(d->socket), "%s/virtiofsd.sock", d->dir);
	bool rust = virtiofsd_is_rust(bin);
	char sock_opt[128], src_opt[4200];
	snprintf(sock_opt, sizeof(sock_opt), "--socket-path=%s", d->socket);
	pid_t pid = fork();
	if (pid < 0) {
		int err = errno;
		fprintf(stderr, "rvkvm: --fs: fork: %s\n", strerror(err));
		virtiofsd_stop(d);
		return -err;
	}
	if (pid == 0) {
		/* Gone with us, whatever way we go. */
		prctl(PR_SET_PDEATHSIG, SIGTERM);
		int null = open("/dev/null", O_RDWR);
		if (null >= 0)
			dup2(null, 0);
		if (rust) {
			snprintf(src_opt, sizeof(src_opt), "--shared-dir=%s", shared);
			execl(bin, bin, sock_opt, src_opt, "--cache=never", (char *)NULL);
		} else {
			snprintf(src_opt, sizeof(src_opt), "source=%s", shared);
			execl(bin, bin, sock_opt, "-o", src_opt, "-o", "cache=none", (char *)NULL);
		}
		fprintf(stderr, "rvkvm: cannot run %s: %s\n", bin, strerror(errno));
		_exit(127);
	}
	d->pid = pid;
	return 0;
}

void virtiofsd_stop(struct virtiofsd *d)
{
	if (d->pid > 0) {
		kill(d->pid, SIGTERM);
		for (int i = 0; i < 100; i++) {
			if (waitpid(d->pid, NULL, WNOHANG) == d->pid) {
				d->pid = 0;
				break;
			}
			struct timespec ts = { 0, 10000000 };
			nanosleep(&ts, NULL);
		}
		if (d->pid > 0) {
			kill(d->pid, SIGKILL);
			waitpid(d->pid, NULL, 0);
		}
		d->pid = 0;
	}
	if (d->socket[0])
		unlink(d->socket);
	if (d->dir[0])
		rmdir(d->dir);
	d->socket[0] = d->dir[0] = 0;
}
