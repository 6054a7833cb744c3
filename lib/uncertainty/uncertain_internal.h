/*
 * uncertain_internal.h - helpers the uncertainty bindings share (lib/ only).
 */
#ifndef AIWATT_UNCERTAIN_INTERNAL_H
#define AIWATT_UNCERTAIN_INTERNAL_H

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

#endif
