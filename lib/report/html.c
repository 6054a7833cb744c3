/*
 * html.c - the report as one page a journalist could cite: the chart, the
 * numbers, why the published figures differ, what would cut the energy,
 * training and a service at scale, and every source as a link.
 *
 * Self-contained on purpose: inline SVG and CSS, no script, no font or
 * image fetched, so the page opens offline and prints to PDF as it shows.
 * Everything on it comes from the library's own APIs (aw_reproduce,
 * aw_whatif_run, aw_fleet_run); only the words are chosen here, and they go
 * through the caller's translate function.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "aiwatt.h"
#include "aiwatt/whatif.h"
#include "internal.h"
#include "render.h"

static const char css[] =
    ":root{--ink:#111;--muted:#555;--rule:#ccc;--accent:#0072B2;--mark:#D55E00}"
    "*{box-sizing:border-box}"
    "body{margin:0 auto;max-width:1240px;padding:16px 20px 40px;color:var(--ink);"
    /* Latin fonts first (Hangul falls through to the Korean ones): NanumGothic's
     * full stop reads like a comma at small sizes. */
    "font:16px/1.5 'Noto Sans',Helvetica,Arial,'DejaVu Sans','Noto Sans CJK KR',"
    "'Apple SD Gothic Neo','Malgun Gothic','NanumGothic',sans-serif;"
    "word-break:keep-all;overflow-wrap:break-word}"
    "h1{font-size:1.8em;line-height:1.2;margin:.4em 0}"
    "h2{font-size:1.3em;margin:1.6em 0 .4em;border-bottom:2px solid var(--ink)}"
    "p.lede{font-size:1.1em;color:#333;max-width:60em}"
    "figure{margin:1em 0}"
    ".chart{overflow-x:auto;-webkit-overflow-scrolling:touch}"
    ".chart svg{display:block;width:100%;min-width:760px;height:auto}"
    "figcaption,.note{color:var(--muted);font-size:.9em}"
    ".scroll{overflow-x:auto}"
    "table{border-collapse:collapse;margin:.5em 0;font-size:.92em}"
    "th,td{padding:.3em .6em;border-bottom:1px solid var(--rule);vertical-align:top;"
    "text-align:left}"
    "td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}"
    "thead th{border-bottom:2px solid var(--ink)}"
    "a{color:var(--accent)}"
    ".letter{font-weight:bold;color:#8a3b00}"
    "ol.sources li{margin:.3em 0}"
    "footer{margin-top:2em;color:var(--muted);font-size:.85em}"
    /* A phone scrolls the chart sideways in its box rather than shrinking its
     * 11-unit labels below 9 px (960 of the chart's 1200 units wide). */
    "@media (max-width:600px){body{font-size:15px;padding:10px}h1{font-size:1.45em}"
    "th,td{padding:.25em .35em}.chart svg{min-width:960px}}"
    "@media print{@page{size:A4 landscape;margin:12mm}body{max-width:none;padding:0;"
    "font-size:10.5pt}.chart{overflow:visible}.chart svg{min-width:0}"
    "h2{break-after:avoid}table,figure,tr{break-inside:avoid}"
    "a{color:inherit;text-decoration:none}"
    "ol.sources a::after{content:' <' attr(href) '>';font-size:.85em;color:#444}}";

static void cell_wh(struct aw__sbuf *b, double wh)
{
    char buf[32];
    aw__format_wh(buf, sizeof buf, wh);
    aw__sb_printf(b, "<td class=\"num\">%s</td>", buf);
}

static void link(struct aw__sbuf *b, const char *url, const char *text)
{
    if (url != NULL && (strncmp(url, "https://", 8) == 0 || strncmp(url, "http://", 7) == 0)) {
        aw__sb_printf(b, "<a href=\"");
        aw__sb_text(b, url);
        aw__sb_printf(b, "\">");
        aw__sb_text(b, text);
        aw__sb_printf(b, "</a>");
    } else {
        aw__sb_text(b, text);
    }
}

static void h2(struct aw__sbuf *b, const char *id, const char *text)
{
    aw__sb_printf(b, "<h2 id=\"%s\">", id);
    aw__sb_text(b, text);
    aw__sb_printf(b, "</h2>\n");
}

static void para(struct aw__sbuf *b, const char *cls, const char *text)
{
    aw__sb_printf(b, "<p class=\"%s\">", cls);
    aw__sb_text(b, text);
    aw__sb_printf(b, "</p>\n");
}

