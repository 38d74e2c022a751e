/* The SBI selftest's guest (tests/kvm/sbi_test.c runs it): a VS-mode
 * program for a KVM_VM_TYPE_HYP_GUEST VM with two vCPUs.  Hart 0 makes a
 * sequence of SBI calls (SBI specification v2.0) and stores each
 * (a0, a1) = (error, value) pair in a result slot (sbi_guest.h); hart 1 is
 * started and stopped through HSM in several modes.  The harness checks
 * the slots after the final SRST shutdown; MMIO writes to MMIO_PROGRESS
 * say how far the guest got.
 *
 * RESET_PC_MAIN enters `primary`; RESET_PC_ONEREG enters `onereg`, the
 * guest of the harness's second VM (some extensions disabled by ONE_REG).
 *
 * Registers: s0-s11 survive SBI calls (only a0/a1 are written, SBI spec
 * 3.1); t6 is the SAVE scratch; sscratch holds this hart's trap area. */
#include "sbi_guest.h"

        .option arch, +h
        .option norvc          /* every instruction 4 bytes unless marked */

#define SLOT(n)  (RES_BASE + 16 * (n))
#define SAVE(slot, r0, r1)   li t6, SLOT(slot); sd r0, 0(t6); sd r1, 8(t6)
#define SAVEAT(p, r0, r1)    sd r0, 0(p); sd r1, 8(p)
#define ECALL(eid, fid)      li a6, fid; li a7, eid; ecall
#define SBI0(slot, eid, fid) ECALL(eid, fid); SAVE(slot, a0, a1)
#define SBI1(slot, eid, fid, x0) li a0, x0; SBI0(slot, eid, fid)
#define SBI2(slot, eid, fid, x0, x1) li a1, x1; SBI1(slot, eid, fid, x0)
#define SBI3(slot, eid, fid, x0, x1, x2) li a2, x2; SBI2(slot, eid, fid, x0, x1)
#define SBI4(slot, eid, fid, x0, x1, x2, x3) li a3, x3; SBI3(slot, eid, fid, x0, x1, x2)
#define SBI5(slot, eid, fid, x0, x1, x2, x3, x4) li a4, x4; SBI4(slot, eid, fid, x0, x1, x2, x3)
#define PROGRESS(n)          li t6, MMIO_BASE + MMIO_PROGRESS; li t5, n; sd t5, 0(t6)
/* HSM hart_start(1, secondary, opaque) (SBI spec 9.1) */
#define START1(slot, opaque) li a0, 1; la a1, secondary; li a2, opaque; SBI0(slot, SBI_EXT_HSM, 0)
/* hsm_wait on hart h: until (w = 0) / while (w = 1) its status is st */
#define HSM_WAIT(slot, h, st, w) li a0, h; li a1, st; li a2, w; call hsm_wait; SAVE(slot, a0, a1)
#define CLEAR_IRQ            csrr t0, sscratch; sd zero, A_IRQ_COUNT(t0)
#define CLEAR_EXC            csrr t0, sscratch; li t1, -1; sd t1, A_EXC_CAUSE(t0); \
                             sd t1, A_EXC_TVAL(t0); sd t1, A_EXC_EPC(t0)
/* the last exception: (scause, stval) to slot, (sepc, label) to slot + 1 */
#define RECORD_EXC(slot, label) csrr t0, sscratch; ld t1, A_EXC_CAUSE(t0); \
                             ld t2, A_EXC_TVAL(t0); SAVE(slot, t1, t2); \
                             ld t1, A_EXC_EPC(t0); la t2, label; SAVE(slot + 1, t1, t2)
#define SIP_SSIP 0x2
#define SIE_STIE 0x20
#define SIE_SEIE 0x200
#define SSTATUS_SIE 0x2
#define SSTATUS_FS_INITIAL 0x2000

        .section .text.init, "ax"
        .globl _start
_start:
        j    primary           /* RESET_PC_MAIN */
        j    onereg            /* RESET_PC_ONEREG */

        .text
