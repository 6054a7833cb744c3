/*
 * test_impacts.c - the water split, market-based carbon and embodied
 * (manufacturing) impacts, on tests/fixtures/catalog/impacts.json, against
 * values computed by hand from docs/methodology.md, and their refusals.
 */
#include <stdlib.h>
#include <string.h>
#include "test_support.h"
#include "group_catalog.h"

/* The flops method on dense-10b / test-gpu, 400 in / 400 out, as in
 * test_methods.c, over `req`'s site and options: GPU time 0.16209846272 s,
 * and on the default site it 0.0393989322 Wh, facility 0.0472787186 Wh,
 * location-based carbon 0.0189114874 g at 400 g/kWh. */
static struct aw_estimate flops_by_hand(struct aw_request req)
{
    req.model_id = "dense-10b";
    req.hardware_id = "test-gpu";
    req.input_tokens = 400;
    req.output_tokens = 400;
    req.method = AW_METHOD_FLOPS;
    return estimate_ok(cat, &req);
}

/* on-site = it x WUE = 0.0393989322 x 0.5 = 0.0196994661 mL
 * off-site = it x PUE x grid water = 0.0393989322 x 1.2 x 2.0 = 0.0945574373 mL */
static void test_water_split_by_hand(void **state)
{
    (void)state;
    struct aw_estimate e = flops_by_hand(request_for(NULL, NULL));
    assert_close(e.water_onsite_ml, 0.0196994661, 1e-8);
    assert_close(e.water_offsite_ml, 0.0945574373, 1e-8);
    assert_close(e.water_ml, 0.114256903, 1e-8);
}

/* The roofline and diffusion estimators split water the same way. */
static void test_water_split_sums_every_task(void **state)
{
    (void)state;
    aw_catalog *def = default_catalog();
    assert_non_null(def);
    enum aw_task tasks[] = {AW_TASK_CHAT, AW_TASK_IMAGE};
    for (size_t i = 0; i < 2; i++) {
        struct aw_request req = request_for(NULL, NULL);
        struct aw_estimate e;
        struct aw_diag diag;
        req.task = tasks[i];
        assert_int_equal(aw_estimate_request(def, &req, &e, &diag), AW_OK);
        assert_close(e.water_onsite_ml, e.wh.it_wh * e.inputs.wue_l_per_kwh, 1e-12);
        assert_close(e.water_onsite_ml + e.water_offsite_ml, e.water_ml, 1e-12);
        assert_true(e.water_offsite_ml > 0);
    }
    aw_catalog_free(def);
}

/* No contract, no option: market-based = location-based (GHG Protocol's
 * grid-average fallback). --market-ci 50: 0.0472787186 / 1000 x 50 =
 * 0.00236393593 g. The contracted data centre (100 g/kWh): 0.00472787186 g. */
static void test_market_carbon_by_hand(void **state)
{
    (void)state;
    struct aw_estimate e = flops_by_hand(request_for(NULL, NULL));
    assert_close(e.co2_market_g, 0.0189114874, 1e-8);
    assert_string_equal(e.inputs.market_basis, "grid");

    struct aw_request req = request_for(NULL, NULL);
    req.market_gco2_per_kwh = 50;
    e = flops_by_hand(req);
    assert_close(e.co2_market_g, 0.00236393593, 1e-8);
    assert_close(e.co2_g, 0.0189114874, 1e-8); /* location-based unchanged */
    assert_string_equal(e.inputs.market_basis, "option");

    req = request_for(NULL, NULL);
    req.datacenter_id = "contracted";
    e = flops_by_hand(req);
    assert_close(e.co2_market_g, 0.00472787186, 1e-8);
    assert_close(e.inputs.market_gco2_per_kwh, 100, 1e-12);
    assert_string_equal(e.inputs.market_basis, "contract");

    /* The option wins over the contract; 0 (all hours matched) is allowed. */
    req.market_gco2_per_kwh = 0;
    e = flops_by_hand(req);
    assert_true(e.co2_market_g == 0);
}

