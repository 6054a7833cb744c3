/*
 * test_whatif.c - the levers, on the default catalog: the effects the
 * literature reports must come out of the estimators as they are.
 *   - batching cuts energy per request several-fold (ML.ENERGY: 177 J at
 *     batch 8 to 31 J at 256 for Llama-3.1-8B on one H100);
 *   - FP8 loses at small batch and wins at large (ML.ENERGY v3: +30% at
 *     8-16, -11% at 65-256);
 *   - a MoE is cheaper per token than a dense model of its total size, not
 *     as cheap as a dense model of its active size.
 * And the spec's refusals.
 */
#include <stdlib.h>
#include <string.h>
#include "test_support.h"
#include "group_catalog.h"

static struct aw_whatif_spec spec;
static struct aw_whatif_result *res;

static int setup(void **state)
{
    res = malloc(sizeof *res);
    return default_catalog_setup(state) != 0 || res == NULL;
}

static int teardown(void **state)
{
    free(res);
    return catalog_teardown(state);
}

static void add(const char *lever)
{
    struct aw_diag diag;
    if (aw_whatif_add(&spec, lever, &diag) != AW_OK) {
        print_error("%s: %s\n", lever, diag.msg);
        fail();
    }
}

static void run(void)
{
    struct aw_diag diag;
    if (aw_whatif_run(cat, &spec, res, &diag) != AW_OK) {
        print_error("whatif: %s\n", diag.msg);
        fail();
    }
}

/* A list of levers ("key=v1,v2,..."), ended by NULL. */
#define LEVERS(...) ((const char *const[]){__VA_ARGS__, NULL})

/* A new spec of `kind` with `levers`. */
static void spec_of(enum aw_whatif_kind kind, const char *const *levers)
{
    aw_whatif_spec_init(&spec, kind);
    for (; *levers != NULL; levers++)
        add(*levers);
}

/* The what-if table of `kind` over `levers`, into res. */
static void whatif_table(enum aw_whatif_kind kind, const char *const *levers)
{
    spec_of(kind, levers);
    run();
}

static void test_batch_several_fold(void **state)
{
    (void)state;
    whatif_table(AW_WHATIF_REQUEST, LEVERS("model=llama-3.1-8b", "hardware=h100", "gpus=1",
                                           "batch=1,8,64,256"));
    assert_int_equal(res->n_rows, 4);
    for (size_t i = 1; i < 4; i++)
        assert_true(res->rows[i].wh.facility_wh < res->rows[i - 1].wh.facility_wh);
    /* batch 8 -> 256: several-fold (measured 177 J -> 31 J, 5.7x). */
    double fold = res->rows[1].wh.accelerator_wh / res->rows[3].wh.accelerator_wh;
    printf("batch 8 -> 256: %.1fx less accelerator energy per request\n", fold);
    assert_true(fold > 3);
    assert_true(res->rows[3].ratio < 1.0 / 10); /* from batch 1 */
    /* The ranked cuts: largest first, all from the first row. */
    assert_int_equal(res->n_cuts, 3);
    assert_string_equal(spec.levers[res->cuts[0].lever].values[res->cuts[0].value], "256");
    assert_true(res->cuts[0].ratio < res->cuts[1].ratio && res->cuts[1].ratio < res->cuts[2].ratio);
    assert_int_equal(res->best_row, 3);
}

/* FP8 against BF16 as the calibration set has it (docs/methodology.md,
 * "Precision"): a dense model runs at the bandwidth its halved bytes
 * predict, so FP8 wins at every batch; FP8 mixture-of-experts kernels pay a
 * fixed cost per MoE layer and step (vLLM), so Qwen3-235B-A22B on 4 x B200
 * loses at batch 8 (ML.ENERGY v3: 9.26 vs 6.03 J/token, x1.54) and about
 * breaks even at larger batch (x0.92 at 64). */
