/*
 * test_diffusion.c - image and video generation: each formula of
 * lib/estimate/diffusion.c against values computed by hand, the whole
 * estimate on the fixture catalog (tests/fixtures/catalog/diffusion.json),
 * the orderings a user expects, and every refusal.
 */
#include <string.h>
#include "estimate/diffusion.h"
#include "test_support.h"
#include "group_catalog.h"

static struct aw_request image_request(const char *model)
{
    struct aw_request req = request_for(model, "test-gpu");
    req.task = AW_TASK_IMAGE;
    return req;
}

/* ---- Formulas --------------------------------------------------------- */

static void test_rounding_and_frames(void **state)
{
    (void)state;
    assert_int_equal(aw__round_up_multiple(1000, 16), 1008); /* 63 x 16 = 1008 */
    assert_int_equal(aw__round_up_multiple(1024, 16), 1024);
    assert_int_equal(aw__round_up_multiple(700, 16), 704);
    assert_int_equal(aw__round_up_multiple(5, 1), 5);
    /* A 4x causal video VAE takes 1 + 4k frames. */
    assert_int_equal(aw__video_valid_frames(81, 4), 81);
    assert_int_equal(aw__video_valid_frames(80, 4), 81);
    assert_int_equal(aw__video_valid_frames(2, 4), 5);
    assert_int_equal(aw__video_valid_frames(1, 4), 1);
    /* Latent frames: 1 + (F - 1)/c_t, then / p_t rounded up. */
    assert_int_equal(aw__latent_frames(81, 4, 1), 21);  /* 1 + 80/4 */
    assert_int_equal(aw__latent_frames(129, 4, 1), 33); /* 1 + 128/4 */
    assert_int_equal(aw__latent_frames(49, 4, 1), 13);  /* 1 + 48/4 */
    assert_int_equal(aw__latent_frames(81, 4, 2), 11);  /* ceil(21/2), CogVideoX 1.5 */
    assert_int_equal(aw__latent_frames(1, 4, 1), 1);    /* an image */
}

static void test_latent_tokens(void **state)
{
    (void)state;
    /* DiT image: (H/(f p)) (W/(f p)); SD3 at 1024 px: 64 x 64. */
    assert_int_equal(aw__latent_tokens(1024, 1024, 1, 8, 2, 1, 1), 4096);
    /* Sana: DC-AE f32, patch 1: 32 x 32. */
    assert_int_equal(aw__latent_tokens(1024, 1024, 1, 32, 1, 1, 1), 1024);
    /* Flux schnell at 1360x768: 85 x 48 = 4080 (reference notes 1.6). */
    assert_int_equal(aw__latent_tokens(1360, 768, 1, 8, 2, 1, 1), 4080);
    /* Video: Wan 2.1 at 832x480, 81 frames: 21 x 30 x 52 = 32,760 (notes 1.6). */
    assert_int_equal(aw__latent_tokens(832, 480, 81, 8, 2, 4, 1), 32760);
    /* HunyuanVideo at 1280x720, 129 frames: 33 x 45 x 80 = 118,800 (notes 1.6). */
    assert_int_equal(aw__latent_tokens(1280, 720, 129, 8, 2, 4, 1), 118800);
    /* CogVideoX 1.5 at 1360x768, 81 frames, temporal patch 2: 11 x 48 x 85. */
    assert_int_equal(aw__latent_tokens(1360, 768, 81, 8, 2, 4, 2), 44880);
}

