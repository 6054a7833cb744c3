/*
 * svg.c - the report as a chart people can read at a glance.
 *
 * One row per kind of request. Facility energy is a dot with its p5-p95
 * range as a whisker on a log axis (the kinds span five orders of
 * magnitude); the published figures are diamonds on the rows they are
 * about, keyed by letter to their sources; where the energy goes is a
 * linear 100 % bar per row, because shares drawn on a log axis mislead (the
 * accelerator's half looked like a sliver). Colours are the Okabe-Ito
 * palette, and every colour has a second cue (shape, fill, hatching, a
 * printed percentage) so the chart survives greyscale and colour-blindness.
 * All text is <text>: selectable, searchable, translatable.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "aiwatt.h"
#include "render.h"

/* Layout in viewBox units (1200 wide: sharp at 1200 px, scaled on phones). */
enum {
    WIDTH = 1200,
    LABEL_X = 24,
    PLOT_X0 = 360,
    PLOT_X1 = 860,
    SPLIT_X = 910,
    SPLIT_W = 266,
    TOP = 150,
    ROW_H = 72,
    DOT_DY = 22, /* the row's centre line below its top */
};

/* Okabe & Ito (2008), "Color Universal Design": distinguishable with every
 * common colour-vision deficiency. */
#define OI_BLACK "#000000"
#define OI_ORANGE "#E69F00"
#define OI_SKY "#56B4E9"
#define OI_GREEN "#009E73"
#define OI_BLUE "#0072B2"
#define OI_VERMILLION "#D55E00"

struct axis {
    double dec_lo, dec_hi;
};

static double xpos(const struct axis *a, double wh)
{
    double d = wh > 0 ? log10(wh) : a->dec_lo;
    if (d < a->dec_lo)
        d = a->dec_lo;
    if (d > a->dec_hi)
        d = a->dec_hi;
    return PLOT_X0 + (PLOT_X1 - PLOT_X0) * (d - a->dec_lo) / (a->dec_hi - a->dec_lo);
}

static struct axis make_axis(const struct aw_report *rep)
{
    double lo = INFINITY, hi = 0;
    for (size_t i = 0; i < rep->n_items; i++) {
        const struct aw_report_item *it = &rep->items[i];
        double vals[3] = {it->facility_range.p5, it->facility_range.p95, it->wh.facility_wh};
        for (int k = 0; k < 3; k++) {
            if (vals[k] > 0 && vals[k] < lo)
                lo = vals[k];
            if (vals[k] > hi)
                hi = vals[k];
        }
        for (size_t k = 0; k < it->n_refs; k++) {
            if (it->refs[k].wh < lo)
                lo = it->refs[k].wh;
            if (it->refs[k].wh > hi)
                hi = it->refs[k].wh;
        }
    }
    if (!(hi > 0) || !isfinite(lo)) {
        lo = 0.01;
        hi = 1;
    }
    struct axis a = {floor(log10(lo)), ceil(log10(hi))};
    if (a.dec_hi <= a.dec_lo)
        a.dec_hi = a.dec_lo + 1;
    return a;
}

/* The second line of a row: the model, the size and the hardware that set
 * its scale. */
static void sublabel(struct aw__sbuf *b, const struct aw_render_opts *o,
                     const struct aw_report_item *it)
{
    const struct aw_resolved *in = &it->inputs;
    if (strcmp(it->kind, "average") == 0) {
        aw__sb_textf(b, aw__tr(o, "weighted mix of request kinds, %s (profile chatgpt-2025)"),
                     in->hardware_id ? in->hardware_id : "");
    } else if (strcmp(it->kind, "agent") == 0) {
        aw__sb_textf(b, aw__tr(o, "%s, one call per step, prompt cache on, %d x %s"),
                     in->model_id, in->gpus, in->hardware_id);
    } else if (in->diffusion.architecture != NULL && in->diffusion.frames > 1) {
        aw__sb_textf(b, aw__tr(o, "%s, %dx%d px, %d frames, %d steps, %d x %s"), in->model_id,
                     in->diffusion.width, in->diffusion.height, in->diffusion.frames,
                     in->diffusion.steps, in->gpus, in->hardware_id);
    } else if (in->diffusion.architecture != NULL) {
        aw__sb_textf(b, aw__tr(o, "%s, %dx%d px, %d steps, %d x %s"), in->model_id,
                     in->diffusion.width, in->diffusion.height, in->diffusion.steps, in->gpus,
                     in->hardware_id);
    } else if (in->reasoning_tokens > 0) {
        aw__sb_textf(b, aw__tr(o, "%s, %ld in / %ld out + %ld reasoning tokens, %d x %s, batch %d"),
                     in->model_id, in->input_tokens, in->output_tokens, in->reasoning_tokens,
                     in->gpus, in->hardware_id, in->batch);
    } else {
        aw__sb_textf(b, aw__tr(o, "%s, %ld in / %ld out tokens, %d x %s %s, batch %d"),
                     in->model_id, in->input_tokens, in->output_tokens, in->gpus,
                     in->hardware_id, in->precision, in->batch);
    }
}