/* ------------------------------------------------------------------ */
/* hart 0 */
primary:
        SAVE(R_BOOT0, a0, a1)              /* a0 = hart id at reset */
        call hart_init
        csrr t0, sstatus
        csrr t1, satp
        SAVE(R_BOOT0_CSR, t0, t1)

        /* ---- Base extension (SBI spec chapter 4) ---- */
        PROGRESS(1)
        SBI0(R_SPEC, SBI_EXT_BASE, 0)
        SBI0(R_IMPL_ID, SBI_EXT_BASE, 1)
        SBI0(R_IMPL_VER, SBI_EXT_BASE, 2)
        SBI0(R_MVENDOR, SBI_EXT_BASE, 4)
        SBI0(R_MARCHID, SBI_EXT_BASE, 5)
        SBI0(R_MIMPID, SBI_EXT_BASE, 6)
        SBI1(R_PROBE_BASE, SBI_EXT_BASE, 3, SBI_EXT_BASE)
        SBI1(R_PROBE_TIME, SBI_EXT_BASE, 3, SBI_EXT_TIME)
        SBI1(R_PROBE_IPI, SBI_EXT_BASE, 3, SBI_EXT_IPI)
        SBI1(R_PROBE_RFENCE, SBI_EXT_BASE, 3, SBI_EXT_RFENCE)
        SBI1(R_PROBE_HSM, SBI_EXT_BASE, 3, SBI_EXT_HSM)
        SBI1(R_PROBE_SRST, SBI_EXT_BASE, 3, SBI_EXT_SRST)
        SBI1(R_PROBE_DBCN, SBI_EXT_BASE, 3, SBI_EXT_DBCN)
        SBI1(R_PROBE_PMU, SBI_EXT_BASE, 3, SBI_EXT_PMU)
        SBI1(R_PROBE_STA, SBI_EXT_BASE, 3, SBI_EXT_STA)
        SBI1(R_PROBE_UNK, SBI_EXT_BASE, 3, 0x12345)
        SBI1(R_PROBE_EXP, SBI_EXT_BASE, 3, EID_EXP)
        SBI1(R_PROBE_VENDOR, SBI_EXT_BASE, 3, EID_VENDOR)
        SBI0(R_UNK_EID, 0x12345, 0)
        SBI0(R_UNK_FW, 0x0a000000, 0)
        SBI0(R_BASE_BADFID, SBI_EXT_BASE, 7)
        SBI0(R_BASE_BADFID2, SBI_EXT_BASE, 0x100)

        /* ---- Timer (chapter 6): vstimecmp, sip.STIP ---- */
        PROGRESS(2)
        rdtime s0
        li   t0, 2000
