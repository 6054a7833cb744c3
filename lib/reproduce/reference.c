/*
 * reference.c - reading and validating the reference library (catalog
 * section "references"). The catalog parser checks only the common header
 * (id, source, confidence, name); the fields of a reference and its scenario
 * are checked here, when read, with messages that name the entry and field.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "reproduce_internal.h"

#define WHERE_SIZE 96

static aw_status bad(struct aw_diag *diag, const char *id, const char *field, const char *what)
{
    aw__hint(diag, "see data/README.md, section references");
    return aw__fail(diag, AW_E_PARSE, "references '%s': field '%s': %s", id, field, what);
}

/* An optional string field; required ones fail when absent. */
static aw_status str_field(const json_t *e, const char *id, const char *key, int required,
                           const char **out, struct aw_diag *diag)
{
    const json_t *v = json_object_get(e, key);
    *out = NULL;
    if (v == NULL || json_is_null(v))
        return required ? bad(diag, id, key, "missing (required)") : AW_OK;
    if (!json_is_string(v) || json_string_length(v) == 0)
        return bad(diag, id, key, "must be a non-empty string");
    *out = json_string_value(v);
    return AW_OK;
}

/* An optional number; NaN when absent. */
static aw_status num_field(const json_t *e, const char *id, const char *key, int required,
                           double *out, struct aw_diag *diag)
{
    const json_t *v = json_object_get(e, key);
    *out = NAN;
    if (v == NULL || json_is_null(v))
        return required ? bad(diag, id, key, "missing (required)") : AW_OK;
    if (!json_is_number(v) || !isfinite(json_number_value(v)))
        return bad(diag, id, key, "must be a finite number");
    *out = json_number_value(v);
    return AW_OK;
}

/* Energy units a figure can be compared in: the catalog's unit table
 * (per-day and per-year units are energies over that period). */
static double unit_wh(const char *unit)
{
    return aw__energy_unit_wh(unit);
}

const json_t *aw__reference_entry(const aw_catalog *cat, const char *id)
{
    return aw_catalog_entry_json(cat, AW_SECTION_REFERENCES, id);
}

aw_status aw__method_params_from_json(const json_t *obj, struct aw_method_params *mp,
                                      const char *where, struct aw_diag *diag)
{
    static const struct {
        const char *key;
        size_t offset;
    } keys[] = {
        {"utilisation", offsetof(struct aw_method_params, flop_utilisation)},
        {"prefill_utilisation", offsetof(struct aw_method_params, prefill_utilisation)},
        {"power_w_per_gpu", offsetof(struct aw_method_params, power_w_per_gpu)},
        {"load_factor", offsetof(struct aw_method_params, load_factor)},
        {"servers", offsetof(struct aw_method_params, servers)},
        {"server_power_w", offsetof(struct aw_method_params, server_power_w)},
        {"hours", offsetof(struct aw_method_params, hours)},
        {"requests", offsetof(struct aw_method_params, requests)},
        {"latency_s", offsetof(struct aw_method_params, latency_s)},
        {"params_total_min", offsetof(struct aw_method_params, params_total_min)},
        {"params_total_max", offsetof(struct aw_method_params, params_total_max)},
        {"params_active_min", offsetof(struct aw_method_params, params_active_min)},
        {"params_active_max", offsetof(struct aw_method_params, params_active_max)},
    };
    if (!json_is_object(obj))
        return aw__fail(diag, AW_E_PARSE, "%s: \"params\" must be an object", where);
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)obj, key, v) {
        size_t i = 0;
        while (i < sizeof keys / sizeof keys[0] && strcmp(keys[i].key, key) != 0)
            i++;
        if (i == sizeof keys / sizeof keys[0]) {
            aw__hint(diag, "method parameters: utilisation, prefill_utilisation, "
                           "power_w_per_gpu, load_factor, servers, server_power_w, hours, "
                           "requests, latency_s, params_total_min/max, params_active_min/max");
            return aw__fail(diag, AW_E_PARSE, "%s: params: \"%s\": unknown key", where, key);
        }
        if (!json_is_number(v) || !(json_number_value(v) > 0) ||
            !isfinite(json_number_value(v)))
            return aw__fail(diag, AW_E_PARSE, "%s: params: \"%s\": must be a positive number",
                            where, key);
        *(double *)((char *)mp + keys[i].offset) = json_number_value(v);
    }
    return AW_OK;
}

