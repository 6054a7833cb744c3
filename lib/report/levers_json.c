/*
 * levers_json.c - JSON views of training runs, uncertainty, sensitivity and
 * what-if tables (docs/cli/aiwatt-train.md, aiwatt-whatif.md,
 * aiwatt-estimate.md). Keys are a contract: add, never rename.
 */
#include <math.h>
#include <jansson.h>
#include "internal.h"
#include "json_rows.h"

/* A number, or null when unknown (0 for counts that cannot be 0, NaN). */
static json_t *num_or_null(double v)
{
    return isfinite(v) && v != 0 ? json_real(v) : json_null();
}

static json_t *real_or_null(double v)
{
    return isfinite(v) ? json_real(v) : json_null();
}

static json_t *str_or_null(const char *s)
{
    return s != NULL ? json_string(s) : json_null();
}

/* json_object_set_new that remembers failure. */
static void put(json_t *o, const char *key, json_t *v, int *bad)
{
    if (v == NULL || json_object_set_new(o, key, v) != 0)
        *bad = 1;
}

static json_t *finish(json_t *o, int bad)
{
    if (bad) {
        json_decref(o);
        return NULL;
    }
    return o;
}

static const char *compute_name(enum aw_train_compute c)
{
    switch (c) {
    case AW_TRAIN_FROM_HOURS:
        return "gpu-hours";
    case AW_TRAIN_FROM_GPU_DAYS:
        return "gpus-x-days";
    case AW_TRAIN_FROM_FLOP:
    default:
        return "flop";
    }
}

static json_t *train_inputs_to_json(const struct aw_train_resolved *in)
{
    json_t *o = json_object();
    if (o == NULL)
        return NULL;
    int bad = 0;
    put(o, "run", str_or_null(in->run_id), &bad);
    put(o, "model", str_or_null(in->model_id), &bad);
    put(o, "params_total", json_real(in->params_total), &bad);
    put(o, "params_active", json_real(in->params_active), &bad);
    put(o, "layers", json_integer(in->layers), &bad);
    put(o, "d_attn", json_integer(in->d_attn), &bad);
    put(o, "tokens", num_or_null(in->tokens), &bad);
    put(o, "seq_len", json_real(in->seq_len), &bad);
    put(o, "flop_per_token", json_real(in->flop_per_token), &bad);
    put(o, "attention_flop_per_token", json_real(in->attention_flop_per_token), &bad);
    put(o, "published_flop_used", json_boolean(in->published_flop_used), &bad);
    put(o, "hardware", str_or_null(in->hardware_id), &bad);
    put(o, "server", str_or_null(in->server_id), &bad);
    put(o, "precision", str_or_null(in->precision), &bad);
    put(o, "peak_tflops_per_gpu", json_real(in->peak_tflops), &bad);
    put(o, "compute", json_string(compute_name(in->compute)), &bad);
    put(o, "compute_source", str_or_null(in->compute_source), &bad);
    put(o, "mfu", json_real(in->mfu), &bad);
    put(o, "mfu_source", str_or_null(in->mfu_source), &bad);
    put(o, "implied_mfu", num_or_null(in->implied_mfu), &bad);
    put(o, "gpus", num_or_null(in->gpus), &bad);
    put(o, "days", num_or_null(in->days), &bad);
    put(o, "gpu_hours", json_real(in->gpu_hours), &bad);
    put(o, "gpu_hours_compute", json_real(in->gpu_hours_compute), &bad);
    put(o, "gpu_hours_from_flop", num_or_null(in->gpu_hours_from_flop), &bad);
    put(o, "overhead", json_real(in->overhead), &bad);
    put(o, "power_fraction", json_real(in->power_fraction), &bad);
    put(o, "idle_power_w", json_real(in->idle_power_w), &bad);
    put(o, "max_power_w", json_real(in->max_power_w), &bad);
    put(o, "accelerator_power_w", json_real(in->accelerator_power_w), &bad);
    put(o, "host_power_w_per_gpu", json_real(in->host_power_w_per_gpu), &bad);
    put(o, "system_power_w", json_real(in->system_power_w), &bad);
    put(o, "system_power_published", json_boolean(in->system_power_published), &bad);
    put(o, "datacenter", str_or_null(in->datacenter_id), &bad);
    put(o, "pue", json_real(in->pue), &bad);
    put(o, "grid", str_or_null(in->grid_id), &bad);
    put(o, "grid_gco2_per_kwh", json_real(in->gco2_per_kwh), &bad);
    put(o, "wue_l_per_kwh", json_real(in->wue_l_per_kwh), &bad);
    put(o, "grid_water_l_per_kwh", json_real(in->grid_water_l_per_kwh), &bad);
    return finish(o, bad);
}

