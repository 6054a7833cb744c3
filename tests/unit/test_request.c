/*
 * test_request.c - the request-field table: parsing and ranges
 * (aw_request_set, aw_request_check), the JSON request reader, and the JSON
 * API, whose answer must be byte for byte what the CLI prints.
 */
#include <stdlib.h>
#include <string.h>
#include "test_support.h"
#include "group_catalog.h"

/* aw_request_set refuses with `want`, and the message names `key`. */
static void refused(const char *key, const char *value, aw_status want, const char *msg_part)
{
    struct aw_request req = request_for(NULL, NULL);
    struct aw_request before = req;
    struct aw_diag diag;
    aw_status st = aw_request_set(&req, key, value, &diag);
    if (st != want || strstr(diag.msg, msg_part) == NULL || diag.hint[0] == '\0') {
        print_error("%s=%s: got %d '%s' (hint '%s'), want %d with '%s'\n", key,
                    value ? value : "(null)", st, diag.msg, diag.hint, want, msg_part);
        fail();
    }
    assert_memory_equal(&req, &before, sizeof req); /* unchanged on failure */
}

static void test_counts_and_numbers(void **state)
{
    (void)state;
    struct aw_request req = request_for(NULL, NULL);
    struct aw_diag diag;
    assert_int_equal(aw_request_set(&req, "input_tokens", "10k", &diag), AW_OK);
    assert_int_equal(req.input_tokens, 10000);
    /* the CLI spelling is the same field */
    assert_int_equal(aw_request_set(&req, "--input-tokens", "1.5k", &diag), AW_OK);
    assert_int_equal(req.input_tokens, 1500);
    assert_int_equal(aw_request_set(&req, "output-tokens", "0", &diag), AW_OK);
    assert_int_equal(req.output_tokens, 0);
    assert_int_equal(aw_request_set(&req, "params", "70B", &diag), AW_OK);
    assert_close(req.params_total, 7e10, 1e-15);
    assert_int_equal(aw_request_set(&req, "gpus", "8", &diag), AW_OK);
    assert_int_equal(req.gpus, 8);
    assert_int_equal(aw_request_set(&req, "utilisation", "0.2", &diag), AW_OK);
    assert_close(req.method_values.flop_utilisation, 0.2, 1e-15);
    assert_int_equal(aw_request_set(&req, "amortize_over", "1e12", &diag), AW_OK);
    assert_close(req.amortise_queries, 1e12, 1e-15);

    refused("input_tokens", "1.5", AW_E_RANGE, "input_tokens '1.5': expected a whole number");
    refused("--input-tokens", "-1", AW_E_RANGE, "--input-tokens '-1'");
    refused("input_tokens", "1e9", AW_E_RANGE, "0 to 100M");   /* above 100M */
    refused("input_tokens", "0x10", AW_E_PARSE, "'0x10'");     /* no hex */
    refused("input_tokens", " 5", AW_E_PARSE, "' 5'");
    refused("input_tokens", "nan", AW_E_PARSE, "'nan'");
    refused("gpus", "0", AW_E_RANGE, "1 to 1000000");
    refused("gpus", "1e7", AW_E_RANGE, "gpus '1e7'");         /* bounded before the int */
    refused("batch", "2.5", AW_E_RANGE, "batch '2.5'");
    refused("params", "440", AW_E_RANGE, "from 1M to 1000T"); /* a missing B */
    refused("params", "2e15", AW_E_RANGE, "params '2e15'");
    refused("utilisation", "0", AW_E_RANGE, "(0, 1]");
    refused("mfu", "1.01", AW_E_RANGE, "mfu '1.01'");
    refused("steps", "1001", AW_E_RANGE, "1 to 1000");
}

