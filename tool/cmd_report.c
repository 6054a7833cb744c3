/*
 * cmd_report.c - `aiwatt report`: the main job of `make run`. One screen
 * that tells the story with numbers: every kind of request at the four
 * boundaries, in everyday terms, with what the numbers say.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "cmd.h"
#include "reqopts.h"

static const char usage[] =
    "usage: aiwatt report [--svg FILE] [--hardware ID] [--datacenter ID]\n"
    "                     [--grid ID|GRAMS] [--pue X] [--format table|json]\n"
    "\n"
    "How much energy does one AI request use? A text-only request, the average\n"
    "query, long context, reasoning, an image, a short video and an agent session,\n"
    "each at the four boundaries with carbon and water, and in everyday terms.\n"
    "\n"
    "  --svg FILE         also write a chart (log-scale bars of Wh per request kind)\n"
    "  --hardware ID      run every request on this accelerator\n"
    "  --datacenter ID    ... in this data centre\n"
    "  --grid ID|GRAMS    ... on this grid\n"
    "  --pue X            ... with this PUE\n"
    "  --format F         table (default) or json\n";

enum { OPT_SVG = 256, OPT_FORMAT };

static const struct option long_options[] = {
    {"svg", required_argument, NULL, OPT_SVG},
    {"format", required_argument, NULL, OPT_FORMAT},
    AW_SITE_LONG_OPTIONS, /* --hardware --datacenter --pue --grid --wue (reqopts.h) */
    {NULL, 0, NULL, 0},
};

static const struct aw_report_item *find_item(const struct aw_report *r, const char *kind)
{
    for (size_t i = 0; i < r->n_items; i++) {
        if (strcmp(r->items[i].kind, kind) == 0)
            return &r->items[i];
    }
    return NULL;
}

/* "80 s of a 10 W LED bulb" / "2.5 Google searches (2009)". */
static void print_equivalent(const aw_catalog *cat, const char *id, double wh, int first)
{
    double value;
    const char *name = NULL, *unit = NULL;
    if (aw_comparison_get(cat, id, &value, &name, &unit) != AW_OK || name == NULL)
        return;
    printf("%s", first ? "" : ", ");
    if (unit != NULL && strcmp(unit, "W") == 0) {
        double s = wh * 3600.0 / value;
        if (s < 120)
            printf("%.3g s of %s", s, name);
        else if (s < 7200)
            printf("%.3g min of %s", s / 60, name);
        else
            printf("%.3g h of %s", s / 3600, name);
    } else {
        printf("%.2g x %s", wh / value, name);
    }
}

static void print_table(const aw_catalog *cat, const struct aw_report *r)
{
    printf("aiwatt report: how much energy does one AI request use?\n\n");
    printf("  %-30s %12s %9s %9s %9s %9s %9s\n", "request (Wh per request)", "accelerator",
           "server", "it", "facility", "gCO2e", "water mL");
    for (size_t i = 0; i < r->n_items; i++) {
        const struct aw_report_item *it = &r->items[i];
        printf("  %-30s %12.3g %9.3g %9.3g %9.3g %9.3g %9.3g\n", it->label,
               it->wh.accelerator_wh, it->wh.server_wh, it->wh.it_wh, it->wh.facility_wh,
               it->co2_g, it->water_ml);
    }
    printf("\n  accelerator = the GPUs alone (what ML.ENERGY and NVML measure); facility =\n"
           "  + host servers, idle reserve and cooling (what Google's 0.24 Wh and Epoch's\n"
           "  0.3 Wh count). Carbon is location-based; water is on-site + power plants.\n");
    printf("\ncarbon: operational (location-based) and manufacturing (embodied)\n");
    printf("  %-30s %12s %12s %12s\n", "request", "operational g", "embodied g", "embodied");
    for (size_t i = 0; i < r->n_items; i++) {
        const struct aw_report_item *it = &r->items[i];
        if (it->embodied_co2_g < 0) {
            printf("  %-30s %12.3g %12s %12s\n", it->label, it->co2_g, "-", "-");
            continue;
        }
        double all = it->co2_g + it->embodied_co2_g;
        printf("  %-30s %12.3g %12.3g %11.1f%%\n", it->label, it->co2_g, it->embodied_co2_g,
               all > 0 ? 100.0 * it->embodied_co2_g / all : 0);
    }
    printf("\nin everyday terms (facility energy)\n");
    for (size_t i = 0; i < r->n_items; i++) {
        const struct aw_report_item *it = &r->items[i];
        printf("  %-30s ", it->label);
        double wh = it->wh.facility_wh;
        if (wh < 5) {
            print_equivalent(cat, "led-bulb", wh, 1);
            print_equivalent(cat, "google-search-2009", wh, 0);
        } else if (wh < 200) {
            print_equivalent(cat, "oven", wh, 1);
            print_equivalent(cat, "phone-charge", wh, 0);
        } else {
            print_equivalent(cat, "phone-charge", wh, 1);
            print_equivalent(cat, "us-household-day", wh, 0);
        }
        printf("\n");
    }
    const struct aw_report_item *text = find_item(r, "text"), *avg = find_item(r, "average"),
                                *l100 = find_item(r, "long-context-100k"),
                                *reason = find_item(r, "reasoning"), *image = find_item(r, "image"),
                                *video = find_item(r, "video"), *agent = find_item(r, "agent");
    printf("\nwhat the numbers say\n");
    if (text && avg)
        printf("  - The average query (%.2g Wh) is %.1f x a text-only request (%.2g Wh): the\n"
               "    average also carries long, reasoning and image requests. Both are true.\n",
               avg->wh.facility_wh, avg->wh.facility_wh / text->wh.facility_wh,
               text->wh.facility_wh);
    if (text)
        printf("  - Counting only the GPUs gives %.2g Wh for the text request; the whole data\n"
               "    centre %.2g Wh (x%.1f). Much of the disagreement between published\n"
               "    figures is this boundary.\n",
               text->wh.accelerator_wh, text->wh.facility_wh,
               text->wh.facility_wh / text->wh.accelerator_wh);
    if (text && l100)
        printf("  - A 100k-token prompt costs %.0f x a short one: prefill grows with the\n"
               "    prompt (and attention with its square), and a long KV cache shrinks the batch.\n",
               l100->wh.facility_wh / text->wh.facility_wh);
    if (text && reason)
        printf("  - Reasoning: %.0f x, because hidden reasoning tokens are decoded like output.\n",
               reason->wh.facility_wh / text->wh.facility_wh);
    if (image && video)
        printf("  - A 5-second video costs %.0f x an image, and the image %.0f x a text request.\n",
               video->wh.facility_wh / image->wh.facility_wh,
               text ? image->wh.facility_wh / text->wh.facility_wh : 0);
    if (text && agent)
        printf("  - One 20-step agent session costs %.0f x a chat request: a world full of\n"
               "    agents is a different energy question from a world of chatbots.\n",
               agent->wh.facility_wh / text->wh.facility_wh);
    printf("\nassumptions: 'aiwatt report --format json', 'aiwatt estimate' for any one request;\n"
           "formulas and sources: docs/methodology.md\n");
}

