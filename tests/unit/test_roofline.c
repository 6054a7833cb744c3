/*
 * test_roofline.c - each formula of the roofline estimator against values
 * computed by hand (the arithmetic is in the comments).
 */
#include "test_support.h"
#include "arch_fixtures.h"
#include "estimate/roofline.h"

static void test_experts_touched(void **state)
{
    (void)state;
    /* One token touches exactly top-k experts. */
    assert_close(aw__experts_touched(256, 8, 1), 8.0, 1e-12);
    /* Mixtral, 2 tokens: 8 (1 - (6/8)^2) = 8 x 0.4375 = 3.5. */
    assert_close(aw__experts_touched(8, 2, 2), 3.5, 1e-12);
    /* DeepSeek-V3 at batch 64: 256 (1 - (248/256)^64) = 222.3 (estimation.md table: 222). */
    assert_close(aw__experts_touched(256, 8, 64), 222.27, 1e-3);
    /* Qwen3-235B at batch 16: 128 (1 - (120/128)^16) = 128 x 0.64393 = 82.42 (table: 82). */
    assert_close(aw__experts_touched(128, 8, 16), 82.4225, 1e-4);
    assert_close(aw__experts_touched(0, 0, 10), 0.0, 0);
}

static void test_kv_bytes(void **state)
{
    (void)state;
    struct aw__arch a = dense_10b_arch();
    /* 2 (K and V) x 8 heads x 128 dims x 2 bytes = 4096 B per layer; x 40 layers. */
    assert_close(aw__kv_bytes_per_token(&a, 2.0), 163840.0, 1e-12);
    assert_close(aw__kv_bytes(&a, 1000, 2.0), 163840.0 * 1000, 1e-12);
    /* Half the layers with a 128-token window: 20 x 1000 + 20 x 128 = 22560
     * token-layers x 4096 B. */
    a.layers_local = 20;
    a.window = 128;
    assert_close(aw__kv_bytes(&a, 1000, 2.0), 22560.0 * 4096, 1e-12);
    /* MLA (DeepSeek-V3): 61 layers x 576 x 2 B = 70272 B per token (68.6 KiB). */
    struct aw__arch mla = dense_10b_arch();
    mla.layers = 61;
    mla.mla_kv_dim = 576;
    assert_close(aw__kv_bytes_per_token(&mla, 2.0), 70272.0, 1e-12);
}

/* A hybrid as the catalog gives it: 4 attention layers (8 KV heads of 128)
 * and 27 Mamba-2 layers of 128 heads x 80 dims x state 128 at 4 B (the
 * Nemotron Nano 9B v2 layout): 27 x 128 x 80 x 128 x 4 = 141,557,760 B of
 * state per sequence, whatever the context. At 1000 tokens the KV cache is
 * only 4 x 4096 x 1000 = 16,384,000 B. */
static void test_hybrid_state(void **state)
{
    (void)state;
    struct aw_model m = {
        .params_total = {.value = 8.88e9, .set = 1},
        .params_active = {.value = 8.88e9, .set = 1},
        .layers = 4, .heads_q = 40, .heads_kv = 8, .head_dim = 128, .d_model = 4480,
        .ssm_layers = 27, .ssm_heads = 128, .ssm_head_dim = 80, .ssm_state_dim = 128,
        .ssm_state_bytes = {.value = 4, .set = 1},
    };
    struct aw__arch a;
    aw__arch_from_model(&m, &a);
    assert_int_equal(a.layers, 4);
    assert_int_equal(a.ssm_layers, 27);
    assert_close(a.ssm_state_bytes, 141557760.0, 1e-12);
    assert_close(aw__kv_bytes(&a, 1000, 2.0), 16384000.0, 1e-12);
    assert_close(aw__sequence_bytes(&a, 1000, 2.0), 16384000.0 + 141557760.0, 1e-12);
    assert_close(aw__sequence_bytes(&a, 10, 2.0), 163840.0 + 141557760.0, 1e-12);
    /* A transformer holds no state beyond its KV cache. */
    struct aw__arch t = dense_10b_arch();
    assert_close(aw__sequence_bytes(&t, 1000, 2.0), 163840.0 * 1000, 1e-12);
}

static void test_flops(void **state)
{
    (void)state;
    struct aw__arch a = dense_10b_arch();
    /* Decode at context 1000: 2 x 1e10 + 4 x 4096 x 40 x 1000 = 2e10 + 6.5536e8. */
    assert_close(aw__decode_flop_per_token(&a, 1000), 2.065536e10, 1e-12);
    /* Prefill of 1000 tokens: 2 x 1e10 x 1000 + 1000 x 4 x 4096 x 40 x 500.5
     * = 2e13 + 3.2800768e11. */
    assert_close(aw__prefill_flop(&a, 1000, 0), 2.0e13 + 3.2800768e11, 1e-12);
    /* 500 new tokens after 500 cached: mean context 500 + 250.5 = 750.5. */
    assert_close(aw__prefill_flop(&a, 500, 500), 1.0e13 + 500 * 655360.0 * 750.5, 1e-12);
    assert_close(aw__prefill_flop(&a, 0, 100), 0.0, 0);
}

