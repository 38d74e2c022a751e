/*
 * kvm-client: a small VMM that runs inside the L1 Linux guest and drives
 * Linux's own KVM through /dev/kvm, to prove the hart's H extension.
 *
 *   kvm-client test    the functional scenarios (tests.c, mmu.c, irq.c);
 *                      one line per check: "KVM-TEST <name> PASS|FAIL
 *                      <detail>", then
 *                      "KVM-TEST done pass=N fail=M"; exit 0 iff all passed
 *   kvm-client bench [MMIO_EXITS SBI_CALLS WORDS ROUNDS]
 *                      the nested-path benchmark (bench.c): "KVM-BENCH
 *                      key=value" lines, plus KVM-TEST lines for its checks
 */
#ifndef GUEST_KVM_CLIENT_H
#define GUEST_KVM_CLIENT_H

struct results {
	int pass, fail;
};

/* Print "KVM-TEST NAME PASS|FAIL detail" and count it; returns ok. */
int check(struct results *r, const char *name, int ok, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/*
 * Start a step: a hang past SECS prints "KVM-TEST NAME FAIL timeout" and
 * exits 1.  step(NULL, 0) disarms the alarm.
 */
void step(const char *name, unsigned secs);
/* A FAIL line "not run: WHY" for each of the NULL-terminated NAMES. */
void skip(struct results *r, const char *const *names, const char *why);

int run_tests(struct results *r);
/* Scenarios with the nested guest's own MMU (mmu.c) and interrupts (irq.c). */
void scenario_mmu(struct results *r);
void scenario_timer(struct results *r);
void scenario_ipi(struct results *r);
int run_bench(struct results *r, int argc, char **argv);

#endif
