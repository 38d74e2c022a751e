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
 * (kvm_client.h: REPORT_*): hart H's slot S is at mmio_base + H*0x100 + S*8.
 * A store to slot 7 (REPORT_DONE) ends a program; it then spins.
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
	sd	zero, 56(s0)		/* slot 7: done */
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
3:	sd	zero, 56(s0)
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
	sd	zero, 56(s0)
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
 *   slot 1: calls that returned an error   slot 7 (done): calls made
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
	sd	s3, 56(s0)
4:	j	4b

/*
 * nested_work(a0 = mmio_base, a1 = buf, a2 = words, a3 = rounds):
 * benchmark (c), nested_work_hash in VS-mode; the hash goes to slot 7 (done).
 */
	.globl nested_work
nested_work:
	mv	s0, a0
	mv	a0, a1
	mv	a1, a2
	mv	a2, a3
	jal	ra, nested_work_hash
	sd	a0, 56(s0)
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

	.balign 8
smp_flag:			/* 0 -> 1 (vCPU 1: hello) -> 2 (vCPU 0: answer) */
	.word	0
	.balign 8
	.globl nested_blob_end
nested_blob_end:
	.option pop
