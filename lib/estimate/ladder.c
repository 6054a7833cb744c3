/*
 * ladder.c - the boundary ladder shared by every task's estimator.
 */
#include "ladder.h"

void aw__ladder_fill(struct aw_estimate *out, double accelerator_j, double host_j,
                     const struct aw__conditions *c)
{
    out->wh.accelerator_wh = accelerator_j / 3600.0;
    out->wh.server_wh = out->wh.accelerator_wh + host_j / 3600.0;
    out->wh.it_wh = out->wh.server_wh * (1.0 + c->reserve_share);
    out->wh.facility_wh = out->wh.it_wh * c->pue;
    out->co2_g = out->wh.facility_wh / 1000.0 * c->gco2_per_kwh;
    /* Li et al.: on-site water per IT kWh plus off-site water per kWh drawn
     * from the grid (IT x PUE). L/kWh x Wh = mL. */
    out->water_onsite_ml = out->wh.it_wh * c->wue_l_per_kwh;
    out->water_offsite_ml = out->wh.it_wh * c->pue * c->water_l_per_kwh;
    out->water_ml = out->water_onsite_ml + out->water_offsite_ml;
    /* Market-based carbon until aw__impacts_fill() knows the contract. */
    out->co2_market_g = out->co2_g;
}
