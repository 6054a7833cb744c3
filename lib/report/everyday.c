/*
 * everyday.c - an energy in everyday units (phone charges, kettle boils,
 * kilometres by electric car), from the catalog's "comparisons" section.
 */
#include <string.h>
#include <jansson.h>
#include "internal.h"

/* The everyday units, in the order they are shown. */
static const char *const everyday_ids[AW_EVERYDAY_MAX] = {"phone-charge", "kettle-boil", "ev-km"};

/* A comparison's Wh per unit (a number or {"value": ...}); 0 when absent. */
static double wh_of(const json_t *c)
{
    const json_t *v = json_object_get(c, "value");
    if (json_is_object(v))
        v = json_object_get(v, "value");
    const char *unit = json_string_value(json_object_get(c, "unit"));
    if (!json_is_number(v) || unit == NULL || strcmp(unit, "Wh") != 0)
        return 0;
    return json_number_value(v);
}

size_t aw_everyday_equivalents(const aw_catalog *cat, double wh, struct aw_everyday *out,
                               size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < AW_EVERYDAY_MAX && n < max; i++) {
        const json_t *c = aw_catalog_entry_json(cat, AW_SECTION_COMPARISONS, everyday_ids[i]);
        double each = c != NULL ? wh_of(c) : 0;
        if (!(each > 0))
            continue;
        out[n].id = everyday_ids[i];
        out[n].name = json_string_value(json_object_get(c, "name"));
        out[n].per = json_string_value(json_object_get(c, "per"));
        out[n].source = json_string_value(json_object_get(c, "source"));
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
