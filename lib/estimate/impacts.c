/*
 * impacts.c - market-based carbon and embodied impacts of a request.
 */
#include "impacts.h"

#define SECONDS_PER_YEAR (365.25 * 24 * 3600)

static void market_fill(struct aw_estimate *out, const struct aw_request *req,
                        const struct aw_datacenter *dc)
{
    struct aw_resolved *in = &out->inputs;
    if (req->market_gco2_per_kwh >= 0) {
        in->market_gco2_per_kwh = req->market_gco2_per_kwh;
        in->market_basis = "option";
    } else if (dc != NULL && dc->market_gco2_per_kwh.set) {
        in->market_gco2_per_kwh = dc->market_gco2_per_kwh.value;
        in->market_basis = "contract";
    } else {
        /* GHG Protocol Scope 2 Guidance: without contractual instruments
         * the market-based method falls back to the grid average (a
         * residual mix where one is published; we have none). */
        in->market_gco2_per_kwh = in->grid_gco2_per_kwh;
        in->market_basis = "grid";
    }
    out->co2_market_g = out->wh.facility_wh / 1000.0 * in->market_gco2_per_kwh;
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

static void embodied_fill(struct aw_embodied *e, const struct aw_datacenter *dc,
                          const struct aw_hardware *hw, const struct aw_server *server,
                          double accelerator_seconds)
{
    e->primary_energy_mj = -1;
    e->adpe_kg_sbeq = -1;
    e->pe_mj_per_accelerator = -1;
    e->adpe_kg_sbeq_per_accelerator = -1;
    e->accelerator_seconds = accelerator_seconds;
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
    e->gwp_kg_per_accelerator = per_accelerator(&hw->embodied_gwp_kg, sv_gwp, server);
    if (e->gwp_kg_per_accelerator < 0) {
        e->gwp_kg_per_accelerator = 0;
        return;
    }
    e->pe_mj_per_accelerator = per_accelerator(&hw->embodied_pe_mj, sv_pe, server);
    e->adpe_kg_sbeq_per_accelerator = per_accelerator(&hw->embodied_adpe_kg_sbeq, sv_adpe, server);
    /* The share of the hardware's working life this request uses. */
    double share = accelerator_seconds / (e->lifetime_years * SECONDS_PER_YEAR * e->utilisation);
    e->co2_g = e->gwp_kg_per_accelerator * 1000.0 * share;
    if (e->pe_mj_per_accelerator >= 0)
        e->primary_energy_mj = e->pe_mj_per_accelerator * share;
    if (e->adpe_kg_sbeq_per_accelerator >= 0)
        e->adpe_kg_sbeq = e->adpe_kg_sbeq_per_accelerator * share;
    e->set = 1;
}

void aw__impacts_fill(struct aw_estimate *out, const struct aw_request *req,
                      const struct aw_datacenter *dc, const struct aw_hardware *hw,
                      const struct aw_server *server, double accelerator_seconds)
{
    market_fill(out, req, dc);
    embodied_fill(&out->embodied, dc, hw, server, accelerator_seconds);
}
