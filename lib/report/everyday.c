/*
 * everyday.c - an energy in everyday units (phone charges, kettle boils,
 * kilometres by electric car), from the catalog's "comparisons" section.
 */
#include <string.h>
#include <jansson.h>
#include "internal.h"

/* The everyday units, in the order they are shown. */
static const char *const everyday_ids[AW_EVERYDAY_MAX] = {"phone-charge", "kettle-boil", "ev-km"};

size_t aw_everyday_equivalents(const aw_catalog *cat, double wh, struct aw_everyday *out,
                               size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < AW_EVERYDAY_MAX && n < max; i++) {
        const struct aw_comparison *c = aw_catalog_find_comparison(cat, everyday_ids[i]);
        double each = c != NULL && !c->is_power ? c->base : 0;
        if (!(each > 0))
            continue;
        out[n].id = everyday_ids[i];
        out[n].name = c->name;
        out[n].per = c->per;
        out[n].source = c->source;
        out[n].wh_each = each;
        out[n].count = wh / each;
        n++;
    }
    return n;
}

json_t *aw_everyday_to_json(const struct aw_everyday *e, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; a != NULL && i < n; i++) {
        json_t *o = json_pack("{s:s, s:s?, s:s?, s:f, s:f, s:s?}", "id", e[i].id, "name",
                              e[i].name, "per", e[i].per, "wh_each", e[i].wh_each, "count",
                              e[i].count, "source", e[i].source);
        if (o == NULL || json_array_append_new(a, o) != 0) {
            json_decref(o);
            json_decref(a);
            return NULL;
        }
    }
    return a;
}
