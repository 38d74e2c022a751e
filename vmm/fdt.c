// SPDX-License-Identifier: MIT
/* Device tree generation with libfdt's sequential-write API.  The tree
 * follows what QEMU's virt machine generates (node names, compatibles,
 * interrupt wiring), so OpenSBI's generic platform and Linux drivers bind
 * to it unchanged:
 *
 *   /cpus/cpu@N            riscv,isa + isa-base/isa-extensions, sv57,
 *     interrupt-controller riscv,cpu-intc (local interrupts by mip bit)
 *   /memory@80000000
 *   /chosen                bootargs, stdout-path, initrd, rng-seed
 *   /pmu                   riscv,pmu: SBI PMU events to counters, for the
 *                          firmware (full machines)
 *   /soc/clint@2000000     ACLINT MSWI+MTIMER (sifive,clint0): M soft 3, M timer 7
 *   /soc/sswi@2f00000      ACLINT SSWI (riscv,aclint-sswi): S soft 1
 *   /soc/plic@c000000      PLIC: per hart context 2N = M external (11),
 *                          2N+1 = S external (9)
 *   /soc/serial@10000000   ns16550a, PLIC source 10
 *   /soc/test@100000       sifive,test1 + syscon, used by /poweroff and /reboot
 *   /soc/rtc@101000        goldfish RTC, PLIC source 11
 *   /soc/virtio_mmio@1000N000  eight slots, PLIC sources 1..8; an empty
 *                          slot reads DeviceID 0, which drivers skip
 */
#include "vmm/fdt.h"

#include <errno.h>
#include <libfdt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rvkvm/kvm.h"
#include "vmm/machine.h"

_Static_assert(DT_MAX_HARTS >= KVM_MAX_VCPUS, "the tree must describe every vCPU");

/* Local interrupt numbers (privileged spec 3.1.9, mip bits). */
#define IRQ_S_SOFT  1
#define IRQ_M_SOFT  3
#define IRQ_M_TIMER 7
#define IRQ_S_EXT   9
#define IRQ_M_EXT   11

/* Phandles: fixed values so the tree is the same for the same config. */
#define PH_PLIC       1
#define PH_TEST       2
#define PH_CPU(i)     (0x10 + (i))
#define PH_INTC(i)    (0x100 + (i))

/* Extensions in riscv,isa order (single letters, then Z* by category
 * letter i, a, f, c, b, k, v, then S*), each with the KVM ISA_EXT id that
 * switches it off (-1: always there; -2: Zfhmin, there with Zfh too;
 * Smstateen and Smmpm, M-mode parts, go with H: full machines only, as
 * does Smnpm (S-mode pointer masking is menvcfg's); Zvbb and
 * the Zvkb it includes need V too; Zvkt goes with V);
 * ZvlNb only for N up to VLEN.  V brings the Zve and Zvl names
 * its VLEN (128) and ELEN (64) imply, as Linux's binding lists them. */