static void test_fp8_small_vs_large_batch(void **state)
{
    (void)state;
    whatif_table(AW_WHATIF_REQUEST, LEVERS("model=llama-3.1-8b", "gpus=1", "hardware=h100",
                                           "batch=8,256", "precision=bf16,fp8"));
    for (size_t b = 0; b < 2; b++) {
        double ratio = res->rows[2 * b + 1].wh.accelerator_wh / res->rows[2 * b].wh.accelerator_wh;
        printf("llama-3.1-8b batch %s: fp8/bf16 = %.2f\n", spec.levers[3].values[b], ratio);
        assert_true(ratio < 0.8 && ratio > 0.5);
    }
    whatif_table(AW_WHATIF_REQUEST, LEVERS("model=qwen3-235b-a22b", "gpus=4", "hardware=b200",
                                           "batch=8,256", "precision=bf16,fp8"));
    double small = res->rows[1].wh.accelerator_wh / res->rows[0].wh.accelerator_wh;
    double large = res->rows[3].wh.accelerator_wh / res->rows[2].wh.accelerator_wh;
    printf("qwen3-235b-a22b fp8/bf16: batch 8 %.2f, batch 256 %.2f\n", small, large);
    assert_true(small > 1.2);
    assert_true(large > 0.85 && large < 1.15);
}

static void test_moe_between_dense(void **state)
{
    (void)state;
    /* Same GPUs, same batch: a 47B-total / 13B-active MoE (Mixtral's
     * shape) against dense 47B and dense 13B. */
    whatif_table(AW_WHATIF_REQUEST, LEVERS("hardware=h100", "gpus=2", "params=47B",
                                           "active-params=47B,13B"));
    double dense_total = res->rows[0].wh.facility_wh;
    double moe = res->rows[1].wh.facility_wh;
    whatif_table(AW_WHATIF_REQUEST, LEVERS("hardware=h100", "gpus=2", "params=13B"));
    double dense_active = res->rows[0].wh.facility_wh;
    printf("dense 47B %.4f Wh > MoE 47B/13B %.4f Wh > dense 13B %.4f Wh\n", dense_total, moe,
           dense_active);
    assert_true(moe < dense_total);
    assert_true(moe > dense_active);
    /* The catalog's Mixtral 8x7B (46.7B, 12.9B active) sits between a dense
     * 70B and a dense 13B (each on the GPUs it needs). */
    whatif_table(AW_WHATIF_REQUEST, LEVERS("hardware=h100",
                                           "model=llama-2-70b,mixtral-8x7b,llama-2-13b"));
    assert_true(res->rows[1].wh.facility_wh < res->rows[0].wh.facility_wh);
    assert_true(res->rows[1].wh.facility_wh > res->rows[2].wh.facility_wh);
}

static void test_site_and_grid(void **state)
{
    (void)state;
    whatif_table(AW_WHATIF_REQUEST, LEVERS("datacenter=industry-average,hyperscale",
                                           "grid=world,fr"));
    assert_int_equal(res->n_rows, 4);
    /* PUE and reserve cut energy; the grid cuts carbon only. */
    assert_true(res->rows[2].ratio < 0.8);
    assert_close(res->rows[1].ratio, 1.0, 1e-12);
    assert_true(res->rows[1].co2_ratio < 0.3);
    /* Ranked: the energy cut first, then the carbon-only one. */
    assert_int_equal(res->n_cuts, 2);
    assert_string_equal(spec.levers[res->cuts[0].lever].key, "datacenter");
    assert_string_equal(spec.levers[res->cuts[1].lever].key, "grid");
}

static void test_training_levers(void **state)
{
    (void)state;
    whatif_table(AW_WHATIF_TRAIN, LEVERS("model=llama-3.1-405b", "hardware=h100,a100-80gb",
                                         "precision=bf16,fp8"));
    assert_int_equal(res->n_rows, 4);
    assert_true(res->rows[2].ratio > 1.5);  /* A100 */
    assert_true(res->rows[1].ratio < 1.0);  /* FP8 on H100 */
    /* No FP8 on the A100: it trains in BF16, same energy. */
    assert_close(res->rows[3].wh.facility_wh, res->rows[2].wh.facility_wh, 1e-12);
}

