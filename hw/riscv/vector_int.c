// SPDX-License-Identifier: MIT
#include "hw/riscv/vector.h"

const struct vec_opdesc vec_ops_int[] = {
	{ 0 },
};
