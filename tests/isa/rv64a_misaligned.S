/* Misaligned atomics (unpriv spec "A" extension; priv spec mcause table):
 * an AMO whose address is not naturally aligned raises a store/AMO
 * address-misaligned exception (cause 6) and a misaligned LR a load
 * address-misaligned exception (cause 4), with mtval = the faulting address;
 * rd and memory are left unchanged.  (rvkvm emulates no misaligned atomics;
 * Zam is not implemented.)
 * Not run on QEMU 7.2, which reports misaligned AMOs with cause 4. */
#include "isa.h"

#define RD_MARK 0x5eed

/* Set up a1 = buf+off, run the instruction, which must trap with cause;
 * mtval = a1, a0 (rd) and buf unchanged. */
#define MIS_PRE(n, off)                                         \
        TESTCASE(n);                                            \
        la a1, buf; li a3, -1; sd a3, 0(a1); sd a3, 8(a1);      \
        addi a1, a1, off; li a2, 0x1234; li a0, RD_MARK;        \
        ARM_TRAP
#define MIS_POST(cause)                                         \
        EXPECT_CAUSE(cause); EXPECT_REG(s11, a1);               \
        EXPECT(a0, RD_MARK);                                    \
        la a1, buf; ld a3, 0(a1); EXPECT(a3, -1);               \
        ld a3, 8(a1); EXPECT(a3, -1)

#define TEST_AMO_MIS(n, op, off) \
        MIS_PRE(n, off); op a0, a2, (a1); MIS_POST(CAUSE_MISALIGNED_STORE)
#define TEST_LR_MIS(n, op, off) \
        MIS_PRE(n, off); op a0, (a1); MIS_POST(CAUSE_MISALIGNED_LOAD)

ISA_BEGIN
        INSTALL_TRAP
        /* sanity: an aligned AMO does not trap */
        TESTCASE(1)
        la a1, buf; sd x0, 0(a1); li a2, 3
        ARM_TRAP
        amoadd.d a0, a2, (a1)
        EXPECT_NO_TRAP
        ld a0, 0(a1); EXPECT(a0, 3)

        TEST_AMO_MIS(2, amoswap.w, 1)
        TEST_AMO_MIS(3, amoadd.w, 2)
        TEST_AMO_MIS(4, amoand.w, 3)
        TEST_AMO_MIS(5, amoor.w, 6)
        TEST_AMO_MIS(6, amoxor.w, 2)
        TEST_AMO_MIS(7, amomin.w, 2)
        TEST_AMO_MIS(8, amomax.w, 2)
        TEST_AMO_MIS(9, amominu.w, 2)
        TEST_AMO_MIS(10, amomaxu.w, 2)
        TEST_AMO_MIS(11, amoswap.d, 4)
        TEST_AMO_MIS(12, amoadd.d, 1)
        TEST_AMO_MIS(13, amoand.d, 2)
        TEST_AMO_MIS(14, amoor.d, 3)
        TEST_AMO_MIS(15, amoxor.d, 5)
        TEST_AMO_MIS(16, amomin.d, 6)
        TEST_AMO_MIS(17, amomax.d, 7)
        TEST_AMO_MIS(18, amominu.d, 4)
        TEST_AMO_MIS(19, amomaxu.d, 4)
        TEST_AMO_MIS(20, amoadd.w.aqrl, 2)
        TEST_LR_MIS(21, lr.w, 1)
        TEST_LR_MIS(22, lr.w, 2)
        TEST_LR_MIS(23, lr.d, 4)
        TEST_LR_MIS(24, lr.d, 7)
        TEST_LR_MIS(25, lr.d.aq, 2)
        /* an AMO.W at a 4-aligned but not 8-aligned address is fine */
        TESTCASE(26)
        la a1, buf; sd x0, 0(a1); addi a1, a1, 4; li a2, 5
        ARM_TRAP
        amoadd.w a0, a2, (a1)
        EXPECT_NO_TRAP
        la a1, buf; ld a0, 0(a1); EXPECT(a0, 0x500000000)
        UNINSTALL_TRAP
ISA_END

        .data
        .align 4
buf:    .dword 0, 0