/* Writes the SVG to path via a temporary file and rename, so a failure never
 * leaves a half-written chart. */
static int write_svg(const char *path, const struct aw_report *r)
{
    char *svg = aw_report_svg(r, NULL);
    if (svg == NULL) {
        aw_tool_error("out of memory drawing the chart");
        return -1;
    }
    size_t n = strlen(path) + 16;
    char *tmp = malloc(n);
    if (tmp == NULL) {
        free(svg);
        aw_tool_error("out of memory");
        return -1;
    }
    snprintf(tmp, n, "%s.tmp", path);
    FILE *f = fopen(tmp, "w");
    int ok = f != NULL && fputs(svg, f) >= 0;
    if (f != NULL && fclose(f) != 0)
        ok = 0;
    if (ok && rename(tmp, path) != 0)
        ok = 0;
    if (!ok) {
        aw_tool_error("cannot write '%s': %s", path, strerror(errno));
        aw_tool_hint("check that the directory exists and is writable");
        remove(tmp);
    }
    free(tmp);
    free(svg);
    return ok ? 0 : -1;
}

static int run_report(int argc, char **argv, struct aw_ctx *ctx)
{
    const char *svg_path = NULL;
    enum aw_format format = AW_FORMAT_TABLE;
    struct aw_request ov;
    aw_request_init(&ov);
    struct aw_method_params mp; /* required by the shared parser; unused here */
    aw_method_params_init(&mp);
    opterr = 0;
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, ":", long_options, NULL)) != -1) {
        switch (c) {
        case OPT_SVG:
            svg_path = optarg;
            break;
        case OPT_FORMAT:
            if (aw_parse_format(optarg, &format) != 0 || format == AW_FORMAT_CSV)
                return aw_tool_usage_error("report", "--format '%s': expected table or json",
                                           optarg);
            break;
        case ':':
            return aw_tool_usage_error("report", "%s needs a value", argv[optind - 1]);
        default:
            if (aw_tool_request_option("report", c, optarg, &ov, &mp) == 0)
                break;
            if (c >= AW_OPT_REQ_FIRST && c < AW_OPT_REQ_LAST)
                return AW_EXIT_USAGE;
            return aw_tool_usage_error("report", "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind < argc)
        return aw_tool_usage_error("report", "unexpected argument '%s'", argv[optind]);

    struct aw_report rep;
    struct aw_diag diag;
    aw_status st = aw_report_run(ctx->catalog, &ov, &rep, &diag);
    if (st != AW_OK)
        return aw_tool_fail(st, &diag);
    if (svg_path != NULL && write_svg(svg_path, &rep) != 0)
        return AW_EXIT_FAIL;
    if (format == AW_FORMAT_JSON) {
        json_t *j = aw_report_to_json(ctx->catalog, &rep);
        if (j == NULL) {
            aw_tool_error("out of memory");
            return AW_EXIT_FAIL;
        }
        int rc = aw_print_json(j);
        json_decref(j);
        return rc;
    }
    print_table(ctx->catalog, &rep);
    if (svg_path != NULL)
        printf("\nchart written to %s\n", svg_path);
    return AW_EXIT_OK;
}

const struct aw_cmd aw_cmd_report = {
    .name = "report",
    .summary = "the story of AI energy on one screen (the main job of make run)",
    .usage = usage,
    .run = run_report,
    .needs_catalog = 1,
};
