/* Runtime for the vector differential tests (V 1.0, VLEN 128): links with
 * a file written by tests/difftest/vgen.c, which defines difftest_main (all
 * sequences, then a jump to dt_done) and, per sequence, a state table of
 * doublewords:
 *
 *   slot 0        sequence index
 *   slots 1..31   x1..x31        (x2 = the data area: never written)
 *   slots 32..63  f0..f31
 *   slot 64       fcsr
 *   slot 65       data area address (DATA_SIZE bytes)
 *   slot 66       vcsr (vxrm << 1 | vxsat)
 *   slot 67       flags: bit 0 = illegal-instruction traps are expected
 *   slots 72..135 v0..v31 (16 bytes each)
 *
 * A sequence starts with   lla a0, TABLE; jal t0, vt_load; ld t0, 40(a0); ld a0, 80(a0)
 * and ends with            csrw mscratch, a0; lla a0, vt_save; sd t0, 40(a0); jal t0, vt_dump
 *
 * vt_dump prints one line per value ("NAME HEX"): seq, x1..x31, f0..f31,
 * fcsr, mem (FNV-1a-64 of the data area), vl, vtype, vstart, vcsr, traps
 * (illegal-instruction traps taken in the sequence), cause (the last
 * one's mcause), then v0..v31 as 32 hex digits (element bytes 15..0);
 * with DT_OPT_DUMP_MEM in dt_options the data area follows as m0..m63,
 * then trap0..trap31: the pcs of the first 32 traps skipped.
 * In a sequence whose flags allow it, an illegal-instruction trap is
 * counted and the instruction skipped (all vector instructions are 4
 * bytes); any other trap prints "TRAP seq S mcause C mepc P mtval V" and
 * exits 3.  The end prints "done" and exits 0.
 */
#include "test.h"

        .option arch, +v

#define SLOT_FCSR   64
#define SLOT_DATA   65
#define SLOT_VCSR   66
#define SLOT_FLAGS  67
#define SLOT_VL     66          /* in vt_save: vl, vtype, vstart, vcsr, traps, cause */
#define SLOT_VREGS  72
#define NSLOTS      72          /* printed by name; the v registers follow */
#define DATA_SIZE   512
#define HTIF_PUTC   ((1 << 56) | (1 << 48))
#define DT_OPT_DUMP_MEM 1

#define CSR_VSTART  0x008
#define CSR_VCSR    0x00f
#define CSR_VL      0xc20
#define CSR_VTYPE   0xc21

#define PUTC(r)                 \
        lla  t1, tohost;        \
        li   t2, HTIF_PUTC;     \
        or   t2, t2, r;         \
        sd   t2, 0(t1);         \
9:      ld   t2, 0(t1);         \
        bnez t2, 9b

TEST_BEGIN
        lla  t0, vt_trap
        csrw mtvec, t0
        li   t0, 0x6600          /* mstatus.FS and VS = Dirty (priv 3.1.6.6) */
        csrs mstatus, t0
        j    difftest_main

        .globl dt_done
dt_done:
        lla  a0, vt_msg_done
        call vt_puts
TEST_END

/* Load the state from the table at a0 except t0 and a0 (the caller loads
 * them last).  Records the table in vt_cur, clears the trap count. */
        .globl vt_load
vt_load:
        lla  t1, vt_cur
        sd   a0, 0(t1)
        sd   zero, 8(t1)         /* vt_traps */
        sd   zero, 16(t1)        /* vt_cause */
        lla  t1, vt_tlog
        addi t2, t1, 32 * 8
1:      sd   zero, 0(t1)
        addi t1, t1, 8
        bne  t1, t2, 1b
        vsetvli t1, zero, e8, m8, ta, ma
        addi t1, a0, SLOT_VREGS * 8
        vl8re8.v v0, (t1)
        addi t1, t1, 128
        vl8re8.v v8, (t1)
        addi t1, t1, 128
        vl8re8.v v16, (t1)
        addi t1, t1, 128
        vl8re8.v v24, (t1)
        ld   t1, SLOT_VCSR * 8(a0)
        csrw CSR_VCSR, t1
        .irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
        fld  f\n, (32 + \n) * 8(a0)
        .endr
        ld   t1, SLOT_FCSR * 8(a0)
        csrw fcsr, t1
        .irp n, 1,2,3,4,6,7,8,9,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
        ld   x\n, \n * 8(a0)
        .endr
        jr   t0

