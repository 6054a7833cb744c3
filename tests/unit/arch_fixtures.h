/*
 * arch_fixtures.h - the model architectures the roofline and serving tests
 * compute their expected values from by hand (test_roofline.c,
 * test_serving.c): one definition, so the arithmetic in both files' comments
 * is about the same models.
 */
#ifndef AIWATT_ARCH_FIXTURES_H
#define AIWATT_ARCH_FIXTURES_H

#include "estimate/roofline.h"

/* The attention of both models: 40 layers, 32 query heads and 8 KV heads
 * of 128 dims (attention width 32 x 128 = 4096, the residual width too); the
 * designated initializers of a struct aw__arch. */
#define GQA_40_LAYERS_ATTENTION                                                              \
    .layers = 40, .heads_q = 32, .heads_kv = 8, .head_dim = 128, .d_attn = 32 * 128,         \
    .d_model = 4096

/* A dense 10B model with that attention. */
static inline struct aw__arch dense_10b_arch(void)
{
    return (struct aw__arch){
        GQA_40_LAYERS_ATTENTION,
        .params_total = 10e9, .params_active = 10e9, .dense_params = 10e9,
    };
}

/* A MoE of 100B total and 10B active with the same attention: 64 experts,
 * 4 active, in all 40 layers. Routed experts hold (100 - 10) x 64 / 60 =
 * 96e9 (1.5e9 each) and the dense part 4e9 (active: 4 + 4 x 1.5 = 10), as
 * aw__arch_from_model derives them (test_roofline.c checks it). */
static inline struct aw__arch moe_100b_arch(void)
{
    return (struct aw__arch){
        GQA_40_LAYERS_ATTENTION,
        .params_total = 100e9, .params_active = 10e9,
        .dense_params = 4e9, .expert_params = 1.5e9,
        .experts = 64, .experts_active = 4, .moe_layers = 40,
    };
}

#endif
