/*
 * cmd_usage.c - `aiwatt usage FILE...|-`: an organisation's AI usage logs
 * (OpenTelemetry GenAI spans, OpenAI usage exports, LiteLLM spend logs, any
 * CSV) to energy, carbon, water and manufacturing, per model, day, project
 * and user. Reads in large blocks and hands the library one line at a time
 * (lib/usage aggregates); --jobs splits a file on line boundaries over
 * threads, each with its own aggregation, merged in order; --per-row writes
 * one result row per input row, as a streaming filter.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <jansson.h>
#include "aiwatt/usage.h"
#include "cmd.h"
#include "meter_common.h"
#include "reqopts.h"

const char aw_usage_usage[] =
    "usage: aiwatt usage [--group-by model,day,project,user] [--map FIELD=COL,...]\n"
    "                    [--input-format auto|csv|jsonl] [--strict] [--per-row]\n"
    "                    [--jobs N] [--hardware ID] [--datacenter ID]\n"
    "                    [--grid ID|GRAMS] [--pue X] [--wue X] [--market-ci GRAMS]\n"
    "                    [--format table|json|csv] FILE...|-\n"
    "\n"
    "Usage logs to impacts: each row (a request, or a bucket of requests) is\n"
    "estimated as 'aiwatt estimate --model M --input-tokens I --output-tokens O'\n"
    "would, at the default site unless the site options say otherwise.\n"
    "\n"
    "  FILE...               CSV with a header, or JSON lines (OpenTelemetry GenAI\n"
    "                        spans, OpenAI usage buckets, LiteLLM spend logs); '-'\n"
    "                        reads stdin\n"
    "  --group-by KEYS       model, day, project, user (comma-separated)\n"
    "  --map FIELD=COL,...   the column (CSV) or key (JSON) of a field: requests,\n"
    "                        day, project, user, or an option of 'aiwatt estimate'\n"
    "                        (model, input_tokens, output_tokens, cached_tokens,\n"
    "                        hardware, datacenter, grid, ...) set per row\n"
    "  --input-format F      auto (default: '{' starts JSON lines), csv, jsonl\n"
    "  --strict              a bad row is fatal (default: reported and counted)\n"
    "  --per-row             one result row per input row, as it is read (CSV, or\n"
    "                        JSON lines with --format json): a streaming filter\n"
    "                        for Spark's RDD.pipe, Hadoop streaming, GNU parallel\n"
    "  --jobs N              read each file with N threads (default 1)\n"
    "  --format F            table (default), json or csv\n"
    "\n"
    "Bad rows are reported on stderr as FILE:LINE: reason. Unknown models are\n"
    "listed with their request counts and the nearest catalog id.\n";

#define MAX_MAPS 32
#define MAX_JOBS 256
#define READ_BLOCK (1 << 20)
#define MAX_LINE (64 << 20)    /* a longer line is not a log row */
#define MAX_KEPT_MESSAGES 1000 /* per thread; the rest are counted */

struct options {
    struct aw_request site;
    unsigned group_by;
    char *map_field[MAX_MAPS], *map_column[MAX_MAPS];
    int n_maps;
    enum aw_usage_format input;
    enum aw_format format;
    int strict, per_row, jobs;
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

/* ---- Output of --per-row ------------------------------------------------- */

static void json_str(FILE *out, const char *s)
{
    fputc('"', out);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            fprintf(out, "\\%c", c);
        else if (c < 0x20)
            fprintf(out, "\\u%04x", c);
        else
            fputc(c, out);
    }
    fputc('"', out);
}

static const char *const status_names[] = {"", "ok", "empty", "unknown_model", "bad"};

/* The columns of a --per-row row (its CSV header, its JSON keys): text, or
 * a number. */
