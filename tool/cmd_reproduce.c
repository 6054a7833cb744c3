/*
 * cmd_reproduce.c - `aiwatt reproduce [ID...]`: published figures run again
 * with their authors' methods, next to aiwatt's own estimate of the same
 * request at every boundary, and the main reason for the gap.
 */
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "cmd.h"
#include "reqopts.h"

static const char usage[] =
    "usage: aiwatt reproduce [ID...] [--format table|json|csv]\n"
    "\n"
    "Why published figures disagree. For each reference (default: every one with a\n"
    "scenario; 'aiwatt refs list'), runs the authors' own method with their\n"
    "assumptions (flops: Epoch AI; nameplate: de Vries; ecologits; training:\n"
    "Patterson et al.), prints published vs reproduced with the ratio and a\n"
    "verdict (reproduced: within 5%; close: within 25%), then aiwatt's own\n"
    "roofline estimate of the same request at every boundary, and the main reason\n"
    "for the gap, computed from a factor-by-factor decomposition (boundary,\n"
    "tokens, model size, hardware, utilisation and batch, load, host, reserve,\n"
    "PUE). Figures without a reproducible method (Altman's, Google's\n"
    "measurements) are compared with aiwatt's estimate only.\n"
    "\n"
    "  --format F     table (default), json or csv\n";

enum { OPT_FORMAT = 256 };

static const struct option long_options[] = {
    {"format", required_argument, NULL, OPT_FORMAT},
    {NULL, 0, NULL, 0},
};

/* "accelerator 45.1 Wh, server 74.3 Wh, ...": a ladder on one line. */
static void ladder_text(const struct aw_view *view, const struct aw_ladder *wh, char *out,
                        size_t len)
{
    static const char *const names[] = {"accelerator", "server", "it", "facility"};
    size_t used = 0;
    out[0] = '\0';
    for (int b = AW_BOUNDARY_ACCELERATOR; b <= AW_BOUNDARY_FACILITY && used < len; b++) {
        double v = aw_ladder_at(wh, (enum aw_boundary)b);
        used += (size_t)snprintf(out + used, len - used, "%s%s %s", b ? ", " : "", names[b],
                                 isfinite(v) ? aw_fmt_energy(view, v, AW_SIG).s : "-");
    }
}

static void print_table(const struct aw_view *view, const struct aw_reproduction *rs, size_t n)
{
    char ladder[256];
    for (size_t i = 0; i < n; i++) {
        const struct aw_reproduction *r = &rs[i];
        const struct aw_reference *ref = &r->ref;
        printf("%s%s\n", i ? "\n" : "", ref->id);
        aw_text_print(view, stdout, 2, 4, "%s (%s)", ref->source, ref->date);
        aw_text_print(view, stdout, 2, 4, "%s", ref->url);
        struct aw_table *t = aw_table_new(view, 2);
        aw_table_col(t, NULL, AW_COL_LEFT, AW_KEEP);
        aw_table_col(t, NULL, AW_COL_WRAP, AW_KEEP);
        char range[128] = "";
        if (isfinite(ref->low))
            snprintf(range, sizeof range, " (%s - %s)", aw_fmt_unit(view, ref->low, ref->unit, AW_SIG).s,
                     aw_fmt_unit(view, ref->high, ref->unit, AW_SIG).s);
        aw_table_cell(t, "published");
        aw_table_cell(t, "%s at the %s boundary%s", aw_fmt_unit(view, ref->value, ref->unit, AW_SIG).s,
                      aw_boundary_name(ref->boundary), range);
        if (r->reproduced_set && ref->impact != NULL) {
            aw_table_cell(t, "reproduced");
            aw_table_cell(t, "%s as %s: ratio %s, %s",
                          aw_fmt_unit(view, r->reproduced, ref->unit, AW_SIG).s, ref->impact,
                          aw_fmt_num(view, r->ratio, AW_SIG).s, r->verdict);
            ladder_text(view, &r->method_wh, ladder, sizeof ladder);
            aw_table_cell(t, "at stated");
            aw_table_cell(t, "%s", ladder);
        } else if (r->reproduced_set) {
            range[0] = '\0';
            if (isfinite(r->reproduced_low))
                snprintf(range, sizeof range, " (%s - %s)",
                         aw_fmt_unit(view, r->reproduced_low, ref->unit, AW_SIG).s,
                         aw_fmt_unit(view, r->reproduced_high, ref->unit, AW_SIG).s);
            aw_table_cell(t, "reproduced");
            aw_table_cell(t, "%s with method %s: ratio %s, %s%s",
                          aw_fmt_unit(view, r->reproduced, ref->unit, AW_SIG).s, ref->method,
                          aw_fmt_num(view, r->ratio, AW_SIG).s, r->verdict, range);
            ladder_text(view, &r->method_wh, ladder, sizeof ladder);
            aw_table_cell(t, "method");
            aw_table_cell(t, "%s", ladder);
        } else {
            aw_table_cell(t, "reproduced");
            aw_table_cell(t, "no reproducible method: compared with aiwatt's estimate");
        }
        if (isfinite(r->estimate_value)) {
            ladder_text(view, &r->estimate_wh, ladder, sizeof ladder);
            aw_table_cell(t, "aiwatt");
            aw_table_cell(t, "%s", ladder);
            aw_table_cell(t, "%s", "");
            aw_table_cell(t, "%s at the published boundary: published / aiwatt = %s",
                          aw_fmt_unit(view, r->estimate_value, ref->unit, AW_SIG).s,
                          aw_fmt_num(view, r->estimate_ratio, AW_SIG).s);
        }
        aw_table_cell(t, "reason");
        aw_table_cell(t, "%s", r->reason);
        aw_table_print(t, stdout);
        aw_table_free(t);
    }
}

