/*
 * test_methods.c - the top-down methods (flops, nameplate, ecologits) on the
 * fixture catalog, against values computed by hand from their definitions,
 * and their refusals.
 */
#include <string.h>
#include "test_support.h"
#include "group_catalog.h"

/* A request for `model` on `hardware` (NULL: the catalog's default) by
 * `method`, with `mp` (NULL: none given) as aw_method_params_init leaves
 * it; a test sets the parameters it is about. */
static struct aw_request method_request(enum aw_method method, const char *model,
                                        const char *hardware, struct aw_method_params *mp)
{
    struct aw_request req = request_for(model, hardware);
    req.method = method;
    if (mp != NULL) {
        aw_method_params_init(mp);
        req.method_params = mp;
    }
    return req;
}

/* The estimate of `req` on the fixture catalog. */
static aw_status run(const struct aw_request *req, struct aw_estimate *e)
{
    return estimate_said(cat, req, e);
}

/*
 * flops (Epoch AI), dense-10b (40 layers, 32 x 128 attention) on test-gpu
 * (1000 TFLOPS bf16, 800 W; test-server 5000 W / 4 GPUs), 400 in / 400 out,
 * defaults u = 0.1, load 0.7, fixture PUE 1.2:
 *   attention per token at context c: 4 x 4096 x 40 x c = 655,360 c
 *   prompt: 2e10 x 400 + 400 x 655,360 x 200.5 = 8.052559872e12 FLOP
 *   generated: 400 x (2e10 + 655,360 x 600) = 8.1572864e12 FLOP
 *   GPU time: (8.052559872e12 + 8.1572864e12) / (1e15 x 0.1) = 0.16209846272 s
 *   rated power per GPU 5000 / 4 = 1250 W; accelerator share min(800, 1250)
 *   accelerator = 0.16209846272 x 800 x 0.7 / 3600 = 0.0252153164 Wh
 *   server = 0.16209846272 x 1250 x 0.7 / 3600 = 0.0393989321 Wh = it
 *   facility = x 1.2 = 0.0472787186 Wh; carbon x 400 g/kWh = 0.0189114874 g
 *   water = it x (0.5 + 1.2 x 2.0) = 0.114256903 mL
 */
static void test_flops_by_hand(void **state)
{
    (void)state;
    struct aw_request req = method_request(AW_METHOD_FLOPS, "dense-10b", "test-gpu", NULL);
    struct aw_estimate e;
    req.input_tokens = 400;
    req.output_tokens = 400;
    assert_int_equal(run(&req, &e), AW_OK);
    assert_close(e.inputs.topdown.flop, 1.6209846272e13, 1e-9);
    assert_close(e.inputs.topdown.gpu_seconds, 0.16209846272, 1e-9);
    assert_close(e.inputs.topdown.power_w_per_gpu, 1250, 1e-12);
    assert_ladder(e.wh, 0.0252153164, 0.0393989322, 0.0393989322, 0.0472787186, 1e-8);
    assert_close(e.co2_g, 0.0189114874, 1e-8);
    assert_close(e.water_ml, 0.114256903, 1e-8);
    assert_string_equal(e.inputs.method, "flops");
    assert_string_equal(e.inputs.topdown.total_boundary, "facility");
    assert_non_null(e.inputs.topdown.boundary_note);
}

/* Every parameter given: u = 0.2, prompt u = 0.5, 1000 W rated, load 1:
 *   GPU time 8.052559872e12 / 5e14 + 8.1572864e12 / 2e14 = 0.056891551744 s
 *   server = 0.056891551744 x 1000 / 3600 = 0.0158032088 Wh
 *   accelerator = x 800 (the GPU's TDP) = 0.0126425670 Wh */
