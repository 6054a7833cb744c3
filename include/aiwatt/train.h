/*
 * train.h - energy of a training run at the four boundaries, and its share
 * per query once the model serves.
 *
 * A run is a catalog preset (section "training_runs": the published
 * conditions of GPT-3, GPT-4, Llama 3.1, BLOOM, DeepSeek-V3, OLMo 2) or a
 * catalog model with a token count. The compute is, in this order:
 *   1. GPU-hours given with --gpu-hours;
 *   2. the preset's published GPU-hours, or its GPUs x days, unless the
 *      caller changed what they measured (tokens, hardware, precision, MFU,
 *      parameters or sequence length; GPUs alone change only the wall time);
 *   3. FLOPs / (peak x MFU): FLOPs = (6 N_act + 12 L d_attn T) x D, the
 *      PaLM convention (Chowdhery et al. 2022, appendix B), or the preset's
 *      published FLOP count when its tokens are unchanged.
 * The ladder:
 *   accelerator  productive GPU-hours x accelerator power at training load
 *   server       + the host's share (server host power / accelerators)
 *   it           x (1 + overhead): restarts, recomputed steps, evaluations,
 *                checkpoint stalls, GPUs held idle (0 when the GPU-hours
 *                are a published total, which already contains them)
 *   facility     x PUE
 * Carbon and water as for a request (estimate.h). Every formula and default
 * is in docs/methodology.md ("Training").
 */
#ifndef AIWATT_TRAIN_H
#define AIWATT_TRAIN_H

#include "aiwatt/catalog.h"
#include "aiwatt/estimate.h"
#include "aiwatt/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Types ------------------------------------------------------------ */

/* What to estimate. Initialise with aw_train_request_init(): every number
 * AW_UNSET and every string NULL (the rule of aiwatt/estimate.h), meaning
 * "the preset's, else the default"; any other value is checked against the
 * request-field table's range. */
struct aw_train_request {
    const char *model_id;      /* training-run preset or catalog model (required
                                * unless params_total is set) */
    double params_total;       /* a model not in the catalog */
    double params_active;      /* with params_total: a mixture of experts */
    double tokens;             /* training tokens */
    double seq_len;            /* sequence length of the attention term */
    const char *hardware_id;   /* default: the preset's, else h100-sxm */
    double gpus;               /* accelerators in the run (sets the wall time) */
    int precision;             /* enum aw_precision; AW_PREC_DEFAULT: preset's or bf16 */
    double mfu;                /* model FLOP utilisation, 0-1 */
    double gpu_hours;          /* GPU-hours held by the run (skips the FLOPs) */
    double overhead;           /* restarts/evals share (default 0.10) */
    const char *datacenter_id; /* default: the preset's, else hyperscale */
    double pue;                /* overrides the data centre's */
    const char *grid_id;       /* default: the preset's or the data centre's */
    double grid_gco2_per_kwh;  /* overrides the grid */
    double wue_l_per_kwh;      /* overrides the data centre's */
    double amortise_queries;   /* also report the share per query */
    double market_gco2_per_kwh;/* market-based intensity (default: the data
                                * centre's contract, else the grid) */
};

/* How the GPU-hours were obtained. */
enum aw_train_compute {
    AW_TRAIN_FROM_FLOP = 0,   /* FLOPs / (peak x MFU) x (1 + overhead) */
    AW_TRAIN_FROM_HOURS,      /* published or given GPU-hours */
    AW_TRAIN_FROM_GPU_DAYS    /* published GPUs x days */
};

/* Every input of the arithmetic, resolved. The numbers may be changed and
 * the estimate recomputed with aw_train_evaluate() (uncertainty analysis
 * does exactly that). Strings are borrowed from the catalog or static. */
struct aw_train_resolved {
    const char *run_id;            /* preset, or NULL */
    const char *run_name;
    const char *model_id;          /* "custom" for --params */
    const char *hardware_id;
    const char *server_id;         /* may be NULL */
    const char *datacenter_id;
    const char *grid_id;           /* "custom" when given as a number */
    const char *precision;         /* what the tensor cores run */
    enum aw_train_compute compute;
    const char *compute_source;    /* the above, in words */
    const char *mfu_source;        /* where the MFU came from */
    int published_flop_used;       /* 1: flop is the preset's published count */
    int system_power_published;    /* 1: system_power_w is the preset's measured figure */
    double params_total;
    double params_active;
    int layers;                    /* of the attention term */
    int d_attn;                    /* heads x head dim */
    double tokens;                 /* 0 when unknown (GPU-hours given) */
    double seq_len;
    double flop_per_token;         /* 6 N_act + 12 L d_attn T */
    double attention_flop_per_token; /* 12 L d_attn T (PaLM) */
    double flop;                   /* the run's FLOPs (0 when unknown) */
    double peak_tflops;            /* per accelerator, at `precision` */
    double mfu;                    /* used in FLOP mode; default or given */
    double gpus;                   /* 0 when unknown */
    double days;                   /* wall time (0 when unknown) */
    double gpu_hours;              /* held by the run (published or estimated) */
    double gpu_hours_compute;      /* productive: gpu_hours / (1 + overhead) */
    double gpu_hours_from_flop;    /* FLOPs / (peak x MFU) x (1 + overhead): the
                                    * FLOP estimate, for comparison (0: no FLOPs) */
    double implied_mfu;            /* FLOPs / (productive GPU-hours x peak) */
    double overhead;               /* restarts, evaluations, idle: share of productive time */
    double flop_overhead;          /* the overhead of gpu_hours_from_flop */
    double power_fraction;         /* of the idle->max range at training load */
    double idle_power_w;
    double max_power_w;
    double accelerator_power_w;    /* per accelerator at training load */
    double host_power_w_per_gpu;   /* server host power / accelerators */
    double system_power_w;         /* accelerator + host, per accelerator */
    double pue;
    double gco2_per_kwh;
    double wue_l_per_kwh;
    double grid_water_l_per_kwh;
    double amortise_queries;       /* 0: none */
    double market_gco2_per_kwh;    /* for co2_market_g */
    const char *market_basis;      /* "option" | "contract" | "grid" */
    /* Embodied amortisation inputs (per accelerator, lifetime, utilisation);
     * its accelerator_seconds and totals are recomputed from gpu_hours. */
    struct aw_embodied embodied;
};

