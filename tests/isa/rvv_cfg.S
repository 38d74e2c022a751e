#include "isa.h"
.option arch, +v
ISA_BEGIN
  li t0, 0x600
  csrs mstatus, t0
  TESTCASE(1)
  vsetvli a0, zero, e8, m1, ta, ma
  EXPECT(a0, 16)
  TESTCASE(2)
  vsetvli a0, zero, e64, m8, ta, ma
  EXPECT(a0, 16)
  TESTCASE(3)
  csrr a0, vlenb
  EXPECT(a0, 16)
ISA_END