/* The scenario: its keys, its method, and every request it holds parsed
 * once, so a malformed scenario fails when the reference is read. */
static aw_status check_scenario(const aw_catalog *cat, const json_t *sc, const char *id,
                                struct aw_reference *out, struct aw_diag *diag)
{
    static const char *const allowed[] = {"method", "request", "params", "estimate",
                                          "training", "estimate_training", "note", "impact"};
    char where[WHERE_SIZE];
    snprintf(where, sizeof where, "references '%s': scenario", id);
    if (!json_is_object(sc))
        return bad(diag, id, "scenario", "must be an object");
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)sc, key, v) {
        size_t i = 0;
        while (i < sizeof allowed / sizeof allowed[0] && strcmp(allowed[i], key) != 0)
            i++;
        if (i == sizeof allowed / sizeof allowed[0]) {
            aw__hint(diag, "scenario keys: method, request, params, estimate, training, "
                           "estimate_training, note, impact");
            return aw__fail(diag, AW_E_PARSE, "%s: \"%s\": unknown key", where, key);
        }
    }
    TRY(str_field(sc, id, "method", 0, &out->method, diag));
    const json_t *request = json_object_get(sc, "request");
    const json_t *params = json_object_get(sc, "params");
    const json_t *estimate = json_object_get(sc, "estimate");
    const json_t *training = json_object_get(sc, "training");
    const json_t *estimate_training = json_object_get(sc, "estimate_training");
    if (out->method != NULL) {
        int m = aw_method_from_name(out->method);
        if (strcmp(out->method, "training") == 0) {
            if (training == NULL)
                return bad(diag, id, "scenario.training", "missing (method \"training\" needs it)");
        } else if (m < 0) {
            aw__hint(diag, "methods: flops, nameplate, ecologits, roofline, training");
            return bad(diag, id, "scenario.method", "unknown method");
        } else if (request == NULL) {
            return bad(diag, id, "scenario.request", "missing (the authors' request)");
        }
        if (unit_wh(out->unit) <= 0)
            return bad(diag, id, "unit", "a reproducible figure needs an energy unit "
                                         "(Wh, kWh, MWh, GWh, J, MWh/day ...)");
        if (out->boundary == AW_BOUNDARY_UNSPECIFIED && m >= 0)
            return bad(diag, id, "boundary", "a reproducible figure needs a boundary");
    }
    struct aw_request scratch;
    struct aw_method_params mp;
    aw_method_params_init(&mp);
    char w[WHERE_SIZE + 32];
    if (request != NULL) {
        aw_request_init(&scratch);
        snprintf(w, sizeof w, "%s.request", where);
        TRY(aw_request_from_json(request, &scratch, w, diag));
    }
    if (params != NULL)
        TRY(aw__method_params_from_json(params, &mp, where, diag));
    if (estimate != NULL) {
        aw_request_init(&scratch);
        snprintf(w, sizeof w, "%s.estimate", where);
        TRY(aw_request_from_json(estimate, &scratch, w, diag));
        out->has_estimate = 1;
    }
    struct aw__training t;
    if (training != NULL) {
        snprintf(w, sizeof w, "%s.training", where);
        TRY(aw__training_from_json(cat, training, w, &t, diag));
    }
    if (estimate_training != NULL) {
        snprintf(w, sizeof w, "%s.estimate_training", where);
        TRY(aw__training_estimate(cat, estimate_training, w, &t, diag));
        out->has_estimate = 1;
    }
    if (out->method == NULL && !out->has_estimate)
        return bad(diag, id, "scenario", "needs a method and request, or an estimate, or both");
    const json_t *impact = json_object_get(sc, "impact");
    if (impact != NULL)
        TRY(aw__impact_check(impact, id, out, diag));
    return AW_OK;
}

