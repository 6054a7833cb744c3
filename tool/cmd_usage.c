/*
 * cmd_usage.c - `aiwatt usage FILE...|-`: an organisation's AI usage logs
 * (OpenTelemetry GenAI spans, OpenAI usage exports, LiteLLM spend logs, any
 * CSV) to energy, carbon, water and manufacturing, per model, day, project
 * and user. Reads line by line; the library aggregates (lib/usage).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "aiwatt/usage.h"
#include "cmd.h"
#include "levers_out.h"
#include "reqopts.h"

static const char usage[] =
    "usage: aiwatt usage [--group-by model,day,project,user] [--map FIELD=COL,...]\n"
    "                    [--input-format auto|csv|jsonl] [--strict]\n"
    "                    [--hardware ID] [--datacenter ID] [--grid ID|GRAMS] [--pue X]\n"
    "                    [--wue X] [--market-ci GRAMS] [--format table|json] FILE...|-\n"
    "\n"
    "Usage logs to impacts: each row (a request, or a bucket of requests) is\n"
    "estimated as 'aiwatt estimate --model M --input-tokens I --output-tokens O'\n"
    "would, at the default site unless the site options say otherwise.\n"
    "\n"
    "  FILE...               CSV with a header, or JSON lines (OpenTelemetry GenAI\n"
    "                        spans, OpenAI usage buckets, LiteLLM spend logs); '-'\n"
    "                        reads stdin\n"
    "  --group-by KEYS       model, day, project, user (comma-separated)\n"
    "  --map FIELD=COL,...   the column (CSV) or key (JSON) of a field: model,\n"
    "                        input_tokens, output_tokens, cached_tokens, requests,\n"
    "                        day, project, user\n"
    "  --input-format F      auto (default: '{' starts JSON lines), csv, jsonl\n"
    "  --strict              a bad row is fatal (default: reported and counted)\n"
    "\n"
    "Bad rows are reported on stderr as FILE:LINE: reason. Unknown models are\n"
    "listed with their request counts and the nearest catalog id.\n";

enum { OPT_GROUP = 1, OPT_MAP, OPT_INPUT_FORMAT, OPT_STRICT, OPT_FORMAT };

/* The site options are the field table's (aiwatt/request.h): the same set
 * as `aiwatt me`, a site for every row. */
static const struct option own_options[] = {
    {"group-by", required_argument, NULL, OPT_GROUP},
    {"map", required_argument, NULL, OPT_MAP},
    {"input-format", required_argument, NULL, OPT_INPUT_FORMAT},
    {"strict", no_argument, NULL, OPT_STRICT},
    {"format", required_argument, NULL, OPT_FORMAT},
    {NULL, 0, NULL, 0},
};

static int parse_group_by(const char *arg, unsigned *out)
{
    char buf[128];
    if (strlen(arg) >= sizeof buf)
        return -1;
    strcpy(buf, arg);
    *out = 0;
    for (char *save = NULL, *k = strtok_r(buf, ",", &save); k; k = strtok_r(NULL, ",", &save)) {
        if (strcmp(k, "model") == 0)
            *out |= AW_USAGE_BY_MODEL;
        else if (strcmp(k, "day") == 0)
            *out |= AW_USAGE_BY_DAY;
        else if (strcmp(k, "project") == 0)
            *out |= AW_USAGE_BY_PROJECT;
        else if (strcmp(k, "user") == 0)
            *out |= AW_USAGE_BY_USER;
        else
            return -1;
    }
    return 0;
}

/* Reads one input; 0, or 1 when --strict stopped at a bad row (or the file
 * cannot be read). */
