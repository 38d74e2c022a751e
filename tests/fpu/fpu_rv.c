// SPDX-License-Identifier: MIT
/* The differential FPU test's reference half: a freestanding riscv64 Linux
 * program (run under qemu-riscv64-static) whose fpu_* functions execute the
 * real F/D instructions with a static rounding mode, clearing and reading
 * fflags around each one.  It writes the record stream of fpu_cases.h to
 * stdout; fpu_host compares it with hw/riscv/fpu.c. */
#include <stddef.h>
#include <stdint.h>

#include "fpu_cases.h"
#include "fpu_insn.h"

/* ---- a minimal freestanding runtime ----------------------------------- */

__asm__(".section .text._start\n"
	".globl _start\n"
	"_start:\n"
	".option push\n"
	".option norelax\n"
	"	la gp, __global_pointer$\n"
	".option pop\n"
	"	call rv_main\n"
	"	li a7, 94\n" /* exit_group */
	"	ecall\n"
	".text\n");

static long sys3(long n, long a, long b, long c)
{
	register long a0 __asm__("a0") = a, a1 __asm__("a1") = b, a2 __asm__("a2") = c;
	register long a7 __asm__("a7") = n;
	__asm__ volatile("ecall" : "+r"(a0) : "r"(a1), "r"(a2), "r"(a7) : "memory");
	return a0;
}

void *memcpy(void *d, const void *s, size_t n);
void *memset(void *d, int c, size_t n);

void *memcpy(void *d, const void *s, size_t n)
{
	unsigned char *p = d;
	const unsigned char *q = s;
	while (n--)
		*p++ = *q++;
	return d;
}

void *memset(void *d, int c, size_t n)
{
	unsigned char *p = d;
	while (n--)
		*p++ = (unsigned char)c;
	return d;
}

static unsigned char obuf[1 << 16];
static size_t olen;

static void flush(void)
{
	size_t off = 0;
	while (off < olen) {
		long r = sys3(64 /* write */, 1, (long)(obuf + off), (long)(olen - off));
		if (r <= 0)
			sys3(94, 2, 0, 0);
		off += (size_t)r;
	}
	olen = 0;
}

static void put(uint64_t v, int n)
{
	if (olen + 8 > sizeof(obuf))
		flush();
	for (int i = 0; i < n; i++)
		obuf[olen++] = (unsigned char)(v >> (8 * i));
}

/* ---- the driver ------------------------------------------------------- */

int rv_main(void);

int rv_main(void)
{
	uint64_t in[3] = { 0, 0, 0 };

	for (unsigned o = 0; o < FPU_NOPS; o++) {
		const struct fpu_op *op = &fpu_ops[o];
		unsigned n = fpu_ncases(op);
		for (unsigned rm = 0; rm < kind_modes(op->kind); rm++) {
			uint64_t seed = fpu_seed(o, rm);
			put(FPU_MAGIC | (uint64_t)o << 32 | (uint64_t)rm << 48, 8);
			put(n, 8);
			for (unsigned i = 0; i < n; i++) {
				uint32_t fl = 0;
				fpu_gen(op, &seed, i, in);
				uint64_t r = fpu_run(op, in, rm, &fl);
				put(r, 8);
				put(fl, 1);
			}
		}
	}
	flush();
	return 0;
}
