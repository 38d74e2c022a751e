// SPDX-License-Identifier: MIT
/* A migration destination that takes a whole stream and then refuses the
 * guest: the source's path for "the destination said no" after the
 * hand-over began (disks let go) is tested with it, as no real rvkvm
 * refuses at that point on demand.
 *   fake_dest ADDR ERRNO MESSAGE
 * Listens on ADDR (unix:PATH or tcp:HOST:PORT), reads the configuration,
 * memory and state with the real reader (vmm/migration/stream.c), answers
 * status -ERRNO with MESSAGE, and exits 0 (1 if the stream was bad). */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "vmm/migration/stream.h"

int main(int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: fake_dest ADDR ERRNO MESSAGE\n");
		return 2;
	}
	char err[256];
	int lfd = mig_listen(argv[1], err, sizeof(err));
	if (lfd < 0) {
		fprintf(stderr, "fake_dest: %s\n", err);
		return 1;
	}
	printf("fake_dest: listening\n");
	fflush(stdout);
	int fd = mig_accept(lfd, err, sizeof(err));
	close(lfd);
	if (fd < 0) {
		fprintf(stderr, "fake_dest: %s\n", err);
		return 1;
	}
	uint64_t mem_size = 0, pages = 0, flags = 0;
	char *json = NULL;
	size_t len = 0, state_len = 0;
	uint8_t *state = NULL, *ram = NULL;
	int rc = mig_recv_config(fd, &mem_size, &json, &len, err, sizeof(err));
	if (!rc && !(ram = calloc(1, mem_size)))
		rc = -1, snprintf(err, sizeof(err), "out of memory");
	if (!rc)
		rc = mig_recv_memory(fd, ram, mem_size, &state, &state_len, &pages, &flags, err,
				     sizeof(err));
	if (rc) {
		fprintf(stderr, "fake_dest: %s\n", err);
		return 1;
	}
	printf("fake_dest: %llu pages, %zu bytes of state, flags %llu; refusing\n",
	       (unsigned long long)pages, state_len, (unsigned long long)flags);
	mig_send_reply(fd, -atoi(argv[2]), argv[3]);
	/* Wait for the source to hang up, so the reply is read before EOF. */
	char c;
	while (read(fd, &c, 1) > 0)
		;
	free(json);
	free(state);
	free(ram);
	return 0;
}
