/*
 * estimate.h - energy of one AI request, at four boundaries.
 *
 * The ladder is cumulative:
 *   accelerator  active GPU/TPU energy for this request
 *   server       + host CPUs, DRAM, NICs, fans of the servers doing the work
 *   it           + idle and reserve capacity provisioned for the service
 *   facility     x PUE (cooling, power conversion): the headline figure
 * Carbon (location-based) and water (on-site WUE + off-site water of the
 * electricity) are computed from it. Every formula is in docs/methodology.md.
 */
#ifndef AIWATT_ESTIMATE_H
#define AIWATT_ESTIMATE_H

#include "aiwatt/catalog.h"
#include "aiwatt/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Types ------------------------------------------------------------ */

/* The one "unset" rule of requests (struct aw_request, struct
 * aw_train_request), assumptions and method parameters: a number is unset
 * when it holds AW_UNSET, a string when it is NULL. The *_init() functions
 * set every field so; an unset field means "the default" (given below).
 * Any other value is an override, checked against the field's range
 * (aw_request_check, the table of aiwatt/request.h): a width of 0 or a PUE
 * of -2 is refused, not read as "default". Test a field with
 * AW_IS_SET(field). */
#define AW_UNSET (-1)
#define AW_IS_SET(field) ((field) != AW_UNSET)

enum aw_task { AW_TASK_CHAT = 0, AW_TASK_REASONING, AW_TASK_IMAGE, AW_TASK_VIDEO };

enum aw_method {
    AW_METHOD_ROOFLINE = 0, /* bottom-up (default) */
    AW_METHOD_FLOPS,        /* Epoch AI: FLOPs / (peak x utilisation) x power */
    AW_METHOD_NAMEPLATE,    /* de Vries: servers x nameplate x time / requests */
    AW_METHOD_ECOLOGITS     /* EcoLogits-compatible formulas */
};

/* Energy at each boundary, Wh. Cumulative: accelerator <= server <= it <= facility. */
struct aw_ladder {
    double accelerator_wh;
    double server_wh;
    double it_wh;
    double facility_wh;
};

/* Efficiency and overhead assumptions of the roofline estimator and the
 * boundary ladder. aw_assumptions_init() sets every field to AW_UNSET,
 * meaning "the default" (lib/estimate/constants.h or the catalog); any
 * negative value means the same. aw_request_check() refuses NaN and values
 * past each field's bounds (fractions within 0-1, powers up to 1 MW per
 * accelerator, ...: the table in lib/request/fields.c). Used by
 * uncertainty and sensitivity analysis, and by users who know better. */
struct aw_assumptions {
    double bandwidth_utilisation;    /* MBU, 0-1 */
    double prefill_flop_utilisation; /* MFU in prefill, 0-1 */
    double decode_flop_utilisation;  /* MFU of decode compute, 0-1 */
    double step_overhead_s;          /* the engine's fixed cost per decode step */
    double power_membound_fraction;  /* activity of memory-bound operators (0-1 of idle->max) */
    double power_prefill_fraction;   /* activity of compute-bound operators (0-1 of idle->max) */
    double idle_power_w;             /* per accelerator */
    double max_power_w;              /* per accelerator */
    double host_power_w;             /* whole server, non-accelerator */
    double reserve_share;            /* idle/reserve capacity share */
    double params_total;             /* overrides the model's */
    double params_active;
    double water_l_per_kwh;          /* grid off-site water */
    double quant_overhead;           /* FP8 expert kernels: extra seconds per MoE layer per step */
    double diffusion_flop_utilisation; /* MFU of image/video generation, 0-1 */
    double power_diffusion_fraction; /* share of idle->max range while generating */
    double engine_per_sequence_s;    /* the engine's cost per running sequence per step */
    double a2a_latency_s;            /* one MoE dispatch or combine */
    double link_efficiency;          /* achieved share of link bandwidth in collectives */
    double activity_comm;            /* power activity while waiting on communication */
    double activity_engine;          /* power activity while waiting on the engine's CPU */
    double engine_overlap;           /* share of the engine's CPU work hidden behind the GPU */
    double ssm_state_bytes;          /* hybrids: bytes per element of the recurrent state */
    double engine_per_layer_s;       /* the engine's launch cost per model layer per step */
    double operator_overlap_exponent; /* p: an operator takes (t_mem^p + t_comp^p)^(1/p) */
};