static void test_flops_params(void **state)
{
    (void)state;
    struct aw_method_params mp;
    struct aw_request req = method_request(AW_METHOD_FLOPS, "dense-10b", "test-gpu", &mp);
    struct aw_estimate e;
    req.input_tokens = 400;
    req.output_tokens = 400;
    mp.flop_utilisation = 0.2;
    mp.prefill_utilisation = 0.5;
    mp.power_w_per_gpu = 1000;
    mp.load_factor = 1.0;
    assert_int_equal(run(&req, &e), AW_OK);
    assert_close(e.inputs.topdown.gpu_seconds, 0.056891551744, 1e-9);
    assert_close(e.wh.server_wh, 0.0158032088, 1e-8);
    assert_close(e.wh.accelerator_wh, 0.0126425670, 1e-8);
    mp.flop_utilisation = 1.5;
    assert_int_equal(run(&req, &e), AW_E_RANGE);
    mp.flop_utilisation = 0.2;
    mp.load_factor = 2;
    assert_int_equal(run(&req, &e), AW_E_RANGE);
}

/* Epoch AI's baseline on the default catalog: 1e14 FLOP (plus 0.4 % of
 * attention) at 10 % of 989 TFLOP/s x 1275 W x 0.7 x PUE 1.2 = 0.301 Wh. */
static void test_flops_epoch(void **state)
{
    (void)state;
    aw_catalog *def = default_catalog();
    assert_non_null(def);
    struct aw_request req = method_request(AW_METHOD_FLOPS, NULL, NULL, NULL);
    struct aw_estimate e;
    req.params_total = 4e11;
    req.params_active = 1e11;
    req.input_tokens = 0;
    req.output_tokens = 500;
    req.precision = AW_PREC_BF16;
    req.pue = 1.2;
    assert_int_equal(estimate_said(def, &req, &e), AW_OK);
    assert_close(e.inputs.topdown.power_w_per_gpu, 1275, 1e-12);
    assert_close(e.inputs.topdown.flop, 1e14, 0.005);
    assert_close(e.wh.facility_wh, 0.301, 0.005);
    aw_catalog_free(def);
}

/*
 * nameplate (de Vries): 100 test-servers (5000 W, 4 x 800 W GPUs), 1e6
 * requests a day, full load:
 *   server = 100 x 5000 x 24 / 1e6 = 12 Wh = it; facility = x 1.2 = 14.4
 *   accelerator = 100 x 3200 x 24 / 1e6 = 7.68 Wh
 *   GPU time = 100 x 4 x 86400 / 1e6 = 34.56 GPU-s
 * Half load over 12 hours and 2e5 requests: 100 x 5000 x 12 x 0.5 / 2e5 = 15.
 */
static void test_nameplate_by_hand(void **state)
{
    (void)state;
    struct aw_method_params mp;
    struct aw_request req = method_request(AW_METHOD_NAMEPLATE, "dense-10b", "test-gpu", &mp);
    struct aw_estimate e;
    assert_int_equal(run(&req, &e), AW_E_INVALID); /* no fleet given */
    mp.servers = 100;
    mp.requests = 1e6;
    assert_int_equal(run(&req, &e), AW_OK);
    assert_close(e.wh.server_wh, 12.0, 1e-12);
    assert_close(e.wh.it_wh, 12.0, 1e-12);
    assert_close(e.wh.facility_wh, 14.4, 1e-12);
    assert_close(e.wh.accelerator_wh, 7.68, 1e-12);
    assert_close(e.inputs.topdown.gpu_seconds, 34.56, 1e-12);
    assert_string_equal(e.inputs.topdown.total_boundary, "it");
    mp.hours = 12;
    mp.load_factor = 0.5;
    mp.requests = 2e5;
    assert_int_equal(run(&req, &e), AW_OK);
    assert_close(e.wh.server_wh, 15.0, 1e-12);
    /* A server without a nameplate needs one given. */
    req.hardware_id = "old-gpu";
    assert_int_equal(run(&req, &e), AW_E_RANGE);
    mp.server_power_w = 1000;
    assert_int_equal(run(&req, &e), AW_OK);
    assert_close(e.wh.server_wh, 100 * 1000 * 12 * 0.5 / 2e5, 1e-12);
}

