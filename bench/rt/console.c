/* HTIF console and exit for bench/rt.  HTIF: tohost = (dev << 56) |
 * (cmd << 48) | payload; device 0 cmd 0 with payload (code << 1) | 1 exits,
 * device 1 cmd 1 writes the character in the payload.  The host clears
 * tohost when it has taken a command; wait for that before the next. */
#include <stdarg.h>
#include "rt.h"

extern volatile uint64_t tohost;
extern volatile uint64_t fromhost;

static void htif_send(uint64_t cmd)
{
	while (tohost)
		;
	tohost = cmd;
	while (tohost)
		;
	fromhost = 0;
}

void rt_putc(int c)
{
	htif_send((1ULL << 56) | (1ULL << 48) | (uint8_t)c);
}

void rt_puts(const char *s)
{
	while (*s)
		rt_putc(*s++);
}

void rt_exit(int code)
{
	for (;;) {
		while (tohost)
			;
		tohost = ((uint64_t)code << 1) | 1;
	}
}

static void put_uint(uint64_t v, unsigned base, int width, char pad, int neg)
{
	char buf[24];
	int n = 0;
	do {
		unsigned d = v % base;
		buf[n++] = (char)(d < 10 ? '0' + d : 'a' + d - 10);
		v /= base;
	} while (v);
	if (neg)
		width--;
	if (neg && pad == '0')
		rt_putc('-');
	for (; width > n; width--)
		rt_putc(pad);
	if (neg && pad != '0')
		rt_putc('-');
	while (n)
		rt_putc(buf[--n]);
}

void rt_printf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	for (; *fmt; fmt++) {
		if (*fmt != '%') {
			rt_putc(*fmt);
			continue;
		}
		fmt++;
		char pad = ' ';
		int width = 0, lng = 0;
		if (*fmt == '0') {
			pad = '0';
			fmt++;
		}
		while (*fmt >= '0' && *fmt <= '9')
			width = width * 10 + (*fmt++ - '0');
		while (*fmt == 'l' || *fmt == 'z') {
			lng++;
			fmt++;
		}
		switch (*fmt) {
		case 'c':
			rt_putc(va_arg(ap, int));
			break;
		case 's': {
			const char *s = va_arg(ap, const char *);
			rt_puts(s ? s : "(null)");
			break;
		}
		case 'd': {
			int64_t v = lng ? va_arg(ap, int64_t) : va_arg(ap, int);
			put_uint(v < 0 ? -(uint64_t)v : (uint64_t)v, 10, width, pad, v < 0);
			break;
		}
		case 'u':
		case 'x': {
			uint64_t v = lng ? va_arg(ap, uint64_t) : va_arg(ap, unsigned);
			put_uint(v, *fmt == 'x' ? 16 : 10, width, pad, 0);
			break;
		}
		case '%':
			rt_putc('%');
			break;
		case '\0':
			fmt--;
			break;
		default:
			rt_putc('%');
			rt_putc(*fmt);
		}
	}
	va_end(ap);
}

void rt_fail(const char *what, uint64_t got, uint64_t want)
{
	rt_printf("%s FAIL %s: got 0x%lx want 0x%lx\n", bench_name, what, got, want);
	rt_exit(2);
}
