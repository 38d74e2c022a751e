/* V 1.0 vector memory faults (7.7), fault-only-first, and reserved
 * encodings.  A PMP region (noacc, one page after big) is closed to U;
 * the faulting accesses run in M-mode with MPRV=1, MPP=U, so that they
 * are checked as U's.  big holds byte k & 0xff at offset k. */
#include "isa.h"
.option arch, +v

/* The dword made of bytes o .. o+7 of big. */
#define B_(o, k) (((((o) + (k)) & 0xff)) << (8 * (k)))
#define DW(o) (B_(o, 0) | B_(o, 1) | B_(o, 2) | B_(o, 3) | B_(o, 4) | B_(o, 5) | B_(o, 6) | B_(o, 7))
#define ONES 0xffffffffffffffff

/* v8..v15 and v16..v23 := all ones; dump v8..v15 (or v16..v23) to out. */
#define FILLV      la t0, ones; vl8re8.v v8, (t0); vl8re8.v v16, (t0)
#define DUMP8      la s0, out; vs8r.v v8, (s0)
#define DUMP16     la s0, out; vs8r.v v16, (s0)
#define CHK(off, val) ld a0, off(s0); EXPECT(a0, val)
#define VSET(n, ...) li t1, n; vsetvli t2, t1, __VA_ARGS__
/* dst: 64 bytes of ones */
#define FILLDST    la s1, dst; li t1, -1; sd t1, 0(s1); sd t1, 8(s1); sd t1, 16(s1); \
                   sd t1, 24(s1); sd t1, 32(s1); sd t1, 40(s1); sd t1, 48(s1); sd t1, 56(s1)
#define CHKD(off, val) ld a0, off(s1); EXPECT(a0, val)

#define UMODE_ON  li t0, 0x1800; csrc mstatus, t0; li t0, 0x20000; csrs mstatus, t0
#define UMODE_OFF li t0, 0x20000; csrc mstatus, t0
/* The access faulted (cause) at noacc + off, leaving vstart = vs. */
#define FAULT_AT(cause, off, vs) EXPECT_CAUSE(cause); la t3, noacc; addi t3, t3, off; \
        bne s11, t3, fail; csrr a0, vstart; EXPECT(a0, vs); csrwi vstart, 0
#define ILL(n, ...) TESTCASE(n); ARM_TRAP; __VA_ARGS__; EXPECT_CAUSE(CAUSE_ILLEGAL_INSN)
#define LEGAL(n, ...) TESTCASE(n); ARM_TRAP; __VA_ARGS__; EXPECT_NO_TRAP

ISA_BEGIN
        li t0, 0x200
        csrs mstatus, t0
        /* big[k] = k & 0xff */
        la a0, big
        li a1, 8192
        li a2, 0
1:      sb a2, 0(a0)
        addi a0, a0, 1
        addi a2, a2, 1
        blt a2, a1, 1b
        la s2, big


        INSTALL_TRAP
        /* PMP: entry 1 (TOR) closes [noacc, noacc + 4096), entry 2 opens
         * everything else (NAPOT, all ones). */
        la t0, noacc
        srli t0, t0, 2
        csrw pmpaddr0, t0
        li t1, 1024
        add t0, t0, t1
        csrw pmpaddr1, t0
        li t0, -1
        csrw pmpaddr2, t0
        li t0, (0x1f << 16) | (0x08 << 8)
        csrw pmpcfg0, t0
        li s3, 8184
        add s3, s3, s2              /* s3 = noacc - 8 */

        TESTCASE(1)     /* load: element 2 faults */
        FILLV
        VSET(4, e32, m1, ta, ma)
        ARM_TRAP
        UMODE_ON
        vle32.v v8, (s3)
        UMODE_OFF
        FAULT_AT(5, 0, 2)
        DUMP8
        CHK(0, DW(248))
        CHK(8, ONES)

        TESTCASE(2)     /* store: element 2 faults */
        vl1re8.v v8, (s2)
        ARM_TRAP
        UMODE_ON
        vse32.v v8, (s3)
        UMODE_OFF
        FAULT_AT(7, 0, 2)
        ld a0, 0(s3)
        EXPECT(a0, DW(0))
        li t1, DW(248)
        sd t1, 0(s3)

        TESTCASE(3)     /* segment: field 1 of segment 1 faults */
        FILLV
        VSET(3, e32, m1, ta, ma)
        addi a1, s3, -4
        ARM_TRAP
        UMODE_ON
        vlseg2e32.v v8, (a1)
        UMODE_OFF
        FAULT_AT(5, 0, 1)
        DUMP8
        lw a0, 0(s0)
        EXPECT(a0, 0xfffffffff7f6f5f4)
        lw a0, 16(s0)
        EXPECT(a0, 0xfffffffffbfaf9f8)

        TESTCASE(4)     /* an element split by the boundary */
        VSET(2, e64, m1, ta, ma)
        addi a1, s3, 4
        ARM_TRAP
        UMODE_ON
        vle64.v v8, (a1)
        UMODE_OFF
        /* tval: the faulting portion, noacc (rvkvm, as its scalar loads);
         * QEMU 7.2 reports the element's address, noacc - 4. */
        EXPECT_CAUSE(5)
        la t3, noacc
        beq s11, t3, 1f
        addi t3, t3, -4
        bne s11, t3, fail