/* Sets every field to AW_UNSET ("use the default"). */
AW_API void aw_assumptions_init(struct aw_assumptions *a);

/* Parameters of the top-down methods. aw_method_params_init() sets every
 * field to AW_UNSET, meaning "the method's default" (given below). A request holds
 * one (aw_request.method); aw_request.method_params, when set, points to
 * another that replaces it. */
struct aw_method_params {
    /* flops (Epoch AI) */
    double flop_utilisation;    /* achieved / peak FLOP/s; default 0.10 */
    double prefill_utilisation; /* for prompt tokens; default: flop_utilisation */
    double power_w_per_gpu;     /* rated power per GPU, host share included;
                                   default: server max_power_w / accelerators
                                   (DGX H100: 10.2 kW / 8 = 1275 W) */
    double load_factor;         /* average / rated power; default 0.7 for flops
                                   (Epoch: "average consumption found by
                                   Microsoft"), 1.0 for nameplate (de Vries) */
    /* nameplate (de Vries) */
    double servers;             /* servers in the fleet; required */
    double server_power_w;      /* nameplate per server; default: the
                                   hardware's server profile max_power_w */
    double hours;               /* period the requests arrive in; default 24 */
    double requests;            /* requests served in that period; required */
    /* ecologits */
    double latency_s;           /* measured request latency, an upper cap on
                                   the modelled one; default: none */
    double params_total_min;    /* size range (EcoLogits runs min and max);
                                   default: the model's catalog range */
    double params_total_max;
    double params_active_min;
    double params_active_max;
};


/* What to estimate. Initialise with aw_request_init() (every number
 * AW_UNSET, every string NULL: the defaults below), then set only what is
 * known. The enums take their first value (task chat, method roofline) and
 * the precisions AW_PREC_DEFAULT (the model's, the engine's); flags are 0
 * (off) or 1. */
struct aw_request {
    const char *model_id;     /* default: the default model (or params_total) */
    double params_total;      /* a model not in the catalog */
    double params_active;     /* with params_total: a MoE (default: = total) */
    enum aw_task task;
    long input_tokens;        /* default 400 */
    long output_tokens;       /* default 300 */
    long reasoning_tokens;    /* default: task-dependent */
    long cached_tokens;       /* prompt tokens served from a prompt cache (0) */
    long images_in;           /* input images for a vision-language model (0) */
    int image_in_width;       /* pixels of each input image (1024) */
    int image_in_height;
    int width;                /* image/video generation: pixels (model default) */
    int height;
    int steps;                /* denoising steps (model default) */
    int frames;               /* video frames (model default) */
    const char *hardware_id;  /* default h100-sxm */
    int gpus;                 /* default: automatic */
    int precision;            /* enum aw_precision; AW_PREC_DEFAULT: model's */
    int kv_precision;         /* the KV cache's enum aw_precision; AW_PREC_DEFAULT:
                               * the engine's (FP8 with FP8 compute or 16-bit) */
    int batch;                /* concurrent sequences (default 64) */
    const char *datacenter_id;/* default hyperscale */
    double pue;               /* default: the data centre's */
    const char *grid_id;      /* default: the data centre's grid */
    double grid_gco2_per_kwh; /* overrides the grid */
    double wue_l_per_kwh;     /* overrides the data centre */
    double market_gco2_per_kwh; /* market-based intensity (contracts,
                                 * certificates) for co2_market_g; default:
                                 * the data centre's contract, else the grid */
    enum aw_method method;
    const char *engine_id;    /* serving engine (catalog "engines") */
    double power_cap_w;       /* per-accelerator power cap, W (default none) */
    int tp, ep, pp;           /* tensor/expert/pipeline parallel sizes (default layout) */
    const struct aw_assumptions *assumptions; /* NULL: all defaults */
    /* flops, nameplate, ecologits: their parameters; NULL: method_values below. */
    const struct aw_method_params *method_params;

