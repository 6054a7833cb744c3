/*
 * reference.c - the reference library (catalog section "references"): its
 * entries, parsed and validated when the catalog is merged
 * (lib/catalog/references.c), as the public struct aw_reference.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "reproduce_internal.h"

const struct aw__reference_record *aw__reference_entry(const aw_catalog *cat, const char *id)
{
    return aw__catalog_find_reference(cat, id);
}

void aw__method_params_from_record(const struct aw__reference_record *r,
                                   struct aw_method_params *mp)
{
    for (size_t i = 0; i < AW__METHOD_PARAM_COUNT; i++) {
        if (r->params[i] > 0)
            *(double *)(void *)((char *)mp + aw__method_param_keys[i].offset) = r->params[i];
    }
}

aw_status aw_reference_get(const aw_catalog *cat, const char *id, struct aw_reference *out,
                           struct aw_diag *diag)
{
    memset(out, 0, sizeof *out);
    out->low = out->high = NAN;
    const struct aw__reference_record *r = aw__reference_entry(cat, id);
    if (r == NULL) {
        aw__hint_nearest(diag, aw_catalog_suggest(cat, AW_SECTION_REFERENCES, id),
                         "'aiwatt refs list' lists them all",
                         "'aiwatt refs list' lists the references");
        return aw__fail(diag, AW_E_NOT_FOUND, "unknown reference '%s'", id);
    }
    out->id = r->id;
    out->name = r->name;
    out->kind = r->kind;
    out->quantity = r->quantity;
    out->value = r->value;
    out->low = r->low;
    out->high = r->high;
    out->unit = r->unit;
    out->unit_wh = r->unit_wh;
    out->boundary = r->boundary;
    out->boundary_detail = r->boundary_detail;
    out->model = r->model;
    out->hardware = r->hardware;
    out->conditions = r->conditions;
    out->date = r->date;
    out->source = r->source;
    out->url = r->url;
    out->confidence = r->confidence == AW_ESTIMATE ? "estimate" : "confirmed";
    out->method = r->method;
    out->has_estimate = r->has_estimate;
    out->impact = r->impact;
    out->has_published_ladder = r->has_published_ladder;
    if (r->has_published_ladder) {
        out->published_wh.accelerator_wh = r->published_wh[0];
        out->published_wh.server_wh = r->published_wh[1];
        out->published_wh.it_wh = r->published_wh[2];
        out->published_wh.facility_wh = r->published_wh[3];
    }
    return AW_OK;
}

int aw_reference_has_scenario(const aw_catalog *cat, const char *id)
{
    const struct aw__reference_record *r = aw__reference_entry(cat, id);
    return r != NULL && r->has_scenario;
}
