/*
 * The nested guests kvm-client runs under /dev/kvm: raw RV64 machine code
 * that starts in VS-mode with its MMU off (vsatp = 0), so every address
 * below is a guest-physical address.  The whole blob, nested_blob_start ..
 * nested_blob_end, is copied to the start of the nested guest's RAM and a
 * program is entered at its offset in the blob; all references inside the
 * blob are PC-relative, so it runs at any address.  The blob also sits in
 * kvm-client's own .text, which lets the benchmark call nested_work_hash
 * directly in the L1 user process (same code, both sides).
 *
 * Reports go to the VMM as MMIO stores into a region no memory slot covers
 * (nested.h: REPORT_*): hart H's slot S is at mmio_base + H*0x100 + S*8.
 * A store to slot 15 (REPORT_DONE) ends a program; it then spins.
 *
 * SBI calls (SBI spec v2.0, "Binary Encoding"): a7 = extension ID, a6 =
 * function ID, a0..a5 = arguments; returns a0 = error, a1 = value.
 */
#include "nested.h"

	.file	"nested.S"	/* not the temporary name of the preprocessed file */

	.section .text.nested, "ax", @progbits
	.option push
	.option norelax		/* offsets inside the blob are fixed */
	.balign 8
	.globl nested_blob_start
nested_blob_start:

/*
 * nested_compute(a0 = mmio_base, a1 = n): the first scenario.
 *   slot 0: sum over i = 1..n of (i*i*i) ^ (i << 7)   (sd, 8-byte store)
 *   slot 1: read (ld) - the VMM answers with a value x
 *   slot 2: 3*x + 1                                   (sd)
 *   slot 3: 0x1234abcd                                (c.sw, compressed 4-byte store)
 *   then an SBI call in the experimental range, which KVM forwards to the
 *   VMM (KVM_EXIT_RISCV_SBI); its returned a0/a1 go to slots 4/5.
 */
	.globl nested_compute
nested_compute:
	mv	s0, a0
	li	t0, 0			/* sum */
	li	t1, 1			/* i */
1:	mul	t2, t1, t1
	mul	t2, t2, t1		/* i^3 */
	slli	t3, t1, 7
	xor	t2, t2, t3
	add	t0, t0, t2
	addi	t1, t1, 1
	bleu	t1, a1, 1b
	sd	t0, 0(s0)		/* slot 0: exit 1, KVM_EXIT_MMIO write */
	ld	t1, 8(s0)		/* slot 1: exit 2, KVM_EXIT_MMIO read */
	slli	t2, t1, 1
	add	t2, t2, t1
	addi	t2, t2, 1
	sd	t2, 16(s0)		/* slot 2 */
	li	a5, 0x1234abcd
	c.sw	a5, 24(s0)		/* slot 3: KVM decodes the 16-bit form */
	li	a7, SBI_EXT_KVMTEST
	li	a6, SBI_KVMTEST_FID
	li	a0, SBI_KVMTEST_ARG0
	li	a1, SBI_KVMTEST_ARG1
	ecall				/* KVM_EXIT_RISCV_SBI */
	sd	a0, 32(s0)		/* slot 4: error from the VMM */
	sd	a1, 40(s0)		/* slot 5: value from the VMM */
	sd	zero, REPORT_DONE*8(s0)	/* done */
2:	j	2b

/*
 * nested_smp_boot(a0 = hartid, a1 = mmio_base): vCPU 0 of the second
 * scenario.  vCPU 1 exists but is stopped; this hart starts it with SBI
 * HSM hart_start, both meet through smp_flag in shared guest RAM (which
 * needs both running at the same time), then each asks KVM for the
 * other's HSM status.
 *   slot 0: hartid            slot 1/2: sbi_get_spec_version error/value
 *   slot 3: hart_start error  slot 4/5: hart_get_status(1) error/value
 */
	.globl nested_smp_boot
nested_smp_boot:
	mv	s0, a1
	sd	a0, 0(s0)
	li	a7, SBI_EXT_BASE
	li	a6, SBI_BASE_GET_SPEC_VERSION
	ecall				/* handled inside KVM */
	sd	a0, 8(s0)
	sd	a1, 16(s0)
	li	a7, SBI_EXT_HSM
	li	a6, SBI_HSM_HART_START
	li	a0, 1			/* hartid of vCPU 1 */
	lla	a1, nested_smp_second	/* start address (guest-physical) */
	mv	a2, s0			/* opaque: arrives in the new hart's a1 */
	ecall
	sd	a0, 24(s0)
	bnez	a0, 3f			/* no vCPU 1 to meet: report and stop */
	lla	t0, smp_flag
	li	t2, 1
