/*
 * group_catalog.c - the group setups of group_catalog.h.
 */
#include "test_support.h"
#include "group_catalog.h"

aw_catalog *cat;

static int loaded(aw_catalog *c)
{
    cat = c;
    return cat == NULL;
}

int default_catalog_setup(void **state)
{
    (void)state;
    return loaded(default_catalog());
}

int minimal_catalog_setup(void **state)
{
    (void)state;
    return loaded(fixture_catalog("minimal.json"));
}

int impacts_catalog_setup(void **state)
{
    (void)state;
    return loaded(fixture_catalog("impacts.json"));
}

int diffusion_catalog_setup(void **state)
{
    (void)state;
    return loaded(fixture_catalog("diffusion.json"));
}

int catalog_teardown(void **state)
{
    (void)state;
    aw_catalog_free(cat);
    cat = NULL;
    return 0;
}
