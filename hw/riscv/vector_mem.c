// SPDX-License-Identifier: MIT
#include "hw/riscv/vector.h"

enum vec_result vec_load_store(struct vctx *c, bool store)
{
	(void)c, (void)store;
	return VEC_ILLEGAL;
}
