/*
 * test_scenario.c - long context, prompt cache, images in, reasoning
 * defaults, query mixes and agent sessions, against hand-computed values.
 */
#include <string.h>
#include "test_support.h"
#include "group_catalog.h"
#include "estimate/roofline.h"

/* The minimal fixture with the scenario models over it. */
static int setup(void **state)
{
    struct aw_diag diag;
    if (minimal_catalog_setup(state) != 0)
        return 1;
    return aw_catalog_merge_file(cat, AW_TEST_FIXTURES "/catalog/scenario.json", &diag) != AW_OK;
}

static void test_image_tokens(void **state)
{
    (void)state;
    const struct aw_model *vl = aw_catalog_find_model(cat, "vl-10b");
    /* ViT: 28 px per token: ceil(1024/28) = 37 -> 37 x 37 = 1369, capped at 1024. */
    assert_int_equal(aw__image_tokens(vl, 1024, 1024), 1024);
    /* 448 x 280: 16 x 10 = 160. */
    assert_int_equal(aw__image_tokens(vl, 448, 280), 160);
    /* Encoder: 2 x 0.5e9 x (160 tokens x 2^2 patches) = 6.4e11 FLOP. */
    assert_close(aw__vision_flop(vl, 160), 6.4e11, 1e-12);
    const struct aw_model *tile = aw_catalog_find_model(cat, "tile-10b");
    /* OpenAI rule: 1024x1024 -> shortest side 768 -> 2 x 2 tiles -> 85 + 4 x 170 = 765. */
    assert_int_equal(aw__image_tokens(tile, 1024, 1024), 765);
    /* 4096x2048 -> fit 2048x1024 -> 1536x768 -> 3 x 2 tiles -> 85 + 6 x 170 = 1105. */
    assert_int_equal(aw__image_tokens(tile, 4096, 2048), 1105);
    /* 512x512 stays: one tile -> 255. */
    assert_int_equal(aw__image_tokens(tile, 512, 512), 255);
    const struct aw_model *text = aw_catalog_find_model(cat, "dense-10b");
    assert_int_equal(aw__image_tokens(text, 1024, 1024), 0);
}


/* Images become prompt tokens: the same estimate as a text prompt of that
 * many more tokens, plus the encoder. */
static void test_images_in(void **state)
{
    (void)state;
    struct aw_request req = request_for("vl-10b", "test-gpu");
    req.images_in = 1;
    req.image_in_width = 448;
    req.image_in_height = 280;
    struct aw_estimate img = estimate_ok(cat, &req);
    assert_int_equal(img.inputs.text.image_tokens, 160);
    /* Encoder: 6.4e11 / (1e15 x 0.55) = 1.16364 ms, compute-bound at
     * 100 + 700 x 0.88 = 716 W: 0.833164 J. */
    assert_close(img.inputs.text.vision_encoder_wh, 0.833164 / 3600, 1e-5);
    struct aw_request txt = request_for("vl-10b", "test-gpu");
    txt.input_tokens = AW_DEFAULT_INPUT_TOKENS + 160;
    struct aw_estimate same = estimate_ok(cat, &txt);
    assert_close(img.wh.accelerator_wh - img.inputs.text.vision_encoder_wh, same.wh.accelerator_wh,
                 1e-9);
    /* A text-only model refuses images with the reason. */
    req.model_id = "dense-10b";
    struct aw_diag diag;
    assert_int_equal(aw_estimate_request(cat, &req, &img, &diag), AW_E_INVALID);
    assert_non_null(strstr(diag.msg, "no vision encoder"));
}

