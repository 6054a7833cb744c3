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

const char aw_usage_train[] =
    "usage: aiwatt train --model ID [--tokens N] [--hardware ID] [--gpus N]\n"
    "                    [--precision P]\n"
    "                    [--mfu X] [--gpu-hours H] [--overhead X] [--seq-len N]\n"
    "                    [--params N [--active-params N]] [--datacenter ID] [--pue X]\n"
    "                    [--grid ID|GRAMS] [--wue X] [--market-ci GRAMS]\n"
    "                    [--amortise-over N]\n"
    "                    [--uncertainty [N]] [--seed S] [--sensitivity]\n"
    "                    [--format table|json|csv]\n"
    "\n"
    "Estimates a training run. --model takes a training-run preset ('aiwatt\n"
    "catalog list training_runs': gpt-3, gpt-4, llama-3.1-405b, bloom-176b,\n"
    "deepseek-v3, olmo-2-7b, ...: their published conditions) or any catalog\n"
    "model with --tokens; with a preset, --tokens switches to FLOPs. The MFU\n"
    "defaults per chip and precision (H100 BF16 0.40, A100 0.35, V100 0.25, TPU\n"
    "0.46, H100 FP8 0.25).\n"
    "\n"
    "Boundaries: accelerator (productive GPU-hours x chip power at training load) ->\n"
    "server (+ host share) -> it (x 1 + overhead: restarts, evaluations, idle) ->\n"
    "facility (x PUE). FLOPs = (6 N_act + 12 L d_attn T) x D. Formulas and sources:\n"
    "docs/methodology.md, \"Training\".\n";

static const char *boundary_label(const char *b)
{
    return b != NULL ? b : "";
}

static void print_published(const struct aw_view *view, const struct aw_train_estimate *e)
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
        struct aw_table *t = aw_table_new(view, 2);
        aw_table_col(t, "quantity", AW_COL_LEFT, AW_KEEP);
        aw_table_col(t, "published", AW_COL_RIGHT, AW_KEEP);
        aw_table_col(t, "aiwatt", AW_COL_RIGHT, AW_KEEP);
        aw_table_col(t, "ratio", AW_COL_RIGHT, AW_KEEP);
        aw_table_col(t, "boundary", AW_COL_LEFT, 2);
        aw_table_col(t, "source", AW_COL_WRAP, 1);
        for (size_t i = 0; i < e->n_published; i++) {
            const struct aw_train_published *p = &e->published[i];
            if (p->claim != pass)
                continue;
            aw_table_cell(t, "%s", p->quantity);
            aw_table_cell(t, "%s", aw_fmt_unit(view, p->value, p->unit, AW_SIG).s);
            aw_table_cell(t, "%s", aw_fmt_unit(view, p->estimate, p->unit, AW_SIG).s);
            aw_table_cell(t, "%s", aw_fmt_num(view, p->ratio, AW_SIG).s);
            aw_table_cell(t, "%s", boundary_label(p->boundary));
            aw_table_cell(t, "%s", p->source);
            if (p->note != NULL) {
                aw_table_cell(t, "%s", "");
                aw_table_cell(t, "%s", "");
                aw_table_cell(t, "%s", "");
                aw_table_cell(t, "%s", "");
                aw_table_cell(t, "%s", "");
                aw_table_cell(t, "%s", p->note);
            }
            if (p->claim && (p->ratio >= 10 || (p->ratio > 0 && p->ratio <= 0.1))) {
                aw_table_cell(t, "%s", "");
                aw_table_cell(t, "-> off by %s: aiwatt's estimate is %sx %s",
                              (p->ratio >= 100 || p->ratio <= 0.01) ? "orders of magnitude"
                                                                    : "an order of magnitude",
                              aw_fmt_num(view, p->ratio >= 1 ? p->ratio : 1 / p->ratio, 2).s,
                              p->ratio >= 1 ? "the claim" : "below the claim");
                aw_table_end_row(t);
            }
        }
        aw_table_done(t, stdout);
    }
}