static const struct {
    const char *name;
    int text;
} row_columns[] = {
    {"file", 1}, {"line", 0}, {"status", 1}, {"model", 1}, {"day", 1}, {"project", 1},
    {"user", 1}, {"requests", 0}, {"input_tokens", 0}, {"output_tokens", 0},
    {"cached_tokens", 0}, {"accelerator_wh", 0}, {"server_wh", 0}, {"it_wh", 0}, {"wh", 0},
    {"co2_g", 0}, {"co2_market_g", 0}, {"water_ml", 0}, {"water_onsite_ml", 0},
    {"water_offsite_ml", 0}, {"embodied_co2_g", 0}, {"error", 1}};
enum { ROW_COLUMNS = sizeof row_columns / sizeof row_columns[0] };

/* One value of a row: text, or a number, or none (null in JSON, an empty CSV
 * field; a text column with none, the error of a good row, is left out of
 * the JSON). */
struct row_value {
    const char *text; /* text column: the text, or NULL for none */
    double number;
    int none;         /* number column: 1 for none */
};

/* One result row: CSV (row_columns) or a JSON line, from one list of values.
 * Figures keep every digit (%.17g), so that the rows add up to the totals. */
static void print_row(FILE *out, enum aw_format format, const char *path, long line,
                      const struct aw_usage_row *r, const char *error)
{
    int no_figures = r->status != AW_USAGE_ROW_OK && r->status != AW_USAGE_ROW_EMPTY;
    const struct row_value v[ROW_COLUMNS] = {
        {path, 0, 0}, {NULL, (double)line, 0}, {status_names[r->status], 0, 0},
        {r->model, 0, 0}, {r->day, 0, 0}, {r->project, 0, 0}, {r->user, 0, 0},
        {NULL, r->requests, 0}, {NULL, r->input_tokens, 0}, {NULL, r->output_tokens, 0},
        {NULL, r->cached_tokens, 0}, {NULL, r->wh.accelerator_wh, no_figures},
        {NULL, r->wh.server_wh, no_figures}, {NULL, r->wh.it_wh, no_figures},
        {NULL, r->wh.facility_wh, no_figures}, {NULL, r->co2_g, no_figures},
        {NULL, r->co2_market_g, no_figures}, {NULL, r->water_ml, no_figures},
        {NULL, r->water_onsite_ml, no_figures}, {NULL, r->water_offsite_ml, no_figures},
        {NULL, r->embodied_co2_g, no_figures || !r->embodied_set}, {error, 0, 0}};
    for (size_t i = 0; i < ROW_COLUMNS; i++) {
        int text = row_columns[i].text;
        if (format == AW_FORMAT_JSON) {
            if (text && v[i].text == NULL)
                continue;
            fprintf(out, "%s\"%s\": ", i == 0 ? "{" : ", ", row_columns[i].name);
            if (text)
                json_str(out, v[i].text);
            else if (v[i].none)
                fputs("null", out);
            else
                fprintf(out, "%.17g", v[i].number);
        } else {
            if (i > 0)
                fputc(',', out);
            if (text)
                aw_csv_text(out, v[i].text);
            else if (!v[i].none)
                fprintf(out, "%.17g", v[i].number);
        }
    }
    fputs(format == AW_FORMAT_JSON ? "}\n" : "\n", out);
}

/* ---- Reading --------------------------------------------------------------- */

struct message {
    long line; /* in the chunk */
    char *text;
};

/* One reader: a file, or a chunk of one, into one aggregation. */
struct reader {
    aw_usage *u;
    const char *path;
    const struct options *opt;
    int fd;
    off_t start, end; /* a chunk (pread); end < 0: read() to end of file */
    const char *header; /* CSV: fed first when the chunk starts mid-file */
    size_t header_len;
    long lines;
    int failed;        /* stopped: --strict, out of memory or a read error */
    int direct;        /* messages go straight to stderr (else kept) */
    struct message *messages;
    size_t n_messages;
    long dropped;
    char *read_error;
};

