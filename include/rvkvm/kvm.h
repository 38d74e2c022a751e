/* SPDX-License-Identifier: MIT */
/*
 * rvkvm's hypervisor-core API, shaped after Linux's KVM ioctl API
 * (Documentation/virt/kvm/api.rst): a system handle creates VMs, a VM holds
 * memory slots and vCPUs, and KVM_RUN returns to the VMM with an exit reason
 * in the vCPU's struct kvm_run.  Handles are pointers rather than file
 * descriptors; the ioctl numbers and structures keep KVM's names.
 *
 * Calls return 0 (or a non-negative value) on success and -errno on failure.
 */
#ifndef RVKVM_KVM_H
#define RVKVM_KVM_H

#include <stdbool.h>
#include <stdint.h>

struct kvm;       /* the system handle, as an open /dev/kvm */
struct kvm_vm;    /* a VM, as the fd KVM_CREATE_VM returns */
struct kvm_vcpu;  /* a vCPU, as the fd KVM_CREATE_VCPU returns */

#define KVM_API_VERSION 12

/* VM types for KVM_CREATE_VM. */
#define KVM_VM_TYPE_FULL_MACHINE  0  /* harts reset into M-mode at the firmware entry */
#define KVM_VM_TYPE_HYP_GUEST     1  /* harts run in VS/VU-mode, SBI served by the core */

/* ioctl numbers (values are rvkvm's own; names and semantics are KVM's). */
enum {
	KVM_GET_API_VERSION = 1,
	KVM_CHECK_EXTENSION,
	KVM_GET_VCPU_MMAP_SIZE,
	/* VM */
	KVM_SET_USER_MEMORY_REGION = 0x100,
	KVM_IRQ_LINE,
	KVM_CREATE_IRQCHIP,         /* no argument: a PLIC at 0x0c00_0000, before any vCPU */
	KVM_RVKVM_ADD_MMIO_REGION,  /* rvkvm: declare a VMM-handled MMIO range */
	KVM_RVKVM_SET_RESET_PC,     /* rvkvm: where harts of a full machine start */
	KVM_ENABLE_CAP,             /* struct kvm_enable_cap */
	KVM_IOEVENTFD,              /* struct kvm_ioeventfd */
	KVM_IRQFD,                  /* struct kvm_irqfd */
	KVM_GET_DIRTY_LOG,          /* struct kvm_dirty_log */
	KVM_CLEAR_DIRTY_LOG,        /* struct kvm_clear_dirty_log */
	KVM_RVKVM_MARK_DIRTY,       /* rvkvm: struct kvm_rvkvm_dirty_range */
	KVM_RESET_DIRTY_RINGS,      /* no argument: returns the entries reset */
	KVM_GET_IRQCHIP,            /* struct kvm_irqchip */
	KVM_SET_IRQCHIP,            /* struct kvm_irqchip */
	KVM_RVKVM_SET_VCPU_PLUGGED, /* rvkvm: struct kvm_rvkvm_vcpu_plug */
	/* vCPU */
	KVM_RUN = 0x200,
	KVM_GET_ONE_REG,
	KVM_SET_ONE_REG,
	KVM_GET_MP_STATE,
	KVM_SET_MP_STATE,
	KVM_SET_GUEST_DEBUG,
	KVM_GET_REG_LIST,
	KVM_INTERRUPT,              /* struct kvm_interrupt */
};

/* KVM_INTERRUPT (hypervisor guests without the in-core irqchip): raise
 * (KVM_INTERRUPT_SET) or lower (KVM_INTERRUPT_UNSET) the vCPU's external
 * interrupt, the guest's SEIP (VSEIP), as KVM does on RISC-V. */
#define KVM_INTERRUPT_SET   (-1U)
#define KVM_INTERRUPT_UNSET (-2U)
struct kvm_interrupt {
	uint32_t irq;
};

/* Capabilities for KVM_CHECK_EXTENSION. */
enum {
	KVM_CAP_USER_MEMORY = 3,
	KVM_CAP_NR_VCPUS = 9,
	KVM_CAP_MAX_VCPUS = 66,
	KVM_CAP_READONLY_MEM = 81,
	KVM_CAP_ONE_REG = 70,
	KVM_CAP_HALT_POLL = 182,    /* KVM_ENABLE_CAP: args[0] = max halt-poll ns, 0 = off */
	KVM_CAP_IRQFD = 32,
	KVM_CAP_MANUAL_DIRTY_LOG_PROTECT2 = 168,  /* KVM_ENABLE_CAP: args[0] = KVM_DIRTY_LOG_* */
	KVM_CAP_DIRTY_LOG_RING = 192,  /* KVM_ENABLE_CAP before vCPUs: args[0] = ring bytes */
	KVM_CAP_IOEVENTFD = 36,
	KVM_CAP_IOEVENTFD_ANY_LENGTH = 122,
};