    /* ---- Fields of the request-field table (aiwatt/request.h) that the
     * text estimate does not read. aw_request_set() fills them all. ---- */
    struct aw_method_params method_values; /* every field AW_UNSET: each method's default */
    /* training (aw_train_request_from_request) */
    double tokens;                  /* training tokens */
    double seq_len;                 /* attention sequence length */
    double mfu;                     /* model FLOP utilisation */
    double gpu_hours;               /* GPU-hours of the run */
    double overhead;                /* restarts/evals share */
    double amortise_queries;        /* the share per query too */
    /* uncertainty and sensitivity (seeded: the same request, the same draws) */
    long uncertainty_draws;         /* Monte Carlo with this many draws (default: none) */
    long seed;                      /* default AW_UNCERTAINTY_DEFAULT_SEED */
    int sensitivity;                /* flag: one-at-a-time swings */
    /* commands that run many requests */
    const char *profile;            /* mix: a profile id */
    int agent_steps;                /* agent: model calls in the session */
    long initial_tokens;            /* agent: system prompt and task (2000) */
    long tool_tokens;               /* agent: tool output per step (1000) */
    int no_prompt_cache;            /* flag, agent: recompute the prompt at every step */
};

/* What the text estimate (roofline method) resolved: the prompt, the
 * serving engine and parallel layout, and the decode step operator by
 * operator (docs/methodology.md, section 2). */
struct aw_resolved_text {
    double kv_bytes_per_token;
    double mean_context_tokens;     /* mean context during decode */
    double bandwidth_utilisation;   /* achieved / peak bandwidth (MBU) */
    double prefill_flop_utilisation;
    double decode_flop_utilisation;
    double step_overhead_s;         /* fixed serving overhead per decode step */
    double quant_overhead_s; /* quantise/dequantise time per decode step (weights below 16 bits) */
    double weights_read_gb_per_step;/* MoE: grows with batch */
    double decode_step_s;           /* mean time of one decode step */
    double decode_compute_fraction; /* compute time / step time */
    double prefill_s;               /* time of this request's prefill */
    double decode_s;                /* time the request spends decoding */
    double prefill_power_w;         /* per accelerator */
    double decode_power_w;          /* per accelerator */
    double prefill_wh;              /* accelerator energy, this request's share */
    double decode_wh;
    const char *engine_id;
    double engine_overlap;          /* share of CPU work hidden behind the GPU step */
    double engine_per_sequence_s;
    double engine_per_layer_s;      /* kernel launches per model layer per step */
    double operator_overlap_exponent; /* p: an operator takes (t_mem^p + t_comp^p)^(1/p) */
    int tp, ep, pp;                 /* parallel layout of one replica */
    double prefill_tokens_per_step; /* chunked prefill sharing decode steps */
    double step_weights_s;          /* decode step, operator by operator */
    double step_attention_s;
    double step_comm_s;
    double step_moe_s;
    double step_engine_s;           /* exposed engine CPU time */
    double decode_activity;         /* 0-1 share of the idle-to-max power range */
    double replica_tokens_per_s;    /* generated tokens per second, whole replica */
    double replica_power_w;         /* mean accelerator power, whole replica */
    long cached_tokens;
    long images_in;
    long image_tokens;              /* prompt tokens the input images became */
    double vision_encoder_wh;       /* accelerator energy of the vision encoder */
    double state_bytes_per_sequence; /* hybrids: state-space layers' recurrent state (0: none) */
};

/* What an image or video generation estimate resolved
 * (docs/methodology.md, "Diffusion: images and video"). */
