/* SPDX-License-Identifier: MIT */
/* The virtio-mmio transport, version 2 (virtio 1.2 section 4.2): the
 * registers at 0x000..0x0fc and the device's configuration space from
 * 0x100.  One interrupt line per device, asserted while InterruptStatus is
 * non-zero (level semantics, as the PLIC expects).
 *
 * Wiring (QEMU virt layout): slot i at 0x1000_1000 + 0x1000 * i with PLIC
 * source 1 + i, device tree node "virtio,mmio" with reg size 0x1000:
 *
 *	struct virtio_mmio_env env = {
 *		.mem = { ram_host, ram_gpa, ram_size, mark_dirty_or_NULL, opaque },
 *		.set_irq = raise_or_lower_plic_source, .irq_opaque = ...,
 *	};
 *	virtio_blk_init(&blk, &opts);
 *	virtio_mmio_init(&mmio, &blk.vdev, &env);
 *	add an MMIO region at the slot with &virtio_mmio_ops and &mmio;
 *	empty slots may use &virtio_mmio_placeholder_ops (DeviceID 0).
 *
 * Device tree, per slot: virtio_mmio@10001000 { compatible = "virtio,mmio";
 * reg = <0x0 0x10001000 0x0 0x1000>; interrupts = <1>;
 * interrupt-parent = <&plic>; }.
 *
 * Accesses run in the caller's thread (the vCPU's, today); a QueueNotify
 * processes the queue before returning (see core.h on iothreads). */
#ifndef VMM_VIRTIO_MMIO_H
#define VMM_VIRTIO_MMIO_H

#include <stdbool.h>
#include <stdint.h>

#include "vmm/mmio.h"
#include "vmm/virtio/core.h"

#define VIRTIO_MMIO_SIZE      0x1000ULL
#define VIRTIO_MMIO_MAGIC     0x74726976   /* "virt" */
#define VIRTIO_MMIO_VERSION   2
#define VIRTIO_MMIO_VENDOR_ID 0x766b7672   /* "rvkv" */

/* Register offsets (4.2.2) */
#define VIRTIO_MMIO_MAGIC_VALUE         0x000
#define VIRTIO_MMIO_VERSION_REG         0x004
#define VIRTIO_MMIO_DEVICE_ID           0x008
#define VIRTIO_MMIO_VENDOR_ID_REG       0x00c
#define VIRTIO_MMIO_DEVICE_FEATURES     0x010
#define VIRTIO_MMIO_DEVICE_FEATURES_SEL 0x014
#define VIRTIO_MMIO_DRIVER_FEATURES     0x020
#define VIRTIO_MMIO_DRIVER_FEATURES_SEL 0x024
#define VIRTIO_MMIO_QUEUE_SEL           0x030
#define VIRTIO_MMIO_QUEUE_NUM_MAX       0x034
#define VIRTIO_MMIO_QUEUE_NUM           0x038
#define VIRTIO_MMIO_QUEUE_READY         0x044
#define VIRTIO_MMIO_QUEUE_NOTIFY        0x050
#define VIRTIO_MMIO_INTERRUPT_STATUS    0x060
#define VIRTIO_MMIO_INTERRUPT_ACK       0x064
#define VIRTIO_MMIO_STATUS              0x070
#define VIRTIO_MMIO_QUEUE_DESC_LOW      0x080
#define VIRTIO_MMIO_QUEUE_DESC_HIGH     0x084
#define VIRTIO_MMIO_QUEUE_DRIVER_LOW    0x090
#define VIRTIO_MMIO_QUEUE_DRIVER_HIGH   0x094
#define VIRTIO_MMIO_QUEUE_DEVICE_LOW    0x0a0
#define VIRTIO_MMIO_QUEUE_DEVICE_HIGH   0x0a4
#define VIRTIO_MMIO_SHM_SEL             0x0ac
#define VIRTIO_MMIO_SHM_LEN_LOW         0x0b0
#define VIRTIO_MMIO_SHM_LEN_HIGH        0x0b4
#define VIRTIO_MMIO_SHM_BASE_LOW        0x0b8
#define VIRTIO_MMIO_SHM_BASE_HIGH       0x0bc
#define VIRTIO_MMIO_QUEUE_RESET         0x0c0
#define VIRTIO_MMIO_CONFIG_GENERATION   0x0fc
#define VIRTIO_MMIO_CONFIG              0x100

struct virtio_mmio_env {
	struct virtio_mem mem;   /* guest RAM: the only memory the device touches */
	/* Drive the transport's interrupt line; called on level changes. */
	void (*set_irq)(void *opaque, bool level);
	void *irq_opaque;
};

struct virtio_mmio {
	struct virtio_dev *dev;
	struct virtio_mmio_env env;
	uint32_t device_features_sel, driver_features_sel, queue_sel;
	uint32_t interrupt_status;
	bool irq_level;
};

/* Bind dev to this transport and reset it.  Returns 0 or -EINVAL. */
int virtio_mmio_init(struct virtio_mmio *t, struct virtio_dev *dev,
		     const struct virtio_mmio_env *env);
/* The transport's own state, and its device's, to save and restore. */
struct virtio_mmio_state {
	uint32_t device_features_sel, driver_features_sel, queue_sel;
	uint32_t interrupt_status;
	struct virtio_dev_state dev;
};
/* Snapshots: freeze takes the device's lock and waits until nothing it
 * started still writes guest memory; the device stays still (its threads
 * wait for the lock) until thaw.  Save while frozen, or on a device
 * without threads (tests). */
void virtio_mmio_freeze(struct virtio_mmio *t);
void virtio_mmio_thaw(struct virtio_mmio *t);
/* Instead of thaw, once the guest runs elsewhere (a completed migration):
 * the device consumes no more buffers (as before DRIVER_OK), so nothing
 * the guest queued is done twice, and its threads can be stopped. */
void virtio_mmio_retire(struct virtio_mmio *t);
void virtio_mmio_save(struct virtio_mmio *t, struct virtio_mmio_state *s);
/* After virtio_mmio_init with the same env: the line is driven to match.
 * Returns 0 or -EINVAL (see virtio_dev_load). */
int virtio_mmio_load(struct virtio_mmio *t, const struct virtio_mmio_state *s);

/* Registers: opaque is the struct virtio_mmio. */
extern const struct vmm_mmio_ops virtio_mmio_ops;
/* An empty slot: magic and version, DeviceID 0; opaque is unused. */
extern const struct vmm_mmio_ops virtio_mmio_placeholder_ops;

#endif
