/* SPDX-License-Identifier: MIT */
/* The layout shared by the SBI selftest's guest (sbi_guest.S, VS-mode) and
 * its harness (sbi_test.c): guest-physical addresses, the MMIO device the
 * harness emulates, and the result slots.  Plain integer #defines only, so
 * both the assembler and the C compiler can read it.
 *
 * Every result slot is 16 bytes: usually the (a0, a1) = (error, value) pair
 * an SBI call returned (SBI spec 3.1), else two values the guest recorded.
 * The harness fills the slots with SLOT_UNSET first, so a slot the guest
 * never reached reads back as such. */
#ifndef RVKVM_TESTS_KVM_SBI_GUEST_H
#define RVKVM_TESTS_KVM_SBI_GUEST_H

/* ---- guest-physical memory ---- */
#define RAM_BASE        0x80000000
#define RAM_SIZE        0x200000          /* 2 MiB, one memory slot */
#define RESET_PC_MAIN   0x80000000        /* the SBI test proper */
#define RESET_PC_ONEREG 0x80000004        /* the small VM of the ONE_REG test */
#define RES_BASE        0x80100000        /* result slots */
#define RES_SLOTS       256
#define SHARED_BASE     0x80180000        /* flags between the two harts */
#define SH_FLAG1        0x00              /* bumped by each mode-1 secondary run */
#define SH_READY        0x08              /* secondary: set up, waiting */
#define SH_SEEN         0x10              /* mode 4: the last value patchme returned */
#define SH_GO           0x18              /* mode 4: 2 = the primary patched and fenced */
#define SH_MASK         0x20              /* a hart mask in memory (legacy SBI calls) */
#define SH_DBCN_BUF     0x40              /* console_read lands here */
#define SH_STA          0x80              /* a 64-byte steal-time record (SBI spec 15) */
#define AREA_BASE       0x80190000        /* per-hart trap record, 4 KiB each */
#define AREA_STRIDE     0x1000
#define A_IRQ_CAUSE     0x00              /* scause of the last interrupt */
#define A_IRQ_COUNT     0x08
#define A_EXC_CAUSE     0x10              /* scause, stval, sepc of the last exception */
#define A_EXC_TVAL      0x18
#define A_EXC_EPC       0x20
#define A_EXC_COUNT     0x28
#define A_CLAIM         0x30              /* the PLIC source the last external irq claimed */
#define A_CLAIM_ADDR    0x38              /* this hart's S-context claim register */
#define A_SAVE          0x100             /* the trap handler's register save area */

/* ---- SBI (SBI spec v2.0: 3.1 calling convention, 3.2 errors, 3.3 hart masks) ---- */
#define SBI_EXT_BASE    0x10
#define SBI_EXT_TIME    0x54494d45
#define SBI_EXT_IPI     0x735049
#define SBI_EXT_RFENCE  0x52464e43
#define SBI_EXT_HSM     0x48534d
#define SBI_EXT_SRST    0x53525354
#define SBI_EXT_PMU     0x504d55
#define SBI_EXT_DBCN    0x4442434e
#define SBI_EXT_STA     0x535441
#define SBI_SUCCESS                0
#define SBI_ERR_FAILED             (-1)
#define SBI_ERR_NOT_SUPPORTED      (-2)
#define SBI_ERR_INVALID_PARAM      (-3)
#define SBI_ERR_DENIED             (-4)
#define SBI_ERR_INVALID_ADDRESS    (-5)
#define SBI_ERR_ALREADY_AVAILABLE  (-6)
/* HSM states (SBI spec 9.1) */
#define HSM_STARTED       0
#define HSM_STOPPED       1
#define HSM_START_PENDING 2
#define HSM_SUSPENDED     4
#define FINAL_REASON      0xf0000001   /* a vendor reset reason (SBI spec 10.1) */
#define DBCN_MSG          "hello from VS-mode\n"
#define DBCN_READ_DATA    "rvkvm-in"   /* 8 bytes the harness hands to console_read */