1:      addi t0, t0, -1
        bnez t0, 1b
        rdtime s1
        SAVE(R_RDTIME, s0, s1)
        SBI1(R_TIMER0, SBI_EXT_TIME, 0, 0)          /* in the past: pending */
        csrr s0, sip
        SBI1(R_TIMERMAX, SBI_EXT_TIME, 0, -1)       /* never: not pending */
        csrr s1, sip
        SAVE(R_TIMER_SIP, s0, s1)
        SBI1(R_TIME_BADFID, SBI_EXT_TIME, 1, 0)
        li   a0, 0                                  /* legacy set_timer (5.1): a0 only */
        li   a1, 0x5a5a
        li   a7, 0
        ecall
        SAVE(R_LEG_TIMER, a0, a1)
        csrr s0, sip
        li   a0, -1
        ECALL(SBI_EXT_TIME, 0)
        csrr s1, sip
        SAVE(R_LEG_TIMER_SIP, s0, s1)
        /* an interrupt through stvec after WFI, ~1 ms later */
        CLEAR_IRQ
        rdtime s2
        li   t0, TIMER_DELAY
        add  a0, s2, t0
        SBI0(R_TIMER_SET, SBI_EXT_TIME, 0)
        li   t0, SIE_STIE
        csrs sie, t0
        call wait_irq
        rdtime s3
        li   t0, SIE_STIE
        csrc sie, t0
        csrr t0, sscratch
        ld   s0, A_IRQ_CAUSE(t0)
        ld   s1, A_IRQ_COUNT(t0)
        sub  s3, s3, s2
        SAVE(R_TIMER_IRQ, s0, s3)
        csrr s2, sip
        SAVE(R_TIMER_IRQ2, s1, s2)

        /* ---- IPI (chapter 7): hvip.VSSIP seen as sip.SSIP ---- */
        PROGRESS(3)
        SBI2(R_IPI_SELF, SBI_EXT_IPI, 0, 1, 0)
        csrr s0, sip
        csrci sip, SIP_SSIP
        csrr s1, sip
        SAVE(R_IPI_SELF_SIP, s0, s1)
        SBI2(R_IPI_BADBASE, SBI_EXT_IPI, 0, 1, 2)
        SBI2(R_IPI_BADMASK, SBI_EXT_IPI, 0, 5, 0)   /* names hart 0 and hart 2 */
        SBI2(R_IPI_BIGBASE, SBI_EXT_IPI, 0, 1, 64)
        SBI2(R_IPI_EMPTY, SBI_EXT_IPI, 0, 0, 0)
        SBI2(R_IPI_BADFID, SBI_EXT_IPI, 1, 1, 0)
        csrr s0, sip
        SAVE(R_IPI_NOPART, s0, zero)
        li   t0, SHARED_BASE                        /* legacy send_ipi (5.4): mask by address */
        li   t1, 1
        sd   t1, SH_MASK(t0)
        addi a0, t0, SH_MASK
        li   a1, 0x5a5a
        li   a7, 4
        ecall
        SAVE(R_LEG_IPI, a0, a1)
        csrr s0, sip
        li   a1, 0x5a5a                             /* legacy clear_ipi (5.3) */
        li   a7, 3
        ecall
        SAVE(R_LEG_CLEAR, a0, a1)
        csrr s1, sip
        SAVE(R_LEG_IPI_SIP, s0, s1)

        /* ---- HSM (chapter 9): status and argument checks ---- */
        PROGRESS(4)
        SBI1(R_HSM_ST0, SBI_EXT_HSM, 2, 0)
        SBI1(R_HSM_ST1, SBI_EXT_HSM, 2, 1)
        SBI1(R_HSM_ST2, SBI_EXT_HSM, 2, 2)
        SBI1(R_HSM_STBIG, SBI_EXT_HSM, 2, -1)
        SBI3(R_HSM_BADADDR, SBI_EXT_HSM, 0, 1, 0x1000, 0)
        li   a0, 1
        la   a1, secondary
        addi a1, a1, 1
        li   a2, 0
        SBI0(R_HSM_ODDADDR, SBI_EXT_HSM, 0)
        SBI3(R_HSM_HIADDR, SBI_EXT_HSM, 0, 1, RAM_BASE + RAM_SIZE, 0)
        li   a0, 2
        la   a1, secondary
        li   a2, 0
        SBI0(R_HSM_NOHART, SBI_EXT_HSM, 0)
        li   a0, 0
        la   a1, secondary
        li   a2, 0
        SBI0(R_HSM_SELF, SBI_EXT_HSM, 0)
        SBI3(R_HSM_BADSUSP, SBI_EXT_HSM, 3, 5, 0, 0)
        SBI3(R_HSM_SUSPADDR, SBI_EXT_HSM, 3, 0x80000000, 0x1000, 0)
        SBI0(R_HSM_BADFID, SBI_EXT_HSM, 4)

        /* ---- HSM: start, stop, restart ---- */
        PROGRESS(5)
        START1(R_HSM_START1, OPAQUE(MODE_STOP, 0))
        li   a0, SHARED_BASE + SH_FLAG1
        li   a1, 0
        call wait_ne
        SAVE(R_HSM_FLAG1, a0, a1)
        HSM_WAIT(R_HSM_STOPPED1, 1, HSM_STOPPED, 0)
        START1(R_HSM_START2, OPAQUE(MODE_STOP, 1))
        li   a0, SHARED_BASE + SH_FLAG1
        li   a1, 1
        call wait_ne
        SAVE(R_HSM_FLAG2, a0, a1)
        HSM_WAIT(R_HSM_STOPPED2, 1, HSM_STOPPED, 0)

        /* ---- IPIs between the harts, taken through stvec ---- */
        PROGRESS(6)
        CLEAR_IRQ
        li   t0, SHARED_BASE
        sd   zero, SH_READY(t0)
        csrsi sie, SIP_SSIP
        START1(R_HSM_START3, OPAQUE(MODE_IPI, 2))
        HSM_WAIT(R_HSM_STARTED, 1, HSM_START_PENDING, 1)
        START1(R_HSM_BUSY, OPAQUE(MODE_IPI, 3))     /* already started */
        li   a0, SHARED_BASE + SH_READY
        li   a1, 0
        call wait_ne
        SAVE(R_IPI_READY, a0, a1)
        SBI2(R_IPI_TO1, SBI_EXT_IPI, 0, 1, 1)       /* hart_mask_base 1 */
        call wait_irq                               /* hart 1 answers */
        csrci sie, SIP_SSIP
        csrr t0, sscratch
        ld   s0, A_IRQ_CAUSE(t0)
        ld   s1, A_IRQ_COUNT(t0)
        SAVE(R_IPI_FROM1, s0, s1)
        HSM_WAIT(R_HSM_STOPPED3, 1, HSM_STOPPED, 0)

        /* ---- HSM suspend (9.4) ---- */
        PROGRESS(7)
        /* retentive, woken by the timer: returns like WFI */
        CLEAR_IRQ
        li   t0, SIE_STIE
        csrs sie, t0
        rdtime s2
        li   t0, TIMER_DELAY
        add  a0, s2, t0
        ECALL(SBI_EXT_TIME, 0)
        SBI3(R_SUSP_TIMER, SBI_EXT_HSM, 3, 0, 0, 0)
        rdtime s3
        sub  s3, s3, s2
        csrr s4, sip
        SAVE(R_SUSP_TIMER2, s3, s4)
        li   a0, -1
        ECALL(SBI_EXT_TIME, 0)
        li   t0, SIE_STIE
        csrc sie, t0
        /* retentive, woken by hart 1 once it saw SUSPENDED */
        CLEAR_IRQ
        csrsi sie, SIP_SSIP
        START1(R_SUSP_START, OPAQUE(MODE_SUSPEND, 4))
        SBI3(R_SUSP_IPI, SBI_EXT_HSM, 3, 0, 0, 0)
        csrr s0, sip
        csrci sip, SIP_SSIP
        csrr t0, sscratch
        ld   s1, A_IRQ_COUNT(t0)
        SAVE(R_SUSP_IPI_SIP, s0, s1)
        csrci sie, SIP_SSIP
        HSM_WAIT(R_SUSP_STOPPED, 1, HSM_STOPPED, 0)
        /* non-retentive: resumes at the address with a0 = hart id,
         * a1 = opaque and sstatus.SIE = 0 (so the pending IPI waits) */
        CLEAR_IRQ
        csrsi sie, SIP_SSIP
        START1(R_SUSP_START2, OPAQUE(MODE_SUSPEND, 5))
        csrsi sstatus, SSTATUS_SIE
        li   a0, 0x80000000
        la   a1, resume
        li   a2, NONRET_OPAQUE
        ECALL(SBI_EXT_HSM, 3)
        csrci sstatus, SSTATUS_SIE                  /* returned: a failure */
        SAVE(R_SUSP_NONRET, a0, a1)
        j    2f
