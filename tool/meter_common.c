/*
 * meter_common.c - helpers shared by the metering commands (measure,
 * sources, monitor): opening the meter, warnings with their fixes, labels,
 * CSV and JSON pieces.
 */
#include <stdarg.h>
#include <string.h>
#include <unistd.h>
#include "meter_common.h"

int aw_tool_meter_open(const struct aw_ctx *ctx, double interval_s, aw_meter **out)
{
    struct aw_meter_options opt;
    struct aw_diag diag;
    aw_meter_options_init(&opt);
    aw_diag_clear(&diag);
    opt.sysfs_root = ctx->sysfs_root;
    opt.nvml_library = ctx->nvml_library;
    /* A library is code: under sudo -E (or setuid) the environment may come
     * from someone else, so AIWATT_NVML_LIBRARY is then ignored; only
     * --nvml-library, typed on the command line, is taken. */
    if (ctx->nvml_from_env && ctx->nvml_library != NULL &&
        (geteuid() == 0 || getuid() != geteuid() || getgid() != getegid())) {
        aw_tool_meter_warning("AIWATT_NVML_LIBRARY is ignored when running as root or "
                              "setuid: pass --nvml-library PATH to load '%s'",
                              ctx->nvml_library);
        opt.nvml_library = NULL;
    }
    if (interval_s > 0)
        opt.interval_s = interval_s;
    aw_status st = aw_meter_open(&opt, out, &diag);
    if (st != AW_OK)
        return aw_tool_fail(st, &diag);
    return AW_EXIT_OK;
}

void aw_tool_meter_warning(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    aw_tool_vmessage("warning", fmt, ap);
    va_end(ap);
}

static void note_message(json_t *messages, const char *text)
{
    if (messages != NULL)
        json_array_append_new(messages, json_string(text));
}

/* A hint is printed once however many domains share it (one chmod fixes
 * every RAPL zone). */
static int hint_seen(const aw_meter *m, size_t upto, const char *hint)
{
    for (size_t i = 0; i < upto; i++) {
        const struct aw_meter_domain *d = aw_meter_domain_at(m, i);
        if (d->status != AW_OK && strcmp(d->diag.hint, hint) == 0)
            return 1;
    }
    return 0;
}

size_t aw_tool_meter_warn_unreadable(const aw_meter *m, json_t *messages)
{
    size_t unreadable = 0;
    for (size_t i = 0; i < aw_meter_source_count(m); i++) {
        const struct aw_meter_source *s = aw_meter_source_at(m, i);
        if (s->status == AW_OK || s->status == AW_E_ABSENT)
            continue;
        aw_tool_meter_warning("%s: %s", s->name, s->diag.msg);
        note_message(messages, s->diag.msg);
        if (s->diag.hint[0] != '\0')
            aw_tool_hint("%s", s->diag.hint);
    }
    for (size_t i = 0; i < aw_meter_domain_count(m); i++) {
        const struct aw_meter_domain *d = aw_meter_domain_at(m, i);
        if (d->status == AW_OK)
            continue;
        unreadable++;
        aw_tool_meter_warning("%s %s not measured: %s", d->source, d->name, d->diag.msg);
        note_message(messages, d->diag.msg);
        if (d->diag.hint[0] != '\0' && !hint_seen(m, i, d->diag.hint))
            aw_tool_hint("%s", d->diag.hint);
    }
    return unreadable;
}

/* The directory a domain is read from: "intel-rapl-mmio:0", "hwmon3". */
static void domain_dir(const struct aw_meter_domain *d, char *buf, size_t size)
{
    const char *end = strrchr(d->path, '/');
    const char *start = end;
    while (start != NULL && start > d->path && start[-1] != '/')
        start--;
    if (end == NULL || start == NULL)
        snprintf(buf, size, "%s", d->path);
    else
        snprintf(buf, size, "%.*s", (int)(end - start), start);
}

void aw_tool_domain_label(const aw_meter *m, size_t i, char *buf, size_t size)
{
    const struct aw_meter_domain *d = aw_meter_domain_at(m, i);
    int shared = 0;
    for (size_t j = 0; j < aw_meter_domain_count(m); j++)
        shared |= j != i && strcmp(aw_meter_domain_at(m, j)->name, d->name) == 0;
    if (shared && d->parent[0] != '\0') {
        snprintf(buf, size, "%s/%s", d->parent, d->name);
    } else if (shared) {
        char dir[96];
        domain_dir(d, dir, sizeof dir);
        snprintf(buf, size, "%s [%s]", d->name, dir);
    } else {
        snprintf(buf, size, "%s", d->name);
    }
}

json_t *aw_tool_domain_json(const struct aw_meter_domain *d)
{
    json_t *j = json_object();
    if (j == NULL)
        return NULL;
    json_object_set_new(j, "source", json_string(d->source));
    json_object_set_new(j, "name", json_string(d->name));
    if (d->parent[0] != '\0')
        json_object_set_new(j, "parent", json_string(d->parent));
    if (d->device[0] != '\0')
        json_object_set_new(j, "device", json_string(d->device));
    json_object_set_new(j, "path", json_string(d->path));
    json_object_set_new(j, "scope", json_string(aw_meter_scope_name(d->scope)));
    json_object_set_new(j, "kind", json_string(aw_meter_kind_name(d->kind)));
    json_object_set_new(j, "measures", json_string(d->measures));
    json_object_set_new(j, "readable", json_boolean(d->status == AW_OK));
    json_object_set_new(j, "counted", json_boolean(d->counted));
    json_object_set_new(j, "note", json_string(d->note));
    if (d->status != AW_OK) {
        json_object_set_new(j, "error", json_string(d->diag.msg));
        json_object_set_new(j, "hint", json_string(d->diag.hint));
    }
    return j;
}
