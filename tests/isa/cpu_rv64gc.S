/* `--cpu rv64gc`: every optional extension rvkvm has switched off.  Each
 * of their instructions raises an illegal-instruction exception (mtval =
 * the instruction bits), misa has no V and the vector CSRs are gone, while
 * the base instructions that share encodings with them still work (c.lui,
 * addi, andi).  Runs on rvkvm with --cpu rv64gc (ISA_RVKVM_OPTS) and on
 * QEMU with the extensions it has switched off; Zicond, Zcb, Zimop/Zcmop,
 * Zawrs, the CMOs and Zfa do not exist in QEMU 7.2, so it traps them too. */
#include "isa.h"
.option arch, +v

/* ILLEGAL(n, bits): the instruction's encoding traps as illegal. */
#define ILLEGAL(n, insn_bits) \
        TESTCASE(n); ARM_TRAP; .word insn_bits; EXPECT_TRAP(CAUSE_ILLEGAL_INSN, insn_bits)
#define ILLEGAL16(n, insn_bits) \
        TESTCASE(n); ARM_TRAP; .half insn_bits; EXPECT_TRAP(CAUSE_ILLEGAL_INSN, insn_bits)

ISA_BEGIN
        INSTALL_TRAP
        li t0, 0x2600           /* mstatus.FS, and VS (stays off without V) */
        csrs mstatus, t0
        ILLEGAL(1, 0x20c5a533)  /* sh1add a0, a1, a2     Zba */
        ILLEGAL(2, 0x60059513)  /* clz a0, a1            Zbb */
        ILLEGAL(3, 0x40c5f533)  /* andn a0, a1, a2       Zbb/Zbkb */
        ILLEGAL(4, 0x60c59533)  /* rol a0, a1, a2        Zbb/Zbkb */
        ILLEGAL(5, 0x0ac59533)  /* clmul a0, a1, a2      Zbc */
        ILLEGAL(6, 0x28c59533)  /* bset a0, a1, a2       Zbs */
        ILLEGAL(7, 0x08c5c533)  /* pack a0, a1, a2       Zbkb */
        ILLEGAL(8, 0x28c5a533)  /* xperm4 a0, a1, a2     Zbkx */
        ILLEGAL(9, 0x0ec5d533)  /* czero.eqz a0, a1, a2  Zicond */
        ILLEGAL(10, 0x81c04573) /* mop.r.0 a0, zero      Zimop */
        ILLEGAL(11, 0x00d00073) /* wrs.nto               Zawrs */
        ILLEGAL(12, 0x0045a00f) /* cbo.zero (a1)         Zicboz */
        ILLEGAL(13, 0x0015a00f) /* cbo.clean (a1)        Zicbom */
        ILLEGAL(14, 0x16b50073) /* sinval.vma a0, a1     Svinval */
        ILLEGAL(15, 0x18000073) /* sfence.w.inval        Svinval */
        ILLEGAL(16, 0x0c0075d7) /* vsetvli a1, zero, e8  V */
        ILLEGAL(17, 0x02058007) /* vle8.v v0, (a1)       V */
        ILLEGAL(18, 0x0201c057) /* vxor.vv v0, v0, v0    V (OP-V) */
        ILLEGAL16(19, 0x9d41)   /* c.zext.b s0           Zcb */
        ILLEGAL16(20, 0x9c45)   /* c.mul s0, s1          Zcb */
        ILLEGAL16(21, 0x8000)   /* c.lbu s0, 0(s0)       Zcb */
        ILLEGAL16(22, 0x6081)   /* c.mop.1               Zcmop */
        /* No V: misa.V clear, the vector CSRs absent. */
        TESTCASE(23)
        csrr a0, misa; srli a0, a0, 21; andi a0, a0, 1; EXPECT(a0, 0)
        ILLEGAL(24, 0xc2202573) /* csrr a0, vlenb */
        ILLEGAL(25, 0x00802573) /* csrr a0, vstart */
        ILLEGAL(26, 0x26b50073) /* hinval.vvma a0, a1    Svinval */
        ILLEGAL(28, 0x00059007) /* flh f0, 0(a1)         Zfhmin */
        ILLEGAL(29, 0x04208053) /* fadd.h f0, f1, f2     Zfh */
        ILLEGAL(30, 0xf0180053) /* fli.s f0, 1.0         Zfa */
        /* The base ISA beside them: addi, andi, c.lui still work. */
        TESTCASE(27)
        ARM_TRAP
        li a1, 0x1234; addi a0, a1, 1; andi a0, a0, 0xff; c.lui a2, 1
        EXPECT_NO_TRAP; EXPECT(a0, 0x35); EXPECT(a2, 0x1000)
ISA_END
