/*
 * catalog.h - hardware, servers, models, data centres and grids.
 *
 * The default catalog is JSON (data/NAME.json) validated at build time by the
 * same code that parses a user's catalog file, and compiled into the library
 * as const tables (no JSON is parsed to load it). Every
 * entry carries its source and confidence; every uncertain number carries a
 * range (struct aw_num). Records returned by the find functions are borrowed:
 * they stay valid until the catalog is changed (merged into) or freed.
 */
#ifndef AIWATT_CATALOG_H
#define AIWATT_CATALOG_H

#include <stddef.h>
#include "aiwatt/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Types ------------------------------------------------------------ */

typedef struct aw_catalog aw_catalog;

enum aw_confidence { AW_CONFIRMED = 0, AW_ESTIMATE = 1 };

/* A number with its range. For confirmed values low == value == high.
 * `set` is 0 when the catalog entry did not give the field. `source` and
 * `distribution` are the number's own, when the catalog gives them
 * ({"value", "low", "high", "source", "distribution"}); NULL otherwise (the
 * entry's source applies, and Monte Carlo picks the distribution). */
struct aw_num {
    double value;
    double low;
    double high;
    int set;
    enum aw_confidence confidence;
    const char *source;
    const char *distribution;
};

/* Numeric precisions. BF16 and FP16 share one peak on every current chip. */
enum aw_precision {
    AW_PREC_FP32 = 0,
    AW_PREC_TF32,
    AW_PREC_BF16,
    AW_PREC_FP16,
    AW_PREC_FP8,
    AW_PREC_INT8,
    AW_PREC_FP4,
    AW_PREC_INT4,
    AW_PREC_COUNT,
    AW_PREC_DEFAULT = -1 /* "use the model's usual serving precision" */
};

/* Catalog sections. */
enum aw_section {
    AW_SECTION_HARDWARE = 0,
    AW_SECTION_SERVERS,
    AW_SECTION_MODELS,
    AW_SECTION_DATACENTERS,
    AW_SECTION_GRIDS,
    AW_SECTION_PROFILES,      /* query mixes (aiwatt mix; read by aw_mix_run) */
    AW_SECTION_COMPARISONS,   /* relatable energies and powers (struct aw_comparison) */
    AW_SECTION_REFERENCES,    /* published figures (aw_reference_get, aw_reproduce) */
    AW_SECTION_TRAINING_RUNS, /* training-run presets (aw_train_estimate) */
    AW_SECTION_ENGINES,       /* serving engines (vLLM, SGLang, TensorRT-LLM) */
    AW_SECTION_COUNT
};

/* The common header of every entry (aw_catalog_entry_summary gives it for
 * any section). */
struct aw_entry {
    const char *id;
    const char *name;
    const char *source;
    enum aw_confidence confidence;
};

struct aw_hardware {
    const char *id;
    const char *name;
    const char *vendor;
    const char *kind;            /* "gpu", "tpu", "npu" */
    const char *server_id;       /* default server profile, may be NULL */
    const char *source;
    enum aw_confidence confidence;
    int year;
    struct aw_num memory_gb;
    struct aw_num bandwidth_tbs;
    struct aw_num peak_tflops[AW_PREC_COUNT]; /* .set == 0: no native support */
    struct aw_num max_power_w;
    struct aw_num idle_power_w;
    /* Cradle-to-gate manufacturing impacts of one accelerator (board,
     * package and memory; not the server): kgCO2e, MJ primary energy,
     * kg Sb eq abiotic depletion. .set 0 where none is sourced. */
    struct aw_num embodied_gwp_kg;
    struct aw_num embodied_pe_mj;
    struct aw_num embodied_adpe_kg_sbeq;
    /* Default model FLOP utilisation of training runs at 16-, 8- and 4-bit
     * precision, with their sources; .set 0 where none is given. */
    struct aw_num training_mfu_16bit;
    struct aw_num training_mfu_8bit;
    struct aw_num training_mfu_4bit;
};

