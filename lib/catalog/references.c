/*
 * references.c - the parser and validator of the catalog section
 * "references" (data/README.md): every field of a published figure and of
 * its scenario, read once when the catalog is merged (at build time for the
 * default, by tools/catalog_gen.c) into struct aw__reference_record. The
 * scenario's requests are read through the request-field table
 * (lib/request) and kept as its settings (aw__catalog_get_request, here,
 * is also the profiles' reader). Whether the ids a scenario names
 * exist, and whether its requests estimate, is found when it is run
 * (lib/reproduce).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "catalog_internal.h"
#include "request/request_internal.h"

#define WHERE_SIZE 160

#define PARAM(key, member) {key, offsetof(struct aw_method_params, member)}
const struct aw__method_param_key aw__method_param_keys[AW__METHOD_PARAM_COUNT] = {
    PARAM("utilisation", flop_utilisation),
    PARAM("prefill_utilisation", prefill_utilisation),
    PARAM("power_w_per_gpu", power_w_per_gpu),
    PARAM("load_factor", load_factor),
    PARAM("servers", servers),
    PARAM("server_power_w", server_power_w),
    PARAM("hours", hours),
    PARAM("requests", requests),
    PARAM("latency_s", latency_s),
    PARAM("params_total_min", params_total_min),
    PARAM("params_total_max", params_total_max),
    PARAM("params_active_min", params_active_min),
    PARAM("params_active_max", params_active_max),
};
#undef PARAM

/* What scenario.impact may compare. */
static const char *const impact_quantities[] = {
    "energy",                     /* the ladder at the reference's boundary */
    "water_ml",                   /* on-site + off-site */
    "water_onsite_ml",            /* it x WUE */
    "water_offsite_ml",           /* it x PUE x grid water */
    "co2_g",                      /* location-based */
    "co2_market_g",               /* market-based */
    "co2_embodied_g",             /* manufacturing */
    "co2_plus_embodied_g",        /* location-based + manufacturing */
    "co2_market_plus_embodied_g", /* market-based + manufacturing */
    "adpe_embodied_kg_sbeq",      /* abiotic depletion of manufacturing */
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static aw_status bad(struct aw__parse_ctx *ctx, const char *field, const char *what)
{
    return aw__catalog_field_error(ctx, field, what);
}

/* A message about a key of a nested object: "ORIGIN: references 'ID':
 * PART: "KEY": WHAT" (the request reader's form). */
static aw_status bad_key(struct aw__parse_ctx *ctx, const char *part, const char *key,
                         const char *what)
{
    if (ctx->at != NULL)
        snprintf(ctx->at->field, sizeof ctx->at->field, "%s", part);
    return aw__fail(ctx->diag, AW_E_PARSE, "%s: references '%s': %s: \"%s\": %s", ctx->origin,
                    ctx->id, part, key, what);
}

/* A string: absent (NULL) unless required; present, a non-empty string. */
static aw_status text(json_t *o, const char *key, const char *field, int required,
                      const char **out, struct aw__parse_ctx *ctx)
{
    json_t *v = json_object_get(o, key);
    *out = NULL;
    if (v == NULL || json_is_null(v))
        return required ? bad(ctx, field, "missing (required)") : AW_OK;
    if (!json_is_string(v) || json_string_length(v) == 0)
        return bad(ctx, field, "must be a non-empty string");
    *out = json_string_value(v);
    return AW_OK;
}

/* A finite number; NaN when absent and not required. */
static aw_status number(json_t *o, const char *key, int required, double *out,
                        struct aw__parse_ctx *ctx)
{
    json_t *v = json_object_get(o, key);
    *out = NAN;
    if (v == NULL || json_is_null(v))
        return required ? bad(ctx, key, "missing (required)") : AW_OK;
    if (!json_is_number(v) || !isfinite(json_number_value(v)))
        return bad(ctx, key, "must be a finite number");
    *out = json_number_value(v);
    return AW_OK;
}

/* Refuses keys of `o` that are not in keys[]. */
static aw_status only_keys(json_t *o, const char *part, const char *const *keys, size_t n,
                           const char *hint, struct aw__parse_ctx *ctx)
{
    const char *key;
    json_t *v;
    json_object_foreach(o, key, v) {
        size_t i = 0;
        while (i < n && strcmp(keys[i], key) != 0)
            i++;
        if (i == n) {
            if (hint != NULL)
                aw__hint(ctx->diag, "%s", hint);
            return bad_key(ctx, part, key, "unknown key");
        }
    }
    return AW_OK;
}

/* A positive number under `key` of a nested object; NaN when absent and
 * not required. */
static aw_status positive(json_t *o, const char *part, const char *key, int required,
                          double *out, struct aw__parse_ctx *ctx)
{
    json_t *v = json_object_get(o, key);
    *out = NAN;
    if (v == NULL)
        return required ? bad_key(ctx, part, key, "missing (required)") : AW_OK;
    if (!json_is_number(v) || !(json_number_value(v) > 0) || !isfinite(json_number_value(v)))
        return bad_key(ctx, part, key, "must be a positive number");
    *out = json_number_value(v);
    return AW_OK;
}

aw_status aw__catalog_get_request(json_t *obj, const char *key, const char *where,
                                  const char *field, struct aw__catalog_request *out,
                                  struct aw__parse_ctx *ctx)
{
    json_t *req = json_object_get(obj, key);
    out->fields = NULL;
    out->count = 0;
    out->given = 0;
    if (req == NULL)
        return AW_OK;
    if (ctx->at != NULL)
        snprintf(ctx->at->field, sizeof ctx->at->field, "%s", field);
    size_t n = json_is_object(req) ? json_object_size(req) : 0;
    struct aw__catalog_setting *settings = aw__catalog_alloc(ctx, n * sizeof *settings);
    char(*texts)[AW__SETTING_TEXT_SIZE] = aw__catalog_alloc(ctx, n * sizeof *texts);
    if (settings == NULL || texts == NULL)
        return aw__fail(ctx->diag, AW_E_NOMEM, "out of memory building the catalog");
    struct aw_request scratch;
    aw_request_init(&scratch);
    TRY(aw__request_from_json_settings(req, &scratch, where, AW_CMD_ESTIMATE, settings, texts,
                                       ctx->diag));
    out->fields = settings;
    out->count = n;
    out->given = 1;
    return AW_OK;
}

/* A request of the scenario, kept as its settings. */
static aw_status request(json_t *sc, const char *key, struct aw__catalog_request *out,
                         struct aw__parse_ctx *ctx)
{
    char where[WHERE_SIZE], field[64];
    snprintf(where, sizeof where, "%s: references '%s': scenario.%s", ctx->origin, ctx->id, key);
    snprintf(field, sizeof field, "scenario.%s", key);
    return aw__catalog_get_request(sc, key, where, field, out, ctx);
}

/* scenario.params: the method's parameters, every one a positive number. */
static aw_status method_params(json_t *sc, struct aw__reference_record *r,
                               struct aw__parse_ctx *ctx)
{
    json_t *obj = json_object_get(sc, "params");
    if (obj == NULL)
        return AW_OK;
    char where[WHERE_SIZE];
    snprintf(where, sizeof where, "%s: references '%s': scenario", ctx->origin, ctx->id);
    if (ctx->at != NULL)
        snprintf(ctx->at->field, sizeof ctx->at->field, "scenario.params");
    if (!json_is_object(obj))
        return aw__fail(ctx->diag, AW_E_PARSE, "%s: \"params\" must be an object", where);
    const char *key;
    json_t *v;
    json_object_foreach(obj, key, v) {
        size_t i = 0;
        while (i < AW__METHOD_PARAM_COUNT && strcmp(aw__method_param_keys[i].key, key) != 0)
            i++;
        if (i == AW__METHOD_PARAM_COUNT) {
            aw__hint(ctx->diag, "method parameters: utilisation, prefill_utilisation, "
                                "power_w_per_gpu, load_factor, servers, server_power_w, hours, "
                                "requests, latency_s, params_total_min/max, "
                                "params_active_min/max");
            return aw__fail(ctx->diag, AW_E_PARSE, "%s: params: \"%s\": unknown key", where,
                            key);
        }
        if (!json_is_number(v) || !(json_number_value(v) > 0) ||
            !isfinite(json_number_value(v)))
            return aw__fail(ctx->diag, AW_E_PARSE,
                            "%s: params: \"%s\": must be a positive number", where, key);
        r->params[i] = json_number_value(v);
    }
    return AW_OK;
}

/* scenario.training: the authors' run, as they computed it. */
static aw_status training(json_t *obj, struct aw__reference_record *r, struct aw__parse_ctx *ctx)
{
    static const char *const keys[] = {"gpus",   "days", "hours",   "power_w_per_gpu",
                                       "accelerator_power_w", "pue", "hardware",
                                       "params", "tokens"};
    const char *part = "scenario.training";
    if (!json_is_object(obj))
        return bad(ctx, part, "must be an object");
    TRY(only_keys(obj, part, keys, COUNT(keys), NULL, ctx));
    double days;
    TRY(positive(obj, part, "gpus", 1, &r->training_gpus, ctx));
    TRY(positive(obj, part, "days", 0, &days, ctx));
    TRY(positive(obj, part, "hours", 0, &r->training_hours, ctx));
    if (isnan(days) == isnan(r->training_hours))
        return bad_key(ctx, part, "days", "give \"days\" or \"hours\" (one of them)");
    if (!isnan(days))
        r->training_hours = days * 24.0;
    TRY(positive(obj, part, "power_w_per_gpu", 1, &r->training_power_w_per_gpu, ctx));
    TRY(positive(obj, part, "accelerator_power_w", 0, &r->training_accelerator_power_w, ctx));
    TRY(positive(obj, part, "pue", 0, &r->training_pue, ctx));
    if (!isnan(r->training_pue) && r->training_pue < 1.0)
        return bad_key(ctx, part, "pue", "must be 1.0 or more");
    TRY(positive(obj, part, "params", 0, &r->training_params, ctx));
    TRY(positive(obj, part, "tokens", 0, &r->training_tokens, ctx));
    json_t *hw = json_object_get(obj, "hardware");
    if (hw != NULL && !json_is_string(hw))
        return bad_key(ctx, part, "hardware", "missing or not a string");
    r->training_hardware = json_string_value(hw);
    r->has_training = 1;
    return AW_OK;
}

/* scenario.estimate_training: aiwatt's own estimate of the run. */
static aw_status estimate_training(json_t *obj, struct aw__reference_record *r,
                                   struct aw__parse_ctx *ctx)
{
    static const char *const keys[] = {"model", "tokens", "hardware", "gpus", "datacenter",
                                       "mfu"};
    const char *part = "scenario.estimate_training";
    if (!json_is_object(obj))
        return bad(ctx, part, "must be an object");
    TRY(only_keys(obj, part, keys, COUNT(keys), NULL, ctx));
    r->estimate_training_model = json_string_value(json_object_get(obj, "model"));
    if (r->estimate_training_model == NULL)
        return bad_key(ctx, part, "model", "missing or not a string");
    json_t *v = json_object_get(obj, "hardware");
    if (v != NULL && (r->estimate_training_hardware = json_string_value(v)) == NULL)
        return bad_key(ctx, part, "hardware", "must be a string");
    v = json_object_get(obj, "datacenter");
    if (v != NULL && (r->estimate_training_datacenter = json_string_value(v)) == NULL)
        return bad_key(ctx, part, "datacenter", "must be a string");
    TRY(positive(obj, part, "tokens", 1, &r->estimate_training_tokens, ctx));
    TRY(positive(obj, part, "gpus", 0, &r->estimate_training_gpus, ctx));
    TRY(positive(obj, part, "mfu", 0, &r->estimate_training_mfu, ctx));
    r->has_estimate_training = 1;
    return AW_OK;
}

/* A non-negative number of scenario.impact, or -1 when absent. */
static aw_status impact_num(json_t *o, const char *key, double *out, struct aw__parse_ctx *ctx)
{
    json_t *v = json_object_get(o, key);
    *out = -1;
    if (v == NULL)
        return AW_OK;
    if (!json_is_number(v) || !(json_number_value(v) >= 0) || !isfinite(json_number_value(v)))
        return bad(ctx, key, "must be a number, 0 or more");
    *out = json_number_value(v);
    return AW_OK;
}

/* scenario.impact: a water or carbon figure, recomputed from the estimate. */
static aw_status impact(json_t *obj, struct aw__reference_record *r, struct aw__parse_ctx *ctx)
{
    static const char *const keys[] = {"quantity", "wh", "per", "market_gco2_per_kwh",
                                       "wue_l_per_kwh", "why"};
    if (!json_is_object(obj))
        return bad(ctx, "scenario.impact", "must be an object");
    const char *key;
    json_t *v;
    json_object_foreach(obj, key, v) {
        size_t i = 0;
        while (i < COUNT(keys) && strcmp(keys[i], key) != 0)
            i++;
        if (i == COUNT(keys)) {
            char field[96];
            snprintf(field, sizeof field, "scenario.impact.%s", key);
            return bad(ctx, field, "unknown key (quantity, wh, per, market_gco2_per_kwh, "
                                   "wue_l_per_kwh, why)");
        }
    }
    const char *q = json_string_value(json_object_get(obj, "quantity"));
    r->impact = NULL;
    if (q == NULL)
        return bad(ctx, "scenario.impact.quantity",
                   "missing (water_onsite_ml, co2_market_g, energy, ...)");
    for (size_t i = 0; i < COUNT(impact_quantities); i++) {
        if (strcmp(q, impact_quantities[i]) == 0)
            r->impact = q;
    }
    if (r->impact == NULL)
        return bad(ctx, "scenario.impact.quantity", "unknown quantity");
    if (!r->estimate.given)
        return bad(ctx, "scenario.impact.quantity",
                   "needs scenario.estimate (the request to recompute)");
    int energy = strcmp(q, "energy") == 0;
    if (energy ? r->unit_wh <= 0 : aw__impact_unit_per_base(r->unit) <= 0)
        return bad(ctx, "scenario.impact.quantity",
                   energy ? "the reference's unit is not an energy unit"
                          : "the reference's unit is not a water, carbon or resource unit "
                            "(mL, L, m3, g, kg, t, gCO2e, kgCO2e, tCO2e, mg Sb eq, kg Sb eq)");
    TRY(impact_num(obj, "wh", &r->impact_wh, ctx));
    TRY(impact_num(obj, "per", &r->impact_per, ctx));
    TRY(impact_num(obj, "market_gco2_per_kwh", &r->impact_market_gco2_per_kwh, ctx));
    TRY(impact_num(obj, "wue_l_per_kwh", &r->impact_wue_l_per_kwh, ctx));
    json_t *why = json_object_get(obj, "why");
    if (why != NULL && !json_is_string(why))
        return bad(ctx, "scenario.impact.why", "must be a string");
    r->impact_why = json_string_value(why);
    return AW_OK;
}

/* The scenario: its keys, its method, and every request it holds. */
static aw_status scenario(json_t *sc, struct aw__reference_record *r, struct aw__parse_ctx *ctx)
{
    static const char *const allowed[] = {"method", "request", "params", "estimate",
                                          "training", "estimate_training", "note", "impact"};
    if (!json_is_object(sc))
        return bad(ctx, "scenario", "must be an object");
    TRY(only_keys(sc, "scenario", allowed, COUNT(allowed),
                  "scenario keys: method, request, params, estimate, training, "
                  "estimate_training, note, impact",
                  ctx));
    TRY(text(sc, "method", "scenario.method", 0, &r->method, ctx));
    json_t *training_obj = json_object_get(sc, "training");
    json_t *estimate_training_obj = json_object_get(sc, "estimate_training");
    if (r->method != NULL) {
        int m = aw_method_from_name(r->method);
        if (strcmp(r->method, "training") == 0) {
            if (training_obj == NULL)
                return bad(ctx, "scenario.training", "missing (method \"training\" needs it)");
        } else if (m < 0) {
            aw__hint(ctx->diag, "methods: flops, nameplate, ecologits, roofline, training");
            return bad(ctx, "scenario.method", "unknown method");
        } else if (json_object_get(sc, "request") == NULL) {
            return bad(ctx, "scenario.request", "missing (the authors' request)");
        }
        if (r->unit_wh <= 0)
            return bad(ctx, "unit", "a reproducible figure needs an energy unit "
                                    "(Wh, kWh, MWh, GWh, J, MWh/day ...)");
        if (r->boundary == AW_BOUNDARY_UNSPECIFIED && m >= 0)
            return bad(ctx, "boundary", "a reproducible figure needs a boundary");
    }
    TRY(request(sc, "request", &r->request, ctx));
    TRY(method_params(sc, r, ctx));
    TRY(request(sc, "estimate", &r->estimate, ctx));
    r->has_estimate = r->estimate.given;
    if (training_obj != NULL)
        TRY(training(training_obj, r, ctx));
    if (estimate_training_obj != NULL) {
        TRY(estimate_training(estimate_training_obj, r, ctx));
        r->has_estimate = 1;
    }
    if (r->method == NULL && !r->has_estimate)
        return bad(ctx, "scenario", "needs a method and request, or an estimate, or both");
    json_t *impact_obj = json_object_get(sc, "impact");
    if (impact_obj != NULL)
        TRY(impact(impact_obj, r, ctx));
    r->has_scenario = 1;
    return AW_OK;
}

/* The authors' breakdown, as shares of their total added at each rung. */
static aw_status published_shares(json_t *s, struct aw__reference_record *r,
                                  struct aw__parse_ctx *ctx)
{
    static const char *const rungs[] = {"accelerator", "server", "it", "facility"};
    double share[4], sum = 0;
    if (!json_is_object(s))
        return bad(ctx, "published_shares", "must be an object");
    for (int i = 0; i < 4; i++) {
        json_t *v = json_object_get(s, rungs[i]);
        if (!json_is_number(v) || json_number_value(v) < 0)
            return bad(ctx, "published_shares",
                       "needs accelerator, server, it and facility shares (0 or more)");
        share[i] = json_number_value(v);
        sum += share[i];
    }
    if (!(sum > 0))
        return bad(ctx, "published_shares", "shares sum to zero");
    /* Normalised: published shares are rounded (Google's sum to 101 %). */
    double acc = 0;
    for (int i = 0; i < 4; i++) {
        acc += share[i];
        r->published_wh[i] = r->value * r->unit_wh * acc / sum;
    }
    r->has_published_ladder = 1;
    return AW_OK;
}

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcmp(s + n - k, suffix) == 0;
}

