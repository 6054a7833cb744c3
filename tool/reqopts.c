/*
 * reqopts.c - the request options shared by compare and fleet, the method
 * parameters shared with estimate, and the table of a top-down method's
 * estimate.
 */
#include <stdlib.h>
#include <string.h>
#include "cmd.h"
#include "reqopts.h"

static int usage_bad(const char *cmd, const char *opt, const char *arg, const char *expected)
{
    aw_tool_usage_error(cmd, "%s '%s': expected %s", opt, arg, expected);
    return -1;
}

/* A positive number (SI suffixes allowed) at most `max`. */
static int positive(const char *cmd, const char *opt, const char *arg, double max, double *out,
                    const char *expected)
{
    double v;
    if (aw_parse_si(arg, &v) != 0 || !(v > 0) || v > max)
        return usage_bad(cmd, opt, arg, expected);
    *out = v;
    return 0;
}

static int fraction(const char *cmd, const char *opt, const char *arg, double *out)
{
    return positive(cmd, opt, arg, 1.0, out, "a fraction in (0, 1], e.g. 0.1");
}

/* "MIN:MAX" with SI suffixes, 0 < MIN <= MAX. */
static int range(const char *cmd, const char *opt, const char *arg, double *lo, double *hi)
{
    char buf[64];
    const char *colon = strchr(arg, ':');
    size_t n = colon ? (size_t)(colon - arg) : 0;
    if (colon == NULL || n == 0 || n >= sizeof buf)
        return usage_bad(cmd, opt, arg, "MIN:MAX, e.g. 44B:132B");
    memcpy(buf, arg, n);
    buf[n] = '\0';
    if (aw_parse_si(buf, lo) != 0 || aw_parse_si(colon + 1, hi) != 0 || !(*lo > 0) ||
        *lo > *hi)
        return usage_bad(cmd, opt, arg, "MIN:MAX with 0 < MIN <= MAX, e.g. 44B:132B");
    return 0;
}

static int count_tokens(const char *cmd, const char *opt, const char *arg, long *out)
{
    if (aw_parse_count(arg, out) != 0)
        return usage_bad(cmd, opt, arg, "a whole number of tokens, 0 or more");
    return 0;
}

static int whole(const char *cmd, const char *opt, const char *arg, int *out)
{
    long v;
    if (aw_parse_count(arg, &v) != 0 || v < 1 || v > 1000000)
        return usage_bad(cmd, opt, arg, "a whole number, 1 or more");
    *out = (int)v;
    return 0;
}