static void test_site_limits(void **state)
{
    (void)state;
    struct aw_request req = request_for(NULL, NULL);
    struct aw_diag diag;
    assert_int_equal(aw_request_set(&req, "pue", "1.2", &diag), AW_OK);
    assert_close(req.pue, 1.2, 1e-15);
    assert_int_equal(aw_request_set(&req, "pue", "5", &diag), AW_OK); /* the limit itself */
    refused("pue", "5.1", AW_E_RANGE, "a ratio from 1.0 to 5.0");
    refused("pue", "0.9", AW_E_RANGE, "pue '0.9'");
    assert_int_equal(aw_request_set(&req, "grid", "fr", &diag), AW_OK);
    assert_string_equal(req.grid_id, "fr");
    assert_true(req.grid_gco2_per_kwh < 0);
    assert_int_equal(aw_request_set(&req, "grid", "50", &diag), AW_OK);
    assert_null(req.grid_id);
    assert_close(req.grid_gco2_per_kwh, 50, 1e-15);
    assert_int_equal(aw_request_set(&req, "grid", "2000", &diag), AW_OK);
    refused("grid", "2001", AW_E_RANGE, "0-2000 gCO2e/kWh");
    refused("grid", "-1", AW_E_RANGE, "grid '-1'");
    assert_int_equal(aw_request_set(&req, "wue", "0", &diag), AW_OK);
    assert_close(req.wue_l_per_kwh, 0, 1e-15);
    refused("wue", "21", AW_E_RANGE, "0-20 L/kWh");
}

static void test_pairs_flags_choices(void **state)
{
    (void)state;
    struct aw_request req = request_for(NULL, NULL);
    struct aw_diag diag;
    assert_int_equal(aw_request_set(&req, "image_size", "1024x768", &diag), AW_OK);
    assert_int_equal(req.image_in_width, 1024);
    assert_int_equal(req.image_in_height, 768);
    refused("image_size", "4294968320x1024", AW_E_RANGE, "each 1 to 16384");
    refused("image_size", "1024", AW_E_RANGE, "image_size '1024'");
    refused("image_size", "-5x10", AW_E_RANGE, "image_size '-5x10'");
    assert_int_equal(aw_request_set(&req, "params_range", "44B:132B", &diag), AW_OK);
    assert_close(req.method_values.params_total_min, 44e9, 1e-15);
    assert_close(req.method_values.params_total_max, 132e9, 1e-15);
    refused("params_range", "440:440", AW_E_RANGE, "1M <= MIN <= MAX <= 1000T");
    refused("params_range", "132B:44B", AW_E_RANGE, "params_range '132B:44B'");
    refused("params_range", "1B:1e16", AW_E_RANGE, "params_range '1B:1e16'");
    assert_int_equal(aw_request_set(&req, "uncertainty", NULL, &diag), AW_OK);
#ifdef FUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION
    assert_int_equal(req.uncertainty_draws, 16); /* the fuzz build's, lib/internal.h */
#else
    assert_int_equal(req.uncertainty_draws, AW_UNCERTAINTY_DEFAULT_SAMPLES);
#endif
    assert_int_equal(aw_request_set(&req, "uncertainty", "500", &diag), AW_OK);
    assert_int_equal(req.uncertainty_draws, 500);
    refused("uncertainty", "0", AW_E_RANGE, "1 to 1000000");
    assert_int_equal(aw_request_set(&req, "seed", "4294967295", &diag), AW_OK);
    assert_int_equal(req.seed, 4294967295L);
    refused("seed", "4294967296", AW_E_RANGE, "0 to 4294967295");
    assert_int_equal(aw_request_set(&req, "sensitivity", "", &diag), AW_OK);
    assert_int_equal(req.sensitivity, 1);
    refused("sensitivity", "maybe", AW_E_INVALID, "true or false");
    assert_int_equal(aw_request_set(&req, "task", "reasoning", &diag), AW_OK);
    assert_int_equal(req.task, AW_TASK_REASONING);
    refused("task", "chatting", AW_E_INVALID, "chat, reasoning, image or video");
    refused("method", "guess", AW_E_INVALID, "roofline, flops, nameplate or ecologits");
    refused("model", "", AW_E_INVALID, "a catalog id");
    refused("input_token", "3", AW_E_INVALID, "unknown field 'input_token'");
    struct aw_request r2 = request_for(NULL, NULL);
    assert_int_equal(aw_request_set(&r2, "input_token", "3", &diag), AW_E_INVALID);
    assert_non_null(strstr(diag.hint, "input_tokens"));
}

