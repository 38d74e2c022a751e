// SPDX-License-Identifier: MIT
/* Instruction decoder: 32-bit and compressed encodings to struct insn
 * (unprivileged spec chapters 2, 7-9, 13, 16, 28; Zfh/Zfhmin, Zfa, Zb*, Zbk*,
 * Zicond, Zcb, Zimop/Zcmop, Zawrs, CMO (Zicbom/Zicboz/Zicbop) and Svinval).
 * Compressed instructions expand to the operation of their 32-bit
 * equivalent so the interpreter has one handler per operation. */
#include "hw/riscv/hart_internal.h"
#include "hw/riscv/ops.h"
#include "hw/riscv/vector.h"

#define BITS(x, hi, lo) (((x) >> (lo)) & ((1u << ((hi) - (lo) + 1)) - 1))
#define BIT(x, n)       (((x) >> (n)) & 1u)

static inline int32_t sext(uint32_t v, unsigned bits)
{
	return (int32_t)(v << (32 - bits)) >> (32 - bits);
}

static void set(struct insn *d, unsigned op, unsigned rd, unsigned rs1, unsigned rs2, int32_t imm)
{
	d->op = op;
	d->rd = rd ? rd : 32;
	d->rs1 = rs1;
	d->rs2 = rs2;
	d->imm = imm;
}

/* Rounding-mode field: 5 and 6 are reserved (11.2); 7 = dynamic, resolved
 * at execution time. */
static bool rm_ok(unsigned rm)
{
	return rm != 5 && rm != 6;
}

static unsigned decode_op_imm(uint32_t r, unsigned f3)
{
	unsigned f6 = r >> 26, f12 = r >> 20;
	switch (f3) {
	case 0: return OP_ADDI;
	case 2: return OP_SLTI;
	case 3: return OP_SLTIU;
	case 4: return OP_XORI;
	case 6: return OP_ORI;
	case 7: return OP_ANDI;
	case 1:
		if (f6 == 0x00) return OP_SLLI;
		if (f6 == 0x12) return OP_BCLRI;
		if (f6 == 0x1a) return OP_BINVI;
		if (f6 == 0x0a) return OP_BSETI;
		switch (f12) {
		case 0x600: return OP_CLZ;
		case 0x601: return OP_CTZ;
		case 0x602: return OP_CPOP;
		case 0x604: return OP_SEXT_B;
		case 0x605: return OP_SEXT_H;
		}
		return OP_ILLEGAL;
	case 5:
		if (f6 == 0x00) return OP_SRLI;
		if (f6 == 0x10) return OP_SRAI;
		if (f6 == 0x18) return OP_RORI;
		if (f6 == 0x12) return OP_BEXTI;
		if (f12 == 0x287) return OP_ORC_B;
		if (f12 == 0x6b8) return OP_REV8;
		if (f12 == 0x687) return OP_BREV8;
		return OP_ILLEGAL;
	}
	return OP_ILLEGAL;
}

static unsigned decode_op_imm32(uint32_t r, unsigned f3)
{
	unsigned f7 = r >> 25, f6 = r >> 26, f12 = r >> 20;
	switch (f3) {
	case 0: return OP_ADDIW;
	case 1:
		if (f7 == 0x00) return OP_SLLIW;
		if (f6 == 0x02) return OP_SLLI_UW;
		if (f12 == 0x600) return OP_CLZW;
		if (f12 == 0x601) return OP_CTZW;
		if (f12 == 0x602) return OP_CPOPW;
		return OP_ILLEGAL;
	case 5:
		if (f7 == 0x00) return OP_SRLIW;
		if (f7 == 0x20) return OP_SRAIW;
		if (f7 == 0x30) return OP_RORIW;
		return OP_ILLEGAL;
	}
	return OP_ILLEGAL;
}

/* OP (0x33): indexed by funct7 then funct3 (funct7 5: Zbc and Zbb's
 * min/max; 4: Zbkb's pack/packh; 0x14: Zbkx and Zbs's bset). */
static unsigned decode_op(uint32_t r, unsigned f3)
{
	static const uint16_t base[8] = { OP_ADD, OP_SLL, OP_SLT, OP_SLTU, OP_XOR, OP_SRL, OP_OR, OP_AND };
	static const uint16_t alt[8] = { OP_SUB, 0, 0, 0, OP_XNOR, OP_SRA, OP_ORN, OP_ANDN };
	static const uint16_t muldiv[8] = { OP_MUL, OP_MULH, OP_MULHSU, OP_MULHU, OP_DIV, OP_DIVU, OP_REM, OP_REMU };
	static const uint16_t minmax[8] = { 0, OP_CLMUL, OP_CLMULR, OP_CLMULH, OP_MIN, OP_MINU, OP_MAX, OP_MAXU };
	static const uint16_t pack[8] = { 0, 0, 0, 0, OP_PACK, 0, 0, OP_PACKH };
	static const uint16_t perm[8] = { 0, OP_BSET, OP_XPERM4, 0, OP_XPERM8, 0, 0, 0 };
	static const uint16_t shadd[8] = { 0, 0, OP_SH1ADD, 0, OP_SH2ADD, 0, OP_SH3ADD, 0 };
	unsigned f7 = r >> 25;
	switch (f7) {
	case 0x00: return base[f3];
	case 0x20: return alt[f3];
	case 0x01: return muldiv[f3];
	case 0x05: return minmax[f3];
	case 0x04: return pack[f3];
	case 0x10: return shadd[f3];
	case 0x30: return f3 == 1 ? OP_ROL : f3 == 5 ? OP_ROR : OP_ILLEGAL;
	case 0x24: return f3 == 1 ? OP_BCLR : f3 == 5 ? OP_BEXT : OP_ILLEGAL;
	case 0x34: return f3 == 1 ? OP_BINV : OP_ILLEGAL;
	case 0x14: return perm[f3];
	case 0x07: return f3 == 5 ? OP_CZERO_EQZ : f3 == 7 ? OP_CZERO_NEZ : OP_ILLEGAL;
	}
	return OP_ILLEGAL;
}