struct aw_server {
    const char *id;
    const char *name;
    const char *source;
    enum aw_confidence confidence;
    int accelerators;
    struct aw_num max_power_w;
    struct aw_num host_power_w; /* whole server, everything but accelerators */
    /* Manufacturing impacts of the server without its accelerators. */
    struct aw_num embodied_gwp_kg;
    struct aw_num embodied_pe_mj;
    struct aw_num embodied_adpe_kg_sbeq;
    /* Scale-up interconnect between the accelerators of one server (NVLink,
     * Infinity Fabric, PCIe): per-accelerator bandwidth in one direction and
     * the latency of one small collective. .set == 0: not given (the
     * estimator then assumes PCIe-class figures and says so). */
    const char *interconnect;        /* e.g. "NVLink 4 (NVSwitch)" */
    struct aw_num link_bandwidth_gbs;
    struct aw_num link_latency_us;
};

/* A serving engine: the work a server does per decode step besides the
 * model's kernels (scheduling, sampling, detokenising, streaming). */
struct aw_engine {
    const char *id;
    const char *name;
    const char *source;
    enum aw_confidence confidence;
    struct aw_num step_fixed_s;      /* per step, whatever the batch */
    struct aw_num per_sequence_s;    /* per running sequence per step */
    struct aw_num moe_fp8_layer_s;   /* FP8 expert kernels: per MoE layer per step */
    struct aw_num overlap;           /* share of CPU work hidden behind the GPU step, 0-1 */
    int prefill_chunk_tokens;        /* chunked-prefill budget per step */
    /* Per model layer per step: the CPU launching each layer's kernels one
     * by one (eager PyTorch, no CUDA graphs). Not set (0) for an engine that
     * replays a captured graph: its launch cost is in step_fixed_s. */
    struct aw_num per_layer_s;
    /* Whether it stores the KV cache in FP8 by default when the model
     * computes in FP8 or FP4 (else in 16 bits), and the source saying so. */
    int fp8_kv_cache;
    const char *fp8_kv_cache_source;
};

struct aw_model {
    const char *id;
    const char *name;
    const char *kind; /* "llm" */
    const char *source;
    enum aw_confidence confidence;
    int open;
    struct aw_num params_total;
    struct aw_num params_active;
    int layers, d_model, heads_q, heads_kv, head_dim, d_ff, vocab;
    int experts, experts_active, shared_experts;
    int sliding_window, local_layers;
    int mla_kv_dim;
    int max_context;
    enum aw_precision precision;
    /* Hidden reasoning tokens per request with --task reasoning (0: none
     * given; the estimator's default applies). */
    struct aw_num reasoning_tokens;
    int moe_layers; /* layers with routed experts (0: all, when experts > 0) */
    /* State-space (Mamba-2) layers of a hybrid model ("ssm" in the catalog);
     * `layers` then counts the attention layers only. Each keeps
     * ssm_heads x ssm_head_dim x ssm_state_dim elements of recurrent state
     * per sequence, of ssm_state_bytes each, whatever the context. */
    int ssm_layers, ssm_heads, ssm_head_dim, ssm_state_dim;
    struct aw_num ssm_state_bytes;
    /* Where the provider serves the model ("serving" in the catalog, with
     * its own source): the defaults when a request names the model and
     * gives no hardware or data centre. NULL when none is known. */
    const char *serving_hardware_id;
    const char *serving_datacenter_id;
    const char *serving_source;
    /* Vision encoder (vision-language models). Images become prompt tokens
     * either by patches (ViT: tokens = ceil(H/(patch*merge)) x
     * ceil(W/(patch*merge)), capped at vision_max_tokens) or by tiles
     * (tokens = base + per_tile x tiles; tiles of tile_px after scaling the
     * shortest side to at most shortest_side_px, at most max_tiles). */
    struct aw_num vision_params;
    int vision_patch_px;
    int vision_merge;
    int vision_max_tokens;
    int vision_tile_px;
    int vision_tokens_per_tile;
    int vision_base_tokens;
    int vision_max_tiles;
    int vision_shortest_side_px;
    /* Diffusion denoisers: kind "image" or "video" (data/diffusion.json).
     * layers and d_model above are the transformer blocks and their width;
     * head_dim matters only for linear attention. */
    const char *architecture;          /* "unet" | "dit" | "mmdit" */
    const char *attention;             /* "full" (default) | "linear" */
    struct aw_num token_params;        /* DiT/MMDiT: weights applied to every token */
    struct aw_num unet_flop_ref;       /* U-Net: FLOP per forward at ref_width x ref_height */
    struct aw_num unet_attention_flop_ref; /* of which self-attention scores (QK^T, AV) */
    int ref_width, ref_height;         /* U-Net reference resolution, px */
    int patch, patch_t;                /* spatial and temporal patch (1 when absent) */
    int vae_spatial, vae_temporal;     /* VAE compression (temporal 1 for images) */
    int latent_channels;
    int text_tokens;                   /* joint (mmdit) or cross-attended text tokens */
    int cfg_passes;                    /* denoiser forwards per step: 2 = separate CFG pass */
    int default_steps, default_width, default_height, default_frames;
    struct aw_num text_encoder_params;
    struct aw_num text_encoder_flop;   /* FLOP to encode one prompt */
    struct aw_num vae_decode_flop_per_pixel; /* FLOP per output pixel (per frame) */
};

