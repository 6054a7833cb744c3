/*
 * estimate.c - one request, from catalog ids to the boundary ladder.
 *
 * Resolution (defaults, catalog lookups, validation) is kept apart from the
 * arithmetic so that every refusal names the input at fault before any
 * number is computed. The arithmetic is the roofline model of
 * docs/methodology.md: compute-bound prefill, decode steps bounded by memory
 * traffic or compute, batch capped by KV-cache memory, power as a function
 * of load, then host, reserve capacity and PUE.
 */
#include <math.h>
#include <stddef.h>
#include <string.h>
#include "constants.h"
#include "internal.h"
#include "aiwatt/request.h"
#include "roofline.h"
#include "serving.h"
#include "site.h"
#include "methods.h"
#include "diffusion.h"
#include "ladder.h"
#include "impacts.h"

void aw_assumptions_init(struct aw_assumptions *a)
{
    /* doubles only (include/aiwatt/estimate.h), each < 0 until overridden */
    _Static_assert(sizeof *a % sizeof(double) == 0, "struct aw_assumptions holds doubles only");
    aw__doubles_unset(a, sizeof *a);
}

#define ASSUME(req, field, fallback) AW__ASSUME(req, field, fallback)

/* Everything the arithmetic needs, resolved and validated. */
struct resolved {
    const struct aw_model *model; /* NULL for --params */
    struct aw__site site;         /* hw to compute_prec below are its fields */
    const struct aw_hardware *hw;
    const struct aw_server *server;
    const struct aw_datacenter *dc;
    const struct aw_grid *grid;
    const struct aw_engine *engine;
    struct aw__arch arch;
    enum aw_precision weights_prec;
    enum aw_precision compute_prec;
    enum aw_precision kv_prec;
    double bytes_per_weight;
    double bytes_per_kv;
    double input_tokens, output_tokens, reasoning_tokens;
    double cached_tokens;
    long images_in;
    long image_tokens_each;
    int image_width, image_height;
};

static aw_status resolve(const aw_catalog *cat, const struct aw_request *req,
                         struct resolved *r, struct aw_estimate *out, struct aw_diag *diag)
{
    struct aw_resolved *in = &out->inputs;
    memset(r, 0, sizeof *r);

    if (req->task != AW_TASK_CHAT && req->task != AW_TASK_REASONING) {
        aw__hint(diag, "use --task chat or --task reasoning");
        return aw__fail(diag, AW_E_UNSUPPORTED, "task '%s' is not available in this build",
                        aw_task_name(req->task));
    }
    if ((AW_IS_SET(req->input_tokens) && req->input_tokens < 0) ||
        (AW_IS_SET(req->output_tokens) && req->output_tokens < 0) ||
        (AW_IS_SET(req->reasoning_tokens) && req->reasoning_tokens < 0)) {
        aw__hint(diag, "token counts are zero or more");
        return aw__fail(diag, AW_E_RANGE, "a token count is negative");
    }
    if (AW_IS_SET(req->gpus) && req->gpus < 1) {
        aw__hint(diag, "give --gpus 1 or more, or leave it out to choose automatically");
        return aw__fail(diag, AW_E_RANGE, "GPU count %d is not possible", req->gpus);
    }
    if (AW_IS_SET(req->batch) && req->batch < 1) {
        aw__hint(diag, "give --batch 1 or more");
        return aw__fail(diag, AW_E_RANGE, "batch %d is not possible", req->batch);
    }

