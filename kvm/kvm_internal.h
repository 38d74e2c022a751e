/* SPDX-License-Identifier: MIT */
/* The hypervisor core's private objects: the system handle, VMs, memory
 * slots and vCPUs (Linux: struct kvm, struct kvm_memory_slot, struct
 * kvm_vcpu).  Only kvm/ includes this header. */
#ifndef KVM_KVM_INTERNAL_H
#define KVM_KVM_INTERNAL_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "rvkvm/kvm.h"
#include "hw/bus.h"
#include "hw/riscv/aclint.h"
#include "hw/riscv/hart.h"
#include "hw/riscv/plic.h"

#define KVM_PAGE_SIZE 4096ULL

/* Platform layout of a full machine (QEMU virt / spike compatible). */
#define KVM_ACLINT_BASE 0x02000000ULL
#define KVM_ACLINT_SSWI_BASE 0x02f00000ULL  /* as QEMU virt with aclint=on */
#define KVM_PLIC_BASE   0x0c000000ULL  /* KVM_CREATE_IRQCHIP */

struct kvm {
	int nr_vms;
};

struct kvm_memslot {
	bool used;
	uint32_t flags;
	uint64_t base_gfn;       /* guest_phys_addr >> 12 */
	uint64_t npages;
	uint64_t userspace_addr;
	_Atomic uint64_t *dirty_bitmap;  /* KVM_MEM_LOG_DIRTY_PAGES: a bit per page */
};

#define KVM_MAX_IOEVENTFDS 256
#define KVM_MAX_IRQFDS     96
struct kvm_ioeventfd_entry {
	uint64_t addr, datamatch;
	uint32_t len;              /* 0: any length */
	bool datamatch_on;
	int fd;
};
struct kvm_irqfd_entry {
	int fd;
	uint32_t gsi;
	int resamplefd;          /* KVM_IRQFD_FLAG_RESAMPLE, else -1 */
};

/* VM-wide counters (Linux: struct kvm_vm_stat): any thread, atomically. */
struct kvm_vm_stat {
	_Atomic uint64_t remote_tlb_flush_requests;  /* KVM_REQ_TLB_FLUSH made, per target */
};

struct kvm_vm {
	struct kvm *kvm;
	unsigned long type;
	struct bus bus;
	struct rv_clock clock;
	struct aclint aclint;
	struct plic *plic;       /* KVM_CREATE_IRQCHIP; NULL before */
	uint64_t reset_pc;
	struct kvm_memslot memslots[KVM_USER_MEM_SLOTS];
	/* Indexed by vCPU id; filled as vCPUs are created (the ACLINT reads
	 * harts[] from other vCPU threads, so entries are published with
	 * release stores). */
	struct kvm_vcpu *vcpus[KVM_MAX_VCPUS];
	struct hart *harts[KVM_MAX_VCPUS];
	pthread_mutex_t lock;    /* serialises vCPU creation */
	_Atomic uint64_t max_halt_poll_ns;  /* KVM_CAP_HALT_POLL (halt_poll.c) */
	/* The memory map (memslots, bus): vCPUs hold it for reading while
	 * they run; memslot changes take it for writing (memslot.c). */
	pthread_rwlock_t slots_lock;
	atomic_int slots_writers;  /* changes waiting: running vCPUs let them in */
	uint32_t dirty_log_flags;  /* KVM_CAP_MANUAL_DIRTY_LOG_PROTECT2 (dirty_log.c) */
	uint32_t dirty_ring_size;  /* KVM_CAP_DIRTY_LOG_RING entries, 0: off (dirty_ring.c) */

	/* eventfd.c: ioeventfds (read by vCPUs on MMIO writes) and irqfds
	 * (served by one thread waiting on them all). */
	pthread_rwlock_t ioeventfd_lock;
	struct kvm_ioeventfd_entry ioeventfds[KVM_MAX_IOEVENTFDS];
	unsigned nr_ioeventfds;
	struct kvm_irqfd_entry irqfds[KVM_MAX_IRQFDS];
	unsigned nr_irqfds;        /* under lock */
	int irqfd_epoll, irqfd_stop;
	pthread_t irqfd_thread;
	struct kvm_vm_stat stat;
};

/* Halt polling's default maximum window (KVM's default on x86). */
#define KVM_HALT_POLL_NS_DEFAULT 200000

/* A vCPU's dirty ring (dirty_ring.c): entries pushed by its own thread
 * (and by the VMM's DMA marks), recycled by KVM_RESET_DIRTY_RINGS. */