static void th(struct aw__sbuf *b, const char *cls, const char *text)
{
    aw__sb_printf(b, "<th%s%s%s scope=\"col\">", cls ? " class=\"" : "", cls ? cls : "",
                  cls ? "\"" : "");
    aw__sb_text(b, text);
    aw__sb_printf(b, "</th>");
}

/* The numbers of the chart, for readers who want them (and for phones). */
static void numbers_table(struct aw__sbuf *b, const struct aw_render_opts *o,
                          const struct aw_report *rep)
{
    aw__sb_printf(b, "<div class=\"scroll\"><table id=\"numbers\"><thead><tr>");
    th(b, NULL, aw__tr(o, "request"));
    th(b, "num", aw__tr(o, "accelerator"));
    th(b, "num", aw__tr(o, "server"));
    th(b, "num", aw__tr(o, "IT"));
    th(b, "num", aw__tr(o, "facility"));
    th(b, "num", aw__tr(o, "5-95 % range"));
    th(b, "num", aw__tr(o, "gCO2e"));
    th(b, "num", aw__tr(o, "water mL"));
    aw__sb_printf(b, "</tr></thead><tbody>\n");
    for (size_t i = 0; i < rep->n_items; i++) {
        const struct aw_report_item *it = &rep->items[i];
        char lo[32], hi[32];
        aw__format_wh(lo, sizeof lo, it->facility_range.p5);
        aw__format_wh(hi, sizeof hi, it->facility_range.p95);
        aw__sb_printf(b, "<tr data-kind=\"%s\"><th scope=\"row\">", it->kind);
        aw__sb_text(b, aw__tr(o, it->label));
        aw__sb_printf(b, "</th>");
        cell_wh(b, it->wh.accelerator_wh);
        cell_wh(b, it->wh.server_wh);
        cell_wh(b, it->wh.it_wh);
        cell_wh(b, it->wh.facility_wh);
        char co2[32], water[32];
        aw__format_count(co2, sizeof co2, it->co2_g);
        aw__format_count(water, sizeof water, it->water_ml);
        aw__sb_printf(b, "<td class=\"num\">%s \xe2\x80\x93 %s</td><td class=\"num\">%s</td>"
                         "<td class=\"num\">%s</td></tr>\n",
                      lo, hi, co2, water);
    }
    aw__sb_printf(b, "</tbody></table></div>\n");
    para(b, "note", aw__tr(o, "Accelerator: the GPUs alone (what ML.ENERGY and NVML measure). "
                              "Server: plus the host (CPUs, memory, network). IT: plus idle "
                              "machines held in reserve. Facility: plus cooling and power "
                              "conversion (x PUE). Carbon is location-based; water is on-site "
                              "plus power plants."));
}

/* Why the published figures differ: each one reproduced with its authors'
 * method where they gave one, next to aiwatt's own estimate of the same
 * request at the boundary they counted. */
