/* SPDX-License-Identifier: MIT */
/* The vCPUs' ISA as `--cpu MODEL[,EXT=on|off][,vlen=N]...` picks it,
 * QEMU-style: a profile (max, rv64gc, rva22s64, rva23s64) then single
 * optional extensions switched on or off, and V's VLEN (128 to 1024).  What is off is set through KVM's
 * ISA_EXT registers on every vCPU and left out of the device tree. */
#ifndef VMM_CPU_MODEL_H
#define VMM_CPU_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct cpu_model {
	uint64_t off[2];   /* bit n: KVM_RISCV_ISA_EXT n switched off */
	unsigned vlen;     /* vlen=N: VLEN in bits; 0: the core's default (128) */
};

/* Parse spec into *m (all on, then the profile, then the options).
 * Returns 0, or -EINVAL with the reason in err. */
int cpu_model_parse(const char *spec, struct cpu_model *m, char *err, size_t errlen);
static inline bool cpu_model_is_off(const struct cpu_model *m, unsigned kvm_ext)
{
	return kvm_ext < 128 && ((m->off[kvm_ext / 64] >> (kvm_ext % 64)) & 1);
}
/* Each switchable extension: its name and KVM id, i < count. */
unsigned cpu_model_nr_exts(void);
const char *cpu_model_ext_name(unsigned i, unsigned *kvm_ext);

#endif
