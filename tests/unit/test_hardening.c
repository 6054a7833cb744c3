/*
 * test_hardening.c - findings of a hardening pass on the library, each
 * fixed at its cause: lookups on an empty catalog (bsearch on a NULL
 * array), entry points that document a NULL diag but dereferenced it, and
 * huge numbers (through the C API's assumptions or a user's catalog) that
 * came out as NaN or infinite energy with AW_OK.
 */
#include <math.h>
#include <stddef.h>
#include <string.h>
#include "test_support.h"

/* Every lookup on an empty catalog finds nothing (it was bsearch on NULL,
 * which UBSan's nonnull-attribute check reports). */
static void test_empty_catalog_lookups(void **state)
{
    (void)state;
    aw_catalog *cat = NULL;
    assert_int_equal(aw_catalog_new(&cat), AW_OK);
    assert_null(aw_catalog_find_model(cat, "llama-3.1-8b"));
    assert_null(aw_catalog_find_hardware(cat, "h100-sxm"));
    assert_null(aw_catalog_find_server(cat, "x"));
    assert_null(aw_catalog_find_datacenter(cat, "hyperscale"));
    assert_null(aw_catalog_find_grid(cat, "us"));
    struct aw_request req = request_for(NULL, NULL);
    struct aw_estimate e;
    struct aw_diag diag;
    assert_int_equal(aw_estimate_request(cat, &req, &e, &diag), AW_E_NOT_FOUND);
    aw_catalog_free(cat);
}

/* aw_agent_run, aw_mix_run and aw_report_run accept a NULL diag, as every
 * entry point documents: a failure returns its status, no crash. */
static void test_null_diag(void **state)
{
    (void)state;
    aw_catalog *cat = fixture_catalog("minimal.json");
    assert_non_null(cat);
    struct aw_agent_spec spec;
    struct aw_agent_result agent;
    aw_agent_spec_init(&spec);
    spec.base.model_id = "no-such-model";
    assert_int_equal(aw_agent_run(cat, &spec, &agent, NULL), AW_E_NOT_FOUND);
    aw_agent_result_release(&agent);

    struct aw_mix_result mix;
    assert_int_not_equal(aw_mix_run(cat, "no-such-profile", NULL, &mix, NULL), AW_OK);
    aw_mix_result_release(&mix);

    struct aw_report report;
    struct aw_request overrides = request_for(NULL, "no-such-gpu");
    assert_int_not_equal(aw_report_run(cat, &overrides, &report, NULL), AW_OK);
    aw_catalog_free(cat);
}

/* The assumptions are bounded in one place (aw_request_check): NaN,
 * infinities, huge values and a zero that divides are refused, naming the
 * field. Before, max_power_w = 1e308 gave NaN Wh and host_power_w = inf
 * infinite Wh, both with AW_OK. */
static void test_assumption_bounds(void **state)
{
    (void)state;
    aw_catalog *cat = fixture_catalog("minimal.json");
    assert_non_null(cat);
    static const struct {
        size_t offset;
        const char *name;
        double bad;
    } cases[] = {
        {offsetof(struct aw_assumptions, max_power_w), "max_power_w", 1e308},
        {offsetof(struct aw_assumptions, host_power_w), "host_power_w", INFINITY},
        {offsetof(struct aw_assumptions, reserve_share), "reserve_share", INFINITY},
        {offsetof(struct aw_assumptions, water_l_per_kwh), "water_l_per_kwh", 1e308},
        {offsetof(struct aw_assumptions, bandwidth_utilisation), "bandwidth_utilisation", NAN},
        {offsetof(struct aw_assumptions, link_efficiency), "link_efficiency", 0},
        {offsetof(struct aw_assumptions, engine_overlap), "engine_overlap", 1.5},
    };
    struct aw_estimate e;
    struct aw_diag diag;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct aw_assumptions a;
        aw_assumptions_init(&a);
        *(double *)((char *)&a + cases[i].offset) = cases[i].bad;
        struct aw_request req = request_for("dense-10b", "test-gpu");
        req.assumptions = &a;
        assert_int_equal(aw_estimate_request(cat, &req, &e, &diag), AW_E_RANGE);
        assert_non_null(strstr(diag.msg, cases[i].name));
        assert_non_null(strstr(diag.msg, "out of range"));
    }
    /* In range, and negative (the default): accepted. */
    struct aw_assumptions a;
    aw_assumptions_init(&a);
    a.max_power_w = 900;
    a.engine_overlap = -1;
    struct aw_request req = request_for("dense-10b", "test-gpu");
    req.assumptions = &a;
    assert_int_equal(aw_estimate_request(cat, &req, &e, &diag), AW_OK);
    assert_true(isfinite(e.wh.facility_wh) && e.wh.facility_wh > 0);
    aw_catalog_free(cat);
}

/* The fixture catalog and a GPU whose max power is 1e308 W: finite and not
 * negative, so the catalog takes it, but any energy from it overflows. */