    /* Model. */
    if (AW_IS_SET(req->params_total) && req->params_total > 0 && req->model_id == NULL) {
        if (!(req->params_total < 1e15) ||
            (AW_IS_SET(req->params_active) && req->params_active > req->params_total)) {
            aw__hint(diag, "--active-params must not exceed --params");
            return aw__fail(diag, AW_E_RANGE, "parameter counts are not consistent");
        }
        /* A model with no architecture: aw__arch_from_model derives one,
         * and lays out the experts when active < total. */
        struct aw_model unlisted = {0};
        unlisted.params_total.value = req->params_total;
        unlisted.params_active.set = AW_IS_SET(req->params_active);
        unlisted.params_active.value = unlisted.params_active.set ? req->params_active : 0;
        aw__arch_from_model(&unlisted, &r->arch);
        in->model_id = "custom";
        in->model_confidence = "estimate";
        r->weights_prec = AW_PREC_BF16;
    } else if ((AW_IS_SET(req->params_total) && !(req->params_total > 0)) ||
               (AW_IS_SET(req->params_active) && !(req->params_active > 0))) {
        aw__hint(diag, "give --params (and --active-params) as positive counts such as 70B");
        return aw__fail(diag, AW_E_RANGE, "parameter counts must be positive");
    } else {
        const char *id = req->model_id ? req->model_id : AW_DEFAULT_MODEL;
        r->model = aw_catalog_find_model(cat, id);
        if (r->model == NULL)
            return aw__not_found(cat, AW_SECTION_MODELS, "model", id, "--model", diag);
        if (strcmp(r->model->kind, "llm") != 0) {
            aw__hint(diag, "use --task %s for '%s'", r->model->kind, r->model->id);
            return aw__fail(diag, AW_E_INVALID, "model '%s' is %s %s model, not a text model",
                            r->model->id,
                            strchr("aeiou", r->model->kind[0]) != NULL ? "an" : "a",
                            r->model->kind);
        }
        aw__arch_from_model(r->model, &r->arch);
        in->model_id = r->model->id;
        in->model_confidence = r->model->confidence == AW_CONFIRMED ? "confirmed" : "estimate";
        r->weights_prec = r->model->precision;
    }

    /* The recurrent state's element size (uncertainty over the engine's
     * choice, vLLM's --mamba-ssm-cache-dtype). */
    if (r->model != NULL && req->assumptions != NULL && req->assumptions->ssm_state_bytes > 0)
        r->arch.ssm_state_bytes =
            aw__ssm_state_bytes(r->model, req->assumptions->ssm_state_bytes);

    /* Parameter overrides (uncertainty over closed-model sizes). */
    if (req->assumptions != NULL &&
        (req->assumptions->params_total > 0 || req->assumptions->params_active > 0)) {
        double total = ASSUME(req, params_total, r->arch.params_total);
        double active = ASSUME(req, params_active, r->arch.params_active);
        if (active > total)
            active = total;
        aw__arch_set_params(&r->arch, total, active);
    }

    /* Hardware, precision, data centre and grid. */
    TRY(aw__site_resolve_model(cat, req, r->model, r->weights_prec, &r->site, diag));
    in->serving_source = r->site.serving_source;
    r->hw = r->site.hw;
    r->server = r->site.server;
    r->dc = r->site.dc;
    r->grid = r->site.grid;
    r->weights_prec = r->site.weights_prec;
    r->compute_prec = r->site.compute_prec;
    r->bytes_per_weight = aw_precision_bytes(r->weights_prec);

    /* Serving engine: vLLM for open models (what their users and ML.ENERGY
     * run), the maker's own stack for closed ones (docs/methodology.md). */
    const char *engine_id = req->engine_id;
    if (engine_id == NULL)
        engine_id = r->model != NULL && !r->model->open ? AW_DEFAULT_ENGINE_CLOSED
                                                        : AW_DEFAULT_ENGINE_OPEN;
    r->engine = aw_catalog_find_engine(cat, engine_id);
    /* Only the roofline models the engine; the top-down methods need none
     * unless one was asked for. */
    if (r->engine == NULL && (req->method == AW_METHOD_ROOFLINE || req->engine_id != NULL)) {
        char known[256] = "";
        size_t used = 0, count = aw_catalog_count(cat, AW_SECTION_ENGINES);
        for (size_t i = 0; i < count && used < sizeof known; i++) {
            int w = snprintf(known + used, sizeof known - used, "%s%s", i ? ", " : "",
                             aw_catalog_id_at(cat, AW_SECTION_ENGINES, i));
            if (w < 0)
                break;
            used += (size_t)w;
        }
        if (count == 0)
            aw__hint(diag, "the catalog has no \"engines\" section (data/engines.json)");
        else
            aw__hint(diag, "give --engine as one of: %s", known);
        return aw__fail(diag, AW_E_NOT_FOUND, "unknown engine '%s'", engine_id);
    }
    /* KV cache in FP8 only where the engine stores it so by default for a
     * model that computes in FP8 (TensorRT-LLM with NVIDIA's FP8
     * checkpoints); vLLM and SGLang keep the model's 16-bit type unless told
     * --kv-cache-dtype fp8 (data/engines.json). With no engine (top-down
     * methods, a catalog without one), FP8 compute means an FP8 cache. */
    int fp8_compute = r->compute_prec == AW_PREC_FP8 || r->compute_prec == AW_PREC_FP4;
    r->kv_prec = fp8_compute && (r->engine == NULL || r->engine->fp8_kv_cache) ? AW_PREC_FP8
                                                                               : AW_PREC_BF16;
    if (req->kv_precision != AW_PREC_DEFAULT) /* in range: aw_request_check */
        r->kv_prec = (enum aw_precision)req->kv_precision;
    r->bytes_per_kv = aw_precision_bytes(r->kv_prec);