static void test_market_carbon_refused(void **state)
{
    (void)state;
    struct aw_request req = request_for("dense-10b", "test-gpu");
    struct aw_estimate e;
    struct aw_diag diag;
    req.market_gco2_per_kwh = 6000;
    assert_int_equal(aw_estimate_request(cat, &req, &e, &diag), AW_E_RANGE);
    /* the field table's range and message (aiwatt/request.h) */
    assert_non_null(strstr(diag.msg, "market_ci '6000': expected 0-2000 gCO2e/kWh"));
    assert_non_null(strstr(diag.hint, "market-based"));
}

/* Per accelerator: 150 kg + 4000 kg / 4 = 1150 kgCO2e; 2000 + 60000 / 4 =
 * 17000 MJ; 0.005 + 0.3 / 4 = 0.08 kg Sb eq. Default lifetime 5 years
 * (157,788,000 s) at utilisation 0.5:
 *   share = 0.16209846272 / (157,788,000 x 0.5) = 2.05463613e-9
 *   co2_g = 1150e3 x share = 2.36283155e-3 g
 *   primary energy = 17000 x share = 3.49288142e-5 MJ
 *   ADPe = 0.08 x share = 1.64370890e-10 kg Sb eq
 * The contracted data centre: 4 years at 0.8:
 *   share = 0.16209846272 / (126,230,400 x 0.8) = 1.60518448e-9
 *   co2_g = 1.84596215e-3 g */
static void test_embodied_by_hand(void **state)
{
    (void)state;
    struct aw_estimate e = flops_by_hand(request_for(NULL, NULL));
    assert_int_equal(e.embodied.set, 1);
    assert_close(e.embodied.accelerator_seconds, 0.16209846272, 1e-9);
    assert_close(e.embodied.gwp_kg_per_accelerator, 1150, 1e-12);
    assert_close(e.embodied.pe_mj_per_accelerator, 17000, 1e-12);
    assert_close(e.embodied.adpe_kg_sbeq_per_accelerator, 0.08, 1e-12);
    assert_close(e.embodied.lifetime_years, 5, 1e-12);
    assert_close(e.embodied.utilisation, 0.5, 1e-12);
    assert_close(e.embodied.co2_g, 2.36283155e-3, 1e-8);
    assert_close(e.embodied.primary_energy_mj, 3.49288142e-5, 1e-8);
    assert_close(e.embodied.adpe_kg_sbeq, 1.64370890e-10, 1e-8);

    struct aw_request req = request_for(NULL, NULL);
    req.datacenter_id = "contracted";
    e = flops_by_hand(req);
    assert_close(e.embodied.lifetime_years, 4, 1e-12);
    assert_close(e.embodied.utilisation, 0.8, 1e-12);
    assert_close(e.embodied.co2_g, 1.84596215e-3, 1e-8);
}

/* A chip without a figure gets none (a server figure alone would
 * undercount); the amortisation inputs are still reported. */
static void test_embodied_unsourced(void **state)
{
    (void)state;
    struct aw_request req = request_for("dense-10b", "old-gpu");
    struct aw_estimate e;
    struct aw_diag diag;
    assert_int_equal(aw_estimate_request(cat, &req, &e, &diag), AW_OK);
    assert_int_equal(e.embodied.set, 0);
    assert_true(e.embodied.co2_g == 0);
    assert_true(e.embodied.primary_energy_mj < 0);
    assert_true(e.embodied.accelerator_seconds > 0);
}

/* A utilisation above 1 is refused with the entry and field named. */
static void test_catalog_refuses_bad_utilisation(void **state)
{
    (void)state;
    const char *bad = "{\"schema\": \"aiwatt-catalog/1\", \"datacenters\": [{\"id\": \"x\", "
                      "\"name\": \"x\", \"pue\": 1.1, \"reserve_share\": 0.1, "
                      "\"wue_l_per_kwh\": 0.3, \"grid\": \"us\", \"hardware_utilisation\": 1.5, "
                      "\"source\": \"t\", \"confidence\": \"estimate\"}]}";
    aw_catalog *c = NULL;
    struct aw_diag diag;
    assert_int_equal(aw_catalog_new(&c), AW_OK);
    assert_int_not_equal(aw_catalog_merge_json(c, bad, strlen(bad), "bad.json", &diag), AW_OK);
    assert_non_null(strstr(diag.msg, "hardware_utilisation"));
    aw_catalog_free(c);
}