static void test_dit_flop(void **state)
{
    (void)state;
    /* Joint text (MMDiT): T = 1024 + 96 = 1120;
     * 2 x 1e9 x 1120 + 4 x 10 x 1000 x 1120^2 = 2.24e12 + 5.0176e10. */
    assert_close(aw__dit_flop_per_forward(1e9, 10, 1000, 0, 0, 1, 1024, 96), 2.290176e12, 1e-12);
    /* Cross-attention (DiT): T = 768; + 4 L d T x 100 text tokens:
     * 1.536e12 + 4e4 x 768^2 (2.359296e10) + 4e4 x 768 x 100 (3.072e9). */
    assert_close(aw__dit_flop_per_forward(1e9, 10, 1000, 0, 0, 0, 768, 100), 1.56266496e12,
                 1e-12);
    /* Linear attention: 4 L d h T instead of 4 L d T^2:
     * 2.048e12 + 4 x 10 x 1000 x 32 x 1024 (1.31072e9) + cross 4.096e9. */
    assert_close(aw__dit_flop_per_forward(1e9, 10, 1000, 32, 1, 0, 1024, 100), 2.05340672e12,
                 1e-12);
    /* SD3-Medium at 1024 px, 333 text tokens: T = 4429;
     * 2 x 6.795e8 x 4429 = 6.019011e12, 4 x 24 x 1536 x 4429^2 = 2.892503e12. */
    assert_close(aw__dit_flop_per_forward(6.795e8, 24, 1536, 64, 0, 1, 4096, 333),
                 8.911514e12, 1e-6);
    /* Attention dominates at video lengths: Wan 2.1 1.3B, 32,760 tokens:
     * linear 8.19e13, self-attention 1.978e14, cross 3.09e12. */
    assert_close(aw__dit_flop_per_forward(1.2504e9, 30, 1536, 128, 0, 0, 32760, 512),
                 2.828333e14, 1e-6);
}

static void test_unet_scaling(void **state)
{
    (void)state;
    double ref = 512.0 * 512.0;
    /* At the reference resolution: the reference cost. */
    assert_close(aw__unet_flop_per_forward(1e12, 2e11, ref, ref), 1e12, 1e-12);
    /* 4x the pixels: 8e11 x 4 + 2e11 x 16 = 6.4e12. */
    assert_close(aw__unet_flop_per_forward(1e12, 2e11, ref, 1024.0 * 1024.0), 6.4e12, 1e-12);
    /* Half the pixels: 8e11 x 0.5 + 2e11 x 0.25 = 4.5e11. */
    assert_close(aw__unet_flop_per_forward(1e12, 2e11, ref, 512.0 * 256.0), 4.5e11, 1e-12);
}

/* ---- The whole estimate ----------------------------------------------- */

/*
 * test-mmdit (token params 1e9, 10 layers, d 1000, patch 2, VAE 8, 96 text
 * tokens, CFG 2 passes, 10 steps, 512x512) on test-gpu (1000 TFLOPS bf16,
 * 100-800 W; server 4 GPUs, 800 W host), hyperscale (PUE 1.2, reserve 0.1,
 * WUE 0.5), grid 400 g/kWh, 2.0 L/kWh:
 *   tokens 32 x 32 = 1024 + 96 = 1120; F_forward = 2.290176e12
 *   denoise 10 x 2 x 2.290176e12 = 4.580352e13; text 2 x 1e12 = 2e12;
 *   VAE 1e7 x 262,144 = 2.62144e12; total 5.042496e13 FLOP
 *   t = 5.042496e13 / (1e15 x 0.3) = 0.1680832 s
 *   power 100 + 0.9 x 700 = 730 W -> 122.700736 J = 0.0340835378 Wh
 *   host 200 W x 0.1680832 s = 33.61664 J -> server 0.0434214933 Wh
 *   it x 1.1 = 0.0477636427; facility x 1.2 = 0.0573163712 Wh
 *   carbon 0.0573163712 / 1000 x 400 = 0.0229265485 g
 *   water 0.0477636427 x (0.5 + 1.2 x 2.0) = 0.138514564 mL
 *   split by FLOPs: denoise 0.0309597867, text 0.00135185185, VAE 0.00177189926 Wh
 */