    if ((AW_IS_SET(req->tp) && (req->tp < 1 || req->tp > 4096)) ||
        (AW_IS_SET(req->ep) && (req->ep < 1 || req->ep > 4096)) ||
        (AW_IS_SET(req->pp) && (req->pp < 1 || req->pp > 4096))) {
        aw__hint(diag, "give --tp, --ep and --pp as 1 or more (and at most 4096)");
        return aw__fail(diag, AW_E_RANGE, "a parallel size is out of range");
    }
    if (req->ep > 1 && r->arch.experts <= 0) {
        aw__hint(diag, "leave --ep out, or use a mixture-of-experts model");
        return aw__fail(diag, AW_E_INVALID, "expert parallelism needs a mixture-of-experts model");
    }

    /* Tokens. */
    if ((AW_IS_SET(req->cached_tokens) && req->cached_tokens < 0) ||
        (AW_IS_SET(req->images_in) && req->images_in < 0) ||
        (AW_IS_SET(req->image_in_width) && req->image_in_width < 1) ||
        (AW_IS_SET(req->image_in_height) && req->image_in_height < 1)) {
        aw__hint(diag, "cached tokens and images are zero or more, image sizes 1 or more");
        return aw__fail(diag, AW_E_RANGE, "a count is negative");
    }
    r->input_tokens = AW_IS_SET(req->input_tokens) ? req->input_tokens : AW_DEFAULT_INPUT_TOKENS;
    r->output_tokens =
        AW_IS_SET(req->output_tokens) ? req->output_tokens : AW_DEFAULT_OUTPUT_TOKENS;
    if (AW_IS_SET(req->reasoning_tokens))
        r->reasoning_tokens = req->reasoning_tokens;
    else if (req->task == AW_TASK_REASONING)
        r->reasoning_tokens = r->model != NULL && r->model->reasoning_tokens.set
                                  ? r->model->reasoning_tokens.value
                                  : AW_DEFAULT_REASONING_TOKENS;
    else
        r->reasoning_tokens = 0;

    /* Images in: the vision encoder runs once per image, and each image
     * becomes prompt tokens (prefill and KV cache). */
    if (AW_IS_SET(req->images_in) && req->images_in > 0) {
        if (r->model == NULL || !r->model->vision_params.set) {
            aw__hint(diag, "use a vision-language model (e.g. qwen2.5-vl-7b, gpt-4o); "
                           "'aiwatt catalog list models' shows them");
            return aw__fail(diag, AW_E_INVALID, "model '%s' has no vision encoder in the catalog",
                            r->model ? r->model->id : "custom");
        }
        if (req->images_in > 1000) {
            aw__hint(diag, "give --images-in from 1 to 1000");
            return aw__fail(diag, AW_E_RANGE, "%ld images is more than one request can hold",
                            req->images_in);
        }
        int w = AW_IS_SET(req->image_in_width) ? req->image_in_width : AW_DEFAULT_IMAGE_IN_PX;
        int h = AW_IS_SET(req->image_in_height) ? req->image_in_height : AW_DEFAULT_IMAGE_IN_PX;
        if (w > 16384 || h > 16384) {
            aw__hint(diag, "give --image-size up to 16384x16384 (models downscale larger images)");
            return aw__fail(diag, AW_E_RANGE, "image size %dx%d is larger than 16384 px", w, h);
        }
        r->image_tokens_each = aw__image_tokens(r->model, w, h);
        r->images_in = req->images_in;
        r->image_width = w;
        r->image_height = h;
    }
    double prompt_tokens = r->input_tokens + r->images_in * (double)r->image_tokens_each;
    long cached = AW_IS_SET(req->cached_tokens) ? req->cached_tokens : 0;
    if (cached > prompt_tokens) {
        aw__hint(diag, "--cached-tokens is the part of the prompt already in the cache");
        return aw__fail(diag, AW_E_RANGE, "%ld cached tokens exceed the %.0f-token prompt",
                        cached, prompt_tokens);
    }
    r->cached_tokens = cached;
    if (prompt_tokens - r->cached_tokens + r->output_tokens + r->reasoning_tokens < 1) {
        aw__hint(diag, "give --input-tokens or --output-tokens of 1 or more (tokens served "
                       "from the prompt cache are not computed)");
        return aw__fail(diag, AW_E_RANGE, "the request has no tokens to compute");
    }
    double ctx_max = prompt_tokens + r->output_tokens + r->reasoning_tokens;
    if (r->model != NULL && r->model->max_context > 0 && ctx_max > r->model->max_context) {
        aw__hint(diag, "use fewer input, reasoning or output tokens");
        return aw__fail(diag, AW_E_RANGE,
                        "%.0f tokens exceed the %d-token context window of '%s'", ctx_max,
                        r->model->max_context, r->model->id);
    }
    return AW_OK;
}

