/* Smstateen/Ssstateen with the hypervisor extension (privileged spec,
 * "Smstateen and Ssstateen Extensions", and the H extension's virtual-
 * instruction rules; rvkvm only, see rules.mk: QEMU 7.2 cannot turn
 * Smstateen on).  rvkvm's stateen bits: SE0 (63) in every m/hstateenN,
 * ENVCFG (62) in m/hstateen0; sstateen0..3 read-only zero.
 *   - hstateen resets to zero and holds only bits set in mstateen (a bit
 *     mstateen clears reads zero in hstateen);
 *   - HS-mode: hstateenN needs mstateenN.SE0, henvcfg mstateen0.ENVCFG,
 *     else illegal instruction;
 *   - VS-mode: what mstateen forbids is illegal; what mstateen allows but
 *     hstateen does not (sstateenN: hstateenN.SE0, senvcfg: hstateen0.
 *     ENVCFG) is a virtual instruction; hypervisor CSRs (henvcfg,
 *     hstateen) are virtual instruction when HS could access them, else
 *     illegal;
 *   - VU-mode: senvcfg/sstateen/henvcfg/hstateen are virtual instruction
 *     when HS could access them (mstateen), else illegal; hstateen does
 *     not matter. */
#include "hext.h"

#define SE0    0x8000000000000000
#define ENVCFG 0x4000000000000000

/* The instruction trapped into M with `cause`, mepc and mtval naming it. */
#define TRAPS_IN(goto, cause, ...)                      \
        INSN_IN(goto, __VA_ARGS__);                     \
        EXPECT_TRAP(HX_M, cause);                       \
        lla a7, 9001b; EXPECT_REG(s11, a7);             \
        lwu a7, 0(a7); EXPECT_REG(s10, a7)
#define WORKS_IN(goto, ...)  INSN_IN(goto, __VA_ARGS__); EXPECT_OK

/* mstateen0 / hstateen0 = the values (t0 clobbered). */
#define STATEEN0(m, h)  li t0, m; csrw mstateen0, t0; li t0, h; csrw hstateen0, t0

        TEST_BEGIN
        /* The reset values, before the init routines (which may enable
         * them). */
        csrr s0, hstateen0
        csrr s1, hstateen1
        csrr s2, hstateen2
        csrr s3, hstateen3
        csrr s4, mstateen0
        call priv_init
        call hx_init

/* 1: hstateen0..3 (and mstateen0) reset to zero. */
        TC(1)
        EXPECT(s0, 0)
        EXPECT(s1, 0)
        EXPECT(s2, 0)
        EXPECT(s3, 0)
        EXPECT(s4, 0)

/* 2: hstateen bits are read-only zero while mstateen's are zero; with
 * them set, hstateen0 keeps SE0 and ENVCFG, hstateen1..3 SE0 (always
 * writable: not read-only). */
        TC(2)
        csrw mstateen0, zero
        csrw mstateen1, zero
        li   t0, -1
        csrw hstateen0, t0
        csrw hstateen1, t0
        EXPECT_CSR(hstateen0, 0)
        EXPECT_CSR(hstateen1, 0)
        csrw mstateen0, t0
        csrw mstateen1, t0
        csrw mstateen2, t0
        csrw mstateen3, t0
        csrw hstateen0, t0
        csrw hstateen1, t0
        csrw hstateen2, t0
        csrw hstateen3, t0
        EXPECT_CSR(hstateen0, SE0 | ENVCFG)
        EXPECT_CSR(hstateen1, SE0)
        EXPECT_CSR(hstateen2, SE0)
        EXPECT_CSR(hstateen3, SE0)
        /* only mstateen0.SE0: hstateen0 takes SE0 alone */
        li   t0, SE0
        csrw mstateen0, t0
        li   t0, -1
        csrw hstateen0, t0
        EXPECT_CSR(hstateen0, SE0)
        /* clearing an mstateen bit makes hstateen's read zero */
        li   t0, ENVCFG
        csrw mstateen0, t0
        EXPECT_CSR_BITS(hstateen0, SE0, 0)
        csrw mstateen2, zero
        EXPECT_CSR(hstateen2, 0)
        EXPECT_CSR(hstateen3, SE0)
        csrw hstateen1, zero
        EXPECT_CSR(hstateen1, 0)
        csrw hstateen3, zero
        csrw mstateen1, zero
        csrw mstateen3, zero

