/*
 * reproduce.h - the reference library, reproductions of published figures,
 * and services at scale.
 *
 * The reference library is the catalog section "references" (default:
 * data/references.json): every published figure aiwatt knows, with its
 * value, unit, boundary, conditions, date, source and URL, and for many a
 * "scenario": the method and assumptions of its authors (as data), plus the
 * request aiwatt itself would estimate. aw_reproduce() runs both and
 * decomposes the gap between the published figure and aiwatt's own estimate
 * into factors (boundary, tokens, model size, hardware, utilisation and
 * batch, load, host, reserve, PUE), from which the one-line reason is
 * written. Nothing about any reference is in the code.
 */
#ifndef AIWATT_REPRODUCE_H
#define AIWATT_REPRODUCE_H

#include <stddef.h>
#include "aiwatt/catalog.h"
#include "aiwatt/estimate.h"
#include "aiwatt/methods.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- References ------------------------------------------------------- */

/* A published figure, validated. Strings are borrowed from the catalog. */
struct aw_reference {
    const char *id;
    const char *name;
    const char *kind;            /* "inference" | "training" | "context" */
    const char *quantity;        /* what was measured or estimated */
    double value;
    double low, high;            /* the published range; NaN when none */
    const char *unit;            /* "Wh", "J", "MWh", "prompts/day", ... */
    double unit_wh;              /* Wh per unit for energy units, else 0 */
    enum aw_boundary boundary;
    const char *boundary_detail; /* the authors' own words on what is counted */
    const char *model;           /* as published (may be NULL) */
    const char *hardware;
    const char *conditions;
    const char *date;
    const char *source;          /* title and authors */
    const char *url;
    const char *confidence;      /* "confirmed" | "estimate" */
    const char *method;          /* the scenario's method, NULL when none */
    int has_estimate;            /* the scenario names aiwatt's own request */
    const char *impact;          /* a water or carbon figure: the quantity
                                    compared ("water_onsite_ml", ...), NULL for
                                    energy (docs/methodology.md, section 6) */
    int has_published_ladder;    /* the authors published their breakdown */
    struct aw_ladder published_wh;
};

/* Reads and validates the reference `id` (or alias). AW_E_NOT_FOUND (with
 * the nearest id in diag's hint) or AW_E_PARSE naming the field at fault. */
AW_API AW_NODISCARD aw_status aw_reference_get(const aw_catalog *cat, const char *id,
                                               struct aw_reference *out, struct aw_diag *diag);

/* ---- Reproductions ---------------------------------------------------- */

#define AW_GAP_MAX_FACTORS 12
#define AW_GAP_TEXT_SIZE 200

/* One factor of the gap between the published figure and aiwatt's own
 * estimate: ratio = published side / aiwatt side for that factor alone. The
 * ratios multiply to published / aiwatt's facility estimate. */
struct aw_gap_factor {
    const char *factor; /* "boundary", "tokens", "model size", "hardware",
                           "utilisation and batch", "GPU time", "load",
                           "accelerator energy", "server power", "host",
                           "reserve", "PUE", "scope", "reproduction" */
    double ratio;
    char text[AW_GAP_TEXT_SIZE];
};

struct aw_reproduction {
    struct aw_reference ref;
    const char *verdict;         /* "reproduced" (within 5 %), "close" (25 %),
                                    "not reproduced", or "compared" (no
                                    reproducible method: aiwatt's estimate only) */
    /* The authors' method, when the scenario has one. */
    int reproduced_set;
    double reproduced;           /* in the published unit, at its boundary */
    double reproduced_low;       /* NaN when the method gives no range */
    double reproduced_high;
    double ratio;                /* reproduced / published; NaN when none */
    struct aw_ladder method_wh;  /* Wh; NaN for rungs the method cannot fill */
    struct aw_estimate method_estimate; /* inference methods: every input */
    /* aiwatt's own estimate of the same request. */
    struct aw_ladder estimate_wh;       /* Wh; roofline, or training */
    struct aw_estimate estimate;        /* inference: every input */
    int estimate_is_training;
    double estimate_value;       /* at the published boundary, published unit */
    double estimate_ratio;       /* published / estimate_value */
    /* Why they differ. */
    size_t n_factors;
    struct aw_gap_factor factors[AW_GAP_MAX_FACTORS];
    char reason[400];            /* one line, written from the main factors */
};

