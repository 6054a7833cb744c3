/*
 * catalog.c - the catalog: parsing, validation, merging and lookup.
 *
 * The merged catalog is kept as JSON (one object per section, id -> entry)
 * so `catalog show` prints exactly what was given, sources and ranges
 * included. Typed records are rebuilt from it after every merge; their
 * strings are borrowed from the JSON. A merge is all-or-nothing: the input is
 * parsed and every entry validated into a staged copy, which replaces the
 * current catalog only when everything succeeded.
 */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "internal.h"

#define CATALOG_SCHEMA "aiwatt-catalog/1"
#define CATALOG_MAX_FILE_BYTES (16u * 1024u * 1024u)

/* Where a value came from, for messages. */
struct parse_ctx {
    const char *origin;
    const char *section;
    const char *id;
    enum aw_confidence entry_confidence;
    struct aw_diag *diag;
};

typedef aw_status (*parse_fn)(json_t *entry, void *record, struct parse_ctx *ctx);

struct section_desc {
    const char *name;
    size_t record_size;
    parse_fn parse;
};

struct section_store {
    json_t *entries; /* object: id -> entry */
    json_t *aliases; /* object: alias -> id */
    char *records;   /* typed array, in id order */
    const char **ids;
    size_t count;
};

struct aw_catalog {
    struct section_store sections[AW_SECTION_COUNT];
};

/* ---- Field readers ---------------------------------------------------- */

static aw_status field_error(struct parse_ctx *ctx, const char *field, const char *what)
{
    aw__hint(ctx->diag, "see data/README.md for the catalog schema");
    return aw__fail(ctx->diag, AW_E_PARSE, "%s: %s '%s': field '%s': %s", ctx->origin,
                    ctx->section, ctx->id, field, what);
}

static int parse_confidence(const char *s, enum aw_confidence *out)
{
    if (strcmp(s, "confirmed") == 0) {
        *out = AW_CONFIRMED;
        return 1;
    }
    if (strcmp(s, "estimate") == 0) {
        *out = AW_ESTIMATE;
        return 1;
    }
    return 0;
}

/* A number is a plain JSON number, or {"value", "low", "high", "source",
 * "confidence"}. Every catalog number is finite and non-negative. */
static aw_status get_num(json_t *entry, const char *key, int required,
                         struct aw_num *out, struct parse_ctx *ctx)
{
    memset(out, 0, sizeof *out);
    json_t *v = json_object_get(entry, key);
    if (v == NULL || json_is_null(v)) {
        if (required)
            return field_error(ctx, key, "missing (required)");
        return AW_OK;
    }
    out->confidence = ctx->entry_confidence;
    if (json_is_number(v)) {
        out->value = out->low = out->high = json_number_value(v);
    } else if (json_is_object(v)) {
        json_t *val = json_object_get(v, "value");
        json_t *lo = json_object_get(v, "low");
        json_t *hi = json_object_get(v, "high");
        json_t *conf = json_object_get(v, "confidence");
        if (!json_is_number(val))
            return field_error(ctx, key, "an object number needs a numeric \"value\"");
        out->value = json_number_value(val);
        out->low = lo ? json_number_value(lo) : out->value;
        out->high = hi ? json_number_value(hi) : out->value;
        if ((lo && !json_is_number(lo)) || (hi && !json_is_number(hi)))
            return field_error(ctx, key, "\"low\" and \"high\" must be numbers");
        if (conf != NULL) {
            if (!json_is_string(conf) || !parse_confidence(json_string_value(conf), &out->confidence))
                return field_error(ctx, key, "confidence must be \"confirmed\" or \"estimate\"");
        }
        if (out->low > out->value || out->value > out->high)
            return field_error(ctx, key, "needs low <= value <= high");
    } else {
        return field_error(ctx, key, "not a number");
    }
    if (!isfinite(out->value) || !isfinite(out->low) || !isfinite(out->high))
        return field_error(ctx, key, "not a finite number");
    if (out->low < 0)
        return field_error(ctx, key, "must not be negative");
    out->set = 1;
    return AW_OK;
}

static aw_status get_positive(json_t *entry, const char *key, int required,
                              struct aw_num *out, struct parse_ctx *ctx)
{
    aw_status st = get_num(entry, key, required, out, ctx);
    if (st == AW_OK && out->set && out->low <= 0)
        return field_error(ctx, key, "must be greater than zero");
    return st;
}

static aw_status get_int(json_t *entry, const char *key, int required, int *out,
                         struct parse_ctx *ctx)
{
    struct aw_num n;
    aw_status st = get_num(entry, key, required, &n, ctx);
    if (st != AW_OK)
        return st;
    if (!n.set) {
        *out = 0;
        return AW_OK;
    }
    if (n.value != floor(n.value) || n.value > 1e9)
        return field_error(ctx, key, "must be a whole number below 1e9");
    *out = (int)n.value;
    return AW_OK;
}

static aw_status get_str(json_t *entry, const char *key, int required,
                         const char **out, struct parse_ctx *ctx)
{
    json_t *v = json_object_get(entry, key);
    *out = NULL;
    if (v == NULL || json_is_null(v)) {
        if (required)
            return field_error(ctx, key, "missing (required)");
        return AW_OK;
    }
    if (!json_is_string(v))
        return field_error(ctx, key, "not a string");
    *out = json_string_value(v);
    return AW_OK;
}

/* Common header of every entry: id, source, confidence. */
static aw_status get_header(json_t *entry, const char **id, const char **source,
                            enum aw_confidence *confidence, struct parse_ctx *ctx)
{
    aw_status st = get_str(entry, "id", 1, id, ctx);
    if (st != AW_OK)
        return st;
    st = get_str(entry, "source", 1, source, ctx);
    if (st != AW_OK)
        return st;
    const char *conf = NULL;
    st = get_str(entry, "confidence", 1, &conf, ctx);
    if (st != AW_OK)
        return st;
    if (!parse_confidence(conf, confidence))
        return field_error(ctx, "confidence", "must be \"confirmed\" or \"estimate\"");
    ctx->entry_confidence = *confidence;
    return AW_OK;
}

