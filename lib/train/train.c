/*
 * train.c - a training run, from a preset or a model to the boundary ladder.
 *
 * Resolution (presets, catalog lookups, defaults, validation) is apart from
 * the arithmetic (aw_train_evaluate), so that uncertainty analysis can
 * change the numbers and recompute without touching the catalog. Formulas
 * and sources: docs/methodology.md, "Training".
 */
#include <math.h>
#include <stddef.h>
#include <string.h>
#include "estimate/impacts.h"
#include "estimate/roofline.h"
#include "estimate/site.h"
#include "request/request_internal.h"
#include "train_internal.h"
#include "catalog/catalog_internal.h"
#include "aiwatt/request.h"
#include "uncertainty/uncertain_internal.h"

/* ---- MFU defaults ------------------------------------------------------ */

/* The default model FLOP utilisation of a chip is its catalog's
 * training_mfu_16bit / _8bit / _4bit (data/hardware.json, with sources). A
 * chip without an 8- or 4-bit figure uses 0.75x or 0.5x its 16-bit one
 * (FP8 trains 1.3-1.5x faster than BF16 at twice the peak). */

static const char mfu_other[] =
    "other accelerators: no published training MFU (estimate)";
static const char mfu_scaled[] =
    "0.75x (8-bit) or 0.5x (4-bit) this chip's 16-bit default: narrow precisions train "
    "1.3-1.5x faster than BF16 at 2x the peak (estimate)";

static int precision_bits(enum aw_precision p)
{
    switch (p) {
    case AW_PREC_FP8:
    case AW_PREC_INT8:
        return 8;
    case AW_PREC_FP4:
    case AW_PREC_INT4:
        return 4;
    default:
        return 16;
    }
}

static const struct aw_num *mfu_of(const struct aw_hardware *hw, int bits)
{
    const struct aw_num *n = NULL;
    if (hw != NULL)
        n = bits == 8 ? &hw->training_mfu_8bit
            : bits == 4 ? &hw->training_mfu_4bit
                        : &hw->training_mfu_16bit;
    return n != NULL && n->set ? n : NULL;
}

double aw_train_default_mfu(const struct aw_hardware *hw, enum aw_precision p, double *low,
                            double *high, const char **source)
{
    int bits = precision_bits(p);
    const struct aw_num *r = mfu_of(hw, bits);
    double scale = 1.0, value = 0.30, lo = 0.20, hi = 0.45;
    const char *src = mfu_other;
    if (r == NULL && bits != 16) {
        r = mfu_of(hw, 16);
        scale = bits == 8 ? 0.75 : 0.5;
        src = mfu_scaled;
        if (r == NULL) {
            value *= scale;
            lo *= scale;
            hi *= scale;
        }
    }
    if (r != NULL) {
        value = r->value * scale;
        lo = r->low * scale;
        hi = r->high * scale;
        if (scale == 1.0)
            src = r->source;
    }
    if (low != NULL)
        *low = lo;
    if (high != NULL)
        *high = hi;
    if (source != NULL)
        *source = src;
    return value;
}

double aw_train_flop_per_token(double params_active, int layers, int d_attn, double seq_len)
{
    return 6.0 * params_active + 12.0 * layers * (double)d_attn * seq_len;
}

/* 12 d_attn (L_global T + L_local min(T, W)): QK^T and AV, forward and
 * backward (x3), every position attending over the whole sequence (PaLM's
 * convention; no causal halving). */
static double attention_flop_per_token(const struct aw__arch *a, double seq_len)
{
    int global = a->layers - a->layers_local;
    double local_t = a->window > 0 && seq_len > a->window ? a->window : seq_len;
    return 12.0 * a->d_attn * (global * seq_len + a->layers_local * local_t);
}

/* ---- Requests ---------------------------------------------------------- */

/* One "unset" rule: a training request starts from what an unset request
 * holds (aw_request_init, lib/request/fields.c). */
void aw_train_request_init(struct aw_train_request *req)
{
    struct aw_request unset;
    aw_request_init(&unset);
    aw_train_request_from_request(&unset, req);
}

/* ---- Preset fields ------------------------------------------------------ */

/* The run's numbers and strings by the name of their catalog field (the
 * typed record, validated when merged: a number's value, range and own
 * source, .set 0 when not given). No run (NULL): nothing given. */
static const struct {
    const char *key;
    size_t offset;
} preset_nums[] = {
    {"tokens", offsetof(struct aw__training_run_record, tokens)},
    {"seq_len", offsetof(struct aw__training_run_record, seq_len)},
    {"flop", offsetof(struct aw__training_run_record, flop)},
    {"mfu", offsetof(struct aw__training_run_record, mfu)},
    {"gpus", offsetof(struct aw__training_run_record, gpus)},
    {"days", offsetof(struct aw__training_run_record, days)},
    {"gpu_hours", offsetof(struct aw__training_run_record, gpu_hours)},
    {"overhead", offsetof(struct aw__training_run_record, overhead)},
    {"system_power_w", offsetof(struct aw__training_run_record, system_power_w)},
    {"pue", offsetof(struct aw__training_run_record, pue)},
    {"grid_gco2_per_kwh", offsetof(struct aw__training_run_record, grid_gco2_per_kwh)},
};

