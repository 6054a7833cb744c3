/*
 * test_estimate.c - the whole roofline estimate on the fixture catalog,
 * against values computed by hand, and every refusal.
 */
#include <string.h>
#include "test_support.h"
#include "group_catalog.h"

/*
 * dense-10b (40 layers, 8 KV heads x 128, d_attn 4096) on test-gpu (100 GB,
 * 2 TB/s, 1000 TFLOPS bf16, 100-800 W; server: 4 GPUs, 800 W host), 400 in /
 * 400 out, fixture engine "vllm" (2 ms + 20 us per sequence per step, no
 * overlap), MBU 0.8, MFU 0.55, activities 0.71 (memory), 0.88 (compute),
 * 0.57 (engine), operator overlap exponent p = 1.5 (an operator of memory
 * time m and compute time c takes (m^1.5 + c^1.5)^(1/1.5)):
 *   weights 20 GB; usable 90 GB; 20 / (90 x 0.7) < 1 -> 1 GPU
 *   KV/token 2 x 8 x 128 x 2 x 40 = 163,840 B; mean context 600 -> 98.304 MB
 *   batch_max = floor((90 - 20 - 2) GB / 98.304 MB) = 691; batch 64
 *   prefill latency: 2 x 1e10 x 400 + 400 x 4 x 4096 x 40 x 200.5
 *            = 8.05256e12 FLOP / (1e15 x 0.55) = 14.6410 ms
 *   chunked prefill: 64 x 400 prompt tokens over 400 steps = 64 per step
 *   step: weights m = 20e9 / 1.6e12 = 12.5 ms, c = 2e10 x 128 / 5.5e14 =
 *         4.654545 ms: 12.5 x (1 + 0.372364^1.5)^(1/1.5) = 14.32822 ms;
 *         KV m = 64 x 98.304e6 / 1.6e12 = 3.93216 ms, c = 64 x 655360 x
 *         (600 + 200.5) / 5.5e14 = 0.061046 ms: 3.937229 ms;
 *         engine 2 + 64 x 0.02 = 3.28 ms; step = 21.545447 ms
 *   activity over each operator's time: weights min(1, (0.71 x 12.5 +
 *         0.88 x 4.654545) / 14.32822) = 0.905277; KV (0.71 x 3.93216 +
 *         0.88 x 0.061046) / 3.937229 = 0.722730; engine 0.57:
 *         (14.32822 x 0.905277 + 3.937229 x 0.722730 + 3.28 x 0.57) /
 *         21.545447 = 0.820877; power = 100 + 700 x 0.820877 = 674.614 W
 *   request: 400 x 21.545447 ms x 674.614 W / 64 = 90.8428 J
 *         (decode alone, the same step without prompt tokens: weights
 *         13.16080 ms at 0.829965, KV 3.93545 ms at 0.719638, step
 *         20.376252 ms, activity 0.766809, 636.766 W: 81.0932 J;
 *         prefill share 9.7496 J)
 *   accelerator = 90.8428 / 3600 = 0.0252341 Wh
 *   host: 800 W / 4 = 200 W x 400 x 21.545447 ms / 64 = 26.9318 J
 *         -> server = 0.0327152 Wh
 *   it = x 1.1 = 0.0359867; facility = x 1.2 = 0.0431840 Wh
 *   carbon = 0.0431840 / 1000 x 400 = 0.0172736 g
 *   water = 0.0359867 x (0.5 + 1.2 x 2.0) = 0.1043614 mL
 */
