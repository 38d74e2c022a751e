/* Runtime for the differential tests: links with a file written by
 * tests/difftest/gen.c, which defines difftest_main (all sequences, then a
 * jump to dt_done) and, per sequence, a state table:
 *
 *   slot 0       sequence index
 *   slots 1..31  x1..x31        (x2 = data area, x8 = data area + 256)
 *   slots 32..63 f0..f31        (raw 64-bit images)
 *   slot 64      fcsr
 *   slot 65      data area address (DATA_SIZE bytes)
 *
 * A sequence starts with   lla a0, TABLE; jal t0, dt_load; ld t0, 40(a0); ld a0, 80(a0)
 * and ends with            csrw mscratch, a0; lla a0, dt_save; sd t0, 40(a0); jal t0, dt_dump
 *
 * dt_dump prints, over the HTIF console, one line per slot of the final
 * state ("NAME 16-hex-digits"): seq, x1..x31, f0..f31, fcsr, and mem, the
 * FNV-1a-64 hash of the data area; when the generated file's dt_options
 * has DT_OPT_DUMP_MEM, the 64 doublewords of the data area follow as
 * m0..m63.  Zicond, Zimop and Zcmop instructions trapping as illegal are
 * emulated (see dt_trap).  An unexpected trap prints "TRAP seq S mcause C mepc P mtval V"
 * and exits 3; the end prints "done" and exits 0.
 */
#include "test.h"

#define SLOT_FCSR  64
#define SLOT_DATA  65
#define NSLOTS     66
#define DATA_SIZE  512
#define HTIF_PUTC  ((1 << 56) | (1 << 48))   /* device 1 (console), command 1 */
#define DT_OPT_DUMP_MEM 1   /* dt_options: print the data area too */

/* Write the character in r to the HTIF console, then wait until the host
 * has taken it (tohost reads 0).  Clobbers t1, t2. */
#define PUTC(r)                 \
        lla  t1, tohost;        \
        li   t2, HTIF_PUTC;     \
        or   t2, t2, r;         \
        sd   t2, 0(t1);         \
9:      ld   t2, 0(t1);         \
        bnez t2, 9b

TEST_BEGIN
        lla  t0, dt_trap
        csrw mtvec, t0
        li   t0, 0x6000          /* mstatus.FS = Dirty: FP on (priv spec 3.1.6.6) */
        csrs mstatus, t0
        j    difftest_main

        .globl dt_done
dt_done:
        lla  a0, dt_msg_done
        call dt_puts
TEST_END

/* Load the whole state from the table at a0, except t0 (the link) and a0
 * itself, which the caller loads last.  Records the table in dt_cur. */
        .globl dt_load
dt_load:
        lla  t1, dt_cur
        sd   a0, 0(t1)
        .irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
        fld  f\n, (32 + \n) * 8(a0)
        .endr
        ld   t1, SLOT_FCSR * 8(a0)
        csrw fcsr, t1
        .irp n, 1,2,3,4,6,7,8,9,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
        ld   x\n, \n * 8(a0)
        .endr
        jr   t0

/* Store the state into dt_save (a0; t0 and a0 already stored by the
 * caller, a0's value sits in mscratch), hash the data area and print it
 * all.  Returns to t0. */
        .globl dt_dump
dt_dump:
        .irp n, 1,2,3,4,6,7,8,9,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
        sd   x\n, \n * 8(a0)
        .endr
        csrr t1, mscratch
        sd   t1, 10 * 8(a0)
        csrr t1, fcsr            /* before anything could touch fflags */
        sd   t1, SLOT_FCSR * 8(a0)
        .irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
        fsd  f\n, (32 + \n) * 8(a0)
        .endr
        lla  t1, dt_ret
        sd   t0, 0(t1)

        /* slot 0: the sequence index; slot 65: FNV-1a-64 of the data area */
        mv   s4, a0
        lla  t1, dt_cur
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

        lla  s5, dt_names
        li   s6, NSLOTS
        call dt_print_slots
        lla  t1, dt_options      /* and, when asked, the data area itself */
        ld   t1, 0(t1)
        andi t1, t1, DT_OPT_DUMP_MEM
        beqz t1, 1f
        ld   s4, SLOT_DATA * 8(s1)
        li   s6, DATA_SIZE / 8
        call dt_print_slots
1:      lla  t1, dt_ret
        ld   t0, 0(t1)
        jr   t0

/* Print s6 lines "NAME VALUE": names from s5 (each ends with a space),
 * values the doublewords at s4.  Advances s4 and s5. */
dt_print_slots:
        mv   s7, ra
1:      lbu  t3, 0(s5)           /* the name, up to and including its space */
        addi s5, s5, 1
        PUTC(t3)
        li   t4, ' '
        bne  t3, t4, 1b
        ld   a0, 0(s4)
        call dt_puthex
        li   t3, '\n'
        PUTC(t3)
        addi s4, s4, 8
        addi s6, s6, -1
        bnez s6, 1b
        jr   s7

/* Print a0 as 16 hex digits.  Clobbers t1..t5. */
dt_puthex:
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

/* Print the NUL-terminated string at a0.  Clobbers a0, t1..t3. */
dt_puts:
        lbu  t3, 0(a0)
        beqz t3, 1f
        PUTC(t3)
        addi a0, a0, 1
        j    dt_puts
1:      ret