static unsigned decode_op32(uint32_t r, unsigned f3)
{
	static const uint16_t muldiv[8] = { OP_MULW, 0, 0, 0, OP_DIVW, OP_DIVUW, OP_REMW, OP_REMUW };
	static const uint16_t shadd[8] = { 0, 0, OP_SH1ADD_UW, 0, OP_SH2ADD_UW, 0, OP_SH3ADD_UW, 0 };
	unsigned f7 = r >> 25, rs2 = BITS(r, 24, 20);
	switch (f7) {
	case 0x00: return f3 == 0 ? OP_ADDW : f3 == 1 ? OP_SLLW : f3 == 5 ? OP_SRLW : OP_ILLEGAL;
	case 0x20: return f3 == 0 ? OP_SUBW : f3 == 5 ? OP_SRAW : OP_ILLEGAL;
	case 0x01: return muldiv[f3];
	case 0x04:
		/* zext.h is packw with rs2 = x0 (Zbb; Zbkb has all of packw). */
		if (f3 == 0) return OP_ADD_UW;
		if (f3 == 4) return rs2 == 0 ? OP_ZEXT_H : OP_PACKW;
		return OP_ILLEGAL;
	case 0x10: return shadd[f3];
	case 0x30: return f3 == 1 ? OP_ROLW : f3 == 5 ? OP_RORW : OP_ILLEGAL;
	}
	return OP_ILLEGAL;
}

static unsigned decode_amo(uint32_t r, unsigned f3)
{
	static const uint16_t w[32] = {
		[0x00] = OP_AMOADD_W, [0x01] = OP_AMOSWAP_W, [0x02] = OP_LR_W, [0x03] = OP_SC_W,
		[0x04] = OP_AMOXOR_W, [0x0c] = OP_AMOAND_W, [0x08] = OP_AMOOR_W,
		[0x10] = OP_AMOMIN_W, [0x14] = OP_AMOMAX_W, [0x18] = OP_AMOMINU_W, [0x1c] = OP_AMOMAXU_W,
	};
	static const uint16_t d[32] = {
		[0x00] = OP_AMOADD_D, [0x01] = OP_AMOSWAP_D, [0x02] = OP_LR_D, [0x03] = OP_SC_D,
		[0x04] = OP_AMOXOR_D, [0x0c] = OP_AMOAND_D, [0x08] = OP_AMOOR_D,
		[0x10] = OP_AMOMIN_D, [0x14] = OP_AMOMAX_D, [0x18] = OP_AMOMINU_D, [0x1c] = OP_AMOMAXU_D,
	};
	unsigned f5 = r >> 27;
	if (f5 == 0x02 && BITS(r, 24, 20) != 0)
		return OP_ILLEGAL;
	if (f3 == 2) return w[f5];
	if (f3 == 3) return d[f5];
	return OP_ILLEGAL;
}

/* OP-FP (0x53), F, D, Zfh (fmt 2 in funct7's low bits) and Zfa.  Sets
 * rm validity through *needs_rm.  Zfa (unprivileged spec, "Zfa"): FLI.fmt
 * is FMV.fmt.X with rs2 = 1; FMINM/FMAXM are FMIN/FMAX with funct3 bit 1
 * (instruction bit 13) set; FROUND/FROUNDNX are FCVT.fmt.fmt with rs2 =
 * 4/5; FCVTMOD.W.D is FCVT.W.D with rs2 = 8 and rm RTZ only; FLEQ/FLTQ are
 * FLE/FLT with funct3 bit 2 (instruction bit 14) set.  FMVH.X.D and
 * FMVP.D.X exist only on RV32 and stay reserved here. */
