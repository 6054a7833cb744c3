/*
 * json.h - JSON views of results, built with jansson, for the front-ends in
 * this repository (the CLI, the server): they use these, so they produce the
 * same bytes for the same result. Not installed: the public headers hold no
 * third-party type (a library user gets JSON as text from aw_api_run()).
 * Every function returning json_t * returns a new reference the caller
 * releases with json_decref(), or NULL when out of memory.
 */
#ifndef AIWATT_JSON_H
#define AIWATT_JSON_H

#include <jansson.h>
#include "aiwatt.h"

#ifdef __cplusplus
extern "C" {
#endif

/* {"accelerator": x, "server": x, "it": x, "facility": x} in Wh. */
json_t *aw_ladder_to_json(const struct aw_ladder *wh);

/* A JSON string of `s` (NULL: "") with each byte that starts no valid UTF-8
 * sequence replaced by '?': a message may quote a URL's bytes or be cut
 * mid-character, and jansson refuses invalid UTF-8. NULL when out of memory. */
json_t *aw_json_string_lossy(const char *s);

/* The estimate contract: {"wh": {ladder}, "co2_g", "co2_market_g",
 * "embodied": {...}, "water_ml", "water_onsite_ml", "water_offsite_ml",
 * "seconds", "inputs": {every resolved assumption}}. */
json_t *aw_estimate_to_json(const struct aw_estimate *est);

/* {"co2_g", "primary_energy_mj", "adpe_kg_sbeq" (null where not sourced),
 *  "accelerator_seconds", "lifetime_years", "utilisation", and the
 *  per-accelerator impacts}. */
json_t *aw_embodied_to_json(const struct aw_embodied *e);

/* The catalog entry `id` (or alias) of `section` as merged from JSON at
 * run time (--catalog FILE), borrowed: valid until the catalog is changed
 * or freed. NULL when absent or compiled (aw_catalog_entry_dump shows any
 * entry). Values are read from the typed records, not from here. */
const json_t *aw_catalog_entry_json(const aw_catalog *cat, enum aw_section section,
                                    const char *id);

/* Training runs, uncertainty, sensitivity and what-if tables
 * (lib/report/levers_json.c, contracts in docs/cli/aiwatt-train.md,
 * aiwatt-whatif.md and aiwatt-estimate.md). */
struct aw_train_estimate;
struct aw_uncertainty;
struct aw_uncertain_set;
struct aw_sensitivity;
struct aw_whatif_result;
json_t *aw_train_estimate_to_json(const struct aw_train_estimate *est);
json_t *aw_uncertainty_to_json(const struct aw_uncertainty *u, const struct aw_uncertain_set *set);
json_t *aw_uncertain_set_to_json(const struct aw_uncertain_set *set);
json_t *aw_sensitivity_to_json(const struct aw_sensitivity *s);
json_t *aw_whatif_to_json(const struct aw_whatif_result *r);

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

/* ---- Mixes, agents, the report ------------------------------------------ */

/* {"profile", "name", "source", "wh": {ladder}, "co2_g", "water_ml",
 *  "shares": [{"kind", "label", "share", "wh": {ladder}, "co2_g", "water_ml",
 *              "inputs": {...}}]} */
json_t *aw_mix_to_json(const struct aw_mix_result *res);

/* {"wh": {ladder}, "co2_g", "water_ml", "seconds",
 *  "steps": [{"step", "input_tokens", "cached_tokens", "wh": {ladder}}]} */
json_t *aw_agent_to_json(const struct aw_agent_result *res);

/* {"requests": [{"kind", "label", "detail", "wh": {ladder}, "facility_wh_range": {"p5",
 *   "p50", "p95", "mean", "samples", "seed"}, "co2_g", "water_ml", "seconds",
 *   "equivalents": {...}, "published": [{"id", "source", "url", "date", "wh",
 *   "boundary"}], "embodied_co2_g", "embodied_share" (of co2_g + embodied_co2_g;
 *   both null when unknown)}], "comparisons": [{"id", "name", "value", "unit",
 *   "source", "confidence"}]}. Equivalents use the catalog's comparisons section. */
json_t *aw_report_to_json(const aw_catalog *cat, const struct aw_report *rep);

/* [{"id", "name", "per", "wh_each", "count", "source"}] */
json_t *aw_everyday_to_json(const struct aw_everyday *e, size_t n);

/* ---- Fleets, references, reproductions ----------------------------------- */

/* {"wh_per_query", "co2_g_per_query", "water_ml_per_query",
 *  "co2_market_g_per_query", "water_onsite_ml_per_query",
 *  "water_offsite_ml_per_query", "embodied_co2_g_per_query" (null: unknown),
 *  "year_co2_market_t", "year_embodied_co2_t" (null: unknown),
 *  "queries_per_day", "years", "datacenter", "grid", "pue",
 *  "day": {"kwh", "co2_kg", "water_l"}, "year": {"mwh", "co2_t", "water_m3"},
 *  "total": {"gwh", "co2_t", "water_m3"},
 *  "households": [{"id", "name", "kwh_per_year", "households", "source", "url"}],
 *  "countries": [{"id", "name", "country", "twh_per_year", "share", "source", "url"}]} */
json_t *aw_fleet_to_json(const struct aw_fleet_result *r);

/* ---- JSON views (references) ------------------------------------------ */

/* {"id", "name", "kind", "quantity", "value", "low", "high", "unit",
 *  "boundary", "boundary_detail", "model", "hardware", "conditions", "date",
 *  "source", "url", "confidence", "method", "scenario": {...as stored}} */
json_t *aw_reference_to_json(const aw_catalog *cat, const struct aw_reference *ref);

/* The reproduce contract: {"id", "name", "source", "url", "date",
 *  "boundary", "published": {"value", "unit"[, "low", "high"]},
 *  "reproduced": {"value", "unit"[, "low", "high"]} | null, "method",
 *  "ratio", "verdict", "method_wh": {ladder} | null, "estimate_wh": {ladder},
 *  "estimate": {"value", "unit"}, "estimate_ratio", "factors": [{"factor",
 *  "ratio", "text"}], "reason"}. */
json_t *aw_reproduction_to_json(const struct aw_reproduction *r);

/* ---- JSON views (usage logs) ------------------------------------------ */

/* {"rows", "bad_rows", "total": {...}, "groups": [{"key": {...}, ...}],
 *  "unknown_models": [{"model", "requests", "nearest"}]}; each total and
 * group: "requests", "input_tokens", "output_tokens", "wh": {ladder},
 * "co2_g", "co2_market_g", "water_ml", "water_onsite_ml",
 * "water_offsite_ml", "embodied": {"co2_g"}. */
struct aw_usage;
json_t *aw_usage_to_json(const struct aw_usage *u);

#ifdef __cplusplus
}
#endif
#endif