/* Traps.  QEMU 7.2 has no Zicond, Zimop or Zcmop: an illegal-instruction
 * trap on czero.eqz/czero.nez is emulated here (rd = rs2 ==/!= 0 ? 0 :
 * rs1, Zicond 1.0), on MOP.R.n/MOP.RR.n (rd = 0) and C.MOP.n (nothing),
 * so the same ELF gives the same output on an implementation that has
 * them; the sequences never touch mscratch, mepc, mcause or mstatus.
 * Any other trap is unexpected: report where, and exit 3. */
#define CZERO_MASK 0xfe00707f
#define CZERO_EQZ  0x0e005033   /* funct7 7, funct3 5, OP */
#define CZERO_NEZ  0x0e007033   /* funct7 7, funct3 7, OP */
#define MOP_R_MASK   0xb3c0707f /* Zimop: SYSTEM funct3 4, bit 31 */
#define MOP_R_MATCH  0x81c04073
#define MOP_RR_MASK  0xb200707f
#define MOP_RR_MATCH 0x82004073
#define C_MOP_MASK   0xf8ff     /* Zcmop: c.lui x(odd < 16), 0 */
#define C_MOP_MATCH  0x6081
        .align 2
dt_trap:
        csrw mscratch, t0
        lla  t0, dt_frame
        .irp n, 1,2,3,4,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
        sd   x\n, \n * 8(t0)
        .endr
        csrr t1, mscratch
        sd   t1, 5 * 8(t0)
        csrr t1, mcause
        li   t2, 2               /* illegal instruction */
        bne  t1, t2, dt_report
        csrr t1, mepc
        lhu  t2, 0(t1)           /* the instruction, in 16-bit parcels */
        lhu  t3, 2(t1)
        slli t3, t3, 16
        or   t2, t2, t3
        li   t3, C_MOP_MASK
        and  t3, t2, t3
        li   t4, C_MOP_MATCH
        beq  t3, t4, 5f
        li   t3, MOP_R_MASK
        and  t3, t2, t3
        li   t4, MOP_R_MATCH
        beq  t3, t4, 4f
        li   t3, MOP_RR_MASK
        and  t3, t2, t3
        li   t4, MOP_RR_MATCH
        beq  t3, t4, 4f
        li   t3, CZERO_MASK
        and  t3, t2, t3
        li   t4, CZERO_EQZ
        li   t5, CZERO_NEZ
        beq  t3, t4, 1f
        bne  t3, t5, dt_report
1:      srli t5, t2, 20          /* rs2 (x0's slot in dt_frame stays 0) */
        andi t5, t5, 31
        slli t5, t5, 3
        add  t5, t0, t5
        ld   t5, 0(t5)
        seqz t5, t5              /* t5 = (rs2 == 0) */
        bne  t3, t4, 2f
        xori t5, t5, 1           /* eqz: keep rs1 when rs2 != 0 */
2:      srli t6, t2, 15          /* rs1 */
        andi t6, t6, 31
        slli t6, t6, 3
        add  t6, t0, t6
        ld   t6, 0(t6)
        neg  t5, t5
        and  t6, t6, t5          /* rd value */
6:      srli t2, t2, 7           /* rd */
        andi t2, t2, 31
        beqz t2, 3f
        slli t2, t2, 3
        add  t2, t0, t2
        sd   t6, 0(t2)
        j    3f
4:      li   t6, 0               /* MOP: rd = 0 */
        j    6b
5:      addi t1, t1, -2          /* C.MOP: nothing, 2 bytes */
3:      addi t1, t1, 4
        csrw mepc, t1
        .irp n, 1,2,3,4,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
        ld   x\n, \n * 8(t0)
        .endr
        ld   t0, 5 * 8(t0)
        mret

dt_report:
        lla  a0, dt_msg_trap
        call dt_puts
        li   a0, -1
        lla  t1, dt_cur
        ld   t1, 0(t1)
        beqz t1, 1f
        ld   a0, 0(t1)
1:      call dt_puthex
        lla  a0, dt_msg_mcause
        call dt_puts
        csrr a0, mcause
        call dt_puthex
        lla  a0, dt_msg_mepc
        call dt_puts
        csrr a0, mepc
        call dt_puthex
        lla  a0, dt_msg_mtval
        call dt_puts
        csrr a0, mtval
        call dt_puthex
        li   t3, '\n'
        PUTC(t3)
        li   t6, 3
        HTIF_EXIT(t6)

        .section .rodata
dt_names:
        .ascii "seq "
        .irp n, 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
        .ascii "x\n "
        .endr
        .irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
        .ascii "f\n "
        .endr
        .ascii "fcsr mem "
        .irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47,48,49,50,51,52,53,54,55,56,57,58,59,60,61,62,63
        .ascii "m\n "               /* doubleword n of the data area */
        .endr
dt_msg_done:   .asciz "done\n"
dt_msg_trap:   .asciz "TRAP seq "
dt_msg_mcause: .asciz " mcause "
dt_msg_mepc:   .asciz " mepc "
dt_msg_mtval:  .asciz " mtval "

        .bss
        .balign 8
        .globl dt_save
dt_save: .space NSLOTS * 8
dt_cur:  .space 8
dt_ret:  .space 8
dt_frame: .space 32 * 8         /* x0..x31 at a trap; slot 0 stays 0 */