static unsigned decode_fp(uint32_t r, unsigned f3, unsigned rs2, bool *needs_rm)
{
	unsigned f7 = r >> 25;
	*needs_rm = true;
	switch (f7) {
	case 0x00: return OP_FADD_S;
	case 0x01: return OP_FADD_D;
	case 0x02: return OP_FADD_H;
	case 0x04: return OP_FSUB_S;
	case 0x05: return OP_FSUB_D;
	case 0x06: return OP_FSUB_H;
	case 0x08: return OP_FMUL_S;
	case 0x09: return OP_FMUL_D;
	case 0x0a: return OP_FMUL_H;
	case 0x0c: return OP_FDIV_S;
	case 0x0d: return OP_FDIV_D;
	case 0x0e: return OP_FDIV_H;
	case 0x2c: return rs2 == 0 ? OP_FSQRT_S : OP_ILLEGAL;
	case 0x2d: return rs2 == 0 ? OP_FSQRT_D : OP_ILLEGAL;
	case 0x2e: return rs2 == 0 ? OP_FSQRT_H : OP_ILLEGAL;
	case 0x20: {  /* to S: from D, H; FROUND{,NX}.S */
		static const uint16_t t[6] = { 0, OP_FCVT_S_D, OP_FCVT_S_H, 0, OP_FROUND_S, OP_FROUNDNX_S };
		return rs2 < 6 && t[rs2] ? t[rs2] : OP_ILLEGAL;
	}
	case 0x21: {  /* to D: from S, H; FROUND{,NX}.D */
		static const uint16_t t[6] = { OP_FCVT_D_S, 0, OP_FCVT_D_H, 0, OP_FROUND_D, OP_FROUNDNX_D };
		return rs2 < 6 && t[rs2] ? t[rs2] : OP_ILLEGAL;
	}
	case 0x22: {  /* to H: from S, D; FROUND{,NX}.H */
		static const uint16_t t[6] = { OP_FCVT_H_S, OP_FCVT_H_D, 0, 0, OP_FROUND_H, OP_FROUNDNX_H };
		return rs2 < 6 && t[rs2] ? t[rs2] : OP_ILLEGAL;
	}
	case 0x60: {
		static const uint16_t t[4] = { OP_FCVT_W_S, OP_FCVT_WU_S, OP_FCVT_L_S, OP_FCVT_LU_S };
		return rs2 < 4 ? t[rs2] : OP_ILLEGAL;
	}
	case 0x61: {
		static const uint16_t t[4] = { OP_FCVT_W_D, OP_FCVT_WU_D, OP_FCVT_L_D, OP_FCVT_LU_D };
		if (rs2 == 8)  /* FCVTMOD.W.D: other rm values are reserved */
			return f3 == 1 ? OP_FCVTMOD_W_D : OP_ILLEGAL;
		return rs2 < 4 ? t[rs2] : OP_ILLEGAL;
	}
	case 0x62: {
		static const uint16_t t[4] = { OP_FCVT_W_H, OP_FCVT_WU_H, OP_FCVT_L_H, OP_FCVT_LU_H };
		return rs2 < 4 ? t[rs2] : OP_ILLEGAL;
	}
	case 0x68: {
		static const uint16_t t[4] = { OP_FCVT_S_W, OP_FCVT_S_WU, OP_FCVT_S_L, OP_FCVT_S_LU };
		return rs2 < 4 ? t[rs2] : OP_ILLEGAL;
	}
	case 0x69: {
		static const uint16_t t[4] = { OP_FCVT_D_W, OP_FCVT_D_WU, OP_FCVT_D_L, OP_FCVT_D_LU };
		return rs2 < 4 ? t[rs2] : OP_ILLEGAL;
	}
	case 0x6a: {
		static const uint16_t t[4] = { OP_FCVT_H_W, OP_FCVT_H_WU, OP_FCVT_H_L, OP_FCVT_H_LU };
		return rs2 < 4 ? t[rs2] : OP_ILLEGAL;
	}
	}
	*needs_rm = false;
	switch (f7) {
	case 0x10: return f3 == 0 ? OP_FSGNJ_S : f3 == 1 ? OP_FSGNJN_S : f3 == 2 ? OP_FSGNJX_S : OP_ILLEGAL;
	case 0x11: return f3 == 0 ? OP_FSGNJ_D : f3 == 1 ? OP_FSGNJN_D : f3 == 2 ? OP_FSGNJX_D : OP_ILLEGAL;
	case 0x12: return f3 == 0 ? OP_FSGNJ_H : f3 == 1 ? OP_FSGNJN_H : f3 == 2 ? OP_FSGNJX_H : OP_ILLEGAL;
	case 0x14: {
		static const uint16_t t[8] = { OP_FMIN_S, OP_FMAX_S, OP_FMINM_S, OP_FMAXM_S };
		return t[f3] ? t[f3] : OP_ILLEGAL;
	}
	case 0x15: {
		static const uint16_t t[8] = { OP_FMIN_D, OP_FMAX_D, OP_FMINM_D, OP_FMAXM_D };
		return t[f3] ? t[f3] : OP_ILLEGAL;
	}
	case 0x16: {
		static const uint16_t t[8] = { OP_FMIN_H, OP_FMAX_H, OP_FMINM_H, OP_FMAXM_H };
		return t[f3] ? t[f3] : OP_ILLEGAL;
	}
	case 0x50: {
		static const uint16_t t[8] = { OP_FLE_S, OP_FLT_S, OP_FEQ_S, 0, OP_FLEQ_S, OP_FLTQ_S };
		return t[f3] ? t[f3] : OP_ILLEGAL;
	}
	case 0x51: {
		static const uint16_t t[8] = { OP_FLE_D, OP_FLT_D, OP_FEQ_D, 0, OP_FLEQ_D, OP_FLTQ_D };
		return t[f3] ? t[f3] : OP_ILLEGAL;
	}
	case 0x52: {
		static const uint16_t t[8] = { OP_FLE_H, OP_FLT_H, OP_FEQ_H, 0, OP_FLEQ_H, OP_FLTQ_H };
		return t[f3] ? t[f3] : OP_ILLEGAL;
	}
	case 0x70:
		if (rs2) return OP_ILLEGAL;
		return f3 == 0 ? OP_FMV_X_W : f3 == 1 ? OP_FCLASS_S : OP_ILLEGAL;
	case 0x71:
		if (rs2) return OP_ILLEGAL;
		return f3 == 0 ? OP_FMV_X_D : f3 == 1 ? OP_FCLASS_D : OP_ILLEGAL;
	case 0x72:
		if (rs2) return OP_ILLEGAL;
		return f3 == 0 ? OP_FMV_X_H : f3 == 1 ? OP_FCLASS_H : OP_ILLEGAL;
	case 0x78: return f3 != 0 ? OP_ILLEGAL : rs2 == 0 ? OP_FMV_W_X : rs2 == 1 ? OP_FLI_S : OP_ILLEGAL;
	case 0x79: return f3 != 0 ? OP_ILLEGAL : rs2 == 0 ? OP_FMV_D_X : rs2 == 1 ? OP_FLI_D : OP_ILLEGAL;
	case 0x7a: return f3 != 0 ? OP_ILLEGAL : rs2 == 0 ? OP_FMV_H_X : rs2 == 1 ? OP_FLI_H : OP_ILLEGAL;
	}
	return OP_ILLEGAL;
}