/* The authors' breakdown, as shares of their total added at each rung. */
static aw_status published_shares(const json_t *s, const char *id, struct aw_reference *out,
                                  struct aw_diag *diag)
{
    static const char *const rungs[] = {"accelerator", "server", "it", "facility"};
    double share[4], sum = 0;
    if (!json_is_object(s))
        return bad(diag, id, "published_shares", "must be an object");
    for (int i = 0; i < 4; i++) {
        const json_t *v = json_object_get(s, rungs[i]);
        if (!json_is_number(v) || json_number_value(v) < 0)
            return bad(diag, id, "published_shares",
                       "needs accelerator, server, it and facility shares (0 or more)");
        share[i] = json_number_value(v);
        sum += share[i];
    }
    if (!(sum > 0))
        return bad(diag, id, "published_shares", "shares sum to zero");
    /* Normalised: published shares are rounded (Google's sum to 101 %). */
    double acc = 0, *rung[] = {&out->published_wh.accelerator_wh, &out->published_wh.server_wh,
                               &out->published_wh.it_wh, &out->published_wh.facility_wh};
    for (int i = 0; i < 4; i++) {
        acc += share[i];
        *rung[i] = out->value * out->unit_wh * acc / sum;
    }
    out->has_published_ladder = 1;
    return AW_OK;
}

aw_status aw_reference_get(const aw_catalog *cat, const char *id, struct aw_reference *out,
                           struct aw_diag *diag)
{
    memset(out, 0, sizeof *out);
    out->low = out->high = NAN;
    const json_t *e = aw__reference_entry(cat, id);
    if (e == NULL) {
        const char *near = aw_catalog_suggest(cat, AW_SECTION_REFERENCES, id);
        if (near != NULL)
            aw__hint(diag, "did you mean '%s'? ('aiwatt refs list' lists them all)", near);
        else
            aw__hint(diag, "'aiwatt refs list' lists the references");
        return aw__fail(diag, AW_E_NOT_FOUND, "unknown reference '%s'", id);
    }
    TRY(str_field(e, id, "id", 1, &out->id, diag));
    id = out->id;
    TRY(str_field(e, id, "name", 1, &out->name, diag));
    TRY(str_field(e, id, "kind", 1, &out->kind, diag));
    if (strcmp(out->kind, "inference") != 0 && strcmp(out->kind, "training") != 0 &&
        strcmp(out->kind, "context") != 0)
        return bad(diag, id, "kind", "must be \"inference\", \"training\" or \"context\"");
    TRY(str_field(e, id, "quantity", 1, &out->quantity, diag));
    TRY(num_field(e, id, "value", 1, &out->value, diag));
    TRY(num_field(e, id, "low", 0, &out->low, diag));
    TRY(num_field(e, id, "high", 0, &out->high, diag));
    if (isnan(out->low) != isnan(out->high))
        return bad(diag, id, "low", "give both \"low\" and \"high\", or neither");
    if (!isnan(out->low) && !(out->low <= out->value && out->value <= out->high))
        return bad(diag, id, "low", "needs low <= value <= high");
    TRY(str_field(e, id, "unit", 1, &out->unit, diag));
    out->unit_wh = unit_wh(out->unit);
    const char *boundary = NULL;
    TRY(str_field(e, id, "boundary", 1, &boundary, diag));
    int b = aw_boundary_from_name(boundary);
    if (b < 0)
        return bad(diag, id, "boundary",
                   "must be accelerator, server, it, facility or unspecified");
    out->boundary = (enum aw_boundary)b;
    TRY(str_field(e, id, "boundary_detail", 0, &out->boundary_detail, diag));
    TRY(str_field(e, id, "model", 0, &out->model, diag));
    TRY(str_field(e, id, "hardware", 0, &out->hardware, diag));
    TRY(str_field(e, id, "conditions", 0, &out->conditions, diag));
    TRY(str_field(e, id, "date", 1, &out->date, diag));
    TRY(str_field(e, id, "source", 1, &out->source, diag));
    TRY(str_field(e, id, "url", 1, &out->url, diag));
    if (strncmp(out->url, "http://", 7) != 0 && strncmp(out->url, "https://", 8) != 0)
        return bad(diag, id, "url", "must start with http:// or https://");
    TRY(str_field(e, id, "confidence", 1, &out->confidence, diag));
    const json_t *shares = json_object_get(e, "published_shares");
    if (shares != NULL)
        TRY(published_shares(shares, id, out, diag));
    const json_t *sc = json_object_get(e, "scenario");
    if (sc != NULL)
        TRY(check_scenario(cat, sc, id, out, diag));
    return AW_OK;
}

int aw_reference_has_scenario(const aw_catalog *cat, const char *id)
{
    const json_t *e = aw__reference_entry(cat, id);
    return e != NULL && json_object_get(e, "scenario") != NULL;
}
