// SPDX-License-Identifier: MIT
/* --cpu: profiles, single extensions and VLEN (vmm/cpu_model.h).  The profiles
 * follow the RVA profiles specification: a profile leaves on what it
 * mandates of rvkvm's optional extensions and switches the rest off. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "rvkvm/kvm.h"
#include "vmm/cpu_model.h"

static const struct { const char *name; uint8_t kvm; } exts[] = {
	{ "v", KVM_RISCV_ISA_EXT_V },
	{ "zba", KVM_RISCV_ISA_EXT_ZBA }, { "zbb", KVM_RISCV_ISA_EXT_ZBB },
	{ "zbc", KVM_RISCV_ISA_EXT_ZBC }, { "zbs", KVM_RISCV_ISA_EXT_ZBS },
	{ "zbkb", KVM_RISCV_ISA_EXT_ZBKB }, { "zbkx", KVM_RISCV_ISA_EXT_ZBKX },
	{ "zicond", KVM_RISCV_ISA_EXT_ZICOND }, { "zcb", KVM_RISCV_ISA_EXT_ZCB },
	{ "zimop", KVM_RISCV_ISA_EXT_ZIMOP }, { "zcmop", KVM_RISCV_ISA_EXT_ZCMOP },
	{ "zawrs", KVM_RISCV_ISA_EXT_ZAWRS }, { "zicbom", KVM_RISCV_ISA_EXT_ZICBOM },
	{ "zicboz", KVM_RISCV_ISA_EXT_ZICBOZ }, { "svinval", KVM_RISCV_ISA_EXT_SVINVAL },
	{ "zfh", KVM_RISCV_ISA_EXT_ZFH }, { "zfhmin", KVM_RISCV_ISA_EXT_ZFHMIN },
	{ "zfa", KVM_RISCV_ISA_EXT_ZFA }, { "zvbb", KVM_RISCV_ISA_EXT_ZVBB },
};
#define NR_EXTS (sizeof(exts) / sizeof(exts[0]))

/* Per profile, the switchable extensions it does not include. */
static const struct { const char *name; const char *off; } profiles[] = {
	{ "max", "" },
	{ "rv64gc", "v zba zbb zbc zbs zbkb zbkx zicond zcb zimop zcmop zawrs zicbom zicboz svinval "
		    "zfh zfhmin zfa zvbb" },
	/* RVA22S64: Zba/Zbb/Zbs, Zicbom/Zicboz (and Zicbop), Zfhmin,
	 * Svinval; V, Zfh, Zbc and Zbk* are options, the rest came later. */
	{ "rva22s64", "v zbc zbkb zbkx zicond zcb zimop zcmop zawrs zfh zfa zvbb" },
	/* RVA23S64: V with Zvbb, Zfa, Zcb, Zimop/Zcmop, Zawrs, Zicond join;
	 * Zfh, Zbc and the scalar crypto ones stay options. */
	{ "rva23s64", "zbc zbkb zbkx zfh" },
};

unsigned cpu_model_nr_exts(void)
{
	return NR_EXTS;
}

const char *cpu_model_ext_name(unsigned i, unsigned *kvm_ext)
{
	if (i >= NR_EXTS)
		return NULL;
	*kvm_ext = exts[i].kvm;
	return exts[i].name;
}

static int find_ext(const char *name, size_t len)
{
	for (unsigned i = 0; i < NR_EXTS; i++)
		if (strlen(exts[i].name) == len && !strncmp(exts[i].name, name, len))
			return exts[i].kvm;
	return -1;
}

static void set_off(struct cpu_model *m, unsigned kvm, bool off)
{
	uint64_t bit = 1ULL << (kvm % 64);
	m->off[kvm / 64] = off ? m->off[kvm / 64] | bit : m->off[kvm / 64] & ~bit;
}

int cpu_model_parse(const char *spec, struct cpu_model *m, char *err, size_t errlen)
{
	*m = (struct cpu_model){ .off = { 0, 0 }, .vlen = 0 };
	size_t plen = strcspn(spec, ",");
	unsigned p = 0;
	while (p < sizeof(profiles) / sizeof(profiles[0]) &&
	       (strlen(profiles[p].name) != plen || strncmp(profiles[p].name, spec, plen)))
		p++;
	if (p == sizeof(profiles) / sizeof(profiles[0])) {
		snprintf(err, errlen, "unknown CPU model '%.*s' (max, rv64gc, rva22s64, rva23s64)",
			 (int)plen, spec);
		return -EINVAL;
	}
	for (const char *o = profiles[p].off; *o;) {
		size_t n = strcspn(o, " ");
		set_off(m, (unsigned)find_ext(o, n), true);
		o += n + (o[n] == ' ');
	}
	for (const char *o = spec + plen; *o == ',';) {
		o++;
		size_t n = strcspn(o, ","), k = strcspn(o, "=");
		const char *val = o + k + 1;
		if (k == 4 && k < n && !strncmp(o, "vlen", 4)) {
			static const char *const vlens[] = { "128", "256", "512", "1024" };
			size_t vl = n - k - 1;
			m->vlen = 0;
			for (unsigned j = 0; j < 4; j++)
				if (strlen(vlens[j]) == vl && !strncmp(val, vlens[j], vl))
					m->vlen = 128u << j;
			if (!m->vlen) {
				snprintf(err, errlen, "--cpu: vlen=%.*s is not 128, 256, 512 or 1024",
					 (int)vl, val);
				return -EINVAL;
			}
			o += n;
			continue;
		}
		size_t vlen = n > k ? n - k - 1 : 0;
		int kvm = k < n ? find_ext(o, k) : -1;
		bool on = (vlen == 2 && !strncmp(val, "on", 2)) || (vlen == 4 && !strncmp(val, "true", 4));
		bool off = (vlen == 3 && !strncmp(val, "off", 3)) || (vlen == 5 && !strncmp(val, "false", 5));
		if (kvm < 0 || (!on && !off)) {
			snprintf(err, errlen, "--cpu: '%.*s' is not EXT=on|off with EXT one of v, zba, zbb, "
				 "zbc, zbs, zbkb, zbkx, zicond, zcb, zimop, zcmop, zawrs, zicbom, zicboz, "
				 "svinval, zfh, zfhmin, zfa, zvbb", (int)n, o);
			return -EINVAL;
		}
		set_off(m, (unsigned)kvm, off);
		o += n;
	}
	return 0;
}
