/*
 * svg.c - the report as a chart people can read: one row per request kind,
 * Wh on a log scale (the kinds span five orders of magnitude), the four
 * boundaries drawn as nested bars because each contains the one before.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"

struct sbuf {
    char *data;
    size_t len;
    size_t cap;
    int failed;
};

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static void sb_printf(struct sbuf *b, const char *fmt, ...)
{
    if (b->failed)
        return;
    for (;;) {
        va_list ap;
        va_start(ap, fmt);
        int n = vsnprintf(b->data ? b->data + b->len : NULL, b->data ? b->cap - b->len : 0, fmt, ap);
        va_end(ap);
        if (n < 0) {
            b->failed = 1;
            return;
        }
        if (b->data != NULL && b->len + (size_t)n < b->cap) {
            b->len += (size_t)n;
            return;
        }
        size_t cap = b->cap ? b->cap * 2 : 8192;
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

/* Writes text with the XML special characters escaped. */
static void sb_text(struct sbuf *b, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '<':
            sb_printf(b, "&lt;");
            break;
        case '>':
            sb_printf(b, "&gt;");
            break;
        case '&':
            sb_printf(b, "&amp;");
            break;
        case '"':
            sb_printf(b, "&quot;");
            break;
        default:
            sb_printf(b, "%c", *s);
        }
    }
}

static void format_wh(char *out, size_t n, double wh)
{
    if (wh >= 1000)
        snprintf(out, n, "%.3g kWh", wh / 1000);
    else if (wh >= 1)
        snprintf(out, n, "%.3g Wh", wh);
    else
        snprintf(out, n, "%.2g Wh", wh);
}

char *aw_report_svg(const struct aw_report *rep)
{
    const int width = 1000, left = 250, right = 110, top = 70, row = 40, bar = 22;
    int height = top + (int)rep->n_items * row + 90;
    double lo = INFINITY, hi = 0;
    for (size_t i = 0; i < rep->n_items; i++) {
        double a = rep->items[i].wh.accelerator_wh, f = rep->items[i].wh.facility_wh;
        if (a > 0 && a < lo)
            lo = a;
        if (f > hi)
            hi = f;
    }
    if (!(hi > 0) || !isfinite(lo)) {
        lo = 0.01;
        hi = 1;
    }
    double dec_lo = floor(log10(lo)), dec_hi = ceil(log10(hi));
    if (dec_hi <= dec_lo)
        dec_hi = dec_lo + 1;
    double plot_w = width - left - right;
#define XPOS(wh) (left + plot_w * (log10(wh) - dec_lo) / (dec_hi - dec_lo))
    static const char *const colors[4] = {"#1b4f72", "#2e86c1", "#85c1e9", "#d6eaf8"};
    static const char *const names[4] = {"accelerator", "+ server (host)", "+ it (idle, reserve)",
                                         "facility (x PUE)"};
    struct sbuf b = {0};
    sb_printf(&b,
              "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
              "viewBox=\"0 0 %d %d\" font-family=\"Helvetica, Arial, sans-serif\" "
              "font-size=\"13\">\n",
              width, height, width, height);
    sb_printf(&b, "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n");
    sb_printf(&b, "<text x=\"20\" y=\"30\" font-size=\"20\" font-weight=\"bold\">How much "
                  "energy does one AI request use?</text>\n");
    sb_printf(&b, "<text x=\"20\" y=\"52\" fill=\"#555\">Watt-hours per request, log scale. "
                  "Estimated by aiwatt; each bar contains the one inside it.</text>\n");
    /* Decade grid lines and labels. */
    for (double d = dec_lo; d <= dec_hi + 1e-9; d += 1) {
        double x = XPOS(pow(10, d));
        char label[32];
        format_wh(label, sizeof label, pow(10, d));
        sb_printf(&b, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ddd\"/>\n", x,
                  top - 6, x, top + (int)rep->n_items * row);
        sb_printf(&b, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" fill=\"#555\">%s</text>\n",
                  x, top + (int)rep->n_items * row + 18, label);
    }
    for (size_t i = 0; i < rep->n_items; i++) {
        const struct aw_report_item *it = &rep->items[i];
        int y = top + (int)i * row;
        double vals[4] = {it->wh.accelerator_wh, it->wh.server_wh, it->wh.it_wh,
                          it->wh.facility_wh};
        sb_printf(&b, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">", left - 10, y + bar / 2 + 5);
        sb_text(&b, it->label);
        sb_printf(&b, "</text>\n");
        /* Widest (facility) first so the narrower bars are drawn on top. */
        for (int k = 3; k >= 0; k--) {
            double w = vals[k] > 0 ? XPOS(vals[k]) - left : 0;
            if (w < 1)
                w = 1;
            sb_printf(&b,
                      "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\">"
                      "<title>%s: %.4g Wh</title></rect>\n",
                      left, y, w, bar, colors[k], names[k], vals[k]);
        }
        char label[32];
        format_wh(label, sizeof label, it->wh.facility_wh);
        sb_printf(&b, "<text x=\"%.1f\" y=\"%d\" font-weight=\"bold\">%s</text>\n",
                  XPOS(it->wh.facility_wh) + 6, y + bar / 2 + 5, label);
    }
    /* Legend. */
    int ly = top + (int)rep->n_items * row + 40;
    for (int k = 0; k < 4; k++) {
        int lx = left + k * 170;
        sb_printf(&b, "<rect x=\"%d\" y=\"%d\" width=\"14\" height=\"14\" fill=\"%s\" "
                      "stroke=\"#999\"/>\n",
                  lx, ly, colors[k]);
        sb_printf(&b, "<text x=\"%d\" y=\"%d\">%s</text>\n", lx + 20, ly + 12, names[k]);
    }
    sb_printf(&b, "<text x=\"20\" y=\"%d\" fill=\"#777\" font-size=\"11\">Assumptions, "
                  "formulas and sources: aiwatt report --format json; docs/methodology.md."
                  "</text>\n",
              ly + 38);
    sb_printf(&b, "</svg>\n");
#undef XPOS
    if (b.failed) {
        free(b.data);
        return NULL;
    }
    return b.data;
}