struct kvm_dirty_ring {
	pthread_mutex_t lock;
	struct kvm_dirty_gfn *gfns;
	uint32_t size, dirty_index, reset_index;
	uint64_t overflows;
};

/* A hypervisor guest's vCPU SBI state (kvm/riscv/vcpu_sbi*.c). */
struct kvm_vcpu_sbi {
	bool ext_disabled[KVM_RISCV_SBI_EXT_MAX];  /* per KVM_RISCV_SBI_EXT_* */
	bool forward_pending;      /* run.riscv_sbi awaits the VMM's ret[] */
	bool forward_legacy;       /* a legacy (v0.1) call: only a0 returns */
	/* HSM: where hart_start resumes this vCPU (written by the caller
	 * under vcpu->lock before it makes the vCPU runnable). */
	uint64_t start_addr, start_opaque;
	atomic_bool suspended;     /* HSM: in hart_suspend (for hart_get_status) */
	bool unplugged;            /* HSM: hart_start refuses it (under vcpu->lock) */
	/* STA (vcpu_sbi_sta.c): the guest's record, or UINT64_MAX; the
	 * current measuring window and the steal so far. */
	uint64_t sta_shmem, sta_steal, sta_sleep;
	int64_t sta_wall, sta_cpu;
	/* PMU (vcpu_sbi_pmu.c): the counters the guest has configured (the
	 * rest of its state is the hart's counters). */
	uint32_t pmu_in_use;
};

/* Per-cause exit counters (Linux: struct kvm_vcpu_stat), written by the
 * vCPU's thread only; KVM_GET_STATS_FD (stats.c) reads them. */
#define KVM_HALT_POLL_HIST_COUNT 32   /* as KVM's HALT_POLL_HIST_COUNT */
struct kvm_vcpu_stat {
	uint64_t sbi_calls;      /* ECALLs from VS served by the core (hypervisor guests) */
	uint64_t sbi_exits;      /* of which forwarded as KVM_EXIT_RISCV_SBI */
	uint64_t vmexits;        /* traps to the host level (hypervisor guests) */
	uint64_t virtual_insn_exits;
	uint64_t ioeventfd_writes;  /* MMIO writes an ioeventfd took (no exit) */
	/* halt_poll.c, as KVM's struct kvm_vcpu_stat_generic */
	uint64_t halt_successful_poll, halt_attempted_poll, halt_wakeup;
	uint64_t halt_poll_success_ns, halt_poll_fail_ns;
	/* stats.c: fed by halt_poll.c (KVM's halt_poll_invalid, halt_wait_ns
	 * and the LOG_HIST histograms of nanoseconds) */
	uint64_t halt_poll_invalid, halt_wait_ns;
	uint64_t halt_poll_success_hist[KVM_HALT_POLL_HIST_COUNT];
	uint64_t halt_poll_fail_hist[KVM_HALT_POLL_HIST_COUNT];
	uint64_t halt_wait_hist[KVM_HALT_POLL_HIST_COUNT];
	uint64_t runs;           /* KVM_RUN calls */
	uint64_t exits;          /* returns to the VMM */
	uint64_t mmio_exits;
	uint64_t wfi_exits;      /* WFI sleeps */
	uint64_t wfi_wakeups_timer;
	uint64_t kick_exits;     /* KVM_EXIT_INTR returns */
	uint64_t budget_exits;   /* instruction budget used up (re-entered) */
	uint64_t error_exits;
};

/* Ranged remote fences a vCPU queues before falling back to a full flush,
 * and the widest range flushed page by page (SBI RFENCE). */
#define KVM_HFENCE_QUEUE     8
#define KVM_HFENCE_MAX_PAGES 64

struct kvm_vcpu {
	struct kvm_vm *vm;
	unsigned id;
	struct hart *hart;
	struct kvm_run run;
	bool mmio_pending;       /* run.mmio describes an exit not yet completed */
	bool halted;             /* HART_EV_ERROR stopped the hart */
	_Atomic uint32_t mp_state;
	struct kvm_vcpu_stat stat;

	/* Sleep/wake: a vCPU in WFI (or stopped) waits on cond; kicks and
	 * interrupt-line changes signal it. */
	pthread_mutex_t lock;
	pthread_cond_t cond;
	atomic_bool kick_pending;  /* kvm_vcpu_kick() not yet answered by -EINTR */
	uint64_t wake_seq;         /* bumped under lock by every wake */

