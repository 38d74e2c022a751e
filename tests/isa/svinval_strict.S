/* Svinval's rules QEMU 7.2 does not follow (see svinval.S): in VU-mode all
 * five instructions raise a virtual-instruction exception (QEMU: illegal),
 * HINVAL.GVMA in HS-mode with mstatus.TVM = 1 is illegal (QEMU: no TVM
 * check, as for HFENCE.GVMA), SFENCE.W.INVAL and SFENCE.INVAL.IR in U are
 * illegal (QEMU runs them); and rvkvm's choice for tval: the
 * instruction bits (QEMU 7.2 writes 0 for these). */
#include "hext.h"

        .option arch, +svinval

#define TRAPS_IN(goto, cause, ...)                      \
        TRAP_IN(goto, __VA_ARGS__);                     \
        EXPECT_TRAP(HX_M, cause);                       \
        lla a7, 9001b; EXPECT_REG(s11, a7);             \
        lwu a7, 0(a7); EXPECT_REG(s10, a7)
#define WORKS_IN(goto, ...)  INSN_IN(goto, __VA_ARGS__); EXPECT_OK

HEXT_BEGIN
        li a1, 0x1000; li a2, 0
/* 1: VU: all virtual */
        TC(1)
        TRAPS_IN(GOTO_VU, CAUSE_VIRTUAL, sinval.vma a1, a2)
        TRAPS_IN(GOTO_VU, CAUSE_VIRTUAL, sfence.w.inval)
        TRAPS_IN(GOTO_VU, CAUSE_VIRTUAL, sfence.inval.ir)
        TRAPS_IN(GOTO_VU, CAUSE_VIRTUAL, hinval.vvma a1, a2)
        TRAPS_IN(GOTO_VU, CAUSE_VIRTUAL, hinval.gvma a1, a2)
/* 2: mstatus.TVM: HINVAL.GVMA illegal in HS, HINVAL.VVMA not */
        TC(2)
        li t0, MSTATUS_TVM; csrs mstatus, t0
        TRAPS_IN(GOTO_HS, CAUSE_ILLEGAL, hinval.gvma a1, a2)
        WORKS_IN(GOTO_HS, hinval.vvma a1, a2)
        li t0, MSTATUS_TVM; csrc mstatus, t0
/* 3: U: illegal, tval = the instruction bits */
        TC(3)
        TRAPS_IN(GOTO_U, CAUSE_ILLEGAL, sinval.vma a1, a2)
        TRAPS_IN(GOTO_U, CAUSE_ILLEGAL, sfence.w.inval)
        TRAPS_IN(GOTO_U, CAUSE_ILLEGAL, sfence.inval.ir)
        TRAPS_IN(GOTO_U, CAUSE_ILLEGAL, hinval.gvma a1, a2)
HEXT_END
