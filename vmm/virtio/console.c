// SPDX-License-Identifier: MIT
/* virtio-console, MULTIPORT (virtio 1.2, 5.3); see console.h.
 *
 * Queues (5.3.2): port 0 receiveq 0 and transmitq 1, the control
 * receiveq 2 and transmitq 3, port n >= 1 at 2(n+1) and 2(n+1)+1.
 * Control (5.3.6.2): the driver's DEVICE_READY is answered with
 * DEVICE_ADD for each port; each PORT_READY with CONSOLE_PORT or
 * PORT_NAME, then PORT_OPEN when a host client is connected.  A control
 * message from the driver with an unknown id or event is ignored. */
#include "vmm/virtio/console.h"

#include <endian.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <unistd.h>

#define CON_CIVQ 2
#define CON_COVQ 3
#define CON_CTRL_SIZE 8      /* le32 id, le16 event, le16 value */
#define CON_CONFIG_SIZE 12   /* cols, rows, max_nr_ports, emerg_wr */
#define CON_WRITE_WAIT_MS 100

static struct virtio_console *to_con(struct virtio_dev *dev)
{
	return (struct virtio_console *)((char *)dev - offsetof(struct virtio_console, vdev));
}

static unsigned rxq(unsigned id)
{
	return id ? 2 * (id + 1) : 0;
}

static unsigned txq(unsigned id)
{
	return rxq(id) + 1;
}

static void con_config_read(struct virtio_dev *dev, uint32_t off, void *buf, uint32_t len)
{
	struct virtio_console *c = to_con(dev);
	uint8_t cfg[CON_CONFIG_SIZE] = { 0 };
	uint32_t n = htole32(c->nports);
	memcpy(cfg + 4, &n, 4);
	memcpy(buf, cfg + off, len);
}

/* Queue a control message for the driver (dev->lock held). */
static void con_ctrl(struct virtio_console *c, uint32_t id, uint16_t event, uint16_t value,
		     const char *extra)
{
	if (c->ctrl_count == sizeof(c->ctrl_len) / sizeof(c->ctrl_len[0]))
		return;   /* the driver is not taking them: its loss */
	unsigned slot = (c->ctrl_head + c->ctrl_count++) % (sizeof(c->ctrl_len) / sizeof(c->ctrl_len[0]));
	uint8_t *m = c->ctrl_q[slot];
	uint32_t le_id = htole32(id);
	uint16_t le_ev = htole16(event), le_val = htole16(value);
	memcpy(m, &le_id, 4);
	memcpy(m + 4, &le_ev, 2);
	memcpy(m + 6, &le_val, 2);
	size_t n = extra ? strlen(extra) : 0;
	memcpy(m + CON_CTRL_SIZE, extra, n);
	c->ctrl_len[slot] = (uint16_t)(CON_CTRL_SIZE + n);
}

static void con_tell_open(struct virtio_console *c, unsigned id)
{
	struct virtio_console_port *p = &c->port[id];
	bool open = p->client_fd >= 0;
	if (!p->guest_ready || open == p->host_open_sent)
		return;
	p->host_open_sent = open;
	con_ctrl(c, id, VIRTIO_CONSOLE_PORT_OPEN, open, NULL);
}

static void con_driver_msg(struct virtio_console *c, const uint8_t *m)
{
	uint32_t id;
	uint16_t event, value;
	memcpy(&id, m, 4);
	memcpy(&event, m + 4, 2);
	memcpy(&value, m + 6, 2);
	id = le32toh(id);
	event = le16toh(event);
	value = le16toh(value);
	if (event == VIRTIO_CONSOLE_DEVICE_READY) {
		if (!value || c->device_ready)
			return;
		c->device_ready = true;
		for (unsigned i = 0; i < c->nports; i++)
			if (c->port[i].present)
				con_ctrl(c, i, VIRTIO_CONSOLE_DEVICE_ADD, 0, NULL);
		return;
	}
	if (id >= c->nports || !c->port[id].present)
		return;
	struct virtio_console_port *p = &c->port[id];
	switch (event) {
	case VIRTIO_CONSOLE_PORT_READY:
		if (!value || p->guest_ready)
			return;
		p->guest_ready = true;
		if (p->is_console)
			con_ctrl(c, id, VIRTIO_CONSOLE_CONSOLE_PORT, 1, NULL);
		else
			con_ctrl(c, id, VIRTIO_CONSOLE_PORT_NAME, 0, p->name);
		con_tell_open(c, id);
		break;
	case VIRTIO_CONSOLE_PORT_OPEN:
		p->guest_open = value != 0;
		break;
	default:
		break;
	}
}

