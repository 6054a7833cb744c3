/*
 * reproduce_json.c - JSON views of references and reproductions (the
 * contract of docs/cli/aiwatt-reproduce.md and aiwatt-refs.md: add keys,
 * never rename them).
 */
#include <math.h>
#include <jansson.h>
#include "internal.h"
#include "reproduce/reproduce_internal.h"

static json_t *str_or_null(const char *s) { return s ? json_string(s) : json_null(); }
static json_t *num_or_null(double v) { return isfinite(v) ? json_real(v) : json_null(); }

/* {"value", "unit"[, "low", "high"]} */
static json_t *quantity(double value, double low, double high, const char *unit)
{
    json_t *o = json_pack("{s:o, s:s}", "value", num_or_null(value), "unit", unit);
    if (o != NULL && isfinite(low) && isfinite(high)) {
        if (json_object_set_new(o, "low", json_real(low)) != 0 ||
            json_object_set_new(o, "high", json_real(high)) != 0) {
            json_decref(o);
            return NULL;
        }
    }
    return o;
}

json_t *aw_reference_to_json(const aw_catalog *cat, const struct aw_reference *ref)
{
    /* The scenario as the catalog gives it (the entry's JSON, parsed for
     * this entry alone). */
    json_t *entry = aw__catalog_entry_json_new(cat, AW_SECTION_REFERENCES, ref->id);
    json_t *scenario = entry ? json_object_get(entry, "scenario") : NULL;
    json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:s, s:s, s:o, s:o, s:o, s:o,"
                          " s:s, s:s, s:s, s:s, s:o, s:o}",
                          "id", ref->id, "name", ref->name, "kind", ref->kind, "quantity",
                          ref->quantity, "value", json_real(ref->value), "low",
                          num_or_null(ref->low), "high", num_or_null(ref->high), "unit",
                          ref->unit, "boundary", aw_boundary_name(ref->boundary),
                          "boundary_detail", str_or_null(ref->boundary_detail), "model",
                          str_or_null(ref->model), "hardware", str_or_null(ref->hardware),
                          "conditions", str_or_null(ref->conditions), "date", ref->date,
                          "source", ref->source, "url", ref->url, "confidence",
                          ref->confidence, "method", str_or_null(ref->method), "scenario",
                          scenario ? json_deep_copy(scenario) : json_null());
    json_decref(entry);
    return o;
}

static json_t *factors_to_json(const struct aw_reproduction *r)
{
    json_t *a = json_array();
    for (size_t i = 0; a != NULL && i < r->n_factors; i++) {
        const struct aw_gap_factor *f = &r->factors[i];
        if (json_array_append_new(a, json_pack("{s:s, s:f, s:s}", "factor", f->factor, "ratio",
                                               f->ratio, "text", f->text)) != 0) {
            json_decref(a);
            return NULL;
        }
    }
    return a;
}

json_t *aw_reproduction_to_json(const struct aw_reproduction *r)
{
    const struct aw_reference *ref = &r->ref;
    int has_estimate = isfinite(r->estimate_value);
    json_t *o = json_pack(
        "{s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:s, s:o, s:o, s:o, s:o, s:o, s:s}",
        "id", ref->id, "name", ref->name, "source", ref->source, "url", ref->url, "date",
        ref->date, "boundary", aw_boundary_name(ref->boundary), "published",
        quantity(ref->value, ref->low, ref->high, ref->unit), "reproduced",
        r->reproduced_set
            ? quantity(r->reproduced, r->reproduced_low, r->reproduced_high, ref->unit)
            : json_null(),
        "method", str_or_null(ref->method ? ref->method : ref->impact), "ratio",
        num_or_null(r->ratio), "verdict",
        r->verdict, "method_wh", r->reproduced_set ? aw_ladder_to_json(&r->method_wh) : json_null(),
        "estimate_wh", has_estimate ? aw_ladder_to_json(&r->estimate_wh) : json_null(),
        "estimate",
        has_estimate ? quantity(r->estimate_value, NAN, NAN, ref->unit) : json_null(),
        "estimate_ratio", num_or_null(r->estimate_ratio), "factors", factors_to_json(r),
        "reason", r->reason);
    return o;
}