/* A diamond centred on (x, y): filled when the figure counts the facility
 * like the dot does, hollow when it counts less or does not say. */
static void diamond(struct aw__sbuf *b, double x, double y, double r, int filled)
{
    aw__sb_printf(b,
                  "<path d=\"M%.1f %.1fl%.1f %.1fl%.1f %.1fl%.1f %.1fz\" fill=\"%s\" "
                  "stroke=\"" OI_VERMILLION "\" stroke-width=\"2\"/>",
                  x, y - r, r, r, -r, r, -r, -r, filled ? OI_VERMILLION : "white");
}

static void row(struct aw__sbuf *b, const struct aw_render_opts *o, const struct axis *ax,
                const struct aw_report_item *it, int y, int *letter)
{
    const double cy = y + DOT_DY;
    char buf[64];
    aw__sb_printf(b, "<g class=\"row\" data-kind=\"%s\">\n", it->kind);
    aw__sb_printf(b, "<text class=\"label\" x=\"%d\" y=\"%.0f\" font-size=\"16\" "
                     "font-weight=\"bold\">", LABEL_X, cy + 5);
    aw__sb_text(b, aw__tr(o, it->label));
    aw__sb_printf(b, "</text>\n<text class=\"sublabel\" x=\"%d\" y=\"%.0f\" font-size=\"12\" "
                     "fill=\"#444\">", LABEL_X, cy + 23);
    sublabel(b, o, it);
    aw__sb_printf(b, "</text>\n");

    /* Whisker p5-p95 with caps, then the dot. */
    const struct aw_quantiles *q = &it->facility_range;
    double x5 = xpos(ax, q->p5), x95 = xpos(ax, q->p95), xv = xpos(ax, it->wh.facility_wh);
    char lo[32], hi[32], val[32];
    aw__format_wh(lo, sizeof lo, q->p5);
    aw__format_wh(hi, sizeof hi, q->p95);
    aw__format_wh(val, sizeof val, it->wh.facility_wh);
    aw__sb_printf(b, "<g class=\"whisker\" data-p5=\"%.4g\" data-p95=\"%.4g\" stroke=\"#000\" "
                     "stroke-width=\"2\"><title>", q->p5, q->p95);
    aw__sb_textf(b, aw__tr(o, "5-95 %% range: %s to %s"), lo, hi);
    aw__sb_printf(b, "</title><line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>"
                     "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>"
                     "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/></g>\n",
                  x5, cy, x95, cy, x5, cy - 6, x5, cy + 6, x95, cy - 6, x95, cy + 6);
    /* Published figures: a diamond and a letter; the letters alternate
     * above and below the line so neighbours (0.2, 0.24, 0.3 Wh) stay
     * readable. */
    double right = x95 > xv ? x95 : xv;
    for (size_t k = 0; k < it->n_refs; k++) {
        const struct aw_report_ref *r = &it->refs[k];
        double x = xpos(ax, r->wh);
        if (x > right)
            right = x;
        char wh[32];
        aw__format_wh(wh, sizeof wh, r->wh);
        aw__sb_printf(b, "<g class=\"ref\" data-ref=\"%s\" data-wh=\"%.4g\" data-boundary=\"%s\">"
                         "<title>", r->id, r->wh, aw_boundary_name(r->boundary));
        aw__sb_textf(b, "%c: %s, %s (%s, %s)", 'A' + *letter, wh, r->source ? r->source : "",
                     aw__boundary_label(o, r->boundary), r->date ? r->date : "");
        aw__sb_printf(b, "</title>");
        diamond(b, x, cy, 6.5, r->boundary == AW_BOUNDARY_FACILITY);
        aw__sb_printf(b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" font-size=\"11\" "
                         "font-weight=\"bold\" fill=\"#8a3b00\">%c</text></g>\n",
                      x, k % 2 == 0 ? cy - 10 : cy + 19, 'A' + *letter);
        (*letter)++;
    }
    /* The dot on top of any diamond it meets. */
    aw__sb_printf(b,
                  "<circle class=\"estimate\" data-wh=\"%.4g\" cx=\"%.1f\" cy=\"%.1f\" r=\"6.5\" "
                  "fill=\"" OI_BLACK "\" stroke=\"white\" stroke-width=\"1.5\"><title>",
                  it->wh.facility_wh, xv, cy);
    aw__sb_textf(b, aw__tr(o, "aiwatt estimate, facility: %s"), val);
    aw__sb_printf(b, "</title></circle>\n");

    /* The value right of the marks, or left of them near the axis end. */
    double left = x5;
    for (size_t k = 0; k < it->n_refs; k++) {
        if (xpos(ax, it->refs[k].wh) < left)
            left = xpos(ax, it->refs[k].wh);
    }
    if (right + 12 + 80 > PLOT_X1 + 30)
        aw__sb_printf(b, "<text class=\"value\" x=\"%.1f\" y=\"%.1f\" font-size=\"14\" "
                         "font-weight=\"bold\" text-anchor=\"end\">%s</text>\n", left - 12, cy + 5,
                      val);
    else
        aw__sb_printf(b, "<text class=\"value\" x=\"%.1f\" y=\"%.1f\" font-size=\"14\" "
                         "font-weight=\"bold\">%s</text>\n", right + 12, cy + 5, val);

    /* The key of this row's letters, under its whisker. */
    if (it->n_refs > 0) {
        aw__sb_printf(b, "<text class=\"refkey\" x=\"%d\" y=\"%.0f\" font-size=\"11.5\" "
                         "fill=\"#333\">", LABEL_X, cy + 41);
        aw__sb_text(b, aw__tr(o, "published:"));
        for (size_t k = 0; k < it->n_refs; k++) {
            const struct aw_report_ref *r = &it->refs[k];
            char wh[32], src[64];
            aw__format_wh(wh, sizeof wh, r->wh);
            aw__short_source(src, sizeof src, r->source);
            aw__sb_printf(b, "%s<tspan font-weight=\"bold\" fill=\"#8a3b00\">%c</tspan> ",
                          k ? " \xc2\xb7 " : " ", 'A' + (*letter - (int)it->n_refs + (int)k));
            aw__sb_textf(b, "%s %s (%s)", wh, src, aw__boundary_label(o, r->boundary));
        }
        aw__sb_printf(b, "</text>\n");
    }

    /* Where the energy goes: a linear 100 % bar. */
    double f = it->wh.facility_wh > 0 ? it->wh.facility_wh : 1;
    double parts[4] = {it->wh.accelerator_wh, it->wh.server_wh - it->wh.accelerator_wh,
                       it->wh.it_wh - it->wh.server_wh, it->wh.facility_wh - it->wh.it_wh};
    static const char *const fills[4] = {OI_BLUE, "url(#hatch-host)", "url(#dots-idle)",
                                         OI_SKY};
    static const char *const names[4] = {N_("accelerators"), N_("host servers"),
                                         N_("idle reserve"), N_("cooling and power (PUE)")};
    double x = SPLIT_X;
    aw__sb_printf(b, "<g class=\"split\" data-accelerator-share=\"%.3f\">\n",
                  parts[0] / f);
    for (int k = 0; k < 4; k++) {
        double w = SPLIT_W * (parts[k] > 0 ? parts[k] : 0) / f;
        aw__sb_printf(b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"18\" fill=\"%s\" "
                         "stroke=\"#333\" stroke-width=\"0.5\"><title>",
                      x, cy - 9, w, fills[k]);
        aw__sb_textf(b, "%s: %.0f %%", aw__tr(o, names[k]), 100 * parts[k] / f);
        aw__sb_printf(b, "</title></rect>\n");
        x += w;
    }
    snprintf(buf, sizeof buf, "%.0f %%", 100 * parts[0] / f);
    aw__sb_printf(b, "<text x=\"%d\" y=\"%.1f\" font-size=\"12\" font-weight=\"bold\" "
                     "fill=\"white\">%s</text>\n", SPLIT_X + 5, cy + 4.5, buf);
    aw__sb_printf(b, "</g>\n</g>\n");
}

