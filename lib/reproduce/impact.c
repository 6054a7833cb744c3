/*
 * impact.c - `aiwatt reproduce` for published water and carbon figures (and
 * energy figures per N items): the figure recomputed from aiwatt's estimate
 * of the authors' request, at the authors' stated energy and site when they
 * state them (scenario.impact), next to aiwatt's unscaled estimate.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "aiwatt/json.h"
#include "reproduce_internal.h"

#define IMPACT_REPRODUCED 0.05 /* as for energy (reproduce.c) */
#define IMPACT_CLOSE 0.25

/* The quantity of an estimate, in base units (Wh at `boundary`, mL, g,
 * kg Sb eq), scaled by `scale`. NaN when the estimate has no such figure. */
static double quantity_of(const struct aw_estimate *e, const char *q, enum aw_boundary boundary,
                          double scale)
{
    double embodied = e->embodied.set ? e->embodied.co2_g : NAN;
    double v = NAN;
    if (strcmp(q, "energy") == 0)
        v = aw_ladder_at(&e->wh, boundary);
    else if (strcmp(q, "water_ml") == 0)
        v = e->water_ml;
    else if (strcmp(q, "water_onsite_ml") == 0)
        v = e->water_onsite_ml;
    else if (strcmp(q, "water_offsite_ml") == 0)
        v = e->water_offsite_ml;
    else if (strcmp(q, "co2_g") == 0)
        v = e->co2_g;
    else if (strcmp(q, "co2_market_g") == 0)
        v = e->co2_market_g;
    else if (strcmp(q, "co2_embodied_g") == 0)
        v = embodied;
    else if (strcmp(q, "co2_plus_embodied_g") == 0)
        v = e->co2_g + embodied;
    else if (strcmp(q, "co2_market_plus_embodied_g") == 0)
        v = e->co2_market_g + embodied;
    else if (strcmp(q, "adpe_embodied_kg_sbeq") == 0)
        v = e->embodied.set && e->embodied.adpe_kg_sbeq >= 0 ? e->embodied.adpe_kg_sbeq : NAN;
    return v * scale;
}

/* Every figure of the estimate times `k` (the authors' stated energy over
 * aiwatt's: the ladder, carbon, water and the accelerator time behind the
 * embodied share all scale with it). */
static void scale_estimate(struct aw_estimate *e, double k)
{
    e->wh.accelerator_wh *= k;
    e->wh.server_wh *= k;
    e->wh.it_wh *= k;
    e->wh.facility_wh *= k;
    e->co2_g *= k;
    e->co2_market_g *= k;
    e->water_ml *= k;
    e->water_onsite_ml *= k;
    e->water_offsite_ml *= k;
    e->embodied.co2_g *= k;
    e->embodied.accelerator_seconds *= k;
    if (e->embodied.primary_energy_mj >= 0)
        e->embodied.primary_energy_mj *= k;
    if (e->embodied.adpe_kg_sbeq >= 0)
        e->embodied.adpe_kg_sbeq *= k;
}

aw_status aw__impact_reproduce(const aw_catalog *cat, const struct aw__reference_record *r,
                               struct aw_reproduction *out, struct aw_diag *diag)
{
    const struct aw_reference *ref = &out->ref;
    const char *id = r->id;
    const char *q = ref->impact;
    double stated_wh = r->impact_wh, per = r->impact_per;
    double market = r->impact_market_gco2_per_kwh, wue = r->impact_wue_l_per_kwh;
    if (per <= 0)
        per = 1;

