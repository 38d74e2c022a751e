/* SPDX-License-Identifier: MIT */
/* The hart's vector state (V 1.0), part of struct hart; vector.h has the
 * rest of the vector unit's interface. */
#ifndef HW_RISCV_VECTOR_STATE_H
#define HW_RISCV_VECTOR_STATE_H

#include <stdint.h>

#define VLEN_MIN 128
#define VLEN_MAX 1024
#define VLENB_MAX (VLEN_MAX / 8)
#define VLEN_DEFAULT 128

#define VTYPE_VLMUL      7u
#define VTYPE_VSEW_SHIFT 3
#define VTYPE_VSEW       (7u << VTYPE_VSEW_SHIFT)
#define VTYPE_VTA        (1u << 6)
#define VTYPE_VMA        (1u << 7)
#define VTYPE_VILL       (1ULL << 63)

/* vcsr = vxrm << 1 | vxsat */
struct hart_vec {
	uint64_t vl, vtype, vstart;
	uint32_t vxrm, vxsat;
	unsigned vlenb;  /* VLEN / 8; 0: the hart has no V */
	uint8_t reg[32 * VLENB_MAX] __attribute__((aligned(16)));
};

#endif
