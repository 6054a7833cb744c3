/*
 * cmd_me.c - `aiwatt me`: one person's AI use per day and per year, in
 * everyday terms (phone charges, kettle boils, kilometres by electric car).
 */
#include <getopt.h>
#include <stdio.h>
#include <jansson.h>
#include "cmd.h"
#include "levers_out.h"
#include "reqopts.h"

const char aw_usage_me[] =
    "usage: aiwatt me [--queries-per-day N] [--images N] [--model ID]\n"
    "                 [--image-model ID] [--hardware ID] [--datacenter ID]\n"
    "                 [--grid ID|GRAMS] [--pue X] [--wue X] [--market-ci GRAMS]\n"
    "                 [--format table|json]\n"
    "\n"
    "One person's AI use: N chat queries (aiwatt's default request: 400 input +\n"
    "300 output tokens) and N generated images a day, per day and per year, with\n"
    "carbon, water and manufacturing, and a year of it in everyday terms.\n"
    "Everyday units and their sources: 'aiwatt catalog show phone-charge',\n"
    "kettle-boil, ev-km. Formulas: docs/methodology.md (The boundary ladder).\n"
    "\n"
    "  --queries-per-day N   chat queries a day (default 20)\n"
    "  --images N            generated images a day (default 0)\n"
    "  --model ID            the chat model (default gpt-4o)\n"
    "  --image-model ID      the image model (default flux.1-dev)\n";

/* A day of use: the sum of `n` of each estimate. */
struct day {
    double wh, co2_g, co2_market_g, water_ml, embodied_co2_g;
    int embodied_known;
};

static void add(struct day *d, const struct aw_estimate *e, double n)
{
    d->wh += n * e->wh.facility_wh;
    d->co2_g += n * e->co2_g;
    d->co2_market_g += n * e->co2_market_g;
    d->water_ml += n * e->water_ml;
    d->embodied_co2_g += n * e->embodied.co2_g;
    if (n > 0 && !e->embodied.set)
        d->embodied_known = 0;
}

static json_t *day_to_json(const struct day *d, double k)
{
    return json_pack("{s:f, s:f, s:f, s:f, s:o}", "wh", d->wh * k, "co2_g", d->co2_g * k,
                     "co2_market_g", d->co2_market_g * k, "water_ml", d->water_ml * k,
                     "embodied_co2_g",
                     d->embodied_known ? json_real(d->embodied_co2_g * k) : json_null());
}

static void print_row(const char *what, double day, double year, const char *(*fmt)(double,
                      char *, size_t))
{
    char a[48], b[48];
    printf("  %-22s %16s %16s\n", what, fmt(day, a, sizeof a), fmt(year, b, sizeof b));
}

/* Water through the CLI's one formatter ("785 L", "287 m3", "22,700 m3"). */
static const char *water(double ml, char *buf, size_t len)
{
    snprintf(buf, len, "%s", aw_fmt_water(NULL, ml, AW_SIG).s);
    return buf;
}

/* What a person does in a day (the site is the field table's). */
struct use {
    struct aw_request text, image;
    double queries, images;
};

static int take_option(void *state, int code, const char *arg)
{
    struct use *u = state;
    switch (code) {
    case AW_OWN_QUERIES_PER_DAY:
        if (aw_parse_si(arg, &u->queries) != 0 || !(u->queries >= 0) || u->queries > 1e6)
            return aw_tool_usage_error("me", "--queries-per-day '%s': expected 0 to "
                                       "1,000,000 queries a day", arg);
        break;
    case AW_OWN_IMAGES:
        if (aw_parse_si(arg, &u->images) != 0 || !(u->images >= 0) || u->images > 1e5)
            return aw_tool_usage_error("me", "--images '%s': expected 0 to 100,000 images "
                                       "a day", arg);
        break;
    case AW_OWN_MODEL:
        u->text.model_id = arg;
        break;
    default: /* AW_OWN_IMAGE_MODEL */
        u->image.model_id = arg;
        break;
    }
    return AW_EXIT_OK;
}

