/*
 * test_util.c - small public helpers: quantities as users write them,
 * status strings, version.
 */
#include <string.h>
#include "test_support.h"

static void test_parse_quantity(void **state)
{
    (void)state;
    double v = 0;
    assert_int_equal(aw_parse_quantity("70B", &v), AW_OK);
    assert_close(v, 7e10, 1e-15);
    assert_int_equal(aw_parse_quantity("15.6T", &v), AW_OK);
    assert_close(v, 1.56e13, 1e-15);
    assert_int_equal(aw_parse_quantity("2.5e9", &v), AW_OK);
    assert_close(v, 2.5e9, 1e-15);
    assert_int_equal(aw_parse_quantity("10k", &v), AW_OK);
    assert_close(v, 1e4, 1e-15);
    assert_int_equal(aw_parse_quantity("3M", &v), AW_OK);
    assert_close(v, 3e6, 1e-15);
    assert_int_equal(aw_parse_quantity("-4", &v), AW_OK);
    assert_close(v, -4, 0);
    /* Refused: empty, trailing junk, two suffixes, unknown suffix, overflow. */
    assert_int_equal(aw_parse_quantity("", &v), AW_E_PARSE);
    assert_int_equal(aw_parse_quantity(NULL, &v), AW_E_PARSE);
    assert_int_equal(aw_parse_quantity("7 B", &v), AW_E_PARSE);
    assert_int_equal(aw_parse_quantity("7BB", &v), AW_E_PARSE);
    assert_int_equal(aw_parse_quantity("7X", &v), AW_E_PARSE);
    assert_int_equal(aw_parse_quantity("abc", &v), AW_E_PARSE);
    assert_int_equal(aw_parse_quantity("1e308P", &v), AW_E_PARSE);
    assert_int_equal(aw_parse_quantity("1e999", &v), AW_E_PARSE);
    assert_int_equal(aw_parse_quantity("nan", &v), AW_E_PARSE);
}

static void test_status_and_version(void **state)
{
    (void)state;
    assert_string_equal(aw_strerror(AW_OK), "success");
    assert_string_equal(aw_strerror(AW_E_NOFIT), "does not fit in accelerator memory");
    assert_string_equal(aw_strerror((aw_status)999), "unknown status");
    assert_int_equal(aw_version_number(), AIWATT_VERSION_NUMBER);
    assert_string_equal(aw_version(), AIWATT_VERSION_STRING);
    char expected[32];
    snprintf(expected, sizeof expected, "%d.%d.%d", AIWATT_VERSION_MAJOR, AIWATT_VERSION_MINOR,
             AIWATT_VERSION_PATCH);
    assert_string_equal(aw_version(), expected);
    struct aw_diag d;
    strcpy(d.msg, "x");
    strcpy(d.hint, "y");
    aw_diag_clear(&d);
    assert_string_equal(d.msg, "");
    assert_string_equal(d.hint, "");
    aw_diag_clear(NULL);
}

/* The values are a stable ABI (bindings hard-code them: the Python
 * package's STATUS_NAMES): pinned here so that a change is a visible
 * decision, not a side effect of reordering the table. */
static void test_status_values_are_pinned(void **state)
{
    (void)state;
    assert_int_equal(AW_OK, 0);
    assert_int_equal(AW_E_NOMEM, 1);
    assert_int_equal(AW_E_INVALID, 2);
    assert_int_equal(AW_E_NOT_FOUND, 3);
    assert_int_equal(AW_E_PARSE, 4);
    assert_int_equal(AW_E_IO, 5);
    assert_int_equal(AW_E_RANGE, 6);
    assert_int_equal(AW_E_NOFIT, 7);
    assert_int_equal(AW_E_ABSENT, 8);
    assert_int_equal(AW_E_PERM, 9);
    assert_int_equal(AW_E_UNSUPPORTED, 10);
    assert_int_equal(AW_E_AMBIGUOUS, 11);
    /* Dense: every value below AW_STATUS_COUNT has its own message. */
    for (int s = 0; s < AW_STATUS_COUNT; s++)
        assert_string_not_equal(aw_strerror((aw_status)s), "unknown status");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_quantity),
        cmocka_unit_test(test_status_and_version),
        cmocka_unit_test(test_status_values_are_pinned),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
