/*
 * catalog.c - the catalog: parsing, validation, merging and lookup.
 *
 * Each section is an array of entries in id order (catalog_internal.h): the
 * entry's header, its typed record and its JSON. The default catalog is
 * compiled (aw__catalog_base, generated at build time from data/NAME.json by
 * tools/catalog_gen.c through this same parser), so loading it copies two
 * arrays per section and parses nothing: every section is typed (the
 * parsers of references, profiles and training runs are in references.c,
 * profiles.c and training_runs.c). A merge of JSON (--catalog FILE) parses and
 * validates every entry into typed records that borrow their strings from
 * the entry's JSON, kept alive by the catalog. A merge is all-or-nothing:
 * the input is validated into staged copies of the sections it touches,
 * which replace the current ones only when everything succeeded.
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "catalog_internal.h"

#define CATALOG_SCHEMA "aiwatt-catalog/1"
#define CATALOG_MAX_FILE_BYTES (16u * 1024u * 1024u)

typedef aw_status (*parse_fn)(json_t *entry, void *record, struct aw__parse_ctx *ctx);

struct section_desc {
    const char *name;
    size_t record_size;
    parse_fn parse;
};

/* ---- Field readers ---------------------------------------------------- */

static aw_status field_error(struct aw__parse_ctx *ctx, const char *field, const char *what)
{
    if (ctx->at != NULL)
        snprintf(ctx->at->field, sizeof ctx->at->field, "%s", field);
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
                         struct aw_num *out, struct aw__parse_ctx *ctx)
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
        /* The number's own source and distribution (strings borrowed from
         * the entry's JSON); anything else is left to the entry's. */
        out->source = json_string_value(json_object_get(v, "source"));
        out->distribution = json_string_value(json_object_get(v, "distribution"));
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
                              struct aw_num *out, struct aw__parse_ctx *ctx)
{
    aw_status st = get_num(entry, key, required, out, ctx);
    if (st == AW_OK && out->set && out->low <= 0)
        return field_error(ctx, key, "must be greater than zero");
    return st;
}

/* A parameter count: positive, and at most AW__MAX_PARAMS, as in a request
 * (a model of 1e49 parameters overflowed the derived architecture). */
static aw_status get_params(json_t *entry, const char *key, int required,
                            struct aw_num *out, struct aw__parse_ctx *ctx)
{
    aw_status st = get_positive(entry, key, required, out, ctx);
    if (st == AW_OK && out->set && out->high > AW__MAX_PARAMS)
        return field_error(ctx, key, "must be at most 1e15 (1,000T parameters)");
    return st;
}

static aw_status get_int(json_t *entry, const char *key, int required, int *out,
                         struct aw__parse_ctx *ctx)
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
                         const char **out, struct aw__parse_ctx *ctx)
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
                            enum aw_confidence *confidence, struct aw__parse_ctx *ctx)
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

/* The readers, for the section parsers in other files of lib/catalog. */
aw_status aw__catalog_field_error(struct aw__parse_ctx *ctx, const char *field, const char *what)
{
    return field_error(ctx, field, what);
}

aw_status aw__catalog_get_num(json_t *entry, const char *key, int required, struct aw_num *out,
                              struct aw__parse_ctx *ctx)
{
    return get_num(entry, key, required, out, ctx);
}

aw_status aw__catalog_get_positive(json_t *entry, const char *key, int required,
                                   struct aw_num *out, struct aw__parse_ctx *ctx)
{
    return get_positive(entry, key, required, out, ctx);
}

aw_status aw__catalog_get_str(json_t *entry, const char *key, int required, const char **out,
                              struct aw__parse_ctx *ctx)
{
    return get_str(entry, key, required, out, ctx);
}

aw_status aw__catalog_get_header(json_t *entry, const char **id, const char **source,
                                 enum aw_confidence *confidence, struct aw__parse_ctx *ctx)
{
    return get_header(entry, id, source, confidence, ctx);
}

/* ---- Section parsers -------------------------------------------------- */

static const char *const precision_names[AW_PREC_COUNT] = {
    "fp32", "tf32", "bf16", "fp16", "fp8", "int8", "fp4", "int4"};

/* An optional share in (0, 1] with its own source (a default MFU). */
static aw_status get_mfu(json_t *entry, const char *key, struct aw_num *out,
                         struct aw__parse_ctx *ctx)
{
    TRY(get_positive(entry, key, 0, out, ctx));
    if (out->set && out->high > 1.0)
        return field_error(ctx, key, "is a share of the peak, at most 1");
    if (out->set && out->source == NULL)
        return field_error(ctx, key, "needs its own \"source\"");
    return AW_OK;
}

/* The state-space layers of a hybrid model: all four sizes, and the bytes
 * per state element with their source (the serving engine's choice). */
