// SPDX-License-Identifier: MIT
/* The F and D operations compiled code calls (jit_x86_64.c): each is the
 * interpreter's definition (exec.c) in one calling shape, so a compiled
 * FP instruction gives the same result and fflags bit for bit.  Checks
 * that can trap (mstatus.FS off, a reserved frm) are not here: the
 * compiled block tests them once on entry and bails if they fail, and
 * nothing compiled can change them (CSR writes are left to the
 * interpreter). */
#include "hw/riscv/fpu.h"
#include "hw/riscv/jit.h"
#include "hw/riscv/ops.h"

#define FFL (&h->fflags)
#define SHAPE(name) static uint64_t name(struct hart *h, uint64_t a, uint64_t b, uint64_t c, unsigned rm)
#define UNUSED3 (void)h, (void)b, (void)c, (void)rm

/* ternary with rounding: the fused multiply-adds */
#define FMA(op)                                                                  \
	SHAPE(j_##op##_d) { return fpu_##op##_d(a, b, c, rm, FFL); }             \
	SHAPE(j_##op##_s) { return box_s(fpu_##op##_s(unbox_s(a), unbox_s(b), unbox_s(c), rm, FFL)); }
FMA(madd)
FMA(msub)
FMA(nmsub)
FMA(nmadd)

/* binary with rounding */
#define BIN_RM(op)                                                               \
	SHAPE(j_##op##_d) { (void)c; return fpu_##op##_d(a, b, rm, FFL); }       \
	SHAPE(j_##op##_s) { (void)c; return box_s(fpu_##op##_s(unbox_s(a), unbox_s(b), rm, FFL)); }
BIN_RM(add)
BIN_RM(sub)
BIN_RM(mul)
BIN_RM(div)

SHAPE(j_sqrt_d) { (void)b, (void)c; return fpu_sqrt_d(a, rm, FFL); }
SHAPE(j_sqrt_s) { (void)b, (void)c; return box_s(fpu_sqrt_s(unbox_s(a), rm, FFL)); }

/* binary, flags only: min/max give an FP value, compares an integer */
#define BIN(op, box)                                                             \
	SHAPE(j_##op##_d) { (void)c, (void)rm; return fpu_##op##_d(a, b, FFL); } \
	SHAPE(j_##op##_s) { (void)c, (void)rm; return box(fpu_##op##_s(unbox_s(a), unbox_s(b), FFL)); }
BIN(min, box_s)
BIN(max, box_s)
#define NO_BOX(x) (x)
BIN(eq, NO_BOX)
BIN(lt, NO_BOX)
BIN(le, NO_BOX)

/* sign injection: no flags */
SHAPE(j_fsgnj_d) { UNUSED3; return (a & ~F_SIGN64) | (b & F_SIGN64); }
SHAPE(j_fsgnjn_d) { UNUSED3; return (a & ~F_SIGN64) | (~b & F_SIGN64); }
SHAPE(j_fsgnjx_d) { UNUSED3; return a ^ (b & F_SIGN64); }
SHAPE(j_fsgnj_s)
{
	UNUSED3;
	return box_s((unbox_s(a) & ~F_SIGN32) | (unbox_s(b) & F_SIGN32));
}
SHAPE(j_fsgnjn_s)
{
	UNUSED3;
	return box_s((unbox_s(a) & ~F_SIGN32) | (~unbox_s(b) & F_SIGN32));
}
SHAPE(j_fsgnjx_s) { UNUSED3; return box_s(unbox_s(a) ^ (unbox_s(b) & F_SIGN32)); }

SHAPE(j_class_d) { UNUSED3; return fpu_class_d(a); }
SHAPE(j_class_s) { UNUSED3; return fpu_class_s(unbox_s(a)); }

/* to an integer register */
#define TO_INT(t)                                                                \
	SHAPE(j_cvt_##t##_d) { (void)b, (void)c; return fpu_cvt_##t##_d(a, rm, FFL); } \
	SHAPE(j_cvt_##t##_s) { (void)b, (void)c; return fpu_cvt_##t##_s(unbox_s(a), rm, FFL); }
TO_INT(w)
TO_INT(wu)
TO_INT(l)
TO_INT(lu)

/* from an integer register (a is x[rs1]) */
#define FROM_INT(t)                                                              \
	SHAPE(j_cvt_d_##t) { (void)b, (void)c; return fpu_cvt_d_##t(a, rm, FFL); } \
	SHAPE(j_cvt_s_##t) { (void)b, (void)c; return box_s(fpu_cvt_s_##t(a, rm, FFL)); }
FROM_INT(w)
FROM_INT(wu)
FROM_INT(l)
FROM_INT(lu)

SHAPE(j_cvt_s_d) { (void)b, (void)c; return box_s(fpu_cvt_s_d(a, rm, FFL)); }
SHAPE(j_cvt_d_s) { (void)b, (void)c, (void)rm; return fpu_cvt_d_s(unbox_s(a), FFL); }

/* moves between the register files: bits as they are */
SHAPE(j_mv_x_w) { UNUSED3; return (uint64_t)(int64_t)(int32_t)a; }
SHAPE(j_mv_x_d) { UNUSED3; return a; }
SHAPE(j_mv_w_x) { UNUSED3; return box_s((uint32_t)a); }
SHAPE(j_mv_d_x) { UNUSED3; return a; }

#define R  JIT_FP_RM
#define XS JIT_FP_X_SRC
#define XD JIT_FP_X_DST
#define CL JIT_FP_CLEAN
#define PAIR(OP, fn, n, fl) \
	[OP_##OP##_D] = { j_##fn##_d, n, fl }, [OP_##OP##_S] = { j_##fn##_s, n, fl }

const struct jit_fp_op jit_fp_ops[OP_COUNT] = {
	PAIR(FMADD, madd, 3, R), PAIR(FMSUB, msub, 3, R),
	PAIR(FNMSUB, nmsub, 3, R), PAIR(FNMADD, nmadd, 3, R),
	PAIR(FADD, add, 2, R), PAIR(FSUB, sub, 2, R), PAIR(FMUL, mul, 2, R), PAIR(FDIV, div, 2, R),
	PAIR(FSQRT, sqrt, 1, R),
	PAIR(FMIN, min, 2, 0), PAIR(FMAX, max, 2, 0),
	PAIR(FEQ, eq, 2, XD), PAIR(FLT, lt, 2, XD), PAIR(FLE, le, 2, XD),
	PAIR(FSGNJ, fsgnj, 2, 0), PAIR(FSGNJN, fsgnjn, 2, 0), PAIR(FSGNJX, fsgnjx, 2, 0),
	PAIR(FCLASS, class, 1, XD | CL),
	[OP_FCVT_W_D] = { j_cvt_w_d, 1, R | XD }, [OP_FCVT_WU_D] = { j_cvt_wu_d, 1, R | XD },
	[OP_FCVT_L_D] = { j_cvt_l_d, 1, R | XD }, [OP_FCVT_LU_D] = { j_cvt_lu_d, 1, R | XD },
	[OP_FCVT_W_S] = { j_cvt_w_s, 1, R | XD }, [OP_FCVT_WU_S] = { j_cvt_wu_s, 1, R | XD },
	[OP_FCVT_L_S] = { j_cvt_l_s, 1, R | XD }, [OP_FCVT_LU_S] = { j_cvt_lu_s, 1, R | XD },
	[OP_FCVT_D_W] = { j_cvt_d_w, 1, R | XS }, [OP_FCVT_D_WU] = { j_cvt_d_wu, 1, R | XS },
	[OP_FCVT_D_L] = { j_cvt_d_l, 1, R | XS }, [OP_FCVT_D_LU] = { j_cvt_d_lu, 1, R | XS },
	[OP_FCVT_S_W] = { j_cvt_s_w, 1, R | XS }, [OP_FCVT_S_WU] = { j_cvt_s_wu, 1, R | XS },
	[OP_FCVT_S_L] = { j_cvt_s_l, 1, R | XS }, [OP_FCVT_S_LU] = { j_cvt_s_lu, 1, R | XS },
	[OP_FCVT_S_D] = { j_cvt_s_d, 1, R }, [OP_FCVT_D_S] = { j_cvt_d_s, 1, R },
	[OP_FMV_X_W] = { j_mv_x_w, 1, XD | CL }, [OP_FMV_X_D] = { j_mv_x_d, 1, XD | CL },
	[OP_FMV_W_X] = { j_mv_w_x, 1, XS }, [OP_FMV_D_X] = { j_mv_d_x, 1, XS },
};
