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
AW_API const char *aw_boundary_name(enum aw_boundary b);
AW_API int aw_boundary_from_name(const char *name);

/* The rung of a ladder; facility for AW_BOUNDARY_UNSPECIFIED (the headline
 * is what an undisclosed figure is usually compared with). */
AW_API double aw_ladder_at(const struct aw_ladder *wh, enum aw_boundary b);

/* ---- Method parameters ------------------------------------------------ */

/* struct aw_method_params is in aiwatt/estimate.h (a request holds one). */

/* Sets every field to -1 ("the method's default"). */
AW_API void aw_method_params_init(struct aw_method_params *mp);

/* Defaults of the methods, from the sources above. */
#define AW_FLOPS_DEFAULT_UTILISATION 0.10
#define AW_FLOPS_DEFAULT_LOAD_FACTOR 0.7
#define AW_NAMEPLATE_DEFAULT_HOURS 24.0
#define AW_NAMEPLATE_DEFAULT_LOAD_FACTOR 1.0

#ifdef __cplusplus
}
#endif
#endif /* AIWATT_METHODS_H */