int aw_run_me(struct aw_ctx *ctx)
{
    struct use u;
    aw_request_init(&u.text);
    aw_request_init(&u.image);
    u.image.task = AW_TASK_IMAGE;
    u.queries = 20;
    u.images = 0;
    const struct aw_opts *o = &ctx->opts;
    int rc = aw_tool_own_options(o, take_option, &u);
    if (rc != AW_EXIT_OK)
        return rc;
    enum aw_format format = o->format;
    struct aw_request text = u.text, image = u.image, site = o->req;
    double queries = u.queries, images = u.images;
    if (queries == 0 && images == 0)
        return aw_tool_usage_error("me", "give --queries-per-day or --images above 0");
    aw_request_apply_site(&text, &site);
    aw_request_apply_site(&image, &site);

    struct aw_estimate te, ie;
    struct aw_diag diag;
    struct day d = {0, 0, 0, 0, 0, 1};
    aw_status st;
    if (queries > 0) {
        st = aw_estimate_request(ctx->catalog, &text, &te, &diag);
        if (st != AW_OK)
            return aw_tool_fail(st, &diag);
        add(&d, &te, queries);
    }
    if (images > 0) {
        st = aw_estimate_request(ctx->catalog, &image, &ie, &diag);
        if (st != AW_OK)
            return aw_tool_fail(st, &diag);
        add(&d, &ie, images);
    }
    const double days = 365.25;
    struct aw_everyday every[AW_EVERYDAY_MAX];
    size_t n_every = aw_everyday_equivalents(ctx->catalog, d.wh * days, every, AW_EVERYDAY_MAX);

    if (format == AW_FORMAT_JSON) {
        return aw_tool_json_out(json_pack(
            "{s:f, s:f, s:o, s:o, s:o, s:o, s:o}", "queries_per_day", queries, "images_per_day",
            images, "per_query", queries > 0 ? aw_estimate_to_json(&te) : json_null(),
            "per_image", images > 0 ? aw_estimate_to_json(&ie) : json_null(), "day",
            day_to_json(&d, 1), "year", day_to_json(&d, days), "everyday_per_year",
            aw_everyday_to_json(every, n_every)));
    }
    printf("aiwatt me: %s chat %s", aw_fmt_num(NULL, queries, AW_SIG_PRECISE).s,
           queries == 1 ? "query" : "queries");
    if (queries > 0)
        printf(" (%s)", te.inputs.model_id);
    printf(" and %s %s", aw_fmt_num(NULL, images, AW_SIG_PRECISE).s,
           images == 1 ? "image" : "images");
    if (images > 0)
        printf(" (%s)", ie.inputs.model_id);
    printf(" a day\n\n");
    printf("  %-22s %16s %16s\n", "", "per day", "per year");
    print_row("energy (facility)", d.wh, d.wh * days, aw_tool_energy);
    print_row("carbon, location", d.co2_g, d.co2_g * days, aw_tool_mass);
    print_row("carbon, market", d.co2_market_g, d.co2_market_g * days, aw_tool_mass);
    if (d.embodied_known)
        print_row("carbon, manufacturing", d.embodied_co2_g, d.embodied_co2_g * days,
                  aw_tool_mass);
    print_row("water", d.water_ml, d.water_ml * days, water);
    if (n_every > 0) {
        printf("\na year of it is about\n");
        for (size_t i = 0; i < n_every; i++)
            printf("  %12s  x %s (%s each)\n", aw_fmt_amount(NULL, every[i].count, AW_SIG).s,
                   every[i].name ? every[i].name : every[i].id,
                   aw_fmt_energy(NULL, every[i].wh_each, AW_SIG).s);
    }
    printf("\nper request: 'aiwatt estimate' (chat), 'aiwatt estimate --task image';\n"
           "sources: 'aiwatt catalog show phone-charge' (kettle-boil, ev-km)\n");
    return AW_EXIT_OK;
}
