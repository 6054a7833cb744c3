/*
 * json.h - JSON views of results, built with jansson. The CLI and the
 * future server both use these, so they produce the same bytes for the same
 * result. Every function returns a new reference the caller releases with
 * json_decref(), or NULL when out of memory.
 */
#ifndef AIWATT_JSON_H
#define AIWATT_JSON_H

#include <jansson.h>
#include "aiwatt/estimate.h"

#ifdef __cplusplus
extern "C" {
#endif

/* {"accelerator": x, "server": x, "it": x, "facility": x} in Wh. */
json_t *aw_ladder_to_json(const struct aw_ladder *wh);

/* The estimate contract: {"wh": {ladder}, "co2_g", "co2_market_g",
 * "embodied": {...}, "water_ml", "water_onsite_ml", "water_offsite_ml",
 * "seconds", "inputs": {every resolved assumption}}. */
json_t *aw_estimate_to_json(const struct aw_estimate *est);

/* {"co2_g", "primary_energy_mj", "adpe_kg_sbeq" (null where not sourced),
 *  "accelerator_seconds", "lifetime_years", "utilisation", and the
 *  per-accelerator impacts}. */
json_t *aw_embodied_to_json(const struct aw_embodied *e);

/* The catalog entry `id` (or alias) of `section` as merged, borrowed: valid
 * until the catalog is changed or freed. NULL when absent. Sections whose
 * entries have no typed record (e.g. references, profiles) are read this way. */
const json_t *aw_catalog_entry_json(const aw_catalog *cat, enum aw_section section,
                                    const char *id);

/* Training runs, uncertainty, sensitivity and what-if tables (issue 5;
 * lib/report/levers_json.c, contracts in docs/cli/aiwatt-train.md,
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

#ifdef __cplusplus
}
#endif
#endif