/* ---- Section parsers -------------------------------------------------- */

static const char *const precision_names[AW_PREC_COUNT] = {
    "fp32", "tf32", "bf16", "fp16", "fp8", "int8", "fp4", "int4"};

static aw_status parse_hardware(json_t *e, void *record, struct parse_ctx *ctx)
{
    struct aw_hardware *hw = record;
    TRY(get_header(e, &hw->id, &hw->source, &hw->confidence, ctx));
    TRY(get_str(e, "name", 1, &hw->name, ctx));
    TRY(get_str(e, "vendor", 0, &hw->vendor, ctx));
    TRY(get_str(e, "kind", 0, &hw->kind, ctx));
    TRY(get_str(e, "server", 0, &hw->server_id, ctx));
    TRY(get_int(e, "year", 0, &hw->year, ctx));
    TRY(get_positive(e, "memory_gb", 1, &hw->memory_gb, ctx));
    TRY(get_positive(e, "bandwidth_tbs", 1, &hw->bandwidth_tbs, ctx));
    TRY(get_positive(e, "max_power_w", 1, &hw->max_power_w, ctx));
    TRY(get_num(e, "idle_power_w", 1, &hw->idle_power_w, ctx));
    if (hw->idle_power_w.high >= hw->max_power_w.low)
        return field_error(ctx, "idle_power_w", "must be below max_power_w");
    TRY(get_num(e, "embodied_gwp_kg", 0, &hw->embodied_gwp_kg, ctx));
    TRY(get_num(e, "embodied_pe_mj", 0, &hw->embodied_pe_mj, ctx));
    TRY(get_num(e, "embodied_adpe_kg_sbeq", 0, &hw->embodied_adpe_kg_sbeq, ctx));
    json_t *tf = json_object_get(e, "tflops");
    if (!json_is_object(tf))
        return field_error(ctx, "tflops", "missing or not an object of precision -> TFLOPS");
    const char *key;
    json_t *val;
    json_object_foreach(tf, key, val) {
        int p = aw_precision_from_name(key);
        if (p < 0)
            return field_error(ctx, "tflops", "unknown precision (use fp32, tf32, bf16, "
                                              "fp16, fp8, int8, fp4, int4)");
        (void)val;
        TRY(get_positive(tf, key, 1, &hw->peak_tflops[p], ctx));
    }
    if (!hw->peak_tflops[AW_PREC_BF16].set && !hw->peak_tflops[AW_PREC_FP16].set)
        return field_error(ctx, "tflops", "needs a bf16 or fp16 peak");
    /* BF16 and FP16 share one peak on every chip we know; fill the twin. */
    if (!hw->peak_tflops[AW_PREC_BF16].set)
        hw->peak_tflops[AW_PREC_BF16] = hw->peak_tflops[AW_PREC_FP16];
    if (!hw->peak_tflops[AW_PREC_FP16].set)
        hw->peak_tflops[AW_PREC_FP16] = hw->peak_tflops[AW_PREC_BF16];
    return AW_OK;
}

static aw_status parse_server(json_t *e, void *record, struct parse_ctx *ctx)
{
    struct aw_server *sv = record;
    TRY(get_header(e, &sv->id, &sv->source, &sv->confidence, ctx));
    TRY(get_str(e, "name", 1, &sv->name, ctx));
    TRY(get_int(e, "accelerators", 1, &sv->accelerators, ctx));
    if (sv->accelerators < 1)
        return field_error(ctx, "accelerators", "must be at least 1");
    TRY(get_positive(e, "max_power_w", 0, &sv->max_power_w, ctx));
    TRY(get_num(e, "host_power_w", 1, &sv->host_power_w, ctx));
    TRY(get_num(e, "embodied_gwp_kg", 0, &sv->embodied_gwp_kg, ctx));
    TRY(get_num(e, "embodied_pe_mj", 0, &sv->embodied_pe_mj, ctx));
    TRY(get_num(e, "embodied_adpe_kg_sbeq", 0, &sv->embodied_adpe_kg_sbeq, ctx));
    TRY(get_str(e, "interconnect", 0, &sv->interconnect, ctx));
    TRY(get_positive(e, "link_bandwidth_gbs", 0, &sv->link_bandwidth_gbs, ctx));
    TRY(get_positive(e, "link_latency_us", 0, &sv->link_latency_us, ctx));
    return AW_OK;
}

static aw_status parse_engine(json_t *e, void *record, struct parse_ctx *ctx)
{
    struct aw_engine *en = record;
    TRY(get_header(e, &en->id, &en->source, &en->confidence, ctx));
    TRY(get_str(e, "name", 1, &en->name, ctx));
    TRY(get_num(e, "step_fixed_s", 1, &en->step_fixed_s, ctx));
    TRY(get_num(e, "per_sequence_s", 1, &en->per_sequence_s, ctx));
    TRY(get_num(e, "moe_fp8_layer_s", 0, &en->moe_fp8_layer_s, ctx));
    TRY(get_int(e, "prefill_chunk_tokens", 1, &en->prefill_chunk_tokens, ctx));
    if (en->step_fixed_s.low < 0 || en->step_fixed_s.high > 1)
        return field_error(ctx, "step_fixed_s", "must be between 0 and 1 s");
    if (en->per_sequence_s.low < 0 || en->per_sequence_s.high > 0.01)
        return field_error(ctx, "per_sequence_s", "must be between 0 and 0.01 s");
    if (en->prefill_chunk_tokens < 1)
        return field_error(ctx, "prefill_chunk_tokens", "must be at least 1");
    TRY(get_num(e, "overlap", 1, &en->overlap, ctx));
    if (en->overlap.high > 1)
        return field_error(ctx, "overlap", "is a share of the CPU work, 0 to 1");
    return AW_OK;
}