static aw_status preset_error(const char *run, const char *field, const char *what,
                              struct aw_diag *diag)
{
    aw__hint(diag, "see data/README.md, section training_runs");
    return aw__fail(diag, AW_E_PARSE, "training run '%s': field '%s': %s", run, field, what);
}

static aw_status preset_num(const struct aw__training_run_record *run, const char *key,
                            const char *run_id, struct aw_num *out, struct aw_diag *diag)
{
    (void)run_id;
    (void)diag;
    memset(out, 0, sizeof *out);
    for (size_t i = 0; run != NULL && i < sizeof preset_nums / sizeof preset_nums[0]; i++) {
        if (strcmp(preset_nums[i].key, key) == 0)
            memcpy(out, (const char *)run + preset_nums[i].offset, sizeof *out);
    }
    return AW_OK;
}

static aw_status preset_str(const struct aw__training_run_record *run, const char *key,
                            const char *run_id, const char **out, struct aw_diag *diag)
{
    (void)run_id;
    (void)diag;
    *out = NULL;
    if (run == NULL)
        return AW_OK;
    if (strcmp(key, "name") == 0)
        *out = run->name;
    else if (strcmp(key, "model") == 0)
        *out = run->model;
    else if (strcmp(key, "hardware") == 0)
        *out = run->hardware;
    else if (strcmp(key, "precision") == 0)
        *out = run->precision;
    else if (strcmp(key, "datacenter") == 0)
        *out = run->datacenter;
    else if (strcmp(key, "grid") == 0)
        *out = run->grid;
    return AW_OK;
}

/* The run's published figures, to compare the estimate with. */
static aw_status parse_published(const struct aw__training_run_record *run, const char *run_id,
                                 struct aw_train_estimate *est, struct aw_diag *diag)
{
    (void)run_id;
    (void)diag;
    for (size_t i = 0; i < run->n_published && i < AW_TRAIN_MAX_PUBLISHED; i++)
        est->published[est->n_published++] = run->published[i];
    return AW_OK;
}

/* Comparisons: catalog "comparisons" entries for a year's energy in Wh. */
static void find_comparisons(const aw_catalog *cat, struct aw_train_estimate *est)
{
    size_t n = aw_catalog_count(cat, AW_SECTION_COMPARISONS);
    for (size_t i = 0; i < n && est->n_comparisons < AW_TRAIN_MAX_COMPARISONS; i++) {
        const char *id = aw_catalog_id_at(cat, AW_SECTION_COMPARISONS, i);
        const struct aw_comparison *e = aw_catalog_find_comparison(cat, id);
        if (e == NULL || e->is_power || e->per == NULL || strcmp(e->per, "year") != 0)
            continue;
        double wh = e->base;
        struct aw_train_comparison *c = &est->comparisons[est->n_comparisons++];
        c->id = id;
        c->name = e->name;
        c->source = e->source;
        c->per_wh = wh;
    }
}

/* ---- Resolution -------------------------------------------------------- */

/* The precision the tensor cores run: the one asked for when the chip has a
 * peak for it, else the nearest wider one it has. -1 when none. */
static int train_precision(const struct aw_hardware *hw, enum aw_precision want)
{
    static const enum aw_precision chain[AW_PREC_COUNT][4] = {
        [AW_PREC_FP32] = {AW_PREC_FP32, AW_PREC_TF32, AW_PREC_COUNT},
        [AW_PREC_TF32] = {AW_PREC_TF32, AW_PREC_FP32, AW_PREC_COUNT},
        [AW_PREC_BF16] = {AW_PREC_BF16, AW_PREC_FP16, AW_PREC_FP32, AW_PREC_COUNT},
        [AW_PREC_FP16] = {AW_PREC_FP16, AW_PREC_BF16, AW_PREC_FP32, AW_PREC_COUNT},
        [AW_PREC_FP8] = {AW_PREC_FP8, AW_PREC_BF16, AW_PREC_FP16, AW_PREC_COUNT},
        [AW_PREC_INT8] = {AW_PREC_INT8, AW_PREC_BF16, AW_PREC_FP16, AW_PREC_COUNT},
        [AW_PREC_FP4] = {AW_PREC_FP4, AW_PREC_FP8, AW_PREC_BF16, AW_PREC_FP16},
        [AW_PREC_INT4] = {AW_PREC_INT4, AW_PREC_INT8, AW_PREC_BF16, AW_PREC_FP16},
    };
    for (int i = 0; i < 4; i++) {
        enum aw_precision p = chain[want][i];
        if (p == AW_PREC_COUNT)
            break;
        if (hw->peak_tflops[p].set && hw->peak_tflops[p].value > 0)
            return (int)p;
    }
    return -1;
}

#define FIELD(name) offsetof(struct aw_train_resolved, name)

static void push(struct aw_uncertain_set *set, const char *name, const char *source, double value,
                 double low, double high, size_t offset)
{
    if (set != NULL)
        aw__uncertain_push(set, name, source, value, low, high, -1, AW__TRAIN_TARGET_FIELD, offset);
}

