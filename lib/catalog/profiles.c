/*
 * profiles.c - the parser and validator of the catalog section "profiles"
 * (data/README.md): a query mix's kinds of request, their shares and their
 * requests (read through the request-field table and kept as settings),
 * read once when the catalog is merged (at build time for the default) into
 * struct aw__profile_record. Whether each kind estimates is found when the
 * mix runs (lib/report/mix.c).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "catalog_internal.h"

#define WHERE_SIZE 160

/* A share is a number or {"value", "low", "high", "source"}: its value, 0-1. */
static int share_value(json_t *v, double *out)
{
    if (json_is_object(v))
        v = json_object_get(v, "value");
    if (!json_is_number(v))
        return 0;
    *out = json_number_value(v);
    return *out >= 0 && *out <= 1;
}

static aw_status parse_kind(json_t *k, size_t i, struct aw__profile_kind *mk,
                            struct aw__parse_ctx *ctx)
{
    char where[WHERE_SIZE];
    snprintf(where, sizeof where, "%s: profiles '%s' kind %zu", ctx->origin, ctx->id, i + 1);
    if (!json_is_object(k))
        return aw__catalog_field_error(ctx, "kinds", "each kind is an object");
    mk->kind = json_string_value(json_object_get(k, "kind"));
    mk->label = json_string_value(json_object_get(k, "label"));
    if (mk->kind == NULL || mk->label == NULL)
        return aw__catalog_field_error(ctx, "kinds", "each kind needs \"kind\" and \"label\" "
                                                     "strings");
    json_t *note = json_object_get(k, "note");
    if (note != NULL && !json_is_string(note))
        return aw__catalog_field_error(ctx, "note", "must be a string");
    mk->note = json_string_value(note);
    if (!share_value(json_object_get(k, "share"), &mk->share)) {
        aw__hint(ctx->diag, "write \"share\": 0.1 or {\"value\": 0.1, \"low\": 0.05, "
                            "\"high\": 0.2}");
        if (ctx->at != NULL)
            snprintf(ctx->at->field, sizeof ctx->at->field, "share");
        return aw__fail(ctx->diag, AW_E_PARSE, "%s: \"share\" must be a number from 0 to 1",
                        where);
    }
    if (json_object_get(k, "request") == NULL)
        return aw__catalog_field_error(ctx, "kinds", "each kind needs a \"request\" object");
    return aw__catalog_get_request(k, "request", where, "request", &mk->request, ctx);
}

aw_status aw__parse_profile(json_t *e, void *record, struct aw__parse_ctx *ctx)
{
    /* record is zeroed; members are set one by one (the generator checks
     * that its layout table covers every byte a parser writes). */
    struct aw__profile_record *p = record;
    TRY(aw__catalog_get_header(e, &p->id, &p->source, &p->confidence, ctx));
    TRY(aw__catalog_get_str(e, "name", 0, &p->name, ctx));
    char where[WHERE_SIZE];
    snprintf(where, sizeof where, "%s: profiles '%s': defaults", ctx->origin, ctx->id);
    TRY(aw__catalog_get_request(e, "defaults", where, "defaults", &p->defaults, ctx));
    json_t *kinds = json_object_get(e, "kinds");
    size_t n = json_array_size(kinds);
    if (!json_is_array(kinds) || n == 0 || n > AW__PROFILE_MAX_KINDS) {
        char what[64];
        snprintf(what, sizeof what, "must be an array of 1-%d kinds", AW__PROFILE_MAX_KINDS);
        return aw__catalog_field_error(ctx, "kinds", what);
    }
    struct aw__profile_kind *out = aw__catalog_alloc(ctx, n * sizeof *out);
    if (out == NULL)
        return aw__fail(ctx->diag, AW_E_NOMEM, "out of memory building the catalog");
    double share_sum = 0;
    for (size_t i = 0; i < n; i++) {
        TRY(parse_kind(json_array_get(kinds, i), i, &out[i], ctx));
        share_sum += out[i].share;
    }
    if (fabs(share_sum - 1.0) > 1e-3) {
        char what[64];
        snprintf(what, sizeof what, "shares add up to %.4f, not 1", share_sum);
        TRY(aw__catalog_field_error(ctx, "kinds", what));
    }
    p->kinds = out;
    p->n_kinds = n;
    return AW_OK;
}
