/* SPDX-License-Identifier: MIT */
/* Bit-manipulation operations with no native x86-64 form, shared by the
 * interpreter (exec.c) and the JIT, whose compiled code calls them
 * (jit_x86_64.c): carry-less multiplication (Zbc), bit reversal within
 * bytes (Zbkb) and the crossbar permutations (Zbkx).  Unprivileged spec,
 * "B" chapter (Zbc) and the scalar cryptography chapter (Zbkb, Zbkx). */
#ifndef HW_RISCV_BITMANIP_H
#define HW_RISCV_BITMANIP_H

#include <stdint.h>

/* clmul: the low 64 bits of the 128-bit carry-less product. */
static inline uint64_t rv_clmul(uint64_t a, uint64_t b)
{
	uint64_t r = 0;
	for (; b; b &= b - 1)
		r ^= a << __builtin_ctzll(b);
	return r;
}

/* clmulh: its high 64 bits (bits 127:64). */
static inline uint64_t rv_clmulh(uint64_t a, uint64_t b)
{
	uint64_t r = 0;
	for (b &= ~1ULL; b; b &= b - 1)
		r ^= a >> (64 - __builtin_ctzll(b));
	return r;
}

/* clmulr: bits 126:63 of the product (the bit-reversed clmul of the
 * bit-reversed operands). */
static inline uint64_t rv_clmulr(uint64_t a, uint64_t b)
{
	uint64_t r = 0;
	for (; b; b &= b - 1)
		r ^= a >> (63 - __builtin_ctzll(b));
	return r;
}

/* orc.b: each nonzero byte becomes 0xff (bit 7 of ((a & 0x7f..) + 0x7f..)
 * | a is set just for those; times 0xff spreads it, with no carries). */
static inline uint64_t rv_orc_b(uint64_t a)
{
	const uint64_t m = 0x7f7f7f7f7f7f7f7fULL;
	return (((((a & m) + m) | a) & ~m) >> 7) * 0xff;
}

/* Zbb's counts (of a zero operand: its width). */
static inline uint64_t rv_clz(uint64_t a) { return a ? (uint64_t)__builtin_clzll(a) : 64; }
static inline uint64_t rv_ctz(uint64_t a) { return a ? (uint64_t)__builtin_ctzll(a) : 64; }
static inline uint64_t rv_cpop(uint64_t a) { return (uint64_t)__builtin_popcountll(a); }
static inline uint64_t rv_clzw(uint64_t a) { return (uint32_t)a ? (uint64_t)__builtin_clz((uint32_t)a) : 32; }
static inline uint64_t rv_ctzw(uint64_t a) { return (uint32_t)a ? (uint64_t)__builtin_ctz((uint32_t)a) : 32; }
static inline uint64_t rv_cpopw(uint64_t a) { return (uint64_t)__builtin_popcount((uint32_t)a); }

/* brev8: the bits of each byte in reverse order. */
static inline uint64_t rv_brev8(uint64_t a)
{
	a = ((a >> 1) & 0x5555555555555555ULL) | ((a & 0x5555555555555555ULL) << 1);
	a = ((a >> 2) & 0x3333333333333333ULL) | ((a & 0x3333333333333333ULL) << 2);
	return ((a >> 4) & 0x0f0f0f0f0f0f0f0fULL) | ((a & 0x0f0f0f0f0f0f0f0fULL) << 4);
}

/* xperm4: nibble i of the result is nibble (nibble i of b) of a; with 16
 * nibbles in a register every index is in range. */
static inline uint64_t rv_xperm4(uint64_t a, uint64_t b)
{
	uint64_t r = 0;
	for (unsigned i = 0; i < 64; i += 4)
		r |= ((a >> (4 * ((b >> i) & 15))) & 15) << i;
	return r;
}

/* xperm8: byte i of the result is byte (byte i of b) of a, or 0 when that
 * index is 8 or more. */
static inline uint64_t rv_xperm8(uint64_t a, uint64_t b)
{
	uint64_t r = 0;
	for (unsigned i = 0; i < 64; i += 8) {
		uint64_t idx = (b >> i) & 0xff;
		if (idx < 8)
			r |= ((a >> (8 * idx)) & 0xff) << i;
	}
	return r;
}

#endif