/* Store the state into vt_save (a0; t0 and a0 already stored by the
 * caller, a0's value in mscratch), hash the data area, print it all.
 * Returns to t0. */
        .globl vt_dump
vt_dump:
        .irp n, 1,2,3,4,6,7,8,9,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
        sd   x\n, \n * 8(a0)
        .endr
        csrr t1, mscratch
        sd   t1, 10 * 8(a0)
        csrr t1, fcsr
        sd   t1, SLOT_FCSR * 8(a0)
        .irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
        fsd  f\n, (32 + \n) * 8(a0)
        .endr
        csrr t1, CSR_VL
        sd   t1, (SLOT_VL + 0) * 8(a0)
        csrr t1, CSR_VTYPE
        sd   t1, (SLOT_VL + 1) * 8(a0)
        csrr t1, CSR_VSTART
        sd   t1, (SLOT_VL + 2) * 8(a0)
        csrr t1, CSR_VCSR
        sd   t1, (SLOT_VL + 3) * 8(a0)
        lla  t1, vt_cur
        ld   t2, 8(t1)
        sd   t2, (SLOT_VL + 4) * 8(a0)
        ld   t2, 16(t1)
        sd   t2, (SLOT_VL + 5) * 8(a0)
        vsetvli t1, zero, e8, m8, ta, ma   /* vl and vtype are saved */
        addi t1, a0, SLOT_VREGS * 8
        vs8r.v v0, (t1)
        addi t1, t1, 128
        vs8r.v v8, (t1)
        addi t1, t1, 128
        vs8r.v v16, (t1)
        addi t1, t1, 128
        vs8r.v v24, (t1)
        lla  t1, vt_ret
        sd   t0, 0(t1)

        /* slot 0: the sequence index; slot 65: FNV-1a-64 of the data area */
        mv   s4, a0
        lla  t1, vt_cur
        ld   s1, 0(t1)
        ld   t1, 0(s1)
        sd   t1, 0(s4)
        ld   t2, SLOT_DATA * 8(s1)
        li   s2, 0xcbf29ce484222325
        li   s3, 0x100000001b3
        li   t3, DATA_SIZE
1:      lbu  t4, 0(t2)
        xor  s2, s2, t4
        mul  s2, s2, s3
        addi t2, t2, 1
        addi t3, t3, -1
        bnez t3, 1b
        sd   s2, SLOT_DATA * 8(s4)

        lla  s5, vt_names
        li   s6, NSLOTS
        call vt_print_slots
        /* v0..v31: "vN " and the high doubleword, then the low one */
        lla  s4, vt_save + SLOT_VREGS * 8
        li   s6, 0
2:      li   t3, 'v'
        PUTC(t3)
        li   t3, 10
        blt  s6, t3, 3f
        divu t4, s6, t3
        addi t4, t4, '0'
        PUTC(t4)
3:      li   t3, 10
        remu t4, s6, t3
        addi t4, t4, '0'
        PUTC(t4)
        li   t3, ' '
        PUTC(t3)
        ld   a0, 8(s4)
        call vt_puthex
        ld   a0, 0(s4)
        call vt_puthex
        li   t3, '\n'
        PUTC(t3)
        addi s4, s4, 16
        addi s6, s6, 1
        li   t3, 32
        blt  s6, t3, 2b

        lla  t1, dt_options
        ld   t1, 0(t1)
        andi t1, t1, DT_OPT_DUMP_MEM
        beqz t1, 1f
        ld   s4, SLOT_DATA * 8(s1)
        lla  s5, vt_mnames
        li   s6, DATA_SIZE / 8
        call vt_print_slots
        lla  s4, vt_tlog
        li   s6, 32
        call vt_print_slots
1:      lla  t1, vt_ret
        ld   t0, 0(t1)
        jr   t0

/* Print s6 lines "NAME VALUE": names from s5 (each ends with a space),
 * values the doublewords at s4.  Advances s4 and s5. */
