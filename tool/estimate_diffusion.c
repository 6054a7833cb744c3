/*
 * estimate_diffusion.c - the image/video part of `aiwatt estimate`: option
 * checks, and the table and CSV views with every diffusion assumption.
 */
#include <stdio.h>
#include <string.h>
#include "cmd.h"
#include "estimate_diffusion.h"
#include "reqopts.h"

int aw_tool_parse_diffusion_option(const char *opt, const char *text, int *out)
{
    long max = AW_DIFFUSION_MAX_PX;
    const char *unit = "pixels";
    if (strcmp(opt, "--steps") == 0) {
        max = AW_DIFFUSION_MAX_STEPS;
        unit = "steps";
    } else if (strcmp(opt, "--frames") == 0) {
        max = AW_DIFFUSION_MAX_FRAMES;
        unit = "frames";
    }
    long v;
    if (aw_parse_count(text, &v) != 0 || v < 1 || v > max) {
        aw_tool_usage_error("estimate", "%s '%s': expected a whole number of %s, 1 to %ld", opt,
                            text, unit, max);
        return -1;
    }
    *out = (int)v;
    return 0;
}

int aw_tool_check_diffusion_request(const struct aw_request *req, int diffusion_opts)
{
    int generative = req->task == AW_TASK_IMAGE || req->task == AW_TASK_VIDEO;
    if (!generative) {
        if (diffusion_opts)
            return aw_tool_usage_error("estimate", "--width/--height/--steps/--frames are for "
                                       "--task image or video (input images: --images-in, "
                                       "--image-size)");
        return 0;
    }
    const char *task = aw_task_name(req->task);
    if (req->frames > 0 && req->task != AW_TASK_VIDEO)
        return aw_tool_usage_error("estimate", "--frames is for --task video (an image has one "
                                   "frame)");
    if (req->input_tokens >= 0 || req->output_tokens >= 0 || req->reasoning_tokens >= 0 ||
        req->cached_tokens > 0)
        return aw_tool_usage_error("estimate", "token counts do not apply to --task %s (the "
                                   "prompt is encoded at the model's fixed text length)", task);
    if (req->images_in > 0)
        return aw_tool_usage_error("estimate", "--images-in is for text tasks, not --task %s",
                                   task);
    if (req->params_total > 0)
        return aw_tool_usage_error("estimate", "--params describes a text model; --task %s "
                                   "needs --model with an image or video model", task);
    if (req->batch > AW_DIFFUSION_MAX_BATCH)
        return aw_tool_usage_error("estimate", "--batch %d: at most %d images or videos are "
                                   "generated together", req->batch, AW_DIFFUSION_MAX_BATCH);
    return 0;
}

/* FLOPs in the unit that reads best. */
static const char *flop_text(double flop, char *buf, size_t size)
{
    if (flop >= 1e15)
        snprintf(buf, size, "%.3g PFLOP", flop / 1e15);
    else if (flop >= 1e12)
        snprintf(buf, size, "%.3g TFLOP", flop / 1e12);
    else
        snprintf(buf, size, "%.3g GFLOP", flop / 1e9);
    return buf;
}