/* The top-down methods (flops, nameplate, ecologits; lib/estimate/method_*.c)
 * share the resolution above and the carbon and water formulas. */
static aw_status estimate_top_down(const struct aw_request *req, const struct resolved *r,
                                   struct aw_estimate *out, struct aw_diag *diag)
{
    struct aw__conditions cond;
    aw__site_conditions(&r->site, req, &cond);
    struct aw__method_input mi = {
        .req = req,
        .mp = req->method_params ? req->method_params : &req->method_values,
        .model = r->model,
        .hw = r->hw,
        .server = r->server,
        .arch = r->arch,
        .weights_prec = r->weights_prec,
        .compute_prec = r->compute_prec,
        .input_tokens = r->input_tokens,
        .output_tokens = r->output_tokens,
        .reasoning_tokens = r->reasoning_tokens,
        .pue = cond.pue,
        .wue_l_per_kwh = cond.wue_l_per_kwh,
        .gco2_per_kwh = cond.gco2_per_kwh,
        .water_l_per_kwh = cond.water_l_per_kwh,
    };
    aw_status st = AW_E_UNSUPPORTED;
    if (req->method == AW_METHOD_FLOPS)
        st = aw__method_flops(&mi, out, diag);
    else if (req->method == AW_METHOD_NAMEPLATE)
        st = aw__method_nameplate(&mi, out, diag);
    else if (req->method == AW_METHOD_ECOLOGITS)
        st = aw__method_ecologits(&mi, out, diag);
    else
        aw__fail(diag, st, "unknown method");
    if (st != AW_OK)
        return st;
    aw__method_finish(&mi, out);
    out->inputs.datacenter_id = r->dc->id;
    out->inputs.grid_id = cond.grid_id;
    aw__impacts_fill(out, req, r->dc, r->hw, r->server, out->inputs.topdown.gpu_seconds);
    return AW_OK;
}

static aw_status estimate_request(const aw_catalog *cat, const struct aw_request *req,
                                  struct aw_estimate *out, struct aw_diag *diag);

/* Every figure finite and not negative (embodied primary energy and ADPE
 * are -1 when not sourced). */
static int estimate_finite(const struct aw_estimate *e)
{
    const double v[] = {e->wh.accelerator_wh, e->wh.server_wh, e->wh.it_wh, e->wh.facility_wh,
                        e->co2_g, e->co2_market_g, e->water_ml, e->water_onsite_ml,
                        e->water_offsite_ml, e->seconds, e->embodied.co2_g};
    for (size_t i = 0; i < AW__COUNT(v); i++)
        if (!(isfinite(v[i]) && v[i] >= 0))
            return 0;
    return isfinite(e->embodied.primary_energy_mj) && isfinite(e->embodied.adpe_kg_sbeq);
}

aw_status aw_estimate_request(const aw_catalog *cat, const struct aw_request *req,
                              struct aw_estimate *out, struct aw_diag *diag)
{
    aw_status st = estimate_request(cat, req, out, diag);
    /* The request's and the assumptions' ranges are checked first; a user
     * catalog's numbers are only finite and not negative, so a huge one
     * (max_power_w 1e308) could still overflow here: refused, not shown. */
    if (st == AW_OK && !estimate_finite(out)) {
        memset(out, 0, sizeof *out);
        aw__hint(diag, "look for a huge number in the catalog's hardware, server, data centre or "
                       "grid entries, or in the assumptions");
        return aw__fail(diag, AW_E_RANGE, "the estimate is not a finite number");
    }
    return st;
}

