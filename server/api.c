/*
 * api.c - /v1 routes.
 *
 *   POST /v1/{estimate,mix,agent,train,report}  body: a JSON request whose
 *        keys are the CLI's options in snake_case; answer: byte for byte what
 *        `aiwatt COMMAND --format json` prints (aw_api_run: one request
 *        parser, the CLI's field table).
 *   GET  /v1/catalog/SECTION[/ID]   = aiwatt catalog list SECTION / show SECTION ID
 *   GET  /v1/refs[/ID]              = aiwatt refs list / show ID   (--format json)
 *
 * Errors: 400 {"error", "hint"} with the CLI's message and hint, 404 for an
 * unknown path or catalog entry, 405 (with Allow) for a wrong method, 500
 * when out of memory. Nothing here parses a request field itself.
 */
#include "api.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include "aiwatt/json.h" /* the JSON views shared with the CLI (not public) */
#include "aiwatt/request.h"

/* Same flags as the CLI's aw_print_json (tool/opts.c), newline included. */
static char *dump(json_t *j, size_t *len)
{
    char *text = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6));
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

char *aw_serve_error_json(const char *msg, const char *hint, size_t *len)
{
    json_t *j = json_pack("{s:o, s:o}", "error", aw_json_string_lossy(msg), "hint",
                          aw_json_string_lossy(hint));
    if (j == NULL)
        return NULL;
    char *text = dump(j, len);
    json_decref(j);
    return text;
}

static void reply_error(struct aw_api_reply *out, unsigned status, const char *msg,
                        const char *hint, const char *allow)
{
    out->status = status;
    out->allow = allow;
    out->body = aw_serve_error_json(msg, hint, &out->len);
}

static void reply_json(struct aw_api_reply *out, json_t *j)
{
    if (j == NULL) {
        reply_error(out, 500, "out of memory", "", NULL);
        return;
    }
    out->status = 200;
    out->body = dump(j, &out->len);
    json_decref(j);
    if (out->body == NULL)
        reply_error(out, 500, "out of memory", "", NULL);
}

static unsigned http_status(aw_status st)
{
    switch (st) {
    case AW_E_NOMEM:
    case AW_E_IO:
        return 500;
    default:
        return 400; /* the request is wrong; the message says how */
    }
}

static const char *const commands[] = {"estimate", "mix", "agent", "train", "report"};

static void run_command(const aw_catalog *cat, const char *command, const char *body,
                        size_t body_len, struct aw_api_reply *out)
{
    if (body == NULL || body_len == 0)
        body = "{}";
    else if (strlen(body) != body_len) {
        reply_error(out, 400, "the request body holds a NUL byte",
                    "send a JSON object in UTF-8", NULL);
        return;
    }
    char *response = NULL;
    struct aw_diag diag;
    aw_diag_clear(&diag);
    aw_status st = aw_api_run(cat, command, body, &response, &diag);
    if (st != AW_OK) {
        reply_error(out, http_status(st), diag.msg[0] ? diag.msg : aw_strerror(st), diag.hint,
                    NULL);
        aw_free(response);
        return;
    }
    size_t n = strlen(response);
    out->body = malloc(n + 1);
    if (out->body == NULL) {
        aw_free(response);
        reply_error(out, 500, "out of memory", "", NULL);
        return;
    }
    memcpy(out->body, response, n + 1);
    aw_free(response);
    out->len = n;
    out->status = 200;
}

/* The section named in a URL: "models", or the singular "model". */
static int section_of(const char *name)
{
    int sec = aw_section_from_name(name);
    char plural[72];
    size_t n = strlen(name);
    if (sec < 0 && n + 2 <= sizeof plural) {
        memcpy(plural, name, n);
        memcpy(plural + n, "s", 2);
        sec = aw_section_from_name(plural);
    }
    return sec;
}

/* = aiwatt catalog list SECTION --format json (tool/cmd_catalog.c). */
static void catalog_list(const aw_catalog *cat, enum aw_section sec, struct aw_api_reply *out)
{
    json_t *root = json_object(), *arr = json_array();
    if (root == NULL || arr == NULL) {
        json_decref(root);
        json_decref(arr);
        reply_json(out, NULL);
        return;
    }
    json_object_set_new(root, aw_section_name(sec), arr);
    size_t n = aw_catalog_count(cat, sec);
    for (size_t i = 0; i < n; i++) {
        const char *id = aw_catalog_id_at(cat, sec, i);
        const char *name = NULL, *source = NULL, *conf = NULL;
        (void)aw_catalog_entry_summary(cat, sec, i, &name, &source, &conf);
        json_array_append_new(arr, json_pack("{s:s, s:s?, s:s?, s:s?}", "id", id, "name", name,
                                             "confidence", conf, "source", source));
    }
    reply_json(out, root);
}