/* HLV/HLVX/HSV (H extension): funct3 4, funct7 selects size and
 * direction, rs2 the variant (0 signed, 1 unsigned, 3 HLVX). */
static unsigned decode_hlsv(uint32_t r, unsigned rd, unsigned rs2)
{
	switch (r >> 25) {
	case 0x30: return rs2 == 0 ? OP_HLV_B : rs2 == 1 ? OP_HLV_BU : OP_ILLEGAL;
	case 0x32: return rs2 == 0 ? OP_HLV_H : rs2 == 1 ? OP_HLV_HU : rs2 == 3 ? OP_HLVX_HU : OP_ILLEGAL;
	case 0x34: return rs2 == 0 ? OP_HLV_W : rs2 == 1 ? OP_HLV_WU : rs2 == 3 ? OP_HLVX_WU : OP_ILLEGAL;
	case 0x36: return rs2 == 0 ? OP_HLV_D : OP_ILLEGAL;
	case 0x31: return rd == 0 ? OP_HSV_B : OP_ILLEGAL;
	case 0x33: return rd == 0 ? OP_HSV_H : OP_ILLEGAL;
	case 0x35: return rd == 0 ? OP_HSV_W : OP_ILLEGAL;
	case 0x37: return rd == 0 ? OP_HSV_D : OP_ILLEGAL;
	}
	return OP_ILLEGAL;
}

/* Zimop (unprivileged spec, "May-Be-Operations"): MOP.R.n (n 0..31, bits
 * 30, 27:26, 21:20) and MOP.RR.n (n 0..7, bits 30, 27:26) in SYSTEM with
 * funct3 4, beside HLV/HSV (bit 31 clear). */
#define MOP_R_MASK   0xb3c0707fu
#define MOP_R_MATCH  0x81c04073u
#define MOP_RR_MASK  0xb200707fu
#define MOP_RR_MATCH 0x82004073u

static unsigned decode_system(uint32_t r, unsigned f3, unsigned rd, unsigned rs1)
{
	static const uint16_t csr[8] = { 0, OP_CSRRW, OP_CSRRS, OP_CSRRC, 0, OP_CSRRWI, OP_CSRRSI, OP_CSRRCI };
	if (f3 == 4)
		return decode_hlsv(r, rd, (r >> 20) & 31);
	if (f3 != 0) {
		/* A read with no write (CSRRS/CSRRC with rs1 = x0 or uimm 0) of a
		 * CSR whose reading has no side effects and that no counter
		 * feeds need not end the block. */
		unsigned num = r >> 20;
		if ((f3 & 3) >= 2 && rs1 == 0 && rd != 0 &&
		    (num == CSR_VL || num == CSR_VTYPE || num == CSR_VLENB || num == CSR_VSTART ||
		     num == CSR_FFLAGS || num == CSR_FRM || num == CSR_FCSR))
			return OP_CSR_READ;
		return csr[f3] ? csr[f3] : OP_ILLEGAL;
	}
	/* HFENCE.* and Svinval's SINVAL.VMA / HINVAL.*: the latter have the
	 * fences' permissions, exceptions and (done at once) effect. */
	if (rd == 0) {
		switch (r >> 25) {
		case 0x09: case 0x0b: return OP_SFENCE_VMA;
		case 0x11: case 0x13: return OP_HFENCE_VVMA;
		case 0x31: case 0x33: return OP_HFENCE_GVMA;
		}
	}
	switch (r) {
	case 0x00000073: return OP_ECALL;
	case 0x00100073: return OP_EBREAK;
	case 0x30200073: return OP_MRET;
	case 0x10200073: return OP_SRET;
	case 0x10500073: return OP_WFI;
	case 0x00d00073: return OP_WRS_NTO;       /* Zawrs */
	case 0x01d00073: return OP_WRS_STO;
	case 0x18000073: case 0x18100073: return OP_SFENCE_INVAL; /* SFENCE.W.INVAL, .INVAL.IR */
	}
	(void)rs1;
	return OP_ILLEGAL;
}

/* MISC-MEM (0x0f): FENCE, FENCE.I, and the CMO instructions in funct3 2
 * with rd = 0 (unprivileged spec, "Cache-Block Operations"; Zicbom's
 * cbo.inval/clean/flush = 0/1/2, Zicboz's cbo.zero = 4 in imm[11:0]). */
static unsigned decode_misc_mem(uint32_t r, unsigned f3, unsigned rd)
{
	static const uint16_t cbo[5] = { OP_CBO_INVAL, OP_CBO_CLEAN, OP_CBO_FLUSH, 0, OP_CBO_ZERO };
	unsigned f12 = r >> 20;
	if (f3 == 0) return OP_FENCE;
	if (f3 == 1) return OP_FENCE_I;
	if (f3 == 2 && rd == 0 && f12 < 5 && cbo[f12]) return cbo[f12];
	return OP_ILLEGAL;
}

