/*
 * cmd_report.c - `aiwatt report`: the main job of `make run`. One screen
 * that tells the story with numbers: every kind of request at the facility
 * boundary with its range, in everyday terms, with what the numbers say;
 * optionally the chart (--svg) and the page (--html). In English or Korean
 * (--lang, or LC_ALL / LC_MESSAGES / LANG): the words are translated here,
 * at the CLI edge; the library returns the numbers and marks its words.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <jansson.h>
#include "cmd.h"
#include "i18n.h"
#include "outfile.h"
#include "reqopts.h"

const char aw_usage_report[] =
    "usage: aiwatt report [--svg FILE] [--html FILE] [--lang en|ko] [--hardware ID]\n"
    "                     [--datacenter ID] [--grid ID|GRAMS] [--pue X]\n"
    "                     [--format table|json]\n"
    "\n"
    "How much energy does one AI request use? A text-only request, the average\n"
    "query, long context, reasoning, an image, a short video and an agent session,\n"
    "each at the facility boundary with its 5-95 % range, carbon and water, and in\n"
    "everyday terms. The request options below apply to every request.\n"
    "\n"
    "  --svg FILE            also write the chart (log axis, ranges, published\n"
    "                        figures)\n"
    "  --html FILE           also write one self-contained page: chart, numbers, why\n"
    "                        the published figures differ, levers, sources (no\n"
    "                        network)\n"
    "  --lang L              en (default) or ko; default from LC_ALL, LC_MESSAGES,\n"
    "                        LANG\n";

static const struct aw_report_item *find_item(const struct aw_report *r, const char *kind)
{
    for (size_t i = 0; i < r->n_items; i++) {
        if (strcmp(r->items[i].kind, kind) == 0)
            return &r->items[i];
    }
    return NULL;
}

/* "82 s", "2.5 min", "1.2 h" in the reader's language. */
static void duration(char *buf, size_t n, double s)
{
    /* Two significant figures, but never an exponent ("1e+02 s"). */
    if (s < 120)
        snprintf(buf, n, s >= 10 ? _("%.0f s") : _("%.2g s"), s);
    else if (s < 7200)
        snprintf(buf, n, s >= 600 ? _("%.0f min") : _("%.2g min"), s / 60);
    else
        snprintf(buf, n, s >= 36000 ? _("%.0f h") : _("%.2g h"), s / 3600);
}

/* The everyday equivalent of `wh` in the catalog comparison `id`; the
 * wording is chosen here, the constant (its watts or watt-hours) comes from
 * the catalog. Empty when the catalog lacks it. */
static void equivalent(const aw_catalog *cat, const char *id, double wh, char *buf, size_t n)
{
    double value;
    buf[0] = '\0';
    if (aw_comparison_get(cat, id, &value, NULL, NULL) != AW_OK)
        return;
    char d[32];
    double count = wh / value;
    /* English needs the singular when the number prints as "1"; the two
     * messages are translated apart (Korean has one form). */
    char shown[16];
    snprintf(shown, sizeof shown, "%.2g", count);
    int one = strcmp(shown, "1") == 0;
    if (strcmp(id, "led-bulb") == 0) {
        duration(d, sizeof d, wh * 3600 / value);
        snprintf(buf, n, _("%s of a %.0f W LED"), d, value);
    } else if (strcmp(id, "oven") == 0) {
        duration(d, sizeof d, wh * 3600 / value);
        snprintf(buf, n, _("%s of an electric oven"), d);
    } else if (strcmp(id, "google-search-2009") == 0) {
        snprintf(buf, n, one ? _("%.2g Google search (2009)") : _("%.2g Google searches (2009)"),
                 count);
    } else if (strcmp(id, "phone-charge") == 0) {
        snprintf(buf, n, one ? _("%.2g phone charge") : _("%.2g phone charges"), count);
    } else if (strcmp(id, "us-household-day") == 0) {
        snprintf(buf, n, one ? _("%.2g day of a US home") : _("%.2g days of a US home"), count);
    }
}

/* "0.23", "15.1", "622": the table's numbers, three significant figures. */
static void num(char *buf, size_t n, double v)
{
    snprintf(buf, n, v >= 100 ? "%.0f" : "%.3g", v);
}

enum { LABEL_W = 28 }; /* the label column of the tables */

/* A line of a table: the label, then the n cells right-aligned in their
 * widths (display width, in either language). */