	/* Requests from other vCPUs (KVM_REQ_*), answered before the vCPU
	 * next enters the guest; mode says whether it is in the guest now
	 * (Linux: vcpu->requests, vcpu->mode). */
	_Atomic uint32_t requests;
	_Atomic int mode;
	bool ran;                  /* has been through KVM_RUN once */
	uint64_t halt_poll_ns;     /* current halt-polling window (halt_poll.c) */
	uint64_t sleep_ns;         /* time spent in kvm_vcpu_sleep (halts, stopped) */

	struct kvm_vcpu_sbi sbi;   /* hypervisor guests: kvm/riscv/vcpu_sbi.c */
	struct kvm_dirty_ring ring;
	/* Ranged remote SFENCE.VMAs (SBI RFENCE) for this vCPU, under lock,
	 * answered with KVM_REQ_HFENCE; a full queue means a full flush. */
	struct { uint64_t start, size; } hfence[KVM_HFENCE_QUEUE];
	unsigned nhfence;
};

#define KVM_REQ_TLB_FLUSH   (1u << 0)  /* drop guest translations (remote SFENCE.VMA) */
#define KVM_REQ_FENCE_I     (1u << 1)  /* remote FENCE.I */
#define KVM_REQ_HSM_START   (1u << 2)  /* SBI HSM hart_start: reset to sbi.start_* */
#define KVM_REQ_DIRTY_WP    (1u << 3)  /* dirty pages write-protected again: drop write tags */
#define KVM_REQ_HFENCE      (1u << 4)  /* ranged remote SFENCE.VMA: the pages in vcpu->hfence */
enum { OUTSIDE_GUEST_MODE, IN_GUEST_MODE };

static inline bool kvm_vm_is_hyp_guest(const struct kvm_vm *vm)
{
	return vm->type == KVM_VM_TYPE_HYP_GUEST;
}

/* irqchip.c */
int kvm_vm_create_irqchip(struct kvm_vm *vm);
int kvm_irqchip_irq_line(struct kvm_vm *vm, const struct kvm_irq_level *irq);
void kvm_vm_destroy_irqchip(struct kvm_vm *vm);

/* aclint.c: KVM_GET/SET_IRQCHIP of KVM_IRQCHIP_ACLINT */
int kvm_aclint_get(struct kvm_vm *vm, struct kvm_rvkvm_aclint_state *o);
int kvm_aclint_set(struct kvm_vm *vm, const struct kvm_rvkvm_aclint_state *in);

/* eventfd.c */
void kvm_vm_eventfd_init(struct kvm_vm *vm);
void kvm_vm_eventfd_destroy(struct kvm_vm *vm);
int kvm_vm_ioeventfd(struct kvm_vm *vm, const struct kvm_ioeventfd *args);
int kvm_vm_irqfd(struct kvm_vm *vm, const struct kvm_irqfd *args);
int kvm_irqchip_get(struct kvm_vm *vm, struct kvm_irqchip *c);
int kvm_irqchip_set(struct kvm_vm *vm, const struct kvm_irqchip *c);
/* A guest MMIO write: true if an ioeventfd took it (signalled). */
bool kvm_ioeventfd_signal(struct kvm_vm *vm, uint64_t addr, unsigned len, uint64_t data);

/* dirty_log.c (called with slots_lock held for writing where noted) */
int kvm_memslot_dirty_log_update(struct kvm_vm *vm, struct kvm_memslot *s, uint32_t new_flags);
void kvm_memslot_dirty_log_free(struct kvm_memslot *s);
int kvm_vm_get_dirty_log(struct kvm_vm *vm, const struct kvm_dirty_log *log);
int kvm_vm_clear_dirty_log(struct kvm_vm *vm, const struct kvm_clear_dirty_log *log);
int kvm_vm_mark_dirty(struct kvm_vm *vm, const struct kvm_rvkvm_dirty_range *range);
/* The core itself wrote guest RAM on behalf of vcpu (SBI STA). */
void kvm_vcpu_mark_dirty(struct kvm_vcpu *vcpu, const struct bus_ram *ram, uint64_t pa);
void kvm_vm_write_protect(struct kvm_vm *vm);