resume:
        SAVE(R_SUSP_NONRET, a0, a1)
        csrr s0, sstatus
        csrr s1, satp
        SAVE(R_SUSP_NONRET2, s0, s1)
        li   a0, 0
        call hart_init                              /* other state is undefined */
        csrr s0, sip
        csrr t0, sscratch
        ld   s1, A_IRQ_COUNT(t0)
        SAVE(R_SUSP_NONRET3, s1, s0)
        csrci sip, SIP_SSIP
2:      csrci sie, SIP_SSIP
        HSM_WAIT(R_SUSP_STOPPED2, 1, HSM_STOPPED, 0)

        /* ---- RFENCE (chapter 8) ---- */
        PROGRESS(8)
        SBI2(R_RF_FENCEI, SBI_EXT_RFENCE, 0, 0, -1)
        SBI4(R_RF_SFENCE, SBI_EXT_RFENCE, 1, 0, -1, 0, -1)
        SBI4(R_RF_SFENCE_R, SBI_EXT_RFENCE, 1, 0, -1, RAM_BASE, 0x1000)
        SBI5(R_RF_ASID, SBI_EXT_RFENCE, 2, 0, -1, 0, -1, 0)
        SBI5(R_RF_HFENCE + 0, SBI_EXT_RFENCE, 3, 0, -1, 0, -1, 0)
        SBI4(R_RF_HFENCE + 1, SBI_EXT_RFENCE, 4, 0, -1, 0, -1)
        SBI5(R_RF_HFENCE + 2, SBI_EXT_RFENCE, 5, 0, -1, 0, -1, 0)
        SBI4(R_RF_HFENCE + 3, SBI_EXT_RFENCE, 6, 0, -1, 0, -1)
        SBI2(R_RF_BADFID, SBI_EXT_RFENCE, 7, 0, -1)
        SBI2(R_RF_BADMASK, SBI_EXT_RFENCE, 0, 4, 0)
        SBI4(R_RF_BADBASE, SBI_EXT_RFENCE, 1, 1, 5, 0, -1)
        SBI2(R_RF_STOPPED, SBI_EXT_RFENCE, 0, 1, 1)
        li   a0, 0                                  /* legacy remote_fence_i (5.5): all */
        li   a1, 0x5a5a
        li   a7, 5
        ecall
        SAVE(R_LEG_FENCEI, a0, a1)
        /* remote FENCE.I must make hart 1 see code hart 0 rewrote */
        li   t0, SHARED_BASE
        sd   zero, SH_SEEN(t0)
        sd   zero, SH_GO(t0)
        START1(R_RF_START, OPAQUE(MODE_FENCEI, 6))
        li   a0, SHARED_BASE + SH_SEEN
        li   a1, 0
        call wait_ne
        SAVE(R_RF_SEEN, a0, a1)
        la   t0, patchme
        li   t1, 0x22200513                         /* addi a0, zero, 0x222 */
        sw   t1, 0(t0)
        SBI2(R_RF_REMOTE, SBI_EXT_RFENCE, 0, 2, 0)
        li   t0, SHARED_BASE
        li   t1, 2
        sd   t1, SH_GO(t0)
        HSM_WAIT(R_RF_STOPPED2, 1, HSM_STOPPED, 0)

        /* ---- System Reset (chapter 10): refused arguments ---- */
        PROGRESS(9)
        SBI2(R_SRST_TYPE5, SBI_EXT_SRST, 0, 5, 0)
        SBI2(R_SRST_REASON7, SBI_EXT_SRST, 0, 0, 7)
        SBI2(R_SRST_VENDOR, SBI_EXT_SRST, 0, 0xf0000000, 0)
        SBI2(R_SRST_TYPE64, SBI_EXT_SRST, 0, 0x100000000, 0)
        SBI2(R_SRST_TYPE3, SBI_EXT_SRST, 0, 3, 0)
        SBI2(R_SRST_BADFID, SBI_EXT_SRST, 1, 0, 0)
        SBI2(R_SRST_REASONE, SBI_EXT_SRST, 0, 5, 0xe0000000)

        /* ---- Steal-time Accounting (chapter 15): set_shmem checks ---- */
        li   t0, SHARED_BASE + SH_STA
        li   t1, -1
        li   t2, 8
