/*
 * strbuf.h - a growable text buffer for rendering responses. An allocation
 * failure is sticky: later appends do nothing and sb_take returns NULL.
 */
#ifndef AIWATT_SERVE_STRBUF_H
#define AIWATT_SERVE_STRBUF_H

#include <stddef.h>

struct strbuf {
    char *data;
    size_t len, cap;
    int failed;
};

void sb_printf(struct strbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sb_puts(struct strbuf *b, const char *s);
/* Appends s as a Prometheus label value: \ " and newline escaped. */
void sb_label_value(struct strbuf *b, const char *s);
/* Hands the text over (NUL-terminated; NULL after a failure) and resets b. */
char *sb_take(struct strbuf *b, size_t *len);
void sb_free(struct strbuf *b);

#endif
