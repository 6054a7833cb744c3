/*
 * cmd_sources.c - `aiwatt sources`: which energy counters this machine has,
 * what each measures, whether it can be read (and the fix when not), and
 * which ones the total adds.
 */
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "meter_common.h"

const char aw_usage_sources[] =
    "usage: aiwatt sources [--format table|json|csv]\n"
    "\n"
    "Lists the energy counters found: RAPL zones (powercap), NVIDIA GPUs (NVML)\n"
    "and hwmon sensors (amdgpu and others); what each measures; whether it can\n"
    "be read, and how to fix it when not; and which of them 'aiwatt measure'\n"
    "adds to its total (never the same energy twice).\n"
    "\n"
    "  --format F   table (default), json or csv\n"
    "\n"
    "Reads under --sysfs-root DIR (or AIWATT_SYSFS_ROOT); loads NVML from\n"
    "AIWATT_NVML_LIBRARY when set. Details: docs/cli/aiwatt-sources.md.\n";

static const char *source_state(aw_status st)
{
    return st == AW_OK ? "ok" : st == AW_E_ABSENT ? "absent" : "error";
}

static json_t *sources_json(const aw_meter *m, const char *root)
{
    json_t *j = json_object(), *sources = json_array(), *domains = json_array();
    if (j == NULL || sources == NULL || domains == NULL) {
        json_decref(j);
        json_decref(sources);
        json_decref(domains);
        return NULL;
    }
    json_object_set_new(j, "sysfs_root", json_string(root));
    for (size_t i = 0; i < aw_meter_source_count(m); i++) {
        const struct aw_meter_source *s = aw_meter_source_at(m, i);
        json_t *o = json_object();
        json_object_set_new(o, "source", json_string(s->name));
        json_object_set_new(o, "status", json_string(source_state(s->status)));
        json_object_set_new(o, "domains", json_integer((json_int_t)s->domains));
        json_object_set_new(o, "message", json_string(s->diag.msg));
        json_object_set_new(o, "hint", json_string(s->diag.hint));
        json_array_append_new(sources, o);
    }
    for (size_t i = 0; i < aw_meter_domain_count(m); i++) {
        const struct aw_meter_domain *d = aw_meter_domain_at(m, i);
        json_t *o = aw_tool_domain_json(d);
        if (o == NULL)
            continue;
        /* Exact, in the counter's own unit: a real loses digits. */
        json_object_set_new(o, "range_uj", json_integer((json_int_t)llround(d->range_j * 1e6)));
        json_object_set_new(o, "max_power_w", json_real(d->max_power_w));
        json_object_set_new(o, "ceiling_w", json_real(d->ceiling_w));
        json_object_set_new(o, "period_s", json_real(d->period_s));
        json_array_append_new(domains, o);
    }
    json_object_set_new(j, "sources", sources);
    json_object_set_new(j, "domains", domains);
    return j;
}

static void print_csv(FILE *out, const aw_meter *m)
{
    fputs("source,name,parent,path,scope,kind,readable,counted,range_uj,max_power_w,period_s,"
          "measures,note,error,hint\n", out);
    for (size_t i = 0; i < aw_meter_domain_count(m); i++) {
        const struct aw_meter_domain *d = aw_meter_domain_at(m, i);
        int ok = d->status == AW_OK;
        aw_csv_row(out, "ssssssiiwgg" "ssss", d->source, d->name, d->parent, d->path,
                   aw_meter_scope_name(d->scope), aw_meter_kind_name(d->kind), ok, d->counted,
                   round(d->range_j * 1e6), d->max_power_w, d->period_s, d->measures, d->note,
                   ok ? "" : d->diag.msg, ok ? "" : d->diag.hint);
    }
}

