/* A raw binary (no ELF, no HTIF): loaded and entered at 0x8000_0000.
 * Prints through the UART and powers off with the sifive,test1 finisher
 * at 0x10_0000 (0x5555 = pass; 0x3333 | code << 16 = fail) - the layout
 * of QEMU's virt machine, where this binary runs unchanged. */
        .section .text.init
        .globl _start
_start:
        auipc t0, 0
        li   t1, 0x80000000
        li   a2, 2
        bne  t0, t1, fail        /* not entered at the start of RAM */
        li   s0, 0x10000000
        la   s1, msg
1:      lbu  a0, 0(s1)
        beqz a0, 3f
2:      lbu  a1, 5(s0)
        andi a1, a1, 0x20
        beqz a1, 2b
        sb   a0, 0(s0)
        addi s1, s1, 1
        j    1b
3:      li   t0, 0x100000
        li   t1, 0x5555
        sw   t1, 0(t0)
4:      j    4b
fail:   slli a2, a2, 16
        li   t1, 0x3333
        or   t1, t1, a2
        li   t0, 0x100000
        sw   t1, 0(t0)
5:      j    5b
        .section .rodata
msg:    .asciz "raw binary OK\n"