static void legend(struct aw__sbuf *b, const struct aw_render_opts *o, int y)
{
    aw__sb_printf(b, "<g class=\"legend\" font-size=\"12.5\">\n");
    aw__sb_printf(b, "<circle cx=\"%d\" cy=\"%d\" r=\"6\" fill=\"#000\"/><text x=\"%d\" y=\"%d\">",
                  LABEL_X + 6, y, LABEL_X + 18, y + 4);
    aw__sb_text(b, aw__tr(o, "aiwatt's estimate (facility)"));
    aw__sb_printf(b, "</text>\n<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#000\" "
                     "stroke-width=\"2\"/><text x=\"%d\" y=\"%d\">",
                  LABEL_X + 210, y, LABEL_X + 240, y, LABEL_X + 248, y + 4);
    aw__sb_text(b, aw__tr(o, "5-95 % range"));
    aw__sb_printf(b, "</text>\n");
    diamond(b, LABEL_X + 356, y, 6, 1);
    aw__sb_printf(b, "<text x=\"%d\" y=\"%d\">", LABEL_X + 368, y + 4);
    aw__sb_text(b, aw__tr(o, "published, facility"));
    aw__sb_printf(b, "</text>\n");
    diamond(b, LABEL_X + 516, y, 6, 0);
    aw__sb_printf(b, "<text x=\"%d\" y=\"%d\">", LABEL_X + 528, y + 4);
    aw__sb_text(b, aw__tr(o, "published, less or unspecified"));
    aw__sb_printf(b, "</text>\n");
    static const char *const fills[4] = {OI_BLUE, "url(#hatch-host)", "url(#dots-idle)",
                                         OI_SKY};
    static const char *const names[4] = {N_("accelerators"), N_("host servers"),
                                         N_("idle reserve"), N_("cooling and power (PUE)")};
    int lx = LABEL_X;
    for (int k = 0; k < 4; k++) {
        aw__sb_printf(b, "<rect x=\"%d\" y=\"%d\" width=\"16\" height=\"14\" fill=\"%s\" "
                         "stroke=\"#333\" stroke-width=\"0.5\"/><text x=\"%d\" y=\"%d\">",
                      lx, y + 17, fills[k], lx + 22, y + 29);
        aw__sb_text(b, aw__tr(o, names[k]));
        aw__sb_printf(b, "</text>\n");
        lx += k == 3 ? 0 : 200;
    }
    aw__sb_printf(b, "</g>\n");
}