static aw_status estimate_request(const aw_catalog *cat, const struct aw_request *req,
                                  struct aw_estimate *out, struct aw_diag *diag)
{
    struct resolved r;
    memset(out, 0, sizeof *out);
    aw_diag_clear(diag);
    if (cat == NULL || req == NULL)
        return aw__fail(diag, AW_E_INVALID, "no catalog or request");
    aw_status checked = aw_request_check(req, diag); /* the field table's ranges */
    if (checked != AW_OK)
        return checked;
    if (req->task == AW_TASK_IMAGE || req->task == AW_TASK_VIDEO)
        return aw__estimate_diffusion(cat, req, out, diag); /* diffusion.c */
    aw_status st = resolve(cat, req, &r, out, diag);
    if (st != AW_OK)
        return st;
    if (req->method != AW_METHOD_ROOFLINE)
        return estimate_top_down(req, &r, out, diag);

    struct aw_resolved *in = &out->inputs;
    const struct aw__arch *a = &r.arch;
    const struct aw_hardware *hw = r.hw;
    double mem_bytes = hw->memory_gb.value * 1e9;
    double usable_bytes = mem_bytes * AW_MEMORY_USABLE;
    double weights_bytes = a->params_total * r.bytes_per_weight;

    /* Placement: the smallest power-of-two GPU count whose memory holds the
     * weights with room left for KV cache (tensor parallelism in powers of
     * two, as serving engines and EcoLogits do), unless the parallel layout
     * (--tp x --ep x --pp) or --gpus says otherwise. */
    int tp = AW_IS_SET(req->tp) ? req->tp : 0, ep = AW_IS_SET(req->ep) ? req->ep : 0;
    int pp = AW_IS_SET(req->pp) ? req->pp : 0; /* 0: the layout chooses */
    int layout_given = tp > 0 || ep > 0 || pp > 0;
    int gpus = AW_IS_SET(req->gpus) ? req->gpus : 0; /* 0: automatic */
    if (gpus == 0 && layout_given) {
        long product = (long)(tp > 0 ? tp : 1) * (ep > 0 ? ep : 1) * (pp > 0 ? pp : 1);
        if (product > AW_GPUS_MAX) {
            aw__hint(diag, "give --tp x --ep x --pp up to %ld GPUs", AW_GPUS_MAX);
            return aw__fail(diag, AW_E_RANGE, "a %ld-GPU layout is more than one replica can be",
                            product);
        }
        gpus = (int)product;
    }
    in->gpus_auto = gpus == 0;
    if (gpus == 0)
        TRY(aw__site_gpus(weights_bytes / (usable_bytes * AW_WEIGHTS_MAX_SHARE), weights_bytes,
                          hw, "check the model size (--params) and the hardware's memory", &gpus,
                          diag));
    if (gpus > AW_GPUS_MAX) {
        aw__hint(diag, "give --gpus up to %ld", AW_GPUS_MAX);
        return aw__fail(diag, AW_E_RANGE, "%d GPUs is more than one replica can be", gpus);
    }
    /* Default layout: tensor parallel inside a server (NVLink), pipeline
     * stages across servers; a given size fixes the rest where it can. */
    if (!layout_given) {
        tp = gpus <= AW_TP_MAX_DEFAULT ? gpus : AW_TP_MAX_DEFAULT;
        while (gpus % tp != 0)
            tp--;
        ep = 1;
        pp = gpus / tp;
    } else {
        if (ep <= 0)
            ep = 1;
        if (pp <= 0)
            pp = tp > 0 ? gpus / (tp * ep) : 1;
        if (tp <= 0)
            tp = gpus / (ep * pp > 0 ? ep * pp : 1);
        if (tp < 1 || pp < 1 || (long)tp * ep * pp != gpus) {
            aw__hint(diag, "make --tp x --ep x --pp equal the GPU count (or leave --gpus out)");
            return aw__fail(diag, AW_E_RANGE, "layout %d x %d x %d does not match %d GPUs",
                            tp > 0 ? tp : 0, ep, pp > 0 ? pp : 0, gpus);
        }
    }
    if (pp > r.arch.layers) {
        aw__hint(diag, "give --pp at most %d (one layer per stage)", r.arch.layers);
        return aw__fail(diag, AW_E_RANGE, "%d pipeline stages for %d layers", pp, r.arch.layers);
    }
    double workspace = gpus * AW_WORKSPACE_BYTES_PER_GPU;
    double kv_free = gpus * usable_bytes - weights_bytes - workspace;
    if (kv_free <= 0) {
        double need = ceil((weights_bytes + workspace) / usable_bytes);
        if (need <= (double)AW_GPUS_MAX)
            aw__hint(diag, "use --gpus %ld or more, a lower --precision, or leave --gpus out",
                     (long)need);
        else
            aw__hint(diag, "check the model size (--params) and the hardware's memory");
        return aw__fail(diag, AW_E_NOFIT,
                        "%.0f GB of weights at %s do not fit in %d x %.0f GB of %s",
                        weights_bytes / 1e9, aw_precision_name(r.weights_prec), gpus,
                        hw->memory_gb.value, hw->id);
    }