int aw_tool_request_option(const char *cmd, int c, const char *arg, struct aw_request *req,
                           struct aw_method_params *mp)
{
    double v;
    int p;
    switch (c) {
    case AW_OPT_REQ_MODEL:
        req->model_id = arg;
        return 0;
    case AW_OPT_REQ_PARAMS:
        return positive(cmd, "--params", arg, 1e15, &req->params_total,
                        "a positive count such as 70B or 7e10");
    case AW_OPT_REQ_ACTIVE:
        return positive(cmd, "--active-params", arg, 1e15, &req->params_active,
                        "a positive count such as 70B or 7e10");
    case AW_OPT_REQ_TASK:
        p = aw_task_from_name(arg);
        if (p < 0)
            return usage_bad(cmd, "--task", arg, "chat, reasoning, image or video");
        req->task = (enum aw_task)p;
        return 0;
    case AW_OPT_REQ_IN:
        return count_tokens(cmd, "--input-tokens", arg, &req->input_tokens);
    case AW_OPT_REQ_OUT:
        return count_tokens(cmd, "--output-tokens", arg, &req->output_tokens);
    case AW_OPT_REQ_REASON:
        return count_tokens(cmd, "--reasoning-tokens", arg, &req->reasoning_tokens);
    case AW_OPT_REQ_HW:
        req->hardware_id = arg;
        return 0;
    case AW_OPT_REQ_GPUS:
        return whole(cmd, "--gpus", arg, &req->gpus);
    case AW_OPT_REQ_PREC:
        p = aw_precision_from_name(arg);
        if (p < 0)
            return usage_bad(cmd, "--precision", arg, "fp32, bf16, fp16, fp8, int8, fp4 or int4");
        req->precision = p;
        return 0;
    case AW_OPT_REQ_BATCH:
        return whole(cmd, "--batch", arg, &req->batch);
    case AW_OPT_REQ_DC:
        req->datacenter_id = arg;
        return 0;
    case AW_OPT_REQ_PUE:
        if (aw_parse_si(arg, &v) != 0 || v < 1.0 || v > 5.0)
            return usage_bad(cmd, "--pue", arg,
                             "a ratio of 1.0 or more (1.1 hyperscale, 1.56 industry average)");
        req->pue = v;
        return 0;
    case AW_OPT_REQ_GRID:
        if (aw_parse_si(arg, &v) == 0) {
            if (v < 0 || v > 2000)
                return usage_bad(cmd, "--grid", arg, "a grid id or 0-2000 gCO2e/kWh");
            req->grid_gco2_per_kwh = v;
        } else {
            req->grid_id = arg;
        }
        return 0;
    case AW_OPT_REQ_WUE:
        if (aw_parse_si(arg, &v) != 0 || v < 0 || v > 20)
            return usage_bad(cmd, "--wue", arg, "0-20 L/kWh");
        req->wue_l_per_kwh = v;
        return 0;
    case AW_OPT_REQ_MARKET_CI:
        if (aw_parse_si(arg, &v) != 0 || v < 0 || v > 2000)
            return usage_bad(cmd, "--market-ci", arg,
                             "0-2000 gCO2e/kWh (the intensity your contracts give)");
        req->market_gco2_per_kwh = v;
        return 0;
    case AW_OPT_REQ_METHOD:
        p = aw_method_from_name(arg);
        if (p < 0)
            return usage_bad(cmd, "--method", arg, "roofline, flops, nameplate or ecologits");
        req->method = (enum aw_method)p;
        return 0;
    case AW_OPT_MP_UTIL:
        return fraction(cmd, "--utilisation", arg, &mp->flop_utilisation);
    case AW_OPT_MP_PREFILL_UTIL:
        return fraction(cmd, "--prefill-utilisation", arg, &mp->prefill_utilisation);
    case AW_OPT_MP_LOAD:
        return fraction(cmd, "--load-factor", arg, &mp->load_factor);
    case AW_OPT_MP_POWER:
        return positive(cmd, "--power-w", arg, 1e5, &mp->power_w_per_gpu,
                        "watts per GPU, host share included (DGX H100: 1275)");
    case AW_OPT_MP_SERVERS:
        return positive(cmd, "--servers", arg, 1e9, &mp->servers, "a number of servers, e.g. 3617");
    case AW_OPT_MP_SERVER_POWER:
        return positive(cmd, "--server-power-w", arg, 1e7, &mp->server_power_w,
                        "watts per server (HGX A100: 6500)");
    case AW_OPT_MP_HOURS:
        return positive(cmd, "--hours", arg, 24.0 * 366 * 10, &mp->hours, "hours, e.g. 24");
    case AW_OPT_MP_REQUESTS:
        return positive(cmd, "--requests", arg, 1e15, &mp->requests,
                        "a number of requests, e.g. 195M");
    case AW_OPT_MP_LATENCY:
        return positive(cmd, "--latency", arg, 1e6, &mp->latency_s, "seconds, e.g. 12.5");
    case AW_OPT_MP_PARAMS_RANGE:
        return range(cmd, "--params-range", arg, &mp->params_total_min, &mp->params_total_max);
    case AW_OPT_MP_ACTIVE_RANGE:
        return range(cmd, "--active-params-range", arg, &mp->params_active_min,
                     &mp->params_active_max);
    default:
        return 1;
    }
}

int aw_tool_request_check(const char *cmd, const struct aw_request *req)
{
    if (req->model_id != NULL && req->params_total > 0) {
        aw_tool_usage_error(cmd, "give --model or --params, not both");
        return -1;
    }
    if (req->params_active > 0 && req->params_total <= 0) {
        aw_tool_usage_error(cmd, "--active-params needs --params");
        return -1;
    }
    return 0;
}

void aw_tool_csv_str(const char *s)
{
    putchar('"');
    for (; s != NULL && *s; s++) {
        if (*s == '"')
            putchar('"');
        putchar(*s);
    }
    putchar('"');
}