static aw_status parse_ssm(json_t *e, struct aw_model *m, struct aw__parse_ctx *ctx)
{
    json_t *ssm = json_object_get(e, "ssm");
    if (ssm == NULL)
        return AW_OK;
    if (!json_is_object(ssm))
        return field_error(ctx, "ssm", "must be an object {layers, heads, head_dim, state_dim, "
                                       "state_bytes}");
    TRY(get_int(ssm, "layers", 1, &m->ssm_layers, ctx));
    TRY(get_int(ssm, "heads", 1, &m->ssm_heads, ctx));
    TRY(get_int(ssm, "head_dim", 1, &m->ssm_head_dim, ctx));
    TRY(get_int(ssm, "state_dim", 1, &m->ssm_state_dim, ctx));
    if (m->ssm_layers < 1 || m->ssm_heads < 1 || m->ssm_head_dim < 1 || m->ssm_state_dim < 1)
        return field_error(ctx, "ssm", "layers, heads, head_dim and state_dim must be 1 or more");
    TRY(get_positive(ssm, "state_bytes", 1, &m->ssm_state_bytes, ctx));
    if (m->ssm_state_bytes.source == NULL)
        return field_error(ctx, "ssm", "state_bytes needs its own \"source\"");
    if (m->ssm_state_bytes.high > 8)
        return field_error(ctx, "ssm", "state_bytes is bytes per element, at most 8");
    return AW_OK;
}

static aw_status parse_hardware(json_t *e, void *record, struct aw__parse_ctx *ctx)
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
    TRY(get_mfu(e, "training_mfu_16bit", &hw->training_mfu_16bit, ctx));
    TRY(get_mfu(e, "training_mfu_8bit", &hw->training_mfu_8bit, ctx));
    TRY(get_mfu(e, "training_mfu_4bit", &hw->training_mfu_4bit, ctx));
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

static aw_status parse_server(json_t *e, void *record, struct aw__parse_ctx *ctx)
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

static aw_status parse_engine(json_t *e, void *record, struct aw__parse_ctx *ctx)
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
    TRY(get_num(e, "per_layer_s", 0, &en->per_layer_s, ctx));
    if (en->per_layer_s.set && (en->per_layer_s.low < 0 || en->per_layer_s.high > 0.01))
        return field_error(ctx, "per_layer_s", "must be between 0 and 0.01 s");
    TRY(get_num(e, "overlap", 1, &en->overlap, ctx));
    if (en->overlap.high > 1)
        return field_error(ctx, "overlap", "is a share of the CPU work, 0 to 1");
    json_t *fp8_kv = json_object_get(e, "fp8_kv_cache");
    if (fp8_kv != NULL && !json_is_boolean(fp8_kv))
        return field_error(ctx, "fp8_kv_cache", "must be true or false");
    en->fp8_kv_cache = fp8_kv ? json_is_true(fp8_kv) : 0;
    /* A stated default is a claim about the engine: it needs its source. */
    TRY(get_str(e, "fp8_kv_cache_source", fp8_kv != NULL, &en->fp8_kv_cache_source, ctx));
    return AW_OK;
}

/* The "diffusion" object of an image or video model (data/README.md):
 * required for kind "image" and "video", refused for any other kind. */
static aw_status parse_diffusion(json_t *e, struct aw_model *m, struct aw__parse_ctx *ctx)
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
    TRY(get_params(d, "token_params", !unet, &m->token_params, ctx));
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

