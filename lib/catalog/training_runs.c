/*
 * training_runs.c - the parser and validator of the catalog section
 * "training_runs" (data/README.md): the published conditions of a training
 * run, the presets of `aiwatt train`, read once when the catalog is merged
 * (at build time for the default) into struct aw__training_run_record.
 * Whether the model, hardware, data centre and grid it names exist is found
 * when the run is estimated (lib/train).
 */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include "catalog_internal.h"

/* The kind of unit each published quantity is written in (units.h). */
static const struct {
    const char *quantity;
    enum aw_unit_kind kind;
} quantity_kinds[] = {
    {"energy", AW_UNIT_ENERGY},
    {"co2", AW_UNIT_MASS},
    {"gpu_hours", AW_UNIT_GPU_TIME},
    {"flop", AW_UNIT_FLOP},
};

/* Base units (Wh, g, GPU-hours, FLOP) in one `unit` of `quantity`; 0 when
 * the unit is unknown, of another kind, or per period. */
static double unit_factor(const char *quantity, const char *unit)
{
    const struct aw_unit *u = aw_unit_find(unit);
    for (size_t i = 0; u != NULL && u->period == NULL && i < AW__COUNT(quantity_kinds); i++) {
        if (strcmp(quantity_kinds[i].quantity, quantity) == 0 && quantity_kinds[i].kind == u->kind)
            return u->to_base;
    }
    return 0;
}

static int boundary_known(const char *b)
{
    return strcmp(b, "accelerator") == 0 || strcmp(b, "server") == 0 || strcmp(b, "it") == 0 ||
           strcmp(b, "facility") == 0;
}

static aw_status bad(struct aw__parse_ctx *ctx, const char *what)
{
    return aw__catalog_field_error(ctx, "published", what);
}

/* One published figure of the run, to compare the estimate with. */
static aw_status parse_figure(json_t *item, struct aw_train_published *p,
                              struct aw__parse_ctx *ctx)
{
    if (!json_is_object(item))
        return bad(ctx, "each figure is an object");
    const char *conf = NULL;
    TRY(aw__catalog_get_str(item, "quantity", 0, &p->quantity, ctx));
    TRY(aw__catalog_get_str(item, "unit", 0, &p->unit, ctx));
    TRY(aw__catalog_get_str(item, "boundary", 0, &p->boundary, ctx));
    TRY(aw__catalog_get_str(item, "note", 0, &p->note, ctx));
    TRY(aw__catalog_get_str(item, "source", 0, &p->source, ctx));
    TRY(aw__catalog_get_str(item, "confidence", 0, &conf, ctx));
    if (p->quantity == NULL || p->unit == NULL || p->source == NULL || conf == NULL)
        return bad(ctx, "each figure needs quantity, value, unit, source and confidence");
    if (strcmp(conf, "confirmed") != 0 && strcmp(conf, "estimate") != 0)
        return bad(ctx, "confidence must be \"confirmed\" or \"estimate\"");
    p->confidence = conf;
    p->unit_factor = unit_factor(p->quantity, p->unit);
    if (p->unit_factor == 0)
        return bad(ctx, "quantity/unit must be energy in Wh|kWh|MWh|GWh|TWh|J|kJ|MJ, co2 in g|kg|t, "
                        "gpu_hours in GPU-hours or flop in FLOP");
    int is_energy = strcmp(p->quantity, "energy") == 0 || strcmp(p->quantity, "co2") == 0;
    if (is_energy && p->boundary == NULL)
        p->boundary = "facility";
    if (p->boundary != NULL && !boundary_known(p->boundary))
        return bad(ctx, "boundary must be accelerator, server, it or facility");
    struct aw_num v;
    TRY(aw__catalog_get_num(item, "value", 0, &v, ctx));
    if (!v.set || v.value <= 0)
        return bad(ctx, "value must be a positive number");
    p->value = v.value;
    p->low = v.low;
    p->high = v.high;
    json_t *claim = json_object_get(item, "claim");
    if (claim != NULL && !json_is_boolean(claim))
        return bad(ctx, "claim must be true or false");
    p->claim = claim != NULL && json_is_true(claim);
    return AW_OK;
}

static aw_status parse_published(json_t *e, struct aw__training_run_record *r,
                                 struct aw__parse_ctx *ctx)
{
    json_t *list = json_object_get(e, "published");
    if (list == NULL)
        return AW_OK;
    if (!json_is_array(list))
        return bad(ctx, "must be an array");
    size_t n = json_array_size(list);
    if (n > AW_TRAIN_MAX_PUBLISHED)
        return bad(ctx, "too many figures (at most 8)");
    struct aw_train_published *out = aw__catalog_alloc(ctx, n * sizeof *out);
    if (out == NULL)
        return aw__fail(ctx->diag, AW_E_NOMEM, "out of memory building the catalog");
    for (size_t i = 0; i < n; i++)
        TRY(parse_figure(json_array_get(list, i), &out[i], ctx));
    r->published = out;
    r->n_published = n;
    return AW_OK;
}

/* The run's texts and optional numbers, by catalog key, in the order they
 * are read. */
#define RUN_TEXT(key, required) {#key, offsetof(struct aw__training_run_record, key), required}
static const struct {
    const char *key;
    size_t offset;
    int required;
} run_texts[] = {
    RUN_TEXT(name, 0),      RUN_TEXT(model, 1),      RUN_TEXT(hardware, 0),
    RUN_TEXT(precision, 0), RUN_TEXT(datacenter, 0), RUN_TEXT(grid, 0),
};

#define RUN_NUM(key) {#key, offsetof(struct aw__training_run_record, key)}
static const struct {
    const char *key;
    size_t offset;
} run_nums[] = {
    RUN_NUM(tokens),   RUN_NUM(seq_len),  RUN_NUM(flop),      RUN_NUM(mfu),
    RUN_NUM(gpus),     RUN_NUM(days),     RUN_NUM(gpu_hours), RUN_NUM(overhead),
    RUN_NUM(system_power_w), RUN_NUM(pue), RUN_NUM(grid_gco2_per_kwh),
};

aw_status aw__parse_training_run(json_t *e, void *record, struct aw__parse_ctx *ctx)
{
    /* record is zeroed; members are set one by one (the generator checks
     * that its layout table covers every byte a parser writes). */
    struct aw__training_run_record *r = record;
    TRY(aw__catalog_get_header(e, &r->id, &r->source, &r->confidence, ctx));
    for (size_t i = 0; i < AW__COUNT(run_texts); i++)
        TRY(aw__catalog_get_str(e, run_texts[i].key, run_texts[i].required,
                                (const char **)((char *)r + run_texts[i].offset), ctx));
    if (r->precision != NULL && aw_precision_from_name(r->precision) < 0)
        return aw__catalog_field_error(ctx, "precision", "unknown precision");
    for (size_t i = 0; i < AW__COUNT(run_nums); i++)
        TRY(aw__catalog_get_num(e, run_nums[i].key, 0,
                                (struct aw_num *)((char *)r + run_nums[i].offset), ctx));
    if (r->mfu.set && !(r->mfu.value > 0 && r->mfu.value <= 1))
        return aw__catalog_field_error(ctx, "mfu", "must be in (0, 1]");
    if (r->pue.set && r->pue.value < 1.0)
        return aw__catalog_field_error(ctx, "pue", "must be at least 1.0");
    return parse_published(e, r, ctx);
}
