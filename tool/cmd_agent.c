/*
 * cmd_agent.c - `aiwatt agent`: a session of chained model calls whose
 * context grows with every step, with and without a prompt cache.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "cmd.h"
#include "reqopts.h"

static const char usage[] =
    "usage: aiwatt agent --model ID --steps N [--initial-tokens N] [--tool-tokens N]\n"
    "                    [--output-tokens N] [--no-prompt-cache] [--hardware ID]\n"
    "                    [--gpus N] [--precision P] [--batch N] [--datacenter ID]\n"
    "                    [--grid ID|GRAMS] [--pue X] [--wue X] [--format table|json|csv]\n"
    "\n"
    "An agent calls the model N times; each call sees the task, every earlier\n"
    "output and every tool result, so the prompt grows with every step. With a\n"
    "prompt cache only the newest tool result is computed; without one, the\n"
    "whole prompt is recomputed at every step.\n"
    "\n"
    "  --model ID           catalog model\n"
    "  --steps N            model calls in the session (1-10000)\n"
    "  --initial-tokens N   system prompt, tool definitions and task (default 2000)\n"
    "  --tool-tokens N      tool output added after each step (default 1000)\n"
    "  --output-tokens N    tokens the model writes per step (default 200)\n"
    "  --no-prompt-cache    recompute the whole prompt at every step\n"
    "  other options as in 'aiwatt estimate'\n";

/* Options of agent alone; the session's fields (model, steps, tokens,
 * hardware, site) are the field table's (aiwatt/request.h). */
enum { OPT_FORMAT = 256 };

static const struct option own_options[] = {
    {"format", required_argument, NULL, OPT_FORMAT},
    {NULL, 0, NULL, 0},
};

static void print_table(const struct aw_view *view, const struct aw_agent_spec *spec,
                        const struct aw_agent_result *r, const struct aw_estimate *single)
{
    const struct aw_resolved *in = &r->steps[0].estimate.inputs;
    aw_text_print(view, stdout, 0, 2, "aiwatt agent: %s, %d steps, %s initial + %s tool + %s "
                  "output tokens per step, prompt cache %s", in->model_id, spec->steps,
                  aw_fmt_count(view, (double)spec->initial_tokens, 0).s,
                  aw_fmt_count(view, (double)spec->tool_tokens, 0).s,
                  aw_fmt_count(view, (double)spec->output_tokens, 0).s,
                  spec->prompt_cache ? "on" : "off");
    printf("\n");
    struct aw_table *t = aw_table_new(view, 2);
    aw_table_col(t, "step", AW_COL_RIGHT, AW_KEEP);
    aw_table_col(t, "input tokens", AW_COL_RIGHT, AW_KEEP);
    aw_table_col(t, "cached", AW_COL_RIGHT, 2);
    aw_table_col(t, "batch", AW_COL_RIGHT, 1);
    aw_table_col(t, "accelerator", AW_COL_RIGHT, 3);
    aw_table_col(t, "facility", AW_COL_RIGHT, AW_KEEP);
    for (int i = 0; i < r->n_steps; i++) {
        const struct aw_agent_step *s = &r->steps[i];
        /* Long sessions: the first and last steps tell the story. */
        if (r->n_steps > 12 && i >= 5 && i < r->n_steps - 5) {
            if (i == 5) {
                aw_table_cell(t, "...");
                aw_table_end_row(t);
            }
            continue;
        }
        aw_table_cell(t, "%d", s->step);
        aw_table_cell(t, "%s", aw_fmt_count(view, (double)s->input_tokens, 0).s);
        aw_table_cell(t, "%s", aw_fmt_count(view, (double)s->cached_tokens, 0).s);
        aw_table_cell(t, "%d", s->estimate.inputs.batch);
        aw_table_cell(t, "%s", aw_fmt_energy(view, s->estimate.wh.accelerator_wh, AW_SIG).s);
        aw_table_cell(t, "%s", aw_fmt_energy(view, s->estimate.wh.facility_wh, AW_SIG).s);
    }
    aw_table_print(t, stdout);
    aw_table_free(t);
    printf("\n");
    t = aw_table_new(view, 2);
    aw_table_col(t, "session", AW_COL_LEFT, AW_KEEP);
    aw_table_col(t, "accelerator", AW_COL_RIGHT, 1);
    aw_table_col(t, "server", AW_COL_RIGHT, 2);
    aw_table_col(t, "it", AW_COL_RIGHT, 2);
    aw_table_col(t, "facility", AW_COL_RIGHT, AW_KEEP);
    aw_table_cell(t, "total");
    aw_table_cell(t, "%s", aw_fmt_energy(view, r->wh.accelerator_wh, AW_SIG).s);
    aw_table_cell(t, "%s", aw_fmt_energy(view, r->wh.server_wh, AW_SIG).s);
    aw_table_cell(t, "%s", aw_fmt_energy(view, r->wh.it_wh, AW_SIG).s);
    aw_table_cell(t, "%s", aw_fmt_energy(view, r->wh.facility_wh, AW_SIG).s);
    aw_table_print(t, stdout);
    aw_table_free(t);
    aw_text_print(view, stdout, 2, 4, "carbon %s, water %s, %s of model time",
                  aw_fmt_mass(view, r->co2_g, "CO2e", AW_SIG).s,
                  aw_fmt_water(view, r->water_ml, AW_SIG).s, aw_fmt_time(view, r->seconds, AW_SIG).s);
    aw_text_print(view, stdout, 2, 4, "market-based %s; water on site %s + off site %s",
                  aw_fmt_mass(view, r->co2_market_g, "CO2e", AW_SIG).s,
                  aw_fmt_water(view, r->water_onsite_ml, AW_SIG).s,
                  aw_fmt_water(view, r->water_offsite_ml, AW_SIG).s);
    if (r->embodied_co2_g >= 0)
        aw_text_print(view, stdout, 2, 4, "manufacturing %s",
                      aw_fmt_mass(view, r->embodied_co2_g, "CO2e", AW_SIG).s);
    long written = 0, read = 0;
    for (int i = 0; i < r->n_steps; i++) {
        written += r->steps[i].estimate.inputs.output_tokens;
        read += r->steps[i].input_tokens;
    }
    if (single != NULL && single->wh.facility_wh > 0) {
        printf("\n");
        aw_text_print(view, stdout, 2, 4, "= %s x one default chat request (%s): %s tokens "
                      "written, but the model read %s prompt tokens in all.",
                      aw_fmt_num(view, r->wh.facility_wh / single->wh.facility_wh, AW_SIG).s,
                      aw_fmt_energy(view, single->wh.facility_wh, AW_SIG).s,
                      aw_fmt_count(view, (double)written, 0).s, aw_fmt_count(view, (double)read, 0).s);
    }
}

