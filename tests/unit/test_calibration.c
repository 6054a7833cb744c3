/*
 * test_calibration.c - the estimator against published measurements, run
 * through the CLI exactly as a user would:
 *   aiwatt estimate --model M --hardware h100 --gpus N --batch B
 *                   --output-tokens T --format json
 * The rows are data (tests/cases/mlenergy-v3.cases) with their source. The
 * ratio of each row is printed so CI logs show the calibration state.
 */
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "test_support.h"

#define CASES_FILE AW_TEST_FIXTURES "/../cases/mlenergy-v3.cases"
#define TOLERANCE_FACTOR 1.5

/* Runs the CLI and returns its parsed JSON stdout, or NULL. */
static json_t *run_cli_json(const char *args)
{
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "'%s' %s", AW_CLI, args);
    FILE *p = popen(cmd, "r");
    if (p == NULL)
        return NULL;
    json_error_t err;
    json_t *j = json_loadf(p, 0, &err);
    int rc = pclose(p);
    if (rc != 0) {
        json_decref(j);
        return NULL;
    }
    return j;
}

static void test_mlenergy_rows(void **state)
{
    (void)state;
    FILE *f = fopen(CASES_FILE, "r");
    assert_non_null(f);
    char line[512];
    int rows = 0, bad = 0;
    while (fgets(line, sizeof line, f) != NULL) {
        if (line[0] == '#' || line[0] == '\n')
            continue;
        char id[32], model[64], hw[32];
        int gpus, batch, out_tokens;
        double measured_j;
        if (sscanf(line, "%31s %63s %31s %d %d %d %lf", id, model, hw, &gpus, &batch, &out_tokens,
                   &measured_j) != 7) {
            print_error("malformed case line: %s", line);
            fail();
        }
        char args[512];
        snprintf(args, sizeof args,
                 "estimate --model %s --hardware %s --gpus %d --batch %d --output-tokens %d "
                 "--format json",
                 model, hw, gpus, batch, out_tokens);
        json_t *j = run_cli_json(args);
        assert_non_null(j);
        double wh = json_real_value(json_object_get(json_object_get(j, "wh"), "accelerator"));
        double ratio = wh * 3600.0 / measured_j;
        printf("%-8s %-14s %dx%s batch %-5d estimate %8.1f J  measured %8.1f J  ratio %.2f\n", id,
               model, gpus, hw, batch, wh * 3600.0, measured_j, ratio);
        if (ratio > TOLERANCE_FACTOR || ratio < 1.0 / TOLERANCE_FACTOR)
            bad++;
        rows++;
        json_decref(j);
    }
    fclose(f);
    assert_int_equal(rows, 6);
    assert_int_equal(bad, 0);
}

/* Published facility figures reproduced under their authors' stated
 * conditions (tests/cases/epoch-long-input.cases), within a factor of 2. */
static void test_epoch_long_input(void **state)
{
    (void)state;
    FILE *f = fopen(AW_TEST_FIXTURES "/../cases/epoch-long-input.cases", "r");
    assert_non_null(f);
    char line[512];
    int rows = 0, bad = 0;
    while (fgets(line, sizeof line, f) != NULL) {
        if (line[0] == '#' || line[0] == '\n')
            continue;
        char id[32], args[400];
        double published;
        if (sscanf(line, "%31s | %lf | %399[^\n]", id, &published, args) != 3) {
            print_error("malformed case line: %s", line);
            fail();
        }
        char cmd[512];
        snprintf(cmd, sizeof cmd, "estimate %s --format json", args);
        json_t *j = run_cli_json(cmd);
        assert_non_null(j);
        double wh = json_real_value(json_object_get(json_object_get(j, "wh"), "facility"));
        double ratio = wh / published;
        printf("%-8s estimate %7.3g Wh  published %7.3g Wh  ratio %.2f\n", id, wh, published,
               ratio);
        if (ratio > 2.0 || ratio < 0.5)
            bad++;
        rows++;
        json_decref(j);
    }
    fclose(f);
    assert_int_equal(rows, 2);
    assert_int_equal(bad, 0);
}

/* The default request (a GPT-4o-class text query) lands in the range the
 * published figures span for such a query at the facility boundary:
 * 0.2-0.4 Wh (Epoch AI 0.3, Google 0.24, OpenAI 0.34). */
static void test_default_in_published_range(void **state)
{
    (void)state;
    json_t *j = run_cli_json("estimate --format json");
    assert_non_null(j);
    json_t *wh = json_object_get(j, "wh");
    double facility = json_real_value(json_object_get(wh, "facility"));
    printf("default request: facility %.3f Wh\n", facility);
    assert_true(facility >= 0.2 && facility <= 0.4);
    /* Every resolved assumption is printed. */
    json_t *inputs = json_object_get(j, "inputs");
    assert_non_null(json_object_get(inputs, "model"));
    assert_non_null(json_object_get(inputs, "pue"));
    assert_non_null(json_object_get(inputs, "batch"));
    json_decref(j);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mlenergy_rows),
        cmocka_unit_test(test_default_in_published_range),
        cmocka_unit_test(test_epoch_long_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