/* ---- the harness's MMIO device (KVM_RVKVM_ADD_MMIO_REGION) ---- */
#define MMIO_BASE       0x10000000
#define MMIO_SIZE       0x1000
#define MMIO_LOAD_NEG   0x000             /* loads return the low bytes of PAT_NEG */
#define MMIO_LOAD_POS   0x100             /* loads return the low bytes of PAT_POS */
#define MMIO_STORE      0x200             /* stores are logged */
#define MMIO_STORE_END  0x300
#define MMIO_PROGRESS   0xf00             /* sd: the step the guest has reached */
#define MMIO_IRQ        0xf08             /* sw n: raise PLIC source n; IRQ_LOWER | n: lower it */
#define IRQ_LOWER       0x100
#define PAT_NEG         0xf1e2d3c4b5a69788   /* bit 7 of bytes 0, 1, 3 and 7 set */
#define PAT_POS         0x7172737475767778   /* ... and clear */
#define STORE_VAL       0x0123456789abcdef

/* ---- in-core devices ---- */
#define PLIC_BASE       0x0c000000        /* KVM_CREATE_IRQCHIP */
#define PLIC_SRC        5                 /* the source the test raises */
#define ACLINT_MTIME    0x0200bff8        /* a full machine's mtime: unbacked here */

/* ---- forwarded calls the harness answers ---- */
#define EID_EXP         0x08000123        /* experimental: answered (0, EXP_VALUE) */
#define EID_EXP_ERR     0x08ffffff        /* experimental: answered (-4, 0x77) */
#define EID_VENDOR      0x09000042        /* vendor: left unanswered */
#define EXP_VALUE       0xc0ffee
#define LEGACY_GETCHAR  0x71              /* 'q' */

/* ---- the secondary hart: opaque = tag << 16 | mode << 8 | run ---- */
#define OPAQUE_TAG      0x3b5e            /* tag << 16 stays a positive int */
#define MODE_STOP       1                 /* record, bump SH_FLAG1, hart_stop */
#define MODE_IPI        2                 /* wait for an IPI, send one back, stop */
#define MODE_SUSPEND    3                 /* wait for hart 0 SUSPENDED, IPI it, stop */
#define MODE_FENCEI     4                 /* run patchme until SH_GO, stop */
#define OPAQUE(mode, run) ((OPAQUE_TAG << 16) | ((mode) << 8) | (run))
#define NONRET_OPAQUE   0x5a5a

#define SLOT_UNSET      0x5e5e5e5e5e5e5e5e
#define DONE_MAGIC      0xd09e

/* ---- result slots ---- */
#define R_BOOT0         0    /* hart 0 at reset: a0, a1 */
#define R_BOOT0_CSR     1    /* sstatus, satp */
#define R_SPEC          2
#define R_IMPL_ID       3
#define R_IMPL_VER      4
#define R_MVENDOR       5
#define R_MARCHID       6
#define R_MIMPID        7
#define R_PROBE_BASE    8
#define R_PROBE_TIME    9
#define R_PROBE_IPI     10
#define R_PROBE_RFENCE  11
#define R_PROBE_HSM     12
#define R_PROBE_SRST    13
#define R_PROBE_DBCN    14
#define R_PROBE_PMU     15
#define R_PROBE_STA     16
#define R_PROBE_UNK     17
#define R_PROBE_EXP     18
#define R_PROBE_VENDOR  19
#define R_UNK_EID       20
#define R_UNK_FW        21   /* the firmware range 0x0A000000: not forwarded */
#define R_BASE_BADFID   22
#define R_BASE_BADFID2  23

#define R_RDTIME        24   /* two rdtime reads around a delay loop */
#define R_TIMER0        25
#define R_TIMERMAX      26
#define R_TIMER_SIP     27   /* sip after set_timer(0), after set_timer(-1) */
#define R_TIME_BADFID   28
#define R_TIMER_IRQ     29   /* scause of the interrupt, rdtime delta */
#define R_TIMER_IRQ2    30   /* interrupts taken, sip afterwards */
#define R_TIMER_SET     31   /* set_timer(now + TIMER_DELAY) */
#define R_LEG_TIMER     32   /* legacy set_timer(0): a0, a1 (a1 must be untouched) */
#define R_LEG_TIMER_SIP 33   /* sip after it, after set_timer(-1) */

