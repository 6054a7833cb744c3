/*
 * cmd_monitor.c - `aiwatt monitor`: live power of every readable domain, one
 * line per interval, until interrupted (or --count lines).
 *
 * Each line is the mean power over its interval (the energy difference of
 * two snapshots over their time), so no sample between lines is lost; the
 * meter's poller integrates power sensors and unwraps counters meanwhile.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "meter_common.h"
#include "outfile.h"

const char aw_usage_monitor[] =
    "usage: aiwatt monitor [--interval MS] [--count N] [--format table|json|csv]\n"
    "\n"
    "Prints the power of every readable energy counter (RAPL, NVIDIA GPUs, hwmon)\n"
    "every interval until interrupted with Ctrl-C (or SIGTERM): the mean watts\n"
    "over the interval per domain, and the total without double counting. At the\n"
    "end, a summary: energy, mean power and duration of the whole run.\n"
    "\n"
    "  --interval MS  time between lines (default 1000, at least 10)\n"
    "  --count N      stop after N lines (default: run until interrupted)\n"
    "  --format F     table (default), csv, or json (one object per line)\n"
    "\n"
    "Details: docs/cli/aiwatt-monitor.md.\n";

static volatile sig_atomic_t interrupted;

static void on_interrupt(int sig)
{
    (void)sig;
    interrupted = 1;
}

struct monitor_args {
    double interval_s;
    long count; /* 0: until interrupted */
    const struct aw_view *view;
    unsigned char *shown; /* the domains with a column */
    enum aw_format format;
};

static int take_option(void *state, int code, const char *arg)
{
    struct monitor_args *a = state;
    double v;
    if (code == AW_OWN_INTERVAL) {
        if (aw_parse_si(arg, &v) != 0 || v < 10 || v > 3600000)
            return aw_tool_usage_error("monitor", "--interval '%s': expected 10 to 3600000 ms",
                                       arg);
        a->interval_s = v / 1000;
    } else if (aw_parse_count(arg, &a->count) != 0 || a->count < 1) {
        return aw_tool_usage_error("monitor", "--count '%s': expected a whole number, 1 or more",
                                   arg);
    }
    return AW_EXIT_OK;
}

static int parse_args(const struct aw_opts *o, struct monitor_args *a)
{
    a->interval_s = 1.0;
    a->count = 0;
    a->format = o->format;
    return aw_tool_own_options(o, take_option, a);
}

/* A table column is as wide as its label, and at least 10. */
static int column_width(const aw_meter *m, size_t i)
{
    char label[160];
    aw_tool_domain_label(m, i, label, sizeof label);
    int n = (int)strlen(label);
    return n > 10 ? n : 10;
}

/* The columns of the table: every readable domain, less those that do not
 * fit the width (uncounted ones first, then from the right) unless --wide.
 * CSV and JSON show every readable domain. Returns how many were hidden. */
static size_t choose_columns(const aw_meter *m, const struct aw_view *view, enum aw_format format,
                             unsigned char *shown)
{
    size_t n = aw_meter_domain_count(m);
    int width = 8 + 12; /* "  time_s" and "       total" */
    for (size_t i = 0; i < n; i++) {
        shown[i] = aw_meter_domain_at(m, i)->status == AW_OK;
        if (shown[i])
            width += 2 + column_width(m, i);
    }
    size_t hidden = 0;
    for (int pass = 0; pass < 2 && format == AW_FORMAT_TABLE && !view->wide; pass++) {
        for (size_t k = n; k-- > 0 && width > view->width;) {
            if (!shown[k] || (pass == 0 && aw_meter_domain_at(m, k)->counted))
                continue;
            shown[k] = 0;
            width -= 2 + column_width(m, k);
            hidden++;
        }
    }
    return hidden;
}