static void test_rows_that_fail(void **state)
{
    (void)state;
    struct aw_diag diag;
    whatif_table(AW_WHATIF_REQUEST, LEVERS("model=llama-3.1-70b", "hardware=h100", "gpus=4,1"));
    assert_int_equal(res->rows[0].status, AW_OK);
    assert_int_equal(res->rows[1].status, AW_E_NOFIT);
    assert_non_null(strstr(res->rows[1].error, "do not fit"));
    assert_int_equal(res->n_cuts, 0);
    /* An unknown id fails the whole table, with the nearest id. */
    spec_of(AW_WHATIF_REQUEST, LEVERS("model=llama-3.1-70b,llama-3.1-7b"));
    assert_int_equal(aw_whatif_run(cat, &spec, res, &diag), AW_E_NOT_FOUND);
    assert_non_null(strstr(diag.msg, "llama-3.1-7b"));
    /* So does a failing first row. */
    spec_of(AW_WHATIF_REQUEST, LEVERS("model=llama-3.1-70b", "gpus=1,4", "hardware=h100"));
    assert_int_equal(aw_whatif_run(cat, &spec, res, &diag), AW_E_NOFIT);
}

static void test_spec_refusals(void **state)
{
    (void)state;
    struct aw_diag diag;
    aw_whatif_spec_init(&spec, AW_WHATIF_REQUEST);
    assert_int_equal(aw_whatif_add(&spec, "batch", &diag), AW_E_INVALID);
    assert_int_equal(aw_whatif_add(&spec, "=1,2", &diag), AW_E_INVALID);
    assert_int_equal(aw_whatif_add(&spec, "bach=1,2", &diag), AW_E_INVALID);
    assert_non_null(strstr(diag.msg, "bach"));
    assert_non_null(strstr(diag.hint, "batch"));
    assert_int_equal(aw_whatif_add(&spec, "batch=1,,2", &diag), AW_E_INVALID);
    assert_int_equal(aw_whatif_add(&spec, "batch=0", &diag), AW_E_INVALID);
    assert_int_equal(aw_whatif_add(&spec, "batch=8.5", &diag), AW_E_INVALID);
    assert_int_equal(aw_whatif_add(&spec, "precision=fp7", &diag), AW_E_INVALID);
    assert_non_null(strstr(diag.msg, "fp7"));
    assert_int_equal(aw_whatif_add(&spec, "pue=0.9", &diag), AW_E_INVALID);
    assert_int_equal(aw_whatif_add(&spec, "grid=-5", &diag), AW_E_INVALID);
    assert_int_equal(aw_whatif_add(&spec, "tokens=1T", &diag), AW_E_INVALID); /* training only */
    assert_int_equal(aw_whatif_add(&spec, "batch=1,2", &diag), AW_OK);
    assert_int_equal(aw_whatif_add(&spec, "batch=4", &diag), AW_E_INVALID); /* twice */
    assert_non_null(strstr(diag.msg, "twice"));
    /* 16 x 16 = 256 rows is the limit. */
    assert_int_equal(aw_whatif_add(&spec, "output-tokens=1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16",
                                   &diag),
                     AW_OK);
    assert_int_equal(aw_whatif_add(&spec, "input-tokens=1,2", &diag), AW_OK); /* 64 rows */
    assert_int_equal(aw_whatif_add(&spec, "gpus=1,2,4,8,16", &diag), AW_E_INVALID);
    assert_non_null(strstr(diag.msg, "combinations"));
    aw_whatif_spec_init(&spec, AW_WHATIF_TRAIN);
    assert_int_equal(aw_whatif_add(&spec, "mfu=0.4,1.2", &diag), AW_E_INVALID);
    assert_int_equal(aw_whatif_add(&spec, "batch=8", &diag), AW_E_INVALID);
    assert_true(aw_whatif_key_known(AW_WHATIF_TRAIN, "tokens"));
    assert_false(aw_whatif_key_known(AW_WHATIF_REQUEST, "tokens"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_batch_several_fold),
        cmocka_unit_test(test_fp8_small_vs_large_batch),
        cmocka_unit_test(test_moe_between_dense),
        cmocka_unit_test(test_site_and_grid),
        cmocka_unit_test(test_training_levers),
        cmocka_unit_test(test_rows_that_fail),
        cmocka_unit_test(test_spec_refusals),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