static aw_status reconciliation(struct aw__sbuf *b, const struct aw_render_opts *o,
                                const aw_catalog *cat, const struct aw_report *rep,
                                struct aw_diag *diag)
{
    struct aw_reproduction *r = malloc(sizeof *r);
    if (r == NULL)
        return aw__fail(diag, AW_E_NOMEM, "out of memory");
    h2(b, "published", aw__tr(o, "Why the published figures differ"));
    para(b, "lede", aw__tr(o, "The figures people quote count different things: the GPUs "
                              "alone or the whole data centre, a short chat or a long one, a "
                              "2023 model or a 2025 one. Each is rerun here with its authors' "
                              "method where they published one, and set next to aiwatt's "
                              "estimate of the same request at the same boundary."));
    aw__sb_printf(b, "<div class=\"scroll\"><table id=\"reconciliation\"><thead><tr>");
    th(b, NULL, "");
    th(b, "num", aw__tr(o, "published"));
    th(b, NULL, aw__tr(o, "who"));
    th(b, NULL, aw__tr(o, "counts"));
    th(b, "num", aw__tr(o, "their method, rerun"));
    th(b, "num", aw__tr(o, "aiwatt, same boundary"));
    th(b, NULL, aw__tr(o, "why they differ"));
    aw__sb_printf(b, "</tr></thead><tbody>\n");
    int letter = 0;
    for (size_t i = 0; i < rep->n_items; i++) {
        for (size_t k = 0; k < rep->items[i].n_refs; k++, letter++) {
            const struct aw_report_ref *ref = &rep->items[i].refs[k];
            char pub[32], src[96];
            aw__format_wh(pub, sizeof pub, ref->wh);
            aw__short_source(src, sizeof src, ref->source);
            aw__sb_printf(b, "<tr data-ref=\"%s\"><td class=\"letter\">%c</td><td class=\"num\">"
                             "%s</td><td>", ref->id, 'A' + letter, pub);
            link(b, ref->url, src);
            aw__sb_printf(b, " (%s)</td><td>", ref->date ? ref->date : "");
            aw__sb_text(b, aw__boundary_label(o, ref->boundary));
            aw__sb_printf(b, "</td>");
            struct aw_diag d;
            if (aw_reproduce(cat, ref->id, r, &d) != AW_OK) {
                aw__sb_printf(b, "<td class=\"num\">\xe2\x80\x94</td><td class=\"num\">"
                                 "\xe2\x80\x94</td><td>");
                aw__sb_text(b, d.msg);
                aw__sb_printf(b, "</td></tr>\n");
                continue;
            }
            if (r->reproduced_set && r->ref.unit_wh > 0)
                cell_wh(b, r->reproduced * r->ref.unit_wh);
            else
                aw__sb_printf(b, "<td class=\"num\">\xe2\x80\x94</td>");
            if (r->ref.unit_wh > 0 && isfinite(r->estimate_value))
                cell_wh(b, r->estimate_value * r->ref.unit_wh);
            else
                aw__sb_printf(b, "<td class=\"num\">\xe2\x80\x94</td>");
            aw__sb_printf(b, "<td lang=\"en\">");
            aw__sb_text(b, r->reason);
            aw__sb_printf(b, "</td></tr>\n");
        }
    }
    aw__sb_printf(b, "</tbody></table></div>\n");
    free(r);
    return AW_OK;
}

static const char *lever_name(const struct aw_render_opts *o, const char *key)
{
    static const char *const keys[][2] = {
        {"model", N_("model")},           {"output-tokens", N_("output tokens")},
        {"batch", N_("batch")},           {"precision", N_("precision")},
        {"hardware", N_("hardware")},     {"datacenter", N_("data centre")},
        {"grid", N_("grid")},
    };
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        if (strcmp(keys[i][0], key) == 0)
            return aw__tr(o, keys[i][1]);
    }
    return key;
}

/* Adds "KEY=BASE,ALT..." leaving out alternatives equal to the base. */
static aw_status add_lever(struct aw_whatif_spec *spec, const char *key, const char *base,
                           const char *const *alts, struct aw_diag *diag)
{
    char arg[256];
    int n = snprintf(arg, sizeof arg, "%s=%s", key, base);
    for (size_t i = 0; alts[i] != NULL && n > 0 && (size_t)n < sizeof arg; i++) {
        if (strcmp(alts[i], base) != 0)
            n += snprintf(arg + n, sizeof arg - (size_t)n, ",%s", alts[i]);
    }
    return aw_whatif_add(spec, arg, diag);
}