#define R_IPI_SELF      36
#define R_IPI_SELF_SIP  37   /* sip after send_ipi to self, after clearing SSIP */
#define R_IPI_BADBASE   38   /* mask 1, base 2 */
#define R_IPI_BADMASK   39   /* mask 0b101, base 0: hart 2 does not exist */
#define R_IPI_BIGBASE   40   /* mask 1, base 64 */
#define R_IPI_EMPTY     41   /* mask 0, base 0 */
#define R_IPI_NOPART    42   /* sip after the failed calls (no partial delivery) */
#define R_IPI_BADFID    43
#define R_LEG_IPI       44   /* legacy send_ipi (mask in memory): a0, a1 */
#define R_LEG_IPI_SIP   45   /* sip after it, after legacy clear_ipi */
#define R_LEG_CLEAR     46   /* legacy clear_ipi: a0, a1 */

#define R_HSM_ST0       48   /* get_status(0) */
#define R_HSM_ST1       49   /* get_status(1) */
#define R_HSM_ST2       50   /* get_status(2): no such hart */
#define R_HSM_STBIG     51   /* get_status(-1) */
#define R_HSM_BADADDR   52   /* hart_start(1, 0x1000) */
#define R_HSM_ODDADDR   53   /* hart_start(1, entry + 1) */
#define R_HSM_HIADDR    54   /* hart_start(1, past RAM) */
#define R_HSM_NOHART    55   /* hart_start(2, entry) */
#define R_HSM_SELF      56   /* hart_start(0, entry) */
#define R_HSM_BADSUSP   57   /* hart_suspend(type 5) */
#define R_HSM_SUSPADDR  58   /* hart_suspend(non-retentive, 0x1000) */
#define R_HSM_BADFID    59

#define R_HSM_START1    60   /* hart_start(1, MODE_STOP run 0) */
#define R_HSM_FLAG1     61   /* SH_FLAG1 after waiting, timed out? */
#define R_HSM_STOPPED1  62   /* get_status(1) once stopped */
#define R_HSM_START2    63   /* the restart */
#define R_HSM_FLAG2     64
#define R_HSM_STOPPED2  65
#define R_HSM_START3    66   /* hart_start(1, MODE_IPI) */
#define R_HSM_STARTED   67   /* get_status(1) once no longer START_PENDING */
#define R_HSM_BUSY      68   /* hart_start(1) while it runs */
#define R_IPI_TO1       69   /* send_ipi(mask 1, base 1) */
#define R_IPI_FROM1     70   /* hart 0's interrupt from hart 1: scause, count */
#define R_HSM_STOPPED3  71
#define R_IPI_READY     72   /* SH_READY after waiting, timed out? */

#define R_SUSP_TIMER    74   /* retentive suspend woken by the timer */
#define R_SUSP_TIMER2   75   /* rdtime delta, sip */
#define R_SUSP_START    76   /* hart_start(1, MODE_SUSPEND) */
#define R_SUSP_IPI      77   /* retentive suspend woken by hart 1's IPI */
#define R_SUSP_IPI_SIP  78   /* sip after it, interrupts taken */
#define R_SUSP_STOPPED  79
#define R_SUSP_START2   80   /* hart_start(1, MODE_SUSPEND) again */
#define R_SUSP_NONRET   81   /* non-retentive resume: a0, a1 */
#define R_SUSP_NONRET2  82   /* sstatus, satp at the resume address */
#define R_SUSP_NONRET3  83   /* interrupts taken, sip */
#define R_SUSP_STOPPED2 84

#define R_RF_FENCEI     86   /* remote_fence_i(all) */
#define R_RF_SFENCE     87   /* remote_sfence_vma(all, whole space) */
#define R_RF_SFENCE_R   88   /* remote_sfence_vma(all, one page) */
#define R_RF_ASID       89   /* remote_sfence_vma_asid(all) */
#define R_RF_HFENCE     90   /* fids 3..6: four slots */
#define R_RF_BADFID     94   /* fid 7 */
#define R_RF_BADMASK    95   /* mask 0b100, base 0 */
#define R_RF_BADBASE    96   /* mask 1, base 5 */
#define R_RF_STOPPED    97   /* remote_fence_i(mask 1, base 1): hart 1 stopped */
#define R_RF_START      98   /* hart_start(1, MODE_FENCEI) */
#define R_RF_SEEN       99   /* SH_SEEN before patching, timed out? */
#define R_RF_REMOTE     100  /* remote_fence_i(mask 2, base 0) while hart 1 runs */
#define R_RF_STOPPED2   101
#define R_LEG_FENCEI    102  /* legacy remote_fence_i(all): a0, a1 */

