/*
 * cmd_refs.c - `aiwatt refs list|show ID`: the reference library, every
 * published figure with its boundary, conditions, source and URL.
 */
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "cmd.h"
#include "json_out.h"
#include "reqopts.h"

const char aw_usage_refs[] =
    "usage: aiwatt refs list [--kind inference|training|context]\n"
    "                        [--format table|json|csv]\n"
    "       aiwatt refs show ID [--format table|json]\n"
    "\n"
    "The reference library: every published figure aiwatt knows (energy per query,\n"
    "per training run, and context such as households and PUEs), each with the\n"
    "boundary it counts, its conditions, date, source and URL. References with a\n"
    "scenario can be reproduced: 'aiwatt reproduce ID'. The library is catalog data\n"
    "(data/references.json, section \"references\"); add your own with --catalog FILE.\n"
    "\n"
    "  --kind K       list only inference, training or context figures\n"
    "  --format F     table (default), json or csv\n";

/* What the reference's scenario lets reproduce do with it. */
static const char *use_of(const struct aw_reference *r)
{
    if (r->method != NULL)
        return r->method;
    return r->has_estimate ? "compare" : "-";
}

static void print_list_table(const struct aw_view *view, const struct aw_reference *refs,
                             size_t n)
{
    struct aw_table *t = aw_table_new(view, 0);
    aw_table_col(t, "id", AW_COL_LEFT, AW_KEEP);
    aw_table_col(t, "value", AW_COL_RIGHT, AW_KEEP);
    aw_table_col(t, "boundary", AW_COL_LEFT, 1);
    aw_table_col(t, "date", AW_COL_WRAP, 3);
    aw_table_col(t, "reproduce", AW_COL_LEFT, 2);
    for (size_t i = 0; i < n; i++) {
        const struct aw_reference *r = &refs[i];
        aw_table_cell(t, "%s", r->id);
        aw_table_cell(t, "%s", aw_fmt_unit(view, r->value, r->unit, AW_SIG).s);
        aw_table_cell(t, "%s", aw_boundary_name(r->boundary));
        aw_table_cell(t, "%s", r->date);
        aw_table_cell(t, "%s", use_of(r));
        aw_table_span(t, 4, "%s", r->source);
        aw_table_span(t, 4, "%s", r->url);
    }
    aw_table_done(t, stdout);
    printf("\n");
    aw_text_print(view, stdout, 0, 2, "%zu references; 'aiwatt refs show ID' for the conditions, "
                  "'aiwatt reproduce ID' to reproduce one", n);
}

static void print_list_csv(const struct aw_reference *refs, size_t n)
{
    fputs("id,kind,value,unit,boundary,date,reproduce,confidence,source,url\n", stdout);
    for (size_t i = 0; i < n; i++) {
        const struct aw_reference *r = &refs[i];
        aw_csv_row(stdout, "ssgsssssss", r->id, r->kind, r->value, r->unit,
                   aw_boundary_name(r->boundary), r->date, use_of(r), r->confidence, r->source,
                   r->url);
    }
}

struct listed {
    const aw_catalog *catalog;
    const struct aw_reference *refs;
};

static void *reference_json(const void *state, size_t i)
{
    const struct listed *l = state;
    return aw_reference_to_json(l->catalog, &l->refs[i]);
}

static int list(struct aw_ctx *ctx, const char *kind, enum aw_format format)
{
    size_t total = aw_catalog_count(ctx->catalog, AW_SECTION_REFERENCES);
    struct aw_reference *refs = calloc(total ? total : 1, sizeof *refs);
    if (refs == NULL) {
        aw_tool_error("out of memory");
        return AW_EXIT_FAIL;
    }
    size_t n = 0;
    int rc = AW_EXIT_OK;
    for (size_t i = 0; i < total; i++) {
        struct aw_diag diag;
        aw_status st = aw_reference_get(ctx->catalog,
                                        aw_catalog_id_at(ctx->catalog, AW_SECTION_REFERENCES, i),
                                        &refs[n], &diag);
        if (st != AW_OK) {
            rc = aw_tool_fail(st, &diag);
            goto out;
        }
        if (kind == NULL || strcmp(refs[n].kind, kind) == 0)
            n++;
    }
    if (format == AW_FORMAT_JSON) {
        struct listed l = {ctx->catalog, refs};
        rc = aw_tool_json_list_out("references", n, reference_json, &l);
    } else if (format == AW_FORMAT_CSV) {
        print_list_csv(refs, n);
    } else {
        print_list_table(&ctx->view, refs, n);
    }
out:
    free(refs);
    return rc;
}

