/*
 * test_serving.c - the terms of the serving step (lib/estimate/serving.c),
 * each against values computed by hand.
 */
#include <math.h>
#include "test_support.h"
#include "arch_fixtures.h"
#include "estimate/serving.h"

/* One operator: (t_mem^p + t_comp^p)^(1/p), the roofline's max when p is
 * unset or very large, the sum at p = 1. */
static void test_op_time(void **state)
{
    (void)state;
    /* 2 GB at 1 TB/s = 2 ms; 1 TFLOP at 1 PFLOP/s = 1 ms. */
    assert_close(aw__op_time_s(2e9, 1e12, 1e12, 1e15, 0), 2e-3, 1e-12);
    assert_close(aw__op_time_s(1e9, 3e12, 1e12, 1e15, 0), 3e-3, 1e-12);
    assert_close(aw__op_time_s(2e9, 1e12, 1e12, 1e15, 1e6), 2e-3, 1e-12);
    assert_close(aw__op_time_s(2e9, 1e12, 1e12, 1e15, 1), 3e-3, 1e-12);
    /* p = 2: sqrt(4 + 1) ms; p = 1.5: (2^1.5 + 1)^(1/1.5) = 2.447261 ms. */
    assert_close(aw__op_time_s(2e9, 1e12, 1e12, 1e15, 2), 2.23606798e-3, 1e-8);
    assert_close(aw__op_time_s(2e9, 1e12, 1e12, 1e15, 1.5), 2.4472608e-3, 1e-7);
    /* At the ridge p = 1.5 gives 2^(2/3) = 1.587 x either. */
    assert_close(aw__op_combine_s(1e-3, 1e-3, 1.5), 1.5874011e-3, 1e-7);
    assert_close(aw__op_time_s(0, 0, 1e12, 1e15, 1.5), 0, 1e-12);
}

/* Ring all-reduce: alpha + 2 (n-1)/n S / B. */
static void test_allreduce(void **state)
{
    (void)state;
    /* 8 MB over 4 ranks, 10 us, 100 GB/s: 10 us + 1.5 x 8e6 / 1e11 = 130 us. */
    assert_close(aw__allreduce_s(8e6, 4, 10e-6, 100e9), 130e-6, 1e-9);
    /* One rank: nothing to reduce. */
    assert_close(aw__allreduce_s(8e6, 1, 10e-6, 100e9), 0, 1e-12);
}

/* Expert-parallel dispatch or combine: alpha log2(n) + (n-1)/n S / B. */
static void test_all_to_all(void **state)
{
    (void)state;
    /* 1 MB at EP 8, 26 us per doubling, 100 GB/s: 78 + 8.75 = 86.75 us
     * (the DeepEP README's low-latency dispatch: 77 us at EP 8). */
    assert_close(aw__all_to_all_s(1e6, 8, 26e-6, 100e9), 86.75e-6, 1e-9);
    assert_close(aw__all_to_all_s(1e6, 2, 26e-6, 100e9), 26e-6 + 5e-6, 1e-9);
    assert_close(aw__all_to_all_s(1e6, 1, 26e-6, 100e9), 0, 1e-12);
}

/* Pipeline stages idle while fewer micro-batches than stages are in flight. */
static void test_pipeline_bubble(void **state)
{
    (void)state;
    assert_close(aw__pipeline_bubble(4, 1), 0.75, 1e-12);
    assert_close(aw__pipeline_bubble(4, 2), 0.5, 1e-12);
    assert_close(aw__pipeline_bubble(4, 4), 0, 1e-12);
    assert_close(aw__pipeline_bubble(1, 1), 0, 1e-12);
}

/* Engine cost: 2 ms + 64 x 50 us = 5.2 ms of CPU work per step. */
static void test_engine_cost(void **state)
{
    (void)state;
    /* No overlap: all of it. */
    assert_close(aw__engine_exposed_s(2e-3, 50e-6, 64, 0, 10e-3), 5.2e-3, 1e-12);
    /* Full overlap behind a 10 ms GPU step: none; behind 3 ms: 2.2 ms. */
    assert_close(aw__engine_exposed_s(2e-3, 50e-6, 64, 1, 10e-3), 0, 1e-12);
    assert_close(aw__engine_exposed_s(2e-3, 50e-6, 64, 1, 3e-3), 2.2e-3, 1e-12);
    /* Half: 5.2 - 0.5 x 3 = 3.7 ms. */
    assert_close(aw__engine_exposed_s(2e-3, 50e-6, 64, 0.5, 3e-3), 3.7e-3, 1e-12);
}