static void print_table(const struct aw_view *view, const aw_meter *m, const char *root)
{
    aw_text_print(view, stdout, 0, 2, "aiwatt sources (sysfs root %s)", root);
    printf("\n");
    struct aw_table *t = aw_table_new(view, 2);
    aw_table_col(t, NULL, AW_COL_LEFT, AW_KEEP);
    aw_table_col(t, NULL, AW_COL_LEFT, AW_KEEP);
    aw_table_col(t, NULL, AW_COL_WRAP, AW_KEEP);
    for (size_t i = 0; i < aw_meter_source_count(m); i++) {
        const struct aw_meter_source *s = aw_meter_source_at(m, i);
        aw_table_cell(t, "%s", s->name);
        aw_table_cell(t, "%s", source_state(s->status));
        if (s->status == AW_OK)
            aw_table_cell(t, "%zu domain%s", s->domains, s->domains == 1 ? "" : "s");
        else
            aw_table_cell(t, "%s", s->diag.msg);
        if (s->status != AW_OK && s->diag.hint[0] != '\0')
            aw_table_span(t, 4, "fix: %s", s->diag.hint);
    }
    aw_table_done(t, stdout);
    if (aw_meter_domain_count(m) == 0) {
        printf("\nno energy counter found\n");
        return;
    }
    printf("\n");
    t = aw_table_new(view, 2);
    aw_table_col(t, "source", AW_COL_LEFT, AW_KEEP);
    aw_table_col(t, "domain", AW_COL_WRAP, AW_KEEP);
    aw_table_col(t, "scope", AW_COL_LEFT, 2);
    aw_table_col(t, "kind", AW_COL_LEFT, 1);
    aw_table_col(t, "read", AW_COL_LEFT, AW_KEEP);
    aw_table_col(t, "total", AW_COL_LEFT, AW_KEEP);
    for (size_t i = 0; i < aw_meter_domain_count(m); i++) {
        const struct aw_meter_domain *d = aw_meter_domain_at(m, i);
        char label[160];
        aw_tool_domain_label(m, i, label, sizeof label);
        aw_table_cell(t, "%s", d->source);
        aw_table_cell(t, "%s", label);
        aw_table_cell(t, "%s", aw_meter_scope_name(d->scope));
        aw_table_cell(t, "%s", aw_meter_kind_name(d->kind));
        aw_table_cell(t, "%s", d->status == AW_OK ? "yes" : "NO");
        aw_table_cell(t, "%s", d->counted ? "yes" : "no");
        aw_table_span(t, 4, "measures %s", d->measures);
        if (d->range_j > 0)
            aw_table_span(t, 4, "%s, wraps after %s, read every %s", d->path,
                          aw_fmt_si(view, d->range_j, "J", AW_SIG).s,
                          aw_fmt_time(view, d->period_s, AW_SIG).s);
        else
            aw_table_span(t, 4, "%s, read every %s", d->path,
                          aw_fmt_time(view, d->period_s, AW_SIG).s);
        if (d->note[0] != '\0')
            aw_table_span(t, 4, "note: %s", d->note);
        if (d->status != AW_OK) {
            aw_table_span(t, 4, "error: %s", d->diag.msg);
            aw_table_span(t, 4, "fix: %s", d->diag.hint);
        }
    }
    aw_table_done(t, stdout);
    char adds[1024] = "";
    size_t used = 0;
    for (size_t i = 0; i < aw_meter_domain_count(m) && used < sizeof adds; i++) {
        char label[160];
        if (!aw_meter_domain_at(m, i)->counted)
            continue;
        aw_tool_domain_label(m, i, label, sizeof label);
        used += (size_t)snprintf(adds + used, sizeof adds - used, "%s%s", used ? ", " : "", label);
    }
    printf("\n");
    aw_text_print(view, stdout, 0, 2, "total adds: %s", used ? adds : "nothing readable");
}

struct sources {
    const aw_meter *meter;
    const char *root;
};

static int sources_json_out(const void *result)
{
    const struct sources *r = result;
    return aw_tool_json_out(sources_json(r->meter, r->root));
}

static void sources_csv(FILE *out, const void *result)
{
    print_csv(out, ((const struct sources *)result)->meter);
}

static void sources_table(const struct aw_view *view, const void *result)
{
    const struct sources *r = result;
    print_table(view, r->meter, r->root);
}

static const struct aw_output output = {sources_table, sources_json_out, sources_csv};

int aw_run_sources(struct aw_ctx *ctx)
{
    const struct aw_opts *o = &ctx->opts;
    int rc;
    aw_meter *m = NULL;
    rc = aw_tool_meter_open(ctx, 0, &m);
    if (rc != AW_EXIT_OK)
        return rc;
    struct sources r = {m, ctx->sysfs_root};
    rc = aw_tool_output(ctx, o->format, &output, &r);
    aw_meter_free(m);
    return rc;
}
