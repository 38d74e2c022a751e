/* CSR writes in hot (compiled) code.  rvkvm's JIT does CSRRW/S/C in a
 * helper and goes on with the block only after a write of sscratch, or of
 * sstatus that changes nothing but SUM and SIE with no interrupt now due;
 * after any other write the block ends there, as in the interpreter.  Each
 * kernel below runs 50 times first (compiled from then on), then with the
 * operand that must take effect at once:
 *   1: FS cleared through sstatus: the FP instruction right after traps;
 *   2: sstatus.SIE set in S with an SSI pending: taken right after;
 *   3: sie.SSIE set in S with an SSI pending and SIE on: likewise;
 *   4: SUM set and cleared around S loads of a U page, and sscratch
 *      written between them: the data context follows within the block.
 * The same program passes on QEMU. */
#include "priv.h"

#define PG_U 0x40001000

PRIV_BEGIN
        li   t0, MSTATUS_FS
        csrs mstatus, t0

/* 1: FS off through sstatus, then an FP instruction */
        TC(1)
        li   s1, 50
2:      li   a0, 0
        call kfs
        addi s1, s1, -1
        bnez s1, 2b
        li   a0, MSTATUS_FS
        TRY(1f)
        call kfs
1:      EXPECT_CAUSE(CAUSE_ILLEGAL)
        EXPECT_EPC_AT(kfs_fp)
        li   t0, MSTATUS_FS
        csrs mstatus, t0

/* 2: in S, sstatus.SIE set with a delegated SSI pending and enabled */
        TC(2)
        li   t0, MIP_SSIP
        csrw mideleg, t0
        csrw mie, t0
        RUN_IN(PRV_S, 2f, 1f)
2:      li   s1, 50
        li   a2, 0
3:      call ksie
        addi s1, s1, -1
        bnez s1, 3b
        csrsi sip, MIP_SSIP
        li   a2, MSTATUS_SIE
        lla  s8, 4f
        call ksie
        li   s0, -1               /* not taken */
        lla  s8, 1f
        ecall
4:      S_SAVE_AND_ECALL(1f)
1:      EXPECT(s0, INTR_(IRQ_SSI))
        lla  t0, ksie_next
        EXPECT_REG(s2, t0)
        IRQ_QUIET
        csrw mideleg, zero

/* 3: in S with SIE on, sie.SSIE set with an SSI pending */
        TC(3)
        li   t0, MIP_SSIP
        csrw mideleg, t0
        RUN_IN(PRV_S, 2f, 1f)
2:      csrsi sstatus, MSTATUS_SIE
        li   s1, 50
        li   a2, 0
3:      call ksie_ie
        addi s1, s1, -1
        bnez s1, 3b
        csrsi sip, MIP_SSIP
        li   a2, MIP_SSIP
        lla  s8, 4f
        call ksie_ie
        li   s0, -1
        lla  s8, 1f
        ecall
4:      S_SAVE_AND_ECALL(1f)
1:      EXPECT(s0, INTR_(IRQ_SSI))
        lla  t0, ksie_ie_next
        EXPECT_REG(s2, t0)
        IRQ_QUIET
        csrw mideleg, zero

/* 4: SUM toggled around loads of a U page in one block */
        TC(4)
        li   a0, 3
        call pt_new
        mv   s7, a0
        MAP_L(PG_U, priv_page_a, F(PTE_U | PTE_R | PTE_W), 0)
        csrw satp, s7
        sfence.vma
        li   a1, PG_U
        RUN_IN(PRV_S, 2f, 1f)
2:      li   s1, 50
        li   a2, MSTATUS_SUM
3:      call ksum
        addi s1, s1, -1
        bnez s1, 3b
        mv   s4, a0
        mv   s5, a3
        lla  s8, 4f
        li   a2, 0                /* SUM stays off: the first load faults */
        call ksum
        li   s0, -1
        lla  s8, 1f
        ecall
4:      S_SAVE_AND_ECALL(1f)
1:      EXPECT(s4, MAGIC_A)
        EXPECT(s5, 0x5c)
        EXPECT(s0, CAUSE_LOAD_PAGE)
        EXPECT(s1, PG_U)
        lla  t0, ksum_load
        EXPECT_REG(s2, t0)
        csrw satp, zero
        sfence.vma
        j    done

/* csrc sstatus, a0; an FP add (traps when a0 turned FS off) */
kfs:    csrc sstatus, a0
kfs_fp: fadd.d fa0, fa1, fa2
        ret

/* csrs sstatus, a2, then two instructions and a return */
ksie:   csrs sstatus, a2
ksie_next:
        addi a4, a4, 1
        addi a4, a4, 1
        ret

/* csrs sie, a2, likewise */
ksie_ie:
        csrs sie, a2
ksie_ie_next:
        addi a4, a4, 1
        addi a4, a4, 1
        ret

/* with a1 = a U page: sstatus |= a2 (SUM), load it, write sscratch,
 * clear SUM; a0 = the word, a3 = sscratch read back */
ksum:   csrs sstatus, a2
ksum_load:
        ld   a0, 0(a1)
        li   a3, 0x5c
        csrw sscratch, a3
        csrr a3, sscratch
        csrc sstatus, a2
        ret

done:
PRIV_END
