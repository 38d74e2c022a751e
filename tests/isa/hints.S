/* Hints that are now named extensions, executing as the no-ops they are:
 *   Zihintntl: NTL.P1/PALL/S1/ALL = ADD x0, x0, x2/x3/x4/x5 and
 *     C.NTL.* = C.ADD x0, x2..x5 (binutils 2.40 has no mnemonics);
 *   Zicbop: PREFETCH.I/R/W offset(rs1) = ORI x0, rs1, offset with
 *     imm[4:0] = 0/1/3: no exception even where nothing is mapped
 *     (unprivileged spec, "Cache-Block Operations").
 * Registers are unchanged, nothing traps. */
#include "isa.h"

        .option arch, +zicbop

#define ADDR_UNMAPPED 0x1000000000

ISA_BEGIN
        INSTALL_TRAP
        /* 1: NTL.* and C.NTL.* */
        TESTCASE(1)
        mv a4, sp; mv a5, gp; mv a6, tp; li t0, 0x5a
        ARM_TRAP
        add x0, x0, x2
        add x0, x0, x3
        add x0, x0, x4
        add x0, x0, x5
        .hword 0x900a, 0x900e, 0x9012, 0x9016
        EXPECT_NO_TRAP
        EXPECT_REG(sp, a4); EXPECT_REG(gp, a5); EXPECT_REG(tp, a6); EXPECT(t0, 0x5a)
        /* 2: the encodings */
        TESTCASE(2)
        la a1, enc
        lwu a0, 0(a1); EXPECT(a0, 0x00200033)
        lwu a0, 4(a1); EXPECT(a0, 0x00500033)
        lwu a0, 8(a1); EXPECT(a0, 0x0205e013)
        lwu a0, 12(a1); EXPECT(a0, 0x0415e013)
        lwu a0, 16(a1); EXPECT(a0, 0x0635e013)
        /* 3: prefetches of memory and of an address nothing backs */
        TESTCASE(3)
        la a1, enc
        li a2, ADDR_UNMAPPED
        ARM_TRAP
        prefetch.i 0(a1)
        prefetch.r 32(a1)
        prefetch.w -32(a1)
        prefetch.i 0(a2)
        prefetch.r 2016(a2)
        prefetch.w -2048(a2)
        EXPECT_NO_TRAP
        li a0, ADDR_UNMAPPED; EXPECT_REG(a2, a0)
        UNINSTALL_TRAP
ISA_END

        .text
enc:    add x0, x0, x2
        add x0, x0, x5
        prefetch.i 32(a1)
        prefetch.r 64(a1)
        prefetch.w 96(a1)