static void push_num(struct aw_uncertain_set *set, const char *name, const struct aw_num *num,
                     const aw_catalog *cat, enum aw_section sec, const char *id,
                     size_t offset)
{
    if (set != NULL)
        aw__uncertain_push_num(set, name, num, cat, sec, id, AW__TRAIN_TARGET_FIELD, offset);
}

static void push_pnum(struct aw_uncertain_set *set, const char *name, const struct aw_num *p,
                      const char *fallback_source, size_t offset)
{
    push(set, name, p->source ? p->source : fallback_source, p->value, p->low, p->high, offset);
}

/* What the resolution steps share: the request, the training run (a preset
 * of the catalog's training_runs, or NULL) and what the earlier steps found. */
struct train_ctx {
    const aw_catalog *cat;
    const struct aw_train_request *req;
    struct aw_train_estimate *est;
    struct aw_uncertain_set *set; /* NULL unless uncertainty asks */
    const struct aw__training_run_record *run;
    const char *run_id;
    const struct aw_model *model; /* NULL for --params */
    struct aw__arch arch;
    int changed;          /* the request changes what the run's compute measured */
    struct aw__site site; /* hardware, server, data centre, grid (site.c) */
    int hw_as_preset;     /* the run's own hardware */
    int prec;             /* the precision the tensor cores run */
    int prec_as_preset;   /* the run's own precision */
    struct aw_num ptokens, pflop, pover;
    double mfu_lo, mfu_hi;
    const char *mfu_src;
};

/* A training run (or a model) by id: "unknown model or training run" with
 * the nearest of either as a hint. */
static aw_status unknown_model(const aw_catalog *cat, const char *mid, struct aw_diag *diag)
{
    const char *near = aw_catalog_suggest(cat, AW_SECTION_TRAINING_RUNS, mid);
    if (near == NULL)
        near = aw_catalog_suggest(cat, AW_SECTION_MODELS, mid);
    if (near != NULL)
        aw__hint(diag, "did you mean '%s'? ('aiwatt catalog list training_runs' lists "
                       "the runs, 'aiwatt catalog list models' the models)",
                 near);
    else
        aw__hint(diag, "'aiwatt catalog list training_runs' lists the runs; any model "
                       "of 'aiwatt catalog list models' with --tokens N");
    return aw__fail(diag, AW_E_NOT_FOUND, "unknown model or training run '%s'", mid);
}

/* The run (when the id names one) and its model, from the catalog. */
static aw_status resolve_catalog_model(struct train_ctx *t, struct aw_diag *diag)
{
    struct aw_train_resolved *in = &t->est->inputs;
    const char *mid = t->req->model_id;
    t->run = aw__catalog_find_training_run(t->cat, mid);
    if (t->run != NULL) {
        t->run_id = t->run->id;
        in->run_id = t->run_id;
        TRY(preset_str(t->run, "name", t->run_id, &in->run_name, diag));
        TRY(preset_str(t->run, "model", t->run_id, &mid, diag));
        if (mid == NULL)
            return preset_error(t->run_id, "model", "missing (required)", diag);
    }
    t->model = aw_catalog_find_model(t->cat, mid);
    if (t->model == NULL) {
        if (t->run != NULL)
            return aw__fail(diag, AW_E_PARSE, "training run '%s' names unknown model '%s'",
                            t->run_id, mid);
        return unknown_model(t->cat, mid, diag);
    }
    if (t->model->kind != NULL && strcmp(t->model->kind, "llm") != 0) {
        aw__hint(diag, "aiwatt train covers text models; '%s' is a %s model", t->model->id,
                 t->model->kind);
        return aw__fail(diag, AW_E_UNSUPPORTED, "cannot estimate the training of '%s'",
                        t->model->id);
    }
    aw__arch_from_model(t->model, &t->arch);
    in->model_id = t->model->id;
    return AW_OK;
}

/* The model's architecture: a catalog model or run, or --params. */
static aw_status resolve_model(struct train_ctx *t, struct aw_diag *diag)
{
    const struct aw_train_request *req = t->req;
    struct aw_train_resolved *in = &t->est->inputs;
    if (req->model_id == NULL && !AW_IS_SET(req->params_total)) {
        aw__hint(diag, "give --model ID (a training run such as gpt-3, or a model with --tokens N)");
        return aw__fail(diag, AW_E_INVALID, "no model to train");
    }
    if (req->model_id == NULL) {
        aw__arch_from_params(req->params_total, req->params_active, &t->arch);
        if (AW_IS_SET(req->params_active) && req->params_active < req->params_total * 0.999) {
            struct aw_model tmp = {0};
            tmp.params_total.value = req->params_total;
            tmp.params_active.value = req->params_active;
            tmp.params_active.set = 1;
            aw__arch_from_model(&tmp, &t->arch);
        }
        in->model_id = "custom";
    } else {
        TRY(resolve_catalog_model(t, diag));
    }
    if (t->run == NULL && !AW_IS_SET(req->tokens) && !AW_IS_SET(req->gpu_hours)) {
        aw__hint(diag, "give --tokens N (e.g. --tokens 15T) or --gpu-hours H");
        return aw__fail(diag, AW_E_INVALID, "no training tokens for '%s' (not a training-run "
                                            "preset: 'aiwatt catalog list training_runs')",
                        in->model_id);
    }
    in->params_total = t->arch.params_total;
    in->params_active = t->arch.params_active;
    in->layers = t->arch.layers;
    in->d_attn = t->arch.d_attn;
    /* Did the caller change what the preset's published compute measured? (A
     * GPU count alone does not: the same GPU-hours, another wall time.) */
    t->changed = AW_IS_SET(req->tokens) || req->hardware_id != NULL ||
                 req->precision != AW_PREC_DEFAULT || AW_IS_SET(req->mfu) ||
                 AW_IS_SET(req->params_total) || AW_IS_SET(req->seq_len);
    return AW_OK;
}

