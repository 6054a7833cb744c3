/*
 * levers_out.c - the uncertainty and sensitivity options and their output,
 * shared by the commands that estimate (see levers_out.h).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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
    u->requested = req->uncertainty_draws > 0;
    if (u->requested)
        u->samples = (size_t)req->uncertainty_draws;
    u->seed_given = req->seed >= 0;
    if (u->seed_given)
        u->seed = (unsigned long)req->seed;
    u->sensitivity = req->sensitivity;
}

int aw_tool_uncertainty_check(const char *cmd, const struct aw_tool_uncertainty *u,
                              enum aw_format format)
{
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

aw_status aw_tool_uncertainty_request(const aw_catalog *cat, const struct aw_request *req,
                                      struct aw_tool_uncertainty *u, struct aw_diag *diag)
{
    if (!u->requested && !u->sensitivity)
        return AW_OK;
    struct aw_request_model *m = malloc(sizeof *m);
    if (m == NULL)
        return AW_E_NOMEM;
    aw_status st = aw_request_model_init(m, cat, req, diag);
    if (st == AW_OK) {
        u->set = m->set;
        if (u->requested)
            st = aw_uncertainty_run(&m->set, aw_request_model_eval, m, u->samples, u->seed,
                                    &u->result, diag);
        if (st == AW_OK && u->sensitivity)
            st = aw_sensitivity_run(&m->set, aw_request_model_eval, m, &u->tornado, diag);
    }
    free(m);
    return st;
}

aw_status aw_tool_uncertainty_train(const aw_catalog *cat, const struct aw_train_request *req,
                                    struct aw_tool_uncertainty *u, struct aw_diag *diag)
{
    if (!u->requested && !u->sensitivity)
        return AW_OK;
    struct aw_train_model *m = malloc(sizeof *m);
    if (m == NULL)
        return AW_E_NOMEM;
    aw_status st = aw_train_model_init(m, cat, req, diag);
    if (st == AW_OK) {
        u->set = m->set;
        if (u->requested)
            st = aw_uncertainty_run(&m->set, aw_train_model_eval, m, u->samples, u->seed,
                                    &u->result, diag);
        if (st == AW_OK && u->sensitivity)
            st = aw_sensitivity_run(&m->set, aw_train_model_eval, m, &u->tornado, diag);
    }
    free(m);
    return st;
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

static void quantile_row(const char *label, const struct aw_quantiles *q, double scale,
                         const char *note)
{
    printf("  %-12s %12.4g %12.4g %12.4g   %s\n", label, q->p5 * scale, q->p50 * scale,
           q->p95 * scale, note);
}

void aw_tool_uncertainty_table(const struct aw_tool_uncertainty *u, double scale,
                               const char *unit)
{
    if (u->requested) {
        const struct aw_uncertainty *r = &u->result;
        printf("\nuncertainty: %zu draws (seed %lu", r->samples, r->seed);
        if (r->failed > 0)
            printf(", %zu refused by the model and dropped", r->failed);
        printf("), %zu uncertain inputs\n", u->set.n);
        printf("  %-12s %12s %12s %12s\n", "boundary", "p5", "p50", "p95");
        quantile_row("accelerator", &r->accelerator, scale, unit);
        quantile_row("server", &r->server, scale, unit);
        quantile_row("it", &r->it, scale, unit);
        quantile_row("facility", &r->facility, scale, unit);
        double mass = r->co2_g.p50 >= 1e6 ? 1e-6 : 1.0;
        quantile_row("carbon", &r->co2_g, mass, mass < 1 ? "tCO2e" : "gCO2e");
        double vol = r->water_ml.p50 >= 1e6 ? 1e-6 : 1.0;
        quantile_row("water", &r->water_ml, vol, vol < 1 ? "m3" : "mL");
        printf("  inputs varied: ");
        for (size_t i = 0; i < u->set.n; i++)
            printf("%s%s", i ? ", " : "", u->set.inputs[i].name);
        printf("\n  (ranges and sources: --format json, 'uncertainty.inputs')\n");
    }
    if (u->sensitivity) {
        const struct aw_sensitivity *s = &u->tornado;
        printf("\nsensitivity: facility %s with each input at its low and high, the others "
               "central (%.4g %s)\n",
               unit, s->facility_wh * scale, unit);
        printf("  %-24s %10s %10s %11s %11s %10s\n", "input", "low", "high", "at low",
               "at high", "swing");
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
            printf("  %-24s %10.4g %10.4g %11.4g %11.4g %10.4g %s\n", row->name, row->low,
                   row->high, row->facility_wh_at_low * scale, row->facility_wh_at_high * scale,
                   row->swing_wh * scale, bar);
        }
        if (s->n == 0)
            printf("  (no uncertain input: every number was given)\n");
    }
}

static void csv_quantiles(const char *name, const struct aw_quantiles *q)
{
    printf("%s,%.6g,%.6g,%.6g,%.6g\n", name, q->p5, q->p50, q->p95, q->mean);
}

void aw_tool_uncertainty_csv(const struct aw_tool_uncertainty *u)
{
    if (u->requested) {
        const struct aw_uncertainty *r = &u->result;
        printf("quantity,p5,p50,p95,mean\n");
        csv_quantiles("accelerator_wh", &r->accelerator);
        csv_quantiles("server_wh", &r->server);
        csv_quantiles("it_wh", &r->it);
        csv_quantiles("facility_wh", &r->facility);
        csv_quantiles("co2_g", &r->co2_g);
        csv_quantiles("water_ml", &r->water_ml);
    } else if (u->sensitivity) {
        printf("input,low,value,high,facility_wh_at_low,facility_wh_at_high,swing_wh\n");
        for (size_t i = 0; i < u->tornado.n; i++) {
            const struct aw_sensitivity_row *row = &u->tornado.rows[i];
            printf("%s,%.6g,%.6g,%.6g,%.6g,%.6g,%.6g\n", row->name, row->low, row->value,
                   row->high, row->facility_wh_at_low, row->facility_wh_at_high, row->swing_wh);
        }
    }
}

const char *aw_tool_energy(double wh, char *buf, size_t len)
{
    static const char *const units[] = {"Wh", "kWh", "MWh", "GWh", "TWh"};
    size_t i = 0;
    double v = wh;
    while (fabs(v) >= 1000 && i + 1 < sizeof units / sizeof units[0]) {
        v /= 1000;
        i++;
    }
    snprintf(buf, len, "%.4g %s", v, units[i]);
    return buf;
}

const char *aw_tool_mass(double grams, char *buf, size_t len)
{
    if (fabs(grams) >= 1e6)
        snprintf(buf, len, "%.4g t", grams / 1e6);
    else if (fabs(grams) >= 1e3)
        snprintf(buf, len, "%.4g kg", grams / 1e3);
    else
        snprintf(buf, len, "%.4g g", grams);
    return buf;
}

const char *aw_tool_count(double v, char *buf, size_t len)
{
    static const struct {
        double scale;
        const char *suffix;
    } steps[] = {{1e12, "T"}, {1e9, "B"}, {1e6, "M"}, {1e3, "k"}};
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
        if (fabs(v) >= steps[i].scale && fabs(v) < steps[i].scale * 1e3) {
            snprintf(buf, len, "%.4g%s", v / steps[i].scale, steps[i].suffix);
            return buf;
        }
    }
    snprintf(buf, len, "%.4g", v);
    return buf;
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
    if (st == AW_OK) {
        u->set = m->set;
        if (u->requested)
            st = aw_uncertainty_run(&m->set, aw_weighted_model_eval, m, u->samples, u->seed,
                                    &u->result, diag);
        if (st == AW_OK && u->sensitivity)
            st = aw_sensitivity_run(&m->set, aw_weighted_model_eval, m, &u->tornado, diag);
    }
    aw_weighted_model_release(m);
    free(m);
    return st;
}
