/*
 * roofline.c - the formulas behind the roofline estimator. Each is a pure
 * function of its arguments; the sources are in docs/methodology.md.
 */
#include <math.h>
#include "roofline.h"

void aw__arch_from_params(double params_total, double params_active, struct aw__arch *a)
{
    /* Llama-like shape (docs/methodology.md): N ~ 12.75 L d^2 with d = 128 L
     * (Llama 3.1 8B/70B/405B have d/L = 128, 102, 130), GQA with 8 KV heads
     * of 128 dims. Only the KV-cache size and the attention FLOPs depend on
     * this, and both are small next to the weights at chat lengths. */
    double n = params_active > 0 ? params_active : params_total;
    int layers = (int)lround(cbrt(n / (12.75 * 128.0 * 128.0)));
    if (layers < 2)
        layers = 2;
    int heads = layers; /* d = 128 L with 128-dim heads */
    if (heads < 8)
        heads = 8;
    *a = (struct aw__arch){0};
    a->params_total = params_total;
    a->params_active = params_active > 0 ? params_active : params_total;
    a->layers = layers;
    a->heads_q = heads;
    a->heads_kv = 8;
    a->head_dim = 128;
    a->d_attn = heads * 128;
    a->d_model = a->d_attn;
    a->dense_params = a->params_total;
    a->derived = 1;
}

static void arch_set_moe(struct aw__arch *a, int experts, int top_k)
{
    /* Routed experts hold the difference between total and active, scaled by
     * E / (E - k); everything else (attention, shared experts, embeddings,
     * router) is read every step. */
    a->experts = experts;
    a->experts_active = top_k;
    if (a->moe_layers <= 0)
        a->moe_layers = a->layers;
    double routed_total = (a->params_total - a->params_active) * experts / (double)(experts - top_k);
    a->expert_params = routed_total / experts;
    a->dense_params = a->params_total - routed_total;
    if (a->dense_params < 0) {
        a->dense_params = 0;
        a->expert_params = a->params_total / experts;
    }
}

double aw__ssm_state_bytes(const struct aw_model *m, double bytes_per_elem)
{
    if (m->ssm_layers <= 0)
        return 0;
    return (double)m->ssm_layers * m->ssm_heads * m->ssm_head_dim * m->ssm_state_dim *
           bytes_per_elem;
}

void aw__arch_from_model(const struct aw_model *m, struct aw__arch *a)
{
    double total = m->params_total.value;
    double active = m->params_active.set ? m->params_active.value : total;
    if (m->layers > 0 && m->heads_q > 0 && m->head_dim > 0) {
        *a = (struct aw__arch){0};
        a->params_total = total;
        a->params_active = active;
        a->layers = m->layers;
        a->layers_local = m->local_layers;
        a->window = m->sliding_window;
        a->heads_q = m->heads_q;
        a->heads_kv = m->heads_kv > 0 ? m->heads_kv : m->heads_q;
        a->head_dim = m->head_dim;
        a->d_attn = m->heads_q * m->head_dim;
        a->mla_kv_dim = m->mla_kv_dim;
        a->d_model = m->d_model > 0 ? m->d_model : a->d_attn;
        a->moe_layers = m->moe_layers;
        a->dense_params = total;
        a->ssm_layers = m->ssm_layers;
        a->ssm_state_bytes = aw__ssm_state_bytes(m, m->ssm_state_bytes.value);
    } else {
        aw__arch_from_params(total, active, a);
    }
    if (m->experts > 0 && m->experts_active > 0 && m->experts_active < m->experts &&
        active < total)
        arch_set_moe(a, m->experts, m->experts_active);
    else if (active < total * 0.999 && m->experts == 0) {
        /* A MoE whose expert count is not published: assume 16 experts,
         * top-2 (the GPT-4 leak's layout), stated in the methodology. */
        double ratio = active / total;
        int k = 2, e = 16;
        if (ratio < 0.1)
            e = 64, k = 4;
        arch_set_moe(a, e, k);
    }
}

void aw__arch_set_params(struct aw__arch *a, double params_total, double params_active)
{
    a->params_total = params_total;
    a->params_active = params_active;
    if (a->experts > 0 && params_active < params_total)
        arch_set_moe(a, a->experts, a->experts_active);
    else
        a->dense_params = params_total;
}

double aw__experts_touched(int experts, int top_k, double tokens)
{
    if (experts <= 0 || top_k <= 0)
        return 0;
    if (tokens <= 0)
        return 0;
    double miss = 1.0 - (double)top_k / experts;
    return experts * (1.0 - pow(miss, tokens));
}

double aw__weights_read_bytes(const struct aw__arch *a, double bytes_per_weight, double tokens)
{
    if (a->experts <= 0)
        return a->params_total * bytes_per_weight;
    double touched = aw__experts_touched(a->experts, a->experts_active, tokens);
    return (a->dense_params + touched * a->expert_params) * bytes_per_weight;
}

static double kv_bytes_per_token_per_layer(const struct aw__arch *a, double bytes_per_elem)
{
    if (a->mla_kv_dim > 0)
        return a->mla_kv_dim * bytes_per_elem;
    return 2.0 * a->heads_kv * a->head_dim * bytes_per_elem;
}

double aw__kv_bytes_per_token(const struct aw__arch *a, double bytes_per_elem)
{
    return a->layers * kv_bytes_per_token_per_layer(a, bytes_per_elem);
}

/* Context actually attended, summed over layers: global layers see all of
 * it, sliding-window layers at most the window. */
