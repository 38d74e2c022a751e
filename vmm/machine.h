/* SPDX-License-Identifier: MIT */
/* The machine the VMM builds on a VM: RAM at 0x8000_0000, the in-core
 * ACLINT at 0x0200_0000, the in-core PLIC at 0x0c00_0000, a sifive,test1
 * finisher at 0x0010_0000, a goldfish RTC at 0x0010_1000, an ns16550a UART
 * at 0x1000_0000 (console on stdin/stdout) and HTIF when the firmware has
 * `tohost` (QEMU virt / spike layout).  One vCPU for now. */
#ifndef VMM_MACHINE_H
#define VMM_MACHINE_H

#include <stdatomic.h>
#include <stdbool.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>

#include "rvkvm/kvm.h"
#include "vmm/cpu_model.h"
#include "vmm/boot.h"
#include "vmm/htif.h"
#include "vmm/mmio.h"
#include "vmm/net/netdev.h"
#include "vmm/rtc_goldfish.h"
#include "vmm/sbi_console.h"
#include "vmm/sifive_test.h"
#include "vmm/term.h"
#include "vmm/uart_ns16550a.h"
#include "vmm/vhost/dev.h"
#include "vmm/vhost/virtiofsd.h"
#include "vmm/virtio/balloon.h"
#include "vmm/virtio/blk.h"
#include "vmm/virtio/console.h"
#include "vmm/virtio/mmio.h"
#include "vmm/virtio/net.h"
#include "vmm/virtio/rng.h"
#include "vmm/virtio/vsock.h"

#define MACHINE_RAM_BASE     0x80000000ULL
#define MACHINE_TEST_BASE    0x00100000ULL
#define MACHINE_UART_BASE    0x10000000ULL
#define MACHINE_MAX_DEVICES  16

/* The rest of the QEMU virt layout, as the device tree (vmm/fdt.c)
 * describes it; interrupt numbers are PLIC sources. */
#define MACHINE_TEST_SIZE    0x1000ULL
#define MACHINE_RTC_BASE     0x00101000ULL
#define MACHINE_RTC_SIZE     0x1000ULL
#define MACHINE_RTC_IRQ      11
#define MACHINE_ACLINT_BASE  0x02000000ULL
#define MACHINE_ACLINT_SIZE  0x10000ULL
#define MACHINE_ACLINT_SSWI_BASE 0x02f00000ULL   /* in-core, as QEMU virt,aclint=on */
#define MACHINE_ACLINT_SSWI_SIZE 0x4000ULL
#define MACHINE_PLIC_BASE    0x0c000000ULL
#define MACHINE_PLIC_SIZE    0x600000ULL
#define MACHINE_PLIC_NDEV    95        /* sources 1..95 */
#define MACHINE_UART_SIZE    0x100ULL
#define MACHINE_UART_IRQ     10
#define MACHINE_UART_CLOCK   3686400
#define MACHINE_VIRTIO_BASE  0x10001000ULL
#define MACHINE_VIRTIO_SIZE  0x1000ULL   /* per slot; slot n at BASE + n * SIZE */
#define MACHINE_VIRTIO_SLOTS 8
#define MACHINE_VIRTIO_IRQ(n) (1 + (n))

#define MACHINE_MAX_DISKS    MACHINE_VIRTIO_SLOTS
#define MACHINE_MAX_NETS     4
#define MACHINE_MAX_VHOSTS   4

struct machine_disk {
	const char *path;
	bool readonly;
	bool direct;             /* O_DIRECT: past the host's page cache */
};

/* --balloon / PUT /balloon. */
struct machine_balloon {
	bool enabled;
	uint32_t amount_mib;         /* initial target */
	bool deflate_on_oom;
	bool free_page_reporting;
	unsigned stats_interval_s;
};

/* A device served by a vhost-user backend (--fs, --vhost-user-blk). */
struct machine_vhost {
	enum vhost_dev_kind kind;
	const char *socket;
	const char *tag;         /* fs */
	const char *dir;         /* fs without a socket: rvkvm starts virtiofsd on it */
	unsigned reconnect_s;    /* blk: seconds between attempts to reach a backend
				  * that hung up; 0: the device fails instead */
};

enum machine_console {
	MACHINE_CONSOLE_STDIO,   /* UART on stdin/stdout */
	MACHINE_CONSOLE_NONE,    /* UART output discarded, no input */
};

