/*
 * ladder.h - the boundary ladder, carbon and water from accelerator and host
 * energy (internal; shared by the text estimator in estimate.c and the
 * diffusion estimator in diffusion.c, so every task climbs the same ladder).
 */
#ifndef AIWATT_LADDER_H
#define AIWATT_LADDER_H

#include "aiwatt/estimate.h"
#include "site.h"

/* Fills out->wh, out->co2_g, out->water_ml and its on-site and off-site parts
 * (docs/methodology.md, "The boundary ladder") under the site's conditions:
 *   accelerator = accelerator_j / 3600
 *   server      = accelerator + host_j / 3600
 *   it          = server x (1 + reserve_share)
 *   facility    = it x pue
 *   co2_g       = facility / 1000 x gco2_per_kwh
 *   water_ml    = it x (wue_l_per_kwh + pue x water_l_per_kwh)   (Li et al.)
 *               = water_onsite_ml (it x wue) + water_offsite_ml (it x pue x water)
 * co2_market_g is set to co2_g; aw__impacts_fill() (impacts.h) replaces it.
 * Energies in J, the ladder in Wh. */
void aw__ladder_fill(struct aw_estimate *out, double accelerator_j, double host_j,
                     const struct aw__conditions *c);

#endif