/* = aiwatt catalog show SECTION ID --format json. */
static void catalog_show(const aw_catalog *cat, enum aw_section sec, const char *id,
                         struct aw_api_reply *out)
{
    char *text = aw_catalog_entry_dump(cat, sec, id);
    if (text == NULL) {
        char msg[200], hint[200];
        const char *near = aw_catalog_suggest(cat, sec, id);
        snprintf(msg, sizeof msg, "no %s entry '%.100s'", aw_section_name(sec), id);
        if (near != NULL)
            snprintf(hint, sizeof hint, "did you mean '%s'? (GET /v1/catalog/%s lists them)",
                     near, aw_section_name(sec));
        else
            snprintf(hint, sizeof hint, "GET /v1/catalog/%s lists them", aw_section_name(sec));
        reply_error(out, 404, msg, hint, NULL);
        return;
    }
    size_t n = strlen(text);
    char *grown = realloc(text, n + 2);
    if (grown == NULL) {
        free(text);
        reply_error(out, 500, "out of memory", "", NULL);
        return;
    }
    out->body = grown;
    out->body[n] = '\n';
    out->body[n + 1] = '\0';
    out->len = n + 1;
    out->status = 200;
}

/* = aiwatt refs list / show ID --format json (tool/cmd_refs.c). */
static void refs(const aw_catalog *cat, const char *id, struct aw_api_reply *out)
{
    struct aw_reference ref;
    struct aw_diag diag;
    aw_diag_clear(&diag);
    if (id != NULL) {
        aw_status st = aw_reference_get(cat, id, &ref, &diag);
        if (st != AW_OK) {
            reply_error(out, st == AW_E_NOT_FOUND ? 404 : http_status(st), diag.msg, diag.hint,
                        NULL);
            return;
        }
        reply_json(out, aw_reference_to_json(cat, &ref));
        return;
    }
    json_t *arr = json_array();
    size_t total = aw_catalog_count(cat, AW_SECTION_REFERENCES);
    for (size_t i = 0; arr != NULL && i < total; i++) {
        aw_status st = aw_reference_get(cat, aw_catalog_id_at(cat, AW_SECTION_REFERENCES, i),
                                        &ref, &diag);
        if (st != AW_OK) {
            json_decref(arr);
            reply_error(out, http_status(st), diag.msg, diag.hint, NULL);
            return;
        }
        if (json_array_append_new(arr, aw_reference_to_json(cat, &ref)) != 0) {
            json_decref(arr);
            arr = NULL;
        }
    }
    reply_json(out, arr != NULL ? json_pack("{s:o}", "references", arr) : NULL);
}

static int is_get(const char *method)
{
    return strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0;
}

void aw_serve_api(const aw_catalog *cat, const char *method, const char *url, const char *body,
                  size_t body_len, struct aw_api_reply *out)
{
    memset(out, 0, sizeof *out);
    const char *path = url + 4; /* after "/v1/" */
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
        if (strcmp(path, commands[i]) != 0)
            continue;
        if (strcmp(method, "POST") != 0) {
            reply_error(out, 405, "this endpoint takes a POST with a JSON request",
                        "curl -d '{\"model\": \"llama-3.1-8b\"}' URL", "POST");
            return;
        }
        run_command(cat, commands[i], body, body_len, out);
        return;
    }
    int refs_path = strcmp(path, "refs") == 0 || strncmp(path, "refs/", 5) == 0;
    int catalog_path = strcmp(path, "catalog") == 0 || strncmp(path, "catalog/", 8) == 0;
    if ((refs_path || catalog_path) && !is_get(method)) {
        reply_error(out, 405, "this endpoint takes a GET", "", "GET, HEAD");
        return;
    }
    if (refs_path) {
        const char *id = path[4] == '/' && path[5] != '\0' ? path + 5 : NULL;
        if (path[4] == '/' && id == NULL) {
            reply_error(out, 404, "no reference id after /v1/refs/", "GET /v1/refs lists them",
                        NULL);
            return;
        }
        refs(cat, id, out);
        return;
    }
    if (catalog_path && path[7] == '/' && path[8] != '\0') {
        char section[64];
        const char *slash = strchr(path + 8, '/');
        size_t n = slash != NULL ? (size_t)(slash - (path + 8)) : strlen(path + 8);
        int sec = -1;
        if (n < sizeof section) {
            memcpy(section, path + 8, n);
            section[n] = '\0';
            sec = section_of(section);
        }
        if (sec < 0) {
            reply_error(out, 404, "no such catalog section",
                        "sections: hardware, servers, models, datacenters, grids, profiles, "
                        "comparisons, references, training_runs",
                        NULL);
            return;
        }
        if (slash == NULL || slash[1] == '\0')
            catalog_list(cat, (enum aw_section)sec, out);
        else
            catalog_show(cat, (enum aw_section)sec, slash + 1, out);
        return;
    }
    reply_error(out, 404, "no such API endpoint",
                "POST /v1/estimate, /v1/mix, /v1/agent, /v1/train, /v1/report; "
                "GET /v1/catalog/SECTION[/ID], /v1/refs[/ID]",
                NULL);
}