/* Control queues (dev->lock held). */
static void con_run_control(struct virtio_console *c)
{
	struct virtio_dev *dev = &c->vdev;
	struct virtqueue *out = &dev->vqs[CON_COVQ], *in = &dev->vqs[CON_CIVQ];
	struct virtq_elem e;
	if (virtio_vq_begin(dev, out)) {
		while (virtq_pop(dev, out, &e) > 0) {
			uint8_t m[CON_CTRL_SIZE];
			if (e.out_len >= CON_CTRL_SIZE) {
				iov_to_buf(e.iov, e.nout, 0, m, sizeof(m));
				con_driver_msg(c, m);
			}
			virtq_push(dev, out, &e, 0);
		}
		virtio_vq_end(dev, out);
	}
	if (c->ctrl_count && virtio_vq_begin(dev, in)) {
		const unsigned cap = sizeof(c->ctrl_len) / sizeof(c->ctrl_len[0]);
		while (c->ctrl_count) {
			int r = virtq_pop(dev, in, &e);
			if (r <= 0)
				break;
			if (e.nout) {
				virtio_dev_fail(dev, in, "control receive buffer %u is device-readable", e.head);
				break;
			}
			unsigned slot = c->ctrl_head;
			uint32_t n = (uint32_t)iov_from_buf(e.iov, e.nin, 0, c->ctrl_q[slot], c->ctrl_len[slot]);
			virtq_push(dev, in, &e, n);
			c->ctrl_head = (c->ctrl_head + 1) % cap;
			c->ctrl_count--;
		}
		virtio_vq_end(dev, in);
	}
}

/* Write all of buf to the client, waiting a little for room; false when
 * the client is gone or too slow (the rest is dropped). */
static bool con_write_client(struct virtio_console_port *p, const uint8_t *buf, size_t len)
{
	while (len) {
		ssize_t n = write(p->client_fd, buf, len);
		if (n > 0) {
			buf += n;
			len -= (size_t)n;
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN) {
			struct pollfd pf = { .fd = p->client_fd, .events = POLLOUT };
			if (poll(&pf, 1, CON_WRITE_WAIT_MS) > 0)
				continue;
		}
		p->dropped += len;
		return n >= 0 || errno == EAGAIN;
	}
	return true;
}

static void con_drop_client(struct virtio_console *c, unsigned id)
{
	struct virtio_console_port *p = &c->port[id];
	if (p->client_fd >= 0)
		close(p->client_fd);
	p->client_fd = -1;
	con_tell_open(c, id);
}

/* The guest's bytes to the host (dev->lock held). */
static void con_run_tx(struct virtio_console *c, unsigned id)
{
	struct virtio_dev *dev = &c->vdev;
	struct virtio_console_port *p = &c->port[id];
	struct virtqueue *vq = &dev->vqs[txq(id)];
	struct virtq_elem e;
	if (!virtio_vq_begin(dev, vq))
		return;
	while (virtq_pop(dev, vq, &e) > 0) {
		for (uint32_t off = 0; off < e.out_len;) {
			size_t n = iov_to_buf(e.iov, e.nout, off, c->buf, sizeof(c->buf));
			off += (uint32_t)n;
			if (p->client_fd < 0)
				p->dropped += n;
			else if (!con_write_client(p, c->buf, n))
				con_drop_client(c, id);
			else
				p->from_guest += n;
		}
		virtq_push(dev, vq, &e, 0);
	}
	virtio_vq_end(dev, vq);
}

/* The host's bytes to the guest: read straight into receive buffers while
 * the guest has them (dev->lock held).  Returns false when the guest has
 * no buffer posted (stop polling the client until a kick). */
static bool con_run_rx(struct virtio_console *c, unsigned id)
{
	struct virtio_dev *dev = &c->vdev;
	struct virtio_console_port *p = &c->port[id];
	struct virtqueue *vq = &dev->vqs[rxq(id)];
	struct virtq_elem e;
	if (p->client_fd < 0 || !virtio_vq_begin(dev, vq))
		return false;
	bool room = true;
	for (;;) {
		int r = virtq_pop(dev, vq, &e);
		if (r <= 0) {
			room = r == 0 && vq->pending;
			break;
		}
		if (e.nout) {
			virtio_dev_fail(dev, vq, "receive buffer %u is device-readable", e.head);
			room = false;
			break;
		}
		ssize_t n = readv(p->client_fd, e.iov, (int)e.nin);
		if (n <= 0) {
			virtq_rewind(vq, 1);
			if (n == 0 || (errno != EAGAIN && errno != EINTR))
				con_drop_client(c, id);
			break;
		}
		p->to_guest += (uint64_t)n;
		virtq_push(dev, vq, &e, (uint32_t)n);
	}
	virtio_vq_end(dev, vq);
	return room;
}

