/* The fake kernel's entry: a RISC-V Linux Image header (Linux's
 * Documentation/arch/riscv/boot-image-header.rst, version 0.2), then a
 * stack and kmain(a0..a7).  Also the S-mode probes kmain uses: each
 * returns -1, or scause when the probed instruction trapped. */
        .section .text.head, "ax"
        .option push
        .option norvc
        .globl _start
_start:
        j    entry                  /* code0 */
        .word 0                     /* code1 */
        .dword 0x200000             /* text_offset */
        .dword _end - _start_image  /* image_size, bss and stack included */
        .dword 0                    /* flags: little endian */
        .word 2                     /* version 0.2 */
        .word 0                     /* res1 */
        .dword 0                    /* res2 */
        .ascii "RISCV\0\0\0"        /* magic */
        .ascii "RSC\x05"            /* magic2 */
        .word 0                     /* res3 */
entry:
        la   sp, _stack_top
        la   t0, _edata             /* clear .bss */
        la   t1, _stack_top
1:      bgeu t0, t1, 2f
        sd   zero, 0(t0)
        addi t0, t0, 8
        j    1b
2:      call kmain
3:      wfi
        j    3b

/* long probe_csrr_mhartid(void): -1 if mhartid is readable (M-mode). */
        .globl probe_csrr_mhartid
probe_csrr_mhartid:
        li   t2, -1
        la   t0, probe_trap
        csrw stvec, t0
        csrr t1, mhartid
        mv   a0, t2
        ret

/* long probe_store32(uintptr_t addr, uint32_t val) */
        .globl probe_store32
probe_store32:
        li   t2, -1
        la   t0, probe_trap
        csrw stvec, t0
        sw   a1, 0(a0)
        mv   a0, t2
        ret

/* Every probed instruction is 4 bytes (norvc): skip it, cause in t2. */
        .align 2
probe_trap:
        csrr t2, scause
        csrr t0, sepc
        addi t0, t0, 4
        csrw sepc, t0
        sret
        .option pop