/* The "diffusion" object of an image or video model (data/README.md):
 * required for kind "image" and "video", refused for any other kind. */
static aw_status parse_diffusion(json_t *e, struct aw_model *m, struct parse_ctx *ctx)
{
    json_t *d = json_object_get(e, "diffusion");
    int generative = strcmp(m->kind, "image") == 0 || strcmp(m->kind, "video") == 0;
    if (d == NULL || json_is_null(d)) {
        if (generative)
            return field_error(ctx, "diffusion", "missing (required for kind image and video)");
        return AW_OK;
    }
    if (!generative)
        return field_error(ctx, "diffusion", "only image and video models have one");
    if (!json_is_object(d))
        return field_error(ctx, "diffusion", "must be an object");
    TRY(get_str(d, "architecture", 1, &m->architecture, ctx));
    int unet = strcmp(m->architecture, "unet") == 0;
    if (!unet && strcmp(m->architecture, "dit") != 0 && strcmp(m->architecture, "mmdit") != 0)
        return field_error(ctx, "diffusion.architecture", "must be unet, dit or mmdit");
    TRY(get_str(d, "attention", 0, &m->attention, ctx));
    if (m->attention == NULL)
        m->attention = "full";
    if (strcmp(m->attention, "full") != 0 && strcmp(m->attention, "linear") != 0)
        return field_error(ctx, "diffusion.attention", "must be full or linear");
    TRY(get_positive(d, "token_params", !unet, &m->token_params, ctx));
    TRY(get_positive(d, "unet_flop_ref", unet, &m->unet_flop_ref, ctx));
    TRY(get_num(d, "unet_attention_flop_ref", unet, &m->unet_attention_flop_ref, ctx));
    TRY(get_int(d, "ref_width", unet, &m->ref_width, ctx));
    TRY(get_int(d, "ref_height", unet, &m->ref_height, ctx));
    TRY(get_int(d, "patch", 0, &m->patch, ctx));
    TRY(get_int(d, "patch_t", 0, &m->patch_t, ctx));
    TRY(get_int(d, "vae_spatial", 1, &m->vae_spatial, ctx));
    TRY(get_int(d, "vae_temporal", 0, &m->vae_temporal, ctx));
    TRY(get_int(d, "latent_channels", 0, &m->latent_channels, ctx));
    TRY(get_int(d, "text_tokens", 1, &m->text_tokens, ctx));
    TRY(get_int(d, "cfg_passes", 1, &m->cfg_passes, ctx));
    TRY(get_int(d, "default_steps", 1, &m->default_steps, ctx));
    TRY(get_int(d, "default_width", 1, &m->default_width, ctx));
    TRY(get_int(d, "default_height", 1, &m->default_height, ctx));
    TRY(get_int(d, "default_frames", 0, &m->default_frames, ctx));
    TRY(get_num(d, "text_encoder_params", 1, &m->text_encoder_params, ctx));
    TRY(get_num(d, "text_encoder_flop", 1, &m->text_encoder_flop, ctx));
    TRY(get_num(d, "vae_decode_flop_per_pixel", 1, &m->vae_decode_flop_per_pixel, ctx));
    if (m->patch == 0)
        m->patch = 1;
    if (m->patch_t == 0)
        m->patch_t = 1;
    if (m->vae_temporal == 0)
        m->vae_temporal = 1;
    if (m->vae_spatial < 1)
        return field_error(ctx, "diffusion.vae_spatial", "must be at least 1");
    if (m->cfg_passes != 1 && m->cfg_passes != 2)
        return field_error(ctx, "diffusion.cfg_passes", "must be 1 (guidance distilled or "
                                                        "off) or 2 (a separate CFG pass)");
    if (m->default_steps < 1 || m->default_width < 1 || m->default_height < 1)
        return field_error(ctx, "diffusion", "default_steps, default_width and default_height "
                                             "must be at least 1");
    if (strcmp(m->kind, "video") == 0 && m->default_frames < 1)
        return field_error(ctx, "diffusion.default_frames", "a video model needs one");
    if (unet) {
        if (m->ref_width < 1 || m->ref_height < 1)
            return field_error(ctx, "diffusion.ref_width", "ref_width and ref_height must be "
                                                           "at least 1");
        if (m->unet_attention_flop_ref.value > m->unet_flop_ref.value)
            return field_error(ctx, "diffusion.unet_attention_flop_ref",
                               "must not exceed unet_flop_ref");
        if (strcmp(m->kind, "video") == 0)
            return field_error(ctx, "diffusion.architecture", "video models must be dit or mmdit");
    } else if (m->layers < 1 || m->d_model < 1) {
        return field_error(ctx, "layers", "a dit or mmdit denoiser needs layers and d_model");
    }
    if (strcmp(m->attention, "linear") == 0 && m->head_dim < 1)
        return field_error(ctx, "head_dim", "linear attention needs head_dim");
    return AW_OK;
}

