/*
 * cmd_fleet.c - `aiwatt fleet`: a whole service at scale. Energy per query
 * (given, a reference's, a query-mix profile's, or estimated) x queries per
 * day, over a day, a year and several years, with carbon and water, in
 * households and in shares of countries' electricity.
 */
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "cmd.h"
#include "method_check.h"
#include "reqopts.h"
#include "levers_out.h"

const char aw_usage_fleet[] =
    "usage: aiwatt fleet (--wh-per-query X|REF | --profile ID | [REQUEST OPTIONS])\n"
    "                    --queries-per-day N|REF [--years N] [--country ID]\n"
    "                    [--datacenter ID] [--grid ID|GRAMS]\n"
    "                    [--format table|json|csv]\n"
    "\n"
    "A whole service at scale: energy per query x queries per day -> energy, carbon\n"
    "and water per day, per year and over --years, in households' electricity and\n"
    "as a share of countries' electricity. The comparison constants are sourced\n"
    "rows of the reference library ('aiwatt refs list --kind context'). The\n"
    "energy per query is given (--wh-per-query), a profile's average query\n"
    "(--profile), or estimated from the request options below; --datacenter and\n"
    "--grid apply to all three, --uncertainty and --sensitivity (per year) to\n"
    "the last two.\n"
    "\n"
    "  --wh-per-query X|REF  facility energy per query in Wh, or a reference id\n"
    "                        whose figure is an energy per query\n"
    "                        (altman-chatgpt-2025)\n"
    "  --profile ID          the average query of a query-mix profile ('aiwatt mix')\n"
    "  --queries-per-day N|REF  e.g. 2.5e9, or a reference counted per day\n"
    "                        (chatgpt-prompts-2025: OpenAI, July 2025)\n"
    "  --years N             the period of the total (default 1)\n"
    "  --country ID          only this country's share (a grid id: us, ie, world)\n";

/* A number, or a reference id used as a preset. */
static int number_or_ref(struct aw_ctx *ctx, const char *opt, const char *arg, int per_day,
                         double *out, int *exit_code)
{
    if (aw_parse_si(arg, out) == 0) {
        if (!(*out > 0)) {
            *exit_code = aw_tool_usage_error("fleet", "%s '%s': expected a positive number or a "
                                             "reference id", opt, arg);
            return -1;
        }
        return 0;
    }
    struct aw_diag diag;
    aw_status st = aw_reference_preset(ctx->catalog, arg, per_day, out, &diag);
    if (st != AW_OK) {
        *exit_code = aw_tool_fail(st, &diag);
        return -1;
    }
    return 0;
}

static void print_row(struct aw_table *t, const struct aw_view *view, const char *label,
                      double wh, double g, double ml)
{
    aw_table_cell(t, "%s", label);
    aw_table_cell(t, "%s", aw_fmt_energy(view, wh, AW_SIG).s);
    aw_table_cell(t, "%s", aw_fmt_mass(view, g, "CO2e", AW_SIG).s);
    aw_table_cell(t, "%s", aw_fmt_water(view, ml, AW_SIG).s);
}

/* Households (a count of them) or countries (a share of theirs), each
 * with its yearly electricity and source. */
static void print_comparisons(const struct aw_view *view, const char *title,
                              const struct aw_fleet_comparison *rows, size_t n, int shares)
{
    if (n == 0)
        return;
    printf("\n%s\n", title);
    struct aw_table *t = aw_table_new(view, 2);
    aw_table_col(t, NULL, AW_COL_RIGHT, AW_KEEP);
    aw_table_col(t, NULL, AW_COL_WRAP, AW_KEEP);
    for (size_t i = 0; i < n; i++) {
        aw_table_cell(t, "%s", shares ? aw_fmt_pct(view, rows[i].value, AW_SIG).s
                                      : aw_fmt_count(view, rows[i].value, AW_SIG).s);
        aw_table_cell(t, "%s (%s/yr)\n%s, %s", rows[i].name,
                      aw_fmt_energy(view, rows[i].per_year_wh, AW_SIG).s, rows[i].source,
                      rows[i].url);
    }
    aw_table_done(t, stdout);
}

