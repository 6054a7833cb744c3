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

/* The estimate contract: {"wh": {ladder}, "co2_g", "water_ml", "seconds",
 * "inputs": {every resolved assumption}}. */
json_t *aw_estimate_to_json(const struct aw_estimate *est);

#ifdef __cplusplus
}
#endif
#endif
