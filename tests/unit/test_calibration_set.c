/*
 * test_calibration_set.c - the estimator against the whole ML.ENERGY v3
 * calibration set (tests/cases/mlenergy-v3-llm.csv; bench/calibration.c
 * prints the tables). Asserts the aggregate targets: median error of
 * energy per token at most x1.2 and at least 85 % of rows within x1.5, with
 * the shipped constants and leaving one model family out; no batch band
 * biased by more than 15 % in energy, throughput or power, with the shipped
 * constants and held out.
 */
#include "test_support.h"
#include "../../bench/calibration_set.h"

#define CASES AW_TEST_FIXTURES "/../cases/"

static aw_catalog *cat;
static struct cal_set set;

static int setup(void **state)
{
    (void)state;
    if (cal_load(CASES "mlenergy-v3-llm.csv", CASES "mlenergy-v3-models.map", &set) != 0)
        return 1;
    struct aw_diag diag;
    return aw_catalog_new(&cat) != AW_OK || aw_catalog_load_default(cat, &diag) != AW_OK;
}

static int teardown(void **state)
{
    (void)state;
    aw_catalog_free(cat);
    return 0;
}

static void check_targets(const char *label)
{
    static const int lo[] = {8, 17, 65, 257, 1025}, hi[] = {16, 64, 256, 1024, 1 << 30};
    struct cal_stats e = cal_summary(set.rows, set.n, CAL_ENERGY, 0, 0, NULL);
    printf("%s: %d rows, energy/token median x%.3f, %.0f%% within x1.5, %.0f%% within x2\n",
           label, e.n, e.median_factor, e.within_1_5 * 100, e.within_2 * 100);
    assert_true(e.median_factor <= 1.2);
    assert_true(e.within_1_5 >= 0.85);
    for (int q = 0; q < 3; q++) {
        for (int b = 0; b < 5; b++) {
            struct cal_stats s = cal_summary(set.rows, set.n, (enum cal_quantity)q, lo[b], hi[b],
                                             NULL);
            printf("  %s band %d-%d: geometric-mean ratio %.3f (%d rows)\n",
                   q == 0 ? "energy" : q == 1 ? "throughput" : "power", lo[b], hi[b],
                   s.geomean, s.n);
            assert_true(s.geomean >= 0.85 && s.geomean <= 1.15);
        }
    }
}

/* Every mapped row is estimated; the shipped constants are the ones the
 * fit starts from (bench/calibration_set.h lists them). */
static void test_shipped_constants(void **state)
{
    (void)state;
    assert_int_equal(set.n, 386); /* every row: the hybrids are modelled too */
    assert_int_equal(set.skipped_models, 0);
    assert_int_equal(cal_eval_all(cat, &set, NULL, CAL_ALL), 0);
    double x[CAL_N_CONSTANTS];
    for (size_t i = 0; i < CAL_N_CONSTANTS; i++)
        x[i] = cal_constants[i].start;
    struct aw_assumptions as;
    cal_apply(&as, x);
    double shipped = cal_loss(cat, &set, NULL, CAL_MODELLED, NULL, 1);
    double listed = cal_loss(cat, &set, &as, CAL_MODELLED, NULL, 1);
    assert_close(listed, shipped, 1e-9);
    assert_int_equal(cal_eval_all(cat, &set, NULL, CAL_MODELLED), 0);
    check_targets("shipped constants");
}

/* Leave one model family out: refit the global constants without it,
 * estimate it. */
static void test_cross_validation(void **state)
{
    (void)state;
    cal_eval_all(cat, &set, NULL, CAL_MODELLED);
    cal_cross_validate(cat, &set, 300, NULL);
    check_targets("leave-one-family-out");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shipped_constants),
        cmocka_unit_test(test_cross_validation),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