json_t *aw_train_estimate_to_json(const struct aw_train_estimate *e)
{
    const struct aw_train_resolved *in = &e->inputs;
    json_t *o = json_object();
    if (o == NULL)
        return NULL;
    int bad = 0;
    put(o, "run", str_or_null(in->run_id), &bad);
    put(o, "name", str_or_null(in->run_name), &bad);
    put(o, "model", str_or_null(in->model_id), &bad);
    put(o, "flop", num_or_null(in->flop), &bad);
    put(o, "gpu_hours", json_real(in->gpu_hours), &bad);
    put(o, "days", num_or_null(in->days), &bad);
    put(o, "wh", aw_ladder_to_json(&e->wh), &bad);
    put(o, "co2_g", json_real(e->co2_g), &bad);
    put(o, "co2_market_g", json_real(e->co2_market_g), &bad);
    put(o, "market_gco2_per_kwh", json_real(in->market_gco2_per_kwh), &bad);
    put(o, "market_basis", str_or_null(in->market_basis), &bad);
    put(o, "embodied", aw_embodied_to_json(&e->embodied), &bad);
    put(o, "water_ml", json_real(e->water_ml), &bad);
    put(o, "water_onsite_ml", json_real(e->water_onsite_ml), &bad);
    put(o, "water_offsite_ml", json_real(e->water_offsite_ml), &bad);
    if (in->amortise_queries > 0) {
        json_t *q = json_object();
        int qbad = q == NULL;
        if (q != NULL) {
            put(q, "queries", json_real(in->amortise_queries), &qbad);
            put(q, "wh", aw_ladder_to_json(&e->per_query_wh), &qbad);
            put(q, "co2_g", json_real(e->per_query_co2_g), &qbad);
            put(q, "water_ml", json_real(e->per_query_water_ml), &qbad);
            put(q, "embodied_co2_g",
                e->embodied.set ? json_real(e->per_query_embodied_co2_g) : json_null(), &qbad);
        }
        put(o, "per_query", finish(q, qbad), &bad);
    }
    json_t *pub = json_array();
    for (size_t i = 0; pub != NULL && i < e->n_published; i++) {
        const struct aw_train_published *p = &e->published[i];
        json_t *po = json_object();
        int pbad = po == NULL;
        if (po != NULL) {
            put(po, "quantity", json_string(p->quantity), &pbad);
            put(po, "value", json_real(p->value), &pbad);
            put(po, "low", json_real(p->low), &pbad);
            put(po, "high", json_real(p->high), &pbad);
            put(po, "unit", json_string(p->unit), &pbad);
            put(po, "boundary", str_or_null(p->boundary), &pbad);
            put(po, "estimate", real_or_null(p->estimate), &pbad);
            put(po, "ratio", real_or_null(p->ratio), &pbad);
            put(po, "claim", json_boolean(p->claim), &pbad);
            put(po, "note", str_or_null(p->note), &pbad);
            put(po, "source", str_or_null(p->source), &pbad);
            put(po, "confidence", str_or_null(p->confidence), &pbad);
        }
        if (pbad || json_array_append_new(pub, finish(po, pbad)) != 0)
            bad = 1;
    }
    put(o, "published", pub, &bad);
    json_t *cmp = json_array();
    for (size_t i = 0; cmp != NULL && i < e->n_comparisons; i++) {
        const struct aw_train_comparison *c = &e->comparisons[i];
        json_t *co = json_pack("{s:s?, s:s?, s:f, s:f, s:s?}", "id", c->id, "name", c->name,
                               "count", c->count, "per_wh", c->per_wh, "source", c->source);
        if (co == NULL || json_array_append_new(cmp, co) != 0)
            bad = 1;
    }
    put(o, "comparisons", cmp, &bad);
    put(o, "inputs", train_inputs_to_json(in), &bad);
    return finish(o, bad);
}

static json_t *quantiles_to_json(const struct aw_quantiles *q)
{
    return json_pack("{s:f, s:f, s:f, s:f}", "p5", q->p5, "p50", q->p50, "p95", q->p95, "mean",
                     q->mean);
}

json_t *aw_uncertain_set_to_json(const struct aw_uncertain_set *set)
{
    json_t *a = json_array();
    for (size_t i = 0; a != NULL && set != NULL && i < set->n; i++) {
        const struct aw_uncertain_input *in = &set->inputs[i];
        json_t *o = json_pack("{s:s, s:f, s:f, s:f, s:s, s:s?}", "name", in->name, "low", in->low,
                              "value", in->value, "high", in->high, "distribution",
                              aw_dist_name(in->dist), "source", in->source);
        if (o == NULL || json_array_append_new(a, o) != 0) {
            json_decref(a);
            return NULL;
        }
    }
    return a;
}

json_t *aw_uncertainty_to_json(const struct aw_uncertainty *u, const struct aw_uncertain_set *set)
{
    json_t *o = json_object();
    if (o == NULL)
        return NULL;
    int bad = 0;
    put(o, "accelerator", quantiles_to_json(&u->accelerator), &bad);
    put(o, "server", quantiles_to_json(&u->server), &bad);
    put(o, "it", quantiles_to_json(&u->it), &bad);
    put(o, "facility", quantiles_to_json(&u->facility), &bad);
    put(o, "co2_g", quantiles_to_json(&u->co2_g), &bad);
    put(o, "water_ml", quantiles_to_json(&u->water_ml), &bad);
    put(o, "samples", json_integer((json_int_t)u->samples), &bad);
    put(o, "failed", json_integer((json_int_t)u->failed), &bad);
    put(o, "seed", json_integer((json_int_t)u->seed), &bad);
    if (set != NULL)
        put(o, "inputs", aw_uncertain_set_to_json(set), &bad);
    return finish(o, bad);
}