static void test_mmdit_by_hand(void **state)
{
    (void)state;
    struct aw_request req = image_request("test-mmdit");
    struct aw_estimate e = estimate_ok(cat, &req);
    const struct aw_resolved *in = &e.inputs;
    assert_string_equal(in->diffusion.architecture, "mmdit");
    assert_string_equal(in->task, "image");
    assert_int_equal(in->diffusion.width, 512);
    assert_int_equal(in->diffusion.height, 512);
    assert_int_equal(in->diffusion.frames, 1);
    assert_int_equal(in->diffusion.steps, 10);
    assert_int_equal(in->diffusion.cfg_passes, 2);
    assert_int_equal(in->gpus, 1);
    assert_int_equal(in->batch, 1);
    assert_int_equal(in->diffusion.latent_tokens, 1024);
    assert_int_equal(in->diffusion.text_tokens, 96);
    assert_close(in->diffusion.flop_per_forward, 2.290176e12, 1e-12);
    assert_close(in->diffusion.flop_per_step, 4.580352e12, 1e-12);
    assert_close(in->diffusion.total_flop, 5.042496e13, 1e-12);
    assert_close(in->diffusion.generation_s, 0.1680832, 1e-9);
    assert_close(in->diffusion.diffusion_power_w, 730.0, 1e-12);
    assert_ladder(e.wh, 0.0340835378, 0.0434214933, 0.0477636427, 0.0573163712, 1e-8);
    assert_close(e.co2_g, 0.0229265485, 1e-8);
    assert_close(e.water_ml, 0.138514564, 1e-8);
    assert_close(in->diffusion.denoise_wh, 0.0309597867, 1e-8);
    assert_close(in->diffusion.text_encoder_wh, 0.00135185185, 1e-8);
    assert_close(in->diffusion.vae_decode_wh, 0.00177189926, 1e-8);
    assert_close(e.seconds, 0.1680832, 1e-9);
}

/* A power cap of 415 W on the test-mmdit image (730 W uncapped = 100 +
 * 700 x 0.9): the clock falls to sqrt((415 - 100) / (700 x 0.9)) =
 * sqrt(0.5) = 0.707107, generation takes 0.1680832 / 0.707107 = 0.2377073 s
 * at 415 W; accelerator energy x (415 / 730) / 0.707107 = x 0.803973:
 * 0.0274023 Wh. A cap at or below idle power (100 W) is refused. */
static void test_power_cap(void **state)
{
    (void)state;
    struct aw_request req = image_request("test-mmdit");
    req.power_cap_w = 415;
    struct aw_estimate e = estimate_ok(cat, &req);
    assert_close(e.inputs.clock_fraction, 0.707107, 1e-5);
    assert_close(e.inputs.diffusion.generation_s, 0.2377073, 1e-5);
    assert_close(e.inputs.diffusion.diffusion_power_w, 415, 1e-12);
    assert_close(e.wh.accelerator_wh, 0.0274023, 1e-5);
    req.power_cap_w = 100;
    struct aw_diag diag;
    assert_int_equal(aw_estimate_request(cat, &req, &e, &diag), AW_E_RANGE);
    assert_non_null(strstr(diag.msg, "idle power"));
}

/* Classifier-free guidance as a separate pass doubles the denoiser and text
 * encoder FLOPs; a guidance-distilled model runs one pass. Same model
 * otherwise: F_step 4.580352e12 vs 2.290176e12; text 2e12 vs 1e12. */
static void test_cfg_doubling(void **state)
{
    (void)state;
    struct aw_request req = image_request("test-mmdit");
    struct aw_estimate cfg = estimate_ok(cat, &req);
    req = image_request("test-distilled");
    struct aw_estimate one = estimate_ok(cat, &req);
    assert_int_equal(one.inputs.diffusion.cfg_passes, 1);
    assert_close(one.inputs.diffusion.flop_per_step, 2.290176e12, 1e-12);
    assert_close(cfg.inputs.diffusion.flop_per_step / one.inputs.diffusion.flop_per_step, 2.0,
                 1e-12);
    assert_close(cfg.inputs.diffusion.text_encoder_flop / one.inputs.diffusion.text_encoder_flop,
                 2.0, 1e-12);
    assert_close(cfg.inputs.diffusion.denoise_wh / one.inputs.diffusion.denoise_wh, 2.0, 1e-9);
    /* The VAE decodes once either way: 2.62144e12 FLOP. */
    assert_close(one.inputs.diffusion.vae_decode_flop, 2.62144e12, 1e-12);
    assert_close(cfg.inputs.diffusion.vae_decode_flop, 2.62144e12, 1e-12);
}

