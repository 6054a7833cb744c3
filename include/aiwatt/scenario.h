/*
 * scenario.h - composite workloads built from single requests: requests
 * described as data, query mixes ("the average query"), agent sessions.
 */
#ifndef AIWATT_SCENARIO_H
#define AIWATT_SCENARIO_H

#include <stddef.h>
#include "aiwatt/estimate.h"
#include "aiwatt/methods.h"
#include "aiwatt/uncertainty.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Requests as data ------------------------------------------------- */

/* Copies onto `req` the site fields that `site` sets: hardware, data
 * centre, grid (id or intensity), PUE, WUE, market-based intensity and
 * assumptions. A NULL site
 * changes nothing. Used to run a mix, a report or an agent "elsewhere". */
AW_API void aw_request_apply_site(struct aw_request *req, const struct aw_request *site);

/* ---- Query mixes ------------------------------------------------------ */

struct aw_mix_kind {
    const char *kind;   /* "text", "long-context", ... */
    const char *label;  /* for people */
    const char *note;   /* why this share and this request (may be NULL) */
    double share;       /* of all requests, 0-1; shares sum to 1 */
    struct aw_request request;
    struct aw_estimate estimate;
};

struct aw_mix_result {
    const char *profile_id;
    const char *name;
    const char *source;
    struct aw_ladder wh;  /* share-weighted mean per request */
    double co2_g;
    double water_ml;
    double co2_market_g;      /* share-weighted, like co2_g */
    double water_onsite_ml;
    double water_offsite_ml;
    double embodied_co2_g;    /* < 0: a kind's hardware has no figure */
    size_t n_kinds;
    struct aw_mix_kind *kinds; /* owned; release with aw_mix_result_release */
};

/* Estimates every kind of the catalog profile `profile_id` (section
 * "profiles") and their share-weighted mean. `overrides`, when not NULL,
 * replaces the profile's hardware, datacenter, grid and pue where it sets
 * them (e.g. --datacenter industry-average). */
AW_API AW_NODISCARD aw_status aw_mix_run(const aw_catalog *cat, const char *profile_id,
                                         const struct aw_request *overrides,
                                         struct aw_mix_result *out, struct aw_diag *diag);

/* Frees what aw_mix_run allocated. Accepts NULL and zeroed results. */
AW_API void aw_mix_result_release(struct aw_mix_result *res);

/* ---- Agent sessions --------------------------------------------------- */

struct aw_agent_spec {
    struct aw_request base; /* model, hardware, datacenter... */
    int steps;              /* model calls in the session, >= 1 */
    long initial_tokens;    /* system prompt + tool definitions + task */
    long tool_tokens;       /* tool output appended after each step */
    long output_tokens;     /* tokens the model writes per step */
    int prompt_cache;       /* 1: the unchanged prefix is served from cache */
};

/* Defaults: 2,000 initial tokens (system prompt, tool definitions, task),
 * 1,000 tool tokens and 200 output tokens per step, prompt cache on. */
AW_API void aw_agent_spec_init(struct aw_agent_spec *spec);

struct aw_agent_step {
    int step;
    long input_tokens;
    long cached_tokens;
    struct aw_request request;   /* what was estimated (for ranges: aw_weighted_model_init) */
    struct aw_estimate estimate;
};

struct aw_agent_result {
    struct aw_ladder wh; /* the whole session */
    double co2_g;
    double water_ml;
    double co2_market_g;
    double water_onsite_ml;
    double water_offsite_ml;
    double embodied_co2_g;  /* < 0: the hardware has no figure */
    double seconds;
    int n_steps;
    struct aw_agent_step *steps; /* owned */
};

/* Runs the chain: step i sees the initial tokens plus every earlier step's
 * output and tool tokens; with the prompt cache, everything but the newest
 * tool output is served from cache. */
AW_API AW_NODISCARD aw_status aw_agent_run(const aw_catalog *cat, const struct aw_agent_spec *spec,
                                           struct aw_agent_result *out, struct aw_diag *diag);

AW_API void aw_agent_result_release(struct aw_agent_result *res);

/* ---- The report: the story of AI energy on one screen ---------------- */

/* A published figure drawn on a report row (from the reference library). */
struct aw_report_ref {
    const char *id;
    const char *source;           /* title and authors (borrowed from the catalog) */
    const char *url;
    const char *date;
    double wh;                    /* the figure in Wh */
    enum aw_boundary boundary;    /* what the authors counted */
};

#define AW_REPORT_MAX_REFS 4

