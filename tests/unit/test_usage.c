/*
 * test_usage.c - usage logs (lib/usage): each format, bad rows, empty
 * input, grouping, and totals equal to the sum of aw_estimate_request over
 * the same rows.
 */
#include <stdlib.h>
#include <string.h>
#include "test_support.h"
#include "group_catalog.h"

/* Feeds `text` line by line; returns the number of bad lines. */
static int feed(aw_usage *u, enum aw_usage_format fmt, const char *text)
{
    struct aw_diag diag;
    int bad = 0;
    aw_usage_begin_input(u, fmt);
    while (*text) {
        const char *nl = strchr(text, '\n');
        size_t len = nl ? (size_t)(nl - text) : strlen(text);
        if (aw_usage_add_line(u, text, len, &diag) != AW_OK) {
            assert_true(diag.msg[0] != '\0');
            bad++;
        }
        text += len + (nl != NULL);
    }
    return bad;
}

/* What `aiwatt estimate --model M --input-tokens I --output-tokens O`
 * gives, n times, added to *sum (facility Wh, co2 g, water mL, embodied g). */
static void add_estimate(const char *model, long in, long out, double n, double sum[4])
{
    struct aw_request req = request_for(model, NULL);
    struct aw_estimate e;
    struct aw_diag diag;
    req.input_tokens = in;
    req.output_tokens = out;
    assert_int_equal(aw_estimate_request(cat, &req, &e, &diag), AW_OK);
    sum[0] += n * e.wh.facility_wh;
    sum[1] += n * e.co2_g;
    sum[2] += n * e.water_ml;
    sum[3] += n * e.embodied.co2_g;
}

static void check_total(const json_t *j, const double sum[4])
{
    const json_t *t = json_object_get(j, "total");
    assert_close(json_wh(t, "facility"), sum[0], 1e-12);
    assert_close(json_real_value(json_object_get(t, "co2_g")), sum[1], 1e-12);
    assert_close(json_real_value(json_object_get(t, "water_ml")), sum[2], 1e-12);
    assert_close(json_real_value(json_object_get(json_object_get(t, "embodied"), "co2_g")),
                 sum[3], 1e-12);
}

/* The log's total facility energy (Wh), as its JSON view reports it. */
static double total_facility_wh(const aw_usage *u)
{
    json_t *j = aw_usage_to_json(u);
    double wh = json_wh(json_object_get(j, "total"), "facility");
    json_decref(j);
    return wh;
}

/* A usage log over the group's catalog, grouped by `by` (AW_USAGE_BY_*
 * bits; 0: one group). */
static aw_usage *new_usage(unsigned by)
{
    aw_usage *u = NULL;
    struct aw_diag diag;
    assert_int_equal(aw_usage_new(cat, NULL, by, &u, &diag), AW_OK);
    return u;
}

/* CSV: two good rows, grouped by model and day; totals are the sum of the
 * two estimates; the bad row (negative tokens) is counted, not dropped. */
static void test_csv_equals_estimates(void **state)
{
    (void)state;
    aw_usage *u = new_usage(AW_USAGE_BY_MODEL | AW_USAGE_BY_DAY);
    int bad = feed(u, AW_USAGE_AUTO,
                   "model,input_tokens,output_tokens,day,project\n"
                   "gpt-4o,400,300,2025-06-01,alpha\n"
                   "llama-3.1-8b,1000,200,2025-06-02T10:00:00Z,beta\n"
                   "gpt-4o,-5,300,2025-06-02,alpha\n");
    assert_int_equal(bad, 1);
    json_t *j = aw_usage_to_json(u);
    assert_int_equal(json_integer_value(json_object_get(j, "rows")), 2);
    assert_int_equal(json_integer_value(json_object_get(j, "bad_rows")), 1);
    double sum[4] = {0};
    add_estimate("gpt-4o", 400, 300, 1, sum);
    add_estimate("llama-3.1-8b", 1000, 200, 1, sum);
    check_total(j, sum);
    json_t *groups = json_object_get(j, "groups");
    assert_int_equal(json_array_size(groups), 2);
    json_t *key = json_object_get(json_array_get(groups, 1), "key");
    assert_string_equal(json_string_value(json_object_get(key, "model")), "llama-3.1-8b");
    assert_string_equal(json_string_value(json_object_get(key, "day")), "2025-06-02");
    json_decref(j);
    aw_usage_free(u);
}

