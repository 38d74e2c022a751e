/* bench/rt entry: M-mode start-up and the M-mode trap vector.
 *
 * _start sets up a stack and mtvec, zeroes .bss and calls rt_boot() (boot.c),
 * which builds the Sv39 tables and MRETs into S-mode.  Every trap is taken
 * in M-mode (nothing is delegated): m_trap switches to its own stack and
 * calls rt_m_trap() (boot.c), which reports it and ends the run. */
        .section .text.init, "ax", @progbits
        .globl _start
_start:
        la   t0, m_trap
        csrw mtvec, t0
        la   sp, rt_stack_top
        la   t0, m_trap_stack_top
        csrw mscratch, t0
        la   t0, _bss_start
        la   t1, _bss_end
1:      bgeu t0, t1, 2f
        sd   zero, 0(t0)
        addi t0, t0, 8
        j    1b
2:      call rt_boot
3:      j    3b                 /* rt_boot does not return */

        .align 2
m_trap:
        csrrw sp, mscratch, sp
        csrr a0, mcause
        csrr a1, mepc
        csrr a2, mtval
        call rt_m_trap
4:      j    4b

        .section .tohost, "aw", @progbits
        .align 6
        .globl tohost
tohost: .dword 0
        .size tohost, 8
        .align 6
        .globl fromhost
fromhost: .dword 0
        .size fromhost, 8

        .bss
        .align 4
        .space 65536
        .globl rt_stack_top
rt_stack_top:
        .space 4096
m_trap_stack_top:
