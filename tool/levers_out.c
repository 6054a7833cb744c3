/*
 * levers_out.c - the uncertainty and sensitivity options and their output,
 * shared by the commands that estimate (see levers_out.h).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "levers_out.h"

void aw_tool_uncertainty_init(struct aw_tool_uncertainty *u)
{
    memset(u, 0, sizeof *u);
    u->samples = AW_UNCERTAINTY_DEFAULT_SAMPLES;
    u->seed = AW_UNCERTAINTY_DEFAULT_SEED;
}

void aw_tool_uncertainty_from_request(struct aw_tool_uncertainty *u,
                                      const struct aw_request *req)
{
    aw_tool_uncertainty_init(u);
    u->requested = AW_IS_SET(req->uncertainty_draws);
    if (u->requested)
        u->samples = (size_t)req->uncertainty_draws;
    u->seed_given = AW_IS_SET(req->seed);
    if (u->seed_given)
        u->seed = (unsigned long)req->seed;
    u->sensitivity = req->sensitivity;
}

int aw_tool_uncertainty_check(const char *cmd, struct aw_tool_uncertainty *u,
                              const struct aw_request *req, enum aw_format format)
{
    aw_tool_uncertainty_from_request(u, req);
    if (u->seed_given && !u->requested) {
        aw_tool_usage_error(cmd, "--seed needs --uncertainty");
        return -1;
    }
    if (format == AW_FORMAT_CSV && u->requested && u->sensitivity) {
        aw_tool_usage_error(cmd, "with --format csv give --uncertainty or --sensitivity, not both");
        return -1;
    }
    return 0;
}

/* A progress line on stderr for Monte Carlo runs that take more than about
 * a second, when stderr is a terminal (the library reports, the tool
 * prints). */
struct progress_line {
    struct timespec start;
    int tty;
    int shown;
    double last_s; /* when the line was last written: five times a second at most */
};

static double seconds_since(const struct timespec *t0)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - t0->tv_sec) + (double)(now.tv_nsec - t0->tv_nsec) / 1e9;
}

static void show_progress(void *ctx, size_t done, size_t total)
{
    struct progress_line *p = ctx;
    if (done == 0) {
        clock_gettime(CLOCK_MONOTONIC, &p->start);
        p->tty = isatty(STDERR_FILENO);
        p->shown = 0;
        p->last_s = 0;
        return;
    }
    if (!p->tty)
        return;
    if (done >= total) {
        if (p->shown)
            fputs("\r\033[K", stderr); /* the line goes: the result follows */
        return;
    }
    double elapsed = seconds_since(&p->start);
    if (elapsed < 1.0 || elapsed - p->last_s < 0.2)
        return;
    p->last_s = elapsed;
    double left = elapsed * (double)(total - done) / (double)done;
    fprintf(stderr, "\raiwatt: Monte Carlo %zu%% (%s of %s draws), about %s left\033[K",
            done * 100 / total, aw_fmt_count(NULL, (double)done, 0).s,
            aw_fmt_count(NULL, (double)total, 0).s, aw_fmt_time(NULL, left, 2).s);
    fflush(stderr);
    p->shown = 1;
}

/* The Monte Carlo and/or the tornado that `u` asks for, over `set` and a
 * model's outcome function. */
static aw_status run_analyses(struct aw_tool_uncertainty *u, const struct aw_uncertain_set *set,
                              aw_outcome_fn eval, void *model, struct aw_diag *diag)
{
    struct progress_line line;
    aw_status st = AW_OK;
    u->set = *set;
    if (u->requested)
        st = aw_uncertainty_run_progress(set, eval, model, u->samples, u->seed, show_progress,
                                         &line, &u->result, diag);
    if (st == AW_OK && u->sensitivity)
        st = aw_sensitivity_run(set, eval, model, &u->tornado, diag);
    return st;
}

/* The analyses `u` asks for over a request (train NULL) or a training run;
 * either model is large: on the heap. */
static aw_status analyse(const aw_catalog *cat, const struct aw_request *req,
                         const struct aw_train_request *train, struct aw_tool_uncertainty *u,
                         struct aw_diag *diag)
{
    if (!u->requested && !u->sensitivity)
        return AW_OK;
    union {
        struct aw_request_model request;
        struct aw_train_model train;
    } *m = malloc(sizeof *m);
    if (m == NULL)
        return AW_E_NOMEM;
    aw_status st;
    if (train != NULL) {
        st = aw_train_model_init(&m->train, cat, train, diag);
        if (st == AW_OK)
            st = run_analyses(u, &m->train.set, aw_train_model_eval, &m->train, diag);
    } else {
        st = aw_request_model_init(&m->request, cat, req, diag);
        if (st == AW_OK)
            st = run_analyses(u, &m->request.set, aw_request_model_eval, &m->request, diag);
    }
    free(m);
    return st;
}