/* Cached prompt tokens are attended to but not recomputed. */
static void test_prompt_cache(void **state)
{
    (void)state;
    struct aw_request req = request_for("dense-10b", "test-gpu");
    req.input_tokens = 1000;
    req.cached_tokens = 800;
    struct aw_estimate e = estimate_ok(cat, &req);
    /* 200 new tokens at mean context 800 + 100.5: 2 x 1e10 x 200 + 200 x 655360 x 900.5
     * = 4e12 + 1.18031e11 = 4.118031e12 FLOP / 5.5e14 = 7.48733 ms. */
    assert_close(e.inputs.text.prefill_s, 4.118031e12 / 5.5e14, 1e-6);
    req.cached_tokens = 1001;
    struct aw_diag diag;
    assert_int_equal(aw_estimate_request(cat, &req, &e, &diag), AW_E_RANGE);
    req.cached_tokens = -2;
    assert_int_equal(aw_estimate_request(cat, &req, &e, &diag), AW_E_RANGE);
    /* AW_UNSET: no cached tokens (the default, 0) */
    req.cached_tokens = AW_UNSET;
    struct aw_estimate none = estimate_ok(cat, &req);
    req.cached_tokens = 0;
    struct aw_estimate zero = estimate_ok(cat, &req);
    assert_close(none.inputs.text.prefill_s, zero.inputs.text.prefill_s, 0);
}

/* Reasoning: the model's default hidden tokens, decoded like output. */
static void test_reasoning_default(void **state)
{
    (void)state;
    struct aw_request req = request_for("vl-10b", "test-gpu");
    req.task = AW_TASK_REASONING;
    struct aw_estimate r = estimate_ok(cat, &req);
    assert_int_equal(r.inputs.reasoning_tokens, 1000);
    req.model_id = "dense-10b";
    r = estimate_ok(cat, &req);
    assert_int_equal(r.inputs.reasoning_tokens, 2500);
    req.reasoning_tokens = 0;
    r = estimate_ok(cat, &req);
    assert_int_equal(r.inputs.reasoning_tokens, 0);
}

/* The mix is the share-weighted mean of its kinds. */
static void test_mix(void **state)
{
    (void)state;
    struct aw_mix_result m;
    struct aw_diag diag;
    assert_int_equal(aw_mix_run(cat, "half-half", NULL, &m, &diag), AW_OK);
    assert_int_equal(m.n_kinds, 2);
    struct aw_request req = request_for("dense-10b", "test-gpu");
    req.output_tokens = 400;
    req.input_tokens = 400;
    struct aw_estimate shrt = estimate_ok(cat, &req);
    req.input_tokens = 4000;
    struct aw_estimate lng = estimate_ok(cat, &req);
    /* The short kind is the hand-computed request of test_estimate.c. */
    assert_close(shrt.wh.facility_wh, 0.0431840, 1e-5);
    assert_close(m.wh.facility_wh, 0.5 * shrt.wh.facility_wh + 0.5 * lng.wh.facility_wh, 1e-12);
    assert_close(m.co2_g, 0.5 * shrt.co2_g + 0.5 * lng.co2_g, 1e-12);
    assert_true(m.wh.facility_wh > shrt.wh.facility_wh);
    json_t *j = aw_mix_to_json(&m);
    assert_int_equal(json_array_size(json_object_get(j, "shares")), 2);
    json_decref(j);
    aw_mix_result_release(&m);
    /* Overrides apply to every kind. */
    struct aw_request ov = request_for(NULL, NULL);
    ov.pue = 1.5;
    assert_int_equal(aw_mix_run(cat, "half-half", &ov, &m, &diag), AW_OK);
    assert_close(m.wh.facility_wh, m.wh.it_wh * 1.5, 1e-12);
    aw_mix_result_release(&m);
    /* Malformed profiles are refused by the merge, with the reason, and
     * nothing of them is merged. */
    aw_catalog *bad = fixture_catalog("minimal.json");
    assert_non_null(bad);
    assert_int_equal(aw_catalog_merge_file(bad, AW_TEST_FIXTURES "/catalog/profile-bad-shares.json",
                                           &diag),
                     AW_E_PARSE);
    assert_non_null(strstr(diag.msg, "profiles 'bad-shares': field 'kinds': shares add up to "
                                     "0.7000, not 1"));
    assert_int_equal(aw_catalog_merge_file(bad, AW_TEST_FIXTURES "/catalog/profile-bad-key.json",
                                           &diag),
                     AW_E_PARSE);
    assert_non_null(strstr(diag.msg, "profiles 'bad-key' kind 1: \"tokens\": unknown key"));
    assert_int_equal(aw_mix_run(bad, "bad-shares", NULL, &m, &diag), AW_E_NOT_FOUND);
    aw_catalog_free(bad);
    assert_int_equal(aw_mix_run(cat, "half-hal", NULL, &m, &diag), AW_E_NOT_FOUND);
    assert_non_null(strstr(diag.hint, "half-half"));
}

