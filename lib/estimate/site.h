/*
 * site.h - where a request runs, resolved once for every estimator
 * (internal): the accelerator and its server, the precision the tensor cores
 * run, the data centre and the grid; plus the assumption overrides.
 */
#ifndef AIWATT_SITE_H
#define AIWATT_SITE_H

#include <stddef.h>
#include "aiwatt.h"

struct aw__site {
    const struct aw_hardware *hw;
    const struct aw_server *server;    /* NULL when the hardware names none */
    const struct aw_datacenter *dc;
    const struct aw_grid *grid;
    enum aw_precision weights_prec;    /* stored in memory */
    enum aw_precision compute_prec;    /* what the tensor cores run */
    const char *serving_source;        /* the provider profile used, or NULL */
};

/* The site's conditions: the request's overrides (--pue, --grid-ci, --wue and
 * the assumptions) over the data centre's and the grid's own figures. */
struct aw__conditions {
    double pue;
    double reserve_share;
    double wue_l_per_kwh;   /* on-site water */
    double gco2_per_kwh;
    double water_l_per_kwh; /* the grid's off-site water per kWh drawn */
    const char *grid_id;    /* "custom" when the request gives the intensity */
};

/* Hardware `hw_id` and the server it names, into site->hw and site->server
 * (the precisions are left alone). AW_E_NOT_FOUND names the unknown id. */
aw_status aw__site_hardware(const aw_catalog *cat, const char *hw_id, struct aw__site *site,
                            struct aw_diag *diag);

/* Data centre `dc_id` and grid `grid_id` (NULL: the data centre's own grid)
 * into site->dc and site->grid. AW_E_NOT_FOUND names the unknown id. */
aw_status aw__site_place(const aw_catalog *cat, const char *dc_id, const char *grid_id,
                         struct aw__site *site, struct aw_diag *diag);

/* Resolves hardware (req->hardware_id or the default) and its server, the
 * precision (req->precision, else `model_prec`), the data centre and the grid,
 * and checks the PUE, grid and WUE overrides. AW_E_NOT_FOUND names the id and
 * suggests the nearest; AW_E_RANGE names the impossible override. */
aw_status aw__site_resolve(const aw_catalog *cat, const struct aw_request *req,
                           enum aw_precision model_prec, struct aw__site *site,
                           struct aw_diag *diag);

/* As aw__site_resolve(), but when the request names `model` (req->model_id
 * set) and leaves the hardware or data centre to the default, the model's
 * provider profile ("serving" in the catalog) supplies them, and
 * site->serving_source says so. `model` may be NULL. */
aw_status aw__site_resolve_model(const aw_catalog *cat, const struct aw_request *req,
                                 const struct aw_model *model, enum aw_precision model_prec,
                                 struct aw__site *site, struct aw_diag *diag);

/* The conditions of `site` under the request's overrides (checked against
 * the field table before the estimate starts). */
void aw__site_conditions(const struct aw__site *site, const struct aw_request *req,
                         struct aw__conditions *c);

/* An accelerator's idle and max power: the catalog's, or the idle_power_w
 * and max_power_w assumptions. Each is in range (aw_request_check); max
 * must be above idle, a relation between the catalog and them: AW_E_RANGE
 * otherwise. */
aw_status aw__site_power(const struct aw_hardware *hw, const struct aw_request *req,
                         double *idle_w, double *max_w, struct aw_diag *diag);

/* The per-accelerator power cap of the request (--power-cap; 0: none). A
 * cap at or below idle power is refused (AW_E_RANGE), with a hint. */
aw_status aw__site_power_cap(const struct aw_hardware *hw, const struct aw_request *req,
                             double idle_w, double max_w, double *cap_w, struct aw_diag *diag);

/* Host power per accelerator: the server's (or the host_power_w assumption)
 * over its accelerators; 0 without a server. */
double aw__site_host_w_per_gpu(const struct aw__site *site, const struct aw_request *req);

/* The site, its conditions and the request's task and method as every
 * estimator reports them in its resolved inputs. */
void aw__site_report(const struct aw__site *site, const struct aw__conditions *c,
                     const struct aw_request *req, struct aw_resolved *in);

/* Placement on the site's chips: the smallest power-of-two count of `hw`
 * for `need` (a GPU count computed from memory, aw__gpus_pow2), into *gpus;
 * AW_E_NOFIT naming `weights_bytes` and the chip, with `hint`, when no count
 * up to AW_GPUS_MAX holds it. */
aw_status aw__site_gpus(double need, double weights_bytes, const struct aw_hardware *hw,
                        const char *hint, int *gpus, struct aw_diag *diag);

/* "unknown WHAT 'ID'" with the nearest id of the section as a hint. */
aw_status aw__not_found(const aw_catalog *cat, enum aw_section sec, const char *what,
                        const char *id, const char *option, struct aw_diag *diag);

/* The assumption at `offset` in req->assumptions when set (>= 0), else the
 * fallback. Use through AW__ASSUME(req, field, fallback). */
double aw__assume(const struct aw_request *req, size_t offset, double fallback);
#define AW__ASSUME(req, field, fallback) \
    aw__assume((req), offsetof(struct aw_assumptions, field), (fallback))

#endif