static aw_status parse_model(json_t *e, void *record, struct parse_ctx *ctx)
{
    struct aw_model *m = record;
    TRY(get_header(e, &m->id, &m->source, &m->confidence, ctx));
    TRY(get_str(e, "name", 1, &m->name, ctx));
    TRY(get_str(e, "kind", 0, &m->kind, ctx));
    if (m->kind == NULL)
        m->kind = "llm";
    json_t *open = json_object_get(e, "open");
    if (open != NULL && !json_is_boolean(open))
        return field_error(ctx, "open", "must be true or false");
    m->open = open ? json_is_true(open) : 0;
    TRY(get_positive(e, "params_total", 1, &m->params_total, ctx));
    TRY(get_positive(e, "params_active", 0, &m->params_active, ctx));
    if (!m->params_active.set)
        m->params_active = m->params_total;
    if (m->params_active.value > m->params_total.value * 1.0001)
        return field_error(ctx, "params_active", "must not exceed params_total");
    TRY(get_int(e, "layers", 0, &m->layers, ctx));
    TRY(get_int(e, "d_model", 0, &m->d_model, ctx));
    TRY(get_int(e, "heads_q", 0, &m->heads_q, ctx));
    TRY(get_int(e, "heads_kv", 0, &m->heads_kv, ctx));
    TRY(get_int(e, "head_dim", 0, &m->head_dim, ctx));
    TRY(get_int(e, "d_ff", 0, &m->d_ff, ctx));
    TRY(get_int(e, "vocab", 0, &m->vocab, ctx));
    TRY(get_int(e, "experts", 0, &m->experts, ctx));
    TRY(get_int(e, "experts_active", 0, &m->experts_active, ctx));
    TRY(get_int(e, "shared_experts", 0, &m->shared_experts, ctx));
    TRY(get_int(e, "sliding_window", 0, &m->sliding_window, ctx));
    TRY(get_int(e, "local_layers", 0, &m->local_layers, ctx));
    TRY(get_int(e, "mla_kv_dim", 0, &m->mla_kv_dim, ctx));
    TRY(get_int(e, "max_context", 0, &m->max_context, ctx));
    TRY(get_num(e, "reasoning_tokens", 0, &m->reasoning_tokens, ctx));
    TRY(get_int(e, "moe_layers", 0, &m->moe_layers, ctx));
    json_t *vision = json_object_get(e, "vision");
    if (vision != NULL) {
        if (!json_is_object(vision))
            return field_error(ctx, "vision", "must be an object");
        TRY(get_positive(vision, "params", 1, &m->vision_params, ctx));
        TRY(get_int(vision, "patch_px", 0, &m->vision_patch_px, ctx));
        TRY(get_int(vision, "merge", 0, &m->vision_merge, ctx));
        TRY(get_int(vision, "max_tokens", 0, &m->vision_max_tokens, ctx));
        TRY(get_int(vision, "tile_px", 0, &m->vision_tile_px, ctx));
        TRY(get_int(vision, "tokens_per_tile", 0, &m->vision_tokens_per_tile, ctx));
        TRY(get_int(vision, "base_tokens", 0, &m->vision_base_tokens, ctx));
        TRY(get_int(vision, "max_tiles", 0, &m->vision_max_tiles, ctx));
        TRY(get_int(vision, "shortest_side_px", 0, &m->vision_shortest_side_px, ctx));
        if (m->vision_patch_px <= 0 && (m->vision_tile_px <= 0 || m->vision_tokens_per_tile <= 0))
            return field_error(ctx, "vision", "needs patch_px (ViT patches) or tile_px and "
                                              "tokens_per_tile (tiles)");
        if (m->vision_merge <= 0)
            m->vision_merge = 1;
    }
    TRY(parse_diffusion(e, m, ctx));
    if (m->experts > 0 && (m->experts_active < 1 || m->experts_active > m->experts))
        return field_error(ctx, "experts_active", "must be between 1 and experts");
    if (m->moe_layers < 0 || (m->layers > 0 && m->moe_layers > m->layers))
        return field_error(ctx, "moe_layers", "must be between 0 and layers");
    if (m->local_layers > m->layers)
        return field_error(ctx, "local_layers", "must not exceed layers");
    if (m->local_layers > 0 && m->sliding_window < 1)
        return field_error(ctx, "sliding_window", "local_layers needs a sliding_window");
    if (m->heads_kv > 0 && m->heads_q > 0 && m->heads_q % m->heads_kv != 0)
        return field_error(ctx, "heads_kv", "must divide heads_q");
    const char *prec = NULL;
    TRY(get_str(e, "precision", 0, &prec, ctx));
    m->precision = AW_PREC_BF16;
    if (prec != NULL) {
        int p = aw_precision_from_name(prec);
        if (p < 0)
            return field_error(ctx, "precision", "unknown precision");
        m->precision = (enum aw_precision)p;
    }
    return AW_OK;
}

static aw_status parse_datacenter(json_t *e, void *record, struct parse_ctx *ctx)
{
    struct aw_datacenter *dc = record;
    TRY(get_header(e, &dc->id, &dc->source, &dc->confidence, ctx));
    TRY(get_str(e, "name", 1, &dc->name, ctx));
    TRY(get_str(e, "grid", 1, &dc->grid_id, ctx));
    TRY(get_num(e, "pue", 1, &dc->pue, ctx));
    if (dc->pue.low < 1.0)
        return field_error(ctx, "pue", "must be at least 1.0 (facility energy / IT energy)");
    TRY(get_num(e, "reserve_share", 1, &dc->reserve_share, ctx));
    TRY(get_num(e, "wue_l_per_kwh", 1, &dc->wue_l_per_kwh, ctx));
    TRY(get_num(e, "market_gco2_per_kwh", 0, &dc->market_gco2_per_kwh, ctx));
    TRY(get_positive(e, "hardware_lifetime_years", 0, &dc->hardware_lifetime_years, ctx));
    TRY(get_positive(e, "hardware_utilisation", 0, &dc->hardware_utilisation, ctx));
    if (dc->hardware_utilisation.set && dc->hardware_utilisation.high > 1.0)
        return field_error(ctx, "hardware_utilisation", "must be a share in (0, 1]");
    return AW_OK;
}

static aw_status parse_grid(json_t *e, void *record, struct parse_ctx *ctx)
{
    struct aw_grid *g = record;
    TRY(get_header(e, &g->id, &g->source, &g->confidence, ctx));
    TRY(get_str(e, "name", 1, &g->name, ctx));
    TRY(get_int(e, "year", 0, &g->year, ctx));
    TRY(get_num(e, "gco2_per_kwh", 1, &g->gco2_per_kwh, ctx));
    TRY(get_num(e, "water_l_per_kwh", 1, &g->water_l_per_kwh, ctx));
    return AW_OK;
}