static const struct { const char *name; int ext; } dt_isa_extensions[] = {
	{ "i", -1 }, { "m", -1 }, { "a", -1 }, { "f", -1 }, { "d", -1 }, { "c", -1 },
	{ "v", KVM_RISCV_ISA_EXT_V }, { "h", KVM_RISCV_ISA_EXT_H },
	{ "zicbom", KVM_RISCV_ISA_EXT_ZICBOM }, { "zicbop", -1 }, { "zicboz", KVM_RISCV_ISA_EXT_ZICBOZ },
	{ "zicntr", -1 }, { "zicond", KVM_RISCV_ISA_EXT_ZICOND }, { "zicsr", -1 }, { "zifencei", -1 },
	{ "zihintntl", -1 }, { "zihintpause", -1 }, { "zihpm", -1 }, { "zimop", KVM_RISCV_ISA_EXT_ZIMOP },
	{ "zawrs", KVM_RISCV_ISA_EXT_ZAWRS }, { "zfa", KVM_RISCV_ISA_EXT_ZFA },
	{ "zfh", KVM_RISCV_ISA_EXT_ZFH }, { "zfhmin", -2 },
	{ "zcb", KVM_RISCV_ISA_EXT_ZCB },
	{ "zcmop", KVM_RISCV_ISA_EXT_ZCMOP }, { "zba", KVM_RISCV_ISA_EXT_ZBA },
	{ "zbb", KVM_RISCV_ISA_EXT_ZBB }, { "zbc", KVM_RISCV_ISA_EXT_ZBC },
	{ "zbkb", KVM_RISCV_ISA_EXT_ZBKB }, { "zbkx", KVM_RISCV_ISA_EXT_ZBKX },
	{ "zbs", KVM_RISCV_ISA_EXT_ZBS }, { "zkt", -1 }, { "zvbb", KVM_RISCV_ISA_EXT_ZVBB },
	{ "zve32f", KVM_RISCV_ISA_EXT_V }, { "zve32x", KVM_RISCV_ISA_EXT_V },
	{ "zve64d", KVM_RISCV_ISA_EXT_V }, { "zve64f", KVM_RISCV_ISA_EXT_V },
	{ "zve64x", KVM_RISCV_ISA_EXT_V }, { "zvfhmin", KVM_RISCV_ISA_EXT_V },
	{ "zvkb", KVM_RISCV_ISA_EXT_ZVBB }, { "zvkt", KVM_RISCV_ISA_EXT_V },
	{ "zvl1024b", KVM_RISCV_ISA_EXT_V }, { "zvl128b", KVM_RISCV_ISA_EXT_V },
	{ "zvl256b", KVM_RISCV_ISA_EXT_V }, { "zvl32b", KVM_RISCV_ISA_EXT_V },
	{ "zvl512b", KVM_RISCV_ISA_EXT_V }, { "zvl64b", KVM_RISCV_ISA_EXT_V },
	{ "smmpm", KVM_RISCV_ISA_EXT_H }, { "smnpm", KVM_RISCV_ISA_EXT_SMNPM },
	{ "smstateen", KVM_RISCV_ISA_EXT_H }, { "sscofpmf", -1 }, { "ssnpm", -1 }, { "ssstateen", -1 },
	{ "sstc", -1 }, { "svadu", -1 }, { "svinval", KVM_RISCV_ISA_EXT_SVINVAL },
	{ "svnapot", -1 }, { "svpbmt", -1 },
};
#define DT_NR_EXTS (sizeof(dt_isa_extensions) / sizeof(dt_isa_extensions[0]))

static bool dt_has_ext(const struct dt_config *cfg, int ext)
{
	if (ext == -2)
		return dt_has_ext(cfg, KVM_RISCV_ISA_EXT_ZFHMIN) || dt_has_ext(cfg, KVM_RISCV_ISA_EXT_ZFH);
	if (ext < 0)
		return true;
	if ((ext == KVM_RISCV_ISA_EXT_H || ext == KVM_RISCV_ISA_EXT_SMNPM) && cfg->hyp_guest)
		return false;  /* a hypervisor guest runs in VS-mode, which has no H */
	if (ext == KVM_RISCV_ISA_EXT_ZVBB && !dt_has_ext(cfg, KVM_RISCV_ISA_EXT_V))
		return false;
	return !((cfg->isa_off[ext / 64] >> (ext % 64)) & 1);
}

/* A sequential writer that keeps the first libfdt error, so the tree
 * reads as a list of nodes and properties without a check per line. */
struct dtw {
	void *fdt;
	int err;   /* first libfdt error (negative FDT_ERR_*) */
};

static void dtw_check(struct dtw *w, int r)
{
	if (r < 0 && !w->err)
		w->err = r;
}

static void dtw_begin(struct dtw *w, const char *name)
{
	if (!w->err)
		dtw_check(w, fdt_begin_node(w->fdt, name));
}

static void dtw_end(struct dtw *w)
{
	if (!w->err)
		dtw_check(w, fdt_end_node(w->fdt));
}

static void dtw_prop(struct dtw *w, const char *name, const void *val, size_t len)
{
	if (!w->err)
		dtw_check(w, fdt_property(w->fdt, name, val, (int)len));
}

static void dtw_empty(struct dtw *w, const char *name)
{
	dtw_prop(w, name, NULL, 0);
}

static void dtw_str(struct dtw *w, const char *name, const char *s)
{
	dtw_prop(w, name, s, strlen(s) + 1);
}

static void dtw_u32(struct dtw *w, const char *name, uint32_t v)
{
	fdt32_t be = cpu_to_fdt32(v);
	dtw_prop(w, name, &be, sizeof(be));
}

