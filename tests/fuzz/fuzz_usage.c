/*
 * fuzz_usage.c - the usage-log readers (lib/usage: CSV with a header, JSON
 * lines of OpenTelemetry spans, OpenAI buckets, LiteLLM logs) on the default
 * catalog, loaded once in LLVMFuzzerInitialize, then the JSON view of the
 * totals and groups (what `aiwatt usage --format json` prints).
 *
 * Input: the first byte sets the group-by mask (bits 0-3), the format (bits
 * 4-5: auto, CSV, JSON lines) and whether --map model=... is given (bit 6);
 * the rest is the log, split at newlines; a NUL byte starts a new input (a
 * second file, whose first CSV line is its header again).
 * The oracles: every line is a row, a bad row, a header or blank (rows +
 * bad rows <= lines); the JSON view exists (jansson refuses NaN and
 * infinity, so a non-finite total shows as NULL) and its totals are not
 * negative.
 */
#include <jansson.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "aiwatt.h"
#include "fuzz_support.h"
#include "aiwatt/json.h"

static void not_negative(json_t *obj, const char *key)
{
    json_t *v = json_object_get(obj, key);
    if (v != NULL && json_is_number(v) && !(json_number_value(v) >= 0)) {
        fprintf(stderr, "usage: total %s = %g\n", key, json_number_value(v));
        abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0 || size > 65536)
        return 0;
    static const enum aw_usage_format formats[] = {AW_USAGE_AUTO, AW_USAGE_CSV, AW_USAGE_JSONL,
                                                   AW_USAGE_AUTO};
    unsigned flags = data[0];
    aw_usage *u = NULL;
    struct aw_diag diag;
    if (aw_usage_new(fuzz_default_catalog, NULL, flags & 15u, &u, &diag) != AW_OK)
        abort();
    if ((flags & 64u) && aw_usage_map(u, "model", "m", &diag) != AW_OK)
        abort();
    enum aw_usage_format format = formats[(flags >> 4) & 3u];
    aw_usage_begin_input(u, format);

    const char *p = (const char *)data + 1, *end = (const char *)data + size;
    long lines = 0;
    while (p < end) {
        const char *q = p;
        while (q < end && *q != '\n' && *q != '\0')
            q++;
        (void)aw_usage_add_line(u, p, (size_t)(q - p), &diag);
        lines++;
        if (q < end && *q == '\0')
            aw_usage_begin_input(u, format);
        p = q + 1;
    }

    json_t *j = aw_usage_to_json(u);
    if (j == NULL) {
        fprintf(stderr, "usage: no JSON view (a total is not finite?)\n");
        abort();
    }
    json_int_t rows = json_integer_value(json_object_get(j, "rows"));
    json_int_t bad = json_integer_value(json_object_get(j, "bad_rows"));
    if (rows < 0 || bad < 0 || rows + bad > lines) {
        fprintf(stderr, "usage: %lld rows + %lld bad of %ld lines\n", (long long)rows,
                (long long)bad, lines);
        abort();
    }
    json_t *total = json_object_get(j, "total");
    not_negative(total, "requests");
    not_negative(total, "input_tokens");
    not_negative(total, "output_tokens");
    not_negative(total, "co2_g");
    not_negative(total, "water_ml");
    json_t *wh = json_object_get(total, "wh");
    const char *key;
    json_t *v;
    json_object_foreach(wh, key, v) not_negative(wh, key);
    char *text = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6));
    free(text);
    json_decref(j);
    aw_usage_free(u);
    return 0;
}
