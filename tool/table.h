/*
 * table.h - how the CLI shows results to people: one table renderer, one
 * text wrapper and one number formatter, so that every command fits the
 * terminal and writes numbers the same way.
 *
 *   struct aw_view        the terminal width and the --wide / --precise
 *                         choices, set once in main.c;
 *   aw_text_width()       display columns of UTF-8 text (Hangul and other
 *                         East Asian wide characters take two);
 *   aw_fmt_*()            "278 MWh", "1.29 GWh", "59,700", "15.6T": SI
 *                         prefixes on the unit, thousands separators, never
 *                         scientific notation, 3 significant figures (every
 *                         digit with --precise);
 *   struct aw_table       columns with a drop rank, fitted to the width by
 *                         wrapping text columns and then hiding the least
 *                         useful columns (--wide: all columns, no wrapping);
 *   aw_text_print()       a paragraph wrapped to the width.
 *
 * JSON and CSV never go through this: they keep full precision.
 */
#ifndef AIWATT_TOOL_TABLE_H
#define AIWATT_TOOL_TABLE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct aw_view {
    int width;   /* display columns: COLUMNS, else the TTY's width, else 80 */
    int wide;    /* --wide: every column, nothing wrapped */
    int precise; /* --precise: every digit of every number */
};

#define AW_VIEW_DEFAULT_WIDTH 80
#define AW_VIEW_MIN_WIDTH 40

/* The width for output on `fd`: `columns_env` (the value of COLUMNS, may
 * be NULL) when it is a number, else the terminal's when `fd` is a TTY,
 * else 80. Never below AW_VIEW_MIN_WIDTH. */
int aw_view_width(int fd, const char *columns_env);

/* ---- Display width ---------------------------------------------------- */

/* Columns taken by one code point: 0 for combining marks and controls, 2 for
 * East Asian wide and fullwidth characters (Hangul, CJK, fullwidth forms),
 * else 1. */
int aw_char_width(uint32_t cp);
/* Columns taken by UTF-8 text; a malformed byte counts as one column. */
int aw_text_width(const char *utf8);
/* The same for the first `len` bytes. */
int aw_text_width_n(const char *utf8, size_t len);

/* ---- Numbers for people ----------------------------------------------- */

/* A formatted number. Returned by value so it can be used inside one printf
 * call without a buffer: printf("%s", aw_fmt_energy(v, 3.2).s). */
struct aw_fmt {
    char s[48];
};

/* Significant figures: AW_SIG (3) by default; fewer where the uncertainty is
 * wide. view->precise overrides both with every digit (15). */
#define AW_SIG 3
#define AW_SIG_PRECISE 15

/* A plain number, fixed notation, `sig` significant figures, thousands
 * separators in the integer part: "0.228", "1,290", "59,700". */
struct aw_fmt aw_fmt_num(const struct aw_view *view, double v, int sig);
/* A quantity with an SI prefix on `unit` ("Wh", "W", "J", "FLOP", "FLOP/s",
 * "B" for bytes) chosen so the number reads 1-999: "278 MWh", "1.29 GWh",
 * "0.228 Wh" (below 1 the unit keeps no prefix down to 0.001). */
struct aw_fmt aw_fmt_si(const struct aw_view *view, double v, const char *unit, int sig);
/* Energy from Wh ("278 MWh"), mass from grams ("553 t", "4.2 kg"; `suffix`
 * after the unit, e.g. "CO2e" gives "553 tCO2e"), water from mL ("1.67 mL",
 * "2.4 m3", "1.1 ML"), time from seconds ("7.84 s", "26.1 ms", "3.2 h",
 * "34 days"). */
struct aw_fmt aw_fmt_energy(const struct aw_view *view, double wh, int sig);
struct aw_fmt aw_fmt_mass(const struct aw_view *view, double grams, const char *suffix, int sig);
struct aw_fmt aw_fmt_water(const struct aw_view *view, double ml, int sig);
struct aw_fmt aw_fmt_time(const struct aw_view *view, double seconds, int sig);
/* A count: whole, with thousands separators below a billion ("59,700";
 * `sig` > 0 rounds to that many figures, 0 keeps every digit), and with a
 * suffix above ("15.6T", "1.2B": the suffixes the option parser reads). */
struct aw_fmt aw_fmt_count(const struct aw_view *view, double v, int sig);
/* A number of things that may be fractional: significant figures below a
 * billion ("0.463", "5.56", "83,400"), then as aw_fmt_count. */
struct aw_fmt aw_fmt_amount(const struct aw_view *view, double v, int sig);
/* A value in a unit written in the catalog ("MWh", "tCO2e", "Wh/query",
 * "L", "GPU-hours"): known energy, mass and water units are rescaled
 * ("1287 MWh" -> "1.29 GWh"), others printed after the number. */
struct aw_fmt aw_fmt_unit(const struct aw_view *view, double v, const char *unit, int sig);
/* A percentage of a share in [0, 1]: "12%", "0.4%". */
struct aw_fmt aw_fmt_pct(const struct aw_view *view, double share, int sig);

/* ---- Tables ----------------------------------------------------------- */

/* Column flags. */
#define AW_COL_LEFT 0u
#define AW_COL_RIGHT 1u /* numbers */
#define AW_COL_WRAP 2u  /* text that may wrap onto more lines */

/* Drop ranks: 0 never hidden; among the others the highest rank is hidden
 * first when the table does not fit. */
#define AW_KEEP 0

struct aw_table;

/* A table rendered for `view` (may be NULL: 80 columns), each line indented
 * by `indent` spaces. Allocation failures are remembered and reported by
 * aw_table_print. */
struct aw_table *aw_table_new(const struct aw_view *view, int indent);
void aw_table_free(struct aw_table *t);

/* Adds a column; `header` NULL or "" for none (a table with no header text
 * prints no header line). Columns are added before the first cell. */
void aw_table_col(struct aw_table *t, const char *header, unsigned flags, int drop_rank);
/* Spaces between columns (default 2). */
void aw_table_set_gap(struct aw_table *t, int gap);
/* Appends the next cell, left to right, top to bottom; a row is complete
 * after one cell per column. */
void aw_table_cell(struct aw_table *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Ends the current row early (the rest of its cells are empty). */
void aw_table_end_row(struct aw_table *t);
/* A line across the whole table (source, URL under a row), indented by
 * `indent` more columns than the table and wrapped to the width. */
void aw_table_span(struct aw_table *t, int indent, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* A blank line between groups of rows. */
void aw_table_blank(struct aw_table *t);

/* Prints the table fitted to the view: wrap columns shrink first, then the
 * columns with the highest drop rank are hidden (a note names them and
 * --wide). 0, or -1 when memory ran out while it was built (nothing is
 * printed then). */
int aw_table_print(struct aw_table *t, FILE *out);

/* The four boundaries as columns of numbers: accelerator, server, it and
 * facility (never hidden: the headline); server goes first when space is
 * short, then it, then accelerator. */
void aw_table_ladder_cols(struct aw_table *t);

/* aw_table_print, then aw_table_free: the table is done. */
int aw_table_done(struct aw_table *t, FILE *out);

/* A table of two columns without headers: a label, and text that wraps
 * (assumptions, a record's fields). */
struct aw_table *aw_table_pairs(const struct aw_view *view, int indent);

/* ---- Text ------------------------------------------------------------- */

/* Prints text word-wrapped to the view's width: the first line indented by
 * `indent` columns, the following by `hang`. Embedded newlines are kept. */
void aw_text_print(const struct aw_view *view, FILE *out, int indent, int hang, const char *fmt,
                   ...) __attribute__((format(printf, 5, 6)));

#endif