/* A context row that aiwatt fleet compares a service with. */
static aw_status comparison(json_t *e, struct aw__reference_record *r, struct aw__parse_ctx *ctx)
{
    TRY(text(e, "comparison", "comparison", 0, &r->comparison, ctx));
    TRY(text(e, "country", "country", 0, &r->country, ctx));
    if (r->comparison == NULL)
        return AW_OK;
    int country = strcmp(r->comparison, "country-electricity") == 0;
    if (!country && strcmp(r->comparison, "household") != 0)
        return bad(ctx, "comparison", "must be \"household\" or \"country-electricity\"");
    if (!ends_with(r->unit, "/yr") || !(r->value * r->unit_wh > 0)) {
        aw__hint(ctx->diag, "comparison rows are energies per year: kWh/yr, MWh/yr, GWh/yr, "
                            "TWh/yr");
        return bad(ctx, "unit", "not an energy per year");
    }
    if (country && r->country == NULL)
        return bad(ctx, "country", "missing (the grid id of the country)");
    return AW_OK;
}

aw_status aw__parse_reference(json_t *e, void *record, struct aw__parse_ctx *ctx)
{
    /* record is zeroed; members are set one by one (the generator checks
     * that its layout table covers every byte a parser writes). */
    struct aw__reference_record *r = record;
    r->low = r->high = NAN;
    r->training_gpus = r->training_hours = r->training_power_w_per_gpu = NAN;
    r->training_accelerator_power_w = r->training_pue = NAN;
    r->training_params = r->training_tokens = NAN;
    r->estimate_training_tokens = r->estimate_training_gpus = r->estimate_training_mfu = NAN;
    r->impact_wh = r->impact_per = r->impact_market_gco2_per_kwh = r->impact_wue_l_per_kwh = -1;
    TRY(aw__catalog_get_header(e, &r->id, &r->source, &r->confidence, ctx));
    TRY(text(e, "name", "name", 1, &r->name, ctx));
    TRY(text(e, "kind", "kind", 1, &r->kind, ctx));
    if (strcmp(r->kind, "inference") != 0 && strcmp(r->kind, "training") != 0 &&
        strcmp(r->kind, "context") != 0)
        return bad(ctx, "kind", "must be \"inference\", \"training\" or \"context\"");
    TRY(text(e, "quantity", "quantity", 1, &r->quantity, ctx));
    TRY(number(e, "value", 1, &r->value, ctx));
    TRY(number(e, "low", 0, &r->low, ctx));
    TRY(number(e, "high", 0, &r->high, ctx));
    if (isnan(r->low) != isnan(r->high))
        return bad(ctx, "low", "give both \"low\" and \"high\", or neither");
    if (!isnan(r->low) && !(r->low <= r->value && r->value <= r->high))
        return bad(ctx, "low", "needs low <= value <= high");
    TRY(text(e, "unit", "unit", 1, &r->unit, ctx));
    r->unit_wh = aw__energy_unit_wh(r->unit);
    const char *boundary = NULL;
    TRY(text(e, "boundary", "boundary", 1, &boundary, ctx));
    int b = aw_boundary_from_name(boundary);
    if (b < 0)
        return bad(ctx, "boundary", "must be accelerator, server, it, facility or unspecified");
    r->boundary = (enum aw_boundary)b;
    TRY(text(e, "boundary_detail", "boundary_detail", 0, &r->boundary_detail, ctx));
    TRY(text(e, "model", "model", 0, &r->model, ctx));
    TRY(text(e, "hardware", "hardware", 0, &r->hardware, ctx));
    TRY(text(e, "conditions", "conditions", 0, &r->conditions, ctx));
    TRY(text(e, "date", "date", 1, &r->date, ctx));
    TRY(text(e, "url", "url", 1, &r->url, ctx));
    if (strncmp(r->url, "http://", 7) != 0 && strncmp(r->url, "https://", 8) != 0)
        return bad(ctx, "url", "must start with http:// or https://");
    TRY(comparison(e, r, ctx));
    json_t *shares = json_object_get(e, "published_shares");
    if (shares != NULL)
        TRY(published_shares(shares, r, ctx));
    json_t *sc = json_object_get(e, "scenario");
    if (sc != NULL)
        TRY(scenario(sc, r, ctx));
    return AW_OK;
}