static void print_show_table(const struct aw_ctx *ctx, const struct aw_reference *r)
{
    const struct aw_view *view = &ctx->view;
    aw_text_print(view, stdout, 0, 2, "%s: %s", r->id, r->name);
    printf("\n");
    struct aw_table *t = aw_table_pairs(view, 2);
    char range[160] = "";
    if (isfinite(r->low))
        snprintf(range, sizeof range, " (range %s - %s)",
                 aw_fmt_unit(view, r->low, r->unit, AW_SIG_PRECISE).s,
                 aw_fmt_unit(view, r->high, r->unit, AW_SIG_PRECISE).s);
    aw_table_cell(t, "published");
    aw_table_cell(t, "%s%s", aw_fmt_unit(view, r->value, r->unit, AW_SIG_PRECISE).s, range);
    aw_table_cell(t, "quantity");
    aw_table_cell(t, "%s", r->quantity);
    aw_table_cell(t, "boundary");
    aw_table_cell(t, "%s%s%s", aw_boundary_name(r->boundary), r->boundary_detail ? ": " : "",
                  r->boundary_detail ? r->boundary_detail : "");
    if (r->model) {
        aw_table_cell(t, "model");
        aw_table_cell(t, "%s", r->model);
    }
    if (r->hardware) {
        aw_table_cell(t, "hardware");
        aw_table_cell(t, "%s", r->hardware);
    }
    if (r->conditions) {
        aw_table_cell(t, "conditions");
        aw_table_cell(t, "%s", r->conditions);
    }
    aw_table_cell(t, "date");
    aw_table_cell(t, "%s", r->date);
    aw_table_cell(t, "source");
    aw_table_cell(t, "%s", r->source);
    aw_table_cell(t, "url");
    aw_table_cell(t, "%s", r->url);
    aw_table_cell(t, "confidence");
    aw_table_cell(t, "%s", r->confidence);
    if (r->has_published_ladder) {
        aw_table_cell(t, "breakdown");
        aw_table_cell(t, "accelerator %s, server %s, it %s, facility %s",
                      aw_fmt_energy(view, r->published_wh.accelerator_wh, AW_SIG).s,
                      aw_fmt_energy(view, r->published_wh.server_wh, AW_SIG).s,
                      aw_fmt_energy(view, r->published_wh.it_wh, AW_SIG).s,
                      aw_fmt_energy(view, r->published_wh.facility_wh, AW_SIG).s);
    }
    aw_table_done(t, stdout);
    /* The scenario as the catalog gives it: the reference's JSON view. */
    json_t *j = aw_reference_to_json(ctx->catalog, r);
    json_t *sc = j != NULL ? json_object_get(j, "scenario") : NULL;
    if (sc != NULL && !json_is_null(sc)) {
        printf("\n");
        aw_text_print(view, stdout, 0, 2, "scenario ('aiwatt reproduce %s' runs it):", r->id);
        aw_tool_print_json_tree(view, sc, 2);
    }
    json_decref(j);
}

static int show(struct aw_ctx *ctx, const char *id, enum aw_format format)
{
    struct aw_reference ref;
    struct aw_diag diag;
    aw_status st = aw_reference_get(ctx->catalog, id, &ref, &diag);
    if (st != AW_OK)
        return aw_tool_fail(st, &diag);
    if (format == AW_FORMAT_TABLE) {
        print_show_table(ctx, &ref);
        return AW_EXIT_OK;
    }
    return aw_tool_json_out(aw_reference_to_json(ctx->catalog, &ref));
}

static int take_option(void *state, int code, const char *arg)
{
    (void)code; /* --kind, the only one */
    if (strcmp(arg, "inference") != 0 && strcmp(arg, "training") != 0 &&
        strcmp(arg, "context") != 0)
        return aw_tool_usage_error("refs", "--kind '%s': expected inference, training or "
                                   "context", arg);
    *(const char **)state = arg;
    return AW_EXIT_OK;
}

int aw_run_refs(struct aw_ctx *ctx)
{
    const char *kind = NULL;
    const struct aw_opts *o = &ctx->opts;
    int rc = aw_tool_own_options(o, take_option, &kind);
    if (rc != AW_EXIT_OK)
        return rc;
    enum aw_format format = o->format;
    int next = o->next;
    if (next >= ctx->argc)
        return aw_tool_usage_error("refs", "give 'list' or 'show ID'");
    const char *sub = ctx->argv[next];
    if (strcmp(sub, "list") == 0) {
        if (next + 1 < ctx->argc)
            return aw_tool_usage_error("refs", "unexpected argument '%s'", ctx->argv[next + 1]);
        return list(ctx, kind, format);
    }
    if (strcmp(sub, "show") == 0) {
        if (next + 2 != ctx->argc)
            return aw_tool_usage_error("refs", "'show' takes one reference id");
        if (format == AW_FORMAT_CSV)
            return aw_tool_usage_error("refs", "'show' prints table or json");
        return show(ctx, ctx->argv[next + 1], format);
    }
    return aw_tool_usage_error("refs", "unknown subcommand '%s': expected list or show", sub);
}
