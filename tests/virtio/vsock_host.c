// SPDX-License-Identifier: MIT
/* vsock_host: the host side of guest/vsock-test.sh, on rvkvm's unix sockets
 * (Firecracker's model, see vmm/virtio/vsock.h).
 *
 *   vsock_host connect UDS PORT BYTES [SEED]
 *       connect to UDS (rvkvm's --vsock uds=), ask for guest port PORT
 *       ("CONNECT PORT\n"), print the answer line as "OK-LINE <line>", then
 *       send BYTES of stream SEED (default 1, guest/vsock/vsock_common.h),
 *       shut down writing and read until EOF.
 *   vsock_host listen PATH BYTES [SEED]
 *       listen on PATH (UDS_<port>: guest connections to that port), print
 *       "LISTENING", accept one connection and do the same transfer.
 * Both then print "SENT <bytes> <fnv64>" and "RECEIVED <bytes> <fnv64>".
 * Exit status 0, 1 on errors (an EOF instead of the OK line, ...), 2 on
 * usage errors; VSOCK_HOST_TIMEOUT seconds (default 120) at most. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "guest/vsock/vsock_common.h"

static void usage(void)
{
	fprintf(stderr, "usage: vsock_host connect UDS PORT BYTES [SEED]\n"
			"       vsock_host listen PATH BYTES [SEED]\n");
	exit(2);
}

static unsigned long long num(const char *s)
{
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 0);
	if (errno || end == s || *end)
		usage();
	return v;
}

static int addr(const char *path, struct sockaddr_un *a)
{
	memset(a, 0, sizeof(*a));
	a->sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(a->sun_path)) {
		fprintf(stderr, "vsock_host: %s: path too long\n", path);
		return -1;
	}
	strcpy(a->sun_path, path);
	return 0;
}

static void on_alarm(int sig)
{
	(void)sig;
	static const char msg[] = "vsock_host: timed out\n";
	(void)!write(2, msg, sizeof(msg) - 1);
	_exit(1);
}

static int report(int fd, unsigned long long bytes, unsigned long long seed)
{
	struct vs_result r;
	int e = vs_transfer(fd, bytes, seed, 0, &r);
	close(fd);
	printf("SENT %llu %016llx\n", (unsigned long long)r.sent, (unsigned long long)r.sent_sum);
	printf("RECEIVED %llu %016llx\n", (unsigned long long)r.received,
	       (unsigned long long)r.received_sum);
	if (e < 0) {
		fprintf(stderr, "vsock_host: transfer: %s\n", strerror(-e));
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	const char *t = getenv("VSOCK_HOST_TIMEOUT");
	struct sockaddr_un a;
	signal(SIGALRM, on_alarm);
	signal(SIGPIPE, SIG_IGN);
	alarm(t ? (unsigned)atoi(t) : 120);
	setvbuf(stdout, NULL, _IOLBF, 0);
	if ((argc == 5 || argc == 6) && !strcmp(argv[1], "connect")) {
		unsigned long long port = num(argv[3]), bytes = num(argv[4]);
		unsigned long long seed = argc == 6 ? num(argv[5]) : 1;
		int fd = socket(AF_UNIX, SOCK_STREAM, 0);
		if (addr(argv[2], &a) < 0)
			return 1;
		if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof(a)) < 0) {
			fprintf(stderr, "vsock_host: connect %s: %s\n", argv[2], strerror(errno));
			return 1;
		}
		char line[64];
		int n = snprintf(line, sizeof(line), "CONNECT %llu\n", port);
		if (write(fd, line, (size_t)n) != n) {
			fprintf(stderr, "vsock_host: write: %s\n", strerror(errno));
			return 1;
		}
		/* The answer line, byte by byte: what follows is the guest's. */
		size_t len = 0;
		while (len < sizeof(line) - 1) {
			ssize_t r = read(fd, line + len, 1);
			if (r <= 0) {
				fprintf(stderr, "vsock_host: no OK line (%s)\n",
					r ? strerror(errno) : "connection closed");
				return 1;
			}
			if (line[len++] == '\n')
				break;
		}
		line[len] = 0;
		line[strcspn(line, "\n")] = 0;
		printf("OK-LINE %s\n", line);
		if (strncmp(line, "OK ", 3))
			return 1;
		return report(fd, bytes, seed);
	}
	if ((argc == 4 || argc == 5) && !strcmp(argv[1], "listen")) {
		unsigned long long bytes = num(argv[3]), seed = argc == 5 ? num(argv[4]) : 1;
		struct stat st;
		if (addr(argv[2], &a) < 0)
			return 1;
		if (lstat(argv[2], &st) == 0 && S_ISSOCK(st.st_mode))
			unlink(argv[2]);
		int s = socket(AF_UNIX, SOCK_STREAM, 0);
		if (s < 0 || bind(s, (struct sockaddr *)&a, sizeof(a)) < 0 || listen(s, 4) < 0) {
			fprintf(stderr, "vsock_host: listen %s: %s\n", argv[2], strerror(errno));
			return 1;
		}
		printf("LISTENING\n");
		int fd = accept(s, NULL, NULL);
		if (fd < 0) {
			fprintf(stderr, "vsock_host: accept: %s\n", strerror(errno));
			return 1;
		}
		close(s);
		unlink(argv[2]);
		return report(fd, bytes, seed);
	}
	usage();
}