/* What would cut the text request's energy: one lever at a time. */
static aw_status levers(struct aw__sbuf *b, const struct aw_render_opts *o,
                        const aw_catalog *cat, const struct aw_report *rep, struct aw_diag *diag)
{
    const struct aw_resolved *in = &rep->items[0].inputs;
    char batch[16], output[24];
    snprintf(batch, sizeof batch, "%d", in->batch);
    snprintf(output, sizeof output, "%ld", in->output_tokens);
    static const char *const models[] = {"gpt-4o-mini", "llama-3.1-8b", NULL};
    static const char *const outputs[] = {"1000", NULL};
    static const char *const batches[] = {"8", "256", NULL};
    static const char *const precisions[] = {"bf16", NULL};
    static const char *const hardware[] = {"b200", "a100-80gb", NULL};
    static const char *const datacenters[] = {"industry-average", NULL};
    static const char *const grids[] = {"fr", "kr", "in", NULL};
    const struct {
        const char *key, *base;
        const char *const *alts;
    } lv[] = {
        {"model", in->model_id, models},
        {"output-tokens", output, outputs},
        {"batch", batch, batches},
        {"precision", in->precision, precisions},
        {"hardware", in->hardware_id, hardware},
        {"datacenter", in->datacenter_id, datacenters},
        {"grid", in->grid_id, grids},
    };
    static const char *const none[] = {NULL};
    const size_t n_lv = sizeof lv / sizeof lv[0];
    struct aw_whatif_result *res = malloc(sizeof *res);
    if (res == NULL)
        return aw__fail(diag, AW_E_NOMEM, "out of memory");
    h2(b, "levers", aw__tr(o, "What would cut it"));
    char base[32];
    aw__format_wh(base, sizeof base, rep->items[0].wh.facility_wh);
    aw__sb_printf(b, "<p class=\"lede\">");
    aw__sb_textf(b, aw__tr(o, "One change at a time to the text-only request (%s, %s at the "
                              "facility), everything else as on the chart."),
                 in->model_id, base);
    aw__sb_printf(b, "</p>\n<div class=\"scroll\"><table id=\"levers\"><thead><tr>");
    th(b, NULL, aw__tr(o, "lever"));
    th(b, NULL, aw__tr(o, "from"));
    th(b, NULL, aw__tr(o, "to"));
    th(b, "num", aw__tr(o, "energy"));
    th(b, "num", aw__tr(o, "carbon"));
    aw__sb_printf(b, "</tr></thead><tbody>\n");
    struct aw_whatif_spec one;
    for (size_t l = 0; l < n_lv; l++) {
        /* The base: every lever at the chart's value; this one varies. */
        aw_whatif_spec_init(&one, AW_WHATIF_REQUEST);
        aw_status st = AW_OK;
        for (size_t m = 0; m < n_lv && st == AW_OK; m++) {
            if (lv[m].base != NULL)
                st = add_lever(&one, lv[m].key, lv[m].base, m == l ? lv[m].alts : none, diag);
        }
        if (st != AW_OK) {
            free(res);
            return st;
        }
        size_t vary = SIZE_MAX;
        for (size_t m = 0; m < one.n_levers; m++) {
            if (strcmp(one.levers[m].key, lv[l].key) == 0)
                vary = m;
        }
        if (vary == SIZE_MAX || aw_whatif_run(cat, &one, res, diag) != AW_OK)
            continue;
        const struct aw_whatif_lever *lever = &one.levers[vary];
        for (size_t r = 1; r < res->n_rows; r++) {
            const struct aw_whatif_row *row = &res->rows[r];
            if (row->status != AW_OK)
                continue;
            aw__sb_printf(b, "<tr data-lever=\"%s\"><td>", lever->key);
            aw__sb_text(b, lever_name(o, lever->key));
            aw__sb_printf(b, "</td><td>");
            aw__sb_text(b, lever->values[0]);
            aw__sb_printf(b, "</td><td>");
            aw__sb_text(b, lever->values[row->value[vary]]);
            aw__sb_printf(b, "</td><td class=\"num\">%+.0f %%</td><td class=\"num\">%+.0f %%"
                             "</td></tr>\n",
                          100 * (row->ratio - 1), 100 * (row->co2_ratio - 1));
        }
    }
    aw__sb_printf(b, "</tbody></table></div>\n");
    para(b, "note", aw__tr(o, "Same estimator for every row ('aiwatt whatif'); a negative "
                              "change cuts energy or carbon."));
    free(res);
    return AW_OK;
}