static void report(struct reader *r, long line, const struct aw_diag *diag)
{
    if (r->direct) {
        fprintf(stderr, "%s:%ld: %s\n", r->path, line, diag->msg);
        return;
    }
    if (r->n_messages == MAX_KEPT_MESSAGES) {
        r->dropped++;
        return;
    }
    if (r->messages == NULL) {
        r->messages = calloc(MAX_KEPT_MESSAGES, sizeof *r->messages);
        if (r->messages == NULL) {
            r->dropped++;
            return;
        }
    }
    char *text = strdup(diag->msg);
    if (text == NULL) {
        r->dropped++;
        return;
    }
    r->messages[r->n_messages].line = line;
    r->messages[r->n_messages++].text = text;
}

/* One line: added, reported when bad, written out with --per-row. 0 to go
 * on, -1 to stop. */
static int take_line(struct reader *r, const char *line, size_t len)
{
    struct aw_diag diag;
    long lineno = ++r->lines;
    aw_status st = aw_usage_add_line(r->u, line, len, &diag);
    if (r->opt->per_row) {
        struct aw_usage_row row;
        aw_usage_last_row(r->u, &row);
        if (row.status != AW_USAGE_ROW_NONE)
            print_row(stdout, r->opt->format, r->path, lineno, &row,
                      st == AW_OK ? NULL : diag.msg);
    }
    if (st == AW_OK)
        return 0;
    report(r, lineno, &diag);
    if (r->opt->strict || st == AW_E_NOMEM) {
        if (r->direct && diag.hint[0] != '\0')
            aw_tool_hint("%s", diag.hint);
        r->failed = 1;
        return -1;
    }
    return 0;
}

/* Reads the reader's file or chunk in blocks, line by line; memory stays
 * at one block (and the longest line). */
static void read_lines(struct reader *r)
{
    size_t cap = READ_BLOCK, len = 0;
    char *buf = malloc(cap);
    off_t pos = r->start;
    if (buf == NULL) {
        r->read_error = strdup("out of memory");
        r->failed = 1;
        return;
    }
    if (r->header != NULL) {
        struct aw_diag diag;
        (void)aw_usage_add_line(r->u, r->header, r->header_len, &diag); /* chunk 0 reports it */
    }
    for (;;) {
        if (len == cap) {
            if (cap >= MAX_LINE) {
                char msg[96];
                snprintf(msg, sizeof msg, "line %ld is longer than %d MiB: not a log row",
                         r->lines + 1, MAX_LINE >> 20);
                r->read_error = strdup(msg);
                r->failed = 1;
                break;
            }
            char *bigger = realloc(buf, cap * 2);
            if (bigger == NULL) {
                r->read_error = strdup("out of memory");
                r->failed = 1;
                break;
            }
            buf = bigger;
            cap *= 2;
        }
        size_t want = cap - len;
        if (r->end >= 0 && (off_t)want > r->end - pos)
            want = (size_t)(r->end - pos);
        ssize_t got = want == 0 ? 0
                      : r->end >= 0 ? pread(r->fd, buf + len, want, pos)
                                    : read(r->fd, buf + len, want);
        if (got < 0) {
            if (errno == EINTR)
                continue;
            r->read_error = strdup(strerror(errno));
            r->failed = 1;
            break;
        }
        pos += got;
        size_t total = len + (size_t)got;
        size_t at = 0;
        /* Whole lines in the buffer; a partial last line waits for more. */
        for (;;) {
            const char *nl = memchr(buf + at, '\n', total - at);
            if (nl == NULL)
                break;
            size_t n = (size_t)(nl - (buf + at));
            if (take_line(r, buf + at, n) != 0)
                goto done;
            at += n + 1;
        }
        if (got == 0) { /* end of input: the last line has no newline */
            if (total > at)
                (void)take_line(r, buf + at, total - at);
            break;
        }
        memmove(buf, buf + at, total - at);
        len = total - at;
    }
done:
    free(buf);
}

static void *read_thread(void *arg)
{
    read_lines(arg);
    return NULL;
}