/* Build the machine from a snapshot instead of boot images
 * (vmm/machine_snapshot.c): the configuration comes from the state file
 * (machine_snapshot_read_config), RAM from the memory file, or with uffd
 * from the page-fault handler connected on uffd_sock (see
 * vmm/snapshot/uffd.h; mem_path NULL, the socket stays the caller's). */
struct machine_restore {
	const char *state_path;
	const char *mem_path;
	bool uffd;
	int uffd_sock;
	/* Or an incoming live migration: RAM and state come from its stream
	 * once the machine is built (machine_migrate_receive); disk images are
	 * locked only when the source lets go of them. */
	bool incoming;
};

struct machine_config {
	/* A kernel without firmware runs as a hypervisor guest: VS-mode, the
	 * SBI served by the core (KVM_VM_TYPE_HYP_GUEST); with firmware the
	 * machine is a full one (M-mode firmware, OpenSBI by default). */
	bool hyp_guest;
	const char *firmware;    /* "default" with a kernel: OpenSBI fw_dynamic */
	uint64_t mem_size;
	/* Linux boot (vmm/boot.c) */
	const char *kernel;      /* NULL: bare firmware */
	const char *initrd;
	const char *append;      /* /chosen/bootargs */
	const char *dump_dtb;    /* debug: write the device tree here and stop */
	unsigned nr_cpus;        /* 1..KVM_MAX_VCPUS (0 means 1) */
	struct cpu_model cpu;    /* --cpu: the optional extensions switched off */
	/* vCPU hotplug (hypervisor guests): harts 0..nr_plugged-1 plugged,
	 * the rest in the device tree but unstartable; 0: all plugged. */
	unsigned nr_plugged;
	struct machine_disk disks[MACHINE_MAX_DISKS];
	unsigned nr_disks;
	struct netdev_config nets[MACHINE_MAX_NETS];
	unsigned nr_nets;
	struct machine_vhost vhosts[MACHINE_MAX_VHOSTS];
	unsigned nr_vhosts;
	struct machine_balloon balloon;
	/* virtio-console ports (--virtio-console, --serial-port): ports[0] is
	 * the console (name NULL) when there is one. */
	struct virtio_console_port_opts vports[VIRTIO_CONSOLE_MAX_PORTS];
	unsigned nr_vports;
	enum machine_console console;
	int64_t halt_poll_ns;    /* KVM_CAP_HALT_POLL maximum; -1: the core's default */
	uint32_t sbi_disabled;   /* hypervisor guests: bit n = KVM_RISCV_SBI_EXT n off */
	bool has_vsock;          /* --vsock: virtio-vsock on unix sockets */
	struct virtio_vsock_opts vsock;
	const struct machine_restore *restore;   /* NULL: boot */
	bool track_dirty_pages;  /* dirty logging on RAM, for Diff snapshots */
};

struct machine_device {
	const char *name;
	uint64_t base, size;
	const struct vmm_mmio_ops *ops;
	void *opaque;
};

/* One virtio-mmio slot: a device (or a placeholder) and its IRQ line. */
struct machine_virtio_slot {
	struct machine *m;
	unsigned irq;
	struct virtio_mmio transport;
};

struct snap_reader;
struct snap_writer;
struct migration;
struct postcopy_dest;
struct snap_uffd;

struct machine {
	const struct machine_config *cfg;   /* what it was built from (outlives it) */
	struct snap_reader *restoring;      /* a restore's state file, during machine_init */
	uint64_t snap_id;                   /* the last snapshot saved or restored, 0: none */
	bool log_dirty;                     /* dirty logging for a migration */
	struct migration *mig;              /* the outgoing migration, or NULL */
	struct postcopy_dest *postcopy_in;  /* an incoming post-copy's page thread */
	struct snap_uffd *uffd_backend;     /* a restore's Uffd memory backend, or NULL */
	struct kvm *kvm;
	struct kvm_vm *vm;
	/* vCPU i is hart i, driven by its own thread (vCPU 0: the caller's). */
	unsigned nr_cpus;
	unsigned nr_plugged;     /* vCPU hotplug: harts below it can be started */
	struct kvm_vcpu *vcpus[KVM_MAX_VCPUS];
	struct kvm_run *runs[KVM_MAX_VCPUS];
	pthread_t threads[KVM_MAX_VCPUS];
	/* Device models are not thread-safe: MMIO exits are handled under it. */
	pthread_mutex_t mmio_lock;
	int exit_status;

