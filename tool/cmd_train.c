/*
 * cmd_train.c - `aiwatt train`: energy, carbon and water of a training run
 * at the four boundaries, next to what was published about it, and its
 * share per query.
 */
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "cmd.h"
#include "levers_out.h"
#include "reqopts.h"

static const char usage[] =
    "usage: aiwatt train --model ID [--tokens N] [--hardware ID] [--gpus N] [--precision P]\n"
    "                    [--mfu X] [--gpu-hours H] [--overhead X] [--seq-len N]\n"
    "                    [--params N [--active-params N]] [--datacenter ID] [--pue X]\n"
    "                    [--grid ID|GRAMS] [--wue X] [--market-ci GRAMS]\n"
    "                    [--amortise-over N]\n"
    "                    [--uncertainty [N]] [--seed S] [--sensitivity]\n"
    "                    [--format table|json|csv]\n"
    "\n"
    "Estimates a training run. --model takes a training-run preset ('aiwatt catalog list\n"
    "training_runs': gpt-3, gpt-4, llama-3.1-405b, bloom-176b, deepseek-v3, olmo-2-7b,\n"
    "...: their published conditions) or any catalog model with --tokens.\n"
    "\n"
    "  --model ID            training run or model\n"
    "  --tokens N            training tokens (15T); with a preset, switches to FLOPs\n"
    "  --params N            a model not in the catalog (70B), with --tokens\n"
    "  --active-params N     active parameters of a mixture of experts\n"
    "  --seq-len N           sequence length of the attention term (default 4096)\n"
    "  --hardware ID         accelerator (default: the preset's, else h100-sxm)\n"
    "  --gpus N              accelerators in the run (sets the wall time)\n"
    "  --precision P         bf16 (default), fp16, fp8, ...: the peak the MFU applies to\n"
    "  --mfu X               model FLOP utilisation, 0-1 (default per chip and precision:\n"
    "                        H100 BF16 0.40, A100 0.35, V100 0.25, TPU 0.46, H100 FP8 0.25)\n"
    "  --gpu-hours H         GPU-hours held by the run (skips FLOPs and MFU)\n"
    "  --overhead X          restarts, evaluations, idle: share of productive time\n"
    "                        (default 0.10 from FLOPs; 0 for published GPU-hours)\n"
    "  --datacenter ID       PUE, WUE and grid (default: the preset's, else hyperscale)\n"
    "  --pue X, --grid ID|GRAMS, --wue X   site overrides\n"
    "  --market-ci GRAMS   market-based gCO2e/kWh (your contracts) for co2_market_g\n"
    "  --amortise-over N     also the share per query over N queries (1e12, 500B)\n"
    AW_UNCERTAINTY_USAGE
    "  --format F            table (default), json or csv\n"
    "\n"
    "Boundaries: accelerator (productive GPU-hours x chip power at training load) ->\n"
    "server (+ host share) -> it (x 1 + overhead: restarts, evaluations, idle) ->\n"
    "facility (x PUE). FLOPs = (6 N_act + 12 L d_attn T) x D. Formulas and sources:\n"
    "docs/methodology.md, \"Training\".\n";

/* Options of train alone; the run's fields are the field table's. */
enum { OPT_FORMAT = 256 };

static const struct option own_options[] = {
    {"format", required_argument, NULL, OPT_FORMAT},
    {NULL, 0, NULL, 0},
};

static const char *boundary_label(const char *b)
{
    return b != NULL ? b : "";
}