static void reader_release(struct reader *r)
{
    for (size_t i = 0; i < r->n_messages; i++)
        free(r->messages[i].text);
    free(r->messages);
    free(r->read_error);
    aw_usage_free(r->u);
}

static aw_status usage_new(const struct aw_ctx *ctx, const struct options *opt, aw_usage **u,
                           struct aw_diag *diag)
{
    aw_status st = aw_usage_new(ctx->catalog, &opt->site, opt->group_by, u, diag);
    for (int i = 0; st == AW_OK && i < opt->n_maps; i++)
        st = aw_usage_map(*u, opt->map_field[i], opt->map_column[i], diag);
    if (st != AW_OK) {
        aw_usage_free(*u);
        *u = NULL;
    }
    return st;
}

/* The first non-blank line of a file (its CSV header), and the format the
 * input has: JSON lines when it starts with '{'. -1 on a read error. */
static int first_line(int fd, char *buf, size_t cap, size_t *len, enum aw_usage_format *fmt)
{
    ssize_t got = pread(fd, buf, cap, 0);
    if (got < 0)
        return -1;
    size_t at = 0, n = (size_t)got;
    *len = 0;
    while (at < n) {
        const char *nl = memchr(buf + at, '\n', n - at);
        size_t end = nl ? (size_t)(nl - buf) : n;
        size_t k = at;
        while (k < end && (buf[k] == ' ' || buf[k] == '\t' || buf[k] == '\r'))
            k++;
        if (k < end) {
            if (*fmt == AW_USAGE_AUTO)
                *fmt = buf[k] == '{' ? AW_USAGE_JSONL : AW_USAGE_CSV;
            memmove(buf, buf + at, end - at);
            *len = end - at;
            return 0;
        }
        at = end + 1;
    }
    return 0;
}

/* Reads one file with opt->jobs threads: chunks split after a newline,
 * each into its own aggregation, merged into `u` in order; messages are
 * printed in order with the file's line numbers. 0, or 1 on failure. */
static int read_parallel(aw_usage *u, const struct aw_ctx *ctx, const struct options *opt,
                         const char *path, int fd, off_t size)
{
    int jobs = opt->jobs;
    enum aw_usage_format fmt = opt->input;
    char *header = malloc(READ_BLOCK);
    size_t header_len = 0;
    struct reader *r = calloc((size_t)jobs, sizeof *r);
    pthread_t *threads = calloc((size_t)jobs, sizeof *threads);
    int *started = calloc((size_t)jobs, sizeof *started);
    int rc = 0;
    struct aw_diag diag;
    if (header == NULL || r == NULL || threads == NULL || started == NULL) {
        aw_tool_error("out of memory");
        rc = 1;
        goto out;
    }
    if (first_line(fd, header, READ_BLOCK, &header_len, &fmt) != 0) {
        aw_tool_error("cannot read '%s': %s", path, strerror(errno));
        rc = 1;
        goto out;
    }
    if (fmt == AW_USAGE_AUTO) /* an empty file */
        fmt = AW_USAGE_CSV;
    /* Chunk k starts after the first newline at or past size * k / jobs. */
    off_t prev = 0;
    for (int k = 0; k < jobs; k++) {
        off_t start = prev, end = size;
        if (k + 1 < jobs) {
            end = size / jobs * (k + 1);
            if (end < start)
                end = start;
            char probe[4096];
            for (;;) {
                ssize_t got = end < size ? pread(fd, probe, sizeof probe, end) : 0;
                if (got <= 0) {
                    end = size;
                    break;
                }
                const char *nl = memchr(probe, '\n', (size_t)got);
                if (nl != NULL) {
                    end += nl - probe + 1;
                    break;
                }
                end += got;
            }
        }
        prev = end;
        r[k].path = path;
        r[k].opt = opt;
        r[k].fd = fd;
        r[k].start = start;
        r[k].end = end;
        if (k > 0 && fmt == AW_USAGE_CSV) {
            r[k].header = header;
            r[k].header_len = header_len;
        }
        if (usage_new(ctx, opt, &r[k].u, &diag) != AW_OK) {
            rc = aw_tool_fail(AW_E_NOMEM, &diag);
            goto out;
        }
        aw_usage_begin_input(r[k].u, fmt);
    }
    for (int k = 0; k < jobs; k++)
        started[k] = pthread_create(&threads[k], NULL, read_thread, &r[k]) == 0;
    for (int k = 0; k < jobs; k++) {
        if (started[k])
            pthread_join(threads[k], NULL);
        else
            read_lines(&r[k]); /* no thread: read it here */
    }
    long base = 0;
    for (int k = 0; k < jobs && rc == 0; k++) {
        for (size_t i = 0; i < r[k].n_messages; i++)
            fprintf(stderr, "%s:%ld: %s\n", path, base + r[k].messages[i].line,
                    r[k].messages[i].text);
        if (r[k].dropped > 0)
            fprintf(stderr, "%s: %ld more bad rows in lines %ld-%ld\n", path, r[k].dropped,
                    base + 1, base + r[k].lines);
        if (r[k].read_error != NULL) {
            aw_tool_error("reading '%s': %s", path, r[k].read_error);
            rc = 1;
        } else if (r[k].failed) {
            rc = 1;
        } else if (aw_usage_merge(u, r[k].u, &diag) != AW_OK) {
            rc = aw_tool_fail(AW_E_NOMEM, &diag);
        }
        base += r[k].lines;
    }
out:
    for (int k = 0; r != NULL && k < jobs; k++)
        reader_release(&r[k]);
    free(started);
    free(threads);
    free(r);
    free(header);
    return rc;
}

