/*
 * api.h - the JSON API under /v1: routes a request to aw_api_run, the one
 * entry point the CLI's --format json output comes from, and maps its
 * status to HTTP.
 */
#ifndef AIWATT_SERVE_API_H
#define AIWATT_SERVE_API_H

#include <stddef.h>
#include "aiwatt.h"

struct aw_api_reply {
    unsigned status;   /* HTTP status */
    char *body;        /* malloc'd JSON; NULL when out of memory */
    size_t len;
    const char *allow; /* for 405: the methods allowed; else NULL */
};

/* Answers METHOD URL (a path under /v1/) with an optional body. */
void aw_serve_api(const aw_catalog *cat, const char *method, const char *url, const char *body,
                  size_t body_len, struct aw_api_reply *out);

/* {"error": msg, "hint": hint} followed by a newline, malloc'd. */
char *aw_serve_error_json(const char *msg, const char *hint, size_t *len);

#endif