static void print_published(const struct aw_train_estimate *e)
{
    int any_fig = 0, any_claim = 0;
    for (size_t i = 0; i < e->n_published; i++) {
        if (e->published[i].claim)
            any_claim = 1;
        else
            any_fig = 1;
    }
    for (int pass = 0; pass < 2; pass++) {
        if ((pass == 0 && !any_fig) || (pass == 1 && !any_claim))
            continue;
        printf(pass == 0 ? "\npublished figures about this run (compared at the same boundary)\n"
                         : "\nclaims in circulation about this run\n");
        printf("  %-10s %16s %16s %9s  %-12s %s\n", "quantity", "published", "aiwatt", "ratio",
               "boundary", "source");
        for (size_t i = 0; i < e->n_published; i++) {
            const struct aw_train_published *p = &e->published[i];
            if (p->claim != pass)
                continue;
            char pv[48], ev[48], n1[24], n2[24];
            snprintf(pv, sizeof pv, "%s %s", aw_tool_count(p->value, n1, sizeof n1), p->unit);
            snprintf(ev, sizeof ev, "%s %s", aw_tool_count(p->estimate, n2, sizeof n2), p->unit);
            printf("  %-10s %16s %16s %9.3g  %-12s %.70s%s\n", p->quantity, pv, ev, p->ratio,
                   boundary_label(p->boundary), p->source, strlen(p->source) > 70 ? "..." : "");
            if (p->note != NULL)
                printf("  %-10s %s\n", "", p->note);
            if (p->claim && (p->ratio >= 10 || (p->ratio > 0 && p->ratio <= 0.1)))
                printf("  %-10s -> off by %s: aiwatt's estimate is %.0fx %s\n", "",
                       (p->ratio >= 100 || p->ratio <= 0.01) ? "orders of magnitude"
                                                             : "an order of magnitude",
                       p->ratio >= 1 ? p->ratio : 1 / p->ratio,
                       p->ratio >= 1 ? "the claim" : "below the claim");
        }
    }
}

