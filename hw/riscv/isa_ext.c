// SPDX-License-Identifier: MIT
/* Which optional extension an instruction belongs to, so that a hart with
 * the extension switched off (hart_set_ext, the `--cpu` option) raises an
 * illegal-instruction exception for it, as hardware without it would.
 * Most follow from the decoded operation; the encodings that decode to
 * a base operation (Zcb's c.zext.b is andi, Zimop's mop.r.n writes x[rd]
 * = 0 like addi) or to V's one arithmetic operation (Zvbb) are recognised
 * from their bits. */
#include "hw/riscv/hart_internal.h"
#include "hw/riscv/ops.h"

#define BITS(x, hi, lo) (((x) >> (lo)) & ((1u << ((hi) - (lo) + 1)) - 1))

/* Zimop's MOP.R.n / MOP.RR.n (as decode.c). */
#define MOP_R_MASK   0xb3c0707fu
#define MOP_R_MATCH  0x81c04073u
#define MOP_RR_MASK  0xb200707fu
#define MOP_RR_MATCH 0x82004073u

/* Zvbb's OP-V arithmetic encodings (funct3, funct6 and for VXUNARY0 vs1;
 * vector_bitmanip.c): vandn, vror, vrol, vwsll and vbrev8 .. vcpop.v. */
static bool is_zvbb(uint32_t raw)
{
	unsigned f6 = BITS(raw, 31, 26), vs1 = BITS(raw, 19, 15);
	switch (BITS(raw, 14, 12)) {
	case 0: case 4:  /* OPIVV, OPIVX: vandn, vror, vrol, vwsll */
		return f6 == 0x01 || f6 == 0x14 || f6 == 0x15 || f6 == 0x35;
	case 3:          /* OPIVI: vror.vi (funct6 bit 0 is imm[5]), vwsll.vi */
		return f6 == 0x14 || f6 == 0x15 || f6 == 0x35;
	case 2:          /* OPMVV VXUNARY0 */
		return f6 == 0x12 && vs1 >= 8 && vs1 <= 14 && vs1 != 11;
	default:
		return false;
	}
}

static const uint8_t op_ext[OP_COUNT] = {
#define E(op, ext) [OP_##op] = (ext) + 1,
	E(SH1ADD, RV_EXT_ZBA) E(SH2ADD, RV_EXT_ZBA) E(SH3ADD, RV_EXT_ZBA) E(ADD_UW, RV_EXT_ZBA)
	E(SH1ADD_UW, RV_EXT_ZBA) E(SH2ADD_UW, RV_EXT_ZBA) E(SH3ADD_UW, RV_EXT_ZBA) E(SLLI_UW, RV_EXT_ZBA)
	E(CLZ, RV_EXT_ZBB) E(CTZ, RV_EXT_ZBB) E(CPOP, RV_EXT_ZBB) E(CLZW, RV_EXT_ZBB) E(CTZW, RV_EXT_ZBB)
	E(CPOPW, RV_EXT_ZBB) E(MAX, RV_EXT_ZBB) E(MAXU, RV_EXT_ZBB) E(MIN, RV_EXT_ZBB) E(MINU, RV_EXT_ZBB)
	E(SEXT_B, RV_EXT_ZBB) E(SEXT_H, RV_EXT_ZBB) E(ORC_B, RV_EXT_ZBB) E(RORI, RV_EXT_ZBB)
	E(RORIW, RV_EXT_ZBB)
	E(BCLR, RV_EXT_ZBS) E(BCLRI, RV_EXT_ZBS) E(BEXT, RV_EXT_ZBS) E(BEXTI, RV_EXT_ZBS)
	E(BINV, RV_EXT_ZBS) E(BINVI, RV_EXT_ZBS) E(BSET, RV_EXT_ZBS) E(BSETI, RV_EXT_ZBS)
	E(CZERO_EQZ, RV_EXT_ZICOND) E(CZERO_NEZ, RV_EXT_ZICOND)
	E(CLMUL, RV_EXT_ZBC) E(CLMULR, RV_EXT_ZBC) E(CLMULH, RV_EXT_ZBC)
	E(PACK, RV_EXT_ZBKB) E(PACKH, RV_EXT_ZBKB) E(PACKW, RV_EXT_ZBKB) E(BREV8, RV_EXT_ZBKB)
	E(XPERM4, RV_EXT_ZBKX) E(XPERM8, RV_EXT_ZBKX)
	E(WRS_NTO, RV_EXT_ZAWRS) E(WRS_STO, RV_EXT_ZAWRS)
	E(CBO_CLEAN, RV_EXT_ZICBOM) E(CBO_FLUSH, RV_EXT_ZICBOM) E(CBO_INVAL, RV_EXT_ZICBOM)
	E(CBO_ZERO, RV_EXT_ZICBOZ) E(SFENCE_INVAL, RV_EXT_SVINVAL)
	E(VSETVLI, RV_EXT_V) E(VSETIVLI, RV_EXT_V) E(VSETVL, RV_EXT_V) E(VLOAD, RV_EXT_V)
	E(VSTORE, RV_EXT_V) E(VARITH, RV_EXT_V)
#undef E
};

