/*
 * scenario.h - composite workloads built from single requests: requests
 * described as data, query mixes ("the average query"), agent sessions.
 */
#ifndef AIWATT_SCENARIO_H
#define AIWATT_SCENARIO_H

#include <stddef.h>
#include <jansson.h>
#include "aiwatt/estimate.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Requests as data ------------------------------------------------- */

/* Fills `req` (after aw_request_init by the caller, so unset keys keep
 * their defaults) from a JSON object with any of the keys: model, params,
 * active_params, task, input_tokens, output_tokens, reasoning_tokens,
 * cached_tokens, images_in, image_width, image_height, width, height,
 * steps, frames, hardware, gpus, precision, batch, datacenter, pue, grid,
 * method. Strings are borrowed from `obj`. AW_E_PARSE with the key named in
 * diag (prefixed by `where`) when a value has the wrong type or range, or a
 * key is unknown. */
AW_NODISCARD aw_status aw_request_from_json(const json_t *obj, struct aw_request *req,
                                            const char *where, struct aw_diag *diag);

/* Copies onto `req` the site fields that `site` sets: hardware, data
 * centre, grid (id or intensity), PUE, WUE and assumptions. A NULL site
 * changes nothing. Used to run a mix, a report or an agent "elsewhere". */
void aw_request_apply_site(struct aw_request *req, const struct aw_request *site);

/* ---- Query mixes ------------------------------------------------------ */

struct aw_mix_kind {
    const char *kind;   /* "text", "long-context", ... */
    const char *label;  /* for people */
    const char *note;   /* why this share and this request (may be NULL) */
    double share;       /* of all requests, 0-1; shares sum to 1 */
    struct aw_request request;
    struct aw_estimate estimate;
};

struct aw_mix_result {
    const char *profile_id;
    const char *name;
    const char *source;
    struct aw_ladder wh;  /* share-weighted mean per request */
    double co2_g;
    double water_ml;
    size_t n_kinds;
    struct aw_mix_kind *kinds; /* owned; release with aw_mix_result_release */
};

/* Estimates every kind of the catalog profile `profile_id` (section
 * "profiles") and their share-weighted mean. `overrides`, when not NULL,
 * replaces the profile's hardware, datacenter, grid and pue where it sets
 * them (e.g. --datacenter industry-average). */
AW_NODISCARD aw_status aw_mix_run(const aw_catalog *cat, const char *profile_id,
                                  const struct aw_request *overrides,
                                  struct aw_mix_result *out, struct aw_diag *diag);

/* Frees what aw_mix_run allocated. Accepts NULL and zeroed results. */
void aw_mix_result_release(struct aw_mix_result *res);

/* {"profile", "name", "source", "wh": {ladder}, "co2_g", "water_ml",
 *  "shares": [{"kind", "label", "share", "wh": {ladder}, "co2_g", "water_ml",
 *              "inputs": {...}}]} */
json_t *aw_mix_to_json(const struct aw_mix_result *res);

/* ---- Agent sessions --------------------------------------------------- */

struct aw_agent_spec {
    struct aw_request base; /* model, hardware, datacenter... */
    int steps;              /* model calls in the session, >= 1 */
    long initial_tokens;    /* system prompt + tool definitions + task */
    long tool_tokens;       /* tool output appended after each step */
    long output_tokens;     /* tokens the model writes per step */
    int prompt_cache;       /* 1: the unchanged prefix is served from cache */
};

/* Defaults: 2,000 initial tokens (system prompt, tool definitions, task),
 * 1,000 tool tokens and 200 output tokens per step, prompt cache on. */
void aw_agent_spec_init(struct aw_agent_spec *spec);

struct aw_agent_step {
    int step;
    long input_tokens;
    long cached_tokens;
    struct aw_estimate estimate;
};

struct aw_agent_result {
    struct aw_ladder wh; /* the whole session */
    double co2_g;
    double water_ml;
    double seconds;
    int n_steps;
    struct aw_agent_step *steps; /* owned */
};

