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

const char aw_usage_reproduce[] =
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
        struct aw_table *t = aw_table_pairs(view, 2);
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
        aw_table_done(t, stdout);
    }
}

struct reproduced {
    const struct aw_reproduction *rs;
    size_t n;
};

static void print_csv(FILE *out, const void *result)
{
    const struct reproduced *res = result;
    fputs("id,method,published,unit,boundary,reproduced,ratio,verdict,estimate_accelerator_wh,"
          "estimate_server_wh,estimate_it_wh,estimate_facility_wh,estimate_ratio,reason,"
          "source,url\n", out);
    for (size_t i = 0; i < res->n; i++) {
        const struct aw_reproduction *r = &res->rs[i];
        const struct aw_ladder *e = &r->estimate_wh;
        int est = isfinite(r->estimate_value);
        aw_csv_text(out, r->ref.id);
        fputc(',', out);
        aw_csv_text(out, r->ref.method);
        fprintf(out, ",%.6g,", r->ref.value);
        aw_csv_text(out, r->ref.unit);
        fprintf(out, ",%s,", aw_boundary_name(r->ref.boundary));
        aw_csv_num(out, r->reproduced_set, r->reproduced);
        fputc(',', out);
        aw_csv_num(out, r->reproduced_set, r->ratio);
        fprintf(out, ",%s,", r->verdict);
        const double est_values[] = {e->accelerator_wh, e->server_wh, e->it_wh, e->facility_wh,
                                     r->estimate_ratio};
        for (size_t k = 0; k < sizeof est_values / sizeof est_values[0]; k++) {
            aw_csv_num(out, est, est_values[k]);
            fputc(',', out);
        }
        aw_csv_row(out, "sss", r->reason, r->ref.source, r->ref.url);
    }
}

static void print_reproduced_table(const struct aw_view *view, const void *result)
{
    const struct reproduced *res = result;
    print_table(view, res->rs, res->n);
}

static void *reproduction_json(const void *state, size_t i)
{
    return aw_reproduction_to_json(&((const struct aw_reproduction *)state)[i]);
}

static int print_json(const void *result)
{
    const struct reproduced *res = result;
    return aw_tool_json_list_out("references", res->n, reproduction_json, res->rs);
}

static const struct aw_output output = {print_reproduced_table, print_json, print_csv};

int aw_run_reproduce(struct aw_ctx *ctx)
{
    const struct aw_opts *o = &ctx->opts;
    int rc;
    /* The ids: those given, or every reference with a scenario. */
    size_t total = aw_catalog_count(ctx->catalog, AW_SECTION_REFERENCES);
    size_t cap = o->next < ctx->argc ? (size_t)(ctx->argc - o->next) : total;
    const char **ids = calloc(cap ? cap : 1, sizeof *ids);
    struct aw_reproduction *rs = calloc(cap ? cap : 1, sizeof *rs);
    size_t n = 0;
    if (ids == NULL || rs == NULL) {
        aw_tool_error("out of memory");
        rc = AW_EXIT_FAIL;
        goto out;
    }
    if (o->next < ctx->argc) {
        for (int i = o->next; i < ctx->argc; i++)
            ids[n++] = ctx->argv[i];
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
    struct reproduced res = {rs, n};
    rc = aw_tool_output(ctx, o->format, &output, &res);
out:
    free(ids);
    free(rs);
    return rc;
}
