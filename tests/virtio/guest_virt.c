// SPDX-License-Identifier: MIT
/* A bare-metal virtio driver for the QEMU virt layout (virtio-mmio slots at
 * 0x1000_1000 + 0x1000 * i): finds a virtio-blk and a virtio-rng device,
 * initializes them as Linux does (modern, version 2), reads, writes,
 * flushes, asks for the ID, checks an out-of-range read fails with IOERR,
 * then breaks the ring on purpose (a head index past the queue) and expects
 * DEVICE_NEEDS_RESET, resets and checks the device works again.  Then asks
 * the rng for bytes.  Every completion must show in InterruptStatus and as
 * a pending PLIC source (1 + slot); the program polls, interrupts stay
 * disabled.  Console on the ns16550a at 0x1000_0000; exit through
 * the sifive,test1 finisher at 0x10_0000 (0 = pass, else the failing step).
 *
 * The same ELF runs on QEMU (the oracle, see run_guest.sh) and on rvkvm
 * once the machine has virtio slots.  Expects an image whose sector 0
 * starts with "RVKVM-VIRTIO-IMAGE" and is 64 KiB long, serial
 * "rvkvm-serial". */
#include <stdint.h>

#define UART       ((volatile uint8_t *)0x10000000UL)
#define PLIC_PENDING ((volatile uint32_t *)0x0c001000UL)
#define FINISHER   ((volatile uint32_t *)0x100000UL)
#define SLOT(i)    (0x10001000UL + 0x1000UL * (i))
#define NSLOTS     8
#define QSZ        16

#define REG_MAGIC 0x000
#define REG_VERSION 0x004
#define REG_DEVICE_ID 0x008
#define REG_DEV_FEAT 0x010
#define REG_DEV_FEAT_SEL 0x014
#define REG_DRV_FEAT 0x020
#define REG_DRV_FEAT_SEL 0x024
#define REG_QUEUE_SEL 0x030
#define REG_QUEUE_NUM_MAX 0x034
#define REG_QUEUE_NUM 0x038
#define REG_QUEUE_READY 0x044
#define REG_QUEUE_NOTIFY 0x050
#define REG_INT_STATUS 0x060
#define REG_INT_ACK 0x064
#define REG_STATUS 0x070
#define REG_DESC_LO 0x080
#define REG_DESC_HI 0x084
#define REG_DRIVER_LO 0x090
#define REG_DRIVER_HI 0x094
#define REG_DEVICE_LO 0x0a0
#define REG_DEVICE_HI 0x0a4
#define REG_CONFIG 0x100

#define S_ACK 1
#define S_DRIVER 2
#define S_DRIVER_OK 4
#define S_FEATURES_OK 8
#define S_NEEDS_RESET 64

#define F_NEXT 1
#define F_WRITE 2
#define F_INDIRECT 4

struct desc {
	uint64_t addr;
	uint32_t len;
	uint16_t flags, next;
};

struct vq {
	struct desc desc[QSZ] __attribute__((aligned(16)));
	struct { uint16_t flags, idx, ring[QSZ], used_event; } avail __attribute__((aligned(4)));
	struct { uint16_t flags, idx; struct { uint32_t id, len; } ring[QSZ]; uint16_t avail_event; }
		used __attribute__((aligned(4)));
	uint16_t avail_idx, last_used;
	uintptr_t base;
};

static struct vq blkq, rngq;
uint8_t stack[8192] __attribute__((aligned(16)));
static uint8_t buf[2048] __attribute__((aligned(16)));
static uint8_t buf2[2048] __attribute__((aligned(16)));
static struct { uint32_t type, reserved; uint64_t sector; } hdr;
static volatile uint8_t status;
static struct desc itable[3] __attribute__((aligned(16)));

int main(void);

__attribute__((naked, section(".text.init"))) void _start(void)
{
	__asm__ volatile("la sp, stack + 8192\n\tj main");
}

static void putc_(char c)
{
	while (!(UART[5] & 0x20))
		;
	UART[0] = (uint8_t)c;
}

static void puts_(const char *s)
{
	while (*s)
		putc_(*s++);
}

static void puthex(uint64_t v)
{
	puts_("0x");
	for (int i = 60; i >= 0; i -= 4)
		putc_("0123456789abcdef"[(v >> i) & 15]);
}

static __attribute__((noreturn)) void finish(uint32_t code)
{
	*FINISHER = code ? (code << 16) | 0x3333 : 0x5555;
	for (;;)
		;
}

static void check(int ok, uint32_t step, const char *what)
{
	if (ok)
		return;
	puts_("virtio guest FAIL at step ");
	puthex(step);
	puts_(": ");
	puts_(what);
	putc_('\n');
	finish(step);
}

static void bzero_(void *p, unsigned long n)
{
	volatile uint8_t *b = p;
	while (n--)
		*b++ = 0;
}

