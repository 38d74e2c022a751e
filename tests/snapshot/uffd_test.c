// SPDX-License-Identifier: MIT
/* Unit tests of the Uffd memory backend (vmm/snapshot/uffd.c) against the
 * example handler (tests/snapshot/uffd_handler.c), without a VM: "guest
 * RAM" is anonymous memory of this process, the memory file a sparse file
 * with a footer after the RAM bytes, as rvkvm's.
 *   uffd_test HANDLER WORKDIR
 * Prints "PASS snapshot/uffd_unit_NAME" or "FAIL snapshot/uffd_unit_NAME (detail)";
 * exit status 1 if any failed.  Needs userfaultfd (root). */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "vmm/snapshot/uffd.h"

#define PAGE   4096u
#define NPAGES 64u

static const char *handler, *dir;
static char sock_path[256], mem_path[256], out_path[256];
static int failures;
static char detail[1024];
static atomic_int lost;

static void result(const char *name, bool ok)
{
	if (ok)
		printf("PASS snapshot/uffd_unit_%s\n", name);
	else
		printf("FAIL snapshot/uffd_unit_%s (%s)\n", name, detail);
	failures += !ok;
	fflush(stdout);
}

#define CHECK(c) do { if (!(c)) { snprintf(detail, sizeof(detail), "line %d: %s", \
					    __LINE__, #c); return false; } } while (0)

/* Page i holds the byte i + 1, but every fourth page is a hole; a footer
 * of 0xee bytes follows, as rvkvm's memory file has one. */
static uint8_t expected(unsigned i)
{
	return i % 4 == 3 ? 0 : (uint8_t)(i + 1);
}

