/*
 * estimate_out.c - one estimate as a table for people (estimate_out.h).
 */
#include "estimate_out.h"

#include <math.h>
#include <string.h>

void aw_tool_headline_range(const aw_catalog *cat, const struct aw_request *req,
                            const struct aw_uncertainty *full, struct aw_tool_range *out)
{
    memset(out, 0, sizeof *out);
    if (full != NULL && full->samples > 0) {
        out->q = *full;
        out->draws = full->samples;
        out->set = 1;
        return;
    }
    struct aw_diag diag;
    if (aw_estimate_uncertainty(cat, req, AW_HEADLINE_DRAWS, AW_UNCERTAINTY_DEFAULT_SEED, &out->q,
                                &diag) == AW_OK) {
        out->draws = AW_HEADLINE_DRAWS;
        out->set = 1;
    }
}

int aw_tool_range_sig(const struct aw_tool_range *r)
{
    if (r == NULL || !r->set || !(r->q.facility.p5 > 0))
        return AW_SIG;
    return r->q.facility.p95 / r->q.facility.p5 > 2 ? 2 : AW_SIG;
}

/* "LO-HI UNIT" when both ends share the unit, else "LO UNIT-HI UNIT". */
static struct aw_fmt join(struct aw_fmt lo, struct aw_fmt hi)
{
    struct aw_fmt out;
    char both[2 * sizeof out.s];
    const char *ul = strchr(lo.s, ' '), *uh = strchr(hi.s, ' ');
    if (ul != NULL && uh != NULL && strcmp(ul, uh) == 0)
        snprintf(both, sizeof both, "%.*s-%s", (int)(ul - lo.s), lo.s, hi.s);
    else
        snprintf(both, sizeof both, "%s-%s", lo.s, hi.s);
    size_t n = strlen(both);
    if (n >= sizeof out.s)
        n = sizeof out.s - 1; /* two numbers with units always fit; cut, not overflow */
    memcpy(out.s, both, n);
    out.s[n] = '\0';
    return out;
}

struct aw_fmt aw_tool_range_energy(const struct aw_view *view, const struct aw_quantiles *q,
                                   int sig)
{
    return join(aw_fmt_energy(view, q->p5, sig), aw_fmt_energy(view, q->p95, sig));
}

struct aw_fmt aw_tool_range_mass(const struct aw_view *view, const struct aw_quantiles *q,
                                 int sig)
{
    return join(aw_fmt_mass(view, q->p5, "CO2e", sig), aw_fmt_mass(view, q->p95, "CO2e", sig));
}

struct aw_fmt aw_tool_range_water(const struct aw_view *view, const struct aw_quantiles *q,
                                  int sig)
{
    return join(aw_fmt_water(view, q->p5, sig), aw_fmt_water(view, q->p95, sig));
}

static const struct aw_quantiles *boundary_q(const struct aw_tool_range *r, int b)
{
    if (r == NULL || !r->set)
        return NULL;
    const struct aw_quantiles *q[] = {&r->q.accelerator, &r->q.server, &r->q.it, &r->q.facility};
    return q[b];
}

/* Carbon (location- and market-based, embodied) and water rows of an
 * estimate: label, value, `n_blank` empty cells (the range columns), note.
 * `range` adds the p5-p95 of location-based carbon and of water. */