static void test_dense_by_hand(void **state)
{
    (void)state;
    struct aw_request req = request_for("dense-10b", "test-gpu");
    req.output_tokens = 400;
    struct aw_estimate e;
    struct aw_diag diag;
    assert_int_equal(aw_estimate_request(cat, &req, &e, &diag), AW_OK);
    assert_int_equal(e.inputs.gpus, 1);
    assert_int_equal(e.inputs.batch_max, 691);
    assert_int_equal(e.inputs.batch, 64);
    assert_string_equal(e.inputs.text.engine_id, "vllm");
    assert_close(e.inputs.text.prefill_s, 0.0146410, 1e-4);
    assert_close(e.inputs.text.prefill_tokens_per_step, 64, 1e-9);
    assert_close(e.inputs.text.step_weights_s, 0.01432822, 1e-6);
    assert_close(e.inputs.text.step_attention_s, 0.003937229, 1e-6);
    assert_close(e.inputs.text.step_engine_s, 0.00328, 1e-6);
    assert_close(e.inputs.text.decode_step_s, 0.021545447, 1e-6);
    assert_close(e.inputs.text.decode_activity, 0.820877, 1e-5);
    assert_close(e.inputs.text.decode_power_w, 674.614, 1e-5);
    assert_close(e.inputs.text.prefill_wh, 9.7496 / 3600, 1e-4);
    assert_close(e.inputs.text.decode_wh, 81.0932 / 3600, 1e-4);
    assert_ladder(e.wh, 0.0252341, 0.0327152, 0.0359867, 0.0431840, 1e-5);
    assert_close(e.co2_g, 0.0172736, 1e-5);
    assert_close(e.water_ml, 0.1043614, 1e-5);
    assert_close(e.inputs.text.replica_tokens_per_s, 64 / 0.021545447, 1e-6);
    /* At p = 64 (its bound), as good as the roofline's max here, the
     * weights take their memory time alone, 12.5 ms, and the step
     * 12.5 + 3.93216 + 3.28 = 19.71216 ms. */
    struct aw_assumptions as;
    aw_assumptions_init(&as);
    as.operator_overlap_exponent = 64;
    req.assumptions = &as;
    assert_int_equal(aw_estimate_request(cat, &req, &e, &diag), AW_OK);
    assert_close(e.inputs.text.step_weights_s, 0.0125, 1e-6);
    assert_close(e.inputs.text.decode_step_s, 0.01971216, 1e-6);
    /* The ladder is cumulative. */
    assert_true(e.wh.accelerator_wh < e.wh.server_wh);
    assert_true(e.wh.server_wh < e.wh.it_wh);
    assert_true(e.wh.it_wh < e.wh.facility_wh);
}

/* An eager engine launches each layer's kernels from the CPU every step.
 * The case above on fixture engine "eager" (as "vllm", plus 0.5 ms per
 * layer): engine 2 + 40 x 0.5 + 64 x 0.02 = 23.28 ms; step 14.32822 +
 * 3.937229 + 23.28 = 41.545447 ms. Without the per-layer cost it is vllm's
 * step. */
static void test_eager_engine(void **state)
{
    (void)state;
    struct aw_request req = request_for("dense-10b", "test-gpu");
    req.output_tokens = 400;
    req.engine_id = "eager";
    struct aw_estimate e;
    struct aw_diag diag;
    assert_int_equal(aw_estimate_request(cat, &req, &e, &diag), AW_OK);
    assert_close(e.inputs.text.engine_per_layer_s, 0.0005, 1e-12);
    assert_close(e.inputs.text.step_engine_s, 0.02328, 1e-6);
    assert_close(e.inputs.text.decode_step_s, 0.041545447, 1e-6);
    struct aw_assumptions as;
    aw_assumptions_init(&as);
    as.engine_per_layer_s = 0;
    req.assumptions = &as;
    assert_int_equal(aw_estimate_request(cat, &req, &e, &diag), AW_OK);
    assert_close(e.inputs.text.step_engine_s, 0.00328, 1e-6);
    assert_close(e.inputs.text.decode_step_s, 0.021545447, 1e-6);
    /* An engine that replays graphs has no per-layer cost. */
    req.engine_id = "vllm";
    req.assumptions = NULL;
    assert_int_equal(aw_estimate_request(cat, &req, &e, &diag), AW_OK);
    assert_close(e.inputs.text.engine_per_layer_s, 0, 0);
}

/* Overrides flow through: PUE, grid intensity, WUE. */
static void test_overrides(void **state)
{
    (void)state;
    struct aw_request req = request_for("dense-10b", "tg");
    req.output_tokens = 400;
    req.pue = 1.5;
    req.grid_gco2_per_kwh = 100;
    req.wue_l_per_kwh = 0;
    struct aw_estimate e;
    assert_int_equal(aw_estimate_request(cat, &req, &e, NULL), AW_OK);
    assert_close(e.wh.facility_wh, 0.0359867 * 1.5, 1e-5);
    assert_close(e.co2_g, 0.0359867 * 1.5 / 1000 * 100, 1e-5);
    assert_close(e.water_ml, 0.0359867 * (0 + 1.5 * 2.0), 1e-5);
}

