/* SPDX-License-Identifier: MIT */
/* virtio-console with several ports (virtio 1.2 section 5.3, MULTIPORT):
 * port 0 may be a console (the guest's hvc0), the others are named serial
 * ports (the guest's /dev/vportNpM, /sys/class/virtio-ports/.../name).
 * Each port's host side is a unix socket rvkvm listens on: one client at a
 * time; its connecting and leaving are told to the guest (PORT_OPEN).
 * Bytes the guest writes while nobody is connected are dropped, as on a
 * serial line without a peer.
 *
 * A device thread of its own polls the queue kicks (a KVM ioeventfd on
 * QueueNotify), the listening sockets and the clients; a client is read
 * only while the guest has receive buffers posted, so a fast host writer
 * waits in its socket. */
#ifndef VMM_VIRTIO_CONSOLE_H
#define VMM_VIRTIO_CONSOLE_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "vmm/virtio/core.h"

#define VIRTIO_CONSOLE_MAX_PORTS   8
#define VIRTIO_CONSOLE_QUEUE_SIZE  128
#define VIRTIO_CONSOLE_NAME_MAX    64
#define VIRTIO_CONSOLE_F_MULTIPORT 1

/* Control events (5.3.6.2) */
#define VIRTIO_CONSOLE_DEVICE_READY 0
#define VIRTIO_CONSOLE_DEVICE_ADD   1
#define VIRTIO_CONSOLE_DEVICE_REMOVE 2
#define VIRTIO_CONSOLE_PORT_READY   3
#define VIRTIO_CONSOLE_CONSOLE_PORT 4
#define VIRTIO_CONSOLE_RESIZE       5
#define VIRTIO_CONSOLE_PORT_OPEN    6
#define VIRTIO_CONSOLE_PORT_NAME    7

struct virtio_console_port_opts {
	const char *name;          /* NULL: the console port (must be port 0) */
	const char *socket;        /* the host side */
};

struct virtio_console_port {
	bool present;
	bool is_console;
	char name[VIRTIO_CONSOLE_NAME_MAX];
	char socket[108];
	int listen_fd, client_fd;
	bool guest_ready;          /* PORT_READY seen */
	bool guest_open;           /* the guest has it open (PORT_OPEN from the driver) */
	bool host_open_sent;       /* the state last told to the guest */
	uint64_t to_guest, from_guest, dropped;   /* bytes */
};

struct virtio_console {
	struct virtio_dev vdev;
	unsigned nports;           /* ids 0..nports-1 (port 0 absent without a console) */
	struct virtio_console_port port[VIRTIO_CONSOLE_MAX_PORTS];
	bool device_ready;         /* DEVICE_READY seen */
	/* Control messages waiting for c_ivq buffers. */
	uint8_t ctrl_q[64][8 + VIRTIO_CONSOLE_NAME_MAX];
	uint16_t ctrl_len[64];
	unsigned ctrl_head, ctrl_count;
	int kick_fd, stop_fd;
	pthread_t thread;
	bool running;
	uint8_t buf[4096];
};

/* ports[0..n): port i gets id i; only ports[0] may be the console.
 * Binds the sockets.  Returns 0 or -errno (reason on stderr). */
int virtio_console_init(struct virtio_console *c, const struct virtio_console_port_opts *ports,
			unsigned n);
int virtio_console_start(struct virtio_console *c);
static inline int virtio_console_kick_fd(const struct virtio_console *c)
{
	return c->kick_fd;
}
/* One iteration of the thread's work without waiting (for tests). */
void virtio_console_process(struct virtio_console *c);
void virtio_console_exit(struct virtio_console *c);

#endif
