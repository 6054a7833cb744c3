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
    assert_non_null(strchr(aw_version(), '.'));
    struct aw_diag d;
    strcpy(d.msg, "x");
    strcpy(d.hint, "y");
    aw_diag_clear(&d);
    assert_string_equal(d.msg, "");
    assert_string_equal(d.hint, "");
    aw_diag_clear(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_quantity),
        cmocka_unit_test(test_status_and_version),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