1:	lw	t1, 0(t0)		/* wait for vCPU 1 to say hello */
	bne	t1, t2, 1b
	fence	rw, rw
	li	t2, 2
	sw	t2, 0(t0)		/* and answer */
	li	a7, SBI_EXT_HSM
	li	a6, SBI_HSM_HART_GET_STATUS
	li	a0, 1
	ecall
	sd	a0, 32(s0)
	sd	a1, 40(s0)		/* 0 = STARTED */
3:	sd	zero, REPORT_DONE*8(s0)
2:	j	2b

/*
 * nested_smp_second(a0 = hartid, a1 = opaque): vCPU 1, entered through
 * hart_start (KVM sets pc, a0 and a1).  Reports at mmio_base + 0x100:
 *   slot 0: hartid   slot 1: opaque   slot 2/3: hart_get_status(0) error/value
 */
	.globl nested_smp_second
nested_smp_second:
	addi	s0, a1, REPORT_HART_STRIDE
	sd	a0, 0(s0)
	sd	a1, 8(s0)
	lla	t0, smp_flag
	li	t1, 1
	fence	rw, rw
	sw	t1, 0(t0)		/* hello */
	li	t2, 2
1:	lw	t1, 0(t0)		/* wait for the answer */
	bne	t1, t2, 1b
	li	a7, SBI_EXT_HSM
	li	a6, SBI_HSM_HART_GET_STATUS
	li	a0, 0
	ecall
	sd	a0, 16(s0)
	sd	a1, 24(s0)
	sd	zero, REPORT_DONE*8(s0)
2:	j	2b

/* nested_mmio_loop(a0 = mmio_base): benchmark (a), an MMIO exit per store. */
	.globl nested_mmio_loop
nested_mmio_loop:
	li	t0, 0
1:	sd	t0, 0(a0)		/* G-stage fault -> KVM -> KVM_EXIT_MMIO */
	addi	t0, t0, 1
	j	1b

/*
 * nested_sbi_loop(a0 = mmio_base, a1 = n): benchmark (b), n calls of
 * sbi_get_spec_version that KVM answers without leaving the kernel.
 *   slot 1: calls that returned an error   slot 15 (done): calls made
 */
	.globl nested_sbi_loop
nested_sbi_loop:
	mv	s0, a0
	mv	s1, a1
	li	s2, 0			/* errors */
	li	s3, 0			/* calls */
	beqz	s1, 3f
1:	li	a7, SBI_EXT_BASE
	li	a6, SBI_BASE_GET_SPEC_VERSION
	ecall
	beqz	a0, 2f
	addi	s2, s2, 1
2:	addi	s3, s3, 1
	bltu	s3, s1, 1b
3:	sd	s2, 8(s0)
	sd	s3, REPORT_DONE*8(s0)
4:	j	4b

/*
 * nested_work(a0 = mmio_base, a1 = buf, a2 = words, a3 = rounds):
 * benchmark (c), nested_work_hash in VS-mode; the hash goes to slot 15 (done).
 */
	.globl nested_work
nested_work:
	mv	s0, a0
	mv	a0, a1
	mv	a1, a2
	mv	a2, a3
	jal	ra, nested_work_hash
	sd	a0, REPORT_DONE*8(s0)
1:	j	1b

/*
 * uint64_t nested_work_hash(uint64_t *buf, unsigned long words,
 *                           unsigned long rounds)
 * A leaf with the standard calling convention (no stack): `rounds` passes
 * over buf, each word mixed into an FNV-1a-style 64-bit hash and the
 * running hash added back into the word, so every pass loads and stores.
 */
	.globl nested_work_hash
nested_work_hash:
	li	t0, 0xcbf29ce484222325	/* FNV-1a offset basis */
	li	t1, 0x100000001b3	/* FNV-1a 64-bit prime */
	beqz	a1, 3f
	beqz	a2, 3f
1:	mv	t2, a0			/* word pointer */
	mv	t3, a1			/* words left */
2:	ld	t4, 0(t2)
	xor	t0, t0, t4
	mul	t0, t0, t1
	srli	t5, t0, 29
	xor	t0, t0, t5
	add	t4, t4, t0
	sd	t4, 0(t2)
	addi	t2, t2, 8
	addi	t3, t3, -1
	bnez	t3, 2b
	addi	a2, a2, -1
	bnez	a2, 1b