    /* Context and batch. A sequence holds its prompt plus, on average, half
     * of what it generates while it decodes. */
    double generated = r.output_tokens + r.reasoning_tokens;
    double prompt_tokens = r.input_tokens + r.images_in * (double)r.image_tokens_each;
    double mean_ctx = prompt_tokens + generated / 2.0;
    double kv_seq = aw__sequence_bytes(a, mean_ctx > 1 ? mean_ctx : 1, r.bytes_per_kv);
    double batch_max = floor(kv_free / kv_seq);
    if (batch_max < 1) {
        aw__hint(diag, "use more GPUs (--gpus), fewer tokens, or a lower --precision");
        return aw__fail(
            diag, AW_E_NOFIT,
            "not enough memory left for the KV cache of one %.0f-token sequence on %d x %s",
            mean_ctx, gpus, hw->id);
    }
    if (batch_max > AW_BATCH_MAX_SEQUENCES)
        batch_max = AW_BATCH_MAX_SEQUENCES;
    int batch = AW_IS_SET(req->batch) ? req->batch : AW_DEFAULT_BATCH;
    if (batch > batch_max)
        batch = (int)batch_max;

    /* Peaks at the precision the tensor cores run. Attention (QK^T, AV)
     * runs in 16-bit even when the weight GEMMs run in FP8 or INT8:
     * production attention kernels (FlashAttention, FlashInfer) compute it
     * in BF16. */
    double peak_flops = hw->peak_tflops[r.compute_prec].value * 1e12;
    double peak_attn = hw->peak_tflops[AW_PREC_BF16].value * 1e12;
    double bw = hw->bandwidth_tbs.value * 1e12;
    double idle_w, max_w;
    TRY(aw__site_power(hw, req, &idle_w, &max_w, diag));
    double mbu = ASSUME(req, bandwidth_utilisation, AW_MBU);
    double mfu_prefill = ASSUME(req, prefill_flop_utilisation, AW_MFU_PREFILL);
    double mfu_decode = ASSUME(req, decode_flop_utilisation, AW_MFU_DECODE);
    double act_mem = ASSUME(req, power_membound_fraction, AW_ACTIVITY_MEMORY);
    double act_comp = ASSUME(req, power_prefill_fraction, AW_ACTIVITY_COMPUTE);
    /* The utilisations and activities are in range: aw_request_check. */
    double cap_w;
    TRY(aw__site_power_cap(hw, req, idle_w, max_w, &cap_w, diag));

    /* Prefill latency of this request (time to first token): its prompt's
     * FLOPs at the prefill MFU; the vision encoder runs once per image. */
    double new_tokens = prompt_tokens - r.cached_tokens;
    double prefill_flop = aw__prefill_flop(a, new_tokens, r.cached_tokens);
    double prefill_attn_flop = prefill_flop - 2.0 * a->params_active * new_tokens;
    double vision_flop =
        r.images_in > 0 ? r.images_in * aw__vision_flop(r.model, r.image_tokens_each) : 0;
    double prefill_s = (prefill_flop - prefill_attn_flop + vision_flop) /
                           (gpus * peak_flops * mfu_prefill) +
                       prefill_attn_flop / (gpus * peak_attn * mfu_prefill);
    double vision_s = vision_flop / (gpus * peak_flops * mfu_prefill);

