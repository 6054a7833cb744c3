/*
 * opts.c - what every command shares: messages, number parsing, the option
 * prologue (--format, the request fields, the command's own options), the
 * output switch (table, JSON, CSV) and the one CSV writer.
 */
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "cmd.h"
#include "levers_out.h"
#include "outfile.h"
#include "reqopts.h"

void aw_tool_vmessage(const char *kind, const char *fmt, va_list ap)
{
    fprintf(stderr, "aiwatt: %s: ", kind);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
}

void aw_tool_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    aw_tool_vmessage("error", fmt, ap);
    va_end(ap);
}

void aw_tool_hint(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    aw_tool_vmessage("hint", fmt, ap);
    va_end(ap);
}

int aw_tool_fail(aw_status st, const struct aw_diag *diag)
{
    if (diag != NULL && diag->msg[0] != '\0')
        aw_tool_error("%s", diag->msg);
    else
        aw_tool_error("%s", aw_strerror(st));
    if (diag != NULL && diag->hint[0] != '\0')
        aw_tool_hint("%s", diag->hint);
    return AW_EXIT_FAIL;
}

int aw_tool_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    aw_tool_vmessage("error", fmt, ap);
    va_end(ap);
    aw_tool_hint("see 'aiwatt help %s'", cmd);
    return AW_EXIT_USAGE;
}

int aw_parse_si(const char *text, double *out)
{
    return aw_parse_quantity(text, out) == AW_OK ? 0 : -1;
}

int aw_parse_count(const char *text, long *out)
{
    double v;
    if (aw_parse_si(text, &v) != 0 || v < 0 || v != floor(v) || v > 1e15)
        return -1;
    *out = (long)v;
    return 0;
}

int aw_parse_format(const char *text, enum aw_format *out)
{
    if (strcmp(text, "table") == 0)
        *out = AW_FORMAT_TABLE;
    else if (strcmp(text, "json") == 0)
        *out = AW_FORMAT_JSON;
    else if (strcmp(text, "csv") == 0)
        *out = AW_FORMAT_CSV;
    else
        return -1;
    return 0;
}

int aw_print_json(void *json_value)
{
    char *text = json_dumps(json_value, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
                                            JSON_REAL_PRECISION(6));
    if (text == NULL) {
        aw_tool_error("out of memory formatting JSON");
        return AW_EXIT_FAIL;
    }
    fputs(text, stdout);
    fputc('\n', stdout);
    free(text);
    return AW_EXIT_OK;
}

int aw_tool_json_out(void *json_value)
{
    if (json_value == NULL) {
        aw_tool_error("out of memory");
        return AW_EXIT_FAIL;
    }
    int rc = aw_print_json(json_value);
    json_decref(json_value);
    return rc;
}

/* ---- The prologue of every command -------------------------------------- */

/* getopt code of --format: above the commands' own (256...), below the
 * fields' (AW_OPT_FIELD...). */
enum { OPT_FORMAT = AW_OPT_FIELD - 1, MAX_OWN = 48 };

/* The commands' own options, one row per option: its spelling, whether it
 * takes a value, its code, and the commands that take it (space-separated).
 * usage parses its own words, its --format among them; the other commands'
 * --format comes with their formats (aw_tool_options). */