3:	mv	a0, t0
	ret

/* Sv39 PTE bits (privileged spec 12.4.1). */
#define PTE_V	0x01
#define PTE_R	0x02
#define PTE_W	0x04
#define PTE_X	0x08
#define PTE_A	0x40
#define PTE_D	0x80

/* dst = PTE for the page at physical address pa with flags. */
.macro	pte dst, pa, flags
	srli	\dst, \pa, 12
	slli	\dst, \dst, 10
	ori	\dst, \dst, \flags
.endm

/* table[index] = val (tmp is clobbered). */
.macro	set_pte table, index, val, tmp
	li	\tmp, (\index) * 8
	add	\tmp, \tmp, \table
	sd	\val, 0(\tmp)
.endm

/*
 * nested_mmu(a0 = mmio_base, a1 = scratch): the nested guest turns its own
 * MMU on - Sv39 in vsatp, under KVM's G-stage - in the address space
 * nested.h describes (MMU_*), with tables in the MMU_PAGES pages at
 * scratch (page-aligned guest RAM), then runs from the upper-half alias of
 * its code and reports through the MMIO page of the window (a VS-stage
 * mapping of the unbacked report region: KVM sees the GPA).
 *   slot 0: satp read back          slot 1: its own VA, stored through it
 *   slot 2: read 1:1 after MMU_PATTERN1 was stored through DATA
 *   slot 3: read through DATA after MMU_PATTERN2 was stored 1:1 (+8)
 *   slot 4: pc after the jump to the alias (auipc)
 *   slots 5-7, 8-10: scause, stval, sepc of the first and second trap its
 *   own handler (mmu_trap) took: a load from HOLE, a store to RO
 *   slot 11: read through RO          done: number of traps taken
 * A trap before the handler is in place (mmu_early_trap) turns the MMU off
 * and reports scause, stval, sepc in slots 12-14, done = -1.
 */
	.globl nested_mmu
nested_mmu:
	mv	s0, a0			/* report base: the GPA until the alias */
	mv	s5, a0
	mv	s1, a1			/* root table */
	lla	t0, mmu_early_trap
	csrw	stvec, t0
	mv	t0, s1			/* zero the three tables */
	li	t1, 3 * 4096
	add	t1, t1, s1
1:	sd	zero, 0(t0)
	addi	t0, t0, 8
	bltu	t0, t1, 1b
	li	t0, 4096
	add	t4, s1, t0		/* level-1 table */
	add	t5, t4, t0		/* level-0 table */
	add	s3, t5, t0		/* data page */
	/* The blob's gigapage: VPN[2] i (< 0x100 for RAM at 2 GiB) and i + 0x100. */
	lla	t0, nested_blob_start
	srli	t0, t0, 30
	slli	t1, t0, 30		/* gigapage base */
	pte	t2, t1, PTE_V | PTE_R | PTE_W | PTE_X | PTE_A | PTE_D
	slli	t3, t0, 3
	add	t3, t3, s1
	sd	t2, 0(t3)		/* 1:1 */
	li	t1, 0x100 * 8
	add	t3, t3, t1
	sd	t2, 0(t3)		/* MMU_CODE_ALIAS + address */
	/* The window: root -> level 1 -> level 0 -> DATA, RO, MMIO, HOLE. */
	pte	t2, t4, PTE_V
	set_pte	s1, MMU_WIN_VPN2, t2, t3
	pte	t2, t5, PTE_V
	set_pte	t4, MMU_WIN_VPN1, t2, t3
	pte	t2, s3, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D
	sd	t2, 0(t5)
	pte	t2, s3, PTE_V | PTE_R | PTE_A
	sd	t2, 8(t5)
	pte	t2, s0, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D
	sd	t2, 16(t5)		/* HOLE: entry 3 stays invalid */
	/* satp is vsatp in VS-mode; the fence orders the table stores too. */
	srli	t0, s1, 12
	li	t1, SATP_MODE_SV39
	or	t0, t0, t1
	csrw	satp, t0
	sfence.vma
	li	t1, MMU_CODE_ALIAS
	lla	t0, nested_mmu_alias_pc
	add	t0, t0, t1
	jr	t0
	.globl nested_mmu_alias_pc
