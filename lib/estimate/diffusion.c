/*
 * diffusion.c - one generated image or video, from catalog ids to the
 * boundary ladder.
 *
 * As in estimate.c, resolution (model, sizes, hardware, site) comes first and
 * names the input at fault before any number is computed. The arithmetic is
 * compute-bound: FLOPs of every denoising step (both classifier-free-guidance
 * passes where the model runs them), the text encoder and the VAE decoder,
 * divided by the accelerators' achieved FLOP/s, at near-maximum power; then
 * host, reserve capacity and PUE (ladder.c), as for text.
 */
#include <math.h>
#include <stddef.h>
#include <string.h>
#include "constants.h"
#include "diffusion.h"
#include "site.h"
#include "internal.h"
#include "ladder.h"
#include "impacts.h"
#include "roofline.h"

/* ---- Formulas --------------------------------------------------------- */

long aw__round_up_multiple(long v, long multiple)
{
    if (multiple <= 1)
        return v;
    return (v + multiple - 1) / multiple * multiple;
}

long aw__video_valid_frames(long frames, int vae_temporal)
{
    if (frames <= 1 || vae_temporal <= 1)
        return frames < 1 ? 1 : frames;
    return 1 + aw__round_up_multiple(frames - 1, vae_temporal);
}

long aw__latent_frames(long frames, int vae_temporal, int patch_t)
{
    if (frames <= 1)
        return 1;
    long c_t = vae_temporal > 1 ? vae_temporal : 1;
    long latent = 1 + (frames - 1 + c_t - 1) / c_t;
    long p_t = patch_t > 1 ? patch_t : 1;
    return (latent + p_t - 1) / p_t;
}

long aw__latent_tokens(long width, long height, long frames, int vae_spatial, int patch,
                       int vae_temporal, int patch_t)
{
    long side = (long)(vae_spatial > 0 ? vae_spatial : 1) * (patch > 0 ? patch : 1);
    return aw__latent_frames(frames, vae_temporal, patch_t) * (height / side) * (width / side);
}

double aw__dit_flop_per_forward(double token_params, int layers, int d_model, int head_dim,
                                int linear_attention, int joint_text, double latent_tokens,
                                double text_tokens)
{
    double t = joint_text ? latent_tokens + text_tokens : latent_tokens;
    double ld = (double)layers * d_model;
    double attention = linear_attention ? 4.0 * ld * head_dim * t : 4.0 * ld * t * t;
    double cross = joint_text ? 0.0 : 4.0 * ld * t * text_tokens;
    return 2.0 * token_params * t + attention + cross;
}

double aw__unet_flop_per_forward(double flop_ref, double attention_flop_ref, double pixels_ref,
                                 double pixels)
{
    double s = pixels / pixels_ref;
    return (flop_ref - attention_flop_ref) * s + attention_flop_ref * s * s;
}

/* ---- Resolution ------------------------------------------------------- */

#define ASSUME(req, field, fallback) AW__ASSUME(req, field, fallback)

static const char *article(const char *word)
{
    return word != NULL && strchr("aeiou", word[0]) != NULL ? "an" : "a";
}

/* Everything the arithmetic needs. */
struct dresolved {
    const struct aw_model *m;
    struct aw__site site; /* hardware, server, precisions, data centre, grid */
    long width, height, frames;
    int steps, batch;
};

