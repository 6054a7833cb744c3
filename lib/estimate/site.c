/*
 * site.c - the resolution every estimator shares: ids to catalog records,
 * defaults, and the checks on site overrides, so that text, diffusion and
 * the other methods refuse the same bad input with the same words.
 */
#include "internal.h"
#include "roofline.h"
#include "site.h"

aw_status aw__not_found(const aw_catalog *cat, enum aw_section sec, const char *what,
                        const char *id, const char *option, struct aw_diag *diag)
{
    const char *near = aw_catalog_suggest(cat, sec, id);
    if (near != NULL)
        aw__hint(diag, "did you mean '%s'? ('aiwatt catalog list %s' lists them all)", near,
                 aw_section_name(sec));
    else
        aw__hint(diag, "'aiwatt catalog list %s' lists the known ids; %s takes one of them",
                 aw_section_name(sec), option);
    return aw__fail(diag, AW_E_NOT_FOUND, "unknown %s '%s'", what, id);
}

double aw__assume(const struct aw_request *req, size_t offset, double fallback)
{
    if (req->assumptions == NULL)
        return fallback;
    double v = *(const double *)((const char *)req->assumptions + offset);
    return v >= 0 ? v : fallback;
}

aw_status aw__site_hardware(const aw_catalog *cat, const char *hw_id, struct aw__site *site,
                            struct aw_diag *diag)
{
    site->hw = aw_catalog_find_hardware(cat, hw_id);
    if (site->hw == NULL)
        return aw__not_found(cat, AW_SECTION_HARDWARE, "hardware", hw_id, "--hardware", diag);
    site->server = NULL;
    if (site->hw->server_id != NULL) {
        site->server = aw_catalog_find_server(cat, site->hw->server_id);
        if (site->server == NULL) {
            aw__hint(diag, "add server '%s' to the catalog's \"servers\" section, or fix the "
                           "\"server\" of hardware '%s'", site->hw->server_id, site->hw->id);
            return aw__fail(diag, AW_E_NOT_FOUND, "hardware '%s' names unknown server '%s'",
                            site->hw->id, site->hw->server_id);
        }
    }
    return AW_OK;
}

aw_status aw__site_place(const aw_catalog *cat, const char *dc_id, const char *grid_id,
                         struct aw__site *site, struct aw_diag *diag)
{
    site->dc = aw_catalog_find_datacenter(cat, dc_id);
    if (site->dc == NULL)
        return aw__not_found(cat, AW_SECTION_DATACENTERS, "data centre", dc_id, "--datacenter",
                             diag);
    if (grid_id == NULL)
        grid_id = site->dc->grid_id;
    site->grid = aw_catalog_find_grid(cat, grid_id);
    if (site->grid == NULL)
        return aw__not_found(cat, AW_SECTION_GRIDS, "grid", grid_id, "--grid", diag);
    return AW_OK;
}

aw_status aw__site_resolve(const aw_catalog *cat, const struct aw_request *req,
                           enum aw_precision model_prec, struct aw__site *site,
                           struct aw_diag *diag)
{
    site->serving_source = NULL;
    TRY(aw__site_hardware(cat, req->hardware_id ? req->hardware_id : AW_DEFAULT_HARDWARE, site,
                          diag));
    site->weights_prec = model_prec;
    if (req->precision != AW_PREC_DEFAULT) {
        if (req->precision < 0 || req->precision >= AW_PREC_COUNT) {
            aw__hint(diag, "precisions: fp32, tf32, bf16, fp16, fp8, int8, fp4, int4");
            return aw__fail(diag, AW_E_INVALID, "unknown precision %d", req->precision);
        }
        site->weights_prec = (enum aw_precision)req->precision;
    }
    site->compute_prec = aw__compute_precision(site->hw, site->weights_prec);
    if (!site->hw->peak_tflops[site->compute_prec].set)
        site->compute_prec = AW_PREC_BF16;
    /* PUE, grid and WUE overrides: checked against the field table
     * (aw_request_check) before the estimate starts. */
    return aw__site_place(cat, req->datacenter_id ? req->datacenter_id : AW_DEFAULT_DATACENTER,
                          req->grid_id, site, diag);
}