/* OpenTelemetry GenAI spans (attributes as a map and as a key/value array,
 * the day from startTimeUnixNano), an OpenAI usage bucket of 10 requests
 * (its mean request, 10 times; start_time 1748736000 s = 2025-06-01) and a
 * LiteLLM spend log row. */
static void test_jsonl_formats(void **state)
{
    (void)state;
    aw_usage *u = new_usage(AW_USAGE_BY_DAY);
    int bad = feed(u, AW_USAGE_AUTO,
                   "{\"attributes\": {\"gen_ai.request.model\": \"gpt-4o\", "
                   "\"gen_ai.usage.input_tokens\": 400, \"gen_ai.usage.output_tokens\": 300}, "
                   "\"startTimeUnixNano\": \"1748736000000000000\"}\n"
                   "{\"attributes\": [{\"key\": \"gen_ai.response.model\", \"value\": "
                   "{\"stringValue\": \"llama-3.1-8b\"}}, {\"key\": "
                   "\"gen_ai.usage.input_tokens\", \"value\": {\"intValue\": \"1000\"}}, "
                   "{\"key\": \"gen_ai.usage.output_tokens\", \"value\": {\"intValue\": 200}}], "
                   "\"startTimeUnixNano\": \"1748736000000000000\"}\n"
                   "{\"model\": \"gpt-4o\", \"input_tokens\": 4000, \"output_tokens\": 3000, "
                   "\"num_model_requests\": 10, \"start_time\": 1748736000}\n"
                   "{\"model\": \"gpt-4o\", \"prompt_tokens\": 400, \"completion_tokens\": 300, "
                   "\"startTime\": \"2025-06-01T12:00:00Z\", \"user\": \"kim\"}\n");
    assert_int_equal(bad, 0);
    json_t *j = aw_usage_to_json(u);
    double sum[4] = {0};
    add_estimate("gpt-4o", 400, 300, 1, sum);
    add_estimate("llama-3.1-8b", 1000, 200, 1, sum);
    add_estimate("gpt-4o", 400, 300, 10, sum);
    add_estimate("gpt-4o", 400, 300, 1, sum);
    check_total(j, sum);
    assert_close(json_real_value(json_object_get(json_object_get(j, "total"), "requests")), 13,
                 1e-12);
    json_t *groups = json_object_get(j, "groups");
    assert_int_equal(json_array_size(groups), 1);
    assert_string_equal(json_string_value(json_object_get(
                            json_object_get(json_array_get(groups, 0), "key"), "day")),
                        "2025-06-01");
    json_decref(j);
    aw_usage_free(u);
}

/* Malformed rows, wrong types, huge numbers, invalid UTF-8: each counted
 * as bad with a reason; nothing is added to the totals. */
static void test_bad_rows(void **state)
{
    (void)state;
    aw_usage *u = new_usage(0);
    int bad = feed(u, AW_USAGE_JSONL,
                   "not json\n"
                   "{\"model\": \"gpt-4o\", \"input_tokens\": \"x\", \"output_tokens\": 3}\n"
                   "{\"model\": \"gpt-4o\", \"input_tokens\": [1], \"output_tokens\": 3}\n"
                   "{\"model\": \"gpt-4o\", \"input_tokens\": 1e20, \"output_tokens\": 3}\n"
                   "{\"model\": \"gpt-4o\", \"input_tokens\": 2.5, \"output_tokens\": 3}\n"
                   "{\"input_tokens\": 1, \"output_tokens\": 3}\n"
                   "{\"model\": \"gpt-4o\", \"input_tokens\": 1, \"output_tokens\": \"\xff\"}\n");
    assert_int_equal(bad, 7);
    json_t *j = aw_usage_to_json(u);
    assert_int_equal(json_integer_value(json_object_get(j, "rows")), 0);
    assert_int_equal(json_integer_value(json_object_get(j, "bad_rows")), 7);
    assert_true(json_real_value(json_object_get(json_object_get(j, "total"), "co2_g")) == 0);
    json_decref(j);
    aw_usage_free(u);

    /* CSV: an unclosed quote and a header without a model column. */
    u = new_usage(0);
    assert_int_equal(feed(u, AW_USAGE_CSV, "model,input_tokens,output_tokens\n\"gpt-4o,1,2\n"),
                     1);
    assert_int_equal(feed(u, AW_USAGE_CSV, "name,tokens\nx,1\n"), 2);
    aw_usage_free(u);
}