static void dtw_u64(struct dtw *w, const char *name, uint64_t v)
{
	fdt64_t be = cpu_to_fdt64(v);
	dtw_prop(w, name, &be, sizeof(be));
}

/* A property of n 32-bit cells. */
static void dtw_cells(struct dtw *w, const char *name, const uint32_t *cells, size_t n)
{
	fdt32_t be[8];
	if (n > sizeof(be) / sizeof(be[0])) {
		dtw_check(w, -FDT_ERR_INTERNAL);
		return;
	}
	for (size_t i = 0; i < n; i++)
		be[i] = cpu_to_fdt32(cells[i]);
	dtw_prop(w, name, be, n * sizeof(be[0]));
}

/* A stringlist property: the strings back to back, each NUL-terminated. */
static void dtw_strlist(struct dtw *w, const char *name, const char *const *s, size_t n)
{
	char buf[512];
	size_t len = 0;
	for (size_t i = 0; i < n; i++) {
		size_t l = strlen(s[i]) + 1;
		if (l > sizeof(buf) - len) {
			dtw_check(w, -FDT_ERR_INTERNAL);
			return;
		}
		memcpy(buf + len, s[i], l);
		len += l;
	}
	dtw_prop(w, name, buf, len);
}

/* reg = <address size> with #address-cells = #size-cells = 2. */
static void dtw_reg(struct dtw *w, uint64_t addr, uint64_t size)
{
	uint32_t c[4] = { (uint32_t)(addr >> 32), (uint32_t)addr, (uint32_t)(size >> 32), (uint32_t)size };
	dtw_cells(w, "reg", c, 4);
}

/* interrupts-extended = <&intcN irq_a &intcN irq_b> for every hart. */
static void dtw_irqs_per_hart(struct dtw *w, unsigned nr_harts, uint32_t irq_a, uint32_t irq_b)
{
	fdt32_t be[DT_MAX_HARTS * 4];
	size_t n = 0;
	for (unsigned i = 0; i < nr_harts; i++) {
		be[n++] = cpu_to_fdt32(PH_INTC(i));
		be[n++] = cpu_to_fdt32(irq_a);
		be[n++] = cpu_to_fdt32(PH_INTC(i));
		be[n++] = cpu_to_fdt32(irq_b);
	}
	dtw_prop(w, "interrupts-extended", be, n * sizeof(be[0]));
}

static void dt_cpus(struct dtw *w, const struct dt_config *cfg)
{
	char name[32], isa[512];
	const char *exts[DT_NR_EXTS];
	size_t nexts = 0, len = (size_t)snprintf(isa, sizeof(isa), "rv64");
	for (size_t i = 0; i < DT_NR_EXTS; i++) {
		const char *e = dt_isa_extensions[i].name;
		if (!dt_has_ext(cfg, dt_isa_extensions[i].ext) ||
		    (!strncmp(e, "zvl", 3) && strtoul(e + 3, NULL, 10) > cfg->vlen))
			continue;
		exts[nexts++] = e;
		/* riscv,isa: letters joined, the rest each after an underscore. */
		if (len < sizeof(isa))
			len += (size_t)snprintf(isa + len, sizeof(isa) - len, "%s%s", e[1] ? "_" : "", e);
	}
	dtw_begin(w, "cpus");
	dtw_u32(w, "#address-cells", 1);
	dtw_u32(w, "#size-cells", 0);
	dtw_u32(w, "timebase-frequency", DT_TIMEBASE_FREQ);
	for (unsigned i = 0; i < cfg->nr_harts; i++) {
		snprintf(name, sizeof(name), "cpu@%x", i);
		dtw_begin(w, name);
		dtw_str(w, "device_type", "cpu");
		dtw_u32(w, "reg", i);
		dtw_str(w, "status", "okay");
		dtw_str(w, "compatible", "riscv");
		dtw_str(w, "riscv,isa", isa);
		dtw_str(w, "riscv,isa-base", "rv64i");
		dtw_strlist(w, "riscv,isa-extensions", exts, nexts);
		dtw_u32(w, "riscv,cbom-block-size", DT_CBO_BLOCK_SIZE);
		dtw_u32(w, "riscv,cbop-block-size", DT_CBO_BLOCK_SIZE);
		dtw_u32(w, "riscv,cboz-block-size", DT_CBO_BLOCK_SIZE);
		dtw_str(w, "mmu-type", DT_MMU_TYPE);
		dtw_u32(w, "phandle", PH_CPU(i));

		dtw_begin(w, "interrupt-controller");
		dtw_u32(w, "#address-cells", 0);
		dtw_u32(w, "#interrupt-cells", 1);
		dtw_empty(w, "interrupt-controller");
		dtw_str(w, "compatible", "riscv,cpu-intc");
		dtw_u32(w, "phandle", PH_INTC(i));
		dtw_end(w);

		dtw_end(w);
	}
	/* One cluster, one core per hart (Linux's cpu topology binding). */
	dtw_begin(w, "cpu-map");
	dtw_begin(w, "cluster0");
	for (unsigned i = 0; i < cfg->nr_harts; i++) {
		snprintf(name, sizeof(name), "core%u", i);
		dtw_begin(w, name);
		dtw_u32(w, "cpu", PH_CPU(i));
		dtw_end(w);
	}
	dtw_end(w);
	dtw_end(w);
	dtw_end(w);
}

