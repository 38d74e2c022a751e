// SPDX-License-Identifier: MIT
/* The API's HTTP side (see http.h). */
#include "vmm/api/http.h"

#include <errno.h>
#include <microhttpd.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

struct api_http {
	struct MHD_Daemon *mhd;
	int listen_fd;
	char path[108];
	api_handler handler;
	void *opaque;
};

/* One request's upload. */
struct api_upload {
	char *buf;
	size_t len;
	bool too_big;
};

void api_reply_fault(struct api_reply *r, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (r->body)
		json_object_put(r->body);
	r->status = 400;
	r->body = json_object_new_object();
	json_object_object_add(r->body, "fault_message", json_object_new_string(msg));
}

static enum MHD_Result api_send(struct MHD_Connection *c, struct api_reply *r)
{
	const char *text = r->body ? json_object_to_json_string_ext(r->body, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE) : "";
	struct MHD_Response *resp = MHD_create_response_from_buffer(strlen(text), (void *)text,
								    MHD_RESPMEM_MUST_COPY);
	if (!resp) {
		if (r->body)
			json_object_put(r->body);
		return MHD_NO;
	}
	if (r->body)
		MHD_add_response_header(resp, "Content-Type", "application/json");
	enum MHD_Result ret = MHD_queue_response(c, r->status, resp);
	MHD_destroy_response(resp);
	if (r->body)
		json_object_put(r->body);
	return ret;
}

static enum MHD_Result api_access(void *cls, struct MHD_Connection *c, const char *url,
				  const char *method, const char *version, const char *data,
				  size_t *data_size, void **req_cls)
{
	struct api_http *h = cls;
	struct api_upload *u = *req_cls;
	(void)version;
	if (!u) {
		u = calloc(1, sizeof(*u));
		if (!u)
			return MHD_NO;
		*req_cls = u;
		return MHD_YES;
	}
	if (*data_size) {
		if (u->len + *data_size > API_HTTP_MAX_BODY) {
			u->too_big = true;
		} else if (!u->too_big) {
			char *b = realloc(u->buf, u->len + *data_size + 1);
			if (!b)
				return MHD_NO;
			memcpy(b + u->len, data, *data_size);
			u->buf = b;
			u->len += *data_size;
			u->buf[u->len] = 0;
		}
		*data_size = 0;
		return MHD_YES;
	}
	struct api_reply r = { .status = 400 };
	json_object *body = NULL;
	if (u->too_big) {
		api_reply_fault(&r, "request body larger than %d bytes", API_HTTP_MAX_BODY);
		return api_send(c, &r);
	}
	if (u->len) {
		enum json_tokener_error err;
		body = json_tokener_parse_verbose(u->buf, &err);
		if (!body) {
			api_reply_fault(&r, "invalid JSON body: %s", json_tokener_error_desc(err));
			return api_send(c, &r);
		}
	}
	h->handler(h->opaque, method, url, body, &r);
	if (body)
		json_object_put(body);
	return api_send(c, &r);
}

static void api_completed(void *cls, struct MHD_Connection *c, void **req_cls,
			  enum MHD_RequestTerminationCode toe)
{
	(void)cls, (void)c, (void)toe;
	struct api_upload *u = *req_cls;
	if (u) {
		free(u->buf);
		free(u);
	}
	*req_cls = NULL;
}

int api_http_start(struct api_http **out, const char *path, api_handler handler, void *opaque)
{
	struct api_http *h = calloc(1, sizeof(*h));
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	if (!h)
		return -ENOMEM;
	if (strlen(path) >= sizeof(a.sun_path)) {
		fprintf(stderr, "rvkvm: --api-sock %s: path too long\n", path);
		free(h);
		return -ENAMETOOLONG;
	}
	strcpy(a.sun_path, path);
	strcpy(h->path, path);
	h->handler = handler;
	h->opaque = opaque;
	h->listen_fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	struct stat st;
	if (!lstat(path, &st) && S_ISSOCK(st.st_mode))
		unlink(path);   /* a stale socket from an earlier run */
	if (h->listen_fd < 0 || bind(h->listen_fd, (struct sockaddr *)&a, sizeof(a)) < 0 ||
	    listen(h->listen_fd, 16) < 0) {
		int err = errno;
		fprintf(stderr, "rvkvm: --api-sock %s: %s\n", path, strerror(err));
		if (h->listen_fd >= 0)
			close(h->listen_fd);
		free(h);
		return -err;
	}
	h->mhd = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_POLL, 0, NULL, NULL,
				  api_access, h, MHD_OPTION_LISTEN_SOCKET, h->listen_fd,
				  MHD_OPTION_NOTIFY_COMPLETED, api_completed, h,
				  MHD_OPTION_CONNECTION_TIMEOUT, 30u, MHD_OPTION_END);
	if (!h->mhd) {
		fprintf(stderr, "rvkvm: --api-sock %s: cannot start the HTTP server\n", path);
		close(h->listen_fd);
		unlink(path);
		free(h);
		return -EIO;
	}
	*out = h;
	return 0;
}

void api_http_stop(struct api_http *h)
{
	if (!h)
		return;
	MHD_stop_daemon(h->mhd);
	close(h->listen_fd);
	unlink(h->path);
	free(h);
}
