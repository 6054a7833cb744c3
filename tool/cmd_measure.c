/*
 * cmd_measure.c - `aiwatt measure -- COMMAND`: runs a command and reports
 * the energy every counter saw while it ran, per domain and in total
 * (without double counting), with the command's exit status passed through.
 *
 * Every counter is read just before the command starts and just after it
 * ends; the meter's poller keeps the totals right in between (wraps, power
 * sensors). Unreadable counters never stop the command: they are reported,
 * with the fix. With --idle S the machine is measured idle first, so the
 * net energy of the command can be shown; with --model and --tokens the
 * estimator's figure for the same work is printed beside the measurement.
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include "meter_common.h"
#include "child.h"
#include "outfile.h"

extern char **environ;

/* NVML refreshes about every 100 ms and averages only part of it: shorter
 * runs than this are flagged (docs/metering.md). */
#define NVML_MIN_RELIABLE_S 5.0

const char aw_usage_measure[] =
    "usage: aiwatt measure [--interval MS] [--tokens N] [--idle S]\n"
    "                      [--model ID --tokens N [--requests N] [--hardware ID]\n"
    "                      [--input-tokens N] [--batch N]] [--format table|json|csv]\n"
    "                      [--output FILE]\n"
    "                      [--] COMMAND [ARGS...]\n"
    "\n"
    "Runs COMMAND and reports the energy each counter (RAPL, NVIDIA GPUs through\n"
    "NVML, amdgpu and other hwmon sensors) saw while it ran: joules and mean watts\n"
    "per domain, and a total that never counts the same energy twice. aiwatt exits\n"
    "with COMMAND's exit status (128 + N when signal N killed it; 127 when it is\n"
    "not found, 126 when it cannot be executed). SIGINT, SIGTERM, SIGHUP and\n"
    "SIGQUIT sent to aiwatt are passed on to COMMAND, and the report follows.\n"
    "\n"
    "  --interval MS      how often power sensors are read (default 100); energy\n"
    "                     counters are read as often as their range requires\n"
    "  --tokens N         tokens the command produced: adds joules per token\n"
    "  --idle S           measure S seconds idle first; adds idle power and the\n"
    "                     net energy (total minus idle power x duration)\n"
    "  --model ID         also estimate the same work (N output tokens) with the\n"
    "                     catalog model ID, on the GPU found (or --hardware)\n"
    "  --hardware ID      catalog accelerator for the estimate\n"
    "  --requests N       the tokens came from N requests of equal length: the\n"
    "                     estimate is N requests of tokens/N output tokens each\n"
    "                     (default 1)\n"
    "  --input-tokens N   prompt tokens of each request, for the estimate\n"
    "                     (default 0)\n"
    "  --batch N          concurrent sequences for the estimate (default: its own)\n"
    "  --format F         table (default), json or csv\n"
    "  --output FILE      write the report to FILE (written whole or not at all)\n"
    "  --as-root          under sudo, run COMMAND as root too (by default it runs\n"
    "                     as the user who ran sudo; aiwatt keeps root for the\n"
    "                     counters)\n"
    "\n"
    "Without --output, a table goes to stdout and JSON or CSV to stderr: the\n"
    "command's own stdout is never mixed with the report.\n"
    "\n"
    "Options end at COMMAND's first word ('aiwatt measure echo -h' runs 'echo -h');\n"
    "global options go before 'measure'. Counters are read under --sysfs-root DIR\n"
    "(or AIWATT_SYSFS_ROOT); NVML is loaded from --nvml-library PATH (or\n"
    "AIWATT_NVML_LIBRARY, unless running as root). 'aiwatt sources' lists them.\n"
    "Details: docs/cli/aiwatt-measure.md.\n";

struct measure_args {
    double interval_s; /* 0: the meter's default */
    long tokens;       /* -1: not given */
    double idle_s;     /* 0: no idle phase */
    const char *model;
    const char *hardware;
    long input_tokens;
    long requests;     /* the tokens' requests, for the estimate (default 1) */
    int batch;
    enum aw_format format;
    const char *output; /* --output FILE, or NULL */
    int as_root;        /* under sudo, run the command as root */
    char **command;
};

