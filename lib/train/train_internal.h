/*
 * train_internal.h - the training estimator's defaults and its resolution
 * step, shared with the uncertainty binding (lib/ only). Every constant is
 * documented, with its source, in docs/methodology.md ("Training").
 */
#ifndef AIWATT_TRAIN_INTERNAL_H
#define AIWATT_TRAIN_INTERNAL_H

#include "internal.h"
#include "aiwatt/train.h"
#include "aiwatt/uncertainty.h"

/* Share of the accelerator's idle-to-max power range drawn at training load:
 * compute-bound steps run near TDP, communication and checkpoint stalls pull
 * the mean down (docs/reference/estimation.md §1.4: training g ~ 0.8-0.95 of TDP; Morrison
 * et al. 2025 measured 15-85% of max during OLMo training). */
#define AW_TRAIN_POWER_FRACTION 0.85
#define AW_TRAIN_POWER_FRACTION_LOW 0.6
#define AW_TRAIN_POWER_FRACTION_HIGH 1.0

/* Restarts, recomputed steps, evaluations, checkpoint stalls, as a share of
 * productive time, when GPU-hours are estimated from FLOPs (Llama 3: ">90%
 * effective training time" over 54 days with 466 interruptions -> 1/0.9 - 1
 * = 0.11; the range is our estimate). */
#define AW_TRAIN_OVERHEAD 0.10
#define AW_TRAIN_OVERHEAD_LOW 0.05
#define AW_TRAIN_OVERHEAD_HIGH 0.25

/* Targets of the training binding: a double field of aw_train_resolved. */
enum { AW__TRAIN_TARGET_FIELD = 1 };

/* Resolves `req` into est->inputs (catalog lookups, preset conditions,
 * defaults) and the published figures, then evaluates. When `set` is not
 * NULL, every uncertain number the estimate depends on is added to it (its
 * range, with offsetof(struct aw_train_resolved, field) as target). */
aw_status aw__train_resolve(const aw_catalog *cat, const struct aw_train_request *req,
                            struct aw_train_estimate *est, struct aw_uncertain_set *set,
                            struct aw_diag *diag);

#endif