static double layer_context(const struct aw__arch *a, double ctx)
{
    int global = a->layers - a->layers_local;
    double local_ctx = a->window > 0 && ctx > a->window ? a->window : ctx;
    return global * ctx + a->layers_local * local_ctx;
}

double aw__kv_bytes(const struct aw__arch *a, double ctx, double bytes_per_elem)
{
    return kv_bytes_per_token_per_layer(a, bytes_per_elem) * layer_context(a, ctx);
}

double aw__sequence_bytes(const struct aw__arch *a, double ctx, double bytes_per_kv)
{
    return aw__kv_bytes(a, ctx, bytes_per_kv) + a->ssm_state_bytes;
}

double aw__attention_flop_per_token(const struct aw__arch *a, double ctx)
{
    /* QK^T and AV: 2 ctx d_attn FLOPs each, per layer. MLA in absorbed form
     * attends over the latent: about 2 ctx H_q (kv_dim + kv_lora) ~ 4 ctx
     * H_q kv_dim. */
    double width = a->mla_kv_dim > 0 ? (double)a->heads_q * a->mla_kv_dim : (double)a->d_attn;
    return 4.0 * width * layer_context(a, ctx);
}

double aw__prefill_flop(const struct aw__arch *a, double new_tokens, double cached_tokens)
{
    if (new_tokens <= 0)
        return 0;
    /* Token i (0-based, after `cached` tokens) attends to cached + i + 1
     * tokens; flash attention skips the masked half, so the sum over the new
     * tokens is the mean context times their count. For windowed layers the
     * context is capped per token; the mean of min(c, W) is close enough to
     * min(mean c, W) at the lengths where windows matter. */
    double mean_ctx = cached_tokens + (new_tokens + 1.0) / 2.0;
    return 2.0 * a->params_active * new_tokens +
           new_tokens * aw__attention_flop_per_token(a, mean_ctx);
}

double aw__decode_flop_per_token(const struct aw__arch *a, double ctx)
{
    return 2.0 * a->params_active + aw__attention_flop_per_token(a, ctx);
}

static long ceil_div(long a, long b) { return (a + b - 1) / b; }

long aw__image_tokens(const struct aw_model *m, int width_px, int height_px)
{
    if (!m->vision_params.set || width_px <= 0 || height_px <= 0)
        return 0;
    if (m->vision_patch_px > 0) {
        /* ViT with dynamic resolution (Qwen2-VL style): one token per
         * (patch x merge)^2 pixels. */
        long px = (long)m->vision_patch_px * m->vision_merge;
        long tokens = ceil_div(width_px, px) * ceil_div(height_px, px);
        if (m->vision_max_tokens > 0 && tokens > m->vision_max_tokens)
            tokens = m->vision_max_tokens;
        return tokens;
    }
    /* Tiles (OpenAI's published rule for GPT-4o-class models: fit in
     * 2048 x 2048, scale the shortest side down to 768, count 512-px tiles). */
    double w = width_px, h = height_px;
    if (m->vision_shortest_side_px > 0) {
        double fit = 2048.0 / (w > h ? w : h);
        if (fit < 1) {
            w *= fit;
            h *= fit;
        }
        double shortest = w < h ? w : h;
        if (shortest > m->vision_shortest_side_px) {
            double scale = m->vision_shortest_side_px / shortest;
            w *= scale;
            h *= scale;
        }
    }
    long tiles = ceil_div((long)ceil(w), m->vision_tile_px) * ceil_div((long)ceil(h), m->vision_tile_px);
    if (m->vision_max_tiles > 0 && tiles > m->vision_max_tiles)
        tiles = m->vision_max_tiles;
    return m->vision_base_tokens + tiles * (long)m->vision_tokens_per_tile;
}

double aw__vision_flop(const struct aw_model *m, long tokens)
{
    if (!m->vision_params.set || tokens <= 0)
        return 0;
    double merge = m->vision_merge > 0 ? m->vision_merge : 1;
    return 2.0 * m->vision_params.value * tokens * merge * merge;
}

double aw__power_w(double idle_w, double max_w, double load_fraction)
{
    if (load_fraction < 0)
        load_fraction = 0;
    if (load_fraction > 1)
        load_fraction = 1;
    return idle_w + (max_w - idle_w) * load_fraction;
}

enum aw_precision aw__compute_precision(const struct aw_hardware *hw, enum aw_precision weights)
{
    switch (weights) {
    case AW_PREC_INT4:
        /* GPTQ and AWQ are weight-only (W4A16): the kernels widen the
         * weights to 16 bits and multiply there, even on chips with INT4
         * tensor cores (arXiv:2210.17323, arXiv:2306.00978, and the Marlin
         * FP16xINT4 kernel, arXiv:2408.11743). */
        return AW_PREC_BF16;
    case AW_PREC_FP4:
        /* Native on chips with FP4 tensor cores (Blackwell); elsewhere
         * FP4 weights are widened in the kernel as INT4 ones are (vLLM runs
         * gpt-oss's MXFP4 experts on Hopper with Triton's 16-bit kernels:
         * https://blog.vllm.ai/2025/08/05/gpt-oss.html). */
        return hw->peak_tflops[AW_PREC_FP4].set ? AW_PREC_FP4 : AW_PREC_BF16;
    case AW_PREC_FP8:
    case AW_PREC_INT8:
    case AW_PREC_TF32:
        if (hw->peak_tflops[weights].set)
            return weights;
        return weights == AW_PREC_TF32 ? AW_PREC_FP32 : AW_PREC_BF16;
    default:
        return weights;
    }
}