static inline uint32_t rd(uintptr_t b, uint32_t off) { return *(volatile uint32_t *)(b + off); }
static inline void wr(uintptr_t b, uint32_t off, uint32_t v) { *(volatile uint32_t *)(b + off) = v; }

static uintptr_t find(uint32_t id)
{
	for (int i = 0; i < NSLOTS; i++) {
		uintptr_t b = SLOT(i);
		if (rd(b, REG_MAGIC) == 0x74726976 && rd(b, REG_DEVICE_ID) == id)
			return b;
	}
	return 0;
}

/* Linux order: reset, ACK, DRIVER, features, FEATURES_OK, queue 0,
 * DRIVER_OK.  Returns the features the device offered (low word). */
static uint32_t dev_init(struct vq *q, uintptr_t b, uint32_t want, uint32_t step)
{
	check(rd(b, REG_VERSION) == 2, step, "Version is not 2 (QEMU: force-legacy=false?)");
	wr(b, REG_STATUS, 0);
	check(rd(b, REG_STATUS) == 0, step + 1, "status not 0 after reset");
	wr(b, REG_STATUS, S_ACK);
	wr(b, REG_STATUS, S_ACK | S_DRIVER);
	wr(b, REG_DEV_FEAT_SEL, 1);
	uint32_t hi = rd(b, REG_DEV_FEAT);
	wr(b, REG_DEV_FEAT_SEL, 0);
	uint32_t lo = rd(b, REG_DEV_FEAT);
	check(hi & 1, step + 2, "VIRTIO_F_VERSION_1 not offered");
	wr(b, REG_DRV_FEAT_SEL, 1);
	wr(b, REG_DRV_FEAT, 1);
	wr(b, REG_DRV_FEAT_SEL, 0);
	wr(b, REG_DRV_FEAT, lo & want);
	wr(b, REG_STATUS, S_ACK | S_DRIVER | S_FEATURES_OK);
	check(rd(b, REG_STATUS) & S_FEATURES_OK, step + 3, "FEATURES_OK refused");
	bzero_(q, sizeof(*q));
	q->base = b;
	wr(b, REG_QUEUE_SEL, 0);
	check(rd(b, REG_QUEUE_READY) == 0, step + 4, "queue already ready");
	check(rd(b, REG_QUEUE_NUM_MAX) >= QSZ, step + 5, "QueueNumMax too small");
	wr(b, REG_QUEUE_NUM, QSZ);
	wr(b, REG_DESC_LO, (uint32_t)(uintptr_t)q->desc);
	wr(b, REG_DESC_HI, (uint32_t)((uint64_t)(uintptr_t)q->desc >> 32));
	wr(b, REG_DRIVER_LO, (uint32_t)(uintptr_t)&q->avail);
	wr(b, REG_DRIVER_HI, (uint32_t)((uint64_t)(uintptr_t)&q->avail >> 32));
	wr(b, REG_DEVICE_LO, (uint32_t)(uintptr_t)&q->used);
	wr(b, REG_DEVICE_HI, (uint32_t)((uint64_t)(uintptr_t)&q->used >> 32));
	wr(b, REG_QUEUE_READY, 1);
	wr(b, REG_STATUS, S_ACK | S_DRIVER | S_FEATURES_OK | S_DRIVER_OK);
	return lo;
}

static void submit(struct vq *q, uint16_t head)
{
	q->avail.ring[q->avail_idx % QSZ] = head;
	__sync_synchronize();
	q->avail_idx++;
	*(volatile uint16_t *)&q->avail.idx = q->avail_idx;
	__sync_synchronize();
	wr(q->base, REG_QUEUE_NOTIFY, 0);
}

/* Wait for the next used element, its interrupt (InterruptStatus bit 0 and
 * the PLIC source 1 + slot pending) and acknowledge; returns its length. */
static uint32_t wait_used(struct vq *q, uint32_t step)
{
	for (unsigned long spin = 0; *(volatile uint16_t *)&q->used.idx == q->last_used; spin++)
		check(spin < 200000000UL, step, "request never completed");
	__sync_synchronize();
	uint32_t len = q->used.ring[q->last_used % QSZ].len;
	q->last_used++;
	unsigned irq = 1 + (unsigned)((q->base - SLOT(0)) / 0x1000);
	for (unsigned long spin = 0; !(rd(q->base, REG_INT_STATUS) & 1); spin++)
		check(spin < 100000000UL, step, "no used buffer interrupt status");
	for (unsigned long spin = 0; !(PLIC_PENDING[irq / 32] & (1u << (irq % 32))); spin++)
		check(spin < 100000000UL, step, "PLIC source not pending");
	wr(q->base, REG_INT_ACK, rd(q->base, REG_INT_STATUS));
	return len;
}

static void desc(struct desc *d, void *addr, uint32_t len, uint16_t flags, uint16_t next)
{
	d->addr = (uint64_t)(uintptr_t)addr;
	d->len = len;
	d->flags = flags;
	d->next = next;
}