    /* The serving step (lib/estimate/serving.c): operator times summed,
     * communication, FP8 expert-kernel overhead, the engine's own work;
     * power from what the chip does during it. */
    const struct aw_engine *en = r.engine;
    double link_gbs = r.server != NULL && r.server->link_bandwidth_gbs.set
                          ? r.server->link_bandwidth_gbs.value
                          : AW_LINK_DEFAULT_GBS;
    double link_us = r.server != NULL && r.server->link_latency_us.set
                         ? r.server->link_latency_us.value
                         : AW_LINK_DEFAULT_LATENCY_US;
    double moe_fp8 = r.weights_prec == AW_PREC_FP8 && a->experts > 0
                         ? ASSUME(req, quant_overhead, r.engine->moe_fp8_layer_s.value)
                         : 0;
    double engine_per_layer_s =
        ASSUME(req, engine_per_layer_s, en->per_layer_s.set ? en->per_layer_s.value : 0);
    struct aw__step_in step_in = {
        .arch = a,
        .batch = batch,
        .ctx_decode = mean_ctx > 1 ? mean_ctx : 1,
        .ctx_prefill = r.cached_tokens + (new_tokens + 1.0) / 2.0,
        .bytes_per_weight = r.bytes_per_weight,
        .bytes_per_kv = r.bytes_per_kv,
        .gpus = gpus, .tp = tp, .ep = ep, .pp = pp,
        .bw = bw,
        .peak_flops = peak_flops,
        .peak_attn_flops = peak_attn,
        .mbu = mbu,
        .mfu = mfu_decode,
        .op_exponent = ASSUME(req, operator_overlap_exponent, AW_OPERATOR_OVERLAP_EXPONENT),
        .link_bytes_per_s = link_gbs * 1e9,
        .link_efficiency = ASSUME(req, link_efficiency, AW_LINK_EFFICIENCY),
        .link_latency_s = link_us * 1e-6,
        .a2a_latency_s = ASSUME(req, a2a_latency_s, AW_A2A_LATENCY_S),
        .moe_layer_overhead_s = moe_fp8,
        /* An eager engine launches every layer's kernels from the CPU each
         * step (a hybrid's state-space layers too). */
        .engine_fixed_s = ASSUME(req, step_overhead_s, en->step_fixed_s.value) +
                          engine_per_layer_s * (a->layers + a->ssm_layers),
        .engine_per_seq_s = ASSUME(req, engine_per_sequence_s, en->per_sequence_s.value),
        .engine_overlap = ASSUME(req, engine_overlap, en->overlap.value),
        .clock = 1,
        .act_mem = act_mem,
        .act_comp = act_comp,
        .act_comm = ASSUME(req, activity_comm, AW_ACTIVITY_COMM),
        .act_engine = ASSUME(req, activity_engine, AW_ACTIVITY_ENGINE),
    };

    /* Chunked prefill: in steady state the prompts of the sequences that
     * replace finished ones are computed inside the decode steps, up to the
     * engine's token budget per step; what does not fit runs in
     * prefill-only steps of a full budget. Per cycle (the batch turns over
     * once): `generated` decode steps and batch x new_tokens prompt tokens. */
    double steps = generated >= 1 ? generated : 0;
    double cycle_prefill = batch * new_tokens;
    double room = en->prefill_chunk_tokens - batch;
    if (room < 0)
        room = 0;
    double per_step = steps > 0 ? cycle_prefill / steps : 0;
    if (per_step > room)
        per_step = room;
    double extra_tokens = cycle_prefill - per_step * steps;
    double extra_steps = extra_tokens > 0 ? extra_tokens / en->prefill_chunk_tokens : 0;

    struct aw__step_out mix, pure, pf = {0};
    step_in.prefill_tokens = per_step;
    double clock = aw__capped_step(&step_in, idle_w, max_w, cap_w, &mix);
    step_in.clock = clock;
    step_in.prefill_tokens = 0;
    aw__decode_step(&step_in, &pure);
    double p_mix = aw__step_power_w(idle_w, max_w, &mix, clock);
    double p_pure = aw__step_power_w(idle_w, max_w, &pure, clock);
    double p_pf = 0;
    if (extra_steps > 0) {
        struct aw__step_in sp = step_in;
        sp.batch = 0;
        sp.prefill_tokens = en->prefill_chunk_tokens;
        if (steps > 0) { /* one clock for the replica, set by its decode steps */
            sp.clock = clock;
            aw__decode_step(&sp, &pf);
        } else {
            clock = aw__capped_step(&sp, idle_w, max_w, cap_w, &pf);
        }
        p_pf = aw__step_power_w(idle_w, max_w, &pf, clock);
    }
    double step_s = mix.step_s;
    double cycle_s = steps * step_s + extra_steps * pf.step_s;
    double cycle_j = gpus * (steps * step_s * p_mix + extra_steps * pf.step_s * p_pf);
    double decode_only_j = gpus * steps * pure.step_s * p_pure;
    double request_j = cycle_j / batch;
    double decode_j = decode_only_j / batch;
    if (decode_j > request_j)
        decode_j = request_j;
    struct aw__step_out compute_bound = {.activity_clocked = act_comp, .activity = act_comp};
    double prefill_power = aw__step_power_w(idle_w, max_w, &compute_bound, clock);
    double vision_j = vision_s * gpus * prefill_power; /* compute-bound, once per image */
    request_j += vision_j;
    double prefill_j = request_j - decode_j;
    double decode_s = steps * step_s;
    double compute_fraction = step_s > 0 ? mix.compute_s / step_s : 0;
    if (compute_fraction > 1)
        compute_fraction = 1;