/* Reproduces the reference `id`: runs the authors' method (if any) and
 * aiwatt's own estimate, and decomposes the gap. AW_E_INVALID when the
 * reference has no scenario (nothing to reproduce or compare); the errors of
 * aw_reference_get() and aw_estimate_request() otherwise. */
AW_API AW_NODISCARD aw_status aw_reproduce(const aw_catalog *cat, const char *id,
                                           struct aw_reproduction *out, struct aw_diag *diag);

/* Whether the reference `id` has a scenario (aiwatt reproduce runs it). */
AW_API int aw_reference_has_scenario(const aw_catalog *cat, const char *id);

/* ---- Services at scale ------------------------------------------------ */

/* A service: energy per query (and optionally its carbon and water) times
 * queries per day, over days and years, in households and in shares of
 * countries' electricity. The comparison constants are reference-library
 * rows of kind "context" with "comparison": "household" (a household's
 * electricity per year) or "country-electricity" (a country's per year,
 * with its grid id in "country"). */
struct aw_fleet_input {
    double wh_per_query;       /* facility energy per query, > 0 */
    double co2_g_per_query;    /* < 0: wh x the grid's intensity */
    double water_ml_per_query; /* < 0: wh / PUE x (WUE + PUE x grid water) */
    double queries_per_day;    /* > 0 */
    double years;              /* > 0; 0: one year */
    const char *datacenter_id; /* NULL: the default data centre */
    const char *grid_id;       /* NULL: the data centre's grid */
    const char *country;       /* NULL: every country; else a grid id ("us") */
    /* The estimate behind wh_per_query, or NULL: its market-based carbon,
     * water split and embodied share per query are used; without it they
     * are derived from wh_per_query and the site (embodied unknown). */
    const struct aw_estimate *estimate;
};

#define AW_FLEET_MAX_ROWS 16

/* One comparison: the service's yearly energy in units of `per_year_wh`. */
struct aw_fleet_comparison {
    const char *id;       /* reference id */
    const char *name;
    const char *country;  /* country-electricity rows: grid id */
    const char *source;
    const char *url;
    double per_year_wh;   /* a household's, or the country's, electricity */
    double value;         /* households: yearly energy / per_year_wh;
                             countries: the share, 0-1 */
};

struct aw_fleet_result {
    struct aw_fleet_input in;  /* as resolved (years, ids) */
    double pue, wue_l_per_kwh, gco2_per_kwh, grid_water_l_per_kwh;
    double co2_g_per_query, water_ml_per_query;
    double co2_market_g_per_query;          /* facility x market-based intensity */
    double market_gco2_per_kwh;
    const char *market_basis;               /* "estimate" | "contract" | "grid" */
    double water_onsite_ml_per_query, water_offsite_ml_per_query;
    double embodied_co2_g_per_query;        /* < 0: unknown (no estimate) */
    double day_wh, year_wh, total_wh;       /* total: over `years` */
    double day_co2_g, year_co2_g, total_co2_g;
    double day_water_ml, year_water_ml, total_water_ml;
    size_t n_households;
    struct aw_fleet_comparison households[AW_FLEET_MAX_ROWS];
    size_t n_countries;
    struct aw_fleet_comparison countries[AW_FLEET_MAX_ROWS];
};

/* A service at scale. AW_E_RANGE for impossible inputs, AW_E_NOT_FOUND for
 * an unknown data centre, grid or country (no such comparison row). */
AW_API AW_NODISCARD aw_status aw_fleet_run(const aw_catalog *cat, const struct aw_fleet_input *in,
                                           struct aw_fleet_result *out, struct aw_diag *diag);

/* A reference used as a preset number: its value in Wh per query (energy
 * units) or per day (units ending in "/day" that are not energy, e.g.
 * "prompts/day"). AW_E_INVALID when the reference is of another kind. */
AW_API AW_NODISCARD aw_status aw_reference_preset(const aw_catalog *cat, const char *id,
                                                  int per_day, double *out, struct aw_diag *diag);

/* ---- JSON views ------------------------------------------------------- */

#ifdef __cplusplus
}
#endif
#endif /* AIWATT_REPRODUCE_H */