/* U-Net at 1024 px from its 512 px reference: F_forward 6.4e12 (above);
 * 10 steps x 2 passes = 1.28e14 + text 2 x 1e11 + VAE 1e7 x 1,048,576. */
static void test_unet_estimate(void **state)
{
    (void)state;
    struct aw_request req = image_request("test-unet");
    req.width = 1024;
    req.height = 1024;
    struct aw_estimate e = estimate_ok(cat, &req);
    assert_string_equal(e.inputs.diffusion.architecture, "unet");
    assert_int_equal(e.inputs.diffusion.latent_tokens, 16384); /* 128 x 128 latent positions */
    assert_close(e.inputs.diffusion.flop_per_forward, 6.4e12, 1e-12);
    assert_close(e.inputs.diffusion.total_flop, 1.3868576e14, 1e-12);
}

/* Linear attention (Sana-like): f32 patch 1 -> 1024 tokens, 2.05340672e12. */
static void test_linear_attention(void **state)
{
    (void)state;
    struct aw_request req = image_request("test-linear");
    struct aw_estimate e = estimate_ok(cat, &req);
    assert_string_equal(e.inputs.diffusion.attention, "linear");
    assert_int_equal(e.inputs.diffusion.latent_tokens, 1024);
    assert_close(e.inputs.diffusion.flop_per_forward, 2.05340672e12, 1e-12);
}

/*
 * test-video (DiT, cross-attention to 100 text tokens, VAE 8x8x4, patch
 * 1x2x2) at its defaults 256x256, 9 frames, 10 steps, CFG 2:
 *   latent frames 1 + 8/4 = 3; tokens 3 x 16 x 16 = 768
 *   F_forward = 1.56266496e12 (above); denoise 10 x 2 x F = 3.12532992e13
 *   text 2e12; VAE 1e7 x 65,536 px x 9 frames = 5.89824e12; total 3.91515392e13
 *   accelerator 3.91515392e13 / 3e14 x 730 W / 3600 = 0.0264635404 Wh
 */
static void test_video_by_hand(void **state)
{
    (void)state;
    struct aw_request req = image_request("test-video");
    req.task = AW_TASK_VIDEO;
    struct aw_estimate e = estimate_ok(cat, &req);
    assert_int_equal(e.inputs.diffusion.frames, 9);
    assert_int_equal(e.inputs.diffusion.latent_frames, 3);
    assert_int_equal(e.inputs.diffusion.latent_tokens, 768);
    assert_close(e.inputs.diffusion.flop_per_forward, 1.56266496e12, 1e-12);
    assert_close(e.inputs.diffusion.vae_decode_flop, 5.89824e12, 1e-12);
    assert_close(e.inputs.diffusion.total_flop, 3.91515392e13, 1e-12);
    assert_close(e.wh.accelerator_wh, 0.0264635404, 1e-8);

    /* 10 frames are rounded up to 13 (1 + 4 x 3): 4 latent frames. */
    req.frames = 10;
    e = estimate_ok(cat, &req);
    assert_int_equal(e.inputs.diffusion.frames, 13);
    assert_int_equal(e.inputs.diffusion.frames_requested, 10);
    assert_int_equal(e.inputs.diffusion.latent_tokens, 4 * 16 * 16);
}

/* Sizes off the model's grid are rounded up, and say so. */
static void test_size_rounding(void **state)
{
    (void)state;
    struct aw_request req = image_request("test-mmdit");
    req.width = 1000;
    req.height = 700;
    struct aw_estimate e = estimate_ok(cat, &req);
    assert_int_equal(e.inputs.diffusion.width, 1008);
    assert_int_equal(e.inputs.diffusion.height, 704);
    assert_int_equal(e.inputs.diffusion.width_requested, 1000);
    assert_int_equal(e.inputs.diffusion.spatial_factor, 16);
    assert_int_equal(e.inputs.diffusion.latent_tokens, 63 * 44);
}

/* Compute-bound: a batch shares nothing that changes the FLOPs per image,
 * so the energy per image is the same; the batch's wall time grows. More
 * GPUs split the time and keep the energy (perfect scaling assumed). */
