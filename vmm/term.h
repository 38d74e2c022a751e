/* SPDX-License-Identifier: MIT */
/* The host side of the guest console's input: a thread that reads a file
 * descriptor (stdin) and hands the bytes to a consumer (the UART).
 *
 * On a terminal (in the foreground process group) the terminal is put in
 * raw mode, so every key reaches the guest (Ctrl-C included), and QEMU's
 * escape applies: Ctrl-A x quits, Ctrl-A Ctrl-A sends Ctrl-A, Ctrl-A h
 * prints help.  The terminal is restored by term_stop(), at exit(), and on
 * fatal signals.  A terminal in a background process group is not read.
 * Otherwise (pipe, file, /dev/null) bytes are passed through as they are
 * and end of file means no more input. */
#ifndef VMM_TERM_H
#define VMM_TERM_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct term {
	int in_fd;
	int wake[2];         /* pipe: term_stop() wakes the input thread */
	pthread_t thread;
	bool started;
	bool raw;            /* in_fd is a terminal we put in raw mode */
	bool escape;         /* the previous key was Ctrl-A */
	/* Takes bytes; may block for back-pressure; returns how many it took
	 * (fewer than len once the consumer is closed: input then stops). */
	size_t (*rx)(void *opaque, const uint8_t *buf, size_t len);
	/* Ctrl-A x (may be NULL); called from the input thread. */
	void (*quit)(void *opaque);
	void *opaque;
};

/* Start reading in_fd.  Returns 0 or -errno. */
int term_start(struct term *t, int in_fd,
	       size_t (*rx)(void *opaque, const uint8_t *buf, size_t len),
	       void (*quit)(void *opaque), void *opaque);
/* Stop the input thread and restore the terminal.  A consumer blocked in
 * rx must be released first (e.g. uart_ns16550a_close()).  Safe to call
 * on a term that never started (zeroed) and more than once. */
void term_stop(struct term *t);

#endif