/* Step i sees initial + (i-1) (output + tool) tokens; with the cache only
 * the newest tool output is new. */
static void test_agent(void **state)
{
    (void)state;
    struct aw_agent_spec spec;
    aw_agent_spec_init(&spec);
    spec.base.model_id = "dense-10b";
    spec.base.hardware_id = "test-gpu";
    spec.steps = 4;
    spec.initial_tokens = 1000;
    spec.tool_tokens = 500;
    spec.output_tokens = 100;
    struct aw_agent_result cached, uncached;
    struct aw_diag diag;
    assert_int_equal(aw_agent_run(cat, &spec, &cached, &diag), AW_OK);
    assert_int_equal(cached.n_steps, 4);
    assert_int_equal(cached.steps[0].input_tokens, 1000);
    assert_int_equal(cached.steps[0].cached_tokens, 0);
    assert_int_equal(cached.steps[3].input_tokens, 1000 + 3 * 600);
    assert_int_equal(cached.steps[3].cached_tokens, 1000 + 3 * 600 - 500);
    double sum = 0;
    for (int i = 0; i < 4; i++)
        sum += cached.steps[i].estimate.wh.facility_wh;
    assert_close(cached.wh.facility_wh, sum, 1e-12);
    /* From the second step on (the first computes its whole prompt), each step
     * costs more than the one before: the context is longer. */
    for (int i = 2; i < 4; i++)
        assert_true(cached.steps[i].estimate.wh.facility_wh >
                    cached.steps[i - 1].estimate.wh.facility_wh);
    spec.prompt_cache = 0;
    assert_int_equal(aw_agent_run(cat, &spec, &uncached, &diag), AW_OK);
    assert_int_equal(uncached.steps[3].cached_tokens, 0);
    assert_true(uncached.wh.facility_wh > cached.wh.facility_wh);
    aw_agent_result_release(&cached);
    aw_agent_result_release(&uncached);
    spec.steps = 0;
    assert_int_equal(aw_agent_run(cat, &spec, &cached, &diag), AW_E_RANGE);
}

/* The ordering a user expects, by construction, on the default catalog:
 * text < long context (10k) < reasoning. */
static void test_ordering_default_catalog(void **state)
{
    (void)state;
    aw_catalog *def = default_catalog();
    assert_non_null(def);
    struct aw_request req = request_for(NULL, NULL);
    struct aw_estimate text, longctx, reasoning;
    assert_int_equal(aw_estimate_request(def, &req, &text, NULL), AW_OK);
    req.input_tokens = 10000;
    assert_int_equal(aw_estimate_request(def, &req, &longctx, NULL), AW_OK);
    aw_request_init(&req);
    req.task = AW_TASK_REASONING;
    assert_int_equal(aw_estimate_request(def, &req, &reasoning, NULL), AW_OK);
    assert_true(text.wh.facility_wh < longctx.wh.facility_wh);
    assert_true(longctx.wh.facility_wh < reasoning.wh.facility_wh);
    aw_catalog_free(def);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_image_tokens),
        cmocka_unit_test(test_images_in),
        cmocka_unit_test(test_prompt_cache),
        cmocka_unit_test(test_reasoning_default),
        cmocka_unit_test(test_mix),
        cmocka_unit_test(test_agent),
        cmocka_unit_test(test_ordering_default_catalog),
    };
    return cmocka_run_group_tests(tests, setup, catalog_teardown);
}
