/*
 * ladder.c - the boundary ladder shared by every task's estimator.
 */
#include "ladder.h"

void aw__ladder_fill(struct aw_estimate *out, double accelerator_j, double host_j,
                     double reserve_share, double pue, double wue_l_per_kwh,
                     double gco2_per_kwh, double water_l_per_kwh)
{
    out->wh.accelerator_wh = accelerator_j / 3600.0;
    out->wh.server_wh = out->wh.accelerator_wh + host_j / 3600.0;
    out->wh.it_wh = out->wh.server_wh * (1.0 + reserve_share);
    out->wh.facility_wh = out->wh.it_wh * pue;
    out->co2_g = out->wh.facility_wh / 1000.0 * gco2_per_kwh;
    /* Li et al.: on-site water per IT kWh plus off-site water per kWh drawn
     * from the grid (IT x PUE). L/kWh x Wh = mL. */
    out->water_onsite_ml = out->wh.it_wh * wue_l_per_kwh;
    out->water_offsite_ml = out->wh.it_wh * pue * water_l_per_kwh;
    out->water_ml = out->water_onsite_ml + out->water_offsite_ml;
    /* Market-based carbon until aw__impacts_fill() knows the contract. */
    out->co2_market_g = out->co2_g;
}
