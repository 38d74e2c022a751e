/* SPDX-License-Identifier: MIT */
/* The Goldfish RTC ("google,goldfish-rtc", as on QEMU's virt machine and
 * driven by Linux's rtc-goldfish): wall-clock time in nanoseconds since
 * the Unix epoch, settable by the guest (kept as an offset from the host
 * clock), and a one-shot alarm raising a level-triggered interrupt.
 * 32-bit registers; other access sizes read as zero and are ignored.
 * Thread-safe: guest accesses and the alarm thread take a mutex. */
#ifndef VMM_RTC_GOLDFISH_H
#define VMM_RTC_GOLDFISH_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "vmm/mmio.h"

#define RTC_GOLDFISH_SIZE 0x1000ULL

struct rtc_goldfish {
	pthread_mutex_t lock;
	pthread_cond_t cond;       /* alarm armed or changed, or stop */
	pthread_t thread;
	bool started, stopping;
	/* Raise or lower the interrupt line; called with the RTC locked, only
	 * when the level changes (may be NULL). */
	void (*set_irq)(void *opaque, bool level);
	void *irq_opaque;
	bool irq_level;

	int64_t offset_ns;         /* guest time - host CLOCK_REALTIME */
	uint32_t time_high_read;   /* latched by a TIME_LOW read */
	uint32_t time_high_write;  /* committed by a TIME_LOW write */
	uint32_t alarm_high_write; /* committed by an ALARM_LOW write */
	uint64_t alarm_ns;
	bool alarm_armed, irq_enabled, irq_pending;
};

/* Starts the alarm thread: returns 0 or -errno. */
int rtc_goldfish_init(struct rtc_goldfish *r, void (*set_irq)(void *opaque, bool level),
		      void *irq_opaque);
/* Stop the alarm thread (before the interrupt line's owner goes away). */
void rtc_goldfish_destroy(struct rtc_goldfish *r);
extern const struct vmm_mmio_ops rtc_goldfish_ops;

/* What to save and restore (snapshots).  The guest's clock is kept as its
 * offset from the host's wall clock, so a restored guest sees real time
 * go on (the time it spent saved included), as a hardware RTC would. */
struct rtc_goldfish_state {
	int64_t offset_ns;
	uint64_t alarm_ns;
	uint32_t time_high_read, time_high_write, alarm_high_write;
	uint8_t alarm_armed, irq_enabled, irq_pending, pad;
};
void rtc_goldfish_save(struct rtc_goldfish *r, struct rtc_goldfish_state *s);
/* false (nothing changed) for flags that are not 0 or 1; the line and
 * the alarm thread follow the loaded state. */
bool rtc_goldfish_load(struct rtc_goldfish *r, const struct rtc_goldfish_state *s);

#endif