1:      sd   t1, 0(t0)                              /* scribble: set_shmem zeroes it */
        addi t0, t0, 8
        addi t2, t2, -1
        bnez t2, 1b
        SBI3(R_STA_SET, SBI_EXT_STA, 0, SHARED_BASE + SH_STA, 0, 0)
        li   t0, SHARED_BASE + SH_STA
        ld   s0, 0(t0)
        ld   s1, 24(t0)
        SAVE(R_STA_REC, s0, s1)
        SBI3(R_STA_FLAGS, SBI_EXT_STA, 0, SHARED_BASE + SH_STA, 0, 1)
        SBI3(R_STA_ALIGN, SBI_EXT_STA, 0, SHARED_BASE + SH_STA + 8, 0, 0)
        SBI3(R_STA_HI, SBI_EXT_STA, 0, SHARED_BASE + SH_STA, 1, 0)
        SBI3(R_STA_UNBACKED, SBI_EXT_STA, 0, 0x1000, 0, 0)
        SBI3(R_STA_OFF, SBI_EXT_STA, 0, -1, -1, 0)

        /* ---- calls forwarded to the VMM ---- */
        PROGRESS(10)
        la   a1, dbcn_msg                           /* DBCN console_write (12.1) */
        la   a0, dbcn_msg_end
        sub  a0, a0, a1
        li   a2, 0
        SBI0(R_DBCN_WRITE, SBI_EXT_DBCN, 0)
        SBI1(R_DBCN_BYTE, SBI_EXT_DBCN, 2, 0x21)    /* console_write_byte (12.3) '!' */
        SBI3(R_DBCN_READ, SBI_EXT_DBCN, 1, 8, SHARED_BASE + SH_DBCN_BUF, 0)
        li   t0, SHARED_BASE
        ld   s0, SH_DBCN_BUF(t0)
        SAVE(R_DBCN_READBUF, s0, zero)
        li   a5, 0x66
        SBI5(R_EXP, EID_EXP, 7, 0x11, 0x22, 0x33, 0x44, 0x55)
        SBI1(R_EXP_ERR, EID_EXP_ERR, 0, 0x1234)
        SBI2(R_VENDOR, EID_VENDOR, 3, 0, 0x5a5a)
        li   a0, 0x5a                               /* legacy console_putchar (5.2) 'Z' */
        li   a1, 0x5a5a
        li   a7, 1
        ecall
        SAVE(R_LEG_PUTCHAR, a0, a1)
        li   a1, 0x5a5a                             /* legacy console_getchar */
        li   a7, 2
        ecall
        SAVE(R_LEG_GETCHAR, a0, a1)

        /* ---- virtual instructions: illegal instructions to the guest ---- */
        PROGRESS(11)
        CLEAR_EXC
vi_hstatus:
        csrr t0, hstatus
        RECORD_EXC(R_VI_HSTATUS, vi_hstatus)
        CLEAR_EXC
vi_gvma:
        hfence.gvma zero, zero
        RECORD_EXC(R_VI_GVMA, vi_gvma)
        CLEAR_EXC
vi_vvma:
        hfence.vvma zero, zero
        RECORD_EXC(R_VI_VVMA, vi_vvma)
        CLEAR_EXC
        li   a0, RAM_BASE
vi_hlv:
        hlv.d t0, (a0)
        RECORD_EXC(R_VI_HLV, vi_hlv)
        CLEAR_EXC
