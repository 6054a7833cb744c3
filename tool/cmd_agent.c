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

/* Options of agent alone; where and how the calls run are the shared
 * options of tool/reqopts.h. */
enum { OPT_MODEL = 256, OPT_STEPS, OPT_INITIAL, OPT_TOOL, OPT_OUT, OPT_NOCACHE, OPT_FORMAT };

static const struct option long_options[] = {
    {"model", required_argument, NULL, OPT_MODEL},
    {"steps", required_argument, NULL, OPT_STEPS},
    {"initial-tokens", required_argument, NULL, OPT_INITIAL},
    {"tool-tokens", required_argument, NULL, OPT_TOOL},
    {"output-tokens", required_argument, NULL, OPT_OUT},
    {"no-prompt-cache", no_argument, NULL, OPT_NOCACHE},
    {"format", required_argument, NULL, OPT_FORMAT},
    {"gpus", required_argument, NULL, AW_OPT_REQ_GPUS},
    {"precision", required_argument, NULL, AW_OPT_REQ_PREC},
    {"batch", required_argument, NULL, AW_OPT_REQ_BATCH},
    AW_SITE_LONG_OPTIONS, /* --hardware --datacenter --pue --grid --wue */
    {NULL, 0, NULL, 0},
};

static int parse_count(const char *opt, const char *text, long min, long max, long *out)
{
    if (aw_parse_count(text, out) != 0 || *out < min || *out > max) {
        aw_tool_usage_error("agent", "%s '%s': expected a whole number from %ld to %ld", opt, text,
                            min, max);
        return -1;
    }
    return 0;
}

static void print_table(const struct aw_agent_spec *spec, const struct aw_agent_result *r,
                        const struct aw_estimate *single)
{
    const struct aw_resolved *in = &r->steps[0].estimate.inputs;
    printf("aiwatt agent: %s, %d steps, %ld initial + %ld tool + %ld output tokens per step, "
           "prompt cache %s\n\n",
           in->model_id, spec->steps, spec->initial_tokens, spec->tool_tokens,
           spec->output_tokens, spec->prompt_cache ? "on" : "off");
    printf("  %5s %12s %12s %7s %12s %10s\n", "step", "input tok", "cached tok", "batch",
           "accelerator", "facility");
    for (int i = 0; i < r->n_steps; i++) {
        const struct aw_agent_step *s = &r->steps[i];
        /* Long sessions: the first and last steps tell the story. */
        if (r->n_steps > 12 && i >= 5 && i < r->n_steps - 5) {
            if (i == 5)
                printf("  %5s\n", "...");
            continue;
        }
        printf("  %5d %12ld %12ld %7d %12.4g %10.4g\n", s->step, s->input_tokens,
               s->cached_tokens, s->estimate.inputs.batch, s->estimate.wh.accelerator_wh,
               s->estimate.wh.facility_wh);
    }
    printf("\n  %-12s %12s %10s %10s %10s\n", "session", "accelerator", "server", "it",
           "facility");
    printf("  %-12s %12.4g %10.4g %10.4g %10.4g Wh\n", "total", r->wh.accelerator_wh,
           r->wh.server_wh, r->wh.it_wh, r->wh.facility_wh);
    printf("  carbon %.3g gCO2e, water %.3g mL, %.1f s of model time\n", r->co2_g, r->water_ml,
           r->seconds);
    long written = 0, read = 0;
    for (int i = 0; i < r->n_steps; i++) {
        written += r->steps[i].estimate.inputs.output_tokens;
        read += r->steps[i].input_tokens;
    }
    if (single != NULL && single->wh.facility_wh > 0)
        printf("\n  = %.1f x one default chat request (%.3g Wh): %ld tokens written, but the\n"
               "    model read %ld prompt tokens in all.\n",
               r->wh.facility_wh / single->wh.facility_wh, single->wh.facility_wh, written, read);
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
    struct aw_agent_spec spec;
    aw_agent_spec_init(&spec);
    struct aw_method_params mp; /* required by the shared parser; unused here */
    aw_method_params_init(&mp);
    enum aw_format format = AW_FORMAT_TABLE;
    int have_steps = 0;
    opterr = 0;
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, ":", long_options, NULL)) != -1) {
        long n;
        switch (c) {
        case OPT_MODEL:
            spec.base.model_id = optarg;
            break;
        case OPT_STEPS:
            if (parse_count("--steps", optarg, 1, 10000, &n) != 0)
                return AW_EXIT_USAGE;
            spec.steps = (int)n;
            have_steps = 1;
            break;
        case OPT_INITIAL:
            if (parse_count("--initial-tokens", optarg, 0, 100000000, &spec.initial_tokens) != 0)
                return AW_EXIT_USAGE;
            break;
        case OPT_TOOL:
            if (parse_count("--tool-tokens", optarg, 0, 100000000, &spec.tool_tokens) != 0)
                return AW_EXIT_USAGE;
            break;
        case OPT_OUT:
            if (parse_count("--output-tokens", optarg, 0, 100000000, &spec.output_tokens) != 0)
                return AW_EXIT_USAGE;
            break;
        case OPT_NOCACHE:
            spec.prompt_cache = 0;
            break;
        case OPT_FORMAT:
            if (aw_parse_format(optarg, &format) != 0)
                return aw_tool_usage_error("agent", "--format '%s': expected table, json or csv",
                                           optarg);
            break;
        case ':':
            return aw_tool_usage_error("agent", "%s needs a value", argv[optind - 1]);
        default:
            if (aw_tool_request_option("agent", c, optarg, &spec.base, &mp) == 0)
                break;
            if (c >= AW_OPT_REQ_FIRST && c < AW_OPT_REQ_LAST)
                return AW_EXIT_USAGE;
            return aw_tool_usage_error("agent", "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind < argc)
        return aw_tool_usage_error("agent", "unexpected argument '%s'", argv[optind]);
    if (spec.base.model_id == NULL)
        return aw_tool_usage_error("agent", "--model is required");
    if (!have_steps)
        return aw_tool_usage_error("agent", "--steps is required");

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
    if (format == AW_FORMAT_JSON) {
        json_t *j = aw_agent_to_json(&res);
        if (j != NULL && have_single)
            json_object_set_new(j, "single_request_wh", aw_ladder_to_json(&single.wh));
        if (j == NULL) {
            aw_tool_error("out of memory");
            rc = AW_EXIT_FAIL;
        } else {
            rc = aw_print_json(j);
            json_decref(j);
        }
    } else if (format == AW_FORMAT_CSV) {
        print_csv(&res);
    } else {
        print_table(&spec, &res, have_single ? &single : NULL);
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