nested_mmu_alias_pc:
	auipc	t0, 0			/* MMU_CODE_ALIAS + GPA of this label */
	li	s0, MMU_VA_MMIO
	sd	t0, 4*8(s0)		/* G-stage fault at the report GPA */
	lla	t0, mmu_trap		/* an alias address too */
	csrw	stvec, t0
	li	s2, MMU_VA_MMIO + 5*8	/* mmu_trap's next record */
	csrr	t0, satp
	sd	t0, 0(s0)
	addi	t0, s0, 8
	sd	t0, 8(s0)
	li	t1, MMU_PATTERN1
	li	t2, MMU_VA_DATA
	sd	t1, 0(t2)
	ld	t3, 0(s3)		/* the data page at its 1:1 address */
	sd	t3, 2*8(s0)
	li	t1, MMU_PATTERN2
	sd	t1, 8(s3)
	ld	t3, 8(t2)
	sd	t3, 3*8(s0)
	li	a2, MMU_VA_HOLE
	li	a3, MMU_VA_RO
	li	a4, MMU_PATTERN3
	.option	push
	.option	norvc			/* mmu_trap steps over 4-byte faulting instructions */
	.globl nested_mmu_load_fault
nested_mmu_load_fault:
	ld	a5, 0(a2)		/* load page fault, delegated to VS */
	ld	a5, 0(a3)		/* RO is readable */
	sd	a5, 11*8(s0)
	.globl nested_mmu_store_fault
nested_mmu_store_fault:
	sd	a4, 0(a3)		/* store page fault */
	.option	pop
	li	t0, MMU_VA_MMIO + 5*8
	sub	t0, s2, t0
	li	t1, 24
	divu	t0, t0, t1
	sd	t0, REPORT_DONE*8(s0)
1:	j	1b

	.balign 4
mmu_trap:
	csrr	t0, scause
	csrr	t1, stval
	csrr	t2, sepc
	sd	t0, 0(s2)
	sd	t1, 8(s2)
	sd	t2, 16(s2)
	addi	s2, s2, 24
	addi	t2, t2, 4
	csrw	sepc, t2
	sret

	.balign 4
mmu_early_trap:
	csrw	satp, zero
	sfence.vma
	csrr	t0, scause
	sd	t0, 12*8(s5)
	csrr	t0, stval
	sd	t0, 13*8(s5)
	csrr	t0, sepc
	sd	t0, 14*8(s5)
	li	t0, -1
	sd	t0, REPORT_DONE*8(s5)
1:	j	1b

/*
 * nested_timer(a0 = mmio_base, a1 = delta, a2 = patience; both in ticks of
 * `time`): arms the supervisor timer with SBI set_timer for rdtime + delta
 * (KVM: vstimecmp with Sstc) and waits in WFI with only sie.STIE enabled.
 *   slot 8: time at the start   slot 10: set_timer error
 * Its handler (timer_trap) reports
 *   slot 0: scause   slot 1: time - deadline   slot 2: sip   slot 6: sepc
 *   slot 3: error of set_timer(-1), which must clear the pending timer
 *   slot 4: sip after it         slot 5: WFI loop iterations
 *   slot 12: delta, after delta more ticks with interrupts enabled and no
 *   second trap; a second trap (timer_again) puts its scause in slot 11
 * No interrupt by deadline + patience: slot 0 = 0, slot 5, done.
 */
	.globl nested_timer
nested_timer:
	mv	s0, a0
	mv	s5, a1
	lla	t0, timer_trap
	csrw	stvec, t0
	li	t0, SIE_STIE
	csrs	sie, t0
	rdtime	s1
	sd	s1, 8*8(s0)
	add	s2, s1, a1		/* deadline */
	add	s4, s2, a2		/* give up */
	li	a7, SBI_EXT_TIME
	li	a6, SBI_TIME_SET_TIMER
	mv	a0, s2
	ecall
	sd	a0, 10*8(s0)
	li	s3, 0
	csrsi	sstatus, SSTATUS_SIE
	.globl nested_timer_loop
nested_timer_loop:
	wfi
	addi	s3, s3, 1
	rdtime	t0
	bltu	t0, s4, nested_timer_loop
	.globl nested_timer_loop_end
nested_timer_loop_end:
	csrci	sstatus, SSTATUS_SIE
	sd	s3, 5*8(s0)
	sd	zero, 0(s0)
	sd	zero, REPORT_DONE*8(s0)
1:	j	1b

	.balign 4