/* Reads one input; 0, or 1 when --strict stopped at a bad row (or the file
 * cannot be read). */
static int read_input(aw_usage *u, const struct aw_ctx *ctx, const struct options *opt,
                      const char *path)
{
    int fd = strcmp(path, "-") == 0 ? STDIN_FILENO : open(path, O_RDONLY);
    if (fd < 0) {
        aw_tool_error("cannot read '%s': %s", path, strerror(errno));
        aw_tool_hint("check the path; '-' reads stdin");
        return 1;
    }
    struct stat sb;
    int rc;
    if (opt->jobs > 1 && fd != STDIN_FILENO && fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode)) {
        rc = read_parallel(u, ctx, opt, path, fd, sb.st_size);
    } else {
        struct reader r = {.u = u, .path = path, .opt = opt, .fd = fd, .end = -1,
                           .direct = 1};
        aw_usage_begin_input(u, opt->input);
        read_lines(&r);
        if (r.read_error != NULL)
            aw_tool_error("reading '%s': %s", path, r.read_error);
        free(r.read_error);
        rc = r.failed;
    }
    if (fd != STDIN_FILENO)
        close(fd);
    return rc;
}

/* ---- Aggregated output ----------------------------------------------------- */

static double num(const json_t *obj, const char *key)
{
    return json_number_value(json_object_get(obj, key));
}

static void table_row(struct aw_table *t, const struct aw_view *view, const char *label,
                      const json_t *g)
{
    const json_t *emb = json_object_get(json_object_get(g, "embodied"), "co2_g");
    aw_table_cell(t, "%s", label);
    aw_table_cell(t, "%s", aw_fmt_count(view, num(g, "requests"), 0).s);
    aw_table_cell(t, "%s", aw_fmt_energy(view, num(json_object_get(g, "wh"), "facility"),
                                         AW_SIG).s);
    aw_table_cell(t, "%s", aw_fmt_mass(view, num(g, "co2_g"), NULL, AW_SIG).s);
    aw_table_cell(t, "%s", aw_fmt_water(view, num(g, "water_ml"), AW_SIG).s);
    aw_table_cell(t, "%s", json_is_null(emb) ? "-" : aw_fmt_mass(view, json_number_value(emb),
                                                                  NULL, AW_SIG).s);
}