struct aw_resolved_diffusion {
    const char *architecture;       /* "unet" | "dit" | "mmdit"; NULL for text tasks */
    const char *attention;          /* "full" | "linear" */
    int width, height;              /* generated pixels (rounded to the model's grid) */
    int width_requested, height_requested; /* as asked (0: the model's default) */
    int frames;                     /* generated frames (1 for an image) */
    int frames_requested;
    int steps;                      /* denoising steps */
    int cfg_passes;                 /* denoiser forwards per step (2: separate CFG pass) */
    int spatial_factor;             /* pixels per latent token side: VAE x patch */
    long latent_frames;             /* after temporal compression and patching */
    long latent_tokens;             /* image/video tokens the denoiser attends over */
    long text_tokens;               /* joint (mmdit) or cross-attended text tokens */
    double flop_per_forward;        /* one denoiser forward */
    double flop_per_step;           /* x cfg_passes */
    double denoise_flop;            /* x steps */
    double text_encoder_flop;       /* x cfg_passes (the negative prompt too) */
    double vae_decode_flop;
    double total_flop;              /* per image or video */
    double diffusion_flop_utilisation; /* MFU */
    double diffusion_power_w;       /* per accelerator while generating */
    double generation_s;            /* accelerator time per image or video */
    double batch_s;                 /* wall time of the whole batch */
    double denoise_wh;              /* accelerator energy per image or video */
    double text_encoder_wh;
    double vae_decode_wh;
};

/* What a top-down method (flops, nameplate, ecologits) resolved. */
struct aw_resolved_topdown {
    const char *boundary_note;      /* which boundary a top-down method's total is */
    const char *total_boundary;     /* the rung that is the method's own total */
    double gpu_seconds;             /* accelerator time charged to the request */
    double flop;                    /* flops: FLOPs of the request */
    double flop_utilisation;        /* flops: for generated tokens */
    double prefill_utilisation;     /* flops: for prompt tokens */
    double power_w_per_gpu;         /* flops, nameplate: rated, host share included */
    double load_factor;             /* flops, nameplate: average / rated power */
    double servers;                 /* nameplate: servers in the fleet */
    double server_power_w;          /* nameplate: per server */
    double hours;                   /* nameplate: the period */
    double requests;                /* nameplate: requests in that period */
    double ecologits_batch;         /* ecologits: fixed batch (64) */
    double ecologits_latency_s;     /* ecologits: modelled latency (capped if measured) */
    double gpu_energy_wh_per_gpu;   /* ecologits: f_E x output tokens, one GPU */
    int has_range;                  /* ecologits: wh_min and wh_max are set */
    struct aw_ladder wh_min;        /* ecologits: at the smallest model size */
    struct aw_ladder wh_max;        /* ecologits: at the largest */
};

/* Every assumption the estimate resolved, so a reader can see and dispute
 * each one. Strings are borrowed from the catalog or are static. What every
 * estimate resolves is at the top; what one kind of estimate resolves is in
 * its part (the others' parts are zero). The JSON `inputs` object is flat:
 * the parts do not appear in it. */
struct aw_resolved {
    const char *model_id;
    const char *model_confidence;   /* "confirmed" | "estimate" */
    const char *hardware_id;
    const char *server_id;
    const char *datacenter_id;
    const char *grid_id;
    const char *task;
    const char *method;
    const char *precision;          /* weights in memory */
    const char *compute_precision;  /* what the tensor cores run */
    const char *kv_precision;
    double params_total;
    double params_active;
    long input_tokens;
    long output_tokens;
    long reasoning_tokens;
    int gpus;
    int gpus_auto;                  /* 1 when chosen automatically */
    int batch;
    int batch_max;                  /* memory-limited concurrent sequences */
    int batch_requested;            /* what the caller asked for (0: default) */
    double weights_gb;              /* all weights, in memory */
    double peak_tflops_per_gpu;     /* at compute_precision */
    double bandwidth_tbs_per_gpu;
    double idle_power_w;
    double max_power_w;
    double host_power_w_per_gpu;
    double pue;
    double reserve_share;
    double wue_l_per_kwh;
    double grid_gco2_per_kwh;
    double grid_water_l_per_kwh;
    double market_gco2_per_kwh;     /* what co2_market_g used */
    const char *market_basis;       /* "option" | "contract" | "grid" (no contract) */
    double power_cap_w;             /* 0: none */
    double clock_fraction;          /* SM clock under the cap / nominal (1: uncapped) */
    const char *serving_source;     /* the provider profile that chose the hardware
                                       and data centre, or NULL */
    struct aw_resolved_text text;           /* text tasks, roofline method */
    struct aw_resolved_diffusion diffusion; /* image and video generation */
    struct aw_resolved_topdown topdown;     /* flops, nameplate, ecologits */
};

