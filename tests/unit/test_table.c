/*
 * test_table.c - the CLI's renderer (tool/table.c): numbers as people write
 * them, display width of wide characters, tables fitted to a width.
 */
#define _GNU_SOURCE /* open_memstream */
#include <stdlib.h>
#include <string.h>
#include "test_support.h"
#include "table.h"

static const struct aw_view v80 = {80, 0, 0};
static const struct aw_view precise = {80, 0, 1};

static void test_numbers(void **state)
{
    (void)state;
    /* The examples: 2.778e+08 Wh, 1.287k MWh, 5.97e+04 households. */
    assert_string_equal(aw_fmt_energy(&v80, 2.778e8, 3).s, "278 MWh");
    assert_string_equal(aw_fmt_energy(&v80, 1.287e9, 3).s, "1.29 GWh");
    assert_string_equal(aw_fmt_count(&v80, 59712, 3).s, "59,700");
    assert_string_equal(aw_fmt_count(&v80, 59712, 0).s, "59,712");
    assert_string_equal(aw_fmt_count(&v80, 1.56e13, 3).s, "15.6T");
    /* Below 1 Wh the unit stays; rounding that crosses 1000 moves the prefix. */
    assert_string_equal(aw_fmt_energy(&v80, 0.22816, 3).s, "0.228 Wh");
    assert_string_equal(aw_fmt_energy(&v80, 999.7, 3).s, "1 kWh");
    assert_string_equal(aw_fmt_energy(&v80, 5e-4, 3).s, "500 uWh");
    assert_string_equal(aw_fmt_energy(&v80, 0, 3).s, "0 Wh");
    assert_string_equal(aw_fmt_energy(&v80, -12345.6, 2).s, "-12 kWh");
    assert_string_equal(aw_fmt_si(&v80, 1.408e14, "FLOP", 3).s, "141 TFLOP");
    assert_string_equal(aw_fmt_mass(&v80, 5.53e8, "CO2e", 3).s, "553 tCO2e");
    assert_string_equal(aw_fmt_mass(&v80, 0.08764, "CO2e", 3).s, "0.0876 gCO2e");
    assert_string_equal(aw_fmt_water(&v80, 0.7771, 2).s, "0.78 mL");
    assert_string_equal(aw_fmt_water(&v80, 2.4e6, 2).s, "2.4 m3");
    assert_string_equal(aw_fmt_time(&v80, 0.0261, 3).s, "26.1 ms");
    assert_string_equal(aw_fmt_time(&v80, 90, 3).s, "90 s");
    assert_string_equal(aw_fmt_time(&v80, 34 * 86400.0, 2).s, "34 days");
    assert_string_equal(aw_fmt_num(&v80, 1234567.0, 3).s, "1,230,000");
    assert_string_equal(aw_fmt_pct(&v80, 0.123, 2).s, "12%");
    assert_string_equal(aw_fmt_pct(&v80, 0.004, 2).s, "0.4%");
    /* --precise: every digit, still no exponent. */
    assert_string_equal(aw_fmt_energy(&precise, 2.778123e8, 3).s, "277.8123 MWh");
    assert_string_equal(aw_fmt_energy(&precise, 0.1 + 0.2, 3).s, "0.3 Wh");
    assert_string_equal(aw_fmt_count(&precise, 59712, 3).s, "59,712");
    assert_string_equal(aw_fmt_energy(&v80, NAN, 3).s, "- Wh");
}

static void test_display_width(void **state)
{
    (void)state;
    assert_int_equal(aw_text_width("abc"), 3);
    /* Hangul syllables are two columns each; é is one (two bytes). */
    assert_int_equal(aw_text_width("\xed\x95\x9c\xea\xb5\xad\xec\x96\xb4"), 6); /* 한국어 */
    assert_int_equal(aw_text_width("caf\xc3\xa9"), 4);
    /* A combining acute accent adds no column; a stray byte takes one. */
    assert_int_equal(aw_text_width("e\xcc\x81"), 1);
    assert_int_equal(aw_text_width("a\xff"), 2);
    assert_int_equal(aw_char_width(0xAC00), 2);
    assert_int_equal(aw_char_width(0x4E00), 2);
    assert_int_equal(aw_char_width('A'), 1);
}