static void print_table(const struct aw_view *view, const aw_catalog *cat,
                        const struct aw_fleet_result *r, const char *what)
{
    aw_text_print(view, stdout, 0, 2, "aiwatt fleet: %s per query (%s) x %s queries per day",
                  aw_fmt_energy(view, r->in.wh_per_query, AW_SIG).s, what,
                  aw_fmt_count(view, r->in.queries_per_day, AW_SIG).s);
    printf("\n");
    struct aw_table *t = aw_table_new(view, 2);
    aw_table_col(t, "", AW_COL_LEFT, AW_KEEP);
    aw_table_col(t, "energy", AW_COL_RIGHT, AW_KEEP);
    aw_table_col(t, "carbon", AW_COL_RIGHT, AW_KEEP);
    aw_table_col(t, "water", AW_COL_RIGHT, AW_KEEP);
    print_row(t, view, "per query", r->in.wh_per_query, r->co2_g_per_query, r->water_ml_per_query);
    print_row(t, view, "per day", r->day_wh, r->day_co2_g, r->day_water_ml);
    print_row(t, view, "per year", r->year_wh, r->year_co2_g, r->year_water_ml);
    if (r->in.years != 1) {
        char label[64];
        snprintf(label, sizeof label, "over %s years", aw_fmt_num(view, r->in.years, AW_SIG).s);
        print_row(t, view, label, r->total_wh, r->total_co2_g, r->total_water_ml);
    }
    aw_table_done(t, stdout);
    {
        const double per_year = 365.25 * r->in.queries_per_day;
        char embodied[96] = "";
        if (r->embodied_co2_g_per_query >= 0)
            snprintf(embodied, sizeof embodied, ", manufacturing %s",
                     aw_fmt_mass(view, r->embodied_co2_g_per_query * per_year, "CO2e", AW_SIG).s);
        printf("\n");
        aw_text_print(view, stdout, 2, 4, "per year, market-based carbon %s (%s g/kWh)%s",
                      aw_fmt_mass(view, r->co2_market_g_per_query * per_year, "CO2e", AW_SIG).s,
                      aw_fmt_num(view, r->market_gco2_per_kwh, AW_SIG).s, embodied);
        aw_text_print(view, stdout, 2, 4, "per year, water on site %s + off site %s",
                      aw_fmt_water(view, r->water_onsite_ml_per_query * per_year, AW_SIG).s,
                      aw_fmt_water(view, r->water_offsite_ml_per_query * per_year, AW_SIG).s);
    }
    printf("\n");
    aw_text_print(view, stdout, 2, 4, "carbon and water: %s data centre (PUE %s, WUE %s L/kWh), "
                  "grid %s (%s g/kWh, %s L/kWh)", r->in.datacenter_id,
                  aw_fmt_num(view, r->pue, AW_SIG).s, aw_fmt_num(view, r->wue_l_per_kwh, AW_SIG).s,
                  r->in.grid_id, aw_fmt_num(view, r->gco2_per_kwh, AW_SIG).s,
                  aw_fmt_num(view, r->grid_water_l_per_kwh, AW_SIG).s);
    struct aw_everyday every[AW_EVERYDAY_MAX];
    size_t n_every = aw_everyday_equivalents(cat, r->year_wh, every, AW_EVERYDAY_MAX);
    if (n_every > 0) {
        printf("\na year of it, in everyday terms\n");
        struct aw_table *e = aw_table_new(view, 2);
        aw_table_col(e, NULL, AW_COL_RIGHT, AW_KEEP);
        aw_table_col(e, NULL, AW_COL_WRAP, AW_KEEP);
        for (size_t i = 0; i < n_every; i++) {
            aw_table_cell(e, "%s", aw_fmt_amount(view, every[i].count, AW_SIG).s);
            aw_table_cell(e, "x %s (%s each)", every[i].name ? every[i].name : every[i].id,
                          aw_fmt_energy(view, every[i].wh_each, AW_SIG).s);
        }
        aw_table_done(e, stdout);
    }
    print_comparisons(view, "a year of it is the electricity of", r->households,
                      r->n_households, 0);
    print_comparisons(view, "share of a year's electricity", r->countries, r->n_countries, 1);
}