/* KVM_IOEVENTFD: a guest write of len bytes (0: any length) to addr,
 * inside an MMIO region, with the value datamatch if FLAG_DATAMATCH,
 * signals the eventfd fd instead of exiting.  DEASSIGN removes it. */
#define KVM_IOEVENTFD_FLAG_DATAMATCH (1u << 0)
#define KVM_IOEVENTFD_FLAG_PIO       (1u << 1)  /* refused: no port I/O */
#define KVM_IOEVENTFD_FLAG_DEASSIGN  (1u << 2)
struct kvm_ioeventfd {
	uint64_t datamatch;
	uint64_t addr;
	uint32_t len;
	int32_t fd;
	uint32_t flags;
	uint8_t pad[36];
};

/* KVM_GET_DIRTY_LOG: the slot's dirty pages since the last call (bit n =
 * page n of the slot, in 64-bit words; the buffer must hold npages bits
 * rounded up to 64).  Without manual protection the bits are cleared and
 * the pages write-protected again before it returns; with
 * KVM_DIRTY_LOG_MANUAL_PROTECT_ENABLE they stay set until
 * KVM_CLEAR_DIRTY_LOG clears the pages it names (first_page a multiple of
 * 64, num_pages a multiple of 64 or reaching the slot's end). */
#define KVM_DIRTY_LOG_MANUAL_PROTECT_ENABLE (1u << 0)
#define KVM_DIRTY_LOG_INITIALLY_SET         (1u << 1)
struct kvm_dirty_log {
	uint32_t slot;
	uint32_t padding1;
	uint64_t dirty_bitmap;   /* host address of the bitmap */
};
struct kvm_clear_dirty_log {
	uint32_t slot;
	uint32_t num_pages;
	uint64_t first_page;
	uint64_t dirty_bitmap;   /* host address: bit i clears page first_page + i */
};

/* The dirty ring of a vCPU (KVM_CAP_DIRTY_LOG_RING; kvm_vcpu_dirty_ring()
 * stands for the mmap at KVM_DIRTY_LOG_PAGE_OFFSET): entries in order,
 * flags DIRTY when the entry is valid; the VMM collects it, stores flags
 * RESET, and KVM_RESET_DIRTY_RINGS recycles collected entries in order. */
#define KVM_DIRTY_GFN_F_DIRTY (1u << 0)
#define KVM_DIRTY_GFN_F_RESET (1u << 1)
struct kvm_dirty_gfn {
	uint32_t flags;
	uint32_t slot;
	uint64_t offset;   /* page index within the slot */
};

/* KVM_RVKVM_MARK_DIRTY: the VMM wrote guest RAM itself (device DMA):
 * the dirty-logged pages of [gpa, gpa + len) are marked dirty. */
struct kvm_rvkvm_dirty_range {
	uint64_t gpa;
	uint64_t len;
};

/* KVM_IRQFD: each write to the eventfd fd pulses PLIC source gsi (needs
 * KVM_CREATE_IRQCHIP).  DEASSIGN removes it.  RESAMPLE: the write raises
 * the line and leaves it up; the guest completing the interrupt lowers it
 * and signals the eventfd resamplefd (level-triggered devices, as KVM). */
#define KVM_IRQFD_FLAG_DEASSIGN (1u << 0)
#define KVM_IRQFD_FLAG_RESAMPLE (1u << 1)
struct kvm_irqfd {
	uint32_t fd;
	uint32_t gsi;
	uint32_t flags;
	uint32_t resamplefd;
	uint8_t pad[16];
};

/* KVM_GET_IRQCHIP / KVM_SET_IRQCHIP: the in-core PLIC's and ACLINT's
 * state, to save and restore a VM (KVM's names; the chips are rvkvm's).
 * The PLIC: chip_id KVM_IRQCHIP_PLIC, plic.version
 * KVM_RVKVM_PLIC_STATE_VERSION.  What is saved: priorities, pending and
 * in-service bits, and per context (2n: hart n's M-mode, 2n+1: its
 * S-mode) the enables and the threshold.  The sources' lines are not:
 * devices drive them again after a restore.
 * SET refuses (-EINVAL) a wrong version or size, a priority or threshold
 * above 7; a line change it causes wakes the vCPU concerned. */