static void print_header(const aw_meter *m, const struct aw_view *view, enum aw_format format,
                         const unsigned char *shown, size_t hidden)
{
    if (format == AW_FORMAT_JSON)
        return;
    if (format == AW_FORMAT_TABLE)
        puts("  mean power over each interval, W; time since start, s");
    if (hidden > 0) {
        char names[512] = "";
        size_t used = 0;
        for (size_t i = 0; i < aw_meter_domain_count(m) && used < sizeof names; i++) {
            char label[160];
            if (shown[i] || aw_meter_domain_at(m, i)->status != AW_OK)
                continue;
            aw_tool_domain_label(m, i, label, sizeof label);
            used += (size_t)snprintf(names + used, sizeof names - used, "%s%s", used ? ", " : "",
                                     label);
        }
        aw_text_print(view, stdout, 2, 4, "not shown, for the width: %s (--wide shows every "
                      "domain; the total counts them all the same)", names);
    }
    fputs(format == AW_FORMAT_CSV ? "time_s" : "  time_s", stdout);
    for (size_t i = 0; i < aw_meter_domain_count(m); i++) {
        char label[160];
        if (!shown[i])
            continue;
        aw_tool_domain_label(m, i, label, sizeof label);
        if (format == AW_FORMAT_CSV) {
            fputc(',', stdout);
            aw_csv_text(stdout, label);
        } else {
            printf("  %*s", column_width(m, i), label);
        }
    }
    puts(format == AW_FORMAT_CSV ? ",total" : "       total");
}

/* One JSON object on one line (JSON lines), then released. */
static void print_json_line(json_t *j)
{
    char *text = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6));
    if (text != NULL)
        puts(text);
    free(text);
    json_decref(j);
}

static void print_watts_json(const aw_meter *m, const struct aw_meter_delta *d, double t_s)
{
    json_t *j = json_object(), *watts = json_object();
    json_object_set_new(j, "time_s", json_real(t_s));
    json_object_set_new(j, "total_watts", json_real(d->total_w));
    for (size_t i = 0; i < d->n; i++) {
        char label[160];
        if (!d->domain[i].valid)
            continue;
        aw_tool_domain_label(m, i, label, sizeof label);
        json_object_set_new(watts, label, json_real(d->domain[i].power_w));
    }
    json_object_set_new(j, "watts", watts);
    print_json_line(j);
}

static void print_line(const aw_meter *m, const struct aw_meter_delta *d, double t_s,
                       enum aw_format format, const unsigned char *shown)
{
    if (format == AW_FORMAT_JSON) {
        print_watts_json(m, d, t_s);
        fflush(stdout);
        return;
    }
    int csv = format == AW_FORMAT_CSV;
    printf(csv ? "%.3f" : "%8.2f", t_s);
    for (size_t i = 0; i < d->n; i++) {
        const struct aw_meter_energy *e = &d->domain[i];
        if (!shown[i])
            continue;
        if (csv) {
            fputc(',', stdout);
            aw_csv_num(stdout, e->valid, e->power_w);
        } else if (e->valid) {
            printf("  %*.2f", column_width(m, i), e->power_w);
        } else {
            printf("  %*s", column_width(m, i), "-");
        }
    }
    printf(csv ? ",%.6g\n" : "  %10.2f\n", d->total_w);
    fflush(stdout);
}

static int readable_domains(const aw_meter *m)
{
    int n = 0;
    for (size_t i = 0; i < aw_meter_domain_count(m); i++)
        n += aw_meter_domain_at(m, i)->status == AW_OK;
    return n;
}

/* Waits until `deadline` on the monotonic clock; returns early on SIGINT. */
static void wait_until(double deadline_s)
{
    struct timespec ts = {(time_t)deadline_s,
                          (long)((deadline_s - (double)(time_t)deadline_s) * 1e9)};
    while (!interrupted && clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR)
        continue;
}

/* The whole run when interrupted: energy, mean power, duration (to stdout,
 * after the lines). */
static void print_summary(const aw_meter *m, const struct aw_meter_snapshot *first,
                          const struct aw_meter_snapshot *last, struct aw_meter_delta *d,
                          const struct aw_view *view, enum aw_format format)
{
    aw_meter_diff(m, first, last, d);
    int known = d->valid > 0;
    if (format == AW_FORMAT_JSON) {
        json_t *j = json_object(), *sum = json_object();
        json_object_set_new(sum, "duration_s", json_real(d->duration_s));
        json_object_set_new(sum, "total_joules", known ? json_real(d->total_j) : json_null());
        json_object_set_new(sum, "total_watts", known ? json_real(d->total_w) : json_null());
        json_object_set_new(j, "summary", sum);
        print_json_line(j);
    } else if (format == AW_FORMAT_CSV) {
        /* A comment line: CSV readers skip it with comment='#'. */
        printf("# summary: duration_s=%.3f,total_joules=%.6g,total_watts=%.6g\n",
               d->duration_s, known ? d->total_j : 0, known ? d->total_w : 0);
    } else if (known) {
        printf("\n");
        aw_text_print(view, stdout, 2, 4, "%s: %s in total, %s mean (no double counting)",
                      aw_fmt_time(view, d->duration_s, AW_SIG).s,
                      aw_fmt_si(view, d->total_j, "J", AW_SIG).s,
                      aw_fmt_si(view, d->total_w, "W", AW_SIG).s);
    } else {
        printf("\n");
        aw_text_print(view, stdout, 2, 4, "%s: no counted domain could be read",
                      aw_fmt_time(view, d->duration_s, AW_SIG).s);
    }
    fflush(stdout);
}