/* Batch amortises the weight reads: energy per request falls with batch,
 * and batch is capped by KV memory. */
static void test_batch(void **state)
{
    (void)state;
    struct aw_request req = request_for("dense-10b", "test-gpu");
    req.output_tokens = 400;
    double prev = 1e9;
    int batches[] = {1, 8, 64, 256};
    for (size_t i = 0; i < 4; i++) {
        req.batch = batches[i];
        struct aw_estimate e;
        assert_int_equal(aw_estimate_request(cat, &req, &e, NULL), AW_OK);
        assert_true(e.wh.accelerator_wh < prev);
        prev = e.wh.accelerator_wh;
    }
    req.batch = 100000;
    struct aw_estimate e;
    assert_int_equal(aw_estimate_request(cat, &req, &e, NULL), AW_OK);
    assert_int_equal(e.inputs.batch, 691);
}

/* MoE: cheaper per token than a dense model of the same total size at small
 * batch; the weights read per step grow with batch. */
static void test_moe(void **state)
{
    (void)state;
    struct aw_request req = request_for("moe-100b", "test-gpu");
    req.batch = 1;
    struct aw_estimate e1, e64;
    assert_int_equal(aw_estimate_request(cat, &req, &e1, NULL), AW_OK);
    /* 200 GB of weights: 200 / (90 x 0.7) = 3.2 -> 4 GPUs. */
    assert_int_equal(e1.inputs.gpus, 4);
    /* A step carries batch x (1 + 400/300) tokens (the prompts of new
     * sequences ride along, chunked prefill): routed experts touched
     * 64 (1 - (60/64)^t), on top of 4e9 dense parameters, x 2 B. At batch 1,
     * t = 2.333: 4e9 + 8.5 x 1.5e9, well under the 200 GB of all weights. */
    double t1 = 1 + 400.0 / 300.0;
    double touched1 = 64 * (1 - pow(60.0 / 64.0, t1));
    assert_close(e1.inputs.text.weights_read_gb_per_step, (4e9 + touched1 * 1.5e9) * 2 / 1e9, 1e-9);
    req.batch = 64;
    assert_int_equal(aw_estimate_request(cat, &req, &e64, NULL), AW_OK);
    double touched = 64 * (1 - pow(60.0 / 64.0, 64 * t1));
    assert_close(e64.inputs.text.weights_read_gb_per_step, (4e9 + touched * 1.5e9) * 2 / 1e9, 1e-9);
}

