// SPDX-License-Identifier: MIT
/* Forwarded SBI calls: the Debug Console extension and the legacy v0.1
 * console.  Guest buffers are checked against guest RAM: a range outside
 * it gets SBI_ERR_INVALID_PARAM, never a host access. */
#include "vmm/sbi_console.h"

#define SBI_EXT_0_1_CONSOLE_PUTCHAR 0x1
#define SBI_EXT_0_1_CONSOLE_GETCHAR 0x2
#define SBI_EXT_DBCN 0x4442434E
enum { DBCN_WRITE, DBCN_READ, DBCN_WRITE_BYTE };
#define SBI_SUCCESS 0
#define SBI_ERR_NOT_SUPPORTED -2
#define SBI_ERR_INVALID_PARAM -3

static void ret(struct kvm_run *run, int64_t error, uint64_t value)
{
	run->riscv_sbi.ret[0] = (uint64_t)error;
	run->riscv_sbi.ret[1] = value;
}

/* DBCN console_write/read: num_bytes at the physical address hi:lo. */
static void dbcn_rw(struct sbi_console *c, struct kvm_run *run, bool write)
{
	uint64_t n = run->riscv_sbi.args[0];
	uint64_t lo = run->riscv_sbi.args[1], hi = run->riscv_sbi.args[2];
	if (hi) {  /* RV64: the address is all in base_addr_lo */
		ret(run, SBI_ERR_INVALID_PARAM, 0);
		return;
	}
	if (lo < c->ram_base || lo - c->ram_base > c->ram_size || n > c->ram_size - (lo - c->ram_base)) {
		ret(run, SBI_ERR_INVALID_PARAM, 0);
		return;
	}
	if (!write) {
		ret(run, SBI_SUCCESS, 0);  /* console input goes to the UART: nothing to read here */
		return;
	}
	size_t done = fwrite(c->ram + (lo - c->ram_base), 1, n, c->out);
	fflush(c->out);
	ret(run, SBI_SUCCESS, done);
}

void sbi_console_handle(struct sbi_console *c, struct kvm_run *run)
{
	uint64_t eid = run->riscv_sbi.extension_id, fid = run->riscv_sbi.function_id;
	switch (eid) {
	case SBI_EXT_0_1_CONSOLE_PUTCHAR:
		fputc((int)(run->riscv_sbi.args[0] & 0xff), c->out);
		fflush(c->out);
		ret(run, SBI_SUCCESS, 0);
		return;
	case SBI_EXT_0_1_CONSOLE_GETCHAR:
		ret(run, -1, 0);  /* v0.1: -1 means no character */
		return;
	case SBI_EXT_DBCN:
		if (fid == DBCN_WRITE || fid == DBCN_READ) {
			dbcn_rw(c, run, fid == DBCN_WRITE);
		} else if (fid == DBCN_WRITE_BYTE) {
			fputc((int)(run->riscv_sbi.args[0] & 0xff), c->out);
			fflush(c->out);
			ret(run, SBI_SUCCESS, 0);
		} else {
			ret(run, SBI_ERR_NOT_SUPPORTED, 0);
		}
		return;
	default:
		ret(run, SBI_ERR_NOT_SUPPORTED, 0);
	}
}