/* An empty input: no rows, zero totals. An unknown model: listed with its
 * requests and the nearest catalog id, not counted as bad. --map: a CSV
 * with its own column names. */
static void test_empty_unknown_and_map(void **state)
{
    (void)state;
    struct aw_diag diag;
    aw_usage *u = new_usage(AW_USAGE_BY_PROJECT);
    assert_int_equal(feed(u, AW_USAGE_AUTO, ""), 0);
    json_t *j = aw_usage_to_json(u);
    assert_int_equal(json_integer_value(json_object_get(j, "rows")), 0);
    assert_int_equal(json_array_size(json_object_get(j, "groups")), 0);
    json_decref(j);

    assert_int_equal(aw_usage_map(u, "model", "engine", &diag), AW_OK);
    assert_int_equal(aw_usage_map(u, "input_tokens", "tin", &diag), AW_OK);
    assert_int_equal(aw_usage_map(u, "output_tokens", "tout", &diag), AW_OK);
    assert_int_equal(aw_usage_map(u, "project", "team", &diag), AW_OK);
    assert_int_equal(aw_usage_map(u, "colour", "x", &diag), AW_E_INVALID);
    assert_int_equal(feed(u, AW_USAGE_CSV, "engine,tin,tout,team\ngpt-4o,400,300,red\n"
                                           "gpt-4p,1,1,red\n"),
                     0);
    j = aw_usage_to_json(u);
    double sum[4] = {0};
    add_estimate("gpt-4o", 400, 300, 1, sum);
    check_total(j, sum);
    json_t *unknown = json_object_get(j, "unknown_models");
    assert_int_equal(json_array_size(unknown), 1);
    assert_string_equal(json_string_value(json_object_get(json_array_get(unknown, 0), "model")),
                        "gpt-4p");
    assert_non_null(json_string_value(json_object_get(json_array_get(unknown, 0), "nearest")));
    json_decref(j);
    aw_usage_free(u);
}

/* Rows split over two aggregations and merged give the same JSON, digit for
 * digit, as one pass (fixed-point totals); the last row's figures are its
 * requests times the estimate. */
static void test_merge_and_last_row(void **state)
{
    (void)state;
    static const char *const lines[] = {
        "model,input_tokens,output_tokens,requests,day",
        "gpt-4o,4000,3000,10,2025-06-01",
        "llama-3.1-8b,1000,200,1,2025-06-02",
        "gpt-4o,-1,3,1,2025-06-02",
        "gpt-4p,1,1,5,2025-06-02",
        "mixtral-8x7b,333,777,3,2025-06-01",
        "gpt-4o,400,300,1,2025-06-02",
    };
    const size_t n = sizeof lines / sizeof lines[0];
    struct aw_diag diag;
    unsigned by = AW_USAGE_BY_MODEL | AW_USAGE_BY_DAY;
    aw_usage *one = new_usage(by), *a = new_usage(by), *b = new_usage(by);
    aw_usage_begin_input(one, AW_USAGE_CSV);
    aw_usage_begin_input(a, AW_USAGE_CSV);
    aw_usage_begin_input(b, AW_USAGE_CSV);
    (void)aw_usage_add_line(b, lines[0], strlen(lines[0]), &diag); /* b's chunk: the header */
    for (size_t i = 0; i < n; i++) {
        (void)aw_usage_add_line(one, lines[i], strlen(lines[i]), &diag);
        if (i < 3)
            (void)aw_usage_add_line(a, lines[i], strlen(lines[i]), &diag);
        else
            (void)aw_usage_add_line(b, lines[i], strlen(lines[i]), &diag);
    }
    /* The last line of b: gpt-4o, 400 + 300 tokens, once. */
    struct aw_usage_row row;
    aw_usage_last_row(b, &row);
    assert_int_equal(row.status, AW_USAGE_ROW_OK);
    assert_string_equal(row.model, "gpt-4o");
    assert_string_equal(row.day, "2025-06-02");
    double sum[4] = {0};
    add_estimate("gpt-4o", 400, 300, 1, sum);
    assert_close(row.wh.facility_wh, sum[0], 1e-15);
    assert_close(row.co2_g, sum[1], 1e-15);
    /* A bucket: its mean request times the requests. */
    assert_int_equal(aw_usage_add_line(b, "gpt-4o,4000,3000,10,2025-06-01", 30, &diag), AW_OK);
    aw_usage_last_row(b, &row);
    assert_close(row.requests, 10, 0);
    assert_close(row.wh.facility_wh, 10 * sum[0], 1e-15);
    assert_int_equal(aw_usage_add_line(b, "gpt-4p,1,1,5,", 13, &diag), AW_OK);
    aw_usage_last_row(b, &row);
    assert_int_equal(row.status, AW_USAGE_ROW_UNKNOWN);
    assert_int_not_equal(aw_usage_add_line(b, "gpt-4o,x,1,1,", 13, &diag), AW_OK);
    aw_usage_last_row(b, &row);
    assert_int_equal(row.status, AW_USAGE_ROW_BAD);
    /* Undo the three extra lines' effect by comparing before them: rebuild b. */
    aw_usage_free(b);
    b = new_usage(by);
    aw_usage_begin_input(b, AW_USAGE_CSV);
    for (size_t i = 0; i < n; i++)
        if (i == 0 || i >= 3)
            (void)aw_usage_add_line(b, lines[i], strlen(lines[i]), &diag);
    assert_int_equal(aw_usage_merge(a, b, &diag), AW_OK);
    json_t *j1 = aw_usage_to_json(one), *j2 = aw_usage_to_json(a);
    char *t1 = json_dumps(j1, JSON_SORT_KEYS | JSON_REAL_PRECISION(17));
    char *t2 = json_dumps(j2, JSON_SORT_KEYS | JSON_REAL_PRECISION(17));
    assert_string_equal(t1, t2);
    assert_int_equal(json_integer_value(json_object_get(j1, "rows")), 5);
    assert_int_equal(json_integer_value(json_object_get(j1, "bad_rows")), 1);
    free(t1);
    free(t2);
    json_decref(j1);
    json_decref(j2);
    aw_usage_free(one);
    aw_usage_free(a);
    aw_usage_free(b);
}