/* 3: HS-mode: hstateen0 and henvcfg are illegal while mstateen0 forbids
 * them; senvcfg too (ENVCFG). */
        TC(3)
        STATEEN0(0, 0)
        TRAPS_IN(GOTO_HS, CAUSE_ILLEGAL, csrr a0, hstateen0)
        TRAPS_IN(GOTO_HS, CAUSE_ILLEGAL, csrw hstateen0, zero)
        TRAPS_IN(GOTO_HS, CAUSE_ILLEGAL, csrr a0, henvcfg)
        TRAPS_IN(GOTO_HS, CAUSE_ILLEGAL, csrw henvcfg, zero)
        TRAPS_IN(GOTO_HS, CAUSE_ILLEGAL, csrr a0, senvcfg)
        TRAPS_IN(GOTO_HS, CAUSE_ILLEGAL, csrr a0, sstateen0)
        /* SE0 alone: hstateen0 works, henvcfg does not */
        STATEEN0(SE0, 0)
        WORKS_IN(GOTO_HS, csrr a0, hstateen0)
        TRAPS_IN(GOTO_HS, CAUSE_ILLEGAL, csrr a0, henvcfg)
        /* ENVCFG alone: henvcfg works, hstateen0 does not */
        STATEEN0(ENVCFG, 0)
        WORKS_IN(GOTO_HS, csrr a0, henvcfg)
        WORKS_IN(GOTO_HS, csrr a0, senvcfg)
        TRAPS_IN(GOTO_HS, CAUSE_ILLEGAL, csrr a0, hstateen0)
        /* hstateen1 follows mstateen1.SE0, not mstateen0's */
        STATEEN0(SE0 | ENVCFG, 0)
        TRAPS_IN(GOTO_HS, CAUSE_ILLEGAL, csrr a0, hstateen1)

/* 4: HS-mode writes hstateen0 through its WARL mask and mstateen0. */
        TC(4)
        STATEEN0(SE0, 0)
        li   a1, -1
        WORKS_IN(GOTO_HS, csrw hstateen0, a1; csrr a0, hstateen0)
        EXPECT(a0, SE0)
        STATEEN0(SE0 | ENVCFG, 0)
        li   a1, ENVCFG
        WORKS_IN(GOTO_HS, csrs hstateen0, a1; csrr a0, hstateen0)
        EXPECT(a0, ENVCFG)
        EXPECT_CSR(hstateen0, ENVCFG)

/* 5: VS-mode, mstateen0 = 0: senvcfg, sstateen0, henvcfg and hstateen0
 * are all illegal (HS could not access them either). */
        TC(5)
        STATEEN0(0, 0)
        TRAPS_IN(GOTO_VS, CAUSE_ILLEGAL, csrr a0, senvcfg)
        TRAPS_IN(GOTO_VS, CAUSE_ILLEGAL, csrw senvcfg, zero)
        TRAPS_IN(GOTO_VS, CAUSE_ILLEGAL, csrr a0, sstateen0)
        TRAPS_IN(GOTO_VS, CAUSE_ILLEGAL, csrr a0, henvcfg)
        TRAPS_IN(GOTO_VS, CAUSE_ILLEGAL, csrr a0, hstateen0)

/* 6: VS-mode, mstateen0 allowing, hstateen0 = 0: senvcfg and sstateen0
 * raise virtual instruction; the hypervisor CSRs too (HS could). */
        TC(6)
        STATEEN0(SE0 | ENVCFG, 0)
        TRAPS_IN(GOTO_VS, CAUSE_VIRTUAL, csrr a0, senvcfg)
        TRAPS_IN(GOTO_VS, CAUSE_VIRTUAL, csrwi senvcfg, 1)
        TRAPS_IN(GOTO_VS, CAUSE_VIRTUAL, csrr a0, sstateen0)
        TRAPS_IN(GOTO_VS, CAUSE_VIRTUAL, csrw sstateen0, zero)
        TRAPS_IN(GOTO_VS, CAUSE_VIRTUAL, csrr a0, henvcfg)
        TRAPS_IN(GOTO_VS, CAUSE_VIRTUAL, csrr a0, hstateen0)
        TRAPS_IN(GOTO_VS, CAUSE_VIRTUAL, csrw hstateen0, zero)

/* 7: VS-mode with hstateen0 = SE0 | ENVCFG: senvcfg is the (one) senvcfg
 * register, sstateen0 reads zero and ignores writes; henvcfg and
 * hstateen0 stay virtual instruction. */
        TC(7)
        STATEEN0(SE0 | ENVCFG, SE0 | ENVCFG)
        csrw senvcfg, zero
        WORKS_IN(GOTO_VS, csrwi senvcfg, HENVCFG_FIOM; csrr a0, senvcfg)
        EXPECT_BITS(a0, HENVCFG_FIOM, HENVCFG_FIOM)
        EXPECT_CSR_BITS(senvcfg, HENVCFG_FIOM, HENVCFG_FIOM)
        csrw senvcfg, zero
        li   a1, -1
        li   a0, 5
        WORKS_IN(GOTO_VS, csrw sstateen0, a1; csrr a0, sstateen0)
        EXPECT(a0, 0)
        TRAPS_IN(GOTO_VS, CAUSE_VIRTUAL, csrr a0, henvcfg)
        TRAPS_IN(GOTO_VS, CAUSE_VIRTUAL, csrr a0, hstateen0)

