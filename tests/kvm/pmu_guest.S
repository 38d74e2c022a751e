/* The SBI PMU selftest's guest (tests/kvm/pmu_test.c runs it): a VS-mode
 * program on one vCPU of a KVM_VM_TYPE_HYP_GUEST VM.  It discovers the
 * counters, configures, starts and stops them around loops of known
 * length (SBI spec chapter 11), reads them as hpmcounterN, and lets one
 * overflow into its own LCOFI interrupt (Sscofpmf), stores every result
 * in a slot (pmu_guest.h) and shuts down through SRST.
 *
 * s0-s11 survive SBI calls (only a0/a1 are written, SBI spec 3.1). */
#include "pmu_guest.h"

        .option norvc

#define SLOT(n)            (RES_BASE + 16 * (n))
#define SAVE(slot, r0, r1) li t6, SLOT(slot); sd r0, 0(t6); sd r1, 8(t6)
#define ECALL(eid, fid)    li a6, fid; li a7, eid; ecall
#define PMU(fid)           ECALL(SBI_EXT_PMU, fid)
/* a PMU call with arguments a0..a4, its (error, value) into slot */
#define PMU5(slot, fid, x0, x1, x2, x3, x4) \
        li a0, x0; li a1, x1; li a2, x2; li a3, x3; li a4, x4; PMU(fid); SAVE(slot, a0, a1)
#define LOOP               li t1, LOOP_N; 8: addi t1, t1, -1; bnez t1, 8b
#define CSR_SCOUNTOVF      0xda0
#define SIE_LCOFIE         (1 << 13)
#define SSTATUS_SIE        2

        .section .text.init, "ax"
        .globl _start
_start:
        la   t0, handler
        csrw stvec, t0

        /* discovery */
        li   a0, SBI_EXT_PMU
        ECALL(SBI_EXT_BASE, 3)
        SAVE(R_PROBE, a0, a1)
        PMU5(R_NUM, PMU_NUM, 0, 0, 0, 0, 0)
        PMU5(R_INFO0, PMU_INFO, 0, 0, 0, 0, 0)
        PMU5(R_INFO1, PMU_INFO, 1, 0, 0, 0, 0)
        PMU5(R_INFO3, PMU_INFO, 3, 0, 0, 0, 0)
        PMU5(R_INFO31, PMU_INFO, 31, 0, 0, 0, 0)
        PMU5(R_INFO32, PMU_INFO, 32, 0, 0, 0, 0)

        /* counter_config_matching: bad sets, events it has not */
        PMU5(R_CFG_EMPTY, PMU_CFG, 0, 0, 0, EV_INSTRET, 0)
        PMU5(R_CFG_BEYOND, PMU_CFG, 31, 2, 0, EV_INSTRET, 0)
        PMU5(R_CFG_CACHE, PMU_CFG, 0, 0xffffffff, 0, EV_CACHE_REFS, 0)
        PMU5(R_CFG_FW, PMU_CFG, 0, 0xffffffff, 0, EV_FW_IPI_SENT, 0)

        /* instructions in (V)S-mode: counter 3, the first programmable one */
        PMU5(R_CFG_INSN, PMU_CFG, 0, 0xffffffff, CFG_SET_UINH | CFG_CLEAR_VALUE, EV_INSTRET, 0)
        li   a0, 3
        li   a1, 1
        li   a2, START_SET_INIT
        li   a3, 0
        PMU(PMU_START)
        mv   s1, a0
        mv   s2, a1
        LOOP
        li   a0, 3
        li   a1, 1
        li   a2, 0
        PMU(PMU_STOP)
        mv   s3, a0
        csrr s4, hpmcounter3
        SAVE(R_START, s1, s2)
        SAVE(R_STOP, s3, zero)
        LOOP
        csrr s5, hpmcounter3            /* stopped: the same */
        SAVE(R_COUNT, s4, s5)

        /* stop twice, start twice */
        li   a0, 3
        li   a1, 1
        li   a2, 0
        PMU(PMU_STOP)
        mv   s1, a0
        li   a0, 3
        li   a1, 1
        li   a2, 0
        li   a3, 0
        PMU(PMU_START)
        SAVE(R_RESTART_ERR, s1, a0)
        li   a0, 3
        li   a1, 1
        li   a2, 0
        li   a3, 0
        PMU(PMU_START)
        mv   s1, a0
        li   a0, 3
        li   a1, 1
        li   a2, 0
        PMU(PMU_STOP)
        SAVE(R_START_AGAIN, s1, a0)

        /* the guest's S-mode inhibited: nothing counted here */
        PMU5(R_CFG_UONLY, PMU_CFG, 4, 1, CFG_SET_SINH | CFG_CLEAR_VALUE | CFG_AUTO_START, EV_INSTRET, 0)
        LOOP
        li   a0, 4
        li   a1, 1
        li   a2, 0
        PMU(PMU_STOP)
        csrr s1, hpmcounter4
        SAVE(R_UONLY_COUNT, a0, s1)

        /* a raw event (type 2) whose data is rvkvm's selector 2 */
        PMU5(R_CFG_RAW, PMU_CFG, 5, 1, CFG_CLEAR_VALUE | CFG_AUTO_START, EV_RAW, EV_INSTRET)
        LOOP
        li   a0, 5
        li   a1, 1
        li   a2, 0
        PMU(PMU_STOP)
        csrr s1, hpmcounter5
        SAVE(R_RAW_COUNT, a0, s1)

        /* no firmware counters, no snapshot memory */
        PMU5(R_FW_READ, PMU_FW_READ, 3, 0, 0, 0, 0)
        PMU5(R_SNAPSHOT, PMU_SNAPSHOT, -1, -1, 0, 0, 0)
        PMU5(R_START_SNAP, PMU_START, 3, 1, START_SNAPSHOT, 0, 0)

        /* release 3..5 (all stopped already), then 3 is free again */
        PMU5(R_RESET, PMU_STOP, 3, 7, STOP_RESET, 0, 0)
        PMU5(R_CFG_AFTER, PMU_CFG, 3, 1, 0, EV_INSTRET, 0)
        li   a0, 3
        li   a1, 1
        li   a2, STOP_RESET
        PMU(PMU_STOP)

        /* cycles on the cycle counter: it runs from reset; a stop
         * freezes cycle, a release lets it run again */
        PMU5(R_CFG_CYCLE, PMU_CFG, 0, 1, CFG_SKIP_MATCH, EV_CYCLES, 0)
        PMU5(R_CYCLE_START, PMU_START, 0, 1, 0, 0, 0)
        PMU5(R_CYCLE_STOP, PMU_STOP, 0, 1, 0, 0, 0)
        csrr s1, cycle
        LOOP
        csrr s2, cycle
        SAVE(R_CYCLE_FROZEN, s1, s2)
        li   a0, 0
        li   a1, 1
        li   a2, STOP_RESET
        PMU(PMU_STOP)
        mv   s3, a0
        csrr s1, cycle
        LOOP
        csrr s2, cycle
        sltu s2, s1, s2
        SAVE(R_CYCLE_RESET, s3, s2)

        /* overflow: counter 3 from OVF_START, LCOFI taken by handler */
        PMU5(R_OVF_CFG, PMU_CFG, 0, 0xfffffff8, CFG_SET_UINH, EV_INSTRET, 0)
        li   t0, SIE_LCOFIE
        csrs sie, t0
        csrsi sstatus, SSTATUS_SIE
        li   a0, 3
        li   a1, 1
        li   a2, START_SET_INIT
        li   a3, OVF_START
        PMU(PMU_START)
        mv   s1, a0
        la   s6, irq_record
        li   t1, 100000