void aw_tool_print_impacts(const struct aw_estimate *e)
{
    const struct aw_resolved *in = &e->inputs;
    const char *basis = "no contract: grid";
    if (in->market_basis != NULL && strcmp(in->market_basis, "option") == 0)
        basis = "--market-ci";
    else if (in->market_basis != NULL && strcmp(in->market_basis, "contract") == 0)
        basis = "contracts";
    printf("  %-12s %12.4g   gCO2e, location-based (%s, %.0f g/kWh)\n", "carbon", e->co2_g,
           in->grid_id, in->grid_gco2_per_kwh);
    printf("  %-12s %12.4g   gCO2e, market-based (%.0f g/kWh, %s)\n", "  market", e->co2_market_g,
           in->market_gco2_per_kwh, basis);
    if (e->embodied.set) {
        double total = e->co2_g + e->embodied.co2_g;
        printf("  %-12s %12.4g   gCO2e, manufacturing (%.1f%% of all carbon)\n",
               "  embodied", e->embodied.co2_g, total > 0 ? 100.0 * e->embodied.co2_g / total : 0);
    } else {
        printf("  %-12s %12s   no manufacturing figure for %s\n", "  embodied", "-",
               in->hardware_id ? in->hardware_id : "this hardware");
    }
    printf("  %-12s %12.4g   mL: on-site %.3g (WUE %.2f) + off-site %.3g\n", "water",
           e->water_ml, e->water_onsite_ml, in->wue_l_per_kwh, e->water_offsite_ml);
}

void aw_tool_print_method_table(const struct aw_estimate *e)
{
    const struct aw_resolved *in = &e->inputs;
    printf("aiwatt estimate --method %s: %s (%s), %ld input + %ld output", in->method,
           in->model_id, in->model_confidence, in->input_tokens, in->output_tokens);
    if (in->reasoning_tokens > 0)
        printf(" + %ld reasoning", in->reasoning_tokens);
    printf(" tokens\n\n");
    printf("  %-12s %12s", "boundary", "Wh/request");
    if (in->has_range)
        printf("   %10s %10s", "min", "max");
    printf("\n");
    const char *names[] = {"accelerator", "server", "it", "facility"};
    for (int b = AW_BOUNDARY_ACCELERATOR; b <= AW_BOUNDARY_FACILITY; b++) {
        printf("  %-12s %12.4g", names[b], aw_ladder_at(&e->wh, (enum aw_boundary)b));
        if (in->has_range)
            printf("   %10.4g %10.4g", aw_ladder_at(&in->wh_min, (enum aw_boundary)b),
                   aw_ladder_at(&in->wh_max, (enum aw_boundary)b));
        if (strcmp(names[b], in->total_boundary) == 0)
            printf("   <- the method's total");
        printf("\n");
    }
    printf("\n");
    aw_tool_print_impacts(e);
    printf("\nassumptions\n");
    if (in->servers <= 0) /* a fleet total does not depend on the model */
        printf("  model        %.4gB parameters, %.4gB active (%s)\n", in->params_total / 1e9,
               in->params_active / 1e9, in->model_confidence);
    printf("  GPU time     %.4g GPU-seconds charged to the request\n", in->gpu_seconds);
    if (in->flop > 0)
        printf("  flops        %.4g FLOP on %s at %.4g TFLOP/s (%s) x utilisation %.3g "
               "(prompt %.3g)\n",
               in->flop, in->hardware_id, in->peak_tflops_per_gpu, in->compute_precision,
               in->flop_utilisation, in->prefill_utilisation);
    if (in->power_w_per_gpu > 0)
        printf("  power        %.0f W rated per GPU (host share included) x load factor %.2f\n",
               in->power_w_per_gpu, in->load_factor);
    if (in->servers > 0)
        printf("  fleet        %.0f servers x %.0f W nameplate x %.4g h / %.4g requests\n",
               in->servers, in->server_power_w, in->hours, in->requests);
    if (in->ecologits_batch > 0)
        printf("  ecologits    %d GPUs (power-of-two rule), batch %.0f, latency %.3g s, "
               "%.4g Wh per GPU\n",
               in->gpus, in->ecologits_batch, in->ecologits_latency_s,
               in->gpu_energy_wh_per_gpu);
    printf("  data centre  %s: PUE %.2f, WUE %.2f L/kWh\n", in->datacenter_id, in->pue,
           in->wue_l_per_kwh);
    printf("\nboundary: %s\n", in->boundary_note);
    printf("formulas: docs/methodology.md, section Methods\n");
}
