/* Smstateen/Ssstateen without the hypervisor's V=1 (privileged spec,
 * "Smstateen and Ssstateen Extensions"; rvkvm only, see rules.mk: QEMU 7.2
 * cannot turn Smstateen on).  rvkvm implements, of the state the stateen0
 * bits control, only senvcfg/henvcfg (ENVCFG, bit 62) and the sstateen/
 * hstateen registers themselves (SE0, bit 63); every other bit is
 * read-only zero, and so is all of sstateen0..3 (C, FCSR, JVT).
 *   - writable mstateen bits reset to zero;
 *   - mstateen0 holds SE0 and ENVCFG, mstateen1..3 SE0 (writable: the
 *     hart has the H extension);
 *   - the mstateen registers are M-only;
 *   - below M, senvcfg needs mstateen0.ENVCFG and sstateenN needs
 *     mstateenN.SE0, else illegal instruction; M itself is not limited;
 *   - sstateenN reads zero and ignores writes;
 *   - U-mode never reaches them (S CSRs). */
#include "priv.h"

#define SE0    0x8000000000000000
#define ENVCFG 0x4000000000000000

/* Run `insn` in S-mode (then ECALL back): it either completes (the ECALL
 * is seen, cause 9) or traps into M with `cause`, mepc and mtval naming
 * it (label numbers 9001/9002 used). */
#define S_WORKS(...)                                    \
        RUN_IN(PRV_S, 9001f, 9002f);                    \
9001:   __VA_ARGS__; ecall;                             \
9002:   EXPECT_CAUSE(CAUSE_ECALL_S)
#define S_TRAPS(cause, ...)                             \
        RUN_IN(PRV_S, 9001f, 9002f);                    \
9001:   __VA_ARGS__; ecall;                             \
9002:   EXPECT_CAUSE(cause);                            \
        lla a7, 9001b; EXPECT_REG(s11, a7);             \
        lwu a7, 0(a7); EXPECT_REG(s10, a7)
#define U_TRAPS(cause, ...)                             \
        RUN_IN(PRV_U, 9001f, 9002f);                    \
9001:   __VA_ARGS__; ecall;                             \
9002:   EXPECT_CAUSE(cause)

        TEST_BEGIN
        /* The reset values, before priv_init (which may enable them). */
        csrr s0, mstateen0
        csrr s1, mstateen1
        csrr s2, mstateen2
        csrr s3, mstateen3
        call priv_init

/* 1: the writable mstateen bits reset to zero (all of them here). */
        TC(1)
        EXPECT(s0, 0)
        EXPECT(s1, 0)
        EXPECT(s2, 0)
        EXPECT(s3, 0)

/* 2: WARL: mstateen0 keeps SE0 and ENVCFG, mstateen1..3 SE0 (bit 63 may
 * be read-only zero only without H); the other bits are read-only zero. */
        TC(2)
        li   t0, -1
        csrw mstateen0, t0
        csrw mstateen1, t0
        csrw mstateen2, t0
        csrw mstateen3, t0
        EXPECT_CSR(mstateen0, SE0 | ENVCFG)
        EXPECT_CSR(mstateen1, SE0)
        EXPECT_CSR(mstateen2, SE0)
        EXPECT_CSR(mstateen3, SE0)
        li   t0, ~(SE0 | ENVCFG)
        csrw mstateen0, t0
        EXPECT_CSR(mstateen0, 0)
        li   t0, ENVCFG
        csrs mstateen0, t0
        EXPECT_CSR(mstateen0, ENVCFG)
        csrc mstateen0, t0
        csrw mstateen1, zero
        EXPECT_CSR(mstateen1, 0)
        EXPECT_CSR(mstateen3, SE0)
        csrw mstateen2, zero
        csrw mstateen3, zero
        EXPECT_CSR(mstateen2, 0)

/* 3: the mstateen registers are machine-level: illegal from S and U, even
 * with every bit set. */
        TC(3)
        li   t0, -1
        csrw mstateen0, t0
        S_TRAPS(CAUSE_ILLEGAL, csrr a0, mstateen0)
        S_TRAPS(CAUSE_ILLEGAL, csrw mstateen1, zero)
        S_TRAPS(CAUSE_ILLEGAL, csrr a0, mstateen3)
        U_TRAPS(CAUSE_ILLEGAL, csrr a0, mstateen0)
        EXPECT_CSR(mstateen0, SE0 | ENVCFG)
        csrw mstateen0, zero

