/*
 * test_util.c - small public helpers: quantities as users write them,
 * status strings, version, the edit distance behind "did you mean".
 */
#include <ctype.h>
#include <string.h>
#include "internal.h"
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

/* The full Levenshtein table, case-insensitive, without caps or bands. */
static size_t plain_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b), d[64][64];
    for (size_t i = 0; i <= la; i++)
        d[i][0] = i;
    for (size_t j = 0; j <= lb; j++)
        d[0][j] = j;
    for (size_t i = 1; i <= la; i++) {
        for (size_t j = 1; j <= lb; j++) {
            size_t best = d[i - 1][j - 1] +
                          (tolower((unsigned char)a[i - 1]) != tolower((unsigned char)b[j - 1]));
            if (d[i - 1][j] + 1 < best)
                best = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < best)
                best = d[i][j - 1] + 1;
            d[i][j] = best;
        }
    }
    return d[la][lb];
}

/* aw__edit_distance computes only a band around the diagonal and stops
 * early: it must equal the full table capped at `cap`, for every pair of
 * these words (empty, equal up to case, one apart, far apart, long) and
 * every cap. */
static void test_edit_distance(void **state)
{
    (void)state;
    static const char *const words[] = {
        "", "a", "ab", "ba", "H100-SXM", "h100-sxm", "h100-pcie", "h200-sxm", "llama-3.1-8b",
        "llama-3.1-70b", "llama-3-8b", "lama-3.1-8b", "output_tokens", "input_tokens",
        "outputtokens", "tokens", "gpus", "gpu", "kitten", "sitting", "abcdefghij", "jihgfedcba",
        "mistral-large-2407", "qwen2.5-72b-instruct",
        "a-very-long-identifier-of-sixty-three-characters-1234567890abcd",
    };
    size_t n = sizeof words / sizeof words[0];
    assert_int_equal(plain_distance("kitten", "sitting"), 3);
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < n; j++) {
            size_t d = plain_distance(words[i], words[j]);
            for (size_t cap = 0; cap <= 66; cap++) {
                size_t want = d < cap ? d : cap;
                if (aw__edit_distance(words[i], words[j], cap) != want)
                    fail_msg("'%s' '%s' cap %zu: %zu, want %zu", words[i], words[j], cap,
                             aw__edit_distance(words[i], words[j], cap), want);
            }
            assert_int_equal(aw__edit_distance(words[i], words[j], SIZE_MAX), d);
        }
    }
    /* Longer than any id: not a typo of one. */
    char long_id[80];
    memset(long_id, 'x', sizeof long_id - 1);
    long_id[sizeof long_id - 1] = '\0';
    assert_int_equal(aw__edit_distance(long_id, long_id, 5), 5);
}

TEST_MAIN(cmocka_unit_test(test_parse_quantity),
          cmocka_unit_test(test_status_and_version),
          cmocka_unit_test(test_status_values_are_pinned),
          cmocka_unit_test(test_edit_distance))