static void print_table(const struct aw_view *view, const void *result)
{
    const struct aw_train_estimate *e = result;
    const struct aw_train_resolved *in = &e->inputs;
    if (in->run_id != NULL)
        aw_text_print(view, stdout, 0, 2, "aiwatt train: %s [preset %s]",
                      in->run_name ? in->run_name : in->run_id, in->run_id);
    else
        aw_text_print(view, stdout, 0, 2, "aiwatt train: %s", in->model_id);
    char tokens[160] = "";
    if (in->tokens > 0)
        snprintf(tokens, sizeof tokens, "; %s tokens of %s-token sequences",
                 aw_fmt_count(view, in->tokens, AW_SIG).s, aw_fmt_count(view, in->seq_len, 0).s);
    aw_text_print(view, stdout, 0, 2, "model %s: %sB parameters, %sB active%s", in->model_id,
                  aw_fmt_num(view, in->params_total / 1e9, AW_SIG).s,
                  aw_fmt_num(view, in->params_active / 1e9, AW_SIG).s, tokens);
    printf("\n");
    struct aw_table *t = aw_table_new(view, 2);
    aw_table_col(t, "boundary", AW_COL_LEFT, AW_KEEP);
    aw_table_col(t, "energy", AW_COL_RIGHT, AW_KEEP);
    aw_table_col(t, "what it adds", AW_COL_WRAP, 1);
    aw_table_cell(t, "accelerator");
    aw_table_cell(t, "%s", aw_fmt_energy(view, e->wh.accelerator_wh, AW_SIG).s);
    aw_table_cell(t, "productive GPU-hours x %s per %s at training load",
                  aw_fmt_si(view, in->accelerator_power_w, "W", AW_SIG).s, in->hardware_id);
    aw_table_cell(t, "server");
    aw_table_cell(t, "%s", aw_fmt_energy(view, e->wh.server_wh, AW_SIG).s);
    aw_table_cell(t, "+ host share: %s per GPU in all%s",
                  aw_fmt_si(view, in->system_power_w, "W", AW_SIG).s,
                  in->system_power_published ? " (published)" : "");
    aw_table_cell(t, "it");
    aw_table_cell(t, "%s", aw_fmt_energy(view, e->wh.it_wh, AW_SIG).s);
    aw_table_cell(t, "x (1 + %s): restarts, evaluations, idle",
                  aw_fmt_pct(view, in->overhead, AW_SIG).s);
    aw_table_cell(t, "facility");
    aw_table_cell(t, "%s", aw_fmt_energy(view, e->wh.facility_wh, AW_SIG).s);
    aw_table_cell(t, "x PUE %s <- headline", aw_fmt_num(view, in->pue, AW_SIG).s);
    aw_table_blank(t);
    aw_table_cell(t, "carbon");
    aw_table_cell(t, "%s", aw_fmt_mass(view, e->co2_g, "CO2e", AW_SIG).s);
    aw_table_cell(t, "location-based (%s, %s g/kWh)", in->grid_id,
                  aw_fmt_num(view, in->gco2_per_kwh, AW_SIG).s);
    aw_table_cell(t, "  market");
    aw_table_cell(t, "%s", aw_fmt_mass(view, e->co2_market_g, "CO2e", AW_SIG).s);
    aw_table_cell(t, "market-based (%s g/kWh, %s)", aw_fmt_num(view, in->market_gco2_per_kwh, AW_SIG).s,
                  in->market_basis != NULL && strcmp(in->market_basis, "grid") != 0
                      ? in->market_basis
                      : "no contract: grid");
    if (e->embodied.set) {
        double all = e->co2_g + e->embodied.co2_g;
        aw_table_cell(t, "  embodied");
        aw_table_cell(t, "%s", aw_fmt_mass(view, e->embodied.co2_g, "CO2e", AW_SIG).s);
        aw_table_cell(t, "manufacturing (%s of all carbon)",
                      aw_fmt_pct(view, all > 0 ? e->embodied.co2_g / all : 0, 2).s);
    }
    aw_table_cell(t, "water");
    aw_table_cell(t, "%s", aw_fmt_water(view, e->water_ml, AW_SIG).s);
    aw_table_cell(t, "on-site %s + off-site %s", aw_fmt_water(view, e->water_onsite_ml, AW_SIG).s,
                  aw_fmt_water(view, e->water_offsite_ml, AW_SIG).s);
    for (size_t i = 0; i < e->n_comparisons; i++) {
        aw_table_cell(t, "%s", i == 0 ? "equals" : "");
        aw_table_cell(t, "%s", aw_fmt_count(view, e->comparisons[i].count, AW_SIG).s);
        aw_table_cell(t, "x %s (%s)",
                      e->comparisons[i].name ? e->comparisons[i].name : e->comparisons[i].id,
                      aw_fmt_energy(view, e->comparisons[i].per_wh, AW_SIG).s);
    }
    aw_table_done(t, stdout);

    printf("\ncompute\n");
    t = aw_table_pairs(view, 2);
    char gpus[160] = "";
    if (in->gpus > 0)
        snprintf(gpus, sizeof gpus, " = %s GPUs x %s", aw_fmt_count(view, in->gpus, 0).s,
                 aw_fmt_time(view, in->days * 86400, AW_SIG).s);
    aw_table_cell(t, "GPU-hours");
    aw_table_cell(t, "%s (%s)%s", aw_fmt_count(view, in->gpu_hours, AW_SIG).s, in->compute_source,
                  gpus);
    if (in->flop > 0) {
        aw_table_cell(t, "FLOPs");
        aw_table_cell(t, "%s (%s); %s per token = 6 N_act + %s attention",
                      aw_fmt_si(view, in->flop, "FLOP", AW_SIG).s,
                      in->published_flop_used ? "published" : "(6 N_act + 12 L d_attn T) x D",
                      aw_fmt_si(view, in->flop_per_token, "FLOP", AW_SIG).s,
                      aw_fmt_si(view, in->attention_flop_per_token, "FLOP", AW_SIG).s);
    }
    aw_table_cell(t, "peak");
    aw_table_cell(t, "%s per %s at %s", aw_fmt_si(view, in->peak_tflops * 1e12, "FLOP/s", AW_SIG).s,
                  in->hardware_id, in->precision);
    aw_table_cell(t, "MFU");
    aw_table_cell(t, "%s (%s)", aw_fmt_num(view, in->mfu, AW_SIG).s, in->mfu_source);
    if (in->compute != AW_TRAIN_FROM_FLOP && in->implied_mfu > 0) {
        aw_table_cell(t, "implied MFU");
        aw_table_cell(t, "%s: the published compute over its FLOPs; from FLOPs at MFU %s aiwatt "
                      "would say %s GPU-hours", aw_fmt_num(view, in->implied_mfu, AW_SIG).s,
                      aw_fmt_num(view, in->mfu, AW_SIG).s,
                      aw_fmt_count(view, in->gpu_hours_from_flop, AW_SIG).s);
    }
    aw_table_cell(t, "power");
    aw_table_cell(t, "%s-%s idle-max, %s of the range at training load; host %s per GPU (%s)",
                  aw_fmt_num(view, in->idle_power_w, AW_SIG).s,
                  aw_fmt_si(view, in->max_power_w, "W", AW_SIG).s,
                  aw_fmt_pct(view, in->power_fraction, AW_SIG).s,
                  aw_fmt_si(view, in->host_power_w_per_gpu, "W", AW_SIG).s,
                  in->server_id ? in->server_id : "no server profile");
    aw_table_cell(t, "site");
    aw_table_cell(t, "%s: PUE %s, WUE %s L/kWh, grid %s", in->datacenter_id,
                  aw_fmt_num(view, in->pue, AW_SIG).s, aw_fmt_num(view, in->wue_l_per_kwh, AW_SIG).s,
                  in->grid_id);
    aw_table_done(t, stdout);

    if (in->amortise_queries > 0) {
        printf("\n");
        aw_text_print(view, stdout, 0, 2, "per query, amortised over %s queries",
                      aw_fmt_count(view, in->amortise_queries, AW_SIG).s);
        t = aw_table_new(view, 2);
        aw_table_col(t, NULL, AW_COL_LEFT, AW_KEEP);
        aw_table_col(t, NULL, AW_COL_RIGHT, AW_KEEP);
        static const char *const names[] = {"accelerator", "server", "it", "facility"};
        for (int b = 0; b < 4; b++) {
            aw_table_cell(t, "%s", names[b]);
            aw_table_cell(t, "%s", aw_fmt_energy(view, aw_ladder_at(&e->per_query_wh, (enum aw_boundary)b), AW_SIG).s);
        }
        aw_table_cell(t, "carbon");
        aw_table_cell(t, "%s", aw_fmt_mass(view, e->per_query_co2_g, "CO2e", AW_SIG).s);
        aw_table_cell(t, "water");
        aw_table_cell(t, "%s", aw_fmt_water(view, e->per_query_water_ml, AW_SIG).s);
        if (e->embodied.set) {
            aw_table_cell(t, "manufacturing");
            aw_table_cell(t, "%s", aw_fmt_mass(view, e->per_query_embodied_co2_g, "CO2e", AW_SIG).s);
        }
        aw_table_done(t, stdout);
    }
    print_published(view, e);
    printf("\n");
    if (in->run_id != NULL)
        aw_text_print(view, stdout, 0, 2, "sources: 'aiwatt catalog show training_runs %s'; "
                      "formulas: docs/methodology.md (Training)", in->run_id);
    else
        aw_text_print(view, stdout, 0, 2, "sources: 'aiwatt catalog show %s'; formulas: "
                      "docs/methodology.md (Training)", in->model_id);
}