/* Activity of one operator: a_mem t_mem / t + a_comp t_comp / t, at most 1. */
static void test_activity(void **state)
{
    (void)state;
    assert_close(aw__op_activity(10, 2, 0, 0.7, 0.88), 0.7 + 0.88 * 0.2, 1e-12);
    assert_close(aw__op_activity(1, 10, 0, 0.7, 0.88), 0.07 + 0.88, 1e-12);
    assert_close(aw__op_activity(10, 5, 0, 0.7, 0.88), 1, 1e-12); /* 1.14, capped */
    assert_close(aw__op_activity(0, 0, 0, 0.7, 0.88), 0, 1e-12);
    /* Over the operator's time at p = 1.5, (10^1.5 + 2^1.5)^(1/1.5) =
     * 10.587732: (0.7 x 10 + 0.88 x 2) / 10.587732 = 0.827373. */
    assert_close(aw__op_activity(10, 2, 1.5, 0.7, 0.88), 0.8273727, 1e-6);
    /* Power: idle + range x (memory part + compute part x clock^2). */
    struct aw__step_out step = {.activity_mem = 0.3, .activity_clocked = 0.2, .activity = 0.5};
    assert_close(aw__step_power_w(100, 800, &step, 1), 450, 1e-9);
    assert_close(aw__step_power_w(100, 800, &step, 0.5), 100 + 700 * (0.3 + 0.2 * 0.25), 1e-9);
}

/* The dense 10B model (arch_fixtures.h: 40 layers, d 4096, 8 KV heads x
 * 128) on two GPUs in tensor parallel (2 TB/s, 1 PFLOP/s, 100-800 W; link
 * 100 GB/s at 50 %, 10 us), batch 64 at context 600, engine 2 ms + 20 us
 * per sequence; operators at the roofline's max (op_exponent unset), so
 * the sums below read term by term. */
static struct aw__step_in step_input(const struct aw__arch *a)
{
    struct aw__step_in in = {
        .arch = a,
        .batch = 64,
        .ctx_decode = 600,
        .ctx_prefill = 200,
        .bytes_per_weight = 2,
        .bytes_per_kv = 2,
        .gpus = 2, .tp = 2, .ep = 1, .pp = 1,
        .bw = 2e12, .peak_flops = 1e15, .peak_attn_flops = 1e15,
        .mbu = 0.8, .mfu = 0.55,
        .link_bytes_per_s = 100e9, .link_efficiency = 0.5, .link_latency_s = 10e-6,
        .a2a_latency_s = 26e-6,
        .engine_fixed_s = 2e-3, .engine_per_seq_s = 20e-6, .engine_overlap = 0,
        .clock = 1,
        .act_mem = 0.7, .act_comp = 0.88, .act_comm = 0.34, .act_engine = 0.58,
    };
    return in;
}

/*
 * weights: 20 GB / 2 / (2e12 x 0.8) = 6.25 ms (compute 2e10 x 64 / 2 /
 *          5.5e14 = 1.1636 ms); KV: 64 x 98.304 MB / 2 / 1.6e12 = 1.96608 ms;
 * all-reduce: 64 x 4096 x 2 = 524,288 B; 10 us + 524,288 / 50e9 = 20.48576 us,
 *          x 2 x 40 layers = 1.6388608 ms; engine 2 + 64 x 0.02 = 3.28 ms;
 * step = 6.25 + 1.96608 + 1.6388608 + 3.28 = 13.1349408 ms.
 * activity = (6.25 x 0.86384 + 1.96608 x 0.71024 + 1.6388608 x 0.34
 *            + 3.28 x 0.58) / 13.1349408 = 0.704609; power 593.227 W.
 */
static void test_summed_step(void **state)
{
    (void)state;
    struct aw__arch a = dense_10b_arch();
    struct aw__step_in in = step_input(&a);
    struct aw__step_out out;
    aw__decode_step(&in, &out);
    assert_close(out.weights_s, 6.25e-3, 1e-9);
    assert_close(out.attention_s, 1.96608e-3, 1e-9);
    assert_close(out.comm_s, 1.6388608e-3, 1e-9);
    assert_close(out.engine_s, 3.28e-3, 1e-9);
    assert_close(out.step_s, 13.1349408e-3, 1e-9);
    assert_close(out.activity, 0.704609, 1e-5);
    /* Memory part (weights 6.25 x 0.7, KV 1.96608 x 0.7, waiting) 0.625117;
     * compute part (6.25 x 0.16384 + 1.96608 x 0.01024) / 13.13 = 0.079493. */
    assert_close(out.activity_mem, 0.625117, 1e-5);
    assert_close(out.activity_clocked, 0.079493, 1e-5);
    assert_close(aw__step_power_w(100, 800, &out, 1), 593.227, 1e-5);
    /* The sum, not the max: the step is longer than its longest operator. */
    assert_true(out.step_s > out.weights_s + out.attention_s);
    /* Memory and compute overlapping partly inside each operator (p = 1.5):
     * weights 6.25 x (1 + (1.1636364 / 6.25)^1.5)^(1/1.5) = 6.5804011 ms;
     * KV 1.96608 ms with 64 x 655,360 x 600 / 2 / 5.5e14 = 0.022878 ms of
     * FLOPs: 1.9677249 ms; step 6.5804011 + 1.9677249 + 1.6388608 + 3.28 =
     * 13.4669869 ms. */
    in.op_exponent = 1.5;
    aw__decode_step(&in, &out);
    assert_close(out.weights_s, 6.5804011e-3, 1e-7);
    assert_close(out.attention_s, 1.9677249e-3, 1e-7);
    assert_close(out.step_s, 13.4669869e-3, 1e-7);
}