/* A three-descriptor blk request; returns the status byte. */
static uint8_t blk_rq(uint32_t type, uint64_t sector, void *data, uint32_t len, uint32_t step)
{
	hdr.type = type;
	hdr.reserved = 0;
	hdr.sector = sector;
	status = 0xff;
	desc(&blkq.desc[0], &hdr, 16, F_NEXT, 1);
	desc(&blkq.desc[1], data, len, (uint16_t)(F_NEXT | (type == 1 ? 0 : F_WRITE)), 2);
	desc(&blkq.desc[2], (void *)&status, 1, F_WRITE, 0);
	submit(&blkq, 0);
	wait_used(&blkq, step);
	return status;
}

int main(void)
{
	puts_("virtio guest: start\n");
	uintptr_t b = find(2);
	check(b != 0, 1, "no virtio-blk device");
	uint32_t feat = dev_init(&blkq, b, (1u << 9) | (1u << 28), 0x10);  /* FLUSH, INDIRECT */
	uint64_t cap = rd(b, REG_CONFIG) | (uint64_t)rd(b, REG_CONFIG + 4) << 32;
	check(cap == 128, 2, "capacity is not 128 sectors");

	/* Read sector 0. */
	check(blk_rq(0, 0, buf, 512, 3) == 0, 3, "read status");
	const char *sig = "RVKVM-VIRTIO-IMAGE";
	for (int i = 0; sig[i]; i++)
		check(buf[i] == (uint8_t)sig[i], 4, "sector 0 content");

	/* Write two sectors, flush, read back. */
	for (int i = 0; i < 1024; i++)
		buf[i] = (uint8_t)(i * 13 + 5);
	check(blk_rq(1, 2, buf, 1024, 5) == 0, 5, "write status");
	if (feat & (1u << 9)) {
		hdr.type = 4;
		hdr.sector = 0;
		status = 0xff;
		desc(&blkq.desc[0], &hdr, 16, F_NEXT, 1);
		desc(&blkq.desc[1], (void *)&status, 1, F_WRITE, 0);
		submit(&blkq, 0);
		wait_used(&blkq, 6);
		check(status == 0, 6, "flush status");
	}
	bzero_(buf2, sizeof(buf2));
	check(blk_rq(0, 2, buf2, 1024, 7) == 0, 7, "read-back status");
	for (int i = 0; i < 1024; i++)
		check(buf2[i] == (uint8_t)(i * 13 + 5), 8, "read-back content");

	/* The same read through an indirect table. */
	if (feat & (1u << 28)) {
		bzero_(buf2, sizeof(buf2));
		hdr.type = 0;
		hdr.sector = 2;
		status = 0xff;
		desc(&itable[0], &hdr, 16, F_NEXT, 1);
		desc(&itable[1], buf2, 1024, F_NEXT | F_WRITE, 2);
		desc(&itable[2], (void *)&status, 1, F_WRITE, 0);
		desc(&blkq.desc[5], itable, sizeof(itable), F_INDIRECT, 0);
		submit(&blkq, 5);
		wait_used(&blkq, 9);
		check(status == 0 && buf2[1023] == (uint8_t)(1023 * 13 + 5), 9, "indirect read");
	}

	/* GET_ID */
	bzero_(buf2, 32);
	check(blk_rq(8, 0, buf2, 20, 10) == 0, 10, "GET_ID status");
	const char *id = "rvkvm-serial";
	for (int i = 0; id[i]; i++)
		check(buf2[i] == (uint8_t)id[i], 11, "GET_ID content");

	/* Past the end: IOERR. */
	check(blk_rq(0, 128, buf2, 512, 12) == 1, 12, "out-of-range read is not IOERR");

	/* A hostile ring: head 16 in a 16-entry queue. */
	submit(&blkq, QSZ);
	for (unsigned long spin = 0; !(rd(b, REG_STATUS) & S_NEEDS_RESET); spin++)
		check(spin < 100000000UL, 13, "no DEVICE_NEEDS_RESET after a bad head");
	check(rd(b, REG_INT_STATUS) & 2, 14, "no configuration change interrupt");
	dev_init(&blkq, b, 0, 0x20);
	check(!(rd(b, REG_STATUS) & S_NEEDS_RESET), 15, "NEEDS_RESET survived a reset");
	check(blk_rq(0, 0, buf, 512, 16) == 0 && buf[0] == 'R', 16, "read after reset");

	/* Entropy. */
	uintptr_t r = find(4);
	check(r != 0, 17, "no virtio-rng device");
	dev_init(&rngq, r, 0, 0x30);
	bzero_(buf, 64);
	desc(&rngq.desc[0], buf, 64, F_WRITE, 0);
	submit(&rngq, 0);
	uint32_t got = wait_used(&rngq, 18);
	check(got > 0 && got <= 64, 19, "rng used length");

	puts_("virtio guest OK\n");
	finish(0);
}