/* --map through the request-field table: a request field other than the
 * model and tokens (hardware), read per row, refused with the table's
 * message; a field that is neither a log's nor a request's is refused. */
static void test_map_request_fields(void **state)
{
    (void)state;
    struct aw_diag diag;
    aw_usage *u = new_usage(0);
    assert_int_equal(aw_usage_map(u, "hardware", "gpu", &diag), AW_OK);
    assert_int_equal(aw_usage_map(u, "--output-tokens", "tout", &diag), AW_OK);
    assert_int_equal(aw_usage_map(u, "no_such_field", "x", &diag), AW_E_INVALID);
    assert_int_equal(aw_usage_map(u, "profile", "x", &diag), AW_E_INVALID); /* mix only */
    aw_usage_begin_input(u, AW_USAGE_CSV);
    assert_int_equal(aw_usage_add_line(u, "model,input_tokens,tout,gpu", 27, &diag), AW_OK);
    assert_int_equal(aw_usage_add_line(u, "llama-3.1-70b,400,300,a100-80gb", 31, &diag), AW_OK);
    assert_int_not_equal(aw_usage_add_line(u, "llama-3.1-70b,400,300,tpu-v9", 28, &diag), AW_OK);
    assert_non_null(strstr(diag.msg, "tpu-v9"));
    assert_int_not_equal(aw_usage_add_line(u, "llama-3.1-70b,400000000,300,", 28, &diag), AW_OK);
    assert_non_null(strstr(diag.msg, "100M"));
    struct aw_request req = request_for("llama-3.1-70b", "a100-80gb");
    struct aw_estimate e;
    req.input_tokens = 400;
    req.output_tokens = 300;
    assert_int_equal(estimate_said(cat, &req, &e), AW_OK);
    assert_close(total_facility_wh(u), e.wh.facility_wh, 1e-12);
    aw_usage_free(u);
}

/* Row by row (within mixtral-8x7b's 32k context), each row's figures are those of aw_estimate_request for its
 * request (n = 1: the same doubles), over many distinct requests on five
 * models (dense, MoE, closed; one named by an alias), some repeated (the
 * estimate cache), some with cached tokens; the total is their sum. A
 * count beyond the request table's range is refused with its message. */
