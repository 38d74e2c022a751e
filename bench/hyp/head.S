/* The exit benchmark's entry: a RISC-V Linux Image header (so rvkvm and
 * QEMU load it as a kernel at 0x80200000), then a stack per hart and
 * bmain(hartid) / secondary(hartid). */
        .section .text.head, "ax"
        .option push
        .option norvc
        .globl _start
_start:
        j    entry                  /* code0 */
        .word 0                     /* code1 */
        .dword 0x200000             /* text_offset */
        .dword _end - _start        /* image_size */
        .dword 0                    /* flags: little endian */
        .word 2                     /* version 0.2 */
        .word 0
        .dword 0
        .ascii "RISCV\0\0\0"        /* magic */
        .ascii "RSC\x05"            /* magic2 */
        .word 0
entry:
        la   sp, stack0_top
        call bmain
1:      wfi
        j    1b
        .globl secondary_entry
secondary_entry:                   /* SBI HSM hart_start target: a0 = hart id */
        la   sp, stack1_top
        call secondary
2:      wfi
        j    2b
        .option pop

        .bss
        .balign 16
        .space 16384
stack0_top:
        .space 16384
stack1_top:
