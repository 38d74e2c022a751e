/* SPDX-License-Identifier: MIT */
/* The block JIT (jit_x86_64.c): hot decoded blocks compiled to host code
 * that exec.c calls before interpreting; see the comment there. */
#ifndef HW_RISCV_JIT_H
#define HW_RISCV_JIT_H

#include "hw/riscv/hart_internal.h"

/* What compiled code returns. */
enum jit_exit {
	JIT_END = 0,        /* ran to the block's end: h->pc, h->retired updated */
	JIT_DIRECT = 1,     /* took a branch or JAL: likewise */
	JIT_INDIRECT = 2,   /* took a JALR: likewise */
	JIT_BAIL = 0x100,   /* + i: instruction i is left to the interpreter */
};

/* Executions of a block before it is compiled. */
#ifndef JIT_HOT
#define JIT_HOT 16
#endif

/* The F and D instructions compiled code calls out for (jit_fp.c), by
 * opcode; fn is NULL for the rest.  fn(h, a, b, c, rm) takes the source
 * registers' values (a from x[rs1] with JIT_FP_X_SRC, else f[rs1]; b, c
 * from f[rs2], f[rs3] when nsrc says so) and the resolved rounding mode,
 * accrues h->fflags and returns the value for rd. */
#define JIT_FP_RM    1   /* rounds: rm 7 is frm, which must be valid */
#define JIT_FP_X_SRC 2   /* rs1 is an integer register */
#define JIT_FP_X_DST 4   /* rd is an integer register (x0: the sink) */
#define JIT_FP_CLEAN 8   /* leaves mstatus.FS as it is (FCLASS, FMV.X.*) */
struct jit_fp_op {
	uint64_t (*fn)(struct hart *h, uint64_t a, uint64_t b, uint64_t c, unsigned rm);
	uint8_t nsrc, flags;
};
extern const struct jit_fp_op jit_fp_ops[];

bool jit_init(struct hart *h);   /* false: no executable memory, interpret only */
void jit_fini(struct hart *h);
void jit_reset(struct hart *h);  /* the code buffer is free again (blocks were dropped) */
void jit_compile(struct hart *h, struct block *b);  /* sets b->jit if it can */

#endif