1:      csrr a0, vstart
        EXPECT(a0, 0)

        TESTCASE(5)     /* strided */
        VSET(4, e32, m1, ta, ma)
        li a2, 4096
        ARM_TRAP
        UMODE_ON
        vlse32.v v8, (s2), a2
        UMODE_OFF
        FAULT_AT(5, 0, 2)

        TESTCASE(6)     /* indexed load, then ordered indexed store */
        la a3, idx4
        vl1re8.v v4, (a3)
        ARM_TRAP
        UMODE_ON
        vluxei8.v v8, (s3), v4
        UMODE_OFF
        FAULT_AT(5, 4, 2)
        TESTCASE(7)
        ARM_TRAP
        UMODE_ON
        vsoxei8.v v8, (s3), v4
        UMODE_OFF
        FAULT_AT(7, 4, 2)

        TESTCASE(8)     /* a masked-off element does not fault */
        FILLV
        la a1, mask3
        vl1re8.v v0, (a1)
        ARM_TRAP
        UMODE_ON
        vle32.v v8, (s3), v0.t
        UMODE_OFF
        EXPECT_NO_TRAP
        DUMP8
        CHK(0, DW(248))
        CHK(8, ONES)

        TESTCASE(9)     /* whole register: element 4 faults */
        addi a1, s3, -8
        ARM_TRAP
        UMODE_ON
        vl2re32.v v8, (a1)
        UMODE_OFF
        FAULT_AT(5, 0, 4)

        TESTCASE(10)    /* vlm.v: byte 1 faults */
        VSET(16, e8, m1, ta, ma)
        addi a1, s3, 7
        ARM_TRAP
        UMODE_ON
        vlm.v v8, (a1)
        UMODE_OFF
        FAULT_AT(5, 0, 1)

        /* ---- fault-only-first ---- */
        TESTCASE(11)    /* element 2 faults: vl = 2, no trap */
        FILLV
        VSET(4, e32, m1, ta, ma)
        ARM_TRAP
        UMODE_ON
        vle32ff.v v8, (s3)
        UMODE_OFF
        EXPECT_NO_TRAP
        csrr a0, vl
        EXPECT(a0, 2)
        csrr a0, vstart
        EXPECT(a0, 0)
        DUMP8
        CHK(0, DW(248))
        CHK(8, ONES)

        TESTCASE(12)    /* element 0 faults: the trap, vl kept */
        VSET(4, e32, m1, ta, ma)
        addi a1, s3, 8
        ARM_TRAP
        UMODE_ON
        vle32ff.v v8, (a1)
        UMODE_OFF
        FAULT_AT(5, 0, 0)
        csrr a0, vl
        EXPECT(a0, 4)

        TESTCASE(13)    /* segments */
        VSET(4, e16, m1, ta, ma)
        ARM_TRAP
        UMODE_ON
        vlseg2e16ff.v v8, (s3)
        UMODE_OFF
        EXPECT_NO_TRAP
        csrr a0, vl
        EXPECT(a0, 2)

        TESTCASE(14)    /* element 0 masked off, element 1 faults: vl = 1 */
        VSET(4, e32, m1, ta, ma)
        la a1, mask2
        vl1re8.v v0, (a1)
        addi a1, s3, 4
        ARM_TRAP
        UMODE_ON
        vle32ff.v v8, (a1), v0.t
        UMODE_OFF
        EXPECT_NO_TRAP
        csrr a0, vl
        EXPECT(a0, 1)

        TESTCASE(15)    /* no fault: vl kept, all loaded */
        FILLV
        VSET(16, e8, m1, ta, ma)
        vle8ff.v v8, (s2)
        csrr a0, vl
        EXPECT(a0, 16)
        DUMP8
        CHK(8, DW(8))

        /* ---- reserved encodings ---- */
        mv a0, s2
        VSET(16, e8, m8, ta, ma)
        ILL(20, vle16.v v8, (a0))           /* EMUL 16 */
        ILL(21, vluxei16.v v8, (a0), v0)    /* index EMUL 16 */
        LEGAL(22, vluxei8.v v8, (a0), v0)
        VSET(16, e8, m2, ta, ma)
        ILL(23, vle8.v v9, (a0))            /* misaligned group */
        ILL(24, vse8.v v9, (a0))
        LEGAL(25, vle8.v v10, (a0))
        VSET(16, e8, m4, ta, ma)
        ILL(26, vlseg3e8.v v8, (a0))        /* EMUL * NFIELDS 12 */
        LEGAL(27, vlseg2e8.v v8, (a0))
        VSET(16, e8, m1, ta, ma)
        ILL(28, vlseg4e8.v v30, (a0))       /* past v31 */
        LEGAL(29, vlseg2e8.v v30, (a0))
        ILL(30, vle8.v v0, (a0), v0.t)      /* masked, vd = v0 */
        LEGAL(31, vse8.v v0, (a0), v0.t)
        ILL(32, vlse8.v v0, (a0), a1, v0.t)
        ILL(33, vluxseg2ei8.v v4, (a0), v5) /* segment vd group over vs2 */
        ILL(34, vluxei16.v v5, (a0), v4)    /* EEW 8 dest over the top of EEW 16 */
        LEGAL(35, vluxei16.v v4, (a0), v4)  /* ... over the bottom: allowed */
        ILL(36, vluxei16.v v4, (a0), v3)    /* index group misaligned */
        VSET(8, e16, m2, ta, ma)
        LEGAL(37, vluxei8.v v4, (a0), v5)   /* EEW 16 dest, top part */
        ILL(38, vluxei8.v v4, (a0), v4)     /* ... bottom part */
        LEGAL(39, vsuxei8.v v4, (a0), v4)   /* stores may overlap */
        ILL(40, vl2re8.v v9, (a0))          /* whole register misaligned */
        ILL(41, .word 0x12050407)           /* mew = 1 */
        ILL(42, .word 0x02150407)           /* lumop 1 */
        ILL(43, .word 0x00b50407)           /* vlm.v masked */
        ILL(44, .word 0x22855427)           /* vs2r.v with EEW 16 */
        ILL(45, .word 0x42850407)           /* vl3re8.v */
        ILL(46, .word 0x03050427)           /* sumop 0x10 (no ff store) */
        ILL(47, .word 0x20850407)           /* vl2re8.v masked */
        VSET(4, e64, m1, ta, ma)
        LEGAL(48, vle8.v v8, (a0))          /* EMUL 1/8 */
        /* vill: only the whole-register forms */
        li t1, 1
        slli t1, t1, 63
        vsetvl t2, zero, t1
        ILL(49, vle8.v v8, (a0))
        ILL(50, vlm.v v8, (a0))
        ILL(51, vlse8.v v8, (a0), a1)
        LEGAL(52, vl1re8.v v8, (a0))
        LEGAL(53, vs1r.v v8, (a0))
        /* mstatus.VS off: all illegal */
        li t0, 0x600
        csrc mstatus, t0
        ILL(54, vl1re8.v v8, (a0))
        li t0, 0x200
        csrs mstatus, t0
        LEGAL(55, vl1re8.v v8, (a0))
ISA_END

        .data
        .balign 16
mask3:  .byte 0x03, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
mask2:  .byte 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
idx4:   .byte 0, 4, 12, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
        .balign 16
ones:   .fill 128, 1, 0xff
out:    .fill 128, 1, 0
dst:    .fill 64, 1, 0
        .balign 4096
big:    .fill 8192, 1, 0
noacc:  .fill 4096, 1, 0
