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

static const char usage[] =
    "usage: aiwatt mix --profile ID [--hardware ID] [--datacenter ID] [--grid ID|GRAMS]\n"
    "                  [--pue X] [--format table|json|csv]\n"
    "\n"
    "Estimates every kind of request in a query-mix profile (short text, long\n"
    "context, reasoning, image input, image generation...) and their weighted\n"
    "mean: the 'average query'. Profiles are catalog data ('aiwatt catalog list\n"
    "profiles'); pass your own with --catalog FILE (section \"profiles\", see\n"
    "data/README.md).\n"
    "\n"
    "  --profile ID       the mix (e.g. chatgpt-2025, text-only)\n"
    "  --hardware ID      run every kind on this accelerator instead\n"
    "  --datacenter ID    ... in this data centre\n"
    "  --grid ID|GRAMS    ... on this grid\n"
    "  --pue X            ... with this PUE\n"
    "  --format F         table (default), json or csv\n"
    AW_UNCERTAINTY_USAGE;

enum { OPT_FORMAT = 256 };

/* The rest (profile, site, uncertainty) are the field table's. */
static const struct option own_options[] = {
    {"format", required_argument, NULL, OPT_FORMAT},
    {NULL, 0, NULL, 0},
};

static void print_table(const struct aw_mix_result *m)
{
    printf("aiwatt mix: %s - %s\n\n", m->profile_id, m->name ? m->name : "");
    printf("  %-32s %6s %12s %10s %10s %10s %9s %8s\n", "request kind", "share", "accelerator",
           "server", "it", "facility", "gCO2e", "water mL");
    for (size_t i = 0; i < m->n_kinds; i++) {
        const struct aw_mix_kind *k = &m->kinds[i];
        printf("  %-32s %5.1f%% %12.4g %10.4g %10.4g %10.4g %9.3g %8.3g\n", k->label,
               k->share * 100, k->estimate.wh.accelerator_wh, k->estimate.wh.server_wh,
               k->estimate.wh.it_wh, k->estimate.wh.facility_wh, k->estimate.co2_g,
               k->estimate.water_ml);
    }
    printf("  %-32s %6s %12.4g %10.4g %10.4g %10.4g %9.3g %8.3g\n", "average query (weighted)",
           "100%", m->wh.accelerator_wh, m->wh.server_wh, m->wh.it_wh, m->wh.facility_wh,
           m->co2_g, m->water_ml);
    printf("\n  average query: market-based %.3g gCO2e, manufacturing ", m->co2_market_g);
    if (m->embodied_co2_g >= 0)
        printf("%.3g gCO2e;\n", m->embodied_co2_g);
    else
        printf("unknown;\n");
    printf("  water on site %.3g mL + off site %.3g mL\n", m->water_onsite_ml,
           m->water_offsite_ml);
    printf("\n  Wh per request at each boundary; facility (x PUE) is the headline.\n");
    printf("\nshare of the average query's facility energy\n");
    for (size_t i = 0; i < m->n_kinds; i++) {
        const struct aw_mix_kind *k = &m->kinds[i];
        double part = k->share * k->estimate.wh.facility_wh;
        printf("  %-32s %5.1f%%  (%s %s, ", k->label,
               m->wh.facility_wh > 0 ? 100 * part / m->wh.facility_wh : 0,
               k->estimate.inputs.model_id, k->estimate.inputs.task);
        if (k->estimate.inputs.architecture != NULL)
            printf("%dx%d px, %d frame(s), %d steps", k->estimate.inputs.width,
                   k->estimate.inputs.height, k->estimate.inputs.frames, k->estimate.inputs.steps);
        else
            printf("%ld in / %ld out", k->estimate.inputs.input_tokens,
                   k->estimate.inputs.output_tokens);
        if (k->estimate.inputs.reasoning_tokens > 0)
            printf(" + %ld reasoning", k->estimate.inputs.reasoning_tokens);
        if (k->estimate.inputs.images_in > 0)
            printf(", %ld image(s) in", k->estimate.inputs.images_in);
        printf(", %d x %s)\n", k->estimate.inputs.gpus, k->estimate.inputs.hardware_id);
    }
    printf("\nassumptions\n");
    for (size_t i = 0; i < m->n_kinds; i++) {
        if (m->kinds[i].note != NULL)
            printf("  %-18s %s\n", m->kinds[i].kind, m->kinds[i].note);
    }
    printf("\nsource: %s\n", m->source ? m->source : "-");
}