/* Hardware and server (site.c): --hardware, else the run's, else the
 * default training chip. */
static aw_status resolve_hardware(struct train_ctx *t, struct aw_diag *diag)
{
    const char *preset_hw = NULL;
    TRY(preset_str(t->run, "hardware", t->run_id, &preset_hw, diag));
    const struct aw_hardware *hw_preset =
        preset_hw ? aw_catalog_find_hardware(t->cat, preset_hw) : NULL;
    if (preset_hw != NULL && hw_preset == NULL)
        return aw__fail(diag, AW_E_PARSE, "training run '%s' names unknown hardware '%s'",
                        t->run_id, preset_hw);
    const char *hw_id = t->req->hardware_id ? t->req->hardware_id
                        : preset_hw         ? preset_hw
                                            : AW_DEFAULT_TRAIN_HARDWARE;
    TRY(aw__site_hardware(t->cat, hw_id, &t->site, diag));
    t->hw_as_preset = t->run != NULL && t->site.hw == hw_preset;
    t->est->inputs.hardware_id = t->site.hw->id;
    t->est->inputs.server_id = t->site.server ? t->site.server->id : NULL;
    return AW_OK;
}

/* Precision: --precision, else the run's, else BF16, on a chip that has a
 * peak for it (or the nearest wider precision it has). */
static aw_status resolve_precision(struct train_ctx *t, struct aw_diag *diag)
{
    const struct aw_hardware *hw = t->site.hw;
    const char *preset_prec = NULL;
    TRY(preset_str(t->run, "precision", t->run_id, &preset_prec, diag));
    int want = AW_PREC_BF16;
    int prec_preset = -1;
    if (preset_prec != NULL) {
        prec_preset = aw_precision_from_name(preset_prec);
        if (prec_preset < 0)
            return preset_error(t->run_id, "precision", "unknown precision", diag);
        want = prec_preset;
    }
    if (t->req->precision != AW_PREC_DEFAULT)
        want = t->req->precision;
    t->prec = train_precision(hw, (enum aw_precision)want);
    if (t->prec < 0) {
        aw__hint(diag, "give --precision bf16 or another precision the chip supports");
        return aw__fail(diag, AW_E_UNSUPPORTED, "'%s' lists no peak for %s or a wider precision",
                        hw->id, aw_precision_name((enum aw_precision)want));
    }
    t->prec_as_preset = t->req->precision == AW_PREC_DEFAULT || t->req->precision == prec_preset;
    t->est->inputs.precision = aw_precision_name((enum aw_precision)t->prec);
    t->est->inputs.peak_tflops = hw->peak_tflops[t->prec].value;
    return AW_OK;
}

/* Tokens, sequence length and FLOPs (the run's published FLOPs when the
 * request changes none of what they count). */
static aw_status resolve_tokens(struct train_ctx *t, struct aw_diag *diag)
{
    const struct aw_train_request *req = t->req;
    struct aw_train_resolved *in = &t->est->inputs;
    struct aw_num pseq;
    TRY(preset_num(t->run, "tokens", t->run_id, &t->ptokens, diag));
    TRY(preset_num(t->run, "seq_len", t->run_id, &pseq, diag));
    TRY(preset_num(t->run, "flop", t->run_id, &t->pflop, diag));
    in->tokens = AW_IS_SET(req->tokens) ? req->tokens : t->ptokens.set ? t->ptokens.value : 0;
    if (AW_IS_SET(req->seq_len)) {
        in->seq_len = req->seq_len;
    } else if (pseq.set && pseq.value >= 1) {
        in->seq_len = pseq.value;
    } else {
        in->seq_len = AW_DEFAULT_TRAIN_SEQ_LEN;
        if (t->model != NULL && t->model->max_context > 0 && t->model->max_context < in->seq_len)
            in->seq_len = t->model->max_context;
    }
    in->attention_flop_per_token = attention_flop_per_token(&t->arch, in->seq_len);
    in->published_flop_used = t->pflop.set && t->pflop.value > 0 && !AW_IS_SET(req->tokens) &&
                              !AW_IS_SET(req->seq_len) && !AW_IS_SET(req->params_total);
    if (in->published_flop_used)
        in->flop = t->pflop.value;
    return AW_OK;
}

/* MFU: --mfu, else the run's published one on its own chip and precision,
 * else the chip's default (aw_train_default_mfu). */