/* Sections whose entries are read as JSON (aw_catalog_entry_json) keep only
 * this header as their typed record; their own fields are validated by
 * the code that reads them. */
static aw_status parse_generic(json_t *e, void *record, struct parse_ctx *ctx)
{
    struct aw_entry *en = record;
    TRY(get_header(e, &en->id, &en->source, &en->confidence, ctx));
    TRY(get_str(e, "name", 0, &en->name, ctx));
    return AW_OK;
}

/* Adding a section: append to enum aw_section (include/aiwatt/catalog.h),
 * add a row here (parse_generic for JSON-read sections), and document it in
 * data/README.md. */
static const struct section_desc section_descs[AW_SECTION_COUNT] = {
    [AW_SECTION_HARDWARE] = {"hardware", sizeof(struct aw_hardware), parse_hardware},
    [AW_SECTION_SERVERS] = {"servers", sizeof(struct aw_server), parse_server},
    [AW_SECTION_MODELS] = {"models", sizeof(struct aw_model), parse_model},
    [AW_SECTION_DATACENTERS] = {"datacenters", sizeof(struct aw_datacenter), parse_datacenter},
    [AW_SECTION_GRIDS] = {"grids", sizeof(struct aw_grid), parse_grid},
    [AW_SECTION_PROFILES] = {"profiles", sizeof(struct aw_entry), parse_generic},
    [AW_SECTION_COMPARISONS] = {"comparisons", sizeof(struct aw_entry), parse_generic},
    [AW_SECTION_REFERENCES] = {"references", sizeof(struct aw_entry), parse_generic},
    [AW_SECTION_TRAINING_RUNS] = {"training_runs", sizeof(struct aw_entry), parse_generic},
    [AW_SECTION_ENGINES] = {"engines", sizeof(struct aw_engine), parse_engine},
};

/* ---- Names ------------------------------------------------------------ */

const char *aw_section_name(enum aw_section section)
{
    if ((int)section < 0 || section >= AW_SECTION_COUNT)
        return "unknown";
    return section_descs[section].name;
}

int aw_section_from_name(const char *name)
{
    for (int i = 0; i < AW_SECTION_COUNT; i++) {
        if (aw__strcaseeq(name, section_descs[i].name))
            return i;
    }
    return -1;
}

const char *aw_precision_name(enum aw_precision p)
{
    if ((int)p < 0 || p >= AW_PREC_COUNT)
        return "default";
    return precision_names[p];
}

int aw_precision_from_name(const char *name)
{
    for (int i = 0; i < AW_PREC_COUNT; i++) {
        if (aw__strcaseeq(name, precision_names[i]))
            return i;
    }
    return -1;
}

double aw_precision_bytes(enum aw_precision p)
{
    switch (p) {
    case AW_PREC_FP32:
    case AW_PREC_TF32:
        return 4.0;
    case AW_PREC_BF16:
    case AW_PREC_FP16:
        return 2.0;
    case AW_PREC_FP8:
    case AW_PREC_INT8:
        return 1.0;
    case AW_PREC_FP4:
    case AW_PREC_INT4:
        /* 4-bit values plus one 8- or 16-bit scale per group of 16-128:
         * MXFP4 is 4.25 bits/weight, GPTQ/AWQ at group 128 about 4.25. */
        return 0.53;
    case AW_PREC_COUNT:
    case AW_PREC_DEFAULT:
        break;
    }
    return 2.0;
}

/* ---- Store ------------------------------------------------------------ */

