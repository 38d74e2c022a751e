// SPDX-License-Identifier: MIT
/* vsock-test: the guest side of guest/vsock-test.sh (AF_VSOCK streams).
 *
 *   vsock-test listen PORT [COUNT]
 *       listen on PORT (any CID), print "LISTENING <port>", then accept
 *       COUNT connections (default 1) one after another and echo each until
 *       EOF: "ECHOED <bytes> <fnv64>" per connection.
 *   vsock-test connect CID PORT BYTES [SEED]
 *       connect to CID:PORT (the host is CID 2), send BYTES of stream SEED
 *       (default 1; see vsock_common.h), shut down writing, read until EOF:
 *       "SENT <bytes> <fnv64>", "RECEIVED <bytes> <fnv64>".  A failed connect
 *       prints "CONNECT-ERROR <errno name>" and exits with 3.
 * Every run ends after VSOCK_TEST_TIMEOUT seconds (default 120) at the
 * latest, with exit status 4. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/vm_sockets.h>

#include "vsock_common.h"

static void usage(void)
{
	fprintf(stderr, "usage: vsock-test listen PORT [COUNT]\n"
			"       vsock-test connect CID PORT BYTES [SEED]\n");
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

static void on_alarm(int sig)
{
	(void)sig;
	static const char msg[] = "vsock-test: timed out\n";
	(void)!write(2, msg, sizeof(msg) - 1);
	_exit(4);
}

static const char *errname(int e)
{
	switch (e) {
	case ECONNRESET: return "ECONNRESET";
	case ECONNREFUSED: return "ECONNREFUSED";
	case ETIMEDOUT: return "ETIMEDOUT";
	case ENODEV: return "ENODEV";
	case EAFNOSUPPORT: return "EAFNOSUPPORT";
	case ENETUNREACH: return "ENETUNREACH";
	default: return strerror(e);
	}
}

int main(int argc, char **argv)
{
	const char *t = getenv("VSOCK_TEST_TIMEOUT");
	signal(SIGALRM, on_alarm);
	alarm(t ? (unsigned)atoi(t) : 120);
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc >= 3 && !strcmp(argv[1], "listen") && argc <= 4) {
		unsigned port = (unsigned)num(argv[2]);
		unsigned long long count = argc == 4 ? num(argv[3]) : 1;
		int s = socket(AF_VSOCK, SOCK_STREAM, 0);
		struct sockaddr_vm a = { .svm_family = AF_VSOCK, .svm_cid = VMADDR_CID_ANY,
					 .svm_port = port };
		if (s < 0 || bind(s, (struct sockaddr *)&a, sizeof(a)) < 0 || listen(s, 8) < 0) {
			printf("LISTEN-ERROR %s\n", errname(errno));
			return 1;
		}
		printf("LISTENING %u\n", port);
		for (unsigned long long i = 0; i < count; i++) {
			int c = accept(s, NULL, NULL);
			if (c < 0) {
				printf("ACCEPT-ERROR %s\n", errname(errno));
				return 1;
			}
			struct vs_result r;
			int e = vs_transfer(c, 0, 0, 1, &r);
			close(c);
			if (e < 0) {
				printf("ECHO-ERROR %s after %llu bytes\n", errname(-e),
				       (unsigned long long)r.received);
				return 1;
			}
			printf("ECHOED %llu %016llx\n", (unsigned long long)r.received,
			       (unsigned long long)r.received_sum);
		}
		close(s);
		return 0;
	}
	if ((argc == 5 || argc == 6) && !strcmp(argv[1], "connect")) {
		struct sockaddr_vm a = { .svm_family = AF_VSOCK, .svm_cid = (unsigned)num(argv[2]),
					 .svm_port = (unsigned)num(argv[3]) };
		unsigned long long bytes = num(argv[4]), seed = argc == 6 ? num(argv[5]) : 1;
		int s = socket(AF_VSOCK, SOCK_STREAM, 0);
		if (s < 0 || connect(s, (struct sockaddr *)&a, sizeof(a)) < 0) {
			printf("CONNECT-ERROR %s\n", errname(errno));
			return 3;
		}
		struct vs_result r;
		int e = vs_transfer(s, bytes, seed, 0, &r);
		close(s);
		printf("SENT %llu %016llx\n", (unsigned long long)r.sent,
		       (unsigned long long)r.sent_sum);
		printf("RECEIVED %llu %016llx\n", (unsigned long long)r.received,
		       (unsigned long long)r.received_sum);
		if (e < 0) {
			printf("TRANSFER-ERROR %s\n", errname(-e));
			return 1;
		}
		return 0;
	}
	usage();
}
