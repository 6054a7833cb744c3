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

static void print_ladder(const char *label, const struct aw_ladder *wh)
{
    printf("  %-11s", label);
    const char *names[] = {"accelerator", "server", "it", "facility"};
    for (int b = AW_BOUNDARY_ACCELERATOR; b <= AW_BOUNDARY_FACILITY; b++) {
        double v = aw_ladder_at(wh, (enum aw_boundary)b);
        if (isfinite(v))
            printf(" %s %.4g", names[b], v);
        else
            printf(" %s -", names[b]);
    }
    printf(" Wh\n");
}

static void print_table(const struct aw_reproduction *rs, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const struct aw_reproduction *r = &rs[i];
        const struct aw_reference *ref = &r->ref;
        printf("%s%s\n  %s (%s)\n  %s\n", i ? "\n" : "", ref->id, ref->source, ref->date,
               ref->url);
        printf("  %-11s %.4g %s at the %s boundary", "published", ref->value, ref->unit,
               aw_boundary_name(ref->boundary));
        if (isfinite(ref->low))
            printf(" (%.4g - %.4g)", ref->low, ref->high);
        printf("\n");
        if (r->reproduced_set && ref->impact != NULL) {
            printf("  %-11s %.4g %s as %s: ratio %.3f, %s\n", "reproduced", r->reproduced,
                   ref->unit, ref->impact, r->ratio, r->verdict);
            print_ladder("at stated", &r->method_wh);
        } else if (r->reproduced_set) {
            printf("  %-11s %.4g %s with method %s: ratio %.3f, %s", "reproduced",
                   r->reproduced, ref->unit, ref->method, r->ratio, r->verdict);
            if (isfinite(r->reproduced_low))
                printf(" (%.4g - %.4g)", r->reproduced_low, r->reproduced_high);
            printf("\n");
            print_ladder("method", &r->method_wh);
        } else {
            printf("  %-11s no reproducible method: compared with aiwatt's estimate\n",
                   "reproduced");
        }
        if (isfinite(r->estimate_value)) {
            print_ladder("aiwatt", &r->estimate_wh);
            printf("  %-11s %.4g %s at the published boundary: published / aiwatt = %.2f\n", "",
                   r->estimate_value, ref->unit, r->estimate_ratio);
        }
        printf("  %-11s %s\n", "reason", r->reason);
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
        print_table(rs, n);
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