static bool write_mem_file(void)
{
	int fd = open(mem_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	CHECK(fd >= 0);
	uint8_t buf[PAGE];
	for (unsigned i = 0; i < NPAGES; i++) {
		if (!expected(i))
			continue;
		memset(buf, expected(i), sizeof(buf));
		CHECK(pwrite(fd, buf, PAGE, (off_t)i * PAGE) == PAGE);
	}
	memset(buf, 0xee, sizeof(buf));
	CHECK(pwrite(fd, buf, PAGE, (off_t)NPAGES * PAGE) == PAGE);
	close(fd);
	return true;
}

/* The handler, its stdout to out_path; waits for its socket. */
static pid_t start_handler(void)
{
	unlink(sock_path);
	pid_t pid = fork();
	if (!pid) {
		int fd = open(out_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		dup2(fd, 1);
		execl(handler, handler, sock_path, mem_path, (char *)NULL);
		_exit(127);
	}
	struct stat st;
	for (int i = 0; i < 200 && stat(sock_path, &st); i++)
		usleep(10000);
	return pid;
}

static void on_lost(void *ctx, const char *why)
{
	(void)ctx;
	(void)why;
	atomic_store(&lost, 1);
}

static bool describe(void)
{
	char buf[256];
	int n = snap_uffd_describe(buf, sizeof(buf), (void *)0x7f0000000000, 1ull << 28, 4096);
	const char *want = "[{\"base_host_virt_addr\":139637976727552,\"size\":268435456,"
			   "\"offset\":0,\"page_size\":4096,\"page_size_kib\":4096}]";
	snprintf(detail, sizeof(detail), "%s", buf);
	CHECK(n == (int)strlen(want) && !strcmp(buf, want));
	CHECK(snap_uffd_describe(buf, 16, (void *)0x1000, 4096, 4096) == -ENOSPC);
	return true;
}

static bool connect_errors(void)
{
	char err[400];
	char missing[300];
	snprintf(missing, sizeof(missing), "%s/nobody.sock", dir);
	int rc = snap_uffd_connect(missing, err, sizeof(err));
	snprintf(detail, sizeof(detail), "%d %s", rc, err);
	CHECK(rc == -ENOENT && strstr(err, "cannot connect to the page-fault handler"));
	rc = snap_uffd_connect(mem_path, err, sizeof(err));   /* not a socket */
	snprintf(detail, sizeof(detail), "%d %s", rc, err);
	CHECK(rc == -ECONNREFUSED);
	return true;
}

/* Every page as in the file (holes zero), served once each. */
static bool serve_all(void)
{
	char err[400] = "";
	pid_t pid = start_handler();
	int sock = snap_uffd_connect(sock_path, err, sizeof(err));
	snprintf(detail, sizeof(detail), "connect: %s", err);
	CHECK(sock >= 0);
	uint8_t *ram = mmap(NULL, NPAGES * PAGE, PROT_READ | PROT_WRITE,
			    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(ram != MAP_FAILED);
	struct snap_uffd *u = NULL;
	int rc = snap_uffd_start(&u, sock, ram, NPAGES * PAGE, on_lost, NULL, err, sizeof(err));
	close(sock);   /* the backend keeps its own */
	snprintf(detail, sizeof(detail), "start: %d %s", rc, err);
	CHECK(!rc);
	for (unsigned i = 0; i < NPAGES; i++) {
		snprintf(detail, sizeof(detail), "page %u: %#x, want %#x", i, ram[i * PAGE + 17],
			 expected(i));
		CHECK(ram[i * PAGE + 17] == expected(i) && ram[i * PAGE + PAGE - 1] == expected(i));
	}
	ram[5 * PAGE] = 0x55;   /* served pages are the VMM's own */
	CHECK(ram[5 * PAGE] == 0x55);
	snap_uffd_free(u);      /* the handler sees the socket close */
	int st;
	CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && !WEXITSTATUS(st));
	FILE *f = fopen(out_path, "r");
	char line[256] = "";
	CHECK(f && fgets(line, sizeof(line), f));
	fclose(f);
	snprintf(detail, sizeof(detail), "handler said: %s", line);
	char want[128];
	snprintf(want, sizeof(want), "served %u faults (%u copied, %u zero pages)", NPAGES,
		 NPAGES - NPAGES / 4, NPAGES / 4);
	CHECK(strstr(line, want));
	CHECK(!atomic_load(&lost));
	munmap(ram, NPAGES * PAGE);
	return true;
}

/* The handler killed: the next page nobody serves stops "the guest" (the
 * callback) instead of hanging, and the access goes on with a zero page. */
static bool handler_dies(void)
{
	char err[400] = "";
	pid_t pid = start_handler();
	int sock = snap_uffd_connect(sock_path, err, sizeof(err));
	CHECK(sock >= 0);
	uint8_t *ram = mmap(NULL, NPAGES * PAGE, PROT_READ | PROT_WRITE,
			    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(ram != MAP_FAILED);
	struct snap_uffd *u = NULL;
	int rc = snap_uffd_start(&u, sock, ram, NPAGES * PAGE, on_lost, NULL, err, sizeof(err));
	close(sock);
	CHECK(!rc);
	CHECK(ram[0] == expected(0));
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	CHECK(ram[0] == expected(0));          /* served before: still there */
	CHECK(ram[PAGE] == 0);                 /* nobody serves it: zero, and... */
	CHECK(atomic_load(&lost));             /* ...the guest was told to stop first */
	snap_uffd_free(u);
	munmap(ram, NPAGES * PAGE);
	return true;
}

/* A handler that hangs up before the handshake: an error, no SIGPIPE. */
static bool hangs_up_early(void)
{
	char err[400] = "";
	unlink(sock_path);
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	if (strlen(sock_path) >= sizeof(sa.sun_path))
		return false;
	strcpy(sa.sun_path, sock_path);
	int l = socket(AF_UNIX, SOCK_STREAM, 0);
	CHECK(l >= 0 && !bind(l, (struct sockaddr *)&sa, sizeof(sa)) && !listen(l, 1));
	int sock = snap_uffd_connect(sock_path, err, sizeof(err));
	CHECK(sock >= 0);
	close(accept(l, NULL, NULL));
	close(l);
	uint8_t *ram = mmap(NULL, NPAGES * PAGE, PROT_READ | PROT_WRITE,
			    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	struct snap_uffd *u = NULL;
	int rc = snap_uffd_start(&u, sock, ram, NPAGES * PAGE, on_lost, NULL, err, sizeof(err));
	close(sock);
	snprintf(detail, sizeof(detail), "%d %s", rc, err);
	CHECK(rc < 0 && !u && strstr(err, "sending the userfaultfd"));
	ram[0] = 1;   /* not registered any more: plain memory */
	munmap(ram, NPAGES * PAGE);
	return true;
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: %s HANDLER WORKDIR\n", argv[0]);
		return 2;
	}
	handler = argv[1];
	dir = argv[2];
	snprintf(sock_path, sizeof(sock_path), "%s/uffd_test.sock", dir);
	snprintf(mem_path, sizeof(mem_path), "%s/uffd_test.mem", dir);
	snprintf(out_path, sizeof(out_path), "%s/uffd_test.handler.out", dir);
	alarm(60);   /* a hang is a failure, not a stuck suite */
	signal(SIGPIPE, SIG_DFL);
	if (!write_mem_file()) {
		result("mem_file", false);
		return 1;
	}
	result("describe", describe());
	result("connect_errors", connect_errors());
	result("serve_all", serve_all());
	result("handler_dies", handler_dies());
	result("hangs_up_early", hangs_up_early());
	return failures ? 1 : 0;
}