static void group_label(const json_t *g, char *label, size_t size)
{
    const char *k;
    const json_t *v;
    size_t used = 0;
    label[0] = '\0';
    json_object_foreach((json_t *)json_object_get(g, "key"), k, v)
    {
        int w = snprintf(label + used, size - used, "%s%s", used ? " " : "",
                         json_string_value(v));
        if (w < 0 || (size_t)w >= size - used)
            break;
        used += (size_t)w;
    }
    (void)k;
}

static int print_table(const json_t *j, const struct aw_view *view)
{
    printf("aiwatt usage: %s rows, %s bad\n\n",
           aw_fmt_count(view, (double)json_integer_value(json_object_get(j, "rows")), 0).s,
           aw_fmt_count(view, (double)json_integer_value(json_object_get(j, "bad_rows")), 0).s);
    struct aw_table *t = aw_table_new(view, 2);
    aw_table_col(t, "group", AW_COL_LEFT | AW_COL_WRAP, AW_KEEP);
    aw_table_col(t, "requests", AW_COL_RIGHT, 2);
    aw_table_col(t, "energy", AW_COL_RIGHT, AW_KEEP);
    aw_table_col(t, "carbon", AW_COL_RIGHT, AW_KEEP);
    aw_table_col(t, "water", AW_COL_RIGHT, 1);
    aw_table_col(t, "embodied", AW_COL_RIGHT, 3);
    size_t i;
    const json_t *g;
    json_array_foreach(json_object_get(j, "groups"), i, g)
    {
        char label[512];
        group_label(g, label, sizeof label);
        table_row(t, view, label, g);
    }
    table_row(t, view, "total", json_object_get(j, "total"));
    if (aw_table_print(t, stdout) != 0) {
        aw_table_free(t);
        aw_tool_error("out of memory");
        return AW_EXIT_FAIL;
    }
    aw_table_free(t);
    json_array_foreach(json_object_get(j, "unknown_models"), i, g)
    {
        const char *near = json_string_value(json_object_get(g, "nearest"));
        if (i == 0)
            putchar('\n');
        aw_text_print(view, stdout, 2, 4, "unknown model '%s': %s requests not counted%s%s%s",
                      json_string_value(json_object_get(g, "model")),
                      aw_fmt_count(view, num(g, "requests"), 0).s,
                      near ? " (did you mean '" : "", near ? near : "", near ? "'?)" : "");
    }
    printf("\n");
    aw_text_print(view, stdout, 2, 2, "energy at the facility; carbon location-based; "
                  "formulas: docs/methodology.md");
    return AW_EXIT_OK;
}

/* Aggregated CSV: one line per group, then the total; unknown models after,
 * with their requests. Every digit kept. */