struct aw_report_item {
    const char *kind;   /* "text", "average", "long-context-10k", ... */
    const char *label;
    char detail[192];   /* what exactly was estimated, from the resolved inputs */
    struct aw_ladder wh;
    double co2_g;
    double water_ml;
    double seconds;     /* model time; 0 for averages */
    double embodied_co2_g; /* manufacturing share, gCO2e; < 0: unknown hardware */
    /* The request as resolved (the mix's first kind, the agent's first
     * step): model, hardware, batch, size, data centre and grid. */
    struct aw_resolved inputs;
    /* Monte Carlo of facility energy (aw_report.samples draws, seed
     * aw_report.seed): p5, p50, p95 and mean, in Wh. */
    struct aw_quantiles facility_range;
    size_t n_refs;      /* published figures about this kind of request */
    struct aw_report_ref refs[AW_REPORT_MAX_REFS];
};

#define AW_REPORT_MAX_ITEMS 16
/* Draws per item for the ranges, and their fixed seed: the same catalog
 * gives the same chart. */
#define AW_REPORT_SAMPLES 2000
#define AW_REPORT_SEED 1

struct aw_report {
    size_t n_items;
    struct aw_report_item items[AW_REPORT_MAX_ITEMS];
    size_t samples;
    unsigned long seed;
};

/* Estimates the report's requests: a text-only request, the average query
 * (profile chatgpt-2025), long context (10k and 100k tokens in), a reasoning
 * request, an image, a short video and an agent session, each at the sizes
 * `aiwatt estimate` uses by default, with its p5-p95 range and the published
 * figures about it. `overrides` (may be NULL) sets hardware, data centre,
 * grid or PUE for all of them. Items whose model is missing from the catalog
 * fail the whole report (a catalog defect, named in diag); a missing
 * published figure is left out. */
AW_API AW_NODISCARD aw_status aw_report_run(const aw_catalog *cat,
                                            const struct aw_request *overrides,
                                            struct aw_report *out, struct aw_diag *diag);

/* ---- Rendering: the chart and the page --------------------------------- */

/* Translates an English message (a printf format where it has one) into
 * the reader's language; the CLI passes gettext. The library never looks
 * up a language itself. */
typedef const char *(*aw_translate_fn)(void *ctx, const char *msgid);

struct aw_render_opts {
    aw_translate_fn translate;  /* NULL: English */
    void *translate_ctx;
    const char *lang;           /* BCP 47 tag for the page ("en", "ko"); NULL: "en" */
};

/* The chart as SVG (a malloc'd NUL-terminated string, NULL when out of
 * memory): one row per request kind, facility energy as a point with its
 * p5-p95 whisker on a log axis, the published figures as labelled marks,
 * the boundary split as a linear 100 % bar, and a caption with every
 * assumption that sets the scale. `opts` may be NULL (English). */
AW_API char *aw_report_svg(const struct aw_report *rep, const struct aw_render_opts *opts);

/* The page: one self-contained HTML document (inline SVG and CSS, no
 * script, nothing fetched) with the chart, the table, why the published
 * figures differ (aw_reproduce), the levers (aw_whatif_run), training and
 * a service at scale (aw_fleet_run), and every source as a link. *out is
 * malloc'd. */
AW_API AW_NODISCARD aw_status aw_report_html(const aw_catalog *cat, const struct aw_report *rep,
                                             const struct aw_render_opts *opts, char **out,
                                             struct aw_diag *diag);

/* A comparison constant from the catalog ("led-bulb", "google-search-2009"):
 * its value (W for per-second items, Wh otherwise) and name. AW_E_NOT_FOUND
 * when absent. */
AW_API aw_status aw_comparison_get(const aw_catalog *cat, const char *id, double *value,
                                   const char **name, const char **unit);

/* ---- Everyday equivalents -------------------------------------------- */

/* An energy in an everyday unit of the catalog's "comparisons" section: a
 * full smartphone charge, boiling a litre in a kettle, a kilometre by
 * electric car (ids phone-charge, kettle-boil, ev-km; each sourced there). */
#define AW_EVERYDAY_MAX 3
struct aw_everyday {
    const char *id;
    const char *name;   /* borrowed from the catalog */
    const char *per;    /* "charge", "boil", "km" */
    const char *source;
    double wh_each;
    double count;       /* wh / wh_each */
};

/* Fills up to `max` rows for `wh`; returns how many (units missing from
 * the catalog are skipped). */
AW_API size_t aw_everyday_equivalents(const aw_catalog *cat, double wh,
                                      struct aw_everyday *out, size_t max);

#ifdef __cplusplus
}
#endif
#endif