static void test_check(void **state)
{
    (void)state;
    struct aw_request req = request_for(NULL, NULL);
    struct aw_diag diag;
    assert_int_equal(aw_request_check(&req, &diag), AW_OK);
    req.pue = 7;
    assert_int_equal(aw_request_check(&req, &diag), AW_E_RANGE);
    assert_non_null(strstr(diag.msg, "pue '7'"));
    aw_request_init(&req);
    req.input_tokens = 200000000;
    assert_int_equal(aw_request_check(&req, &diag), AW_E_RANGE);
    assert_non_null(strstr(diag.msg, "input_tokens '2e+08'"));
    aw_request_init(&req);
    req.model_id = "gpt-4o";
    req.params_total = 7e10;
    assert_int_equal(aw_request_check(&req, &diag), AW_E_INVALID);
    assert_non_null(strstr(diag.msg, "--model or --params"));
    aw_request_init(&req);
    req.seed = 3;
    assert_int_equal(aw_request_check(&req, &diag), AW_E_INVALID);
    assert_non_null(strstr(diag.msg, "--seed needs --uncertainty"));
    aw_request_init(&req);
    assert_int_equal(aw_request_check_command(&req, "mix", &diag), AW_E_INVALID);
    assert_non_null(strstr(diag.msg, "--profile is required"));
    assert_int_equal(aw_request_check_command(&req, "agent", &diag), AW_E_INVALID);
    assert_int_equal(aw_request_check_command(&req, "train", &diag), AW_E_INVALID);
}

/* One "unset" rule: every number AW_UNSET, every string NULL; any other
 * value is checked against the table's range, 0 included. */
static void test_unset_rule(void **state)
{
    (void)state;
    struct aw_request req;
    memset(&req, 0x5a, sizeof req);
    aw_request_init(&req);
    assert_int_equal(req.gpus, AW_UNSET);
    assert_int_equal(req.width, AW_UNSET);
    assert_int_equal(req.image_in_height, AW_UNSET);
    assert_int_equal(req.cached_tokens, AW_UNSET);
    assert_int_equal(req.uncertainty_draws, AW_UNSET);
    assert_true(req.pue == AW_UNSET && req.grid_gco2_per_kwh == AW_UNSET);
    assert_true(req.method_values.servers == AW_UNSET && req.tokens == AW_UNSET);
    assert_false(AW_IS_SET(req.power_cap_w));
    assert_null(req.model_id);
    assert_null(req.grid_id);
    assert_int_equal(req.precision, AW_PREC_DEFAULT);
    assert_int_equal(req.sensitivity, 0);
    struct aw_diag diag;
    assert_int_equal(aw_request_check(&req, &diag), AW_OK);
    /* 0 is not "default": a width of 0 is refused with the range... */
    req.width = 0;
    assert_int_equal(aw_request_check(&req, &diag), AW_E_RANGE);
    assert_non_null(strstr(diag.msg, "width '0'"));
    assert_non_null(strstr(diag.hint, "1 to 8192"));
    aw_request_init(&req);
    req.gpus = 0;
    assert_int_equal(aw_request_check(&req, &diag), AW_E_RANGE);
    aw_request_init(&req);
    req.pue = -2;
    assert_int_equal(aw_request_check(&req, &diag), AW_E_RANGE);
    /* ...except where 0 is a value: no cached tokens, no images, a 0 g grid. */
    aw_request_init(&req);
    req.cached_tokens = 0;
    req.images_in = 0;
    req.grid_gco2_per_kwh = 0;
    req.overhead = 0;
    assert_int_equal(aw_request_check(&req, &diag), AW_OK);
    /* A grid id unsets the intensity; "false" unsets the draws. */
    assert_int_equal(aw_request_set(&req, "grid", "us-avg", &diag), AW_OK);
    assert_true(req.grid_gco2_per_kwh == AW_UNSET);
    assert_int_equal(aw_request_set(&req, "uncertainty", "false", &diag), AW_OK);
    assert_int_equal(req.uncertainty_draws, AW_UNSET);
}

/* The CLI's stdout for `args`, malloc'd. */
static char *cli_text(const char *args)
{
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "'%s' %s", AW_CLI, args);
    FILE *p = popen(cmd, "r");
    if (p == NULL)
        return NULL;
    size_t cap = 1 << 20, n = 0;
    char *buf = malloc(cap);
    if (buf != NULL)
        n = fread(buf, 1, cap - 1, p);
    if (pclose(p) != 0 || buf == NULL) {
        free(buf);
        return NULL;
    }
    buf[n] = '\0';
    return buf;
}