/* de Vries on the default catalog: 3,617 x 6.5 kW x 24 h / 195M = 2.8936 Wh. */
static void test_nameplate_de_vries(void **state)
{
    (void)state;
    aw_catalog *def = default_catalog();
    assert_non_null(def);
    struct aw_method_params mp;
    struct aw_request req = method_request(AW_METHOD_NAMEPLATE, NULL, "a100-80gb", &mp);
    struct aw_estimate e;
    mp.servers = 3617;
    mp.requests = 195e6;
    assert_int_equal(estimate_said(def, &req, &e), AW_OK);
    assert_close(e.wh.it_wh, 3617.0 * 6500 * 24 / 195e6, 1e-12);
    assert_close(e.wh.it_wh, 2.9, 0.05);
    aw_catalog_free(def);
}

/*
 * ecologits, dense-10b (confirmed size: no range), 400 output tokens,
 * fixture PUE 1.2, from EcoLogits' formulas:
 *   f_E = 1.1665273e-6 x exp(-0.0112059 x 64) x 10 + 4.0529281e-5
 *       = 4.62234203e-5 Wh per token per GPU
 *   f_L = 6.7850881e-4 x 10 + 3.1193103e-4 x 64 + 1.9473718e-2 = 0.0462223917 s
 *   memory 1.2 x 10 x 16 / 8 = 24 GB -> 1 GPU
 *   GPU energy = 400 x f_E = 0.0184893681 Wh; latency 18.4889567 s
 *   server share = 18.4889567 / 3600 x 1200 x 1/8 / 64 = 0.0120370812 Wh
 *   accelerator 0.0184893681, server = it = 0.0305264493, facility 0.0366317392
 *   carbon = 0.0146526957 g; water = 0.0305264493 x 2.9 = 0.0885267030 mL
 */
static void test_ecologits_by_hand(void **state)
{
    (void)state;
    struct aw_method_params mp;
    struct aw_request req = method_request(AW_METHOD_ECOLOGITS, "dense-10b", "test-gpu", &mp);
    struct aw_estimate e;
    req.output_tokens = 400;
    assert_int_equal(run(&req, &e), AW_OK);
    assert_int_equal(e.inputs.gpus, 1);
    assert_false(e.inputs.topdown.has_range);
    assert_close(e.inputs.topdown.ecologits_latency_s, 18.4889567, 1e-7);
    assert_ladder(e.wh, 0.0184893681, 0.0305264493, 0.0305264493, 0.0366317392, 1e-7);
    assert_close(e.co2_g, 0.0146526957, 1e-7);
    assert_close(e.water_ml, 0.0885267030, 1e-7);
    /* Input tokens are not an input of EcoLogits. */
    req.input_tokens = 5000;
    assert_int_equal(run(&req, &e), AW_OK);
    assert_close(e.wh.facility_wh, 0.0366317392, 1e-7);
    /* A measured latency of 5 s caps the modelled 18.5 s: the server share
     * becomes 5 / 3600 x 1200 / 8 / 64 = 0.00325520833 Wh. */
    mp.latency_s = 5;
    assert_int_equal(run(&req, &e), AW_OK);
    assert_close(e.wh.server_wh, 0.0184893681 + 0.00325520833, 1e-7);
}

/*
 * The range: closed-100b has 100B (50-200B) total, no active count (dense),
 * 300 output tokens, PUE 1.2. EcoLogits runs the smallest and the largest:
 *   50B: 1.2 x 50 x 2 = 120 GB -> 2 GPUs; f_E = 6.8999976e-5, f_L = 0.0733627440
 *        GPU 2 x 300 x f_E = 0.0413999855; server 22.0088232 / 3600 x 1200 x 2/8 / 64
 *        = 0.0286573219; facility = 1.2 x 0.0700573074 = 0.0840687689
 *   200B: 480 GB -> 6 -> 8 GPUs; f_E = 1.5441206e-4, f_L = 0.175139065
 *        GPU 8 x 300 x f_E = 0.370588941; server 52.5417196 / 3600 x 1200 x 8/8 / 64
 *        = 0.273654790; facility = 1.2 x 0.644243731 = 0.773092477
 *   value = midpoint 0.428580623
 * And EcoLogits' own GPT-4o (440B total, 44-132B active, 16 GPUs) for 500
 * output tokens at PUE 1.2: 1.06267460 to 1.91689529 Wh.
 */
