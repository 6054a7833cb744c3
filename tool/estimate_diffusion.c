/*
 * estimate_diffusion.c - the image/video part of `aiwatt estimate`: option
 * checks, and the table and CSV views with every diffusion assumption.
 */
#include <stdio.h>
#include <string.h>
#include "cmd.h"
#include "estimate_diffusion.h"
#include "estimate_out.h"

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
    if (AW_IS_SET(req->frames) && req->task != AW_TASK_VIDEO)
        return aw_tool_usage_error("estimate", "--frames is for --task video (an image has one "
                                   "frame)");
    if (AW_IS_SET(req->input_tokens) || AW_IS_SET(req->output_tokens) ||
        AW_IS_SET(req->reasoning_tokens) || req->cached_tokens > 0)
        return aw_tool_usage_error("estimate", "token counts do not apply to --task %s (the "
                                   "prompt is encoded at the model's fixed text length)", task);
    if (req->images_in > 0)
        return aw_tool_usage_error("estimate", "--images-in is for text tasks, not --task %s",
                                   task);
    if (AW_IS_SET(req->params_total))
        return aw_tool_usage_error("estimate", "--params describes a text model; --task %s "
                                   "needs --model with an image or video model", task);
    if (req->batch > AW_DIFFUSION_MAX_BATCH)
        return aw_tool_usage_error("estimate", "--batch %d: at most %d images or videos are "
                                   "generated together", req->batch, AW_DIFFUSION_MAX_BATCH);
    return 0;
}

