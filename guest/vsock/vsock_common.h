/* SPDX-License-Identifier: MIT */
/* Shared by the guest's vsock-test (guest/vsock/main.c) and the host's
 * tests/virtio/vsock_host.c: a reproducible byte stream, its checksum, and
 * one transfer over a connected stream socket.
 *
 * Stream SEED: byte i is the top byte of x_i, x_0 = SEED, x_{i+1} = x_i *
 * 6364136223846793005 + 1442695040888963407 (mod 2^64).  Checksum: FNV-1a
 * 64 over the bytes, printed as 16 hex digits. */
#ifndef GUEST_VSOCK_COMMON_H
#define GUEST_VSOCK_COMMON_H

#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/socket.h>
#include <unistd.h>

#define VS_FNV_INIT 0xcbf29ce484222325ULL

static inline uint64_t vs_fnv(uint64_t h, const uint8_t *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		h = (h ^ b[i]) * 0x100000001b3ULL;
	return h;
}

static inline void vs_stream(uint64_t *x, uint8_t *b, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		b[i] = (uint8_t)(*x >> 56);
		*x = *x * 6364136223846793005ULL + 1442695040888963407ULL;
	}
}

struct vs_result {
	uint64_t sent, sent_sum;
	uint64_t received, received_sum;
};

/* Send nsend bytes of stream seed on fd, then shut down writing, while
 * receiving until EOF (what arrives is counted and summed, or, with echo,
 * also written back: nsend is then ignored and writing shuts down at EOF).
 * Returns 0, or -errno. */
static inline int vs_transfer(int fd, uint64_t nsend, uint64_t seed, int echo,
			      struct vs_result *r)
{
	static uint8_t out[65536], in[65536];
	size_t out_len = 0, out_off = 0;
	uint64_t x = seed;
	int eof = 0, shut = 0;
	r->sent = r->received = 0;
	r->sent_sum = r->received_sum = VS_FNV_INIT;
	while (!eof || out_off < out_len || (!echo && r->sent < nsend) || !shut) {
		if (out_off == out_len && !echo && r->sent < nsend) {
			out_len = nsend - r->sent < sizeof(out) ? (size_t)(nsend - r->sent) : sizeof(out);
			vs_stream(&x, out, out_len);
			out_off = 0;
		}
		int want_out = out_off < out_len;
		if (!want_out && !shut && (echo ? eof : r->sent == nsend)) {
			shutdown(fd, SHUT_WR);
			shut = 1;
			continue;
		}
		struct pollfd p = { .fd = fd, .events = (short)((eof || (echo && want_out) ? 0 : POLLIN) |
								 (want_out ? POLLOUT : 0)) };
		if (!p.events)
			break;
		if (poll(&p, 1, -1) < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (p.revents & POLLOUT) {
			ssize_t w = send(fd, out + out_off, out_len - out_off, MSG_NOSIGNAL | MSG_DONTWAIT);
			if (w < 0 && errno != EAGAIN && errno != EINTR)
				return -errno;
			if (w > 0) {
				r->sent_sum = vs_fnv(r->sent_sum, out + out_off, (size_t)w);
				r->sent += (uint64_t)w;
				out_off += (size_t)w;
			}
		}
		if (p.revents & (POLLIN | POLLHUP | POLLERR)) {
			ssize_t n = recv(fd, in, sizeof(in), MSG_DONTWAIT);
			if (n < 0 && errno != EAGAIN && errno != EINTR)
				return -errno;
			if (n == 0)
				eof = 1;
			if (n > 0) {
				r->received_sum = vs_fnv(r->received_sum, in, (size_t)n);
				r->received += (uint64_t)n;
				if (echo) {
					for (ssize_t i = 0; i < n; i++)
						out[i] = in[i];
					out_off = 0;
					out_len = (size_t)n;
				}
			}
		}
	}
	return 0;
}

#endif
