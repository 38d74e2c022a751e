// SPDX-License-Identifier: MIT
/* The FPU test as a bare-metal (M-mode, HTIF) program, to run the F/D
 * instructions end to end on rvkvm and on QEMU (the oracle): decode, static
 * and dynamic (frm) rounding modes, fflags accrual, NaN-boxing of singles.
 * For every operation, rounding mode and kind of mode (s: static, d: frm)
 * it prints one line on the HTIF console:
 *     fadd.d rne s 0123456789abcdef
 * where the hash covers every case's result bits and fflags.  The runner
 * compares the lines of the two machines. */
#include <stddef.h>
#include <stdint.h>

#include "fpu_cases.h"
#include "fpu_insn.h"

__asm__(".section .text.init, \"ax\"\n"
	".globl _start\n"
	"_start:\n"
	"	la t0, 1f\n"
	"	csrw mtvec, t0\n"
	"	li t0, 0x6000\n" /* mstatus.FS = dirty */
	"	csrs mstatus, t0\n"
	"	csrwi fcsr, 0\n"
	"	la sp, bare_stack_top\n"
	"	call bare_main\n"
	"	j 2f\n"
	".align 2\n"
	"1:	csrr a0, mcause\n" /* any trap: exit 0x400 + mcause */
	"	addi a0, a0, 0x400\n"
	"2:	slli a0, a0, 1\n"
	"	ori a0, a0, 1\n"
	"	la t0, tohost\n"
	"	sd a0, 0(t0)\n"
	"3:	j 3b\n"
	".section .tohost, \"aw\", @progbits\n"
	".align 6\n.globl tohost\ntohost: .dword 0\n.size tohost, 8\n"
	".align 6\n.globl fromhost\nfromhost: .dword 0\n.size fromhost, 8\n"
	".bss\n"
	".align 4\n"
	".space 65536\n"
	"bare_stack_top:\n"
	".text\n");

extern volatile uint64_t tohost, fromhost;

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

/* HTIF console: device 1, command 1; wait until the host has taken it. */
static void putc_htif(char c)
{
	tohost = (1ull << 56) | (1ull << 48) | (unsigned char)c;
	while (tohost)
		;
	fromhost = 0;
}

static void puts_htif(const char *s)
{
	while (*s)
		putc_htif(*s++);
}

static void puthex(uint64_t v)
{
	for (int i = 60; i >= 0; i -= 4)
		putc_htif("0123456789abcdef"[(v >> i) & 15]);
}

static const char *const rm_names[] = { "rne", "rtz", "rdn", "rup", "rmm" };

int bare_main(void);

int bare_main(void)
{
	uint64_t in[3] = { 0, 0, 0 };

	for (unsigned o = 0; o < FPU_NOPS; o++) {
		const struct fpu_op *op = &fpu_ops[o];
		unsigned n = fpu_ncases(op);
		for (int dyn = 0; dyn < 2; dyn++) {
			for (unsigned rm = 0; rm < kind_modes(op->kind); rm++) {
				uint64_t seed = fpu_seed(o, rm), h = 0xcbf29ce484222325ull;
				fpu_insn_dyn = dyn;
				for (unsigned i = 0; i < n; i++) {
					uint32_t fl = 0;
					fpu_gen(op, &seed, i, in);
					uint64_t r = fpu_run(op, in, rm, &fl);
					h = (h ^ r) * 0x100000001b3ull;
					h = (h ^ fl) * 0x100000001b3ull;
				}
				puts_htif(op->name);
				putc_htif(' ');
				puts_htif(rm_names[rm]);
				puts_htif(dyn ? " d " : " s ");
				puthex(h);
				putc_htif('\n');
			}
		}
	}
	/* frm must still read back what was written last (4 = rmm) */
	uint64_t frm;
	__asm__ volatile("frrm %0" : "=r"(frm));
	return frm == 4 ? 0 : 1;
}