static void impact_rows(struct aw_table *t, const struct aw_view *view, const struct aw_estimate *e,
                        const struct aw_tool_range *range, int n_blank, int sig)
{
    const struct aw_resolved *in = &e->inputs;
    int ranged = range != NULL && range->set;
    const char *basis = "no contract: grid";
    if (in->market_basis != NULL && strcmp(in->market_basis, "option") == 0)
        basis = "--market-ci";
    else if (in->market_basis != NULL && strcmp(in->market_basis, "contract") == 0)
        basis = "contracts";
    aw_table_cell(t, "carbon");
    aw_table_cell(t, "%s", aw_fmt_mass(view, e->co2_g, "CO2e", sig).s);
    for (int i = 0; i < n_blank; i++)
        aw_table_cell(t, "%s",
                      ranged && i == 0 ? aw_tool_range_mass(view, &range->q.co2_g, 2).s : "");
    aw_table_cell(t, "location-based (%s, %s g/kWh)", in->grid_id,
                  aw_fmt_num(view, in->grid_gco2_per_kwh, AW_SIG).s);
    aw_table_cell(t, "  market");
    aw_table_cell(t, "%s", aw_fmt_mass(view, e->co2_market_g, "CO2e", sig).s);
    for (int i = 0; i < n_blank; i++)
        aw_table_cell(t, "%s", "");
    aw_table_cell(t, "market-based (%s g/kWh, %s)",
                  aw_fmt_num(view, in->market_gco2_per_kwh, AW_SIG).s, basis);
    aw_table_cell(t, "  embodied");
    if (e->embodied.set) {
        double total = e->co2_g + e->embodied.co2_g;
        aw_table_cell(t, "%s", aw_fmt_mass(view, e->embodied.co2_g, "CO2e", sig).s);
        for (int i = 0; i < n_blank; i++)
            aw_table_cell(t, "%s", "");
        aw_table_cell(t, "manufacturing (%s of all carbon)",
                      aw_fmt_pct(view, total > 0 ? e->embodied.co2_g / total : 0, 2).s);
    } else {
        aw_table_cell(t, "-");
        for (int i = 0; i < n_blank; i++)
            aw_table_cell(t, "%s", "");
        aw_table_cell(t, "no manufacturing figure for %s",
                      in->hardware_id ? in->hardware_id : "this hardware");
    }
    aw_table_cell(t, "water");
    aw_table_cell(t, "%s", aw_fmt_water(view, e->water_ml, sig).s);
    for (int i = 0; i < n_blank; i++)
        aw_table_cell(t, "%s",
                      ranged && i == 0 ? aw_tool_range_water(view, &range->q.water_ml, 2).s : "");
    aw_table_cell(t, "on-site %s (WUE %s L/kWh) + off-site %s",
                  aw_fmt_water(view, e->water_onsite_ml, AW_SIG).s,
                  aw_fmt_num(view, in->wue_l_per_kwh, AW_SIG).s,
                  aw_fmt_water(view, e->water_offsite_ml, AW_SIG).s);
}

void aw_tool_print_ladder(const struct aw_view *view, const struct aw_estimate *e,
                          const struct aw_tool_range *range, const char *per,
                          char notes[4][AW_NOTE_LEN], const char *time_note)
{
    const struct aw_resolved *in = &e->inputs;
    int sig = aw_tool_range_sig(range);
    int ranged = range != NULL && range->set;
    struct aw_table *t = aw_table_new(view, 2);
    aw_table_col(t, "boundary", AW_COL_LEFT, AW_KEEP);
    aw_table_col(t, per, AW_COL_RIGHT, AW_KEEP);
    if (ranged)
        aw_table_col(t, "p5-p95", AW_COL_RIGHT, 1);
    aw_table_col(t, "what it adds", AW_COL_WRAP, 2);
    snprintf(notes[1], AW_NOTE_LEN, "+ host CPUs, DRAM, NICs (%s per GPU)",
             aw_fmt_si(view, in->host_power_w_per_gpu, "W", AW_SIG).s);
    snprintf(notes[2], AW_NOTE_LEN, "+ idle and reserve capacity (%s)",
             aw_fmt_pct(view, in->reserve_share, AW_SIG).s);
    snprintf(notes[3], AW_NOTE_LEN, "x PUE %s (cooling, power conversion) <- headline",
             aw_fmt_num(view, in->pue, AW_SIG).s);
    static const char *const names[] = {"accelerator", "server", "it", "facility"};
    for (int b = 0; b < 4; b++) {
        aw_table_cell(t, "%s", names[b]);
        aw_table_cell(t, "%s",
                      aw_fmt_energy(view, aw_ladder_at(&e->wh, (enum aw_boundary)b), sig).s);
        if (ranged)
            aw_table_cell(t, "%s", aw_tool_range_energy(view, boundary_q(range, b), 2).s);
        aw_table_cell(t, "%s", notes[b]);
    }
    aw_table_blank(t);
    impact_rows(t, view, e, range, ranged ? 1 : 0, sig);
    aw_table_cell(t, "time");
    aw_table_cell(t, "%s", aw_fmt_time(view, e->seconds, AW_SIG).s);
    if (ranged)
        aw_table_cell(t, "%s", "");
    aw_table_cell(t, "%s", time_note);
    aw_table_done(t, stdout);
    if (ranged)
        aw_text_print(view, stdout, 2, 2, "p5-p95: %s seeded Monte Carlo draws of the uncertain "
                      "inputs (--uncertainty for more, --sensitivity for the tornado)",
                      aw_fmt_count(view, (double)range->draws, 0).s);

}

