/*
 * test_usage.c - usage logs (lib/usage): each format, bad rows, empty
 * input, grouping, and totals equal to the sum of aw_estimate_request over
 * the same rows.
 */
#include <stdlib.h>
#include <string.h>
#include "test_support.h"

static aw_catalog *cat;

static int setup(void **state)
{
    (void)state;
    cat = default_catalog();
    return cat == NULL;
}

static int teardown(void **state)
{
    (void)state;
    aw_catalog_free(cat);
    return 0;
}

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
    struct aw_request req;
    struct aw_estimate e;
    struct aw_diag diag;
    aw_request_init(&req);
    req.model_id = model;
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
    assert_close(json_real_value(json_object_get(json_object_get(t, "wh"), "facility")), sum[0],
                 1e-12);
    assert_close(json_real_value(json_object_get(t, "co2_g")), sum[1], 1e-12);
    assert_close(json_real_value(json_object_get(t, "water_ml")), sum[2], 1e-12);
    assert_close(json_real_value(json_object_get(json_object_get(t, "embodied"), "co2_g")),
                 sum[3], 1e-12);
}

/* CSV: two good rows, grouped by model and day; totals are the sum of the
 * two estimates; the bad row (negative tokens) is counted, not dropped. */
static void test_csv_equals_estimates(void **state)
{
    (void)state;
    aw_usage *u = NULL;
    struct aw_diag diag;
    assert_int_equal(aw_usage_new(cat, NULL, AW_USAGE_BY_MODEL | AW_USAGE_BY_DAY, &u, &diag),
                     AW_OK);
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
    aw_usage *u = NULL;
    struct aw_diag diag;
    assert_int_equal(aw_usage_new(cat, NULL, AW_USAGE_BY_DAY, &u, &diag), AW_OK);
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
    aw_usage *u = NULL;
    struct aw_diag diag;
    assert_int_equal(aw_usage_new(cat, NULL, 0, &u, &diag), AW_OK);
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
    assert_int_equal(aw_usage_new(cat, NULL, 0, &u, &diag), AW_OK);
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
    aw_usage *u = NULL;
    struct aw_diag diag;
    assert_int_equal(aw_usage_new(cat, NULL, AW_USAGE_BY_PROJECT, &u, &diag), AW_OK);
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
        cmocka_unit_test(test_cli_usage),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