    /* Host: the servers' CPUs, DRAM and NICs, for the share of time this
     * request holds the accelerators. */
    double host_w_per_gpu = aw__site_host_w_per_gpu(&r.site, req);
    double held_s = cycle_s / batch;
    double host_j = host_w_per_gpu * gpus * held_s;

    /* The ladder, carbon and water under the site's conditions (site.c,
     * ladder.c), as for diffusion. */
    struct aw__conditions cond;
    aw__site_conditions(&r.site, req, &cond);
    aw__ladder_fill(out, prefill_j + decode_j, host_j, &cond);
    out->seconds = prefill_s + decode_s;

    aw__site_report(&r.site, &cond, req, in);
    in->kv_precision = aw_precision_name(r.kv_prec);
    in->params_total = a->params_total;
    in->params_active = a->params_active;
    in->input_tokens = (long)r.input_tokens;
    in->output_tokens = (long)r.output_tokens;
    in->reasoning_tokens = (long)r.reasoning_tokens;
    in->gpus = gpus;
    in->batch = batch;
    in->batch_max = (int)batch_max;
    in->batch_requested = AW_IS_SET(req->batch) ? req->batch : 0;
    in->weights_gb = weights_bytes / 1e9;
    in->text.kv_bytes_per_token = aw__kv_bytes_per_token(a, r.bytes_per_kv);
    in->text.state_bytes_per_sequence = a->ssm_state_bytes;
    in->text.mean_context_tokens = mean_ctx;
    in->peak_tflops_per_gpu = peak_flops / 1e12;
    in->bandwidth_tbs_per_gpu = hw->bandwidth_tbs.value;
    in->text.bandwidth_utilisation = mbu;
    in->text.prefill_flop_utilisation = mfu_prefill;
    in->text.decode_flop_utilisation = mfu_decode;
    in->text.step_overhead_s = step_in.engine_fixed_s;
    in->text.quant_overhead_s = mix.moe_s;
    in->text.weights_read_gb_per_step = mix.weights_read_bytes / 1e9;
    in->text.decode_step_s = step_s;
    in->text.decode_compute_fraction = compute_fraction;
    in->text.prefill_s = prefill_s;
    in->text.decode_s = decode_s;
    in->text.prefill_power_w = prefill_power;
    in->text.decode_power_w = p_mix;
    in->idle_power_w = idle_w;
    in->max_power_w = max_w;
    in->host_power_w_per_gpu = host_w_per_gpu;
    in->text.prefill_wh = prefill_j / 3600.0;
    in->text.engine_id = en->id;
    in->text.engine_overlap = step_in.engine_overlap;
    in->text.engine_per_sequence_s = step_in.engine_per_seq_s;
    in->text.engine_per_layer_s = engine_per_layer_s;
    in->text.operator_overlap_exponent = step_in.op_exponent;
    in->text.tp = tp;
    in->text.ep = ep;
    in->text.pp = pp;
    in->power_cap_w = cap_w;
    in->clock_fraction = clock;
    in->text.prefill_tokens_per_step = per_step;
    in->text.step_weights_s = mix.weights_s;
    in->text.step_attention_s = mix.attention_s;
    in->text.step_comm_s = mix.comm_s + mix.bubble_s;
    in->text.step_moe_s = mix.moe_s;
    in->text.step_engine_s = mix.engine_s;
    in->text.decode_activity = mix.activity;
    in->text.replica_tokens_per_s = cycle_s > 0 ? batch * steps / cycle_s : 0;
    in->text.replica_power_w = cycle_s > 0 ? cycle_j / cycle_s : 0;
    in->text.cached_tokens = (long)r.cached_tokens;
    in->text.images_in = r.images_in;
    in->text.image_tokens = r.images_in * r.image_tokens_each;
    in->text.vision_encoder_wh = vision_j / 3600.0;
    in->text.decode_wh = decode_j / 3600.0;
    /* Market carbon and embodied impacts (impacts.c): the accelerators are
     * held for prefill alone and for a 1/batch share of decode. */
    aw__impacts_fill(out, req, r.dc, hw, r.server, gpus * held_s);
    return AW_OK;
}