void virtio_console_process(struct virtio_console *c)
{
	pthread_mutex_lock(&c->vdev.lock);
	con_run_control(c);
	for (unsigned i = 0; i < c->nports; i++) {
		if (!c->port[i].present)
			continue;
		con_run_tx(c, i);
		con_run_rx(c, i);
	}
	con_run_control(c);   /* what the ports had to tell */
	pthread_mutex_unlock(&c->vdev.lock);
}

static void con_queue_notify(struct virtio_dev *dev, struct virtqueue *vq)
{
	struct virtio_console *c = to_con(dev);
	(void)vq;
	uint64_t one = 1;
	ssize_t r = write(c->kick_fd, &one, sizeof(one));
	(void)r;
}

static void con_reset(struct virtio_dev *dev)
{
	struct virtio_console *c = to_con(dev);
	c->device_ready = false;
	c->ctrl_count = c->ctrl_head = 0;
	for (unsigned i = 0; i < c->nports; i++) {
		c->port[i].guest_ready = c->port[i].guest_open = false;
		c->port[i].host_open_sent = false;
	}
}

static const struct virtio_dev_ops virtio_console_ops = {
	.name = "console",
	.device_id = VIRTIO_ID_CONSOLE,
	.config_read = con_config_read,
	.queue_notify = con_queue_notify,
	.reset = con_reset,
	.no_snapshot = "virtio-console ports are not saved yet",
};

static void *con_thread(void *opaque)
{
	struct virtio_console *c = opaque;
	bool starved[VIRTIO_CONSOLE_MAX_PORTS] = { false };
	for (;;) {
		struct pollfd fds[2 + 2 * VIRTIO_CONSOLE_MAX_PORTS];
		int who[2 + 2 * VIRTIO_CONSOLE_MAX_PORTS];
		unsigned n = 0;
		fds[n] = (struct pollfd){ .fd = c->kick_fd, .events = POLLIN };
		who[n++] = -1;
		fds[n] = (struct pollfd){ .fd = c->stop_fd, .events = POLLIN };
		who[n++] = -2;
		pthread_mutex_lock(&c->vdev.lock);
		for (unsigned i = 0; i < c->nports; i++) {
			struct virtio_console_port *p = &c->port[i];
			if (!p->present)
				continue;
			if (p->client_fd < 0) {
				fds[n] = (struct pollfd){ .fd = p->listen_fd, .events = POLLIN };
			} else {
				/* Hang-ups are seen even without POLLIN. */
				fds[n] = (struct pollfd){ .fd = p->client_fd,
							  .events = starved[i] ? POLLRDHUP : POLLIN | POLLRDHUP };
			}
			who[n++] = (int)i;
		}
		pthread_mutex_unlock(&c->vdev.lock);
		if (poll(fds, n, -1) < 0 && errno != EINTR)
			break;
		if (fds[1].revents)
			break;
		if (fds[0].revents) {
			uint64_t v;
			ssize_t r = read(c->kick_fd, &v, sizeof(v));
			(void)r;
			memset(starved, 0, sizeof(starved));
		}
		pthread_mutex_lock(&c->vdev.lock);
		for (unsigned k = 2; k < n; k++) {
			unsigned i = (unsigned)who[k];
			struct virtio_console_port *p = &c->port[i];
			if (!fds[k].revents)
				continue;
			if (p->client_fd < 0) {
				int fd = accept4(p->listen_fd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
				if (fd >= 0) {
					p->client_fd = fd;
					starved[i] = false;
					con_tell_open(c, i);
				}
			} else if ((fds[k].revents & (POLLRDHUP | POLLHUP | POLLERR)) &&
				   !(fds[k].revents & POLLIN)) {
				con_drop_client(c, i);
			}
		}
		con_run_control(c);
		for (unsigned i = 0; i < c->nports; i++) {
			if (!c->port[i].present)
				continue;
			con_run_tx(c, i);
			starved[i] = !con_run_rx(c, i);
		}
		con_run_control(c);
		pthread_mutex_unlock(&c->vdev.lock);
	}
	return NULL;
}

static int con_listen(struct virtio_console_port *p)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	if (strlen(p->socket) >= sizeof(a.sun_path))
		return -ENAMETOOLONG;
	strcpy(a.sun_path, p->socket);
	struct stat st;
	if (!lstat(p->socket, &st) && S_ISSOCK(st.st_mode))
		unlink(p->socket);
	p->listen_fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (p->listen_fd < 0 || bind(p->listen_fd, (struct sockaddr *)&a, sizeof(a)) < 0 ||
	    listen(p->listen_fd, 1) < 0)
		return -errno;
	return 0;
}