/* A training run of 1000 GPU-hours on test-gpu (hyperscale fixture site):
 *   share = 3.6e6 s / (157,788,000 s x 0.5) = 0.0456302378
 *   embodied = 1150e3 g x share = 52,475.4734 g
 *   primary energy = 17000 MJ x share = 775.724390 MJ
 * and the water split sums to the total. */
static void test_train_embodied_by_hand(void **state)
{
    (void)state;
    struct aw_train_request req = train_request_for(NULL, NULL);
    struct aw_train_estimate e;
    req.params_total = 10e9;
    req.gpu_hours = 1000;
    req.hardware_id = "test-gpu";
    assert_int_equal(train_estimate_said(cat, &req, &e), AW_OK);
    assert_int_equal(e.embodied.set, 1);
    assert_close(e.embodied.accelerator_seconds, 3.6e6, 1e-12);
    assert_close(e.embodied.co2_g, 52475.4734, 1e-8);
    assert_close(e.embodied.primary_energy_mj, 775.724390, 1e-8);
    assert_close(e.water_onsite_ml + e.water_offsite_ml, e.water_ml, 1e-12);
    assert_close(e.water_onsite_ml, e.wh.it_wh * 0.5, 1e-12);
    assert_close(e.co2_market_g, e.co2_g, 1e-12); /* no contract: the grid */

    req.market_gco2_per_kwh = 100;
    assert_int_equal(train_estimate_said(cat, &req, &e), AW_OK);
    assert_close(e.co2_market_g, e.wh.facility_wh / 1000 * 100, 1e-12);
    assert_string_equal(e.inputs.market_basis, "option");
}

/* A service without an estimate behind it, 1.2 Wh per query in the
 * contracted fixture site (PUE 1.2, WUE 0.5, grid water 2.0, contract 100):
 *   market = 1.2 / 1000 x 100 = 0.12 g; on-site = 1.2 / 1.2 x 0.5 = 0.5 mL;
 *   water = 1.2 / 1.2 x (0.5 + 1.2 x 2.0) = 2.9 mL, so off-site 2.4 mL;
 *   embodied unknown. With an estimate, its figures scale to wh_per_query. */
static void test_fleet_impacts_by_hand(void **state)
{
    (void)state;
    struct aw_fleet_input in = {0};
    struct aw_fleet_result res;
    struct aw_diag diag;
    in.wh_per_query = 1.2;
    in.queries_per_day = 1000;
    in.co2_g_per_query = in.water_ml_per_query = -1;
    in.datacenter_id = "contracted";
    assert_int_equal(aw_fleet_run(cat, &in, &res, &diag), AW_OK);
    assert_close(res.co2_market_g_per_query, 0.12, 1e-12);
    assert_close(res.water_onsite_ml_per_query, 0.5, 1e-12);
    assert_close(res.water_offsite_ml_per_query, 2.4, 1e-12);
    assert_true(res.embodied_co2_g_per_query < 0);

    struct aw_estimate est = flops_by_hand(request_for(NULL, NULL));
    in.wh_per_query = est.wh.facility_wh;
    in.estimate = &est;
    assert_int_equal(aw_fleet_run(cat, &in, &res, &diag), AW_OK);
    assert_close(res.embodied_co2_g_per_query, 2.36283155e-3, 1e-8);
    assert_close(res.water_onsite_ml_per_query, 0.0196994661, 1e-8);
}