static void dt_chosen(struct dtw *w, const struct dt_config *cfg)
{
	char path[64];
	dtw_begin(w, "chosen");
	if (cfg->bootargs)
		dtw_str(w, "bootargs", cfg->bootargs);
	snprintf(path, sizeof(path), "/soc/serial@%llx", (unsigned long long)MACHINE_UART_BASE);
	dtw_str(w, "stdout-path", path);
	if (cfg->has_initrd) {
		dtw_u64(w, "linux,initrd-start", cfg->initrd_start);
		dtw_u64(w, "linux,initrd-end", cfg->initrd_end);
	}
	if (cfg->rng_seed && cfg->rng_seed_len)
		dtw_prop(w, "rng-seed", cfg->rng_seed, cfg->rng_seed_len);
	dtw_end(w);

	dtw_begin(w, "aliases");
	dtw_str(w, "serial0", path);
	dtw_end(w);
}

/* syscon-poweroff / syscon-reboot on the test device's register. */
static void dt_syscon_node(struct dtw *w, const char *name, const char *compat, uint32_t value)
{
	dtw_begin(w, name);
	dtw_str(w, "compatible", compat);
	dtw_u32(w, "regmap", PH_TEST);
	dtw_u32(w, "offset", 0);
	dtw_u32(w, "value", value);
	dtw_end(w);
}

/* A device on the PLIC: reg, interrupts, interrupt-parent. */
static void dt_plic_device(struct dtw *w, uint64_t base, uint64_t size, uint32_t irq)
{
	dtw_reg(w, base, size);
	dtw_u32(w, "interrupts", irq);
	dtw_u32(w, "interrupt-parent", PH_PLIC);
}

/* The ACLINT (M-mode timer and IPIs, and the S-mode SSWI) of a full machine. */
static void dt_aclint(struct dtw *w, const struct dt_config *cfg)
{
	char name[48];
	snprintf(name, sizeof(name), "clint@%llx", (unsigned long long)MACHINE_ACLINT_BASE);
	dtw_begin(w, name);
	static const char *const clint_compat[] = { "sifive,clint0", "riscv,clint0" };
	dtw_strlist(w, "compatible", clint_compat, 2);
	dtw_reg(w, MACHINE_ACLINT_BASE, MACHINE_ACLINT_SIZE);
	dtw_irqs_per_hart(w, cfg->nr_harts, IRQ_M_SOFT, IRQ_M_TIMER);
	dtw_end(w);

	/* ACLINT SSWI: supervisor software interrupts (setssip per hart). */
	snprintf(name, sizeof(name), "sswi@%llx", (unsigned long long)MACHINE_ACLINT_SSWI_BASE);
	dtw_begin(w, name);
	dtw_str(w, "compatible", "riscv,aclint-sswi");
	dtw_reg(w, MACHINE_ACLINT_SSWI_BASE, MACHINE_ACLINT_SSWI_SIZE);
	dtw_u32(w, "#address-cells", 0);
	dtw_u32(w, "#interrupt-cells", 0);
	dtw_empty(w, "interrupt-controller");
	{
		fdt32_t be[DT_MAX_HARTS * 2];
		size_t n = 0;
		for (unsigned i = 0; i < cfg->nr_harts; i++) {
			be[n++] = cpu_to_fdt32(PH_INTC(i));
			be[n++] = cpu_to_fdt32(IRQ_S_SOFT);
		}
		dtw_prop(w, "interrupts-extended", be, n * sizeof(be[0]));
	}
	dtw_end(w);
}

