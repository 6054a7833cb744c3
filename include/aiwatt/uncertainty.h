/*
 * uncertainty.h - how uncertain an estimate is, and which assumption matters
 * most.
 *
 * An uncertain input is a number with a range [low, value, high] and a
 * distribution over it: from the catalog (every estimated number carries its
 * range, and may name its distribution, data/README.md) or from documented
 * defaults (docs/methodology.md, "Uncertainty"). A model maps one value of
 * each input to a ladder. Two analyses run any model:
 *
 *   Monte Carlo   n draws of every input (GSL's Mersenne Twister, seeded:
 *                 the same seed gives the same numbers), p5 / p50 / p95 of
 *                 each boundary, carbon and water;
 *   sensitivity   a tornado: each input at its low and its high with the
 *                 others at their central values, sorted by the swing of
 *                 facility energy.
 *
 * Bindings are provided for a request (aw_estimate_request) and a training
 * run (aw_train_estimate). Other front-ends (query mixes, fleets) build their
 * own model with aw_outcome_fn, reusing the request binding per request.
 */
#ifndef AIWATT_UNCERTAINTY_H
#define AIWATT_UNCERTAINTY_H

#include <stddef.h>
#include "aiwatt/catalog.h"
#include "aiwatt/estimate.h"
#include "aiwatt/status.h"
#include "aiwatt/train.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Inputs ----------------------------------------------------------- */

enum aw_dist {
    AW_DIST_TRIANGULAR = 0, /* over [low, value, high] (default) */
    AW_DIST_LOG_TRIANGULAR, /* triangular in log space (default for ranges wider than 3x) */
    AW_DIST_UNIFORM,        /* flat over [low, high] */
    AW_DIST_LOGNORMAL       /* median value; low and high are its 5th and 95th percentiles */
};

/* Names ("triangular", "log-triangular", "uniform", "lognormal") and back
 * (-1 when unknown). */
AW_API const char *aw_dist_name(enum aw_dist d);
AW_API int aw_dist_from_name(const char *name);

#define AW_UNCERTAIN_MAX 32
#define AW_UNCERTAIN_NAME 40

struct aw_uncertain_input {
    char name[AW_UNCERTAIN_NAME]; /* "pue", "bandwidth_utilisation", "mfu", ... */
    const char *source;           /* where the range comes from (borrowed or static) */
    double value;                 /* central */
    double low;
    double high;
    enum aw_dist dist;
    int integer;                  /* 1: samples are rounded (a batch size) */
    int target;                   /* private to the binding */
    size_t offset;                /* private to the binding */
};

struct aw_uncertain_set {
    size_t n;
    struct aw_uncertain_input inputs[AW_UNCERTAIN_MAX];
};

/* The index of the input called `name`, or -1. */
AW_API int aw_uncertain_find(const struct aw_uncertain_set *set, const char *name);

/* One draw of input `in` from a uniform number u in [0, 1) (and, for the
 * log-normal, a standard normal z): the distributions' inverse CDFs, exposed
 * for tests. */
AW_API double aw_uncertain_quantile(const struct aw_uncertain_input *in, double u, double z);

/* ---- Models ----------------------------------------------------------- */

/* What one evaluation of a model gives. */
struct aw_outcome {
    struct aw_ladder wh;
    double co2_g;
    double water_ml;
};

/* Evaluates the model with x[i] the value of set->inputs[i]. A status other
 * than AW_OK drops the draw (counted in `failed`). */
typedef aw_status (*aw_outcome_fn)(void *ctx, const double *x, struct aw_outcome *out);

/* ---- Monte Carlo ------------------------------------------------------ */

struct aw_quantiles {
    double p5, p50, p95, mean;
};

struct aw_uncertainty {
    size_t samples;         /* draws evaluated */
    size_t failed;          /* draws the model refused (e.g. did not fit), dropped */
    unsigned long seed;
    struct aw_quantiles accelerator, server, it, facility, co2_g, water_ml;
};

/* Default and largest number of draws. A million draws take about 2 s and
 * 55 MB; ten million took 17 s and 551 MB for percentiles that had long
 * stopped moving (the p5/p95 of 100,000 draws are within about 0.5 %). */
#define AW_UNCERTAINTY_DEFAULT_SAMPLES 10000
#define AW_UNCERTAINTY_MAX_SAMPLES 1000000
#define AW_UNCERTAINTY_DEFAULT_SEED 1

/* Runs n draws (1..AW_UNCERTAINTY_MAX_SAMPLES) with GSL's mt19937 seeded
 * with `seed`. Draw i uses the inputs in order, so the same set, seed and n
 * give the same result. AW_E_RANGE for a bad n, AW_E_NOMEM, or the model's
 * status when more than half of the draws fail. */
AW_API AW_NODISCARD aw_status aw_uncertainty_run(const struct aw_uncertain_set *set, aw_outcome_fn fn,
                                                 void *ctx, size_t n, unsigned long seed,
                                                 struct aw_uncertainty *out, struct aw_diag *diag);

/* Progress of a long run, for a front-end to show (the library prints
 * nothing): called with done = 0, then every AW_PROGRESS_EVERY draws, and
 * with done = total at the end, on the caller's thread. */
typedef void (*aw_progress_fn)(void *ctx, size_t done, size_t total);
#define AW_PROGRESS_EVERY 1024