#define KVM_IRQCHIP_PLIC              0
#define KVM_RVKVM_PLIC_STATE_VERSION  1
#define KVM_RVKVM_PLIC_SOURCES        96
#define KVM_RVKVM_PLIC_CONTEXTS       128   /* 2 * KVM_MAX_VCPUS */
struct kvm_rvkvm_plic_state {
	uint32_t version;
	uint32_t nsources, ncontexts;
	uint32_t pad;
	uint32_t priority[KVM_RVKVM_PLIC_SOURCES];
	uint32_t pending[KVM_RVKVM_PLIC_SOURCES / 32];
	uint32_t in_service[KVM_RVKVM_PLIC_SOURCES / 32];
	struct {
		uint32_t enable[KVM_RVKVM_PLIC_SOURCES / 32];
		uint32_t threshold;
	} ctx[KVM_RVKVM_PLIC_CONTEXTS];
};
/* The ACLINT: chip_id KVM_IRQCHIP_ACLINT (full machines; -ENXIO on a
 * hypervisor guest, which has none), aclint.version
 * KVM_RVKVM_ACLINT_STATE_VERSION, nharts KVM_RVKVM_ACLINT_HARTS.  mtime
 * is the VM's clock: GET reads it, SET makes it read that value from now
 * on (the guest's time CSR and timer deadlines go on from where they
 * were saved).  Per hart: msip (0 or 1; SET drives the hart's MSIP
 * line) and mtimecmp; a hart that does not exist reads 0 and must be
 * given 0.  SET refuses (-EINVAL) the whole state for a wrong version or
 * count, an msip above 1 or an mtime beyond 2^62 ns; it wakes the vCPUs. */
#define KVM_IRQCHIP_ACLINT             1
#define KVM_RVKVM_ACLINT_STATE_VERSION 1
#define KVM_RVKVM_ACLINT_HARTS         64    /* KVM_MAX_VCPUS */
struct kvm_rvkvm_aclint_state {
	uint32_t version;
	uint32_t nharts;
	uint64_t mtime;
	uint64_t mtimecmp[KVM_RVKVM_ACLINT_HARTS];
	uint32_t msip[KVM_RVKVM_ACLINT_HARTS];
};
struct kvm_irqchip {
	uint32_t chip_id;
	uint32_t pad;
	union {
		char dummy[512];
		struct kvm_rvkvm_plic_state plic;
		struct kvm_rvkvm_aclint_state aclint;
	} chip;
};

struct kvm_enable_cap {
	uint32_t cap;
	uint32_t flags;
	uint64_t args[4];
	uint8_t pad[64];
};

#define KVM_MAX_VCPUS      64
#define KVM_USER_MEM_SLOTS 32

/* KVM_SET_USER_MEMORY_REGION.  memory_size 0 deletes the slot. */
#define KVM_MEM_LOG_DIRTY_PAGES (1u << 0)
#define KVM_MEM_READONLY        (1u << 1)  /* guest writes exit as KVM_EXIT_MMIO */
struct kvm_userspace_memory_region {
	uint32_t slot;
	uint32_t flags;
	uint64_t guest_phys_addr;
	uint64_t memory_size;    /* bytes, a multiple of 4 KiB */
	uint64_t userspace_addr; /* host address of the backing memory */
};

/* KVM_RVKVM_ADD_MMIO_REGION: accesses inside the range exit as KVM_EXIT_MMIO;
 * accesses that no memory slot, in-core device or MMIO region backs raise
 * the architected access fault instead of exiting. */
struct kvm_rvkvm_mmio_region {
	uint64_t guest_phys_addr;
	uint64_t size;
};

/* KVM_IRQ_LINE: irq is a PLIC source number (1..95) once KVM_CREATE_IRQCHIP
 * has been called; before, hart index << 16 | local interrupt number (a
 * RISC-V mip bit number).  level: nonzero asserts, 0 deasserts. */
struct kvm_irq_level {
	uint32_t irq;
	uint32_t level;
};

/* Exit reasons (KVM's values). */
#define KVM_EXIT_UNKNOWN          0
#define KVM_EXIT_MMIO             6
#define KVM_EXIT_INTR            10
#define KVM_EXIT_SHUTDOWN         8
#define KVM_EXIT_INTERNAL_ERROR  17
#define KVM_EXIT_SYSTEM_EVENT    24
#define KVM_EXIT_DIRTY_RING_FULL 31
#define KVM_EXIT_RISCV_SBI       35

#define KVM_SYSTEM_EVENT_SHUTDOWN 1
#define KVM_SYSTEM_EVENT_RESET    2

#define KVM_INTERNAL_ERROR_EMULATION 1

/* The shared run structure (KVM's struct kvm_run, trimmed to what is used). */
struct kvm_run {
	uint8_t request_interrupt_window;
	uint8_t immediate_exit;      /* set by the VMM: KVM_RUN returns -EINTR at once */
	uint8_t padding1[6];
	uint32_t exit_reason;
	uint8_t ready_for_interrupt_injection;
	uint8_t if_flag;
	uint16_t flags;
	uint64_t cr8;
	uint64_t apic_base;
	union {
		/* KVM_EXIT_MMIO: for a read the VMM fills data[0..len) before the next KVM_RUN. */
		struct {
			uint64_t phys_addr;
			uint8_t data[8];
			uint32_t len;
			uint8_t is_write;
		} mmio;
		/* KVM_EXIT_SYSTEM_EVENT */
		struct {
			uint32_t type;
			uint32_t ndata;
			uint64_t data[16];
		} system_event;
		/* KVM_EXIT_RISCV_SBI: an SBI call the core forwards (DBCN, the
		 * legacy console, experimental and vendor extensions).  The VMM
		 * sets ret[0] (error) and ret[1] (value) before the next KVM_RUN;
		 * they land in a0/a1 and the guest continues after its ECALL. */
		struct {
			uint64_t extension_id;
			uint64_t function_id;
			uint64_t args[6];
			uint64_t ret[2];
		} riscv_sbi;
		/* KVM_EXIT_INTERNAL_ERROR */
		struct {
			uint32_t suberror;
			uint32_t ndata;
			uint64_t data[16];
		} internal;
		char padding[256];
	};
};