/* The SBI PMU's map for the firmware (OpenSBI's "riscv,pmu" binding): SBI
 * hardware events 1 (cycles) and 2 (instructions) on counters 3..31,
 * written to mhpmevent as rvkvm's events 1 and 2 (hw/riscv/pmu.c); raw
 * events with those selectors on the same counters. */
static void dt_pmu(struct dtw *w)
{
	static const uint32_t ev_ctrs[] = { 1, 1, 0xfffffff8, 2, 2, 0xfffffff8 };
	static const uint32_t ev_sel[] = { 1, 0, 1, 2, 0, 2 };
	static const uint32_t raw_ctrs[] = { 0, 1, 0xffffffff, 0xffffffff, 0xfffffff8,
					     0, 2, 0xffffffff, 0xffffffff, 0xfffffff8 };
	fdt32_t be[10];
	dtw_begin(w, "pmu");
	dtw_str(w, "compatible", "riscv,pmu");
	dtw_cells(w, "riscv,event-to-mhpmcounters", ev_ctrs, 6);
	dtw_cells(w, "riscv,event-to-mhpmevent", ev_sel, 6);
	for (size_t i = 0; i < 10; i++)
		be[i] = cpu_to_fdt32(raw_ctrs[i]);
	dtw_prop(w, "riscv,raw-event-to-mhpmcounters", be, sizeof(be));
	dtw_end(w);
}

static void dt_soc(struct dtw *w, const struct dt_config *cfg)
{
	char name[48];
	dtw_begin(w, "soc");
	dtw_u32(w, "#address-cells", 2);
	dtw_u32(w, "#size-cells", 2);
	dtw_str(w, "compatible", "simple-bus");
	dtw_empty(w, "ranges");

	if (!cfg->hyp_guest)
		dt_aclint(w, cfg);

	snprintf(name, sizeof(name), "plic@%llx", (unsigned long long)MACHINE_PLIC_BASE);
	dtw_begin(w, name);
	static const char *const plic_compat[] = { "sifive,plic-1.0.0", "riscv,plic0" };
	dtw_strlist(w, "compatible", plic_compat, 2);
	dtw_reg(w, MACHINE_PLIC_BASE, MACHINE_PLIC_SIZE);
	dtw_u32(w, "#address-cells", 0);
	dtw_u32(w, "#interrupt-cells", 1);
	dtw_empty(w, "interrupt-controller");
	dtw_u32(w, "riscv,ndev", MACHINE_PLIC_NDEV);
	dtw_irqs_per_hart(w, cfg->nr_harts, IRQ_M_EXT, IRQ_S_EXT);
	dtw_u32(w, "phandle", PH_PLIC);
	dtw_end(w);

	snprintf(name, sizeof(name), "serial@%llx", (unsigned long long)MACHINE_UART_BASE);
	dtw_begin(w, name);
	dtw_str(w, "compatible", "ns16550a");
	dt_plic_device(w, MACHINE_UART_BASE, MACHINE_UART_SIZE, MACHINE_UART_IRQ);
	dtw_u32(w, "clock-frequency", MACHINE_UART_CLOCK);
	dtw_end(w);

	snprintf(name, sizeof(name), "test@%llx", (unsigned long long)MACHINE_TEST_BASE);
	dtw_begin(w, name);
	static const char *const test_compat[] = { "sifive,test1", "sifive,test0", "syscon" };
	dtw_strlist(w, "compatible", test_compat, 3);
	dtw_reg(w, MACHINE_TEST_BASE, MACHINE_TEST_SIZE);
	dtw_u32(w, "phandle", PH_TEST);
	dtw_end(w);

	snprintf(name, sizeof(name), "rtc@%llx", (unsigned long long)MACHINE_RTC_BASE);
	dtw_begin(w, name);
	dtw_str(w, "compatible", "google,goldfish-rtc");
	dt_plic_device(w, MACHINE_RTC_BASE, MACHINE_RTC_SIZE, MACHINE_RTC_IRQ);
	dtw_end(w);

	/* All slots, populated or not, in address order: Linux probes them
	 * in tree order, so the device in the lowest slot is virtio0. */
	for (unsigned i = 0; i < MACHINE_VIRTIO_SLOTS; i++) {
		uint64_t base = MACHINE_VIRTIO_BASE + i * MACHINE_VIRTIO_SIZE;
		snprintf(name, sizeof(name), "virtio_mmio@%llx", (unsigned long long)base);
		dtw_begin(w, name);
		dtw_str(w, "compatible", "virtio,mmio");
		dt_plic_device(w, base, MACHINE_VIRTIO_SIZE, MACHINE_VIRTIO_IRQ(i));
		dtw_end(w);
	}
	dtw_end(w);
}

