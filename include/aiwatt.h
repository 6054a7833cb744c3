/*
 * aiwatt.h - the public interface of libaiwatt.
 *
 * libaiwatt estimates the energy, carbon and water of AI workloads from first
 * principles, and reads real energy counters. It is pure: it never prints,
 * never exits and never reads the environment; front-ends (the aiwatt CLI,
 * later a server) do that and call the library.
 *
 * Include this umbrella header; the areas are documented in include/aiwatt/:
 *   status.h    status codes and the caller-owned diagnostic buffer
 *   catalog.h   hardware, servers, models, data centres and grids
 *   estimate.h  the inference estimator and the boundary ladder
 *   json.h      JSON views of results (jansson), shared by every front-end
 *   meter.h     real energy counters (RAPL, NVML, hwmon) without double counting
 *   methods.h   the top-down methods behind published figures; boundary names
 *   reproduce.h the reference library, reproductions of published figures, fleets
 *   train.h     training runs (presets of published runs), per-query amortisation
 *   uncertainty.h  Monte Carlo (p5/p50/p95) and sensitivity tornado
 *   whatif.h    levers varied over one request or training run
 */
#ifndef AIWATT_H
#define AIWATT_H

#define AIWATT_VERSION_MAJOR 0
#define AIWATT_VERSION_MINOR 1
#define AIWATT_VERSION_PATCH 0
#define AIWATT_VERSION_NUMBER \
    (AIWATT_VERSION_MAJOR * 10000 + AIWATT_VERSION_MINOR * 100 + AIWATT_VERSION_PATCH)

#include "aiwatt/status.h"
#include "aiwatt/catalog.h"
#include "aiwatt/estimate.h"
#include "aiwatt/meter.h"
#include "aiwatt/json.h"
#include "aiwatt/scenario.h"
#include "aiwatt/methods.h"
#include "aiwatt/reproduce.h"
#include "aiwatt/train.h"
#include "aiwatt/uncertainty.h"
#include "aiwatt/whatif.h"
#include "aiwatt/request.h"
#include "aiwatt/usage.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The library's version string ("0.1.0"), for checking the header against
 * the linked library. Never NULL. */
const char *aw_version(void);

/* The same as AIWATT_VERSION_NUMBER, at run time. */
unsigned aw_version_number(void);

/* Parses a quantity as users write it: a number with an optional exponent
 * ("2.5e9") or SI suffix (k, M, B or G, T, P: "70B" = 7e10, "15T" = 1.5e13).
 * Returns AW_OK with *out set, or AW_E_PARSE (nothing else after the number
 * is accepted; the result must be finite). */
aw_status aw_parse_quantity(const char *text, double *out);

#ifdef __cplusplus
}
#endif
#endif /* AIWATT_H */
