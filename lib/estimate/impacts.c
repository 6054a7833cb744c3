/*
 * impacts.c - market-based carbon and embodied impacts of a request.
 */
#include <string.h>
#include "impacts.h"

#define SECONDS_PER_YEAR (365.25 * 24 * 3600)

double aw__market_intensity(const struct aw_datacenter *dc, double option, double location,
                            const char **basis)
{
    if (AW_IS_SET(option)) {
        *basis = "option";
        return option;
    }
    if (dc != NULL && dc->market_gco2_per_kwh.set) {
        *basis = "contract";
        return dc->market_gco2_per_kwh.value;
    }
    /* GHG Protocol Scope 2 Guidance: without contractual instruments the
     * market-based method falls back to the grid average (a residual mix
     * where one is published; we have none). */
    *basis = "grid";
    return location;
}

/* The impact of one accelerator with its share of the server, or -1 when
 * the chip has no figure (a server figure alone would undercount). */
static double per_accelerator(const struct aw_num *chip, const struct aw_num *server_total,
                              const struct aw_server *server)
{
    if (!chip->set)
        return -1;
    double v = chip->value;
    if (server != NULL && server_total->set && server->accelerators > 0)
        v += server_total->value / server->accelerators;
    return v;
}

void aw__embodied_resolve(struct aw_embodied *e, const struct aw_datacenter *dc,
                          const struct aw_hardware *hw, const struct aw_server *server)
{
    memset(e, 0, sizeof *e);
    e->primary_energy_mj = -1;
    e->adpe_kg_sbeq = -1;
    e->pe_mj_per_accelerator = -1;
    e->adpe_kg_sbeq_per_accelerator = -1;
    e->lifetime_years = dc != NULL && dc->hardware_lifetime_years.set
                            ? dc->hardware_lifetime_years.value
                            : AW_HW_LIFETIME_YEARS;
    e->utilisation = dc != NULL && dc->hardware_utilisation.set ? dc->hardware_utilisation.value
                                                                : AW_HW_UTILISATION;
    if (hw == NULL)
        return;
    const struct aw_num none = {0};
    const struct aw_num *sv_gwp = server ? &server->embodied_gwp_kg : &none;
    const struct aw_num *sv_pe = server ? &server->embodied_pe_mj : &none;
    const struct aw_num *sv_adpe = server ? &server->embodied_adpe_kg_sbeq : &none;
    double gwp = per_accelerator(&hw->embodied_gwp_kg, sv_gwp, server);
    if (gwp < 0)
        return;
    e->gwp_kg_per_accelerator = gwp;
    e->pe_mj_per_accelerator = per_accelerator(&hw->embodied_pe_mj, sv_pe, server);
    e->adpe_kg_sbeq_per_accelerator = per_accelerator(&hw->embodied_adpe_kg_sbeq, sv_adpe, server);
    e->set = 1;
}

void aw__embodied_amortise(struct aw_embodied *e, double accelerator_seconds)
{
    e->accelerator_seconds = accelerator_seconds;
    e->co2_g = 0;
    e->primary_energy_mj = -1;
    e->adpe_kg_sbeq = -1;
    if (!e->set || !(e->lifetime_years > 0) || !(e->utilisation > 0))
        return;
    /* The share of the hardware's working life this work uses. */
    double share = accelerator_seconds / (e->lifetime_years * SECONDS_PER_YEAR * e->utilisation);
    e->co2_g = e->gwp_kg_per_accelerator * 1000.0 * share;
    if (e->pe_mj_per_accelerator >= 0)
        e->primary_energy_mj = e->pe_mj_per_accelerator * share;
    if (e->adpe_kg_sbeq_per_accelerator >= 0)
        e->adpe_kg_sbeq = e->adpe_kg_sbeq_per_accelerator * share;
}

void aw__impacts_fill(struct aw_estimate *out, const struct aw_request *req,
                      const struct aw_datacenter *dc, const struct aw_hardware *hw,
                      const struct aw_server *server, double accelerator_seconds)
{
    struct aw_resolved *in = &out->inputs;
    in->market_gco2_per_kwh = aw__market_intensity(dc, req->market_gco2_per_kwh,
                                                   in->grid_gco2_per_kwh, &in->market_basis);
    out->co2_market_g = out->wh.facility_wh / 1000.0 * in->market_gco2_per_kwh;
    aw__embodied_resolve(&out->embodied, dc, hw, server);
    aw__embodied_amortise(&out->embodied, accelerator_seconds);
}
