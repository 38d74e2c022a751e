/* Helpers for the privileged-architecture tests (tests/priv/*.S), on top of
 * tests/env/test.h.  Written from the RISC-V privileged spec 1.12.
 *
 * A test file:   #include "priv.h"
 *                PRIV_BEGIN
 *                  TC(1) ... EXPECT(a0, 5) ...
 *                PRIV_END
 *
 * Register conventions
 *   gp (TESTNUM)   number of the current check (exit status on failure)
 *   t4, t5, t6     reserved: EXPECT scratch, trap handler, HTIF
 *   sp             a small M-mode stack (set by PRIV_BEGIN)
 *   s8             "resume address" of the next expected trap; 0 = a trap
 *                  is unexpected.  One-shot: the handler clears it.
 *   s9, s10, s11   cause, tval, epc of the last expected trap (s9 = -1
 *                  after TRY: "no trap happened").
 * The library routines below clobber t0-t3 and a0-a7 and keep s0-s7.
 *
 * Expected traps: the M-mode handler (priv_mtrap) and the S-mode handler
 * (priv_strap) record cause/tval/epc in s9/s10/s11 and jump to s8 *without*
 * returning from the trap: execution continues in the mode that took the
 * trap, with xstatus showing the trap's effect (xPP, xPIE, xIE).
 *
 * Exit status: 0 pass; N = check N failed (a message with the value seen and
 * the value expected is printed on the HTIF console); 0xC0+cause for an
 * unexpected exception and 0xE0+cause for an unexpected interrupt (the
 * console line shows mcause/mepc/mtval/scause/sepc/stval).  Check numbers
 * are 1..191 so they never alias those codes (the exit status has 8 bits).
 */
#ifndef RVKVM_PRIV_H
#define RVKVM_PRIV_H

#include "test.h"

#ifdef PRIV_QEMU_VIRT
/* Build variant for QEMU's virt machine, used only to check tests that
 * need what QEMU's spike machine lacks (a time source for the time CSR and
 * Sstc) against QEMU: exit through the SiFive test device at 0x10_0000
 * (0x5555 = pass, code << 16 | 0x3333 = fail with code), console on the
 * ns16550 UART at 0x1000_0000.  rvkvm runs the normal (HTIF) build. */
#undef HTIF_EXIT
#define HTIF_EXIT(code_reg)                             \
        li t5, 0x5555; beqz code_reg, 8f;               \
        slli code_reg, code_reg, 16; li t5, 0x3333;     \
        or t5, t5, code_reg;                            \
8:      li code_reg, 0x100000; sw t5, 0(code_reg);      \
1:      j 1b
#endif

/* ---- mstatus / sstatus (priv spec 3.1.6, 4.1.1) ---- */
#define MSTATUS_SIE   0x2
#define MSTATUS_MIE   0x8
#define MSTATUS_SPIE  0x20
#define MSTATUS_MPIE  0x80
#define MSTATUS_SPP   0x100
#define MSTATUS_MPP   0x1800
#define MSTATUS_FS    0x6000
#define MSTATUS_XS    0x18000
#define MSTATUS_MPRV  0x20000
#define MSTATUS_SUM   0x40000
#define MSTATUS_MXR   0x80000
#define MSTATUS_TVM   0x100000
#define MSTATUS_TW    0x200000
#define MSTATUS_TSR   0x400000
#define MSTATUS_UXL   0x300000000
#define MSTATUS_SXL   0xC00000000
#define MSTATUS_SD    0x8000000000000000

#define PRV_U 0
#define PRV_S 1
#define PRV_M 3

/* ---- interrupts: mip/mie bit numbers (3.1.9) ---- */
#define IRQ_SSI 1
#define IRQ_MSI 3
#define IRQ_STI 5
#define IRQ_MTI 7
#define IRQ_SEI 9
#define IRQ_MEI 11
#define MIP_SSIP (1 << IRQ_SSI)
#define MIP_MSIP (1 << IRQ_MSI)
#define MIP_STIP (1 << IRQ_STI)
#define MIP_MTIP (1 << IRQ_MTI)
#define MIP_SEIP (1 << IRQ_SEI)
#define MIP_MEIP (1 << IRQ_MEI)
#define INTR      0x8000000000000000
#define INTR_(n)  (0x8000000000000000 | (n))

