// SPDX-License-Identifier: MIT
/* HTIF over a read-only memslot (see htif.h).  tohost encodes
 * device[63:56] command[55:48] payload[47:0]; the VMM acts when a write
 * completes the word (a 64-bit write, or the high half of two 32-bit
 * writes), then clears tohost, which the guest polls before its next
 * command, and posts the response in fromhost. */
#include "vmm/htif.h"

#include <string.h>

#define HTIF_DEV_SYSCALL  0  /* cmd 0: exit when payload bit 0 is set */
#define HTIF_DEV_CONSOLE  1  /* cmd 0: getchar, cmd 1: putchar */
#define HTIF_CONSOLE_GETC 0
#define HTIF_CONSOLE_PUTC 1

static bool htif_word_ok(const struct htif *h, uint64_t pa)
{
	return !(pa & 7) && pa >= h->ram_base && pa - h->ram_base <= h->ram_size - 8;
}

bool htif_init(struct htif *h, uint8_t *ram, uint64_t ram_base, uint64_t ram_size,
	       uint64_t tohost, bool has_fromhost, uint64_t fromhost,
	       FILE *out, struct vmm_stop *stop)
{
	memset(h, 0, sizeof(*h));
	h->ram = ram;
	h->ram_base = ram_base;
	h->ram_size = ram_size;
	if (ram_size < 8 || !htif_word_ok(h, tohost))
		return false;
	h->tohost = tohost;
	h->fromhost = has_fromhost && htif_word_ok(h, fromhost) ? fromhost : 0;
	h->page = tohost & ~(HTIF_PAGE_SIZE - 1);
	h->out = out;
	h->stop = stop;
	return true;
}

static uint64_t *htif_word(struct htif *h, uint64_t pa)
{
	return (uint64_t *)(void *)(h->ram + (pa - h->ram_base));
}

/* Acknowledge the command in tohost, posting resp when there is one. */
static void htif_respond(struct htif *h, uint64_t cmd, bool has_resp, uint64_t resp)
{
	if (has_resp && h->fromhost)
		__atomic_store_n(htif_word(h, h->fromhost),
				 (cmd >> 48 << 48) | (resp & 0xffffffffffffULL), __ATOMIC_RELEASE);
	__atomic_store_n(htif_word(h, h->tohost), 0, __ATOMIC_RELEASE);
}

static void htif_exit(struct htif *h, uint64_t code)
{
	/* A process exit status keeps 8 bits: never let a failure read as 0. */
	int status = (int)(code & 0xff);
	if (code && !status)
		status = 255;
	if (code > 0xff)
		fprintf(stderr, "rvkvm: guest exit code %#llx\n", (unsigned long long)code);
	vmm_request_stop(h->stop, status);
}

static void htif_command(struct htif *h, uint64_t cmd)
{
	unsigned dev = cmd >> 56, op = (cmd >> 48) & 0xff;
	uint64_t payload = cmd & 0xffffffffffffULL;

	if (dev == HTIF_DEV_SYSCALL && op == 0) {
		if (payload & 1) {
			htif_exit(h, payload >> 1);
			return;
		}
		fprintf(stderr, "rvkvm: htif: proxied system calls are not supported\n");
		vmm_request_stop(h->stop, 1);
		return;
	}
	if (dev == HTIF_DEV_CONSOLE && op == HTIF_CONSOLE_PUTC) {
		fputc((int)(payload & 0xff), h->out);
		fflush(h->out);
		htif_respond(h, cmd, true, 0x100 | (payload & 0xff));
		return;
	}
	if (dev == HTIF_DEV_CONSOLE && op == HTIF_CONSOLE_GETC) {
		htif_respond(h, cmd, false, 0);  /* no console input yet */
		return;
	}
	if (!h->warned) {
		fprintf(stderr, "rvkvm: htif: unknown command %#llx ignored\n",
			(unsigned long long)cmd);
		h->warned = true;
	}
	htif_respond(h, cmd, false, 0);
}

static uint64_t htif_page_read(void *opaque, uint64_t off, unsigned size)
{
	struct htif *h = opaque;
	uint64_t v = 0;
	memcpy(&v, h->ram + (h->page + off - h->ram_base), size);
	return v;
}

static void htif_page_write(void *opaque, uint64_t off, unsigned size, uint64_t val)
{
	struct htif *h = opaque;
	uint64_t pa = h->page + off;
	memcpy(h->ram + (pa - h->ram_base), &val, size);
	/* The write completes tohost when it covers its last byte. */
	uint64_t last = h->tohost + 7;
	if (last < pa || last - pa >= size)
		return;
	uint64_t cmd = __atomic_load_n(htif_word(h, h->tohost), __ATOMIC_ACQUIRE);
	if (cmd)
		htif_command(h, cmd);
}

const struct vmm_mmio_ops htif_page_ops = {
	.read = htif_page_read,
	.write = htif_page_write,
};