static void print_csv(const json_t *j, unsigned group_by)
{
    static const char *const key_names[4] = {"model", "day", "project", "user"};
    static const unsigned bits[4] = {AW_USAGE_BY_MODEL, AW_USAGE_BY_DAY, AW_USAGE_BY_PROJECT,
                                     AW_USAGE_BY_USER};
    fputs("row", stdout);
    for (int b = 0; b < 4; b++)
        if (group_by & bits[b] || b == 0)
            printf(",%s", key_names[b]);
    puts(",requests,input_tokens,output_tokens,accelerator_wh,server_wh,it_wh,wh,co2_g,"
         "co2_market_g,water_ml,water_onsite_ml,water_offsite_ml,embodied_co2_g");
    const json_t *g;
    size_t i;
    json_t *rows = json_array();
    json_array_extend(rows, json_object_get(j, "groups"));
    json_array_append(rows, json_object_get(j, "total"));
    size_t n_groups = json_array_size(json_object_get(j, "groups"));
    json_array_foreach(rows, i, g)
    {
        const json_t *key = json_object_get(g, "key");
        fputs(i < n_groups ? "group" : "total", stdout);
        for (int b = 0; b < 4; b++) {
            if (!(group_by & bits[b] || b == 0))
                continue;
            putchar(',');
            const char *v = json_string_value(json_object_get(key, key_names[b]));
            aw_csv_text(stdout, v != NULL ? v : "");
        }
        const json_t *wh = json_object_get(g, "wh");
        printf(",%.17g,%.17g,%.17g,%.17g,%.17g,%.17g,%.17g,%.17g,%.17g,%.17g,%.17g,%.17g,",
               num(g, "requests"), num(g, "input_tokens"), num(g, "output_tokens"),
               num(wh, "accelerator"), num(wh, "server"), num(wh, "it"), num(wh, "facility"),
               num(g, "co2_g"), num(g, "co2_market_g"), num(g, "water_ml"),
               num(g, "water_onsite_ml"), num(g, "water_offsite_ml"));
        const json_t *emb = json_object_get(json_object_get(g, "embodied"), "co2_g");
        if (!json_is_null(emb))
            printf("%.17g", json_number_value(emb));
        putchar('\n');
    }
    json_decref(rows);
    json_array_foreach(json_object_get(j, "unknown_models"), i, g)
    {
        fputs("unknown_model,", stdout);
        aw_csv_text(stdout, json_string_value(json_object_get(g, "model")));
        for (int b = 1; b < 4; b++)
            if (group_by & bits[b])
                putchar(',');
        printf(",%.17g,,,,,,,,,,,,\n", num(g, "requests"));
    }
}

/* ---- The command --------------------------------------------------------- */

static void options_release(struct options *o)
{
    for (int i = 0; i < o->n_maps; i++)
        free(o->map_field[i]);
}

/* "model=engine,input_tokens=tin" into the options' map pairs. */
static int parse_map(struct options *o, const char *arg)
{
    const char *p = arg;
    while (*p) {
        const char *comma = strchr(p, ',');
        size_t n = comma ? (size_t)(comma - p) : strlen(p);
        const char *eq = memchr(p, '=', n);
        if (eq == NULL || eq == p || eq + 1 == p + n)
            return aw_tool_usage_error("usage", "--map '%.*s': expected FIELD=COLUMN", (int)n, p);
        if (o->n_maps == MAX_MAPS)
            return aw_tool_usage_error("usage", "--map: at most %d fields", MAX_MAPS);
        char *pair = malloc(n + 1);
        if (pair == NULL) {
            aw_tool_error("out of memory");
            return AW_EXIT_FAIL;
        }
        memcpy(pair, p, n);
        pair[n] = '\0';
        pair[eq - p] = '\0';
        o->map_field[o->n_maps] = pair;
        o->map_column[o->n_maps++] = pair + (eq - p) + 1;
        p += n + (comma != NULL);
    }
    return 0;
}