/* FP8 weights halve the bytes; on a chip without FP8 they compute in BF16. */
static void test_precision(void **state)
{
    (void)state;
    struct aw_request req = request_for("dense-10b", "old-gpu");
    req.precision = AW_PREC_FP8;
    struct aw_estimate e;
    assert_int_equal(aw_estimate_request(cat, &req, &e, NULL), AW_OK);
    assert_string_equal(e.inputs.precision, "fp8");
    assert_string_equal(e.inputs.compute_precision, "bf16");
    assert_close(e.inputs.weights_gb, 10.0, 1e-12);
    assert_close(e.inputs.peak_tflops_per_gpu, 300, 1e-12);
    req.hardware_id = "test-gpu";
    assert_int_equal(aw_estimate_request(cat, &req, &e, NULL), AW_OK);
    assert_string_equal(e.inputs.compute_precision, "fp8");
    assert_close(e.inputs.peak_tflops_per_gpu, 2000, 1e-12);
    /* The fixture's "vllm" keeps a 16-bit KV cache with FP8 weights, as
     * vLLM does unless told --kv-cache-dtype fp8; "provider" stores it in
     * FP8. The cache per token halves: 163,840 -> 81,920 B. */
    assert_string_equal(e.inputs.text.engine_id, "vllm");
    assert_string_equal(e.inputs.kv_precision, "bf16");
    assert_close(e.inputs.text.kv_bytes_per_token, 163840, 1e-12);
    req.engine_id = "provider";
    assert_int_equal(aw_estimate_request(cat, &req, &e, NULL), AW_OK);
    assert_string_equal(e.inputs.kv_precision, "fp8");
    assert_close(e.inputs.text.kv_bytes_per_token, 81920, 1e-12);
    /* A stated KV precision wins over the engine's: 16 bits on "provider",
     * FP8 on "vllm", and FP8 with BF16 weights. */
    req.kv_precision = AW_PREC_BF16;
    assert_int_equal(aw_estimate_request(cat, &req, &e, NULL), AW_OK);
    assert_string_equal(e.inputs.kv_precision, "bf16");
    assert_close(e.inputs.text.kv_bytes_per_token, 163840, 1e-12);
    req.engine_id = "vllm";
    req.kv_precision = AW_PREC_FP8;
    assert_int_equal(aw_estimate_request(cat, &req, &e, NULL), AW_OK);
    assert_close(e.inputs.text.kv_bytes_per_token, 81920, 1e-12);
    req.precision = AW_PREC_BF16;
    assert_int_equal(aw_estimate_request(cat, &req, &e, NULL), AW_OK);
    assert_string_equal(e.inputs.compute_precision, "bf16");
    assert_string_equal(e.inputs.kv_precision, "fp8");
    assert_close(e.inputs.text.kv_bytes_per_token, 81920, 1e-12);
    /* 4-bit weights: 0.53 B each (4.25 bits, group scales). The test GPU has
     * FP8 but no FP4 peak, so FP4 is widened to 16 bits, not computed in
     * FP8; INT4 (weight-only GPTQ/AWQ) computes at the 16-bit peak too. */
    req.kv_precision = AW_PREC_DEFAULT;
    req.precision = AW_PREC_FP4;
    assert_int_equal(aw_estimate_request(cat, &req, &e, NULL), AW_OK);
    assert_close(e.inputs.weights_gb, 5.3, 1e-12);
    assert_string_equal(e.inputs.compute_precision, "bf16");
    assert_close(e.inputs.peak_tflops_per_gpu, 1000, 1e-12);
    req.precision = AW_PREC_INT4;
    assert_int_equal(aw_estimate_request(cat, &req, &e, NULL), AW_OK);
    assert_string_equal(e.inputs.compute_precision, "bf16");
    assert_close(e.inputs.peak_tflops_per_gpu, 1000, 1e-12);
    req.kv_precision = AW_PREC_COUNT; /* not a precision: refused, not read */
    struct aw_diag diag;
    assert_int_equal(aw_estimate_request(cat, &req, &e, &diag), AW_E_INVALID);
    assert_non_null(strstr(diag.msg, "kv_precision '8'"));
}

/* A closed model without architecture gets a derived one. */
static void test_closed_model(void **state)
{
    (void)state;
    struct aw_request req = request_for("closed-100b", "test-gpu");
    struct aw_estimate e;
    assert_int_equal(aw_estimate_request(cat, &req, &e, NULL), AW_OK);
    assert_string_equal(e.inputs.model_confidence, "estimate");
    assert_true(e.wh.facility_wh > 0);
    /* A closed model is served by its maker's engine. */
    assert_string_equal(e.inputs.text.engine_id, "provider");
    /* --params works the same way (on the same engine). */
    aw_request_init(&req);
    req.params_total = 100e9;
    req.hardware_id = "test-gpu";
    req.engine_id = "provider";
    struct aw_estimate e2;
    assert_int_equal(aw_estimate_request(cat, &req, &e2, NULL), AW_OK);
    assert_string_equal(e2.inputs.model_id, "custom");
    assert_close(e2.wh.facility_wh, e.wh.facility_wh, 1e-9);
}

static void expect_refusal(struct aw_request *req, aw_status want, const char *needle)
{
    struct aw_estimate e;
    struct aw_diag diag;
    aw_status st = aw_estimate_request(cat, req, &e, &diag);
    assert_int_equal(st, want);
    if (strstr(diag.msg, needle) == NULL && strstr(diag.hint, needle) == NULL) {
        print_error("diag '%s' / '%s' lacks '%s'\n", diag.msg, diag.hint, needle);
        fail();
    }
}

