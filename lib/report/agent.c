/*
 * agent.c - an agent session: a chain of model calls whose context grows
 * with every step's output and tool results. Each call is an ordinary
 * request; what changes is that the prompt is long and keeps growing, so the
 * session costs far more than its visible output suggests, and the prompt
 * cache decides how much of that prompt is recomputed.
 */
#include <stdlib.h>
#include <string.h>
#include "internal.h"
#include "json_rows.h"

void aw_agent_spec_init(struct aw_agent_spec *spec)
{
    memset(spec, 0, sizeof *spec);
    aw_request_init(&spec->base);
    spec->steps = 10;
    spec->initial_tokens = 2000;
    spec->tool_tokens = 1000;
    spec->output_tokens = 200;
    spec->prompt_cache = 1;
}

aw_status aw_agent_run(const aw_catalog *cat, const struct aw_agent_spec *spec,
                       struct aw_agent_result *out, struct aw_diag *diag)
{
    struct aw_diag local_diag;
    diag = aw__diag_begin(diag, &local_diag);
    memset(out, 0, sizeof *out);
    if (spec->steps < 1 || spec->steps > 10000) {
        aw__hint(diag, "give --steps from 1 to 10000");
        return aw__fail(diag, AW_E_RANGE, "%d steps is not possible", spec->steps);
    }
    if (spec->initial_tokens < 0 || spec->tool_tokens < 0 || spec->output_tokens < 0) {
        aw__hint(diag, "give --initial-tokens, --tool-tokens and --output-tokens of 0 or more");
        return aw__fail(diag, AW_E_RANGE, "token counts must be zero or more");
    }
    out->steps = calloc((size_t)spec->steps, sizeof *out->steps);
    if (out->steps == NULL)
        return aw__fail(diag, AW_E_NOMEM, "out of memory");
    long per_step = spec->output_tokens + spec->tool_tokens;
    for (int i = 0; i < spec->steps; i++) {
        struct aw_agent_step *s = &out->steps[i];
        struct aw_request req = spec->base;
        s->step = i + 1;
        /* Step i+1 sees the initial prompt and every earlier call's output
         * and tool result. */
        s->input_tokens = spec->initial_tokens + (long)i * per_step;
        /* With a prompt cache only the newest tool result is new (the first
         * call computes everything). */
        s->cached_tokens = spec->prompt_cache && i > 0 ? s->input_tokens - spec->tool_tokens : 0;
        req.input_tokens = s->input_tokens;
        req.cached_tokens = s->cached_tokens;
        req.output_tokens = spec->output_tokens;
        s->request = req;
        aw_status st = aw_estimate_request(cat, &req, &s->estimate, diag);
        if (st != AW_OK) {
            char inner[AW_DIAG_SIZE];
            snprintf(inner, sizeof inner, "%s", diag->msg);
            aw__fail(diag, st, "agent step %d (%ld input tokens): %s", i + 1, s->input_tokens,
                     inner);
            aw_agent_result_release(out);
            return st;
        }
        out->wh.accelerator_wh += s->estimate.wh.accelerator_wh;
        out->wh.server_wh += s->estimate.wh.server_wh;
        out->wh.it_wh += s->estimate.wh.it_wh;
        out->wh.facility_wh += s->estimate.wh.facility_wh;
        out->co2_g += s->estimate.co2_g;
        out->water_ml += s->estimate.water_ml;
        out->co2_market_g += s->estimate.co2_market_g;
        out->water_onsite_ml += s->estimate.water_onsite_ml;
        out->water_offsite_ml += s->estimate.water_offsite_ml;
        if (!s->estimate.embodied.set || out->embodied_co2_g < 0)
            out->embodied_co2_g = -1;
        else
            out->embodied_co2_g += s->estimate.embodied.co2_g;
        out->seconds += s->estimate.seconds;
        out->n_steps = i + 1;
    }
    return AW_OK;
}

void aw_agent_result_release(struct aw_agent_result *res)
{
    if (res == NULL)
        return;
    free(res->steps);
    memset(res, 0, sizeof *res);
}

static json_t *step_json(const void *steps, size_t i)
{
    const struct aw_agent_step *s = (const struct aw_agent_step *)steps + i;
    return json_pack("{s:i, s:I, s:I, s:I, s:o, s:f, s:f}", "step", s->step, "input_tokens",
                     (json_int_t)s->input_tokens, "cached_tokens", (json_int_t)s->cached_tokens,
                     "batch", (json_int_t)s->estimate.inputs.batch, "wh",
                     aw_ladder_to_json(&s->estimate.wh), "co2_g", s->estimate.co2_g, "water_ml",
                     s->estimate.water_ml);
}

json_t *aw_agent_to_json(const struct aw_agent_result *res)
{
    json_t *steps = aw__json_rows(res->steps, res->n_steps > 0 ? (size_t)res->n_steps : 0,
                                  step_json);
    if (steps == NULL)
        return NULL;
    return json_pack("{s:o, s:f, s:f, s:f, s:f, s:f, s:f, s:o, s:o}", "wh",
                     aw_ladder_to_json(&res->wh), "co2_g", res->co2_g, "water_ml", res->water_ml,
                     "seconds", res->seconds, "co2_market_g", res->co2_market_g,
                     "water_onsite_ml", res->water_onsite_ml, "water_offsite_ml",
                     res->water_offsite_ml, "embodied_co2_g",
                     res->embodied_co2_g >= 0 ? json_real(res->embodied_co2_g) : json_null(),
                     "steps", steps);
}