static void test_batch_and_gpus(void **state)
{
    (void)state;
    struct aw_request req = image_request("test-mmdit");
    struct aw_estimate one = estimate_ok(cat, &req);
    req.batch = 4;
    struct aw_estimate four = estimate_ok(cat, &req);
    assert_int_equal(four.inputs.batch, 4);
    assert_close(four.wh.facility_wh, one.wh.facility_wh, 1e-12);
    assert_close(four.seconds, 4 * one.seconds, 1e-12);

    req.batch = AW_UNSET;
    req.gpus = 2;
    struct aw_estimate two;
    assert_int_equal(estimate_said(cat, &req, &two), AW_OK);
    assert_close(two.wh.accelerator_wh, one.wh.accelerator_wh, 1e-12);
    assert_close(two.inputs.diffusion.generation_s, one.inputs.diffusion.generation_s / 2, 1e-12);
}

/* The diffusion MFU and power fraction can be overridden like the roofline's:
 * twice the utilisation, half the time and energy. */
static void test_assumption_overrides(void **state)
{
    (void)state;
    struct aw_assumptions a;
    struct aw_request req = image_request("test-mmdit");
    struct aw_estimate base = estimate_ok(cat, &req);
    aw_assumptions_init(&a);
    a.diffusion_flop_utilisation = 0.6;
    req.assumptions = &a;
    struct aw_estimate fast = estimate_ok(cat, &req);
    assert_close(fast.wh.accelerator_wh, base.wh.accelerator_wh / 2, 1e-12);
    /* Full power: 800 W instead of 730 W. */
    a.diffusion_flop_utilisation = -1;
    a.power_diffusion_fraction = 1.0;
    fast = estimate_ok(cat, &req);
    assert_close(fast.wh.accelerator_wh, base.wh.accelerator_wh * 800.0 / 730.0, 1e-12);
}

/* Memory: denoiser + text encoder (61e9 x 2 B = 122 GB) need two 100 GB GPUs
 * (90 GB usable each); on one, aiwatt refuses and names the count. */
static void test_placement(void **state)
{
    (void)state;
    struct aw_diag diag;
    struct aw_request req = image_request("test-huge");
    struct aw_estimate e = estimate_ok(cat, &req);
    assert_int_equal(e.inputs.gpus, 2);
    assert_true(e.inputs.gpus_auto);
    assert_close(e.inputs.weights_gb, 122.0, 1e-12);
    req.gpus = 1;
    assert_int_equal(aw_estimate_request(cat, &req, &e, &diag), AW_E_NOFIT);
    assert_non_null(strstr(diag.hint, "--gpus 2"));
    /* FP8 halves the weights (61 GB): one GPU suffices. */
    req.precision = AW_PREC_FP8;
    e = estimate_ok(cat, &req);
    assert_string_equal(e.inputs.compute_precision, "fp8");
}

static void expect_refusal(struct aw_request *req, aw_status want, const char *msg_part)
{
    struct aw_estimate e;
    struct aw_diag diag;
    aw_status st = aw_estimate_request(cat, req, &e, &diag);
    if (st != want || strstr(diag.msg, msg_part) == NULL) {
        print_error("got %d '%s', want %d with '%s'\n", st, diag.msg, want, msg_part);
        fail();
    }
    assert_true(diag.hint[0] != '\0');
}

