// SPDX-License-Identifier: MIT
/* Goldfish RTC (Android emulator "goldfish" platform; the register set
 * Linux's drivers/rtc/rtc-goldfish.c uses):
 *   0x00 TIME_LOW         R: low 32 bits of the time, latches the high half
 *                         W: sets the time to TIME_HIGH(written):value
 *   0x04 TIME_HIGH        R: the half latched by TIME_LOW; W: held for TIME_LOW
 *   0x08 ALARM_LOW        R: alarm low bits; W: arms the alarm at
 *                         ALARM_HIGH(written):value
 *   0x0c ALARM_HIGH       R: alarm high bits; W: held for ALARM_LOW
 *   0x10 IRQ_ENABLED      R/W bit 0: the interrupt line follows the pending
 *                         alarm interrupt only while set
 *   0x14 CLEAR_ALARM      W: disarms the alarm
 *   0x18 ALARM_STATUS     R: 1 while the alarm is armed
 *   0x1c CLEAR_INTERRUPT  W: clears the pending alarm interrupt
 * An alarm at or before the current time fires at once: it disarms and
 * sets the pending interrupt.  A thread waits for armed alarms. */
#include "vmm/rtc_goldfish.h"

#include <errno.h>
#include <string.h>
#include <time.h>

enum {
	RTC_TIME_LOW = 0x00, RTC_TIME_HIGH = 0x04, RTC_ALARM_LOW = 0x08, RTC_ALARM_HIGH = 0x0c,
	RTC_IRQ_ENABLED = 0x10, RTC_CLEAR_ALARM = 0x14, RTC_ALARM_STATUS = 0x18,
	RTC_CLEAR_INTERRUPT = 0x1c,
};

static int64_t rtc_host_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static uint64_t rtc_now(const struct rtc_goldfish *r)
{
	return (uint64_t)rtc_host_ns() + (uint64_t)r->offset_ns;  /* wraps as the guest's 64-bit clock */
}

static void rtc_update_irq(struct rtc_goldfish *r)
{
	bool level = r->irq_pending && r->irq_enabled;
	if (level == r->irq_level)
		return;
	r->irq_level = level;
	if (r->set_irq)
		r->set_irq(r->irq_opaque, level);
}

/* Fire the alarm if it is due; returns true if it is still armed. */
static bool rtc_check_alarm(struct rtc_goldfish *r)
{
	if (!r->alarm_armed)
		return false;
	if (rtc_now(r) < r->alarm_ns)
		return true;
	r->alarm_armed = false;
	r->irq_pending = true;
	rtc_update_irq(r);
	return false;
}

static void *rtc_alarm_thread(void *opaque)
{
	struct rtc_goldfish *r = opaque;
	pthread_mutex_lock(&r->lock);
	while (!r->stopping) {
		if (!rtc_check_alarm(r)) {
			pthread_cond_wait(&r->cond, &r->lock);
			continue;
		}
		/* Sleep until the alarm's host time (CLOCK_REALTIME, the cond's
		 * clock), re-checking whenever the alarm or the time is changed. */
		uint64_t wait_ns = r->alarm_ns - rtc_now(r);
		int64_t host = rtc_host_ns();
		int64_t deadline = wait_ns > (uint64_t)(INT64_MAX - host) ? INT64_MAX : host + (int64_t)wait_ns;
		struct timespec ts = {
			.tv_sec = deadline / 1000000000,
			.tv_nsec = deadline % 1000000000,
		};
		pthread_cond_timedwait(&r->cond, &r->lock, &ts);
	}
	pthread_mutex_unlock(&r->lock);
	return NULL;
}

int rtc_goldfish_init(struct rtc_goldfish *r, void (*set_irq)(void *opaque, bool level),
		      void *irq_opaque)
{
	memset(r, 0, sizeof(*r));
	pthread_mutex_init(&r->lock, NULL);
	pthread_cond_init(&r->cond, NULL);
	r->set_irq = set_irq;
	r->irq_opaque = irq_opaque;
	int e = pthread_create(&r->thread, NULL, rtc_alarm_thread, r);
	if (e) {
		pthread_cond_destroy(&r->cond);
		pthread_mutex_destroy(&r->lock);
		return -e;
	}
	r->started = true;
	return 0;
}