static void test_ecologits_range(void **state)
{
    (void)state;
    struct aw_method_params mp;
    struct aw_request req = method_request(AW_METHOD_ECOLOGITS, "closed-100b", "test-gpu", &mp);
    struct aw_estimate e;
    req.output_tokens = 300;
    assert_int_equal(run(&req, &e), AW_OK);
    assert_true(e.inputs.topdown.has_range);
    assert_close(e.inputs.topdown.wh_min.facility_wh, 0.0840687689, 1e-7);
    assert_close(e.inputs.topdown.wh_max.facility_wh, 0.773092477, 1e-7);
    assert_close(e.inputs.topdown.wh_max.accelerator_wh, 0.370588941, 1e-7);
    assert_close(e.wh.facility_wh, 0.428580623, 1e-7);
    assert_int_equal(e.inputs.gpus, 8);

    req = method_request(AW_METHOD_ECOLOGITS, NULL, "test-gpu", &mp);
    req.params_total = 4.4e11;
    req.params_active = 8.8e10;
    req.input_tokens = 0;
    req.output_tokens = 500;
    mp.params_active_min = 4.4e10;
    mp.params_active_max = 1.32e11;
    assert_int_equal(run(&req, &e), AW_OK);
    assert_int_equal(e.inputs.gpus, 16);
    assert_close(e.inputs.topdown.wh_min.facility_wh, 1.06267460, 1e-6);
    assert_close(e.inputs.topdown.wh_max.facility_wh, 1.91689529, 1e-6);
    assert_close(e.wh.facility_wh, (1.06267460 + 1.91689529) / 2, 1e-6);
    /* An inconsistent range is refused. */
    mp.params_active_min = 2e11;
    assert_int_equal(run(&req, &e), AW_E_RANGE);
    /* A range up to 1e300 parameters needs more GPUs than any placement
     * (its count was an undefined double -> long conversion). */
    mp.params_active_min = -1;
    mp.params_active_max = -1;
    mp.params_total_min = 1;
    mp.params_total_max = 1e300;
    assert_int_equal(run(&req, &e), AW_E_RANGE);
}

/* The JSON of a method: its total boundary, its parameters, its range. */
static void test_method_json(void **state)
{
    (void)state;
    struct aw_request req = method_request(AW_METHOD_ECOLOGITS, "closed-100b", "test-gpu", NULL);
    struct aw_estimate e;
    req.output_tokens = 300;
    assert_int_equal(run(&req, &e), AW_OK);
    json_t *j = aw_estimate_to_json(&e);
    assert_non_null(j);
    json_t *in = json_object_get(j, "inputs");
    assert_string_equal(json_string_value(json_object_get(in, "total_boundary")), "facility");
    assert_non_null(json_object_get(json_object_get(in, "method_inputs"), "latency_s"));
    json_t *range = json_object_get(j, "wh_range");
    assert_non_null(range);
    assert_close(json_real_value(json_object_get(json_object_get(range, "max"), "facility")),
                 0.773092477, 1e-6);
    json_decref(j);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_flops_by_hand),
        cmocka_unit_test(test_flops_params),
        cmocka_unit_test(test_flops_epoch),
        cmocka_unit_test(test_nameplate_by_hand),
        cmocka_unit_test(test_nameplate_de_vries),
        cmocka_unit_test(test_ecologits_by_hand),
        cmocka_unit_test(test_ecologits_range),
        cmocka_unit_test(test_method_json),
    };
    return cmocka_run_group_tests(tests, minimal_catalog_setup, catalog_teardown);
}
