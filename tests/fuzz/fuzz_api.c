/*
 * fuzz_api.c - the HTTP JSON API of `aiwatt serve` in process: the router
 * (server/api.c, aw_serve_api) and behind it the JSON request parser
 * (aw_api_run: json_loads, then the request-field table) and every command
 * it runs, on the default catalog loaded once in LLVMFuzzerInitialize. No
 * socket: libmicrohttpd hands the router a method, a URL under /v1/ and the
 * body, as here.
 *
 * Input: the first byte picks the method, the bytes up to the first newline
 * are the path after /v1/, the rest is the body (NUL bytes included).
 * The oracles: the status is one the API documents; every answer has a body,
 * and the body is one JSON value (an error is {"error", "hint"}); a 405
 * names the methods allowed.
 */
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "aiwatt.h"
#include "fuzz_support.h"
#include "api.h"

/* The API's documented cap (1,000,000 draws, ~1.3 s in a release build) is
 * ~40 s for one input under the sanitizers: libFuzzer calls that a timeout,
 * and the campaign stops. A body that asks anywhere for more than
 * FUZZ_MAX_DRAWS (fuzz_support.h) is skipped. */
static int asks_many_draws(json_t *v)
{
    size_t i;
    const char *key;
    json_t *item;
    if (json_is_array(v)) {
        json_array_foreach(v, i, item) if (asks_many_draws(item)) return 1;
        return 0;
    }
    json_object_foreach(v, key, item)
    {
        if (strcmp(key, "uncertainty") == 0) {
            /* a count as a number or as text, as the field table takes it */
            if (json_is_string(item) ? fuzz_asks_many_draws(json_string_value(item))
                                     : !(json_number_value(item) <= FUZZ_MAX_DRAWS))
                return 1;
        } else if (asks_many_draws(item)) {
            return 1;
        }
    }
    return 0;
}

static int too_costly(const char *body, size_t len)
{
    json_t *j = json_loadb(body, len, 0, NULL);
    int costly = j != NULL && asks_many_draws(j);
    json_decref(j);
    return costly;
}

static void fail(const char *what, const struct aw_api_reply *r)
{
    fprintf(stderr, "api: %s (status %u, body %.200s)\n", what, r->status,
            r->body != NULL ? r->body : "(null)");
    abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const methods[] = {"POST", "GET", "HEAD", "PUT", "DELETE", "post"};
    if (size == 0 || size > 16384)
        return 0;
    const char *method = methods[data[0] % (sizeof methods / sizeof methods[0])];
    const uint8_t *rest = data + 1;
    size_t n = size - 1;
    const uint8_t *nl = memchr(rest, '\n', n);
    size_t path_len = nl != NULL ? (size_t)(nl - rest) : n;
    if (memchr(rest, '\0', path_len) != NULL)
        return 0; /* a URL holds no NUL: libmicrohttpd passes a C string */
    char *url = malloc(path_len + 5);
    size_t body_len = nl != NULL ? n - path_len - 1 : 0;
    char *body = malloc(body_len + 1); /* NUL-terminated, as server.c's upload */
    if (url == NULL || body == NULL) {
        free(url);
        free(body);
        return 0;
    }
    memcpy(url, "/v1/", 4);
    memcpy(url + 4, rest, path_len);
    url[path_len + 4] = '\0';
    if (body_len > 0)
        memcpy(body, nl + 1, body_len);
    body[body_len] = '\0';
    if (body_len > 0 && too_costly(body, body_len)) {
        free(url);
        free(body);
        return 0;
    }

    struct aw_api_reply r;
    aw_serve_api(fuzz_default_catalog, method, url, body_len > 0 ? body : NULL, body_len, &r);
    switch (r.status) {
    case 200:
    case 400:
    case 404:
    case 405:
    case 500:
        break;
    default:
        fail("undocumented status", &r);
    }
    if (r.body == NULL)
        fail("no body", &r);
    if (r.status == 405 && r.allow == NULL)
        fail("405 without Allow", &r);
    json_error_t err;
    json_t *j = json_loadb(r.body, r.len, 0, &err);
    if (j == NULL)
        fail("body is not JSON", &r);
    if (r.status != 200 && (!json_is_object(j) || json_object_get(j, "error") == NULL))
        fail("error without \"error\"", &r);
    json_decref(j);
    free(r.body);
    free(url);
    free(body);
    return 0;
}