static int read_input(aw_usage *u, const char *path, enum aw_usage_format fmt, int strict)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
    if (f == NULL) {
        aw_tool_error("cannot read '%s'", path);
        aw_tool_hint("check the path; '-' reads stdin");
        return 1;
    }
    aw_usage_begin_input(u, fmt);
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    long lineno = 0;
    int rc = 0;
    struct aw_diag diag;
    while ((n = getline(&line, &cap, f)) >= 0) {
        lineno++;
        aw_status st = aw_usage_add_line(u, line, (size_t)n, &diag);
        if (st == AW_OK)
            continue;
        fprintf(stderr, "%s:%ld: %s\n", path, lineno, diag.msg);
        if (strict || st == AW_E_NOMEM) {
            if (diag.hint[0] != '\0')
                aw_tool_hint("%s", diag.hint);
            rc = 1;
            break;
        }
    }
    free(line);
    if (f != stdin)
        fclose(f);
    return rc;
}

/* "850 mL", "12.5 L", "3.2 m3". */
static const char *water(double ml, char *buf, size_t len)
{
    if (ml < 1000)
        snprintf(buf, len, "%.3g mL", ml);
    else if (ml < 1e6)
        snprintf(buf, len, "%.3g L", ml / 1e3);
    else
        snprintf(buf, len, "%.4g m3", ml / 1e6);
    return buf;
}

static void print_totals(const char *label, const json_t *t)
{
    char e[48], c[48], w[48];
    const json_t *wh = json_object_get(t, "wh");
    double emb = json_real_value(json_object_get(json_object_get(t, "embodied"), "co2_g"));
    printf("  %-22.22s %8.4g %11s %11s %10s", label,
           json_real_value(json_object_get(t, "requests")),
           aw_tool_energy(json_real_value(json_object_get(wh, "facility")), e, sizeof e),
           aw_tool_mass(json_real_value(json_object_get(t, "co2_g")), c, sizeof c),
           water(json_real_value(json_object_get(t, "water_ml")), w, sizeof w));
    if (json_is_null(json_object_get(json_object_get(t, "embodied"), "co2_g")))
        printf("  %9s\n", "-");
    else
        printf("  %9s\n", aw_tool_mass(emb, c, sizeof c));
}

static void print_table(const json_t *j)
{
    printf("aiwatt usage: %lld rows, %lld bad\n\n",
           (long long)json_integer_value(json_object_get(j, "rows")),
           (long long)json_integer_value(json_object_get(j, "bad_rows")));
    printf("  %-22s %8s %11s %11s %10s  %9s\n", "group", "requests", "energy", "carbon",
           "water", "embodied");
    size_t i;
    const json_t *g;
    json_array_foreach(json_object_get(j, "groups"), i, g)
    {
        char label[64] = "";
        const char *k;
        const json_t *v;
        size_t used = 0;
        json_object_foreach((json_t *)json_object_get(g, "key"), k, v)
        {
            int w = snprintf(label + used, sizeof label - used, "%s%s", used ? " " : "",
                             json_string_value(v));
            if (w < 0 || (size_t)w >= sizeof label - used)
                break;
            used += (size_t)w;
        }
        (void)k;
        print_totals(label, g);
    }
    print_totals("total", json_object_get(j, "total"));
    json_array_foreach(json_object_get(j, "unknown_models"), i, g)
    {
        const char *near = json_string_value(json_object_get(g, "nearest"));
        printf("%s  unknown model '%s': %.4g requests not counted%s%s%s\n", i ? "" : "\n",
               json_string_value(json_object_get(g, "model")),
               json_real_value(json_object_get(g, "requests")), near ? " (did you mean '" : "",
               near ? near : "", near ? "'?)" : "");
    }
    printf("\nenergy at the facility; carbon location-based; formulas: docs/methodology.md\n");
}