static void print_csv(const struct aw_agent_result *r)
{
    printf("step,input_tokens,cached_tokens,batch,accelerator_wh,server_wh,it_wh,facility_wh,"
           "co2_g,water_ml\n");
    for (int i = 0; i < r->n_steps; i++) {
        const struct aw_agent_step *s = &r->steps[i];
        printf("%d,%ld,%ld,%d,%.6g,%.6g,%.6g,%.6g,%.6g,%.6g\n", s->step, s->input_tokens,
               s->cached_tokens, s->estimate.inputs.batch, s->estimate.wh.accelerator_wh,
               s->estimate.wh.server_wh, s->estimate.wh.it_wh, s->estimate.wh.facility_wh,
               s->estimate.co2_g, s->estimate.water_ml);
    }
    printf("total,,,,%.6g,%.6g,%.6g,%.6g,%.6g,%.6g\n", r->wh.accelerator_wh, r->wh.server_wh,
           r->wh.it_wh, r->wh.facility_wh, r->co2_g, r->water_ml);
}

static int run_agent(int argc, char **argv, struct aw_ctx *ctx)
{
    struct aw_request req;
    aw_request_init(&req);
    enum aw_format format = AW_FORMAT_TABLE;
    const struct option *long_options = aw_tool_long_options(AW_CMD_AGENT, own_options);
    opterr = 0;
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, ":", long_options, NULL)) != -1) {
        int p;
        switch (c) {
        case OPT_FORMAT:
            if (aw_parse_format(optarg, &format) != 0)
                return aw_tool_usage_error("agent", "--format '%s': expected table, json or csv",
                                           optarg);
            break;
        case ':':
            return aw_tool_usage_error("agent", "%s needs a value", argv[optind - 1]);
        default:
            p = aw_tool_field_option(c, optarg, argc, argv, &req);
            if (p < 0)
                return AW_EXIT_USAGE;
            if (p > 0)
                return aw_tool_usage_error("agent", "unknown option '%s'", argv[optind - 1]);
            break;
        }
    }
    if (optind < argc)
        return aw_tool_usage_error("agent", "unexpected argument '%s'", argv[optind]);
    if (aw_tool_request_check("agent", &req) != 0)
        return AW_EXIT_USAGE;
    if (format == AW_FORMAT_JSON)
        return aw_tool_print_api_json(ctx->catalog, "agent", &req);
    struct aw_agent_spec spec;
    aw_agent_spec_from_request(&req, &spec);

    struct aw_agent_result res;
    struct aw_diag diag;
    aw_status st = aw_agent_run(ctx->catalog, &spec, &res, &diag);
    if (st != AW_OK)
        return aw_tool_fail(st, &diag);
    /* One ordinary chat request with the same model, for scale. */
    struct aw_estimate single;
    struct aw_request one = spec.base;
    int have_single = aw_estimate_request(ctx->catalog, &one, &single, NULL) == AW_OK;
    int rc = AW_EXIT_OK;
    if (format == AW_FORMAT_CSV) {
        print_csv(&res);
    } else {
        print_table(&ctx->view, &spec, &res, have_single ? &single : NULL);
    }
    aw_agent_result_release(&res);
    return rc;
}

const struct aw_cmd aw_cmd_agent = {
    .name = "agent",
    .summary = "an agent session: chained calls with a growing context",
    .usage = usage,
    .run = run_agent,
    .needs_catalog = 1,
};
