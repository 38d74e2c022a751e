/* V 1.0 3.7: a vector load or store with vstart >= vl writes nothing and
 * still resets vstart to zero (as every vector instruction does).
 * QEMU 7.2 skips such an instruction entirely and leaves vstart as it was,
 * so this test fails there (it belongs in ISA_QEMU_SKIP). */
#include "isa.h"
.option arch, +v
ISA_BEGIN
        li t0, 0x200
        csrs mstatus, t0
        la s1, buf
        li t1, 8
        vsetvli t2, t1, e16, m1, ta, ma
        TESTCASE(1)
        la t0, ones
        vl1re8.v v8, (t0)
        csrwi vstart, 9
        vle16.v v8, (s1)
        csrr a0, vstart
        EXPECT(a0, 0)
        vs1r.v v8, (s1)             /* nothing was loaded: still ones */
        ld a0, 0(s1)
        EXPECT(a0, -1)
        ld a0, 8(s1)
        EXPECT(a0, -1)
        TESTCASE(2)
        sd zero, 0(s1)
        csrwi vstart, 8
        vse16.v v8, (s1)
        csrr a0, vstart
        EXPECT(a0, 0)
        ld a0, 0(s1)
        EXPECT(a0, 0)
ISA_END
        .data
        .balign 16
ones:   .fill 16, 1, 0xff
buf:    .fill 16, 1, 0x11