vt_print_slots:
        mv   s7, ra
1:      lbu  t3, 0(s5)
        addi s5, s5, 1
        PUTC(t3)
        li   t4, ' '
        bne  t3, t4, 1b
        ld   a0, 0(s4)
        call vt_puthex
        li   t3, '\n'
        PUTC(t3)
        addi s4, s4, 8
        addi s6, s6, -1
        bnez s6, 1b
        jr   s7

/* Print a0 as 16 hex digits.  Clobbers t1..t5. */
vt_puthex:
        li   t3, 60
1:      srl  t4, a0, t3
        andi t4, t4, 15
        li   t5, 10
        blt  t4, t5, 2f
        addi t4, t4, 'a' - 10 - '0'
2:      addi t4, t4, '0'
        PUTC(t4)
        addi t3, t3, -4
        bgez t3, 1b
        ret

vt_puts:
        lbu  t3, 0(a0)
        beqz t3, 1f
        PUTC(t3)
        addi a0, a0, 1
        j    vt_puts
1:      ret

/* Traps: an illegal instruction in a sequence whose flags allow it is
 * counted and skipped; anything else is reported (exit 3).  Sequences never
 * touch mscratch, mepc, mcause or mstatus. */
        .align 2
vt_trap:
        csrw mscratch, t0
        lla  t0, vt_frame
        sd   t1, 0(t0)
        sd   t2, 8(t0)
        csrr t1, mcause
        li   t2, 2
        bne  t1, t2, vt_report
        lla  t1, vt_cur
        ld   t1, 0(t1)
        beqz t1, vt_report
        ld   t1, SLOT_FLAGS * 8(t1)
        andi t1, t1, 1
        beqz t1, vt_report
        lla  t1, vt_cur
        ld   t2, 8(t1)
        addi t2, t2, 1
        sd   t2, 8(t1)
        li   t1, 32              /* the first 32 trapping pcs: vt_tlog */
        bgtu t2, t1, 1f
        lla  t1, vt_tlog - 8
        slli t2, t2, 3
        add  t1, t1, t2
        csrr t2, mepc
        sd   t2, 0(t1)
1:      lla  t1, vt_cur
        csrr t2, mcause
        sd   t2, 16(t1)
        csrr t1, mepc
        addi t1, t1, 4
        csrw mepc, t1
        ld   t1, 0(t0)
        ld   t2, 8(t0)
        csrr t0, mscratch
        mret

vt_report:
        lla  a0, vt_msg_trap
        call vt_puts
        li   a0, -1
        lla  t1, vt_cur
        ld   t1, 0(t1)
        beqz t1, 1f
        ld   a0, 0(t1)
1:      call vt_puthex
        lla  a0, vt_msg_mcause
        call vt_puts
        csrr a0, mcause
        call vt_puthex
        lla  a0, vt_msg_mepc
        call vt_puts
        csrr a0, mepc
        call vt_puthex
        lla  a0, vt_msg_mtval
        call vt_puts
        csrr a0, mtval
        call vt_puthex
        li   t3, '\n'
        PUTC(t3)
        li   t6, 3
        HTIF_EXIT(t6)

        .section .rodata
vt_names:
        .ascii "seq "
        .irp n, 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
        .ascii "x\n "
        .endr
        .irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
        .ascii "f\n "
        .endr
        .ascii "fcsr mem vl vtype vstart vcsr traps cause "
vt_mnames:
        .irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47,48,49,50,51,52,53,54,55,56,57,58,59,60,61,62,63
        .ascii "m\n "
        .endr
        .irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
        .ascii "trap\n "            /* pc of the n-th trap skipped */
        .endr
vt_msg_done:   .asciz "done\n"
vt_msg_trap:   .asciz "TRAP seq "
vt_msg_mcause: .asciz " mcause "
vt_msg_mepc:   .asciz " mepc "
vt_msg_mtval:  .asciz " mtval "

        .bss
        .balign 16
        .globl vt_save
vt_save:  .space (SLOT_VREGS + 64) * 8
vt_cur:   .space 24             /* table, traps, cause */
vt_ret:   .space 8
vt_frame: .space 16
vt_tlog:  .space 32 * 8