static aw_status resolve_mfu(struct train_ctx *t, struct aw_diag *diag)
{
    struct aw_train_resolved *in = &t->est->inputs;
    struct aw_num pmfu;
    TRY(preset_num(t->run, "mfu", t->run_id, &pmfu, diag));
    if (AW_IS_SET(t->req->mfu)) {
        in->mfu = t->mfu_lo = t->mfu_hi = t->req->mfu;
        t->mfu_src = "given (--mfu)";
    } else if (pmfu.set && t->hw_as_preset && t->prec_as_preset) {
        in->mfu = pmfu.value;
        t->mfu_lo = pmfu.low;
        t->mfu_hi = pmfu.high;
        t->mfu_src = pmfu.source ? pmfu.source : "the training run's published MFU";
    } else {
        in->mfu = aw_train_default_mfu(t->site.hw, (enum aw_precision)t->prec, &t->mfu_lo,
                                       &t->mfu_hi, &t->mfu_src);
    }
    if (!(in->mfu > 0 && in->mfu <= 1))
        return preset_error(t->run_id ? t->run_id : "?", "mfu", "must be in (0, 1]", diag);
    in->mfu_source = t->mfu_src;
    return AW_OK;
}

/* Compute from FLOPs: tokens x FLOP per token / (peak x MFU). */
static aw_status compute_from_flop(struct train_ctx *t, struct aw_diag *diag)
{
    struct aw_train_resolved *in = &t->est->inputs;
    struct aw_uncertain_set *set = t->set;
    in->compute = AW_TRAIN_FROM_FLOP;
    in->compute_source = "FLOPs / (peak x MFU)";
    if (in->tokens <= 0 && !in->published_flop_used) {
        aw__hint(diag, "give --tokens N (e.g. --tokens 15T) or --gpu-hours H");
        return aw__fail(diag, AW_E_INVALID, "no training tokens for '%s'%s", in->model_id,
                        t->run == NULL ? " (not a training-run preset)" : "");
    }
    push(set, "mfu", t->mfu_src, in->mfu, t->mfu_lo, t->mfu_hi, FIELD(mfu));
    if (in->published_flop_used) {
        push_pnum(set, "flop", &t->pflop, "the training run's published FLOPs", FIELD(flop));
        return AW_OK;
    }
    if (!AW_IS_SET(t->req->tokens))
        push_pnum(set, "tokens", &t->ptokens, "the training run's published tokens",
                  FIELD(tokens));
    if (t->model != NULL && !AW_IS_SET(t->req->params_total))
        push_num(set, "params_active", &t->model->params_active, t->cat, AW_SECTION_MODELS,
                 t->model->id, FIELD(params_active));
    return AW_OK;
}

/* GPUs, days, GPU-hours: how the compute is known (given, published, or
 * from FLOPs). */
static aw_status resolve_compute(struct train_ctx *t, struct aw_diag *diag)
{
    const struct aw_train_request *req = t->req;
    struct aw_train_resolved *in = &t->est->inputs;
    struct aw_uncertain_set *set = t->set;
    struct aw_num pgpus, pdays, phours;
    TRY(preset_num(t->run, "gpus", t->run_id, &pgpus, diag));
    TRY(preset_num(t->run, "days", t->run_id, &pdays, diag));
    TRY(preset_num(t->run, "gpu_hours", t->run_id, &phours, diag));
    TRY(preset_num(t->run, "overhead", t->run_id, &t->pover, diag));
    int published = t->run != NULL && !t->changed;
    in->gpus = AW_IS_SET(req->gpus) ? req->gpus : pgpus.set ? pgpus.value : 0;
    if (AW_IS_SET(req->gpu_hours)) {
        in->compute = AW_TRAIN_FROM_HOURS;
        in->compute_source = "GPU-hours given (--gpu-hours)";
        in->gpu_hours = req->gpu_hours;
    } else if (published && phours.set && phours.value > 0) {
        in->compute = AW_TRAIN_FROM_HOURS;
        in->compute_source = "published GPU-hours";
        in->gpu_hours = phours.value;
        push_pnum(set, "gpu_hours", &phours, "the training run's published GPU-hours",
                  FIELD(gpu_hours));
    } else if (published && pgpus.set && pdays.set && pgpus.value > 0 && pdays.value > 0) {
        if (AW_IS_SET(req->gpus)) {
            /* The published GPU-time on another number of GPUs. */
            in->compute = AW_TRAIN_FROM_HOURS;
            in->compute_source = "published GPUs x days, on --gpus";
            in->gpu_hours = pgpus.value * pdays.value * 24.0;
            push(set, "gpu_hours", "the training run's published GPUs x days",
                 in->gpu_hours, pgpus.low * pdays.low * 24.0, pgpus.high * pdays.high * 24.0,
                 FIELD(gpu_hours));
        } else {
            in->compute = AW_TRAIN_FROM_GPU_DAYS;
            in->compute_source = "published GPUs x days";
            in->gpus = pgpus.value;
            in->days = pdays.value;
            push_pnum(set, "gpus", &pgpus, "the training run's published GPU count", FIELD(gpus));
            push_pnum(set, "days", &pdays, "the training run's published duration", FIELD(days));
        }
    } else {
        TRY(compute_from_flop(t, diag));
    }
    return AW_OK;
}

