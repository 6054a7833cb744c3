/*
 * uncertain_internal.h - helpers the uncertainty bindings share (lib/ only).
 */
#ifndef AIWATT_UNCERTAIN_INTERNAL_H
#define AIWATT_UNCERTAIN_INTERNAL_H

#include <stddef.h>
#include "internal.h"
#include "aiwatt/uncertainty.h"

/* Adds an input to `set` unless it is not uncertain (low == high), its
 * range does not hold `value`, or the set is full. dist < 0: triangular,
 * or log-triangular when high > 3 x low > 0. Returns the index or -1. */
int aw__uncertain_push(struct aw_uncertain_set *set, const char *name, const char *source,
                       double value, double low, double high, int dist, int target,
                       size_t offset);

/* Same, for a catalog number: its range, and its own source and
 * distribution when the catalog gives them (else the source of the entry
 * `id` of `section`, and the default distribution). */
int aw__uncertain_push_num(struct aw_uncertain_set *set, const char *name,
                           const struct aw_num *num, const aw_catalog *cat,
                           enum aw_section section, const char *id, int target,
                           size_t offset);

/* A model the uncertainty runs draw on: `size` bytes on the heap (the
 * models hold two estimates, too big for the stack), filled by `init` from
 * the catalog and a request, its uncertain inputs at `set_offset`. */
struct aw__binding {
    size_t size;
    size_t set_offset;
    aw_status (*init)(void *model, const aw_catalog *cat, const void *req,
                      struct aw_diag *diag);
    aw_outcome_fn eval;
};

/* Defines `static const struct aw__binding NAME` for a model type with a
 * `set` member and its typed init (model, catalog, its own request type,
 * diag) and eval: the untyped adapter comes with it. */
#define AW__BINDING(NAME, MODEL, INIT, EVAL)                                                \
    static aw_status NAME##_init(void *model, const aw_catalog *cat, const void *req,      \
                                 struct aw_diag *diag)                                      \
    {                                                                                       \
        return INIT((MODEL *)model, cat, req, diag);                                        \
    }                                                                                       \
    static const struct aw__binding NAME = {sizeof(MODEL), offsetof(MODEL, set), NAME##_init, \
                                            EVAL}

/* Builds the binding's model for `req`, then runs the sensitivity tornado
 * into `sens` (tornado != 0) or Monte Carlo with n draws into `mc`. */
aw_status aw__binding_run(const struct aw__binding *b, const aw_catalog *cat, const void *req,
                          int tornado, size_t n, unsigned long seed,
                          struct aw_uncertainty *mc, struct aw_sensitivity *sens,
                          struct aw_diag *diag);

#endif