/* ---- exception codes (table 3.6) ---- */
#define CAUSE_FETCH_MISALIGNED 0
#define CAUSE_FETCH_ACCESS     1
#define CAUSE_ILLEGAL          2
#define CAUSE_BREAKPOINT       3
#define CAUSE_LOAD_MISALIGNED  4
#define CAUSE_LOAD_ACCESS      5
#define CAUSE_STORE_MISALIGNED 6
#define CAUSE_STORE_ACCESS     7
#define CAUSE_ECALL_U          8
#define CAUSE_ECALL_S          9
#define CAUSE_ECALL_M          11
#define CAUSE_FETCH_PAGE       12
#define CAUSE_LOAD_PAGE        13
#define CAUSE_STORE_PAGE       15

/* ---- page-table entries and satp (4.3-4.5, 4.1.11) ---- */
#define PTE_V 0x01
#define PTE_R 0x02
#define PTE_W 0x04
#define PTE_X 0x08
#define PTE_U 0x10
#define PTE_G 0x20
#define PTE_A 0x40
#define PTE_D 0x80
#define PTE_RWX   (PTE_R | PTE_W | PTE_X)
#define PTE_LEAF  (PTE_V | PTE_R | PTE_W | PTE_X | PTE_A | PTE_D)
/* Leaf flags x with V, A and D set. */
#define F(x)      (PTE_V | PTE_A | PTE_D | (x))
/* pt_map (below) of va to label's address or to pa, a leaf at level. */
#define MAP_L(va, label, flags, level)                  \
        li a1, va; lla a2, label; li a3, flags; li a4, level; call pt_map
#define MAP_P(va, pa, flags, level)                     \
        li a1, va; li a2, pa; li a3, flags; li a4, level; call pt_map
/* reg = label's offset from 0x8000_0000, for superpage targets (t0 clobbered) */
#define OFF(reg, label) lla reg, label; li t0, 0x80000000; sub reg, reg, t0
#define SATP_BARE 0
#define SATP_SV39 0x8000000000000000
#define SATP_SV48 0x9000000000000000
#define SATP_SV57 0xA000000000000000
#define SATP_MODE_SHIFT 60

/* ---- PMP (3.7) ---- */
#define PMP_R     0x01
#define PMP_W     0x02
#define PMP_X     0x04
#define PMP_OFF   0x00
#define PMP_TOR   0x08
#define PMP_NA4   0x10
#define PMP_NAPOT 0x18
#define PMP_L     0x80
/* pmpaddr for a naturally aligned power-of-two region (size >= 8) */
#define PMP_NAPOT_ADDR(base, size) (((base) >> 2) | (((size) >> 3) - 1))

/* ---- envcfg (3.1.18): Sstc STCE, Svadu ADUE ---- */
#define MENVCFG_FIOM 0x1
#define MENVCFG_ADUE 0x2000000000000000
#define MENVCFG_STCE 0x8000000000000000

/* ---- counters ---- */
#define COUNT_CY 0x1
#define COUNT_TM 0x2
#define COUNT_IR 0x4

/* ---- platform: ACLINT as on QEMU's spike/virt machines, 10 MHz ---- */
#define ACLINT_MSIP     0x02000000
#define ACLINT_MTIMECMP 0x02004000
#define ACLINT_MTIME    0x0200BFF8
/* A physical address nothing backs on rvkvm or QEMU spike (above any RAM
 * size the tests run with, below the 56-bit PA limit). */
#define ADDR_UNMAPPED   0x1000000000

/* The value priv_exec_page returns in a0 when it is executed. */
#define EXEC_MAGIC 0x5ec

/* Encodings used for mtval checks */
#define INSN_ECALL  0x00000073
#define INSN_EBREAK 0x00100073
#define INSN_MRET   0x30200073
#define INSN_SRET   0x10200073
#define INSN_WFI    0x10500073

/* ---- checks ---- */
#define TC(n)                                           \
        .if ((n) < 1) || ((n) > 191);                   \
        .error "check number must be 1..191";           \
        .endif;                                         \
.Lcheck_##n:                                            \
        li TESTNUM, n