2:      ld   t0, 8(s6)
        bnez t0, 3f
        addi t1, t1, -1
        bnez t1, 2b
3:      csrci sstatus, SSTATUS_SIE
        SAVE(R_OVF_START, s1, zero)
        ld   t0, 0(s6)
        ld   t2, 8(s6)
        SAVE(R_OVF_IRQ, t0, t2)

        li   t0, DONE_MAGIC
        SAVE(R_DONE, t0, zero)
shutdown:
        li   a0, 0
        li   a1, 0
        ECALL(SBI_EXT_SRST, 0)
1:      wfi
        j    1b

/* Interrupts: record scause and count them; for LCOFI read scountovf and
 * the counter, clear sip.LCOFIP, stop counter 3.  An exception ends the
 * run (R_DONE = its scause, sepc).  Uses t3-t6, a0, a1, a6, a7, which
 * the waiting loop leaves alone. */
        .align 2
handler:
        csrr t3, scause
        bgez t3, 9f
        la   t4, irq_record
        sd   t3, 0(t4)
        ld   t5, 8(t4)
        addi t5, t5, 1
        sd   t5, 8(t4)
        csrr t3, CSR_SCOUNTOVF
        csrr t5, hpmcounter3
        SAVE(R_OVF_OF, t3, t5)
        li   t3, SIE_LCOFIE
        csrc sip, t3
        csrr t5, sip
        li   a0, 3
        li   a1, 1
        li   a2, 0
        PMU(PMU_STOP)
        SAVE(R_OVF_SIP, t5, a0)
        sret
9:      csrr t4, sepc
        SAVE(R_DONE, t3, t4)
        j    shutdown

        .data
        .balign 8
irq_record:
        .dword 0, 0             /* scause, count */
