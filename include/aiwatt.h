/*
 * aiwatt.h - the public interface of libaiwatt.
 *
 * libaiwatt estimates the energy, carbon and water of AI workloads from first
 * principles, and reads real energy counters. It is pure: it never prints,
 * never exits and never reads the environment; front-ends (the aiwatt CLI,
 * the server, bindings) do that and call the library.
 *
 * Build against it with pkg-config:
 *
 *   cc app.c $(pkg-config --cflags --libs aiwatt)
 *
 * Include this umbrella header; the areas are documented in include/aiwatt/:
 *
 *   version.h   the version of these headers (generated)
 *   status.h    status codes (stable values) and the caller-owned diagnostic buffer
 *   catalog.h   hardware, servers, models, data centres and grids
 *   estimate.h  the inference estimator and the boundary ladder
 *   meter.h     real energy counters (RAPL, NVML, hwmon) without double counting
 *   methods.h   the top-down methods behind published figures; boundary names
 *   reproduce.h the reference library, reproductions of published figures, fleets
 *   scenario.h  query mixes, agent sessions, the report
 *   train.h     training runs (presets of published runs), per-query amortisation
 *   uncertainty.h  Monte Carlo (p5/p50/p95) and sensitivity tornado
 *   whatif.h    levers varied over one request or training run
 *   units.h     the unit table: units of figures, readable units of amounts
 *
 * Ownership. The caller owns what it passes in and every object a *_new or
 * *_open function returns; it frees them with the matching *_free function
 * (each accepts NULL). Results filled into caller-provided structs that hold
 * allocations are released with the matching *_release function. Records and
 * strings documented as "borrowed" belong to the object they came from (a
 * catalog, a meter) and stay valid until it is changed or freed. A char *
 * documented as malloc'd is the caller's, freed with free(). Functions that
 * take a struct aw_diag * accept NULL; on failure they fill it with what went
 * wrong and, where there is one, the fix.
 *
 * Threads. The library has no global mutable state, so separate objects may
 * be used from separate threads freely. One object is used by one thread at a
 * time, except that a catalog that is no longer changed (loaded, merged) may
 * be read by many threads at once through const pointers: every estimate,
 * mix, report and reproduction takes the catalog const. A meter runs its own
 * poller thread alongside its user (meter.h).
 *
 * Stability. Status code values (status.h) and the keys of the JSON
 * contracts (docs/cli/) never change; keys are added, never renamed. Before
 * 1.0, structs may grow between minor versions: rebuild against new headers.
 */
#ifndef AIWATT_H
#define AIWATT_H

#include "aiwatt/version.h"
#include "aiwatt/status.h"
#include "aiwatt/catalog.h"
#include "aiwatt/estimate.h"
#include "aiwatt/meter.h"
#include "aiwatt/scenario.h"
#include "aiwatt/methods.h"
#include "aiwatt/reproduce.h"
#include "aiwatt/train.h"
#include "aiwatt/uncertainty.h"
#include "aiwatt/whatif.h"
#include "aiwatt/request.h"
#include "aiwatt/usage.h"
#include "aiwatt/units.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The linked library's version string ("0.1.0"), to check against the
 * headers' AIWATT_VERSION_STRING. Static; never NULL. */
AW_API const char *aw_version(void);

/* The same as the headers' AIWATT_VERSION_NUMBER, at run time. */
AW_API unsigned aw_version_number(void);

/* Parses a quantity as users write it: a number with an optional exponent
 * ("2.5e9") or SI suffix (k, M, B or G, T, P: "70B" = 7e10, "15T" = 1.5e13).
 * Returns AW_OK with *out set, or AW_E_PARSE (nothing else after the number
 * is accepted; the result must be finite). */
AW_API aw_status aw_parse_quantity(const char *text, double *out);

#ifdef __cplusplus
}
#endif
#endif /* AIWATT_H */