/* A fleet's figures, where its energy per query came from, and what was
 * asked with it. */
struct fleet {
    const aw_catalog *catalog;
    const struct aw_fleet_result *res;
    const char *what;
    const struct aw_tool_uncertainty *unc;
};

static void print_csv(FILE *out, const void *result)
{
    const struct fleet *f = result;
    const struct aw_fleet_result *r = f->res;
    fputs("wh_per_query,queries_per_day,years,day_kwh,year_mwh,total_gwh,day_co2_kg,"
          "year_co2_t,total_co2_t,day_water_l,year_water_m3,total_water_m3,datacenter,grid\n",
          out);
    aw_csv_row(out, "ggggggggggggss", r->in.wh_per_query, r->in.queries_per_day, r->in.years,
               r->day_wh / 1e3, r->year_wh / 1e6, r->total_wh / 1e9, r->day_co2_g / 1e3,
               r->year_co2_g / 1e6, r->total_co2_g / 1e6, r->day_water_ml / 1e3,
               r->year_water_ml / 1e6, r->total_water_ml / 1e6, r->in.datacenter_id,
               r->in.grid_id);
}

static int print_json(const void *result)
{
    const struct fleet *f = result;
    json_t *j = aw_fleet_to_json(f->res);
    struct aw_everyday every[AW_EVERYDAY_MAX];
    size_t n_every = aw_everyday_equivalents(f->catalog, f->res->year_wh, every, AW_EVERYDAY_MAX);
    if (j != NULL && (json_object_set_new(j, "per_query_from", json_string(f->what)) != 0 ||
                      json_object_set_new(j, "everyday_per_year",
                                          aw_everyday_to_json(every, n_every)) != 0 ||
                      aw_tool_uncertainty_json(j, f->unc) != 0)) {
        json_decref(j);
        j = NULL;
    }
    return aw_tool_json_out(j);
}

static void print_fleet_table(const struct aw_view *view, const void *result)
{
    const struct fleet *f = result;
    print_table(view, f->catalog, f->res, f->what);
}

static const struct aw_output output = {print_fleet_table, print_json, print_csv};

struct fleet_args {
    struct aw_fleet_input *in;
    const char *wh_arg, *profile, *qpd_arg;
};

static int take_option(void *state, int code, const char *arg)
{
    struct fleet_args *a = state;
    switch (code) {
    case AW_OWN_WH_PER_QUERY:
        a->wh_arg = arg;
        break;
    case AW_OWN_PROFILE:
        a->profile = arg;
        break;
    case AW_OWN_QUERIES_PER_DAY:
        a->qpd_arg = arg;
        break;
    case AW_OWN_YEARS:
        if (aw_parse_si(arg, &a->in->years) != 0 || !(a->in->years > 0) || a->in->years > 1000)
            return aw_tool_usage_error("fleet", "--years '%s': expected a positive number "
                                       "of years (1000 at most)", arg);
        break;
    default: /* AW_OWN_COUNTRY */
        a->in->country = arg;
        break;
    }
    return AW_EXIT_OK;
}

/* 1 when a field that makes an estimate was given: where it runs and what
 * to analyse go with any source of energy per query. */
static int request_options_given(const struct aw_opts *o)
{
    size_t nf;
    const struct aw_request_field *f = aw_request_fields(&nf);
    static const char *const any_source[] = {"datacenter", "grid", "uncertainty", "seed",
                                             "sensitivity"};
    for (size_t i = 0; i < nf && i < sizeof o->field_given; i++) {
        int shared = 0;
        for (size_t k = 0; k < sizeof any_source / sizeof any_source[0]; k++)
            shared |= strcmp(f[i].name, any_source[k]) == 0;
        if (o->field_given[i] && !shared)
            return 1;
    }
    return 0;
}

