/* The programmable counters with Sscofpmf (priv spec "Zihpm" and
 * "Sscofpmf"; rvkvm's events: 1 = cycles, 2 = instructions retired, one
 * cycle per instruction, docs/architecture.md): counting exactly, per
 * mode (the xINH bits of mhpmevent), mcountinhibit freezing a counter,
 * overflow (OF, LCOFIP, no new request while OF is set), the LCOFI
 * interrupt in M (also from compiled loops) and, delegated, in S,
 * scountovf in M and S.  The CSR
 * side that QEMU agrees with is hpm_csr.S; the VS/VU filters and LCOFI
 * delegation to VS are in tests/hext/hpm.S. */
#include "priv.h"

#define CSR_SCOUNTOVF 0xda0
#define IRQ_LCOFI     13
#define MIP_LCOFIP    (1 << IRQ_LCOFI)
#define EV_CYCLES     1
#define EV_INSTRET    2
#define HPM_OF        0x8000000000000000
#define HPM_MINH      0x4000000000000000
#define HPM_SINH      0x2000000000000000
#define HPM_UINH      0x1000000000000000
#define HPM_VSINH     0x0800000000000000

/* Counter 3 counts instructions from -n (OF clear), LCOFI enabled in M
 * and MIE set; the interrupt resumes at 2f. */
#define LCOFI_ARM(n)                                                    \
        li t0, EV_INSTRET; csrw mhpmevent3, t0;                         \
        li t0, MIP_LCOFIP; csrs mie, t0;                                \
        li t0, -(n); csrw mhpmcounter3, t0;                             \
        TRY(2f); csrsi mstatus, MSTATUS_MIE
/* At 2: LCOFI was taken from the loop at 1b (mepc within span bytes of
 * it) at most 100 instructions after the overflow, OF and LCOFIP set;
 * then disabled and cleared. */
#define LCOFI_SEEN(span)                                                \
        csrr a0, mhpmcounter3;                                          \
        EXPECT_CAUSE(INTR_(IRQ_LCOFI)); EXPECT_NEAR(s11, 1b, span);     \
        li t0, 100; bgeu a0, t0, fail;                                  \
        EXPECT_CSR(mhpmevent3, HPM_OF | EV_INSTRET);                    \
        EXPECT_CSR_BITS(mip, MIP_LCOFIP, MIP_LCOFIP);                   \
        li t0, MIP_LCOFIP; csrc mie, t0; csrc mip, t0;                  \
        li t0, MSTATUS_MIE | MSTATUS_MPIE; csrc mstatus, t0
#define HPM_VUINH     0x0400000000000000
/* What mhpmevent holds: OF, the five xINH bits, the event in 55:0. */
#define HPM_EVENT_BITS 0xfcffffffffffffff

/* n instructions that change nothing the checks look at. */
#define NOPS(n) .rept n; addi a6, a6, 1; .endr

PRIV_BEGIN

/* 1: mhpmevent holds OF, the xINH bits and the event; mhpmcounter any
 * value while its event counts nothing (and in hpmcounter from M). */
        TC(1)
        li   t0, -1
        csrw mhpmevent3, t0
        EXPECT_CSR(mhpmevent3, HPM_EVENT_BITS)
        csrw mhpmevent3, zero
        li   t0, 0x123456789abcdef0
        csrw mhpmcounter3, t0
        NOPS(10)
        EXPECT_CSR(mhpmcounter3, 0x123456789abcdef0)
        EXPECT_CSR(hpmcounter3, 0x123456789abcdef0)
        li   t0, 77                     /* not an event rvkvm has: held, counts nothing */
        csrw mhpmevent4, t0
        csrw mhpmcounter4, zero
        NOPS(10)
        EXPECT_CSR(mhpmevent4, 77)
        EXPECT_CSR(mhpmcounter4, 0)
        csrw mhpmevent4, zero

/* 2-3: instructions and cycles count exactly: a read sees every
 * instruction before it, a write is the value the next instruction sees
 * (the writing instruction is not counted), as for minstret. */
        TC(2)
        csrw mcountinhibit, zero
        li   t0, EV_INSTRET
        csrw mhpmevent3, t0
        csrw mhpmcounter3, zero
        NOPS(5)
        csrr a0, mhpmcounter3
        csrr a1, hpmcounter3            /* and the read itself */
        EXPECT(a0, 5)
        EXPECT(a1, 6)

        TC(3)
        li   t0, EV_CYCLES
        csrw mhpmevent4, t0
        li   t0, 1000
        csrw mhpmcounter4, t0
        li   t1, 50                     /* 1 + 2 * 50 instructions */