static int dt_write(const struct dt_config *cfg, void *buf, size_t bufsize)
{
	struct dtw w = { .fdt = buf };
	char name[48];
	dtw_check(&w, fdt_create(buf, (int)bufsize));
	if (!w.err)
		dtw_check(&w, fdt_finish_reservemap(buf));
	dtw_begin(&w, "");
	dtw_u32(&w, "#address-cells", 2);
	dtw_u32(&w, "#size-cells", 2);
	dtw_str(&w, "compatible", "riscv-virtio");
	dtw_str(&w, "model", "riscv-virtio,rvkvm");

	dt_cpus(&w, cfg);

	snprintf(name, sizeof(name), "memory@%llx", (unsigned long long)cfg->ram_base);
	dtw_begin(&w, name);
	dtw_str(&w, "device_type", "memory");
	dtw_reg(&w, cfg->ram_base, cfg->ram_size);
	dtw_end(&w);

	dt_chosen(&w, cfg);
	dt_syscon_node(&w, "poweroff", "syscon-poweroff", 0x5555);
	dt_syscon_node(&w, "reboot", "syscon-reboot", 0x7777);
	if (!cfg->hyp_guest)
		dt_pmu(&w);  /* not under /soc: no registers (dtc's simple-bus rule) */
	dt_soc(&w, cfg);
	dtw_end(&w);
	if (!w.err)
		dtw_check(&w, fdt_finish(buf));
	return w.err;
}

int dt_build(const struct dt_config *cfg, void **blob, size_t *size, const char **why)
{
	static const char *dummy;
	if (!why)
		why = &dummy;
	*blob = NULL;
	*size = 0;
	if (cfg->nr_harts < 1 || cfg->nr_harts > DT_MAX_HARTS)
		return *why = "unsupported number of harts", -EINVAL;
	if (cfg->bootargs && strlen(cfg->bootargs) >= DT_MAX_BOOTARGS)
		return *why = "kernel command line too long", -E2BIG;
	if (cfg->rng_seed && cfg->rng_seed_len > DT_RNG_SEED_MAX)
		return *why = "rng seed too long", -EINVAL;
	if (cfg->has_initrd && cfg->initrd_end < cfg->initrd_start)
		return *why = "initrd ends before it starts", -EINVAL;

	/* An upper bound: about 1 KiB per hart, the command line, and a few
	 * KiB for the rest. */
	size_t scratch_size = 16384 + cfg->nr_harts * 1024 + DT_MAX_BOOTARGS;
	void *scratch = malloc(scratch_size);
	if (!scratch)
		return *why = "out of memory", -ENOMEM;
	int r = dt_write(cfg, scratch, scratch_size);
	if (r < 0) {
		free(scratch);
		*why = fdt_strerror(r);
		return -EINVAL;
	}
	/* fdt_finish leaves totalsize = the bytes used; reopen with slack. */
	size_t total = ((size_t)fdt_totalsize(scratch) + DT_SLACK + 7) & ~(size_t)7;
	void *out = calloc(1, total);
	if (!out) {
		free(scratch);
		return *why = "out of memory", -ENOMEM;
	}
	r = fdt_open_into(scratch, out, (int)total);
	free(scratch);
	if (r < 0) {
		free(out);
		*why = fdt_strerror(r);
		return -EINVAL;
	}
	*blob = out;
	*size = total;
	return 0;
}