/* Google's figures under Google's stated conditions (0.24 Wh per median
 * prompt in Google data centres: PUE 1.09, WUE 1.0 L/kWh, 96 g/kWh
 * market-based), within 25 % (the acceptance):
 *   on-site water = 0.24 / 1.09 x 1.0 = 0.220183 mL (published 0.26)
 *   market-based operational carbon = 0.24 / 1000 x 96 = 0.02304 g, plus
 *   aiwatt's embodied share of TPU v6e time (published 0.03 g in all). */
static void test_reproduce_google_water_and_carbon(void **state)
{
    (void)state;
    aw_catalog *def = default_catalog();
    assert_non_null(def);
    struct aw_reproduction *r = malloc(sizeof *r);
    struct aw_diag diag;
    assert_non_null(r);
    assert_int_equal(aw_reproduce(def, "inf-17", r, &diag), AW_OK);
    assert_close(r->reproduced, 0.24 / 1.09 * 1.0, 1e-9);
    assert_true(fabs(r->ratio - 1) <= 0.25);
    assert_string_equal(r->verdict, "close");

    assert_int_equal(aw_reproduce(def, "inf-16", r, &diag), AW_OK);
    assert_close(r->method_estimate.co2_market_g, 0.02304, 1e-9);
    assert_true(r->method_estimate.embodied.set);
    assert_close(r->reproduced, 0.02304 + r->method_estimate.embodied.co2_g, 1e-9);
    assert_true(fabs(r->ratio - 1) <= 0.25);
    assert_non_null(strstr(r->reason, "market-based"));

    /* OpenAI's 0.32 mL: reproduced as on-site water at 0.34 Wh in a
     * Microsoft data centre: 0.34 / 1.18 x 0.30 = 0.0864407 mL. */
    assert_int_equal(aw_reproduce(def, "inf-02", r, &diag), AW_OK);
    assert_close(r->reproduced, 0.34 / 1.18 * 0.30, 1e-9);
    assert_string_equal(r->verdict, "not reproduced");
    free(r);
    aw_catalog_free(def);
}

/* A malformed scenario.impact is refused when the reference is merged. */
static void test_impact_scenario_refused(void **state)
{
    (void)state;
    const char *bad =
        "{\"schema\": \"aiwatt-catalog/1\", \"references\": [{\"id\": \"x\", \"name\": \"x\", "
        "\"kind\": \"inference\", \"quantity\": \"q\", \"value\": 1, \"unit\": \"mL\", "
        "\"boundary\": \"facility\", \"date\": \"2025\", \"url\": \"https://x\", "
        "\"source\": \"t\", \"confidence\": \"estimate\", \"scenario\": {\"estimate\": "
        "{\"model\": \"dense-10b\"}, \"impact\": {\"quantity\": \"water_kl\"}}}]}";
    aw_catalog *c = fixture_catalog("impacts.json");
    assert_non_null(c);
    struct aw_diag diag;
    assert_int_equal(aw_catalog_merge_json(c, bad, strlen(bad), "bad.json", &diag), AW_E_PARSE);
    assert_non_null(strstr(diag.msg, "references 'x': field 'scenario.impact.quantity': "
                                     "unknown quantity"));
    struct aw_reproduction *r = malloc(sizeof *r);
    assert_non_null(r);
    assert_int_equal(aw_reproduce(c, "x", r, &diag), AW_E_NOT_FOUND);
    free(r);
    aw_catalog_free(c);
}

/* `aiwatt me`: a day is 20 chat estimates + 2 image estimates, a year 365.25
 * days, and the everyday counts are the year's energy over the catalog's
 * 15 Wh phone charge, 110 Wh kettle boil and 180 Wh per EV kilometre. */
