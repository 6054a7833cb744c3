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

/* Asserts |actual - expected| <= rel * |expected| and prints both on failure. */
#define assert_close(actual, expected, rel)                                                    \
    do {                                                                                       \
        double a_ = (actual), e_ = (expected);                                                 \
        if (!(fabs(a_ - e_) <= (rel)*fabs(e_))) {                                              \
            print_error("%s = %.9g, expected %.9g (rel tol %g)\n", #actual, a_, e_, (double)(rel)); \
            fail();                                                                            \
        }                                                                                      \
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

#endif