vi_vsstatus:
        csrr t0, vsstatus
        RECORD_EXC(R_VI_VSSTATUS, vi_vsstatus)
        /* no ACLINT in a hypervisor guest: access faults */
        CLEAR_EXC
        li   s0, ACLINT_MTIME
        ld   t1, 0(s0)
        csrr t0, sscratch
        ld   t1, A_EXC_CAUSE(t0)
        ld   t2, A_EXC_TVAL(t0)
        SAVE(R_NO_ACLINT, t1, t2)
        CLEAR_EXC
        sd   zero, 0(s0)
        csrr t0, sscratch
        ld   t1, A_EXC_CAUSE(t0)
        ld   t2, A_EXC_TVAL(t0)
        SAVE(R_NO_ACLINT_ST, t1, t2)

        /* ---- MMIO exits of every width ---- */
        PROGRESS(12)
        li   s0, MMIO_BASE
        lb   t0, MMIO_LOAD_NEG + 0x00(s0)
        SAVE(R_MMIO_LB, t0, zero)
        lbu  t0, MMIO_LOAD_NEG + 0x08(s0)
        SAVE(R_MMIO_LBU, t0, zero)
        lh   t0, MMIO_LOAD_NEG + 0x10(s0)
        SAVE(R_MMIO_LH, t0, zero)
        lhu  t0, MMIO_LOAD_NEG + 0x18(s0)
        SAVE(R_MMIO_LHU, t0, zero)
        lw   t0, MMIO_LOAD_NEG + 0x20(s0)
        SAVE(R_MMIO_LW, t0, zero)
        lwu  t0, MMIO_LOAD_NEG + 0x28(s0)
        SAVE(R_MMIO_LWU, t0, zero)
        ld   t0, MMIO_LOAD_NEG + 0x30(s0)
        SAVE(R_MMIO_LD, t0, zero)
        lb   t0, MMIO_LOAD_POS + 0x00(s0)
        SAVE(R_MMIO_POS_LB, t0, zero)
        lh   t0, MMIO_LOAD_POS + 0x08(s0)
        SAVE(R_MMIO_POS_LH, t0, zero)
        lw   t0, MMIO_LOAD_POS + 0x10(s0)
        SAVE(R_MMIO_POS_LW, t0, zero)
        addi a1, s0, MMIO_LOAD_NEG + 0x40
        .option push
        .option rvc
        c.lw a0, 0(a1)
        c.ld a2, 8(a1)
        .option pop
        SAVE(R_MMIO_C_LW, a0, a2)
        li   t1, 77
        lw   zero, MMIO_LOAD_NEG + 0x50(s0)
        add  t0, zero, zero
        SAVE(R_MMIO_X0, t0, t1)
        li   t0, SSTATUS_FS_INITIAL
        csrs sstatus, t0
        fld  f0, MMIO_LOAD_NEG + 0x58(s0)
        flw  f1, MMIO_LOAD_NEG + 0x60(s0)
        fmv.x.d t0, f0
        fmv.x.d t1, f1
        SAVE(R_MMIO_FP, t0, t1)
        li   t0, STORE_VAL
        sb   t0, MMIO_STORE + 0x00(s0)
        sh   t0, MMIO_STORE + 0x10(s0)
        sw   t0, MMIO_STORE + 0x20(s0)
        sd   t0, MMIO_STORE + 0x30(s0)
        addi a1, s0, MMIO_STORE + 0x40
        mv   a0, t0
        .option push
        .option rvc
        c.sw a0, 0(a1)
        c.sd a0, 8(a1)
        .option pop
        fsd  f0, MMIO_STORE + 0x50(s0)
        fsw  f1, MMIO_STORE + 0x60(s0)

        /* ---- PLIC S context -> VSEIP (an external interrupt in VS) ---- */
        PROGRESS(13)
        CLEAR_IRQ
        sd   zero, A_CLAIM(t0)
        li   t0, PLIC_BASE
        li   t1, 1
        sw   t1, 4 * PLIC_SRC(t0)                  /* priority 1 */
        li   t0, PLIC_BASE + 0x2000 + 0x80         /* context 1: hart 0, S */
        li   t1, 1 << PLIC_SRC
        sw   t1, 0(t0)
        li   t0, PLIC_BASE + 0x200000 + 0x1000     /* its threshold */
        sw   zero, 0(t0)
        li   t0, SIE_SEIE
        csrs sie, t0
        li   t0, MMIO_BASE + MMIO_IRQ              /* the harness raises the line */
        li   t1, PLIC_SRC
        sw   t1, 0(t0)
        call wait_irq
        li   t0, SIE_SEIE
        csrc sie, t0
        csrr t0, sscratch
        ld   s0, A_IRQ_CAUSE(t0)
        ld   s1, A_CLAIM(t0)
        SAVE(R_PLIC, s0, s1)
        ld   s0, A_IRQ_COUNT(t0)
        ld   t1, A_CLAIM_ADDR(t0)
        lw   s1, 0(t1)                             /* nothing left to claim */
        SAVE(R_PLIC2, s0, s1)

        /* ---- done: SRST shutdown (10.1) ---- */
        PROGRESS(14)
        li   t0, DONE_MAGIC
        SAVE(R_DONE, t0, zero)
        SBI2(R_DONE_RET, SBI_EXT_SRST, 0, 0, FINAL_REASON)
1:      wfi
        j    1b