/* Compare; a mismatch prints got/expected and exits with TESTNUM. */
#define EXPECT(reg, val)      li t4, val; mv t5, reg; bne t5, t4, priv_fail_val
#define EXPECT_REG(reg, reg2) mv t4, reg2; mv t5, reg; bne t5, t4, priv_fail_val
/* (reg & mask) == val */
#define EXPECT_BITS(reg, mask, val) \
        li t4, mask; and t5, reg, t4; li t4, val; bne t5, t4, priv_fail_val
/* Read a CSR and compare (a7 is clobbered). */
#define EXPECT_CSR(csr, val)  csrr a7, csr; EXPECT(a7, val)
#define EXPECT_CSR_BITS(csr, mask, val) csrr a7, csr; EXPECT_BITS(a7, mask, val)

/* ---- expected traps ----
 *   TRY(1f)
 *     <instruction that should trap>
 *   1: EXPECT_CAUSE(2)
 * If nothing traps, execution falls through to the label with s9 = -1. */
#define TRY(label)          lla s8, label; li s9, -1; li s10, -1; li s11, -1
#define EXPECT_CAUSE(c)     li s8, 0; EXPECT(s9, c)
#define EXPECT_TVAL(v)      EXPECT(s10, v)
#define EXPECT_EPC_AT(lbl)  lla a7, lbl; EXPECT_REG(s11, a7)
#define EXPECT_NO_TRAP      EXPECT_CAUSE(-1)
/* label <= reg <= label + span: for interrupt epcs, which the spec does not
 * pin to one instruction when an interrupt becomes pending asynchronously
 * (a7, t4, t5 clobbered). */
#define EXPECT_NEAR(reg, lbl, span)                     \
        lla a7, lbl; mv t4, a7; mv t5, reg;             \
        bltu t5, t4, priv_fail_val;                     \
        addi a7, a7, span; bltu a7, t5, priv_fail_val

/* ---- privilege changes ---- */
/* mstatus.MPP = mode (t0 clobbered) */
#define SET_MPP(mode)                                   \
        li t0, MSTATUS_MPP; csrc mstatus, t0;           \
        li t0, ((mode) << 11); csrs mstatus, t0
/* Leave M-mode for `mode` at `label` via MRET (t0 clobbered). */
#define GOTO_MODE(mode, label)                          \
        SET_MPP(mode); lla t0, label; csrw mepc, t0; mret
/* Run the code at `label` in `mode`; it ends with a trap to M (usually
 * ECALL), after which execution continues at `back` in M-mode. */
#define RUN_IN(mode, label, back)                       \
        TRY(back); GOTO_MODE(mode, label)

/* Read `csr` into a0 in `mode`, then ECALL back; expect `cause`
 * (CAUSE_ECALL_U/S: the read worked; CAUSE_ILLEGAL: it trapped). */
#define CSR_READ_IN(mode, csr, cause)                   \
        RUN_IN(mode, 9001f, 9002f);                     \
9001:   csrr a0, csr; ecall;                            \
9002:   EXPECT_CAUSE(cause)

/* In S-mode, after a delegated trap recorded by priv_strap: keep the record
 * in s0/s1/s2 (scause/stval/sepc) and s3 (sstatus), then ECALL to M, which
 * continues at `back` (with s9 = CAUSE_ECALL_S). */
#define S_SAVE_AND_ECALL(back)                          \
        mv s0, s9; mv s1, s10; mv s2, s11;              \
        csrr s3, sstatus; lla s8, back; ecall

/* Make every interrupt source quiet (t0, t1 clobbered). */
#define IRQ_QUIET                                       \
        csrw mie, zero;                                 \
        li t0, ACLINT_MSIP; sw zero, 0(t0);             \
        li t0, ACLINT_MTIMECMP; li t1, -1; sd t1, 0(t0);\
        li t0, MIP_SSIP | MIP_STIP | MIP_SEIP; csrc mip, t0

/* Make the identity gigapage of pt_new usable by S-mode code (U=0), as
 * priv_probe does for its S probes (t0, t1 clobbered). */
#define IDENT_FOR_S                                     \
        lla t0, pt_ident_pte; ld t0, 0(t0);             \
        ld t1, 0(t0); andi t1, t1, ~PTE_U; sd t1, 0(t0);\
        sfence.vma x0, x0

/* Spin until a trap takes us to s8, failing after ~0.5 s of mtime. */
#define WAIT_FOR_TRAP                                   \
        call priv_wait_trap

/* PMP changes are synchronised with address translation caches by
 * SFENCE.VMA x0, x0 (3.7.2). */
