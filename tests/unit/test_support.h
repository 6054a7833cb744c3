/*
 * test_support.h - shared helpers for the cmocka unit tests.
 */
#ifndef AIWATT_TEST_SUPPORT_H
#define AIWATT_TEST_SUPPORT_H

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>
#include "aiwatt.h"
#include "aiwatt/json.h"

/* The main() of a test file whose tests share no group fixture: runs the
 * entries given (cmocka_unit_test(...) and the like) as one group. */
#define TEST_MAIN(...)                                         \
    int main(void)                                             \
    {                                                          \
        const struct CMUnitTest tests[] = {__VA_ARGS__};       \
        return cmocka_run_group_tests(tests, NULL, NULL);      \
    }

/* Asserts |actual - expected| <= rel * |expected| and prints both on failure. */
#define assert_close(actual, expected, rel)                                                    \
    do {                                                                                       \
        double a_ = (actual), e_ = (expected);                                                 \
        if (!(fabs(a_ - e_) <= (rel)*fabs(e_))) {                                              \
            print_error("%s = %.9g, expected %.9g (rel tol %g)\n", #actual, a_, e_, (double)(rel)); \
            fail();                                                                            \
        }                                                                                      \
    } while (0)

/* Asserts the four rungs of a boundary ladder (Wh), each within `rel`. */
#define assert_ladder(wh, accelerator, server, it, facility, rel) \
    do {                                                          \
        assert_close((wh).accelerator_wh, (accelerator), (rel));  \
        assert_close((wh).server_wh, (server), (rel));            \
        assert_close((wh).it_wh, (it), (rel));                    \
        assert_close((wh).facility_wh, (facility), (rel));        \
    } while (0)

/* A malformed row of a case file fails the test, naming the line. */
#define fail_malformed(line)                              \
    do {                                                  \
        print_error("malformed case line: %s", (line));   \
        fail();                                           \
    } while (0)

/* Runs `row_ok` on every row of the case file tests/cases/NAME (comment (#)
 * and blank lines skipped), and asserts that the file has `rows` rows (a
 * row lost from the file is a failure too) and that each one held. */
static inline void check_case_rows(const char *name, int rows, int (*row_ok)(const char *line))
{
    char path[512], line[512];
    snprintf(path, sizeof path, "%s/../cases/%s", AW_TEST_FIXTURES, name);
    FILE *f = fopen(path, "r");
    if (f == NULL) {
        print_error("cannot open %s\n", path);
        fail();
    }
    int seen = 0, failed = 0;
    while (fgets(line, sizeof line, f) != NULL) {
        if (line[0] == '#' || line[0] == '\n')
            continue;
        seen++;
        failed += !row_ok(line);
    }
    fclose(f);
    assert_int_equal(seen, rows);
    assert_int_equal(failed, 0);
}

/* A catalog of the fixture file only (tests/fixtures/catalog/NAME). */
static inline aw_catalog *fixture_catalog(const char *name)
{
    aw_catalog *cat = NULL;
    struct aw_diag diag;
    char path[512];
    snprintf(path, sizeof path, "%s/catalog/%s", AW_TEST_FIXTURES, name);
    if (aw_catalog_new(&cat) != AW_OK)
        return NULL;
    if (aw_catalog_merge_file(cat, path, &diag) != AW_OK) {
        print_error("fixture %s: %s\n", path, diag.msg);
        aw_catalog_free(cat);
        return NULL;
    }
    return cat;
}

/* `st`, after printing `diag`'s message and hint when it is a refusal, so
 * that a failing test says why. */
static inline aw_status said(const char *what, aw_status st, const struct aw_diag *diag)
{
    if (st != AW_OK)
        print_message("%s: %s (%s)\n", what, diag->msg, diag->hint);
    return st;
}

/* aw_estimate_request that says why it refused (said). */
static inline aw_status estimate_said(const aw_catalog *catalog, const struct aw_request *req,
                                      struct aw_estimate *e)
{
    struct aw_diag diag;
    return said("estimate", aw_estimate_request(catalog, req, e, &diag), &diag);
}

/* The estimate of `req` on `catalog`; a refusal fails the test, saying why. */
static inline struct aw_estimate estimate_ok(const aw_catalog *catalog,
                                             const struct aw_request *req)
{
    struct aw_estimate e;
    assert_int_equal(estimate_said(catalog, req, &e), AW_OK);
    return e;
}

/* aw_train_estimate that says why it refused (said). */
static inline aw_status train_estimate_said(const aw_catalog *catalog,
                                            const struct aw_train_request *req,
                                            struct aw_train_estimate *e)
{
    struct aw_diag diag;
    return said("training estimate", aw_train_estimate(catalog, req, e, &diag), &diag);
}

/* A request as aw_request_init() leaves it, for `model_id` on `hardware_id`
 * (NULL: the catalog's default). */
static inline struct aw_request request_for(const char *model_id, const char *hardware_id)
{
    struct aw_request req;
    aw_request_init(&req);
    req.model_id = model_id;
    req.hardware_id = hardware_id;
    return req;
}

/* The same for a training run (aw_train_request_init()). */
static inline struct aw_train_request train_request_for(const char *model_id,
                                                        const char *hardware_id)
{
    struct aw_train_request req;
    aw_train_request_init(&req);
    req.model_id = model_id;
    req.hardware_id = hardware_id;
    return req;
}

static inline aw_catalog *default_catalog(void)
{
    aw_catalog *cat = NULL;
    struct aw_diag diag;
    if (aw_catalog_new(&cat) != AW_OK)
        return NULL;
    if (aw_catalog_load_default(cat, &diag) != AW_OK) {
        print_error("default catalog: %s\n", diag.msg);
        aw_catalog_free(cat);
        return NULL;
    }
    return cat;
}

#ifdef AW_CLI
#include <jansson.h>
/* Runs the built CLI (AW_CLI) with `args` as a user would, through the shell,
 * and returns its parsed JSON stdout, or NULL when it fails or prints no
 * JSON. For tests that check the CLI contract end to end. */
static inline json_t *run_cli_json(const char *args)
{
    char cmd[1024];
    int n = snprintf(cmd, sizeof cmd, "'%s' %s", AW_CLI, args);
    if (n < 0 || (size_t)n >= sizeof cmd)
        return NULL; /* too long to run whole: the caller reports it */
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

/* The energy at `boundary` ("accelerator", "server", "it" or "facility") of
 * a JSON result of the CLI (its "wh" object), in Wh. */
static inline double json_wh(const json_t *j, const char *boundary)
{
    return json_real_value(json_object_get(json_object_get(j, "wh"), boundary));
}

/* One row of a calibration table: `aiwatt ARGS --format json` at `boundary`
 * against a published figure, in a unit of `per_wh` per Wh (3600 for J, 1
 * for Wh). Prints the row, so that CI logs show the calibration state, and
 * returns whether estimate / published is within [1 / factor, factor]. */
static inline int calibration_row_within(const char *id, const char *args, const char *boundary,
                                         double published, double per_wh, const char *unit,
                                         double factor)
{
    char cmd[1024];
    int n = snprintf(cmd, sizeof cmd, "%s --format json", args);
    json_t *j = n >= 0 && (size_t)n < sizeof cmd ? run_cli_json(cmd) : NULL;
    if (j == NULL) {
        print_error("%s: aiwatt %s failed or printed no JSON\n", id, cmd);
        fail();
    }
    double estimate = json_wh(j, boundary) * per_wh;
    json_decref(j);
    double ratio = estimate / published;
    int decimals = published >= 100 ? 1 : 3; /* 1316.0 J, 2.500 Wh */
    printf("%-13s estimate %9.*f %s  published %9.*f %s  ratio %.2f  (%s)\n", id, decimals,
           estimate, unit, decimals, published, unit, ratio, args);
    return ratio <= factor && ratio >= 1.0 / factor;
}
#endif

#endif
