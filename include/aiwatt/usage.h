/*
 * usage.h - an organisation's AI usage logs (one row per request or per
 * bucket of requests) to energy, carbon, water and manufacturing, in total
 * and per model, day, project and user. Rows are parsed one at a time, so
 * memory grows with the number of groups and distinct requests, never with
 * the number of rows. docs/cli/aiwatt-usage.md has the formats.
 */
#ifndef AIWATT_USAGE_H
#define AIWATT_USAGE_H

#include <stddef.h>
#include "aiwatt/estimate.h"

#ifdef __cplusplus
extern "C" {
#endif

enum aw_usage_format {
    AW_USAGE_AUTO = 0, /* JSON lines when the first byte is '{', else CSV */
    AW_USAGE_CSV,      /* a header line, then rows; columns mapped by name */
    AW_USAGE_JSONL     /* OpenTelemetry GenAI spans, OpenAI usage buckets,
                          LiteLLM spend logs: one JSON object per line */
};

/* Group-by keys (a bit mask). */
enum { AW_USAGE_BY_MODEL = 1, AW_USAGE_BY_DAY = 2, AW_USAGE_BY_PROJECT = 4, AW_USAGE_BY_USER = 8 };

typedef struct aw_usage aw_usage;

/* A new aggregation. `site` (may be NULL) applies to every row's request
 * (aw_request_apply_site); `group_by` is a mask of AW_USAGE_BY_*. */
AW_API AW_NODISCARD aw_status aw_usage_new(const aw_catalog *cat, const struct aw_request *site,
                                    unsigned group_by, aw_usage **out, struct aw_diag *diag);
AW_API void aw_usage_free(aw_usage *u);

/* Maps a field to a CSV column name or a JSON key, over the defaults. The
 * fields are the log's own (requests: the requests a row counts, day,
 * project, user) and those of a request in the request-field table
 * (aiwatt/request.h) that `aiwatt estimate` takes: model, input_tokens,
 * output_tokens, cached_tokens, and up to 8 others (hardware, datacenter,
 * grid, ...), each row's value set with aw_request_set's rules. An empty
 * value leaves the field's default. AW_E_INVALID for an unknown field. */
AW_API AW_NODISCARD aw_status aw_usage_map(aw_usage *u, const char *field, const char *column,
                                    struct aw_diag *diag);

/* Starts a new input (a file): the next CSV line is its header. */
AW_API void aw_usage_begin_input(aw_usage *u, enum aw_usage_format format);

/* Adds one line (without its newline). AW_OK when the row was counted or
 * the line was a header or blank; AW_E_PARSE / AW_E_RANGE for a bad row
 * (counted in bad_rows; diag says why). Unknown models are counted apart
 * and are not an error. */
AW_API aw_status aw_usage_add_line(aw_usage *u, const char *line, size_t len, struct aw_diag *diag);

/* What the last line was, for a streaming filter (one result row per
 * input row: `aiwatt usage --per-row`). */
enum aw_usage_row_status {
    AW_USAGE_ROW_NONE = 0, /* a blank line or a CSV header: no row */
    AW_USAGE_ROW_OK,       /* estimated and counted */
    AW_USAGE_ROW_EMPTY,    /* a bucket of 0 requests: counted, adds nothing */
    AW_USAGE_ROW_UNKNOWN,  /* a model not in the catalog: counted apart */
    AW_USAGE_ROW_BAD       /* refused (aw_usage_add_line's diag says why) */
};

struct aw_usage_row {
    enum aw_usage_row_status status;
    /* The catalog id (OK), else the model as written; the day
     * (YYYY-MM-DD), project and user; "" when absent. Valid until the next
     * aw_usage_add_line. */
    const char *model, *day, *project, *user;
    double requests, input_tokens, output_tokens, cached_tokens;
    /* The row's impacts, all its requests (0 unless OK). */
    struct aw_ladder wh;
    double co2_g, co2_market_g, water_ml, water_onsite_ml, water_offsite_ml;
    double embodied_co2_g;
    int embodied_set;
};

AW_API void aw_usage_last_row(const aw_usage *u, struct aw_usage_row *out);

/* Adds what `src` counted (rows, bad rows, totals, groups in their order,
 * unknown models) to `dst`: a file read in chunks by several threads, each
 * with its own aw_usage, merged in the chunks' order, gives the same result
 * as one pass (totals are kept in fixed point, so the order of additions
 * does not change a digit). Both must group alike. */
AW_API AW_NODISCARD aw_status aw_usage_merge(aw_usage *dst, const aw_usage *src,
                                             struct aw_diag *diag);


#ifdef __cplusplus
}
#endif
#endif