int aw_run_usage(struct aw_ctx *ctx)
{
    int argc = ctx->argc; /* whatif and usage parse their own words */
    char **argv = ctx->argv;
    struct options opt = {.group_by = AW_USAGE_BY_MODEL, .jobs = 1};
    int format_given = 0;
    aw_request_init(&opt.site);
    /* The site options are the field table's, the same set as `aiwatt me`:
     * a site for every row. */
    const struct option *long_options = aw_tool_command_options("usage", AW_CMD_ME);
    opterr = 0;
    optind = 1;
    int c, rc = 0;
    while (rc == 0 && (c = getopt_long(argc, argv, ":", long_options, NULL)) != -1) {
        switch (c) {
        case AW_OWN_GROUP_BY:
            if (parse_group_by(optarg, &opt.group_by) != 0)
                rc = aw_tool_usage_error("usage", "--group-by '%s': expected model, day, "
                                         "project or user, comma-separated", optarg);
            break;
        case AW_OWN_MAP:
            rc = parse_map(&opt, optarg);
            break;
        case AW_OWN_INPUT_FORMAT:
            if (strcmp(optarg, "auto") == 0)
                opt.input = AW_USAGE_AUTO;
            else if (strcmp(optarg, "csv") == 0)
                opt.input = AW_USAGE_CSV;
            else if (strcmp(optarg, "jsonl") == 0)
                opt.input = AW_USAGE_JSONL;
            else
                rc = aw_tool_usage_error("usage", "--input-format '%s': expected auto, csv "
                                         "or jsonl", optarg);
            break;
        case AW_OWN_STRICT:
            opt.strict = 1;
            break;
        case AW_OWN_PER_ROW:
            opt.per_row = 1;
            break;
        case AW_OWN_JOBS: {
            long jobs;
            if (aw_parse_count(optarg, &jobs) != 0 || jobs < 1 || jobs > MAX_JOBS)
                rc = aw_tool_usage_error("usage", "--jobs '%s': expected a whole number from "
                                         "1 to %d", optarg, MAX_JOBS);
            else
                opt.jobs = (int)jobs;
            break;
        }
        case AW_OWN_FORMAT:
            if (aw_parse_format(optarg, &opt.format) != 0)
                rc = aw_tool_usage_error("usage", "--format '%s': expected table, json or csv",
                                         optarg);
            format_given = 1;
            break;
        case ':':
            rc = aw_tool_usage_error("usage", "%s needs a value", argv[optind - 1]);
            break;
        case '?':
            rc = aw_tool_usage_error("usage", "unknown option '%s'", argv[optind - 1]);
            break;
        default:
            if (aw_tool_option_field("usage", c, optarg, argc, argv, &opt.site) != 0)
                rc = AW_EXIT_USAGE;
            break;
        }
    }
    if (rc == 0 && optind >= argc)
        rc = aw_tool_usage_error("usage", "give one or more files, or '-' for stdin");
    if (rc == 0 && opt.per_row && opt.jobs > 1) {
        rc = aw_tool_usage_error("usage", "--per-row writes rows in input order, one "
                                 "thread: leave --jobs out");
        aw_tool_hint("for several cores, run one process per shard (GNU parallel, Spark's "
                     "RDD.pipe); see docs/cli/aiwatt-usage.md");
    }
    if (rc == 0 && opt.per_row && format_given && opt.format == AW_FORMAT_TABLE)
        rc = aw_tool_usage_error("usage", "--per-row writes csv or json lines, not a table");
    if (rc != 0) {
        options_release(&opt);
        return rc;
    }
    if (opt.per_row && opt.format == AW_FORMAT_TABLE)
        opt.format = AW_FORMAT_CSV;
    aw_usage *u = NULL;
    struct aw_diag diag;
    aw_status st = usage_new(ctx, &opt, &u, &diag);
    if (st != AW_OK) {
        options_release(&opt);
        return st == AW_E_INVALID ? aw_tool_usage_error("usage", "%s", diag.msg)
                                  : aw_tool_fail(st, &diag);
    }
    if (opt.per_row && opt.format == AW_FORMAT_CSV) {
        for (size_t i = 0; i < ROW_COLUMNS; i++)
            printf("%s%s", i > 0 ? "," : "", row_columns[i].name);
        putchar('\n');
    }
    for (int i = optind; i < argc && rc == 0; i++)
        rc = read_input(u, ctx, &opt, argv[i]) != 0 ? AW_EXIT_FAIL : 0;
    json_t *j = rc == 0 && !opt.per_row ? aw_usage_to_json(u) : NULL;
    aw_usage_free(u);
    options_release(&opt);
    if (rc != 0 || opt.per_row)
        return rc;
    if (j == NULL) {
        aw_tool_error("out of memory");
        return AW_EXIT_FAIL;
    }
    if (opt.format == AW_FORMAT_JSON)
        rc = aw_print_json(j);
    else if (opt.format == AW_FORMAT_CSV)
        print_csv(j, opt.group_by);
    else
        rc = print_table(j, &ctx->view);
    json_decref(j);
    return rc;
}
