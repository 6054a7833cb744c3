/*
 * reproduce_internal.h - the pieces of `aiwatt reproduce` (internal):
 * reading scenarios, the small training computation, and the decomposition
 * of a gap into factors.
 */
#ifndef AIWATT_REPRODUCE_INTERNAL_H
#define AIWATT_REPRODUCE_INTERNAL_H

#include <jansson.h>
#include "internal.h"

/* The catalog entry of reference `id`, or NULL. */
const json_t *aw__reference_entry(const aw_catalog *cat, const char *id);

/* Fills `mp` (after aw_method_params_init) from a scenario's "params"
 * object. AW_E_PARSE naming the key (prefixed by `where`). */
aw_status aw__method_params_from_json(const json_t *obj, struct aw_method_params *mp,
                                      const char *where, struct aw_diag *diag);

/* ---- Training ---------------------------------------------------------- */

/* A training run, as far as it is known. */
struct aw__training {
    struct aw_ladder wh;  /* Wh; accelerator NaN when not separable */
    double gpus;
    double hours;         /* wall time */
    double params;        /* active parameters; NaN when unknown */
    double tokens;        /* training tokens; NaN when unknown */
    double peak_tflops;   /* NaN when unknown */
    double mfu;           /* model FLOP utilisation; NaN when unknown */
    const char *hardware; /* NULL when unknown */
    const char *precision;/* of peak_tflops */
};

/* The authors' run from a scenario's "training" object, computed as they
 * did: gpus x hours x power per GPU (host included) x PUE. Keys: gpus, days
 * or hours, power_w_per_gpu, optional accelerator_power_w, pue, hardware,
 * params, tokens. */
aw_status aw__training_from_json(const aw_catalog *cat, const json_t *obj, const char *where,
                                 struct aw__training *out, struct aw_diag *diag);

/* aiwatt's own estimate of a run from "estimate_training" (keys: model,
 * tokens, hardware, gpus, datacenter, mfu), by the training estimator of
 * aiwatt train (include/aiwatt/train.h) from the run's FLOPs. */
aw_status aw__training_estimate(const aw_catalog *cat, const json_t *obj, const char *where,
                                struct aw__training *out, struct aw_diag *diag);

/* ---- The gap ---------------------------------------------------------- */

/* One side of a comparison: what is known of it (NaN or 0 when not). */
struct aw__side {
    struct aw_ladder wh;  /* Wh */
    double tokens;        /* inference: prompt + generated; training: data */
    double params_active;
    double peak_tflops;
    const char *hardware;
    const char *precision; /* of the peak: "bf16", "fp8"... (NULL: unknown) */
    double gpu_seconds;
    double flop;
    int batch;            /* 0: none (a method without batching) */
    int training;         /* a training run: it / server is its overhead */
    int fleet;            /* a fleet total: idle and reserve are inside the GPU time */
    char detail[96];      /* how the GPU time arises, for the reason line */
};

/* Decomposes published (Wh, at boundary b) against aiwatt's estimate:
 * boundary, then the published side (`theirs`: a method's reproduction or
 * the published breakdown; NULL: only the number) against `ours` factor by
 * factor, then the reproduction's residual; writes out->factors and
 * out->reason. `scope` describes aiwatt's request, for the reason line. */
void aw__gap_decompose(const struct aw__side *theirs, const struct aw__side *ours,
                       enum aw_boundary b, double published_wh, const char *scope,
                       struct aw_reproduction *out);

/* Water and carbon figures (impact.c): checks scenario.impact when the
 * reference is read (sets ref->impact), and reproduces one. */
aw_status aw__impact_check(const json_t *impact, const char *id, struct aw_reference *ref,
                           struct aw_diag *diag);
aw_status aw__impact_reproduce(const aw_catalog *cat, const json_t *sc, const char *id,
                               struct aw_reproduction *out, struct aw_diag *diag);

#endif
