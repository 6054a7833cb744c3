/*
 * render.h - what the chart (svg.c) and the page (html.c) share: a growing
 * string buffer, escaped text, the reader's language and numbers as people
 * write them.
 */
#ifndef AW_REPORT_RENDER_H
#define AW_REPORT_RENDER_H

#include <stddef.h>
#include "aiwatt/scenario.h"

#if defined(__GNUC__)
#define AW__PRINTF(f, a) __attribute__((format(printf, f, a)))
#define AW__FORMAT_ARG(n) __attribute__((format_arg(n)))
#else
#define AW__PRINTF(f, a)
#define AW__FORMAT_ARG(n)
#endif

/* Marks an English message for the translators (xgettext --keyword=N_). */
#define N_(msgid) msgid

struct aw__sbuf {
    char *data;
    size_t len;
    size_t cap;
    int failed; /* out of memory: everything after is dropped */
};

void aw__sb_printf(struct aw__sbuf *b, const char *fmt, ...) AW__PRINTF(2, 3);
/* Text with the XML/HTML special characters escaped. */
void aw__sb_text(struct aw__sbuf *b, const char *s);
/* printf, then escaped. */
void aw__sb_textf(struct aw__sbuf *b, const char *fmt, ...) AW__PRINTF(2, 3);
/* The buffer's string (the caller frees it), or NULL after a failure. */
char *aw__sb_finish(struct aw__sbuf *b);

/* The message in the reader's language (opts' translate function), or the
 * English msgid. Checked by the compiler as the format it stands for. */
const char *aw__tr(const struct aw_render_opts *opts, const char *msgid) AW__FORMAT_ARG(2);

/* The boundary's name as the report prints it, translated. */
const char *aw__boundary_label(const struct aw_render_opts *opts, enum aw_boundary bd);

/* "0.23 Wh", "15 Wh", "160 Wh", "1.2 kWh", "3.5 MWh": two or three
 * significant figures, the largest unit that keeps the number >= 1. */
void aw__format_wh(char *out, size_t n, double wh);

/* "0.76", "15.1", "72,700", "3,100,000,000": three significant figures,
 * digits grouped by threes (English and Korean both group with commas). */
void aw__format_count(char *out, size_t n, double v);

/* The first part of a source ("Elsworth et al. (Google)" of "Elsworth et
 * al. (Google), Measuring ..."): up to the first comma, at most n-1 bytes. */
void aw__short_source(char *out, size_t n, const char *source);

#endif