/* ONE_REG ids follow arch/riscv/include/uapi/asm/kvm.h: arch | size |
 * type << 24 | subtype << 16 | index.  Every register is 64 bits except the
 * FP_F registers and fcsr (32) and the vector registers (VLEN bits). */
#define KVM_REG_RISCV          0x8000000000000000ULL
#define KVM_REG_SIZE_U32       0x0020000000000000ULL
#define KVM_REG_SIZE_U64       0x0030000000000000ULL
#define KVM_REG_RISCV_CONFIG   (0x01ULL << 24)
#define KVM_REG_RISCV_CORE     (0x02ULL << 24)
#define KVM_REG_RISCV_CSR      (0x03ULL << 24)
#define KVM_REG_RISCV_TIMER    (0x04ULL << 24)
#define KVM_REG_RISCV_FP_F     (0x05ULL << 24)
#define KVM_REG_RISCV_FP_D     (0x06ULL << 24)
#define KVM_REG_RISCV_ISA_EXT  (0x07ULL << 24)
#define KVM_REG_RISCV_SBI_EXT  (0x08ULL << 24)
#define KVM_REG_RISCV_VECTOR   (0x09ULL << 24)
#define KVM_REG_RISCV_SBI_STATE (0x0aULL << 24)
#define KVM_REG_RISCV_RVKVM_CSR (0x80ULL << 24)  /* rvkvm: any CSR by number (debug) */
#define KVM_REG_RISCV_RVKVM_STATE (0x81ULL << 24) /* rvkvm: a full machine's hart, to save */
#define KVM_REG_RISCV_CSR_GENERAL (0x0ULL << 16)
#define KVM_REG_RISCV_ISA_SINGLE  (0x0ULL << 16)
#define KVM_REG_RISCV_SBI_SINGLE  (0x0ULL << 16)
#define KVM_REG_RISCV_SBI_STA     (0x0ULL << 16)
/* config (struct kvm_riscv_config): isa = single-letter extensions as misa
 * bits, mvendorid/marchid/mimpid, satp_mode = the widest satp MODE. */
enum { KVM_REG_RISCV_CONFIG_ISA = 0, KVM_REG_RISCV_CONFIG_ZICBOM_BLOCK_SIZE = 1,
       KVM_REG_RISCV_CONFIG_MVENDORID = 2, KVM_REG_RISCV_CONFIG_ZICBOZ_BLOCK_SIZE = 5,
       KVM_REG_RISCV_CONFIG_MARCHID = 3, KVM_REG_RISCV_CONFIG_MIMPID = 4,
       KVM_REG_RISCV_CONFIG_SATP_MODE = 6 };
#define KVM_REG_RISCV_CONFIG_REG(i) (KVM_REG_RISCV | KVM_REG_SIZE_U64 | KVM_REG_RISCV_CONFIG | (i))
/* core: index 0 = pc, 1..31 = x1..x31, 32 = mode (KVM_RISCV_MODE_S/U) */
#define KVM_REG_RISCV_CORE_REG(i) (KVM_REG_RISCV | KVM_REG_SIZE_U64 | KVM_REG_RISCV_CORE | (i))
#define KVM_REG_RISCV_CORE_PC   KVM_REG_RISCV_CORE_REG(0)
#define KVM_REG_RISCV_CORE_MODE KVM_REG_RISCV_CORE_REG(32)
#define KVM_RISCV_MODE_S 1
#define KVM_RISCV_MODE_U 0
/* csr (struct kvm_riscv_csr): the guest's supervisor CSRs — for a
 * hypervisor guest the VS registers (vsstatus, ...). */
enum { KVM_REG_RISCV_CSR_SSTATUS, KVM_REG_RISCV_CSR_SIE, KVM_REG_RISCV_CSR_STVEC,
       KVM_REG_RISCV_CSR_SSCRATCH, KVM_REG_RISCV_CSR_SEPC, KVM_REG_RISCV_CSR_SCAUSE,
       KVM_REG_RISCV_CSR_STVAL, KVM_REG_RISCV_CSR_SIP, KVM_REG_RISCV_CSR_SATP,
       KVM_REG_RISCV_CSR_SCOUNTEREN, KVM_REG_RISCV_CSR_SENVCFG, KVM_REG_RISCV_CSR_NUM };
