/*
 * cmd_mix.c - `aiwatt mix --profile ID`: the average query of a service, as
 * the share-weighted mean of its request kinds, every share printed.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "cmd.h"
#include "reqopts.h"
#include "levers_out.h"

const char aw_usage_mix[] =
    "usage: aiwatt mix --profile ID [--hardware ID] [--datacenter ID]\n"
    "                  [--grid ID|GRAMS] [--pue X] [--uncertainty [N]]\n"
    "                  [--sensitivity]\n"
    "                  [--format table|json|csv]\n"
    "\n"
    "Estimates every kind of request in a query-mix profile (short text, long\n"
    "context, reasoning, image input, image generation...) and their weighted\n"
    "mean: the 'average query'. Profiles are catalog data ('aiwatt catalog list\n"
    "profiles'); pass your own with --catalog FILE (section \"profiles\", see\n"
    "data/README.md). --hardware, --datacenter, --grid and --pue apply to every\n"
    "kind of request in the mix.\n";

static void print_table(const struct aw_view *view, const void *result)
{
    const struct aw_mix_result *m = result;
    aw_text_print(view, stdout, 0, 2, "aiwatt mix: %s - %s", m->profile_id, m->name ? m->name : "");
    printf("\n");
    struct aw_table *t = aw_table_new(view, 2);
    aw_table_col(t, "request kind", AW_COL_WRAP, AW_KEEP);
    aw_table_col(t, "share", AW_COL_RIGHT, AW_KEEP);
    aw_table_ladder_cols(t);
    aw_table_col(t, "gCO2e", AW_COL_RIGHT, 2);
    aw_table_col(t, "water mL", AW_COL_RIGHT, 1);
    for (size_t i = 0; i <= m->n_kinds; i++) {
        const struct aw_mix_kind *k = i < m->n_kinds ? &m->kinds[i] : NULL;
        const struct aw_ladder *wh = k ? &k->estimate.wh : &m->wh;
        aw_table_cell(t, "%s", k ? k->label : "average query (weighted)");
        aw_table_cell(t, "%s", aw_fmt_pct(view, k ? k->share : 1.0, AW_SIG).s);
        aw_table_cell(t, "%s", aw_fmt_num(view, wh->accelerator_wh, AW_SIG).s);
        aw_table_cell(t, "%s", aw_fmt_num(view, wh->server_wh, AW_SIG).s);
        aw_table_cell(t, "%s", aw_fmt_num(view, wh->it_wh, AW_SIG).s);
        aw_table_cell(t, "%s", aw_fmt_num(view, wh->facility_wh, AW_SIG).s);
        aw_table_cell(t, "%s", aw_fmt_num(view, k ? k->estimate.co2_g : m->co2_g, AW_SIG).s);
        aw_table_cell(t, "%s", aw_fmt_num(view, k ? k->estimate.water_ml : m->water_ml, AW_SIG).s);
    }
    aw_table_done(t, stdout);
    printf("\n");
    if (m->embodied_co2_g >= 0)
        aw_text_print(view, stdout, 2, 2, "average query: market-based %s, manufacturing %s; "
                      "water on site %s + off site %s",
                      aw_fmt_mass(view, m->co2_market_g, "CO2e", AW_SIG).s,
                      aw_fmt_mass(view, m->embodied_co2_g, "CO2e", AW_SIG).s,
                      aw_fmt_water(view, m->water_onsite_ml, AW_SIG).s,
                      aw_fmt_water(view, m->water_offsite_ml, AW_SIG).s);
    else
        aw_text_print(view, stdout, 2, 2, "average query: market-based %s, manufacturing "
                      "unknown; water on site %s + off site %s",
                      aw_fmt_mass(view, m->co2_market_g, "CO2e", AW_SIG).s,
                      aw_fmt_water(view, m->water_onsite_ml, AW_SIG).s,
                      aw_fmt_water(view, m->water_offsite_ml, AW_SIG).s);
    printf("\n");
    aw_text_print(view, stdout, 2, 2, "Wh per request at each boundary; facility (x PUE) is the "
                  "headline.");
    printf("\nshare of the average query's facility energy\n");
    t = aw_table_new(view, 2);
    aw_table_col(t, NULL, AW_COL_WRAP, AW_KEEP);
    aw_table_col(t, NULL, AW_COL_RIGHT, AW_KEEP);
    aw_table_col(t, NULL, AW_COL_WRAP, 1);
    for (size_t i = 0; i < m->n_kinds; i++) {
        const struct aw_mix_kind *k = &m->kinds[i];
        const struct aw_resolved *in = &k->estimate.inputs;
        double part = k->share * k->estimate.wh.facility_wh;
        char what[256];
        size_t used = 0;
        if (in->diffusion.architecture != NULL)
            used +=
                (size_t)snprintf(what + used, sizeof what - used, "%dx%d px, %d frame(s), %d steps",
                                 in->diffusion.width, in->diffusion.height, in->diffusion.frames,
                                 in->diffusion.steps);
        else
            used += (size_t)snprintf(what + used, sizeof what - used, "%s in / %s out",
                                     aw_fmt_count(view, (double)in->input_tokens, 0).s,
                                     aw_fmt_count(view, (double)in->output_tokens, 0).s);
        if (in->reasoning_tokens > 0 && used < sizeof what)
            used += (size_t)snprintf(what + used, sizeof what - used, " + %s reasoning",
                                     aw_fmt_count(view, (double)in->reasoning_tokens, 0).s);
        if (in->text.images_in > 0 && used < sizeof what)
            used += (size_t)snprintf(what + used, sizeof what - used, ", %ld image(s) in",
                                     in->text.images_in);
        aw_table_cell(t, "%s", k->label);
        aw_table_cell(
            t, "%s",
            aw_fmt_pct(view, m->wh.facility_wh > 0 ? part / m->wh.facility_wh : 0, AW_SIG).s);
        aw_table_cell(t, "(%s %s, %s, %d x %s)", in->model_id, in->task, what, in->gpus,
                      in->hardware_id);
    }
    aw_table_done(t, stdout);
    printf("\nassumptions\n");
    t = aw_table_pairs(view, 2);
    for (size_t i = 0; i < m->n_kinds; i++) {
        if (m->kinds[i].note == NULL)
            continue;
        aw_table_cell(t, "%s", m->kinds[i].kind);
        aw_table_cell(t, "%s", m->kinds[i].note);
    }
    aw_table_done(t, stdout);
    printf("\n");
    aw_text_print(view, stdout, 0, 2, "source: %s", m->source ? m->source : "-");
}

static void print_csv(FILE *out, const void *result)
{
    const struct aw_mix_result *m = result;
    fputs("profile,kind,label,share,accelerator_wh,server_wh,it_wh,facility_wh,co2_g,water_ml\n",
          out);
    for (size_t i = 0; i <= m->n_kinds; i++) {
        const struct aw_mix_kind *k = i < m->n_kinds ? &m->kinds[i] : NULL;
        const struct aw_ladder *wh = k ? &k->estimate.wh : &m->wh;
        aw_csv_row(out, "sssggggggg", m->profile_id, k ? k->kind : "average",
                   k ? k->label : "average query (weighted)", k ? k->share : 1.0,
                   wh->accelerator_wh, wh->server_wh, wh->it_wh, wh->facility_wh,
                   k ? k->estimate.co2_g : m->co2_g, k ? k->estimate.water_ml : m->water_ml);
    }
}

static const struct aw_output output = {print_table, NULL, print_csv};

int aw_run_mix(struct aw_ctx *ctx)
{
    const struct aw_opts *o = &ctx->opts;
    int rc;
    const struct aw_request *ov = &o->req; /* the profile, where it runs, what to analyse */
    struct aw_tool_uncertainty unc;
    if (aw_tool_uncertainty_check("mix", &unc, ov, o->format) != 0)
        return AW_EXIT_USAGE;
    if (o->format == AW_FORMAT_JSON)
        return aw_tool_print_api_json(ctx->catalog, "mix", ov);

    struct aw_mix_result res;
    struct aw_diag diag;
    aw_status st = aw_mix_run(ctx->catalog, ov->profile, ov, &res, &diag);
    if (st != AW_OK)
        return aw_tool_fail(st, &diag);
    /* The mix's requests, weighted by their shares. */
    st = aw_tool_uncertainty_mix(ctx->catalog, &res, 1, &unc, &diag);
    rc = st != AW_OK ? aw_tool_fail(st, &diag)
                     : aw_tool_output_analysed(ctx, o->format, &output, &res, &unc, "");
    aw_mix_result_release(&res);
    return rc;
}