/* Restarts, evaluations, idle: --overhead, else our default for compute
 * from FLOPs, else the run's. */
static void resolve_overhead(struct train_ctx *t)
{
    const struct aw_train_request *req = t->req;
    struct aw_train_resolved *in = &t->est->inputs;
    if (AW_IS_SET(req->overhead)) {
        in->overhead = req->overhead;
    } else if (in->compute == AW_TRAIN_FROM_FLOP) {
        in->overhead = AW_TRAIN_OVERHEAD;
        push(t->set, "overhead", "restarts, evaluations, checkpoints: Llama 3 kept >90% effective "
                                 "training time (Llama 3 paper); range our estimate",
             in->overhead, AW_TRAIN_OVERHEAD_LOW, AW_TRAIN_OVERHEAD_HIGH, FIELD(overhead));
    } else if (t->pover.set) {
        in->overhead = t->pover.value;
        push_pnum(t->set, "overhead", &t->pover, "the training run's overhead", FIELD(overhead));
    }
    in->flop_overhead = in->compute == AW_TRAIN_FROM_FLOP || AW_IS_SET(req->overhead) ? in->overhead
                                                                               : AW_TRAIN_OVERHEAD;
}

/* Power: the run's published system power on its own chip, else the chip's
 * idle-to-max range at training load plus the host's share. */
static aw_status resolve_power(struct train_ctx *t, struct aw_diag *diag)
{
    struct aw_train_resolved *in = &t->est->inputs;
    struct aw_uncertain_set *set = t->set;
    const struct aw_hardware *hw = t->site.hw;
    const struct aw_server *server = t->site.server;
    in->idle_power_w = hw->idle_power_w.value;
    in->max_power_w = hw->max_power_w.value;
    in->power_fraction = AW_TRAIN_POWER_FRACTION;
    in->host_power_w_per_gpu = server ? server->host_power_w.value / server->accelerators : 0;
    struct aw_num psys;
    TRY(preset_num(t->run, "system_power_w", t->run_id, &psys, diag));
    if (psys.set && psys.value > 0 && t->hw_as_preset) {
        in->system_power_published = 1;
        in->system_power_w = psys.value;
        push_pnum(set, "system_power_w", &psys, "the training run's published system power",
                  FIELD(system_power_w));
    } else {
        push(set, "power_fraction",
             "training load: 0.85 of the idle-to-max range (docs/reference/estimation.md: 0.8-0.95 of TDP; "
             "Morrison et al. 2025: 15-85% of max during OLMo training)",
             in->power_fraction, AW_TRAIN_POWER_FRACTION_LOW, AW_TRAIN_POWER_FRACTION_HIGH,
             FIELD(power_fraction));
        push_num(set, "idle_power_w", &hw->idle_power_w, t->cat, AW_SECTION_HARDWARE, hw->id,
                 FIELD(idle_power_w));
        push_num(set, "max_power_w", &hw->max_power_w, t->cat, AW_SECTION_HARDWARE, hw->id,
                 FIELD(max_power_w));
        if (server != NULL && set != NULL) {
            struct aw_num per_gpu = server->host_power_w;
            per_gpu.value /= server->accelerators;
            per_gpu.low /= server->accelerators;
            per_gpu.high /= server->accelerators;
            push_num(set, "host_power_w_per_gpu", &per_gpu, t->cat, AW_SECTION_SERVERS,
                     server->id, FIELD(host_power_w_per_gpu));
        }
    }
    if (!(in->max_power_w > in->idle_power_w))
        return aw__fail(diag, AW_E_RANGE, "'%s': max power must be above idle power", hw->id);
    return AW_OK;
}

/* Data centre and grid (site.c): the request's, else the run's, else the
 * default training site; the run's PUE and grid intensity hold on its own
 * site. Then water, market carbon and the hardware's embodied impacts. */
