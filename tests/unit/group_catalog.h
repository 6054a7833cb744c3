/*
 * group_catalog.h - the catalog a group of cmocka tests shares: a group
 * setup loads it into `cat` (the embedded default or a fixture under
 * tests/fixtures/catalog/), catalog_teardown frees it. Linked into every
 * unit test (group_catalog.c); a test that has its own `cat` leaves this
 * header out.
 */
#ifndef AIWATT_GROUP_CATALOG_H
#define AIWATT_GROUP_CATALOG_H

#include "aiwatt.h"

extern aw_catalog *cat;

int default_catalog_setup(void **state);   /* the embedded default catalog */
int minimal_catalog_setup(void **state);   /* fixture minimal.json */
int impacts_catalog_setup(void **state);   /* fixture impacts.json */
int diffusion_catalog_setup(void **state); /* fixture diffusion.json */
int catalog_teardown(void **state);

#endif
