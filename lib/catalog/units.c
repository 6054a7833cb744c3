/*
 * units.c - the one unit table (include/aiwatt/units.h): the units of the
 * catalog's published figures and of every amount the reports write.
 */
#include <math.h>
#include <string.h>
#include "aiwatt.h"
#include "catalog_internal.h"

/* Each kind's ladder steps in increasing order, so aw_unit_readable() keeps
 * the last step not above the amount. */
static const struct aw_unit units[] = {
    {"Wh", AW_UNIT_ENERGY, 1, NULL, 1},
    {"kWh", AW_UNIT_ENERGY, 1e3, NULL, 1},
    {"MWh", AW_UNIT_ENERGY, 1e6, NULL, 1},
    {"GWh", AW_UNIT_ENERGY, 1e9, NULL, 1},
    {"TWh", AW_UNIT_ENERGY, 1e12, NULL, 1},
    {"J", AW_UNIT_ENERGY, 1.0 / 3600, NULL, 0},
    {"kJ", AW_UNIT_ENERGY, 1.0 / 3.6, NULL, 0},
    {"MJ", AW_UNIT_ENERGY, 1e6 / 3600, NULL, 0},
    {"MWh/day", AW_UNIT_ENERGY, 1e6, "day", 0},
    {"kWh/yr", AW_UNIT_ENERGY, 1e3, "yr", 0},
    {"MWh/yr", AW_UNIT_ENERGY, 1e6, "yr", 0},
    {"GWh/yr", AW_UNIT_ENERGY, 1e9, "yr", 0},
    {"TWh/yr", AW_UNIT_ENERGY, 1e12, "yr", 0},
    {"g", AW_UNIT_MASS, 1, NULL, 1},
    {"kg", AW_UNIT_MASS, 1e3, NULL, 1},
    {"t", AW_UNIT_MASS, 1e6, NULL, 1},
    {"gCO2e", AW_UNIT_CO2E, 1, NULL, 1},
    {"kgCO2e", AW_UNIT_CO2E, 1e3, NULL, 1},
    {"tCO2e", AW_UNIT_CO2E, 1e6, NULL, 1},
    {"ktCO2e", AW_UNIT_CO2E, 1e9, NULL, 1},
    {"MtCO2e", AW_UNIT_CO2E, 1e12, NULL, 1},
    {"mL", AW_UNIT_WATER, 1, NULL, 1},
    {"L", AW_UNIT_WATER, 1e3, NULL, 1},
    {"m3", AW_UNIT_WATER, 1e6, NULL, 1},
    {"mg Sb eq", AW_UNIT_RESOURCE, 1e-6, NULL, 1},
    {"kg Sb eq", AW_UNIT_RESOURCE, 1, NULL, 1},
    {"GPU-hours", AW_UNIT_GPU_TIME, 1, NULL, 1},
    {"FLOP", AW_UNIT_FLOP, 1, NULL, 1},
};

const struct aw_unit *aw_unit_find(const char *name)
{
    for (size_t i = 0; name != NULL && i < AW__COUNT(units); i++) {
        if (strcmp(name, units[i].name) == 0)
            return &units[i];
    }
    return NULL;
}

const struct aw_unit *aw_unit_readable(enum aw_unit_kind kind, double base_value)
{
    const struct aw_unit *pick = NULL;
    double size = fabs(base_value);
    for (size_t i = 0; i < AW__COUNT(units); i++) {
        const struct aw_unit *u = &units[i];
        if (u->kind != kind || !u->readable)
            continue;
        if (pick == NULL || size >= u->to_base)
            pick = u;
    }
    return pick;
}

double aw__energy_unit_wh(const char *unit)
{
    const struct aw_unit *u = aw_unit_find(unit);
    return u != NULL && u->kind == AW_UNIT_ENERGY ? u->to_base : 0;
}

double aw__impact_unit_per_base(const char *unit)
{
    const struct aw_unit *u = aw_unit_find(unit);
    if (u == NULL || u->period != NULL ||
        !(u->kind == AW_UNIT_MASS || u->kind == AW_UNIT_CO2E || u->kind == AW_UNIT_WATER ||
          u->kind == AW_UNIT_RESOURCE))
        return 0;
    return 1.0 / u->to_base;
}
