/* tests/stats guest for a hypervisor guest (VS-mode), driven by
 * stats_test.c: a1 SBI RFENCE remote_sfence_vma calls to hart 0 (itself),
 * one DBCN console_write_byte (forwarded to the VMM), then an MMIO write
 * to 0x1000_0000 (done); a failed SBI call writes its error to +8. */
#define MMIO 0x10000000
        .section .text.init
        .globl _start
_start:
        li   t0, MMIO
        mv   s0, a1
1:      beqz s0, 2f
        li   a7, 0x52464E43      /* RFENCE */
        li   a6, 1               /* remote_sfence_vma */
        li   a0, 1               /* hart_mask */
        li   a1, 0               /* hart_mask_base */
        li   a2, 0
        li   a3, -1
        ecall
        bnez a0, fail
        addi s0, s0, -1
        j    1b
2:      li   a7, 0x4442434E      /* DBCN */
        li   a6, 2               /* console_write_byte */
        li   a0, 'x'
        ecall
        sw   zero, 0(t0)
        j    .
fail:   sw   a0, 8(t0)
        j    .