static void print_csv(FILE *out, const void *result)
{
    const struct aw_train_estimate *e = result;
    const struct aw_train_resolved *in = &e->inputs;
    fputs("run,model,hardware,gpus,precision,tokens,flop,gpu_hours,days,mfu,accelerator_wh,"
          "server_wh,it_wh,facility_wh,co2_g,water_ml,per_query_facility_wh,co2_market_g,"
          "water_onsite_ml,water_offsite_ml,embodied_co2_g\n", out);
    aw_csv_row(out, "sssgsgggggggggggggggg", in->run_id, in->model_id, in->hardware_id,
               (double)in->gpus, in->precision, (double)in->tokens, in->flop, in->gpu_hours,
               in->days, in->mfu, e->wh.accelerator_wh, e->wh.server_wh, e->wh.it_wh,
               e->wh.facility_wh, e->co2_g, e->water_ml, e->per_query_wh.facility_wh,
               e->co2_market_g, e->water_onsite_ml, e->water_offsite_ml, e->embodied.co2_g);
}

static const struct aw_output output = {print_table, NULL, print_csv};

int aw_run_train(struct aw_ctx *ctx)
{
    const struct aw_opts *o = &ctx->opts; /* the training fields of the table */
    int rc;
    struct aw_tool_uncertainty unc;
    if (aw_tool_uncertainty_check("train", &unc, &o->req, o->format) != 0)
        return AW_EXIT_USAGE;
    if (o->format == AW_FORMAT_JSON)
        return aw_tool_print_api_json(ctx->catalog, "train", &o->req);
    struct aw_train_request req;
    aw_train_request_from_request(&o->req, &req);

    struct aw_train_estimate *est = malloc(sizeof *est);
    if (est == NULL) {
        aw_tool_error("out of memory");
        return AW_EXIT_FAIL;
    }
    struct aw_diag diag;
    aw_status st = aw_train_estimate(ctx->catalog, &req, est, &diag);
    if (st == AW_OK)
        st = aw_tool_uncertainty_train(ctx->catalog, &req, &unc, &diag);
    rc = st != AW_OK ? aw_tool_fail(st, &diag)
                     : aw_tool_output_analysed(ctx, o->format, &output, est, &unc, "");
    free(est);
    return rc;
}