static void test_refusals(void **state)
{
    (void)state;
    struct aw_request req = request_for("dense-1b", NULL);
    expect_refusal(&req, AW_E_NOT_FOUND, "dense-10b");
    aw_request_init(&req);
    req.model_id = "dense-10b";
    req.hardware_id = "test-gpx";
    expect_refusal(&req, AW_E_NOT_FOUND, "test-gpu");
    req.hardware_id = "test-gpu";
    req.input_tokens = -5;
    expect_refusal(&req, AW_E_RANGE,
                   "input_tokens '-5': expected a whole number of tokens, 0 to 100M");
    req.input_tokens = 0;
    req.output_tokens = 0;
    expect_refusal(&req, AW_E_RANGE, "no tokens");
    req.output_tokens = 200000;
    expect_refusal(&req, AW_E_RANGE, "context window");
    aw_request_init(&req);
    req.model_id = "moe-100b";
    req.hardware_id = "old-gpu";
    req.gpus = 2;
    expect_refusal(&req, AW_E_NOFIT, "--gpus 6");
    req.gpus = 0; /* not "automatic": that is AW_UNSET */
    expect_refusal(&req, AW_E_RANGE, "gpus '0': expected a whole number of GPUs, 1 to 1000000");
    req.gpus = -3;
    expect_refusal(&req, AW_E_RANGE, "gpus '-3': expected a whole number of GPUs, 1 to 1000000");
    aw_request_init(&req);
    req.model_id = "dense-10b";
    req.hardware_id = "test-gpu";
    req.datacenter_id = "hyperscal";
    expect_refusal(&req, AW_E_NOT_FOUND, "hyperscale");
    req.datacenter_id = NULL;
    req.pue = 0.5;
    expect_refusal(&req, AW_E_RANGE, "pue '0.5': expected a ratio from 1.0 to 5.0");
    aw_request_init(&req);
    req.params_total = 10e9;
    req.params_active = 20e9;
    expect_refusal(&req, AW_E_RANGE, "--active-params");
}

/* A size beyond any real range is refused with a hint that makes sense: the
 * GPU count it would need is not converted from a double out of range (it
 * was undefined behaviour, and the hint read "use --gpus -9223372036854775808"). */
static void test_size_out_of_range(void **state)
{
    (void)state;
    struct aw_request req;
    struct aw_assumptions as;
    aw_assumptions_init(&as);
    as.params_total = 1e300;
    aw_request_init(&req);
    req.model_id = "dense-10b";
    req.hardware_id = "test-gpu";
    req.assumptions = &as;
    /* The assumptions' bounds (1M to 1000T, as --params) come first. */
    expect_refusal(&req, AW_E_RANGE, "params_total");
    /* A user's catalog may still make a model that no placement holds (its
     * parameter counts are bounded like the request's, but a GPU's memory
     * only by being positive): the placement says it does not fit, without
     * overflowing the GPU count: 20 GB of weights on GPUs of 1e-291 bytes
     * need more GPUs than a double holds. */
    static const char tiny[] =
        "{\"schema\": \"aiwatt-catalog/1\", \"hardware\": [{\"id\": \"tiny-gpu\", "
        "\"name\": \"Tiny GPU\", \"memory_gb\": 1e-300, \"bandwidth_tbs\": 2.0, "
        "\"tflops\": {\"bf16\": 1000}, \"max_power_w\": 700, \"idle_power_w\": 100, "
        "\"server\": \"test-server\", \"source\": \"test\", \"confidence\": \"estimate\"}]}";
    struct aw_diag diag;
    aw_catalog *big = fixture_catalog("minimal.json");
    assert_non_null(big);
    assert_int_equal(aw_catalog_merge_json(big, tiny, sizeof tiny - 1, "tiny.json", &diag), AW_OK);
    aw_request_init(&req);
    req.model_id = "dense-10b";
    req.hardware_id = "tiny-gpu";
    struct aw_estimate e;
    assert_int_equal(aw_estimate_request(big, &req, &e, &diag), AW_E_NOFIT);
    assert_non_null(strstr(diag.msg, "1048576"));
    req.gpus = 8;
    assert_int_equal(aw_estimate_request(big, &req, &e, &diag), AW_E_NOFIT);
    assert_null(strstr(diag.hint, "--gpus -"));
    aw_catalog_free(big);
    /* The largest placement still works: 2^20 GPUs of 100 GB hold 6e16
     * bf16 weights at the 70 % share. */
    aw_request_init(&req);
    req.params_total = 1e13;
    req.hardware_id = "test-gpu";
    req.input_tokens = 10;
    req.output_tokens = 10;
    assert_int_equal(aw_estimate_request(cat, &req, &e, &diag), AW_OK);
    assert_int_equal(e.inputs.gpus, 512); /* 20e12 B / 63e9 = 317.5 -> 512 */
}

