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

/* "unknown WHAT 'ID'" with the nearest id of the section as a hint. */
aw_status aw__not_found(const aw_catalog *cat, enum aw_section sec, const char *what,
                        const char *id, const char *option, struct aw_diag *diag);

/* The assumption at `offset` in req->assumptions when set (>= 0), else the
 * fallback. Use through AW__ASSUME(req, field, fallback). */
double aw__assume(const struct aw_request *req, size_t offset, double fallback);
#define AW__ASSUME(req, field, fallback) \
    aw__assume((req), offsetof(struct aw_assumptions, field), (fallback))

#endif