static void print_table(const struct aw_train_estimate *e)
{
    const struct aw_train_resolved *in = &e->inputs;
    char b1[40], b2[40];
    if (in->run_id != NULL)
        printf("aiwatt train: %s [preset %s]\n", in->run_name ? in->run_name : in->run_id,
               in->run_id);
    else
        printf("aiwatt train: %s\n", in->model_id);
    printf("model %s: %.4gB parameters, %.4gB active", in->model_id, in->params_total / 1e9,
           in->params_active / 1e9);
    if (in->tokens > 0)
        printf("; %s tokens of %.0f-token sequences", aw_tool_count(in->tokens, b1, sizeof b1),
               in->seq_len);
    printf("\n\n");
    printf("  %-12s %14s   %s\n", "boundary", "energy", "what it adds");
    printf("  %-12s %14s   productive GPU-hours x %.0f W per %s at training load\n",
           "accelerator", aw_tool_energy(e->wh.accelerator_wh, b1, sizeof b1),
           in->accelerator_power_w, in->hardware_id);
    printf("  %-12s %14s   + host share: %.0f W per GPU in all%s\n", "server",
           aw_tool_energy(e->wh.server_wh, b1, sizeof b1), in->system_power_w,
           in->system_power_published ? " (published)" : "");
    printf("  %-12s %14s   x (1 + %.0f%%): restarts, evaluations, idle\n", "it",
           aw_tool_energy(e->wh.it_wh, b1, sizeof b1), in->overhead * 100);
    printf("  %-12s %14s   x PUE %.2f  <- headline\n", "facility",
           aw_tool_energy(e->wh.facility_wh, b1, sizeof b1), in->pue);
    printf("\n  %-12s %14s   CO2e, location-based (%s, %.0f g/kWh)\n", "carbon",
           aw_tool_mass(e->co2_g, b1, sizeof b1), in->grid_id, in->gco2_per_kwh);
    printf("  %-12s %14s   CO2e, market-based (%.0f g/kWh, %s)\n", "  market",
           aw_tool_mass(e->co2_market_g, b1, sizeof b1), in->market_gco2_per_kwh,
           in->market_basis != NULL && strcmp(in->market_basis, "grid") != 0 ? in->market_basis
                                                                           : "no contract: grid");
    if (e->embodied.set) {
        double all = e->co2_g + e->embodied.co2_g;
        printf("  %-12s %14s   CO2e, manufacturing (%.1f%% of all carbon)\n", "  embodied",
               aw_tool_mass(e->embodied.co2_g, b1, sizeof b1),
               all > 0 ? 100.0 * e->embodied.co2_g / all : 0);
    }
    printf("  %-12s %11.4g m3   on-site %.4g + off-site %.4g m3\n", "water", e->water_ml / 1e6,
           e->water_onsite_ml / 1e6, e->water_offsite_ml / 1e6);
    for (size_t i = 0; i < e->n_comparisons; i++)
        printf("  %-12s %14.4g   x %s (%s)\n", i == 0 ? "equals" : "", e->comparisons[i].count,
               e->comparisons[i].name ? e->comparisons[i].name : e->comparisons[i].id,
               aw_tool_energy(e->comparisons[i].per_wh, b2, sizeof b2));

    printf("\ncompute\n");
    printf("  GPU-hours    %s (%s)", aw_tool_count(in->gpu_hours, b1, sizeof b1),
           in->compute_source);
    if (in->gpus > 0)
        printf(" = %.0f GPUs x %.3g days", in->gpus, in->days);
    printf("\n");
    if (in->flop > 0)
        printf("  FLOPs        %.4g (%s); %.4g per token = 6 N_act + %.3g attention\n", in->flop,
               in->published_flop_used ? "published" : "(6 N_act + 12 L d_attn T) x D",
               in->flop_per_token, in->attention_flop_per_token);
    printf("  peak         %.4g TFLOPS per %s at %s\n", in->peak_tflops, in->hardware_id,
           in->precision);
    printf("  MFU          %.2f (%s)\n", in->mfu, in->mfu_source);
    if (in->compute != AW_TRAIN_FROM_FLOP && in->implied_mfu > 0)
        printf("  implied MFU  %.3f: the published compute over its FLOPs; from FLOPs at MFU "
               "%.2f aiwatt would say %s GPU-hours\n",
               in->implied_mfu, in->mfu, aw_tool_count(in->gpu_hours_from_flop, b1, sizeof b1));
    printf("  power        %.0f-%.0f W idle-max, %.0f%% of the range at training load; host "
           "%.0f W per GPU (%s)\n",
           in->idle_power_w, in->max_power_w, in->power_fraction * 100, in->host_power_w_per_gpu,
           in->server_id ? in->server_id : "no server profile");
    printf("  site         %s: PUE %.2f, WUE %.2f L/kWh, grid %s\n", in->datacenter_id, in->pue,
           in->wue_l_per_kwh, in->grid_id);

    if (in->amortise_queries > 0) {
        printf("\nper query, amortised over %.4g queries\n", in->amortise_queries);
        printf("  %-12s %12.4g Wh\n", "accelerator", e->per_query_wh.accelerator_wh);
        printf("  %-12s %12.4g Wh\n", "server", e->per_query_wh.server_wh);
        printf("  %-12s %12.4g Wh\n", "it", e->per_query_wh.it_wh);
        printf("  %-12s %12.4g Wh\n", "facility", e->per_query_wh.facility_wh);
        printf("  %-12s %12.4g g CO2e, %.4g mL water\n", "", e->per_query_co2_g,
               e->per_query_water_ml);
        if (e->embodied.set)
            printf("  %-12s %12.4g g CO2e manufacturing\n", "", e->per_query_embodied_co2_g);
    }
    print_published(e);
    if (in->run_id != NULL)
        printf("\nsources: 'aiwatt catalog show training_runs %s'; formulas: "
               "docs/methodology.md (Training)\n",
               in->run_id);
    else
        printf("\nsources: 'aiwatt catalog show %s'; formulas: docs/methodology.md (Training)\n",
               in->model_id);
}

static void print_csv(const struct aw_train_estimate *e)
{
    const struct aw_train_resolved *in = &e->inputs;
    printf("run,model,hardware,gpus,precision,tokens,flop,gpu_hours,days,mfu,accelerator_wh,"
           "server_wh,it_wh,facility_wh,co2_g,water_ml,per_query_facility_wh,co2_market_g,"
           "water_onsite_ml,water_offsite_ml,embodied_co2_g\n");
    printf("%s,%s,%s,%.6g,%s,%.6g,%.6g,%.6g,%.6g,%.6g,%.6g,%.6g,%.6g,%.6g,%.6g,%.6g,%.6g,%.6g,"
           "%.6g,%.6g,%.6g\n",
           in->run_id ? in->run_id : "", in->model_id, in->hardware_id, in->gpus, in->precision,
           in->tokens, in->flop, in->gpu_hours, in->days, in->mfu, e->wh.accelerator_wh,
           e->wh.server_wh, e->wh.it_wh, e->wh.facility_wh, e->co2_g, e->water_ml,
           e->per_query_wh.facility_wh, e->co2_market_g, e->water_onsite_ml,
           e->water_offsite_ml, e->embodied.co2_g);
}

