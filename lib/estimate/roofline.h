/*
 * roofline.h - the formulas of the roofline estimator, as pure functions
 * (internal; tested one by one in tests/unit/test_roofline.c).
 */
#ifndef AIWATT_ROOFLINE_H
#define AIWATT_ROOFLINE_H

#include "aiwatt/catalog.h"

/* The architecture the formulas need, resolved from a catalog model or
 * derived from a parameter count. */
struct aw__arch {
    double params_total;
    double params_active;
    int layers;
    int layers_local;     /* layers with a sliding window */
    int window;           /* sliding window, tokens (0: none) */
    int d_attn;           /* heads_q x head_dim */
    int d_model;          /* residual width (activations communicated) */
    int moe_layers;       /* layers with routed experts */
    int heads_q;
    int heads_kv;
    int head_dim;
    int mla_kv_dim;       /* 0 unless MLA */
    int experts;          /* routed experts (0: dense) */
    int experts_active;
    double dense_params;  /* everything but routed experts */
    double expert_params; /* one routed expert, summed over layers */
    int derived;          /* 1 when layers etc. were derived from params */
    int ssm_layers;       /* state-space layers (hybrids; layers: attention only) */
    double ssm_state_bytes; /* recurrent state per sequence, all SSM layers */
};

/* The recurrent state one sequence holds in a hybrid's state-space layers,
 * at `bytes_per_elem` bytes per element (0 for a transformer). */
double aw__ssm_state_bytes(const struct aw_model *m, double bytes_per_elem);

/* Fills `arch` from a catalog model; where the model gives no architecture
 * (closed models, --params), derives a Llama-like one from the active
 * parameter count (docs/methodology.md, "Derived architecture"). */
void aw__arch_from_model(const struct aw_model *m, struct aw__arch *arch);
void aw__arch_from_params(double params_total, double params_active, struct aw__arch *arch);

/* Rescales an architecture to new total and active parameter counts,
 * keeping its shape and expert layout. */
void aw__arch_set_params(struct aw__arch *arch, double params_total, double params_active);

/* Expected distinct routed experts touched per layer when `tokens` tokens
 * are routed top-k among E experts uniformly: E (1 - (1 - k/E)^tokens). */
double aw__experts_touched(int experts, int top_k, double tokens);

/* Weight bytes read in one decode step with `tokens` tokens in flight. */
double aw__weights_read_bytes(const struct aw__arch *a, double bytes_per_weight, double tokens);

/* KV-cache bytes held by one sequence at context `ctx` tokens. */
double aw__kv_bytes(const struct aw__arch *a, double ctx, double bytes_per_elem);

/* Memory one sequence holds at context `ctx`: its KV cache plus, in a
 * hybrid model, its fixed recurrent state. */
double aw__sequence_bytes(const struct aw__arch *a, double ctx, double bytes_per_kv);

/* KV-cache bytes per token at short context (all layers, no window). */
double aw__kv_bytes_per_token(const struct aw__arch *a, double bytes_per_elem);

/* Attention FLOPs (QK^T and AV) of one new token at context `ctx`. */
double aw__attention_flop_per_token(const struct aw__arch *a, double ctx);

/* FLOPs to prefill `new_tokens` after `cached_tokens` already in cache:
 * 2 N_act per token plus causal attention over the whole context. */
double aw__prefill_flop(const struct aw__arch *a, double new_tokens, double cached_tokens);

/* FLOPs of one decoded token at context `ctx`: 2 N_act + attention. */
double aw__decode_flop_per_token(const struct aw__arch *a, double ctx);

/* Prompt tokens one input image of width x height pixels becomes for a
 * vision-language model (0 when the model has no vision encoder). */
long aw__image_tokens(const struct aw_model *m, int width_px, int height_px);

/* Vision-encoder FLOPs for one image that became `tokens` prompt tokens:
 * 2 N_vision per patch, patches = tokens x merge^2. */
double aw__vision_flop(const struct aw_model *m, long tokens);

/* Accelerator power at a load fraction in [0, 1] of its idle-to-max range. */
double aw__power_w(double idle_w, double max_w, double load_fraction);

/* The precision the tensor cores run for weights stored at `weights`: fp8,
 * int8 and fp4 natively where the chip has a peak for them, else bf16; int4
 * always bf16 (the INT4 formats in use are weight-only). */
enum aw_precision aw__compute_precision(const struct aw_hardware *hw, enum aw_precision weights);

#endif
