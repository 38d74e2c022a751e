/* Loads and stores off one base register in hot straight-line code.
 * rvkvm's JIT lets such accesses share one page test (the first tests the
 * page for the span of all their offsets; the others reuse its host
 * address), which must not outlive what it proved.  Each check warms a
 * kernel up 50 times (compiled from then on) and then runs it where the
 * sharing would go wrong:
 *   1: accesses whose span crosses into the next virtual page (mapped to
 *      a page that does not follow in memory), both pages in the TLB, the
 *      first access neither the lowest nor the highest; an FP load among
 *      them;
 *   2: a load that rewrites the base register between two accesses: the
 *      access after it is off the new base, in another page;
 *   3: a branch that skips the first access, entered from a block that
 *      shared a test of its own in another page;
 *   4: a load and a store off one base on a read-only page: the load
 *      works while the store is skipped, and the store faults;
 *   5: as 4 on a writable page: the store lands;
 *   6: a loop whose group walks across the end of page b into a;
 *   7: as 4 in a loop;
 *   8: two groups at once, off two base registers in turn (the second
 *      keeps its page in the frame), the second's span across pages.
 * The same program passes on QEMU. */
#include "priv.h"

#define PG0  0x40000000         /* page b */
#define PG1  0x40001000         /* page a (which comes before b in memory) */
#define PG2  0x40002000         /* scratch page c */
#define PGRO 0x40003000         /* page a, read-only */
#define PGRW 0x40004000         /* scratch page c */
#define WARM 50

/* WARM calls of kernel k with a1, a2, a3 = v1, v2, v3 (s1 clobbered) */
        .macro warm_up k, v1, v2=0, v3=0
        li   s1, WARM
9001:   li   a1, \v1
        li   a2, \v2
        li   a3, \v3
        call \k
        addi s1, s1, -1
        bnez s1, 9001b
        .endm

PRIV_BEGIN
        li   a0, 3
        call pt_new
        mv   s7, a0
        MAP_L(PG0, priv_page_b, F(PTE_R | PTE_W), 0)
        MAP_L(PG1, priv_page_a, F(PTE_R | PTE_W), 0)
        MAP_L(PG2, priv_page_c, F(PTE_R | PTE_W), 0)
        MAP_L(PGRO, priv_page_a, F(PTE_R), 0)
        MAP_L(PGRW, priv_page_c, F(PTE_R | PTE_W), 0)
        li   t0, 1 << 44
        or   s7, s7, t0
        csrw satp, s7
        sfence.vma
        IDENT_FOR_S
        li   t0, MSTATUS_FS
        csrs mstatus, t0

/* 1: warm in the middle of page b, then across b's end into a */
        TC(1)
        RUN_IN(PRV_S, 2f, 1f)
2:      warm_up kspan, PG0 + 0x100
        mv   s2, a0
        mv   s3, a3
        li   a1, PG0 + 0xff8
        call kspan                /* (fills the TLB for page a too) */
        li   a1, PG0 + 0xff8
        call kspan
        mv   s4, a0
        mv   s5, a3
        ecall
1:      EXPECT_CAUSE(CAUSE_ECALL_S)
        /* b[33] + b[32] + b[34], and b[35] */
        EXPECT(s2, 0x1212121000000063)   /* mod 2^64 */
        EXPECT(s3, MAGIC_B + 35)
        /* a[0] (8 past) + b[511] + a[1], and a[2] */
        EXPECT(s4, 0xf1f1f1f000000200)
        EXPECT(s5, MAGIC_A + 2)

/* 2: a pointer at PG2 + 8 to PG1 + 0x20: the load after it reads a[6] */
        TC(2)
        lla  t0, priv_page_c
        li   t1, PG1 + 0x20
        sd   t1, 8(t0)
        li   t1, 0x1234
        sd   t1, 0(t0)
        RUN_IN(PRV_S, 2f, 1f)
2:      warm_up kchase, PG2
        ecall
1:      EXPECT_CAUSE(CAUSE_ECALL_S)
        EXPECT(a0, 0x1234)
        EXPECT(a2, MAGIC_A + 6)

/* 3: kcaller shares a test on page a, then kskip skips its first load
 * (a2 = 0): its second must read page b */
        TC(3)
        RUN_IN(PRV_S, 2f, 1f)
2:      li   s1, WARM
3:      li   a1, PG0
        li   a3, PG1
        andi a2, s1, 1            /* alternately skipping and not */
        call kcaller
        addi s1, s1, -1
        bnez s1, 3b
        li   a1, PG0
        li   a3, PG1
        li   a2, 0
        call kcaller
        ecall
1:      EXPECT_CAUSE(CAUSE_ECALL_S)
        EXPECT(a0, MAGIC_B + 1)
        EXPECT(a4, 0x4141414000000001)

/* 4: read-only page: no store while a2 = 0, then a store page fault */
        TC(4)
        RUN_IN(PRV_S, 2f, 1f)
2:      warm_up krmw, PGRO + 0x40
        mv   s2, a0
        li   a1, PGRO + 0x40
        li   a2, 1
        call krmw
        li   s2, -1               /* not reached */
        ecall
1:      EXPECT_CAUSE(CAUSE_STORE_PAGE)
        EXPECT_TVAL(PGRO + 0x48)
        EXPECT_EPC_AT(krmw_sd)
        EXPECT(s2, MAGIC_A + 8)