aw_status aw_tool_uncertainty_request(const aw_catalog *cat, const struct aw_request *req,
                                      struct aw_tool_uncertainty *u, struct aw_diag *diag)
{
    return analyse(cat, req, NULL, u, diag);
}

aw_status aw_tool_uncertainty_train(const aw_catalog *cat, const struct aw_train_request *req,
                                    struct aw_tool_uncertainty *u, struct aw_diag *diag)
{
    return analyse(cat, NULL, req, u, diag);
}

int aw_tool_uncertainty_json(json_t *obj, const struct aw_tool_uncertainty *u)
{
    if (u->requested) {
        json_t *j = aw_uncertainty_to_json(&u->result, &u->set);
        if (j == NULL || json_object_set_new(obj, "uncertainty", j) != 0)
            return -1;
    }
    if (u->sensitivity) {
        json_t *j = aw_sensitivity_to_json(&u->tornado);
        if (j == NULL || json_object_set_new(obj, "sensitivity", j) != 0)
            return -1;
    }
    return 0;
}

static void quantile_row(struct aw_table *t, const struct aw_view *view, const char *label,
                         struct aw_fmt p5, struct aw_fmt p50, struct aw_fmt p95)
{
    (void)view;
    aw_table_cell(t, "%s", label);
    aw_table_cell(t, "%s", p5.s);
    aw_table_cell(t, "%s", p50.s);
    aw_table_cell(t, "%s", p95.s);
}

#define Q_ENERGY(q) aw_fmt_energy(view, (q)->p5, 2), aw_fmt_energy(view, (q)->p50, 2), \
                    aw_fmt_energy(view, (q)->p95, 2)

void aw_tool_uncertainty_table(const struct aw_view *view, const struct aw_tool_uncertainty *u,
                               const char *per)
{
    if (u->requested) {
        const struct aw_uncertainty *r = &u->result;
        char failed[96] = "";
        if (r->failed > 0)
            snprintf(failed, sizeof failed, ", %s refused by the model and dropped",
                     aw_fmt_count(view, (double)r->failed, 0).s);
        printf("\n");
        aw_text_print(view, stdout, 0, 2, "uncertainty: %s draws (seed %lu%s), %zu uncertain "
                      "inputs%s%s", aw_fmt_count(view, (double)r->samples, 0).s, r->seed, failed,
                      u->set.n, per[0] ? ", energies " : "", per);
        struct aw_table *t = aw_table_new(view, 2);
        aw_table_col(t, "", AW_COL_LEFT, AW_KEEP);
        aw_table_col(t, "p5", AW_COL_RIGHT, AW_KEEP);
        aw_table_col(t, "p50", AW_COL_RIGHT, AW_KEEP);
        aw_table_col(t, "p95", AW_COL_RIGHT, AW_KEEP);
        quantile_row(t, view, "accelerator", Q_ENERGY(&r->accelerator));
        quantile_row(t, view, "server", Q_ENERGY(&r->server));
        quantile_row(t, view, "it", Q_ENERGY(&r->it));
        quantile_row(t, view, "facility", Q_ENERGY(&r->facility));
        quantile_row(t, view, "carbon", aw_fmt_mass(view, r->co2_g.p5, "CO2e", 2),
                     aw_fmt_mass(view, r->co2_g.p50, "CO2e", 2),
                     aw_fmt_mass(view, r->co2_g.p95, "CO2e", 2));
        quantile_row(t, view, "water", aw_fmt_water(view, r->water_ml.p5, 2),
                     aw_fmt_water(view, r->water_ml.p50, 2), aw_fmt_water(view, r->water_ml.p95, 2));
        aw_table_done(t, stdout);
        char inputs[AW_UNCERTAIN_MAX * (AW_UNCERTAIN_NAME + 2) + 1] = "";
        for (size_t i = 0; i < u->set.n; i++) {
            size_t used = strlen(inputs);
            snprintf(inputs + used, sizeof inputs - used, "%s%s", i ? ", " : "",
                     u->set.inputs[i].name);
        }
        aw_text_print(view, stdout, 2, 4, "inputs varied: %s", inputs);
        aw_text_print(view, stdout, 2, 4, "(ranges and sources: --format json, "
                      "'uncertainty.inputs')");
    }
    if (u->sensitivity) {
        const struct aw_sensitivity *s = &u->tornado;
        printf("\n");
        aw_text_print(view, stdout, 0, 2, "sensitivity: facility energy%s%s with each input at "
                      "its low and high, the others central (%s)", per[0] ? " " : "", per,
                      aw_fmt_energy(view, s->facility_wh, AW_SIG).s);
        struct aw_table *t = aw_table_new(view, 2);
        aw_table_col(t, "input", AW_COL_LEFT, AW_KEEP);
        aw_table_col(t, "low", AW_COL_RIGHT, 2);
        aw_table_col(t, "high", AW_COL_RIGHT, 2);
        aw_table_col(t, "at low", AW_COL_RIGHT, AW_KEEP);
        aw_table_col(t, "at high", AW_COL_RIGHT, AW_KEEP);
        aw_table_col(t, "swing", AW_COL_RIGHT, AW_KEEP);
        aw_table_col(t, "", AW_COL_LEFT, 3);
        double top = s->n > 0 && s->rows[0].swing_wh > 0 ? s->rows[0].swing_wh : 1;
        for (size_t i = 0; i < s->n; i++) {
            const struct aw_sensitivity_row *row = &s->rows[i];
            char bar[24];
            int w = (int)lround(20.0 * row->swing_wh / top);
            if (w < 0)
                w = 0;
            if (w > 20)
                w = 20;
            memset(bar, '#', (size_t)w);
            bar[w] = '\0';
            aw_table_cell(t, "%s", row->name);
            aw_table_cell(t, "%s", aw_fmt_num(view, row->low, AW_SIG).s);
            aw_table_cell(t, "%s", aw_fmt_num(view, row->high, AW_SIG).s);
            aw_table_cell(t, "%s", aw_fmt_energy(view, row->facility_wh_at_low, AW_SIG).s);
            aw_table_cell(t, "%s", aw_fmt_energy(view, row->facility_wh_at_high, AW_SIG).s);
            aw_table_cell(t, "%s", aw_fmt_energy(view, row->swing_wh, AW_SIG).s);
            aw_table_cell(t, "%s", bar);
        }
        aw_table_done(t, stdout);
        if (s->n == 0)
            printf("  (no uncertain input: every number was given)\n");
    }
}