struct aw_datacenter {
    const char *id;
    const char *name;
    const char *grid_id;
    const char *source;
    enum aw_confidence confidence;
    struct aw_num pue;
    struct aw_num reserve_share;
    struct aw_num wue_l_per_kwh;
    /* Market-based (contracted) carbon intensity, gCO2e per kWh: power
     * purchase agreements and certificates; .set 0 when none is published. */
    struct aw_num market_gco2_per_kwh;
    /* Embodied amortisation: service life of the servers, years, and the
     * share of it they spend on work; .set 0: the defaults. */
    struct aw_num hardware_lifetime_years;
    struct aw_num hardware_utilisation;
};

struct aw_grid {
    const char *id;
    const char *name;
    const char *source;
    enum aw_confidence confidence;
    int year;
    struct aw_num gco2_per_kwh;
    struct aw_num water_l_per_kwh;
};

/* A relatable energy or power (section "comparisons"): `value` in `unit`,
 * an energy ("Wh", "kWh", ...) per `per` ("day", "charge", "km"), or a
 * power ("W", per "second"). */
struct aw_comparison {
    const char *id;
    const char *name;
    const char *source;
    enum aw_confidence confidence;
    struct aw_num value;
    const char *unit;
    const char *per; /* NULL when not given */
    int is_power;    /* unit "W" */
    double base;     /* value in Wh (an energy) or W (a power) */
};

/* ---- Lifecycle -------------------------------------------------------- */

/* Creates an empty catalog in *out. Returns AW_OK or AW_E_NOMEM. Free it
 * with aw_catalog_free(). */
AW_API AW_NODISCARD aw_status aw_catalog_new(aw_catalog **out);

/* Frees a catalog and every record borrowed from it. Accepts NULL. */
AW_API void aw_catalog_free(aw_catalog *cat);

/* Merges the default catalog (compiled into the library) into `cat`. Fails
 * only when out of memory, with details in diag. */
AW_API AW_NODISCARD aw_status aw_catalog_load_default(aw_catalog *cat,
                                                      struct aw_diag *diag);

/* The bit of a section in a section mask. */
#define AW_SECTION_BIT(section) (1u << (unsigned)(section))

/* Like aw_catalog_load_default(), but loads only the sections of
 * `section_mask` (AW_SECTION_BIT(...) | ...), with their companions (models
 * bring engines; hardware and servers come together), for front-ends that
 * start often and need a few sections. 0: all. */
/* Added to a section mask, kept for front-ends written before every
 * section was typed: it changes nothing now (no section's JSON is parsed
 * when the default is loaded). */