/* 4: mstateen0.ENVCFG = 0: senvcfg is illegal in S, read or written. */
        TC(4)
        li   t0, SE0
        csrw mstateen0, t0
        S_TRAPS(CAUSE_ILLEGAL, csrr a0, senvcfg)
        S_TRAPS(CAUSE_ILLEGAL, csrwi senvcfg, 1)
        S_TRAPS(CAUSE_ILLEGAL, csrs senvcfg, zero)

/* 5: mstateen0.ENVCFG = 1: senvcfg works in S (FIOM writable), and is the
 * register M sees. */
        TC(5)
        li   t0, ENVCFG
        csrw mstateen0, t0
        csrw senvcfg, zero
        S_WORKS(csrwi senvcfg, MENVCFG_FIOM; csrr a0, senvcfg)
        EXPECT_BITS(a0, MENVCFG_FIOM, MENVCFG_FIOM)
        EXPECT_CSR_BITS(senvcfg, MENVCFG_FIOM, MENVCFG_FIOM)
        S_WORKS(csrwi senvcfg, 0; csrr a0, senvcfg)
        EXPECT_BITS(a0, MENVCFG_FIOM, 0)

/* 6: mstateen0.SE0 = 0: sstateen0 is illegal in S (ENVCFG does not give
 * it); with SE0 it reads zero and ignores writes. */
        TC(6)
        li   t0, ENVCFG
        csrw mstateen0, t0
        S_TRAPS(CAUSE_ILLEGAL, csrr a0, sstateen0)
        S_TRAPS(CAUSE_ILLEGAL, csrw sstateen0, zero)
        li   t0, SE0
        csrw mstateen0, t0
        li   a1, -1
        li   a0, 5
        S_WORKS(csrw sstateen0, a1; csrr a0, sstateen0)
        EXPECT(a0, 0)
        EXPECT_CSR(sstateen0, 0)

/* 7: each mstateenN.SE0 gives sstateenN alone. */
        TC(7)
        csrw mstateen0, zero
        li   t0, SE0
        csrw mstateen2, t0
        li   a0, 5
        S_WORKS(csrr a0, sstateen2)
        EXPECT(a0, 0)
        S_TRAPS(CAUSE_ILLEGAL, csrr a0, sstateen0)
        S_TRAPS(CAUSE_ILLEGAL, csrr a0, sstateen1)
        S_TRAPS(CAUSE_ILLEGAL, csrr a0, sstateen3)
        csrw mstateen2, zero
        li   t0, SE0
        csrw mstateen1, t0
        csrw mstateen3, t0
        li   a1, -1
        S_WORKS(csrw sstateen1, a1; csrr a0, sstateen1; csrr a2, sstateen3)
        EXPECT(a0, 0)
        EXPECT(a2, 0)
        S_TRAPS(CAUSE_ILLEGAL, csrr a0, sstateen2)
        /* mstateen0.ENVCFG is mstateen0's alone */
        S_TRAPS(CAUSE_ILLEGAL, csrr a0, senvcfg)
        csrw mstateen1, zero
        csrw mstateen3, zero

/* 8: U-mode: senvcfg and sstateen are S CSRs, illegal whatever mstateen
 * allows. */
        TC(8)
        li   t0, -1
        csrw mstateen0, t0
        U_TRAPS(CAUSE_ILLEGAL, csrr a0, senvcfg)
        U_TRAPS(CAUSE_ILLEGAL, csrr a0, sstateen0)
        csrw mstateen0, zero

/* 9: M-mode is not limited by its own stateen: with mstateen0 = 0 it
 * still writes senvcfg and reads the sstateen registers. */
        TC(9)
        csrw mstateen0, zero
        csrwi senvcfg, MENVCFG_FIOM
        EXPECT_CSR_BITS(senvcfg, MENVCFG_FIOM, MENVCFG_FIOM)
        csrwi senvcfg, 0
        EXPECT_CSR_BITS(senvcfg, MENVCFG_FIOM, 0)
        li   t0, -1
        csrw sstateen0, t0
        EXPECT_CSR(sstateen0, 0)
        EXPECT_CSR(sstateen3, 0)

/* 10: the other S CSRs do not depend on mstateen (scounteren, sscratch
 * with mstateen0 = 0). */
        TC(10)
        li   a1, 0x55
        S_WORKS(csrw sscratch, a1; csrr a0, sscratch; csrr a2, scounteren)
        EXPECT(a0, 0x55)

        PRIV_END