/* Operations two extensions share: Zbb's and Zbkb's rol/ror/andn/orn/
 * xnor/rev8 (and zext.h, which is Zbkb's pack with rs2 = x0), and Zbc's
 * clmul/clmulh, which Zbkc also has (rvkvm has no Zbkc). */
static int shared_ext(const struct hart *h, unsigned op)
{
	switch (op) {
	case OP_ROL: case OP_ROR: case OP_ROLW: case OP_RORW: case OP_ANDN: case OP_ORN:
	case OP_XNOR: case OP_REV8: case OP_ZEXT_H:
		return hart_ext_on(h, RV_EXT_ZBB) || hart_ext_on(h, RV_EXT_ZBKB) ? -1 : RV_EXT_ZBB;
	}
	return -1;
}

/* The extension of the encoding raw (decoded to op), or -1 for base ISA
 * (and the extensions that cannot be switched off). */
static int insn_ext(const struct hart *h, uint32_t raw, unsigned op)
{
	if ((raw & 3) != 3) {
		unsigned f3 = BITS(raw, 15, 13);
		if ((raw & 3) == 0 && f3 == 4)
			return RV_EXT_ZCB;  /* c.lbu c.lhu c.lh c.sb c.sh */
		if ((raw & 3) == 1 && f3 == 4 && BITS(raw, 12, 10) == 7 && BITS(raw, 6, 5) >= 2)
			return RV_EXT_ZCB;  /* c.mul, c.zext.b ... c.not */
		if ((raw & 3) == 1 && f3 == 3 && op == OP_NOP)
			return RV_EXT_ZCMOP;
	} else if ((raw & 0x7f) == 0x73) {
		if ((raw & MOP_R_MASK) == MOP_R_MATCH || (raw & MOP_RR_MASK) == MOP_RR_MATCH)
			return RV_EXT_ZIMOP;
		/* SINVAL.VMA, HINVAL.VVMA, HINVAL.GVMA: SFENCE/HFENCE's operations */
		uint32_t f = raw & 0xfe007fffu;
		if (f == 0x16000073u || f == 0x26000073u || f == 0x66000073u)
			return RV_EXT_SVINVAL;
	} else if (op == OP_VARITH && is_zvbb(raw) && hart_ext_on(h, RV_EXT_V)) {
		return RV_EXT_ZVBB;  /* without V, V's own check below */
	}
	if (op_ext[op])
		return op_ext[op] - 1;
	return shared_ext(h, op);
}

/* Half precision: Zfh includes Zfhmin; Zfa's H forms need Zfh too. */
static bool fp_allowed(const struct hart *h, unsigned op)
{
	if (op >= OP_FLH && op <= OP_FCVT_H_D)
		return hart_ext_on(h, RV_EXT_ZFHMIN) || hart_ext_on(h, RV_EXT_ZFH);
	if (op >= OP_FMADD_H && op <= OP_FCVT_H_LU)
		return hart_ext_on(h, RV_EXT_ZFH);
	switch (op) {
	case OP_FLI_H: case OP_FMINM_H: case OP_FMAXM_H: case OP_FROUND_H: case OP_FROUNDNX_H:
	case OP_FLEQ_H: case OP_FLTQ_H:
		if (!hart_ext_on(h, RV_EXT_ZFH))
			return false;
	}
	return hart_ext_on(h, RV_EXT_ZFA);  /* the rest of FLI_S..FLTQ_H */
}

bool hart_insn_allowed(const struct hart *h, uint32_t raw, unsigned op)
{
	if (op >= OP_FLH && op <= OP_FLTQ_H)
		return fp_allowed(h, op);
	int ext = insn_ext(h, raw, op);
	return ext < 0 || hart_ext_on(h, (unsigned)ext);
}
