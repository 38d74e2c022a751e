/* SPDX-License-Identifier: MIT */
/* A small JSON-over-HTTP server on a unix stream socket, on a thread of
 * its own (libmicrohttpd with its internal polling thread; bodies parsed
 * with json-c).  The handler gets the method, the path and the parsed
 * body (NULL when there was none) and fills in a status and an optional
 * JSON reply.  A body that is not JSON, or larger than API_HTTP_MAX_BODY,
 * is answered 400 with a Firecracker-style {"fault_message": ...} before
 * the handler sees it. */
#ifndef VMM_API_HTTP_H
#define VMM_API_HTTP_H

#include <json-c/json.h>

#define API_HTTP_MAX_BODY (64 * 1024)

struct api_reply {
	unsigned status;          /* 200, 204, 400, ... */
	json_object *body;        /* owned by the server after the call; NULL: none */
};

typedef void (*api_handler)(void *opaque, const char *method, const char *path,
			    json_object *body, struct api_reply *reply);

struct api_http;

/* Bind PATH (a stale socket there is replaced) and serve.  Returns 0 or
 * -errno (reason on stderr). */
int api_http_start(struct api_http **out, const char *path, api_handler handler, void *opaque);
/* Stop serving and remove the socket. */
void api_http_stop(struct api_http *h);

/* {"fault_message": msg} with status 400, for handlers. */
void api_reply_fault(struct api_reply *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