timer_trap:
	rdtime	t1			/* before any exit to the VMM */
	csrr	t0, scause
	csrr	t2, sip
	csrr	t3, sepc
	sub	t1, t1, s2
	sd	t0, 0(s0)
	sd	t1, 8(s0)
	sd	t2, 16(s0)
	sd	t3, 6*8(s0)
	sd	s3, 5*8(s0)
	li	a7, SBI_EXT_TIME
	li	a6, SBI_TIME_SET_TIMER
	li	a0, -1
	ecall
	sd	a0, 24(s0)
	csrr	t0, sip
	sd	t0, 32(s0)
	/* Cleared means quiet: delta ticks with interrupts on, no second trap. */
	lla	t0, timer_again
	csrw	stvec, t0
	rdtime	t0
	add	t4, t0, s5
	csrsi	sstatus, SSTATUS_SIE
1:	rdtime	t0
	bltu	t0, t4, 1b
	csrci	sstatus, SSTATUS_SIE
	sd	s5, 12*8(s0)
	sd	zero, REPORT_DONE*8(s0)
2:	j	2b

	.balign 4
timer_again:
	csrr	t0, scause
	sd	t0, 11*8(s0)
	sd	zero, REPORT_DONE*8(s0)
1:	j	1b

/*
 * nested_ipi_boot(a0 = hartid, a1 = mmio_base): vCPU 0 of the IPI
 * scenario.  Starts vCPU 1 (nested_ipi_second), waits until it is ready,
 * sends it an IPI with SBI send_ipi and waits for its handler's answer.
 *   slot 0: hart_start error   slot 1: send_ipi error   slot 2: ipi_flag (2)
 */
	.globl nested_ipi_boot
nested_ipi_boot:
	mv	s0, a1
	li	a7, SBI_EXT_HSM
	li	a6, SBI_HSM_HART_START
	li	a0, 1
	lla	a1, nested_ipi_second
	mv	a2, s0
	ecall
	sd	a0, 0(s0)
	bnez	a0, 3f
	lla	t0, ipi_flag
	li	t2, 1
1:	lw	t1, 0(t0)		/* vCPU 1 ready */
	bne	t1, t2, 1b
	li	a7, SBI_EXT_IPI
	li	a6, SBI_IPI_SEND_IPI
	li	a0, 1 << 1		/* hart_mask: hart 1 */
	li	a1, 0			/* hart_mask_base */
	ecall
	sd	a0, 8(s0)
	bnez	a0, 3f
	lla	t0, ipi_flag
	li	t2, 2
2:	lw	t1, 0(t0)		/* vCPU 1 took the interrupt */
	bne	t1, t2, 2b
	sd	t1, 16(s0)
3:	sd	zero, REPORT_DONE*8(s0)
4:	j	4b

/*
 * nested_ipi_second(a0 = hartid, a1 = opaque = mmio_base): vCPU 1 waits in
 * WFI with only sie.SSIE enabled.  Its handler (ipi_trap) reports at
 * mmio_base + 0x100:
 *   slot 0: scause   slot 1: sip   slot 2: sip after clearing SSIP
 *   slot 3: sepc     slot 4: WFI loop iterations
 */
	.globl nested_ipi_second
nested_ipi_second:
	addi	s0, a1, REPORT_HART_STRIDE
	lla	t0, ipi_trap
	csrw	stvec, t0
	csrsi	sie, SIE_SSIE
	li	s3, 0
	lla	t0, ipi_flag
	li	t1, 1
	fence	rw, rw
	sw	t1, 0(t0)		/* ready */
	csrsi	sstatus, SSTATUS_SIE
	.globl nested_ipi_loop
nested_ipi_loop:
	wfi
	addi	s3, s3, 1
	j	nested_ipi_loop
	.globl nested_ipi_loop_end
nested_ipi_loop_end:

	.balign 4
ipi_trap:
	csrr	t0, scause
	csrr	t1, sip
	csrci	sip, SIE_SSIE
	csrr	t2, sip
	csrr	t3, sepc
	sd	t0, 0(s0)
	sd	t1, 8(s0)
	sd	t2, 16(s0)
	sd	t3, 24(s0)
	sd	s3, 32(s0)
	lla	t0, ipi_flag
	li	t1, 2
	fence	rw, rw
	sw	t1, 0(t0)
	sd	zero, REPORT_DONE*8(s0)
1:	j	1b

	.balign 8
smp_flag:			/* 0 -> 1 (vCPU 1: hello) -> 2 (vCPU 0: answer) */
	.word	0
ipi_flag:			/* 0 -> 1 (vCPU 1: ready) -> 2 (vCPU 1: got the IPI) */
	.word	0
	.balign 8
	.globl nested_blob_end
nested_blob_end:
	.option pop
