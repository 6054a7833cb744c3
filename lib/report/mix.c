/*
 * mix.c - the average query: a profile of request kinds with their shares
 * (catalog section "profiles"), each estimated on its own, then weighted.
 * This is how a ~0.2 Wh text request and a ~0.34 Wh "average query" are both
 * true: the average carries the long, reasoning and image requests too.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"

#define MAX_KINDS 64

/* A share is a number or {"value", "low", "high", "source"}. */
static int share_value(const json_t *v, double *out)
{
    if (json_is_object(v))
        v = json_object_get(v, "value");
    if (!json_is_number(v))
        return 0;
    *out = json_number_value(v);
    return *out >= 0 && *out <= 1;
}

aw_status aw_mix_run(const aw_catalog *cat, const char *profile_id,
                     const struct aw_request *overrides, struct aw_mix_result *out,
                     struct aw_diag *diag)
{
    struct aw_diag local_diag; /* diag may be NULL: the message is built here anyway */
    if (diag == NULL)
        diag = &local_diag;
    memset(out, 0, sizeof *out);
    aw_diag_clear(diag);
    const json_t *p = aw_catalog_entry_json(cat, AW_SECTION_PROFILES, profile_id);
    if (p == NULL) {
        const char *near = aw_catalog_suggest(cat, AW_SECTION_PROFILES, profile_id);
        if (near != NULL)
            aw__hint(diag, "did you mean '%s'? ('aiwatt catalog list profiles' lists them)", near);
        else
            aw__hint(diag, "'aiwatt catalog list profiles' lists the profiles; add your own with "
                           "--catalog FILE");
        return aw__fail(diag, AW_E_NOT_FOUND, "unknown profile '%s'", profile_id);
    }
    const char *id = json_string_value(json_object_get(p, "id"));
    const json_t *kinds = json_object_get(p, "kinds");
    const json_t *defaults = json_object_get(p, "defaults");
    size_t n = json_array_size(kinds);
    if (!json_is_array(kinds) || n == 0 || n > MAX_KINDS) {
        aw__hint(diag, "see data/README.md, section \"profiles\"");
        return aw__fail(diag, AW_E_PARSE, "profile '%s': \"kinds\" must be an array of 1-%d kinds",
                        id, MAX_KINDS);
    }
    out->kinds = calloc(n, sizeof *out->kinds);
    if (out->kinds == NULL)
        return aw__fail(diag, AW_E_NOMEM, "out of memory");
    out->profile_id = id;
    out->name = json_string_value(json_object_get(p, "name"));
    out->source = json_string_value(json_object_get(p, "source"));
    double share_sum = 0;
    aw_status st = AW_OK;
    for (size_t i = 0; i < n; i++) {
        const json_t *k = json_array_get(kinds, i);
        struct aw_mix_kind *mk = &out->kinds[i];
        char where[160];
        snprintf(where, sizeof where, "profile '%s' kind %zu", id, i + 1);
        mk->kind = json_string_value(json_object_get(k, "kind"));
        mk->label = json_string_value(json_object_get(k, "label"));
        mk->note = json_string_value(json_object_get(k, "note"));
        if (mk->kind == NULL || mk->label == NULL) {
            aw__hint(diag, "see data/README.md, section \"profiles\"");
            st = aw__fail(diag, AW_E_PARSE, "%s: needs \"kind\" and \"label\" strings", where);
            goto fail;
        }
        if (!share_value(json_object_get(k, "share"), &mk->share)) {
            aw__hint(diag, "write \"share\": 0.1 or {\"value\": 0.1, \"low\": 0.05, \"high\": 0.2}");
            st = aw__fail(diag, AW_E_PARSE, "%s: \"share\" must be a number from 0 to 1", where);
            goto fail;
        }
        share_sum += mk->share;
        aw_request_init(&mk->request);
        if (defaults != NULL) {
            st = aw_request_from_json(defaults, &mk->request, where, diag);
            if (st != AW_OK)
                goto fail;
        }
        st = aw_request_from_json(json_object_get(k, "request"), &mk->request, where, diag);
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
    if (fabs(share_sum - 1.0) > 1e-3) {
        aw__hint(diag, "make the shares of profile '%s' add up to 1", id);
        st = aw__fail(diag, AW_E_PARSE, "profile '%s': shares add up to %.4f, not 1", id, share_sum);
        goto fail;
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

json_t *aw_mix_to_json(const struct aw_mix_result *res)
{
    json_t *shares = json_array();
    if (shares == NULL)
        return NULL;
    for (size_t i = 0; i < res->n_kinds; i++) {
        const struct aw_mix_kind *k = &res->kinds[i];
        json_t *inputs = aw_estimate_to_json(&k->estimate);
        json_t *row = json_pack("{s:s, s:s, s:f, s:o, s:f, s:f, s:s?, s:O?}", "kind", k->kind, "label",
                                k->label, "share", k->share, "wh", aw_ladder_to_json(&k->estimate.wh),
                                "co2_g", k->estimate.co2_g, "water_ml", k->estimate.water_ml, "note",
                                k->note, "inputs", inputs ? json_object_get(inputs, "inputs") : NULL);
        json_decref(inputs);
        if (row == NULL || json_array_append_new(shares, row) != 0) {
            json_decref(shares);
            return NULL;
        }
    }
    return json_pack("{s:s, s:s?, s:s?, s:o, s:f, s:f, s:f, s:f, s:f, s:o, s:o}", "profile",
                     res->profile_id, "name", res->name, "source", res->source, "wh",
                     aw_ladder_to_json(&res->wh), "co2_g", res->co2_g, "water_ml", res->water_ml,
                     "co2_market_g", res->co2_market_g, "water_onsite_ml", res->water_onsite_ml,
                     "water_offsite_ml", res->water_offsite_ml, "embodied_co2_g",
                     res->embodied_co2_g >= 0 ? json_real(res->embodied_co2_g) : json_null(),
                     "shares", shares);
}