static int run_train(int argc, char **argv, struct aw_ctx *ctx)
{
    struct aw_request run; /* the training fields of the table */
    aw_request_init(&run);
    enum aw_format format = AW_FORMAT_TABLE;
    const struct option *long_options = aw_tool_long_options(AW_CMD_TRAIN, own_options);
    opterr = 0;
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, ":", long_options, NULL)) != -1) {
        switch (c) {
        case OPT_FORMAT:
            if (aw_parse_format(optarg, &format) != 0)
                return aw_tool_usage_error("train", "--format '%s': expected table, json or csv",
                                           optarg);
            break;
        case ':':
            return aw_tool_usage_error("train", "%s needs a value", argv[optind - 1]);
        default:
            if (aw_tool_option_field("train", c, optarg, argc, argv, &run) != 0)
                return AW_EXIT_USAGE;
            break;
        }
    }
    if (optind < argc)
        return aw_tool_usage_error("train", "unexpected argument '%s'", argv[optind]);
    if (aw_tool_request_check("train", &run) != 0)
        return AW_EXIT_USAGE;
    struct aw_tool_uncertainty unc;
    aw_tool_uncertainty_from_request(&unc, &run);
    if (aw_tool_uncertainty_check("train", &unc, format) != 0)
        return AW_EXIT_USAGE;
    if (format == AW_FORMAT_JSON)
        return aw_tool_print_api_json(ctx->catalog, "train", &run);
    struct aw_train_request req;
    aw_train_request_from_request(&run, &req);

    struct aw_train_estimate *est = malloc(sizeof *est);
    if (est == NULL) {
        aw_tool_error("out of memory");
        return AW_EXIT_FAIL;
    }
    struct aw_diag diag;
    aw_status st = aw_train_estimate(ctx->catalog, &req, est, &diag);
    if (st == AW_OK)
        st = aw_tool_uncertainty_train(ctx->catalog, &req, &unc, &diag);
    if (st != AW_OK) {
        free(est);
        return aw_tool_fail(st, &diag);
    }
    int rc = AW_EXIT_OK;
    switch (format) {
    case AW_FORMAT_JSON: /* above */
        break;
    case AW_FORMAT_CSV:
        if (unc.requested || unc.sensitivity)
            aw_tool_uncertainty_csv(&unc);
        else
            print_csv(est);
        break;
    case AW_FORMAT_TABLE:
        print_table(est);
        aw_tool_uncertainty_table(&unc, 1e-6, "MWh");
        break;
    }
    free(est);
    return rc;
}

const struct aw_cmd aw_cmd_train = {
    .name = "train",
    .summary = "energy of a training run (GPT-3, GPT-4, Llama 3.1, ...) and its share per query",
    .usage = usage,
    .run = run_train,
    .needs_catalog = 1,
    /* Estimates, presets and the household comparisons: start-up stays fast. */
    .catalog_sections = AW_SECTION_BIT(AW_SECTION_HARDWARE) | AW_SECTION_BIT(AW_SECTION_SERVERS) |
                        AW_SECTION_BIT(AW_SECTION_MODELS) | AW_SECTION_BIT(AW_SECTION_DATACENTERS) |
                        AW_SECTION_BIT(AW_SECTION_GRIDS) | AW_SECTION_BIT(AW_SECTION_ENGINES) |
                        AW_SECTION_BIT(AW_SECTION_TRAINING_RUNS) |
                        AW_SECTION_BIT(AW_SECTION_COMPARISONS),
};
