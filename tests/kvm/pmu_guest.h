/* SPDX-License-Identifier: MIT */
/* The layout shared by the SBI PMU selftest's guest (pmu_guest.S,
 * VS-mode) and its harness (pmu_test.c): plain #defines for both the
 * assembler and the C compiler.  Each result slot is 16 bytes: the
 * (error, value) pair of an SBI call, or two values the guest recorded;
 * the harness fills them with SLOT_UNSET first. */
#ifndef RVKVM_TESTS_KVM_PMU_GUEST_H
#define RVKVM_TESTS_KVM_PMU_GUEST_H

#define RAM_BASE        0x80000000
#define RAM_SIZE        0x200000
#define RES_BASE        0x80100000
#define RES_SLOTS       64
#define SLOT_UNSET      0x5e5e5e5e5e5e5e5e
#define DONE_MAGIC      0xd09e

#define SBI_EXT_BASE    0x10
#define SBI_EXT_SRST    0x53525354
#define SBI_EXT_PMU     0x504d55
/* PMU functions (SBI spec 11) */
#define PMU_NUM         0
#define PMU_INFO        1
#define PMU_CFG         2
#define PMU_START       3
#define PMU_STOP        4
#define PMU_FW_READ     5
#define PMU_SNAPSHOT    7
/* flags */
#define CFG_SKIP_MATCH  0x1
#define CFG_CLEAR_VALUE 0x2
#define CFG_AUTO_START  0x4
#define CFG_SET_UINH    0x20
#define CFG_SET_SINH    0x40
#define START_SET_INIT  0x1
#define START_SNAPSHOT  0x2
#define STOP_RESET      0x1
/* events: hardware general (type 0), raw (type 2), firmware (type 15) */
#define EV_CYCLES       0x1
#define EV_INSTRET      0x2
#define EV_CACHE_REFS   0x3
#define EV_RAW          0x20000
#define EV_FW_IPI_SENT  0xf0006

#define LOOP_N          1000       /* the counted loop: 2 instructions each */
#define OVF_START       (-200)     /* the overflow test's initial value */

/* ---- result slots ---- */
#define R_PROBE         0
#define R_NUM           1
#define R_INFO0         2
#define R_INFO1         3
#define R_INFO3         4
#define R_INFO31        5
#define R_INFO32        6
#define R_CFG_EMPTY     7    /* mask 0 */
#define R_CFG_BEYOND    8    /* base 31, mask 0b10 */
#define R_CFG_CACHE     9    /* a cache event: not supported */
#define R_CFG_FW        10   /* a firmware event: not supported */
#define R_CFG_INSN      11   /* instructions, any counter, S/VS only */
#define R_START         12   /* start(3) with initial value 0 */
#define R_STOP          13
#define R_COUNT         14   /* hpmcounter3 after the stop, and again later */
#define R_RESTART_ERR   15   /* stop again (already stopped), start twice */
#define R_START_AGAIN   16
#define R_CFG_UONLY     17   /* instructions with SET_SINH, auto-started */
#define R_UONLY_COUNT   18   /* its stop, then hpmcounter4 */
#define R_CFG_RAW       19   /* raw event, selector 2 */
#define R_RAW_COUNT     20   /* its stop, then hpmcounter5 */
#define R_FW_READ       21
#define R_SNAPSHOT      22
#define R_START_SNAP    23   /* start with INIT_SNAPSHOT: NO_SHMEM */
#define R_RESET         24   /* stop+reset of 3..5 */
#define R_CFG_AFTER     25   /* instructions again: counter 3 free again */
#define R_CFG_CYCLE     26   /* cycles on counter 0 only (SKIP_MATCH) */
#define R_CYCLE_START   27   /* start: already running */
#define R_CYCLE_STOP    28
#define R_CYCLE_FROZEN  29   /* two cycle reads after the stop */
#define R_CYCLE_RESET   30   /* stop+reset (already stopped), then runs again: 1 */
#define R_OVF_CFG       31
#define R_OVF_START     32
#define R_OVF_IRQ       33   /* scause of the overflow interrupt, interrupts taken */
#define R_OVF_OF        34   /* scountovf in the handler, hpmcounter3 there */
#define R_OVF_SIP       35   /* sip after the handler cleared LCOFIP, its stop */
#define R_DONE          63

#endif