/* aw_api_run(command, json) prints exactly what `aiwatt ARGS` prints. */
static void same_as_cli(const char *command, const char *json, const char *args)
{
    char *api = NULL;
    struct aw_diag diag;
    aw_status st = aw_api_run(cat, command, json, &api, &diag);
    if (st != AW_OK) {
        print_error("%s %s: %s (%s)\n", command, json, diag.msg, diag.hint);
        fail();
    }
    char *cli = cli_text(args);
    assert_non_null(cli);
    if (strcmp(api, cli) != 0) {
        print_error("%s %s differs from aiwatt %s\n", command, json, args);
        fail();
    }
    free(cli);
    aw_free(api);
}

static void test_api_equals_cli(void **state)
{
    (void)state;
    same_as_cli("estimate", "{\"model\": \"llama-3.1-8b\", \"hardware\": \"h100\", "
                "\"output_tokens\": 300}",
                "estimate --model llama-3.1-8b --hardware h100 --output-tokens 300 --format json");
    same_as_cli("estimate", "{\"input_tokens\": \"10k\", \"uncertainty\": 300, \"seed\": 5}",
                "estimate --input-tokens 10k --uncertainty 300 --seed 5 --format json");
    same_as_cli("estimate", "{\"method\": \"ecologits\", \"params_range\": [44e9, 132e9]}",
                "estimate --method ecologits --params-range 44B:132B --format json");
    same_as_cli("mix", "{\"profile\": \"chatgpt-2025\", \"pue\": 1.3}",
                "mix --profile chatgpt-2025 --pue 1.3 --format json");
    same_as_cli("agent", "{\"model\": \"gpt-4o\", \"steps\": 3, \"no_prompt_cache\": true}",
                "agent --model gpt-4o --steps 3 --no-prompt-cache --format json");
    same_as_cli("train", "{\"model\": \"gpt-3\", \"grid\": \"fr\", \"amortise_over\": 1e12}",
                "train --model gpt-3 --grid fr --amortise-over 1e12 --format json");
    same_as_cli("report", "{\"datacenter\": \"industry-average\"}",
                "report --datacenter industry-average --format json");
}

static void api_refused(const char *command, const char *json, aw_status want,
                        const char *msg_part, const char *hint_part)
{
    char *out = (char *)"unset";
    struct aw_diag diag;
    aw_status st = aw_api_run(cat, command, json, &out, &diag);
    if (st != want || strstr(diag.msg, msg_part) == NULL ||
        (hint_part != NULL && strstr(diag.hint, hint_part) == NULL)) {
        print_error("%s %s: got %d '%s' / '%s'\n", command, json, st, diag.msg, diag.hint);
        fail();
    }
    assert_null(out);
}

static void test_api_errors(void **state)
{
    (void)state;
    api_refused("estimate", "{\"output_token\": 3}", AW_E_PARSE, "\"output_token\": unknown key",
                "output_tokens");
    api_refused("estimate", "{\"output-tokens\": 3}", AW_E_PARSE, "unknown key", "snake_case");
    api_refused("estimate", "{\"tokens\": 3}", AW_E_PARSE, "\"tokens\": unknown key", NULL);
    api_refused("estimate", "{\"pue\": 7}", AW_E_RANGE, "pue '7'", "1.1 hyperscale");
    api_refused("estimate", "{\"model\": 3}", AW_E_PARSE, "must be a string", NULL);
    api_refused("estimate", "[1]", AW_E_PARSE, "must be a JSON object", NULL);
    api_refused("estimate", "{\"model\": ", AW_E_PARSE, "request: line", NULL);
    api_refused("estimate", "{\"model\": \"no-such-model\"}", AW_E_NOT_FOUND, "no-such-model",
                NULL);
    api_refused("mix", "{}", AW_E_INVALID, "--profile is required", "chatgpt-2025");
    api_refused("guess", "{}", AW_E_INVALID, "unknown command 'guess'", "estimate");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_counts_and_numbers),
        cmocka_unit_test(test_site_limits),
        cmocka_unit_test(test_pairs_flags_choices),
        cmocka_unit_test(test_check),
        cmocka_unit_test(test_unset_rule),
        cmocka_unit_test(test_api_equals_cli),
        cmocka_unit_test(test_api_errors),
    };
    return cmocka_run_group_tests(tests, default_catalog_setup, catalog_teardown);
}