#define KVM_REG_RISCV_CSR_REG(i) \
	(KVM_REG_RISCV | KVM_REG_SIZE_U64 | KVM_REG_RISCV_CSR | KVM_REG_RISCV_CSR_GENERAL | (i))
/* timer (struct kvm_riscv_timer), hypervisor guests: frequency (read-only),
 * time (the guest's clock; setting it moves htimedelta), compare
 * (vstimecmp), state (1 = armed). */
enum { KVM_REG_RISCV_TIMER_FREQUENCY, KVM_REG_RISCV_TIMER_TIME, KVM_REG_RISCV_TIMER_COMPARE,
       KVM_REG_RISCV_TIMER_STATE };
#define KVM_REG_RISCV_TIMER_REG(i) (KVM_REG_RISCV | KVM_REG_SIZE_U64 | KVM_REG_RISCV_TIMER | (i))
#define KVM_RISCV_TIMER_STATE_OFF 0
#define KVM_RISCV_TIMER_STATE_ON  1
/* FP_F: f0..f31 low 32 bits, index 32 = fcsr (32-bit); FP_D: f0..f31 as
 * 64-bit values, index 32 = fcsr (32-bit). */
#define KVM_REG_RISCV_FP_F_REG(i) (KVM_REG_RISCV | KVM_REG_SIZE_U32 | KVM_REG_RISCV_FP_F | (i))
#define KVM_REG_RISCV_FP_D_REG(i) (KVM_REG_RISCV | KVM_REG_SIZE_U64 | KVM_REG_RISCV_FP_D | (i))
#define KVM_REG_RISCV_FP_D_FCSR   (KVM_REG_RISCV | KVM_REG_SIZE_U32 | KVM_REG_RISCV_FP_D | 32)
/* ISA extensions (KVM's enum KVM_RISCV_ISA_EXT_ID, the ones rvkvm knows,
 * with KVM's numbers): each reads 1 when the vCPU has it. */
enum {
	KVM_RISCV_ISA_EXT_A = 0, KVM_RISCV_ISA_EXT_C, KVM_RISCV_ISA_EXT_D, KVM_RISCV_ISA_EXT_F,
	KVM_RISCV_ISA_EXT_H, KVM_RISCV_ISA_EXT_I, KVM_RISCV_ISA_EXT_M, KVM_RISCV_ISA_EXT_SVPBMT,
	KVM_RISCV_ISA_EXT_SSTC, KVM_RISCV_ISA_EXT_SVINVAL, KVM_RISCV_ISA_EXT_ZIHINTPAUSE,
	KVM_RISCV_ISA_EXT_ZICBOM, KVM_RISCV_ISA_EXT_ZICBOZ, KVM_RISCV_ISA_EXT_ZBB,
	KVM_RISCV_ISA_EXT_SSAIA, KVM_RISCV_ISA_EXT_V, KVM_RISCV_ISA_EXT_SVNAPOT,
	KVM_RISCV_ISA_EXT_ZBA, KVM_RISCV_ISA_EXT_ZBS, KVM_RISCV_ISA_EXT_ZICNTR,
	KVM_RISCV_ISA_EXT_ZICSR, KVM_RISCV_ISA_EXT_ZIFENCEI, KVM_RISCV_ISA_EXT_ZIHPM,
	KVM_RISCV_ISA_EXT_SMSTATEEN, KVM_RISCV_ISA_EXT_ZICOND,
	KVM_RISCV_ISA_EXT_ZBC = 25, KVM_RISCV_ISA_EXT_ZBKB = 26, KVM_RISCV_ISA_EXT_ZBKX = 28,
	KVM_RISCV_ISA_EXT_ZKT = 35, KVM_RISCV_ISA_EXT_ZVBB = 36, KVM_RISCV_ISA_EXT_ZVKT = 45,
	KVM_RISCV_ISA_EXT_ZFH = 46, KVM_RISCV_ISA_EXT_ZFHMIN = 47,
	KVM_RISCV_ISA_EXT_ZIHINTNTL = 48, KVM_RISCV_ISA_EXT_ZFA = 51, KVM_RISCV_ISA_EXT_ZIMOP = 55, KVM_RISCV_ISA_EXT_ZCB = 57,
	KVM_RISCV_ISA_EXT_SSCOFPMF = 54,
	KVM_RISCV_ISA_EXT_ZCMOP = 60, KVM_RISCV_ISA_EXT_ZAWRS = 61, KVM_RISCV_ISA_EXT_SMNPM = 62,
	KVM_RISCV_ISA_EXT_SSNPM = 63, KVM_RISCV_ISA_EXT_ZICBOP = 71,
};
#define KVM_REG_RISCV_ISA_EXT_REG(e) \
	(KVM_REG_RISCV | KVM_REG_SIZE_U64 | KVM_REG_RISCV_ISA_EXT | KVM_REG_RISCV_ISA_SINGLE | (e))