int aw_tool_uncertainty_csv(FILE *out, const struct aw_tool_uncertainty *u)
{
    if (u->requested) {
        const struct aw_uncertainty *r = &u->result;
        const struct {
            const char *name;
            const struct aw_quantiles *q;
        } rows[] = {{"accelerator_wh", &r->accelerator}, {"server_wh", &r->server},
                    {"it_wh", &r->it}, {"facility_wh", &r->facility},
                    {"co2_g", &r->co2_g}, {"water_ml", &r->water_ml}};
        fputs("quantity,p5,p50,p95,mean\n", out);
        for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
            aw_csv_row(out, "sgggg", rows[i].name, rows[i].q->p5, rows[i].q->p50, rows[i].q->p95,
                       rows[i].q->mean);
    } else if (u->sensitivity) {
        fputs("input,low,value,high,facility_wh_at_low,facility_wh_at_high,swing_wh\n", out);
        for (size_t i = 0; i < u->tornado.n; i++) {
            const struct aw_sensitivity_row *row = &u->tornado.rows[i];
            aw_csv_row(out, "sgggggg", row->name, row->low, row->value, row->high,
                       row->facility_wh_at_low, row->facility_wh_at_high, row->swing_wh);
        }
    }
    return u->requested || u->sensitivity;
}

aw_status aw_tool_uncertainty_weighted(const aw_catalog *cat, const struct aw_request *reqs,
                                       const double *weights, const char *const *labels,
                                       size_t n, struct aw_tool_uncertainty *u,
                                       struct aw_diag *diag)
{
    if (!u->requested && !u->sensitivity)
        return AW_OK;
    struct aw_weighted_model *m = malloc(sizeof *m);
    if (m == NULL)
        return AW_E_NOMEM;
    aw_status st = aw_weighted_model_init(m, cat, reqs, weights, labels, n, diag);
    if (st == AW_OK)
        st = run_analyses(u, &m->set, aw_weighted_model_eval, m, diag);
    aw_weighted_model_release(m);
    free(m);
    return st;
}

aw_status aw_tool_uncertainty_mix(const aw_catalog *cat, const struct aw_mix_result *mix,
                                  double scale, struct aw_tool_uncertainty *u,
                                  struct aw_diag *diag)
{
    if (!u->requested && !u->sensitivity)
        return AW_OK;
    enum { MAX_KINDS = 64 };
    struct aw_request reqs[MAX_KINDS];
    double weights[MAX_KINDS];
    const char *labels[MAX_KINDS];
    size_t n = mix->n_kinds < MAX_KINDS ? mix->n_kinds : MAX_KINDS;
    for (size_t i = 0; i < n; i++) {
        reqs[i] = mix->kinds[i].request;
        weights[i] = mix->kinds[i].share * scale;
        labels[i] = mix->kinds[i].kind;
    }
    return aw_tool_uncertainty_weighted(cat, reqs, weights, labels, n, u, diag);
}

const char *aw_tool_energy(double wh, char *buf, size_t len)
{
    snprintf(buf, len, "%s", aw_fmt_energy(NULL, wh, AW_SIG).s);
    return buf;
}

const char *aw_tool_mass(double grams, char *buf, size_t len)
{
    snprintf(buf, len, "%s", aw_fmt_mass(NULL, grams, NULL, AW_SIG).s);
    return buf;
}