static void store_release_typed(struct section_store *s)
{
    free(s->records);
    free(s->ids);
    s->records = NULL;
    s->ids = NULL;
    s->count = 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Rebuilds the typed array of one section from its JSON, in id order. The
 * entries were validated when merged, so a failure here is only memory. */
static aw_status store_rebuild(struct section_store *s, enum aw_section sec,
                               struct aw_diag *diag)
{
    const struct section_desc *d = &section_descs[sec];
    size_t n = json_object_size(s->entries);
    const char **ids = calloc(n ? n : 1, sizeof *ids);
    char *records = calloc(n ? n : 1, d->record_size);
    if (ids == NULL || records == NULL) {
        free(ids);
        free(records);
        return aw__fail(diag, AW_E_NOMEM, "out of memory building the catalog");
    }
    size_t i = 0;
    const char *key;
    json_t *val;
    json_object_foreach(s->entries, key, val) ids[i++] = key;
    qsort(ids, n, sizeof *ids, cmp_str);
    for (i = 0; i < n; i++) {
        struct parse_ctx ctx = {"catalog", d->name, ids[i], AW_CONFIRMED, diag};
        aw_status st = d->parse(json_object_get(s->entries, ids[i]),
                                records + i * d->record_size, &ctx);
        if (st != AW_OK) {
            free(ids);
            free(records);
            return st;
        }
    }
    store_release_typed(s);
    s->ids = ids;
    s->records = records;
    s->count = n;
    return AW_OK;
}

aw_status aw_catalog_new(aw_catalog **out)
{
    *out = NULL;
    aw_catalog *cat = calloc(1, sizeof *cat);
    if (cat == NULL)
        return AW_E_NOMEM;
    for (int i = 0; i < AW_SECTION_COUNT; i++) {
        cat->sections[i].entries = json_object();
        cat->sections[i].aliases = json_object();
        if (cat->sections[i].entries == NULL || cat->sections[i].aliases == NULL) {
            aw_catalog_free(cat);
            return AW_E_NOMEM;
        }
    }
    *out = cat;
    return AW_OK;
}

void aw_catalog_free(aw_catalog *cat)
{
    if (cat == NULL)
        return;
    for (int i = 0; i < AW_SECTION_COUNT; i++) {
        store_release_typed(&cat->sections[i]);
        json_decref(cat->sections[i].entries);
        json_decref(cat->sections[i].aliases);
    }
    free(cat);
}

static int valid_id(const char *id)
{
    if (*id == '\0' || strlen(id) > 63)
        return 0;
    for (const char *p = id; *p; p++) {
        if (!(islower((unsigned char)*p) || isdigit((unsigned char)*p) || *p == '-' ||
              *p == '.' || *p == '_'))
            return 0;
    }
    return 1;
}

/* Validates one section array of the input and stages it into `staged`. */
static aw_status stage_section(json_t *array, enum aw_section sec, const char *origin,
                               json_t *staged_entries, json_t *staged_aliases,
                               struct aw_diag *diag)
{
    const struct section_desc *d = &section_descs[sec];
    if (!json_is_array(array)) {
        aw__hint(diag, "write \"%s\": [ {\"id\": ...}, ... ]", d->name);
        return aw__fail(diag, AW_E_PARSE, "%s: section '%s' must be an array of entries",
                        origin, d->name);
    }
    char *scratch = malloc(d->record_size);
    if (scratch == NULL)
        return aw__fail(diag, AW_E_NOMEM, "out of memory");
    aw_status st = AW_OK;
    size_t idx;
    json_t *entry;
    json_array_foreach(array, idx, entry) {
        if (!json_is_object(entry)) {
            st = aw__fail(diag, AW_E_PARSE, "%s: %s[%zu] is not an object", origin, d->name, idx);
            goto out;
        }
        json_t *idv = json_object_get(entry, "id");
        if (!json_is_string(idv) || !valid_id(json_string_value(idv))) {
            aw__hint(diag, "ids are lowercase letters, digits, '-', '.' or '_'");
            st = aw__fail(diag, AW_E_PARSE, "%s: %s[%zu]: missing or invalid \"id\"", origin,
                          d->name, idx);
            goto out;
        }
        const char *id = json_string_value(idv);
        memset(scratch, 0, d->record_size);
        struct parse_ctx ctx = {origin, d->name, id, AW_CONFIRMED, diag};
        st = d->parse(entry, scratch, &ctx);
        if (st != AW_OK)
            goto out;
        /* Remove aliases that pointed at the entry being replaced. Only a
         * replaced entry can have any: scanning them for every new entry
         * made a merge quadratic (22 s for a 6 MB catalog). */
        if (json_object_get(staged_entries, id) != NULL) {
            const char *akey;
            json_t *aval;
            void *tmp;
            json_object_foreach_safe(staged_aliases, tmp, akey, aval) {
                if (strcmp(json_string_value(aval), id) == 0)
                    json_object_del(staged_aliases, akey);
            }
        }
        if (json_object_get(staged_aliases, id) != NULL) {
            st = aw__fail(diag, AW_E_PARSE, "%s: %s '%s': id is already an alias of '%s'",
                          origin, d->name, id,
                          json_string_value(json_object_get(staged_aliases, id)));
            goto out;
        }
        if (json_object_set(staged_entries, id, entry) != 0) {
            st = aw__fail(diag, AW_E_NOMEM, "out of memory");
            goto out;
        }
        json_t *aliases = json_object_get(entry, "aliases");
        if (aliases != NULL && !json_is_array(aliases)) {
            st = aw__fail(diag, AW_E_PARSE, "%s: %s '%s': \"aliases\" must be an array", origin,
                          d->name, id);
            goto out;
        }
        size_t ai;
        json_t *alias;
        json_array_foreach(aliases, ai, alias) {
            const char *a = json_string_value(alias);
            if (a == NULL || !valid_id(a)) {
                st = aw__fail(diag, AW_E_PARSE, "%s: %s '%s': invalid alias", origin, d->name,
                              id);
                goto out;
            }
            json_t *prev = json_object_get(staged_aliases, a);
            if ((prev != NULL && strcmp(json_string_value(prev), id) != 0) ||
                (strcmp(a, id) != 0 && json_object_get(staged_entries, a) != NULL)) {
                st = aw__fail(diag, AW_E_PARSE, "%s: %s '%s': alias '%s' is already used",
                              origin, d->name, id, a);
                goto out;
            }
            if (json_object_set_new(staged_aliases, a, json_string(id)) != 0) {
                st = aw__fail(diag, AW_E_NOMEM, "out of memory");
                goto out;
            }
        }
    }
out:
    free(scratch);
    return st;
}

/* One parsed input of a merge. */
struct merge_input {
    const char *bytes;
    size_t len;
    const char *origin;
    int trusted; /* embedded default: duplicate keys are checked by the tests */
};

/* Validates the sections of one parsed root into the staged copies. */
static aw_status stage_root(const aw_catalog *cat, json_t *root, const char *origin,
                            json_t **staged_entries,
                            json_t **staged_aliases, int *touched, struct aw_diag *diag)
{
    if (!json_is_object(root))
        return aw__fail(diag, AW_E_PARSE, "%s: the top level must be a JSON object", origin);
    const char *key;
    json_t *val;
    json_object_foreach(root, key, val) {
        if (strcmp(key, "schema") == 0) {
            const char *schema = json_string_value(val);
            if (schema == NULL || strcmp(schema, CATALOG_SCHEMA) != 0) {
                aw__hint(diag, "write \"schema\": \"%s\"", CATALOG_SCHEMA);
                return aw__fail(diag, AW_E_PARSE, "%s: unsupported schema", origin);
            }
            continue;
        }
        if (strcmp(key, "comment") == 0 || strcmp(key, "$comment") == 0)
            continue;
        int sec = aw_section_from_name(key);
        if (sec < 0) {
            char known[256] = "";
            for (int i = 0; i < AW_SECTION_COUNT; i++) {
                strncat(known, i ? ", " : "", sizeof known - strlen(known) - 1);
                strncat(known, section_descs[i].name, sizeof known - strlen(known) - 1);
            }
            aw__hint(diag, "known sections: %s", known);
            return aw__fail(diag, AW_E_PARSE, "%s: unknown section '%s'", origin, key);
        }
        if (staged_entries[sec] == NULL) {
            /* Copy a section only when an input touches it. */
            staged_entries[sec] = json_copy(cat->sections[sec].entries);
            staged_aliases[sec] = json_copy(cat->sections[sec].aliases);
            if (staged_entries[sec] == NULL || staged_aliases[sec] == NULL)
                return aw__fail(diag, AW_E_NOMEM, "out of memory");
        }
        aw_status st = stage_section(val, (enum aw_section)sec, origin, staged_entries[sec],
                                     staged_aliases[sec], diag);
        if (st != AW_OK)
            return st;
        touched[sec] = 1;
    }
    return AW_OK;
}

/* Merges several inputs as one transaction: every input is parsed and every
 * entry validated into staged copies of the sections it touches; the typed
 * views of those sections are rebuilt once; only then is the catalog
 * changed. On any error nothing changes. */
static aw_status merge_inputs(aw_catalog *cat, const struct merge_input *inputs, size_t n,
                              struct aw_diag *diag)
{
    json_t *staged_entries[AW_SECTION_COUNT] = {0};
    json_t *staged_aliases[AW_SECTION_COUNT] = {0};
    int touched[AW_SECTION_COUNT] = {0};
    struct section_store fresh[AW_SECTION_COUNT];
    memset(fresh, 0, sizeof fresh);
    aw_status st = AW_OK;
    for (size_t k = 0; k < n; k++) {
        json_error_t jerr;
        /* Rejecting duplicate keys costs a third of the parse; the embedded
         * files are checked for them by tests/unit/test_catalog.c instead. */
        json_t *root = json_loadb(inputs[k].bytes, inputs[k].len,
                                  inputs[k].trusted ? 0 : JSON_REJECT_DUPLICATES, &jerr);
        if (root == NULL && json_error_code(&jerr) == json_error_out_of_memory) {
            st = aw__fail(diag, AW_E_NOMEM, "out of memory parsing %s", inputs[k].origin);
            goto out;
        }
        if (root == NULL) {
            aw__hint(diag, "fix the JSON syntax (a validator such as 'python3 -m json.tool' "
                           "shows the same position)");
            st = aw__fail(diag, AW_E_PARSE, "%s:%d:%d: %s", inputs[k].origin, jerr.line,
                          jerr.column, jerr.text);
            goto out;
        }
        st = stage_root(cat, root, inputs[k].origin, staged_entries, staged_aliases, touched,
                        diag);
        json_decref(root);
        if (st != AW_OK)
            goto out;
    }
    for (int i = 0; i < AW_SECTION_COUNT; i++) {
        if (!touched[i])
            continue;
        fresh[i].entries = staged_entries[i];
        fresh[i].aliases = staged_aliases[i];
        st = store_rebuild(&fresh[i], (enum aw_section)i, diag);
        if (st != AW_OK)
            goto out;
    }
    for (int i = 0; i < AW_SECTION_COUNT; i++) {
        if (!touched[i])
            continue;
        store_release_typed(&cat->sections[i]);
        json_decref(cat->sections[i].entries);
        json_decref(cat->sections[i].aliases);
        cat->sections[i] = fresh[i];
        staged_entries[i] = staged_aliases[i] = NULL;
        memset(&fresh[i], 0, sizeof fresh[i]);
    }
out:
    for (int i = 0; i < AW_SECTION_COUNT; i++) {
        /* fresh[i] borrows staged_*[i]: release the typed arrays only. */
        store_release_typed(&fresh[i]);
        json_decref(staged_entries[i]);
        json_decref(staged_aliases[i]);
    }
    return st;
}

aw_status aw_catalog_merge_json(aw_catalog *cat, const char *bytes, size_t len,
                                const char *origin, struct aw_diag *diag)
{
    struct merge_input in = {bytes, len, origin, 0};
    return merge_inputs(cat, &in, 1, diag);
}

aw_status aw_catalog_merge_file(aw_catalog *cat, const char *path, struct aw_diag *diag)
{
    char *bytes = NULL;
    size_t len = 0;
    aw_status st = aw__read_file(path, CATALOG_MAX_FILE_BYTES, &bytes, &len, diag);
    if (st != AW_OK)
        return st;
    st = aw_catalog_merge_json(cat, bytes, len, path, diag);
    free(bytes);
    return st;
}

aw_status aw_catalog_load_default(aw_catalog *cat, struct aw_diag *diag)
{
    return aw_catalog_load_default_sections(cat, 0, diag);
}

/* Does the embedded file hold a section of the mask? */
static int file_wanted(const struct aw__embedded_file *f, unsigned mask)
{
    if (mask == 0)
        return 1;
    /* Whatever estimates a text model needs its serving engine. */
    if (mask & AW_SECTION_BIT(AW_SECTION_MODELS))
        mask |= AW_SECTION_BIT(AW_SECTION_ENGINES);
    for (int i = 0; i < AW_SECTION_COUNT; i++) {
        char needle[64];
        snprintf(needle, sizeof needle, ",%s,", section_descs[i].name);
        if ((mask & AW_SECTION_BIT(i)) && strstr(f->sections, needle) != NULL)
            return 1;
    }
    return 0;
}

aw_status aw_catalog_load_default_sections(aw_catalog *cat, unsigned section_mask,
                                           struct aw_diag *diag)
{
    struct merge_input inputs[64];
    size_t n = 0;
    for (const struct aw__embedded_file *f = aw__embedded_files; f->name != NULL; f++) {
        if (!file_wanted(f, section_mask))
            continue;
        if (n == sizeof inputs / sizeof inputs[0])
            return aw__fail(diag, AW_E_RANGE, "too many embedded catalog files");
        inputs[n].bytes = (const char *)f->bytes;
        inputs[n].len = *f->len;
        inputs[n].origin = f->name;
        inputs[n].trusted = 1;
        n++;
    }
    return merge_inputs(cat, inputs, n, diag);
}

/* ---- Lookup ----------------------------------------------------------- */

static const void *find_record(const aw_catalog *cat, enum aw_section sec, const char *id)
{
    if (cat == NULL || id == NULL)
        return NULL;
    const struct section_store *s = &cat->sections[sec];
    char lower[64];
    size_t n = strlen(id);
    if (n == 0 || n >= sizeof lower)
        return NULL;
    for (size_t i = 0; i <= n; i++)
        lower[i] = (char)tolower((unsigned char)id[i]);
    const char *target = lower;
    json_t *alias = json_object_get(s->aliases, lower);
    if (json_object_get(s->entries, lower) == NULL && alias != NULL)
        target = json_string_value(alias);
    if (s->count == 0 || target == NULL)
        return NULL; /* bsearch on an empty (NULL) array is undefined */
    const char **hit = bsearch(&target, s->ids, s->count, sizeof *s->ids, cmp_str);
    if (hit == NULL)
        return NULL;
    return s->records + (size_t)(hit - s->ids) * section_descs[sec].record_size;
}

const struct aw_hardware *aw_catalog_find_hardware(const aw_catalog *cat, const char *id)
{
    return find_record(cat, AW_SECTION_HARDWARE, id);
}

const struct aw_server *aw_catalog_find_server(const aw_catalog *cat, const char *id)
{
    return find_record(cat, AW_SECTION_SERVERS, id);
}

const struct aw_model *aw_catalog_find_model(const aw_catalog *cat, const char *id)
{
    return find_record(cat, AW_SECTION_MODELS, id);
}

const struct aw_datacenter *aw_catalog_find_datacenter(const aw_catalog *cat, const char *id)
{
    return find_record(cat, AW_SECTION_DATACENTERS, id);
}

const struct aw_grid *aw_catalog_find_grid(const aw_catalog *cat, const char *id)
{
    return find_record(cat, AW_SECTION_GRIDS, id);
}

const struct aw_engine *aw_catalog_find_engine(const aw_catalog *cat, const char *id)
{
    return find_record(cat, AW_SECTION_ENGINES, id);
}

size_t aw_catalog_count(const aw_catalog *cat, enum aw_section section)
{
    if (cat == NULL || (int)section < 0 || section >= AW_SECTION_COUNT)
        return 0;
    return cat->sections[section].count;
}

const char *aw_catalog_id_at(const aw_catalog *cat, enum aw_section section, size_t i)
{
    if (i >= aw_catalog_count(cat, section))
        return NULL;
    return cat->sections[section].ids[i];
}

aw_status aw_catalog_locate(const aw_catalog *cat, const char *id, enum aw_section *section)
{
    for (int i = 0; i < AW_SECTION_COUNT; i++) {
        if (find_record(cat, (enum aw_section)i, id) != NULL) {
            *section = (enum aw_section)i;
            return AW_OK;
        }
    }
    return AW_E_NOT_FOUND;
}

const char *aw_catalog_suggest(const aw_catalog *cat, enum aw_section section, const char *id)
{
    if (cat == NULL || id == NULL || (int)section < 0 || section >= AW_SECTION_COUNT)
        return NULL;
    const struct section_store *s = &cat->sections[section];
    /* Allow about one typo in three characters, at least two. */
    size_t cap = strlen(id) / 3 + 2;
    size_t best = cap;
    const char *best_id = NULL;
    for (size_t i = 0; i < s->count; i++) {
        size_t d = aw__edit_distance(id, s->ids[i], cap);
        if (d < best) {
            best = d;
            best_id = s->ids[i];
        }
    }
    const char *key;
    json_t *val;
    json_object_foreach(s->aliases, key, val) {
        size_t d = aw__edit_distance(id, key, cap);
        if (d < best) {
            best = d;
            best_id = key;
        }
    }
    /* A prefix (e.g. "llama-3.1" for "llama-3.1-8b") is a good guess too. */
    if (best_id == NULL) {
        for (size_t i = 0; i < s->count; i++) {
            if (strncmp(s->ids[i], id, strlen(id)) == 0 || strstr(s->ids[i], id) != NULL)
                return s->ids[i];
        }
    }
    return best_id;
}

const json_t *aw_catalog_entry_json(const aw_catalog *cat, enum aw_section section,
                                    const char *id)
{
    const void *rec = find_record(cat, section, id);
    if (rec == NULL)
        return NULL;
    size_t idx = ((const char *)rec - cat->sections[section].records) /
                 section_descs[section].record_size;
    return json_object_get(cat->sections[section].entries, cat->sections[section].ids[idx]);
}

char *aw_catalog_entry_dump(const aw_catalog *cat, enum aw_section section, const char *id)
{
    const void *rec = find_record(cat, section, id);
    if (rec == NULL)
        return NULL;
    (void)rec;
    const json_t *entry = aw_catalog_entry_json(cat, section, id);
    return json_dumps(entry, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10));
}

aw_status aw_catalog_entry_summary(const aw_catalog *cat, enum aw_section section, size_t i,
                                   const char **name, const char **source,
                                   const char **confidence)
{
    const char *id = aw_catalog_id_at(cat, section, i);
    if (id == NULL)
        return AW_E_NOT_FOUND;
    json_t *entry = json_object_get(cat->sections[section].entries, id);
    if (name != NULL)
        *name = json_string_value(json_object_get(entry, "name"));
    if (source != NULL)
        *source = json_string_value(json_object_get(entry, "source"));
    if (confidence != NULL)
        *confidence = json_string_value(json_object_get(entry, "confidence"));
    return AW_OK;
}
