/* SBI RFENCE remote_sfence_vma with a range, checked from inside a
 * hypervisor guest (`rvkvm run --kernel rfence.elf --cpus 2`): hart 1
 * caches translations of X and of Y (512 KiB above X) in Sv39; hart 0
 * remaps both without a fence of its own, then asks for a remote fence of
 * X's page only.  Hart 1 must see X's new page (SBI spec 8.3); it still
 * sees Y's old one, which proves the range was fenced rather than all of
 * the TLB (rvkvm: ranges of up to 64 pages, kvm/riscv/vcpu_sbi_rfence.c).
 * A fence with start 0 and size 0 then reaches Y.  Prints HYP-RFENCE-OK
 * and powers off (exit 0), or FAIL <n> (exit 1). */
#include "hyp.inc"

#define VA_X 0x40000000
#define VA_Y 0x40080000
#define PTE_LEAF 0xc7        /* V R W A D */
#define PTE_RWX  0xcf        /* V R W X A D */
/* reg = the PTE of the page at label (flags f) */
#define PTE_OF(reg, label, f) la reg, label; srli reg, reg, 12; slli reg, reg, 10; ori reg, reg, f
/* wait until the dword at label is nonzero */
#define WAIT(label) 9: la t0, label; ld t1, 0(t0); beqz t1, 9b
#define RAISE(label) fence rw, rw; li t1, 1; la t0, label; sd t1, 0(t0)

        HYP_HEADER
entry:
        /* Sv39: root[1] -> l1, root[2] = the identity gigapage of RAM,
         * l1[0] -> l0, l0[0] (X) and l0[128] (Y) -> page_a. */
        PTE_OF(t0, l1, 1)
        la   t1, root
        sd   t0, 8(t1)
        li   t0, (0x80000000 >> 12 << 10) | PTE_RWX
        sd   t0, 16(t1)
        PTE_OF(t0, l0, 1)
        la   t1, l1
        sd   t0, 0(t1)
        PTE_OF(t0, page_a, PTE_LEAF)
        la   t1, l0
        sd   t0, 0(t1)
        sd   t0, 1024(t1)
        li   t0, 0xaaaa
        sd   t0, page_a, t1
        li   t0, 0xbbbb
        sd   t0, page_b, t1
        fence rw, rw

        li   a0, 1
        la   a1, hart1
        li   a2, 0
        SBI(EXT_HSM, 0)
        CHECK(1, a0, 0)
        WAIT(cached)

        PTE_OF(t0, page_b, PTE_LEAF)     /* remap X and Y, no fence here */
        la   t1, l0
        sd   t0, 0(t1)
        sd   t0, 1024(t1)
        fence rw, rw
        li   a0, 2                       /* hart 1 */
        li   a1, 0
        li   a2, VA_X + 0x10             /* anywhere in X's page */
        li   a3, 8
        SBI(EXT_RFENCE, 1)
        CHECK(2, a0, 0)
        RAISE(go)
        WAIT(done)
        ld   t2, res_x
        CHECK(3, t2, 0xbbbb)             /* fenced: the new page */
        ld   t2, res_y
        CHECK(4, t2, 0xaaaa)             /* outside the range: kept */

        li   a0, 2
        li   a1, 0
        li   a2, 0
        li   a3, 0                       /* start 0, size 0: everything */
        SBI(EXT_RFENCE, 1)
        CHECK(5, a0, 0)
        RAISE(go2)
        WAIT(done2)
        ld   t2, res_y2
        CHECK(6, t2, 0xbbbb)

        la   a0, ok_msg
        call puts
        li a0, 0; li a1, 0
        SBI(EXT_SRST, 0)
        j .

/* Hart 1: translate through the same tables, cache X and Y, report what
 * it reads after each fence. */
hart1:
        la   t0, root
        srli t0, t0, 12
        li   t1, 8 << 60
        or   t0, t0, t1
        csrw satp, t0
        sfence.vma
        li   s1, VA_X
        li   s2, VA_Y
        ld   t2, 0(s1)
        ld   t3, 0(s2)
        RAISE(cached)
        WAIT(go)
        ld   t2, 0(s1)
        ld   t3, 0(s2)
        sd   t2, res_x, t0
        sd   t3, res_y, t0
        RAISE(done)
        WAIT(go2)
        ld   t3, 0(s2)
        sd   t3, res_y2, t0
        RAISE(done2)
1:      wfi
        j    1b

        HYP_REPORT

        .section .rodata
ok_msg:   .asciz "HYP-RFENCE-OK\n"

        .data
        .balign 8
cached: .dword 0
go:     .dword 0
done:   .dword 0
go2:    .dword 0
done2:  .dword 0
res_x:  .dword 0
res_y:  .dword 0
res_y2: .dword 0

        .bss
        .balign 4096
root:   .space 4096
l1:     .space 4096
l0:     .space 4096
page_a: .space 4096
page_b: .space 4096