1:      addi t1, t1, -1
        bnez t1, 1b
        csrr a0, mhpmcounter4
        EXPECT(a0, 1101)
        csrw mhpmevent4, zero

/* 4: mcountinhibit bit 3 freezes counter 3 (a written value stays), and
 * clearing it starts it again; the writes themselves are not counted. */
        TC(4)
        li   t0, 8
        csrw mcountinhibit, t0
        li   t0, 100
        csrw mhpmcounter3, t0
        NOPS(30)
        csrr a0, mhpmcounter3
        EXPECT(a0, 100)
        csrw mcountinhibit, zero
        li   t0, 8
        NOPS(2)
        csrr a0, mhpmcounter3
        csrw mcountinhibit, t0          /* stops at 104: the read counted */
        EXPECT(a0, 103)
        NOPS(30)
        csrr a0, mhpmcounter3
        EXPECT(a0, 104)
        EXPECT_CSR_BITS(mcountinhibit, 0xfffffffd, 8)
        csrw mcountinhibit, zero

/* 5-8: the mode filters.  The body runs 10 instructions, then ECALLs
 * (not retired); MRET retires in M. */
#define FILTER_RUN(mode, filter, want)                  \
        li   t0, EV_INSTRET | (filter);                 \
        csrw mhpmevent3, t0;                            \
        csrw mhpmcounter3, zero;                        \
        RUN_IN(mode, 9003f, 9004f);                     \
9003:   NOPS(10);                                       \
        ecall;                                          \
9004:   csrr a0, mhpmcounter3;                          \
        EXPECT(a0, want)

        TC(5)                                           /* S only */
        FILTER_RUN(PRV_S, HPM_MINH | HPM_UINH, 10)
        FILTER_RUN(PRV_U, HPM_MINH | HPM_UINH, 0)
        TC(6)                                           /* U only */
        FILTER_RUN(PRV_U, HPM_MINH | HPM_SINH, 10)
        FILTER_RUN(PRV_S, HPM_MINH | HPM_SINH, 0)
        TC(7)                                           /* VS/VU inhibits do not touch S/U */
        FILTER_RUN(PRV_S, HPM_MINH | HPM_VSINH | HPM_VUINH, 10)
        FILTER_RUN(PRV_U, HPM_MINH | HPM_VSINH | HPM_VUINH, 10)
        TC(8)                                           /* M only: no S instruction counted */
        li   t0, EV_INSTRET | HPM_SINH | HPM_UINH
        csrw mhpmevent3, t0
        csrw mhpmcounter3, zero
        RUN_IN(PRV_S, 2f, 3f)
2:      NOPS(50)
        ecall
3:      csrr a0, mhpmcounter3           /* the M-mode code around it only */
        li   t0, 50
        bgeu a0, t0, fail
        beqz a0, fail

/* 9-10: overflow by counting: the counter wraps and goes on, OF is set
 * and LCOFIP is raised (no interrupt: mie clear); scountovf shows OF
 * in M whatever mcounteren says. */
        TC(9)
        csrw mie, zero
        li   t0, MIP_LCOFIP
        csrc mip, t0
        li   t0, EV_INSTRET
        csrw mhpmevent3, t0
        li   t0, -10
        csrw mhpmcounter3, t0
        NOPS(20)
        csrr a0, mhpmcounter3
        EXPECT(a0, 10)
        EXPECT_CSR(mhpmevent3, HPM_OF | EV_INSTRET)
        EXPECT_CSR_BITS(mip, MIP_LCOFIP, MIP_LCOFIP)
        csrw mcounteren, zero
        EXPECT_CSR(CSR_SCOUNTOVF, 8)

        TC(10)                          /* OF set: no new request */
        li   t0, MIP_LCOFIP
        csrc mip, t0
        li   t0, -5
        csrw mhpmcounter3, t0
        NOPS(20)
        EXPECT_CSR_BITS(mip, MIP_LCOFIP, 0)
        EXPECT_CSR(mhpmevent3, HPM_OF | EV_INSTRET)
        /* A write never overflows: all ones, then 0, with the counter stopped. */
        li   t0, 8
        csrw mcountinhibit, t0
        li   t0, EV_INSTRET
        csrw mhpmevent3, t0
        li   t0, -1
        csrw mhpmcounter3, t0
        csrw mhpmcounter3, zero
        EXPECT_CSR(mhpmevent3, EV_INSTRET)
        EXPECT_CSR_BITS(mip, MIP_LCOFIP, 0)
        csrw mcountinhibit, zero

/* 11: a long loop (compiled, chained blocks) counts every instruction:
 * -100000 + 2 * 50000 = 0, and the overflow in it was seen. */
        TC(11)
        li   t0, EV_INSTRET
        csrw mhpmevent3, t0
        li   t1, 50000
        li   t0, -100000
        csrw mhpmcounter3, t0
1:      addi t1, t1, -1
        bnez t1, 1b
        csrr a0, mhpmcounter3
        EXPECT(a0, 0)
        EXPECT_CSR(mhpmevent3, HPM_OF | EV_INSTRET)
        li   t0, MIP_LCOFIP
        csrc mip, t0

/* 12: LCOFI taken in M (mideleg clear), soon after the overflow: the
 * counter has counted at most a block's worth past it when the handler
 * reads it. */
        TC(12)
        LCOFI_ARM(300)
        li   t1, 100000
1:      addi t1, t1, -1
        bnez t1, 1b
2:      LCOFI_SEEN(4)

/* 13: delegated (mideleg bit 13), it is taken in S with scause
 * interrupt | 13; S sees sip.LCOFIP, clears it, and reads scountovf
 * (bit 3, as mcounteren allows). */
        TC(13)
        li   t0, MIP_LCOFIP
        csrs mideleg, t0
        csrs mie, t0
        li   t0, EV_INSTRET | HPM_MINH  /* only S counts */
        csrw mhpmevent3, t0
        li   t0, -200
        csrw mhpmcounter3, t0
        li   t0, 8
        csrw mcounteren, t0
        li   s4, -1
        li   s5, -1
        li   s6, -1
        RUN_IN(PRV_S, 2f, 5f)
2:      lla  s8, 4f
        csrsi sstatus, MSTATUS_SIE
        li   t1, 100000
3:      addi t1, t1, -1
        bnez t1, 3b
4:      csrr s4, sip
        li   t0, MIP_LCOFIP
        csrc sip, t0
        csrr s5, sip
        csrr s6, CSR_SCOUNTOVF
        S_SAVE_AND_ECALL(5f)
5:      EXPECT_CAUSE(CAUSE_ECALL_S)
        EXPECT(s0, INTR_(IRQ_LCOFI))
        EXPECT_NEAR(s2, 3b, 4)
        EXPECT_BITS(s4, MIP_LCOFIP, MIP_LCOFIP)
        EXPECT_BITS(s5, MIP_LCOFIP, 0)
        EXPECT(s6, 8)
        EXPECT_CSR_BITS(mip, MIP_LCOFIP, 0)
        csrr a0, mhpmcounter3
        li   t0, 100
        bgeu a0, t0, fail

/* 14: scountovf below M: bit X only with mcounteren bit X (else 0);
 * U-mode cannot read it; it is read-only. */
        TC(14)
        li   t0, HPM_OF
        csrw mhpmevent4, t0
        csrw mhpmevent5, t0
        csrw mhpmevent3, zero
        EXPECT_CSR(CSR_SCOUNTOVF, 0x30)
        li   t0, 0x10
        csrw mcounteren, t0
        CSR_READ_IN(PRV_S, CSR_SCOUNTOVF, CAUSE_ECALL_S)
        EXPECT(a0, 0x10)
        csrw mcounteren, zero
        CSR_READ_IN(PRV_S, CSR_SCOUNTOVF, CAUSE_ECALL_S)
        EXPECT(a0, 0)
        li   t0, -1
        csrw mcounteren, t0
        csrw scounteren, t0
        CSR_READ_IN(PRV_U, CSR_SCOUNTOVF, CAUSE_ILLEGAL)
        TRY(1f)
        csrw CSR_SCOUNTOVF, zero
1:      EXPECT_CAUSE(CAUSE_ILLEGAL)
        csrw mcounteren, zero
        csrw scounteren, zero
        csrw mhpmevent4, zero
        csrw mhpmevent5, zero
        li   t0, MIP_LCOFIP
        csrc mideleg, t0
        csrc mie, t0

/* 15: as 12, in a compiled loop that calls out of its code each
 * iteration (cpop, a helper call) and overflowing far from its start: each call's
 * write-back takes what the loop used off its budget, so the loop goes
 * back to the run loop, which sees the overflow near and chains no more. */
        TC(15)
        LCOFI_ARM(60000)
        li   t1, 100000
1:      cpop t2, t1
        addi t1, t1, -1
        bnez t1, 1b
2:      LCOFI_SEEN(8)

PRIV_END