static void print_line(const char *label, const char *const *cells, const int *widths, size_t n)
{
    printf("  ");
    aw_tool_print_padded(label, LABEL_W);
    for (size_t i = 0; i < n; i++)
        aw_tool_print_padded_right(cells[i], widths[i]);
    printf("\n");
}

/* The table: 80 columns measured in display width, in either language. */
static void print_table(const aw_catalog *cat, const struct aw_report *r)
{
    static const int energy_w[] = {8, 10, 15, 8, 9}, carbon_w[] = {14, 12, 12};
    enum { ENERGY_N = sizeof energy_w / sizeof energy_w[0],
           CARBON_N = sizeof carbon_w / sizeof carbon_w[0] };
    printf("%s\n\n", _("aiwatt report: how much energy does one AI request use?"));
    print_line(_("Wh per request"),
               (const char *const[ENERGY_N]){_("GPUs"), _("facility"), _("5-95 % range"),
                                             _("gCO2e"), _("water mL")},
               energy_w, ENERGY_N);
    for (size_t i = 0; i < r->n_items; i++) {
        const struct aw_report_item *it = &r->items[i];
        char gpu[16], fac[16], lo[16], hi[16], range[40], co2[16], water[16];
        num(gpu, sizeof gpu, it->wh.accelerator_wh);
        num(fac, sizeof fac, it->wh.facility_wh);
        num(lo, sizeof lo, it->facility_range.p5);
        num(hi, sizeof hi, it->facility_range.p95);
        snprintf(range, sizeof range, "%s-%s", lo, hi);
        num(co2, sizeof co2, it->co2_g);
        num(water, sizeof water, it->water_ml);
        print_line(_(it->label), (const char *const[ENERGY_N]){gpu, fac, range, co2, water},
                   energy_w, ENERGY_N);
    }
    printf("\n%s", _("  GPUs = the accelerators alone (what ML.ENERGY and NVML measure); facility =\n"
                     "  + host servers, idle reserve and cooling (what Google's 0.24 Wh and\n"
                     "  Epoch's 0.3 Wh count). The range holds 90 % of the likely values.\n"
                     "  Carbon is location-based; water is on-site + power plants.\n"));
    printf("\n%s\n", _("carbon: operational (location-based) and manufacturing (embodied)"));
    print_line(_("gCO2e per request"),
               (const char *const[CARBON_N]){_("operational"), _("embodied"), _("embodied %")},
               carbon_w, CARBON_N);
    for (size_t i = 0; i < r->n_items; i++) {
        const struct aw_report_item *it = &r->items[i];
        char op[16], emb[16] = "-", share[16] = "-";
        num(op, sizeof op, it->co2_g);
        if (it->embodied_co2_g >= 0) {
            double all = it->co2_g + it->embodied_co2_g;
            num(emb, sizeof emb, it->embodied_co2_g);
            snprintf(share, sizeof share, "%.1f %%",
                     all > 0 ? 100.0 * it->embodied_co2_g / all : 0);
        }
        print_line(_(it->label), (const char *const[CARBON_N]){op, emb, share}, carbon_w,
                   CARBON_N);
    }
    printf("\n%s\n", _("in everyday terms (facility energy)"));
    for (size_t i = 0; i < r->n_items; i++) {
        const struct aw_report_item *it = &r->items[i];
        double wh = it->wh.facility_wh;
        char a[96], b[96];
        if (wh < 5) {
            equivalent(cat, "led-bulb", wh, a, sizeof a);
            equivalent(cat, "google-search-2009", wh, b, sizeof b);
        } else if (wh < 200) {
            equivalent(cat, "oven", wh, a, sizeof a);
            equivalent(cat, "phone-charge", wh, b, sizeof b);
        } else {
            equivalent(cat, "phone-charge", wh, a, sizeof a);
            equivalent(cat, "us-household-day", wh, b, sizeof b);
        }
        printf("  ");
        aw_tool_print_padded(_(it->label), LABEL_W);
        printf(" %s%s%s\n", a, a[0] && b[0] ? ", " : "", b);
    }
    const struct aw_report_item *text = find_item(r, "text"), *avg = find_item(r, "average"),
                                *l100 = find_item(r, "long-context-100k"),
                                *reason = find_item(r, "reasoning"), *image = find_item(r, "image"),
                                *video = find_item(r, "video"), *agent = find_item(r, "agent");
    printf("\n%s\n", _("what the numbers say"));
    if (text && avg)
        printf(_("  - The average query (%.2g Wh) is %.1f x a text-only request (%.2g Wh):\n"
                 "    the average also carries long, reasoning and image requests.\n"),
               avg->wh.facility_wh, avg->wh.facility_wh / text->wh.facility_wh,
               text->wh.facility_wh);
    if (text)
        printf(_("  - Counting only the GPUs gives %.2g Wh for the text request; the whole\n"
                 "    data centre %.2g Wh (x%.1f). Much of the disagreement between\n"
                 "    published figures is this boundary.\n"),
               text->wh.accelerator_wh, text->wh.facility_wh,
               text->wh.facility_wh / text->wh.accelerator_wh);
    if (text && l100)
        printf(_("  - A 100k-token prompt costs %.0f x a short one: prefill grows with the\n"
                 "    prompt, and a long KV cache shrinks the batch.\n"),
               l100->wh.facility_wh / text->wh.facility_wh);
    if (text && reason)
        printf(_("  - Reasoning: %.0f x, because hidden reasoning tokens are decoded like\n"
                 "    output.\n"),
               reason->wh.facility_wh / text->wh.facility_wh);
    if (text && image && video)
        printf(_("  - A 5-second video costs %.0f x an image, and the image %.0f x a text\n"
                 "    request.\n"),
               video->wh.facility_wh / image->wh.facility_wh,
               image->wh.facility_wh / text->wh.facility_wh);
    if (text && agent)
        printf(_("  - One 20-step agent session costs %.0f x a chat request: a world of\n"
                 "    agents is a different energy question from a world of chatbots.\n"),
               agent->wh.facility_wh / text->wh.facility_wh);
    printf("\n%s", _("assumptions: 'aiwatt report --format json', 'aiwatt estimate' for any one\n"
                     "request; formulas and sources: docs/methodology.md\n"));
}

