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

const char aw_usage_agent[] =
    "usage: aiwatt agent --model ID --steps N [--initial-tokens N] [--tool-tokens N]\n"
    "                    [--output-tokens N] [--no-prompt-cache] [--hardware ID]\n"
    "                    [--gpus N] [--precision P] [--batch N] [--datacenter ID]\n"
    "                    [--grid ID|GRAMS] [--pue X] [--wue X]\n"
    "                    [--format table|json|csv]\n"
    "\n"
    "An agent calls the model N times; each call sees the task, every earlier\n"
    "output and every tool result, so the prompt grows with every step. With a\n"
    "prompt cache only the newest tool result is computed; without one, the\n"
    "whole prompt is recomputed at every step. --output-tokens counts the tokens\n"
    "the model writes at each step.\n";

/* A session, and one ordinary chat request with the same model for scale
 * (NULL when it could not be estimated). */
struct session {
    const struct aw_agent_spec *spec;
    const struct aw_agent_result *result;
    const struct aw_estimate *single;
};

static void print_table(const struct aw_view *view, const void *result)
{
    const struct session *sn = result;
    const struct aw_agent_spec *spec = sn->spec;
    const struct aw_agent_result *r = sn->result;
    const struct aw_estimate *single = sn->single;
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
    aw_table_done(t, stdout);
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
    aw_table_done(t, stdout);
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

static void print_csv(FILE *out, const void *result)
{
    const struct aw_agent_result *r = ((const struct session *)result)->result;
    fputs("step,input_tokens,cached_tokens,batch,accelerator_wh,server_wh,it_wh,facility_wh,"
          "co2_g,water_ml\n", out);
    for (int i = 0; i < r->n_steps; i++) {
        const struct aw_agent_step *s = &r->steps[i];
        aw_csv_row(out, "illigggggg", s->step, s->input_tokens, s->cached_tokens,
                   s->estimate.inputs.batch, s->estimate.wh.accelerator_wh,
                   s->estimate.wh.server_wh, s->estimate.wh.it_wh, s->estimate.wh.facility_wh,
                   s->estimate.co2_g, s->estimate.water_ml);
    }
    aw_csv_row(out, "s---gggggg", "total", r->wh.accelerator_wh, r->wh.server_wh, r->wh.it_wh,
               r->wh.facility_wh, r->co2_g, r->water_ml);
}

static const struct aw_output output = {print_table, NULL, print_csv};

int aw_run_agent(struct aw_ctx *ctx)
{
    const struct aw_opts *o = &ctx->opts;
    int rc;
    if (o->format == AW_FORMAT_JSON)
        return aw_tool_print_api_json(ctx->catalog, "agent", &o->req);
    struct aw_agent_spec spec;
    aw_agent_spec_from_request(&o->req, &spec);

    struct aw_agent_result res;
    struct aw_diag diag;
    aw_status st = aw_agent_run(ctx->catalog, &spec, &res, &diag);
    if (st != AW_OK)
        return aw_tool_fail(st, &diag);
    struct aw_estimate single;
    struct aw_request one = spec.base;
    int have_single = aw_estimate_request(ctx->catalog, &one, &single, NULL) == AW_OK;
    struct session session = {&spec, &res, have_single ? &single : NULL};
    rc = aw_tool_output(ctx, o->format, &output, &session);
    aw_agent_result_release(&res);
    return rc;
}