/* aw_uncertainty_run with a progress callback (NULL: none). */
AW_API AW_NODISCARD aw_status aw_uncertainty_run_progress(const struct aw_uncertain_set *set,
                                                   aw_outcome_fn fn, void *ctx, size_t n,
                                                   unsigned long seed, aw_progress_fn progress,
                                                   void *progress_ctx,
                                                   struct aw_uncertainty *out,
                                                   struct aw_diag *diag);

/* ---- Sensitivity (tornado) -------------------------------------------- */

struct aw_sensitivity_row {
    char name[AW_UNCERTAIN_NAME];
    const char *source;
    double low, value, high;       /* the input's range */
    double facility_wh_at_low;     /* facility energy with the input at low */
    double facility_wh_at_high;    /* ... at high */
    double swing_wh;               /* |at_high - at_low| */
};

struct aw_sensitivity {
    double facility_wh;            /* every input central */
    size_t n;
    struct aw_sensitivity_row rows[AW_UNCERTAIN_MAX]; /* largest swing first */
};

AW_API AW_NODISCARD aw_status aw_sensitivity_run(const struct aw_uncertain_set *set, aw_outcome_fn fn,
                                                 void *ctx, struct aw_sensitivity *out,
                                                 struct aw_diag *diag);

/* ---- A request -------------------------------------------------------- */

/* The binding of one request: its uncertain inputs (closed-model sizes,
 * batch unless given, utilisations, step and quantisation overheads, power
 * curve, idle and max power, host power, reserve share, PUE, grid carbon
 * and water, WUE; each unless the caller fixed it) and their evaluation. */
struct aw_request_model {
    const aw_catalog *cat;
    struct aw_request req;          /* a copy; req.assumptions -> assume */
    struct aw_assumptions assume;   /* the caller's, then each draw */
    struct aw_assumptions base;     /* the caller's */
    struct aw_uncertain_set set;
    struct aw_estimate scratch;
};

/* Builds the binding of `req` (which must estimate successfully: its status
 * otherwise). The model is then self-contained: `req` may go. */
AW_API AW_NODISCARD aw_status aw_request_model_init(struct aw_request_model *m, const aw_catalog *cat,
                                                    const struct aw_request *req, struct aw_diag *diag);

/* An aw_outcome_fn: `ctx` is a struct aw_request_model. */
AW_API aw_status aw_request_model_eval(void *ctx, const double *x, struct aw_outcome *out);

/* Convenience: init + run. */
AW_API AW_NODISCARD aw_status aw_estimate_uncertainty(const aw_catalog *cat, const struct aw_request *req,
                                                      size_t n, unsigned long seed,
                                                      struct aw_uncertainty *out, struct aw_diag *diag);
AW_API AW_NODISCARD aw_status aw_estimate_sensitivity(const aw_catalog *cat, const struct aw_request *req,
                                                      struct aw_sensitivity *out, struct aw_diag *diag);

/* ---- A weighted sum of requests (query mixes, fleets) ------------------ */

/* Several requests, each with its own binding, summed with weights (a
 * mix's shares; a fleet's queries per year). Inputs with the same name and
 * the same range (the same data centre's PUE, the same server's host power,
 * the default batch) are one input, drawn once for every request; the same
 * name with another range (two models' sizes) stays separate, named
 * "NAME (LABEL)". */
struct aw_weighted_model {
    size_t n;
    struct aw_request_model *models;   /* n, owned */
    double *weights;                   /* n, owned */
    int (*map)[AW_UNCERTAIN_MAX];      /* map[i][k]: the set index of model i's input k */
    struct aw_uncertain_set set;       /* the union */
    double *scratch;                   /* owned */
};

/* Builds the bindings of `reqs` (n of them; labels may be NULL). Release with
 * aw_weighted_model_release() whatever the status. */
AW_API AW_NODISCARD aw_status aw_weighted_model_init(struct aw_weighted_model *m, const aw_catalog *cat,
                                                     const struct aw_request *reqs,
                                                     const double *weights,
                                                     const char *const *labels, size_t n,
                                                     struct aw_diag *diag);

/* An aw_outcome_fn: the weighted sum of the requests' outcomes. */
AW_API aw_status aw_weighted_model_eval(void *ctx, const double *x, struct aw_outcome *out);

AW_API void aw_weighted_model_release(struct aw_weighted_model *m);

/* ---- A training run --------------------------------------------------- */

struct aw_train_model {
    struct aw_train_estimate base;
    struct aw_train_estimate scratch;
    struct aw_uncertain_set set;
};

AW_API AW_NODISCARD aw_status aw_train_model_init(struct aw_train_model *m, const aw_catalog *cat,
                                                  const struct aw_train_request *req,
                                                  struct aw_diag *diag);
AW_API aw_status aw_train_model_eval(void *ctx, const double *x, struct aw_outcome *out);

AW_API AW_NODISCARD aw_status aw_train_uncertainty(const aw_catalog *cat, const struct aw_train_request *req,
                                                   size_t n, unsigned long seed,
                                                   struct aw_uncertainty *out, struct aw_diag *diag);
AW_API AW_NODISCARD aw_status aw_train_sensitivity(const aw_catalog *cat, const struct aw_train_request *req,
                                                   struct aw_sensitivity *out, struct aw_diag *diag);

#ifdef __cplusplus
}
#endif
#endif /* AIWATT_UNCERTAINTY_H */