void aw__site_conditions(const struct aw__site *site, const struct aw_request *req,
                         struct aw__conditions *c)
{
    c->pue = AW_IS_SET(req->pue) ? req->pue : site->dc->pue.value;
    c->reserve_share = AW__ASSUME(req, reserve_share, site->dc->reserve_share.value);
    c->wue_l_per_kwh = AW_IS_SET(req->wue_l_per_kwh) ? req->wue_l_per_kwh
                                                     : site->dc->wue_l_per_kwh.value;
    c->gco2_per_kwh = AW_IS_SET(req->grid_gco2_per_kwh) ? req->grid_gco2_per_kwh
                                                        : site->grid->gco2_per_kwh.value;
    c->water_l_per_kwh = AW__ASSUME(req, water_l_per_kwh, site->grid->water_l_per_kwh.value);
    c->grid_id = AW_IS_SET(req->grid_gco2_per_kwh) ? "custom" : site->grid->id;
}

aw_status aw__site_power(const struct aw_hardware *hw, const struct aw_request *req,
                         double *idle_w, double *max_w, struct aw_diag *diag)
{
    *idle_w = AW__ASSUME(req, idle_power_w, hw->idle_power_w.value);
    *max_w = AW__ASSUME(req, max_power_w, hw->max_power_w.value);
    if (*max_w > *idle_w)
        return AW_OK;
    aw__hint(diag, "give a max power above the idle power of '%s'", hw->id);
    return aw__fail(diag, AW_E_RANGE, "max power %g W is not above idle power %g W", *max_w,
                    *idle_w);
}

aw_status aw__site_power_cap(const struct aw_hardware *hw, const struct aw_request *req,
                             double idle_w, double max_w, double *cap_w, struct aw_diag *diag)
{
    /* The cap is in the field table's range (aw_request_check); below idle
     * power no clock meets it, a relation with the catalog. */
    *cap_w = AW_IS_SET(req->power_cap_w) ? req->power_cap_w : 0;
    if (*cap_w == 0 || *cap_w > idle_w)
        return AW_OK;
    aw__hint(diag, "give --power-cap above %.0f W (the idle power of '%s'); caps of 50-100%% "
                   "of %.0f W are usual", idle_w, hw->id, max_w);
    return aw__fail(diag, AW_E_RANGE,
                    "a power cap of %g W is at or below the idle power of '%s' (%.0f W)", *cap_w,
                    hw->id, idle_w);
}

double aw__site_host_w_per_gpu(const struct aw__site *site, const struct aw_request *req)
{
    if (site->server == NULL)
        return 0;
    return AW__ASSUME(req, host_power_w, site->server->host_power_w.value) /
           site->server->accelerators;
}

void aw__site_report(const struct aw__site *site, const struct aw__conditions *c,
                     const struct aw_request *req, struct aw_resolved *in)
{
    in->hardware_id = site->hw->id;
    in->server_id = site->server ? site->server->id : NULL;
    in->datacenter_id = site->dc->id;
    in->grid_id = c->grid_id;
    in->task = aw_task_name(req->task);
    in->method = aw_method_name(req->method);
    in->precision = aw_precision_name(site->weights_prec);
    in->compute_precision = aw_precision_name(site->compute_prec);
    in->pue = c->pue;
    in->reserve_share = c->reserve_share;
    in->wue_l_per_kwh = c->wue_l_per_kwh;
    in->grid_gco2_per_kwh = c->gco2_per_kwh;
    in->grid_water_l_per_kwh = c->water_l_per_kwh;
}

aw_status aw__site_resolve_model(const aw_catalog *cat, const struct aw_request *req,
                                 const struct aw_model *model, enum aw_precision model_prec,
                                 struct aw__site *site, struct aw_diag *diag)
{
    if (model == NULL || model->serving_hardware_id == NULL || req->model_id == NULL ||
        (req->hardware_id != NULL && req->datacenter_id != NULL))
        return aw__site_resolve(cat, req, model_prec, site, diag);
    /* The provider's chips and sites, for what the request leaves open. */
    struct aw_request sited = *req;
    if (sited.hardware_id == NULL)
        sited.hardware_id = model->serving_hardware_id;
    if (sited.datacenter_id == NULL)
        sited.datacenter_id = model->serving_datacenter_id;
    aw_status st = aw__site_resolve(cat, &sited, model_prec, site, diag);
    if (st == AW_OK)
        site->serving_source = model->serving_source;
    return st;
}

aw_status aw__site_gpus(double need, double weights_bytes, const struct aw_hardware *hw,
                        const char *hint, int *gpus, struct aw_diag *diag)
{
    *gpus = aw__gpus_pow2(need);
    if (*gpus != 0)
        return AW_OK;
    aw__hint(diag, "%s", hint);
    return aw__fail(diag, AW_E_NOFIT, "%.3g GB of weights need more than %ld x %.0f GB of %s",
                    weights_bytes / 1e9, AW_GPUS_MAX, hw->memory_gb.value, hw->id);
}