void aw_tool_print_diffusion_table(const struct aw_view *view, const struct aw_estimate *e,
                                   const struct aw_tool_range *range)
{
    const struct aw_resolved *in = &e->inputs;
    const struct aw_resolved_diffusion *d = &in->diffusion;
    int video = strcmp(in->task, "video") == 0;
    const char *item = video ? "video" : "image";
    int unet = strcmp(d->architecture, "unet") == 0;
    char frames[48] = "";
    if (video)
        snprintf(frames, sizeof frames, ", %d frames", d->frames);
    aw_text_print(view, stdout, 0, 2, "aiwatt estimate: %s (%s), task %s, %dx%d px%s, %d steps",
                  in->model_id, in->model_confidence, in->task, d->width, d->height, frames,
                  d->steps);
    printf("\n");
    char notes[4][AW_NOTE_LEN], time_note[AW_NOTE_LEN], batch[48] = "";
    snprintf(notes[0], sizeof notes[0],
             "GPU energy: denoising %s + text encoder %s + VAE decode %s",
             aw_fmt_energy(view, d->denoise_wh, AW_SIG).s,
             aw_fmt_energy(view, d->text_encoder_wh, 2).s,
             aw_fmt_energy(view, d->vae_decode_wh, 2).s);
    if (in->batch > 1)
        snprintf(batch, sizeof batch, ", batch of %d", in->batch);
    snprintf(time_note, sizeof time_note, "until the %s is done (%s of %d GPU%s per %s%s)",
             in->batch > 1 ? "batch" : item, aw_fmt_time(view, d->generation_s, AW_SIG).s, in->gpus,
             in->gpus > 1 ? "s" : "", item, batch);
    aw_tool_print_ladder(view, e, range, video ? "per video" : "per image", notes, time_note);

    printf("\nassumptions\n");
    struct aw_table *t = aw_table_pairs(view, 2);
    aw_table_cell(t, "model");
    aw_table_cell(t, "%s denoiser (%s attention), %sB parameters (%s)", d->architecture,
                  d->attention, aw_fmt_num(view, in->params_total / 1e9, AW_SIG).s,
                  in->model_confidence);
    long gw = d->spatial_factor > 0 ? d->width / d->spatial_factor : 0;
    long gh = d->spatial_factor > 0 ? d->height / d->spatial_factor : 0;
    const char *joint =
        strcmp(d->architecture, "mmdit") == 0 ? "in the joint sequence" : "by cross-attention";
    if (unet) {
        aw_table_cell(t, "latent");
        aw_table_cell(t,
                      "%dx%d px / VAE %d = %ld x %ld latent; U-Net cost scaled from its "
                      "reference resolution with the pixels (self-attention with their "
                      "square); %ld text tokens",
                      d->width, d->height, d->spatial_factor, gw, gh, d->text_tokens);
    } else if (video) {
        aw_table_cell(t, "tokens");
        aw_table_cell(t,
                      "%dx%d px x %d frames / (VAE x patch %d) = %ld x %ld x %ld = %s latent "
                      "tokens + %s text tokens (%s)",
                      d->width, d->height, d->frames, d->spatial_factor, d->latent_frames, gh, gw,
                      aw_fmt_count(view, (double)d->latent_tokens, 0).s,
                      aw_fmt_count(view, (double)d->text_tokens, 0).s, joint);
    } else {
        aw_table_cell(t, "tokens");
        aw_table_cell(t,
                      "%dx%d px / (VAE x patch %d) = %ld x %ld = %s latent tokens + %s text "
                      "tokens (%s)",
                      d->width, d->height, d->spatial_factor, gh, gw,
                      aw_fmt_count(view, (double)d->latent_tokens, 0).s,
                      aw_fmt_count(view, (double)d->text_tokens, 0).s, joint);
    }
    aw_table_cell(t, "per step");
    aw_table_cell(t, "%d forward pass%s%s x %s = %s", d->cfg_passes, d->cfg_passes > 1 ? "es" : "",
                  d->cfg_passes > 1 ? " (classifier-free guidance)"
                                    : " (guidance distilled or off)",
                  aw_fmt_si(view, d->flop_per_forward, "FLOP", AW_SIG).s,
                  aw_fmt_si(view, d->flop_per_step, "FLOP", AW_SIG).s);
    aw_table_cell(t, "FLOPs");
    aw_table_cell(t, "%d steps: %s + text encoder %s + VAE decode %s = %s per %s", d->steps,
                  aw_fmt_si(view, d->denoise_flop, "FLOP", AW_SIG).s,
                  aw_fmt_si(view, d->text_encoder_flop, "FLOP", AW_SIG).s,
                  aw_fmt_si(view, d->vae_decode_flop, "FLOP", AW_SIG).s,
                  aw_fmt_si(view, d->total_flop, "FLOP", AW_SIG).s, item);
    aw_tool_hardware_row(t, view, in);
    aw_table_cell(t, "compute");
    aw_table_cell(t, "%s at %s peak x FLOP utilisation %s (compute-bound)", in->compute_precision,
                  aw_fmt_si(view, in->peak_tflops_per_gpu * 1e12, "FLOP/s", AW_SIG).s,
                  aw_fmt_num(view, d->diffusion_flop_utilisation, AW_SIG).s);
    aw_table_cell(t, "power");
    aw_table_cell(t, "%s per GPU while generating",
                  aw_fmt_si(view, d->diffusion_power_w, "W", AW_SIG).s);
    aw_table_cell(t, "memory");
    aw_table_cell(t, "%s of denoiser and text-encoder weights (%s)",
                  aw_fmt_si(view, in->weights_gb * 1e9, "B", AW_SIG).s, in->precision);
    aw_table_cell(t, "batch");
    if (in->batch > 1)
        aw_table_cell(t, "%d %ss at once: FLOPs and energy per %s unchanged (compute-bound)",
                      in->batch, item, item);
    else
        aw_table_cell(t, "1 %s (a batch would not change the FLOPs or energy per %s: "
                      "compute-bound)", item, item);
    aw_table_cell(t, "data centre");
    aw_table_cell(t, "%s: PUE %s, reserve %s, WUE %s L/kWh", in->datacenter_id,
                  aw_fmt_num(view, in->pue, AW_SIG).s,
                  aw_fmt_pct(view, in->reserve_share, AW_SIG).s,
                  aw_fmt_num(view, in->wue_l_per_kwh, AW_SIG).s);
    if (d->width_requested > 0 && d->width_requested != d->width) {
        aw_table_cell(t, "note");
        aw_table_cell(t, "--width %d rounded up to %d (a multiple of %d: VAE x patch)",
                      d->width_requested, d->width, d->spatial_factor);
    }
    if (d->height_requested > 0 && d->height_requested != d->height) {
        aw_table_cell(t, "note");
        aw_table_cell(t, "--height %d rounded up to %d (a multiple of %d: VAE x patch)",
                      d->height_requested, d->height, d->spatial_factor);
    }
    if (d->frames_requested > 0 && d->frames_requested != d->frames) {
        aw_table_cell(t, "note");
        aw_table_cell(t,
                      "--frames %d rounded up to %d (1 + a multiple of the VAE's temporal "
                      "compression)",
                      d->frames_requested, d->frames);
    }
    aw_table_done(t, stdout);
    printf("\n");
    aw_text_print(view, stdout, 0, 2, "sources: 'aiwatt catalog show %s'; formulas: "
                  "docs/methodology.md (Diffusion)", in->model_id);
}

void aw_tool_print_diffusion_csv(FILE *out, const struct aw_estimate *e)
{
    const struct aw_resolved *in = &e->inputs;
    const struct aw_resolved_diffusion *d = &in->diffusion;
    fputs("model,task,architecture,hardware,gpus,precision,batch,width,height,frames,steps,"
          "cfg_passes,latent_tokens,total_flop,datacenter,grid,accelerator_wh,server_wh,it_wh,"
          "facility_wh,co2_g,water_ml,seconds,co2_market_g,water_onsite_ml,water_offsite_ml,"
          "embodied_co2_g\n", out);
    aw_csv_row(out, "ssssisiiiiiilgssggggggggggg", in->model_id, in->task, d->architecture,
               in->hardware_id, in->gpus, in->precision, in->batch, d->width, d->height, d->frames,
               d->steps, d->cfg_passes, d->latent_tokens, d->total_flop, in->datacenter_id,
               in->grid_id, e->wh.accelerator_wh, e->wh.server_wh, e->wh.it_wh, e->wh.facility_wh,
               e->co2_g, e->water_ml, e->seconds, e->co2_market_g, e->water_onsite_ml,
               e->water_offsite_ml, e->embodied.co2_g);
}