static const struct {
    const char *name;
    int has_arg;
    enum aw_own_option code;
    const char *commands;
} own_options[] = {
    {"as-root", no_argument, AW_OWN_AS_ROOT, "measure"},
    {"batch", required_argument, AW_OWN_BATCH, "measure"},
    {"boundary", required_argument, AW_OWN_BOUNDARY, "compare"},
    {"count", required_argument, AW_OWN_COUNT, "monitor"},
    {"country", required_argument, AW_OWN_COUNTRY, "fleet"},
    {"datacenters", required_argument, AW_OWN_DATACENTERS, "compare"},
    {"format", required_argument, AW_OWN_FORMAT, "usage"},
    {"group-by", required_argument, AW_OWN_GROUP_BY, "usage"},
    {"hardware", required_argument, AW_OWN_HARDWARE, "measure serve"},
    {"html", required_argument, AW_OWN_HTML, "report"},
    {"idle", required_argument, AW_OWN_IDLE, "measure"},
    {"image-model", required_argument, AW_OWN_IMAGE_MODEL, "me"},
    {"images", required_argument, AW_OWN_IMAGES, "me"},
    {"input-format", required_argument, AW_OWN_INPUT_FORMAT, "usage"},
    {"input-tokens", required_argument, AW_OWN_INPUT_TOKENS, "measure"},
    {"interval", required_argument, AW_OWN_INTERVAL, "measure monitor serve"},
    {"jobs", required_argument, AW_OWN_JOBS, "usage"},
    {"kind", required_argument, AW_OWN_KIND, "refs"},
    {"lang", required_argument, AW_OWN_LANG, "report"},
    {"listen", required_argument, AW_OWN_LISTEN, "serve"},
    {"map", required_argument, AW_OWN_MAP, "usage"},
    {"methods", required_argument, AW_OWN_METHODS, "compare"},
    {"model", required_argument, AW_OWN_MODEL, "measure serve me"},
    {"output", required_argument, AW_OWN_OUTPUT, "measure"},
    {"per-row", no_argument, AW_OWN_PER_ROW, "usage"},
    {"profile", required_argument, AW_OWN_PROFILE, "fleet"},
    {"queries-per-day", required_argument, AW_OWN_QUERIES_PER_DAY, "fleet me"},
    {"requests", required_argument, AW_OWN_REQUESTS, "measure"},
    {"strict", no_argument, AW_OWN_STRICT, "usage"},
    {"svg", required_argument, AW_OWN_SVG, "report"},
    {"threads", required_argument, AW_OWN_THREADS, "serve"},
    {"tokens", required_argument, AW_OWN_TOKENS, "measure"},
    {"tokens-from", required_argument, AW_OWN_TOKENS_FROM, "serve"},
    {"wh-per-query", required_argument, AW_OWN_WH_PER_QUERY, "fleet"},
    {"window", required_argument, AW_OWN_WINDOW, "serve"},
    {"years", required_argument, AW_OWN_YEARS, "fleet"},
};