static void decode32(uint32_t r, struct insn *d)
{
	unsigned rd = BITS(r, 11, 7), f3 = BITS(r, 14, 12), rs1 = BITS(r, 19, 15), rs2 = BITS(r, 24, 20);
	int32_t i_imm = (int32_t)r >> 20;
	int32_t s_imm = ((int32_t)r >> 25) * 32 | (int32_t)BITS(r, 11, 7);
	int32_t b_imm = sext(BIT(r, 31) << 12 | BIT(r, 7) << 11 | BITS(r, 30, 25) << 5 | BITS(r, 11, 8) << 1, 13);
	int32_t j_imm = sext(BIT(r, 31) << 20 | BITS(r, 19, 12) << 12 | BIT(r, 20) << 11 | BITS(r, 30, 21) << 1, 21);
	bool needs_rm = false;
	unsigned op;

	switch (r & 0x7f) {
	case 0x37: set(d, OP_LUI, rd, 0, 0, (int32_t)(r & 0xfffff000)); return;
	case 0x17: set(d, OP_AUIPC, rd, 0, 0, (int32_t)(r & 0xfffff000)); return;
	case 0x6f: set(d, OP_JAL, rd, 0, 0, j_imm); return;
	case 0x67: set(d, f3 == 0 ? OP_JALR : OP_ILLEGAL, rd, rs1, 0, i_imm); return;
	case 0x63: {
		static const uint16_t t[8] = { OP_BEQ, OP_BNE, 0, 0, OP_BLT, OP_BGE, OP_BLTU, OP_BGEU };
		set(d, t[f3] ? t[f3] : OP_ILLEGAL, 0, rs1, rs2, b_imm);
		return;
	}
	case 0x03: {
		static const uint16_t t[8] = { OP_LB, OP_LH, OP_LW, OP_LD, OP_LBU, OP_LHU, OP_LWU, 0 };
		set(d, t[f3] ? t[f3] : OP_ILLEGAL, rd, rs1, 0, i_imm);
		return;
	}
	case 0x23: {
		static const uint16_t t[8] = { OP_SB, OP_SH, OP_SW, OP_SD, 0, 0, 0, 0 };
		set(d, t[f3] ? t[f3] : OP_ILLEGAL, 0, rs1, rs2, s_imm);
		return;
	}
	case 0x13:
		op = decode_op_imm(r, f3);
		/* Shift amounts are the low 6 bits; other immediates are I-type. */
		set(d, op, rd, rs1, 0, (f3 == 1 || f3 == 5) ? (int32_t)BITS(r, 25, 20) : i_imm);
		return;
	case 0x1b:
		op = decode_op_imm32(r, f3);
		set(d, op, rd, rs1, 0, f3 == 0 ? i_imm : (int32_t)BITS(r, 25, 20));
		return;
	case 0x33: set(d, decode_op(r, f3), rd, rs1, rs2, 0); return;
	case 0x3b: set(d, decode_op32(r, f3), rd, rs1, rs2, 0); return;
	case 0x0f:
		/* rs1: the CMOs' address (fences ignore it). */
		set(d, decode_misc_mem(r, f3, rd), 0, rs1, 0, 0);
		return;
	case 0x73:
		if ((r & MOP_R_MASK) == MOP_R_MATCH || (r & MOP_RR_MASK) == MOP_RR_MATCH) {
			set(d, OP_ADDI, rd, 0, 0, 0);  /* MOP.R.n / MOP.RR.n: x[rd] = 0 */
			return;
		}
		op = decode_system(r, f3, rd, rs1);
		/* imm: the CSR number; HLV/HSV have none (their address is rs1). */
		set(d, op, rd, rs1, rs2, f3 == 4 ? 0 : (int32_t)(r >> 20));
		return;
	case 0x2f: set(d, decode_amo(r, f3), rd, rs1, rs2, 0); return;
	case 0x07:
		if (f3 == 0 || f3 >= 5) {  /* vector loads (V 1.0 7.3): vector_mem.c decodes the rest */
			set(d, OP_VLOAD, 0, rs1, rs2, -1);
			d->rs3 = (uint8_t)vec_fast_kind(r, OP_VLOAD);
			return;
		}
		set(d, f3 == 1 ? OP_FLH : f3 == 2 ? OP_FLW : f3 == 3 ? OP_FLD : OP_ILLEGAL, rd, rs1, 0, i_imm);
		d->rd = rd; /* an FP register: f0 is a real register */
		return;
	case 0x27:
		if (f3 == 0 || f3 >= 5) {
			set(d, OP_VSTORE, 0, rs1, rs2, -1);
			d->rs3 = (uint8_t)vec_fast_kind(r, OP_VSTORE);
			return;
		}
		set(d, f3 == 1 ? OP_FSH : f3 == 2 ? OP_FSW : f3 == 3 ? OP_FSD : OP_ILLEGAL, 0, rs1, rs2, s_imm);
		return;
	case 0x57:
		/* OP-V (V 1.0 10): vset{i}vl{i} (funct3 7), else arithmetic,
		 * dispatched by vector.c on funct3/funct6 from the raw bits. */
		if (f3 != 7)
			op = OP_VARITH;
		else if (!BIT(r, 31))
			op = OP_VSETVLI;
		else if (BITS(r, 31, 30) == 3)
			op = OP_VSETIVLI;
		else
			op = BITS(r, 30, 25) == 0 ? OP_VSETVL : OP_ILLEGAL;
		set(d, op, 0, rs1, rs2, -1);
		d->rs3 = (uint8_t)vec_fast_kind(r, op);  /* vector_fast.c */
		return;
	case 0x43: case 0x47: case 0x4b: case 0x4f: {
		static const uint16_t s[4] = { OP_FMADD_S, OP_FMSUB_S, OP_FNMSUB_S, OP_FNMADD_S };
		static const uint16_t dd[4] = { OP_FMADD_D, OP_FMSUB_D, OP_FNMSUB_D, OP_FNMADD_D };
		static const uint16_t hh[4] = { OP_FMADD_H, OP_FMSUB_H, OP_FNMSUB_H, OP_FNMADD_H };
		unsigned fmt = BITS(r, 26, 25), k = BITS(r, 3, 2);
		op = fmt == 0 ? s[k] : fmt == 1 ? dd[k] : fmt == 2 ? hh[k] : OP_ILLEGAL;
		set(d, rm_ok(f3) ? op : OP_ILLEGAL, rd, rs1, rs2, (int32_t)f3);
		d->rd = rd;
		d->rs3 = r >> 27;
		return;
	}
	case 0x53:
		op = decode_fp(r, f3, rs2, &needs_rm);
		if (needs_rm && !rm_ok(f3))
			op = OP_ILLEGAL;
		set(d, op, rd, rs1, rs2, (int32_t)f3);
		/* Results that go to an integer register keep the x0 sink. */
		switch (op) {
		case OP_FCVT_W_S: case OP_FCVT_WU_S: case OP_FCVT_L_S: case OP_FCVT_LU_S:
		case OP_FCVT_W_D: case OP_FCVT_WU_D: case OP_FCVT_L_D: case OP_FCVT_LU_D:
		case OP_FMV_X_W: case OP_FMV_X_D: case OP_FCLASS_S: case OP_FCLASS_D:
		case OP_FEQ_S: case OP_FLT_S: case OP_FLE_S: case OP_FEQ_D: case OP_FLT_D: case OP_FLE_D:
		case OP_FCVT_W_H: case OP_FCVT_WU_H: case OP_FCVT_L_H: case OP_FCVT_LU_H:
		case OP_FMV_X_H: case OP_FCLASS_H: case OP_FEQ_H: case OP_FLT_H: case OP_FLE_H:
		case OP_FLEQ_S: case OP_FLTQ_S: case OP_FLEQ_D: case OP_FLTQ_D: case OP_FLEQ_H: case OP_FLTQ_H:
		case OP_FCVTMOD_W_D:
			break;
		default:
			d->rd = rd;
		}
		return;
	}
	set(d, OP_ILLEGAL, 0, 0, 0, 0);
}

