/*
 * window.c - a measurement window over a meter, with the result as JSON
 * text: the plain-data entry points for bindings (the Python package's
 * `with aiwatt.measure()`), which cannot follow the meter's structs.
 */
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "meter_internal.h"

struct aw_meter_window {
    aw_meter *meter;
    struct aw_meter_snapshot *begin;
};

void aw_meter_window_free(aw_meter_window *w)
{
    if (w == NULL)
        return;
    aw_meter_snapshot_free(w->begin);
    aw_meter_free(w->meter); /* stops the poller first */
    free(w);
}

aw_status aw_meter_window_begin(const struct aw_meter_options *opt, aw_meter_window **out,
                                struct aw_diag *diag)
{
    *out = NULL;
    aw_meter_window *w = calloc(1, sizeof *w);
    if (w == NULL)
        return aw__fail(diag, AW_E_NOMEM, "out of memory");
    aw_status st = aw_meter_open(opt, &w->meter, diag);
    if (st == AW_OK && aw_meter_snapshot_new(w->meter, &w->begin) != AW_OK)
        st = aw__fail(diag, AW_E_NOMEM, "out of memory");
    if (st == AW_OK)
        st = aw_meter_start(w->meter, diag);
    if (st != AW_OK) {
        aw_meter_window_free(w);
        return st;
    }
    aw_meter_sample(w->meter, w->begin);
    *out = w;
    return AW_OK;
}

static json_t *domain_json(const struct aw_meter_domain *d, const struct aw_meter_energy *e)
{
    json_t *j = json_object();
    if (j == NULL)
        return NULL;
    int ok = json_object_set_new(j, "source", json_string(d->source)) == 0 &&
             json_object_set_new(j, "name", json_string(d->name)) == 0 &&
             json_object_set_new(j, "path", json_string(d->path)) == 0 &&
             json_object_set_new(j, "scope", json_string(aw_meter_scope_name(d->scope))) == 0 &&
             json_object_set_new(j, "kind", json_string(aw_meter_kind_name(d->kind))) == 0 &&
             json_object_set_new(j, "measures", json_string(d->measures)) == 0 &&
             json_object_set_new(j, "readable", json_boolean(d->status == AW_OK)) == 0 &&
             json_object_set_new(j, "counted", json_boolean(d->counted)) == 0 &&
             json_object_set_new(j, "joules", e->valid ? json_real(e->energy_j) : json_null()) == 0 &&
             json_object_set_new(j, "watts", e->valid ? json_real(e->power_w) : json_null()) == 0;
    if (ok && d->parent[0] != '\0')
        ok = json_object_set_new(j, "parent", json_string(d->parent)) == 0;
    if (ok && d->device[0] != '\0')
        ok = json_object_set_new(j, "device", json_string(d->device)) == 0;
    if (ok && d->status != AW_OK)
        ok = json_object_set_new(j, "error", json_string(d->diag.msg)) == 0 &&
             json_object_set_new(j, "hint", json_string(d->diag.hint)) == 0;
    if (!ok) {
        json_decref(j);
        return NULL;
    }
    return j;
}

aw_status aw_meter_window_end(aw_meter_window *w, char **json_out, struct aw_diag *diag)
{
    *json_out = NULL;
    struct aw_meter_snapshot *end = NULL;
    struct aw_meter_delta *delta = NULL;
    json_t *root = json_object();
    json_t *domains = json_array();
    aw_status st = AW_E_NOMEM;
    if (aw_meter_snapshot_new(w->meter, &end) != AW_OK ||
        aw_meter_delta_new(w->meter, &delta) != AW_OK || root == NULL || domains == NULL)
        goto out;
    aw_meter_sample(w->meter, end);
    aw_meter_stop(w->meter);
    aw_meter_diff(w->meter, w->begin, end, delta);

    /* total_joules is null, not 0, when no counted domain could be read. */
    int any_counted = 0;
    for (size_t i = 0; i < delta->n; i++) {
        const struct aw_meter_domain *d = aw_meter_domain_at(w->meter, i);
        if (d == NULL)
            break;
        if (d->counted && delta->domain[i].valid)
            any_counted = 1;
        json_t *dj = domain_json(d, &delta->domain[i]);
        if (dj == NULL || json_array_append_new(domains, dj) != 0)
            goto out;
    }
    if (json_object_set_new(root, "duration_s", json_real(delta->duration_s)) != 0 ||
        json_object_set_new(root, "total_joules",
                            any_counted ? json_real(delta->total_j) : json_null()) != 0 ||
        json_object_set_new(root, "total_watts",
                            any_counted ? json_real(delta->total_w) : json_null()) != 0 ||
        json_object_set(root, "domains", domains) != 0)
        goto out;
    *json_out = json_dumps(root, JSON_COMPACT | JSON_REAL_PRECISION(17));
    if (*json_out != NULL)
        st = AW_OK;
out:
    if (st != AW_OK)
        aw__fail(diag, st, "out of memory");
    json_decref(domains);
    json_decref(root);
    aw_meter_delta_free(delta);
    aw_meter_snapshot_free(end);
    return st;
}