/* Renders `t` into a string (caller frees). */
static char *render(struct aw_table *t)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    assert_int_equal(aw_table_print(t, f), 0);
    fclose(f);
    return buf;
}

static int widest_line(const char *s)
{
    int best = 0;
    while (*s != '\0') {
        size_t n = strcspn(s, "\n");
        int w = aw_text_width_n(s, n);
        if (w > best)
            best = w;
        s += n + (s[n] == '\n');
    }
    return best;
}

static struct aw_table *sample(const struct aw_view *view)
{
    struct aw_table *t = aw_table_new(view, 2);
    aw_table_col(t, "boundary", AW_COL_LEFT, AW_KEEP);
    aw_table_col(t, "Wh", AW_COL_RIGHT, AW_KEEP);
    aw_table_col(t, "what it adds", AW_COL_WRAP, AW_KEEP);
    aw_table_col(t, "source", AW_COL_LEFT, 1);
    aw_table_cell(t, "accelerator");
    aw_table_cell(t, "0.131");
    aw_table_cell(t, "GPU energy: denoising 0.298 Wh + text encoder 0.0031 Wh + VAE decode");
    aw_table_cell(t, "https://example.org/a-long-source-address-that-does-not-fit");
    aw_table_cell(t, "\xed\x95\x9c\xea\xb5\xad"); /* 한국: 4 columns */
    aw_table_cell(t, "1");
    aw_table_cell(t, "short");
    aw_table_cell(t, "x");
    return t;
}

static void test_table_fits(void **state)
{
    (void)state;
    struct aw_table *t = sample(&v80);
    char *out = render(t);
    /* The text column wraps and the source column is hidden, with a note. */
    assert_true(widest_line(out) <= 80);
    assert_null(strstr(out, "https://"));
    assert_non_null(strstr(out, "(source hidden to fit 80 columns; --wide shows it)"));
    assert_non_null(strstr(out, "  boundary        Wh  what it adds\n"));
    assert_non_null(strstr(out, "  accelerator  0.131  GPU energy: denoising 0.298 Wh + text encoder 0.0031 Wh +\n"
                                 "                      VAE decode\n"));
    /* Padding counts columns, not bytes: "1" lines up under "0.131". */
    assert_non_null(strstr(out, "  \xed\x95\x9c\xea\xb5\xad             1  short\n"));
    free(out);
    aw_table_free(t);

    /* --wide: every column, one line per row. */
    struct aw_view wide = {80, 1, 0};
    t = sample(&wide);
    out = render(t);
    assert_non_null(strstr(out, "VAE decode  https://example.org/"));
    assert_int_equal(widest_line(out),
                     2 + 11 + 2 + 5 + 2 + 68 + 2 + 59); /* indent, the natural widths, gaps */
    free(out);
    aw_table_free(t);

    /* Very narrow: nothing to hide any more, columns wrap, no line over. */
    struct aw_view narrow = {40, 0, 0};
    t = sample(&narrow);
    out = render(t);
    assert_true(widest_line(out) <= 40);
    free(out);
    aw_table_free(t);
}

static void test_text_wraps(void **state)
{
    (void)state;
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    struct aw_view v40 = {40, 0, 0};
    aw_text_print(&v40, f, 0, 2, "aiwatt estimate: sd3-medium (confirmed), task image, 28 steps");
    fclose(f);
    assert_string_equal(buf, "aiwatt estimate: sd3-medium (confirmed),\n  task image, 28 steps\n");
    free(buf);
}

TEST_MAIN(cmocka_unit_test(test_numbers),
          cmocka_unit_test(test_display_width),
          cmocka_unit_test(test_table_fits),
          cmocka_unit_test(test_text_wraps))