static aw_status parse_model(json_t *e, void *record, struct aw__parse_ctx *ctx)
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
    TRY(get_params(e, "params_total", 1, &m->params_total, ctx));
    TRY(get_params(e, "params_active", 0, &m->params_active, ctx));
    if (!m->params_active.set) {
        /* The range of params_total; its own source and distribution stay
         * with params_total (the entry's source applies). */
        m->params_active = m->params_total;
        m->params_active.source = m->params_active.distribution = NULL;
    }
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
    TRY(parse_ssm(e, m, ctx));
    json_t *serving = json_object_get(e, "serving");
    if (serving != NULL) {
        if (!json_is_object(serving))
            return field_error(ctx, "serving", "must be an object {hardware, datacenter, source}");
        TRY(get_str(serving, "hardware", 1, &m->serving_hardware_id, ctx));
        TRY(get_str(serving, "datacenter", 1, &m->serving_datacenter_id, ctx));
        TRY(get_str(serving, "source", 1, &m->serving_source, ctx));
    }
    json_t *vision = json_object_get(e, "vision");
    if (vision != NULL) {
        if (!json_is_object(vision))
            return field_error(ctx, "vision", "must be an object");
        TRY(get_params(vision, "params", 1, &m->vision_params, ctx));
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
    /* The attention width is an int like its factors (struct aw__arch), so
     * it has the factors' bound too. */
    if ((double)m->heads_q * m->head_dim > 1e9)
        return field_error(ctx, "head_dim", "heads_q x head_dim must be below 1e9");
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

static aw_status parse_datacenter(json_t *e, void *record, struct aw__parse_ctx *ctx)
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

static aw_status parse_grid(json_t *e, void *record, struct aw__parse_ctx *ctx)
{
    struct aw_grid *g = record;
    TRY(get_header(e, &g->id, &g->source, &g->confidence, ctx));
    TRY(get_str(e, "name", 1, &g->name, ctx));
    TRY(get_int(e, "year", 0, &g->year, ctx));
    TRY(get_num(e, "gco2_per_kwh", 1, &g->gco2_per_kwh, ctx));
    TRY(get_num(e, "water_l_per_kwh", 1, &g->water_l_per_kwh, ctx));
    return AW_OK;
}

static aw_status parse_comparison(json_t *e, void *record, struct aw__parse_ctx *ctx)
{
    struct aw_comparison *c = record;
    TRY(get_header(e, &c->id, &c->source, &c->confidence, ctx));
    TRY(get_str(e, "name", 1, &c->name, ctx));
    TRY(get_positive(e, "value", 1, &c->value, ctx));
    TRY(get_str(e, "unit", 1, &c->unit, ctx));
    TRY(get_str(e, "per", 0, &c->per, ctx));
    c->is_power = strcmp(c->unit, "W") == 0;
    double wh = c->is_power ? 1.0 : aw__energy_unit_wh(c->unit);
    if (!(wh > 0))
        return field_error(ctx, "unit", "must be W (a power) or an energy unit (Wh, kWh, MWh, "
                                        "GWh, TWh, J, kJ, MJ)");
    c->base = c->value.value * wh;
    return AW_OK;
}

/* Adding a section: append to enum aw_section (include/aiwatt/catalog.h),
 * add a row here with its typed record and parser, a layout table to
 * tools/catalog_gen.c, and document it in data/README.md. */
static const struct section_desc section_descs[AW_SECTION_COUNT] = {
    [AW_SECTION_HARDWARE] = {"hardware", sizeof(struct aw_hardware), parse_hardware},
    [AW_SECTION_SERVERS] = {"servers", sizeof(struct aw_server), parse_server},
    [AW_SECTION_MODELS] = {"models", sizeof(struct aw_model), parse_model},
    [AW_SECTION_DATACENTERS] = {"datacenters", sizeof(struct aw_datacenter), parse_datacenter},
    [AW_SECTION_GRIDS] = {"grids", sizeof(struct aw_grid), parse_grid},
    [AW_SECTION_PROFILES] = {"profiles", sizeof(struct aw__profile_record), aw__parse_profile},
    [AW_SECTION_COMPARISONS] = {"comparisons", sizeof(struct aw_comparison), parse_comparison},
    [AW_SECTION_REFERENCES] = {"references", sizeof(struct aw__reference_record),
                               aw__parse_reference},
    [AW_SECTION_TRAINING_RUNS] = {"training_runs", sizeof(struct aw__training_run_record),
                                  aw__parse_training_run},
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

/* What a merge allocated, released with the catalog: a record parsed from
 * JSON with the JSON it borrows its strings from, or the nested arrays a
 * parser allocated for a record (json NULL, aw__catalog_alloc). Entries
 * replaced by a later merge keep theirs until the catalog is freed (merges
 * are few). */
struct aw__catalog_owned {
    struct aw__catalog_owned *next;
    json_t *json;
    void *record;
};

struct section_store {
    struct aw__catalog_entry *entries; /* sorted by id */
    size_t count;
    struct aw__catalog_alias *aliases; /* sorted by alias */
    size_t alias_count;
};

struct aw_catalog {
    struct section_store sections[AW_SECTION_COUNT];
    struct aw__catalog_owned *owned;
};

static void owned_free(struct aw__catalog_owned *o)
{
    while (o != NULL) {
        struct aw__catalog_owned *next = o->next;
        json_decref(o->json);
        free(o->record);
        free(o);
        o = next;
    }
}

void *aw__catalog_alloc(struct aw__parse_ctx *ctx, size_t size)
{
    void *p = calloc(1, size > 0 ? size : 1);
    struct aw__catalog_owned *o = malloc(sizeof *o);
    if (p == NULL || o == NULL) {
        free(p);
        free(o);
        return NULL;
    }
    o->json = NULL;
    o->record = p;
    o->next = *ctx->owned;
    *ctx->owned = o;
    return p;
}

const struct aw__profile_record *aw__catalog_find_profile(const aw_catalog *cat, const char *id)
{
    const struct aw__catalog_entry *e = aw__catalog_entry_find(cat, AW_SECTION_PROFILES, id);
    return e != NULL ? e->record : NULL;
}

const struct aw__training_run_record *aw__catalog_find_training_run(const aw_catalog *cat,
                                                                    const char *id)
{
    const struct aw__catalog_entry *e = aw__catalog_entry_find(cat, AW_SECTION_TRAINING_RUNS, id);
    return e != NULL ? e->record : NULL;
}

const struct aw__reference_record *aw__catalog_find_reference(const aw_catalog *cat,
                                                              const char *id)
{
    const struct aw__catalog_entry *e = aw__catalog_entry_find(cat, AW_SECTION_REFERENCES, id);
    return e != NULL ? e->record : NULL;
}

aw_status aw_catalog_new(aw_catalog **out)
{
    *out = calloc(1, sizeof **out);
    return *out == NULL ? AW_E_NOMEM : AW_OK;
}

void aw_catalog_free(aw_catalog *cat)
{
    if (cat == NULL)
        return;
    for (int i = 0; i < AW_SECTION_COUNT; i++) {
        free(cat->sections[i].entries);
        free(cat->sections[i].aliases);
    }
    owned_free(cat->owned);
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

static int cmp_entry(const void *a, const void *b)
{
    return strcmp(((const struct aw__catalog_entry *)a)->id,
                  ((const struct aw__catalog_entry *)b)->id);
}

static int cmp_alias(const void *a, const void *b)
{
    return strcmp(((const struct aw__catalog_alias *)a)->alias,
                  ((const struct aw__catalog_alias *)b)->alias);
}

/* A section being changed by a merge: a copy of its entries and aliases,
 * with hash indexes (jansson objects: key -> position) built when the first
 * entry is merged one by one. A removed alias has alias == NULL. */
struct stage {
    int touched;
    struct aw__catalog_entry *entries;
    size_t count, cap;
    struct aw__catalog_alias *aliases;
    size_t alias_count, alias_cap;
    json_t *index;       /* id -> position in entries */
    json_t *alias_index; /* alias -> position in aliases */
};

struct txn {
    const aw_catalog *cat;
    struct stage stages[AW_SECTION_COUNT];
    struct aw__catalog_owned *owned;
    struct aw__catalog_error_at *at;
    struct aw_diag *diag;
};

static void txn_release(struct txn *t)
{
    for (int i = 0; i < AW_SECTION_COUNT; i++) {
        free(t->stages[i].entries);
        free(t->stages[i].aliases);
        json_decref(t->stages[i].index);
        json_decref(t->stages[i].alias_index);
    }
    owned_free(t->owned);
    memset(t->stages, 0, sizeof t->stages);
    t->owned = NULL;
}

static aw_status nomem(struct txn *t)
{
    return aw__fail(t->diag, AW_E_NOMEM, "out of memory building the catalog");
}

static int grow(void **array, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return 1;
    size_t n = *cap ? *cap * 2 : 16;
    while (n < need)
        n *= 2;
    void *p = realloc(*array, n * size);
    if (p == NULL)
        return 0;
    *array = p;
    *cap = n;
    return 1;
}

/* Starts staging a section: a copy of the catalog's. */
static aw_status stage_begin(struct txn *t, enum aw_section sec)
{
    struct stage *st = &t->stages[sec];
    if (st->touched)
        return AW_OK;
    const struct section_store *cur = &t->cat->sections[sec];
    if (!grow((void **)&st->entries, &st->cap, cur->count + 1, sizeof *st->entries) ||
        !grow((void **)&st->aliases, &st->alias_cap, cur->alias_count + 1, sizeof *st->aliases))
        return nomem(t);
    if (cur->count > 0)
        memcpy(st->entries, cur->entries, cur->count * sizeof *st->entries);
    if (cur->alias_count > 0)
        memcpy(st->aliases, cur->aliases, cur->alias_count * sizeof *st->aliases);
    st->count = cur->count;
    st->alias_count = cur->alias_count;
    st->touched = 1;
    return AW_OK;
}

/* The hash indexes of a staged section, for merging entry by entry. */
static aw_status stage_index(struct txn *t, struct stage *st)
{
    if (st->index != NULL)
        return AW_OK;
    st->index = json_object();
    st->alias_index = json_object();
    if (st->index == NULL || st->alias_index == NULL)
        return nomem(t);
    for (size_t i = 0; i < st->count; i++) {
        if (json_object_set_new(st->index, st->entries[i].id, json_integer((json_int_t)i)) != 0)
            return nomem(t);
    }
    for (size_t i = 0; i < st->alias_count; i++) {
        if (st->aliases[i].alias != NULL &&
            json_object_set_new(st->alias_index, st->aliases[i].alias,
                                json_integer((json_int_t)i)) != 0)
            return nomem(t);
    }
    return AW_OK;
}

static void set_at(struct txn *t, enum aw_section sec, const char *id)
{
    if (t->at == NULL)
        return;
    t->at->section = (int)sec;
    snprintf(t->at->id, sizeof t->at->id, "%s", id != NULL ? id : "");
}

/* Adds or replaces one entry of a staged section. The aliases of a
 * replaced entry go with it. */
static aw_status stage_entry(struct txn *t, enum aw_section sec, const char *origin,
                             const struct aw__catalog_entry *entry)
{
    struct stage *st = &t->stages[sec];
    TRY(stage_index(t, st));
    const char *id = entry->id;
    json_t *pos = json_object_get(st->index, id);
    if (pos != NULL) {
        for (size_t i = 0; i < st->alias_count; i++) {
            if (st->aliases[i].alias != NULL && strcmp(st->aliases[i].id, id) == 0) {
                json_object_del(st->alias_index, st->aliases[i].alias);
                st->aliases[i].alias = NULL;
            }
        }
    }
    json_t *apos = json_object_get(st->alias_index, id);
    if (apos != NULL) {
        set_at(t, sec, id);
        return aw__fail(t->diag, AW_E_PARSE, "%s: %s '%s': id is already an alias of '%s'",
                        origin, section_descs[sec].name, id,
                        st->aliases[json_integer_value(apos)].id);
    }
    if (pos != NULL) {
        st->entries[json_integer_value(pos)] = *entry;
        return AW_OK;
    }
    if (!grow((void **)&st->entries, &st->cap, st->count + 1, sizeof *st->entries) ||
        json_object_set_new(st->index, id, json_integer((json_int_t)st->count)) != 0)
        return nomem(t);
    st->entries[st->count++] = *entry;
    return AW_OK;
}

/* Adds alias -> id (id: the staged entry's own string). */
static aw_status stage_alias(struct txn *t, enum aw_section sec, const char *origin,
                             const char *alias, const char *id)
{
    struct stage *st = &t->stages[sec];
    TRY(stage_index(t, st));
    json_t *prev = json_object_get(st->alias_index, alias);
    if ((prev != NULL && strcmp(st->aliases[json_integer_value(prev)].id, id) != 0) ||
        (strcmp(alias, id) != 0 && json_object_get(st->index, alias) != NULL)) {
        set_at(t, sec, id);
        if (t->at != NULL)
            snprintf(t->at->field, sizeof t->at->field, "aliases");
        return aw__fail(t->diag, AW_E_PARSE, "%s: %s '%s': alias '%s' is already used", origin,
                        section_descs[sec].name, id, alias);
    }
    if (prev != NULL)
        return AW_OK;
    if (!grow((void **)&st->aliases, &st->alias_cap, st->alias_count + 1, sizeof *st->aliases) ||
        json_object_set_new(st->alias_index, alias, json_integer((json_int_t)st->alias_count)) != 0)
        return nomem(t);
    st->aliases[st->alias_count].alias = alias;
    st->aliases[st->alias_count].id = id;
    st->alias_count++;
    return AW_OK;
}

static struct aw__catalog_owned *own(struct txn *t, json_t *json, void *record)
{
    struct aw__catalog_owned *o = malloc(sizeof *o);
    if (o == NULL)
        return NULL;
    o->json = json;
    o->record = record;
    o->next = t->owned;
    t->owned = o;
    return o;
}

/* Validates one section array of a JSON input into its staged copy. */
static aw_status stage_json_section(struct txn *t, json_t *array, enum aw_section sec,
                                    const char *origin)
{
    const struct section_desc *d = &section_descs[sec];
    struct aw_diag *diag = t->diag;
    if (!json_is_array(array)) {
        aw__hint(diag, "write \"%s\": [ {\"id\": ...}, ... ]", d->name);
        return aw__fail(diag, AW_E_PARSE, "%s: section '%s' must be an array of entries",
                        origin, d->name);
    }
    TRY(stage_begin(t, sec));
    size_t idx;
    json_t *e;
    json_array_foreach(array, idx, e) {
        set_at(t, sec, NULL);
        if (!json_is_object(e))
            return aw__fail(diag, AW_E_PARSE, "%s: %s[%zu] is not an object", origin, d->name,
                            idx);
        json_t *idv = json_object_get(e, "id");
        if (!json_is_string(idv) || !valid_id(json_string_value(idv))) {
            aw__hint(diag, "ids are lowercase letters, digits, '-', '.' or '_'");
            return aw__fail(diag, AW_E_PARSE, "%s: %s[%zu]: missing or invalid \"id\"", origin,
                            d->name, idx);
        }
        const char *id = json_string_value(idv);
        set_at(t, sec, id);
        void *record = calloc(1, d->record_size);
        if (record == NULL)
            return nomem(t);
        struct aw__parse_ctx ctx = {origin, d->name, id, AW_CONFIRMED, diag, t->at, &t->owned};
        aw_status st = d->parse(e, record, &ctx);
        if (st != AW_OK) {
            free(record);
            return st;
        }
        if (own(t, json_incref(e), record) == NULL) {
            json_decref(e);
            free(record);
            return nomem(t);
        }
        /* The header, validated by the parser (get_header). */
        struct aw__catalog_entry entry = {
            id, json_string_value(json_object_get(e, "name")),
            json_string_value(json_object_get(e, "source")),
            strcmp(json_string_value(json_object_get(e, "confidence")), "estimate") == 0
                ? AW_ESTIMATE
                : AW_CONFIRMED,
            record, NULL, e};
        TRY(stage_entry(t, sec, origin, &entry));
        json_t *aliases = json_object_get(e, "aliases");
        if (aliases != NULL && !json_is_array(aliases)) {
            if (t->at != NULL)
                snprintf(t->at->field, sizeof t->at->field, "aliases");
            return aw__fail(diag, AW_E_PARSE, "%s: %s '%s': \"aliases\" must be an array",
                            origin, d->name, id);
        }
        size_t ai;
        json_t *alias;
        json_array_foreach(aliases, ai, alias) {
            const char *a = json_string_value(alias);
            if (a == NULL || !valid_id(a)) {
                if (t->at != NULL)
                    snprintf(t->at->field, sizeof t->at->field, "aliases");
                return aw__fail(diag, AW_E_PARSE, "%s: %s '%s': invalid alias", origin, d->name,
                                id);
            }
            TRY(stage_alias(t, sec, origin, a, id));
        }
    }
    set_at(t, sec, NULL);
    if (t->at != NULL)
        t->at->section = -1;
    return AW_OK;
}

/* Validates the sections of one parsed root into the staged copies. */
static aw_status stage_root(struct txn *t, json_t *root, const char *origin)
{
    struct aw_diag *diag = t->diag;
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
        TRY(stage_json_section(t, val, (enum aw_section)sec, origin));
    }
    return AW_OK;
}

/* Stages a section of the compiled default. */
static aw_status stage_base_section(struct txn *t, enum aw_section sec)
{
    const struct aw__catalog_base_section *b = &aw__catalog_base[sec];
    int fresh = !t->stages[sec].touched && t->cat->sections[sec].count == 0 &&
                t->cat->sections[sec].alias_count == 0;
    TRY(stage_begin(t, sec));
    struct stage *st = &t->stages[sec];
    if (fresh) {
        /* The usual case, an empty catalog: copy the sorted tables. */
        if (!grow((void **)&st->entries, &st->cap, b->count + 1, sizeof *st->entries) ||
            !grow((void **)&st->aliases, &st->alias_cap, b->alias_count + 1,
                  sizeof *st->aliases))
            return nomem(t);
        if (b->count > 0)
            memcpy(st->entries, b->entries, b->count * sizeof *st->entries);
        if (b->alias_count > 0)
            memcpy(st->aliases, b->aliases, b->alias_count * sizeof *st->aliases);
        st->count = b->count;
        st->alias_count = b->alias_count;
    } else {
        for (size_t i = 0; i < b->count; i++)
            TRY(stage_entry(t, sec, "the default catalog", &b->entries[i]));
        for (size_t i = 0; i < b->alias_count; i++)
            TRY(stage_alias(t, sec, "the default catalog", b->aliases[i].alias,
                            b->aliases[i].id));
    }
    return AW_OK;
}

/* Replaces the touched sections of the catalog with their staged copies. */
static void txn_commit(struct txn *t, aw_catalog *cat)
{
    for (int i = 0; i < AW_SECTION_COUNT; i++) {
        struct stage *st = &t->stages[i];
        if (!st->touched)
            continue;
        size_t n = 0;
        for (size_t k = 0; k < st->alias_count; k++) {
            if (st->aliases[k].alias != NULL)
                st->aliases[n++] = st->aliases[k];
        }
        st->alias_count = n;
        qsort(st->entries, st->count, sizeof *st->entries, cmp_entry);
        qsort(st->aliases, st->alias_count, sizeof *st->aliases, cmp_alias);
        struct section_store *s = &cat->sections[i];
        free(s->entries);
        free(s->aliases);
        s->entries = st->entries;
        s->count = st->count;
        s->aliases = st->aliases;
        s->alias_count = st->alias_count;
        st->entries = NULL;
        st->aliases = NULL;
    }
    struct aw__catalog_owned **tail = &t->owned;
    while (*tail != NULL)
        tail = &(*tail)->next;
    *tail = cat->owned;
    cat->owned = t->owned;
    t->owned = NULL;
    txn_release(t);
}

static aw_status merge_json(aw_catalog *cat, const char *bytes, size_t len, const char *origin,
                            struct aw__catalog_error_at *at, struct aw_diag *diag)
{
    struct txn t = {cat, {{0}}, NULL, at, diag};
    if (at != NULL) {
        memset(at, 0, sizeof *at);
        at->section = -1;
    }
    json_error_t jerr;
    json_t *root = json_loadb(bytes, len, JSON_REJECT_DUPLICATES, &jerr);
    if (root == NULL && json_error_code(&jerr) == json_error_out_of_memory)
        return aw__fail(diag, AW_E_NOMEM, "out of memory parsing %s", origin);
    if (root == NULL) {
        aw__hint(diag, "fix the JSON syntax (a validator such as 'python3 -m json.tool' "
                       "shows the same position)");
        return aw__fail(diag, AW_E_PARSE, "%s:%d:%d: %s", origin, jerr.line, jerr.column,
                        jerr.text);
    }
    aw_status st = stage_root(&t, root, origin);
    json_decref(root); /* the staged entries hold their own references */
    if (st == AW_OK)
        txn_commit(&t, cat);
    txn_release(&t);
    return st;
}

aw_status aw__catalog_merge_located(aw_catalog *cat, const char *bytes, size_t len,
                                    const char *origin, struct aw__catalog_error_at *at,
                                    struct aw_diag *diag)
{
    return merge_json(cat, bytes, len, origin, at, diag);
}

aw_status aw_catalog_merge_json(aw_catalog *cat, const char *bytes, size_t len,
                                const char *origin, struct aw_diag *diag)
{
    return merge_json(cat, bytes, len, origin, NULL, diag);
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

aw_status aw_catalog_load_default_sections(aw_catalog *cat, unsigned section_mask,
                                           struct aw_diag *diag)
{
    unsigned mask = section_mask & ~AW_SECTIONS_HEADERS_ONLY;
    if (mask == 0)
        mask = ~0u;
    /* Whatever estimates a text model needs its serving engine; hardware
     * and servers are one file (data/hardware.json), loaded together. */
    if (mask & AW_SECTION_BIT(AW_SECTION_MODELS))
        mask |= AW_SECTION_BIT(AW_SECTION_ENGINES);
    if (mask & (AW_SECTION_BIT(AW_SECTION_HARDWARE) | AW_SECTION_BIT(AW_SECTION_SERVERS)))
        mask |= AW_SECTION_BIT(AW_SECTION_HARDWARE) | AW_SECTION_BIT(AW_SECTION_SERVERS);
    struct txn t = {cat, {{0}}, NULL, NULL, diag};
    aw_status st = AW_OK;
    for (int i = 0; st == AW_OK && i < AW_SECTION_COUNT; i++) {
        if (mask & AW_SECTION_BIT(i))
            st = stage_base_section(&t, (enum aw_section)i);
    }
    if (st == AW_OK)
        txn_commit(&t, cat);
    txn_release(&t);
    return st;
}

/* ---- Lookup ----------------------------------------------------------- */

const struct aw__catalog_entry *aw__catalog_entry_find(const aw_catalog *cat,
                                                       enum aw_section sec, const char *id)
{
    if (cat == NULL || id == NULL || (int)sec < 0 || sec >= AW_SECTION_COUNT)
        return NULL;
    const struct section_store *s = &cat->sections[sec];
    char lower[64];
    size_t n = strlen(id);
    if (n == 0 || n >= sizeof lower || s->count == 0)
        return NULL; /* bsearch on an empty (NULL) array is undefined */
    for (size_t i = 0; i <= n; i++)
        lower[i] = (char)tolower((unsigned char)id[i]);
    struct aw__catalog_entry key = {0};
    key.id = lower;
    const struct aw__catalog_entry *hit =
        bsearch(&key, s->entries, s->count, sizeof *s->entries, cmp_entry);
    if (hit != NULL || s->alias_count == 0)
        return hit;
    struct aw__catalog_alias akey = {lower, NULL};
    const struct aw__catalog_alias *alias =
        bsearch(&akey, s->aliases, s->alias_count, sizeof *s->aliases, cmp_alias);
    if (alias == NULL)
        return NULL;
    key.id = alias->id;
    return bsearch(&key, s->entries, s->count, sizeof *s->entries, cmp_entry);
}

static const void *find_record(const aw_catalog *cat, enum aw_section sec, const char *id)
{
    const struct aw__catalog_entry *e = aw__catalog_entry_find(cat, sec, id);
    return e != NULL ? e->record : NULL;
}

size_t aw__catalog_entries(const aw_catalog *cat, enum aw_section section,
                           const struct aw__catalog_entry **entries)
{
    *entries = cat->sections[section].entries;
    return cat->sections[section].count;
}

size_t aw__catalog_aliases(const aw_catalog *cat, enum aw_section section,
                           const struct aw__catalog_alias **aliases)
{
    *aliases = cat->sections[section].aliases;
    return cat->sections[section].alias_count;
}

size_t aw__catalog_record_size(enum aw_section section)
{
    return section_descs[section].record_size;
}

aw_status aw__catalog_parse_entry(enum aw_section section, json_t *entry, void *record,
                                  struct aw_diag *diag)
{
    const struct section_desc *d = &section_descs[section];
    const char *id = json_string_value(json_object_get(entry, "id"));
    struct aw__catalog_owned *owned = NULL;
    struct aw__parse_ctx ctx = {"catalog", d->name, id ? id : "?", AW_CONFIRMED, diag, NULL,
                                &owned};
    aw_status st = d->parse(entry, record, &ctx);
    /* What the record's nested arrays point to: only its bytes are asked for. */
    owned_free(owned);
    return st;
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

const struct aw_comparison *aw_catalog_find_comparison(const aw_catalog *cat, const char *id)
{
    return find_record(cat, AW_SECTION_COMPARISONS, id);
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
    return cat->sections[section].entries[i].id;
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
    /* A family name that stops where a variant begins ("a100" for
     * "a100-40gb", "gemma-3" for "gemma-3-12b") names that family, even
     * when a shorter id is one typo away ("a10g"). */
    size_t id_len = strlen(id);
    for (size_t i = 0; id_len > 0 && i < s->count; i++) {
        const char *e = s->entries[i].id;
        size_t k = 0;
        while (k < id_len && e[k] != '\0' &&
               tolower((unsigned char)e[k]) == tolower((unsigned char)id[k]))
            k++;
        if (k == id_len && e[k] == '-')
            return e;
    }
    /* Allow about one typo in three characters, at least two. */
    size_t cap = strlen(id) / 3 + 2;
    size_t best = cap;
    const char *best_id = NULL;
    /* Capped at the best so far: only a closer entry matters, and the
     * distance gives up sooner. */
    for (size_t i = 0; i < s->count; i++) {
        size_t d = aw__edit_distance(id, s->entries[i].id, best);
        if (d < best) {
            best = d;
            best_id = s->entries[i].id;
        }
    }
    for (size_t i = 0; i < s->alias_count; i++) {
        size_t d = aw__edit_distance(id, s->aliases[i].alias, best);
        if (d < best) {
            best = d;
            best_id = s->aliases[i].alias;
        }
    }
    /* A prefix (e.g. "llama-3.1" for "llama-3.1-8b") is a good guess too. */
    if (best_id == NULL) {
        for (size_t i = 0; i < s->count; i++) {
            if (strncmp(s->entries[i].id, id, strlen(id)) == 0 ||
                strstr(s->entries[i].id, id) != NULL)
                return s->entries[i].id;
        }
    }
    return best_id;
}

const json_t *aw_catalog_entry_json(const aw_catalog *cat, enum aw_section section,
                                    const char *id)
{
    const struct aw__catalog_entry *e = aw__catalog_entry_find(cat, section, id);
    return e != NULL ? e->json : NULL;
}

json_t *aw__catalog_entry_json_new(const aw_catalog *cat, enum aw_section section,
                                   const char *id)
{
    const struct aw__catalog_entry *e = aw__catalog_entry_find(cat, section, id);
    if (e == NULL)
        return NULL;
    if (e->json != NULL)
        return json_incref(e->json);
    return json_loads(e->json_text, 0, NULL);
}

char *aw_catalog_entry_dump(const aw_catalog *cat, enum aw_section section, const char *id)
{
    const struct aw__catalog_entry *e = aw__catalog_entry_find(cat, section, id);
    if (e == NULL)
        return NULL;
    const size_t flags = JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10);
    if (e->json != NULL)
        return json_dumps(e->json, flags);
    /* A compiled entry: its JSON text, parsed for this one entry. */
    json_t *j = json_loads(e->json_text, 0, NULL);
    char *text = j != NULL ? json_dumps(j, flags) : NULL;
    json_decref(j);
    return text;
}

aw_status aw_catalog_entry_summary(const aw_catalog *cat, enum aw_section section, size_t i,
                                   const char **name, const char **source,
                                   const char **confidence)
{
    if (i >= aw_catalog_count(cat, section))
        return AW_E_NOT_FOUND;
    const struct aw__catalog_entry *e = &cat->sections[section].entries[i];
    if (name != NULL)
        *name = e->name;
    if (source != NULL)
        *source = e->source;
    if (confidence != NULL)
        *confidence = e->confidence == AW_ESTIMATE ? "estimate" : "confirmed";
    return AW_OK;
}
