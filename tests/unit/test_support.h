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

/* The next row of a case file (tests/cases/) into `line`, skipping comment
 * (#) and blank lines; 0 at the end of the file. */
static inline int next_case(FILE *f, char *line, int size)
{
    while (fgets(line, size, f) != NULL) {
        if (line[0] != '#' && line[0] != '\n')
            return 1;
    }
    return 0;
}

/* A malformed row of a case file fails the test, naming the line. */
#define fail_malformed(line)                              \
    do {                                                  \
        print_error("malformed case line: %s", (line));   \
        fail();                                           \
    } while (0)

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

/* aw_estimate_request that prints the message and hint when it refuses, so
 * that a failing test says why. */
static inline aw_status estimate_said(const aw_catalog *catalog, const struct aw_request *req,
                                      struct aw_estimate *e)
{
    struct aw_diag diag;
    aw_status st = aw_estimate_request(catalog, req, e, &diag);
    if (st != AW_OK)
        print_message("estimate: %s (%s)\n", diag.msg, diag.hint);
    return st;
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
#endif

#endif
