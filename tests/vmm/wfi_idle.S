/* Sleeps half a second in WFI waiting for the ACLINT timer: the runner
 * checks the wall time passed and that little host CPU time was used. */
#include "test.h"
#define MTIMECMP (0x2000000 + 0x4000)
#define MTIME    (0x2000000 + 0xbff8)
TEST_BEGIN
        li   s1, MTIME
        li   s3, MTIMECMP
        ld   a0, 0(s1)
        li   t0, 5000000         /* 0.5 s at 10 MHz */
        add  s2, a0, t0
        sd   s2, 0(s3)
        li   t0, 0x80
        csrs mie, t0
1:      wfi
        ld   a1, 0(s1)
        bltu a1, s2, 1b
TEST_END