/* The estimate for the same work, and how the measurement compares. */
struct estimate_link {
    int have;
    struct aw_estimate est;        /* one request (the longer, when they differ) */
    double accelerator_wh;         /* all the requests */
    int have_gpu;        /* a GPU counter was measured */
    double measured_wh;  /* GPU energy of the run */
};

struct report {
    struct aw_meter_delta *run;
    struct aw_meter_delta *idle;
    int have_idle;
    int exit_status;
    struct estimate_link link;
    json_t *warnings;
};

/* ---- Options ------------------------------------------------------------ */

static int take_option(void *state, int code, const char *arg)
{
    struct measure_args *a = state;
    double v;
    long n;
    switch (code) {
    case AW_OWN_INTERVAL:
        if (aw_parse_si(arg, &v) != 0 || v < 1 || v > 60000)
            return aw_tool_usage_error("measure", "--interval '%s': expected 1 to 60000 ms", arg);
        a->interval_s = v / 1000;
        break;
    case AW_OWN_TOKENS:
    case AW_OWN_INPUT_TOKENS:
        if (aw_parse_count(arg, &n) != 0)
            return aw_tool_usage_error("measure", "%s '%s': expected a whole number of tokens",
                                       code == AW_OWN_TOKENS ? "--tokens" : "--input-tokens", arg);
        if (code == AW_OWN_TOKENS)
            a->tokens = n;
        else
            a->input_tokens = n;
        break;
    case AW_OWN_REQUESTS:
        if (aw_parse_count(arg, &n) != 0 || n < 1)
            return aw_tool_usage_error("measure", "--requests '%s': expected a whole number of "
                                       "requests, 1 or more", arg);
        a->requests = n;
        break;
    case AW_OWN_IDLE:
        if (aw_parse_si(arg, &v) != 0 || v <= 0 || v > 3600)
            return aw_tool_usage_error("measure", "--idle '%s': expected seconds, more than 0 "
                                       "and at most 3600", arg);
        a->idle_s = v;
        break;
    case AW_OWN_MODEL:
        a->model = arg;
        break;
    case AW_OWN_HARDWARE:
        a->hardware = arg;
        break;
    case AW_OWN_BATCH:
        if (aw_parse_count(arg, &n) != 0 || n < 1 || n > 1000000)
            return aw_tool_usage_error("measure", "--batch '%s': expected a whole number, "
                                       "1 or more", arg);
        a->batch = (int)n;
        break;
    case AW_OWN_AS_ROOT:
        a->as_root = 1;
        break;
    default: /* AW_OWN_OUTPUT */
        if (arg[0] == '\0')
            return aw_tool_usage_error("measure", "--output needs a file name");
        a->output = arg;
        break;
    }
    return AW_EXIT_OK;
}

/* Options end at the first word of the command ("--" or not). */
static int parse_args(const struct aw_ctx *ctx, struct measure_args *a)
{
    const struct aw_opts *o = &ctx->opts;
    memset(a, 0, sizeof *a);
    a->tokens = -1;
    a->requests = 0; /* not given: one */
    a->batch = AW_UNSET; /* the estimate's default */
    int rc = aw_tool_own_options(o, take_option, a);
    if (rc != AW_EXIT_OK)
        return rc;
    a->format = o->format;
    int next = o->next;
    if (next >= ctx->argc)
        return aw_tool_usage_error("measure", "no command to measure: aiwatt measure [OPTIONS] "
                                   "-- COMMAND [ARGS...]");
    if (a->model != NULL && a->tokens < 1)
        return aw_tool_usage_error("measure", "--model needs --tokens N (the output tokens the "
                                   "command produced)");
    if (a->model == NULL &&
        (a->hardware != NULL || a->batch > 0 || a->input_tokens > 0 || a->requests > 0))
        return aw_tool_usage_error("measure", "--hardware, --input-tokens, --requests and --batch "
                                   "are for the estimate: give --model too");
    if (a->requests > 0 && a->requests > a->tokens)
        return aw_tool_usage_error("measure", "--requests %ld is more than --tokens %ld: each "
                                   "request has one output token or more", a->requests, a->tokens);
    if (a->requests == 0)
        a->requests = 1;
    a->command = &ctx->argv[next];
    return AW_EXIT_OK;
}