static void test_rows_equal_estimates(void **state)
{
    (void)state;
    static const char *const models[5] = {"gpt-4o", "llama-3.1-8b", "mixtral-8x7b",
                                          "llama-3.1-70b", "gpt-4o-mini"};
    struct aw_diag diag;
    aw_usage *u = new_usage(AW_USAGE_BY_MODEL);
    aw_usage_begin_input(u, AW_USAGE_CSV);
    const char *header = "model,input_tokens,output_tokens,cached_tokens";
    assert_int_equal(aw_usage_add_line(u, header, strlen(header), &diag), AW_OK);
    double sum[4] = {0};
    unsigned long seed = 12345;
    for (int i = 0; i < 600; i++) {
        seed = seed * 6364136223846793005UL + 1442695040888963407UL;
        const char *model = models[(seed >> 33) % 5];
        long in = 1 + (long)((seed >> 20) % 25000), out = 1 + (long)((seed >> 8) % 4000);
        long cached = (seed >> 45) % 4 == 0 ? in / 2 : 0;
        if (i % 10 == 9) { /* a repeat: a cache hit */
            in = 400;
            out = 300;
            cached = 0;
        }
        char line[128];
        int n = snprintf(line, sizeof line, "%s,%ld,%ld,%ld", model, in, out, cached);
        if (aw_usage_add_line(u, line, (size_t)n, &diag) != AW_OK)
            fail_msg("%s: %s", line, diag.msg);
        struct aw_usage_row row;
        aw_usage_last_row(u, &row);
        struct aw_request req;
        struct aw_estimate e;
        aw_request_init(&req);
        req.model_id = model;
        req.input_tokens = in;
        req.output_tokens = out;
        req.cached_tokens = cached;
        assert_int_equal(aw_estimate_request(cat, &req, &e, &diag), AW_OK);
        assert_int_equal(row.status, AW_USAGE_ROW_OK);
        assert_true(row.wh.facility_wh == e.wh.facility_wh);
        assert_true(row.wh.accelerator_wh == e.wh.accelerator_wh);
        assert_true(row.co2_g == e.co2_g);
        assert_true(row.water_onsite_ml == e.water_onsite_ml);
        assert_true(row.embodied_co2_g == e.embodied.co2_g);
        sum[0] += e.wh.facility_wh;
        sum[1] += e.co2_g;
        sum[2] += e.water_ml;
        sum[3] += e.embodied.co2_g;
    }
    assert_int_not_equal(aw_usage_add_line(u, "gpt-4o,150000000,10,0", 21, &diag), AW_OK);
    assert_non_null(strstr(diag.msg, "150000000"));
    assert_non_null(strstr(diag.msg, "100M"));
    json_t *j = aw_usage_to_json(u);
    assert_int_equal(json_integer_value(json_object_get(j, "rows")), 600);
    check_total(j, sum);
    json_decref(j);
    aw_usage_free(u);
}

/* Models as providers spell them in their logs resolve to catalog ids:
 * dated ids, LiteLLM's and Gemini's prefixes, Amazon Bedrock and Vertex AI
 * model ids; each newer model is an estimate with a range. */
static void test_provider_model_names(void **state)
{
    (void)state;
    static const struct {
        const char *logged, *id;
    } names[] = {
        {"claude-sonnet-4-5-20250929", "claude-sonnet-4.5"},
        {"anthropic/claude-sonnet-4-5", "claude-sonnet-4.5"},
        {"us.anthropic.claude-sonnet-4-5-20250929-v1:0", "claude-sonnet-4.5"},
        {"claude-sonnet-4-20250514", "claude-sonnet-4"},
        {"claude-opus-4-1@20250805", "claude-opus-4.1"},
        {"claude-opus-4-5-20251101", "claude-opus-4.5"},
        {"claude-haiku-4-5", "claude-haiku-4.5"},
        {"gpt-4.1-mini", "gpt-4.1-mini"},
        {"openai/gpt-4.1-nano-2025-04-14", "gpt-4.1-nano"},
        {"gpt-5-mini-2025-08-07", "gpt-5-mini"},
        {"gpt-5-nano", "gpt-5-nano"},
        {"gpt-4.1-2025-04-14", "gpt-4.1"},
        {"models/gemini-2.5-flash", "gemini-2.5-flash"},
        {"gemini-2.5-pro-preview-06-05", "gemini-2.5-pro"},
        {"vertex_ai/gemini-2.5-flash-lite", "gemini-2.5-flash-lite"},
        {"mistral-medium-2505", "mistral-medium-3"},
        {"mistral-large-2411", "mistral-large-2"},
    };
    struct aw_diag diag;
    aw_usage *u = new_usage(AW_USAGE_BY_MODEL);
    aw_usage_begin_input(u, AW_USAGE_CSV);
    assert_int_equal(aw_usage_add_line(u, "model,input_tokens,output_tokens", 32, &diag), AW_OK);
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char line[128];
        int n = snprintf(line, sizeof line, "%s,400,300", names[i].logged);
        if (aw_usage_add_line(u, line, (size_t)n, &diag) != AW_OK)
            fail_msg("%s: %s", names[i].logged, diag.msg);
        struct aw_usage_row row;
        aw_usage_last_row(u, &row);
        if (row.status != AW_USAGE_ROW_OK || strcmp(row.model, names[i].id) != 0)
            fail_msg("%s: read as '%s', not %s", names[i].logged, row.model, names[i].id);
        const struct aw_model *m = aw_catalog_find_model(cat, names[i].id);
        assert_non_null(m->source);
        if (!m->open) {
            assert_int_equal(m->confidence, AW_ESTIMATE);
            assert_true(m->params_total.low < m->params_total.value);
            assert_true(m->params_total.value < m->params_total.high);
        }
    }
    /* A prefix alone does not make a model known. */
    assert_int_equal(aw_usage_add_line(u, "us.anthropic.claude-9,400,300", 29, &diag), AW_OK);
    json_t *j = aw_usage_to_json(u);
    assert_int_equal(json_array_size(json_object_get(j, "unknown_models")), 1);
    json_decref(j);
    aw_usage_free(u);
}