	uint8_t *ram;
	uint64_t ram_base, ram_size;

	struct machine_device devices[MACHINE_MAX_DEVICES];
	unsigned ndevices;
	struct htif htif;
	bool has_htif;
	struct uart_ns16550a uart;
	struct sifive_test test;
	struct rtc_goldfish rtc;
	/* Console input: stdin through term (started by machine_run) to the
	 * UART; Ctrl-A x sets console_quit from the input thread. */
	struct term term;
	bool console_input;
	atomic_bool console_quit;
	struct boot_info boot;   /* where firmware, kernel, initrd and device tree went */
	/* virtio-mmio: disks in slots 0..nr_disks-1, then the network
	 * interfaces, then the entropy device. */
	struct machine_virtio_slot virtio[MACHINE_VIRTIO_SLOTS];
	struct virtio_blk blk[MACHINE_MAX_DISKS];
	unsigned nr_blk;
	struct virtio_net net[MACHINE_MAX_NETS];
	unsigned nr_net;
	struct vhost_dev vhost[MACHINE_MAX_VHOSTS];
	struct virtiofsd virtiofsd[MACHINE_MAX_VHOSTS];   /* the ones rvkvm started */
	unsigned vhost_slot[MACHINE_MAX_VHOSTS];
	unsigned nr_vhost;
	int ram_fd;              /* guest RAM's memfd when a vhost-user backend maps it, else -1 */
	struct virtio_balloon balloon;
	bool has_balloon;
	struct virtio_console vcon;
	bool has_vcon;
	unsigned vcon_slot;
	struct virtio_rng rng;
	bool has_rng;
	struct virtio_vsock vsock;       /* --vsock, in the slot after the others */
	bool has_vsock;
	unsigned vsock_slot;

	struct sbi_console sbi_console;  /* hypervisor guests' forwarded SBI calls */
	struct vmm_stop stop;

	/* Pause (machine_pause): vCPU threads park outside KVM_RUN. */
	pthread_mutex_t pause_lock;
	pthread_cond_t pause_cond;
	bool pause_requested;
	unsigned parked;
	bool running;            /* machine_run has started the vCPU threads */
};

/* Build the machine and load the firmware; errors are reported on stderr.
 * Returns 0 or -errno. */
int machine_init(struct machine *m, const struct machine_config *cfg);
/* vCPU hotplug: harts 0..k-1 plugged, the rest unplugged (1 <= k <=
 * nr_cpus).  -EBUSY, nothing changed, when a hart to unplug is started in
 * the guest: *busy is the first one. */
int machine_set_plugged(struct machine *m, unsigned k, unsigned *busy);
/* Whether the guest has started hart i (HSM: not stopped). */
bool machine_vcpu_online(struct machine *m, unsigned i);
/* Run until the guest stops; returns the process exit status. */
int machine_run(struct machine *m);
/* End the run with status (the first request wins) and stop every vCPU. */
void machine_stop(struct machine *m, int status);
/* Stop every vCPU outside the guest and keep it there (devices run on);
 * returns once all are parked, 0, or -EAGAIN when the machine is not
 * running.  Any thread but a vCPU's. */
int machine_pause(struct machine *m);
void machine_resume(struct machine *m);
/* Before machine_run: the vCPUs start parked, as if paused, until
 * machine_resume (a restored VM that is not to resume at once). */
void machine_start_paused(struct machine *m);
void machine_destroy(struct machine *m);

/* Snapshots (vmm/machine_snapshot.c).  Create: the machine paused
 * (machine_pause), write its state and memory files; the machine can be
 * resumed afterwards.  A diff snapshot (cfg->track_dirty_pages, after a
 * full one or a restore) writes only the pages dirtied since that
 * snapshot; `rvkvm snapshot-rebase` applies it onto that snapshot's
 * memory file.  Returns 0 or -errno with the reason in err. */
int machine_snapshot_create(struct machine *m, const char *state_path, const char *mem_path,
			    bool diff, char *err, size_t errlen);
/* The configuration a state file was taken with, into cfg (its devices
 * and VM settings; the console and other host-side settings are cfg's
 * own), once the state file and the memory file at mem_path (unless NULL:
 * the Uffd backend's handler has it) are checked.
 * Strings are copied through keep.  Returns 0 or -errno, err set. */
