// SPDX-License-Identifier: MIT
/* GET /stats (stats.h): each stats handle is read whole with
 * kvm_stats_pread() and decoded by vmm/stats_decode.c. */
#include "vmm/api/stats.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vmm/stats_decode.h"

#define STATS_MAX_FILE (16u << 20)

/* The whole stats file of f in *out (malloc'ed), its length in *len;
 * 0 or -errno. */
static int read_file(struct kvm_stats_fd *f, uint8_t **out, size_t *len)
{
	size_t n = 0, cap = 8192;
	uint8_t *buf = malloc(cap);
	if (!buf)
		return -ENOMEM;
	for (;;) {
		if (n == cap) {
			if (cap >= STATS_MAX_FILE) {
				free(buf);
				return -EFBIG;
			}
			uint8_t *nb = realloc(buf, cap * 2);
			if (!nb) {
				free(buf);
				return -ENOMEM;
			}
			buf = nb;
			cap *= 2;
		}
		long r = kvm_stats_pread(f, buf + n, cap - n, n);
		if (r < 0) {
			free(buf);
			return (int)r;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	*out = buf;
	*len = n;
	return 0;
}

static int add_item(void *ctx, const char *id, const struct stats_item_view *s)
{
	json_object *o = ctx, *v;
	(void)id;
	if (stats_is_hist(s->type) && s->size > 1) {
		v = json_object_new_array_ext(s->size);
		for (unsigned j = 0; v && j < s->size; j++)
			json_object_array_add(v, json_object_new_uint64(stats_value(s, j)));
	} else {
		v = json_object_new_uint64(stats_value(s, 0));
	}
	if (!v)
		return -ENOMEM;
	json_object_object_add(o, s->name, v);
	return 0;
}

/* The statistics of the handle the VM or vCPU ioctl returns, as an object. */
static json_object *file_json(struct kvm_vm *vm, struct kvm_vcpu *vcpu, char *why, size_t why_len)
{
	struct kvm_stats_fd *f = NULL;
	long r = vcpu ? kvm_vcpu_ioctl(vcpu, KVM_GET_STATS_FD, &f) :
			kvm_vm_ioctl(vm, KVM_GET_STATS_FD, &f);
	if (r < 0) {
		snprintf(why, why_len, "KVM_GET_STATS_FD: %s", strerror((int)-r));
		return NULL;
	}
	uint8_t *b = NULL;
	size_t n = 0;
	int rc = read_file(f, &b, &n);
	kvm_stats_close(f);
	if (rc < 0) {
		snprintf(why, why_len, "reading the statistics: %s", strerror(-rc));
		return NULL;
	}
	json_object *o = json_object_new_object();
	struct stats_decode_err e;
	rc = o ? stats_decode(b, n, add_item, o, &e) : -ENOMEM;
	if (rc == -1)
		snprintf(why, why_len, "malformed statistics: %s", e.why);
	else if (rc < 0)
		snprintf(why, why_len, "%s", strerror(-rc));
	free(b);
	if (rc) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

json_object *api_stats_json(struct machine *m, char *why, size_t why_len)
{
	why[0] = '\0';
	json_object *root = json_object_new_object(), *vcpus = json_object_new_array();
	json_object *vm = file_json(m->vm, NULL, why, why_len);
	if (!root || !vcpus || !vm)
		goto fail;
	json_object_object_add(root, "vm", vm);
	vm = NULL;
	json_object_object_add(root, "vcpus", vcpus);
	for (unsigned i = 0; i < m->nr_cpus && i < KVM_MAX_VCPUS; i++) {
		if (!m->vcpus[i])
			continue;
		json_object *c = file_json(NULL, m->vcpus[i], why, why_len);
		if (!c) {
			json_object_put(root);
			return NULL;
		}
		json_object_array_add(vcpus, c);
	}
	return root;
fail:
	if (why[0] == '\0')
		snprintf(why, why_len, "out of memory");
	json_object_put(vm);
	json_object_put(vcpus);
	json_object_put(root);
	return NULL;
}