/* A published figure about the run (or a claim about it), next to the
 * estimate at the same boundary. */
#define AW_TRAIN_MAX_PUBLISHED 8
struct aw_train_published {
    const char *quantity;   /* "energy" | "co2" | "gpu_hours" | "flop" */
    const char *unit;       /* as published: "MWh", "t", "GPU-hours", ... */
    const char *boundary;   /* energy and carbon: the rung it is compared at */
    const char *note;       /* may be NULL */
    const char *source;
    const char *confidence; /* "confirmed" | "estimate" */
    int claim;              /* 1: a claim in circulation, not a measurement */
    double unit_factor;     /* base units (Wh, g, GPU-hours, FLOP) per `unit` */
    double value;           /* in `unit` */
    double low, high;       /* range, in `unit` (low == high when exact) */
    double estimate;        /* aiwatt's figure, in `unit` */
    double ratio;           /* estimate / value */
};

/* A relatable comparison: the facility energy in units of a catalog
 * "comparisons" entry whose "per" is "year" (a household's year). */
#define AW_TRAIN_MAX_COMPARISONS 4
struct aw_train_comparison {
    const char *id;
    const char *name;
    const char *source;
    double per_wh;          /* the entry: Wh per household-year */
    double count;           /* facility Wh / per_wh */
};

struct aw_train_estimate {
    struct aw_ladder wh;
    double co2_g;
    double co2_market_g;             /* facility x market-based intensity */
    double water_ml;
    double water_onsite_ml;          /* it x WUE */
    double water_offsite_ml;         /* it x PUE x grid water */
    struct aw_embodied embodied;     /* manufacturing share of the run's GPU-hours */
    double per_query_embodied_co2_g; /* embodied.co2_g / amortise_queries */
    struct aw_ladder per_query_wh;   /* wh / amortise_queries (0 when none) */
    double per_query_co2_g;
    double per_query_water_ml;
    struct aw_train_resolved inputs;
    size_t n_published;
    struct aw_train_published published[AW_TRAIN_MAX_PUBLISHED];
    size_t n_comparisons;
    struct aw_train_comparison comparisons[AW_TRAIN_MAX_COMPARISONS];
};

/* Defaults (docs/methodology.md, "Training"). */
#define AW_DEFAULT_TRAIN_HARDWARE "h100-sxm"
#define AW_DEFAULT_TRAIN_DATACENTER "hyperscale"
#define AW_DEFAULT_TRAIN_SEQ_LEN 4096

/* ---- Operations ------------------------------------------------------- */

/* Sets every field of `req` to "the preset's, else the default". */
AW_API void aw_train_request_init(struct aw_train_request *req);

/* Estimates a training run. AW_E_NOT_FOUND (unknown id, with the nearest in
 * diag->hint), AW_E_INVALID (not enough to go on: a model that is not a
 * preset needs tokens or GPU-hours), AW_E_RANGE (impossible input), AW_E_PARSE
 * (a malformed preset). */
AW_API AW_NODISCARD aw_status aw_train_estimate(const aw_catalog *cat, const struct aw_train_request *req,
                                                struct aw_train_estimate *out, struct aw_diag *diag);

/* Recomputes the ladder, carbon, water, per-query shares, published ratios
 * and comparisons from out->inputs (after changing some of its numbers).
 * Pure arithmetic: no catalog lookup. */
AW_API void aw_train_evaluate(struct aw_train_estimate *est);

/* The default MFU of a training run on `hw` at precision `p`, with its
 * range and source (docs/methodology.md, "Training"). */
AW_API double aw_train_default_mfu(const struct aw_hardware *hw, enum aw_precision p, double *low,
                                   double *high, const char **source);

/* Training FLOPs per token, PaLM convention: 6 N_act + 12 L d_attn T (every
 * layer attends over the whole sequence: no causal halving). */
AW_API double aw_train_flop_per_token(double params_active, int layers, int d_attn, double seq_len);

#ifdef __cplusplus
}
#endif
#endif /* AIWATT_TRAIN_H */