static json_t *sensitivity_row_json(const void *rows, size_t i)
{
    const struct aw_sensitivity_row *r = (const struct aw_sensitivity_row *)rows + i;
    json_t *ro = json_object();
    int bad = ro == NULL;
    if (ro != NULL) {
        put(ro, "name", json_string(r->name), &bad);
        put(ro, "low", json_real(r->low), &bad);
        put(ro, "value", json_real(r->value), &bad);
        put(ro, "high", json_real(r->high), &bad);
        put(ro, "facility_wh_at_low", real_or_null(r->facility_wh_at_low), &bad);
        put(ro, "facility_wh_at_high", real_or_null(r->facility_wh_at_high), &bad);
        put(ro, "swing_wh", json_real(r->swing_wh), &bad);
        put(ro, "source", str_or_null(r->source), &bad);
    }
    return finish(ro, bad);
}

json_t *aw_sensitivity_to_json(const struct aw_sensitivity *s)
{
    json_t *rows = aw__json_rows(s->rows, s->n, sensitivity_row_json);
    if (rows == NULL)
        return NULL;
    return json_pack("{s:f, s:o}", "facility_wh", s->facility_wh, "inputs", rows);
}

json_t *aw_whatif_to_json(const struct aw_whatif_result *r)
{
    const struct aw_whatif_spec *sp = &r->spec;
    json_t *o = json_object();
    if (o == NULL)
        return NULL;
    int bad = 0;
    put(o, "kind", json_string(sp->kind == AW_WHATIF_TRAIN ? "train" : "request"), &bad);
    json_t *base = json_object();
    json_t *levers = json_array();
    for (size_t i = 0; base != NULL && levers != NULL && i < sp->n_levers; i++) {
        const struct aw_whatif_lever *l = &sp->levers[i];
        if (l->n == 1) {
            put(base, l->key, json_string(l->values[0]), &bad);
            continue;
        }
        json_t *vals = json_array();
        for (size_t v = 0; vals != NULL && v < l->n; v++)
            if (json_array_append_new(vals, json_string(l->values[v])) != 0)
                bad = 1;
        json_t *lo = json_pack("{s:s, s:o}", "key", l->key, "values", vals);
        if (lo == NULL || json_array_append_new(levers, lo) != 0)
            bad = 1;
    }
    put(o, "base", base, &bad);
    put(o, "levers", levers, &bad);
    json_t *rows = json_array();
    for (size_t i = 0; rows != NULL && i < r->n_rows; i++) {
        const struct aw_whatif_row *row = &r->rows[i];
        json_t *ro = json_object();
        json_t *set = json_object();
        int rbad = ro == NULL || set == NULL;
        for (size_t k = 0; set != NULL && k < sp->n_levers; k++) {
            if (sp->levers[k].n > 1)
                put(set, sp->levers[k].key, json_string(sp->levers[k].values[row->value[k]]),
                    &rbad);
        }
        if (ro != NULL) {
            put(ro, "levers", set, &rbad);
            set = NULL;
            if (row->status == AW_OK) {
                put(ro, "wh", aw_ladder_to_json(&row->wh), &rbad);
                put(ro, "co2_g", json_real(row->co2_g), &rbad);
                put(ro, "water_ml", json_real(row->water_ml), &rbad);
                put(ro, "ratio", json_real(row->ratio), &rbad);
                put(ro, "detail", json_string(row->detail), &rbad);
            } else {
                put(ro, "wh", json_null(), &rbad);
                put(ro, "error", json_string(row->error), &rbad);
            }
        }
        json_decref(set);
        if (rbad || json_array_append_new(rows, ro) != 0) {
            json_decref(ro);
            bad = 1;
        }
    }
    put(o, "rows", rows, &bad);
    json_t *cuts = json_array();
    for (size_t i = 0; cuts != NULL && i < r->n_cuts; i++) {
        const struct aw_whatif_cut *c = &r->cuts[i];
        const struct aw_whatif_lever *l = &sp->levers[c->lever];
        json_t *co = json_pack("{s:s, s:s, s:f, s:f, s:f}", "lever", l->key, "value",
                               l->values[c->value], "ratio", c->ratio, "saving", 1.0 - c->ratio,
                               "facility_wh", r->rows[c->row].wh.facility_wh);
        if (co == NULL || json_array_append_new(cuts, co) != 0)
            bad = 1;
    }
    put(o, "cuts", cuts, &bad);
    if (r->n_rows > 0)
        put(o, "best_row", json_integer((json_int_t)r->best_row), &bad);
    return finish(o, bad);
}