/* 8: VS-mode: each hstateen0 bit alone. */
        TC(8)
        STATEEN0(SE0 | ENVCFG, ENVCFG)
        WORKS_IN(GOTO_VS, csrr a0, senvcfg)
        TRAPS_IN(GOTO_VS, CAUSE_VIRTUAL, csrr a0, sstateen0)
        STATEEN0(SE0 | ENVCFG, SE0)
        WORKS_IN(GOTO_VS, csrr a0, sstateen0)
        TRAPS_IN(GOTO_VS, CAUSE_VIRTUAL, csrr a0, senvcfg)
        /* mstateen0.ENVCFG = 0 (hstateen0.ENVCFG then zero too): illegal */
        STATEEN0(SE0, SE0 | ENVCFG)
        EXPECT_CSR(hstateen0, SE0)
        TRAPS_IN(GOTO_VS, CAUSE_ILLEGAL, csrr a0, senvcfg)
        WORKS_IN(GOTO_VS, csrr a0, sstateen0)

/* 9: VS-mode, sstateenN by its own mstateenN/hstateenN: sstateen1 works
 * with both SE0 set, is virtual instruction with hstateen1.SE0 = 0 and
 * illegal with mstateen1.SE0 = 0. */
        TC(9)
        STATEEN0(SE0 | ENVCFG, SE0 | ENVCFG)
        li   t0, SE0
        csrw mstateen1, t0
        csrw hstateen1, t0
        WORKS_IN(GOTO_VS, csrr a0, sstateen1)
        TRAPS_IN(GOTO_VS, CAUSE_ILLEGAL, csrr a0, sstateen2)
        csrw hstateen1, zero
        TRAPS_IN(GOTO_VS, CAUSE_VIRTUAL, csrr a0, sstateen1)
        csrw mstateen1, zero
        TRAPS_IN(GOTO_VS, CAUSE_ILLEGAL, csrr a0, sstateen1)
        /* hstateen1 with mstateen1.SE0 set: virtual instruction from VS */
        li   t0, SE0
        csrw mstateen1, t0
        TRAPS_IN(GOTO_VS, CAUSE_VIRTUAL, csrr a0, hstateen1)
        csrw mstateen1, zero
        TRAPS_IN(GOTO_VS, CAUSE_ILLEGAL, csrr a0, hstateen1)

/* 10: VU-mode: the four are virtual instruction when mstateen allows HS
 * to access them, whatever hstateen says, else illegal. */
        TC(10)
        STATEEN0(SE0 | ENVCFG, SE0 | ENVCFG)
        TRAPS_IN(GOTO_VU, CAUSE_VIRTUAL, csrr a0, senvcfg)
        TRAPS_IN(GOTO_VU, CAUSE_VIRTUAL, csrr a0, sstateen0)
        TRAPS_IN(GOTO_VU, CAUSE_VIRTUAL, csrr a0, henvcfg)
        TRAPS_IN(GOTO_VU, CAUSE_VIRTUAL, csrr a0, hstateen0)
        STATEEN0(SE0 | ENVCFG, 0)
        TRAPS_IN(GOTO_VU, CAUSE_VIRTUAL, csrr a0, senvcfg)
        TRAPS_IN(GOTO_VU, CAUSE_VIRTUAL, csrr a0, sstateen0)
        STATEEN0(0, 0)
        TRAPS_IN(GOTO_VU, CAUSE_ILLEGAL, csrr a0, senvcfg)
        TRAPS_IN(GOTO_VU, CAUSE_ILLEGAL, csrr a0, sstateen0)
        TRAPS_IN(GOTO_VU, CAUSE_ILLEGAL, csrr a0, henvcfg)
        TRAPS_IN(GOTO_VU, CAUSE_ILLEGAL, csrr a0, hstateen0)
        /* mstateen is M-only from every mode */
        TRAPS_IN(GOTO_VU, CAUSE_ILLEGAL, csrr a0, mstateen0)
        TRAPS_IN(GOTO_VS, CAUSE_ILLEGAL, csrr a0, mstateen0)
        TRAPS_IN(GOTO_HS, CAUSE_ILLEGAL, csrr a0, mstateen0)

/* 11: U-mode (V=0): all of them illegal, whatever mstateen allows. */
        TC(11)
        STATEEN0(SE0 | ENVCFG, SE0 | ENVCFG)
        TRAPS_IN(GOTO_U, CAUSE_ILLEGAL, csrr a0, senvcfg)
        TRAPS_IN(GOTO_U, CAUSE_ILLEGAL, csrr a0, sstateen0)
        TRAPS_IN(GOTO_U, CAUSE_ILLEGAL, csrr a0, henvcfg)
        TRAPS_IN(GOTO_U, CAUSE_ILLEGAL, csrr a0, hstateen0)
        STATEEN0(0, 0)

        PRIV_END
