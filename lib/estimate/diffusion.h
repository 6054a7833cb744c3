/*
 * diffusion.h - image and video generation with diffusion models
 * (internal; formulas tested one by one in tests/unit/test_diffusion.c).
 *
 * Diffusion is compute-bound: energy = FLOPs / (n x peak x MFU) x power. The
 * FLOPs of one image or video are
 *   steps x cfg_passes x F_forward  +  cfg_passes x F_text  +  F_vae
 * with F_forward from the denoiser's architecture (U-Net: a per-model cost
 * at a reference resolution scaled with pixels, plus a quadratic attention
 * term; DiT/MMDiT: 2 N_tok T + attention over T latent (+ text) tokens).
 * Every formula and default: docs/methodology.md, "Diffusion: images and
 * video".
 */
#ifndef AIWATT_DIFFUSION_H
#define AIWATT_DIFFUSION_H

#include "aiwatt/catalog.h"
#include "aiwatt/estimate.h"

/* Achieved / peak FLOP/s of a diffusion pipeline (literature 0.3-0.5;
 * calibrated once on the ML.ENERGY SD3-Medium and Wan2.1-1.3B rows of
 * tests/cases/diffusion.cases, then left alone). */
#define AW_DIFFUSION_MFU 0.3
/* Share of the idle-to-max power range drawn while generating (compute-bound:
 * 0.8-0.95 of TDP, docs/reference/estimation.md 1.4). */
#define AW_DIFFUSION_POWER_FRACTION 0.9

/* The smallest multiple of `multiple` (>= 1) that is >= v (v >= 1). */
long aw__round_up_multiple(long v, long multiple);

/* Frames a video VAE accepts: 1 + c_t k, the smallest such count >= frames
 * (frames >= 1; c_t = vae_temporal). */
long aw__video_valid_frames(long frames, int vae_temporal);

/* Latent frames the denoiser sees: 1 + (frames - 1) / c_t after the causal
 * VAE (frames valid), then ceil(. / p_t) after temporal patching. 1 for an
 * image. */
long aw__latent_frames(long frames, int vae_temporal, int patch_t);

/* Latent tokens: latent_frames x (H / (c_s p)) x (W / (c_s p)); width and
 * height are multiples of c_s p (callers round them first). */
long aw__latent_tokens(long width, long height, long frames, int vae_spatial, int patch,
                       int vae_temporal, int patch_t);

/* FLOPs of one transformer-denoiser forward over `latent_tokens`:
 *   joint text (MMDiT): T = latent + text;  2 N_tok T + A(T)
 *   cross-attention (DiT): T = latent;      2 N_tok T + A(T) + 4 L d T text
 * with A(T) = 4 L d T^2 (full bidirectional attention, QK^T and AV) or
 * 4 L d h T (linear attention: K^T V and Q (K^T V) per head of width h). */
double aw__dit_flop_per_forward(double token_params, int layers, int d_model, int head_dim,
                                int linear_attention, int joint_text, double latent_tokens,
                                double text_tokens);

/* FLOPs of one U-Net forward at `pixels` from its cost at the reference
 * resolution: (F_ref - A_ref) s + A_ref s^2 with s = pixels / pixels_ref
 * (convolutions and projections grow with the pixels, self-attention scores
 * with their square). */
double aw__unet_flop_per_forward(double flop_ref, double attention_flop_ref, double pixels_ref,
                                 double pixels);

/* Estimates one generated image (AW_TASK_IMAGE) or video (AW_TASK_VIDEO):
 * the entry point aw_estimate_request() dispatches to. Same contract and
 * failures as aw_estimate_request(). */
AW_NODISCARD aw_status aw__estimate_diffusion(const aw_catalog *cat, const struct aw_request *req,
                                              struct aw_estimate *out, struct aw_diag *diag);

#endif