/* dirty_ring.c */
int kvm_vm_enable_dirty_ring(struct kvm_vm *vm, uint64_t bytes);
int kvm_vcpu_dirty_ring_init(struct kvm_vcpu *vcpu);
void kvm_vcpu_dirty_ring_free(struct kvm_vcpu *vcpu);
bool kvm_dirty_ring_push(struct kvm_vcpu *vcpu, uint32_t slot, uint64_t offset);
bool kvm_dirty_ring_soft_full(struct kvm_vcpu *vcpu);
bool kvm_dirty_ring_hart_page(void *opaque, const struct bus_ram *ram, uint64_t pa);
int kvm_vm_reset_dirty_rings(struct kvm_vm *vm);

/* memslot.c */
int kvm_vm_set_memory_region(struct kvm_vm *vm, const struct kvm_userspace_memory_region *mem);
void kvm_vm_free_memslots(struct kvm_vm *vm);

/* vcpu.c */
void kvm_vcpu_wake(struct kvm_vcpu *vcpu);
void kvm_vcpu_destroy(struct kvm_vcpu *vcpu);

/* vcpu_run.c */
int kvm_vcpu_run(struct kvm_vcpu *vcpu);

/* vcpu.c: requests to other vCPUs.  kvm_make_request_wait() returns once
 * the target has answered it or is outside the guest (it answers before
 * re-entering). */
void kvm_make_request(struct kvm_vcpu *vcpu, uint32_t req);
/* Make a vCPU look at requests it already has (kick out of the guest or
 * out of its sleep). */
void kvm_vcpu_notify(struct kvm_vcpu *vcpu);
void kvm_make_request_wait(struct kvm_vcpu *vcpu, uint32_t req);

/* riscv/vcpu.c: a hypervisor guest's vCPU */
void kvm_riscv_vcpu_setup(struct kvm_vcpu *vcpu);
void kvm_riscv_vcpu_reset(struct kvm_vcpu *vcpu, uint64_t pc, uint64_t a1);
void kvm_riscv_vcpu_answer_requests(struct kvm_vcpu *vcpu);

/* riscv/vcpu_sbi_hsm.c: KVM_RVKVM_SET_VCPU_PLUGGED */
int kvm_riscv_vm_set_vcpu_plugged(struct kvm_vm *vm, const struct kvm_rvkvm_vcpu_plug *p);
/* riscv/vcpu_exit.c: HART_EV_VMEXIT; returns as the run-loop handlers do */
int kvm_riscv_vcpu_exit(struct kvm_vcpu *vcpu);
/* riscv/vcpu_sbi.c */
int kvm_riscv_vcpu_sbi_ecall(struct kvm_vcpu *vcpu);
void kvm_riscv_vcpu_sbi_complete(struct kvm_vcpu *vcpu);
void kvm_riscv_vcpu_sta_update(struct kvm_vcpu *vcpu);
/* riscv/vcpu_sbi_sta.c: KVM_SET_ONE_REG of the steal-time record's address
 * (UINT64_MAX: none); -EINVAL unless 64-byte aligned. */
int kvm_riscv_vcpu_sta_set_shmem(struct kvm_vcpu *vcpu, uint64_t gpa);
int kvm_riscv_vcpu_sbi_ext_reg(struct kvm_vcpu *vcpu, uint64_t idx, bool set, uint64_t *v);

/* vcpu_run.c: sleep until an enabled interrupt is pending, a timer
 * deadline passes, a request or a kick (stopped: until made runnable). */
void kvm_vcpu_sleep(struct kvm_vcpu *vcpu, bool stopped);
/* vcpu_run.c: CLOCK_MONOTONIC in nanoseconds */
int64_t kvm_monotonic_ns(void);
/* halt_poll.c: a halt (WFI, HSM suspend): poll for a wake-up, then sleep. */
void kvm_vcpu_halt(struct kvm_vcpu *vcpu);

/* stats.c: KVM_GET_STATS_FD, and KVM's log-histogram update (bucket 0
 * counts 0, bucket i >= 1 counts [2^(i-1), 2^i), the last one the rest). */
int kvm_vm_get_stats_fd(struct kvm_vm *vm, struct kvm_stats_fd **out);
int kvm_vcpu_get_stats_fd(struct kvm_vcpu *vcpu, struct kvm_stats_fd **out);
void kvm_stats_log_hist_update(uint64_t *hist, size_t size, uint64_t value);

/* vcpu_reg.c */
int kvm_vcpu_get_one_reg(struct kvm_vcpu *vcpu, const struct kvm_one_reg *reg);
int kvm_vcpu_set_one_reg(struct kvm_vcpu *vcpu, const struct kvm_one_reg *reg);
int kvm_vcpu_get_reg_list(struct kvm_vcpu *vcpu, struct kvm_reg_list *list);

#endif
