/*
 * catalog_internal.h - the catalog's entries and the compiled default
 * (lib/ and the build-time generator tools/catalog_gen.c only).
 *
 * Every entry of a section is one row: its header (id, name, source,
 * confidence), its typed record, and its JSON. The default catalog is
 * compiled: tools/catalog_gen.c loads data/NAME.json through this module (the
 * same parser and validator as a user's --catalog file) and writes
 * aw__catalog_base as const C tables, so loading the default parses nothing.
 */
#ifndef AIWATT_CATALOG_INTERNAL_H
#define AIWATT_CATALOG_INTERNAL_H

#include <jansson.h>
#include "internal.h"

/* One entry of a section. */
struct aw__catalog_entry {
    const char *id;
    const char *name; /* NULL when the entry has none */
    const char *source;
    enum aw_confidence confidence;
    const void *record;    /* struct aw_hardware, aw_model, aw__reference_record, ... */
    const char *json_text; /* compiled entries: the entry as compact JSON */
    json_t *json;          /* the entry as JSON: entries merged at run time */
};

struct aw__catalog_alias {
    const char *alias;
    const char *id;
};

/* A section of the compiled default: entries sorted by id, aliases sorted
 * by alias (strcmp). */
struct aw__catalog_base_section {
    const struct aw__catalog_entry *entries;
    size_t count;
    const struct aw__catalog_alias *aliases;
    size_t alias_count;
};

/* Generated at build time from data/NAME.json (build dir gen/aw_catalog_base.c). */
extern const struct aw__catalog_base_section aw__catalog_base[AW_SECTION_COUNT];

/* Where a merge failed, for the generator's file:line messages. */
struct aw__catalog_error_at {
    int section; /* -1: not inside a section */
    char id[64]; /* "" when the entry has no valid id */
    char field[64];
};

/* aw_catalog_merge_json(), rejecting duplicate keys, and saying where it
 * failed in *at (may be NULL). */
aw_status aw__catalog_merge_located(aw_catalog *cat, const char *bytes, size_t len,
                                    const char *origin, struct aw__catalog_error_at *at,
                                    struct aw_diag *diag);

/* The entries and aliases of a section, in id (alias) order. */
size_t aw__catalog_entries(const aw_catalog *cat, enum aw_section section,
                           const struct aw__catalog_entry **entries);
size_t aw__catalog_aliases(const aw_catalog *cat, enum aw_section section,
                           const struct aw__catalog_alias **aliases);

/* The entry `id` (or alias) of a section; NULL when absent. */
const struct aw__catalog_entry *aw__catalog_entry_find(const aw_catalog *cat,
                                                       enum aw_section section,
                                                       const char *id);

/* The entry `id` of a section as JSON, a new reference (NULL when absent
 * or out of memory): for output that shows catalog entries as given (the
 * report's "comparisons"); reading values is the typed record's job. */
json_t *aw__catalog_entry_json_new(const aw_catalog *cat, enum aw_section section,
                                   const char *id);

/* Size of a section's typed record. */
size_t aw__catalog_record_size(enum aw_section section);

/* Parses one entry's JSON into `record` (record_size bytes, as the loader
 * does): the generator checks that its layout tables describe every byte
 * the parser writes. */
aw_status aw__catalog_parse_entry(enum aw_section section, json_t *entry, void *record,
                                  struct aw_diag *diag);

/* ---- Parsing (the one field reader, shared by the section parsers) ----- */

struct aw__catalog_owned; /* what a merge allocated, freed with the catalog */

/* Where a value came from, for messages, and where a parser's nested
 * arrays are allocated (aw__catalog_alloc). */
struct aw__parse_ctx {
    const char *origin;
    const char *section;
    const char *id;
    enum aw_confidence entry_confidence;
    struct aw_diag *diag;
    struct aw__catalog_error_at *at; /* may be NULL */
    struct aw__catalog_owned **owned;
};

/* "ORIGIN: SECTION 'ID': field 'FIELD': WHAT", and `field` in ctx->at. */
aw_status aw__catalog_field_error(struct aw__parse_ctx *ctx, const char *field, const char *what);

/* The field readers: a number (plain, or {"value", "low", "high",
 * "source", "distribution", "confidence"}: finite, not negative), a
 * positive one, a whole number, a string, and the common header (id,
 * source, confidence). Absent and not required: .set 0, 0 or NULL. */
aw_status aw__catalog_get_num(json_t *entry, const char *key, int required, struct aw_num *out,
                              struct aw__parse_ctx *ctx);
aw_status aw__catalog_get_positive(json_t *entry, const char *key, int required,
                                   struct aw_num *out, struct aw__parse_ctx *ctx);
aw_status aw__catalog_get_str(json_t *entry, const char *key, int required, const char **out,
                              struct aw__parse_ctx *ctx);
aw_status aw__catalog_get_header(json_t *entry, const char **id, const char **source,
                                 enum aw_confidence *confidence, struct aw__parse_ctx *ctx);

/* Zeroed memory that lives as long as the parsed record (the catalog's,
 * or the transaction's until it commits). NULL when out of memory. */
void *aw__catalog_alloc(struct aw__parse_ctx *ctx, size_t size);

/* ---- Requests kept by the catalog --------------------------------------- */

/* One field of a request written in the catalog: its JSON key and its
 * value as the request reader reads it (text; numbers as they print, true
 * or false), validated through the request-field table when merged and
 * applied through it again when used (aw__request_from_settings). */
struct aw__catalog_setting {
    const char *key;
    const char *value;
};

/* A request written in the catalog; given 0 (and no fields) when absent. */
struct aw__catalog_request {
    const struct aw__catalog_setting *fields;
    size_t count;
    int given;
};