/* Manufacturing (embodied) impacts charged to a request: the accelerators'
 * and their server's cradle-to-gate impacts, amortised over the hardware's
 * lifetime at its utilisation (docs/methodology.md, "Embodied impacts").
 * A field is < 0 when the catalog gives no figure for the hardware. */
struct aw_embodied {
    double co2_g;              /* gCO2e */
    double primary_energy_mj;  /* MJ; < 0: not sourced */
    double adpe_kg_sbeq;       /* kg Sb eq; < 0: not sourced */
    /* The amortisation inputs. */
    double accelerator_seconds;   /* accelerator time the request holds */
    double lifetime_years;
    double utilisation;           /* share of the lifetime spent on work */
    double gwp_kg_per_accelerator;/* chip + its share of the server */
    double pe_mj_per_accelerator;
    double adpe_kg_sbeq_per_accelerator;
    int set;                      /* 0: no embodied data for this hardware */
};

struct aw_estimate {
    struct aw_ladder wh;
    double co2_g;     /* location-based, from facility energy */
    double co2_market_g; /* market-based: facility energy x contracted intensity */
    double water_ml;  /* it x (WUE + PUE x grid water) = onsite + offsite */
    double water_onsite_ml;  /* it x WUE: cooling water at the data centre */
    double water_offsite_ml; /* it x PUE x grid water: the electricity's water */
    double seconds;   /* wall time of the request: prefill + decode */
    struct aw_embodied embodied;
    struct aw_resolved inputs;
};

/* Default request: a typical text-only chatbot request. */
#define AW_DEFAULT_MODEL "gpt-4o"
#define AW_DEFAULT_HARDWARE "h100-sxm"
#define AW_DEFAULT_DATACENTER "hyperscale"
#define AW_DEFAULT_INPUT_TOKENS 400
#define AW_DEFAULT_OUTPUT_TOKENS 300
#define AW_DEFAULT_IMAGE_IN_PX 1024
/* Default models of --task image and --task video (docs/methodology.md,
 * "Diffusion: images and video"). */
#define AW_DEFAULT_IMAGE_MODEL "flux.1-dev"
#define AW_DEFAULT_VIDEO_MODEL "wan2.1-14b"
/* Largest image/video request accepted (above: AW_E_RANGE). */
#define AW_DIFFUSION_MAX_PX 8192
#define AW_DIFFUSION_MAX_STEPS 1000
#define AW_DIFFUSION_MAX_FRAMES 2001
#define AW_DIFFUSION_MAX_BATCH 1024

/* ---- Operations ------------------------------------------------------- */

/* Sets every field of `req` to "use the default": AW_UNSET or NULL (the
 * rule above struct aw_request). */
AW_API void aw_request_init(struct aw_request *req);

/* Estimates one request. On success fills *out and returns AW_OK. Fails with
 * AW_E_NOT_FOUND (unknown id; diag->hint suggests the nearest), AW_E_RANGE
 * (impossible input, e.g. negative tokens, zero GPUs, an assumption out of
 * its bounds, or catalog numbers so large that a figure would not be
 * finite: *out is then zeroed), AW_E_NOFIT (the
 * model does not fit on the GPUs given), AW_E_UNSUPPORTED (a method or task
 * this build cannot estimate); diag says which and how to fix it. */
AW_API AW_NODISCARD aw_status aw_estimate_request(const aw_catalog *cat,
                                                  const struct aw_request *req,
                                                  struct aw_estimate *out,
                                                  struct aw_diag *diag);

/* Names of tasks and methods, and back (-1 when unknown). */
AW_API const char *aw_task_name(enum aw_task task);
AW_API int aw_task_from_name(const char *name);
AW_API const char *aw_method_name(enum aw_method method);
AW_API int aw_method_from_name(const char *name);

#ifdef __cplusplus
}
#endif
#endif /* AIWATT_ESTIMATE_H */