/* Training, and a service the size of ChatGPT, in yearly terms. */
static void scale(struct aw__sbuf *b, const struct aw_render_opts *o, const aw_catalog *cat,
                  const struct aw_report *rep)
{
    const struct aw_report_item *avg = NULL;
    for (size_t i = 0; i < rep->n_items; i++) {
        if (strcmp(rep->items[i].kind, "average") == 0)
            avg = &rep->items[i];
    }
    h2(b, "scale", aw__tr(o, "Training and a service at scale"));
    static const char *const runs[] = {"patterson-gpt-3-2021", "gpt-4-training-estimate"};
    struct aw_reproduction *r = malloc(sizeof *r);
    if (r != NULL) {
        aw__sb_printf(b, "<div class=\"scroll\"><table id=\"training\"><thead><tr>");
        th(b, NULL, aw__tr(o, "training run"));
        th(b, "num", aw__tr(o, "published"));
        th(b, "num", aw__tr(o, "aiwatt"));
        th(b, "num", aw__tr(o, "average queries"));
        aw__sb_printf(b, "</tr></thead><tbody>\n");
        for (size_t i = 0; i < sizeof runs / sizeof runs[0]; i++) {
            struct aw_diag d;
            if (aw_reproduce(cat, runs[i], r, &d) != AW_OK || !(r->ref.unit_wh > 0))
                continue;
            char src[96];
            aw__short_source(src, sizeof src, r->ref.source);
            aw__sb_printf(b, "<tr data-ref=\"%s\"><td>", r->ref.id);
            aw__sb_text(b, r->ref.name);
            aw__sb_printf(b, " \xe2\x80\x94 ");
            link(b, r->ref.url, src);
            aw__sb_printf(b, "</td>");
            cell_wh(b, r->ref.value * r->ref.unit_wh);
            if (isfinite(r->estimate_value))
                cell_wh(b, r->estimate_value * r->ref.unit_wh);
            else
                aw__sb_printf(b, "<td class=\"num\">\xe2\x80\x94</td>");
            char q[32];
            aw__format_count(q, sizeof q,
                             avg != NULL ? r->ref.value * r->ref.unit_wh / avg->wh.facility_wh
                                         : NAN);
            aw__sb_printf(b, "<td class=\"num\">%s</td></tr>\n", q);
        }
        aw__sb_printf(b, "</tbody></table></div>\n");
        para(b, "note", aw__tr(o, "Average queries: how many average queries (facility "
                                  "energy, as on the chart) use as much energy as the "
                                  "published training figure."));
        free(r);
    }
    double per_day = 0;
    struct aw_diag d;
    if (avg == NULL || aw_reference_preset(cat, "chatgpt-prompts-2025", 1, &per_day, &d) != AW_OK)
        return;
    struct aw_fleet_input in;
    memset(&in, 0, sizeof in); /* no .estimate: the average is a mix, not one request */
    in.wh_per_query = avg->wh.facility_wh;
    in.co2_g_per_query = avg->co2_g;
    in.water_ml_per_query = avg->water_ml;
    in.queries_per_day = per_day;
    in.years = 1;
    in.datacenter_id = avg->inputs.datacenter_id;
    in.grid_id = avg->inputs.grid_id;
    struct aw_fleet_result *f = malloc(sizeof *f);
    if (f == NULL)
        return;
    if (aw_fleet_run(cat, &in, f, &d) == AW_OK) {
        char day[32], year[32], co2[32];
        aw__format_wh(day, sizeof day, f->day_wh);
        aw__format_wh(year, sizeof year, f->year_wh);
        aw__format_count(co2, sizeof co2, f->year_co2_g / 1e6);
        aw__sb_printf(b, "<p id=\"fleet\">");
        char prompts[32];
        aw__format_count(prompts, sizeof prompts, per_day);
        aw__sb_textf(b, aw__tr(o, "At %s prompts a day (OpenAI, 2025), the average query "
                                  "comes to %s a day, %s a year (%s t CO2e)."),
                     prompts, day, year, co2);
        aw__sb_printf(b, "</p>\n<ul id=\"households\">");
        for (size_t i = 0; i < f->n_households; i++) {
            aw__sb_printf(b, "<li>");
            char h[32];
            aw__format_count(h, sizeof h, f->households[i].value);
            aw__sb_textf(b, aw__tr(o, "%s households' yearly electricity: "), h);
            link(b, f->households[i].url, f->households[i].name);
            aw__sb_printf(b, "</li>");
        }
        for (size_t i = 0; i < f->n_countries; i++) {
            aw__sb_printf(b, "<li>");
            aw__sb_textf(b, aw__tr(o, "%.2g %% of a year's electricity: "),
                         100 * f->countries[i].value);
            link(b, f->countries[i].url, f->countries[i].name);
            aw__sb_printf(b, "</li>");
        }
        aw__sb_printf(b, "</ul>\n");
    }
    free(f);
}

