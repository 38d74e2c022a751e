/* kvm-client entry point, result lines and the hang guard; see kvm_client.h. */
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "kvm_client.h"

/*
 * The step a SIGALRM interrupts.  The one piece of process-wide state: a
 * signal handler has no other way to learn it.
 */
static const char *volatile current_step = "start";

static void on_alarm(int sig)
{
	const char *s = current_step;
	char line[160];
	int n;

	(void)sig;
	n = snprintf(line, sizeof(line), "KVM-TEST %s FAIL timeout (the nested guest or KVM hung)\n", s);
	if (n > 0)
		(void)!write(STDOUT_FILENO, line, (size_t)n < sizeof(line) ? (size_t)n : sizeof(line) - 1);
	_exit(1);
}

void step(const char *name, unsigned secs)
{
	alarm(0);
	if (name)
		current_step = name;
	if (secs)
		alarm(secs);
}

int check(struct results *r, const char *name, int ok, const char *fmt, ...)
{
	va_list ap;

	printf("KVM-TEST %s %s ", name, ok ? "PASS" : "FAIL");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
	if (ok)
		r->pass++;
	else
		r->fail++;
	return ok;
}

void skip(struct results *r, const char *const *names, const char *why)
{
	for (; *names; names++)
		check(r, *names, 0, "not run: %s", why);
}

int main(int argc, char **argv)
{
	struct results r = { 0, 0 };
	struct sigaction sa;
	const char *mode = argc > 1 ? argv[1] : "test";

	setvbuf(stdout, NULL, _IOLBF, 0);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;
	sigaction(SIGALRM, &sa, NULL);

	if (!strcmp(mode, "test"))
		run_tests(&r);
	else if (!strcmp(mode, "bench"))
		run_bench(&r, argc - 2, argv + 2);
	else {
		fprintf(stderr, "usage: %s test | bench [MMIO_EXITS SBI_CALLS WORDS ROUNDS]\n", argv[0]);
		return 2;
	}
	step(NULL, 0);
	printf("KVM-TEST done pass=%d fail=%d\n", r.pass, r.fail);
	return r.fail || !r.pass ? 1 : 0;
}