#define R_SRST_TYPE5    104
#define R_SRST_REASON7  105
#define R_SRST_VENDOR   106
#define R_SRST_TYPE64   107  /* type 1 << 32 */
#define R_SRST_TYPE3    108
#define R_SRST_BADFID   109
#define R_SRST_REASONE  110  /* reason 0xE0000000 with type 5: still the type's error */

#define R_DBCN_WRITE    112
#define R_DBCN_BYTE     113
#define R_DBCN_READ     114
#define R_DBCN_READBUF  115  /* the first 8 bytes of SH_DBCN_BUF afterwards */
#define R_EXP           116
#define R_EXP_ERR       117
#define R_VENDOR        118
#define R_LEG_PUTCHAR   119  /* a0, a1 (a1 must be untouched) */
#define R_LEG_GETCHAR   120

#define R_VI_HSTATUS    122  /* scause, stval; next slot: sepc, the label */
#define R_VI_GVMA       124
#define R_VI_VVMA       126
#define R_VI_HLV        128
#define R_VI_VSSTATUS   130
#define R_NO_ACLINT     132  /* load from ACLINT_MTIME: scause, stval */
#define R_NO_ACLINT_ST  133  /* store to it: scause, stval */

#define R_STA_SET       134  /* STA set_shmem(SH_STA, 0, 0) */
#define R_STA_FLAGS     135  /* flags 1 */
#define R_STA_ALIGN     136  /* SH_STA + 8 */
#define R_STA_HI        137  /* shmem_phys_hi 1 */
#define R_STA_UNBACKED  138  /* 0x1000 */
#define R_STA_OFF       139  /* (-1, -1): stop */
#define R_STA_REC       157  /* record dword 0 (sequence, flags), dword 3 (padding) */

#define R_MMIO_LB       140
#define R_MMIO_LBU      141
#define R_MMIO_LH       142
#define R_MMIO_LHU      143
#define R_MMIO_LW       144
#define R_MMIO_LWU      145
#define R_MMIO_LD       146
#define R_MMIO_POS_LB   147
#define R_MMIO_POS_LH   148
#define R_MMIO_POS_LW   149
#define R_MMIO_C_LW     150  /* compressed c.lw, c.ld */
#define R_MMIO_X0       151  /* lw into x0: x0 afterwards, the next register */

#define R_PLIC          154  /* external interrupt: scause, claimed source */
#define R_PLIC2         155  /* interrupts taken, claim register afterwards */

#define R_MMIO_FP       156  /* fld, flw (NaN-boxed) from MMIO: the bits read */

#define R_DONE          160
#define R_DONE_RET      161  /* the final SRST call returned: a0, a1 */

/* The secondary's records, indexed by the run number of its opaque. */
#define R_SEC_BOOT      164  /* a0, a1 at hart_start entry: 8 slots */
#define R_SEC_CSR       172  /* sstatus, satp there: 8 slots */
#define R_SEC_RES       180  /* the mode's result pair: 8 slots */
#define R_SEC_AUX       188  /* a second pair: 8 slots */
#define R_SEC_STOPERR   196  /* hart_stop returned (an error) */

/* The ONE_REG VM (RESET_PC_ONEREG; HSM, DBCN and SRST disabled). */
#define R2_PROBE_HSM    200
#define R2_HSM_CALL     201
#define R2_PROBE_DBCN   202
#define R2_DBCN_CALL    203
#define R2_PROBE_SRST   204
#define R2_SRST_CALL    205
#define R2_PROBE_TIME   206
#define R2_TIME_CALL    207
#define R2_BOOT         208  /* a0, a1 at reset */

#define TIMER_DELAY     10000              /* 1 ms of the 10 MHz clock */
#define WAIT_TICKS      50000000           /* 5 s: guest-side poll limit */

#endif
