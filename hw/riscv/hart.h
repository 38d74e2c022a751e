/* SPDX-License-Identifier: MIT */
/* A RISC-V hart (RV64GC + Zba/Zbb/Zbs/Zicond, privileged spec 1.12 M/S/U
 * and the hypervisor extension: HS, VS, VU)
 * as a C object.  It executes against a struct bus and knows nothing of
 * devices, hypervisors or the VMM above it. */
#ifndef HW_RISCV_HART_H
#define HW_RISCV_HART_H

#include <stdbool.h>
#include <stdint.h>

#include "hw/bus.h"

struct hart;

/* The platform clock: time/mtime at 10 MHz from CLOCK_MONOTONIC. */
#define HART_TIMEBASE_HZ 10000000ULL
struct rv_clock {
	int64_t base_ns;
};
void rv_clock_init(struct rv_clock *clk);
uint64_t rv_clock_now(const struct rv_clock *clk);
/* Host CLOCK_MONOTONIC nanoseconds at which the clock reaches ticks. */
int64_t rv_clock_deadline_ns(const struct rv_clock *clk, uint64_t ticks);
/* Make the clock read ticks now and count on from there (a restore: the
 * guest's time goes on from where it was saved).  Any thread; harts see
 * it at their next read.  False, unchanged, beyond RV_CLOCK_MAX_TICKS
 * (146 years: the host's nanoseconds must not overflow). */
#define RV_CLOCK_MAX_TICKS (((uint64_t)INT64_MAX / 2) / (1000000000 / HART_TIMEBASE_HZ))
bool rv_clock_set(struct rv_clock *clk, uint64_t ticks);

struct hart_config {
	unsigned hartid;
	struct bus *bus;
	const struct rv_clock *clock;
	uint64_t reset_pc;
	unsigned geilen;   /* guest external interrupt lines (H extension), 0..63 */
	unsigned vlen;     /* V: VLEN in bits (a power of two, 128..1024), 0: no V */
	/* The HS level is host software (a hypervisor core in C): a trap that
	 * would enter HS or M stops the hart with HART_EV_VMEXIT instead, the
	 * hart still in its V=1 mode at the trapping instruction. */
	bool host_hs;
	/* Dirty ring: called on the hart's thread for each page its writes
	 * newly dirty (a page of a dirty-logged region whose bit was clear);
	 * returning true asks the hart to leave hart_run soon (HART_EV_KICK
	 * within one block: its ring is nearly full). */
	bool (*dirty_page)(void *opaque, const struct bus_ram *ram, uint64_t pa);
	void *dirty_opaque;
};

/* Optional extensions that can be switched off (before the hart runs):
 * without one, its instructions are illegal and its state is absent. */
/* Zicbom/Zicboz/Zicbop: the cache-block size their operations work on. */
#define HART_CBO_BLOCK 64

enum rv_ext {
	RV_EXT_ZBA, RV_EXT_ZBB, RV_EXT_ZBC, RV_EXT_ZBS, RV_EXT_ZBKB, RV_EXT_ZBKX, RV_EXT_ZICOND,
	RV_EXT_ZCB, RV_EXT_ZIMOP, RV_EXT_ZCMOP, RV_EXT_ZAWRS, RV_EXT_ZICBOM, RV_EXT_ZICBOZ,
	RV_EXT_SVINVAL, RV_EXT_V, RV_EXT_ZFHMIN, RV_EXT_ZFH, RV_EXT_ZFA, RV_EXT_ZVBB, RV_EXT_COUNT
};

/* Why hart_run() returned. */
enum hart_event {
	HART_EV_BUDGET,   /* instruction budget used up */
	HART_EV_MMIO,     /* an access to a caller-handled MMIO region: see hart_mmio() */
	HART_EV_WFI,      /* WFI with no interrupt pending: sleep until hart_wake_deadline() or a kick */
	HART_EV_KICK,     /* hart_kick() was called */
	HART_EV_ERROR,    /* host-side failure; the hart is stopped */
	HART_EV_VMEXIT,   /* host_hs: a trap to HS/M, described by hart_vmexit() */
};

/* A trap that would have entered HS (host_hs harts): what the hardware
 * would have written to scause, stval, htval and htinst, and hstatus.GVA.
 * The PC is that of the trapping instruction (sepc). */
struct hart_vmexit {
	uint64_t cause, tval, htval, htinst;
	bool gva;
};

/* The access that caused HART_EV_MMIO.  The hart's PC stays at the
 * instruction; complete it with hart_mmio_complete() and run again. */
struct hart_mmio {
	uint64_t addr;
	uint64_t data;   /* store data, or the load result on completion */
	unsigned size;
	bool is_write;
};

struct hart *hart_create(const struct hart_config *cfg);
void hart_destroy(struct hart *h);
void hart_reset(struct hart *h, uint64_t pc);

/* Run until an event or until about budget instructions have retired. */
enum hart_event hart_run(struct hart *h, uint64_t budget);

const struct hart_mmio *hart_mmio(const struct hart *h);
void hart_mmio_complete(struct hart *h, uint64_t load_data);
const struct hart_vmexit *hart_vmexit(const struct hart *h);
/* Owner thread: take an exception into VS-mode as though hedeleg
 * delegated it (a hypervisor redirecting a trap to its guest). */
void hart_inject_vs_exception(struct hart *h, uint64_t cause, uint64_t tval);
/* Owner thread: put the hart in privilege priv (U or S) with V = virt. */
void hart_set_mode(struct hart *h, unsigned priv, bool virt);
bool hart_get_virt(const struct hart *h);
/* Owner thread: drop the guest (V=1) translations (HFENCE.VVMA for all
 * address spaces), or make later fetches see all stores (FENCE.I). */