/* Zcb (unprivileged spec, "Zcb"): C1 funct3 4, funct6 100111 (bits
 * 12:10 = 111 with bit 12 set), bits 6:5 = 11: unary ops on rd' selected
 * by bits 4:2, each the 32-bit operation it is defined as. */
static void decode_zcb_unary(uint32_t r, unsigned rsd, struct insn *d)
{
	switch (BITS(r, 4, 2)) {
	case 0: set(d, OP_ANDI, rsd, rsd, 0, 0xff); return;  /* c.zext.b */
	case 1: set(d, OP_SEXT_B, rsd, rsd, 0, 0); return;   /* c.sext.b */
	case 2: set(d, OP_ZEXT_H, rsd, rsd, 0, 0); return;   /* c.zext.h */
	case 3: set(d, OP_SEXT_H, rsd, rsd, 0, 0); return;   /* c.sext.h */
	case 4: set(d, OP_ADD_UW, rsd, rsd, 0, 0); return;   /* c.zext.w: add.uw rd, rd, x0 */
	case 5: set(d, OP_XORI, rsd, rsd, 0, -1); return;    /* c.not */
	}
}

/* Zcb's loads and stores (C0 funct3 4): c.lbu/c.sb with uimm[1:0] =
 * bits 5|6, c.lhu/c.lh/c.sh with uimm[1] = bit 5 (bit 6 picks c.lh). */
static void decode_zcb_mem(uint32_t r, unsigned rdp, unsigned rs1p, struct insn *d)
{
	int32_t bimm = (int32_t)(BIT(r, 5) << 1 | BIT(r, 6)), himm = (int32_t)(BIT(r, 5) << 1);
	switch (BITS(r, 12, 10)) {
	case 0: set(d, OP_LBU, rdp, rs1p, 0, bimm); return;
	case 1: set(d, BIT(r, 6) ? OP_LH : OP_LHU, rdp, rs1p, 0, himm); return;
	case 2: set(d, OP_SB, 0, rs1p, rdp, bimm); return;
	case 3: if (!BIT(r, 6)) set(d, OP_SH, 0, rs1p, rdp, himm); return;
	}
}