static void test_refusals(void **state)
{
    (void)state;
    struct aw_request req = image_request("test-video");
    expect_refusal(&req, AW_E_INVALID, "is a video model, not an image model");
    req = image_request("test-mmdit");
    req.task = AW_TASK_VIDEO;
    expect_refusal(&req, AW_E_INVALID, "is an image model, not a video model");
    req = image_request("test-llm");
    expect_refusal(&req, AW_E_INVALID, "is a text model, not an image model");
    req = image_request("test-mmdt");
    expect_refusal(&req, AW_E_NOT_FOUND, "unknown model 'test-mmdt'");
    req = image_request("test-mmdit");
    req.frames = 5;
    expect_refusal(&req, AW_E_INVALID, "one frame");
    req = image_request("test-mmdit");
    req.output_tokens = 100;
    expect_refusal(&req, AW_E_INVALID, "token counts");
    req = image_request("test-mmdit");
    req.width = AW_DIFFUSION_MAX_PX + 1;
    expect_refusal(&req, AW_E_RANGE, "width '8193': expected a whole number of pixels, 1 to 8192");
    req = image_request("test-mmdit");
    req.steps = 0; /* unset is AW_UNSET, not 0 */
    expect_refusal(&req, AW_E_RANGE, "steps '0': expected a whole number of steps, 1 to 1000");
    req = image_request("test-mmdit");
    req.batch = -2;
    expect_refusal(&req, AW_E_RANGE, "batch '-2': expected a whole number of sequences");
    req = image_request("test-mmdit");
    req.method = AW_METHOD_FLOPS;
    expect_refusal(&req, AW_E_UNSUPPORTED, "not available for --task image");
    req = image_request("test-mmdit");
    req.params_total = 7e9;
    expect_refusal(&req, AW_E_INVALID, "--params");
    /* The text path names the right task, with the right article. */
    struct aw_request text = request_for("test-mmdit", "test-gpu");
    expect_refusal(&text, AW_E_INVALID, "is an image model, not a text model");
}

/* The catalog refuses diffusion entries it cannot use, naming the field. */
static void test_catalog_validation(void **state)
{
    (void)state;
    static const char *const bad[] = {
        /* an image model without its "diffusion" object */
        "{\"models\": [{\"id\": \"x\", \"name\": \"x\", \"kind\": \"image\", \"params_total\": 1e9,"
        " \"source\": \"t\", \"confidence\": \"estimate\"}]}",
        /* three guidance passes */
        "{\"models\": [{\"id\": \"x\", \"name\": \"x\", \"kind\": \"image\", \"params_total\": 1e9,"
        " \"layers\": 2, \"d_model\": 64, \"diffusion\": {\"architecture\": \"dit\","
        " \"token_params\": 1e9, \"vae_spatial\": 8, \"text_tokens\": 1, \"cfg_passes\": 3,"
        " \"default_steps\": 1, \"default_width\": 8, \"default_height\": 8,"
        " \"text_encoder_params\": 0, \"text_encoder_flop\": 0, \"vae_decode_flop_per_pixel\": 0},"
        " \"source\": \"t\", \"confidence\": \"estimate\"}]}",
        /* an unknown architecture */
        "{\"models\": [{\"id\": \"x\", \"name\": \"x\", \"kind\": \"image\", \"params_total\": 1e9,"
        " \"diffusion\": {\"architecture\": \"gan\"}, \"source\": \"t\","
        " \"confidence\": \"estimate\"}]}",
        /* a text model with a diffusion object */
        "{\"models\": [{\"id\": \"x\", \"name\": \"x\", \"params_total\": 1e9,"
        " \"diffusion\": {\"architecture\": \"dit\"}, \"source\": \"t\","
        " \"confidence\": \"estimate\"}]}",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        aw_catalog *c = NULL;
        struct aw_diag diag;
        assert_int_equal(aw_catalog_new(&c), AW_OK);
        assert_int_equal(aw_catalog_merge_json(c, bad[i], strlen(bad[i]), "bad.json", &diag),
                         AW_E_PARSE);
        assert_non_null(strstr(diag.msg, "bad.json: models 'x': field '"));
        aw_catalog_free(c);
    }
}

/* ---- The default catalog ---------------------------------------------- */

static const char *const image_models[] = {"sd-1.5", "sdxl", "sd3-medium", "sd3.5-medium",
                                           "sd3.5-large", "flux.1-dev", "flux.1-schnell",
                                           "sana-1.5-1.6b", "hunyuan-dit"};
static const char *const video_models[] = {"wan2.1-1.3b", "wan2.1-14b", "hunyuanvideo",
                                           "cogvideox-2b", "cogvideox1.5-5b"};

/* Every required model resolves at its defaults, and image < video holds by
 * construction: the cheapest video at its defaults costs more than the
 * dearest image, and for every video model one frame costs less than its
 * default clip (more frames, more tokens, attention ~ T^2). */
