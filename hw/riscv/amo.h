/* SPDX-License-Identifier: MIT */
/* The A extension's memory operations on a host pointer the caller has
 * translated and checked (aligned, in RAM, writable for SC and AMOs):
 * shared by the interpreter (exec.c) and compiled code (jit_x86_64.c), so
 * both have one definition of each operation and of the reservation.
 * AMOs are host atomics, so harts on other threads see them whole
 * (unprivileged spec, "A" Extension). */
#ifndef HW_RISCV_AMO_H
#define HW_RISCV_AMO_H

#include "hw/riscv/hart_internal.h"
#include "hw/riscv/ops.h"

/* ops.h lists LR.W, SC.W, LR.D, SC.D, the nine AMO*.W, the nine AMO*.D */
_Static_assert(OP_SC_D == OP_LR_W + 3 && OP_AMOSWAP_W == OP_SC_D + 1 &&
	       OP_AMOSWAP_D == OP_AMOMAXU_W + 1 && OP_AMOMAXU_D == OP_AMOSWAP_D + 8, "A's opcode order");

/* Any LR, SC or AMO. */
static inline bool amo_op(unsigned op)
{
	return op >= OP_LR_W && op <= OP_AMOMAXU_D;
}

static inline unsigned amo_size(unsigned op)
{
	return op == OP_LR_W || op == OP_SC_W || (op >= OP_AMOSWAP_W && op <= OP_AMOMAXU_W) ? 4 : 8;
}

static inline uint64_t amo_sext(uint64_t v, unsigned size)
{
	return size == 4 ? (uint64_t)(int64_t)(int32_t)v : v;
}

/* LR: the loaded value, and a reservation on the address and value
 * (SC below is a compare-and-swap against it). */
static inline uint64_t amo_lr(struct hart *h, uint64_t va, const void *p, unsigned size)
{
	uint64_t v = size == 4 ? amo_sext(__atomic_load_n((const uint32_t *)p, __ATOMIC_SEQ_CST), 4)
			       : __atomic_load_n((const uint64_t *)p, __ATOMIC_SEQ_CST);
	h->resv_addr = va;
	h->resv_val = v;
	h->resv_valid = true;
	return v;
}

/* SC: 0 if the store was made, 1 if not; the reservation is gone either way. */
static inline uint64_t amo_sc(struct hart *h, uint64_t va, void *p, unsigned size, uint64_t val)
{
	bool ok = false;
	if (h->resv_valid && h->resv_addr == va) {
		if (size == 4) {
			uint32_t expect = (uint32_t)h->resv_val;
			ok = __atomic_compare_exchange_n((uint32_t *)p, &expect, (uint32_t)val, false,
							 __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
		} else {
			uint64_t expect = h->resv_val;
			ok = __atomic_compare_exchange_n((uint64_t *)p, &expect, val, false,
							 __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
		}
	}
	h->resv_valid = false;
	return !ok;
}

#define AMO_FETCH(type, builtin) \
	((uint64_t)builtin((type *)p, (type)b, __ATOMIC_SEQ_CST))
#define AMO_CAS(type, expr)                                                               \
	({                                                                                \
		type b2 = (type)b, old = __atomic_load_n((type *)p, __ATOMIC_RELAXED), nv; \
		do {                                                                      \
			nv = (expr);                                                      \
		} while (!__atomic_compare_exchange_n((type *)p, &old, nv, true,          \
						      __ATOMIC_SEQ_CST, __ATOMIC_RELAXED)); \
		(uint64_t)old;                                                            \
	})

/* AMO op (OP_AMOSWAP_W .. OP_AMOMAXU_D): the old value, sign-extended
 * from 32 bits for the .W forms, as rd receives it. */
static inline uint64_t amo_rmw(unsigned op, void *p, uint64_t b)
{
	switch (op) {
	case OP_AMOSWAP_W: return amo_sext(AMO_FETCH(uint32_t, __atomic_exchange_n), 4);
	case OP_AMOADD_W: return amo_sext(AMO_FETCH(uint32_t, __atomic_fetch_add), 4);
	case OP_AMOXOR_W: return amo_sext(AMO_FETCH(uint32_t, __atomic_fetch_xor), 4);
	case OP_AMOAND_W: return amo_sext(AMO_FETCH(uint32_t, __atomic_fetch_and), 4);
	case OP_AMOOR_W: return amo_sext(AMO_FETCH(uint32_t, __atomic_fetch_or), 4);
	case OP_AMOMIN_W: return amo_sext(AMO_CAS(uint32_t, (int32_t)old < (int32_t)b2 ? old : b2), 4);
	case OP_AMOMAX_W: return amo_sext(AMO_CAS(uint32_t, (int32_t)old > (int32_t)b2 ? old : b2), 4);
	case OP_AMOMINU_W: return amo_sext(AMO_CAS(uint32_t, old < b2 ? old : b2), 4);
	case OP_AMOMAXU_W: return amo_sext(AMO_CAS(uint32_t, old > b2 ? old : b2), 4);
	case OP_AMOSWAP_D: return AMO_FETCH(uint64_t, __atomic_exchange_n);
	case OP_AMOADD_D:  return AMO_FETCH(uint64_t, __atomic_fetch_add);
	case OP_AMOXOR_D:  return AMO_FETCH(uint64_t, __atomic_fetch_xor);
	case OP_AMOAND_D:  return AMO_FETCH(uint64_t, __atomic_fetch_and);
	case OP_AMOOR_D:   return AMO_FETCH(uint64_t, __atomic_fetch_or);
	case OP_AMOMIN_D:  return AMO_CAS(uint64_t, (int64_t)old < (int64_t)b2 ? old : b2);
	case OP_AMOMAX_D:  return AMO_CAS(uint64_t, (int64_t)old > (int64_t)b2 ? old : b2);
	case OP_AMOMINU_D: return AMO_CAS(uint64_t, old < b2 ? old : b2);
	case OP_AMOMAXU_D: return AMO_CAS(uint64_t, old > b2 ? old : b2);
	default: __builtin_unreachable();
	}
}

#undef AMO_FETCH
#undef AMO_CAS

#endif
