/*
 * test_units.c - the one unit table (include/aiwatt/units.h): the lookup,
 * the readable-unit picker, and the catalog's readers built on them.
 */
#include <math.h>
#include <string.h>
#include "internal.h"
#include "catalog/catalog_internal.h"
#include "test_support.h"

static void test_find(void **state)
{
    (void)state;
    const struct aw_unit *u = aw_unit_find("kWh");
    assert_non_null(u);
    assert_string_equal(u->name, "kWh");
    assert_int_equal(u->kind, AW_UNIT_ENERGY);
    assert_close(u->to_base, 1000, 0);
    assert_null(u->period);
    assert_true(u->readable);
    /* 1 MJ = 1e6 J / 3600 J/Wh = 277.78 Wh. */
    assert_close(aw_unit_find("MJ")->to_base, 277.7777777777778, 1e-15);
    assert_false(aw_unit_find("MJ")->readable);
    /* A per-period form: a yearly energy, not a ladder step. */
    u = aw_unit_find("TWh/yr");
    assert_non_null(u);
    assert_close(u->to_base, 1e12, 0);
    assert_string_equal(u->period, "yr");
    assert_false(u->readable);
    assert_string_equal(aw_unit_find("MWh/day")->period, "day");
    /* Mass, CO2e, water, resource, GPU time and FLOP, with their bases. */
    assert_int_equal(aw_unit_find("t")->kind, AW_UNIT_MASS);
    assert_close(aw_unit_find("t")->to_base, 1e6, 0);
    assert_int_equal(aw_unit_find("ktCO2e")->kind, AW_UNIT_CO2E);
    assert_close(aw_unit_find("ktCO2e")->to_base, 1e9, 0);
    assert_int_equal(aw_unit_find("m3")->kind, AW_UNIT_WATER);
    assert_close(aw_unit_find("m3")->to_base, 1e6, 0);
    assert_int_equal(aw_unit_find("mg Sb eq")->kind, AW_UNIT_RESOURCE);
    assert_close(aw_unit_find("mg Sb eq")->to_base, 1e-6, 0);
    assert_int_equal(aw_unit_find("GPU-hours")->kind, AW_UNIT_GPU_TIME);
    assert_int_equal(aw_unit_find("FLOP")->kind, AW_UNIT_FLOP);
    /* Unknown: case matters (mWh is a milliwatt-hour), no prefixes, NULL. */
    assert_null(aw_unit_find("mWh"));
    assert_null(aw_unit_find("kwh"));
    assert_null(aw_unit_find("MWh/week"));
    assert_null(aw_unit_find("Wh per query"));
    assert_null(aw_unit_find(""));
    assert_null(aw_unit_find(NULL));
}

static void test_readable(void **state)
{
    (void)state;
    /* The largest step not above the amount; below the first, the first. */
    assert_string_equal(aw_unit_readable(AW_UNIT_ENERGY, 0)->name, "Wh");
    assert_string_equal(aw_unit_readable(AW_UNIT_ENERGY, 0.3)->name, "Wh");
    assert_string_equal(aw_unit_readable(AW_UNIT_ENERGY, 999.5)->name, "Wh");
    assert_string_equal(aw_unit_readable(AW_UNIT_ENERGY, 1000)->name, "kWh");
    assert_string_equal(aw_unit_readable(AW_UNIT_ENERGY, -2500)->name, "kWh");
    assert_string_equal(aw_unit_readable(AW_UNIT_ENERGY, 2.78e8)->name, "MWh");
    assert_string_equal(aw_unit_readable(AW_UNIT_ENERGY, 1.29e9)->name, "GWh");
    assert_string_equal(aw_unit_readable(AW_UNIT_ENERGY, 1e15)->name, "TWh");
    assert_string_equal(aw_unit_readable(AW_UNIT_ENERGY, NAN)->name, "Wh");
    assert_string_equal(aw_unit_readable(AW_UNIT_ENERGY, INFINITY)->name, "TWh");
    /* Never a joule or a per-period form. */
    assert_string_equal(aw_unit_readable(AW_UNIT_ENERGY, 0.001)->name, "Wh");
    assert_string_equal(aw_unit_readable(AW_UNIT_CO2E, 5.2e7)->name, "tCO2e");
    assert_string_equal(aw_unit_readable(AW_UNIT_MASS, 5.2e13)->name, "t");
    assert_string_equal(aw_unit_readable(AW_UNIT_WATER, 999)->name, "mL");
    assert_string_equal(aw_unit_readable(AW_UNIT_WATER, 1500)->name, "L");
    assert_string_equal(aw_unit_readable(AW_UNIT_RESOURCE, 0.5)->name, "mg Sb eq");
    assert_null(aw_unit_readable(AW_UNIT_KIND_COUNT, 1));
}

/* The catalog's readers: energy in Wh per unit, impacts per base unit. */
static void test_catalog_readers(void **state)
{
    (void)state;
    assert_close(aw__energy_unit_wh("GWh/yr"), 1e9, 0);
    assert_close(aw__energy_unit_wh("kJ"), 1 / 3.6, 1e-15);
    assert_close(aw__energy_unit_wh("kg"), 0, 0);
    assert_close(aw__energy_unit_wh(NULL), 0, 0);
    assert_close(aw__impact_unit_per_base("L"), 1e-3, 0);
    assert_close(aw__impact_unit_per_base("kgCO2e"), 1e-3, 0);
    assert_close(aw__impact_unit_per_base("mg Sb eq"), 1e6, 0);
    assert_close(aw__impact_unit_per_base("kWh"), 0, 0);
    assert_close(aw__impact_unit_per_base("lb"), 0, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_find),
        cmocka_unit_test(test_readable),
        cmocka_unit_test(test_catalog_readers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