static void caption(struct aw__sbuf *b, const struct aw_render_opts *o,
                    const struct aw_report *rep, int y)
{
    const struct aw_resolved *text = &rep->items[0].inputs;
    const struct aw_resolved *video = NULL;
    for (size_t i = 0; i < rep->n_items; i++) {
        if (strcmp(rep->items[i].kind, "video") == 0)
            video = &rep->items[i].inputs;
    }
    aw__sb_printf(b, "<g class=\"caption\" font-size=\"12.5\" fill=\"#222\">\n");
    aw__sb_printf(b, "<text x=\"%d\" y=\"%d\">", LABEL_X, y);
    aw__sb_textf(b, aw__tr(o, "Assumptions that set the scale: model, GPUs and batch as on each "
                              "row; serving engine: aiwatt's roofline model of continuous "
                              "batching (%s, bandwidth use %.0f %%, %.0f ms per step)."),
                 text->method ? text->method : "", 100 * text->text.bandwidth_utilisation,
                 1000 * text->text.step_overhead_s);
    aw__sb_printf(b, "</text>\n<text x=\"%d\" y=\"%d\">", LABEL_X, y + 18);
    aw__sb_textf(b,
                 aw__tr(o, "Data centre %s (PUE %.2f, idle reserve %.0f %%); grid %s "
                           "(%.0f gCO2e/kWh). Sizes are those of 'aiwatt estimate' "
                           "(video: %dx%d px, %d frames)."),
                 text->datacenter_id ? text->datacenter_id : "", text->pue,
                 100 * text->reserve_share, text->grid_id ? text->grid_id : "",
                 text->grid_gco2_per_kwh, video ? video->diffusion.width : 0,
                 video ? video->diffusion.height : 0, video ? video->diffusion.frames : 0);
    aw__sb_printf(b, "</text>\n<text x=\"%d\" y=\"%d\">", LABEL_X, y + 36);
    aw__sb_textf(b, aw__tr(o, "Range: 5th to 95th percentile of %zu draws of every uncertain "
                              "input (seed %lu). Published figures are drawn at their own "
                              "boundary: filled if facility, hollow if less or unspecified."),
                 rep->samples, rep->seed);
    aw__sb_printf(b, "</text>\n<text x=\"%d\" y=\"%d\" fill=\"#555\">", LABEL_X, y + 54);
    aw__sb_textf(b, aw__tr(o, "aiwatt %s. Formulas and sources: docs/methodology.md; each "
                              "published figure: 'aiwatt refs show ID'."),
                 aw_version());
    aw__sb_printf(b, "</text>\n</g>\n");
}