static aw_status resolve_place(struct train_ctx *t, struct aw_diag *diag)
{
    const struct aw_train_request *req = t->req;
    struct aw_train_resolved *in = &t->est->inputs;
    struct aw_uncertain_set *set = t->set;
    const char *preset_dc = NULL, *preset_grid = NULL;
    TRY(preset_str(t->run, "datacenter", t->run_id, &preset_dc, diag));
    TRY(preset_str(t->run, "grid", t->run_id, &preset_grid, diag));
    int preset_site = req->datacenter_id == NULL; /* the preset's site conditions apply */
    const char *dc_id = req->datacenter_id ? req->datacenter_id
                        : preset_dc        ? preset_dc
                                           : AW_DEFAULT_TRAIN_DATACENTER;
    const char *grid_id = req->grid_id                 ? req->grid_id
                          : preset_site && preset_grid ? preset_grid
                                                       : NULL; /* the data centre's */
    TRY(aw__site_place(t->cat, dc_id, grid_id, &t->site, diag));
    const struct aw_datacenter *dc = t->site.dc;
    const struct aw_grid *grid = t->site.grid;
    in->datacenter_id = dc->id;
    struct aw_num ppue, pgrid;
    TRY(preset_num(t->run, "pue", t->run_id, &ppue, diag));
    TRY(preset_num(t->run, "grid_gco2_per_kwh", t->run_id, &pgrid, diag));
    if (AW_IS_SET(req->pue)) {
        in->pue = req->pue;
    } else if (preset_site && ppue.set) {
        if (ppue.value < 1.0)
            return preset_error(t->run_id, "pue", "must be at least 1.0", diag);
        in->pue = ppue.value;
        push_pnum(set, "pue", &ppue, "the training run's published PUE", FIELD(pue));
    } else {
        in->pue = dc->pue.value;
        push_num(set, "pue", &dc->pue, t->cat, AW_SECTION_DATACENTERS, dc->id, FIELD(pue));
    }
    if (AW_IS_SET(req->grid_gco2_per_kwh)) {
        in->gco2_per_kwh = req->grid_gco2_per_kwh;
        in->grid_id = "custom";
    } else if (req->grid_id == NULL && preset_site && pgrid.set) {
        in->gco2_per_kwh = pgrid.value;
        in->grid_id = "custom";
        push_pnum(set, "grid_gco2_per_kwh", &pgrid, "the training run's published grid intensity",
                  FIELD(gco2_per_kwh));
    } else {
        in->gco2_per_kwh = grid->gco2_per_kwh.value;
        in->grid_id = grid->id;
        push_num(set, "grid_gco2_per_kwh", &grid->gco2_per_kwh, t->cat, AW_SECTION_GRIDS,
                 grid->id, FIELD(gco2_per_kwh));
    }
    if (AW_IS_SET(req->wue_l_per_kwh)) {
        in->wue_l_per_kwh = req->wue_l_per_kwh;
    } else {
        in->wue_l_per_kwh = dc->wue_l_per_kwh.value;
        push_num(set, "wue_l_per_kwh", &dc->wue_l_per_kwh, t->cat, AW_SECTION_DATACENTERS,
                 dc->id, FIELD(wue_l_per_kwh));
    }
    in->grid_water_l_per_kwh = grid->water_l_per_kwh.value;
    push_num(set, "grid_water_l_per_kwh", &grid->water_l_per_kwh, t->cat, AW_SECTION_GRIDS,
             grid->id, FIELD(grid_water_l_per_kwh));
    /* market_gco2_per_kwh: the field table's range (aw__train_request_check) */
    in->market_gco2_per_kwh = aw__market_intensity(dc, req->market_gco2_per_kwh,
                                                   in->gco2_per_kwh, &in->market_basis);
    aw__embodied_resolve(&in->embodied, dc, t->site.hw, t->site.server);
    return AW_OK;
}

aw_status aw__train_resolve(const aw_catalog *cat, const struct aw_train_request *req,
                            struct aw_train_estimate *est, struct aw_uncertain_set *set,
                            struct aw_diag *diag)
{
    memset(est, 0, sizeof *est);
    if (set != NULL)
        memset(set, 0, sizeof *set);
    aw_diag_clear(diag);
    if (cat == NULL || req == NULL)
        return aw__fail(diag, AW_E_INVALID, "no catalog or request");
    TRY(aw__train_request_check(req, diag));
    struct train_ctx t = {.cat = cat, .req = req, .est = est, .set = set};
    TRY(resolve_model(&t, diag));
    TRY(resolve_hardware(&t, diag));
    TRY(resolve_precision(&t, diag));
    TRY(resolve_tokens(&t, diag));
    TRY(resolve_mfu(&t, diag));
    TRY(resolve_compute(&t, diag));
    resolve_overhead(&t);
    TRY(resolve_power(&t, diag));
    TRY(resolve_place(&t, diag));
    est->inputs.amortise_queries = AW_IS_SET(req->amortise_queries) ? req->amortise_queries : 0;

    if (t.run != NULL)
        TRY(parse_published(t.run, t.run_id, est, diag));
    find_comparisons(cat, est);
    aw_train_evaluate(est);
    if (!isfinite(est->wh.facility_wh)) {
        /* Each input is finite, but a product of huge catalog numbers need not be. */
        memset(est, 0, sizeof *est);
        aw__hint(diag, "check the model's, hardware's and data centre's numbers in the catalog");
        return aw__fail(diag, AW_E_RANGE,
                        "the run's energy is not a finite number: an input is too large");
    }
    if (!(est->wh.facility_wh > 0))
        return aw__fail(diag, AW_E_RANGE, "the run has no energy: check tokens and GPU-hours");
    return AW_OK;
}

aw_status aw_train_estimate(const aw_catalog *cat, const struct aw_train_request *req,
                            struct aw_train_estimate *out, struct aw_diag *diag)
{
    return aw__train_resolve(cat, req, out, NULL, diag);
}

/* ---- Arithmetic ---------------------------------------------------------- */

/* The ladder at a published figure's boundary (facility when it names none). */
static double rung(const struct aw_ladder *wh, const char *boundary)
{
    int b = aw_boundary_from_name(boundary);
    return aw_ladder_at(wh, b < 0 ? AW_BOUNDARY_FACILITY : (enum aw_boundary)b);
}