/* Runs the chain: step i sees the initial tokens plus every earlier step's
 * output and tool tokens; with the prompt cache, everything but the newest
 * tool output is served from cache. */
AW_NODISCARD aw_status aw_agent_run(const aw_catalog *cat, const struct aw_agent_spec *spec,
                                    struct aw_agent_result *out, struct aw_diag *diag);

void aw_agent_result_release(struct aw_agent_result *res);

/* {"wh": {ladder}, "co2_g", "water_ml", "seconds",
 *  "steps": [{"step", "input_tokens", "cached_tokens", "wh": {ladder}}]} */
json_t *aw_agent_to_json(const struct aw_agent_result *res);

/* ---- The report: the story of AI energy on one screen ---------------- */

struct aw_report_item {
    const char *kind;   /* "text", "average", "long-context-10k", ... */
    const char *label;
    char detail[192];   /* what exactly was estimated, from the resolved inputs */
    struct aw_ladder wh;
    double co2_g;
    double water_ml;
    double seconds;     /* model time; 0 for averages */
    double embodied_co2_g; /* manufacturing share, gCO2e; < 0: unknown hardware */
};

#define AW_REPORT_MAX_ITEMS 16

struct aw_report {
    size_t n_items;
    struct aw_report_item items[AW_REPORT_MAX_ITEMS];
};

/* Estimates the report's requests: a text-only request, the average query
 * (profile chatgpt-2025), long context (10k and 100k tokens in), a reasoning
 * request, an image, a short video and an agent session. `overrides` (may be
 * NULL) sets hardware, data centre, grid or PUE for all of them. Items whose
 * model is missing from the catalog fail the whole report (a catalog
 * defect, named in diag). */
AW_NODISCARD aw_status aw_report_run(const aw_catalog *cat, const struct aw_request *overrides,
                                     struct aw_report *out, struct aw_diag *diag);

/* {"requests": [{"kind", "label", "detail", "wh": {ladder}, "co2_g",
 *   "water_ml", "seconds", "equivalents": {...}, "embodied_co2_g",
 *   "embodied_share" (of co2_g + embodied_co2_g; both null when unknown)}], "comparisons": [{"id",
 *   "name", "value", "unit", "source", "confidence"}]}. Equivalents use the
 * catalog's comparisons section. */
json_t *aw_report_to_json(const aw_catalog *cat, const struct aw_report *rep);

/* An SVG chart (log-scale bars of Wh per request kind, one bar per boundary)
 * as a malloc'd NUL-terminated string, or NULL when out of memory. */
char *aw_report_svg(const struct aw_report *rep);

/* A comparison constant from the catalog ("led-bulb", "google-search-2009"):
 * its value (W for per-second items, Wh otherwise) and name. AW_E_NOT_FOUND
 * when absent. */
aw_status aw_comparison_get(const aw_catalog *cat, const char *id, double *value,
                            const char **name, const char **unit);

/* ---- Everyday equivalents -------------------------------------------- */

/* An energy in an everyday unit of the catalog's "comparisons" section: a
 * full smartphone charge, boiling a litre in a kettle, a kilometre by
 * electric car (ids phone-charge, kettle-boil, ev-km; each sourced there). */
#define AW_EVERYDAY_MAX 3
struct aw_everyday {
    const char *id;
    const char *name;   /* borrowed from the catalog */
    const char *per;    /* "charge", "boil", "km" */
    const char *source;
    double wh_each;
    double count;       /* wh / wh_each */
};

/* Fills up to `max` rows for `wh`; returns how many (units missing from
 * the catalog are skipped). */
size_t aw_everyday_equivalents(const aw_catalog *cat, double wh, struct aw_everyday *out,
                               size_t max);

/* [{"id", "name", "per", "wh_each", "count", "source"}] */
json_t *aw_everyday_to_json(const struct aw_everyday *e, size_t n);

#ifdef __cplusplus
}
#endif
#endif
