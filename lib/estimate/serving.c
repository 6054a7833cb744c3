/*
 * serving.c - the decode step of a serving engine: operator times summed,
 * communication for tensor, expert and pipeline parallelism, the engine's
 * own per-step work, and activity-based power. Pure functions; sources and
 * fitted constants are in docs/methodology.md, section 2.4.
 */
#include <math.h>
#include "serving.h"

double aw__op_combine_s(double t_mem, double t_comp, double p)
{
    if (t_mem < 0)
        t_mem = 0;
    if (t_comp < 0)
        t_comp = 0;
    double hi = t_mem > t_comp ? t_mem : t_comp, lo = t_mem > t_comp ? t_comp : t_mem;
    if (hi <= 0)
        return 0;
    if (!(p >= 1)) /* unset (or below no overlap at all): the roofline's max */
        return hi;
    /* hi (1 + (lo/hi)^p)^(1/p): no overflow for any p, the max as p grows. */
    return hi * pow(1.0 + pow(lo / hi, p), 1.0 / p);
}

double aw__op_time_s(double bytes, double flop, double bytes_per_s, double flop_per_s, double p)
{
    double t_mem = bytes > 0 ? bytes / bytes_per_s : 0;
    double t_comp = flop > 0 ? flop / flop_per_s : 0;
    return aw__op_combine_s(t_mem, t_comp, p);
}

double aw__allreduce_s(double bytes, int ranks, double latency_s, double link_bytes_per_s)
{
    if (ranks <= 1)
        return 0;
    return latency_s + 2.0 * (ranks - 1) / ranks * bytes / link_bytes_per_s;
}

double aw__all_to_all_s(double bytes, int ranks, double latency_s, double link_bytes_per_s)
{
    if (ranks <= 1)
        return 0;
    return latency_s * log2((double)ranks) + (double)(ranks - 1) / ranks * bytes / link_bytes_per_s;
}

double aw__pipeline_bubble(int stages, int microbatches)
{
    /* In steady-state decode a stage is idle only when fewer micro-batches
     * are in flight than there are stages: p - m of p stages wait. */
    if (stages <= 1 || microbatches >= stages)
        return 0;
    if (microbatches < 1)
        microbatches = 1;
    return (double)(stages - microbatches) / stages;
}

double aw__engine_exposed_s(double fixed_s, double per_sequence_s, double batch, double overlap,
                            double gpu_s)
{
    double cpu_s = fixed_s + per_sequence_s * batch;
    double hidden = cpu_s < gpu_s ? cpu_s : gpu_s;
    if (overlap < 0)
        overlap = 0;
    if (overlap > 1)
        overlap = 1;
    return cpu_s - overlap * hidden;
}

/* Activity of an operator over its time t: a_mem t_mem / t + a_comp t_comp / t,
 * at most 1. */
static double activity_over(double t, double t_mem, double t_comp, double act_mem,
                            double act_comp)
{
    if (t <= 0)
        return 0;
    double a = act_mem * t_mem / t + act_comp * t_comp / t;
    return a < 1 ? a : 1;
}

double aw__op_activity(double t_mem, double t_comp, double p, double act_mem, double act_comp)
{
    return activity_over(aw__op_combine_s(t_mem, t_comp, p), t_mem, t_comp, act_mem, act_comp);
}

/* Adds an operator of time t (aw__op_combine_s of t_mem and t_comp) to the
 * memory and compute activity sums: its activity (aw__op_activity, over the
 * same t) split in proportion to the two terms. */
static void op_parts(double t, double t_mem, double t_comp, double act_mem, double act_comp,
                     double *mem, double *clocked)
{
    if (t <= 0)
        return;
    double m = act_mem * t_mem / t, c = act_comp * t_comp / t;
    if (m + c <= 0)
        return;
    double a = activity_over(t, t_mem, t_comp, act_mem, act_comp);
    *mem += t * a * m / (m + c);
    *clocked += t * a * c / (m + c);
}

