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

static const char usage[] =
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

static const struct option long_options[] = {
    {"format", required_argument, NULL, 'f'},
    {NULL, 0, NULL, 0},
};

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

static void print_csv(const aw_meter *m)
{
    puts("source,name,parent,path,scope,kind,readable,counted,range_uj,max_power_w,period_s,"
         "measures,note,error,hint");
    for (size_t i = 0; i < aw_meter_domain_count(m); i++) {
        const struct aw_meter_domain *d = aw_meter_domain_at(m, i);
        const char *texts[] = {d->source, d->name, d->parent, d->path,
                               aw_meter_scope_name(d->scope), aw_meter_kind_name(d->kind)};
        for (size_t k = 0; k < sizeof texts / sizeof texts[0]; k++) {
            aw_tool_csv_field(stdout, texts[k]);
            fputc(',', stdout);
        }
        printf("%d,%d,%.0f,%.6g,%.6g,", d->status == AW_OK, d->counted, d->range_j * 1e6,
               d->max_power_w, d->period_s);
        aw_tool_csv_field(stdout, d->measures);
        fputc(',', stdout);
        aw_tool_csv_field(stdout, d->note);
        fputc(',', stdout);
        aw_tool_csv_field(stdout, d->status == AW_OK ? "" : d->diag.msg);
        fputc(',', stdout);
        aw_tool_csv_field(stdout, d->status == AW_OK ? "" : d->diag.hint);
        fputc('\n', stdout);
    }
}

static void print_table(const aw_meter *m, const char *root)
{
    printf("aiwatt sources (sysfs root %s)\n\n", root);
    for (size_t i = 0; i < aw_meter_source_count(m); i++) {
        const struct aw_meter_source *s = aw_meter_source_at(m, i);
        printf("  %-6s %-7s ", s->name, source_state(s->status));
        if (s->status == AW_OK)
            printf("%zu domain%s\n", s->domains, s->domains == 1 ? "" : "s");
        else
            printf("%s\n", s->diag.msg);
        if (s->status != AW_OK && s->diag.hint[0] != '\0')
            printf("  %-14s fix: %s\n", "", s->diag.hint);
    }
    if (aw_meter_domain_count(m) == 0) {
        printf("\nno energy counter found\n");
        return;
    }
    printf("\n  %-6s %-30s %-12s %-8s %-5s %-5s %s\n", "source", "domain", "scope", "kind",
           "read", "total", "measures");
    for (size_t i = 0; i < aw_meter_domain_count(m); i++) {
        const struct aw_meter_domain *d = aw_meter_domain_at(m, i);
        char label[160];
        aw_tool_domain_label(m, i, label, sizeof label);
        printf("  %-6s %-30s %-12s %-8s %-5s %-5s %s\n", d->source, label,
               aw_meter_scope_name(d->scope), aw_meter_kind_name(d->kind),
               d->status == AW_OK ? "yes" : "NO", d->counted ? "yes" : "no", d->measures);
        printf("  %-6s %s", "", d->path);
        if (d->range_j > 0)
            printf(", wraps after %.6g J, read every %.3g s", d->range_j, d->period_s);
        else
            printf(", read every %.3g s", d->period_s);
        printf("\n");
        if (d->note[0] != '\0')
            printf("  %-6s note: %s\n", "", d->note);
        if (d->status != AW_OK)
            printf("  %-6s error: %s\n  %-6s fix: %s\n", "", d->diag.msg, "", d->diag.hint);
    }
    printf("\ntotal adds:");
    int any = 0;
    for (size_t i = 0; i < aw_meter_domain_count(m); i++) {
        char label[160];
        if (!aw_meter_domain_at(m, i)->counted)
            continue;
        aw_tool_domain_label(m, i, label, sizeof label);
        printf("%s %s", any ? "," : "", label);
        any = 1;
    }
    printf("%s\n", any ? "" : " nothing readable");
}

static int run_sources(int argc, char **argv, struct aw_ctx *ctx)
{
    enum aw_format format = AW_FORMAT_TABLE;
    opterr = 0;
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, ":", long_options, NULL)) != -1) {
        switch (c) {
        case 'f':
            if (aw_parse_format(optarg, &format) != 0)
                return aw_tool_usage_error("sources", "--format '%s': expected table, json or csv",
                                           optarg);
            break;
        case ':':
            return aw_tool_usage_error("sources", "%s needs a value", argv[optind - 1]);
        default:
            return aw_tool_usage_error("sources", "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind < argc)
        return aw_tool_usage_error("sources", "unexpected argument '%s'", argv[optind]);

    aw_meter *m = NULL;
    int rc = aw_tool_meter_open(ctx, 0, &m);
    if (rc != AW_EXIT_OK)
        return rc;
    switch (format) {
    case AW_FORMAT_JSON: {
        json_t *j = sources_json(m, ctx->sysfs_root);
        if (j == NULL) {
            aw_tool_error("out of memory");
            rc = AW_EXIT_FAIL;
            break;
        }
        rc = aw_print_json(j);
        json_decref(j);
        break;
    }
    case AW_FORMAT_CSV:
        print_csv(m);
        break;
    case AW_FORMAT_TABLE:
        print_table(m, ctx->sysfs_root);
        break;
    }
    aw_meter_free(m);
    return rc;
}

const struct aw_cmd aw_cmd_sources = {
    .name = "sources",
    .summary = "energy counters found (RAPL, NVML, hwmon), readable or not, and why",
    .usage = usage,
    .run = run_sources,
    .needs_catalog = 0,
};
