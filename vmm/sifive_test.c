// SPDX-License-Identifier: MIT
/* sifive,test1 finisher (see sifive_test.h).  Only writes to offset 0 with
 * a known command act; everything else reads as zero and is ignored. */
#include "vmm/sifive_test.h"

#include <stdio.h>

#define FINISHER_FAIL  0x3333
#define FINISHER_PASS  0x5555
#define FINISHER_RESET 0x7777

void sifive_test_init(struct sifive_test *t, struct vmm_stop *stop)
{
	t->stop = stop;
}

static uint64_t sifive_test_read(void *opaque, uint64_t off, unsigned size)
{
	(void)opaque, (void)off, (void)size;
	return 0;
}

static void sifive_test_write(void *opaque, uint64_t off, unsigned size, uint64_t val)
{
	struct sifive_test *t = opaque;
	if (off != 0 || size < 4)
		return;
	uint32_t code = (uint32_t)val >> 16;
	switch (val & 0xffff) {
	case FINISHER_PASS:
		vmm_request_stop(t->stop, 0);
		break;
	case FINISHER_FAIL:
		vmm_request_stop(t->stop, code & 0xff ? (int)(code & 0xff) : (code ? 255 : 1));
		break;
	case FINISHER_RESET:
		vmm_request_reset(t->stop);
		break;
	default:
		break;
	}
}

const struct vmm_mmio_ops sifive_test_ops = {
	.read = sifive_test_read,
	.write = sifive_test_write,
};