static void test_cli_me(void **state)
{
    (void)state;
    json_t *j = run_cli_json("me --queries-per-day 20 --images 2 --format json");
    assert_non_null(j);
    double q_wh = json_real_value(json_object_get(
        json_object_get(json_object_get(j, "per_query"), "wh"), "facility"));
    double i_wh = json_real_value(json_object_get(
        json_object_get(json_object_get(j, "per_image"), "wh"), "facility"));
    double day_wh = json_real_value(json_object_get(json_object_get(j, "day"), "wh"));
    double year_wh = json_real_value(json_object_get(json_object_get(j, "year"), "wh"));
    assert_true(q_wh > 0 && i_wh > 0);
    assert_close(day_wh, 20 * q_wh + 2 * i_wh, 1e-5);
    assert_close(year_wh, day_wh * 365.25, 1e-5); /* JSON keeps 6 digits */
    json_t *every = json_object_get(j, "everyday_per_year");
    assert_int_equal(json_array_size(every), 3);
    const double each[] = {15, 110, 180};
    for (size_t i = 0; i < 3; i++)
        assert_close(json_real_value(json_object_get(json_array_get(every, i), "count")),
                     year_wh / each[i], 1e-5);
    json_decref(j);
}

/* fleet --country korea: the alias resolves to grid kr and the share is of
 * KEPCO's 563 TWh (2018): year Wh / 5.63e14. */
static void test_cli_fleet_korea(void **state)
{
    (void)state;
    json_t *j = run_cli_json("fleet --country korea --wh-per-query 0.3 --queries-per-day 1M "
                             "--datacenter kr-hyperscale --format json");
    assert_non_null(j);
    json_t *countries = json_object_get(j, "countries");
    assert_int_equal(json_array_size(countries), 1);
    json_t *kr = json_array_get(countries, 0);
    assert_string_equal(json_string_value(json_object_get(kr, "country")), "kr");
    assert_close(json_real_value(json_object_get(kr, "share")), 0.3 * 1e6 * 365.25 / 5.63e14,
                 1e-5);
    assert_string_equal(json_string_value(json_object_get(j, "grid")), "kr");
    json_decref(j);
}

/* A named provider model runs on its provider's chips and site unless the
 * request says otherwise; the default request keeps the generic site. */
static void test_provider_serving_profile(void **state)
{
    (void)state;
    aw_catalog *def = default_catalog();
    assert_non_null(def);
    struct aw_request req = request_for("gemini-2.5-flash", NULL);
    struct aw_estimate e;
    struct aw_diag diag;
    assert_int_equal(aw_estimate_request(def, &req, &e, &diag), AW_OK);
    assert_string_equal(e.inputs.hardware_id, "tpu-v6e");
    assert_string_equal(e.inputs.datacenter_id, "google");
    assert_non_null(e.inputs.serving_source);
    req.datacenter_id = "hyperscale"; /* the request wins where it speaks */
    assert_int_equal(aw_estimate_request(def, &req, &e, &diag), AW_OK);
    assert_string_equal(e.inputs.hardware_id, "tpu-v6e");
    assert_string_equal(e.inputs.datacenter_id, "hyperscale");
    aw_request_init(&req); /* no --model: the default site */
    assert_int_equal(aw_estimate_request(def, &req, &e, &diag), AW_OK);
    assert_string_equal(e.inputs.datacenter_id, "hyperscale");
    assert_null(e.inputs.serving_source);
    aw_catalog_free(def);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_water_split_by_hand),
        cmocka_unit_test(test_water_split_sums_every_task),
        cmocka_unit_test(test_market_carbon_by_hand),
        cmocka_unit_test(test_market_carbon_refused),
        cmocka_unit_test(test_embodied_by_hand),
        cmocka_unit_test(test_embodied_unsourced),
        cmocka_unit_test(test_catalog_refuses_bad_utilisation),
        cmocka_unit_test(test_train_embodied_by_hand),
        cmocka_unit_test(test_fleet_impacts_by_hand),
        cmocka_unit_test(test_reproduce_google_water_and_carbon),
        cmocka_unit_test(test_impact_scenario_refused),
        cmocka_unit_test(test_cli_me),
        cmocka_unit_test(test_cli_fleet_korea),
        cmocka_unit_test(test_provider_serving_profile),
    };
    return cmocka_run_group_tests(tests, impacts_catalog_setup, catalog_teardown);
}
