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

/* Maps a field (model, input_tokens, output_tokens, cached_tokens,
 * requests, day, project, user) to a CSV column name or a JSON key, over
 * the defaults. AW_E_INVALID for an unknown field. */
AW_API AW_NODISCARD aw_status aw_usage_map(aw_usage *u, const char *field, const char *column,
                                    struct aw_diag *diag);

/* Starts a new input (a file): the next CSV line is its header. */
AW_API void aw_usage_begin_input(aw_usage *u, enum aw_usage_format format);

/* Adds one line (without its newline). AW_OK when the row was counted or
 * the line was a header or blank; AW_E_PARSE / AW_E_RANGE for a bad row
 * (counted in bad_rows; diag says why). Unknown models are counted apart
 * and are not an error. */
AW_API aw_status aw_usage_add_line(aw_usage *u, const char *line, size_t len, struct aw_diag *diag);


#ifdef __cplusplus
}
#endif
#endif