/*
 * A hybrid on the same input: 8 attention and 32 state-space layers whose
 * recurrent state is 32 x 128 x 64 x 128 x 4 = 134,217,728 B per sequence.
 * Each step reads the KV cache (8 x 4096 x 600 = 19,660,800 B) and reads
 * and writes the state: 64 x (19,660,800 + 2 x 134,217,728) / 2 GPUs /
 * 1.6e12 = 5.76192512 ms. The all-reduces count 2 x (8 + 32) = 80 layers'
 * worth, as the 40-layer transformer's: 1.6388608 ms.
 */
static void test_hybrid_step(void **state)
{
    (void)state;
    struct aw__arch a = dense_10b_arch();
    a.layers = 8;
    a.ssm_layers = 32;
    a.ssm_state_bytes = 32.0 * 128 * 64 * 128 * 4;
    struct aw__step_in in = step_input(&a);
    struct aw__step_out out;
    aw__decode_step(&in, &out);
    assert_close(out.attention_s, 5.76192512e-3, 1e-9);
    assert_close(out.comm_s, 1.6388608e-3, 1e-9);
    assert_close(out.weights_s, 6.25e-3, 1e-9);
}

/*
 * A MoE (100B total, 10B active, 64 experts top-4: 4e9 dense + 64 x 1.5e9)
 * on 4 GPUs in expert parallel: per MoE layer a dispatch and a combine of
 * 64 x 4096 x 2 x 4 / 4 = 524,288 B per rank: 26 us x log2 4 + 3/4 x
 * 524,288 / 50e9 = 59.86432 us, x 2 x 40 = 4.7891456 ms.
 */
static void test_ep_dispatch(void **state)
{
    (void)state;
    struct aw__arch a = moe_100b_arch();
    struct aw__step_in in = step_input(&a);
    in.gpus = 4;
    in.tp = 1;
    in.ep = 4;
    struct aw__step_out out;
    aw__decode_step(&in, &out);
    assert_close(out.comm_s, 4.7891456e-3, 1e-9);
    /* Experts touched by 64 tokens: 64 (1 - (60/64)^64) = 63.07 of 64. */
    double touched = 64 * (1 - pow(60.0 / 64.0, 64));
    assert_close(out.weights_read_bytes, (4e9 + touched * 1.5e9) * 2, 1e-9);
    /* FP8 expert kernels: a fixed cost per MoE layer. */
    in.moe_layer_overhead_s = 100e-6;
    aw__decode_step(&in, &out);
    assert_close(out.moe_s, 4e-3, 1e-12);
}

/*
 * Power caps on the tensor-parallel step (593 W uncapped). Only the compute
 * part of the activity scales with the clock (x f^2), and compute operators
 * stretch as 1/f. 550 W: the clock falls to 0.4624 and the memory-bound
 * step keeps its 13.13 ms (activity 0.60796 + 0.16322 x f^2). 400 W: below
 * what the memory traffic draws at full speed, so the clock falls until the
 * weight GEMMs turn compute-bound and the step stretches: clock 0.11590,
 * step 16.925 ms. (Both by bisection, by hand.)
 */
static void test_power_cap(void **state)
{
    (void)state;
    struct aw__arch a = dense_10b_arch();
    struct aw__step_in in = step_input(&a);
    struct aw__step_out out;
    double clock = aw__capped_step(&in, 100, 800, 550, &out);
    assert_close(clock, 0.462409, 1e-4);
    assert_close(out.step_s, 13.1349408e-3, 1e-9);
    assert_close(aw__step_power_w(100, 800, &out, clock), 550, 1e-3);
    clock = aw__capped_step(&in, 100, 800, 400, &out);
    assert_close(clock, 0.115902, 1e-4);
    assert_close(out.step_s, 16.92475e-3, 1e-4);
    assert_close(aw__step_power_w(100, 800, &out, clock), 400, 1e-3);
    /* A cap above the step's power changes nothing. */
    assert_close(aw__capped_step(&in, 100, 800, 700, &out), 1, 1e-12);
    /* A compute-bound step slows under any binding cap. */
    in.batch = 1024;
    struct aw__step_out free_run, capped;
    aw__capped_step(&in, 100, 800, 0, &free_run);
    clock = aw__capped_step(&in, 100, 800, 500, &capped);
    assert_true(clock < 1);
    assert_true(capped.step_s > free_run.step_s * 1.05);
}

TEST_MAIN(cmocka_unit_test(test_op_time),         cmocka_unit_test(test_allreduce),
          cmocka_unit_test(test_all_to_all),      cmocka_unit_test(test_pipeline_bubble),
          cmocka_unit_test(test_engine_cost),     cmocka_unit_test(test_activity),
          cmocka_unit_test(test_summed_step),     cmocka_unit_test(test_ep_dispatch),
          cmocka_unit_test(test_hybrid_step),
          cmocka_unit_test(test_power_cap))