static void test_default_catalog_ordering(void **state)
{
    (void)state;
    aw_catalog *def = default_catalog();
    assert_non_null(def);
    struct aw_request req;
    struct aw_estimate e;
    double max_image = 0, min_video = 1e300;
    for (size_t i = 0; i < sizeof image_models / sizeof image_models[0]; i++) {
        aw_request_init(&req);
        req.task = AW_TASK_IMAGE;
        req.model_id = image_models[i];
        assert_int_equal(estimate_said(def, &req, &e), AW_OK);
        assert_true(e.wh.facility_wh > 0);
        if (e.wh.facility_wh > max_image)
            max_image = e.wh.facility_wh;
    }
    for (size_t i = 0; i < sizeof video_models / sizeof video_models[0]; i++) {
        aw_request_init(&req);
        req.task = AW_TASK_VIDEO;
        req.model_id = video_models[i];
        assert_int_equal(estimate_said(def, &req, &e), AW_OK);
        double clip = e.wh.facility_wh;
        if (clip < min_video)
            min_video = clip;
        req.frames = 1;
        assert_int_equal(estimate_said(def, &req, &e), AW_OK);
        assert_true(e.wh.facility_wh < clip);
    }
    print_message("dearest image %.3g Wh < cheapest video %.3g Wh (facility)\n", max_image,
                  min_video);
    assert_true(max_image < min_video);
    /* The defaults of --task image and --task video. */
    aw_request_init(&req);
    req.task = AW_TASK_IMAGE;
    assert_int_equal(estimate_said(def, &req, &e), AW_OK);
    assert_string_equal(e.inputs.model_id, AW_DEFAULT_IMAGE_MODEL);
    req.task = AW_TASK_VIDEO;
    assert_int_equal(estimate_said(def, &req, &e), AW_OK);
    assert_string_equal(e.inputs.model_id, AW_DEFAULT_VIDEO_MODEL);
    aw_catalog_free(def);
}

/* Every diffusion assumption is in the JSON "inputs", next to the contract
 * keys (wh, co2_g, water_ml, seconds, inputs). */
static void test_json_inputs(void **state)
{
    (void)state;
    json_t *j = run_cli_json("estimate --task video --model wan2.1-1.3b --format json");
    assert_non_null(j);
    assert_non_null(json_object_get(json_object_get(j, "wh"), "facility"));
    assert_non_null(json_object_get(j, "co2_g"));
    assert_non_null(json_object_get(j, "water_ml"));
    assert_non_null(json_object_get(j, "seconds"));
    json_t *in = json_object_get(j, "inputs");
    static const char *const keys[] = {"architecture", "width", "height", "frames", "steps",
                                       "cfg_passes", "latent_frames", "latent_tokens",
                                       "text_tokens", "flop_per_step", "total_flop",
                                       "diffusion_flop_utilisation", "diffusion_power_w"};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        if (json_object_get(in, keys[i]) == NULL) {
            print_error("inputs.%s missing\n", keys[i]);
            fail();
        }
    }
    /* 832x480, 81 frames: 21 x 30 x 52 latent tokens. */
    assert_int_equal(json_integer_value(json_object_get(in, "latent_tokens")), 32760);
    json_decref(j);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rounding_and_frames),
        cmocka_unit_test(test_latent_tokens),
        cmocka_unit_test(test_dit_flop),
        cmocka_unit_test(test_unet_scaling),
        cmocka_unit_test(test_mmdit_by_hand),
        cmocka_unit_test(test_power_cap),
        cmocka_unit_test(test_cfg_doubling),
        cmocka_unit_test(test_unet_estimate),
        cmocka_unit_test(test_linear_attention),
        cmocka_unit_test(test_video_by_hand),
        cmocka_unit_test(test_size_rounding),
        cmocka_unit_test(test_batch_and_gpus),
        cmocka_unit_test(test_assumption_overrides),
        cmocka_unit_test(test_placement),
        cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_catalog_validation),
        cmocka_unit_test(test_default_catalog_ordering),
        cmocka_unit_test(test_json_inputs),
    };
    return cmocka_run_group_tests(tests, diffusion_catalog_setup, catalog_teardown);
}