/* Compressed: expand to the equivalent operation (16.2-16.8). */
static void decode16(uint32_t r, struct insn *d)
{
	unsigned f3 = BITS(r, 15, 13);
	unsigned rd = BITS(r, 11, 7), rs2 = BITS(r, 6, 2);
	unsigned rdp = 8 + BITS(r, 4, 2), rs1p = 8 + BITS(r, 9, 7);
	int32_t imm6 = sext(BIT(r, 12) << 5 | BITS(r, 6, 2), 6);
	uint32_t uimm;

	set(d, OP_ILLEGAL, 0, 0, 0, 0);
	switch (r & 3) {
	case 0:
		switch (f3) {
		case 0: /* C.ADDI4SPN */
			uimm = BITS(r, 12, 11) << 4 | BITS(r, 10, 7) << 6 | BIT(r, 6) << 2 | BIT(r, 5) << 3;
			if (uimm)
				set(d, OP_ADDI, rdp, 2, 0, (int32_t)uimm);
			return;
		case 1: /* C.FLD */
			set(d, OP_FLD, rdp, rs1p, 0, (int32_t)(BITS(r, 12, 10) << 3 | BITS(r, 6, 5) << 6));
			return;
		case 2: /* C.LW */
			set(d, OP_LW, rdp, rs1p, 0, (int32_t)(BITS(r, 12, 10) << 3 | BIT(r, 6) << 2 | BIT(r, 5) << 6));
			return;
		case 3: /* C.LD */
			set(d, OP_LD, rdp, rs1p, 0, (int32_t)(BITS(r, 12, 10) << 3 | BITS(r, 6, 5) << 6));
			return;
		case 4: /* Zcb */
			decode_zcb_mem(r, rdp, rs1p, d);
			return;
		case 5: /* C.FSD */
			set(d, OP_FSD, 0, rs1p, rdp, (int32_t)(BITS(r, 12, 10) << 3 | BITS(r, 6, 5) << 6));
			return;
		case 6: /* C.SW */
			set(d, OP_SW, 0, rs1p, rdp, (int32_t)(BITS(r, 12, 10) << 3 | BIT(r, 6) << 2 | BIT(r, 5) << 6));
			return;
		case 7: /* C.SD */
			set(d, OP_SD, 0, rs1p, rdp, (int32_t)(BITS(r, 12, 10) << 3 | BITS(r, 6, 5) << 6));
			return;
		}
		return;
	case 1:
		switch (f3) {
		case 0: set(d, OP_ADDI, rd, rd, 0, imm6); return;          /* C.ADDI / C.NOP */
		case 1: if (rd) set(d, OP_ADDIW, rd, rd, 0, imm6); return; /* C.ADDIW */
		case 2: set(d, OP_ADDI, rd, 0, 0, imm6); return;           /* C.LI */
		case 3:
			if (rd == 2) { /* C.ADDI16SP */
				int32_t v = sext(BIT(r, 12) << 9 | BIT(r, 6) << 4 | BIT(r, 5) << 6 |
						 BITS(r, 4, 3) << 7 | BIT(r, 2) << 5, 10);
				if (v)
					set(d, OP_ADDI, 2, 2, 0, v);
			} else if (imm6) { /* C.LUI */
				set(d, OP_LUI, rd, 0, 0, imm6 * 4096);
			} else if ((rd & 0x11) == 1) {
				/* Zcmop: C.MOP.n (n = rd, odd, 1..15) is C.LUI's
				 * reserved nzimm = 0 space and writes nothing. */
				set(d, OP_NOP, 0, 0, 0, 0);
			}
			return;
		case 4:
			switch (BITS(r, 11, 10)) {
			case 0: set(d, OP_SRLI, rs1p, rs1p, 0, (int32_t)(BIT(r, 12) << 5 | BITS(r, 6, 2))); return;
			case 1: set(d, OP_SRAI, rs1p, rs1p, 0, (int32_t)(BIT(r, 12) << 5 | BITS(r, 6, 2))); return;
			case 2: set(d, OP_ANDI, rs1p, rs1p, 0, imm6); return;
			}
			if (!BIT(r, 12)) {
				static const uint16_t t[4] = { OP_SUB, OP_XOR, OP_OR, OP_AND };
				set(d, t[BITS(r, 6, 5)], rs1p, rs1p, rdp, 0);
			} else if (BITS(r, 6, 5) < 2) {
				set(d, BITS(r, 6, 5) ? OP_ADDW : OP_SUBW, rs1p, rs1p, rdp, 0);
			} else if (BITS(r, 6, 5) == 2) {
				set(d, OP_MUL, rs1p, rs1p, rdp, 0);  /* Zcb c.mul */
			} else {
				decode_zcb_unary(r, rs1p, d);
			}
			return;
		case 5: /* C.J */
			set(d, OP_JAL, 0, 0, 0, sext(BIT(r, 12) << 11 | BIT(r, 11) << 4 | BITS(r, 10, 9) << 8 |
						BIT(r, 8) << 10 | BIT(r, 7) << 6 | BIT(r, 6) << 7 |
						BITS(r, 5, 3) << 1 | BIT(r, 2) << 5, 12));
			return;
		case 6: case 7: /* C.BEQZ / C.BNEZ */
			set(d, f3 == 6 ? OP_BEQ : OP_BNE, 0, rs1p, 0,
			    sext(BIT(r, 12) << 8 | BITS(r, 11, 10) << 3 | BITS(r, 6, 5) << 6 |
				 BITS(r, 4, 3) << 1 | BIT(r, 2) << 5, 9));
			return;
		}
		return;
	case 2:
		switch (f3) {
		case 0: set(d, OP_SLLI, rd, rd, 0, (int32_t)(BIT(r, 12) << 5 | BITS(r, 6, 2))); return;
		case 1: /* C.FLDSP */
			set(d, OP_FLD, rd, 2, 0, (int32_t)(BIT(r, 12) << 5 | BITS(r, 6, 5) << 3 | BITS(r, 4, 2) << 6));
			d->rd = rd;
			return;
		case 2: /* C.LWSP */
			if (rd)
				set(d, OP_LW, rd, 2, 0, (int32_t)(BIT(r, 12) << 5 | BITS(r, 6, 4) << 2 | BITS(r, 3, 2) << 6));
			return;
		case 3: /* C.LDSP */
			if (rd)
				set(d, OP_LD, rd, 2, 0, (int32_t)(BIT(r, 12) << 5 | BITS(r, 6, 5) << 3 | BITS(r, 4, 2) << 6));
			return;
		case 4:
			if (!BIT(r, 12)) {
				if (rs2)
					set(d, OP_ADD, rd, 0, rs2, 0);          /* C.MV */
				else if (rd)
					set(d, OP_JALR, 0, rd, 0, 0);           /* C.JR */
			} else {
				if (!rd && !rs2)
					set(d, OP_EBREAK, 0, 0, 0, 0);          /* C.EBREAK */
				else if (!rs2)
					set(d, OP_JALR, 1, rd, 0, 0);           /* C.JALR */
				else
					set(d, OP_ADD, rd, rd, rs2, 0);         /* C.ADD */
			}
			return;
		case 5: /* C.FSDSP */
			set(d, OP_FSD, 0, 2, rs2, (int32_t)(BITS(r, 12, 10) << 3 | BITS(r, 9, 7) << 6));
			return;
		case 6: /* C.SWSP */
			set(d, OP_SW, 0, 2, rs2, (int32_t)(BITS(r, 12, 9) << 2 | BITS(r, 8, 7) << 6));
			return;
		case 7: /* C.SDSP */
			set(d, OP_SD, 0, 2, rs2, (int32_t)(BITS(r, 12, 10) << 3 | BITS(r, 9, 7) << 6));
			return;
		}
		return;
	}
}