/*
 * A hybrid on test-gpu: dense-10b's size with 4 attention layers and 20
 * state-space layers of 32 heads x 64 x 128 elements of 4 B:
 *   state 20 x 32 x 64 x 128 x 4 = 20,971,520 B per sequence; KV 4 x 4096 B
 *   x 600 tokens = 9,830,400 B; a sequence holds 30,801,920 B, so
 *   batch_max = floor(68e9 / 30,801,920) = 2207;
 *   the step reads the KV and reads and writes the state:
 *   64 x (9,830,400 + 2 x 20,971,520) / 1.6e12 = 2.0709376 ms of memory
 *   time; with its 64 x 65,536 x (600 + 200.5) / 5.5e14 = 0.0061046 ms of
 *   FLOPs at p = 1.5: x (1 + 0.0029477^1.5)^(1/1.5) = 2.0711586 ms.
 * At 2 B per element (an engine that keeps 16 bits) the state halves:
 *   10,485,760 B; batch_max floor(68e9 / 20,316,160) = 3347; attention
 *   64 x 30,801,920 / 1.6e12 = 1.2320768 ms, with the FLOPs 1.2323632 ms.
 */
static void test_hybrid(void **state)
{
    (void)state;
    static const char hybrid[] =
        "{\"schema\": \"aiwatt-catalog/1\", \"models\": [{\"id\": \"hybrid-10b\", "
        "\"name\": \"Hybrid 10B\", \"open\": true, \"params_total\": 10e9, \"layers\": 4, "
        "\"d_model\": 4096, \"heads_q\": 32, \"heads_kv\": 8, \"head_dim\": 128, "
        "\"precision\": \"bf16\", \"ssm\": {\"layers\": 20, \"heads\": 32, \"head_dim\": 64, "
        "\"state_dim\": 128, \"state_bytes\": {\"value\": 4, \"low\": 2, \"high\": 4, "
        "\"source\": \"test\"}}, \"source\": \"test\", \"confidence\": \"confirmed\"}]}";
    struct aw_diag diag;
    aw_catalog *c = fixture_catalog("minimal.json");
    assert_non_null(c);
    assert_int_equal(aw_catalog_merge_json(c, hybrid, sizeof hybrid - 1, "h.json", &diag), AW_OK);
    struct aw_request req = request_for("hybrid-10b", "test-gpu");
    req.output_tokens = 400; /* 400 in, 400 out: mean context 600 */
    struct aw_estimate e;
    assert_int_equal(aw_estimate_request(c, &req, &e, &diag), AW_OK);
    assert_close(e.inputs.text.state_bytes_per_sequence, 20971520, 1e-12);
    assert_close(e.inputs.text.kv_bytes_per_token, 16384, 1e-12);
    assert_int_equal(e.inputs.batch_max, 2207);
    assert_close(e.inputs.text.step_attention_s, 2.0711586e-3, 1e-7);
    struct aw_assumptions as;
    aw_assumptions_init(&as);
    as.ssm_state_bytes = 2;
    req.assumptions = &as;
    assert_int_equal(aw_estimate_request(c, &req, &e, &diag), AW_OK);
    assert_close(e.inputs.text.state_bytes_per_sequence, 10485760, 1e-12);
    assert_int_equal(e.inputs.batch_max, 3347);
    assert_close(e.inputs.text.step_attention_s, 1.2323632e-3, 1e-7);
    as.ssm_state_bytes = 9; /* beyond 8 B an element: refused by name */
    assert_int_equal(aw_estimate_request(c, &req, &e, &diag), AW_E_RANGE);
    assert_non_null(strstr(diag.msg, "ssm_state_bytes"));
    aw_catalog_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dense_by_hand),
        cmocka_unit_test(test_eager_engine),
        cmocka_unit_test(test_overrides),
        cmocka_unit_test(test_batch),
        cmocka_unit_test(test_moe),
        cmocka_unit_test(test_precision),
        cmocka_unit_test(test_closed_model),
        cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_size_out_of_range),
        cmocka_unit_test(test_hybrid),
    };
    return cmocka_run_group_tests(tests, minimal_catalog_setup, catalog_teardown);
}