#define PMP_SYNC sfence.vma x0, x0

/* Print a NUL-terminated string (a0 = address; clobbers t0, t1, a0, a1). */
#define PRINT(str)  lla a0, str; call priv_puts

#define PRIV_BEGIN  TEST_BEGIN; call priv_init
#define PRIV_END    TEST_END

/* =====================================================================
 * Library code and data, assembled into every test that includes this
 * header.  Routines follow the standard calling convention on the M-mode
 * stack, clobber t0-t3 and a0-a7, and keep s0-s7.
 * ===================================================================== */
        .text

/* priv_init: a known machine state.  mtvec/stvec point to the recording
 * handlers, nothing is delegated or enabled, satp is Bare, PMP entry 15
 * grants RWX on the whole physical address space (so S/U can run; tests use
 * entries 0..14, which take priority), the ACLINT sources are quiet. */
priv_init:
        lla  sp, priv_stack_top
        lla  t0, priv_mtrap
        csrw mtvec, t0
        lla  t0, priv_strap
        csrw stvec, t0
        /* Smstateen: let S and U reach what a hart without it gives them
         * (senvcfg, henvcfg, the sstateen/hstateen registers); the
         * writable mstateen bits reset to zero.  Where mstateen0 does not
         * exist (QEMU 7.2) the write traps and the others are skipped. */
        lla  s8, 1f
        li   t0, -1
        csrw mstateen0, t0
        csrw mstateen1, t0
        csrw mstateen2, t0
        csrw mstateen3, t0
1:      li   s8, 0
        li   s9, -1
        csrw medeleg, zero
        csrw mideleg, zero
        csrw mie, zero
        li   t0, MIP_SSIP | MIP_STIP | MIP_SEIP
        csrc mip, t0
        li   t0, MSTATUS_MIE | MSTATUS_SIE | MSTATUS_MPIE | MSTATUS_SPIE | MSTATUS_SPP | MSTATUS_MPP | MSTATUS_MPRV | MSTATUS_SUM | MSTATUS_MXR | MSTATUS_TVM | MSTATUS_TW | MSTATUS_TSR
        csrc mstatus, t0
        csrw satp, zero
        csrw menvcfg, zero
        csrw mcounteren, zero
        csrw scounteren, zero
        csrw pmpcfg0, zero
        li   t0, -1
        csrw pmpaddr15, t0
        li   t0, (PMP_NAPOT | PMP_R | PMP_W | PMP_X) << 56
        csrw pmpcfg2, t0
        PMP_SYNC
        li   t0, ACLINT_MSIP
        sw   zero, 0(t0)
        li   t0, ACLINT_MTIMECMP
        li   t1, -1
        sd   t1, 0(t0)
        lla  t0, pt_ident_pte
        sd   zero, 0(t0)
        ret

/* M-mode trap handler: record and resume at s8 (see the top of the file). */
        .balign 4
priv_mtrap:
        beqz s8, priv_unexpected
        csrr s9, mcause
        csrr s10, mtval
        csrr s11, mepc
        mv   t6, s8
        li   s8, 0
        jr   t6

/* S-mode trap handler (for delegated traps): same contract with scause,
 * stval, sepc.  An unexpected S-mode trap ECALLs to M, whose handler
 * reports it (tests never delegate cause 9, S-mode ECALL). */
        .balign 4
priv_strap:
        beqz s8, 1f
        csrr s9, scause
        csrr s10, stval
        csrr s11, sepc
        mv   t6, s8
        li   s8, 0
        jr   t6
1:      ecall

priv_unexpected:
        PRINT(priv_msg_trap)
        csrr a0, mcause
        call priv_puthex
        PRINT(priv_msg_epc)
        csrr a0, mepc
        call priv_puthex
        PRINT(priv_msg_tval)
        csrr a0, mtval
        call priv_puthex
        PRINT(priv_msg_scause)
        csrr a0, scause
        call priv_puthex
        PRINT(priv_msg_sepc)
        csrr a0, sepc
        call priv_puthex
        PRINT(priv_msg_stval)
        csrr a0, stval
        call priv_puthex
        PRINT(priv_msg_check)
        mv   a0, TESTNUM
        call priv_puthex
        PRINT(priv_msg_nl)
        csrr t6, mcause
        andi t5, t6, 0x1f
        li   t4, 0xC0
        bgez t6, 1f
        li   t4, 0xE0