static void print_csv(const struct aw_mix_result *m)
{
    printf("profile,kind,label,share,accelerator_wh,server_wh,it_wh,facility_wh,co2_g,water_ml\n");
    for (size_t i = 0; i < m->n_kinds; i++) {
        const struct aw_mix_kind *k = &m->kinds[i];
        printf("%s,%s,\"%s\",%.6g,%.6g,%.6g,%.6g,%.6g,%.6g,%.6g\n", m->profile_id, k->kind,
               k->label, k->share, k->estimate.wh.accelerator_wh, k->estimate.wh.server_wh,
               k->estimate.wh.it_wh, k->estimate.wh.facility_wh, k->estimate.co2_g,
               k->estimate.water_ml);
    }
    printf("%s,average,\"average query (weighted)\",1,%.6g,%.6g,%.6g,%.6g,%.6g,%.6g\n",
           m->profile_id, m->wh.accelerator_wh, m->wh.server_wh, m->wh.it_wh, m->wh.facility_wh,
           m->co2_g, m->water_ml);
}

static int run_mix(int argc, char **argv, struct aw_ctx *ctx)
{
    enum aw_format format = AW_FORMAT_TABLE;
    struct aw_request ov; /* the profile, where it runs, what to analyse */
    aw_request_init(&ov);
    const struct option *long_options = aw_tool_long_options(AW_CMD_MIX, own_options);
    opterr = 0;
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, ":", long_options, NULL)) != -1) {
        switch (c) {
        case OPT_FORMAT:
            if (aw_parse_format(optarg, &format) != 0)
                return aw_tool_usage_error("mix", "--format '%s': expected table, json or csv",
                                           optarg);
            break;
        case ':':
            return aw_tool_usage_error("mix", "%s needs a value", argv[optind - 1]);
        default:
            if (aw_tool_option_field("mix", c, optarg, argc, argv, &ov) != 0)
                return AW_EXIT_USAGE;
            break;
        }
    }
    if (optind < argc)
        return aw_tool_usage_error("mix", "unexpected argument '%s'", argv[optind]);
    if (aw_tool_request_check("mix", &ov) != 0)
        return AW_EXIT_USAGE;
    struct aw_tool_uncertainty unc;
    aw_tool_uncertainty_from_request(&unc, &ov);
    if (aw_tool_uncertainty_check("mix", &unc, format) != 0)
        return AW_EXIT_USAGE;
    if (format == AW_FORMAT_JSON)
        return aw_tool_print_api_json(ctx->catalog, "mix", &ov);
    const char *profile = ov.profile;

    struct aw_mix_result res;
    struct aw_diag diag;
    aw_status st = aw_mix_run(ctx->catalog, profile, &ov, &res, &diag);
    if (st != AW_OK)
        return aw_tool_fail(st, &diag);
    if (unc.requested || unc.sensitivity) {
        /* The mix's requests, weighted by their shares (issue 5). */
        struct aw_request reqs[64];
        double shares[64];
        const char *labels[64];
        size_t n = res.n_kinds < 64 ? res.n_kinds : 64;
        for (size_t i = 0; i < n; i++) {
            reqs[i] = res.kinds[i].request;
            shares[i] = res.kinds[i].share;
            labels[i] = res.kinds[i].kind;
        }
        st = aw_tool_uncertainty_weighted(ctx->catalog, reqs, shares, labels, n, &unc, &diag);
        if (st != AW_OK) {
            aw_mix_result_release(&res);
            return aw_tool_fail(st, &diag);
        }
    }
    int rc = AW_EXIT_OK;
    if (format == AW_FORMAT_CSV) {
        if (unc.requested || unc.sensitivity)
            aw_tool_uncertainty_csv(&unc);
        else
            print_csv(&res);
    } else {
        print_table(&res);
        aw_tool_uncertainty_table(&unc, 1.0, "Wh");
    }
    aw_mix_result_release(&res);
    return rc;
}

const struct aw_cmd aw_cmd_mix = {
    .name = "mix",
    .summary = "the average query: a mix of request kinds, every share shown",
    .usage = usage,
    .run = run_mix,
    .needs_catalog = 1,
};