void hart_flush_guest_tlb(struct hart *h);
/* Owner thread: drop the guest translations of the page holding va (and
 * of a guest superpage containing it). */
void hart_flush_guest_va(struct hart *h, uint64_t va);
/* Owner thread: an 8-byte load from a VS-mode virtual address, as HLV.D
 * at VS privilege does (both stages, no trap taken).  False if it would
 * fault or is not RAM. */
bool hart_load_guest_virt(struct hart *h, uint64_t va, uint64_t *val);
void hart_flush_icache(struct hart *h);
/* Owner thread: forget every cached write translation (the pages of a
 * dirty-logged region were write-protected again). */
void hart_drop_write_tags(struct hart *h);

/* Thread-safe: make hart_run() return HART_EV_KICK at its next block boundary. */
void hart_kick(struct hart *h);
/* Thread-safe: drive an interrupt line (mip bit number: MSIP=3, MTIP=7,
 * MEIP=11, SEIP=9, SSIP=1, STIP=5) from a platform device. */
void hart_set_irq(struct hart *h, unsigned irq, bool level);
/* Thread-safe: set the software-writable mip.SSIP bit (an ACLINT SSWI
 * setssip write); the hart applies it at its next block boundary. */
void hart_raise_ssip(struct hart *h);
/* Thread-safe: set hvip.VSSIP (a hypervisor's virtual IPI), applied at
 * the next block boundary. */
void hart_raise_vssip(struct hart *h);
/* Thread-safe: drive guest external interrupt line n (1..GEILEN), the
 * source of hgeip (H extension; an IMSIC guest file raises these). */
void hart_set_hgei(struct hart *h, unsigned n, bool level);
/* The ACLINT MTIMER compare register of this hart. */
void hart_set_mtimecmp(struct hart *h, uint64_t val);
uint64_t hart_get_mtimecmp(const struct hart *h);
/* True when an interrupt is pending and enabled in mie (WFI would wake). */
bool hart_wfi_should_wake(struct hart *h);
/* Tick count (rv_clock) of the earliest armed timer; UINT64_MAX if none. */
uint64_t hart_wake_deadline(const struct hart *h);

uint64_t hart_get_pc(const struct hart *h);
void hart_set_pc(struct hart *h, uint64_t pc);
uint64_t hart_get_gpr(const struct hart *h, unsigned i);
void hart_set_gpr(struct hart *h, unsigned i, uint64_t v);
uint64_t hart_get_fpr(const struct hart *h, unsigned i);
void hart_set_fpr(struct hart *h, unsigned i, uint64_t v);
/* fcsr as the debugger sets it: fflags and frm, without marking FS dirty
 * (an instruction writing it would). */
void hart_set_fcsr(struct hart *h, uint32_t v);
unsigned hart_get_priv(const struct hart *h);
void hart_set_priv(struct hart *h, unsigned priv);
/* Debug access to any implemented CSR, bypassing privilege checks.
 * Returns false for an unimplemented CSR number. */
bool hart_csr_get(struct hart *h, unsigned csr, uint64_t *val);
bool hart_csr_set(struct hart *h, unsigned csr, uint64_t val);

/* Save and restore (hart_state.c): the registers that hold the hart's
 * state, numbered by CSR (hart_state_reg(i) for i < hart_state_nregs(),
 * in the order a restore sets them).  A get gives the value as a CSR read
 * shows it, except mip: only the bits software sets (SSIP, SEIP, LCOFIP,
 * STIP without Sstc), as timers and platform lines drive the rest.  A set
 * stores it without a CSR write's side effects or dependencies; returns
 * 0, -ENOENT for a CSR not in the set, -EINVAL for a value the register
 * cannot hold (unchanged).  Owner thread, or the hart stopped. */
unsigned hart_state_nregs(void);
unsigned hart_state_reg(unsigned i);
int hart_state_get(struct hart *h, unsigned csr, uint64_t *val);
int hart_state_set(struct hart *h, unsigned csr, uint64_t val);
/* V (hart_get_virt): false, unchanged, for V=1 in M-mode. */
bool hart_state_set_virt(struct hart *h, bool virt);
/* The vector unit: VLEN/8 (0: no V); its CSRs by KVM's vector index
 * (vstart, vl, vtype, vcsr, vlenb: 0..4), set as saved with the same
 * checks (-ENOENT, -EINVAL); register n's vlenb bytes. */
unsigned hart_vlenb(const struct hart *h);
/* Switch an optional extension on or off (V only on with a VLEN
 * configured); drops decoded code.  Owner thread, before it runs. */
bool hart_ext_enabled(const struct hart *h, enum rv_ext ext);
bool hart_vlen_configured(const struct hart *h);
/* VLEN (bits, a power of two 128..1024) of a hart that has V: the vector
 * state starts over.  Owner thread, before it runs. */
bool hart_set_vlen(struct hart *h, unsigned vlen);
bool hart_set_ext(struct hart *h, enum rv_ext ext, bool on);
int hart_vec_csr_get(const struct hart *h, unsigned idx, uint64_t *val);
int hart_vec_csr_set(struct hart *h, unsigned idx, uint64_t val);
void hart_vreg_get(const struct hart *h, unsigned n, void *buf);
void hart_vreg_set(struct hart *h, unsigned n, const void *buf);

/* Debug tracing to stderr: HART_TRACE_TRAPS logs every trap taken (cause,
 * epc, tval, privilege change). */
#define HART_TRACE_TRAPS 1u
void hart_set_trace(struct hart *h, unsigned flags);

/* Drop all cached translations and decoded code (memory map changed). */
void hart_flush_tlb(struct hart *h);

#endif