static aw_catalog *huge_gpu_catalog(void)
{
    aw_catalog *cat = fixture_catalog("minimal.json");
    assert_non_null(cat);
    static const char huge[] =
        "{\"schema\": \"aiwatt-catalog/1\", \"hardware\": [{\"id\": \"huge-gpu\", "
        "\"name\": \"Huge GPU\", \"memory_gb\": 100, \"bandwidth_tbs\": 2.0, "
        "\"tflops\": {\"bf16\": 1000}, \"max_power_w\": 1e308, \"idle_power_w\": 100, "
        "\"server\": \"test-server\", \"source\": \"test\", \"confidence\": \"estimate\"}]}";
    struct aw_diag diag;
    assert_int_equal(aw_catalog_merge_json(cat, huge, sizeof huge - 1, "huge.json", &diag), AW_OK);
    return cat;
}

/* A user's catalog number is only finite and not negative: a huge one
 * (max_power_w 1e308, read as is) made NaN energy with AW_OK; the estimate
 * now refuses a figure that is not finite, and writes none. */
static void test_huge_catalog_number(void **state)
{
    (void)state;
    aw_catalog *cat = huge_gpu_catalog();
    struct aw_diag diag;
    struct aw_request req = request_for("dense-10b", "huge-gpu");
    struct aw_estimate e;
    assert_int_equal(aw_estimate_request(cat, &req, &e, &diag), AW_E_RANGE);
    assert_non_null(strstr(diag.msg, "not a finite number"));
    assert_true(e.wh.facility_wh == 0 && e.co2_g == 0);
    aw_catalog_free(cat);
}

/* Each architecture integer is below 1e9, but their product, the attention
 * width heads_q x head_dim, is an int too: 32 x 100,000,000 overflowed it
 * (fuzz_catalog, lib/estimate/roofline.c). The catalog now refuses it. */
static void test_attention_width_bound(void **state)
{
    (void)state;
    aw_catalog *cat = fixture_catalog("minimal.json");
    assert_non_null(cat);
    static const char wide[] =
        "{\"schema\": \"aiwatt-catalog/1\", \"models\": [{\"id\": \"wide\", "
        "\"name\": \"Wide\", \"params_total\": 10e9, \"layers\": 40, \"heads_q\": 32, "
        "\"head_dim\": 100000000, \"source\": \"test\", \"confidence\": \"estimate\"}]}";
    struct aw_diag diag;
    assert_int_equal(aw_catalog_merge_json(cat, wide, sizeof wide - 1, "wide.json", &diag),
                     AW_E_PARSE);
    assert_non_null(strstr(diag.msg, "head_dim"));
    assert_non_null(strstr(diag.msg, "heads_q x head_dim must be below 1e9"));
    assert_null(aw_catalog_find_model(cat, "wide"));
    aw_catalog_free(cat);
}

/* The same huge hardware power in a training estimate gave infinite
 * energy, refused as "the run has no energy: check tokens and GPU-hours",
 * which named the wrong cause; it now says what is wrong, and the estimate
 * is left zeroed. */
static void test_huge_catalog_number_training(void **state)
{
    (void)state;
    aw_catalog *cat = huge_gpu_catalog();
    struct aw_diag diag;
    struct aw_train_request req;
    aw_train_request_init(&req);
    req.model_id = "dense-10b";
    req.hardware_id = "huge-gpu";
    req.gpu_hours = 1e6;
    struct aw_train_estimate e;
    assert_int_equal(aw_train_estimate(cat, &req, &e, &diag), AW_E_RANGE);
    assert_non_null(strstr(diag.msg, "not a finite number"));
    assert_non_null(strstr(diag.hint, "catalog"));
    assert_true(e.wh.facility_wh == 0 && e.inputs.gpu_hours == 0);
    aw_catalog_free(cat);
}

/* A closed model with no architecture gets one derived from its parameter
 * count; at 1e49 parameters its layer count (992,604,101) times 128
 * overflowed an int (fuzz_catalog). The catalog now bounds parameter
 * counts as a request does: at most 1e15, value and range. */
static void test_params_bound(void **state)
{
    (void)state;
    static const char *const models[] = {
        "{\"id\": \"vast\", \"name\": \"Vast\", \"params_total\": 1e49, "
        "\"source\": \"test\", \"confidence\": \"estimate\"}",
        "{\"id\": \"vast\", \"name\": \"Vast\", \"params_total\": {\"value\": 1e12, "
        "\"low\": 1e11, \"high\": 2e15}, \"source\": \"test\", \"confidence\": \"estimate\"}",
    };
    for (size_t i = 0; i < sizeof models / sizeof models[0]; i++) {
        aw_catalog *cat = fixture_catalog("minimal.json");
        assert_non_null(cat);
        char json[512];
        int n = snprintf(json, sizeof json, "{\"schema\": \"aiwatt-catalog/1\", \"models\": [%s]}",
                         models[i]);
        struct aw_diag diag;
        assert_int_equal(aw_catalog_merge_json(cat, json, (size_t)n, "vast.json", &diag),
                         AW_E_PARSE);
        assert_non_null(strstr(diag.msg, "params_total"));
        assert_non_null(strstr(diag.msg, "at most 1e15"));
        aw_catalog_free(cat);
    }
}

TEST_MAIN(cmocka_unit_test(test_empty_catalog_lookups),
          cmocka_unit_test(test_null_diag),
          cmocka_unit_test(test_assumption_bounds),
          cmocka_unit_test(test_huge_catalog_number),
          cmocka_unit_test(test_attention_width_bound),
          cmocka_unit_test(test_params_bound),
          cmocka_unit_test(test_huge_catalog_number_training))
