/*
 * impacts.h - what the energy ladder does not give: market-based carbon and
 * the manufacturing (embodied) impacts charged to a request (internal;
 * shared by every estimator after aw__ladder_fill or aw__method_finish).
 */
#ifndef AIWATT_IMPACTS_H
#define AIWATT_IMPACTS_H

#include "aiwatt/estimate.h"

/* Default service life of AI servers, years, and the share of it spent on
 * work, where the data centre gives none (docs/methodology.md, "Embodied
 * impacts"; both estimates with ranges in the methodology). */
#define AW_HW_LIFETIME_YEARS 5.0
#define AW_HW_UTILISATION 0.5

/* Sets out->co2_market_g from facility energy and the market-based
 * intensity (req->market_gco2_per_kwh, else the data centre's contract,
 * else out->inputs.grid_gco2_per_kwh), and out->embodied from the
 * accelerator time the request holds:
 *   per accelerator = chip + server / accelerators per server
 *   embodied        = per accelerator x accelerator_seconds
 *                     / (lifetime_s x utilisation)
 * out->inputs.grid_gco2_per_kwh must be set. `server` may be NULL. */
/* The market-based intensity: `option` when >= 0, else the data centre's
 * contract, else `location`; *basis says which ("option", "contract",
 * "grid"). */
double aw__market_intensity(const struct aw_datacenter *dc, double option, double location,
                            const char **basis);

/* The amortisation inputs of `hw` in `dc` (per-accelerator impacts, chip
 * plus its share of `server`; lifetime; utilisation); e->set is 0 when the
 * chip has no figure. Then the share of them `accelerator_seconds` uses. */
void aw__embodied_resolve(struct aw_embodied *e, const struct aw_datacenter *dc,
                          const struct aw_hardware *hw, const struct aw_server *server);
void aw__embodied_amortise(struct aw_embodied *e, double accelerator_seconds);

void aw__impacts_fill(struct aw_estimate *out, const struct aw_request *req,
                      const struct aw_datacenter *dc, const struct aw_hardware *hw,
                      const struct aw_server *server, double accelerator_seconds);

#endif