void aw_tool_print_diffusion_table(const struct aw_estimate *e)
{
    const struct aw_resolved *in = &e->inputs;
    int video = strcmp(in->task, "video") == 0;
    const char *item = video ? "video" : "image";
    int unet = strcmp(in->architecture, "unet") == 0;
    char b1[32], b2[32], b3[32], b4[32], b5[32];

    printf("aiwatt estimate: %s (%s), task %s, %dx%d px", in->model_id, in->model_confidence,
           in->task, in->width, in->height);
    if (video)
        printf(", %d frames", in->frames);
    printf(", %d steps\n\n", in->steps);
    printf("  %-12s %12s   %s\n", "boundary", video ? "Wh/video" : "Wh/image", "what it adds");
    printf("  %-12s %12.4g   GPU energy: denoising %.3g Wh + text encoder %.2g Wh + VAE "
           "decode %.2g Wh\n", "accelerator", e->wh.accelerator_wh, in->denoise_wh,
           in->text_encoder_wh, in->vae_decode_wh);
    printf("  %-12s %12.4g   + host CPUs, DRAM, NICs (%.0f W per GPU)\n", "server",
           e->wh.server_wh, in->host_power_w_per_gpu);
    printf("  %-12s %12.4g   + idle and reserve capacity (%.0f%%)\n", "it", e->wh.it_wh,
           in->reserve_share * 100);
    printf("  %-12s %12.4g   x PUE %.2f (cooling, power conversion)  <- headline\n", "facility",
           e->wh.facility_wh, in->pue);
    printf("\n");
    aw_tool_print_impacts(e);
    printf("  %-12s %12.4g   s until the %s is done (%.3g s of %d GPU%s per %s", "time",
           e->seconds, in->batch > 1 ? "batch" : item, in->generation_s, in->gpus,
           in->gpus > 1 ? "s" : "", item);
    if (in->batch > 1)
        printf(", batch of %d", in->batch);
    printf(")\n");

    printf("\nassumptions\n");
    printf("  model        %s denoiser (%s attention), %.4gB parameters (%s)\n",
           in->architecture, in->attention, in->params_total / 1e9, in->model_confidence);
    long gw = in->spatial_factor > 0 ? in->width / in->spatial_factor : 0;
    long gh = in->spatial_factor > 0 ? in->height / in->spatial_factor : 0;
    if (unet)
        printf("  latent       %dx%d px / VAE %d = %ld x %ld latent; U-Net cost scaled from its "
               "reference\n               resolution with the pixels (self-attention with their "
               "square); %ld text tokens\n", in->width, in->height, in->spatial_factor, gw, gh,
               in->text_tokens);
    else if (video)
        printf("  tokens       %dx%d px x %d frames / (VAE x patch %d) = %ld x %ld x %ld = %ld "
               "latent tokens\n               + %ld text tokens (%s)\n", in->width, in->height,
               in->frames, in->spatial_factor, in->latent_frames, gh, gw, in->latent_tokens,
               in->text_tokens,
               strcmp(in->architecture, "mmdit") == 0 ? "in the joint sequence"
                                                      : "by cross-attention");
    else
        printf("  tokens       %dx%d px / (VAE x patch %d) = %ld x %ld = %ld latent tokens + %ld "
               "text tokens\n               (%s)\n", in->width, in->height, in->spatial_factor,
               gh, gw, in->latent_tokens, in->text_tokens,
               strcmp(in->architecture, "mmdit") == 0 ? "in the joint sequence"
                                                      : "by cross-attention");
    printf("  per step     %d forward pass%s%s x %s = %s\n", in->cfg_passes,
           in->cfg_passes > 1 ? "es" : "",
           in->cfg_passes > 1 ? " (classifier-free guidance)" : " (guidance distilled or off)",
           flop_text(in->flop_per_forward, b1, sizeof b1),
           flop_text(in->flop_per_step, b2, sizeof b2));
    printf("  FLOPs        %d steps: %s + text encoder %s + VAE decode %s = %s per %s\n",
           in->steps, flop_text(in->denoise_flop, b1, sizeof b1),
           flop_text(in->text_encoder_flop, b3, sizeof b3),
           flop_text(in->vae_decode_flop, b4, sizeof b4),
           flop_text(in->total_flop, b5, sizeof b5), item);
    printf("  hardware     %d x %s%s, server %s, %.0f-%.0f W idle-max per GPU\n", in->gpus,
           in->hardware_id, in->gpus_auto ? " (automatic)" : "",
           in->server_id ? in->server_id : "-", in->idle_power_w, in->max_power_w);
    printf("  compute      %s at %.4g TFLOP/s peak x FLOP utilisation %.2f (compute-bound)\n",
           in->compute_precision, in->peak_tflops_per_gpu, in->diffusion_flop_utilisation);
    printf("  power        %.0f W per GPU while generating\n", in->diffusion_power_w);
    printf("  memory       %.4g GB of denoiser and text-encoder weights (%s)\n", in->weights_gb,
           in->precision);
    if (in->batch > 1)
        printf("  batch        %d %ss at once: FLOPs and energy per %s unchanged (compute-bound)\n",
               in->batch, item, item);
    else
        printf("  batch        1 %s (a batch would not change the FLOPs or energy per %s: "
               "compute-bound)\n", item, item);
    printf("  data centre  %s: PUE %.2f, reserve %.0f%%, WUE %.2f L/kWh\n", in->datacenter_id,
           in->pue, in->reserve_share * 100, in->wue_l_per_kwh);
    if (in->width_requested > 0 && in->width_requested != in->width)
        printf("  note         --width %d rounded up to %d (a multiple of %d: VAE x patch)\n",
               in->width_requested, in->width, in->spatial_factor);
    if (in->height_requested > 0 && in->height_requested != in->height)
        printf("  note         --height %d rounded up to %d (a multiple of %d: VAE x patch)\n",
               in->height_requested, in->height, in->spatial_factor);
    if (in->frames_requested > 0 && in->frames_requested != in->frames)
        printf("  note         --frames %d rounded up to %d (1 + a multiple of the VAE's "
               "temporal compression)\n", in->frames_requested, in->frames);
    printf("\nsources: 'aiwatt catalog show %s'; formulas: docs/methodology.md (Diffusion)\n",
           in->model_id);
}

void aw_tool_print_diffusion_csv(const struct aw_estimate *e)
{
    const struct aw_resolved *in = &e->inputs;
    printf("model,task,architecture,hardware,gpus,precision,batch,width,height,frames,steps,"
           "cfg_passes,latent_tokens,total_flop,datacenter,grid,accelerator_wh,server_wh,it_wh,"
           "facility_wh,co2_g,water_ml,seconds,co2_market_g,water_onsite_ml,water_offsite_ml,"
           "embodied_co2_g\n");
    printf("%s,%s,%s,%s,%d,%s,%d,%d,%d,%d,%d,%d,%ld,%.6g,%s,%s,%.6g,%.6g,%.6g,%.6g,%.6g,%.6g,"
           "%.6g,%.6g,%.6g,%.6g,%.6g\n",
           in->model_id, in->task, in->architecture, in->hardware_id, in->gpus, in->precision,
           in->batch, in->width, in->height, in->frames, in->steps, in->cfg_passes,
           in->latent_tokens, in->total_flop, in->datacenter_id, in->grid_id,
           e->wh.accelerator_wh, e->wh.server_wh, e->wh.it_wh, e->wh.facility_wh, e->co2_g,
           e->water_ml, e->seconds, e->co2_market_g, e->water_onsite_ml, e->water_offsite_ml,
           e->embodied.co2_g);
}