static void loop(aw_meter *m, const struct monitor_args *a, struct aw_meter_snapshot **s,
                 struct aw_meter_delta *d)
{
    struct aw_meter_snapshot *first = s[2];
    aw_meter_sample(m, first);
    aw_meter_sample(m, s[0]);
    struct aw_meter_snapshot *latest = s[0];
    double start = s[0]->time_s, next = start;
    for (long n = 0; !interrupted && (a->count == 0 || n < a->count); n++) {
        next += a->interval_s;
        wait_until(next);
        if (interrupted)
            break;
        struct aw_meter_snapshot *prev = s[n % 2], *cur = s[(n + 1) % 2];
        aw_meter_sample(m, cur);
        aw_meter_diff(m, prev, cur, d);
        print_line(m, d, cur->time_s - start, a->format, a->shown);
        latest = cur;
    }
    if (!interrupted)
        return;
    /* Interrupted: the summary covers the run up to now, not to the last line. */
    latest = latest == s[0] ? s[1] : s[0];
    aw_meter_sample(m, latest);
    print_summary(m, first, latest, d, a->view, a->format);
}

int aw_run_monitor(struct aw_ctx *ctx)
{
    struct monitor_args a;
    int rc = parse_args(&ctx->opts, &a);
    if (rc != AW_EXIT_OK)
        return rc;
    aw_meter *m = NULL;
    /* Power sensors are integrated at 100 ms or the display interval,
     * whichever is shorter. */
    rc = aw_tool_meter_open(ctx, a.interval_s < 0.1 ? a.interval_s : 0, &m);
    if (rc != AW_EXIT_OK)
        return rc;
    aw_tool_meter_warn_unreadable(m, NULL);
    struct aw_meter_snapshot *s[3] = {NULL, NULL, NULL};
    struct aw_meter_delta *d = NULL;
    a.view = &ctx->view;
    a.shown = calloc(aw_meter_domain_count(m) + 1, 1);
    int have_memory = a.shown != NULL && aw_meter_snapshot_new(m, &s[0]) == AW_OK &&
                      aw_meter_snapshot_new(m, &s[1]) == AW_OK &&
                      aw_meter_snapshot_new(m, &s[2]) == AW_OK &&
                      aw_meter_delta_new(m, &d) == AW_OK;
    struct aw_diag diag;
    aw_diag_clear(&diag);
    if (readable_domains(m) == 0) {
        aw_tool_error("no readable energy counter");
        aw_tool_hint("'aiwatt sources' lists what was found and why it cannot be read");
        rc = AW_EXIT_FAIL;
    } else if (!have_memory) {
        aw_tool_error("out of memory");
        rc = AW_EXIT_FAIL;
    } else if (aw_meter_start(m, &diag) != AW_OK) {
        rc = aw_tool_fail(AW_E_IO, &diag);
    } else {
        struct sigaction sa, old_int, old_term;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_interrupt; /* no SA_RESTART: the wait must end */
        sigemptyset(&sa.sa_mask);
        interrupted = 0;
        sigaction(SIGINT, &sa, &old_int);
        sigaction(SIGTERM, &sa, &old_term);
        size_t hidden = choose_columns(m, a.view, a.format, a.shown);
        print_header(m, a.view, a.format, a.shown, hidden);
        loop(m, &a, s, d);
        sigaction(SIGINT, &old_int, NULL);
        sigaction(SIGTERM, &old_term, NULL);
        if (aw_tool_flush(stdout, "output") != 0)
            rc = AW_EXIT_FAIL;
    }
    for (size_t i = 0; i < 3; i++)
        aw_meter_snapshot_free(s[i]);
    aw_meter_delta_free(d);
    aw_meter_free(m);
    free(a.shown);
    return rc;
}