#define AW_SECTIONS_HEADERS_ONLY (1u << 31)

AW_API AW_NODISCARD aw_status aw_catalog_load_default_sections(aw_catalog *cat, unsigned section_mask,
                                                               struct aw_diag *diag);

/* Parses `len` bytes of catalog JSON and merges it over `cat`: entries with
 * the id of an existing entry replace it; new ids are added. `origin` names
 * the input in messages ("my.json"). On any error nothing is merged and diag
 * names the file, section, entry and field. */
AW_API AW_NODISCARD aw_status aw_catalog_merge_json(aw_catalog *cat, const char *bytes,
                                                    size_t len, const char *origin,
                                                    struct aw_diag *diag);

/* Reads the file at `path` and merges it as aw_catalog_merge_json() does.
 * AW_E_IO with the reason in diag when the file cannot be read. */
AW_API AW_NODISCARD aw_status aw_catalog_merge_file(aw_catalog *cat, const char *path,
                                                    struct aw_diag *diag);

/* ---- Lookup ----------------------------------------------------------- */

/* Finds an entry by id or alias (case-insensitive). NULL when absent. */
AW_API const struct aw_hardware *aw_catalog_find_hardware(const aw_catalog *cat, const char *id);
AW_API const struct aw_server *aw_catalog_find_server(const aw_catalog *cat, const char *id);
AW_API const struct aw_model *aw_catalog_find_model(const aw_catalog *cat, const char *id);
AW_API const struct aw_datacenter *aw_catalog_find_datacenter(const aw_catalog *cat, const char *id);
AW_API const struct aw_grid *aw_catalog_find_grid(const aw_catalog *cat, const char *id);
AW_API const struct aw_engine *aw_catalog_find_engine(const aw_catalog *cat, const char *id);
AW_API const struct aw_comparison *aw_catalog_find_comparison(const aw_catalog *cat,
                                                              const char *id);

/* Number of entries in a section, and the id of the i-th (in id order). */
AW_API size_t aw_catalog_count(const aw_catalog *cat, enum aw_section section);
AW_API const char *aw_catalog_id_at(const aw_catalog *cat, enum aw_section section, size_t i);

/* Summary fields of the i-th entry of a section (in id order): name, source
 * and confidence ("confirmed" | "estimate"). Any out-pointer may be NULL.
 * AW_E_NOT_FOUND when i is out of range. Strings are borrowed. */
AW_API aw_status aw_catalog_entry_summary(const aw_catalog *cat, enum aw_section section, size_t i,
                                          const char **name, const char **source,
                                          const char **confidence);

/* Finds which section an id or alias belongs to. AW_OK and *section set, or
 * AW_E_NOT_FOUND. */
AW_API aw_status aw_catalog_locate(const aw_catalog *cat, const char *id,
                                   enum aw_section *section);

/* The id in `section` nearest to `id` by edit distance (for "did you mean"),
 * or NULL when nothing is close. Borrowed. */
AW_API const char *aw_catalog_suggest(const aw_catalog *cat, enum aw_section section,
                                      const char *id);

/* The entry as pretty JSON text, exactly as merged (with source, confidence
 * and ranges). Returns a malloc'd string the caller frees, or NULL when
 * absent or out of memory. */
AW_API char *aw_catalog_entry_dump(const aw_catalog *cat, enum aw_section section,
                                   const char *id);

/* Section name as used in the JSON ("hardware", "models", ...), and back.
 * aw_section_from_name returns -1 for an unknown name. */
AW_API const char *aw_section_name(enum aw_section section);
AW_API int aw_section_from_name(const char *name);

/* Precision names ("bf16", "fp8", ...) and back; -1 when unknown. Bytes per
 * weight element, scales included (int4/fp4 carry group scales). */
AW_API const char *aw_precision_name(enum aw_precision p);
AW_API int aw_precision_from_name(const char *name);
AW_API double aw_precision_bytes(enum aw_precision p);

#ifdef __cplusplus
}
#endif
#endif /* AIWATT_CATALOG_H */