int aw_run_fleet(struct aw_ctx *ctx)
{
    struct aw_fleet_input in = {0};
    struct aw_estimate est; /* the estimate behind in.estimate, when there is one */
    in.co2_g_per_query = in.water_ml_per_query = -1;
    struct fleet_args args = {&in, NULL, NULL, NULL};
    const struct aw_opts *o = &ctx->opts;
    int rc = aw_tool_own_options(o, take_option, &args);
    if (rc != AW_EXIT_OK)
        return rc;
    struct aw_request req = o->req;
    const char *wh_arg = args.wh_arg, *profile = args.profile, *qpd_arg = args.qpd_arg;
    if (aw_tool_method_params_check("fleet", req.method, &req.method_values) != 0)
        return AW_EXIT_USAGE;
    if (qpd_arg == NULL)
        return aw_tool_usage_error("fleet", "give --queries-per-day N (e.g. 2.5e9, or "
                                   "chatgpt-prompts-2025)");
    if ((wh_arg != NULL) + (profile != NULL) > 1 ||
        ((wh_arg != NULL || profile != NULL) && request_options_given(o)))
        return aw_tool_usage_error("fleet", "give one of --wh-per-query, --profile or request "
                                   "options");
    struct aw_tool_uncertainty unc;
    if (aw_tool_uncertainty_check("fleet", &unc, &req, o->format) != 0)
        return AW_EXIT_USAGE;
    if (wh_arg != NULL && (unc.requested || unc.sensitivity))
        return aw_tool_usage_error("fleet", "--uncertainty and --sensitivity need an estimate "
                                   "(request options or --profile), not --wh-per-query");
    if (number_or_ref(ctx, "--queries-per-day", qpd_arg, 1, &in.queries_per_day, &rc) != 0)
        return rc;

    /* Energy per query: given, a profile's average, or estimated. */
    char what[160];
    struct aw_diag diag;
    in.datacenter_id = req.datacenter_id;
    in.grid_id = req.grid_id;
    if (wh_arg != NULL) {
        if (number_or_ref(ctx, "--wh-per-query", wh_arg, 0, &in.wh_per_query, &rc) != 0)
            return rc;
        snprintf(what, sizeof what, "%s", aw_parse_si(wh_arg, &(double){0}) == 0 ? "given" : wh_arg);
    } else if (profile != NULL) {
        struct aw_mix_result mix;
        aw_status st = aw_mix_run(ctx->catalog, profile, &req, &mix, &diag);
        if (st != AW_OK)
            return aw_tool_fail(st, &diag);
        /* The mix's requests weighted by share x queries per year. */
        st = aw_tool_uncertainty_mix(ctx->catalog, &mix, in.queries_per_day * 365.25, &unc,
                                     &diag);
        if (st != AW_OK) {
            aw_mix_result_release(&mix);
            return aw_tool_fail(st, &diag);
        }
        in.wh_per_query = mix.wh.facility_wh;
        in.co2_g_per_query = mix.co2_g;
        in.water_ml_per_query = mix.water_ml;
        snprintf(what, sizeof what, "profile %s", mix.profile_id);
        aw_mix_result_release(&mix);
    } else {
        aw_status st = aw_estimate_request(ctx->catalog, &req, &est, &diag);
        if (st != AW_OK)
            return aw_tool_fail(st, &diag);
        double per_year = in.queries_per_day * 365.25; /* --uncertainty */
        st = aw_tool_uncertainty_weighted(ctx->catalog, &req, &per_year, NULL, 1, &unc, &diag);
        if (st != AW_OK)
            return aw_tool_fail(st, &diag);
        in.wh_per_query = est.wh.facility_wh;
        in.co2_g_per_query = est.co2_g;
        in.water_ml_per_query = est.water_ml;
        in.estimate = &est;
        snprintf(what, sizeof what, "aiwatt estimate --method %s: %s, %ld + %ld tokens",
                 est.inputs.method, est.inputs.model_id, est.inputs.input_tokens,
                 est.inputs.output_tokens + est.inputs.reasoning_tokens);
    }
    if (AW_IS_SET(req.grid_gco2_per_kwh) && in.co2_g_per_query < 0)
        in.co2_g_per_query = in.wh_per_query / 1000 * req.grid_gco2_per_kwh;

    struct aw_fleet_result res;
    aw_status st = aw_fleet_run(ctx->catalog, &in, &res, &diag);
    if (st != AW_OK)
        return aw_tool_fail(st, &diag);
    struct fleet result = {ctx->catalog, &res, what, &unc};
    return aw_tool_output_analysed(ctx, o->format, &output, &result, &unc, "per year");
}
