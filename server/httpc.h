/*
 * httpc.h - the smallest HTTP client that scrapes a Prometheus endpoint:
 * GET over plain http:// (no TLS, no redirects, no proxies), a deadline on
 * the whole exchange, a cap on the body. Meant for inference servers on
 * loopback or the local network; docs/serve.md says how to reach others.
 */
#ifndef AIWATT_SERVE_HTTPC_H
#define AIWATT_SERVE_HTTPC_H

#include <stddef.h>

/* The parts of "http://HOST[:PORT][/PATH]" (PATH defaults to "/metrics";
 * HOST may be "[v6addr]"). 0, or -1 with *why set to a static message. */
struct aw_url {
    char host[256];
    char port[8];
    char path[1024];
};
int aw_url_parse(const char *url, struct aw_url *out, const char **why);

/* GETs the URL. On success (status 200) returns 0 and a malloc'd,
 * NUL-terminated body in *body (chunked transfer decoded). On failure
 * returns -1 and writes the reason into err. */
int aw_http_get(const struct aw_url *url, double timeout_s, size_t max_bytes, char **body,
                size_t *len, char *err, size_t err_size);

#endif
