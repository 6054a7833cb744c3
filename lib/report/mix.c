/*
 * mix.c - the average query: a profile of request kinds with their shares
 * (catalog section "profiles"), each estimated on its own, then weighted.
 * This is how a ~0.2 Wh text request and a ~0.34 Wh "average query" are both
 * true: the average carries the long, reasoning and image requests too.
 * The profile is the catalog's typed record (lib/catalog/profiles.c).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"
#include "catalog/catalog_internal.h"
#include "request/request_internal.h"
#include "json_rows.h"

aw_status aw_mix_run(const aw_catalog *cat, const char *profile_id,
                     const struct aw_request *overrides, struct aw_mix_result *out,
                     struct aw_diag *diag)
{
    struct aw_diag local_diag;
    diag = aw__diag_begin(diag, &local_diag);
    memset(out, 0, sizeof *out);
    const struct aw__profile_record *p = aw__catalog_find_profile(cat, profile_id);
    if (p == NULL) {
        aw__hint_nearest(diag, aw_catalog_suggest(cat, AW_SECTION_PROFILES, profile_id),
                         "'aiwatt catalog list profiles' lists them",
                         "'aiwatt catalog list profiles' lists the profiles; add your own with "
                         "--catalog FILE");
        return aw__fail(diag, AW_E_NOT_FOUND, "unknown profile '%s'", profile_id);
    }
    /* Validated when merged: 1-64 kinds whose shares add up to 1. */
    const char *id = p->id;
    size_t n = p->n_kinds;
    out->kinds = calloc(n, sizeof *out->kinds);
    if (out->kinds == NULL)
        return aw__fail(diag, AW_E_NOMEM, "out of memory");
    out->profile_id = id;
    out->name = p->name;
    out->source = p->source;
    aw_status st = AW_OK;
    for (size_t i = 0; i < n; i++) {
        const struct aw__profile_kind *k = &p->kinds[i];
        struct aw_mix_kind *mk = &out->kinds[i];
        char where[160];
        snprintf(where, sizeof where, "profile '%s' kind %zu", id, i + 1);
        mk->kind = k->kind;
        mk->label = k->label;
        mk->note = k->note;
        mk->share = k->share;
        aw_request_init(&mk->request);
        st = aw__request_from_settings(&p->defaults, &mk->request, where, AW_CMD_ESTIMATE, diag);
        if (st == AW_OK)
            st = aw__request_from_settings(&k->request, &mk->request, where, AW_CMD_ESTIMATE,
                                           diag);
        if (st != AW_OK)
            goto fail;
        aw_request_apply_site(&mk->request, overrides);
        st = aw_estimate_request(cat, &mk->request, &mk->estimate, diag);
        if (st != AW_OK) {
            char inner[AW_DIAG_SIZE];
            snprintf(inner, sizeof inner, "%s", diag->msg);
            aw__fail(diag, st, "%s (%s): %s", where, mk->kind, inner);
            goto fail;
        }
        out->wh.accelerator_wh += mk->share * mk->estimate.wh.accelerator_wh;
        out->wh.server_wh += mk->share * mk->estimate.wh.server_wh;
        out->wh.it_wh += mk->share * mk->estimate.wh.it_wh;
        out->wh.facility_wh += mk->share * mk->estimate.wh.facility_wh;
        out->co2_g += mk->share * mk->estimate.co2_g;
        out->water_ml += mk->share * mk->estimate.water_ml;
        out->co2_market_g += mk->share * mk->estimate.co2_market_g;
        out->water_onsite_ml += mk->share * mk->estimate.water_onsite_ml;
        out->water_offsite_ml += mk->share * mk->estimate.water_offsite_ml;
        if (!mk->estimate.embodied.set || out->embodied_co2_g < 0)
            out->embodied_co2_g = -1;
        else
            out->embodied_co2_g += mk->share * mk->estimate.embodied.co2_g;
        out->n_kinds = i + 1;
    }
    return AW_OK;
fail:
    aw_mix_result_release(out);
    return st;
}

void aw_mix_result_release(struct aw_mix_result *res)
{
    if (res == NULL)
        return;
    free(res->kinds);
    memset(res, 0, sizeof *res);
}

static json_t *share_json(const void *kinds, size_t i)
{
    const struct aw_mix_kind *k = (const struct aw_mix_kind *)kinds + i;
    json_t *inputs = aw_estimate_to_json(&k->estimate);
    json_t *row = json_pack("{s:s, s:s, s:f, s:o, s:f, s:f, s:s?, s:O?}", "kind", k->kind, "label",
                            k->label, "share", k->share, "wh", aw_ladder_to_json(&k->estimate.wh),
                            "co2_g", k->estimate.co2_g, "water_ml", k->estimate.water_ml, "note",
                            k->note, "inputs", inputs ? json_object_get(inputs, "inputs") : NULL);
    json_decref(inputs);
    return row;
}

json_t *aw_mix_to_json(const struct aw_mix_result *res)
{
    json_t *shares = aw__json_rows(res->kinds, res->n_kinds, share_json);
    if (shares == NULL)
        return NULL;
    return json_pack("{s:s, s:s?, s:s?, s:o, s:f, s:f, s:f, s:f, s:f, s:o, s:o}", "profile",
                     res->profile_id, "name", res->name, "source", res->source, "wh",
                     aw_ladder_to_json(&res->wh), "co2_g", res->co2_g, "water_ml", res->water_ml,
                     "co2_market_g", res->co2_market_g, "water_onsite_ml", res->water_onsite_ml,
                     "water_offsite_ml", res->water_offsite_ml, "embodied_co2_g",
                     res->embodied_co2_g >= 0 ? json_real(res->embodied_co2_g) : json_null(),
                     "shares", shares);
}