void aw_train_evaluate(struct aw_train_estimate *est)
{
    struct aw_train_resolved *in = &est->inputs;
    if (!in->published_flop_used) {
        in->flop_per_token = 6.0 * in->params_active + in->attention_flop_per_token;
        in->flop = in->tokens > 0 ? in->tokens * in->flop_per_token : 0;
    } else {
        in->flop_per_token = 6.0 * in->params_active + in->attention_flop_per_token;
    }
    double peak = in->peak_tflops * 1e12;
    double hours_flop = in->flop > 0 && in->mfu > 0 && peak > 0 ? in->flop / (peak * in->mfu) / 3600.0
                                                                 : 0;
    double grow = 1.0 + in->overhead;
    switch (in->compute) {
    case AW_TRAIN_FROM_FLOP:
        in->gpu_hours_compute = hours_flop;
        in->gpu_hours = hours_flop * grow;
        break;
    case AW_TRAIN_FROM_HOURS:
        in->gpu_hours_compute = in->gpu_hours / grow;
        break;
    case AW_TRAIN_FROM_GPU_DAYS:
        in->gpu_hours = in->gpus * in->days * 24.0;
        in->gpu_hours_compute = in->gpu_hours / grow;
        break;
    }
    if (in->compute != AW_TRAIN_FROM_GPU_DAYS)
        in->days = in->gpus > 0 ? in->gpu_hours / in->gpus / 24.0 : 0;
    in->gpu_hours_from_flop = hours_flop * (1.0 + in->flop_overhead);
    in->implied_mfu = in->flop > 0 && in->gpu_hours_compute > 0 && peak > 0
                          ? in->flop / (in->gpu_hours_compute * 3600.0 * peak)
                          : 0;

    /* Power per accelerator: the chip at training load plus the host's
     * share; a published system power is split in the same proportion. */
    double acc_w = aw__power_w(in->idle_power_w, in->max_power_w, in->power_fraction);
    double host_w = in->host_power_w_per_gpu;
    if (in->system_power_published) {
        double share = acc_w + host_w > 0 ? acc_w / (acc_w + host_w) : 1.0;
        in->accelerator_power_w = in->system_power_w * share;
    } else {
        in->accelerator_power_w = acc_w;
        in->system_power_w = acc_w + host_w;
    }

    struct aw_ladder *wh = &est->wh;
    wh->accelerator_wh = in->gpu_hours_compute * in->accelerator_power_w;
    wh->server_wh = in->gpu_hours_compute * in->system_power_w;
    wh->it_wh = wh->server_wh * grow;
    wh->facility_wh = wh->it_wh * in->pue;
    est->co2_g = wh->facility_wh / 1000.0 * in->gco2_per_kwh;
    /* As for a request (Li et al.): on-site water per IT kWh plus the
     * grid's off-site water per kWh drawn. L/kWh x Wh = mL. */
    est->water_onsite_ml = wh->it_wh * in->wue_l_per_kwh;
    est->water_offsite_ml = wh->it_wh * in->pue * in->grid_water_l_per_kwh;
    est->water_ml = est->water_onsite_ml + est->water_offsite_ml;
    est->co2_market_g = wh->facility_wh / 1000.0 * in->market_gco2_per_kwh;
    /* Manufacturing: the run holds its accelerators for all its GPU-hours
     * (restarts and evaluations included). */
    est->embodied = in->embodied;
    aw__embodied_amortise(&est->embodied, in->gpu_hours * 3600.0);

    double n = in->amortise_queries;
    if (n > 0) {
        est->per_query_wh.accelerator_wh = wh->accelerator_wh / n;
        est->per_query_wh.server_wh = wh->server_wh / n;
        est->per_query_wh.it_wh = wh->it_wh / n;
        est->per_query_wh.facility_wh = wh->facility_wh / n;
        est->per_query_co2_g = est->co2_g / n;
        est->per_query_water_ml = est->water_ml / n;
        est->per_query_embodied_co2_g = est->embodied.co2_g / n;
    } else {
        est->per_query_embodied_co2_g = 0;
        memset(&est->per_query_wh, 0, sizeof est->per_query_wh);
        est->per_query_co2_g = est->per_query_water_ml = 0;
    }

    for (size_t i = 0; i < est->n_published; i++) {
        struct aw_train_published *p = &est->published[i];
        double base = 0;
        if (strcmp(p->quantity, "energy") == 0)
            base = rung(wh, p->boundary);
        else if (strcmp(p->quantity, "co2") == 0)
            base = rung(wh, p->boundary) / 1000.0 * in->gco2_per_kwh;
        else if (strcmp(p->quantity, "gpu_hours") == 0)
            base = in->gpu_hours_from_flop > 0 ? in->gpu_hours_from_flop : in->gpu_hours;
        else if (strcmp(p->quantity, "flop") == 0)
            base = in->tokens > 0 ? in->tokens * in->flop_per_token : in->flop;
        p->estimate = base / p->unit_factor;
        p->ratio = p->value > 0 ? p->estimate / p->value : 0;
    }
    for (size_t i = 0; i < est->n_comparisons; i++)
        est->comparisons[i].count = wh->facility_wh / est->comparisons[i].per_wh;
}