/* rvkvm: debug access to any implemented CSR by its number. */
#define KVM_REG_RISCV_RVKVM_CSR_REG(n) (KVM_REG_RISCV | KVM_REG_SIZE_U64 | KVM_REG_RISCV_RVKVM_CSR | (n))
/* rvkvm: the rest of a full machine's hart state (KVM_VM_TYPE_FULL_MACHINE
 * only; -ENOENT on a hypervisor guest), so that the registers
 * KVM_GET_REG_LIST names are the whole vCPU: a snapshot or migration
 * saves them all and sets them all, in the listed order, in a new vCPU.
 *   STATE_CSR (subtype 0), index = CSR number: every CSR with state —
 *     M-mode (mstatus, medeleg, mideleg, mie, mip, mtvec, mscratch, mepc,
 *     mcause, mtval, mtval2, mtinst, mcounteren, mcountinhibit, menvcfg,
 *     mcycle, minstret, pmpcfg0/2, pmpaddr0..15), S-mode (stvec,
 *     sscratch, sepc, scause, stval, satp, scounteren, senvcfg, stimecmp)
 *     and the H extension's (hstatus, hedeleg, hideleg, hvip, hcounteren,
 *     hgeie, htval, htinst, hgatp, htimedelta, henvcfg, and vsstatus,
 *     vstvec, vsscratch, vsepc, vscause, vstval, vsatp, vstimecmp).
 *     Values read as a CSR instruction reads them, except mip: only the
 *     bits software sets (SSIP, SEIP, and STIP while menvcfg.STCE is
 *     clear); its timer bits follow the compare registers and its
 *     platform lines the ACLINT and PLIC (KVM_SET_IRQCHIP).  A set stores
 *     the value as it is — none of a CSR write's side effects (no WARL
 *     dependence on other registers, no retirement after mcycle or
 *     minstret, PMP lock bits do not block) — and refuses (-EINVAL,
 *     unchanged) a value the register cannot hold: bits it does not have,
 *     read-only fields (XLEN, SD) other than as read, an unsupported
 *     satp/hgatp mode, MPP = 2, a reserved PMP permission, henvcfg bits
 *     menvcfg does not allow (set menvcfg first, as listed).
 *   STATE_HART (subtype 1): index 0 = V, the virtualization mode (0 or 1;
 *     with the CORE mode, S and U are VS and VU).  1 is refused while
 *     the mode is M; setting the CORE mode to M clears V.
 * Not state: the LR/SC reservation (a new vCPU has none, as after an
 * interrupt) and a WFI in progress (the vCPU resumes after it, as a WFI
 * may complete at any time). */
#define KVM_REG_RISCV_RVKVM_STATE_CSR  (0x0ULL << 16)
#define KVM_REG_RISCV_RVKVM_STATE_HART (0x1ULL << 16)
enum { KVM_REG_RISCV_RVKVM_STATE_HART_V = 0 };
#define KVM_REG_RISCV_RVKVM_STATE_CSR_REG(n) \
	(KVM_REG_RISCV | KVM_REG_SIZE_U64 | KVM_REG_RISCV_RVKVM_STATE | KVM_REG_RISCV_RVKVM_STATE_CSR | (n))
#define KVM_REG_RISCV_RVKVM_STATE_HART_REG(i) \
	(KVM_REG_RISCV | KVM_REG_SIZE_U64 | KVM_REG_RISCV_RVKVM_STATE | KVM_REG_RISCV_RVKVM_STATE_HART | (i))
/* SBI extensions a hypervisor guest's vCPU offers (KVM's enum
 * KVM_RISCV_SBI_EXT_ID); the SBI_EXT register of each reads 1 when enabled
 * and may be set before the vCPU first runs. */
enum {
	KVM_RISCV_SBI_EXT_V01 = 0,
	KVM_RISCV_SBI_EXT_TIME,
	KVM_RISCV_SBI_EXT_IPI,
	KVM_RISCV_SBI_EXT_RFENCE,
	KVM_RISCV_SBI_EXT_SRST,
	KVM_RISCV_SBI_EXT_HSM,
	KVM_RISCV_SBI_EXT_PMU,
	KVM_RISCV_SBI_EXT_EXPERIMENTAL,
	KVM_RISCV_SBI_EXT_VENDOR,
	KVM_RISCV_SBI_EXT_DBCN,
	KVM_RISCV_SBI_EXT_STA,
	KVM_RISCV_SBI_EXT_MAX,
};
#define KVM_REG_RISCV_SBI_EXT_REG(e) \
	(KVM_REG_RISCV | KVM_REG_SIZE_U64 | KVM_REG_RISCV_SBI_EXT | KVM_REG_RISCV_SBI_SINGLE | (e))