/* "aiwatt estimate: gpt-4o (estimate), task chat, 400 input + 300 output
 * tokens"; a top-down method's title names it instead of the task. */
void aw_tool_hardware_row(struct aw_table *t, const struct aw_view *view,
                          const struct aw_resolved *in)
{
    aw_table_cell(t, "hardware");
    aw_table_cell(t, "%d x %s%s, server %s, %s-%s idle-max per GPU", in->gpus, in->hardware_id,
                  in->gpus_auto ? " (automatic)" : "", in->server_id ? in->server_id : "-",
                  aw_fmt_num(view, in->idle_power_w, AW_SIG).s,
                  aw_fmt_si(view, in->max_power_w, "W", AW_SIG).s);
}

static void print_text_title(const struct aw_view *view, const struct aw_estimate *e,
                             int method)
{
    const struct aw_resolved *in = &e->inputs;
    char reasoning[64] = "", command[64] = "aiwatt estimate", task[64] = "";
    if (in->reasoning_tokens > 0)
        snprintf(reasoning, sizeof reasoning, " + %s reasoning",
                 aw_fmt_count(view, (double)in->reasoning_tokens, 0).s);
    if (method)
        snprintf(command, sizeof command, "aiwatt estimate --method %s", in->method);
    else
        snprintf(task, sizeof task, ", task %s", in->task);
    aw_text_print(view, stdout, 0, 2, "%s: %s (%s)%s, %s input + %s output%s tokens", command,
                  in->model_id, in->model_confidence, task,
                  aw_fmt_count(view, (double)in->input_tokens, 0).s,
                  aw_fmt_count(view, (double)in->output_tokens, 0).s, reasoning);
}

