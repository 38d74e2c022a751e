/* Zicntr / Zihpm basics from M-mode (unpriv spec "Counters" chapter; priv
 * spec machine counters): cycle and instret increase, instret counts
 * retired instructions exactly (the difference of two reads is the number
 * of instructions from the first read up to the second), the M-mode aliases
 * agree, and the hpmcounters are readable.  The time CSR is in
 * zicntr_time.S.  On QEMU this runs with -icount shift=0 (otherwise QEMU
 * derives instret from the host clock) and pmu-num=29 (QEMU 7.2 implements
 * only 16 hpmcounters by default and traps on the rest). */
#include "isa.h"

ISA_BEGIN
        /* cycle increases */
        TESTCASE(1)
        rdcycle a0
        li a2, 100
1:      addi a2, a2, -1
        bnez a2, 1b
        rdcycle a1
        bgeu a0, a1, fail

        /* instret increases */
        TESTCASE(2)
        rdinstret a0
        nop
        rdinstret a1
        bgeu a0, a1, fail

        /* straight line: the first read plus 10 instructions */
        TESTCASE(3)
        .option push
        .option norvc
        rdinstret a0
        addi a2, x0, 1
        addi a2, a2, 1
        addi a2, a2, 1
        addi a2, a2, 1
        addi a2, a2, 1
        nop
        nop
        nop
        nop
        nop
        rdinstret a1
        .option pop
        sub a0, a1, a0
        EXPECT(a0, 11)

        /* compressed instructions count one each */
        TESTCASE(4)
        rdinstret a0
        c.nop
        c.nop
        c.li a2, 1
        c.addi a2, 1
        rdinstret a1
        sub a0, a1, a0
        EXPECT(a0, 5)

        /* a loop: 50 x (addi, bnez) -- taken and not-taken branches count */
        TESTCASE(5)
        li a2, 50
        rdinstret a0
1:      addi a2, a2, -1
        bnez a2, 1b
        rdinstret a1
        sub a0, a1, a0
        EXPECT(a0, 101)

        /* jumps and calls count */
        TESTCASE(6)
        rdinstret a0                /* 1 */
        j 1f                        /* 2 */
        nop
1:      jal ra, 2f                  /* 3 */
        j 3f                        /* 5 */
2:      ret                         /* 4 */
3:      rdinstret a1
        sub a0, a1, a0
        EXPECT(a0, 5)

        /* loads, stores, M and FP-free ALU ops all count */
        TESTCASE(7)
        la a3, scratch
        rdinstret a0
        sd a3, 0(a3)
        ld a4, 0(a3)
        mul a4, a4, a4
        div a4, a4, a3
        amoadd.d x0, a4, (a3)
        rdinstret a1
        sub a0, a1, a0
        EXPECT(a0, 6)

        /* M-mode aliases: minstret / mcycle */
        TESTCASE(8)
        csrr a0, minstret
        csrr a1, instret
        sub a2, a1, a0
        EXPECT(a2, 1)
        csrr a0, mcycle
        csrr a1, cycle
        bltu a1, a0, fail

        /* Zihpm / priv spec: all 29 hpmcounters, their M-mode versions and
         * the event selectors exist in M-mode (possibly read-only zero). */
        TESTCASE(9)
        INSTALL_TRAP
        ARM_TRAP
        .irp k, 3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
        csrr a0, hpmcounter\k
        csrr a0, mhpmcounter\k
        csrr a0, mhpmevent\k
        .endr
        EXPECT_NO_TRAP
        UNINSTALL_TRAP
ISA_END

        .data
        .align 3
scratch: .dword 0