int machine_snapshot_read_config(const char *state_path, const char *mem_path,
				 struct machine_config *cfg,
				 const char *(*keep)(void *ctx, const char *s), void *ctx,
				 char *err, size_t errlen);
/* machine_init's two halves of a restore: guest RAM mapped from the memory
 * file (copy-on-write: the file is never written) or served by the Uffd
 * backend's handler, then, once devices and vCPUs exist, their state.
 * Return 0 or -errno with a message on stderr. */
/* The pieces: with the vCPUs paused, why the machine cannot be saved (or
 * NULL); devices stopped from touching guest memory and started again;
 * the whole state (configuration, vCPUs, irqchip, devices) into w. */
const char *machine_unsaveable(struct machine *m, char *buf, size_t len);
void machine_devices_freeze(struct machine *m);
void machine_devices_thaw(struct machine *m);
/* Frozen devices let go once the guest runs elsewhere: they consume
 * nothing more (virtio_mmio_retire). */
void machine_devices_retire(struct machine *m);
int machine_state_build(struct machine *m, struct snap_writer *w, char *err, size_t errlen);
/* Dirty logging of RAM on or off (besides track_dirty_pages). */
int machine_log_dirty(struct machine *m, bool on);
int machine_restore_ram(struct machine *m, const struct machine_restore *rs, void **ram);
int machine_restore_state(struct machine *m);

/* Live migration, pre-copy (vmm/machine_migrate.c; the stream is
 * vmm/migration/stream.h).  The source: machine_migrate_start sends the
 * running machine to params->destination from a thread of its own (RAM in
 * rounds of dirty pages while the guest runs, then a stop-and-copy of the
 * rest and the state); once the destination has it running, this
 * machine stops (machine_run returns 0).  On any failure the guest goes
 * on here.  0 or -errno with err filled; -EBUSY while one is active. */
enum machine_migrate_state {
	MIGRATE_NONE, MIGRATE_ACTIVE, MIGRATE_COMPLETED, MIGRATE_FAILED, MIGRATE_CANCELLED,
};
struct machine_migrate_params {
	const char *destination;     /* unix:PATH or tcp:HOST:PORT */
	unsigned downtime_ms;        /* stop-and-copy once the rest fits this (0: 50) */
	bool auto_converge;          /* throttle the vCPUs when the guest outruns the link */
	bool postcopy;               /* run there at once, memory follows on demand */
	uint64_t max_bandwidth;      /* bytes/s for pages sent in order (0: no limit) */
	unsigned max_rounds;         /* pre-copy rounds before stopping anyway (0: 30) */
};
struct machine_migrate_status {
	enum machine_migrate_state state;
	char error[256];
	unsigned rounds;
	uint64_t bytes_sent, pages_sent, pages_total;
	uint64_t pages_remaining;    /* dirty at the last round */
	uint64_t dirty_rate;         /* pages/s over the last round */
	uint64_t bandwidth;          /* bytes/s over the last round */
	unsigned throttle_percent;
	bool postcopy;
	uint64_t pages_requested;    /* post-copy: asked for by the destination's faults */
	double downtime_ms;          /* guest paused here to running there */
	double total_ms;
};
int machine_migrate_start(struct machine *m, const struct machine_migrate_params *p, char *err,
			  size_t errlen);
void machine_migrate_status(struct machine *m, struct machine_migrate_status *st);
/* Stop an active migration: the guest goes on here.  -ENOENT when none,
 * -EBUSY once the hand-over to the destination has begun. */
int machine_migrate_cancel(struct machine *m);
void machine_migrate_free(struct machine *m);   /* joins the thread (machine_destroy) */
/* The destination: listen on addr, accept the source, read its
 * configuration into cfg (strings through keep, as
 * machine_snapshot_read_config).  Returns the connection's fd or -errno,
 * err filled.  Then machine_init with cfg->restore->incoming and
 * machine_migrate_receive: RAM and state from the stream, disks locked,
 * the reply sent; 0 (the machine is ready to run; *paused: it was paused
 * on the source and stays so) or -errno. */
int machine_migrate_listen(const char *addr, struct machine_config *cfg,
			   const char *(*keep)(void *ctx, const char *s), void *ctx, char *err,
			   size_t errlen);
int machine_migrate_receive(struct machine *m, int fd, bool *paused);

#endif