/* Past the estimate cache's 32,768 requests: a log where almost every
 * request is new (the full cache is then probed on few rows), with repeats
 * of early requests mixed in; every row's figures are still its estimate's
 * and the total their sum. */
static void test_full_cache(void **state)
{
    (void)state;
    struct aw_diag diag;
    aw_usage *u = new_usage(0);
    assert_int_equal(feed(u, AW_USAGE_CSV, "model,input_tokens,output_tokens"), 0);
    double sum = 0;
    for (long i = 0; i < 42000; i++) {
        /* new requests; from row 38,000 every third row repeats an early one */
        long j = i >= 38000 && i % 3 == 0 ? i % 1000 : i;
        long in = 1 + j, out = 1 + j % 7;
        char line[64];
        int n = snprintf(line, sizeof line, "llama-3.1-8b,%ld,%ld", in, out);
        assert_int_equal(aw_usage_add_line(u, line, (size_t)n, &diag), AW_OK);
        struct aw_usage_row row;
        aw_usage_last_row(u, &row);
        struct aw_request req;
        struct aw_estimate e;
        aw_request_init(&req);
        req.model_id = "llama-3.1-8b";
        req.input_tokens = in;
        req.output_tokens = out;
        assert_int_equal(aw_estimate_request(cat, &req, &e, &diag), AW_OK);
        if (row.wh.facility_wh != e.wh.facility_wh)
            fail_msg("row %ld (%ld + %ld tokens): %.17g Wh, estimate %.17g", i, in, out,
                     row.wh.facility_wh, e.wh.facility_wh);
        sum += e.wh.facility_wh;
    }
    assert_close(total_facility_wh(u), sum, 1e-12);
    aw_usage_free(u);
}

/* The CLI: a file and --strict (a bad row is fatal: exit 1, no output). */
static void test_cli_usage(void **state)
{
    (void)state;
    char args[512];
    snprintf(args, sizeof args, "usage --format json %s/usage/small.csv %s/usage/empty.csv "
             "2>/dev/null", AW_TEST_FIXTURES, AW_TEST_FIXTURES);
    json_t *j = run_cli_json(args);
    assert_non_null(j);
    assert_int_equal(json_integer_value(json_object_get(j, "rows")), 2);
    assert_int_equal(json_integer_value(json_object_get(j, "bad_rows")), 1);
    json_decref(j);
    snprintf(args, sizeof args, "usage --strict --format json %s/usage/small.csv 2>/dev/null",
             AW_TEST_FIXTURES);
    assert_null(run_cli_json(args));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_csv_equals_estimates),
        cmocka_unit_test(test_jsonl_formats),
        cmocka_unit_test(test_bad_rows),
        cmocka_unit_test(test_empty_unknown_and_map),
        cmocka_unit_test(test_merge_and_last_row),
        cmocka_unit_test(test_map_request_fields),
        cmocka_unit_test(test_rows_equal_estimates),
        cmocka_unit_test(test_provider_model_names),
        cmocka_unit_test(test_full_cache),
        cmocka_unit_test(test_cli_usage),
    };
    return cmocka_run_group_tests(tests, default_catalog_setup, catalog_teardown);
}