    /* aiwatt's own estimate of the request, as is. */
    struct aw_request req;
    char where[96];
    snprintf(where, sizeof where, "references '%s': scenario.estimate", id);
    aw_request_init(&req);
    TRY(aw__request_from_settings(&r->estimate, &req, where, AW_CMD_ESTIMATE, diag));
    if (market >= 0)
        req.market_gco2_per_kwh = market;
    if (wue >= 0)
        req.wue_l_per_kwh = wue;
    aw_status st = aw_estimate_request(cat, &req, &out->estimate, diag);
    if (st != AW_OK) {
        char msg[AW_DIAG_SIZE];
        snprintf(msg, sizeof msg, "%s", diag->msg);
        return aw__fail(diag, st, "references '%s': scenario.estimate: %s", id, msg);
    }
    out->estimate_wh = out->estimate.wh;
    double to_unit = strcmp(q, "energy") == 0 ? per / ref->unit_wh
                                              : per * aw__impact_unit_per_base(ref->unit);
    out->estimate_value = quantity_of(&out->estimate, q, ref->boundary, to_unit);
    out->estimate_ratio = ref->value / out->estimate_value;

    /* The reproduction: the same request at the authors' stated energy per
     * item (facility), so that only the impact formulas and the site are
     * tested; without a stated energy it is the estimate itself. */
    struct aw_estimate at_stated = out->estimate;
    double k = 1;
    if (stated_wh > 0 && out->estimate.wh.facility_wh > 0) {
        k = stated_wh / out->estimate.wh.facility_wh;
        scale_estimate(&at_stated, k);
    }
    out->method_estimate = at_stated;
    out->method_wh = at_stated.wh;
    out->reproduced_set = 1;
    out->reproduced = quantity_of(&at_stated, q, ref->boundary, to_unit);
    out->ratio = out->reproduced / ref->value;
    double miss = isfinite(out->ratio) ? fabs(out->ratio - 1) : INFINITY;
    out->verdict = miss <= IMPACT_REPRODUCED ? "reproduced"
                   : miss <= IMPACT_CLOSE    ? "close"
                                             : "not reproduced";

    const struct aw_resolved *in = &at_stated.inputs;
    char scope[160];
    if (stated_wh > 0)
        snprintf(scope, sizeof scope, "at the stated %.3g Wh (aiwatt's %s on %s: %.3g Wh)",
                 stated_wh, in->model_id, in->hardware_id, out->estimate.wh.facility_wh);
    else
        snprintf(scope, sizeof scope, "%s on %d x %s, %.3g Wh", in->model_id, in->gpus,
                 in->hardware_id, at_stated.wh.facility_wh);
    const char *why = r->impact_why;
    if (strncmp(q, "water", 5) == 0)
        snprintf(out->reason, sizeof out->reason,
                 "%s: %s = IT %.3g Wh x (WUE %.2f on site; PUE %.2f x %.2f L/kWh off site) in "
                 "%s%s%s",
                 scope, q, at_stated.wh.it_wh, in->wue_l_per_kwh, in->pue,
                 in->grid_water_l_per_kwh, in->datacenter_id, why ? "; " : "", why ? why : "");
    else if (strncmp(q, "co2", 3) == 0 || strncmp(q, "adpe", 4) == 0)
        snprintf(out->reason, sizeof out->reason,
                 "%s: %.3g Wh x %.0f g/kWh (%s) = %.3g g operational, + %.3g g manufacturing "
                 "(%.3g accelerator-s over %.0f years at %.0f%%)%s%s",
                 scope, at_stated.wh.facility_wh,
                 strstr(q, "market") ? in->market_gco2_per_kwh : in->grid_gco2_per_kwh,
                 strstr(q, "market") ? "market-based" : "location-based",
                 strstr(q, "market") ? at_stated.co2_market_g : at_stated.co2_g,
                 at_stated.embodied.co2_g, at_stated.embodied.accelerator_seconds,
                 at_stated.embodied.lifetime_years, at_stated.embodied.utilisation * 100,
                 why ? "; " : "", why ? why : "");
    else
        snprintf(out->reason, sizeof out->reason, "%s, x %.4g items%s%s", scope, per,
                 why ? "; " : "", why ? why : "");
    return AW_OK;
}