void rtc_goldfish_destroy(struct rtc_goldfish *r)
{
	if (!r->started)
		return;
	pthread_mutex_lock(&r->lock);
	r->stopping = true;
	pthread_cond_signal(&r->cond);
	pthread_mutex_unlock(&r->lock);
	pthread_join(r->thread, NULL);
	pthread_cond_destroy(&r->cond);
	pthread_mutex_destroy(&r->lock);
	r->started = false;
}

static uint64_t rtc_read(void *opaque, uint64_t off, unsigned size)
{
	struct rtc_goldfish *r = opaque;
	if (size != 4)
		return 0;
	uint32_t v = 0;
	pthread_mutex_lock(&r->lock);
	switch (off) {
	case RTC_TIME_LOW: {
		uint64_t now = rtc_now(r);
		r->time_high_read = (uint32_t)(now >> 32);
		v = (uint32_t)now;
		break;
	}
	case RTC_TIME_HIGH:
		v = r->time_high_read;
		break;
	case RTC_ALARM_LOW:
		v = (uint32_t)r->alarm_ns;
		break;
	case RTC_ALARM_HIGH:
		v = (uint32_t)(r->alarm_ns >> 32);
		break;
	case RTC_IRQ_ENABLED:
		v = r->irq_enabled;
		break;
	case RTC_ALARM_STATUS:
		v = rtc_check_alarm(r);
		break;
	default:
		break;
	}
	pthread_mutex_unlock(&r->lock);
	return v;
}

static void rtc_write(void *opaque, uint64_t off, unsigned size, uint64_t val)
{
	struct rtc_goldfish *r = opaque;
	if (size != 4)
		return;
	uint32_t v = (uint32_t)val;
	pthread_mutex_lock(&r->lock);
	switch (off) {
	case RTC_TIME_LOW: {
		uint64_t t = (uint64_t)r->time_high_write << 32 | v;
		r->offset_ns = (int64_t)(t - (uint64_t)rtc_host_ns());
		break;
	}
	case RTC_TIME_HIGH:
		r->time_high_write = v;
		break;
	case RTC_ALARM_LOW:
		r->alarm_ns = (uint64_t)r->alarm_high_write << 32 | v;
		r->alarm_armed = true;
		break;
	case RTC_ALARM_HIGH:
		r->alarm_high_write = v;
		break;
	case RTC_IRQ_ENABLED:
		r->irq_enabled = v & 1;
		break;
	case RTC_CLEAR_ALARM:
		r->alarm_armed = false;
		break;
	case RTC_CLEAR_INTERRUPT:
		r->irq_pending = false;
		break;
	default:
		break;
	}
	rtc_check_alarm(r);
	rtc_update_irq(r);
	pthread_cond_signal(&r->cond);  /* the alarm thread re-evaluates */
	pthread_mutex_unlock(&r->lock);
}

void rtc_goldfish_save(struct rtc_goldfish *r, struct rtc_goldfish_state *s)
{
	memset(s, 0, sizeof(*s));
	pthread_mutex_lock(&r->lock);
	s->offset_ns = r->offset_ns;
	s->alarm_ns = r->alarm_ns;
	s->time_high_read = r->time_high_read;
	s->time_high_write = r->time_high_write;
	s->alarm_high_write = r->alarm_high_write;
	s->alarm_armed = r->alarm_armed;
	s->irq_enabled = r->irq_enabled;
	s->irq_pending = r->irq_pending;
	pthread_mutex_unlock(&r->lock);
}

bool rtc_goldfish_load(struct rtc_goldfish *r, const struct rtc_goldfish_state *s)
{
	if (s->alarm_armed > 1 || s->irq_enabled > 1 || s->irq_pending > 1)
		return false;
	pthread_mutex_lock(&r->lock);
	r->offset_ns = s->offset_ns;
	r->alarm_ns = s->alarm_ns;
	r->time_high_read = s->time_high_read;
	r->time_high_write = s->time_high_write;
	r->alarm_high_write = s->alarm_high_write;
	r->alarm_armed = s->alarm_armed;
	r->irq_enabled = s->irq_enabled;
	r->irq_pending = s->irq_pending;
	rtc_update_irq(r);
	pthread_cond_signal(&r->cond);   /* the alarm thread re-evaluates */
	pthread_mutex_unlock(&r->lock);
	return true;
}

const struct vmm_mmio_ops rtc_goldfish_ops = {
	.read = rtc_read,
	.write = rtc_write,
};