static aw_status check_request(const struct aw_request *req, struct aw_diag *diag)
{
    const char *task = aw_task_name(req->task);
    if (req->method != AW_METHOD_ROOFLINE) {
        aw__hint(diag, "leave --method out: the image and video estimate is already "
                       "compute-bound (FLOPs / achieved FLOP/s x power)");
        return aw__fail(diag, AW_E_UNSUPPORTED, "method '%s' is not available for --task %s",
                        aw_method_name(req->method), task);
    }
    if (AW_IS_SET(req->params_total) || AW_IS_SET(req->params_active)) {
        aw__hint(diag, "give --model with an image or video model ('aiwatt catalog list "
                       "models')");
        return aw__fail(diag, AW_E_INVALID, "--params describes a text model; --task %s needs "
                        "a catalog diffusion model", task);
    }
    if (AW_IS_SET(req->input_tokens) || AW_IS_SET(req->output_tokens) ||
        AW_IS_SET(req->reasoning_tokens) || (AW_IS_SET(req->cached_tokens) && req->cached_tokens) ||
        (AW_IS_SET(req->images_in) && req->images_in)) {
        aw__hint(diag, "leave the token and --images-in options out; the prompt is encoded "
                       "at the model's fixed text length");
        return aw__fail(diag, AW_E_INVALID, "token counts and input images do not apply to "
                        "--task %s", task);
    }
    /* Sizes, steps and frames: the field table's ranges (aw_request_check). */
    if (req->task == AW_TASK_IMAGE && AW_IS_SET(req->frames) && req->frames > 1) {
        aw__hint(diag, "use --task video with a video model for more than one frame");
        return aw__fail(diag, AW_E_INVALID, "an image has one frame, not %d", req->frames);
    }
    if (AW_IS_SET(req->batch) && (req->batch < 1 || req->batch > AW_DIFFUSION_MAX_BATCH)) {
        aw__hint(diag, "give --batch between 1 and %d", AW_DIFFUSION_MAX_BATCH);
        return aw__fail(diag, AW_E_RANGE, "batch %d is not possible", req->batch);
    }
    return AW_OK;
}

static aw_status resolve_model(const aw_catalog *cat, const struct aw_request *req,
                               struct dresolved *r, struct aw_diag *diag)
{
    int video = req->task == AW_TASK_VIDEO;
    const char *want = video ? "video" : "image";
    const char *id = req->model_id ? req->model_id
                                   : (video ? AW_DEFAULT_VIDEO_MODEL : AW_DEFAULT_IMAGE_MODEL);
    r->m = aw_catalog_find_model(cat, id);
    if (r->m == NULL)
        return aw__not_found(cat, AW_SECTION_MODELS, "model", id, "--model", diag);
    const char *kind = r->m->kind;
    if (strcmp(kind, want) != 0) {
        if (strcmp(kind, "video") == 0)
            aw__hint(diag, "use --task video for '%s' (--frames 1 gives a single frame)",
                     r->m->id);
        else if (strcmp(kind, "image") == 0)
            aw__hint(diag, "use --task image for '%s', or a video model such as %s", r->m->id,
                     AW_DEFAULT_VIDEO_MODEL);
        else
            aw__hint(diag, "use %s %s model such as %s ('aiwatt catalog list models')",
                     article(want), want, video ? AW_DEFAULT_VIDEO_MODEL : AW_DEFAULT_IMAGE_MODEL);
        const char *shown = strcmp(kind, "llm") == 0 ? "text" : kind;
        return aw__fail(diag, AW_E_INVALID, "model '%s' is %s %s model, not %s %s model",
                        r->m->id, article(shown), shown, article(want), want);
    }
    if (r->m->architecture == NULL)
        return aw__fail(diag, AW_E_INVALID, "model '%s' has no diffusion architecture in the "
                        "catalog", r->m->id);
    return AW_OK;
}

/* Width, height and frames: the model's defaults where not given, rounded
 * up to what its VAE and patching accept. */
static void resolve_size(const struct aw_request *req, struct dresolved *r,
                         struct aw_resolved *in)
{
    const struct aw_model *m = r->m;
    int video = req->task == AW_TASK_VIDEO;
    long side = (long)m->vae_spatial * m->patch;
    long w = AW_IS_SET(req->width) ? req->width : m->default_width;
    long h = AW_IS_SET(req->height) ? req->height : m->default_height;
    long f = video ? (AW_IS_SET(req->frames) ? req->frames : m->default_frames) : 1;
    r->width = aw__round_up_multiple(w, side);
    r->height = aw__round_up_multiple(h, side);
    r->frames = video ? aw__video_valid_frames(f, m->vae_temporal) : 1;
    r->steps = AW_IS_SET(req->steps) ? req->steps : m->default_steps;
    r->batch = AW_IS_SET(req->batch) ? req->batch : 1;
    /* 0: not requested */
    in->diffusion.width_requested = AW_IS_SET(req->width) ? req->width : 0;
    in->diffusion.height_requested = AW_IS_SET(req->height) ? req->height : 0;
    in->diffusion.frames_requested = AW_IS_SET(req->frames) ? req->frames : 0;
    in->diffusion.spatial_factor = (int)side;
}

