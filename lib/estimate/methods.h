/*
 * methods.h - the top-down methods (flops, nameplate, ecologits), internal.
 *
 * estimate.c resolves a request (catalog lookups, defaults, validation) the
 * same way for every method, then hands the resolved inputs to one of the
 * functions below. Each fills out->wh as far as its own definition allows,
 * and the method-specific fields of out->inputs; aw__method_finish() then
 * fills what every method shares (carbon, water, the resolved ids).
 */
#ifndef AIWATT_METHODS_INTERNAL_H
#define AIWATT_METHODS_INTERNAL_H

#include "aiwatt/methods.h"
#include "internal.h"
#include "roofline.h"

/* What a method gets from the resolution step. Borrowed pointers. */
struct aw__method_input {
    const struct aw_request *req;
    const struct aw_method_params *mp; /* never NULL (defaults if the caller gave none) */
    const struct aw_model *model;      /* NULL for --params */
    const struct aw_hardware *hw;
    const struct aw_server *server;    /* may be NULL */
    struct aw__arch arch;
    enum aw_precision weights_prec;
    enum aw_precision compute_prec;
    double input_tokens;
    double output_tokens;
    double reasoning_tokens;
    double pue;
    double wue_l_per_kwh;
    double gco2_per_kwh;
    double water_l_per_kwh; /* grid, off-site */
};

/* Epoch AI: FLOPs / (peak x utilisation) x rated power per GPU x load x PUE. */
aw_status aw__method_flops(const struct aw__method_input *in, struct aw_estimate *out,
                           struct aw_diag *diag);

/* de Vries: servers x nameplate power x hours x load / requests. */
aw_status aw__method_nameplate(const struct aw__method_input *in, struct aw_estimate *out,
                               struct aw_diag *diag);

/* EcoLogits v0.9 formulas, with the min/max range over the model's size. */
aw_status aw__method_ecologits(const struct aw__method_input *in, struct aw_estimate *out,
                               struct aw_diag *diag);

/* Carbon and water from the ladder (aiwatt's formulas: carbon from facility
 * energy, water = it x (WUE + PUE x grid water)), and the fields of
 * out->inputs every method shares. */
void aw__method_finish(const struct aw__method_input *in, struct aw_estimate *out);

/* The method's parameter `v` if set (>= 0), else `fallback`. */
static inline double aw__param_or(double v, double fallback) { return v >= 0 ? v : fallback; }

#endif