/* Every published figure on the page, as a link. */
static void sources(struct aw__sbuf *b, const struct aw_render_opts *o, const aw_catalog *cat,
                    const struct aw_report *rep)
{
    h2(b, "sources", aw__tr(o, "Sources"));
    aw__sb_printf(b, "<ol class=\"sources\" type=\"A\">\n");
    for (size_t i = 0; i < rep->n_items; i++) {
        for (size_t k = 0; k < rep->items[i].n_refs; k++) {
            const struct aw_report_ref *r = &rep->items[i].refs[k];
            aw__sb_printf(b, "<li data-ref=\"%s\">", r->id);
            link(b, r->url, r->source ? r->source : r->id);
            aw__sb_printf(b, " (%s)</li>\n", r->date ? r->date : "");
        }
    }
    aw__sb_printf(b, "</ol>\n<ul class=\"sources\">\n");
    static const char *const more[] = {"patterson-gpt-3-2021", "gpt-4-training-estimate",
                                       "chatgpt-prompts-2025"};
    for (size_t i = 0; i < sizeof more / sizeof more[0]; i++) {
        struct aw_reference ref;
        struct aw_diag d;
        if (aw_reference_get(cat, more[i], &ref, &d) != AW_OK)
            continue;
        aw__sb_printf(b, "<li data-ref=\"%s\">", ref.id);
        link(b, ref.url, ref.source ? ref.source : ref.id);
        aw__sb_printf(b, " (%s)</li>\n", ref.date ? ref.date : "");
    }
    aw__sb_printf(b, "</ul>\n");
    para(b, "note", aw__tr(o, "Every other number (models, hardware, data centres, grids) "
                              "carries its own source in aiwatt's catalog: 'aiwatt catalog "
                              "show ID'. Formulas: docs/methodology.md."));
}

aw_status aw_report_html(const aw_catalog *cat, const struct aw_report *rep,
                         const struct aw_render_opts *o, char **out, struct aw_diag *diag)
{
    *out = NULL;
    aw_diag_clear(diag);
    if (rep->n_items == 0)
        return aw__fail(diag, AW_E_INVALID, "the report has no requests");
    char *svg = aw_report_svg(rep, o);
    if (svg == NULL)
        return aw__fail(diag, AW_E_NOMEM, "out of memory");
    struct aw__sbuf b = {0};
    const char *lang = o != NULL && o->lang != NULL ? o->lang : "en";
    aw__sb_printf(&b, "<!DOCTYPE html>\n<html lang=\"");
    aw__sb_text(&b, lang);
    aw__sb_printf(&b, "\">\n<head>\n<meta charset=\"utf-8\">\n"
                      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                      "<meta name=\"generator\" content=\"aiwatt %s\">\n<title>",
                  aw_version());
    aw__sb_text(&b, aw__tr(o, "How much energy does one AI request use?"));
    aw__sb_printf(&b, "</title>\n<style>%s</style>\n</head>\n<body>\n<header>\n<h1>", css);
    aw__sb_text(&b, aw__tr(o, "How much energy does one AI request use?"));
    aw__sb_printf(&b, "</h1>\n");
    const struct aw_report_item *text = &rep->items[0];
    char wh[32], lo[32], hi[32];
    aw__format_wh(wh, sizeof wh, text->wh.facility_wh);
    aw__format_wh(lo, sizeof lo, text->facility_range.p5);
    aw__format_wh(hi, sizeof hi, text->facility_range.p95);
    aw__sb_printf(&b, "<p class=\"lede\">");
    aw__sb_textf(&b, aw__tr(o, "A short text request to a large chat model uses about %s for "
                               "the whole data centre (likely between %s and %s); a long "
                               "prompt, a reasoning model, an image or a video use tens to "
                               "thousands of times more. The figures people quote differ "
                               "mostly in what they count."),
                 wh, lo, hi);
    aw__sb_printf(&b, "</p>\n</header>\n<main>\n<figure class=\"chart\" id=\"chart\">\n%s"
                      "<figcaption>", svg);
    free(svg);
    aw__sb_text(&b, aw__tr(o, "Dot: aiwatt's estimate for the whole data centre; line: where "
                              "it lies with 90 % probability; diamonds: published figures, "
                              "lettered as in the table below."));
    aw__sb_printf(&b, "</figcaption>\n</figure>\n");
    h2(&b, "numbers", aw__tr(o, "The numbers"));
    numbers_table(&b, o, rep);
    aw_status st = reconciliation(&b, o, cat, rep, diag);
    if (st == AW_OK)
        st = levers(&b, o, cat, rep, diag);
    if (st != AW_OK) {
        free(aw__sb_finish(&b));
        return st;
    }
    scale(&b, o, cat, rep);
    sources(&b, o, cat, rep);
    aw__sb_printf(&b, "</main>\n<footer><p>");
    aw__sb_textf(&b, aw__tr(o, "Made with aiwatt %s from its default catalog. Estimates are "
                               "models, not measurements: every assumption is on the chart."),
                 aw_version());
    aw__sb_printf(&b, "</p></footer>\n</body>\n</html>\n");
    *out = aw__sb_finish(&b);
    if (*out == NULL)
        return aw__fail(diag, AW_E_NOMEM, "out of memory");
    return AW_OK;
}