/* FLOPs of one image or video (docs/methodology.md), with the shape they
 * follow from, into the resolved inputs. */
static void diffusion_flop(const struct dresolved *r, struct aw_resolved_diffusion *d)
{
    const struct aw_model *m = r->m;
    int unet = strcmp(m->architecture, "unet") == 0;
    int joint = strcmp(m->architecture, "mmdit") == 0;
    int linear = m->attention != NULL && strcmp(m->attention, "linear") == 0;
    double pixels = (double)r->width * (double)r->height;
    d->architecture = m->architecture;
    d->attention = linear ? "linear" : "full";
    d->width = (int)r->width;
    d->height = (int)r->height;
    d->frames = (int)r->frames;
    d->steps = r->steps;
    d->cfg_passes = m->cfg_passes;
    d->text_tokens = m->text_tokens;
    if (unet) {
        d->latent_frames = 1;
        d->latent_tokens = (r->width / m->vae_spatial) * (r->height / m->vae_spatial);
        d->flop_per_forward = aw__unet_flop_per_forward(m->unet_flop_ref.value,
                                                         m->unet_attention_flop_ref.value,
                                                         (double)m->ref_width * m->ref_height,
                                                         pixels);
    } else {
        d->latent_frames = aw__latent_frames(r->frames, m->vae_temporal, m->patch_t);
        d->latent_tokens = aw__latent_tokens(r->width, r->height, r->frames, m->vae_spatial,
                                              m->patch, m->vae_temporal, m->patch_t);
        d->flop_per_forward = aw__dit_flop_per_forward(
            m->token_params.value, m->layers, m->d_model, m->head_dim, linear, joint,
            (double)d->latent_tokens, m->text_tokens);
    }
    d->flop_per_step = m->cfg_passes * d->flop_per_forward;
    d->denoise_flop = r->steps * d->flop_per_step;
    d->text_encoder_flop = m->cfg_passes * m->text_encoder_flop.value;
    d->vae_decode_flop = m->vae_decode_flop_per_pixel.value * pixels * (double)r->frames;
    d->total_flop = d->denoise_flop + d->text_encoder_flop + d->vae_decode_flop;
}

/* ---- The estimate ----------------------------------------------------- */

aw_status aw__estimate_diffusion(const aw_catalog *cat, const struct aw_request *req,
                                 struct aw_estimate *out, struct aw_diag *diag)
{
    struct dresolved r;
    memset(&r, 0, sizeof r);
    memset(out, 0, sizeof *out);
    aw_diag_clear(diag);
    if (cat == NULL || req == NULL)
        return aw__fail(diag, AW_E_INVALID, "no catalog or request");
    if (req->task != AW_TASK_IMAGE && req->task != AW_TASK_VIDEO)
        return aw__fail(diag, AW_E_INVALID, "task '%s' is not image or video generation",
                        aw_task_name(req->task));
    struct aw_resolved *in = &out->inputs;
    aw_status st = check_request(req, diag);
    if (st == AW_OK)
        st = resolve_model(cat, req, &r, diag);
    if (st == AW_OK)
        st = aw__site_resolve(cat, req, r.m->precision, &r.site, diag);
    if (st != AW_OK)
        return st;
    resolve_size(req, &r, in);
    const struct aw_model *m = r.m;
    const struct aw_hardware *hw = r.site.hw;

    /* Placement: denoiser and text encoder weights held on the GPUs (the
     * VAE is small); the smallest power of two that holds them. */
    double bytes_per_weight = aw_precision_bytes(r.site.weights_prec);
    double weights_bytes =
        (m->params_total.value + m->text_encoder_params.value) * bytes_per_weight;
    double usable_bytes = hw->memory_gb.value * 1e9 * AW_MEMORY_USABLE;
    int gpus = AW_IS_SET(req->gpus) ? req->gpus : 0; /* 0: automatic */
    in->gpus_auto = gpus == 0;
    if (gpus == 0)
        TRY(aw__site_gpus((weights_bytes + AW_WORKSPACE_BYTES_PER_GPU) / usable_bytes,
                          weights_bytes, hw,
                          "check the model's size in the catalog and the hardware's memory",
                          &gpus, diag));
    if (weights_bytes + gpus * AW_WORKSPACE_BYTES_PER_GPU > gpus * usable_bytes) {
        double need = ceil(weights_bytes / (usable_bytes - AW_WORKSPACE_BYTES_PER_GPU));
        if (need > 0 && need <= (double)AW_GPUS_MAX)
            aw__hint(diag, "use --gpus %ld or more, a lower --precision, or leave --gpus out",
                     (long)need);
        else
            aw__hint(diag, "use hardware with more memory or a lower --precision");
        return aw__fail(diag, AW_E_NOFIT,
                        "%.0f GB of denoiser and text-encoder weights at %s do not fit in %d x "
                        "%.0f GB of %s", weights_bytes / 1e9, aw_precision_name(r.site.weights_prec),
                        gpus, hw->memory_gb.value, hw->id);
    }

