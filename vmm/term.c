// SPDX-License-Identifier: MIT
/* Console input from the host (see term.h). */
#include "vmm/term.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#define TERM_ESCAPE 0x01  /* Ctrl-A, as QEMU's -nographic */

/* The controlling terminal is process-wide state, and the exit and
 * fatal-signal handlers that restore it cannot be handed a context: the
 * saved mode lives here, for the one terminal in raw mode at a time. */
static struct termios term_saved;
static volatile sig_atomic_t term_saved_fd = -1;
static bool term_atexit_done;

static const int term_signals[] = {
	SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGILL, SIGABRT, SIGBUS, SIGFPE, SIGSEGV,
};

static void term_restore(void)
{
	int fd = term_saved_fd;
	if (fd >= 0) {
		tcsetattr(fd, TCSANOW, &term_saved);
		term_saved_fd = -1;
	}
}

/* Installed with SA_RESETHAND: restore the terminal, then die of the same
 * signal with its default action. */
static void term_signal(int sig)
{
	int saved_errno = errno;
	term_restore();
	raise(sig);
	errno = saved_errno;
}

static void term_signals_set(bool install)
{
	for (size_t i = 0; i < sizeof(term_signals) / sizeof(term_signals[0]); i++) {
		struct sigaction old, sa = { .sa_flags = SA_RESETHAND | SA_NODEFER };
		sa.sa_handler = install ? term_signal : SIG_DFL;
		sigemptyset(&sa.sa_mask);
		if (sigaction(term_signals[i], NULL, &old) < 0)
			continue;
		/* Leave dispositions set by others alone. */
		if (install ? old.sa_handler == SIG_DFL : old.sa_handler == term_signal)
			sigaction(term_signals[i], &sa, NULL);
	}
}

/* Raw mode as QEMU's stdio: no echo, no line editing, no signals from
 * keys, 8-bit bytes; output processing is left as it was. */
static int term_raw_enter(int fd)
{
	struct termios tio;
	if (tcgetattr(fd, &tio) < 0)
		return -errno;
	term_saved = tio;
	tio.c_iflag &= ~(tcflag_t)(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR | ICRNL | IXON);
	tio.c_lflag &= ~(tcflag_t)(ECHO | ECHONL | ICANON | ISIG | IEXTEN);
	tio.c_cflag &= ~(tcflag_t)(CSIZE | PARENB);
	tio.c_cflag |= CS8;
	tio.c_cc[VMIN] = 1;
	tio.c_cc[VTIME] = 0;
	if (!term_atexit_done) {
		atexit(term_restore);
		term_atexit_done = true;
	}
	term_saved_fd = fd;
	term_signals_set(true);
	if (tcsetattr(fd, TCSANOW, &tio) < 0) {
		int r = -errno;
		term_saved_fd = -1;
		term_signals_set(false);
		return r;
	}
	return 0;
}

static void term_help(void)
{
	static const char help[] =
		"\r\nC-a h    print this help\r\n"
		"C-a x    exit rvkvm\r\n"
		"C-a C-a  send C-a\r\n";
	fputs(help, stderr);
	fflush(stderr);
}

/* Apply the escape sequences in place; returns the bytes left for the
 * guest, or -1 when the user asked to quit. */
static ssize_t term_filter(struct term *t, uint8_t *buf, size_t n)
{
	size_t out = 0;
	for (size_t i = 0; i < n; i++) {
		uint8_t c = buf[i];
		if (!t->escape) {
			if (c == TERM_ESCAPE)
				t->escape = true;
			else
				buf[out++] = c;
			continue;
		}
		t->escape = false;
		switch (c) {
		case 'x':
			fputs("\r\nrvkvm: terminated\r\n", stderr);
			if (t->quit)
				t->quit(t->opaque);
			return -1;
		case 'h':
		case '?':
			term_help();
			break;
		case TERM_ESCAPE:
		case 'a':
			buf[out++] = TERM_ESCAPE;
			break;
		default:
			break;  /* unknown commands are dropped, as QEMU does */
		}
	}
	return (ssize_t)out;
}

static void *term_thread(void *opaque)
{
	struct term *t = opaque;
	uint8_t buf[256];
	for (;;) {
		struct pollfd pfd[2] = {
			{ .fd = t->in_fd, .events = POLLIN },
			{ .fd = t->wake[0], .events = POLLIN },
		};
		if (poll(pfd, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (pfd[1].revents)
			break;
		if (!pfd[0].revents)
			continue;
		ssize_t n = read(t->in_fd, buf, sizeof(buf));
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n <= 0)
			break;  /* end of input, or an error: no more input */
		if (t->raw)
			n = term_filter(t, buf, (size_t)n);
		if (n < 0)
			break;
		if (n > 0 && t->rx(t->opaque, buf, (size_t)n) < (size_t)n)
			break;  /* the consumer was closed */
	}
	return NULL;
}

int term_start(struct term *t, int in_fd,
	       size_t (*rx)(void *opaque, const uint8_t *buf, size_t len),
	       void (*quit)(void *opaque), void *opaque)
{
	memset(t, 0, sizeof(*t));
	t->in_fd = in_fd;
	t->wake[0] = t->wake[1] = -1;
	t->rx = rx;
	t->quit = quit;
	t->opaque = opaque;
	if (isatty(in_fd)) {
		/* Reading the terminal from the background would stop us (SIGTTIN). */
		if (tcgetpgrp(in_fd) != getpgrp())
			return 0;
		/* One raw terminal per process (the restore state is global). */
		if (term_saved_fd < 0 && term_raw_enter(in_fd) == 0)
			t->raw = true;
	}
	if (pipe2(t->wake, O_CLOEXEC) < 0) {
		int r = -errno;
		term_stop(t);
		return r;
	}
	int r = pthread_create(&t->thread, NULL, term_thread, t);
	if (r) {
		term_stop(t);
		return -r;
	}
	t->started = true;
	return 0;
}

void term_stop(struct term *t)
{
	if (t->started) {
		ssize_t w;
		do
			w = write(t->wake[1], "", 1);
		while (w < 0 && errno == EINTR);
		pthread_join(t->thread, NULL);
		t->started = false;
	}
	for (int i = 0; i < 2; i++) {
		if (t->wake[i] > 0)
			close(t->wake[i]);
		t->wake[i] = -1;
	}
	if (t->raw) {
		term_restore();
		term_signals_set(false);
		t->raw = false;
	}
}