1:      add  t6, t4, t5
        HTIF_EXIT(t6)

/* EXPECT failure: t5 = value seen, t4 = value expected. */
priv_fail_val:
        mv   s0, t5
        mv   s1, t4
        PRINT(priv_msg_fail)
        mv   a0, TESTNUM
        call priv_puthex
        PRINT(priv_msg_got)
        mv   a0, s0
        call priv_puthex
        PRINT(priv_msg_exp)
        mv   a0, s1
        call priv_puthex
        PRINT(priv_msg_nl)
        j    fail

#ifdef PRIV_QEMU_VIRT
priv_putc:
        li   t0, 0x10000000
        sb   a0, 0(t0)
        ret
#else
/* HTIF console: device 1, command 1, one byte (a0); wait for the host. */
priv_putc:
        lla  t0, tohost
        li   t1, 0x0101000000000000
        andi a0, a0, 0xff
        or   t1, t1, a0
        sd   t1, 0(t0)
1:      ld   t1, 0(t0)
        bnez t1, 1b
        lla  t0, fromhost
        sd   zero, 0(t0)
        ret
#endif

priv_puts:
        addi sp, sp, -16
        sd   ra, 0(sp)
        sd   s0, 8(sp)
        mv   s0, a0
1:      lbu  a0, 0(s0)
        beqz a0, 2f
        call priv_putc
        addi s0, s0, 1
        j    1b
2:      ld   ra, 0(sp)
        ld   s0, 8(sp)
        addi sp, sp, 16
        ret

/* a0 as 16 hex digits */
priv_puthex:
        addi sp, sp, -32
        sd   ra, 0(sp)
        sd   s0, 8(sp)
        sd   s1, 16(sp)
        mv   s0, a0
        li   s1, 60
1:      srl  a0, s0, s1
        andi a0, a0, 0xf
        addi a0, a0, '0'
        li   t0, '9'
        ble  a0, t0, 2f
        addi a0, a0, 'a' - '0' - 10
2:      call priv_putc
        addi s1, s1, -4
        bgez s1, 1b
        ld   ra, 0(sp)
        ld   s0, 8(sp)
        ld   s1, 16(sp)
        addi sp, sp, 32
        ret

/* Wait (in M-mode, interrupts as the caller set them up) for a trap to
 * take us to s8; fail the current check after 5,000,000 mtime ticks. */
priv_wait_trap:
        li   t0, ACLINT_MTIME
        ld   t1, 0(t0)
        li   t2, 5000000
        add  t1, t1, t2
1:      ld   t2, 0(t0)
        bltu t2, t1, 1b
        PRINT(priv_msg_timeout)
        j    fail

/* Set mtimecmp = mtime + a0 (clobbers t0, t1). */
priv_timer_in:
        li   t0, ACLINT_MTIME
        ld   t1, 0(t0)
        add  t1, t1, a0
        li   t0, ACLINT_MTIMECMP
        sd   t1, 0(t0)
        ret

/* ---- probes: one access in a lower privilege mode ----
 * priv_probe: a0 = address, a1 = PROBE_* operation, a2 = value to store,
 * a3 = mode (PRV_U or PRV_S).  Runs the access in that mode (with SFENCE.VMA
 * first, and with the U bit of the identity mapping set to match the mode
 * when paging tables exist), then returns to M.
 * Returns s9 = -1 if it completed (a0 = the value loaded, or EXEC_MAGIC for
 * PROBE_EXEC), else s9/s10/s11 = mcause/mtval/mepc of the trap. */
#define PROBE_LD   0
#define PROBE_SD   1
#define PROBE_EXEC 2
#define PROBE_LW   3
#define PROBE_SW   4
#define PROBE_LBU  5
#define PROBE_SB   6
#define PROBE_AMO  7    /* amoadd.d a0, a2, (a0) */
#define PROBE_LR   8    /* lr.d a0, (a0) */
priv_probe:
        lla  t0, pt_ident_pte
        ld   t0, 0(t0)
        beqz t0, 1f
        ld   t1, 0(t0)
        andi t1, t1, ~PTE_U
        bnez a3, 2f
        ori  t1, t1, PTE_U