void aw__decode_step(const struct aw__step_in *in, struct aw__step_out *out)
{
    const struct aw__arch *a = in->arch;
    int n = in->gpus > 0 ? in->gpus : 1;
    int pp = in->pp > 0 ? in->pp : 1;
    double clock = in->clock > 0 && in->clock <= 1 ? in->clock : 1;
    double tokens = in->batch + in->prefill_tokens;
    double mem_rate = in->bw * in->mbu;
    double gemm_rate = in->peak_flops * in->mfu * clock;
    double attn_rate = in->peak_attn_flops * in->mfu * clock;

    /* Weight GEMMs: every accelerator reads its share of the weights the
     * step's tokens touch (MoE: the experts they are routed to) and does its
     * share of 2 N_active FLOPs per token. */
    out->weights_read_bytes = aw__weights_read_bytes(a, in->bytes_per_weight, tokens);
    double w_bytes = out->weights_read_bytes / n;
    double w_flop = 2.0 * a->params_active * tokens / n;
    double w_mem_s = w_bytes / mem_rate, w_comp_s = w_flop / gemm_rate;
    out->weights_s = aw__op_combine_s(w_mem_s, w_comp_s, in->op_exponent);

    /* Attention: decoding sequences read their whole KV cache (memory-bound
     * even at large batch: arXiv:2503.08311); prompt tokens attend to their
     * prefix (compute). A hybrid's state-space layers read and write each
     * sequence's recurrent state once per step (the Mamba-2 decode update,
     * arXiv:2405.21060), whatever the context. */
    double seq_bytes = aw__kv_bytes(a, in->ctx_decode, in->bytes_per_kv) + 2.0 * a->ssm_state_bytes;
    double kv_bytes = in->batch * seq_bytes / n;
    double attn_flop = (in->batch * aw__attention_flop_per_token(a, in->ctx_decode) +
                        in->prefill_tokens * aw__attention_flop_per_token(a, in->ctx_prefill)) / n;
    double a_mem_s = kv_bytes / mem_rate, a_comp_s = attn_flop / attn_rate;
    out->attention_s = aw__op_combine_s(a_mem_s, a_comp_s, in->op_exponent);

    /* Communication. Activations travel in 16 bits. */
    double link = in->link_bytes_per_s * in->link_efficiency;
    double act_bytes = tokens * a->d_model * 2.0;
    double comm = 0;
    if (in->tp > 1) /* two all-reduces per layer (after attention and MLP); a hybrid's
                     * state-space layers count as attention layers */
        comm += 2.0 * (a->layers + a->ssm_layers) *
                aw__allreduce_s(act_bytes / pp, in->tp, in->link_latency_s, link);
    if (in->ep > 1 && a->experts > 0) /* dispatch and combine per MoE layer */
        comm += 2.0 * a->moe_layers *
                aw__all_to_all_s(act_bytes * a->experts_active / in->ep, in->ep,
                                 in->a2a_latency_s, link);
    if (pp > 1) /* activations handed from stage to stage */
        comm += (pp - 1) * (in->link_latency_s + act_bytes / pp / link) * pp;
    out->comm_s = comm;
    out->moe_s = a->experts > 0 ? a->moe_layers * in->moe_layer_overhead_s : 0;

    double work_s = out->weights_s + out->attention_s + out->comm_s + out->moe_s;
    int in_flight = in->batch < pp ? (int)(in->batch > 1 ? in->batch : 1) : pp;
    double bubble = aw__pipeline_bubble(pp, in_flight);
    out->bubble_s = bubble > 0 ? work_s * bubble / (1.0 - bubble) : 0;
    out->gpu_s = work_s + out->bubble_s;
    out->engine_s = aw__engine_exposed_s(in->engine_fixed_s, in->engine_per_seq_s, in->batch,
                                         in->engine_overlap, out->gpu_s);
    out->step_s = out->gpu_s + out->engine_s;
    out->compute_s = w_comp_s + a_comp_s;
    out->memory_s = w_mem_s + a_mem_s;

    /* Each operator's activity, split into its memory part (not scaled by
     * the SM clock) and its compute part (scaled). */
    double mem = 0, clocked = 0;
    op_parts(out->weights_s, w_mem_s, w_comp_s, in->act_mem, in->act_comp, &mem, &clocked);
    op_parts(out->attention_s, a_mem_s, a_comp_s, in->act_mem, in->act_comp, &mem, &clocked);
    mem += out->moe_s * in->act_mem;
    mem += (out->comm_s + out->bubble_s) * in->act_comm + out->engine_s * in->act_engine;
    out->activity_mem = out->step_s > 0 ? mem / out->step_s : 0;
    out->activity_clocked = out->step_s > 0 ? clocked / out->step_s : 0;
    out->activity = out->activity_mem + out->activity_clocked;
    if (out->activity > 1) {
        out->activity_mem /= out->activity;
        out->activity_clocked /= out->activity;
        out->activity = 1;
    }
}

double aw__step_power_w(double idle_w, double max_w, const struct aw__step_out *step,
                        double clock)
{
    double a = step->activity_mem + step->activity_clocked * clock * clock;
    if (a < 0)
        a = 0;
    if (a > 1)
        a = 1;
    return idle_w + (max_w - idle_w) * a;
}

double aw__capped_step(const struct aw__step_in *in, double idle_w, double max_w, double cap_w,
                       struct aw__step_out *out)
{
    struct aw__step_in s = *in;
    s.clock = 1;
    aw__decode_step(&s, out);
    if (cap_w <= 0 || aw__step_power_w(idle_w, max_w, out, 1) <= cap_w)
        return 1;
    /* Power rises with the clock; bisect for the highest clock under the
     * cap. The floor (1 % of nominal) is below any clock a GPU runs. */
    double lo = 0.01, hi = 1;
    for (int i = 0; i < 40; i++) {
        s.clock = (lo + hi) / 2;
        aw__decode_step(&s, out);
        if (aw__step_power_w(idle_w, max_w, out, s.clock) > cap_w)
            hi = s.clock;
        else
            lo = s.clock;
    }
    s.clock = lo;
    aw__decode_step(&s, out);
    return lo;
}