/* ------------------------------------------------------------------ */
/* hart 1, started by hart_start with opaque = OPAQUE(mode, run) */
secondary:
        call hart_init
        andi s0, a1, 0xff                          /* run */
        srli s1, a1, 8
        andi s1, s1, 0xff                          /* mode */
        slli t3, s0, 4
        li   s2, SLOT(R_SEC_BOOT)
        add  s2, s2, t3
        SAVEAT(s2, a0, a1)
        csrr t1, sstatus
        csrr t2, satp
        li   s3, SLOT(R_SEC_CSR)
        add  s3, s3, t3
        SAVEAT(s3, t1, t2)
        li   s4, SLOT(R_SEC_RES)
        add  s4, s4, t3
        li   s5, SLOT(R_SEC_AUX)
        add  s5, s5, t3
        li   t0, MODE_STOP
        beq  s1, t0, sec_mode_stop
        li   t0, MODE_IPI
        beq  s1, t0, sec_mode_ipi
        li   t0, MODE_SUSPEND
        beq  s1, t0, sec_mode_suspend
        li   t0, MODE_FENCEI
        beq  s1, t0, sec_mode_fencei
        j    sec_stop

sec_mode_stop:
        li   t0, SHARED_BASE
        ld   t1, SH_FLAG1(t0)
        addi t1, t1, 1
        sd   t1, SH_FLAG1(t0)
        j    sec_stop

sec_mode_ipi:
        CLEAR_IRQ
        csrsi sie, SIP_SSIP
        li   t0, SHARED_BASE
        li   t1, 1
        sd   t1, SH_READY(t0)
        call wait_irq
        csrci sie, SIP_SSIP
        csrr t0, sscratch
        ld   t1, A_IRQ_CAUSE(t0)
        ld   t2, A_IRQ_COUNT(t0)
        SAVEAT(s4, t1, t2)
        li   a0, 1                                 /* back to hart 0 */
        li   a1, 0
        ECALL(SBI_EXT_IPI, 0)
        SAVEAT(s5, a0, a1)
        j    sec_stop

sec_mode_suspend:
        li   a0, 0
        li   a1, HSM_SUSPENDED
        li   a2, 0
        call hsm_wait
        SAVEAT(s4, a0, a1)
        li   a0, 1
        li   a1, 0
        ECALL(SBI_EXT_IPI, 0)
        SAVEAT(s5, a0, a1)
        j    sec_stop

sec_mode_fencei:
        rdtime s6
        li   t0, WAIT_TICKS
        add  s6, s6, t0
1:      li   t0, SHARED_BASE
        ld   s7, SH_GO(t0)
        call patchme
        li   t0, SHARED_BASE
        sd   a0, SH_SEEN(t0)
        bnez s7, 2f
        rdtime t0
        bltu t0, s6, 1b
2:      SAVEAT(s4, a0, s7)
        j    sec_stop

sec_stop:
        ECALL(SBI_EXT_HSM, 1)                      /* hart_stop: no return */
        SAVE(R_SEC_STOPERR, a0, a1)
1:      wfi
        j    1b

/* hart 1 runs this; hart 0 rewrites its first instruction */
        .align 4
patchme:
        li   a0, 0x111
        ret

/* ------------------------------------------------------------------ */
/* The ONE_REG VM: HSM, DBCN and SRST disabled before the first run. */
onereg:
        SAVE(R2_BOOT, a0, a1)
        SBI1(R2_PROBE_HSM, SBI_EXT_BASE, 3, SBI_EXT_HSM)
        SBI1(R2_HSM_CALL, SBI_EXT_HSM, 2, 0)
        SBI1(R2_PROBE_DBCN, SBI_EXT_BASE, 3, SBI_EXT_DBCN)
        SBI1(R2_DBCN_CALL, SBI_EXT_DBCN, 2, 0x78)  /* no exit: not supported */
        SBI1(R2_PROBE_SRST, SBI_EXT_BASE, 3, SBI_EXT_SRST)
        SBI2(R2_SRST_CALL, SBI_EXT_SRST, 0, 0, 0)
        SBI1(R2_PROBE_TIME, SBI_EXT_BASE, 3, SBI_EXT_TIME)
        SBI1(R2_TIME_CALL, SBI_EXT_TIME, 0, -1)
        li   a7, 8                                 /* legacy shutdown (5.9) */
        ecall
1:      wfi
        j    1b

/* ------------------------------------------------------------------ */
/* hart_init: sscratch = this hart's trap area, stvec = trap_handler.
 * a0 = hart id; keeps a0/a1; uses t0-t2. */
hart_init:
        li   t0, AREA_BASE
        slli t1, a0, 12
        add  t0, t0, t1
        csrw sscratch, t0
        slli t1, a0, 13                            /* S context 2h+1, claim at +4 */
        li   t2, PLIC_BASE + 0x200000 + 0x1000 + 4
        add  t1, t1, t2
        sd   t1, A_CLAIM_ADDR(t0)
        la   t1, trap_handler
        csrw stvec, t1
        ret

/* wait_ne: spin while the dword at a0 equals a1, at most WAIT_TICKS.
 * Returns a0 = the last value read, a1 = 1 if it timed out.  Uses t0-t2. */