2:      sd   t1, 0(t0)
1:      sfence.vma x0, x0
        li   t0, MSTATUS_MPP
        csrc mstatus, t0
        slli t0, a3, 11
        csrs mstatus, t0
        lla  t0, priv_probe_bodies
        slli t1, a1, 3
        add  t0, t0, t1
        csrw mepc, t0
        lla  s8, 3f
        li   s9, -1
        mret
3:      li   t0, CAUSE_ECALL_U
        beq  s9, t0, 4f
        li   t0, CAUSE_ECALL_S
        beq  s9, t0, 4f
        ret
4:      li   s9, -1
        ret

/* Each body is 8 bytes: the access, then ECALL back to M. */
        .balign 8
        .option push
        .option norvc
priv_probe_bodies:
        ld   a0, 0(a0)
        ecall
        sd   a2, 0(a0)
        ecall
        jr   a0
        ecall
        lw   a0, 0(a0)
        ecall
        sw   a2, 0(a0)
        ecall
        lbu  a0, 0(a0)
        ecall
        sb   a2, 0(a0)
        ecall
        amoadd.d a0, a2, (a0)
        ecall
        lr.d a0, (a0)
        ecall
        .option pop

/* priv_mprv_probe: a0 = address, a1 = PROBE_LD or PROBE_SD, a2 = value,
 * a3 = MPP.  Performs the access from M-mode with mstatus.MPRV=1, so it is
 * translated and checked as if made in mode MPP (3.1.6.3).  Same return
 * contract as priv_probe; MPRV is clear on return. */
priv_mprv_probe:
        sfence.vma x0, x0
        li   t0, MSTATUS_MPP
        csrc mstatus, t0
        slli t0, a3, 11
        csrs mstatus, t0
        li   t1, MSTATUS_MPRV
        lla  s8, 2f
        li   s9, -1
        bnez a1, 1f
        csrs mstatus, t1
        ld   a0, 0(a0)
        csrc mstatus, t1
        li   s8, 0
        ret
1:      csrs mstatus, t1
        sd   a2, 0(a0)
        csrc mstatus, t1
        li   s8, 0
        ret
2:      li   t1, MSTATUS_MPRV
        csrc mstatus, t1
        ret

/* ---- page tables ----
 * pt_new: a0 = number of levels (3 Sv39, 4 Sv48, 5 Sv57).  Starts a fresh
 * set of tables from the pool, with the first GiB of RAM (0x8000_0000) mapped
 * to itself by a 1 GiB leaf (RWX, A, D; the U bit is managed by
 * priv_probe).  Returns a0 = the satp value selecting them (ASID 0).
 * pt_new_more: the same, but keeps the tables built so far (a second
 * address space); pt_map then works on the new one. */
pt_new:
        lla  t1, pt_pool
        lla  t0, pt_next
        sd   t1, 0(t0)
pt_new_more:
        addi sp, sp, -16
        sd   ra, 0(sp)
        lla  t0, pt_levels
        sd   a0, 0(t0)
        call pt_alloc
        lla  t0, pt_root
        sd   a0, 0(t0)
        li   a1, 0x80000000
        li   a2, 0x80000000
        li   a3, PTE_LEAF
        li   a4, 2
        call pt_map
        lla  t0, pt_ident_pte
        sd   a0, 0(t0)
        lla  t0, pt_root
        ld   a0, 0(t0)
        srli a0, a0, 12
        lla  t0, pt_levels
        ld   t1, 0(t0)
        addi t1, t1, 5          /* 3 -> 8 (Sv39), 4 -> 9, 5 -> 10 */
        slli t1, t1, SATP_MODE_SHIFT
        or   a0, a0, t1
        ld   ra, 0(sp)
        addi sp, sp, 16
        ret

/* pt_alloc: a0 = a zeroed 4 KiB page from the pool */
pt_alloc:
        lla  t0, pt_next
        ld   a0, 0(t0)
        li   t1, 4096
        add  t1, a0, t1
        lla  t2, pt_pool_end
        bgtu t1, t2, 2f
        sd   t1, 0(t0)
        mv   t2, a0
1:      sd   zero, 0(t2)
        addi t2, t2, 8
        bltu t2, t1, 1b
        ret
2:      PRINT(priv_msg_pool)
        j    fail

/* pt_map: a1 = VA, a2 = PA, a3 = PTE flag bits (0..9), a4 = level of the
 * leaf (0 = 4 KiB, 1 = 2 MiB, 2 = 1 GiB, 3 = 512 GiB, 4 = 256 TiB).
 * Walks from pt_root, creating next-level tables where a PTE is invalid,
 * then writes the leaf PTE = (PA >> 12) << 10 | flags.  The PA is used as
 * given (tests build misaligned superpages on purpose).
 * Returns a0 = address of the leaf PTE.  Clobbers t0-t3, a5-a7. */
pt_map:
        addi sp, sp, -16
        sd   ra, 0(sp)
        lla  t0, pt_root
        ld   a5, 0(t0)          /* a5 = current table */
        lla  t0, pt_levels
        ld   a6, 0(t0)
        addi a6, a6, -1         /* a6 = current level */
1:      li   t1, 9
        mul  t1, t1, a6
        addi t1, t1, 12
        srl  t2, a1, t1
        andi t2, t2, 511
        slli t2, t2, 3
        add  a7, a5, t2         /* a7 = PTE address at this level */
        beq  a6, a4, 3f
        ld   t3, 0(a7)
        andi t0, t3, PTE_V
        bnez t0, 2f
        call pt_alloc
        srli t3, a0, 12
        slli t3, t3, 10
        ori  t3, t3, PTE_V
        sd   t3, 0(a7)
2:      srli a5, t3, 10
        slli a5, a5, 12
        addi a6, a6, -1
        j    1b
3:      srli t3, a2, 12
        slli t3, t3, 10
        or   t3, t3, a3
        sd   t3, 0(a7)
        mv   a0, a7
        ld   ra, 0(sp)
        addi sp, sp, 16
        ret

        .section .rodata
priv_msg_trap:    .asciz "priv: unexpected trap mcause="
priv_msg_epc:     .asciz " mepc="
priv_msg_tval:    .asciz " mtval="
priv_msg_scause:  .asciz " scause="
priv_msg_sepc:    .asciz " sepc="
priv_msg_stval:   .asciz " stval="
priv_msg_check:   .asciz " check="
priv_msg_fail:    .asciz "priv: FAIL check="
priv_msg_got:     .asciz " got="
priv_msg_exp:     .asciz " expected="
priv_msg_timeout: .asciz "priv: timed out waiting for a trap\n"
priv_msg_pool:    .asciz "priv: page-table pool exhausted\n"
priv_msg_nl:      .asciz "\n"

/* Known data: two 4 KiB pages, each dword i holding MAGIC_x + i. */
#define MAGIC_A 0xa0a0a0a000000000
#define MAGIC_B 0xb0b0b0b000000000
        .data
        .balign 4096
priv_page_a:
        .set i, 0
        .rept 512
        .dword MAGIC_A + i
        .set i, i + 1
        .endr
priv_page_b:
        .set i, 0
        .rept 512
        .dword MAGIC_B + i
        .set i, i + 1
        .endr
/* A scratch page for stores and PMP regions. */
priv_page_c:
        .fill 4096, 1, 0
pt_root:      .dword 0
pt_levels:    .dword 0
pt_next:      .dword 0
pt_ident_pte: .dword 0

        .bss
        .balign 4096
pt_pool:
        .skip 4096 * 32
pt_pool_end:
priv_stack:
        .skip 4096
priv_stack_top:

/* A page of its own holding code to execute: li a0, EXEC_MAGIC; ecall. */
        .text
        .balign 4096
        .option push
        .option norvc
priv_exec_page:
        li   a0, EXEC_MAGIC
        ecall
        .option pop
        .balign 4096

/* Two physically contiguous pages with a 32-bit instruction across the
 * boundary: priv_cross_page + 0xffe holds `li a0, EXEC_MAGIC` (addi a0,
 * zero, 0x5ec = 0x5ec00513), then ECALL.  priv_cross_tail is a separate
 * page starting with another upper half: mapped after priv_cross_page it
 * makes the instruction `li a0, CROSS_MAGIC` (0x12300513). */
#define CROSS_MAGIC 0x123
priv_cross_page:
        .skip 4094
        .2byte 0x0513
        .2byte 0x5ec0
        .4byte INSN_ECALL
        .balign 4096
priv_cross_tail:
        .2byte 0x1230
        .4byte INSN_ECALL
        .balign 4096

#endif