/* SBI state of a hypervisor guest's vCPU (KVM's struct kvm_riscv_sbi_sta):
 * the steal-time record's guest physical address.  On rv64 shmem_lo holds
 * the whole address (64-byte aligned), all ones when no record is set (a
 * fresh vCPU), and shmem_hi reads 0 and accepts only 0, as KVM. */
enum { KVM_REG_RISCV_SBI_STA_SHMEM_LO = 0, KVM_REG_RISCV_SBI_STA_SHMEM_HI };
#define KVM_REG_RISCV_SBI_STA_REG(i) \
	(KVM_REG_RISCV | KVM_REG_SIZE_U64 | KVM_REG_RISCV_SBI_STATE | KVM_REG_RISCV_SBI_STA | (i))
/* Vector (V): the CSRs vstart, vl, vtype, vcsr and vlenb by index 0..4,
 * as KVM's struct __riscv_v_ext_state, and v0..v31 from index 6, each of
 * vlenb bytes (the size field: KVM_REG_SIZE_U128 for VLEN 128).  vl and
 * vtype take only what vset{i}vl{i} could leave: a supported vtype (or
 * vill alone, with vl 0) and vl <= VLMAX.  vlenb takes another VLEN (16
 * to 128 bytes, a power of two) until the vCPU first runs (then -EBUSY),
 * which starts the vector state over: the register list names it first. */
enum { KVM_REG_RISCV_VECTOR_VSTART, KVM_REG_RISCV_VECTOR_VL, KVM_REG_RISCV_VECTOR_VTYPE,
       KVM_REG_RISCV_VECTOR_VCSR, KVM_REG_RISCV_VECTOR_VLENB };
#define KVM_REG_RISCV_VECTOR_CSR_REG(i) (KVM_REG_RISCV | KVM_REG_SIZE_U64 | KVM_REG_RISCV_VECTOR | (i))
#define KVM_REG_SIZE_SHIFT     52
#define KVM_REG_SIZE_U128      0x0040000000000000ULL
/* vector register n of vlenb bytes (a power of two) */
#define KVM_REG_RISCV_VECTOR_REG(n, vlenb) \
	(KVM_REG_RISCV | ((uint64_t)__builtin_ctz(vlenb) << KVM_REG_SIZE_SHIFT) | KVM_REG_RISCV_VECTOR | (6 + (n)))
/* The bytes a register id's value has. */
#define KVM_REG_SIZE(id) (1ULL << (((id) >> KVM_REG_SIZE_SHIFT) & 0xf))
struct kvm_one_reg {
	uint64_t id;
	uint64_t addr; /* host address of a value of the id's size */
};

/* KVM_GET_REG_LIST: n in = room in reg[], n out = the number of ids
 * (-E2BIG when it did not fit). */
struct kvm_reg_list {
	uint64_t n;
	uint64_t reg[];
};

/* KVM_SET_GUEST_DEBUG: KVM's control word; rvkvm adds tracing bits. */
#define KVM_GUESTDBG_ENABLE              0x00000001
#define KVM_GUESTDBG_RVKVM_TRACE_TRAPS   0x00010000  /* log every trap to stderr */
struct kvm_guest_debug {
	uint32_t control;
	uint32_t pad;
};

/* KVM_RVKVM_SET_VCPU_PLUGGED (hypervisor guests): vCPU hotplug without
 * ACPI.  Every vCPU is created plugged; an unplugged one stays in the
 * device tree but SBI HSM hart_start of it fails with SBI_ERR_INVALID_PARAM
 * ("cannot be started in supervisor mode"), so Linux keeps the CPU present
 * and offline until it is plugged again.  Unplugging needs the vCPU
 * stopped (HSM STOPPED, no start pending): -EBUSY otherwise.  -ENOENT: no
 * such vCPU; -EINVAL: a full machine (its firmware starts the harts) or
 * plugged not 0/1.  Plugging or unplugging again is a no-op. */
struct kvm_rvkvm_vcpu_plug {
	uint32_t vcpu_id;
	uint32_t plugged;  /* 1 = plugged, 0 = unplugged */
};

#define KVM_MP_STATE_RUNNABLE 0
#define KVM_MP_STATE_STOPPED  5
struct kvm_mp_state {
	uint32_t mp_state;
};

/* The system handle (open("/dev/kvm")). */
int kvm_open(struct kvm **out);
void kvm_close(struct kvm *kvm);
long kvm_ioctl(struct kvm *kvm, unsigned int cmd, unsigned long arg);

/* KVM_CREATE_VM */
int kvm_create_vm(struct kvm *kvm, unsigned long type, struct kvm_vm **out);
void kvm_vm_destroy(struct kvm_vm *vm);
long kvm_vm_ioctl(struct kvm_vm *vm, unsigned int cmd, void *arg);