char *aw_report_svg(const struct aw_report *rep, const struct aw_render_opts *o)
{
    const int rows_end = TOP + (int)rep->n_items * ROW_H;
    const int height = rows_end + 190;
    struct axis ax = make_axis(rep);
    struct aw__sbuf b = {0};
    aw__sb_printf(&b,
                  "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"aiwatt-chart\" "
                  "width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" "
                  "aria-labelledby=\"chart-title chart-desc\" "
                  "font-family=\"'Noto Sans', Helvetica, Arial, 'DejaVu Sans', "
                  "'Noto Sans CJK KR', 'Apple SD Gothic Neo', 'Malgun Gothic', 'NanumGothic', "
                  "sans-serif\" font-size=\"13\">\n",
                  WIDTH, height, WIDTH, height);
    aw__sb_printf(&b, "<title id=\"chart-title\">");
    aw__sb_text(&b, aw__tr(o, "How much energy does one AI request use?"));
    aw__sb_printf(&b, "</title>\n<desc id=\"chart-desc\">");
    aw__sb_text(&b, aw__tr(o, "Facility energy per request in watt-hours on a log scale, with "
                              "5-95 % ranges, published figures and where the energy goes."));
    aw__sb_printf(&b, "</desc>\n<defs>\n"
                      "<pattern id=\"hatch-host\" width=\"6\" height=\"6\" "
                      "patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">"
                      "<rect width=\"6\" height=\"6\" fill=\"" OI_ORANGE "\"/>"
                      "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#7a5200\" "
                      "stroke-width=\"2\"/></pattern>\n"
                      "<pattern id=\"dots-idle\" width=\"5\" height=\"5\" "
                      "patternUnits=\"userSpaceOnUse\"><rect width=\"5\" height=\"5\" "
                      "fill=\"" OI_GREEN "\"/><circle cx=\"2.5\" cy=\"2.5\" r=\"1.1\" "
                      "fill=\"white\"/></pattern>\n</defs>\n");
    aw__sb_printf(&b, "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n");
    aw__sb_printf(&b, "<text class=\"title\" x=\"%d\" y=\"40\" font-size=\"26\" "
                      "font-weight=\"bold\">", LABEL_X);
    aw__sb_text(&b, aw__tr(o, "How much energy does one AI request use?"));
    aw__sb_printf(&b, "</text>\n<text class=\"subtitle\" x=\"%d\" y=\"68\" font-size=\"15\" "
                      "fill=\"#333\">", LABEL_X);
    aw__sb_text(&b, aw__tr(o, "Watt-hours per request for the whole data centre, estimated by "
                              "aiwatt, next to the figures people quote."));
    aw__sb_printf(&b, "</text>\n");
    /* Column heads. */
    aw__sb_printf(&b, "<text x=\"%d\" y=\"%d\" font-size=\"13\" font-weight=\"bold\" "
                      "fill=\"#333\">", PLOT_X0, TOP - 34);
    aw__sb_text(&b, aw__tr(o, "Facility energy per request (Wh, log scale)"));
    aw__sb_printf(&b, "</text>\n<text x=\"%d\" y=\"%d\" font-size=\"13\" font-weight=\"bold\" "
                      "fill=\"#333\">", SPLIT_X, TOP - 34);
    aw__sb_text(&b, aw__tr(o, "Where it goes (linear, 100 %)"));
    aw__sb_printf(&b, "</text>\n");
    /* Bands on every other row, so a row reads across. */
    for (size_t i = 1; i < rep->n_items; i += 2)
        aw__sb_printf(&b, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" "
                          "fill=\"#f2f2f2\"/>\n", LABEL_X - 8, TOP + (int)i * ROW_H,
                      WIDTH - 2 * LABEL_X + 16, ROW_H);
    /* Decade grid, labelled at the top and the bottom. */
    aw__sb_printf(&b, "<g class=\"axis\" font-size=\"12\" fill=\"#444\">\n");
    for (double d = ax.dec_lo; d <= ax.dec_hi + 1e-9; d += 1) {
        double x = xpos(&ax, pow(10, d));
        char label[32];
        aw__format_wh(label, sizeof label, pow(10, d));
        aw__sb_printf(&b, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ccc\"/>\n",
                      x, TOP - 12, x, rows_end);
        aw__sb_printf(&b, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>\n", x,
                      TOP - 16, label);
        aw__sb_printf(&b, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>\n", x,
                      rows_end + 16, label);
    }
    aw__sb_printf(&b, "</g>\n");
    int letter = 0;
    for (size_t i = 0; i < rep->n_items; i++)
        row(&b, o, &ax, &rep->items[i], TOP + (int)i * ROW_H, &letter);
    legend(&b, o, rows_end + 44);
    caption(&b, o, rep, rows_end + 104);
    aw__sb_printf(&b, "</svg>\n");
    return aw__sb_finish(&b);
}
