/*
 * linear_outcome.h - the outcome of the toy models that drive the Monte
 * Carlo engine in its unit tests (test_uncertainty.c) and its benchmark
 * (bench/montecarlo.c): every output a fixed multiple of the facility
 * energy, so that each output's quantiles follow from the facility's.
 * No cmocka here: the benchmark includes it too.
 */
#ifndef AIWATT_LINEAR_OUTCOME_H
#define AIWATT_LINEAR_OUTCOME_H

#include "aiwatt.h"

/* The ladder at 0.5 / 0.7 / 0.8 / 1 x facility_wh, 2 gCO2e and 3 mL of
 * water per facility Wh. */
static inline void linear_outcome(double facility_wh, struct aw_outcome *o)
{
    o->wh.accelerator_wh = 0.5 * facility_wh;
    o->wh.server_wh = 0.7 * facility_wh;
    o->wh.it_wh = 0.8 * facility_wh;
    o->wh.facility_wh = facility_wh;
    o->co2_g = 2 * facility_wh;
    o->water_ml = 3 * facility_wh;
}

#endif