/* KVM_CREATE_VCPU; kvm_vcpu_run_struct() is the mmap of the vCPU fd. */
int kvm_create_vcpu(struct kvm_vm *vm, unsigned long id, struct kvm_vcpu **out);
struct kvm_run *kvm_vcpu_run_struct(struct kvm_vcpu *vcpu);
/* The vCPU's dirty ring (size entries, as enabled), or NULL. */
struct kvm_dirty_gfn *kvm_vcpu_dirty_ring(struct kvm_vcpu *vcpu);
long kvm_vcpu_ioctl(struct kvm_vcpu *vcpu, unsigned int cmd, void *arg);
/* Make a running KVM_RUN return with KVM_EXIT_INTR soon (a signal, in KVM). */
void kvm_vcpu_kick(struct kvm_vcpu *vcpu);

/*
 * Binary statistics (Documentation/virt/kvm/api.rst, "KVM_GET_STATS_FD").
 * KVM_GET_STATS_FD is both a VM and a vCPU ioctl; its argument is a
 * `struct kvm_stats_fd **` that receives a handle standing for KVM's stats
 * file descriptor.  The "file" is laid out as KVM's: a struct
 * kvm_stats_header at offset 0, the id string ("kvm-<pid>" for a VM,
 * "kvm-<pid>/vcpu-<n>" for a vCPU; name_size bytes), num_desc descriptors
 * of sizeof(struct kvm_stats_desc) + name_size bytes each, and the data
 * block of u64s (each descriptor's offset is from data_offset, in bytes).
 * Every block starts at a multiple of 8; all but the data are constant.
 * kvm_stats_pread() has pread() semantics (returns the bytes copied, 0 at
 * or past the end, or -errno); the data it returns are the counters' values
 * at the time of the call.  Close every handle before destroying its VM.
 */
#include <stddef.h>

enum { KVM_GET_STATS_FD = 0x300 };  /* a VM and a vCPU ioctl */
#define KVM_CAP_BINARY_STATS_FD 203

#define KVM_STATS_NAME_SIZE 48

#define KVM_STATS_TYPE_SHIFT       0
#define KVM_STATS_TYPE_MASK        (0xF << KVM_STATS_TYPE_SHIFT)
#define KVM_STATS_TYPE_CUMULATIVE  (0x0 << KVM_STATS_TYPE_SHIFT)
#define KVM_STATS_TYPE_INSTANT     (0x1 << KVM_STATS_TYPE_SHIFT)
#define KVM_STATS_TYPE_PEAK        (0x2 << KVM_STATS_TYPE_SHIFT)
#define KVM_STATS_TYPE_LINEAR_HIST (0x3 << KVM_STATS_TYPE_SHIFT)
#define KVM_STATS_TYPE_LOG_HIST    (0x4 << KVM_STATS_TYPE_SHIFT)
#define KVM_STATS_TYPE_MAX         KVM_STATS_TYPE_LOG_HIST

#define KVM_STATS_UNIT_SHIFT       4
#define KVM_STATS_UNIT_MASK        (0xF << KVM_STATS_UNIT_SHIFT)
#define KVM_STATS_UNIT_NONE        (0x0 << KVM_STATS_UNIT_SHIFT)
#define KVM_STATS_UNIT_BYTES       (0x1 << KVM_STATS_UNIT_SHIFT)
#define KVM_STATS_UNIT_SECONDS     (0x2 << KVM_STATS_UNIT_SHIFT)
#define KVM_STATS_UNIT_CYCLES      (0x3 << KVM_STATS_UNIT_SHIFT)
#define KVM_STATS_UNIT_BOOLEAN     (0x4 << KVM_STATS_UNIT_SHIFT)
#define KVM_STATS_UNIT_MAX         KVM_STATS_UNIT_BOOLEAN

#define KVM_STATS_BASE_SHIFT       8
#define KVM_STATS_BASE_MASK        (0xF << KVM_STATS_BASE_SHIFT)
#define KVM_STATS_BASE_POW10       (0x0 << KVM_STATS_BASE_SHIFT)
#define KVM_STATS_BASE_POW2        (0x1 << KVM_STATS_BASE_SHIFT)
#define KVM_STATS_BASE_MAX         KVM_STATS_BASE_POW2

struct kvm_stats_header {
	uint32_t flags;        /* 0 */
	uint32_t name_size;    /* bytes of the id string and of each name, NUL included */
	uint32_t num_desc;
	uint32_t id_offset;
	uint32_t desc_offset;
	uint32_t data_offset;
};

struct kvm_stats_desc {
	uint32_t flags;        /* type | unit | base */
	int16_t exponent;      /* value * base^exponent units */
	uint16_t size;         /* number of u64 values (buckets for histograms) */
	uint32_t offset;       /* bytes from the start of the data block */
	uint32_t bucket_size;  /* LINEAR_HIST only */
	char name[];           /* name_size bytes */
};

struct kvm_stats_fd;
long kvm_stats_pread(struct kvm_stats_fd *f, void *buf, size_t len, uint64_t off);
void kvm_stats_close(struct kvm_stats_fd *f);

#endif