static void print_csv(const struct aw_reproduction *rs, size_t n)
{
    printf("id,method,published,unit,boundary,reproduced,ratio,verdict,estimate_accelerator_wh,"
           "estimate_server_wh,estimate_it_wh,estimate_facility_wh,estimate_ratio,reason,"
           "source,url\n");
    for (size_t i = 0; i < n; i++) {
        const struct aw_reproduction *r = &rs[i];
        printf("%s,%s,%.6g,", r->ref.id, r->ref.method ? r->ref.method : "", r->ref.value);
        aw_tool_csv_str(r->ref.unit);
        printf(",%s,", aw_boundary_name(r->ref.boundary));
        if (r->reproduced_set)
            printf("%.6g,%.6g", r->reproduced, r->ratio);
        else
            printf(",");
        printf(",%s", r->verdict);
        if (isfinite(r->estimate_value))
            printf(",%.6g,%.6g,%.6g,%.6g,%.6g,", r->estimate_wh.accelerator_wh,
                   r->estimate_wh.server_wh, r->estimate_wh.it_wh, r->estimate_wh.facility_wh,
                   r->estimate_ratio);
        else
            printf(",,,,,,");
        aw_tool_csv_str(r->reason);
        putchar(',');
        aw_tool_csv_str(r->ref.source);
        putchar(',');
        aw_tool_csv_str(r->ref.url);
        putchar('\n');
    }
}

static int run_reproduce(int argc, char **argv, struct aw_ctx *ctx)
{
    enum aw_format format = AW_FORMAT_TABLE;
    opterr = 0;
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, ":", long_options, NULL)) != -1) {
        switch (c) {
        case OPT_FORMAT:
            if (aw_parse_format(optarg, &format) != 0)
                return aw_tool_usage_error("reproduce", "--format '%s': expected table, json "
                                           "or csv", optarg);
            break;
        case ':':
            return aw_tool_usage_error("reproduce", "%s needs a value", argv[optind - 1]);
        default:
            return aw_tool_usage_error("reproduce", "unknown option '%s'", argv[optind - 1]);
        }
    }
    /* The ids: those given, or every reference with a scenario. */
    size_t total = aw_catalog_count(ctx->catalog, AW_SECTION_REFERENCES);
    size_t cap = optind < argc ? (size_t)(argc - optind) : total;
    const char **ids = calloc(cap ? cap : 1, sizeof *ids);
    struct aw_reproduction *rs = calloc(cap ? cap : 1, sizeof *rs);
    size_t n = 0;
    int rc = AW_EXIT_OK;
    if (ids == NULL || rs == NULL) {
        aw_tool_error("out of memory");
        rc = AW_EXIT_FAIL;
        goto out;
    }
    if (optind < argc) {
        for (int i = optind; i < argc; i++)
            ids[n++] = argv[i];
    } else {
        for (size_t i = 0; i < total; i++) {
            const char *id = aw_catalog_id_at(ctx->catalog, AW_SECTION_REFERENCES, i);
            if (aw_reference_has_scenario(ctx->catalog, id))
                ids[n++] = id;
        }
    }
    for (size_t i = 0; i < n; i++) {
        struct aw_diag diag;
        aw_status st = aw_reproduce(ctx->catalog, ids[i], &rs[i], &diag);
        if (st != AW_OK) {
            rc = aw_tool_fail(st, &diag);
            goto out;
        }
    }
    if (format == AW_FORMAT_JSON) {
        json_t *arr = json_array();
        for (size_t i = 0; arr != NULL && i < n; i++) {
            if (json_array_append_new(arr, aw_reproduction_to_json(&rs[i])) != 0) {
                json_decref(arr);
                arr = NULL;
            }
        }
        json_t *root = arr ? json_pack("{s:o}", "references", arr) : NULL;
        if (root == NULL) {
            aw_tool_error("out of memory");
            rc = AW_EXIT_FAIL;
            goto out;
        }
        rc = aw_print_json(root);
        json_decref(root);
    } else if (format == AW_FORMAT_CSV) {
        print_csv(rs, n);
    } else {
        print_table(&ctx->view, rs, n);
    }
out:
    free(ids);
    free(rs);
    return rc;
}

const struct aw_cmd aw_cmd_reproduce = {
    .name = "reproduce",
    .summary = "published figures reproduced with their authors' methods, and why they differ",
    .usage = usage,
    .run = run_reproduce,
    .needs_catalog = 1,
};