/* Writes `text` to `path` whole or not at all (tool/outfile.h: a mkstemp
 * file in the same directory, then rename; a planted symlink is replaced,
 * never written through). */
static int write_file(const char *path, const char *text)
{
    return aw_outfile_write(path, text);
}

/* --svg, --html and --lang; [0] svg, [1] html, [2] lang. */
static int take_option(void *state, int code, const char *arg)
{
    ((const char **)state)[code == AW_OWN_SVG ? 0 : code == AW_OWN_HTML ? 1 : 2] = arg;
    return AW_EXIT_OK;
}

int aw_run_report(struct aw_ctx *ctx)
{
    const char *paths[3] = {NULL, NULL, NULL};
    const struct aw_opts *o = &ctx->opts;
    int rc = aw_tool_own_options(o, take_option, paths);
    if (rc != AW_EXIT_OK)
        return rc;
    const char *svg_path = paths[0], *html_path = paths[1], *lang = paths[2];
    enum aw_format format = o->format;
    const struct aw_request ov = o->req;
    const char *tag = aw_tool_i18n_init(lang);
    if (tag == NULL)
        return aw_tool_usage_error("report", "--lang '%s': expected en or ko", lang);
    struct aw_render_opts ro = {aw_tool_translate, NULL, tag};

    if (format == AW_FORMAT_JSON && svg_path == NULL)
        return aw_tool_print_api_json(ctx->catalog, "report", &ov);
    struct aw_report rep;
    struct aw_diag diag;
    aw_status st = aw_report_run(ctx->catalog, &ov, &rep, &diag);
    if (st != AW_OK)
        return aw_tool_fail(st, &diag);
    /* Both files are built before either is written. */
    char *svg = NULL, *html = NULL;
    if (svg_path != NULL && (svg = aw_report_svg(&rep, &ro)) == NULL) {
        aw_tool_error("out of memory drawing the chart");
        return AW_EXIT_FAIL;
    }
    if (html_path != NULL) {
        st = aw_report_html(ctx->catalog, &rep, &ro, &html, &diag);
        if (st != AW_OK) {
            free(svg);
            return aw_tool_fail(st, &diag);
        }
    }
    int failed = (svg != NULL && write_file(svg_path, svg) != 0) ||
                 (html != NULL && write_file(html_path, html) != 0);
    free(svg);
    free(html);
    if (failed)
        return AW_EXIT_FAIL;
    if (format == AW_FORMAT_JSON)
        return aw_tool_json_out(aw_report_to_json(ctx->catalog, &rep));
    print_table(ctx->catalog, &rep);
    if (svg_path != NULL)
        printf("\n%s %s\n", _("chart written to"), svg_path);
    if (html_path != NULL)
        printf("%s%s %s\n", svg_path != NULL ? "" : "\n", _("page written to"), html_path);
    return AW_EXIT_OK;
}
