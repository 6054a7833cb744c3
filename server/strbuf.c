/* strbuf.c - see strbuf.h. */
#include "strbuf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int reserve(struct strbuf *b, size_t extra)
{
    if (b->failed)
        return -1;
    if (b->len + extra + 1 <= b->cap)
        return 0;
    size_t cap = b->cap ? b->cap : 4096;
    while (cap < b->len + extra + 1)
        cap *= 2;
    char *d = realloc(b->data, cap);
    if (d == NULL) {
        b->failed = 1;
        return -1;
    }
    b->data = d;
    b->cap = cap;
    return 0;
}

void sb_printf(struct strbuf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char small[256];
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0 || reserve(b, (size_t)n) != 0)
        return;
    if ((size_t)n < sizeof small) {
        memcpy(b->data + b->len, small, (size_t)n + 1);
    } else {
        va_start(ap, fmt);
        vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
        va_end(ap);
    }
    b->len += (size_t)n;
}

void sb_puts(struct strbuf *b, const char *s)
{
    size_t n = strlen(s);
    if (reserve(b, n) != 0)
        return;
    memcpy(b->data + b->len, s, n + 1);
    b->len += n;
}

void sb_label_value(struct strbuf *b, const char *s)
{
    for (; *s; s++) {
        if (reserve(b, 2) != 0)
            return;
        if (*s == '\\' || *s == '"') {
            b->data[b->len++] = '\\';
            b->data[b->len++] = *s;
        } else if (*s == '\n') {
            b->data[b->len++] = '\\';
            b->data[b->len++] = 'n';
        } else {
            b->data[b->len++] = *s;
        }
        b->data[b->len] = '\0';
    }
}

char *sb_take(struct strbuf *b, size_t *len)
{
    char *d = b->failed ? NULL : b->data;
    if (b->failed)
        free(b->data);
    if (d == NULL && !b->failed) {
        d = calloc(1, 1);
        *len = 0;
    } else if (len != NULL) {
        *len = b->len;
    }
    memset(b, 0, sizeof *b);
    return d;
}

void sb_free(struct strbuf *b)
{
    free(b->data);
    memset(b, 0, sizeof *b);
}