wait_ne:
        rdtime t0
        li   t1, WAIT_TICKS
        add  t0, t0, t1
1:      ld   t2, 0(a0)
        bne  t2, a1, 2f
        rdtime t1
        bltu t1, t0, 1b
        mv   a0, t2
        li   a1, 1
        ret
2:      mv   a0, t2
        li   a1, 0
        ret

/* hsm_wait: poll get_status(a0) until (a2 = 0) or while (a2 = 1) the
 * status equals a1, at most WAIT_TICKS; returns the last (a0, a1).
 * Uses s8-s11, t0. */
hsm_wait:
        mv   s8, a0
        mv   s9, a1
        mv   s10, a2
        rdtime s11
        li   t0, WAIT_TICKS
        add  s11, s11, t0
1:      mv   a0, s8
        ECALL(SBI_EXT_HSM, 2)
        bnez a0, 3f
        beqz s10, 2f
        bne  a1, s9, 3f
        j    4f
2:      beq  a1, s9, 3f
4:      rdtime t0
        bltu t0, s11, 1b
3:      ret

/* wait_irq: WFI until this hart took an interrupt (A_IRQ_COUNT != 0).
 * sstatus.SIE is set only between WFIs, so no wake-up is lost (WFI
 * wakes on enabled pending interrupts whatever SIE is).  Returns a0 =
 * the count.  Uses t0. */
wait_irq:
        csrr t0, sscratch
1:      ld   a0, A_IRQ_COUNT(t0)
        bnez a0, 2f
        wfi
        csrsi sstatus, SSTATUS_SIE
        csrci sstatus, SSTATUS_SIE
        j    1b
2:      ret

/* The VS trap handler of both harts (sscratch = the hart's area).
 * Exceptions: record scause/stval/sepc and skip the instruction.
 * Interrupts: record scause; SSIP is cleared, the timer set to never,
 * an external interrupt claimed, lowered (through the harness) and
 * completed; anything else is disabled in sie. */
        .align 2
trap_handler:
        csrrw sp, sscratch, sp
        sd   t0, A_SAVE + 0x00(sp)
        sd   t1, A_SAVE + 0x08(sp)
        sd   t2, A_SAVE + 0x10(sp)
        sd   t3, A_SAVE + 0x18(sp)
        sd   a0, A_SAVE + 0x20(sp)
        sd   a1, A_SAVE + 0x28(sp)
        sd   a6, A_SAVE + 0x30(sp)
        sd   a7, A_SAVE + 0x38(sp)
        csrr t0, scause
        bltz t0, 1f
        sd   t0, A_EXC_CAUSE(sp)
        csrr t1, stval
        sd   t1, A_EXC_TVAL(sp)
        csrr t2, sepc
        sd   t2, A_EXC_EPC(sp)
        ld   t1, A_EXC_COUNT(sp)
        addi t1, t1, 1
        sd   t1, A_EXC_COUNT(sp)
        lhu  t1, 0(t2)                             /* 16- or 32-bit instruction */
        andi t1, t1, 3
        li   t3, 3
        addi t2, t2, 2
        bne  t1, t3, 2f
        addi t2, t2, 2
2:      csrw sepc, t2
        j    9f
1:      sd   t0, A_IRQ_CAUSE(sp)
        ld   t1, A_IRQ_COUNT(sp)
        addi t1, t1, 1
        sd   t1, A_IRQ_COUNT(sp)
        slli t1, t0, 1
        srli t1, t1, 1                             /* the interrupt code */
        li   t3, 1
        bne  t1, t3, 3f
        csrci sip, SIP_SSIP
        j    9f
3:      li   t3, 5
        bne  t1, t3, 4f
        li   a0, -1
        ECALL(SBI_EXT_TIME, 0)
        j    9f
4:      li   t3, 9
        bne  t1, t3, 5f
        ld   t1, A_CLAIM_ADDR(sp)
        lw   t2, 0(t1)                             /* claim */
        sd   t2, A_CLAIM(sp)
        li   t3, MMIO_BASE + MMIO_IRQ
        ori  a0, t2, IRQ_LOWER
        sw   a0, 0(t3)
        sw   t2, 0(t1)                             /* complete */
        j    9f
5:      li   t3, 1
        sll  t3, t3, t1
        csrc sie, t3
9:      ld   t0, A_SAVE + 0x00(sp)
        ld   t1, A_SAVE + 0x08(sp)
        ld   t2, A_SAVE + 0x10(sp)
        ld   t3, A_SAVE + 0x18(sp)
        ld   a0, A_SAVE + 0x20(sp)
        ld   a1, A_SAVE + 0x28(sp)
        ld   a6, A_SAVE + 0x30(sp)
        ld   a7, A_SAVE + 0x38(sp)
        csrrw sp, sscratch, sp
        sret

        .section .rodata
dbcn_msg:
        .ascii DBCN_MSG
dbcn_msg_end:
