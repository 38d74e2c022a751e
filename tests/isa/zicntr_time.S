/* Zicntr time CSR from M-mode: RDTIME reads a real-time counter that
 * advances and never goes backwards.  Not run on QEMU: its spike machine
 * provides no rdtime source, so reading time there is an illegal
 * instruction. */
#include "isa.h"

ISA_BEGIN
        /* time advances: spin (bounded) until it changes */
        TESTCASE(1)
        rdtime a0
        li a2, 50000000
1:      rdtime a1
        bne a1, a0, 2f
        addi a2, a2, -1
        bnez a2, 1b
        j fail
2:      bltu a1, a0, fail

        /* monotonic over many reads */
        TESTCASE(2)
        li a2, 10000
        rdtime a0
1:      rdtime a1
        bltu a1, a0, fail
        mv a0, a1
        addi a2, a2, -1
        bnez a2, 1b

        /* csrr of time (0xc01) is the same counter */
        TESTCASE(3)
        rdtime a0
        csrr a1, time
        bltu a1, a0, fail
ISA_END