static int run_usage(int argc, char **argv, struct aw_ctx *ctx)
{
    enum aw_format format = AW_FORMAT_TABLE;
    enum aw_usage_format input = AW_USAGE_AUTO;
    unsigned group_by = AW_USAGE_BY_MODEL;
    int strict = 0;
    const char *maps[16];
    int n_maps = 0;
    struct aw_request site;
    aw_request_init(&site);
    const struct option *long_options = aw_tool_long_options(AW_CMD_ME, own_options);
    opterr = 0;
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, ":", long_options, NULL)) != -1) {
        switch (c) {
        case OPT_GROUP:
            if (parse_group_by(optarg, &group_by) != 0)
                return aw_tool_usage_error("usage", "--group-by '%s': expected model, day, "
                                           "project or user, comma-separated", optarg);
            break;
        case OPT_MAP:
            if (n_maps == 16)
                return aw_tool_usage_error("usage", "too many --map options");
            maps[n_maps++] = optarg;
            break;
        case OPT_INPUT_FORMAT:
            if (strcmp(optarg, "auto") == 0)
                input = AW_USAGE_AUTO;
            else if (strcmp(optarg, "csv") == 0)
                input = AW_USAGE_CSV;
            else if (strcmp(optarg, "jsonl") == 0)
                input = AW_USAGE_JSONL;
            else
                return aw_tool_usage_error("usage", "--input-format '%s': expected auto, csv "
                                           "or jsonl", optarg);
            break;
        case OPT_STRICT:
            strict = 1;
            break;
        case OPT_FORMAT:
            if (aw_parse_format(optarg, &format) != 0 || format == AW_FORMAT_CSV)
                return aw_tool_usage_error("usage", "--format '%s': expected table or json",
                                           optarg);
            break;
        case ':':
            return aw_tool_usage_error("usage", "%s needs a value", argv[optind - 1]);
        case '?':
            return aw_tool_usage_error("usage", "unknown option '%s'", argv[optind - 1]);
        default:
            if (aw_tool_option_field("usage", c, optarg, argc, argv, &site) != 0)
                return AW_EXIT_USAGE;
            break;
        }
    }
    if (optind >= argc)
        return aw_tool_usage_error("usage", "give one or more files, or '-' for stdin");
    aw_usage *u = NULL;
    struct aw_diag diag;
    aw_status st = aw_usage_new(ctx->catalog, &site, group_by, &u, &diag);
    if (st != AW_OK)
        return aw_tool_fail(st, &diag);
    for (int i = 0; i < n_maps; i++) {
        char buf[256];
        if (strlen(maps[i]) >= sizeof buf) {
            aw_usage_free(u);
            return aw_tool_usage_error("usage", "--map '%s' is too long", maps[i]);
        }
        strcpy(buf, maps[i]);
        for (char *save = NULL, *kv = strtok_r(buf, ",", &save); kv;
             kv = strtok_r(NULL, ",", &save)) {
            char *eq = strchr(kv, '=');
            if (eq == NULL || eq == kv || eq[1] == '\0') {
                aw_usage_free(u);
                return aw_tool_usage_error("usage", "--map '%s': expected FIELD=COLUMN", kv);
            }
            *eq = '\0';
            st = aw_usage_map(u, kv, eq + 1, &diag);
            if (st != AW_OK) {
                aw_usage_free(u);
                return aw_tool_usage_error("usage", "%s", diag.msg);
            }
        }
    }
    for (int i = optind; i < argc; i++) {
        if (read_input(u, argv[i], input, strict) != 0) {
            aw_usage_free(u);
            return AW_EXIT_FAIL;
        }
    }
    json_t *j = aw_usage_to_json(u);
    aw_usage_free(u);
    if (j == NULL) {
        aw_tool_error("out of memory");
        return AW_EXIT_FAIL;
    }
    int rc = AW_EXIT_OK;
    if (format == AW_FORMAT_JSON)
        rc = aw_print_json(j);
    else
        print_table(j);
    json_decref(j);
    return rc;
}

const struct aw_cmd aw_cmd_usage = {
    .name = "usage",
    .summary = "an organisation's AI usage logs to energy, carbon, water, per model/day/project",
    .usage = usage,
    .run = run_usage,
    .needs_catalog = 1,
};
