/* Reserved PTE bits (priv spec 1.12, 4.4.1): bits 60:54 are reserved for
 * future standard use; "If any of these bits are set, a page-fault
 * exception is raised" (PBMT 62:61 and N 63 belong to Svpbmt/Svnapot and
 * are not tested here). */
#include "priv.h"

#define PG(i) (0x40000000 + (i) * 0x1000)
#define LEAF (PTE_V | PTE_R | PTE_W | PTE_X | PTE_A | PTE_D)
#define VPROBE(mode, op, va)                            \
        li a0, va; mv s0, a0;                           \
        li a1, op; li a2, 0x77; li a3, mode; call priv_probe
#define OK        EXPECT(s9, -1)
#define FAULT(c)  EXPECT(s9, c); EXPECT_REG(s10, s0)

PRIV_BEGIN
        li   a0, 3
        call pt_new
        mv   s7, a0
        li   a1, PG(0)
        lla  a2, priv_page_a
        li   a3, LEAF
        li   a4, 0
        call pt_map
        mv   s1, a0             /* the PTE we play with */
        ld   s2, 0(s1)          /* its clean value */
        csrw satp, s7

        TC(1)
        VPROBE(PRV_S, PROBE_LD, PG(0))
        OK

/* 2: each reserved bit 54..60 alone makes the leaf fault. */
        TC(2)
        li   s3, 54
2:      li   t0, 1
        sll  t0, t0, s3
        or   t0, t0, s2
        sd   t0, 0(s1)
        VPROBE(PRV_S, PROBE_LD, PG(0) + 8)
        FAULT(CAUSE_LOAD_PAGE)
        VPROBE(PRV_S, PROBE_EXEC, PG(0))
        FAULT(CAUSE_FETCH_PAGE)
        addi s3, s3, 1
        li   t0, 61
        bltu s3, t0, 2b
        sd   s2, 0(s1)
        VPROBE(PRV_S, PROBE_LD, PG(0))
        OK

        csrw satp, zero
        sfence.vma
PRIV_END
