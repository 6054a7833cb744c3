/*
 * reproduce_internal.h - the pieces of `aiwatt reproduce` (internal):
 * reading scenarios, the small training computation, and the decomposition
 * of a gap into factors.
 */
#ifndef AIWATT_REPRODUCE_INTERNAL_H
#define AIWATT_REPRODUCE_INTERNAL_H

#include "internal.h"
#include "catalog/catalog_internal.h"
#include "request/request_internal.h"

/* The typed record of reference `id` (or alias), or NULL. */
const struct aw__reference_record *aw__reference_entry(const aw_catalog *cat, const char *id);

/* Sets the parameters the scenario gives in `mp` (after
 * aw_method_params_init). */
void aw__method_params_from_record(const struct aw__reference_record *r,
                                   struct aw_method_params *mp);

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

/* The authors' run from a scenario's "training", computed as they did:
 * gpus x hours x power per GPU (host included) x PUE. AW_E_PARSE when its
 * hardware is not in the catalog. */
aw_status aw__training_from_record(const aw_catalog *cat, const struct aw__reference_record *r,
                                   const char *where, struct aw__training *out,
                                   struct aw_diag *diag);

/* aiwatt's own estimate of a run from the scenario's "estimate_training"
 * (model, tokens, hardware, gpus, datacenter, mfu), by the training
 * estimator of aiwatt train (include/aiwatt/train.h) from the run's FLOPs. */
aw_status aw__training_estimate(const aw_catalog *cat, const struct aw__reference_record *r,
                                const char *where, struct aw__training *out,
                                struct aw_diag *diag);

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

/* Water and carbon figures (impact.c): reproduces one (scenario.impact). */
aw_status aw__impact_reproduce(const aw_catalog *cat, const struct aw__reference_record *r,
                               struct aw_reproduction *out, struct aw_diag *diag);

#endif
