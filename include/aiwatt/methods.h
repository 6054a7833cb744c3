/*
 * methods.h - the top-down methods behind published figures, and the names
 * of the boundaries of the ladder.
 *
 * Besides aiwatt's own bottom-up roofline, `aw_estimate_request()` runs the
 * three methods that most published figures come from (docs/methodology.md,
 * "Methods"):
 *
 *   flops      FLOPs / (peak x utilisation) x power per GPU x load x PUE
 *              (Epoch AI, "How much energy does ChatGPT use?", 2025)
 *   nameplate  servers x nameplate power x hours x load / requests
 *              (de Vries, Joule 2023)
 *   ecologits  EcoLogits' regression on ML.ENERGY data (v0.9: fixed batch 64,
 *              power-of-two GPU count, 1.2 kW non-GPU server power)
 *
 * Each fills the ladder as far as its own definition allows and says, in
 * `aw_resolved.total_boundary`, which rung is the method's own total.
 */
#ifndef AIWATT_METHODS_H
#define AIWATT_METHODS_H

#include "aiwatt/estimate.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Boundaries ------------------------------------------------------- */

enum aw_boundary {
    AW_BOUNDARY_ACCELERATOR = 0,
    AW_BOUNDARY_SERVER,
    AW_BOUNDARY_IT,
    AW_BOUNDARY_FACILITY,
    AW_BOUNDARY_UNSPECIFIED /* a published figure that does not say */
};

/* "accelerator", "server", "it", "facility", "unspecified"; and back (-1
 * when unknown). */
const char *aw_boundary_name(enum aw_boundary b);
int aw_boundary_from_name(const char *name);

/* The rung of a ladder; facility for AW_BOUNDARY_UNSPECIFIED (the headline
 * is what an undisclosed figure is usually compared with). */
double aw_ladder_at(const struct aw_ladder *wh, enum aw_boundary b);

/* ---- Method parameters ------------------------------------------------ */

/* Parameters of the top-down methods. aw_method_params_init() sets every
 * field to -1, meaning "the method's default" (given below). Pass it in
 * aw_request.method_params; NULL means all defaults. */
struct aw_method_params {
    /* flops (Epoch AI) */
    double flop_utilisation;    /* achieved / peak FLOP/s; default 0.10 */
    double prefill_utilisation; /* for prompt tokens; default: flop_utilisation */
    double power_w_per_gpu;     /* rated power per GPU, host share included;
                                   default: server max_power_w / accelerators
                                   (DGX H100: 10.2 kW / 8 = 1275 W) */
    double load_factor;         /* average / rated power; default 0.7 for flops
                                   (Epoch: "average consumption found by
                                   Microsoft"), 1.0 for nameplate (de Vries) */
    /* nameplate (de Vries) */
    double servers;             /* servers in the fleet; required */
    double server_power_w;      /* nameplate per server; default: the
                                   hardware's server profile max_power_w */
    double hours;               /* period the requests arrive in; default 24 */
    double requests;            /* requests served in that period; required */
    /* ecologits */
    double latency_s;           /* measured request latency, an upper cap on
                                   the modelled one; default: none */
    double params_total_min;    /* size range (EcoLogits runs min and max);
                                   default: the model's catalog range */
    double params_total_max;
    double params_active_min;
    double params_active_max;
};

/* Sets every field to -1 ("the method's default"). */
void aw_method_params_init(struct aw_method_params *mp);

/* Defaults of the methods, from the sources above. */
#define AW_FLOPS_DEFAULT_UTILISATION 0.10
#define AW_FLOPS_DEFAULT_LOAD_FACTOR 0.7
#define AW_NAMEPLATE_DEFAULT_HOURS 24.0
#define AW_NAMEPLATE_DEFAULT_LOAD_FACTOR 1.0

#ifdef __cplusplus
}
#endif
#endif /* AIWATT_METHODS_H */
