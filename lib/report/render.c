/*
 * render.c - the string buffer and formatting the chart and the page share.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "render.h"
#include "aiwatt/units.h"

#if defined(__GNUC__)
__attribute__((format(printf, 2, 0))) /* clang checks fmt then (-Wformat-nonliteral) */
#endif
static void sb_vprintf(struct aw__sbuf *b, const char *fmt, va_list ap0);

static void sb_vprintf(struct aw__sbuf *b, const char *fmt, va_list ap0)
{
    if (b->failed)
        return;
    for (;;) {
        va_list ap;
        va_copy(ap, ap0);
        int n = vsnprintf(b->data ? b->data + b->len : NULL, b->data ? b->cap - b->len : 0, fmt,
                          ap);
        va_end(ap);
        if (n < 0) {
            b->failed = 1;
            return;
        }
        if (b->data != NULL && b->len + (size_t)n < b->cap) {
            b->len += (size_t)n;
            return;
        }
        size_t cap = b->cap ? b->cap * 2 : 16384;
        while (cap < b->len + (size_t)n + 1)
            cap *= 2;
        char *d = realloc(b->data, cap);
        if (d == NULL) {
            b->failed = 1;
            return;
        }
        b->data = d;
        b->cap = cap;
    }
}

void aw__sb_printf(struct aw__sbuf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    sb_vprintf(b, fmt, ap);
    va_end(ap);
}

/* The character reference of a character HTML and SVG text must escape, or
 * NULL for one that stands as it is. */
static const char *html_entity(char c)
{
    static const struct {
        char c;
        const char *entity;
    } entities[] = {{'<', "&lt;"}, {'>', "&gt;"}, {'&', "&amp;"}, {'"', "&quot;"}};
    for (size_t i = 0; i < sizeof entities / sizeof entities[0]; i++) {
        if (c == entities[i].c)
            return entities[i].entity;
    }
    return NULL;
}

void aw__sb_text(struct aw__sbuf *b, const char *s)
{
    for (; s && *s; s++) {
        const char *entity = html_entity(*s);
        if (entity != NULL)
            aw__sb_printf(b, "%s", entity);
        else
            aw__sb_printf(b, "%c", *s);
    }
}

void aw__sb_textf(struct aw__sbuf *b, const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    aw__sb_text(b, buf);
}

char *aw__sb_finish(struct aw__sbuf *b)
{
    if (b->failed) {
        free(b->data);
        b->data = NULL;
        return NULL;
    }
    return b->data;
}

const char *aw__tr(const struct aw_render_opts *opts, const char *msgid)
{
    if (opts == NULL || opts->translate == NULL)
        return msgid;
    const char *t = opts->translate(opts->translate_ctx, msgid);
    return t != NULL ? t : msgid;
}

const char *aw__boundary_label(const struct aw_render_opts *o, enum aw_boundary bd)
{
    switch (bd) {
    case AW_BOUNDARY_ACCELERATOR:
        return aw__tr(o, "accelerator");
    case AW_BOUNDARY_SERVER:
        return aw__tr(o, "server");
    case AW_BOUNDARY_IT:
        return aw__tr(o, "IT");
    case AW_BOUNDARY_FACILITY:
        return aw__tr(o, "facility");
    default:
        return aw__tr(o, "unspecified");
    }
}

void aw__format_wh(char *out, size_t n, double wh)
{
    const struct aw_unit *u = aw_unit_readable(AW_UNIT_ENERGY, wh);
    wh /= u->to_base;
    if (fabs(wh) >= 100)
        snprintf(out, n, "%.0f %s", wh, u->name);
    else if (fabs(wh) >= 1)
        snprintf(out, n, "%.3g %s", wh, u->name);
    else
        snprintf(out, n, "%.2g %s", wh, u->name);
}

void aw__short_source(char *out, size_t n, const char *source)
{
    if (n == 0)
        return;
    if (source == NULL)
        source = "";
    size_t len = strcspn(source, ",");
    if (len >= n)
        len = n - 1;
    memcpy(out, source, len);
    out[len] = '\0';
}

void aw__format_count(char *out, size_t n, double v)
{
    if (!isfinite(v) || fabs(v) < 1000) {
        snprintf(out, n, "%.3g", v);
        return;
    }
    /* Round to three significant figures, then group the digits. */
    double mag = pow(10, floor(log10(fabs(v))) - 2);
    char digits[64];
    snprintf(digits, sizeof digits, "%.0f", round(v / mag) * mag);
    size_t len = strlen(digits), lead = digits[0] == '-' ? 1 : 0, o = 0;
    for (size_t i = 0; i < len && o + 2 < n; i++) {
        if (i > lead && (len - i) % 3 == 0)
            out[o++] = ',';
        out[o++] = digits[i];
    }
    out[o] = '\0';
}