/* 5: writable page: the store lands */
        TC(5)
        RUN_IN(PRV_S, 2f, 1f)
2:      warm_up krmw, PGRW + 0x40
        li   a1, PGRW + 0x40
        li   a2, 1
        li   a0, 0x5a5a
        lla  t0, priv_page_c
        sd   a0, 0x40(t0)
        call krmw
        ecall
1:      EXPECT_CAUSE(CAUSE_ECALL_S)
        lla  t0, priv_page_c
        ld   a0, 0x48(t0)
        EXPECT(a0, 0x5a5a)

/* 6: kwalk3 warmed up inside page b, then 6 steps from b[507] on:
 * b[507..511] then a[0..2], each three times but the ends */
        TC(6)
        RUN_IN(PRV_S, 2f, 1f)
2:      warm_up kwalk3, PG0 + 0x100, 4
        mv   s2, a0
        li   a1, PG0 + 0xfd8
        li   a2, 6
        call kwalk3
        ecall
1:      EXPECT_CAUSE(CAUSE_ECALL_S)
        EXPECT(s2, 0x484848400000019e)   /* b[32..37], mod 2^64 */
        EXPECT(a0, 0x0c0c0c00000017e5)

/* 7: krmwl on the read-only page: loads only while warm, then a store */
        TC(7)
        RUN_IN(PRV_S, 2f, 1f)
2:      warm_up krmwl, PGRO + 0x40, 2
        li   a1, PGRO + 0x40
        li   a2, 2
        li   a3, 1
        call krmwl
        ecall
1:      EXPECT_CAUSE(CAUSE_STORE_PAGE)
        EXPECT_TVAL(PGRO + 0x48)
        EXPECT_EPC_AT(krmwl_sd)

/* 8: k2base warm on a (a1) and b (a3), then a1's accesses across b's
 * end into a (twice: the first fills the TLB) */
        TC(8)
        RUN_IN(PRV_S, 2f, 1f)
2:      warm_up k2base, PG1 + 0x100, 0, PG0 + 0x100
        mv   s2, a0
        mv   s3, a4
        li   a1, PG0 + 0xff8
        li   a3, PG1 + 0x100
        call k2base
        li   a1, PG0 + 0xff8
        li   a3, PG1 + 0x100
        call k2base
        ecall
1:      EXPECT_CAUSE(CAUSE_ECALL_S)
        EXPECT(s2, 0xa2a2a2a000000082)   /* a[33] + b[32] + a[32] + b[33] */
        EXPECT(s3, MAGIC_B + 34)
        EXPECT(a0, 0x9292929000000240)   /* a[0] + a[32] + b[511] + a[33] */
        EXPECT(a4, MAGIC_A + 34)

        csrw satp, zero
        sfence.vma
        j    done

/* a0 = 8(a1) + 0(a1) + 16(a1) (the middle one by FP), a3 = 24(a1) */
kspan:  ld   t0, 8(a1)
        ld   t1, 0(a1)
        fld  ft0, 16(a1)
        ld   a3, 24(a1)
        fmv.x.d t2, ft0
        add  a0, t0, t1
        add  a0, a0, t2
        ret

/* a0 = 0(a1); a1 = 8(a1); a2 = 16(new a1) */
kchase: ld   a0, 0(a1)
        ld   a1, 8(a1)
        ld   a2, 16(a1)
        ret

/* a4 = 0(a3) + 8(a3) (page a), then kskip */
kcaller:
        ld   t0, 0(a3)
        ld   t1, 8(a3)
        add  a4, t0, t1
        j    kskip
/* a0 = 8(a1), and 0(a1) into t0 unless a2 = 0 */
kskip:  beqz a2, 1f
        ld   t0, 0(a1)
1:      ld   a0, 8(a1)
        ret

/* a0 = 0(a1); if a2 != 0, a0 stored to 8(a1) */
krmw:   ld   a0, 0(a1)
        beqz a2, 1f
krmw_sd:
        sd   a0, 8(a1)
1:      ret

/* a0 = the sum over a2 (> 0) steps of 0(a1) + 8(a1) + 16(a1), a1 += 8 */
kwalk3: li   a0, 0
1:      ld   t0, 0(a1)
        ld   t1, 8(a1)
        ld   t2, 16(a1)
        add  a0, a0, t0
        add  a0, a0, t1
        add  a0, a0, t2
        addi a1, a1, 8
        addi a2, a2, -1
        bnez a2, 1b
        ret

/* a2 (> 0) times: t0 = 0(a1), stored to 8(a1) and 16(a1) if a3 != 0 */
krmwl:  ld   t0, 0(a1)
        beqz a3, 1f
krmwl_sd:
        sd   t0, 8(a1)
        sd   t0, 16(a1)
1:      addi a2, a2, -1
        bnez a2, krmwl
        ret

/* a0 = 8(a1) + 0(a3) + 0(a1) + 8(a3), a4 = 16(a3): accesses off a1 and
 * off a3 in turn */
k2base: ld   t0, 8(a1)
        ld   t1, 0(a3)
        ld   t2, 0(a1)
        ld   t3, 8(a3)
        ld   a4, 16(a3)
        add  a0, t0, t1
        add  a0, a0, t2
        add  a0, a0, t3
        ret

done:
PRIV_END