static double net_total_j(const struct report *r);

/* ---- Warnings ----------------------------------------------------------- */

static void warn(struct report *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void warn(struct report *r, const char *fmt, ...)
{
    char text[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    aw_tool_meter_warning("%s", text);
    json_array_append_new(r->warnings, json_string(text));
}

/* What the numbers cannot show by themselves: a run too short for NVML, a
 * counter read too late to rule out a missed wrap, failed reads. */
static void warn_about_run(struct report *r, const aw_meter *m)
{
    size_t readable = 0;
    for (size_t i = 0; i < r->run->n; i++) {
        const struct aw_meter_domain *d = aw_meter_domain_at(m, i);
        const struct aw_meter_energy *e = &r->run->domain[i];
        if (d->status != AW_OK)
            continue;
        readable++;
        if (strcmp(d->source, "nvml") == 0 && r->run->duration_s < NVML_MIN_RELIABLE_S)
            warn(r, "%s: a %.3g s run is too short for NVML, which refreshes about every "
                 "100 ms and on A100/H100 averages only 25 ms of each 100 (the counter changed "
                 "%u times): measure %.0f s or more", d->name, r->run->duration_s, e->updates,
                 NVML_MIN_RELIABLE_S);
        if (e->overdue > 0)
            warn(r, "%s was read later than its wrap-safe period %u times: a wrap may have "
                 "been missed (was aiwatt stopped?)", d->name, e->overdue);
        if (e->resets > 0)
            warn(r, "%s: %u interval%s dropped: the counter went back and it was not a "
                 "plausible wrap (a reset, e.g. after suspend or a driver reload), or it read "
                 "above its %.0f W ceiling", d->name, e->resets, e->resets == 1 ? "" : "s",
                 d->ceiling_w);
        if (e->lost)
            warn(r, "%s: lost at %.3g s (its reads failed from then on): the energy counted "
                 "until then is kept", d->name, e->lost_s);
        else if (e->errors > 0)
            warn(r, "%s: %u reads failed during the run", d->name, e->errors);
    }
    if (readable == 0)
        warn(r, "no energy counter could be read: only the duration is reported "
             "('aiwatt sources' says why)");
    if (r->have_idle && r->run->valid > 0 && net_total_j(r) < 0)
        warn(r, "the net energy is negative (%.3g J): the machine drew less during the run "
             "than in the %.3g s idle before it, so idle power varies more than the command "
             "adds; measure a longer idle (--idle) or a longer run", net_total_j(r),
             r->idle->duration_s);
}

/* ---- Running the command ------------------------------------------------ */

static void sleep_s(double seconds)
{
    struct timespec ts = {(time_t)seconds, (long)((seconds - floor(seconds)) * 1e9)};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        continue;
}

/* ---- The estimate for the same work ------------------------------------- */

/* The first GPU counted, if any: its NVML name gives the catalog id. */
static const char *measured_gpu(const aw_meter *m)
{
    for (size_t i = 0; i < aw_meter_domain_count(m); i++) {
        const struct aw_meter_domain *d = aw_meter_domain_at(m, i);
        if (d->scope == AW_SCOPE_GPU && d->counted && d->device[0] != '\0')
            return d->device;
    }
    return NULL;
}

/* Estimates before the command runs, so that an unknown model fails fast
 * and costs no run. Returns AW_EXIT_OK or the exit code of the failure. */
static int estimate_before(const struct measure_args *a, const aw_meter *m,
                           const aw_catalog *cat, struct report *r)
{
    struct aw_request req;
    struct aw_diag diag;
    aw_request_init(&req);
    aw_diag_clear(&diag);
    const char *device = measured_gpu(m);
    const char *hw = a->hardware;
    if (hw == NULL && device != NULL) {
        hw = aw_meter_gpu_hardware_id(device);
        if (hw != NULL && aw_catalog_find_hardware(cat, hw) == NULL)
            hw = NULL;
        if (hw == NULL)
            warn(r, "GPU '%s' is not in the catalog: the estimate uses the default hardware "
                 "(pass --hardware ID)", device);
    }
    req.model_id = a->model;
    req.input_tokens = a->input_tokens;
    req.hardware_id = hw;
    req.batch = a->batch;
    /* N tokens from R requests: N mod R requests of floor(N/R) + 1 output
     * tokens, the others floor(N/R), so that the requests add up to N. One
     * request of N tokens would be another workload: its context, and so
     * its attention reads and the batch that fits, grow with N. */
    long shorter = a->tokens / a->requests, longer_count = a->tokens % a->requests;
    req.output_tokens = longer_count > 0 ? shorter + 1 : shorter;
    aw_status st = aw_estimate_request(cat, &req, &r->link.est, &diag);
    if (st != AW_OK)
        return aw_tool_fail(st, &diag);
    double wh = r->link.est.wh.accelerator_wh * (double)(longer_count > 0 ? longer_count
                                                                          : a->requests);
    if (longer_count > 0) {
        struct aw_estimate rest;
        req.output_tokens = shorter;
        st = aw_estimate_request(cat, &req, &rest, &diag);
        if (st != AW_OK)
            return aw_tool_fail(st, &diag);
        wh += rest.wh.accelerator_wh * (double)(a->requests - longer_count);
    }
    r->link.accelerator_wh = wh;
    r->link.have = 1;
    return AW_EXIT_OK;
}

static void compare_after(const aw_meter *m, struct report *r)
{
    double gpu_j = 0;
    for (size_t i = 0; i < r->run->n; i++) {
        const struct aw_meter_domain *d = aw_meter_domain_at(m, i);
        if (d->scope == AW_SCOPE_GPU && d->counted && r->run->domain[i].valid) {
            gpu_j += r->run->domain[i].energy_j;
            r->link.have_gpu = 1;
        }
    }
    r->link.measured_wh = gpu_j / 3600;
    if (!r->link.have_gpu)
        warn(r, "no GPU counter was measured: there is nothing to compare with the estimate's "
             "accelerator energy");
}

static int link_ratio(const struct estimate_link *l, double *ratio)
{
    if (!l->have || !l->have_gpu || !(l->accelerator_wh > 0))
        return 0;
    *ratio = l->measured_wh / l->accelerator_wh;
    return 1;
}

/* ---- Output ------------------------------------------------------------- */

static double idle_power(const struct report *r, size_t i)
{
    return r->have_idle && r->idle->domain[i].valid ? r->idle->domain[i].power_w : 0;
}

static double net_total_j(const struct report *r)
{
    return r->run->total_j - r->idle->total_w * r->run->duration_s;
}

static json_t *estimate_json(const struct report *r, const struct measure_args *a)
{
    const struct aw_resolved *in = &r->link.est.inputs;
    json_t *j = json_object();
    double ratio;
    json_object_set_new(j, "model", json_string(in->model_id));
    json_object_set_new(j, "hardware", json_string(in->hardware_id));
    json_object_set_new(j, "gpus", json_integer(in->gpus));
    json_object_set_new(j, "batch", json_integer(in->batch));
    json_object_set_new(j, "requests", json_integer(a->requests));
    json_object_set_new(j, "input_tokens", json_integer(in->input_tokens));
    json_object_set_new(j, "output_tokens", json_integer(a->tokens));
    json_object_set_new(j, "accelerator_wh", json_real(r->link.accelerator_wh));
    json_object_set_new(j, "measured_accelerator_wh",
                        r->link.have_gpu ? json_real(r->link.measured_wh) : json_null());
    json_object_set_new(j, "ratio", link_ratio(&r->link, &ratio) ? json_real(ratio) : json_null());
    return j;
}

static json_t *report_json(const struct measure_args *a, const aw_meter *m,
                           const struct report *r)
{
    json_t *j = json_object(), *cmd = json_array(), *domains = json_array();
    for (char **arg = a->command; *arg != NULL; arg++)
        json_array_append_new(cmd, json_string(*arg));
    json_object_set_new(j, "command", cmd);
    json_object_set_new(j, "duration_s", json_real(r->run->duration_s));
    json_object_set_new(j, "exit_status", json_integer(r->exit_status));
    /* No counted counter read: the total is unknown, not zero. */
    int known = r->run->valid > 0;
    json_object_set_new(j, "total_joules", known ? json_real(r->run->total_j) : json_null());
    json_object_set_new(j, "total_watts", known ? json_real(r->run->total_w) : json_null());
    for (size_t i = 0; i < r->run->n; i++) {
        const struct aw_meter_energy *e = &r->run->domain[i];
        json_t *o = aw_tool_domain_json(aw_meter_domain_at(m, i));
        json_object_set_new(o, "joules", e->valid ? json_real(e->energy_j) : json_null());
        json_object_set_new(o, "watts", e->valid ? json_real(e->power_w) : json_null());
        json_object_set_new(o, "updates", json_integer(e->updates));
        json_object_set_new(o, "wraps", json_integer(e->wraps));
        json_object_set_new(o, "resets", json_integer(e->resets));
        json_object_set_new(o, "lost_at_s", e->lost ? json_real(e->lost_s) : json_null());
        if (r->have_idle) {
            double idle_w = idle_power(r, i);
            json_object_set_new(o, "idle_watts", json_real(idle_w));
            json_object_set_new(o, "net_joules", e->valid ? json_real(e->energy_j -
                                                                      idle_w * r->run->duration_s)
                                                          : json_null());
        }
        json_array_append_new(domains, o);
    }
    json_object_set_new(j, "domains", domains);
    if (r->have_idle) {
        json_t *idle = json_object();
        json_object_set_new(idle, "duration_s", json_real(r->idle->duration_s));
        json_object_set_new(idle, "total_watts", json_real(r->idle->total_w));
        json_object_set_new(j, "idle", idle);
        json_object_set_new(j, "net_joules", known ? json_real(net_total_j(r)) : json_null());
    }
    if (a->tokens >= 0) {
        json_object_set_new(j, "tokens", json_integer(a->tokens));
        json_object_set_new(j, "joules_per_token",
                            known && a->tokens > 0
                                ? json_real(r->run->total_j / (double)a->tokens)
                                : json_null());
        if (r->have_idle)
            json_object_set_new(j, "net_joules_per_token",
                                known && a->tokens > 0
                                    ? json_real(net_total_j(r) / (double)a->tokens)
                                    : json_null());
    }
    if (r->link.have)
        json_object_set_new(j, "estimate", estimate_json(r, a));
    json_object_set_new(j, "warnings", json_incref(r->warnings));
    return j;
}

static void print_csv(FILE *out, const struct measure_args *a, const aw_meter *m, const struct report *r)
{
    fputs("source,name,parent,path,scope,counted,readable,joules,watts,idle_watts,net_joules,"
         "duration_s,exit_status,joules_per_token\n", out);
    for (size_t i = 0; i < r->run->n; i++) {
        const struct aw_meter_domain *d = aw_meter_domain_at(m, i);
        const struct aw_meter_energy *e = &r->run->domain[i];
        const char *texts[] = {d->source, d->name, d->parent, d->path,
                               aw_meter_scope_name(d->scope)};
        for (size_t k = 0; k < sizeof texts / sizeof texts[0]; k++) {
            aw_csv_text(out, texts[k]);
            fputc(',', out);
        }
        fprintf(out, "%d,%d,", d->counted, d->status == AW_OK);
        aw_csv_num(out, e->valid, e->energy_j);
        fputc(',', out);
        aw_csv_num(out, e->valid, e->power_w);
        fputc(',', out);
        aw_csv_num(out, r->have_idle, idle_power(r, i));
        fputc(',', out);
        aw_csv_num(out, r->have_idle && e->valid,
                           e->energy_j - idle_power(r, i) * r->run->duration_s);
        fprintf(out, ",%.6g,%d,\n", r->run->duration_s, r->exit_status);
    }
    int known = r->run->valid > 0; /* no counted counter read: the total is unknown */
    fputs("total,total,,,,1,1,", out);
    aw_csv_num(out, known, r->run->total_j);
    fputc(',', out);
    aw_csv_num(out, known, r->run->total_w);
    fputc(',', out);
    aw_csv_num(out, r->have_idle, r->idle->total_w);
    fputc(',', out);
    aw_csv_num(out, r->have_idle && known, net_total_j(r));
    fprintf(out, ",%.6g,%d,", r->run->duration_s, r->exit_status);
    aw_csv_num(out, known && a->tokens > 0,
               r->run->total_j / (double)(a->tokens > 0 ? a->tokens : 1));
    fputc('\n', out);
}

static void print_domains_table(FILE *out, const struct aw_view *view, const aw_meter *m,
                                const struct report *r)
{
    struct aw_table *t = aw_table_new(view, 2);
    aw_table_col(t, "source", AW_COL_LEFT, 1);
    aw_table_col(t, "domain", AW_COL_WRAP, AW_KEEP);
    aw_table_col(t, "energy", AW_COL_RIGHT, AW_KEEP);
    aw_table_col(t, "power", AW_COL_RIGHT, AW_KEEP);
    aw_table_col(t, "in total", AW_COL_WRAP, AW_KEEP);
    for (size_t i = 0; i < r->run->n; i++) {
        const struct aw_meter_domain *d = aw_meter_domain_at(m, i);
        const struct aw_meter_energy *e = &r->run->domain[i];
        char label[160];
        aw_tool_domain_label(m, i, label, sizeof label);
        aw_table_cell(t, "%s", d->source);
        aw_table_cell(t, "%s", label);
        aw_table_cell(t, "%s", e->valid ? aw_fmt_si(view, e->energy_j, "J", AW_SIG).s : "-");
        aw_table_cell(t, "%s", e->valid ? aw_fmt_si(view, e->power_w, "W", AW_SIG).s : "-");
        if (d->status != AW_OK)
            aw_table_cell(t, "unreadable (%s)", aw_strerror(d->status));
        else if (d->counted && e->lost)
            aw_table_cell(t, "yes, lost at %s", aw_fmt_time(view, e->lost_s, AW_SIG).s);
        else if (d->counted)
            aw_table_cell(t, "yes");
        else
            aw_table_cell(t, "no: %s", d->note);
    }
    aw_table_cell(t, "total");
    aw_table_cell(t, "no double counting");
    aw_table_cell(t, "%s", aw_fmt_si(view, r->run->total_j, "J", AW_SIG).s);
    aw_table_cell(t, "%s", aw_fmt_si(view, r->run->total_w, "W", AW_SIG).s);
    aw_table_end_row(t);
    aw_table_done(t, out);
}

static void print_table(FILE *out, const struct aw_view *view, const struct measure_args *a,
                        const aw_meter *m, const struct report *r)
{
    char command[512] = "";
    size_t used = 0;
    for (char **arg = a->command; *arg != NULL && used < sizeof command; arg++)
        used += (size_t)snprintf(command + used, sizeof command - used, " %s", *arg);
    aw_text_print(view, out, 0, 2, "aiwatt measure:%s", command);
    aw_text_print(view, out, 2, 2, "exit status %d, %s", r->exit_status,
                  aw_fmt_time(view, r->run->duration_s, AW_SIG).s);
    fputc('\n', out);
    if (r->run->n > 0)
        print_domains_table(out, view, m, r);
    else
        aw_text_print(view, out, 2, 2, "no energy counter found ('aiwatt sources' says why)");
    if (r->have_idle) {
        fputc('\n', out);
        aw_text_print(view, out, 2, 2, "idle (%s before): %s; net of idle: %s",
                      aw_fmt_time(view, r->idle->duration_s, AW_SIG).s,
                      aw_fmt_si(view, r->idle->total_w, "W", AW_SIG).s,
                      aw_fmt_si(view, net_total_j(r), "J", AW_SIG).s);
    }
    if (a->tokens > 0 && r->run->valid == 0) {
        aw_text_print(view, out, 2, 2, "per token: unknown over %s tokens (no counter was read)",
                      aw_fmt_count(view, (double)a->tokens, 0).s);
    } else if (a->tokens > 0) {
        char net[80] = "";
        if (r->have_idle)
            snprintf(net, sizeof net, " (net of idle: %s)",
                     aw_fmt_si(view, net_total_j(r) / (double)a->tokens, "J", AW_SIG).s);
        aw_text_print(view, out, 2, 2, "per token: %s over %s tokens%s",
                      aw_fmt_si(view, r->run->total_j / (double)a->tokens, "J", AW_SIG).s,
                      aw_fmt_count(view, (double)a->tokens, 0).s, net);
    }
    if (r->link.have) {
        const struct aw_resolved *in = &r->link.est.inputs;
        double ratio;
        char measured[96] = "", versus[96] = "";
        if (r->link.have_gpu)
            snprintf(measured, sizeof measured, ", %s measured on the GPU",
                     aw_fmt_energy(view, r->link.measured_wh, AW_SIG).s);
        if (link_ratio(&r->link, &ratio))
            snprintf(versus, sizeof versus, ": measured/estimated %s",
                     aw_fmt_num(view, ratio, AW_SIG).s);
        fputc('\n', out);
        if (a->requests > 1)
            aw_text_print(view, out, 2, 4, "estimate: %s on %d x %s, batch %d, %s requests of %s "
                          "input + %s output tokens", in->model_id, in->gpus, in->hardware_id,
                          in->batch, aw_fmt_count(view, (double)a->requests, 0).s,
                          aw_fmt_count(view, (double)in->input_tokens, 0).s,
                          aw_fmt_count(view, (double)a->tokens / (double)a->requests, 0).s);
        else
            aw_text_print(view, out, 2, 4, "estimate: %s on %d x %s, batch %d, %s input + %s "
                          "output tokens", in->model_id, in->gpus, in->hardware_id, in->batch,
                          aw_fmt_count(view, (double)in->input_tokens, 0).s,
                          aw_fmt_count(view, (double)a->tokens, 0).s);
        aw_text_print(view, out, 4, 4, "accelerator %s estimated%s%s",
                      aw_fmt_energy(view, r->link.accelerator_wh, AW_SIG).s, measured,
                      versus);
    }
}

/* Where the report goes: --output FILE (whole or not at all); else a table
 * to stdout, and JSON or CSV to stderr, so that the command's own stdout
 * stays its own (a pipeline reading it gets nothing of ours). */
static int print_report(const struct aw_view *view, const struct measure_args *a,
                        const aw_meter *m, const struct report *r)
{
    struct aw_outfile file;
    FILE *out = a->format == AW_FORMAT_TABLE ? stdout : stderr;
    if (a->output != NULL) {
        if (aw_outfile_open(&file, a->output) != 0)
            return AW_EXIT_FAIL;
        out = file.f;
    }
    int rc = AW_EXIT_OK;
    switch (a->format) {
    case AW_FORMAT_JSON: {
        json_t *j = report_json(a, m, r);
        char *text = j != NULL ? json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
                                                   JSON_REAL_PRECISION(6))
                               : NULL;
        if (text == NULL) {
            aw_tool_error("out of memory formatting the report");
            rc = AW_EXIT_FAIL;
        } else {
            fputs(text, out);
            fputc('\n', out);
        }
        free(text);
        json_decref(j);
        break;
    }
    case AW_FORMAT_CSV:
        print_csv(out, a, m, r);
        break;
    case AW_FORMAT_TABLE:
        print_table(out, view, a, m, r);
        break;
    }
    if (a->output != NULL) {
        if (rc != AW_EXIT_OK) {
            aw_outfile_abort(&file);
            return rc;
        }
        return aw_outfile_commit(&file) == 0 ? AW_EXIT_OK : AW_EXIT_FAIL;
    }
    if (aw_tool_flush(out, "report") != 0)
        return AW_EXIT_FAIL;
    return rc;
}

/* ---- The command -------------------------------------------------------- */

/* Two snapshots for the meter, or NULL for both when memory runs out. */
static int new_snapshots(const aw_meter *m, struct aw_meter_snapshot **s)
{
    if (aw_meter_snapshot_new(m, &s[0]) == AW_OK && aw_meter_snapshot_new(m, &s[1]) == AW_OK)
        return 1;
    aw_meter_snapshot_free(s[0]);
    s[0] = NULL;
    return 0;
}

static void measure_idle(aw_meter *m, double idle_s, struct report *r)
{
    struct aw_meter_snapshot *s[2] = {NULL, NULL};
    if (!new_snapshots(m, s)) {
        warn(r, "out of memory: no idle measurement");
        return;
    }
    aw_meter_sample(m, s[0]);
    sleep_s(idle_s);
    aw_meter_sample(m, s[1]);
    aw_meter_diff(m, s[0], s[1], r->idle);
    r->have_idle = 1;
    aw_meter_snapshot_free(s[0]);
    aw_meter_snapshot_free(s[1]);
}

/* Measures the command. Returns AW_EXIT_OK (its status in the report), or
 * the exit code when it could not be started (127, 126, 1: printed). */
static int measure_command(const struct measure_args *a, aw_meter *m, struct report *r)
{
    struct aw_meter_snapshot *s[2] = {NULL, NULL};
    if (!new_snapshots(m, s)) {
        aw_tool_error("out of memory");
        return AW_EXIT_FAIL;
    }
    struct aw_child_options opt = {a->as_root};
    struct aw_child_result result;
    aw_meter_sample(m, s[0]);
    int rc = aw_child_run(a->command, &opt, &result);
    aw_meter_sample(m, s[1]);
    r->exit_status = result.exit_status;
    if (rc == 0 && result.signal_passed != 0)
        warn(r, "aiwatt got signal %d and passed it on to the command; its energy until it "
             "ended is reported", result.signal_passed);
    aw_meter_diff(m, s[0], s[1], r->run);
    aw_meter_snapshot_free(s[0]);
    aw_meter_snapshot_free(s[1]);
    return rc;
}

/* The catalog is needed only for --model: load it then, not on every run. */
static int ensure_catalog(struct aw_ctx *ctx)
{
    if (ctx->catalog != NULL)
        return AW_EXIT_OK;
    struct aw_diag diag;
    aw_diag_clear(&diag);
    aw_status st = aw_catalog_new(&ctx->catalog);
    if (st == AW_OK)
        st = aw_catalog_load_default(ctx->catalog, &diag);
    return st == AW_OK ? AW_EXIT_OK : aw_tool_fail(st, &diag);
}

int aw_run_measure(struct aw_ctx *ctx)
{
    struct measure_args a;
    int rc = parse_args(ctx, &a);
    if (rc != AW_EXIT_OK)
        return rc;
    if (a.model != NULL)
        rc = ensure_catalog(ctx);
    if (rc != AW_EXIT_OK)
        return rc;
    aw_meter *m = NULL;
    rc = aw_tool_meter_open(ctx, a.interval_s, &m);
    if (rc != AW_EXIT_OK)
        return rc;
    struct report *r = calloc(1, sizeof *r);
    json_t *warnings = json_array();
    if (r == NULL || warnings == NULL || aw_meter_delta_new(m, &r->run) != AW_OK ||
        aw_meter_delta_new(m, &r->idle) != AW_OK) {
        if (r != NULL) {
            aw_meter_delta_free(r->run);
            aw_meter_delta_free(r->idle);
        }
        free(r);
        json_decref(warnings);
        aw_meter_free(m);
        aw_tool_error("out of memory");
        return AW_EXIT_FAIL;
    }
    r->warnings = warnings;
    struct aw_diag diag;
    aw_diag_clear(&diag);
    /* Without the poller the bracketing reads still count, unless a counter
     * wraps during the run: say so and go on. */
    if (aw_meter_start(m, &diag) != AW_OK)
        warn(r, "%s: energy is read only at the start and the end", diag.msg);
    aw_tool_meter_warn_unreadable(m, r->warnings);
    if (a.model != NULL)
        rc = estimate_before(&a, m, ctx->catalog, r);
    if (rc == AW_EXIT_OK && a.idle_s > 0)
        measure_idle(m, a.idle_s, r);
    if (rc == AW_EXIT_OK)
        rc = measure_command(&a, m, r);
    aw_meter_stop(m);
    if (rc == AW_EXIT_OK) {
        warn_about_run(r, m);
        if (r->link.have)
            compare_after(m, r);
        rc = print_report(&ctx->view, &a, m, r);
        if (rc == AW_EXIT_OK)
            rc = r->exit_status;
    }
    json_decref(r->warnings);
    aw_meter_delta_free(r->run);
    aw_meter_delta_free(r->idle);
    free(r);
    aw_meter_free(m);
    return rc;
}