void decode_insn(uint32_t raw, struct insn *out)
{
	out->rs3 = 0;
	out->next = NULL;
	if ((raw & 3) == 3) {
		out->raw = raw;
		decode32(raw, out);
	} else {
		out->raw = raw & 0xffff;
		decode16(raw & 0xffff, out);
	}
}

/* Instructions after which the block must end: jumps, and anything that
 * can change privilege, translation, interrupt state or code.  Conditional
 * branches do not end a block: a taken branch leaves it, a fall-through
 * continues (superblocks). */
bool insn_ends_block(unsigned op)
{
	switch (op) {
	case OP_JAL: case OP_JALR:
	case OP_ECALL: case OP_EBREAK: case OP_MRET: case OP_SRET: case OP_WFI:
	case OP_SFENCE_VMA: case OP_FENCE_I: case OP_HFENCE_VVMA: case OP_HFENCE_GVMA:
	case OP_WRS_NTO: case OP_WRS_STO:
	case OP_CSRRW: case OP_CSRRS: case OP_CSRRC: case OP_CSRRWI: case OP_CSRRSI: case OP_CSRRCI:
	case OP_ILLEGAL:
		return true;
	}
	return false;
}

/* The transformed instruction htinst/mtinst report for a trapping load,
 * store or atomic (H extension, "Transformed Instruction or Pseudoinstruction
 * for mtinst or htinst"): the 32-bit form with the immediate cleared, the
 * rs1 field holding the faulting address's offset from the original one,
 * and bit 1 clear if the instruction was compressed.  0 for anything else. */
uint32_t tinst_transform(const struct insn *d, unsigned off)
{
	static const struct { uint16_t op; uint8_t opcode, f3; bool store; } mem[] = {
		{ OP_LB, 0x03, 0, false }, { OP_LH, 0x03, 1, false }, { OP_LW, 0x03, 2, false }, { OP_LD, 0x03, 3, false },
		{ OP_LBU, 0x03, 4, false }, { OP_LHU, 0x03, 5, false }, { OP_LWU, 0x03, 6, false },
		{ OP_FLH, 0x07, 1, false }, { OP_FLW, 0x07, 2, false }, { OP_FLD, 0x07, 3, false },
		{ OP_SB, 0x23, 0, true }, { OP_SH, 0x23, 1, true }, { OP_SW, 0x23, 2, true },
		{ OP_SD, 0x23, 3, true }, { OP_FSH, 0x27, 1, true }, { OP_FSW, 0x27, 2, true },
		{ OP_FSD, 0x27, 3, true },
	};
	bool compressed = (d->raw & 3) != 3;
	uint32_t t = 0, rs1 = (off & 31) << 15;
	for (unsigned i = 0; i < sizeof(mem) / sizeof(mem[0]); i++) {
		if (mem[i].op != d->op)
			continue;
		if (mem[i].store)
			t = (uint32_t)(d->rs2 & 31) << 20 | rs1 | mem[i].f3 << 12 | mem[i].opcode;
		else
			t = rs1 | mem[i].f3 << 12 | (uint32_t)(d->rd & 31) << 7 | mem[i].opcode;
		return compressed ? t & ~2u : t;
	}
	if ((d->op >= OP_LR_W && d->op <= OP_AMOMAXU_D) || (d->op >= OP_HLV_B && d->op <= OP_HSV_D))
		return (d->raw & ~(31u << 15)) | rs1;  /* no immediate; 32-bit only */
	return 0;
}
