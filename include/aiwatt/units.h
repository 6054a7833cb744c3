/*
 * units.h - the one unit table: every unit a catalog figure or an output
 * is written in, its quantity kind and its factor to the kind's base unit.
 *
 * The catalog reads published figures through it (comparisons, references,
 * training runs), and the reports and the CLI pick the readable unit of an
 * amount through it ("278 MWh", not "2.78e+08 Wh").
 */
#ifndef AIWATT_UNITS_H
#define AIWATT_UNITS_H

#include "aiwatt/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* What a unit measures; the base unit of each kind in brackets. */
enum aw_unit_kind {
    AW_UNIT_ENERGY = 0, /* [Wh] Wh, kWh, ..., J, and per-period forms */
    AW_UNIT_MASS,       /* [g] g, kg, t (a CO2 figure written as a mass) */
    AW_UNIT_CO2E,       /* [g CO2e] gCO2e, kgCO2e, tCO2e, ktCO2e, MtCO2e */
    AW_UNIT_WATER,      /* [mL] mL, L, m3 */
    AW_UNIT_RESOURCE,   /* [kg Sb eq] abiotic depletion: mg Sb eq, kg Sb eq */
    AW_UNIT_GPU_TIME,   /* [GPU-hours] accelerator time */
    AW_UNIT_FLOP,       /* [FLOP] floating-point operations */
    AW_UNIT_KIND_COUNT
};

struct aw_unit {
    const char *name;       /* as written: "kWh", "MWh/day", "kg Sb eq" */
    enum aw_unit_kind kind;
    double to_base;         /* base units in one of this unit (kWh: 1000 Wh) */
    const char *period;     /* NULL, or "day", "yr": an amount over that
                               period (a yearly energy "TWh/yr") */
    int readable;           /* 1: a step of the kind's ladder, which
                               aw_unit_readable() may pick */
};

/* The unit named `name` (exact, case-sensitive: "mWh" is not "MWh"); NULL
 * when unknown or NULL. The record is static. */
AW_API const struct aw_unit *aw_unit_find(const char *name);

/* The readable unit of kind `kind` for an amount of `base_value` base units:
 * the largest ladder step not above |base_value| (999.5 Wh: Wh; 1000 Wh:
 * kWh; -2500 Wh: kWh; beyond the last step, the last: 1e15 Wh is 1000 TWh),
 * else the smallest step (0, 0.3 Wh, NaN: Wh). NULL for an unknown kind. */
AW_API const struct aw_unit *aw_unit_readable(enum aw_unit_kind kind, double base_value);

#ifdef __cplusplus
}
#endif

#endif /* AIWATT_UNITS_H */