static void test_weights_read_moe(void **state)
{
    (void)state;
    /* moe_100b_arch's model as the catalog describes it. */
    const struct aw_model m = {
        .params_total = {.value = 100e9},
        .params_active = {.value = 10e9, .set = 1},
        .layers = 40, .heads_q = 32, .heads_kv = 8, .head_dim = 128,
        .experts = 64, .experts_active = 4,
    };
    struct aw__arch a;
    aw__arch_from_model(&m, &a);
    /* Routed total = (100 - 10) x 64 / 60 = 96e9; one expert = 1.5e9;
     * dense part = 4e9; active check: 4 + 4 x 1.5 = 10. */
    assert_close(a.expert_params, 1.5e9, 1e-12);
    assert_close(a.dense_params, 4e9, 1e-12);
    /* Batch 1 reads the active weights only: 10e9 x 2 B. */
    assert_close(aw__weights_read_bytes(&a, 2.0, 1), 20e9, 1e-12);
    /* A huge batch touches every expert: all 100e9 weights. */
    assert_close(aw__weights_read_bytes(&a, 2.0, 1e6), 200e9, 1e-9);
    /* Dense: always all weights. */
    struct aw__arch d = dense_10b_arch();
    assert_close(aw__weights_read_bytes(&d, 1.0, 1), 10e9, 1e-12);
}

static void test_power_and_precision(void **state)
{
    (void)state;
    assert_close(aw__power_w(100, 800, 0.5), 450.0, 1e-12);
    assert_close(aw__power_w(100, 800, 2.0), 800.0, 1e-12);
    assert_close(aw__power_w(100, 800, -1.0), 100.0, 1e-12);

    struct aw_hardware hopper = {0};
    hopper.peak_tflops[AW_PREC_BF16].set = 1;
    hopper.peak_tflops[AW_PREC_FP8].set = 1;
    hopper.peak_tflops[AW_PREC_INT8].set = 1;
    /* FP4 weights on Hopper (no FP4 tensor cores) are widened to 16 bits in
     * the kernel, not computed in FP8; INT4 (GPTQ, AWQ) is weight-only, so
     * 16-bit even where an INT4 peak exists. */
    assert_int_equal(aw__compute_precision(&hopper, AW_PREC_FP4), AW_PREC_BF16);
    assert_int_equal(aw__compute_precision(&hopper, AW_PREC_INT4), AW_PREC_BF16);
    assert_int_equal(aw__compute_precision(&hopper, AW_PREC_FP8), AW_PREC_FP8);
    assert_int_equal(aw__compute_precision(&hopper, AW_PREC_INT8), AW_PREC_INT8);
    struct aw_hardware blackwell = hopper;
    blackwell.peak_tflops[AW_PREC_FP4].set = 1;
    blackwell.peak_tflops[AW_PREC_INT4].set = 1;
    assert_int_equal(aw__compute_precision(&blackwell, AW_PREC_FP4), AW_PREC_FP4);
    assert_int_equal(aw__compute_precision(&blackwell, AW_PREC_INT4), AW_PREC_BF16);
    struct aw_hardware ampere = {0};
    ampere.peak_tflops[AW_PREC_BF16].set = 1;
    ampere.peak_tflops[AW_PREC_INT8].set = 1;
    /* FP8 on Ampere: no native FP8, computed in BF16; FP4 likewise. */
    assert_int_equal(aw__compute_precision(&ampere, AW_PREC_FP8), AW_PREC_BF16);
    assert_int_equal(aw__compute_precision(&ampere, AW_PREC_FP4), AW_PREC_BF16);
    assert_close(aw_precision_bytes(AW_PREC_FP8), 1.0, 0);
    assert_close(aw_precision_bytes(AW_PREC_BF16), 2.0, 0);
}

static void test_derived_architecture(void **state)
{
    (void)state;
    struct aw__arch a;
    /* 70e9 / (12.75 x 16384) = 335,100 -> cube root 69.5 -> 69 or 70 layers. */
    aw__arch_from_params(70e9, 0, &a);
    assert_true(a.layers >= 69 && a.layers <= 70);
    assert_int_equal(a.heads_kv, 8);
    assert_int_equal(a.d_attn, a.layers * 128);
    assert_true(a.derived);
}

TEST_MAIN(cmocka_unit_test(test_experts_touched),
          cmocka_unit_test(test_kv_bytes),
          cmocka_unit_test(test_hybrid_state),
          cmocka_unit_test(test_flops),
          cmocka_unit_test(test_weights_read_moe),
          cmocka_unit_test(test_power_and_precision),
          cmocka_unit_test(test_derived_architecture))