void aw_tool_print_estimate_table(const struct aw_view *view, const struct aw_estimate *e,
                                  const struct aw_tool_range *range)
{
    const struct aw_resolved *in = &e->inputs;
    print_text_title(view, e, 0);
    if (in->text.images_in > 0)
        aw_text_print(view, stdout, 2, 4, "%s input image(s) -> %s prompt tokens (vision encoder "
                      "%s)", aw_fmt_count(view, (double)in->text.images_in, 0).s,
                      aw_fmt_count(view, (double)in->text.image_tokens, 0).s,
                      aw_fmt_energy(view, in->text.vision_encoder_wh, AW_SIG).s);
    if (in->text.cached_tokens > 0)
        aw_text_print(view, stdout, 2, 4, "%s prompt tokens served from the prompt cache (not "
                      "recomputed)", aw_fmt_count(view, (double)in->text.cached_tokens, 0).s);
    printf("\n");

    char notes[4][AW_NOTE_LEN], time_note[AW_NOTE_LEN];
    snprintf(notes[0], sizeof notes[0], "GPU energy: prefill %s + decode %s",
             aw_fmt_energy(view, in->text.prefill_wh, AW_SIG).s,
             aw_fmt_energy(view, in->text.decode_wh, AW_SIG).s);
    snprintf(time_note, sizeof time_note, "prefill %s, decode %s steps x %s",
             aw_fmt_time(view, in->text.prefill_s, AW_SIG).s,
             aw_fmt_count(view, (double)(in->output_tokens + in->reasoning_tokens), 0).s,
             aw_fmt_time(view, in->text.decode_step_s, AW_SIG).s);
    aw_tool_print_ladder(view, e, range, "per request", notes, time_note);

    struct aw_table *t;
    printf("\nassumptions\n");
    t = aw_table_pairs(view, 2);
    aw_table_cell(t, "model");
    aw_table_cell(t, "%sB parameters, %sB active (%s)",
                  aw_fmt_num(view, in->params_total / 1e9, AW_SIG).s,
                  aw_fmt_num(view, in->params_active / 1e9, AW_SIG).s, in->model_confidence);
    aw_tool_hardware_row(t, view, in);
    aw_table_cell(t, "precision");
    aw_table_cell(t, "weights %s, compute %s, KV cache %s", in->precision, in->compute_precision,
                  in->kv_precision);
    aw_table_cell(t, "batch");
    aw_table_cell(t, "%s concurrent sequence%s (memory allows %s)",
                  aw_fmt_count(view, in->batch, 0).s, in->batch == 1 ? "" : "s",
                  aw_fmt_count(view, in->batch_max, 0).s);
    aw_table_cell(t, "engine");
    if (in->text.engine_per_layer_s > 0) /* eager: kernels launched layer by layer */
        aw_table_cell(t, "%s: %s per layer and %s per sequence per step, %s of CPU work "
                      "overlapped", in->text.engine_id,
                      aw_fmt_time(view, in->text.engine_per_layer_s, AW_SIG).s,
                      aw_fmt_time(view, in->text.engine_per_sequence_s, AW_SIG).s,
                      aw_fmt_pct(view, in->text.engine_overlap, AW_SIG).s);
    else
        aw_table_cell(t, "%s: %s per sequence per step, %s of CPU work overlapped",
                      in->text.engine_id,
                      aw_fmt_time(view, in->text.engine_per_sequence_s, AW_SIG).s,
                      aw_fmt_pct(view, in->text.engine_overlap, AW_SIG).s);
    aw_table_cell(t, "layout");
    aw_table_cell(t, "tensor %d x expert %d x pipeline %d parallel", in->text.tp, in->text.ep,
                  in->text.pp);
    aw_table_cell(t, "memory");
    if (in->text.state_bytes_per_sequence > 0)
        aw_table_cell(t, "%s of weights; %s of KV cache per token and %s of state-space state "
                      "per sequence; mean context %s",
                      aw_fmt_si(view, in->weights_gb * 1e9, "B", AW_SIG).s,
                      aw_fmt_si(view, in->text.kv_bytes_per_token, "B", AW_SIG).s,
                      aw_fmt_si(view, in->text.state_bytes_per_sequence, "B", AW_SIG).s,
                      aw_fmt_count(view, in->text.mean_context_tokens, 0).s);
    else
        aw_table_cell(t, "%s of weights; %s of KV cache per token; mean context %s",
                      aw_fmt_si(view, in->weights_gb * 1e9, "B", AW_SIG).s,
                      aw_fmt_si(view, in->text.kv_bytes_per_token, "B", AW_SIG).s,
                      aw_fmt_count(view, in->text.mean_context_tokens, 0).s);
    aw_table_cell(t, "decode step");
    aw_table_cell(t, "%s = weights %s + attention %s + communication %s + MoE kernels %s + "
                  "engine %s; %s of weights read, bandwidth utilisation %s, FLOP utilisation %s",
                  aw_fmt_time(view, in->text.decode_step_s, AW_SIG).s,
                  aw_fmt_time(view, in->text.step_weights_s, AW_SIG).s,
                  aw_fmt_time(view, in->text.step_attention_s, AW_SIG).s,
                  aw_fmt_time(view, in->text.step_comm_s, AW_SIG).s,
                  aw_fmt_time(view, in->text.step_moe_s, AW_SIG).s,
                  aw_fmt_time(view, in->text.step_engine_s, AW_SIG).s,
                  aw_fmt_si(view, in->text.weights_read_gb_per_step * 1e9, "B", AW_SIG).s,
                  aw_fmt_num(view, in->text.bandwidth_utilisation, AW_SIG).s,
                  aw_fmt_num(view, in->text.decode_flop_utilisation, AW_SIG).s);
    aw_table_cell(t, "power");
    if (in->power_cap_w > 0)
        aw_table_cell(t, "%s per GPU while serving (activity %s of idle-max), capped at %s: "
                      "clock x%s", aw_fmt_si(view, in->text.decode_power_w, "W", AW_SIG).s,
                      aw_fmt_num(view, in->text.decode_activity, AW_SIG).s,
                      aw_fmt_si(view, in->power_cap_w, "W", AW_SIG).s,
                      aw_fmt_num(view, in->clock_fraction, AW_SIG).s);
    else
        aw_table_cell(t, "%s per GPU while serving (activity %s of idle-max)",
                      aw_fmt_si(view, in->text.decode_power_w, "W", AW_SIG).s,
                      aw_fmt_num(view, in->text.decode_activity, AW_SIG).s);
    aw_table_cell(t, "data centre");
    aw_table_cell(t, "%s: PUE %s, reserve %s, WUE %s L/kWh", in->datacenter_id,
                  aw_fmt_num(view, in->pue, AW_SIG).s,
                  aw_fmt_pct(view, in->reserve_share, AW_SIG).s,
                  aw_fmt_num(view, in->wue_l_per_kwh, AW_SIG).s);
    if (in->serving_source != NULL) {
        aw_table_cell(t, "provider");
        aw_table_cell(t, "hardware and data centre from %s's serving profile ('aiwatt "
                      "catalog show %s'; --hardware, --datacenter override)", in->model_id,
                      in->model_id);
    }
    aw_table_done(t, stdout);
    printf("\n");
    aw_text_print(view, stdout, 0, 2, "sources: 'aiwatt catalog show ID'; formulas: "
                  "docs/methodology.md");
}

