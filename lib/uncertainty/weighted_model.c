/*
 * weighted_model.c - the uncertainty binding of a weighted sum of requests
 * (a query mix, a fleet): one binding per request, their inputs merged when
 * they are the same number (same name, same range), so a shared data
 * centre's PUE is drawn once for every request.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "uncertain_internal.h"

void aw_weighted_model_release(struct aw_weighted_model *m)
{
    if (m == NULL)
        return;
    free(m->models);
    free(m->weights);
    free(m->map);
    free(m->scratch);
    memset(m, 0, sizeof *m);
}

static int same_number(const struct aw_uncertain_input *a, const struct aw_uncertain_input *b)
{
    return a->low == b->low && a->value == b->value && a->high == b->high && a->dist == b->dist &&
           a->integer == b->integer;
}

/* The union index of `in` (request i), adding it when new. */
static int merge(struct aw_uncertain_set *set, const struct aw_uncertain_input *in,
                 const char *label, size_t i)
{
    int named = -1;
    for (size_t k = 0; k < set->n; k++) {
        const struct aw_uncertain_input *u = &set->inputs[k];
        size_t len = strlen(in->name);
        if (strncmp(u->name, in->name, len) != 0 || (u->name[len] != '\0' && u->name[len] != ' '))
            continue;
        if (same_number(u, in))
            return (int)k;
        named = (int)k;
    }
    if (set->n == AW_UNCERTAIN_MAX)
        return -1;
    struct aw_uncertain_input *u = &set->inputs[set->n];
    *u = *in;
    if (named >= 0) {
        if (label != NULL)
            snprintf(u->name, sizeof u->name, "%.20s (%.16s)", in->name, label);
        else
            snprintf(u->name, sizeof u->name, "%.20s (%u)", in->name, (unsigned)(i + 1) % 1000u);
    }
    return (int)set->n++;
}

aw_status aw_weighted_model_init(struct aw_weighted_model *m, const aw_catalog *cat,
                                 const struct aw_request *reqs, const double *weights,
                                 const char *const *labels, size_t n, struct aw_diag *diag)
{
    memset(m, 0, sizeof *m);
    aw_diag_clear(diag);
    if (cat == NULL || reqs == NULL || weights == NULL || n == 0)
        return aw__fail(diag, AW_E_INVALID, "no requests to weigh");
    m->models = calloc(n, sizeof *m->models);
    m->weights = calloc(n, sizeof *m->weights);
    m->map = calloc(n, sizeof *m->map);
    m->scratch = calloc(AW_UNCERTAIN_MAX, sizeof *m->scratch);
    if (m->models == NULL || m->weights == NULL || m->map == NULL || m->scratch == NULL)
        return aw__fail(diag, AW_E_NOMEM, "out of memory");
    m->n = n;
    for (size_t i = 0; i < n; i++) {
        m->weights[i] = weights[i];
        aw_status st = aw_request_model_init(&m->models[i], cat, &reqs[i], diag);
        if (st != AW_OK)
            return st;
        const struct aw_uncertain_set *own = &m->models[i].set;
        for (size_t k = 0; k < own->n; k++) {
            int u = merge(&m->set, &own->inputs[k], labels ? labels[i] : NULL, i);
            if (u < 0) {
                aw__hint(diag, "vary fewer requests at once");
                return aw__fail(diag, AW_E_RANGE, "more than %d uncertain inputs",
                                AW_UNCERTAIN_MAX);
            }
            m->map[i][k] = u;
        }
    }
    return AW_OK;
}

aw_status aw_weighted_model_eval(void *ctx, const double *x, struct aw_outcome *out)
{
    struct aw_weighted_model *m = ctx;
    memset(out, 0, sizeof *out);
    for (size_t i = 0; i < m->n; i++) {
        struct aw_request_model *rm = &m->models[i];
        for (size_t k = 0; k < rm->set.n; k++)
            m->scratch[k] = x[m->map[i][k]];
        struct aw_outcome o;
        aw_status st = aw_request_model_eval(rm, m->scratch, &o);
        if (st != AW_OK)
            return st;
        double w = m->weights[i];
        out->wh.accelerator_wh += w * o.wh.accelerator_wh;
        out->wh.server_wh += w * o.wh.server_wh;
        out->wh.it_wh += w * o.wh.it_wh;
        out->wh.facility_wh += w * o.wh.facility_wh;
        out->co2_g += w * o.co2_g;
        out->water_ml += w * o.water_ml;
    }
    return AW_OK;
}