int virtio_console_init(struct virtio_console *c, const struct virtio_console_port_opts *ports,
			unsigned n)
{
	memset(c, 0, sizeof(*c));
	c->kick_fd = c->stop_fd = -1;
	for (unsigned i = 0; i < VIRTIO_CONSOLE_MAX_PORTS; i++)
		c->port[i].listen_fd = c->port[i].client_fd = -1;
	if (!n || n > VIRTIO_CONSOLE_MAX_PORTS)
		return -EINVAL;
	/* Without a console, named ports start at id 1 (port 0 is hvc0's). */
	unsigned first = ports[0].name ? 1 : 0;
	if (first + n > VIRTIO_CONSOLE_MAX_PORTS)
		return -EINVAL;
	for (unsigned k = 0; k < n; k++) {
		struct virtio_console_port *p = &c->port[first + k];
		if ((k > 0 && !ports[k].name) || !ports[k].socket ||
		    (ports[k].name && (!*ports[k].name || strlen(ports[k].name) >= sizeof(p->name))) ||
		    strlen(ports[k].socket) >= sizeof(p->socket)) {
			virtio_console_exit(c);
			return -EINVAL;
		}
		p->present = true;
		p->is_console = !ports[k].name;
		if (ports[k].name)
			strcpy(p->name, ports[k].name);
		strcpy(p->socket, ports[k].socket);
		int r = con_listen(p);
		if (r < 0) {
			fprintf(stderr, "rvkvm: virtio-console: %s: %s\n", p->socket, strerror(-r));
			virtio_console_exit(c);
			return r;
		}
	}
	c->nports = first + n;
	c->kick_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	c->stop_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (c->kick_fd < 0 || c->stop_fd < 0) {
		virtio_console_exit(c);
		return -EMFILE;
	}
	uint16_t q[2 * (VIRTIO_CONSOLE_MAX_PORTS + 1)];
	unsigned nvqs = 2 * (c->nports + 1);
	for (unsigned i = 0; i < nvqs; i++)
		q[i] = VIRTIO_CONSOLE_QUEUE_SIZE;
	int r = virtio_dev_init(&c->vdev, &virtio_console_ops, VIRTIO_BIT(VIRTIO_CONSOLE_F_MULTIPORT),
				CON_CONFIG_SIZE, nvqs, q);
	if (r < 0) {
		virtio_console_exit(c);
		return r;
	}
	return 0;
}

int virtio_console_start(struct virtio_console *c)
{
	int e = pthread_create(&c->thread, NULL, con_thread, c);
	if (e) {
		fprintf(stderr, "rvkvm: virtio-console: cannot start the device thread: %s\n", strerror(e));
		return -e;
	}
	c->running = true;
	return 0;
}

void virtio_console_exit(struct virtio_console *c)
{
	if (c->running) {
		uint64_t one = 1;
		ssize_t r = write(c->stop_fd, &one, sizeof(one));
		(void)r;
		pthread_join(c->thread, NULL);
		c->running = false;
	}
	if (c->vdev.ops)
		virtio_dev_exit(&c->vdev);
	for (unsigned i = 0; i < VIRTIO_CONSOLE_MAX_PORTS; i++) {
		struct virtio_console_port *p = &c->port[i];
		if (p->client_fd >= 0)
			close(p->client_fd);
		if (p->listen_fd >= 0) {
			close(p->listen_fd);
			unlink(p->socket);
		}
		p->client_fd = p->listen_fd = -1;
	}
	if (c->kick_fd >= 0)
		close(c->kick_fd);
	if (c->stop_fd >= 0)
		close(c->stop_fd);
	c->kick_fd = c->stop_fd = -1;
}