/* 1 when the space-separated list `words` holds `word`. */
static int has_word(const char *words, const char *word)
{
    size_t n = strlen(word);
    for (const char *p = words; (p = strstr(p, word)) != NULL; p += n)
        if ((p == words || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
            return 1;
    return 0;
}

/* Appends the own options of command `name` to opts[n...] (room for `max`
 * in all); returns the new count. */
static size_t add_own_options(const char *name, struct option *opts, size_t n, size_t max)
{
    for (size_t i = 0; i < sizeof own_options / sizeof own_options[0] && n < max; i++)
        if (has_word(own_options[i].commands, name))
            opts[n++] = (struct option){own_options[i].name, own_options[i].has_arg, NULL,
                                        (int)own_options[i].code};
    return n;
}

const struct option *aw_tool_command_options(const char *name, unsigned fields)
{
    struct option own[MAX_OWN + 1];
    size_t n = add_own_options(name, own, 0, MAX_OWN);
    own[n] = (struct option){NULL, 0, NULL, 0};
    return aw_tool_long_options(fields, own);
}

static const char *const format_names[] = {"table", "json", "csv"};

/* "table (default), json or csv": the formats `cmd` prints. */
static void format_words(const struct aw_cmd *cmd, const char *first_note, char *buf,
                         size_t len)
{
    const char *names[3];
    int n = 0;
    for (int f = AW_FORMAT_TABLE; f <= AW_FORMAT_CSV; f++)
        if (cmd->flags & (AW_CMDF_TABLE << f))
            names[n++] = format_names[f];
    buf[0] = '\0';
    for (int i = 0; i < n; i++) {
        size_t used = strlen(buf);
        snprintf(buf + used, len - used, "%s%s%s", i == 0 ? "" : i == n - 1 ? " or " : ", ",
                 names[i], i == 0 ? first_note : "");
    }
}

int aw_tool_take_format(const struct aw_cmd *cmd, const char *text, enum aw_format *out)
{
    char printed[32];
    format_words(cmd, "", printed, sizeof printed);
    enum aw_format f;
    if (aw_parse_format(text, &f) != 0)
        return aw_tool_usage_error(cmd->name, "--format '%s': expected %s", text, printed);
    if ((cmd->flags & (AW_CMDF_TABLE << f)) == 0)
        return aw_tool_usage_error(cmd->name, "--format '%s': '%s' prints %s", text, cmd->name,
                                   printed);
    *out = f;
    return AW_EXIT_OK;
}

/* "--flag=VALUE" for an option that takes none: getopt calls it unknown. */
static int takes_no_value(const struct option *options, const char *arg)
{
    const char *eq = strchr(arg, '=');
    if (strncmp(arg, "--", 2) != 0 || eq == NULL)
        return 0;
    for (const struct option *o = options; o->name != NULL; o++)
        if (o->has_arg == no_argument && strlen(o->name) == (size_t)(eq - arg - 2) &&
            strncmp(o->name, arg + 2, (size_t)(eq - arg - 2)) == 0)
            return 1;
    return 0;
}

int aw_tool_options(const struct aw_cmd *cmd, int argc, char **argv, struct aw_opts *o)
{
    memset(o, 0, sizeof *o);
    o->format = AW_FORMAT_TABLE;
    aw_request_init(&o->req);
    int takes_command = (cmd->flags & AW_CMDF_TAKES_COMMAND) != 0;
    struct option head[MAX_OWN + 3];
    size_t n = 0;
    if (cmd->flags & AW_CMDF_FORMATS)
        head[n++] = (struct option){"format", required_argument, NULL, OPT_FORMAT};
    if (takes_command) /* main.c leaves -h to the command: before COMMAND only */
        head[n++] = (struct option){"help", no_argument, NULL, 'h'};
    n = add_own_options(cmd->name, head, n, MAX_OWN + 2);
    head[n] = (struct option){NULL, 0, NULL, 0};
    const struct option *long_options = aw_tool_long_options(cmd->fields, head);
    opterr = 0;
    optind = 1;
    int c;
    /* "+": a trailing command's options are its own. */
    while ((c = getopt_long(argc, argv, takes_command ? "+:h" : ":", long_options, NULL)) != -1) {
        int rc = AW_EXIT_OK;
        if (c == OPT_FORMAT) {
            rc = aw_tool_take_format(cmd, optarg, &o->format);
        } else if (c == 'h' && takes_command) {
            aw_tool_print_usage(cmd, stdout);
            o->done = 1;
            return AW_EXIT_OK;
        } else if (c == ':') {
            rc = aw_tool_usage_error(cmd->name, "%s needs a value", argv[optind - 1]);
        } else if (c == '?' && takes_no_value(long_options, argv[optind - 1])) {
            rc = aw_tool_usage_error(cmd->name, "%.*s takes no value",
                                     (int)strcspn(argv[optind - 1], "="), argv[optind - 1]);
        } else if (c >= 256 && c < OPT_FORMAT) {
            if (o->n_own == sizeof o->own / sizeof o->own[0]) {
                rc = aw_tool_usage_error(cmd->name, "too many options");
            } else {
                o->own[o->n_own].code = c;
                o->own[o->n_own++].arg = optarg;
            }
        } else if (aw_tool_option_field(cmd->name, c, optarg, argc, argv, &o->req) != 0) {
            rc = AW_EXIT_USAGE;
        } else if (c - AW_OPT_FIELD < (int)sizeof o->field_given) {
            o->field_given[c - AW_OPT_FIELD] = 1;
        }
        if (rc != AW_EXIT_OK)
            return rc;
    }
    o->next = optind;
    if (!(cmd->flags & (AW_CMDF_OPERANDS | AW_CMDF_TAKES_COMMAND)) && optind < argc)
        return aw_tool_usage_error(cmd->name, "unexpected argument '%s'", argv[optind]);
    if (cmd->fields != 0 && aw_tool_request_check(cmd->name, &o->req) != 0)
        return AW_EXIT_USAGE;
    return AW_EXIT_OK;
}

int aw_tool_own_options(const struct aw_opts *o, aw_option_fn fn, void *state)
{
    for (size_t i = 0; i < o->n_own; i++) {
        int rc = fn(state, o->own[i].code, o->own[i].arg);
        if (rc != AW_EXIT_OK)
            return rc;
    }
    return AW_EXIT_OK;
}

/* "TITLE: a, b-c, ..." from a list of snake_case keys, in the CLI's
 * spelling (hyphens), wrapped at the default width (help is not sized to
 * the terminal). */
static void print_key_list(FILE *out, const char *title, const char *keys)
{
    char spelled[512];
    snprintf(spelled, sizeof spelled, "%s", keys);
    for (char *c = spelled; *c != '\0'; c++)
        if (*c == '_')
            *c = '-';
    const struct aw_view view = {AW_VIEW_DEFAULT_WIDTH, 0, 0};
    aw_text_print(&view, out, 0, 2, "%s: %s", title, spelled);
}

void aw_tool_print_usage(const struct aw_cmd *cmd, FILE *out)
{
    fputs(cmd->usage, out);
    if (cmd->flags & AW_CMDF_LEVERS) {
        print_key_list(out, "request levers", aw_whatif_keys(AW_WHATIF_REQUEST));
        print_key_list(out, "training levers", aw_whatif_keys(AW_WHATIF_TRAIN));
    }
    /* A command with request fields ends its text with its own options:
     * --format goes with them, then the fields. (The others list --format
     * among their own options, with notes after them.) */
    if (cmd->fields != 0 && (cmd->flags & AW_CMDF_FORMATS)) {
        char formats[64];
        format_words(cmd, " (default)", formats, sizeof formats);
        struct option own[2];
        fprintf(out, "%s  %-21s %s\n", add_own_options(cmd->name, own, 0, 1) > 0 ? "" : "\n",
                "--format F", formats);
    }
    if (cmd->fields != 0) {
        fputs("\nrequest options (ranges and defaults from the request-field table):\n", out);
        aw_tool_print_field_help(out, cmd->fields);
    }
}

/* ---- The output of every command ---------------------------------------- */

int aw_tool_output_analysed(const struct aw_ctx *ctx, enum aw_format format,
                            const struct aw_output *out, const void *result,
                            const struct aw_tool_uncertainty *unc, const char *per)
{
    int rc = AW_EXIT_OK;
    if (format == AW_FORMAT_JSON && out->json != NULL) {
        rc = out->json(result);
    } else if (format == AW_FORMAT_CSV && out->csv != NULL) {
        if (unc == NULL || !aw_tool_uncertainty_csv(stdout, unc))
            out->csv(stdout, result);
    } else if (out->table != NULL) {
        out->table(&ctx->view, result);
        if (unc != NULL)
            aw_tool_uncertainty_table(&ctx->view, unc, per);
    }
    if (rc == AW_EXIT_OK && aw_tool_flush(stdout, "output") != 0)
        rc = AW_EXIT_FAIL;
    return rc;
}

int aw_tool_output(const struct aw_ctx *ctx, enum aw_format format, const struct aw_output *out,
                   const void *result)
{
    return aw_tool_output_analysed(ctx, format, out, result, NULL, NULL);
}

/* ---- CSV ------------------------------------------------------------------ */

void aw_csv_text(FILE *out, const char *text)
{
    if (text == NULL)
        return;
    if (strpbrk(text, ",\"\r\n") == NULL) {
        fputs(text, out);
        return;
    }
    fputc('"', out);
    for (; *text; text++) {
        if (*text == '"')
            fputc('"', out);
        fputc(*text, out);
    }
    fputc('"', out);
}

void aw_csv_num(FILE *out, int valid, double value)
{
    if (valid)
        fprintf(out, "%.6g", value);
}

void aw_csv_row(FILE *out, const char *types, ...)
{
    va_list ap;
    va_start(ap, types);
    for (const char *t = types; *t; t++) {
        if (t != types)
            fputc(',', out);
        switch (*t) {
        case 's':
            aw_csv_text(out, va_arg(ap, const char *));
            break;
        case 'g':
            aw_csv_num(out, 1, va_arg(ap, double));
            break;
        case 'i':
            fprintf(out, "%d", va_arg(ap, int));
            break;
        case 'l':
            fprintf(out, "%ld", va_arg(ap, long));
            break;
        case 'w':
            fprintf(out, "%.0f", va_arg(ap, double));
            break;
        default: /* '-': an empty field */
            break;
        }
    }
    fputc('\n', out);
    va_end(ap);
}

int aw_tool_json_list_out(const char *key, size_t n, void *(*item)(const void *state, size_t i),
                          const void *state)
{
    json_t *arr = json_array();
    for (size_t i = 0; arr != NULL && i < n; i++) {
        if (json_array_append_new(arr, item(state, i)) != 0) {
            json_decref(arr);
            arr = NULL;
        }
    }
    return aw_tool_json_out(arr != NULL ? json_pack("{s:o}", key, arr) : NULL);
}