void aw_tool_print_method_table(const struct aw_view *view, const struct aw_estimate *e)
{
    const struct aw_resolved *in = &e->inputs;
    print_text_title(view, e, 1);
    printf("\n");
    struct aw_table *t = aw_table_new(view, 2);
    aw_table_col(t, "boundary", AW_COL_LEFT, AW_KEEP);
    aw_table_col(t, "per request", AW_COL_RIGHT, AW_KEEP);
    if (in->topdown.has_range) {
        aw_table_col(t, "min", AW_COL_RIGHT, 1);
        aw_table_col(t, "max", AW_COL_RIGHT, 1);
    }
    aw_table_col(t, "", AW_COL_WRAP, 2);
    static const char *const names[] = {"accelerator", "server", "it", "facility"};
    for (int b = AW_BOUNDARY_ACCELERATOR; b <= AW_BOUNDARY_FACILITY; b++) {
        aw_table_cell(t, "%s", names[b]);
        aw_table_cell(t, "%s",
                      aw_fmt_energy(view, aw_ladder_at(&e->wh, (enum aw_boundary)b), AW_SIG).s);
        if (in->topdown.has_range) {
            aw_table_cell(
                t, "%s",
                aw_fmt_energy(view, aw_ladder_at(&in->topdown.wh_min, (enum aw_boundary)b), AW_SIG)
                    .s);
            aw_table_cell(
                t, "%s",
                aw_fmt_energy(view, aw_ladder_at(&in->topdown.wh_max, (enum aw_boundary)b), AW_SIG)
                    .s);
        }
        aw_table_cell(t, "%s",
                      strcmp(names[b], in->topdown.total_boundary) == 0 ? "<- the method's total"
                                                                        : "");
    }
    aw_table_blank(t);
    impact_rows(t, view, e, NULL, in->topdown.has_range ? 2 : 0, AW_SIG);
    aw_table_done(t, stdout);

    printf("\nassumptions\n");
    t = aw_table_pairs(view, 2);
    if (in->topdown.servers <= 0) { /* a fleet total does not depend on the model */
        aw_table_cell(t, "model");
        aw_table_cell(t, "%sB parameters, %sB active (%s)",
                      aw_fmt_num(view, in->params_total / 1e9, AW_SIG).s,
                      aw_fmt_num(view, in->params_active / 1e9, AW_SIG).s, in->model_confidence);
    }
    aw_table_cell(t, "GPU time");
    aw_table_cell(t, "%s GPU-seconds charged to the request",
                  aw_fmt_num(view, in->topdown.gpu_seconds, AW_SIG).s);
    if (in->topdown.flop > 0) {
        aw_table_cell(t, "flops");
        aw_table_cell(t, "%s on %s at %s (%s) x utilisation %s (prompt %s)",
                      aw_fmt_si(view, in->topdown.flop, "FLOP", AW_SIG).s, in->hardware_id,
                      aw_fmt_si(view, in->peak_tflops_per_gpu * 1e12, "FLOP/s", AW_SIG).s,
                      in->compute_precision,
                      aw_fmt_num(view, in->topdown.flop_utilisation, AW_SIG).s,
                      aw_fmt_num(view, in->topdown.prefill_utilisation, AW_SIG).s);
    }
    if (in->topdown.power_w_per_gpu > 0) {
        aw_table_cell(t, "power");
        aw_table_cell(t, "%s rated per GPU (host share included) x load factor %s",
                      aw_fmt_si(view, in->topdown.power_w_per_gpu, "W", AW_SIG).s,
                      aw_fmt_num(view, in->topdown.load_factor, AW_SIG).s);
    }
    if (in->topdown.servers > 0) {
        aw_table_cell(t, "fleet");
        aw_table_cell(t, "%s servers x %s nameplate x %s h / %s requests",
                      aw_fmt_count(view, in->topdown.servers, 0).s,
                      aw_fmt_si(view, in->topdown.server_power_w, "W", AW_SIG).s,
                      aw_fmt_num(view, in->topdown.hours, AW_SIG).s,
                      aw_fmt_count(view, in->topdown.requests, AW_SIG).s);
    }
    if (in->topdown.ecologits_batch > 0) {
        aw_table_cell(t, "ecologits");
        aw_table_cell(t, "%d GPUs (power-of-two rule), batch %s, latency %s, %s per GPU", in->gpus,
                      aw_fmt_count(view, in->topdown.ecologits_batch, 0).s,
                      aw_fmt_time(view, in->topdown.ecologits_latency_s, AW_SIG).s,
                      aw_fmt_energy(view, in->topdown.gpu_energy_wh_per_gpu, AW_SIG).s);
    }
    aw_table_cell(t, "data centre");
    aw_table_cell(t, "%s: PUE %s, WUE %s L/kWh", in->datacenter_id,
                  aw_fmt_num(view, in->pue, AW_SIG).s,
                  aw_fmt_num(view, in->wue_l_per_kwh, AW_SIG).s);
    aw_table_done(t, stdout);
    printf("\n");
    aw_text_print(view, stdout, 0, 2, "boundary: %s", in->topdown.boundary_note);
    aw_text_print(view, stdout, 0, 2, "formulas: docs/methodology.md, section Methods");
}