/* Reads the request object under `key` of `obj` (absent: given 0) through
 * the request-field table into its settings; a refusal's message starts
 * with `where` ("ORIGIN: SECTION 'ID': scenario.request"), and `field` is
 * where the generator looks for the line. */
aw_status aw__catalog_get_request(json_t *obj, const char *key, const char *where,
                                  const char *field, struct aw__catalog_request *out,
                                  struct aw__parse_ctx *ctx);

/* ---- Profiles (section "profiles": the query mixes of aiwatt mix) ------- */

#define AW__PROFILE_MAX_KINDS 64

/* One kind of request of a mix and its share of the queries. */
struct aw__profile_kind {
    const char *kind;
    const char *label;
    const char *note;  /* NULL when none */
    double share;      /* 0-1; the kinds' shares add up to 1 (within 0.001) */
    struct aw__catalog_request request;
};

struct aw__profile_record {
    const char *id;
    const char *name;
    const char *source;
    enum aw_confidence confidence;
    struct aw__catalog_request defaults; /* applied before each kind's request */
    const struct aw__profile_kind *kinds;
    size_t n_kinds;
};

aw_status aw__parse_profile(json_t *entry, void *record, struct aw__parse_ctx *ctx);

/* The profile `id` (or alias); NULL when absent. */
const struct aw__profile_record *aw__catalog_find_profile(const aw_catalog *cat, const char *id);

/* ---- Training runs (section "training_runs": presets of aiwatt train) -- */

/* A run's published conditions. Numbers not given have .set 0; strings
 * not given are NULL. published[]: the figures to compare the estimate with
 * (estimate and ratio 0). */
struct aw__training_run_record {
    const char *id;
    const char *name;
    const char *source;
    enum aw_confidence confidence;
    const char *model;      /* a catalog model id (required) */
    const char *hardware;
    const char *precision;  /* a known precision name */
    const char *datacenter;
    const char *grid;
    struct aw_num tokens, seq_len, flop;
    struct aw_num mfu;      /* in (0, 1] */
    struct aw_num gpus, days, gpu_hours, overhead, system_power_w;
    struct aw_num pue;      /* at least 1 */
    struct aw_num grid_gco2_per_kwh;
    const struct aw_train_published *published;
    size_t n_published;     /* at most AW_TRAIN_MAX_PUBLISHED */
};

aw_status aw__parse_training_run(json_t *entry, void *record, struct aw__parse_ctx *ctx);

/* The training run `id` (or alias); NULL when absent. */
const struct aw__training_run_record *aw__catalog_find_training_run(const aw_catalog *cat,
                                                                    const char *id);

/* ---- References (section "references", data/README.md) ----------------- */

/* The keys of a scenario's "params" (struct aw_method_params, every one a
 * positive number), in the order of aw__reference_record.params. */
#define AW__METHOD_PARAM_COUNT 13
struct aw__method_param_key {
    const char *key;
    size_t offset; /* of its double in struct aw_method_params */
};
extern const struct aw__method_param_key aw__method_param_keys[AW__METHOD_PARAM_COUNT];

/* A published figure, validated at merge (at build time for the default):
 * every field of the reference and of its scenario. Whether the ids it
 * names exist and its requests estimate is checked when it is run. Numbers
 * not given are NaN (or 0 where noted); strings not given are NULL. */
struct aw__reference_record {
    const char *id;
    const char *name;
    const char *source;
    enum aw_confidence confidence;
    const char *kind;            /* "inference" | "training" | "context" */
    const char *quantity;
    double value;
    double low, high;            /* NaN when not given */
    const char *unit;
    double unit_wh;              /* aw__energy_unit_wh(unit) */
    enum aw_boundary boundary;
    const char *boundary_detail;
    const char *model;
    const char *hardware;
    const char *conditions;
    const char *date;
    const char *url;
    const char *comparison;      /* "household" | "country-electricity" | NULL */
    const char *country;         /* the grid id of a country-electricity row */
    int has_published_ladder;
    double published_wh[4];      /* accelerator, server, it, facility (Wh) */
    /* The scenario. */
    int has_scenario;
    const char *method;          /* NULL when none */
    int has_estimate;            /* an estimate or estimate_training */
    struct aw__catalog_request request;  /* the authors' request */
    struct aw__catalog_request estimate; /* aiwatt's own */
    double params[AW__METHOD_PARAM_COUNT]; /* 0: not given */
    /* scenario.training: the authors' run (gpus, hours or days x 24, power
     * per GPU with host, accelerator power, PUE, hardware, params, tokens). */
    int has_training;
    double training_gpus, training_hours, training_power_w_per_gpu;
    double training_accelerator_power_w, training_pue, training_params, training_tokens;
    const char *training_hardware;
    /* scenario.estimate_training: aiwatt's own estimate of the run. */
    int has_estimate_training;
    const char *estimate_training_model;
    const char *estimate_training_hardware;
    const char *estimate_training_datacenter;
    double estimate_training_tokens, estimate_training_gpus, estimate_training_mfu;
    /* scenario.impact: a water or carbon figure (-1: not given). */
    const char *impact;          /* the quantity compared; NULL: energy */
    double impact_wh, impact_per, impact_market_gco2_per_kwh, impact_wue_l_per_kwh;
    const char *impact_why;
};

aw_status aw__parse_reference(json_t *entry, void *record, struct aw__parse_ctx *ctx);

/* The reference `id` (or alias); NULL when absent. */
const struct aw__reference_record *aw__catalog_find_reference(const aw_catalog *cat,
                                                              const char *id);

/* Published water, carbon and resource units per base unit (mL, g, kg Sb
 * eq): "L" 1e-3, "kgCO2e" 1e-3, ...; 0 for any other unit (the unit table,
 * lib/catalog/units.c). */
double aw__impact_unit_per_base(const char *unit);

#endif