    struct aw_resolved_diffusion *d = &in->diffusion;
    diffusion_flop(&r, d);

    /* Time and power: compute-bound at the diffusion MFU; a batch shares
     * nothing that matters (weights are read once per step either way), so
     * the FLOPs and the time per image do not change with the batch. */
    double peak_flops = hw->peak_tflops[r.site.compute_prec].value * 1e12;
    double mfu = ASSUME(req, diffusion_flop_utilisation, AW_DIFFUSION_MFU);
    double g = ASSUME(req, power_diffusion_fraction, AW_DIFFUSION_POWER_FRACTION);
    double idle_w, max_w; /* mfu and g are in range: aw_request_check */
    TRY(aw__site_power(hw, req, &idle_w, &max_w, diag));
    double generation_s = d->total_flop / (gpus * peak_flops * mfu);
    double power_w = aw__power_w(idle_w, max_w, g);
    /* A power cap (--power-cap): generation is compute-bound, so the chip
     * lowers its clock f until idle + (max - idle) g f^2 = cap (the same
     * model as the text step, lib/estimate/serving.c) and takes 1/f as
     * long. A cap at or below idle power is refused. */
    double clock = 1;
    double cap_w;
    TRY(aw__site_power_cap(hw, req, idle_w, max_w, &cap_w, diag));
    if (cap_w > 0 && power_w > cap_w && g > 0) {
        clock = sqrt((cap_w - idle_w) / ((max_w - idle_w) * g));
        power_w = cap_w;
        generation_s /= clock;
    }
    double accelerator_j = generation_s * gpus * power_w;

    double host_w_per_gpu = aw__site_host_w_per_gpu(&r.site, req);
    double host_j = host_w_per_gpu * gpus * generation_s;

    struct aw__conditions cond;
    aw__site_conditions(&r.site, req, &cond);
    aw__ladder_fill(out, accelerator_j, host_j, &cond);
    out->seconds = generation_s * r.batch;

    in->model_id = m->id;
    in->model_confidence = m->confidence == AW_CONFIRMED ? "confirmed" : "estimate";
    aw__site_report(&r.site, &cond, req, in);
    in->params_total = m->params_total.value;
    in->params_active = m->params_total.value;
    in->gpus = gpus;
    in->batch = r.batch;
    in->batch_requested = AW_IS_SET(req->batch) ? req->batch : 0;
    in->weights_gb = weights_bytes / 1e9;
    in->peak_tflops_per_gpu = peak_flops / 1e12;
    in->bandwidth_tbs_per_gpu = hw->bandwidth_tbs.value;
    in->idle_power_w = idle_w;
    in->max_power_w = max_w;
    in->host_power_w_per_gpu = host_w_per_gpu;

    d->diffusion_flop_utilisation = mfu;
    d->diffusion_power_w = power_w;
    in->power_cap_w = cap_w;
    in->clock_fraction = clock;
    d->generation_s = generation_s;
    d->batch_s = generation_s * r.batch;
    d->denoise_wh = accelerator_j * (d->denoise_flop / d->total_flop) / 3600.0;
    d->text_encoder_wh = accelerator_j * (d->text_encoder_flop / d->total_flop) / 3600.0;
    d->vae_decode_wh = accelerator_j * (d->vae_decode_flop / d->total_flop) / 3600.0;
    aw__impacts_fill(out, req, r.site.dc, hw, r.site.server, generation_s * gpus);
    return AW_OK;
}
