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

bool jit_init(struct hart *h);   /* false: no executable memory, interpret only */
void jit_fini(struct hart *h);
void jit_reset(struct hart *h);  /* the code buffer is free again (blocks were dropped) */
void jit_compile(struct hart *h, struct block *b);  /* sets b->jit if it can */

#endif
