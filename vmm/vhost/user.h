/* SPDX-License-Identifier: MIT */
/* The vhost-user protocol, frontend side (QEMU's docs/interop/
 * vhost-user.rst): messages over a unix stream socket, a 12-byte header
 * (request, flags with version 1, payload size) and a payload, file
 * descriptors as SCM_RIGHTS.  The backend (virtiofsd, qemu-storage-daemon)
 * then processes the virtqueues itself, in guest RAM it maps from the
 * memory table's descriptors. */
#ifndef VMM_VHOST_USER_H
#define VMM_VHOST_USER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum vhost_user_request {
	VHOST_USER_GET_FEATURES = 1,
	VHOST_USER_SET_FEATURES = 2,
	VHOST_USER_SET_OWNER = 3,
	VHOST_USER_RESET_OWNER = 4,
	VHOST_USER_SET_MEM_TABLE = 5,
	VHOST_USER_SET_VRING_NUM = 8,
	VHOST_USER_SET_VRING_ADDR = 9,
	VHOST_USER_SET_VRING_BASE = 10,
	VHOST_USER_GET_VRING_BASE = 11,
	VHOST_USER_SET_VRING_KICK = 12,
	VHOST_USER_SET_VRING_CALL = 13,
	VHOST_USER_GET_PROTOCOL_FEATURES = 15,
	VHOST_USER_SET_PROTOCOL_FEATURES = 16,
	VHOST_USER_GET_QUEUE_NUM = 17,
	VHOST_USER_SET_VRING_ENABLE = 18,
	VHOST_USER_GET_CONFIG = 24,
	VHOST_USER_SET_CONFIG = 25,
};

#define VHOST_USER_F_PROTOCOL_FEATURES   30
#define VHOST_USER_PROTOCOL_F_MQ         0
#define VHOST_USER_PROTOCOL_F_REPLY_ACK  3
#define VHOST_USER_PROTOCOL_F_CONFIG     9
#define VHOST_USER_VRING_NOFD            0x100
#define VHOST_USER_MAX_REGIONS           8
#define VHOST_USER_CONFIG_MAX            256

struct vhost_user_region {
	uint64_t gpa, size, uaddr, mmap_offset;
};

/* One connection to a backend. */
struct vhost_user {
	int fd;                  /* -1: closed (the backend went away) */
	uint64_t protocol_features;
	char err[160];           /* why the last call failed */
};

/* Connect to the backend's socket, waiting up to timeout_ms for it to
 * appear.  Returns 0 or -errno (reason in vu->err). */
int vhost_user_connect(struct vhost_user *vu, const char *path, int timeout_ms);
void vhost_user_close(struct vhost_user *vu);

/* Requests.  Each returns 0, or -errno with vu->err set; a broken
 * connection is closed.  Calls that carry no reply ask for an ack when
 * REPLY_ACK was negotiated, so a backend's refusal is seen at once. */
int vhost_user_get_u64(struct vhost_user *vu, enum vhost_user_request req, uint64_t *val);
int vhost_user_set_u64(struct vhost_user *vu, enum vhost_user_request req, uint64_t val);
int vhost_user_set_owner(struct vhost_user *vu);
int vhost_user_set_mem_table(struct vhost_user *vu, const struct vhost_user_region *r,
			     const int *fds, unsigned n);
int vhost_user_set_vring(struct vhost_user *vu, enum vhost_user_request req, uint32_t index,
			 uint32_t num);
int vhost_user_get_vring_base(struct vhost_user *vu, uint32_t index, uint32_t *num);
int vhost_user_set_vring_addr(struct vhost_user *vu, uint32_t index, uint64_t desc,
			      uint64_t used, uint64_t avail);
/* KICK or CALL: fd < 0 sends VHOST_USER_VRING_NOFD. */
int vhost_user_set_vring_fd(struct vhost_user *vu, enum vhost_user_request req, uint32_t index,
			    int fd);
int vhost_user_get_config(struct vhost_user *vu, uint32_t off, void *buf, uint32_t len);

#endif