static json_t *comparisons_to_json(const struct aw_fleet_comparison *c, size_t n, int country)
{
    json_t *a = json_array();
    for (size_t i = 0; a != NULL && i < n; i++) {
        json_t *row =
            country ? json_pack("{s:s, s:s, s:s, s:f, s:f, s:s, s:s}", "id", c[i].id, "name",
                                c[i].name, "country", c[i].country, "twh_per_year",
                                c[i].per_year_wh / 1e12, "share", c[i].value, "source",
                                c[i].source, "url", c[i].url)
                    : json_pack("{s:s, s:s, s:f, s:f, s:s, s:s}", "id", c[i].id, "name",
                                c[i].name, "kwh_per_year", c[i].per_year_wh / 1e3, "households",
                                c[i].value, "source", c[i].source, "url", c[i].url);
        if (json_array_append_new(a, row) != 0) {
            json_decref(a);
            return NULL;
        }
    }
    return a;
}

json_t *aw_fleet_to_json(const struct aw_fleet_result *r)
{
    json_t *j = json_pack(
        "{s:f, s:f, s:f, s:f, s:f, s:s, s:s, s:f, s:{s:f, s:f, s:f}, s:{s:f, s:f, s:f},"
        " s:{s:f, s:f, s:f}, s:o, s:o}",
        "wh_per_query", r->in.wh_per_query, "co2_g_per_query", r->co2_g_per_query,
        "water_ml_per_query", r->water_ml_per_query, "queries_per_day", r->in.queries_per_day,
        "years", r->in.years, "datacenter", r->in.datacenter_id, "grid", r->in.grid_id, "pue",
        r->pue, "day", "kwh", r->day_wh / 1e3, "co2_kg", r->day_co2_g / 1e3, "water_l",
        r->day_water_ml / 1e3, "year", "mwh", r->year_wh / 1e6, "co2_t", r->year_co2_g / 1e6,
        "water_m3", r->year_water_ml / 1e6, "total", "gwh", r->total_wh / 1e9, "co2_t",
        r->total_co2_g / 1e6, "water_m3", r->total_water_ml / 1e6, "households",
        comparisons_to_json(r->households, r->n_households, 0), "countries",
        comparisons_to_json(r->countries, r->n_countries, 1));
    if (j == NULL)
        return NULL;
    const double per_year = 365.25 * r->in.queries_per_day;
    int bad = 0;
    bad |= json_object_set_new(j, "co2_market_g_per_query", json_real(r->co2_market_g_per_query));
    bad |= json_object_set_new(j, "market_gco2_per_kwh", json_real(r->market_gco2_per_kwh));
    bad |= json_object_set_new(j, "market_basis", json_string(r->market_basis));
    bad |= json_object_set_new(j, "water_onsite_ml_per_query",
                               json_real(r->water_onsite_ml_per_query));
    bad |= json_object_set_new(j, "water_offsite_ml_per_query",
                               json_real(r->water_offsite_ml_per_query));
    bad |= json_object_set_new(j, "embodied_co2_g_per_query",
                               r->embodied_co2_g_per_query >= 0
                                   ? json_real(r->embodied_co2_g_per_query)
                                   : json_null());
    bad |= json_object_set_new(j, "year_co2_market_t",
                               json_real(r->co2_market_g_per_query * per_year / 1e6));
    bad |= json_object_set_new(j, "year_embodied_co2_t",
                               r->embodied_co2_g_per_query >= 0
                                   ? json_real(r->embodied_co2_g_per_query * per_year / 1e6)
                                   : json_null());
    if (bad) {
        json_decref(j);
        return NULL;
    }
    return j;
}
